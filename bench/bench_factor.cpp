// Basis factorization timings (Google Benchmark): KLU factorize (with and without reusing the
// symbolic analysis), FTRAN/BTRAN with a unit and a dense right-hand side, and a product-form
// update, on three bases (benchmark argument case = 0, 1, 2):
//   synthetic: m = 50,000 rows, 80% logicals, structural columns with one large "home" entry and
//              up to 3 small ones (nonsingular, a few nontrivial BTF blocks);
//   fleet:     the LP of a generated fleet (100 assets x 96 steps x 4 markets), basis from a
//              triangular crash (structural columns accepted while all their rows are uncovered);
//   walked:    the fleet basis after 3000 simplex-like basis changes (see walked_case).
// Run: build/bench/bench_factor [--benchmark_filter=Ftran]
#include <benchmark/benchmark.h>

#include <algorithm>
#include <memory>
#include <random>
#include <vector>

#include "fleetopt/fleet/formulation.hpp"
#include "fleetopt/fleet/generator.hpp"
#include "fleetopt/lp/klu_factor.hpp"

using namespace fleetopt;

namespace {

struct BasisCase {
  core::SparseMatrix a;
  std::vector<int> basis;
};

BasisCase synthetic_case() {
  const int m = 50000;
  const int n = 2 * m;
  std::mt19937 rng(12345);
  std::uniform_real_distribution<double> big(2.0, 4.0), small(-0.5, 0.5);
  std::uniform_int_distribution<int> row(0, m - 1), extra(0, 3);
  BasisCase c;
  c.a.num_rows = m;
  c.a.num_cols = n;
  for (int j = 0; j < n; ++j) {
    std::vector<std::pair<int, double>> entries{{j % m, big(rng)}};
    for (int e = extra(rng); e > 0; --e) {
      const int i = row(rng);
      if (i != j % m) entries.emplace_back(i, small(rng));
    }
    std::sort(entries.begin(), entries.end());
    entries.erase(std::unique(entries.begin(), entries.end(),
                              [](auto& x, auto& y) { return x.first == y.first; }),
                  entries.end());
    for (auto& [i, v] : entries) {
      c.a.row_index.push_back(i);
      c.a.value.push_back(v);
    }
    c.a.col_start.push_back(static_cast<int>(c.a.row_index.size()));
  }
  // 20% structural: distinct home rows, so the basis is nonsingular.
  std::vector<int> rows(m);
  for (int i = 0; i < m; ++i) rows[i] = i;
  std::shuffle(rows.begin(), rows.end(), rng);
  c.basis.resize(m);
  for (int i = 0; i < m; ++i) c.basis[i] = n + i;
  for (int k = 0; k < m / 5; ++k) c.basis[rows[k]] = rows[k] + (k % 2 ? m : 0);
  return c;
}

BasisCase fleet_case() {
  fleet::GeneratorOptions options;
  options.assets = 100;
  options.markets = 4;
  options.steps = 96;
  options.seed = 1;
  options.heterogeneous = true;
  const fleet::FleetModel fm = fleet::build_model(fleet::generate_instance(options));
  BasisCase c;
  c.a = fm.model.matrix;
  const int m = c.a.num_rows;
  const int n = c.a.num_cols;
  std::vector<char> covered(m, 0);
  c.basis.assign(m, -1);
  std::vector<int> order(n);
  for (int j = 0; j < n; ++j) order[j] = j;
  std::shuffle(order.begin(), order.end(), std::mt19937(7));
  for (int j : order) {
    bool all_free = c.a.col_start[j] < c.a.col_start[j + 1];
    int pivot_row = -1;
    double pivot = 0.0;
    for (int p = c.a.col_start[j]; p < c.a.col_start[j + 1] && all_free; ++p) {
      all_free = !covered[c.a.row_index[p]];
      if (std::abs(c.a.value[p]) > pivot) {
        pivot = std::abs(c.a.value[p]);
        pivot_row = c.a.row_index[p];
      }
    }
    if (!all_free) continue;
    covered[pivot_row] = 1;
    c.basis[pivot_row] = j;
  }
  for (int i = 0; i < m; ++i)
    if (c.basis[i] < 0) c.basis[i] = n + i;
  return c;
}

// The fleet crash basis is triangular (every block 1 x 1). Walking 3000 simplex-like steps away
// from it (random entering column, largest |alpha| leaves) couples columns into kernel blocks,
// closer to what the simplex factorizes mid-solve.
BasisCase walked_case(BasisCase c, int steps) {
  lp::KluBasisFactor f;
  f.factorize(c.a, c.basis);
  const int m = c.a.num_rows;
  std::vector<char> is_basic(c.a.num_cols + m, 0);
  for (int j : c.basis) is_basic[j] = 1;
  std::mt19937 rng(11);
  std::uniform_int_distribution<int> col(0, c.a.num_cols - 1);
  lp::IndexedVector alpha(m);
  for (int step = 0; step < steps; ++step) {
    const int q = col(rng);
    if (is_basic[q]) continue;
    alpha.clear();
    for (int p = c.a.col_start[q]; p < c.a.col_start[q + 1]; ++p)
      alpha.set(c.a.row_index[p], c.a.value[p]);
    f.ftran(alpha);
    int position = -1;
    double best = 0.0;
    for (int i = 0; i < m; ++i)
      if (std::abs(alpha[i]) > best) {
        best = std::abs(alpha[i]);
        position = i;
      }
    if (position < 0 || !f.update(position, alpha)) continue;
    is_basic[c.basis[position]] = 0;
    is_basic[q] = 1;
    c.basis[position] = q;
    if (f.wants_refactor()) f.factorize(c.a, c.basis);
  }
  return c;
}

const BasisCase& get_case(int which) {
  static const BasisCase synthetic = synthetic_case();
  static const BasisCase fleet_basis = fleet_case();
  if (which == 0) return synthetic;
  if (which == 1) return fleet_basis;
  static const BasisCase walked = walked_case(fleet_basis, 3000);
  return walked;
}

void report_shape(benchmark::State& state, const lp::KluBasisFactor& f) {
  state.counters["m"] = f.stats().dimension;
  state.counters["blocks"] = f.stats().num_blocks;
  state.counters["largest_block"] = f.stats().largest_block;
  state.counters["nnz_LU"] = static_cast<double>(f.stats().lu_nonzeros);
  state.counters["nnz_F"] = static_cast<double>(f.stats().off_diagonal_nonzeros);
}

void BM_Factorize(benchmark::State& state) {
  const BasisCase& c = get_case(static_cast<int>(state.range(0)));
  for (auto _ : state) {
    lp::KluBasisFactor f;  // fresh: analyze + factor
    std::vector<int> basis = c.basis;
    benchmark::DoNotOptimize(f.factorize(c.a, basis));
  }
}

void BM_Refactorize(benchmark::State& state) {
  const BasisCase& c = get_case(static_cast<int>(state.range(0)));
  lp::KluBasisFactor f;
  std::vector<int> basis = c.basis;
  f.factorize(c.a, basis);
  for (auto _ : state) benchmark::DoNotOptimize(f.factorize(c.a, basis));  // symbolic reused
  report_shape(state, f);
}

template <bool kTranspose, bool kDense>
void BM_Solve(benchmark::State& state) {
  const BasisCase& c = get_case(static_cast<int>(state.range(0)));
  lp::KluBasisFactor f;
  std::vector<int> basis = c.basis;
  f.factorize(c.a, basis);
  const int m = c.a.num_rows;
  lp::IndexedVector v(m);
  std::mt19937 rng(3);
  std::uniform_int_distribution<int> row(0, m - 1);
  std::uniform_real_distribution<double> u(-1.0, 1.0);
  double result_nonzeros = 0;
  for (auto _ : state) {
    state.PauseTiming();
    v.clear();
    if (kDense) {
      for (int i = 0; i < m; ++i) v.values()[i] = u(rng);
      v.mark_dense();
    } else {
      v.set(row(rng), 1.0);
    }
    state.ResumeTiming();
    if (kTranspose) {
      f.btran(v);
    } else {
      f.ftran(v);
    }
    result_nonzeros += v.count();
  }
  state.counters["result_nnz"] =
      benchmark::Counter(result_nonzeros, benchmark::Counter::kAvgIterations);
}

// One simplex-like step: FTRAN of a nonbasic column, then the eta update; refactorize (timed)
// when the factor asks. The per-iteration time is the amortised cost of an update.
void BM_FtranAndUpdate(benchmark::State& state) {
  const BasisCase& c = get_case(static_cast<int>(state.range(0)));
  lp::KluBasisFactor f;
  std::vector<int> basis = c.basis;
  f.factorize(c.a, basis);
  const int m = c.a.num_rows;
  std::vector<char> is_basic(c.a.num_cols + m, 0);
  for (int j : basis) is_basic[j] = 1;
  std::mt19937 rng(5);
  std::uniform_int_distribution<int> col(0, c.a.num_cols - 1);
  lp::IndexedVector alpha(m);
  for (auto _ : state) {
    int q;
    do q = col(rng); while (is_basic[q] || c.a.col_start[q] == c.a.col_start[q + 1]);
    alpha.clear();
    for (int p = c.a.col_start[q]; p < c.a.col_start[q + 1]; ++p)
      alpha.set(c.a.row_index[p], c.a.value[p]);
    f.ftran(alpha);
    int position = -1;
    double best = 0.0;
    const auto consider = [&](int i) {
      if (std::abs(alpha[i]) > best) {
        best = std::abs(alpha[i]);
        position = i;
      }
    };
    if (alpha.is_sparse()) {
      for (int i : alpha.indices()) consider(i);
    } else {
      for (int i = 0; i < m; ++i) consider(i);
    }
    if (position < 0 || !f.update(position, alpha)) continue;
    is_basic[basis[position]] = 0;
    is_basic[q] = 1;
    basis[position] = q;
    if (f.wants_refactor()) f.factorize(c.a, basis);
  }
}

}  // namespace

BENCHMARK(BM_Factorize)->Arg(0)->Arg(1)->Arg(2)->ArgName("case")->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Refactorize)->Arg(0)->Arg(1)->Arg(2)->ArgName("case")->Unit(benchmark::kMillisecond);
BENCHMARK_TEMPLATE(BM_Solve, false, false)->Name("BM_FtranUnit")->Arg(0)->Arg(1)->Arg(2)->ArgName("case")
    ->Unit(benchmark::kMicrosecond);
BENCHMARK_TEMPLATE(BM_Solve, false, true)->Name("BM_FtranDense")->Arg(0)->Arg(1)->Arg(2)->ArgName("case")
    ->Unit(benchmark::kMicrosecond);
BENCHMARK_TEMPLATE(BM_Solve, true, false)->Name("BM_BtranUnit")->Arg(0)->Arg(1)->Arg(2)->ArgName("case")
    ->Unit(benchmark::kMicrosecond);
BENCHMARK_TEMPLATE(BM_Solve, true, true)->Name("BM_BtranDense")->Arg(0)->Arg(1)->Arg(2)->ArgName("case")
    ->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_FtranAndUpdate)->Arg(0)->Arg(1)->Arg(2)->ArgName("case")->Unit(benchmark::kMicrosecond);

BENCHMARK_MAIN();
