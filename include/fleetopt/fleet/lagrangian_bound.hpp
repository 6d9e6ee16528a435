// A Lagrangian bound for coupled fleets (../shared/docs/bnb.md section 4.1): the link rows
// x[t,m] = sum_a p[a,t,m] are priced out with multipliers lambda[t,m] (EUR per MW over the step),
// which splits the fleet into one problem per market bid and one per asset:
//
//   L(lambda) = sum_{t,m} max{ (v[t,m] - lambda[t,m]) x : x in {0} U [minbid[m], Ubar[m]] }
//             + sum_a max{ sum_{t,m} lambda[t,m] p[a,t,m] - kappa dt D : asset a's own rows },
//
// v = s[m] pi dt, Ubar = min(cap, sum_a q[a,m]). The first part is Ubar max(0, v - lambda)
// (0 when minbid > Ubar: no bid fits); the second is bounded above by each asset's dynamic
// program on a state-of-charge grid under the values lambda (soc_grid_dp.hpp), which is valid for
// any values. Weak duality makes L(lambda) an upper bound on the fleet's optimum for every
// lambda; the subgradient method (Held, Wolfe, Crowder, Math. Prog. 6, 1974; Polyak steps
// towards a target value) lowers it.
//
// What it can close (bnb.md 4.1-4.2): at best the Dantzig-Wolfe bound, i.e. the per-asset
// multi-period part of the LP gap; minimum bids are invisible to it (the x-part relaxes
// {0} U [minbid, Ubar] to [0, Ubar]), and the coupling part of the gap stays. The per-asset
// schedules at the best multipliers are what the mode-repair heuristic (mode_repair.hpp) turns
// into fleet schedules.
#pragma once

#include <atomic>
#include <vector>

#include "fleetopt/core/model.hpp"
#include "fleetopt/fleet/instance.hpp"
#include "fleetopt/fleet/solution.hpp"

namespace fleetopt::fleet {

struct LagrangianOptions {
  int max_iterations = 40;
  double time_limit_seconds = 5.0;
  int grid_intervals = 1000;           // of each asset's DP (its bound loosens as this drops)
  // Polyak step factor: starts here, halves after `stall_iterations` steps without a better bound.
  double step_factor = 1.0;
  int stall_iterations = 4;
  // Start: these multipliers (size T * M, e.g. the LP relaxation's duals of the link rows);
  // empty: lambda = v (the fleet without its coupling).
  std::vector<double> start;
  // A value the optimum is known to reach (an incumbent's revenue): the Polyak step's target.
  // Without one the target is 1% below the current bound.
  double target = -core::kInfinity;
  // Stops the subgradient method within one asset's DP step when it becomes true.
  const std::atomic<bool>* interrupt = nullptr;
};

struct LagrangianResult {
  double bound = core::kInfinity;      // least L(lambda) seen: a valid upper bound on the optimum
  std::vector<double> multipliers;     // where it was reached, [t * M + m]
  FleetSolution schedules;             // each asset's DP schedule at those multipliers (bids x = sum p)
  int iterations = 0;                  // L evaluations
  double seconds = 0.0;
};

// The bound part for given multipliers, and each asset's schedule under them. +infinity (and
// schedules, subgradient untouched) when the interrupt stopped a DP.
double lagrangian_value(const Instance& instance, const std::vector<double>& multipliers, int grid_intervals,
                        FleetSolution* schedules = nullptr, std::vector<double>* subgradient = nullptr,
                        const std::atomic<bool>* interrupt = nullptr);

LagrangianResult lagrangian_bound(const Instance& instance, const LagrangianOptions& options = {});

}  // namespace fleetopt::fleet
