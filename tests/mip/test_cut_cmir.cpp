// c-MIR cuts on aggregated rows (cut_cmir.hpp): a hand-derived flow cover, and validity on random
// mixed-binary programs with variable upper bounds, checked against every binary point by an LP
// over the continuous columns (independent of the separator).
#include <catch2/catch.hpp>

#include <cmath>
#include <random>

#include "fleetopt/core/model.hpp"
#include "fleetopt/lp/lp_solver.hpp"
#include "fleetopt/mip/cut_cmir.hpp"
#include "model_with_cuts.hpp"
#include "fleetopt/mip/mip_solver.hpp"

using namespace fleetopt;
using test::with_cuts;
using core::kInfinity;

namespace {

// A cut may exceed its side by this much at a feasible point (LP noise of the validity LP).
constexpr double kValidity = 1e-6;

std::vector<mip::Cut> separate(const core::Model& model, lp::LpResult& answer,
                               mip::CmirParameters parameters = {}) {
  lp::LpSolver solver(model);
  REQUIRE(solver.solve() == lp::LpStatus::optimal);
  answer = solver.result();
  mip::CutContext ctx{model, answer, solver};
  mip::ComplementedMir cmir(parameters);
  return cmir.separate(ctx);
}

// min z1 + z2  s.t.  y1 + y2 >= 5,  y_i <= 4 z_i,  y in [0, 10],  z binary.
// The LP needs 4 z1 + 4 z2 >= 5: bound 1.25. Both facilities are needed, so the optimum is 2,
// and the flow cover z1 + z2 >= 2 (the c-MIR of the demand row after substituting y_i = 4 z_i -
// y_i' and complementing the z at 1, with delta = 4) closes the gap.
core::Model two_facilities() {
  core::ModelBuilder b("facilities");
  const int y1 = b.add_column("y1", 0.0, 0.0, 10.0);
  const int y2 = b.add_column("y2", 0.0, 0.0, 10.0);
  const int z1 = b.add_column("z1", 1.0, 0.0, 1.0, true);
  const int z2 = b.add_column("z2", 1.0, 0.0, 1.0, true);
  b.add_row("demand", 5.0, kInfinity, {y1, y2}, {1.0, 1.0});
  b.add_row("vub1", -kInfinity, 0.0, {y1, z1}, {1.0, -4.0});
  b.add_row("vub2", -kInfinity, 0.0, {y2, z2}, {1.0, -4.0});
  return b.build();
}

// Largest violation of `cut` over the points of `model` with the integer columns fixed at
// `fixed` (an LP over the continuous columns per side), or -infinity if there is none.
double worst_violation(const core::Model& model, const std::vector<double>& fixed, const mip::Cut& cut) {
  double worst = -kInfinity;
  for (const double side : {1.0, -1.0}) {
    const double bound = side > 0 ? cut.upper : cut.lower;
    if (!std::isfinite(bound)) continue;
    core::Model m = model;
    m.sense = core::ObjectiveSense::maximize;
    std::fill(m.objective.begin(), m.objective.end(), 0.0);
    for (std::size_t k = 0; k < cut.columns.size(); ++k) m.objective[cut.columns[k]] = side * cut.values[k];
    for (int j = 0; j < m.num_cols(); ++j) {
      if (!m.is_integer[j]) continue;
      m.col_lower[j] = m.col_upper[j] = fixed[j];
      m.is_integer[j] = 0;
    }
    const lp::LpResult r = lp::solve_lp(m);
    if (r.status == lp::LpStatus::infeasible) return -kInfinity;
    INFO("validity LP: " << lp::to_string(r.status));
    REQUIRE(r.status == lp::LpStatus::optimal);
    worst = std::max(worst, r.objective - side * bound);
  }
  return worst;
}

// Program k of a family of random mixed-binary programs: flows y_j <= cap_j z_j feeding a demand
// row and two mixing rows, a fixed cost per z; `z` receives the binary columns.
core::Model flow_program(int k, std::vector<int>& z) {
  std::mt19937_64 engine(4242 + k);
  auto between = [&](int low, int high) {
    return low + static_cast<int>(engine() % static_cast<std::uint64_t>(high - low + 1));
  };
  core::ModelBuilder b("random" + std::to_string(k));
  const int binaries = between(3, 6), flows = between(3, 6);
  std::vector<int> y;
  z.clear();
  for (int i = 0; i < binaries; ++i) z.push_back(b.add_column("z" + std::to_string(i), between(2, 9), 0.0, 1.0, true));
  for (int j = 0; j < flows; ++j) {
    y.push_back(b.add_column("y" + std::to_string(j), between(-3, 3), 0.0, between(4, 12)));
    const int owner = between(0, binaries - 1);
    b.add_row("vub" + std::to_string(j), -kInfinity, 0.0, {y[j], z[owner]}, {1.0, -static_cast<double>(between(2, 8))});
  }
  std::vector<double> ones(y.size(), 1.0);
  b.add_row("demand", between(4, 15), kInfinity, y, ones);
  for (int r = 0; r < 2; ++r) {
    std::vector<int> cols;
    std::vector<double> vals;
    for (int j = 0; j < flows; ++j)
      if (between(0, 1)) {
        cols.push_back(y[j]);
        vals.push_back(between(-3, 4));
      }
    for (int i = 0; i < binaries; ++i)
      if (between(0, 2) == 0) {
        cols.push_back(z[i]);
        vals.push_back(between(-4, 4));
      }
    if (!cols.empty()) b.add_row("mix" + std::to_string(r), -kInfinity, between(5, 20), cols, vals);
  }
  return b.build();
}

// Calls f(model, z) for each of the 40 random programs whose LP has an optimum, with the
// program's number in the test's messages.
template <typename F>
void for_each_program(F&& f) {
  for (int k = 0; k < 40; ++k) {
    std::vector<int> z;
    const core::Model model = flow_program(k, z);
    if (lp::solve_lp(model).status != lp::LpStatus::optimal) continue;
    INFO("program " << k);
    f(model, z);
  }
}

}  // namespace

TEST_CASE("c-MIR: the flow cover of two facilities closes the hand-derived gap", "[mip][cuts]") {
  const core::Model model = two_facilities();
  lp::LpResult root;
  const std::vector<mip::Cut> cuts = separate(model, root);
  REQUIRE(root.objective == Approx(1.25));
  REQUIRE_FALSE(cuts.empty());
  // Every cut is violated at the LP point and holds at the four binary points.
  for (const mip::Cut& cut : cuts) {
    double lhs = 0.0;
    for (std::size_t k = 0; k < cut.columns.size(); ++k) lhs += cut.values[k] * root.x[cut.columns[k]];
    CHECK((lhs > cut.upper + 1e-6 || lhs < cut.lower - 1e-6));
    for (int point = 0; point < 4; ++point) {
      std::vector<double> fixed(model.num_cols(), 0.0);
      fixed[2] = point & 1;
      fixed[3] = (point >> 1) & 1;
      CHECK(worst_violation(model, fixed, cut) <= kValidity);
    }
  }
  // With the cuts the LP bound is the integer optimum, 2.
  const lp::LpResult after = lp::solve_lp(with_cuts(model, cuts));
  REQUIRE(after.status == lp::LpStatus::optimal);
  CHECK(after.objective == Approx(2.0).margin(1e-7));
}

// max 7 x1 + 4.4 x2 + 3 x3 - 10 s  s.t.  6 x1 + 4 x2 + 3 x3 - s <= 8,  x binary,  s in [0, 10].
// The LP fills by value per weight: x1 = 1, x2 = 1/2, s = 0, objective 9.2 (the integer optimum is
// 7.4: x2 = x3 = 1). The cover {x1, x2} exceeds 8 by lambda = 2, both coefficients above it: the
// continuous cover inequality is 2 x1 + 2 x2 <= 2 + s, and x3 (3 <= S_0 - lambda = 4) is lifted
// with phi(3) = 0. Its efficacy at the LP point is 1 / 3; the best MIR (delta 4, x1 complemented)
// is 2 x1 + x2 + x3 / 2 - s / 2 <= 2 with 1/2 / sqrt(5.5) = 0.213. With the cover the LP
// is max over x1 + x2 <= 1 (s = 0 stays best): x1 = 1, x3 = 2/3, objective 9.
core::Model mixed_binary_knapsack() {
  core::ModelBuilder b("mixed_binary_knapsack", core::ObjectiveSense::maximize);
  const int x1 = b.add_column("x1", 7.0, 0.0, 1.0, true);
  const int x2 = b.add_column("x2", 4.4, 0.0, 1.0, true);
  const int x3 = b.add_column("x3", 3.0, 0.0, 1.0, true);
  const int s = b.add_column("s", -10.0, 0.0, 10.0);
  b.add_row("knapsack", -kInfinity, 8.0, {x1, x2, x3, s}, {6.0, 4.0, 3.0, -1.0});
  return b.build();
}

TEST_CASE("c-MIR: the lifted cover of a mixed-binary knapsack is the hand-derived cut", "[mip][cuts]") {
  const core::Model model = mixed_binary_knapsack();
  lp::LpResult root;
  const std::vector<mip::Cut> cuts = separate(model, root);
  REQUIRE(root.objective == Approx(9.2));
  REQUIRE(cuts.size() == 1);
  const mip::Cut& cut = cuts[0];
  std::vector<double> coef(model.num_cols(), 0.0);
  for (std::size_t k = 0; k < cut.columns.size(); ++k) coef[cut.columns[k]] = cut.values[k];
  REQUIRE(std::isfinite(cut.upper));
  REQUIRE(coef[0] > 0.0);
  const double scale = 2.0 / coef[0];  // as written above: 2 x1 + 2 x2 + 0 x3 - s <= 2
  CHECK(scale * coef[1] == Approx(2.0));
  CHECK(scale * coef[2] == Approx(0.0).margin(1e-9));
  CHECK(scale * coef[3] == Approx(-1.0));
  CHECK(scale * cut.upper == Approx(2.0).margin(1e-6));
  for (int point = 0; point < 8; ++point) {
    std::vector<double> fixed(model.num_cols(), 0.0);
    for (int i = 0; i < 3; ++i) fixed[i] = (point >> i) & 1;
    CHECK(worst_violation(model, fixed, cut) <= kValidity);
  }
  const lp::LpResult after = lp::solve_lp(with_cuts(model, cuts));
  REQUIRE(after.status == lp::LpStatus::optimal);
  CHECK(after.objective == Approx(9.0).margin(1e-7));
  // Without lifted covers the round gives the MIR inequality instead.
  mip::CmirParameters no_covers;
  no_covers.lifted_covers = false;
  const std::vector<mip::Cut> mir = separate(model, root, no_covers);
  REQUIRE(mir.size() == 1);
  std::vector<double> mir_coef(model.num_cols(), 0.0);
  for (std::size_t k = 0; k < mir[0].columns.size(); ++k) mir_coef[mir[0].columns[k]] = mir[0].values[k];
  const double mir_scale = 2.0 / mir_coef[0];  // 2 x1 + x2 + x3 / 2 - s / 2 <= 2
  CHECK(mir_scale * mir_coef[1] == Approx(1.0));
  CHECK(mir_scale * mir_coef[2] == Approx(0.5));
  CHECK(mir_scale * mir_coef[3] == Approx(-0.5));
  CHECK(mir_scale * mir[0].upper == Approx(2.0).margin(1e-6));
}

TEST_CASE("c-MIR: cuts on random mixed-binary programs with variable upper bounds are valid",
          "[mip][cuts]") {
  int programs = 0, cuts_checked = 0, bound_moved = 0;
  for (int k = 0; k < 40; ++k) {
    std::vector<int> z;
    core::Model model = flow_program(k, z);
    const int binaries = static_cast<int>(z.size());
    if (lp::solve_lp(model).status != lp::LpStatus::optimal) continue;
    ++programs;
    INFO("program " << k);
    // Three rounds, cuts of cuts included: every cut must hold for the ORIGINAL model's points.
    core::Model current = model;
    lp::LpResult first;
    for (int round = 0; round < 3; ++round) {
      lp::LpResult answer;
      const std::vector<mip::Cut> cuts = separate(current, answer);
      if (round == 0) first = answer;
      for (const mip::Cut& cut : cuts) {
        ++cuts_checked;
        for (int point = 0; point < (1 << binaries); ++point) {
          std::vector<double> fixed(model.num_cols(), 0.0);
          for (int i = 0; i < binaries; ++i) fixed[z[i]] = (point >> i) & 1;
          CHECK(worst_violation(model, fixed, cut) <= kValidity);
        }
      }
      if (cuts.empty()) break;
      current = with_cuts(current, cuts);
    }
    const lp::LpResult last = lp::solve_lp(current);
    REQUIRE(last.status == lp::LpStatus::optimal);
    bound_moved += last.objective > first.objective + 1e-6;
  }
  CHECK(programs >= 25);
  CHECK(cuts_checked >= 50);
  CHECK(bound_moved >= 10);  // the cuts do something, not only hold
}

TEST_CASE("c-MIR: complementation trials give deeper rounds on the random programs", "[mip][cuts]") {
  // One round of cuts with and without Marchand and Wolsey's complementation trials, the LP bound
  // after each (minimisation: higher is deeper). Validity with the trials is the test above.
  double gain_with = 0.0, gain_without = 0.0;
  int deeper = 0, shallower = 0;
  for_each_program([&](const core::Model& model, const std::vector<int>&) {
    double after[2];
    for (const bool trials : {false, true}) {
      mip::CmirParameters parameters;
      parameters.complementation_trials = trials;
      parameters.lifted_covers = false;  // they give the same cuts either way on these programs
      lp::LpResult root;
      const std::vector<mip::Cut> cuts = separate(model, root, parameters);
      const lp::LpResult r = lp::solve_lp(with_cuts(model, cuts));
      REQUIRE(r.status == lp::LpStatus::optimal);
      after[trials] = r.objective;
      (trials ? gain_with : gain_without) += r.objective - root.objective;
    }
    deeper += after[1] > after[0] + 1e-6;
    shallower += after[1] < after[0] - 1e-6;
  });
  CHECK(deeper > shallower);
  CHECK(gain_with > gain_without);
}

TEST_CASE("c-MIR: lifted covers replace some MIR cuts of the random programs", "[mip][cuts]") {
  // The validity test above runs with lifted covers on (the default); this one shows that its
  // programs exercise them: on some, a round's cuts differ from those of the MIR alone.
  int changed = 0;
  for_each_program([&](const core::Model& model, const std::vector<int>&) {
    lp::LpResult root;
    mip::CmirParameters no_covers;
    no_covers.lifted_covers = false;
    const std::vector<mip::Cut> with = separate(model, root);
    const std::vector<mip::Cut> without = separate(model, root, no_covers);
    bool same = with.size() == without.size();
    for (std::size_t c = 0; same && c < with.size(); ++c)
      same = with[c].columns == without[c].columns && with[c].values == without[c].values && with[c].upper == without[c].upper;
    changed += !same;
  });
  CHECK(changed >= 3);
}

TEST_CASE("root cuts: slack c-MIR cuts stay only with root_cut_keep_slack, and the optimum is the same",
          "[mip][cuts]") {
  int more_kept = 0, solved = 0;
  for_each_program([&](const core::Model& model, const std::vector<int>&) {
    mip::MipOptions o;
    o.relative_gap = 0;
    o.root_cut_min_improvement = 0;  // keep whatever binds, however little it moved the bound
    const mip::MipResult binding = mip::solve_mip(model, o);
    o.root_cut_keep_slack = true;
    const mip::MipResult all = mip::solve_mip(model, o);
    REQUIRE(binding.status == mip::MipStatus::optimal);
    REQUIRE(all.status == mip::MipStatus::optimal);
    CHECK(*all.objective == Approx(*binding.objective).margin(1e-6));
    CHECK(binding.cuts <= all.cuts);
    more_kept += all.cuts > binding.cuts;
    ++solved;
  });
  CHECK(solved >= 25);
  CHECK(more_kept >= 3);  // slack c-MIR cuts occur, and the option keeps them
}
