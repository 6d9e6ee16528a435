#include "fleetopt/mip/sub_mip.hpp"

#include <cmath>

#include "fleetopt/mip/branch_reliability.hpp"
#include "fleetopt/mip/primal_heuristic.hpp"

namespace fleetopt::mip {

MipResult solve_sub_mip(const core::Model& sub, const std::vector<double>& start, const SubMipSettings& settings,
                        const std::atomic<bool>* interrupt) {
  MipOptions options;
  options.node_limit = settings.node_limit;
  if (settings.lp_iterations_per_column > 0.0)
    options.lp_iteration_limit = std::llround(settings.lp_iterations_per_column * sub.num_cols());
  options.time_limit_seconds = settings.time_limit_seconds;
  options.interrupt = interrupt;
  options.max_cut_rounds = settings.cut_rounds;
  options.conflicts = false;
  options.heuristics = heuristics_without_sub_mips();
  options.branching = [reliability = settings.reliability] {
    ReliabilityParameters parameters;
    parameters.reliability = reliability;
    return std::make_unique<ReliabilityBranching>(parameters);
  };
  options.known_bound = settings.known_bound;
  options.start_basis = settings.start_basis;
  if (!start.empty()) options.initial_solutions = {start};
  return solve_mip(sub, options);
}

}  // namespace fleetopt::mip
