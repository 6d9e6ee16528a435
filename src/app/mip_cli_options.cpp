#include "mip_cli_options.hpp"

#include <algorithm>

#include "fleetopt/mip/branching_rule.hpp"

namespace fleetopt::app {

void MipCliOptions::add_to(CLI::App& command, const std::vector<std::string>& extra_rules,
                           const std::string& default_rule) {
  command.add_option("--time-limit", time_limit_seconds, "Stop after S seconds (default: no limit)")
      ->check(CLI::NonNegativeNumber);
  command.add_option("--gap", relative_gap, "Relative gap at which to stop: |bound - objective| / max(1, |objective|)")
      ->capture_default_str()
      ->check(CLI::NonNegativeNumber);
  command.add_option("--node-limit", node_limit, "Stop after N branch-and-bound nodes (default: no limit)")
      ->check(CLI::NonNegativeNumber);
  std::vector<std::string> rules = extra_rules;
  for (const std::string& name : mip::branching_rule_names()) rules.push_back(name);
  std::string names;
  for (const std::string& name : rules) names += (names.empty() ? "" : ", ") + name;
  command.add_option("--branching", branching, "Branching rule: " + names + " (default: " + default_rule + ")")
      ->check(CLI::IsMember(rules));
  command.add_flag("--quiet", quiet, "No progress log");
}

mip::MipOptions MipCliOptions::to_mip_options(const std::atomic<bool>* interrupt, std::ostream* log) const {
  mip::MipOptions options;
  options.time_limit_seconds = time_limit_seconds;
  options.relative_gap = relative_gap;
  options.node_limit = node_limit;
  options.interrupt = interrupt;
  options.lp.interrupt = interrupt;
  options.log = quiet ? nullptr : log;
  const std::vector<std::string> generic = mip::branching_rule_names();
  if (std::find(generic.begin(), generic.end(), branching) != generic.end()) {
    const std::string name = branching;
    options.branching = [name] { return mip::make_branching_rule(name); };
  }
  return options;
}

}  // namespace fleetopt::app
