// `fleetopt mip FILE.mps[.gz] [--json] [--time-limit S] [--gap G] [--node-limit N] [--quiet]
//  [--branching NAME] [--no-conflicts] [--no-propagation]`: solves a general MILP from an MPS
// file with fleetopt's branch-and-bound, as `fleetopt lp` does for LPs. Prints the progress log
// (unless --quiet) and a summary, or with --json exactly one JSON object (status, message,
// objective, best_bound, gap, nodes, lp_iterations, conflicts, propagation, seconds, times; no
// progress log; non-finite or absent numbers are null).
// Exit codes: 0 optimal, feasible, or interrupted with a solution; 1 infeasible or unbounded;
// 2 bad input; 3 the search failed; 4 a limit or Ctrl-C came before any solution.
#include <cmath>
#include <cstdio>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>

#include "command.hpp"
#include "fleetopt/core/mps.hpp"
#include "fleetopt/core/timer.hpp"
#include "fleetopt/mip/mip_solver.hpp"
#include "mip_cli_options.hpp"
#include "sigint_interrupt.hpp"

namespace fleetopt::app {
namespace {

struct MipCommandOptions {
  std::string file;
  bool json = false;
  MipCliOptions mip;
};

nlohmann::json number_or_null(double value) {
  return std::isfinite(value) ? nlohmann::json(value) : nlohmann::json(nullptr);
}

int exit_code(const mip::MipResult& r) {
  switch (r.status) {
    case mip::MipStatus::optimal:
    case mip::MipStatus::feasible: return kExitOk;
    case mip::MipStatus::interrupted: return r.objective ? kExitOk : kExitLimitWithoutSolution;
    case mip::MipStatus::no_solution: return kExitLimitWithoutSolution;
    case mip::MipStatus::infeasible:
    case mip::MipStatus::unbounded: return kExitInfeasibleOrCheckFailed;
    case mip::MipStatus::error: break;
  }
  return kExitInternalError;
}

void print_json(const mip::MipResult& r) {
  nlohmann::json out;
  out["status"] = mip::to_string(r.status);
  // Why the search ended as it did (an error, an infeasibility proof), empty otherwise.
  out["message"] = r.message;
  out["objective"] = r.objective ? number_or_null(*r.objective) : nlohmann::json(nullptr);
  out["best_bound"] = number_or_null(r.best_bound);
  out["gap"] = r.objective ? number_or_null(r.gap) : nlohmann::json(nullptr);
  out["nodes"] = r.nodes;
  out["lp_iterations"] = r.lp_iterations;
  out["conflicts"] = {{"learned", r.conflicts_learned},
                      {"from_infeasible_nodes", r.conflicts_from_infeasibility},
                      {"pruned", r.conflict_prunes},
                      {"tightened", r.conflict_tightenings}};
  out["propagation"] = {{"pruned", r.propagation_prunes},
                        {"tightened", r.propagation_tightenings},
                        {"stopped", r.propagation_stopped}};
  out["dual_steps"] = {{"pruned", r.dual_step_prunes}, {"tightened", r.dual_step_tightenings}};
  out["seconds"] = r.times.total;
  out["times"] = {{"root_lp", r.times.root_lp},
                  {"node_lp", r.times.node_lp},
                  {"strong_branching", r.times.strong_branching},
                  {"heuristics", r.times.heuristics},
                  {"heuristics_beside", r.times.heuristics_beside},
                  {"node_lps_ahead", r.times.node_lps_ahead},
                  {"cuts", r.times.cuts}};
  out["heuristics"] = nlohmann::json::array();
  for (const mip::MipResult::HeuristicStats& h : r.heuristics)
    out["heuristics"].push_back({{"name", h.name},
                                 {"letter", std::string(1, h.letter)},
                                 {"calls", h.calls},
                                 {"improvements", h.improvements},
                                 {"seconds", h.seconds}});
  std::cout << out.dump() << "\n";
}

void print_summary(const core::Model& model, double read_seconds, const mip::MipResult& r) {
  char line[512];
  std::snprintf(line, sizeof line, "%s: %d rows, %d columns (%d integer), %d nonzeros (read in %.3g s)\n",
                model.name.c_str(), model.num_rows(), model.num_cols(), model.num_integers(),
                model.matrix.nonzeros(), read_seconds);
  std::cout << "\n" << line;
  std::cout << "status          " << mip::to_string(r.status) << (r.message.empty() ? "" : " (" + r.message + ")")
            << "\n";
  if (r.objective) {
    std::snprintf(line, sizeof line, "objective       %.17g\n", *r.objective);
    std::cout << line;
  }
  std::snprintf(line, sizeof line, "best bound      %.17g\n", r.best_bound);
  std::cout << line;
  if (r.objective) {
    std::snprintf(line, sizeof line, "gap             %.4g %%\n", 100.0 * r.gap);
    std::cout << line;
  }
  std::snprintf(line, sizeof line,
                "nodes           %lld\nLP iterations   %lld (strong branching %lld, heuristics %lld)\n"
                "seconds         %.3f (root cuts with their LPs %.3f, root LP %.3f, node LPs %.3f, strong branching "
                "%.3f, heuristics %.3f)\n",
                r.nodes, r.lp_iterations, r.strong_branching_iterations, r.heuristic_iterations, r.times.total,
                r.times.cuts, r.times.root_lp, r.times.node_lp, r.times.strong_branching, r.times.heuristics);
  std::cout << line;
}

int run_mip(const MipCommandOptions& options) {
  core::Timer read_timer;
  const core::Model model = core::read_mps(options.file);
  const double read_seconds = read_timer.seconds();
  const SigintInterrupt sigint;
  // --json promises exactly one JSON object on stdout: no log.
  const mip::MipResult result =
      mip::solve_mip(model, options.mip.to_mip_options(sigint.flag(), options.json ? nullptr : &std::cout));
  if (options.json) print_json(result);
  else print_summary(model, read_seconds, result);
  return exit_code(result);
}

CommandRunner setup_mip(CLI::App& command) {
  auto options = std::make_shared<MipCommandOptions>();
  command.add_option("FILE", options->file, "MPS file (.mps or .mps.gz)")->required();
  command.add_flag("--json", options->json,
                   "Print one JSON object (status, message, objective, best_bound, gap, nodes, lp_iterations, "
                   "conflicts, propagation, dual_steps, seconds, times) and no log");
  options->mip.add_to(command);
  return [options] { return run_mip(*options); };
}

const bool registered = register_command(
    {"mip", "Solve a mixed-integer program from an MPS file with fleetopt's branch-and-bound", setup_mip});

}  // namespace
}  // namespace fleetopt::app
