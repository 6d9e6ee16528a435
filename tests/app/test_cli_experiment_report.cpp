// `fleetopt experiment report DIR` (docs/report.md, "Experiment reports") run as a user runs it:
// a tiny fleetopt grid (assets 1, 2, 3 x steps 4, 8, so both scaling plots appear) is run and
// analysed; report.html and report.md are written, the Markdown counts every cell as solved, and
// bad inputs (no folder, a wrong header, a bad number, a missing output folder) exit 2 with file
// and line and write nothing.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "cli_runner.hpp"
#include "fleetopt/report/report.hpp"

namespace fs = std::filesystem;
using fleetopt::test::run_fleetopt;
using fleetopt::test::scratch_dir;

namespace {

using fleetopt::test::read_text;
using fleetopt::test::write_text;

// The grid: 3 asset counts x 2 step counts, one seed, fleetopt only: 6 cells.
constexpr int kGridCells = 6;
const char* const kGridConfig =
    "name = \"report-test\"\n"
    "[solvers]\n"
    "names = \"fleetopt\"\n"
    "time_limit = 60\n"
    "[[generate]]\n"
    "assets = [1, 2, 3]\n"
    "steps = [4, 8]\n"
    "markets = 2\n"
    "seeds = 7\n";

}  // namespace

TEST_CASE("experiment report: a tiny grid analysed into report.html and report.md", "[app][experiment_report]") {
  const fs::path dir = scratch_dir("experiment_report");
  write_text(dir / "grid.toml", kGridConfig);
  const fs::path out = dir / "out";
  const auto grid = run_fleetopt("experiment " + (dir / "grid.toml").string() + " --out " + out.string());
  INFO(grid.output);
  REQUIRE(grid.exit_code == 0);

  const auto run = run_fleetopt("experiment report " + out.string());
  INFO(run.output);
  REQUIRE(run.exit_code == 0);
  CHECK_THAT(run.output, Catch::Contains("2 scaling plots"));
  REQUIRE(fs::is_regular_file(out / "report.html"));
  REQUIRE(fs::is_regular_file(out / "report.md"));

  const std::string md = read_text(out / "report.md");
  INFO(md);
  CHECK_THAT(md, Catch::Contains("# Experiment report: report-test"));
  // The solver row: settings, cells, solved, failed checks, timeouts/crashes.
  const std::string counts = " | " + std::to_string(kGridCells) + " | " + std::to_string(kGridCells) + " | 0 | 0 | ";
  CHECK_THAT(md, Catch::Contains("| fleetopt-tl60-gap1e-04-hull-t1" + counts));
  CHECK_THAT(md, Catch::Contains("exponent in assets (steps = 8, markets = 2)"));
  CHECK_THAT(md, Catch::Contains("exponent in steps (assets = 3, markets = 2)"));
  CHECK_THAT(md, Catch::Contains("## Disagreements\n\nNone."));

  // The page: plotly inlined, the data block readable, both scaling plots and the profile.
  const std::string html = read_text(out / "report.html");
  CHECK(html.size() > 1'000'000);  // plotly.min.js alone is megabytes
  const nlohmann::json data = fleetopt::report::extract_report_data(html);
  CHECK(data["cells"] == kGridCells);
  CHECK(data["scaling"].size() == 2);
  CHECK(data["solvers"][0]["solved"] == kGridCells);
  CHECK(data["profile"]["instances"] == kGridCells);

  // --out elsewhere: the page goes there, report.md stays in the folder.
  const auto elsewhere = run_fleetopt("experiment report " + out.string() + " --out " + (dir / "page.html").string());
  INFO(elsewhere.output);
  CHECK(elsewhere.exit_code == 0);
  CHECK(fs::is_regular_file(dir / "page.html"));
  fs::remove_all(dir);
}

TEST_CASE("experiment report: bad inputs exit 2 with file and line and write nothing", "[app][experiment_report]") {
  const fs::path dir = scratch_dir("experiment_report_bad");
  const std::string header =
      "experiment,config_hash,cell,instance,assets,markets,steps,seed,solver,time_limit,gap_setting,formulation,"
      "threads,status,objective,best_bound,gap,nodes,lp_iterations,seconds,peak_memory_mb,check,message\n";
  const std::string good_row =
      "e,h,i1/fleetopt-tl60-gap0.0001-hull-t1,i1,1,2,4,7,fleetopt,60,0.0001,hull,1,optimal,10,10,0,1,5,0.01,3,passed,\n";
  struct Bad {
    std::string name, results, expected;
  };
  const Bad cases[] = {
      {"header", "experiment,cell,status\ne,i1/x,optimal\n", "results.csv:1: not a fleetopt experiment results file"},
      {"number", header + good_row + "e,h,i2/s,i2,1,2,4,7,fleetopt,60,0.0001,hull,1,optimal,10,10,0,1,5,fast,3,passed,\n",
       "results.csv:3:20: seconds: expected a finite number, got 'fast'"},
      {"count", header + "e,h,i2/s,i2,1.5,2,4,7,fleetopt,60,0.0001,hull,1,optimal,10,10,0,1,5,1,3,passed,\n",
       "results.csv:2:5: assets: expected a whole number"},
      {"cell", header + "e,h,other/s,i2,1,2,4,7,fleetopt,60,0.0001,hull,1,optimal,10,10,0,1,5,1,3,passed,\n",
       "results.csv:2:3: cell: expected '<instance>/<settings>'"},
  };
  for (const Bad& bad : cases) {
    const fs::path folder = dir / bad.name;
    fs::create_directories(folder);
    write_text(folder / "results.csv", bad.results);
    const auto run = run_fleetopt("experiment report " + folder.string());
    INFO(bad.name << ": " << run.output);
    CHECK(run.exit_code == 2);
    CHECK_THAT(run.output, Catch::Contains((folder / bad.expected).string()));
    CHECK_FALSE(fs::exists(folder / "report.html"));
    CHECK_FALSE(fs::exists(folder / "report.md"));
  }

  const auto missing = run_fleetopt("experiment report " + (dir / "no-such-folder").string());
  CHECK(missing.exit_code == 2);
  CHECK_THAT(missing.output, Catch::Contains("no-such-folder: not an experiment result folder"));

  fs::create_directories(dir / "empty");
  const auto no_results = run_fleetopt("experiment report " + (dir / "empty").string());
  CHECK(no_results.exit_code == 2);
  CHECK_THAT(no_results.output, Catch::Contains((dir / "empty" / "results.csv").string() + ": not found"));

  // A good folder but an output folder that does not exist: nothing written, not even report.md.
  fs::create_directories(dir / "good");
  write_text(dir / "good" / "results.csv", header + good_row);
  const auto no_out = run_fleetopt("experiment report " + (dir / "good").string() + " --out " +
                                   (dir / "missing" / "page.html").string());
  CHECK(no_out.exit_code == 2);
  CHECK_THAT(no_out.output, Catch::Contains("the folder of the output file does not exist"));
  CHECK_FALSE(fs::exists(dir / "good" / "report.md"));
  // The same folder reports fine (a hand-written results.csv needs no other file).
  const auto good = run_fleetopt("experiment report " + (dir / "good").string());
  INFO(good.output);
  CHECK(good.exit_code == 0);
  CHECK_THAT(read_text(dir / "good" / "report.md"), Catch::Contains("| fleetopt-tl60-gap0.0001-hull-t1 | 1 | 1 | 0 | 0 |"));
  fs::remove_all(dir);
}
