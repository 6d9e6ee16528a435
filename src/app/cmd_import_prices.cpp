// fleetopt import-prices: an instance folder (prices.csv, instance.toml, ATTRIBUTION.md) from
// Energinet's real DK2 prices of 2021, read in place from the shared data folder's prices/
// (docs/real-prices.md). The data is CC BY 4.0: the attribution goes with every output.
#include <algorithm>
#include <filesystem>
#include <iostream>
#include <memory>

#include "command.hpp"
#include "fleetopt/core/errors.hpp"
#include "fleetopt/core/paths.hpp"
#include "fleetopt/fleet/instance_io.hpp"
#include "fleetopt/fleet/price_import.hpp"

namespace fleetopt::app {
namespace {

namespace fs = std::filesystem;
using core::InputError;

struct ImportPricesOptions {
  std::string from;
  std::string to;
  int hours = 0;
  std::string out;
  std::string prices_dir;
  fleet::ImportFleetOptions fleet;
};

fleet::UtcHour parse_hour_option(const std::string& option, const std::string& text) {
  const auto hour = fleet::parse_utc_hour(text, false);
  if (!hour)
    throw InputError(option, "expected a whole UTC hour like 2021-03-01T00:00Z, 2021-03-01T00:00:00Z, "
                             "2021-03-01T00:00:00+00:00 or a date like 2021-03-01, got '" + text + "'");
  return *hour;
}

// The prices folder: --prices-dir, else <shared data>/prices. Says which path was tried and how
// to point fleetopt elsewhere when the files are not there.
fs::path prices_folder(const std::string& given) {
  fs::path dir;
  std::string how;
  if (!given.empty()) {
    dir = given;
    how = "given by --prices-dir";
  } else {
    const auto shared = core::shared_data_dir();
    if (!shared) throw InputError("prices", core::shared_data_missing_message() + ", or give --prices-dir DIR");
    dir = *shared / "prices";
    how = "the shared data folder's prices/; set FLEETOPT_SHARED_DATA or give --prices-dir DIR";
  }
  std::error_code ec;
  for (const fleet::EnerginetMarket& m : fleet::energinet_markets())
    if (!fs::is_regular_file(dir / m.file, ec))
      throw InputError((dir / m.file).string(), "price file not found (folder " + dir.string() + ", " + how + ")");
  return dir;
}

int run_import_prices(const ImportPricesOptions& options) {
  fleet::PriceWindow window;
  window.first = parse_hour_option("--from", options.from);
  if (!options.to.empty()) {
    const fleet::UtcHour to = parse_hour_option("--to", options.to);
    if (to <= window.first)
      throw InputError("--to", "expected an hour after --from " + fleet::utc_hour_label(window.first) + ", got " +
                                   fleet::utc_hour_label(to));
    window.hours = static_cast<int>(std::min<fleet::UtcHour>(to - window.first, 1 << 30));
  } else if (options.hours > 0) {
    window.hours = options.hours;
  } else {
    throw InputError("--to/--hours", "give the end of the window: --to TIME (exclusive) or --hours N (N >= 1)");
  }

  fleet::check_energinet_window(window);  // before looking for files: a bad window is the first thing to say
  const fs::path dir = prices_folder(options.prices_dir);
  const fleet::ImportedPrices prices = fleet::import_energinet_prices(dir, window);
  for (const std::string& why : prices.left_out) std::cerr << "fleetopt: note: market left out: " << why << "\n";
  const fleet::Instance instance = fleet::make_imported_instance(prices, window, options.fleet);

  const std::string attribution = fleet::energinet_attribution(prices, window);
  fleet::write_instance(instance, options.out, fleet::energinet_write_extras(attribution));

  std::cout << "wrote " << instance.name << " (" << instance.num_assets() << " assets, " << instance.num_markets()
            << " markets, " << instance.num_steps() << " hours) to " << options.out << "/instance.toml\n\n"
            << attribution;
  return kExitOk;
}

CommandRunner setup_import_prices(CLI::App& command) {
  auto options = std::make_shared<ImportPricesOptions>();
  command.add_option("--from", options->from, "First hour of the window (UTC, in 2021), e.g. 2021-03-01T00:00Z")
      ->required();
  auto* to = command.add_option("--to", options->to, "End of the window, exclusive (UTC), e.g. 2021-03-08T00:00Z");
  auto* hours = command.add_option("--hours", options->hours, "Length of the window in hours");
  to->excludes(hours);
  command.add_option("--out", options->out, "Instance folder to write (instance.toml, prices.csv, ATTRIBUTION.md)")
      ->required();
  command.add_option("--assets", options->fleet.assets, "Number of batteries in the default fleet (10 MW, 20 MWh)")
      ->capture_default_str();
  command.add_option("--seed", options->fleet.seed, "Seed of the reserve prequalification draws (SplitMix64)")
      ->capture_default_str();
  command.add_option("--prices-dir", options->prices_dir,
                     "Folder with Elspot_DK2.csv, FCRND_2021.csv, mFRRDK2_2021.csv (default: $FLEETOPT_SHARED_DATA/prices)");
  return [options] { return run_import_prices(*options); };
}

const bool registered = register_command(
    {"import-prices", "Make an instance from Energinet's real 2021 DK2 prices (docs/real-prices.md)",
     setup_import_prices});

}  // namespace
}  // namespace fleetopt::app
