#include "fleetopt/lp/certificates.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include <Eigen/Dense>

#include "fleetopt/core/tolerances.hpp"

namespace fleetopt::lp {
namespace {

// Relative rounding error of a sum of a few hundred double terms, with margin.
constexpr double kSumRounding = 1e-12;
// repair_farkas_ray: an entry of z = A^T y (y normalised to largest entry 1) up to this size on a
// column whose bound on its side is infinite is taken for rounding of the solver's ray and moved
// into a multiplier. 1e-5 is far above what the BTRAN of a well-conditioned basis leaves (the
// n400 generated MILP's free column had 1.5e-7, a multiplier of 1.9e-14 on a row with an 8e6
// coefficient) and well below the entries of a ray that is wrong; the check after the repair
// decides either way.
constexpr double kFarkasRepairable = 1e-5;
// Passes over the columns: a repair moves other columns' z, which the next pass takes out
// together with the earlier ones.
constexpr int kFarkasRepairPasses = 4;
// At most this many columns are repaired (the dense system is this size): a handful of basic
// columns with an infinite bound carry rounding; many mean a ray that is wrong.
constexpr int kFarkasRepairColumns = 64;

double max_abs(const std::vector<double>& v) {
  double m = 0.0;
  for (double a : v) m = std::max(m, std::abs(a));
  return m;
}

// max over [lo, hi] of coef * v, with coefficients below `ignore` treated as zero.
double box_max(double coef, double lo, double hi, double ignore, double& magnitude) {
  if (std::abs(coef) <= ignore) return 0.0;
  const double bound = coef > 0 ? hi : lo;
  if (!std::isfinite(bound)) return core::kInfinity;
  magnitude += std::abs(coef * bound);
  return coef * bound;
}

double sum_rounding(const core::Model& model);

// z_j = (A^T y)_j, and in `size` the sum of the magnitudes of its terms (its rounding scale).
double column_product(const core::Model& model, const std::vector<double>& y, int j, double& size) {
  const auto& a = model.matrix;
  double z = 0.0;
  size = 0.0;
  for (int k = a.col_start[j]; k < a.col_start[j + 1]; ++k) {
    z += a.value[k] * y[a.row_index[k]];
    size += std::abs(a.value[k] * y[a.row_index[k]]);
  }
  return z;
}

double column_product(const core::Model& model, const std::vector<double>& y, int j) {
  double size = 0.0;
  return column_product(model, y, j, size);
}

// y proves the rows infeasible over the column box when min over the row box of y^T r exceeds
// max over the column box of z^T x, z = A^T y, by more than the rounding of both sums.
bool farkas_one_sign(const core::Model& model, const std::vector<double>& y) {
  // `doubt`: what the sums cannot be trusted with, the rounding of every z_j times its bound.
  double col_max = 0.0, row_min = 0.0, magnitude = 0.0, doubt = 0.0;
  for (int j = 0; j < model.num_cols(); ++j) {
    double z_size = 0.0;
    const double z = column_product(model, y, j, z_size);
    // An entry of z that is rounding noise of its terms counts as zero where the bound on its
    // side is infinite; where that bound is finite, the term z_j x_j is summed like any other
    // (exact up to the rounding accounted below, and often of the helping sign: counting all of
    // |z_j| times the bound's reach as doubt failed near-degenerate proofs of the badly scaled
    // generated MILP general_n400_s4704_mixed by margins like 2.46e-6 against 2.56e-6).
    const double ignore = std::max(core::tol::kDualFeasibility, kSumRounding * z_size);
    const double reach = std::max(std::abs(model.col_lower[j]), std::abs(model.col_upper[j]));
    if (std::abs(z) <= ignore && !std::isfinite(z > 0 ? model.col_upper[j] : model.col_lower[j])) continue;
    col_max += box_max(z, model.col_lower[j], model.col_upper[j], 0.0, magnitude);
    if (std::isfinite(reach)) doubt += kSumRounding * z_size * reach;
  }
  for (int i = 0; i < model.num_rows(); ++i) {
    // min over [lo, hi] of y_i r = -max of -y_i r.
    row_min -= box_max(-y[i], model.row_lower[i], model.row_upper[i], 0.0, magnitude);
  }
  if (!std::isfinite(col_max) || !std::isfinite(row_min)) return col_max < row_min;
  return row_min - col_max > sum_rounding(model) * (1.0 + magnitude) + doubt;
}

// The multipliers a Lagrangian bound uses, in minimisation terms (s = +1 min, -1 max): y_i = s *
// row_multipliers_i, set to 0 where its sign needs an infinite row side (`zeroed`), with the row
// part sum_i y_i side_i and the magnitude of its terms. `finite` is false when a multiplier is
// not finite.
struct BoundMultipliers {
  std::vector<double> y;
  double row_part = 0.0, row_magnitude = 0.0;
  bool zeroed = false, finite = true;
};

BoundMultipliers bound_multipliers(const core::Model& model, const std::vector<double>& row_multipliers, double s) {
  BoundMultipliers m;
  m.y.assign(row_multipliers.size(), 0.0);
  for (int i = 0; i < model.num_rows(); ++i) {
    const double yi = s * row_multipliers[i];  // multiplier of the minimisation form
    if (!std::isfinite(yi)) m.finite = false;
    const double side = yi > 0 ? model.row_lower[i] : model.row_upper[i];
    if (yi == 0.0) continue;  // no term
    if (!std::isfinite(side)) {
      m.zeroed = true;
      continue;
    }
    m.y[i] = yi;
    m.row_part += yi * side;
    m.row_magnitude += std::abs(yi * side);
  }
  return m;
}

// d_j = s c_j - (A^T y)_j in minimisation terms, and in `size` the magnitude of its terms.
double bound_reduced_cost(const core::Model& model, const std::vector<double>& y, double s, int j, double& size) {
  const auto& a = model.matrix;
  double d = s * model.objective[j];
  size = std::abs(d);
  for (int k = a.col_start[j]; k < a.col_start[j + 1]; ++k) {
    d -= a.value[k] * y[a.row_index[k]];
    size += std::abs(a.value[k] * y[a.row_index[k]]);
  }
  return d;
}

// Worst-case relative rounding of the bound's sums: about one unit roundoff per term (Higham,
// "Accuracy and Stability of Numerical Algorithms", sec. 4.2), never less than kSumRounding.
double sum_rounding(const core::Model& model) {
  const double terms = static_cast<double>(model.num_rows()) + model.matrix.nonzeros() + model.num_cols();
  return std::max(kSumRounding, terms * std::numeric_limits<double>::epsilon());
}

}  // namespace

bool is_farkas_certificate(const core::Model& model, const std::vector<double>& row_multipliers) {
  if (static_cast<int>(row_multipliers.size()) != model.num_rows()) return false;
  const double scale = max_abs(row_multipliers);
  if (!(scale > 0.0) || !std::isfinite(scale)) return false;
  std::vector<double> y(row_multipliers);
  for (double& v : y) v /= scale;
  if (farkas_one_sign(model, y)) return true;
  for (double& v : y) v = -v;
  return farkas_one_sign(model, y);
}

bool repair_farkas_ray(const core::Model& model, std::vector<double>& row_multipliers) {
  if (static_cast<int>(row_multipliers.size()) != model.num_rows()) return false;
  const double scale = max_abs(row_multipliers);
  if (!(scale > 0.0) || !std::isfinite(scale)) return false;
  const auto& a = model.matrix;
  for (const double sign : {1.0, -1.0}) {
    std::vector<double> y(row_multipliers);
    for (double& v : y) v *= sign / scale;
    // A multiplier whose sign needs an infinite row side makes y no proof however small it is;
    // a tiny one is rounding of the solver's ray (seen down to 1e-12 on badly scaled rows) and
    // goes to 0. The columns' z move by the same tiny amounts, which the repair below and the
    // check take as they come.
    bool zeroed_rows = false;
    for (int i = 0; i < model.num_rows(); ++i) {
      if (y[i] == 0.0 || std::abs(y[i]) > kFarkasRepairable) continue;
      if (std::isfinite(y[i] > 0 ? model.row_lower[i] : model.row_upper[i])) continue;
      y[i] = 0.0;
      zeroed_rows = true;
    }
    // `columns`: every column the proof cannot use so far (z_j on the side of an infinite bound),
    // each with its own row in `rows`; all their z_j are set to 0 at once, since one row's
    // change moves every column in it.
    std::vector<int> columns, rows;
    std::vector<char> listed(static_cast<size_t>(model.num_cols()), 0), row_used(y.size(), 0);
    bool usable = true;
    for (int pass = 0; pass < kFarkasRepairPasses && usable; ++pass) {
      bool grew = false;
      for (int j = 0; j < model.num_cols() && usable; ++j) {
        if (listed[j]) continue;
        const double z = column_product(model, y, j);
        if (z == 0.0 || std::isfinite(z > 0 ? model.col_upper[j] : model.col_lower[j])) continue;
        // A large z is no rounding: moving y that far would be another ray.
        if (std::abs(z) > kFarkasRepairable || static_cast<int>(columns.size()) >= kFarkasRepairColumns) {
          usable = false;
          break;
        }
        // The row contributing most to z_j among those no other listed column took (one with a
        // zero multiplier only if no other is left).
        int row = -1;
        double largest = 0.0;
        for (int k = a.col_start[j]; k < a.col_start[j + 1]; ++k) {
          const int i = a.row_index[k];
          const double contribution = std::abs(a.value[k]) * std::max(std::abs(y[i]), 1e-300);
          if (!row_used[i] && contribution > largest) {
            largest = contribution;
            row = i;
          }
        }
        if (row < 0) {
          usable = false;
          break;
        }
        listed[j] = 1;
        row_used[row] = 1;
        columns.push_back(j);
        rows.push_back(row);
        grew = true;
      }
      if (!usable || !grew) break;
      // Solve sum_r a[r][j] dy_r = -z_j for every listed column j over the listed rows r.
      const int n = static_cast<int>(columns.size());
      Eigen::MatrixXd m = Eigen::MatrixXd::Zero(n, n);
      Eigen::VectorXd rhs(n);
      std::vector<int> position(y.size(), -1);
      for (int r = 0; r < n; ++r) position[rows[r]] = r;
      for (int c = 0; c < n; ++c) {
        const int j = columns[c];
        rhs[c] = -column_product(model, y, j);
        for (int k = a.col_start[j]; k < a.col_start[j + 1]; ++k)
          if (const int r = position[a.row_index[k]]; r >= 0) m(c, r) = a.value[k];
      }
      const Eigen::VectorXd dy = m.partialPivLu().solve(rhs);
      if (!dy.allFinite()) {  // a singular system: a zero pivot
        usable = false;
        break;
      }
      for (int r = 0; r < n; ++r) y[rows[r]] += dy[r];
    }
    if (usable && (!columns.empty() || zeroed_rows) && farkas_one_sign(model, y)) {
      row_multipliers = std::move(y);
      return true;
    }
  }
  return false;
}

namespace {

// reduced_costs_and_lagrangian_bound over the column box [col_lower, col_upper] (the model's own
// or another).
double lagrangian_bound_in_box(const core::Model& model, const std::vector<double>& row_multipliers,
                               const std::vector<double>& col_lower, const std::vector<double>& col_upper,
                               std::vector<double>& reduced_cost, std::vector<double>& magnitude) {
  // Work in minimisation terms: s = +1 (min) or -1 (max), bound on s * c^T x from below.
  const double s = model.sense == core::ObjectiveSense::minimize ? 1.0 : -1.0;
  const double worst = s * -core::kInfinity;  // "no information" in the model's sense
  reduced_cost.assign(model.num_cols(), 0.0);
  magnitude.assign(model.num_cols(), 0.0);
  if (static_cast<int>(row_multipliers.size()) != model.num_rows()) return worst;
  // The multipliers of the bound: 0 where the sign needs an infinite side; the reported reduced
  // costs use the multipliers as given.
  const BoundMultipliers m = bound_multipliers(model, row_multipliers, s);
  bool finite = m.finite;
  double bound = m.row_part, bound_magnitude = m.row_magnitude;
  const auto& a = model.matrix;
  for (int j = 0; j < model.num_cols(); ++j) {
    double reported = model.objective[j], reported_size = std::abs(reported);
    for (int k = a.col_start[j]; k < a.col_start[j + 1]; ++k) {
      const double term = a.value[k] * row_multipliers[a.row_index[k]];
      reported -= term;
      reported_size += std::abs(term);
    }
    reduced_cost[j] = reported;
    magnitude[j] = reported_size;
    // Usually no multiplier was zeroed and the bound's d is the reported one in minimisation
    // terms; otherwise it is summed again with the zeroed multipliers.
    double d = s * reported, size = reported_size;
    if (m.zeroed) d = bound_reduced_cost(model, m.y, s, j, size);
    if (d == 0.0 || !finite) continue;
    const double side = d > 0 ? col_lower[j] : col_upper[j];
    if (!std::isfinite(side)) {
      finite = false;
      continue;
    }
    bound += d * side;
    // |d * side| bounds the term; size * |side| bounds the rounding of d itself.
    bound_magnitude += std::abs(d * side) + size * std::abs(side);
  }
  if (!finite) return worst;
  bound -= sum_rounding(model) * (1.0 + bound_magnitude);
  return s * bound + model.objective_constant;
}

}  // namespace

double reduced_costs_and_lagrangian_bound(const core::Model& model, const std::vector<double>& row_multipliers,
                                          std::vector<double>& reduced_cost, std::vector<double>& magnitude) {
  return lagrangian_bound_in_box(model, row_multipliers, model.col_lower, model.col_upper, reduced_cost, magnitude);
}

double lagrangian_bound(const core::Model& model, const std::vector<double>& row_multipliers,
                        const std::vector<double>& col_lower, const std::vector<double>& col_upper) {
  std::vector<double> reduced_cost, magnitude;
  return lagrangian_bound_in_box(model, row_multipliers, col_lower, col_upper, reduced_cost, magnitude);
}

namespace {

// The terms of the bound with the multipliers taken as row_sign * y and the objective as
// objective_sign * c: the minimisation form (both signs the sense's) or, with objective_sign 0,
// the Farkas form (0 - sum equals -sum exactly, so the terms are those of -A^T y).
LagrangianTerms bound_terms(const core::Model& model, const std::vector<double>& y, double row_sign,
                            double objective_sign) {
  LagrangianTerms t;
  if (static_cast<int>(y.size()) != model.num_rows()) return t;
  const BoundMultipliers m = bound_multipliers(model, y, row_sign);
  if (!m.finite) return t;
  t.row_part = m.row_part;
  t.row_magnitude = m.row_magnitude;
  t.d.resize(model.num_cols());
  t.size.resize(model.num_cols());
  for (int j = 0; j < model.num_cols(); ++j) t.d[j] = bound_reduced_cost(model, m.y, objective_sign, j, t.size[j]);
  t.rounding_per_unit = sum_rounding(model);
  t.finite = true;
  return t;
}

}  // namespace

LagrangianTerms lagrangian_terms(const core::Model& model, const std::vector<double>& row_multipliers) {
  const double s = model.sense == core::ObjectiveSense::minimize ? 1.0 : -1.0;
  return bound_terms(model, row_multipliers, s, s);
}

LagrangianTerms farkas_terms(const core::Model& model, const std::vector<double>& ray) {
  return bound_terms(model, ray, 1.0, 0.0);
}

double lagrangian_bound(const core::Model& model, const std::vector<double>& row_multipliers) {
  std::vector<double> reduced_cost, magnitude;
  return reduced_costs_and_lagrangian_bound(model, row_multipliers, reduced_cost, magnitude);
}

bool is_primal_ray(const core::Model& model, const std::vector<double>& direction) {
  if (static_cast<int>(direction.size()) != model.num_cols()) return false;
  const double scale = max_abs(direction);
  if (!(scale > 0.0) || !std::isfinite(scale)) return false;
  std::vector<double> d(direction);
  for (double& v : d) v /= scale;
  const double tol = core::tol::kPrimalFeasibility;
  for (int j = 0; j < model.num_cols(); ++j) {
    if (d[j] > tol && std::isfinite(model.col_upper[j])) return false;
    if (d[j] < -tol && std::isfinite(model.col_lower[j])) return false;
  }
  const std::vector<double> ad = model.row_activity(d);
  for (int i = 0; i < model.num_rows(); ++i) {
    if (ad[i] > tol && std::isfinite(model.row_upper[i])) return false;
    if (ad[i] < -tol && std::isfinite(model.row_lower[i])) return false;
  }
  double slope = 0.0, size = 0.0;
  for (int j = 0; j < model.num_cols(); ++j) {
    slope += model.objective[j] * d[j];
    size += std::abs(model.objective[j] * d[j]);
  }
  if (model.sense == core::ObjectiveSense::maximize) slope = -slope;
  return slope < -(core::tol::kDualFeasibility * std::max(1.0, size));
}

double max_primal_violation(const core::Model& model, const std::vector<double>& x,
                            const std::vector<double>& row_activity) {
  double worst = 0.0;
  auto check = [&worst](double v, double lo, double hi) {
    if (v < lo) worst = std::max(worst, (lo - v) / std::max(1.0, std::abs(lo)));
    if (v > hi) worst = std::max(worst, (v - hi) / std::max(1.0, std::abs(hi)));
  };
  for (int j = 0; j < model.num_cols(); ++j) check(x[j], model.col_lower[j], model.col_upper[j]);
  for (int i = 0; i < model.num_rows(); ++i) check(row_activity[i], model.row_lower[i], model.row_upper[i]);
  return worst;
}

double max_primal_violation(const core::Model& model, const std::vector<double>& x) {
  return max_primal_violation(model, x, model.row_activity(x));
}

}  // namespace fleetopt::lp
