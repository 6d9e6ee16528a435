// Fractional diving (SCIP heur_fracdiving; Achterberg 2007, sec. 9.1.3; Berthold, "Primal
// Heuristics for Mixed Integer Programs", diploma thesis, TU Berlin 2006): from the node's LP,
// repeatedly bound the fractional column closest to an integer toward that integer and re-solve
// the LP warm, until the LP solution is integral (a candidate), infeasible (one backtrack: the
// other direction) or passes the cutoff. Its LP iterations are budgeted to a share of the node
// LPs' (SCIP maxlpiterquot 0.05, maxlpiterofs 1000).
#pragma once

#include "fleetopt/mip/primal_heuristic.hpp"

namespace fleetopt::mip {

class FractionalDiving : public PrimalHeuristic {
 public:
  // SCIP's fracdiving defaults: every 10th node, 5% of the node LP iterations plus 1000.
  explicit FractionalDiving(HeuristicSchedule schedule = {10, 0.05, 1000}) : schedule_(schedule) {}
  std::string name() const override { return "fractional diving"; }
  char log_letter() const override { return 'D'; }
  bool should_run(const NodeContext& ctx) const override;
  void run(NodeContext& ctx, const SolutionSink& submit) override;

 private:
  HeuristicSchedule schedule_;
  long long iterations_used_ = 0;
};

}  // namespace fleetopt::mip
