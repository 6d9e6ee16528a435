#include "fleetopt/fleet/coupled_root_lp.hpp"

#include <algorithm>

#include "fleetopt/core/timer.hpp"

namespace fleetopt::fleet {

core::Model uncoupled_relaxation(const FleetModel& fleet, const core::Model& model) {
  core::Model uncoupled = model;
  for (const std::vector<int>* fleet_columns : {&fleet.x_col, &fleet.y_col})
    for (int j : *fleet_columns)
      if (j >= 0) uncoupled.col_upper[j] = core::kInfinity;
  return uncoupled;
}

CoupledRootLp solve_coupled_root_lp(const FleetModel& fleet, const core::Model& model, const lp::LpOptions& options,
                                    bool uncoupled_start) {
  const core::Timer clock;
  CoupledRootLp out;
  lp::LpSolver solver(model, options);
  if (uncoupled_start) {
    lp::LpSolver relaxed(uncoupled_relaxation(fleet, model), options);
    if (relaxed.solve() == lp::LpStatus::optimal) {
      out.uncoupled_objective = relaxed.result().objective;
      solver.set_basis(relaxed.basis(), relaxed.edge_weights());
    }
    out.uncoupled_iterations = relaxed.result().iterations;
    solver.set_time_limit(std::max(0.0, options.time_limit_seconds - clock.seconds()));
  }
  solver.solve();
  out.result = solver.result();
  out.result.iterations += out.uncoupled_iterations;
  out.result.seconds = clock.seconds();
  if (out.result.status == lp::LpStatus::optimal) out.basis = solver.basis();
  return out;
}

}  // namespace fleetopt::fleet
