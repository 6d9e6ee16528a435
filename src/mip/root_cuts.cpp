#include "root_cuts.hpp"

#include <algorithm>
#include <cmath>
#include <optional>
#include <iterator>
#include <limits>
#include <set>
#include <stdexcept>
#include <utility>

#include "fleetopt/core/timer.hpp"
#include "fleetopt/core/tolerances.hpp"

namespace fleetopt::mip {

namespace {

// Two cuts whose normals make a cosine above this are near parallel: the second is dropped.
constexpr double kMaxParallelism = 0.999;
// A cut whose activity exceeds its side by more than this (relative) at an LP answer does not
// bind: it is dropped before the next round and before the tree search.
constexpr double kBindingSlack = 1e-6;
// The stall test compares the bound with the one this many rounds before (SCIP stops separating
// after a few rounds without progress alike).
constexpr int kRootCutStallRounds = 2;
// An image of a cut under the member symmetries joins a round when the round's LP point violates
// it by this much per unit norm (the separators' own threshold, CmirParameters::min_efficacy).
constexpr double kMinImageEfficacy = 1e-4;
// The pool of images waiting for a violation holds at most this many nonzeros, the oldest going
// first: k identical members give k - 1 images per cut, and 100 identical 96-step assets would
// otherwise pile up hundreds of megabytes over ten rounds.
constexpr std::size_t kMaxImagePoolNonzeros = 5'000'000;
// A round takes at most this many images per cut the separators found, the most violated first.
constexpr std::size_t kImagesPerSeparatedCut = 1;

std::vector<std::pair<int, double>> cut_key(const Cut& c) {
  std::vector<std::pair<int, double>> key;
  for (std::size_t k = 0; k < c.columns.size(); ++k) key.emplace_back(c.columns[k], c.values[k]);
  std::sort(key.begin(), key.end());
  key.emplace_back(-1, c.lower);
  key.emplace_back(-2, c.upper);
  return key;
}

double efficacy(const Cut& c, const std::vector<double>& x) {
  double activity = 0.0, norm = 0.0;
  for (std::size_t k = 0; k < c.columns.size(); ++k) {
    activity += c.values[k] * x[c.columns[k]];
    norm += c.values[k] * c.values[k];
  }
  const double violation = std::max(std::isfinite(c.lower) ? c.lower - activity : 0.0,
                                     std::isfinite(c.upper) ? activity - c.upper : 0.0);
  return norm > 0.0 ? violation / std::sqrt(norm) : 0.0;
}

double cosine(const Cut& a, const Cut& b, std::vector<double>& dense) {
  double dot = 0.0, na = 0.0, nb = 0.0;
  for (std::size_t k = 0; k < a.columns.size(); ++k) {
    dense[a.columns[k]] = a.values[k];
    na += a.values[k] * a.values[k];
  }
  for (std::size_t k = 0; k < b.columns.size(); ++k) {
    dot += dense[b.columns[k]] * b.values[k];
    nb += b.values[k] * b.values[k];
  }
  for (int j : a.columns) dense[j] = 0.0;
  return dot / std::sqrt(na * nb);
}

// The cut rows of `current` (rows from base_rows on) that bind at `r` or are marked in
// `keep_slack` (one entry per cut row), and the basis `last`
// restricted to the model's rows and those cuts: a basis of the model with only these cuts when
// every dropped row is basic (a slack row usually is); `restricted` is empty otherwise.
std::vector<Cut> binding_cuts(const core::Model& current, int base_rows, const lp::LpResult& r,
                              const std::vector<lp::VarStatus>& last,
                              std::vector<lp::VarStatus>& restricted, const std::vector<char>& keep_slack) {
  const int cols = current.num_cols();
  std::vector<Cut> kept;
  const core::SparseMatrix by_row = current.matrix.transpose();
  restricted.assign(last.begin(), last.begin() + cols + base_rows);
  for (int i = base_rows; i < current.num_rows(); ++i) {
    // A cut binds at a finite side within the tolerance (Gomory cuts are >= rows, c-MIR cuts <=).
    const double lo = current.row_lower[i], hi = current.row_upper[i], a = r.row_activity[i];
    const bool at_lower = std::isfinite(lo) && a - lo <= kBindingSlack * std::max(1.0, std::abs(lo));
    const bool at_upper = std::isfinite(hi) && hi - a <= kBindingSlack * std::max(1.0, std::abs(hi));
    if (!at_lower && !at_upper && !keep_slack[i - base_rows]) continue;
    restricted.push_back(last[cols + i]);
    Cut c;
    for (int p = by_row.col_start[i]; p < by_row.col_start[i + 1]; ++p) {
      c.columns.push_back(by_row.row_index[p]);
      c.values.push_back(by_row.value[p]);
    }
    c.lower = current.row_lower[i];
    c.upper = current.row_upper[i];
    c.keep_when_slack = keep_slack[i - base_rows] != 0;
    kept.push_back(std::move(c));
  }
  const long long basic = std::count(restricted.begin(), restricted.end(), lp::VarStatus::basic);
  if (basic != base_rows + static_cast<long long>(kept.size())) restricted.clear();
  return kept;
}

}  // namespace

core::Model append_cuts(const core::Model& model, const std::vector<Cut>& cuts, int first_index) {
  if (cuts.empty()) return model;
  core::Model out = model;
  const int rows = model.num_rows();
  std::vector<std::vector<std::pair<int, double>>> extra(model.num_cols());
  for (std::size_t c = 0; c < cuts.size(); ++c) {
    for (std::size_t k = 0; k < cuts[c].columns.size(); ++k)
      extra[cuts[c].columns[k]].push_back({rows + static_cast<int>(c), cuts[c].values[k]});
    out.row_lower.push_back(cuts[c].lower);
    out.row_upper.push_back(cuts[c].upper);
    out.row_names.push_back("cut_" + std::to_string(first_index + static_cast<int>(c)));
  }
  core::SparseMatrix& a = out.matrix;
  const core::SparseMatrix& old = model.matrix;
  a.num_rows = rows + static_cast<int>(cuts.size());
  a.col_start.assign(1, 0);
  a.row_index.clear();
  a.value.clear();
  for (int j = 0; j < model.num_cols(); ++j) {
    for (int k = old.col_start[j]; k < old.col_start[j + 1]; ++k) {
      a.row_index.push_back(old.row_index[k]);
      a.value.push_back(old.value[k]);
    }
    for (const auto& [row, value] : extra[j]) {  // cut rows come after every model row
      a.row_index.push_back(row);
      a.value.push_back(value);
    }
    a.col_start.push_back(static_cast<int>(a.row_index.size()));
  }
  return out;
}

core::Model add_root_cuts(const core::Model& model, const MipOptions& options,
                          const std::vector<SeparatorFactory>& factories, RootCutStats& stats) {
  core::Timer timer;
  std::vector<std::unique_ptr<CutSeparator>> separators;
  for (const auto& make : factories) separators.push_back(make());
  core::Model current = model;
  if (separators.empty() || options.max_cut_rounds <= 0) return current;
  lp::LpOptions lp_options = options.lp;
  if (lp_options.interrupt == nullptr) lp_options.interrupt = options.interrupt;
  auto solver = std::make_unique<lp::LpSolver>(current, lp_options);
  bool from_start_basis = false;
  if (!options.start_basis.empty()) {
    try {
      solver->set_basis(options.start_basis);
      from_start_basis = true;
    } catch (const std::invalid_argument&) {
      // Not a basis of this LP: the first round solves from the slack basis.
    }
  }
  const int base_rows = model.num_rows();
  const double sigma = model.sense == core::ObjectiveSense::minimize ? 1.0 : -1.0;
  std::vector<double> history;
  std::vector<double> dense(model.num_cols(), 0.0);
  int added = 0;
  // Per cut row of `current`: kept even when slack (Cut::keep_when_slack and the option).
  std::vector<char> keep_slack;
  const auto note_rows = [&](const std::vector<Cut>& cuts) {
    for (const Cut& c : cuts) keep_slack.push_back(options.root_cut_keep_slack && c.keep_when_slack);
  };
  struct Round {
    core::Model model;
    std::unique_ptr<lp::LpSolver> solver;  // solved to optimality on `model`
    std::vector<char> keep_slack;          // of model's cut rows
  };
  std::optional<Round> previous;
  // Images of the loop's cuts under the member symmetries (member_symmetry.hpp) not yet added.
  const MemberOrbits orbits(options.member_symmetries, model.num_cols());
  std::vector<Cut> image_pool;
  std::vector<lp::VarStatus> model_basis;  // optimal for `model` (round 0)
  // Proven bounds (lp::LpResult::dual_bound) of round 0's LP and of the last optimal one.
  double first_dual_bound = std::numeric_limits<double>::quiet_NaN();
  double last_dual_bound = first_dual_bound;
  for (int round = 0; round <= options.max_cut_rounds; ++round) {
    solver->set_time_limit(std::max(0.0, options.time_limit_seconds - timer.seconds()));
    if (solver->solve() != lp::LpStatus::optimal) {
      // Cuts of cuts can make the LP ill-conditioned: fall back to the last round that solved.
      if (previous) {
        current = std::move(previous->model);
        solver = std::move(previous->solver);
        keep_slack = std::move(previous->keep_slack);
        --stats.rounds;
      }
      break;
    }
    stats.lp_iterations += solver->result().iterations;
    const lp::LpResult& r = solver->result();
    if (round == 0) {
      stats.bound_before = r.objective;
      first_dual_bound = r.dual_bound;
      stats.first_lp_iterations = r.iterations + (from_start_basis ? options.start_basis_lp_iterations : 0);
      model_basis = solver->basis();
    }
    stats.bound_after = r.objective;
    last_dual_bound = r.dual_bound;
    history.push_back(sigma * r.objective);
    const int h = static_cast<int>(history.size());
    if (h > kRootCutStallRounds &&
        history[h - 1] - history[h - 1 - kRootCutStallRounds] <
            options.root_cut_stall_improvement * (std::abs(history[h - 1]) + 1.0))
      break;
    if (round == options.max_cut_rounds) break;
    // The work limit (MipOptions::lp_iteration_limit) counts these LPs too: no round after it.
    if (options.lp_iteration_limit >= 0 && stats.lp_iterations >= options.lp_iteration_limit) break;
    // Ctrl-C: the separators do not watch the flag, so the loop does (a round of c-MIR on a
    // 96-step fleet of 10 assets takes most of a second).
    if (options.interrupt != nullptr && options.interrupt->load(std::memory_order_relaxed)) break;
    if (round > 0) {
      // Slack cuts of earlier rounds leave the LP, which otherwise grows by every round's cuts.
      std::vector<lp::VarStatus> restricted;
      std::vector<Cut> kept = binding_cuts(current, base_rows, r, solver->basis(), restricted, keep_slack);
      if (!restricted.empty() && static_cast<int>(kept.size()) < current.num_rows() - base_rows) {
        auto purged = std::make_unique<lp::LpSolver>(append_cuts(model, kept, added), lp_options);
        purged->set_basis(restricted);
        purged->set_time_limit(std::max(0.0, options.time_limit_seconds - timer.seconds()));
        if (purged->solve() == lp::LpStatus::optimal) {
          stats.lp_iterations += purged->result().iterations;
          current = purged->model();
          solver = std::move(purged);
          added += static_cast<int>(kept.size());
          keep_slack.clear();
          note_rows(kept);
        }
      }
    }
    const lp::LpResult& answer = solver->result();
    CutContext ctx{current, answer, *solver};
    std::vector<Cut> found;
    std::set<std::vector<std::pair<int, double>>> taken;  // this round's cuts, by content
    for (auto& s : separators) {
      std::vector<Cut> cuts = s->separate(ctx);
      for (Cut& c : cuts) {
        bool parallel = false;
        for (const Cut& kept : found)
          if (cosine(kept, c, dense) > kMaxParallelism) {
            parallel = true;
            break;
          }
        if (!parallel) {
          if (!orbits.empty()) taken.insert(cut_key(c));
          found.push_back(std::move(c));
        }
      }
    }
    // This round's cuts' images join the pool; the most violated of the pool's images join the
    // round, at most as many as the separators found (on identical members the LP escapes a cut
    // by moving to another member). Images are kept for the tree only where they bind: with
    // 2 x 20 identical assets, images kept when slack took the root LP from 4,395 cut rows to
    // 14,689 and the root did not finish in 60 s.
    if (!orbits.empty()) {
      const std::size_t separated = found.size();
      for (std::size_t k = 0; k < separated; ++k)
        for (Cut& image : orbits.cut_images(found[k])) {
          image.keep_when_slack = false;
          image_pool.push_back(std::move(image));
        }
      std::vector<std::pair<double, std::size_t>> violated;
      for (std::size_t k = 0; k < image_pool.size(); ++k) {
        const double e = efficacy(image_pool[k], answer.x);
        if (e > kMinImageEfficacy) violated.emplace_back(e, k);
      }
      std::sort(violated.begin(), violated.end(), [](const auto& a, const auto& b) {
        return a.first > b.first || (a.first == b.first && a.second < b.second);
      });
      std::vector<char> taken_from_pool(image_pool.size(), 0);
      std::size_t added_images = 0;
      for (const auto& [e, k] : violated) {
        if (added_images >= kImagesPerSeparatedCut * separated) break;
        // (An image equal to a cut of the round is not taken twice; near-parallel ones are not
        // looked for: that test over thousands of images would cost more than the rows.)
        if (!taken.insert(cut_key(image_pool[k])).second) continue;
        found.push_back(image_pool[k]);
        taken_from_pool[k] = 1;
        ++added_images;
      }
      std::vector<Cut> left;
      for (std::size_t k = 0; k < image_pool.size(); ++k)
        if (!taken_from_pool[k]) left.push_back(std::move(image_pool[k]));
      std::size_t nonzeros = 0, first = left.size();
      while (first > 0 && nonzeros + left[first - 1].columns.size() <= kMaxImagePoolNonzeros)
        nonzeros += left[--first].columns.size();
      image_pool.assign(std::make_move_iterator(left.begin() + static_cast<std::ptrdiff_t>(first)),
                        std::make_move_iterator(left.end()));
    }
    if (found.empty()) break;
    ++stats.rounds;
    stats.cuts_added += static_cast<int>(found.size());
    // Warm start: the old basis with every cut's row activity basic.
    std::vector<lp::VarStatus> basis = solver->basis();
    previous = Round{current, std::move(solver), keep_slack};
    current = append_cuts(current, found, added);
    note_rows(found);
    added += static_cast<int>(found.size());
    basis.insert(basis.end(), found.size(), lp::VarStatus::basic);
    solver = std::make_unique<lp::LpSolver>(current, lp_options);
    solver->set_basis(basis);
  }
  // Keep the cuts that bind at the last LP answer, if they moved the bound enough.
  stats.seconds = timer.seconds();
  // Returned without cuts: the model's own optimal basis of round 0 (the vertex a cold root solve
  // reaches). Not the cut LP's basis with the cuts dropped, which is another vertex: on MIPLIB's
  // bell5 that changed the tree from 11,000 nodes to more than 900,000.
  stats.final_basis = model_basis;
  stats.proven_bound = last_dual_bound;
  if (current.num_rows() == base_rows) return current;
  if (sigma * (stats.bound_after - stats.bound_before) <
      options.root_cut_min_improvement * std::max(1.0, std::abs(stats.bound_before))) {
    stats.cuts_kept = 0;
    stats.proven_bound = first_dual_bound;
    return model;
  }
  std::vector<Cut> kept;
  std::vector<lp::VarStatus> restricted;
  if (solver->result().status == lp::LpStatus::optimal)
    kept = binding_cuts(current, base_rows, solver->result(), solver->basis(), restricted, keep_slack);
  stats.cuts_kept = static_cast<int>(kept.size());
  if (!kept.empty()) stats.final_basis = std::move(restricted);
  stats.seconds = timer.seconds();
  return append_cuts(model, kept, 0);
}

}  // namespace fleetopt::mip
