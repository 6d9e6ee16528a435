// The dual ratio tests on hand-made candidate lists (dual_ratio_test.hpp): which candidate enters
// and which flip, derived by hand from the ratios, pivots, ranges and the leaving row's slope.
#include <catch2/catch.hpp>

#include "fleetopt/core/model.hpp"
#include "fleetopt/lp/dual_ratio_test.hpp"

using fleetopt::lp::DualRatioCandidate;
using fleetopt::lp::DualRatioTestRule;
using fleetopt::lp::make_dual_ratio_test;

namespace {

// Three boxed candidates (the Harris tolerance 0.01 in `relaxed`), ratios 1, 2 and 3:
//   var 10: alpha 1,   range 1 -> slope share 1
//   var 11: alpha 2,   range 1 -> slope share 2
//   var 12: alpha 0.5, range 4 -> slope share 2
std::vector<DualRatioCandidate> three() {
  return {{10, 1.0, 1.0, 1.01, 1.0}, {11, 2.0, 2.0, 2.005, 1.0}, {12, 0.5, 3.0, 3.02, 4.0}};
}

int entering_var(const std::vector<DualRatioCandidate>& c, int index) { return index >= 0 ? c[index].var : -1; }

}  // namespace

TEST_CASE("bound flipping passes groups while the slope stays positive", "[lp][ratio_test]") {
  const auto test = make_dual_ratio_test(DualRatioTestRule::bound_flipping);
  std::vector<int> flips;
  SECTION("slope 0.5: the first group already turns it; no flip") {
    auto c = three();
    const auto choice = test->choose(c, 0.5, flips);
    CHECK_FALSE(choice.trouble);
    CHECK(entering_var(c, choice.entering) == 10);
    CHECK(flips.empty());
  }
  SECTION("slope 2.5: var 10 flips (2.5 - 1 > 0), var 11 enters (1.5 - 2 < 0)") {
    auto c = three();
    const auto choice = test->choose(c, 2.5, flips);
    CHECK(entering_var(c, choice.entering) == 11);
    CHECK(flips == std::vector<int>{10});
  }
  SECTION("slope 4.5: vars 10 and 11 flip, var 12 enters") {
    auto c = three();
    const auto choice = test->choose(c, 4.5, flips);
    CHECK(entering_var(c, choice.entering) == 12);
    CHECK(flips == std::vector<int>{10, 11});
  }
  SECTION("slope 10: everything flips and the slope is still positive: no entering variable") {
    auto c = three();
    const auto choice = test->choose(c, 10.0, flips);
    CHECK_FALSE(choice.trouble);
    CHECK(choice.entering == -1);
    CHECK(flips.size() == 3);
  }
  SECTION("an unbounded candidate cannot be passed") {
    std::vector<DualRatioCandidate> c = {{20, 1.0, 1.0, 1.01, fleetopt::core::kInfinity}, {21, 1.0, 2.0, 2.01, 1.0}};
    const auto choice = test->choose(c, 100.0, flips);
    CHECK(entering_var(c, choice.entering) == 20);
    CHECK(flips.empty());
  }
}

TEST_CASE("Harris without flips: the largest pivot within the smallest Harris ratio", "[lp][ratio_test]") {
  const auto test = make_dual_ratio_test(DualRatioTestRule::harris);
  std::vector<int> flips{99};
  // Ratios 1.0 and 1.005 are both within the smallest Harris ratio 1.01; the larger pivot (3)
  // wins, whatever the slope.
  std::vector<DualRatioCandidate> c = {{30, 1.0, 1.0, 1.01, 1.0}, {31, 3.0, 1.005, 1.008, 1.0}, {32, 5.0, 2.0, 2.01, 1.0}};
  const auto choice = test->choose(c, 100.0, flips);
  CHECK(entering_var(c, choice.entering) == 31);
  CHECK(flips.empty());
  std::vector<DualRatioCandidate> none;
  CHECK(test->choose(none, 1.0, flips).entering == -1);
}
