// Instance files: a hand-written instance read back field by field, every input error of
// docs/model.md section 4 reported with its file and line, and write -> read round trips.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "fleetopt/core/errors.hpp"
#include "fleetopt/fleet/generator.hpp"
#include "fleetopt/fleet/instance_io.hpp"
#include "scratch.hpp"

using namespace fleetopt;
using namespace fleetopt::fleet;
namespace fs = std::filesystem;

namespace {

fs::path fresh_dir(const std::string& name) {
  return fleetopt::test::scratch_dir("instance_io_" + name);
}

void write_text(const fs::path& p, const std::string& text) { std::ofstream(p, std::ios::binary) << text; }

// The valid instance every error case starts from; line numbers are 1-based indices into it.
std::vector<std::string> base_toml() {
  return {
      "name = \"tiny\"",                                     // 1
      "step_hours = 0.5",                                    // 2
      "prices = \"prices.csv\"",                             // 3
      "",                                                    // 4
      "[[market]]",                                          // 5
      "name = \"up1\"",                                      // 6
      "direction = \"up\"",                                  // 7
      "",                                                    // 8
      "[[market]]",                                          // 9
      "name = \"dn1\"",                                      // 10
      "direction = \"down\"",                                // 11
      "settlement = \"reserve\"",                            // 12
      "cap_mw = 5.0",                                        // 13
      "min_bid_mw = 1.0",                                    // 14
      "",                                                    // 15
      "[[asset]]",                                           // 16
      "name = \"b0\"",                                       // 17
      "power_mw = 10",                                       // 18
      "energy_mwh = 20.0",                                   // 19
      "soc_initial_mwh = 10.0",                              // 20
      "soc_min_mwh = 2.0",                                   // 21
      "prequalified_mw = { up1 = 3.0, dn1 = 7 }",            // 22
      "",                                                    // 23
  };
}

const char* kBasePrices =
    "time,dn1,up1\n"
    "2025-01-01T00:00:00Z,5.5,-3\n"
    "2025-01-01T00:30:00Z,6,7.25\n";

std::string joined(const std::vector<std::string>& lines) {
  std::string text;
  for (const std::string& l : lines) text += l + "\n";
  return text;
}

struct Files {
  fs::path toml, prices, assets;
};

Files write_instance_files(const std::string& name, const std::vector<std::string>& toml_lines,
                           const std::string& prices = kBasePrices, const std::string* assets = nullptr) {
  const fs::path dir = fresh_dir(name);
  Files f{dir / "instance.toml", dir / "prices.csv", dir / "assets.csv"};
  write_text(f.toml, joined(toml_lines));
  write_text(f.prices, prices);
  if (assets) write_text(f.assets, *assets);
  return f;
}

core::InputError read_error(const fs::path& toml) {
  try {
    read_instance(toml);
  } catch (const core::InputError& e) {
    return e;
  }
  FAIL("reading " << toml << " did not throw InputError");
  return core::InputError("", "");
}

// One bad TOML line: the error must name instance.toml and `expected_line`.
void check_toml_error(std::vector<std::string> lines, int line_to_change, const std::string& replacement,
                      int expected_line, const std::string& message_part) {
  INFO("line " << line_to_change << " := " << replacement);
  if (line_to_change > static_cast<int>(lines.size())) lines.resize(line_to_change);
  lines[line_to_change - 1] = replacement;
  const Files f = write_instance_files("toml_error", lines);
  const core::InputError e = read_error(f.toml);
  INFO(e.what());
  CHECK(e.file() == f.toml.string());
  CHECK(e.line() == expected_line);
  CHECK_THAT(e.message(), Catch::Contains(message_part));
}

void check_prices_error(const std::string& prices, int expected_line, const std::string& message_part,
                        int expected_column = -1) {
  INFO("prices:\n" << prices);
  const Files f = write_instance_files("prices_error", base_toml(), prices);
  const core::InputError e = read_error(f.toml);
  INFO(e.what());
  CHECK(e.file() == f.prices.string());
  CHECK(e.line() == expected_line);
  if (expected_column >= 0) CHECK(e.column() == expected_column);
  CHECK_THAT(e.message(), Catch::Contains(message_part));
}

void check_same(const Instance& a, const Instance& b) {
  CHECK(a.name == b.name);
  CHECK(a.step_hours == b.step_hours);
  CHECK(a.start == b.start);
  CHECK(a.time_labels == b.time_labels);
  CHECK(a.prices == b.prices);
  REQUIRE(a.num_markets() == b.num_markets());
  for (int m = 0; m < a.num_markets(); ++m) {
    CHECK(a.markets[m].name == b.markets[m].name);
    CHECK(a.markets[m].direction == b.markets[m].direction);
    CHECK(a.markets[m].settlement == b.markets[m].settlement);
    CHECK(a.markets[m].cap_mw == b.markets[m].cap_mw);
    CHECK(a.markets[m].min_bid_mw == b.markets[m].min_bid_mw);
  }
  REQUIRE(a.num_assets() == b.num_assets());
  for (int i = 0; i < a.num_assets(); ++i) {
    const Asset &x = a.assets[i], &y = b.assets[i];
    CHECK(x.name == y.name);
    CHECK(x.power_mw == y.power_mw);
    CHECK(x.energy_mwh == y.energy_mwh);
    CHECK(x.soc_initial_mwh == y.soc_initial_mwh);
    CHECK(x.soc_min_mwh == y.soc_min_mwh);
    CHECK(x.soc_max_mwh == y.soc_max_mwh);
    CHECK(x.soc_final_min_mwh == y.soc_final_min_mwh);
    CHECK(x.eta_charge == y.eta_charge);
    CHECK(x.eta_discharge == y.eta_discharge);
    CHECK(x.cycle_cost_eur_per_mwh == y.cycle_cost_eur_per_mwh);
    CHECK(x.prequalified_mw == y.prequalified_mw);
  }
}

}  // namespace

TEST_CASE("A hand-written instance reads back with its values and the spec's defaults", "[instance_io]") {
  const Files f = write_instance_files("valid", base_toml());
  const Instance in = read_instance(f.toml);
  CHECK(in.name == "tiny");
  CHECK(in.step_hours == 0.5);
  CHECK(in.start.empty());
  REQUIRE(in.num_markets() == 2);
  CHECK(in.markets[0].name == "up1");
  CHECK(in.markets[0].direction == Direction::up);
  CHECK(in.markets[0].settlement == Settlement::energy);
  CHECK_FALSE(in.markets[0].cap_mw.has_value());
  CHECK(in.markets[0].min_bid_mw == 0.0);
  CHECK(in.markets[1].direction == Direction::down);
  CHECK(in.markets[1].settlement == Settlement::reserve);
  CHECK(in.markets[1].cap_mw == 5.0);
  CHECK(in.markets[1].min_bid_mw == 1.0);
  REQUIRE(in.num_assets() == 1);
  const Asset& a = in.assets[0];
  CHECK(a.name == "b0");
  CHECK(a.power_mw == 10.0);
  CHECK(a.energy_mwh == 20.0);
  CHECK(a.soc_initial_mwh == 10.0);
  CHECK(a.soc_min_mwh == 2.0);
  CHECK(a.soc_max_mwh == 20.0);       // default: energy
  CHECK(a.soc_final_min_mwh == 2.0);  // default: soc_min
  CHECK(a.eta_charge == 1.0);
  CHECK(a.eta_discharge == 1.0);
  CHECK(a.cycle_cost_eur_per_mwh == 0.0);
  CHECK(a.prequalified_mw == std::vector<double>{3.0, 7.0});
  // Columns are matched by name: the file lists dn1 before up1.
  REQUIRE(in.num_steps() == 2);
  CHECK(in.time_labels == std::vector<std::string>{"2025-01-01T00:00:00Z", "2025-01-01T00:30:00Z"});
  CHECK(in.price(0, 0) == -3.0);
  CHECK(in.price(0, 1) == 5.5);
  CHECK(in.price(1, 0) == 7.25);
  CHECK(in.price(1, 1) == 6.0);
  CHECK(in.trivial_infeasibility().empty());
}

TEST_CASE("The shipped seed-numpy0 instance reads", "[instance_io]") {
  const Instance in = read_instance(fs::path(FLEETOPT_SOURCE_DIR) / "data/seed-numpy0/instance.toml");
  CHECK(in.num_assets() == 2);
  CHECK(in.num_markets() == 4);
  CHECK(in.num_steps() == 6);
  CHECK(in.assets[1].prequalified_mw == std::vector<double>{3, 5, 2, 4});
  CHECK(in.price(5, 3) == 47.36);
}

TEST_CASE("Optional keys are read and start accepts a string or a TOML date-time", "[instance_io]") {
  auto lines = base_toml();
  lines[3] = "start = \"2025-01-01T00:00:00Z\"";
  lines[22] = "soc_max_mwh = 18\nsoc_final_min_mwh = 5\neta_charge = 0.9\neta_discharge = 0.8\n"
              "cycle_cost_eur_per_mwh = 2.5";
  Instance in = read_instance(write_instance_files("optional", lines).toml);
  CHECK(in.start == "2025-01-01T00:00:00Z");
  CHECK(in.assets[0].soc_max_mwh == 18.0);
  CHECK(in.assets[0].soc_final_min_mwh == 5.0);
  CHECK(in.assets[0].eta_charge == 0.9);
  CHECK(in.assets[0].eta_discharge == 0.8);
  CHECK(in.assets[0].cycle_cost_eur_per_mwh == 2.5);
  lines[3] = "start = 2025-01-01T00:00:00Z";
  in = read_instance(write_instance_files("optional", lines).toml);
  CHECK_THAT(in.start, Catch::StartsWith("2025-01-01T00:00:00"));
}

TEST_CASE("TOML errors name the file and line", "[instance_io]") {
  const auto base = base_toml();
  check_toml_error(base, 18, "power_mw = = 10", 18, "TOML syntax error");
  check_toml_error(base, 18, "", 16, "missing required key 'power_mw'");
  check_toml_error(base, 2, "", 1, "missing required key 'step_hours'");
  check_toml_error(base, 7, "", 5, "missing required key 'direction'");
  check_toml_error(base, 8, "colour = \"red\"", 8, "unknown key 'colour'");
  check_toml_error(base, 4, "horizon = 24", 4, "unknown key 'horizon'");
  check_toml_error(base, 23, "soc_minimum_mwh = 1", 23, "unknown key 'soc_minimum_mwh'");
  check_toml_error(base, 18, "power_mw = \"10\"", 18, "power_mw: expected a number, got a string");
  check_toml_error(base, 18, "power_mw = nan", 18, "expected a finite number");
  check_toml_error(base, 19, "energy_mwh = inf", 19, "expected a finite number");
  check_toml_error(base, 7, "direction = 1", 7, "direction: expected a string, got an integer");
  check_toml_error(base, 22, "prequalified_mw = { up1 = 3.0, dn2 = 7 }", 22, "unknown market 'dn2'");
  check_toml_error(base, 22, "prequalified_mw = 3", 22, "expected a table");
  check_toml_error(base, 22, "prequalified_mw = { up1 = \"3\" }", 22, "expected a number");
  check_toml_error(base, 10, "name = \"up1\"", 10, "duplicate market name 'up1'");
  check_toml_error(base, 7, "direction = \"sideways\"", 7, "expected \"up\" or \"down\"");
  check_toml_error(base, 12, "settlement = \"capacity\"", 12, "expected \"energy\" or \"reserve\"");
  check_toml_error(base, 18, "power_mw = -1", 18, "power_mw: expected a number >= 0");
  check_toml_error(base, 19, "energy_mwh = -20", 19, "energy_mwh: expected a number >= 0");
  check_toml_error(base, 21, "soc_min_mwh = 25", 21, "soc_min_mwh 25 exceeds soc_max_mwh 20");
  check_toml_error(base, 23, "soc_max_mwh = 25", 23, "soc_max_mwh 25 exceeds energy_mwh 20");
  check_toml_error(base, 23, "soc_final_min_mwh = 21", 23, "soc_final_min_mwh 21 exceeds soc_max_mwh 20");
  check_toml_error(base, 23, "eta_charge = 0", 23, "expected an efficiency in (0, 1]");
  check_toml_error(base, 23, "eta_discharge = 1.5", 23, "expected an efficiency in (0, 1]");
  check_toml_error(base, 13, "cap_mw = -5", 13, "cap_mw: expected a number >= 0");
  check_toml_error(base, 14, "min_bid_mw = -1", 14, "min_bid_mw: expected a number >= 0");
  check_toml_error(base, 23, "cycle_cost_eur_per_mwh = -2", 23, "expected a number >= 0");
  check_toml_error(base, 2, "step_hours = 0", 2, "step_hours: expected a number > 0");
  check_toml_error(base, 2, "step_hours = -0.25", 2, "step_hours: expected a number > 0");
  // Prequalified power above the asset's power is rejected, not clamped (docs/instances.md).
  check_toml_error(base, 22, "prequalified_mw = { up1 = 10.5 }", 22, "above the asset's power_mw 10");
  check_toml_error(base, 22, "prequalified_mw = { dn1 = -1 }", 22, "expected a number >= 0");
  check_toml_error(base, 3, "prices = \"nowhere.csv\"", 3, "nowhere.csv': cannot read the price CSV file: no such file");
}

TEST_CASE("Missing and duplicate sections", "[instance_io]") {
  auto lines = base_toml();
  SECTION("no asset at all") {
    lines.resize(15);
    const Files f = write_instance_files("no_asset", lines);
    const core::InputError e = read_error(f.toml);
    CHECK(e.file() == f.toml.string());
    CHECK(e.line() == 1);
    CHECK_THAT(e.message(), Catch::Contains("missing required key 'asset'"));
  }
  SECTION("duplicate asset names") {
    for (int i = 16; i <= 21; ++i) lines.push_back(lines[i - 1]);  // [[asset]] at 24, name at 25
    const Files f = write_instance_files("dup_asset", lines);
    const core::InputError e = read_error(f.toml);
    CHECK(e.file() == f.toml.string());
    CHECK(e.line() == 25);
    CHECK_THAT(e.message(), Catch::Contains("duplicate asset name 'b0' (first defined on line 16)"));
  }
  SECTION("both [[asset]] and assets") {
    lines[3] = "assets = \"assets.csv\"";
    const Files f = write_instance_files("both_assets", lines);
    const core::InputError e = read_error(f.toml);
    CHECK(e.line() == 4);
    CHECK_THAT(e.message(), Catch::Contains("not both"));
  }
}

TEST_CASE("soc_initial outside its bounds reads fine and is reported as trivially infeasible", "[instance_io]") {
  auto lines = base_toml();
  lines[19] = "soc_initial_mwh = 1.0";  // below soc_min 2
  const Instance in = read_instance(write_instance_files("infeasible", lines).toml);
  CHECK(in.assets[0].soc_initial_mwh == 1.0);
  CHECK_THAT(in.trivial_infeasibility(), Catch::Contains("below soc_min_mwh"));
  lines[19] = "soc_initial_mwh = 3.0";
  lines[22] = "soc_final_min_mwh = 4.0";  // soc0 below socend
  CHECK_THAT(read_instance(write_instance_files("infeasible", lines).toml).trivial_infeasibility(),
             Catch::Contains("below soc_final_min_mwh"));
}

TEST_CASE("Price file errors name the price file with line and column", "[instance_io]") {
  check_prices_error("time,dn1\n2025-01-01T00:00:00Z,5\n", 1, "missing column for market 'up1'");
  check_prices_error("time,dn1,up1,zz\n2025-01-01T00:00:00Z,5,6,7\n", 1, "unknown column 'zz'", 14);
  check_prices_error("time,dn1,up1,dn1\nx,5,6,7\n", 1, "duplicate column for market 'dn1'", 14);
  check_prices_error("stamp,dn1,up1\nx,5,6\n", 1, "expected 'time'", 1);
  check_prices_error("time,dn1,up1\n2025-01-01T00:00:00Z,5,6\n2025-01-01T00:30:00Z,6\n", 3, "expected 3 fields");
  check_prices_error("time,dn1,up1\n2025-01-01T00:00:00Z,abc,-3\n", 2, "expected a finite number, got 'abc'", 22);
  check_prices_error("time,dn1,up1\n2025-01-01T00:00:00Z,5,nan\n", 2, "expected a finite number", 24);
  check_prices_error("time,dn1,up1\nt0,5,6\nt1,inf,6\n", 3, "expected a finite number", 4);
  check_prices_error("time,dn1,up1\nt0,1e999,6\n", 2, "expected a finite number");
  check_prices_error("", 1, "empty price file");
  check_prices_error("\n\n", 1, "empty price file");
  check_prices_error("time,dn1,up1\n", 2, "empty horizon");
  check_prices_error("time,dn1,up1\n,5,6\n", 2, "non-empty", 1);
  check_prices_error("time,dn1,up1\nt0,5,6\nt0,5,6\n", 3, "duplicate label 't0' (first on line 2)");
  // Quoted fields: the column still points at the offending field.
  check_prices_error("time,dn1,up1\n\"t,0\",5,x\n", 2, "got 'x'", 9);
}

TEST_CASE("Assets from assets.csv", "[instance_io]") {
  auto lines = base_toml();
  lines.resize(15);
  lines[3] = "assets = \"assets.csv\"";
  SECTION("values, defaults for empty optional cells, prequalification by market name") {
    const std::string csv =
        "name,power_mw,energy_mwh,soc_initial_mwh,soc_min_mwh,soc_max_mwh,eta_charge,prequalified_mw.dn1\n"
        "c0,5,10,5,1,,0.95,4\n"
        "c1,8,16,8,0,12,,8\n";
    const Instance in = read_instance(write_instance_files("assets_csv", lines, kBasePrices, &csv).toml);
    REQUIRE(in.num_assets() == 2);
    CHECK(in.assets[0].name == "c0");
    CHECK(in.assets[0].soc_max_mwh == 10.0);
    CHECK(in.assets[0].soc_final_min_mwh == 1.0);
    CHECK(in.assets[0].eta_charge == 0.95);
    CHECK(in.assets[0].eta_discharge == 1.0);
    CHECK(in.assets[0].prequalified_mw == std::vector<double>{0.0, 4.0});
    CHECK(in.assets[1].soc_max_mwh == 12.0);
    CHECK(in.assets[1].eta_charge == 1.0);
    CHECK(in.assets[1].prequalified_mw == std::vector<double>{0.0, 8.0});
  }
  auto check_csv_error = [&](const std::string& csv, int line, int column, const std::string& part) {
    INFO(csv);
    const Files f = write_instance_files("assets_csv_error", lines, kBasePrices, &csv);
    const core::InputError e = read_error(f.toml);
    INFO(e.what());
    CHECK(e.file() == f.assets.string());
    CHECK(e.line() == line);
    if (column >= 0) CHECK(e.column() == column);
    CHECK_THAT(e.message(), Catch::Contains(part));
  };
  const std::string header = "name,power_mw,energy_mwh,soc_initial_mwh,soc_min_mwh";
  check_csv_error(header + ",colour\nc0,5,10,5,1,red\n", 1, 54, "unknown column 'colour'");
  check_csv_error(header + ",prequalified_mw.zz\nc0,5,10,5,1,1\n", 1, 54, "unknown market 'zz'");
  check_csv_error("name,power_mw,energy_mwh,soc_initial_mwh\nc0,5,10,5\n", 1, -1, "missing column 'soc_min_mwh'");
  check_csv_error(header + "\nc0,5,10,5,1\nc1,5,x,5,1\n", 3, 6, "energy_mwh: expected a finite number");
  check_csv_error(header + "\nc0,5,10,5,1\nc1,5,,5,1\n", 3, 6, "missing value");
  check_csv_error(header + "\nc0,-5,10,5,1\n", 2, 4, "power_mw: expected a number >= 0");
  check_csv_error(header + ",prequalified_mw.up1\nc0,5,10,5,1,6\n", 2, 13, "above the asset's power_mw 5");
  check_csv_error(header + "\nc0,5,10,5,1\nc0,5,10,5,1\n", 3, 1, "duplicate asset name 'c0'");
  check_csv_error(header + "\n", 2, -1, "no assets");
  check_csv_error("", 1, -1, "empty assets file");
  check_csv_error(header + "\nc0,5,10,5\n", 2, -1, "expected 5 fields");
}

TEST_CASE("write_instance round-trips through read_instance", "[instance_io]") {
  SECTION("a hand-written instance with awkward names and numbers") {
    const Instance original = read_instance(write_instance_files("rt_src", base_toml()).toml);
    Instance in = original;
    in.name = "quote \" and backslash \\ and tab\t";
    in.start = "2025-01-01T00:00:00Z";
    in.markets[0].name = "spot,up";   // needs CSV quoting and a quoted TOML key
    in.markets[1].name = "fcr.down";  // a dot in a TOML key must be quoted
    in.assets[0].power_mw = 0.1 + 0.2;  // not a short decimal
    in.assets[0].prequalified_mw = {0.1 + 0.2, 1e-300};
    in.assets[0].energy_mwh = 9223372036854775808.0;  // reads as a TOML integer overflow without ".0"
    in.assets[0].soc_max_mwh = 20;
    in.prices[0] = -0.0;
    in.prices[1] = 1.0 / 3.0;
    const fs::path dir = fresh_dir("rt_awkward") / "out";
    write_instance(in, dir);
    CHECK(fs::exists(dir / "instance.toml"));
    CHECK_FALSE(fs::exists(dir / "assets.csv"));
    check_same(in, read_instance(dir / "instance.toml"));
    // Writing again into an instance folder replaces it.
    write_instance(original, dir);
    check_same(original, read_instance(dir / "instance.toml"));
  }
  SECTION("a generated fleet of 25 assets goes to assets.csv") {
    GeneratorOptions o;
    o.assets = 25;
    o.markets = 3;
    o.steps = 10;
    o.seed = 5;
    o.heterogeneous = true;
    o.cap_fraction = 0.4;
    o.min_bid_mw = 1.5;
    o.reserve_fraction = 0.5;
    o.negative_spike_probability = 0.2;
    const Instance in = generate_instance(o);
    const fs::path dir = fresh_dir("rt_large") / "out";
    write_instance(in, dir);
    REQUIRE(fs::exists(dir / "assets.csv"));
    std::ifstream toml(dir / "instance.toml");
    const std::string toml_text((std::istreambuf_iterator<char>(toml)), std::istreambuf_iterator<char>());
    CHECK(toml_text.find("[[asset]]") == std::string::npos);
    check_same(in, read_instance(dir / "instance.toml"));
  }
  SECTION("a folder holding other files is not replaced") {
    const fs::path dir = fresh_dir("rt_refuse");
    write_text(dir / "notes.txt", "keep me");
    const Instance in = read_instance(write_instance_files("rt_src2", base_toml()).toml);
    CHECK_THROWS_AS(write_instance(in, dir), core::InputError);
    CHECK(fs::exists(dir / "notes.txt"));
  }
}

TEST_CASE("parse_instance labels errors with the given name", "[instance_io]") {
  try {
    parse_instance("name = \"x\"\nstep_hours = [\n", fs::temp_directory_path(), "(embedded)");
    FAIL("no error");
  } catch (const core::InputError& e) {
    CHECK(e.file() == "(embedded)");
    CHECK(e.line() >= 2);
  }
}
