// Node domain propagation (node_propagation.hpp): hand-derived chains, roundings and an
// infeasible box; validity on random mixed-binary programs and small knapsacks against every
// binary point of random boxes (an LP over the continuous columns, or the rows themselves, decides
// which points are feasible, independent of the propagator); the branch-and-bound with
// propagation on and off.
#include <catch2/catch.hpp>

#include <cmath>
#include <random>

#include "fleetopt/core/model.hpp"
#include "fleetopt/mip/mip_solver.hpp"
#include "fleetopt/mip/node_propagation.hpp"
#include "random_programs.hpp"

using namespace fleetopt;
using core::kInfinity;
using test::inside;

namespace {


// Two knapsack rows over `items` binaries and a cover row sum x >= items / 3: every binary
// point's feasibility is the rows' arithmetic.
core::Model small_knapsack(int k, int items) {
  return test::knapsack_program(
      {"small_knapsack" + std::to_string(k), 4242 + static_cast<std::uint64_t>(k), items, 2, 1, 20, 3, 30, true});
}

}  // namespace

TEST_CASE("node propagation: a branching travels through continuous rows to other binaries", "[mip][propagation]") {
  // u1 + u2 <= 1,  p2 <= 10 u2,  p1 = p2,  p1 >= 3 y;  u1, u2, y binary, p1, p2 in [0, 10].
  core::ModelBuilder b("chain");
  const int u1 = b.add_column("u1", 0.0, 0.0, 1.0, true);
  const int u2 = b.add_column("u2", 0.0, 0.0, 1.0, true);
  const int p1 = b.add_column("p1", 0.0, 0.0, 10.0);
  const int p2 = b.add_column("p2", 0.0, 0.0, 10.0);
  const int y = b.add_column("y", 0.0, 0.0, 1.0, true);
  b.add_row("one", -kInfinity, 1.0, {u1, u2}, {1.0, 1.0});
  b.add_row("vub", -kInfinity, 0.0, {p2, u2}, {1.0, -10.0});
  b.add_row("link", 0.0, 0.0, {p1, p2}, {1.0, -1.0});
  b.add_row("bid", 0.0, kInfinity, {p1, y}, {1.0, -3.0});
  const core::Model model = b.build();
  mip::NodePropagator propagator(model, model.col_lower, model.col_upper);

  SECTION("u1 = 1 gives u2 = 0 (row one), p2 <= 0, p1 <= 0 (continuous, not reported), y = 0") {
    std::vector<double> lower = model.col_lower, upper = model.col_upper;
    lower[u1] = 1.0;
    const mip::NodePropagator::Outcome out = propagator.propagate(lower, upper, {u1});
    CHECK_FALSE(out.infeasible);
    CHECK(out.tightenings.size() == 2);
    CHECK(upper[u2] == 0.0);
    CHECK(upper[y] == 0.0);
    // The LP keeps the continuous columns' own bounds.
    CHECK(upper[p1] == 10.0);
    CHECK(upper[p2] == 10.0);
  }
  SECTION("u1 = 0 implies nothing") {
    std::vector<double> lower = model.col_lower, upper = model.col_upper;
    upper[u1] = 0.0;
    const mip::NodePropagator::Outcome out = propagator.propagate(lower, upper, {u1});
    CHECK_FALSE(out.infeasible);
    CHECK(out.tightenings.empty());
    CHECK(lower == model.col_lower);
    CHECK(upper == std::vector<double>{0.0, 1.0, 10.0, 10.0, 1.0});
  }
  SECTION("y = 1 gives p1 >= 3, so p2 >= 3, so u2 = 1 (10 u2 >= 3), so u1 = 0") {
    std::vector<double> lower = model.col_lower, upper = model.col_upper;
    lower[y] = 1.0;
    const mip::NodePropagator::Outcome out = propagator.propagate(lower, upper, {y});
    CHECK_FALSE(out.infeasible);
    CHECK(lower[u2] == 1.0);
    CHECK(upper[u1] == 0.0);
  }
  SECTION("y = 1 and u1 = 1 cannot both hold") {
    std::vector<double> lower = model.col_lower, upper = model.col_upper;
    lower[y] = 1.0;
    lower[u1] = 1.0;
    const mip::NodePropagator::Outcome out = propagator.propagate(lower, upper, {y, u1});
    CHECK(out.infeasible);
    CHECK_FALSE(out.reason.empty());
  }
}

TEST_CASE("node propagation: integer bounds round inward, and only as far as the row allows", "[mip][propagation]") {
  // 2 x + 3 w >= 4 and x1 + x2 + x3 <= 2, x binary, w integer in [0, 5].
  core::ModelBuilder b("round");
  const int x = b.add_column("x", 0.0, 0.0, 1.0, true);
  const int w = b.add_column("w", 0.0, 0.0, 5.0, true);
  const int x1 = b.add_column("x1", 0.0, 0.0, 1.0, true);
  const int x2 = b.add_column("x2", 0.0, 0.0, 1.0, true);
  const int x3 = b.add_column("x3", 0.0, 0.0, 1.0, true);
  b.add_row("cover", 4.0, kInfinity, {x, w}, {2.0, 3.0});
  b.add_row("pick", -kInfinity, 2.0, {x1, x2, x3}, {1.0, 1.0, 1.0});
  const core::Model model = b.build();
  mip::NodePropagator propagator(model, model.col_lower, model.col_upper);

  // x = 0: 3 w >= 4, w >= 4/3, so w >= 2. x = 1: 3 w >= 2, w >= 1.
  std::vector<double> lower = model.col_lower, upper = model.col_upper;
  upper[x] = 0.0;
  CHECK(propagator.propagate(lower, upper, {x}).tightenings.size() == 1);
  CHECK(lower[w] == 2.0);
  lower = model.col_lower;
  upper = model.col_upper;
  lower[x] = 1.0;
  propagator.propagate(lower, upper, {x});
  CHECK(lower[w] == 1.0);
  // Whatever the node, w >= 1 holds (x <= 1): the global implication is reported with it.
  // x1 = 1 leaves x2 + x3 <= 1: no single column of that row is bounded.
  lower = model.col_lower;
  upper = model.col_upper;
  lower[x1] = 1.0;
  const mip::NodePropagator::Outcome one = propagator.propagate(lower, upper, {x1});
  REQUIRE(one.tightenings.size() == 1);
  CHECK(one.tightenings[0].column == w);
  CHECK(lower[w] == 1.0);
  CHECK(upper[x2] == 1.0);
  CHECK(upper[x3] == 1.0);
  // x1 = x2 = 1 fixes x3 = 0.
  lower[x2] = 1.0;
  propagator.propagate(lower, upper, {x1, x2});
  CHECK(upper[x3] == 0.0);
}

TEST_CASE("node propagation: on random programs no feasible binary point leaves the box", "[mip][propagation]") {
  int boxes = 0, tightened = 0, infeasible = 0, points_removed_checked = 0;
  // `trials` random boxes (each binary of z fixed at a random value with probability 1 /
  // fix_one_in): no point `feasible` marks may lie in a box called empty or leave a propagated one.
  const auto check_boxes = [&](const core::Model& model, const std::vector<int>& z, const std::vector<char>& feasible,
                               std::uint64_t seed, int trials, int fix_one_in) {
    const int binaries = static_cast<int>(z.size());
    mip::NodePropagator propagator(model, model.col_lower, model.col_upper);
    std::mt19937_64 engine(seed);
    for (int trial = 0; trial < trials; ++trial) {
      std::vector<double> lower = model.col_lower, upper = model.col_upper;
      std::vector<int> changed;
      for (int j : z)
        if (engine() % fix_one_in == 0) {
          lower[j] = upper[j] = static_cast<double>(engine() % 2);
          changed.push_back(j);
        }
      const std::vector<double> box_lower = lower, box_upper = upper;
      const mip::NodePropagator::Outcome out = propagator.propagate(lower, upper, changed);
      ++boxes;
      infeasible += out.infeasible;
      tightened += static_cast<int>(out.tightenings.size());
      for (int p = 0; p < (1 << binaries); ++p) {
        if (!inside(z, p, box_lower, box_upper)) continue;
        if (out.infeasible || !inside(z, p, lower, upper)) {
          ++points_removed_checked;
          CHECK_FALSE(feasible[p]);
        }
      }
    }
  };
  // Mixed-binary programs: a point is feasible when its LP over the continuous columns is.
  for (int k = 0; k < 40; ++k) {
    std::vector<int> z;
    const core::Model model = test::random_program(k, z);
    const int binaries = static_cast<int>(z.size());
    std::vector<char> feasible(1 << binaries);
    for (int p = 0; p < (1 << binaries); ++p) feasible[p] = std::isfinite(test::value_at(model, z, p));
    INFO("program " << k);
    check_boxes(model, z, feasible, 31 + k, 20, 2);
  }
  // Pure binary knapsacks with a cover row: every point checked against the rows exactly.
  for (int k = 0; k < 20; ++k) {
    const int items = 10;
    const core::Model model = small_knapsack(k, items);
    std::vector<int> z(items);
    for (int i = 0; i < items; ++i) z[i] = i;
    INFO("knapsack " << k);
    std::vector<char> feasible(1 << items);
    for (int p = 0; p < (1 << items); ++p) {
      std::vector<double> x(items);
      for (int i = 0; i < items; ++i) x[i] = (p >> i) & 1;
      const std::vector<double> activity = model.row_activity(x);
      bool ok = true;
      for (int r = 0; r < model.num_rows(); ++r)
        ok = ok && activity[r] <= model.row_upper[r] && activity[r] >= model.row_lower[r];
      feasible[p] = ok;
    }
    check_boxes(model, z, feasible, 57 + k, 30, 3);
  }
  INFO(boxes << " boxes, " << tightened << " tightenings, " << infeasible << " infeasible");
  // The propagator does something, not only holds.
  CHECK(tightened >= 50);
  CHECK(infeasible >= 20);
  CHECK(points_removed_checked >= 1000);
}

namespace {

// Calls compare on the 40 random mixed-binary programs and the 10 knapsacks of the search tests.
template <class Compare>
void for_programs_and_knapsacks(const Compare& compare) {
  for (int k = 0; k < 40; ++k) {
    std::vector<int> z;
    INFO("program " << k);
    compare(test::random_program(k, z));
  }
  for (int k = 0; k < 10; ++k) {
    INFO("knapsack " << k);
    compare(test::knapsack(k));
  }
}

}  // namespace

TEST_CASE("node propagation: the branch-and-bound finds the same optima with it on and off", "[mip][propagation]") {
  long long used = 0;
  int solved = 0;
  const auto compare = [&](const core::Model& model) {
    // Every node propagation proves empty and every bound it tightens is checked against the
    // optimum found without it.
    const auto [with, without] =
        test::solve_on_and_off(model, [](mip::MipOptions& o) { o.node_propagation = false; });
    CHECK(without.propagation_prunes + without.propagation_tightenings == 0);
    if (with.status != mip::MipStatus::optimal) return;
    ++solved;
    CHECK(*with.objective == Approx(*without.objective).margin(1e-7));
    used += with.propagation_prunes + with.propagation_tightenings;
  };
  for_programs_and_knapsacks(compare);
  for (int k = 0; k < 10; ++k) {
    INFO("small knapsack " << k);
    compare(small_knapsack(k, 14));
  }
  CHECK(solved >= 45);
  CHECK(used >= 100);
}

TEST_CASE("node propagation: it stops only after idle nodes, and the optima stay", "[mip][propagation]") {
  // A stop after 3 idle nodes against never stopping: a search that stopped had found nothing
  // before, and the optimum is the same. (On these programs propagation often finds its first
  // tightening deeper in the tree, so the trees differ: the default waits 500 nodes. That the
  // tree stays the same where there is nothing to find is tested on coupled fleets,
  // tests/fleet/test_fleet_plugins.cpp.)
  int stopped = 0, found_later = 0;
  const auto compare = [&](const core::Model& model) {
    mip::MipOptions o;
    o.relative_gap = 0.0;
    o.absolute_gap = 1e-9;
    o.max_cut_rounds = 0;
    o.node_propagation_idle_nodes = 0;
    const mip::MipResult always = mip::solve_mip(model, o);
    o.node_propagation_idle_nodes = 3;
    const mip::MipResult idle = mip::solve_mip(model, o);
    REQUIRE(always.status == idle.status);
    CHECK_FALSE(always.propagation_stopped);
    if (always.status == mip::MipStatus::optimal) CHECK(*idle.objective == Approx(*always.objective).margin(1e-7));
    if (!idle.propagation_stopped) return;
    ++stopped;
    CHECK(idle.propagation_prunes + idle.propagation_tightenings == 0);
    if (always.propagation_prunes + always.propagation_tightenings > 0) ++found_later;
  };
  for_programs_and_knapsacks(compare);
  INFO(stopped << " stopped, " << found_later << " of them where the search without the stop found something later");
  CHECK(stopped >= 5);
}
