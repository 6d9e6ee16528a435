// Queued nodes' LPs solved ahead (MipOptions::node_lps_ahead, src/mip/node_lps_ahead.hpp): on
// multi-dimensional knapsacks solved exactly without root cuts (trees of hundreds of nodes), the
// search is the same with one thread and two and on every run with two, the jobs run on the
// second thread only when there is one, and the optimum is the search's without them, which is
// then given as debug solution to a run with them (every pruning decision checked against it).
// The enumeration differential (test_enumeration_differential.cpp) checks 300 small programs
// with them against brute force.
#include <catch2/catch.hpp>

#include <cstdint>
#include <string>
#include <vector>

#include "fleetopt/mip/mip_solver.hpp"
#include "random_programs.hpp"

using namespace fleetopt;

namespace {

mip::MipOptions exact_without_cuts(int threads) {
  mip::MipOptions o = test::exact_without_cuts(threads);
  o.node_lps_ahead = true;
  return o;
}

void require_same_search(const mip::MipResult& a, const mip::MipResult& b) {
  test::check_same_search(a, b);
  CHECK(a.node_lps_ahead_used == b.node_lps_ahead_used);
}

}  // namespace

TEST_CASE("node LPs ahead: the same search on one thread or two, and the optimum without them", "[mip][ahead]") {
  long long beside = 0, used = 0, nodes = 0;
  for (int k = 0; k < 4; ++k) {
    CAPTURE(k);
    // 50 items and 5 rows, values and weights close together: trees of hundreds of nodes.
    const core::Model model = test::knapsack_program(
        {"ahead" + std::to_string(k), 9100 + static_cast<std::uint64_t>(k), 50, 5, 20, 30, 10, 30, false});
    const mip::MipResult one = mip::solve_mip(model, exact_without_cuts(1));
    const mip::MipResult two = mip::solve_mip(model, exact_without_cuts(2));
    const mip::MipResult again = mip::solve_mip(model, exact_without_cuts(2));
    REQUIRE(one.status == mip::MipStatus::optimal);
    require_same_search(one, two);
    require_same_search(two, again);
    // With one thread every job runs when its node is taken.
    CHECK(one.node_lps_ahead_beside == 0);
    CHECK(one.node_lps_ahead_here == one.node_lps_ahead_used);
    used += one.node_lps_ahead_used;
    nodes += one.nodes;
    beside += two.node_lps_ahead_beside + again.node_lps_ahead_beside;

    mip::MipOptions off = exact_without_cuts(1);
    off.node_lps_ahead = false;
    const mip::MipResult without = mip::solve_mip(model, off);
    REQUIRE(without.status == mip::MipStatus::optimal);
    CHECK(without.node_lps_ahead_here == 0);
    CHECK(*one.objective == Approx(*without.objective).margin(1e-9));
    mip::MipOptions debug = exact_without_cuts(2);
    debug.debug_solution = without.x;
    CHECK_NOTHROW(mip::solve_mip(model, debug));
  }
  // The trees queue and take hundreds of nodes.
  INFO(nodes << " nodes, " << used << " started from a basis solved ahead");
  CHECK(used >= 200);
  // Which thread gets to a job first depends on time; over 8 searches the second thread does some.
  CHECK(beside > 0);
}

TEST_CASE("node LPs ahead: when open nodes run out of memory their jobs go with their bases", "[mip][ahead]") {
  // With 1 byte for open nodes the queue is short of memory whenever it holds a node: it
  // drops the bases and the jobs with them (without that, 26 nodes started from a job's basis
  // here), so no node starts from one; the answer stays the same.
  const core::Model model = test::knapsack_program({"ahead-memory", 9100, 50, 5, 20, 30, 10, 30, false});
  mip::MipOptions o = exact_without_cuts(2);
  o.node_memory_limit_bytes = 1;
  const mip::MipResult tight = mip::solve_mip(model, o);
  mip::MipOptions roomy = exact_without_cuts(2);
  const mip::MipResult reference = mip::solve_mip(model, roomy);
  REQUIRE(tight.status == mip::MipStatus::optimal);
  REQUIRE(reference.status == mip::MipStatus::optimal);
  CHECK(*tight.objective == Approx(*reference.objective).margin(1e-9));
  CHECK(tight.nodes > 10);
  CHECK(reference.node_lps_ahead_used > 0);
  CHECK(tight.node_lps_ahead_used == 0);
}
