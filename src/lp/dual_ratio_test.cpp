#include "fleetopt/lp/dual_ratio_test.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "fleetopt/core/model.hpp"
#include "fleetopt/core/tolerances.hpp"

namespace fleetopt::lp {
namespace {

// The smallest Harris ratio of candidates[0, count), never negative: a reduced cost already beyond
// the tolerance gives a negative Harris ratio, but the step cannot be negative and the group must
// not be empty.
double harris_bound(const std::vector<DualRatioCandidate>& candidates, std::size_t count) {
  double theta_max = core::kInfinity;
  for (std::size_t k = 0; k < count; ++k) theta_max = std::min(theta_max, candidates[k].relaxed);
  return std::max(theta_max, 0.0);
}

// Among candidates[0, count) whose exact ratio is within theta_max, the one with the largest
// |alpha| (count if none: only NaN ratios or pivots can leave the group empty).
std::size_t largest_pivot_within(const std::vector<DualRatioCandidate>& candidates, std::size_t count,
                                 double theta_max) {
  std::size_t best_k = count;
  double best_alpha = 0.0;
  for (std::size_t k = 0; k < count; ++k) {
    const DualRatioCandidate& c = candidates[k];
    if (c.ratio > theta_max) continue;
    if (std::abs(c.alpha) > best_alpha) {
      best_alpha = std::abs(c.alpha);
      best_k = k;
    }
  }
  return best_k;
}

class BoundFlipping final : public DualRatioTest {
 public:
  DualRatioTestRule rule() const override { return DualRatioTestRule::bound_flipping; }
  DualRatioChoice choose(std::vector<DualRatioCandidate>& candidates, double slope,
                         std::vector<int>& flips) const override {
    flips.clear();
    std::size_t remaining = candidates.size();
    while (remaining > 0) {
      const double theta_max = harris_bound(candidates, remaining);
      // Group: candidates whose exact ratio is within the Harris bound.
      double group_slope = 0.0;
      for (std::size_t k = 0; k < remaining; ++k)
        if (candidates[k].ratio <= theta_max) group_slope += std::abs(candidates[k].alpha) * candidates[k].range;
      if (std::isfinite(group_slope) && slope - group_slope > core::tol::kPrimalFeasibility) {
        // Passing the whole group keeps the dual objective rising: flip its variables. (A
        // remaining slope within the primal tolerance is rounding: the group then gives the pivot.)
        slope -= group_slope;
        std::size_t keep = 0;
        for (std::size_t k = 0; k < remaining; ++k) {
          if (candidates[k].ratio <= theta_max) flips.push_back(candidates[k].var);
          else candidates[keep++] = candidates[k];
        }
        remaining = keep;
        continue;
      }
      const std::size_t best = largest_pivot_within(candidates, remaining, theta_max);
      if (best == remaining) return {-1, true};
      // Every other candidate c with ratio below theta ends with d_c - theta alpha_c >= -tol,
      // since theta <= theta_max <= its Harris ratio: no further flips are needed.
      return {static_cast<int>(best), false};
    }
    return {-1, false};  // every candidate flipped and the slope is still positive
  }
};

class Harris final : public DualRatioTest {
 public:
  DualRatioTestRule rule() const override { return DualRatioTestRule::harris; }
  DualRatioChoice choose(std::vector<DualRatioCandidate>& candidates, double, std::vector<int>& flips) const override {
    flips.clear();
    if (candidates.empty()) return {-1, false};
    const double theta_max = harris_bound(candidates, candidates.size());
    const std::size_t best = largest_pivot_within(candidates, candidates.size(), theta_max);
    if (best == candidates.size()) return {-1, true};
    return {static_cast<int>(best), false};
  }
};

}  // namespace

std::unique_ptr<DualRatioTest> DualRatioTest::clone() const { return make_dual_ratio_test(rule()); }

std::string to_string(DualRatioTestRule rule) {
  switch (rule) {
    case DualRatioTestRule::bound_flipping: return "bound-flipping";
    case DualRatioTestRule::harris: return "harris";
  }
  return "unknown";
}

DualRatioTestRule parse_dual_ratio_test_rule(const std::string& name) {
  for (DualRatioTestRule rule : {DualRatioTestRule::bound_flipping, DualRatioTestRule::harris})
    if (to_string(rule) == name) return rule;
  throw std::invalid_argument("unknown dual ratio test '" + name + "' (bound-flipping or harris)");
}

std::unique_ptr<DualRatioTest> make_dual_ratio_test(DualRatioTestRule rule) {
  switch (rule) {
    case DualRatioTestRule::bound_flipping: return std::make_unique<BoundFlipping>();
    case DualRatioTestRule::harris: return std::make_unique<Harris>();
  }
  throw std::invalid_argument("make_dual_ratio_test: unknown rule");
}

}  // namespace fleetopt::lp
