// Lagrangian bound on the link rows and mode repair (lagrangian_bound.hpp, mode_repair.hpp):
// on small coupled fleets, L(lambda) is never below the MILP optimum (from our branch-and-bound at
// gap 0) for random multipliers, the LP duals and the subgradient's best; mode repair returns a
// point that passes the model's check and earns no more than the optimum.
#include <catch2/catch.hpp>
#include <atomic>
#include <cmath>

#include "fleetopt/fleet/formulation.hpp"
#include "fleetopt/fleet/generator.hpp"
#include "fleetopt/fleet/lagrangian_bound.hpp"
#include "fleetopt/fleet/mode_repair.hpp"
#include "fleetopt/fleet/random.hpp"
#include "fleetopt/lp/lp_solver.hpp"
#include "fleetopt/mip/mip_solver.hpp"
#include "fleetopt/mip/solution_check.hpp"

using namespace fleetopt;
using namespace fleetopt::fleet;

namespace {

Instance coupled_instance(std::uint64_t seed) {
  SplitMix64 rng(seed * 31 + 7);
  GeneratorOptions o;
  o.assets = 2 + static_cast<int>(rng.below(2));
  o.markets = 2 + static_cast<int>(rng.below(3));
  o.steps = 3 + static_cast<int>(rng.below(5));
  o.seed = seed;
  o.heterogeneous = rng.below(2) == 0;
  o.cap_fraction = rng.below(3) == 0 ? 0.0 : 0.3 + 0.4 * rng.uniform01();
  o.min_bid_mw = rng.below(2) == 0 ? 0.0 : 1.0 + static_cast<double>(rng.below(8));
  if (o.cap_fraction == 0.0 && o.min_bid_mw == 0.0) o.min_bid_mw = 3;
  o.reserve_fraction = rng.below(2) == 0 ? 0.4 : 0.0;
  o.negative_spike_probability = rng.below(2) == 0 ? 0.1 : 0.0;
  return generate_instance(o);
}

double optimum(const core::Model& model) {
  mip::MipOptions o;
  o.relative_gap = 0;
  const mip::MipResult r = mip::solve_mip(model, o);
  REQUIRE((r.status == mip::MipStatus::optimal || r.status == mip::MipStatus::feasible));
  REQUIRE(r.objective);
  REQUIRE(mip::relative_gap(*r.objective, r.best_bound) <= 1e-5);
  return *r.objective;
}

}  // namespace

TEST_CASE("Lagrangian bound: never below the optimum of small coupled fleets", "[lagrangian]") {
  int beats_prices = 0;
  for (std::uint64_t seed = 1; seed <= 25; ++seed) {
    const Instance in = coupled_instance(seed);
    INFO("seed " << seed);
    const FleetModel fm = build_model(in, Formulation::hull);
    const double opt = optimum(fm.model);
    const double tol = 1e-6 * std::max(1.0, std::abs(opt));
    const int TM = in.num_steps() * in.num_markets();
    SplitMix64 rng(seed);
    for (int k = 0; k < 5; ++k) {
      std::vector<double> lambda(TM);
      for (double& l : lambda) l = (rng.uniform01() * 2 - 0.5) * 100 * in.step_hours;
      CHECK(lagrangian_value(in, lambda, 200) >= opt - tol);
    }
    LagrangianOptions options;
    options.grid_intervals = 400;
    options.max_iterations = 30;
    options.target = opt;
    const LagrangianResult at_prices = lagrangian_bound(in, options);
    CHECK(at_prices.bound >= opt - tol);
    const lp::LpResult root = lp::solve_lp(fm.model);
    REQUIRE(root.status == lp::LpStatus::optimal);
    for (int row : fm.link_row) options.start.push_back(root.row_dual[row]);
    const LagrangianResult from_duals = lagrangian_bound(in, options);
    CHECK(from_duals.bound >= opt - tol);
    beats_prices += from_duals.bound < at_prices.bound - tol;

    // Mode repair of the per-asset schedules.
    const auto repaired = repair_modes(fm, from_duals.schedules);
    REQUIRE(repaired);
    const mip::SolutionCheck check = mip::check_solution(fm.model, *repaired);
    INFO(check.where);
    CHECK(check.ok);
    CHECK(fm.model.objective_value(*repaired) <= opt + tol);
  }
  CHECK(beats_prices > 0);
}

TEST_CASE("Lagrangian bound: an interrupt before the first evaluation leaves no bound", "[lagrangian]") {
  const Instance in = coupled_instance(4);
  std::atomic<bool> stop{true};
  std::vector<double> g{1.0};
  CHECK(lagrangian_value(in, std::vector<double>(in.num_steps() * in.num_markets(), 0.0), 200, nullptr, &g, &stop) ==
        core::kInfinity);
  CHECK(g == std::vector<double>{1.0});  // untouched
  LagrangianOptions options;
  options.interrupt = &stop;
  const LagrangianResult r = lagrangian_bound(in, options);
  CHECK(r.iterations == 0);
  CHECK(r.bound == core::kInfinity);
  stop = false;
  CHECK(lagrangian_bound(in, options).iterations > 0);
}
