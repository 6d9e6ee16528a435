#include "fleetopt/lp/dual_step_bounds.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <utility>

#include "fleetopt/core/tolerances.hpp"
#include "fleetopt/lp/certificates.hpp"

namespace fleetopt::lp {

namespace {

struct StepMaximum {
  double gain = 0.0;  // max g(t), minimisation terms; +infinity: the child is infeasible
  double step = 0.0;  // the t that gives it (for an infeasible child: where the slope stayed positive)
  double slope = 0.0; // the slope left after the last breakpoint (> 0 only for an infeasible child)
};

// The row's nonbasic entries with what the walk needs of each (gathered once for both children):
// tableau entry rho, reduced cost d (minimisation terms), w_k's room below its value (<= 0) and
// above it (>= 0).
using RowTerm = std::array<double, 4>;
enum { kRho, kCost, kBelow, kAbove };

void gather_terms(const core::Model& model, const LpResult& answer, const DualStepScratch& row,
                  std::vector<RowTerm>& terms) {
  const int n = model.num_cols();
  const double s = model.sense == core::ObjectiveSense::minimize ? 1.0 : -1.0;
  terms.clear();
  for (std::size_t e = 0; e < row.index.size(); ++e) {
    const int k = row.index[e];
    const double w = k < n ? answer.x[k] : answer.row_activity[k - n];
    const double lower = k < n ? model.col_lower[k] : model.row_lower[k - n];
    const double upper = k < n ? model.col_upper[k] : model.row_upper[k - n];
    terms.push_back({row.value[e], s * (k < n ? answer.reduced_cost[k] : answer.row_dual[k - n]),
                     std::min(0.0, lower - w), std::max(0.0, upper - w)});
  }
}

// max_{t >= 0} g(t) for the child whose split row is `sign` * row (+1 down, -1 up) and whose
// leaving row is `delta` infeasible (the header's formula). The breakpoints go into a heap: the
// walk usually ends after a few of them.
StepMaximum maximise_step(const std::vector<RowTerm>& terms, double sign, double delta,
                          std::vector<std::pair<double, double>>& breaks) {
  StepMaximum best;
  double g = 0.0, slope = delta;
  breaks.clear();
  for (const RowTerm& term : terms) {
    const double rho = sign * term[kRho], d = term[kCost];
    // Which side of its box w_k takes just after t = 0: the coefficient d_k - t rho_k has d_k's
    // sign, or -rho_k's when d_k is 0.
    const bool lower_side = d > 0.0 || (d == 0.0 && rho < 0.0);
    const double side = lower_side ? term[kBelow] : term[kAbove];
    if (!std::isfinite(side)) return best;  // w_k unbounded that way: no step at all
    g += d * side;
    slope -= rho * side;
    const double t = d / rho;
    // Min-heap on t (std::greater), the slope's drop with it.
    if (t > 0.0) breaks.push_back({t, std::abs(rho) * (term[kAbove] - term[kBelow])});
  }
  std::make_heap(breaks.begin(), breaks.end(), std::greater<>());
  double t = 0.0;
  while (!breaks.empty() && slope > 0.0) {
    std::pop_heap(breaks.begin(), breaks.end(), std::greater<>());
    const auto [tk, drop] = breaks.back();
    breaks.pop_back();
    g += slope * (tk - t);
    t = tk;
    slope -= drop;
  }
  best.step = t;
  best.slope = slope;
  best.gain = slope > 0.0 ? core::kInfinity : g;
  return best;
}

// The Lagrangian bound (model sense) of y - s t rho_rows over the solver's column box with x_p's
// side replaced by the child's; nullopt when the multipliers need an infinite column bound.
std::optional<double> proven_child_bound(const core::Model& model, const LpResult& answer, int column,
                                         const DualStepScratch& row, double sign, double step,
                                         double child_lower, double child_upper) {
  const int n = model.num_cols();
  const double s = model.sense == core::ObjectiveSense::minimize ? 1.0 : -1.0;
  std::vector<double> y(answer.row_dual);
  for (std::size_t e = 0; e < row.index.size(); ++e)
    if (row.index[e] >= n) y[row.index[e] - n] -= s * step * sign * row.value[e];
  std::vector<double> lower(model.col_lower), upper(model.col_upper);
  lower[column] = child_lower;
  upper[column] = child_upper;
  const double bound = lagrangian_bound(model, y, lower, upper);
  if (!std::isfinite(bound)) return std::nullopt;
  return bound;
}

}  // namespace

bool split_dual_step_bounds(LpSolver& solver, const LpResult& answer, int column, double down_upper,
                            double up_lower, double prove_from, SplitDualStepBounds& out,
                            DualStepScratch& scratch) {
  const core::Model& model = solver.model();
  const int n = model.num_cols(), m = model.num_rows();
  if (answer.status != LpStatus::optimal || static_cast<int>(answer.x.size()) != n ||
      static_cast<int>(answer.row_dual.size()) != m || static_cast<int>(answer.reduced_cost.size()) != n ||
      static_cast<int>(answer.row_activity.size()) != m || column < 0 || column >= n)
    return false;
  const double v = answer.x[column];
  if (!(down_upper < v && v < up_lower)) return false;
  if (!solver.tableau_row_entries(column, scratch.index, scratch.value)) return false;
  const double s = model.sense == core::ObjectiveSense::minimize ? 1.0 : -1.0;
  gather_terms(model, answer, scratch, scratch.terms);
  for (int side = 0; side < 2; ++side) {
    const bool down = side == 0;
    const double sign = down ? 1.0 : -1.0;
    const double delta = down ? v - down_upper : up_lower - v;
    const StepMaximum best = maximise_step(scratch.terms, sign, delta, scratch.breaks);
    DualStepBound& child = down ? out.down : out.up;
    child.estimate = answer.objective + s * best.gain;
    child.proven.reset();
    if (s * (child.estimate - prove_from) < 0.0) continue;
    double step = best.step;
    if (!std::isfinite(best.gain)) {
      // Infeasible: any larger t raises g by `slope` per unit; go far enough to pass prove_from
      // by as much as the objective's size, so that the proof does not rest on a hair.
      const double needed = s * (prove_from - answer.objective) + 1.0 + std::abs(answer.objective);
      step += std::max(0.0, needed) / best.slope;
    }
    const double child_lower = down ? model.col_lower[column] : up_lower;
    const double child_upper = down ? down_upper : model.col_upper[column];
    if (child_lower > child_upper) {
      child.proven = s * core::kInfinity;  // the split leaves this side empty
      continue;
    }
    child.proven = proven_child_bound(model, answer, column, scratch, sign, step, child_lower, child_upper);
  }
  return true;
}

}  // namespace fleetopt::lp
