// Independent checks of what an LP solver claims, on the unscaled model
//     row_lower <= A x <= row_upper,  col_lower <= x <= col_upper.
//
// Farkas (infeasibility): multipliers y on the rows with z = A^T y satisfy, for every x in the
// column box and every feasible row activity r = A x in the row box, z^T x = y^T r. So if
//     max { z^T x : x in column box }  <  min { y^T r : r in row box }
// no x can be feasible. Both sides are computed with infinite bounds counting as +-infinity for
// any coefficient above core::tol::kDualFeasibility (after normalising y to largest entry 1).
//
// Primal ray (unboundedness, minimisation; the objective is negated for maximisation): a
// direction d with c^T d < 0, A d inside the recession cone of the row box and d inside that of
// the column box ((A d)_i > 0 only where row_upper_i is infinite, etc.), together with a feasible
// point, proves the objective is unbounded.
#pragma once

#include <vector>

#include "fleetopt/core/model.hpp"

namespace fleetopt::lp {

// Lagrangian (weak duality) bound from ANY row multipliers y, in the model's sense: with
// d = c - A^T y, c^T x = y^T (A x) + d^T x, so over the row and column boxes
//     c^T x >= sum_i min_{r in [rl_i, ru_i]} y_i r + sum_j min_{x in [l_j, u_j]} d_j x   (minimise)
// (max and the upper bound when maximising). Multipliers whose sign would need an infinite row
// bound are set to 0 first (any y gives a valid bound); a reduced cost that needs an infinite
// column bound makes the bound -infinity (+infinity when maximising). The result is moved toward
// the weak side by the rounding error of its sums, so it is a bound in floating point too.
double lagrangian_bound(const core::Model& model, const std::vector<double>& row_multipliers);
// The same bound over another column box (the row box and costs the model's): a child's box,
// without a copy of the model (dual_step_bounds.hpp).
double lagrangian_bound(const core::Model& model, const std::vector<double>& row_multipliers,
                        const std::vector<double>& col_lower, const std::vector<double>& col_upper);
// The same bound and, in the same pass over A, what an LP solver reports with its duals: the
// reduced costs d = c - A^T y of the multipliers as given (model sense) and per column the sum of
// the magnitudes of the terms of d (the scale of its rounding error, for tolerances).
double reduced_costs_and_lagrangian_bound(const core::Model& model, const std::vector<double>& row_multipliers,
                                          std::vector<double>& reduced_cost, std::vector<double>& magnitude);

// The same bound as a function of the column box, for callers that evaluate it on many boxes (the
// branch-and-bound's conflicts): in minimisation terms (the objective negated when maximising),
//     L(l, u) = row_part + sum_j min(d_j l_j, d_j u_j) - rounding,   d = s c - A^T y',
// with y' the multipliers of lagrangian_bound (wrong-sided ones set to 0) and s = +-1 the sense;
// rounding = kSumRounding-scaled (1 + row_magnitude + sum_j (|d_j b_j| + size_j |b_j|)) over the
// bounds b_j used. `finite` is false when a multiplier is not finite (then nothing else is set).
struct LagrangianTerms {
  bool finite = false;
  double row_part = 0.0;
  double row_magnitude = 0.0;   // sum_i |y'_i side_i|
  std::vector<double> d;        // per column, minimisation terms
  std::vector<double> size;     // per column, the magnitude of d_j's terms (its rounding scale)
  double rounding_per_unit = 0.0;  // the relative rounding margin to apply to the magnitudes
};
LagrangianTerms lagrangian_terms(const core::Model& model, const std::vector<double>& row_multipliers);
// The same terms for a Farkas ray y: the objective taken as 0 and y used as given (no sense), so
//     L(l, u) = sum_i min_{r in [rl_i, ru_i]} y_i r + sum_j min(d_j l_j, d_j u_j),  d = -A^T y,
// bounds 0 = 0^T x from below for every x in the box [l, u] that satisfies the rows: a box where
// L > 0 holds no such point (the Farkas argument of the header, as a function of the box).
LagrangianTerms farkas_terms(const core::Model& model, const std::vector<double>& ray);

bool is_farkas_certificate(const core::Model& model, const std::vector<double>& row_multipliers);
// A solver's Farkas ray can fail the check only through rounding, in two ways. A row whose
// multiplier has the sign that needs its infinite side gets a tiny multiplier instead of 0: this
// sets every such multiplier up to 1e-5 of the largest to 0. And a basic column with an infinite
// bound, whose z_j = (A^T y)_j is 0 in exact arithmetic, gets a tiny z_j, and then the column's
// infinite bound makes the maximum of z^T x infinite. This sets all such small z_j to 0 at once:
// each column gets its own row (the one contributing most to z_j that no other column took), and
// a small dense system moves those rows' multipliers; columns the move touches join the next
// pass. It tries either sign of y and keeps the result only if it passes is_farkas_certificate:
// true then, with row_multipliers replaced by the repaired (normalised) ray. The check itself
// stays exact for whatever it is given, so the repair cannot make a wrong proof pass.
bool repair_farkas_ray(const core::Model& model, std::vector<double>& row_multipliers);
bool is_primal_ray(const core::Model& model, const std::vector<double>& direction);
// Largest violation of bounds and rows by x, relative to max(1, |bound|).
double max_primal_violation(const core::Model& model, const std::vector<double>& x);
// The same with the row activities A x already at hand.
double max_primal_violation(const core::Model& model, const std::vector<double>& x,
                            const std::vector<double>& row_activity);

}  // namespace fleetopt::lp
