// Dual-step bounds in the branch-and-bound (src/mip/dual_step_fixing.hpp): the same optima with
// them on and off on random mixed-binary programs and knapsacks, every node they prune or column
// they fix checked against the optimum found without them (MipOptions::debug_solution), and
// they must prune or fix something. The bounds themselves are tested against child LPs in
// tests/lp/test_dual_step_bounds.cpp. Thinned after idle candidates (MipOptions::
// dual_step_idle_candidates), they must keep the optima and find less.
#include <catch2/catch.hpp>

#include "fleetopt/core/model.hpp"
#include "fleetopt/mip/mip_solver.hpp"
#include "random_programs.hpp"

using namespace fleetopt;

TEST_CASE("dual-step bounds: the branch-and-bound finds the same optima with them on and off", "[mip][dual_step]") {
  long long used = 0, used_off = 0;
  int solved = 0;
  const auto compare = [&](const core::Model& model) {
    const auto [with, without] =
        test::solve_on_and_off(model, [](mip::MipOptions& o) { o.dual_step_bounds = false; });
    if (with.status != mip::MipStatus::optimal) return;
    ++solved;
    CHECK(*with.objective == Approx(*without.objective).margin(1e-7));
    used += with.dual_step_prunes + with.dual_step_tightenings;
    used_off += without.dual_step_prunes + without.dual_step_tightenings;
  };
  test::for_each_on_and_off_program(compare);
  CHECK(solved >= 35);
  CHECK(used_off == 0);
  CHECK(used >= 20);
}

TEST_CASE("dual-step bounds: thinned after idle candidates, the same optima and fewer uses", "[mip][dual_step]") {
  // Thinned at once (after one candidate bounded for nothing) and to every millionth node, the
  // steps stop after their first idle node; the optima must not change, and they must find less
  // than the steps at every node do.
  long long used = 0, used_thinned = 0;
  int solved = 0;
  const auto compare = [&](const core::Model& model) {
    const auto [every_node, thinned] = test::solve_on_and_off(model, [](mip::MipOptions& o) {
      o.dual_step_idle_candidates = 1;
      o.dual_step_thinning = 1000000;
    });
    if (every_node.status != mip::MipStatus::optimal) return;
    ++solved;
    CHECK(*every_node.objective == Approx(*thinned.objective).margin(1e-7));
    used += every_node.dual_step_prunes + every_node.dual_step_tightenings;
    used_thinned += thinned.dual_step_prunes + thinned.dual_step_tightenings;
  };
  test::for_each_on_and_off_program(compare);
  CHECK(solved >= 35);
  CHECK(used_thinned < used);
}
