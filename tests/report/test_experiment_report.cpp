// The experiment report's computations (include/fleetopt/report/experiment_report.hpp) on
// hand-made tables whose answers are worked out by hand in the comments: the shifted geometric
// mean, the exponent of exact power laws, the Dolan-More performance profile, unsolved cells, the
// scaling group choice, and the Markdown and page built from them.
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "fleetopt/report/experiment_report.hpp"
#include "fleetopt/report/report.hpp"

using namespace fleetopt::report;

namespace {

// Hand-computed values are exact up to rounding of log/exp.
constexpr double kExactTolerance = 1e-9;

ExperimentCell cell(const std::string& instance, const std::string& settings, const std::string& status,
                    double seconds, double time_limit = 60.0, int assets = 1, int steps = 4) {
  ExperimentCell c;
  c.instance = instance;
  c.settings = settings;
  c.cell = instance + "/" + settings;
  c.status = status;
  c.check = status == "optimal" || status == "feasible" ? "passed" : "-";
  c.seconds = seconds;
  c.time_limit = time_limit;
  c.assets = assets;
  c.steps = steps;
  c.markets = 3;
  return c;
}

// Instances p1, p2, p3; settings A and B (times in seconds; "-" = timeout):
//        p1   p2   p3
//   A     1   10    -
//   B     2    5    4
// best:   1    5    4   ratios A: 1, 2, inf   B: 2, 1, 1
std::vector<ExperimentCell> three_by_two() {
  return {cell("p1", "A", "optimal", 1), cell("p2", "A", "optimal", 10), cell("p3", "A", "timeout", 75),
          cell("p1", "B", "optimal", 2), cell("p2", "B", "optimal", 5),  cell("p3", "B", "optimal", 4)};
}

}  // namespace

TEST_CASE("experiment report: shifted geometric mean on hand-computed numbers", "[report][experiment_report]") {
  // (0+10)(10+10)(30+10) = 8000 = 20^3  ->  20 - 10 = 10
  CHECK(shifted_geometric_mean({0.0, 10.0, 30.0}) == Approx(10.0).epsilon(kExactTolerance));
  // (6+10)(26+10) = 576 = 24^2  ->  24 - 10 = 14
  CHECK(shifted_geometric_mean({6.0, 26.0}) == Approx(14.0).epsilon(kExactTolerance));
  // No shift: the plain geometric mean, sqrt(2 * 8) = 4
  CHECK(shifted_geometric_mean({2.0, 8.0}, 0.0) == Approx(4.0).epsilon(kExactTolerance));
  CHECK(kTimeShiftSeconds == 10.0);
  CHECK_THROWS_AS(shifted_geometric_mean({}), std::invalid_argument);
  CHECK_THROWS_AS(shifted_geometric_mean({0.0}, 0.0), std::invalid_argument);
}

TEST_CASE("experiment report: the exponent of exact power laws", "[report][experiment_report]") {
  std::vector<double> sizes = {1, 2, 4, 8, 16}, seconds;
  for (double n : sizes) seconds.push_back(2.0 * std::pow(n, 1.5));  // t = 2 n^1.5
  const auto fit = fit_power_law(sizes, seconds);
  REQUIRE(fit);
  CHECK(fit->exponent == Approx(1.5).epsilon(kExactTolerance));
  CHECK(fit->coefficient == Approx(2.0).epsilon(kExactTolerance));
  CHECK(fit->points == 5);

  // t = 0.5 n^3 with two points at every size (a repeated seed): still exactly 3.
  sizes = {10, 10, 20, 20, 40};
  seconds.clear();
  for (double n : sizes) seconds.push_back(0.5 * n * n * n);
  CHECK(fit_power_law(sizes, seconds)->exponent == Approx(3.0).epsilon(kExactTolerance));

  // Not a power law: (n, t) = (1, 1), (2, 2), (2, 8). In units of ln 2: x = 0, 1, 1 and
  // y = 0, 1, 3; mean x = 2/3, mean y = 4/3; sum dx dy = 8/9 - 1/9 + 5/9 = 12/9,
  // sum dx^2 = 4/9 + 1/9 + 1/9 = 6/9; slope 2.
  CHECK(fit_power_law({1, 2, 2}, {1, 2, 8})->exponent == Approx(2.0).epsilon(kExactTolerance));

  // One distinct size: nothing to fit.
  CHECK_FALSE(fit_power_law({4, 4, 4}, {1, 2, 3}));
  CHECK_FALSE(fit_power_law({}, {}));
}

TEST_CASE("experiment report: performance profile of a 3-instance, 2-solver table", "[report][experiment_report]") {
  const PerformanceProfile profile = performance_profile(three_by_two());
  REQUIRE(profile.solvers == std::vector<std::string>{"A", "B"});
  REQUIRE(profile.instances == std::vector<std::string>{"p1", "p2", "p3"});
  const double inf = std::numeric_limits<double>::infinity();
  CHECK(profile.ratios[0] == std::vector<double>{1.0, 2.0, inf});
  CHECK(profile.ratios[1] == std::vector<double>{2.0, 1.0, 1.0});
  // rho_A: 1/3 at tau = 1 (p1), 2/3 from tau = 2 (p2) on, never more (p3 unsolved).
  CHECK(profile.fraction_within(0, 1.0) == Approx(1.0 / 3));
  CHECK(profile.fraction_within(0, 1.99) == Approx(1.0 / 3));
  CHECK(profile.fraction_within(0, 2.0) == Approx(2.0 / 3));
  CHECK(profile.fraction_within(0, 1e9) == Approx(2.0 / 3));
  // rho_B: 2/3 at tau = 1 (p2, p3), 1 from tau = 2 (p1).
  CHECK(profile.fraction_within(1, 1.0) == Approx(2.0 / 3));
  CHECK(profile.fraction_within(1, 2.0) == Approx(1.0));
  CHECK(profile.fraction_within(0, 0.5) == 0.0);
  const auto steps_a = profile.steps(0), steps_b = profile.steps(1);
  REQUIRE(steps_a.size() == 2);
  CHECK(steps_a[0] == std::pair<double, double>(1.0, 1.0 / 3));
  CHECK(steps_a[1] == std::pair<double, double>(2.0, 2.0 / 3));
  REQUIRE(steps_b.size() == 2);
  CHECK(steps_b[1] == std::pair<double, double>(2.0, 1.0));
  CHECK(profile.largest_finite_ratio() == 2.0);
}

TEST_CASE("experiment report: unsolved cells in the profile and the solver summary", "[report][experiment_report]") {
  std::vector<ExperimentCell> cells = three_by_two();
  // p4: A stops at its limit with an incumbent (feasible), B's optimum fails the check: nobody
  // solved p4, both ratios infinite. p5: only B ran it (A's cell is missing): A unsolved.
  cells.push_back(cell("p4", "A", "feasible", 60));
  ExperimentCell failed = cell("p4", "B", "optimal", 3);
  failed.check = "failed: soc out of bounds";
  cells.push_back(failed);
  cells.push_back(cell("p5", "B", "optimal", 7));
  const PerformanceProfile profile = performance_profile(cells);
  REQUIRE(profile.instances.size() == 5);
  const double inf = std::numeric_limits<double>::infinity();
  CHECK(profile.ratios[0] == std::vector<double>{1.0, 2.0, inf, inf, inf});
  CHECK(profile.ratios[1] == std::vector<double>{2.0, 1.0, 1.0, inf, 1.0});
  CHECK(profile.fraction_within(0, inf) == Approx(2.0 / 5));
  CHECK(profile.fraction_within(1, inf) == Approx(4.0 / 5));

  // Charged times: A 1, 10, 60 (timeout, at its limit), 60 (feasible, at its limit);
  // B 2, 5, 4, 60 (failed check, at its limit), 7.
  const std::vector<SolverSummary> s = summarize_solvers(cells);
  REQUIRE(s.size() == 2);
  CHECK(s[0].settings == "A");
  CHECK(s[0].cells == 4);
  CHECK(s[0].solved == 2);
  CHECK(s[0].killed == 1);
  CHECK(s[0].failed_checks == 0);
  CHECK(s[1].cells == 5);
  CHECK(s[1].solved == 4);
  CHECK(s[1].failed_checks == 1);
  CHECK(s[1].killed == 0);
  const double mean_a = std::pow(11.0 * 20.0 * 70.0 * 70.0, 1.0 / 4) - 10.0;
  const double mean_b = std::pow(12.0 * 15.0 * 14.0 * 70.0 * 17.0, 1.0 / 5) - 10.0;
  CHECK(s[0].shifted_geomean_seconds == Approx(mean_a).epsilon(kExactTolerance));
  CHECK(s[1].shifted_geomean_seconds == Approx(mean_b).epsilon(kExactTolerance));
  CHECK(s[1].ratio_to_best == 1.0);  // B's mean is the smaller
  CHECK(s[0].ratio_to_best == Approx(mean_a / mean_b).epsilon(kExactTolerance));
}

TEST_CASE("experiment report: solver summary on exact shifted means", "[report][experiment_report]") {
  // A: solved in 0 s and 10 s, third cell timed out at limit 30: (10)(20)(40) = 20^3 -> 10.
  // B: 30, 30, 30 -> 30; ratio 3.
  const std::vector<ExperimentCell> cells = {
      cell("p1", "A", "optimal", 0, 30), cell("p2", "A", "optimal", 10, 30), cell("p3", "A", "timeout", 41, 30),
      cell("p1", "B", "optimal", 30, 30), cell("p2", "B", "optimal", 30, 30), cell("p3", "B", "optimal", 30, 30)};
  const auto s = summarize_solvers(cells);
  CHECK(s[0].shifted_geomean_seconds == Approx(10.0).epsilon(kExactTolerance));
  CHECK(s[1].shifted_geomean_seconds == Approx(30.0).epsilon(kExactTolerance));
  CHECK(s[0].ratio_to_best == 1.0);
  CHECK(s[1].ratio_to_best == Approx(3.0).epsilon(kExactTolerance));

  const ExperimentReport report = build_experiment_report("exact", cells, DisagreementTable{});
  const std::string md = render_experiment_markdown(report);
  CHECK_THAT(md, Catch::Contains("| A | 3 | 2 | 0 | 1 | 10.000 | 1.00 |"));
  CHECK_THAT(md, Catch::Contains("| B | 3 | 3 | 0 | 0 | 30.000 | 3.00 |"));
  CHECK_THAT(md, Catch::Contains("incumbents over time are not recorded"));
  CHECK_THAT(md, Catch::Contains("## Disagreements\n\nNone."));
  // Every cell has 1 asset and 4 steps: no scaling plot.
  CHECK(report.scaling.empty());
  REQUIRE(report.limit_cells.size() == 1);
  CHECK(report.limit_cells[0].cell == "p3/A");
}

TEST_CASE("experiment report: scaling plots only where the data varies, at the fullest group",
          "[report][experiment_report]") {
  std::vector<ExperimentCell> cells;
  // steps = 8: assets 1, 2, 4, 8 with t = 2 n^1.5 (and one unsolved cell, left out of the fit);
  // steps = 16: assets 1 only (a decoy group with fewer sizes).
  for (int n : {1, 2, 4, 8}) cells.push_back(cell("a" + std::to_string(n), "S", "optimal", 2.0 * std::pow(n, 1.5), 60, n, 8));
  cells.push_back(cell("a16", "S", "timeout", 70, 60, 16, 8));
  cells.push_back(cell("b1", "S", "optimal", 1.0, 60, 1, 16));
  const auto assets_plot = scaling_plot(cells, "assets");
  REQUIRE(assets_plot);
  CHECK(assets_plot->fixed_axis == "steps");
  CHECK(assets_plot->fixed_value == 8);
  CHECK(assets_plot->distinct_sizes == 5);
  REQUIRE(assets_plot->series.size() == 1);
  CHECK(assets_plot->series[0].sizes.size() == 4);
  REQUIRE(assets_plot->series[0].fit);
  CHECK(assets_plot->series[0].fit->exponent == Approx(1.5).epsilon(kExactTolerance));
  // Steps: at assets = 1 there are two step counts (8 and 16) - enough to plot.
  const auto steps_plot = scaling_plot(cells, "steps");
  REQUIRE(steps_plot);
  CHECK(steps_plot->fixed_value == 1);
  // Without the decoy nothing varies along steps.
  cells.pop_back();
  CHECK_FALSE(scaling_plot(cells, "steps"));

  const ExperimentReport report = build_experiment_report("scaling", cells, DisagreementTable{});
  REQUIRE(report.scaling.size() == 1);
  const std::string md = render_experiment_markdown(report);
  CHECK_THAT(md, Catch::Contains("| settings | exponent in assets (steps = 8, markets = 3) |"));
  CHECK_THAT(md, Catch::Contains("| S | 1.50 |"));
}

TEST_CASE("experiment report: the page embeds the data and the disagreements", "[report][experiment_report]") {
  DisagreementTable d;
  d.header = {"instance", "cell_with_schedule", "objective", "cell_with_bound", "best_bound", "excess"};
  d.rows = {{"p1", "p1/A", "100", "p1/B", "90", "10"}};
  const ExperimentReport report = build_experiment_report("page</script>", three_by_two(), d);
  const auto data = experiment_report_data(report);
  const std::string html = render_experiment_html(data, "/* plotly */");
  const nlohmann::json back = extract_report_data(html);
  CHECK(back["format"] == "fleetopt-experiment-report/1");
  CHECK(back["experiment"] == "page</script>");
  CHECK(back["solvers"].size() == 2);
  CHECK(back["profile"]["steps"][0].size() == 2);
  CHECK(back["disagreements"]["rows"].size() == 1);
  CHECK(back["limit_cells"].size() == 1);
  CHECK(html.find("page</script>") == std::string::npos);  // escaped in title and data
  CHECK_THAT(html, Catch::Contains("/* plotly */"));
  CHECK_THAT(html, Catch::Contains("fleetoptExperimentReport"));
  const std::string md = render_experiment_markdown(report);
  CHECK_THAT(md, Catch::Contains("**DISAGREEMENT: 1 pair(s)"));
  CHECK_THAT(md, Catch::Contains("| p1 | p1/A | 100 | p1/B | 90 | 10 |"));
}
