#include "fleetopt/mip/heur_diving.hpp"
#include "fleetopt/mip/heur_feasibility_pump.hpp"
#include "fleetopt/mip/heur_fix_and_resolve.hpp"
#include "fleetopt/mip/heur_one_opt.hpp"
#include "fleetopt/mip/heur_rins.hpp"
#include "fleetopt/mip/heur_simple_rounding.hpp"

namespace fleetopt::mip {
namespace {

// One-opt comes last: it improves the incumbent, also one found by the others at the same node.
std::vector<HeuristicFactory> rounding_and_diving() {
  return {[] { return std::make_unique<SimpleRounding>(); }, [] { return std::make_unique<FixAndResolve>(); },
          [] { return std::make_unique<FractionalDiving>(); }};
}

}  // namespace

std::vector<HeuristicFactory> heuristics_without_sub_mips() {
  std::vector<HeuristicFactory> heuristics = rounding_and_diving();
  heuristics.push_back([] { return std::make_unique<OneOpt>(); });
  return heuristics;
}

std::vector<HeuristicFactory> default_heuristics() {
  std::vector<HeuristicFactory> heuristics = rounding_and_diving();
  heuristics.push_back([] { return std::make_unique<FeasibilityPump>(); });
  heuristics.push_back([] { return std::make_unique<Rins>(); });
  heuristics.push_back([] { return std::make_unique<OneOpt>(); });
  return heuristics;
}

}  // namespace fleetopt::mip
