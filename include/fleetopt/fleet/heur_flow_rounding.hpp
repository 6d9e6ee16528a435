// Flow rounding: rounds the fleet's binaries of a node's LP solution in place, without moving any
// power or state of charge, wherever that is provably feasible (../shared/docs/bnb.md 3.4;
// docs/fleet-plugins.md section 3 has the proof for the basic, tight and hull rows):
//
//   u[a,t] fractional, C[a,t] = 0 (nothing charged)    -> u = 1 (may discharge)
//   u[a,t] fractional, D[a,t] = 0 (nothing discharged) -> u = 0 (may charge)
//   y[t,m] fractional, x[t,m] >= minbid[m]              -> y = 1
//   y[t,m] fractional, x[t,m] = 0                        -> y = 0
//
// Every row that holds u or y is linear in it, and at the rounded value it only asks what the
// flow that is zero (or the bid at least the minimum) already gives. u and y have no objective
// coefficient, so if nothing fractional is left the candidate has exactly the node's LP value:
// the branch-and-bound accepts it (after its own check) and prunes the node, which is how a node
// whose only fractional binaries are one-sided gets closed without branching. O(columns of the
// fleet's p, u, x, y), no LP: it runs at every node.
#pragma once

#include <memory>

#include "fleetopt/fleet/fleet_structure.hpp"
#include "fleetopt/mip/primal_heuristic.hpp"

namespace fleetopt::fleet {

class FlowRounding : public mip::PrimalHeuristic {
 public:
  explicit FlowRounding(std::shared_ptr<const FleetStructure> structure) : structure_(std::move(structure)) {}
  std::string name() const override { return "flow rounding"; }
  char log_letter() const override { return 'W'; }
  bool should_run(const mip::NodeContext&) const override { return true; }
  void run(mip::NodeContext& ctx, const mip::SolutionSink& submit) override;

  // The rounding itself, for tests: rounds `x` in place (the columns in `fractional`) and returns
  // whether every integer column of `model` is integral afterwards.
  bool round_in_place(const core::Model& model, const std::vector<int>& fractional, std::vector<double>& x) const;

 private:
  std::shared_ptr<const FleetStructure> structure_;
};

}  // namespace fleetopt::fleet
