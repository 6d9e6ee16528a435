// What a plug-in (branching rule, primal heuristic) sees of the node being processed, and the
// one way it may touch the node's LP: an LpProbe, whose bound changes are undone when it ends.
#pragma once

#include <algorithm>
#include <atomic>
#include <cmath>
#include <functional>
#include <optional>
#include <vector>

#include "fleetopt/core/model.hpp"
#include "fleetopt/core/tolerances.hpp"
#include "fleetopt/lp/lp_solver.hpp"
#include "fleetopt/mip/pseudocosts.hpp"

namespace fleetopt::mip {

class NodeLp;

// How far from its proven bound a search may stop with an incumbent of objective `incumbent`:
// the requested absolute or relative gap, and never less than the prune floor (tolerances.hpp).
inline double gap_tolerance(double incumbent, double relative_gap, double absolute_gap) {
  const double scale = std::max(1.0, std::abs(incumbent));
  return std::max({absolute_gap, relative_gap * scale, core::tol::kMipPruneFloorRelative * scale});
}

struct BoundChange {
  int column = -1;
  double lower = 0.0;
  double upper = 0.0;
};

// The two children of a branching on a column when they fix more than that column (orbital
// branching on the count, member_symmetry.hpp): the bound changes of each, and how far each moves
// the node's LP point (the LP values the changes move, summed: f and 1 - f for one binary), the
// distances pseudocosts count in.
struct BranchChildren {
  std::vector<BoundChange> down, up;
  double down_distance = 0.0, up_distance = 0.0;
  int orbit_key = -1;  // the smallest column of the orbit: candidates of one orbit have one key
};
class StrongBranchingProbes;

// Temporary bound changes on the node's LP (strong branching, diving). On destruction (or
// restore()) every changed bound and the node's basis are put back, so the node's LP is as the
// branch-and-bound left it. Iterations and time are charged to the probe's owner.
class LpProbe {
 public:
  enum class Purpose { strong_branching, heuristic };
  LpProbe(NodeLp& lp, Purpose purpose);
  ~LpProbe();
  LpProbe(const LpProbe&) = delete;
  LpProbe& operator=(const LpProbe&) = delete;

  // Tightens or relaxes column j's bounds for this probe (unscaled; lower <= upper).
  void set_bounds(int j, double lower, double upper);
  double lower(int j) const;
  double upper(int j) const;
  // Starts this probe's next solve from `statuses` (columns then rows, as lp::LpSolver::basis),
  // for a heuristic that keeps a basis of its own. The LP layer checks it (lp::LpSolver::
  // set_basis): a wrong length, a wrong number of basic variables or an unknown status throws
  // std::invalid_argument with the LP unchanged; a singular basis is repaired when the solve
  // factorizes it. Either way restore() puts the node's basis back.
  void set_basis(const std::vector<lp::VarStatus>& statuses);
  // The node LP's current basis (columns then rows, as lp::LpSolver::basis): for a heuristic
  // that starts an LP of its own over the node's rows from the node's vertex.
  std::vector<lp::VarStatus> basis() const;
  // The node LP's model: ctx.model's columns and rows, then the root's cut rows (the basis
  // above has one status per column and per row of it); its column bounds are not the node's.
  const core::Model& lp_model() const;
  // Solves with at most `iteration_limit` iterations (< 0: none) and the branch-and-bound's
  // cutoff. The result's `dual_bound` is a proven bound for the probed bounds whenever it is
  // finite (see lp::LpResult).
  lp::LpStatus solve(long long iteration_limit = -1);
  const lp::LpResult& result() const;
  // Undoes this probe's bound changes and restores the node's basis; the probe can be reused.
  void restore();

 private:
  NodeLp& lp_;
  Purpose purpose_;
  lp::LpCheckpoint saved_;  // the node's basis, factors and values
  std::vector<int> changed_;  // columns whose bounds this probe changed
  std::vector<double> saved_lower_, saved_upper_;
  bool solved_ = false;
};

// The node being processed: read-only facts plus the pseudocosts (which strong branching
// updates) and LP probing.
struct NodeContext {
  const core::Model& model;
  const std::vector<double>& lower;     // the node's column bounds
  const std::vector<double>& upper;
  const lp::LpResult& lp;               // the node's optimal LP answer (x, duals, reduced costs)
  double lp_bound;                      // proven bound of the node, model sense
  const std::vector<int>& fractional;   // integer columns whose LP value is not integral
  std::optional<double> incumbent;      // objective of the incumbent, model sense
  double cutoff;                        // a child whose bound passes this is pruned (model sense)
  int depth = 0;
  long long node_number = 0;            // nodes solved so far, this one included
  long long node_lp_iterations = 0;     // iterations of the root and node LPs so far (budgets)
  Pseudocosts& pseudocosts;
  NodeLp& node_lp;                      // for LpProbe only
  // The branch-and-bound's strong branching on copies of the node's LP (MipOptions::
  // parallel_strong_branching; mip-internal, src/mip/strong_branching_probes.hpp), for
  // ReliabilityBranching; nullptr: strong branching probes the node's LP itself.
  StrongBranchingProbes* strong_branching_probes = nullptr;
  // The incumbent's column values (read-only; nullptr without an incumbent), for heuristics that
  // search around it (RINS). Valid during the plug-in call only.
  const std::vector<double>* incumbent_x = nullptr;
  // What is left of the search's time limit, and its interrupt flag (nullptr: none), for
  // heuristics that run searches of their own (sub-MIPs), which must stop when the search must.
  double seconds_left = core::kInfinity;
  const std::atomic<bool>* interrupt = nullptr;
  // The children the branch-and-bound makes on column j when they are not x_j <= floor(v) and
  // x_j >= ceil(v) (nullopt, or no function: those), so that strong branching probes what will
  // be branched on. Valid during the plug-in call only.
  std::function<std::optional<BranchChildren>(int)> branch_children = nullptr;

  // The search's proven bound over its whole tree when the call began (model sense; nullopt:
  // unknown) and the gaps it stops at. Bounds only move towards the optimum, so the value stays
  // valid during the call: a heuristic whose schedule ends_search has nothing left to find.
  std::optional<double> global_bound = std::nullopt;
  double relative_gap = 0.0;
  double absolute_gap = 0.0;

  bool minimize() const { return model.sense == core::ObjectiveSense::minimize; }
  // True when a solution of this objective would end the search: within the gaps of global_bound.
  bool ends_search(double objective) const {
    if (!global_bound) return false;
    const double tolerance = gap_tolerance(objective, relative_gap, absolute_gap);
    return minimize() ? *global_bound >= objective - tolerance : *global_bound <= objective + tolerance;
  }
  // Objective change from `from` to `to` as a non-negative "worsening" (what pseudocosts count).
  double worsening(double from, double to) const { return minimize() ? to - from : from - to; }
};

}  // namespace fleetopt::mip
