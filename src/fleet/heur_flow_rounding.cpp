#include "fleetopt/fleet/heur_flow_rounding.hpp"

#include <cmath>
#include <stdexcept>

#include "fleetopt/core/tolerances.hpp"

namespace fleetopt::fleet {

bool FlowRounding::round_in_place(const core::Model& model, const std::vector<int>& fractional,
                                  std::vector<double>& x) const {
  using core::tol::kNegligibleFlowMw;
  if (structure_->num_columns() != model.num_cols())
    throw std::logic_error("FlowRounding: the FleetStructure does not describe the model being solved");
  bool integral = true;
  for (int j : fractional) {
    const FleetStructure::ColumnRole& r = structure_->role(j);
    if (r.role == FleetStructure::Role::u) {
      const FleetStructure::AssetStep& s = structure_->asset_steps()[r.index];
      if (FleetStructure::charge(s, x) <= kNegligibleFlowMw) x[j] = 1.0;
      else if (FleetStructure::discharge(s, x) <= kNegligibleFlowMw) x[j] = 0.0;
      else integral = false;  // simultaneous flow: only branching can settle it
    } else if (r.role == FleetStructure::Role::y) {
      const FleetStructure::Bid& b = structure_->bids()[r.index];
      // (minbid) reads minbid*y <= x: at y = 1 it asks x >= minbid, within the check's tolerance.
      if (x[b.x_col] >= b.min_bid - core::tol::kPrimalFeasibility) x[j] = 1.0;
      else if (x[b.x_col] <= kNegligibleFlowMw) x[j] = 0.0;
      else integral = false;  // 0 < x < minbid: the bid itself is infeasible
    } else if (r.role != FleetStructure::Role::count) {  // counts follow their u (below)
      integral = false;  // an integer column the fleet model does not know: not ours to round
    }
  }
  structure_->recount(x);
  // Integer columns integral within the tolerance are left as they are: the branch-and-bound
  // rounds them and, if the continuous part lived off the difference, polishes the candidate.
  for (int j : fractional)
    if (model.is_integer[j] && std::abs(x[j] - std::round(x[j])) > core::tol::kIntegrality) integral = false;
  return integral;
}

void FlowRounding::run(mip::NodeContext& ctx, const mip::SolutionSink& submit) {
  std::vector<double> x = ctx.lp.x;
  if (round_in_place(ctx.model, ctx.fractional, x)) submit(x);
}

}  // namespace fleetopt::fleet
