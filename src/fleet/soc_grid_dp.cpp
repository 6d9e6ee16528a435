#include "fleetopt/fleet/soc_grid_dp.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>
#include <string>

#include "fleetopt/core/timer.hpp"
#include "fleetopt/core/tolerances.hpp"

namespace fleetopt::fleet {

namespace soc_grid_detail {

namespace {

constexpr double kMinusInfinity = -std::numeric_limits<double>::infinity();

// Row i may use columns j in [max(finite_from, i + lo), min(G - 1, i + hi)]: both ends are
// nondecreasing in i, which is what the monotone-argmax argument needs (docs/soc-grid-dp.md).
struct Correlation {
  const double* value;
  int size;
  int finite_from;
  int lo, hi;
  const double* kernel;  // kernel[d - lo] = K(d)
  double* out;

  // Rows [r0, r1], whose largest argmax lies in [j0, j1]. The window of the middle row meets
  // [j0, j1] (j0 is the argmax of an earlier row, at most its window's end, at most ours; j1
  // symmetric), so the scan below is never empty, even if rounding broke monotonicity.
  void solve(int r0, int r1, int j0, int j1) const {
    while (r0 <= r1) {
      const int mid = r0 + (r1 - r0) / 2;
      const int a = std::max({j0, finite_from, mid + lo});
      const int b = std::min({j1, size - 1, mid + hi});
      const double* k_row = kernel - lo - mid;  // k_row[j] = K(j - mid)
      double best = kMinusInfinity;
      int arg = a;
      for (int j = a; j <= b; ++j) {
        const double candidate = value[j] + k_row[j];
        if (candidate >= best) {  // ">=": the largest argmax, for which monotonicity is proven
          best = candidate;
          arg = j;
        }
      }
      out[mid] = std::max(out[mid], best);
      // Recurse on the smaller half, loop on the other: stack depth O(log G).
      if (mid - r0 < r1 - mid) {
        solve(r0, mid - 1, j0, arg);
        r0 = mid + 1;
        j0 = arg;
      } else {
        solve(mid + 1, r1, arg, j1);
        r1 = mid - 1;
        j1 = arg;
      }
    }
  }
};

// Rows whose window is non-empty: i + hi >= finite_from and i + lo <= G - 1.
bool row_range(int size, int finite_from, const KernelSide& kernel, int* first, int* last) {
  if (finite_from >= size || kernel.value.empty()) return false;
  const int lo = kernel.first_offset;
  const int hi = lo + static_cast<int>(kernel.value.size()) - 1;
  *first = std::max(0, finite_from - hi);
  *last = std::min(size - 1, size - 1 - lo);
  return *first <= *last;
}

}  // namespace

void correlate_side(const std::vector<double>& value, int finite_from, const KernelSide& kernel,
                    std::vector<double>& out) {
  const int size = static_cast<int>(value.size());
  int first = 0, last = -1;
  if (!row_range(size, finite_from, kernel, &first, &last)) return;
  const int lo = kernel.first_offset;
  const Correlation c{value.data(), size, finite_from, lo,
                      lo + static_cast<int>(kernel.value.size()) - 1, kernel.value.data(), out.data()};
  c.solve(first, last, finite_from, size - 1);
}

void correlate_side_dense(const std::vector<double>& value, int finite_from,
                          const KernelSide& kernel, std::vector<double>& out) {
  const int size = static_cast<int>(value.size());
  int first = 0, last = -1;
  if (!row_range(size, finite_from, kernel, &first, &last)) return;
  const int lo = kernel.first_offset;
  const int hi = lo + static_cast<int>(kernel.value.size()) - 1;
  for (int i = first; i <= last; ++i) {
    double best = kMinusInfinity;
    for (int j = std::max(finite_from, i + lo); j <= std::min(size - 1, i + hi); ++j)
      best = std::max(best, value[j] + kernel.value[j - i - lo]);
    out[i] = std::max(out[i], best);
  }
}

}  // namespace soc_grid_detail

namespace {

using soc_grid_detail::KernelSide;
constexpr double kMinusInfinity = -std::numeric_limits<double>::infinity();
constexpr double kInfinity = std::numeric_limits<double>::infinity();

// The restricted DP keeps every V_t when T * G is at most this many doubles (64 MB); above it,
// only every ceil(sqrt(T))-th, and recomputes the others once while the path is walked forward.
constexpr long long kStoreAllValueEntries = 1LL << 23;

// One direction of one step: the greedy way to move a given power, as a concave function of the
// energy it moves (e >= 0 stored for charge, -e >= 0 removed for discharge).
struct StepSide {
  std::vector<int> market;          // by value per MW, best first (ties: lower index)
  std::vector<double> power_cap;    // MW each market takes, after the asset's power limit
  std::vector<double> slope;        // EUR per MWh of energy moved, nonincreasing
  std::vector<double> energy;       // MWh moved by each market at its cap
  double energy_per_mw = 1.0;       // etac dt (charge) or dt / etad (discharge)
  double max_energy = 0.0;          // sum of energy
  double peak = 0.0;                // the argmax of the function: energy of the positive slopes

  // F(x) for x in [0, max_energy] (x is clipped).
  double at(double x) const {
    double total = 0.0;
    for (size_t k = 0; k < slope.size() && x > 0.0; ++k) {
      const double take = std::min(x, energy[k]);
      total += slope[k] * take;
      x -= take;
    }
    return total;
  }
  // max F over [x - w, x + w] intersected with [0, max_energy] (which must meet it): F is
  // concave, so its maximum over an interval is at its argmax clipped to the interval.
  double dilated_at(double x, double w) const {
    const double lo = std::max(0.0, x - w);
    const double hi = std::min(max_energy, x + w);
    return at(std::min(std::max(peak, lo), hi));
  }
};

struct AssetData {
  const Instance* instance = nullptr;
  const Asset* asset = nullptr;
  int num_steps = 0, num_markets = 0;
  double dt = 1.0;
  const std::vector<double>* values = nullptr;  // T * M, or null for s[m] pi[t,m] dt
  const std::atomic<bool>* interrupt = nullptr;

  // Thrown through the passes to solve_asset_dp, which turns it into an interrupted result.
  struct Interrupted {};
  void stop_if_interrupted() const {
    if (interrupt && interrupt->load(std::memory_order_relaxed)) throw Interrupted{};
  }

  double value(int t, int m) const {
    if (values) return (*values)[static_cast<size_t>(t) * num_markets + m];
    return instance->markets[m].revenue_sign() * instance->price(t, m) * dt;
  }

  // With energy_value mu != 0 the function is tilted: F(x) + mu e, e the stored-energy change
  // (e = x for charge, -x for discharge), which moves every slope by +mu or -mu (order kept).
  StepSide side(int t, Direction direction, double energy_value = 0.0) const {
    StepSide s;
    const bool up = direction == Direction::up;
    const double cost = up ? asset->cycle_cost_eur_per_mwh * dt : 0.0;
    std::vector<std::pair<double, int>> by_value;
    for (int m = 0; m < num_markets; ++m)
      if (instance->markets[m].direction == direction && asset->prequalified_mw[m] > 0.0)
        by_value.emplace_back(value(t, m) - cost, m);
    std::stable_sort(by_value.begin(), by_value.end(),
                     [](const auto& x, const auto& y) { return x.first > y.first; });
    s.energy_per_mw = up ? dt / asset->eta_discharge : asset->eta_charge * dt;
    double power_left = asset->power_mw;
    for (const auto& [v, m] : by_value) {
      const double cap = std::min(asset->prequalified_mw[m], power_left);
      if (cap <= 0.0) break;
      power_left -= cap;
      s.market.push_back(m);
      s.power_cap.push_back(cap);
      s.slope.push_back(v / s.energy_per_mw + (up ? -energy_value : energy_value));
      s.energy.push_back(cap * s.energy_per_mw);
      s.max_energy += s.energy.back();
      if (s.slope.back() > 0.0) s.peak += s.energy.back();
    }
    return s;
  }
};

// The grid soc0 + k h for k = -below .. above, indexed i = k + below.
struct Grid {
  double soc0 = 0.0, h = 1.0;
  int below = 0, above = 0;
  int size() const { return below + above + 1; }
  int origin() const { return below; }
  // Smallest index whose point is >= target - slack (slack in MWh), at least 0.
  int first_at_least(double target, double slack) const {
    const double steps = std::floor((soc0 - target + slack) / h);
    return static_cast<int>(std::max(0.0, below - std::min(steps, static_cast<double>(below))));
  }
};

// The kernel of one step on the grid, one side: restricted (R_t at d h, only where the power
// limits allow) or relaxed (the dilation by w).
KernelSide charge_kernel(const StepSide& s, double h, double w, bool relaxed) {
  const double snap = core::tol::kSocGridSnapRelative;
  KernelSide k;
  if (!relaxed) {
    const int last = static_cast<int>(std::floor(s.max_energy / h + snap));
    k.first_offset = 0;
    k.value.resize(last + 1);
    for (int d = 0; d <= last; ++d) k.value[d] = s.at(std::min(d * h, s.max_energy));
  } else {
    const int first = -static_cast<int>(std::floor(w / h));
    const int last = static_cast<int>(std::floor((s.max_energy + w) / h));
    k.first_offset = first;
    k.value.resize(last - first + 1);
    for (int d = first; d <= last; ++d) k.value[d - first] = s.dilated_at(d * h, w);
  }
  return k;
}

// Discharge side: offsets d <= 0 (soc falls by -d h), K(d) = F(-d h).
KernelSide discharge_kernel(const StepSide& s, double h, double w, bool relaxed) {
  KernelSide mirror = charge_kernel(s, h, w, relaxed);
  KernelSide k;
  const int last = mirror.first_offset + static_cast<int>(mirror.value.size()) - 1;
  k.first_offset = -last;
  k.value.assign(mirror.value.rbegin(), mirror.value.rend());
  return k;
}

int first_finite(const std::vector<double>& v) {
  for (size_t i = 0; i < v.size(); ++i)
    if (v[i] > kMinusInfinity) return static_cast<int>(i);
  return static_cast<int>(v.size());
}

// V_t from V_{t+1}: the max of the two sides' correlations.
int backward_step(const std::vector<double>& next, int next_finite_from, const KernelSide& charge,
                  const KernelSide& discharge, std::vector<double>& out) {
  out.assign(next.size(), kMinusInfinity);
  soc_grid_detail::correlate_side(next, next_finite_from, charge, out);
  soc_grid_detail::correlate_side(next, next_finite_from, discharge, out);
  return first_finite(out);
}

AssetDpResult idle_result(const AssetData& data, bool schedule) {
  AssetDpResult r;
  if (schedule) {
    r.power.assign(static_cast<size_t>(data.num_steps) * data.num_markets, 0.0);
    r.soc.assign(data.num_steps, data.asset->soc_initial_mwh);
  }
  r.upper_bound = 0.0;
  r.grid_points = 1;
  return r;
}

// Relaxed DP: a valid upper bound (docs/soc-grid-dp.md, section 3). With an energy value mu_t per
// step (any numbers: the bound is valid for every choice) the revenue is rewritten exactly as
//   sum_t [R_t(e_t) + mu_t e_t] + mu_0 soc_0 + sum_{k=1}^{T-1} (mu_k - mu_{k-1}) soc_k - mu_{T-1} soc_T,
// and each term is over-estimated separately: the tilted kernels by dilation, the state terms by
// their maximum over the states that round to the grid point. Near the optimum's marginal energy
// value the tilted kernel is flat around its argmax, so dilation gains little: this is what makes
// the bound tight (docs/soc-grid-dp.md, section 4).
double relaxed_bound(const AssetData& data, const Grid& grid, double soc_end,
                     const std::vector<double>& energy_value) {
  const double h = grid.h;
  const double snap = core::tol::kSocGridSnapRelative;
  const double soc_min = data.asset->soc_min_mwh, soc_max = data.asset->soc_max_mwh;
  const int T = data.num_steps, G = grid.size();
  auto mu = [&](int t) { return energy_value.empty() ? 0.0 : energy_value[t]; };
  // max of coefficient * s over the states s in [lower, soc_max] within h/2 of grid point i.
  auto state_term = [&](int i, double coefficient, double lower) {
    const double g = grid.soc0 + (i - grid.origin()) * h;
    const double half = 0.5 * h * (1.0 + snap);
    const double s = coefficient >= 0.0 ? std::min(soc_max, g + half) : std::max(lower, g - half);
    return coefficient * s;
  };
  double magnitude = 1.0;  // 1 + sum over steps of the largest |term| added
  std::vector<double> next(G, kMinusInfinity), current;
  int finite_from = grid.first_at_least(soc_end, 0.5 * h + snap * h);
  double largest = 0.0;
  for (int i = finite_from; i < G; ++i) {
    next[i] = state_term(i, -mu(T - 1), soc_end);
    largest = std::max(largest, std::abs(next[i]));
  }
  magnitude += largest;
  for (int t = T - 1; t >= 0; --t) {
    data.stop_if_interrupted();
    // soc0 is a grid point, so after the first step the rounding error is h/2, not h.
    const double w = (t == 0 ? 0.5 * h : h) * (1.0 + snap);
    const KernelSide charge = charge_kernel(data.side(t, Direction::down, mu(t)), h, w, true);
    const KernelSide discharge = discharge_kernel(data.side(t, Direction::up, mu(t)), h, w, true);
    largest = 0.0;
    for (double v : charge.value) largest = std::max(largest, std::abs(v));
    for (double v : discharge.value) largest = std::max(largest, std::abs(v));
    finite_from = backward_step(next, finite_from, charge, discharge, current);
    next.swap(current);
    if (t >= 1 && mu(t) != mu(t - 1)) {
      const double coefficient = mu(t) - mu(t - 1);
      for (int i = finite_from; i < G; ++i) {
        const double term = state_term(i, coefficient, soc_min);
        next[i] += term;
        largest = std::max(largest, std::abs(term));
      }
    }
    magnitude += largest;
  }
  const double value = next[grid.origin()];
  if (!(value > kMinusInfinity)) throw std::logic_error("soc grid DP: relaxed DP found no path");
  const double constant = mu(0) * grid.soc0;
  magnitude += std::abs(constant);
  return value + constant + core::tol::kSocGridBoundSafetyRelative * magnitude;
}

// Moves `amount` MW greedily into the side's markets (best value first) at step t.
void spread(const StepSide& s, double amount, int t, int num_markets, std::vector<double>& power) {
  for (size_t k = 0; k < s.market.size() && amount > 0.0; ++k) {
    const double p = std::min(amount, s.power_cap[k]);
    power[static_cast<size_t>(t) * num_markets + s.market[k]] = p;
    amount -= p;
  }
}

// Restricted DP and the forward walk that recovers the schedule.
// The slope of a value function at grid point i: central where both neighbours are finite,
// one-sided at the ends, `fallback` where neither is.
double slope_at(const std::vector<double>& value, int finite_from, int i, double h, double fallback) {
  const int size = static_cast<int>(value.size());
  const bool left = i - 1 >= finite_from, right = i + 1 < size;
  if (left && right) return (value[i + 1] - value[i - 1]) / (2.0 * h);
  if (right) return (value[i + 1] - value[i]) / h;
  if (left) return (value[i] - value[i - 1]) / h;
  return fallback;
}

// Also fills energy_value[t], the slope of V_{t+1} at the path's state after step t (EUR/MWh):
// the marginal value of stored energy, used to tilt the relaxed DP.
void restricted_schedule(const AssetData& data, const Grid& grid, double soc_end, AssetDpResult& r,
                         std::vector<double>& energy_value) {
  const int T = data.num_steps, M = data.num_markets, G = grid.size();
  const double h = grid.h;
  const double snap = core::tol::kSocGridSnapRelative;
  const int stride = static_cast<long long>(T) * G <= kStoreAllValueEntries
                         ? 1
                         : static_cast<int>(std::ceil(std::sqrt(static_cast<double>(T))));
  auto kernels = [&](int t) {
    return std::make_pair(charge_kernel(data.side(t, Direction::down), h, 0.0, false),
                          discharge_kernel(data.side(t, Direction::up), h, 0.0, false));
  };
  std::vector<std::vector<double>> stored(T + 1);
  std::vector<int> stored_finite(T + 1, G);
  std::vector<double> next(G, kMinusInfinity), current;
  int finite_from = grid.first_at_least(soc_end, snap * h);
  std::fill(next.begin() + finite_from, next.end(), 0.0);
  stored[T] = next;
  stored_finite[T] = finite_from;
  for (int t = T - 1; t >= 0; --t) {
    data.stop_if_interrupted();
    const auto [charge, discharge] = kernels(t);
    finite_from = backward_step(next, finite_from, charge, discharge, current);
    next.swap(current);
    if (t % stride == 0) {
      stored[t] = next;
      stored_finite[t] = finite_from;
    }
  }
  if (!(next[grid.origin()] > kMinusInfinity))
    throw std::logic_error("soc grid DP: restricted DP found no path although idle is feasible");

  r.power.assign(static_cast<size_t>(T) * M, 0.0);
  r.soc.assign(T, 0.0);
  energy_value.assign(T, 0.0);
  const double etac = data.asset->eta_charge, etad = data.asset->eta_discharge;
  int state = grid.origin();
  double soc = data.asset->soc_initial_mwh;
  for (int c = 0; c < T; c += stride) {
    const int c_end = std::min(c + stride, T);
    // V_{c+1} .. V_{c_end}: the last is stored, the others are recomputed from it.
    std::vector<std::vector<double>> segment(c_end - c);
    std::vector<int> segment_finite(c_end - c);
    segment.back() = stored[c_end];
    segment_finite.back() = stored_finite[c_end];
    for (int t = c_end - 1; t >= c + 1; --t) {
      data.stop_if_interrupted();
      const auto [charge, discharge] = kernels(t);
      segment_finite[t - c - 1] = backward_step(segment[t - c], segment_finite[t - c], charge,
                                                discharge, segment[t - c - 1]);
    }
    for (int t = c; t < c_end; ++t) {
      const std::vector<double>& value = segment[t - c];
      const int from = segment_finite[t - c];
      const StepSide down = data.side(t, Direction::down), up = data.side(t, Direction::up);
      const auto [charge, discharge] = kernels(t);
      double best = kMinusInfinity;
      int best_offset = 0;
      // Offsets by increasing |d| (charge first at equal |d|): among equal values the smallest
      // move wins, which keeps the schedule quiet where revenue does not care.
      const int charge_last = charge.first_offset + static_cast<int>(charge.value.size()) - 1;
      const int discharge_first = discharge.first_offset;
      for (int step = 0; step <= std::max(charge_last, -discharge_first); ++step) {
        for (int d : {step, -step}) {
          if (step == 0 && d < 0) continue;
          const KernelSide& k = d >= 0 ? charge : discharge;
          const int index = d - k.first_offset;
          if (index < 0 || index >= static_cast<int>(k.value.size())) continue;
          const int j = state + d;
          if (j < from || j >= G) continue;
          const double candidate = k.value[index] + value[j];
          if (candidate > best) {
            best = candidate;
            best_offset = d;
          }
        }
      }
      if (!(best > kMinusInfinity)) throw std::logic_error("soc grid DP: path recovery failed");
      if (best_offset > 0) {
        const double energy = std::min(best_offset * h, down.max_energy);
        spread(down, energy / down.energy_per_mw, t, M, r.power);
      } else if (best_offset < 0) {
        const double energy = std::min(-best_offset * h, up.max_energy);
        spread(up, energy / up.energy_per_mw, t, M, r.power);
      }
      state += best_offset;
      energy_value[t] = slope_at(value, from, state, h, t > 0 ? energy_value[t - 1] : 0.0);
      double charged = 0.0, discharged = 0.0;
      for (int m = 0; m < M; ++m) {
        const double p = r.power[static_cast<size_t>(t) * M + m];
        (data.instance->markets[m].direction == Direction::up ? discharged : charged) += p;
      }
      soc += data.dt * (etac * charged - discharged / etad);
      r.soc[t] = soc;
    }
  }
  double revenue = 0.0;
  for (int t = 0; t < T; ++t)
    for (int m = 0; m < M; ++m) {
      const double p = r.power[static_cast<size_t>(t) * M + m];
      if (p == 0.0) continue;
      double v = data.value(t, m);
      if (data.instance->markets[m].direction == Direction::up)
        v -= data.asset->cycle_cost_eur_per_mwh * data.dt;
      revenue += v * p;
    }
  r.revenue = revenue;
}

}  // namespace

AssetDpResult solve_asset_dp(const Instance& instance, int asset, const SocGridOptions& options,
                             const std::vector<double>* values_per_mw) {
  const core::Timer clock;
  if (asset < 0 || asset >= instance.num_assets())
    throw std::invalid_argument("soc grid DP: no asset " + std::to_string(asset));
  if (options.grid_intervals < 1)
    throw std::invalid_argument("soc grid DP: grid_intervals must be at least 1");
  AssetData data;
  data.instance = &instance;
  data.asset = &instance.assets[asset];
  data.num_steps = instance.num_steps();
  data.num_markets = instance.num_markets();
  data.dt = instance.step_hours;
  data.interrupt = options.interrupt;
  if (values_per_mw) {
    if (values_per_mw->size() != static_cast<size_t>(data.num_steps) * data.num_markets)
      throw std::invalid_argument("soc grid DP: values_per_mw must have T * M entries");
    data.values = values_per_mw;
  }
  const Asset& a = *data.asset;
  const double soc0 = a.soc_initial_mwh, soc_min = a.soc_min_mwh, soc_max = a.soc_max_mwh;
  const double soc_end = std::max(soc_min, a.soc_final_min_mwh);
  if (!(soc_min <= soc0 && soc0 <= soc_max && soc0 >= soc_end))
    throw std::invalid_argument("soc grid DP: asset '" + a.name +
                                "' is infeasible (initial state of charge outside the bounds or "
                                "below the final minimum)");

  bool has_market = false;
  for (double q : a.prequalified_mw) has_market = has_market || q > 0.0;
  const double range = soc_max - soc_min;
  // No market, no power or no room: every step's net energy is 0, so every p is 0 (u is binary:
  // a step cannot charge and discharge at once) and the optimum is exactly 0.
  if (!has_market || !(a.power_mw > 0.0) || !(range > 0.0)) {
    AssetDpResult r = idle_result(data, options.schedule);
    r.grid_intervals = options.grid_intervals;
    if (!options.upper_bound) r.upper_bound = kInfinity;
    r.seconds = clock.seconds();
    return r;
  }

  // h: soc0 is a grid point; so is socmin when the grid can reach it in a whole number of steps
  // close to the requested density.
  const int n = options.grid_intervals;
  const long long below_steps = std::llround(n * (soc0 - soc_min) / range);
  const double h = below_steps >= 1 ? (soc0 - soc_min) / static_cast<double>(below_steps) : range / n;
  const double snap = core::tol::kSocGridSnapRelative;
  auto count = [&](double distance, double extra) {
    return static_cast<int>(std::floor(distance / h + extra + snap));
  };
  Grid restricted{soc0, h, count(soc0 - soc_min, 0.0), count(soc_max - soc0, 0.0)};
  Grid relaxed{soc0, h, count(soc0 - soc_min, 0.5), count(soc_max - soc0, 0.5)};

  AssetDpResult r;
  r.grid_intervals = n;
  r.grid_points = relaxed.size();
  // The restricted DP runs first: its path gives the energy values that tilt the relaxed one.
  // Without a schedule wanted, a coarse restricted DP (an eighth of the points) supplies them.
  std::vector<double> energy_value;
  try {
    if (options.schedule) {
      restricted_schedule(data, restricted, soc_end, r, energy_value);
    } else if (options.upper_bound && options.energy_values == nullptr) {
      SocGridOptions coarse;
      coarse.grid_intervals = std::max(1, n / 8);
      coarse.upper_bound = false;
      AssetDpResult ignored;
      const long long k = std::llround(coarse.grid_intervals * (soc0 - soc_min) / range);
      const double coarse_h = k >= 1 ? (soc0 - soc_min) / static_cast<double>(k) : range / coarse.grid_intervals;
      const Grid coarse_grid{soc0, coarse_h, static_cast<int>(std::floor((soc0 - soc_min) / coarse_h + snap)),
                             static_cast<int>(std::floor((soc_max - soc0) / coarse_h + snap))};
      restricted_schedule(data, coarse_grid, soc_end, ignored, energy_value);
    }
    if (options.energy_values != nullptr) {
      if (static_cast<int>(options.energy_values->size()) != data.num_steps)
        throw std::invalid_argument("soc grid DP: energy_values needs one value per step");
      energy_value = *options.energy_values;
    }
    r.upper_bound = options.upper_bound ? relaxed_bound(data, relaxed, soc_end, energy_value) : kInfinity;
  } catch (const AssetData::Interrupted&) {
    r.power.clear();
    r.soc.clear();
    r.revenue = 0.0;
    r.upper_bound = kInfinity;
    r.interrupted = true;
  }
  r.seconds = clock.seconds();
  return r;
}

AssetDpResult solve_asset_dp_to_gap(const Instance& instance, int asset, double rel_gap,
                                    double time_limit_seconds, int max_grid_intervals,
                                    const std::vector<double>* values_per_mw,
                                    const std::atomic<bool>* interrupt) {
  DpRefinementOptions options;
  options.rel_gap = rel_gap;
  options.time_limit_seconds = time_limit_seconds;
  options.max_grid_intervals = max_grid_intervals;
  options.values_per_mw = values_per_mw;
  options.interrupt = interrupt;
  return solve_asset_dp_to_gap(instance, asset, options);
}

AssetDpResult solve_asset_dp_to_gap(const Instance& instance, int asset, const DpRefinementOptions& refinement) {
  const core::Timer clock;
  if (refinement.max_grid_intervals < 1)
    throw std::invalid_argument("soc grid DP: max_grid_intervals must be at least 1");
  if (refinement.first_grid_intervals < 1)
    throw std::invalid_argument("soc grid DP: first_grid_intervals must be at least 1");
  SocGridOptions options;
  options.grid_intervals = std::min(refinement.first_grid_intervals, refinement.max_grid_intervals);
  options.interrupt = refinement.interrupt;
  options.energy_values = refinement.energy_values;
  AssetDpResult best;
  bool have = false;
  double least_bound = kInfinity;
  double best_known = refinement.known_revenue;
  for (;;) {
    AssetDpResult round = solve_asset_dp(instance, asset, options, refinement.values_per_mw);
    if (round.interrupted) {
      if (!have) best = std::move(round);
      break;
    }
    const double last_seconds = round.seconds;
    least_bound = std::min(least_bound, round.upper_bound);
    if (refinement.improve) best_known = std::max(best_known, refinement.improve(round));
    if (!have || round.revenue > best.revenue) {
      best = std::move(round);
      have = true;
    } else {
      best.grid_points = round.grid_points;
      best.grid_intervals = round.grid_intervals;
    }
    best_known = std::max(best_known, best.revenue);
    if (least_bound - best_known <= refinement.rel_gap * std::max(1.0, std::abs(best_known))) break;
    if (options.grid_intervals >= refinement.max_grid_intervals) break;
    if (refinement.interrupt != nullptr && refinement.interrupt->load()) break;
    const int next = static_cast<int>(
        std::min<long long>(4LL * options.grid_intervals, refinement.max_grid_intervals));
    // The DP costs O(T G log G): predict the next round from this one, with a log factor margin.
    const double predicted = last_seconds * (static_cast<double>(next) / options.grid_intervals) * 1.25;
    if (clock.seconds() + predicted > refinement.time_limit_seconds) break;
    options.grid_intervals = next;
  }
  best.upper_bound = least_bound;
  best.seconds = clock.seconds();
  return best;
}

void place_asset_schedule(const AssetDpResult& dp, int asset, FleetSolution& fleet) {
  const int T = fleet.num_steps, M = fleet.num_markets;
  if (dp.power.size() != static_cast<size_t>(T) * M || dp.soc.size() != static_cast<size_t>(T))
    throw std::invalid_argument("place_asset_schedule: the DP result has no schedule of the fleet's shape");
  for (int t = 0; t < T; ++t) {
    fleet.state(asset, t) = dp.soc[t];
    for (int m = 0; m < M; ++m) {
      fleet.p(asset, t, m) = dp.power[static_cast<size_t>(t) * M + m];
      fleet.x(t, m) += dp.power[static_cast<size_t>(t) * M + m];
    }
  }
}

}  // namespace fleetopt::fleet
