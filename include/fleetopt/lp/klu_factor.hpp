// Sparse basis factorization on SuiteSparse KLU, with our own sparse solves and update.
//
// Factorization. KLU (Davis and Palamadai Natarajan, "Algorithm 907: KLU, a direct sparse solver
// for circuit simulation problems", ACM TOMS 37(3), 2010) permutes B to block upper triangular
// form (BTF) and factorizes each diagonal block by left-looking LU with threshold partial pivoting
// (Gilbert-Peierls). klu_extract hands us, in the permuted numbering,
//
//     C = (Rs^-1 B)(P, Q) = L U + F,      C(i, j) = B(P[i], Q[j]) / Rs[P[i]],
//
// with L unit lower and U upper triangular, both block diagonal (blocks R[0..nblocks]), and F the
// strictly block-upper off-diagonal part. Simplex bases are mostly logicals and column singletons,
// so most blocks are 1 x 1 and the LU work sits in a few kernel blocks.
//
// Logicals are eliminated before KLU sees the basis. With R_L the rows whose logical e_r is basic,
// R_S the others and S the positions holding structurals (|S| = |R_S|), ordering rows R_L, R_S and
// columns logicals, S gives
//
//     B = [ I   B(R_L, S) ]
//         [ 0   B(R_S, S) ]
//
// so only B_SS = B(R_S, S) goes to KLU. The logicals become the first |R_L| permuted positions,
// each a 1 x 1 block (pivot 1, row scale 1), KLU's blocks of B_SS follow, and B(R_L, S) joins F:
// its rows are the logicals' earlier blocks, so C keeps the form above and the solves and updates
// do not know about the split. Why: refactorization was about 35% of a cold dual simplex on
// fleet LPs (~100 refactorizations of ~100,000-row bases, most positions logical), and KLU's
// analysis, BTF and scaling passes all scale with the full basis while the logicals need none of
// them. Eliminating them cut those cold solves by 21-31% (1x8760x4: 2.02 -> 1.40 s, 20x672x4:
// 2.79 -> 2.19 s, same iteration counts within 0.1%).
//
// Solves (ours; KLU's own are dense, O(m + nnz(LU)) whatever the right-hand side).
//   FTRAN  B y = b:    c[i] = b[P[i]] / Rs[P[i]];  C z = c by block back substitution
//                      (z_k = U_k^-1 L_k^-1 (c_k - F_k z_later)),  y[Q[j]] = z[j].
//   BTRAN  B^T x = b:  d[j] = b[Q[j]];  C^T w = d by block forward substitution with F^T stored
//                      row-wise,  x[P[i]] = w[i] / Rs[P[i]].
// A sparse right-hand side (IndexedVector below kSparseSolveDensity) only visits the blocks it
// reaches: touched blocks wait in a two-level bitmap (BlockQueue) and are solved in dependency
// order (descending block index for FTRAN, ascending for BTRAN), and a solved entry
// scatters through its F column (FTRAN) or F row (BTRAN) into earlier (later) blocks. This is the
// block-level form of the symbolic reach of Gilbert and Peierls ("Sparse partial pivoting in time
// proportional to arithmetic operations", SIAM J. Sci. Stat. Comput. 9, 1988) that Hall and
// McKinnon (2005) use for hyper-sparse simplex solves. Denser right-hand sides take one dense sweep.
// Entries of magnitude at most core::tol::kSolveTiny are cancellation residue: every solve sets
// them to zero where they would scatter, leaves them out of its answer's index list, and no eta
// stores them (on coupled fleets they were a third of the eta entries; docs/lp.md section 10).
//
// Update: product form (Dantzig and Orchard-Hays 1954). Replacing basis column p by a_q with
// alpha = B^-1 a_q gives B' = B E, E = I + (alpha - e_p) e_p^T, so
//     FTRAN:  y' = E^-1 y:   y'_p = y_p / alpha_p,  y'_i = y_i - alpha_i y'_p      (after the LU)
//     BTRAN:  x' = E^-T x:   x'_p = (x_p - sum_{i != p} alpha_i x_i) / alpha_p      (before the LU)
// The etas are applied in order for FTRAN and in reverse order for BTRAN. The BTRAN form is a dot
// product per eta, which costs every eta's every entry even when x is e_r (the pivot row of the
// dual simplex, one BTRAN per iteration): 14% of a year-long LP's cold solve. For a sparse x the
// etas' entries are also kept listed by row index, and the sums are scattered instead: each
// nonzero x_i adds alpha_i x_i to the sum of every eta holding i, and each x'_p that changes adds
// its change to the earlier etas holding p; an eta with a zero sum and x_p = 0 is skipped. That
// costs the entries the nonzeros reach plus one test per eta.
//
// Singular bases: structural rank deficiency (B has full structural rank exactly when B_SS has)
// is repaired from a maximum transversal of the full basis (btf_maxtrans): unmatched basis
// positions take the logicals of unmatched rows. Numerical singularity (|U(k,k)| <=
// core::tol::kFactorSingularPivot after KLU's row scaling) is repaired by giving the first bad
// pivot of each block of B_SS the logical of its pivot row and refactorizing. Either repair adds
// logicals, so the split is redone.
//
// The solve methods are const but use internal scratch space: one KluBasisFactor must not be used
// from two threads at once.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "fleetopt/lp/basis_factor.hpp"

namespace fleetopt::lp {

// Right-hand sides with at most this fraction of nonzeros take the sparse (block-reach) solve;
// denser ones a single dense sweep, whose O(m) pass is then cheaper than per-entry bookkeeping.
// 10% is the switch point Hall and McKinnon (2005) report for hyper-sparse techniques.
inline constexpr double kSparseSolveDensity = 0.10;
// Refactorize when the eta file holds more nonzeros than this many times nnz(L + U + F) + m: past
// it every solve spends more time in the etas than in the LU itself.
inline constexpr double kEtaFillRefactorRatio = 1.0;
// Refactorize when the solves since the last factorize went through more eta entries than this
// many times the size of what that factorize built (basis kernel, L, U, F, m). Each update makes
// every later solve longer while a refactorization costs about the same each time, so the total
// is least when the accumulated extra solve work matches the refactorization's cost; the ratio
// converts entries walked into the cost of building one entry (KLU's analysis, factorization,
// extraction, then fresh values). Measured (cold solves of the hull fleet LPs, min of 5 runs,
// seconds for 10x96x4 / 50x96x4 / 1x8760x4 / 20x672x4): a fixed 500 updates 0.050 / 0.334 /
// 1.04 / 1.97; ratio 5: 0.050 / 0.337 / 0.95 / 1.82; 10: 0.048 / 0.266 / 0.67 / 1.24; 20: 0.056 /
// 0.282 / 0.69 / 1.24; 50: 0.060 / 0.293 / 0.73 / 1.62 (this machine varies by 20%). At 10 the
// factor is rebuilt every 320 updates on the smallest and every 1,360 on the largest.
inline constexpr double kEtaWorkRefactorRatio = 10.0;

struct KluFactorStats {
  int dimension = 0;
  int num_blocks = 0;
  int largest_block = 0;
  std::int64_t lu_nonzeros = 0;            // strictly lower L + strictly upper U + diagonal
  std::int64_t off_diagonal_nonzeros = 0;  // nnz(F)
  std::int64_t eta_nonzeros = 0;
  int repaired_positions = 0;  // basis positions replaced by logicals in the last factorize
  int factor_attempts = 0;     // KLU factorizations in the last factorize (1 unless repaired)
  bool symbolic_reused = false;
  double condition_estimate = 0.0;  // 1 / klu_rcond: crude, cheap (max/min |U(k,k)|)
};

class KluBasisFactor final : public BasisFactor {
 public:
  KluBasisFactor();
  ~KluBasisFactor() override;
  KluBasisFactor& operator=(const KluBasisFactor&) = delete;

  FactorStatus factorize(const core::SparseMatrix& a, std::vector<int>& basic_index) override;
  void ftran(IndexedVector& rhs) const override;
  void btran(IndexedVector& rhs) const override;
  bool update(int position, const IndexedVector& entering_ftran) override;
  bool wants_refactor() const override;
  int updates_since_refactor() const override { return static_cast<int>(etas_.size()); }
  long long factorizations() const override { return factorizations_; }
  bool drop_updates_after(int count) override;  // product form: the etas are simply truncated
  bool tighten_pivot_threshold() override;       // KLU's Common.tol, see core/tolerances.hpp
  double pivot_threshold() const override;
  std::unique_ptr<BasisFactor> clone() const override;

  const KluFactorStats& stats() const { return stats_; }

 private:
  struct Impl;
  // Copies every member; KLU's own objects are not copied (see KluObjects).
  KluBasisFactor(const KluBasisFactor&) = default;

  // KLU's objects. A copy gets fresh ones with the same pivot threshold: the factors the solves
  // use are our extracted arrays, and KLU's analysis of a pattern does not depend on what it
  // analysed before, so the copy's next factorize gives what the original's would.
  class KluObjects {
   public:
    KluObjects();
    KluObjects(const KluObjects& other);
    KluObjects& operator=(const KluObjects&) = delete;
    ~KluObjects();
    Impl* operator->() const { return impl_.get(); }

   private:
    std::unique_ptr<Impl> impl_;
  };
  struct Eta {
    int position;
    double pivot;
    int start;  // into eta_index_/eta_value_
    int end;
  };

  void ftran_lu_dense(IndexedVector& rhs) const;
  void ftran_lu_sparse(IndexedVector& rhs) const;
  void btran_lu_dense(IndexedVector& rhs) const;
  void btran_lu_sparse(IndexedVector& rhs) const;
  void apply_etas_forward(IndexedVector& rhs) const;
  void apply_etas_backward(IndexedVector& rhs) const;
  void apply_etas_backward_scatter(IndexedVector& rhs) const;

  KluObjects impl_;
  int m_ = 0;
  bool factored_ = false;
  long long factorizations_ = 0;

  // The extracted factors, permuted numbering.
  std::vector<int> block_start_;  // nblocks + 1
  std::vector<int> block_of_;     // m
  std::vector<int> l_start_, l_index_;  // strictly lower L by column
  std::vector<double> l_value_;
  std::vector<int> u_start_, u_index_;  // strictly upper U by column
  std::vector<double> u_value_;
  std::vector<double> u_diag_;
  std::vector<int> f_start_, f_index_;  // F by column
  std::vector<double> f_value_;
  std::vector<int> ft_start_, ft_index_;  // F by row (F^T by column)
  std::vector<double> ft_value_;
  std::vector<int> row_of_perm_;   // P: permuted row i is basis row row_of_perm_[i]
  std::vector<int> perm_of_row_;   // P^-1
  std::vector<int> pos_of_perm_;   // Q: permuted column j is basis position pos_of_perm_[j]
  std::vector<int> perm_of_pos_;   // Q^-1
  std::vector<double> inv_row_scale_;  // 1 / Rs, by basis row

  // Product-form etas since the last factorize.
  std::vector<Eta> etas_;
  std::vector<int> eta_index_;
  std::vector<double> eta_value_;
  // The same entries listed by row index, newest first (entry_next_ leads to the next older entry
  // of the same index, index_head_ to the newest; entry_eta_ names the entry's eta): the BTRAN of
  // a sparse right-hand side scatters through them (apply_etas_backward_scatter).
  std::vector<int> entry_eta_;
  std::vector<int> entry_next_;
  std::vector<int> index_head_;
  mutable std::vector<double> eta_sum_;  // per eta: sum of its entries times the current values
  // Entries of etas the solves went through since the last factorize, and the size of what the
  // last factorize built (wants_refactor weighs the one against the other).
  mutable long long eta_work_ = 0;
  long long factor_work_ = 0;

  // Solve scratch (zero between calls).
  mutable std::vector<double> work_;
  mutable std::vector<char> touched_mark_;
  mutable std::vector<int> touched_;
  // The blocks a sparse solve still has to visit. Simplex bases are nearly triangular (tens of
  // thousands of 1 x 1 blocks), so a reach holds thousands of blocks, and the binary heap used
  // before spent O(log k) unpredictable branches per block: half the solve time on fleet LPs. A
  // bitmap over blocks (bit b % 64 of words[b / 64]) plus a summary bitmap over its nonzero words
  // pops the next block in the same order as the heap (so results are bit-identical) with a few
  // bit scans. F only sends values to earlier blocks (FTRAN) or later ones (BTRAN), so the
  // summary cursor moves one way and a whole solve scans the summary once: O(m / 4096 + reach).
  struct BlockQueue {
    std::vector<std::uint64_t> words;
    std::vector<std::uint64_t> summary;  // bit w % 64 of summary[w / 64]: words[w] != 0
    int low = 0;    // summary words outside [low, high] are zero
    int high = -1;
    void reset(int num_blocks);
    bool empty() const { return low > high; }
    void push(int block);
    int pop_max();  // requires !empty()
    int pop_min();  // requires !empty(); either pop keeps summary[low] and summary[high] nonzero
  };
  mutable BlockQueue block_queue_;

  KluFactorStats stats_;
};

}  // namespace fleetopt::lp
