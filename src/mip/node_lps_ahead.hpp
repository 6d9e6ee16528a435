// Queued nodes' LPs solved ahead on a second thread (MipOptions::node_lps_ahead).
//
// A node taken from the queue starts its LP from its parent's final basis. On the coupled
// 10x24x4 fleet those LPs took 48 iterations and 7.7 ms each, 15 s of a 40 s search, while the
// second core idled (docs/fleet-structure.md section 8). So when a child is queued, a job solves
// its LP on the second thread from the parent's basis, over the child's box as it was then and
// with the cutoff of then; the node, once taken, starts from that LP's final basis and pricing
// weights, and its own LP (over its box of that moment, which propagation may have tightened, and
// the cutoff of that moment) is usually optimal at once. The branch-and-bound still solves every
// node's LP itself: what a job hands over is only a starting basis.
//
// Determinism. A job's answer is a function of its inputs alone: it runs on an LP solver made for
// it (no factorization, perturbation or pivot threshold carried over from another solve), with an
// iteration limit and no time limit. So it does not matter which thread runs it: when the search
// takes a node whose job is still queued, it runs the job itself; when the job is running, it
// waits for it. Jobs are released only at points of the search that do not depend on time
// (release_jobs), and a node taken before its job was released starts from its parent's basis.
// Without a second thread every released job runs when its node is taken: the same search as
// with one, only slower. The search is therefore the same on any number of threads.
#pragma once

#include <atomic>
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "fleetopt/core/model.hpp"
#include "fleetopt/lp/lp_solver.hpp"
#include "fleetopt/mip/node_queue.hpp"

namespace fleetopt::mip {

// One queued node's LP to solve ahead. Opaque outside NodeLpsAhead; OpenNode::ahead holds it,
// so a node that is pruned or dropped takes its job with it (the thread skips expired jobs).
struct NodeLpJob {
  // Inputs (read-only once made).
  std::shared_ptr<const std::vector<double>> global_lower, global_upper;
  std::shared_ptr<const PathStep> path;
  std::shared_ptr<const PackedBasis> start;
  double cutoff = 0.0;  // model sense, +-infinity: none
  long long iteration_limit = 0;
  // The node LP's scaling and cost perturbation as in effect at the time (NodeLp::solver_options):
  // on the coupled 10x24x4 fleet the node LP had turned both off after trouble at the root, and a
  // job with both on took 5-10 times its iterations.
  bool scale = true;
  bool perturb_costs = true;
  // State and answer, guarded by NodeLpsAhead's mutex.
  enum class State { unreleased, queued, running, done };
  State state = State::unreleased;
  std::shared_ptr<const PackedBasis> answer;  // null: the job gave nothing usable
  double seconds = 0.0;
};

class NodeLpsAhead {
 public:
  // `model` is the node LP's model with its original column bounds (root cuts included); it must
  // outlive this object. `options` are the node LP's; their interrupt (the caller's, may be null)
  // is only watched by take(): a job on the second thread stops only when this object stops.
  // Jobs run on a second thread if `second_thread`, else when their node is taken.
  NodeLpsAhead(const core::Model& model, lp::LpOptions options, bool second_thread);
  // stop(): the second thread ends (a job in flight is interrupted, its answer dropped), and
  // take() gives nothing more. The destructor stops too.
  void stop();
  ~NodeLpsAhead() { stop(); }
  NodeLpsAhead(const NodeLpsAhead&) = delete;
  NodeLpsAhead& operator=(const NodeLpsAhead&) = delete;

  // A job for a child about to be queued: its box is the global bounds given (snapshots) with
  // `path` applied, its LP starts from `start`. Not yet visible to the second thread.
  std::shared_ptr<NodeLpJob> make_job(std::shared_ptr<const std::vector<double>> global_lower,
                                      std::shared_ptr<const std::vector<double>> global_upper,
                                      std::shared_ptr<const PathStep> path, std::shared_ptr<const PackedBasis> start,
                                      double cutoff, long long iteration_limit, const lp::LpOptions& in_effect);
  // Hands the jobs made since the last call to the second thread, in the order made (without
  // one: marks them to be run when their node is taken).
  void release_jobs();
  // The starting basis for the node that holds `job`, taken now: null if the job was never
  // released or gave nothing usable; runs the job here if still queued, waits if running.
  // The search's time left and the caller's interrupt bound both: a job run here stops at
  // either, and a wait ends at either and stops the second thread for good (the search stops
  // anyway; its last node then starts from its parent's basis).
  std::shared_ptr<const PackedBasis> take(NodeLpJob& job, double seconds_left);

  // While paused, the second thread starts no job (one in flight finishes): strong branching's
  // child LPs on the second thread (strong_branching_probes.hpp) get the core next. Stopping the
  // job in flight and queueing it again was tried: on the coupled 10x24x4 fleets it threw away
  // more of the second thread's work (6.3 s on seed 4) than strong branching gained (2.5 s).
  // Changes no answer.
  void pause(bool paused);

  // Work done: jobs finished on the second thread and here, their seconds, and the seconds the
  // search waited for a running job.
  long long jobs_beside() const { return jobs_beside_; }
  long long jobs_here() const { return jobs_here_; }
  double seconds_beside() const { return seconds_beside_; }
  double seconds_here() const { return seconds_here_; }
  double seconds_waited() const { return seconds_waited_; }

 private:
  void worker();
  // Solves `job` on a fresh LP solver (see the header comment); `time_limit` < 0: none. It
  // stops when `interrupt` is set.
  void solve(NodeLpJob& job, double time_limit, const std::atomic<bool>* interrupt);

  const core::Model& model_;
  lp::LpOptions options_;
  const std::atomic<bool>* caller_interrupt_;
  std::atomic<bool> stop_{false};
  bool paused_ = false;  // guarded by mutex_
  std::mutex mutex_;
  std::condition_variable wake_;  // the thread: a job was released, or stop
  std::condition_variable done_;  // the search: a running job finished
  std::vector<std::weak_ptr<NodeLpJob>> unreleased_;
  // Released jobs; the second thread takes the newest first: the search tends to take the nodes
  // it queued last (on the coupled 10x24x4 fleet it ran 834 of 3,866 jobs itself, against
  // 1,319 with the oldest first).
  std::deque<std::weak_ptr<NodeLpJob>> queued_;
  long long jobs_beside_ = 0, jobs_here_ = 0;
  double seconds_beside_ = 0.0, seconds_here_ = 0.0, seconds_waited_ = 0.0;
  std::thread thread_;
};

}  // namespace fleetopt::mip
