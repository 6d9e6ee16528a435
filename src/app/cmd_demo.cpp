// `fleetopt demo`: the main job on the embedded default instance (the original script's data,
// data/seed-numpy0). It prints what the original script printed -- markets and directions,
// prequalified powers, prices, the objective, the non-zero bids and each asset's state of charge
// per step -- solving with fleetopt's own branch-and-bound (or, with --solver, through the
// reference-solver path for comparison), checks the written result independently, then writes the
// HTML report of the result and prints its path.
#include <filesystem>
#include <fstream>
#include <iostream>

#include "command.hpp"
#include "embedded_default.hpp"
#include "fleet_tables.hpp"
#include "fleetopt/core/output_dir.hpp"
#include "fleetopt/fleet/fleet_solver.hpp"
#include "fleetopt/fleet/instance_io.hpp"
#include "fleetopt/reference/reference_solver.hpp"
#include "fleetopt/report/report.hpp"
#include "sigint_interrupt.hpp"
#include "solve_presentation.hpp"
#include "solve_with_reference.hpp"

namespace fleetopt::app {
namespace {

namespace fs = std::filesystem;

struct DemoOptions {
  std::string out = "fleetopt-demo";
  std::string solver;  // empty: fleetopt's own branch-and-bound; else a reference solver
};

int run_demo(const DemoOptions& options) {
  const fs::path out_dir = options.out;
  fs::create_directories(out_dir);
  // The instance is written out so that the result folder can be checked and reported against a
  // real file, exactly like a user's run.
  const fs::path instance_dir = out_dir / "instance";
  {
    core::StagedOutputDir staged(instance_dir);
    std::ofstream(staged.file("instance.toml")) << embedded::kInstanceToml;
    std::ofstream(staged.file("prices.csv")) << embedded::kPricesCsv;
    staged.commit();
  }
  const fleet::Instance instance = fleet::read_instance(instance_dir / "instance.toml");
  print_instance(instance, std::cout);

  const fs::path result_dir = out_dir / "result";
  PresentedSolve presented;
  if (options.solver.empty()) {
    const SigintInterrupt sigint;
    fleet::FleetSolveOptions solve_options;
    solve_options.mip.interrupt = sigint.flag();
    solve_options.mip.lp.interrupt = sigint.flag();
    solve_options.mip.log = &std::cout;
    std::cout << "\n";
    const fleet::FleetSolveOutcome outcome = fleet::solve_fleet(instance, solve_options);
    const fleet::SearchDetails details = search_details(outcome);
    fleet::write_result(result_dir, instance, outcome.summary, outcome.schedule ? &*outcome.schedule : nullptr,
                        &details);
    presented = present_solve(instance, outcome.summary, outcome.schedule, outcome.schedule_rejected, result_dir,
                              std::cout);
  } else {
    const reference::ReferenceSolver solver = reference::reference_solver_from_string(options.solver);
    if (!reference::reference_available(solver))
      throw std::runtime_error(options.solver + " is not available on this machine: run scripts/setup.sh");
    const ReferenceSolveOutcome outcome = solve_with_reference(instance, solver, fleet::Formulation::tight,
                                                               reference::ReferenceOptions{}, result_dir);
    presented = present_solve(instance, outcome.summary, outcome.schedule, false, result_dir, std::cout);
  }
  if (!presented.schedule_checked) return presented.exit_code;

  const report::ReportStats page =
      report::write_report(result_dir, instance_dir / "instance.toml", out_dir / "report.html");
  std::cout << "Report: " << fs::absolute(page.out).string() << " (open it in a browser)\n";
  return kExitOk;
}

CommandRunner setup_demo(CLI::App& command) {
  auto options = std::make_shared<DemoOptions>();
  command.add_option("--out", options->out, "Output folder (instance, result, report.html)")->capture_default_str();
  command.add_option("--solver", options->solver,
                     "Solve with a reference solver instead of fleetopt's own: highs, cbc or glpk")
      ->check(CLI::IsMember({"highs", "cbc", "glpk"}));
  return [options] { return run_demo(*options); };
}

const bool registered = register_command(
    {"demo", "Solve the embedded default instance (the original script's data) and print the schedule",
     setup_demo});

}  // namespace
}  // namespace fleetopt::app
