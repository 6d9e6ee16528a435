// The experiment report (docs/report.md, "Experiment reports"): shifted geometric means, power-law
// fits, the Dolan-More performance profile, and the page and Markdown built from them.
#include "fleetopt/report/experiment_report.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <map>
#include <set>
#include <stdexcept>

#include "fleetopt/core/paths.hpp"
#include "page_assets.hpp"
#include "page_render.hpp"

namespace fleetopt::report {

using json = nlohmann::ordered_json;

namespace {

constexpr double kInfinity = std::numeric_limits<double>::infinity();
// The tau values of the profile the Markdown summary tabulates (the page draws the whole curve).
constexpr double kMarkdownProfileTaus[] = {1.0, 2.0, 4.0, 10.0};

double floored(double seconds) { return std::max(seconds, kTimeFloorSeconds); }

std::string fixed(double value, int decimals) {
  char text[64];
  std::snprintf(text, sizeof text, "%.*f", decimals, value);
  return text;
}

std::string optional_fixed(const std::optional<double>& value, int decimals) {
  return value ? fixed(*value, decimals) : std::string("-");
}

std::string percent(const std::optional<double>& fraction) {
  if (!fraction) return "-";
  char text[64];
  std::snprintf(text, sizeof text, "%.3g %%", 100.0 * *fraction);
  return text;
}

json optional_number(const std::optional<double>& value) { return value ? json(*value) : json(nullptr); }

// A Markdown table cell: '|' would split the cell, a line break would end the table.
std::string md_cell(std::string text) {
  std::string out;
  for (char c : text) {
    if (c == '|') out += "\\|";
    else if (c == '\n' || c == '\r') out += ' ';
    else out += c;
  }
  return out;
}

std::string md_row(const std::vector<std::string>& cells) {
  std::string row = "|";
  for (const std::string& c : cells) row += " " + md_cell(c) + " |";
  return row + "\n";
}

std::string md_table(const std::vector<std::string>& header, const std::vector<std::vector<std::string>>& rows) {
  std::string text = md_row(header) + "|";
  for (size_t i = 0; i < header.size(); ++i) text += "---|";
  text += "\n";
  for (const auto& r : rows) text += md_row(r);
  return text;
}

int size_along(const ExperimentCell& c, const std::string& axis) { return axis == "assets" ? c.assets : c.steps; }

std::string fixed_description(const ScalingPlot& plot) {
  return plot.fixed_axis + " = " + std::to_string(plot.fixed_value) + ", markets = " + std::to_string(plot.markets);
}

}  // namespace

// An infeasible answer counts as solved when the check confirmed it (doing nothing is infeasible).
bool ExperimentCell::solved() const { return (status == "optimal" || status == "infeasible") && check == "passed"; }
bool ExperimentCell::check_failed() const { return check.rfind("failed", 0) == 0; }
bool ExperimentCell::killed() const { return status == "timeout" || status == "crashed"; }
bool ExperimentCell::hit_limit() const { return status == "feasible" || status == "timeout"; }
double ExperimentCell::charged_seconds() const { return solved() ? seconds : time_limit; }

double shifted_geometric_mean(const std::vector<double>& seconds, double shift) {
  if (seconds.empty()) throw std::invalid_argument("shifted_geometric_mean: no values");
  double log_sum = 0.0;
  for (double t : seconds) {
    if (!(t + shift > 0.0)) throw std::invalid_argument("shifted_geometric_mean: t + shift must be > 0");
    log_sum += std::log(t + shift);
  }
  return std::exp(log_sum / static_cast<double>(seconds.size())) - shift;
}

std::optional<PowerLawFit> fit_power_law(const std::vector<double>& sizes, const std::vector<double>& seconds) {
  if (sizes.size() != seconds.size()) throw std::invalid_argument("fit_power_law: sizes and times differ in length");
  std::set<double> distinct(sizes.begin(), sizes.end());
  if (distinct.size() < 2) return std::nullopt;
  const double n = static_cast<double>(sizes.size());
  double mean_x = 0.0, mean_y = 0.0;
  for (size_t i = 0; i < sizes.size(); ++i) {
    if (!(sizes[i] > 0.0)) throw std::invalid_argument("fit_power_law: sizes must be > 0");
    mean_x += std::log(sizes[i]) / n;
    mean_y += std::log(floored(seconds[i])) / n;
  }
  double sxy = 0.0, sxx = 0.0;
  for (size_t i = 0; i < sizes.size(); ++i) {
    const double dx = std::log(sizes[i]) - mean_x;
    sxy += dx * (std::log(floored(seconds[i])) - mean_y);
    sxx += dx * dx;
  }
  PowerLawFit fit;
  fit.exponent = sxy / sxx;
  fit.coefficient = std::exp(mean_y - fit.exponent * mean_x);
  fit.points = static_cast<int>(sizes.size());
  return fit;
}

double PerformanceProfile::fraction_within(size_t solver, double tau) const {
  if (instances.empty()) return 0.0;
  const auto& r = ratios.at(solver);
  const auto within = std::count_if(r.begin(), r.end(), [tau](double ratio) {
    return std::isfinite(ratio) && ratio <= tau;  // unsolved: within no tau, not even tau = infinity
  });
  return static_cast<double>(within) / static_cast<double>(instances.size());
}

std::vector<std::pair<double, double>> PerformanceProfile::steps(size_t solver) const {
  std::set<double> taus = {1.0};
  for (double r : ratios.at(solver))
    if (std::isfinite(r)) taus.insert(r);
  std::vector<std::pair<double, double>> out;
  for (double tau : taus) out.emplace_back(tau, fraction_within(solver, tau));
  return out;
}

double PerformanceProfile::largest_finite_ratio() const {
  double largest = 1.0;
  for (const auto& row : ratios)
    for (double r : row)
      if (std::isfinite(r)) largest = std::max(largest, r);
  return largest;
}

PerformanceProfile performance_profile(const std::vector<ExperimentCell>& cells) {
  PerformanceProfile profile;
  std::map<std::string, size_t> solver_index, instance_index;
  for (const ExperimentCell& c : cells) {
    solver_index[c.settings];
    instance_index[c.instance];
  }
  for (auto& [name, index] : solver_index) {
    index = profile.solvers.size();
    profile.solvers.push_back(name);
  }
  for (auto& [name, index] : instance_index) {
    index = profile.instances.size();
    profile.instances.push_back(name);
  }
  std::vector<std::vector<double>> times(profile.solvers.size(), std::vector<double>(profile.instances.size(), kInfinity));
  for (const ExperimentCell& c : cells) {
    if (!c.solved()) continue;
    double& t = times[solver_index[c.settings]][instance_index[c.instance]];
    t = std::min(t, floored(c.seconds));  // a cell given twice counts with its faster run
  }
  profile.ratios = times;
  for (size_t p = 0; p < profile.instances.size(); ++p) {
    double best = kInfinity;
    for (const auto& row : times) best = std::min(best, row[p]);
    for (size_t s = 0; s < profile.solvers.size(); ++s)
      profile.ratios[s][p] = std::isfinite(best) && std::isfinite(times[s][p]) ? times[s][p] / best : kInfinity;
  }
  return profile;
}

std::vector<SolverSummary> summarize_solvers(const std::vector<ExperimentCell>& cells) {
  std::map<std::string, std::vector<const ExperimentCell*>> by_settings;
  for (const ExperimentCell& c : cells) by_settings[c.settings].push_back(&c);
  std::vector<SolverSummary> out;
  for (const auto& [settings, group] : by_settings) {
    SolverSummary s;
    s.settings = settings;
    std::vector<double> charged;
    for (const ExperimentCell* c : group) {
      ++s.cells;
      s.solved += c->solved();
      s.failed_checks += c->check_failed();
      s.killed += c->killed();
      charged.push_back(c->charged_seconds());
    }
    s.shifted_geomean_seconds = shifted_geometric_mean(charged);
    out.push_back(s);
  }
  double best = kInfinity;
  for (const SolverSummary& s : out) best = std::min(best, s.shifted_geomean_seconds);
  for (SolverSummary& s : out)
    s.ratio_to_best = best > 0.0 ? s.shifted_geomean_seconds / best : 1.0;  // all 0 s: all equal
  return out;
}

std::optional<ScalingPlot> scaling_plot(const std::vector<ExperimentCell>& cells, const std::string& axis) {
  if (axis != "assets" && axis != "steps") throw std::invalid_argument("scaling_plot: axis is assets or steps");
  const std::string other = axis == "assets" ? "steps" : "assets";
  // (other size, markets) -> the cells of that group
  std::map<std::pair<int, int>, std::vector<const ExperimentCell*>> groups;
  for (const ExperimentCell& c : cells) groups[{size_along(c, other), c.markets}].push_back(&c);
  const std::vector<const ExperimentCell*>* chosen = nullptr;
  std::pair<int, int> chosen_key;
  size_t chosen_distinct = 0;
  for (const auto& [key, group] : groups) {
    std::set<int> sizes;
    for (const ExperimentCell* c : group) sizes.insert(size_along(*c, axis));
    // Most distinct sizes; ties: more cells; then the larger fixed size (map order, >=).
    if (!chosen || sizes.size() > chosen_distinct ||
        (sizes.size() == chosen_distinct && group.size() >= chosen->size())) {
      chosen = &group;
      chosen_key = key;
      chosen_distinct = sizes.size();
    }
  }
  if (!chosen || chosen_distinct < 2) return std::nullopt;
  ScalingPlot plot;
  plot.axis = axis;
  plot.fixed_axis = other;
  plot.fixed_value = chosen_key.first;
  plot.markets = chosen_key.second;
  plot.distinct_sizes = static_cast<int>(chosen_distinct);
  std::map<std::string, ScalingSeries> by_settings;
  for (const ExperimentCell* c : *chosen) {
    ScalingSeries& s = by_settings[c->settings];
    s.settings = c->settings;
    if (!c->solved()) continue;
    s.sizes.push_back(size_along(*c, axis));
    s.seconds.push_back(c->seconds);
  }
  for (auto& [settings, series] : by_settings) {
    series.fit = fit_power_law(series.sizes, series.seconds);
    plot.series.push_back(std::move(series));
  }
  return plot;
}

ExperimentReport build_experiment_report(const std::string& experiment, std::vector<ExperimentCell> cells,
                                         DisagreementTable disagreements) {
  ExperimentReport report;
  report.experiment = experiment;
  report.cells = std::move(cells);
  report.disagreements = std::move(disagreements);
  if (report.cells.empty()) return report;
  report.solvers = summarize_solvers(report.cells);
  for (const char* axis : {"assets", "steps"})
    if (auto plot = scaling_plot(report.cells, axis)) report.scaling.push_back(std::move(*plot));
  report.profile = performance_profile(report.cells);
  for (const ExperimentCell& c : report.cells)
    if (c.hit_limit()) report.limit_cells.push_back(c);
  return report;
}

json experiment_report_data(const ExperimentReport& report) {
  json data;
  data["format"] = "fleetopt-experiment-report/1";
  data["generated_by"] = "fleetopt " + core::version_string();
  data["experiment"] = report.experiment;
  data["shift_seconds"] = kTimeShiftSeconds;
  data["time_floor_seconds"] = kTimeFloorSeconds;
  data["cells"] = report.cells.size();
  data["instances"] = report.profile.instances.size();

  json solvers = json::array();
  for (const SolverSummary& s : report.solvers)
    solvers.push_back({{"settings", s.settings}, {"cells", s.cells}, {"solved", s.solved},
                       {"failed_checks", s.failed_checks}, {"killed", s.killed},
                       {"shifted_geomean_seconds", s.shifted_geomean_seconds}, {"ratio_to_best", s.ratio_to_best}});
  data["solvers"] = std::move(solvers);

  json scaling = json::array();
  for (const ScalingPlot& plot : report.scaling) {
    json series = json::array();
    for (const ScalingSeries& s : plot.series)
      series.push_back({{"settings", s.settings}, {"sizes", s.sizes}, {"seconds", s.seconds},
                        {"exponent", s.fit ? json(s.fit->exponent) : json(nullptr)},
                        {"coefficient", s.fit ? json(s.fit->coefficient) : json(nullptr)}});
    scaling.push_back({{"axis", plot.axis}, {"fixed_axis", plot.fixed_axis}, {"fixed_value", plot.fixed_value},
                       {"markets", plot.markets}, {"series", std::move(series)}});
  }
  data["scaling"] = std::move(scaling);

  json profile;
  profile["solvers"] = report.profile.solvers;
  profile["instances"] = report.profile.instances.size();
  profile["largest_finite_ratio"] = report.profile.largest_finite_ratio();
  json steps = json::array();
  for (size_t s = 0; s < report.profile.solvers.size(); ++s) {
    json points = json::array();
    for (const auto& [tau, rho] : report.profile.steps(s)) points.push_back({tau, rho});
    steps.push_back(std::move(points));
  }
  profile["steps"] = std::move(steps);
  data["profile"] = std::move(profile);

  json limits = json::array();
  for (const ExperimentCell& c : report.limit_cells)
    limits.push_back({{"cell", c.cell}, {"settings", c.settings}, {"status", c.status}, {"seconds", c.seconds},
                      {"time_limit", c.time_limit}, {"gap", optional_number(c.gap)},
                      {"objective", optional_number(c.objective)}, {"best_bound", optional_number(c.best_bound)}});
  data["limit_cells"] = std::move(limits);
  data["disagreements"] = {{"header", report.disagreements.header}, {"rows", report.disagreements.rows}};

  json notes = json::array();
  if (report.cells.empty()) notes.push_back("results.csv has no cells yet: there is nothing to analyse.");
  if (!report.cells.empty() && report.scaling.empty())
    notes.push_back("The cells do not vary in assets or steps: no scaling plot.");
  data["notes"] = std::move(notes);
  return data;
}

std::string render_experiment_html(const json& data, const std::string& plotly_js_source) {
  const std::string title = "fleetopt experiment report: " + data.value("experiment", std::string("experiment"));
  return detail::fill_page_template(page::kExperimentTemplate, title, page::kStyle, data, plotly_js_source,
                                    page::kExperimentScript);
}

std::string render_experiment_markdown(const ExperimentReport& report) {
  std::string md = "# Experiment report: " + report.experiment + "\n\n";
  md += std::to_string(report.cells.size()) + " cells, " + std::to_string(report.profile.instances.size()) +
        " instances, " + std::to_string(report.solvers.size()) + " solver settings (fleetopt " +
        core::version_string() + ", docs/report.md \"Experiment reports\").\n\n";
  if (!report.disagreements.rows.empty())
    md += "**DISAGREEMENT: " + std::to_string(report.disagreements.rows.size()) +
          " pair(s) of cells where a checked schedule earns more than another cell's proven bound; see "
          "\"Disagreements\" below.**\n\n";

  md += "## Solvers\n\n";
  md += "Solved: status optimal (or infeasible, confirmed) and the independent check passed. Shifted geometric mean of the time, shift " +
        fixed(kTimeShiftSeconds, 0) + " s; unsolved cells count at their time limit.\n\n";
  std::vector<std::vector<std::string>> rows;
  for (const SolverSummary& s : report.solvers)
    rows.push_back({s.settings, std::to_string(s.cells), std::to_string(s.solved), std::to_string(s.failed_checks),
                    std::to_string(s.killed), fixed(s.shifted_geomean_seconds, 3), fixed(s.ratio_to_best, 2)});
  md += md_table({"settings", "cells", "solved", "failed checks", "timeouts/crashes", "shifted geomean (s)",
                  "ratio to best"},
                 rows);

  md += "\n## Scaling\n\n";
  if (report.scaling.empty()) {
    md += "The cells do not vary in assets or steps: no exponent to fit.\n";
  } else {
    md += "Exponent b of t = a n^b, the least-squares slope of log time on log size over solved cells.\n\n";
    std::vector<std::string> header = {"settings"};
    for (const ScalingPlot& plot : report.scaling)
      header.push_back("exponent in " + plot.axis + " (" + fixed_description(plot) + ")");
    rows.clear();
    for (const SolverSummary& s : report.solvers) {
      std::vector<std::string> row = {s.settings};
      for (const ScalingPlot& plot : report.scaling) {
        std::string text = "-";
        for (const ScalingSeries& series : plot.series)
          if (series.settings == s.settings && series.fit) text = fixed(series.fit->exponent, 2);
        row.push_back(text);
      }
      rows.push_back(row);
    }
    md += md_table(header, rows);
  }

  md += "\n## Performance profile\n\n";
  md += "Fraction of the " + std::to_string(report.profile.instances.size()) +
        " instances a solver setting solved within tau times the best setting's time (Dolan and More, "
        "Math. Prog. 91, 2002).\n\n";
  std::vector<std::string> header = {"settings"};
  for (double tau : kMarkdownProfileTaus) header.push_back("tau = " + fixed(tau, 0));
  header.push_back("solved at all");
  rows.clear();
  for (size_t s = 0; s < report.profile.solvers.size(); ++s) {
    std::vector<std::string> row = {report.profile.solvers[s]};
    for (double tau : kMarkdownProfileTaus) row.push_back(fixed(report.profile.fraction_within(s, tau), 2));
    row.push_back(fixed(report.profile.fraction_within(s, kInfinity), 2));
    rows.push_back(row);
  }
  md += md_table(header, rows);

  md += "\n## Cells that hit a limit\n\n";
  if (report.limit_cells.empty()) {
    md += "None: every cell ended before its limits.\n";
  } else {
    md += "The final gap only: incumbents over time are not recorded. A killed cell (timeout) has no gap.\n\n";
    rows.clear();
    for (const ExperimentCell& c : report.limit_cells)
      rows.push_back({c.cell, c.status, fixed(c.seconds, 3), fixed(c.time_limit, 0), percent(c.gap),
                      optional_fixed(c.objective, 2), optional_fixed(c.best_bound, 2)});
    md += md_table({"cell", "status", "seconds", "time limit", "gap", "objective", "best bound"}, rows);
  }

  md += "\n## Disagreements\n\n";
  if (report.disagreements.rows.empty()) md += "None.\n";
  else md += md_table(report.disagreements.header, report.disagreements.rows);
  return md;
}

}  // namespace fleetopt::report
