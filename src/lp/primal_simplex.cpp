// The bounded primal simplex for a primal feasible basis (Maros 2003, ch. 9): pricing by the
// PrimalPricing plug-in (primal_pricing.hpp: Devex by default, Dantzig), Harris' two-pass ratio
// test over the basic variables and the entering variable's own bound (a bound flip needs no
// basis change).
#include <algorithm>
#include <cmath>

#include "fleetopt/core/tolerances.hpp"
#include "simplex_engine.hpp"

namespace fleetopt::lp {
namespace {
constexpr int kMaxPivotDisagreements = 3;
}  // namespace

PhaseResult SimplexEngine::primal_phase2() {
  const double dual_tol = core::tol::kDualFeasibility;
  const double primal_tol = core::tol::kPrimalFeasibility;
  const double pivot_tol = core::tol::kSimplexPivot;
  int disagreements = 0;
  std::vector<double> weight(total, 1.0);  // the pricing rule's reference weights
  const PrimalPricing& rule = *primal_pricing;
  invalidate_chuzr();  // this method moves the weights of its own pivot rows

  for (;;) {
    PhaseResult why;
    if (!ready_for_iteration(why)) return why;

    // CHUZC: largest dual infeasibility^2 / weight.
    int q = -1;
    double best = 0.0;
    for (int j = 0; j < total; ++j) {
      const double inf = dual_infeasibility(j);
      if (inf > dual_tol && inf * inf > best * weight[j]) {
        best = inf * inf / weight[j];
        q = j;
      }
    }
    if (q < 0) return PhaseResult::optimal;
    const double dir = dual[q] < 0 ? 1.0 : -1.0;  // direction in which x_q improves the objective

    load_column(q, col_aq);
    factor->ftran(col_aq);

    // Harris pass 1: the largest step keeping every basic variable within bound + tolerance.
    double theta_max = upper[q] - lower[q];
    auto relaxed_ratio = [&](int i, double& exact) -> double {
      const double beta = dir * col_aq[i];  // x_B(i) moves by -theta * beta
      const int v = basic_index[i];
      if (beta > pivot_tol && std::isfinite(lower[v])) {
        exact = std::max(0.0, (x[v] - lower[v]) / beta);
        return (x[v] - lower[v] + primal_tol) / beta;
      }
      if (beta < -pivot_tol && std::isfinite(upper[v])) {
        exact = std::max(0.0, (upper[v] - x[v]) / -beta);
        return (upper[v] - x[v] + primal_tol) / -beta;
      }
      exact = core::kInfinity;
      return core::kInfinity;
    };
    double exact = 0.0;
    if (col_aq.is_sparse()) {
      for (int i : col_aq.indices()) theta_max = std::min(theta_max, relaxed_ratio(i, exact));
    } else {
      for (int i = 0; i < m; ++i) theta_max = std::min(theta_max, relaxed_ratio(i, exact));
    }
    if (!std::isfinite(theta_max)) {
      // Unbounded: x_q moves forever along dir, x_B along -dir * B^-1 a_q.
      ray.assign(total, 0.0);
      ray[q] = dir;
      for (int i = 0; i < m; ++i) ray[basic_index[i]] = -dir * col_aq[i];
      return PhaseResult::unbounded;
    }
    // A basic variable already beyond its bound by more than the tolerance (values refreshed by
    // a refactorization can move that far) gives a negative ratio; the step cannot be negative.
    theta_max = std::max(theta_max, 0.0);
    // Pass 2: among ratios up to theta_max, the largest pivot.
    int r = -1;
    double best_pivot = 0.0, theta = 0.0;
    auto pass2 = [&](int i) {
      const double rel = relaxed_ratio(i, exact);
      if (!std::isfinite(rel) || exact > theta_max) return;
      if (std::abs(col_aq[i]) > best_pivot) {
        best_pivot = std::abs(col_aq[i]);
        r = i;
        theta = exact;
      }
    };
    if (col_aq.is_sparse()) {
      for (int i : col_aq.indices()) pass2(i);
    } else {
      for (int i = 0; i < m; ++i) pass2(i);
    }
    const bool flip = upper[q] - lower[q] <= theta_max && (r < 0 || upper[q] - lower[q] <= theta);
    if (flip) theta = upper[q] - lower[q];
    // Neither a flip nor a pivot: only NaN values can leave pass 2 empty. Numerical trouble (the
    // solve restarts from a fresh factorization), not an index past the end.
    if (!flip && r < 0) return PhaseResult::trouble;

    if (!flip) {
      // Pivot agreement check through the row (also needed to update the reduced costs).
      row_ep.clear();
      row_ep.set(r, 1.0);
      factor->btran(row_ep);
      compute_pivot_row();
      const double alpha_row = pivot_row_entry(q), alpha_col = col_aq[r];
      if (std::abs(alpha_col - alpha_row) > core::tol::kPivotAgreementRelative * (1.0 + std::abs(alpha_col))) {
        if (++disagreements > kMaxPivotDisagreements) return PhaseResult::trouble;
        if (factor->updates_since_refactor() == 0) factor->tighten_pivot_threshold();
        factor_valid = false;
        continue;
      }
      disagreements = 0;
    }

    // Primal update.
    const double step = dir * theta;
    auto move = [&](int i) {
      if (col_aq[i] == 0.0) return;
      x[basic_index[i]] -= step * col_aq[i];
      update_infeasibility(i);
    };
    if (col_aq.is_sparse()) {
      for (int i : col_aq.indices()) move(i);
    } else {
      for (int i = 0; i < m; ++i) move(i);
    }
    x[q] += step;
    ++iterations;
    ++primal_iterations;

    if (flip) {
      where[q] = dir > 0 ? Where::kAtUpper : Where::kAtLower;
      place_nonbasic(q);
      continue;
    }

    // Reduced costs: d_j -= (d_q / alpha_rq) alpha_rj; the leaving variable gets -d_q / alpha_rq.
    const int p = basic_index[r];
    const double alpha_rq = col_aq[r];
    const double dual_step = dual[q] / alpha_rq;
    auto upd = [&](int j) {
      if (where[j] != Where::kBasic) dual[j] -= dual_step * pivot_row_entry(j);
    };
    for_each_pivot_row_entry(upd);
    // The pricing rule's weights along the pivot row.
    const double weight_q = weight[q];
    if (rule.updates_weights()) {
      auto update_weight = [&](int j) {
        if (where[j] == Where::kBasic) return;
        weight[j] = rule.updated_weight(weight[j], pivot_row_entry(j) / alpha_rq, weight_q);
      };
      for_each_pivot_row_entry(update_weight);
    }
    // Leaving variable goes to the bound it reached.
    const double beta = dir * alpha_rq;
    Where to = beta > 0 ? Where::kAtLower : Where::kAtUpper;
    if (!std::isfinite(to == Where::kAtLower ? lower[p] : upper[p])) to = Where::kFree;
    apply_basis_change(r, q, to);
    dual[p] = -dual_step;
    weight[p] = rule.leaving_weight(weight_q, alpha_rq);
    if (lower[p] == upper[p]) where[p] = Where::kAtLower;
    place_nonbasic(p);
    update_infeasibility(r);
    // The dual steepest-edge weights are not maintained by primal iterations: reset them so a
    // later dual simplex starts from a consistent (Devex-like) reference.
    dse_weight[r] = 1.0;
    if (!factor->update(r, col_aq)) factor_valid = false;
  }
}

}  // namespace fleetopt::lp
