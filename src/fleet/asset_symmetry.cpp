#include "fleetopt/fleet/asset_symmetry.hpp"

#include <algorithm>
#include <cmath>

namespace fleetopt::fleet {

namespace {

bool close(double x, double y, double relative) {
  return x == y || std::abs(x - y) <= relative * std::max(std::abs(x), std::abs(y));
}

bool similar(const Asset& a, const Asset& b, double relative) {
  if (a.prequalified_mw.size() != b.prequalified_mw.size()) return false;
  for (std::size_t m = 0; m < a.prequalified_mw.size(); ++m)
    if ((a.prequalified_mw[m] > 0) != (b.prequalified_mw[m] > 0) ||
        !close(a.prequalified_mw[m], b.prequalified_mw[m], relative))
      return false;
  return close(a.power_mw, b.power_mw, relative) && close(a.energy_mwh, b.energy_mwh, relative) &&
         close(a.soc_initial_mwh, b.soc_initial_mwh, relative) && close(a.soc_min_mwh, b.soc_min_mwh, relative) &&
         close(a.soc_max_mwh, b.soc_max_mwh, relative) &&
         close(a.soc_final_min_mwh, b.soc_final_min_mwh, relative) &&
         close(a.eta_charge, b.eta_charge, relative) && close(a.eta_discharge, b.eta_discharge, relative) &&
         close(a.cycle_cost_eur_per_mwh, b.cycle_cost_eur_per_mwh, relative);
}

// Groups of two or more assets, each asset joining the first earlier one's group it is alike.
template <typename Alike>
std::vector<std::vector<int>> groups_of(const Instance& instance, const Alike& alike) {
  const int A = instance.num_assets();
  std::vector<std::vector<int>> groups;
  std::vector<char> grouped(A, 0);
  for (int a = 0; a < A; ++a) {
    if (grouped[a]) continue;
    std::vector<int> group{a};
    for (int b = a + 1; b < A; ++b)
      if (!grouped[b] && alike(instance.assets[a], instance.assets[b])) {
        group.push_back(b);
        grouped[b] = 1;
      }
    if (group.size() >= 2) groups.push_back(std::move(group));
  }
  return groups;
}

}  // namespace

// The same field list as similar(), so that a new field of Asset needs adding in one place only.
bool identical_assets(const Asset& a, const Asset& b) { return similar(a, b, 0.0); }

std::vector<std::vector<int>> identical_asset_groups(const Instance& instance) {
  return groups_of(instance, identical_assets);
}

std::vector<std::vector<int>> similar_asset_groups(const Instance& instance, double relative) {
  return groups_of(instance, [relative](const Asset& a, const Asset& b) { return similar(a, b, relative); });
}

std::vector<std::vector<int>> count_groups(const Instance& instance, double relative) {
  std::vector<std::vector<int>> groups = similar_asset_groups(instance, relative);
  const std::size_t similar = groups.size();
  for (std::vector<int>& identical : identical_asset_groups(instance))
    if (std::find(groups.begin(), groups.begin() + static_cast<std::ptrdiff_t>(similar), identical) ==
        groups.begin() + static_cast<std::ptrdiff_t>(similar))
      groups.push_back(std::move(identical));
  return groups;
}

std::vector<mip::MemberSymmetry> asset_symmetries(const Instance& instance, const FleetModel& model) {
  const int T = model.num_steps, M = model.num_markets;
  // Every column of asset a, in a fixed order (-1 where the formulation has none).
  const auto columns_of = [&](int a) {
    std::vector<int> columns;
    for (int t = 0; t < T; ++t) {
      columns.push_back(model.u_col[a * T + t]);
      columns.push_back(model.soc_col[a * T + t]);
      for (int m = 0; m < M; ++m) columns.push_back(model.p_col[(a * T + t) * M + m]);
    }
    return columns;
  };
  std::vector<mip::MemberSymmetry> out;
  for (const std::vector<int>& group : identical_asset_groups(instance)) {
    const std::vector<int> shape = columns_of(group.front());
    bool same_shape = true;
    for (int b : group) {
      const std::vector<int> columns = columns_of(b);
      for (std::size_t i = 0; i < columns.size(); ++i) same_shape = same_shape && (columns[i] < 0) == (shape[i] < 0);
    }
    if (!same_shape) continue;
    mip::MemberSymmetry symmetry;
    for (int b : group) {
      std::vector<int> member;
      for (int j : columns_of(b))
        if (j >= 0) member.push_back(j);
      symmetry.members.push_back(std::move(member));
    }
    // Without a binary among its columns a group gives orbital branching nothing to do.
    bool has_binary = false;
    for (int j : symmetry.members.front()) has_binary = has_binary || model.model.is_integer[j];
    if (has_binary) out.push_back(std::move(symmetry));
  }
  return out;
}

}  // namespace fleetopt::fleet
