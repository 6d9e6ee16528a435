#include "experiment.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <limits>
#include <map>
#include <set>
#include <thread>

#include <nlohmann/json.hpp>
#include <toml++/toml.h>

#include "fleetopt/core/csv.hpp"
#include "fleetopt/core/errors.hpp"
#include "fleetopt/core/output_dir.hpp"
#include "fleetopt/core/paths.hpp"
#include "fleetopt/core/text_file.hpp"
#include "fleetopt/fleet/instance_io.hpp"
#include "fleetopt/fleet/price_import.hpp"
#include "fleetopt/fleet/solution.hpp"
#include "written_result_check.hpp"

namespace fleetopt::app {

namespace fs = std::filesystem;
using core::InputError;

namespace {

// A cell's process gets its time limit plus this much before it is killed and recorded as
// timed out: model building, the independent check and writing take time beyond the search's
// limit, and a reference solver's start-up (Python, SciPy) takes seconds.
constexpr double kKillGraceSeconds = 30.0;
constexpr double kKillGraceFraction = 0.5;
// A checked schedule "earns more than a proven bound" only beyond this (EUR, relative to
// max(1, |objective|)): the checker's own tolerance on a recomputed objective.
constexpr double kDisagreementRelative = 1e-6;

// At most this many cells in a grid (and so instances or solver settings): every cell is a solver
// process, so a grid this large is a typo (a list where a value was meant). Expanding such a grid
// took minutes and gigabytes before any check (found by tests/fuzz/fuzz_experiment); now it is
// refused up front.
constexpr std::size_t kMaxGridCells = 100000;

const std::vector<std::string> kSolvers = {"fleetopt", "highs", "cbc", "glpk"};
const std::vector<std::string> kFormulations = {"hull", "tight", "basic"};

std::string type_name(const toml::node& n) {
  if (n.is_string()) return "a string";
  if (n.is_integer()) return "an integer";
  if (n.is_floating_point()) return "a floating-point number";
  if (n.is_boolean()) return "a boolean";
  if (n.is_table()) return "a table";
  if (n.is_array()) return "a list";
  return "a date or time";
}

std::string number_text(double v) {
  char buffer[32];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, v);
  return ec == std::errc() ? std::string(buffer, end) : std::string("nan");
}

// --- the config file ----------------------------------------------------------------------------

class ConfigReader {
 public:
  explicit ConfigReader(fs::path file) : file_(std::move(file)) {}

  [[noreturn]] void fail(const toml::source_region& at, const std::string& message) const {
    throw InputError(file_.string(), static_cast<int>(at.begin.line), static_cast<int>(at.begin.column), message);
  }
  [[noreturn]] void fail(const toml::node& at, const std::string& message) const { fail(at.source(), message); }

  void check_keys(const toml::table& table, const std::vector<std::string>& allowed, const std::string& where) const {
    for (auto&& [key, node] : table) {
      if (std::find(allowed.begin(), allowed.end(), std::string(key.str())) != allowed.end()) continue;
      std::string list;
      for (const std::string& a : allowed) list += (list.empty() ? "" : ", ") + a;
      fail(key.source(), "unknown key '" + std::string(key.str()) + "' in " + where + " (expected one of: " + list + ")");
    }
  }

  // A value or a list of values (a grid axis). Empty lists are refused: an empty axis empties the grid.
  template <typename T>
  std::vector<T> axis(const toml::table& table, const std::string& key, const std::string& expected,
                      std::optional<T> fallback) const {
    const toml::node* node = table.get(key);
    if (!node) {
      if (fallback) return {*fallback};
      fail(table.source(), "missing required key '" + key + "' (expected " + expected + ")");
    }
    std::vector<T> out;
    const auto one = [&](const toml::node& n) {
      if constexpr (std::is_same_v<T, std::string>) {
        if (!n.is_string()) fail(n, key + ": expected " + expected + ", got " + type_name(n));
        out.push_back(*n.value<std::string>());
      } else if constexpr (std::is_same_v<T, bool>) {
        if (!n.is_boolean()) fail(n, key + ": expected " + expected + ", got " + type_name(n));
        out.push_back(*n.value<bool>());
      } else if constexpr (std::is_integral_v<T>) {
        if (!n.is_integer()) fail(n, key + ": expected " + expected + ", got " + type_name(n));
        const long long v = *n.value<long long>();
        if (v < 0) fail(n, key + ": expected " + expected + ", got " + std::to_string(v));
        // A value beyond T would wrap around (4294967297 assets read as 1) instead of being refused.
        if (static_cast<unsigned long long>(v) > static_cast<unsigned long long>(std::numeric_limits<T>::max()))
          fail(n, key + ": expected " + expected + ", got " + std::to_string(v) + " (too large)");
        out.push_back(static_cast<T>(v));
      } else {
        if (!n.is_number()) fail(n, key + ": expected " + expected + ", got " + type_name(n));
        const double v = *n.value<double>();
        if (!std::isfinite(v) || v < 0) fail(n, key + ": expected " + expected + ", got " + number_text(v));
        out.push_back(v);
      }
    };
    if (const toml::array* list = node->as_array()) {
      if (list->empty()) fail(*node, key + ": an empty list leaves nothing to run (expected " + expected + ")");
      for (const toml::node& n : *list) one(n);
    } else {
      one(*node);
    }
    return out;
  }

  const fs::path& file() const { return file_; }

  // Refuses a grid larger than kMaxGridCells before it is expanded: `already` items plus the
  // product of the axis lengths (computed without overflow).
  void check_grid_size(const toml::source_region& at, std::size_t already, std::initializer_list<std::size_t> lengths,
                       const std::string& what) const {
    std::size_t total = 1;
    for (std::size_t n : lengths) {
      if (n != 0 && total > kMaxGridCells / n) fail(at, grid_too_large(what));
      total *= n;
    }
    if (already + total > kMaxGridCells) fail(at, grid_too_large(what));
  }
  static std::string grid_too_large(const std::string& what) {
    return what + ": the grid would have more than " + std::to_string(kMaxGridCells) +
           " cells (a list where one value was meant?)";
  }

 private:
  fs::path file_;
};

std::string generated_id(const fleet::GeneratorOptions& g) {
  std::string id = "gen-a" + std::to_string(g.assets) + "-m" + std::to_string(g.markets) + "-t" +
                   std::to_string(g.steps);
  if (g.heterogeneous) id += "-het";
  if (g.cap_fraction > 0) id += "-cap" + number_text(g.cap_fraction);
  if (g.min_bid_mw > 0) id += "-mb" + number_text(g.min_bid_mw);
  if (g.reserve_fraction > 0) id += "-res" + number_text(g.reserve_fraction);
  if (g.price_shape == fleet::PriceShape::daily) id += "-daily" + number_text(g.price_noise);
  if (g.negative_spike_probability > 0) id += "-neg" + number_text(g.negative_spike_probability);
  if (g.step_hours != 1.0) id += "-dt" + number_text(g.step_hours);
  return id + "-s" + std::to_string(g.seed);
}

void read_generated(const ConfigReader& r, const toml::table& t, std::vector<InstanceSpec>& out) {
  r.check_keys(t,
               {"assets", "markets", "steps", "seeds", "heterogeneous", "cap_fraction", "min_bid_mw",
                "reserve_fraction", "price_shape", "price_noise", "negative_spikes", "step_hours"},
               "[[generate]]");
  const auto positive = [&](const std::string& key, std::optional<int> fallback) {
    std::vector<int> v = r.axis<int>(t, key, "a positive integer or a list of them", fallback);
    for (int x : v)
      if (x <= 0) r.fail(*t.get(key), key + ": expected positive integers, got " + std::to_string(x));
    return v;
  };
  const std::vector<int> assets = positive("assets", std::nullopt);
  const std::vector<int> markets = positive("markets", 4);
  const std::vector<int> steps = positive("steps", std::nullopt);
  const std::vector<std::uint64_t> seeds = r.axis<std::uint64_t>(t, "seeds", "a seed (integer >= 0) or a list of them", 0);
  const std::vector<bool> heterogeneous = r.axis<bool>(t, "heterogeneous", "true or false", false);
  const std::vector<double> caps = r.axis<double>(t, "cap_fraction", "a fraction >= 0 (0: no cap)", 0.0);
  const std::vector<double> min_bids = r.axis<double>(t, "min_bid_mw", "a minimum bid in MW >= 0", 0.0);
  const std::vector<double> reserve = r.axis<double>(t, "reserve_fraction", "a probability in [0, 1]", 0.0);
  const std::vector<std::string> shapes = r.axis<std::string>(t, "price_shape", "\"uniform\" or \"daily\"", std::string("uniform"));
  const std::vector<double> noise = r.axis<double>(t, "price_noise", "a fraction in [0, 1]", 0.0);
  const std::vector<double> spikes = r.axis<double>(t, "negative_spikes", "a probability in [0, 1]", 0.0);
  const std::vector<double> step_hours = r.axis<double>(t, "step_hours", "a step length in hours > 0", 1.0);
  for (const std::string& s : shapes)
    if (s != "uniform" && s != "daily") r.fail(*t.get("price_shape"), "price_shape: expected \"uniform\" or \"daily\", got \"" + s + "\"");
  for (double h : step_hours)
    if (h <= 0) r.fail(*t.get("step_hours"), "step_hours: expected a step length in hours > 0");
  r.check_grid_size(t.source(), out.size(),
                     {assets.size(), markets.size(), steps.size(), heterogeneous.size(), caps.size(),
                      min_bids.size(), reserve.size(), shapes.size(), noise.size(), spikes.size(),
                      step_hours.size(), seeds.size()},
                     "[[generate]]");
  for (int a : assets) for (int m : markets) for (int s : steps) for (bool het : heterogeneous)
    for (double cap : caps) for (double mb : min_bids) for (double res : reserve) for (const std::string& shape : shapes)
      for (double nz : noise) for (double sp : spikes) for (double dt : step_hours) for (std::uint64_t seed : seeds) {
        InstanceSpec spec;
        spec.generated = true;
        fleet::GeneratorOptions& g = spec.generator;
        g.assets = a;
        g.markets = m;
        g.steps = s;
        g.seed = seed;
        g.heterogeneous = het;
        g.cap_fraction = cap;
        g.min_bid_mw = mb;
        g.reserve_fraction = res;
        g.price_shape = shape == "daily" ? fleet::PriceShape::daily : fleet::PriceShape::uniform;
        g.price_noise = nz;
        g.negative_spike_probability = sp;
        g.step_hours = dt;
        spec.assets = a;
        spec.markets = m;
        spec.steps = s;
        spec.seed = seed;
        spec.id = generated_id(g);
        out.push_back(std::move(spec));
      }
}

void read_instance_file(const ConfigReader& r, const toml::table& t, std::vector<InstanceSpec>& out) {
  r.check_keys(t, {"path", "id"}, "[[instance]]");
  const toml::node* path_node = t.get("path");
  if (!path_node || !path_node->is_string()) r.fail(path_node ? *path_node : static_cast<const toml::node&>(t), "[[instance]]: expected path = \"<instance.toml>\"");
  fs::path path = *path_node->value<std::string>();
  if (path.is_relative()) path = r.file().parent_path() / path;
  path = fleet::instance_file_of(path);
  if (const std::string why = core::unreadable_file_reason(path, "instance file"); !why.empty())
    r.fail(*path_node, "'" + path.string() + "': " + why);
  InstanceSpec spec;
  spec.path = fs::absolute(path).lexically_normal();
  // Read now: a broken instance is refused before anything runs, and its size goes into the rows.
  const fleet::Instance instance = fleet::read_instance(spec.path);
  spec.assets = instance.num_assets();
  spec.markets = instance.num_markets();
  spec.steps = instance.num_steps();
  if (const toml::node* id = t.get("id")) {
    if (!id->is_string() || id->value<std::string>()->empty()) r.fail(*id, "id: expected a non-empty string");
    spec.id = *id->value<std::string>();
  } else {
    spec.id = "file-" + (instance.name.empty() ? spec.path.parent_path().filename().string() : instance.name);
  }
  for (char& c : spec.id)
    if (c == '/' || c == ' ' || c == ',' || c == '\\') c = '_';
  out.push_back(std::move(spec));
}

// [[prices]]: windows of the real 2021 DK2 prices with import-prices' default fleet.
void read_real_prices(const ConfigReader& r, const toml::table& t, std::vector<InstanceSpec>& out) {
  r.check_keys(t, {"from", "hours", "assets", "seeds"}, "[[prices]]");
  const toml::node* from_node = t.get("from");
  if (!from_node || !from_node->is_string())
    r.fail(from_node ? from_node->source() : t.source(), "[[prices]]: expected from = \"2021-MM-DD\" (a UTC date or hour of 2021)");
  const std::optional<fleet::UtcHour> first = fleet::parse_utc_hour(*from_node->value<std::string>(), false);
  if (!first) r.fail(*from_node, "from: expected a UTC date or whole hour such as \"2021-03-01\" or \"2021-03-01T00:00Z\"");
  const std::vector<int> hours = r.axis<int>(t, "hours", "a window length in hours or a list of them", std::nullopt);
  const std::vector<int> assets = r.axis<int>(t, "assets", "a number of assets or a list of them", 10);
  const std::vector<std::uint64_t> seeds = r.axis<std::uint64_t>(t, "seeds", "a seed (integer >= 0) or a list of them", 0);
  r.check_grid_size(t.source(), out.size(), {hours.size(), assets.size(), seeds.size()}, "[[prices]]");
  const auto shared = core::shared_data_dir();
  if (!shared) r.fail(t.source(), "[[prices]] needs the real price files: " + core::shared_data_missing_message());
  const fs::path prices_dir = *shared / "prices";
  for (int h : hours) {
    fleet::PriceWindow window{*first, h};
    try {
      fleet::check_energinet_window(window);
    } catch (const InputError& e) {
      r.fail(*t.get("hours"), "hours: the window " + *from_node->value<std::string>() + " + " + std::to_string(h) +
                                  " h: " + e.message());
    }
    const fleet::ImportedPrices prices = fleet::import_energinet_prices(prices_dir, window);
    for (int a : assets) {
      if (a <= 0) r.fail(*t.get("assets"), "assets: expected positive integers");
      for (std::uint64_t seed : seeds) {
        InstanceSpec spec;
        spec.real_prices = fleet::make_imported_instance(prices, window, fleet::ImportFleetOptions{a, seed});
        spec.attribution = fleet::energinet_attribution(prices, window);
        spec.assets = a;
        spec.markets = spec.real_prices->num_markets();
        spec.steps = h;
        spec.seed = seed;
        std::string day = fleet::utc_hour_label(window.first).substr(0, 13);  // 2021-03-01T00
        spec.id = "dk2-" + day + "-h" + std::to_string(h) + "-a" + std::to_string(a) + "-s" + std::to_string(seed);
        out.push_back(std::move(spec));
      }
    }
  }
}

}  // namespace

std::string SolverSettings::label() const {
  return solver + "-tl" + number_text(time_limit) + "-gap" + number_text(gap) + "-" + formulation + "-t" +
         std::to_string(threads);
}

std::vector<Cell> ExperimentConfig::cells() const {
  std::vector<Cell> out;
  for (int i = 0; i < static_cast<int>(instances.size()); ++i)
    for (const SolverSettings& s : settings) out.push_back(Cell{instances[i].id + "/" + s.label(), i, s});
  return out;
}

std::string ExperimentConfig::hash() const {
  // FNV-1a over the name and the cell ids: the same grid gives the same hash on every machine.
  std::uint64_t h = 1469598103934665603ULL;
  const auto add = [&](const std::string& s) {
    for (unsigned char c : s) h = (h ^ c) * 1099511628211ULL;
    h = (h ^ 0xff) * 1099511628211ULL;
  };
  add(name);
  for (const Cell& c : cells()) add(c.id);
  char text[17];
  std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(h));
  return text;
}

ExperimentConfig read_experiment_config(const fs::path& file) {
  const std::string text = core::read_text_file(file, "experiment config");
  toml::table doc;
  try {
    doc = toml::parse(text, file.string());
  } catch (const toml::parse_error& e) {
    throw InputError(file.string(), static_cast<int>(e.source().begin.line), static_cast<int>(e.source().begin.column),
                     "TOML syntax error: " + std::string(e.description()));
  }
  const ConfigReader r(file);
  r.check_keys(doc, {"name", "description", "solvers", "generate", "instance", "prices"}, "the experiment config");
  ExperimentConfig config;
  config.file = fs::absolute(file);
  const toml::node* name = doc.get("name");
  if (!name || !name->is_string() || name->value<std::string>()->empty())
    r.fail(name ? name->source() : doc.source(), "name: expected a non-empty experiment name");
  config.name = *name->value<std::string>();
  if (const toml::node* d = doc.get("description")) {
    if (!d->is_string()) r.fail(*d, "description: expected a string");
    config.description = *d->value<std::string>();
  }

  const toml::node* solvers_node = doc.get("solvers");
  if (!solvers_node || !solvers_node->is_table())
    r.fail(solvers_node ? solvers_node->source() : doc.source(), "missing [solvers] table (expected names = [\"fleetopt\", ...])");
  const toml::table& solvers = *solvers_node->as_table();
  r.check_keys(solvers, {"names", "time_limit", "gap", "formulation", "threads"}, "[solvers]");
  const std::vector<std::string> names = r.axis<std::string>(solvers, "names", "solver names: fleetopt, highs, cbc, glpk", std::nullopt);
  for (const std::string& n : names)
    if (std::find(kSolvers.begin(), kSolvers.end(), n) == kSolvers.end())
      r.fail(*solvers.get("names"), "names: unknown solver '" + n + "' (expected fleetopt, highs, cbc or glpk)");
  const std::vector<double> limits = r.axis<double>(solvers, "time_limit", "seconds > 0", 60.0);
  for (double l : limits)
    if (l <= 0) r.fail(*solvers.get("time_limit"), "time_limit: expected seconds > 0");
  const std::vector<double> gaps = r.axis<double>(solvers, "gap", "a relative gap >= 0", 1e-4);
  const std::vector<std::string> formulations = r.axis<std::string>(solvers, "formulation", "hull, tight or basic", std::string("hull"));
  for (const std::string& f : formulations)
    if (std::find(kFormulations.begin(), kFormulations.end(), f) == kFormulations.end())
      r.fail(*solvers.get("formulation"), "formulation: unknown '" + f + "' (expected hull, tight or basic)");
  const std::vector<int> threads = r.axis<int>(solvers, "threads", "a number of threads >= 1", 1);
  for (int k : threads)
    if (k < 1) r.fail(*solvers.get("threads"), "threads: expected a number of threads >= 1");
  r.check_grid_size(solvers.source(), 0,
                    {names.size(), limits.size(), gaps.size(), formulations.size(), threads.size()}, "[solvers]");
  std::set<std::string> labels;  // a set: comparing with every earlier label was quadratic
  for (const std::string& n : names)
    for (double l : limits)
      for (double g : gaps)
        for (const std::string& f : formulations)
          for (int k : threads) {
            SolverSettings s{n, l, g, f, n == "fleetopt" ? k : 1};
            // Settings a reference solver ignores (gap, threads) would only repeat its cells.
            if (n != "fleetopt") s.gap = gaps.front();
            if (labels.insert(s.label()).second) config.settings.push_back(s);
          }

  for (const char* kind : {"generate", "instance", "prices"}) {
    const toml::node* node = doc.get(kind);
    if (!node) continue;
    const toml::array* list = node->as_array();
    if (!list || !list->is_array_of_tables())
      r.fail(*node, std::string(kind) + ": expected [[" + kind + "]] tables");
    for (const toml::node& element : *list) {
      if (std::string(kind) == "generate") read_generated(r, *element.as_table(), config.instances);
      else if (std::string(kind) == "prices") read_real_prices(r, *element.as_table(), config.instances);
      else read_instance_file(r, *element.as_table(), config.instances);
    }
  }
  if (config.instances.size() * config.settings.size() > kMaxGridCells)  // both <= kMaxGridCells: no overflow
    r.fail(doc.source(), ConfigReader::grid_too_large("instances x [solvers] settings"));
  if (config.instances.empty())
    r.fail(doc.source(), "the grid is empty: no [[generate]], [[instance]] or [[prices]] table (expected at least one instance)");
  std::set<std::string> ids;
  for (const InstanceSpec& s : config.instances)
    if (!ids.insert(s.id).second)
      throw InputError(file.string(), "instance '" + s.id + "' appears twice in the grid (give [[instance]] an id, or drop the repeat)");
  return config;
}

// --- results.csv --------------------------------------------------------------------------------

const std::vector<std::string>& result_columns() {
  static const std::vector<std::string> columns = {
      "experiment", "config_hash", "cell",       "instance",      "assets",  "markets",        "steps",
      "seed",       "solver",      "time_limit", "gap_setting",   "formulation", "threads",    "status",
      "objective",  "best_bound",  "gap",        "nodes",         "lp_iterations", "seconds",  "peak_memory_mb",
      "check",      "message"};
  return columns;
}

const std::string& ResultRow::get(const std::string& column) const {
  const auto& columns = result_columns();
  const auto it = std::find(columns.begin(), columns.end(), column);
  return fields.at(static_cast<size_t>(it - columns.begin()));
}

namespace {

std::string csv_line(const std::vector<std::string>& fields) {
  std::string line;
  for (size_t i = 0; i < fields.size(); ++i) line += (i ? "," : "") + core::csv_escape(fields[i]);
  return line + "\n";
}

std::string optional_text(const std::optional<double>& v) { return v ? number_text(*v) : std::string(); }

std::vector<ResultRow> read_results(const fs::path& file, const std::string& expected_hash) {
  const core::CsvTable table = core::read_csv(file.string());
  if (table.header != result_columns())
    throw InputError(file.string(), 1, 0, "not a fleetopt experiment results file (unexpected header)");
  std::vector<ResultRow> rows;
  const int hash_column = table.column("config_hash");
  for (const core::CsvRecord& record : table.rows) {
    if (record.fields[static_cast<size_t>(hash_column)] != expected_hash)
      throw InputError(file.string(), record.line, 0,
                       "this row belongs to another experiment config (hash " + record.fields[static_cast<size_t>(hash_column)] +
                           ", the config's is " + expected_hash + "): use another --out folder");
    rows.push_back(ResultRow{record.fields});
  }
  return rows;
}

void append_row(const fs::path& file, const ResultRow& row) {
  const bool fresh = !fs::exists(file);
  const int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
  if (fd < 0) throw std::runtime_error("cannot open '" + file.string() + "' for appending");
  const std::string text = (fresh ? csv_line(result_columns()) : std::string()) + csv_line(row.fields);
  const bool ok = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
  ::fsync(fd);  // a row once reported is on disk: a killed run loses only the cells in flight
  ::close(fd);
  if (!ok) throw std::runtime_error("cannot append to '" + file.string() + "'");
}

// Pairs of cells on one instance where a checked schedule earns more than another cell's proven
// bound: one of the two is wrong. Writes disagreements.csv (header only when there are none).
int write_disagreements(const std::vector<ResultRow>& rows, const fs::path& out_dir) {
  std::map<std::string, std::vector<const ResultRow*>> by_instance;
  for (const ResultRow& r : rows) by_instance[r.get("instance")].push_back(&r);
  std::string text = csv_line({"instance", "cell_with_schedule", "objective", "cell_with_bound", "best_bound", "excess"});
  int count = 0;
  for (const auto& [instance, cells] : by_instance)
    for (const ResultRow* a : cells) {
      if (a->get("check") != "passed" || a->get("objective").empty()) continue;
      const double objective = std::stod(a->get("objective"));
      for (const ResultRow* b : cells) {
        if (a == b || b->get("best_bound").empty() || b->get("check").rfind("failed", 0) == 0) continue;
        const double bound = std::stod(b->get("best_bound"));
        const double excess = objective - bound;
        if (excess > kDisagreementRelative * std::max(1.0, std::abs(objective))) {
          text += csv_line({instance, a->get("cell"), a->get("objective"), b->get("cell"), b->get("best_bound"),
                            number_text(excess)});
          ++count;
        }
      }
    }
  core::write_file_atomically(out_dir / "disagreements.csv", text);
  return count;
}

// experiment.json: which config a result folder belongs to.
struct ExperimentJson {
  std::string name, hash, config;
  int cells = 0;
};

void write_experiment_json(const fs::path& out_dir, const ExperimentJson& e) {
  nlohmann::json j;
  j["experiment"] = e.name;
  j["config_hash"] = e.hash;
  j["config"] = e.config;
  j["cells"] = e.cells;
  core::write_file_atomically(out_dir / "experiment.json", j.dump(2) + "\n");
}

ExperimentJson read_experiment_json(const fs::path& out_dir) {
  const fs::path file = out_dir / "experiment.json";
  std::ifstream in(file);
  if (!in) throw InputError(file.string(), "missing: not an experiment result folder");
  try {
    const nlohmann::json j = nlohmann::json::parse(in);
    return ExperimentJson{j.at("experiment").get<std::string>(), j.at("config_hash").get<std::string>(),
                          j.at("config").get<std::string>(), j.at("cells").get<int>()};
  } catch (const std::exception& e) {
    throw InputError(file.string(), std::string("unreadable: ") + e.what());
  }
}

std::string cell_folder_name(const std::string& cell_id) {
  std::string name = cell_id;
  std::replace(name.begin(), name.end(), '/', '~');
  return name;
}

// --- running cells ------------------------------------------------------------------------------

struct Running {
  pid_t pid = -1;
  int cell = 0;
  std::chrono::steady_clock::time_point started;
  double kill_after = 0.0;
  bool killed = false;
};

std::vector<std::string> cell_arguments(const Cell& cell, const fs::path& instance_file, const fs::path& result_dir) {
  const SolverSettings& s = cell.settings;
  std::vector<std::string> args;
  if (s.solver == "fleetopt") {
    args = {"solve", instance_file.string(), "--out", result_dir.string(), "--quiet", "--time-limit",
            number_text(s.time_limit), "--gap", number_text(s.gap), "--formulation", s.formulation, "--threads",
            std::to_string(s.threads)};
  } else {
    args = {"reference", instance_file.string(), "--solver", s.solver, "--out", result_dir.string(), "--time-limit",
            number_text(s.time_limit), "--formulation", s.formulation};
  }
  return args;
}

pid_t start_process(const fs::path& binary, const std::vector<std::string>& args, const fs::path& log) {
  std::vector<char*> argv;
  const std::string program = binary.string();
  argv.push_back(const_cast<char*>(program.c_str()));
  for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  const pid_t pid = fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    setpgid(0, 0);  // its own group: a timeout kills the solver's children (Python, cbc) too
    const int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd >= 0) {
      dup2(fd, STDOUT_FILENO);
      dup2(fd, STDERR_FILENO);
      close(fd);
    }
    execv(program.c_str(), argv.data());
    _exit(127);
  }
  return pid;
}

std::string last_line(const fs::path& log) {
  std::ifstream in(log);
  std::string line, last;
  while (std::getline(in, line))
    if (!line.empty()) last = line;
  return last.size() > 300 ? last.substr(0, 300) : last;
}

ResultRow finished_row(const ExperimentConfig& config, const std::string& hash, const Cell& cell,
                       const InstanceSpec& spec, const fs::path& instance_file, const fs::path& result_dir,
                       const fs::path& log, int wait_status, bool timed_out, double wall_seconds, long peak_kb) {
  std::map<std::string, std::string> f;
  f["experiment"] = config.name;
  f["config_hash"] = hash;
  f["cell"] = cell.id;
  f["instance"] = spec.id;
  f["assets"] = std::to_string(spec.assets);
  f["markets"] = std::to_string(spec.markets);
  f["steps"] = std::to_string(spec.steps);
  f["seed"] = spec.seed ? std::to_string(*spec.seed) : "";
  f["solver"] = cell.settings.solver;
  f["time_limit"] = number_text(cell.settings.time_limit);
  f["gap_setting"] = cell.settings.solver == "fleetopt" ? number_text(cell.settings.gap) : "";
  f["formulation"] = cell.settings.formulation;
  f["threads"] = std::to_string(cell.settings.threads);
  f["seconds"] = number_text(std::round(wall_seconds * 1000.0) / 1000.0);
  f["peak_memory_mb"] = number_text(std::round(static_cast<double>(peak_kb) / 102.4) / 10.0);
  f["check"] = "-";
  const bool exited = WIFEXITED(wait_status);
  const int code = exited ? WEXITSTATUS(wait_status) : -1;
  if (timed_out) {
    f["status"] = "timeout";
    f["message"] = "killed after " + f["seconds"] + " s (time limit " + f["time_limit"] + " s plus grace)";
  } else if (!exited) {
    f["status"] = "crashed";
    f["message"] = std::string("killed by signal ") + std::to_string(WTERMSIG(wait_status)) + ": " + last_line(log);
  } else if (!fs::exists(result_dir / "summary.json")) {
    f["status"] = code == 0 ? "error" : "failed";
    f["message"] = "exit code " + std::to_string(code) + ", no result folder: " + last_line(log);
  } else {
    try {
      const fleet::ResultFolder result = fleet::read_result(result_dir);
      const fleet::SolveSummary& s = result.summary;
      f["status"] = fleet::to_string(s.status);
      f["objective"] = optional_text(s.objective);
      f["best_bound"] = optional_text(s.best_bound);
      f["gap"] = optional_text(s.gap);
      f["nodes"] = std::to_string(s.nodes);
      f["lp_iterations"] = std::to_string(s.lp_iterations);
      f["seconds"] = number_text(s.seconds);
      f["message"] = s.message.size() > 300 ? s.message.substr(0, 300) : s.message;
      if (result.has_schedule) {
        // The independent check, here and now, on the folder as written.
        const fleet::Instance instance = fleet::read_instance(instance_file);
        const fleet::CheckReport report = check_written_result(instance, result_dir);
        f["check"] = report.ok ? "passed" : "failed: " + fleet::format_report(report).substr(0, 200);
      } else if (s.status == fleet::SolveStatus::infeasible) {
        // By docs/model.md section 3 an instance is infeasible exactly when doing nothing is.
        const std::string why = fleet::read_instance(instance_file).trivial_infeasibility();
        f["check"] = why.empty() ? "failed: claims infeasible, but doing nothing is feasible" : "passed";
      } else {
        f["check"] = "no schedule";
      }
    } catch (const std::exception& e) {
      f["status"] = "error";
      f["check"] = std::string("failed: the result folder does not read back: ") + e.what();
    }
  }
  ResultRow row;
  for (const std::string& c : result_columns()) {
    std::string v = f[c];
    std::replace(v.begin(), v.end(), '\n', ' ');
    row.fields.push_back(v);
  }
  return row;
}

std::string duration_text(double seconds) {
  const long s = static_cast<long>(std::lround(seconds));
  char text[32];
  if (s >= 3600) std::snprintf(text, sizeof text, "%ldh%02ldm", s / 3600, (s % 3600) / 60);
  else if (s >= 60) std::snprintf(text, sizeof text, "%ldm%02lds", s / 60, s % 60);
  else std::snprintf(text, sizeof text, "%lds", s);
  return text;
}

}  // namespace

RunSummary run_experiment(const ExperimentConfig& config, const RunOptions& options) {
  const std::string hash = config.hash();
  const std::vector<Cell> all = config.cells();
  std::vector<int> shard;
  for (int i = 0; i < static_cast<int>(all.size()); ++i)
    if (i % options.shard_count == options.shard_index - 1) shard.push_back(i);

  const fs::path& out = options.out;
  const fs::path results_file = out / "results.csv";
  std::set<std::string> done;
  if (fs::exists(out) && !fs::is_empty(out)) {
    if (!options.resume)
      throw InputError(out.string(), "exists and is not empty: pass --resume to go on with it, or choose another --out");
    const std::string found = read_experiment_json(out).hash;
    if (found != hash)
      throw InputError((out / "experiment.json").string(), "belongs to another experiment config (hash " + found +
                                                               ", this config's is " + hash + "): use another --out folder");
    if (fs::exists(results_file))
      for (const ResultRow& r : read_results(results_file, hash)) done.insert(r.get("cell"));
  }
  fs::create_directories(out / "instances");
  fs::create_directories(out / "cells");
  write_experiment_json(out, ExperimentJson{config.name, hash, config.file.string(), static_cast<int>(all.size())});
  // Results made from the real prices carry their CC BY 4.0 attribution (docs/real-prices.md).
  std::set<std::string> attributions;
  for (const InstanceSpec& spec : config.instances)
    if (spec.real_prices) attributions.insert(spec.attribution);
  if (!attributions.empty()) {
    std::string text = "# Attribution\n\nSome instances of this experiment use Energinet's public price data:\n";
    for (const std::string& a : attributions) text += "\n```\n" + a + "```\n";
    core::write_file_atomically(out / "ATTRIBUTION.md", text);
  }

  RunSummary summary;
  summary.cells_in_shard = static_cast<int>(shard.size());
  std::vector<int> pending;
  for (int i : shard) {
    if (done.count(all[static_cast<size_t>(i)].id)) ++summary.skipped;
    else pending.push_back(i);
  }

  // Instances first (generated ones written once, shared by their cells).
  std::vector<fs::path> instance_files(config.instances.size());
  for (size_t k = 0; k < config.instances.size(); ++k) {
    const InstanceSpec& spec = config.instances[k];
    if (!spec.generated && !spec.real_prices) {
      instance_files[k] = spec.path;
      continue;
    }
    const fs::path dir = out / "instances" / spec.id;
    instance_files[k] = dir / "instance.toml";
    const bool needed = std::any_of(pending.begin(), pending.end(), [&](int i) { return all[static_cast<size_t>(i)].instance == static_cast<int>(k); });
    if (!needed || fs::exists(instance_files[k])) continue;
    if (spec.generated) {
      fleet::write_instance(fleet::generate_instance(spec.generator), dir);
    } else {
      // The CC BY 4.0 attribution goes with every file made from the real prices.
      fleet::write_instance(*spec.real_prices, dir, fleet::energinet_write_extras(spec.attribution));
    }
  }

  const int jobs = options.jobs > 0 ? options.jobs : std::max(1u, std::thread::hardware_concurrency());
  std::vector<Running> running;
  size_t next = 0;
  int finished = 0;
  double cell_seconds_sum = 0.0;
  const auto start = std::chrono::steady_clock::now();
  const auto elapsed = [](std::chrono::steady_clock::time_point since) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
  };
  const auto slots_in_use = [&] {
    int n = 0;
    for (const Running& r : running) n += all[static_cast<size_t>(r.cell)].settings.threads;
    return n;
  };
  const auto show_progress = [&](const std::string& line) {
    if (options.progress_bar) {
      const int total = static_cast<int>(pending.size());
      const int width = 30;
      const int filled = total ? width * finished / total : width;
      std::string bar(static_cast<size_t>(filled), '#');
      bar.resize(static_cast<size_t>(width), '.');
      std::string eta = "-";
      if (finished > 0) {
        const double per_cell = elapsed(start) / finished;
        eta = duration_text(per_cell * (total - finished));
      }
      std::fprintf(stderr, "\r[%s] %d/%d cells, %zu running, ETA %s   ", bar.c_str(), finished, total, running.size(),
                   eta.c_str());
      std::fflush(stderr);
    } else if (!line.empty()) {
      std::fprintf(stderr, "%s\n", line.c_str());
    }
  };
  show_progress("");

  while (next < pending.size() || !running.empty()) {
    // Start cells while their threads fit (a cell wider than --jobs runs alone).
    while (next < pending.size()) {
      const Cell& cell = all[static_cast<size_t>(pending[next])];
      if (!running.empty() && slots_in_use() + cell.settings.threads > jobs) break;
      const fs::path result_dir = out / "cells" / cell_folder_name(cell.id);
      fs::remove_all(result_dir);  // a cell killed in a previous run may have left its folder
      const fs::path log = out / "cells" / (cell_folder_name(cell.id) + ".log");
      Running r;
      r.cell = pending[next];
      r.started = std::chrono::steady_clock::now();
      r.kill_after = cell.settings.time_limit + std::max(kKillGraceSeconds, kKillGraceFraction * cell.settings.time_limit);
      r.pid = start_process(options.fleetopt_binary, cell_arguments(cell, instance_files[static_cast<size_t>(cell.instance)], result_dir), log);
      running.push_back(r);
      ++next;
    }
    // Reap what ended; kill what overran.
    bool reaped = false;
    for (size_t k = 0; k < running.size();) {
      Running& r = running[k];
      int status = 0;
      struct rusage usage {};
      const pid_t got = wait4(r.pid, &status, WNOHANG, &usage);
      if (got == 0) {
        if (!r.killed && elapsed(r.started) > r.kill_after) {
          kill(-r.pid, SIGKILL);
          kill(r.pid, SIGKILL);
          r.killed = true;
        }
        ++k;
        continue;
      }
      const Cell& cell = all[static_cast<size_t>(r.cell)];
      const fs::path result_dir = out / "cells" / cell_folder_name(cell.id);
      const fs::path log = out / "cells" / (cell_folder_name(cell.id) + ".log");
      const double wall = elapsed(r.started);
      if (r.killed) kill(-r.pid, SIGKILL);  // what is left of its process group
      const ResultRow row = finished_row(config, hash, cell, config.instances[static_cast<size_t>(cell.instance)],
                                         instance_files[static_cast<size_t>(cell.instance)], result_dir, log,
                                         got < 0 ? 0 : status, r.killed, wall, usage.ru_maxrss);
      append_row(results_file, row);
      ++finished;
      ++summary.run;
      cell_seconds_sum += wall;
      if (row.get("check").rfind("failed", 0) == 0) ++summary.failed_checks;
      if (row.get("status") == "timeout" || row.get("status") == "crashed") ++summary.crashed_or_timed_out;
      char line[512];
      std::snprintf(line, sizeof line, "[%d/%zu] %s: %s%s%s (%.1f s, check %s)", finished, pending.size(), cell.id.c_str(),
                    row.get("status").c_str(), row.get("objective").empty() ? "" : ", objective ",
                    row.get("objective").c_str(), wall, row.get("check").substr(0, 40).c_str());
      show_progress(line);
      running.erase(running.begin() + static_cast<long>(k));
      reaped = true;
    }
    if (!reaped) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  if (options.progress_bar) std::fprintf(stderr, "\n");

  summary.disagreements = fs::exists(results_file) ? write_disagreements(read_results(results_file, hash), out)
                                                   : write_disagreements({}, out);
  return summary;
}

int merge_experiments(const std::vector<fs::path>& dirs, const fs::path& out) {
  if (dirs.empty()) throw InputError("merge", "no result folders given");
  const ExperimentJson first = read_experiment_json(dirs.front());
  const std::string& hash = first.hash;
  std::vector<ResultRow> rows;
  std::map<std::string, fs::path> seen;
  for (const fs::path& dir : dirs) {
    const std::string h = read_experiment_json(dir).hash;
    if (h != hash)
      throw InputError((dir / "experiment.json").string(), "belongs to another experiment config (hash " + h + ", " +
                                                               dirs.front().string() + " has " + hash + ")");
    const fs::path file = dir / "results.csv";
    if (!fs::exists(file)) continue;
    for (ResultRow& r : read_results(file, hash)) {
      const auto [it, fresh] = seen.emplace(r.get("cell"), dir);
      if (!fresh)
        throw InputError(file.string(), "cell '" + r.get("cell") + "' is also in " + it->second.string() +
                                            ": the folders overlap (merge each shard once)");
      rows.push_back(std::move(r));
    }
  }
  // All-or-nothing: the merged folder appears only when complete.
  core::StagedOutputDir staged(out);
  std::string text = csv_line(result_columns());
  for (const ResultRow& r : rows) text += csv_line(r.fields);
  {
    std::ofstream f(staged.file("results.csv"), std::ios::binary);
    f << text;
  }
  const fs::path staging = staged.file("");
  write_experiment_json(staging, ExperimentJson{first.name, hash, "merged from " + std::to_string(dirs.size()) + " folders",
                                                first.cells});
  // The cells' result folders and logs, and the generated instances (the same in every shard).
  for (const char* sub : {"cells", "instances"}) {
    fs::create_directories(staging / sub);
    for (const fs::path& dir : dirs)
      if (fs::exists(dir / sub))
        for (const auto& entry : fs::directory_iterator(dir / sub))
          if (!fs::exists(staging / sub / entry.path().filename()))
            fs::copy(entry.path(), staging / sub / entry.path().filename(), fs::copy_options::recursive);
  }
  for (const fs::path& dir : dirs)
    if (fs::exists(dir / "ATTRIBUTION.md") && !fs::exists(staging / "ATTRIBUTION.md"))
      fs::copy_file(dir / "ATTRIBUTION.md", staging / "ATTRIBUTION.md");
  const int disagreements = write_disagreements(rows, staging);
  staged.commit();
  return disagreements;
}

}  // namespace fleetopt::app
