// Scaling of an LP matrix by powers of two, so that scaling and unscaling are exact in binary
// floating point (Maros 2003, ch. 7; Curtis and Reid 1972 for geometric-mean scaling):
//
//     A' = R A C,   R = diag(row_scale), C = diag(col_scale), all entries powers of 2.
//
// Passes of geometric-mean scaling (each row, then each column, divided by sqrt(min |a| * max |a|))
// are repeated while they reduce the spread max|a|/min|a| noticeably, then one equilibration pass
// makes the largest entry of every column lie in [0.5, 1] (well, in [1/sqrt2, sqrt2] before
// rounding to a power of two). Empty rows and columns keep factor 1.
#pragma once

#include <vector>

#include "fleetopt/core/model.hpp"

namespace fleetopt::lp {

struct Scaling {
  std::vector<double> row_scale;  // R, one per row
  std::vector<double> col_scale;  // C, one per column
};

// Computes R and C for `matrix` (does not change it).
Scaling compute_scaling(const core::SparseMatrix& matrix);
// Identity scaling (all ones), for unscaled solves and tests.
Scaling identity_scaling(int num_rows, int num_cols);

}  // namespace fleetopt::lp
