#include "fleetopt/fleet/mode_repair.hpp"

#include <cmath>

#include "fleetopt/core/tolerances.hpp"
#include "fleetopt/fleet/coupled_root_lp.hpp"

namespace fleetopt::fleet {

namespace {

// Net energy the asset moves at step t of `values` (columns) or of a schedule: discharge energy
// minus charge energy, both without efficiencies (only the sign and "none" matter).
struct Flow {
  double charge = 0.0, discharge = 0.0;
};

Flow flow_of(const FleetModel& fm, const std::vector<double>& x, int a, int t) {
  Flow f;
  const int T = fm.num_steps, M = fm.num_markets;
  for (int m = 0; m < M; ++m) {
    const int p = fm.p_col[(static_cast<size_t>(a) * T + t) * M + m];
    if (p < 0) continue;
    (fm.market_up[m] ? f.discharge : f.charge) += x[p];
  }
  return f;
}

bool solved(const lp::LpResult& r) { return r.status == lp::LpStatus::optimal; }

}  // namespace

int guide_mode(const FleetModel& fm, const FleetSolution& guide, int a, int t) {
  double charge = 0.0, discharge = 0.0;
  for (int m = 0; m < fm.num_markets; ++m) (fm.market_up[m] ? discharge : charge) += guide.p(a, t, m);
  if (discharge > charge && discharge > core::tol::kPrimalFeasibility) return 1;
  if (charge > core::tol::kPrimalFeasibility) return -1;
  return 0;
}

std::optional<std::vector<double>> repair_modes(const FleetModel& fm, const FleetSolution& guide,
                                                const lp::LpOptions& lp_options, std::vector<double>* row_duals,
                                                bool uncoupled_start) {
  const int A = fm.num_assets, T = fm.num_steps, M = fm.num_markets;
  core::Model restricted = fm.model;
  auto fix = [&](int col, double value) { restricted.col_lower[col] = restricted.col_upper[col] = value; };

  // 1. The guide's modes where it moves energy.
  for (int a = 0; a < A; ++a)
    for (int t = 0; t < T; ++t) {
      const int u = fm.u_col[static_cast<size_t>(a) * T + t];
      if (u < 0) continue;
      const int mode = guide_mode(fm, guide, a, t);
      if (mode != 0) fix(u, mode > 0 ? 1.0 : 0.0);
    }
  // (uncoupled_start: see the header)
  auto solve = [&] {
    return uncoupled_start ? solve_coupled_root_lp(fm, restricted, lp_options, true).result
                           : lp::solve_lp(restricted, lp_options);
  };
  lp::LpResult first = solve();
  if (!solved(first)) return std::nullopt;
  auto integral_columns = [&](std::vector<double> columns) {
    for (int j = 0; j < fm.model.num_cols(); ++j)
      if (fm.model.is_integer[j]) columns[j] = std::round(columns[j]);
    return columns;
  };
  // A guide that moves energy at every binary step (a DP schedule of one asset, usually) leaves
  // nothing for step 2: its LP would be this one again (on the year-long asset, 1.5 s).
  // (Count columns follow their u.)
  std::vector<char> is_count(static_cast<size_t>(fm.model.num_cols()), 0);
  for (int n : fm.count_col)
    if (n >= 0) is_count[n] = 1;
  bool all_integers_fixed = true;
  for (int j = 0; j < fm.model.num_cols() && all_integers_fixed; ++j)
    all_integers_fixed = !fm.model.is_integer[j] || is_count[j] || restricted.col_lower[j] == restricted.col_upper[j];
  if (all_integers_fixed) {
    if (row_duals != nullptr) *row_duals = std::move(first.row_dual);
    return integral_columns(std::move(first.x));
  }

  // 2. Every u by the LP's net flow, every y by its bid.
  for (int a = 0; a < A; ++a)
    for (int t = 0; t < T; ++t) {
      const int u = fm.u_col[static_cast<size_t>(a) * T + t];
      if (u < 0 || restricted.col_lower[u] == restricted.col_upper[u]) continue;
      const Flow f = flow_of(fm, first.x, a, t);
      fix(u, f.discharge > f.charge ? 1.0 : 0.0);
    }
  std::vector<int> min_bid_y;
  for (int k = 0; k < T * M; ++k) {
    const int y = fm.y_col[k];
    if (y < 0) continue;
    min_bid_y.push_back(y);
    // y = 1 only where the bid found already reaches the minimum bid.
    const double x = first.x[fm.x_col[k]];
    fix(y, x >= fm.min_bid[k % M] * (1.0 - core::tol::kPrimalFeasibility) ? 1.0 : 0.0);
  }
  lp::LpResult second = solve();
  if (!solved(second)) {
    // 3. No bids in min-bid markets: feasible with every u fixed.
    if (min_bid_y.empty()) return std::nullopt;
    for (int y : min_bid_y) fix(y, 0.0);
    second = solve();
    if (!solved(second)) return std::nullopt;
  }
  if (row_duals != nullptr) *row_duals = std::move(second.row_dual);
  return integral_columns(std::move(second.x));
}

}  // namespace fleetopt::fleet
