// Heuristics that run beside the search (heuristics_beside_search.hpp): on a 0-1
// knapsack whose optimum a dynamic program gives, the search is the same with one thread or two,
// the heuristics run on the second thread when there is one, see each other's solutions, and
// their solutions count once the search has gone on for MipOptions::beside_heuristics_nodes more
// nodes or beside_heuristics_lp_iterations more simplex iterations, whichever comes first.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <memory>
#include <mutex>
#include <numeric>
#include <optional>
#include <random>
#include <stdexcept>
#include <thread>
#include <utility>
#include <vector>

#include "fleetopt/core/model.hpp"
#include "fleetopt/mip/mip_solver.hpp"
#include "fleetopt/mip/primal_heuristic.hpp"
#include "fleetopt/mip/solution_check.hpp"
#include "random_programs.hpp"

using namespace fleetopt;
using Catch::Matchers::Contains;

namespace {

struct Knapsack {
  std::vector<int> value, weight;
  int capacity = 0;
  core::Model model;
  double optimum = 0.0;           // by dynamic programming over the capacity
  std::vector<double> best;       // an optimal choice
  std::vector<double> greedy;     // cheapest items first: a feasible choice below the optimum
};

Knapsack make_knapsack() {
  Knapsack k;
  std::mt19937 engine(20261205);
  std::uniform_int_distribution<int> value(10, 60), weight(5, 40);
  const int n = 24;
  for (int i = 0; i < n; ++i) {
    k.value.push_back(value(engine));
    k.weight.push_back(weight(engine));
  }
  k.capacity = std::accumulate(k.weight.begin(), k.weight.end(), 0) / 3;
  core::ModelBuilder b("knapsack", core::ObjectiveSense::maximize);
  std::vector<int> cols;
  std::vector<double> weights;
  for (int i = 0; i < n; ++i) {
    cols.push_back(b.add_column("x" + std::to_string(i), k.value[i], 0.0, 1.0, true));
    weights.push_back(k.weight[i]);
  }
  b.add_row("capacity", -core::kInfinity, k.capacity, cols, weights);
  k.model = b.build();

  // best[c][i]: the most value of items i.. within capacity c.
  std::vector<std::vector<int>> table(static_cast<size_t>(n) + 1, std::vector<int>(k.capacity + 1, 0));
  for (int i = n - 1; i >= 0; --i)
    for (int c = 0; c <= k.capacity; ++c) {
      table[i][c] = table[i + 1][c];
      if (k.weight[i] <= c) table[i][c] = std::max(table[i][c], k.value[i] + table[i + 1][c - k.weight[i]]);
    }
  k.optimum = table[0][k.capacity];
  k.best.assign(n, 0.0);
  for (int i = 0, c = k.capacity; i < n; ++i)
    if (table[i][c] != table[i + 1][c]) {
      k.best[i] = 1.0;
      c -= k.weight[i];
    }
  std::vector<int> order(n);
  std::iota(order.begin(), order.end(), 0);
  // The cheapest items first: feasible, and far from the optimum.
  std::sort(order.begin(), order.end(), [&](int a, int c) { return k.value[a] < k.value[c]; });
  k.greedy.assign(n, 0.0);
  int room = k.capacity;
  for (int i : order)
    if (k.weight[i] <= room) {
      k.greedy[i] = 1.0;
      room -= k.weight[i];
    }
  return k;
}

// The knapsack's LP bound (Dantzig 1957): items by value per weight, the last one in part.
double dantzig_bound(const Knapsack& k) {
  std::vector<int> order(k.value.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(),
            [&](int a, int c) { return k.value[a] * k.weight[c] > k.value[c] * k.weight[a]; });
  double bound = 0.0;
  int room = k.capacity;
  for (int i : order) {
    if (room <= 0) break;
    const int take = std::min(room, k.weight[i]);
    bound += static_cast<double>(k.value[i]) * take / k.weight[i];
    room -= take;
  }
  return bound;
}

// What a heuristic saw when it ran.
struct Seen {
  std::mutex mutex;
  std::vector<std::thread::id> threads;
  std::vector<std::optional<double>> incumbents;
  std::vector<std::optional<double>> global_bounds;  // NodeContext::global_bound
  std::vector<std::pair<double, double>> gaps;       // relative, absolute
};

// Submits a fixed solution at the root, beside the search (or in place).
class Submitting : public mip::PrimalHeuristic {
 public:
  Submitting(std::string name, std::vector<double> x, std::shared_ptr<Seen> seen, bool beside = true,
             bool throws = false)
      : name_(std::move(name)), x_(std::move(x)), seen_(std::move(seen)), beside_(beside), throws_(throws) {}
  std::string name() const override { return name_; }
  char log_letter() const override { return 'T'; }
  bool should_run(const mip::NodeContext& ctx) const override { return ctx.depth == 0; }
  bool runs_beside_search() const override { return beside_; }
  void run(mip::NodeContext& ctx, const mip::SolutionSink& submit) override {
    {
      std::lock_guard<std::mutex> lock(seen_->mutex);
      seen_->threads.push_back(std::this_thread::get_id());
      seen_->incumbents.push_back(ctx.incumbent);
      seen_->global_bounds.push_back(ctx.global_bound);
      seen_->gaps.emplace_back(ctx.relative_gap, ctx.absolute_gap);
    }
    if (throws_) throw std::runtime_error("injected failure beside the search");
    submit(x_);
  }

 private:
  std::string name_;
  std::vector<double> x_;
  std::shared_ptr<Seen> seen_;
  bool beside_, throws_;
};

constexpr long long kNever = 1000000000;

mip::MipOptions options_with(const Knapsack& k, const std::shared_ptr<Seen>& seen, int threads, long long nodes,
                             long long iterations = kNever, bool beside = true) {
  mip::MipOptions o;
  o.threads = threads;
  o.beside_heuristics_nodes = nodes;
  o.beside_heuristics_lp_iterations = iterations;
  o.max_cut_rounds = 0;  // keep a tree of some nodes
  o.presolve = false;
  o.relative_gap = 0.0;
  o.absolute_gap = 1e-6;
  o.heuristics = std::vector<mip::HeuristicFactory>{
      [&k, seen, beside] { return std::make_unique<Submitting>("greedy", k.greedy, seen, beside); },
      [&k, seen, beside] { return std::make_unique<Submitting>("oracle", k.best, seen, beside); }};
  return o;
}

}  // namespace

TEST_CASE("beside the search: the knapsack's optimum and greedy choice are what the test thinks", "[mip][beside]") {
  const Knapsack k = make_knapsack();
  CHECK(mip::check_solution(k.model, k.best).ok);
  CHECK(mip::check_solution(k.model, k.greedy).ok);
  CHECK(k.model.objective_value(k.best) == k.optimum);
  CHECK(k.model.objective_value(k.greedy) < k.optimum);  // else the oracle would have nothing to add
  const mip::MipResult plain = mip::solve_mip(k.model, [] {
    mip::MipOptions o;
    o.relative_gap = 0.0;
    o.absolute_gap = 1e-6;
    return o;
  }());
  REQUIRE(plain.status == mip::MipStatus::optimal);
  CHECK(*plain.objective == Approx(k.optimum).margin(1e-6));
}

TEST_CASE("beside the search: the same search with one thread or two", "[mip][beside]") {
  const Knapsack k = make_knapsack();
  for (const auto& [nodes, iterations] : std::vector<std::pair<long long, long long>>{
           {0, kNever}, {3, kNever}, {kNever, 20}, {kNever, kNever}}) {
    INFO("solutions count after " << nodes << " more nodes or " << iterations << " more LP iterations");
    mip::MipResult runs[2];
    std::shared_ptr<Seen> seen[2];
    for (int t = 0; t < 2; ++t) {
      seen[t] = std::make_shared<Seen>();
      runs[t] = mip::solve_mip(k.model, options_with(k, seen[t], t + 1, nodes, iterations));
      REQUIRE(runs[t].status == mip::MipStatus::optimal);
      CHECK(*runs[t].objective == Approx(k.optimum).margin(1e-6));
      REQUIRE(runs[t].heuristics.size() == 2);
      for (const auto& h : runs[t].heuristics) CHECK(h.calls == 1);
      // Each saw the solutions before it: the oracle saw the greedy choice as the incumbent.
      REQUIRE(seen[t]->incumbents.size() == 2);
      REQUIRE(seen[t]->incumbents[1].has_value());
      CHECK(*seen[t]->incumbents[1] == k.model.objective_value(k.greedy));
      const std::thread::id here = std::this_thread::get_id();
      for (const std::thread::id& id : seen[t]->threads) CHECK((id == here) == (t == 0));
    }
    test::check_same_search(runs[0], runs[1]);
    CHECK(runs[0].heuristics[1].improvements == runs[1].heuristics[1].improvements);
  }
}

TEST_CASE("beside the search: the heuristics see the search's bound and gaps", "[mip][beside]") {
  // At the root without cuts the search's bound is the LP's, which for a knapsack is Dantzig's,
  // rounded down since every solution's value is an integer; a heuristic beside the search sees
  // it as one in place does (heuristics use it to stop once their schedule closes the gap:
  // NodeContext::ends_search).
  const Knapsack k = make_knapsack();
  const double lp_bound = dantzig_bound(k);
  REQUIRE(std::floor(lp_bound) > k.optimum);  // the root is open: the heuristics run there
  for (const int threads : {1, 2})
    for (const bool beside : {true, false}) {
      INFO(threads << " threads, heuristics " << (beside ? "beside the search" : "in place"));
      auto seen = std::make_shared<Seen>();
      const mip::MipResult r = mip::solve_mip(k.model, options_with(k, seen, threads, 0, kNever, beside));
      REQUIRE(r.status == mip::MipStatus::optimal);
      REQUIRE(seen->global_bounds.size() == 2);
      for (std::size_t h = 0; h < 2; ++h) {
        REQUIRE(seen->global_bounds[h].has_value());
        CHECK(*seen->global_bounds[h] == Approx(std::floor(lp_bound)).margin(1e-6));
        CHECK(seen->gaps[h].first == 0.0);
        CHECK(seen->gaps[h].second == 1e-6);
      }
    }
}

TEST_CASE("beside the search: solutions count only after the given nodes or LP iterations", "[mip][beside]") {
  const Knapsack k = make_knapsack();
  // Without the heuristics the tree needs some nodes; with the optimum known after the root it
  // needs no more nodes than without, and the oracle's solution is the one kept.
  mip::MipOptions bare = options_with(k, std::make_shared<Seen>(), 1, 0);
  bare.heuristics = std::vector<mip::HeuristicFactory>{};
  const mip::MipResult without = mip::solve_mip(k.model, bare);
  REQUIRE(without.status == mip::MipStatus::optimal);
  REQUIRE(without.nodes > 5);

  const mip::MipResult early = mip::solve_mip(k.model, options_with(k, std::make_shared<Seen>(), 2, 0));
  REQUIRE(early.status == mip::MipStatus::optimal);
  CHECK(early.heuristics[1].improvements == 1);
  CHECK(early.nodes <= without.nodes);

  // Counted after the search: the tree finds the optimum itself, the oracle improves nothing,
  // and the tree is the one without heuristics.
  const mip::MipResult late = mip::solve_mip(k.model, options_with(k, std::make_shared<Seen>(), 2, kNever));
  REQUIRE(late.status == mip::MipStatus::optimal);
  CHECK(late.nodes == without.nodes);
  CHECK(late.lp_iterations - late.heuristic_iterations == without.lp_iterations - without.heuristic_iterations);
  CHECK(late.heuristics[1].improvements == 0);

  // In place (beside_heuristics_nodes < 0): on the caller's thread, counted at once.
  auto seen = std::make_shared<Seen>();
  const mip::MipResult in_place = mip::solve_mip(k.model, options_with(k, seen, 2, -1));
  REQUIRE(in_place.status == mip::MipStatus::optimal);
  CHECK(in_place.heuristics[1].improvements == 1);
  for (const std::thread::id& id : seen->threads) CHECK(id == std::this_thread::get_id());
  CHECK(in_place.times.heuristics_beside == 0.0);
}

TEST_CASE("beside the search: a heuristic that throws there ends the search with status error", "[mip][beside]") {
  const Knapsack k = make_knapsack();
  for (int threads : {1, 2}) {
    INFO(threads << " threads");
    mip::MipOptions o = options_with(k, std::make_shared<Seen>(), threads, 3);
    auto seen = std::make_shared<Seen>();
    o.heuristics = std::vector<mip::HeuristicFactory>{
        [&k, seen] { return std::make_unique<Submitting>("greedy", k.greedy, seen); },
        [&k, seen] { return std::make_unique<Submitting>("faulty", k.best, seen, true, true); }};
    const mip::MipResult r = mip::solve_mip(k.model, o);
    CHECK(r.status == mip::MipStatus::error);
    CHECK_THAT(r.message, Contains("primal heuristic 'faulty' threw: injected failure beside the search"));
    // The bound stays proven: never below the optimum of this maximisation.
    CHECK(r.best_bound >= k.optimum - 1e-6);
    if (r.objective) {
      CHECK(*r.objective <= k.optimum + 1e-6);
      CHECK(mip::check_solution(k.model, r.x).ok);
    }
  }
}
