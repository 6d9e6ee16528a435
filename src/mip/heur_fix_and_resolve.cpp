#include "fleetopt/mip/heur_fix_and_resolve.hpp"

#include <algorithm>
#include <cmath>

namespace fleetopt::mip {

bool FixAndResolve::should_run(const NodeContext& ctx) const { return schedule_.due(ctx, iterations_used_); }

void FixAndResolve::run(NodeContext& ctx, const SolutionSink& submit) {
  LpProbe probe(ctx.node_lp, LpProbe::Purpose::heuristic);
  for (int j = 0; j < ctx.model.num_cols(); ++j) {
    if (!ctx.model.is_integer[j]) continue;
    const double v = std::clamp(std::round(ctx.lp.x[j]), ctx.lower[j], ctx.upper[j]);
    probe.set_bounds(j, v, v);
  }
  const lp::LpStatus status = probe.solve();
  iterations_used_ += probe.result().iterations;
  if (status == lp::LpStatus::optimal) {
    const std::vector<double> x = probe.result().x;
    probe.restore();
    submit(x);
  }
}

}  // namespace fleetopt::mip
