// Private to the mip layer: the root cutting-plane loop. Solves the LP, asks every separator for
// cuts, adds the violated ones as rows, and repeats while the bound moves; then keeps only the
// cuts that bind at the last LP (the others would slow every node LP for nothing).
#pragma once

#include <limits>
#include <vector>

#include "fleetopt/core/model.hpp"
#include "fleetopt/mip/cut_separator.hpp"
#include "fleetopt/mip/mip_solver.hpp"

namespace fleetopt::mip {

struct RootCutStats {
  int rounds = 0;
  int cuts_added = 0;  // over all rounds
  int cuts_kept = 0;   // binding at the last LP, in the returned model
  double bound_before = 0.0, bound_after = 0.0;  // root LP values, model sense
  // A proven bound of the returned model's LP (lp::LpResult::dual_bound of the loop's LP whose
  // optimum it keeps), model sense; NaN when the loop solved none. It bounds the MILP too (every
  // cut is valid), also when the tree stops before its root.
  double proven_bound = std::numeric_limits<double>::quiet_NaN();
  double seconds = 0.0;
  long long lp_iterations = 0;
  long long first_lp_iterations = 0;  // of the first round's LP: the root LP from scratch (with
                                      // MipOptions::start_basis_lp_iterations when it started there)
  // An optimal basis of the returned model's LP (its columns, then its rows), so that the tree's
  // root starts there instead of solving the same LP again from the slack basis; empty when
  // there is none.
  std::vector<lp::VarStatus> final_basis;
};

// Returns `model` with the kept cuts appended as rows (named cut_<k>); unchanged when the LP is
// not optimal or no separator finds anything.
core::Model add_root_cuts(const core::Model& model, const MipOptions& options,
                          const std::vector<SeparatorFactory>& separators, RootCutStats& stats);

// `model` with the cuts appended as rows named cut_<first_index + k>.
core::Model append_cuts(const core::Model& model, const std::vector<Cut>& cuts, int first_index);

}  // namespace fleetopt::mip
