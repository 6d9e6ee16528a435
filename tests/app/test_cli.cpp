// The fleetopt command line end to end: exit codes, error messages naming file and line, and
// all-or-nothing outputs. Runs the built binary.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "cli_runner.hpp"

namespace fs = std::filesystem;

namespace {

using fleetopt::test::write_text;

using Run = fleetopt::test::CliRun;
using fleetopt::test::run_fleetopt;

fs::path scratch(const std::string& name) { return fleetopt::test::scratch_dir(name); }

const char* kSeed = FLEETOPT_SOURCE_DIR "/data/seed-numpy0/instance.toml";

}  // namespace

TEST_CASE("fleetopt --version and --help succeed, bad usage exits 2", "[app][cli]") {
  const Run version = run_fleetopt("--version");
  CHECK(version.exit_code == 0);
  CHECK_THAT(version.output, Catch::Contains("fleetopt "));
  for (const char* sub : {"demo", "generate", "export", "reference", "check", "solve", "mip"}) {
    const Run help = run_fleetopt(std::string(sub) + " --help");
    CHECK(help.exit_code == 0);
    CHECK_THAT(help.output, Catch::Contains("Usage"));
  }
  CHECK(run_fleetopt("").exit_code == 2);
  CHECK(run_fleetopt("no-such-command").exit_code == 2);
  CHECK(run_fleetopt("export --no-such-option").exit_code == 2);
}

TEST_CASE("a malformed instance exits 2 naming file and line, and writes nothing", "[app][cli]") {
  const fs::path dir = scratch("bad_instance");
  fs::copy(FLEETOPT_SOURCE_DIR "/data/seed-numpy0/prices.csv", dir / "prices.csv");
  // Line 3 has an unterminated string: a TOML syntax error.
  write_text(dir / "instance.toml", "name = \"x\"\nstep_hours = 1.0\nprices = \"prices.csv\n");
  const Run run = run_fleetopt("export " + (dir / "instance.toml").string() + " --mps " + (dir / "m.mps").string());
  CHECK(run.exit_code == 2);
  CHECK_THAT(run.output, Catch::Contains((dir / "instance.toml").string() + ":3"));
  CHECK_FALSE(fs::exists(dir / "m.mps"));

  const Run missing = run_fleetopt("check " + (dir / "absent.toml").string() + " " + dir.string());
  CHECK(missing.exit_code == 2);
  CHECK_THAT(missing.output, Catch::Contains("absent.toml"));
  fs::remove_all(dir);
}

TEST_CASE("a price file with a non-numeric price exits 2 with its line and column", "[app][cli]") {
  const fs::path dir = scratch("bad_price");
  fs::copy(kSeed, dir / "instance.toml");
  write_text(dir / "prices.csv",
             "time,m0_up,m1_down,m2_down,m3_up\n"
             "2025-01-01T00:00:00Z,1,2,3,4\n"
             "2025-01-01T01:00:00Z,1,abc,3,4\n");
  const Run run = run_fleetopt("export " + (dir / "instance.toml").string() + " --lp " + (dir / "m.lp").string());
  CHECK(run.exit_code == 2);
  // Column 24 is where 'abc' starts: after "2025-01-01T01:00:00Z,1," (23 characters).
  CHECK_THAT(run.output, Catch::Contains((dir / "prices.csv").string() + ":3:24"));
  CHECK_FALSE(fs::exists(dir / "m.lp"));
  fs::remove_all(dir);
}

TEST_CASE("generate then export writes an instance and a model", "[app][cli]") {
  const fs::path dir = scratch("generate");
  const Run gen = run_fleetopt("generate --assets 3 --markets 4 --steps 5 --seed 7 --out " + (dir / "inst").string());
  REQUIRE(gen.exit_code == 0);
  REQUIRE(fs::exists(dir / "inst" / "instance.toml"));
  const Run exp = run_fleetopt("export " + (dir / "inst" / "instance.toml").string() + " --mps " + (dir / "m.mps").string());
  REQUIRE(exp.exit_code == 0);
  std::ifstream mps(dir / "m.mps");
  std::stringstream text;
  text << mps.rdbuf();
  // 3 assets x 5 steps: every asset has a state-of-charge column per step.
  for (int a = 0; a < 3; ++a)
    for (int t = 0; t < 5; ++t) CHECK_THAT(text.str(), Catch::Contains("soc_" + std::to_string(a) + "_" + std::to_string(t)));
  fs::remove_all(dir);
}

TEST_CASE("an instance whose initial state is below its minimum is reported infeasible (exit 1)",
          "[app][cli]") {
  const fs::path dir = scratch("infeasible");
  fs::copy(FLEETOPT_SOURCE_DIR "/data/seed-numpy0/prices.csv", dir / "prices.csv");
  std::ifstream seed(kSeed);
  std::stringstream text;
  text << seed.rdbuf();
  std::string toml = text.str();
  // a0 starts at 1 MWh, below its 2 MWh minimum: doing nothing is already infeasible.
  const auto pos = toml.find("soc_initial_mwh = 10.0");
  REQUIRE(pos != std::string::npos);
  toml.replace(pos, 22, "soc_initial_mwh = 1.0");
  write_text(dir / "instance.toml", toml);
  const Run run = run_fleetopt("reference " + (dir / "instance.toml").string() + " --solver cbc --out " +
                           (dir / "result").string());
  CHECK(run.exit_code == 1);
  std::ifstream summary(dir / "result" / "summary.json");
  std::stringstream s;
  s << summary.rdbuf();
  CHECK_THAT(s.str(), Catch::Contains("\"status\": \"infeasible\""));
  CHECK_THAT(s.str(), Catch::Contains("a0"));
  fs::remove_all(dir);
}

TEST_CASE("demo solves the embedded default to the published optimum 2680.40", "[app][cli]") {
  const fs::path dir = scratch("demo");
  const Run run = run_fleetopt("demo --solver cbc --out " + (dir / "out").string());
  INFO(run.output);
  REQUIRE(run.exit_code == 0);
  // 2680.40 EUR: the optimum of the spec's model on this data, agreed by GLPK 5.0 and HiGHS
  // (shared/data/seed-numpy0/README.md).
  CHECK_THAT(run.output, Catch::Contains("Objective value: 2680.40 EUR"));
  CHECK(fs::exists(dir / "out" / "result" / "bids.csv"));
  const Run check = run_fleetopt("check " + (dir / "out" / "instance" / "instance.toml").string() + " " +
                             (dir / "out" / "result").string());
  CHECK(check.exit_code == 0);
  // The main job also writes the HTML report of its result.
  CHECK(fs::file_size(dir / "out" / "report.html") > 0);
  fs::remove_all(dir);
}

TEST_CASE("report of a missing or malformed result folder exits 2 and writes nothing", "[app][cli]") {
  const fs::path dir = scratch("report");
  const Run missing = run_fleetopt("report " + (dir / "absent").string() + " --out " + (dir / "r.html").string());
  CHECK(missing.exit_code == 2);
  CHECK_THAT(missing.output, Catch::Contains("absent"));
  fs::create_directories(dir / "broken");
  write_text(dir / "broken" / "summary.json", "{\n  \"status\": 3\n}\n");
  const Run broken = run_fleetopt("report " + (dir / "broken").string() + " --out " + (dir / "r.html").string());
  CHECK(broken.exit_code == 2);
  CHECK_THAT(broken.output, Catch::Contains("summary.json"));
  CHECK_FALSE(fs::exists(dir / "r.html"));
  fs::remove_all(dir);
}
