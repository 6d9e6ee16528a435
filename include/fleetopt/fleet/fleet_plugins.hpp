// Factories for the fleet plug-ins of the mip layer (docs/fleet-plugins.md), to put into
// mip::MipOptions::branching and ::heuristics when solving a model built by build_model:
//
//   FleetModel fm = build_model(instance);
//   auto structure = std::make_shared<const FleetStructure>(instance, fm);
//   options.branching = fleet_branching_factory(structure);
//   options.heuristics = fleet_heuristics(structure, {});
//
// The structure must describe the model being solved (same build, same columns): a plug-in given
// another model throws std::logic_error. Each factory call makes fresh plug-ins that share the
// read-only structure, so one MipOptions can drive solves on several threads.
#pragma once

#include <functional>
#include <memory>
#include <vector>

#include "fleetopt/fleet/fleet_structure.hpp"
#include "fleetopt/mip/branching_rule.hpp"
#include "fleetopt/mip/primal_heuristic.hpp"

namespace fleetopt::fleet {

// Strong-branching observations per direction before reliability branching trusts a fleet
// binary's pseudocosts (mip::ReliabilityParameters::reliability; the generic default is 4). A
// fleet's u columns are many and alike, so one look each is enough: on generated fleets solved per
// asset (10 and 30 assets x 96 steps x 4 markets, 1e-4 gap, summed over blocks) 1 took 1.13 s /
// 2.67 s against 1.46 s / 3.22 s with 4, 1.24 s / 2.88 s with 2, and 4.38 s on 30 assets with
// pure pseudocosts (0).
inline constexpr int kFleetReliability = 1;

struct FleetPluginSwitches {
  bool flow_branching = true;  // off: the factory makes generic reliability branching
  int reliability = kFleetReliability;  // of that reliability branching
  // Flow branching hands its priority class to reliability branching (strong branching on
  // unreliable candidates) instead of scoring by pseudocost + exchange loss (branch_flow.hpp).
  bool flow_strong_branching = false;
  bool flow_rounding = true;
  bool net_flow = true;
  bool rins = true;
  bool window_lns = true;  // heur_window_lns.hpp
  bool generic_heuristics = true;  // simple rounding and fix-and-resolve after the fleet ones
};

std::function<std::unique_ptr<mip::BranchingRule>()> fleet_branching_factory(
    std::shared_ptr<const FleetStructure> structure, const FleetPluginSwitches& switches = {});

// The switched-on fleet heuristics (cheap first: flow rounding, net-flow fixing, RINS), then the
// generic defaults except fractional diving (fleet_plugins.cpp says why).
std::vector<mip::HeuristicFactory> fleet_heuristics(std::shared_ptr<const FleetStructure> structure,
                                                    const FleetPluginSwitches& switches = {});

}  // namespace fleetopt::fleet
