#include "dual_step_fixing.hpp"

#include <cmath>

#include "fleetopt/lp/dual_step_bounds.hpp"

namespace fleetopt::mip {

DualStepFixings dual_step_fixings(NodeLp& lp, const lp::LpResult& answer, const std::vector<int>& fractional,
                                  const std::vector<double>& lower, const std::vector<double>& upper,
                                  double cutoff, lp::DualStepScratch& scratch) {
  DualStepFixings out;
  if (!std::isfinite(cutoff)) return out;
  const double s = lp.model().sense == core::ObjectiveSense::minimize ? 1.0 : -1.0;
  const auto passes = [&](const std::optional<double>& b) { return b && s * (*b - cutoff) >= 0.0; };
  for (int j : fractional) {
    const double v = answer.x[j];
    lp::SplitDualStepBounds b;
    if (!lp.split_dual_step_bounds(answer, j, std::floor(v), std::ceil(v), cutoff, b, scratch)) continue;
    const bool down_cut = passes(b.down.proven), up_cut = passes(b.up.proven);
    if (down_cut && up_cut) {
      out.node_cut_off = true;
      out.down_bound = b.down.proven;
      out.up_bound = b.up.proven;
      out.fixings.clear();
      out.fixing_bounds.clear();
      return out;
    }
    if (down_cut) {
      out.fixings.push_back({j, std::ceil(v), upper[j]});
      out.fixing_bounds.push_back(*b.down.proven);
    }
    if (up_cut) {
      out.fixings.push_back({j, lower[j], std::floor(v)});
      out.fixing_bounds.push_back(*b.up.proven);
    }
  }
  return out;
}

}  // namespace fleetopt::mip
