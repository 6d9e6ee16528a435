// `fleetopt solve INSTANCE|--generate A,M,T[,SEED] [--time-limit S] [--gap G] [--node-limit N]
//  [--threads K] [--formulation tight|basic] [--branching NAME] [--out DIR] [--quiet]
//  [--no-decompose]`: solves an instance with fleetopt's own branch-and-bound (fleet::solve_fleet:
// per-asset blocks when the fleet separates), prints the progress log, writes the result folder of
// docs/model.md section 6 all-or-nothing, reads it back and checks it independently, and prints
// the demo's tables (long tables cut at kTableRows rows).
// Exit codes: 0 with a checked schedule (optimal, feasible or interrupted); 1 infeasible or a check
// failed; 2 bad input; 3 solver failure; 4 a limit or Ctrl-C came before any schedule.
#include <iostream>
#include <memory>

#include "command.hpp"
#include "fleet_tables.hpp"
#include "fleetopt/fleet/fleet_solver.hpp"
#include "fleetopt/fleet/formulation.hpp"
#include "fleetopt/fleet/solution.hpp"
#include "instance_arg.hpp"
#include "mip_cli_options.hpp"
#include "sigint_interrupt.hpp"
#include "solve_presentation.hpp"

namespace fleetopt::app {
namespace {

// Rows per table and asset columns of the state-of-charge table: a screenful each; the result
// folder has everything.
constexpr TableLimits kTableLimits{48, 12};

struct SolveCommandOptions {
  InstanceArg instance;
  MipCliOptions mip;
  int threads = 0;
  std::string formulation = "tight";
  std::string out = "fleetopt-solve";
  bool no_decompose = false;
};

int run_solve(const SolveCommandOptions& options) {
  const fleet::Instance instance = options.instance.load();
  print_instance(instance, std::cout, kTableLimits);
  std::cout << "\n";

  const SigintInterrupt sigint;
  fleet::FleetSolveOptions solve_options;
  solve_options.formulation = fleet::formulation_from_string(options.formulation);
  solve_options.mip = options.mip.to_mip_options(sigint.flag(), &std::cout);
  solve_options.threads = options.threads;
  solve_options.decompose = !options.no_decompose;
  const fleet::FleetSolveOutcome outcome = fleet::solve_fleet(instance, solve_options);
  const fleet::SearchDetails details = search_details(outcome);
  fleet::write_result(options.out, instance, outcome.summary, outcome.schedule ? &*outcome.schedule : nullptr,
                      &details);
  return present_solve(instance, outcome.summary, outcome.schedule, outcome.schedule_rejected, options.out,
                       std::cout, kTableLimits)
      .exit_code;
}

CommandRunner setup_solve(CLI::App& command) {
  auto options = std::make_shared<SolveCommandOptions>();
  options->instance.add_to(command);
  options->mip.add_to(command);
  command.add_option("--threads", options->threads, "Blocks solved in parallel (0 = all cores); never changes the result")
      ->capture_default_str()
      ->check(CLI::NonNegativeNumber);
  command.add_option("--formulation", options->formulation, "Model variant: tight or basic")
      ->capture_default_str()
      ->check(CLI::IsMember({"tight", "basic"}));
  command.add_option("--out", options->out, "Result folder to write (summary.json, bids.csv, dispatch.csv)")
      ->capture_default_str();
  command.add_flag("--no-decompose", options->no_decompose,
                   "Solve a separable fleet as one model instead of one MILP per asset (for comparison)");
  return [options] { return run_solve(*options); };
}

const bool registered = register_command(
    {"solve", "Solve an instance with fleetopt's own branch-and-bound, write the result folder and check it",
     setup_solve});

}  // namespace
}  // namespace fleetopt::app
