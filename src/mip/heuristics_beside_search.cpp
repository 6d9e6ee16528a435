#include "heuristics_beside_search.hpp"

#include <algorithm>
#include <utility>

#include "fleetopt/core/timer.hpp"

namespace fleetopt::mip {

HeuristicsBesideSearch::HeuristicsBesideSearch(const NodeContext& node, std::vector<PrimalHeuristic*> heuristics,
                                               Judge judge, StopTest stop, bool second_thread)
    : lower_(node.lower),
      upper_(node.upper),
      lp_(node.lp),
      fractional_(node.fractional),
      pseudocosts_(node.pseudocosts),
      incumbent_x_(node.incumbent_x != nullptr ? *node.incumbent_x : std::vector<double>{}),
      ctx_{node.model, lower_, upper_, lp_, node.lp_bound, fractional_, node.incumbent,
           node.cutoff, node.depth, node.node_number, node.node_lp_iterations, pseudocosts_, node.node_lp},
      heuristics_(std::move(heuristics)),
      judge_(std::move(judge)),
      stop_(std::move(stop)),
      calls_(heuristics_.size(), 0),
      seconds_(heuristics_.size(), 0.0) {
  ctx_.incumbent_x = node.incumbent_x != nullptr ? &incumbent_x_ : nullptr;
  ctx_.seconds_left = node.seconds_left;
  ctx_.interrupt = node.interrupt;
  ctx_.global_bound = node.global_bound;
  ctx_.relative_gap = node.relative_gap;
  ctx_.absolute_gap = node.absolute_gap;
  if (second_thread) thread_ = std::thread([this] { run_all(); });
  else run_all();
}

HeuristicsBesideSearch::~HeuristicsBesideSearch() {
  if (thread_.joinable()) thread_.join();
}

void HeuristicsBesideSearch::run_all() {
  const core::Timer clock;
  try {
    for (std::size_t h = 0; h < heuristics_.size() && !stop_(); ++h) {
      failed_ = h;
      PrimalHeuristic& heuristic = *heuristics_[h];
      const core::Timer t;
      ++calls_[h];
      heuristic.run(ctx_, [this, h](const std::vector<double>& x) {
        found_.push_back(Found{h, x});
        const std::optional<double> value = judge_(x);
        if (!value) return false;
        if (ctx_.incumbent && !(ctx_.minimize() ? *value < *ctx_.incumbent : *value > *ctx_.incumbent)) return false;
        incumbent_x_ = x;
        ctx_.incumbent = *value;
        ctx_.incumbent_x = &incumbent_x_;
        return true;
      });
      seconds_[h] += t.seconds();
    }
    failed_.reset();
  } catch (...) {
    error_ = std::current_exception();
  }
  run_seconds_ = clock.seconds();
}

double HeuristicsBesideSearch::finish() {
  double beside = 0.0;
  if (thread_.joinable()) {
    const core::Timer wait;
    thread_.join();
    beside = std::max(0.0, run_seconds_ - wait.seconds());
  }
  if (error_) std::rethrow_exception(std::exchange(error_, nullptr));
  return beside;
}

}  // namespace fleetopt::mip
