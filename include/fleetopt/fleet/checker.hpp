// The independent solution checker (docs/model.md section 6). It judges a schedule against the
// constraints of section 3 from the instance data alone, never through the formulation builder's
// matrix or the solver, and recomputes the objective.
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

// Human-readable table: one line per family with its worst violation and where.
std::string format_report(const CheckReport& report);

}  // namespace fleetopt::fleet
