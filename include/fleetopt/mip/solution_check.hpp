// The model's own feasibility check of a MIP solution, independent of the LP engine: every column
// bound and row within core::tol::kPrimalFeasibility relative to max(1, |bound|) (as the LP's
// verification), every integer column within core::tol::kIntegrality of an integer, and no NaN.
// The branch-and-bound accepts no incumbent that fails it.
#pragma once

#include <string>
#include <vector>

#include "fleetopt/core/model.hpp"

namespace fleetopt::mip {

struct SolutionCheck {
  bool ok = true;
  double worst_bound_violation = 0.0;  // relative, as above
  double worst_row_violation = 0.0;
  double worst_integrality_violation = 0.0;
  std::string where;  // the worst offender, e.g. "row c12" or "column x3 (integrality)"
};

SolutionCheck check_solution(const core::Model& model, const std::vector<double>& x);

}  // namespace fleetopt::mip
