// Reference solvers: solve a core::Model with an external MILP solver (CBC, GLPK, HiGHS) through
// an exported MPS or LP file and read its solution back, by column name. Used to validate our own
// solver and to build the reference data set; never on the main solve path of our own solver.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "fleetopt/core/model.hpp"

namespace fleetopt::reference {

enum class ReferenceSolver { highs, cbc, glpk };
const char* to_string(ReferenceSolver s);
ReferenceSolver reference_solver_from_string(const std::string& s);  // throws std::invalid_argument

struct ReferenceOptions {
  double time_limit_seconds = 600.0;
  bool relax_integrality = false;  // solve the LP relaxation instead
  // HiGHS only: run its presolve. The HiGHS in SciPy 1.10 gives wrong MILP answers with presolve
  // on for some small fleet models (docs/reference.md); the differential test switches it off.
  bool presolve = true;
};

enum class ReferenceStatus { optimal, feasible, infeasible, unbounded, no_solution, error };
const char* to_string(ReferenceStatus s);

struct ReferenceResult {
  ReferenceStatus status = ReferenceStatus::error;
  std::string solver;          // "highs", "cbc", "glpk"
  std::string solver_version;  // as the solver reports it, e.g. "2.10.8"
  std::string backend;         // how it was run: "highs binary", "scipy 1.10.1", "cbc", "glpsol"
  std::optional<double> objective;   // in the model's own sense, including the constant
  std::optional<double> best_bound;
  std::optional<double> gap;
  double seconds = 0.0;
  std::vector<double> column_values;  // by column index of the model (empty without a solution)
  std::string log_tail;               // last lines of the solver's output, for error messages
};

// True if the solver can be run on this machine (binary on PATH, or scipy for HiGHS).
bool reference_available(ReferenceSolver solver);

ReferenceResult solve_reference(const core::Model& model, ReferenceSolver solver,
                                const ReferenceOptions& options = {});

// Solves many models with one solver; results[i] belongs to models[i], and the time limit applies
// to each model. For HiGHS every model goes to ONE scipy_highs.py process (--batch), which saves
// Python's start-up and SciPy's import (0.3-0.5 s) per model; CBC and GLPK, which start in
// milliseconds, run once per model as in solve_reference. A model the batch gave no answer for
// (the process was killed or crashed before reaching it) has status error and says why.
std::vector<ReferenceResult> solve_reference_batch(const std::vector<core::Model>& models, ReferenceSolver solver,
                                                   const ReferenceOptions& options = {});

}  // namespace fleetopt::reference
