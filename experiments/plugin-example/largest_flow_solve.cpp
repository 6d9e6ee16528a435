// An example of extending fleetopt from outside its source tree (docs/install.md): a branching
// rule and a primal heuristic of our own, handed to fleetopt's branch-and-bound through
// FleetSolveOptions::mip, on a generated fleet; the schedule is checked by fleetopt's independent
// checker and compared with fleetopt's own default solve of the same fleet.
//
//  * LargestFlowBranching: branch on the fractional binary whose column moves the most power
//    (its LP value times its largest objective coefficient), up child first: a deliberately
//    simple rule, to show the interface (mip::BranchingRule::select on a mip::NodeContext).
//  * RoundUpHeuristic: at the root, round every fractional binary to the nearest integer and
//    submit the point (the branch-and-bound checks it; it is accepted only if it is feasible and
//    better).
//
// Usage: largest_flow_solve [ASSETS STEPS SEED]   (default 3 24 0). Exit 0 when both solves are
// optimal, both schedules pass the check and the two optima agree within the gaps.
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>

#include "fleetopt/fleet/checker.hpp"
#include "fleetopt/fleet/fleet_solver.hpp"
#include "fleetopt/fleet/generator.hpp"
#include "fleetopt/mip/branching_rule.hpp"
#include "fleetopt/mip/primal_heuristic.hpp"

using namespace fleetopt;

namespace {

class LargestFlowBranching : public mip::BranchingRule {
 public:
  std::string name() const override { return "largest-flow"; }
  mip::BranchDecision select(mip::NodeContext& ctx) override {
    mip::BranchDecision decision;
    double best = -1.0;
    for (int j : ctx.fractional) {
      const double score = std::abs(ctx.lp.x[j]) * (1.0 + std::abs(ctx.model.objective[j]));
      if (score > best) {
        best = score;
        decision.column = j;
      }
    }
    decision.up_first = true;
    return decision;
  }
};

class RoundUpHeuristic : public mip::PrimalHeuristic {
 public:
  std::string name() const override { return "round at the root"; }
  char log_letter() const override { return 'X'; }
  bool should_run(const mip::NodeContext& ctx) const override { return ctx.depth == 0; }
  void run(mip::NodeContext& ctx, const mip::SolutionSink& submit) override {
    std::vector<double> x = ctx.lp.x;
    for (int j : ctx.fractional) x[j] = std::round(x[j]);
    submit(x);
  }
};

}  // namespace

int main(int argc, char** argv) {
  fleet::GeneratorOptions g;
  g.assets = argc > 1 ? std::atoi(argv[1]) : 3;
  g.steps = argc > 2 ? std::atoi(argv[2]) : 24;
  g.seed = argc > 3 ? std::strtoull(argv[3], nullptr, 10) : 0;
  g.markets = 4;
  g.cap_fraction = 0.5;  // coupled: one MILP over the whole fleet, so our plug-ins do the work
  const fleet::Instance instance = fleet::generate_instance(g);

  fleet::FleetSolveOptions ours;
  ours.mip.relative_gap = 1e-6;
  ours.mip.branching = [] { return std::make_unique<LargestFlowBranching>(); };
  ours.mip.heuristics = std::vector<mip::HeuristicFactory>{[] { return std::make_unique<RoundUpHeuristic>(); }};
  const fleet::FleetSolveOutcome with_plugins = fleet::solve_fleet(instance, ours);

  fleet::FleetSolveOptions defaults;
  defaults.mip.relative_gap = 1e-6;
  const fleet::FleetSolveOutcome reference = fleet::solve_fleet(instance, defaults);

  const auto report = [&](const char* what, const fleet::FleetSolveOutcome& o) {
    const bool checked = o.schedule && fleet::check_schedule(instance, *o.schedule, o.summary.objective).ok;
    std::printf("%-28s status %-9s objective %.6f nodes %lld check %s\n", what, fleet::to_string(o.summary.status),
                o.summary.objective.value_or(NAN), o.summary.nodes, checked ? "passed" : "FAILED");
    return checked && o.summary.status == fleet::SolveStatus::optimal;
  };
  const bool ok_plugins = report("largest-flow + round-up", with_plugins);
  const bool ok_reference = report("fleetopt defaults", reference);
  if (!ok_plugins || !ok_reference) return 1;
  const double a = *with_plugins.summary.objective, b = *reference.summary.objective;
  const double tolerance = 2e-6 * std::max(1.0, std::abs(b));  // both within their 1e-6 gaps
  std::printf("optima agree: %s (difference %.3g)\n", std::abs(a - b) <= tolerance ? "yes" : "NO", a - b);
  return std::abs(a - b) <= tolerance ? 0 : 1;
}
