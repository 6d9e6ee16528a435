#include "fleetopt/lp/dense_factor.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

#include "fleetopt/core/tolerances.hpp"

namespace fleetopt::lp {

bool update_pivot_is_safe(int position, const IndexedVector& entering_ftran) {
  const double pivot = std::fabs(entering_ftran[position]);
  if (!(pivot > core::tol::kPivotAbsolute)) return false;  // also refuses NaN
  double largest = 0.0;
  if (entering_ftran.is_sparse()) {
    for (int i : entering_ftran.indices()) largest = std::max(largest, std::fabs(entering_ftran[i]));
  } else {
    for (double v : entering_ftran.values()) largest = std::max(largest, std::fabs(v));
  }
  return pivot >= core::tol::kPivotRelative * largest;
}

Eigen::MatrixXd assemble_dense_basis(const core::SparseMatrix& a,
                                     const std::vector<int>& basic_index) {
  const int m = a.num_rows;
  if (static_cast<int>(basic_index.size()) != m)
    throw std::invalid_argument("basis has " + std::to_string(basic_index.size()) +
                                " columns, the matrix " + std::to_string(m) + " rows");
  Eigen::MatrixXd b = Eigen::MatrixXd::Zero(m, m);
  for (int k = 0; k < m; ++k) {
    const int j = basic_index[k];
    if (j < 0 || j >= a.num_cols + m)
      throw std::invalid_argument("basic index " + std::to_string(j) + " out of range");
    if (j >= a.num_cols) {
      b(j - a.num_cols, k) = 1.0;
    } else {
      for (int p = a.col_start[j]; p < a.col_start[j + 1]; ++p) b(a.row_index[p], k) = a.value[p];
    }
  }
  return b;
}

FactorStatus DenseBasisFactor::factorize(const core::SparseMatrix& a,
                                         std::vector<int>& basic_index) {
  const int m = a.num_rows;
  basis_ = assemble_dense_basis(a, basic_index);
  ++factorizations_;
  updates_ = 0;
  FactorStatus status = FactorStatus::ok;
  if (m > 0) {
    Eigen::FullPivLU<Eigen::MatrixXd> rank_lu(basis_);
    rank_lu.setThreshold(core::tol::kFactorSingularPivot);
    const int rank = static_cast<int>(rank_lu.rank());
    if (rank < m) {
      // P B Q = L U: pivot k uses original column Q(k) and original row P^-1(k).
      const auto& col_perm = rank_lu.permutationQ().indices();
      // Eigen's permutation sends row i of B to row indices(i) of P B; invert it.
      const auto& row_perm = rank_lu.permutationP().indices();
      Eigen::VectorXi row_of_pivot(m);
      for (int i = 0; i < m; ++i) row_of_pivot(row_perm(i)) = i;
      for (int k = rank; k < m; ++k) {
        const int position = col_perm(k);
        const int row = row_of_pivot(k);
        basic_index[position] = a.num_cols + row;
        basis_.col(position).setZero();
        basis_(row, position) = 1.0;
      }
      status = FactorStatus::singular_repaired;
    }
  }
  lu_.compute(basis_);
  return status;
}

void DenseBasisFactor::ftran(IndexedVector& rhs) const {
  const int m = rhs.size();
  Eigen::Map<Eigen::VectorXd> x(rhs.values().data(), m);
  Eigen::VectorXd solved = lu_.solve(x);
  x = solved;
  rhs.rebuild_indices();
}

void DenseBasisFactor::btran(IndexedVector& rhs) const {
  const int m = rhs.size();
  Eigen::Map<Eigen::VectorXd> x(rhs.values().data(), m);
  Eigen::VectorXd solved = lu_.transpose().solve(x);
  x = solved;
  rhs.rebuild_indices();
}

bool DenseBasisFactor::update(int position, const IndexedVector& entering_ftran) {
  if (!update_pivot_is_safe(position, entering_ftran)) return false;
  const int m = static_cast<int>(basis_.rows());
  Eigen::Map<const Eigen::VectorXd> alpha(entering_ftran.values().data(), m);
  // entering_ftran = B^-1 a_q, so B * entering_ftran recovers the entering column a_q.
  Eigen::VectorXd entering = basis_ * alpha;
  basis_.col(position) = entering;
  lu_.compute(basis_);
  ++updates_;
  return true;
}

std::unique_ptr<BasisFactor> make_dense_factor() { return std::make_unique<DenseBasisFactor>(); }

}  // namespace fleetopt::lp
