// The MILP of docs/model.md section 3 built as a core::Model, in two variants:
//   basic: exactly section 3 (big-M = P[a] in (dis)/(chg));
//   tight: plus p[a,t,m] <= q[a,m] u[a,t] (up) and p[a,t,m] <= q[a,m] (1 - u[a,t]) (down), and
//          big-M = min(P[a], sum of q[a,m] over the direction's markets). The default.
// Both have the same integer optimum; tight has a much smaller integrality gap.
#pragma once

#include <string>
#include <vector>

#include "fleetopt/core/model.hpp"
#include "fleetopt/fleet/instance.hpp"
#include "fleetopt/fleet/solution.hpp"

namespace fleetopt::fleet {

enum class Formulation { basic, tight };
const char* to_string(Formulation f);
Formulation formulation_from_string(const std::string& s);  // throws std::invalid_argument

// The built model plus the map from its columns back to fleet quantities. An index of -1 means
// the quantity has no column (it is fixed at zero or dropped, e.g. u for a one-direction asset).
struct FleetModel {
  core::Model model;  // sense maximize, objective = revenue (EUR)
  Formulation formulation = Formulation::tight;
  int num_assets = 0, num_steps = 0, num_markets = 0;
  std::vector<int> x_col;    // [t * M + m]
  std::vector<int> p_col;    // [(a * T + t) * M + m]
  std::vector<int> soc_col;  // [a * T + t]
  std::vector<int> u_col;    // [a * T + t]
  std::vector<int> y_col;    // [t * M + m]

  // Turns a column vector into a schedule (missing columns read as 0).
  FleetSolution schedule_from(const std::vector<double>& column_values) const;
};

FleetModel build_model(const Instance& instance, Formulation formulation = Formulation::tight);

// The idle schedule as column values of `model` (built from `instance`): x = 0, p = 0, y = 0,
// u = 0 and soc = soc0 at every step. Feasible exactly when instance.trivial_infeasibility() is
// empty (docs/model.md section 3), which makes it the solver's first incumbent.
std::vector<double> idle_columns(const Instance& instance, const FleetModel& model);

}  // namespace fleetopt::fleet
