#include "fleetopt/lp/lp_solver.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "fleetopt/core/timer.hpp"
#include "fleetopt/core/tolerances.hpp"
#include "fleetopt/lp/certificates.hpp"
#include "simplex_engine.hpp"

namespace fleetopt::lp {
namespace {

// How many times a solve may restart (refactorize, drop perturbation) after its answer failed the
// unscaled verification before it reports numerical_trouble.
constexpr int kMaxRestarts = 3;
// Farkas multipliers (and primal ray entries) below this share of the largest are rounding noise
// of the BTRAN and are set to 0 before the check: a -4e-16 on a row without a lower side made a
// valid ray fail it (the check stays exact for whatever it is given, so this cannot make it
// accept a wrong certificate).
constexpr double kFarkasMultiplierZero = 1e-12;

void zero_rounding_noise(std::vector<double>& ray) {
  double largest = 0.0;
  for (double v : ray) largest = std::max(largest, std::abs(v));
  for (double& v : ray)
    if (std::abs(v) <= kFarkasMultiplierZero * largest) v = 0.0;
}

LpStatus to_status(PhaseResult r) {
  switch (r) {
    case PhaseResult::optimal: return LpStatus::optimal;
    case PhaseResult::infeasible: return LpStatus::infeasible;
    case PhaseResult::unbounded: return LpStatus::unbounded;
    case PhaseResult::cutoff: return LpStatus::cutoff;
    case PhaseResult::iteration_limit: return LpStatus::iteration_limit;
    case PhaseResult::time_limit: return LpStatus::time_limit;
    case PhaseResult::trouble: return LpStatus::numerical_trouble;
  }
  return LpStatus::numerical_trouble;
}

double relative_to(double magnitude) { return std::max(1.0, std::abs(magnitude)); }

}  // namespace

std::string to_string(LpStatus status) {
  switch (status) {
    case LpStatus::not_solved: return "not_solved";
    case LpStatus::optimal: return "optimal";
    case LpStatus::infeasible: return "infeasible";
    case LpStatus::unbounded: return "unbounded";
    case LpStatus::cutoff: return "cutoff";
    case LpStatus::iteration_limit: return "iteration_limit";
    case LpStatus::time_limit: return "time_limit";
    case LpStatus::numerical_trouble: return "numerical_trouble";
  }
  return "unknown";
}

std::string to_string(SimplexAlgorithm algorithm) {
  switch (algorithm) {
    case SimplexAlgorithm::dual: return "dual";
    case SimplexAlgorithm::primal: return "primal";
  }
  return "unknown";
}

SimplexAlgorithm parse_simplex_algorithm(const std::string& name) {
  for (SimplexAlgorithm algorithm : {SimplexAlgorithm::dual, SimplexAlgorithm::primal})
    if (to_string(algorithm) == name) return algorithm;
  throw std::invalid_argument("unknown simplex algorithm '" + name + "' (dual, primal)");
}

LpSolver::LpSolver(const core::Model& model, LpOptions options)
    : model_(model),
      engine_(std::make_unique<SimplexEngine>(make_computational_form(model, options.scale), options)) {}

LpSolver::~LpSolver() = default;

void LpSolver::copy_state_from(const LpSolver& source) {
  if (this == &source) return;
  if (source.model_.num_rows() != model_.num_rows() || source.model_.num_cols() != model_.num_cols())
    throw std::invalid_argument("copy_state_from: the source solver's model has " +
                                std::to_string(source.model_.num_rows()) + " rows and " +
                                std::to_string(source.model_.num_cols()) + " columns, this one's " +
                                std::to_string(model_.num_rows()) + " and " + std::to_string(model_.num_cols()));
  model_.col_lower = source.model_.col_lower;
  model_.col_upper = source.model_.col_upper;
  *engine_ = *source.engine_;  // the factor is cloned, the form's matrices shared (ClonePtr, Matrices)
  result_ = source.result_;  // result() is part of what the copy shows
  // reduced_cost_size_ is scratch that every optimal solve fills before reading: not copied.
  total_iterations_ = source.total_iterations_;
}

void LpSolver::set_interrupt(const std::atomic<bool>* interrupt) { engine_->options.interrupt = interrupt; }

void LpSolver::set_cost_perturbation(bool on) { engine_->options.perturb_costs = on; }

void LpSolver::set_col_bounds(int j, double lo, double hi) {
  SimplexEngine& e = *engine_;
  if (j < 0 || j >= e.n || !(lo <= hi) || lo == core::kInfinity || hi == -core::kInfinity)
    throw std::invalid_argument("set_col_bounds: column " + std::to_string(j) + " bounds [" + std::to_string(lo) +
                                ", " + std::to_string(hi) + "] are not a nonempty interval of a column");
  e.form.set_col_bounds(j, lo, hi);
  model_.col_lower[j] = lo;
  model_.col_upper[j] = hi;
  e.lower[j] = e.form.lower[j];
  e.upper[j] = e.form.upper[j];
  if (e.where[j] != Where::kBasic) {
    const double before = e.x[j];
    e.fix_nonbasic_where(j);
    e.place_nonbasic(j);
    if (e.values_current) {
      // Keep x_B = B^-1 (b - N x_N) current: one sparse FTRAN instead of a full recomputation.
      e.shift_basic_values(j, e.x[j] - before);
      e.pending_dual_check.push_back(j);
    }
  } else if (e.values_current) {
    e.update_infeasibility(e.position[j]);
  }
}

void LpSolver::set_objective(const std::vector<double>& objective) {
  SimplexEngine& e = *engine_;
  if (static_cast<int>(objective.size()) != e.n)
    throw std::invalid_argument("set_objective: expected " + std::to_string(e.n) + " coefficients, got " +
                                std::to_string(objective.size()));
  for (int j = 0; j < e.n; ++j)
    if (!std::isfinite(objective[j]))
      throw std::invalid_argument("set_objective: coefficient of column " + std::to_string(j) + " is not finite");
  model_.objective = objective;
  for (int j = 0; j < e.n; ++j) e.form.cost[j] = e.form.sense * objective[j] * e.form.scaling.col_scale[j];
  // The next solve recomputes values and duals from the kept factors (the cold path), so that no
  // reduced cost of the old objective survives into it.
  e.values_current = false;
  e.pending_dual_check.clear();
}

double LpSolver::col_lower(int j) const { return engine_->form.lower[j] * engine_->form.scaling.col_scale[j]; }
double LpSolver::col_upper(int j) const { return engine_->form.upper[j] * engine_->form.scaling.col_scale[j]; }

void LpSolver::set_objective_cutoff(double value) {
  const SimplexEngine& e = *engine_;
  engine_->cutoff_internal =
      std::isfinite(value) ? e.form.sense * (value - model_.objective_constant) : core::kInfinity;
  // For maximisation the internal objective is the negated one, so "below the cutoff" becomes
  // "above the negated cutoff"; an infinite value disables the test either way.
}

const LpOptions& LpSolver::options() const { return engine_->options; }

void LpSolver::set_iteration_limit(long long limit) {
  constexpr long long kNone = std::numeric_limits<int>::max();
  engine_->options.iteration_limit = static_cast<int>(limit < 0 ? kNone : std::min(limit, kNone));
}
void LpSolver::set_time_limit(double seconds) { engine_->options.time_limit_seconds = seconds; }

std::vector<VarStatus> LpSolver::basis() const {
  const SimplexEngine& e = *engine_;
  std::vector<VarStatus> out(e.total);
  for (int j = 0; j < e.total; ++j) {
    const bool row = j >= e.n;
    switch (e.where[j]) {
      case Where::kBasic: out[j] = VarStatus::basic; break;
      case Where::kFree: out[j] = VarStatus::free; break;
      case Where::kAtLower:
        out[j] = e.form.lower[j] == e.form.upper[j] ? VarStatus::fixed
                 : row ? VarStatus::at_upper : VarStatus::at_lower;
        break;
      case Where::kAtUpper:
        out[j] = e.form.lower[j] == e.form.upper[j] ? VarStatus::fixed
                 : row ? VarStatus::at_lower : VarStatus::at_upper;
        break;
    }
  }
  return out;
}

void LpSolver::set_basis(const std::vector<VarStatus>& statuses) { assign_basis(statuses); }

bool LpSolver::assign_basis(const std::vector<VarStatus>& statuses) {
  SimplexEngine& e = *engine_;
  if (static_cast<int>(statuses.size()) != e.total)
    throw std::invalid_argument("set_basis: expected " + std::to_string(e.total) + " statuses");
  int basic = 0;
  for (VarStatus s : statuses) {
    // A value outside the enum (a corrupt or foreign basis) would leave a variable nowhere.
    if (static_cast<std::uint8_t>(s) > static_cast<std::uint8_t>(VarStatus::fixed))
      throw std::invalid_argument("set_basis: unknown status " + std::to_string(static_cast<int>(s)));
    basic += s == VarStatus::basic;
  }
  if (basic != e.m)
    throw std::invalid_argument("set_basis: " + std::to_string(basic) + " basic variables, need " +
                                std::to_string(e.m));
  // The basis it has already (a child solved right after its parent): keep factors and values.
  if (e.factor_valid && statuses == basis()) return false;
  int pos = 0;
  for (int j = 0; j < e.total; ++j) {
    const bool row = j >= e.n;
    e.position[j] = -1;
    switch (statuses[j]) {
      case VarStatus::basic:
        e.where[j] = Where::kBasic;
        e.position[j] = pos;
        e.basic_index[pos++] = j;
        continue;
      case VarStatus::free: e.where[j] = Where::kFree; break;
      case VarStatus::fixed: e.where[j] = Where::kAtLower; break;
      // A row at its lower activity bound is a logical at its upper bound (s = -a x).
      case VarStatus::at_lower: e.where[j] = row ? Where::kAtUpper : Where::kAtLower; break;
      case VarStatus::at_upper: e.where[j] = row ? Where::kAtLower : Where::kAtUpper; break;
    }
    e.fix_nonbasic_where(j);
    e.place_nonbasic(j);
  }
  std::fill(e.dse_weight.begin(), e.dse_weight.end(), 1.0);
  e.invalidate_chuzr();
  e.factor_valid = false;
  e.values_current = false;
  return true;
}

std::vector<float> LpSolver::edge_weights() const {
  const SimplexEngine& e = *engine_;
  std::vector<float> weights;
  weights.reserve(e.m);
  for (int j = 0; j < e.total; ++j)
    if (e.where[j] == Where::kBasic) weights.push_back(static_cast<float>(e.dse_weight[e.position[j]]));
  return weights;
}

void LpSolver::set_basis(const std::vector<VarStatus>& statuses, const std::vector<float>& edge_weights) {
  SimplexEngine& e = *engine_;
  if (static_cast<int>(edge_weights.size()) != e.m)
    throw std::invalid_argument("set_basis: " + std::to_string(edge_weights.size()) + " edge weights, need " +
                                std::to_string(e.m));
  if (!assign_basis(statuses)) return;  // the solver's own basis: its weights are current
  // assign_basis numbers the basic variables in increasing index, as edge_weights() lists them.
  for (int i = 0; i < e.m; ++i) {
    const double w = edge_weights[i];
    e.dse_weight[i] = std::isfinite(w) && w > 0.0 ? w : 1.0;
  }
}

LpCheckpoint LpSolver::checkpoint() const {
  const SimplexEngine& e = *engine_;
  LpCheckpoint c;
  c.statuses_ = basis();
  c.engine_id_ = e.id;
  c.factorizations_ = e.factor->factorizations();
  c.updates_ = e.factor->updates_since_refactor();
  c.factor_valid_ = e.factor_valid;
  c.values_current_ = e.values_current && e.pending_dual_check.empty();
  c.perturbed_ = e.perturbed;
  c.costs_shifted_ = e.costs_shifted;
  c.basic_index_ = e.basic_index;
  c.position_ = e.position;
  c.infeasible_positions_ = e.infeasible_positions;
  c.where_.resize(e.where.size());
  for (size_t j = 0; j < e.where.size(); ++j) c.where_[j] = static_cast<std::uint8_t>(e.where[j]);
  c.listed_infeasible_ = e.listed_infeasible;
  c.x_ = e.x;
  c.dual_ = e.dual;
  c.cost_ = e.cost;
  c.dse_weight_ = e.dse_weight;
  c.infeasibility_ = e.infeasibility;
  return c;
}

bool LpSolver::restore(const LpCheckpoint& c) {
  SimplexEngine& e = *engine_;
  // The factors must be the checkpoint's plus updates only; dropping those updates returns them
  // to the checkpoint's basis exactly.
  const bool exact = c.factor_valid_ && c.engine_id_ == e.id && e.factor->factorizations() == c.factorizations_ &&
                     e.factor->drop_updates_after(c.updates_);
  if (!exact) {
    // The factors were rebuilt since: factorize the checkpoint's basis now, so that a caller
    // taking a new checkpoint gets one it can return to exactly.
    set_basis(c.statuses_);
    if (c.engine_id_ == e.id && c.dse_weight_.size() == static_cast<std::size_t>(e.m)) {
      // The checkpoint's pricing weights, by variable (set_basis numbered the positions anew):
      // the node LP that continues from here (a plunged child) keeps its pricing.
      for (int p = 0; p < e.m; ++p) {
        const int j = c.basic_index_[p];
        if (e.where[j] == Where::kBasic) e.dse_weight[e.position[j]] = c.dse_weight_[p];
      }
    }
    e.lower = e.form.lower;
    e.upper = e.form.upper;
    if (e.refactor()) {
      e.compute_primal();
      e.remove_cost_changes();  // the true costs, and the duals from them
    }
    return false;
  }
  e.basic_index = c.basic_index_;
  e.position = c.position_;
  e.infeasible_positions = c.infeasible_positions_;
  for (size_t j = 0; j < e.where.size(); ++j) e.where[j] = static_cast<Where>(c.where_[j]);
  e.listed_infeasible = c.listed_infeasible_;
  e.x = c.x_;
  e.dual = c.dual_;
  e.cost = c.cost_;
  e.dse_weight = c.dse_weight_;
  e.infeasibility = c.infeasibility_;
  e.invalidate_chuzr();
  e.lower = e.form.lower;
  e.upper = e.form.upper;
  e.perturbed = c.perturbed_;
  e.costs_shifted = c.costs_shifted_;
  e.factor_valid = true;
  e.pending_dual_check.clear();
  // The values belong to the checkpoint's bounds: current only if the caller has put those back
  // (or will, through set_col_bounds, which then keeps them current).
  e.values_current = c.values_current_;
  return true;
}

LpStatus LpSolver::solve() {
  LpStatus status = solve_with_engine();
  if (status == LpStatus::numerical_trouble && engine_->options.scale) {
    // The scaled problem was solved but its answer does not verify on the unscaled model (a
    // scaled residual of 1e-9 grows by 1 / R_i in a row scaled down by R_i). Solve once more
    // without scaling, warm from the same basis; this engine then stays unscaled.
    // The answer reports the work of both solves: iterations, refactorizations and seconds.
    const core::Timer retry_clock;
    const std::vector<VarStatus> statuses = basis();
    LpOptions unscaled = engine_->options;
    unscaled.scale = false;
    const double cutoff = engine_->cutoff_internal;
    const LpResult scaled = result_;
    // The time limit holds for the two solves together (only for this one: the engine keeps the
    // caller's limit for later solves).
    const double time_limit = unscaled.time_limit_seconds;
    unscaled.time_limit_seconds = std::max(0.0, time_limit - scaled.seconds);
    engine_ = std::make_unique<SimplexEngine>(make_computational_form(model_, false), unscaled);
    engine_->cutoff_internal = cutoff;
    set_basis(statuses);
    status = solve_with_engine();
    engine_->options.time_limit_seconds = time_limit;
    result_.iterations += scaled.iterations;
    result_.dual_iterations += scaled.dual_iterations;
    result_.primal_iterations += scaled.primal_iterations;
    result_.refactorizations += scaled.refactorizations;
    result_.seconds = scaled.seconds + retry_clock.seconds();
  }
  return status;
}

LpStatus LpSolver::solve_with_engine() {
  SimplexEngine& e = *engine_;
  e.timer.reset();
  e.iterations = e.dual_iterations = e.primal_iterations = 0;
  e.refactorizations = 0;
  result_ = LpResult{};
  const double dual_tol = core::tol::kDualFeasibility;

  auto finish = [&](LpStatus status) {
    result_.status = status;
    if (status == LpStatus::cutoff || status == LpStatus::iteration_limit || status == LpStatus::time_limit)
      result_.dual_bound = current_dual_bound();
    result_.iterations = e.iterations;
    result_.dual_iterations = e.dual_iterations;
    result_.primal_iterations = e.primal_iterations;
    result_.refactorizations = e.refactorizations;
    total_iterations_ += e.iterations;
    result_.seconds = e.timer.seconds();
    return status;
  };

  PhaseResult outcome = PhaseResult::trouble;
  for (int attempt = 0; attempt <= kMaxRestarts; ++attempt) {
    // Warm: only bounds changed since a verified optimum, and set_col_bounds kept x current; the
    // duals are those of the same basis and costs. A restart is never warm.
    const bool warm = attempt == 0 && e.values_current && e.factor_valid;
    e.values_current = false;  // set again only by a verified optimal answer
    // A failed check on a warm start is the fault of the incremental values, not of the
    // perturbation: the restart recomputes everything but keeps perturbing. (The LU pivot
    // threshold is not tightened here: in the MIP tests such restarts came 3,439 times, from
    // certificates and tolerances rather than from the LU; see the trouble case below.)
    const auto distrust_perturbation = [&] {
      if (!warm) e.options.perturb_costs = false;
    };
    // A nonbasic column whose reduced cost has the wrong sign moves to its other bound when it is
    // boxed (warm: x_B follows by one FTRAN; cold: compute_primal comes later anyway); one that
    // is not needs phase 1.
    bool need_phase1 = false;
    const auto restore_dual_feasibility = [&](int j) {
      if (e.dual_infeasibility(j) <= dual_tol) return;
      if (!std::isfinite(e.lower[j]) || !std::isfinite(e.upper[j])) {
        need_phase1 = true;
        return;
      }
      const double before = e.x[j];
      e.where[j] = e.where[j] == Where::kAtLower ? Where::kAtUpper : Where::kAtLower;
      e.place_nonbasic(j);
      if (warm) e.shift_basic_values(j, e.x[j] - before);
    };
    if (warm) {
      for (int j : e.pending_dual_check) restore_dual_feasibility(j);
    } else {
      e.lower = e.form.lower;
      e.upper = e.form.upper;
      e.cost = e.form.cost;  // before set_slack_basis below, which places columns by cost sign
      e.perturbed = false;
      e.costs_shifted = false;
      for (int j = 0; j < e.total; ++j)
        if (e.where[j] != Where::kBasic) {
          e.fix_nonbasic_where(j);
          e.place_nonbasic(j);
        }
      if ((!e.factor_valid || attempt > 0) && !e.refactor()) {
        e.set_slack_basis();
        if (!e.refactor()) return finish(LpStatus::numerical_trouble);
      }
      e.compute_primal();
      e.compute_duals();
      // The primal simplex needs no dual feasibility; moving columns would cost it the primal
      // feasibility of a given basis (the feasibility pump's re-solves after set_objective).
      if (e.options.algorithm != SimplexAlgorithm::primal)
        for (int j = 0; j < e.total; ++j) restore_dual_feasibility(j);
    }
    e.pending_dual_check.clear();
    // SimplexAlgorithm::primal takes the path of the dual-infeasible case below: no dual phase 1.
    bool dual_infeasible = !warm && e.options.algorithm == SimplexAlgorithm::primal;
    if (need_phase1 && !dual_infeasible) {
      const PhaseResult p1 = e.dual_phase1();
      if (p1 == PhaseResult::unbounded) {
        dual_infeasible = true;
      } else if (p1 == PhaseResult::infeasible || p1 == PhaseResult::trouble) {
        // The auxiliary problem is feasible (x = 0) by construction: this is numerical trouble.
        distrust_perturbation();
        continue;
      } else if (p1 != PhaseResult::optimal) {
        return finish(to_status(p1));
      }
    }
    if (!warm || need_phase1) e.compute_primal();

    if (dual_infeasible) {
      // No dual feasible basis (or the primal simplex asked for): find a primal feasible one with
      // the dual simplex on zero costs, then let the primal simplex decide between optimal and
      // unbounded.
      std::fill(e.cost.begin(), e.cost.end(), 0.0);
      e.compute_duals();
      const double saved_cutoff = e.cutoff_internal;
      e.cutoff_internal = core::kInfinity;
      outcome = e.dual_phase2();
      e.cutoff_internal = saved_cutoff;
      if (outcome == PhaseResult::optimal) {
        e.remove_cost_changes();
        outcome = e.primal_phase2();
      }
    } else {
      // A warm re-solve is short and starts next to its optimum: it runs on the true costs (a
      // perturbation would cost two passes over the model, and removing it often a primal
      // clean-up).
      if (e.options.perturb_costs && !warm) {
        e.perturb_costs();
        e.compute_duals();
        if (e.make_dual_feasible_by_shifting()) e.compute_primal();
      }
      outcome = e.dual_phase2();
      if (outcome == PhaseResult::optimal && (!warm || e.perturbed || e.costs_shifted)) {
        // Without perturbation or shifts the ratio test kept every reduced cost feasible; the
        // check on the model below confirms it.
        if (e.perturbed || e.costs_shifted) e.remove_cost_changes();
        if (e.max_dual_infeasibility() > dual_tol) outcome = e.primal_phase2();
      }
    }
    if (outcome == PhaseResult::optimal && !warm) {
      // Fresh values, recomputed from the current factors (with their updates) and checked;
      // only if they fail is the basis refactorized and they are recomputed once more. A warm
      // re-solve of a few iterations thus costs no refactorization (measured on MIPLIB's vpm2,
      // refactorizing after every node LP took 30% of the branch-and-bound's time).
      e.compute_primal();
      e.compute_duals();
      const auto values_hold = [&] {
        return e.max_primal_infeasibility() <= core::tol::kPrimalFeasibility && e.max_dual_infeasibility() <= dual_tol;
      };
      if (!values_hold() && e.factor->updates_since_refactor() > 0) {
        if (!e.refactor()) continue;
        e.compute_primal();
        e.compute_duals();
      }
      if (!values_hold()) {
        distrust_perturbation();
        continue;
      }
    }
    // Translate and verify on the unscaled model.
    const auto& cs = e.form.scaling.col_scale;
    const auto& rs = e.form.scaling.row_scale;
    const int n = e.n, m = e.m;
    if (outcome == PhaseResult::infeasible) {
      result_.farkas_row_multipliers.assign(m, 0.0);
      for (int i = 0; i < m; ++i) result_.farkas_row_multipliers[i] = rs[i] * e.farkas_y[i];
      zero_rounding_noise(result_.farkas_row_multipliers);
      if (is_farkas_certificate(model_, result_.farkas_row_multipliers) ||
          repair_farkas_ray(model_, result_.farkas_row_multipliers))
        return finish(LpStatus::infeasible);
      distrust_perturbation();
      continue;
    }
    if (outcome == PhaseResult::unbounded) {
      result_.primal_ray.assign(n, 0.0);
      for (int j = 0; j < n; ++j) result_.primal_ray[j] = cs[j] * e.ray[j];
      zero_rounding_noise(result_.primal_ray);  // the same noise as in a Farkas ray
      result_.x.assign(n, 0.0);
      for (int j = 0; j < n; ++j) result_.x[j] = cs[j] * e.x[j];
      if (is_primal_ray(model_, result_.primal_ray) &&
          max_primal_violation(model_, result_.x) <= core::tol::kPrimalFeasibility)
        return finish(LpStatus::unbounded);
      distrust_perturbation();
      continue;
    }
    if (outcome == PhaseResult::trouble) {
      // Pivots that kept disagreeing, or a basis that would not factorize: restart from a fresh
      // factorization with stabler pivots, without perturbation.
      e.factor->tighten_pivot_threshold();
      e.options.perturb_costs = false;
      continue;
    }
    if (outcome != PhaseResult::optimal) return finish(to_status(outcome));

    // Optimal: report and verify.
    result_.x.assign(n, 0.0);
    for (int j = 0; j < n; ++j) {
      double v = cs[j] * e.x[j];
      // Nonbasic values sit exactly on their unscaled bounds.
      if (e.where[j] == Where::kAtLower) v = model_.col_lower[j];
      if (e.where[j] == Where::kAtUpper) v = model_.col_upper[j];
      result_.x[j] = v;
    }
    result_.row_activity = model_.row_activity(result_.x);
    result_.objective = model_.objective_value(result_.x);
    // Duals: y = sense * R y' with B^T y' = c_B, then d = c - A^T y on the unscaled model. Cold,
    // y' comes from a BTRAN; warm, from the logicals' reduced costs the iterations kept up to
    // date (d_{n+i} = c_{n+i} - y'_i), which saves a dense BTRAN per node. Either way the check
    // below recomputes d from y on the model itself, so drift can fail it but not fool it.
    result_.row_dual.assign(m, 0.0);
    if (warm) {
      for (int i = 0; i < m; ++i) result_.row_dual[i] = e.form.sense * rs[i] * (e.cost[n + i] - e.dual[n + i]);
    } else {
      e.row_ep.clear();
      for (int i = 0; i < m; ++i)
        if (e.cost[e.basic_index[i]] != 0.0) e.row_ep.set(i, e.cost[e.basic_index[i]]);
      e.factor->btran(e.row_ep);
      for (int i = 0; i < m; ++i) result_.row_dual[i] = e.form.sense * rs[i] * e.row_ep[i];
      e.row_ep.clear();
    }
    // One pass over A gives the reduced costs and the proven bound of these duals.
    const double dual_bound =
        reduced_costs_and_lagrangian_bound(model_, result_.row_dual, result_.reduced_cost, reduced_cost_size_);
    bool dual_ok = true;
    const double primal_violation = max_primal_violation(model_, result_.x, result_.row_activity);
    for (int j = 0; j < n; ++j) {
      const double ds = e.form.sense * result_.reduced_cost[j];  // in minimisation terms
      const double tol = dual_tol * relative_to(reduced_cost_size_[j]);
      const bool at_lo = result_.x[j] <= model_.col_lower[j], at_hi = result_.x[j] >= model_.col_upper[j];
      if ((ds < -tol && !at_hi) || (ds > tol && !at_lo)) dual_ok = false;
    }
    if (primal_violation <= core::tol::kPrimalFeasibility && dual_ok) {
      result_.dual_bound = dual_bound;
      e.values_current = true;  // the next solve after bound changes may start warm
      return finish(LpStatus::optimal);
    }
    distrust_perturbation();
  }
  return finish(LpStatus::numerical_trouble);
}

double LpSolver::start_tableau_row(int variable) {
  SimplexEngine& e = *engine_;
  if (variable < 0 || variable >= e.total || e.where[variable] != Where::kBasic || !e.factor_valid) return 0.0;
  // Row r of B^-1 [A' I] (scaled): alpha = e_r^T B^-1 [A' I], and [A' I] v' = 0 with v' = (x', s').
  e.row_ep.clear();
  e.row_ep.set(e.position[variable], 1.0);
  e.factor->btran(e.row_ep);
  // x'_j = x_j / C_j and s'_i = -R_i r_i turn alpha into coefficients of (x, r); the variable's
  // own coefficient is then this.
  return variable < e.n ? 1.0 / e.form.scaling.col_scale[variable] : -e.form.scaling.row_scale[variable - e.n];
}

bool LpSolver::tableau_row(int variable, std::vector<double>& row) {
  SimplexEngine& e = *engine_;
  const double own = start_tableau_row(variable);
  if (own == 0.0) return false;
  const auto& cs = e.form.scaling.col_scale;
  const auto& rs = e.form.scaling.row_scale;
  const auto& a = e.form.matrix();
  row.assign(e.total, 0.0);
  for (int j = 0; j < e.n; ++j) {
    if (e.where[j] == Where::kBasic) continue;
    double s = 0.0;
    for (int k = a.col_start[j]; k < a.col_start[j + 1]; ++k) s += a.value[k] * e.row_ep[a.row_index[k]];
    row[j] = s / cs[j];
  }
  for (int i = 0; i < e.m; ++i)
    if (e.where[e.n + i] != Where::kBasic) row[e.n + i] = -e.row_ep[i] * rs[i];
  e.row_ep.clear();
  for (double& v : row) v /= own;
  row[variable] = 1.0;
  return true;
}

bool LpSolver::tableau_row_entries(int variable, std::vector<int>& index, std::vector<double>& value) {
  SimplexEngine& e = *engine_;
  index.clear();
  value.clear();
  const double own = start_tableau_row(variable);
  if (own == 0.0) return false;
  e.compute_pivot_row();
  const auto& cs = e.form.scaling.col_scale;
  const auto& rs = e.form.scaling.row_scale;
  // As in tableau_row, then the row scaled to 1 on `variable`.
  const auto put = [&](int k, double v) {
    if (v == 0.0 || k == variable || e.where[k] == Where::kBasic) return;
    index.push_back(k);
    value.push_back(v / own);
  };
  if (e.pivot_row_cols.is_sparse()) {
    for (int j : e.pivot_row_cols.indices()) put(j, e.pivot_row_cols[j] / cs[j]);
  } else {
    for (int j = 0; j < e.n; ++j) put(j, e.pivot_row_cols[j] / cs[j]);
  }
  if (e.row_ep.is_sparse()) {
    for (int i : e.row_ep.indices()) put(e.n + i, -e.row_ep[i] * rs[i]);
  } else {
    for (int i = 0; i < e.m; ++i) put(e.n + i, -e.row_ep[i] * rs[i]);
  }
  e.row_ep.clear();
  e.pivot_row_cols.clear();
  return true;
}

double LpSolver::current_dual_bound() {
  SimplexEngine& e = *engine_;
  const double no_information = model_.sense == core::ObjectiveSense::minimize ? -core::kInfinity : core::kInfinity;
  if (!e.factor_valid) return no_information;
  // y' from B^T y' = c_B with the TRUE costs (the working ones may be perturbed or shifted), then
  // y = sense * R y' on the unscaled model, as for an optimal answer.
  e.row_ep.clear();
  for (int i = 0; i < e.m; ++i)
    if (e.form.cost[e.basic_index[i]] != 0.0) e.row_ep.set(i, e.form.cost[e.basic_index[i]]);
  e.factor->btran(e.row_ep);
  std::vector<double> y(e.m, 0.0);
  for (int i = 0; i < e.m; ++i) y[i] = e.form.sense * e.form.scaling.row_scale[i] * e.row_ep[i];
  e.row_ep.clear();
  const double bound = lagrangian_bound(model_, y);
  result_.row_dual = std::move(y);
  return bound;
}

LpResult solve_lp(const core::Model& model, LpOptions options) {
  LpSolver solver(model, std::move(options));
  solver.solve();
  return solver.result();
}

}  // namespace fleetopt::lp
