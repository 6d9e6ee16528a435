// The sub-MIP of the large-neighbourhood heuristics (RINS here, the fleet's window search, the
// feasibility pump's last stage): a copy of the model with some integer columns fixed, searched by
// solve_mip with settings chosen for a few hundred nodes -- the rounding and diving heuristics
// only (no recursion into RINS, the pump or the fleet ones), pseudocost branching and no root cuts
// by default (heur_rins.hpp and fleet/heur_window_lns.hpp say why), the current solution as its
// first one (none when `start` is empty: the pump has no solution yet).
#pragma once

#include <atomic>
#include <optional>
#include <vector>

#include "fleetopt/core/model.hpp"
#include "fleetopt/mip/mip_solver.hpp"

namespace fleetopt::mip {

struct SubMipSettings {
  long long node_limit = 200;
  // The deterministic work limit (MipOptions::lp_iteration_limit) is this many simplex
  // iterations per column of the sub-MIP: its LPs have all the model's columns and rows whatever
  // is fixed, so their iterations grow with the columns. <= 0: none.
  double lp_iterations_per_column = 0.0;
  // A safety net: the node and iteration limits are meant to decide (a sub-MIP that stops on
  // time ends differently on a slower or busier machine).
  double time_limit_seconds = 2.0;
  int cut_rounds = 0;               // MipOptions::max_cut_rounds
  int reliability = 0;              // strong-branching looks per direction; 0: pure pseudocosts
  // The calling search's proven bound (NodeContext::global_bound), which bounds every
  // restriction of its model too: the sub-MIP stops once its schedule meets it within its gap.
  std::optional<double> known_bound;
  // MipOptions::start_basis: the root basis of an earlier sub-MIP of the same model.
  std::vector<lp::VarStatus> start_basis;
};

MipResult solve_sub_mip(const core::Model& sub, const std::vector<double>& start, const SubMipSettings& settings,
                        const std::atomic<bool>* interrupt);

}  // namespace fleetopt::mip
