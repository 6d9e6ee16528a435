#include "fleetopt/mip/heur_feasibility_pump.hpp"

#include <algorithm>
#include <cmath>
#include <deque>
#include <random>

#include "fleetopt/core/timer.hpp"
#include "fleetopt/mip/branch_reliability.hpp"
#include "fleetopt/mip/solution_check.hpp"
#include "fleetopt/mip/sub_mip.hpp"

namespace fleetopt::mip {

namespace {

// Uniform in [0, 1) from the engine's raw output: std::uniform_real_distribution is
// implementation-defined, and the run must be the same with every standard library.
double uniform(std::mt19937& rng) { return static_cast<double>(rng()) / 4294967296.0; }

// One step of integer column j from its rounding towards the LP value x_j (away from the bound
// it sits on when they agree), kept within the column's bounds.
double step_towards(double rounded, double x, double lower, double upper) {
  double direction = x > rounded ? 1.0 : x < rounded ? -1.0 : (rounded >= upper ? -1.0 : 1.0);
  return std::clamp(rounded + direction, lower, upper);
}

// The pump's LP: `lp` (the node LP's rows) with, per general integer column j in `general`, a
// column t_j fixed at the rounding (moved with set_col_bounds each round), a column d_j >= 0 and
// the rows d_j - x_j + t_j >= 0 and d_j + x_j - t_j >= 0, so that d_j >= |x_j - x~_j| and the
// objective can charge the distance of a column rounded strictly inside its bounds (Bertacco,
// Fischetti and Lodi's auxiliary columns, with the rounding in a column's bounds so that the
// rows never change). Columns t then d of general[k] are n + 2k and n + 2k + 1, rows m + 2k and
// m + 2k + 1.
core::Model with_distance_columns(const core::Model& lp, const std::vector<int>& general,
                                  const std::vector<double>& rounded) {
  const int n = lp.num_cols(), m = lp.num_rows(), k_count = static_cast<int>(general.size());
  core::Model out = lp;
  if (k_count == 0) return out;
  std::vector<int> slot(static_cast<std::size_t>(n), -1);
  for (int k = 0; k < k_count; ++k) slot[general[k]] = k;
  const core::SparseMatrix& a = lp.matrix;
  core::SparseMatrix& b = out.matrix;
  b.num_rows = m + 2 * k_count;
  b.num_cols = n + 2 * k_count;
  b.col_start.assign(1, 0);
  b.row_index.clear();
  b.value.clear();
  const auto entry = [&](int row, double value) {
    b.row_index.push_back(row);
    b.value.push_back(value);
  };
  for (int j = 0; j < n; ++j) {
    for (int p = a.col_start[j]; p < a.col_start[j + 1]; ++p) entry(a.row_index[p], a.value[p]);
    if (const int k = slot[j]; k >= 0) {
      entry(m + 2 * k, -1.0);
      entry(m + 2 * k + 1, 1.0);
    }
    b.col_start.push_back(static_cast<int>(b.row_index.size()));
  }
  for (int k = 0; k < k_count; ++k) {
    const int j = general[k];
    const std::string name = lp.col_names.empty() ? std::to_string(j) : lp.col_names[j];
    // t_k
    entry(m + 2 * k, 1.0);
    entry(m + 2 * k + 1, -1.0);
    b.col_start.push_back(static_cast<int>(b.row_index.size()));
    // d_k
    entry(m + 2 * k, 1.0);
    entry(m + 2 * k + 1, 1.0);
    b.col_start.push_back(static_cast<int>(b.row_index.size()));
    for (const char* kind : {"pump_rounding_", "pump_distance_"}) {
      out.objective.push_back(0.0);
      out.is_integer.push_back(0);
      if (!lp.col_names.empty()) out.col_names.push_back(kind + name);
    }
    out.col_lower.push_back(rounded[j]);
    out.col_upper.push_back(rounded[j]);
    out.col_lower.push_back(0.0);
    out.col_upper.push_back(core::kInfinity);
    for (const char* kind : {"pump_above_", "pump_below_"}) {
      out.row_lower.push_back(0.0);
      out.row_upper.push_back(core::kInfinity);
      if (!lp.row_names.empty()) out.row_names.push_back(kind + name);
    }
  }
  return out;
}

}  // namespace

bool FeasibilityPump::should_run(const NodeContext& ctx) const {
  return ctx.depth == 0 && !ctx.incumbent && !ran_;
}

void FeasibilityPump::run(NodeContext& ctx, const SolutionSink& submit) {
  ran_ = true;
  rounds_ = 0;
  sub_mip_nodes_ = -1;
  iterations_ = 0;
  const core::Timer timer;
  const core::Model& model = ctx.model;
  const int n = model.num_cols();
  std::vector<int> integers;  // the integer columns the node has not fixed
  bool continuous = false;    // a continuous column the node has not fixed
  for (int j = 0; j < n; ++j) {
    if (ctx.lower[j] == ctx.upper[j]) continue;
    if (model.is_integer[j]) integers.push_back(j);
    else continuous = true;
  }
  if (integers.empty()) return;

  std::vector<double> rounded = ctx.lp.x;
  const auto round_into = [&](const std::vector<double>& x, std::vector<double>& into) {
    for (int j : integers) into[j] = std::clamp(std::round(x[j]), ctx.lower[j], ctx.upper[j]);
  };
  round_into(ctx.lp.x, rounded);
  std::vector<int> general;  // integer columns with more than two values: distance columns
  for (int j : integers)
    if (ctx.upper[j] - ctx.lower[j] > 1.0) general.push_back(j);

  // The pump's LP: the node LP's rows (the root's cuts included) and the node's bounds, with
  // the distance columns, minimised (the true objective, in minimisation sense, is the alpha
  // term), from the node's basis.
  std::vector<lp::VarStatus> start;
  core::Model pump;
  {
    const LpProbe probe(ctx.node_lp, LpProbe::Purpose::heuristic);
    start = probe.basis();
    core::Model rows = probe.lp_model();
    rows.col_lower = ctx.lower;
    rows.col_upper = ctx.upper;
    pump = with_distance_columns(rows, general, rounded);
    // (A basis of another length would make set_basis throw: the pump then starts from the
    // slack basis.)
    if (static_cast<int>(start.size()) != n + rows.num_rows()) start.clear();
  }
  if (!start.empty()) {
    // The node's basis, each t fixed, each d basic with the row of the side x lies on.
    std::vector<lp::VarStatus> extended(start.begin(), start.begin() + n);
    for (std::size_t k = 0; k < general.size(); ++k) {
      extended.push_back(lp::VarStatus::fixed);
      extended.push_back(lp::VarStatus::basic);
    }
    extended.insert(extended.end(), start.begin() + n, start.end());
    for (int j : general) {
      const bool above = ctx.lp.x[j] >= rounded[j];
      extended.push_back(above ? lp::VarStatus::at_lower : lp::VarStatus::basic);
      extended.push_back(above ? lp::VarStatus::basic : lp::VarStatus::at_lower);
    }
    start = std::move(extended);
  }
  pump.sense = core::ObjectiveSense::minimize;
  pump.objective_constant = 0.0;
  const int columns = pump.num_cols();
  const double sigma = ctx.minimize() ? 1.0 : -1.0;
  std::vector<double> cost(static_cast<std::size_t>(columns), 0.0);
  double norm = 0.0;
  for (int j = 0; j < n; ++j) {
    cost[j] = sigma * model.objective[j];
    norm += cost[j] * cost[j];
  }
  norm = std::sqrt(norm);
  const double cost_scale = norm > 0.0 ? std::sqrt(static_cast<double>(integers.size())) / norm : 0.0;
  pump.objective = cost;
  lp::LpOptions options;
  options.algorithm = lp::SimplexAlgorithm::primal;
  options.interrupt = ctx.interrupt;
  lp::LpSolver solver(pump, options);
  if (!start.empty()) solver.set_basis(start);
  const long long budget =
      static_cast<long long>(p_.iteration_fraction * static_cast<double>(ctx.node_lp_iterations)) + p_.iteration_offset;

  // A point integral on the integer columns: exact integers there, submitted; then, with the
  // integers fixed, the best continuous part for the true objective.
  const auto finish = [&](const std::vector<double>& point) {
    std::vector<double> x(point.begin(), point.begin() + n);
    for (int j : integers) x[j] = std::round(x[j]);
    submit(x);
    if (!continuous) return;
    for (int j : integers) solver.set_col_bounds(j, x[j], x[j]);
    solver.set_objective(cost);
    solver.set_iteration_limit(std::max(0LL, budget - iterations_));
    solver.set_time_limit(std::max(0.0, ctx.seconds_left - timer.seconds()));
    const lp::LpStatus status = solver.solve();
    iterations_ += solver.result().iterations;
    if (status != lp::LpStatus::optimal) return;
    std::vector<double> y(solver.result().x.begin(), solver.result().x.begin() + n);
    for (int j : integers) y[j] = x[j];
    submit(y);
  };

  const auto same_rounding = [&](const std::vector<double>& a, const std::vector<double>& b) {
    for (int j : integers)
      if (a[j] != b[j]) return false;
    return true;
  };
  std::deque<std::vector<double>> history;  // the roundings before `rounded`, newest first
  std::mt19937 rng(p_.seed);
  std::vector<double> objective(static_cast<std::size_t>(columns));
  std::vector<int> distance_column(static_cast<std::size_t>(n), -1);  // d of a general column
  for (std::size_t k = 0; k < general.size(); ++k) distance_column[general[k]] = n + 2 * static_cast<int>(k) + 1;
  double alpha = 1.0;
  double best_distance = core::kInfinity;
  int stall = 0;
  std::vector<double> closest;  // the LP point with the fewest fractional integer columns
  int closest_fractional = static_cast<int>(integers.size()) + 1;
  for (int round = 0; round < p_.max_rounds; ++round) {
    if (iterations_ >= budget || timer.seconds() >= ctx.seconds_left) break;
    if (ctx.interrupt != nullptr && ctx.interrupt->load(std::memory_order_relaxed)) return;
    // A pure integer model: the rounding itself may be a solution.
    if (!continuous && check_solution(model, rounded).ok) {
      finish(rounded);
      return;
    }
    alpha *= p_.alpha_decay;
    for (int j = 0; j < columns; ++j) objective[j] = alpha * cost_scale * cost[j];
    for (int j : integers) {
      if (const int d = distance_column[j]; d >= 0) {
        solver.set_col_bounds(d - 1, rounded[j], rounded[j]);  // t: the rounding
        objective[d] = 1.0 - alpha;
      } else if (rounded[j] == ctx.lower[j]) objective[j] += 1.0 - alpha;
      else if (rounded[j] == ctx.upper[j]) objective[j] -= 1.0 - alpha;
    }
    solver.set_objective(objective);
    solver.set_iteration_limit(budget - iterations_);
    solver.set_time_limit(std::max(0.0, ctx.seconds_left - timer.seconds()));
    const lp::LpStatus status = solver.solve();
    iterations_ += solver.result().iterations;
    ++rounds_;
    if (status != lp::LpStatus::optimal) break;
    const std::vector<double>& x = solver.result().x;
    double distance = 0.0;
    bool integral = true;
    for (int j : integers) {
      distance += std::abs(x[j] - rounded[j]);
      integral = integral && std::abs(x[j] - std::round(x[j])) <= core::tol::kIntegrality;
    }
    if (integral) {
      finish(x);
      return;
    }
    const int fractional = static_cast<int>(std::count_if(integers.begin(), integers.end(), [&](int j) {
      return std::abs(x[j] - std::round(x[j])) > core::tol::kIntegrality;
    }));
    if (fractional < closest_fractional) {
      closest_fractional = fractional;
      closest.assign(x.begin(), x.begin() + n);
    }
    if (distance < (1.0 - p_.stall_improvement) * best_distance) {
      best_distance = distance;
      stall = 0;
    } else if (++stall >= p_.max_stall_rounds) {
      break;
    }

    std::vector<double> next = rounded;
    round_into(x, next);
    if (same_rounding(next, rounded)) {
      // A cycle of length one: the columns farthest from x* move one step towards it.
      std::vector<std::pair<double, int>> far;
      for (int j : integers)
        if (const double s = std::abs(x[j] - next[j]); s > core::tol::kIntegrality) far.emplace_back(s, j);
      std::sort(far.begin(), far.end(), [](const auto& a, const auto& b) {
        return a.first > b.first || (a.first == b.first && a.second < b.second);
      });
      const int count = p_.flip_count / 2 + static_cast<int>(rng() % static_cast<unsigned>(p_.flip_count + 1));
      for (int k = 0; k < count && k < static_cast<int>(far.size()); ++k) {
        const int j = far[k].second;
        next[j] = step_towards(next[j], x[j], ctx.lower[j], ctx.upper[j]);
      }
    } else if (std::any_of(history.begin(), history.end(),
                           [&](const std::vector<double>& seen) { return same_rounding(next, seen); })) {
      // A longer cycle: a random restart.
      for (int j : integers) {
        const double rho = uniform(rng) - 0.3;
        if (std::abs(x[j] - next[j]) + std::max(rho, 0.0) > 0.5)
          next[j] = step_towards(next[j], x[j], ctx.lower[j], ctx.upper[j]);
      }
    }
    history.push_front(std::move(rounded));
    if (static_cast<int>(history.size()) > p_.cycle_memory) history.pop_back();
    rounded = std::move(next);
  }
  if (!closest.empty()) search_around(ctx, closest, integers, general, submit);
}

void FeasibilityPump::search_around(const NodeContext& ctx, const std::vector<double>& closest,
                                    const std::vector<int>& integers, const std::vector<int>& general,
                                    const SolutionSink& submit) {
  const core::Model& model = ctx.model;
  const int n = model.num_cols();
  core::Model box = model;  // the model with the node's bounds
  box.col_lower = ctx.lower;
  box.col_upper = ctx.upper;
  // RINS's sub-MIP limits, no start solution, and the generic reliability branching.
  SubMipSettings settings;
  settings.node_limit = p_.sub_mip_node_limit;
  settings.lp_iterations_per_column = p_.sub_mip_lp_iterations_per_column;
  settings.time_limit_seconds = std::min(p_.sub_mip_time_limit_seconds, ctx.seconds_left);
  settings.reliability = ReliabilityParameters{}.reliability;
  const std::vector<double> no_start;

  // First the fixings on which the closest point and the node's LP agree, on the true objective.
  core::Model fixed_model = box;
  int fixed = 0;
  for (int j : integers) {
    const double v = std::round(closest[j]);
    if (std::abs(closest[j] - v) > core::tol::kIntegrality) continue;
    if (std::abs(ctx.lp.x[j] - v) > core::tol::kIntegrality) continue;
    fixed_model.col_lower[j] = fixed_model.col_upper[j] = std::clamp(v, ctx.lower[j], ctx.upper[j]);
    ++fixed;
  }
  sub_mip_nodes_ = 0;
  if (fixed >= p_.min_fixing_rate * static_cast<double>(integers.size())) {
    settings.known_bound = ctx.global_bound;
    const MipResult result = solve_sub_mip(fixed_model, no_start, settings, ctx.interrupt);
    sub_mip_nodes_ += result.nodes;
    if (result.objective && !result.x.empty() && submit(result.x)) return;
  }

  // Then FGL's third stage: the whole model, its objective the distance to the closest point's
  // rounding (at least 0: the search stops at a point of distance 0), nothing fixed.
  std::vector<double> rounded(closest);
  for (int j : integers) rounded[j] = std::clamp(std::round(closest[j]), ctx.lower[j], ctx.upper[j]);
  core::Model distance = with_distance_columns(box, general, rounded);
  distance.sense = core::ObjectiveSense::minimize;
  std::fill(distance.objective.begin(), distance.objective.end(), 0.0);
  distance.objective_constant = 0.0;
  for (int j : integers) {
    if (ctx.upper[j] - ctx.lower[j] > 1.0) continue;  // a general column: its distance column
    if (rounded[j] == ctx.lower[j]) {
      distance.objective[j] = 1.0;
      distance.objective_constant -= ctx.lower[j];
    } else {
      distance.objective[j] = -1.0;
      distance.objective_constant += ctx.upper[j];
    }
  }
  for (std::size_t k = 0; k < general.size(); ++k) distance.objective[n + 2 * k + 1] = 1.0;
  settings.known_bound = 0.0;
  const MipResult result = solve_sub_mip(distance, no_start, settings, ctx.interrupt);
  sub_mip_nodes_ += result.nodes;
  if (result.objective && result.x.size() >= static_cast<std::size_t>(n))
    submit(std::vector<double>(result.x.begin(), result.x.begin() + n));
}

}  // namespace fleetopt::mip
