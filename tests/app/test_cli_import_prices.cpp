// fleetopt import-prices end to end: a week of the real Energinet files (shared data, skipped with
// a warning when absent) checked hour by hour against the raw files read independently here, the
// written instance solved, and the error paths (window outside 2021, files absent, a bad file)
// exiting 2 without writing anything.
#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <vector>

#include "cli_runner.hpp"
#include "fleetopt/core/paths.hpp"
#include "requirements.hpp"

namespace fs = std::filesystem;

namespace {

using fleetopt::test::read_text;
using Run = fleetopt::test::CliRun;
using fleetopt::test::run_fleetopt;
using fleetopt::test::ScopedEnv;

std::vector<std::string> split(const std::string& line, char separator = ',') {
  std::vector<std::string> fields;
  std::stringstream in(line);
  for (std::string f; std::getline(in, f, separator);) fields.push_back(f);
  return fields;
}

std::vector<std::string> lines_of(const std::string& text) { return split(text, '\n'); }

// The real prices folder, or nullopt (with a warning, or a failure under FLEETOPT_REQUIRE_SHARED_DATA).
std::optional<fs::path> real_prices() {
  const auto shared = fleetopt::core::shared_data_dir();
  if (shared && fs::exists(*shared / "prices" / "Elspot_DK2.csv")) return *shared / "prices";
  fleetopt::test::missing_shared_data(fleetopt::core::shared_data_missing_message() + "; skipping the real-price checks");
  return std::nullopt;
}

// Field `column` (0-based) of every row of a raw Energinet file, keyed by its HourUTC text with
// any "+00:00" cut off. Deliberately simple and separate from the importer's code.
std::map<std::string, std::string> raw_column(const fs::path& file, size_t column) {
  std::map<std::string, std::string> values;
  for (const std::string& line : lines_of(read_text(file))) {
    const std::vector<std::string> fields = split(line);
    if (fields.size() <= column || fields[0].find("HourUTC") != std::string::npos) continue;
    values[fields[0].substr(0, 19)] = fields[column];
  }
  return values;
}

// Three tiny price files in `dir` (the real files' layout), two hours of 2021-03-01.
void write_small_files(const fs::path& dir, const std::string& first_spot_price) {
  std::ofstream(dir / "Elspot_DK2.csv") << "\xEF\xBB\xBFHourUTC,HourDK,PriceArea,SpotPriceDKK,SpotPriceEUR\n"
                                           "2021-03-01T01:00:00+00:00,2021-03-01T02:00:00,DK2,1,41\n"
                                           "2021-03-01T00:00:00+00:00,2021-03-01T01:00:00,DK2,1,"
                                        << first_spot_price << "\n";
  std::ofstream(dir / "FCRND_2021.csv")
      << "\xEF\xBB\xBFHourUTC,HourDK,FCR_N_PriceDKK,FCR_N_PriceEUR,FCR_D_UpPriceDKK,FCR_D_UpPriceEUR\n"
         "2021-03-01T01:00:00,2021-03-01T02:00:00,1,18,1,26\n"
         "2021-03-01T00:00:00,2021-03-01T01:00:00,1,18,1,26\n";
  std::ofstream(dir / "mFRRDK2_2021.csv")
      << "\xEF\xBB\xBFHourUTC,HourDK,mFRR_DownExpected,mFRR_DownPurchased,mFRR_DownPriceDKK,mFRR_DownPriceEUR,"
         "mFRR_UpExpected,mFRR_UpPurchased,mFRR_UpPriceDKK,mFRR_UpPriceEUR\n"
         "2021-03-01T01:00:00+00:00,2021-03-01T02:00:00,0,0,0,0,1,1,1,8\n"
         "2021-03-01T00:00:00+00:00,2021-03-01T01:00:00,0,0,0,0,1,1,1,8\n";
}

}  // namespace

TEST_CASE("import-prices writes a week of real 2021 prices that match the raw files and solve",
          "[app][cli][import_prices]") {
  const auto prices_dir = real_prices();
  if (!prices_dir) return;
  const fs::path dir = fleetopt::test::scratch_dir("import_prices_week");
  const fs::path out = dir / "week";
  const Run run = run_fleetopt("import-prices --from 2021-03-01T00:00Z --to 2021-03-08T00:00Z --out " + out.string());
  INFO(run.output);
  REQUIRE(run.exit_code == 0);
  // Markets absent in 2021 are named on stderr with the reason; the attribution is printed.
  CHECK_THAT(run.output, Catch::Contains("note: market left out: mfrr_down") &&
                             Catch::Contains("note: market left out: fcrd_down") &&
                             Catch::Contains("Source: Energinet (www.energidataservice.dk)") &&
                             Catch::Contains("CC BY 4.0"));

  const std::vector<std::string> rows = lines_of(read_text(out / "prices.csv"));
  REQUIRE(rows.size() == 1 + 168);
  CHECK(rows[0] == "time,da_buy,da_sell,fcrn_up,fcrn_down,fcrd_up,mfrr_up");
  CHECK_THAT(rows[1], Catch::StartsWith("2021-03-01T00:00:00Z,"));
  CHECK_THAT(rows[168], Catch::StartsWith("2021-03-07T23:00:00Z,"));
  // Looked up by hand in the raw files: Elspot 2021-03-01T00:00:00+00:00 is 40.96 EUR/MWh,
  // FCR-N 18.64, FCR-D up 26.72, mFRR up 8.07 EUR/MW.
  CHECK(rows[1] == "2021-03-01T00:00:00Z,40.96,40.96,18.64,18.64,26.72,8.07");

  // Every hour and market against the raw files, read independently.
  const auto spot = raw_column(*prices_dir / "Elspot_DK2.csv", 4);
  const auto fcr_n = raw_column(*prices_dir / "FCRND_2021.csv", 3);
  const auto fcr_d_up = raw_column(*prices_dir / "FCRND_2021.csv", 5);
  const auto mfrr_up = raw_column(*prices_dir / "mFRRDK2_2021.csv", 9);
  for (size_t r = 1; r < rows.size(); ++r) {
    const std::vector<std::string> f = split(rows[r]);
    REQUIRE(f.size() == 7);
    const std::string key = f[0].substr(0, 19);  // "2021-03-01T00:00:00"
    INFO(f[0]);
    REQUIRE(spot.count(key));
    CHECK(std::stod(f[1]) == std::stod(spot.at(key)));
    CHECK(std::stod(f[2]) == std::stod(spot.at(key)));
    CHECK(std::stod(f[3]) == std::stod(fcr_n.at(key)));
    CHECK(std::stod(f[4]) == std::stod(fcr_n.at(key)));
    CHECK(std::stod(f[5]) == std::stod(fcr_d_up.at(key)));
    CHECK(std::stod(f[6]) == std::stod(mfrr_up.at(key)));
    if (r > 1) CHECK(f[0] > split(rows[r - 1])[0]);  // oldest first
  }

  // The attribution goes with the data.
  const std::string toml = read_text(out / "instance.toml");
  CHECK_THAT(toml, Catch::Contains("# Source: Energinet (www.energidataservice.dk)") && Catch::Contains("CC BY 4.0"));
  CHECK_THAT(read_text(out / "ATTRIBUTION.md"),
             Catch::Contains("Source: Energinet (www.energidataservice.dk)") &&
                 Catch::Contains("https://creativecommons.org/licenses/by/4.0/"));

  // --hours gives the same prices as --to.
  const Run by_hours = run_fleetopt("import-prices --from 2021-03-01 --hours 168 --out " + (dir / "hours").string());
  REQUIRE(by_hours.exit_code == 0);
  CHECK(read_text(dir / "hours" / "prices.csv") == read_text(out / "prices.csv"));

  const Run solve = run_fleetopt("solve " + (out / "instance.toml").string() + " --time-limit 120 --out " +
                                 (dir / "result").string());
  INFO(solve.output);
  CHECK(solve.exit_code == 0);
  CHECK(fs::exists(dir / "result" / "bids.csv"));
  fs::remove_all(dir);
}

TEST_CASE("import-prices refuses a window outside 2021 and writes nothing", "[app][cli][import_prices]") {
  const fs::path dir = fleetopt::test::scratch_dir("import_prices_window");
  const fs::path out = dir / "inst";
  // The window is checked before the files are looked for: same answer with or without the data.
  for (const char* window :
       {"--from 2020-12-31T00:00Z --hours 48", "--from 2021-12-31T00:00Z --to 2022-01-02T00:00Z",
        "--from 2022-01-01T00:00:00+00:00 --hours 1"}) {
    const Run run = run_fleetopt(std::string("import-prices ") + window + " --out " + out.string());
    INFO(window << "\n" << run.output);
    CHECK(run.exit_code == 2);
    CHECK_THAT(run.output, Catch::Contains("is not inside 2021"));
    CHECK_FALSE(fs::exists(out));
  }
  // Bad options: an unreadable hour, an end before the start, no end, both ends.
  for (const char* args :
       {"--from 2021-03-01T00:30Z --hours 2", "--from 2021-03-01T00:00 --hours 2",
        "--from 2021-03-02T00:00Z --to 2021-03-01T00:00Z", "--from 2021-03-01T00:00Z",
        "--from 2021-03-01T00:00Z --hours 2 --to 2021-03-02T00:00Z", "--from 2021-03-01T00:00Z --hours 0"}) {
    const Run run = run_fleetopt(std::string("import-prices ") + args + " --out " + out.string());
    INFO(args << "\n" << run.output);
    CHECK(run.exit_code == 2);
    CHECK_FALSE(fs::exists(out));
  }
  CHECK(run_fleetopt("import-prices --help").exit_code == 0);
  fs::remove_all(dir);
}

TEST_CASE("import-prices says where it looked when the price files are absent", "[app][cli][import_prices]") {
  const fs::path dir = fleetopt::test::scratch_dir("import_prices_absent");
  const fs::path out = dir / "inst";
  {
    const ScopedEnv env("FLEETOPT_SHARED_DATA", (dir / "no-such-folder").string());
    const Run run = run_fleetopt("import-prices --from 2021-03-01T00:00Z --hours 24 --out " + out.string());
    INFO(run.output);
    CHECK(run.exit_code == 2);
    CHECK_THAT(run.output, Catch::Contains((dir / "no-such-folder").string()) &&
                               Catch::Contains("FLEETOPT_SHARED_DATA"));
  }
  {
    // A shared data folder without prices/.
    fs::create_directories(dir / "shared");
    const ScopedEnv env("FLEETOPT_SHARED_DATA", (dir / "shared").string());
    const Run run = run_fleetopt("import-prices --from 2021-03-01T00:00Z --hours 24 --out " + out.string());
    INFO(run.output);
    CHECK(run.exit_code == 2);
    CHECK_THAT(run.output, Catch::Contains((dir / "shared" / "prices" / "Elspot_DK2.csv").string()) &&
                               Catch::Contains("price file not found") && Catch::Contains("FLEETOPT_SHARED_DATA"));
  }
  CHECK_FALSE(fs::exists(out));
  fs::remove_all(dir);
}

TEST_CASE("import-prices --prices-dir: a bad number exits 2 with file and line, a good folder works",
          "[app][cli][import_prices]") {
  const fs::path dir = fleetopt::test::scratch_dir("import_prices_small");
  const fs::path out = dir / "inst";
  fs::create_directories(dir / "bad");
  write_small_files(dir / "bad", "4O.5");  // a letter O for a zero
  const Run bad = run_fleetopt("import-prices --prices-dir " + (dir / "bad").string() +
                               " --from 2021-03-01T00:00Z --hours 2 --out " + out.string());
  INFO(bad.output);
  CHECK(bad.exit_code == 2);
  CHECK_THAT(bad.output, Catch::Contains((dir / "bad" / "Elspot_DK2.csv").string() + ":3:") &&
                             Catch::Contains("'4O.5'"));
  CHECK_FALSE(fs::exists(out));

  fs::create_directories(dir / "good");
  write_small_files(dir / "good", "40.5");
  const Run good = run_fleetopt("import-prices --prices-dir " + (dir / "good").string() +
                                " --from 2021-03-01T00:00Z --hours 2 --assets 3 --out " + out.string());
  INFO(good.output);
  REQUIRE(good.exit_code == 0);
  CHECK(read_text(out / "prices.csv") ==
        "time,da_buy,da_sell,fcrn_up,fcrn_down,fcrd_up,mfrr_up\n"
        "2021-03-01T00:00:00Z,40.5,40.5,18,18,26,8\n"
        "2021-03-01T01:00:00Z,41,41,18,18,26,8\n");
  // A missing hour: ask for three.
  const Run missing = run_fleetopt("import-prices --prices-dir " + (dir / "good").string() +
                                   " --from 2021-03-01T00:00Z --hours 3 --out " + (dir / "three").string());
  CHECK(missing.exit_code == 2);
  CHECK_THAT(missing.output, Catch::Contains("Elspot_DK2.csv: no row for hour 2021-03-01T02:00:00Z"));
  CHECK_FALSE(fs::exists(dir / "three"));
  // The folder it wrote may be written again; a folder with other files is refused.
  CHECK(run_fleetopt("import-prices --prices-dir " + (dir / "good").string() +
                     " --from 2021-03-01T00:00Z --hours 2 --out " + out.string())
            .exit_code == 0);
  std::ofstream(out / "notes.txt") << "mine\n";
  CHECK(run_fleetopt("import-prices --prices-dir " + (dir / "good").string() +
                     " --from 2021-03-01T00:00Z --hours 2 --out " + out.string())
            .exit_code == 2);
  CHECK(fs::exists(out / "notes.txt"));
  fs::remove_all(dir);
}
