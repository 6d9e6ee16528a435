#include "fleetopt/lp/scaling.hpp"

#include <algorithm>
#include <cmath>

namespace fleetopt::lp {
namespace {

constexpr int kMaxGeometricPasses = 8;
// Stop geometric passes once a pass improves the spread max|a|/min|a| by less than this factor:
// further passes only cost time (Maros 2003 suggests a handful of passes suffice).
constexpr double kMinSpreadImprovement = 0.9;

double power_of_two_near(double v) { return std::exp2(std::round(std::log2(v))); }

double spread(const core::SparseMatrix& a, const std::vector<double>& r, const std::vector<double>& c) {
  double lo = core::kInfinity, hi = 0.0;
  for (int j = 0; j < a.num_cols; ++j)
    for (int k = a.col_start[j]; k < a.col_start[j + 1]; ++k) {
      const double v = std::abs(a.value[k]) * r[a.row_index[k]] * c[j];
      lo = std::min(lo, v);
      hi = std::max(hi, v);
    }
  return hi > 0.0 ? hi / lo : 1.0;
}

}  // namespace

Scaling identity_scaling(int num_rows, int num_cols) {
  return Scaling{std::vector<double>(num_rows, 1.0), std::vector<double>(num_cols, 1.0)};
}

Scaling compute_scaling(const core::SparseMatrix& a) {
  std::vector<double> r(a.num_rows, 1.0), c(a.num_cols, 1.0);
  std::vector<double> row_min(a.num_rows), row_max(a.num_rows);
  double previous = spread(a, r, c);
  for (int pass = 0; pass < kMaxGeometricPasses && previous > 1.0; ++pass) {
    std::fill(row_min.begin(), row_min.end(), core::kInfinity);
    std::fill(row_max.begin(), row_max.end(), 0.0);
    for (int j = 0; j < a.num_cols; ++j)
      for (int k = a.col_start[j]; k < a.col_start[j + 1]; ++k) {
        const int i = a.row_index[k];
        const double v = std::abs(a.value[k]) * c[j];
        row_min[i] = std::min(row_min[i], v);
        row_max[i] = std::max(row_max[i], v);
      }
    for (int i = 0; i < a.num_rows; ++i)
      if (row_max[i] > 0.0) r[i] = 1.0 / std::sqrt(row_min[i] * row_max[i]);
    for (int j = 0; j < a.num_cols; ++j) {
      double lo = core::kInfinity, hi = 0.0;
      for (int k = a.col_start[j]; k < a.col_start[j + 1]; ++k) {
        const double v = std::abs(a.value[k]) * r[a.row_index[k]];
        lo = std::min(lo, v);
        hi = std::max(hi, v);
      }
      if (hi > 0.0) c[j] = 1.0 / std::sqrt(lo * hi);
    }
    const double now = spread(a, r, c);
    if (now > kMinSpreadImprovement * previous) {
      previous = now;
      break;
    }
    previous = now;
  }
  for (double& v : r) v = power_of_two_near(v);
  // Equilibration: the largest entry of every column becomes (close to) 1.
  for (int j = 0; j < a.num_cols; ++j) {
    double hi = 0.0;
    for (int k = a.col_start[j]; k < a.col_start[j + 1]; ++k)
      hi = std::max(hi, std::abs(a.value[k]) * r[a.row_index[k]]);
    c[j] = hi > 0.0 ? power_of_two_near(1.0 / hi) : 1.0;
  }
  return Scaling{std::move(r), std::move(c)};
}

}  // namespace fleetopt::lp
