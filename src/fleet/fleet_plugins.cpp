#include "fleetopt/fleet/fleet_plugins.hpp"

#include "fleetopt/fleet/branch_flow.hpp"
#include "fleetopt/fleet/heur_flow_rounding.hpp"
#include "fleetopt/fleet/heur_net_flow.hpp"
#include "fleetopt/fleet/heur_rins.hpp"
#include "fleetopt/fleet/heur_window_lns.hpp"
#include "fleetopt/mip/branch_reliability.hpp"

namespace fleetopt::fleet {

std::function<std::unique_ptr<mip::BranchingRule>()> fleet_branching_factory(
    std::shared_ptr<const FleetStructure> structure, const FleetPluginSwitches& switches) {
  if (!switches.flow_branching) {
    mip::ReliabilityParameters parameters;
    parameters.reliability = switches.reliability;
    return [parameters] { return std::make_unique<mip::ReliabilityBranching>(parameters); };
  }
  FlowBranchingParameters parameters;
  parameters.strong_branching = switches.flow_strong_branching;
  return [structure, parameters]() -> std::unique_ptr<mip::BranchingRule> {
    return std::make_unique<FlowBranching>(structure, parameters);
  };
}

std::vector<mip::HeuristicFactory> fleet_heuristics(std::shared_ptr<const FleetStructure> structure,
                                                    const FleetPluginSwitches& switches) {
  std::vector<mip::HeuristicFactory> factories;
  if (switches.flow_rounding)
    factories.push_back([structure]() -> std::unique_ptr<mip::PrimalHeuristic> {
      return std::make_unique<FlowRounding>(structure);
    });
  if (switches.net_flow)
    factories.push_back([structure]() -> std::unique_ptr<mip::PrimalHeuristic> {
      return std::make_unique<NetFlowFixing>(structure);
    });
  if (switches.rins)
    factories.push_back([structure]() -> std::unique_ptr<mip::PrimalHeuristic> {
      return std::make_unique<FleetRins>(structure);
    });
  if (switches.window_lns)
    factories.push_back([structure]() -> std::unique_ptr<mip::PrimalHeuristic> {
      return std::make_unique<FleetWindowLns>(structure);
    });
  if (switches.generic_heuristics)
    for (auto& f : mip::default_heuristics()) factories.push_back(std::move(f));
  return factories;
}

}  // namespace fleetopt::fleet
