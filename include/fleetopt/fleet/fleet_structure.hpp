// A read-only description of the fleet MILP's columns for the fleet plug-ins of the mip layer
// (fleet_plugins.hpp): which column is u[a,t] or y[t,m], which p columns move power up (discharge)
// and down (charge) for one asset and step, the efficiencies and the exchange gain
// (exchange.hpp), and the minimum bid behind each y. Built from the FleetModel's column maps only
// (x_col, p_col, soc_col, u_col, y_col), so it describes any formulation built by build_model
// (basic, tight, and variants with extra rows). Integrality is NOT recorded here: a formulation
// may make some u continuous, so plug-ins read core::Model::is_integer of the model they solve.
#pragma once

#include <vector>

#include "fleetopt/fleet/formulation.hpp"
#include "fleetopt/fleet/instance.hpp"

namespace fleetopt::fleet {

class FleetStructure {
 public:
  // One asset at one step: u[a,t] and the p columns that charge and discharge it.
  struct AssetStep {
    int u_col = -1;                 // -1: the asset moves power one way only (u dropped)
    std::vector<int> up_p_cols;     // p[a,t,m], m an up market (discharge, D[a,t] = their sum)
    std::vector<int> down_p_cols;   // p[a,t,m], m a down market (charge, C[a,t] = their sum)
    double eta_charge = 1.0;
    double eta_discharge = 1.0;
    double exchange_gain = 0.0;     // EUR per MW of charge (exchange.hpp); -inf: no exchange possible
  };
  // One market at one step: the bid x[t,m] and its minimum-bid binary y[t,m].
  struct Bid {
    int x_col = -1;
    int y_col = -1;                 // -1: the market has no minimum bid
    double min_bid = 0.0;           // MW
  };
  // A count column of like assets (FleetModel::count_col): n = sum of the u columns.
  struct Count {
    int col = -1;
    int step = 0;
    std::vector<int> u_cols;
  };
  enum class Role : char { other, u, y, count };
  struct ColumnRole {
    Role role = Role::other;
    int index = -1;                 // into asset_steps() for u, bids() for y, counts() for count
  };

  FleetStructure(const Instance& instance, const FleetModel& model);

  int num_assets() const { return num_assets_; }
  int num_steps() const { return num_steps_; }
  int num_markets() const { return num_markets_; }
  int num_columns() const { return static_cast<int>(roles_.size()); }
  double step_hours() const { return step_hours_; }

  const AssetStep& asset_step(int a, int t) const { return asset_steps_[static_cast<size_t>(a) * num_steps_ + t]; }
  const std::vector<AssetStep>& asset_steps() const { return asset_steps_; }  // [a * T + t]
  const Bid& bid(int t, int m) const { return bids_[static_cast<size_t>(t) * num_markets_ + m]; }
  const std::vector<Bid>& bids() const { return bids_; }  // [t * M + m]
  const std::vector<Count>& counts() const { return counts_; }
  const ColumnRole& role(int column) const { return roles_[column]; }
  // Sets every count column in x to the sum of its u columns (after u was changed in x).
  void recount(std::vector<double>& x) const;

  // C[a,t] (MW charged) and D[a,t] (MW discharged) at column values x.
  static double charge(const AssetStep& s, const std::vector<double>& x);
  static double discharge(const AssetStep& s, const std::vector<double>& x);

 private:
  int num_assets_ = 0, num_steps_ = 0, num_markets_ = 0;
  double step_hours_ = 1.0;
  std::vector<AssetStep> asset_steps_;
  std::vector<Bid> bids_;
  std::vector<Count> counts_;
  std::vector<ColumnRole> roles_;
};

}  // namespace fleetopt::fleet
