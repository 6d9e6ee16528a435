// One-opt (SCIP heur_oneopt; T. Berthold, "Primal heuristics for mixed integer programs",
// diploma thesis, TU Berlin 2006): every new incumbent is improved by shifting single columns.
//
// Take a feasible x with row activities r = A x. A column j with objective c_j != 0 (minimisation
// terms) improves the objective by moving against the sign of c_j; how far it can move while x
// stays feasible is the smallest of its own bound's distance and, over the rows it appears in,
// the row's slack divided by |a_ij| on the side the move pushes the row to:
//
//   shift_j = min( x_j - l_j                        (c_j > 0; u_j - x_j for c_j < 0),
//                  min_{i: a_ij s > 0} (U_i - r_i) / |a_ij|,
//                  min_{i: a_ij s < 0} (r_i - L_i) / |a_ij| )       with s = -sign(c_j),
//
// rounded down to an integer for an integer column. Every such move keeps x feasible and gains
// |c_j| shift_j. The columns are shifted one at a time, the largest gain (computed before the
// pass) first, each shift recomputed from the activities the earlier ones left; passes repeat
// until one moves nothing. On covering models this drops the columns a rounding took in but does
// not need (a set-cover rounding of 383 goes to 84 on a 400 x 8,000 instance, docs/mip.md); on
// models whose rows are equalities in every column (the fleets' state-of-charge rows) nothing
// moves and the pass costs one sweep over the nonzeros.
//
// SCIP then solves an LP over the continuous columns with the integers fixed; this plug-in does
// not (fix-and-resolve does, heur_fix_and_resolve.hpp). The branch-and-bound checks what it
// submits (check_solution), as for every heuristic.
#pragma once

#include <optional>
#include <vector>

#include "fleetopt/core/model.hpp"
#include "fleetopt/mip/primal_heuristic.hpp"

namespace fleetopt::mip {

struct OneOptParameters {
  // Passes over the columns; a pass that moves nothing ends it earlier. Each pass is one sweep
  // over the nonzeros and a sort, so the bound only guards against shifts that keep enabling
  // each other in tiny steps.
  int max_passes = 10;
};

// x improved by single-column shifts as above (x itself if no column can move). x must be
// feasible for m within the feasibility tolerance; the result is feasible wherever x is, up to
// the rounding of its row activities.
std::vector<double> one_opt(const core::Model& m, const std::vector<double>& x, OneOptParameters parameters = {});

class OneOpt : public PrimalHeuristic {
 public:
  explicit OneOpt(OneOptParameters parameters = {}) : p_(parameters) {}
  std::string name() const override { return "one-opt"; }
  char log_letter() const override { return 'O'; }
  // Once per incumbent: at the first node after a new one (heuristics of the same node come
  // before this one in the defaults, so it also sees theirs).
  bool should_run(const NodeContext& ctx) const override;
  void run(NodeContext& ctx, const SolutionSink& submit) override;

 private:
  OneOptParameters p_;
  std::optional<double> last_seen_;  // the incumbent objective last improved (or tried)
};

}  // namespace fleetopt::mip
