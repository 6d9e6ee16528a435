// Each default heuristic alone finds a solution at the root of a model whose
// root LP is fractional (with no heuristic, a one-node search ends without
// one), and what it finds is a checked solution; RINS improves a given
// solution to the best of its neighbourhood, found here by enumeration; the
// feasibility pump finds a solution where rounding cannot (an equality over
// general integers) and ends without one where there is none; one-opt moves
// single columns exactly as derived by hand below.
#include <catch2/catch.hpp>

#include "fleetopt/core/model.hpp"
#include "fleetopt/mip/heur_diving.hpp"
#include "fleetopt/mip/heur_feasibility_pump.hpp"
#include "fleetopt/mip/heur_fix_and_resolve.hpp"
#include "fleetopt/mip/heur_one_opt.hpp"
#include "fleetopt/mip/heur_rins.hpp"
#include "fleetopt/mip/heur_simple_rounding.hpp"
#include "fleetopt/mip/mip_solver.hpp"
#include "fleetopt/mip/solution_check.hpp"

using namespace fleetopt;
using core::kInfinity;

namespace {

// min sum_i (1 + i/10) x_i + sum_i z_i   s.t.  sum_i 2 x_i >= 3,  z_i >= x_i -
// 0.5 (z continuous), x binary: the root LP takes x = (1, 0.5, 0, ...),
// fractional. Without the z rows (which lock rounding x up) rounding up is
// free.
core::Model cover_model(bool with_links = true) {
  core::ModelBuilder b("cover");
  std::vector<int> xs;
  for (int i = 0; i < 5; ++i) xs.push_back(b.add_column("x" + std::to_string(i), 1.0 + i / 10.0, 0.0, 1.0, true));
  b.add_row("cover", 3.0, kInfinity, xs, std::vector<double>(xs.size(), 2.0));
  for (int i = 0; i < 5 && with_links; ++i) {
    const int z = b.add_column("z" + std::to_string(i), 1.0, 0.0, 10.0);
    b.add_row("link" + std::to_string(i), -0.5, kInfinity, {z, xs[i]}, {1.0, -1.0});
  }
  return b.build();
}

mip::MipResult root_only(const core::Model &m, std::vector<mip::HeuristicFactory> heuristics) {
  mip::MipOptions o;
  o.node_limit = 1;
  o.presolve = false;
  o.max_cut_rounds = 0;  // a Gomory cut would make this root LP integral
  o.heuristics = std::move(heuristics);
  return mip::solve_mip(m, o);
}

}  // namespace

TEST_CASE("heuristics: each finds a checked solution at a fractional root", "[mip][heuristics]") {
  for (bool links : {false, true}) {
    const core::Model m = cover_model(links);
    const mip::MipResult none = root_only(m, {});
    REQUIRE(none.status == mip::MipStatus::no_solution);  // the root LP is fractional
    CHECK(none.heuristics.empty());

    const std::vector<std::pair<const char *, mip::HeuristicFactory>> each{
        {"simple rounding", [] { return std::make_unique<mip::SimpleRounding>(); }},
        {"fix-and-resolve", [] { return std::make_unique<mip::FixAndResolve>(); }},
        {"fractional diving", [] { return std::make_unique<mip::FractionalDiving>(); }},
        {"feasibility pump", [] { return std::make_unique<mip::FeasibilityPump>(); }},
    };
    for (const auto &[name, make] : each) {
      if (links && std::string(name) == "simple rounding") continue;  // locked both ways there
      INFO(name << (links ? " with links" : ""));
      const mip::MipResult r = root_only(m, {make});
      REQUIRE(r.objective);
      CHECK((r.status == mip::MipStatus::feasible || r.status == mip::MipStatus::optimal));
      CHECK(mip::check_solution(m, r.x).ok);
      // Two items are needed (2 x 2 >= 3): the cheapest pair costs 1.0 + 1.1
      // (plus z = 0.5 each).
      CHECK(*r.objective >= (links ? 3.1 : 2.1) - 1e-9);
      // Its statistics: the only source of solutions here (the one-node tree finds none).
      REQUIRE(r.heuristics.size() == 1);
      CHECK(r.heuristics[0].calls >= 1);
      CHECK(r.heuristics[0].improvements >= 1);
      CHECK(r.heuristics[0].improvements == r.solutions_found);
      CHECK(r.heuristics[0].seconds == r.times.heuristics);
    }
  }
}

TEST_CASE("heuristics: simple rounding rounds only lock-free directions", "[mip][heuristics]") {
  // The cover with an upper side sum 2 x_i <= 3.5 as well: rounding up is
  // locked and rounding down breaks the cover, so simple rounding must give up.
  core::Model m = cover_model(false);
  m.row_upper[0] = 3.5;
  const mip::MipResult r = root_only(m, {[] { return std::make_unique<mip::SimpleRounding>(); }});
  CHECK(r.status == mip::MipStatus::no_solution);
}

TEST_CASE("heuristics: RINS finds the best solution of its neighbourhood", "[mip][heuristics]") {
  // max sum v_j x_j  s.t.  sum w_j x_j <= 20, x binary (as a minimisation of -v). By value per
  // weight the items come in index order: the root LP takes items 0-3 (weight 16) and 4/5 of
  // item 4 (weight 5), the rest 0.
  const std::vector<double> v{12, 10, 9, 8, 6, 3, 2, 1};
  const std::vector<double> w{4, 4, 4, 4, 5, 3, 3, 2};
  core::ModelBuilder b("knapsack");
  std::vector<int> xs;
  for (std::size_t j = 0; j < v.size(); ++j) xs.push_back(b.add_column("x" + std::to_string(j), -v[j], 0.0, 1.0, true));
  b.add_row("capacity", -kInfinity, 20.0, xs, w);
  const core::Model m = b.build();
  // The given solution leaves out item 1: it agrees with the root LP on items 0, 2, 3 (at 1) and
  // 5-7 (at 0), so RINS fixes those six and searches items 1 and 4.
  const std::vector<double> start{1, 0, 1, 1, 0, 0, 0, 0};
  REQUIRE(mip::check_solution(m, start).ok);
  const double start_value = -(v[0] + v[2] + v[3]);

  // The neighbourhood's best by enumeration of items 1 and 4 (the others as fixed): both exceed
  // the capacity (4 + 4 + 4 + 4 + 5 = 21), so the best adds item 1 alone: -(12 + 10 + 9 + 8).
  double best = start_value;
  for (int x1 = 0; x1 <= 1; ++x1)
    for (int x4 = 0; x4 <= 1; ++x4) {
      std::vector<double> x = start;
      x[1] = x1;
      x[4] = x4;
      if (mip::check_solution(m, x).ok) best = std::min(best, m.objective_value(x));
    }
  REQUIRE(best == Approx(-39.0));

  mip::MipOptions o;
  o.node_limit = 1;
  o.presolve = false;
  o.max_cut_rounds = 0;
  o.heuristics = std::vector<mip::HeuristicFactory>{[] { return std::make_unique<mip::Rins>(); }};
  o.initial_solutions = {start};
  const mip::MipResult r = mip::solve_mip(m, o);
  REQUIRE(r.objective);
  CHECK(*r.objective == Approx(best));
  CHECK(mip::check_solution(m, r.x).ok);
  REQUIRE(r.heuristics.size() == 1);
  CHECK(r.heuristics[0].name == "rins");
  CHECK(r.heuristics[0].improvements == 1);
}

namespace {

// min x1 + x2 + x3 + x4  s.t.  2 x1 + 3 x2 + 7 x3 + 11 x4 = 59, x integer in [0, 10]: the root
// LP takes x4 = 59/11 alone; no rounding of it satisfies the equality, and every solution has
// general integers strictly inside their bounds (the pump's distance columns).
core::Model equality_model() {
  core::ModelBuilder b("equality");
  const std::vector<double> a{2, 3, 7, 11};
  std::vector<int> xs;
  for (std::size_t j = 0; j < a.size(); ++j) xs.push_back(b.add_column("x" + std::to_string(j + 1), 1.0, 0.0, 10.0, true));
  b.add_row("sum", 59.0, 59.0, xs, a);
  return b.build();
}

}  // namespace

TEST_CASE("heuristics: the feasibility pump finds a solution where rounding cannot", "[mip][heuristics]") {
  const core::Model m = equality_model();
  // The optimum by enumeration: 11 x4 + 7 x3 + 3 x2 + 2 x1 = 59 with the fewest units.
  double optimum = kInfinity;
  for (int x1 = 0; x1 <= 10; ++x1)
    for (int x2 = 0; x2 <= 10; ++x2)
      for (int x3 = 0; x3 <= 10; ++x3)
        for (int x4 = 0; x4 <= 10; ++x4)
          if (2 * x1 + 3 * x2 + 7 * x3 + 11 * x4 == 59) optimum = std::min(optimum, double(x1 + x2 + x3 + x4));
  REQUIRE(optimum == 7.0);  // 5 x 11 + 2 x 2
  for (const auto &[name, make] : std::vector<std::pair<const char *, mip::HeuristicFactory>>{
           {"simple rounding", [] { return std::make_unique<mip::SimpleRounding>(); }},
           {"fix-and-resolve", [] { return std::make_unique<mip::FixAndResolve>(); }}}) {
    INFO(name);
    CHECK(root_only(m, {make}).status == mip::MipStatus::no_solution);
  }
  // The same model as a maximisation of -(x1 + x2 + x3 + x4): the pump minimises internally.
  core::Model maximised = m;
  maximised.sense = core::ObjectiveSense::maximize;
  for (double &c : maximised.objective) c = -c;
  for (const bool maximise : {false, true}) {
    INFO((maximise ? "maximised" : "minimised"));
    const core::Model &model = maximise ? maximised : m;
    const mip::MipResult r = root_only(model, {[] { return std::make_unique<mip::FeasibilityPump>(); }});
    REQUIRE(r.objective);
    CHECK(mip::check_solution(model, r.x).ok);
    if (maximise) CHECK(*r.objective <= -optimum + 1e-9);
    else CHECK(*r.objective >= optimum - 1e-9);
    REQUIRE(r.heuristics.size() == 1);
    CHECK(r.heuristics[0].name == "feasibility pump");
    CHECK(r.heuristics[0].calls == 1);
    CHECK(r.heuristics[0].improvements >= 1);
  }
}

TEST_CASE("heuristics: the feasibility pump's sub-MIPs find a solution after its rounds", "[mip][heuristics]") {
  // One round only, whose LP point (alpha 0.9: mostly the true objective) stays fractional: the
  // solution must come from the sub-MIPs around that point. Without any round there is no point
  // to search around, and no solution.
  const core::Model m = equality_model();
  for (const int rounds : {0, 1}) {
    INFO("rounds " << rounds);
    mip::FeasibilityPumpParameters p;
    p.max_rounds = rounds;
    const mip::MipResult r = root_only(m, {[p] { return std::make_unique<mip::FeasibilityPump>(p); }});
    if (rounds == 0) {
      CHECK_FALSE(r.objective);
      continue;
    }
    REQUIRE(r.objective);
    CHECK(mip::check_solution(m, r.x).ok);
    CHECK(*r.objective >= 7.0 - 1e-9);  // the optimum by enumeration (test above)
  }
}

TEST_CASE("heuristics: the feasibility pump ends without a solution where there is none", "[mip][heuristics]") {
  // 2 x1 + 2 x2 + 2 x3 = 3 over binaries: the LP is feasible (x = 1/2), no integer point is.
  core::ModelBuilder b("odd");
  std::vector<int> xs;
  for (int j = 0; j < 3; ++j) xs.push_back(b.add_column("x" + std::to_string(j), 1.0 + j, 0.0, 1.0, true));
  b.add_row("odd", 3.0, 3.0, xs, {2.0, 2.0, 2.0});
  const core::Model m = b.build();
  const mip::MipResult r = root_only(m, {[] { return std::make_unique<mip::FeasibilityPump>(); }});
  CHECK_FALSE(r.objective);
  REQUIRE(r.heuristics.size() == 1);
  CHECK(r.heuristics[0].calls == 1);
  CHECK(r.heuristics[0].improvements == 0);
  // With the search behind it, the model is proven infeasible.
  mip::MipOptions o;
  o.heuristics = std::vector<mip::HeuristicFactory>{[] { return std::make_unique<mip::FeasibilityPump>(); }};
  CHECK(mip::solve_mip(m, o).status == mip::MipStatus::infeasible);
}

TEST_CASE("heuristics: one-opt drops the dearest redundant columns first", "[mip][heuristics]") {
  // Cover rows 1, 2, 3 (each >= 1); A = {1, 2} costs 3, B = {2, 3} 2, C = {1, 3} 4, D = {1, 2, 3}
  // 5. From all four (cost 14) each row is covered three times: D goes first (gain 5), then C
  // (rows 1 and 3 keep A and B), and then neither A nor B can go: A + B, cost 5.
  core::ModelBuilder b("cover4");
  const int a = b.add_column("A", 3.0, 0.0, 1.0, true), bb = b.add_column("B", 2.0, 0.0, 1.0, true);
  const int c = b.add_column("C", 4.0, 0.0, 1.0, true), d = b.add_column("D", 5.0, 0.0, 1.0, true);
  b.add_row("r1", 1.0, kInfinity, {a, c, d}, {1.0, 1.0, 1.0});
  b.add_row("r2", 1.0, kInfinity, {a, bb, d}, {1.0, 1.0, 1.0});
  b.add_row("r3", 1.0, kInfinity, {bb, c, d}, {1.0, 1.0, 1.0});
  const core::Model m = b.build();
  const std::vector<double> x = mip::one_opt(m, {1.0, 1.0, 1.0, 1.0});
  CHECK(x == std::vector<double>{1.0, 1.0, 0.0, 0.0});
  CHECK(m.objective_value(x) == 5.0);
  // A point no single column can improve comes back unchanged.
  CHECK(mip::one_opt(m, x) == x);
}

TEST_CASE("heuristics: one-opt takes the largest gain first, whole units for integers", "[mip][heuristics]") {
  // max 3 y + 2 z  s.t.  y + z <= 7.5, y integer in [0, 4], z in [0, 10], from (0, 0): y could
  // gain 3 * 4 = 12, z 2 * 7.5 = 15, so z takes the whole row and y cannot move: (0, 7.5), not
  // the optimum (4, 3.5) -- one-opt is greedy.
  core::ModelBuilder b("greedy", core::ObjectiveSense::maximize);
  const int y = b.add_column("y", 3.0, 0.0, 4.0, true), z = b.add_column("z", 2.0, 0.0, 10.0);
  b.add_row("row", -kInfinity, 7.5, {y, z}, {1.0, 1.0});
  const core::Model m = b.build();
  CHECK(mip::one_opt(m, {0.0, 0.0}) == std::vector<double>{0.0, 7.5});

  // min 2 a - b  s.t.  -1 <= a - b <= 1, a and b integer in [0, 5], from (3, 3): a may fall by 1
  // (gain 2), b may rise by 1 (gain 1); after a falls the row sits at -1 and b cannot rise:
  // (2, 3), a point where no single column helps (the optimum is (0, 1)).
  core::ModelBuilder r("ranged");
  const int ca = r.add_column("a", 2.0, 0.0, 5.0, true), cb = r.add_column("b", -1.0, 0.0, 5.0, true);
  r.add_row("diff", -1.0, 1.0, {ca, cb}, {1.0, -1.0});
  CHECK(mip::one_opt(r.build(), {3.0, 3.0}) == std::vector<double>{2.0, 3.0});

  // An integer column limited by 0.7 y <= 3 * 0.7: the slack over the coefficient comes out as
  // 2.9999999999999996 in doubles and still counts as 3; with 0.7 y <= 2 it is 2.
  for (const auto& [rhs, expected] : {std::pair{3 * 0.7, 3.0}, std::pair{2.0, 2.0}}) {
    core::ModelBuilder s("scaled");
    const int v = s.add_column("v", -1.0, 0.0, 10.0, true);
    s.add_row("cap", -kInfinity, rhs, {v}, {0.7});
    const core::Model scaled = s.build();
    const std::vector<double> shifted = mip::one_opt(scaled, {0.0});
    CHECK(shifted[0] == expected);
    CHECK(mip::check_solution(scaled, shifted).ok);
  }
}

TEST_CASE("heuristics: one-opt improves the rounding's incumbent in the search", "[mip][heuristics]") {
  // Cover each pair of {1, 2, 3} with columns x1, x2, x3 of cost 1: the root LP takes 1/2 each,
  // simple rounding rounds all up (cost 3), and one-opt drops one of them (cost 2, the optimum).
  core::ModelBuilder b("triangle");
  std::vector<int> xs;
  for (int j = 0; j < 3; ++j) xs.push_back(b.add_column("x" + std::to_string(j), 1.0, 0.0, 1.0, true));
  for (int i = 0; i < 3; ++i) b.add_row("pair" + std::to_string(i), 1.0, kInfinity, {xs[i], xs[(i + 1) % 3]}, {1.0, 1.0});
  const core::Model m = b.build();
  const mip::MipResult rounded = root_only(m, {[] { return std::make_unique<mip::SimpleRounding>(); }});
  REQUIRE(rounded.objective);
  CHECK(*rounded.objective == 3.0);
  const mip::MipResult r = root_only(m, {[] { return std::make_unique<mip::SimpleRounding>(); },
                                         [] { return std::make_unique<mip::OneOpt>(); }});
  REQUIRE(r.objective);
  CHECK(*r.objective == 2.0);
  CHECK(mip::check_solution(m, r.x).ok);
  REQUIRE(r.heuristics.size() == 2);
  CHECK(r.heuristics[1].name == "one-opt");
  CHECK(r.heuristics[1].calls == 1);
  CHECK(r.heuristics[1].improvements == 1);
}
