// The MILP of docs/model.md section 3 built as a core::Model, in three variants:
//   basic: exactly section 3 (big-M = P[a] in (dis)/(chg));
//   tight: plus p[a,t,m] <= q[a,m] u[a,t] (up) and p[a,t,m] <= q[a,m] (1 - u[a,t]) (down), and
//          big-M = min(P[a], sum of q[a,m] over the direction's markets);
//   hull:  tight, plus the reachable state-of-charge boxes [L_t, U_t] as soc bounds, the big-Ms
//          shrunk to what the boxes let through in one step (H2), and the two rows that link
//          power to the state of charge (H3), which together give the exact convex hull of one
//          asset's step (Pozo 2023; Elgersma et al. 2024; ../shared/docs/bnb.md 1.1-1.2); and,
//          for minimum bids, p[a,t,m] <= min(q, Ubar) y[t,m] and the min-bid cover
//          y[t,m] <= sum_a min(1, q[a,m]/minbid[m]) z[a,t] (bnb.md 1.4). The default.
// All have the same integer optimum; proofs in docs/fleet-structure.md.
//
// Presolve by the exchange condition (exchange.hpp), an option of every variant: where
// simultaneous charge and discharge cannot pay (and the asset is in no market with a minimum
// bid), u[a,t] is made continuous in [0, 1]. The optimum does not change, and schedule_from nets
// out any simultaneous flow such a step carries (same soc, revenue not lower).
#pragma once

#include <string>
#include <vector>

#include "fleetopt/core/model.hpp"
#include "fleetopt/fleet/instance.hpp"
#include "fleetopt/fleet/solution.hpp"

namespace fleetopt::fleet {

enum class Formulation { basic, tight, hull };
const char* to_string(Formulation f);
Formulation formulation_from_string(const std::string& s);  // throws std::invalid_argument

// The built model plus the map from its columns back to fleet quantities. An index of -1 means
// the quantity has no column (it is fixed at zero or dropped, e.g. u for a one-direction asset).
struct FleetModel {
  core::Model model;  // sense maximize, objective = revenue (EUR)
  Formulation formulation = Formulation::hull;
  int num_assets = 0, num_steps = 0, num_markets = 0;
  std::vector<int> x_col;    // [t * M + m]
  std::vector<int> p_col;    // [(a * T + t) * M + m]
  std::vector<int> soc_col;  // [a * T + t]
  std::vector<int> soc_row;  // the state-of-charge balance row of asset a at step t, [a * T + t]
  std::vector<int> u_col;    // [a * T + t]
  std::vector<int> y_col;    // [t * M + m]
  std::vector<int> link_row; // row x[t,m] - sum_a p[a,t,m] = 0 at [t * M + m]
  // Count columns (BuildOptions::count_like_assets): n[g,t] = sum of u[a,t] over the assets
  // a of count_groups[g], an integer column with its defining row, at [g * T + t]; -1 where the
  // group's u are not all binary columns.
  std::vector<std::vector<int>> count_groups;
  std::vector<int> count_col;
  // u[a,t] made continuous by the exchange presolve (1) or not (0), [a * T + t].
  std::vector<char> u_relaxed;
  // What schedule_from needs to net out simultaneous flow at relaxed steps.
  std::vector<char> market_up;           // [m]
  std::vector<double> min_bid;           // [m], MW (0: none)
  std::vector<double> exchange_ratio;    // etac[a] * etad[a]

  // Turns a column vector into a schedule (missing columns read as 0). At steps whose u was
  // relaxed, charge C and discharge D are both reduced, by min(C, D / (etac etad)) and by
  // etac etad times that, which leaves the state of charge as it was and (the exchange condition
  // failing there) cannot lower the revenue.
  FleetSolution schedule_from(const std::vector<double>& column_values) const;
  // The column vector of a schedule (u from its mode, y from its bids; the inverse of
  // schedule_from on schedules without simultaneous flow).
  std::vector<double> columns_from(const FleetSolution& schedule) const;
};

struct BuildOptions {
  // Presolve by the exchange condition (above). Off by default, so that an exported model (for
  // HiGHS, CBC, GLPK) is the plain MILP; solve_fleet switches it on.
  bool relax_unneeded_u = false;
  // For every group of like assets (asset_symmetry.hpp, count_groups) and step, the number of the
  // group's assets that may discharge, n[g,t] = sum_a u[a,t], as an integer column in [0, group
  // size]: a column to branch on and for the cuts to round, where single u[a,t] of
  // interchangeable assets are not (docs/fleet-structure.md, section 9). The optimum does not
  // change: every integer point of the model without them extends uniquely. Off by default, so
  // that an exported model is the plain MILP; solve_fleet switches it on for a fleet solved as
  // one model.
  bool count_like_assets = false;
  // Assets are alike for the count columns when every number of their data is within this
  // relative difference of the group's first asset's. Identical units pay most (the LP moves a
  // fraction between them for free); units within a few percent nearly as much: generated
  // fleets of 1-3 kinds with each asset's data perturbed by up to 3% went from unproven in 60 s
  // to 12-29 s with counts (HiGHS 57 s, unproven in 120 s, 112 s), while counts over all ten
  // assets of a drawn fleet (data 20-100% apart) took 2.6 times the nodes. 0.1 groups the
  // former and none of the drawn fleets of the bench's shapes (docs/fleet-structure.md,
  // section 9, item 6).
  double like_assets_relative = 0.1;
};

FleetModel build_model(const Instance& instance, Formulation formulation = Formulation::hull,
                       const BuildOptions& options = {});

// Reachable state-of-charge box of asset a at the end of each step (bnb.md 1.1): lower[t] and
// upper[t] for t = 0..T-1, with soc0 before the first step. Forward: the most the asset can
// discharge or charge per step; backward: enough room left to reach the final minimum. Every
// feasible schedule stays inside (docs/fleet-structure.md, section 2).
struct SocBoxes {
  std::vector<double> lower, upper;
};
SocBoxes reachable_soc_boxes(const Instance& instance, int asset);

// The idle schedule as column values of `model` (built from `instance`): x = 0, p = 0, y = 0,
// u = 0 and soc = soc0 at every step. Feasible exactly when instance.trivial_infeasibility() is
// empty (docs/model.md section 3), which makes it the solver's first incumbent.
std::vector<double> idle_columns(const Instance& instance, const FleetModel& model);

}  // namespace fleetopt::fleet
