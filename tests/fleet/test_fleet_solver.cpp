// solve_fleet with our own branch-and-bound: the agreed optima of the reference set
// (data/reference/optima.csv, agreed by CBC, GLPK and HiGHS) at gap 0, the infeasible instance,
// decomposed and whole-model solves agreeing, valid bounds under limits (a coupled fleet's LP
// bound when its search stops before the root), forced solver faults (a clear status, a checked
// schedule), the idle schedule of a solve stopped before it began, and results that do not
// depend on the number of threads.
#include <catch2/catch.hpp>
#include <cmath>
#include <memory>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "fleetopt/core/csv.hpp"
#include "fleetopt/core/tolerances.hpp"
#include "fleetopt/fleet/checker.hpp"
#include "fleetopt/fleet/decomposition.hpp"
#include "fleetopt/fleet/fleet_solver.hpp"
#include "fleetopt/fleet/formulation.hpp"
#include "fleetopt/fleet/generator.hpp"
#include "fleetopt/fleet/instance_io.hpp"
#include "fleetopt/lp/lp_solver.hpp"
#include "fleetopt/mip/primal_heuristic.hpp"

using namespace fleetopt;
using namespace fleetopt::fleet;

namespace {

struct AgreedResult {
  std::string path;
  std::string status;
  double objective = 0.0;
};

std::vector<AgreedResult> reference_set() {
  const core::CsvTable table = core::read_csv(FLEETOPT_SOURCE_DIR "/data/reference/optima.csv");
  std::vector<AgreedResult> out;
  for (const auto& row : table.rows) {
    AgreedResult r;
    r.path = FLEETOPT_SOURCE_DIR "/" + row.fields[table.column("instance")];
    r.status = row.fields[table.column("status")];
    if (r.status == "optimal") r.objective = std::stod(row.fields[table.column("objective")]);
    out.push_back(r);
  }
  return out;
}

// Gap 0: the search must close the gap up to rounding (1e-9 EUR absolute).
FleetSolveOptions exact(bool decompose = true, int threads = 1) {
  FleetSolveOptions o;
  o.mip.relative_gap = 0.0;
  o.mip.absolute_gap = 1e-9;
  o.decompose = decompose;
  o.threads = threads;
  return o;
}

double relative_difference(double a, double b) { return std::abs(a - b) / std::max(1.0, std::abs(b)); }

// With a cap fraction and a minimum bid, a coupled fleet (GeneratorOptions).
Instance generated(int assets, int markets, int steps, std::uint64_t seed, double cap_fraction = 0.0,
                   double min_bid_mw = 0.0) {
  GeneratorOptions g;
  g.assets = assets;
  g.markets = markets;
  g.steps = steps;
  g.seed = seed;
  g.cap_fraction = cap_fraction;
  g.min_bid_mw = min_bid_mw;
  return generate_instance(g);
}

// The independent checker passes on the returned schedule and its objective (the test does not
// take solve_fleet's word for it).
void require_checked(const Instance& instance, const FleetSolveOutcome& o) {
  REQUIRE(o.schedule.has_value());
  REQUIRE(o.summary.objective.has_value());
  const CheckReport report = check_schedule(instance, *o.schedule, o.summary.objective);
  INFO(format_report(report));
  REQUIRE(report.ok);
}

}  // namespace

TEST_CASE("every reference instance solved at gap 0 matches the agreed optimum", "[fleet][solver]") {
  const auto set = reference_set();
  REQUIRE(set.size() >= 12);
  int infeasible = 0;
  for (const AgreedResult& agreed : set) {
    INFO(agreed.path);
    const Instance instance = read_instance(agreed.path);
    const FleetSolveOutcome o = solve_fleet(instance, exact());
    CHECK(o.summary.solver == "fleetopt");
    CHECK(o.summary.formulation == "hull");
    if (agreed.status == "infeasible") {
      ++infeasible;
      CHECK(o.summary.status == SolveStatus::infeasible);
      CHECK_FALSE(o.schedule.has_value());
      CHECK_FALSE(o.summary.message.empty());
      continue;
    }
    REQUIRE(o.summary.status == SolveStatus::optimal);
    require_checked(instance, o);
    CHECK(relative_difference(*o.summary.objective, agreed.objective) < core::tol::kObjectiveAgreementRelative);
    REQUIRE(o.summary.best_bound.has_value());
    CHECK(*o.summary.best_bound >= agreed.objective - 1e-6);
    CHECK(*o.summary.gap <= core::tol::kMipGapFloorRelative);  // a complete search: LP noise at most
    // (A block may end before its root node: its root cut loop's LP can prove its DP schedule.)
  }
  CHECK(infeasible == 1);
}

TEST_CASE("decomposed and whole-model solves give the same optimum on separable instances",
          "[fleet][solver][decomposition]") {
  int separable = 0;
  std::vector<Instance> instances;
  for (const AgreedResult& agreed : reference_set())
    if (agreed.status == "optimal") instances.push_back(read_instance(agreed.path));
  instances.push_back(generated(4, 4, 12, 3));
  for (const Instance& instance : instances) {
    if (instance.num_assets() < 2 || !coupling_reason(instance).empty()) continue;
    ++separable;
    INFO(instance.name);
    const FleetSolveOutcome split = solve_fleet(instance, exact(true));
    const FleetSolveOutcome whole = solve_fleet(instance, exact(false));
    REQUIRE(split.summary.status == SolveStatus::optimal);
    REQUIRE(whole.summary.status == SolveStatus::optimal);
    CHECK(split.blocks == instance.num_assets());
    CHECK(whole.blocks == 1);
    require_checked(instance, split);
    require_checked(instance, whole);
    CHECK(relative_difference(*split.summary.objective, *whole.summary.objective) <
          core::tol::kObjectiveAgreementRelative);
  }
  CHECK(separable >= 5);
}

TEST_CASE("a coupled fleet (a cap that binds, a minimum bid) is one branch-and-bound", "[fleet][solver]") {
  for (const char* name : {"caps-3x3x6", "minbid-3x4x6"}) {
    const Instance instance = read_instance(std::string(FLEETOPT_SOURCE_DIR "/data/reference/") + name + "/instance.toml");
    REQUIRE_FALSE(coupling_reason(instance).empty());
    const FleetSolveOutcome o = solve_fleet(instance, exact(true, 2));
    CHECK(o.blocks == 1);
    CHECK(o.summary.status == SolveStatus::optimal);
  }
}

TEST_CASE("a coupled fleet reaches the agreed optimum under every dual pricing rule", "[fleet][solver]") {
  // FleetSolveOptions::coupled_dual_pricing changes every LP of the search (Devex by default);
  // the optimum of CBC, GLPK and HiGHS (data/reference/optima.csv) must not depend on it.
  CHECK(FleetSolveOptions{}.coupled_dual_pricing == lp::DualPricingRule::devex);
  int coupled = 0;
  for (const AgreedResult& r : reference_set()) {
    if (r.status != "optimal") continue;
    const Instance instance = read_instance(r.path);
    if (coupling_reason(instance).empty()) continue;
    ++coupled;
    for (lp::DualPricingRule rule :
         {lp::DualPricingRule::devex, lp::DualPricingRule::steepest_edge, lp::DualPricingRule::dantzig}) {
      INFO(r.path << ", pricing " << lp::to_string(rule));
      FleetSolveOptions options = exact(true, 2);
      options.coupled_dual_pricing = rule;
      const FleetSolveOutcome o = solve_fleet(instance, options);
      REQUIRE(o.summary.status == SolveStatus::optimal);
      require_checked(instance, o);
      CHECK(relative_difference(*o.summary.objective, r.objective) < core::tol::kObjectiveAgreementRelative);
    }
  }
  CHECK(coupled >= 2);  // caps-3x3x6 and minbid-3x4x6 at least
}

TEST_CASE("limits leave a checked schedule and a valid bound", "[fleet][solver][decomposition]") {
  const Instance instance = generated(6, 4, 48, 5);
  const FleetSolveOutcome best = solve_fleet(instance, exact(true, 2));
  REQUIRE(best.summary.status == SolveStatus::optimal);
  const double optimum = *best.summary.objective;

  for (bool decompose : {true, false}) {
    INFO("decompose " << decompose);
    FleetSolveOptions limited = exact(decompose, 2);
    limited.mip.node_limit = 1;  // the root only (per block when decomposed)
    const FleetSolveOutcome o = solve_fleet(instance, limited);
    REQUIRE((o.summary.status == SolveStatus::feasible || o.summary.status == SolveStatus::optimal));
    require_checked(instance, o);
    CHECK(*o.summary.objective <= optimum + 1e-6);
    REQUIRE(o.summary.best_bound.has_value());
    CHECK(*o.summary.best_bound >= optimum - 1e-6);
    CHECK(*o.summary.gap == Approx(std::abs(*o.summary.best_bound - *o.summary.objective) /
                                   std::max(1.0, std::abs(*o.summary.objective))));
  }
}

TEST_CASE("a coupled fleet stopped before its root reports the bound of the LP it solved first",
          "[fleet][solver]") {
  // A coupled fleet's solve solves its LP relaxation for the link rows' duals before the search
  // (mode repair); that LP's optimum, and the root cut loop's, bound the fleet whether or not the
  // search gets to its root, and its net flows give a schedule.
  const Instance instance = generated(4, 4, 24, 3, 0.5, 1.0);
  REQUIRE_FALSE(coupling_reason(instance).empty());
  const FleetSolveOutcome best = solve_fleet(instance, exact(true, 1));
  REQUIRE(best.summary.status == SolveStatus::optimal);
  const double optimum = *best.summary.objective;
  // The LP relaxation, solved here on the plain hull model: the solve's presolved LP and its
  // Lagrangian bound are at least as tight.
  const lp::LpResult relaxation = lp::solve_lp(build_model(instance, Formulation::hull).model);
  REQUIRE(relaxation.status == lp::LpStatus::optimal);
  REQUIRE(relaxation.objective > optimum + 1.0);  // a gap the bound could hide in

  FleetSolveOptions stopped = exact(true, 1);
  stopped.mip.node_limit = 0;  // the search stops before its root node
  const FleetSolveOutcome o = solve_fleet(instance, stopped);
  CHECK(o.summary.status == SolveStatus::feasible);
  CHECK(o.summary.nodes == 0);
  require_checked(instance, o);
  REQUIRE(o.summary.best_bound.has_value());
  CHECK(*o.summary.best_bound >= optimum - 1e-6);
  CHECK(*o.summary.best_bound <= relaxation.objective + 1e-6);
  // The schedule: that LP's point with each asset's mode fixed by its net flow, the powers
  // re-optimised (11,123.4 against the optimum 11,303.5; the per-asset DP schedules under the
  // LP's duals, repaired, give 9,842.2).
  CHECK(*o.summary.objective >= 0.95 * optimum);
}

namespace {

// A primal heuristic that throws at the root (a buggy plug-in given through FleetSolveOptions::mip).
class ThrowingHeuristic : public mip::PrimalHeuristic {
 public:
  std::string name() const override { return "throwing"; }
  char log_letter() const override { return 'T'; }
  bool should_run(const mip::NodeContext&) const override { return true; }
  void run(mip::NodeContext&, const mip::SolutionSink&) override { throw std::runtime_error("injected fleet fault"); }
};

}  // namespace

TEST_CASE("a forced solver fault ends with a clear status, never optimal, and only a checked schedule",
          "[fleet][solver][faults]") {
  // The whole model without the DP: the branch-and-bound has to do the work.
  const Instance instance = generated(6, 4, 48, 5);
  FleetSolveOptions base = exact(false);
  base.dp_grid_intervals = 0;
  const FleetSolveOutcome best = solve_fleet(instance, base);
  REQUIRE(best.summary.status == SolveStatus::optimal);
  REQUIRE(best.summary.nodes > 1);
  const double optimum = *best.summary.objective;

  SECTION("node memory runs out: feasible, the best checked schedule, a valid bound") {
    FleetSolveOptions o = base;
    o.mip.node_memory_stop_bytes = 0;  // the root's children are already too many
    const FleetSolveOutcome r = solve_fleet(instance, o);
    CHECK(r.summary.status == SolveStatus::feasible);
    CHECK_THAT(r.summary.message, Catch::Matchers::Contains("node memory limit reached"));
    require_checked(instance, r);
    CHECK(*r.summary.objective <= optimum + 1e-6);
    REQUIRE(r.summary.best_bound.has_value());
    CHECK(*r.summary.best_bound >= optimum - 1e-6);
  }
  SECTION("a plug-in throws: error, with the plug-in named") {
    FleetSolveOptions o = base;
    o.mip.heuristics = std::vector<mip::HeuristicFactory>{[] { return std::make_unique<ThrowingHeuristic>(); }};
    const FleetSolveOutcome r = solve_fleet(instance, o);
    CHECK(r.summary.status == SolveStatus::error);
    CHECK_THAT(r.summary.message,
               Catch::Matchers::Contains("primal heuristic 'throwing' threw: injected fleet fault"));
    // The best schedule it had comes back with the error (at least the idle schedule it started
    // from), judged by the independent checker.
    REQUIRE(r.schedule.has_value());
    require_checked(instance, r);
    if (r.summary.best_bound) CHECK(*r.summary.best_bound >= optimum - 1e-6);
  }
}

TEST_CASE("a solve whose time is up before it starts returns the idle schedule and the box bounds",
          "[fleet][solver][decomposition]") {
  const Instance instance = generated(4, 3, 12, 9);
  FleetSolveOptions options = exact(true, 2);
  options.mip.time_limit_seconds = 0.0;
  const FleetSolveOutcome o = solve_fleet(instance, options);
  CHECK(o.summary.status == SolveStatus::feasible);
  require_checked(instance, o);
  CHECK(*o.summary.objective == 0.0);
  // The box bound recomputed here: every p at its prequalified power where it earns money.
  double box = 0.0;
  for (const Market& m : instance.markets) REQUIRE(m.settlement == Settlement::energy);
  for (const Asset& a : instance.assets)
    for (int t = 0; t < instance.num_steps(); ++t)
      for (int m = 0; m < instance.num_markets(); ++m) {
        const bool up = instance.markets[m].direction == Direction::up;
        const double earn = (up ? 1.0 : -1.0) * instance.price(t, m) * instance.step_hours -
                            (up ? a.cycle_cost_eur_per_mwh * instance.step_hours : 0.0);
        if (earn > 0) box += earn * a.prequalified_mw[m];
      }
  REQUIRE(o.summary.best_bound.has_value());
  CHECK(*o.summary.best_bound == Approx(box).epsilon(1e-12));
  CHECK(o.summary.nodes == 0);
  for (int a = 0; a < instance.num_assets(); ++a)
    for (int t = 0; t < instance.num_steps(); ++t) CHECK(o.schedule->state(a, t) == instance.assets[a].soc_initial_mwh);
}

TEST_CASE("an interrupt before the solve returns status interrupted with the idle schedule", "[fleet][solver]") {
  const Instance instance = generated(3, 4, 12, 2);
  std::atomic<bool> stop{true};
  for (bool decompose : {true, false})
    for (int dp_grid : {0, 2000}) {
      INFO("decompose " << decompose << ", DP grid " << dp_grid);
      FleetSolveOptions options = exact(decompose, 2);
      options.dp_grid_intervals = dp_grid;
      options.mip.interrupt = &stop;
      options.mip.lp.interrupt = &stop;
      const FleetSolveOutcome o = solve_fleet(instance, options);
      CHECK(o.summary.status == SolveStatus::interrupted);
      require_checked(instance, o);
      // Nothing but the idle incumbent was there yet: the DP, too, stops at the flag (a Ctrl-C
      // must not wait for it).
      CHECK(*o.summary.objective <= 1e-9);
      REQUIRE(o.summary.best_bound.has_value());
    }
}

// Bit for bit, not approximately: the same search, or blocks combined in a fixed order.
void require_same_result(const FleetSolveOutcome& a, const FleetSolveOutcome& b) {
  REQUIRE(a.schedule.has_value());
  REQUIRE(b.schedule.has_value());
  CHECK(*a.summary.objective == *b.summary.objective);
  CHECK(*a.summary.best_bound == *b.summary.best_bound);
  CHECK(a.summary.nodes == b.summary.nodes);
  CHECK(a.summary.lp_iterations == b.summary.lp_iterations);
  CHECK(a.schedule->bid == b.schedule->bid);
  CHECK(a.schedule->power == b.schedule->power);
  CHECK(a.schedule->soc == b.schedule->soc);
}

TEST_CASE("the result does not depend on the number of threads", "[fleet][solver][decomposition]") {
  const Instance instance = generated(8, 4, 48, 17);
  FleetSolveOutcome runs[2];
  for (int k = 0; k < 2; ++k) runs[k] = solve_fleet(instance, exact(true, k + 1));
  REQUIRE(runs[0].summary.status == SolveStatus::optimal);
  REQUIRE(runs[1].summary.status == SolveStatus::optimal);
  CHECK(runs[0].blocks == 8);
  require_same_result(runs[0], runs[1]);
}

TEST_CASE("a coupled fleet's search does not depend on the number of threads", "[fleet][solver]") {
  // One search: with two threads the root's RINS and window search run beside its strong
  // branching and first nodes (mip::MipOptions::beside_heuristics_nodes, 5 here so that their
  // schedules come in mid-tree), with one they run first; and queued nodes' LPs are solved ahead
  // on the second thread, with one when their node is taken (FleetSolveOptions::node_lps_ahead,
  // on by default); and, when switched on, strong branching's child LPs run on copies of the
  // node's LP, two at a time with two threads (FleetSolveOptions::parallel_strong_branching). The
  // same search either way, and the same optimum with strong branching on copies or not.
  const Instance instance = generated(4, 4, 24, 3, 0.5, 1.0);
  REQUIRE(!coupling_reason(instance).empty());
  double optimum[2] = {0.0, 0.0};
  for (const bool on_copies : {false, true}) {
    CAPTURE(on_copies);
    FleetSolveOutcome runs[2];
    for (int k = 0; k < 2; ++k) {
      FleetSolveOptions options = exact(true, k + 1);
      options.mip.beside_heuristics_nodes = 5;
      options.parallel_strong_branching = on_copies;
      runs[k] = solve_fleet(instance, options);
      REQUIRE(runs[k].summary.status == SolveStatus::optimal);
      require_checked(instance, runs[k]);
    }
    CHECK(runs[0].blocks == 1);
    CHECK(runs[0].summary.nodes > 5);  // the schedules came in while the tree went on
    require_same_result(runs[0], runs[1]);
    CHECK(runs[0].times.heuristics_beside == 0.0);
    CHECK(runs[0].times.node_lps_ahead == 0.0);
    optimum[on_copies ? 1 : 0] = *runs[0].summary.objective;
  }
  CHECK(optimum[1] == Approx(optimum[0]).epsilon(1e-6));
}

TEST_CASE("a generated 10-asset fleet decomposes into 10 blocks, logged in block order", "[fleet][solver][decomposition]") {
  const Instance instance = generate_instance(parse_generate_spec("10,4,24"));
  REQUIRE(coupling_reason(instance).empty());
  std::ostringstream log;
  FleetSolveOptions options;
  options.threads = 2;
  options.mip.log = &log;
  const FleetSolveOutcome o = solve_fleet(instance, options);
  CHECK(o.blocks == 10);
  CHECK(o.summary.status == SolveStatus::optimal);
  require_checked(instance, o);
  const std::string text = log.str();
  INFO(text);
  size_t previous = 0;
  for (int b = 1; b <= 10; ++b) {
    const size_t at = text.find("block " + std::to_string(b) + "/10 ");
    REQUIRE(at != std::string::npos);
    CHECK(at >= previous);
    previous = at;
  }
  CHECK(text.find("Fleet: 10 blocks, status optimal") != std::string::npos);
  CHECK(text.find("root LP") != std::string::npos);
}

// Regression: this hull model made the dual ratio test of a root-cut LP index past its candidate
// list (a group left empty by NaN ratios) and crash; the LP now reports numerical trouble, the
// cut round is rolled back, and the optimum matches the basic formulation's.
TEST_CASE("a coupled one-asset fleet whose cut LP once crashed is solved to the basic model's optimum",
          "[fleet][solver]") {
  GeneratorOptions g;
  g.assets = 1;
  g.markets = 2;
  g.steps = 8;
  g.seed = 77421;
  g.heterogeneous = true;
  g.cap_fraction = 0.75;
  g.reserve_fraction = 0.6;
  g.price_shape = PriceShape::daily;
  g.negative_spike_probability = 0.1;
  const Instance instance = generate_instance(g);
  FleetSolveOptions hull = exact(false);
  const FleetSolveOutcome a = solve_fleet(instance, hull);
  REQUIRE(a.summary.status == SolveStatus::optimal);
  require_checked(instance, a);
  FleetSolveOptions basic = exact(false);
  basic.formulation = Formulation::basic;
  basic.dp_grid_intervals = 0;
  basic.mode_repair = false;
  const FleetSolveOutcome b = solve_fleet(instance, basic);
  REQUIRE(b.summary.status == SolveStatus::optimal);
  CHECK(relative_difference(*a.summary.objective, *b.summary.objective) <= 1e-6);
}

// The tree's first stretch before the DP refinement is simplex work, not seconds: a block that
// takes the refinement path ends with the same nodes, iterations, schedule and bound on every run
// and any number of threads (with a 1 s stretch, the 1x96x6 block of bench/fleet_vs_highs.sh
// ended with 671 to 983 nodes from run to run).
TEST_CASE("a block's stop before the DP refinement does not depend on time", "[fleet][solver][dp]") {
  GeneratorOptions g;
  g.assets = 2;
  g.markets = 6;
  g.steps = 24;
  g.seed = 3;  // its first block's tree takes 39 nodes and 841 LP iterations without the stop
  g.reserve_fraction = 0.5;
  g.negative_spike_probability = 0.05;
  g.price_shape = PriceShape::daily;
  g.price_noise = 0.3;
  const Instance instance = generate_instance(g);
  std::optional<FleetSolveOutcome> first;
  for (const int threads : {1, 2, 1}) {
    FleetSolveOptions options;
    options.threads = threads;
    options.dp_refinement_after_work = 1e5;  // a few hundred iterations of these 24-step blocks
    const FleetSolveOutcome r = solve_fleet(instance, options);
    REQUIRE(r.summary.status == SolveStatus::optimal);
    require_checked(instance, r);
    CHECK(r.dp_seconds > 0.0);
    if (!first) {
      first = r;
      continue;
    }
    INFO("threads " << threads);
    CHECK(r.summary.nodes == first->summary.nodes);
    CHECK(r.summary.lp_iterations == first->summary.lp_iterations);
    CHECK(*r.summary.objective == *first->summary.objective);
    CHECK(*r.summary.best_bound == *first->summary.best_bound);
  }
}

// The DP refinement path of a block (FleetSolveOptions::dp_refinement): the tree is stopped at
// once, the DP on finer grids and the resumed tree must still give a proven answer whose schedule
// is checked and whose value and bound enclose the exact optimum (gap 0, no refinement).
TEST_CASE("a block handed to the refined DP after its tree stops is still proven and checked", "[fleet][solver][dp]") {
  for (std::uint64_t seed : {3, 8, 21}) {
    GeneratorOptions g;
    g.assets = 2;
    g.markets = 6;
    g.steps = 24;
    g.seed = seed;
    g.reserve_fraction = 0.5;
    g.negative_spike_probability = 0.05;
    g.price_shape = PriceShape::daily;
    g.price_noise = 0.3;
    const Instance instance = generate_instance(g);
    INFO("seed " << seed);
    const FleetSolveOutcome exact_run = solve_fleet(instance, exact());
    REQUIRE(exact_run.summary.status == SolveStatus::optimal);
    const double optimum = *exact_run.summary.objective;
    FleetSolveOptions refined;
    refined.dp_refinement_after_work = 0.0;
    refined.mip.time_limit_seconds = 60.0;
    const FleetSolveOutcome r = solve_fleet(instance, refined);
    REQUIRE(r.summary.status == SolveStatus::optimal);
    require_checked(instance, r);
    const double tol = 1e-6 * std::max(1.0, std::abs(optimum));
    CHECK(*r.summary.objective <= optimum + tol);
    CHECK(*r.summary.best_bound >= optimum - tol);
    CHECK(*r.summary.gap <= refined.mip.relative_gap + 1e-12);
    CHECK(r.dp_seconds > 0.0);
  }
}
