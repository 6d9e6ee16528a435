// The computational form the simplex works on: every model row i gets a logical variable s_i with
// identity column, and the whole problem becomes a minimisation with equality rows
//
//     min  c'^T x'     subject to   A' x' + s = 0,    lower <= (x', s) <= upper
//
// with A' = R A C (see scaling.hpp), x = C x', c' = sense * C c (sense = -1 for a maximised model),
// and the logical bounds s_i in [-R_i row_upper_i, -R_i row_lower_i], so that the row activity is
// a_i x = -s_i / R_i. This is the sign convention of HiGHS: the logicals are the identity columns
// with index num_cols + i, as basis_factor.hpp expects. Every variable may be boxed, lower-only,
// upper-only, free or fixed.
#pragma once

#include <memory>
#include <vector>

#include "fleetopt/core/model.hpp"
#include "fleetopt/lp/scaling.hpp"

namespace fleetopt::lp {

struct ComputationalForm {
  int num_rows = 0;
  int num_cols = 0;  // structural columns; variables num_cols .. num_cols+num_rows-1 are logicals
  // A' both ways, never changed once made: copies of a form (LpSolver::copy_state_from) share
  // them, so that copying a solver's state costs O(m + n), not O(nnz).
  struct Matrices {
    core::SparseMatrix by_column;  // A' (CSC), num_rows x num_cols
    core::SparseMatrix by_row;     // A'^T in CSC, i.e. A' row-wise, for the pivot row
  };
  std::shared_ptr<const Matrices> matrices;
  const core::SparseMatrix& matrix() const { return matrices->by_column; }
  const core::SparseMatrix& row_matrix() const { return matrices->by_row; }
  std::vector<double> cost;       // c', size num_cols + num_rows (logicals cost 0)
  std::vector<double> lower;      // size num_cols + num_rows
  std::vector<double> upper;
  Scaling scaling;
  double sense = 1.0;  // +1 minimise, -1 maximise: internal objective = sense * (c^T x)

  int num_vars() const { return num_cols + num_rows; }
  // Structural column j's scaled bounds from unscaled ones.
  void set_col_bounds(int j, double lo, double hi);
};

ComputationalForm make_computational_form(const core::Model& model, bool scale = true);

}  // namespace fleetopt::lp
