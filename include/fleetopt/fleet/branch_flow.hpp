// Flow branching: a branching rule that knows which binaries of the fleet MILP matter
// (../shared/docs/bnb.md 3.4; docs/fleet-plugins.md section 2).
//
// Candidates, in priority classes:
//   1. fractional y[t,m] (minimum bids): one y decides a whole market bid, i.e. many p at once.
//      Ranked by the product score of pseudocost estimates (Achterberg, Koch, Martin, "Branching
//      rules revisited", Oper. Res. Letters 33, 2005); a y never branched on borrows the mean
//      pseudocost, so it is ranked by f (1 - f), i.e. by fractionality.
//   2. only if there is none: fractional u[a,t] with simultaneous flow, C[a,t] > 0 and D[a,t] > 0
//      (sums of the asset's down and up p). A fractional u with one-sided flow is no candidate: it
//      can be rounded in place (FlowRounding), so branching on it only duplicates a subtree.
//   3. only if there is neither: the generic reliability rule over all fractional columns, so the
//      search never stalls (e.g. FlowRounding switched off, or an integer column that is neither).
//
// Score of a u candidate: the product score of estimated down (u -> 0) and up (u -> 1) losses,
//     est_dir = w * pseudocost_dir + (1 - w) * loss,   w = min(n_dir, reliability) / reliability,
// where n_dir is the number of pseudocost observations of the column in that direction and
//     loss = min(C, D / (etac * etad)) * max(exchange_gain, 0)
// is the revenue the LP earns by exchanging energy within the step (exchange.hpp: exchange_gain
// is EUR per MW of charge; min(C, D/(etac etad)) is the MW of charge that is matched by
// discharge). Either child must give that exchange up, so it estimates both children's loss until
// the column's own pseudocosts are reliable. Pure pseudocost + loss: no strong branching (the
// loss is the cheap initialisation strong branching would otherwise buy); `strong_branching`
// instead hands the chosen priority class to reliability branching, which strong branches
// unreliable candidates (measured in docs/fleet-plugins.md).
//
// Child order: for u, the dominant direction first -- up (u = 1, discharge) when the discharge
// carries at least as much energy as the charge, D dt / etad >= C dt etac; for y, the child with
// the smaller expected loss (as reliability branching does).
#pragma once

#include <memory>

#include "fleetopt/fleet/fleet_structure.hpp"
#include "fleetopt/mip/branching_rule.hpp"

namespace fleetopt::fleet {

struct FlowBranchingParameters {
  // Pseudocost observations per direction after which the loss estimate no longer counts (the
  // reliability threshold of branch_reliability.hpp).
  int reliability = 4;
  // Hand the priority class's candidates to reliability branching (strong branching) instead of
  // scoring them by pseudocost + loss.
  bool strong_branching = false;
};

class FlowBranching : public mip::BranchingRule {
 public:
  explicit FlowBranching(std::shared_ptr<const FleetStructure> structure, FlowBranchingParameters parameters = {});
  std::string name() const override { return "flow"; }
  mip::BranchDecision select(mip::NodeContext& ctx) override;

 private:
  mip::BranchDecision delegate(mip::NodeContext& ctx, const std::vector<int>& candidates);

  std::shared_ptr<const FleetStructure> structure_;
  FlowBranchingParameters p_;
  std::unique_ptr<mip::BranchingRule> generic_;  // reliability branching
};

}  // namespace fleetopt::fleet
