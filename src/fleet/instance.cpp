#include "fleetopt/fleet/instance.hpp"

#include <sstream>

namespace fleetopt::fleet {

const char* to_string(Direction d) { return d == Direction::up ? "up" : "down"; }
const char* to_string(Settlement s) { return s == Settlement::energy ? "energy" : "reserve"; }

int Instance::market_index(const std::string& market_name) const {
  for (size_t m = 0; m < markets.size(); ++m)
    if (markets[m].name == market_name) return static_cast<int>(m);
  return -1;
}

int Instance::asset_index(const std::string& asset_name) const {
  for (size_t a = 0; a < assets.size(); ++a)
    if (assets[a].name == asset_name) return static_cast<int>(a);
  return -1;
}

std::string Instance::trivial_infeasibility() const {
  std::ostringstream why;
  for (const Asset& a : assets) {
    if (a.soc_initial_mwh < a.soc_min_mwh)
      why << "asset '" << a.name << "': soc_initial_mwh " << a.soc_initial_mwh
          << " is below soc_min_mwh " << a.soc_min_mwh << "; ";
    if (a.soc_initial_mwh > a.soc_max_mwh)
      why << "asset '" << a.name << "': soc_initial_mwh " << a.soc_initial_mwh
          << " is above soc_max_mwh " << a.soc_max_mwh << "; ";
    if (a.soc_initial_mwh < a.soc_final_min_mwh)
      why << "asset '" << a.name << "': soc_initial_mwh " << a.soc_initial_mwh
          << " is below soc_final_min_mwh " << a.soc_final_min_mwh << "; ";
  }
  std::string s = why.str();
  if (!s.empty()) s.resize(s.size() - 2);
  return s;
}

}  // namespace fleetopt::fleet
