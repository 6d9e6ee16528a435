// The analysis of an experiment's results (`fleetopt experiment report DIR`, docs/report.md section
// "Experiment reports"): per solver setting the solved count and the shifted geometric mean time
// (Mittelmann's benchmarks), log-log scaling plots with fitted exponents, the performance profile
// of Dolan and More (Math. Prog. 91, 2002), the final gaps of cells that hit a limit and the
// disagreements between solvers; rendered as ONE self-contained HTML page (plotly.js inlined, as
// `fleetopt report` does) and as a Markdown summary.
//
// The library takes plain rows (ExperimentCell), not the app layer's results.csv type: reading and
// validating results.csv is the command's job (src/app/cmd_experiment.cpp), so this part is
// unit-tested on hand-made tables.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace fleetopt::report {

// Shift of the shifted geometric mean, in seconds: 10 s as in H. Mittelmann's benchmarks, so that
// cells of a few milliseconds do not dominate the mean.
inline constexpr double kTimeShiftSeconds = 10.0;
// Times below this count as this in ratios and logarithms (results.csv has millisecond
// resolution; a reported 0 s would make a ratio infinite and a logarithm undefined).
inline constexpr double kTimeFloorSeconds = 1e-3;

// One row of results.csv, as the report needs it.
struct ExperimentCell {
  std::string cell;      // "<instance>/<settings label>"
  std::string instance;  // instance id
  std::string settings;  // the settings label: the part of the cell id after the instance
  int assets = 0, markets = 0, steps = 0;
  std::string status;    // optimal, feasible, infeasible, ..., timeout, crashed, failed, error
  std::string check;     // passed, "failed: ...", no schedule, -
  double seconds = 0.0;
  double time_limit = 0.0;
  std::optional<double> objective, best_bound, gap;

  bool solved() const;         // status optimal (or infeasible) and the independent check passed
  bool check_failed() const;   // check starts with "failed"
  bool killed() const;         // status timeout or crashed
  bool hit_limit() const;      // status feasible or timeout: a limit stopped the solver
  // The time the cell counts with: its seconds when solved, else its time limit (Mittelmann).
  double charged_seconds() const;
};

// exp(mean(log(t_i + shift))) - shift. Throws std::invalid_argument for no values or t_i + shift
// <= 0.
double shifted_geometric_mean(const std::vector<double>& seconds, double shift = kTimeShiftSeconds);

struct PowerLawFit {
  double exponent = 0.0;     // b in t = a n^b: least-squares slope of log t on log n
  double coefficient = 0.0;  // a
  int points = 0;
};

// Least-squares fit of log t = log a + b log n. nullopt with fewer than two distinct sizes. Sizes
// must be > 0; times are floored at kTimeFloorSeconds.
std::optional<PowerLawFit> fit_power_law(const std::vector<double>& sizes, const std::vector<double>& seconds);

// Dolan and More's performance profile: r[s][p] = t[s][p] / min_s t[s][p] over the solvers that
// solved instance p (infinite when s did not solve p, or nobody did);
// rho_s(tau) = |{p : r[s][p] <= tau}| / |P|.
struct PerformanceProfile {
  std::vector<std::string> solvers;    // settings labels, sorted
  std::vector<std::string> instances;  // instance ids, sorted
  std::vector<std::vector<double>> ratios;  // [solver][instance], +infinity when unsolved
  double fraction_within(size_t solver, double tau) const;
  // The step function of one solver: tau = 1 and every distinct finite ratio, with rho there.
  std::vector<std::pair<double, double>> steps(size_t solver) const;
  double largest_finite_ratio() const;  // 1 when no ratio is finite
};

// A cell missing for a solver counts as unsolved.
PerformanceProfile performance_profile(const std::vector<ExperimentCell>& cells);

struct SolverSummary {
  std::string settings;
  int cells = 0, solved = 0, failed_checks = 0, killed = 0;
  double shifted_geomean_seconds = 0.0;  // over all its cells, charged_seconds
  double ratio_to_best = 1.0;            // its mean / the smallest mean
};

// Sorted by settings label.
std::vector<SolverSummary> summarize_solvers(const std::vector<ExperimentCell>& cells);

// A log-log plot of time against one size ("assets" or "steps") with the other size and the
// markets fixed at the values that give the most distinct sizes along the axis.
struct ScalingSeries {
  std::string settings;
  std::vector<double> sizes, seconds;  // solved cells of the group
  std::optional<PowerLawFit> fit;
};
struct ScalingPlot {
  std::string axis;         // "assets" or "steps"
  std::string fixed_axis;   // the other one
  int fixed_value = 0;
  int markets = 0;
  int distinct_sizes = 0;   // along `axis`, over all cells of the group (solved or not)
  std::vector<ScalingSeries> series;  // one per settings label, sorted
};

// nullopt when the data does not vary along `axis` (no group has two distinct sizes).
std::optional<ScalingPlot> scaling_plot(const std::vector<ExperimentCell>& cells, const std::string& axis);

// disagreements.csv as read: its header and rows.
struct DisagreementTable {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
};

struct ExperimentReport {
  std::string experiment;  // the experiment's name
  std::vector<ExperimentCell> cells;
  std::vector<SolverSummary> solvers;
  std::vector<ScalingPlot> scaling;  // assets first, then steps; only those with varying data
  PerformanceProfile profile;
  std::vector<ExperimentCell> limit_cells;  // hit_limit(), in results.csv order
  DisagreementTable disagreements;
};

ExperimentReport build_experiment_report(const std::string& experiment, std::vector<ExperimentCell> cells,
                                         DisagreementTable disagreements);

// What the page draws, embedded as JSON (docs/report.md, "Experiment reports").
nlohmann::ordered_json experiment_report_data(const ExperimentReport& report);
// The page: experiment template, script and style with plotly.js and the data inlined.
std::string render_experiment_html(const nlohmann::ordered_json& data, const std::string& plotly_js_source);
// The Markdown summary: solver table, exponents, profile at a few tau, limit cells, disagreements.
std::string render_experiment_markdown(const ExperimentReport& report);

}  // namespace fleetopt::report
