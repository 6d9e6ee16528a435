// Every numerical tolerance of fleetopt, in one place, each with the reason for its value.
// Code never writes a bare 1e-7: it names one of these.
#pragma once

namespace fleetopt::core::tol {

// Primal feasibility of an LP solution (bound and row violations, unscaled model). 1e-7 is what
// HiGHS, CLP, SoPlex and glop agree on: tight enough that rounding in data given to 4-6 digits
// does not hide a real violation, loose enough for double arithmetic on well-scaled models.
inline constexpr double kPrimalFeasibility = 1e-7;
// Dual feasibility (reduced-cost sign violations) of an LP solution: same reasoning as above.
inline constexpr double kDualFeasibility = 1e-7;
// A simplex pivot smaller than this, relative to the largest entry of its column, is refused:
// dividing by it would amplify rounding by 1e9 or more.
inline constexpr double kPivotRelative = 1e-9;
// An absolute pivot floor for columns whose entries are all tiny.
inline constexpr double kPivotAbsolute = 1e-11;
// KLU partial pivoting threshold (Common.tol): a pivot is accepted if it is at least this
// fraction of the largest entry in its column. KLU's default 0.001 favours sparsity; HiGHS uses
// 0.1 for its basis LU because simplex bases are re-solved thousands of times and stability wins.
inline constexpr double kFactorPivotThreshold = 0.1;
// A value within this of an integer counts as integral (branch-and-bound and checker).
inline constexpr double kIntegrality = 1e-6;
// Default relative MIP gap at which branch-and-bound stops (the common default of CBC/HiGHS).
inline constexpr double kMipRelativeGap = 1e-4;
// Solution checker (model.md section 6): a constraint is violated if it is off by more than this,
// times the largest absolute coefficient of the row (so MW and MWh rows are judged alike).
inline constexpr double kCheckAbsolute = 1e-6;
// Two optima (ours vs a reference, or two references) agree if their relative difference is below
// this; 1e-7 is what the reference data set is held to.
inline constexpr double kObjectiveAgreementRelative = 1e-7;

}  // namespace fleetopt::core::tol
