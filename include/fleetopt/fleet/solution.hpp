// A fleet schedule (values of the spec's x, p, soc) and the solve summary of section 6, plus the
// result folder that holds them: summary.json, bids.csv, dispatch.csv.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "fleetopt/fleet/instance.hpp"

namespace fleetopt::fleet {

// Schedule values, indexed like the instance (see instance.hpp).
struct FleetSolution {
  int num_assets = 0;
  int num_steps = 0;
  int num_markets = 0;
  std::vector<double> bid;    // x[t,m] at bid[t * M + m]                      (MW)
  std::vector<double> power;  // p[a,t,m] at power[(a * T + t) * M + m]        (MW)
  std::vector<double> soc;    // soc[a,t] (end of step t) at soc[a * T + t]    (MWh)

  FleetSolution() = default;
  FleetSolution(int assets, int steps, int markets);
  double& x(int t, int m) { return bid[static_cast<size_t>(t) * num_markets + m]; }
  double x(int t, int m) const { return bid[static_cast<size_t>(t) * num_markets + m]; }
  double& p(int a, int t, int m) {
    return power[(static_cast<size_t>(a) * num_steps + t) * num_markets + m];
  }
  double p(int a, int t, int m) const {
    return power[(static_cast<size_t>(a) * num_steps + t) * num_markets + m];
  }
  double& state(int a, int t) { return soc[static_cast<size_t>(a) * num_steps + t]; }
  double state(int a, int t) const { return soc[static_cast<size_t>(a) * num_steps + t]; }
};

// Section 6 statuses.
enum class SolveStatus { optimal, feasible, infeasible, no_solution, interrupted, error };
const char* to_string(SolveStatus s);
SolveStatus solve_status_from_string(const std::string& s);  // throws std::invalid_argument

struct SolveSummary {
  SolveStatus status = SolveStatus::error;
  std::optional<double> objective;   // revenue, EUR (absent without a solution)
  std::optional<double> best_bound;  // proven upper bound on revenue
  std::optional<double> gap;         // relative gap, (bound - objective) / max(1, |objective|)
  long long nodes = 0;
  long long lp_iterations = 0;
  double seconds = 0.0;
  std::string solver;          // "fleetopt", "highs", "cbc", "glpk"
  std::string solver_version;
  std::string formulation;     // "tight" or "basic"
  std::string message;         // e.g. the reason for infeasibility
};

// What fleetopt's own search reports beyond section 6 (FleetSolveOutcome, fleet_solver.hpp):
// written to summary.json as "root_bound", "blocks" and "times" (an object of seconds by part)
// when given, read back when present. The reference solvers write none of it.
struct SearchDetails {
  std::optional<double> root_bound;  // root LP bound, summed over blocks (EUR); null when unknown
  int blocks = 1;                    // MILPs solved (1 = the whole fleet)
  // {"total", s}, {"root_lp", s}, ...: written in this order, read back in name order
  std::vector<std::pair<std::string, double>> times;
};

// What a result folder holds, read back without the instance (so report and check can use it).
struct ResultFolder {
  std::string instance_name;
  SolveSummary summary;
  int assets = 0, markets = 0, steps = 0;  // from summary.json
  bool has_schedule = false;               // bids.csv and dispatch.csv present
  std::vector<std::string> time_labels;    // in file order
  std::vector<std::string> market_names;   // in bids.csv order of first appearance
  std::vector<Direction> market_directions;
  std::vector<std::string> asset_names;    // in dispatch.csv order of first appearance
  std::vector<std::string> modes;          // mode column of dispatch.csv at [a * T + t]
  FleetSolution solution;                  // indexed by the orders above
  std::optional<SearchDetails> details;    // when summary.json has "root_bound", "blocks" or "times"
};

// Mode of asset a at step t as written to dispatch.csv: "discharge" if it delivers any up power,
// "charge" if any down power, "idle" otherwise (both at once is a violation the checker reports).
std::string dispatch_mode(const Instance& instance, const FleetSolution& s, int a, int t);

// Writes summary.json and, when a schedule is given, bids.csv and dispatch.csv into `dir`,
// all-or-nothing (staged folder renamed into place). `details`, if given, adds its keys to
// summary.json.
void write_result(const std::filesystem::path& dir, const Instance& instance,
                  const SolveSummary& summary, const FleetSolution* schedule,
                  const SearchDetails* details = nullptr);

// Reads a result folder. Throws core::InputError (file, line, problem) on anything malformed.
ResultFolder read_result(const std::filesystem::path& dir);

// Maps a result folder onto an instance's market/asset order. Throws core::InputError if the
// names, directions or horizon do not match the instance. `modes_out`, if given, receives the
// dispatch.csv mode column in instance order ([a * T + t]).
FleetSolution align_to_instance(const ResultFolder& result, const Instance& instance,
                                std::vector<std::string>* modes_out = nullptr);

}  // namespace fleetopt::fleet
