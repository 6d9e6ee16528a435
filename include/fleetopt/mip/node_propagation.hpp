// Domain propagation at the nodes of the branch-and-bound: activity-based bound tightening
// (Savelsbergh, "Preprocessing and probing techniques for mixed integer programming problems",
// ORSA J. Computing 6(4), 1994, sec. 2; Achterberg's thesis, TU Berlin 2007, ch. 7) over every
// row of the node LP's model, the root cuts included (they hold for every integer point).
//
// With the column box [l, u] of a node, a row lo <= a x <= hi has the activity range
//     minact = sum_j min(a_j l_j, a_j u_j),   maxact = sum_j max(a_j l_j, a_j u_j),
// and every column is bounded by what the others can reach:
//     a_k x_k <= hi - (minact - min(a_k l_k, a_k u_k)),   a_k x_k >= lo - (maxact - max(...)).
// An integer column's bound rounds inward: this is what the node LP cannot do by itself (it keeps
// x_k = 0.7 where the rows and integrality say x_k = 0), so the rounded bounds strengthen the
// node's relaxation and those of its subtree. A row whose range misses [lo, hi] proves the node
// infeasible. Continuous columns get implied bounds that only feed the activities of other rows
// (never the LP: tiny tightened continuous bounds degrade its conditioning, presolve.hpp).
//
// Work per call: the rows of the node's changed columns go into a queue, and every tightening
// queues the rows of its column, up to `max_row_visits` row visits; continuous columns start
// from implied bounds computed once over the global box (a full propagation at construction),
// so a call derives only what the node's own changes imply.
#pragma once

#include <string>
#include <vector>

#include "fleetopt/core/model.hpp"
#include "fleetopt/mip/branching_rule.hpp"

namespace fleetopt::mip {

struct NodePropagationParameters {
  // Row visits per call, as a multiple of the number of rows (at least 1,000): chains through
  // long rows of equalities (a battery's state of charge over the horizon) could otherwise creep
  // by small steps for a long time.
  double max_row_visits_per_row = 2.0;
};

class NodePropagator {
 public:
  // `model` must outlive the propagator; global_lower/global_upper are its column bounds at
  // the time of construction (bounds may only tighten afterwards).
  NodePropagator(const core::Model& model, const std::vector<double>& global_lower,
                 const std::vector<double>& global_upper, NodePropagationParameters parameters = {});

  struct Outcome {
    bool infeasible = false;
    std::string reason;                    // the row or column that showed it
    std::vector<BoundChange> tightenings;  // on integer columns, applied to lower/upper already
    long long row_visits = 0;
  };
  // Propagates the box [lower, upper] (integer columns tightened in place). `changed` lists the
  // columns whose bounds differ from the global box; a column left out only weakens the result.
  Outcome propagate(std::vector<double>& lower, std::vector<double>& upper, const std::vector<int>& changed);

  int num_rows() const { return rows_.num_cols; }

 private:
  // Tightens the working bounds of column j to [v, +) or (-, v]; false when that empties it.
  bool tighten_lower(int j, double v, double margin);
  bool tighten_upper(int j, double v, double margin);
  void queue_rows_of(int j);
  bool process_row(int row, Outcome& out);

  const core::Model& model_;
  core::SparseMatrix rows_;  // row-wise copy of the matrix (rows as columns)
  NodePropagationParameters parameters_;
  std::vector<double> base_lower_, base_upper_;  // global box with implied continuous bounds
  // Per call.
  std::vector<double> lower_, upper_;
  std::vector<int> queue_;
  std::vector<char> queued_;
  std::vector<char> column_changed_;
  std::vector<int> changed_columns_;
};

}  // namespace fleetopt::mip
