// Primal heuristics as plug-ins (SCIP's heur_* split): at chosen nodes a heuristic looks at the
// node's LP answer, may probe the LP (LpProbe), and submits candidate solutions. The
// branch-and-bound checks every candidate against the model (check_solution) before it becomes
// the incumbent, so a heuristic can never make the search claim something false.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "fleetopt/mip/node_context.hpp"

namespace fleetopt::mip {

// Receives candidate solutions (values for every column). Returns true if the candidate was
// feasible and better than the incumbent (it then is the incumbent).
using SolutionSink = std::function<bool(const std::vector<double>& x)>;

class PrimalHeuristic {
 public:
  virtual ~PrimalHeuristic() = default;
  virtual std::string name() const = 0;
  // One letter for the progress log's source column.
  virtual char log_letter() const = 0;
  // Whether to run at this node (after its LP was solved and found fractional).
  virtual bool should_run(const NodeContext& ctx) const = 0;
  virtual void run(NodeContext& ctx, const SolutionSink& submit) = 0;
};

using HeuristicFactory = std::function<std::unique_ptr<PrimalHeuristic>()>;

// The generic defaults: simple rounding, fix-and-resolve rounding, fractional diving.
std::vector<HeuristicFactory> default_heuristics();

}  // namespace fleetopt::mip
