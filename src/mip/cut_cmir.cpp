#include "fleetopt/mip/cut_cmir.hpp"

#include <algorithm>
#include <cmath>
#include <optional>
#include <stdexcept>

#include "cut_finish.hpp"
#include "fleetopt/core/tolerances.hpp"
#include "fleetopt/mip/cut_gomory.hpp"

namespace fleetopt::mip {

namespace {

using core::kInfinity;

// An aggregated or cut coefficient below this, relative to the largest, is removed (with its
// bound: a relaxation), since it is rounding noise of the aggregation.
constexpr double kCoefficientZero = 1e-9;
// A row may be aggregated only where it is tight at the LP point: its slack would otherwise
// enter the row as a continuous term and weaken the cut. Relative to 1 + |side|.
constexpr double kTightSlack = 1e-6;
// A continuous column is worth eliminating only when it is this far inside its bounds; at a
// bound its substitution costs nothing.
constexpr double kInsideBounds = 1e-6;
// An integer column is a divisor candidate only this far inside its bounds.
constexpr double kFractionalInside = 1e-6;
// A cover must exceed the knapsack's right-hand side by this much (relative to max(1, |side|)):
// below it the cover inequality is the row itself, up to rounding.
constexpr double kCoverMinLambda = 1e-6;

// The MIR coefficient of an integer term with coefficient a (divided by delta) when the scaled
// right-hand side has fractional part f0: floor(a) + max(0, frac(a) - f0) / (1 - f0).
double mir_coefficient(double a, double f0) {
  const double fa = a - std::floor(a);
  return std::floor(a) + std::max(0.0, fa - f0) / (1.0 - f0);
}

// x <= e + d z (an upper one) or x >= e + d z (a lower one), z integer.
struct VariableBound {
  int z;
  double d, e;
};

enum class Substitution { lower, upper, variable_lower, variable_upper };

struct ContinuousTerm {
  int j;
  double coef;   // on x' >= 0, negative (the s of the header)
  double value;  // x' at the LP point
  Substitution kind;
  VariableBound bound;  // for the variable kinds
};

struct IntegerTerm {
  int j;
  double coef;  // abar on x'
  double value; // x' at the LP point
  double range; // upper bound of x' (infinite if none)
  bool complemented;
  double bound;  // the integer bound x' is measured from
};

class Separation {
 public:
  Separation(const core::Model& m, const lp::LpResult& lp, const CmirParameters& p)
      : m_(m), x_(lp.x), activity_(lp.row_activity), p_(p), n_(m.num_cols()),
        by_row_(m.matrix.transpose()), agg_(n_, 0.0), in_row_(n_, 0), integer_coef_(n_, 0.0),
        cut_coef_(n_, 0.0), lower_bounds_(n_), upper_bounds_(n_) {
    find_variable_bounds();
  }

  std::vector<Cut> run() {
    std::vector<std::pair<double, Cut>> found;
    for (int r = 0; r < m_.num_rows(); ++r) {
      if (!worth_starting(r)) continue;
      if (std::isfinite(m_.row_upper[r])) aggregate_from(r, 1.0, found);
      if (std::isfinite(m_.row_lower[r])) aggregate_from(r, -1.0, found);
    }
    std::sort(found.begin(), found.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
    const int limit = std::max(p_.max_cuts_per_round, static_cast<int>(p_.max_cuts_per_column * n_));
    std::vector<Cut> cuts;
    for (auto& [efficacy, cut] : found) {
      if (static_cast<int>(cuts.size()) >= limit) break;
      cuts.push_back(std::move(cut));
    }
    return cuts;
  }

 private:
  const core::Model& m_;
  const std::vector<double>& x_;
  const std::vector<double>& activity_;
  const CmirParameters& p_;
  const int n_;
  const core::SparseMatrix by_row_;
  std::vector<double> agg_;      // the aggregated row, dense
  std::vector<char> in_row_;     // j listed in touched_
  std::vector<int> touched_;
  double beta_ = 0.0;
  std::vector<double> integer_coef_, cut_coef_;
  std::vector<std::vector<VariableBound>> lower_bounds_, upper_bounds_;

  bool integer(int j) const { return m_.is_integer[j] != 0; }

  // Two-column rows a x + b z in [lo, up] with x continuous and z integer.
  void find_variable_bounds() {
    for (int r = 0; r < m_.num_rows(); ++r) {
      const int begin = by_row_.col_start[r];
      if (by_row_.col_start[r + 1] - begin != 2) continue;
      int j = by_row_.row_index[begin], z = by_row_.row_index[begin + 1];
      double a = by_row_.value[begin], b = by_row_.value[begin + 1];
      if (integer(j)) {
        std::swap(j, z);
        std::swap(a, b);
      }
      if (integer(j) || !integer(z) || a == 0.0) continue;
      // a x <= up - b z, a x >= lo - b z; dividing by a < 0 swaps the two.
      if (std::isfinite(m_.row_upper[r])) {
        VariableBound vb{z, -b / a, m_.row_upper[r] / a};
        (a > 0 ? upper_bounds_ : lower_bounds_)[j].push_back(vb);
      }
      if (std::isfinite(m_.row_lower[r])) {
        VariableBound vb{z, -b / a, m_.row_lower[r] / a};
        (a > 0 ? lower_bounds_ : upper_bounds_)[j].push_back(vb);
      }
    }
  }

  bool worth_starting(int r) const {
    for (int k = by_row_.col_start[r]; k < by_row_.col_start[r + 1]; ++k) {
      const int j = by_row_.row_index[k];
      if (integer(j) || !lower_bounds_[j].empty() || !upper_bounds_[j].empty()) return true;
    }
    return false;
  }

  void add_to_row(int j, double value) {
    if (!in_row_[j]) {
      in_row_[j] = 1;
      touched_.push_back(j);
    }
    agg_[j] += value;
  }

  void clear_row() {
    for (int j : touched_) {
      agg_[j] = 0.0;
      in_row_[j] = 0;
    }
    touched_.clear();
  }

  // Distance of x_j from its closest bound (plain or variable) at the LP point.
  double distance_to_bounds(int j) const {
    double best = kInfinity;
    if (std::isfinite(m_.col_lower[j])) best = std::min(best, x_[j] - m_.col_lower[j]);
    if (std::isfinite(m_.col_upper[j])) best = std::min(best, m_.col_upper[j] - x_[j]);
    for (const auto& vb : lower_bounds_[j]) best = std::min(best, x_[j] - (vb.e + vb.d * x_[vb.z]));
    for (const auto& vb : upper_bounds_[j]) best = std::min(best, vb.e + vb.d * x_[vb.z] - x_[j]);
    return std::max(best, 0.0);
  }

  void aggregate_from(int start, double sign, std::vector<std::pair<double, Cut>>& found) {
    clear_row();
    for (int k = by_row_.col_start[start]; k < by_row_.col_start[start + 1]; ++k)
      add_to_row(by_row_.row_index[k], sign * by_row_.value[k]);
    beta_ = sign > 0 ? m_.row_upper[start] : -m_.row_lower[start];
    std::vector<int> used{start};
    for (int round = 0; round < p_.max_aggregated_rows; ++round) {
      double efficacy = 0.0;
      Cut cut;
      if (round_row(cut, efficacy)) {
        found.push_back({efficacy, std::move(cut)});
        return;
      }
      if (round + 1 == p_.max_aggregated_rows || !eliminate_one(used)) return;
    }
  }

  // Adds a multiple of a tight row that removes the continuous column deepest inside its bounds.
  bool eliminate_one(std::vector<int>& used) {
    std::vector<std::pair<double, int>> candidates;
    for (int j : touched_) {
      if (integer(j) || agg_[j] == 0.0) continue;
      const double distance = distance_to_bounds(j);
      if (distance > kInsideBounds) candidates.push_back({distance, j});
    }
    std::sort(candidates.begin(), candidates.end(), std::greater<>());
    for (const auto& [distance, j] : candidates) {
      int best_row = -1, best_size = 0;
      double best_lambda = 0.0;
      for (int k = m_.matrix.col_start[j]; k < m_.matrix.col_start[j + 1]; ++k) {
        const int r = m_.matrix.row_index[k];
        if (std::find(used.begin(), used.end(), r) != used.end()) continue;
        const double lambda = -agg_[j] / m_.matrix.value[k];
        const double side = lambda > 0 ? m_.row_upper[r] : m_.row_lower[r];
        if (!std::isfinite(side)) continue;
        if (std::abs(activity_[r] - side) > kTightSlack * (1.0 + std::abs(side))) continue;
        const int size = by_row_.col_start[r + 1] - by_row_.col_start[r];
        if (best_row < 0 || size < best_size) {
          best_row = r;
          best_size = size;
          best_lambda = lambda;
        }
      }
      if (best_row < 0) continue;
      for (int k = by_row_.col_start[best_row]; k < by_row_.col_start[best_row + 1]; ++k)
        add_to_row(by_row_.row_index[k], best_lambda * by_row_.value[k]);
      beta_ += best_lambda * (best_lambda > 0 ? m_.row_upper[best_row] : m_.row_lower[best_row]);
      agg_[j] = 0.0;  // exactly: the point of the aggregation
      used.push_back(best_row);
      return true;
    }
    return false;
  }

  // Steps 2-4 of the header on the current aggregated row; true with a cut violated by at least
  // min_efficacy.
  bool round_row(Cut& cut, double& efficacy) {
    double largest = 0.0;
    for (int j : touched_) largest = std::max(largest, std::abs(agg_[j]));
    if (!(largest > 0.0) || !std::isfinite(largest)) return false;
    double beta = beta_;
    std::vector<ContinuousTerm> continuous;
    std::vector<int> integers;
    auto add_integer = [&](int j, double value) {
      if (integer_coef_[j] == 0.0) integers.push_back(j);
      integer_coef_[j] += value;
      if (integer_coef_[j] == 0.0) integer_coef_[j] = 1e-300;  // stays listed
    };
    bool usable = true;
    for (int j : touched_) {
      const double c = agg_[j];
      if (c == 0.0) continue;
      if (std::abs(c) < kCoefficientZero * largest) {
        // Drop c x: the rest is <= beta - c x <= beta - min over the box of c x.
        const double worst = c > 0 ? c * m_.col_lower[j] : c * m_.col_upper[j];
        if (!std::isfinite(worst)) {
          usable = false;
          break;
        }
        beta -= worst;
        continue;
      }
      if (integer(j)) {
        add_integer(j, c);
        continue;
      }
      // The closest bound; a variable bound wins ties (it brings its integer into the row).
      double best = kInfinity;
      ContinuousTerm term{j, 0.0, 0.0, Substitution::lower, {}};
      if (std::isfinite(m_.col_lower[j]) && x_[j] - m_.col_lower[j] < best) {
        best = x_[j] - m_.col_lower[j];
        term.kind = Substitution::lower;
      }
      if (std::isfinite(m_.col_upper[j]) && m_.col_upper[j] - x_[j] < best) {
        best = m_.col_upper[j] - x_[j];
        term.kind = Substitution::upper;
      }
      for (const auto& vb : lower_bounds_[j]) {
        const double d = x_[j] - (vb.e + vb.d * x_[vb.z]);
        if (d <= best + kInsideBounds) {
          best = d;
          term.kind = Substitution::variable_lower;
          term.bound = vb;
        }
      }
      for (const auto& vb : upper_bounds_[j]) {
        const double d = vb.e + vb.d * x_[vb.z] - x_[j];
        if (d <= best + kInsideBounds) {
          best = d;
          term.kind = Substitution::variable_upper;
          term.bound = vb;
        }
      }
      if (!std::isfinite(best)) {
        usable = false;  // a free continuous column: no sign for x'
        break;
      }
      switch (term.kind) {
        case Substitution::lower:  // x = l + x'
          beta -= c * m_.col_lower[j];
          term.coef = c;
          term.value = x_[j] - m_.col_lower[j];
          break;
        case Substitution::upper:  // x = u - x'
          beta -= c * m_.col_upper[j];
          term.coef = -c;
          term.value = m_.col_upper[j] - x_[j];
          break;
        case Substitution::variable_lower:  // x = e + d z + x'
          beta -= c * term.bound.e;
          add_integer(term.bound.z, c * term.bound.d);
          term.coef = c;
          term.value = x_[j] - (term.bound.e + term.bound.d * x_[term.bound.z]);
          break;
        case Substitution::variable_upper:  // x = e + d z - x'
          beta -= c * term.bound.e;
          add_integer(term.bound.z, c * term.bound.d);
          term.coef = -c;
          term.value = term.bound.e + term.bound.d * x_[term.bound.z] - x_[j];
          break;
      }
      term.value = std::max(term.value, 0.0);
      if (term.coef < 0) continuous.push_back(term);  // positive ones are dropped
    }
    std::vector<IntegerTerm> ints;
    for (int j : integers) {
      const double a = integer_coef_[j];
      integer_coef_[j] = 0.0;
      if (!usable || std::abs(a) < kCoefficientZero * largest) {
        if (usable && std::abs(a) > 1e-290) {
          const double worst = a > 0 ? a * m_.col_lower[j] : a * m_.col_upper[j];
          if (!std::isfinite(worst)) usable = false;
          else beta -= worst;
        }
        continue;
      }
      // Integer bounds, rounded inwards: valid since x_j is integer.
      const double lo = std::ceil(m_.col_lower[j] - core::tol::kIntegrality);
      const double hi = std::floor(m_.col_upper[j] + core::tol::kIntegrality);
      IntegerTerm t{j, a, 0.0, hi - lo, false, lo};
      if (std::isfinite(lo) && (!std::isfinite(hi) || x_[j] - lo <= hi - x_[j])) {
        beta -= a * lo;  // x = lo + x'
        t.value = x_[j] - lo;
      } else if (std::isfinite(hi)) {
        beta -= a * hi;  // x = hi - x'
        t.coef = -a;
        t.value = hi - x_[j];
        t.complemented = true;
        t.bound = hi;
      } else {
        usable = false;
        continue;
      }
      ints.push_back(t);
    }
    if (!usable || ints.empty()) return false;

    // Divisors: |abar_k| of the integer columns strictly inside their bounds, deepest first.
    std::vector<std::pair<double, double>> by_depth;
    for (const IntegerTerm& t : ints) {
      if (t.value <= kFractionalInside || t.value >= t.range - kFractionalInside) continue;
      by_depth.push_back({std::min(t.value, t.range - t.value), std::abs(t.coef)});
    }
    std::sort(by_depth.begin(), by_depth.end(), std::greater<>());
    std::vector<double> divisors;
    for (const auto& [depth, d] : by_depth) {
      if (static_cast<int>(divisors.size()) >= p_.max_divisors) break;
      bool seen = false;
      for (double e : divisors) seen = seen || std::abs(e - d) <= 1e-9 * std::max(1.0, d);
      if (!seen) divisors.push_back(d);
    }
    if (divisors.empty()) return false;

    auto evaluate = [&](double delta) {
      const double scaled = beta / delta;
      const double f0 = scaled - std::floor(scaled);
      if (f0 < p_.min_fraction || f0 > 1.0 - p_.min_fraction) return -kInfinity;
      double lhs = 0.0, norm = 0.0;
      for (const IntegerTerm& t : ints) {
        const double g = mir_coefficient(t.coef / delta, f0);
        lhs += g * t.value;
        norm += g * g;
      }
      for (const ContinuousTerm& t : continuous) {
        const double h = t.coef / (delta * (1.0 - f0));
        lhs += h * t.value;
        norm += h * h;
      }
      if (!(norm > 0.0)) return -kInfinity;
      return (lhs - std::floor(scaled)) / std::sqrt(norm);
    };
    double best_delta = 0.0, best = -kInfinity;
    for (double d : divisors) {
      const double e = evaluate(d);
      if (e > best) {
        best = e;
        best_delta = d;
      }
    }
    if (best_delta > 0.0) {
      const double base = best_delta;
      for (double d = base / 2; d >= base / 8; d /= 2) {
        const double e = evaluate(d);
        if (e > best) {
          best = e;
          best_delta = d;
        }
      }
    }
    if (best_delta > 0.0 && p_.complementation_trials) {
      // Step 5 of Marchand and Wolsey (sec. 4): with delta fixed, measure each integer column
      // strictly inside its bounds from its other bound, in turn, and keep the switch when the
      // cut gets more efficacious. Closest-bound complementation (step 3) is only a start: a
      // flow cover, for one, complements the binaries of its cover whatever their LP values.
      const auto flip = [&](IntegerTerm& t) {
        beta -= t.coef * t.range;
        t.coef = -t.coef;
        t.value = t.range - t.value;
        t.bound = t.complemented ? t.bound - t.range : t.bound + t.range;
        t.complemented = !t.complemented;
      };
      for (IntegerTerm& t : ints) {
        if (!std::isfinite(t.range) || t.value <= kFractionalInside || t.value >= t.range - kFractionalInside)
          continue;
        flip(t);
        const double e = evaluate(best_delta);
        if (e > best) {
          best = e;
        } else {
          flip(t);
        }
      }
    }
    // The cut on x' (integer terms k, continuous terms t): sum g_k x'_k + sum h_t x'_t <= rhs.
    std::vector<double> g(ints.size(), 0.0), h(continuous.size(), 0.0);
    double rhs = 0.0;
    bool have_cut = false;
    if (best > p_.min_efficacy) {  // the MIR inequality for best_delta
      const double delta = best_delta;
      const double scaled = beta / delta;
      const double f0 = scaled - std::floor(scaled);
      rhs = std::floor(scaled);
      for (std::size_t k = 0; k < ints.size(); ++k) g[k] = mir_coefficient(ints[k].coef / delta, f0);
      for (std::size_t k = 0; k < continuous.size(); ++k) h[k] = continuous[k].coef / (delta * (1.0 - f0));
      have_cut = true;
    }
    if (p_.lifted_covers) {
      std::vector<double> cover_g, cover_h;
      double cover_rhs = 0.0, cover_efficacy = 0.0;
      if (lifted_cover(ints, continuous, beta, cover_g, cover_h, cover_rhs, cover_efficacy) &&
          cover_efficacy > std::max(best, p_.min_efficacy)) {
        g = std::move(cover_g);
        h = std::move(cover_h);
        rhs = cover_rhs;
        have_cut = true;
      }
    }
    if (!have_cut) return false;

    // Mapped back to x (undo steps 3 and 2).
    std::vector<int> columns;
    auto add = [&](int j, double v) {
      if (cut_coef_[j] == 0.0) columns.push_back(j);
      cut_coef_[j] += v;
      if (cut_coef_[j] == 0.0) cut_coef_[j] = 1e-300;
    };
    for (std::size_t k = 0; k < ints.size(); ++k) {
      const IntegerTerm& t = ints[k];
      if (g[k] == 0.0) continue;
      if (t.complemented) {  // x' = hi - x
        add(t.j, -g[k]);
        rhs -= g[k] * t.bound;
      } else {  // x' = x - lo
        add(t.j, g[k]);
        rhs += g[k] * t.bound;
      }
    }
    for (std::size_t k = 0; k < continuous.size(); ++k) {
      const ContinuousTerm& t = continuous[k];
      const double h_t = h[k];
      switch (t.kind) {
        case Substitution::lower:  // x' = x - l
          add(t.j, h_t);
          rhs += h_t * m_.col_lower[t.j];
          break;
        case Substitution::upper:  // x' = u - x
          add(t.j, -h_t);
          rhs -= h_t * m_.col_upper[t.j];
          break;
        case Substitution::variable_lower:  // x' = x - e - d z
          add(t.j, h_t);
          add(t.bound.z, -h_t * t.bound.d);
          rhs += h_t * t.bound.e;
          break;
        case Substitution::variable_upper:  // x' = e + d z - x
          add(t.j, -h_t);
          add(t.bound.z, h_t * t.bound.d);
          rhs -= h_t * t.bound.e;
          break;
      }
    }
    return finish_cut(columns, rhs, cut, efficacy);
  }

  // The lifted cover inequality of the mixed-binary knapsack (Marchand and Wolsey, "The 0-1
  // knapsack problem with a single continuous variable", Math. Programming 85, 1999) for the row
  // of step 4, `sum_k abar_k x'_k - s <= betabar`, when every integer term is binary. Terms of
  // negative coefficient are complemented (x'' = 1 - x'), giving `sum a_k x''_k <= b + s` with
  // a > 0, s >= 0. A cover C (items with positive LP value, those at 1 first, then by their
  // share a_k x''_k of the row) exceeds b by lambda > 0; with C+ = {k in C: a_k > lambda} sorted
  // by decreasing a and S_i the sum of its first i + 1 coefficients,
  //     sum_{k in C} min(a_k, lambda) x''_k + sum_{k not in C} phi(a_k) x''_k
  //                                           <= sum_{k in C} min(a_k, lambda) - lambda + s,
  //     phi(z) = i lambda for S_{i-1} < z <= S_i - lambda (S_{-1} = 0),
  //              i lambda + z - (S_i - lambda) for S_i - lambda < z <= S_i,
  //              p lambda + z - S_{p-1} beyond S_{p-1} (p = |C+|).
  // Without the phi terms it is the continuous cover inequality: if an item of C+ is at 0 the
  // left side is at most the right side minus lambda; otherwise the items of C at 0 weigh
  // less than lambda each and s >= sum_{C, x''=1} a - b makes up the difference. phi is
  // superadditive and below the exact lifting function (the paper's theorem), which lifts the
  // items outside C. The cut is returned on x' (g on the integer terms, h on the continuous
  // ones, <= rhs) with its efficacy at the LP point measured like evaluate() above.
  bool lifted_cover(const std::vector<IntegerTerm>& ints, const std::vector<ContinuousTerm>& continuous,
                    double beta, std::vector<double>& g, std::vector<double>& h, double& rhs,
                    double& efficacy) const {
    const std::size_t n = ints.size();
    std::vector<double> a(n), value(n);
    double b = beta;
    for (std::size_t k = 0; k < n; ++k) {
      if (ints[k].range != 1.0) return false;  // general integers: the MIR alone
      a[k] = ints[k].coef;
      value[k] = ints[k].value;
      if (a[k] < 0) {  // c x' = c - c x''
        b -= a[k];
        a[k] = -a[k];
        value[k] = 1.0 - value[k];
      }
    }
    const double scale = std::max(1.0, std::abs(b));
    if (b <= kCoverMinLambda * scale) return false;
    std::vector<std::size_t> order;
    for (std::size_t k = 0; k < n; ++k)
      if (a[k] > kCoefficientZero * scale && value[k] > kFractionalInside) order.push_back(k);
    std::sort(order.begin(), order.end(), [&](std::size_t i, std::size_t j) {
      const bool at_one_i = value[i] >= 1.0 - kFractionalInside, at_one_j = value[j] >= 1.0 - kFractionalInside;
      if (at_one_i != at_one_j) return at_one_i;
      const double share_i = a[i] * value[i], share_j = a[j] * value[j];
      if (share_i != share_j) return share_i > share_j;
      if (a[i] != a[j]) return a[i] > a[j];
      return ints[i].j < ints[j].j;
    });
    std::vector<char> in_cover(n, 0);
    double weight = 0.0;
    for (std::size_t k : order) {
      if (weight - b > kCoverMinLambda * scale) break;
      weight += a[k];
      in_cover[k] = 1;
    }
    const double lambda = weight - b;
    if (!(lambda > kCoverMinLambda * scale)) return false;
    std::vector<double> big;  // C+, by decreasing coefficient
    for (std::size_t k = 0; k < n; ++k)
      if (in_cover[k] && a[k] > lambda) big.push_back(a[k]);
    if (big.empty()) return false;
    std::sort(big.begin(), big.end(), std::greater<>());
    std::vector<double> partial(big.size());
    double sum = 0.0;
    for (std::size_t i = 0; i < big.size(); ++i) partial[i] = sum += big[i];
    const auto phi = [&](double z) {
      for (std::size_t i = 0; i < big.size(); ++i) {
        if (z <= partial[i] - lambda) return static_cast<double>(i) * lambda;
        if (z <= partial[i]) return static_cast<double>(i) * lambda + z - (partial[i] - lambda);
      }
      return static_cast<double>(big.size()) * lambda + z - partial.back();
    };
    g.assign(n, 0.0);
    h.assign(continuous.size(), 0.0);
    rhs = -lambda;
    double lhs = 0.0, norm = 0.0;
    for (std::size_t k = 0; k < n; ++k) {
      double coef;  // on x''
      if (in_cover[k]) {
        coef = std::min(a[k], lambda);
        rhs += coef;
      } else {
        coef = a[k] > 0.0 ? phi(a[k]) : 0.0;
      }
      if (ints[k].coef < 0) {  // x'' = 1 - x'
        rhs -= coef;
        g[k] = -coef;
      } else {
        g[k] = coef;
      }
      lhs += g[k] * ints[k].value;
      norm += g[k] * g[k];
    }
    for (std::size_t t = 0; t < continuous.size(); ++t) {  // -s: the coefficients as they are
      h[t] = continuous[t].coef;
      lhs += h[t] * continuous[t].value;
      norm += h[t] * h[t];
    }
    if (!(norm > 0.0)) return false;
    efficacy = (lhs - rhs) / std::sqrt(norm);
    return true;
  }

  // The dense cut `cut_coef_` over `columns` (sum <= rhs) through the common clean-up
  // (cut_finish.hpp), written as -sum >= -rhs; clears `cut_coef_`.
  bool finish_cut(const std::vector<int>& columns, double rhs, Cut& cut, double& efficacy) {
    for (int j : columns)  // the 1e-300 markers of exact cancellations become 0 again
      cut_coef_[j] = std::abs(cut_coef_[j]) <= 1e-290 ? 0.0 : -cut_coef_[j];
    std::optional<Cut> at_least = mip::finish_cut(m_, x_, cut_coef_, columns, -rhs, 0.0,
                                                  {p_.max_dynamism, p_.max_density, p_.min_efficacy}, efficacy);
    if (!at_least) return false;
    cut = std::move(*at_least);
    for (double& v : cut.values) v = -v;
    cut.upper = -cut.lower;
    cut.lower = -kInfinity;
    cut.keep_when_slack = true;
    return true;
  }
};

}  // namespace

std::vector<SeparatorFactory> default_separators() { return make_separators(separator_names()); }

std::vector<std::string> separator_names() { return {"gomory", "cmir"}; }

std::vector<SeparatorFactory> make_separators(const std::vector<std::string>& names) {
  std::vector<SeparatorFactory> made;
  for (const std::string& name : names) {
    if (name == "gomory") made.push_back([] { return std::make_unique<GomoryMixedInteger>(); });
    else if (name == "cmir") made.push_back([] { return std::make_unique<ComplementedMir>(); });
    else throw std::invalid_argument("unknown cut separator '" + name + "' (known: gomory, cmir)");
  }
  return made;
}

std::vector<Cut> ComplementedMir::separate(CutContext& ctx) {
  if (ctx.lp.x.size() != static_cast<std::size_t>(ctx.model.num_cols())) return {};
  Separation separation(ctx.model, ctx.lp, p_);
  return separation.run();
}

}  // namespace fleetopt::mip
