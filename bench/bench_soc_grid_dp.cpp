// State-of-charge grid DP timings (Google Benchmark, fleet/soc_grid_dp.hpp): one asset, 4 markets,
// generator seed 0 (docs/model.md section 5), T = 96 and 8,760 steps, 2,000 / 8,000 / 32,000 grid
// intervals; the full solve (upper bound and schedule) and each half alone. Counters: the
// relative gap (upper - revenue) / max(1, |revenue|), the revenue, the bound and the grid size.
// Run: build/bench/bench_soc_grid_dp [--benchmark_filter=Full]
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cmath>
#include <map>

#include "fleetopt/fleet/generator.hpp"
#include "fleetopt/fleet/soc_grid_dp.hpp"

using namespace fleetopt;

namespace {

const fleet::Instance& instance_with_steps(int steps) {
  static std::map<int, fleet::Instance> cache;
  auto it = cache.find(steps);
  if (it == cache.end()) {
    fleet::GeneratorOptions g;
    g.assets = 1;
    g.markets = 4;
    g.steps = steps;
    g.seed = 0;
    it = cache.emplace(steps, fleet::generate_instance(g)).first;
  }
  return it->second;
}

// Arguments: steps, grid intervals, which (0 = full, 1 = upper bound only, 2 = schedule only).
void BM_SocGridDp(benchmark::State& state) {
  const fleet::Instance& in = instance_with_steps(static_cast<int>(state.range(0)));
  fleet::SocGridOptions o;
  o.grid_intervals = static_cast<int>(state.range(1));
  o.upper_bound = state.range(2) != 2;
  o.schedule = state.range(2) != 1;
  fleet::AssetDpResult r;
  for (auto _ : state) {
    r = fleet::solve_asset_dp(in, 0, o);
    benchmark::DoNotOptimize(r.revenue);
  }
  state.counters["grid_points"] = r.grid_points;
  if (state.range(2) == 0) {
    state.counters["revenue"] = r.revenue;
    state.counters["upper"] = r.upper_bound;
    state.counters["rel_gap"] = (r.upper_bound - r.revenue) / std::max(1.0, std::abs(r.revenue));
  }
}

void arguments(benchmark::internal::Benchmark* b) {
  for (int steps : {96, 8760})
    for (int intervals : {2000, 8000, 32000})
      for (int which : {0, 1, 2}) b->Args({steps, intervals, which});
}

}  // namespace

BENCHMARK(BM_SocGridDp)->Apply(arguments)->Unit(benchmark::kMillisecond)->ArgNames({"T", "N", "part"});

BENCHMARK_MAIN();
