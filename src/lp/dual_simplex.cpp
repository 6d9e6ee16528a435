// The bounded dual simplex (Koberstein 2005, Algorithm 7 with the bound-flipping ratio test of
// Algorithm 9 and Harris' tolerances; dual steepest edge after Forrest and Goldfarb 1992).
#include <algorithm>
#include <cmath>

#include "fleetopt/core/tolerances.hpp"
#include "simplex_engine.hpp"

namespace fleetopt::lp {
namespace {

// Consecutive iterations whose pivots disagree before we give up with numerical trouble.
constexpr int kMaxPivotDisagreements = 3;

}  // namespace

PhaseResult SimplexEngine::dual_phase2() {
  const double dual_tol = core::tol::kDualFeasibility;
  const double pivot_tol = core::tol::kSimplexPivot;
  std::vector<DualRatioCandidate> candidates;
  std::vector<int> flips;
  int disagreements = 0;

  // sum cost * x, kept up to date through the iteration below when a cutoff is set.
  running_objective = std::isfinite(cutoff_internal) ? objective_internal() : 0.0;
  for (;;) {
    PhaseResult why;
    const int refactorizations_before = refactorizations;
    if (!ready_for_iteration(why)) return why;
    if (refactorizations != refactorizations_before && std::isfinite(cutoff_internal))
      running_objective = objective_internal();  // x was recomputed

    // CHUZR: largest infeasibility^2 / weight.
    const int r = choose_leaving_row();
    if (r < 0) return PhaseResult::optimal;

    const int p = basic_index[r];
    const double sigma = x[p] < lower[p] ? -1.0 : 1.0;  // -1: p leaves at its lower bound

    row_ep.clear();
    row_ep.set(r, 1.0);
    factor->btran(row_ep);
    compute_pivot_row();

    // Candidates for the bound-flipping ratio test.
    candidates.clear();
    auto consider = [&](int j) {
      if (where[j] == Where::kBasic || lower[j] == upper[j]) return;
      const double alpha = sigma * pivot_row_entry(j);
      if (std::abs(alpha) <= pivot_tol) return;
      const double d = dual[j];
      switch (where[j]) {
        case Where::kAtLower:
          if (alpha > 0)
            candidates.push_back({j, alpha, std::max(0.0, d) / alpha, (d + dual_tol) / alpha, upper[j] - lower[j]});
          break;
        case Where::kAtUpper:
          if (alpha < 0)
            candidates.push_back({j, alpha, std::min(0.0, d) / alpha, (d - dual_tol) / alpha, upper[j] - lower[j]});
          break;
        case Where::kFree:
          candidates.push_back({j, alpha, 0.0, dual_tol / std::abs(alpha), upper[j] - lower[j]});
          break;
        case Where::kBasic:
          break;
      }
    };
    for_each_pivot_row_entry(consider);

    // CHUZC: the ratio test (dual_ratio_test.hpp) picks the entering variable and the flips.
    const double slope = std::abs(x[p] - (sigma < 0 ? lower[p] : upper[p]));
    const DualRatioChoice choice = ratio_test->choose(candidates, slope, flips);
    if (choice.trouble) return PhaseResult::trouble;
    const int q = choice.entering >= 0 ? candidates[choice.entering].var : -1;
    double theta_dual = choice.entering >= 0 ? candidates[choice.entering].ratio : 0.0;

    if (q < 0) {
      // No entering variable: the dual is unbounded along row r, so the primal is infeasible.
      // Flips were not applied; row_ep is the Farkas multiplier row.
      farkas_row = r;
      farkas_y.assign(m, 0.0);
      for (int i = 0; i < m; ++i) farkas_y[i] = row_ep[i];
      return PhaseResult::infeasible;
    }

    // FTRAN the entering column and check that both routes give the same pivot.
    load_column(q, col_aq);
    factor->ftran(col_aq);
    const double alpha_col = col_aq[r];
    const double alpha_row = pivot_row_entry(q);
    if (std::abs(alpha_col - alpha_row) > core::tol::kPivotAgreementRelative * (1.0 + std::abs(alpha_col)) ||
        std::abs(alpha_col) <= pivot_tol) {
      if (++disagreements > kMaxPivotDisagreements) return PhaseResult::trouble;
      // Right after a factorization the etas cannot be to blame: the LU itself is inaccurate.
      if (factor->updates_since_refactor() == 0) factor->tighten_pivot_threshold();
      factor_valid = false;  // refactor and repeat the choice
      continue;
    }
    disagreements = 0;

    // Cost shifting: an entering reduced cost on the wrong side of zero (within the Harris
    // tolerance) is set to exactly zero, so the step keeps every other sign.
    const double sigma_alpha_q = sigma * alpha_row;
    if ((where[q] == Where::kAtLower && dual[q] < 0) || (where[q] == Where::kAtUpper && dual[q] > 0) ||
        where[q] == Where::kFree) {
      running_objective -= dual[q] * x[q];
      cost[q] -= dual[q];
      costs_shifted = true;
      dual[q] = 0.0;
      theta_dual = 0.0;
    } else {
      theta_dual = dual[q] / sigma_alpha_q;
    }

    // Pricing weights: steepest edge needs ||rho_r||^2 and tau = B^-1 rho_r, with rho_r = row_ep
    // (before the basis changes).
    double weight_r = 0.0;
    if (pricing->needs_row_norm()) {
      tau.clear();
      row_ep.for_each_position([&](int i) {
        if (row_ep[i] == 0.0) return;
        weight_r += row_ep[i] * row_ep[i];
        tau.set(i, row_ep[i]);
      });
      factor->ftran(tau);
    }

    // Update reduced costs along the pivot row.
    if (theta_dual != 0.0) {
      const double step = theta_dual * sigma;
      auto upd = [&](int j) {
        if (where[j] != Where::kBasic) dual[j] -= step * pivot_row_entry(j);
      };
      for_each_pivot_row_entry(upd);
    }
    dual[q] = 0.0;
    dual[p] = -theta_dual * sigma;

    // Bound flips: delta x_B = -B^-1 sum a_j delta x_j.
    if (!flips.empty()) {
      flip_col.clear();
      for (int j : flips) {
        const bool to_upper = where[j] == Where::kAtLower;
        const double delta = to_upper ? upper[j] - lower[j] : lower[j] - upper[j];
        where[j] = to_upper ? Where::kAtUpper : Where::kAtLower;
        x[j] += delta;
        running_objective += cost[j] * delta;
        add_scaled_column(j, delta, flip_col);
      }
      factor->ftran(flip_col);
      subtract_from_basic_values(flip_col, &running_objective);
      flip_col.clear();
    }

    // Primal step: p reaches its violated bound.
    const double target = sigma < 0 ? lower[p] : upper[p];
    const double theta_primal = (x[p] - target) / alpha_col;
    auto step_primal = [&](int i) {
      const double a = col_aq[i];
      if (a == 0.0) return;
      x[basic_index[i]] -= theta_primal * a;
      running_objective -= cost[basic_index[i]] * theta_primal * a;
      update_infeasibility(i);
    };
    if (col_aq.is_sparse()) {
      for (int i : col_aq.indices()) step_primal(i);
    } else {
      for (int i = 0; i < m; ++i) step_primal(i);
    }
    x[q] += theta_primal;
    running_objective += cost[q] * theta_primal;

    pricing->update_weights(r, col_aq, alpha_col, weight_r, tau, dse_weight);

    const double leaving_value = x[p];
    apply_basis_change(r, q, sigma < 0 ? Where::kAtLower : Where::kAtUpper);
    if (lower[p] == upper[p]) where[p] = Where::kAtLower;
    place_nonbasic(p);
    running_objective += cost[p] * (x[p] - leaving_value);
    update_infeasibility(r);
    if (!factor->update(r, col_aq)) factor_valid = false;
    ++iterations;
    ++dual_iterations;

    // The objective is tracked by its changes (a sum over the model per iteration cost as much
    // as a short re-solve); it only decides when to test, and the test recomputes it exactly.
    if (std::isfinite(cutoff_internal) && running_objective > cutoff_internal) {
      running_objective = objective_internal();  // drops the drift of the updates
      if (running_objective > cutoff_internal) {
        // The working costs may be perturbed or shifted: confirm with the true costs.
        const std::vector<double> saved_cost = cost;
        const bool was_perturbed = perturbed, was_shifted = costs_shifted;
        remove_cost_changes();
        if (max_dual_infeasibility() <= dual_tol && objective_internal() > cutoff_internal) return PhaseResult::cutoff;
        cost = saved_cost;
        perturbed = was_perturbed;
        costs_shifted = was_shifted;
        compute_duals();
      }
    }
  }
}

PhaseResult SimplexEngine::dual_phase1() {
  // Koberstein's subproblem: same rows and costs, bounds replaced by a box around 0.
  const std::vector<double> saved_lower = lower, saved_upper = upper;
  for (int j = 0; j < total; ++j) {
    const bool has_lo = std::isfinite(lower[j]), has_hi = std::isfinite(upper[j]);
    if (has_lo && has_hi) lower[j] = upper[j] = 0.0;
    else if (has_lo) { lower[j] = 0.0; upper[j] = 1.0; }
    else if (has_hi) { lower[j] = -1.0; upper[j] = 0.0; }
    else { lower[j] = -1.0; upper[j] = 1.0; }
  }
  for (int j = 0; j < total; ++j)
    if (where[j] != Where::kBasic) {
      where[j] = dual[j] < 0 && lower[j] != upper[j] ? Where::kAtUpper : Where::kAtLower;
      place_nonbasic(j);
    }
  compute_primal();
  const double saved_cutoff = cutoff_internal;
  cutoff_internal = core::kInfinity;
  const PhaseResult res = dual_phase2();
  cutoff_internal = saved_cutoff;
  lower = saved_lower;
  upper = saved_upper;
  // Back to the true bounds: each nonbasic goes where its reduced cost says.
  for (int j = 0; j < total; ++j) {
    if (where[j] == Where::kBasic) continue;
    const bool has_lo = std::isfinite(lower[j]), has_hi = std::isfinite(upper[j]);
    if (has_lo && has_hi) where[j] = dual[j] < 0 && lower[j] != upper[j] ? Where::kAtUpper : Where::kAtLower;
    else if (has_lo) where[j] = Where::kAtLower;
    else if (has_hi) where[j] = Where::kAtUpper;
    else where[j] = Where::kFree;
    place_nonbasic(j);
  }
  if (factor_valid) compute_primal();
  if (res != PhaseResult::optimal) return res;
  // The auxiliary optimum is not dual feasible for the true bounds: the original dual is
  // infeasible, so the LP is unbounded or infeasible (reported as "unbounded" here).
  return max_dual_infeasibility() <= core::tol::kDualFeasibility ? PhaseResult::optimal : PhaseResult::unbounded;
}

}  // namespace fleetopt::lp
