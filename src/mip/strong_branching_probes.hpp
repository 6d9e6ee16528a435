// Strong branching's child LPs solved on copies of the node's LP, two at a time with a second
// thread (MipOptions::parallel_strong_branching).
//
// Reliability branching (branch_reliability.hpp) solves the LPs of both children of its
// unreliable candidates, one candidate after the other, each from the node's LP with a small
// iteration limit. On coupled fleets of 20 assets or 96 steps that is half of the search's time
// (docs/fleet-structure.md section 8), on one core. Here every child LP starts from an exact copy
// of the node's LP as the node's solve left it (lp::LpSolver::copy_state_from: bounds, basis,
// factors with their updates, pricing weights, perturbation, cutoff) on a solver of the thread
// that solves it, so a child's answer is a function of the node's LP and the child's bound alone.
// The child LPs can then be solved on two threads with the answers of one: the rule asks for
// candidate k's children (get), in its order; the search solves each unless the second thread
// has taken it, and the second thread takes the next child LP nobody has taken, up to the next
// candidate's down child (so with one unreliable candidate its two children run side by side;
// while the second thread works, the search solves the next child rather than wait). Where the
// rule stops (lookahead, budget, bound changes) a child LP solved beyond that point is dropped
// and counts nowhere. The branching, and so the search, is the same on any number of threads;
// with one, the search solves every child LP itself, on its copy.
//
// Before, strong branching probed the node's LP itself and put it back from a checkpoint, which
// falls back to a refactorization when a probe refactorized: a later probe's start then depended
// on what the earlier probes did. Starting each from the copy costs O(m + n) plus the factors.
#pragma once

#include <atomic>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "fleetopt/core/timer.hpp"
#include "fleetopt/lp/lp_solver.hpp"

namespace fleetopt::mip {

// One child LP's raw answer (the branching rule interprets it).
struct ChildLpAnswer {
  bool empty_domain = false;  // the child's box is empty: no LP was solved
  lp::LpStatus status = lp::LpStatus::not_solved;
  double objective = 0.0;
  double dual_bound = 0.0;  // lp::LpResult::dual_bound
  long long iterations = 0;
  double seconds = 0.0;
};

struct ChildPairAnswer {
  ChildLpAnswer down, up;
};

// A candidate of a node's strong branching: column j with LP value `value`, and the node's bounds
// of j (the children's boxes are [lower, floor(value)] and [ceil(value), upper]).
struct StrongBranchingCandidate {
  int column = -1;
  double value = 0.0;
  double lower = 0.0, upper = 0.0;
};

class StrongBranchingProbes {
 public:
  // `clock` and `deadline_seconds` bound every child LP (they stop at the deadline: the branching
  // rule then stops strong branching). With `second_thread` a thread solves child LPs beside the
  // search; `on_active` (may be empty) is called with true when a node's strong branching starts
  // and with false when it ends (the branch-and-bound pauses its LPs ahead meanwhile).
  StrongBranchingProbes(const core::Timer& clock, double deadline_seconds, bool second_thread,
                        std::function<void(bool)> on_active = {});
  ~StrongBranchingProbes();
  StrongBranchingProbes(const StrongBranchingProbes&) = delete;
  StrongBranchingProbes& operator=(const StrongBranchingProbes&) = delete;

  // Whether the second thread may take child LPs in the next strong branchings (it may by
  // default): not while heuristics run beside the search on the second core. Changes no answer.
  void allow_second_thread(bool allowed) { second_thread_allowed_ = allowed; }

  // A node's strong branching over `candidates` (in the order the rule will ask for them). The
  // children's LPs copy `node_lp`, which must not change until finish(); each has at most
  // `iteration_limit` iterations (< 0: none) and stops at `interrupt` (the search's; may be null).
  void start(const lp::LpSolver& node_lp, std::vector<StrongBranchingCandidate> candidates,
             long long iteration_limit, const std::atomic<bool>* interrupt);
  // The answers of candidate k's children (0 <= k < candidates), solved here or on the second
  // thread (waited for). If the interrupt stops a wait, both children answer time_limit.
  ChildPairAnswer get(int k);
  // Ends the node's strong branching: a child LP in flight on the second thread is stopped and
  // dropped. Also done by start() and the destructor.
  void finish();

  // Child LPs the second thread solved, used or not, and its seconds.
  long long children_beside() const { return children_beside_; }
  double seconds_beside() const { return seconds_beside_; }

 private:
  // Child LPs are numbered 2k (candidate k's down child) and 2k + 1 (its up child).
  enum class ChildState { open, here, beside, done };
  void worker();
  // Solves a child LP on the solver in `solver_slot` (made, or made again, from the node's LP's
  // model when needed), from a copy of the node's LP.
  ChildLpAnswer solve_child(std::unique_ptr<lp::LpSolver>& solver_slot, int child, const std::atomic<bool>* interrupt);

  const core::Timer& clock_;
  double deadline_;
  std::function<void(bool)> on_active_;
  // The node's strong branching (set by start, read by both threads until finish).
  const lp::LpSolver* node_lp_ = nullptr;
  std::vector<StrongBranchingCandidate> candidates_;
  long long iteration_limit_ = -1;
  const std::atomic<bool>* interrupt_ = nullptr;
  // Each thread's copy of the node's LP (the search's, the second thread's).
  std::unique_ptr<lp::LpSolver> here_solver_, beside_solver_;

  std::mutex mutex_;
  std::condition_variable wake_;  // the second thread: a pair may be open, or stop
  std::condition_variable done_;  // the search: the second thread finished a pair, or went idle
  std::vector<ChildState> state_;  // per child LP, guarded by mutex_
  std::vector<ChildLpAnswer> answer_;
  int allowed_ = -1;     // the second thread may take child LPs up to this number
  bool second_thread_allowed_ = true;  // set by the search's thread only
  bool active_ = false;  // a node's strong branching is on (start .. finish)
  bool busy_ = false;    // the second thread is solving a child LP
  bool stop_ = false;
  std::atomic<bool> cancel_{false};  // stops the second thread's child LP in flight (finish)
  long long children_beside_ = 0;
  double seconds_beside_ = 0.0;
  std::thread thread_;
};

}  // namespace fleetopt::mip
