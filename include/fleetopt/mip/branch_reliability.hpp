// Reliability branching (Achterberg, Koch, Martin, "Branching rules revisited", Oper. Res.
// Letters 33(1), 2005; Achterberg's thesis, TU Berlin 2007, sec. 5.3-5.4): score every fractional
// candidate by the product of its expected down and up worsening (product_score); a candidate
// whose pseudocosts rest on fewer than `reliability` observations in either direction is strong
// branched instead -- both children's LPs solved warm with a small iteration limit -- and those
// results initialise its pseudocosts (a child stopped at the iteration limit by the proven bound
// it reached: a lower estimate of its gain). Strong branching also proves bound changes: a child
// that is infeasible or cut off removes that direction (returned as `tightened`), both removes
// the node.
//
// Where the branch-and-bound makes other children than x_j <= floor(v) and x_j >= ceil(v)
// (NodeContext::branch_children: orbital branching on the count, member_symmetry.hpp), strong
// branching probes those children, one candidate per orbit, and pseudocosts count each child's
// distance as the LP values its fixings move. A cut-off child of such a pair is not a tightening
// (the other child holds the node's best points only up to exchanges of members): the candidate
// is branched on and the cut-off child is pruned by its bound.
//
// With reliability = 0 this is pure pseudocost branching; with an unbounded reliability and no
// lookahead or budget it is full strong branching.
#pragma once

#include <limits>

#include "fleetopt/mip/branching_rule.hpp"

namespace fleetopt::mip {

struct ReliabilityParameters {
  // Observations per direction before pseudocosts are trusted. SCIP adapts between 1 and 5 as
  // its strong-branching budget drains; HiGHS uses 8. 4 sits between, fixed for determinism.
  int reliability = 4;
  // At most this many candidates (best pseudocost scores first) are looked at (SCIP initcand).
  int max_candidates = 100;
  // Stop strong branching after this many candidates in a row did not improve the best score
  // (SCIP's lookahead is 9 scaled by the share of uninitialised candidates; 8 is its base).
  int lookahead = 8;
  // Iteration limit of each strong-branching LP: twice the average node LP, within these bounds
  // (SCIP's clamp of its automatic limit).
  int min_iterations = 10;
  int max_iterations = 500;
  // Strong branching stops for good once its iterations pass this fraction of the node LP
  // iterations plus the offset (SCIP's sbiterquot 0.5 and sbiterofs 100000).
  double budget_fraction = 0.5;
  long long budget_offset = 100000;
  // Bound changes proven by strong branching before the node is re-solved (SCIP maxbdchgs).
  int max_bound_changes = 5;
  bool unlimited = false;  // full strong branching: every candidate, full LPs, no budget
};

class ReliabilityBranching : public BranchingRule {
 public:
  explicit ReliabilityBranching(ReliabilityParameters parameters = {}, std::string name = "reliability");
  std::string name() const override { return name_; }
  BranchDecision select(NodeContext& ctx) override;

 private:
  ReliabilityParameters p_;
  std::string name_;
  long long strong_branching_iterations_ = 0;
};

// Branches on the candidate whose fractional part is closest to 1/2 (a baseline; Achterberg et
// al. report it no better than random).
class MostFractionalBranching : public BranchingRule {
 public:
  std::string name() const override { return "most-fractional"; }
  BranchDecision select(NodeContext& ctx) override;
};

}  // namespace fleetopt::mip
