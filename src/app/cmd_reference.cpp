// `fleetopt reference INSTANCE|--generate A,M,T[,SEED] --solver highs|cbc|glpk --out DIR
//  [--time-limit S] [--formulation tight|basic]`: solves an instance with an external reference
// solver (CBC, GLPK or HiGHS through SciPy), writes the result folder of docs/model.md section 6,
// then reads that folder back and runs the independent checker on it.
// Exit codes: 0 optimal or feasible (and the check passed); 1 infeasible, or a limit was hit
// with no solution; 3 the solver failed or its schedule failed the check.
#include <iostream>
#include <memory>

#include "command.hpp"
#include "fleetopt/fleet/checker.hpp"
#include "fleetopt/fleet/formulation.hpp"
#include "fleetopt/fleet/solution.hpp"
#include "fleetopt/reference/reference_solver.hpp"
#include "instance_arg.hpp"
#include "solve_with_reference.hpp"
#include "text_table.hpp"
#include "written_result_check.hpp"

namespace fleetopt::app {
namespace {

struct ReferenceCommandOptions {
  InstanceArg instance;
  std::string solver;
  std::string out;
  double time_limit_seconds = 600.0;
  std::string formulation = "hull";
};

int run_reference(const ReferenceCommandOptions& options) {
  const fleet::Instance instance = options.instance.load();
  const reference::ReferenceSolver solver = reference::reference_solver_from_string(options.solver);
  const fleet::Formulation formulation = fleet::formulation_from_string(options.formulation);
  if (!reference::reference_available(solver))
    throw std::runtime_error(std::string(reference::to_string(solver)) +
                             " is not available on this machine (cbc: package coinor-cbc; glpk: "
                             "glpk-utils; highs: /usr/bin/python3 with python3-scipy)");
  reference::ReferenceOptions solve_options;
  solve_options.time_limit_seconds = options.time_limit_seconds;

  const ReferenceSolveOutcome outcome =
      solve_with_reference(instance, solver, formulation, solve_options, options.out);
  const fleet::SolveSummary& summary = outcome.summary;
  std::cout << "Instance " << instance.name << ": " << instance.num_assets() << " assets, "
            << instance.num_markets() << " markets, " << instance.num_steps() << " steps\n"
            << "Solver " << summary.solver << " " << summary.solver_version << ", " << summary.formulation
            << " formulation: status " << fleet::to_string(summary.status) << " in " << fixed(summary.seconds, 3)
            << " s\n";
  if (!summary.message.empty()) std::cout << summary.message << "\n";
  if (summary.objective)
    std::cout << "Objective " << fixed(*summary.objective, 6) << " EUR, bound "
              << (summary.best_bound ? fixed(*summary.best_bound, 6) : std::string("-")) << ", gap "
              << (summary.gap ? fixed(*summary.gap, 9) : std::string("-")) << "\n";
  std::cout << "Result folder: " << options.out << "\n";

  if (summary.status == fleet::SolveStatus::infeasible) return kExitInfeasibleOrCheckFailed;
  if (summary.status == fleet::SolveStatus::error) return kExitInternalError;
  if (!outcome.schedule) return kExitInfeasibleOrCheckFailed;  // a limit was hit without a solution

  // Judge what was written, not what is in memory: this also proves the folder reads back.
  const fleet::CheckReport check = check_written_result(instance, options.out);
  std::cout << "\nIndependent check of the result folder\n" << fleet::format_report(check);
  return check.ok ? kExitOk : kExitInternalError;
}

CommandRunner setup_reference(CLI::App& command) {
  auto options = std::make_shared<ReferenceCommandOptions>();
  options->instance.add_to(command);
  command.add_option("--solver", options->solver, "Reference solver: highs, cbc or glpk")
      ->required()
      ->check(CLI::IsMember({"highs", "cbc", "glpk"}));
  command.add_option("--out", options->out, "Result folder to write (summary.json, bids.csv, dispatch.csv)")
      ->required();
  command.add_option("--time-limit", options->time_limit_seconds, "Solver time limit in seconds")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  command.add_option("--formulation", options->formulation, "Model variant: hull (convex hull of each step), tight or basic (docs/fleet-structure.md)")
      ->capture_default_str()
      ->check(CLI::IsMember({"hull", "tight", "basic"}));
  return [options] { return run_reference(*options); };
}

const bool registered = register_command(
    {"reference", "Solve an instance with an external reference solver (CBC, GLPK, HiGHS) and check it",
     setup_reference});

}  // namespace
}  // namespace fleetopt::app
