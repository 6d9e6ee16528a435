// Dense basis factorization: B (m x m, columns from A and the logicals, see basis_factor.hpp) is
// stored as a dense matrix and factorized by Eigen's PartialPivLU (P B = L U, row partial
// pivoting). An update replaces column p of B by B * entering_ftran (= the entering column a_q,
// since entering_ftran = B^-1 a_q) and refactorizes. A singular basis is repaired with a full-pivot
// LU (P B Q = L U): the columns past its numerical rank are dependent, and they are replaced by the
// logicals of the rows past the rank, which makes [B_independent | e_rows] nonsingular
// (its determinant is +- the determinant of the rank x rank pivot block).
//
// O(m^3) per factorize or update: for tests and small models only.
#pragma once

#include <Eigen/Dense>
#include <vector>

#include "fleetopt/core/model.hpp"
#include "fleetopt/lp/basis_factor.hpp"

namespace fleetopt::lp {

// The basis matrix as a dense m x m matrix: column k is column basic_index[k] of [A | I].
Eigen::MatrixXd assemble_dense_basis(const core::SparseMatrix& a,
                                     const std::vector<int>& basic_index);

class DenseBasisFactor final : public BasisFactor {
 public:
  FactorStatus factorize(const core::SparseMatrix& a, std::vector<int>& basic_index) override;
  void ftran(IndexedVector& rhs) const override;
  void btran(IndexedVector& rhs) const override;
  bool update(int position, const IndexedVector& entering_ftran) override;
  bool wants_refactor() const override { return updates_ >= kMaxUpdatesBeforeRefactor; }
  int updates_since_refactor() const override { return updates_; }
  long long factorizations() const override { return factorizations_; }
  // Updates are folded into the dense LU at once: they cannot be dropped (only count ==
  // updates_since_refactor() succeeds).
  bool drop_updates_after(int count) override { return count == updates_; }
  std::unique_ptr<BasisFactor> clone() const override { return std::make_unique<DenseBasisFactor>(*this); }

  // The current basis matrix (after repairs and updates).
  const Eigen::MatrixXd& basis() const { return basis_; }

 private:
  Eigen::MatrixXd basis_;
  Eigen::PartialPivLU<Eigen::MatrixXd> lu_;
  int updates_ = 0;
  long long factorizations_ = 0;
};

}  // namespace fleetopt::lp
