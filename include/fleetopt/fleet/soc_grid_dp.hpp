// One asset, alone: a dynamic program over a grid of state-of-charge values that returns both a
// feasible schedule (a lower bound on the asset's optimum) and a valid upper bound on it.
// Source: ../shared/docs/bnb.md sections 2.1-2.3; the idea of a discretised storage DP with
// non-concave payoffs is from T. Lee, A. Sun, arXiv 2511.15629. docs/soc-grid-dp.md has the
// proofs, the complexity and measured numbers.
//
// Market caps and minimum bids are ignored (they only restrict the fleet further), so the result
// is about asset a's own MILP of docs/model.md section 3. With values v[t,m] per MW (default
// s[m] * pi[t,m] * dt) and the discharge cost kappa*dt on up markets, one step's best revenue as a
// function of the net stored-energy change e = soc[t] - soc[t-1] is
//     R_t(e) = R+_t(e) for e >= 0: charge e / (etac dt) MW, greedily into the down markets by v,
//              R-_t(e) for e <= 0: discharge -e etad / dt MW, greedily into the up markets by
//              v - kappa dt,
// each concave piecewise linear, 0 at 0, -infinity beyond the power limits. The asset's optimum
// is max sum_t R_t(soc[t] - soc[t-1]) over soc in the bounds.
//
//  * Lower bound: soc restricted to grid points inside [socmin, socmax]; the DP
//    V_{t-1}(i) = max_j R_t(g_j - g_i) + V_t(j) gives a path whose powers are recovered greedily.
//  * Upper bound: every feasible trajectory rounds to grid points within h/2, so replacing R_t by
//    its dilation Rbar_t(D) = max{R_t(e) : |e - D| <= h} (h/2 at the first step, where soc0 is
//    a grid point) over the grid points of [socmin - h/2, socmax + h/2] over-estimates every
//    schedule. Before relaxing, the revenue is rewritten exactly with an energy value mu_t per
//    step (sum_t mu_t e_t telescopes into state terms), mu taken from the restricted DP's slopes:
//    valid for any mu, tight near the marginal value of energy. A safety margin
//    (core::tol::kSocGridBoundSafetyRelative) covers rounding.
//  * Each transition is a max-plus correlation of V_t with a kernel that is concave on each side
//    of 0; per side the row argmax is monotone (Monge), so divide and conquer costs
//    O(G log G) per step and side instead of O(G * band).
#pragma once

#include <atomic>
#include <functional>
#include <vector>

#include "fleetopt/fleet/instance.hpp"
#include "fleetopt/fleet/solution.hpp"

namespace fleetopt::fleet {

struct SocGridOptions {
  // Grid intervals over [socmin, socmax]. The step h is adjusted so that soc0 (and socmin when
  // soc0 > socmin) are grid points, so the grid has between about N/1.5 and 2N + 1 points.
  int grid_intervals = 2000;
  bool upper_bound = true;  // run the relaxed DP (upper_bound stays +infinity otherwise)
  bool schedule = true;     // run the restricted DP and recover a schedule
  // Checked once per step of every pass: when it becomes true the DP stops and returns a result
  // with `interrupted` set (a Ctrl-C must not wait for a long horizon or a fine grid).
  const std::atomic<bool>* interrupt = nullptr;
  // The energy values mu_t (EUR/MWh, one per step: the marginal value of energy stored after step
  // t) that tilt the relaxed DP. The bound is valid for any mu (docs/soc-grid-dp.md section 3);
  // unset, the restricted DP's slopes along its path supply them.
  const std::vector<double>* energy_values = nullptr;
};

struct AssetDpResult {
  std::vector<double> power;  // p[t,m] at power[t * M + m] (MW); empty if no schedule computed
  std::vector<double> soc;    // soc at the end of step t (MWh), recomputed from power
  // Exact revenue of that schedule under the values used (the instance's revenue by default),
  // recomputed from power: sum v[t,m] p[t,m] - kappa dt sum over up markets of p. 0 without one.
  double revenue = 0.0;
  // Valid upper bound on asset a's optimum under the same values; +infinity if not computed.
  double upper_bound = 0.0;
  int grid_points = 0;      // grid points of the relaxed DP (the restricted one has at most this)
  int grid_intervals = 0;   // the option the result was computed with
  double seconds = 0.0;
  // Stopped by SocGridOptions::interrupt: no schedule (power empty), revenue 0, upper_bound
  // +infinity.
  bool interrupted = false;
};

// Solves asset `asset` of `instance` on one grid. `values_per_mw`, if given, replaces
// s[m] pi[t,m] dt (size T * M, [t * M + m]), e.g. Lagrangian prices; kappa dt is still charged on
// up markets. Throws std::invalid_argument on a bad asset index, bad vector size or a trivially
// infeasible asset (soc0 outside the bounds or below socend).
AssetDpResult solve_asset_dp(const Instance& instance, int asset, const SocGridOptions& options = {},
                             const std::vector<double>* values_per_mw = nullptr);

// Refines the grid (x4 per round, the last round clipped to max_grid_intervals, starting at 500
// intervals or fewer) until upper - revenue <= rel_gap * max(1, |revenue|), the grid limit, or
// the time limit (a round is not started when its predicted time would exceed it) or the
// interrupt. Returns the best schedule, the least upper bound seen, and the total seconds; it is
// `interrupted` (without a schedule) only if the interrupt came during the first round.
AssetDpResult solve_asset_dp_to_gap(const Instance& instance, int asset, double rel_gap,
                                    double time_limit_seconds, int max_grid_intervals,
                                    const std::vector<double>* values_per_mw = nullptr,
                                    const std::atomic<bool>* interrupt = nullptr);

// The same refinement for a caller that holds better schedules than the DP's own: the grid DP's
// schedule loses up to about h * slope per step to the grid, while its bound is often already
// within the gap of the optimum (docs/soc-grid-dp.md section 5). `known_revenue` is the revenue of
// a schedule the caller has (e.g. the tree's incumbent); `improve`, if set, is called with every
// round's result (with its schedule) and returns the revenue of a schedule the caller derived from
// it and keeps (e.g. its modes repaired by an LP), or -infinity. The stopping test measures the
// least bound against the best of all these revenues; the result's `revenue` stays the DP's own.
struct DpRefinementOptions {
  double rel_gap = 1e-4;
  double time_limit_seconds = 1e30;
  int first_grid_intervals = 500;
  int max_grid_intervals = 128000;
  const std::vector<double>* values_per_mw = nullptr;
  const std::atomic<bool>* interrupt = nullptr;
  double known_revenue = -1e300;
  std::function<double(const AssetDpResult&)> improve;
  // Passed to every round (SocGridOptions::energy_values); `improve` may change the values it
  // points to, which then tilt the next round.
  const std::vector<double>* energy_values = nullptr;
};
AssetDpResult solve_asset_dp_to_gap(const Instance& instance, int asset, const DpRefinementOptions& options);

// Writes the DP's schedule as asset `asset` of `fleet` (powers, soc) and adds its powers to the
// fleet's bids x[t,m]. `fleet` must have the instance's steps and markets.
void place_asset_schedule(const AssetDpResult& dp, int asset, FleetSolution& fleet);

namespace soc_grid_detail {

// One side of a step's kernel on the grid: K(d) for integer offsets d = first_offset ..
// first_offset + value.size() - 1 (all finite, concave in d); -infinity elsewhere.
struct KernelSide {
  int first_offset = 0;
  std::vector<double> value;
};

// out[i] = max(out[i], max_j value[j] + K(j - i)) for i, j in [0, G), G = value.size(), where
// value[j] is -infinity for j < finite_from and finite from there on. Monge divide and conquer.
void correlate_side(const std::vector<double>& value, int finite_from, const KernelSide& kernel,
                    std::vector<double>& out);
// The same by scanning every (i, j) pair of the band: the reference for tests.
void correlate_side_dense(const std::vector<double>& value, int finite_from,
                          const KernelSide& kernel, std::vector<double>& out);

}  // namespace soc_grid_detail

}  // namespace fleetopt::fleet
