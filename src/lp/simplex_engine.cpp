#include "simplex_engine.hpp"

#include <algorithm>
#include <cmath>

#include "fleetopt/core/tolerances.hpp"

namespace fleetopt::lp {
namespace {
// The pivot row is formed row-wise (over the rows listed in BTRAN's result) when that result
// has fewer nonzeros than this fraction of m; denser results take column-wise dot products, which
// touch each nonzero of A once. HiGHS switches at the same order (priceByRowWithSwitch).
constexpr double kRowWisePriceDensity = 0.1;
}  // namespace

namespace {
std::atomic<long long> next_engine_id{0};
}

EngineId::EngineId() : value_(next_engine_id++) {}

SimplexEngine::SimplexEngine(ComputationalForm f, const LpOptions& opts)
    : form(std::move(f)), options(opts), rng(opts.random_seed) {
  m = form.num_rows;
  n = form.num_cols;
  total = form.num_vars();
  lower = form.lower;
  upper = form.upper;
  cost = form.cost;
  x.assign(total, 0.0);
  dual.assign(total, 0.0);
  position.assign(total, -1);
  where.assign(total, Where::kAtLower);
  basic_index.resize(m);
  dse_weight.assign(m, 1.0);
  infeasibility.assign(m, 0.0);
  listed_infeasible.assign(m, 0);
  chuzr_listed.assign(m, 0);
  row_ep.resize(m);
  col_aq.resize(m);
  tau.resize(m);
  flip_col.resize(m);
  pivot_row_cols.resize(n);
  factor = options.factor_maker ? options.factor_maker() : make_klu_factor();
  pricing = make_dual_pricing(options.dual_pricing);
  primal_pricing = make_primal_pricing(options.primal_pricing);
  ratio_test = make_dual_ratio_test(options.dual_ratio_test);
  set_slack_basis();
}

void SimplexEngine::set_slack_basis() {
  for (int j = 0; j < n; ++j) {
    position[j] = -1;
    where[j] = Where::kAtLower;
    fix_nonbasic_where(j);
    // Start each structural at the bound its cost prefers, so boxed columns begin dual feasible.
    if (std::isfinite(lower[j]) && std::isfinite(upper[j]))
      where[j] = cost[j] < 0 ? Where::kAtUpper : Where::kAtLower;
    place_nonbasic(j);
  }
  for (int i = 0; i < m; ++i) {
    basic_index[i] = n + i;
    position[n + i] = i;
    where[n + i] = Where::kBasic;
  }
  // For the slack basis B = I, so ||e_r^T B^-1||^2 = 1: the dual steepest-edge weights are exact.
  std::fill(dse_weight.begin(), dse_weight.end(), 1.0);
  chuzr_valid = false;
  factor_valid = false;
}

void SimplexEngine::fix_nonbasic_where(int j) {
  const bool has_lo = std::isfinite(lower[j]), has_hi = std::isfinite(upper[j]);
  switch (where[j]) {
    case Where::kBasic:
      return;
    case Where::kAtLower:
      if (!has_lo) where[j] = has_hi ? Where::kAtUpper : Where::kFree;
      return;
    case Where::kAtUpper:
      if (!has_hi) where[j] = has_lo ? Where::kAtLower : Where::kFree;
      return;
    case Where::kFree:
      if (has_lo) where[j] = Where::kAtLower;
      else if (has_hi) where[j] = Where::kAtUpper;
      return;
  }
}

void SimplexEngine::place_nonbasic(int j) {
  switch (where[j]) {
    case Where::kAtLower: x[j] = lower[j]; break;
    case Where::kAtUpper: x[j] = upper[j]; break;
    case Where::kFree: x[j] = 0.0; break;
    case Where::kBasic: break;
  }
}

bool SimplexEngine::refactor() {
  std::vector<int> before = basic_index;
  const FactorStatus st = factor->factorize(form.matrix(), basic_index);
  ++refactorizations;
  if (st == FactorStatus::failed) {
    factor_valid = false;
    return false;
  }
  if (st == FactorStatus::singular_repaired) {
    // Some basic columns were replaced by logicals: the replaced ones become nonbasic at a bound.
    for (int v : before) position[v] = -1;
    for (int i = 0; i < m; ++i) position[basic_index[i]] = i;
    for (int v : before)
      if (position[v] < 0) {
        where[v] = Where::kAtLower;
        fix_nonbasic_where(v);
        place_nonbasic(v);
      }
    for (int i = 0; i < m; ++i) where[basic_index[i]] = Where::kBasic;
    std::fill(dse_weight.begin(), dse_weight.end(), 1.0);
    chuzr_valid = false;
  }
  factor_valid = true;
  return true;
}

void SimplexEngine::load_column(int j, IndexedVector& v) const {
  v.clear();
  if (j >= n) {
    v.set(j - n, 1.0);
    return;
  }
  const auto& a = form.matrix();
  for (int k = a.col_start[j]; k < a.col_start[j + 1]; ++k) v.set(a.row_index[k], a.value[k]);
}

void SimplexEngine::compute_primal() {
  // B x_B = -N x_N.
  IndexedVector& rhs = flip_col;
  rhs.clear();
  const auto& a = form.matrix();
  for (int j = 0; j < n; ++j)
    if (where[j] != Where::kBasic && x[j] != 0.0)
      for (int k = a.col_start[j]; k < a.col_start[j + 1]; ++k)
        rhs.add(a.row_index[k], -a.value[k] * x[j]);
  for (int i = 0; i < m; ++i)
    if (where[n + i] != Where::kBasic && x[n + i] != 0.0) rhs.add(i, -x[n + i]);
  factor->ftran(rhs);
  for (int i = 0; i < m; ++i) x[basic_index[i]] = rhs[i];
  rhs.clear();
  compute_infeasibilities();
}

void SimplexEngine::add_scaled_column(int j, double delta, IndexedVector& v) const {
  if (j >= n) {
    v.add(j - n, delta);
    return;
  }
  const auto& a = form.matrix();
  for (int k = a.col_start[j]; k < a.col_start[j + 1]; ++k) v.add(a.row_index[k], a.value[k] * delta);
}

void SimplexEngine::subtract_from_basic_values(const IndexedVector& v, double* objective) {
  v.for_each_position([&](int i) {
    if (v[i] == 0.0) return;
    x[basic_index[i]] -= v[i];
    if (objective) *objective -= cost[basic_index[i]] * v[i];
    update_infeasibility(i);
  });
}

void SimplexEngine::shift_basic_values(int j, double delta) {
  if (delta == 0.0) return;
  flip_col.clear();
  add_scaled_column(j, delta, flip_col);
  factor->ftran(flip_col);
  subtract_from_basic_values(flip_col);
  flip_col.clear();
}

void SimplexEngine::compute_duals() {
  IndexedVector& y = row_ep;
  y.clear();
  for (int i = 0; i < m; ++i)
    if (cost[basic_index[i]] != 0.0) y.set(i, cost[basic_index[i]]);
  factor->btran(y);
  const auto& a = form.matrix();
  for (int j = 0; j < n; ++j) {
    if (where[j] == Where::kBasic) {
      dual[j] = 0.0;
      continue;
    }
    double d = cost[j];
    for (int k = a.col_start[j]; k < a.col_start[j + 1]; ++k) d -= a.value[k] * y[a.row_index[k]];
    dual[j] = d;
  }
  for (int i = 0; i < m; ++i) dual[n + i] = where[n + i] == Where::kBasic ? 0.0 : cost[n + i] - y[i];
  y.clear();
}

void SimplexEngine::update_infeasibility(int pos) {
  const int v = basic_index[pos];
  const double tol = core::tol::kPrimalFeasibility;
  double inf = 0.0;
  if (x[v] < lower[v] - tol) inf = lower[v] - x[v];
  else if (x[v] > upper[v] + tol) inf = x[v] - upper[v];
  infeasibility[pos] = inf * inf;
  if (inf > 0.0 && !listed_infeasible[pos]) {
    listed_infeasible[pos] = 1;
    infeasible_positions.push_back(pos);
  }
  if (chuzr_valid) {
    if (static_cast<int>(chuzr_touched.size()) >= m) chuzr_valid = false;  // a scan is as cheap
    else chuzr_touched.push_back(pos);
  }
}

void SimplexEngine::compute_infeasibilities() {
  chuzr_valid = false;
  for (int i : infeasible_positions) listed_infeasible[i] = 0;
  infeasible_positions.clear();
  for (int i = 0; i < m; ++i) update_infeasibility(i);
}

int SimplexEngine::choose_leaving_row() {
  auto merit = [&](int i) { return infeasibility[i] / dse_weight[i]; };
  if (chuzr_valid) {
    for (int i : chuzr_touched)
      if (!chuzr_listed[i] && infeasibility[i] > 0.0 && merit(i) > chuzr_rest_bound) {
        chuzr_listed[i] = 1;
        chuzr_list.push_back(i);
      }
    chuzr_touched.clear();
    int best_position = -1;
    double best = 0.0;
    std::size_t kept = 0;
    for (int i : chuzr_list) {
      if (infeasibility[i] == 0.0) {
        chuzr_listed[i] = 0;
        continue;
      }
      chuzr_list[kept++] = i;
      if (merit(i) > best) {
        best = merit(i);
        best_position = i;
      }
    }
    chuzr_list.resize(kept);
    // A tie with the others' bound is taken from the list (a scan would pick the lowest position
    // among the tied; bases full of equal merits, as a slack basis is, would rescan every time).
    if (best_position >= 0 && best >= chuzr_rest_bound) return best_position;
    if (chuzr_rest_bound == 0.0) return best_position;  // nothing outside the list is infeasible
  }
  // Full scan: prune the infeasible list, keep the best kChuzrListSize.
  for (int i : chuzr_list) chuzr_listed[i] = 0;
  chuzr_list.clear();
  chuzr_touched.clear();
  std::size_t kept = 0;
  scan_merits_.clear();
  for (int i : infeasible_positions) {
    if (infeasibility[i] == 0.0) {
      listed_infeasible[i] = 0;
      continue;
    }
    infeasible_positions[kept++] = i;
    scan_merits_.push_back({merit(i), i});
  }
  infeasible_positions.resize(kept);
  const std::size_t keep = std::min<std::size_t>(kChuzrListSize, scan_merits_.size());
  auto by_merit = [](const std::pair<double, int>& a, const std::pair<double, int>& b) {
    return a.first > b.first || (a.first == b.first && a.second < b.second);
  };
  if (keep < scan_merits_.size()) {
    std::nth_element(scan_merits_.begin(), scan_merits_.begin() + keep, scan_merits_.end(), by_merit);
    chuzr_rest_bound = scan_merits_[keep].first;
  } else {
    chuzr_rest_bound = 0.0;
  }
  int best_position = -1;
  double best = 0.0;
  for (std::size_t k = 0; k < keep; ++k) {
    const int i = scan_merits_[k].second;
    chuzr_listed[i] = 1;
    chuzr_list.push_back(i);
    if (best_position < 0 || by_merit(scan_merits_[k], {best, best_position})) {
      best = scan_merits_[k].first;
      best_position = i;
    }
  }
  chuzr_valid = true;
  return best_position;
}

double SimplexEngine::dual_infeasibility(int j) const {
  switch (where[j]) {
    case Where::kBasic: return 0.0;
    case Where::kAtLower: return lower[j] == upper[j] ? 0.0 : std::max(0.0, -dual[j]);
    case Where::kAtUpper: return lower[j] == upper[j] ? 0.0 : std::max(0.0, dual[j]);
    case Where::kFree: return std::abs(dual[j]);
  }
  return 0.0;
}

double SimplexEngine::max_dual_infeasibility() const {
  double worst = 0.0;
  for (int j = 0; j < total; ++j) worst = std::max(worst, dual_infeasibility(j));
  return worst;
}

double SimplexEngine::max_primal_infeasibility() const {
  double worst = 0.0;
  for (int i = 0; i < m; ++i) worst = std::max(worst, infeasibility[i]);
  return std::sqrt(worst);
}

double SimplexEngine::objective_internal() const {
  double obj = 0.0;
  for (int j = 0; j < total; ++j)
    if (cost[j] != 0.0) obj += cost[j] * x[j];
  return obj;
}

bool SimplexEngine::limits_reached(PhaseResult& why) const {
  if (iterations >= options.iteration_limit) {
    why = PhaseResult::iteration_limit;
    return true;
  }
  if (timer.seconds() >= options.time_limit_seconds ||
      (options.interrupt != nullptr && options.interrupt->load(std::memory_order_relaxed))) {
    why = PhaseResult::time_limit;
    return true;
  }
  return false;
}

void SimplexEngine::compute_pivot_row() {
  // Row-wise product over the nonzeros of row_ep when it is sparse (Hall and McKinnon 2005),
  // otherwise column-wise dot products.
  pivot_row_cols.clear();
  const bool row_wise = row_ep.is_sparse() && row_ep.count() < kRowWisePriceDensity * m;
  if (row_wise) {
    const auto& r = form.row_matrix();
    for (int i : row_ep.indices()) {
      const double yi = row_ep[i];
      if (yi == 0.0) continue;
      for (int k = r.col_start[i]; k < r.col_start[i + 1]; ++k) pivot_row_cols.add(r.row_index[k], yi * r.value[k]);
    }
  } else {
    const auto& a = form.matrix();
    auto& vals = pivot_row_cols.values();
    for (int j = 0; j < n; ++j) {
      double s = 0.0;
      if (where[j] != Where::kBasic)
        for (int k = a.col_start[j]; k < a.col_start[j + 1]; ++k) s += a.value[k] * row_ep[a.row_index[k]];
      vals[j] = s;
    }
    pivot_row_cols.mark_dense();
  }
}

void SimplexEngine::apply_basis_change(int pos, int entering, Where leaving_to) {
  const int leaving = basic_index[pos];
  basic_index[pos] = entering;
  position[entering] = pos;
  where[entering] = Where::kBasic;
  position[leaving] = -1;
  where[leaving] = leaving_to;
  place_nonbasic(leaving);
  dual[entering] = 0.0;
}

void SimplexEngine::perturb_costs() {
  // Random, small, signed so that the current reduced costs stay feasible (HiGHS
  // HEkk::initialiseCost does the same); basic columns get a random sign.
  // The size scales with the largest cost (core/tolerances.hpp says how and why).
  double largest_cost = 0.0;
  for (int j = 0; j < n; ++j) largest_cost = std::max(largest_cost, std::abs(form.cost[j]));
  if (largest_cost == 0.0) largest_cost = 1.0;
  if (largest_cost > core::tol::kCostPerturbationLargeCost) largest_cost = std::sqrt(std::sqrt(largest_cost));
  int boxed = 0;
  for (int j = 0; j < total; ++j) boxed += std::isfinite(lower[j]) && std::isfinite(upper[j]);
  if (boxed < core::tol::kCostPerturbationFewBoxed * total) largest_cost = std::min(largest_cost, 1.0);
  const double base = core::tol::kCostPerturbationBase * largest_cost;
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  for (int j = 0; j < n; ++j) {
    if (lower[j] == upper[j]) continue;
    const double size = base * (1.0 + std::abs(form.cost[j])) * (1.0 + unit(rng));
    double sign = 1.0;
    switch (where[j]) {
      case Where::kAtLower: sign = 1.0; break;
      case Where::kAtUpper: sign = -1.0; break;
      case Where::kFree: sign = 0.0; break;
      case Where::kBasic: sign = unit(rng) < 0.5 ? -1.0 : 1.0; break;
    }
    cost[j] += sign * size;
  }
  perturbed = true;
}

bool SimplexEngine::make_dual_feasible_by_shifting() {
  bool flipped = false;
  for (int j = 0; j < total; ++j) {
    if (dual_infeasibility(j) <= 0.0) continue;
    if (std::isfinite(lower[j]) && std::isfinite(upper[j])) {
      where[j] = where[j] == Where::kAtLower ? Where::kAtUpper : Where::kAtLower;
      place_nonbasic(j);
      flipped = true;
    } else {
      cost[j] -= dual[j];
      dual[j] = 0.0;
      costs_shifted = true;
    }
  }
  return flipped;
}

void SimplexEngine::remove_cost_changes() {
  cost = form.cost;
  perturbed = false;
  costs_shifted = false;
  compute_duals();
}

bool SimplexEngine::ready_for_iteration(PhaseResult& why) {
  if (limits_reached(why)) return false;
  if (factor_valid && !factor->wants_refactor()) return true;
  if (!refactor()) {
    why = PhaseResult::trouble;
    return false;
  }
  compute_primal();
  compute_duals();
  return true;
}

}  // namespace fleetopt::lp
