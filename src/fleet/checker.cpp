// The independent checker of docs/model.md section 6 (see checker.hpp for the scaling rules).
// Everything here is computed from the Instance and the schedule; formulation.hpp is never used,
// so a bug in the model builder cannot hide itself.
#include "fleetopt/fleet/checker.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <map>
#include <sstream>
#include <stdexcept>

#include "fleetopt/core/tolerances.hpp"

namespace fleetopt::fleet {

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

// Family names in report order (checker.hpp lists them).
const char* const kFamilies[] = {"link",     "dis",   "chg",    "simultaneous", "p_bounds",
                                 "x_bounds", "cap",   "minbid", "soc",          "soc_bounds",
                                 "soc_final", "mode", "objective"};

class Families {
 public:
  Families() {
    for (const char* name : kFamilies) {
      index_[name] = static_cast<int>(reports_.size());
      ConstraintFamilyReport r;
      r.family = name;
      reports_.push_back(r);
    }
  }

  // Records one checked row: `violation` is how far it is off (<= 0 when satisfied, NaN when a
  // value is not a number), `scale` the row's largest absolute coefficient.
  template <typename Where>
  void row(const char* family, double violation, double scale, const Where& where) {
    ConstraintFamilyReport& r = reports_[index_.at(family)];
    ++r.rows_checked;
    const double scaled = std::isnan(violation) ? kInf : std::max(0.0, violation) / scale;
    if (scaled > r.worst_violation || (r.where.empty() && scaled > 0.0)) {
      r.worst_violation = scaled;
      r.where = where();
    }
    if (scaled > core::tol::kCheckAbsolute) r.ok = false;
  }

  ConstraintFamilyReport& at(const char* family) { return reports_[index_.at(family)]; }
  std::vector<ConstraintFamilyReport> take() { return std::move(reports_); }

 private:
  std::map<std::string, int> index_;
  std::vector<ConstraintFamilyReport> reports_;
};

// Value that makes a row violation infinite when any input is not finite.
double guard(double violation, std::initializer_list<double> inputs) {
  for (double v : inputs)
    if (!std::isfinite(v)) return std::numeric_limits<double>::quiet_NaN();
  return violation;
}

std::string number(double v) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.10g", v);
  return buffer;
}

}  // namespace

double schedule_revenue(const Instance& instance, const FleetSolution& s) {
  const int T = instance.num_steps(), M = instance.num_markets(), A = instance.num_assets();
  const double dt = instance.step_hours;
  double revenue = 0.0;
  for (int t = 0; t < T; ++t)
    for (int m = 0; m < M; ++m)
      revenue += instance.markets[m].revenue_sign() * instance.price(t, m) * dt * s.x(t, m);
  for (int a = 0; a < A; ++a) {
    const double kappa = instance.assets[a].cycle_cost_eur_per_mwh;
    if (kappa == 0.0) continue;
    for (int t = 0; t < T; ++t)
      for (int m = 0; m < M; ++m)
        if (instance.markets[m].direction == Direction::up) revenue -= kappa * dt * s.p(a, t, m);
  }
  return revenue;
}

CheckReport check_schedule(const Instance& instance, const FleetSolution& s,
                           std::optional<double> claimed_objective,
                           const std::vector<std::string>* modes) {
  const int T = instance.num_steps(), M = instance.num_markets(), A = instance.num_assets();
  if (s.num_steps != T || s.num_markets != M || s.num_assets != A ||
      s.bid.size() != static_cast<size_t>(T) * M || s.power.size() != static_cast<size_t>(A) * T * M ||
      s.soc.size() != static_cast<size_t>(A) * T)
    throw std::invalid_argument("check_schedule: the schedule's dimensions differ from the instance's");
  if (modes && modes->size() != static_cast<size_t>(A) * T)
    throw std::invalid_argument("check_schedule: expected one mode per asset and step");

  const double dt = instance.step_hours;
  Families fam;
  auto step_label = [&](int t) {
    return instance.time_labels[t].empty() ? "step " + std::to_string(t + 1)
                                           : "step " + instance.time_labels[t];
  };
  auto at_market = [&](int t, int m) {
    return [&, t, m] { return "market " + instance.markets[m].name + ", " + step_label(t); };
  };
  auto at_asset = [&](int a, int t) {
    return [&, a, t] { return "asset " + instance.assets[a].name + ", " + step_label(t); };
  };
  auto at_asset_market = [&](int a, int t, int m) {
    return [&, a, t, m] {
      return "asset " + instance.assets[a].name + ", market " + instance.markets[m].name + ", " +
             step_label(t);
    };
  };

  // Fleet-level rows: link, x bounds, cap, minimum bid.
  for (int t = 0; t < T; ++t)
    for (int m = 0; m < M; ++m) {
      const Market& market = instance.markets[m];
      const double x = s.x(t, m);
      double delivered = 0.0;
      for (int a = 0; a < A; ++a) delivered += s.p(a, t, m);
      fam.row("link", guard(std::abs(x - delivered), {x, delivered}), 1.0, at_market(t, m));
      fam.row("x_bounds", guard(-x, {x}), 1.0, at_market(t, m));
      if (market.cap_mw) fam.row("cap", guard(x - *market.cap_mw, {x}), 1.0, at_market(t, m));
      if (market.min_bid_mw > 0.0) {
        // x must be 0 or >= minbid: the distance to the nearer of the two allowed regions.
        const double off = (x > 0.0 && x < market.min_bid_mw) ? std::min(x, market.min_bid_mw - x) : 0.0;
        fam.row("minbid", guard(off, {x}), std::max(1.0, market.min_bid_mw), at_market(t, m));
      }
    }

  // Asset-level rows.
  for (int a = 0; a < A; ++a) {
    const Asset& asset = instance.assets[a];
    const double power_scale = std::max(1.0, asset.power_mw);
    const double soc_scale =
        std::max({1.0, dt * asset.eta_charge, dt / asset.eta_discharge});
    double previous_soc = asset.soc_initial_mwh;
    for (int t = 0; t < T; ++t) {
      double up = 0.0, down = 0.0;
      for (int m = 0; m < M; ++m) {
        const double p = s.p(a, t, m);
        const double q = m < static_cast<int>(asset.prequalified_mw.size()) ? asset.prequalified_mw[m] : 0.0;
        fam.row("p_bounds", guard(std::max(-p, p - q), {p}), 1.0, at_asset_market(a, t, m));
        (instance.markets[m].direction == Direction::up ? up : down) += p;
      }
      fam.row("dis", guard(up - asset.power_mw, {up}), power_scale, at_asset(a, t));
      fam.row("chg", guard(down - asset.power_mw, {down}), power_scale, at_asset(a, t));
      // u[a,t] is binary: one of the two directions must carry (numerically) no power.
      fam.row("simultaneous", guard(std::min(up, down), {up, down}), power_scale, at_asset(a, t));

      const double soc = s.state(a, t);
      const double expected =
          previous_soc + dt * (asset.eta_charge * down - up / asset.eta_discharge);
      fam.row("soc", guard(std::abs(soc - expected), {soc, expected}), soc_scale, at_asset(a, t));
      fam.row("soc_bounds", guard(std::max(asset.soc_min_mwh - soc, soc - asset.soc_max_mwh), {soc}),
              1.0, at_asset(a, t));
      if (t == T - 1)
        fam.row("soc_final", guard(asset.soc_final_min_mwh - soc, {soc}), 1.0, at_asset(a, t));
      previous_soc = soc;

      if (modes) {
        const std::string& mode = (*modes)[static_cast<size_t>(a) * T + t];
        // The mode is a label derived from the powers: "discharge" allows no down power,
        // "charge" no up power, "idle" neither. "both" describes a state the simultaneous family
        // already judges. Any other word is not a mode at all.
        double off = kInf;
        if (mode == "discharge") off = down;
        else if (mode == "charge") off = up;
        else if (mode == "idle") off = std::max(up, down);
        else if (mode == "both") off = 0.0;
        const bool unknown = std::isinf(off);
        fam.row("mode", guard(off, {up, down}), power_scale, [&, a, t, unknown] {
          return "asset " + instance.assets[a].name + ", " + step_label(t) + " (mode '" + mode + "'" +
                 (unknown ? ", not one of discharge/charge/idle" : "") + ")";
        });
      }
    }
  }

  CheckReport report;
  report.recomputed_objective = schedule_revenue(instance, s);
  report.claimed_objective = claimed_objective;
  ConstraintFamilyReport& objective = fam.at("objective");
  if (claimed_objective) {
    const double claimed = *claimed_objective, recomputed = report.recomputed_objective;
    const double difference = std::abs(claimed - recomputed);
    const double allowed =
        std::max(core::tol::kObjectiveCheckRelative * std::max(std::abs(claimed), std::abs(recomputed)),
                 core::tol::kObjectiveCheckAbsoluteFloor);
    objective.rows_checked = 1;
    objective.worst_violation = std::isfinite(difference) ? difference : kInf;
    objective.ok = difference <= allowed;  // false for NaN as well
    objective.where = "claimed " + number(claimed) + ", recomputed " + number(recomputed) +
                      " (allowed difference " + number(allowed) + ")";
  } else {
    objective.where = "no claimed objective; recomputed " + number(report.recomputed_objective);
    if (!std::isfinite(report.recomputed_objective)) objective.ok = false;
  }

  report.families = fam.take();
  report.ok = std::all_of(report.families.begin(), report.families.end(),
                          [](const ConstraintFamilyReport& r) { return r.ok; });
  return report;
}

std::string format_report(const CheckReport& report) {
  std::ostringstream out;
  char line[160];
  std::snprintf(line, sizeof line, "%-13s %7s  %-12s %-6s %s\n", "family", "rows", "worst", "result",
                "where");
  out << line;
  for (const ConstraintFamilyReport& r : report.families) {
    std::snprintf(line, sizeof line, "%-13s %7d  %-12.4g %-6s ", r.family.c_str(), r.rows_checked,
                  r.worst_violation, r.ok ? "ok" : "FAIL");
    out << line << (r.worst_violation > 0.0 || r.family == "objective" ? r.where : "") << '\n';
  }
  out << "recomputed objective: " << number(report.recomputed_objective) << " EUR";
  if (report.claimed_objective) out << ", claimed: " << number(*report.claimed_objective) << " EUR";
  out << "\n" << (report.ok ? "check passed" : "check FAILED") << " (constraint violations are "
      << "scaled by each row's largest coefficient; tolerance " << number(core::tol::kCheckAbsolute)
      << ")\n";
  return out.str();
}

}  // namespace fleetopt::fleet
