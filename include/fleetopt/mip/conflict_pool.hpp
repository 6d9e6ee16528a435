// Dual-proof conflicts: what a pruned node's LP proves about other nodes' boxes.
//
// A node LP with row multipliers y proves, by weak duality, a lower bound (minimisation terms) on
// c^T x over every box [l, u] of the columns (lp::lagrangian_terms):
//     L_y(l, u) = R + sum_j min(d_j l_j, d_j u_j),     d = c - A^T y,
// valid for ANY y, for any box, and for the LP with the root cuts (they hold for every integer
// point). When the node is pruned, L_y at its own box reaches the cutoff. Kept with the
// continuous columns at their global bounds and the integer columns as a function of the box,
// L_y is a constraint every improving solution satisfies: the "dual proof" of Witzig, Berthold
// and Heinz ("Computational aspects of infeasibility analysis in mixed integer programming",
// Math. Prog. Comp. 13, 2021), with the objective cutoff as its right-hand side. At another node
// it can
//   - prune the node before its LP, if L_y of the node's box reaches the cutoff, and
//   - tighten an integer column: with d_j > 0, x_j >= l_j + k adds d_j k to L_y, so x_j above
//     l_j + floor((cutoff - L_y) / d_j) is excluded (d_j < 0 symmetric): reduced-cost fixing with
//     another node's duals.
// Why: in a tree that branches on the same binaries in different orders, the combination of
// branchings that made one node hopeless recurs elsewhere; HiGHS and SCIP keep such pools.
//
// Infeasible nodes teach the same way (SCIP's and HiGHS's conflict analysis started there): a
// node LP proven infeasible by a Farkas ray y gives, with the objective taken as 0, the bound
// F_y(l, u) = R + sum_j min(d_j l_j, d_j u_j), d = -A^T y, of 0 over every box; a box where
// F_y > 0 holds no point of the rows (lp::farkas_terms). Kept like a dual proof, with 0 in
// place of the cutoff, it prunes boxes where F_y > 0 and cuts off the values of an integer
// column that would make it so, with or without an incumbent. Why: trees that mostly end in
// infeasible nodes (bin packing proving that one bin fewer cannot hold the items, feasibility
// problems such as MIPLIB's enigma) learned nothing, since only nodes pruned by their bound did.
//
// Evaluated incrementally: each conflict stores L_y at the global box at learning time (L0) and
// per integer column with d_j != 0 the gain min(d_j l_j, d_j u_j) - min(d_j gl_j, d_j gu_j) of a
// smaller box. Global bounds only tighten, so every later node's box lies inside gl..gu.
#pragma once

#include <cstddef>
#include <deque>
#include <utility>
#include <vector>

#include "fleetopt/core/model.hpp"
#include "fleetopt/lp/certificates.hpp"
#include "fleetopt/mip/branching_rule.hpp"

namespace fleetopt::mip {

struct ConflictParameters {
  // Oldest conflicts are dropped beyond these. The entries (one per integer column with a
  // nonzero reduced cost) bound the memory, 48 bytes each with its copy in the column index. 4,000
  // conflicts instead of 1,000 changed nothing on the coupled 10x24x4 fleets (seeds 0 and 2).
  int max_conflicts = 1000;
  long long max_entries = 500000;
  // Of those, at most this many from infeasible nodes, the oldest of them replaced. Their proofs
  // hold most integer columns (78-94 of enigma's 100, 50-80 of a 90-column bin packing), and the
  // work per node is the changed columns times the conflicts holding them. Measured on the bin
  // packing binpack_k9_s892_mixed of bench/milp_differential.py (2.3 s and 42,135 nodes without
  // them): 1,000 took 12.6 s (28,618 nodes), 100 3.8 s (32,670), 30 2.7 s (36,289). With 30,
  // general_n400_s4704_mixed takes 10,714 nodes and the same tree as with 100 (11,666 without).
  int max_infeasibility_conflicts = 30;
  // Rounds of propagation per node: a tightening raises the other conflicts' bounds.
  int max_rounds = 3;
};

class ConflictPool {
 public:
  explicit ConflictPool(ConflictParameters parameters = {}) : parameters_(parameters) {}

  // Learns the bound function of the multipliers y (model sense, one per row of `model`) over
  // the box given by global_lower/global_upper; `is_integer` marks the columns kept as a
  // function of the box (those with a finite box). Bounds are internal values: minimisation
  // terms (the objective negated when maximising), its constant included. Returns false,
  // learning nothing, when the bound is -infinity on every box (a column with d_j != 0 and an
  // infinite bound on that side) or y does not fit the model.
  bool learn(const core::Model& model, const std::vector<double>& y, const std::vector<double>& global_lower,
             const std::vector<double>& global_upper, const std::vector<char>& is_integer);

  // Learns the Farkas bound of `ray` (an infeasible node LP's lp::LpResult::farkas_row_multipliers,
  // either sign) over the box, as `learn` does, if it proves the node's box [node_lower,
  // node_upper] empty; false, learning nothing, otherwise.
  bool learn_infeasibility(const core::Model& model, const std::vector<double>& ray,
                           const std::vector<double>& node_lower, const std::vector<double>& node_upper,
                           const std::vector<double>& global_lower, const std::vector<double>& global_upper,
                           const std::vector<char>& is_integer);

  struct Outcome {
    bool prune = false;            // some conflict's bound on the box reaches prune_at
    bool prune_infeasible = false;  // ... and that conflict came from an infeasible node
    double bound = -core::kInfinity;  // the largest conflict bound found on the box (internal)
    std::vector<BoundChange> tightenings;  // on integer columns, applied to lower/upper already
  };
  // Bounds the box [lower, upper] (changed in place by the tightenings) by every conflict: a
  // bound >= prune_at prunes it; values whose bound would exceed fix_at are cut off. For the
  // conflicts of infeasible nodes 0 stands for both (a bound above 0 prunes, values that would
  // take it above 0 are cut off), whatever prune_at and fix_at are. Only the
  // columns in `changed` count as differing from the global box (a column left out only weakens
  // the bounds): the caller passes the node's own bound changes, so the work is about
  // |changed| times the conflicts per column, not the pool's size.
  Outcome propagate(std::vector<double>& lower, std::vector<double>& upper, const std::vector<int>& changed,
                    double prune_at, double fix_at);

  std::size_t size() const { return conflicts_.size(); }
  long long learned() const { return learned_; }
  long long learned_from_infeasibility() const { return learned_infeasible_; }

 private:
  struct Entry {
    int column;
    double d;
    double base;   // min(d gl, d gu) at learning time
    double reach;  // |d| (gu - gl + 1), gl and gu the global bounds at learning time
  };
  // An entry whose reach is at most `allowed` (the bound's distance to fix_at) cannot tighten a
  // box [l, u] inside the global one: allowed / |d| >= gu - gl + 1, so floor(allowed / |d|) >
  // gu - gl >= u - l (integral bounds or not); core::tol::kConflictReachMargin keeps the skip on
  // the safe side of rounding.
  struct Conflict {
    double global_bound;  // L0, internal, rounding margin taken off
    bool infeasibility = false;  // a Farkas bound of an infeasible node: 0 is its cutoff
    double max_abs_d = 0.0;
    std::vector<Entry> entries;
    std::vector<int> by_reach;  // entries' indices by reach, largest first
    unsigned generation = 0;  // raised when the slot gets a new conflict
  };
  struct ColumnEntry {
    int conflict;
    unsigned generation;  // an entry of an older conflict in that slot is skipped
    double d;
    double base;
  };
  // The conflict of the terms over the global box (false: -infinity on every box, or no entry).
  static bool build(const lp::LagrangianTerms& t, double constant, const std::vector<double>& global_lower,
                    const std::vector<double>& global_upper, const std::vector<char>& is_integer, Conflict& c);
  int insert(Conflict&& c);  // returns the slot, or -1 if there is none
  void place(std::size_t slot, Conflict&& c);  // replaces the slot's conflict
  void index_conflict(int slot);
  void retire(std::size_t slot);  // counts the slot's entries as stale, empties it

  ConflictParameters parameters_;
  std::vector<Conflict> conflicts_;  // a ring once full: next_ is the oldest
  std::size_t next_ = 0;
  long long entries_ = 0;
  long long learned_ = 0;
  long long learned_infeasible_ = 0;
  std::deque<std::pair<int, unsigned>> infeasibility_slots_;  // slot and generation, oldest first
  // Per column, the conflicts holding it. A replaced conflict's entries stay until they are as
  // many as the live ones, then the lists are rebuilt: the rebuild costs all entries, so it is
  // done once per pool's worth of replacements, not at each.
  std::vector<std::vector<ColumnEntry>> by_column_;
  long long stale_entries_ = 0;
  // Scratch of propagate.
  std::vector<double> bound_;
  std::vector<char> seen_;
  std::vector<int> candidates_;
};

}  // namespace fleetopt::mip
