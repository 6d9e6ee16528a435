#include "fleetopt/mip/heur_diving.hpp"
#include "fleetopt/mip/heur_fix_and_resolve.hpp"
#include "fleetopt/mip/heur_rins.hpp"
#include "fleetopt/mip/heur_simple_rounding.hpp"

namespace fleetopt::mip {

std::vector<HeuristicFactory> default_heuristics() {
  return {[] { return std::make_unique<SimpleRounding>(); }, [] { return std::make_unique<FixAndResolve>(); },
          [] { return std::make_unique<FractionalDiving>(); }, [] { return std::make_unique<Rins>(); }};
}

}  // namespace fleetopt::mip
