#include "fleetopt/mip/heur_fix_and_resolve.hpp"

#include <algorithm>
#include <cmath>

namespace fleetopt::mip {

bool FixAndResolve::should_run(const NodeContext& ctx) const {
  return ctx.depth == 0 || (frequency_ > 0 && ctx.node_number % frequency_ == 0);
}

void FixAndResolve::run(NodeContext& ctx, const SolutionSink& submit) {
  LpProbe probe(ctx.node_lp, LpProbe::Purpose::heuristic);
  for (int j = 0; j < ctx.model.num_cols(); ++j) {
    if (!ctx.model.is_integer[j]) continue;
    const double v = std::clamp(std::round(ctx.lp.x[j]), ctx.lower[j], ctx.upper[j]);
    probe.set_bounds(j, v, v);
  }
  if (probe.solve() == lp::LpStatus::optimal) submit(probe.result().x);
}

}  // namespace fleetopt::mip
