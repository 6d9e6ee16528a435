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
  // True for a heuristic that searches on its own (sub-MIPs) from the context's values alone:
  // it neither probes the node's LP (ctx.node_lp) nor reads the pseudocosts, and keeps no state
  // that another plug-in touches. When it is due (should_run, asked at the node as for any
  // heuristic) it runs after the others on a copy of the node's context, and its solutions count
  // only once the search has gone on for a while (MipOptions::beside_heuristics_nodes and
  // beside_heuristics_lp_iterations); with MipOptions::threads >= 2 it runs on a second thread
  // meanwhile. Until they count it is not asked again. The order of events is the same with one
  // thread or two, so the result is too.
  virtual bool runs_beside_search() const { return false; }
};

using HeuristicFactory = std::function<std::unique_ptr<PrimalHeuristic>()>;

// When a heuristic that probes the LP runs (SCIP's freq, maxlpiterquot and maxlpiterofs): at the
// root, and at every `frequency`-th node while its LP iterations stay within `budget_fraction`
// of the root and node LPs' plus `budget_offset`, so that it never costs more than a share of
// the search it serves.
struct HeuristicSchedule {
  int frequency = 10;
  double budget_fraction = 0.05;
  long long budget_offset = 1000;

  long long budget(const NodeContext& ctx) const {
    return static_cast<long long>(budget_fraction * static_cast<double>(ctx.node_lp_iterations)) + budget_offset;
  }
  bool due(const NodeContext& ctx, long long iterations_used) const {
    if (ctx.depth == 0) return true;
    return frequency > 0 && ctx.node_number % frequency == 0 && iterations_used < budget(ctx);
  }
};

// The generic defaults: simple rounding, fix-and-resolve rounding, fractional diving, the
// feasibility pump (heur_feasibility_pump.hpp), RINS (heur_rins.hpp) and one-opt on every new
// incumbent (heur_one_opt.hpp).
std::vector<HeuristicFactory> default_heuristics();
// The same without the pump and RINS, the two that start sub-MIPs: for the sub-MIPs themselves
// (sub_mip.hpp), which must not recurse.
std::vector<HeuristicFactory> heuristics_without_sub_mips();

}  // namespace fleetopt::mip
