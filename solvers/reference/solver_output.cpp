// Solver-independent plumbing of the reference adapters: MPS text for CBC/glpsol, the parsers of
// each solver's output, and the child-process runner (see solver_output.hpp for the solver facts).
#include "fleetopt/reference/solver_output.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>
#include <unordered_map>
#include <unordered_set>

#include "fleetopt/core/timer.hpp"

namespace fleetopt::reference {

namespace fs = std::filesystem;

namespace {

std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    lines.push_back(line);
  }
  return lines;
}

std::vector<std::string> tokens_of(const std::string& line) {
  std::vector<std::string> tokens;
  std::istringstream in(line);
  std::string token;
  while (in >> token) tokens.push_back(token);
  return tokens;
}

bool starts_with(const std::string& s, const std::string& prefix) {
  return s.compare(0, prefix.size(), prefix) == 0;
}

bool contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

// Strict number parse: the whole token must be a number (inf/nan accepted as the solver wrote it).
std::optional<double> to_number(const std::string& token) {
  if (token.empty()) return std::nullopt;
  char* end = nullptr;
  errno = 0;
  const double v = std::strtod(token.c_str(), &end);
  if (end != token.c_str() + token.size() || errno == ERANGE) return std::nullopt;
  return v;
}

// The number that follows `key` on the first line containing it, e.g. "Upper bound:   10916.02".
std::optional<double> number_after(const std::string& text, const std::string& key) {
  for (const std::string& line : split_lines(text)) {
    const size_t at = line.find(key);
    if (at == std::string::npos) continue;
    const auto tokens = tokens_of(line.substr(at + key.size()));
    if (!tokens.empty()) return to_number(tokens[0]);
  }
  return std::nullopt;
}

bool is_section_header(const std::string& line) {
  return !line.empty() && !std::isspace(static_cast<unsigned char>(line[0]));
}

bool is_marker_line(const std::vector<std::string>& tokens) {
  if (tokens.size() < 3) return false;
  std::string second = tokens[1];
  second.erase(std::remove(second.begin(), second.end(), '\''), second.end());
  second.erase(std::remove(second.begin(), second.end(), '"'), second.end());
  return second == "MARKER";
}

}  // namespace

std::vector<std::string> mps_column_order(const std::string& mps_text) {
  std::vector<std::string> order;
  std::unordered_set<std::string> seen;
  bool in_columns = false;
  for (const std::string& line : split_lines(mps_text)) {
    if (line.empty() || line[0] == '*') continue;
    if (is_section_header(line)) {
      in_columns = tokens_of(line)[0] == "COLUMNS";
      continue;
    }
    if (!in_columns) continue;
    const auto tokens = tokens_of(line);
    if (tokens.empty() || is_marker_line(tokens)) continue;
    if (seen.insert(tokens[0]).second) order.push_back(tokens[0]);
  }
  return order;
}

std::string mps_for_cbc_and_glpk(const std::string& mps_text) {
  std::ostringstream out;
  bool in_objsense = false, seen_columns = false, seen_rhs = false;
  for (const std::string& line : split_lines(mps_text)) {
    if (is_section_header(line) && line[0] != '*') {
      const auto tokens = tokens_of(line);
      in_objsense = tokens[0] == "OBJSENSE";
      if (in_objsense) continue;
      seen_columns = seen_columns || tokens[0] == "COLUMNS";
      seen_rhs = seen_rhs || tokens[0] == "RHS";
      if (seen_columns && !seen_rhs &&
          (tokens[0] == "RANGES" || tokens[0] == "BOUNDS" || tokens[0] == "ENDATA")) {
        out << "RHS\n";
        seen_rhs = true;
      }
      if (tokens[0] == "NAME") {
        out << "NAME " << (tokens.size() > 1 && tokens[1] != "FREE" ? tokens[1] : "model") << " FREE\n";
        continue;
      }
    } else if (in_objsense) {
      continue;
    }
    out << line << '\n';
  }
  return out.str();
}

ParsedSolution parse_cbc(const std::string& solution_text, const std::string& log_text,
                         const std::string& binary, const std::vector<std::string>& columns) {
  ParsedSolution p;
  if (auto at = log_text.find("Version:"); at != std::string::npos) {
    const auto tokens = tokens_of(log_text.substr(at + 8, 64));
    if (!tokens.empty()) p.solver_version = tokens[0];
  }
  const auto lines = split_lines(solution_text);
  if (lines.empty()) {
    p.message = "CBC wrote no solution file";
    return p;
  }
  const std::string& head = lines[0];
  // CBC's first line: "<status> - objective value <number>".
  if (contains(head, "no integer solution")) p.status = ReferenceStatus::no_solution;
  else if (starts_with(head, "Optimal")) p.status = ReferenceStatus::optimal;
  else if (starts_with(head, "Infeasible") || starts_with(head, "Integer infeasible"))
    p.status = ReferenceStatus::infeasible;
  else if (starts_with(head, "Unbounded")) p.status = ReferenceStatus::unbounded;
  else if (starts_with(head, "Stopped")) p.status = ReferenceStatus::feasible;
  else {
    p.message = "unrecognised CBC solution header: " + head;
    return p;
  }
  if (p.status != ReferenceStatus::optimal && p.status != ReferenceStatus::feasible) return p;
  p.objective = number_after(head, "objective value");
  p.best_bound = number_after(log_text, "Upper bound:");
  if (!p.best_bound) p.best_bound = number_after(log_text, "Lower bound:");

  // The binary file: int rows, int cols, then doubles: objective, rows x2, cols x2.
  if (binary.size() >= 2 * sizeof(int)) {
    int rows = 0, cols = 0;
    std::memcpy(&rows, binary.data(), sizeof(int));
    std::memcpy(&cols, binary.data() + sizeof(int), sizeof(int));
    const size_t expected = 2 * sizeof(int) + sizeof(double) * (1 + 2 * static_cast<size_t>(rows) +
                                                                 2 * static_cast<size_t>(cols));
    if (rows >= 0 && cols >= 0 && binary.size() == expected && static_cast<size_t>(cols) == columns.size()) {
      const char* doubles = binary.data() + 2 * sizeof(int);
      double objective = 0.0;
      std::memcpy(&objective, doubles, sizeof(double));
      p.objective = objective;
      const char* column_values = doubles + sizeof(double) * (1 + 2 * static_cast<size_t>(rows));
      p.values.reserve(columns.size());
      for (size_t j = 0; j < columns.size(); ++j) {
        double v = 0.0;
        std::memcpy(&v, column_values + j * sizeof(double), sizeof(double));
        p.values.emplace_back(columns[j], v);
      }
      return p;
    }
  }
  // Text fallback: "index name value reduced_cost", nonzero columns only, "**" marks infeasible.
  for (size_t i = 1; i < lines.size(); ++i) {
    auto tokens = tokens_of(lines[i]);
    if (!tokens.empty() && tokens[0] == "**") tokens.erase(tokens.begin());
    if (tokens.size() < 3) continue;
    const auto value = to_number(tokens[2]);
    if (!value) {
      p.status = ReferenceStatus::error;
      p.message = "cannot read CBC solution line: " + lines[i];
      return p;
    }
    p.values.emplace_back(tokens[1], *value);
  }
  return p;
}

ParsedSolution parse_glpk(const std::string& raw_text, const std::string& log_text,
                          const std::vector<std::string>& columns) {
  ParsedSolution p;
  if (auto at = log_text.find("LP/MIP Solver"); at != std::string::npos) {
    const auto tokens = tokens_of(log_text.substr(at + 13, 64));
    if (!tokens.empty()) p.solver_version = tokens[0];
  }
  bool mip = false, have_status = false;
  std::vector<double> values(columns.size(), 0.0);
  for (const std::string& line : split_lines(raw_text)) {
    const auto tokens = tokens_of(line);
    if (tokens.empty() || tokens[0] == "c" || tokens[0] == "i" || tokens[0] == "e") continue;
    if (tokens[0] == "s" && tokens.size() >= 6 && (tokens[1] == "mip" || tokens[1] == "bas")) {
      have_status = true;
      mip = tokens[1] == "mip";
      if (mip) {
        const std::string& st = tokens[4];
        p.status = st == "o" ? ReferenceStatus::optimal
                 : st == "f" ? ReferenceStatus::feasible
                 : st == "n" ? ReferenceStatus::infeasible
                             : ReferenceStatus::no_solution;
        p.objective = to_number(tokens[5]);
      } else if (tokens.size() >= 7) {
        const std::string &primal = tokens[4], &dual = tokens[5];
        if (primal == "f" && dual == "f") p.status = ReferenceStatus::optimal;
        else if (primal == "n" || contains(log_text, "HAS NO PRIMAL FEASIBLE SOLUTION"))
          p.status = ReferenceStatus::infeasible;
        else if (dual == "n" || contains(log_text, "HAS NO DUAL FEASIBLE SOLUTION"))
          p.status = ReferenceStatus::unbounded;
        else p.status = ReferenceStatus::no_solution;
        p.objective = to_number(tokens[6]);
      }
      continue;
    }
    if (tokens[0] == "j" && have_status) {
      // MIP: "j index value"; LP: "j index status value dual".
      const size_t value_at = mip ? 2 : 3;
      const auto index = tokens.size() > value_at ? to_number(tokens[1]) : std::nullopt;
      const auto value = tokens.size() > value_at ? to_number(tokens[value_at]) : std::nullopt;
      if (!index || !value || *index < 1 || *index > static_cast<double>(columns.size())) {
        p.status = ReferenceStatus::error;
        p.message = "cannot read glpsol solution line: " + line;
        return p;
      }
      values[static_cast<size_t>(*index) - 1] = *value;
      continue;
    }
  }
  if (!have_status) {
    p.status = ReferenceStatus::error;
    p.message = "glpsol wrote no solution status";
    return p;
  }
  if (p.status != ReferenceStatus::optimal && p.status != ReferenceStatus::feasible) {
    p.objective.reset();
    return p;
  }
  // The bound of a MIP: the last progress line "+ N: mip = <obj> <= <bound> ..." (>= when minimising).
  if (mip) {
    for (const std::string& line : split_lines(log_text)) {
      if (!starts_with(line, "+") || !contains(line, "mip =")) continue;
      for (const char* relation : {"<=", ">="}) {
        const size_t at = line.find(relation);
        if (at == std::string::npos) continue;
        const auto tokens = tokens_of(line.substr(at + 2));
        if (!tokens.empty())
          if (auto bound = to_number(tokens[0]); bound && std::isfinite(*bound)) p.best_bound = bound;
      }
    }
  }
  for (size_t j = 0; j < columns.size(); ++j) p.values.emplace_back(columns[j], values[j]);
  return p;
}

ParsedSolution parse_scipy_highs(const std::string& stdout_text, const std::string& solution_text) {
  ParsedSolution p;
  std::string json_line;
  for (const std::string& line : split_lines(stdout_text))
    if (starts_with(line, "{")) json_line = line;
  if (json_line.empty()) {
    p.message = "scipy_highs.py printed no JSON object";
    return p;
  }
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(json_line);
  } catch (const nlohmann::json::exception& e) {
    p.message = std::string("scipy_highs.py printed malformed JSON: ") + e.what();
    return p;
  }
  auto optional_number = [&](const char* key) -> std::optional<double> {
    if (!j.contains(key) || !j[key].is_number()) return std::nullopt;
    return j[key].get<double>();
  };
  const std::string status = j.value("status", std::string("error"));
  p.message = j.value("message", std::string());
  if (j.contains("solver_version") && j["solver_version"].is_string())
    p.solver_version = j["solver_version"].get<std::string>();
  p.solver_seconds = optional_number("seconds");
  if (status == "optimal") p.status = ReferenceStatus::optimal;
  else if (status == "feasible") p.status = ReferenceStatus::feasible;
  else if (status == "infeasible") p.status = ReferenceStatus::infeasible;
  else if (status == "unbounded") p.status = ReferenceStatus::unbounded;
  else if (status == "no_solution") p.status = ReferenceStatus::no_solution;
  else p.status = ReferenceStatus::error;
  if (p.status != ReferenceStatus::optimal && p.status != ReferenceStatus::feasible) return p;
  p.objective = optional_number("objective");
  p.best_bound = optional_number("best_bound");
  for (const std::string& line : split_lines(solution_text)) {
    const auto tokens = tokens_of(line);
    if (tokens.empty()) continue;
    const auto value = tokens.size() == 2 ? to_number(tokens[1]) : std::nullopt;
    if (!value) {
      p.status = ReferenceStatus::error;
      p.message = "cannot read scipy_highs.py solution line: " + line;
      return p;
    }
    p.values.emplace_back(tokens[0], *value);
  }
  return p;
}

std::vector<std::string> split_scipy_highs_batch(const std::string& stdout_text,
                                                 const std::vector<std::string>& model_paths) {
  std::unordered_map<std::string, size_t> index;
  for (size_t i = 0; i < model_paths.size(); ++i) index.emplace(model_paths[i], i);
  std::vector<std::string> lines(model_paths.size());
  for (const std::string& line : split_lines(stdout_text)) {
    if (!starts_with(line, "{")) continue;
    const nlohmann::json j = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
    if (!j.is_object() || !j.contains("model") || !j["model"].is_string()) continue;
    const auto it = index.find(j["model"].get<std::string>());
    if (it != index.end()) lines[it->second] = line;
  }
  return lines;
}

std::string find_on_path(const std::string& name) {
  if (name.find('/') != std::string::npos) return access(name.c_str(), X_OK) == 0 ? name : "";
  const char* path = std::getenv("PATH");
  std::istringstream dirs(path ? path : "/usr/bin:/bin");
  std::string dir;
  while (std::getline(dirs, dir, ':')) {
    if (dir.empty()) continue;
    const fs::path candidate = fs::path(dir) / name;
    if (access(candidate.c_str(), X_OK) == 0 && fs::is_regular_file(candidate)) return candidate.string();
  }
  return "";
}

std::string scipy_python() {
  const char* env = std::getenv("FLEETOPT_PYTHON");
  return env && *env ? env : "/usr/bin/python3";
}

std::string scipy_highs_script() {
  const char* env = std::getenv("FLEETOPT_SCIPY_HIGHS");
  if (env && *env) return env;
#ifdef FLEETOPT_SCIPY_HIGHS_SCRIPT
  return FLEETOPT_SCIPY_HIGHS_SCRIPT;
#else
  return "scipy_highs.py";
#endif
}

ProcessResult run_process(const std::vector<std::string>& argv, const fs::path& output_file,
                          double kill_after_seconds) {
  ProcessResult result;
  if (argv.empty()) {
    result.could_not_start = true;
    return result;
  }
  // Everything the child needs is prepared before fork: between fork and exec only
  // async-signal-safe calls are allowed.
  std::vector<char*> args;
  for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  const std::string out_path = output_file.string();
  core::Timer timer;
  const pid_t pid = fork();
  if (pid < 0) {
    result.could_not_start = true;
    return result;
  }
  if (pid == 0) {
    setpgid(0, 0);  // its own process group, so a kill reaches anything it started
    const int in = open("/dev/null", O_RDONLY);
    const int out = open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (in < 0 || out < 0) _exit(127);
    dup2(in, STDIN_FILENO);
    dup2(out, STDOUT_FILENO);
    dup2(out, STDERR_FILENO);
    execvp(args[0], args.data());
    _exit(127);
  }
  int status = 0;
  for (;;) {
    const pid_t done = waitpid(pid, &status, WNOHANG);
    if (done == pid) break;
    if (done < 0 && errno != EINTR) {
      result.could_not_start = true;
      return result;
    }
    if (timer.seconds() > kill_after_seconds && !result.killed_after_timeout) {
      result.killed_after_timeout = true;
      kill(-pid, SIGKILL);
      kill(pid, SIGKILL);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  result.seconds = timer.seconds();
  if (WIFEXITED(status)) {
    result.exit_code = WEXITSTATUS(status);
    if (result.exit_code == 127) result.could_not_start = true;
  } else if (WIFSIGNALED(status)) {
    result.signal = WTERMSIG(status);
  }
  return result;
}

}  // namespace fleetopt::reference
