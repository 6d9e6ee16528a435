#include "fleetopt/mip/heur_rins.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "fleetopt/mip/sub_mip.hpp"

namespace fleetopt::mip {

bool Rins::should_run(const NodeContext& ctx) const {
  return ctx.incumbent_x != nullptr && p_.schedule.due(ctx, iterations_used_);
}

void Rins::run(NodeContext& ctx, const SolutionSink& submit) {
  if (ctx.incumbent_x == nullptr || !ctx.incumbent) return;
  const std::vector<double>& incumbent = *ctx.incumbent_x;
  const core::Model& model = ctx.model;
  const double kFree = std::numeric_limits<double>::quiet_NaN();

  std::vector<double> fixing(static_cast<size_t>(model.num_cols()), kFree);
  int integers = 0, fixed = 0;
  for (int j = 0; j < model.num_cols(); ++j) {
    if (!model.is_integer[j]) continue;
    ++integers;
    if (std::abs(incumbent[j] - ctx.lp.x[j]) <= p_.agreement) {
      fixing[j] = std::round(incumbent[j]);
      ++fixed;
    }
  }
  if (integers == 0 || fixed < p_.min_fixing_rate * integers || fixed == integers) return;
  const auto same = [](const std::vector<double>& a, const std::vector<double>& b) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i)
      if (!(a[i] == b[i] || (std::isnan(a[i]) && std::isnan(b[i])))) return false;
    return true;
  };
  if (same(fixing, last_fixing_)) return;
  last_fixing_ = fixing;

  core::Model sub = model;
  for (int j = 0; j < model.num_cols(); ++j)
    if (!std::isnan(fixing[j])) sub.col_lower[j] = sub.col_upper[j] = fixing[j];

  SubMipSettings settings;
  settings.node_limit = p_.node_limit;
  settings.lp_iterations_per_column = p_.sub_mip_lp_iterations_per_column;
  settings.time_limit_seconds = std::min(p_.time_limit_seconds, ctx.seconds_left);
  settings.cut_rounds = p_.sub_mip_cut_rounds;
  settings.reliability = p_.sub_mip_reliability;
  settings.known_bound = ctx.global_bound;
  const MipResult result = solve_sub_mip(sub, incumbent, settings, ctx.interrupt);
  ++sub_mips_;
  iterations_used_ += result.lp_iterations;
  if (!result.objective || result.x.empty()) return;
  const bool better = ctx.minimize() ? *result.objective < *ctx.incumbent : *result.objective > *ctx.incumbent;
  if (better) submit(result.x);
}

}  // namespace fleetopt::mip
