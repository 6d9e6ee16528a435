#include "fleetopt/mip/member_symmetry.hpp"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <numeric>
#include <unordered_map>
#include <utility>

namespace fleetopt::mip {

namespace {

using RowContent = std::vector<std::pair<int, double>>;  // (column, coefficient), by column

std::uint64_t mix(std::uint64_t h, std::uint64_t v) {
  // SplitMix64's finaliser over the running hash: order-dependent, well spread.
  h ^= v + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
  h ^= h >> 30;
  h *= 0xbf58476d1ce4e5b9ULL;
  h ^= h >> 27;
  return h;
}

std::uint64_t bits_of(double v) {
  if (v == 0.0) v = 0.0;  // -0 and +0 are one coefficient
  std::uint64_t b;
  std::memcpy(&b, &v, sizeof b);
  return b;
}

std::uint64_t hash_row(const RowContent& content, double lower, double upper) {
  std::uint64_t h = mix(bits_of(lower), bits_of(upper));
  for (const auto& [column, value] : content) h = mix(mix(h, static_cast<std::uint64_t>(column)), bits_of(value));
  return h;
}

}  // namespace

bool verify_member_symmetry(const core::Model& model, const MemberSymmetry& symmetry, std::string& reason) {
  const int n = model.num_cols(), m = model.num_rows();
  const int k = static_cast<int>(symmetry.members.size());
  if (k < 2) {
    reason = "fewer than two members";
    return false;
  }
  const std::size_t width = symmetry.members[0].size();
  std::vector<char> listed(n, 0);
  for (const auto& member : symmetry.members) {
    if (member.size() != width) {
      reason = "members with different numbers of columns";
      return false;
    }
    for (int j : member) {
      if (j < 0 || j >= n) {
        reason = "a member column out of range";
        return false;
      }
      if (listed[j]) {
        reason = "column " + model.col_names[j] + " listed twice";
        return false;
      }
      listed[j] = 1;
    }
  }

  // Every row's content, by column, and an index from its hash.
  const core::SparseMatrix rows = model.matrix.transpose();
  const auto content_of = [&](int i, const std::vector<int>& image) {
    RowContent c;
    c.reserve(static_cast<std::size_t>(rows.col_start[i + 1] - rows.col_start[i]));
    for (int p = rows.col_start[i]; p < rows.col_start[i + 1]; ++p)
      c.emplace_back(image.empty() ? rows.row_index[p] : image[rows.row_index[p]], rows.value[p]);
    std::sort(c.begin(), c.end());
    return c;
  };
  std::unordered_multimap<std::uint64_t, int> by_hash;
  by_hash.reserve(static_cast<std::size_t>(m));
  for (int i = 0; i < m; ++i) by_hash.emplace(hash_row(content_of(i, {}), model.row_lower[i], model.row_upper[i]), i);

  std::vector<int> image(n);
  std::iota(image.begin(), image.end(), 0);
  std::vector<char> row_seen(m, 0);
  std::vector<int> touched;
  for (int a = 0; a + 1 < k; ++a) {
    const auto& first = symmetry.members[a];
    const auto& second = symmetry.members[a + 1];
    for (std::size_t i = 0; i < width; ++i) {
      const int j = first[i], l = second[i];
      image[j] = l;
      image[l] = j;
      if (model.objective[j] != model.objective[l] || model.col_lower[j] != model.col_lower[l] ||
          model.col_upper[j] != model.col_upper[l] || model.is_integer[j] != model.is_integer[l]) {
        reason = "columns " + model.col_names[j] + " and " + model.col_names[l] + " differ in cost, bounds or type";
        return false;
      }
    }
    // Only rows that hold a column of the two members can change.
    touched.clear();
    for (const auto* member : {&first, &second})
      for (int j : *member)
        for (int p = model.matrix.col_start[j]; p < model.matrix.col_start[j + 1]; ++p) {
          const int r = model.matrix.row_index[p];
          if (!row_seen[r]) {
            row_seen[r] = 1;
            touched.push_back(r);
          }
        }
    bool ok = true;
    for (int r : touched) {
      row_seen[r] = 0;
      if (!ok) continue;
      const RowContent mapped = content_of(r, image);
      const auto range = by_hash.equal_range(hash_row(mapped, model.row_lower[r], model.row_upper[r]));
      bool found = false;
      for (auto it = range.first; it != range.second && !found; ++it) {
        const int s = it->second;
        found = model.row_lower[s] == model.row_lower[r] && model.row_upper[s] == model.row_upper[r] &&
                content_of(s, {}) == mapped;
      }
      if (!found) {
        ok = false;
        reason = "exchanging members " + std::to_string(a) + " and " + std::to_string(a + 1) + " maps row " +
                 model.row_names[r] + " onto no row of the model";
      }
    }
    for (std::size_t i = 0; i < width; ++i) {
      image[first[i]] = first[i];
      image[second[i]] = second[i];
    }
    if (!ok) return false;
  }
  return true;
}

MemberOrbits::MemberOrbits(std::vector<MemberSymmetry> symmetries, int num_cols)
    : symmetries_(std::move(symmetries)), group_(num_cols, -1), member_(num_cols, -1), position_(num_cols, -1) {
  for (std::size_t g = 0; g < symmetries_.size(); ++g)
    for (std::size_t k = 0; k < symmetries_[g].members.size(); ++k)
      for (std::size_t i = 0; i < symmetries_[g].members[k].size(); ++i) {
        const int j = symmetries_[g].members[k][i];
        group_[j] = static_cast<int>(g);
        member_[j] = static_cast<int>(k);
        position_[j] = static_cast<int>(i);
      }
}

std::vector<int> MemberOrbits::images(int j) const {
  if (group_[j] < 0) return {j};
  std::vector<int> out{j};
  for (const std::vector<int>& member : symmetries_[group_[j]].members)
    if (member[position_[j]] != j) out.push_back(member[position_[j]]);
  return out;
}

std::vector<int> MemberOrbits::orbit(int j, const std::vector<double>& lower, const std::vector<double>& upper) const {
  if (group_[j] < 0) return {j};
  const std::vector<std::vector<int>>& members = symmetries_[group_[j]].members;
  const std::vector<int>& own = members[member_[j]];
  std::vector<int> out{j};
  for (const std::vector<int>& member : members) {
    if (&member == &own) continue;
    bool alike = true;
    for (std::size_t i = 0; i < own.size() && alike; ++i)
      alike = lower[member[i]] == lower[own[i]] && upper[member[i]] == upper[own[i]];
    if (alike) out.push_back(member[position_[j]]);
  }
  return out;
}

std::vector<Cut> MemberOrbits::cut_images(const Cut& cut) const {
  std::vector<Cut> out;
  for (std::size_t g = 0; g < symmetries_.size(); ++g) {
    bool touches = false;
    for (int j : cut.columns) touches = touches || group_[j] == static_cast<int>(g);
    if (!touches) continue;
    const std::vector<std::vector<int>>& members = symmetries_[g].members;
    const int k = static_cast<int>(members.size());
    for (int shift = 1; shift < k; ++shift) {
      Cut image = cut;
      image.columns.clear();
      for (int j : cut.columns)
        image.columns.push_back(group_[j] == static_cast<int>(g) ? members[(member_[j] + shift) % k][position_[j]] : j);
      out.push_back(std::move(image));
    }
  }
  return out;
}

void MemberOrbits::exchange(std::vector<double>& x, int j, int i) const {
  const std::vector<int>& a = symmetries_[group_[j]].members[member_[j]];
  const std::vector<int>& b = symmetries_[group_[i]].members[member_[i]];
  for (std::size_t p = 0; p < a.size(); ++p) std::swap(x[a[p]], x[b[p]]);
}

}  // namespace fleetopt::mip
