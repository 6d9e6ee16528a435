// The open nodes of the branch-and-bound and the orders they are selected in.
//
// A node is the list of bound changes from the root (a persistent list shared with its ancestors,
// so a node costs O(1) beyond its own changes), the final basis of its parent (shared by the two
// siblings, packed to 4 bits per variable), the parent's proven bound and an estimate of its best
// integer solution (best-estimate search, Benichou et al. 1971). Values are in minimisation terms
// (the branch-and-bound negates a maximised objective).
//
// Three orders are kept, each with the creation number as tie-break so that the search does not
// depend on anything but the input: best bound (proves optimality), best estimate (finds good
// solutions), and deepest first (used when open nodes run out of memory).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <set>
#include <tuple>
#include <vector>

#include "fleetopt/lp/lp_solver.hpp"
#include "fleetopt/mip/branching_rule.hpp"

namespace fleetopt::mip {

// A basis packed to 4 bits per variable, with the pricing weights of its basic variables
// (lp::LpSolver::edge_weights; empty: none kept).
class PackedBasis {
 public:
  PackedBasis(const std::vector<lp::VarStatus>& statuses, std::vector<float> edge_weights);
  std::vector<lp::VarStatus> unpack() const;
  const std::vector<float>& edge_weights() const { return edge_weights_; }
  std::size_t bytes() const { return packed_.size() + edge_weights_.size() * sizeof(float); }

 private:
  std::size_t size_ = 0;
  std::vector<std::uint8_t> packed_;
  std::vector<float> edge_weights_;
};

// One step of a node's path: the bound changes made when the node was created (the branching
// bound, bound changes proven at its parent, reduced-cost fixings).
struct PathStep {
  std::vector<BoundChange> changes;
  std::shared_ptr<const PathStep> parent;
};

struct NodeLpJob;  // the node's LP solved ahead on a second thread (src/mip/node_lps_ahead.hpp)

struct OpenNode {
  std::shared_ptr<const PathStep> path;
  std::shared_ptr<const PackedBasis> basis;  // may be null: start from the current basis
  std::shared_ptr<NodeLpJob> ahead;          // null unless its LP is being solved ahead
  double bound = 0.0;     // proven lower bound (minimisation terms)
  double estimate = 0.0;  // estimated best integer value in the subtree
  int depth = 0;
  long long id = 0;       // creation number, set by NodeQueue::push
  // How this node was made, for the pseudocost update once its LP is solved.
  int branch_column = -1;
  bool branch_up = false;
  double branch_distance = 0.0;  // |LP value - new bound| of the branching column
  double parent_lp = 0.0;        // the parent's LP value (minimisation terms)
};

class NodeQueue {
 public:
  void push(OpenNode node);
  bool empty() const { return by_bound_.empty(); }
  std::size_t size() const { return by_bound_.size(); }
  // Least bound of the open nodes (+infinity when empty).
  double best_bound() const;
  OpenNode pop_best_bound();
  OpenNode pop_best_estimate();
  OpenNode pop_deepest();
  // Removes every node whose bound is at least `cutoff`; returns the least bound among them
  // (+infinity if none), which the caller keeps as part of the proven bound.
  double prune(double cutoff);
  // Approximate memory held by open nodes (their own path steps and bases), in bytes.
  std::size_t memory_bytes() const { return memory_bytes_; }
  // Frees the stored bases of all open nodes (they then restart from the current basis), and
  // their LPs solved ahead.
  void drop_bases();
  long long nodes_created() const { return next_id_; }

 private:
  using Key = std::tuple<double, long long, std::size_t>;  // value, id, slot
  OpenNode take(std::size_t slot);
  static std::size_t node_bytes(const OpenNode& node);

  std::vector<std::optional<OpenNode>> slots_;
  std::vector<std::size_t> free_slots_;
  std::set<Key> by_bound_, by_estimate_, by_depth_;  // by_depth_ keyed by -depth
  std::size_t memory_bytes_ = 0;
  long long next_id_ = 0;
};

}  // namespace fleetopt::mip
