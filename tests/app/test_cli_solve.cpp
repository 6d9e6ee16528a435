// `fleetopt solve` and `fleetopt mip` end to end: result folders that `fleetopt check` accepts,
// the exit codes (0, 1, 2, 4), limits that leave a valid bound, Ctrl-C (status interrupted, a
// checked folder, within a second; a second Ctrl-C quits at once), the default demo on our own
// solver, and MIPLIB files from the shared data folder.
#include <algorithm>
#include <catch2/catch.hpp>
#include <chrono>
#include <cmath>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>
#include <thread>

#include "cli_runner.hpp"
#include "fleetopt/core/csv.hpp"
#include "fleetopt/core/paths.hpp"
#include "fleetopt/core/tolerances.hpp"
#include "requirements.hpp"

namespace fs = std::filesystem;
using fleetopt::test::run_fleetopt;
using Run = fleetopt::test::CliRun;

namespace {

const std::string kReference = FLEETOPT_SOURCE_DIR "/data/reference/";

nlohmann::json read_json(const fs::path& path) {
  std::ifstream in(path);
  REQUIRE(in.good());
  return nlohmann::json::parse(in);
}

double agreed_optimum(const std::string& instance_folder) {
  const auto table = fleetopt::core::read_csv(FLEETOPT_SOURCE_DIR "/data/reference/optima.csv");
  for (const auto& row : table.rows)
    if (row.fields[table.column("instance")] == "data/reference/" + instance_folder + "/instance.toml")
      return std::stod(row.fields[table.column("objective")]);
  FAIL("no agreed optimum for " << instance_folder);
  return 0.0;
}

// A 4-item knapsack with a cardinality row, as a minimisation:
//   min -(10 x1 + 13 x2 + 7 x3 + 8 x4)  s.t.  4 x1 + 6 x2 + 3 x3 + 5 x4 <= 10,  x1+x2+x3+x4 >= 2,
//   x binary. By enumeration the optimum is x1 = x2 = 1, objective -23; the LP relaxation is
//   fractional (x1 = x3 = 1, x2 = 1/2, -23.5), and x = 0 is infeasible, so no solution exists
//   before the root LP.
const char* kKnapsackMps =
    "NAME knapsack\n"
    "ROWS\n"
    " N obj\n"
    " L weight\n"
    " G count\n"
    "COLUMNS\n"
    " MARKER MARKER INTORG\n"
    " x1 obj -10 weight 4\n"
    " x1 count 1\n"
    " x2 obj -13 weight 6\n"
    " x2 count 1\n"
    " x3 obj -7 weight 3\n"
    " x3 count 1\n"
    " x4 obj -8 weight 5\n"
    " x4 count 1\n"
    " MARKER MARKER INTEND\n"
    "RHS\n"
    " rhs weight 10 count 2\n"
    "ENDATA\n";

// x + y = 1 and x - y = 0 with x, y binary: the LP has x = y = 1/2, no integer point exists.
const char* kInfeasibleMps =
    "NAME parity\n"
    "ROWS\n"
    " N obj\n"
    " E sum\n"
    " E diff\n"
    "COLUMNS\n"
    " MARKER MARKER INTORG\n"
    " x obj 1 sum 1\n"
    " x diff 1\n"
    " y obj 1 sum 1\n"
    " y diff -1\n"
    " MARKER MARKER INTEND\n"
    "RHS\n"
    " rhs sum 1\n"
    "ENDATA\n";

using fleetopt::test::ScopedEnv;

fs::path write_mps(const fs::path& dir, const std::string& name, const char* text) {
  const fs::path path = dir / name;
  std::ofstream(path) << text;
  return path;
}

}  // namespace

TEST_CASE("fleetopt solve writes a result folder that fleetopt check accepts", "[app][cli][solve]") {
  const fs::path dir = fleetopt::test::scratch_dir("solve_reference");
  for (const char* name : {"seed-2x4x6-s1", "caps-3x3x6"}) {
    INFO(name);
    const std::string instance = kReference + name + "/instance.toml";
    const fs::path out = dir / name;
    const Run run = run_fleetopt("solve " + instance + " --gap 0 --out " + out.string());
    INFO(run.output);
    REQUIRE(run.exit_code == 0);
    CHECK_THAT(run.output, Catch::Contains("Objective value:") && Catch::Contains("Non-zero bids") &&
                               Catch::Contains("check passed") && Catch::Contains("Fleet:"));
    const nlohmann::json summary = read_json(out / "summary.json");
    CHECK(summary.at("status") == "optimal");
    CHECK(summary.at("solver") == "fleetopt");
    const double optimum = agreed_optimum(name);
    CHECK(std::abs(summary.at("objective").get<double>() - optimum) <= 1e-7 * std::abs(optimum));
    CHECK(summary.at("best_bound").get<double>() >= optimum - 1e-6);
    // Beyond section 6: the root LP bound (we maximise: it bounds the proven bound from above),
    // the blocks (a separable fleet is one block per asset) and the time split.
    const double root_bound = summary.at("root_bound").get<double>();
    CHECK(root_bound >= summary.at("best_bound").get<double>() - 1e-6 * std::max(1.0, std::abs(root_bound)));
    CHECK(summary.at("blocks").get<int>() == (std::string(name) == "caps-3x3x6" ? 1 : 2));
    const nlohmann::json& times = summary.at("times");
    for (const char* part : {"total", "root_lp", "node_lp", "strong_branching", "heuristics", "heuristics_beside",
                             "node_lps_ahead", "cuts"}) {
      INFO(part);
      REQUIRE(times.contains(part));
      CHECK(times.at(part).get<double>() >= 0.0);
    }
    CHECK(times.at("total").get<double>() > 0.0);
    CHECK(times.at("total").get<double>() <= summary.at("seconds").get<double>() + 1e-9);
    const Run check = run_fleetopt("check " + instance + " " + out.string());
    INFO(check.output);
    CHECK(check.exit_code == 0);
    // `fleetopt report` reads the folder with its extra keys too (a stand-in for plotly.min.js,
    // which the report inlines: the test is about reading the folder).
    const fs::path plotly = dir / "fake-plotly.min.js";
    std::ofstream(plotly) << "window.Plotly = {};\n";
    const ScopedEnv plotly_env("FLEETOPT_PLOTLY_JS", plotly.string());
    const Run report = run_fleetopt("report " + out.string() + " --instance " + instance + " --out " +
                                    (dir / (std::string(name) + ".html")).string());
    INFO(report.output);
    CHECK(report.exit_code == 0);
  }
  fs::remove_all(dir);
}

TEST_CASE("fleetopt solve exits 1 on an infeasible instance and 2 on bad input, writing nothing on bad input",
          "[app][cli][solve]") {
  const fs::path dir = fleetopt::test::scratch_dir("solve_exit_codes");
  const std::string infeasible = kReference + "infeasible-soc-2x2x4/instance.toml";
  const Run run = run_fleetopt("solve " + infeasible + " --out " + (dir / "inf").string());
  CHECK(run.exit_code == 1);
  CHECK(read_json(dir / "inf" / "summary.json").at("status") == "infeasible");
  CHECK_FALSE(fs::exists(dir / "inf" / "bids.csv"));
  // `check` confirms the claim independently: doing nothing is infeasible.
  CHECK(run_fleetopt("check " + infeasible + " " + (dir / "inf").string()).exit_code == 0);

  // A folder stands for the instance.toml inside it (as `fleetopt generate` writes one); a folder
  // without one is refused with that file's name.
  REQUIRE(run_fleetopt("generate --assets 2 --markets 2 --steps 4 --seed 3 --out " + (dir / "gen").string()).exit_code == 0);
  const Run folder = run_fleetopt("solve " + (dir / "gen").string() + " --out " + (dir / "from_folder").string());
  CHECK(folder.exit_code == 0);
  CHECK(run_fleetopt("check " + (dir / "gen").string() + " " + (dir / "from_folder").string()).exit_code == 0);
  const Run directory = run_fleetopt("solve " + dir.string() + " --out " + (dir / "bad").string());
  CHECK(directory.exit_code == 2);
  CHECK_THAT(directory.output,
             Catch::Contains((dir / "instance.toml").string() + ": cannot read the instance file: no such file"));
  CHECK_FALSE(fs::exists(dir / "bad"));
  for (const std::string& bad : {std::string("solve ") + (dir / "absent.toml").string(),
                                 std::string("solve --generate 2,x,4"),
                                 std::string("solve --generate 2,2,4 --formulation loose"),
                                 std::string("solve --generate 2,2,4 --gap -1"),
                                 std::string("solve --generate 2,2,4 --branching nonsense"),
                                 std::string("solve --generate 2,2,4 --cuts gomory,lift")}) {
    INFO(bad);
    const Run r = run_fleetopt(bad + " --out " + (dir / "bad").string());
    CHECK(r.exit_code == 2);
    CHECK_FALSE(fs::exists(dir / "bad"));
  }
  fs::remove_all(dir);
}

TEST_CASE("fleetopt solve --no-uncoupled-lp-start: a coupled fleet's root LP from the slack basis, the same optimum",
          "[app][cli][solve]") {
  const fs::path dir = fleetopt::test::scratch_dir("solve_uncoupled_start");
  REQUIRE(run_fleetopt("generate --assets 3 --markets 4 --steps 12 --seed 4 --cap-fraction 0.5 --min-bid 1 --out " +
                       (dir / "inst").string())
              .exit_code == 0);
  const std::string instance = (dir / "inst" / "instance.toml").string();
  double objective[2] = {0.0, 0.0};
  for (int off = 0; off < 2; ++off) {
    const fs::path out = dir / (off ? "slack" : "uncoupled");
    const Run run = run_fleetopt("solve " + instance + " --gap 0 --out " + out.string() +
                                 (off ? " --no-uncoupled-lp-start" : ""));
    INFO(run.output);
    REQUIRE(run.exit_code == 0);
    // The log line of the coupled path says how many of the root LP's iterations the start took.
    const std::size_t at = run.output.find(" of them from the uncoupled start");
    REQUIRE(at != std::string::npos);
    const std::size_t number = run.output.rfind(", ", at) + 2;
    const long long uncoupled = std::stoll(run.output.substr(number, at - number));
    CHECK((off ? uncoupled == 0 : uncoupled > 0));
    const nlohmann::json summary = read_json(out / "summary.json");
    REQUIRE(summary.at("status") == "optimal");
    objective[off] = summary.at("objective").get<double>();
    CHECK(run_fleetopt("check " + instance + " " + out.string()).exit_code == 0);
  }
  CHECK(std::abs(objective[0] - objective[1]) <=
        fleetopt::core::tol::kObjectiveAgreementRelative * std::max(1.0, std::abs(objective[1])));
}

TEST_CASE("fleetopt solve under time and node limits returns a checked schedule and a valid bound",
          "[app][cli][solve]") {
  const fs::path dir = fleetopt::test::scratch_dir("solve_limits");
  REQUIRE(run_fleetopt("generate --assets 6 --markets 4 --steps 48 --seed 5 --out " + (dir / "inst").string())
              .exit_code == 0);
  const std::string instance = (dir / "inst" / "instance.toml").string();
  const Run exact = run_fleetopt("solve " + instance + " --gap 0 --quiet --out " + (dir / "exact").string());
  REQUIRE(exact.exit_code == 0);
  const nlohmann::json best = read_json(dir / "exact" / "summary.json");
  REQUIRE(best.at("status") == "optimal");
  const double optimum = best.at("objective").get<double>();

  for (const std::string& limit : {std::string("--node-limit 1 --no-decompose"), std::string("--node-limit 1"),
                                   std::string("--time-limit 0")}) {
    INFO(limit);
    const fs::path out = dir / "limited";
    const Run run = run_fleetopt("solve " + instance + " --gap 0 --quiet " + limit + " --out " + out.string());
    INFO(run.output);
    REQUIRE(run.exit_code == 0);
    const nlohmann::json summary = read_json(out / "summary.json");
    const std::string status = summary.at("status");
    CHECK((status == "feasible" || status == "optimal"));
    CHECK(summary.at("objective").get<double>() <= optimum + 1e-6);
    CHECK(summary.at("best_bound").get<double>() >= optimum - 1e-6);
    CHECK(run_fleetopt("check " + instance + " " + out.string()).exit_code == 0);
  }
  fs::remove_all(dir);
}

TEST_CASE("Ctrl-C stops fleetopt solve within a second with a checked, interrupted result", "[app][cli][solve]") {
  const fs::path dir = fleetopt::test::scratch_dir("solve_sigint");
  // 30 assets x 96 steps as one model at gap 0: its root LP alone takes about a second here and
  // closing the gap takes far longer, so the solve is still running when the signal comes.
  REQUIRE(run_fleetopt("generate --assets 30 --markets 4 --steps 96 --out " + (dir / "inst").string()).exit_code == 0);
  const std::string instance = (dir / "inst" / "instance.toml").string();
  const fs::path out = dir / "result";

  SECTION("one Ctrl-C: interrupted, written and checked") {
    const pid_t pid = fleetopt::test::start_fleetopt(
        {"solve", instance, "--no-decompose", "--gap", "0", "--out", out.string()}, dir / "output.txt");
    std::this_thread::sleep_for(std::chrono::milliseconds(1500));
    const auto signalled = std::chrono::steady_clock::now();
    REQUIRE(kill(pid, SIGINT) == 0);
    const int exit_code = fleetopt::test::wait_fleetopt(pid);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - signalled).count();
    std::ifstream text(dir / "output.txt");
    std::stringstream output;
    output << text.rdbuf();
    INFO(output.str());
    CHECK(exit_code == 0);
    CHECK(seconds < 1.0);
    REQUIRE(fs::exists(out / "summary.json"));
    CHECK(read_json(out / "summary.json").at("status") == "interrupted");
    CHECK_THAT(output.str(), Catch::Contains("check passed"));
    const Run check = run_fleetopt("check " + instance + " " + out.string());
    INFO(check.output);
    CHECK(check.exit_code == 0);
  }
  SECTION("a second Ctrl-C quits at once with 130") {
    const pid_t pid = fleetopt::test::start_fleetopt(
        {"solve", instance, "--no-decompose", "--gap", "0", "--out", out.string()}, dir / "output.txt");
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    REQUIRE(kill(pid, SIGINT) == 0);
    // Signals sent back to back may merge into one: wait until the first was handled (its
    // message is out), then send the second while the solver is still finishing (the result
    // folder appears only at the very end, so its absence means the process is still busy).
    bool handled = false;
    for (int i = 0; i < 20000 && !handled; ++i) {
      std::ifstream text(dir / "output.txt");
      std::stringstream output;
      output << text.rdbuf();
      handled = output.str().find("Ctrl-C again") != std::string::npos;
      if (!handled) std::this_thread::sleep_for(std::chrono::microseconds(250));
    }
    REQUIRE(handled);
    if (fs::exists(out)) {
      WARN("the solve finished before the second Ctrl-C could be sent; nothing to test");
      fleetopt::test::wait_fleetopt(pid);
    } else {
      REQUIRE(kill(pid, SIGINT) == 0);
      CHECK(fleetopt::test::wait_fleetopt(pid) == 130);
      // Quitting at once never leaves a partial folder: it is absent, or complete if the rename
      // came first.
      if (fs::exists(out)) CHECK(fs::exists(out / "dispatch.csv"));
    }
  }
  fs::remove_all(dir);
}

TEST_CASE("fleetopt demo solves the embedded default with our own solver", "[app][cli][solve]") {
  const fs::path dir = fleetopt::test::scratch_dir("demo_own");
  const Run run = run_fleetopt("demo --out " + (dir / "out").string());
  INFO(run.output);
  REQUIRE(run.exit_code == 0);
  // 2680.40 EUR: the optimum agreed by GLPK, CBC and HiGHS (data/reference/optima.csv).
  CHECK_THAT(run.output, Catch::Contains("Solved with fleetopt") && Catch::Contains("Objective value: 2680.40 EUR") &&
                             Catch::Contains("Prequalified power") && Catch::Contains("State of charge") &&
                             Catch::Contains("check passed"));
  CHECK(read_json(dir / "out" / "result" / "summary.json").at("solver") == "fleetopt");
  CHECK(fs::file_size(dir / "out" / "report.html") > 0);
  fs::remove_all(dir);
}

TEST_CASE("fleetopt mip on small MILPs: optimum, infeasible (1), no solution under a limit (4)", "[app][cli][mip]") {
  const fs::path dir = fleetopt::test::scratch_dir("mip_small");
  const std::string knapsack = write_mps(dir, "knapsack.mps", kKnapsackMps).string();

  const Run solved = run_fleetopt("mip " + knapsack + " --json");
  INFO(solved.output);
  REQUIRE(solved.exit_code == 0);
  const nlohmann::json j = nlohmann::json::parse(solved.output);
  CHECK(j.at("status") == "optimal");
  CHECK(j.at("objective").get<double>() == Approx(-23.0).margin(1e-9));
  CHECK(j.at("best_bound").get<double>() <= -23.0 + 1e-6);  // minimisation: a lower bound
  CHECK(j.at("nodes").get<long long>() >= 1);
  for (const char* key : {"gap", "lp_iterations", "seconds", "times"}) CHECK(j.contains(key));
  for (const char* key : {"root_lp", "node_lp", "strong_branching", "heuristics", "heuristics_beside", "node_lps_ahead",
                          "cuts"})
    CHECK(j.at("times").contains(key));
  // The root cut loop (its LPs included) is part of the whole solve's seconds.
  CHECK(j.at("times").at("cuts").get<double>() <= j.at("seconds").get<double>());
  // One entry per default heuristic (simple rounding, fix-and-resolve, fractional diving, the
  // feasibility pump, RINS, one-opt);
  // their seconds add up to the heuristics' time.
  REQUIRE(j.at("heuristics").size() == 6);
  CHECK(j.at("heuristics")[0].at("name") == "simple rounding");
  CHECK(j.at("heuristics")[4].at("name") == "rins");
  CHECK(j.at("heuristics")[3].at("name") == "feasibility pump");
  CHECK(j.at("heuristics")[5].at("name") == "one-opt");
  double heuristic_seconds = 0.0;
  for (const auto& h : j.at("heuristics")) heuristic_seconds += h.at("seconds").get<double>();
  CHECK(heuristic_seconds == Approx(j.at("times").at("heuristics").get<double>()).margin(1e-9));

  for (const char* limit : {"--node-limit 0", "--time-limit 0", "--lp-iteration-limit 0"}) {
    INFO(limit);
    const Run limited = run_fleetopt("mip " + knapsack + " --json " + limit);
    CHECK(limited.exit_code == 4);
    const nlohmann::json l = nlohmann::json::parse(limited.output);
    CHECK(l.at("status") == "no_solution");
    CHECK(l.at("objective").is_null());
  }

  // One node (the root): whatever the heuristics found, the bound is a valid lower bound.
  const Run root_only = run_fleetopt("mip " + knapsack + " --json --node-limit 1");
  INFO(root_only.output);
  const nlohmann::json r = nlohmann::json::parse(root_only.output);
  const std::string status = r.at("status");
  CHECK((status == "feasible" || status == "no_solution" || status == "optimal"));
  CHECK(root_only.exit_code == (status == "no_solution" ? 4 : 0));
  REQUIRE(r.at("best_bound").is_number());
  CHECK(r.at("best_bound").get<double>() <= -23.0 + 1e-6);
  if (r.at("objective").is_number()) CHECK(r.at("objective").get<double>() >= -23.0 - 1e-9);

  const Run human = run_fleetopt("mip " + knapsack + " --branching most-fractional");
  INFO(human.output);
  CHECK(human.exit_code == 0);
  CHECK_THAT(human.output, Catch::Contains("status          optimal") && Catch::Contains("objective       -23"));

  const Run infeasible = run_fleetopt("mip " + write_mps(dir, "parity.mps", kInfeasibleMps).string() + " --json");
  INFO(infeasible.output);
  CHECK(infeasible.exit_code == 1);
  CHECK(nlohmann::json::parse(infeasible.output).at("status") == "infeasible");

  CHECK(run_fleetopt("mip " + (dir / "absent.mps").string()).exit_code == 2);
  CHECK(run_fleetopt("mip " + knapsack + " --branching nonsense").exit_code == 2);
  const Run bad_cuts = run_fleetopt("mip " + knapsack + " --cuts cmir,,gomory");
  CHECK(bad_cuts.exit_code == 2);
  CHECK_THAT(bad_cuts.output, Catch::Contains("unknown cut separator ''"));
  // Each separator alone and none give the same optimum.
  for (const std::string cuts : {"none", "gomory", "cmir", "cmir,gomory"}) {
    const Run with_cuts = run_fleetopt("mip " + knapsack + " --json --cuts " + cuts);
    INFO(cuts << ": " << with_cuts.output);
    CHECK(with_cuts.exit_code == 0);
    CHECK(nlohmann::json::parse(with_cuts.output).at("objective").get<double>() == Approx(-23.0));
  }
  // Any number of cut rounds gives the same optimum; a negative number is refused.
  for (const std::string rounds : {"0", "1", "30"}) {
    const Run with_rounds = run_fleetopt("mip " + knapsack + " --json --cut-rounds " + rounds);
    INFO(rounds << ": " << with_rounds.output);
    CHECK(with_rounds.exit_code == 0);
    CHECK(nlohmann::json::parse(with_rounds.output).at("objective").get<double>() == Approx(-23.0));
  }
  CHECK(run_fleetopt("mip " + knapsack + " --cut-rounds -1").exit_code == 2);
  fs::remove_all(dir);
}

TEST_CASE("fleetopt mip --json proves MIPLIB 3 optima", "[app][cli][mip][miplib]") {
  const auto shared = fleetopt::core::shared_data_dir();
  if (!shared || !fs::exists(*shared / "miplib3" / "optima.tsv")) {
    fleetopt::test::missing_shared_data();
    return;
  }
  std::map<std::string, double> optimum;  // highs_optimum column
  {
    std::ifstream in(*shared / "miplib3" / "optima.tsv");
    std::string line;
    std::getline(in, line);  // name rows cols integers binaries published_optimum highs_optimum time_limit_s
    while (std::getline(in, line)) {
      std::istringstream fields(line);
      std::string name, published;
      int rows = 0, cols = 0, integers = 0, binaries = 0;
      double highs = 0.0;
      if (fields >> name >> rows >> cols >> integers >> binaries >> published >> highs) optimum[name] = highs;
    }
  }
  // Small ones that our branch-and-bound proves in well under a second each.
  for (const char* name : {"p0033", "flugpl", "stein27"}) {
    INFO(name);
    REQUIRE(optimum.count(name));
    const double expected = optimum[name];
    // An optimal answer on the collection's optimum (its tolerance, miplib3/SOURCES.md: 1e-6
    // relative to the HiGHS optimum).
    const auto solve = [&](const std::string& options) {
      const Run run = run_fleetopt("mip " + (*shared / "miplib3" / (std::string(name) + ".mps.gz")).string() +
                                   " --json --gap 0" + options);
      INFO(run.output);
      REQUIRE(run.exit_code == 0);
      const nlohmann::json j = nlohmann::json::parse(run.output);
      CHECK(j.at("status") == "optimal");
      CHECK(std::abs(j.at("objective").get<double>() - expected) <= 1e-6 * std::max(1.0, std::abs(expected)));
      return j;
    };
    const nlohmann::json j = solve("");
    CHECK(j.at("best_bound").get<double>() <= expected + 1e-6 * std::max(1.0, std::abs(expected)));
    // The conflict pool works on them (stein27: 4,023 nodes with it, 4,159 without; p0033 is
    // proven in 7 nodes at the root's cuts, before any conflict) and --no-conflicts switches it
    // off with the same optimum.
    const nlohmann::json k = solve(" --no-conflicts");
    CHECK(k.at("conflicts").at("learned") == 0);
    if (std::string(name) == "stein27") {
      CHECK(j.at("conflicts").at("learned").get<long long>() > 0);
      CHECK(j.at("conflicts").at("pruned").get<long long>() + j.at("conflicts").at("tightened").get<long long>() > 0);
    }
    // Node propagation works on each of them (flugpl: 248 nodes with it, 5,904 without) and
    // --no-propagation switches it off with the same optimum.
    const auto propagated = [](const nlohmann::json& r) {
      return r.at("propagation").at("pruned").get<long long>() + r.at("propagation").at("tightened").get<long long>();
    };
    CHECK(propagated(j) > 0);
    CHECK(j.at("propagation").at("stopped") == false);  // it found something, so it goes on
    CHECK(propagated(solve(" --no-propagation")) == 0);
    // Dual-step bounds prune and fix on stein27 (4,023 nodes without them at the default gap,
    // 2,349 with) and --no-dual-steps switches them off with the same optimum.
    const auto stepped = [](const nlohmann::json& r) {
      return r.at("dual_steps").at("pruned").get<long long>() + r.at("dual_steps").at("tightened").get<long long>();
    };
    if (std::string(name) == "stein27") CHECK(stepped(j) > 0);
    CHECK(stepped(solve(" --no-dual-steps")) == 0);
  }
}
