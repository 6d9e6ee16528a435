// Infeasible and unbounded LPs: the solver's certificates are checked here by direct arithmetic,
// not by the library's own checker (which is tested against hand-made certificates below).
#include <catch2/catch.hpp>
#include <cmath>
#include <string>

#include "fleetopt/core/model.hpp"
#include "fleetopt/lp/certificates.hpp"
#include "fleetopt/lp/lp_solver.hpp"

using fleetopt::core::kInfinity;
using fleetopt::core::Model;
using fleetopt::core::ModelBuilder;
using fleetopt::core::ObjectiveSense;
using fleetopt::lp::LpStatus;
using fleetopt::lp::solve_lp;

namespace {

// Independent Farkas check: with z = A^T y, max over the column box of z^T x must be below the
// min over the row box of y^T r (or the same with y negated). Every bound used must be finite
// wherever the coefficient is nonzero.
bool proves_infeasible(const Model& m, std::vector<double> y) {
  for (int sign = 0; sign < 2; ++sign) {
    std::vector<double> z(m.num_cols(), 0.0);
    for (int j = 0; j < m.num_cols(); ++j)
      for (int k = m.matrix.col_start[j]; k < m.matrix.col_start[j + 1]; ++k)
        z[j] += m.matrix.value[k] * y[m.matrix.row_index[k]];
    double col_max = 0.0, row_min = 0.0;
    for (int j = 0; j < m.num_cols(); ++j) {
      if (std::abs(z[j]) < 1e-12) continue;
      col_max += z[j] * (z[j] > 0 ? m.col_upper[j] : m.col_lower[j]);
    }
    for (int i = 0; i < m.num_rows(); ++i) {
      if (y[i] == 0.0) continue;
      row_min += y[i] * (y[i] > 0 ? m.row_lower[i] : m.row_upper[i]);
    }
    if (std::isfinite(col_max) && std::isfinite(row_min) && col_max < row_min - 1e-9) return true;
    for (double& v : y) v = -v;
  }
  return false;
}

}  // namespace

TEST_CASE("infeasible: boxed columns cannot reach a row bound", "[certificates]") {
  // 0 <= x, y <= 1 and x + y >= 3: y = (1) gives max x + y = 2 < 3.
  ModelBuilder b("infeasible");
  const int x = b.add_column("x", 1, 0, 1);
  const int y = b.add_column("y", 1, 0, 1);
  b.add_row("r", 3, kInfinity, {x, y}, {1, 1});
  const Model m = b.build();
  const auto res = solve_lp(m);
  REQUIRE(res.status == LpStatus::infeasible);
  CHECK(proves_infeasible(m, res.farkas_row_multipliers));
}

TEST_CASE("infeasible: rounding noise in the Farkas multipliers does not hide the certificate", "[certificates]") {
  // Flows y_j <= cap_j z_j with the z fixed and a demand of 10 the open flows cannot meet under
  // the two mixing rows (from the c-MIR validity test). The dual simplex's multipliers carried
  // -4.4e-16 on vub1, a row without a lower side, which failed the check; with that noise
  // removed they prove infeasibility (before the fix: numerical_trouble).
  ModelBuilder b("farkas_noise", ObjectiveSense::maximize);
  const double z_value[5] = {0, 0, 1, 1, 0};
  const double z_cost[5] = {0, -1, 0, -1, -2};
  int z[5];
  for (int i = 0; i < 5; ++i) z[i] = b.add_column("z" + std::to_string(i), z_cost[i], z_value[i], z_value[i]);
  const double y_upper[6] = {11, 11, 11, 6, 6, 6};
  int y[6];
  for (int j = 0; j < 6; ++j) y[j] = b.add_column("y" + std::to_string(j), j == 0 ? -1.0000000000000002 : 0.0, 0, y_upper[j]);
  const int owner[6] = {3, 4, 2, 0, 3, 1};
  const double cap[6] = {7, 7, 4, 5, 6, 2};
  for (int j = 0; j < 6; ++j) b.add_row("vub" + std::to_string(j), -kInfinity, 0, {z[owner[j]], y[j]}, {-cap[j], 1});
  b.add_row("demand", 10, kInfinity, {y[0], y[1], y[2], y[3], y[4], y[5]}, {1, 1, 1, 1, 1, 1});
  b.add_row("mix0", -kInfinity, 12, {y[2], y[3], y[4], y[5]}, {3, -2, 4, 4});
  b.add_row("mix1", -kInfinity, 11, {z[3], y[0], y[1], y[2]}, {3, 2, 2, 4});
  const Model m = b.build();
  const auto res = solve_lp(m);
  REQUIRE(res.status == LpStatus::infeasible);
  CHECK(proves_infeasible(m, res.farkas_row_multipliers));
}

TEST_CASE("infeasible: contradictory equalities on free columns", "[certificates]") {
  // x + y = 1 and x + y = 2 with x, y free: y = (-1, 1) gives z = 0 and min y^T r = 1 > 0.
  ModelBuilder b("contradiction");
  const int x = b.add_column("x", 1, -kInfinity, kInfinity);
  const int y = b.add_column("y", -1, -kInfinity, kInfinity);
  b.add_row("one", 1, 1, {x, y}, {1, 1});
  b.add_row("two", 2, 2, {x, y}, {1, 1});
  const Model m = b.build();
  const auto res = solve_lp(m);
  REQUIRE(res.status == LpStatus::infeasible);
  CHECK(proves_infeasible(m, res.farkas_row_multipliers));
}

TEST_CASE("infeasible: chain of rows", "[certificates]") {
  // x1 >= 0, x1 - x2 >= 1, x2 - x3 >= 1, x3 - x1 >= 1: summing gives 0 >= 3.
  ModelBuilder b("cycle", ObjectiveSense::maximize);
  const int x1 = b.add_column("x1", 1, 0, kInfinity);
  const int x2 = b.add_column("x2", 0, -kInfinity, kInfinity);
  const int x3 = b.add_column("x3", 0, -kInfinity, 10);
  b.add_row("a", 1, kInfinity, {x1, x2}, {1, -1});
  b.add_row("b", 1, kInfinity, {x2, x3}, {1, -1});
  b.add_row("c", 1, kInfinity, {x3, x1}, {1, -1});
  const Model m = b.build();
  const auto res = solve_lp(m);
  REQUIRE(res.status == LpStatus::infeasible);
  CHECK(proves_infeasible(m, res.farkas_row_multipliers));
}

TEST_CASE("unbounded: ray checked by hand", "[certificates]") {
  // min -x - y with x - y <= 1, x, y >= 0: direction (1, 1) keeps x - y fixed, objective -> -inf.
  for (auto sense : {ObjectiveSense::minimize, ObjectiveSense::maximize}) {
    const double s = sense == ObjectiveSense::minimize ? 1.0 : -1.0;
    ModelBuilder b("unbounded", sense);
    const int x = b.add_column("x", -s, 0, kInfinity);
    const int y = b.add_column("y", -s, 0, kInfinity);
    b.add_row("r", -kInfinity, 1, {x, y}, {1, -1});
    const Model m = b.build();
    const auto res = solve_lp(m);
    REQUIRE(res.status == LpStatus::unbounded);
    const auto& d = res.primal_ray;
    REQUIRE(d.size() == 2);
    CHECK(d[0] >= -1e-12);
    CHECK(d[1] >= -1e-12);
    CHECK(d[0] - d[1] <= 1e-9 * std::max(std::abs(d[0]), 1.0));
    // Objective slope c^T d = -s (d0 + d1) must improve: negative for min, positive for max.
    CHECK(s * (-s * (d[0] + d[1])) < 0.0);
    // And a feasible point was found.
    CHECK(res.x[0] - res.x[1] <= 1.0 + 1e-9);
  }
}

TEST_CASE("unbounded with a free column and an equality", "[certificates]") {
  // min z, x + y = 2, z - x <= 0, x free, y >= 0, z free: x -> -inf (y = 2 - x grows), z <= x.
  ModelBuilder b("free-unbounded");
  const int x = b.add_column("x", 0, -kInfinity, kInfinity);
  const int y = b.add_column("y", 0, 0, kInfinity);
  const int z = b.add_column("z", 1, -kInfinity, kInfinity);
  b.add_row("eq", 2, 2, {x, y}, {1, 1});
  b.add_row("le", -kInfinity, 0, {z, x}, {1, -1});
  const Model m = b.build();
  const auto res = solve_lp(m);
  REQUIRE(res.status == LpStatus::unbounded);
  const auto& d = res.primal_ray;
  CHECK(std::abs(d[0] + d[1]) <= 1e-9);
  CHECK(d[1] >= -1e-12);
  CHECK(d[2] - d[0] <= 1e-9);
  CHECK(d[2] < 0.0);
}

TEST_CASE("library certificate checks accept and reject hand-made certificates", "[certificates]") {
  ModelBuilder b("infeasible");
  const int x = b.add_column("x", 1, 0, 1);
  const int y = b.add_column("y", 1, 0, 1);
  b.add_row("r", 3, kInfinity, {x, y}, {1, 1});
  b.add_row("s", -kInfinity, 10, {x, y}, {1, -1});
  const Model m = b.build();
  CHECK(fleetopt::lp::is_farkas_certificate(m, {1.0, 0.0}));
  CHECK(fleetopt::lp::is_farkas_certificate(m, {-2.0, 0.0}));  // either sign
  CHECK_FALSE(fleetopt::lp::is_farkas_certificate(m, {0.0, 1.0}));
  CHECK_FALSE(fleetopt::lp::is_farkas_certificate(m, {1.0, 1.0}));

  ModelBuilder u("unbounded");
  const int ux = u.add_column("x", -1, 0, kInfinity);
  const int uy = u.add_column("y", 0, 0, 5);
  u.add_row("r", -kInfinity, 1, {ux, uy}, {1, -1});
  const Model um = u.build();
  CHECK_FALSE(fleetopt::lp::is_primal_ray(um, {1.0, 0.0}));  // x - y grows past 1
  CHECK_FALSE(fleetopt::lp::is_primal_ray(um, {1.0, 1.0}));  // y is bounded above
  CHECK_FALSE(fleetopt::lp::is_primal_ray(um, {0.0, 0.0}));
  ModelBuilder u2("unbounded2");
  const int vx = u2.add_column("x", -1, 0, kInfinity);
  u2.add_row("r", 1, kInfinity, {vx}, {1});
  const Model um2 = u2.build();
  CHECK(fleetopt::lp::is_primal_ray(um2, {3.0}));
  CHECK_FALSE(fleetopt::lp::is_primal_ray(um2, {-3.0}));
}

TEST_CASE("a Farkas proof holds beyond the rounding of its sums, however small its margin", "[certificates]") {
  // 18000 x + 18000 y <= 18000 and x + y >= 1 + 4e-10, x, y in [0, 1]: with y = (-1/18000, 1),
  // z = A^T y = 0 and the rows need 0 >= -1 + (1 + 4e-10): infeasible by 4e-10 with sums of size 2,
  // far above their rounding (1e-16 each). A fixed 1e-9 relative margin used to reject this proof.
  // With the second side at 1 - 4e-10 the same multipliers prove nothing (x = 1, y = 0 fits).
  for (const double excess : {4e-10, -4e-10}) {
    ModelBuilder b("barely");
    const int x = b.add_column("x", 0, 0, 1);
    const int y = b.add_column("y", 0, 0, 1);
    b.add_row("scaled", -kInfinity, 18000, {x, y}, {18000, 18000});
    b.add_row("over", 1 + excess, kInfinity, {x, y}, {1, 1});
    const Model m = b.build();
    CHECK(fleetopt::lp::is_farkas_certificate(m, {-1.0 / 18000, 1.0}) == (excess > 0));
  }
  // An entry of z taken for rounding noise still counts with its bound. x + y >= 3 and
  // (1 - 1e-8) x + y <= 2.99999999 with x in [0, 10], y in [0, 1] is feasible (x = 3, y = 0 gives
  // 2.99999997); y = (1, -1) leaves z_x = 1e-8, below the noise floor, and the rows' sides differ
  // by 1e-8: dropping z_x made this a "proof" of infeasibility, but z_x x reaches 1e-7.
  ModelBuilder c("noise");
  const int cx = c.add_column("x", 1, 0, 10);
  const int cy = c.add_column("y", 0, 0, 1);
  c.add_row("r", 3, kInfinity, {cx, cy}, {1, 1});
  c.add_row("s", -kInfinity, 2.99999999, {cx, cy}, {1 - 1e-8, 1});
  const Model cm = c.build();
  CHECK_FALSE(fleetopt::lp::is_farkas_certificate(cm, {1.0, -1.0}));
  CHECK(solve_lp(cm).status == LpStatus::optimal);
}

namespace {
// x in [0, 1], w free, "need" x >= need and "link" 8e6 w - x = 0: infeasible for need > 1.
Model free_column_model(double need) {
  ModelBuilder b("free column");
  const int x = b.add_column("x", 0, 0, 1);
  const int w = b.add_column("w", 0, -kInfinity, kInfinity);
  b.add_row("need", need, kInfinity, {x}, {1});
  b.add_row("link", 0, 0, {x, w}, {-1, 8e6});
  return b.build();
}
}  // namespace

TEST_CASE("a Farkas ray with rounding on a free column is repaired, and only into a proof", "[certificates]") {
  // need = 2: "need" is infeasible on its own (y = e_need, z = (1, 0): max z^T x = 1 < 2); "link"
  // ties the free w in. A solver's ray with 1.9e-14 on "link" (BTRAN rounding; the generated MILP
  // general_n400_s4701 had exactly this) gives z_w = 1.5e-7 on a free column: the maximum of
  // z^T x is infinite and the check rightly fails. The repair moves z_w into the multiplier of
  // "link" and the ray proves infeasibility again.
  const Model m = free_column_model(2);
  std::vector<double> ray{1.0, 1.9e-14};
  REQUIRE_FALSE(fleetopt::lp::is_farkas_certificate(m, ray));
  REQUIRE(fleetopt::lp::repair_farkas_ray(m, ray));
  CHECK(proves_infeasible(m, ray));  // the independent check of this file
  CHECK(std::abs(ray[1]) < 1e-15);   // the repair took the noise out of "link"
  CHECK(solve_lp(m).status == LpStatus::infeasible);

  // With need = 1 the model is feasible (x = 1, w = 1/8e6): no repair may make a proof of the
  // same ray, whichever small entries it moves.
  const Model fm = free_column_model(1);
  REQUIRE(solve_lp(fm).status == LpStatus::optimal);
  for (const double noise : {1.9e-14, -1.9e-14, 1e-12, 0.0}) {
    std::vector<double> y{1.0, noise};
    CHECK_FALSE(fleetopt::lp::repair_farkas_ray(fm, y));
  }
  // A z on a free column that is no rounding (1e-3 of the ray) is left alone.
  std::vector<double> large{1.0, 1.25e-10};
  CHECK_FALSE(fleetopt::lp::repair_farkas_ray(m, large));

  // Two free columns in the same two rows: taking the noise out of one row moves the other
  // column, so both are repaired at once (w1 + w2 and w1 - w2 tie them to x).
  ModelBuilder t("two free");
  const int tx = t.add_column("x", 0, 0, 1);
  const int w1 = t.add_column("w1", 0, -kInfinity, kInfinity);
  const int w2 = t.add_column("w2", 0, -kInfinity, kInfinity);
  t.add_row("need", 2, kInfinity, {tx}, {1});
  t.add_row("sum", 0, 0, {tx, w1, w2}, {-1, 8e6, 8e6});
  t.add_row("difference", 0, 0, {w1, w2}, {8e6, -8e6});
  const Model tm = t.build();
  std::vector<double> two{1.0, 3e-14, -1e-14};  // z_w1 = 1.6e-7, z_w2 = 3.2e-7
  REQUIRE_FALSE(fleetopt::lp::is_farkas_certificate(tm, two));
  REQUIRE(fleetopt::lp::repair_farkas_ray(tm, two));
  CHECK(proves_infeasible(tm, two));
  CHECK(solve_lp(tm).status == LpStatus::infeasible);
}

TEST_CASE("a tiny multiplier on a row's infinite side is repaired to 0, and only into a proof", "[certificates]") {
  // x in [0, 1], w in [0, 1]; "need" x >= need; "cap" x + w <= 5 (no lower side). For need = 2,
  // y = e_need proves infeasibility; a ray with 1e-12 on "cap" (BTRAN rounding, as on the badly
  // scaled generated MILP general_n400_s4704_mixed) would need cap's missing lower side, so the
  // check rightly fails; the repair sets that multiplier to 0.
  const auto model = [](double need) {
    ModelBuilder b("infinite side");
    const int x = b.add_column("x", 0, 0, 1);
    const int w = b.add_column("w", 0, 0, 1);
    b.add_row("need", need, kInfinity, {x}, {1});
    b.add_row("cap", -kInfinity, 5, {x, w}, {1, 1});
    return b.build();
  };
  const Model m = model(2);
  std::vector<double> ray{1.0, 1e-12};
  REQUIRE_FALSE(fleetopt::lp::is_farkas_certificate(m, ray));
  REQUIRE(fleetopt::lp::repair_farkas_ray(m, ray));
  CHECK(proves_infeasible(m, ray));  // the independent check of this file
  CHECK(ray[1] == 0.0);
  // A multiplier that is no rounding (1e-3 of the ray) is left alone.
  std::vector<double> large{1.0, 1e-3};
  CHECK_FALSE(fleetopt::lp::repair_farkas_ray(m, large));
  // need = 0.5 is feasible: the same ray must not become a proof.
  const Model fm = model(0.5);
  REQUIRE(solve_lp(fm).status == LpStatus::optimal);
  std::vector<double> same{1.0, 1e-12};
  CHECK_FALSE(fleetopt::lp::repair_farkas_ray(fm, same));
}

TEST_CASE("an entry of z below the noise floor counts with its own bound, not with its reach", "[certificates]") {
  // x in [0, 1000], y in [0, 1]; "r" x + y >= 1; "s" (1 + 1e-8) x + y <= top. Since x >= 0 makes
  // (1 + 1e-8) x + y >= x + y >= 1, the rows are infeasible exactly when top < 1. y = (1, -1) gives
  // z = (-1e-8, 0): below the noise floor, on the side of x's finite lower bound 0, so z^T x is at
  // most 0 and the proof's margin is 1 - top. Counting |z_x| times x's reach (1e-5) as doubt
  // rejected the proof for top = 1 - 5e-7; the feasible top = 1 + 5e-7 stays rejected.
  for (const double excess : {5e-7, -5e-7}) {
    ModelBuilder b("below the floor");
    const int x = b.add_column("x", 0, 0, 1000);
    const int y = b.add_column("y", 0, 0, 1);
    b.add_row("r", 1, kInfinity, {x, y}, {1, 1});
    b.add_row("s", -kInfinity, 1 - excess, {x, y}, {1 + 1e-8, 1});
    const Model m = b.build();
    CHECK(fleetopt::lp::is_farkas_certificate(m, {1.0, -1.0}) == (excess > 0));
    CHECK(solve_lp(m).status == (excess > 0 ? LpStatus::infeasible : LpStatus::optimal));
  }
}

// --- Lagrangian (weak duality) bounds: hand-computed values ---

namespace {
// min x + y  s.t.  x + y >= 2,  x - y <= 1,  0 <= x, y <= 10. Optimum 2 (e.g. x = y = 1).
Model two_by_two(ObjectiveSense sense = ObjectiveSense::minimize) {
  ModelBuilder b("lagrange", sense);
  const int x = b.add_column("x", 1.0, 0.0, 10.0);
  const int y = b.add_column("y", 1.0, 0.0, 10.0);
  b.add_row("cover", 2.0, kInfinity, {x, y}, {1.0, 1.0});
  b.add_row("diff", -kInfinity, 1.0, {x, y}, {1.0, -1.0});
  return b.build();
}
}  // namespace

TEST_CASE("lagrangian bound: hand-computed values for chosen multipliers", "[lp][certificates]") {
  const Model m = two_by_two();
  // y = (1, 0): d = (0, 0), bound = 1 * 2 = 2 (the optimum: an exact dual).
  CHECK(fleetopt::lp::lagrangian_bound(m, {1.0, 0.0}) == Approx(2.0).margin(1e-12));
  // y = (0.5, 0): d = (0.5, 0.5) at lower bounds 0, bound = 1.
  CHECK(fleetopt::lp::lagrangian_bound(m, {0.5, 0.0}) == Approx(1.0).margin(1e-12));
  // y = (-1, 0) would need the cover row's (infinite) upper side: it is dropped, bound 0.
  CHECK(fleetopt::lp::lagrangian_bound(m, {-1.0, 0.0}) == Approx(0.0).margin(1e-12));
  // y = (2, 0): d = (-1, -1) at upper bounds 10, bound = 4 - 20 = -16.
  CHECK(fleetopt::lp::lagrangian_bound(m, {2.0, 0.0}) == Approx(-16.0).margin(1e-12));
  // Never above the optimum, whatever the multipliers.
  for (double y0 : {-3.0, 0.0, 0.3, 1.0, 1.7, 5.0})
    for (double y1 : {-2.0, -0.5, 0.0, 0.5})
      CHECK(fleetopt::lp::lagrangian_bound(m, {y0, y1}) <= 2.0 + 1e-12);
}

TEST_CASE("lagrangian bound: maximisation gives an upper bound", "[lp][certificates]") {
  // max x + y s.t. x + y <= 3 (as 'diff' row replaced), 0 <= x, y <= 10: optimum 3.
  ModelBuilder b("lagrange-max", ObjectiveSense::maximize);
  const int x = b.add_column("x", 1.0, 0.0, 10.0);
  const int y = b.add_column("y", 1.0, 0.0, 10.0);
  b.add_row("cap", -kInfinity, 3.0, {x, y}, {1.0, 1.0});
  const Model m = b.build();
  CHECK(fleetopt::lp::lagrangian_bound(m, {1.0}) == Approx(3.0).margin(1e-12));
  // y = 0: d = (1, 1) at upper bounds: 20.
  CHECK(fleetopt::lp::lagrangian_bound(m, {0.0}) == Approx(20.0).margin(1e-12));
  for (double y0 : {0.0, 0.5, 1.0, 2.0, 7.0}) CHECK(fleetopt::lp::lagrangian_bound(m, {y0}) >= 3.0 - 1e-12);
}

TEST_CASE("lp answers carry a proven dual bound: optimal, cutoff and iteration limit", "[lp][certificates]") {
  const Model m = two_by_two();
  fleetopt::lp::LpSolver solver(m);
  REQUIRE(solver.solve() == LpStatus::optimal);
  CHECK(solver.result().dual_bound == Approx(2.0).margin(1e-9));
  CHECK(solver.result().dual_bound <= 2.0 + 1e-12);

  // Raise the lower bound of x to 3: x - y <= 1 forces y >= 2, so the optimum becomes 5
  // (x = 3, y = 2); a cutoff at 4 stops the dual simplex once its proven bound passes 4.
  solver.set_col_bounds(0, 3.0, 10.0);
  solver.set_objective_cutoff(4.0);
  const LpStatus status = solver.solve();
  REQUIRE((status == LpStatus::cutoff || status == LpStatus::optimal));
  CHECK(solver.result().dual_bound >= 4.0);
  CHECK(solver.result().dual_bound <= 5.0 + 1e-12);

  // An iteration-limited solve's bound is still a bound.
  fleetopt::lp::LpSolver limited(m);
  limited.set_iteration_limit(0);
  const LpStatus s0 = limited.solve();
  if (s0 == LpStatus::iteration_limit) CHECK(limited.result().dual_bound <= 2.0 + 1e-12);
}
