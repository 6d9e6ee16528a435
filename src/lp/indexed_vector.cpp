#include "fleetopt/lp/indexed_vector.hpp"

#include <algorithm>
#include <cmath>

namespace fleetopt::lp {

void IndexedVector::resize(int size) {
  values_.assign(size, 0.0);
  listed_.assign(size, 0);
  indices_.clear();
  sparse_ = true;
}

void IndexedVector::clear() {
  if (sparse_) {
    for (int i : indices_) {
      values_[i] = 0.0;
      listed_[i] = 0;
    }
  } else {
    // Dense mode keeps listed_ all zero (mark_dense cleared it), so only values need resetting.
    std::fill(values_.begin(), values_.end(), 0.0);
  }
  indices_.clear();
  sparse_ = true;
}

void IndexedVector::mark_dense() {
  for (int i : indices_) listed_[i] = 0;
  indices_.clear();
  sparse_ = false;
}

void IndexedVector::rebuild_indices(double drop_tolerance) {
  for (int i : indices_) listed_[i] = 0;
  indices_.clear();
  const int n = size();
  for (int i = 0; i < n; ++i) {
    if (values_[i] == 0.0) continue;
    if (std::fabs(values_[i]) <= drop_tolerance) {
      values_[i] = 0.0;
      continue;
    }
    listed_[i] = 1;
    indices_.push_back(i);
  }
  sparse_ = true;
}

void IndexedVector::drop_tiny(double tolerance) {
  if (!sparse_) {
    for (double& v : values_)
      if (v != 0.0 && std::fabs(v) <= tolerance) v = 0.0;
    return;
  }
  std::size_t kept = 0;
  for (int i : indices_) {
    if (std::fabs(values_[i]) <= tolerance) {
      values_[i] = 0.0;
      listed_[i] = 0;
      continue;
    }
    indices_[kept++] = i;
  }
  indices_.resize(kept);
}

double IndexedVector::density() const {
  return size() == 0 ? 0.0 : static_cast<double>(count()) / static_cast<double>(size());
}

}  // namespace fleetopt::lp
