// The MILP of docs/model.md section 3 as a core::Model; the choices where the spec leaves room
// (which columns and rows exist) are listed in docs/instances.md, section "Formulation".
#include "fleetopt/fleet/formulation.hpp"

#include <algorithm>
#include <stdexcept>

#include "fleetopt/core/errors.hpp"
#include "fleetopt/fleet/asset_symmetry.hpp"
#include "fleetopt/fleet/exchange.hpp"

namespace fleetopt::fleet {

const char* to_string(Formulation f) {
  switch (f) {
    case Formulation::basic: return "basic";
    case Formulation::tight: return "tight";
    case Formulation::hull: break;
  }
  return "hull";
}

Formulation formulation_from_string(const std::string& s) {
  if (s == "basic") return Formulation::basic;
  if (s == "tight") return Formulation::tight;
  if (s == "hull") return Formulation::hull;
  throw std::invalid_argument("unknown formulation '" + s + "' (expected hull, tight or basic)");
}

SocBoxes reachable_soc_boxes(const Instance& in, int a) {
  const Asset& asset = in.assets[a];
  const int T = in.num_steps(), M = in.num_markets();
  const double dt = in.step_hours;
  double q_up = 0, q_down = 0;
  for (int m = 0; m < M; ++m)
    (in.markets[m].direction == Direction::up ? q_up : q_down) += asset.prequalified_mw[m];
  const double most_discharged = dt * std::min(asset.power_mw, q_up) / asset.eta_discharge;  // MWh per step
  const double most_charged = dt * std::min(asset.power_mw, q_down) * asset.eta_charge;
  const double final_lower = std::max(asset.soc_min_mwh, asset.soc_final_min_mwh);
  SocBoxes box;
  box.lower.resize(T);
  box.upper.resize(T);
  double lo = asset.soc_initial_mwh, hi = asset.soc_initial_mwh;
  for (int t = 0; t < T; ++t) {
    lo = std::max(asset.soc_min_mwh, lo - most_discharged);
    hi = std::min(asset.soc_max_mwh, hi + most_charged);
    box.lower[t] = lo;
    box.upper[t] = hi;
  }
  // Backward: at the end of step t there are T-1-t steps left to charge up to the final minimum.
  for (int t = T - 1; t >= 0; --t)
    box.lower[t] = std::max(box.lower[t], final_lower - (T - 1 - t) * most_charged);
  return box;
}

namespace {
std::string name_of(const char* prefix, int i, int j) {
  return prefix + std::to_string(i) + "_" + std::to_string(j);
}
std::string name_of(const char* prefix, int i, int j, int k) {
  return prefix + std::to_string(i) + "_" + std::to_string(j) + "_" + std::to_string(k);
}
}  // namespace

FleetModel build_model(const Instance& in, Formulation formulation, const BuildOptions& options) {
  const int A = in.num_assets(), T = in.num_steps(), M = in.num_markets();
  const double dt = in.step_hours;
  const bool hull = formulation == Formulation::hull;
  const bool tight = formulation == Formulation::tight || hull;
  using core::kInfinity;

  FleetModel fm;
  fm.formulation = formulation;
  fm.num_assets = A;
  fm.num_steps = T;
  fm.num_markets = M;
  fm.x_col.assign(static_cast<size_t>(T) * M, -1);
  fm.y_col.assign(static_cast<size_t>(T) * M, -1);
  fm.link_row.assign(static_cast<size_t>(T) * M, -1);
  fm.p_col.assign(static_cast<size_t>(A) * T * M, -1);
  fm.soc_col.assign(static_cast<size_t>(A) * T, -1);
  fm.soc_row.assign(static_cast<size_t>(A) * T, -1);
  fm.u_col.assign(static_cast<size_t>(A) * T, -1);
  fm.u_relaxed.assign(static_cast<size_t>(A) * T, 0);
  fm.market_up.resize(M);
  for (int m = 0; m < M; ++m) fm.market_up[m] = in.markets[m].direction == Direction::up;
  for (int m = 0; m < M; ++m) fm.min_bid.push_back(in.markets[m].min_bid_mw);
  for (const Asset& asset : in.assets) fm.exchange_ratio.push_back(asset.eta_charge * asset.eta_discharge);

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

  std::vector<SocBoxes> boxes(A);
  std::vector<char> asset_boxed(A, 0);
  for (int a = 0; a < A; ++a) {
    const Asset& asset = in.assets[a];
    double q_up = 0, q_down = 0;
    bool in_min_bid_market = false;
    for (int m = 0; m < M; ++m) {
      (in.markets[m].direction == Direction::up ? q_up : q_down) += asset.prequalified_mw[m];
      if (asset.prequalified_mw[m] > 0 && in.markets[m].min_bid_mw > 0) in_min_bid_market = true;
    }
    const bool has_u = q_up > 0 && q_down > 0;
    const double final_lower = std::max(asset.soc_min_mwh, asset.soc_final_min_mwh);
    if (final_lower > asset.soc_max_mwh)
      throw core::InfeasibleInstance("asset '" + asset.name + "': the final state of charge must be at least " +
                                     std::to_string(final_lower) + " MWh but soc_max_mwh is " +
                                     std::to_string(asset.soc_max_mwh));
    // Hull boxes; an empty box means the asset cannot reach its final minimum: the plain bounds
    // are kept then, so that the model stays an honest (infeasible) MILP for any solver to judge.
    boxes[a].lower.assign(T, asset.soc_min_mwh);
    boxes[a].upper.assign(T, asset.soc_max_mwh);
    boxes[a].lower[T - 1] = final_lower;
    bool boxed = false;
    if (hull) {
      SocBoxes reachable = reachable_soc_boxes(in, a);
      boxed = true;
      for (int t = 0; t < T; ++t) boxed = boxed && reachable.lower[t] <= reachable.upper[t];
      if (boxed) boxes[a] = std::move(reachable);
    }
    asset_boxed[a] = boxed;
    for (int t = 0; t < T; ++t) {
      for (int m = 0; m < M; ++m) {
        const double q = asset.prequalified_mw[m];
        if (q <= 0) continue;
        const double cost = in.markets[m].direction == Direction::up ? -asset.cycle_cost_eur_per_mwh * dt : 0.0;
        fm.p_col[(static_cast<size_t>(a) * T + t) * M + m] = b.add_column(name_of("p_", a, t, m), cost, 0.0, q);
      }
      fm.soc_col[a * T + t] = b.add_column(name_of("soc_", a, t), 0.0, boxes[a].lower[t], boxes[a].upper[t]);
      if (has_u) {
        // Presolve: where simultaneous flow cannot pay, netting repairs any schedule (header).
        const bool relax = options.relax_unneeded_u && !in_min_bid_market && !exchange_can_pay(in, a, t);
        fm.u_col[a * T + t] = b.add_column(name_of("u_", a, t), 0.0, 0.0, 1.0, !relax);
        fm.u_relaxed[a * T + t] = relax;
      }
    }
  }

  for (int t = 0; t < T; ++t)
    for (int m = 0; m < M; ++m) {
      const int row = b.add_row(name_of("link_", t, m), 0.0, 0.0);
      fm.link_row[t * M + m] = row;
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
    // Hull: soc before step t lies in [lower_before, upper_before] (soc0 before the first step).
    auto lower_before = [&](int t) { return t == 0 ? asset.soc_initial_mwh : boxes[a].lower[t - 1]; };
    auto upper_before = [&](int t) { return t == 0 ? asset.soc_initial_mwh : boxes[a].upper[t - 1]; };
    for (int t = 0; t < T; ++t) {
      const int u = fm.u_col[a * T + t];
      auto p_of = [&](int m) { return fm.p_col[(static_cast<size_t>(a) * T + t) * M + m]; };
      // H2: one step can discharge no more than takes the box from its top before to its bottom
      // after, and charge no more than the way round.
      double dis_m = big_m_up, chg_m = big_m_down;
      if (asset_boxed[a]) {
        dis_m = std::min(dis_m, std::max(0.0, upper_before(t) - boxes[a].lower[t]) * asset.eta_discharge / dt);
        chg_m = std::min(chg_m, std::max(0.0, boxes[a].upper[t] - lower_before(t)) / (asset.eta_charge * dt));
      }
      // A row with no p column says nothing (0 <= rhs >= 0): it is left out.
      if (any_up) {
        const int row = b.add_row(name_of("dis_", a, t), -kInfinity, u >= 0 ? 0.0 : dis_m);
        for (int m = 0; m < M; ++m)
          if (in.markets[m].direction == Direction::up && p_of(m) >= 0) b.add_entry(row, p_of(m), 1.0);
        if (u >= 0 && dis_m > 0) b.add_entry(row, u, -dis_m);
      }
      if (any_down) {
        const int row = b.add_row(name_of("chg_", a, t), -kInfinity, chg_m);
        for (int m = 0; m < M; ++m)
          if (in.markets[m].direction == Direction::down && p_of(m) >= 0) b.add_entry(row, p_of(m), 1.0);
        if (u >= 0 && chg_m > 0) b.add_entry(row, u, chg_m);
      }
      // H3 (from step 2 on; at the first step soc before is soc0 and H3 is H2):
      //   soc[t-1] - (dt/etad) D >= L[t-1] + (L[t] - L[t-1]) u
      //   soc[t-1] + dt etac C   <= U[t-1] + (U[t] - U[t-1]) (1 - u)
      if (asset_boxed[a] && u >= 0 && t > 0) {
        const int before = fm.soc_col[a * T + t - 1];
        const double lower_step = boxes[a].lower[t] - boxes[a].lower[t - 1];
        const double upper_step = boxes[a].upper[t] - boxes[a].upper[t - 1];
        if (any_up) {
          const int row = b.add_row(name_of("soclo_", a, t), boxes[a].lower[t - 1], kInfinity);
          b.add_entry(row, before, 1.0);
          for (int m = 0; m < M; ++m)
            if (in.markets[m].direction == Direction::up && p_of(m) >= 0)
              b.add_entry(row, p_of(m), -dt / asset.eta_discharge);
          if (lower_step != 0) b.add_entry(row, u, -lower_step);
        }
        if (any_down) {
          const int row = b.add_row(name_of("sochi_", a, t), -kInfinity, boxes[a].upper[t]);
          b.add_entry(row, before, 1.0);
          for (int m = 0; m < M; ++m)
            if (in.markets[m].direction == Direction::down && p_of(m) >= 0)
              b.add_entry(row, p_of(m), dt * asset.eta_charge);
          if (upper_step != 0) b.add_entry(row, u, upper_step);
        }
      }
      const double rhs = t == 0 ? asset.soc_initial_mwh : 0.0;
      const int soc_row = b.add_row(name_of("soc_", a, t), rhs, rhs);
      fm.soc_row[a * T + t] = soc_row;
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
  // Min-bid cover (hull): a bid needs assets in the market's direction whose prequalified
  // power reaches the minimum, so sum_a min(1, q[a,m] / minbid[m]) z[a,t] >= y[t,m] with
  // z = u (up) or 1 - u (down); an asset without u that is in the market always counts.
  if (hull)
    for (int t = 0; t < T; ++t)
      for (int m = 0; m < M; ++m) {
        const int y = fm.y_col[t * M + m];
        if (y < 0) continue;
        const double min_bid = in.markets[m].min_bid_mw;
        const bool up = in.markets[m].direction == Direction::up;
        double always = 0.0;  // assets that can always serve m
        std::vector<std::pair<int, double>> terms;
        for (int a = 0; a < A; ++a) {
          const double q = in.assets[a].prequalified_mw[m];
          if (q <= 0) continue;
          const double share = std::min(1.0, q / min_bid);
          const int u = fm.u_col[a * T + t];
          if (u < 0) always += share;
          else terms.emplace_back(u, share);
        }
        if (always >= 1.0) continue;
        // up:   y - sum share u <= always;   down: y + sum share u <= always + sum share
        double rhs = always;
        if (!up)
          for (const auto& term : terms) rhs += term.second;
        const int row = b.add_row(name_of("mbcover_", t, m), -kInfinity, rhs);
        b.add_entry(row, y, 1.0);
        for (const auto& term : terms) b.add_entry(row, term.first, up ? -term.second : term.second);
      }
  if (options.count_like_assets) {
    fm.count_groups = count_groups(in, options.like_assets_relative);
    fm.count_col.assign(fm.count_groups.size() * static_cast<size_t>(T), -1);
    for (std::size_t g = 0; g < fm.count_groups.size(); ++g) {
      const std::vector<int>& group = fm.count_groups[g];
      for (int t = 0; t < T; ++t) {
        bool all_binary = true;
        for (int a : group) all_binary = all_binary && fm.u_col[a * T + t] >= 0 && !fm.u_relaxed[a * T + t];
        if (!all_binary) continue;
        const int n = b.add_column(name_of("n_", static_cast<int>(g), t), 0.0, 0.0,
                                   static_cast<double>(group.size()), true);
        fm.count_col[g * T + t] = n;
        const int row = b.add_row(name_of("count_", static_cast<int>(g), t), 0.0, 0.0);
        for (int a : group) b.add_entry(row, fm.u_col[a * T + t], 1.0);
        b.add_entry(row, n, -1.0);
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
  // Net out simultaneous flow where the presolve relaxed u (formulation.hpp, schedule_from).
  const int A = num_assets, T = num_steps, M = num_markets;
  bool netted = false;
  for (int a = 0; a < A; ++a)
    for (int t = 0; t < T; ++t) {
      if (u_relaxed.empty() || !u_relaxed[static_cast<size_t>(a) * T + t]) continue;
      double charge = 0, discharge = 0;
      for (int m = 0; m < M; ++m) (market_up[m] ? discharge : charge) += s.p(a, t, m);
      const double ratio = exchange_ratio[a];
      const double charge_cut = std::min(charge, discharge / ratio);
      if (!(charge_cut > 0)) continue;
      // Scale each side down; the side that vanishes is set to exactly 0.
      const bool charge_goes = charge <= discharge / ratio;
      const double keep_charge = charge_goes ? 0.0 : (charge - charge_cut) / charge;
      const double keep_discharge = charge_goes ? (discharge - ratio * charge_cut) / discharge : 0.0;
      for (int m = 0; m < M; ++m) s.p(a, t, m) *= market_up[m] ? keep_discharge : keep_charge;
      netted = true;
    }
  if (netted)
    for (int t = 0; t < T; ++t)
      for (int m = 0; m < M; ++m) {
        if (x_col[t * M + m] < 0) continue;
        double total = 0;
        for (int a = 0; a < A; ++a) total += s.p(a, t, m);
        s.x(t, m) = total;
      }
  return s;
}

std::vector<double> FleetModel::columns_from(const FleetSolution& schedule) const {
  std::vector<double> columns(static_cast<size_t>(model.num_cols()), 0.0);
  const int A = num_assets, T = num_steps, M = num_markets;
  for (int t = 0; t < T; ++t)
    for (int m = 0; m < M; ++m) {
      const int x = x_col[t * M + m];
      if (x >= 0) columns[x] = schedule.x(t, m);
      const int y = y_col[t * M + m];
      if (y >= 0) columns[y] = schedule.x(t, m) > 0 ? 1.0 : 0.0;
    }
  for (int a = 0; a < A; ++a)
    for (int t = 0; t < T; ++t) {
      double discharge = 0;
      for (int m = 0; m < M; ++m) {
        const int p = p_col[(static_cast<size_t>(a) * T + t) * M + m];
        if (p >= 0) columns[p] = schedule.p(a, t, m);
        if (market_up[m]) discharge += schedule.p(a, t, m);
      }
      const int soc = soc_col[static_cast<size_t>(a) * T + t];
      if (soc >= 0) columns[soc] = schedule.state(a, t);
      const int u = u_col[static_cast<size_t>(a) * T + t];
      if (u >= 0) columns[u] = discharge > 0 ? 1.0 : 0.0;
    }
  for (std::size_t g = 0; g < count_groups.size(); ++g)
    for (int t = 0; t < T; ++t)
      if (const int n = count_col[g * T + t]; n >= 0)
        for (int a : count_groups[g]) columns[n] += columns[u_col[static_cast<size_t>(a) * T + t]];
  return columns;
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
