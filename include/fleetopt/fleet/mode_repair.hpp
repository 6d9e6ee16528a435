// Mode repair: turn a guide schedule that may break the fleet's coupling rows (caps, minimum
// bids) -- the per-asset dynamic-programming schedules under Lagrangian or LP prices -- into a
// feasible fleet schedule by keeping its charge/discharge modes and letting an LP choose the
// powers (bnb.md 4.2 and 6 (9): "per-asset DP under duals + repair LP").
//
//  1. Fix u[a,t] where the guide moves energy (discharge: u = 1, charge: u = 0); leave the rest
//     and every y free, and solve the LP relaxation of that restriction. If that left no integer
//     column free (a one-asset DP schedule moves energy at every binary step, as a rule), its
//     answer is the result.
//  2. Fix the remaining u by the sign of that LP's net flow (discharge energy above charge energy:
//     u = 1, else 0), y = 1 where its bid reaches the minimum bid and 0 elsewhere; solve the LP.
//  3. If that LP is infeasible (a bid that relied on flow step 2 cut off), fix every y to 0 and
//     solve again: with every u and y fixed, doing nothing in the min-bid markets is feasible
//     whenever the instance is (docs/model.md section 3).
// The result is the LP's column vector; integer columns are exact 0/1. The caller (the
// branch-and-bound) still checks it against the model.
#pragma once

#include <optional>
#include <vector>

#include "fleetopt/fleet/formulation.hpp"
#include "fleetopt/fleet/instance.hpp"
#include "fleetopt/fleet/solution.hpp"
#include "fleetopt/lp/lp_solver.hpp"

namespace fleetopt::fleet {

// The mode step 1 reads from a guide at asset a, step t: +1 discharging (its discharge power
// exceeds its charge power and is not zero), -1 charging, 0 moving nothing.
int guide_mode(const FleetModel& model, const FleetSolution& guide, int asset, int step);

// `row_duals`, if given, receives the final LP's row duals (in the model's sense; docs of
// lp::LpResult::row_dual): those of the state-of-charge rows (FleetModel::soc_row) are the
// marginal values of stored energy under the repaired modes, which tilt the DP bound well
// (soc_grid_dp.hpp, SocGridOptions::energy_values).
// `uncoupled_start`: each LP starts from the optimum of its uncoupled relaxation
// (coupled_root_lp.hpp), as a coupled fleet's root LP does; for coupled fleets only, where the
// link rows make the LPs from the slack basis dear (on 40 x 96 x 4 with caps the two repairs of
// FleetSolver's coupled path take 1.5 s instead of 4.9 s, with the same schedules on the fleets
// measured: docs/fleet-solve.md). An uncoupled model is its own relaxation, so there it would
// solve each LP twice.
std::optional<std::vector<double>> repair_modes(const FleetModel& model, const FleetSolution& guide,
                                                const lp::LpOptions& lp_options = {},
                                                std::vector<double>* row_duals = nullptr,
                                                bool uncoupled_start = false);

}  // namespace fleetopt::fleet
