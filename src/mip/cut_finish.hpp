// Private to the mip layer: the numerical clean-up every separator's cut goes through before it
// is returned (Cornuejols, "Revival of the Gomory cuts in the 1990's", Ann. OR 149, 2007, on why
// cuts need it): tiny coefficients removed with their bounds, coefficient range and density
// limited, the right-hand side relaxed by a margin against rounding, and the violation at the
// LP point required.
#pragma once

#include <optional>
#include <vector>

#include "fleetopt/core/model.hpp"
#include "fleetopt/mip/cut_separator.hpp"

namespace fleetopt::mip {

struct CutFilters {
  double max_dynamism;  // max |coefficient| / min |coefficient|
  double max_density;   // at most this share of the columns (plus 20)
  double min_efficacy;  // violation at the LP point / ||cut||, in the units of the model
};

// The cut `sum_{j in columns} coef[j] x_j >= rhs`, with `coef` dense over the model's columns
// and zero outside `columns` (entries exactly 0 are skipped; `columns` is read in its order).
// Coefficients below kCutCoefficientZero of the largest are removed and the right-hand side
// relaxed by the column's bound (a cut that would need an infinite bound is dropped); then the
// right-hand side is lowered by kRhsMargin * max(1, rhs_scale + sum |coef_j x_j|). Returns the
// cut (its lower side set) if it passes `filters` at the LP point `x`, with its efficacy; clears
// `coef` over `columns` either way.
std::optional<Cut> finish_cut(const core::Model& model, const std::vector<double>& x, std::vector<double>& coef,
                              const std::vector<int>& columns, double rhs, double rhs_scale,
                              const CutFilters& filters, double& efficacy);

}  // namespace fleetopt::mip
