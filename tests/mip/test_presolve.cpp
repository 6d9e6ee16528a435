// Root strengthening: hand-derived bound propagation and coefficient tightening, detected
// infeasibility, and (by enumeration) an unchanged set of integer solutions on random models.
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdint>

#include "fleetopt/core/model.hpp"
#include "fleetopt/mip/mip_solver.hpp"
#include "fleetopt/mip/presolve.hpp"

using namespace fleetopt;
using core::kInfinity;
using core::ModelBuilder;

TEST_CASE("presolve: bound propagation, hand-derived", "[mip][presolve]") {
  // x + y <= 5 and 2x + 3y >= 12, x, y in 0..10 integer. cap: x, y <= 5. cover with x <= 5:
  // 3y >= 2, y >= 1. cap: x <= 4. cover: 3y >= 4, y >= 2. cap: x <= 3. cover: 3y >= 6, y >= 2:
  // the fixed point is x in [0, 3], y in [2, 5] (x >= (12 - 15) / 2 gives nothing).
  ModelBuilder b("propagate");
  const int x = b.add_column("x", 1.0, 0.0, 10.0, true);
  const int y = b.add_column("y", 1.0, 0.0, 10.0, true);
  b.add_row("cap", -kInfinity, 5.0, {x, y}, {1.0, 1.0});
  b.add_row("cover", 12.0, kInfinity, {x, y}, {2.0, 3.0});
  core::Model m = b.build();
  const mip::PresolveStats stats = mip::strengthen(m);
  CHECK(!stats.infeasible);
  CHECK(m.col_lower[x] == 0.0);
  CHECK(m.col_upper[x] == 3.0);
  CHECK(m.col_lower[y] == 2.0);
  CHECK(m.col_upper[y] == 5.0);
  // With x + y <= 3 the same rows have no integer point (2x + 3y <= 9): detected.
  core::Model tight = m;
  tight.row_upper[0] = 3.0;
  CHECK(mip::strengthen(tight).infeasible);
  // A continuous column keeps a finite bound (an implied tighter one adds nothing to the LP).
  ModelBuilder c("continuous");
  const int z = c.add_column("z", 1.0, 0.0, 10.0);
  c.add_row("cap", -kInfinity, 3.0, {z}, {1.0});
  core::Model mc = c.build();
  CHECK(mip::strengthen(mc).closed_continuous_bounds == 0);
  CHECK(mc.col_upper[z] == 10.0);
}

TEST_CASE("presolve: infinite continuous bounds take the implied ones", "[mip][presolve]") {
  // A fixed-charge arc: flow f in [0, inf) with f <= 7 b (b binary) gives f <= 7; a free column
  // g with g - f >= -2 and g + f <= 20 gives g >= -2 + 0 and g <= 20 - 0 (f >= 0); h in
  // [0, inf) appears in no row that bounds it from above and stays unbounded.
  ModelBuilder b("fixed-charge");
  const int f = b.add_column("f", -1.0, 0.0, kInfinity);
  const int on = b.add_column("b", 3.0, 0.0, 1.0, true);
  const int g = b.add_column("g", 0.0, -kInfinity, kInfinity);
  const int h = b.add_column("h", 1.0, 0.0, kInfinity);
  b.add_row("vub", -kInfinity, 0.0, {f, on}, {1.0, -7.0});
  b.add_row("below", -2.0, kInfinity, {g, f}, {1.0, -1.0});
  b.add_row("above", -kInfinity, 20.0, {g, f}, {1.0, 1.0});
  b.add_row("demand", 1.0, kInfinity, {h, f}, {1.0, 1.0});
  const core::Model original = b.build();
  core::Model m = original;
  const mip::PresolveStats stats = mip::strengthen(m);
  REQUIRE_FALSE(stats.infeasible);
  CHECK(stats.closed_continuous_bounds == 3);
  CHECK(m.col_lower[f] == 0.0);
  CHECK(m.col_upper[f] == 7.0);
  CHECK(m.col_lower[g] == -2.0);
  CHECK(m.col_upper[g] == 20.0);
  CHECK(m.col_lower[h] == 0.0);
  CHECK(m.col_upper[h] == kInfinity);
  // The MILP keeps its optimum: b = 1, f = 7 (g in [5, 13], h = 0) gives -7 + 3 = -4; b = 0
  // forces f = 0 and h >= 1, objective 1.
  const mip::MipResult r = mip::solve_mip(original);
  REQUIRE(r.status == mip::MipStatus::optimal);
  REQUIRE(r.objective.has_value());
  CHECK(*r.objective == Approx(-4.0));
}

TEST_CASE("presolve: a loose big-M shrinks to what the bounds allow", "[mip][presolve]") {
  // x - 100 b <= 0 with x in [0, 10]: with b = 1 the row cannot bind, slack d = 100 - 10 = 90,
  // so the coefficient of b becomes -10 (the tightest big-M).
  ModelBuilder b("bigm", core::ObjectiveSense::maximize);
  const int x = b.add_column("x", 1.0, 0.0, 10.0);
  const int on = b.add_column("b", -1.0, 0.0, 1.0, true);
  b.add_row("vub", -kInfinity, 0.0, {x, on}, {1.0, -100.0});
  core::Model m = b.build();
  const mip::PresolveStats stats = mip::strengthen(m);
  CHECK(stats.tightened_coefficients == 1);
  REQUIRE(m.matrix.col_start[on + 1] - m.matrix.col_start[on] == 1);
  CHECK(m.matrix.value[m.matrix.col_start[on]] == Approx(-10.0));
  CHECK(m.row_upper[0] == 0.0);
  // The >= form of the same row: -x + 100 b >= 0 becomes -x + 10 b >= 0.
  ModelBuilder g("bigm-ge");
  const int gx = g.add_column("x", 1.0, 0.0, 10.0);
  const int gb = g.add_column("b", 1.0, 0.0, 1.0, true);
  g.add_row("vub", 0.0, kInfinity, {gx, gb}, {-1.0, 100.0});
  core::Model mg = g.build();
  mip::strengthen(mg);
  CHECK(mg.matrix.value[mg.matrix.col_start[gb]] == Approx(10.0));
  CHECK(mg.row_lower[0] == 0.0);
}

TEST_CASE("presolve: a row no point of the box satisfies is infeasible", "[mip][presolve]") {
  ModelBuilder b("impossible");
  const int x = b.add_column("x", 1.0, 0.0, 10.0);
  const int y = b.add_column("y", 1.0, 0.0, 10.0, true);
  b.add_row("too_much", 25.0, kInfinity, {x, y}, {1.0, 1.0});
  core::Model m = b.build();
  const mip::PresolveStats stats = mip::strengthen(m);
  CHECK(stats.infeasible);
  CHECK(stats.reason.find("too_much") != std::string::npos);
}

TEST_CASE("presolve: random pure integer models keep exactly their integer solutions", "[mip][presolve]") {
  std::uint64_t state = 12345;
  auto below = [&state](int n) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<int>((state >> 33) % static_cast<std::uint64_t>(n));
  };
  int strengthened = 0;
  for (int trial = 0; trial < 200; ++trial) {
    const int n = 2 + below(3), rows = 1 + below(3);
    ModelBuilder b("random");
    for (int j = 0; j < n; ++j) {
      const bool binary = below(2) == 0;
      b.add_column("x" + std::to_string(j), 1.0, binary ? 0.0 : -below(3), binary ? 1.0 : below(4), true);
    }
    for (int i = 0; i < rows; ++i) {
      std::vector<int> cols;
      std::vector<double> vals;
      for (int j = 0; j < n; ++j) {
        const int a = below(21) - 10;
        if (a != 0) {
          cols.push_back(j);
          vals.push_back(a);
        }
      }
      if (cols.empty()) continue;
      const double rhs = below(21) - 8;
      const int kind = below(3);
      b.add_row("r" + std::to_string(i), kind == 1 ? -kInfinity : rhs, kind == 0 ? kInfinity : rhs + below(6), cols,
                vals);
    }
    const core::Model original = b.build();
    core::Model m = original;
    const mip::PresolveStats stats = mip::strengthen(m);
    strengthened += stats.tightened_coefficients > 0 || stats.tightened_bounds > 0;
    // Enumerate the ORIGINAL box; each point must be feasible in both models or in neither.
    std::vector<int> x(n);
    for (int j = 0; j < n; ++j) x[j] = static_cast<int>(original.col_lower[j]);
    int feasible_points = 0;
    while (true) {
      auto feasible = [&](const core::Model& model) {
        for (int j = 0; j < n; ++j)
          if (x[j] < model.col_lower[j] - 1e-9 || x[j] > model.col_upper[j] + 1e-9) return false;
        std::vector<double> xd(x.begin(), x.end());
        const std::vector<double> act = model.row_activity(xd);
        for (int i = 0; i < model.num_rows(); ++i)
          if (act[i] < model.row_lower[i] - 1e-9 || act[i] > model.row_upper[i] + 1e-9) return false;
        return true;
      };
      const bool before = feasible(original);
      feasible_points += before;
      INFO("trial " << trial);
      CHECK(before == (feasible(m) && !stats.infeasible));
      int j = 0;
      while (j < n && x[j] == static_cast<int>(original.col_upper[j])) x[j] = static_cast<int>(original.col_lower[j]), ++j;
      if (j == n) break;
      ++x[j];
    }
    if (stats.infeasible) CHECK(feasible_points == 0);
  }
  CHECK(strengthened > 20);  // the test exercised the strengthening, not only trivial models
}

TEST_CASE("integer bounds are rounded inwards, with or without presolve", "[mip][presolve]") {
  // max x + y, x integer in [0.5, 3.7], y integer in [-2.2, 1.9]: the box holds x in 1..3 and y in
  // -2..1, so the optimum is 4 (and the minimum -1).
  ModelBuilder b("fractional bounds", core::ObjectiveSense::maximize);
  const int x = b.add_column("x", 1.0, 0.5, 3.7, true);
  const int y = b.add_column("y", 1.0, -2.2, 1.9, true);
  b.add_row("loose", -kInfinity, 100.0, {x, y}, {1.0, 1.0});
  core::Model m = b.build();
  std::string reason;
  core::Model rounded = m;
  REQUIRE(mip::round_integer_bounds(rounded, reason));
  CHECK(rounded.col_lower[x] == 1.0);
  CHECK(rounded.col_upper[x] == 3.0);
  CHECK(rounded.col_lower[y] == -2.0);
  CHECK(rounded.col_upper[y] == 1.0);
  for (const bool presolve : {true, false}) {
    INFO("presolve " << presolve);
    mip::MipOptions o;
    o.presolve = presolve;
    const mip::MipResult best = mip::solve_mip(m, o);
    REQUIRE(best.status == mip::MipStatus::optimal);
    CHECK(*best.objective == Approx(4.0));
    core::Model low = m;
    low.sense = core::ObjectiveSense::minimize;
    const mip::MipResult least = mip::solve_mip(low, o);
    REQUIRE(least.status == mip::MipStatus::optimal);
    CHECK(*least.objective == Approx(-1.0));
    // A column fixed at 2.5 leaves no integer value: infeasible, naming the column (a heuristic
    // used to fail on it instead).
    core::Model fixed = m;
    fixed.col_lower[x] = fixed.col_upper[x] = 2.5;
    const mip::MipResult none = mip::solve_mip(fixed, o);
    CHECK(none.status == mip::MipStatus::infeasible);
    CHECK_THAT(none.message, Catch::Contains("x"));
  }
}

TEST_CASE("presolve: sides of integral rows round to multiples of the coefficients' divisor", "[mip][presolve]") {
  // 3x + 6y <= 100 with x, y integer: the activity is a multiple of 3, so the side becomes 99;
  // 4x - 6y >= -7 becomes >= -6. 3x + 6y = 100 has no integer point at all (100 is no multiple
  // of 3), nor 2x - 2y = 1 (the LP of which is unbounded when minimising -x over free columns).
  ModelBuilder b("divisor");
  const int x = b.add_column("x", 1.0, 0.0, 50.0, true);
  const int y = b.add_column("y", 1.0, 0.0, 50.0, true);
  b.add_row("le", -kInfinity, 100.0, {x, y}, {3.0, 6.0});
  b.add_row("ge", -7.0, kInfinity, {x, y}, {4.0, -6.0});
  core::Model m = b.build();
  core::Model equal = m;
  REQUIRE_FALSE(mip::strengthen(m).infeasible);
  CHECK(m.row_upper[0] == 99.0);
  CHECK(m.row_lower[1] == -6.0);

  equal.row_lower[0] = 100.0;
  const mip::PresolveStats none = mip::strengthen(equal);
  CHECK(none.infeasible);
  CHECK_THAT(none.reason, Catch::Contains("multiples of 3"));

  ModelBuilder parity("parity");
  const int u = parity.add_column("u", -1.0, -kInfinity, kInfinity, true);
  const int v = parity.add_column("v", 0.0, -kInfinity, kInfinity, true);
  parity.add_row("odd", 1.0, 1.0, {u, v}, {2.0, -2.0});
  const mip::MipResult r = mip::solve_mip(parity.build());
  CHECK(r.status == mip::MipStatus::infeasible);
  // A fractional coefficient or a continuous column leaves the row alone.
  ModelBuilder mixed("mixed");
  const int p = mixed.add_column("p", 1.0, 0.0, 50.0, true);
  const int q = mixed.add_column("q", 1.0, 0.0, 50.0);
  mixed.add_row("le", -kInfinity, 100.0, {p, q}, {3.0, 6.0});
  core::Model mm = mixed.build();
  mip::strengthen(mm);
  CHECK(mm.row_upper[0] == 100.0);
}
