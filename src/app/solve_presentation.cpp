#include "solve_presentation.hpp"

#include "command.hpp"
#include "fleetopt/fleet/checker.hpp"
#include "text_table.hpp"
#include "written_result_check.hpp"

namespace fleetopt::app {

namespace {

int exit_code_without_schedule(const fleet::SolveSummary& summary, bool schedule_rejected) {
  switch (summary.status) {
    case fleet::SolveStatus::infeasible: return kExitInfeasibleOrCheckFailed;
    case fleet::SolveStatus::no_solution:
    case fleet::SolveStatus::interrupted: return kExitLimitWithoutSolution;
    case fleet::SolveStatus::error: return schedule_rejected ? kExitInfeasibleOrCheckFailed : kExitInternalError;
    // optimal or feasible without a schedule cannot be reported as such: a bug.
    case fleet::SolveStatus::optimal:
    case fleet::SolveStatus::feasible: break;
  }
  return kExitInternalError;
}

}  // namespace

fleet::SearchDetails search_details(const fleet::FleetSolveOutcome& outcome) {
  // Every MipTimes field goes into summary.json: a new field must be added here as well.
  static_assert(sizeof(mip::MipTimes) == 8 * sizeof(double),
                "mip::MipTimes changed: add the new part to search_details (solve_presentation.cpp)");
  const mip::MipTimes& t = outcome.times;
  fleet::SearchDetails details;
  // Without a root LP (an instance found infeasible before the search) there is no root bound.
  if (outcome.summary.status != fleet::SolveStatus::infeasible) details.root_bound = outcome.root_bound;
  details.blocks = outcome.blocks;
  details.times = {{"total", t.total},
                   {"root_lp", t.root_lp},
                   {"node_lp", t.node_lp},
                   {"strong_branching", t.strong_branching},
                   {"heuristics", t.heuristics},
                   {"heuristics_beside", t.heuristics_beside},
                   {"node_lps_ahead", t.node_lps_ahead},
                   {"cuts", t.cuts},
                   {"dynamic_program", outcome.dp_seconds},
                   {"lagrangian", outcome.lagrangian_seconds}};
  return details;
}

PresentedSolve present_solve(const fleet::Instance& instance, const fleet::SolveSummary& summary,
                             const std::optional<fleet::FleetSolution>& schedule, bool schedule_rejected,
                             const std::filesystem::path& result_dir, std::ostream& out,
                             const TableLimits& limits) {
  out << "\nSolved with " << summary.solver << " " << summary.solver_version << " (" << summary.formulation
      << " formulation): status " << fleet::to_string(summary.status) << ", " << fixed(summary.seconds, 3) << " s\n";
  if (!summary.message.empty() && summary.status != fleet::SolveStatus::optimal) out << summary.message << "\n";
  PresentedSolve presented;
  if (!schedule) {
    out << "No schedule. Result folder: " << result_dir.string() << "\n";
    presented.exit_code = exit_code_without_schedule(summary, schedule_rejected);
    return presented;
  }

  // Judge what was written, not what is in memory (this also proves the folder reads back), and
  // report the schedule only once it passed.
  const fleet::CheckReport check = check_written_result(instance, result_dir);
  presented.schedule_checked = check.ok;
  // A failed search that handed back a checked schedule is still a failure (exit 3), with the
  // schedule written and shown.
  presented.exit_code = !check.ok                                      ? kExitInfeasibleOrCheckFailed
                        : summary.status == fleet::SolveStatus::error ? kExitInternalError
                                                                       : kExitOk;
  if (check.ok) {
    out << "Objective value: " << fixed(*summary.objective) << " EUR\n";
    if (summary.best_bound)
      out << "Best bound: " << fixed(*summary.best_bound) << " EUR, gap "
          << (summary.gap ? fixed(100.0 * *summary.gap, 4) + " %" : std::string("-")) << "\n";
    print_schedule(instance, *schedule, out, limits);
  } else {
    out << "The written result failed the independent check: its schedule is not reported.\n";
  }
  out << "\nIndependent check of " << result_dir.string() << "\n" << fleet::format_report(check);
  out << "\nResult folder: " << result_dir.string() << "\n";
  return presented;
}

}  // namespace fleetopt::app
