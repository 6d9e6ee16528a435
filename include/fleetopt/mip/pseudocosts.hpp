// Pseudocosts (Benichou et al., Math. Prog. 1, 1971; Achterberg, Koch, Martin, "Branching rules
// revisited", Oper. Res. Letters 33, 2005): per integer column and direction, the average
// objective worsening per unit of change observed when branching on it, from node LPs and from
// strong branching.
#pragma once

#include <vector>

namespace fleetopt::mip {

class Pseudocosts {
 public:
  explicit Pseudocosts(int num_cols = 0);
  // Records that moving column j by `distance` (> 0) down or up worsened the objective by `gain`
  // (>= 0; negative values from LP tolerances count as 0).
  void record(int j, bool up, double distance, double gain);
  int count(int j, bool up) const { return up ? up_count_[j] : down_count_[j]; }
  // Average gain per unit; the mean over all recorded columns when j has none (1 if none at all).
  double per_unit(int j, bool up) const;
  // Expected worsening of moving j's LP value down by `down_distance` (up by 1 - that).
  double expected(int j, bool up, double distance) const { return per_unit(j, up) * distance; }

 private:
  std::vector<double> down_sum_, up_sum_;
  std::vector<int> down_count_, up_count_;
  double total_sum_[2] = {0.0, 0.0};
  long long total_count_[2] = {0, 0};
};

// SCIP's product score: max(down, eps) * max(up, eps), eps = 1e-6 (Achterberg 2007, sec. 5.2).
double product_score(double down_gain, double up_gain);

}  // namespace fleetopt::mip
