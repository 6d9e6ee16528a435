// bench/coupled_gap.py (the table of relaxations of a coupled fleet, docs/fleet-structure.md
// section 8): on a small coupled fleet its bounds are ordered as relaxations must be, and its MILP
// value is the optimum our own branch-and-bound proves.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "cli_runner.hpp"
#include "fleetopt/reference/reference_solver.hpp"
#include "requirements.hpp"

namespace fs = std::filesystem;
using fleetopt::test::run_fleetopt;

namespace {

// Bounds by row label from the script's markdown table ("| label | bound | share | seconds |").
std::map<std::string, double> parse_table(const std::string& text) {
  std::map<std::string, double> bounds;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("| ", 0) != 0 || line.find("---") != std::string::npos) continue;
    const std::size_t a = line.find(" | ", 2);
    if (a == std::string::npos) continue;
    const std::size_t b = line.find(" |", a + 3);
    const std::string label = line.substr(2, a - 2);
    const std::string value = line.substr(a + 3, b - a - 3);
    try {
      bounds[label] = std::stod(value);
    } catch (const std::exception&) {
      // the header row
    }
  }
  return bounds;
}

}  // namespace

TEST_CASE("bench/coupled_gap.py orders its relaxations and finds our optimum", "[app][bench][reference]") {
  if (!fleetopt::reference::reference_available(fleetopt::reference::ReferenceSolver::highs)) {
    fleetopt::test::missing_reference_solver(fleetopt::reference::ReferenceSolver::highs,
                                             "HiGHS (via /usr/bin/python3 and scipy) is not available: skipped");
    return;
  }
  const fs::path dir = fleetopt::test::scratch_dir("coupled_gap_script");
  const fs::path instance = dir / "fleet";
  REQUIRE(run_fleetopt("generate --assets 3 --markets 4 --steps 8 --seed 3 --cap-fraction 0.5 --min-bid 1 --out " +
                       instance.string()).exit_code == 0);
  const fs::path mps = dir / "fleet.mps";
  REQUIRE(run_fleetopt("export " + (instance / "instance.toml").string() + " --mps " + mps.string()).exit_code == 0);
  const fleetopt::test::CliRun solved =
      run_fleetopt("solve " + (instance / "instance.toml").string() + " --gap 0 --quiet --out " + (dir / "out").string());
  INFO(solved.output);
  REQUIRE(solved.exit_code == 0);
  std::ifstream summary_file(dir / "out" / "summary.json");
  const nlohmann::json summary = nlohmann::json::parse(summary_file);
  REQUIRE(summary.at("status") == "optimal");
  const double optimum = summary.at("objective").get<double>();

  const fleetopt::test::CliRun script =
      fleetopt::test::run_command("/usr/bin/python3 " FLEETOPT_SOURCE_DIR "/bench/coupled_gap.py " + mps.string() +
                                  " --relax-steps 2-5 --dantzig-wolfe --time-limit 60");
  INFO(script.output);
  REQUIRE(script.exit_code == 0);
  const std::map<std::string, double> bound = parse_table(script.output);
  for (const char* label : {"LP relaxation", "MILP", "u integral, y relaxed", "y integral, u relaxed",
                            "u relaxed at steps 2-5", "Dantzig-Wolfe bound (per asset)", "uncoupled LP",
                            "uncoupled MILP"}) {
    INFO(label);
    REQUIRE(bound.count(label) == 1);
  }
  // The table prints three decimals; HiGHS runs at a 1e-6 relative gap.
  const double slack = 2e-3 + 1e-6 * std::abs(optimum);
  CHECK(std::abs(bound.at("MILP") - optimum) <= slack);
  // We maximise: every relaxation bounds the optimum from above and the LP bounds them all.
  const double lp = bound.at("LP relaxation");
  for (const char* label : {"u integral, y relaxed", "y integral, u relaxed", "u relaxed at steps 2-5",
                            "Dantzig-Wolfe bound (per asset)"}) {
    INFO(label);
    CHECK(bound.at(label) >= optimum - slack);
    CHECK(bound.at(label) <= lp + slack);
  }
  // Dropping the caps and minimum bids only enlarges the feasible set.
  CHECK(bound.at("uncoupled MILP") >= optimum - slack);
  CHECK(bound.at("uncoupled LP") >= bound.at("uncoupled MILP") - slack);
  CHECK(bound.at("uncoupled LP") >= lp - slack);
}
