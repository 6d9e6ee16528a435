// Heuristics that run beside the search (PrimalHeuristic::runs_beside_search). On a coupled
// fleet the root's sub-MIP heuristics (RINS, the window search) took 7-10 s of a 50 s search
// before its first branching, on a machine whose second core idled.
//
// A run takes a copy of the node's context (bounds, LP answer, incumbent, pseudocosts) and calls
// the heuristics (all due at that node) in order on it, on a second thread or (one thread) at
// once. Their solutions are only collected: a solution better than the copy's incumbent becomes
// the copy's incumbent for the heuristics after it, judged by `judge` (exact integers that pass
// the model's check), and the branch-and-bound adopts the collected solutions once it has gone on
// for a while (MipOptions::beside_heuristics_nodes and beside_heuristics_lp_iterations). What
// the heuristics see and when their solutions count is then the same with one thread or two, and
// so is the search.
#pragma once

#include <cstddef>
#include <exception>
#include <functional>
#include <optional>
#include <thread>
#include <utility>
#include <vector>

#include "fleetopt/mip/node_context.hpp"
#include "fleetopt/mip/primal_heuristic.hpp"

namespace fleetopt::mip {

class HeuristicsBesideSearch {
 public:
  struct Found {
    std::size_t heuristic;  // index into the heuristics given
    std::vector<double> x;
  };
  // The model-sense objective of a candidate that is exactly integral and passes the model's
  // check, nullopt otherwise. Called from the second thread: it must only read.
  using Judge = std::function<std::optional<double>(const std::vector<double>& x)>;
  // True once the search must stop (time limit, interrupt). Called from the second thread.
  using StopTest = std::function<bool()>;

  // Copies what `node` holds; starts the heuristics (on a second thread if `second_thread`),
  // each of which said it should run at `node`. The heuristics must outlive the run.
  HeuristicsBesideSearch(const NodeContext& node, std::vector<PrimalHeuristic*> heuristics, Judge judge,
                         StopTest stop, bool second_thread);
  // Waits for the heuristics (an exception in flight is not replaced by theirs).
  ~HeuristicsBesideSearch();
  HeuristicsBesideSearch(const HeuristicsBesideSearch&) = delete;
  HeuristicsBesideSearch& operator=(const HeuristicsBesideSearch&) = delete;

  // Waits for the heuristics and rethrows what one of them threw. Returns the seconds they ran
  // while the caller did something else (0 on one thread).
  double finish();

  // After finish(): the solutions, in the order the heuristics gave them (handed over once), and
  // per heuristic its calls (1, or 0 when the search had to stop first) and seconds.
  std::vector<Found> take_found() { return std::move(found_); }
  long long calls(std::size_t h) const { return calls_[h]; }
  double seconds(std::size_t h) const { return seconds_[h]; }
  // The heuristic whose exception finish() rethrows (to name it).
  std::optional<std::size_t> failed() const { return failed_; }

 private:
  void run_all();

  // The copy of the node's context.
  std::vector<double> lower_, upper_;
  lp::LpResult lp_;
  std::vector<int> fractional_;
  Pseudocosts pseudocosts_;
  std::vector<double> incumbent_x_;
  NodeContext ctx_;

  std::vector<PrimalHeuristic*> heuristics_;
  Judge judge_;
  StopTest stop_;
  std::vector<Found> found_;
  std::vector<long long> calls_;
  std::vector<double> seconds_;
  double run_seconds_ = 0.0;
  std::exception_ptr error_;
  std::optional<std::size_t> failed_;
  std::thread thread_;
};

}  // namespace fleetopt::mip
