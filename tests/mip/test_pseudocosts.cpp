// Pseudocost averages and the product score, by hand.
#include <catch2/catch.hpp>

#include "fleetopt/mip/pseudocosts.hpp"

using fleetopt::mip::product_score;
using fleetopt::mip::Pseudocosts;

TEST_CASE("pseudocosts: per-unit averages per column and direction, means as fallback", "[mip][pseudocosts]") {
  Pseudocosts pc(3);
  CHECK(pc.per_unit(0, true) == 1.0);  // nothing known at all
  pc.record(0, false, 0.5, 2.0);       // 4 per unit
  pc.record(0, false, 0.25, 2.0);      // 8 per unit
  CHECK(pc.count(0, false) == 2);
  CHECK(pc.per_unit(0, false) == Approx(6.0));
  // Up direction unknown anywhere: borrows the down mean.
  CHECK(pc.per_unit(0, true) == Approx(6.0));
  pc.record(1, true, 0.5, 1.0);  // 2 per unit
  CHECK(pc.per_unit(0, true) == Approx(2.0));
  CHECK(pc.per_unit(2, false) == Approx(6.0));  // column 2 borrows the down mean
  pc.record(2, true, 0.5, -1.0);                // LP noise counts as zero gain
  CHECK(pc.per_unit(2, true) == Approx(0.0));
  pc.record(2, true, 0.0, 5.0);  // zero distance is ignored
  CHECK(pc.count(2, true) == 1);
  CHECK(pc.expected(0, false, 0.5) == Approx(3.0));
}

TEST_CASE("product score: product with a floor of 1e-6", "[mip][pseudocosts]") {
  CHECK(product_score(2.0, 3.0) == Approx(6.0));
  CHECK(product_score(0.0, 3.0) == Approx(3e-6));
  CHECK(product_score(0.0, 0.0) == Approx(1e-12));
}
