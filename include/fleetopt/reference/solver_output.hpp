// The pieces of the reference adapters that need no external solver: preparing the MPS text each
// solver accepts, running a child process with a hard time limit, and parsing each solver's
// solution and log files back into column values by name. Separate from reference_solver.hpp so
// the parsers can be tested on hand-written solver output (tests/reference/test_solver_output.cpp).
//
// Facts about the solvers these rest on (verified on Debian 12, see docs/reference.md):
//   - CBC 2.10.8 reads fixed MPS unless the NAME line ends in FREE; it rejects an OBJSENSE
//     section with an error and otherwise always minimises: maximisation needs -max.
//     Its text solution prints 8 significant digits; -saveSolution writes a binary file with
//     full doubles (int rows, int cols, objective, row activities, row duals, column values,
//     reduced costs) in the order the MPS file declares them.
//   - glpsol 5.0 rejects an OBJSENSE section ("MPS file processing error") and reads the objective
//     row's RHS as +constant, while CPLEX, CBC and HiGHS read it as -constant: the adapters
//     therefore write the objective constant as 0 and add it back themselves.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "fleetopt/reference/reference_solver.hpp"

namespace fleetopt::reference {

// Column names in the order a solver numbers them: first appearance in the COLUMNS section.
std::vector<std::string> mps_column_order(const std::string& mps_text);

// Our writer's free MPS made acceptable to CBC and glpsol: the NAME line becomes
// "NAME <name> FREE", the OBJSENSE section is removed (the sense goes on the command line), and
// an empty RHS section is added when there is none (CBC 2.10.8 reports "Bad image" for a
// RANGES or BOUNDS section that follows COLUMNS directly).
std::string mps_for_cbc_and_glpk(const std::string& mps_text);

// What a solver's output files say, before mapping onto a model.
struct ParsedSolution {
  ReferenceStatus status = ReferenceStatus::error;
  std::optional<double> objective;   // as the solver reports it (without our constant)
  std::optional<double> best_bound;  // same
  std::vector<std::pair<std::string, double>> values;  // column name -> value (may be partial)
  std::string solver_version;
  std::optional<double> solver_seconds;  // the solver's own timing of the solve, when it gives one
  std::string message;  // why the status is error, when it is
};

// CBC: `solution_text` from -solution, `log_text` its stdout, `binary` the -saveSolution file's
// bytes (empty if absent), `columns` from mps_column_order. Values come from the binary file
// when it matches the column count, else from the (8-digit) text file.
ParsedSolution parse_cbc(const std::string& solution_text, const std::string& log_text,
                         const std::string& binary, const std::vector<std::string>& columns);

// glpsol: `raw_text` from --write (glp_write_mip "s mip" or glp_write_sol "s bas"), `log_text`
// its stdout, `columns` from mps_column_order.
ParsedSolution parse_glpk(const std::string& raw_text, const std::string& log_text,
                          const std::vector<std::string>& columns);

// scipy_highs.py: its stdout (one JSON object) and its --solution file ("name value" lines).
ParsedSolution parse_scipy_highs(const std::string& stdout_text, const std::string& solution_text);

// scipy_highs.py --batch: its stdout holds one JSON object per model, each naming its model file
// in the key "model". Returns, for each of `model_paths`, the line of the object that names it
// (to hand to parse_scipy_highs), or an empty string when the script printed none for it (it was
// killed before, or crashed). Lines that are not such objects (stderr is mixed in) are skipped.
std::vector<std::string> split_scipy_highs_batch(const std::string& stdout_text,
                                                 const std::vector<std::string>& model_paths);

// A child process: argv[0] searched on PATH, stdin from /dev/null, stdout and stderr into
// `output_file`. The child and its process group are killed after `kill_after_seconds`.
struct ProcessResult {
  int exit_code = -1;     // when it exited normally
  int signal = 0;         // when a signal ended it
  bool killed_after_timeout = false;
  bool could_not_start = false;
  double seconds = 0.0;   // wall time
};
ProcessResult run_process(const std::vector<std::string>& argv,
                          const std::filesystem::path& output_file, double kill_after_seconds);

// Full path of an executable found on PATH, or empty.
std::string find_on_path(const std::string& name);

// The Python that runs scipy_highs.py ($FLEETOPT_PYTHON, else /usr/bin/python3) and the script
// ($FLEETOPT_SCIPY_HIGHS, else the copy in the source tree this library was built from).
std::string scipy_python();
std::string scipy_highs_script();

}  // namespace fleetopt::reference
