#include "fleetopt/lp/klu_factor.hpp"

#include <btf.h>
#include <klu.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

#include "fleetopt/core/tolerances.hpp"

namespace fleetopt::lp {

namespace {

constexpr double kTiny = core::tol::kSolveTiny;  // cancellation residue (see the header)

struct BasisCsc {
  std::vector<int> start;
  std::vector<int> index;
  std::vector<double> value;
};

// The basis with its logical positions eliminated (see the header): B_SS = B(R_S, S) in CSC over
// reduced rows and columns, plus what the combined structure needs from the rest.
struct ReducedBasis {
  BasisCsc kernel;                 // B_SS; column c is basis position structural_pos[c]
  std::vector<int> structural_pos;  // S, in position order
  std::vector<int> kernel_row;      // reduced row -> basis row (R_S, ascending)
  std::vector<int> logical_row;     // R_L ascending: the t-th logical block is this row's logical
  std::vector<int> logical_pos;     // ... at this basis position
  // Entries of S columns in R_L rows, by reduced column: the row is given as the logical block t
  // of that row, value unscaled. They become F entries above the kernel.
  std::vector<int> top_start, top_block;
  std::vector<double> top_value;
  int num_logicals() const { return static_cast<int>(logical_row.size()); }
  int kernel_size() const { return static_cast<int>(structural_pos.size()); }
};

}  // namespace

struct KluBasisFactor::Impl {
  klu_common common{};
  klu_symbolic* symbolic = nullptr;
  klu_numeric* numeric = nullptr;
  // The pattern the symbolic analysis was computed for: reused when a basis with the same pattern
  // is factorized again (B&B nodes re-solving from a stored basis, refactorization of an
  // unchanged basis for accuracy).
  std::vector<int> pattern_start;
  std::vector<int> pattern_index;
  // The reduced basis of the last factorize and its row map, kept to avoid reallocating.
  ReducedBasis reduced;
  std::vector<int> row_map;

  Impl() {
    klu_defaults(&common);
    // Simplex bases are solved thousands of times between refactorizations and small pivots
    // amplify rounding in every one of those solves; KLU's default 0.001 favours fill over
    // stability. 0.1 is the threshold HiGHS uses for its basis LU (see tolerances.hpp).
    common.tol = core::tol::kFactorPivotThreshold;
    // A singular basis is an expected event (the simplex repairs it), not an error.
    common.halt_if_singular = 0;
  }
  ~Impl() { free_all(); }
  void free_numeric() {
    if (numeric) klu_free_numeric(&numeric, &common);
    numeric = nullptr;
  }
  void free_all() {
    free_numeric();
    if (symbolic) klu_free_symbolic(&symbolic, &common);
    symbolic = nullptr;
    pattern_start.clear();
    pattern_index.clear();
  }
};

namespace {

BasisCsc assemble_basis(const core::SparseMatrix& a, const std::vector<int>& basic_index) {
  const int m = a.num_rows;
  BasisCsc b;
  b.start.assign(m + 1, 0);
  for (int k = 0; k < m; ++k) {
    const int j = basic_index[k];
    if (j < a.num_cols) {
      b.index.insert(b.index.end(), a.row_index.begin() + a.col_start[j],
                     a.row_index.begin() + a.col_start[j + 1]);
      b.value.insert(b.value.end(), a.value.begin() + a.col_start[j],
                     a.value.begin() + a.col_start[j + 1]);
    } else {
      b.index.push_back(j - a.num_cols);
      b.value.push_back(1.0);
    }
    b.start[k + 1] = static_cast<int>(b.index.size());
  }
  return b;
}

// One pass over the basis columns with a row map (basis row -> reduced row, or -1 - t for the
// row of logical block t). A logical that occurs twice stays in S the second time: its column
// is then empty in B_SS, which KLU reports as structural rank deficiency, repaired as before.
void assemble_reduced(const core::SparseMatrix& a, const std::vector<int>& basic_index,
                      std::vector<int>& row_map, ReducedBasis& r) {
  const int m = a.num_rows;
  const int n = a.num_cols;
  constexpr int kUnset = std::numeric_limits<int>::min();
  row_map.assign(m, kUnset);
  r.structural_pos.clear();
  r.logical_pos.clear();
  r.logical_row.clear();
  r.kernel_row.clear();
  // row_map first holds the position of the row's (first) basic logical, as -2 - position.
  for (int k = 0; k < m; ++k) {
    const int j = basic_index[k];
    if (j >= n && row_map[j - n] == kUnset) {
      row_map[j - n] = -2 - k;
    } else {
      r.structural_pos.push_back(k);
    }
  }
  for (int i = 0; i < m; ++i) {
    if (row_map[i] == kUnset) {
      row_map[i] = static_cast<int>(r.kernel_row.size());
      r.kernel_row.push_back(i);
    } else {
      r.logical_pos.push_back(-2 - row_map[i]);
      row_map[i] = -1 - static_cast<int>(r.logical_row.size());
      r.logical_row.push_back(i);
    }
  }
  BasisCsc& b = r.kernel;
  const int ns = r.kernel_size();
  b.start.assign(ns + 1, 0);
  b.index.clear();
  b.value.clear();
  r.top_start.assign(ns + 1, 0);
  r.top_block.clear();
  r.top_value.clear();
  auto put = [&](int row, double v) {
    const int q = row_map[row];
    if (q >= 0) {
      b.index.push_back(q);
      b.value.push_back(v);
    } else {
      r.top_block.push_back(-1 - q);
      r.top_value.push_back(v);
    }
  };
  for (int c = 0; c < ns; ++c) {
    const int j = basic_index[r.structural_pos[c]];
    if (j < n) {
      for (int p = a.col_start[j]; p < a.col_start[j + 1]; ++p) put(a.row_index[p], a.value[p]);
    } else {
      put(j - n, 1.0);  // a repeated logical
    }
    b.start[c + 1] = static_cast<int>(b.index.size());
    r.top_start[c + 1] = static_cast<int>(r.top_block.size());
  }
}

bool bad_pivot(double u) { return !(std::fabs(u) > core::tol::kFactorSingularPivot) || !std::isfinite(u); }

// Replaces structurally dependent basis positions by logicals: a maximum transversal matches
// rows to basis positions; every unmatched position gets the logical of an unmatched row, which
// completes the matching, so the repaired basis has full structural rank. Returns the count.
int repair_structural_rank(const core::SparseMatrix& a, std::vector<int>& basic_index) {
  const int m = a.num_rows;
  BasisCsc b = assemble_basis(a, basic_index);
  std::vector<int> match(m), work(5 * static_cast<size_t>(m));
  double work_done = 0.0;
  const int matched = btf_maxtrans(m, m, b.start.data(), b.index.data(), 0.0, &work_done,
                                   match.data(), work.data());
  if (matched == m) return 0;
  std::vector<char> position_matched(m, 0);
  std::vector<int> free_rows;
  for (int i = 0; i < m; ++i) {
    if (match[i] >= 0) {
      position_matched[match[i]] = 1;
    } else {
      free_rows.push_back(i);
    }
  }
  int replaced = 0;
  for (int k = 0; k < m; ++k) {
    if (position_matched[k]) continue;
    basic_index[k] = a.num_cols + free_rows[replaced++];
  }
  return replaced;
}

}  // namespace

KluBasisFactor::KluObjects::KluObjects() : impl_(std::make_unique<Impl>()) {}
KluBasisFactor::KluObjects::KluObjects(const KluObjects& other) : impl_(std::make_unique<Impl>()) {
  impl_->common.tol = other.impl_->common.tol;
}
KluBasisFactor::KluObjects::~KluObjects() = default;

KluBasisFactor::KluBasisFactor() = default;
KluBasisFactor::~KluBasisFactor() = default;

std::unique_ptr<BasisFactor> KluBasisFactor::clone() const {
  return std::unique_ptr<BasisFactor>(new KluBasisFactor(*this));
}

FactorStatus KluBasisFactor::factorize(const core::SparseMatrix& a, std::vector<int>& basic_index) {
  const int m = a.num_rows;
  const int n = a.num_cols;
  if (static_cast<int>(basic_index.size()) != m)
    throw std::invalid_argument("basis has " + std::to_string(basic_index.size()) +
                                " positions, the matrix " + std::to_string(m) + " rows");
  for (int j : basic_index)
    if (j < 0 || j >= n + m)
      throw std::invalid_argument("basic index " + std::to_string(j) + " out of range [0, " +
                                  std::to_string(n + m) + ")");
  factored_ = false;
  ++factorizations_;
  etas_.clear();
  eta_index_.clear();
  eta_value_.clear();
  entry_eta_.clear();
  entry_next_.clear();
  index_head_.assign(m, -1);
  eta_work_ = 0;
  impl_->free_numeric();
  stats_ = KluFactorStats{};
  stats_.dimension = m;
  m_ = m;
  work_.assign(m, 0.0);
  touched_mark_.assign(m, 0);
  touched_.clear();
  if (m == 0) {
    block_start_.assign(1, 0);
    factored_ = true;
    return FactorStatus::ok;
  }

  // Only B_SS goes to KLU (see the header). Structural rank is checked on KLU's own BTF analysis
  // of it (klu_analyze runs a maximum transversal anyway; a logical column can only be matched to
  // its own row, so B has full structural rank exactly when B_SS has): a separate btf_maxtrans up
  // front doubled that work on every refactorization, which was a tenth of the solve time on
  // fleet LPs with frequent refactorizations. The repair runs on the full basis, and only when
  // the analysis reports a deficiency, so the factorized basis is the same as before.
  int repaired = 0;
  bool rank_repaired = false;
  ReducedBasis& rb = impl_->reduced;
  int ns = 0;        // |S|
  int nblocks = 0;   // KLU's blocks of B_SS
  int nzoff = 0;     // nnz of KLU's F
  std::vector<int> lower_p, lower_i, upper_p, upper_i, f_p, f_i, perm_p, perm_q, blocks;
  std::vector<double> lower_x, upper_x, f_x, scale, kernel_diag;
  // Each round replaces at least one position (the first bad pivot of a block) and never
  // re-creates one, so m + 1 rounds bound the loop; the slack basis below is the last resort.
  for (int round = 0;; ++round) {
    if (round > m) {
      for (int k = 0; k < m; ++k) basic_index[k] = n + k;
      repaired = m;
    }
    assemble_reduced(a, basic_index, impl_->row_map, rb);
    ns = rb.kernel_size();
    nblocks = 0;
    nzoff = 0;
    impl_->free_numeric();
    if (ns == 0) break;  // all logicals: B is a permuted identity, nothing for KLU (nor n = 0)
    BasisCsc& b = rb.kernel;
    const bool same_pattern = impl_->symbolic != nullptr && impl_->pattern_start == b.start &&
                              impl_->pattern_index == b.index;
    if (!same_pattern) {
      impl_->free_all();
      impl_->symbolic = klu_analyze(ns, b.start.data(), b.index.data(), &impl_->common);
    }
    // structural_rank is -1 when KLU did not compute it (no BTF): repair then, to be sure.
    if (!rank_repaired && (impl_->symbolic == nullptr || impl_->symbolic->structural_rank != ns)) {
      rank_repaired = true;
      const int replaced = repair_structural_rank(a, basic_index);
      if (replaced > 0) {
        repaired += replaced;
        impl_->free_all();
        continue;  // analyze the repaired basis (its R_L, R_S and S change)
      }
    }
    if (impl_->symbolic == nullptr) return FactorStatus::failed;
    if (!same_pattern) {
      impl_->pattern_start = b.start;
      impl_->pattern_index = b.index;
    }
    stats_.symbolic_reused = same_pattern;
    ++stats_.factor_attempts;
    impl_->numeric =
        klu_factor(b.start.data(), b.index.data(), b.value.data(), impl_->symbolic, &impl_->common);
    if (impl_->numeric == nullptr) return FactorStatus::failed;

    klu_numeric* num = impl_->numeric;
    nblocks = impl_->symbolic->nblocks;
    nzoff = num->nzoff;
    lower_p.assign(ns + 1, 0);
    lower_i.resize(num->lnz);
    lower_x.resize(num->lnz);
    upper_p.assign(ns + 1, 0);
    upper_i.resize(num->unz);
    upper_x.resize(num->unz);
    f_p.assign(ns + 1, 0);
    f_i.resize(std::max(nzoff, 1));
    f_x.resize(std::max(nzoff, 1));
    perm_p.resize(ns);
    perm_q.resize(ns);
    scale.assign(ns, 1.0);
    blocks.resize(nblocks + 1);
    if (!klu_extract(num, impl_->symbolic, lower_p.data(), lower_i.data(), lower_x.data(),
                     upper_p.data(), upper_i.data(), upper_x.data(), f_p.data(), f_i.data(),
                     f_x.data(), perm_p.data(), perm_q.data(),
                     num->Rs != nullptr ? scale.data() : nullptr, blocks.data(), &impl_->common))
      return FactorStatus::failed;

    // Diagonal of U, then the first bad pivot of each block (later pivots of that block are
    // computed from it and mean nothing).
    kernel_diag.assign(ns, 0.0);
    for (int j = 0; j < ns; ++j)
      for (int p = upper_p[j]; p < upper_p[j + 1]; ++p)
        if (upper_i[p] == j) kernel_diag[j] = upper_x[p];
    std::vector<int> bad;
    for (int blk = 0; blk < nblocks; ++blk)
      for (int j = blocks[blk]; j < blocks[blk + 1]; ++j)
        if (bad_pivot(kernel_diag[j])) {
          bad.push_back(j);
          break;
        }
    if (bad.empty()) break;
    if (round > m) return FactorStatus::failed;  // even the slack basis failed: cannot happen

    std::vector<char> logical_basic(m, 0);
    for (int j : basic_index)
      if (j >= n) logical_basic[j - n] = 1;
    for (int j : bad) {
      // The pivot row of the failed column is unpivoted at that step, so its logical gives a unit
      // pivot there; if that logical is already basic take the next unpivoted row of the block,
      // else any row whose logical is free. (Indices j, i are KLU's, in B_SS.)
      const int blk_end = blocks[std::upper_bound(blocks.begin(), blocks.end(), j) - blocks.begin()];
      int row = -1;
      for (int i = j; i < blk_end && row < 0; ++i)
        if (!logical_basic[rb.kernel_row[perm_p[i]]]) row = rb.kernel_row[perm_p[i]];
      for (int r = 0; r < m && row < 0; ++r)
        if (!logical_basic[r]) row = r;
      if (row < 0) break;  // every logical is basic: the slack basis, nonsingular
      logical_basic[row] = 1;
      basic_index[rb.structural_pos[perm_q[j]]] = n + row;
      ++repaired;
    }
  }

  // The combined structure: the logicals as the first nl permuted positions, each a 1 x 1 block
  // with unit pivot and row scale 1, then KLU's blocks of B_SS shifted by nl. F holds KLU's F
  // (shifted) and the entries of S columns in R_L rows, which lie in the logicals' earlier
  // blocks, so C stays block upper triangular and the solves below need not know.
  const int nl = rb.num_logicals();  // nl + ns == m
  const int total_blocks = nl + nblocks;
  block_start_.resize(total_blocks + 1);
  block_of_.resize(m);
  for (int t = 0; t < nl; ++t) {
    block_start_[t] = t;
    block_of_[t] = t;
  }
  block_start_[nl] = nl;
  stats_.num_blocks = total_blocks;
  stats_.largest_block = nl > 0 ? 1 : 0;
  for (int blk = 0; blk < nblocks; ++blk) {
    block_start_[nl + blk + 1] = nl + blocks[blk + 1];
    stats_.largest_block = std::max(stats_.largest_block, blocks[blk + 1] - blocks[blk]);
    for (int j = blocks[blk]; j < blocks[blk + 1]; ++j) block_of_[nl + j] = nl + blk;
  }
  auto strict_part = [m, nl, ns](const std::vector<int>& sp, const std::vector<int>& si,
                                 const std::vector<double>& sx, bool lower, std::vector<int>& dp,
                                 std::vector<int>& di, std::vector<double>& dx) {
    dp.assign(m + 1, 0);
    di.clear();
    dx.clear();
    for (int j = 0; j < ns; ++j) {
      for (int p = sp[j]; p < sp[j + 1]; ++p) {
        const int i = si[p];
        if ((lower && i > j) || (!lower && i < j)) {
          if (sx[p] == 0.0) continue;
          di.push_back(nl + i);
          dx.push_back(sx[p]);
        }
      }
      dp[nl + j + 1] = static_cast<int>(di.size());
    }
  };
  strict_part(lower_p, lower_i, lower_x, true, l_start_, l_index_, l_value_);
  strict_part(upper_p, upper_i, upper_x, false, u_start_, u_index_, u_value_);
  u_diag_.assign(m, 1.0);  // a logical's coefficient (assemble_reduced) is 1
  std::copy(kernel_diag.begin(), kernel_diag.begin() + ns, u_diag_.begin() + nl);
  f_start_.assign(m + 1, 0);
  f_index_.clear();
  f_value_.clear();
  f_index_.reserve(nzoff + rb.top_block.size());
  f_value_.reserve(nzoff + rb.top_block.size());
  for (int j = 0; j < ns; ++j) {
    for (int p = f_p[j]; p < f_p[j + 1]; ++p) {
      f_index_.push_back(nl + f_i[p]);
      f_value_.push_back(f_x[p]);
    }
    const int c = perm_q[j];  // reduced column
    for (int p = rb.top_start[c]; p < rb.top_start[c + 1]; ++p) {
      f_index_.push_back(rb.top_block[p]);
      f_value_.push_back(rb.top_value[p]);
    }
    f_start_[nl + j + 1] = static_cast<int>(f_index_.size());
  }
  // F^T by column = F by row.
  ft_start_.assign(m + 1, 0);
  for (int i : f_index_) ++ft_start_[i + 1];
  for (int i = 0; i < m; ++i) ft_start_[i + 1] += ft_start_[i];
  ft_index_.resize(f_index_.size());
  ft_value_.resize(f_value_.size());
  {
    std::vector<int> next(ft_start_.begin(), ft_start_.end() - 1);
    for (int j = 0; j < m; ++j)
      for (int p = f_start_[j]; p < f_start_[j + 1]; ++p) {
        const int q = next[f_index_[p]]++;
        ft_index_[q] = j;
        ft_value_[q] = f_value_[p];
      }
  }
  row_of_perm_.resize(m);
  pos_of_perm_.resize(m);
  inv_row_scale_.resize(m);
  for (int t = 0; t < nl; ++t) {
    row_of_perm_[t] = rb.logical_row[t];
    pos_of_perm_[t] = rb.logical_pos[t];
    inv_row_scale_[rb.logical_row[t]] = 1.0;
  }
  // klu_extract returns the scale factors in permuted order: scale[i] belongs to row P[i]
  // (checked on a hand example; Numeric->Rs itself is by original row).
  for (int i = 0; i < ns; ++i) {
    const int r = rb.kernel_row[perm_p[i]];
    row_of_perm_[nl + i] = r;
    pos_of_perm_[nl + i] = rb.structural_pos[perm_q[i]];
    inv_row_scale_[r] = 1.0 / scale[i];
  }
  perm_of_row_.resize(m);
  perm_of_pos_.resize(m);
  for (int i = 0; i < m; ++i) {
    perm_of_row_[row_of_perm_[i]] = i;
    perm_of_pos_[pos_of_perm_[i]] = i;
  }

  block_queue_.reset(total_blocks);
  stats_.lu_nonzeros = static_cast<std::int64_t>(l_index_.size() + u_index_.size()) + m;
  stats_.off_diagonal_nonzeros = static_cast<std::int64_t>(f_index_.size());
  factor_work_ = static_cast<long long>(rb.kernel.index.size() + rb.top_block.size()) + stats_.lu_nonzeros +
                 stats_.off_diagonal_nonzeros + m;
  stats_.repaired_positions = repaired;
  double largest = 0.0, smallest = core::kInfinity;
  for (double u : u_diag_) {
    largest = std::max(largest, std::fabs(u));
    smallest = std::min(smallest, std::fabs(u));
  }
  stats_.condition_estimate = largest / smallest;
  factored_ = true;
  return repaired > 0 ? FactorStatus::singular_repaired : FactorStatus::ok;
}

// ---- block queue ------------------------------------------------------------------------------

namespace {
constexpr int kBitsPerWord = 64;
int highest_bit(std::uint64_t w) { return kBitsPerWord - 1 - __builtin_clzll(w); }
int lowest_bit(std::uint64_t w) { return __builtin_ctzll(w); }
}  // namespace

void KluBasisFactor::BlockQueue::reset(int num_blocks) {
  const int num_words = (num_blocks + kBitsPerWord - 1) / kBitsPerWord;
  words.assign(num_words, 0);
  summary.assign((num_words + kBitsPerWord - 1) / kBitsPerWord, 0);
  low = static_cast<int>(summary.size());
  high = -1;
}

void KluBasisFactor::BlockQueue::push(int block) {
  const int w = block / kBitsPerWord;
  const std::uint64_t bit = std::uint64_t{1} << (block % kBitsPerWord);
  if (words[w] & bit) return;
  if (words[w] == 0) {
    const int s = w / kBitsPerWord;
    summary[s] |= std::uint64_t{1} << (w % kBitsPerWord);
    low = std::min(low, s);
    high = std::max(high, s);
  }
  words[w] |= bit;
}

// Invariant: when not empty, summary[low] and summary[high] are nonzero.
int KluBasisFactor::BlockQueue::pop_max() {
  const int w = high * kBitsPerWord + highest_bit(summary[high]);
  const int b = highest_bit(words[w]);
  words[w] &= ~(std::uint64_t{1} << b);
  if (words[w] == 0) {
    summary[high] &= ~(std::uint64_t{1} << (w % kBitsPerWord));
    while (high >= low && summary[high] == 0) --high;
    if (high < low) {
      low = static_cast<int>(summary.size());
      high = -1;
    }
  }
  return w * kBitsPerWord + b;
}

int KluBasisFactor::BlockQueue::pop_min() {
  const int w = low * kBitsPerWord + lowest_bit(summary[low]);
  const int b = lowest_bit(words[w]);
  words[w] &= ~(std::uint64_t{1} << b);
  if (words[w] == 0) {
    summary[low] &= ~(std::uint64_t{1} << (w % kBitsPerWord));
    while (low <= high && summary[low] == 0) ++low;
    if (low > high) {
      low = static_cast<int>(summary.size());
      high = -1;
    }
  }
  return w * kBitsPerWord + b;
}

// ---- FTRAN ------------------------------------------------------------------------------------

void KluBasisFactor::ftran(IndexedVector& rhs) const {
  if (!factored_) throw std::logic_error("ftran before a successful factorize");
  if (m_ == 0) return;
  if (rhs.is_sparse() && rhs.density() <= kSparseSolveDensity) {
    ftran_lu_sparse(rhs);
  } else {
    ftran_lu_dense(rhs);
  }
  apply_etas_forward(rhs);
  rhs.drop_tiny(kTiny);
}

void KluBasisFactor::ftran_lu_dense(IndexedVector& rhs) const {
  std::vector<double>& x = rhs.values();
  std::vector<double>& c = work_;
  for (int i = 0; i < m_; ++i) {
    const int r = row_of_perm_[i];
    c[i] = x[r] * inv_row_scale_[r];
  }
  const int nblocks = static_cast<int>(block_start_.size()) - 1;
  for (int blk = nblocks - 1; blk >= 0; --blk) {
    const int k1 = block_start_[blk];
    const int k2 = block_start_[blk + 1];
    if (k2 - k1 > 1) {
      for (int j = k1; j < k2; ++j) {
        const double cj = c[j];
        if (std::fabs(cj) <= kTiny) {
          c[j] = 0.0;
          continue;
        }
        for (int p = l_start_[j]; p < l_start_[j + 1]; ++p) c[l_index_[p]] -= l_value_[p] * cj;
      }
    }
    for (int j = k2 - 1; j >= k1; --j) {
      if (std::fabs(c[j]) <= kTiny) {
        c[j] = 0.0;
        continue;
      }
      const double zj = c[j] / u_diag_[j];
      c[j] = zj;
      for (int p = u_start_[j]; p < u_start_[j + 1]; ++p) c[u_index_[p]] -= u_value_[p] * zj;
      for (int p = f_start_[j]; p < f_start_[j + 1]; ++p) c[f_index_[p]] -= f_value_[p] * zj;
    }
  }
  for (int j = 0; j < m_; ++j) {
    x[pos_of_perm_[j]] = c[j];
    c[j] = 0.0;
  }
  rhs.rebuild_indices(kTiny);
}

void KluBasisFactor::ftran_lu_sparse(IndexedVector& rhs) const {
  std::vector<double>& c = work_;
  BlockQueue& queue = block_queue_;  // latest block first: F sends values to earlier blocks only
  auto touch = [&](int i) {
    if (!touched_mark_[i]) {
      touched_mark_[i] = 1;
      touched_.push_back(i);
    }
    queue.push(block_of_[i]);
  };
  for (int r : rhs.indices()) {
    const double v = rhs[r];
    if (v == 0.0) continue;
    const int i = perm_of_row_[r];
    c[i] = v * inv_row_scale_[r];
    touch(i);
  }
  while (!queue.empty()) {
    const int blk = queue.pop_max();
    const int k1 = block_start_[blk];
    const int k2 = block_start_[blk + 1];
    if (k2 - k1 > 1) {
      // A kernel block is solved whole; every entry of it may fill in.
      for (int j = k1; j < k2; ++j) {
        if (!touched_mark_[j]) {
          touched_mark_[j] = 1;
          touched_.push_back(j);
        }
      }
      for (int j = k1; j < k2; ++j) {
        const double cj = c[j];
        if (std::fabs(cj) <= kTiny) {
          c[j] = 0.0;
          continue;
        }
        for (int p = l_start_[j]; p < l_start_[j + 1]; ++p) c[l_index_[p]] -= l_value_[p] * cj;
      }
    }
    for (int j = k2 - 1; j >= k1; --j) {
      if (std::fabs(c[j]) <= kTiny) {
        c[j] = 0.0;
        continue;
      }
      const double zj = c[j] / u_diag_[j];
      c[j] = zj;
      for (int p = u_start_[j]; p < u_start_[j + 1]; ++p) c[u_index_[p]] -= u_value_[p] * zj;
      for (int p = f_start_[j]; p < f_start_[j + 1]; ++p) {
        const int i = f_index_[p];
        c[i] -= f_value_[p] * zj;
        // F reaches only blocks that are not solved yet, so a touched entry's block is already
        // waiting in the queue: only a first touch needs the queue.
        if (!touched_mark_[i]) touch(i);
      }
    }
  }
  rhs.clear();
  std::vector<double>& x = rhs.values();
  for (int j : touched_) {
    if (c[j] != 0.0) {
      const int pos = pos_of_perm_[j];
      x[pos] = c[j];
      rhs.note_nonzero(pos);
    }
    c[j] = 0.0;
    touched_mark_[j] = 0;
  }
  touched_.clear();
}

void KluBasisFactor::apply_etas_forward(IndexedVector& rhs) const {
  std::vector<double>& x = rhs.values();
  eta_work_ += static_cast<long long>(etas_.size());
  for (const Eta& eta : etas_) {
    const double xp = x[eta.position];
    if (std::fabs(xp) <= kTiny) {
      x[eta.position] = 0.0;
      continue;
    }
    eta_work_ += eta.end - eta.start;
    const double scaled = xp / eta.pivot;
    x[eta.position] = scaled;
    for (int p = eta.start; p < eta.end; ++p) {
      const int i = eta_index_[p];
      x[i] -= eta_value_[p] * scaled;
      rhs.note_nonzero(i);
    }
  }
}

// ---- BTRAN ------------------------------------------------------------------------------------

void KluBasisFactor::btran(IndexedVector& rhs) const {
  if (!factored_) throw std::logic_error("btran before a successful factorize");
  if (m_ == 0) return;
  apply_etas_backward(rhs);
  if (rhs.is_sparse() && rhs.density() <= kSparseSolveDensity) {
    btran_lu_sparse(rhs);
  } else {
    btran_lu_dense(rhs);
  }
  rhs.drop_tiny(kTiny);
}

void KluBasisFactor::apply_etas_backward(IndexedVector& rhs) const {
  if (etas_.empty()) return;
  if (rhs.is_sparse() && rhs.density() <= kSparseSolveDensity) {
    apply_etas_backward_scatter(rhs);
    return;
  }
  eta_work_ += static_cast<long long>(etas_.size() + eta_index_.size());
  std::vector<double>& x = rhs.values();
  for (auto it = etas_.rbegin(); it != etas_.rend(); ++it) {
    double s = x[it->position];
    for (int p = it->start; p < it->end; ++p) s -= eta_value_[p] * x[eta_index_[p]];
    s /= it->pivot;
    if (std::fabs(s) <= kTiny) s = 0.0;
    x[it->position] = s;
    if (s != 0.0) rhs.note_nonzero(it->position);
  }
}

void KluBasisFactor::apply_etas_backward_scatter(IndexedVector& rhs) const {
  std::vector<double>& x = rhs.values();
  const int num_etas = static_cast<int>(etas_.size());
  eta_sum_.assign(num_etas, 0.0);
  long long work = num_etas;
  for (int i : rhs.indices()) {
    const double xi = x[i];
    if (xi == 0.0) continue;
    for (int p = index_head_[i]; p >= 0; p = entry_next_[p], ++work) eta_sum_[entry_eta_[p]] += eta_value_[p] * xi;
  }
  for (int k = num_etas - 1; k >= 0; --k) {
    const Eta& eta = etas_[k];
    const double before = x[eta.position];
    if (eta_sum_[k] == 0.0 && before == 0.0) continue;
    double after = (before - eta_sum_[k]) / eta.pivot;
    if (std::fabs(after) <= kTiny) after = 0.0;
    x[eta.position] = after;
    if (after != 0.0) rhs.note_nonzero(eta.position);
    const double change = after - before;
    if (change == 0.0) continue;
    // Only the etas applied after this one (k' < k) see the new value; the list is newest first.
    int p = index_head_[eta.position];
    while (p >= 0 && entry_eta_[p] >= k) p = entry_next_[p];
    for (; p >= 0; p = entry_next_[p], ++work) eta_sum_[entry_eta_[p]] += eta_value_[p] * change;
  }
  eta_work_ += work;
}

void KluBasisFactor::btran_lu_dense(IndexedVector& rhs) const {
  std::vector<double>& x = rhs.values();
  std::vector<double>& d = work_;
  for (int j = 0; j < m_; ++j) d[j] = x[pos_of_perm_[j]];
  const int nblocks = static_cast<int>(block_start_.size()) - 1;
  for (int blk = 0; blk < nblocks; ++blk) {
    const int k1 = block_start_[blk];
    const int k2 = block_start_[blk + 1];
    // U_k^T forward (gather along U's columns).
    for (int j = k1; j < k2; ++j) {
      double s = d[j];
      for (int p = u_start_[j]; p < u_start_[j + 1]; ++p) s -= u_value_[p] * d[u_index_[p]];
      d[j] = s / u_diag_[j];
    }
    if (k2 - k1 > 1) {
      // L_k^T backward.
      for (int j = k2 - 2; j >= k1; --j) {
        double s = d[j];
        for (int p = l_start_[j]; p < l_start_[j + 1]; ++p) s -= l_value_[p] * d[l_index_[p]];
        d[j] = s;
      }
    }
    for (int i = k1; i < k2; ++i) {
      const double wi = d[i];
      if (std::fabs(wi) <= kTiny) {
        d[i] = 0.0;
        continue;
      }
      for (int p = ft_start_[i]; p < ft_start_[i + 1]; ++p) d[ft_index_[p]] -= ft_value_[p] * wi;
    }
  }
  for (int i = 0; i < m_; ++i) {
    const int r = row_of_perm_[i];
    x[r] = d[i] * inv_row_scale_[r];
    d[i] = 0.0;
  }
  rhs.rebuild_indices(kTiny);
}

void KluBasisFactor::btran_lu_sparse(IndexedVector& rhs) const {
  std::vector<double>& d = work_;
  BlockQueue& queue = block_queue_;  // earliest block first: F^T sends values to later blocks only
  auto touch = [&](int j) {
    if (!touched_mark_[j]) {
      touched_mark_[j] = 1;
      touched_.push_back(j);
    }
    queue.push(block_of_[j]);
  };
  for (int pos : rhs.indices()) {
    const double v = rhs[pos];
    if (v == 0.0) continue;
    const int j = perm_of_pos_[pos];
    d[j] = v;
    touch(j);
  }
  while (!queue.empty()) {
    const int blk = queue.pop_min();
    const int k1 = block_start_[blk];
    const int k2 = block_start_[blk + 1];
    if (k2 - k1 == 1) {
      if (d[k1] == 0.0) continue;
      d[k1] /= u_diag_[k1];
    } else {
      for (int j = k1; j < k2; ++j) {
        if (!touched_mark_[j]) {
          touched_mark_[j] = 1;
          touched_.push_back(j);
        }
        double s = d[j];
        for (int p = u_start_[j]; p < u_start_[j + 1]; ++p) s -= u_value_[p] * d[u_index_[p]];
        d[j] = s / u_diag_[j];
      }
      for (int j = k2 - 2; j >= k1; --j) {
        double s = d[j];
        for (int p = l_start_[j]; p < l_start_[j + 1]; ++p) s -= l_value_[p] * d[l_index_[p]];
        d[j] = s;
      }
    }
    for (int i = k1; i < k2; ++i) {
      const double wi = d[i];
      if (std::fabs(wi) <= kTiny) {
        d[i] = 0.0;
        continue;
      }
      for (int p = ft_start_[i]; p < ft_start_[i + 1]; ++p) {
        const int j = ft_index_[p];
        d[j] -= ft_value_[p] * wi;
        if (!touched_mark_[j]) touch(j);  // as in FTRAN: a touched entry's block is queued
      }
    }
  }
  rhs.clear();
  std::vector<double>& x = rhs.values();
  for (int i : touched_) {
    if (d[i] != 0.0) {
      const int r = row_of_perm_[i];
      x[r] = d[i] * inv_row_scale_[r];
      rhs.note_nonzero(r);
    }
    d[i] = 0.0;
    touched_mark_[i] = 0;
  }
  touched_.clear();
}

// ---- update -----------------------------------------------------------------------------------

bool KluBasisFactor::update(int position, const IndexedVector& entering_ftran) {
  if (!factored_ || position < 0 || position >= m_) return false;
  if (!update_pivot_is_safe(position, entering_ftran)) return false;
  Eta eta{position, entering_ftran[position], static_cast<int>(eta_index_.size()), 0};
  const int eta_number = static_cast<int>(etas_.size());
  auto keep = [&](int i) {
    const double v = entering_ftran[i];
    if (i == position || std::fabs(v) <= kTiny) return;
    entry_eta_.push_back(eta_number);
    entry_next_.push_back(index_head_[i]);
    index_head_[i] = static_cast<int>(eta_index_.size());
    eta_index_.push_back(i);
    eta_value_.push_back(v);
  };
  if (entering_ftran.is_sparse()) {
    for (int i : entering_ftran.indices()) keep(i);
  } else {
    for (int i = 0; i < m_; ++i) keep(i);
  }
  eta.end = static_cast<int>(eta_index_.size());
  etas_.push_back(eta);
  stats_.eta_nonzeros = static_cast<std::int64_t>(eta_index_.size());
  return true;
}

bool KluBasisFactor::drop_updates_after(int count) {
  if (!factored_ || count < 0 || count > static_cast<int>(etas_.size())) return false;
  if (count == static_cast<int>(etas_.size())) return true;
  const int keep = count == 0 ? 0 : etas_[count - 1].end;
  // Newest entries first, so every index's list head returns to what it was.
  for (int p = static_cast<int>(eta_index_.size()) - 1; p >= keep; --p) index_head_[eta_index_[p]] = entry_next_[p];
  etas_.resize(count);
  eta_index_.resize(keep);
  eta_value_.resize(keep);
  entry_eta_.resize(keep);
  entry_next_.resize(keep);
  stats_.eta_nonzeros = static_cast<std::int64_t>(eta_index_.size());
  return true;
}

bool KluBasisFactor::tighten_pivot_threshold() {
  const double current = impl_->common.tol;
  const double tighter = std::min(core::tol::kFactorPivotThresholdStrict, current * core::tol::kFactorPivotThresholdGrowth);
  if (!(tighter > current)) return false;
  impl_->common.tol = tighter;
  return true;
}

double KluBasisFactor::pivot_threshold() const { return impl_->common.tol; }

bool KluBasisFactor::wants_refactor() const {
  if (static_cast<int>(etas_.size()) >= kMaxUpdatesBeforeRefactor) return true;
  if (static_cast<double>(eta_work_) > kEtaWorkRefactorRatio * static_cast<double>(factor_work_)) return true;
  const double factor_size =
      static_cast<double>(stats_.lu_nonzeros + stats_.off_diagonal_nonzeros) + m_;
  return static_cast<double>(stats_.eta_nonzeros) > kEtaFillRefactorRatio * factor_size;
}

std::unique_ptr<BasisFactor> make_klu_factor() { return std::make_unique<KluBasisFactor>(); }

}  // namespace fleetopt::lp
