// The root LP of a coupled fleet (caps, minimum bids), started from its uncoupled relaxation.
//
// The uncoupled relaxation is the same model with every fleet bid x[t,m] and every minimum-bid
// indicator y[t,m] unbounded above. Then neither a cap (x <= cap) nor a minimum-bid row
// (minbid * y <= x <= M * y) can bind, the link rows x[t,m] = sum_a p[a,t,m] only record the sum,
// and the LP separates into one LP per asset under the market prices: its optimum is the sum of
// the assets' own LP optima (docs/model.md section 3: without caps and minimum bids the fleet
// separates).
//
// Why start there: that LP is cheap, since its basis matrix stays block diagonal by asset and the
// simplex's solves stay hyper-sparse, while the coupled LP from the slack basis spends most of
// its iterations on bases that the link rows make dense. The two models have the same rows and
// columns, so the uncoupled optimum is a basis of the coupled LP, dual feasible (only bounds
// differ), and so are its steepest-edge weights (they depend on the basis matrix alone). The dual
// simplex then only moves the assets to meet the caps and minimum bids. Measured (dual steepest
// edge, one thread; docs/fleet-solve.md, "Large coupled fleets under a time limit"):
//
//   fleet, caps 0.5, min bid 1 MW | from the slack basis   | uncoupled, then coupled
//   10 x 96 x 4                   |  9,309 it,  2.2 s      |  4,140 + 3,008 it, 1.1 s
//   20 x 96 x 4                   | 17,344 it,  8.4 s      |  7,296 + 5,793 it, 5.8 s
//   40 x 96 x 4                   | 36,863 it, 23.5 s      | 14,359 + 10,639 it, 12.0 s
//   100 x 96 x 4                  | 104,800 it, 222 s      | 34,699 + 55,893 it, 224 s
//
// On the exported 100-asset model the coupled iterations (about 4 ms each), not the way to them,
// are the cost. On the same fleet's presolved model, as `fleetopt solve` solves it, the start
// pays: 98.8 s against 222 s (docs/fleet-solve.md).
#pragma once

#include <optional>
#include <vector>

#include "fleetopt/core/model.hpp"
#include "fleetopt/fleet/formulation.hpp"
#include "fleetopt/lp/lp_solver.hpp"

namespace fleetopt::fleet {

// `model` (a fleet's MILP or a strengthened copy of it with the same columns: mip::search_model)
// with the fleet's x and y columns unbounded above.
core::Model uncoupled_relaxation(const FleetModel& fleet, const core::Model& model);

struct CoupledRootLp {
  lp::LpResult result;               // the coupled LP's answer; iterations count both LPs
  std::vector<lp::VarStatus> basis;  // its optimal basis (empty unless optimal)
  long long uncoupled_iterations = 0;
  std::optional<double> uncoupled_objective;  // the relaxation's optimum, when it was solved to one
};

// Solves the LP relaxation of `model` (see uncoupled_relaxation for `fleet` and `model`), from the
// uncoupled relaxation's optimal basis when `uncoupled_start` (and that LP is solved to
// optimality), else from the slack basis. The options' time limit covers both LPs.
CoupledRootLp solve_coupled_root_lp(const FleetModel& fleet, const core::Model& model, const lp::LpOptions& options,
                                    bool uncoupled_start);

}  // namespace fleetopt::fleet
