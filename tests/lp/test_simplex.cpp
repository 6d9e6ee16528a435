// Small LPs whose optimum, primal point and duals are derived by hand in the comments.
#include <catch2/catch.hpp>
#include <chrono>
#include <cmath>

#include "fleetopt/core/model.hpp"
#include "fleetopt/lp/dense_factor.hpp"
#include "fleetopt/lp/lp_solver.hpp"

using fleetopt::core::kInfinity;
using fleetopt::core::ModelBuilder;
using fleetopt::core::ObjectiveSense;
using fleetopt::lp::LpOptions;
using fleetopt::lp::LpStatus;
using fleetopt::lp::solve_lp;

namespace {

std::vector<LpOptions> option_variants() {
  std::vector<LpOptions> v(4);
  v[1].scale = false;
  v[2].perturb_costs = false;
  v[3].factor_maker = [] { return std::make_unique<fleetopt::lp::DenseBasisFactor>(); };
  return v;
}

}  // namespace

TEST_CASE("maximize with an upper-bounded column: duals and reduced costs", "[simplex]") {
  // max 3x + 2y  s.t.  x + y <= 4,  x + 3y <= 7,  0 <= x <= 3,  y >= 0.
  // x = 3 at its bound, then y = 1 from row 1 (row 2: 6 <= 7 slack). Objective 11.
  // Row 1 dual: y has d = 0 -> 2 - y1 = 0 -> y1 = 2; row 2 dual 0; d_x = 3 - 2 = 1 (> 0 at upper,
  // right for maximisation).
  for (const LpOptions& opt : option_variants()) {
    ModelBuilder b("max", ObjectiveSense::maximize);
    const int x = b.add_column("x", 3, 0, 3);
    const int y = b.add_column("y", 2, 0, kInfinity);
    b.add_row("r1", -kInfinity, 4, {x, y}, {1, 1});
    b.add_row("r2", -kInfinity, 7, {x, y}, {1, 3});
    const auto model = b.build();
    const auto res = solve_lp(model, opt);
    REQUIRE(res.status == LpStatus::optimal);
    CHECK(res.objective == Approx(11.0).epsilon(1e-12));
    CHECK(res.x[0] == Approx(3.0));
    CHECK(res.x[1] == Approx(1.0));
    CHECK(res.row_dual[0] == Approx(2.0));
    CHECK(res.row_dual[1] == Approx(0.0).margin(1e-9));
    CHECK(res.reduced_cost[0] == Approx(1.0));
    CHECK(res.row_activity[1] == Approx(6.0));
  }
}

TEST_CASE("free column, boxed column, ranged row", "[simplex]") {
  // min -x - y,  x free,  -1 <= y <= 3,  x + 2y <= 5,  -10 <= x - y <= 1.
  // x <= 1 + y and x <= 5 - 2y, so x + y <= min(1 + 2y, 5 - y): maximal where 1 + 2y = 5 - y,
  // y = 4/3, x = 7/3, objective -11/3. Duals (min: d = c - A^T y = 0 for x and y):
  // -1 = y1 + y2, -1 = 2 y1 - y2 -> y1 = -2/3, y2 = -1/3.
  for (const LpOptions& opt : option_variants()) {
    ModelBuilder b("free");
    const int x = b.add_column("x", -1, -kInfinity, kInfinity);
    const int y = b.add_column("y", -1, -1, 3);
    b.add_row("r1", -kInfinity, 5, {x, y}, {1, 2});
    b.add_row("r2", -10, 1, {x, y}, {1, -1});
    const auto model = b.build();
    const auto res = solve_lp(model, opt);
    REQUIRE(res.status == LpStatus::optimal);
    CHECK(res.objective == Approx(-11.0 / 3.0).epsilon(1e-12));
    CHECK(res.x[0] == Approx(7.0 / 3.0));
    CHECK(res.x[1] == Approx(4.0 / 3.0));
    CHECK(res.row_dual[0] == Approx(-2.0 / 3.0));
    CHECK(res.row_dual[1] == Approx(-1.0 / 3.0));
  }
}

TEST_CASE("upper-only, lower-only and fixed columns with an equality row", "[simplex]") {
  // min -x + z,  x <= 2 (no lower bound),  z >= 1,  w = 1.5 fixed,  x + z + w = 6.5.
  // z = 5 - x >= 1 holds for x <= 2, objective -x + 5 - x = 5 - 2x is least at x = 2: value 1,
  // z = 3. Row dual: z basic -> 1 - y = 0 -> y = 1; d_x = -1 - 1 = -2 (< 0 at upper: optimal).
  for (const LpOptions& opt : option_variants()) {
    ModelBuilder b("onesided");
    const int x = b.add_column("x", -1, -kInfinity, 2);
    const int z = b.add_column("z", 1, 1, kInfinity);
    const int w = b.add_column("w", 0, 1.5, 1.5);
    b.add_row("sum", 6.5, 6.5, {x, z, w}, {1, 1, 1});
    const auto model = b.build();
    const auto res = solve_lp(model, opt);
    REQUIRE(res.status == LpStatus::optimal);
    CHECK(res.objective == Approx(1.0));
    CHECK(res.x[0] == Approx(2.0));
    CHECK(res.x[1] == Approx(3.0));
    CHECK(res.x[2] == Approx(1.5));
    CHECK(res.row_dual[0] == Approx(1.0));
    CHECK(res.reduced_cost[0] == Approx(-2.0));
  }
}

TEST_CASE("degenerate vertex", "[simplex]") {
  // min -x - y,  x <= 1, y <= 1, x + y <= 2, x - y <= 0, 2x + y <= 3 (all rows), x, y >= 0.
  // Five constraints meet at (1, 1): degenerate. Objective -2.
  for (const LpOptions& opt : option_variants()) {
    ModelBuilder b("degenerate");
    const int x = b.add_column("x", -1, 0, kInfinity);
    const int y = b.add_column("y", -1, 0, kInfinity);
    b.add_row("a", -kInfinity, 1, {x}, {1});
    b.add_row("b", -kInfinity, 1, {y}, {1});
    b.add_row("c", -kInfinity, 2, {x, y}, {1, 1});
    b.add_row("d", -kInfinity, 0, {x, y}, {1, -1});
    b.add_row("e", -kInfinity, 3, {x, y}, {2, 1});
    const auto model = b.build();
    const auto res = solve_lp(model, opt);
    REQUIRE(res.status == LpStatus::optimal);
    CHECK(res.objective == Approx(-2.0));
    CHECK(res.x[0] == Approx(1.0));
    CHECK(res.x[1] == Approx(1.0));
  }
}

TEST_CASE("objective constant and empty rows and columns", "[simplex]") {
  // min 2a - b + 7 with 1 <= a <= 4, b <= 5 (b >= -inf), a + b >= 2, an empty row 0 <= . <= 1 and
  // an empty column e in [0, 1] with cost -3 (goes to 1). Optimum: a = 1, b = 5: 2 - 5 + 7 - 3 = 1.
  ModelBuilder b("misc");
  const int a = b.add_column("a", 2, 1, 4);
  const int bb = b.add_column("b", -1, -kInfinity, 5);
  b.add_column("e", -3, 0, 1);
  b.add_row("r", 2, kInfinity, {a, bb}, {1, 1});
  b.add_row("empty", 0, 1);
  b.set_objective_constant(7);
  const auto model = b.build();
  const auto res = solve_lp(model);
  REQUIRE(res.status == LpStatus::optimal);
  CHECK(res.objective == Approx(1.0));
  CHECK(res.x[2] == Approx(1.0));
}

TEST_CASE("transportation problem solved by hand", "[simplex]") {
  // Supplies 20 and 30, demands 10, 25, 15; costs [[8, 6, 10], [9, 12, 13]].
  // Cheapest: supplier 1 has the cheap column 2 (6 vs 12, saving 6) -> x12 = 20; then supplier 2:
  // x21 = 10, x22 = 5, x23 = 15. Cost 120 + 90 + 60 + 195 = 465. Check alternatives: moving one
  // unit of x12 to x11 and x22 back: 8 - 6 + 12 - 9 = +5, worse; to x13: 10 - 6 + 12 - 13 = +3.
  ModelBuilder b("transport");
  const double c[2][3] = {{8, 6, 10}, {9, 12, 13}};
  int v[2][3];
  for (int i = 0; i < 2; ++i)
    for (int j = 0; j < 3; ++j) v[i][j] = b.add_column("x" + std::to_string(i) + std::to_string(j), c[i][j], 0, kInfinity);
  const double supply[2] = {20, 30}, demand[3] = {10, 25, 15};
  for (int i = 0; i < 2; ++i) b.add_row("s" + std::to_string(i), -kInfinity, supply[i], {v[i][0], v[i][1], v[i][2]}, {1, 1, 1});
  for (int j = 0; j < 3; ++j) b.add_row("d" + std::to_string(j), demand[j], demand[j], {v[0][j], v[1][j]}, {1, 1});
  const auto model = b.build();
  const auto res = solve_lp(model);
  REQUIRE(res.status == LpStatus::optimal);
  CHECK(res.objective == Approx(465.0));
  CHECK(res.x[v[0][1]] == Approx(20.0));
}

TEST_CASE("iteration limit is reported", "[simplex]") {
  ModelBuilder b("limit");
  const int x = b.add_column("x", -1, 0, kInfinity);
  const int y = b.add_column("y", -1, 0, kInfinity);
  b.add_row("c", -kInfinity, 2, {x, y}, {1, 1});
  b.add_row("d", -kInfinity, 3, {x, y}, {1, 2});
  const auto model = b.build();
  LpOptions opt;
  opt.iteration_limit = 0;
  const auto res = solve_lp(model, opt);
  CHECK(res.status == LpStatus::iteration_limit);
}

// ---------------------------------------------------------------------------------------------
// Random LPs with every bound type against HiGHS (solvers/reference/scipy_highs.py --relax on
// the Debian python with SciPy). Skipped with a warning when that python is absent.
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>

#include "fleetopt/core/mps.hpp"
#include "requirements.hpp"
#include "scratch.hpp"

namespace {

fleetopt::core::Model random_mixed_lp(unsigned seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  const int rows = 15 + static_cast<int>(rng() % 20), cols = 20 + static_cast<int>(rng() % 20);
  ModelBuilder b("mixed" + std::to_string(seed), seed % 2 ? ObjectiveSense::maximize : ObjectiveSense::minimize);
  std::vector<double> x0(cols);
  for (int j = 0; j < cols; ++j) {
    x0[j] = 4 * u(rng) - 2;
    const double k = u(rng);
    double lo = -kInfinity, hi = kInfinity;
    if (k < 0.4) { lo = x0[j] - 3 * u(rng); hi = x0[j] + 3 * u(rng); }
    else if (k < 0.6) lo = x0[j] - u(rng);
    else if (k < 0.75) hi = x0[j] + u(rng);
    else if (k < 0.8) lo = hi = x0[j];
    // Free columns otherwise; boundedness comes from the rows below.
    b.add_column("c" + std::to_string(j), 6 * u(rng) - 3, lo, hi);
  }
  for (int i = 0; i < rows; ++i) {
    std::vector<int> idx;
    std::vector<double> val;
    double act = 0.0;
    for (int j = 0; j < cols; ++j)
      if (u(rng) < 0.25) {
        idx.push_back(j);
        val.push_back(8 * u(rng) - 4);
        act += val.back() * x0[j];
      }
    const double k = u(rng);
    if (k < 0.25) b.add_row("r" + std::to_string(i), act, act, idx, val);
    else if (k < 0.5) b.add_row("r" + std::to_string(i), act - u(rng), act + u(rng), idx, val);
    else if (k < 0.75) b.add_row("r" + std::to_string(i), -kInfinity, act + u(rng), idx, val);
    else b.add_row("r" + std::to_string(i), act - u(rng), kInfinity, idx, val);
  }
  // Instances may come out unbounded (free columns) or optimal; both solvers must agree.
  return b.build();
}

}  // namespace

TEST_CASE("random LPs with every bound type agree with HiGHS", "[simplex][external]") {
  const std::filesystem::path python = "/usr/bin/python3";
  const std::filesystem::path script = std::filesystem::path(FLEETOPT_SOURCE_DIR) / "solvers/reference/scipy_highs.py";
  if (!std::filesystem::exists(python) || !std::filesystem::exists(script)) {
    fleetopt::test::missing_reference_solver(fleetopt::reference::ReferenceSolver::highs,
                                             "no /usr/bin/python3 or scipy_highs.py: skipped");
    return;
  }
  const auto dir = fleetopt::test::scratch_root() / "lp_simplex";
  std::filesystem::create_directories(dir);
  int optimal = 0, compared = 0;
  for (unsigned seed = 1; seed <= 12; ++seed) {
    const auto model = random_mixed_lp(seed);
    const auto path = dir / ("m" + std::to_string(seed) + ".mps");
    fleetopt::core::write_mps(model, path);
    const std::string cmd = python.string() + " " + script.string() + " " + path.string() + " --relax 2>/dev/null";
    std::string text;
    if (FILE* pipe = ::popen(cmd.c_str(), "r")) {
      char buf[4096];
      while (std::fgets(buf, sizeof buf, pipe)) text += buf;
      ::pclose(pipe);
    }
    const auto ref = nlohmann::json::parse(text, nullptr, false);
    if (ref.is_discarded() || !ref.contains("status")) {
      fleetopt::test::missing_reference_solver(fleetopt::reference::ReferenceSolver::highs,
                                               "HiGHS reference unavailable: " + text);
      break;
    }
    const std::string st = ref["status"];
    ++compared;
    if (st == "optimal") ++optimal;
    // Ours against HiGHS's answer for the LP with every cost times `factor`: the same points are
    // optimal, so the optimum is `factor` times HiGHS's; without costs an unbounded LP (feasible,
    // by definition) has the optimum 0.
    const auto check_against_highs = [&](const auto& res, double factor) {
      if (st == "optimal") {
        REQUIRE(res.status == LpStatus::optimal);
        const double obj = factor * ref["objective"].get<double>();
        CHECK(std::abs(res.objective - obj) <= 1e-7 * std::max(1.0, std::abs(obj)));
      } else if (st == "infeasible") {
        CHECK(res.status == LpStatus::infeasible);
      } else if (st == "unbounded" && factor != 0.0) {
        CHECK(res.status == LpStatus::unbounded);
      } else if (st == "unbounded") {
        CHECK(res.status == LpStatus::optimal);
        CHECK(res.objective == 0.0);
      }
    };
    // The dual simplex (the default), and the primal simplex with each pricing rule: same answer.
    std::vector<LpOptions> variants(3);
    variants[1].algorithm = fleetopt::lp::SimplexAlgorithm::primal;
    variants[2].algorithm = fleetopt::lp::SimplexAlgorithm::primal;
    variants[2].primal_pricing = fleetopt::lp::PrimalPricingRule::dantzig;
    for (const LpOptions& options : variants) {
      const auto res = solve_lp(model, options);
      INFO("seed " << seed << " " << fleetopt::lp::to_string(options.algorithm) << " "
                   << fleetopt::lp::to_string(options.primal_pricing) << ": ours " << fleetopt::lp::to_string(res.status)
                   << " HiGHS " << ref["status"]);
      check_against_highs(res, 1.0);
    }
    // The same LP with every cost 1e4 times larger and with every cost zero: the cold dual
    // simplex perturbs the costs by a size that grows with the largest cost, with its fourth root
    // above 100 and as if it were 1 when all are zero (core/tolerances.hpp).
    for (const double factor : {1e4, 0.0}) {
      fleetopt::core::Model changed = model;
      for (double& c : changed.objective) c *= factor;
      const auto res = solve_lp(changed, LpOptions{});
      INFO("seed " << seed << ", costs times " << factor << ": ours " << fleetopt::lp::to_string(res.status)
                   << " HiGHS " << ref["status"]);
      check_against_highs(res, factor);
    }
  }
  std::filesystem::remove_all(dir);
  if (compared > 0) CHECK(optimal > 0);
}

TEST_CASE("a model without rows is solved by bounds alone", "[simplex]") {
  // min x - 2y with x in [1, 3], y in [-1, 4]: x = 1, y = 4, objective 1 - 8 = -7.
  ModelBuilder b("norows");
  b.add_column("x", 1, 1, 3);
  b.add_column("y", -2, -1, 4);
  const auto model = b.build();
  const auto res = solve_lp(model);
  REQUIRE(res.status == LpStatus::optimal);
  CHECK(res.objective == Approx(-7.0));
}

namespace {

// A KLU factor whose FTRAN is off by a relative 1e-5: the simplex still moves, but no answer it
// reaches passes the check on the model, so LpSolver::solve falls back to its unscaled retry.
class SkewedFtranFactor : public fleetopt::lp::BasisFactor {
 public:
  explicit SkewedFtranFactor(std::unique_ptr<fleetopt::lp::BasisFactor> inner) : inner_(std::move(inner)) {}
  fleetopt::lp::FactorStatus factorize(const fleetopt::core::SparseMatrix& a, std::vector<int>& basic) override {
    return inner_->factorize(a, basic);
  }
  void ftran(fleetopt::lp::IndexedVector& rhs) const override {
    inner_->ftran(rhs);
    for (double& v : rhs.values()) v *= 1.0 + 1e-5;
  }
  void btran(fleetopt::lp::IndexedVector& rhs) const override { inner_->btran(rhs); }
  bool update(int position, const fleetopt::lp::IndexedVector& entering) override {
    return inner_->update(position, entering);
  }
  bool wants_refactor() const override { return inner_->wants_refactor(); }
  int updates_since_refactor() const override { return inner_->updates_since_refactor(); }
  long long factorizations() const override { return inner_->factorizations(); }
  bool drop_updates_after(int count) override { return inner_->drop_updates_after(count); }
  std::unique_ptr<fleetopt::lp::BasisFactor> clone() const override {
    return std::make_unique<SkewedFtranFactor>(inner_->clone());
  }

 private:
  std::unique_ptr<fleetopt::lp::BasisFactor> inner_;
};

}  // namespace

TEST_CASE("the unscaled retry reports the work and time of both solves", "[simplex]") {
  // A 100 x 100 transportation problem: supplies 40 + i, demands 40 + j (both total 8,950), costs
  // (7 i + 11 j) mod 23 + 1. Its optimum comes from the dense-LU solver, not from the retry.
  const int k = 100;
  ModelBuilder b("transport", ObjectiveSense::minimize);
  for (int i = 0; i < k; ++i)
    for (int j = 0; j < k; ++j)
      b.add_column("x" + std::to_string(i) + "_" + std::to_string(j), (7 * i + 11 * j) % 23 + 1, 0, kInfinity);
  for (int i = 0; i < k; ++i) {
    std::vector<int> cols;
    for (int j = 0; j < k; ++j) cols.push_back(i * k + j);
    b.add_row("supply" + std::to_string(i), 40 + i, 40 + i, cols, std::vector<double>(k, 1.0));
  }
  for (int j = 0; j < k; ++j) {
    std::vector<int> cols;
    for (int i = 0; i < k; ++i) cols.push_back(i * k + j);
    b.add_row("demand" + std::to_string(j), 40 + j, 40 + j, cols, std::vector<double>(k, 1.0));
  }
  const auto model = b.build();
  LpOptions dense;
  dense.factor_maker = [] { return fleetopt::lp::make_dense_factor(); };
  const auto reference = solve_lp(model, dense);
  REQUIRE(reference.status == LpStatus::optimal);

  // The first factor (the scaled engine's) is skewed, the retry's is not; the clock marks when the
  // retry's engine is made.
  using Clock = std::chrono::steady_clock;
  int made = 0;
  Clock::time_point retry_made;
  LpOptions options;
  options.factor_maker = [&]() -> std::unique_ptr<fleetopt::lp::BasisFactor> {
    if (made++ == 0) return std::make_unique<SkewedFtranFactor>(fleetopt::lp::make_klu_factor());
    retry_made = Clock::now();
    return fleetopt::lp::make_klu_factor();
  };
  fleetopt::lp::LpSolver solver(model, options);
  const Clock::time_point start = Clock::now();
  REQUIRE(solver.solve() == LpStatus::optimal);
  const double wall = std::chrono::duration<double>(Clock::now() - start).count();
  REQUIRE(made == 2);  // the retry ran
  CHECK_FALSE(solver.options().scale);
  CHECK(solver.result().objective == Approx(reference.objective).epsilon(1e-9));
  // Both solves' iterations count, and the seconds cover the whole call, the scaled solve before
  // the retry included (the clocks start and stop microseconds apart; half of the scaled solve's
  // time is the margin), not only the retry.
  CHECK(solver.result().iterations == solver.total_iterations());
  CHECK(solver.result().iterations > 0);
  const double before_retry = std::chrono::duration<double>(retry_made - start).count();
  CHECK(before_retry > 1e-3);  // else the check below would not tell the two apart
  CHECK(solver.result().seconds >= wall - 0.5 * before_retry);
  CHECK(solver.result().seconds <= wall);
}
