#include "fleetopt/fleet/fleet_structure.hpp"

#include <stdexcept>

#include "fleetopt/fleet/exchange.hpp"

namespace fleetopt::fleet {

FleetStructure::FleetStructure(const Instance& instance, const FleetModel& model)
    : num_assets_(model.num_assets),
      num_steps_(model.num_steps),
      num_markets_(model.num_markets),
      step_hours_(instance.step_hours),
      roles_(static_cast<size_t>(model.model.num_cols())) {
  if (instance.num_assets() != num_assets_ || instance.num_steps() != num_steps_ ||
      instance.num_markets() != num_markets_)
    throw std::invalid_argument("FleetStructure: the model was not built from this instance");
  const int A = num_assets_, T = num_steps_, M = num_markets_;
  asset_steps_.resize(static_cast<size_t>(A) * T);
  for (int a = 0; a < A; ++a) {
    const Asset& asset = instance.assets[a];
    for (int t = 0; t < T; ++t) {
      AssetStep& s = asset_steps_[static_cast<size_t>(a) * T + t];
      s.u_col = model.u_col[static_cast<size_t>(a) * T + t];
      s.eta_charge = asset.eta_charge;
      s.eta_discharge = asset.eta_discharge;
      s.exchange_gain = exchange_gain(instance, a, t);
      for (int m = 0; m < M; ++m) {
        const int p = model.p_col[(static_cast<size_t>(a) * T + t) * M + m];
        if (p < 0) continue;
        (instance.markets[m].direction == Direction::up ? s.up_p_cols : s.down_p_cols).push_back(p);
      }
      if (s.u_col >= 0) roles_[s.u_col] = {Role::u, a * T + t};
    }
  }
  bids_.resize(static_cast<size_t>(T) * M);
  for (int t = 0; t < T; ++t)
    for (int m = 0; m < M; ++m) {
      Bid& b = bids_[static_cast<size_t>(t) * M + m];
      b.x_col = model.x_col[static_cast<size_t>(t) * M + m];
      b.y_col = model.y_col[static_cast<size_t>(t) * M + m];
      b.min_bid = instance.markets[m].min_bid_mw;
      if (b.y_col >= 0) roles_[b.y_col] = {Role::y, t * M + m};
    }
  for (std::size_t g = 0; g < model.count_groups.size(); ++g)
    for (int t = 0; t < T; ++t)
      if (const int n = model.count_col[g * T + t]; n >= 0) {
        Count c{n, t, {}};
        for (int a : model.count_groups[g]) c.u_cols.push_back(model.u_col[static_cast<size_t>(a) * T + t]);
        roles_[n] = {Role::count, static_cast<int>(counts_.size())};
        counts_.push_back(std::move(c));
      }
}

void FleetStructure::recount(std::vector<double>& x) const {
  for (const Count& c : counts_) {
    double n = 0.0;
    for (int u : c.u_cols) n += x[u];
    x[c.col] = n;
  }
}

double FleetStructure::charge(const AssetStep& s, const std::vector<double>& x) {
  double c = 0.0;
  for (int j : s.down_p_cols) c += x[j];
  return c;
}

double FleetStructure::discharge(const AssetStep& s, const std::vector<double>& x) {
  double d = 0.0;
  for (int j : s.up_p_cols) d += x[j];
  return d;
}

}  // namespace fleetopt::fleet
