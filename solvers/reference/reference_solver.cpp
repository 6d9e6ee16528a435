// Reference solvers (reference_solver.hpp): write the model as MPS into a fresh temporary folder,
// run CBC, glpsol or scipy_highs.py on it as a child process, and map the solution back onto the
// model's columns by name. docs/reference.md gives the exact command lines and why.
#include "fleetopt/reference/reference_solver.hpp"

#include <stdlib.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <unordered_map>

#include "fleetopt/core/mps.hpp"
#include "fleetopt/core/tolerances.hpp"
#include "fleetopt/reference/solver_output.hpp"

namespace fleetopt::reference {

namespace fs = std::filesystem;

const char* to_string(ReferenceSolver s) {
  switch (s) {
    case ReferenceSolver::highs: return "highs";
    case ReferenceSolver::cbc: return "cbc";
    case ReferenceSolver::glpk: return "glpk";
  }
  return "?";
}

ReferenceSolver reference_solver_from_string(const std::string& s) {
  if (s == "highs") return ReferenceSolver::highs;
  if (s == "cbc") return ReferenceSolver::cbc;
  if (s == "glpk") return ReferenceSolver::glpk;
  throw std::invalid_argument("unknown reference solver '" + s + "' (expected highs, cbc or glpk)");
}

const char* to_string(ReferenceStatus s) {
  switch (s) {
    case ReferenceStatus::optimal: return "optimal";
    case ReferenceStatus::feasible: return "feasible";
    case ReferenceStatus::infeasible: return "infeasible";
    case ReferenceStatus::unbounded: return "unbounded";
    case ReferenceStatus::no_solution: return "no_solution";
    case ReferenceStatus::error: return "error";
  }
  return "?";
}

namespace {

// A fresh folder under the system temp dir, removed on destruction unless
// FLEETOPT_KEEP_REFERENCE_FILES is set (then its path is reported in log_tail, for debugging).
class TemporaryFolder {
 public:
  TemporaryFolder() {
    std::string pattern = (fs::temp_directory_path() / "fleetopt-reference-XXXXXX").string();
    if (!mkdtemp(pattern.data())) throw std::runtime_error("cannot create a temporary folder");
    path_ = pattern;
    const char* keep = std::getenv("FLEETOPT_KEEP_REFERENCE_FILES");
    keep_ = keep && *keep && std::string(keep) != "0";
  }
  ~TemporaryFolder() {
    std::error_code ignored;
    if (!keep_) fs::remove_all(path_, ignored);
  }
  TemporaryFolder(const TemporaryFolder&) = delete;
  TemporaryFolder& operator=(const TemporaryFolder&) = delete;
  const fs::path& path() const { return path_; }
  bool kept() const { return keep_; }

 private:
  fs::path path_;
  bool keep_ = false;
};

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return "";
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

void write_file(const fs::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
  if (!out.flush()) throw std::runtime_error("cannot write " + path.string());
}

std::string last_lines(const std::string& text, int count) {
  size_t at = text.size();
  for (int n = 0; n <= count && at > 0; ++n) {
    const size_t previous = text.rfind('\n', at - 1);
    if (previous == std::string::npos) return text;
    if (n < count) at = previous;
  }
  return text.substr(at == text.size() ? at : at + 1);
}

std::string number_text(double v) {
  std::ostringstream s;
  s.precision(17);
  s << v;
  return s.str();
}

// The solver's process must end by itself: its own time limit plus generous room for reading,
// writing and (for scipy) starting Python. Past this it is killed and the result is an error.
double kill_after(double time_limit) { return time_limit * 1.25 + 30.0; }

bool scipy_available() {
  static const bool available = [] {
    if (find_on_path(scipy_python()).empty()) return false;
    const fs::path log = fs::temp_directory_path() / ("fleetopt-scipy-probe-" + std::to_string(getpid()) + ".txt");
    const ProcessResult r = run_process({scipy_python(), "-c", "import scipy.optimize"}, log, 60.0);
    std::error_code ignored;
    fs::remove(log, ignored);
    return r.exit_code == 0 && !r.could_not_start;
  }();
  return available;
}

}  // namespace

bool reference_available(ReferenceSolver solver) {
  switch (solver) {
    case ReferenceSolver::cbc: return !find_on_path("cbc").empty();
    case ReferenceSolver::glpk: return !find_on_path("glpsol").empty();
    case ReferenceSolver::highs: return scipy_available() && fs::exists(scipy_highs_script());
  }
  return false;
}

ReferenceResult solve_reference(const core::Model& model, ReferenceSolver solver,
                                const ReferenceOptions& options) {
  ReferenceResult result;
  result.solver = to_string(solver);
  if (!(options.time_limit_seconds > 0.0))
    throw std::invalid_argument("reference solver time limit must be positive");
  if (!reference_available(solver)) {
    result.log_tail = solver == ReferenceSolver::highs
        ? "HiGHS is run through SciPy: " + scipy_python() + " with scipy.optimize and the script " +
              scipy_highs_script() + " are needed (Debian: apt-get install python3-scipy)"
        : std::string(solver == ReferenceSolver::cbc ? "cbc" : "glpsol") +
              " is not on PATH (Debian: apt-get install " +
              (solver == ReferenceSolver::cbc ? "coinor-cbc" : "glpk-utils") + ")";
    return result;
  }

  core::Model prepared = model;
  if (options.relax_integrality) std::fill(prepared.is_integer.begin(), prepared.is_integer.end(), 0);
  const bool maximize = model.sense == core::ObjectiveSense::maximize;
  // The constant the solver does not see and we add back (see solver_output.hpp on glpsol).
  double constant_added = 0.0;
  TemporaryFolder folder;
  const fs::path dir = folder.path();
  const fs::path model_file = dir / "model.mps", log_file = dir / "log.txt";
  const double limit = options.time_limit_seconds;
  ParsedSolution parsed;
  ProcessResult process;

  switch (solver) {
    case ReferenceSolver::cbc: {
      constant_added = prepared.objective_constant;
      prepared.objective_constant = 0.0;
      const std::string mps = mps_for_cbc_and_glpk(core::to_mps_string(prepared));
      write_file(model_file, mps);
      const fs::path text = dir / "solution.txt", binary = dir / "solution.bin";
      process = run_process({"cbc", model_file.string(), maximize ? "-max" : "-min", "-sec", number_text(limit),
                             "-timeMode", "elapsed", "-ratioGap", "0", "-allowableGap", "0", "-solve",
                             "-solution", text.string(), "-saveSolution", binary.string()},
                            log_file, kill_after(limit));
      parsed = parse_cbc(read_file(text), read_file(log_file), read_file(binary), mps_column_order(mps));
      result.backend = "cbc";
      break;
    }
    case ReferenceSolver::glpk: {
      constant_added = prepared.objective_constant;
      prepared.objective_constant = 0.0;
      const std::string mps = mps_for_cbc_and_glpk(core::to_mps_string(prepared));
      write_file(model_file, mps);
      const fs::path raw = dir / "solution.txt";
      // glpsol takes whole seconds; rounding up keeps at least the time asked for.
      const long seconds = std::max(1L, static_cast<long>(std::ceil(limit)));
      process = run_process({"glpsol", "--freemps", model_file.string(), maximize ? "--max" : "--min",
                             "--mipgap", "0", "--tmlim", std::to_string(seconds), "--write", raw.string()},
                            log_file, kill_after(limit));
      parsed = parse_glpk(read_file(raw), read_file(log_file), mps_column_order(mps));
      result.backend = "glpsol";
      break;
    }
    case ReferenceSolver::highs: {
      write_file(model_file, core::to_mps_string(prepared));
      const fs::path values = dir / "solution.txt";
      std::vector<std::string> argv = {scipy_python(), scipy_highs_script(), model_file.string(),
                                       "--time-limit", number_text(limit), "--solution", values.string()};
      if (options.relax_integrality) argv.push_back("--relax");
      // The script prints its JSON on stdout; stderr goes to the same file and is skipped by the
      // parser (it takes the last line that starts with '{').
      process = run_process(argv, log_file, kill_after(limit));
      parsed = parse_scipy_highs(read_file(log_file), read_file(values));
      result.backend = "scipy " + parsed.solver_version + " (scipy.optimize " +
                       (options.relax_integrality ? "linprog highs-ds" : "milp") + ")";
      if (!parsed.solver_version.empty()) parsed.solver_version = "scipy " + parsed.solver_version;
      break;
    }
  }

  const std::string log = read_file(log_file);
  result.log_tail = last_lines(log, 20);
  if (folder.kept()) result.log_tail += "\n(solver files kept in " + dir.string() + ")";
  result.solver_version = parsed.solver_version;
  result.seconds = process.seconds;
  if (process.could_not_start) {
    result.log_tail = "could not run " + std::string(result.solver) + ": " + result.log_tail;
    return result;
  }
  if (process.killed_after_timeout) {
    result.log_tail = "killed after " + number_text(process.seconds) + " s (its own time limit was " +
                      number_text(limit) + " s)\n" + result.log_tail;
    return result;
  }
  if (process.signal != 0) {
    result.log_tail = "ended by signal " + std::to_string(process.signal) + "\n" + result.log_tail;
    return result;
  }
  // scipy_highs.py times the solve call alone: Python's start and SciPy's import are not HiGHS's.
  if (parsed.solver_seconds) result.seconds = *parsed.solver_seconds;
  result.status = parsed.status;
  if (parsed.status == ReferenceStatus::error) {
    if (!parsed.message.empty()) result.log_tail = parsed.message + "\n" + result.log_tail;
    return result;
  }
  if (parsed.status != ReferenceStatus::optimal && parsed.status != ReferenceStatus::feasible) return result;

  // Map values by name; columns the solver did not print are 0 (CBC's text prints nonzeros only).
  std::unordered_map<std::string, int> index;
  for (int j = 0; j < model.num_cols(); ++j) index.emplace(model.col_names[j], j);
  result.column_values.assign(static_cast<size_t>(model.num_cols()), 0.0);
  for (const auto& [name, value] : parsed.values) {
    const auto it = index.find(name);
    if (it == index.end()) {
      result.status = ReferenceStatus::error;
      result.log_tail = "the solver's solution names column '" + name + "', which the model does not have\n" +
                        result.log_tail;
      result.column_values.clear();
      return result;
    }
    result.column_values[it->second] = value;
  }
  if (parsed.values.empty() && model.num_cols() > 0) {
    result.status = ReferenceStatus::error;
    result.log_tail = "the solver reported a solution but wrote no column values\n" + result.log_tail;
    result.column_values.clear();
    return result;
  }
  if (parsed.objective) result.objective = *parsed.objective + constant_added;
  if (parsed.best_bound) result.best_bound = *parsed.best_bound + constant_added;
  if (result.status == ReferenceStatus::optimal && !result.best_bound) result.best_bound = result.objective;

  // The reported objective must be the objective of the reported values: a mismatch means the
  // values were mapped onto the wrong columns or the solver optimised in the wrong sense.
  const double recomputed = model.objective_value(result.column_values);
  if (!result.objective) result.objective = recomputed;
  double magnitude = std::abs(model.objective_constant);
  for (int j = 0; j < model.num_cols(); ++j)
    magnitude += std::abs(model.objective[j] * result.column_values[j]);
  if (std::abs(recomputed - *result.objective) >
      core::tol::kReferenceObjectiveConsistency * std::max(1.0, magnitude)) {
    result.log_tail = "the solver reports objective " + number_text(*result.objective) +
                      " but its column values give " + number_text(recomputed) + "\n" + result.log_tail;
    result.status = ReferenceStatus::error;
    result.column_values.clear();
    return result;
  }
  if (result.best_bound) {
    const double difference = maximize ? *result.best_bound - *result.objective
                                       : *result.objective - *result.best_bound;
    result.gap = std::max(0.0, difference) / std::max(1.0, std::abs(*result.objective));
  }
  return result;
}

}  // namespace fleetopt::reference
