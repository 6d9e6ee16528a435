// Gomory mixed-integer cuts (cut_gomory.hpp): every cut of three rounds holds at every feasible
// point of small binary programs, found by enumeration (independent of the separator), also when
// the rows' scales differ by many orders of magnitude.
#include <catch2/catch.hpp>

#include <cmath>
#include <random>

#include "fleetopt/core/model.hpp"
#include "fleetopt/lp/lp_solver.hpp"
#include "fleetopt/mip/cut_gomory.hpp"
#include "model_with_cuts.hpp"

using namespace fleetopt;
using test::with_cuts;
using core::kInfinity;

namespace {

constexpr int kBinaries = 12;

// Program k: maximise a random profit over 12 binaries under 3-4 knapsack rows with fractional
// weights; row r is multiplied by a scale between 1e-2 and 1e8 and each weight by 1e-3, 1 or 1e3
// (MIPLIB-like mixed units). A Gomory cut from such a basis has slack terms of 1e-12 that carry
// real weight.
core::Model scaled_knapsack(int k) {
  std::mt19937_64 engine(9000 + k);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  const double scales[] = {1e-2, 1.0, 1e3, 1e6, 1e8};
  core::ModelBuilder b("knapsack" + std::to_string(k), core::ObjectiveSense::maximize);
  std::vector<int> x;
  for (int j = 0; j < kBinaries; ++j)
    x.push_back(b.add_column("x" + std::to_string(j), std::round(100.0 * (1.0 + 9.0 * unit(engine))) / 100.0, 0.0,
                             1.0, true));
  const int rows = 3 + static_cast<int>(engine() % 2);
  for (int r = 0; r < rows; ++r) {
    const double scale = scales[engine() % 5];
    std::vector<double> w;
    double total = 0.0;
    for (int j = 0; j < kBinaries; ++j) {
      const double spread[] = {1e-3, 1.0, 1.0, 1e3};  // units mixed within a row as well
      w.push_back(scale * spread[engine() % 4] * std::round(1000.0 * (0.1 + unit(engine))) / 1000.0);
      total += w.back();
    }
    b.add_row("w" + std::to_string(r), -kInfinity, (0.3 + 0.3 * unit(engine)) * total, x, w);
  }
  return b.build();
}

// Relative violation of row [lower, upper] by activity `a`, measured against the row's scale.
double violation(double a, double lower, double upper, double scale) {
  return std::max({0.0, (a - upper) / scale, (lower - a) / scale});
}

}  // namespace

TEST_CASE("Gomory cuts hold at every feasible point of knapsacks with rows of mixed scales", "[mip][cuts]") {
  int cuts_checked = 0, programs_cut = 0;
  for (int k = 0; k < 30; ++k) {
    const core::Model model = scaled_knapsack(k);
    INFO("program " << k);
    // The feasible binary points, by enumeration against the original rows.
    std::vector<std::vector<double>> feasible;
    const core::SparseMatrix rows = model.matrix.transpose();
    for (int point = 0; point < (1 << kBinaries); ++point) {
      std::vector<double> x(kBinaries);
      for (int j = 0; j < kBinaries; ++j) x[j] = (point >> j) & 1;
      bool ok = true;
      for (int i = 0; i < model.num_rows() && ok; ++i) {
        double a = 0.0, scale = 1.0;
        for (int p = rows.col_start[i]; p < rows.col_start[i + 1]; ++p) {
          a += rows.value[p] * x[rows.row_index[p]];
          scale = std::max(scale, std::abs(rows.value[p]));
        }
        ok = violation(a, model.row_lower[i], model.row_upper[i], scale) <= 1e-12;
      }
      if (ok) feasible.push_back(x);
    }
    REQUIRE_FALSE(feasible.empty());  // x = 0 always fits

    core::Model current = model;
    int found = 0;
    for (int round = 0; round < 3; ++round) {
      lp::LpSolver solver(current);
      REQUIRE(solver.solve() == lp::LpStatus::optimal);
      const lp::LpResult answer = solver.result();
      mip::CutContext ctx{current, answer, solver};
      mip::GomoryMixedInteger gomory;
      const std::vector<mip::Cut> cuts = gomory.separate(ctx);
      for (const mip::Cut& cut : cuts) {
        ++cuts_checked;
        double scale = 1.0;
        for (double v : cut.values) scale = std::max(scale, std::abs(v));
        for (const std::vector<double>& x : feasible) {
          double a = 0.0;
          for (std::size_t p = 0; p < cut.columns.size(); ++p) a += cut.values[p] * x[cut.columns[p]];
          CHECK(violation(a, cut.lower, cut.upper, scale) <= 1e-9);
        }
      }
      found += static_cast<int>(cuts.size());
      if (cuts.empty()) break;
      current = with_cuts(current, cuts);
    }
    programs_cut += found > 0;
  }
  CHECK(programs_cut >= 20);
  CHECK(cuts_checked >= 100);
}
