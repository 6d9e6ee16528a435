// Solving a fleet instance through an external reference solver: build the model, solve it,
// map the columns back to a schedule and write the result folder. Shared by `demo` and
// `reference`.
#pragma once

#include <filesystem>
#include <optional>

#include "fleetopt/fleet/formulation.hpp"
#include "fleetopt/fleet/instance.hpp"
#include "fleetopt/fleet/solution.hpp"
#include "fleetopt/reference/reference_solver.hpp"

namespace fleetopt::app {

struct ReferenceSolveOutcome {
  fleet::SolveSummary summary;
  std::optional<fleet::FleetSolution> schedule;
};

// Writes the result folder to `result_dir` (all-or-nothing) and returns what it wrote. A
// trivially infeasible instance is reported infeasible with its reason without calling a solver.
ReferenceSolveOutcome solve_with_reference(const fleet::Instance& instance,
                                           reference::ReferenceSolver solver,
                                           fleet::Formulation formulation,
                                           const reference::ReferenceOptions& options,
                                           const std::filesystem::path& result_dir);

}  // namespace fleetopt::app
