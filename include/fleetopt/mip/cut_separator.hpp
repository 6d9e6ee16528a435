// Cutting planes as plug-ins (SCIP's sepa_* split). At the root the branch-and-bound alternates
// LP solves and separation rounds: each separator looks at the LP answer and returns linear
// inequalities that every integer solution satisfies and the LP point violates; they are added
// to the model the tree then works on. A wrong cut could cut off the optimum, so a separator
// must only return cuts valid for every solution of the model it is given; the branch-and-bound
// still judges every incumbent by the ORIGINAL model.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "fleetopt/core/model.hpp"
#include "fleetopt/lp/lp_solver.hpp"

namespace fleetopt::mip {

// lower <= sum values[k] * x[columns[k]] <= upper.
struct Cut {
  std::vector<int> columns;
  std::vector<double> values;
  double lower = -core::kInfinity;
  double upper = core::kInfinity;
  // A cut from the model's structure (a few aggregated rows) that may bind deeper in the tree
  // even where the root LP leaves it slack: kept then when MipOptions::root_cut_keep_slack asks.
  bool keep_when_slack = false;
};

struct CutContext {
  const core::Model& model;  // the model being solved (with earlier cuts as rows)
  const lp::LpResult& lp;    // its optimal LP answer
  lp::LpSolver& solver;      // at that answer: tableau rows may be read
};

class CutSeparator {
 public:
  virtual ~CutSeparator() = default;
  virtual std::string name() const = 0;
  virtual std::vector<Cut> separate(CutContext& ctx) = 0;
};

using SeparatorFactory = std::function<std::unique_ptr<CutSeparator>()>;

// The generic defaults: Gomory mixed-integer cuts (cut_gomory.hpp), then c-MIR cuts on
// aggregated rows (cut_cmir.hpp).
std::vector<SeparatorFactory> default_separators();

// The separators by name, for the command line: "gomory" and "cmir", in their default order.
std::vector<std::string> separator_names();
// The separators named, in the order given; throws std::invalid_argument naming an unknown one.
std::vector<SeparatorFactory> make_separators(const std::vector<std::string>& names);

}  // namespace fleetopt::mip
