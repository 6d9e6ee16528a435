#include "fleetopt/lp/computational_form.hpp"

namespace fleetopt::lp {

void ComputationalForm::set_col_bounds(int j, double lo, double hi) {
  lower[j] = lo / scaling.col_scale[j];
  upper[j] = hi / scaling.col_scale[j];
}

ComputationalForm make_computational_form(const core::Model& model, bool scale) {
  ComputationalForm f;
  f.num_rows = model.num_rows();
  f.num_cols = model.num_cols();
  f.sense = model.sense == core::ObjectiveSense::maximize ? -1.0 : 1.0;
  f.scaling = scale ? compute_scaling(model.matrix) : identity_scaling(f.num_rows, f.num_cols);
  const auto& r = f.scaling.row_scale;
  const auto& c = f.scaling.col_scale;
  auto matrices = std::make_shared<ComputationalForm::Matrices>();
  core::SparseMatrix& a = matrices->by_column;
  a = model.matrix;
  for (int j = 0; j < f.num_cols; ++j)
    for (int k = a.col_start[j]; k < a.col_start[j + 1]; ++k) a.value[k] *= r[a.row_index[k]] * c[j];
  matrices->by_row = a.transpose();
  f.matrices = std::move(matrices);
  const int total = f.num_vars();
  f.cost.assign(total, 0.0);
  f.lower.resize(total);
  f.upper.resize(total);
  for (int j = 0; j < f.num_cols; ++j) {
    f.cost[j] = f.sense * model.objective[j] * c[j];
    f.lower[j] = model.col_lower[j] / c[j];
    f.upper[j] = model.col_upper[j] / c[j];
  }
  for (int i = 0; i < f.num_rows; ++i) {
    // Logical s_i = -R_i * (a_i x): its bounds are the row bounds negated, swapped and scaled.
    f.lower[f.num_cols + i] = -model.row_upper[i] * r[i];
    f.upper[f.num_cols + i] = -model.row_lower[i] * r[i];
  }
  return f;
}

}  // namespace fleetopt::lp
