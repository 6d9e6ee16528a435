#include "fleetopt/fleet/sub_mip.hpp"

#include <cmath>

#include "fleetopt/mip/branch_reliability.hpp"
#include "fleetopt/mip/primal_heuristic.hpp"

namespace fleetopt::fleet {

mip::MipResult solve_sub_mip(const core::Model& sub, const std::vector<double>& start, const SubMipSettings& settings,
                             const std::atomic<bool>* interrupt) {
  mip::MipOptions options;
  options.node_limit = settings.node_limit;
  if (settings.lp_iterations_per_column > 0.0)
    options.lp_iteration_limit = std::llround(settings.lp_iterations_per_column * sub.num_cols());
  options.time_limit_seconds = settings.time_limit_seconds;
  options.interrupt = interrupt;
  options.max_cut_rounds = settings.cut_rounds;
  options.conflicts = false;
  options.heuristics = mip::default_heuristics();
  options.branching = [reliability = settings.reliability] {
    mip::ReliabilityParameters parameters;
    parameters.reliability = reliability;
    return std::make_unique<mip::ReliabilityBranching>(parameters);
  };
  options.known_bound = settings.known_bound;
  options.start_basis = settings.start_basis;
  options.initial_solutions = {start};
  return mip::solve_mip(sub, options);
}

}  // namespace fleetopt::fleet
