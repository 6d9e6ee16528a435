// Dual-proof conflicts (conflict_pool.hpp): a hand-derived pool, validity on random mixed-binary
// programs against every binary point (an LP over the continuous columns decides what each point
// can reach, independent of the pool), and the branch-and-bound with the pool on and off.
#include <catch2/catch.hpp>

#include <cmath>
#include <random>
#include <string>
#include <utility>

#include "fleetopt/core/model.hpp"
#include "fleetopt/lp/lp_solver.hpp"
#include "fleetopt/mip/conflict_pool.hpp"
#include "fleetopt/mip/mip_solver.hpp"
#include "fleetopt/mip/primal_heuristic.hpp"
#include "random_programs.hpp"

using namespace fleetopt;
using core::kInfinity;
using test::knapsack;
using test::random_program;
using test::inside;
using test::value_at;

namespace {

// LP noise allowed between a conflict's bound and the LP value it bounds.
constexpr double kBoundNoise = 1e-6;

// min -3 x1 - 2 x2 - x3  s.t.  x1 + x2 + x3 <= 1,  x binary.
core::Model pick_one() {
  core::ModelBuilder b("pick_one");
  const int x1 = b.add_column("x1", -3.0, 0.0, 1.0, true);
  const int x2 = b.add_column("x2", -2.0, 0.0, 1.0, true);
  const int x3 = b.add_column("x3", -1.0, 0.0, 1.0, true);
  b.add_row("one", -kInfinity, 1.0, {x1, x2, x3}, {1.0, 1.0, 1.0});
  return b.build();
}


}  // namespace

TEST_CASE("conflicts: the dual proof of a one-row pick prunes and fixes as derived by hand", "[mip][conflicts]") {
  const core::Model model = pick_one();
  // y = -2 on the row (<= 1): R = -2, d = c - A^T y = (-1, 0, 1). At the box [0, 1]^3 the bound
  // is -2 - 1 = -3, the optimum (x1 = 1).
  mip::ConflictPool pool;
  const std::vector<char> integer(3, 1);
  REQUIRE(pool.learn(model, {-2.0}, model.col_lower, model.col_upper, integer));
  REQUIRE(pool.size() == 1);
  SECTION("x1 = 0 leaves at best -2: pruned below a cutoff of -2.5, not below -1.5") {
    std::vector<double> lower = {0, 0, 0}, upper = {0, 1, 1};
    mip::ConflictPool::Outcome out = pool.propagate(lower, upper, {0}, -2.5, -2.5);
    CHECK(out.prune);
    CHECK(out.bound == Approx(-2.0).margin(1e-9));
    lower = {0, 0, 0};
    upper = {0, 1, 1};
    out = pool.propagate(lower, upper, {0}, -1.5, -1.5);
    CHECK_FALSE(out.prune);
  }
  SECTION("a cutoff of -2.5 at the full box fixes x1 = 1 (d = -1) and x3 = 0 (d = +1); x2 (d = 0) stays") {
    std::vector<double> lower = {0, 0, 0}, upper = {1, 1, 1};
    const mip::ConflictPool::Outcome out = pool.propagate(lower, upper, {}, -2.5, -2.5);
    CHECK_FALSE(out.prune);
    CHECK(out.bound == Approx(-3.0).margin(1e-9));
    CHECK(out.tightenings.size() == 2);
    CHECK(lower == std::vector<double>{1, 0, 0});
    CHECK(upper == std::vector<double>{1, 1, 0});
  }
  SECTION("a full pool replaces its oldest conflict, whose bound then no longer counts") {
    mip::ConflictParameters one;
    one.max_conflicts = 1;
    mip::ConflictPool small(one);
    REQUIRE(small.learn(model, {-2.0}, model.col_lower, model.col_upper, integer));
    // y = 0: d = c, the bound with x1 = 0 is -2 - 1 = -3, below a cutoff of -2.5.
    REQUIRE(small.learn(model, {0.0}, model.col_lower, model.col_upper, integer));
    CHECK(small.size() == 1);
    CHECK(small.learned() == 2);
    std::vector<double> lower = {0, 0, 0}, upper = {0, 1, 1};
    const mip::ConflictPool::Outcome out = small.propagate(lower, upper, {0}, -2.5, -10.0);
    CHECK_FALSE(out.prune);
    CHECK(out.bound == Approx(-3.0).margin(1e-9));
    for (int k = 0; k < 5; ++k) REQUIRE(small.learn(model, {-2.0}, model.col_lower, model.col_upper, integer));
    lower = {0, 0, 0};
    upper = {0, 1, 1};
    CHECK(small.propagate(lower, upper, {0}, -2.5, -10.0).prune);
  }
  SECTION("a column left out of `changed` only weakens the bound") {
    std::vector<double> lower = {0, 0, 0}, upper = {0, 1, 1};
    const mip::ConflictPool::Outcome out = pool.propagate(lower, upper, {}, -2.5, -10.0);
    CHECK_FALSE(out.prune);
    CHECK(out.bound == Approx(-3.0).margin(1e-9));
  }
}

TEST_CASE("conflicts: general integers tighten by whole units, and an entry that cannot tighten is skipped",
          "[mip][conflicts]") {
  // min 2 x1 + 0.5 x2 + 3 x3 + 0.5 x4, x1 in [0, 1], x2 in [0, 10], x3 binary, x4 in [0, 3], all
  // integer, one slack row. With y = 0, d = c and the bound at the full box is 0. With fix_at =
  // 2.2 each column may add at most 2.2: x3 (3 per unit) is fixed at 0, x2 (0.5 per unit) may
  // rise by floor(4.4) = 4, x1 may still reach 1 (2 <= 2.2), and x4, whose whole range adds only
  // 1.5, is left alone (its reach 0.5 (3 - 0 + 1) = 2 is below 2.2: the scan skips it).
  core::ModelBuilder b("units");
  const int x1 = b.add_column("x1", 2.0, 0.0, 1.0, true);
  const int x2 = b.add_column("x2", 0.5, 0.0, 10.0, true);
  const int x3 = b.add_column("x3", 3.0, 0.0, 1.0, true);
  const int x4 = b.add_column("x4", 0.5, 0.0, 3.0, true);
  b.add_row("slack", -kInfinity, 100.0, {x1, x2, x3, x4}, {1.0, 1.0, 1.0, 1.0});
  const core::Model model = b.build();
  mip::ConflictPool pool;
  REQUIRE(pool.learn(model, {0.0}, model.col_lower, model.col_upper, std::vector<char>(4, 1)));
  std::vector<double> lower = {0, 0, 0, 0}, upper = {1, 10, 1, 3};
  const mip::ConflictPool::Outcome out = pool.propagate(lower, upper, {}, 10.0, 2.2);
  CHECK_FALSE(out.prune);
  CHECK(out.bound == Approx(0.0).margin(1e-9));
  CHECK(lower == std::vector<double>{0, 0, 0, 0});
  CHECK(upper == std::vector<double>{1, 4, 0, 3});
  // In column order, as a scan of every entry makes them.
  REQUIRE(out.tightenings.size() == 2);
  CHECK(out.tightenings[0].column == x2);
  CHECK(out.tightenings[1].column == x3);
  // With room 2.9: x2 may rise by floor(5.8) = 5, and x3 is still fixed.
  lower = {0, 0, 0, 0};
  upper = {1, 10, 1, 3};
  const mip::ConflictPool::Outcome wide = pool.propagate(lower, upper, {}, 10.0, 2.9);
  CHECK(upper == std::vector<double>{1, 5, 0, 3});
  CHECK(wide.tightenings.size() == 2);
}

TEST_CASE("conflicts: the Farkas ray of an infeasible node prunes and fixes as derived by hand", "[mip][conflicts]") {
  // x1 + x2 + x3 >= 2, x binary, any objective. The node x1 = x2 = 0 is infeasible; the ray y = 1
  // on the row gives R = 2 (the row's lower side), d = -A^T y = (-1, -1, -1), so
  // F(l, u) = 2 - u1 - u2 - u3: at the node 2 - 0 - 0 - 1 = 1 > 0. At the global box F = -1, so
  // any two columns at 0 prune (F = 1), one column at 0 fixes the others to 1 (F = 0 with room 0
  // left: a third 0 would give 1), and without an incumbent, whatever prune_at and fix_at say.
  core::ModelBuilder b("two_of_three");
  const int x1 = b.add_column("x1", 1.0, 0.0, 1.0, true);
  const int x2 = b.add_column("x2", 1.0, 0.0, 1.0, true);
  const int x3 = b.add_column("x3", 1.0, 0.0, 1.0, true);
  b.add_row("two", 2.0, kInfinity, {x1, x2, x3}, {1.0, 1.0, 1.0});
  const core::Model model = b.build();
  const std::vector<char> integer(3, 1);
  const std::vector<double> node_lower = {0, 0, 0}, node_upper = {0, 0, 1};
  mip::ConflictPool pool;
  // Either sign of the ray is accepted; a ray that proves nothing at the node teaches nothing.
  CHECK_FALSE(pool.learn_infeasibility(model, {1.0}, {0, 0, 0}, {1, 1, 1}, model.col_lower, model.col_upper,
                                       integer));
  REQUIRE(pool.learn_infeasibility(model, {-1.0}, node_lower, node_upper, model.col_lower, model.col_upper,
                                   integer));
  CHECK(pool.learned_from_infeasibility() == 1);
  SECTION("two columns at 0 prune, with no cutoff at all") {
    std::vector<double> lower = {0, 0, 0}, upper = {1, 0, 0};
    const mip::ConflictPool::Outcome out = pool.propagate(lower, upper, {x2, x3}, kInfinity, kInfinity);
    CHECK(out.prune);
    CHECK(out.prune_infeasible);
  }
  SECTION("one column at 0 fixes the other two to 1") {
    std::vector<double> lower = {0, 0, 0}, upper = {0, 1, 1};
    const mip::ConflictPool::Outcome out = pool.propagate(lower, upper, {x1}, kInfinity, kInfinity);
    CHECK_FALSE(out.prune);
    CHECK(lower == std::vector<double>{0, 1, 1});
    CHECK(upper == std::vector<double>{0, 1, 1});
  }
  SECTION("the full box is left alone") {
    std::vector<double> lower = {0, 0, 0}, upper = {1, 1, 1};
    const mip::ConflictPool::Outcome out = pool.propagate(lower, upper, {}, kInfinity, kInfinity);
    CHECK_FALSE(out.prune);
    CHECK(out.tightenings.empty());
  }
}

TEST_CASE("conflicts: an integer column without an upper bound counts at its lower bound", "[mip][conflicts]") {
  // pick_one plus w, integer in [0, inf) with cost 0.5 and no row: d_w = 0.5 at any y, so the
  // bound takes w at 0. It cannot be a function of the box (no finite margin covers every
  // value), but it must not spoil the conflict either.
  core::ModelBuilder b("pick_one_w");
  const int x1 = b.add_column("x1", -3.0, 0.0, 1.0, true);
  const int x2 = b.add_column("x2", -2.0, 0.0, 1.0, true);
  const int x3 = b.add_column("x3", -1.0, 0.0, 1.0, true);
  b.add_column("w", 0.5, 0.0, kInfinity, true);
  b.add_row("one", -kInfinity, 1.0, {x1, x2, x3}, {1.0, 1.0, 1.0});
  const core::Model model = b.build();
  mip::ConflictPool pool;
  REQUIRE(pool.learn(model, {-2.0}, model.col_lower, model.col_upper, std::vector<char>(4, 1)));
  std::vector<double> lower = {0, 0, 0, 0}, upper = {0, 1, 1, kInfinity};
  const mip::ConflictPool::Outcome out = pool.propagate(lower, upper, {0, 3}, -2.5, -2.5);
  CHECK(out.prune);
  CHECK(out.bound == Approx(-2.0).margin(1e-9));
}

TEST_CASE("conflicts: on random mixed-binary programs nothing pruned or fixed could beat the cutoff",
          "[mip][conflicts]") {
  int learned = 0, pruned = 0, tightened = 0, points_removed = 0;
  for (int k = 0; k < 40; ++k) {
    std::vector<int> z;
    const core::Model model = random_program(k, z);
    const int binaries = static_cast<int>(z.size());
    std::vector<double> value(1 << binaries);
    double optimum = kInfinity;
    for (int p = 0; p < (1 << binaries); ++p) optimum = std::min(optimum, value[p] = value_at(model, z, p));
    if (!std::isfinite(optimum)) continue;
    INFO("program " << k);
    std::mt19937_64 engine(99 + k);
    std::vector<char> integer(model.num_cols(), 0);
    for (int j : z) integer[j] = 1;
    mip::ConflictPool pool;
    // Learn from the LPs of random boxes (binaries fixed to 0 or 1 or left free).
    for (int box = 0; box < 6; ++box) {
      core::Model m = model;
      for (int j : z)
        if (engine() % 3 == 0) m.col_lower[j] = m.col_upper[j] = static_cast<double>(engine() % 2);
      const lp::LpResult r = lp::solve_lp(m);
      if (r.status != lp::LpStatus::optimal) continue;
      learned += pool.learn(model, r.row_dual, model.col_lower, model.col_upper, integer);
    }
    // No point loses its value: the pool on a point's own box never passes its LP value.
    for (int p = 0; p < (1 << binaries); ++p) {
      if (!std::isfinite(value[p])) continue;
      std::vector<double> lower = model.col_lower, upper = model.col_upper;
      for (int i = 0; i < binaries; ++i) lower[z[i]] = upper[z[i]] = (p >> i) & 1;
      const mip::ConflictPool::Outcome out = pool.propagate(lower, upper, z, value[p] + kBoundNoise, kInfinity);
      CHECK_FALSE(out.prune);
    }
    // At cutoffs between the optimum and optimum + 30%, on random boxes: every point the pool
    // prunes or cuts away from the box is worth at least the cutoff.
    for (int trial = 0; trial < 10; ++trial) {
      const double cutoff = optimum + std::abs(optimum) * 0.03 * static_cast<double>(trial) + 0.1 * trial;
      std::vector<double> lower = model.col_lower, upper = model.col_upper;
      std::vector<int> changed;
      for (int j : z)
        if (engine() % 3 == 0) {
          lower[j] = upper[j] = static_cast<double>(engine() % 2);
          changed.push_back(j);
        }
      const std::vector<double> box_lower = lower, box_upper = upper;
      const mip::ConflictPool::Outcome out = pool.propagate(lower, upper, changed, cutoff, cutoff);
      pruned += out.prune;
      tightened += static_cast<int>(out.tightenings.size());
      for (int p = 0; p < (1 << binaries); ++p) {
        if (!inside(z, p, box_lower, box_upper)) continue;
        if (out.prune || !inside(z, p, lower, upper)) {
          ++points_removed;
          CHECK(value[p] >= cutoff - kBoundNoise);
        }
      }
    }
  }
  CHECK(learned >= 100);
  // The pool does something, not only holds.
  CHECK(pruned >= 20);
  CHECK(tightened >= 20);
  CHECK(points_removed >= 100);
}

TEST_CASE("conflicts: the branch-and-bound finds the same optima with the pool on and off", "[mip][conflicts]") {
  long long learned = 0, used = 0, nodes_with = 0, nodes_without = 0;
  int solved = 0;
  const auto compare = [&](const core::Model& model) {
    // The pool's prunings and tightenings are checked against the pool-free optimum.
    const auto [with, without] = test::solve_on_and_off(model, [](mip::MipOptions& o) { o.conflicts = false; });
    if (with.status != mip::MipStatus::optimal) return;
    ++solved;
    CHECK(*with.objective == Approx(*without.objective).margin(1e-7));
    CHECK(without.conflicts_learned == 0);
    learned += with.conflicts_learned;
    used += with.conflict_prunes + with.conflict_tightenings;
    nodes_with += with.nodes;
    nodes_without += without.nodes;
  };
  test::for_each_on_and_off_program(compare);
  CHECK(solved >= 35);
  CHECK(learned >= 50);
  CHECK(used >= 100);
  INFO("nodes with conflicts " << nodes_with << ", without " << nodes_without);
  CHECK(nodes_with < nodes_without);
}

namespace {

// Bin packing with as many bins as items: min sum_b y_b, each item in one bin, bin b holds at most
// capacity * y_b. Symmetric bins make the proof that one bin fewer cannot do end in infeasible
// node LPs.
core::Model bin_packing(const std::vector<double>& sizes, double capacity) {
  core::ModelBuilder b("bin_packing");
  const int n = static_cast<int>(sizes.size());
  std::vector<int> used(n);
  std::vector<std::vector<int>> in(n, std::vector<int>(n));
  for (int k = 0; k < n; ++k) used[k] = b.add_column("y" + std::to_string(k), 1.0, 0.0, 1.0, true);
  for (int i = 0; i < n; ++i)
    for (int k = 0; k < n; ++k)
      in[i][k] = b.add_column("x" + std::to_string(i) + "_" + std::to_string(k), 0.0, 0.0, 1.0, true);
  for (int i = 0; i < n; ++i) b.add_row("item" + std::to_string(i), 1.0, 1.0, in[i], std::vector<double>(n, 1.0));
  for (int k = 0; k < n; ++k) {
    std::vector<int> cols = {used[k]};
    std::vector<double> coefs = {-capacity};
    for (int i = 0; i < n; ++i) {
      cols.push_back(in[i][k]);
      coefs.push_back(sizes[i]);
    }
    b.add_row("bin" + std::to_string(k), -kInfinity, 0.0, cols, coefs);
  }
  return b.build();
}

}  // namespace

TEST_CASE("conflicts: infeasible nodes of bin packings teach, and the optima are the hand-derived ones",
          "[mip][conflicts]") {
  // Optima by hand: {6, 6, 6, 5} in 10: no two items fit together, 4 bins (LP bound 2.3).
  // {5, 5, 5, 4, 4, 4} in 9: three pairs 5 + 4, 3 bins. {7, 7, 3, 3, 3, 3} in 10: 7 + 3 twice and
  // 3 + 3, 3 bins (26 > 2 * 10). {4, 4, 4, 4, 4} in 10: two per bin, 3 bins (LP bound 2).
  const std::vector<std::pair<std::vector<double>, double>> cases = {
      {{6, 6, 6, 5}, 4.0}, {{5, 5, 5, 4, 4, 4}, 3.0}, {{7, 7, 3, 3, 3, 3}, 3.0}, {{4, 4, 4, 4, 4}, 3.0}};
  const std::vector<double> capacities = {10, 9, 10, 10};
  long long from_infeasibility = 0;
  for (std::size_t c = 0; c < cases.size(); ++c) {
    const core::Model model = bin_packing(cases[c].first, capacities[c]);
    mip::MipOptions on, off;
    off.conflicts = false;
    // Without heuristics, cuts and node propagation the search meets the infeasible nodes it has
    // to refute.
    for (mip::MipOptions* o : {&on, &off}) {
      o->heuristics.emplace();
      o->max_cut_rounds = 0;
      o->node_propagation = false;
    }
    const mip::MipResult with = mip::solve_mip(model, on), without = mip::solve_mip(model, off);
    REQUIRE(with.status == mip::MipStatus::optimal);
    REQUIRE(without.status == mip::MipStatus::optimal);
    CHECK(*with.objective == Approx(cases[c].second).margin(1e-9));
    CHECK(*without.objective == Approx(cases[c].second).margin(1e-9));
    CHECK(without.conflicts_from_infeasibility == 0);
    from_infeasibility += with.conflicts_from_infeasibility;
  }
  CHECK(from_infeasibility > 0);
}
