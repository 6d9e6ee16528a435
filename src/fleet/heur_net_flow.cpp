#include "fleetopt/fleet/heur_net_flow.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "fleetopt/core/tolerances.hpp"

namespace fleetopt::fleet {

namespace {
// Which y to fix at 1 in each attempt.
enum class BidRule { by_bid_size, as_in_lp, none };
}  // namespace

void NetFlowFixing::run(mip::NodeContext& ctx, const mip::SolutionSink& submit) {
  if (structure_->num_columns() != ctx.model.num_cols())
    throw std::logic_error("NetFlowFixing: the FleetStructure does not describe the model being solved");
  const std::vector<double>& x = ctx.lp.x;
  const core::Model& model = ctx.model;
  // The value each integer column is fixed at, clamped to the node's domain.
  std::vector<double> fixed(static_cast<size_t>(model.num_cols()), 0.0);
  const auto clamp = [&](int j, double v) { return std::clamp(v, ctx.lower[j], ctx.upper[j]); };
  bool has_y = false;
  for (int j = 0; j < model.num_cols(); ++j) {
    if (!model.is_integer[j]) continue;
    const FleetStructure::ColumnRole& r = structure_->role(j);
    if (r.role == FleetStructure::Role::u) {
      const FleetStructure::AssetStep& s = structure_->asset_steps()[r.index];
      const double dt = structure_->step_hours();
      const double discharged = FleetStructure::discharge(s, x) * dt / s.eta_discharge;
      const double charged = FleetStructure::charge(s, x) * dt * s.eta_charge;
      fixed[j] = clamp(j, discharged > charged ? 1.0 : 0.0);
    } else if (r.role == FleetStructure::Role::y) {
      has_y = true;
    } else {
      fixed[j] = clamp(j, std::round(x[j]));
    }
  }

  mip::LpProbe probe(ctx.node_lp, mip::LpProbe::Purpose::heuristic);
  for (const BidRule rule : {BidRule::by_bid_size, BidRule::as_in_lp, BidRule::none}) {
    for (int j = 0; j < model.num_cols(); ++j) {
      if (!model.is_integer[j]) continue;
      const FleetStructure::ColumnRole& r = structure_->role(j);
      if (r.role == FleetStructure::Role::count) continue;  // follows the u fixed here
      double v = fixed[j];
      if (r.role == FleetStructure::Role::y) {
        const FleetStructure::Bid& b = structure_->bids()[r.index];
        const bool on = rule == BidRule::by_bid_size ? x[b.x_col] >= b.min_bid - core::tol::kPrimalFeasibility
                        : rule == BidRule::as_in_lp  ? x[j] >= 1.0 - core::tol::kIntegrality
                                                     : false;
        v = clamp(j, on ? 1.0 : 0.0);
      }
      probe.set_bounds(j, v, v);
    }
    const lp::LpStatus status = probe.solve();
    iterations_used_ += probe.result().iterations;
    if (status == lp::LpStatus::optimal) {
      const std::vector<double> solution = probe.result().x;
      probe.restore();
      submit(solution);
      return;
    }
    // The retries are there for bids fixed at 1 that cannot be filled (infeasible). A cutoff
    // (this fixing cannot beat the incumbent), a limit or numerical trouble ends the heuristic.
    if (status != lp::LpStatus::infeasible || !has_y) return;
    probe.restore();
  }
}

}  // namespace fleetopt::fleet
