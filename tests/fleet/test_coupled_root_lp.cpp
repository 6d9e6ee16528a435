// The coupled fleet's root LP from its uncoupled relaxation (coupled_root_lp.hpp): the relaxation
// is the sum of the assets' own LPs, each built as a one-asset instance without caps and minimum
// bids, and the coupled LP ends at the optimum a cold solve finds, with or without the start.
#include <catch2/catch.hpp>
#include <cmath>

#include "fleetopt/core/tolerances.hpp"
#include "fleetopt/fleet/coupled_root_lp.hpp"
#include "fleetopt/fleet/formulation.hpp"
#include "fleetopt/fleet/checker.hpp"
#include "fleetopt/fleet/generator.hpp"
#include "fleetopt/fleet/mode_repair.hpp"
#include "fleetopt/lp/lp_solver.hpp"
#include "fleetopt/mip/presolve.hpp"

using namespace fleetopt;
using namespace fleetopt::fleet;

namespace {

Instance coupled_fleet(int assets, int steps, std::uint64_t seed) {
  GeneratorOptions g;
  g.assets = assets;
  g.markets = 4;
  g.steps = steps;
  g.seed = seed;
  g.cap_fraction = 0.5;
  g.min_bid_mw = 1.0;
  return generate_instance(g);
}

// The LP optimum of asset a alone, with no cap and no minimum bid in any market.
double single_asset_lp(const Instance& fleet, int a) {
  Instance alone = fleet;
  alone.assets = {fleet.assets[a]};
  for (Market& m : alone.markets) {
    m.cap_mw.reset();
    m.min_bid_mw = 0.0;
  }
  const lp::LpResult r = lp::solve_lp(build_model(alone).model);
  REQUIRE(r.status == lp::LpStatus::optimal);
  return r.objective;
}

// A coupled fleet (coupled_fleet(4, 24, seed)), its model and its LP relaxation solved cold.
struct CoupledCase {
  Instance instance;
  FleetModel fleet;
  lp::LpResult cold;
};
CoupledCase coupled_case(std::uint64_t seed) {
  CoupledCase c{coupled_fleet(4, 24, seed), {}, {}};
  c.fleet = build_model(c.instance);
  c.cold = lp::solve_lp(c.fleet.model);
  REQUIRE(c.cold.status == lp::LpStatus::optimal);
  return c;
}

bool agree(double a, double b) {
  return std::abs(a - b) <= core::tol::kObjectiveAgreementRelative * std::max(1.0, std::abs(b));
}

}  // namespace

TEST_CASE("coupled root LP: the uncoupled relaxation is the assets' own LPs, and the coupled optimum is the cold one",
          "[fleet][coupled_root_lp]") {
  for (std::uint64_t seed : {1, 2, 3}) {
    INFO("seed " << seed);
    const CoupledCase c = coupled_case(seed);
    const Instance& in = c.instance;
    const FleetModel& fleet = c.fleet;
    const lp::LpResult& cold = c.cold;

    double assets_alone = 0.0;
    for (int a = 0; a < in.num_assets(); ++a) assets_alone += single_asset_lp(in, a);
    // The caps bind: the relaxation is a different LP, not the coupled one again.
    CHECK(assets_alone > cold.objective + 1.0);

    const CoupledRootLp started = solve_coupled_root_lp(fleet, fleet.model, {}, true);
    REQUIRE(started.uncoupled_objective.has_value());
    CHECK(agree(*started.uncoupled_objective, assets_alone));
    CHECK(started.uncoupled_iterations > 0);
    REQUIRE(started.result.status == lp::LpStatus::optimal);
    CHECK(agree(started.result.objective, cold.objective));
    CHECK(started.result.iterations > started.uncoupled_iterations);
    CHECK(started.basis.size() == static_cast<std::size_t>(fleet.model.num_cols() + fleet.model.num_rows()));

    const CoupledRootLp from_slack = solve_coupled_root_lp(fleet, fleet.model, {}, false);
    CHECK_FALSE(from_slack.uncoupled_objective.has_value());
    CHECK(from_slack.uncoupled_iterations == 0);
    REQUIRE(from_slack.result.status == lp::LpStatus::optimal);
    CHECK(agree(from_slack.result.objective, cold.objective));

    // The model as the search presolves it (what the fleet solver hands over; its strengthened
    // coefficients make another LP): the optimum of that LP solved cold.
    const mip::SearchModel searched = mip::search_model(fleet.model, true);
    REQUIRE(searched.infeasible.empty());
    const lp::LpResult searched_cold = lp::solve_lp(searched.model);
    REQUIRE(searched_cold.status == lp::LpStatus::optimal);
    const CoupledRootLp presolved = solve_coupled_root_lp(fleet, searched.model, {}, true);
    REQUIRE(presolved.result.status == lp::LpStatus::optimal);
    CHECK(agree(presolved.result.objective, searched_cold.objective));
  }
}

TEST_CASE("mode repair of a coupled fleet: its LPs from the uncoupled start reach the same revenue as from the slack basis",
          "[fleet][coupled_root_lp]") {
  for (std::uint64_t seed : {1, 2, 3}) {
    INFO("seed " << seed);
    const CoupledCase c = coupled_case(seed);
    // The guide of the fleet solver's net-flow repair: the LP's own schedule.
    const FleetSolution guide = c.fleet.schedule_from(c.cold.x);
    const auto from_slack = repair_modes(c.fleet, guide, {}, nullptr, false);
    const auto uncoupled = repair_modes(c.fleet, guide, {}, nullptr, true);
    REQUIRE(from_slack.has_value());
    REQUIRE(uncoupled.has_value());
    const double revenue = c.fleet.model.objective_value(*uncoupled);
    CHECK(agree(revenue, c.fleet.model.objective_value(*from_slack)));
    CHECK(revenue <= c.cold.objective + 1e-6);
    const CheckReport report = check_schedule(c.instance, c.fleet.schedule_from(*uncoupled), revenue);
    INFO(format_report(report));
    CHECK(report.ok);
  }
}
