// Fleet plug-ins of the mip layer (fleet_plugins.hpp, docs/fleet-plugins.md): flow branching and
// the fleet heuristics give the same optimum at gap 0 as the generic defaults on generated fleets
// (uncoupled, capped, with minimum bids; basic and tight formulations), every candidate they
// submit passes the model's check, and flow rounding closes a hand-made LP point with one-sided
// fractional binaries at the LP's own value. (Nodes and times are benchmarks, not tests:
// bench/fleet_vs_highs.sh with --ours-args.)
#include <catch2/catch.hpp>
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "fleetopt/core/timer.hpp"
#include "fleetopt/core/tolerances.hpp"
#include "fleetopt/fleet/branch_flow.hpp"
#include "fleetopt/fleet/fleet_plugins.hpp"
#include "fleetopt/fleet/fleet_structure.hpp"
#include "fleetopt/fleet/formulation.hpp"
#include "fleetopt/fleet/generator.hpp"
#include "fleetopt/fleet/heur_flow_rounding.hpp"
#include "fleetopt/fleet/heur_window_lns.hpp"
#include "fleetopt/mip/mip_solver.hpp"
#include "fleetopt/mip/solution_check.hpp"

using namespace fleetopt;
using namespace fleetopt::fleet;

namespace {

// Optima from two solves at gap 0 agree to LP noise (docs/mip.md section 2: kMipGapFloorRelative
// is what a complete search at gap 0 may leave); 1e-6 relative is the brief's comparison.
constexpr double kOptimumAgreementRelative = 1e-6;

double relative_difference(double a, double b) { return std::abs(a - b) / std::max(1.0, std::abs(b)); }

// What a heuristic submitted, counted by a wrapper around it.
struct SubmissionCount {
  int submitted = 0;
  int passed_check = 0;
  int accepted = 0;
  std::string first_failure;  // where the first candidate that failed the check broke the model
};

class CountingHeuristic : public mip::PrimalHeuristic {
 public:
  CountingHeuristic(std::unique_ptr<mip::PrimalHeuristic> inner, std::shared_ptr<SubmissionCount> count)
      : inner_(std::move(inner)), count_(std::move(count)) {}
  std::string name() const override { return inner_->name(); }
  char log_letter() const override { return inner_->log_letter(); }
  bool should_run(const mip::NodeContext& ctx) const override { return inner_->should_run(ctx); }
  void run(mip::NodeContext& ctx, const mip::SolutionSink& submit) override {
    inner_->run(ctx, [&](const std::vector<double>& x) {
      ++count_->submitted;
      // The branch-and-bound judges a candidate as given when its integers are exact, else
      // rounded (a binary at -2e-8 under a big-M of 10 opens 2e-7 of its row) and, if need be,
      // polished by the LP; either way is a check of the model, and accepted means one passed.
      std::vector<double> rounded = x;
      for (int j = 0; j < ctx.model.num_cols(); ++j)
        if (ctx.model.is_integer[j]) rounded[j] = std::round(rounded[j]);
      const mip::SolutionCheck as_given = mip::check_solution(ctx.model, x);
      const mip::SolutionCheck as_rounded = mip::check_solution(ctx.model, rounded);
      const bool accepted = submit(x);
      // An LP answer verified on the scaled model can be 1.5e-7 outside an original row (a binary
      // at -2e-8 with 4e-8 MW under it): the branch-and-bound refuses it if polishing does not
      // make it better than the incumbent. Such a point is still a schedule within the fleet
      // checker's tolerance (kCheckAbsolute), which is what "feasible" means for this test.
      const bool within_noise = as_given.worst_row_violation <= core::tol::kCheckAbsolute &&
                                as_given.worst_bound_violation <= core::tol::kCheckAbsolute &&
                                as_given.worst_integrality_violation <= core::tol::kIntegrality;
      if (as_given.ok || as_rounded.ok || accepted || within_noise) ++count_->passed_check;
      else if (count_->first_failure.empty()) count_->first_failure = inner_->name() + ": as given " + as_given.where + ", rounded " + as_rounded.where;
      if (accepted) ++count_->accepted;
      return accepted;
    });
  }

 private:
  std::unique_ptr<mip::PrimalHeuristic> inner_;
  std::shared_ptr<SubmissionCount> count_;
};

struct Shape {
  int assets, steps;
  double cap_fraction, min_bid;
};

Instance generated(const Shape& s, std::uint64_t seed) {
  GeneratorOptions g;
  g.assets = s.assets;
  g.markets = 4;
  g.steps = s.steps;
  g.seed = seed;
  g.cap_fraction = s.cap_fraction;
  g.min_bid_mw = s.min_bid;
  return generate_instance(g);
}

mip::MipOptions exact_options() {
  mip::MipOptions o;
  o.relative_gap = 0.0;
  return o;
}

// Solves `instance` with the generic defaults and with every fleet plug-in at gap 0 and requires
// the same optimum; every fleet heuristic's submissions must pass the model's check.
void require_same_optimum(const Instance& instance, Formulation formulation, bool idle_start,
                          std::vector<SubmissionCount>& totals) {
  const FleetModel fm = build_model(instance, formulation);
  mip::MipOptions generic = exact_options();
  if (idle_start) generic.initial_solutions = {idle_columns(instance, fm)};
  const mip::MipResult reference = mip::solve_mip(fm.model, generic);
  REQUIRE(reference.status == mip::MipStatus::optimal);

  auto structure = std::make_shared<const FleetStructure>(instance, fm);
  mip::MipOptions fleet = generic;
  fleet.branching = fleet_branching_factory(structure);
  std::vector<std::shared_ptr<SubmissionCount>> counts;
  std::vector<mip::HeuristicFactory> wrapped;
  FleetPluginSwitches only_fleet;
  only_fleet.generic_heuristics = false;
  for (const auto& make : fleet_heuristics(structure, only_fleet)) {
    counts.push_back(std::make_shared<SubmissionCount>());
    auto count = counts.back();
    wrapped.push_back([make, count] { return std::make_unique<CountingHeuristic>(make(), count); });
  }
  for (auto& make : mip::default_heuristics()) wrapped.push_back(std::move(make));
  fleet.heuristics = wrapped;
  const mip::MipResult with_plugins = mip::solve_mip(fm.model, fleet);

  INFO("generic " << *reference.objective << " in " << reference.nodes << " nodes, fleet plug-ins "
                  << (with_plugins.objective ? *with_plugins.objective : NAN) << " in " << with_plugins.nodes
                  << " nodes: " << with_plugins.message);
  REQUIRE(with_plugins.status == mip::MipStatus::optimal);
  REQUIRE(relative_difference(*with_plugins.objective, *reference.objective) <= kOptimumAgreementRelative);
  REQUIRE(mip::check_solution(fm.model, with_plugins.x).ok);
  totals.resize(counts.size());
  for (size_t h = 0; h < counts.size(); ++h) {
    INFO(counts[h]->first_failure);
    CHECK(counts[h]->passed_check == counts[h]->submitted);
    totals[h].submitted += counts[h]->submitted;
    totals[h].passed_check += counts[h]->passed_check;
    totals[h].accepted += counts[h]->accepted;
  }
}

void sweep(const std::vector<Shape>& shapes, int seeds) {
  std::vector<SubmissionCount> totals;
  int solves = 0;
  for (const Shape& shape : shapes)
    for (int seed = 0; seed < seeds; ++seed)
      for (const Formulation f : {Formulation::tight, Formulation::basic}) {
        const Instance instance = generated(shape, static_cast<std::uint64_t>(seed));
        INFO("assets " << shape.assets << ", steps " << shape.steps << ", cap fraction " << shape.cap_fraction
                       << ", min bid " << shape.min_bid << ", seed " << seed << ", " << to_string(f));
        require_same_optimum(instance, f, seed % 2 == 0, totals);
        ++solves;
      }
  // The heuristics did something: flow rounding (index 0) is what closes nodes whose binaries are
  // one-sided, and net-flow fixing (1) runs at every root.
  REQUIRE(totals.size() == 4);
  CHECK(totals[0].submitted > 0);
  CHECK(totals[1].submitted > 0);
  WARN(solves << " solves; submitted/accepted: flow rounding " << totals[0].submitted << "/" << totals[0].accepted
              << ", net-flow fixing " << totals[1].submitted << "/" << totals[1].accepted << ", rins "
              << totals[2].submitted << "/" << totals[2].accepted << ", window search " << totals[3].submitted
              << "/" << totals[3].accepted);
}

}  // namespace

TEST_CASE("fleet plug-ins: the same optimum as the generic defaults at gap 0", "[fleet][plugins]") {
  sweep({{1, 6, 0.0, 0.0}, {2, 4, 0.0, 0.0}, {2, 6, 0.5, 0.0}, {2, 6, 0.0, 2.0}, {3, 4, 0.5, 1.0}}, 6);
}

TEST_CASE("fleet plug-ins: the same optimum on a wider sweep", "[fleet][plugins][long]") {
  sweep({{1, 12, 0.0, 0.0}, {2, 8, 0.0, 0.0}, {3, 6, 0.0, 0.0}, {2, 8, 0.5, 0.0}, {2, 8, 0.0, 2.0}, {3, 6, 0.4, 1.0}},
        12);
}

namespace {

// Runs the window search alone at the root of a one-node search from the idle schedule and returns
// the search's best objective; every candidate it submitted must pass the model's check.
double window_search_from_idle(const Instance& instance, const FleetModel& fm, const WindowLnsParameters& parameters,
                               SubmissionCount& count) {
  auto structure = std::make_shared<const FleetStructure>(instance, fm);
  auto shared_count = std::make_shared<SubmissionCount>();
  mip::MipOptions o = exact_options();
  o.node_limit = 1;
  o.initial_solutions = {idle_columns(instance, fm)};
  o.heuristics = std::vector<mip::HeuristicFactory>{[structure, parameters, shared_count] {
    return std::make_unique<CountingHeuristic>(std::make_unique<FleetWindowLns>(structure, parameters), shared_count);
  }};
  const mip::MipResult r = mip::solve_mip(fm.model, o);
  REQUIRE(r.objective);
  REQUIRE(mip::check_solution(fm.model, r.x).ok);
  INFO(shared_count->first_failure);
  CHECK(shared_count->passed_check == shared_count->submitted);
  count.submitted += shared_count->submitted;
  count.accepted += shared_count->accepted;
  return *r.objective;
}

// A generated fleet's hull model and its optimum by the generic plug-ins at gap 0.
struct SmallFleet {
  Instance instance;
  FleetModel fm;
  double optimum = 0.0;
};

SmallFleet small_fleet(const Shape& shape, std::uint64_t seed) {
  SmallFleet f{generated(shape, seed), {}, 0.0};
  f.fm = build_model(f.instance, Formulation::hull);
  const mip::MipResult reference = mip::solve_mip(f.fm.model, exact_options());
  REQUIRE(reference.status == mip::MipStatus::optimal);
  f.optimum = *reference.objective;
  return f;
}

// The parameters with no node, work or time limit on the sub-MIPs.
WindowLnsParameters without_limits(WindowLnsParameters p) {
  p.node_limit = -1;
  p.sub_mip_lp_iterations_per_column = 0.0;
  p.time_limit_seconds = core::kInfinity;
  return p;
}

// One-step windows (max(1, 1 / assets) steps), then one block of every asset over the whole
// horizon, sweeping while they improve.
WindowLnsParameters one_step_then_whole_blocks(const Shape& shape) {
  WindowLnsParameters p;
  p.free_binaries = 1;
  p.asset_block_assets = shape.assets;
  p.asset_block_steps = shape.steps;
  p.max_sweeps = 1000;
  return without_limits(p);
}

}  // namespace

TEST_CASE("window search: a window over the whole horizon finds the optimum, small windows only improve, asset blocks "
          "continue where they stall",
          "[fleet][plugins]") {
  SubmissionCount whole_count, small_count;
  int small_below_optimum = 0;
  for (const Shape shape : {Shape{3, 6, 0.4, 1.0}, Shape{3, 8, 0.5, 0.0}, Shape{2, 8, 0.0, 2.0}})
    for (std::uint64_t seed = 0; seed < 4; ++seed) {
      // The reference: generic plug-ins, gap 0, no window search.
      const SmallFleet fleet = small_fleet(shape, seed);
      const Instance& instance = fleet.instance;
      const FleetModel& fm = fleet.fm;
      const double optimum = fleet.optimum;
      const double idle = fm.model.objective_value(idle_columns(instance, fm));
      INFO("assets " << shape.assets << ", steps " << shape.steps << ", cap fraction " << shape.cap_fraction
                     << ", min bid " << shape.min_bid << ", seed " << seed << ": optimum " << optimum << ", idle "
                     << idle);

      WindowLnsParameters whole;  // one window holds every binary: the sub-MIP is the whole MILP
      whole.free_binaries = 1000;
      whole = without_limits(whole);
      const double found = window_search_from_idle(instance, fm, whole, whole_count);
      // The sub-MIP stops at the default relative gap (sub_mip.hpp), so "the optimum" is within
      // it: 3 assets, 6 steps, seed 3 gave 2.4e-5 below once the node LPs kept their pricing
      // weights (another path through the same tree).
      CHECK(relative_difference(found, optimum) <= core::tol::kMipRelativeGap);
      CHECK(found <= optimum + 1e-6 * std::max(1.0, std::abs(optimum)));

      const double optimum_tolerance = 1e-6 * std::max(1.0, std::abs(optimum));
      WindowLnsParameters one_step;  // max(1, 1 / assets) = one step per window
      one_step.free_binaries = 1;
      one_step.asset_block_assets = 0;
      const double local = window_search_from_idle(instance, fm, one_step, small_count);
      CHECK(local >= idle - 1e-9);
      CHECK(local <= optimum + optimum_tolerance);
      if (local < optimum - optimum_tolerance) ++small_below_optimum;

      // Where the one-step windows stall, one block of every asset over the whole horizon frees
      // every u with every y fixed: never worse than the windows alone (it starts where they
      // stopped), and the optimum where there is no y (no minimum bids), within the sub-MIP's
      // default relative gap as above (3 assets, 8 steps, seed 3 ended 4.2e-5 below once the
      // windows' sub-MIPs started from the previous one's root basis).
      const double blocks = window_search_from_idle(instance, fm, one_step_then_whole_blocks(shape), small_count);
      CHECK(blocks >= local - optimum_tolerance);
      CHECK(blocks <= optimum + optimum_tolerance);
      if (shape.min_bid == 0.0) CHECK(relative_difference(blocks, optimum) <= core::tol::kMipRelativeGap);
    }
  // It did search: windows improved on the idle schedule, and at least once one-step windows
  // stopped short of the optimum (the neighbourhood is local, as it should be).
  CHECK(whole_count.accepted > 0);
  CHECK(small_count.accepted > 0);
  WARN("window search: whole-horizon accepted " << whole_count.accepted << ", one-step windows accepted "
                                                << small_count.accepted << ", one-step below the optimum on "
                                                << small_below_optimum << " of 12 instances");
}

namespace {

// The window search's sub-MIPs over one call, and which of them gave the last schedule the search
// accepted (FleetWindowLns counts a sub-MIP before its schedule is submitted).
struct WindowCall {
  int sub_mips = 0;
  int last_accepted_from = 0;
};

class RecordingWindowSearch : public mip::PrimalHeuristic {
 public:
  RecordingWindowSearch(std::shared_ptr<const FleetStructure> structure, WindowLnsParameters parameters,
                        std::shared_ptr<WindowCall> call)
      : inner_(std::move(structure), parameters), call_(std::move(call)) {}
  std::string name() const override { return inner_.name(); }
  char log_letter() const override { return inner_.log_letter(); }
  bool should_run(const mip::NodeContext& ctx) const override { return inner_.should_run(ctx); }
  void run(mip::NodeContext& ctx, const mip::SolutionSink& submit) override {
    inner_.run(ctx, [&](const std::vector<double>& x) {
      const bool accepted = submit(x);
      if (accepted) call_->last_accepted_from = inner_.sub_mips();
      return accepted;
    });
    call_->sub_mips = inner_.sub_mips();
  }

 private:
  FleetWindowLns inner_;
  std::shared_ptr<WindowCall> call_;
};

}  // namespace

TEST_CASE("window search: a schedule that closes the search's gap ends the call", "[fleet][plugins]") {
  // One-step windows and whole-horizon asset blocks, sweeping until nothing improves: from the
  // idle schedule they reach the optimum on fleets without minimum bids (the test above). Given the
  // optimum as the search's bound (MipOptions::known_bound, which the search hands to its
  // heuristics as NodeContext::global_bound), the call ends with the sub-MIP that reaches it;
  // with the root's bound only, it sweeps on where that bound is above the optimum.
  int compared = 0, ended_early = 0;
  for (const Shape shape : {Shape{3, 8, 0.5, 0.0}, Shape{3, 6, 0.0, 0.0}, Shape{2, 8, 0.4, 0.0}})
    for (std::uint64_t seed = 0; seed < 3; ++seed) {
      const SmallFleet fleet = small_fleet(shape, seed);
      const Instance& instance = fleet.instance;
      const FleetModel& fm = fleet.fm;
      const double optimum = fleet.optimum;
      INFO("assets " << shape.assets << ", steps " << shape.steps << ", cap fraction " << shape.cap_fraction
                     << ", seed " << seed << ": optimum " << optimum);
      auto structure = std::make_shared<const FleetStructure>(instance, fm);
      const WindowLnsParameters parameters = one_step_then_whole_blocks(shape);

      WindowCall calls[2];
      mip::MipResult runs[2];
      for (int with_bound = 0; with_bound < 2; ++with_bound) {
        auto call = std::make_shared<WindowCall>();
        mip::MipOptions o = exact_options();
        o.node_limit = 1;
        o.initial_solutions = {idle_columns(instance, fm)};
        if (with_bound == 1) o.known_bound = optimum;
        o.heuristics = std::vector<mip::HeuristicFactory>{[structure, parameters, call] {
          return std::make_unique<RecordingWindowSearch>(structure, parameters, call);
        }};
        runs[with_bound] = mip::solve_mip(fm.model, o);
        REQUIRE(runs[with_bound].objective);
        REQUIRE(mip::check_solution(fm.model, runs[with_bound].x).ok);
        calls[with_bound] = *call;
      }
      if (calls[0].sub_mips == 0) continue;  // the root's LP was integral: no heuristic ran
      ++compared;
      const double tolerance = mip::gap_tolerance(optimum, 0.0, mip::MipOptions{}.absolute_gap);
      REQUIRE(*runs[0].objective >= optimum - tolerance);  // the sweeps reach the optimum
      REQUIRE(*runs[1].objective >= optimum - tolerance);
      // With the bound the call's last sub-MIP is the one whose schedule reached it...
      CHECK(calls[1].sub_mips == calls[1].last_accepted_from);
      // ...with the root's bound above the optimum, the sweeps go on after it (an improving sweep
      // is followed by another).
      if (runs[0].best_bound > optimum + tolerance) {
        CHECK(calls[0].sub_mips > calls[0].last_accepted_from);
        if (calls[1].sub_mips < calls[0].sub_mips) ++ended_early;
      }
    }
  CHECK(compared >= 5);
  CHECK(ended_early > 0);
}

namespace {

// One asset, two one-hour steps, an up market (minimum bid 1 MW) and a down market, q = 4 MW
// each, P = 10 MW, E = 20 MWh, soc0 = 10, etac = etad = 0.9.
Instance one_sided_instance() {
  Instance in;
  in.name = "one-sided";
  in.step_hours = 1.0;
  in.time_labels = {"t0", "t1"};
  in.markets = {Market{"up", Direction::up, Settlement::energy, std::nullopt, 1.0},
                Market{"down", Direction::down, Settlement::energy, std::nullopt, 0.0}};
  Asset a;
  a.name = "a";
  a.power_mw = 10;
  a.energy_mwh = 20;
  a.soc_initial_mwh = 10;
  a.soc_min_mwh = 2;
  a.soc_max_mwh = 20;
  a.soc_final_min_mwh = 2;
  a.eta_charge = 0.9;
  a.eta_discharge = 0.9;
  a.prequalified_mw = {4, 4};
  in.assets = {a};
  in.prices = {50, 30,  //
               40, 20};
  return in;
}

}  // namespace

TEST_CASE("flow rounding: one-sided fractional binaries are rounded in place at the LP's value",
          "[fleet][plugins]") {
  const Instance in = one_sided_instance();
  for (const Formulation f : {Formulation::tight, Formulation::basic}) {
    INFO(to_string(f));
    const FleetModel fm = build_model(in, f);
    const auto col = [](int c) {
      REQUIRE(c >= 0);
      return c;
    };
    // Step 0 discharges 1.5 MW into the up market with u = 1/2 and y = 1/2; step 1 charges 1 MW
    // with u = 0.3. Every row holds: dis 1.5 <= 4 * 0.5, pu 1.5 <= 4 * 0.5, minbid 1 * 0.5 <= 1.5
    // <= 4 * 0.5; chg 1 <= 4 * 0.7, pd 1 <= 4 * 0.7.
    std::vector<double> lp_point(static_cast<size_t>(fm.model.num_cols()), 0.0);
    const int M = 2, T = 2;
    lp_point[col(fm.p_col[(0 * T + 0) * M + 0])] = 1.5;
    lp_point[col(fm.x_col[0 * M + 0])] = 1.5;
    lp_point[col(fm.y_col[0 * M + 0])] = 0.5;
    lp_point[col(fm.u_col[0 * T + 0])] = 0.5;
    lp_point[col(fm.soc_col[0 * T + 0])] = 10 - 1.5 / 0.9;
    lp_point[col(fm.p_col[(0 * T + 1) * M + 1])] = 1.0;
    lp_point[col(fm.x_col[1 * M + 1])] = 1.0;
    lp_point[col(fm.u_col[0 * T + 1])] = 0.3;
    lp_point[col(fm.soc_col[0 * T + 1])] = 10 - 1.5 / 0.9 + 0.9;
    const mip::SolutionCheck relaxed = mip::check_solution(fm.model, lp_point);
    REQUIRE(relaxed.worst_row_violation <= core::tol::kPrimalFeasibility);
    REQUIRE(relaxed.worst_bound_violation <= core::tol::kPrimalFeasibility);
    REQUIRE_FALSE(relaxed.ok);  // fractional binaries

    const std::vector<int> fractional = {fm.u_col[0], fm.u_col[1], fm.y_col[0]};
    FlowRounding rounding(std::make_shared<const FleetStructure>(in, fm));
    std::vector<double> rounded = lp_point;
    REQUIRE(rounding.round_in_place(fm.model, fractional, rounded));
    CHECK(rounded[fm.u_col[0]] == 1.0);  // discharging: may discharge
    CHECK(rounded[fm.u_col[1]] == 0.0);  // charging: may charge
    CHECK(rounded[fm.y_col[0]] == 1.0);  // 1.5 MW >= the 1 MW minimum
    const mip::SolutionCheck check = mip::check_solution(fm.model, rounded);
    INFO(check.where);
    REQUIRE(check.ok);
    CHECK(fm.model.objective_value(rounded) == fm.model.objective_value(lp_point));
    for (int j = 0; j < fm.model.num_cols(); ++j)
      if (!fm.model.is_integer[j]) CHECK(rounded[j] == lp_point[j]);

    // Simultaneous flow at step 0 (0.5 MW charged as well): not rounded, no candidate.
    std::vector<double> simultaneous = lp_point;
    simultaneous[fm.p_col[(0 * T + 0) * M + 1]] = 0.5;
    CHECK_FALSE(rounding.round_in_place(fm.model, fractional, simultaneous));
    // A bid between 0 and the minimum: y cannot be rounded.
    std::vector<double> small_bid = lp_point;
    small_bid[fm.x_col[0]] = 0.5;
    CHECK_FALSE(rounding.round_in_place(fm.model, fractional, small_bid));
  }
}

TEST_CASE("fleet structure: roles, flows and exchange gains", "[fleet][plugins]") {
  const Instance in = one_sided_instance();
  const FleetModel fm = build_model(in);
  const FleetStructure s(in, fm);
  CHECK(s.num_columns() == fm.model.num_cols());
  CHECK(s.role(fm.u_col[1]).role == FleetStructure::Role::u);
  CHECK(s.role(fm.u_col[1]).index == 1);
  CHECK(s.role(fm.y_col[2]).role == FleetStructure::Role::y);
  CHECK(s.role(fm.y_col[2]).index == 2);
  CHECK(s.role(fm.x_col[0]).role == FleetStructure::Role::other);
  const FleetStructure::AssetStep& step = s.asset_step(0, 1);
  REQUIRE(step.up_p_cols.size() == 1);
  REQUIRE(step.down_p_cols.size() == 1);
  // gain = vD* + etac etad vU* = -20 + 0.81 * 40 = 12.4 EUR per MW charged.
  CHECK(step.exchange_gain == Approx(12.4));
  CHECK(s.bid(1, 0).min_bid == 1.0);
  CHECK(s.bid(1, 1).y_col == -1);
  // A structure of another model is refused, not misread.
  const FleetModel other = build_model(generate_instance(GeneratorOptions{}));
  FlowRounding rounding(std::make_shared<const FleetStructure>(s));
  std::vector<double> x(static_cast<size_t>(other.model.num_cols()), 0.0);
  CHECK_THROWS_AS(rounding.round_in_place(other.model, {}, x), std::logic_error);
}

TEST_CASE("node propagation on coupled hull fleets: stopped once idle, the same tree where it finds nothing",
          "[fleet][plugins]") {
  // The hull rows give the node LP what propagation could derive from them (docs/mip.md section
  // 1), so on these fleets it often finds nothing; stopping it after 3 idle nodes must then leave
  // the tree exactly as it was, and the optimum everywhere.
  int same_tree = 0, stopped = 0;
  for (const Shape shape : {Shape{3, 8, 0.5, 1.0}, Shape{4, 6, 0.5, 0.0}, Shape{3, 12, 0.3, 1.0}})
    for (std::uint64_t seed = 0; seed < 4; ++seed) {
      const FleetModel fm = build_model(generated(shape, seed), Formulation::hull);
      mip::MipOptions o = exact_options();
      o.node_propagation_idle_nodes = 0;
      const mip::MipResult always = mip::solve_mip(fm.model, o);
      o.node_propagation_idle_nodes = 3;
      const mip::MipResult idle = mip::solve_mip(fm.model, o);
      INFO("assets " << shape.assets << ", steps " << shape.steps << ", seed " << seed << ": " << always.nodes
                     << " nodes, propagation found " << always.propagation_prunes + always.propagation_tightenings);
      REQUIRE(always.status == mip::MipStatus::optimal);
      REQUIRE(idle.status == mip::MipStatus::optimal);
      CHECK(*idle.objective == Approx(*always.objective).margin(1e-7));
      CHECK_FALSE(always.propagation_stopped);
      if (!idle.propagation_stopped) continue;
      ++stopped;
      CHECK(idle.propagation_prunes + idle.propagation_tightenings == 0);
      if (always.propagation_prunes + always.propagation_tightenings == 0) {
        ++same_tree;
        CHECK(idle.nodes == always.nodes);
        CHECK(idle.lp_iterations == always.lp_iterations);
      }
    }
  INFO(stopped << " searches stopped propagating, " << same_tree << " of them with nothing to find");
  CHECK(same_tree >= 3);
}
