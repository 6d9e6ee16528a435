// The fleet battery scheduling instance of docs/model.md section 2, as plain data.
// Indices: markets m = 0..M-1, assets a = 0..A-1, steps t = 0..T-1 (step t is the spec's t+1).
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace fleetopt::fleet {

enum class Direction { up, down };
enum class Settlement { energy, reserve };

const char* to_string(Direction d);
const char* to_string(Settlement s);

struct Market {
  std::string name;
  Direction direction = Direction::up;
  Settlement settlement = Settlement::energy;
  std::optional<double> cap_mw;  // fleet-wide cap on x[t,m]
  double min_bid_mw = 0.0;       // x[t,m] is 0 or >= min_bid_mw

  // s[m] of the spec: +1 if the fleet is paid for x[t,m], -1 if it pays.
  double revenue_sign() const {
    return (direction == Direction::up || settlement == Settlement::reserve) ? 1.0 : -1.0;
  }
};

struct Asset {
  std::string name;
  double power_mw = 0.0;
  double energy_mwh = 0.0;
  double soc_initial_mwh = 0.0;
  double soc_min_mwh = 0.0;
  double soc_max_mwh = 0.0;        // spec default: energy_mwh (readers fill it in)
  double soc_final_min_mwh = 0.0;  // spec default: soc_min_mwh (readers fill it in)
  double eta_charge = 1.0;
  double eta_discharge = 1.0;
  double cycle_cost_eur_per_mwh = 0.0;
  std::vector<double> prequalified_mw;  // one per market, in [0, power_mw]
};

struct Instance {
  std::string name;
  double step_hours = 1.0;
  std::string start;                     // ISO 8601 label of step 1, may be empty
  std::vector<std::string> time_labels;  // one per step (from the price file's time column)
  std::vector<Market> markets;
  std::vector<Asset> assets;
  std::vector<double> prices;  // pi[t,m] at prices[t * num_markets() + m]

  int num_steps() const { return static_cast<int>(time_labels.size()); }
  int num_markets() const { return static_cast<int>(markets.size()); }
  int num_assets() const { return static_cast<int>(assets.size()); }
  double price(int t, int m) const { return prices[static_cast<size_t>(t) * markets.size() + m]; }
  int market_index(const std::string& name) const;  // -1 if absent
  int asset_index(const std::string& name) const;   // -1 if absent

  // The reason doing nothing is infeasible (spec section 3: socmin <= soc0 <= socmax and
  // soc0 >= socend for every asset), or an empty string when it is feasible.
  std::string trivial_infeasibility() const;
};

}  // namespace fleetopt::fleet
