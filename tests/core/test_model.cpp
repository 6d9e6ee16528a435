#include <catch2/catch.hpp>

#include "fleetopt/core/model.hpp"

using namespace fleetopt::core;

TEST_CASE("ModelBuilder compresses triplets into sorted CSC and sums duplicates", "[core][model]") {
  ModelBuilder b("m", ObjectiveSense::maximize);
  const int x = b.add_column("x", 1.0, 0.0, 4.0);
  const int y = b.add_column("y", 2.0, 0.0, kInfinity, true);
  const int r0 = b.add_row("r0", -kInfinity, 10.0);
  const int r1 = b.add_row("r1", 1.0, 1.0);
  b.add_entry(r1, x, 3.0);
  b.add_entry(r0, x, 1.0);
  b.add_entry(r0, y, 2.0);
  b.add_entry(r0, y, 0.5);   // summed with the previous entry
  b.add_entry(r1, y, 0.0);   // dropped
  Model m = b.build();
  REQUIRE(m.num_cols() == 2);
  REQUIRE(m.num_rows() == 2);
  CHECK(m.num_integers() == 1);
  CHECK(m.matrix.col_start == std::vector<int>{0, 2, 3});
  CHECK(m.matrix.row_index == std::vector<int>{0, 1, 0});
  CHECK(m.matrix.value == std::vector<double>{1.0, 3.0, 2.5});
  // A x at x = (1, 2): r0 = 1 + 5 = 6, r1 = 3.
  CHECK(m.row_activity({1.0, 2.0}) == std::vector<double>{6.0, 3.0});
  CHECK(m.objective_value({1.0, 2.0}) == 5.0);
  SparseMatrix t = m.matrix.transpose();
  CHECK(t.col_start == std::vector<int>{0, 2, 3});
  CHECK(t.row_index == std::vector<int>{0, 1, 0});
  CHECK(t.value == std::vector<double>{1.0, 2.5, 3.0});
}

TEST_CASE("Model::validate rejects inconsistent models", "[core][model]") {
  ModelBuilder b;
  b.add_column("x", 1.0, 2.0, 1.0);  // lower above upper
  CHECK_THROWS_WITH(b.build(), Catch::Contains("lower bound above upper"));
  ModelBuilder dup;
  dup.add_column("x", 1.0, 0.0, 1.0);
  dup.add_column("x", 1.0, 0.0, 1.0);
  CHECK_THROWS_WITH(dup.build(), Catch::Contains("duplicate column name 'x'"));
}
