// Result folders (docs/model.md section 6): summary.json, bids.csv, dispatch.csv.
#include "fleetopt/fleet/solution.hpp"

#include <charconv>
#include <cmath>
#include <cstdint>
#include <fstream>
#include <limits>
#include <map>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "fleetopt/core/csv.hpp"
#include "fleetopt/core/errors.hpp"
#include "fleetopt/core/output_dir.hpp"
#include "fleetopt/core/paths.hpp"
#include "fleetopt/core/text_file.hpp"

namespace fleetopt::fleet {

namespace fs = std::filesystem;
using core::InputError;

FleetSolution::FleetSolution(int assets, int steps, int markets)
    : num_assets(assets),
      num_steps(steps),
      num_markets(markets),
      bid(static_cast<size_t>(steps) * markets, 0.0),
      power(static_cast<size_t>(assets) * steps * markets, 0.0),
      soc(static_cast<size_t>(assets) * steps, 0.0) {}

namespace {
constexpr const char* kStatusNames[] = {"optimal",     "feasible",    "infeasible",
                                        "no_solution", "interrupted", "error"};
constexpr SolveStatus kStatuses[] = {SolveStatus::optimal,     SolveStatus::feasible,
                                     SolveStatus::infeasible,  SolveStatus::no_solution,
                                     SolveStatus::interrupted, SolveStatus::error};

// Shortest text that reads back to the same double: results round-trip exactly.
std::string number(double v) {
  char buffer[32];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, v);
  if (ec != std::errc()) throw std::runtime_error("cannot format number");
  return std::string(buffer, end);
}

nlohmann::json optional_number(const std::optional<double>& v) {
  return v ? nlohmann::json(*v) : nlohmann::json(nullptr);
}
}  // namespace

const char* to_string(SolveStatus s) { return kStatusNames[static_cast<int>(s)]; }

SolveStatus solve_status_from_string(const std::string& s) {
  for (size_t i = 0; i < std::size(kStatusNames); ++i)
    if (s == kStatusNames[i]) return kStatuses[i];
  throw std::invalid_argument("unknown status '" + s + "'");
}

std::string dispatch_mode(const Instance& instance, const FleetSolution& s, int a, int t) {
  bool up = false, down = false;
  for (int m = 0; m < instance.num_markets(); ++m) {
    if (s.p(a, t, m) <= 0.0) continue;
    (instance.markets[m].direction == Direction::up ? up : down) = true;
  }
  if (up && down) return "both";  // never valid; written so the checker can flag it
  return up ? "discharge" : down ? "charge" : "idle";
}

void write_result(const fs::path& dir, const Instance& instance, const SolveSummary& summary,
                  const FleetSolution* schedule, const SearchDetails* details) {
  core::StagedOutputDir out(dir);
  nlohmann::ordered_json j;
  j["instance"] = instance.name;
  j["status"] = to_string(summary.status);
  j["objective"] = optional_number(summary.objective);
  j["best_bound"] = optional_number(summary.best_bound);
  j["gap"] = optional_number(summary.gap);
  j["nodes"] = summary.nodes;
  j["lp_iterations"] = summary.lp_iterations;
  j["seconds"] = summary.seconds;
  j["assets"] = instance.num_assets();
  j["markets"] = instance.num_markets();
  j["steps"] = instance.num_steps();
  j["solver"] = summary.solver;
  j["solver_version"] = summary.solver_version;
  j["formulation"] = summary.formulation;
  j["message"] = summary.message;
  j["fleetopt_version"] = core::version_string();
  if (details) {
    const bool finite_root = details->root_bound && std::isfinite(*details->root_bound);
    j["root_bound"] = finite_root ? nlohmann::json(*details->root_bound) : nlohmann::json(nullptr);
    j["blocks"] = details->blocks;
    nlohmann::ordered_json times = nlohmann::ordered_json::object();
    for (const auto& [part, seconds] : details->times) times[part] = seconds;
    j["times"] = times;
  }
  {
    std::ofstream f(out.file("summary.json"));
    f << j.dump(2) << "\n";
    if (!f) throw std::runtime_error("cannot write summary.json");
  }
  if (schedule) {
    const FleetSolution& s = *schedule;
    const int T = instance.num_steps(), M = instance.num_markets(), A = instance.num_assets();
    if (s.num_steps != T || s.num_markets != M || s.num_assets != A)
      throw std::logic_error("write_result: schedule dimensions differ from the instance");
    std::ofstream bids(out.file("bids.csv"));
    bids << "time,market,direction,mw\n";
    for (int t = 0; t < T; ++t)
      for (int m = 0; m < M; ++m)
        bids << core::csv_escape(instance.time_labels[t]) << ',' << core::csv_escape(instance.markets[m].name)
             << ',' << to_string(instance.markets[m].direction) << ',' << number(s.x(t, m)) << '\n';
    std::ofstream dispatch(out.file("dispatch.csv"));
    dispatch << "asset,time,mode,soc_mwh";
    for (const Market& market : instance.markets) dispatch << ',' << core::csv_escape(market.name + "_mw");
    dispatch << '\n';
    for (int a = 0; a < A; ++a)
      for (int t = 0; t < T; ++t) {
        dispatch << core::csv_escape(instance.assets[a].name) << ','
                 << core::csv_escape(instance.time_labels[t]) << ',' << dispatch_mode(instance, s, a, t)
                 << ',' << number(s.state(a, t));
        for (int m = 0; m < M; ++m) dispatch << ',' << number(s.p(a, t, m));
        dispatch << '\n';
      }
    if (!bids.flush() || !dispatch.flush()) throw std::runtime_error("cannot write the schedule files");
  }
  out.commit();
}

namespace {

// Line of the byte offset in text (1-based), for JSON errors.
int line_of(const std::string& text, size_t offset) {
  int line = 1;
  for (size_t i = 0; i < offset && i < text.size(); ++i) line += text[i] == '\n';
  return line;
}

std::optional<double> json_optional_number(const nlohmann::json& j, const char* key,
                                           const std::string& file) {
  if (!j.contains(key)) throw InputError(file, std::string("missing key '") + key + "'");
  const auto& v = j.at(key);
  if (v.is_null()) return std::nullopt;
  if (!v.is_number()) throw InputError(file, std::string("key '") + key + "': expected a number or null");
  return v.get<double>();
}

// An optional string value: absent means empty; anything but a string is an input error (j.value()
// would throw nlohmann's type_error, found by tests/fuzz/fuzz_result).
std::string json_optional_string(const nlohmann::json& j, const char* key, const std::string& file) {
  const auto it = j.find(key);
  if (it == j.end()) return std::string();
  if (!it->is_string()) throw InputError(file, std::string("key '") + key + "': expected a string");
  return it->get<std::string>();
}

template <typename T>
T json_required(const nlohmann::json& j, const char* key, const std::string& file,
                const char* expected) {
  if (!j.contains(key)) throw InputError(file, std::string("missing key '") + key + "'");
  if constexpr (std::is_integral_v<T>) {
    // nlohmann converts any number with a plain static_cast: 1e300 or 1.5 into an int is undefined
    // behaviour or a silent truncation (found by tests/fuzz/fuzz_result). Only an integer in T's
    // range is taken.
    const nlohmann::json& v = j.at(key);
    const bool fits = v.is_number_unsigned()  ? v.get<std::uint64_t>() <= static_cast<std::uint64_t>(std::numeric_limits<T>::max())
                      : v.is_number_integer() ? v.get<std::int64_t>() >= std::numeric_limits<T>::min() &&
                                                    v.get<std::int64_t>() <= std::numeric_limits<T>::max()
                                              : false;
    if (!fits) throw InputError(file, std::string("key '") + key + "': expected " + expected);
  }
  try {
    return j.at(key).get<T>();
  } catch (const nlohmann::json::exception&) {
    throw InputError(file, std::string("key '") + key + "': expected " + expected);
  }
}

void expect_header(const core::CsvTable& table, const std::vector<std::string>& expected) {
  for (size_t i = 0; i < expected.size(); ++i)
    if (i >= table.header.size() || table.header[i] != expected[i])
      throw InputError(table.file, 1, static_cast<int>(i + 1),
                       "expected column '" + expected[i] + "' in the header");
}

int index_of(std::vector<std::string>& names, std::map<std::string, int>& index,
             const std::string& name) {
  auto [it, inserted] = index.emplace(name, static_cast<int>(names.size()));
  if (inserted) names.push_back(name);
  return it->second;
}

}  // namespace

ResultFolder read_result(const fs::path& dir) {
  if (!fs::is_directory(dir)) throw InputError(dir.string(), "result folder does not exist");
  ResultFolder r;
  const fs::path summary_path = dir / "summary.json";
  const std::string file = summary_path.string();
  if (!fs::exists(summary_path)) throw InputError(file, "missing summary.json in the result folder");
  const std::string text = core::read_text_file(summary_path, "result summary");
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    throw InputError(file, line_of(text, e.byte), 0, std::string("malformed JSON: ") + e.what());
  } catch (const nlohmann::json::exception& e) {
    // Not every bad document is a parse_error: a number beyond double's range ("1e999") is
    // out_of_range.406 (found by tests/fuzz/fuzz_result), and it too is bad input.
    throw InputError(file, std::string("malformed JSON: ") + e.what());
  }
  if (!j.is_object()) throw InputError(file, 1, 1, "expected a JSON object");
  try {
    r.summary.status = solve_status_from_string(json_required<std::string>(j, "status", file, "a string"));
  } catch (const std::invalid_argument& e) {
    throw InputError(file, std::string("key 'status': ") + e.what());
  }
  r.summary.objective = json_optional_number(j, "objective", file);
  r.summary.best_bound = json_optional_number(j, "best_bound", file);
  r.summary.gap = json_optional_number(j, "gap", file);
  r.summary.nodes = json_required<long long>(j, "nodes", file, "an integer");
  r.summary.lp_iterations = json_required<long long>(j, "lp_iterations", file, "an integer");
  r.summary.seconds = json_required<double>(j, "seconds", file, "a number");
  r.assets = json_required<int>(j, "assets", file, "an integer");
  r.markets = json_required<int>(j, "markets", file, "an integer");
  r.steps = json_required<int>(j, "steps", file, "an integer");
  r.instance_name = json_optional_string(j, "instance", file);
  r.summary.solver = json_optional_string(j, "solver", file);
  r.summary.solver_version = json_optional_string(j, "solver_version", file);
  r.summary.formulation = json_optional_string(j, "formulation", file);
  r.summary.message = json_optional_string(j, "message", file);
  if (j.contains("root_bound") || j.contains("blocks") || j.contains("times")) {
    SearchDetails details;
    if (j.contains("root_bound")) details.root_bound = json_optional_number(j, "root_bound", file);
    if (j.contains("blocks")) details.blocks = json_required<int>(j, "blocks", file, "an integer");
    if (j.contains("times")) {
      const nlohmann::json& times = j.at("times");
      if (!times.is_object()) throw InputError(file, "key 'times': expected an object of seconds");
      for (const auto& [part, seconds] : times.items()) {
        if (!seconds.is_number())
          throw InputError(file, "key 'times': '" + part + "': expected a number of seconds");
        details.times.emplace_back(part, seconds.get<double>());
      }
    }
    r.details = std::move(details);
  }

  const fs::path bids_path = dir / "bids.csv", dispatch_path = dir / "dispatch.csv";
  const bool has_bids = fs::exists(bids_path), has_dispatch = fs::exists(dispatch_path);
  if (has_bids != has_dispatch)
    throw InputError((has_bids ? dispatch_path : bids_path).string(),
                     "missing: a result has both bids.csv and dispatch.csv or neither");
  if (!has_bids) {
    if (r.summary.status == SolveStatus::optimal || r.summary.status == SolveStatus::feasible)
      throw InputError(bids_path.string(), std::string("missing, but summary.json says status '") +
                                               to_string(r.summary.status) + "'");
    return r;
  }
  r.has_schedule = true;

  // bids.csv: one row per step and market.
  const core::CsvTable bids = core::read_csv(bids_path.string());
  expect_header(bids, {"time", "market", "direction", "mw"});
  std::map<std::string, int> time_index, market_index;
  std::map<std::pair<int, int>, double> bid_values;
  for (const auto& row : bids.rows) {
    const int t = index_of(r.time_labels, time_index, row.fields[0]);
    const int m = index_of(r.market_names, market_index, row.fields[1]);
    Direction d;
    if (row.fields[2] == "up") d = Direction::up;
    else if (row.fields[2] == "down") d = Direction::down;
    else throw InputError(bids.file, row.line, 3, "direction: expected 'up' or 'down', got '" + row.fields[2] + "'");
    if (m == static_cast<int>(r.market_directions.size())) r.market_directions.push_back(d);
    else if (r.market_directions[m] != d)
      throw InputError(bids.file, row.line, 3, "market '" + row.fields[1] + "' changes direction");
    const double mw = core::parse_finite_double(row.fields[3], bids.file, row.line, 4, "mw");
    if (!bid_values.emplace(std::make_pair(t, m), mw).second)
      throw InputError(bids.file, row.line, 0, "duplicate row for time '" + row.fields[0] +
                                                   "' and market '" + row.fields[1] + "'");
  }
  const int T = static_cast<int>(r.time_labels.size()), M = static_cast<int>(r.market_names.size());
  if (T != r.steps || M != r.markets)
    throw InputError(bids.file, "has " + std::to_string(T) + " steps and " + std::to_string(M) +
                                    " markets, summary.json says " + std::to_string(r.steps) +
                                    " and " + std::to_string(r.markets));
  if (static_cast<int>(bid_values.size()) != T * M)
    throw InputError(bids.file, "expected one row per step and market (" + std::to_string(T * M) +
                                    " rows), got " + std::to_string(bid_values.size()));

  // dispatch.csv: one row per asset and step, one <market>_mw column per market.
  const core::CsvTable dispatch = core::read_csv(dispatch_path.string());
  expect_header(dispatch, {"asset", "time", "mode", "soc_mwh"});
  std::vector<int> power_column(M);
  for (int m = 0; m < M; ++m) {
    power_column[m] = dispatch.column(r.market_names[m] + "_mw");
    if (power_column[m] < 0)
      throw InputError(dispatch.file, 1, 0, "missing column '" + r.market_names[m] + "_mw'");
  }
  if (static_cast<int>(dispatch.header.size()) != 4 + M)
    throw InputError(dispatch.file, 1, 0, "expected exactly one '<market>_mw' column per market in bids.csv");
  std::map<std::string, int> asset_index;
  struct Row { double soc; std::string mode; std::vector<double> p; };
  std::map<std::pair<int, int>, Row> rows;
  for (const auto& row : dispatch.rows) {
    const int a = index_of(r.asset_names, asset_index, row.fields[0]);
    auto t_it = time_index.find(row.fields[1]);
    if (t_it == time_index.end())
      throw InputError(dispatch.file, row.line, 2, "time '" + row.fields[1] + "' does not appear in bids.csv");
    Row values;
    values.mode = row.fields[2];
    values.soc = core::parse_finite_double(row.fields[3], dispatch.file, row.line, 4, "soc_mwh");
    for (int m = 0; m < M; ++m)
      values.p.push_back(core::parse_finite_double(row.fields[power_column[m]], dispatch.file, row.line,
                                                   power_column[m] + 1, dispatch.header[power_column[m]]));
    if (!rows.emplace(std::make_pair(a, t_it->second), std::move(values)).second)
      throw InputError(dispatch.file, row.line, 0, "duplicate row for asset '" + row.fields[0] +
                                                       "' and time '" + row.fields[1] + "'");
  }
  const int A = static_cast<int>(r.asset_names.size());
  if (A != r.assets)
    throw InputError(dispatch.file, "has " + std::to_string(A) + " assets, summary.json says " +
                                        std::to_string(r.assets));
  if (static_cast<int>(rows.size()) != A * T)
    throw InputError(dispatch.file, "expected one row per asset and step (" + std::to_string(A * T) +
                                        " rows), got " + std::to_string(rows.size()));

  r.solution = FleetSolution(A, T, M);
  r.modes.resize(static_cast<size_t>(A) * T);
  for (const auto& [key, mw] : bid_values) r.solution.x(key.first, key.second) = mw;
  for (auto& [key, row] : rows) {
    const auto [a, t] = key;
    r.solution.state(a, t) = row.soc;
    r.modes[static_cast<size_t>(a) * T + t] = row.mode;
    for (int m = 0; m < M; ++m) r.solution.p(a, t, m) = row.p[m];
  }
  return r;
}

FleetSolution align_to_instance(const ResultFolder& result, const Instance& instance,
                                std::vector<std::string>* modes_out) {
  const std::string where = "result folder";
  if (!result.has_schedule) throw InputError(where, "the result has no schedule (status '" +
                                                        std::string(to_string(result.summary.status)) + "')");
  const int T = instance.num_steps(), M = instance.num_markets(), A = instance.num_assets();
  if (static_cast<int>(result.time_labels.size()) != T)
    throw InputError(where, "has " + std::to_string(result.time_labels.size()) +
                                " steps, the instance has " + std::to_string(T));
  for (int t = 0; t < T; ++t)
    if (result.time_labels[t] != instance.time_labels[t])
      throw InputError(where, "step " + std::to_string(t + 1) + " is labelled '" + result.time_labels[t] +
                                  "', the instance says '" + instance.time_labels[t] + "'");
  if (static_cast<int>(result.market_names.size()) != M || static_cast<int>(result.asset_names.size()) != A)
    throw InputError(where, "market or asset count differs from the instance");
  std::vector<int> market_of(M), asset_of(A);  // result index -> instance index
  for (int m = 0; m < M; ++m) {
    market_of[m] = instance.market_index(result.market_names[m]);
    if (market_of[m] < 0) throw InputError(where, "market '" + result.market_names[m] + "' is not in the instance");
    if (instance.markets[market_of[m]].direction != result.market_directions[m])
      throw InputError(where, "market '" + result.market_names[m] + "' has the wrong direction");
  }
  for (int a = 0; a < A; ++a) {
    asset_of[a] = instance.asset_index(result.asset_names[a]);
    if (asset_of[a] < 0) throw InputError(where, "asset '" + result.asset_names[a] + "' is not in the instance");
  }
  FleetSolution s(A, T, M);
  if (modes_out) modes_out->assign(static_cast<size_t>(A) * T, std::string());
  for (int t = 0; t < T; ++t)
    for (int m = 0; m < M; ++m) s.x(t, market_of[m]) = result.solution.x(t, m);
  for (int a = 0; a < A; ++a)
    for (int t = 0; t < T; ++t) {
      s.state(asset_of[a], t) = result.solution.state(a, t);
      if (modes_out)
        (*modes_out)[static_cast<size_t>(asset_of[a]) * T + t] = result.modes[static_cast<size_t>(a) * T + t];
      for (int m = 0; m < M; ++m) s.p(asset_of[a], t, market_of[m]) = result.solution.p(a, t, m);
    }
  return s;
}

}  // namespace fleetopt::fleet
