#include "fleetopt/mip/heur_simple_rounding.hpp"

#include <cmath>

namespace fleetopt::mip {

void SimpleRounding::run(NodeContext& ctx, const SolutionSink& submit) {
  const core::Model& m = ctx.model;
  if (down_locks_.empty()) {
    down_locks_.assign(m.num_cols(), 0);
    up_locks_.assign(m.num_cols(), 0);
    const auto& a = m.matrix;
    for (int j = 0; j < m.num_cols(); ++j)
      for (int k = a.col_start[j]; k < a.col_start[j + 1]; ++k) {
        const int i = a.row_index[k];
        const bool has_lower = std::isfinite(m.row_lower[i]), has_upper = std::isfinite(m.row_upper[i]);
        // Increasing a column with a positive coefficient pushes the row up.
        const bool positive = a.value[k] > 0;
        if (positive ? has_upper : has_lower) ++up_locks_[j];
        if (positive ? has_lower : has_upper) ++down_locks_[j];
      }
  }
  std::vector<double> x = ctx.lp.x;
  for (int j : ctx.fractional) {
    if (down_locks_[j] == 0) x[j] = std::floor(x[j]);
    else if (up_locks_[j] == 0) x[j] = std::ceil(x[j]);
    else return;
  }
  submit(x);
}

}  // namespace fleetopt::mip
