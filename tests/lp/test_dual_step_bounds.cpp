// Dual-step bounds of a split (dual_step_bounds.hpp): each proven bound must not pass the child
// LP's optimum, which a cold solve of the child computes independently; on a hand-derived LP the
// step gives the child's exact optimum.
#include <catch2/catch.hpp>
#include <cmath>
#include <random>

#include "fleetopt/core/model.hpp"
#include "fleetopt/lp/dual_step_bounds.hpp"
#include "fleetopt/lp/lp_solver.hpp"

using fleetopt::core::kInfinity;
using fleetopt::core::Model;
using fleetopt::core::ObjectiveSense;
using fleetopt::lp::LpSolver;
using fleetopt::lp::LpStatus;
using fleetopt::lp::SplitDualStepBounds;

namespace {

// Rows as loose as a proof's rounding margin (certificates.hpp) and the LP's tolerances allow.
constexpr double kBoundSlackRelative = 1e-7;

// A random feasible LP with a column box and rows around the activity of a box point, some rows
// equalities; unless `all_boxed`, a few columns with no upper bound, so that steps can end at an
// infinite range.
Model split_test_lp(unsigned seed, ObjectiveSense sense, bool all_boxed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  const int cols = 6 + static_cast<int>(8 * u(rng)), rows = 3 + static_cast<int>(6 * u(rng));
  fleetopt::core::ModelBuilder b("split" + std::to_string(seed), sense);
  std::vector<double> x0(cols);
  for (int j = 0; j < cols; ++j) {
    const double hi = 1 + std::floor(4 * u(rng));
    x0[j] = hi * u(rng);
    b.add_column("x" + std::to_string(j), std::round(20 * u(rng) - 10), 0.0,
                 all_boxed || u(rng) < 0.85 ? hi : kInfinity);
  }
  for (int i = 0; i < rows; ++i) {
    std::vector<int> idx;
    std::vector<double> val;
    double act = 0.0;
    for (int j = 0; j < cols; ++j)
      if (u(rng) < 0.5) {
        idx.push_back(j);
        val.push_back(std::round(10 * u(rng)) + 1);
        act += val.back() * x0[j];
      }
    const double kind = u(rng);
    if (kind < 0.2) b.add_row("r" + std::to_string(i), act, act, idx, val);
    else if (kind < 0.7) b.add_row("r" + std::to_string(i), -kInfinity, act + 2 * u(rng), idx, val);
    else b.add_row("r" + std::to_string(i), act - 2 * u(rng), act + 4 * u(rng), idx, val);
  }
  return b.build();
}

// The child's optimum by a cold solve (+-infinity, toward the worse side, when it is infeasible).
double child_optimum(Model child) {
  LpSolver solver(child);
  const LpStatus status = solver.solve();
  if (status == LpStatus::infeasible) return child.sense == ObjectiveSense::minimize ? kInfinity : -kInfinity;
  REQUIRE(status == LpStatus::optimal);
  return solver.result().objective;
}

}  // namespace

TEST_CASE("dual-step bounds on a hand-derived LP give the children's optima", "[dual_step]") {
  // min -x1 - x2, x1 + x2 <= 1.5, 0 <= x <= 1: one column at 1, the other basic at 0.5. Down
  // (that column <= 0): the step leaves the row's dual at 0 and the other column at 1, so -1;
  // up (>= 1): the other column can go to 0.5 for free (reduced cost 0), so -1.5 stays.
  fleetopt::core::ModelBuilder b("hand");
  b.add_column("x1", -1.0, 0.0, 1.0);
  b.add_column("x2", -1.0, 0.0, 1.0);
  b.add_row("cap", -kInfinity, 1.5, {0, 1}, {1.0, 1.0});
  const Model model = b.build();
  LpSolver solver(model);
  REQUIRE(solver.solve() == LpStatus::optimal);
  const auto& x = solver.result().x;
  const int basic = std::abs(x[0] - 0.5) < 1e-9 ? 0 : 1;
  REQUIRE(std::abs(x[basic] - 0.5) < 1e-9);
  SplitDualStepBounds out;
  fleetopt::lp::DualStepScratch row;
  REQUIRE(fleetopt::lp::split_dual_step_bounds(solver, solver.result(), basic, 0.0, 1.0, solver.result().objective,
                                               out, row));
  CHECK(out.down.estimate == Approx(-1.0).margin(1e-9));
  REQUIRE(out.down.proven);
  CHECK(*out.down.proven == Approx(-1.0).margin(1e-9));
  CHECK(out.up.estimate == Approx(-1.5).margin(1e-9));
  REQUIRE(out.up.proven);
  CHECK(*out.up.proven == Approx(-1.5).margin(1e-9));
  // A column that is not basic has no tableau row to step along.
  CHECK_FALSE(fleetopt::lp::split_dual_step_bounds(solver, solver.result(), 1 - basic, -0.5, 0.5,
                                                   solver.result().objective, out, row));
}

TEST_CASE("tableau_row_entries lists tableau_row's nonzeros on the nonbasic variables", "[dual_step]") {
  int rows = 0;
  for (unsigned seed = 1; seed <= 30; ++seed) {
    const Model model = split_test_lp(seed, ObjectiveSense::minimize, false);
    LpSolver solver(model);
    if (solver.solve() != LpStatus::optimal) continue;
    const auto basis = solver.basis();
    std::vector<double> dense;
    std::vector<int> index;
    std::vector<double> value;
    for (int k = 0; k < static_cast<int>(basis.size()); ++k) {
      const bool basic = basis[k] == fleetopt::lp::VarStatus::basic;
      REQUIRE(solver.tableau_row(k, dense) == basic);
      REQUIRE(solver.tableau_row_entries(k, index, value) == basic);
      if (!basic) continue;
      ++rows;
      std::vector<double> from_entries(dense.size(), 0.0);
      for (std::size_t e = 0; e < index.size(); ++e) {
        CHECK(basis[index[e]] != fleetopt::lp::VarStatus::basic);
        from_entries[index[e]] = value[e];
      }
      from_entries[k] = 1.0;  // the row's own entry, which the entries leave out
      for (std::size_t i = 0; i < dense.size(); ++i) CHECK(from_entries[i] == Approx(dense[i]).margin(1e-12));
    }
  }
  CHECK(rows >= 100);
}

TEST_CASE("dual-step bounds never pass the child LP's optimum: random LPs", "[dual_step]") {
  int splits = 0, positive_gains = 0, infeasible_children = 0, unproven = 0;
  for (unsigned seed = 1; seed <= 150; ++seed) {
    const ObjectiveSense sense = seed % 2 ? ObjectiveSense::minimize : ObjectiveSense::maximize;
    const double s = sense == ObjectiveSense::minimize ? 1.0 : -1.0;
    const bool all_boxed = seed % 3 == 0;
    const Model model = split_test_lp(seed, sense, all_boxed);
    LpSolver solver(model);
    if (solver.solve() != LpStatus::optimal) continue;
    const auto answer = solver.result();
    fleetopt::lp::DualStepScratch row;
    for (int j = 0; j < model.num_cols(); ++j) {
      const double v = answer.x[j];
      if (std::abs(v - std::round(v)) < 1e-6) continue;
      SplitDualStepBounds out;
      if (!fleetopt::lp::split_dual_step_bounds(solver, answer, j, std::floor(v), std::ceil(v), answer.objective,
                                                out, row))
        continue;
      ++splits;
      for (int side = 0; side < 2; ++side) {
        Model child = model;
        if (side == 0) child.col_upper[j] = std::floor(v);
        else child.col_lower[j] = std::ceil(v);
        const double optimum = child_optimum(child);
        const fleetopt::lp::DualStepBound& bound = side == 0 ? out.down : out.up;
        INFO("seed " << seed << " column " << j << (side == 0 ? " down" : " up") << " optimum " << optimum
                     << " estimate " << bound.estimate);
        if (!bound.proven) {
          // No proof: a reduced cost a hair from 0 (the rounding of y' on a basic column) on a
          // column with no bound that way makes the Lagrangian bound infinite. Allowed only there.
          CHECK_FALSE(all_boxed);
          ++unproven;
          continue;
        }
        const double slack = kBoundSlackRelative * std::max(1.0, std::abs(optimum));
        // Never better than the node's LP, never worse than the child's optimum.
        CHECK(s * (*bound.proven - answer.objective) >= -kBoundSlackRelative * std::max(1.0, std::abs(answer.objective)));
        if (std::isfinite(optimum)) {
          CHECK(s * (*bound.proven - optimum) <= slack);
          CHECK(s * (bound.estimate - optimum) <= slack);
          if (s * (*bound.proven - answer.objective) > 1e-6) ++positive_gains;
        } else {
          ++infeasible_children;
        }
      }
    }
  }
  // The check above must have had something to bite on.
  CHECK(splits >= 100);
  CHECK(positive_gains >= 50);
  CHECK(infeasible_children >= 1);
  INFO("unproven " << unproven << " of " << 2 * splits);
  CHECK(unproven * 2 <= splits);
}
