#include "node_lps_ahead.hpp"

#include <algorithm>
#include <chrono>
#include <utility>

#include "fleetopt/core/timer.hpp"

namespace fleetopt::mip {

namespace {
// A search waiting for a job on the second thread looks at its interrupt and clock this often.
constexpr int kWaitPollMilliseconds = 20;
}  // namespace

NodeLpsAhead::NodeLpsAhead(const core::Model& model, lp::LpOptions options, bool second_thread)
    : model_(model), options_(std::move(options)), caller_interrupt_(options_.interrupt) {
  options_.time_limit_seconds = core::kInfinity;
  if (second_thread) thread_ = std::thread([this] { worker(); });
}

void NodeLpsAhead::stop() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stop_.store(true);
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

std::shared_ptr<NodeLpJob> NodeLpsAhead::make_job(std::shared_ptr<const std::vector<double>> global_lower,
                                                  std::shared_ptr<const std::vector<double>> global_upper,
                                                  std::shared_ptr<const PathStep> path,
                                                  std::shared_ptr<const PackedBasis> start, double cutoff,
                                                  long long iteration_limit, const lp::LpOptions& in_effect) {
  auto job = std::make_shared<NodeLpJob>();
  job->global_lower = std::move(global_lower);
  job->global_upper = std::move(global_upper);
  job->path = std::move(path);
  job->start = std::move(start);
  job->cutoff = cutoff;
  job->iteration_limit = iteration_limit;
  job->scale = in_effect.scale;
  job->perturb_costs = in_effect.perturb_costs;
  std::lock_guard<std::mutex> lock(mutex_);
  unreleased_.push_back(job);
  return job;
}

void NodeLpsAhead::release_jobs() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (unreleased_.empty()) return;
    for (std::weak_ptr<NodeLpJob>& weak : unreleased_) {
      const std::shared_ptr<NodeLpJob> job = weak.lock();
      if (!job || job->state != NodeLpJob::State::unreleased) continue;  // pruned, or taken before
      job->state = NodeLpJob::State::queued;
      if (thread_.joinable()) queued_.push_back(job);
    }
    unreleased_.clear();
  }
  wake_.notify_one();
}

std::shared_ptr<const PackedBasis> NodeLpsAhead::take(NodeLpJob& job, double seconds_left) {
  std::unique_lock<std::mutex> lock(mutex_);
  if (stop_.load()) return nullptr;
  switch (job.state) {
    case NodeLpJob::State::unreleased:
      // Taken before its release: the node starts from its parent's basis, as on one thread.
      job.state = NodeLpJob::State::done;
      job.answer.reset();
      return nullptr;
    case NodeLpJob::State::queued: {
      // The second thread has not come to it: the same job, run here (the thread skips it).
      job.state = NodeLpJob::State::running;
      lock.unlock();
      solve(job, std::max(0.0, seconds_left), caller_interrupt_);
      lock.lock();
      job.state = NodeLpJob::State::done;
      ++jobs_here_;
      seconds_here_ += job.seconds;
      return job.answer;
    }
    case NodeLpJob::State::running: {
      const core::Timer wait;
      const auto done = [&] { return job.state == NodeLpJob::State::done; };
      while (!done_.wait_for(lock, std::chrono::milliseconds(kWaitPollMilliseconds), done)) {
        if ((caller_interrupt_ != nullptr && caller_interrupt_->load()) || wait.seconds() >= seconds_left) {
          stop_.store(true);  // the running job ends at its next iteration, and no other starts
          seconds_waited_ += wait.seconds();
          return nullptr;
        }
      }
      seconds_waited_ += wait.seconds();
      return job.answer;
    }
    case NodeLpJob::State::done: return job.answer;
  }
  return nullptr;
}

void NodeLpsAhead::pause(bool paused) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    paused_ = paused;
  }
  if (!paused) wake_.notify_all();
}

void NodeLpsAhead::worker() {
  std::unique_lock<std::mutex> lock(mutex_);
  for (;;) {
    wake_.wait(lock, [&] { return stop_.load() || (!paused_ && !queued_.empty()); });
    if (stop_.load()) return;
    const std::shared_ptr<NodeLpJob> job = queued_.back().lock();
    queued_.pop_back();
    // Expired: the node was pruned or dropped. Not queued: the search took it and ran it itself.
    if (!job || job->state != NodeLpJob::State::queued) continue;
    job->state = NodeLpJob::State::running;
    lock.unlock();
    solve(*job, -1.0, &stop_);
    lock.lock();
    job->state = NodeLpJob::State::done;
    ++jobs_beside_;
    seconds_beside_ += job->seconds;
    done_.notify_all();
  }
}

void NodeLpsAhead::solve(NodeLpJob& job, double time_limit, const std::atomic<bool>* interrupt) {
  const core::Timer clock;
  std::shared_ptr<const PackedBasis> answer;
  try {
    std::vector<double> lower = *job.global_lower, upper = *job.global_upper;
    for (const PathStep* step = job.path.get(); step != nullptr; step = step->parent.get())
      for (const BoundChange& c : step->changes) {
        lower[c.column] = std::max(lower[c.column], c.lower);
        upper[c.column] = std::min(upper[c.column], c.upper);
      }
    bool empty = false;
    for (std::size_t j = 0; j < lower.size(); ++j) empty = empty || lower[j] > upper[j];
    if (!empty) {
      lp::LpOptions options = options_;
      options.interrupt = interrupt;
      options.iteration_limit = static_cast<int>(std::min<long long>(job.iteration_limit, 1 << 30));
      if (time_limit >= 0.0) options.time_limit_seconds = time_limit;
      options.scale = job.scale;
      options.perturb_costs = job.perturb_costs;
      lp::LpSolver solver(model_, options);
      for (int j = 0; j < model_.num_cols(); ++j)
        if (lower[j] != model_.col_lower[j] || upper[j] != model_.col_upper[j])
          solver.set_col_bounds(j, lower[j], upper[j]);
      solver.set_objective_cutoff(job.cutoff);
      if (job.start->edge_weights().empty()) solver.set_basis(job.start->unpack());
      else solver.set_basis(job.start->unpack(), job.start->edge_weights());
      const lp::LpStatus status = solver.solve();
      // A stopped solve (time limit, the stop flag) depends on time: its basis is not used.
      if (status == lp::LpStatus::optimal || status == lp::LpStatus::cutoff ||
          status == lp::LpStatus::infeasible || status == lp::LpStatus::iteration_limit)
        answer = std::make_shared<PackedBasis>(solver.basis(), solver.edge_weights());
    }
  } catch (...) {
    // Nothing usable (the LP layer refused the basis, out of memory): the node starts from its
    // parent's basis; the search's own LP meets whatever went wrong, if anything, itself.
    answer.reset();
  }
  job.answer = std::move(answer);
  job.seconds = clock.seconds();
}

}  // namespace fleetopt::mip
