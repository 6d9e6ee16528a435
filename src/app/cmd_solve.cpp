// `fleetopt solve INSTANCE|--generate A,M,T[,SEED] [--time-limit S] [--gap G] [--node-limit N]
//  [--threads K] [--formulation hull|tight|basic] [--no-exchange-presolve] [--dp-grid N] [--branching NAME] [--out DIR] [--quiet]
//  [--no-decompose] [--no-symmetry] [--no-count-columns]`: solves an instance with fleetopt's own branch-and-bound (fleet::solve_fleet:
// per-asset blocks when the fleet separates), prints the progress log, writes the result folder of
// docs/model.md section 6 all-or-nothing, reads it back and checks it independently, and prints
// the demo's tables (long tables cut at kTableRows rows).
// Exit codes: 0 with a checked schedule (optimal, feasible or interrupted); 1 infeasible or a check
// failed; 2 bad input; 3 solver failure; 4 a limit or Ctrl-C came before any schedule.
#include <iostream>
#include <memory>

#include "command.hpp"
#include "fleet_tables.hpp"
#include "fleetopt/fleet/fleet_solver.hpp"
#include "fleetopt/fleet/formulation.hpp"
#include "fleetopt/fleet/solution.hpp"
#include "fleetopt/lp/dual_pricing.hpp"
#include "instance_arg.hpp"
#include "mip_cli_options.hpp"
#include "sigint_interrupt.hpp"
#include "solve_presentation.hpp"

namespace fleetopt::app {
namespace {

// Rows per table and asset columns of the state-of-charge table: a screenful each; the result
// folder has everything.
constexpr TableLimits kTableLimits{48, 12};

struct SolveCommandOptions {
  InstanceArg instance;
  MipCliOptions mip;
  int threads = 0;
  std::string formulation = "hull";
  std::string out = "fleetopt-solve";
  bool no_decompose = false;
  bool no_symmetry = false;
  bool no_count_columns = false;
  bool no_exchange_presolve = false;
  int dp_grid = fleet::FleetSolveOptions{}.dp_grid_intervals;
  bool lagrangian = false, no_mode_repair = false;
  bool no_flow_rounding = false, no_net_flow = false, no_rins = false, no_window_lns = false,
       flow_strong_branching = false;
  bool no_generic_heuristics = false;
  bool no_lps_ahead = false;
  bool parallel_strong_branching = false;
  bool no_uncoupled_lp_start = false;
  std::string coupled_pricing = lp::to_string(fleet::FleetSolveOptions{}.coupled_dual_pricing);
};

int run_solve(const SolveCommandOptions& options) {
  const fleet::Instance instance = options.instance.load();
  print_instance(instance, std::cout, kTableLimits);
  std::cout << "\n";

  const SigintInterrupt sigint;
  fleet::FleetSolveOptions solve_options;
  solve_options.formulation = fleet::formulation_from_string(options.formulation);
  solve_options.mip = options.mip.to_mip_options(sigint.flag(), &std::cout);
  solve_options.threads = options.threads;
  solve_options.decompose = !options.no_decompose;
  solve_options.asset_symmetry = !options.no_symmetry;
  solve_options.count_columns = !options.no_count_columns;
  solve_options.exchange_presolve = !options.no_exchange_presolve;
  solve_options.dp_grid_intervals = options.dp_grid;
  solve_options.lagrangian = options.lagrangian;
  solve_options.mode_repair = !options.no_mode_repair;
  solve_options.node_lps_ahead = !options.no_lps_ahead;
  solve_options.parallel_strong_branching = options.parallel_strong_branching;
  solve_options.coupled_dual_pricing = lp::parse_dual_pricing_rule(options.coupled_pricing);
  solve_options.coupled_root_lp_uncoupled_start = !options.no_uncoupled_lp_start;
  // No --branching: automatic (FleetPluginChoice); "flow": the fleet rule; a generic name
  // replaces it. A --no-* flag switches its plug-in off; the others stay automatic.
  fleet::FleetPluginChoice& plugins = solve_options.plugins;
  if (options.mip.branching == "flow") plugins.flow_branching = true;
  else if (!options.mip.branching.empty()) plugins.flow_branching = false;
  if (options.flow_strong_branching) plugins.flow_strong_branching = true;
  if (options.no_flow_rounding) plugins.flow_rounding = false;
  if (options.no_net_flow) plugins.net_flow = false;
  if (options.no_rins) plugins.rins = false;
  if (options.no_window_lns) plugins.window_lns = false;
  if (options.no_generic_heuristics) plugins.generic_heuristics = false;
  const fleet::FleetSolveOutcome outcome = fleet::solve_fleet(instance, solve_options);
  const fleet::SearchDetails details = search_details(outcome);
  fleet::write_result(options.out, instance, outcome.summary, outcome.schedule ? &*outcome.schedule : nullptr,
                      &details);
  return present_solve(instance, outcome.summary, outcome.schedule, outcome.schedule_rejected, options.out,
                       std::cout, kTableLimits)
      .exit_code;
}

CommandRunner setup_solve(CLI::App& command) {
  auto options = std::make_shared<SolveCommandOptions>();
  options->instance.add_to(command);
  options->mip.add_to(command, {"flow"},
                     "automatic: reliability with one strong-branching look per direction for every fleet; flow only "
                     "when asked for, docs/fleet-plugins.md section 9");
  command.add_option("--threads", options->threads, "Threads (0 = all cores): blocks solved in parallel, or a coupled fleet's sub-MIP heuristics and queued nodes' LPs beside its search; never changes the result")
      ->capture_default_str()
      ->check(CLI::NonNegativeNumber);
  command.add_option("--formulation", options->formulation, "Model variant: hull (convex hull of each step), tight or basic (docs/fleet-structure.md)")
      ->capture_default_str()
      ->check(CLI::IsMember({"hull", "tight", "basic"}));
  command.add_option("--out", options->out, "Result folder to write (summary.json, bids.csv, dispatch.csv)")
      ->capture_default_str();
  command.add_flag("--no-decompose", options->no_decompose,
                   "Solve a separable fleet as one model instead of one MILP per asset (for comparison)");
  command.add_flag("--no-symmetry", options->no_symmetry,
                   "Identical assets of a fleet solved as one model are not treated as interchangeable: the "
                   "search does not sort them (for comparison; docs/fleet-structure.md, section 9)");
  command.add_flag("--no-count-columns", options->no_count_columns,
                   "Like assets (identical, or data within 10%) of a fleet solved as one model get no count columns "
                   "(the number of a group's assets that may discharge per step, an integer column to branch on "
                   "and for the cuts; for comparison; docs/fleet-structure.md, section 9)");
  command.add_flag("--no-exchange-presolve", options->no_exchange_presolve,
                   "Keep u[a,t] binary where simultaneous charge and discharge cannot pay (for comparison)");
  command.add_option("--dp-grid", options->dp_grid,
                     "Grid intervals of the per-asset dynamic program that gives a starting schedule and a bound "
                     "(docs/soc-grid-dp.md); 0 = off")
      ->capture_default_str()
      ->check(CLI::NonNegativeNumber);
  command.add_flag("--lagrangian", options->lagrangian,
                   "Coupled fleets: a Lagrangian bound on the link rows before the search (off: it did not pay on "
                   "generated fleets)");
  command.add_flag("--no-lps-ahead", options->no_lps_ahead,
                   "A fleet solved as one model: queued nodes start from their parent's basis, without their LP "
                   "solved ahead on the second thread (docs/fleet-structure.md, section 8)");
  command.add_flag("--parallel-strong-branching", options->parallel_strong_branching,
                   "A fleet solved as one model: strong branching solves its child LPs on copies of the node's LP, "
                   "two at a time on two threads, instead of probing the node's LP one after the other; the same "
                   "result on any number of threads (off by default: docs/fleet-structure.md, section 8)");
  command.add_option("--coupled-pricing", options->coupled_pricing,
                     "A coupled fleet's dual simplex row choice: devex (cheaper iterations on its dense cut bases), "
                     "steepest-edge (as everywhere else) or dantzig (docs/fleet-structure.md, section 8)")
      ->capture_default_str()
      ->check(CLI::IsMember(lp::dual_pricing_rule_names()));
  command.add_flag("--no-uncoupled-lp-start", options->no_uncoupled_lp_start,
                   "A coupled fleet's root LP from the slack basis, not from the optimum of its uncoupled "
                   "relaxation (caps and minimum bids relaxed: each asset alone; src/fleet/coupled_root_lp.hpp)");
  command.add_flag("--no-mode-repair", options->no_mode_repair,
                   "No DP schedules repaired by an LP (their modes kept, the powers re-optimised): neither the "
                   "per-asset schedules of a coupled fleet nor the DP schedules of an uncoupled one");
  command.add_flag("--flow-strong-branching", options->flow_strong_branching,
                   "Flow branching: strong-branch its candidates (reliability) instead of pseudocost + exchange loss");
  command.add_flag("--no-flow-rounding", options->no_flow_rounding,
                   "No rounding of one-sided u (and y) in place at every node (docs/fleet-plugins.md)");
  command.add_flag("--no-net-flow", options->no_net_flow, "No net-flow fixing heuristic");
  command.add_flag("--no-rins", options->no_rins, "No RINS heuristic around the incumbent");
  command.add_flag("--no-window-search", options->no_window_lns,
                   "No time-window search around the incumbent (coupled fleets)");
  command.add_flag("--no-generic-heuristics", options->no_generic_heuristics,
                   "No generic heuristics (simple rounding, fix-and-resolve) besides the fleet ones");
  return [options] { return run_solve(*options); };
}

const bool registered = register_command(
    {"solve", "Solve an instance with fleetopt's own branch-and-bound, write the result folder and check it",
     setup_solve});

}  // namespace
}  // namespace fleetopt::app
