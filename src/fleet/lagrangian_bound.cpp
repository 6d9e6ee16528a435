#include "fleetopt/fleet/lagrangian_bound.hpp"

#include <algorithm>
#include <cmath>

#include "fleetopt/core/timer.hpp"
#include "fleetopt/fleet/soc_grid_dp.hpp"

namespace fleetopt::fleet {

namespace {

// Ubar[m] of the header, 0 where no bid fits (minbid > Ubar).
std::vector<double> bid_ranges(const Instance& in) {
  std::vector<double> range(in.num_markets());
  for (int m = 0; m < in.num_markets(); ++m) {
    double total = 0.0;
    for (const Asset& a : in.assets) total += a.prequalified_mw[m];
    const Market& market = in.markets[m];
    const double upper = market.cap_mw ? std::min(*market.cap_mw, total) : total;
    range[m] = market.min_bid_mw > upper ? 0.0 : upper;
  }
  return range;
}

}  // namespace

double lagrangian_value(const Instance& in, const std::vector<double>& lambda, int grid_intervals,
                        FleetSolution* schedules, std::vector<double>* subgradient,
                        const std::atomic<bool>* interrupt) {
  const int T = in.num_steps(), M = in.num_markets();
  const std::vector<double> range = bid_ranges(in);
  double value = 0.0;
  FleetSolution fleet(in.num_assets(), T, M);
  std::vector<double> g(static_cast<size_t>(T) * M, 0.0);
  for (int t = 0; t < T; ++t)
    for (int m = 0; m < M; ++m) {
      const double v = in.markets[m].revenue_sign() * in.price(t, m) * in.step_hours;
      const double margin = v - lambda[static_cast<size_t>(t) * M + m];
      if (margin > 0) {
        value += range[m] * margin;
        g[static_cast<size_t>(t) * M + m] -= range[m];
      }
    }
  SocGridOptions grid;
  grid.grid_intervals = grid_intervals;
  grid.interrupt = interrupt;
  for (int a = 0; a < in.num_assets(); ++a) {
    const AssetDpResult dp = solve_asset_dp(in, a, grid, &lambda);
    if (dp.interrupted) return core::kInfinity;
    value += dp.upper_bound;
    place_asset_schedule(dp, a, fleet);
  }
  for (size_t k = 0; k < g.size(); ++k) g[k] += fleet.bid[k];
  if (subgradient) *subgradient = std::move(g);
  if (schedules) *schedules = std::move(fleet);
  return value;
}

LagrangianResult lagrangian_bound(const Instance& in, const LagrangianOptions& options) {
  const core::Timer clock;
  const int T = in.num_steps(), M = in.num_markets();
  std::vector<double> lambda = options.start;
  if (lambda.size() != static_cast<size_t>(T) * M) {
    lambda.assign(static_cast<size_t>(T) * M, 0.0);
    for (int t = 0; t < T; ++t)
      for (int m = 0; m < M; ++m)
        lambda[static_cast<size_t>(t) * M + m] = in.markets[m].revenue_sign() * in.price(t, m) * in.step_hours;
  }
  LagrangianResult best;
  double step = options.step_factor;
  int since_better = 0;
  std::vector<double> g;
  FleetSolution schedules;
  while (best.iterations < options.max_iterations && clock.seconds() < options.time_limit_seconds) {
    const double value = lagrangian_value(in, lambda, options.grid_intervals, &schedules, &g, options.interrupt);
    if (!std::isfinite(value)) break;  // interrupted
    ++best.iterations;
    if (value < best.bound) {
      best.bound = value;
      best.multipliers = lambda;
      best.schedules = schedules;
      since_better = 0;
    } else if (++since_better >= options.stall_iterations) {
      step /= 2;
      since_better = 0;
    }
    double norm2 = 0.0;
    for (double gi : g) norm2 += gi * gi;
    if (norm2 <= 0.0) break;  // the relaxed solution satisfies the links: L is the optimum here
    const double target = std::isfinite(options.target) ? options.target : best.bound - 0.01 * std::abs(best.bound);
    const double distance = std::max(value - target, 1e-9 * std::max(1.0, std::abs(value)));
    // L is convex in lambda with subgradient g: step against it.
    const double length = step * distance / norm2;
    for (size_t k = 0; k < lambda.size(); ++k) lambda[k] -= length * g[k];
  }
  best.seconds = clock.seconds();
  return best;
}

}  // namespace fleetopt::fleet
