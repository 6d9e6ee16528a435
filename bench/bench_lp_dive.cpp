// Warm LP re-solves as branch-and-bound makes them (Google Benchmark, lp/lp_solver.hpp): a dive of
// 200 binary bound changes on a generated fleet (generator seed 1, 4 markets, 96 steps; 1, 10 and
// 100 assets; tight and hull formulations, docs/model.md and docs/fleet-structure.md). From the
// cold optimum, each step fixes one binary and re-solves warm:
//   * the most fractional binary, to its nearer bound (the dive of a diving heuristic);
//   * with none fractional left, the next free binary in a fixed pseudo-random order, to the bound
//     it is NOT at (the "other child" a depth-first search visits), which forces real pivots;
//   * a fix that makes the LP infeasible is undone by fixing the binary the other way (a second
//     bound change, timed like the first).
// Counters: median and mean milliseconds per re-solve, mean simplex iterations per re-solve, and
// the cold solve's time for scale. The targets (bench/README.md): at most 2 ms median per
// node on 100 x 96 x 4 and 0.5 ms on 10 x 96 x 4.
// Run: build/bench/bench_lp_dive [--benchmark_filter=hull]
#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <numeric>
#include <vector>

#include "fleetopt/fleet/formulation.hpp"
#include "fleetopt/fleet/generator.hpp"
#include "fleetopt/lp/lp_solver.hpp"

using namespace fleetopt;

namespace {

constexpr int kBoundChanges = 200;
// A binary is fractional when its LP value is this far from both 0 and 1 (the MIP layer's
// integrality tolerance is 1e-6; a looser one here only steers the dive).
constexpr double kFractional = 1e-6;

struct DiveStats {
  std::vector<double> seconds;  // per re-solve
  long long iterations = 0;
  double cold_seconds = 0.0;
};

DiveStats dive(const core::Model& model) {
  lp::LpSolver solver(model);
  DiveStats stats;
  const auto cold_start = std::chrono::steady_clock::now();
  if (solver.solve() != lp::LpStatus::optimal) return stats;
  stats.cold_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - cold_start).count();

  std::vector<int> binaries;
  for (int j = 0; j < model.num_cols(); ++j)
    if (model.is_integer[j] && model.col_lower[j] == 0.0 && model.col_upper[j] == 1.0) binaries.push_back(j);
  // A fixed pseudo-random order (64-bit LCG, Knuth's MMIX constants): a shuffle that is the same
  // on every machine, unlike std::shuffle's.
  std::uint64_t state = 1;
  for (size_t i = binaries.size(); i > 1; --i) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    std::swap(binaries[i - 1], binaries[(state >> 33) % i]);
  }
  std::vector<char> fixed(model.num_cols(), 0);
  size_t next_in_order = 0;

  auto resolve = [&](int j, double value) {
    solver.set_col_bounds(j, value, value);
    const auto start = std::chrono::steady_clock::now();
    const lp::LpStatus status = solver.solve();
    stats.seconds.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    stats.iterations += solver.result().iterations;
    return status;
  };

  while (static_cast<int>(stats.seconds.size()) < kBoundChanges) {
    const std::vector<double>& x = solver.result().x;
    int pick = -1;
    double most = kFractional;
    for (int j : binaries) {
      if (fixed[j]) continue;
      const double f = std::min(x[j], 1.0 - x[j]);
      if (f > most) {
        most = f;
        pick = j;
      }
    }
    double value = 0.0;
    if (pick >= 0) {
      value = x[pick] < 0.5 ? 0.0 : 1.0;
    } else {
      while (next_in_order < binaries.size() && fixed[binaries[next_in_order]]) ++next_in_order;
      if (next_in_order == binaries.size()) break;
      pick = binaries[next_in_order];
      value = x[pick] < 0.5 ? 1.0 : 0.0;
    }
    fixed[pick] = 1;
    lp::LpStatus status = resolve(pick, value);
    if (status == lp::LpStatus::infeasible) status = resolve(pick, 1.0 - value);
    if (status != lp::LpStatus::optimal) break;  // both ways infeasible cannot happen from an optimum
  }
  return stats;
}

// Arguments: assets, formulation (0 tight, 1 hull).
void BM_LpDive(benchmark::State& state) {
  fleet::GeneratorOptions g;
  g.assets = static_cast<int>(state.range(0));
  g.markets = 4;
  g.steps = 96;
  g.seed = 1;
  const fleet::Instance instance = fleet::generate_instance(g);
  const fleet::Formulation formulation = state.range(1) == 0 ? fleet::Formulation::tight : fleet::Formulation::hull;
  const fleet::FleetModel fm = fleet::build_model(instance, formulation);
  DiveStats stats;
  for (auto _ : state) {
    stats = dive(fm.model);
    state.SetIterationTime(std::accumulate(stats.seconds.begin(), stats.seconds.end(), 0.0));
  }
  if (stats.seconds.empty()) {
    state.SkipWithError("the cold solve or the first re-solve was not optimal");
    return;
  }
  std::vector<double> sorted = stats.seconds;
  std::sort(sorted.begin(), sorted.end());
  const size_t k = sorted.size();
  const double median = k % 2 ? sorted[k / 2] : 0.5 * (sorted[k / 2 - 1] + sorted[k / 2]);
  state.counters["rows"] = fm.model.num_rows();
  state.counters["resolves"] = static_cast<double>(k);
  state.counters["median_ms"] = 1e3 * median;
  state.counters["mean_ms"] = 1e3 * std::accumulate(sorted.begin(), sorted.end(), 0.0) / k;
  state.counters["iters_per_resolve"] = static_cast<double>(stats.iterations) / k;
  state.counters["cold_ms"] = 1e3 * stats.cold_seconds;
}

}  // namespace

BENCHMARK(BM_LpDive)
    ->ArgsProduct({{1, 10, 100}, {0, 1}})
    ->ArgNames({"assets", "hull"})
    ->UseManualTime()
    ->Iterations(1)
    ->Unit(benchmark::kMillisecond);

BENCHMARK_MAIN();
