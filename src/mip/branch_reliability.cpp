#include "fleetopt/mip/branch_reliability.hpp"

#include "node_lp.hpp"

#include <algorithm>
#include <climits>
#include <cmath>
#include <stdexcept>

namespace fleetopt::mip {

namespace {

// What strong branching learned about one child.
struct ChildProbe {
  bool cut_off = false;   // infeasible, or its proven bound passes the cutoff
  bool solved = false;    // an optimal LP value (pseudocosts may learn from it)
  bool stopped = false;   // the time limit or an interrupt ended it: stop strong branching
  double gain = 0.0;      // worsening against the node's LP (0 when unknown)
  std::optional<double> bound;  // proven bound of the child, model sense
};

ChildProbe probe_child(NodeContext& ctx, LpProbe& probe, int j, bool up, long long iteration_limit) {
  const double v = ctx.lp.x[j];
  ChildProbe child;
  const double worst = ctx.minimize() ? core::kInfinity : -core::kInfinity;
  if (up ? std::ceil(v) > probe.upper(j) : std::floor(v) < probe.lower(j)) {
    child.cut_off = true;  // an empty domain: the child has no point at all
    child.bound = worst;
    return child;
  }
  if (up) probe.set_bounds(j, std::ceil(v), probe.upper(j));
  else probe.set_bounds(j, probe.lower(j), std::floor(v));
  const lp::LpStatus status = probe.solve(iteration_limit);
  const lp::LpResult& r = probe.result();
  const auto passes_cutoff = [&](double b) { return ctx.worsening(ctx.cutoff, b) >= 0.0; };
  switch (status) {
    case lp::LpStatus::infeasible:
      child.cut_off = true;
      child.bound = worst;
      break;
    case lp::LpStatus::cutoff:
      if (passes_cutoff(r.dual_bound)) {
        child.cut_off = true;
        child.bound = r.dual_bound;
      }
      break;
    case lp::LpStatus::optimal:
      child.solved = true;
      child.bound = r.objective;
      child.gain = std::max(0.0, ctx.worsening(ctx.lp.objective, r.objective));
      if (passes_cutoff(r.objective)) child.cut_off = true;
      break;
    case lp::LpStatus::iteration_limit:
      if (std::isfinite(r.dual_bound)) {
        child.bound = r.dual_bound;
        child.gain = std::max(0.0, ctx.worsening(ctx.lp.objective, r.dual_bound));
        if (passes_cutoff(r.dual_bound)) child.cut_off = true;
      }
      break;
    case lp::LpStatus::time_limit: child.stopped = true; break;
    default: break;  // numerical trouble or unbounded: learn nothing
  }
  probe.restore();
  return child;
}

}  // namespace

ReliabilityBranching::ReliabilityBranching(ReliabilityParameters parameters, std::string name)
    : p_(parameters), name_(std::move(name)) {}

BranchDecision ReliabilityBranching::select(NodeContext& ctx) {
  const Pseudocosts& pc = ctx.pseudocosts;
  struct Candidate {
    int column;
    double fraction;  // x - floor(x)
    double score;
  };
  std::vector<Candidate> candidates;
  for (int j : ctx.fractional) {
    const double f = ctx.lp.x[j] - std::floor(ctx.lp.x[j]);
    candidates.push_back({j, f, product_score(pc.expected(j, false, f), pc.expected(j, true, 1.0 - f))});
  }
  std::stable_sort(candidates.begin(), candidates.end(),
                   [](const Candidate& a, const Candidate& b) { return a.score > b.score; });
  if (!p_.unlimited && static_cast<int>(candidates.size()) > p_.max_candidates) candidates.resize(p_.max_candidates);

  const long long average = ctx.node_lp_iterations / std::max<long long>(1, ctx.node_number);
  const long long iteration_limit =
      p_.unlimited ? -1 : std::clamp<long long>(2 * average, p_.min_iterations, p_.max_iterations);
  const long long budget = static_cast<long long>(p_.budget_fraction * ctx.node_lp_iterations) + p_.budget_offset;

  BranchDecision best;
  double best_score = -1.0;
  double best_down_gain = 0.0, best_up_gain = 0.0;
  int since_improvement = 0;
  bool stop_probing = false;
  std::vector<BoundChange> tightenings;
  std::optional<LpProbe> probe;

  for (const Candidate& c : candidates) {
    const int j = c.column;
    const bool reliable = std::min(pc.count(j, false), pc.count(j, true)) >= p_.reliability;
    double down_gain = pc.expected(j, false, c.fraction), up_gain = pc.expected(j, true, 1.0 - c.fraction);
    std::optional<double> down_bound, up_bound;
    if (!reliable && !stop_probing && (p_.unlimited || strong_branching_iterations_ < budget)) {
      if (!probe) probe.emplace(ctx.node_lp, LpProbe::Purpose::strong_branching);
      const long long before = ctx.node_lp.iterations(LpWork::strong_branching);
      const ChildProbe down = probe_child(ctx, *probe, j, false, iteration_limit);
      const ChildProbe up = down.stopped ? ChildProbe{} : probe_child(ctx, *probe, j, true, iteration_limit);
      strong_branching_iterations_ += ctx.node_lp.iterations(LpWork::strong_branching) - before;
      if (down.stopped || up.stopped) {
        stop_probing = true;
        continue;
      }
      if (down.solved) ctx.pseudocosts.record(j, false, c.fraction, down.gain);
      if (up.solved) ctx.pseudocosts.record(j, true, 1.0 - c.fraction, up.gain);
      if (down.cut_off && up.cut_off) {
        BranchDecision none;
        none.kind = BranchDecision::Kind::infeasible;
        none.down_bound = down.bound;
        none.up_bound = up.bound;
        return none;
      }
      if (down.cut_off || up.cut_off) {
        const double v = ctx.lp.x[j];
        tightenings.push_back(down.cut_off ? BoundChange{j, std::ceil(v), ctx.upper[j]}
                                           : BoundChange{j, ctx.lower[j], std::floor(v)});
        if (static_cast<int>(tightenings.size()) >= p_.max_bound_changes) break;
        continue;
      }
      if (down.bound || down.solved) down_gain = down.gain;
      if (up.bound || up.solved) up_gain = up.gain;
      down_bound = down.bound;
      up_bound = up.bound;
    }
    const double score = product_score(down_gain, up_gain);
    if (score > best_score) {
      best_score = score;
      best = BranchDecision{};
      best.kind = BranchDecision::Kind::branch;
      best.column = j;
      best.down_bound = down_bound;
      best.up_bound = up_bound;
      best_down_gain = down_gain;
      best_up_gain = up_gain;
      since_improvement = 0;
    } else if (!reliable && !p_.unlimited && ++since_improvement >= p_.lookahead) {
      stop_probing = true;
    }
  }
  if (!tightenings.empty()) {
    BranchDecision t;
    t.kind = BranchDecision::Kind::tightened;
    t.tightenings = std::move(tightenings);
    return t;
  }
  if (best.column < 0) {
    best.kind = BranchDecision::Kind::branch;
    best.column = candidates.front().column;
  }
  // Visit the child that loses less first: the plunge stays where good solutions are likely.
  best.up_first = best_up_gain <= best_down_gain;
  return best;
}

BranchDecision MostFractionalBranching::select(NodeContext& ctx) {
  BranchDecision d;
  double best = -1.0;
  for (int j : ctx.fractional) {
    const double f = ctx.lp.x[j] - std::floor(ctx.lp.x[j]);
    const double closeness = std::min(f, 1.0 - f);
    if (closeness > best) {
      best = closeness;
      d.column = j;
      d.up_first = f >= 0.5;
    }
  }
  return d;
}

std::unique_ptr<BranchingRule> make_branching_rule(const std::string& name) {
  if (name == "reliability") return std::make_unique<ReliabilityBranching>();
  if (name == "pseudocost") {
    ReliabilityParameters p;
    p.reliability = 0;
    return std::make_unique<ReliabilityBranching>(p, "pseudocost");
  }
  if (name == "strong") {
    ReliabilityParameters p;
    p.reliability = INT_MAX;
    p.unlimited = true;
    return std::make_unique<ReliabilityBranching>(p, "strong");
  }
  if (name == "most-fractional") return std::make_unique<MostFractionalBranching>();
  throw std::invalid_argument("unknown branching rule '" + name + "' (expected reliability, pseudocost, strong or most-fractional)");
}

std::vector<std::string> branching_rule_names() { return {"reliability", "pseudocost", "strong", "most-fractional"}; }

}  // namespace fleetopt::mip
