// RINS, relaxation induced neighbourhood search (Danna, Rothberg, Le Pape, "Exploring relaxation
// induced neighborhoods to improve MIP solutions", Math. Prog. 102(1), 2005), one of the default
// heuristics (the fleet's coupled searches use it too, docs/fleet-plugins.md section 5). Every
// integer column on which the incumbent and the node's LP solution agree (within `agreement`) is
// fixed at the incumbent's value, and the rest is solved as a sub-MIP: a copy of the model with
// those bounds, solve_mip with a node and a time limit, no root cuts, pseudocost branching and
// heuristics_without_sub_mips() (so no recursion into RINS), the incumbent as its first solution
// (sub_mip.hpp). Its best solution is submitted
// when it beats the incumbent. The sub-MIP's answer is a solution of the original model (the copy
// only has tighter bounds), and the branch-and-bound checks it anyway.
//
// Runs at the root when an incumbent exists and then every `schedule.frequency`-th node while its
// sub-MIPs' LP iterations stay within the schedule's share of the search; it is skipped when
// fewer than `min_fixing_rate` of the integer columns could be fixed (the sub-MIP would be nearly
// the whole problem: SCIP's heur_rins minfixingrate 0.3) and when the incumbent and the node LP's
// agreement set are those of the last call (it would search the same neighbourhood again).
//
// Determinism: the node limit and an LP-iteration limit (per column of the model) decide the
// sub-MIP's work; the time limit is a safety net that should not bind (a sub-MIP that hits it can
// make two runs differ).
#pragma once

#include <vector>

#include "fleetopt/mip/primal_heuristic.hpp"

namespace fleetopt::mip {

struct RinsParameters {
  // Incumbent and LP "agree" on a binary within this (Danna et al. fix exact agreement; 0.1
  // also fixes binaries the LP leaves within a tenth of the incumbent's value).
  double agreement = 0.1;
  double min_fixing_rate = 0.3;
  long long node_limit = 200;        // nodes of one sub-MIP (Danna et al. use 1000 for CPLEX)
  // The sub-MIP's deterministic work limit, in simplex iterations per column (sub_mip.hpp). 15
  // does not bind on coupled 10x24x4 fleets (at most 14 per column there, 200 nodes); on coupled
  // 10x96x4 the first sub-MIP (root LP 0.8 s) stopped on the time limit after 57 nodes and about
  // 3 iterations per column, so that its result depended on the machine.
  double sub_mip_lp_iterations_per_column = 15.0;
  double time_limit_seconds = 10.0;  // safety net per sub-MIP: the limits above are meant to decide
  // The sub-MIP's branching: reliability branching with this many strong-branching looks per
  // direction, 0 being pure pseudocost branching (as the window search's sub-MIPs). Strong
  // branching is what a 200-node search can least afford: on coupled 10x24x4 fleets (caps 0.5
  // and 0.3 of the prequalified power) the generic 4 spent 1.3-1.7 s of the 2 s safety net in
  // strong branching and stopped on that limit after 3-8 nodes, so the result depended on the
  // machine's speed; with 0 two of those neighbourhoods were solved to optimality in 0.14 and
  // 0.22 s and the third reached the node limit in 1.5 s.
  int sub_mip_reliability = 0;
  // Root cut rounds of the sub-MIP (mip::MipOptions::max_cut_rounds). None: on the coupled
  // 10x96x4 fleet the generic 10 rounds of Gomory cuts took the whole 2 s safety net before a
  // single node; without them the sub-MIP solves 51 nodes in it, and on 10x24x4 (caps 0.5) it
  // reaches its 200 nodes in 1.2 s instead of 1.5 s.
  int sub_mip_cut_rounds = 0;
  // Root, then every 50th node within 10% of the search's LP iterations plus 5000 (a sub-MIP
  // solves its own root LP from scratch).
  HeuristicSchedule schedule{50, 0.10, 5000};
};

class Rins : public PrimalHeuristic {
 public:
  explicit Rins(RinsParameters parameters = {}) : p_(parameters) {}
  std::string name() const override { return "rins"; }
  char log_letter() const override { return 'S'; }
  bool should_run(const NodeContext& ctx) const override;
  bool runs_beside_search() const override { return true; }  // sub-MIPs from the context alone
  void run(NodeContext& ctx, const SolutionSink& submit) override;

  int sub_mips() const { return sub_mips_; }

 private:
  RinsParameters p_;
  long long iterations_used_ = 0;
  int sub_mips_ = 0;
  std::vector<double> last_fixing_;  // the fixed values of the last call (NaN: free)
};

}  // namespace fleetopt::mip
