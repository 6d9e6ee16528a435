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

// The solver's process must end by itself: its own time limit (per model, for a batch) plus
// generous room for reading, writing and (for scipy) starting Python. Past this it is killed and
// the result is an error.
double kill_after(double time_limit, std::size_t models = 1) {
  return static_cast<double>(models) * time_limit * 1.25 + 30.0;
}

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

std::string unavailable_message(ReferenceSolver solver) {
  return solver == ReferenceSolver::highs
             ? "HiGHS is run through SciPy: " + scipy_python() + " with scipy.optimize and the script " +
                   scipy_highs_script() + " are needed (Debian: apt-get install python3-scipy)"
             : std::string(solver == ReferenceSolver::cbc ? "cbc" : "glpsol") +
                   " is not on PATH (Debian: apt-get install " +
                   (solver == ReferenceSolver::cbc ? "coinor-cbc" : "glpk-utils") + ")";
}

void check_time_limit(const ReferenceOptions& options) {
  if (!(options.time_limit_seconds > 0.0))
    throw std::invalid_argument("reference solver time limit must be positive");
}

// The model as the solver gets it: integrality dropped for a relaxation.
core::Model prepared_model(const core::Model& model, const ReferenceOptions& options) {
  core::Model prepared = model;
  if (options.relax_integrality) std::fill(prepared.is_integer.begin(), prepared.is_integer.end(), 0);
  return prepared;
}

std::string scipy_backend(const std::string& scipy_version, bool relax) {
  return "scipy " + scipy_version + " (scipy.optimize " + (relax ? "linprog highs-ds" : "milp") + ")";
}

// Why a child's run gave no answer to read (it could not start, was killed or ended by a
// signal), prefixed to `log_tail`; empty when it ended normally.
std::string process_failure(const ProcessResult& process, const std::string& solver, double limit,
                            const std::string& log_tail) {
  if (process.could_not_start) return "could not run " + solver + ": " + log_tail;
  if (process.killed_after_timeout)
    return "killed after " + number_text(process.seconds) + " s (its own time limit was " + number_text(limit) +
           " s)\n" + log_tail;
  if (process.signal != 0) return "ended by signal " + std::to_string(process.signal) + "\n" + log_tail;
  return "";
}

// What follows parsing, for every solver: the status, the values mapped onto the model's columns
// by name, the objective (plus the constant the solver did not see) checked against c^T x + c0 of
// those values, and the gap. `result` comes with solver, backend, seconds and log_tail set.
void map_solution(const core::Model& model, const ParsedSolution& parsed, double constant_added,
                  ReferenceResult& result) {
  result.solver_version = parsed.solver_version;
  // scipy_highs.py times the solve call alone: Python's start and SciPy's import are not HiGHS's.
  if (parsed.solver_seconds) result.seconds = *parsed.solver_seconds;
  result.status = parsed.status;
  if (parsed.status == ReferenceStatus::error) {
    if (!parsed.message.empty()) result.log_tail = parsed.message + "\n" + result.log_tail;
    return;
  }
  if (parsed.status != ReferenceStatus::optimal && parsed.status != ReferenceStatus::feasible) return;
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
      return;
    }
    result.column_values[it->second] = value;
  }
  if (parsed.values.empty() && model.num_cols() > 0) {
    result.status = ReferenceStatus::error;
    result.log_tail = "the solver reported a solution but wrote no column values\n" + result.log_tail;
    result.column_values.clear();
    return;
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
    return;
  }
  if (result.best_bound) {
    const bool maximize = model.sense == core::ObjectiveSense::maximize;
    const double difference = maximize ? *result.best_bound - *result.objective
                                       : *result.objective - *result.best_bound;
    result.gap = std::max(0.0, difference) / std::max(1.0, std::abs(*result.objective));
  }
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
  check_time_limit(options);
  ReferenceResult result;
  result.solver = to_string(solver);
  if (!reference_available(solver)) {
    result.log_tail = unavailable_message(solver);
    return result;
  }

  core::Model prepared = prepared_model(model, options);
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
      if (!options.presolve) argv.push_back("--no-presolve");
      // The script prints its JSON on stdout; stderr goes to the same file and is skipped by the
      // parser (it takes the last line that starts with '{').
      process = run_process(argv, log_file, kill_after(limit));
      parsed = parse_scipy_highs(read_file(log_file), read_file(values));
      result.backend = scipy_backend(parsed.solver_version, options.relax_integrality);
      if (!parsed.solver_version.empty()) parsed.solver_version = "scipy " + parsed.solver_version;
      break;
    }
  }

  const std::string log = read_file(log_file);
  result.log_tail = last_lines(log, 20);
  if (folder.kept()) result.log_tail += "\n(solver files kept in " + dir.string() + ")";
  result.seconds = process.seconds;
  const std::string failure = process_failure(process, result.solver, limit, result.log_tail);
  if (!failure.empty()) {
    result.solver_version = parsed.solver_version;
    result.log_tail = failure;
    return result;
  }
  map_solution(model, parsed, constant_added, result);
  return result;
}

std::vector<ReferenceResult> solve_reference_batch(const std::vector<core::Model>& models, ReferenceSolver solver,
                                                   const ReferenceOptions& options) {
  check_time_limit(options);
  std::vector<ReferenceResult> results;
  results.reserve(models.size());
  if (solver != ReferenceSolver::highs || !reference_available(solver) || models.empty()) {
    for (const core::Model& model : models) results.push_back(solve_reference(model, solver, options));
    return results;
  }

  // One scipy_highs.py process for all: model_<i>.mps and solution_<i>.txt, listed in jobs.txt.
  TemporaryFolder folder;
  const fs::path dir = folder.path();
  const fs::path list_file = dir / "jobs.txt", log_file = dir / "log.txt";
  std::vector<std::string> model_files;
  std::vector<fs::path> solution_files;
  std::string jobs;
  for (size_t i = 0; i < models.size(); ++i) {
    model_files.push_back((dir / ("model_" + std::to_string(i) + ".mps")).string());
    solution_files.push_back(dir / ("solution_" + std::to_string(i) + ".txt"));
    write_file(model_files.back(), core::to_mps_string(prepared_model(models[i], options)));
    jobs += model_files.back() + "\t" + solution_files.back().string() + "\n";
  }
  write_file(list_file, jobs);
  const double limit = options.time_limit_seconds;
  std::vector<std::string> argv = {scipy_python(), scipy_highs_script(), "--batch", list_file.string(),
                                   "--time-limit", number_text(limit)};
  if (options.relax_integrality) argv.push_back("--relax");
  if (!options.presolve) argv.push_back("--no-presolve");
  const ProcessResult process = run_process(argv, log_file, kill_after(limit, models.size()));
  const std::string log = read_file(log_file);
  const std::vector<std::string> lines = split_scipy_highs_batch(log, model_files);

  for (size_t i = 0; i < models.size(); ++i) {
    ReferenceResult result;
    result.solver = to_string(solver);
    if (lines[i].empty()) {
      // Nothing printed for this model: the process failed before (or at) it.
      const std::string why = process_failure(process, result.solver, limit, last_lines(log, 20));
      result.log_tail = "scipy_highs.py --batch printed no result for model " + std::to_string(i) + " of " +
                        std::to_string(models.size()) + "\n" + (why.empty() ? last_lines(log, 20) : why);
      if (folder.kept()) result.log_tail += "\n(solver files kept in " + dir.string() + ")";
      results.push_back(std::move(result));
      continue;
    }
    ParsedSolution parsed = parse_scipy_highs(lines[i], read_file(solution_files[i]));
    result.backend = scipy_backend(parsed.solver_version, options.relax_integrality);
    if (!parsed.solver_version.empty()) parsed.solver_version = "scipy " + parsed.solver_version;
    result.log_tail = lines[i];
    if (folder.kept()) result.log_tail += "\n(solver files kept in " + model_files[i] + ")";
    map_solution(models[i], parsed, 0.0, result);
    results.push_back(std::move(result));
  }
  return results;
}

}  // namespace fleetopt::reference
