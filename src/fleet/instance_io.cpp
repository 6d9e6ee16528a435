// Instance files (docs/model.md section 4; our choices in docs/instances.md): instance.toml read
// with toml++, prices.csv and the optional assets.csv with core::read_csv. Every field remembers
// where it came from, so that range checks made after parsing still name file, line and column.
#include "fleetopt/fleet/instance_io.hpp"

#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>
#include <sstream>
#include <toml++/toml.h>

#include "fleetopt/core/csv.hpp"
#include "fleetopt/core/errors.hpp"
#include "fleetopt/core/output_dir.hpp"
#include "fleetopt/core/text_file.hpp"

namespace fleetopt::fleet {

namespace fs = std::filesystem;
using core::InputError;

namespace {

// Above this many assets write_instance puts them in assets.csv: one row per asset reads better
// than hundreds of [[asset]] tables.
constexpr int kMaxAssetTablesInToml = 20;

struct Site {
  std::string file;
  int line = 0;
  int column = 0;
};

[[noreturn]] void fail(const Site& at, const std::string& message) {
  throw InputError(at.file, at.line, at.column, message);
}

std::string number_text(double v) {
  char buffer[32];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, v);
  if (ec != std::errc()) throw std::runtime_error("cannot format number");
  return std::string(buffer, end);
}

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& s : items) out += (out.empty() ? "" : ", ") + s;
  return out;
}

// A file the instance names that is missing or a directory is reported where it is named.
std::string read_named_file(const fs::path& path, const Site& named_at, const std::string& what) {
  if (const std::string why = core::unreadable_file_reason(path, what); !why.empty())
    fail(named_at, "'" + path.string() + "': " + why);
  return core::read_text_file(path, what);
}

// ---------------------------------------------------------------------------------------------
// Where fields of a CSV file start, for error columns (core::CsvTable keeps lines, not columns).

class CsvColumns {
 public:
  CsvColumns(const std::string& text, std::string file) : file_(std::move(file)) {
    std::string_view rest(text);
    if (rest.substr(0, 3) == "\xEF\xBB\xBF") rest.remove_prefix(3);
    for (;;) {
      const size_t end = rest.find('\n');
      lines_.emplace_back(rest.substr(0, end));
      if (end == std::string_view::npos) break;
      rest.remove_prefix(end + 1);
    }
  }

  // 1-based character column where field `field` (0-based) of `line` starts, 0 if unknown.
  Site at(int line, int field) const {
    if (line < 1 || line > static_cast<int>(lines_.size())) return {file_, line, 0};
    std::string_view s = lines_[line - 1];
    size_t pos = 0;
    for (int f = 0; f < field; ++f) {
      if (pos < s.size() && s[pos] == '"') {
        ++pos;
        while (pos < s.size() && !(s[pos] == '"' && (pos + 1 >= s.size() || s[pos + 1] != '"')))
          pos += s[pos] == '"' ? 2 : 1;
        ++pos;
      }
      pos = s.find(',', pos);
      if (pos == std::string_view::npos) return {file_, line, 0};
      ++pos;
    }
    return {file_, line, static_cast<int>(pos) + 1};
  }

  const std::string& file() const { return file_; }

 private:
  std::string file_;
  std::vector<std::string_view> lines_;
};

bool blank(const std::string& text) { return text.find_first_not_of(" \t\r\n") == std::string::npos; }

// ---------------------------------------------------------------------------------------------
// TOML access with locations.

Site site_of(const std::string& file, const toml::source_region& region) {
  return {file, static_cast<int>(region.begin.line), static_cast<int>(region.begin.column)};
}

std::string type_name(const toml::node& node) {
  switch (node.type()) {
    case toml::node_type::string: return "a string";
    case toml::node_type::integer: return "an integer";
    case toml::node_type::floating_point: return "a floating-point number";
    case toml::node_type::boolean: return "a boolean";
    case toml::node_type::table: return "a table";
    case toml::node_type::array: return "an array";
    case toml::node_type::date: return "a date";
    case toml::node_type::time: return "a time";
    case toml::node_type::date_time: return "a date-time";
    default: return "nothing";
  }
}

class TomlTable {
 public:
  TomlTable(const toml::table& table, std::string file, Site header, std::string context)
      : table_(table), file_(std::move(file)), header_(std::move(header)), context_(std::move(context)) {}

  const Site& header() const { return header_; }

  // Unknown keys are errors: a misspelt optional key must not silently become its default.
  void check_keys(const std::vector<std::string>& allowed) const {
    for (auto&& [key, node] : table_) {
      const std::string name(key.str());
      bool known = false;
      for (const std::string& a : allowed) known = known || a == name;
      if (!known)
        fail(site_of(file_, key.source()),
             "unknown key '" + name + "' in " + context_ + " (expected one of: " + join(allowed) + ")");
    }
  }

  const toml::node* find(const std::string& key) const { return table_.get(key); }

  Site key_site(const std::string& key) const {
    for (auto&& [k, node] : table_)
      if (k.str() == key) return site_of(file_, k.source());
    return header_;
  }
  Site value_site(const std::string& key) const {
    const toml::node* node = find(key);
    return node ? site_of(file_, node->source()) : header_;
  }

  [[noreturn]] void missing(const std::string& key, const std::string& expected) const {
    fail(header_, "missing required key '" + key + "' in " + context_ + " (expected " + expected + ")");
  }

  std::optional<double> number(const std::string& key, bool required) const {
    const toml::node* node = find(key);
    if (!node) {
      if (required) missing(key, "a number");
      return std::nullopt;
    }
    double value;
    if (const auto* i = node->as_integer())
      value = static_cast<double>(i->get());
    else if (const auto* f = node->as_floating_point())
      value = f->get();
    else
      fail(value_site(key), key + ": expected a number, got " + type_name(*node));
    if (!std::isfinite(value))
      fail(value_site(key), key + ": expected a finite number, got " + number_text(value));
    return value;
  }

  std::optional<std::string> string(const std::string& key, bool required) const {
    const toml::node* node = find(key);
    if (!node) {
      if (required) missing(key, "a string");
      return std::nullopt;
    }
    const auto* s = node->as_string();
    if (!s) fail(value_site(key), key + ": expected a string, got " + type_name(*node));
    return s->get();
  }

 private:
  const toml::table& table_;
  std::string file_;
  Site header_;
  std::string context_;
};

// ---------------------------------------------------------------------------------------------
// Assets: one draft per asset, from a TOML table or a CSV row, validated by the same code.

struct AssetNumberField {
  const char* name;
  bool required;
  double Asset::*member;
};

const AssetNumberField kAssetNumbers[] = {
    {"power_mw", true, &Asset::power_mw},
    {"energy_mwh", true, &Asset::energy_mwh},
    {"soc_initial_mwh", true, &Asset::soc_initial_mwh},
    {"soc_min_mwh", true, &Asset::soc_min_mwh},
    {"soc_max_mwh", false, &Asset::soc_max_mwh},
    {"soc_final_min_mwh", false, &Asset::soc_final_min_mwh},
    {"eta_charge", false, &Asset::eta_charge},
    {"eta_discharge", false, &Asset::eta_discharge},
    {"cycle_cost_eur_per_mwh", false, &Asset::cycle_cost_eur_per_mwh},
};

struct AssetDraft {
  Asset asset;
  Site record;                         // the [[asset]] header or the CSV row
  Site name_site;
  std::map<std::string, Site> sites;   // where each given field's value is
  std::vector<Site> prequalified_sites;  // per market; the record when not given

  Site at(const std::string& field) const {
    auto it = sites.find(field);
    return it == sites.end() ? record : it->second;
  }
  bool given(const std::string& field) const { return sites.count(field) > 0; }
};

void validate_asset(AssetDraft& d, const std::vector<Market>& markets) {
  Asset& a = d.asset;
  if (a.name.empty()) fail(d.name_site, "name: expected a non-empty asset name");
  if (!d.given("soc_max_mwh")) a.soc_max_mwh = a.energy_mwh;
  if (!d.given("soc_final_min_mwh")) a.soc_final_min_mwh = a.soc_min_mwh;
  const std::string who = "asset '" + a.name + "': ";
  auto non_negative = [&](const char* field, double v) {
    if (v < 0) fail(d.at(field), who + field + ": expected a number >= 0, got " + number_text(v));
  };
  non_negative("power_mw", a.power_mw);
  non_negative("energy_mwh", a.energy_mwh);
  non_negative("soc_min_mwh", a.soc_min_mwh);
  non_negative("soc_max_mwh", a.soc_max_mwh);
  non_negative("soc_final_min_mwh", a.soc_final_min_mwh);
  non_negative("cycle_cost_eur_per_mwh", a.cycle_cost_eur_per_mwh);
  if (a.soc_max_mwh > a.energy_mwh)
    fail(d.at("soc_max_mwh"), who + "soc_max_mwh " + number_text(a.soc_max_mwh) +
                                  " exceeds energy_mwh " + number_text(a.energy_mwh));
  if (a.soc_min_mwh > a.soc_max_mwh)
    fail(d.at("soc_min_mwh"), who + "soc_min_mwh " + number_text(a.soc_min_mwh) + " exceeds soc_max_mwh " +
                                  number_text(a.soc_max_mwh) +
                                  (d.given("soc_max_mwh") ? "" : " (the default: energy_mwh)"));
  if (a.soc_final_min_mwh > a.soc_max_mwh)
    fail(d.at("soc_final_min_mwh"), who + "soc_final_min_mwh " + number_text(a.soc_final_min_mwh) +
                                        " exceeds soc_max_mwh " + number_text(a.soc_max_mwh));
  for (const char* field : {"eta_charge", "eta_discharge"}) {
    const double eta = field[4] == 'c' ? a.eta_charge : a.eta_discharge;
    if (!(eta > 0 && eta <= 1))
      fail(d.at(field), who + field + ": expected an efficiency in (0, 1], got " + number_text(eta));
  }
  for (size_t m = 0; m < markets.size(); ++m) {
    const double q = a.prequalified_mw[m];
    const std::string what = who + "prequalified_mw for market '" + markets[m].name + "'";
    if (q < 0) fail(d.prequalified_sites[m], what + ": expected a number >= 0, got " + number_text(q));
    // Rejected rather than clamped: clamping would silently solve a model the user did not write.
    if (q > a.power_mw)
      fail(d.prequalified_sites[m], what + " is " + number_text(q) + " MW, above the asset's power_mw " +
                                        number_text(a.power_mw) + " (expected at most power_mw)");
  }
}

AssetDraft asset_from_toml(const TomlTable& t, const std::vector<Market>& markets,
                           const std::string& file) {
  std::vector<std::string> allowed = {"name"};
  for (const auto& f : kAssetNumbers) allowed.emplace_back(f.name);
  allowed.emplace_back("prequalified_mw");
  t.check_keys(allowed);

  AssetDraft d;
  d.record = t.header();
  d.asset.name = *t.string("name", true);
  d.name_site = t.value_site("name");
  for (const auto& f : kAssetNumbers)
    if (auto v = t.number(f.name, f.required)) {
      d.asset.*f.member = *v;
      d.sites[f.name] = t.value_site(f.name);
    }
  d.asset.prequalified_mw.assign(markets.size(), 0.0);
  d.prequalified_sites.assign(markets.size(), d.record);
  if (const toml::node* node = t.find("prequalified_mw")) {
    const toml::table* q = node->as_table();
    if (!q)
      fail(t.value_site("prequalified_mw"),
           "prequalified_mw: expected a table { <market> = MW, ... }, got " + type_name(*node));
    std::vector<std::string> names;
    for (const Market& m : markets) names.push_back(m.name);
    for (auto&& [key, value] : *q) {
      const std::string market(key.str());
      int index = -1;
      for (size_t m = 0; m < markets.size(); ++m)
        if (markets[m].name == market) index = static_cast<int>(m);
      if (index < 0)
        fail(site_of(file, key.source()), "prequalified_mw: unknown market '" + market +
                                              "' (expected one of: " + join(names) + ")");
      TomlTable entries(*q, file, t.header(), "prequalified_mw");
      d.asset.prequalified_mw[index] = *entries.number(market, true);
      d.prequalified_sites[index] = site_of(file, value.source());
    }
  }
  return d;
}

std::vector<AssetDraft> assets_from_csv(const std::string& text, const std::string& file,
                                        const std::vector<Market>& markets) {
  const CsvColumns columns(text, file);
  if (blank(text)) fail({file, 1, 0}, "empty assets file: expected a header line 'name,power_mw,...'");
  const core::CsvTable table = core::parse_csv(text, file);

  // What each header column holds: an index into kAssetNumbers, the name (-1), or a market (q).
  struct Column {
    int number_field = -2;  // -1 = name
    int market = -1;
  };
  std::vector<Column> roles(table.header.size());
  std::set<std::string> seen;
  const std::string prefix = "prequalified_mw.";
  for (size_t c = 0; c < table.header.size(); ++c) {
    const std::string& h = table.header[c];
    const Site at = columns.at(1, static_cast<int>(c));
    if (!seen.insert(h).second) fail(at, "duplicate column '" + h + "'");
    if (h == "name") {
      roles[c].number_field = -1;
      continue;
    }
    for (size_t f = 0; f < std::size(kAssetNumbers); ++f)
      if (h == kAssetNumbers[f].name) roles[c].number_field = static_cast<int>(f);
    if (roles[c].number_field != -2) continue;
    if (h.compare(0, prefix.size(), prefix) == 0) {
      const std::string market = h.substr(prefix.size());
      for (size_t m = 0; m < markets.size(); ++m)
        if (markets[m].name == market) roles[c].market = static_cast<int>(m);
      if (roles[c].market < 0) {
        std::vector<std::string> names;
        for (const Market& m : markets) names.push_back(m.name);
        fail(at, "column '" + h + "' names unknown market '" + market + "' (expected one of: " +
                     join(names) + ")");
      }
      continue;
    }
    std::vector<std::string> allowed = {"name"};
    for (const auto& f : kAssetNumbers) allowed.emplace_back(f.name);
    allowed.push_back(prefix + "<market>");
    fail(at, "unknown column '" + h + "' (expected one of: " + join(allowed) + ")");
  }
  if (!seen.count("name")) fail({file, 1, 0}, "missing column 'name'");
  for (const auto& f : kAssetNumbers)
    if (f.required && !seen.count(f.name)) fail({file, 1, 0}, std::string("missing column '") + f.name + "'");
  if (table.rows.empty()) fail({file, 2, 0}, "no assets: expected at least one row after the header");

  std::vector<AssetDraft> drafts;
  for (const core::CsvRecord& row : table.rows) {
    AssetDraft d;
    d.record = {file, row.line, 0};
    d.asset.prequalified_mw.assign(markets.size(), 0.0);
    d.prequalified_sites.assign(markets.size(), d.record);
    for (size_t c = 0; c < roles.size(); ++c) {
      const std::string& cell = row.fields[c];
      const Site at = columns.at(row.line, static_cast<int>(c));
      if (roles[c].number_field == -1) {
        d.asset.name = cell;
        d.name_site = at;
        continue;
      }
      const std::string& what = table.header[c];
      if (blank(cell)) {
        if (roles[c].number_field >= 0 && kAssetNumbers[roles[c].number_field].required)
          fail(at, what + ": missing value (expected a number)");
        continue;  // optional: the default
      }
      const double v = core::parse_finite_double(cell, file, at.line, at.column, what);
      if (roles[c].market >= 0) {
        d.asset.prequalified_mw[roles[c].market] = v;
        d.prequalified_sites[roles[c].market] = at;
      } else {
        d.asset.*kAssetNumbers[roles[c].number_field].member = v;
        d.sites[what] = at;
      }
    }
    drafts.push_back(std::move(d));
  }
  return drafts;
}

// ---------------------------------------------------------------------------------------------
// Prices.

void read_prices(const std::string& text, const std::string& file, Instance& in) {
  if (blank(text)) fail({file, 1, 0}, "empty price file: expected a header line 'time,<market>,...'");
  const CsvColumns columns(text, file);
  const core::CsvTable table = core::parse_csv(text, file);
  const int M = in.num_markets();
  if (table.header.empty() || table.header[0] != "time")
    fail(columns.at(1, 0), "first column: expected 'time', got '" +
                               (table.header.empty() ? std::string() : table.header[0]) + "'");
  std::vector<int> market_of_column(table.header.size(), -1);
  std::vector<int> column_of_market(M, -1);
  std::vector<std::string> names;
  for (const Market& m : in.markets) names.push_back(m.name);
  for (size_t c = 1; c < table.header.size(); ++c) {
    const int m = in.market_index(table.header[c]);
    const Site at = columns.at(1, static_cast<int>(c));
    if (m < 0)
      fail(at, "unknown column '" + table.header[c] + "': expected a market name (" + join(names) + ")");
    if (column_of_market[m] >= 0) fail(at, "duplicate column for market '" + table.header[c] + "'");
    column_of_market[m] = static_cast<int>(c);
    market_of_column[c] = m;
  }
  for (int m = 0; m < M; ++m)
    if (column_of_market[m] < 0)
      fail({file, 1, 0}, "missing column for market '" + in.markets[m].name +
                             "' (the header must name every market exactly once)");
  if (table.rows.empty())
    fail({file, 2, 0}, "empty horizon: expected at least one price row after the header");

  std::map<std::string, int> label_line;
  in.time_labels.clear();
  in.prices.assign(table.rows.size() * M, 0.0);
  for (size_t t = 0; t < table.rows.size(); ++t) {
    const core::CsvRecord& row = table.rows[t];
    const std::string& label = row.fields[0];
    if (blank(label)) fail(columns.at(row.line, 0), "time: expected a non-empty ISO 8601 label");
    // Result files key their rows by time label, so labels must tell steps apart.
    auto [it, fresh] = label_line.emplace(label, row.line);
    if (!fresh)
      fail(columns.at(row.line, 0),
           "time: duplicate label '" + label + "' (first on line " + std::to_string(it->second) + ")");
    in.time_labels.push_back(label);
    for (size_t c = 1; c < row.fields.size(); ++c) {
      const Site at = columns.at(row.line, static_cast<int>(c));
      in.prices[t * M + market_of_column[c]] =
          core::parse_finite_double(row.fields[c], file, at.line, at.column,
                                    "price of market '" + table.header[c] + "'");
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Markets.

Market market_from_toml(const TomlTable& t) {
  t.check_keys({"name", "direction", "settlement", "cap_mw", "min_bid_mw"});
  Market m;
  m.name = *t.string("name", true);
  if (m.name.empty()) fail(t.value_site("name"), "name: expected a non-empty market name");
  // The price file's first column is 'time'; a market of that name could not have a column.
  if (m.name == "time") fail(t.value_site("name"), "name: 'time' is reserved for the price file's time column");
  const std::string direction = *t.string("direction", true);
  if (direction == "up")
    m.direction = Direction::up;
  else if (direction == "down")
    m.direction = Direction::down;
  else
    fail(t.value_site("direction"), "direction: expected \"up\" or \"down\", got \"" + direction + "\"");
  if (auto settlement = t.string("settlement", false)) {
    if (*settlement == "energy")
      m.settlement = Settlement::energy;
    else if (*settlement == "reserve")
      m.settlement = Settlement::reserve;
    else
      fail(t.value_site("settlement"),
           "settlement: expected \"energy\" or \"reserve\", got \"" + *settlement + "\"");
  }
  if (auto cap = t.number("cap_mw", false)) {
    if (*cap < 0) fail(t.value_site("cap_mw"), "cap_mw: expected a number >= 0, got " + number_text(*cap));
    m.cap_mw = *cap;
  }
  if (auto min_bid = t.number("min_bid_mw", false)) {
    if (*min_bid < 0)
      fail(t.value_site("min_bid_mw"), "min_bid_mw: expected a number >= 0, got " + number_text(*min_bid));
    m.min_bid_mw = *min_bid;
  }
  return m;
}

// [[name]] tables of the root, each with its header site.
std::vector<std::pair<const toml::table*, Site>> table_array(const TomlTable& root, const toml::table& doc,
                                                              const std::string& key,
                                                              const std::string& file) {
  std::vector<std::pair<const toml::table*, Site>> out;
  const toml::node* node = doc.get(key);
  if (!node) return out;
  const toml::array* array = node->as_array();
  if (!array)
    fail(root.value_site(key), key + ": expected [[" + key + "]] tables, got " + type_name(*node));
  for (const toml::node& element : *array) {
    const toml::table* table = element.as_table();
    if (!table)
      fail(site_of(file, element.source()), key + ": expected [[" + key + "]] tables, got " + type_name(element));
    out.emplace_back(table, site_of(file, table->source()));
  }
  return out;
}

fs::path beside(const fs::path& base_dir, const std::string& relative) {
  return base_dir.empty() ? fs::path(relative) : base_dir / relative;
}

// ---------------------------------------------------------------------------------------------
// Writing.

std::string toml_string(const std::string& s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      case '\r': out += "\\r"; break;
      default:
        if (c < 0x20 || c == 0x7F) {
          char buffer[8];
          std::snprintf(buffer, sizeof buffer, "\\u%04X", c);
          out += buffer;
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  return out + "\"";
}

std::string toml_key(const std::string& key) {
  bool bare = !key.empty();
  for (unsigned char c : key) bare = bare && (std::isalnum(c) || c == '_' || c == '-');
  return bare ? key : toml_string(key);
}

// A TOML float: shortest round-trip digits, with ".0" added when they would read as an integer
// (which may not even fit TOML's 64-bit integers, e.g. 9223372036854775808).
std::string toml_number(double v) {
  std::string text = number_text(v);
  if (text.find_first_of(".eE") == std::string::npos) text += ".0";
  return text;
}

}  // namespace

Instance parse_instance(const std::string& toml_text, const fs::path& base_dir, const std::string& label) {
  toml::table doc;
  try {
    doc = toml::parse(std::string_view(toml_text), std::string_view(label));
  } catch (const toml::parse_error& e) {
    throw InputError(label, static_cast<int>(e.source().begin.line), static_cast<int>(e.source().begin.column),
                     "TOML syntax error: " + std::string(e.description()));
  }
  const TomlTable root(doc, label, Site{label, 1, 0}, "the instance file");
  root.check_keys({"name", "step_hours", "start", "prices", "assets", "market", "asset"});

  Instance in;
  in.name = *root.string("name", true);
  if (in.name.empty()) fail(root.value_site("name"), "name: expected a non-empty instance name");
  in.step_hours = *root.number("step_hours", true);
  if (!(in.step_hours > 0))
    fail(root.value_site("step_hours"), "step_hours: expected a number > 0, got " + number_text(in.step_hours));
  if (const toml::node* start = doc.get("start")) {
    // A quoted label or a bare TOML date-time, kept as text either way.
    if (const auto* dt = start->as_date_time()) {
      std::ostringstream text;
      text << *dt;
      in.start = text.str();
    } else {
      in.start = *root.string("start", false);
    }
  }
  const std::string prices = *root.string("prices", true);

  const auto market_tables = table_array(root, doc, "market", label);
  if (market_tables.empty()) {
    if (doc.get("market")) fail(root.value_site("market"), "market: expected at least one [[market]] table");
    root.missing("market", "at least one [[market]] table");
  }
  std::map<std::string, int> market_line;
  for (size_t i = 0; i < market_tables.size(); ++i) {
    const TomlTable t(*market_tables[i].first, label, market_tables[i].second,
                      "[[market]] #" + std::to_string(i + 1));
    in.markets.push_back(market_from_toml(t));
    auto [it, fresh] = market_line.emplace(in.markets.back().name, market_tables[i].second.line);
    if (!fresh)
      fail(t.value_site("name"), "duplicate market name '" + in.markets.back().name + "' (first defined on line " +
                                     std::to_string(it->second) + ")");
  }

  std::vector<AssetDraft> drafts;
  const bool has_tables = doc.get("asset") != nullptr;
  if (auto assets_file = root.string("assets", false)) {
    if (has_tables)
      fail(root.key_site("assets"), "assets: give either [[asset]] tables or assets = \"file.csv\", not both");
    const fs::path path = beside(base_dir, *assets_file);
    const Site from = root.value_site("assets");
    drafts = assets_from_csv(read_named_file(path, from, "asset CSV file"), path.string(), in.markets);
  } else {
    const auto asset_tables = table_array(root, doc, "asset", label);
    if (asset_tables.empty()) {
      if (has_tables) fail(root.value_site("asset"), "asset: expected at least one [[asset]] table");
      root.missing("asset", "[[asset]] tables or assets = \"file.csv\"");
    }
    for (size_t i = 0; i < asset_tables.size(); ++i) {
      const TomlTable t(*asset_tables[i].first, label, asset_tables[i].second,
                        "[[asset]] #" + std::to_string(i + 1));
      drafts.push_back(asset_from_toml(t, in.markets, label));
    }
  }
  std::map<std::string, int> asset_line;
  for (AssetDraft& d : drafts) {
    validate_asset(d, in.markets);
    auto [it, fresh] = asset_line.emplace(d.asset.name, d.record.line);
    if (!fresh)
      fail(d.name_site, "duplicate asset name '" + d.asset.name + "' (first defined on line " +
                            std::to_string(it->second) + ")");
    in.assets.push_back(std::move(d.asset));
  }

  const fs::path prices_path = beside(base_dir, prices);
  const Site from = root.value_site("prices");
  read_prices(read_named_file(prices_path, from, "price CSV file"), prices_path.string(), in);
  return in;
}

fs::path instance_file_of(const fs::path& path) {
  std::error_code ec;
  return fs::is_directory(path, ec) ? path / "instance.toml" : path;
}

Instance read_instance(const fs::path& toml_path) {
  const fs::path file = instance_file_of(toml_path);
  return parse_instance(core::read_text_file(file, "instance file"), file.parent_path(), file.string());
}

void write_instance(const Instance& in, const fs::path& dir) { write_instance(in, dir, InstanceWriteExtras{}); }

void write_instance(const Instance& in, const fs::path& dir, const InstanceWriteExtras& extras) {
  std::set<std::string> ours = {"instance.toml", "prices.csv", "assets.csv"};
  for (const auto& [name, text] : extras.files) {
    if (!ours.insert(name).second || name.find_first_of("/\\") != std::string::npos || name.empty() ||
        name[0] == '.')
      throw std::invalid_argument("write_instance: extra file name '" + name + "' is not a new plain file name");
  }
  if (fs::exists(dir)) {
    if (!fs::is_directory(dir)) throw InputError(dir.string(), "exists and is not a folder");
    // The folder is replaced as a whole (all-or-nothing): never take a user's other files with it.
    for (const auto& entry : fs::directory_iterator(dir))
      if (!ours.count(entry.path().filename().string()))
        throw InputError(dir.string(), "refusing to replace a folder that holds other files (found '" +
                                           entry.path().filename().string() +
                                           "'); choose a new or an instance folder");
  }
  const int M = in.num_markets();
  const bool assets_in_csv = in.num_assets() > kMaxAssetTablesInToml;

  std::ostringstream toml;
  toml << "# Written by fleetopt; format in docs/model.md section 4.\n";
  if (!extras.toml_comment.empty()) {
    std::istringstream lines(extras.toml_comment);
    for (std::string line; std::getline(lines, line);) toml << (line.empty() ? "#" : "# " + line) << "\n";
  }
  toml << "name = " << toml_string(in.name) << "\n";
  toml << "step_hours = " << toml_number(in.step_hours) << "\n";
  if (!in.start.empty()) toml << "start = " << toml_string(in.start) << "\n";
  toml << "prices = \"prices.csv\"\n";
  if (assets_in_csv) toml << "assets = \"assets.csv\"\n";
  for (const Market& m : in.markets) {
    toml << "\n[[market]]\n";
    toml << "name = " << toml_string(m.name) << "\n";
    toml << "direction = \"" << to_string(m.direction) << "\"\n";
    toml << "settlement = \"" << to_string(m.settlement) << "\"\n";
    if (m.cap_mw) toml << "cap_mw = " << toml_number(*m.cap_mw) << "\n";
    if (m.min_bid_mw != 0) toml << "min_bid_mw = " << toml_number(m.min_bid_mw) << "\n";
  }
  std::ostringstream assets_csv;
  if (assets_in_csv) {
    assets_csv << "name";
    for (const auto& f : kAssetNumbers) assets_csv << ',' << f.name;
    for (const Market& m : in.markets) assets_csv << ',' << core::csv_escape("prequalified_mw." + m.name);
    assets_csv << '\n';
  }
  for (const Asset& a : in.assets) {
    if (assets_in_csv) {
      assets_csv << core::csv_escape(a.name);
      for (const auto& f : kAssetNumbers) assets_csv << ',' << number_text(a.*f.member);
      for (int m = 0; m < M; ++m) assets_csv << ',' << number_text(a.prequalified_mw[m]);
      assets_csv << '\n';
      continue;
    }
    toml << "\n[[asset]]\n";
    toml << "name = " << toml_string(a.name) << "\n";
    for (const auto& f : kAssetNumbers) toml << f.name << " = " << toml_number(a.*f.member) << "\n";
    toml << "prequalified_mw = {";
    bool first = true;
    for (int m = 0; m < M; ++m) {
      if (a.prequalified_mw[m] == 0) continue;
      toml << (first ? " " : ", ") << toml_key(in.markets[m].name) << " = " << toml_number(a.prequalified_mw[m]);
      first = false;
    }
    toml << (first ? "}\n" : " }\n");
  }

  std::ostringstream prices;
  prices << "time";
  for (const Market& m : in.markets) prices << ',' << core::csv_escape(m.name);
  prices << '\n';
  for (int t = 0; t < in.num_steps(); ++t) {
    prices << core::csv_escape(in.time_labels[t]);
    for (int m = 0; m < M; ++m) prices << ',' << number_text(in.price(t, m));
    prices << '\n';
  }

  core::StagedOutputDir out(dir);
  core::write_file_atomically(out.file("instance.toml"), toml.str());
  core::write_file_atomically(out.file("prices.csv"), prices.str());
  if (assets_in_csv) core::write_file_atomically(out.file("assets.csv"), assets_csv.str());
  for (const auto& [name, text] : extras.files) core::write_file_atomically(out.file(name), text);
  out.commit();
}

}  // namespace fleetopt::fleet
