#include "strong_branching_probes.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <stdexcept>
#include <utility>

namespace fleetopt::mip {

namespace {
// A search waiting for a child LP on the second thread looks at its interrupt this often.
constexpr int kWaitPollMilliseconds = 20;
}  // namespace

StrongBranchingProbes::StrongBranchingProbes(const core::Timer& clock, double deadline_seconds, bool second_thread,
                                             std::function<void(bool)> on_active)
    : clock_(clock), deadline_(deadline_seconds), on_active_(std::move(on_active)) {
  if (second_thread) thread_ = std::thread([this] { worker(); });
}

StrongBranchingProbes::~StrongBranchingProbes() {
  finish();
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stop_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void StrongBranchingProbes::start(const lp::LpSolver& node_lp, std::vector<StrongBranchingCandidate> candidates,
                                  long long iteration_limit, const std::atomic<bool>* interrupt) {
  finish();
  {
    std::lock_guard<std::mutex> lock(mutex_);
    node_lp_ = &node_lp;
    candidates_ = std::move(candidates);
    iteration_limit_ = iteration_limit;
    interrupt_ = interrupt;
    state_.assign(2 * candidates_.size(), ChildState::open);
    answer_.assign(2 * candidates_.size(), ChildLpAnswer{});
    allowed_ = -1;
    active_ = true;
  }
  if (on_active_ && second_thread_allowed_) on_active_(true);
}

void StrongBranchingProbes::finish() {
  {
    std::unique_lock<std::mutex> lock(mutex_);
    if (!active_) return;
    active_ = false;
    cancel_.store(true);
    done_.wait(lock, [&] { return !busy_; });
    cancel_.store(false);
    node_lp_ = nullptr;
  }
  if (on_active_ && second_thread_allowed_) on_active_(false);
}

ChildPairAnswer StrongBranchingProbes::get(int k) {
  std::unique_lock<std::mutex> lock(mutex_);
  if (!active_ || k < 0 || 2 * k + 1 >= static_cast<int>(state_.size()))
    throw std::logic_error("StrongBranchingProbes::get: no such candidate in the node's strong branching");
  // The second thread may work on this candidate's children and the next candidate's down child.
  if (second_thread_allowed_ && 2 * k + 2 > allowed_) {
    allowed_ = 2 * k + 2;
    if (thread_.joinable()) wake_.notify_one();
  }
  const auto child_done = [&](int c) { return state_[c] == ChildState::done; };
  for (;;) {
    if (child_done(2 * k) && child_done(2 * k + 1)) return ChildPairAnswer{answer_[2 * k], answer_[2 * k + 1]};
    // Solve here the first open child this candidate needs, else one the second thread may not
    // reach soon (it is then ready when asked for; if never asked for, it is dropped).
    int next = -1;
    const int last = std::max(2 * k + 1, allowed_);
    for (int c = 2 * k; c <= last && c < static_cast<int>(state_.size()); ++c)
      if (state_[c] == ChildState::open) {
        next = c;
        break;
      }
    if (next >= 0) {
      state_[next] = ChildState::here;
      lock.unlock();
      const ChildLpAnswer answer = solve_child(here_solver_, next, interrupt_);
      lock.lock();
      answer_[next] = answer;
      state_[next] = ChildState::done;
      continue;
    }
    done_.wait_for(lock, std::chrono::milliseconds(kWaitPollMilliseconds),
                   [&] { return child_done(2 * k) && child_done(2 * k + 1); });
    if (!(child_done(2 * k) && child_done(2 * k + 1)) && interrupt_ != nullptr && interrupt_->load()) {
      // Stopped while waiting: the child in flight is dropped, and the rule stops strong branching.
      cancel_.store(true);
      done_.wait(lock, [&] { return !busy_; });
      cancel_.store(false);
      ChildPairAnswer stopped;
      stopped.down.status = stopped.up.status = lp::LpStatus::time_limit;
      return stopped;
    }
  }
}

void StrongBranchingProbes::worker() {
  std::unique_lock<std::mutex> lock(mutex_);
  for (;;) {
    int c = -1;
    wake_.wait(lock, [&] {
      if (stop_) return true;
      if (!active_) return false;
      for (int i = 0; i <= allowed_ && i < static_cast<int>(state_.size()); ++i)
        if (state_[i] == ChildState::open) {
          c = i;
          return true;
        }
      return false;
    });
    if (stop_) return;
    state_[c] = ChildState::beside;
    busy_ = true;
    lock.unlock();
    const core::Timer timer;
    const ChildLpAnswer answer = solve_child(beside_solver_, c, &cancel_);
    const double seconds = timer.seconds();
    lock.lock();
    busy_ = false;
    ++children_beside_;
    seconds_beside_ += seconds;
    if (active_ && !cancel_.load()) {
      answer_[c] = answer;
      state_[c] = ChildState::done;
    }
    done_.notify_all();
  }
}

ChildLpAnswer StrongBranchingProbes::solve_child(std::unique_ptr<lp::LpSolver>& solver_slot, int child,
                                                 const std::atomic<bool>* interrupt) {
  const StrongBranchingCandidate& c = candidates_[child / 2];
  const bool up = child % 2 == 1;
  ChildLpAnswer answer;
  const double lower = up ? std::ceil(c.value) : c.lower;
  const double upper = up ? c.upper : std::floor(c.value);
  if (lower > upper) {
    answer.empty_domain = true;
    return answer;
  }
  try {
    const lp::LpSolver& node = *node_lp_;
    // A copy needs a solver of the same model; the node's LP keeps its rows for the whole search,
    // but its solver may have been rebuilt: the copy takes its state whatever it is.
    if (!solver_slot || solver_slot->model().num_rows() != node.model().num_rows() ||
        solver_slot->model().num_cols() != node.model().num_cols())
      solver_slot = std::make_unique<lp::LpSolver>(node.model(), node.options());
    lp::LpSolver& solver = *solver_slot;
    solver.copy_state_from(node);
    // A child starts from the node's optimal basis one bound away. When the node's values were
    // recomputed after a probe of its heuristics, its solve counts as cold and would perturb the
    // costs: at the root of a coupled 10x24x4 fleet the first child then took 478 iterations
    // (and the retry without scaling), 61 without the perturbation.
    solver.set_cost_perturbation(false);
    solver.set_col_bounds(c.column, lower, upper);
    solver.set_iteration_limit(iteration_limit_);
    solver.set_time_limit(std::max(0.0, deadline_ - clock_.seconds()));
    solver.set_interrupt(interrupt);
    answer.status = solver.solve();
    const lp::LpResult& r = solver.result();
    answer.objective = r.objective;
    answer.dual_bound = r.dual_bound;
    answer.iterations = r.iterations;
    answer.seconds = r.seconds;
  } catch (const std::exception&) {
    // The LP layer failed on this child (the next copy starts over): strong branching learns
    // nothing from it, on whichever thread it ran.
    answer = ChildLpAnswer{};
    answer.status = lp::LpStatus::numerical_trouble;
  }
  return answer;
}

}  // namespace fleetopt::mip
