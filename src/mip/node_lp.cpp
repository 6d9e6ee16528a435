#include "node_lp.hpp"

#include <algorithm>
#include <exception>

#include "fleetopt/mip/node_context.hpp"

namespace fleetopt::mip {

NodeLp::NodeLp(const core::Model& model, lp::LpOptions options, const core::Timer& clock, double deadline_seconds)
    : model_(model),
      options_(std::move(options)),
      solver_(std::make_unique<lp::LpSolver>(model, options_)),
      lower_(model.col_lower),
      upper_(model.col_upper),
      cutoff_(model.sense == core::ObjectiveSense::minimize ? core::kInfinity : -core::kInfinity),
      clock_(clock),
      deadline_(deadline_seconds) {}

void NodeLp::set_bounds(int j, double lo, double hi) {
  if (lower_[j] == lo && upper_[j] == hi) return;
  solver_->set_col_bounds(j, lo, hi);
  lower_[j] = lo;
  upper_[j] = hi;
}

void NodeLp::set_cutoff(double value) {
  cutoff_ = value;
  solver_->set_objective_cutoff(value);
}

lp::LpStatus NodeLp::solve(LpWork work, long long iteration_limit) {
  if (stale_) rebuild();
  solver_->set_iteration_limit(iteration_limit);
  solver_->set_time_limit(std::max(0.0, deadline_ - clock_.seconds()));
  relaxed_.reset();
  const lp::LpStatus status = solver_->solve();
  iterations_[static_cast<int>(work)] += solver_->result().iterations;
  seconds_[static_cast<int>(work)] += solver_->result().seconds;
  return status;
}

void NodeLp::unscale_and_unperturb() {
  options_.perturb_costs = false;
  if (!options_.scale) {
    solver_->set_cost_perturbation(false);
    return;
  }
  options_.scale = false;
  const std::vector<lp::VarStatus> basis = solver_->basis();
  const std::vector<float> weights = solver_->edge_weights();
  rebuild();
  solver_->set_basis(basis, weights);
}

void NodeLp::rebuild() {
  core::Model current = model_;
  current.col_lower = lower_;
  current.col_upper = upper_;
  solver_ = std::make_unique<lp::LpSolver>(current, options_);
  solver_->set_objective_cutoff(cutoff_);
  stale_ = false;
}

lp::LpStatus NodeLp::solve_relaxation(LpWork work) {
  relaxed_.reset();
  if (!relaxation_) return lp::LpStatus::numerical_trouble;
  core::Model current = *relaxation_;
  current.col_lower = lower_;
  current.col_upper = upper_;
  relaxed_ = std::make_unique<lp::LpSolver>(current, options_);
  relaxed_->set_time_limit(std::max(0.0, deadline_ - clock_.seconds()));
  const lp::LpStatus status = relaxed_->solve();
  iterations_[static_cast<int>(work)] += relaxed_->result().iterations;
  seconds_[static_cast<int>(work)] += relaxed_->result().seconds;
  return status;
}

long long NodeLp::total_iterations() const {
  long long total = 0;
  for (long long it : iterations_) total += it;
  return total;
}

// --- LpProbe ---

LpProbe::LpProbe(NodeLp& lp, Purpose purpose) : lp_(lp), purpose_(purpose), saved_(lp.checkpoint()) {}

LpProbe::~LpProbe() {
  try {
    restore();
  } catch (...) {
    // A destructor must not throw (it may run while another exception unwinds). restore() left
    // the node's LP marked stale with the node's bounds recorded: the next solve starts over.
  }
}

void LpProbe::set_bounds(int j, double lower, double upper) {
  // Every change is recorded, repeats included: restore() replays them backwards, so a column
  // changed twice ends at the bounds it had before the first change (no lookup per change).
  changed_.push_back(j);
  saved_lower_.push_back(lp_.lower(j));
  saved_upper_.push_back(lp_.upper(j));
  lp_.set_bounds(j, lower, upper);
}

double LpProbe::lower(int j) const { return lp_.lower(j); }
double LpProbe::upper(int j) const { return lp_.upper(j); }

std::vector<lp::VarStatus> LpProbe::basis() const { return lp_.basis(); }
const core::Model& LpProbe::lp_model() const { return lp_.model(); }

void LpProbe::set_basis(const std::vector<lp::VarStatus>& statuses) {
  lp_.set_basis(statuses);  // throws before changing anything when the basis is refused
  solved_ = true;           // the basis changed: restore() must put the node's back
}

lp::LpStatus LpProbe::solve(long long iteration_limit) {
  solved_ = true;
  return lp_.solve(purpose_ == Purpose::strong_branching ? LpWork::strong_branching : LpWork::heuristic,
                   iteration_limit);
}

const lp::LpResult& LpProbe::result() const { return lp_.result(); }

void LpProbe::restore() {
  // The basis changes only when the probe solved or set one. The checkpoint comes back first: its values
  // belong to the node's bounds, so putting those back then moves nothing.
  bool fell_back = false;
  std::exception_ptr failure;
  try {
    if (solved_) fell_back = !lp_.restore(saved_);
    for (std::size_t k = changed_.size(); k-- > 0;) lp_.set_bounds(changed_[k], saved_lower_[k], saved_upper_[k]);
  } catch (...) {
    // The LP layer failed (e.g. refactorizing the node's basis): its state is unknown. The node's
    // bounds go back on the record, and its LP will be made anew from them, so that nothing of
    // this probe survives into the node's next solve. The error goes on to the caller.
    failure = std::current_exception();
    for (std::size_t k = changed_.size(); k-- > 0;)
      lp_.set_recorded_bounds(changed_[k], saved_lower_[k], saved_upper_[k]);
    lp_.mark_stale();
  }
  changed_.clear();
  saved_lower_.clear();
  saved_upper_.clear();
  // The probe's solves refactorized: the node's basis was factorized again, with the node's
  // bounds now back; a new checkpoint makes the next restore exact again.
  solved_ = false;
  if (failure) std::rethrow_exception(failure);
  if (fell_back) saved_ = lp_.checkpoint();
}

}  // namespace fleetopt::mip
