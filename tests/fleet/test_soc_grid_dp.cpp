// The state-of-charge grid DP (fleet/soc_grid_dp.hpp) against the exact optimum of the asset's
// MILP from our branch-and-bound at gap 0: the schedule passes the independent checker and earns
// at most the optimum, the upper bound is at least the optimum (on coarse and fine grids, with
// losses, cycle costs, negative prices, reserve markets, short steps, boundary states of charge
// and caller-given values), both close in on the optimum as the grid is refined, the DP is exact
// where every breakpoint lies on the grid, and the Monge divide and conquer equals the dense scan.
#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <limits>
#include <string>
#include <thread>
#include <vector>

#include "fleetopt/fleet/checker.hpp"
#include "fleetopt/fleet/fleet_solver.hpp"
#include "fleetopt/fleet/generator.hpp"
#include "fleetopt/fleet/random.hpp"
#include "fleetopt/fleet/soc_grid_dp.hpp"

using namespace fleetopt;
using namespace fleetopt::fleet;

namespace {

constexpr double kMinusInfinity = -std::numeric_limits<double>::infinity();

// The MILP's optimum is verified at 1e-7 feasibility, so it may exceed the true optimum by that
// order times the prices; 1e-6 relative (and 1e-6 EUR absolute) is far above that and far below
// any modelling error the tests look for.
double tolerance(double optimum) { return 1e-6 * std::max(1.0, std::abs(optimum)); }

// The MILP's optimum lies in [objective, bound] (equal unless LP noise kept them apart).
struct MilpOptimum {
  double objective = 0.0, bound = 0.0;
};

MilpOptimum milp_interval(const Instance& one_asset) {
  FleetSolveOptions o;
  o.dp_grid_intervals = 0;  // the reference must not lean on the DP under test
  o.mip.relative_gap = 0.0;
  o.mip.absolute_gap = 1e-9;
  o.threads = 1;
  const FleetSolveOutcome out = solve_fleet(one_asset, o);
  INFO(one_asset.name << " status " << to_string(out.summary.status) << " objective "
                      << out.summary.objective.value_or(-1) << " bound " << out.summary.best_bound.value_or(-1)
                      << " " << out.summary.message);
  // A complete search may end "feasible" when LP noise keeps the bound a hair above the incumbent
  // (seen at optimum 0 with bound 2e-6): accept it when that hair is inside the tolerance.
  REQUIRE((out.summary.status == SolveStatus::optimal || out.summary.status == SolveStatus::feasible));
  REQUIRE(out.summary.objective.has_value());
  REQUIRE(out.summary.best_bound.has_value());
  REQUIRE(*out.summary.best_bound - *out.summary.objective <= 1e-5 * std::max(1.0, std::abs(*out.summary.objective)));
  return {*out.summary.objective, *out.summary.best_bound};
}

double milp_optimum(const Instance& one_asset) { return milp_interval(one_asset).objective; }

// The DP's schedule as a one-asset fleet solution, judged by the checker with the claimed revenue.
void require_schedule_passes(const Instance& one_asset, const AssetDpResult& r) {
  const int T = one_asset.num_steps(), M = one_asset.num_markets();
  REQUIRE(r.power.size() == static_cast<size_t>(T) * M);
  REQUIRE(r.soc.size() == static_cast<size_t>(T));
  FleetSolution s(1, T, M);
  for (int t = 0; t < T; ++t) {
    for (int m = 0; m < M; ++m) s.p(0, t, m) = s.x(t, m) = r.power[static_cast<size_t>(t) * M + m];
    s.state(0, t) = r.soc[t];
  }
  const CheckReport report = check_schedule(one_asset, s, r.revenue);
  INFO(format_report(report));
  REQUIRE(report.ok);
}

// One asset with the generator's data, then its state-of-charge data and losses perturbed so the
// boundary cases come up often: soc0 at socmin or socmax, socend above socmin, soc range zero.
Instance random_case(std::uint64_t seed, int max_steps) {
  SplitMix64 rng(seed * 7919 + 17);
  GeneratorOptions g;
  g.assets = 1;
  g.markets = 2 + static_cast<int>(rng.below(5));
  g.steps = 1 + static_cast<int>(rng.below(max_steps));
  g.seed = seed;
  g.heterogeneous = rng.below(2) == 0;
  g.reserve_fraction = rng.below(3) == 0 ? 0.5 : 0.0;
  g.negative_spike_probability = rng.below(3) == 0 ? 0.2 : 0.0;
  static constexpr double kSteps[] = {1.0, 0.5, 0.25, 2.0};
  g.step_hours = kSteps[rng.below(4)];
  Instance in = generate_instance(g);
  Asset& a = in.assets[0];
  switch (rng.below(6)) {
    case 0: a.soc_initial_mwh = a.soc_min_mwh; break;
    case 1: a.soc_initial_mwh = a.soc_max_mwh; break;
    case 2: a.soc_initial_mwh = a.soc_min_mwh + rng.uniform01() * (a.soc_max_mwh - a.soc_min_mwh); break;
    default: break;
  }
  if (rng.below(3) == 0)
    a.soc_final_min_mwh = a.soc_min_mwh + rng.uniform01() * (a.soc_initial_mwh - a.soc_min_mwh);
  if (rng.below(3) == 0) {
    a.eta_charge = 0.6 + 0.4 * rng.uniform01();
    a.eta_discharge = 0.6 + 0.4 * rng.uniform01();
  }
  if (rng.below(3) == 0) a.cycle_cost_eur_per_mwh = 20.0 * rng.uniform01();
  if (rng.below(25) == 0) a.soc_min_mwh = a.soc_max_mwh = a.soc_final_min_mwh = a.soc_initial_mwh;
  if (rng.below(4) == 0) a.power_mw *= 0.37;  // the power limit binds below the prequalification
  for (double& q : a.prequalified_mw) q = std::min(q, a.power_mw);
  return in;
}

// The steepest slope of any R_t, in EUR per MWh of stored energy: one grid step h changes a
// step's revenue by at most this times h, which sets the scale of the grid's error.
double steepest_slope(const Instance& in) {
  const Asset& a = in.assets[0];
  const double dt = in.step_hours;
  double steepest = 0.0;
  for (int t = 0; t < in.num_steps(); ++t)
    for (int m = 0; m < in.num_markets(); ++m) {
      if (a.prequalified_mw[m] <= 0.0) continue;
      const double v = in.markets[m].revenue_sign() * in.price(t, m) * dt;
      steepest = std::max(steepest, in.markets[m].direction == Direction::up
                                        ? std::abs(v - a.cycle_cost_eur_per_mwh * dt) * a.eta_discharge / dt
                                        : std::abs(v) / (a.eta_charge * dt));
    }
  return steepest;
}

struct Summary {
  int cases = 0;
  // Worst (upper - revenue) at 2,000 intervals, over T * h * steepest slope (h the nominal step
  // range / 2000): the grid's error in units of its natural scale.
  double worst_scaled_gap = 0.0;
};

// Every check of one case against the MILP optimum, on several grids from 1 interval up.
void check_against_milp(const Instance& in, Summary& summary) {
  const MilpOptimum milp = milp_interval(in);
  const double optimum = milp.objective;
  INFO(in.name << " T=" << in.num_steps() << " M=" << in.num_markets() << " dt=" << in.step_hours
                << " OPT=" << optimum);
  for (int intervals : {1, 2, 3, 7, 50, 2000}) {
    SocGridOptions o;
    o.grid_intervals = intervals;
    const AssetDpResult r = solve_asset_dp(in, 0, o);
    INFO("intervals " << intervals << " revenue " << r.revenue << " upper " << r.upper_bound);
    require_schedule_passes(in, r);
    CHECK(r.revenue <= milp.bound + tolerance(optimum));
    CHECK(r.upper_bound >= milp.objective - tolerance(optimum));
    if (intervals == 2000) {
      const Asset& a = in.assets[0];
      const double scale = in.num_steps() * (a.soc_max_mwh - a.soc_min_mwh) / intervals * steepest_slope(in);
      if (scale > 0.0)
        summary.worst_scaled_gap = std::max(summary.worst_scaled_gap, (r.upper_bound - r.revenue) / scale);
      else
        CHECK(r.upper_bound - r.revenue <= tolerance(optimum));
    }
  }
  ++summary.cases;
}

Instance hand_made(const std::vector<double>& prices, double soc0, double soc_min, double soc_max) {
  Instance in;
  in.name = "hand";
  in.step_hours = 1.0;
  Market up{"sell", Direction::up, Settlement::energy, std::nullopt, 0.0};
  Market down{"buy", Direction::down, Settlement::energy, std::nullopt, 0.0};
  in.markets = {up, down};
  Asset a;
  a.name = "a";
  a.power_mw = 1.0;
  a.energy_mwh = soc_max;
  a.soc_initial_mwh = soc0;
  a.soc_min_mwh = a.soc_final_min_mwh = soc_min;
  a.soc_max_mwh = soc_max;
  a.prequalified_mw = {1.0, 1.0};
  in.assets = {a};
  for (size_t t = 0; t < prices.size(); ++t) {
    in.time_labels.push_back("t" + std::to_string(t));
    in.prices.push_back(prices[t]);
    in.prices.push_back(prices[t]);
  }
  return in;
}

}  // namespace

TEST_CASE("soc grid DP: a hand-derived case on the grid is solved exactly", "[fleet][soc_grid_dp]") {
  // 1 MW, soc 2 of [0, 4] MWh, lossless, one price for buying and selling: 10, 50, 5, 60.
  // Selling the 2 MWh held at 10 and 50, buying 1 MWh at 5 and selling it at 60 earns 115; no
  // schedule does better (at most 1 MWh per step, and only 2 + purchases can be sold).
  const Instance in = hand_made({10, 50, 5, 60}, 2.0, 0.0, 4.0);
  CHECK(milp_optimum(in) == Approx(115.0));
  for (int intervals : {4, 8, 400}) {
    SocGridOptions o;
    o.grid_intervals = intervals;
    const AssetDpResult r = solve_asset_dp(in, 0, o);
    require_schedule_passes(in, r);
    CHECK(r.revenue == Approx(115.0).epsilon(1e-12));
    CHECK(r.upper_bound >= 115.0);
    const std::vector<double> expected_soc{1.0, 0.0, 1.0, 0.0};
    for (int t = 0; t < 4; ++t) CHECK(r.soc[t] == Approx(expected_soc[t]).margin(1e-12));
  }
}

TEST_CASE("soc grid DP: exact when every breakpoint is a grid point", "[fleet][soc_grid_dp]") {
  // Generator defaults: lossless, dt = 1, integer prequalified MW, soc 10 of [2, 20]. Every
  // breakpoint of R_t is an integer number of MWh and the mode-fixed problem is a flow problem
  // with integer data, so an optimum with integer states exists: an h dividing 1 finds it.
  for (std::uint64_t seed = 0; seed < 12; ++seed) {
    GeneratorOptions g;
    g.assets = 1;
    g.markets = 2 + static_cast<int>(seed % 5);
    g.steps = 1 + static_cast<int>(seed % 8);
    g.seed = seed;
    const Instance in = generate_instance(g);
    const double optimum = milp_optimum(in);
    SocGridOptions o;
    o.grid_intervals = 36;  // h = 0.5 MWh
    const AssetDpResult r = solve_asset_dp(in, 0, o);
    INFO("seed " << seed);
    require_schedule_passes(in, r);
    CHECK(std::abs(r.revenue - optimum) <= tolerance(optimum));
    CHECK(r.upper_bound >= optimum - tolerance(optimum));
  }
}

TEST_CASE("soc grid DP: schedule below and bound above the MILP optimum on random small cases",
          "[fleet][soc_grid_dp]") {
  Summary summary;
  for (std::uint64_t seed = 0; seed < 150; ++seed) check_against_milp(random_case(seed, 8), summary);
  WARN("worst scaled gap at 2000 intervals " << summary.worst_scaled_gap);
  CHECK(summary.worst_scaled_gap < 3.0);
}

TEST_CASE("soc grid DP: caller-given values equal prices that give the same values",
          "[fleet][soc_grid_dp]") {
  for (std::uint64_t seed = 0; seed < 20; ++seed) {
    Instance in = random_case(seed + 1000, 6);
    SplitMix64 rng(seed);
    const int T = in.num_steps(), M = in.num_markets();
    std::vector<double> values(static_cast<size_t>(T) * M);
    for (double& v : values) v = (rng.uniform01() - 0.4) * 100.0 * in.step_hours;
    // The instance whose revenue per MW is `values`: pi = v / (s dt).
    Instance priced = in;
    for (int t = 0; t < T; ++t)
      for (int m = 0; m < M; ++m)
        priced.prices[static_cast<size_t>(t) * M + m] =
            values[static_cast<size_t>(t) * M + m] / (in.markets[m].revenue_sign() * in.step_hours);
    const double optimum = milp_optimum(priced);
    SocGridOptions o;
    o.grid_intervals = 300;
    const AssetDpResult with_values = solve_asset_dp(in, 0, o, &values);
    const AssetDpResult with_prices = solve_asset_dp(priced, 0, o);
    INFO("seed " << seed);
    CHECK(with_values.revenue == Approx(with_prices.revenue).epsilon(1e-12).margin(1e-9));
    CHECK(with_values.upper_bound == Approx(with_prices.upper_bound).epsilon(1e-12).margin(1e-9));
    CHECK(with_values.upper_bound >= optimum - tolerance(optimum));
    CHECK(with_values.revenue <= optimum + tolerance(optimum));
    require_schedule_passes(priced, with_values);
  }
  const Instance in = random_case(5, 4);
  std::vector<double> wrong_size(3, 0.0);
  CHECK_THROWS_AS(solve_asset_dp(in, 0, {}, &wrong_size), std::invalid_argument);
}

TEST_CASE("soc grid DP: degenerate assets", "[fleet][soc_grid_dp]") {
  SECTION("no prequalified market: idle, bound 0") {
    Instance in = hand_made({10, -5, 30}, 2.0, 0.0, 4.0);
    in.assets[0].prequalified_mw = {0.0, 0.0};
    const AssetDpResult r = solve_asset_dp(in, 0);
    require_schedule_passes(in, r);
    CHECK(r.revenue == 0.0);
    CHECK(r.upper_bound == 0.0);
  }
  SECTION("socmin == socmax: nothing can move, bound 0") {
    const Instance in = hand_made({10, -5, 30}, 3.0, 3.0, 3.0);
    const AssetDpResult r = solve_asset_dp(in, 0);
    require_schedule_passes(in, r);
    CHECK(r.revenue == 0.0);
    CHECK(r.upper_bound == 0.0);
  }
  SECTION("full at the start, must end full: only buy-low sell-high round trips") {
    Instance in = hand_made({50, 10, 60, 5}, 4.0, 0.0, 4.0);
    in.assets[0].soc_final_min_mwh = 4.0;
    const double optimum = milp_optimum(in);  // sell at 50 and 60, buy at 10 and 5: 95
    CHECK(optimum == Approx(95.0));
    const AssetDpResult r = solve_asset_dp(in, 0);
    require_schedule_passes(in, r);
    CHECK(r.revenue == Approx(95.0).epsilon(1e-12));
    CHECK(r.upper_bound >= 95.0);
  }
  SECTION("T = 1, negative prices: paid to charge") {
    const Instance in = hand_made({-20}, 0.0, 0.0, 4.0);
    const AssetDpResult r = solve_asset_dp(in, 0);
    require_schedule_passes(in, r);
    CHECK(r.revenue == Approx(20.0).epsilon(1e-12));
    CHECK(r.upper_bound >= 20.0);
    CHECK(r.upper_bound <= 20.0 + 1e-6);  // the first step's window is h/2 and the grid is fine
  }
  SECTION("options: bound only, schedule only") {
    const Instance in = hand_made({10, 50, 5, 60}, 2.0, 0.0, 4.0);
    SocGridOptions o;
    o.schedule = false;
    const AssetDpResult bound_only = solve_asset_dp(in, 0, o);
    CHECK(bound_only.power.empty());
    CHECK(bound_only.upper_bound >= 115.0);
    o.schedule = true;
    o.upper_bound = false;
    const AssetDpResult schedule_only = solve_asset_dp(in, 0, o);
    CHECK(schedule_only.upper_bound == std::numeric_limits<double>::infinity());
    CHECK(schedule_only.revenue == Approx(115.0));
  }
  SECTION("an infeasible asset or a bad index throws") {
    Instance in = hand_made({10}, 1.0, 0.0, 4.0);
    in.assets[0].soc_final_min_mwh = 2.0;
    CHECK_THROWS_AS(solve_asset_dp(in, 0), std::invalid_argument);
    CHECK_THROWS_AS(solve_asset_dp(in, 1), std::invalid_argument);
  }
}

TEST_CASE("soc grid DP: refining to a gap", "[fleet][soc_grid_dp]") {
  for (std::uint64_t seed = 0; seed < 10; ++seed) {
    const Instance in = random_case(seed + 500, 8);
    const double optimum = milp_optimum(in);
    const AssetDpResult r = solve_asset_dp_to_gap(in, 0, 1e-3, 10.0, 64000);
    INFO("seed " << seed << " OPT " << optimum << " revenue " << r.revenue << " upper " << r.upper_bound);
    require_schedule_passes(in, r);
    CHECK(r.revenue <= optimum + tolerance(optimum));
    CHECK(r.upper_bound >= optimum - tolerance(optimum));
    CHECK(r.upper_bound - r.revenue <= 1e-3 * std::max(1.0, std::abs(r.revenue)));
  }
}

TEST_CASE("soc grid DP: refining against better schedules stops on the first grid whose bound meets them",
          "[fleet][soc_grid_dp]") {
  for (std::uint64_t seed = 0; seed < 10; ++seed) {
    const Instance in = random_case(seed + 500, 8);
    const double optimum = milp_optimum(in);
    DpRefinementOptions o;
    o.rel_gap = 1e-3;
    o.time_limit_seconds = 10.0;
    o.max_grid_intervals = 64000;
    o.first_grid_intervals = 100;
    std::vector<int> intervals;
    std::vector<double> bounds;
    // The caller's schedule from each round: here the optimum itself, as a repair might find it.
    o.improve = [&](const AssetDpResult& round) {
      require_schedule_passes(in, round);
      intervals.push_back(round.grid_intervals);
      bounds.push_back(round.upper_bound);
      return optimum;
    };
    const AssetDpResult r = solve_asset_dp_to_gap(in, 0, o);
    INFO("seed " << seed << " OPT " << optimum << " upper " << r.upper_bound << " rounds " << intervals.size());
    REQUIRE(!intervals.empty());
    CHECK(intervals.front() == 100);
    for (size_t k = 1; k < intervals.size(); ++k) CHECK(intervals[k] == std::min(4 * intervals[k - 1], 64000));
    CHECK(r.grid_intervals == intervals.back());
    const double gap = 1e-3 * std::max(1.0, std::abs(optimum));
    CHECK(r.upper_bound == *std::min_element(bounds.begin(), bounds.end()));
    CHECK(r.upper_bound >= optimum - tolerance(optimum));
    CHECK(r.upper_bound - optimum <= gap);
    // It stopped at the first round whose bound met the optimum: no earlier one did.
    double least = bounds.front();
    for (size_t k = 0; k + 1 < bounds.size(); ++k) {
      least = std::min(least, bounds[k]);
      CHECK(least - optimum > gap);
    }
    // The DP's own schedule is still the one returned, never above the optimum.
    require_schedule_passes(in, r);
    CHECK(r.revenue <= optimum + tolerance(optimum));
    // known_revenue does what a constant improve does.
    DpRefinementOptions known = o;
    known.improve = nullptr;
    known.known_revenue = optimum;
    const AssetDpResult k = solve_asset_dp_to_gap(in, 0, known);
    CHECK(k.grid_intervals == r.grid_intervals);
    CHECK(k.upper_bound == r.upper_bound);
  }
}

TEST_CASE("soc grid DP: the bound holds for any energy values that tilt it", "[fleet][soc_grid_dp]") {
  for (std::uint64_t seed = 0; seed < 40; ++seed) {
    const Instance in = random_case(seed + 900, 8);
    const double optimum = milp_optimum(in);
    SplitMix64 rng(seed + 77);
    std::vector<double> mu(in.num_steps());
    for (double& v : mu) v = 200.0 * rng.uniform01() - 100.0;  // EUR/MWh, any sign
    for (int intervals : {10, 200, 2000}) {
      SocGridOptions o;
      o.grid_intervals = intervals;
      o.energy_values = &mu;
      const AssetDpResult r = solve_asset_dp(in, 0, o);
      INFO("seed " << seed << " intervals " << intervals << " OPT " << optimum << " upper " << r.upper_bound);
      CHECK(r.upper_bound >= optimum - tolerance(optimum));
      require_schedule_passes(in, r);  // the schedule does not depend on the tilt
    }
  }
  // One value per step, or the DP refuses.
  const Instance in = random_case(3, 8);
  std::vector<double> wrong(in.num_steps() + 1, 0.0);
  SocGridOptions o;
  o.energy_values = &wrong;
  CHECK_THROWS_AS(solve_asset_dp(in, 0, o), std::invalid_argument);
}

TEST_CASE("soc grid DP: an interrupt stops it without a schedule or a bound", "[fleet][soc_grid_dp]") {
  const Instance in = random_case(3, 24);
  std::atomic<bool> stop{false};
  SocGridOptions o;
  o.interrupt = &stop;
  SECTION("a flag that stays false changes nothing") {
    const AssetDpResult plain = solve_asset_dp(in, 0);
    const AssetDpResult flagged = solve_asset_dp(in, 0, o);
    CHECK_FALSE(flagged.interrupted);
    CHECK(flagged.revenue == plain.revenue);
    CHECK(flagged.upper_bound == plain.upper_bound);
    CHECK(flagged.power == plain.power);
  }
  SECTION("a flag already set") {
    stop = true;
    for (bool schedule : {true, false}) {
      o.schedule = schedule;
      const AssetDpResult r = solve_asset_dp(in, 0, o);
      CHECK(r.interrupted);
      CHECK(r.power.empty());
      CHECK(r.revenue == 0.0);
      CHECK(r.upper_bound == std::numeric_limits<double>::infinity());
    }
    const AssetDpResult refined = solve_asset_dp_to_gap(in, 0, 0.0, 60.0, 64000, nullptr, &stop);
    CHECK(refined.interrupted);
    CHECK(refined.power.empty());
  }
  SECTION("a flag set while a long DP runs") {
    // A year of hourly steps on 128,000 intervals takes seconds even in a release build; the flag
    // comes after 50 ms, so only a DP that ignores it can finish.
    GeneratorOptions g;
    g.assets = 1;
    g.markets = 4;
    g.steps = 8760;
    const Instance year = generate_instance(g);
    o.grid_intervals = 128000;
    std::thread setter([&stop] {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
      stop = true;
    });
    const AssetDpResult r = solve_asset_dp(year, 0, o);
    setter.join();
    CHECK(r.interrupted);
    CHECK(r.power.empty());
  }
}

TEST_CASE("soc grid DP: Monge divide and conquer equals the dense scan", "[fleet][soc_grid_dp]") {
  using soc_grid_detail::KernelSide;
  SplitMix64 rng(2024);
  for (int round = 0; round < 400; ++round) {
    const bool integral = round % 2 == 0;  // integer data: both must agree bit for bit
    const int size = 1 + static_cast<int>(rng.below(60));
    std::vector<double> value(size);
    const int finite_from = static_cast<int>(rng.below(size + 1));  // size: nothing finite
    for (int j = 0; j < size; ++j) {
      const double x = integral ? static_cast<double>(rng.below(200)) - 100.0 : 100.0 * rng.uniform01();
      value[j] = j < finite_from ? kMinusInfinity : x;
    }
    // A concave kernel: start anywhere in [-size, size], slopes nonincreasing (often equal, for ties).
    KernelSide kernel;
    const int length = 1 + static_cast<int>(rng.below(size + 3));
    kernel.first_offset = static_cast<int>(rng.below(2 * size + 1)) - size;
    std::vector<double> slopes(length - 1);
    for (double& s : slopes)
      s = integral ? static_cast<double>(rng.below(9)) - 4.0 : 8.0 * rng.uniform01() - 4.0;
    std::sort(slopes.rbegin(), slopes.rend());
    double k = integral ? static_cast<double>(rng.below(10)) : 10.0 * rng.uniform01();
    kernel.value.push_back(k);
    for (double s : slopes) kernel.value.push_back(k += s);

    std::vector<double> fast(size, kMinusInfinity), dense(size, kMinusInfinity);
    soc_grid_detail::correlate_side(value, finite_from, kernel, fast);
    soc_grid_detail::correlate_side_dense(value, finite_from, kernel, dense);
    INFO("round " << round);
    for (int i = 0; i < size; ++i) {
      if (integral || std::isinf(dense[i]))
        REQUIRE(fast[i] == dense[i]);
      else
        REQUIRE(fast[i] == Approx(dense[i]).epsilon(1e-13));
    }
  }
}

TEST_CASE("soc grid DP: larger random sweep against the MILP", "[fleet][soc_grid_dp][long]") {
  Summary summary;
  for (std::uint64_t seed = 10000; seed < 10600; ++seed) check_against_milp(random_case(seed, 16), summary);
  WARN("worst scaled gap at 2000 intervals " << summary.worst_scaled_gap);
  CHECK(summary.worst_scaled_gap < 3.0);
}
