#include "fleetopt/fleet/branch_flow.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "fleetopt/core/tolerances.hpp"
#include "fleetopt/mip/pseudocosts.hpp"

namespace fleetopt::fleet {

FlowBranching::FlowBranching(std::shared_ptr<const FleetStructure> structure, FlowBranchingParameters parameters)
    : structure_(std::move(structure)), p_(parameters), generic_(mip::make_branching_rule("reliability")) {}

mip::BranchDecision FlowBranching::delegate(mip::NodeContext& ctx, const std::vector<int>& candidates) {
  // The same node seen with only `candidates` fractional: the generic rule chooses among them.
  mip::NodeContext restricted{ctx.model,  ctx.lower,    ctx.upper, ctx.lp,          ctx.lp_bound,
                              candidates, ctx.incumbent, ctx.cutoff, ctx.depth,       ctx.node_number,
                              ctx.node_lp_iterations,   ctx.pseudocosts, ctx.node_lp};
  restricted.incumbent_x = ctx.incumbent_x;
  restricted.branch_children = ctx.branch_children;  // probe the children that will be made
  return generic_->select(restricted);
}

mip::BranchDecision FlowBranching::select(mip::NodeContext& ctx) {
  using core::tol::kNegligibleFlowMw;
  if (structure_->num_columns() != ctx.model.num_cols())
    throw std::logic_error("FlowBranching: the FleetStructure does not describe the model being solved");
  const std::vector<double>& x = ctx.lp.x;
  const mip::Pseudocosts& pc = ctx.pseudocosts;

  std::vector<int> y_candidates, u_candidates;
  for (int j : ctx.fractional) {
    const FleetStructure::ColumnRole& r = structure_->role(j);
    if (r.role == FleetStructure::Role::y) {
      y_candidates.push_back(j);
    } else if (r.role == FleetStructure::Role::u) {
      const FleetStructure::AssetStep& s = structure_->asset_steps()[r.index];
      if (FleetStructure::charge(s, x) > kNegligibleFlowMw && FleetStructure::discharge(s, x) > kNegligibleFlowMw)
        u_candidates.push_back(j);
    }
  }
  if (y_candidates.empty() && u_candidates.empty()) return delegate(ctx, ctx.fractional);
  const std::vector<int>& candidates = y_candidates.empty() ? u_candidates : y_candidates;
  if (p_.strong_branching) return delegate(ctx, candidates);

  mip::BranchDecision best;
  best.kind = mip::BranchDecision::Kind::branch;
  double best_score = -1.0;
  for (int j : candidates) {
    const double f = x[j] - std::floor(x[j]);
    double down = pc.expected(j, false, f), up = pc.expected(j, true, 1.0 - f);
    bool up_first = up <= down;
    const FleetStructure::ColumnRole& r = structure_->role(j);
    if (r.role == FleetStructure::Role::u) {
      const FleetStructure::AssetStep& s = structure_->asset_steps()[r.index];
      const double c = FleetStructure::charge(s, x), d = FleetStructure::discharge(s, x);
      const double matched_charge = std::min(c, d / (s.eta_charge * s.eta_discharge));
      const double loss = matched_charge * std::max(s.exchange_gain, 0.0);
      const auto blend = [&](bool dir_up, double pseudocost) {
        const double w =
            p_.reliability > 0 ? std::min(pc.count(j, dir_up), p_.reliability) / static_cast<double>(p_.reliability)
                               : 1.0;
        return w * pseudocost + (1.0 - w) * loss;
      };
      down = blend(false, down);
      up = blend(true, up);
      const double dt = structure_->step_hours();
      up_first = d * dt / s.eta_discharge >= c * dt * s.eta_charge;
    }
    const double score = mip::product_score(down, up);
    if (score > best_score) {
      best_score = score;
      best.column = j;
      best.up_first = up_first;
    }
  }
  return best;
}

}  // namespace fleetopt::fleet
