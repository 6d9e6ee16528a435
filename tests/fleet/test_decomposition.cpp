// Per-asset decomposition: when a fleet separates (caps that cannot bind, no minimum bids), the
// single-asset blocks, the box bound computed by hand, and a decomposed solve whose parts add up.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdint>
#include <optional>

#include "fleetopt/core/tolerances.hpp"
#include "fleetopt/fleet/checker.hpp"
#include "fleetopt/fleet/decomposition.hpp"
#include "fleetopt/fleet/generator.hpp"
#include "fleetopt/fleet/formulation.hpp"
#include "fleetopt/fleet/instance_io.hpp"
#include "fleetopt/fleet/mode_repair.hpp"
#include "fleetopt/fleet/soc_grid_dp.hpp"

using namespace fleetopt;
using namespace fleetopt::fleet;

namespace {

const char* kSeed = FLEETOPT_SOURCE_DIR "/data/seed-numpy0/instance.toml";

// 2 assets; markets u (up, energy), d (down, energy), r (down, reserve); 2 steps of 0.5 h.
Instance two_assets() {
  Instance in;
  in.name = "two";
  in.step_hours = 0.5;
  in.time_labels = {"t0", "t1"};
  in.markets = {Market{"u", Direction::up, Settlement::energy, std::nullopt, 0.0},
                Market{"d", Direction::down, Settlement::energy, std::nullopt, 0.0},
                Market{"r", Direction::down, Settlement::reserve, std::nullopt, 0.0}};
  Asset a;
  a.name = "a";
  a.power_mw = 5;
  a.energy_mwh = 10;
  a.soc_initial_mwh = 4;
  a.soc_min_mwh = 1;
  a.soc_max_mwh = 9;
  a.soc_final_min_mwh = 1;
  a.cycle_cost_eur_per_mwh = 20;
  a.prequalified_mw = {3, 4, 2};
  Asset b = a;
  b.name = "b";
  b.cycle_cost_eur_per_mwh = 0;
  b.prequalified_mw = {1, 0, 5};
  in.assets = {a, b};
  in.prices = {30, 10, 6,     // t0: u, d, r
               50, -8, -4};   // t1
  return in;
}

// The optimum by the tree alone (no DP, no repair), at gap 0: the reference for the DP policy.
double tree_optimum(const Instance& in) {
  FleetSolveOptions exact;
  exact.mip.relative_gap = 0.0;
  exact.mip.absolute_gap = 1e-9;
  exact.dp_grid_intervals = 0;
  exact.mode_repair = false;
  const FleetSolveOutcome reference = solve_fleet(in, exact);
  REQUIRE(reference.summary.status == SolveStatus::optimal);
  return *reference.summary.objective;
}

}  // namespace

TEST_CASE("a fleet separates unless a market has a minimum bid or a cap that can bind", "[fleet][decomposition]") {
  Instance in = two_assets();
  CHECK(coupling_reason(in).empty());
  // u: 3 + 1 = 4 MW prequalified. A cap of 4 cannot bind; 3.9 can.
  in.markets[0].cap_mw = 4.0;
  CHECK_FALSE(cap_can_bind(in, 0));
  CHECK(coupling_reason(in).empty());
  in.markets[0].cap_mw = 3.9;
  CHECK(cap_can_bind(in, 0));
  CHECK_THAT(coupling_reason(in), Catch::Contains("'u'") && Catch::Contains("cap"));
  in.markets[0].cap_mw.reset();
  in.markets[2].min_bid_mw = 1.0;
  CHECK_THAT(coupling_reason(in), Catch::Contains("'r'") && Catch::Contains("minimum bid"));
  CHECK_FALSE(coupling_reason(read_instance(FLEETOPT_SOURCE_DIR "/data/reference/caps-3x3x6/instance.toml")).empty());
  CHECK(coupling_reason(read_instance(kSeed)).empty());
}

TEST_CASE("an asset's block keeps the horizon, prices and markets, without caps", "[fleet][decomposition]") {
  Instance in = two_assets();
  in.markets[1].cap_mw = 100.0;
  const Instance block = asset_block(in, 1);
  REQUIRE(block.num_assets() == 1);
  CHECK(block.assets[0].name == "b");
  CHECK(block.assets[0].prequalified_mw == std::vector<double>{1, 0, 5});
  CHECK(block.prices == in.prices);
  CHECK(block.time_labels == in.time_labels);
  CHECK(block.step_hours == 0.5);
  REQUIRE(block.num_markets() == 3);
  CHECK_FALSE(block.markets[1].cap_mw.has_value());
  CHECK(block.markets[2].settlement == Settlement::reserve);
  CHECK(block.trivial_infeasibility().empty());
}

TEST_CASE("the box bound is the revenue of every profitable p at its prequalified power", "[fleet][decomposition]") {
  const Instance in = two_assets();
  // Asset a (dt = 0.5, kappa 20): per MW and step,
  //   u: t0 (30 - 20) * 0.5 = 5,  t1 (50 - 20) * 0.5 = 15   -> (5 + 15) * 3 = 60
  //   d (energy, pays): t0 -10 * 0.5 < 0,  t1 8 * 0.5 = 4     -> 4 * 4 = 16
  //   r (reserve, paid): t0 6 * 0.5 = 3,  t1 -2 < 0           -> 3 * 2 = 6
  CHECK(box_revenue_bound(in, 0) == Approx(82.0).epsilon(1e-15));
  // Asset b (kappa 0): u (15 + 25) * 1 = 40; d has q = 0; r 3 * 5 = 15.
  CHECK(box_revenue_bound(in, 1) == Approx(55.0).epsilon(1e-15));
}

TEST_CASE("a decomposed solve adds up its blocks and each block is a valid answer", "[fleet][decomposition]") {
  const Instance in = read_instance(kSeed);
  FleetSolveOptions options;
  options.mip.relative_gap = 0.0;
  options.mip.absolute_gap = 1e-9;
  options.threads = 2;
  const DecomposedSolve d = solve_decomposed(in, options);
  REQUIRE(d.status == mip::MipStatus::optimal);
  REQUIRE(d.blocks.size() == 2);
  REQUIRE(d.schedule.has_value());
  double objective = 0.0, bound = 0.0, root = 0.0, cuts = 0.0;
  long long nodes = 0;
  for (int a = 0; a < 2; ++a) {
    const BlockOutcome& b = d.blocks[a];
    root += std::min(b.mip.root_bound, box_revenue_bound(in, a));
    cuts += b.mip.times.cuts;
    CHECK(b.started);
    CHECK(b.bound >= b.objective - 1e-9);
    CHECK(b.bound <= box_revenue_bound(in, a));
    // The block's schedule, judged on the block's own instance.
    const CheckReport report = check_schedule(asset_block(in, a), b.schedule, b.objective);
    INFO(format_report(report));
    CHECK(report.ok);
    objective += b.objective;
    bound += b.bound;
    nodes += b.mip.nodes;
  }
  CHECK(d.objective == objective);
  CHECK(d.best_bound == bound);
  CHECK(d.nodes == nodes);
  // The root bound is the blocks' root LP bounds (not their final bounds), and every time part adds up.
  CHECK(d.root_bound == root);
  CHECK(d.root_bound >= d.best_bound - 1e-9);
  CHECK(d.times.cuts == cuts);
  // x is the sum of the assets' p, and the fleet optimum is the published 2680.40.
  for (int t = 0; t < in.num_steps(); ++t)
    for (int m = 0; m < in.num_markets(); ++m)
      CHECK(d.schedule->x(t, m) == d.schedule->p(0, t, m) + d.schedule->p(1, t, m));
  CHECK(d.objective == Approx(2680.40).epsilon(core::tol::kObjectiveAgreementRelative));
}

TEST_CASE("caps that cannot bind are dropped: the decomposed optimum equals the capped model's", "[fleet][decomposition]") {
  GeneratorOptions g;
  g.assets = 3;
  g.markets = 3;
  g.steps = 12;
  g.seed = 4;
  g.cap_fraction = 1.0;  // cap = the summed prequalification: present but never binding
  const Instance in = generate_instance(g);
  for (int m = 0; m < in.num_markets(); ++m) REQUIRE(in.markets[m].cap_mw.has_value());
  REQUIRE(coupling_reason(in).empty());
  FleetSolveOptions options;
  options.mip.relative_gap = 0.0;
  options.mip.absolute_gap = 1e-9;
  const DecomposedSolve d = solve_decomposed(in, options);
  options.decompose = false;
  const FleetSolveOutcome whole = solve_fleet(in, options);
  REQUIRE(d.status == mip::MipStatus::optimal);
  REQUIRE(whole.summary.status == SolveStatus::optimal);
  CHECK(whole.blocks == 1);
  CHECK(d.objective == Approx(*whole.summary.objective).epsilon(core::tol::kObjectiveAgreementRelative));
  // The combined schedule respects the caps it was solved without.
  const CheckReport report = check_schedule(in, *d.schedule, d.objective);
  INFO(format_report(report));
  CHECK(report.ok);
}

TEST_CASE("a decomposed solve reports its root LP bound, above the final bound when the trees closed a gap",
          "[fleet][decomposition]") {
  GeneratorOptions g;  // fleetopt generate --assets 3 --markets 4 --steps 24 (seed 0)
  g.assets = 3;
  g.markets = 4;
  g.steps = 24;
  const Instance in = generate_instance(g);
  FleetSolveOptions options;
  options.threads = 1;
  const DecomposedSolve d = solve_decomposed(in, options);
  REQUIRE(d.status == mip::MipStatus::optimal);
  // With the tight formulation the root LPs are fractional here (a root gap of about 0.9%, closed
  // by branching). A block whose tree lowered its bound below its root bound must show in the
  // fleet's root bound: it was capped by the final bound, which made the root gap always the gap.
  double lowered = 0.0;
  for (int a = 0; a < 3; ++a)
    lowered += std::max(0.0, std::min(d.blocks[a].mip.root_bound, box_revenue_bound(in, a)) - d.blocks[a].bound);
  CHECK(d.root_bound >= d.best_bound - 1e-9);
  CHECK(d.root_bound - d.best_bound == Approx(lowered).margin(1e-6));
  if (lowered == 0.0) WARN("no block's tree lowered its bound: the check above is vacuous");
}

TEST_CASE("mode repair of a DP schedule: between the DP's revenue and the optimum, and a valid schedule",
          "[fleet][decomposition]") {
  for (std::uint64_t seed = 0; seed < 12; ++seed) {
    GeneratorOptions g;
    g.assets = 1;
    g.markets = 2 + static_cast<int>(seed % 4);
    g.steps = 24;
    g.seed = seed;
    g.reserve_fraction = seed % 3 == 0 ? 0.5 : 0.0;
    g.negative_spike_probability = seed % 2 == 0 ? 0.1 : 0.0;
    const Instance in = generate_instance(g);
    const double optimum = tree_optimum(in);

    SocGridOptions grid;
    grid.grid_intervals = 50;  // coarse: the DP's schedule leaves something to repair
    const AssetDpResult dp = solve_asset_dp(in, 0, grid);
    FleetSolution guide(1, in.num_steps(), in.num_markets());
    place_asset_schedule(dp, 0, guide);
    const FleetModel model = build_model(in, Formulation::hull, BuildOptions{true});
    const std::optional<std::vector<double>> repaired = repair_modes(model, guide);
    REQUIRE(repaired.has_value());
    const double revenue = model.model.objective_value(*repaired);
    INFO("seed " << seed << " DP " << dp.revenue << " repaired " << revenue << " optimum " << optimum);
    const CheckReport report = check_schedule(in, model.schedule_from(*repaired), revenue);
    INFO(format_report(report));
    CHECK(report.ok);
    CHECK(revenue >= dp.revenue - 1e-6 * std::max(1.0, std::abs(dp.revenue)));
    CHECK(revenue <= optimum + 1e-6 * std::max(1.0, std::abs(optimum)));
    // The modes are the guide's wherever it moves energy.
    const FleetSolution s = model.schedule_from(*repaired);
    for (int t = 0; t < in.num_steps(); ++t) {
      double guide_up = 0.0, guide_down = 0.0, up = 0.0, down = 0.0;
      for (int m = 0; m < in.num_markets(); ++m) {
        (model.market_up[m] ? guide_up : guide_down) += guide.p(0, t, m);
        (model.market_up[m] ? up : down) += s.p(0, t, m);
      }
      if (guide_up > guide_down && guide_up > core::tol::kPrimalFeasibility) CHECK(down <= 1e-9);
      else if (guide_down > core::tol::kPrimalFeasibility) CHECK(up <= 1e-9);
    }
  }
}

TEST_CASE("a week of one asset is proven by the DP bound against the repaired schedule",
          "[fleet][decomposition]") {
  GeneratorOptions g;  // fleetopt generate --assets 1 --markets 4 --steps 336 (seed 0)
  g.assets = 1;
  g.markets = 4;
  g.steps = 336;
  const Instance in = generate_instance(g);
  FleetSolveOptions options;
  options.threads = 1;
  options.dp_refinement_after_work = 0.0;  // no tree before the refinement
  const DecomposedSolve repaired = solve_decomposed(in, options);
  REQUIRE(repaired.status == mip::MipStatus::optimal);
  const BlockOutcome& b = repaired.blocks[0];
  CHECK(b.mip.nodes == 0);  // the DP bound and the repaired schedule alone
  CHECK(b.bound - b.objective <= 1e-4 * b.objective);
  const CheckReport report = check_schedule(in, *repaired.schedule, repaired.objective);
  INFO(format_report(report));
  CHECK(report.ok);
  // The DP's own schedule, even on 16,000 intervals, is still short of the proof (0.09% below the
  // bound): the repair (and the bound tilted by its energy values) is what closed it.
  SocGridOptions grid;
  grid.grid_intervals = 16000;
  const AssetDpResult fine = solve_asset_dp(in, 0, grid);
  CHECK(fine.upper_bound - fine.revenue > 1e-4 * fine.revenue);
  CHECK(repaired.objective > fine.revenue);
}

TEST_CASE("96-step assets: the DP bound tilted by the repair LP's energy values proves most without a tree",
          "[fleet][decomposition]") {
  // Which seeds close without a tree depends on which of the repair LP's optimal duals the
  // simplex returns (its cost perturbation decides among them): with the perturbation sized by
  // the largest cost (2026-12-07) seed 3 needs its root LP and seed 11 no longer does; 12 of these
  // 18 either way (and 23 of the first 30), so "most" is tested on 18 seeds, not on 6.
  constexpr int kSeeds = 18;
  int without_tree = 0;
  for (std::uint64_t seed = 0; seed < kSeeds; ++seed) {
    GeneratorOptions g;
    g.assets = 1;
    g.markets = 4;
    g.steps = 96;
    g.seed = seed;
    g.heterogeneous = seed % 2 == 1;
    const Instance in = generate_instance(g);
    const double optimum = tree_optimum(in);
    FleetSolveOptions options;
    options.threads = 1;
    const DecomposedSolve d = solve_decomposed(in, options);
    INFO("seed " << seed << " optimum " << optimum << " objective " << d.objective << " bound " << d.best_bound
                 << " nodes " << d.nodes);
    REQUIRE(d.status == mip::MipStatus::optimal);
    const double tol = 1e-6 * std::max(1.0, optimum);
    CHECK(d.best_bound >= optimum - tol);  // the tilted bound is valid
    CHECK(d.objective <= optimum + tol);
    CHECK(d.best_bound - d.objective <= 1e-4 * d.objective + tol);
    const CheckReport report = check_schedule(in, *d.schedule, d.objective);
    INFO(format_report(report));
    CHECK(report.ok);
    if (d.nodes == 0) ++without_tree;
  }
  CHECK(2 * without_tree > kSeeds);
}
