#include "solve_with_reference.hpp"

#include <stdexcept>

#include "fleetopt/fleet/checker.hpp"

namespace fleetopt::app {

namespace {
fleet::SolveStatus to_fleet_status(reference::ReferenceStatus s) {
  switch (s) {
    case reference::ReferenceStatus::optimal: return fleet::SolveStatus::optimal;
    case reference::ReferenceStatus::feasible: return fleet::SolveStatus::feasible;
    case reference::ReferenceStatus::infeasible: return fleet::SolveStatus::infeasible;
    case reference::ReferenceStatus::no_solution: return fleet::SolveStatus::no_solution;
    // Every fleet model is bounded (all p, x, soc have finite bounds): unbounded means a bug.
    case reference::ReferenceStatus::unbounded:
    case reference::ReferenceStatus::error: break;
  }
  return fleet::SolveStatus::error;
}
}  // namespace

ReferenceSolveOutcome solve_with_reference(const fleet::Instance& instance,
                                           reference::ReferenceSolver solver,
                                           fleet::Formulation formulation,
                                           const reference::ReferenceOptions& options,
                                           const std::filesystem::path& result_dir) {
  ReferenceSolveOutcome outcome;
  fleet::SolveSummary& summary = outcome.summary;
  summary.solver = reference::to_string(solver);
  summary.formulation = fleet::to_string(formulation);

  if (const std::string why = instance.trivial_infeasibility(); !why.empty()) {
    summary.status = fleet::SolveStatus::infeasible;
    summary.message = why;
    fleet::write_result(result_dir, instance, summary, nullptr);
    return outcome;
  }

  const fleet::FleetModel model = fleet::build_model(instance, formulation);
  const reference::ReferenceResult result = reference::solve_reference(model.model, solver, options);
  summary.solver_version = result.solver_version;
  summary.seconds = result.seconds;
  summary.status = to_fleet_status(result.status);
  if (summary.status == fleet::SolveStatus::error)
    throw std::runtime_error(std::string(reference::to_string(solver)) + " failed (status " +
                             reference::to_string(result.status) + "): " + result.log_tail);
  if (!result.column_values.empty() &&
      (summary.status == fleet::SolveStatus::optimal || summary.status == fleet::SolveStatus::feasible)) {
    outcome.schedule = model.schedule_from(result.column_values);
    summary.objective = result.objective;
    summary.best_bound = result.best_bound ? result.best_bound : result.objective;
    summary.gap = result.gap ? result.gap : std::optional<double>(0.0);
    // Trust nothing: the schedule is judged against the instance by the independent checker, and
    // the objective reported is the one the checker recomputes from the instance data.
    const fleet::CheckReport check = fleet::check_schedule(instance, *outcome.schedule, result.objective);
    summary.objective = check.recomputed_objective;
    if (!check.ok) {
      summary.status = fleet::SolveStatus::error;
      summary.message = "the solver's schedule failed the independent check:\n" + fleet::format_report(check);
    }
  }
  fleet::write_result(result_dir, instance, summary, outcome.schedule ? &*outcome.schedule : nullptr);
  return outcome;
}

}  // namespace fleetopt::app
