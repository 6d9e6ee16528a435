// Strong branching on copies of the node's LP (MipOptions::parallel_strong_branching,
// src/mip/strong_branching_probes.hpp): on multi-dimensional knapsacks solved exactly without root
// cuts (trees of hundreds of nodes with strong branching at many of them), the search is the same
// with one thread and two and on every run with two, alone and with the queued nodes' LPs solved
// ahead; the second thread solves candidates' pairs only when there is one; and the optimum is
// the search's with strong branching on the node's LP itself, which is then given as debug
// solution to a run on copies (every pruning and bound change checked against it). The
// enumeration differential (test_enumeration_differential.cpp) checks 300 small programs with
// both on against brute force.
#include <catch2/catch.hpp>

#include <cstdint>
#include <string>
#include <vector>

#include "fleetopt/mip/mip_solver.hpp"
#include "random_programs.hpp"

using namespace fleetopt;

namespace {

mip::MipOptions exact_on_copies(int threads, bool lps_ahead) {
  mip::MipOptions o = test::exact_without_cuts(threads);
  o.parallel_strong_branching = true;
  o.node_lps_ahead = lps_ahead;
  return o;
}

}  // namespace

TEST_CASE("strong branching on copies: the same search on one thread or two, and the optimum without it",
          "[mip][parallel-sb]") {
  long long beside = 0, iterations = 0;
  for (int k = 0; k < 4; ++k) {
    CAPTURE(k);
    const bool lps_ahead = k % 2 == 1;
    // 50 items and 5 rows, values and weights close together: trees of hundreds of nodes.
    const core::Model model = test::knapsack_program(
        {"copies" + std::to_string(k), 9200 + static_cast<std::uint64_t>(k), 50, 5, 20, 30, 10, 30, false});
    const mip::MipResult one = mip::solve_mip(model, exact_on_copies(1, lps_ahead));
    const mip::MipResult two = mip::solve_mip(model, exact_on_copies(2, lps_ahead));
    const mip::MipResult again = mip::solve_mip(model, exact_on_copies(2, lps_ahead));
    REQUIRE(one.status == mip::MipStatus::optimal);
    test::check_same_search(one, two);
    test::check_same_search(two, again);
    CHECK(one.node_lps_ahead_used == two.node_lps_ahead_used);
    CHECK(one.strong_branching_children_beside == 0);
    iterations += one.strong_branching_iterations;
    beside += two.strong_branching_children_beside + again.strong_branching_children_beside;

    mip::MipOptions off = exact_on_copies(1, lps_ahead);
    off.parallel_strong_branching = false;
    const mip::MipResult without = mip::solve_mip(model, off);
    REQUIRE(without.status == mip::MipStatus::optimal);
    CHECK(*one.objective == Approx(*without.objective).margin(1e-9));
    mip::MipOptions debug = exact_on_copies(2, lps_ahead);
    debug.debug_solution = without.x;
    CHECK_NOTHROW(mip::solve_mip(model, debug));
  }
  INFO(iterations << " strong-branching iterations, " << beside << " child LPs solved on the second thread");
  CHECK(iterations > 1000);
  // The second thread takes a child LP whenever it is free: over 8 searches it solves some.
  CHECK(beside > 0);
}
