// What a test does when something it needs from outside the project is missing: the shared data
// folder (core::shared_data_dir(): Netlib, MIPLIB, real prices) or a reference solver (HiGHS
// through /usr/bin/python3 + SciPy, cbc, glpsol).
//
// Why: such tests used to WARN and skip, so on a machine where scripts/setup.sh had silently
// failed they passed without checking anything, and only some of them honoured the variables CI
// sets to forbid that. Now every such skip goes through one of the functions below: when the
// kind's variable is set (to anything but empty or "0") the missing piece FAILs the test case
// (Catch FAIL, which ends it); otherwise it WARNs and the caller skips as before.
//
//   FLEETOPT_REQUIRE_SHARED_DATA        the shared data folder
//   FLEETOPT_REQUIRE_REFERENCE_SOLVERS  HiGHS/SciPy, cbc and glpsol
//   FLEETOPT_REQUIRE_SCIPY              HiGHS/SciPy only (the older name; the MILP differential
//                                       script tests/differential/run_milp_differential.sh too)
//
// CI (.ci/run) sets all three; scripts/setup.sh installs what they ask for.
#pragma once

#include <catch2/catch.hpp>
#include <cstdlib>
#include <string>

#include "fleetopt/core/paths.hpp"
#include "fleetopt/reference/reference_solver.hpp"

namespace fleetopt::test {

namespace detail {

// Whether the variable asks for a failure: set, non-empty and not "0".
inline bool required_by(const char* variable) {
  const char* value = std::getenv(variable);
  return value && *value && std::string(value) != "0";
}

}  // namespace detail

// The shared data folder (or the part of it a test reads) is missing. Under
// FLEETOPT_REQUIRE_SHARED_DATA: FAIL, naming where it was looked for. Otherwise: WARN `warning`
// and return, for the caller to skip.
inline void missing_shared_data(const std::string& warning = core::shared_data_missing_message()) {
  if (detail::required_by("FLEETOPT_REQUIRE_SHARED_DATA")) {
    const std::string where = core::shared_data_missing_message();
    FAIL((warning.find(where) == std::string::npos ? warning + "\n" + where : warning)
         << "\n(FLEETOPT_REQUIRE_SHARED_DATA is set: missing shared data is a failure, not a skip)");
  }
  WARN(warning);
}

// Reference solver `solver` is not available (`warning` says which and what is skipped). Under
// FLEETOPT_REQUIRE_REFERENCE_SOLVERS, or for HiGHS also FLEETOPT_REQUIRE_SCIPY: FAIL. Otherwise:
// WARN `warning` and return, for the caller to skip.
inline void missing_reference_solver(reference::ReferenceSolver solver, const std::string& warning) {
  const char* variable = nullptr;
  if (detail::required_by("FLEETOPT_REQUIRE_REFERENCE_SOLVERS")) variable = "FLEETOPT_REQUIRE_REFERENCE_SOLVERS";
  else if (solver == reference::ReferenceSolver::highs && detail::required_by("FLEETOPT_REQUIRE_SCIPY"))
    variable = "FLEETOPT_REQUIRE_SCIPY";
  if (variable) FAIL(warning << "\n(" << variable << " is set: a missing reference solver is a failure, not a skip)");
  WARN(warning);
}

// The same with the plain warning "<solver> is not available on this machine: skipped".
inline void missing_reference_solver(reference::ReferenceSolver solver) {
  missing_reference_solver(solver, std::string(reference::to_string(solver)) + " is not available on this machine: skipped");
}

}  // namespace fleetopt::test
