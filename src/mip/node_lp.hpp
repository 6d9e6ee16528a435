// Private to the mip layer: the one LP of a branch-and-bound run (lp::LpSolver over the model),
// with the column bounds it currently has, the objective cutoff, the time left, and the work
// (iterations, seconds) charged to what asked for each solve.
#pragma once

#include <memory>
#include <optional>
#include <vector>

#include "fleetopt/core/model.hpp"
#include "fleetopt/core/timer.hpp"
#include "fleetopt/lp/dual_step_bounds.hpp"
#include "fleetopt/lp/lp_solver.hpp"

namespace fleetopt::mip {

enum class LpWork { root, node, strong_branching, heuristic, count };

class NodeLp {
 public:
  // `deadline_seconds` is measured on `clock` (the branch-and-bound's timer).
  NodeLp(const core::Model& model, lp::LpOptions options, const core::Timer& clock, double deadline_seconds);

  const core::Model& model() const { return model_; }
  double lower(int j) const { return lower_[j]; }
  double upper(int j) const { return upper_[j]; }
  const std::vector<double>& lowers() const { return lower_; }
  const std::vector<double>& uppers() const { return upper_; }
  // Changes column j's bounds in the LP (nothing happens if they are unchanged).
  void set_bounds(int j, double lower, double upper);
  // After the LP layer failed mid-change (an exception while a probe put the node back): the
  // solver may disagree with the bounds recorded here, so these are set on the record alone and
  // the next solve() starts over from the record (rebuild), never from the solver's state.
  void set_recorded_bounds(int j, double lower, double upper) {
    lower_[j] = lower;
    upper_[j] = upper;
    stale_ = true;
  }
  void mark_stale() { stale_ = true; }

  // From now on, a rebuild included, the LP is solved without scaling and cost perturbation (the
  // solver is made anew, unscaled, and given its basis and pricing weights again).
  void unscale_and_unperturb();
  // Objective cutoff in the model's sense (+-infinity: none), used by every following solve.
  void set_cutoff(double value);
  double cutoff() const { return cutoff_; }

  std::vector<lp::VarStatus> basis() const { return solver_->basis(); }
  void set_basis(const std::vector<lp::VarStatus>& basis) { solver_->set_basis(basis); }
  std::vector<float> edge_weights() const { return solver_->edge_weights(); }
  void set_basis(const std::vector<lp::VarStatus>& basis, const std::vector<float>& edge_weights) {
    solver_->set_basis(basis, edge_weights);
  }
  lp::LpCheckpoint checkpoint() const { return solver_->checkpoint(); }
  bool restore(const lp::LpCheckpoint& saved) { return solver_->restore(saved); }

  // Solves with at most `iteration_limit` iterations (< 0: none) within the time left, charging
  // the work to `work`.
  lp::LpStatus solve(LpWork work, long long iteration_limit = -1);
  const lp::LpResult& result() const { return relaxed_ ? relaxed_->result() : solver_->result(); }
  // Throws the factorization, basis and edge weights away and starts over from the slack basis
  // with the current bounds (after numerical trouble).
  void rebuild();
  // The last resort after numerical trouble: solves the model WITHOUT the root cuts (a weaker
  // relaxation with the same columns, set by set_relaxation) with the current bounds, cold. Its
  // answer is what result() returns until the next solve().
  void set_relaxation(const core::Model& without_cuts) { relaxation_ = without_cuts; }
  lp::LpStatus solve_relaxation(LpWork work);
  // True when there is a relaxation to fall back on (the model has root cuts).
  bool has_relaxation() const { return relaxation_.has_value(); }

  // The LP solver's options in effect (lp::LpSolver::options): scaling or the cost perturbation
  // may have been turned off by an earlier solve's trouble.
  const lp::LpOptions& solver_options() const { return solver_->options(); }

  // The solver of the last solve, for copies of its state (strong_branching_probes.hpp): null when
  // that answer came from the relaxation without cuts, or the solver is to be made anew first.
  const lp::LpSolver* solver_for_copies() const { return stale_ || relaxed_ ? nullptr : solver_.get(); }
  // lp::split_dual_step_bounds on the solver's current basis; false when the last answer came
  // from the relaxation without cuts or the solver is to be made anew.
  bool split_dual_step_bounds(const lp::LpResult& answer, int column, double down_upper, double up_lower,
                              double prove_from, lp::SplitDualStepBounds& out, lp::DualStepScratch& scratch) {
    return !stale_ && !relaxed_ &&
           lp::split_dual_step_bounds(*solver_, answer, column, down_upper, up_lower, prove_from, out, scratch);
  }
  // Work done on copies of this LP (strong_branching_probes.hpp), charged to `work`.
  void charge(LpWork work, long long iterations, double seconds) {
    iterations_[static_cast<int>(work)] += iterations;
    seconds_[static_cast<int>(work)] += seconds;
  }
  long long iterations(LpWork work) const { return iterations_[static_cast<int>(work)]; }
  double seconds(LpWork work) const { return seconds_[static_cast<int>(work)]; }
  long long total_iterations() const;

 private:
  core::Model model_;  // with the ORIGINAL bounds; the solver holds the current ones
  lp::LpOptions options_;
  std::unique_ptr<lp::LpSolver> solver_;
  std::optional<core::Model> relaxation_;
  std::unique_ptr<lp::LpSolver> relaxed_;  // set while result() is the relaxation's answer
  std::vector<double> lower_, upper_;
  double cutoff_;
  const core::Timer& clock_;
  double deadline_;
  bool stale_ = false;  // see set_recorded_bounds
  long long iterations_[static_cast<int>(LpWork::count)] = {};
  double seconds_[static_cast<int>(LpWork::count)] = {};
};

}  // namespace fleetopt::mip
