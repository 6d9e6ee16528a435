// Member symmetry (member_symmetry.hpp): the check of a claimed symmetry against the model's rows,
// orbits within a box, cut images, and searches with orbital branching and cut images against
// every binary point of small programs of identical members (an LP over the continuous columns
// decides each point's value, independent of the search), with the optimum of the plain search
// as a debug solution that no decision of the symmetric search may cut off.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <random>
#include <string>

#include "fleetopt/core/model.hpp"
#include "fleetopt/mip/member_symmetry.hpp"
#include "fleetopt/mip/mip_solver.hpp"
#include "random_programs.hpp"

using namespace fleetopt;
using core::kInfinity;

namespace {

// k identical members ("machines") with `items` binaries z[m,i] each and flows w[m,i] <= c_i z[m,i];
// per member a capacity row sum_i w[m,i] <= W and a row z[m,0] + z[m,1] <= 1; per item a shared
// row sum_m w[m,i] <= D_i (a market cap); a shared budget row over all binaries. Minimise
// sum (f_i z - v_i w). The members' columns are listed in `members` (z then w, item by item).
// `perturb` >= 0 changes member `perturb`'s first capacity coefficient: no symmetry then.
core::Model machines(std::uint64_t seed, int k, int items, std::vector<std::vector<int>>& members, int perturb = -1) {
  std::mt19937_64 engine(seed);
  auto between = [&](int low, int high) {
    return low + static_cast<int>(engine() % static_cast<std::uint64_t>(high - low + 1));
  };
  std::vector<int> capacity(items), fixed_cost(items), value(items), demand(items);
  for (int i = 0; i < items; ++i) {
    capacity[i] = between(2, 8);
    fixed_cost[i] = between(1, 9);
    value[i] = between(1, 5);
    demand[i] = between(3, 12);
  }
  const int width = between(5, 12), budget = between(k, k * items - 1);
  core::ModelBuilder b("machines" + std::to_string(seed));
  members.assign(k, {});
  std::vector<std::vector<int>> w(items);
  std::vector<int> all_z;
  for (int m = 0; m < k; ++m) {
    std::vector<int> z_m, w_m;
    for (int i = 0; i < items; ++i) {
      const std::string at = std::to_string(m) + "_" + std::to_string(i);
      const int z = b.add_column("z" + at, fixed_cost[i], 0.0, 1.0, true);
      const int flow = b.add_column("w" + at, -value[i], 0.0, kInfinity);
      const double c = m == perturb && i == 0 ? capacity[i] + 1.0 : capacity[i];
      b.add_row("vub" + at, -kInfinity, 0.0, {flow, z}, {1.0, -c});
      members[m].push_back(z);
      members[m].push_back(flow);
      z_m.push_back(z);
      w_m.push_back(flow);
      w[i].push_back(flow);
      all_z.push_back(z);
    }
    b.add_row("width" + std::to_string(m), -kInfinity, width, w_m, std::vector<double>(w_m.size(), 1.0));
    if (items >= 2) b.add_row("exclusive" + std::to_string(m), -kInfinity, 1.0, {z_m[0], z_m[1]}, {1.0, 1.0});
  }
  for (int i = 0; i < items; ++i)
    b.add_row("demand" + std::to_string(i), -kInfinity, demand[i], w[i], std::vector<double>(w[i].size(), 1.0));
  b.add_row("budget", -kInfinity, budget, all_z, std::vector<double>(all_z.size(), 1.0));
  return b.build();
}

std::vector<int> binaries_of(const core::Model& model) {
  std::vector<int> z;
  for (int j = 0; j < model.num_cols(); ++j)
    if (model.is_integer[j]) z.push_back(j);
  return z;
}

// The optimum over every binary point (an LP over the flows at each).
double enumerated_optimum(const core::Model& model) {
  const std::vector<int> z = binaries_of(model);
  double best = kInfinity;
  for (int point = 0; point < (1 << z.size()); ++point) best = std::min(best, test::value_at(model, z, point));
  return best;
}

mip::MipOptions exact(int threads) {
  mip::MipOptions o;
  o.relative_gap = 0.0;
  o.absolute_gap = 1e-9;
  o.threads = threads;
  return o;
}

}  // namespace

TEST_CASE("member symmetry: the check accepts exchanges that map the rows onto rows", "[mip][symmetry]") {
  std::vector<std::vector<int>> members;
  const core::Model model = machines(7, 3, 3, members);
  std::string why;
  CHECK(mip::verify_member_symmetry(model, {members}, why));
  INFO(why);

  SECTION("a member with another coefficient is no symmetry, and the reason names a row") {
    std::vector<std::vector<int>> other;
    const core::Model perturbed = machines(7, 3, 3, other, 2);
    CHECK_FALSE(mip::verify_member_symmetry(perturbed, {other}, why));
    CHECK(why.find("vub") != std::string::npos);
  }
  SECTION("another bound or cost on one member's column is no symmetry") {
    core::Model m = model;
    m.col_upper[members[1][1]] = 5.0;
    CHECK_FALSE(mip::verify_member_symmetry(m, {members}, why));
    m = model;
    m.objective[members[2][0]] += 1.0;
    CHECK_FALSE(mip::verify_member_symmetry(m, {members}, why));
  }
  SECTION("members listed in another column order are no symmetry") {
    std::vector<std::vector<int>> swapped = members;
    std::swap(swapped[1][0], swapped[1][1]);  // z and w of member 1 exchanged
    CHECK_FALSE(mip::verify_member_symmetry(model, {swapped}, why));
  }
  SECTION("malformed descriptions are refused") {
    std::vector<std::vector<int>> shorter = members;
    shorter[2].pop_back();
    CHECK_FALSE(mip::verify_member_symmetry(model, {shorter}, why));
    std::vector<std::vector<int>> twice = members;
    twice[2][0] = twice[1][0];
    CHECK_FALSE(mip::verify_member_symmetry(model, {twice}, why));
    CHECK_FALSE(mip::verify_member_symmetry(model, {{members[0]}}, why));
    std::vector<std::vector<int>> outside = members;
    outside[0][0] = model.num_cols();
    CHECK_FALSE(mip::verify_member_symmetry(model, {outside}, why));
  }
}

TEST_CASE("member symmetry: orbits follow the box, cut images move member columns", "[mip][symmetry]") {
  std::vector<std::vector<int>> members;
  const core::Model model = machines(11, 3, 2, members);
  const mip::MemberOrbits orbits({mip::MemberSymmetry{members}}, model.num_cols());
  const int z00 = members[0][0], z10 = members[1][0], z20 = members[2][0];
  const int z01 = members[0][2], z11 = members[1][2], z21 = members[2][2];

  std::vector<double> lower = model.col_lower, upper = model.col_upper;
  CHECK(orbits.orbit(z10, lower, upper) == std::vector<int>{z10, z00, z20});
  CHECK(orbits.images(z21) == std::vector<int>{z21, z01, z11});
  // Member 0 fixed on another column: no longer alike the others.
  lower[z01] = 1.0;
  CHECK(orbits.orbit(z10, lower, upper) == std::vector<int>{z10, z20});
  CHECK(orbits.orbit(z00, lower, upper) == std::vector<int>{z00});

  // A cut on member 0's columns and a shared column: one image per other member.
  mip::Cut cut;
  cut.columns = {z00, members[0][1], z01};
  cut.values = {2.0, -1.0, 3.0};
  cut.upper = 4.0;
  const std::vector<mip::Cut> images = orbits.cut_images(cut);
  REQUIRE(images.size() == 2);
  CHECK(images[0].columns == std::vector<int>{z10, members[1][1], z11});
  CHECK(images[1].columns == std::vector<int>{z20, members[2][1], z21});
  CHECK(images[0].values == cut.values);
  CHECK(images[1].upper == 4.0);
  // A cut on one column of the last member: images on the two others.
  mip::Cut single;
  single.columns = {members[2][3]};
  single.values = {1.0};
  const std::vector<mip::Cut> single_images = orbits.cut_images(single);
  REQUIRE(single_images.size() == 2);
  CHECK(single_images[0].columns == std::vector<int>{members[0][3]});
  CHECK(single_images[1].columns == std::vector<int>{members[1][3]});

  // Exchanging two members in a point.
  std::vector<double> x(model.num_cols(), 0.0);
  x[z00] = 1.0;
  orbits.exchange(x, z00, z20);
  CHECK(x[z00] == 0.0);
  CHECK(x[z20] == 1.0);
}

TEST_CASE("member symmetry: searches with it find every enumerated optimum", "[mip][symmetry]") {
  // 3-4 identical members with 3 items each (9-12 binaries): each program enumerated point by
  // point, solved with and without the symmetry, and again with the plain search's optimum as a
  // debug solution (orbital branching moves it to its image; any decision that removes it while
  // claiming a better bound throws).
  long long orbital = 0;
  for (int k = 0; k < 12; ++k) {
    INFO("program " << k);
    std::vector<std::vector<int>> members;
    const int count = 3 + k % 2;
    const core::Model model = machines(100 + static_cast<std::uint64_t>(k), count, 3, members);
    const double optimum = enumerated_optimum(model);

    mip::MipOptions plain = exact(1);
    plain.separators.emplace();  // no cuts: the tree does the work
    const mip::MipResult without = mip::solve_mip(model, plain);
    REQUIRE(without.status == mip::MipStatus::optimal);
    CHECK(*without.objective == Approx(optimum).margin(1e-6));

    for (bool cuts : {false, true}) {
      INFO("root cuts " << cuts);
      mip::MipOptions symmetric = exact(k % 3 == 0 ? 2 : 1);
      if (!cuts) symmetric.separators.emplace();
      symmetric.member_symmetries = {mip::MemberSymmetry{members}};
      const mip::MipResult with = mip::solve_mip(model, symmetric);
      REQUIRE(with.status == mip::MipStatus::optimal);
      CHECK(with.symmetries_used == 1);
      CHECK(*with.objective == Approx(optimum).margin(1e-6));
      orbital += with.orbital_branchings;

      symmetric.debug_solution = without.x;
      CHECK_NOTHROW(mip::solve_mip(model, symmetric));
    }
  }
  // The programs branch on members alike.
  CHECK(orbital > 0);
}

TEST_CASE("member symmetry: a symmetry that does not hold is left out", "[mip][symmetry]") {
  std::vector<std::vector<int>> members;
  const core::Model model = machines(5, 3, 3, members, 1);
  const double optimum = enumerated_optimum(model);
  mip::MipOptions options = exact(1);
  options.member_symmetries = {mip::MemberSymmetry{members}};
  const mip::MipResult r = mip::solve_mip(model, options);
  REQUIRE(r.status == mip::MipStatus::optimal);
  CHECK(r.symmetries_used == 0);
  CHECK(r.orbital_branchings == 0);
  CHECK(*r.objective == Approx(optimum).margin(1e-6));
}
