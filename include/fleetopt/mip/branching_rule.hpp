// Branching rules as plug-ins (SCIP's branch_* split): a rule looks at a node whose LP solution is
// fractional and says on which variable to branch and which child to visit first. It may instead
// report bound changes it proved (e.g. strong branching found one direction infeasible), after
// which the node's LP is solved again.
//
// The branch-and-bound makes two children for a decision on integer column j with LP value v:
// down (x_j <= floor(v)) and up (x_j >= ceil(v)).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "fleetopt/mip/node_context.hpp"

namespace fleetopt::mip {


struct BranchDecision {
  enum class Kind {
    branch,      // branch on `column`
    tightened,   // apply `tightenings` to the node and solve its LP again
    infeasible,  // the node has no integer solution better than the cutoff (proven)
  };
  Kind kind = Kind::branch;
  int column = -1;
  bool up_first = true;
  // Proven bounds of the children when the rule solved them (strong branching), model sense;
  // +-infinity toward "unknown" means: use the parent's bound.
  std::optional<double> down_bound, up_bound;
  // The bounds above were proven for ctx.branch_children(column), the children the
  // branch-and-bound makes, rather than for x_j <= floor(v) and x_j >= ceil(v) alone.
  bool bounds_for_branch_children = false;
  std::vector<BoundChange> tightenings;
};

class BranchingRule {
 public:
  virtual ~BranchingRule() = default;
  virtual std::string name() const = 0;
  // ctx.fractional is not empty.
  virtual BranchDecision select(NodeContext& ctx) = 0;
};

// By name: "reliability" (default), "pseudocost", "most-fractional", "strong" (full strong
// branching). Throws std::invalid_argument for an unknown name.
std::unique_ptr<BranchingRule> make_branching_rule(const std::string& name);
std::vector<std::string> branching_rule_names();

}  // namespace fleetopt::mip
