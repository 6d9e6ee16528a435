#include "fleetopt/mip/cut_gomory.hpp"

#include <algorithm>
#include <cmath>
#include <optional>

#include "cut_finish.hpp"
#include "fleetopt/core/tolerances.hpp"

namespace fleetopt::mip {

namespace {

using core::kInfinity;

// Tableau entries at most this are rounding noise of B^-1 a_k or negligible: their terms leave
// the cut, with the right-hand side relaxed by the most they can contribute over the variable's
// range (a variable without a finite range keeps its term). Dropping them outright is not
// valid: a row of large coefficients (1e8) has a slack of that size, and its tableau entries of
// 1e-12 then carry real weight (a multi-dimensional knapsack with mixed row scales lost its
// optimum to such cuts).
constexpr double kTableauZero = 1e-11;

}  // namespace

std::vector<Cut> GomoryMixedInteger::separate(CutContext& ctx) {
  const core::Model& m = ctx.model;
  const int n = m.num_cols(), rows = m.num_rows();
  const std::vector<double>& x = ctx.lp.x;
  const std::vector<double>& activity = ctx.lp.row_activity;
  const std::vector<lp::VarStatus> basis = ctx.solver.basis();

  // Candidates: basic integer columns, most fractional first.
  std::vector<std::pair<double, int>> candidates;
  for (int j = 0; j < n; ++j) {
    if (!m.is_integer[j] || basis[j] != lp::VarStatus::basic) continue;
    const double f = x[j] - std::floor(x[j]);
    if (f < p_.min_fraction || f > 1.0 - p_.min_fraction) continue;
    candidates.push_back({-std::min(f, 1.0 - f), j});
  }
  std::sort(candidates.begin(), candidates.end());
  if (static_cast<int>(candidates.size()) > p_.max_cuts_per_round) candidates.resize(p_.max_cuts_per_round);

  std::vector<Cut> cuts;
  std::vector<double> row, coef(n);
  const core::SparseMatrix by_row = m.matrix.transpose();
  for (const auto& [priority, basic] : candidates) {
    if (!ctx.solver.tableau_row(basic, row)) continue;
    // x_B + sum a_k t_k = beta with t_k >= 0.
    double beta = 0.0;
    bool usable = true;
    struct Term {
      int k;
      double a;
      bool at_upper;
      double bound;
      double range;  // of t: hi - lo, possibly infinite
    };
    std::vector<Term> terms;
    for (int k = 0; k < n + rows && usable; ++k) {
      if (k == basic || basis[k] == lp::VarStatus::basic) continue;
      const double g = row[k];
      if (g == 0.0) continue;
      if (std::abs(g) > p_.max_tableau_entry) usable = false;
      const double lo = k < n ? m.col_lower[k] : m.row_lower[k - n];
      const double hi = k < n ? m.col_upper[k] : m.row_upper[k - n];
      const double value = k < n ? x[k] : activity[k - n];
      const bool at_upper = std::abs(value - hi) < std::abs(value - lo);
      const double bound = at_upper ? hi : lo;
      if (!std::isfinite(bound)) {
        usable = false;  // a free nonbasic: t has no sign
        break;
      }
      // x_B = -sum g_k w_k, w_k = bound +- t_k.
      beta -= g * bound;
      // A fixed variable (an equality row's activity, a fixed column) has t_k = 0 in every
      // solution: it needs no term, which makes the cut stronger.
      if (lo == hi) continue;
      terms.push_back({k, at_upper ? -g : g, at_upper, bound, hi - lo});
    }
    if (!usable) continue;
    const double f0 = beta - std::floor(beta);
    if (f0 < p_.min_fraction || f0 > 1.0 - p_.min_fraction) continue;

    // sum pi_k t_k >= 1, then t back to w: coefficient on w_k and the right-hand side.
    std::fill(coef.begin(), coef.end(), 0.0);
    double rhs = 1.0;
    for (const Term& t : terms) {
      const bool integer_t = t.k < n && m.is_integer[t.k] && std::abs(t.bound - std::round(t.bound)) < 1e-9;
      double pi;
      if (integer_t) {
        const double fk = t.a - std::floor(t.a);
        pi = fk <= f0 ? fk / f0 : (1.0 - fk) / (1.0 - f0);
      } else {
        pi = t.a >= 0 ? t.a / f0 : -t.a / (1.0 - f0);
      }
      if (pi == 0.0) continue;
      if (std::abs(t.a) <= kTableauZero && std::isfinite(t.range)) {
        rhs -= pi * t.range;  // pi t <= pi range: the rest must reach 1 - pi range
        continue;
      }
      // t = w - bound (lower) or bound - w (upper).
      const double on_w = t.at_upper ? -pi : pi;
      rhs += on_w * t.bound;
      if (t.k < n) {
        coef[t.k] += on_w;
      } else {
        const int i = t.k - n;  // r_i = a_i x
        for (int p = by_row.col_start[i]; p < by_row.col_start[i + 1]; ++p)
          coef[by_row.row_index[p]] += on_w * by_row.value[p];
      }
    }
    // Clean up (cut_finish.hpp); the margin's scale counts |rhs| as well.
    std::vector<int> columns;
    for (int j = 0; j < n; ++j)
      if (coef[j] != 0.0) columns.push_back(j);
    double efficacy = 0.0;
    std::optional<Cut> cut = finish_cut(m, x, coef, columns, rhs, std::abs(rhs),
                                        {p_.max_dynamism, p_.max_density, p_.min_efficacy}, efficacy);
    if (!cut) continue;
    cuts.push_back(std::move(*cut));
  }
  return cuts;
}

}  // namespace fleetopt::mip
