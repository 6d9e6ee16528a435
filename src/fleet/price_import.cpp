#include "fleetopt/fleet/price_import.hpp"

#include <cctype>
#include <map>
#include <sstream>
#include <unordered_map>

#include "fleetopt/core/calendar.hpp"
#include "fleetopt/core/csv.hpp"
#include "fleetopt/core/errors.hpp"
#include "fleetopt/fleet/random.hpp"

namespace fleetopt::fleet {

namespace fs = std::filesystem;
using core::InputError;

namespace {

constexpr const char* kElspot = "Elspot_DK2.csv";
constexpr const char* kFcr = "FCRND_2021.csv";
constexpr const char* kMfrr = "mFRRDK2_2021.csv";
constexpr const char* kHourColumn = "HourUTC";
constexpr const char* kAreaColumn = "PriceArea";
constexpr const char* kArea = "DK2";

// The default battery, as the generator's (docs/model.md section 5).
constexpr double kPowerMw = 10.0;
constexpr double kEnergyMwh = 20.0;

bool all_digits(const std::string& s, size_t pos, size_t count) {
  if (pos + count > s.size()) return false;
  for (size_t i = pos; i < pos + count; ++i)
    if (!std::isdigit(static_cast<unsigned char>(s[i]))) return false;
  return true;
}

int number_at(const std::string& s, size_t pos, size_t count) { return std::stoi(s.substr(pos, count)); }

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& s : items) out += (out.empty() ? "" : ", ") + s;
  return out;
}

std::string window_text(const PriceWindow& w) {
  return utc_hour_label(w.first) + " to " + utc_hour_label(w.first + w.hours) + " (" + std::to_string(w.hours) +
         (w.hours == 1 ? " hour)" : " hours)");
}

// One price file, read and checked whole, indexed by hour.
struct PriceFile {
  std::string label;  // the path, for messages
  core::CsvTable table;
  std::unordered_map<UtcHour, size_t> row_of_hour;
  std::map<std::string, int> value_column;  // price column -> index, for the columns we use
};

PriceFile read_price_file(const fs::path& path, const std::vector<std::string>& price_columns,
                          const std::vector<bool>& may_be_absent) {
  PriceFile f;
  f.label = path.string();
  f.table = core::read_csv(f.label);  // strips the BOM; a row with a wrong field count is an error
  const auto& header = f.table.header;
  auto wrong_header = [&](const std::string& column) {
    throw InputError(f.label, 1, 0,
                     "wrong header: expected a column '" + column + "' (found: " + join(header) + ")");
  };
  const int hour_column = f.table.column(kHourColumn);
  if (hour_column < 0) wrong_header(kHourColumn);
  for (size_t i = 0; i < price_columns.size(); ++i) {
    const int c = f.table.column(price_columns[i]);
    if (c >= 0)
      f.value_column[price_columns[i]] = c;
    else if (!may_be_absent[i])
      wrong_header(price_columns[i]);
  }
  const int area_column = f.table.column(kAreaColumn);

  for (size_t r = 0; r < f.table.rows.size(); ++r) {
    const core::CsvRecord& row = f.table.rows[r];
    const std::string& key = row.fields[hour_column];
    const auto hour = parse_utc_hour(key, true);
    if (!hour)
      throw InputError(f.label, row.line, 0,
                       std::string(kHourColumn) + ": expected a whole UTC hour like 2021-03-01T00:00:00+00:00, got '" +
                           key + "'");
    const auto [it, fresh] = f.row_of_hour.emplace(*hour, r);
    if (!fresh)
      throw InputError(f.label, row.line, 0,
                       "duplicate hour " + utc_hour_label(*hour) + " (also on line " +
                           std::to_string(f.table.rows[it->second].line) + ")");
    if (area_column >= 0 && row.fields[area_column] != kArea)
      throw InputError(f.label, row.line, 0,
                       std::string(kAreaColumn) + ": expected " + kArea + ", got '" + row.fields[area_column] + "'");
    // Every value of a used column is checked, not just the window's: a damaged file is refused.
    for (const auto& [name, c] : f.value_column) core::parse_finite_double(row.fields[c], f.label, row.line, 0, name);
  }
  return f;
}

}  // namespace

std::optional<UtcHour> parse_utc_hour(const std::string& text, bool zone_optional) {
  // YYYY-MM-DD
  if (!(all_digits(text, 0, 4) && text.size() >= 10 && text[4] == '-' && all_digits(text, 5, 2) &&
        text[7] == '-' && all_digits(text, 8, 2)))
    return std::nullopt;
  const int year = number_at(text, 0, 4), month = number_at(text, 5, 2), day = number_at(text, 8, 2);
  if (month < 1 || month > 12 || day < 1 || day > core::days_in_month(year, month)) return std::nullopt;
  const UtcHour midnight = core::days_from_civil(year, month, day) * 24;
  if (text.size() == 10) return midnight;
  // Thh:mm[:ss]
  if (!(text[10] == 'T' && all_digits(text, 11, 2) && text.size() >= 16 && text[13] == ':' &&
        all_digits(text, 14, 2)))
    return std::nullopt;
  const int hour = number_at(text, 11, 2);
  if (hour > 23 || number_at(text, 14, 2) != 0) return std::nullopt;
  size_t pos = 16;
  if (pos < text.size() && text[pos] == ':') {
    if (!all_digits(text, pos + 1, 2) || number_at(text, pos + 1, 2) != 0) return std::nullopt;
    pos += 3;
  }
  const std::string zone = text.substr(pos);
  if (zone == "Z" || zone == "+00:00" || (zone.empty() && zone_optional)) return midnight + hour;
  return std::nullopt;
}

std::string utc_hour_label(UtcHour hour) { return core::utc_label(hour * 3600); }

UtcHour energinet_first_hour() { return core::days_from_civil(2021, 1, 1) * 24; }
UtcHour energinet_end_hour() { return core::days_from_civil(2022, 1, 1) * 24; }

const std::vector<EnerginetMarket>& energinet_markets() {
  using D = Direction;
  using S = Settlement;
  static const std::vector<EnerginetMarket> markets = {
      {"da_buy", D::down, S::energy, kElspot, "SpotPriceEUR", "day-ahead price (buy: the battery charges and pays)", false},
      {"da_sell", D::up, S::energy, kElspot, "SpotPriceEUR", "day-ahead price (sell: the battery discharges and is paid)", false},
      {"fcrn_up", D::up, S::reserve, kFcr, "FCR_N_PriceEUR", "FCR-N capacity price (symmetric product, up side)", false},
      {"fcrn_down", D::down, S::reserve, kFcr, "FCR_N_PriceEUR", "FCR-N capacity price (symmetric product, down side)", false},
      {"fcrd_up", D::up, S::reserve, kFcr, "FCR_D_UpPriceEUR", "FCR-D up capacity price", false},
      {"fcrd_down", D::down, S::reserve, kFcr, "FCR_D_DownPriceEUR", "FCR-D down capacity price", true},
      {"mfrr_up", D::up, S::reserve, kMfrr, "mFRR_UpPriceEUR", "mFRR up capacity price", false},
      {"mfrr_down", D::down, S::reserve, kMfrr, "mFRR_DownPriceEUR", "mFRR down capacity price", true},
  };
  return markets;
}

void check_energinet_window(const PriceWindow& window) {
  const UtcHour first = energinet_first_hour(), end = energinet_end_hour();
  if (window.hours < 1)
    throw InputError("window", "expected at least one hour, got " + std::to_string(window.hours));
  if (window.first < first || window.first + window.hours > end)
    throw InputError("window", window_text(window) + " is not inside 2021: the FCR and mFRR files cover " +
                                   utc_hour_label(first) + " to " + utc_hour_label(end) + " (UTC) only");
}

ImportedPrices import_energinet_prices(const fs::path& prices_dir, const PriceWindow& window) {
  check_energinet_window(window);

  // Read each file once, with the columns its markets need.
  std::vector<std::string> file_names;
  std::map<std::string, std::pair<std::vector<std::string>, std::vector<bool>>> wanted;
  for (const EnerginetMarket& m : energinet_markets()) {
    auto& [columns, absent] = wanted[m.file];
    if (columns.empty()) file_names.push_back(m.file);
    columns.push_back(m.column);
    absent.push_back(m.absent_in_2021);
  }
  std::map<std::string, PriceFile> files;
  for (const std::string& name : file_names) {
    const auto& [columns, absent] = wanted[name];
    files.emplace(name, read_price_file(prices_dir / name, columns, absent));
  }

  // Every file must have every hour of the window.
  for (const std::string& name : file_names) {
    const PriceFile& f = files.at(name);
    std::vector<UtcHour> missing;
    for (UtcHour h = window.first; h < window.first + window.hours; ++h)
      if (!f.row_of_hour.count(h)) missing.push_back(h);
    if (!missing.empty())
      throw InputError(f.label, "no row for hour " + utc_hour_label(missing.front()) + " (" + kHourColumn + ")" +
                                    (missing.size() > 1 ? " and " + std::to_string(missing.size() - 1) + " more" : "") +
                                    ": the window " + window_text(window) + " needs every hour");
  }

  ImportedPrices out;
  out.files_read = file_names;
  for (UtcHour h = window.first; h < window.first + window.hours; ++h) out.time_labels.push_back(utc_hour_label(h));
  std::vector<std::vector<double>> columns;  // per kept market, per hour
  for (const EnerginetMarket& m : energinet_markets()) {
    const PriceFile& f = files.at(m.file);
    const auto c = f.value_column.find(m.column);
    if (c == f.value_column.end()) {
      out.left_out.push_back(m.name + " (" + m.product + "): " + m.file + " has no column " +
                             m.column + " (the product was not procured in 2021)");
      continue;
    }
    std::vector<double> values;
    bool any_nonzero = false;
    for (UtcHour h = window.first; h < window.first + window.hours; ++h) {
      const core::CsvRecord& row = f.table.rows[f.row_of_hour.at(h)];
      values.push_back(core::parse_finite_double(row.fields[c->second], f.label, row.line, 0, m.column));
      any_nonzero = any_nonzero || values.back() != 0.0;
    }
    if (!any_nonzero) {
      out.left_out.push_back(m.name + " (" + m.product + "): " + m.file + " column " +
                             m.column + " is 0 in every hour of the window (nothing was procured)");
      continue;
    }
    Market market;
    market.name = m.name;
    market.direction = m.direction;
    market.settlement = m.settlement;
    out.markets.push_back(market);
    out.market_sources.push_back(m.file + " " + m.column);
    columns.push_back(std::move(values));
  }
  if (out.markets.empty())
    throw InputError("window", "no market has a non-zero price in " + window_text(window));
  for (int t = 0; t < window.hours; ++t)
    for (const auto& column : columns) out.prices.push_back(column[t]);
  return out;
}

Instance make_imported_instance(const ImportedPrices& prices, const PriceWindow& window,
                                const ImportFleetOptions& fleet) {
  if (fleet.assets < 1 || fleet.assets > 100000)
    throw InputError("--assets", "expected 1 to 100000 assets, got " + std::to_string(fleet.assets));
  Instance in;
  const std::string first = utc_hour_label(window.first);  // 2021-03-01T00:00:00Z
  in.name = "energinet-dk2-" + first.substr(0, 13) + "-" + std::to_string(window.hours) + "h";
  in.step_hours = 1.0;
  in.start = first;
  in.time_labels = prices.time_labels;
  in.markets = prices.markets;
  in.prices = prices.prices;
  SplitMix64 prequalification(fleet.seed);
  for (int a = 0; a < fleet.assets; ++a) {
    Asset asset;
    asset.name = "a" + std::to_string(a);
    asset.power_mw = kPowerMw;
    asset.energy_mwh = kEnergyMwh;
    asset.soc_initial_mwh = kEnergyMwh / 2;
    asset.soc_min_mwh = kEnergyMwh / 10;
    asset.soc_max_mwh = kEnergyMwh;
    asset.soc_final_min_mwh = asset.soc_min_mwh;
    // Anyone may trade day-ahead energy at full power; reserve needs prequalification, which
    // varies by asset like the original script's random prequalified power (but never 0, so
    // every imported market can be used).
    for (const Market& m : in.markets)
      asset.prequalified_mw.push_back(m.settlement == Settlement::energy
                                          ? kPowerMw
                                          : 1.0 + static_cast<double>(prequalification.below(10)));
    in.assets.push_back(std::move(asset));
  }
  return in;
}

std::string energinet_attribution(const ImportedPrices& prices, const PriceWindow& window) {
  std::ostringstream s;
  s << "Source: Energinet (www.energidataservice.dk)\n"
    << "Prices for bidding zone DK2 from Energi Data Service (https://www.energidataservice.dk): datasets\n"
    << "Elspotprices (day-ahead prices from the Nord Pool auction, republished by Energinet),\n"
    << "FcrReservesDK2 and MfrrReservesDK2.\n"
    << "Licence: Creative Commons Attribution 4.0 International (CC BY 4.0),\n"
    << "https://creativecommons.org/licenses/by/4.0/ (terms: https://www.energidataservice.dk/terms-and-conditions).\n"
    << "Changed: yes. fleetopt import-prices kept the hours " << window_text(window) << ",\n"
    << "the EUR price columns only, sorted oldest first and labelled in ISO 8601 UTC; each price\n"
    << "became the market(s) below (the day-ahead and FCR-N prices twice, once per direction).\n"
    << "The batteries of the instance are invented, not Energinet data.\n"
    << "Files read: " << join(prices.files_read) << " (provenance in SOURCES.md beside them).\n"
    << "Markets:\n";
  for (size_t m = 0; m < prices.markets.size(); ++m)
    s << "  " << prices.markets[m].name << " (" << to_string(prices.markets[m].direction) << ", "
      << to_string(prices.markets[m].settlement) << ") = " << prices.market_sources[m] << "\n";
  for (const std::string& why : prices.left_out) s << "Left out: " << why << "\n";
  return s.str();
}

InstanceWriteExtras energinet_write_extras(const std::string& attribution) {
  InstanceWriteExtras extras;
  extras.toml_comment = "Prices from real data, CC BY 4.0 (see ATTRIBUTION.md):\n" + attribution;
  extras.files.emplace_back("ATTRIBUTION.md", "# Attribution\n\nThe prices in `prices.csv` come from Energinet's "
                                              "public data.\n\n```\n" + attribution + "```\n");
  return extras;
}

}  // namespace fleetopt::fleet
