// `fleetopt reference` and `fleetopt check` end to end on the built binary: solved results pass,
// tampered results fail naming the family, infeasibility claims are confirmed or refuted, and
// malformed folders exit 2 naming the file.
#include <catch2/catch.hpp>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "cli_runner.hpp"
#include "fleetopt/core/csv.hpp"
#include "fleetopt/core/tolerances.hpp"
#include "fleetopt/fleet/instance_io.hpp"
#include "fleetopt/fleet/solution.hpp"
#include "fleetopt/reference/reference_solver.hpp"
#include "requirements.hpp"

namespace fs = std::filesystem;
using namespace fleetopt;

namespace {

using fleetopt::test::read_text;

using Run = fleetopt::test::CliRun;

Run fleetopt_run(const std::string& args) { return fleetopt::test::run_fleetopt(args); }

fs::path scratch(const std::string& name) { return fleetopt::test::scratch_dir("reference_" + name); }

std::string reference_instance(const std::string& name) {
  return std::string(FLEETOPT_SOURCE_DIR) + "/data/reference/" + name + "/instance.toml";
}

// The agreed optimum of an instance from data/reference/optima.csv.
double reference_optimum(const std::string& relative_path) {
  const core::CsvTable table = core::read_csv(FLEETOPT_SOURCE_DIR "/data/reference/optima.csv");
  for (const auto& row : table.rows)
    if (row.fields[table.column("instance")] == relative_path)
      return std::stod(row.fields[table.column("objective")]);
  FAIL("no row for " << relative_path);
  return 0.0;
}

}  // namespace

TEST_CASE("reference solves, writes a checked result, and check accepts it", "[app][reference]") {
  if (!reference::reference_available(reference::ReferenceSolver::glpk)) {
    test::missing_reference_solver(reference::ReferenceSolver::glpk, "glpsol not available: skipped");
    return;
  }
  const fs::path dir = scratch("solve");
  const std::string instance = reference_instance("minbid-3x4x6");
  const Run run = fleetopt_run("reference " + instance + " --solver glpk --formulation basic --out " +
                               (dir / "result").string());
  INFO(run.output);
  REQUIRE(run.exit_code == 0);
  CHECK_THAT(run.output, Catch::Contains("check passed"));
  const fleet::ResultFolder folder = fleet::read_result(dir / "result");
  CHECK(folder.summary.status == fleet::SolveStatus::optimal);
  CHECK(folder.summary.solver == "glpk");
  CHECK(folder.summary.formulation == "basic");
  const double optimum = reference_optimum("data/reference/minbid-3x4x6/instance.toml");
  CHECK(std::abs(*folder.summary.objective - optimum) <=
        core::tol::kObjectiveAgreementRelative * std::abs(optimum));

  const Run check = fleetopt_run("check " + instance + " " + (dir / "result").string());
  INFO(check.output);
  CHECK(check.exit_code == 0);
  CHECK_THAT(check.output, Catch::Contains("check passed"));
  fs::remove_all(dir);
}

TEST_CASE("check fails a tampered schedule and names the family and place", "[app][reference]") {
  if (!reference::reference_available(reference::ReferenceSolver::cbc)) {
    test::missing_reference_solver(reference::ReferenceSolver::cbc, "cbc not available: skipped");
    return;
  }
  const fs::path dir = scratch("tampered");
  const std::string instance_path = reference_instance("reserve-2x4x6");
  REQUIRE(fleetopt_run("reference " + instance_path + " --solver cbc --out " + (dir / "good").string()).exit_code == 0);
  const fleet::Instance instance = fleet::read_instance(instance_path);
  const fleet::ResultFolder folder = fleet::read_result(dir / "good");
  fleet::FleetSolution schedule = fleet::align_to_instance(folder, instance);

  SECTION("a state of charge off its recursion") {
    schedule.state(1, 2) += 0.5;
    fleet::write_result(dir / "bad", instance, folder.summary, &schedule);
    const Run check = fleetopt_run("check " + instance_path + " " + (dir / "bad").string());
    INFO(check.output);
    CHECK(check.exit_code == 1);
    CHECK_THAT(check.output, Catch::Contains("FAIL"));
    CHECK_THAT(check.output, Catch::Contains("asset r1, step " + instance.time_labels[2]));
    CHECK_THAT(check.output, Catch::Contains("check FAILED"));
  }
  SECTION("a claimed objective the schedule does not earn") {
    fleet::SolveSummary summary = folder.summary;
    *summary.objective += 1.0;
    *summary.best_bound += 1.0;
    fleet::write_result(dir / "bad", instance, summary, &schedule);
    const Run check = fleetopt_run("check " + instance_path + " " + (dir / "bad").string());
    INFO(check.output);
    CHECK(check.exit_code == 1);
    CHECK_THAT(check.output, Catch::Matches("[\\s\\S]*\\nobjective +1 +1 +FAIL [\\s\\S]*"));
  }
  SECTION("a best bound below the objective") {
    fleet::SolveSummary summary = folder.summary;
    *summary.best_bound -= 1.0;
    fleet::write_result(dir / "bad", instance, summary, &schedule);
    const Run check = fleetopt_run("check " + instance_path + " " + (dir / "bad").string());
    CHECK(check.exit_code == 1);
    CHECK_THAT(check.output, Catch::Contains("best_bound"));
  }
  fs::remove_all(dir);
}

TEST_CASE("infeasibility claims are confirmed or refuted", "[app][reference]") {
  const fs::path dir = scratch("infeasible");
  // The reference set's infeasible instance: 'drained' starts below its minimum.
  const std::string infeasible = reference_instance("infeasible-soc-2x2x4");
  const Run run = fleetopt_run("reference " + infeasible + " --solver cbc --out " + (dir / "r").string());
  INFO(run.output);
  CHECK(run.exit_code == 1);
  CHECK_THAT(read_text(dir / "r" / "summary.json"), Catch::Contains("\"status\": \"infeasible\""));
  CHECK_THAT(read_text(dir / "r" / "summary.json"), Catch::Contains("drained"));
  const Run confirmed = fleetopt_run("check " + infeasible + " " + (dir / "r").string());
  CHECK(confirmed.exit_code == 0);
  CHECK_THAT(confirmed.output, Catch::Contains("Confirmed infeasible"));

  // The same claim for a feasible instance is false: doing nothing is a feasible schedule.
  const std::string feasible = reference_instance("caps-3x3x6");
  const fleet::Instance instance = fleet::read_instance(feasible);
  fleet::SolveSummary summary;
  summary.status = fleet::SolveStatus::infeasible;
  fleet::write_result(dir / "false-claim", instance, summary, nullptr);
  const Run refuted = fleetopt_run("check " + feasible + " " + (dir / "false-claim").string());
  CHECK(refuted.exit_code == 1);
  CHECK_THAT(refuted.output, Catch::Contains("doing nothing is a feasible schedule"));

  // A result with no schedule and no infeasibility claim has nothing to check.
  summary.status = fleet::SolveStatus::no_solution;
  fleet::write_result(dir / "none", instance, summary, nullptr);
  const Run none = fleetopt_run("check " + feasible + " " + (dir / "none").string());
  CHECK(none.exit_code == 1);
  CHECK_THAT(none.output, Catch::Contains("nothing to check"));
  fs::remove_all(dir);
}

TEST_CASE("check and reference reject bad input with exit 2", "[app][reference]") {
  const fs::path dir = scratch("bad");
  const std::string instance = reference_instance("caps-3x3x6");
  fs::create_directories(dir / "broken");
  std::ofstream(dir / "broken" / "summary.json") << "{\n  \"status\": \"optimal\",\n  oops\n}\n";
  const Run broken = fleetopt_run("check " + instance + " " + (dir / "broken").string());
  CHECK(broken.exit_code == 2);
  CHECK_THAT(broken.output, Catch::Contains("summary.json:3"));
  CHECK(fleetopt_run("check " + instance + " " + (dir / "absent").string()).exit_code == 2);
  CHECK(fleetopt_run("check " + instance).exit_code == 2);
  CHECK(fleetopt_run("reference " + instance + " --solver cplex --out " + (dir / "x").string()).exit_code == 2);
  CHECK(fleetopt_run("reference " + instance + " --solver cbc").exit_code == 2);  // --out is required
  CHECK(fleetopt_run("reference " + instance + " --solver cbc --formulation loose --out " + (dir / "x").string())
            .exit_code == 2);
  CHECK_FALSE(fs::exists(dir / "x"));
  fs::remove_all(dir);
}

TEST_CASE("reference takes --generate and HiGHS through SciPy", "[app][reference]") {
  if (!reference::reference_available(reference::ReferenceSolver::highs)) {
    test::missing_reference_solver(reference::ReferenceSolver::highs,
                                   "HiGHS through /usr/bin/python3 + scipy is not available: skipped");
    return;
  }
  const fs::path dir = scratch("generate");
  const Run run = fleetopt_run("reference --generate 3,3,5,7 --solver highs --time-limit 60 --out " +
                               (dir / "r").string());
  INFO(run.output);
  CHECK(run.exit_code == 0);
  CHECK_THAT(run.output, Catch::Contains("check passed"));
  CHECK_THAT(read_text(dir / "r" / "summary.json"), Catch::Contains("\"solver\": \"highs\""));
  fs::remove_all(dir);
}
