#include "fleetopt/fleet/heur_window_lns.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "fleetopt/core/timer.hpp"
#include "fleetopt/mip/sub_mip.hpp"

namespace fleetopt::fleet {

int FleetWindowLns::window_steps() const {
  int assets_with_u = 0;
  for (int a = 0; a < structure_->num_assets(); ++a)
    for (int t = 0; t < structure_->num_steps(); ++t)
      if (structure_->asset_step(a, t).u_col >= 0) {
        ++assets_with_u;
        break;
      }
  return std::max(1, p_.free_binaries / std::max(1, assets_with_u));
}

bool FleetWindowLns::should_run(const mip::NodeContext& ctx) const {
  if (ctx.incumbent_x == nullptr || !ctx.incumbent) return false;
  if (last_incumbent_ && *last_incumbent_ == *ctx.incumbent) return false;
  return p_.schedule.due(ctx, iterations_used_);
}

void FleetWindowLns::run(mip::NodeContext& ctx, const mip::SolutionSink& submit) {
  if (structure_->num_columns() != ctx.model.num_cols())
    throw std::logic_error("FleetWindowLns: the FleetStructure does not describe the model being solved");
  if (ctx.incumbent_x == nullptr || !ctx.incumbent) return;
  const core::Model& model = ctx.model;
  const int num_steps = structure_->num_steps();
  const int width = window_steps();
  std::vector<double> best = *ctx.incumbent_x;
  double best_value = *ctx.incumbent;
  const auto better = [&](double a, double b) { return ctx.minimize() ? a < b : a > b; };
  const auto interrupted = [&] { return ctx.interrupt != nullptr && ctx.interrupt->load(std::memory_order_relaxed); };
  const core::Timer clock;

  // The step of every integer column (u and y) and the asset of every u; -1 for integer columns
  // the fleet does not know, which stay at the incumbent's value.
  std::vector<int> step_of(static_cast<size_t>(model.num_cols()), -1);
  std::vector<int> asset_of(static_cast<size_t>(model.num_cols()), -1);
  for (int a = 0; a < structure_->num_assets(); ++a)
    for (int t = 0; t < num_steps; ++t)
      if (const int u = structure_->asset_step(a, t).u_col; u >= 0) {
        step_of[u] = t;
        asset_of[u] = a;
      }
  for (int t = 0; t < num_steps; ++t)
    for (int m = 0; m < structure_->num_markets(); ++m)
      if (const int y = structure_->bid(t, m).y_col; y >= 0) step_of[y] = t;
  // A count column follows its u: free wherever one of them may be.
  constexpr int kAnyAsset = -2;
  for (const FleetStructure::Count& c : structure_->counts()) {
    step_of[c.col] = c.step;
    asset_of[c.col] = kAnyAsset;
  }

  // Solves the sub-MIP with the integer columns `is_free` selects free and all others fixed at
  // the best schedule; adopts its answer if better. False once the time is up.
  bool improved = false;
  const auto search = [&](const auto& is_free) {
    const double seconds_left = ctx.seconds_left - clock.seconds();
    if (interrupted() || seconds_left <= 0.0 || clock.seconds() >= p_.max_time_share * ctx.seconds_left)
      return false;
    // A schedule within the search's gap of its bound ends the search: no window can add to it.
    if (ctx.ends_search(best_value)) return false;
    core::Model sub = model;
    int free_integers = 0;
    for (int j = 0; j < model.num_cols(); ++j) {
      if (!model.is_integer[j]) continue;
      if (is_free(j)) {
        ++free_integers;
        continue;
      }
      sub.col_lower[j] = sub.col_upper[j] = std::round(best[j]);
    }
    if (free_integers == 0) return true;
    mip::SubMipSettings settings;
    settings.node_limit = p_.node_limit;
    settings.lp_iterations_per_column = p_.sub_mip_lp_iterations_per_column;
    settings.time_limit_seconds = std::min(p_.time_limit_seconds, seconds_left);
    settings.cut_rounds = 0;  // a window is small; cuts cost more than its few nodes
    settings.reliability = p_.sub_mip_reliability;
    settings.known_bound = ctx.global_bound;
    settings.start_basis = basis_;
    const mip::MipResult result = mip::solve_sub_mip(sub, best, settings, ctx.interrupt);
    if (!result.root_basis.empty()) basis_ = result.root_basis;
    ++sub_mips_;
    iterations_used_ += result.lp_iterations;
    if (result.objective && !result.x.empty() && better(*result.objective, best_value) && submit(result.x)) {
      best = result.x;
      best_value = *result.objective;
      improved = true;
    }
    return true;
  };

  // Time windows (every asset, `width` steps) while a sweep improves; after one that does not,
  // one sweep of asset blocks; the call ends when that improves nothing either.
  const int group = p_.asset_block_assets;
  const int block = std::max(1, p_.asset_block_steps);
  int time_sweeps = 0, asset_sweeps = 0;
  bool asset_sweep_next = false;
  for (int sweep = 0; sweep < p_.max_sweeps; ++sweep) {
    improved = false;
    bool in_time = true;
    if (!asset_sweep_next) {
      // Every other sweep's windows straddle the previous one's boundaries.
      const int offset = time_sweeps++ % 2 == 0 ? 0 : width / 2;
      for (int start = offset > 0 ? offset - width : 0; start < num_steps && in_time; start += width) {
        const int first = std::max(0, start), last = std::min(num_steps, start + width);
        in_time = search([&](int j) { return step_of[j] >= first && step_of[j] < last; });
      }
      if (!in_time) break;
      if (!improved && group <= 0) break;
      asset_sweep_next = !improved;
    } else {
      const int offset = asset_sweeps++ % 2 == 0 ? 0 : block / 2;
      for (int a0 = 0; a0 < structure_->num_assets() && in_time; a0 += group)
        for (int start = offset > 0 ? offset - block : 0; start < num_steps && in_time; start += block) {
          const int first = std::max(0, start), last = std::min(num_steps, start + block);
          in_time = search([&](int j) {
            return (asset_of[j] == kAnyAsset || (asset_of[j] >= a0 && asset_of[j] < a0 + group)) &&
                   step_of[j] >= first && step_of[j] < last;
          });
        }
      if (!in_time || !improved) break;
      asset_sweep_next = false;
    }
  }
  last_incumbent_ = best_value;
}

}  // namespace fleetopt::fleet
