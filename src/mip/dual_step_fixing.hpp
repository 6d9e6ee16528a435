// Private to the mip layer: at a node about to branch, the children that cannot beat the cutoff
// are found before any of them is solved, from their dual-step bounds (lp/dual_step_bounds.hpp:
// Driebeek's penalties with the bound-flipping ratio test's long step, each bound proven by a
// Lagrangian recomputation). For every fractional integer column x_j = v: a child x_j <= floor(v)
// or x_j >= ceil(v) whose proven bound passes the cutoff has no better point. Both children of
// one column cut off prune the node; one cut off fixes x_j to the other side, and the node's LP is
// solved again with it (as strong branching's proven bound changes are).
//
// Why: near the end of a coupled fleet's search half of the nodes sit within a few EUR of the
// cutoff (docs/fleet-structure.md, section 8), where strong branching on a single binary closes
// many of them, but the pseudocosts (learned at the root, where the other assets absorb any one
// binary) never pick that binary. The dual step costs one BTRAN and a pass over the row's matrix
// entries per candidate: about 0.6 ms a node on the 10x24x4 fleet with caps (3,600-row node LPs,
// about 25 candidates), against 18 ms for one strong-branching child.
#pragma once

#include <optional>
#include <vector>

#include "fleetopt/lp/lp_solver.hpp"
#include "fleetopt/mip/branching_rule.hpp"
#include "node_lp.hpp"

namespace fleetopt::mip {

struct DualStepFixings {
  bool node_cut_off = false;             // some column's both children pass the cutoff
  std::optional<double> down_bound, up_bound;  // that column's children's proven bounds, model sense
  std::vector<BoundChange> fixings;      // otherwise: columns whose one child passes the cutoff,
  std::vector<double> fixing_bounds;     // and that child's proven bound (model sense), per fixing
};

// `answer` is the node's optimal LP answer on `lp`'s current basis; `fractional` its fractional
// integer columns; `cutoff` model sense (a child whose bound passes it is pruned). `lower` and
// `upper` are the node's column bounds (the fixings keep the other side of the box).
DualStepFixings dual_step_fixings(NodeLp& lp, const lp::LpResult& answer, const std::vector<int>& fractional,
                                  const std::vector<double>& lower, const std::vector<double>& upper,
                                  double cutoff, lp::DualStepScratch& scratch);

}  // namespace fleetopt::mip
