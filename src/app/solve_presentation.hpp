// What `demo` and `solve` print after a solve whose result folder is written: the solver's status
// line, then -- only if the folder as written passes the independent check
// (written_result_check.hpp) -- the objective, bound, gap and schedule tables, then the check's
// report. Also the exit code the outcome deserves.
#pragma once

#include <filesystem>
#include <optional>
#include <ostream>

#include "fleet_tables.hpp"
#include "fleetopt/fleet/fleet_solver.hpp"
#include "fleetopt/fleet/instance.hpp"
#include "fleetopt/fleet/solution.hpp"

namespace fleetopt::app {

struct PresentedSolve {
  int exit_code = 0;
  bool schedule_checked = false;  // a schedule was written and the check of the folder passed
};

// Exit codes (command.hpp): with a schedule, 0 when the check of the written folder passes and 1
// when it fails; without one, 1 for infeasible or a schedule the solver's own check rejected
// (`schedule_rejected`), 4 for no_solution and interrupted, 3 for any other error.
PresentedSolve present_solve(const fleet::Instance& instance, const fleet::SolveSummary& summary,
                             const std::optional<fleet::FleetSolution>& schedule, bool schedule_rejected,
                             const std::filesystem::path& result_dir, std::ostream& out,
                             const TableLimits& limits = {});

// What `solve` and `demo` add to summary.json after a fleetopt solve (fleet::write_result's
// details): the root bound, the number of blocks and every part of outcome.times, by the
// MipTimes field names.
fleet::SearchDetails search_details(const fleet::FleetSolveOutcome& outcome);

}  // namespace fleetopt::app
