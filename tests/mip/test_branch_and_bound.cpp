// Branch-and-bound on small MILPs whose optima are computed here independently: knapsacks by
// dynamic programming, tiny integer programs by enumeration, hand-derived special cases
// (infeasible, unbounded, limits, interrupts, initial solutions).
#include <atomic>
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdint>
#include <sstream>

#include "fleetopt/core/model.hpp"
#include "fleetopt/mip/branching_rule.hpp"
#include "fleetopt/mip/cut_separator.hpp"
#include "fleetopt/mip/mip_solver.hpp"
#include "fleetopt/mip/presolve.hpp"
#include "fleetopt/mip/primal_heuristic.hpp"
#include "fleetopt/mip/solution_check.hpp"
#include "random_programs.hpp"
#include "test_random.hpp"

using namespace fleetopt;
using core::kInfinity;
using core::ModelBuilder;
using core::ObjectiveSense;
using mip::MipStatus;

namespace {

using fleetopt::test::Lcg;

struct Knapsack {
  std::vector<int> value, weight, copies;  // item i may be taken 0..copies[i] times
  int capacity = 0;
};

Knapsack random_knapsack(std::uint64_t seed, int items, int max_copies) {
  Lcg rng(seed);
  Knapsack k;
  int total = 0;
  for (int i = 0; i < items; ++i) {
    k.weight.push_back(5 + rng.below(40));
    // Values correlated with weights make the LP bound weak and the tree deep.
    k.value.push_back(k.weight.back() + rng.below(10));
    k.copies.push_back(1 + rng.below(max_copies));
    total += k.weight.back() * k.copies.back();
  }
  k.capacity = total / 2;
  return k;
}

// Independent optimum: dynamic programming over the capacity (bounded knapsack).
int knapsack_optimum(const Knapsack& k) {
  std::vector<int> best(k.capacity + 1, 0);
  for (std::size_t i = 0; i < k.value.size(); ++i)
    for (int c = 0; c < k.copies[i]; ++c)
      for (int w = k.capacity; w >= k.weight[i]; --w) best[w] = std::max(best[w], best[w - k.weight[i]] + k.value[i]);
  return best[k.capacity];
}

core::Model knapsack_model(const Knapsack& k) {
  ModelBuilder b("knapsack", ObjectiveSense::maximize);
  std::vector<int> cols;
  std::vector<double> weights;
  for (std::size_t i = 0; i < k.value.size(); ++i) {
    cols.push_back(b.add_column("x" + std::to_string(i), k.value[i], 0.0, k.copies[i], true));
    weights.push_back(k.weight[i]);
  }
  b.add_row("capacity", -kInfinity, k.capacity, cols, weights);
  return b.build();
}

mip::MipOptions exact() {
  mip::MipOptions o;
  o.relative_gap = 0.0;
  o.absolute_gap = 1e-9;
  return o;
}

}  // namespace

TEST_CASE("branch-and-bound: random 0-1 and bounded knapsacks match dynamic programming", "[mip][bnb]") {
  for (std::uint64_t seed = 1; seed <= 25; ++seed) {
    const Knapsack k = random_knapsack(seed, 12 + static_cast<int>(seed % 10), seed % 2 ? 1 : 3);
    const int optimum = knapsack_optimum(k);
    const core::Model model = knapsack_model(k);
    const mip::MipResult r = mip::solve_mip(model, exact());
    INFO("seed " << seed);
    REQUIRE(r.status == MipStatus::optimal);
    REQUIRE(r.objective);
    CHECK(*r.objective == Approx(optimum).margin(1e-9));
    CHECK(r.best_bound >= optimum - 1e-9);  // maximisation: the bound is an upper bound
    CHECK(r.gap <= 1e-9);
    CHECK(mip::check_solution(model, r.x).ok);
    CHECK(r.nodes >= 1);
  }
}

TEST_CASE("branch-and-bound: every branching rule, with and without heuristics and presolve, finds the optimum",
          "[mip][bnb]") {
  const Knapsack k = random_knapsack(77, 18, 2);
  const int optimum = knapsack_optimum(k);
  const core::Model model = knapsack_model(k);
  for (const std::string& rule : mip::branching_rule_names())
    for (int variant = 0; variant < 3; ++variant) {
      mip::MipOptions o = exact();
      o.branching = [rule] { return mip::make_branching_rule(rule); };
      if (variant == 1) o.heuristics = std::vector<mip::HeuristicFactory>{};
      if (variant == 2) {
        o.presolve = false;
        o.reduced_cost_fixing = false;
      }
      const mip::MipResult r = mip::solve_mip(model, o);
      INFO(rule << " variant " << variant);
      REQUIRE(r.status == MipStatus::optimal);
      CHECK(*r.objective == Approx(optimum).margin(1e-9));
    }
  CHECK_THROWS_AS(mip::make_branching_rule("random"), std::invalid_argument);
}

TEST_CASE("branch-and-bound: small integer programs match enumeration (minimise, equality rows, negatives)",
          "[mip][bnb]") {
  for (std::uint64_t seed = 1; seed <= 40; ++seed) {
    Lcg rng(seed);
    const int n = 3 + rng.below(3), m = 2 + rng.below(2);
    std::vector<double> cost(n), lo(n), hi(n);
    ModelBuilder b("ip", ObjectiveSense::minimize);
    for (int j = 0; j < n; ++j) {
      cost[j] = rng.below(21) - 10;
      lo[j] = -rng.below(3);
      hi[j] = rng.below(4);
      b.add_column("x" + std::to_string(j), cost[j], lo[j], hi[j], true);
    }
    std::vector<std::vector<double>> a(m, std::vector<double>(n));
    std::vector<double> rlo(m), rhi(m);
    for (int i = 0; i < m; ++i) {
      std::vector<int> cols;
      std::vector<double> vals;
      for (int j = 0; j < n; ++j) {
        a[i][j] = rng.below(9) - 4;
        if (a[i][j] != 0) {
          cols.push_back(j);
          vals.push_back(a[i][j]);
        }
      }
      const int kind = rng.below(3);
      const double rhs = rng.below(7) - 3;
      rlo[i] = kind == 1 ? -kInfinity : rhs;
      rhi[i] = kind == 0 ? kInfinity : rhs + (kind == 2 ? 0 : 0);
      if (cols.empty()) {
        cols.push_back(0);
        vals.push_back(0.5);
        a[i][0] = 0.5;
      }
      b.add_row("r" + std::to_string(i), rlo[i], rhi[i], cols, vals);
    }
    const core::Model model = b.build();
    // Enumerate every integer point of the box.
    double best = kInfinity;
    std::vector<int> x(n);
    for (int j = 0; j < n; ++j) x[j] = static_cast<int>(lo[j]);
    while (true) {
      bool feasible = true;
      for (int i = 0; i < m && feasible; ++i) {
        double act = 0;
        for (int j = 0; j < n; ++j) act += a[i][j] * x[j];
        feasible = act >= rlo[i] - 1e-9 && act <= rhi[i] + 1e-9;
      }
      if (feasible) {
        double v = 0;
        for (int j = 0; j < n; ++j) v += cost[j] * x[j];
        best = std::min(best, v);
      }
      int j = 0;
      while (j < n && x[j] == static_cast<int>(hi[j])) x[j] = static_cast<int>(lo[j]), ++j;
      if (j == n) break;
      ++x[j];
    }
    const mip::MipResult r = mip::solve_mip(model, exact());
    INFO("seed " << seed);
    if (std::isfinite(best)) {
      REQUIRE(r.status == MipStatus::optimal);
      CHECK(*r.objective == Approx(best).margin(1e-9));
      CHECK(r.best_bound <= best + 1e-9);
    } else {
      CHECK(r.status == MipStatus::infeasible);
    }
  }
}

TEST_CASE("branch-and-bound: integer-infeasible although the LP is feasible", "[mip][bnb]") {
  // 2x + 2y = 3 has LP solutions but no integer one; with presolve off the tree must prove it.
  for (bool presolve : {true, false}) {
    ModelBuilder b("parity", ObjectiveSense::minimize);
    const int x = b.add_column("x", 1.0, 0.0, 5.0, true);
    const int y = b.add_column("y", 1.0, 0.0, 5.0, true);
    b.add_row("odd", 3.0, 3.0, {x, y}, {2.0, 2.0});
    mip::MipOptions o = exact();
    o.presolve = presolve;
    const mip::MipResult r = mip::solve_mip(b.build(), o);
    CHECK(r.status == MipStatus::infeasible);
    CHECK(!r.objective);
    CHECK(r.x.empty());
  }
}

TEST_CASE("branch-and-bound: an unbounded relaxation is reported, not solved", "[mip][bnb]") {
  ModelBuilder b("unbounded", ObjectiveSense::maximize);
  const int x = b.add_column("x", 1.0, 0.0, kInfinity, true);
  const int y = b.add_column("y", 1.0, 0.0, kInfinity);
  b.add_row("r", -kInfinity, 4.0, {x, y}, {1.0, -1.0});
  const mip::MipResult r = mip::solve_mip(b.build(), exact());
  CHECK(r.status == MipStatus::unbounded);
}

TEST_CASE("branch-and-bound: limits and interrupts return a valid bound", "[mip][bnb][limits]") {
  const Knapsack k = random_knapsack(5, 30, 1);
  const int optimum = knapsack_optimum(k);
  const core::Model model = knapsack_model(k);

  SECTION("node limit 0: no node solved, no solution") {
    mip::MipOptions o = exact();
    o.node_limit = 0;
    const mip::MipResult r = mip::solve_mip(model, o);
    CHECK(r.status == MipStatus::no_solution);
    CHECK(r.nodes == 0);
    CHECK(r.best_bound >= optimum);
  }
  SECTION("node limit with a known solution: feasible, bound above the optimum") {
    mip::MipOptions o = exact();
    o.node_limit = 3;
    o.heuristics = std::vector<mip::HeuristicFactory>{};
    o.initial_solutions.push_back(std::vector<double>(model.num_cols(), 0.0));  // take nothing
    const mip::MipResult r = mip::solve_mip(model, o);
    CHECK(r.nodes <= 3);
    REQUIRE((r.status == MipStatus::feasible || r.status == MipStatus::optimal));
    CHECK(*r.objective <= optimum + 1e-9);
    CHECK(r.best_bound >= optimum - 1e-9);
    CHECK(r.gap == Approx(mip::relative_gap(*r.objective, r.best_bound)));
  }
  SECTION("LP iteration limit: stops between nodes once reached, the same way every run") {
    mip::MipOptions o = exact();
    o.max_cut_rounds = 0;  // every iteration in the tree, so that the limit meets nodes
    const mip::MipResult full = mip::solve_mip(model, o);
    REQUIRE(full.status == MipStatus::optimal);
    REQUIRE(full.nodes >= 10);
    o.lp_iteration_limit = full.lp_iterations / 2;
    const mip::MipResult r = mip::solve_mip(model, o);
    CHECK((r.status == MipStatus::feasible || r.status == MipStatus::no_solution));
    CHECK(r.message == "LP iteration limit reached");
    CHECK(r.lp_iterations >= o.lp_iteration_limit);  // it stopped because the limit was reached
    CHECK(r.nodes < full.nodes);
    CHECK(r.best_bound >= optimum - 1e-9);
    if (r.objective) CHECK(*r.objective <= optimum + 1e-9);
    const mip::MipResult again = mip::solve_mip(model, o);
    CHECK(again.nodes == r.nodes);
    CHECK(again.lp_iterations == r.lp_iterations);
    CHECK(again.best_bound == r.best_bound);
    o.lp_iteration_limit = 0;
    const mip::MipResult none = mip::solve_mip(model, o);
    CHECK(none.nodes == 0);
    CHECK(none.message == "LP iteration limit reached");
    // The root cut rounds count too: with cuts on, a limit the first root LP reaches leaves no
    // round of cuts (the same knapsack gets some without a limit).
    mip::MipOptions with_cuts = exact();
    with_cuts.root_cut_min_improvement = 0.0;
    REQUIRE(mip::solve_mip(model, with_cuts).cuts > 0);
    with_cuts.lp_iteration_limit = 1;
    const mip::MipResult limited = mip::solve_mip(model, with_cuts);
    CHECK(limited.cuts == 0);
    CHECK(limited.nodes == 0);
  }
  SECTION("time limit 0: stops at once with a valid bound") {
    mip::MipOptions o = exact();
    o.time_limit_seconds = 0.0;
    const mip::MipResult r = mip::solve_mip(model, o);
    CHECK((r.status == MipStatus::no_solution || r.status == MipStatus::feasible));
    CHECK(r.best_bound >= optimum - 1e-9);
  }
  SECTION("interrupt flag: status interrupted, incumbent kept") {
    std::atomic<bool> stop{true};
    mip::MipOptions o = exact();
    o.interrupt = &stop;
    o.initial_solutions.push_back(std::vector<double>(model.num_cols(), 0.0));
    const mip::MipResult r = mip::solve_mip(model, o);
    CHECK(r.status == MipStatus::interrupted);
    REQUIRE(r.objective);
    CHECK(*r.objective == 0.0);
    CHECK(r.best_bound >= optimum - 1e-9);
  }
}

TEST_CASE("branch-and-bound: initial solutions are checked before they are used", "[mip][bnb]") {
  const Knapsack k = random_knapsack(9, 10, 1);
  const core::Model model = knapsack_model(k);
  mip::MipOptions o = exact();
  o.node_limit = 0;
  // Taking every item breaks the capacity: rejected.
  o.initial_solutions.push_back(std::vector<double>(model.num_cols(), 1.0));
  mip::MipResult r = mip::solve_mip(model, o);
  CHECK(r.status == MipStatus::no_solution);
  CHECK(r.solutions_found == 0);
  // A fractional one is rounded then checked; taking the first item alone fits.
  std::vector<double> first(model.num_cols(), 0.0);
  first[0] = 1.0 - 1e-9;
  o.initial_solutions = {first};
  r = mip::solve_mip(model, o);
  CHECK(r.status == MipStatus::feasible);
  CHECK(r.solutions_found == 1);
  CHECK(*r.objective == Approx(k.value[0]));
}

TEST_CASE("branch-and-bound: deterministic node counts and results", "[mip][bnb]") {
  const Knapsack k = random_knapsack(31, 35, 2);
  const core::Model model = knapsack_model(k);
  const mip::MipResult a = mip::solve_mip(model, exact());
  const mip::MipResult b = mip::solve_mip(model, exact());
  test::check_same_search(a, b);
}

TEST_CASE("branch-and-bound: a search started from another's root basis", "[mip][bnb]") {
  // MipResult::root_basis is the root LP's optimal basis over the model's rows; as start_basis of
  // a search on the same rows and columns it is where that root LP starts. From its own root
  // basis a search's root LP costs nothing (counted on searches of the root alone: no
  // heuristics, no strong branching), and the search ends at the same optimum; on a model with
  // other bounds it is only a start, and the optimum is that model's.
  const auto root_only = [](mip::MipOptions o) {
    o.node_limit = 1;
    o.heuristics = std::vector<mip::HeuristicFactory>{};
    o.branching = [] { return mip::make_branching_rule("most-fractional"); };
    return o;
  };
  for (int k = 0; k < 10; ++k) {
    INFO("knapsack " << k);
    const core::Model model = test::knapsack(k);
    const mip::MipResult cold = mip::solve_mip(model, test::exact_without_cuts(1));
    REQUIRE(cold.status == MipStatus::optimal);
    REQUIRE(cold.root_basis.size() == static_cast<std::size_t>(model.num_cols() + model.num_rows()));

    mip::MipOptions warm_options = test::exact_without_cuts(1);
    warm_options.start_basis = cold.root_basis;
    const mip::MipResult warm = mip::solve_mip(model, warm_options);
    REQUIRE(warm.status == MipStatus::optimal);
    CHECK(*warm.objective == Approx(*cold.objective).margin(1e-9));
    const mip::MipResult cold_root = mip::solve_mip(model, root_only(test::exact_without_cuts(1)));
    const mip::MipResult warm_root = mip::solve_mip(model, root_only(warm_options));
    CHECK(cold_root.lp_iterations > 0);
    CHECK(warm_root.lp_iterations == 0);

    // Item 0 left out: another model on the same rows; the basis of the first is a start only.
    core::Model without_first = model;
    without_first.col_upper[0] = 0.0;
    const mip::MipResult other_cold = mip::solve_mip(without_first, test::exact_without_cuts(1));
    mip::MipOptions other_options = test::exact_without_cuts(1);
    other_options.start_basis = cold.root_basis;
    const mip::MipResult other_warm = mip::solve_mip(without_first, other_options);
    REQUIRE(other_cold.status == MipStatus::optimal);
    REQUIRE(other_warm.status == MipStatus::optimal);
    CHECK(*other_warm.objective == Approx(*other_cold.objective).margin(1e-9));
    CHECK(mip::check_solution(without_first, other_warm.x).ok);
    CHECK(other_warm.x[0] == 0.0);

    // A basis of another shape is ignored: the same search as from the slack basis.
    mip::MipOptions wrong = test::exact_without_cuts(1);
    wrong.start_basis = std::vector<lp::VarStatus>(cold.root_basis.begin(), cold.root_basis.end() - 1);
    test::check_same_search(mip::solve_mip(model, wrong), cold);
  }
  // Root cuts add rows: no root basis over the model's own rows is given then.
  mip::MipOptions with_cuts = test::exact_without_cuts(1);
  with_cuts.max_cut_rounds = 10;
  int with_rows_added = 0;
  for (int k = 0; k < 10; ++k) {
    const mip::MipResult r = mip::solve_mip(test::knapsack(k), with_cuts);
    if (r.cuts > 0) {
      ++with_rows_added;
      CHECK(r.root_basis.empty());
    }
  }
  CHECK(with_rows_added > 0);
}

namespace {
// Finds nothing: the cut loop then solves its first LP and stops, so its iterations are counted
// alone.
class NoCuts : public mip::CutSeparator {
 public:
  std::string name() const override { return "none"; }
  std::vector<mip::Cut> separate(mip::CutContext&) override { return {}; }
};
}  // namespace

TEST_CASE("branch-and-bound: root cuts start from the caller's optimal basis of the search's model",
          "[mip][bnb]") {
  // A caller that solved the root LP itself on search_model's model (a coupled fleet's solve,
  // for its duals) hands over the optimal basis: the cut loop's first LP then costs nothing, and
  // the search ends at the same optimum.
  for (int k = 0; k < 10; ++k) {
    INFO("knapsack " << k);
    const core::Model model = test::knapsack(k);
    const mip::SearchModel searched = mip::search_model(model, true);
    REQUIRE(searched.infeasible.empty());
    lp::LpSolver root(searched.model);
    REQUIRE(root.solve() == lp::LpStatus::optimal);
    REQUIRE(root.result().iterations > 0);

    mip::MipOptions cuts_only = test::exact_without_cuts(1);
    cuts_only.max_cut_rounds = 10;
    cuts_only.separators = std::vector<mip::SeparatorFactory>{[] { return std::make_unique<NoCuts>(); }};
    cuts_only.node_limit = 1;
    cuts_only.heuristics = std::vector<mip::HeuristicFactory>{};
    cuts_only.branching = [] { return mip::make_branching_rule("most-fractional"); };
    const mip::MipResult cold = mip::solve_mip(model, cuts_only);
    CHECK(cold.lp_iterations == root.result().iterations);  // the same LP, from the slack basis
    mip::MipOptions given = cuts_only;
    given.start_basis = root.basis();
    given.start_basis_lp_iterations = root.result().iterations;
    const mip::MipResult warm = mip::solve_mip(model, given);
    CHECK(warm.lp_iterations == 0);
    CHECK(warm.root_bound == cold.root_bound);

    mip::MipOptions whole = test::exact_without_cuts(1);
    whole.max_cut_rounds = 10;
    const mip::MipResult reference = mip::solve_mip(model, whole);
    whole.start_basis = root.basis();
    const mip::MipResult from_basis = mip::solve_mip(model, whole);
    REQUIRE(reference.status == MipStatus::optimal);
    REQUIRE(from_basis.status == MipStatus::optimal);
    CHECK(*from_basis.objective == Approx(*reference.objective).margin(1e-9));
    CHECK(mip::check_solution(model, from_basis.x).ok);
  }
}

TEST_CASE("branch-and-bound: objectives on a grid of quarters are rounded soundly", "[mip][bnb]") {
  // min 0.25 x + 0.5 y s.t. x + 2y >= 7, x, y in 0..10 integer: optimum 1.75 (e.g. x = 7 or
  // x = 1, y = 3), found by enumeration below; the LP bound is 1.75 as well, so also check a
  // variant whose LP bound is off the grid: 3x + 5y >= 7 (LP 0.7, integer 1.0 at x = 4 or
  // x = 0, y = 2 -> 1.0; x = 2, y = 1 -> 1.0).
  for (int variant = 0; variant < 2; ++variant) {
    ModelBuilder b("grid", ObjectiveSense::minimize);
    const int x = b.add_column("x", 0.25, 0.0, 10.0, true);
    const int y = b.add_column("y", 0.5, 0.0, 10.0, true);
    const double ax = variant == 0 ? 1.0 : 3.0, ay = variant == 0 ? 2.0 : 5.0;
    b.add_row("cover", 7.0, kInfinity, {x, y}, {ax, ay});
    double best = kInfinity;
    for (int i = 0; i <= 10; ++i)
      for (int j = 0; j <= 10; ++j)
        if (ax * i + ay * j >= 7) best = std::min(best, 0.25 * i + 0.5 * j);
    const mip::MipResult r = mip::solve_mip(b.build(), exact());
    REQUIRE(r.status == MipStatus::optimal);
    CHECK(*r.objective == Approx(best).margin(1e-12));
    CHECK(r.best_bound <= best + 1e-12);
  }
}

TEST_CASE("branch-and-bound: the log has a header, lines and a summary", "[mip][bnb]") {
  const core::Model model = knapsack_model(random_knapsack(3, 15, 1));
  std::ostringstream log;
  mip::MipOptions o = exact();
  o.log = &log;
  const mip::MipResult r = mip::solve_mip(model, o);
  REQUIRE(r.status == MipStatus::optimal);
  const std::string text = log.str();
  CHECK(text.find("nodes") != std::string::npos);
  CHECK(text.find("best bound") != std::string::npos);
  CHECK(text.find("Status            optimal") != std::string::npos);
  CHECK(text.find("strong branching") != std::string::npos);
  CHECK(text.find("Heuristics        R ") != std::string::npos);  // simple rounding runs first
}

TEST_CASE("branch-and-bound: a tiny node-memory limit still gives the optimum", "[mip][bnb][limits]") {
  // With 1 KiB for open nodes the queue drops stored bases and the search turns depth first;
  // the answer must not change.
  const Knapsack k = random_knapsack(31, 35, 2);  // the determinism test's tree: hundreds of nodes
  const int optimum = knapsack_optimum(k);
  mip::MipOptions o = exact();
  o.node_memory_limit_bytes = 1024;
  o.max_cut_rounds = 0;
  const mip::MipResult r = mip::solve_mip(knapsack_model(k), o);
  REQUIRE(r.status == MipStatus::optimal);
  CHECK(*r.objective == Approx(optimum).margin(1e-9));
  CHECK(r.nodes > 10);  // a real tree, not a root-only solve
}
