#include "fleetopt/mip/pseudocosts.hpp"

#include <algorithm>

#include "fleetopt/core/tolerances.hpp"

namespace fleetopt::mip {

namespace {
// SCIP's sumepsilon: a zero gain still ranks a candidate by its other direction.
constexpr double kScoreEpsilon = 1e-6;
}  // namespace

Pseudocosts::Pseudocosts(int num_cols)
    : down_sum_(num_cols, 0.0), up_sum_(num_cols, 0.0), down_count_(num_cols, 0), up_count_(num_cols, 0) {}

void Pseudocosts::record(int j, bool up, double distance, double gain) {
  // A branch on a value within the integrality tolerance of an integer (made to remove LP
  // noise) says nothing per unit: gain / 1e-8 would swamp every average.
  if (!(distance > core::tol::kIntegrality)) return;
  const double per_unit = std::max(gain, 0.0) / distance;
  (up ? up_sum_ : down_sum_)[j] += per_unit;
  ++(up ? up_count_ : down_count_)[j];
  total_sum_[up] += per_unit;
  ++total_count_[up];
}

double Pseudocosts::per_unit(int j, bool up) const {
  const int n = count(j, up);
  if (n > 0) return (up ? up_sum_ : down_sum_)[j] / n;
  if (total_count_[up] > 0) return total_sum_[up] / static_cast<double>(total_count_[up]);
  // Nothing observed yet in this direction: borrow the other direction's mean, else 1 (every
  // candidate then scores alike and the rule's tie-break decides).
  if (total_count_[!up] > 0) return total_sum_[!up] / static_cast<double>(total_count_[!up]);
  return 1.0;
}

double product_score(double down_gain, double up_gain) {
  return std::max(down_gain, kScoreEpsilon) * std::max(up_gain, kScoreEpsilon);
}

}  // namespace fleetopt::mip
