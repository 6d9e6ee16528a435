// Real price import on small hand-written copies of the Energinet files: BOM, newest-first rows,
// both HourUTC spellings, markets left out (column missing, all zero in the window), and every
// input error naming file and line. The real files are exercised in tests/app/test_cli_import_prices.cpp.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "fleetopt/core/errors.hpp"
#include "fleetopt/fleet/instance_io.hpp"
#include "fleetopt/fleet/price_import.hpp"
#include "scratch.hpp"

using namespace fleetopt;
using namespace fleetopt::fleet;
namespace fs = std::filesystem;

namespace {

const std::string kBom = "\xEF\xBB\xBF";

fs::path fresh_dir(const std::string& name) {
  return fleetopt::test::scratch_dir("price_import_" + name);
}

void write_text(const fs::path& p, const std::string& text) { std::ofstream(p, std::ios::binary) << text; }

// The three files, newest first as Energinet writes them. Four hours of 2021-03-01 plus, in the
// day-ahead file, an hour of 2020 (the real file covers 2018 to 2022). Line numbers in comments.
struct PriceFiles {
  std::string elspot = kBom +
                       "HourUTC,HourDK,PriceArea,SpotPriceDKK,SpotPriceEUR\n"      // 1
                       "2021-03-01T03:00:00+00:00,2021-03-01T04:00:00,DK2,300,40.3\n"  // 2
                       "2021-03-01T02:00:00+00:00,2021-03-01T03:00:00,DK2,300,-2.5\n"  // 3
                       "2021-03-01T01:00:00+00:00,2021-03-01T02:00:00,DK2,300,40.1\n"  // 4
                       "2021-03-01T00:00:00+00:00,2021-03-01T01:00:00,DK2,300,40\n"    // 5
                       "2020-12-31T23:00:00+00:00,2021-01-01T00:00:00,DK2,300,50.87\n";  // 6
  // HourUTC without "+00:00", as in the real FCRND_2021.csv. FCR-D up is 0 in the first two hours.
  std::string fcr = kBom +
                    "HourUTC,HourDK,FCR_N_PriceDKK,FCR_N_PriceEUR,FCR_D_UpPriceDKK,FCR_D_UpPriceEUR\n"  // 1
                    "2021-03-01T03:00:00,2021-03-01T04:00:00,1,18.4,1,26.5\n"                           // 2
                    "2021-03-01T02:00:00,2021-03-01T03:00:00,1,18.3,1,26.25\n"                          // 3
                    "2021-03-01T01:00:00,2021-03-01T02:00:00,1,18.2,1,0\n"                              // 4
                    "2021-03-01T00:00:00,2021-03-01T01:00:00,1,18.1,1,0\n";                             // 5
  // mFRR down is 0 throughout, as in all of 2021.
  std::string mfrr = kBom +
                     "HourUTC,HourDK,mFRR_DownExpected,mFRR_DownPurchased,mFRR_DownPriceDKK,mFRR_DownPriceEUR,"
                     "mFRR_UpExpected,mFRR_UpPurchased,mFRR_UpPriceDKK,mFRR_UpPriceEUR\n"
                     "2021-03-01T03:00:00+00:00,2021-03-01T04:00:00,0,0,0,0,231,238.6,60,8.4\n"
                     "2021-03-01T02:00:00+00:00,2021-03-01T03:00:00,0,0,0,0,231,238.6,60,8.3\n"
                     "2021-03-01T01:00:00+00:00,2021-03-01T02:00:00,0,0,0,0,231,238.6,60,8.2\n"
                     "2021-03-01T00:00:00+00:00,2021-03-01T01:00:00,0,0,0,0,231,238.6,60,8.1\n";

  fs::path write(const std::string& name) const {
    const fs::path dir = fresh_dir(name);
    write_text(dir / "Elspot_DK2.csv", elspot);
    write_text(dir / "FCRND_2021.csv", fcr);
    write_text(dir / "mFRRDK2_2021.csv", mfrr);
    return dir;
  }
};

UtcHour hour(const std::string& text) {
  const auto h = parse_utc_hour(text, false);
  REQUIRE(h);
  return *h;
}

PriceWindow march_first(int hours) { return {hour("2021-03-01T00:00Z"), hours}; }

void replace(std::string& text, const std::string& from, const std::string& to) {
  const auto pos = text.find(from);
  REQUIRE(pos != std::string::npos);
  text.replace(pos, from.size(), to);
}

// The InputError message of importing `dir` over `window`.
std::string import_error(const fs::path& dir, const PriceWindow& window) {
  try {
    import_energinet_prices(dir, window);
  } catch (const core::InputError& e) {
    return e.what();
  }
  FAIL("expected an InputError");
  return {};
}

}  // namespace

TEST_CASE("UTC hours: both HourUTC spellings, Z, dates, and anything else refused", "[fleet][price_import]") {
  const UtcHour five = hour("2021-03-01T05:00:00Z");
  CHECK(parse_utc_hour("2021-03-01T05:00:00+00:00", false) == five);
  CHECK(parse_utc_hour("2021-03-01T05:00Z", false) == five);
  CHECK(parse_utc_hour("2021-03-01T05:00:00", true) == five);   // FCRND_2021.csv's spelling
  CHECK_FALSE(parse_utc_hour("2021-03-01T05:00:00", false));    // options must say UTC
  CHECK(parse_utc_hour("2021-03-01", false) == five - 5);
  CHECK(utc_hour_label(five) == "2021-03-01T05:00:00Z");
  CHECK(utc_hour_label(energinet_first_hour()) == "2021-01-01T00:00:00Z");
  CHECK(energinet_end_hour() - energinet_first_hour() == 8760);
  CHECK(parse_utc_hour("2020-02-29T00:00Z", false));  // a leap day
  for (const char* bad : {"2021-02-29T00:00Z", "2021-03-01T05:30Z", "2021-03-01T05:00:10Z", "2021-03-01T24:00Z",
                          "2021-13-01", "2021-03-01T05:00+01:00", "2021-03-01 05:00Z", "21-03-01", "", "soon"}) {
    INFO(bad);
    CHECK_FALSE(parse_utc_hour(bad, true));
  }
}

TEST_CASE("newest-first files with a BOM are joined on the UTC hour, oldest first", "[fleet][price_import]") {
  const fs::path dir = PriceFiles{}.write("join");
  const ImportedPrices p = import_energinet_prices(dir, march_first(4));
  REQUIRE(p.time_labels == std::vector<std::string>{"2021-03-01T00:00:00Z", "2021-03-01T01:00:00Z",
                                                     "2021-03-01T02:00:00Z", "2021-03-01T03:00:00Z"});
  std::vector<std::string> names;
  for (const Market& m : p.markets) names.push_back(m.name);
  REQUIRE(names == std::vector<std::string>{"da_buy", "da_sell", "fcrn_up", "fcrn_down", "fcrd_up", "mfrr_up"});
  CHECK(p.markets[0].direction == Direction::down);
  CHECK(p.markets[0].settlement == Settlement::energy);
  CHECK(p.markets[1].direction == Direction::up);
  CHECK(p.markets[3].direction == Direction::down);
  CHECK(p.markets[3].settlement == Settlement::reserve);
  CHECK(p.market_sources[4] == "FCRND_2021.csv FCR_D_UpPriceEUR");
  const std::vector<double> expected = {
      40, 40, 18.1, 18.1, 0, 8.1,               // 00:00
      40.1, 40.1, 18.2, 18.2, 0, 8.2,           // 01:00
      -2.5, -2.5, 18.3, 18.3, 26.25, 8.3,       // 02:00: negative day-ahead prices are kept
      40.3, 40.3, 18.4, 18.4, 26.5, 8.4};       // 03:00
  CHECK(p.prices == expected);
  REQUIRE(p.left_out.size() == 2);
  CHECK_THAT(p.left_out[0], Catch::StartsWith("fcrd_down") && Catch::Contains("no column FCR_D_DownPriceEUR"));
  CHECK_THAT(p.left_out[1], Catch::StartsWith("mfrr_down") && Catch::Contains("is 0 in every hour"));
  fs::remove_all(dir);
}

TEST_CASE("a market that is 0 in every hour of the window is left out, and kept where it is not",
          "[fleet][price_import]") {
  const fs::path dir = PriceFiles{}.write("zero");
  const ImportedPrices early = import_energinet_prices(dir, march_first(2));
  CHECK(early.markets.size() == 5);
  CHECK(early.prices.size() == 10);
  bool said = false;
  for (const std::string& why : early.left_out)
    said = said || (why.rfind("fcrd_up", 0) == 0 && why.find("FCR_D_UpPriceEUR is 0") != std::string::npos);
  CHECK(said);
  const ImportedPrices late = import_energinet_prices(dir, {hour("2021-03-01T01:00Z"), 2});
  CHECK(late.markets.size() == 6);
  CHECK(late.prices[4] == 0.0);  // fcrd_up at 01:00, kept: 26.25 follows at 02:00
  CHECK(late.prices[10] == 26.25);
  fs::remove_all(dir);
}

TEST_CASE("price file errors name the file and line and what is wrong", "[fleet][price_import]") {
  SECTION("a missing hour in the window") {
    PriceFiles files;
    replace(files.fcr, "2021-03-01T02:00:00,2021-03-01T03:00:00,1,18.3,1,26.25\n", "");
    const fs::path dir = files.write("missing");
    const std::string message = import_error(dir, march_first(4));
    CHECK_THAT(message, Catch::StartsWith((dir / "FCRND_2021.csv").string()) &&
                            Catch::Contains("no row for hour 2021-03-01T02:00:00Z"));
    // Outside the gap the window is fine.
    CHECK(import_energinet_prices(dir, march_first(2)).time_labels.size() == 2);
    fs::remove_all(dir);
  }
  SECTION("a bad number, even outside the window") {
    PriceFiles files;
    replace(files.elspot, "DK2,300,50.87", "DK2,300,abc");
    const fs::path dir = files.write("bad_number");
    const std::string message = import_error(dir, march_first(4));
    CHECK_THAT(message, Catch::StartsWith((dir / "Elspot_DK2.csv").string() + ":6:") &&
                            Catch::Contains("SpotPriceEUR") && Catch::Contains("'abc'"));
    fs::remove_all(dir);
  }
  SECTION("nan is not a price") {
    PriceFiles files;
    replace(files.mfrr, "60,8.2", "60,nan");
    const fs::path dir = files.write("nan");
    CHECK_THAT(import_error(dir, march_first(4)), Catch::StartsWith((dir / "mFRRDK2_2021.csv").string() + ":4:"));
    fs::remove_all(dir);
  }
  SECTION("a duplicate hour") {
    PriceFiles files;
    replace(files.fcr, "2021-03-01T01:00:00,2021-03-01T02:00:00", "2021-03-01T02:00:00,2021-03-01T02:00:00");
    const fs::path dir = files.write("duplicate");
    CHECK_THAT(import_error(dir, march_first(2)),
               Catch::StartsWith((dir / "FCRND_2021.csv").string() + ":4:") &&
                   Catch::Contains("duplicate hour 2021-03-01T02:00:00Z (also on line 3)"));
    fs::remove_all(dir);
  }
  SECTION("a wrong header") {
    PriceFiles files;
    replace(files.elspot, "HourUTC,", "HourUTX,");
    const fs::path dir = files.write("header");
    CHECK_THAT(import_error(dir, march_first(4)), Catch::StartsWith((dir / "Elspot_DK2.csv").string() + ":1:") &&
                                                      Catch::Contains("expected a column 'HourUTC'"));
    fs::remove_all(dir);
  }
  SECTION("a price column missing that 2021 had") {
    PriceFiles files;
    replace(files.mfrr, "mFRR_UpPriceEUR", "mFRR_UpPrice");
    const fs::path dir = files.write("column");
    CHECK_THAT(import_error(dir, march_first(4)), Catch::StartsWith((dir / "mFRRDK2_2021.csv").string() + ":1:") &&
                                                      Catch::Contains("'mFRR_UpPriceEUR'"));
    fs::remove_all(dir);
  }
  SECTION("a bad hour") {
    PriceFiles files;
    replace(files.elspot, "2021-03-01T01:00:00+00:00", "2021-03-01T01:30:00+00:00");
    const fs::path dir = files.write("bad_hour");
    CHECK_THAT(import_error(dir, march_first(4)), Catch::StartsWith((dir / "Elspot_DK2.csv").string() + ":4:") &&
                                                      Catch::Contains("HourUTC"));
    fs::remove_all(dir);
  }
  SECTION("another bidding zone") {
    PriceFiles files;
    replace(files.elspot, "DK2,300,40.1", "DK1,300,40.1");
    const fs::path dir = files.write("zone");
    CHECK_THAT(import_error(dir, march_first(4)), Catch::StartsWith((dir / "Elspot_DK2.csv").string() + ":4:") &&
                                                      Catch::Contains("expected DK2, got 'DK1'"));
    fs::remove_all(dir);
  }
  SECTION("a row with a missing field") {
    PriceFiles files;
    replace(files.fcr, "1,18.2,1,0", "1,18.2,1");
    const fs::path dir = files.write("fields");
    CHECK_THAT(import_error(dir, march_first(4)), Catch::StartsWith((dir / "FCRND_2021.csv").string() + ":4:"));
    fs::remove_all(dir);
  }
  SECTION("a missing file") {
    const fs::path dir = PriceFiles{}.write("no_file");
    fs::remove(dir / "mFRRDK2_2021.csv");
    CHECK_THAT(import_error(dir, march_first(4)), Catch::Contains((dir / "mFRRDK2_2021.csv").string()));
    fs::remove_all(dir);
  }
}

TEST_CASE("a window outside 2021 is refused before any file is read", "[fleet][price_import]") {
  // Never created: under this process's fresh scratch root, so no earlier run can have made it.
  const fs::path nowhere = fleetopt::test::scratch_root() / "price_import_no_such_folder";
  CHECK_THAT(import_error(nowhere, {hour("2020-12-31T23:00Z"), 2}), Catch::Contains("is not inside 2021"));
  CHECK_THAT(import_error(nowhere, {hour("2021-12-31T23:00Z"), 2}), Catch::Contains("is not inside 2021"));
  CHECK_THAT(import_error(nowhere, {hour("2022-03-01T00:00Z"), 1}), Catch::Contains("is not inside 2021"));
  CHECK_THAT(import_error(nowhere, {hour("2021-03-01T00:00Z"), 0}), Catch::Contains("at least one hour"));
  // The last hour of 2021 is inside (its file may still lack it: here the folder does not exist).
  CHECK_THAT(import_error(nowhere, {hour("2021-12-31T23:00Z"), 1}), !Catch::Contains("is not inside 2021"));
}

TEST_CASE("the imported instance has the default fleet and reads back with its attribution",
          "[fleet][price_import]") {
  const fs::path dir = PriceFiles{}.write("instance");
  const PriceWindow window = march_first(4);
  const ImportedPrices p = import_energinet_prices(dir, window);
  const Instance in = make_imported_instance(p, window, {3, 42});
  CHECK(in.name == "energinet-dk2-2021-03-01T00-4h");
  CHECK(in.start == "2021-03-01T00:00:00Z");
  REQUIRE(in.num_assets() == 3);
  for (const Asset& a : in.assets) {
    CHECK(a.power_mw == 10);
    CHECK(a.energy_mwh == 20);
    CHECK(a.soc_initial_mwh == 10);
    CHECK(a.soc_min_mwh == 2);
    for (int m = 0; m < in.num_markets(); ++m) {
      if (in.markets[m].settlement == Settlement::energy) {
        CHECK(a.prequalified_mw[m] == 10);
      } else {
        CHECK(a.prequalified_mw[m] >= 1);
        CHECK(a.prequalified_mw[m] <= 10);
      }
    }
  }
  CHECK(in.trivial_infeasibility().empty());
  // The same seed gives the same fleet; another seed another one.
  CHECK(make_imported_instance(p, window, {3, 42}).assets[2].prequalified_mw ==
        in.assets[2].prequalified_mw);
  bool differs = false;
  const Instance other = make_imported_instance(p, window, {3, 43});
  for (int a = 0; a < 3; ++a) differs = differs || other.assets[a].prequalified_mw != in.assets[a].prequalified_mw;
  CHECK(differs);
  CHECK_THROWS_AS(make_imported_instance(p, window, {0, 0}), core::InputError);

  const std::string attribution = energinet_attribution(p, window);
  CHECK_THAT(attribution, Catch::Contains("Source: Energinet (www.energidataservice.dk)") &&
                              Catch::Contains("CC BY 4.0") &&
                              Catch::Contains("https://creativecommons.org/licenses/by/4.0/") &&
                              Catch::Contains("Changed: yes") && Catch::Contains("mfrr_down"));

  InstanceWriteExtras extras;
  extras.toml_comment = attribution;
  extras.files.emplace_back("ATTRIBUTION.md", attribution);
  const fs::path out = dir / "out";
  write_instance(in, out, extras);
  const Instance back = read_instance(out / "instance.toml");
  CHECK(back.prices == in.prices);
  CHECK(back.time_labels == in.time_labels);
  CHECK(back.assets[1].prequalified_mw == in.assets[1].prequalified_mw);
  std::ifstream toml(out / "instance.toml");
  std::stringstream text;
  text << toml.rdbuf();
  CHECK_THAT(text.str(), Catch::Contains("\n# Source: Energinet (www.energidataservice.dk)\n"));
  CHECK(fs::exists(out / "ATTRIBUTION.md"));
  // Writing again over the folder it wrote is allowed; the extra file is one of its own.
  write_instance(in, out, extras);
  fs::remove_all(dir);
}
