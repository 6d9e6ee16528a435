#include "fleetopt/mip/branch_reliability.hpp"

#include "node_lp.hpp"
#include "strong_branching_probes.hpp"

#include <algorithm>
#include <climits>
#include <cmath>
#include <stdexcept>

#include "fleetopt/core/timer.hpp"

namespace fleetopt::mip {

namespace {

// What strong branching learned about one child.
struct ChildProbe {
  bool cut_off = false;   // infeasible, or its proven bound passes the cutoff
  // Pseudocosts learn from `gain`: an optimal LP value, or the proven bound of a child stopped at
  // its iteration limit (a lower estimate of its gain). Learning only from optimal values left a
  // column whose children always stop at the limit unreliable for good: on a coupled 10x24x4
  // fleet one column was probed at 125 nodes, and such probes took 55% of strong branching's
  // iterations (docs/mip.md section 4). SCIP's relpscost also records the gains of strong
  // branching whether or not the child LPs were solved to the end.
  bool learned = false;
  bool stopped = false;   // the time limit or an interrupt ended it: stop strong branching
  double gain = 0.0;      // worsening against the node's LP (0 when unknown)
  std::optional<double> bound;  // proven bound of the child, model sense
};

// What a child's LP answer says (status, objective, proven bound), given the node's context.
ChildProbe interpret_child(const NodeContext& ctx, lp::LpStatus status, double objective, double dual_bound) {
  ChildProbe child;
  const double worst = ctx.minimize() ? core::kInfinity : -core::kInfinity;
  const auto passes_cutoff = [&](double b) { return ctx.worsening(ctx.cutoff, b) >= 0.0; };
  switch (status) {
    case lp::LpStatus::infeasible:
      child.cut_off = true;
      child.bound = worst;
      break;
    case lp::LpStatus::cutoff:
      if (passes_cutoff(dual_bound)) {
        child.cut_off = true;
        child.bound = dual_bound;
      }
      break;
    case lp::LpStatus::optimal:
      child.learned = true;
      child.bound = objective;
      child.gain = std::max(0.0, ctx.worsening(ctx.lp.objective, objective));
      if (passes_cutoff(objective)) child.cut_off = true;
      break;
    case lp::LpStatus::iteration_limit:
      if (std::isfinite(dual_bound)) {
        child.bound = dual_bound;
        child.gain = std::max(0.0, ctx.worsening(ctx.lp.objective, dual_bound));
        if (passes_cutoff(dual_bound)) child.cut_off = true;
        else child.learned = true;
      }
      break;
    case lp::LpStatus::time_limit: child.stopped = true; break;
    default: break;  // numerical trouble or unbounded: learn nothing
  }
  return child;
}

ChildProbe empty_child(const NodeContext& ctx) {
  ChildProbe child;
  child.cut_off = true;  // an empty domain: the child has no point at all
  child.bound = ctx.minimize() ? core::kInfinity : -core::kInfinity;
  return child;
}

// Strong branching on the node's LP itself: a probe changes the bound, solves, and puts it back.
ChildProbe probe_child(NodeContext& ctx, LpProbe& probe, int j, bool up, long long iteration_limit) {
  const double v = ctx.lp.x[j];
  if (up ? std::ceil(v) > probe.upper(j) : std::floor(v) < probe.lower(j)) return empty_child(ctx);
  if (up) probe.set_bounds(j, std::ceil(v), probe.upper(j));
  else probe.set_bounds(j, probe.lower(j), std::floor(v));
  const lp::LpStatus status = probe.solve(iteration_limit);
  const lp::LpResult& r = probe.result();
  const ChildProbe child = interpret_child(ctx, status, r.objective, r.dual_bound);
  probe.restore();
  return child;
}

// The same for children that fix several columns (NodeContext::branch_children).
ChildProbe probe_children(NodeContext& ctx, LpProbe& probe, const std::vector<BoundChange>& changes,
                          long long iteration_limit) {
  for (const BoundChange& c : changes)
    if (std::max(c.lower, probe.lower(c.column)) > std::min(c.upper, probe.upper(c.column))) return empty_child(ctx);
  for (const BoundChange& c : changes)
    probe.set_bounds(c.column, std::max(c.lower, probe.lower(c.column)), std::min(c.upper, probe.upper(c.column)));
  const lp::LpStatus status = probe.solve(iteration_limit);
  const lp::LpResult& r = probe.result();
  const ChildProbe child = interpret_child(ctx, status, r.objective, r.dual_bound);
  probe.restore();
  return child;
}

// The same from an answer of strong branching on copies of the node's LP.
ChildProbe child_from_copy(const NodeContext& ctx, const ChildLpAnswer& answer) {
  if (answer.empty_domain) return empty_child(ctx);
  return interpret_child(ctx, answer.status, answer.objective, answer.dual_bound);
}

}  // namespace

ReliabilityBranching::ReliabilityBranching(ReliabilityParameters parameters, std::string name)
    : p_(parameters), name_(std::move(name)) {}

BranchDecision ReliabilityBranching::select(NodeContext& ctx) {
  const Pseudocosts& pc = ctx.pseudocosts;
  struct Candidate {
    int column;
    double down_distance, up_distance;  // x - floor(x) and ceil(x) - x for one column
    double score;
    std::optional<BranchChildren> children;  // when the branching fixes more than the column
  };
  std::vector<Candidate> candidates;
  std::vector<int> orbit_keys;  // one candidate per orbit: its members give the same children
  for (int j : ctx.fractional) {
    const double f = ctx.lp.x[j] - std::floor(ctx.lp.x[j]);
    Candidate c{j, f, 1.0 - f, 0.0, ctx.branch_children ? ctx.branch_children(j) : std::nullopt};
    if (c.children) {
      if (std::find(orbit_keys.begin(), orbit_keys.end(), c.children->orbit_key) != orbit_keys.end()) continue;
      orbit_keys.push_back(c.children->orbit_key);
      c.down_distance = c.children->down_distance;
      c.up_distance = c.children->up_distance;
    }
    c.score = product_score(pc.expected(j, false, c.down_distance), pc.expected(j, true, c.up_distance));
    candidates.push_back(std::move(c));
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

  // Strong branching on copies of the node's LP, when the branch-and-bound offers it: the
  // candidates that are unreliable now (strong branching records pseudocosts of the probed
  // column only, so these are the ones the loop below may probe) go to it in the loop's order.
  StrongBranchingProbes* const copies = ctx.strong_branching_probes;
  // Children of several columns are probed on the node's LP (the copies take one column).
  const bool all_single =
      std::none_of(candidates.begin(), candidates.end(), [](const Candidate& c) { return c.children.has_value(); });
  const lp::LpSolver* const node_solver =
      copies != nullptr && all_single ? ctx.node_lp.solver_for_copies() : nullptr;
  std::vector<int> copy_index(candidates.size(), -1);
  bool on_copies = false;
  if (node_solver != nullptr) {
    std::vector<StrongBranchingCandidate> list;
    for (std::size_t i = 0; i < candidates.size(); ++i) {
      const int j = candidates[i].column;
      if (std::min(pc.count(j, false), pc.count(j, true)) >= p_.reliability) continue;
      copy_index[i] = static_cast<int>(list.size());
      list.push_back({j, ctx.lp.x[j], ctx.node_lp.lower(j), ctx.node_lp.upper(j)});
    }
    if (!list.empty()) {
      copies->start(*node_solver, std::move(list), iteration_limit, ctx.interrupt);
      on_copies = true;
    }
  }
  // Whatever way select() ends, a child LP still in flight on the second thread is dropped
  // before the node's LP changes.
  struct FinishCopies {
    StrongBranchingProbes* probes;
    ~FinishCopies() {
      if (probes != nullptr) probes->finish();
    }
  } finish_copies{on_copies ? copies : nullptr};

  for (std::size_t i = 0; i < candidates.size(); ++i) {
    const Candidate& c = candidates[i];
    const int j = c.column;
    const bool reliable = std::min(pc.count(j, false), pc.count(j, true)) >= p_.reliability;
    double down_gain = pc.expected(j, false, c.down_distance), up_gain = pc.expected(j, true, c.up_distance);
    std::optional<double> down_bound, up_bound;
    if (!reliable && !stop_probing && (p_.unlimited || strong_branching_iterations_ < budget)) {
      ChildProbe down, up;
      if (on_copies) {
        const core::Timer here;
        const ChildPairAnswer pair = copies->get(copy_index[i]);
        down = child_from_copy(ctx, pair.down);
        if (!down.stopped) up = child_from_copy(ctx, pair.up);
        // Only the children the rule reads count, so the work is the same on any number of threads.
        const long long iterations = pair.down.iterations + (down.stopped ? 0 : pair.up.iterations);
        ctx.node_lp.charge(LpWork::strong_branching, iterations, here.seconds());
        strong_branching_iterations_ += iterations;
      } else {
        if (!probe) probe.emplace(ctx.node_lp, LpProbe::Purpose::strong_branching);
        const long long before = ctx.node_lp.iterations(LpWork::strong_branching);
        if (c.children) {
          down = probe_children(ctx, *probe, c.children->down, iteration_limit);
          up = down.stopped ? ChildProbe{} : probe_children(ctx, *probe, c.children->up, iteration_limit);
        } else {
          down = probe_child(ctx, *probe, j, false, iteration_limit);
          up = down.stopped ? ChildProbe{} : probe_child(ctx, *probe, j, true, iteration_limit);
        }
        strong_branching_iterations_ += ctx.node_lp.iterations(LpWork::strong_branching) - before;
      }
      if (down.stopped || up.stopped) {
        stop_probing = true;
        continue;
      }
      if (down.learned) ctx.pseudocosts.record(j, false, c.down_distance, down.gain);
      if (up.learned) ctx.pseudocosts.record(j, true, c.up_distance, up.gain);
      if (down.cut_off && up.cut_off) {
        BranchDecision none;
        none.kind = BranchDecision::Kind::infeasible;
        none.down_bound = down.bound;
        none.up_bound = up.bound;
        return none;
      }
      if ((down.cut_off || up.cut_off) && c.children) {
        // One child of an orbital branching cut off: the other holds the node's best solutions
        // only up to exchanges of members, which a tightening of the node cannot say; branch on
        // it, the cut-off child pruned by its bound (the gain the distance to the cutoff).
        const auto to_cutoff = [&](const ChildProbe& child) {
          const double b = child.bound && std::isfinite(*child.bound) ? *child.bound : ctx.cutoff;
          return std::max(0.0, ctx.worsening(ctx.lp.objective, b));
        };
        if (down.cut_off) down.gain = to_cutoff(down);
        if (up.cut_off) up.gain = to_cutoff(up);
      } else if (down.cut_off || up.cut_off) {
        const double v = ctx.lp.x[j];
        tightenings.push_back(down.cut_off ? BoundChange{j, std::ceil(v), ctx.upper[j]}
                                           : BoundChange{j, ctx.lower[j], std::floor(v)});
        if (static_cast<int>(tightenings.size()) >= p_.max_bound_changes) break;
        continue;
      }
      if (down.bound) down_gain = down.gain;  // every answer with a bound has its gain
      if (up.bound) up_gain = up.gain;
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
      best.bounds_for_branch_children = c.children.has_value();
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
