// Small random MILPs shared by the mip tests (conflicts, node propagation), the comparison of a
// search with a feature on and off, and of two runs that must be the same search: each model is solved or enumerated by the tests themselves,
// so a wrong answer of the code under test shows.
#pragma once

#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <functional>
#include <random>
#include <string>
#include <vector>

#include "fleetopt/core/model.hpp"
#include "fleetopt/lp/lp_solver.hpp"
#include "fleetopt/mip/mip_solver.hpp"

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

// A multi-dimensional knapsack (maximisation): `items` binaries with values in [value_low,
// value_high], `rows` capacity rows with weights in [weight_low, weight_high] at half their weight
// sum, and with `cover` a row sum x >= items / 3.
struct KnapsackShape {
  std::string name;
  std::uint64_t seed;
  int items, rows;
  int value_low, value_high, weight_low, weight_high;
  bool cover;
};

inline core::Model knapsack_program(const KnapsackShape& shape) {
  std::mt19937_64 engine(shape.seed);
  auto between = [&](int low, int high) {
    return low + static_cast<int>(engine() % static_cast<std::uint64_t>(high - low + 1));
  };
  core::ModelBuilder b(shape.name, core::ObjectiveSense::maximize);
  std::vector<int> x;
  for (int i = 0; i < shape.items; ++i)
    x.push_back(b.add_column("x" + std::to_string(i), between(shape.value_low, shape.value_high), 0.0, 1.0, true));
  for (int r = 0; r < shape.rows; ++r) {
    std::vector<double> w;
    double total = 0.0;
    for (int i = 0; i < shape.items; ++i) total += w.emplace_back(between(shape.weight_low, shape.weight_high));
    b.add_row("capacity" + std::to_string(r), -core::kInfinity, std::floor(total / 2), x, w);
  }
  if (shape.cover) b.add_row("cover", shape.items / 3, core::kInfinity, x, std::vector<double>(x.size(), 1.0));
  return b.build();
}

// Knapsack k: 30 binaries, 3 rows.
inline core::Model knapsack(int k) {
  return knapsack_program({"knapsack" + std::to_string(k), 555 + static_cast<std::uint64_t>(k), 30, 3, 10, 40, 5, 40, false});
}

// Two runs of the same search (another thread count, the same options again): every count and
// the answer must agree to the bit.
// An exact search (gap 0) without root cuts, so that the knapsacks above need trees of hundreds
// of nodes, on `threads` threads.
// The 40 random programs and 10 knapsacks that the on-and-off tests of a search feature run
// through (solve_on_and_off below), each under an INFO naming it.
inline void for_each_on_and_off_program(const std::function<void(const core::Model&)>& f) {
  for (int k = 0; k < 40; ++k) {
    std::vector<int> z;
    INFO("program " << k);
    f(random_program(k, z));
  }
  for (int k = 0; k < 10; ++k) {
    INFO("knapsack " << k);
    f(knapsack(k));
  }
}

inline mip::MipOptions exact_without_cuts(int threads) {
  mip::MipOptions o;
  o.relative_gap = 0.0;
  o.absolute_gap = 1e-9;
  o.max_cut_rounds = 0;
  o.threads = threads;
  return o;
}

inline void check_same_search(const mip::MipResult& a, const mip::MipResult& b) {
  REQUIRE(a.status == b.status);
  CHECK(a.nodes == b.nodes);
  CHECK(a.lp_iterations == b.lp_iterations);
  CHECK(a.strong_branching_iterations == b.strong_branching_iterations);
  CHECK(a.best_bound == b.best_bound);
  CHECK(a.x == b.x);
}

// The branch-and-bound on `model` exactly (gap 0, no root cuts: more nodes) with the defaults and
// with a feature switched off by `switch_off`; the off-run's optimum is then given as debug
// solution to a run with the feature on, so every pruning and tightening by the feature is checked
// against it (MipOptions::debug_solution throws on a wrong one). Both runs end the same way.
struct OnAndOff {
  mip::MipResult with, without;
};

inline OnAndOff solve_on_and_off(const core::Model& model, const std::function<void(mip::MipOptions&)>& switch_off) {
  mip::MipOptions o;
  o.relative_gap = 0.0;
  o.absolute_gap = 1e-9;
  o.max_cut_rounds = 0;
  OnAndOff r;
  r.with = mip::solve_mip(model, o);
  mip::MipOptions debug = o;
  switch_off(o);
  r.without = mip::solve_mip(model, o);
  debug.debug_solution = r.without.x;
  if (!r.without.x.empty()) CHECK_NOTHROW(mip::solve_mip(model, debug));
  REQUIRE(r.with.status == r.without.status);
  return r;
}

}  // namespace fleetopt::test
