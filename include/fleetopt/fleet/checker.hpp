// The independent solution checker (docs/model.md section 6). It judges a schedule against the
// constraints of section 3 from the instance data alone, never through the formulation builder's
// matrix or the solver, and recomputes the objective.
//
// Each row r of section 3 is judged by its scaled violation v_r / c_r, where v_r is how far the
// row is off (0 when satisfied) and c_r the row's largest absolute coefficient:
//   link x - sum_a p: 1;  dis/chg sum p - P u: max(1, P);  soc: max(1, dt etac, dt / etad);
//   bounds on p, x, soc and cap: 1;  minbid: max(1, minbid);  simultaneous (both directions of
//   one asset and step carry power, which no value of u allows): min(up, down) over max(1, P).
// A family fails when its worst scaled violation exceeds core::tol::kCheckAbsolute; NaN or
// infinite values count as infinite violations. The objective family compares the claimed
// revenue with the recomputed one: |claimed - recomputed| <= max(kObjectiveCheckRelative *
// max(|claimed|, |recomputed|), kObjectiveCheckAbsoluteFloor); its worst_violation is the
// absolute difference in EUR. docs/reference.md describes the checks in prose.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "fleetopt/fleet/instance.hpp"
#include "fleetopt/fleet/solution.hpp"

namespace fleetopt::fleet {

struct ConstraintFamilyReport {
  std::string family;        // "link", "dis", "chg", "soc", "soc_bounds", "soc_final", "p_bounds",
                             // "x_bounds", "cap", "minbid", "simultaneous", "mode", "objective"
  double worst_violation = 0.0;  // scaled by the row's largest coefficient
  std::string where;         // e.g. "asset a0, step 2025-01-01T03:00:00Z"
  int rows_checked = 0;
  bool ok = true;
};

struct CheckReport {
  std::vector<ConstraintFamilyReport> families;
  double recomputed_objective = 0.0;
  std::optional<double> claimed_objective;
  bool ok = true;  // every family ok and the claimed objective (if any) matches
};

CheckReport check_schedule(const Instance& instance, const FleetSolution& schedule,
                           std::optional<double> claimed_objective = std::nullopt,
                           const std::vector<std::string>* modes = nullptr);

// Revenue of a schedule (the objective of section 3) computed from the instance data alone.
double schedule_revenue(const Instance& instance, const FleetSolution& schedule);

// Human-readable table: one line per family with its worst violation and where.
std::string format_report(const CheckReport& report);

}  // namespace fleetopt::fleet
