#include "fleetopt/mip/heur_diving.hpp"

#include <cmath>

#include "fleetopt/core/tolerances.hpp"
#include "node_lp.hpp"

namespace fleetopt::mip {

bool FractionalDiving::should_run(const NodeContext& ctx) const { return schedule_.due(ctx, iterations_used_); }

void FractionalDiving::run(NodeContext& ctx, const SolutionSink& submit) {
  const long long budget = schedule_.budget(ctx);
  if (iterations_used_ >= budget) return;
  const long long start = ctx.node_lp.iterations(LpWork::heuristic);
  LpProbe probe(ctx.node_lp, LpProbe::Purpose::heuristic);
  std::vector<double> x = ctx.lp.x;
  std::vector<int> fractional = ctx.fractional;
  // Each dive step makes one column integral or ends the dive, so this many steps suffice.
  const int max_steps = static_cast<int>(ctx.model.num_cols());
  for (int step = 0; step < max_steps && !fractional.empty(); ++step) {
    // The candidate closest to an integer, rounded toward it.
    int best = -1;
    double best_distance = 1.0;
    bool best_up = false;
    for (int j : fractional) {
      const double f = x[j] - std::floor(x[j]);
      const double distance = std::min(f, 1.0 - f);
      if (distance < best_distance) {
        best_distance = distance;
        best = j;
        best_up = f >= 0.5;
      }
    }
    const double v = x[best];
    const double lo = probe.lower(best), hi = probe.upper(best);
    auto bound_toward = [&](bool up) {
      if (up) probe.set_bounds(best, std::ceil(v), hi);
      else probe.set_bounds(best, lo, std::floor(v));
    };
    bound_toward(best_up);
    const long long remaining = budget - iterations_used_ - (ctx.node_lp.iterations(LpWork::heuristic) - start);
    if (remaining <= 0) break;
    lp::LpStatus status = probe.solve(remaining);
    if (status == lp::LpStatus::infeasible) {
      // One backtrack: the other direction.
      bound_toward(!best_up);
      status = probe.solve(std::max<long long>(1, remaining));
    }
    if (status != lp::LpStatus::optimal) break;
    x = probe.result().x;
    fractional.clear();
    for (int j = 0; j < ctx.model.num_cols(); ++j)
      if (ctx.model.is_integer[j] && std::abs(x[j] - std::round(x[j])) > core::tol::kIntegrality)
        fractional.push_back(j);
  }
  iterations_used_ += ctx.node_lp.iterations(LpWork::heuristic) - start;
  if (fractional.empty()) {
    probe.restore();
    submit(x);
  }
}

}  // namespace fleetopt::mip
