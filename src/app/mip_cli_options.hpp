// The branch-and-bound options shared by `solve` and `mip`: --time-limit, --gap, --node-limit,
// --lp-iteration-limit, --branching, --cuts, --cut-rounds, --no-conflicts, --no-propagation,
// --no-dual-steps and --quiet, turned into mip::MipOptions with the Ctrl-C flag wired to both the branch-and-bound and the LP.
#pragma once

#include <CLI/CLI.hpp>
#include <atomic>
#include <ostream>
#include <string>
#include <vector>

#include "fleetopt/mip/mip_solver.hpp"

namespace fleetopt::app {

struct MipCliOptions {
  double time_limit_seconds = core::kInfinity;
  double relative_gap = core::tol::kMipRelativeGap;
  long long node_limit = -1;
  long long lp_iteration_limit = -1;
  std::string branching;  // empty: the command's default
  std::string cuts = "gomory,cmir";  // root cut separators, comma-separated, or "none"
  int cut_rounds = -1;               // MipOptions::max_cut_rounds; < 0: its default
  bool quiet = false;
  bool no_conflicts = false;
  bool no_propagation = false;
  bool no_dual_steps = false;

  // `extra_rules`: branching names the command handles itself (solve's "flow"), listed first;
  // `default_rule` is what the help names as the default.
  void add_to(CLI::App& command, const std::vector<std::string>& extra_rules = {},
              const std::string& default_rule = "reliability");
  // `log` receives the progress log unless --quiet; `interrupt` may be null. A branching name of
  // the mip layer becomes options.branching; an extra rule is left to the command.
  mip::MipOptions to_mip_options(const std::atomic<bool>* interrupt, std::ostream* log) const;
};

}  // namespace fleetopt::app
