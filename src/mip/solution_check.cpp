#include "fleetopt/mip/solution_check.hpp"

#include <algorithm>
#include <cmath>

#include "fleetopt/core/tolerances.hpp"

namespace fleetopt::mip {

namespace {
double violation(double v, double lo, double hi) {
  if (std::isnan(v)) return core::kInfinity;
  if (v < lo) return (lo - v) / std::max(1.0, std::abs(lo));
  if (v > hi) return (v - hi) / std::max(1.0, std::abs(hi));
  return 0.0;
}
}  // namespace

SolutionCheck check_solution(const core::Model& model, const std::vector<double>& x) {
  SolutionCheck c;
  if (static_cast<int>(x.size()) != model.num_cols()) {
    c.ok = false;
    c.where = "solution has " + std::to_string(x.size()) + " values for " + std::to_string(model.num_cols()) +
              " columns";
    return c;
  }
  auto name_of_col = [&](int j) {
    return j < static_cast<int>(model.col_names.size()) ? model.col_names[j] : "#" + std::to_string(j);
  };
  double worst = 0.0;
  auto note = [&](double v, const std::string& where) {
    if (v > worst) {
      worst = v;
      c.where = where;
    }
  };
  for (int j = 0; j < model.num_cols(); ++j) {
    const double v = violation(x[j], model.col_lower[j], model.col_upper[j]);
    c.worst_bound_violation = std::max(c.worst_bound_violation, v);
    if (v > core::tol::kPrimalFeasibility) note(v, "column " + name_of_col(j) + " (bounds)");
    if (model.is_integer[j]) {
      const double frac = std::isfinite(x[j]) ? std::abs(x[j] - std::round(x[j])) : core::kInfinity;
      c.worst_integrality_violation = std::max(c.worst_integrality_violation, frac);
      if (frac > core::tol::kIntegrality) note(frac, "column " + name_of_col(j) + " (integrality)");
    }
  }
  const std::vector<double> activity = model.row_activity(x);
  for (int i = 0; i < model.num_rows(); ++i) {
    const double v = violation(activity[i], model.row_lower[i], model.row_upper[i]);
    c.worst_row_violation = std::max(c.worst_row_violation, v);
    if (v > core::tol::kPrimalFeasibility)
      note(v, "row " + (i < static_cast<int>(model.row_names.size()) ? model.row_names[i] : "#" + std::to_string(i)));
  }
  c.ok = c.worst_bound_violation <= core::tol::kPrimalFeasibility &&
         c.worst_row_violation <= core::tol::kPrimalFeasibility &&
         c.worst_integrality_violation <= core::tol::kIntegrality;
  return c;
}

}  // namespace fleetopt::mip
