// The model's own feasibility check, by hand.
#include <catch2/catch.hpp>
#include <cmath>

#include "fleetopt/core/model.hpp"
#include "fleetopt/mip/solution_check.hpp"

using namespace fleetopt;

TEST_CASE("solution check: bounds, rows, integrality and NaN", "[mip][check]") {
  core::ModelBuilder b("check");
  const int x = b.add_column("x", 1.0, 0.0, 4.0, true);
  const int y = b.add_column("y", 1.0, -1.0, 1.0);
  b.add_row("sum", 1.0, 3.0, {x, y}, {1.0, 2.0});
  const core::Model m = b.build();
  CHECK(mip::check_solution(m, {1.0, 0.5}).ok);
  CHECK(mip::check_solution(m, {3.0 + 1e-9, 0.0}).ok);  // within tolerances
  auto c = mip::check_solution(m, {1.5, 0.0});
  CHECK(!c.ok);
  CHECK(c.where == "column x (integrality)");
  c = mip::check_solution(m, {4.0, 0.0});
  CHECK(!c.ok);
  CHECK(c.where == "row sum");
  CHECK(c.worst_row_violation == Approx(1.0 / 3.0));
  c = mip::check_solution(m, {1.0, 1.5});
  CHECK(!c.ok);
  // The row is off by 1 of 3 (1/3 relative), the bound by 0.5 of 1: the bound is the worst.
  CHECK(c.where == "column y (bounds)");
  CHECK(c.worst_bound_violation == Approx(0.5));
  CHECK(c.worst_row_violation == Approx(1.0 / 3.0));
  CHECK(!mip::check_solution(m, {std::nan(""), 0.0}).ok);
  CHECK(!mip::check_solution(m, {1.0}).ok);
}
