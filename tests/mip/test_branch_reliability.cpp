// Reliability branching (branch_reliability.hpp): what strong branching teaches the pseudocosts.
// A wrapper around the rule watches every call of a whole search. Each observation recorded during
// a call must be a lower estimate of the child's exact gain, which a fresh LP solver computes to
// the end over the node's box with the column rounded. With an iteration limit of one simplex
// iteration per child most children stop at the limit: their proven bounds must still be learned
// from (strictly below the exact gain), or the rule would probe those columns at every node.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "fleetopt/lp/lp_solver.hpp"
#include "fleetopt/mip/branch_reliability.hpp"
#include "fleetopt/mip/mip_solver.hpp"
#include "random_programs.hpp"

using namespace fleetopt;

namespace {

struct LearnedCounts {
  long long learned = 0;      // observations recorded by strong branching
  long long below_exact = 0;  // of which strictly below the child's exact gain
  long long checked = 0;      // of which compared with an exact child LP (the others: child infeasible)
};

class WatchedReliability : public mip::BranchingRule {
 public:
  WatchedReliability(mip::ReliabilityParameters p, LearnedCounts& counts) : inner_(p), counts_(counts) {}
  std::string name() const override { return "watched reliability"; }

  mip::BranchDecision select(mip::NodeContext& ctx) override {
    struct Before {
      int column;
      bool up;
      int count;
      double sum;  // per-unit gains recorded so far
    };
    std::vector<Before> before;
    for (int j : ctx.fractional)
      for (bool up : {false, true}) {
        const int n = ctx.pseudocosts.count(j, up);
        before.push_back({j, up, n, n > 0 ? ctx.pseudocosts.per_unit(j, up) * n : 0.0});
      }
    const mip::BranchDecision decision = inner_.select(ctx);
    for (const Before& b : before) {
      const int n = ctx.pseudocosts.count(b.column, b.up);
      if (n == b.count) continue;
      REQUIRE(n == b.count + 1);
      ++counts_.learned;
      const double v = ctx.lp.x[b.column];
      const double distance = b.up ? std::ceil(v) - v : v - std::floor(v);
      const double learned = (ctx.pseudocosts.per_unit(b.column, b.up) * n - b.sum) * distance;
      core::Model child = ctx.model;
      child.col_lower = ctx.lower;
      child.col_upper = ctx.upper;
      if (b.up) child.col_lower[b.column] = std::ceil(v);
      else child.col_upper[b.column] = std::floor(v);
      lp::LpSolver solver(child, lp::LpOptions{});
      const lp::LpStatus status = solver.solve();
      if (status == lp::LpStatus::infeasible) continue;  // any gain is below an infinite one
      REQUIRE(status == lp::LpStatus::optimal);
      ++counts_.checked;
      const double exact = std::max(0.0, ctx.worsening(ctx.lp.objective, solver.result().objective));
      CAPTURE(b.column, b.up, learned, exact);
      CHECK(learned <= exact + 1e-6 * (1.0 + exact));
      if (learned < exact - 1e-6 * (1.0 + exact)) ++counts_.below_exact;
    }
    return decision;
  }

 private:
  mip::ReliabilityBranching inner_;
  LearnedCounts& counts_;
};

}  // namespace

TEST_CASE("reliability branching: children stopped at their iteration limit teach lower estimates of their gain",
          "[mip][reliability]") {
  LearnedCounts counts;
  for (int k = 0; k < 3; ++k) {
    CAPTURE(k);
    const core::Model model = test::knapsack_program(
        {"reliability" + std::to_string(k), 7100 + static_cast<std::uint64_t>(k), 30, 3, 10, 40, 5, 40, false});
    mip::ReliabilityParameters p;
    p.reliability = 1;
    p.min_iterations = 1;
    p.max_iterations = 1;
    mip::MipOptions watched = test::exact_without_cuts(1);
    watched.branching = [p, &counts] { return std::make_unique<WatchedReliability>(p, counts); };
    const mip::MipResult r = mip::solve_mip(model, watched);
    const mip::MipResult reference = mip::solve_mip(model, test::exact_without_cuts(1));
    REQUIRE(r.status == mip::MipStatus::optimal);
    REQUIRE(reference.status == mip::MipStatus::optimal);
    CHECK(*r.objective == Approx(*reference.objective).margin(1e-9));
  }
  INFO(counts.learned << " observations, " << counts.checked << " checked, " << counts.below_exact
                      << " strictly below the exact gain");
  CHECK(counts.checked > 20);
  // Children stopped at the limit are learned from: their bounds fall short of the exact gain.
  CHECK(counts.below_exact > 0);
}
