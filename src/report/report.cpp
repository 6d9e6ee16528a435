// The HTML report (docs/report.md): data extraction, revenue, page assembly and atomic writing.
#include "fleetopt/report/report.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <stdexcept>

#include "fleetopt/core/errors.hpp"
#include "fleetopt/core/output_dir.hpp"
#include "fleetopt/core/paths.hpp"
#include "fleetopt/core/text_file.hpp"
#include "fleetopt/fleet/instance_io.hpp"
#include "page_assets.hpp"
#include "page_render.hpp"

#ifndef FLEETOPT_PLOTLY_JS_DEFAULT
#error "FLEETOPT_PLOTLY_JS_DEFAULT must be defined by src/report/CMakeLists.txt"
#endif

namespace fleetopt::report {

namespace fs = std::filesystem;
using json = nlohmann::ordered_json;

namespace {

constexpr std::int64_t kMillisecondsPerHour = 3'600'000;
constexpr const char* kDataOpenTag = "<script type=\"application/json\" id=\"fleetopt-data\">";

// A value rounded to kEmbeddedDecimals; whole numbers become JSON integers ("2", not "2.0").
json rounded(double value) {
  static const double scale = std::pow(10.0, kEmbeddedDecimals);
  const double r = std::round(value * scale) / scale;
  if (r == 0.0) return 0;  // also turns -0 into 0
  if (std::abs(r) < 9.0e15 && r == std::floor(r)) return static_cast<std::int64_t>(r);
  return r;
}

json optional_rounded(const std::optional<double>& value) {
  return value ? rounded(*value) : json(nullptr);
}

// The digits of `text` from `pos`, exactly `count` of them, as a number; -1 if not all digits.
int digits(const std::string& text, size_t pos, size_t count) {
  if (pos + count > text.size()) return -1;
  int value = 0;
  for (size_t i = pos; i < pos + count; ++i) {
    if (text[i] < '0' || text[i] > '9') return -1;
    value = value * 10 + (text[i] - '0');
  }
  return value;
}

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant, "chrono-compatible low-level
// date algorithms", days_from_civil).
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

bool leap_year(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int days_in_month(int y, int m) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && leap_year(y) ? 29 : kDays[m - 1];
}

// How the page places steps on the x axis (docs/report.md, "Time axis").
struct TimeAxis {
  bool dates = false;                    // all labels are increasing ISO 8601 instants
  std::vector<std::int64_t> start_ms;    // when step t starts (the label)
  std::vector<std::int64_t> end_ms;      // when it ends: where soc[a,t] is drawn
  std::optional<double> step_hours;      // known length of a step
  std::string step_source;               // "instance", "labels" or "next label"
};

TimeAxis time_axis(const std::vector<std::string>& labels, const fleet::Instance* instance) {
  TimeAxis axis;
  const size_t T = labels.size();
  for (const std::string& label : labels) {
    const auto ms = iso8601_to_unix_ms(label);
    if (!ms || (!axis.start_ms.empty() && *ms <= axis.start_ms.back())) {
      axis.start_ms.clear();
      return axis;
    }
    axis.start_ms.push_back(*ms);
  }
  if (T == 0) return axis;
  axis.dates = true;
  std::optional<std::int64_t> step_ms;
  if (instance) {
    axis.step_hours = instance->step_hours;
    step_ms = std::llround(instance->step_hours * kMillisecondsPerHour);
    axis.step_source = "instance";
  } else if (T >= 2) {
    const std::int64_t first = axis.start_ms[1] - axis.start_ms[0];
    bool uniform = true;
    for (size_t t = 2; t < T; ++t) uniform = uniform && axis.start_ms[t] - axis.start_ms[t - 1] == first;
    if (uniform) {
      step_ms = first;
      axis.step_hours = static_cast<double>(first) / kMillisecondsPerHour;
      axis.step_source = "labels";
    }
  }
  axis.end_ms.resize(T);
  if (step_ms) {
    for (size_t t = 0; t < T; ++t) axis.end_ms[t] = axis.start_ms[t] + *step_ms;
  } else {
    // Uneven labels and no instance: a step ends where the next begins; the last one is taken as
    // long as the one before it (or one hour when there is only one step).
    axis.step_source = "next label";
    for (size_t t = 0; t + 1 < T; ++t) axis.end_ms[t] = axis.start_ms[t + 1];
    axis.end_ms[T - 1] = axis.start_ms[T - 1] +
                         (T >= 2 ? axis.start_ms[T - 1] - axis.start_ms[T - 2] : kMillisecondsPerHour);
  }
  return axis;
}

json summary_json(const fleet::ResultFolder& result) {
  const fleet::SolveSummary& s = result.summary;
  json j;
  j["status"] = fleet::to_string(s.status);
  j["objective"] = optional_rounded(s.objective);
  j["best_bound"] = optional_rounded(s.best_bound);
  j["gap"] = s.gap ? json(*s.gap) : json(nullptr);  // relative: not rounded to 4 decimals
  j["nodes"] = s.nodes;
  j["lp_iterations"] = s.lp_iterations;
  j["seconds"] = s.seconds;
  j["solver"] = s.solver;
  j["solver_version"] = s.solver_version;
  j["formulation"] = s.formulation;
  j["message"] = s.message;
  j["assets"] = result.assets;
  j["markets"] = result.markets;
  j["steps"] = result.steps;
  return j;
}

}  // namespace

namespace detail {

// Unescaped '<' in the data block could close the <script> element early ("</script>") or open a
// comment; in JSON text it can only occur inside strings, where \u003c means the same.
std::string json_for_script_block(const json& data) {
  const std::string text = data.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  std::string out;
  out.reserve(text.size() + text.size() / 64);
  for (char c : text) {
    if (c == '<') out += "\\u003c";
    else out += c;
  }
  return out;
}

// Inline script text must not contain "</script" (any case): it would end the element.
std::string script_safe(std::string_view source) {
  std::string out(source);
  for (size_t pos = 0; (pos = out.find("</", pos)) != std::string::npos; pos += 2) {
    std::string word = out.substr(pos + 2, 6);
    std::transform(word.begin(), word.end(), word.begin(), [](unsigned char c) { return std::tolower(c); });
    if (word == "script") out.replace(pos, 2, "<\\/");
  }
  return out;
}

std::string html_escape(const std::string& text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string fill_page_template(std::string_view page_template, const std::string& title, std::string_view style,
                               const json& data, const std::string& plotly_js_source, std::string_view script_source) {
  const std::string data_text = json_for_script_block(data);
  const std::string plotly = script_safe(plotly_js_source);
  const std::string script = script_safe(script_source);
  // One pass over the template: text inserted for one placeholder is never searched again.
  const std::pair<std::string_view, const std::string*> slots[] = {
      {"@@FLEETOPT_TITLE@@", nullptr}, {"@@FLEETOPT_STYLE@@", nullptr},
      {"@@FLEETOPT_DATA@@", &data_text}, {"@@FLEETOPT_PLOTLY@@", &plotly},
      {"@@FLEETOPT_SCRIPT@@", &script}};
  const std::string escaped_title = html_escape(title);
  std::string html;
  html.reserve(page_template.size() + data_text.size() + plotly.size() + script.size() + style.size());
  size_t pos = 0;
  while (true) {
    size_t next = std::string_view::npos;
    const std::pair<std::string_view, const std::string*>* slot = nullptr;
    for (const auto& candidate : slots) {
      const size_t at = page_template.find(candidate.first, pos);
      if (at < next) {
        next = at;
        slot = &candidate;
      }
    }
    if (!slot) break;
    html.append(page_template.substr(pos, next - pos));
    if (slot->first == "@@FLEETOPT_TITLE@@") html += escaped_title;
    else if (slot->first == "@@FLEETOPT_STYLE@@") html.append(style);
    else html += *slot->second;
    pos = next + slot->first.size();
  }
  html.append(page_template.substr(pos));
  return html;
}

}  // namespace detail

fs::path locate_plotly_js() {
  const char* env = std::getenv("FLEETOPT_PLOTLY_JS");
  if (env && *env) {
    const fs::path path(env);
    if (!fs::is_regular_file(path))
      throw core::InputError(path.string(),
                             "plotly.min.js not found where FLEETOPT_PLOTLY_JS points: point it at a plotly.min.js, "
                             "or unset it to use the one scripts/setup.sh installs (npm ci in src/report/web)");
    return path;
  }
  // An installed fleetopt (cmake --install, the Debian package) has it in <prefix>/share/fleetopt,
  // beside <prefix>/bin: found from the running binary, so it works from any folder and with no
  // source tree. A binary in a build tree finds the npm folder of its source tree.
  std::error_code ec;
  const fs::path self = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    const fs::path installed = self.parent_path().parent_path() / kInstalledPlotlyJs;
    if (fs::is_regular_file(installed, ec)) return installed;
  }
  const fs::path built(FLEETOPT_PLOTLY_JS_DEFAULT);
  if (!fs::is_regular_file(built, ec))
    throw core::InputError(built.string(),
                           "plotly.min.js not found: the report inlines it; run scripts/setup.sh (npm ci in "
                           "src/report/web), install fleetopt (it then sits in share/fleetopt beside bin/), or point "
                           "FLEETOPT_PLOTLY_JS at a plotly.min.js");
  return built;
}

std::optional<std::int64_t> iso8601_to_unix_ms(const std::string& s) {
  // YYYY-MM-DD
  const int year = digits(s, 0, 4), month = digits(s, 5, 2), day = digits(s, 8, 2);
  if (year < 0 || month < 1 || month > 12 || day < 1 || s.size() < 10 || s[4] != '-' || s[7] != '-')
    return std::nullopt;
  if (day > days_in_month(year, month)) return std::nullopt;
  size_t pos = 10;
  int hour = 0, minute = 0, second = 0;
  std::int64_t millis = 0;
  if (pos < s.size() && (s[pos] == 'T' || s[pos] == ' ')) {
    hour = digits(s, pos + 1, 2);
    minute = digits(s, pos + 4, 2);
    if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || s.size() < pos + 6 || s[pos + 3] != ':')
      return std::nullopt;
    pos += 6;
    if (pos < s.size() && s[pos] == ':') {
      second = digits(s, pos + 1, 2);
      if (second < 0 || second > 59) return std::nullopt;
      pos += 3;
      if (pos < s.size() && (s[pos] == '.' || s[pos] == ',')) {
        size_t end = pos + 1;
        int scale = 100;
        while (end < s.size() && s[end] >= '0' && s[end] <= '9') {
          millis += (s[end] - '0') * scale;  // digits past milliseconds are dropped
          scale /= 10;
          ++end;
        }
        if (end == pos + 1) return std::nullopt;
        pos = end;
      }
    }
  }
  std::int64_t offset_minutes = 0;
  if (pos < s.size()) {
    if (s[pos] == 'Z' || s[pos] == 'z') {
      ++pos;
    } else if (s[pos] == '+' || s[pos] == '-') {
      const int sign = s[pos] == '+' ? 1 : -1;
      const int oh = digits(s, pos + 1, 2);
      if (oh < 0 || oh > 23) return std::nullopt;
      pos += 3;
      int om = 0;
      if (pos < s.size()) {
        if (s[pos] == ':') ++pos;
        om = digits(s, pos, 2);
        if (om < 0 || om > 59) return std::nullopt;
        pos += 2;
      }
      offset_minutes = sign * (oh * 60 + om);
    } else {
      return std::nullopt;
    }
  }
  if (pos != s.size()) return std::nullopt;
  const std::int64_t days = days_from_civil(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
  const std::int64_t seconds = days * 86400 + hour * 3600 + minute * 60 + second - offset_minutes * 60;
  return seconds * 1000 + millis;
}

Revenue compute_revenue(const fleet::Instance& in, const fleet::FleetSolution& s) {
  const int T = in.num_steps(), M = in.num_markets(), A = in.num_assets();
  if (s.num_steps != T || s.num_markets != M || s.num_assets != A)
    throw std::logic_error("compute_revenue: schedule dimensions differ from the instance");
  Revenue r;
  r.by_market.assign(M, 0.0);
  r.by_asset_gross.assign(A, 0.0);
  r.by_asset_cycle_cost.assign(A, 0.0);
  r.by_asset_net.assign(A, 0.0);
  r.by_asset_market.assign(A, std::vector<double>(M, 0.0));
  const double dt = in.step_hours;
  for (int t = 0; t < T; ++t)
    for (int m = 0; m < M; ++m) {
      const double eur_per_mw = in.markets[m].revenue_sign() * in.price(t, m) * dt;
      r.by_market[m] += eur_per_mw * s.x(t, m);
      for (int a = 0; a < A; ++a) r.by_asset_market[a][m] += eur_per_mw * s.p(a, t, m);
    }
  for (int a = 0; a < A; ++a) {
    double discharged_mwh = 0.0;
    for (int t = 0; t < T; ++t)
      for (int m = 0; m < M; ++m)
        if (in.markets[m].direction == fleet::Direction::up) discharged_mwh += dt * s.p(a, t, m);
    for (int m = 0; m < M; ++m) r.by_asset_gross[a] += r.by_asset_market[a][m];
    r.by_asset_cycle_cost[a] = in.assets[a].cycle_cost_eur_per_mwh * discharged_mwh;
    r.by_asset_net[a] = r.by_asset_gross[a] - r.by_asset_cycle_cost[a];
    r.assets_net_total += r.by_asset_net[a];
  }
  for (double v : r.by_market) r.markets_total += v;
  return r;
}

json report_data(const fleet::ResultFolder& result, const fleet::Instance* instance) {
  json data;
  data["format"] = "fleetopt-report/1";
  data["generated_by"] = "fleetopt " + core::version_string();
  data["instance"] = instance ? instance->name : result.instance_name;
  data["has_instance"] = instance != nullptr;
  data["has_schedule"] = result.has_schedule;
  data["decimals"] = kEmbeddedDecimals;
  data["default_visible_assets"] = kDefaultVisibleAssets;
  data["summary"] = summary_json(result);

  json notes = json::array();
  if (!instance)
    notes.push_back("No instance given (fleetopt report RESULT_DIR --instance INSTANCE): revenue, the "
                    "asset and market tables, state-of-charge bounds and the initial state of charge "
                    "are not shown; this page shows only what the result folder holds.");
  if (instance && !result.instance_name.empty() && result.instance_name != instance->name)
    notes.push_back("summary.json names instance '" + result.instance_name + "', the instance file is '" +
                    instance->name + "'.");
  if (!result.has_schedule)
    notes.push_back(std::string("The result has no schedule (status '") + fleet::to_string(result.summary.status) +
                    "'): there is nothing to plot.");

  // The schedule in instance order when the instance is given (so tables and revenue line up),
  // otherwise in the result folder's order.
  fleet::FleetSolution schedule;
  std::vector<std::string> market_names = result.market_names, asset_names = result.asset_names;
  std::vector<fleet::Direction> directions = result.market_directions;
  std::vector<std::string> labels = result.time_labels;
  if (instance) {
    market_names.clear();
    directions.clear();
    asset_names.clear();
    for (const auto& m : instance->markets) {
      market_names.push_back(m.name);
      directions.push_back(m.direction);
    }
    for (const auto& a : instance->assets) asset_names.push_back(a.name);
    labels = instance->time_labels;
    if (result.has_schedule) schedule = fleet::align_to_instance(result, *instance);
  } else if (result.has_schedule) {
    schedule = result.solution;
  }
  const int M = static_cast<int>(market_names.size()), A = static_cast<int>(asset_names.size());
  const int T = static_cast<int>(labels.size());

  const TimeAxis axis = time_axis(labels, instance);
  json time;
  time["axis"] = axis.dates ? "date" : "step";
  time["labels"] = labels;
  time["step_start_ms"] = axis.start_ms;
  time["step_end_ms"] = axis.end_ms;
  time["step_hours"] = axis.step_hours ? json(*axis.step_hours) : json(nullptr);
  time["step_source"] = axis.step_source;
  data["time"] = std::move(time);
  if (T > 0 && !axis.dates)
    notes.push_back("The time labels are not increasing ISO 8601 date-times: the x axis shows step numbers.");
  if (axis.dates && axis.step_source == "next label")
    notes.push_back("Steps are unevenly spaced and no instance gives the step length: each step is taken "
                    "to end where the next begins.");

  json markets = json::array();
  for (int m = 0; m < M; ++m) {
    json j;
    j["name"] = market_names[m];
    j["direction"] = fleet::to_string(directions[m]);
    if (instance) {
      const fleet::Market& market = instance->markets[m];
      j["settlement"] = fleet::to_string(market.settlement);
      j["cap_mw"] = optional_rounded(market.cap_mw);
      j["min_bid_mw"] = rounded(market.min_bid_mw);
      double sum = 0.0, low = 0.0, high = 0.0;
      for (int t = 0; t < T; ++t) {
        const double p = instance->price(t, m);
        sum += p;
        low = t == 0 ? p : std::min(low, p);
        high = t == 0 ? p : std::max(high, p);
      }
      j["price_mean"] = T > 0 ? rounded(sum / T) : json(nullptr);
      j["price_min"] = T > 0 ? rounded(low) : json(nullptr);
      j["price_max"] = T > 0 ? rounded(high) : json(nullptr);
      j["price_unit"] = market.settlement == fleet::Settlement::energy ? "EUR/MWh" : "EUR/MW/h";
    }
    markets.push_back(std::move(j));
  }
  data["markets"] = std::move(markets);

  json assets = json::array();
  for (int a = 0; a < A; ++a) {
    json j;
    j["name"] = asset_names[a];
    if (instance) {
      const fleet::Asset& asset = instance->assets[a];
      j["power_mw"] = rounded(asset.power_mw);
      j["energy_mwh"] = rounded(asset.energy_mwh);
      j["soc_initial_mwh"] = rounded(asset.soc_initial_mwh);
      j["soc_min_mwh"] = rounded(asset.soc_min_mwh);
      j["soc_max_mwh"] = rounded(asset.soc_max_mwh);
      j["soc_final_min_mwh"] = rounded(asset.soc_final_min_mwh);
      j["eta_charge"] = asset.eta_charge;
      j["eta_discharge"] = asset.eta_discharge;
      j["cycle_cost_eur_per_mwh"] = rounded(asset.cycle_cost_eur_per_mwh);
      json q = json::array();
      for (int m = 0; m < M; ++m) q.push_back(rounded(asset.prequalified_mw[m]));
      j["prequalified_mw"] = std::move(q);
    }
    assets.push_back(std::move(j));
  }
  data["assets"] = std::move(assets);

  // bids[m][t] = x[t,m] (MW, as in bids.csv: down bids are positive numbers); soc[a][t] (MWh).
  json bids = json::array(), soc = json::array();
  if (result.has_schedule) {
    for (int m = 0; m < M; ++m) {
      json row = json::array();
      for (int t = 0; t < T; ++t) row.push_back(rounded(schedule.x(t, m)));
      bids.push_back(std::move(row));
    }
    for (int a = 0; a < A; ++a) {
      json row = json::array();
      for (int t = 0; t < T; ++t) row.push_back(rounded(schedule.state(a, t)));
      soc.push_back(std::move(row));
    }
  }
  data["bids"] = std::move(bids);
  data["soc"] = std::move(soc);

  if (instance && result.has_schedule) {
    const Revenue r = compute_revenue(*instance, schedule);
    json revenue;
    json by_market = json::array(), gross = json::array(), cost = json::array(), net = json::array(),
         share = json::array();
    for (double v : r.by_market) by_market.push_back(rounded(v));
    for (int a = 0; a < A; ++a) {
      gross.push_back(rounded(r.by_asset_gross[a]));
      cost.push_back(rounded(r.by_asset_cycle_cost[a]));
      net.push_back(rounded(r.by_asset_net[a]));
      json row = json::array();
      for (int m = 0; m < M; ++m) row.push_back(rounded(r.by_asset_market[a][m]));
      share.push_back(std::move(row));
    }
    revenue["by_market"] = std::move(by_market);
    revenue["by_asset_market"] = std::move(share);
    revenue["by_asset_gross"] = std::move(gross);
    revenue["by_asset_cycle_cost"] = std::move(cost);
    revenue["by_asset_net"] = std::move(net);
    revenue["markets_total"] = rounded(r.markets_total);
    revenue["assets_net_total"] = rounded(r.assets_net_total);
    data["revenue"] = std::move(revenue);
  } else {
    data["revenue"] = nullptr;
  }
  data["notes"] = std::move(notes);
  return data;
}

std::string render_report_html(const json& data, const std::string& plotly_js_source) {
  const std::string title = "fleetopt report: " + data.value("instance", std::string("result"));
  return detail::fill_page_template(page::kTemplate, title, page::kStyle, data, plotly_js_source, page::kScript);
}

nlohmann::json extract_report_data(const std::string& html) {
  const size_t open = html.find(kDataOpenTag);
  if (open == std::string::npos) throw std::runtime_error("the page has no fleetopt-data block");
  const size_t begin = open + std::char_traits<char>::length(kDataOpenTag);
  const size_t end = html.find("</script>", begin);
  if (end == std::string::npos) throw std::runtime_error("the fleetopt-data block is not closed");
  return nlohmann::json::parse(html.substr(begin, end - begin));
}

ReportStats write_report(const fs::path& result_dir, const std::optional<fs::path>& instance_path,
                         const fs::path& out) {
  const auto started = std::chrono::steady_clock::now();
  const fs::path plotly_path = locate_plotly_js();
  const fs::path out_folder = out.has_parent_path() ? out.parent_path() : fs::path(".");
  const fleet::ResultFolder result = fleet::read_result(result_dir);
  std::optional<fleet::Instance> instance;
  if (instance_path) instance = fleet::read_instance(*instance_path);
  if (!fs::is_directory(out_folder))
    throw core::InputError(out.string(), "the folder of the output file does not exist");
  json data;
  try {
    data = report_data(result, instance ? &*instance : nullptr);
  } catch (const core::InputError& e) {
    // align_to_instance names neither file: say which result and which instance disagree.
    if (!instance_path || e.line() != 0) throw;
    throw core::InputError(result_dir.string(),
                           "does not match the instance " + instance_path->string() + ": " + e.message());
  }
  const std::string html = render_report_html(data, core::read_text_file(plotly_path, "bundled plotly.js"));
  core::write_file_atomically(out, html);
  ReportStats stats;
  stats.out = out;
  stats.bytes = html.size();
  stats.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return stats;
}

}  // namespace fleetopt::report
