// The MILP of docs/model.md section 3 as a core::Model; the choices where the spec leaves room
// (which columns and rows exist) are listed in docs/instances.md, section "Formulation".
#include "fleetopt/fleet/formulation.hpp"

#include <algorithm>
#include <stdexcept>

#include "fleetopt/core/errors.hpp"

namespace fleetopt::fleet {

const char* to_string(Formulation f) { return f == Formulation::basic ? "basic" : "tight"; }

Formulation formulation_from_string(const std::string& s) {
  if (s == "basic") return Formulation::basic;
  if (s == "tight") return Formulation::tight;
  throw std::invalid_argument("unknown formulation '" + s + "' (expected basic or tight)");
}

namespace {
std::string name_of(const char* prefix, int i, int j) {
  return prefix + std::to_string(i) + "_" + std::to_string(j);
}
std::string name_of(const char* prefix, int i, int j, int k) {
  return prefix + std::to_string(i) + "_" + std::to_string(j) + "_" + std::to_string(k);
}
}  // namespace

FleetModel build_model(const Instance& in, Formulation formulation) {
  const int A = in.num_assets(), T = in.num_steps(), M = in.num_markets();
  const double dt = in.step_hours;
  const bool tight = formulation == Formulation::tight;
  using core::kInfinity;

  FleetModel fm;
  fm.formulation = formulation;
  fm.num_assets = A;
  fm.num_steps = T;
  fm.num_markets = M;
  fm.x_col.assign(static_cast<size_t>(T) * M, -1);
  fm.y_col.assign(static_cast<size_t>(T) * M, -1);
  fm.p_col.assign(static_cast<size_t>(A) * T * M, -1);
  fm.soc_col.assign(static_cast<size_t>(A) * T, -1);
  fm.u_col.assign(static_cast<size_t>(A) * T, -1);

  core::ModelBuilder b(in.name, core::ObjectiveSense::maximize);
  b.set_objective_name("revenue");

  // x[t,m] <= min(cap, sum_a q[a,m]): the fleet cannot deliver more than its prequalification,
  // so the second bound is valid in both variants and is the minbid row's big-M as well.
  std::vector<double> x_upper(M);
  for (int m = 0; m < M; ++m) {
    double total = 0;
    for (const Asset& a : in.assets) total += a.prequalified_mw[m];
    x_upper[m] = in.markets[m].cap_mw ? std::min(*in.markets[m].cap_mw, total) : total;
  }
  for (int t = 0; t < T; ++t)
    for (int m = 0; m < M; ++m)
      fm.x_col[t * M + m] = b.add_column(name_of("x_", t, m), in.markets[m].revenue_sign() * in.price(t, m) * dt,
                                         0.0, x_upper[m]);
  for (int t = 0; t < T; ++t)
    for (int m = 0; m < M; ++m)
      if (in.markets[m].min_bid_mw > 0) fm.y_col[t * M + m] = b.add_column(name_of("y_", t, m), 0.0, 0.0, 1.0, true);

  for (int a = 0; a < A; ++a) {
    const Asset& asset = in.assets[a];
    double q_up = 0, q_down = 0;
    for (int m = 0; m < M; ++m)
      (in.markets[m].direction == Direction::up ? q_up : q_down) += asset.prequalified_mw[m];
    const bool has_u = q_up > 0 && q_down > 0;
    const double final_lower = std::max(asset.soc_min_mwh, asset.soc_final_min_mwh);
    if (final_lower > asset.soc_max_mwh)
      throw core::InfeasibleInstance("asset '" + asset.name + "': the final state of charge must be at least " +
                                     std::to_string(final_lower) + " MWh but soc_max_mwh is " +
                                     std::to_string(asset.soc_max_mwh));
    for (int t = 0; t < T; ++t) {
      for (int m = 0; m < M; ++m) {
        const double q = asset.prequalified_mw[m];
        if (q <= 0) continue;
        const double cost = in.markets[m].direction == Direction::up ? -asset.cycle_cost_eur_per_mwh * dt : 0.0;
        fm.p_col[(static_cast<size_t>(a) * T + t) * M + m] = b.add_column(name_of("p_", a, t, m), cost, 0.0, q);
      }
      fm.soc_col[a * T + t] = b.add_column(name_of("soc_", a, t), 0.0,
                                           t == T - 1 ? final_lower : asset.soc_min_mwh, asset.soc_max_mwh);
      if (has_u) fm.u_col[a * T + t] = b.add_column(name_of("u_", a, t), 0.0, 0.0, 1.0, true);
    }
  }

  for (int t = 0; t < T; ++t)
    for (int m = 0; m < M; ++m) {
      const int row = b.add_row(name_of("link_", t, m), 0.0, 0.0);
      b.add_entry(row, fm.x_col[t * M + m], 1.0);
      for (int a = 0; a < A; ++a) {
        const int p = fm.p_col[(static_cast<size_t>(a) * T + t) * M + m];
        if (p >= 0) b.add_entry(row, p, -1.0);
      }
    }
  for (int t = 0; t < T; ++t)
    for (int m = 0; m < M; ++m) {
      const int y = fm.y_col[t * M + m];
      if (y < 0) continue;
      const int x = fm.x_col[t * M + m];
      const int lo = b.add_row(name_of("minbid_lo_", t, m), 0.0, kInfinity);
      b.add_entry(lo, x, 1.0);
      b.add_entry(lo, y, -in.markets[m].min_bid_mw);
      const int hi = b.add_row(name_of("minbid_hi_", t, m), -kInfinity, 0.0);
      b.add_entry(hi, x, 1.0);
      b.add_entry(hi, y, -x_upper[m]);
    }

  for (int a = 0; a < A; ++a) {
    const Asset& asset = in.assets[a];
    double q_up = 0, q_down = 0;
    bool any_up = false, any_down = false;
    for (int m = 0; m < M; ++m) {
      const bool up = in.markets[m].direction == Direction::up;
      (up ? q_up : q_down) += asset.prequalified_mw[m];
      if (asset.prequalified_mw[m] > 0) (up ? any_up : any_down) = true;
    }
    const double big_m_up = tight ? std::min(asset.power_mw, q_up) : asset.power_mw;
    const double big_m_down = tight ? std::min(asset.power_mw, q_down) : asset.power_mw;
    for (int t = 0; t < T; ++t) {
      const int u = fm.u_col[a * T + t];
      auto p_of = [&](int m) { return fm.p_col[(static_cast<size_t>(a) * T + t) * M + m]; };
      // A row with no p column says nothing (0 <= rhs >= 0): it is left out.
      if (any_up) {
        const int row = b.add_row(name_of("dis_", a, t), -kInfinity, u >= 0 ? 0.0 : big_m_up);
        for (int m = 0; m < M; ++m)
          if (in.markets[m].direction == Direction::up && p_of(m) >= 0) b.add_entry(row, p_of(m), 1.0);
        if (u >= 0) b.add_entry(row, u, -big_m_up);
      }
      if (any_down) {
        const int row = b.add_row(name_of("chg_", a, t), -kInfinity, big_m_down);
        for (int m = 0; m < M; ++m)
          if (in.markets[m].direction == Direction::down && p_of(m) >= 0) b.add_entry(row, p_of(m), 1.0);
        if (u >= 0) b.add_entry(row, u, big_m_down);
      }
      const double rhs = t == 0 ? asset.soc_initial_mwh : 0.0;
      const int soc_row = b.add_row(name_of("soc_", a, t), rhs, rhs);
      b.add_entry(soc_row, fm.soc_col[a * T + t], 1.0);
      if (t > 0) b.add_entry(soc_row, fm.soc_col[a * T + t - 1], -1.0);
      for (int m = 0; m < M; ++m) {
        if (p_of(m) < 0) continue;
        const bool up = in.markets[m].direction == Direction::up;
        b.add_entry(soc_row, p_of(m), up ? dt / asset.eta_discharge : -dt * asset.eta_charge);
      }
      if (tight && u >= 0)
        for (int m = 0; m < M; ++m) {
          if (p_of(m) < 0) continue;
          const double q = asset.prequalified_mw[m];
          if (in.markets[m].direction == Direction::up) {
            const int row = b.add_row(name_of("pu_", a, t, m), -kInfinity, 0.0);
            b.add_entry(row, p_of(m), 1.0);
            b.add_entry(row, u, -q);
          } else {
            const int row = b.add_row(name_of("pd_", a, t, m), -kInfinity, q);
            b.add_entry(row, p_of(m), 1.0);
            b.add_entry(row, u, q);
          }
        }
    }
  }
  fm.model = b.build();
  return fm;
}

FleetSolution FleetModel::schedule_from(const std::vector<double>& column_values) const {
  FleetSolution s(num_assets, num_steps, num_markets);
  auto value = [&](int col) { return col >= 0 ? column_values.at(col) : 0.0; };
  for (size_t i = 0; i < x_col.size(); ++i) s.bid[i] = value(x_col[i]);
  for (size_t i = 0; i < p_col.size(); ++i) s.power[i] = value(p_col[i]);
  for (size_t i = 0; i < soc_col.size(); ++i) s.soc[i] = value(soc_col[i]);
  return s;
}

std::vector<double> idle_columns(const Instance& instance, const FleetModel& model) {
  // Every column not set below is x, p, u or y, all 0 in the idle schedule (u = 0 is "may charge",
  // which constrains nothing when no power flows).
  std::vector<double> columns(static_cast<size_t>(model.model.num_cols()), 0.0);
  for (int a = 0; a < model.num_assets; ++a)
    for (int t = 0; t < model.num_steps; ++t) {
      const int col = model.soc_col[static_cast<size_t>(a) * model.num_steps + t];
      if (col >= 0) columns[col] = instance.assets[a].soc_initial_mwh;
    }
  return columns;
}

}  // namespace fleetopt::fleet
