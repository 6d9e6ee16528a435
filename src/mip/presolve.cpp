#include "fleetopt/mip/presolve.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <numeric>

#include "fleetopt/core/tolerances.hpp"
#include "row_activity.hpp"

namespace fleetopt::mip {

namespace {

// Propagation rounds over all rows; each round is O(nonzeros). Most models settle in a few.
constexpr int kMaxRounds = 20;
// A continuous bound found by propagation replaces the old one only when it is tighter by this
// much relative to max(1, |bound|): tiny creeping gains cost rounds and buy nothing.
constexpr double kContinuousMinImprovement = 1e-3;
// Bounds derived beyond this magnitude are left alone (they carry no information and invite
// cancellation in later activities).
constexpr double kLargestDerivedBound = 1e9;
// A binary coefficient shrinks only when the slack d is at least this relative to max(1, |a_k|),
// so that rounding noise never changes a row.
constexpr double kCoefficientMinSlack = 1e-6;

// A row's coefficients count as integers for the divisor rule when within this of one (relative
// to max(1, |a|)) and below kLargestExactInteger, where doubles still hold every integer.
constexpr double kIntegralCoefficient = 1e-12;
constexpr double kLargestExactInteger = 1e12;

// The divisor rule (Savelsbergh 1994, sec. 4, "Euclidean reduction"): in a row whose columns are
// all integer and whose coefficients are integers with greatest common divisor g, the activity is
// a multiple of g, so hi rounds down and lo rounds up to multiples of g; an equality whose side
// is not a multiple has no solution. `rows` is m's matrix row-wise. Returns false (with the
// reason) on infeasibility.
bool round_sides_to_divisor(core::Model& m, const core::SparseMatrix& rows, PresolveStats& stats) {
  for (int i = 0; i < m.num_rows(); ++i) {
    std::int64_t g = 0;
    bool integral = rows.col_start[i + 1] > rows.col_start[i];
    for (int p = rows.col_start[i]; p < rows.col_start[i + 1] && integral; ++p) {
      const double a = std::abs(rows.value[p]);
      const double r = std::round(a);
      integral = m.is_integer[rows.row_index[p]] && a < kLargestExactInteger && r >= 1.0 &&
                 std::abs(a - r) <= kIntegralCoefficient * std::max(1.0, a);
      if (integral) g = std::gcd(g, static_cast<std::int64_t>(r));
    }
    if (!integral || g < 1) continue;
    const double d = static_cast<double>(g);
    const double lo = m.row_lower[i], hi = m.row_upper[i];
    // The sides move only past a clear margin: a side within tolerance of a multiple is one.
    const double new_hi = std::isfinite(hi) ? d * std::floor(hi / d + core::tol::kIntegrality) : hi;
    const double new_lo = std::isfinite(lo) ? d * std::ceil(lo / d - core::tol::kIntegrality) : lo;
    if (new_lo > new_hi) {
      stats.infeasible = true;
      stats.reason = "row " + m.row_names[i] + ": its integer columns' coefficients are multiples of " +
                     std::to_string(g) + " and no multiple lies between its sides " + std::to_string(lo) +
                     " and " + std::to_string(hi);
      return false;
    }
    if (new_hi < hi - core::tol::kIntegrality * std::max(1.0, std::abs(hi))) {
      m.row_upper[i] = new_hi;
      ++stats.tightened_coefficients;
    }
    if (new_lo > lo + core::tol::kIntegrality * std::max(1.0, std::abs(lo))) {
      m.row_lower[i] = new_lo;
      ++stats.tightened_coefficients;
    }
  }
  return true;
}

class Propagator {
 public:
  explicit Propagator(core::Model& m)
      : m_(m), rows_(m.matrix.transpose()), lower_(m.col_lower), upper_(m.col_upper) {}
  const core::SparseMatrix& rows() const { return rows_; }
  // Gives the model the tightened bounds of its integer columns, and the implied bounds of its
  // continuous columns on the sides where the model has none (see presolve.hpp). Returns the
  // number of such infinite continuous bounds made finite.
  int commit_bounds();

  // One pass over all rows; returns the number of bounds tightened (or -1 on infeasibility).
  int pass(PresolveStats& stats);
  int tighten_coefficients();

 private:
  RowActivity activity(int i) const { return row_activity(rows_, i, lower_, upper_); }
  bool set_lower(int j, double v, PresolveStats& stats, int& changes);
  bool set_upper(int j, double v, PresolveStats& stats, int& changes);

  core::Model& m_;
  core::SparseMatrix rows_;  // row-wise copy; its values follow coefficient tightening
  std::vector<double> lower_, upper_;  // implied column bounds
};

int Propagator::commit_bounds() {
  int closed = 0;
  for (int j = 0; j < m_.num_cols(); ++j) {
    if (m_.is_integer[j]) {
      m_.col_lower[j] = lower_[j];
      m_.col_upper[j] = upper_[j];
      continue;
    }
    if (!std::isfinite(m_.col_lower[j]) && std::isfinite(lower_[j])) {
      m_.col_lower[j] = lower_[j];
      ++closed;
    }
    if (!std::isfinite(m_.col_upper[j]) && std::isfinite(upper_[j])) {
      m_.col_upper[j] = upper_[j];
      ++closed;
    }
  }
  return closed;
}

bool Propagator::set_lower(int j, double v, PresolveStats& stats, int& changes) {
  if (m_.is_integer[j]) {
    v = std::ceil(v - core::tol::kIntegrality);
  } else {
    if (std::abs(v) > kLargestDerivedBound) return true;
    if (std::isfinite(lower_[j]) &&
        v < lower_[j] + kContinuousMinImprovement * std::max(1.0, std::abs(lower_[j])))
      return true;
  }
  if (!(v > lower_[j])) return true;
  if (v > upper_[j]) {
    const double excess = v - upper_[j];
    if (excess > core::tol::kPrimalFeasibility * std::max(1.0, std::abs(v))) {
      stats.infeasible = true;
      stats.reason = "column " + m_.col_names[j] + " needs lower bound " + std::to_string(v) + " above its upper " +
                     std::to_string(upper_[j]);
      return false;
    }
    v = upper_[j];
  }
  lower_[j] = v;
  ++changes;
  return true;
}

bool Propagator::set_upper(int j, double v, PresolveStats& stats, int& changes) {
  if (m_.is_integer[j]) {
    v = std::floor(v + core::tol::kIntegrality);
  } else {
    if (std::abs(v) > kLargestDerivedBound) return true;
    if (std::isfinite(upper_[j]) &&
        v > upper_[j] - kContinuousMinImprovement * std::max(1.0, std::abs(upper_[j])))
      return true;
  }
  if (!(v < upper_[j])) return true;
  if (v < lower_[j]) {
    const double excess = lower_[j] - v;
    if (excess > core::tol::kPrimalFeasibility * std::max(1.0, std::abs(v))) {
      stats.infeasible = true;
      stats.reason = "column " + m_.col_names[j] + " needs upper bound " + std::to_string(v) + " below its lower " +
                     std::to_string(lower_[j]);
      return false;
    }
    v = lower_[j];
  }
  upper_[j] = v;
  ++changes;
  return true;
}

int Propagator::pass(PresolveStats& stats) {
  int changes = 0;
  for (int i = 0; i < m_.num_rows(); ++i) {
    const double lo = m_.row_lower[i], hi = m_.row_upper[i];
    const RowActivity a = activity(i);
    const double scale = std::max({1.0, std::abs(a.min_finite), std::abs(a.max_finite)});
    if ((a.min_infinite == 0 && a.min_finite > hi + core::tol::kPrimalFeasibility * scale) ||
        (a.max_infinite == 0 && a.max_finite < lo - core::tol::kPrimalFeasibility * scale)) {
      stats.infeasible = true;
      stats.reason = "row " + m_.row_names[i] + " cannot be satisfied within the column bounds";
      return -1;
    }
    for (int k = rows_.col_start[i]; k < rows_.col_start[i + 1]; ++k) {
      const int j = rows_.row_index[k];
      const double c = rows_.value[k];
      const RestActivity rest = rest_of_row(a, c, lower_[j], upper_[j]);
      bool ok = true;
      // c x_j <= hi - rest.min and c x_j >= lo - rest.max.
      if (std::isfinite(hi) && std::isfinite(rest.min)) {
        const double v = (hi - rest.min) / c;
        ok = c > 0 ? set_upper(j, v, stats, changes) : set_lower(j, v, stats, changes);
      }
      if (ok && std::isfinite(lo) && std::isfinite(rest.max)) {
        const double v = (lo - rest.max) / c;
        ok = c > 0 ? set_lower(j, v, stats, changes) : set_upper(j, v, stats, changes);
      }
      if (!ok) return -1;
    }
  }
  return changes;
}

int Propagator::tighten_coefficients() {
  int changes = 0;
  auto& a = m_.matrix;
  for (int i = 0; i < m_.num_rows(); ++i) {
    const bool upper_only = std::isfinite(m_.row_upper[i]) && !std::isfinite(m_.row_lower[i]);
    const bool lower_only = std::isfinite(m_.row_lower[i]) && !std::isfinite(m_.row_upper[i]);
    if (!upper_only && !lower_only) continue;
    // Work on a x <= b; a >= row is handled as -a x <= -lo.
    const double sign = upper_only ? 1.0 : -1.0;
    double b = sign * (upper_only ? m_.row_upper[i] : m_.row_lower[i]);
    const RowActivity act = activity(i);
    if ((upper_only ? act.max_infinite : act.min_infinite) > 0) continue;
    double max_activity = sign * (upper_only ? act.max_finite : act.min_finite);
    if (max_activity <= b) continue;  // redundant row: nothing to gain
    for (int k = rows_.col_start[i]; k < rows_.col_start[i + 1]; ++k) {
      const int j = rows_.row_index[k];
      if (!m_.is_integer[j] || lower_[j] != 0.0 || upper_[j] != 1.0) continue;
      const double ak = sign * rows_.value[k];
      double new_ak = ak, new_b = b;
      if (ak > 0) {
        const double d = b - (max_activity - ak);
        if (d < kCoefficientMinSlack * std::max(1.0, std::abs(ak))) continue;
        new_ak = ak - d;
        new_b = b - d;
      } else {
        const double d = b - (max_activity + ak);
        if (d < kCoefficientMinSlack * std::max(1.0, std::abs(ak))) continue;
        new_ak = ak + d;
      }
      // Keep the row-wise copy, the CSC matrix and the row's side in step.
      rows_.value[k] = sign * new_ak;
      for (int p = a.col_start[j]; p < a.col_start[j + 1]; ++p)
        if (a.row_index[p] == i) a.value[p] = sign * new_ak;
      max_activity += (ak > 0 ? new_ak - ak : 0.0);  // the max contribution of x_k changed
      b = new_b;
      ++changes;
    }
    if (upper_only) m_.row_upper[i] = b;
    else m_.row_lower[i] = -b;
  }
  return changes;
}

}  // namespace

bool round_integer_bounds(core::Model& model, std::string& reason) {
  for (int j = 0; j < model.num_cols(); ++j) {
    if (!model.is_integer[j]) continue;
    const double lo = std::ceil(model.col_lower[j] - core::tol::kIntegrality);
    const double hi = std::floor(model.col_upper[j] + core::tol::kIntegrality);
    if (lo > hi) {
      reason = "integer column " + model.col_names[j] + " has no integer value between its bounds " +
               std::to_string(model.col_lower[j]) + " and " + std::to_string(model.col_upper[j]);
      return false;
    }
    model.col_lower[j] = lo;
    model.col_upper[j] = hi;
  }
  return true;
}

SearchModel search_model(const core::Model& model, bool presolve) {
  SearchModel out{model, std::nullopt, {}};
  if (!round_integer_bounds(out.model, out.infeasible)) return out;
  if (presolve) {
    out.presolve = strengthen(out.model);
    if (out.presolve->infeasible) out.infeasible = "presolve proved infeasibility: " + out.presolve->reason;
  }
  return out;
}

PresolveStats strengthen(core::Model& model) {
  PresolveStats stats;
  Propagator p(model);
  if (!round_sides_to_divisor(model, p.rows(), stats)) return stats;
  for (int round = 0; round < kMaxRounds; ++round) {
    ++stats.rounds;
    const int changed = p.pass(stats);
    if (changed < 0) return stats;
    stats.tightened_bounds += changed;
    const int coefficients = p.tighten_coefficients();
    stats.tightened_coefficients += coefficients;
    if (changed == 0 && coefficients == 0) break;
  }
  stats.closed_continuous_bounds = p.commit_bounds();
  return stats;
}

}  // namespace fleetopt::mip
