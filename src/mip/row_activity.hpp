// Private to the mip layer: the activity range of one row over a column box, and what the other
// columns of the row can reach, for the bound propagation of the root presolve (presolve.cpp)
// and of the nodes (node_propagation.cpp).
#pragma once

#include <algorithm>
#include <cmath>
#include <vector>

#include "fleetopt/core/model.hpp"

namespace fleetopt::mip {

struct RowActivity {
  double min_finite = 0.0, max_finite = 0.0;  // sums of the finite contributions
  int min_infinite = 0, max_infinite = 0;      // number of infinite contributions
  double magnitude = 0.0;      // sum of the finite contributions' absolute values
  double largest_range = 0.0;  // max_j |a_j| (u_j - l_j) (infinite if some column is unbounded)
};

// Row `row` of `rows` (the row-wise copy of the matrix: rows stored as columns) over [lower, upper].
inline RowActivity row_activity(const core::SparseMatrix& rows, int row, const std::vector<double>& lower,
                                const std::vector<double>& upper) {
  RowActivity a;
  for (int k = rows.col_start[row]; k < rows.col_start[row + 1]; ++k) {
    const int j = rows.row_index[k];
    const double c = rows.value[k];
    const double lo = c > 0 ? lower[j] : upper[j];  // gives the min contribution
    const double hi = c > 0 ? upper[j] : lower[j];
    if (std::isfinite(lo)) {
      a.min_finite += c * lo;
      a.magnitude += std::abs(c * lo);
    } else {
      ++a.min_infinite;
    }
    if (std::isfinite(hi)) {
      a.max_finite += c * hi;
      a.magnitude += std::abs(c * hi);
    } else {
      ++a.max_infinite;
    }
    a.largest_range = std::max(a.largest_range, std::abs(c) * (upper[j] - lower[j]));
  }
  return a;
}

// The least and greatest activity of the row's other columns, for a column with coefficient c
// and bounds [lower_j, upper_j] in it (-inf / +inf when they are unbounded).
struct RestActivity {
  double min, max;
};

inline RestActivity rest_of_row(const RowActivity& a, double c, double lower_j, double upper_j) {
  const double min_own = c > 0 ? lower_j : upper_j;
  const double max_own = c > 0 ? upper_j : lower_j;
  RestActivity rest{-core::kInfinity, core::kInfinity};
  if (a.min_infinite == 0) rest.min = a.min_finite - c * min_own;
  else if (a.min_infinite == 1 && !std::isfinite(min_own)) rest.min = a.min_finite;
  if (a.max_infinite == 0) rest.max = a.max_finite - c * max_own;
  else if (a.max_infinite == 1 && !std::isfinite(max_own)) rest.max = a.max_finite;
  return rest;
}

}  // namespace fleetopt::mip
