// The HTML report: the data embedded in the page equals the result folder's CSV files (read here
// independently), revenue equals hand-computed values, ISO 8601 times convert to the right
// instants, hostile names cannot break out of the page's script blocks, and bad input is an
// InputError with file and line that writes nothing.
#include <string>
#include <unistd.h>
#include <catch2/catch.hpp>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "fleetopt/core/errors.hpp"
#include "fleetopt/fleet/instance_io.hpp"
#include "fleetopt/fleet/solution.hpp"
#include "fleetopt/report/report.hpp"
#include "scratch.hpp"

using namespace fleetopt;
namespace fs = std::filesystem;

namespace {

// Values in the page are rounded to kEmbeddedDecimals: they may differ from the CSV by half a unit
// in the last kept decimal (plus double rounding of that half).
const double kHalfUnit = 0.5 * std::pow(10.0, -report::kEmbeddedDecimals) * (1 + 1e-9);

fs::path fresh_dir(const std::string& name) {
  return fleetopt::test::scratch_dir("report_" + name);
}

void write_text(const fs::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
}

std::string read_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// Sets FLEETOPT_PLOTLY_JS to a small stand-in for plotly.min.js for the life of the object, so
// these tests do not depend on npm; the real file is exercised by the browser test.
struct FakePlotly {
  fs::path path;
  std::string old;
  bool had_old = false;
  explicit FakePlotly(const fs::path& dir) : path(dir / "fake-plotly.min.js") {
    write_text(path, "/* stand-in for plotly.min.js */ window.Plotly = {};\n");
    if (const char* v = std::getenv("FLEETOPT_PLOTLY_JS")) {
      old = v;
      had_old = true;
    }
    setenv("FLEETOPT_PLOTLY_JS", path.c_str(), 1);
  }
  ~FakePlotly() {
    if (had_old) setenv("FLEETOPT_PLOTLY_JS", old.c_str(), 1);
    else unsetenv("FLEETOPT_PLOTLY_JS");
  }
};

// A 2-asset, 2-market, 3-step result folder written by hand in the format of docs/model.md
// section 6, with values that need rounding. bids.csv lists m_down before m_up.
void write_small_result(const fs::path& dir) {
  fs::create_directories(dir);
  write_text(dir / "summary.json", R"({"instance": "hand", "status": "optimal", "objective": 12.5,
    "best_bound": 12.5, "gap": 0.0, "nodes": 3, "lp_iterations": 17, "seconds": 0.25,
    "assets": 2, "markets": 2, "steps": 3, "solver": "fleetopt", "solver_version": "0.1.0"})");
  write_text(dir / "bids.csv",
             "time,market,direction,mw\n"
             "2025-01-01T00:00:00Z,m_down,down,0\n"
             "2025-01-01T00:00:00Z,m_up,up,1.23456789\n"
             "2025-01-01T00:30:00Z,m_down,down,2.00004999\n"
             "2025-01-01T00:30:00Z,m_up,up,0\n"
             "2025-01-01T01:00:00Z,m_down,down,0.5\n"
             "2025-01-01T01:00:00Z,m_up,up,3\n");
  write_text(dir / "dispatch.csv",
             "asset,time,mode,soc_mwh,m_down_mw,m_up_mw\n"
             "b,2025-01-01T00:00:00Z,discharge,4.99999,0,1.23456789\n"
             "b,2025-01-01T00:30:00Z,charge,5.333333333,1.00004999,0\n"
             "b,2025-01-01T01:00:00Z,discharge,3.8333,0,3\n"
             "a,2025-01-01T00:00:00Z,idle,2,0,0\n"
             "a,2025-01-01T00:30:00Z,charge,2.5,1,0\n"
             "a,2025-01-01T01:00:00Z,charge,2.75,0.5,0\n");
}

// The instance of that result: markets in the other order (m_up first), assets a then b.
void write_small_instance(const fs::path& dir) {
  write_text(dir / "instance.toml", R"(name = "hand"
step_hours = 0.5
prices = "prices.csv"

[[market]]
name = "m_up"
direction = "up"

[[market]]
name = "m_down"
direction = "down"
settlement = "reserve"
cap_mw = 4.0

[[asset]]
name = "a"
power_mw = 2.0
energy_mwh = 4.0
soc_initial_mwh = 2.0
soc_min_mwh = 1.0
prequalified_mw = { m_down = 2.0 }

[[asset]]
name = "b"
power_mw = 5.0
energy_mwh = 10.0
soc_initial_mwh = 5.0
soc_min_mwh = 0.5
soc_max_mwh = 9.0
cycle_cost_eur_per_mwh = 2.0
prequalified_mw = { m_up = 5.0, m_down = 3.0 }
)");
  write_text(dir / "prices.csv",
             "time,m_down,m_up\n"
             "2025-01-01T00:00:00Z,10,40\n"
             "2025-01-01T00:30:00Z,-20,50\n"
             "2025-01-01T01:00:00Z,30,60\n");
}

// Independent reading of bids.csv / dispatch.csv: plain comma splitting (the hand-written files
// have no quoted fields), keyed by names.
struct CsvValues {
  std::map<std::string, std::vector<double>> bids;  // market -> per step, in file order
  std::map<std::string, std::vector<double>> soc;   // asset -> per step
};

std::vector<std::string> split(const std::string& line) {
  std::vector<std::string> fields;
  std::stringstream s(line);
  std::string field;
  while (std::getline(s, field, ',')) fields.push_back(field);
  return fields;
}

CsvValues read_csvs(const fs::path& dir) {
  CsvValues v;
  std::ifstream bids(dir / "bids.csv"), dispatch(dir / "dispatch.csv");
  std::string line;
  std::getline(bids, line);
  while (std::getline(bids, line)) {
    const auto f = split(line);
    v.bids[f[1]].push_back(std::stod(f[3]));
  }
  std::getline(dispatch, line);
  while (std::getline(dispatch, line)) {
    const auto f = split(line);
    v.soc[f[0]].push_back(std::stod(f[3]));
  }
  return v;
}

// "2025-01-01T00:00:00Z", one hour apart (2025 is not a leap year).
std::vector<std::string> hourly_labels_2025(int count) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  std::vector<std::string> labels;
  int month = 1, day = 1, hour = 0;
  for (int i = 0; i < count; ++i) {
    char label[64];
    std::snprintf(label, sizeof label, "2025-%02d-%02dT%02d:00:00Z", month, day, hour);
    labels.push_back(label);
    if (++hour == 24) {
      hour = 0;
      if (++day > kDays[month - 1]) day = 1, ++month;
    }
  }
  return labels;
}

nlohmann::json render_and_extract(const fleet::ResultFolder& r, const fleet::Instance* in) {
  return report::extract_report_data(report::render_report_html(report::report_data(r, in), "/*plotly*/"));
}

}  // namespace

TEST_CASE("ISO 8601 labels convert to the right instants", "[report]") {
  // Expected values derived by hand (days since 1970 x 86,400,000 + time of day - offset).
  CHECK(report::iso8601_to_unix_ms("1970-01-01T00:00:00Z") == 0);
  CHECK(report::iso8601_to_unix_ms("2025-01-01T00:00:00Z") == 1735689600000LL);  // 20089 days
  CHECK(report::iso8601_to_unix_ms("2025-01-01 00:00") == 1735689600000LL);      // no zone: UTC
  CHECK(report::iso8601_to_unix_ms("2025-03-01") == 1735689600000LL + 59LL * 86400000);
  // 2024 is a leap year: Feb 29 is day 59 of 2024 (1704067200 s), 12:30:15.250 at +01:00.
  CHECK(report::iso8601_to_unix_ms("2024-02-29T12:30:15.250+01:00") ==
        (1704067200LL + 59 * 86400 + 12 * 3600 + 30 * 60 + 15 - 3600) * 1000 + 250);
  CHECK(report::iso8601_to_unix_ms("2024-02-29T12:30:15.250+0100") ==
        report::iso8601_to_unix_ms("2024-02-29T11:30:15.250Z"));
  CHECK(report::iso8601_to_unix_ms("1969-12-31T23:00:00Z") == -3600000);
  CHECK(report::iso8601_to_unix_ms("2025-06-30T23:59:59-05:30") ==
        report::iso8601_to_unix_ms("2025-07-01T05:29:59Z"));
  for (const char* bad : {"2025-02-29", "2025-13-01", "2025-00-10", "2025-04-31", "yesterday", "",
                          "2025-01-01T24:00", "2025-01-01T10:60", "2025-01-01T00:00:00Zjunk",
                          "2025-01-01T00:00:00+25:00", "2025-1-01", "2025-01-01T", "step 1"})
    CHECK_FALSE(report::iso8601_to_unix_ms(bad).has_value());
}

TEST_CASE("the page embeds exactly the bids and states of charge of the CSV files", "[report]") {
  const fs::path dir = fresh_dir("embed");
  write_small_result(dir / "result");
  write_small_instance(dir);
  const CsvValues csv = read_csvs(dir / "result");
  const fleet::ResultFolder result = fleet::read_result(dir / "result");

  SECTION("without the instance: the result folder's order, no revenue, a note saying so") {
    const nlohmann::json data = render_and_extract(result, nullptr);
    CHECK(data["has_instance"] == false);
    CHECK(data["revenue"].is_null());
    REQUIRE(data["notes"].size() >= 1);
    CHECK(data["notes"][0].get<std::string>().find("No instance given") != std::string::npos);
    REQUIRE(data["markets"].size() == 2);
    REQUIRE(data["assets"].size() == 2);
    CHECK(data["summary"]["status"] == "optimal");
    CHECK(data["summary"]["objective"].get<double>() == 12.5);
    CHECK(data["summary"]["lp_iterations"] == 17);
    for (size_t m = 0; m < 2; ++m) {
      const std::string name = data["markets"][m]["name"];
      REQUIRE(csv.bids.count(name));
      REQUIRE(data["bids"][m].size() == 3);
      for (size_t t = 0; t < 3; ++t) CHECK(std::abs(data["bids"][m][t].get<double>() - csv.bids.at(name)[t]) <= kHalfUnit);
    }
    for (size_t a = 0; a < 2; ++a) {
      const std::string name = data["assets"][a]["name"];
      REQUIRE(csv.soc.count(name));
      for (size_t t = 0; t < 3; ++t) CHECK(std::abs(data["soc"][a][t].get<double>() - csv.soc.at(name)[t]) <= kHalfUnit);
    }
    // Rounded, not truncated: 1.23456789 -> 1.2346 and 2.00004999 -> 2 (m_down is first here).
    CHECK(data["markets"][0]["name"] == "m_down");
    CHECK(data["bids"][1][0].get<double>() == 1.2346);
    CHECK(data["bids"][0][1].get<double>() == 2.0);
    // Evenly spaced labels give the step length (30 min): a state is drawn at the end of its step.
    CHECK(data["time"]["axis"] == "date");
    CHECK(data["time"]["step_source"] == "labels");
    CHECK(data["time"]["step_hours"].get<double>() == 0.5);
    CHECK(data["time"]["step_start_ms"][1].get<long long>() == 1735689600000LL + 1800000);
    CHECK(data["time"]["step_end_ms"][2].get<long long>() == 1735689600000LL + 3 * 1800000);
  }

  SECTION("with the instance: the instance's order, bounds, prequalification, revenue") {
    const fleet::Instance instance = fleet::read_instance(dir / "instance.toml");
    const nlohmann::json data = render_and_extract(result, &instance);
    CHECK(data["has_instance"] == true);
    REQUIRE(data["markets"][0]["name"] == "m_up");
    REQUIRE(data["assets"][0]["name"] == "a");
    for (size_t m = 0; m < 2; ++m) {
      const std::string name = data["markets"][m]["name"];
      for (size_t t = 0; t < 3; ++t) CHECK(std::abs(data["bids"][m][t].get<double>() - csv.bids.at(name)[t]) <= kHalfUnit);
    }
    for (size_t a = 0; a < 2; ++a) {
      const std::string name = data["assets"][a]["name"];
      for (size_t t = 0; t < 3; ++t) CHECK(std::abs(data["soc"][a][t].get<double>() - csv.soc.at(name)[t]) <= kHalfUnit);
    }
    CHECK(data["markets"][1]["settlement"] == "reserve");
    CHECK(data["markets"][1]["cap_mw"].get<double>() == 4.0);
    CHECK(data["markets"][0]["cap_mw"].is_null());
    CHECK(data["assets"][1]["soc_max_mwh"].get<double>() == 9.0);
    CHECK(data["assets"][0]["soc_max_mwh"].get<double>() == 4.0);  // default: energy
    CHECK(data["assets"][1]["prequalified_mw"] == nlohmann::json::array({5, 3}));
    CHECK(data["assets"][0]["prequalified_mw"] == nlohmann::json::array({0, 2}));
    CHECK(data["time"]["step_source"] == "instance");
    // Revenue by hand, dt = 0.5 h. m_up (up, energy, s = +1): 0.5 * (40*1.23456789 + 60*3) =
    // 114.691358; m_down (down, reserve, s = +1): 0.5 * (-20*2.00004999 + 30*0.5) = -12.5004999.
    const auto& revenue = data["revenue"];
    CHECK(revenue["by_market"][0].get<double>() == Approx(114.6914).margin(kHalfUnit));
    CHECK(revenue["by_market"][1].get<double>() == Approx(-12.5005).margin(kHalfUnit));
    // Asset b: m_up 114.691358, m_down 0.5 * (-20 * 1.00004999) = -10.0004999; cycle cost
    // 2 EUR/MWh * 0.5 h * (1.23456789 + 3) MW = 4.23456789. Asset a: m_down 0.5*(-20*1 + 30*0.5).
    CHECK(revenue["by_asset_market"][1][0].get<double>() == Approx(114.6914).margin(kHalfUnit));
    CHECK(revenue["by_asset_market"][1][1].get<double>() == Approx(-10.0005).margin(kHalfUnit));
    CHECK(revenue["by_asset_cycle_cost"][1].get<double>() == Approx(4.2346).margin(kHalfUnit));
    CHECK(revenue["by_asset_net"][1].get<double>() == Approx(114.691358 - 10.0004999 - 4.23456789).margin(kHalfUnit));
    CHECK(revenue["by_asset_net"][0].get<double>() == Approx(-2.5).margin(kHalfUnit));
    CHECK(revenue["assets_net_total"].get<double>() == Approx(114.691358 - 10.0004999 - 4.23456789 - 2.5).margin(kHalfUnit));
  }
}

TEST_CASE("a result without a schedule gives a page that says so", "[report]") {
  const fs::path dir = fresh_dir("infeasible");
  write_text(dir / "summary.json", R"({"status": "infeasible", "objective": null, "best_bound": null,
    "gap": null, "nodes": 0, "lp_iterations": 0, "seconds": 0.5, "assets": 2, "markets": 3,
    "steps": 4, "message": "asset a: soc_initial above soc_max"})");
  const nlohmann::json data = render_and_extract(fleet::read_result(dir), nullptr);
  CHECK(data["has_schedule"] == false);
  CHECK(data["summary"]["status"] == "infeasible");
  CHECK(data["summary"]["objective"].is_null());
  CHECK(data["summary"]["message"] == "asset a: soc_initial above soc_max");
  CHECK(data["bids"].empty());
  CHECK(data["soc"].empty());
  bool said = false;
  for (const auto& note : data["notes"]) said = said || note.get<std::string>().find("no schedule") != std::string::npos;
  CHECK(said);
}

TEST_CASE("revenue follows the spec's signs and settles the asset shares", "[report]") {
  fleet::Instance in;
  in.name = "signs";
  in.step_hours = 2.0;
  in.time_labels = {"t1", "t2"};
  in.markets = {fleet::Market{"up_e", fleet::Direction::up, fleet::Settlement::energy, std::nullopt, 0.0},
                fleet::Market{"down_e", fleet::Direction::down, fleet::Settlement::energy, std::nullopt, 0.0},
                fleet::Market{"down_r", fleet::Direction::down, fleet::Settlement::reserve, std::nullopt, 0.0}};
  fleet::Asset a;
  a.name = "a";
  a.cycle_cost_eur_per_mwh = 3.0;
  a.prequalified_mw = {1, 1, 1};
  fleet::Asset b = a;
  b.name = "b";
  b.cycle_cost_eur_per_mwh = 0.0;
  in.assets = {a, b};
  in.prices = {10, 20, 30,   // t1
               -5, 7, 11};   // t2
  fleet::FleetSolution s(2, 2, 3);
  s.p(0, 0, 0) = 1.0;  // a discharges 1 MW into up_e at t1
  s.p(1, 0, 1) = 2.0;  // b charges 2 MW from down_e at t1
  s.p(0, 1, 2) = 0.5;  // a charges 0.5 MW in down_r at t2
  s.p(1, 1, 0) = 4.0;  // b discharges 4 MW into up_e at t2 (negative price: costs money)
  for (int t = 0; t < 2; ++t)
    for (int m = 0; m < 3; ++m) s.x(t, m) = s.p(0, t, m) + s.p(1, t, m);
  const report::Revenue r = report::compute_revenue(in, s);
  // up_e: 2 * (10*1 + (-5)*4) = -20; down_e energy pays: -2 * 20 * 2 = -80; down_r reserve is
  // paid: +2 * 11 * 0.5 = 11.
  CHECK(r.by_market == std::vector<double>{-20.0, -80.0, 11.0});
  CHECK(r.markets_total == -89.0);
  // a: 2*10*1 + 11 = 31 gross, cycle cost 3 * 2 h * 1 MW = 6; b: 2*(-5)*4 - 80 = -120.
  CHECK(r.by_asset_gross == std::vector<double>{31.0, -120.0});
  CHECK(r.by_asset_cycle_cost == std::vector<double>{6.0, 0.0});
  CHECK(r.by_asset_net == std::vector<double>{25.0, -120.0});
  CHECK(r.assets_net_total == -95.0);
}

TEST_CASE("names cannot break out of the page's script blocks", "[report]") {
  const fs::path dir = fresh_dir("inject");
  write_small_result(dir);
  // Rename asset "a" to a hostile name (quoted CSV field).
  std::string dispatch = read_text(dir / "dispatch.csv");
  const std::string hostile = "</script><script>alert(1)</script><!--";
  for (size_t pos; (pos = dispatch.find("\na,")) != std::string::npos;)
    dispatch.replace(pos, 3, "\n\"" + hostile + "\",");
  write_text(dir / "dispatch.csv", dispatch);
  const fleet::ResultFolder result = fleet::read_result(dir);
  const std::string html = report::render_report_html(report::report_data(result, nullptr),
                                                      "var s = '</script>'; /* plotly stand-in */");
  CHECK(html.find("alert(1)</script>") == std::string::npos);
  CHECK(html.find("'</script>'") == std::string::npos);  // plotly's text is made script-safe
  CHECK(html.find("'<\\/script>'") != std::string::npos);
  const nlohmann::json data = report::extract_report_data(html);
  CHECK(data["assets"][1]["name"] == hostile);
  // Exactly the template's own script elements remain: data, plotly, page script.
  size_t closings = 0;
  for (size_t pos = 0; (pos = html.find("</script>", pos)) != std::string::npos; ++pos) ++closings;
  CHECK(closings == 3);
}

TEST_CASE("write_report writes one page, and bad input is an InputError and writes nothing", "[report]") {
  const fs::path dir = fresh_dir("write");
  const FakePlotly plotly(dir);
  write_small_result(dir / "result");
  write_small_instance(dir);

  SECTION("a good folder, with and without the instance") {
    const report::ReportStats stats = report::write_report(dir / "result", dir / "instance.toml", dir / "r.html");
    REQUIRE(fs::exists(dir / "r.html"));
    const std::string html = read_text(dir / "r.html");
    CHECK(stats.bytes == html.size());
    CHECK(stats.bytes == fs::file_size(dir / "r.html"));
    CHECK(html.find("stand-in for plotly.min.js") != std::string::npos);
    CHECK(html.find("http://") == std::string::npos);
    CHECK(html.find("https://") == std::string::npos);
    CHECK(report::extract_report_data(html)["instance"] == "hand");
    report::write_report(dir / "result", std::nullopt, dir / "r2.html");
    CHECK(report::extract_report_data(read_text(dir / "r2.html"))["has_instance"] == false);
  }
  SECTION("missing result folder") {
    CHECK_THROWS_AS(report::write_report(dir / "nowhere", std::nullopt, dir / "r.html"), core::InputError);
    CHECK_FALSE(fs::exists(dir / "r.html"));
  }
  SECTION("malformed number in bids.csv: file, line and column") {
    std::string bids = read_text(dir / "result" / "bids.csv");
    bids.replace(bids.find(",1.23456789"), 11, ",1.2x");
    write_text(dir / "result" / "bids.csv", bids);
    try {
      report::write_report(dir / "result", std::nullopt, dir / "r.html");
      FAIL("expected an InputError");
    } catch (const core::InputError& e) {
      CHECK(e.file().find("bids.csv") != std::string::npos);
      CHECK(e.line() == 3);
      CHECK(e.column() == 4);
    }
    CHECK_FALSE(fs::exists(dir / "r.html"));
  }
  SECTION("an existing page is left untouched when the input is bad") {
    write_text(dir / "r.html", "old page");
    fs::remove(dir / "result" / "dispatch.csv");
    CHECK_THROWS_AS(report::write_report(dir / "result", std::nullopt, dir / "r.html"), core::InputError);
    CHECK(read_text(dir / "r.html") == "old page");
  }
  SECTION("the output folder does not exist") {
    CHECK_THROWS_AS(report::write_report(dir / "result", std::nullopt, dir / "no" / "r.html"), core::InputError);
  }
  SECTION("plotly.min.js missing: InputError naming the path and the fix") {
    setenv("FLEETOPT_PLOTLY_JS", (dir / "absent.js").c_str(), 1);
    try {
      report::locate_plotly_js();
      FAIL("expected an InputError");
    } catch (const core::InputError& e) {
      CHECK(e.file() == (dir / "absent.js").string());
      CHECK(e.message().find("scripts/setup.sh") != std::string::npos);
    }
    setenv("FLEETOPT_PLOTLY_JS", plotly.path.c_str(), 1);
  }
}

TEST_CASE("100 assets x 8,760 steps: page under 30 MB with every value embedded", "[report][long]") {
  const fs::path dir = fresh_dir("scale");
  const int A = 100, M = 4, T = 8760;
  fleet::Instance in;
  in.name = "scale";
  in.time_labels = hourly_labels_2025(T);
  for (int m = 0; m < M; ++m)
    in.markets.push_back(fleet::Market{"m" + std::to_string(m), m % 2 ? fleet::Direction::down : fleet::Direction::up,
                                       fleet::Settlement::energy, std::nullopt, 0.0});
  for (int a = 0; a < A; ++a) {
    fleet::Asset asset;
    asset.name = "asset" + std::to_string(a);
    asset.prequalified_mw.assign(M, 1.0);
    in.assets.push_back(asset);
  }
  fleet::FleetSolution s(A, T, M);
  for (int a = 0; a < A; ++a)
    for (int t = 0; t < T; ++t) {
      s.state(a, t) = 10.0 + 9.87654321 * std::sin(0.01 * t + a);
      s.p(a, t, (a + t) % M) = 0.123456789 * ((a * 7 + t) % 10);
    }
  for (int t = 0; t < T; ++t)
    for (int m = 0; m < M; ++m)
      for (int a = 0; a < A; ++a) s.x(t, m) += s.p(a, t, m);
  fleet::SolveSummary summary;
  summary.status = fleet::SolveStatus::feasible;
  summary.objective = 1.0;
  fleet::write_result(dir / "result", in, summary, &s);

  fs::path plotly;
  try {
    plotly = report::locate_plotly_js();
  } catch (const core::InputError& e) {
    WARN("plotly.min.js absent (" << e.what() << "): size measured without it");
  }
  const auto started = std::chrono::steady_clock::now();
  const report::ReportStats stats = report::write_report(dir / "result", std::nullopt, dir / "report.html");
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  WARN("100 x 8,760 report: " << stats.bytes / 1e6 << " MB in " << seconds << " s");
  CHECK(stats.bytes < 30'000'000);
  const nlohmann::json data = report::extract_report_data(read_text(dir / "report.html"));
  REQUIRE(data["soc"].size() == static_cast<size_t>(A));
  REQUIRE(data["bids"].size() == static_cast<size_t>(M));
  double worst = 0.0;
  for (int a = 0; a < A; ++a)
    for (int t = 0; t < T; ++t) worst = std::max(worst, std::abs(data["soc"][a][t].get<double>() - s.state(a, t)));
  for (int m = 0; m < M; ++m)
    for (int t = 0; t < T; ++t) worst = std::max(worst, std::abs(data["bids"][m][t].get<double>() - s.x(t, m)));
  CHECK(worst <= kHalfUnit);
  CHECK(data["time"]["axis"] == "date");
  CHECK(data["time"]["step_end_ms"][T - 1].get<long long>() == 1735689600000LL + 8760LL * 3600000);
}
