#include "mip_cli_options.hpp"

#include <algorithm>
#include <stdexcept>

#include "fleetopt/mip/branching_rule.hpp"
#include "fleetopt/mip/cut_separator.hpp"

namespace fleetopt::app {

namespace {

// "gomory,cmir" -> {"gomory", "cmir"}; "none" -> {}. Throws std::invalid_argument on an unknown or
// empty name (through mip::make_separators).
std::vector<std::string> cut_names(const std::string& list) {
  std::vector<std::string> names;
  if (list == "none") return names;
  std::size_t start = 0;
  while (start <= list.size()) {
    const std::size_t comma = std::min(list.find(',', start), list.size());
    names.push_back(list.substr(start, comma - start));
    start = comma + 1;
  }
  mip::make_separators(names);  // validates
  return names;
}

}  // namespace

void MipCliOptions::add_to(CLI::App& command, const std::vector<std::string>& extra_rules,
                           const std::string& default_rule) {
  command.add_option("--time-limit", time_limit_seconds, "Stop after S seconds (default: no limit)")
      ->check(CLI::NonNegativeNumber);
  command.add_option("--gap", relative_gap, "Relative gap at which to stop: |bound - objective| / max(1, |objective|)")
      ->capture_default_str()
      ->check(CLI::NonNegativeNumber);
  command.add_option("--node-limit", node_limit, "Stop after N branch-and-bound nodes (default: no limit)")
      ->check(CLI::NonNegativeNumber);
  command
      .add_option("--lp-iteration-limit", lp_iteration_limit,
                  "Stop before the next node once the LPs took N simplex iterations: a work limit that "
                  "ends the same on any machine (default: no limit)")
      ->check(CLI::NonNegativeNumber);
  std::vector<std::string> rules = extra_rules;
  for (const std::string& name : mip::branching_rule_names()) rules.push_back(name);
  std::string names;
  for (const std::string& name : rules) names += (names.empty() ? "" : ", ") + name;
  command.add_option("--branching", branching, "Branching rule: " + names + " (default: " + default_rule + ")")
      ->check(CLI::IsMember(rules));
  command
      .add_option("--cuts", cuts,
                  "Root cut separators, comma-separated: gomory, cmir; or none (docs/mip.md, section 1)")
      ->capture_default_str()
      ->check([](const std::string& value) -> std::string {
        try {
          cut_names(value);
        } catch (const std::invalid_argument& e) {
          return e.what();
        }
        return "";
      });
  command.add_option("--cut-rounds", cut_rounds,
                     "At most N rounds of root cuts (default: " + std::to_string(mip::MipOptions{}.max_cut_rounds) +
                         "; a fleet solve may use fewer, docs/fleet-solve.md); 0: none")
      ->check(CLI::NonNegativeNumber);
  command.add_flag("--no-conflicts", no_conflicts,
                   "No conflict pool: pruned nodes' LP duals do not prune or tighten other nodes (docs/mip.md)");
  command.add_flag("--no-propagation", no_propagation,
                   "No domain propagation at the nodes: rows do not tighten integer bounds or prune nodes before "
                   "their LP (docs/mip.md)");
  command.add_flag("--no-dual-steps", no_dual_steps,
                   "No dual-step bounds: the branching candidates' children are not bounded by one dual simplex "
                   "step each before branching, so none is pruned or fixed that way (docs/mip.md)");
  command.add_flag("--quiet", quiet, "No progress log");
}

mip::MipOptions MipCliOptions::to_mip_options(const std::atomic<bool>* interrupt, std::ostream* log) const {
  mip::MipOptions options;
  options.time_limit_seconds = time_limit_seconds;
  options.relative_gap = relative_gap;
  options.node_limit = node_limit;
  options.lp_iteration_limit = lp_iteration_limit;
  options.conflicts = !no_conflicts;
  options.node_propagation = !no_propagation;
  options.dual_step_bounds = !no_dual_steps;
  options.interrupt = interrupt;
  options.lp.interrupt = interrupt;
  options.log = quiet ? nullptr : log;
  options.separators = mip::make_separators(cut_names(cuts));
  if (cut_rounds >= 0) options.max_cut_rounds = cut_rounds;
  const std::vector<std::string> generic = mip::branching_rule_names();
  if (std::find(generic.begin(), generic.end(), branching) != generic.end()) {
    const std::string name = branching;
    options.branching = [name] { return mip::make_branching_rule(name); };
  }
  return options;
}

}  // namespace fleetopt::app
