#include "fleetopt/mip/node_propagation.hpp"

#include <algorithm>
#include <cmath>

#include "fleetopt/core/tolerances.hpp"
#include "row_activity.hpp"

namespace fleetopt::mip {

namespace {

// A continuous implied bound replaces the working one only when it is tighter by this much
// relative to max(1, |bound|): creeping gains along chains of equalities cost row visits and
// buy nothing (the same rule as the root presolve, presolve.cpp).
constexpr double kContinuousMinImprovement = 1e-3;
// Continuous bounds derived beyond this magnitude carry no information (presolve.cpp).
constexpr double kLargestDerivedBound = 1e9;
// The fewest row visits a call may make, however few rows the model has (the limit is otherwise
// NodePropagationParameters::max_row_visits_per_row times the rows).
constexpr long long kMinRowVisits = 1000;

}  // namespace

NodePropagator::NodePropagator(const core::Model& model, const std::vector<double>& global_lower,
                               const std::vector<double>& global_upper, NodePropagationParameters parameters)
    : model_(model), rows_(model.matrix.transpose()), parameters_(parameters) {
  const int n = model.num_cols(), m = model.num_rows();
  queued_.assign(m, 0);
  column_changed_.assign(n, 0);
  lower_ = global_lower;
  upper_ = global_upper;
  base_lower_ = global_lower;
  base_upper_ = global_upper;
  // Implied bounds over the global box: every row once (and what its tightenings queue).
  std::vector<int> all(n);
  for (int j = 0; j < n; ++j) all[j] = j;
  std::vector<double> lo = global_lower, hi = global_upper;
  const Outcome base = propagate(lo, hi, all);
  if (!base.infeasible) {
    // lower_/upper_ hold the call's working box: integer columns as tightened (also in lo/hi),
    // continuous ones with their implied bounds.
    base_lower_ = lower_;
    base_upper_ = upper_;
  }
}

void NodePropagator::queue_rows_of(int j) {
  const core::SparseMatrix& a = model_.matrix;
  for (int p = a.col_start[j]; p < a.col_start[j + 1]; ++p) {
    const int i = a.row_index[p];
    if (!queued_[i]) {
      queued_[i] = 1;
      queue_.push_back(i);
    }
  }
  if (!column_changed_[j]) {
    column_changed_[j] = 1;
    changed_columns_.push_back(j);
  }
}

bool NodePropagator::tighten_lower(int j, double v, double margin) {
  v -= margin;
  if (model_.is_integer[j]) {
    v = std::ceil(v - core::tol::kIntegrality);
    if (!(v > lower_[j])) return true;
    if (v > upper_[j]) return false;
  } else {
    if (std::abs(v) > kLargestDerivedBound) return true;
    if (std::isfinite(lower_[j]) && v < lower_[j] + kContinuousMinImprovement * std::max(1.0, std::abs(lower_[j])))
      return true;
    if (v > upper_[j]) {
      if (v - upper_[j] > core::tol::kPropagationInfeasibleRelative * std::max(1.0, std::abs(v))) return false;
      v = upper_[j];
    }
  }
  lower_[j] = v;
  queue_rows_of(j);
  return true;
}

bool NodePropagator::tighten_upper(int j, double v, double margin) {
  v += margin;
  if (model_.is_integer[j]) {
    v = std::floor(v + core::tol::kIntegrality);
    if (!(v < upper_[j])) return true;
    if (v < lower_[j]) return false;
  } else {
    if (std::abs(v) > kLargestDerivedBound) return true;
    if (std::isfinite(upper_[j]) && v > upper_[j] - kContinuousMinImprovement * std::max(1.0, std::abs(upper_[j])))
      return true;
    if (v < lower_[j]) {
      if (lower_[j] - v > core::tol::kPropagationInfeasibleRelative * std::max(1.0, std::abs(v))) return false;
      v = lower_[j];
    }
  }
  upper_[j] = v;
  queue_rows_of(j);
  return true;
}

bool NodePropagator::process_row(int i, Outcome& out) {
  const double lo = model_.row_lower[i], hi = model_.row_upper[i];
  const RowActivity a = row_activity(rows_, i, lower_, upper_);
  const double scale = std::max({1.0, std::abs(a.min_finite), std::abs(a.max_finite)});
  if ((a.min_infinite == 0 && a.min_finite > hi + core::tol::kPropagationInfeasibleRelative * scale) ||
      (a.max_infinite == 0 && a.max_finite < lo - core::tol::kPropagationInfeasibleRelative * scale)) {
    out.reason = "row " + model_.row_names[i] + " cannot be satisfied within the node's bounds";
    return false;
  }
  // A side bounds a column only if its slack is below that column's range |a_j| (u_j - l_j): when
  // even the widest range fits, the row implies nothing (most rows at most nodes).
  const bool can_bind_above =
      std::isfinite(hi) && (a.min_infinite == 1 || (a.min_infinite == 0 && hi - a.min_finite < a.largest_range));
  const bool can_bind_below =
      std::isfinite(lo) && (a.max_infinite == 1 || (a.max_infinite == 0 && a.max_finite - lo < a.largest_range));
  if (!can_bind_above && !can_bind_below) return true;
  double largest = 0.0;
  for (int k = rows_.col_start[i]; k < rows_.col_start[i + 1]; ++k) largest = std::max(largest, std::abs(rows_.value[k]));
  for (int k = rows_.col_start[i]; k < rows_.col_start[i + 1]; ++k) {
    const int j = rows_.row_index[k];
    const double c = rows_.value[k];
    if (std::abs(c) < core::tol::kPropagationTinyCoefficient * largest) continue;
    const RestActivity rest = rest_of_row(a, c, lower_[j], upper_[j]);
    // c x_j <= hi - rest.min and c x_j >= lo - rest.max.
    bool ok = true;
    if (can_bind_above && std::isfinite(rest.min)) {
      const double v = (hi - rest.min) / c;
      const double margin = core::tol::kPropagationRelativeMargin * (std::abs(hi) + a.magnitude) / std::abs(c);
      ok = c > 0 ? tighten_upper(j, v, margin) : tighten_lower(j, v, margin);
    }
    if (ok && can_bind_below && std::isfinite(rest.max)) {
      const double v = (lo - rest.max) / c;
      const double margin = core::tol::kPropagationRelativeMargin * (std::abs(lo) + a.magnitude) / std::abs(c);
      ok = c > 0 ? tighten_lower(j, v, margin) : tighten_upper(j, v, margin);
    }
    if (!ok) {
      out.reason = "column " + model_.col_names[j] + " has no value left in the node's bounds (row " +
                   model_.row_names[i] + ")";
      return false;
    }
  }
  return true;
}

NodePropagator::Outcome NodePropagator::propagate(std::vector<double>& lower, std::vector<double>& upper,
                                                  const std::vector<int>& changed) {
  Outcome out;
  const int n = model_.num_cols();
  // The working box: the node's bounds, within the implied global ones. An integer column the
  // implied box tightens (a root cut can imply what presolve did not see) counts as tightened.
  std::vector<int> implied;
  for (int j = 0; j < n; ++j) {
    lower_[j] = std::max(lower[j], base_lower_[j]);
    upper_[j] = std::min(upper[j], base_upper_[j]);
    if (lower_[j] > upper_[j]) {
      if (model_.is_integer[j] ||
          lower_[j] - upper_[j] > core::tol::kPropagationInfeasibleRelative * std::max(1.0, std::abs(upper_[j]))) {
        out.infeasible = true;
        out.reason = "column " + model_.col_names[j] + " has an empty box";
        return out;
      }
      lower_[j] = upper_[j];
    }
    if (model_.is_integer[j] && (lower_[j] > lower[j] || upper_[j] < upper[j])) implied.push_back(j);
  }
  queue_.clear();
  changed_columns_.clear();
  for (int j : changed) queue_rows_of(j);
  for (int j : changed_columns_) column_changed_[j] = 0;  // only tightenings count as changes
  changed_columns_.clear();
  for (int j : implied) queue_rows_of(j);

  const long long max_visits =
      std::max(kMinRowVisits, std::llround(parameters_.max_row_visits_per_row * model_.num_rows()));
  std::size_t head = 0;
  bool feasible = true;
  while (head < queue_.size() && out.row_visits < max_visits) {
    const int i = queue_[head++];
    queued_[i] = 0;
    ++out.row_visits;
    if (!process_row(i, out)) {
      feasible = false;
      break;
    }
  }
  for (; head < queue_.size(); ++head) queued_[queue_[head]] = 0;
  queue_.clear();
  if (!feasible) {
    out.infeasible = true;
  } else {
    for (int j : changed_columns_) {
      if (!model_.is_integer[j]) continue;
      if (lower_[j] > lower[j] || upper_[j] < upper[j]) {
        lower[j] = std::max(lower[j], lower_[j]);
        upper[j] = std::min(upper[j], upper_[j]);
        out.tightenings.push_back({j, lower[j], upper[j]});
      }
    }
  }
  for (int j : changed_columns_) column_changed_[j] = 0;
  changed_columns_.clear();
  return out;
}

}  // namespace fleetopt::mip
