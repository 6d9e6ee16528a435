// Warm start for branch and bound: after a bound change the warm re-solve from the previous basis
// must reach the optimum that a cold solve of the changed model reaches (1e-9 relative), on Netlib
// LPs and on randomly generated LPs. Also: basis()/set_basis() round trip and the objective cutoff.
#include <catch2/catch.hpp>
#include <cmath>
#include <random>
#include <utility>

#include "fleetopt/core/model.hpp"
#include "fleetopt/core/mps.hpp"
#include "fleetopt/core/paths.hpp"
#include "fleetopt/lp/basis_factor.hpp"
#include "fleetopt/lp/lp_solver.hpp"
#include "requirements.hpp"

using fleetopt::core::kInfinity;
using fleetopt::core::Model;
using fleetopt::lp::LpSolver;
using fleetopt::lp::LpStatus;

namespace {

constexpr double kWarmColdRelative = 1e-9;

// A random feasible, bounded LP: min c x, rows a_i x in [b_i - slack, b_i + slack] around the
// activity of a random point x0 inside the column box, so x0 is feasible.
Model random_lp(unsigned seed, int rows, int cols) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  fleetopt::core::ModelBuilder b("random" + std::to_string(seed));
  std::vector<double> x0(cols);
  for (int j = 0; j < cols; ++j) {
    const double lo = std::floor(-5 * u(rng)), hi = lo + 1 + std::floor(10 * u(rng));
    x0[j] = lo + (hi - lo) * u(rng);
    const double kind = u(rng);
    // Mostly boxed columns, some one-sided (so the LP stays bounded through boxed ones and rows).
    b.add_column("x" + std::to_string(j), 10 * u(rng) - 5, lo, kind < 0.8 ? hi : kInfinity);
  }
  for (int i = 0; i < rows; ++i) {
    std::vector<int> idx;
    std::vector<double> val;
    double act = 0.0;
    for (int j = 0; j < cols; ++j)
      if (u(rng) < 0.3) {
        idx.push_back(j);
        val.push_back(std::round(20 * u(rng) - 10) + 0.5);
        act += val.back() * x0[j];
      }
    const double kind = u(rng);
    if (kind < 0.3) b.add_row("r" + std::to_string(i), act, act, idx, val);
    else if (kind < 0.65) b.add_row("r" + std::to_string(i), -kInfinity, act + 3 * u(rng), idx, val);
    else b.add_row("r" + std::to_string(i), act - 3 * u(rng), kInfinity, idx, val);
  }
  return b.build();
}

// The bounds of column j in a branch away from the solver's last x_j: x_j <= floor(x_j*) on even
// steps, x_j >= ceil(x_j*) on odd ones, within `bounds`' box.
std::pair<double, double> branch_bounds(const LpSolver& solver, const Model& bounds, int j, int step) {
  const auto& x = solver.result().x;
  double lo = bounds.col_lower[j], hi = bounds.col_upper[j];
  const double v = x.empty() ? 0.0 : x[j];
  if (step % 2 == 0) hi = std::max(lo, std::floor(v - 0.5));
  else lo = std::min(hi, std::ceil(v + 0.5));
  return {lo, hi};
}

// Branches on a few columns in turn (x_j <= floor(x_j*) then x_j >= ceil(x_j*), as branch and
// bound would) and compares each warm solve with a cold one of the same bounds.
void check_warm_against_cold(const Model& original, int changes, unsigned seed) {
  Model changed = original;
  LpSolver warm(changed);
  REQUIRE(warm.solve() == LpStatus::optimal);
  std::mt19937 rng(seed);
  int compared = 0;
  for (int step = 0; step < changes; ++step) {
    const int j = static_cast<int>(rng() % original.num_cols());
    const auto [lo, hi] = branch_bounds(warm, changed, j, step);
    changed.col_lower[j] = lo;
    changed.col_upper[j] = hi;
    warm.set_col_bounds(j, lo, hi);
    const LpStatus ws = warm.solve();
    const auto cold = fleetopt::lp::solve_lp(changed);
    INFO("step " << step << " column " << j << " warm " << fleetopt::lp::to_string(ws) << " cold "
                 << fleetopt::lp::to_string(cold.status));
    REQUIRE(ws == cold.status);
    if (ws == LpStatus::optimal) {
      CHECK(std::abs(warm.result().objective - cold.objective) <=
            kWarmColdRelative * std::max(1.0, std::abs(cold.objective)));
      ++compared;
    } else {
      // Undo an infeasible branch so the sequence continues from a feasible model.
      changed.col_lower[j] = original.col_lower[j];
      changed.col_upper[j] = original.col_upper[j];
      warm.set_col_bounds(j, original.col_lower[j], original.col_upper[j]);
      REQUIRE(warm.solve() == LpStatus::optimal);
    }
  }
  CHECK(compared > 0);
}

}  // namespace

TEST_CASE("warm start after bound changes matches a cold solve: random LPs", "[warm]") {
  for (unsigned seed = 1; seed <= 6; ++seed) {
    const Model m = random_lp(seed, 30 + 5 * static_cast<int>(seed), 40);
    const auto cold = fleetopt::lp::solve_lp(m);
    REQUIRE(cold.status == LpStatus::optimal);
    check_warm_against_cold(m, 8, seed);
  }
}

TEST_CASE("warm start after bound changes matches a cold solve: Netlib", "[warm]") {
  const auto dir = fleetopt::core::shared_data_dir();
  if (!dir) {
    fleetopt::test::missing_shared_data();
    return;
  }
  for (const char* name : {"afiro", "sc105", "share2b", "kb2", "scagr7", "vtpbase"}) {
    INFO(name);
    const Model m = fleetopt::core::read_mps(*dir / "netlib" / (std::string(name) + ".mps.gz"));
    check_warm_against_cold(m, 6, 7);
  }
}

TEST_CASE("an unchanged model re-solves warm in zero iterations, and set_basis restores a basis", "[warm]") {
  const Model m = random_lp(11, 40, 50);
  LpSolver a(m);
  REQUIRE(a.solve() == LpStatus::optimal);
  const double optimum = a.result().objective;
  REQUIRE(a.solve() == LpStatus::optimal);
  CHECK(a.result().iterations == 0);
  CHECK(a.result().refactorizations == 0);
  CHECK(a.result().objective == Approx(optimum).epsilon(1e-12));

  const auto basis = a.basis();
  LpSolver b(m);
  b.set_basis(basis);
  REQUIRE(b.solve() == LpStatus::optimal);
  CHECK(b.result().iterations == 0);
  CHECK(b.result().objective == Approx(optimum).epsilon(1e-12));

  std::vector<fleetopt::lp::VarStatus> bad = basis;
  for (auto& s : bad)
    if (s == fleetopt::lp::VarStatus::basic) {
      s = fleetopt::lp::VarStatus::at_lower;
      break;
    }
  CHECK_THROWS_AS(b.set_basis(bad), std::invalid_argument);
}

TEST_CASE("objective cutoff stops the dual simplex only when the optimum is past it", "[warm]") {
  const Model m = random_lp(21, 40, 50);
  const auto cold = fleetopt::lp::solve_lp(m);
  REQUIRE(cold.status == LpStatus::optimal);
  {
    LpSolver s(m);
    s.set_objective_cutoff(cold.objective - 1.0 - 1e-3 * std::abs(cold.objective));
    CHECK(s.solve() == LpStatus::cutoff);
  }
  {
    LpSolver s(m);
    s.set_objective_cutoff(cold.objective + 1.0 + 1e-3 * std::abs(cold.objective));
    REQUIRE(s.solve() == LpStatus::optimal);
    CHECK(s.result().objective == Approx(cold.objective).epsilon(1e-9));
  }
}

TEST_CASE("a checkpoint restores the basis after probing: the node's optimum again in zero iterations",
          "[warm]") {
  const std::string factor = GENERATE(as<std::string>{}, "klu", "dense");
  INFO(factor);
  fleetopt::lp::LpOptions options;
  if (factor == "dense") options.factor_maker = fleetopt::lp::make_dense_factor;  // restore falls back
  for (unsigned seed = 21; seed <= 24; ++seed) {
    INFO("seed " << seed);
    Model changed = random_lp(seed, 40, 50);
    LpSolver lp(changed, options);
    REQUIRE(lp.solve() == LpStatus::optimal);
    const double node_optimum = lp.result().objective;
    const std::vector<double> node_x = lp.result().x;
    const fleetopt::lp::LpCheckpoint saved = lp.checkpoint();
    std::mt19937 rng(seed);
    for (int probe = 0; probe < 4; ++probe) {
      // Strong branching: tighten one column past its value, solve, compare with a cold solve.
      const int j = static_cast<int>(rng() % changed.num_cols());
      const double lo = changed.col_lower[j], hi = changed.col_upper[j];
      const double v = node_x[j];
      const double new_hi = std::max(lo, std::floor(v - 0.5));
      Model probed = changed;
      probed.col_upper[j] = new_hi;
      lp.set_col_bounds(j, lo, new_hi);
      const LpStatus status = lp.solve();
      const auto cold = fleetopt::lp::solve_lp(probed);
      REQUIRE(status == cold.status);
      if (status == LpStatus::optimal)
        CHECK(std::abs(lp.result().objective - cold.objective) <=
              kWarmColdRelative * std::max(1.0, std::abs(cold.objective)));
      // Back to the node: the checkpoint first, then the bound (as LpProbe does).
      const bool exact = lp.restore(saved);
      if (factor == "dense" && lp.result().iterations > 0) CHECK_FALSE(exact);
      lp.set_col_bounds(j, lo, hi);
      REQUIRE(lp.solve() == LpStatus::optimal);
      CHECK(lp.result().iterations == 0);
      CHECK(std::abs(lp.result().objective - node_optimum) <= kWarmColdRelative * std::max(1.0, std::abs(node_optimum)));
    }
  }
}

TEST_CASE("set_basis with the basis the solver has keeps its factors", "[warm]") {
  const Model m = random_lp(31, 40, 50);
  LpSolver lp(m);
  REQUIRE(lp.solve() == LpStatus::optimal);
  lp.set_basis(lp.basis());
  REQUIRE(lp.solve() == LpStatus::optimal);
  CHECK(lp.result().iterations == 0);
  CHECK(lp.result().refactorizations == 0);
}

TEST_CASE("set_basis with edge weights: the weights come back and the answer is the cold one", "[warm]") {
  for (unsigned seed = 41; seed <= 46; ++seed) {
    INFO("seed " << seed);
    const Model m = random_lp(seed, 40, 50);
    LpSolver a(m);
    REQUIRE(a.solve() == LpStatus::optimal);
    const auto basis = a.basis();
    const std::vector<float> weights = a.edge_weights();
    REQUIRE(weights.size() == 40);
    for (float w : weights) CHECK(w > 0.0f);
    // Another solver with a column's bound moved past its value (a branch): started from the
    // stored basis and weights, it must reach what a cold solve of that model reaches.
    Model changed = m;
    const int j = static_cast<int>(seed % 50);
    changed.col_upper[j] = std::max(changed.col_lower[j], std::floor(a.result().x[j] - 0.5));
    LpSolver b(changed);
    b.set_basis(basis, weights);
    CHECK(b.edge_weights() == weights);  // numbered as edge_weights() lists them
    const LpStatus status = b.solve();
    const auto cold = fleetopt::lp::solve_lp(changed);
    REQUIRE(status == cold.status);
    if (status == LpStatus::optimal)
      CHECK(std::abs(b.result().objective - cold.objective) <= kWarmColdRelative * std::max(1.0, std::abs(cold.objective)));
    // Wrong count: refused, the solver unchanged; weights that are not positive count as 1.
    LpSolver c(m);
    CHECK_THROWS_AS(c.set_basis(basis, std::vector<float>(39, 1.0f)), std::invalid_argument);
    c.set_basis(basis, std::vector<float>(40, -2.0f));
    CHECK(c.edge_weights() == std::vector<float>(40, 1.0f));
    REQUIRE(c.solve() == LpStatus::optimal);
    CHECK(c.result().iterations == 0);
  }
}

TEST_CASE("a restore that has to factorize again keeps the checkpoint's edge weights", "[warm]") {
  // With the dense factor a checkpoint cannot be returned to by dropping updates: every restore
  // after iterations sets the basis again, and must put the weights back by variable.
  fleetopt::lp::LpOptions options;
  options.factor_maker = fleetopt::lp::make_dense_factor;
  int fallbacks = 0;
  for (unsigned seed = 51; seed <= 54; ++seed) {
    INFO("seed " << seed);
    Model m = random_lp(seed, 40, 50);
    LpSolver lp(m, options);
    REQUIRE(lp.solve() == LpStatus::optimal);
    const std::vector<float> weights = lp.edge_weights();
    const double optimum = lp.result().objective;
    const fleetopt::lp::LpCheckpoint saved = lp.checkpoint();
    const int j = static_cast<int>(seed % 50);
    const double lo = m.col_lower[j], hi = m.col_upper[j];
    lp.set_col_bounds(j, lo, std::max(lo, std::floor(lp.result().x[j] - 0.5)));
    lp.solve();
    const bool exact = lp.restore(saved);
    fallbacks += !exact;
    CHECK(lp.edge_weights() == weights);
    lp.set_col_bounds(j, lo, hi);
    REQUIRE(lp.solve() == LpStatus::optimal);
    CHECK(std::abs(lp.result().objective - optimum) <= kWarmColdRelative * std::max(1.0, std::abs(optimum)));
  }
  CHECK(fallbacks >= 2);
}

namespace {

// Applies to `solver` (and records in `bounds`) the branch x_j <= floor(x_j*) or x_j >= ceil(x_j*)
// of `rng`'s column, or puts a column back once the model would be infeasible.
void branch_once(LpSolver& solver, Model& bounds, const Model& original, std::mt19937& rng, int step) {
  const int j = static_cast<int>(rng() % original.num_cols());
  auto [lo, hi] = branch_bounds(solver, bounds, j, step);
  if (fleetopt::lp::solve_lp([&] {
        Model m = bounds;
        m.col_lower[j] = lo;
        m.col_upper[j] = hi;
        return m;
      }()).status != LpStatus::optimal) {
    lo = original.col_lower[j];
    hi = original.col_upper[j];
  }
  bounds.col_lower[j] = lo;
  bounds.col_upper[j] = hi;
  solver.set_col_bounds(j, lo, hi);
}

}  // namespace

// The copy is compared with its source solving the same thing: the same status, iterations and
// values to the last bit, over several solves in a row (refactorizations, perturbation and
// pricing weights included), whatever the copy had done before.
TEST_CASE("copy_state_from: the copy solves exactly as its source does", "[warm][copy]") {
  std::vector<Model> models;
  for (unsigned seed = 1; seed <= 6; ++seed) models.push_back(random_lp(seed, 30 + 5 * static_cast<int>(seed), 40));
  if (const auto dir = fleetopt::core::shared_data_dir()) {
    for (const char* name : {"afiro", "sc105", "share2b", "scagr7"})
      models.push_back(fleetopt::core::read_mps(*dir / "netlib" / (std::string(name) + ".mps.gz")));
  } else {
    fleetopt::test::missing_shared_data(fleetopt::core::shared_data_missing_message() + "; random LPs only");
  }
  int compared = 0;
  for (std::size_t k = 0; k < models.size(); ++k) {
    const Model& original = models[k];
    INFO("model " << original.name);
    Model source_bounds = original, copy_bounds = original;
    LpSolver source(original), copy(original);
    REQUIRE(source.solve() == LpStatus::optimal);
    REQUIRE(copy.solve() == LpStatus::optimal);
    std::mt19937 rng_source(100 + static_cast<unsigned>(k)), rng_copy(200 + static_cast<unsigned>(k));
    // Different histories: the source's factors carry updates, the copy solved other subproblems.
    for (int step = 0; step < 4; ++step) {
      branch_once(source, source_bounds, original, rng_source, step);
      REQUIRE(source.solve() == LpStatus::optimal);
      branch_once(copy, copy_bounds, original, rng_copy, step + 1);
      REQUIRE(copy.solve() == LpStatus::optimal);
    }
    copy.copy_state_from(source);
    // The source's checkpoint belongs to the source's engine: the copy restores it by set_basis.
    CHECK_FALSE(copy.restore(source.checkpoint()));
    copy.copy_state_from(source);
    copy_bounds = source_bounds;
    std::mt19937 rng_a(300 + static_cast<unsigned>(k)), rng_b(300 + static_cast<unsigned>(k));
    for (int step = 0; step < 5; ++step) {
      branch_once(source, source_bounds, original, rng_a, step);
      branch_once(copy, copy_bounds, original, rng_b, step);
      const LpStatus a = source.solve();
      const LpStatus b = copy.solve();
      INFO("step " << step);
      REQUIRE(a == b);
      CHECK(source.result().iterations == copy.result().iterations);
      CHECK(source.result().refactorizations == copy.result().refactorizations);
      CHECK(source.result().objective == copy.result().objective);
      CHECK(source.result().x == copy.result().x);
      CHECK(source.edge_weights() == copy.edge_weights());
      ++compared;
    }
  }
  CHECK(compared >= 30);

  const Model small = random_lp(1, 10, 12), other = random_lp(2, 11, 12);
  LpSolver a(small), b(other);
  CHECK_THROWS_AS(a.copy_state_from(b), std::invalid_argument);
}

TEST_CASE("set_objective: re-solves from the old basis reach each objective's optimum", "[warm]") {
  // min c x  s.t.  x1 + x2 <= 4,  x1 + 3 x2 <= 6,  0 <= x1, x2 <= 3. The feasible set is the
  // polygon (0,0), (3,0), (3,1), (0,2): each objective's optimum by hand.
  fleetopt::core::ModelBuilder b("polygon");
  const int x1 = b.add_column("x1", 0.0, 0.0, 3.0), x2 = b.add_column("x2", 0.0, 0.0, 3.0);
  b.add_row("sum", -kInfinity, 4.0, {x1, x2}, {1.0, 1.0});
  b.add_row("slope", -kInfinity, 6.0, {x1, x2}, {1.0, 3.0});
  const Model m = b.build();
  struct Case {
    std::vector<double> c;
    double optimum;
    std::vector<double> x;  // the unique optimal vertex, or empty where there is none
  };
  const std::vector<Case> cases{{{-1, -1}, -4, {3, 1}}, {{0, -1}, -2, {0, 2}}, {{1, 1}, 0, {0, 0}},
                                {{-1, 0}, -3, {}},       {{1, -1}, -2, {0, 2}}, {{-1, 1}, -3, {3, 0}}};
  for (auto algorithm : {fleetopt::lp::SimplexAlgorithm::dual, fleetopt::lp::SimplexAlgorithm::primal}) {
    fleetopt::lp::LpOptions options;
    options.algorithm = algorithm;
    LpSolver solver(m, options);
    REQUIRE(solver.solve() == LpStatus::optimal);  // the zero objective: any vertex
    for (std::size_t k = 0; k < cases.size(); ++k) {
      INFO(fleetopt::lp::to_string(algorithm) << " case " << k);
      solver.set_objective(cases[k].c);
      REQUIRE(solver.solve() == LpStatus::optimal);
      CHECK(solver.result().objective == Approx(cases[k].optimum).margin(1e-12));
      for (std::size_t j = 0; j < cases[k].x.size(); ++j)
        CHECK(solver.result().x[j] == Approx(cases[k].x[j]).margin(1e-12));
      CHECK(solver.model().objective == cases[k].c);
    }
  }
  LpSolver solver(m);
  CHECK_THROWS_AS(solver.set_objective({1.0}), std::invalid_argument);
  CHECK_THROWS_AS(solver.set_objective({1.0, std::nan("")}), std::invalid_argument);
}

TEST_CASE("set_objective on random LPs matches a cold solve of the changed model", "[warm]") {
  for (unsigned seed = 11; seed <= 16; ++seed) {
    Model changed = random_lp(seed, 35, 40);
    fleetopt::lp::LpOptions options;
    options.algorithm = seed % 2 ? fleetopt::lp::SimplexAlgorithm::primal : fleetopt::lp::SimplexAlgorithm::dual;
    LpSolver warm(changed, options);
    REQUIRE(warm.solve() == LpStatus::optimal);
    std::mt19937 rng(seed);
    std::uniform_real_distribution<double> u(-5.0, 5.0);
    for (int step = 0; step < 4; ++step) {
      // Costs that keep the LP bounded: the columns without an upper bound only cost.
      for (int j = 0; j < changed.num_cols(); ++j)
        changed.objective[j] = std::isfinite(changed.col_upper[j]) ? u(rng) : std::abs(u(rng));
      warm.set_objective(changed.objective);
      const LpStatus ws = warm.solve();
      const auto cold = fleetopt::lp::solve_lp(changed);
      INFO("seed " << seed << " step " << step);
      REQUIRE(ws == cold.status);
      if (ws == LpStatus::optimal)
        CHECK(std::abs(warm.result().objective - cold.objective) <=
              kWarmColdRelative * std::max(1.0, std::abs(cold.objective)));
    }
  }
}
