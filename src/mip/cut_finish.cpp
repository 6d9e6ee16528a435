#include "cut_finish.hpp"

#include <algorithm>
#include <cmath>

namespace fleetopt::mip {

namespace {

// A cut coefficient below this, relative to the largest, is removed (with its bound): rounding
// noise of the tableau row or of the aggregation.
constexpr double kCutCoefficientZero = 1e-9;
// Safety margin on the right-hand side, relative to max(1, the scale of the terms).
constexpr double kRhsMargin = 1e-9;

}  // namespace

std::optional<Cut> finish_cut(const core::Model& model, const std::vector<double>& x, std::vector<double>& coef,
                              const std::vector<int>& columns, double rhs, double rhs_scale,
                              const CutFilters& filters, double& efficacy) {
  double largest = 0.0;
  for (int j : columns) largest = std::max(largest, std::abs(coef[j]));
  bool usable = largest > 0.0 && std::isfinite(largest);
  Cut cut;
  double smallest = core::kInfinity, scale = rhs_scale;
  for (int j : columns) {
    const double c = coef[j];
    coef[j] = 0.0;
    if (!usable || c == 0.0) continue;
    if (std::abs(c) < kCutCoefficientZero * largest) {
      // c x_j <= max over the box: sum_rest >= rhs - c x_j >= rhs - max(c x_j).
      const double worst = c > 0 ? c * model.col_upper[j] : c * model.col_lower[j];
      if (!std::isfinite(worst)) usable = false;
      else rhs -= worst;
      continue;
    }
    cut.columns.push_back(j);
    cut.values.push_back(c);
    smallest = std::min(smallest, std::abs(c));
    scale += std::abs(c * x[j]);
  }
  if (!usable || cut.columns.empty() || !std::isfinite(rhs)) return std::nullopt;
  if (largest / smallest > filters.max_dynamism) return std::nullopt;
  if (static_cast<double>(cut.columns.size()) > filters.max_density * model.num_cols() + 20) return std::nullopt;
  rhs -= kRhsMargin * std::max(1.0, scale);
  double lhs = 0.0, norm = 0.0;
  for (std::size_t k = 0; k < cut.columns.size(); ++k) {
    lhs += cut.values[k] * x[cut.columns[k]];
    norm += cut.values[k] * cut.values[k];
  }
  efficacy = (rhs - lhs) / std::sqrt(norm);
  if (!(efficacy > filters.min_efficacy)) return std::nullopt;
  cut.lower = rhs;
  return cut;
}

}  // namespace fleetopt::mip
