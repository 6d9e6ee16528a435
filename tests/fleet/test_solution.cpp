// Result folders: write, read back, align to an instance, and reject malformed folders.
#include <string>
#include <unistd.h>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "fleetopt/core/errors.hpp"
#include "fleetopt/fleet/solution.hpp"
#include "scratch.hpp"

using namespace fleetopt;
using namespace fleetopt::fleet;
namespace fs = std::filesystem;

namespace {
Instance two_by_two() {
  Instance in;
  in.name = "tiny";
  in.time_labels = {"2025-01-01T00:00:00Z", "2025-01-01T01:00:00Z"};
  in.markets = {Market{"fcr_up", Direction::up, Settlement::reserve, std::nullopt, 0.0},
                Market{"spot,down", Direction::down, Settlement::energy, 5.0, 1.0}};
  Asset a;
  a.name = "b0";
  a.power_mw = 2;
  a.energy_mwh = 4;
  a.prequalified_mw = {2, 2};
  Asset b = a;
  b.name = "b1";
  in.assets = {a, b};
  in.prices = {10, 20, 30, 40};
  return in;
}

fs::path fresh_dir(const std::string& name) {
  fs::path dir = fleetopt::test::scratch_root() / ("solution_" + name);
  fs::remove_all(dir);
  return dir;
}

void write_text(const fs::path& p, const std::string& text) {
  std::ofstream(p) << text;
}
}  // namespace

TEST_CASE("write_result then read_result gives back every value exactly", "[fleet][solution]") {
  const Instance in = two_by_two();
  FleetSolution s(2, 2, 2);
  s.x(0, 0) = 1.5;
  s.x(1, 1) = 0.1 + 0.2;  // not representable in short decimal: must still round-trip exactly
  s.p(0, 0, 0) = 1.5;
  s.p(1, 1, 1) = 0.1 + 0.2;
  s.state(0, 0) = 0.5;
  s.state(0, 1) = 0.5;
  s.state(1, 0) = 2.0;
  s.state(1, 1) = 2.0 + 1.0 / 3.0;
  SolveSummary summary;
  summary.status = SolveStatus::optimal;
  summary.objective = 42.25;
  summary.best_bound = 42.25;
  summary.gap = 0.0;
  summary.solver = "cbc";
  const fs::path dir = fresh_dir("roundtrip");
  write_result(dir, in, summary, &s);

  const ResultFolder r = read_result(dir);
  CHECK(r.instance_name == "tiny");
  CHECK(r.summary.status == SolveStatus::optimal);
  CHECK(*r.summary.objective == 42.25);
  CHECK(r.summary.solver == "cbc");
  CHECK(r.market_names == std::vector<std::string>{"fcr_up", "spot,down"});
  CHECK(r.market_directions == std::vector<Direction>{Direction::up, Direction::down});
  CHECK(r.asset_names == std::vector<std::string>{"b0", "b1"});
  CHECK(r.time_labels == in.time_labels);
  CHECK(r.solution.bid == s.bid);
  CHECK(r.solution.power == s.power);
  CHECK(r.solution.soc == s.soc);
  // b0 discharges in step 0 (up market), b1 charges in step 1, the rest is idle.
  CHECK(r.modes == std::vector<std::string>{"discharge", "idle", "idle", "charge"});

  // Aligning to an instance whose markets and assets are listed in another order permutes values.
  Instance swapped = in;
  std::swap(swapped.markets[0], swapped.markets[1]);
  std::swap(swapped.assets[0], swapped.assets[1]);
  std::vector<std::string> modes;
  const FleetSolution aligned = align_to_instance(r, swapped, &modes);
  CHECK(aligned.x(0, 1) == 1.5);
  CHECK(aligned.p(1, 0, 1) == 1.5);
  CHECK(aligned.state(0, 1) == s.state(1, 1));
  CHECK(modes[0 * 2 + 1] == "charge");
  fs::remove_all(dir);
}

TEST_CASE("a result's search details round-trip, and a folder without them reads back without them",
          "[fleet][solution]") {
  const Instance in = two_by_two();
  SolveSummary summary;
  summary.status = SolveStatus::infeasible;
  summary.solver = "fleetopt";
  const fs::path dir = fresh_dir("details");
  write_result(dir, in, summary, nullptr);
  CHECK_FALSE(read_result(dir).details.has_value());

  SearchDetails details;
  details.root_bound = 0.1 + 0.2;
  details.blocks = 3;
  details.times = {{"total", 1.5}, {"root_lp", 0.25}, {"node_lp", 0.5}};
  write_result(dir, in, summary, nullptr, &details);
  const ResultFolder r = read_result(dir);
  REQUIRE(r.details.has_value());
  CHECK(*r.details->root_bound == 0.1 + 0.2);
  CHECK(r.details->blocks == 3);
  using Times = std::vector<std::pair<std::string, double>>;
  CHECK(r.details->times == Times{{"node_lp", 0.5}, {"root_lp", 0.25}, {"total", 1.5}});  // name order

  details.root_bound.reset();  // no root LP: null
  write_result(dir, in, summary, nullptr, &details);
  CHECK_FALSE(read_result(dir).details->root_bound.has_value());

  write_text(dir / "summary.json", R"({"status": "infeasible", "objective": null, "best_bound": null,
    "gap": null, "nodes": 0, "lp_iterations": 0, "seconds": 0, "assets": 2, "markets": 2, "steps": 2,
    "times": {"total": "slow"}})");
  CHECK_THROWS_WITH(read_result(dir), Catch::Contains("times") && Catch::Contains("total"));
  fs::remove_all(dir);
}

TEST_CASE("an infeasible result has a summary and no schedule", "[fleet][solution]") {
  const Instance in = two_by_two();
  SolveSummary summary;
  summary.status = SolveStatus::infeasible;
  summary.message = "asset 'b0': soc_initial_mwh below soc_min_mwh";
  const fs::path dir = fresh_dir("infeasible");
  write_result(dir, in, summary, nullptr);
  const ResultFolder r = read_result(dir);
  CHECK(r.summary.status == SolveStatus::infeasible);
  CHECK_FALSE(r.has_schedule);
  CHECK_FALSE(r.summary.objective.has_value());
  CHECK(r.summary.message == summary.message);
  CHECK_THROWS_AS(align_to_instance(r, in), core::InputError);
  fs::remove_all(dir);
}

TEST_CASE("malformed result folders are rejected with file and line", "[fleet][solution]") {
  const Instance in = two_by_two();
  FleetSolution s(2, 2, 2);
  SolveSummary summary;
  summary.status = SolveStatus::feasible;
  summary.objective = 0.0;
  const fs::path dir = fresh_dir("malformed");

  auto expect_error = [&](const std::string& file_suffix, int line, const std::string& text) {
    try {
      read_result(dir);
      FAIL("no error for " << text);
    } catch (const core::InputError& e) {
      CHECK_THAT(e.file(), Catch::EndsWith(file_suffix));
      CHECK(e.line() == line);
      CHECK_THAT(e.what(), Catch::Contains(text));
    }
  };

  CHECK_THROWS_WITH(read_result(dir), Catch::Contains("does not exist"));

  write_result(dir, in, summary, &s);
  write_text(dir / "summary.json", "{\n  \"status\": \"optimal\",\n  oops\n}\n");
  expect_error("summary.json", 3, "malformed JSON");

  write_result(dir, in, summary, &s);
  write_text(dir / "bids.csv",
             "time,market,direction,mw\n"
             "2025-01-01T00:00:00Z,fcr_up,up,1\n"
             "2025-01-01T00:00:00Z,\"spot,down\",sideways,1\n");
  expect_error("bids.csv", 3, "expected 'up' or 'down'");

  write_result(dir, in, summary, &s);
  write_text(dir / "bids.csv",
             "time,market,direction,mw\n"
             "2025-01-01T00:00:00Z,fcr_up,up,nan\n");
  expect_error("bids.csv", 2, "expected a finite number");

  write_result(dir, in, summary, &s);
  fs::remove(dir / "dispatch.csv");
  expect_error("dispatch.csv", 0, "both bids.csv and dispatch.csv");

  write_result(dir, in, summary, &s);
  fs::remove(dir / "dispatch.csv");
  fs::remove(dir / "bids.csv");
  expect_error("bids.csv", 0, "summary.json says status 'feasible'");
  fs::remove_all(dir);
}

// Inputs found by the fuzzer tests/fuzz/fuzz_result (docs/fuzzing.md): each used to escape as a
// nlohmann exception or undefined behaviour instead of core::InputError.
TEST_CASE("fuzzer findings: bad summary.json values are input errors", "[fleet][solution]") {
  const Instance in = two_by_two();
  FleetSolution s(2, 2, 2);
  SolveSummary summary;
  summary.status = SolveStatus::feasible;
  summary.objective = 0.0;
  const fs::path dir = fresh_dir("fuzz_findings");
  write_result(dir, in, summary, &s);
  const fs::path summary_file = dir / "summary.json";
  const std::string valid = "\"status\": \"feasible\", \"objective\": 0, \"best_bound\": null, \"gap\": null, "
                            "\"lp_iterations\": 0, \"seconds\": 0.5, \"markets\": 2, \"steps\": 2";
  auto expect_error = [&](const std::string& json, const std::string& message) {
    INFO(json);
    write_text(summary_file, json);
    try {
      read_result(dir);
      FAIL("no error");
    } catch (const core::InputError& e) {
      CHECK(e.file() == summary_file.string());
      CHECK(e.line() == 0);
      CHECK(e.message() == message);
    }
  };
  // A number beyond double's range: nlohmann throws out_of_range, not parse_error.
  expect_error("{\"seconds\": 3.9e06564}",
               "malformed JSON: [json.exception.out_of_range.406] number overflow parsing '3.9e06564'");
  // A non-string where a string is optional: j.value() threw type_error.
  expect_error("{" + valid + ", \"nodes\": 1, \"assets\": 2, \"instance\": 7}", "key 'instance': expected a string");
  // Numbers outside the integer's range: undefined behaviour in the float-to-int conversion.
  expect_error("{" + valid + ", \"nodes\": 1e300, \"assets\": 2}", "key 'nodes': expected an integer");
  expect_error("{" + valid + ", \"nodes\": 1, \"assets\": -1e12}", "key 'assets': expected an integer");
  expect_error("{" + valid + ", \"nodes\": 1, \"assets\": 4294967298}", "key 'assets': expected an integer");
  expect_error("{" + valid + ", \"nodes\": 1, \"assets\": 2.5}", "key 'assets': expected an integer");
  fs::remove_all(dir);
}
