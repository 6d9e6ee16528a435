// solve_fleet: whole model or per-asset blocks (decomposition.hpp), then the independent check of
// the schedule before anything is reported. Status mapping and choices: docs/fleet-solve.md.
#include "fleetopt/fleet/fleet_solver.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <ostream>

#include "fleetopt/core/errors.hpp"
#include "fleetopt/core/parallel.hpp"
#include "fleetopt/core/paths.hpp"
#include "fleetopt/core/timer.hpp"
#include "fleetopt/fleet/asset_symmetry.hpp"
#include "fleetopt/fleet/checker.hpp"
#include "fleetopt/fleet/coupled_root_lp.hpp"
#include "fleetopt/fleet/decomposition.hpp"
#include "fleetopt/fleet/lagrangian_bound.hpp"
#include "fleetopt/fleet/mode_repair.hpp"
#include "fleetopt/fleet/soc_grid_dp.hpp"
#include "fleetopt/mip/presolve.hpp"
#include "fleetopt/mip/solution_check.hpp"

namespace fleetopt::fleet {

namespace {

// What the branch-and-bound (or the blocks together) found, before the independent check.
struct SearchOutcome {
  mip::MipStatus status = mip::MipStatus::error;
  std::optional<FleetSolution> schedule;
  std::optional<double> objective;  // as the solver claims it
  double best_bound = core::kInfinity;
  double root_bound = 0.0;
  long long nodes = 0, lp_iterations = 0;
  mip::MipTimes times;
  std::string message;
  int blocks = 1;
  double dp_seconds = 0.0;
  double lagrangian_seconds = 0.0;
  std::optional<double> lagrangian_bound;
};

SearchOutcome solve_whole(const Instance& instance, const FleetSolveOptions& options) {
  BuildOptions build;
  build.relax_unneeded_u = exchange_presolve_applies(options);
  build.count_like_assets = options.count_columns;
  const FleetModel model = build_model(instance, options.formulation, build);
  mip::MipOptions mip_options = options.mip;
  install_fleet_plugins(instance, model, options, mip_options);
  mip_options.initial_solutions = {idle_columns(instance, model)};
  if (options.asset_symmetry) mip_options.member_symmetries = asset_symmetries(instance, model);
  // One search: a second thread runs the sub-MIP heuristics (RINS, the window search) beside it
  // and the queued nodes' LPs ahead (MipOptions::threads; the result is the same with one).
  mip_options.threads = core::worker_count(options.threads, 2);
  mip_options.node_lps_ahead = options.node_lps_ahead;
  mip_options.parallel_strong_branching = options.parallel_strong_branching;
  if (mip_options.log) {
    const std::string coupling = coupling_reason(instance);
    *mip_options.log << "Whole model: one branch-and-bound over " << model.model.num_rows() << " rows, "
                     << model.model.num_cols() << " columns (" << model.model.num_integers() << " integer)"
                     << (!coupling.empty()      ? "; coupled: " + coupling
                         : !options.decompose ? std::string("; decomposition switched off")
                                              : std::string())
                     << "\n";
    if (!model.count_groups.empty()) {
      std::size_t assets = 0, columns = 0;
      for (const std::vector<int>& g : model.count_groups) assets += g.size();
      for (int n : model.count_col) columns += n >= 0;
      *mip_options.log << "Count columns: " << columns << " (" << model.count_groups.size() << " group"
                       << (model.count_groups.size() == 1 ? "" : "s") << " of like assets, " << assets
                       << " assets)\n";
    }
  }
  SearchOutcome out;
  // The box bound holds for the whole fleet too (caps and minimum bids only cut more); it stands
  // in when the search stopped before its root LP gave a bound.
  double box = 0.0;
  for (int a = 0; a < instance.num_assets(); ++a) box += box_revenue_bound(instance, a);
  // Uncoupled: the assets' DP schedules together are a fleet schedule, their bounds' sum a bound.
  if (options.dp_grid_intervals > 0 && coupling_reason(instance).empty()) {
    const core::Timer dp_clock;
    FleetSolution dp_fleet(instance.num_assets(), instance.num_steps(), instance.num_markets());
    double revenue = 0.0, bound = 0.0;
    SocGridOptions grid;
    grid.grid_intervals = options.dp_grid_intervals;
    grid.interrupt = mip_options.interrupt;
    bool interrupted = false;
    for (int a = 0; a < instance.num_assets(); ++a) {
      const AssetDpResult dp = solve_asset_dp(instance, a, grid);
      if (dp.interrupted) {  // then the search below stops at once with the idle schedule
        interrupted = true;
        break;
      }
      place_asset_schedule(dp, a, dp_fleet);
      revenue += dp.revenue;
      bound += dp.upper_bound;
    }
    std::vector<double> dp_columns;
    if (!interrupted) {
      dp_columns = model.columns_from(dp_fleet);
      // The DP schedules' modes with the powers re-optimised by an LP (docs/fleet-solve.md).
      if (options.mode_repair) {
        lp::LpOptions lp_options = mip_options.lp;
        lp_options.time_limit_seconds = std::min(lp_options.time_limit_seconds, mip_options.time_limit_seconds);
        lp_options.interrupt = mip_options.interrupt;
        if (std::optional<std::vector<double>> repaired = repair_modes(model, dp_fleet, lp_options)) {
          const double repaired_revenue = model.model.objective_value(*repaired);
          if (repaired_revenue > revenue && mip::check_solution(model.model, *repaired).ok) {
            revenue = repaired_revenue;
            dp_columns = std::move(*repaired);
          }
        }
      }
    }
    out.dp_seconds = dp_clock.seconds();
    if (!interrupted) {
      box = std::min(box, bound);
      if (mip::within_gap_tolerances(revenue, bound, mip_options.relative_gap, mip_options.absolute_gap)) {
        out.status = mip::MipStatus::optimal;  // proven by the DP bound (docs/soc-grid-dp.md)
        out.schedule = model.schedule_from(dp_columns);
        out.objective = revenue;
        out.best_bound = out.root_bound = box;
        return out;
      }
      mip_options.initial_solutions.push_back(dp_columns);
    }
  }
  const std::string coupling = coupling_reason(instance);
  if (!coupling.empty() && (options.lagrangian || options.mode_repair)) {
    const core::Timer clock;
    const auto seconds_left = [&] { return std::max(0.0, mip_options.time_limit_seconds - clock.seconds()); };
    // Start from the LP relaxation's duals of the link rows (d = c - A^T y: the price of a MW).
    // The LP is the search's own root LP (search_model: the model as the search presolves it),
    // so the search starts from its optimal basis instead of solving it again, and its bound
    // holds should the search stop before its root.
    lp::LpOptions lp_options = mip_options.lp;
    lp_options.time_limit_seconds = std::min(lp_options.time_limit_seconds, mip_options.time_limit_seconds);
    lp_options.dual_pricing = options.coupled_root_lp_pricing;
    const mip::SearchModel searched = mip::search_model(model.model, mip_options.presolve);
    lp::LpResult root;
    long long uncoupled_iterations = 0;
    if (searched.infeasible.empty()) {
      CoupledRootLp root_lp =
          solve_coupled_root_lp(model, searched.model, lp_options, options.coupled_root_lp_uncoupled_start);
      root = std::move(root_lp.result);
      uncoupled_iterations = root_lp.uncoupled_iterations;
      if (root.status == lp::LpStatus::optimal) {
        mip_options.start_basis = std::move(root_lp.basis);
        mip_options.start_basis_lp_iterations = root.iterations;
        if (std::isfinite(root.dual_bound)) box = std::min(box, root.dual_bound);
      }
    }
    const double lp_seconds = clock.seconds();
    LagrangianOptions lagrange;
    lagrange.interrupt = mip_options.interrupt;
    lagrange.time_limit_seconds =
        std::min({options.lagrangian_seconds, 0.1 * mip_options.time_limit_seconds, seconds_left()});
    if (!options.lagrangian) lagrange.max_iterations = 1;
    if (root.status == lp::LpStatus::optimal)
      for (int row : model.link_row) lagrange.start.push_back(root.row_dual[row]);
    const LagrangianResult lr = lagrangian_bound(instance, lagrange);
    // L(lambda) bounds the optimum for any lambda, also after the one evaluation that only
    // serves the mode repair.
    if (std::isfinite(lr.bound) && lr.iterations > 0) {
      if (options.lagrangian) out.lagrangian_bound = lr.bound;
      box = std::min(box, lr.bound);
    }
    if (std::isfinite(box)) mip_options.known_bound = box;
    const double bound_seconds = clock.seconds() - lp_seconds;
    // The repair LP gets what is left of the time limit (the LP above and the bound may have
    // used it all: on a coupled 100x96x4 fleet the root LP alone took the 90 s limit, and the
    // repair LP with the whole limit again made the solve take 236 s).
    lp_options.time_limit_seconds = std::min(lp_options.time_limit_seconds, seconds_left());
    if (options.mode_repair && lr.iterations > 0 && lp_options.time_limit_seconds > 0.0)
      if (auto repaired = repair_modes(model, lr.schedules, lp_options, nullptr, options.coupled_root_lp_uncoupled_start))
        mip_options.initial_solutions.push_back(*repaired);
    // The LP's own schedule with its modes fixed by the sign of each asset's net flow (the
    // net-flow fixing of heur_net_flow.hpp, before the search and its cuts): on a large fleet the
    // search may not reach its root in the time given.
    lp_options.time_limit_seconds = std::min(lp_options.time_limit_seconds, seconds_left());
    if (options.mode_repair && root.status == lp::LpStatus::optimal && lp_options.time_limit_seconds > 0.0)
      if (auto repaired = repair_modes(model, model.schedule_from(root.x), lp_options, nullptr,
                                       options.coupled_root_lp_uncoupled_start))
        mip_options.initial_solutions.push_back(*repaired);
    out.lagrangian_seconds = clock.seconds();
    if (mip_options.log)
      *mip_options.log << "Lagrangian bound " << lr.bound << " after " << lr.iterations << " evaluations ("
                       << (root.status == lp::LpStatus::optimal ? "from the LP duals, LP bound " + std::to_string(root.objective)
                                                                : std::string("from the prices"))
                       << "), " << out.lagrangian_seconds << " s: LP " << lp_seconds << " s (" << root.iterations
                       << " iterations, " << uncoupled_iterations
                       << " of them from the uncoupled start; the search's root LP), bound " << bound_seconds << " s, mode repair "
                       << out.lagrangian_seconds - lp_seconds - bound_seconds << " s\n";
    mip_options.time_limit_seconds -= out.lagrangian_seconds;
  }
  const mip::MipResult r = mip::solve_mip(model.model, mip_options);
  out.status = r.status;
  if (!r.x.empty()) {
    out.schedule = model.schedule_from(r.x);
    out.objective = r.objective ? *r.objective : model.model.objective_value(r.x);
  }
  out.best_bound = std::min(r.best_bound, box);
  out.root_bound = r.nodes > 0 ? std::min(r.root_bound, box) : box;
  out.nodes = r.nodes;
  out.lp_iterations = r.lp_iterations;
  out.times = r.times;
  out.message = r.message;
  return out;
}

SearchOutcome solve_blocks(const Instance& instance, const FleetSolveOptions& options) {
  DecomposedSolve d = solve_decomposed(instance, options);
  SearchOutcome out;
  out.status = d.status;
  if (d.schedule) {
    out.schedule = std::move(d.schedule);
    out.objective = d.objective;
  }
  out.best_bound = d.best_bound;
  out.root_bound = d.root_bound;
  out.nodes = d.nodes;
  out.lp_iterations = d.lp_iterations;
  out.times = d.times;
  out.message = d.message;
  out.blocks = static_cast<int>(d.blocks.size());
  out.dp_seconds = d.dp_seconds;
  return out;
}

SolveStatus to_solve_status(mip::MipStatus status) {
  switch (status) {
    case mip::MipStatus::optimal: return SolveStatus::optimal;
    case mip::MipStatus::feasible: return SolveStatus::feasible;
    case mip::MipStatus::no_solution: return SolveStatus::no_solution;
    case mip::MipStatus::interrupted: return SolveStatus::interrupted;
    // Past trivial_infeasibility the idle schedule is feasible and every column is bounded, so a
    // claim of infeasible or unbounded contradicts what we know: a solver failure, not an answer.
    case mip::MipStatus::infeasible:
    case mip::MipStatus::unbounded:
    case mip::MipStatus::error: break;
  }
  return SolveStatus::error;
}

void log_summary(std::ostream& log, const FleetSolveOutcome& o) {
  const SolveSummary& s = o.summary;
  char line[512];
  std::snprintf(line, sizeof line, "Fleet: %d %s, status %s", o.blocks, o.blocks == 1 ? "block" : "blocks",
                to_string(s.status));
  log << line;
  if (s.objective) {
    std::snprintf(line, sizeof line, ", objective %.10g (checked)", *s.objective);
    log << line;
  }
  if (s.best_bound) {
    std::snprintf(line, sizeof line, ", bound %.10g", *s.best_bound);
    log << line;
  }
  if (s.gap) {
    std::snprintf(line, sizeof line, ", gap %.3g%%", 100.0 * *s.gap);
    log << line;
  }
  std::snprintf(line, sizeof line,
                "\n  %lld nodes, %lld LP iterations, %.2f s; time%s: dynamic program %.2f s, root LP %.2f s, "
                "node LPs %.2f s, strong branching %.2f s, heuristics %.2f s\n",
                s.nodes, s.lp_iterations, s.seconds, o.blocks > 1 ? " summed over blocks" : "", o.dp_seconds,
                o.times.root_lp, o.times.node_lp, o.times.strong_branching, o.times.heuristics);
  log << line;
  if (!s.message.empty() && s.status != SolveStatus::optimal) log << "  " << s.message << "\n";
}

}  // namespace

FleetPluginSwitches FleetPluginChoice::resolve(bool coupled) const {
  FleetPluginSwitches s;
  s.flow_branching = flow_branching.value_or(false);
  s.flow_strong_branching = flow_strong_branching.value_or(false);
  s.flow_rounding = flow_rounding.value_or(true);
  s.net_flow = net_flow.value_or(coupled);
  s.rins = rins.value_or(coupled);
  s.window_lns = window_lns.value_or(coupled);
  s.generic_heuristics = generic_heuristics.value_or(coupled);
  return s;
}

void install_fleet_plugins(const Instance& instance, const FleetModel& model, const FleetSolveOptions& options,
                           mip::MipOptions& mip_options) {
  if (options.mip.branching && options.mip.heuristics) return;
  const FleetPluginSwitches switches = options.plugins.resolve(!coupling_reason(instance).empty());
  auto structure = std::make_shared<const FleetStructure>(instance, model);
  if (!options.mip.branching) mip_options.branching = fleet_branching_factory(structure, switches);
  if (!options.mip.heuristics) mip_options.heuristics = fleet_heuristics(structure, switches);
}

FleetSolveOutcome solve_fleet(const Instance& instance, const FleetSolveOptions& requested) {
  const core::Timer clock;
  FleetSolveOptions options = requested;
  if (options.mip.lp.interrupt == nullptr) options.mip.lp.interrupt = options.mip.interrupt;
  if (coupling_reason(instance).empty()) {
    options.mip.max_cut_rounds = std::min(options.mip.max_cut_rounds, options.uncoupled_root_cut_rounds);
  } else {
    options.mip.max_cut_rounds = std::min(options.mip.max_cut_rounds, options.coupled_root_cut_rounds);
    options.mip.root_cut_min_improvement =
        std::min(options.mip.root_cut_min_improvement, options.coupled_root_cut_min_improvement);
    options.mip.root_cut_stall_improvement =
        std::min(options.mip.root_cut_stall_improvement, options.coupled_root_cut_stall_improvement);
    options.mip.root_cut_keep_slack = options.mip.root_cut_keep_slack || options.coupled_root_cut_keep_slack;
    options.mip.lp.dual_pricing = options.coupled_dual_pricing;
  }
  FleetSolveOutcome outcome;
  SolveSummary& summary = outcome.summary;
  summary.solver = "fleetopt";
  summary.solver_version = core::version_string();
  summary.formulation = to_string(options.formulation);

  if (const std::string why = instance.trivial_infeasibility(); !why.empty()) {
    summary.status = SolveStatus::infeasible;
    summary.message = why;
    summary.seconds = clock.seconds();
    return outcome;
  }

  SearchOutcome found;
  try {
    // One asset without coupling is a fleet of one block: it gets the block policy (DP start,
    // DP refinement) as well.
    const bool separable = coupling_reason(instance).empty();
    found = options.decompose && separable ? solve_blocks(instance, options) : solve_whole(instance, options);
  } catch (const core::InfeasibleInstance& e) {
    summary.status = SolveStatus::infeasible;
    summary.message = e.what();
    summary.seconds = clock.seconds();
    return outcome;
  }

  outcome.blocks = found.blocks;
  outcome.times = found.times;
  outcome.root_bound = found.root_bound;
  outcome.dp_seconds = found.dp_seconds;
  outcome.lagrangian_seconds = found.lagrangian_seconds;
  outcome.lagrangian_bound = found.lagrangian_bound;
  summary.status = to_solve_status(found.status);
  summary.nodes = found.nodes;
  summary.lp_iterations = found.lp_iterations;
  summary.message = found.message;
  // We maximise: a proven bound is finite and below +infinity; -infinity would mean "infeasible".
  if (std::isfinite(found.best_bound)) summary.best_bound = found.best_bound;

  // A search that failed (status error: a plug-in threw, node LPs kept failing) still hands back
  // the best schedule it had; it is judged like any other and reported with the error.
  const bool reportable = summary.status == SolveStatus::optimal || summary.status == SolveStatus::feasible ||
                          summary.status == SolveStatus::interrupted ||
                          (summary.status == SolveStatus::error && found.status == mip::MipStatus::error);
  if (reportable && found.schedule) {
    // Trust nothing: the schedule is judged against the instance data by the independent checker,
    // and the objective reported is the one the checker recomputes.
    const CheckReport check = check_schedule(instance, *found.schedule, found.objective);
    if (check.ok) {
      outcome.schedule = std::move(found.schedule);
      summary.objective = check.recomputed_objective;
      if (summary.best_bound) summary.gap = mip::relative_gap(*summary.objective, *summary.best_bound);
    } else {
      summary.status = SolveStatus::error;
      summary.message = "the solver's schedule failed the independent check:\n" + format_report(check);
      outcome.schedule_rejected = true;
    }
  } else if (summary.status == SolveStatus::optimal || summary.status == SolveStatus::feasible) {
    summary.status = SolveStatus::error;
    summary.message = "the solver reported " + std::string(mip::to_string(found.status)) + " without a solution";
  } else if (found.status == mip::MipStatus::infeasible || found.status == mip::MipStatus::unbounded) {
    summary.message = "the branch-and-bound claimed " + std::string(mip::to_string(found.status)) +
                      ", but doing nothing is feasible and every column is bounded" +
                      (found.message.empty() ? "" : ": " + found.message);
  }
  summary.seconds = clock.seconds();
  outcome.times.total = summary.seconds;
  if (options.mip.log) log_summary(*options.mip.log, outcome);
  return outcome;
}

}  // namespace fleetopt::fleet
