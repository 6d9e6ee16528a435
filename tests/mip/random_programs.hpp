// Small random MILPs shared by the mip tests (conflicts, node propagation): each is solved or
// enumerated by the tests themselves, so a wrong answer of the code under test shows.
#pragma once

#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "fleetopt/core/model.hpp"
#include "fleetopt/lp/lp_solver.hpp"

namespace fleetopt::test {

// Random mixed-binary program k (minimisation): flows y_j <= cap z_owner, a demand row, a
// budget row over some binaries, costs on both.
inline core::Model random_program(int k, std::vector<int>& z) {
  std::mt19937_64 engine(777 + k);
  auto between = [&](int low, int high) {
    return low + static_cast<int>(engine() % static_cast<std::uint64_t>(high - low + 1));
  };
  core::ModelBuilder b("conflicts" + std::to_string(k));
  const int binaries = between(4, 7), flows = between(3, 6);
  z.clear();
  std::vector<int> y;
  for (int i = 0; i < binaries; ++i) z.push_back(b.add_column("z" + std::to_string(i), between(1, 9), 0.0, 1.0, true));
  for (int j = 0; j < flows; ++j) {
    y.push_back(b.add_column("y" + std::to_string(j), between(-4, 3), 0.0, between(3, 10)));
    b.add_row("vub" + std::to_string(j), -core::kInfinity, 0.0, {y[j], z[between(0, binaries - 1)]},
              {1.0, -static_cast<double>(between(2, 9))});
  }
  b.add_row("demand", between(4, 14), core::kInfinity, y, std::vector<double>(y.size(), 1.0));
  std::vector<int> cols;
  std::vector<double> vals;
  for (int i = 0; i < binaries; ++i)
    if (between(0, 1)) {
      cols.push_back(z[i]);
      vals.push_back(between(1, 4));
    }
  if (!cols.empty()) b.add_row("budget", -core::kInfinity, between(3, 8), cols, vals);
  return b.build();
}

// The least objective of `model` with its binaries z fixed at `point` (an LP over the rest);
// +infinity when that point has no feasible completion.
inline double value_at(const core::Model& model, const std::vector<int>& z, int point) {
  core::Model m = model;
  for (std::size_t i = 0; i < z.size(); ++i) {
    m.col_lower[z[i]] = m.col_upper[z[i]] = (point >> i) & 1;
    m.is_integer[z[i]] = 0;
  }
  const lp::LpResult r = lp::solve_lp(m);
  if (r.status == lp::LpStatus::infeasible) return core::kInfinity;
  REQUIRE(r.status == lp::LpStatus::optimal);
  return r.objective;
}

// True when the binary point (bit i is the value of z[i]) lies in the box.
inline bool inside(const std::vector<int>& z, int point, const std::vector<double>& lower, const std::vector<double>& upper) {
  for (std::size_t i = 0; i < z.size(); ++i) {
    const double v = (point >> i) & 1;
    if (v < lower[z[i]] || v > upper[z[i]]) return false;
  }
  return true;
}

// Multi-dimensional knapsack k: 30 binaries, 3 rows at half their weight sum (maximisation).
inline core::Model knapsack(int k) {
  std::mt19937_64 engine(555 + k);
  auto between = [&](int low, int high) {
    return low + static_cast<int>(engine() % static_cast<std::uint64_t>(high - low + 1));
  };
  core::ModelBuilder b("knapsack" + std::to_string(k), core::ObjectiveSense::maximize);
  const int items = 30;
  std::vector<int> x;
  for (int i = 0; i < items; ++i) x.push_back(b.add_column("x" + std::to_string(i), between(10, 40), 0.0, 1.0, true));
  for (int r = 0; r < 3; ++r) {
    std::vector<double> w;
    double total = 0.0;
    for (int i = 0; i < items; ++i) total += w.emplace_back(between(5, 40));
    b.add_row("capacity" + std::to_string(r), -core::kInfinity, std::floor(total / 2), x, w);
  }
  return b.build();
}

}  // namespace fleetopt::test
