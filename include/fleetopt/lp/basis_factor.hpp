// The basis factorization interface the simplex talks to. The basis B is m x m, its column k is
// column basic_index[k] of [A | I] (indices >= num_cols are the logicals, the identity columns).
//
//   FTRAN: solve B y = a   (the entering column in terms of the basis)
//   BTRAN: solve B^T z = e (a row of B^-1, for the pivot row and dual updates)
//   update: replace basis column k by a new column, without refactorizing
//
// Implementations: KLU from SuiteSparse for the LU, plus our own update between refactorizations.
#pragma once

#include <memory>
#include <vector>

#include "fleetopt/core/model.hpp"
#include "fleetopt/lp/indexed_vector.hpp"

namespace fleetopt::lp {

enum class FactorStatus { ok, singular_repaired, failed };

class BasisFactor {
 public:
  virtual ~BasisFactor() = default;

  // Factorizes the basis made of `basic_index` (size m) over matrix A (m x n) and its logicals.
  // If the basis is singular, the offending positions are replaced by logicals: basic_index is
  // changed in place and the status says so (never a silent failure).
  virtual FactorStatus factorize(const core::SparseMatrix& a, std::vector<int>& basic_index) = 0;

  // In place: rhs := B^-1 rhs.
  virtual void ftran(IndexedVector& rhs) const = 0;
  // In place: rhs := B^-T rhs.
  virtual void btran(IndexedVector& rhs) const = 0;

  // Replaces basis position `position` by the column whose FTRAN result is `entering_ftran`
  // (B^-1 a_q, as returned by ftran). Returns false if the update is numerically unsafe; the
  // caller must then refactorize.
  virtual bool update(int position, const IndexedVector& entering_ftran) = 0;

  // True when refactorizing is due (update count, fill growth or accumulated solve cost).
  virtual bool wants_refactor() const = 0;
  virtual int updates_since_refactor() const = 0;

  // Counts factorize calls: an update does not change it, so (factorizations, updates) names the
  // basis the factors represent.
  virtual long long factorizations() const = 0;
  // Forgets the updates after the first `count`, so that the factors represent the basis they
  // had then (the simplex's checkpoints: strong branching returns to its node's basis without a
  // refactorization). False, with nothing changed, if that is not possible: `count` is more
  // than the updates, or the factor cannot drop updates.
  virtual bool drop_updates_after(int count) = 0;

  // After numerical trouble: later factorizations choose pivots more stably (more fill). False if
  // nothing changed (already at the strictest threshold, or a factor without one: the dense LU
  // pivots by magnitude anyway). Takes effect at the next factorize.
  virtual bool tighten_pivot_threshold() { return false; }
  // The current threshold (0 for a factor without one).
  virtual double pivot_threshold() const { return 0.0; }

  // An independent copy in the same state: factors, updates and pivot threshold, so that the
  // copy's solves and later factorizations give the same numbers as this one's would
  // (LpSolver::copy_state_from).
  virtual std::unique_ptr<BasisFactor> clone() const = 0;
};

// KLU LU with our own update (see klu_factor.hpp).
std::unique_ptr<BasisFactor> make_klu_factor();
// Dense Eigen LU, refactorized on every update (see dense_factor.hpp): slow (O(m^3) per update)
// but simple; the reference the KLU factor and the simplex are tested against on small models.
std::unique_ptr<BasisFactor> make_dense_factor();

// Refactorize after this many updates at the latest. Each product-form update adds one eta
// column that every later FTRAN and BTRAN pays for and that carries the rounding of its pivot.
// The KLU factor decides by cost before that (kEtaWorkRefactorRatio in klu_factor.hpp: the eta
// work since the last factorization against that factorization's size; it refactorizes every
// 300-1,400 updates on the fleet LPs) and by fill (kEtaFillRefactorRatio). This cap only bounds
// the rounding the etas can carry: a fixed limit of 500 was the rule before the cost test, and
// measured then (tight relaxations, seconds for 20x672x4 / 1x8760x4): 100 updates 8.3 / 5.3,
// 300 4.4 / 2.6, 500 3.6 / 2.3, 1000 3.0 / 1.9. All Netlib LPs pass with the cost test and this cap.
inline constexpr int kMaxUpdatesBeforeRefactor = 2000;

// A basis update is refused when its pivot |entering_ftran[position]| is at most
// core::tol::kPivotAbsolute or below core::tol::kPivotRelative times the largest |entry| of
// entering_ftran: the same rule the simplex ratio test applies, so an accepted pivot is never
// refused here and a refused one means the FTRAN result itself is not trustworthy.
bool update_pivot_is_safe(int position, const IndexedVector& entering_ftran);

}  // namespace fleetopt::lp
