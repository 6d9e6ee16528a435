#include "fleetopt/fleet/exchange.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace fleetopt::fleet {

double best_value_per_mw(const Instance& in, int a, int t, Direction direction) {
  const Asset& asset = in.assets[a];
  double best = -std::numeric_limits<double>::infinity();
  for (int m = 0; m < in.num_markets(); ++m) {
    if (in.markets[m].direction != direction || asset.prequalified_mw[m] <= 0) continue;
    double v = in.markets[m].revenue_sign() * in.price(t, m) * in.step_hours;
    if (direction == Direction::up) v -= asset.cycle_cost_eur_per_mwh * in.step_hours;
    best = std::max(best, v);
  }
  return best;
}

double exchange_gain(const Instance& in, int a, int t) {
  const double down = best_value_per_mw(in, a, t, Direction::down);
  const double up = best_value_per_mw(in, a, t, Direction::up);
  if (!std::isfinite(down) || !std::isfinite(up)) return -std::numeric_limits<double>::infinity();
  const Asset& asset = in.assets[a];
  return down + asset.eta_charge * asset.eta_discharge * up;
}

}  // namespace fleetopt::fleet
