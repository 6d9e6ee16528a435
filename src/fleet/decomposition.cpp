// Per-asset decomposition of a separable fleet; the choices (bounds of blocks that never ran, how
// statuses combine, the shared deadline) are explained in docs/fleet-solve.md.
#include "fleetopt/fleet/decomposition.hpp"

#include "fleetopt/core/tolerances.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <mutex>
#include <ostream>
#include <sstream>
#include <cstdio>

#include "fleetopt/core/parallel.hpp"
#include "fleetopt/core/timer.hpp"
#include "fleetopt/fleet/formulation.hpp"
#include "fleetopt/fleet/mode_repair.hpp"
#include "fleetopt/fleet/soc_grid_dp.hpp"
#include "fleetopt/mip/solution_check.hpp"

namespace fleetopt::fleet {

namespace {
// Block policy (solve_block): after the tree alone (FleetSolveOptions::
// dp_refinement_after_work), the DP on finer grids gets this share of the time left, up to
// this many grid intervals (T = 96 at 128000 intervals takes about a second; docs/soc-grid-dp.md
// has the times).
constexpr double kRefinementShare = 0.25;
constexpr int kMaxRefinedGridIntervals = 128000;
// The first tilted bound runs on this many times dp_grid_intervals. On 100 x 96 x 4 (2 threads):
// 1 -> 4.1 s and 8,677 nodes (the bound misses 1e-4 by a hair on most blocks), 2 -> 3.3 s and
// 7,114 nodes, 4 -> 1.4 s and 521 nodes (most blocks proven here; the DP's share 2.2 s summed).
constexpr int kTiltedBoundGridFactor = 4;
}  // namespace

namespace {

double prequalified_total(const Instance& instance, int market) {
  double total = 0.0;
  for (const Asset& a : instance.assets) total += a.prequalified_mw[market];
  return total;
}

bool interrupt_requested(const mip::MipOptions& options) {
  return options.interrupt != nullptr && options.interrupt->load();
}

bool has_error(mip::MipStatus status) {
  // Idle is feasible in every block (its instance passed trivial_infeasibility) and every block is
  // bounded, so "infeasible" or "unbounded" can only come from a failure.
  return status == mip::MipStatus::error || status == mip::MipStatus::infeasible ||
         status == mip::MipStatus::unbounded;
}

// The best schedule derived from a block's DP results: each DP schedule as it is and, with mode
// repair, the same charge/discharge modes with the powers re-optimised by an LP (mode_repair.hpp).
// The grid costs a DP schedule up to about h * slope per step; the LP gives that back, so the DP
// bound proves a long horizon on a grid where the DP's own schedule is still far below it
// (docs/fleet-solve.md, "Starting schedules"). Every schedule passes the model's check before it counts.
class DpDerivedSchedules {
 public:
  DpDerivedSchedules(const Instance& block, const FleetModel& model, bool repair, const mip::MipOptions& base,
                     const core::Timer& solve_clock)
      : block_(block), model_(model), repair_(repair), base_(base), solve_clock_(solve_clock) {}

  // The best revenue derived from `dp` (its own schedule, and the repaired one if `repair` and the
  // constructor's switch allow it); -infinity if none.
  double add(const AssetDpResult& dp, bool repair = true) {
    if (dp.power.empty()) return -core::kInfinity;
    FleetSolution schedule(1, block_.num_steps(), block_.num_markets());
    place_asset_schedule(dp, 0, schedule);
    double best = offer(model_.columns_from(schedule));
    if (!repair_ || !repair) return best;
    // The same modes as the last repair give the same LP: skip it.
    std::vector<signed char> modes = modes_of(schedule);
    if (modes == last_repaired_modes_) return best;
    last_repaired_modes_ = std::move(modes);
    lp::LpOptions lp_options = base_.lp;
    lp_options.time_limit_seconds =
        std::min(lp_options.time_limit_seconds, base_.time_limit_seconds - solve_clock_.seconds());
    lp_options.interrupt = base_.interrupt;
    std::vector<double> row_duals;
    if (std::optional<std::vector<double>> repaired = repair_modes(model_, schedule, lp_options, &row_duals)) {
      best = std::max(best, offer(std::move(*repaired)));
      // The repaired LP's state-of-charge duals: the marginal value of stored energy under these
      // modes, the tilt that makes the DP bound tight (docs/soc-grid-dp.md, section 3).
      energy_values_.resize(block_.num_steps());
      for (int t = 0; t < block_.num_steps(); ++t) energy_values_[t] = row_duals[model_.soc_row[t]];
    }
    return best;
  }
  double best_revenue() const { return best_revenue_; }
  const std::vector<double>& best_columns() const { return best_columns_; }
  // Empty until a repair succeeded; then the latest repair's energy values (one per step).
  const std::vector<double>& energy_values() const { return energy_values_; }

 private:
  // The modes repair_modes fixes u by (guide_mode), step by step.
  std::vector<signed char> modes_of(const FleetSolution& schedule) const {
    std::vector<signed char> modes(block_.num_steps());
    for (int t = 0; t < block_.num_steps(); ++t) modes[t] = static_cast<signed char>(guide_mode(model_, schedule, 0, t));
    return modes;
  }
  double offer(std::vector<double> columns) {
    if (!mip::check_solution(model_.model, columns).ok) return -core::kInfinity;
    const double revenue = model_.model.objective_value(columns);
    if (revenue > best_revenue_) {
      best_revenue_ = revenue;
      best_columns_ = std::move(columns);
    }
    return revenue;
  }

  const Instance& block_;
  const FleetModel& model_;
  const bool repair_;
  const mip::MipOptions& base_;
  const core::Timer& solve_clock_;
  std::vector<signed char> last_repaired_modes_;
  std::vector<double> energy_values_;
  double best_revenue_ = -core::kInfinity;
  std::vector<double> best_columns_;
};

// Asset a doing nothing, as a one-asset schedule: no power, state of charge soc0 throughout.
FleetSolution idle_asset_schedule(const Instance& instance, int asset) {
  FleetSolution idle(1, instance.num_steps(), instance.num_markets());
  for (int t = 0; t < instance.num_steps(); ++t) idle.state(0, t) = instance.assets[asset].soc_initial_mwh;
  return idle;
}

std::string format_block_line(int block, int num_blocks, const std::string& asset, const BlockOutcome& b) {
  char line[320];
  if (!b.started) {
    std::snprintf(line, sizeof line, "  block %d/%d (asset %s): %s; idle schedule, box bound %.9g", block + 1,
                  num_blocks, asset.c_str(), b.mip.message.c_str(), b.bound);
    return line;
  }
  std::snprintf(line, sizeof line,
                "  block %d/%d (asset %s): %s, objective %.9g, bound %.9g, gap %.3g%%, %lld nodes, "
                "%lld LP iterations, %.2f s",
                block + 1, num_blocks, asset.c_str(), mip::to_string(b.mip.status), b.objective, b.bound,
                100.0 * mip::relative_gap(b.objective, b.bound), b.mip.nodes, b.mip.lp_iterations, b.seconds);
  return line;
}

}  // namespace

bool cap_can_bind(const Instance& instance, int market) {
  const auto& cap = instance.markets[market].cap_mw;
  return cap && *cap < prequalified_total(instance, market);
}

std::string coupling_reason(const Instance& instance) {
  std::ostringstream why;
  for (int m = 0; m < instance.num_markets(); ++m) {
    const Market& market = instance.markets[m];
    if (market.min_bid_mw > 0) {
      why << "market '" << market.name << "' has a minimum bid of " << market.min_bid_mw << " MW";
      return why.str();
    }
    if (cap_can_bind(instance, m)) {
      why << "market '" << market.name << "' has a cap of " << *market.cap_mw << " MW below the "
          << prequalified_total(instance, m) << " MW prequalified in it";
      return why.str();
    }
  }
  return {};
}

Instance asset_block(const Instance& instance, int asset) {
  Instance block;
  block.name = instance.name + "/" + instance.assets[asset].name;
  block.step_hours = instance.step_hours;
  block.start = instance.start;
  block.time_labels = instance.time_labels;
  block.markets = instance.markets;
  for (Market& m : block.markets) m.cap_mw.reset();
  block.assets = {instance.assets[asset]};
  block.prices = instance.prices;
  return block;
}

double box_revenue_bound(const Instance& instance, int asset) {
  const Asset& a = instance.assets[asset];
  const double dt = instance.step_hours;
  double bound = 0.0;
  for (int t = 0; t < instance.num_steps(); ++t)
    for (int m = 0; m < instance.num_markets(); ++m) {
      const Market& market = instance.markets[m];
      const double cycle_cost = market.direction == Direction::up ? a.cycle_cost_eur_per_mwh * dt : 0.0;
      const double per_mw = market.revenue_sign() * instance.price(t, m) * dt - cycle_cost;
      bound += std::max(0.0, per_mw) * a.prequalified_mw[m];
    }
  return bound;
}

DecomposedSolve solve_decomposed(const Instance& instance, const FleetSolveOptions& options) {
  const core::Timer clock;
  const int num_blocks = instance.num_assets();
  const int workers = core::worker_count(options.threads, num_blocks);
  const mip::MipOptions& base = options.mip;
  std::ostream* log = base.log;

  DecomposedSolve out;
  out.blocks.resize(num_blocks);
  std::vector<char> finished(num_blocks, 0);
  int next_to_log = 0;
  std::mutex log_mutex;

  if (log)
    *log << "Decomposed: " << num_blocks << " independent blocks (one per asset) on " << workers
         << (workers == 1 ? " thread" : " threads") << "\n";

  // Prints the lines of every finished block whose predecessors have been printed, so the log
  // reads in block order whatever order the threads finish in.
  auto log_finished = [&](int block) {
    if (!log) return;
    std::lock_guard<std::mutex> lock(log_mutex);
    finished[block] = 1;
    while (next_to_log < num_blocks && finished[next_to_log]) {
      const BlockOutcome& b = out.blocks[next_to_log];
      *log << format_block_line(next_to_log, num_blocks, instance.assets[next_to_log].name, b) << "\n";
      ++next_to_log;
    }
  };

  auto solve_block = [&](int i) {
    const core::Timer block_clock;
    BlockOutcome& b = out.blocks[i];
    const Instance block = asset_block(instance, i);
    const FleetModel model = build_model(block, options.formulation, BuildOptions{exchange_presolve_applies(options)});
    mip::MipOptions block_options = base;
    block_options.log = nullptr;  // one line per block instead of interleaved logs
    block_options.time_limit_seconds = base.time_limit_seconds - clock.seconds();
    block_options.absolute_gap = base.absolute_gap / num_blocks;
    block_options.node_memory_limit_bytes = base.node_memory_limit_bytes / static_cast<size_t>(workers);
    block_options.node_memory_stop_bytes = base.node_memory_stop_bytes / static_cast<size_t>(workers);
    block_options.initial_solutions = {idle_columns(block, model)};
    install_fleet_plugins(block, model, options, block_options);
    // The blocks keep every thread busy: a heuristic that could run beside a block's search runs
    // in its place instead, its solution counting at once (mip::MipOptions::beside_heuristics_nodes).
    block_options.beside_heuristics_nodes = -1;
    b.started = true;
    const double box = box_revenue_bound(instance, i);
    // The dynamic program first (docs/fleet-solve.md, "Starting schedules"): its schedule, the
    // same modes repaired by an LP, and the DP bound tilted by that LP's energy values. On the
    // generated 96-step assets the tilted bound at 4,000 intervals is about 1.4e-5 above the
    // repaired schedule (the restricted DP's own tilt: 2.3e-4), so most blocks are proven here
    // without a tree; the others start their tree from the repaired schedule.
    DpDerivedSchedules derived(block, model, options.mode_repair, base, clock);
    std::optional<AssetDpResult> dp;
    bool proven_by_dp = false;
    if (options.dp_grid_intervals > 0) {
      const core::Timer dp_clock;
      SocGridOptions grid;
      grid.grid_intervals = options.dp_grid_intervals;
      grid.upper_bound = false;
      grid.interrupt = base.interrupt;
      dp = solve_asset_dp(block, 0, grid);
      if (!dp->interrupted) {
        derived.add(*dp);
        if (!derived.energy_values().empty()) {
          SocGridOptions bound_grid = grid;
          bound_grid.grid_intervals = kTiltedBoundGridFactor * options.dp_grid_intervals;
          bound_grid.schedule = false;
          bound_grid.upper_bound = true;
          bound_grid.energy_values = &derived.energy_values();
          const AssetDpResult tilted = solve_asset_dp(block, 0, bound_grid);
          if (tilted.interrupted) dp->interrupted = true;
          else dp->upper_bound = tilted.upper_bound;
        }
      }
      b.dp_seconds = dp_clock.seconds();
    }
    if (dp && dp->interrupted) dp.reset();  // the search below stops at once
    if (dp && !derived.best_columns().empty()) {
      block_options.initial_solutions.push_back(derived.best_columns());
      const double bound = std::min(dp->upper_bound, box);
      if (mip::within_gap_tolerances(derived.best_revenue(), bound, base.relative_gap, block_options.absolute_gap)) {
        // Proven by the tilted DP bound against the repaired schedule: no tree needed.
        proven_by_dp = true;
        b.mip.status = mip::MipStatus::optimal;
        b.mip.objective = derived.best_revenue();
        b.mip.best_bound = b.mip.root_bound = bound;
        b.mip.x = derived.best_columns();
      }
    }
    // The tree first, for at most dp_refinement_after_work: most blocks close there. A block that
    // does not is one whose LP bound is weak (reserve markets paid both ways, long horizons); then
    // the DP on finer grids, whose bound converges with the grid, gets a share of the time, and
    // the tree resumes (from the best schedule so far, with the DP bound as known bound) only if
    // the DP bound and the best schedule do not prove the block.
    const double time_left = base.time_limit_seconds - clock.seconds();
    const bool refine = dp && options.dp_refinement && time_left > 0.0;
    block_options.time_limit_seconds = time_left;
    if (refine) {
      const auto tree_first = static_cast<long long>(
          std::llround(std::max(0.0, options.dp_refinement_after_work) / std::max(1, model.model.num_rows())));
      block_options.lp_iteration_limit =
          base.lp_iteration_limit >= 0 ? std::min(base.lp_iteration_limit, tree_first) : tree_first;
    }
    if (!proven_by_dp) b.mip = mip::solve_mip(model.model, block_options);
    // A tree stopped by the time limit rather than its stretch of work leaves no time to refine.
    if (refine && b.mip.status == mip::MipStatus::feasible && !interrupt_requested(base) &&
        clock.seconds() < base.time_limit_seconds) {
      const core::Timer dp_clock;
      DpRefinementOptions refinement;
      refinement.rel_gap = base.relative_gap;
      refinement.time_limit_seconds = kRefinementShare * (base.time_limit_seconds - clock.seconds());
      refinement.first_grid_intervals = 4 * options.dp_grid_intervals;
      refinement.max_grid_intervals = std::max(refinement.first_grid_intervals, kMaxRefinedGridIntervals);
      refinement.interrupt = base.interrupt;
      refinement.known_revenue = b.mip.objective.value_or(-core::kInfinity);
      refinement.improve = [&](const AssetDpResult& round) { return derived.add(round); };
      // The latest repair's energy values tilt every round (derived.add updates them in place).
      if (!derived.energy_values().empty()) refinement.energy_values = &derived.energy_values();
      const AssetDpResult fine = solve_asset_dp_to_gap(block, 0, refinement);
      b.dp_seconds += dp_clock.seconds();
      if (fine.upper_bound < dp->upper_bound) dp->upper_bound = fine.upper_bound;
      if (fine.interrupted) {
        // Nothing new: the tree's schedule and bound stand (the first DP computed no bound).
        b.mip.status = mip::MipStatus::interrupted;
      } else {
        const double best_tree = b.mip.objective.value_or(-core::kInfinity);
        const double bound = std::min({b.mip.best_bound, box, dp->upper_bound});
        const double best = std::max(best_tree, derived.best_revenue());
        if (mip::within_gap_tolerances(best, bound, base.relative_gap, block_options.absolute_gap)) {
          // Proven by the best schedule (the tree's or a DP-derived one) against the DP bound.
          b.mip.status = mip::MipStatus::optimal;
          b.mip.best_bound = bound;
          if (derived.best_revenue() > best_tree) {  // then best_columns is not empty
            b.mip.x = derived.best_columns();
            b.mip.objective = derived.best_revenue();
          }
        } else {
          mip::MipOptions resumed = block_options;
          resumed.time_limit_seconds = base.time_limit_seconds - clock.seconds();
          resumed.lp_iteration_limit =
              base.lp_iteration_limit >= 0 ? std::max(0LL, base.lp_iteration_limit - b.mip.lp_iterations) : -1;
          if (!derived.best_columns().empty()) resumed.initial_solutions.push_back(derived.best_columns());
          if (!b.mip.x.empty()) resumed.initial_solutions.push_back(b.mip.x);
          resumed.known_bound = bound;
          const mip::MipResult earlier = std::move(b.mip);
          b.mip = mip::solve_mip(model.model, resumed);
          b.mip.nodes += earlier.nodes;
          b.mip.lp_iterations += earlier.lp_iterations;
          // The first run may have stopped before its root LP (a long horizon): then the root bound
          // is the resumed run's.
          if (earlier.nodes > 0) b.mip.root_bound = earlier.root_bound;
          b.mip.times += earlier.times;
        }
      }
    }
    b.bound = std::min(b.mip.best_bound, box);
    if (dp) b.bound = std::min(b.bound, dp->upper_bound);
    if (b.mip.nodes == 0) b.mip.root_bound = b.bound;  // no root LP was solved
    if (!b.mip.x.empty()) {
      b.schedule = model.schedule_from(b.mip.x);
      b.objective = b.mip.objective.value_or(model.model.objective_value(b.mip.x));
    } else {
      b.schedule = idle_asset_schedule(instance, i);
      b.objective = 0.0;
    }
    b.seconds = block_clock.seconds();
    log_finished(i);
  };

  // A block starts only while time is left and no interrupt came: the shared deadline.
  auto may_start = [&](int) { return !interrupt_requested(base) && clock.seconds() < base.time_limit_seconds; };
  core::run_indexed(num_blocks, workers, solve_block, may_start);

  // Blocks that never started: idle schedule (revenue 0) and the box bound.
  bool stopped_by_interrupt = false, stopped_by_limit = false, gap_only_per_block = false;
  for (int i = 0; i < num_blocks; ++i) {
    BlockOutcome& b = out.blocks[i];
    if (b.started) continue;
    b.schedule = idle_asset_schedule(instance, i);
    b.bound = box_revenue_bound(instance, i);
    b.mip.root_bound = b.bound;
    b.mip.best_bound = b.bound;
    b.mip.status = interrupt_requested(base) ? mip::MipStatus::interrupted : mip::MipStatus::feasible;
    b.mip.message = interrupt_requested(base) ? "not started: interrupted" : "not started: time limit";
    log_finished(i);
  }

  // Combine in block order: sums are then bit-identical for any number of threads.
  FleetSolution schedule(num_blocks, instance.num_steps(), instance.num_markets());
  int failed_block = -1;
  for (int i = 0; i < num_blocks; ++i) {
    const BlockOutcome& b = out.blocks[i];
    out.objective += b.objective;
    out.best_bound += b.bound;
    // The root LP bound as it was (capped by the box bound only, as for a whole model): capping it
    // by the final bound made it equal that bound, so the root gap said nothing.
    out.root_bound += std::min(b.mip.root_bound, box_revenue_bound(instance, i));
    out.nodes += b.mip.nodes;
    out.lp_iterations += b.mip.lp_iterations;
    out.times += b.mip.times;  // total is the solve's wall time, set below
    out.dp_seconds += b.dp_seconds;
    for (int t = 0; t < instance.num_steps(); ++t) {
      schedule.state(i, t) = b.schedule.state(0, t);
      for (int m = 0; m < instance.num_markets(); ++m) {
        schedule.p(i, t, m) = b.schedule.p(0, t, m);
        schedule.x(t, m) += b.schedule.p(0, t, m);
      }
    }
    const mip::MipStatus s = b.mip.status;
    if (has_error(s) && failed_block < 0) failed_block = i;
    if (s == mip::MipStatus::interrupted) stopped_by_interrupt = true;
    if (s == mip::MipStatus::feasible || s == mip::MipStatus::no_solution) stopped_by_limit = true;
  }
  out.times.total = clock.seconds();

  if (failed_block >= 0) {
    const BlockOutcome& b = out.blocks[failed_block];
    out.status = mip::MipStatus::error;
    out.message = "block " + std::to_string(failed_block) + " (asset '" + instance.assets[failed_block].name +
                  "'): branch-and-bound ended with status " + mip::to_string(b.mip.status) +
                  (b.mip.message.empty() ? "" : ": " + b.mip.message);
    return out;
  }
  out.schedule = std::move(schedule);
  // The fleet's own gap test: each block met its gap relative to max(1, |its revenue|), which
  // bounds the fleet's relative gap only when every block earns at least 1 EUR; judge the sums.
  // A block that searched its whole tree is optimal within core::tol::kMipGapFloorRelative of its
  // own revenue (LP noise, the branch-and-bound's floor), so the fleet is within the sum of those.
  double floor = 0.0;
  for (const BlockOutcome& b : out.blocks) floor += core::tol::kMipGapFloorRelative * std::max(1.0, std::abs(b.objective));
  const bool fleet_gap_met =
      mip::within_gap_tolerances(out.objective, out.best_bound, base.relative_gap, base.absolute_gap) ||
      std::abs(out.best_bound - out.objective) <= floor;
  if (!stopped_by_interrupt && !stopped_by_limit && !fleet_gap_met) gap_only_per_block = true;
  if (stopped_by_interrupt) {
    out.status = mip::MipStatus::interrupted;
    out.message = "interrupted";
  } else if (stopped_by_limit) {
    out.status = mip::MipStatus::feasible;
    out.message = "a time, node or node-memory limit stopped at least one block";
  } else if (gap_only_per_block) {
    out.status = mip::MipStatus::feasible;
    out.message = "every block met its gap, but the fleet's gap does not meet the fleet's tolerances";
  } else {
    out.status = mip::MipStatus::optimal;
  }
  return out;
}

}  // namespace fleetopt::fleet
