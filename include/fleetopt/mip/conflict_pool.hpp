// Dual-proof conflicts: what a pruned node's LP proves about other nodes' boxes.
//
// A node LP with row multipliers y proves, by weak duality, a lower bound (minimisation terms) on
// c^T x over every box [l, u] of the columns (lp::lagrangian_terms):
//     L_y(l, u) = R + sum_j min(d_j l_j, d_j u_j),     d = c - A^T y,
// valid for ANY y, for any box, and for the LP with the root cuts (they hold for every integer
// point). When the node is pruned, L_y at its own box reaches the cutoff. Kept with the
// continuous columns at their global bounds and the integer columns as a function of the box,
// L_y is a constraint every improving solution satisfies: the "dual proof" of Witzig, Berthold
// and Heinz ("Computational aspects of infeasibility analysis in mixed integer programming",
// Math. Prog. Comp. 13, 2021), with the objective cutoff as its right-hand side. At another node
// it can
//   - prune the node before its LP, if L_y of the node's box reaches the cutoff, and
//   - tighten an integer column: with d_j > 0, x_j >= l_j + k adds d_j k to L_y, so x_j above
//     l_j + floor((cutoff - L_y) / d_j) is excluded (d_j < 0 symmetric): reduced-cost fixing with
//     another node's duals.
// Why: in a tree that branches on the same binaries in different orders, the combination of
// branchings that made one node hopeless recurs elsewhere; HiGHS and SCIP keep such pools.
//
// Evaluated incrementally: each conflict stores L_y at the global box at learning time (L0) and
// per integer column with d_j != 0 the gain min(d_j l_j, d_j u_j) - min(d_j gl_j, d_j gu_j) of a
// smaller box. Global bounds only tighten, so every later node's box lies inside gl..gu.
#pragma once

#include <cstddef>
#include <vector>

#include "fleetopt/core/model.hpp"
#include "fleetopt/mip/branching_rule.hpp"

namespace fleetopt::mip {

struct ConflictParameters {
  // Oldest conflicts are dropped beyond these. The entries (one per integer column with a
  // nonzero reduced cost) bound the memory, 48 bytes each with its copy in the column index. 4,000
  // conflicts instead of 1,000 changed nothing on the coupled 10x24x4 fleets (seeds 0 and 2).
  int max_conflicts = 1000;
  long long max_entries = 500000;
  // Rounds of propagation per node: a tightening raises the other conflicts' bounds.
  int max_rounds = 3;
};

class ConflictPool {
 public:
  explicit ConflictPool(ConflictParameters parameters = {}) : parameters_(parameters) {}

  // Learns the bound function of the multipliers y (model sense, one per row of `model`) over
  // the box given by global_lower/global_upper; `is_integer` marks the columns kept as a
  // function of the box (those with a finite box). Bounds are internal values: minimisation
  // terms (the objective negated when maximising), its constant included. Returns false,
  // learning nothing, when the bound is -infinity on every box (a column with d_j != 0 and an
  // infinite bound on that side) or y does not fit the model.
  bool learn(const core::Model& model, const std::vector<double>& y, const std::vector<double>& global_lower,
             const std::vector<double>& global_upper, const std::vector<char>& is_integer);

  struct Outcome {
    bool prune = false;            // some conflict's bound on the box reaches prune_at
    double bound = -core::kInfinity;  // the largest conflict bound found on the box (internal)
    std::vector<BoundChange> tightenings;  // on integer columns, applied to lower/upper already
  };
  // Bounds the box [lower, upper] (changed in place by the tightenings) by every conflict: a
  // bound >= prune_at prunes it; values whose bound would exceed fix_at are cut off. Only the
  // columns in `changed` count as differing from the global box (a column left out only weakens
  // the bounds): the caller passes the node's own bound changes, so the work is about
  // |changed| times the conflicts per column, not the pool's size.
  Outcome propagate(std::vector<double>& lower, std::vector<double>& upper, const std::vector<int>& changed,
                    double prune_at, double fix_at);

  std::size_t size() const { return conflicts_.size(); }
  long long learned() const { return learned_; }

 private:
  struct Entry {
    int column;
    double d;
    double base;   // min(d gl, d gu) at learning time
    double reach;  // |d| (gu - gl + 1), gl and gu the global bounds at learning time
  };
  // An entry whose reach is at most `allowed` (the bound's distance to fix_at) cannot tighten a
  // box [l, u] inside the global one: allowed / |d| >= gu - gl + 1, so floor(allowed / |d|) >
  // gu - gl >= u - l (integral bounds or not); core::tol::kConflictReachMargin keeps the skip on
  // the safe side of rounding.
  struct Conflict {
    double global_bound;  // L0, internal, rounding margin taken off
    double max_abs_d = 0.0;
    std::vector<Entry> entries;
    std::vector<int> by_reach;  // entries' indices by reach, largest first
    unsigned generation = 0;  // raised when the slot gets a new conflict
  };
  struct ColumnEntry {
    int conflict;
    unsigned generation;  // an entry of an older conflict in that slot is skipped
    double d;
    double base;
  };
  void index_conflict(int slot);
  void retire(std::size_t slot);  // counts the slot's entries as stale, empties it

  ConflictParameters parameters_;
  std::vector<Conflict> conflicts_;  // a ring once full: next_ is the oldest
  std::size_t next_ = 0;
  long long entries_ = 0;
  long long learned_ = 0;
  // Per column, the conflicts holding it. A replaced conflict's entries stay until they are as
  // many as the live ones, then the lists are rebuilt: the rebuild costs all entries, so it is
  // done once per pool's worth of replacements, not at each.
  std::vector<std::vector<ColumnEntry>> by_column_;
  long long stale_entries_ = 0;
  // Scratch of propagate.
  std::vector<double> bound_;
  std::vector<char> seen_;
  std::vector<int> candidates_;
};

}  // namespace fleetopt::mip
