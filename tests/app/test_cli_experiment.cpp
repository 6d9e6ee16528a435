// `fleetopt experiment` (src/app/experiment.hpp, docs/experiments.md) run as a user runs it: a
// small grid of generated fleets solved by fleetopt and by HiGHS (an independent solver: their
// checked objectives must agree), --resume, shards merged against a single run cell by cell, a
// planted disagreement caught by merge, and bad configs refused before anything runs.
#include <catch2/catch.hpp>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <unistd.h>

#include "cli_runner.hpp"
#include "fleetopt/core/csv.hpp"
#include "fleetopt/core/paths.hpp"
#include "fleetopt/reference/reference_solver.hpp"
#include "requirements.hpp"

namespace fs = std::filesystem;
using fleetopt::test::run_fleetopt;
using fleetopt::test::scratch_dir;

namespace {

using fleetopt::test::read_text;
using fleetopt::test::write_text;

// Two solvers' optima of one instance, both at gap 1e-6: they may differ by the gaps, no more.
constexpr double kOptimumAgreementRelative = 2e-6;

// cell -> the row's fields by column name
std::map<std::string, std::map<std::string, std::string>> rows_by_cell(const fs::path& results) {
  const fleetopt::core::CsvTable t = fleetopt::core::read_csv(results.string());
  std::map<std::string, std::map<std::string, std::string>> out;
  for (const auto& r : t.rows) {
    std::map<std::string, std::string> row;
    for (size_t c = 0; c < t.header.size(); ++c) row[t.header[c]] = r.fields[c];
    out[row["cell"]] = row;
  }
  return out;
}

std::string grid_config(bool with_highs) {
  return std::string("name = \"grid-test\"\n") +
         "[solvers]\n"
         "names = [\"fleetopt\"" + (with_highs ? ", \"highs\"" : "") + "]\n"
         "time_limit = 60\n"
         "gap = 1e-6\n"
         "[[generate]]\n"
         "assets = [1, 2]\n"
         "steps = 6\n"
         "markets = 3\n"
         "seeds = [3, 4]\n"
         "cap_fraction = [0.0, 0.5]\n";
}

}  // namespace

TEST_CASE("experiment: a grid runs, is checked, agrees with HiGHS, resumes, shards and merges",
          "[app][experiment]") {
  const bool with_highs = fleetopt::reference::reference_available(fleetopt::reference::ReferenceSolver::highs);
  if (!with_highs)
    fleetopt::test::missing_reference_solver(fleetopt::reference::ReferenceSolver::highs,
                                             "HiGHS through /usr/bin/python3 + scipy is not available: fleetopt cells only");
  const fs::path dir = scratch_dir("experiment_grid");
  write_text(dir / "grid.toml", grid_config(with_highs));
  const size_t cells = 2 * 2 * 2 * (with_highs ? 2 : 1);  // assets x seeds x caps x solvers

  const auto single = run_fleetopt("experiment " + (dir / "grid.toml").string() + " --out " + (dir / "all").string() +
                                   " --jobs 2");
  INFO(single.output);
  REQUIRE(single.exit_code == 0);
  const auto rows = rows_by_cell(dir / "all" / "results.csv");
  REQUIRE(rows.size() == cells);
  std::map<std::string, std::map<std::string, double>> objective_by_instance;  // instance -> solver -> objective
  for (const auto& [cell, row] : rows) {
    INFO(cell << ": " << row.at("status") << " " << row.at("message"));
    CHECK(row.at("status") == "optimal");
    CHECK(row.at("check") == "passed");
    CHECK(row.at("experiment") == "grid-test");
    objective_by_instance[row.at("instance")][row.at("solver")] = std::stod(row.at("objective"));
    // Every cell's result folder is there to be checked again by hand.
    CHECK(fs::exists(dir / "all" / "cells"));
  }
  CHECK(objective_by_instance.size() == 8);
  if (with_highs)
    for (const auto& [instance, by_solver] : objective_by_instance) {
      INFO(instance);
      const double ours = by_solver.at("fleetopt"), highs = by_solver.at("highs");
      CHECK(std::abs(ours - highs) <= kOptimumAgreementRelative * std::max(1.0, std::abs(highs)));
    }
  // No disagreement: only the header.
  CHECK(read_text(dir / "all" / "disagreements.csv").find('\n') == read_text(dir / "all" / "disagreements.csv").size() - 1);

  // --resume: nothing left to run, results unchanged; without it the folder is refused.
  const std::string before = read_text(dir / "all" / "results.csv");
  const auto resumed = run_fleetopt("experiment " + (dir / "grid.toml").string() + " --out " + (dir / "all").string() +
                                    " --resume");
  INFO(resumed.output);
  CHECK(resumed.exit_code == 0);
  CHECK_THAT(resumed.output, Catch::Contains("Ran 0 cells (" + std::to_string(cells) + " already in results.csv)"));
  CHECK(read_text(dir / "all" / "results.csv") == before);
  CHECK(run_fleetopt("experiment " + (dir / "grid.toml").string() + " --out " + (dir / "all").string()).exit_code == 2);

  // Three shards, merged: the same cells with the same statuses and objectives as one run.
  std::string shard_dirs;
  for (int k = 1; k <= 3; ++k) {
    const fs::path shard = dir / ("shard" + std::to_string(k));
    const auto run = run_fleetopt("experiment " + (dir / "grid.toml").string() + " --out " + shard.string() +
                                  " --shard " + std::to_string(k) + "/3");
    INFO(run.output);
    REQUIRE(run.exit_code == 0);
    shard_dirs += " " + shard.string();
  }
  const auto merged = run_fleetopt("experiment merge" + shard_dirs + " --out " + (dir / "merged").string());
  INFO(merged.output);
  REQUIRE(merged.exit_code == 0);
  const auto merged_rows = rows_by_cell(dir / "merged" / "results.csv");
  REQUIRE(merged_rows.size() == rows.size());
  for (const auto& [cell, row] : rows) {
    INFO(cell);
    REQUIRE(merged_rows.count(cell) == 1);
    CHECK(merged_rows.at(cell).at("status") == row.at("status"));
    if (row.at("solver") == "fleetopt") CHECK(merged_rows.at(cell).at("objective") == row.at("objective"));
    else CHECK(std::stod(merged_rows.at(cell).at("objective")) == Approx(std::stod(row.at("objective"))).epsilon(1e-9));
  }
  // A shard given twice overlaps; another config's folder is refused by --resume and merge.
  CHECK(run_fleetopt("experiment merge " + (dir / "shard1").string() + " " + (dir / "shard1").string() + " --out " +
                     (dir / "twice").string())
            .exit_code == 2);
  CHECK_FALSE(fs::exists(dir / "twice"));
  write_text(dir / "other.toml", "name = \"other\"\n[solvers]\nnames = \"fleetopt\"\n[[generate]]\nassets = 1\nsteps = 4\n");
  const auto other = run_fleetopt("experiment " + (dir / "other.toml").string() + " --out " + (dir / "all").string() +
                                  " --resume");
  CHECK(other.exit_code == 2);
  CHECK_THAT(other.output, Catch::Contains("another experiment config"));
  fs::remove_all(dir);
}

TEST_CASE("experiment: merge flags a schedule that earns more than another cell's proven bound",
          "[app][experiment]") {
  const fs::path dir = scratch_dir("experiment_disagree");
  // One instance, fleetopt at two gaps: two cells whose objectives and bounds must be consistent.
  write_text(dir / "g.toml",
             "name = \"disagree\"\n[solvers]\nnames = \"fleetopt\"\ngap = [1e-6, 1e-5]\n"
             "[[generate]]\nassets = 2\nsteps = 6\nmarkets = 3\nseeds = 5\n");
  const auto run = run_fleetopt("experiment " + (dir / "g.toml").string() + " --out " + (dir / "a").string());
  INFO(run.output);
  REQUIRE(run.exit_code == 0);
  // Plant a wrong bound: the second cell claims a bound 1% below the first cell's checked objective.
  const fs::path results = dir / "a" / "results.csv";
  fleetopt::core::CsvTable t = fleetopt::core::read_csv(results.string());
  REQUIRE(t.rows.size() == 2);
  const int objective = t.column("objective"), bound = t.column("best_bound");
  const double planted = 0.99 * std::stod(t.rows[0].fields[static_cast<size_t>(objective)]);
  t.rows[1].fields[static_cast<size_t>(bound)] = std::to_string(planted);
  std::string text;
  for (size_t c = 0; c < t.header.size(); ++c) text += (c ? "," : "") + t.header[c];
  text += "\n";
  for (const auto& r : t.rows) {
    for (size_t c = 0; c < r.fields.size(); ++c) text += (c ? "," : "") + fleetopt::core::csv_escape(r.fields[c]);
    text += "\n";
  }
  write_text(results, text);
  const auto merged = run_fleetopt("experiment merge " + (dir / "a").string() + " --out " + (dir / "m").string());
  INFO(merged.output);
  CHECK(merged.exit_code == 1);
  CHECK_THAT(merged.output, Catch::Contains("DISAGREEMENT"));
  const std::string disagreements = read_text(dir / "m" / "disagreements.csv");
  CHECK_THAT(disagreements, Catch::Contains(t.rows[0].fields[static_cast<size_t>(t.column("cell"))]));
  CHECK_THAT(disagreements, Catch::Contains(t.rows[1].fields[static_cast<size_t>(t.column("cell"))]));
  fs::remove_all(dir);
}

TEST_CASE("experiment: bad configs are refused before anything runs, with file and line", "[app][experiment]") {
  const fs::path dir = scratch_dir("experiment_bad");
  struct Bad {
    std::string body, expected;
  };
  const std::string instance = "[[generate]]\nassets = 1\nsteps = 4\n";
  // `key = [1, 2, ..., count]`: one axis of a large grid.
  const auto axis_of = [](const std::string& key, int count) {
    std::string line = key + " = [";
    for (int i = 1; i <= count; ++i) line += std::to_string(i) + (i < count ? ", " : "]\n");
    return line;
  };
  const Bad cases[] = {
      {"name = \"b\"\n[solvers]\nnames = [\"fleetopt\", \"gurobi\"]\n" + instance, "b.toml:3:9: names: unknown solver 'gurobi'"},
      {"name = \"b\"\n[solvers]\nnames = \"fleetopt\"\nspeed = 3\n" + instance, "b.toml:4:1: unknown key 'speed' in [solvers]"},
      {"name = \"b\"\n[solvers]\nnames = \"fleetopt\"\ntime_limit = \"fast\"\n" + instance,
       "b.toml:4:14: time_limit: expected seconds > 0, got a string"},
      {"name = \"b\"\n[solvers]\nnames = \"fleetopt\"\n", "b.toml:1:1: the grid is empty"},
      {"name = \"b\"\n[solvers]\nnames = \"fleetopt\"\n[[generate]]\nassets = []\nsteps = 4\n",
       "b.toml:5:10: assets: an empty list leaves nothing to run"},
      {"name = \"b\"\n[solvers]\nnames = \"fleetopt\"\n[[instance]]\npath = \"missing/instance.toml\"\n",
       "b.toml:5:8: '" + (dir / "missing" / "instance.toml").string() + "': cannot read the instance file: no such file"},
      {"name = \"b\"\n[solvers]\nnames = \"fleetopt\"\n[[generate]]\nassets = 1\nsteps = 4\ncolour = 1\n",
       "b.toml:7:1: unknown key 'colour' in [[generate]]"},
      // Found by tests/fuzz/fuzz_experiment (docs/fuzzing.md): a grid of lists was expanded in
      // full (minutes, gigabytes) before any check; now more than 100000 cells are refused.
      {"name = \"b\"\n[solvers]\nnames = \"fleetopt\"\n[[generate]]\nassets = 1\nsteps = 4\n" + axis_of("seeds", 11) +
           axis_of("min_bid_mw", 10) + axis_of("cap_fraction", 10) + axis_of("price_noise", 10) + axis_of("negative_spikes", 10),
       "b.toml:4:1: [[generate]]: the grid would have more than 100000 cells"},
      {"name = \"b\"\n[solvers]\nnames = \"fleetopt\"\n" + axis_of("gap", 10) + axis_of("threads", 10) +
           "[[generate]]\nassets = 1\nsteps = 4\n" + axis_of("seeds", 11) + axis_of("min_bid_mw", 10) + axis_of("cap_fraction", 10),
       "b.toml:1:1: instances x [solvers] settings: the grid would have more than 100000 cells"},
      // An integer beyond int wrapped around (4294967297 assets read as 1); found with the above.
      {"name = \"b\"\n[solvers]\nnames = \"fleetopt\"\n[[generate]]\nassets = 4294967297\nsteps = 4\n",
       "b.toml:5:10: assets: expected a positive integer or a list of them, got 4294967297 (too large)"},
  };
  for (const Bad& bad : cases) {
    write_text(dir / "b.toml", bad.body);
    const auto run = run_fleetopt("experiment " + (dir / "b.toml").string() + " --out " + (dir / "out").string());
    INFO(bad.body);
    INFO(run.output);
    CHECK(run.exit_code == 2);
    CHECK_THAT(run.output, Catch::Contains(bad.expected));
    CHECK_FALSE(fs::exists(dir / "out"));
  }
  write_text(dir / "ok.toml", "name = \"ok\"\n[solvers]\nnames = \"fleetopt\"\n" + instance);
  CHECK(run_fleetopt("experiment " + (dir / "ok.toml").string() + " --out " + (dir / "out").string() + " --shard 3/2")
            .exit_code == 2);
  CHECK_FALSE(fs::exists(dir / "out"));
  fs::remove_all(dir);
}

TEST_CASE("experiment: windows of the real 2021 prices, with their attribution", "[app][experiment]") {
  if (!fleetopt::core::shared_data_dir()) {
    fleetopt::test::missing_shared_data(fleetopt::core::shared_data_missing_message() +
                                        "; skipping the real-price experiment");
    return;
  }
  const fs::path dir = scratch_dir("experiment_prices");
  write_text(dir / "p.toml",
             "name = \"prices\"\n[solvers]\nnames = \"fleetopt\"\ngap = 1e-6\n"
             "[[prices]]\nfrom = \"2021-06-01\"\nhours = [24, 48]\nassets = 2\n");
  const auto run = run_fleetopt("experiment " + (dir / "p.toml").string() + " --out " + (dir / "out").string());
  INFO(run.output);
  REQUIRE(run.exit_code == 0);
  const auto rows = rows_by_cell(dir / "out" / "results.csv");
  REQUIRE(rows.size() == 2);
  for (const auto& [cell, row] : rows) {
    INFO(cell);
    CHECK(row.at("status") == "optimal");
    CHECK(row.at("check") == "passed");
    CHECK(row.at("assets") == "2");
    CHECK((row.at("steps") == "24" || row.at("steps") == "48"));
    // The window's instance, written once, carries the attribution; so does the result folder.
    const fs::path instance_dir = dir / "out" / "instances" / row.at("instance");
    CHECK_THAT(read_text(instance_dir / "ATTRIBUTION.md"), Catch::Contains("CC BY 4.0"));
    CHECK_THAT(read_text(instance_dir / "instance.toml"), Catch::Contains("CC BY 4.0"));
  }
  CHECK_THAT(read_text(dir / "out" / "ATTRIBUTION.md"), Catch::Contains("Energinet"));
  // A window that leaves 2021 is refused before anything runs.
  write_text(dir / "late.toml",
             "name = \"late\"\n[solvers]\nnames = \"fleetopt\"\n[[prices]]\nfrom = \"2021-12-31\"\nhours = 48\n");
  const auto late = run_fleetopt("experiment " + (dir / "late.toml").string() + " --out " + (dir / "late").string());
  CHECK(late.exit_code == 2);
  CHECK_THAT(late.output, Catch::Contains("late.toml:6:9: hours: the window 2021-12-31 + 48 h"));
  CHECK_FALSE(fs::exists(dir / "late"));
  fs::remove_all(dir);
}

TEST_CASE("experiment: every ready config in experiments/ is valid", "[app][experiment]") {
  int configs = 0;
  for (const auto& entry : fs::directory_iterator(fs::path(FLEETOPT_SOURCE_DIR) / "experiments")) {
    if (entry.path().extension() != ".toml") continue;
    if (read_text(entry.path()).find("[[prices]]") != std::string::npos && !fleetopt::core::shared_data_dir()) {
      fleetopt::test::missing_shared_data(entry.path().filename().string() + " needs the shared price data: skipped");
      continue;
    }
    const auto run = run_fleetopt("experiment " + entry.path().string() + " --dry-run");
    INFO(entry.path() << "\n" << run.output);
    CHECK(run.exit_code == 0);
    CHECK_THAT(run.output, Catch::Contains("cells; dry run"));
    ++configs;
  }
  CHECK(configs >= 6);
}

namespace {

// A child process of `parent`, from /proc/<pid>/stat (field 4 is the parent's pid), or -1. Read
// directly: procps (pgrep) is not on every Debian machine.
pid_t child_of(pid_t parent) {
  for (const auto& entry : fs::directory_iterator("/proc")) {
    const std::string name = entry.path().filename().string();
    if (name.empty() || name.find_first_not_of("0123456789") != std::string::npos) continue;
    std::ifstream stat(entry.path() / "stat");
    std::string line;
    if (!std::getline(stat, line)) continue;
    const size_t close = line.rfind(')');  // the command name may hold spaces and parentheses
    if (close == std::string::npos) continue;
    std::istringstream rest(line.substr(close + 1));
    std::string state;
    long ppid = 0;
    if (rest >> state >> ppid && ppid == parent) return static_cast<pid_t>(std::stol(name));
  }
  return -1;
}

}  // namespace

TEST_CASE("experiment: a cell that crashes is recorded as crashed and the grid goes on", "[app][experiment]") {
  const fs::path dir = scratch_dir("experiment_crash");
  // Cell 1 is a coupled fleet that runs until its 30 s limit; cell 2 is tiny. --jobs 1 runs them
  // one after the other.
  write_text(dir / "c.toml",
             "name = \"crash\"\n[solvers]\nnames = \"fleetopt\"\ntime_limit = 30\n"
             "[[generate]]\nassets = 10\nsteps = 96\nmarkets = 4\ncap_fraction = 0.5\nmin_bid_mw = 1.0\n"
             "[[generate]]\nassets = 1\nsteps = 4\nmarkets = 2\n");
  const pid_t pid = fleetopt::test::start_fleetopt(
      {"experiment", (dir / "c.toml").string(), "--out", (dir / "out").string(), "--jobs", "1"}, dir / "log.txt");
  // Find the first cell's process (the runner's child) and kill it as the kernel's out-of-memory
  // killer would. SIGKILL, not SIGSEGV: under AddressSanitizer a SIGSEGV is caught and becomes an
  // exit code, which the runner records as "failed", not "crashed".
  pid_t cell = -1;
  for (int tries = 0; tries < 200 && cell <= 0; ++tries) {
    usleep(50000);
    cell = child_of(pid);
  }
  REQUIRE(cell > 0);
  usleep(300000);  // let it get going
  REQUIRE(kill(cell, SIGKILL) == 0);
  const int code = fleetopt::test::wait_fleetopt(pid);
  INFO(read_text(dir / "log.txt"));
  CHECK(code == 0);
  const auto rows = rows_by_cell(dir / "out" / "results.csv");
  REQUIRE(rows.size() == 2);
  int crashed = 0, optimal = 0;
  for (const auto& [id, row] : rows) {
    INFO(id << ": " << row.at("status") << " " << row.at("message"));
    if (row.at("status") == "crashed") {
      ++crashed;
      CHECK_THAT(row.at("message"), Catch::Contains("signal 9"));
      CHECK(row.at("assets") == "10");
    }
    if (row.at("status") == "optimal") {
      ++optimal;
      CHECK(row.at("check") == "passed");
    }
  }
  CHECK(crashed == 1);
  CHECK(optimal == 1);
  fs::remove_all(dir);
}
