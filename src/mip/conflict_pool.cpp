#include "fleetopt/mip/conflict_pool.hpp"

#include <algorithm>
#include <cmath>

#include "fleetopt/core/tolerances.hpp"
#include "fleetopt/lp/certificates.hpp"

namespace fleetopt::mip {

bool ConflictPool::build(const lp::LagrangianTerms& t, double constant, const std::vector<double>& global_lower,
                         const std::vector<double>& global_upper, const std::vector<char>& is_integer, Conflict& c) {
  if (!t.finite) return false;
  const int n = static_cast<int>(t.d.size());
  c.global_bound = -core::kInfinity;
  double bound = t.row_part, magnitude = 1.0 + t.row_magnitude;
  for (int j = 0; j < n; ++j) {
    const double d = t.d[j];
    if (d == 0.0) continue;
    const double lo = global_lower[j], hi = global_upper[j];
    const double side = d > 0 ? lo : hi;
    if (!std::isfinite(side)) return false;
    const double base = d * side;
    bound += base;
    // An integer column with a finite box is kept as a function of the box, and the margin
    // covers its every value in that box; any other column counts at its global bound (a node's
    // box lies inside the global one, so leaving a column's gain out only weakens the bound).
    const bool kept = is_integer[j] && lo < hi && std::isfinite(lo) && std::isfinite(hi);
    const double largest_value = kept ? std::max(std::abs(lo), std::abs(hi)) : std::abs(side);
    magnitude += (std::abs(d) + t.size[j]) * largest_value;
    if (kept) c.entries.push_back({j, d, base, std::abs(d) * (hi - lo + 1.0)});
  }
  c.global_bound = bound - t.rounding_per_unit * magnitude + constant;
  if (!std::isfinite(c.global_bound) || c.entries.empty()) return false;
  c.max_abs_d = 0.0;
  for (const Entry& e : c.entries) c.max_abs_d = std::max(c.max_abs_d, std::abs(e.d));
  c.by_reach.resize(c.entries.size());
  for (std::size_t i = 0; i < c.entries.size(); ++i) c.by_reach[i] = static_cast<int>(i);
  std::stable_sort(c.by_reach.begin(), c.by_reach.end(),
                   [&c](int a, int b) { return c.entries[a].reach > c.entries[b].reach; });
  return true;
}

bool ConflictPool::learn(const core::Model& model, const std::vector<double>& y,
                         const std::vector<double>& global_lower, const std::vector<double>& global_upper,
                         const std::vector<char>& is_integer) {
  const double sigma = model.sense == core::ObjectiveSense::minimize ? 1.0 : -1.0;
  Conflict c;
  if (!build(lp::lagrangian_terms(model, y), sigma * model.objective_constant, global_lower, global_upper,
             is_integer, c))
    return false;
  if (static_cast<int>(by_column_.size()) < model.num_cols()) by_column_.resize(model.num_cols());
  return insert(std::move(c)) >= 0;
}

bool ConflictPool::learn_infeasibility(const core::Model& model, const std::vector<double>& ray,
                                       const std::vector<double>& node_lower, const std::vector<double>& node_upper,
                                       const std::vector<double>& global_lower,
                                       const std::vector<double>& global_upper, const std::vector<char>& is_integer) {
  if (static_cast<int>(ray.size()) != model.num_rows() || parameters_.max_infeasibility_conflicts <= 0) return false;
  // The solver's ray may come with either sign (lp::is_farkas_certificate accepts both).
  for (const double sign : {1.0, -1.0}) {
    std::vector<double> y(ray);
    for (double& v : y) v *= sign;
    Conflict c;
    if (!build(lp::farkas_terms(model, y), 0.0, global_lower, global_upper, is_integer, c)) continue;
    double at_node = c.global_bound;
    for (const Entry& e : c.entries)
      at_node += std::min(e.d * node_lower[e.column], e.d * node_upper[e.column]) - e.base;
    if (!(at_node > 0.0)) continue;
    c.infeasibility = true;
    if (static_cast<int>(by_column_.size()) < model.num_cols()) by_column_.resize(model.num_cols());
    // Their own quota: the oldest of them makes room once it is full (slots the main ring has
    // given to other conflicts since are no longer theirs).
    while (!infeasibility_slots_.empty() &&
           conflicts_[infeasibility_slots_.front().first].generation != infeasibility_slots_.front().second)
      infeasibility_slots_.pop_front();
    int slot;
    if (static_cast<int>(infeasibility_slots_.size()) >= parameters_.max_infeasibility_conflicts) {
      slot = infeasibility_slots_.front().first;
      infeasibility_slots_.pop_front();
      ++learned_;
      place(static_cast<std::size_t>(slot), std::move(c));
    } else {
      slot = insert(std::move(c));
    }
    if (slot < 0) return false;
    infeasibility_slots_.emplace_back(slot, conflicts_[slot].generation);
    ++learned_infeasible_;
    return true;
  }
  return false;
}

int ConflictPool::insert(Conflict&& c) {
  const long long size = static_cast<long long>(c.entries.size());
  if (static_cast<int>(conflicts_.size()) < parameters_.max_conflicts && entries_ + size <= parameters_.max_entries) {
    ++learned_;
    entries_ += size;
    conflicts_.push_back(std::move(c));
    index_conflict(static_cast<int>(conflicts_.size()) - 1);
    return static_cast<int>(conflicts_.size()) - 1;
  }
  if (conflicts_.empty()) return -1;
  ++learned_;
  // Replace the oldest; while the entry budget is exceeded, empty the next oldest too.
  const std::size_t slot = next_;
  next_ = (next_ + 1) % conflicts_.size();
  place(slot, std::move(c));
  while (entries_ > parameters_.max_entries && !conflicts_[next_].entries.empty()) {
    retire(next_);
    next_ = (next_ + 1) % conflicts_.size();
  }
  return static_cast<int>(slot);
}

void ConflictPool::place(std::size_t slot, Conflict&& c) {
  retire(slot);
  c.generation = conflicts_[slot].generation;
  entries_ += static_cast<long long>(c.entries.size());
  conflicts_[slot] = std::move(c);
  if (stale_entries_ > entries_) {
    for (auto& list : by_column_) list.clear();
    for (int k = 0; k < static_cast<int>(conflicts_.size()); ++k)
      if (k != static_cast<int>(slot)) index_conflict(k);
    stale_entries_ = 0;
  }
  index_conflict(static_cast<int>(slot));
}

void ConflictPool::retire(std::size_t slot) {
  Conflict& old = conflicts_[slot];
  entries_ -= static_cast<long long>(old.entries.size());
  stale_entries_ += static_cast<long long>(old.entries.size());
  old.entries.clear();
  old.by_reach.clear();
  old.global_bound = -core::kInfinity;
  ++old.generation;
}

void ConflictPool::index_conflict(int slot) {
  const Conflict& c = conflicts_[slot];
  for (const Entry& e : c.entries) by_column_[e.column].push_back({slot, c.generation, e.d, e.base});
}

ConflictPool::Outcome ConflictPool::propagate(std::vector<double>& lower, std::vector<double>& upper,
                                              const std::vector<int>& changed, double prune_at, double fix_at) {
  Outcome out;
  if (conflicts_.empty()) return out;
  const int count = static_cast<int>(conflicts_.size());
  std::vector<int> columns;  // the box's columns that differ from the global box (as far as known)
  seen_.resize(by_column_.size(), 0);
  for (int j : changed)
    if (j < static_cast<int>(by_column_.size()) && !seen_[j]) {
      seen_[j] = 1;
      columns.push_back(j);
    }
  for (int round = 0; round < parameters_.max_rounds; ++round) {
    // L_y on the box: L0 plus the gain of every changed column.
    bound_.resize(count);
    for (int k = 0; k < count; ++k) bound_[k] = conflicts_[k].global_bound;
    for (int j : columns)
      for (const ColumnEntry& e : by_column_[j])
        if (e.generation == conflicts_[e.conflict].generation)
          bound_[e.conflict] += std::min(e.d * lower[j], e.d * upper[j]) - e.base;
    bool tightened = false;
    for (int k = 0; k < count; ++k) {
      const double b = bound_[k];
      const bool infeasibility = conflicts_[k].infeasibility;
      if (!infeasibility) out.bound = std::max(out.bound, b);
      if (infeasibility ? b > 0.0 : b >= prune_at) {
        out.prune = true;
        out.prune_infeasible = infeasibility;
        break;
      }
      // A column can move the bound by at most max |d| per unit: far below fix_at, nothing to fix.
      const double allowed = (infeasibility ? 0.0 : fix_at) - b;
      if (!(allowed >= 0) || allowed >= conflicts_[k].max_abs_d) continue;
      // Only entries whose reach passes `allowed` can tighten; they are taken in the entries'
      // order, so the tightenings (and the sums of later rounds) are the same as a full scan's.
      const Conflict& c = conflicts_[k];
      candidates_.clear();
      for (int i : c.by_reach) {
        if (c.entries[i].reach * (1.0 + core::tol::kConflictReachMargin) <= allowed) break;
        candidates_.push_back(i);
      }
      std::sort(candidates_.begin(), candidates_.end());
      for (int i : candidates_) {
        const Entry& e = c.entries[i];
        const int j = e.column;
        const double lo = lower[j], hi = upper[j];
        if (lo == hi) continue;
        if (e.d > 0) {
          const double steps = std::floor(allowed / e.d);
          if (lo + steps >= hi) continue;
          upper[j] = lo + steps;
        } else {
          const double steps = std::floor(allowed / -e.d);
          if (hi - steps <= lo) continue;
          lower[j] = hi - steps;
        }
        out.tightenings.push_back({j, lower[j], upper[j]});
        if (!seen_[j]) {
          seen_[j] = 1;
          columns.push_back(j);
        }
        tightened = true;
      }
    }
    if (out.prune || !tightened) break;
  }
  for (int j : columns) seen_[j] = 0;
  return out;
}

}  // namespace fleetopt::mip
