// The independent checker: a hand-derived feasible schedule passes with its hand-computed revenue,
// and for each constraint family a perturbation that breaks exactly that family is caught there.
#include <catch2/catch.hpp>
#include <cmath>
#include <limits>
#include <set>

#include "fleetopt/core/tolerances.hpp"
#include "fleetopt/fleet/checker.hpp"

using namespace fleetopt::fleet;

namespace {

// One asset, two half-hour steps, four markets:
//   m0 da_up      up   energy   prices 100, 80
//   m1 da_down    down energy   prices  20, -10   (negative: charging is paid)
//   m2 afrr_down  down reserve  prices   5,   6   cap 1.8 MW, minimum bid 1 MW
//   m3 fcr_up     up   reserve  prices   7,   7
// Asset b0: P = 4 MW, soc0 = 5, soc in [1, 9], socend = 2, etac = 0.9, etad = 0.8, kappa = 3,
// q = (4, 2.5, 2, 2).
Instance tiny_instance() {
  Instance in;
  in.name = "checker-tiny";
  in.step_hours = 0.5;
  in.time_labels = {"2025-01-01T00:00:00Z", "2025-01-01T00:30:00Z"};
  in.markets = {Market{"da_up", Direction::up, Settlement::energy, std::nullopt, 0.0},
                Market{"da_down", Direction::down, Settlement::energy, std::nullopt, 0.0},
                Market{"afrr_down", Direction::down, Settlement::reserve, 1.8, 1.0},
                Market{"fcr_up", Direction::up, Settlement::reserve, std::nullopt, 0.0}};
  Asset a;
  a.name = "b0";
  a.power_mw = 4;
  a.energy_mwh = 10;
  a.soc_initial_mwh = 5;
  a.soc_min_mwh = 1;
  a.soc_max_mwh = 9;
  a.soc_final_min_mwh = 2;
  a.eta_charge = 0.9;
  a.eta_discharge = 0.8;
  a.cycle_cost_eur_per_mwh = 3;
  a.prequalified_mw = {4, 2.5, 2, 2};
  in.assets = {a};
  in.prices = {100, 20, 5, 7,  //
               80, -10, 6, 7};
  return in;
}

// Step 1 discharges 4 MW into da_up: soc = 5 - 0.5 * 4 / 0.8 = 2.5.
// Step 2 charges 2.5 MW from da_down and 1.5 MW in afrr_down: soc = 2.5 + 0.5 * 0.9 * 4 = 4.3.
// Revenue: 100*0.5*4 = 200 (da_up) + (-1)*(-10)*0.5*2.5 = 12.5 (da_down, paid to charge)
//        + 6*0.5*1.5 = 4.5 (afrr_down, reserve is paid) - 3*0.5*4 = 6 (cycling) = 211.
constexpr double kHandRevenue = 211.0;

FleetSolution feasible_schedule() {
  FleetSolution s(1, 2, 4);
  s.p(0, 0, 0) = 4;
  s.x(0, 0) = 4;
  s.p(0, 1, 1) = 2.5;
  s.x(1, 1) = 2.5;
  s.p(0, 1, 2) = 1.5;
  s.x(1, 2) = 1.5;
  s.state(0, 0) = 2.5;
  s.state(0, 1) = 4.3;
  return s;
}

const std::vector<std::string> kFeasibleModes = {"discharge", "charge"};

std::set<std::string> failing(const CheckReport& r) {
  std::set<std::string> out;
  for (const auto& f : r.families)
    if (!f.ok) out.insert(f.family);
  return out;
}

const ConstraintFamilyReport& family(const CheckReport& r, const std::string& name) {
  for (const auto& f : r.families)
    if (f.family == name) return f;
  FAIL("no family " << name);
  throw std::logic_error("unreachable");
}

}  // namespace

TEST_CASE("checker: the hand-derived schedule passes every family with the hand revenue",
          "[fleet][checker]") {
  const Instance in = tiny_instance();
  const CheckReport r = check_schedule(in, feasible_schedule(), kHandRevenue, &kFeasibleModes);
  INFO(format_report(r));
  CHECK(r.ok);
  CHECK(failing(r).empty());
  CHECK(r.recomputed_objective == Approx(kHandRevenue).epsilon(1e-12));
  CHECK(schedule_revenue(in, feasible_schedule()) == Approx(kHandRevenue).epsilon(1e-12));
  CHECK(family(r, "link").rows_checked == 8);      // T * M
  CHECK(family(r, "p_bounds").rows_checked == 8);  // A * T * M
  CHECK(family(r, "soc").rows_checked == 2);       // A * T
  CHECK(family(r, "soc_final").rows_checked == 1);
  CHECK(family(r, "cap").rows_checked == 2);       // one capped market
  CHECK(family(r, "minbid").rows_checked == 2);
  CHECK(family(r, "mode").rows_checked == 2);
  CHECK(family(r, "objective").rows_checked == 1);
  // Every family of checker.hpp is reported.
  CHECK(r.families.size() == 13);
}

TEST_CASE("checker: each perturbation fails exactly its own family", "[fleet][checker]") {
  Instance in = tiny_instance();
  FleetSolution s = feasible_schedule();
  std::set<std::string> expected;
  std::string expected_where;

  SECTION("link: a bid nobody delivers") {
    s.x(0, 1) = 0.5;
    expected = {"link"};
    expected_where = "market da_down, step 2025-01-01T00:00:00Z";
  }
  SECTION("dis: 5 MW discharged from a 4 MW asset over two up markets") {
    s.p(0, 0, 3) = 1;
    s.x(0, 3) = 1;
    s.state(0, 0) = 5 - 0.5 * 5 / 0.8;        // 1.875
    s.state(0, 1) = s.state(0, 0) + 0.5 * 0.9 * 4;
    expected = {"dis"};
    expected_where = "asset b0, step 2025-01-01T00:00:00Z";
  }
  SECTION("chg: 4.3 MW charged into a 4 MW asset") {
    s.p(0, 1, 2) = 1.8;
    s.x(1, 2) = 1.8;
    s.state(0, 1) = 2.5 + 0.5 * 0.9 * 4.3;
    expected = {"chg"};
    expected_where = "asset b0, step 2025-01-01T00:30:00Z";
  }
  SECTION("simultaneous: charging 1 MW while discharging 4 MW") {
    s.p(0, 0, 1) = 1;
    s.x(0, 1) = 1;
    s.state(0, 0) = 5 + 0.5 * (0.9 * 1 - 4 / 0.8);
    s.state(0, 1) = s.state(0, 0) + 0.5 * 0.9 * 4;
    expected = {"simultaneous"};
    expected_where = "asset b0, step 2025-01-01T00:00:00Z";
  }
  SECTION("p_bounds: 3 MW in a market prequalified for 2.5") {
    s.p(0, 1, 1) = 3;
    s.x(1, 1) = 3;
    s.p(0, 1, 2) = 1;
    s.x(1, 2) = 1;
    expected = {"p_bounds"};
    expected_where = "asset b0, market da_down, step 2025-01-01T00:30:00Z";
  }
  SECTION("x_bounds: a negative bid (implied by link and p >= 0, so link fails too)") {
    s.x(1, 0) = -0.5;
    expected = {"x_bounds", "link"};
    expected_where = "market da_up, step 2025-01-01T00:30:00Z";
  }
  SECTION("cap: 2 MW in a market capped at 1.8") {
    s.p(0, 1, 1) = 2;
    s.x(1, 1) = 2;
    s.p(0, 1, 2) = 2;
    s.x(1, 2) = 2;
    expected = {"cap"};
    expected_where = "market afrr_down, step 2025-01-01T00:30:00Z";
  }
  SECTION("minbid: 0.5 MW in a market whose minimum bid is 1") {
    s.p(0, 1, 2) = 0.5;
    s.x(1, 2) = 0.5;
    s.state(0, 1) = 2.5 + 0.5 * 0.9 * 3;
    expected = {"minbid"};
    expected_where = "market afrr_down, step 2025-01-01T00:30:00Z";
  }
  SECTION("soc: the state of charge does not follow the recursion") {
    s.state(0, 1) = 4.4;
    expected = {"soc"};
    expected_where = "asset b0, step 2025-01-01T00:30:00Z";
  }
  SECTION("soc_bounds: soc 2.5 below a minimum of 3") {
    in.assets[0].soc_min_mwh = 3;
    expected = {"soc_bounds"};
    expected_where = "asset b0, step 2025-01-01T00:00:00Z";
  }
  SECTION("soc_final: final soc 4.3 below a required 4.5") {
    in.assets[0].soc_final_min_mwh = 4.5;
    expected = {"soc_final"};
    expected_where = "asset b0, step 2025-01-01T00:30:00Z";
  }

  const CheckReport r = check_schedule(in, s);
  INFO(format_report(r));
  CHECK_FALSE(r.ok);
  CHECK(failing(r) == expected);
  const ConstraintFamilyReport& worst = family(r, *expected.begin());
  CHECK(worst.where.find(expected_where) != std::string::npos);
  CHECK(worst.worst_violation > fleetopt::core::tol::kCheckAbsolute);
}

TEST_CASE("checker: violations are scaled by the row's largest coefficient", "[fleet][checker]") {
  const Instance in = tiny_instance();
  FleetSolution s = feasible_schedule();
  // soc row of b0: coefficients 1, 1, dt*etac = 0.45, dt/etad = 0.625 -> scale 1.
  s.state(0, 1) = 4.3 + 0.25;
  CHECK(family(check_schedule(in, s), "soc").worst_violation == Approx(0.25));
  // dis row: sum p - P u with P = 4 -> scale 4; 5 MW up is 1 MW over -> 0.25.
  s = feasible_schedule();
  s.p(0, 0, 3) = 1;
  s.x(0, 3) = 1;
  s.state(0, 0) = 1.875;
  s.state(0, 1) = 1.875 + 1.8;
  CHECK(family(check_schedule(in, s), "dis").worst_violation == Approx(0.25));
  // A violation just below the tolerance passes; one just above fails.
  s = feasible_schedule();
  s.state(0, 1) = 4.3 + 0.5e-6;
  CHECK(check_schedule(in, s).ok);
  s.state(0, 1) = 4.3 + 2e-6;
  CHECK_FALSE(check_schedule(in, s).ok);
}

TEST_CASE("checker: the mode column must agree with the powers", "[fleet][checker]") {
  const Instance in = tiny_instance();
  const FleetSolution s = feasible_schedule();
  std::vector<std::string> modes = {"charge", "charge"};  // step 1 discharges 4 MW
  CheckReport r = check_schedule(in, s, kHandRevenue, &modes);
  CHECK(failing(r) == std::set<std::string>{"mode"});
  CHECK(family(r, "mode").worst_violation == Approx(1.0));  // 4 MW over scale 4
  modes = {"discharge", "idle"};
  CHECK(failing(check_schedule(in, s, kHandRevenue, &modes)) == std::set<std::string>{"mode"});
  modes = {"discharge", "sleeping"};
  r = check_schedule(in, s, kHandRevenue, &modes);
  CHECK(failing(r) == std::set<std::string>{"mode"});
  CHECK(family(r, "mode").where.find("sleeping") != std::string::npos);
}

TEST_CASE("checker: the claimed objective must match the recomputed revenue", "[fleet][checker]") {
  const Instance in = tiny_instance();
  const FleetSolution s = feasible_schedule();
  CHECK(check_schedule(in, s, kHandRevenue * (1 + 5e-8)).ok);  // within 1e-7 relative
  const CheckReport r = check_schedule(in, s, kHandRevenue + 0.01);
  CHECK(failing(r) == std::set<std::string>{"objective"});
  CHECK(family(r, "objective").worst_violation == Approx(0.01));
  // Near zero the absolute floor decides: a schedule that does nothing earns 0.
  FleetSolution idle(1, 2, 4);
  idle.state(0, 0) = idle.state(0, 1) = 5;
  CHECK(check_schedule(in, idle, 5e-7).ok);
  CHECK_FALSE(check_schedule(in, idle, 1e-4).ok);
}

TEST_CASE("checker: non-finite values are infinite violations", "[fleet][checker]") {
  const Instance in = tiny_instance();
  FleetSolution s = feasible_schedule();
  s.state(0, 0) = std::numeric_limits<double>::quiet_NaN();
  const CheckReport r = check_schedule(in, s);
  CHECK_FALSE(r.ok);
  CHECK(std::isinf(family(r, "soc").worst_violation));
  CHECK(std::isinf(family(r, "soc_bounds").worst_violation));
}

TEST_CASE("checker: a schedule of the wrong shape is refused", "[fleet][checker]") {
  const Instance in = tiny_instance();
  CHECK_THROWS_AS(check_schedule(in, FleetSolution(1, 3, 4)), std::invalid_argument);
  const std::vector<std::string> one_mode = {"idle"};
  CHECK_THROWS_AS(check_schedule(in, feasible_schedule(), std::nullopt, &one_mode), std::invalid_argument);
}

TEST_CASE("checker: the report names each failing family and where", "[fleet][checker]") {
  const Instance in = tiny_instance();
  FleetSolution s = feasible_schedule();
  s.state(0, 1) = 4.4;
  const std::string text = format_report(check_schedule(in, s, kHandRevenue));
  CHECK(text.find("soc ") != std::string::npos);
  CHECK(text.find("FAIL") != std::string::npos);
  CHECK(text.find("asset b0, step 2025-01-01T00:30:00Z") != std::string::npos);
  CHECK(text.find("check FAILED") != std::string::npos);
}
