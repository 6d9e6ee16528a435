// Simple rounding (SCIP heur_simplerounding; Achterberg 2007, sec. 9.1.1): a fractional integer
// column that no row "locks" in one direction (decreasing it can violate no row: every row it
// appears in with a positive coefficient has no lower side, and so on) is rounded that way; if
// every fractional column can be rounded so, the rounded LP point is feasible. Costs O(fractional
// columns) per node, so it runs at every node.
#pragma once

#include <vector>

#include "fleetopt/mip/primal_heuristic.hpp"

namespace fleetopt::mip {

class SimpleRounding : public PrimalHeuristic {
 public:
  std::string name() const override { return "simple rounding"; }
  char log_letter() const override { return 'R'; }
  bool should_run(const NodeContext& ctx) const override { return true; }
  void run(NodeContext& ctx, const SolutionSink& submit) override;

 private:
  // Per column: rows that may become violated when it decreases (down) or increases (up).
  std::vector<int> down_locks_, up_locks_;
};

}  // namespace fleetopt::mip
