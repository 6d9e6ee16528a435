// Bounds of the two LPs that split a basic column's range, from one long step of the dual simplex
// on each, without solving them: Driebeek's penalties (N. J. Driebeek, "An algorithm for the
// solution of mixed integer programming problems", Management Science 12(7), 1966) with the
// breakpoints of the bound-flipping ratio test (Fourer 1994; dual_ratio_test.hpp) instead of the
// first one alone.
//
// The math, in minimisation terms (the objective negated when maximising). Let x_p be basic in an
// optimal basis with value v, and w = (x, r), r = A x, all columns and row activities. With d the
// reduced costs (d_j for a column, the dual y_i for a row activity), every w with A x = r has
//     z(w) = z* + sum_k d_k (w_k - wbar_k),        x_p = v - sum_k rho_k (w_k - wbar_k),
// over the nonbasic k (rho the tableau row of x_p, LpSolver::tableau_row). The "down" LP adds
// x_p <= v - delta (delta > 0). Dualising it with t >= 0 and relaxing the basic variables' bounds
// gives, for every t,
//     z_down >= z* + g(t),   g(t) = t delta + sum_k min_{w_k in [l_k, u_k]} (d_k - t rho_k)(w_k - wbar_k),
// concave and piecewise linear in t. Its slope starts at delta (the leaving row's infeasibility)
// and drops by |rho_k| (u_k - l_k) at t_k = d_k / rho_k, the ratios of the dual ratio test; max g
// is where a bound-flipping ratio test would end the child's first dual simplex iteration, and
// g(t) is that iteration's dual objective. The "up" LP (x_p >= v + delta) is the same with -rho.
// An infinite range ends the walk at its breakpoint; a slope still positive after the last one
// means the child is infeasible (its dual unbounded along the row).
//
// g is evaluated with the floating-point row, so it is an estimate. A proven bound is recomputed
// from the multipliers the step gives, y' = y -+ t pi (pi = e_p^T B^-1, which the tableau row
// carries on the row activities), as the Lagrangian bound of y' over the child's column box
// (certificates.hpp, with its rounding margin): a bound for ANY multipliers, so neither rounding
// in the row nor a basis other than the answer's can make it wrong, only weaker.
//
// Cost: one BTRAN and one pass over A for the row, O(nonzeros of the row) for the walk, and one
// pass over A per proven bound.
#pragma once

#include <array>
#include <optional>
#include <utility>
#include <vector>

#include "fleetopt/lp/lp_solver.hpp"

namespace fleetopt::lp {

struct DualStepBound {
  double estimate = 0.0;         // model sense; +-infinity when the step shows the LP infeasible
  std::optional<double> proven;  // model sense; set when asked for and finite
};

struct SplitDualStepBounds {
  DualStepBound down;  // x_p <= down_upper
  DualStepBound up;    // x_p >= up_lower
};

// Working space of split_dual_step_bounds, kept by the caller between calls (no allocation per
// call); its contents mean nothing outside.
struct DualStepScratch {
  std::vector<int> index;                           // the tableau row's nonbasic entries
  std::vector<double> value;
  std::vector<std::array<double, 4>> terms;         // per nonbasic entry: rho, d, room below, above
  std::vector<std::pair<double, double>> breaks;    // breakpoints t_k and the slope's drop there
};

// For `column`, basic in the solver's current basis with `answer` (that basis' optimal answer,
// as solve() returned it) giving its value v: the bounds of the LP with x_p <= down_upper (< v) and
// of the LP with x_p >= up_lower (> v), each with the solver's other column bounds. A child's
// bound is proven (the extra pass over A) only when its estimate is not better than
// `prove_from` (model sense: >= when minimising, <= when maximising); pass the answer's objective
// to prove both. False (nothing set) when the column is not basic, the solver
// has no factorization, or the answer is not an optimal one of the right size.
bool split_dual_step_bounds(LpSolver& solver, const LpResult& answer, int column, double down_upper,
                            double up_lower, double prove_from, SplitDualStepBounds& out,
                            DualStepScratch& scratch);

}  // namespace fleetopt::lp
