// Identical assets as member symmetries (asset_symmetry.hpp): which assets are alike, the groups
// of generated fleets of identical units, every such group passing the mip layer's own check on
// every formulation (the check maps the model's rows onto rows, independent of how the groups
// were found), and solves with and without the symmetry reaching the optimum that CBC, GLPK and
// HiGHS agree on (data/reference/optima.csv) or, on generated fleets, the same optimum.
#include <catch2/catch.hpp>

#include <cmath>
#include <sstream>
#include <string>
#include <vector>

#include "fleetopt/core/csv.hpp"
#include "fleetopt/core/tolerances.hpp"
#include "fleetopt/fleet/asset_symmetry.hpp"
#include "fleetopt/fleet/checker.hpp"
#include "fleetopt/fleet/fleet_solver.hpp"
#include "fleetopt/fleet/formulation.hpp"
#include "fleetopt/fleet/generator.hpp"
#include "fleetopt/fleet/instance_io.hpp"

using namespace fleetopt;
using namespace fleetopt::fleet;

namespace {

Instance identical_units(int assets, int types, int steps, std::uint64_t seed) {
  GeneratorOptions g;
  g.assets = assets;
  g.markets = 3;
  g.steps = steps;
  g.seed = seed;
  g.cap_fraction = 0.5;
  g.min_bid_mw = 1.0;
  g.asset_types = types;
  return generate_instance(g);
}

FleetSolveOptions exact(bool symmetry) {
  FleetSolveOptions o;
  o.mip.relative_gap = 0.0;
  o.mip.absolute_gap = 1e-9;
  o.threads = 2;
  o.asset_symmetry = symmetry;
  return o;
}

double agreed_optimum(const std::string& instance) {
  const core::CsvTable table = core::read_csv(FLEETOPT_SOURCE_DIR "/data/reference/optima.csv");
  for (const auto& row : table.rows)
    if (row.fields[table.column("instance")] == instance) return std::stod(row.fields[table.column("objective")]);
  FAIL("no agreed optimum for " << instance);
  return 0.0;
}

void require_checked(const Instance& instance, const FleetSolveOutcome& o) {
  REQUIRE(o.schedule.has_value());
  const CheckReport report = check_schedule(instance, *o.schedule, o.summary.objective);
  INFO(format_report(report));
  REQUIRE(report.ok);
}

}  // namespace

TEST_CASE("asset symmetry: assets are alike when all their data but the name is", "[fleet][symmetry]") {
  const Instance in = identical_units(2, 1, 4, 3);
  Asset a = in.assets[0], b = in.assets[1];
  CHECK(a.name != b.name);
  CHECK(identical_assets(a, b));
  b.soc_final_min_mwh += 0.5;
  CHECK_FALSE(identical_assets(a, b));
  b = a;
  b.prequalified_mw[1] += 1.0;
  CHECK_FALSE(identical_assets(a, b));
  b = a;
  b.eta_discharge = 0.9;
  CHECK_FALSE(identical_assets(a, b));
}

TEST_CASE("asset symmetry: groups of identical units hold on every formulation", "[fleet][symmetry]") {
  // Seven assets of three kinds: a0 = a3 = a6, a1 = a4, a2 = a5.
  const Instance in = identical_units(7, 3, 6, 11);
  for (Formulation f : {Formulation::hull, Formulation::tight, Formulation::basic})
    for (bool presolve : {false, true}) {
      INFO(to_string(f) << ", exchange presolve " << presolve);
      const FleetModel model = build_model(in, f, BuildOptions{presolve});
      const std::vector<mip::MemberSymmetry> groups = asset_symmetries(in, model);
      // A kind whose asset keeps no binary (markets one way only) gives no group.
      std::vector<int> kinds;
      for (int k = 0; k < 3; ++k)
        for (int t = 0; t < model.num_steps; ++t) {
          const int u = model.u_col[k * model.num_steps + t];
          if (u >= 0 && model.model.is_integer[u]) {
            kinds.push_back(k);
            break;
          }
        }
      REQUIRE(kinds.size() >= 2);
      REQUIRE(groups.size() == kinds.size());
      for (std::size_t g = 0; g < groups.size(); ++g) {
        CHECK(groups[g].members.size() == (kinds[g] == 0 ? 3u : 2u));
        // Member 1 of kind k is asset k + 3: its first column is its first step's u or soc.
        const int first = model.u_col[(kinds[g] + 3) * model.num_steps] >= 0
                              ? model.u_col[(kinds[g] + 3) * model.num_steps]
                              : model.soc_col[(kinds[g] + 3) * model.num_steps];
        CHECK(groups[g].members[1][0] == first);
      }
      for (const mip::MemberSymmetry& g : groups) {
        std::string why;
        CHECK(mip::verify_member_symmetry(model.model, g, why));
        INFO(why);
      }
    }
  SECTION("a fleet of different assets has none") {
    const Instance drawn = identical_units(4, 0, 6, 11);
    CHECK(asset_symmetries(drawn, build_model(drawn)).empty());
  }
}

TEST_CASE("asset symmetry: the reference fleet of identical units reaches the agreed optimum", "[fleet][symmetry]") {
  const std::string path = "data/reference/identical-5x3x8/instance.toml";
  const Instance in = read_instance(FLEETOPT_SOURCE_DIR "/" + path);
  const double agreed = agreed_optimum(path);
  for (bool symmetry : {true, false}) {
    INFO("symmetry " << symmetry);
    FleetSolveOptions options = exact(symmetry);
    std::ostringstream log;
    options.mip.log = &log;
    const FleetSolveOutcome o = solve_fleet(in, options);
    REQUIRE(o.summary.status == SolveStatus::optimal);
    require_checked(in, o);
    CHECK(std::abs(*o.summary.objective - agreed) / std::max(1.0, std::abs(agreed)) <
          core::tol::kObjectiveAgreementRelative);
    CHECK((log.str().find("Member symmetry: 2 groups") != std::string::npos) == symmetry);
  }
}

TEST_CASE("asset symmetry: generated fleets of identical units, the same optimum with and without it",
          "[fleet][symmetry]") {
  for (std::uint64_t seed : {1, 2, 3}) {
    INFO("seed " << seed);
    const Instance in = identical_units(4, seed == 3 ? 2 : 1, 8, seed);
    const FleetSolveOutcome with = solve_fleet(in, exact(true));
    const FleetSolveOutcome without = solve_fleet(in, exact(false));
    REQUIRE(with.summary.status == SolveStatus::optimal);
    REQUIRE(without.summary.status == SolveStatus::optimal);
    require_checked(in, with);
    CHECK(*with.summary.objective == Approx(*without.summary.objective).epsilon(1e-9));
  }
}
