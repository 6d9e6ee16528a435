#include "fleetopt/fleet/heur_window_lns.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "fleetopt/core/timer.hpp"
#include "fleetopt/mip/branch_reliability.hpp"
#include "fleetopt/mip/mip_solver.hpp"

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

  // The step of every integer column (u and y); -1 for integer columns the fleet does not know,
  // which stay at the incumbent's value.
  std::vector<int> step_of(static_cast<size_t>(model.num_cols()), -1);
  for (int a = 0; a < structure_->num_assets(); ++a)
    for (int t = 0; t < num_steps; ++t)
      if (const int u = structure_->asset_step(a, t).u_col; u >= 0) step_of[u] = t;
  for (int t = 0; t < num_steps; ++t)
    for (int m = 0; m < structure_->num_markets(); ++m)
      if (const int y = structure_->bid(t, m).y_col; y >= 0) step_of[y] = t;

  bool out_of_time = false;
  for (int sweep = 0; sweep < p_.max_sweeps; ++sweep) {
    bool improved = false;
    // The second sweep's windows straddle the first's boundaries.
    const int offset = sweep % 2 == 0 ? 0 : width / 2;
    for (int start = offset > 0 ? offset - width : 0; start < num_steps; start += width) {
      const double seconds_left = ctx.seconds_left - clock.seconds();
      if (interrupted() || seconds_left <= 0.0 || clock.seconds() >= p_.max_time_share * ctx.seconds_left) {
        out_of_time = true;
        break;
      }
      const int first = std::max(0, start), last = std::min(num_steps, start + width);
      core::Model sub = model;
      int free_integers = 0;
      for (int j = 0; j < model.num_cols(); ++j) {
        if (!model.is_integer[j]) continue;
        if (step_of[j] >= first && step_of[j] < last) {
          ++free_integers;
          continue;
        }
        sub.col_lower[j] = sub.col_upper[j] = std::round(best[j]);
      }
      if (free_integers == 0) continue;
      mip::MipOptions options;
      options.node_limit = p_.node_limit;
      options.time_limit_seconds = std::min(p_.time_limit_seconds, seconds_left);
      options.interrupt = ctx.interrupt;
      options.max_cut_rounds = 0;  // a window is small; cuts cost more than its few nodes
      options.heuristics = mip::default_heuristics();
      options.branching = [reliability = p_.sub_mip_reliability] {
        mip::ReliabilityParameters parameters;
        parameters.reliability = reliability;
        return std::make_unique<mip::ReliabilityBranching>(parameters);
      };
      options.initial_solutions = {best};
      const mip::MipResult result = mip::solve_mip(sub, options);
      ++sub_mips_;
      iterations_used_ += result.lp_iterations;
      if (!result.objective || result.x.empty() || !better(*result.objective, best_value)) continue;
      if (submit(result.x)) {
        best = result.x;
        best_value = *result.objective;
        improved = true;
      }
    }
    if (!improved || out_of_time) break;
  }
  last_incumbent_ = best_value;
}

}  // namespace fleetopt::fleet
