#include "fleetopt/mip/heur_fix_and_resolve.hpp"

#include <algorithm>
#include <cmath>

namespace fleetopt::mip {

bool FixAndResolve::should_run(const NodeContext& ctx) const {
  if (ctx.depth == 0) return true;
  const long long budget = static_cast<long long>(p_.budget_fraction * ctx.node_lp_iterations) + p_.budget_offset;
  return p_.frequency > 0 && ctx.node_number % p_.frequency == 0 && iterations_used_ < budget;
}

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
