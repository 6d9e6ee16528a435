// Scaling in assets and in steps (Google Benchmark): the LP relaxation (our dual simplex, cold, hull
// formulation) and the whole solve (fleetopt's branch-and-bound through solve_fleet, 1e-4 gap, one
// thread) on generated fleets (generator seed 0, 4 markets, hourly steps, docs/instances.md):
//   * assets 1, 2, 5, 10, 20, 50, 100 at 96 steps;
//   * steps 24, 96, 336, 720, 2160 for one asset.
// Counters: the model's rows, the simplex iterations (LP) or nodes and LP iterations (solve), and
// the objective, so a run's JSON says what was solved as well as how fast. The table in
// bench/README.md comes from:
//   build/bench/bench_scaling --benchmark_out=scaling.json --benchmark_out_format=json
//   python3 bench/gbench_table.py scaling.json
// The experiment runner (docs/experiments.md, experiments/scaling-*.toml) measures the same
// growth against HiGHS with every answer checked; this program is for quick, repeated timing.
#include <benchmark/benchmark.h>

#include "fleetopt/fleet/fleet_solver.hpp"
#include "fleetopt/fleet/formulation.hpp"
#include "fleetopt/fleet/generator.hpp"
#include "fleetopt/lp/lp_solver.hpp"

using namespace fleetopt;

namespace {

fleet::Instance fleet_of(int assets, int steps) {
  fleet::GeneratorOptions g;
  g.assets = assets;
  g.markets = 4;
  g.steps = steps;
  g.seed = 0;
  return fleet::generate_instance(g);
}

void lp_relaxation(benchmark::State& state) {
  const fleet::FleetModel fm = fleet::build_model(fleet_of(static_cast<int>(state.range(0)), static_cast<int>(state.range(1))));
  lp::LpResult result;
  for (auto _ : state) {
    result = lp::solve_lp(fm.model, {});
    benchmark::DoNotOptimize(result.objective);
  }
  if (result.status != lp::LpStatus::optimal) state.SkipWithError("the LP relaxation was not solved to optimality");
  state.counters["rows"] = fm.model.num_rows();
  state.counters["lp_iterations"] = static_cast<double>(result.iterations);
  state.counters["objective"] = result.objective;
}

void branch_and_bound(benchmark::State& state) {
  const fleet::Instance instance = fleet_of(static_cast<int>(state.range(0)), static_cast<int>(state.range(1)));
  fleet::FleetSolveOptions options;
  options.threads = 1;
  fleet::FleetSolveOutcome outcome;
  for (auto _ : state) {
    outcome = fleet::solve_fleet(instance, options);
    benchmark::DoNotOptimize(outcome.summary.objective);
  }
  if (outcome.summary.status != fleet::SolveStatus::optimal) state.SkipWithError("not solved to optimality");
  state.counters["nodes"] = static_cast<double>(outcome.summary.nodes);
  state.counters["lp_iterations"] = static_cast<double>(outcome.summary.lp_iterations);
  state.counters["objective"] = outcome.summary.objective.value_or(0.0);
}

void scaling_shapes(benchmark::internal::Benchmark* b) {
  for (int assets : {1, 2, 5, 10, 20, 50, 100}) b->Args({assets, 96});
  for (int steps : {24, 336, 720, 2160}) b->Args({1, steps});
  b->ArgNames({"assets", "steps"})->Unit(benchmark::kMillisecond);
}

}  // namespace

BENCHMARK(lp_relaxation)->Apply(scaling_shapes);
BENCHMARK(branch_and_bound)->Apply(scaling_shapes)->Iterations(1);

BENCHMARK_MAIN();
