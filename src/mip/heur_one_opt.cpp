#include "fleetopt/mip/heur_one_opt.hpp"

#include <algorithm>
#include <cmath>

#include "fleetopt/core/tolerances.hpp"

namespace fleetopt::mip {
namespace {

// How far column j may move in direction s (+1 or -1) with every row and its own bound kept
// (see the header); infinite when nothing limits it.
double max_shift(const core::Model& m, const std::vector<double>& x, const std::vector<double>& activity, int j,
                 double s) {
  double shift = s > 0 ? m.col_upper[j] - x[j] : x[j] - m.col_lower[j];
  const auto& a = m.matrix;
  for (int k = a.col_start[j]; k < a.col_start[j + 1] && shift > 0; ++k) {
    const int i = a.row_index[k];
    const double push = s * a.value[k];  // the row's change per unit of shift
    if (push > 0) shift = std::min(shift, std::max(0.0, m.row_upper[i] - activity[i]) / push);
    else if (push < 0) shift = std::min(shift, std::max(0.0, activity[i] - m.row_lower[i]) / -push);
  }
  return std::max(shift, 0.0);
}

// An integer column moves by whole units. A shift within kIntegrality below the next integer
// counts as that integer when the overshoot it causes on its rows stays within the feasibility
// tolerance (row slacks of scaled data come out as 0.9999999999 where 1 is meant).
double integer_shift(const core::Model& m, int j, double shift) {
  double whole = std::floor(shift + core::tol::kIntegrality);
  if (whole > shift) {
    double largest = 0.0;
    for (int k = m.matrix.col_start[j]; k < m.matrix.col_start[j + 1]; ++k)
      largest = std::max(largest, std::abs(m.matrix.value[k]));
    if ((whole - shift) * largest > core::tol::kPrimalFeasibility) whole -= 1.0;
  }
  return std::max(whole, 0.0);
}

// How far column j moves against its cost c (minimisation terms, c != 0): max_shift in that
// direction, whole units for an integer column.
double improving_shift(const core::Model& m, const std::vector<double>& x, const std::vector<double>& activity,
                       int j, double c) {
  const double shift = max_shift(m, x, activity, j, c > 0 ? -1.0 : 1.0);
  return m.is_integer[j] ? integer_shift(m, j, shift) : shift;
}

}  // namespace

std::vector<double> one_opt(const core::Model& m, const std::vector<double>& x_in, OneOptParameters parameters) {
  std::vector<double> x = x_in;
  std::vector<double> activity = m.row_activity(x);
  const double sense = m.sense == core::ObjectiveSense::minimize ? 1.0 : -1.0;
  struct Candidate {
    double gain;
    int column;
  };
  std::vector<Candidate> candidates;
  for (int pass = 0; pass < parameters.max_passes; ++pass) {
    candidates.clear();
    for (int j = 0; j < m.num_cols(); ++j) {
      const double c = sense * m.objective[j];
      if (c == 0.0) continue;
      const double shift = improving_shift(m, x, activity, j, c);
      // An unlimited improving move means an unbounded model; that is not this plug-in's to show.
      if (shift > 0 && std::isfinite(shift)) candidates.push_back({std::abs(c) * shift, j});
    }
    if (candidates.empty()) break;
    // Largest gain first; ties by column for a result that does not depend on the sort.
    std::sort(candidates.begin(), candidates.end(), [](const Candidate& a, const Candidate& b) {
      return a.gain != b.gain ? a.gain > b.gain : a.column < b.column;
    });
    bool moved = false;
    for (const Candidate& cand : candidates) {
      const int j = cand.column;
      const double c = sense * m.objective[j];
      const double shift = improving_shift(m, x, activity, j, c);
      if (!(shift > 0) || !std::isfinite(shift)) continue;
      const double delta = c > 0 ? -shift : shift;
      x[j] += delta;
      for (int k = m.matrix.col_start[j]; k < m.matrix.col_start[j + 1]; ++k)
        activity[m.matrix.row_index[k]] += m.matrix.value[k] * delta;
      moved = true;
    }
    if (!moved) break;
  }
  return x;
}

bool OneOpt::should_run(const NodeContext& ctx) const {
  return ctx.incumbent_x != nullptr && ctx.incumbent && (!last_seen_ || *last_seen_ != *ctx.incumbent);
}

void OneOpt::run(NodeContext& ctx, const SolutionSink& submit) {
  last_seen_ = ctx.incumbent;
  const std::vector<double> x = one_opt(ctx.model, *ctx.incumbent_x, p_);
  if (x == *ctx.incumbent_x) return;
  // The improved solution becomes the incumbent (should_run saw one, so incumbent_x is set): not
  // worth another run on it.
  if (submit(x)) last_seen_ = ctx.model.objective_value(*ctx.incumbent_x);
}

}  // namespace fleetopt::mip
