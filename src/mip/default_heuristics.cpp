#include "fleetopt/mip/heur_diving.hpp"
#include "fleetopt/mip/heur_feasibility_pump.hpp"
#include "fleetopt/mip/heur_fix_and_resolve.hpp"
#include "fleetopt/mip/heur_rins.hpp"
#include "fleetopt/mip/heur_simple_rounding.hpp"

namespace fleetopt::mip {

std::vector<HeuristicFactory> heuristics_without_sub_mips() {
  return {[] { return std::make_unique<SimpleRounding>(); }, [] { return std::make_unique<FixAndResolve>(); },
          [] { return std::make_unique<FractionalDiving>(); }};
}

std::vector<HeuristicFactory> default_heuristics() {
  std::vector<HeuristicFactory> heuristics = heuristics_without_sub_mips();
  heuristics.push_back([] { return std::make_unique<FeasibilityPump>(); });
  heuristics.push_back([] { return std::make_unique<Rins>(); });
  return heuristics;
}

}  // namespace fleetopt::mip
