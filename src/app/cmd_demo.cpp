// `fleetopt demo`: the main job on the embedded default instance (the original script's data,
// data/seed-numpy0). It prints what the original script printed -- markets and directions,
// prequalified powers, prices, the objective, the non-zero bids and each asset's state of charge
// per step -- solving through the reference-solver path and checking the result independently,
// then writes the HTML report of the result and prints its path.
#include <filesystem>
#include <fstream>
#include <iostream>

#include "command.hpp"
#include "embedded_default.hpp"
#include "fleetopt/core/output_dir.hpp"
#include "fleetopt/fleet/checker.hpp"
#include "fleetopt/fleet/instance_io.hpp"
#include "fleetopt/reference/reference_solver.hpp"
#include "fleetopt/report/report.hpp"
#include "solve_with_reference.hpp"
#include "text_table.hpp"

namespace fleetopt::app {
namespace {

namespace fs = std::filesystem;

struct DemoOptions {
  std::string out = "fleetopt-demo";
  std::string solver;  // empty: first available of highs, cbc, glpk
};

void print_instance(const fleet::Instance& in, std::ostream& out) {
  out << "Instance " << in.name << ": " << in.num_assets() << " assets, " << in.num_markets()
      << " markets, " << in.num_steps() << " steps of " << in.step_hours << " h\n\n";
  TextTable markets({"market", "direction", "settlement"});
  for (const auto& m : in.markets) markets.add_row({m.name, fleet::to_string(m.direction), fleet::to_string(m.settlement)});
  markets.print(out);

  out << "\nPrequalified power (MW)\n";
  std::vector<std::string> header{"asset"};
  for (const auto& m : in.markets) header.push_back(m.name);
  TextTable q(header);
  for (const auto& a : in.assets) {
    std::vector<std::string> row{a.name};
    for (double v : a.prequalified_mw) row.push_back(fixed(v, 1));
    q.add_row(row);
  }
  q.print(out);

  out << "\nPrices (EUR/MWh)\n";
  header[0] = "time";
  TextTable prices(header);
  for (int t = 0; t < in.num_steps(); ++t) {
    std::vector<std::string> row{in.time_labels[t]};
    for (int m = 0; m < in.num_markets(); ++m) row.push_back(fixed(in.price(t, m)));
    prices.add_row(row);
  }
  prices.print(out);
}

void print_schedule(const fleet::Instance& in, const fleet::FleetSolution& s, std::ostream& out) {
  out << "\nNon-zero bids (MW)\n";
  TextTable bids({"time", "market", "direction", "MW"});
  for (int t = 0; t < in.num_steps(); ++t)
    for (int m = 0; m < in.num_markets(); ++m)
      if (fixed(s.x(t, m), 3) != fixed(0.0, 3))
        bids.add_row({in.time_labels[t], in.markets[m].name, fleet::to_string(in.markets[m].direction),
                      fixed(s.x(t, m), 3)});
  bids.print(out);

  out << "\nState of charge at the end of each step (MWh)\n";
  std::vector<std::string> header{"time"};
  for (const auto& a : in.assets) header.push_back(a.name);
  TextTable soc(header);
  std::vector<std::string> start{"start"};
  for (const auto& a : in.assets) start.push_back(fixed(a.soc_initial_mwh, 3));
  soc.add_row(start);
  for (int t = 0; t < in.num_steps(); ++t) {
    std::vector<std::string> row{in.time_labels[t]};
    for (int a = 0; a < in.num_assets(); ++a) row.push_back(fixed(s.state(a, t), 3));
    soc.add_row(row);
  }
  soc.print(out);
}

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

  reference::ReferenceSolver solver;
  if (!options.solver.empty()) {
    solver = reference::reference_solver_from_string(options.solver);
  } else {
    bool found = false;
    for (auto candidate : {reference::ReferenceSolver::highs, reference::ReferenceSolver::cbc,
                           reference::ReferenceSolver::glpk})
      if (!found && reference::reference_available(candidate)) {
        solver = candidate;
        found = true;
      }
    if (!found)
      throw std::runtime_error("no reference solver found (HiGHS via /usr/bin/python3 + scipy, cbc, glpsol): "
                               "run scripts/setup.sh");
  }

  const fs::path result_dir = out_dir / "result";
  const ReferenceSolveOutcome outcome =
      solve_with_reference(instance, solver, fleet::Formulation::tight, reference::ReferenceOptions{}, result_dir);
  std::cout << "\nSolved with " << outcome.summary.solver << " " << outcome.summary.solver_version
            << " (tight formulation): status " << fleet::to_string(outcome.summary.status) << ", "
            << fixed(outcome.summary.seconds, 3) << " s\n";
  if (!outcome.schedule) return kExitInfeasibleOrCheckFailed;

  std::cout << "Objective value: " << fixed(*outcome.summary.objective) << " EUR\n";
  print_schedule(instance, *outcome.schedule, std::cout);

  // Judge what was written, not what is in memory: this also proves the folder reads back.
  std::cout << "\nIndependent check of " << result_dir.string() << "\n";
  const fleet::ResultFolder folder = fleet::read_result(result_dir);
  std::vector<std::string> modes;
  const fleet::FleetSolution written = fleet::align_to_instance(folder, instance, &modes);
  const fleet::CheckReport check = fleet::check_schedule(instance, written, folder.summary.objective, &modes);
  std::cout << fleet::format_report(check);
  std::cout << "\nResult folder: " << result_dir.string() << "\n";
  if (!check.ok) return kExitInfeasibleOrCheckFailed;

  const report::ReportStats page =
      report::write_report(result_dir, instance_dir / "instance.toml", out_dir / "report.html");
  std::cout << "Report: " << fs::absolute(page.out).string() << " (open it in a browser)\n";
  return kExitOk;
}

CommandRunner setup_demo(CLI::App& command) {
  auto options = std::make_shared<DemoOptions>();
  command.add_option("--out", options->out, "Output folder (instance, result, report.html)")->capture_default_str();
  command.add_option("--solver", options->solver, "Reference solver: highs, cbc or glpk (default: first available)");
  return [options] { return run_demo(*options); };
}

const bool registered = register_command(
    {"demo", "Solve the embedded default instance (the original script's data) and print the schedule",
     setup_demo});

}  // namespace
}  // namespace fleetopt::app
