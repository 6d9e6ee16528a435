// Test helper: a model with cuts appended as rows (the cut tests re-solve with their cuts).
#pragma once

#include <string>
#include <vector>

#include "fleetopt/core/model.hpp"
#include "fleetopt/mip/cut_separator.hpp"

namespace fleetopt::test {

inline core::Model with_cuts(const core::Model& model, const std::vector<mip::Cut>& cuts) {
  core::ModelBuilder b(model.name, model.sense);
  for (int j = 0; j < model.num_cols(); ++j)
    b.add_column(model.col_names[j], model.objective[j], model.col_lower[j], model.col_upper[j],
                 model.is_integer[j] != 0);
  for (int i = 0; i < model.num_rows(); ++i) b.add_row(model.row_names[i], model.row_lower[i], model.row_upper[i]);
  for (int j = 0; j < model.num_cols(); ++j)
    for (int k = model.matrix.col_start[j]; k < model.matrix.col_start[j + 1]; ++k)
      b.add_entry(model.matrix.row_index[k], j, model.matrix.value[k]);
  for (std::size_t c = 0; c < cuts.size(); ++c)
    b.add_row("cut" + std::to_string(model.num_rows() + c), cuts[c].lower, cuts[c].upper, cuts[c].columns,
              cuts[c].values);
  return b.build();
}

}  // namespace fleetopt::test
