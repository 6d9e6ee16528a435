// A sparse vector that is also dense: values[i] for every i plus the list of positions that may be
// nonzero. Simplex solves with sparse right-hand sides touch only the listed positions (Hall and
// McKinnon 2005, "Hyper-sparsity in the revised simplex method"); when the list grows past a
// density threshold the vector is treated as dense and the list is dropped.
//
// Invariant: when sparse, every i with values[i] != 0 is in indices() exactly once (listed
// entries may still be zero after cancellation); when dense, indices() is empty.
#pragma once

#include <vector>

namespace fleetopt::lp {

class IndexedVector {
 public:
  IndexedVector() = default;
  explicit IndexedVector(int size) { resize(size); }

  void resize(int size);
  int size() const { return static_cast<int>(values_.size()); }
  // Sets every listed (or, when dense, every) entry to zero; O(count) when sparse.
  void clear();

  // Adds v to entry i, recording i in the index list if it was not there. add, set and
  // note_nonzero are defined here so they inline: they run once per nonzero in the pricing and
  // solve loops, where an out-of-line call cost about a tenth of the solve time on fleet LPs.
  void add(int i, double v) {
    values_[i] += v;
    note_nonzero(i);
  }
  // Sets entry i to v, recording i.
  void set(int i, double v) {
    values_[i] = v;
    note_nonzero(i);
  }
  double operator[](int i) const { return values_[i]; }

  // True when `indices()` lists every position that may be nonzero.
  bool is_sparse() const { return sparse_; }
  const std::vector<int>& indices() const { return indices_; }
  // Number of listed positions (sparse) or the size (dense).
  int count() const { return sparse_ ? static_cast<int>(indices_.size()) : size(); }
  // Direct access for kernels; callers that write through it must call mark_dense() or
  // rebuild_indices() afterwards.
  std::vector<double>& values() { return values_; }
  const std::vector<double>& values() const { return values_; }
  void mark_dense();
  // Recomputes the index list from the values, dropping entries with |v| <= drop_tolerance.
  void rebuild_indices(double drop_tolerance = 0.0);

  // Sets entries of magnitude at most `tolerance` to zero and, when sparse, removes them from the
  // index list: O(count) when sparse, O(size) when dense.
  void drop_tiny(double tolerance);

  // Records i in the index list (when sparse) without touching its value: for kernels that write
  // values() directly and keep the list themselves.
  void note_nonzero(int i) {
    if (sparse_ && !listed_[i]) {
      listed_[i] = 1;
      indices_.push_back(i);
    }
  }
  // count() / size(): kernels switch from sparse to dense sweeps past a threshold.
  double density() const;
  // Calls f(i) for every position that may be nonzero: the listed ones when sparse, all when dense.
  template <typename F>
  void for_each_position(F&& f) const {
    if (sparse_) {
      for (int i : indices_) f(i);
    } else {
      for (int i = 0; i < size(); ++i) f(i);
    }
  }

 private:
  std::vector<double> values_;
  std::vector<int> indices_;
  std::vector<char> listed_;
  bool sparse_ = true;
};

}  // namespace fleetopt::lp
