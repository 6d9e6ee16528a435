// Real prices for instances: reads Energinet's DK2 price files for 2021 (day-ahead, FCR, mFRR; the
// shared data folder's prices/, described in its SOURCES.md) in place, joins them on the UTC hour
// and maps their EUR columns to the markets of docs/model.md (mapping table and choices in
// docs/real-prices.md). The files come newest first, with a UTF-8 BOM and two spellings of the UTC
// hour; any window of 2021 comes out oldest first, hourly, with ISO 8601 UTC labels.
// Every problem in a file is a core::InputError naming the file, the line and what is wrong.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "fleetopt/fleet/instance.hpp"
#include "fleetopt/fleet/instance_io.hpp"

namespace fleetopt::fleet {

// An hour as a count of hours since 1970-01-01T00:00Z: the join key of the price files.
using UtcHour = long long;

// Parses a whole UTC hour: "YYYY-MM-DDThh:mm[:ss]" followed by "Z" or "+00:00", or a bare date
// "YYYY-MM-DD" (its midnight). With `zone_optional` the zone may also be missing (FCRND_2021.csv
// writes HourUTC without one). Minutes and seconds must be 0. Returns nullopt for anything else.
std::optional<UtcHour> parse_utc_hour(const std::string& text, bool zone_optional);
// "2021-03-01T00:00:00Z".
std::string utc_hour_label(UtcHour hour);

// The hours the files have in common: calendar year 2021 (UTC), [first, end).
UtcHour energinet_first_hour();
UtcHour energinet_end_hour();

// A run of whole hours [first, first + hours).
struct PriceWindow {
  UtcHour first = 0;
  int hours = 0;
};

// Throws InputError unless the window has at least one hour and lies inside 2021.
void check_energinet_window(const PriceWindow& window);

// One market made from one price column.
struct EnerginetMarket {
  std::string name;         // market name in the instance (e.g. "da_buy")
  Direction direction;
  Settlement settlement;
  std::string file;         // file in the prices folder
  std::string column;       // EUR price column in that file
  std::string product;      // what the price is, for messages and the attribution
  bool absent_in_2021;      // the column may be missing (the product was not procured in 2021)
};

// Every market import_energinet_prices knows, in output order.
const std::vector<EnerginetMarket>& energinet_markets();

struct ImportedPrices {
  std::vector<std::string> time_labels;       // one per hour, oldest first
  std::vector<Market> markets;                // the markets kept
  std::vector<std::string> market_sources;    // per kept market: "file column"
  std::vector<double> prices;                 // prices[t * markets.size() + m], EUR as in the file
  std::vector<std::string> left_out;          // per market left out: "<name> (<product>): <why>"
  std::vector<std::string> files_read;        // file names in the prices folder
};

// Reads the price files from `prices_dir` and returns the window's prices. Throws InputError for
// a window outside 2021, a missing file, a wrong header, a bad number or hour, a duplicated hour
// or an hour of the window that a file lacks. A market whose column is absent (where allowed) or
// whose price is 0 in every hour of the window is left out and said so in `left_out`.
ImportedPrices import_energinet_prices(const std::filesystem::path& prices_dir, const PriceWindow& window);

// The default fleet of an imported instance: `assets` identical batteries of 10 MW / 20 MWh (as the
// generator's), each prequalified at full power in the energy markets and at 1 + below(10) MW
// (SplitMix64 from `seed`, drawn asset by asset, market by market) in every reserve market.
struct ImportFleetOptions {
  int assets = 2;
  std::uint64_t seed = 0;
};

// An instance with the imported prices and the default fleet, named
// "energinet-dk2-<first hour>-<hours>h".
Instance make_imported_instance(const ImportedPrices& prices, const PriceWindow& window,
                                const ImportFleetOptions& fleet);

// The CC BY 4.0 attribution for anything made from these files (source, licence, link, what was
// changed), as plain text lines.
std::string energinet_attribution(const ImportedPrices& prices, const PriceWindow& window);

// What write_instance adds to an instance made from the real prices: the attribution as a comment
// at the top of instance.toml and as ATTRIBUTION.md (CC BY 4.0: it goes with every output).
InstanceWriteExtras energinet_write_extras(const std::string& attribution);

}  // namespace fleetopt::fleet
