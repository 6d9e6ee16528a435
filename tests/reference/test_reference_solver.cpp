// The reference adapters end to end on a model small enough to solve by hand:
//
//     max  x + y + 10   s.t.  c1: x + 2y <= 4,  c2: 3x + y <= 6,  x >= 0,  y in {0..10}
//
// LP relaxation: both rows tight, x = 8/5, y = 6/5, objective 12.8. With y integer: y = 0 gives
// x <= 2 (12); y = 1 gives x <= min(2, 5/3) = 5/3 (12.6667); y = 2 gives x <= 0 (12). So the
// optimum is x = 5/3, y = 1, objective 10 + 8/3. Minimising gives x = y = 0, objective 10: a
// solver that ignores the sense, or the constant, is caught.
#include <string>
#include <unistd.h>
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "fleetopt/core/model.hpp"
#include "fleetopt/core/mps.hpp"
#include "fleetopt/core/paths.hpp"
#include "fleetopt/fleet/formulation.hpp"
#include "fleetopt/fleet/generator.hpp"
#include "fleetopt/reference/reference_solver.hpp"
#include "requirements.hpp"
#include "scratch.hpp"

using namespace fleetopt;
using namespace fleetopt::reference;

namespace {

core::Model tiny_model(core::ObjectiveSense sense) {
  core::ModelBuilder b("tiny", sense);
  const int x = b.add_column("x", 1.0, 0.0, core::kInfinity);
  const int y = b.add_column("y", 1.0, 0.0, 10.0, true);
  b.add_row("c1", -core::kInfinity, 4.0, {x, y}, {1.0, 2.0});
  b.add_row("c2", -core::kInfinity, 6.0, {x, y}, {3.0, 1.0});
  b.set_objective_constant(10.0);
  return b.build();
}

// 2y >= 5 with y <= 2: infeasible even as an LP.
core::Model infeasible_model() {
  core::ModelBuilder b("infeasible", core::ObjectiveSense::maximize);
  const int y = b.add_column("y", 1.0, 0.0, 2.0, true);
  b.add_row("c1", 5.0, core::kInfinity, {y}, {2.0});
  return b.build();
}

// Feasible as an LP (y = 1/2), infeasible in integers: 2y = 1.
core::Model integer_infeasible_model() {
  core::ModelBuilder b("intinf", core::ObjectiveSense::maximize);
  const int y = b.add_column("y", 1.0, 0.0, 2.0, true);
  b.add_row("c1", 1.0, 1.0, {y}, {2.0});
  return b.build();
}

}  // namespace

TEST_CASE("reference solvers: max, min, relaxation, constant, infeasible", "[reference][solver]") {
  for (ReferenceSolver solver : {ReferenceSolver::cbc, ReferenceSolver::glpk, ReferenceSolver::highs}) {
    DYNAMIC_SECTION(to_string(solver)) {
      if (!reference_available(solver)) {
        fleetopt::test::missing_reference_solver(solver);
        continue;
      }
      ReferenceOptions options;
      options.time_limit_seconds = 30;

      ReferenceResult r = solve_reference(tiny_model(core::ObjectiveSense::maximize), solver, options);
      INFO(r.log_tail);
      REQUIRE(r.status == ReferenceStatus::optimal);
      CHECK(*r.objective == Approx(10.0 + 8.0 / 3.0).epsilon(1e-9));
      REQUIRE(r.column_values.size() == 2);
      CHECK(r.column_values[0] == Approx(5.0 / 3.0).epsilon(1e-9));
      CHECK(r.column_values[1] == Approx(1.0).margin(1e-9));
      CHECK(*r.gap == Approx(0.0).margin(1e-9));
      CHECK(*r.best_bound == Approx(10.0 + 8.0 / 3.0).epsilon(1e-9));
      CHECK_FALSE(r.solver_version.empty());
      CHECK(r.solver == to_string(solver));

      r = solve_reference(tiny_model(core::ObjectiveSense::minimize), solver, options);
      REQUIRE(r.status == ReferenceStatus::optimal);
      CHECK(*r.objective == Approx(10.0).epsilon(1e-12));

      options.relax_integrality = true;
      r = solve_reference(tiny_model(core::ObjectiveSense::maximize), solver, options);
      REQUIRE(r.status == ReferenceStatus::optimal);
      CHECK(*r.objective == Approx(12.8).epsilon(1e-9));
      CHECK(r.column_values[1] == Approx(1.2).epsilon(1e-9));
      options.relax_integrality = false;

      CHECK(solve_reference(infeasible_model(), solver, options).status == ReferenceStatus::infeasible);
      CHECK(solve_reference(integer_infeasible_model(), solver, options).status == ReferenceStatus::infeasible);
    }
  }
}

TEST_CASE("reference solvers: a batch gives each model its own answer", "[reference][solver][batch]") {
  // The hand-solved models of the test above, in an order where a shifted or swapped answer shows.
  const std::vector<core::Model> models = {tiny_model(core::ObjectiveSense::maximize), infeasible_model(),
                                           tiny_model(core::ObjectiveSense::minimize), integer_infeasible_model(),
                                           tiny_model(core::ObjectiveSense::maximize)};
  for (ReferenceSolver solver : {ReferenceSolver::highs, ReferenceSolver::cbc}) {
    DYNAMIC_SECTION(to_string(solver)) {
      if (!reference_available(solver)) {
        fleetopt::test::missing_reference_solver(solver);
        continue;
      }
      ReferenceOptions options;
      options.time_limit_seconds = 30;
      const std::vector<ReferenceResult> r = solve_reference_batch(models, solver, options);
      REQUIRE(r.size() == models.size());
      for (const ReferenceResult& one : r) CHECK(one.solver == to_string(solver));
      INFO(r[0].log_tail);
      REQUIRE(r[0].status == ReferenceStatus::optimal);
      CHECK(*r[0].objective == Approx(10.0 + 8.0 / 3.0).epsilon(1e-9));
      REQUIRE(r[0].column_values.size() == 2);
      CHECK(r[0].column_values[0] == Approx(5.0 / 3.0).epsilon(1e-9));
      CHECK(r[0].column_values[1] == Approx(1.0).margin(1e-9));
      CHECK(*r[0].best_bound == Approx(10.0 + 8.0 / 3.0).epsilon(1e-9));
      CHECK_FALSE(r[0].solver_version.empty());
      CHECK(r[1].status == ReferenceStatus::infeasible);
      REQUIRE(r[2].status == ReferenceStatus::optimal);
      CHECK(*r[2].objective == Approx(10.0).epsilon(1e-12));
      CHECK(r[3].status == ReferenceStatus::infeasible);
      REQUIRE(r[4].status == ReferenceStatus::optimal);
      CHECK(*r[4].objective == Approx(10.0 + 8.0 / 3.0).epsilon(1e-9));

      options.relax_integrality = true;
      const std::vector<ReferenceResult> relaxed = solve_reference_batch({models[0], models[2]}, solver, options);
      REQUIRE(relaxed.size() == 2);
      REQUIRE(relaxed[0].status == ReferenceStatus::optimal);
      CHECK(*relaxed[0].objective == Approx(12.8).epsilon(1e-9));
      CHECK(relaxed[0].column_values[1] == Approx(1.2).epsilon(1e-9));
      REQUIRE(relaxed[1].status == ReferenceStatus::optimal);
      CHECK(*relaxed[1].objective == Approx(10.0).epsilon(1e-12));
    }
  }
  CHECK(solve_reference_batch({}, ReferenceSolver::highs).empty());
}

TEST_CASE("reference solvers: models a batch process never answered are errors that say so",
          "[reference][solver][batch]") {
  if (!reference_available(ReferenceSolver::highs)) {
    fleetopt::test::missing_reference_solver(ReferenceSolver::highs,
                                             "HiGHS (via /usr/bin/python3 and scipy) is not available: skipped");
    return;
  }
  // A stand-in for scipy_highs.py that answers the first job of its list and then dies, as a
  // crash or a kill mid-batch would leave it.
  const std::filesystem::path script = fleetopt::test::scratch_file("dying_batch.py");
  {
    std::ofstream out(script);
    out << "import json, sys\n"
           "model, solution = open(sys.argv[2]).readline().rstrip('\\n').split('\\t')\n"
           "open(solution, 'w').write('y 0.0\\n')\n"
           "print(json.dumps({'status': 'optimal', 'objective': 0.0, 'model': model}), flush=True)\n"
           "sys.exit(1)\n";
  }
  const char* previous = std::getenv("FLEETOPT_SCIPY_HIGHS");
  const std::string saved = previous ? previous : "";
  setenv("FLEETOPT_SCIPY_HIGHS", script.c_str(), 1);
  const std::vector<ReferenceResult> r =
      solve_reference_batch({infeasible_model(), infeasible_model()}, ReferenceSolver::highs);
  if (previous) setenv("FLEETOPT_SCIPY_HIGHS", saved.c_str(), 1);
  else unsetenv("FLEETOPT_SCIPY_HIGHS");
  std::filesystem::remove(script);
  REQUIRE(r.size() == 2);
  // The first answer is mapped as the stand-in gave it (objective 0 is consistent with its y = 0);
  // the second model was never answered.
  CHECK(r[0].status == ReferenceStatus::optimal);
  CHECK(*r[0].objective == 0.0);
  CHECK(r[1].status == ReferenceStatus::error);
  CHECK(r[1].log_tail.find("printed no result for model 1 of 2") != std::string::npos);
}

TEST_CASE("HiGHS without presolve: a fleet whose optimum is 0 by hand", "[reference][solver][highs]") {
  if (!reference_available(ReferenceSolver::highs)) {
    fleetopt::test::missing_reference_solver(ReferenceSolver::highs,
                                             "HiGHS (via /usr/bin/python3 and scipy) is not available: skipped");
    return;
  }
  // Found by the differential test (case 781): one asset, prequalified 3 MW up and 9 MW down,
  // minimum bids of 9 MW in both markets, down prices all positive. An up bid needs
  // 9 <= x <= 3, so the asset can only charge, which costs money and is never sold: doing
  // nothing (revenue 0) is optimal. The HiGHS in SciPy 1.10 reports -381.33 with presolve on.
  fleet::GeneratorOptions g;
  g.assets = 1;
  g.markets = 2;
  g.steps = 8;
  g.seed = 856079;
  g.heterogeneous = true;
  g.min_bid_mw = 9;
  g.price_shape = fleet::PriceShape::daily;
  g.price_noise = 0.2;
  g.negative_spike_probability = 0.1;
  const fleet::Instance instance = fleet::generate_instance(g);
  REQUIRE(instance.assets[0].prequalified_mw == std::vector<double>{3.0, 9.0});
  REQUIRE(instance.markets[0].direction == fleet::Direction::up);
  for (int t = 0; t < instance.num_steps(); ++t) REQUIRE(instance.price(t, 1) > 0.0);
  const core::Model model = fleet::build_model(instance).model;
  ReferenceOptions options;
  options.time_limit_seconds = 30;
  options.presolve = false;
  const ReferenceResult single = solve_reference(model, ReferenceSolver::highs, options);
  INFO(single.log_tail);
  REQUIRE(single.status == ReferenceStatus::optimal);
  CHECK(*single.objective == Approx(0.0).margin(1e-9));
  const std::vector<ReferenceResult> batch = solve_reference_batch({model, model}, ReferenceSolver::highs, options);
  for (const ReferenceResult& r : batch) {
    REQUIRE(r.status == ReferenceStatus::optimal);
    CHECK(*r.objective == Approx(0.0).margin(1e-9));
  }
}

TEST_CASE("reference solvers: names and availability", "[reference][solver]") {
  CHECK(reference_solver_from_string("cbc") == ReferenceSolver::cbc);
  CHECK(reference_solver_from_string("glpk") == ReferenceSolver::glpk);
  CHECK(reference_solver_from_string("highs") == ReferenceSolver::highs);
  CHECK_THROWS_AS(reference_solver_from_string("cplex"), std::invalid_argument);
  CHECK(std::string(to_string(ReferenceStatus::no_solution)) == "no_solution");
}

namespace {

// A 400-item, 12-constraint 0/1 knapsack that none of the three solvers closes in a second
// (weights and values from a fixed linear congruential sequence, so every run sees the same model).
core::Model hard_knapsack() {
  core::ModelBuilder b("knapsack", core::ObjectiveSense::maximize);
  std::uint64_t state = 12345;
  auto next = [&](int low, int high) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return low + static_cast<int>((state >> 33) % static_cast<std::uint64_t>(high - low + 1));
  };
  const int items = 400, rows = 12;
  std::vector<std::vector<double>> weight(rows, std::vector<double>(items));
  std::vector<int> cols;
  for (int j = 0; j < items; ++j) cols.push_back(b.add_column("x" + std::to_string(j), next(30, 90), 0.0, 1.0, true));
  for (int i = 0; i < rows; ++i) {
    double total = 0.0;
    for (int j = 0; j < items; ++j) total += weight[i][j] = next(20, 80);
    b.add_row("r" + std::to_string(i), -core::kInfinity, std::floor(total / 3), cols, weight[i]);
  }
  return b.build();
}

}  // namespace

TEST_CASE("reference solvers: a time limit gives a feasible solution with a bound", "[reference][solver][long]") {
  const core::Model model = hard_knapsack();
  for (ReferenceSolver solver : {ReferenceSolver::cbc, ReferenceSolver::glpk, ReferenceSolver::highs}) {
    DYNAMIC_SECTION(to_string(solver)) {
      if (!reference_available(solver)) {
        fleetopt::test::missing_reference_solver(solver);
        continue;
      }
      ReferenceOptions options;
      options.time_limit_seconds = 1;
      const ReferenceResult r = solve_reference(model, solver, options);
      INFO(r.log_tail);
      REQUIRE((r.status == ReferenceStatus::feasible || r.status == ReferenceStatus::optimal));
      CHECK(r.seconds < 20);
      // The values are a feasible point whose objective is the one reported.
      const std::vector<double> activity = model.row_activity(r.column_values);
      for (int i = 0; i < model.num_rows(); ++i) CHECK(activity[i] <= model.row_upper[i] + 1e-6);
      CHECK(model.objective_value(r.column_values) == Approx(*r.objective).epsilon(1e-9));
      REQUIRE(r.best_bound);
      CHECK(*r.best_bound >= *r.objective - 1e-6);
      if (r.status == ReferenceStatus::feasible) CHECK(*r.gap > 0.0);
    }
  }
}

TEST_CASE("reference solvers reproduce the Netlib LP optima through our MPS writer", "[reference][solver][netlib]") {
  const auto shared = core::shared_data_dir();
  if (!shared || !std::filesystem::exists(*shared / "netlib" / "optima.tsv")) {
    fleetopt::test::missing_shared_data();
    return;
  }
  // Small LPs with ranges, free rows, negative and fixed bounds: each solver reads our writer's
  // file of the model our reader read, and must land on the published optimum.
  const std::map<std::string, double> optimum = [&] {
    std::map<std::string, double> out;
    std::ifstream in(*shared / "netlib" / "optima.tsv");
    std::string line;
    std::getline(in, line);  // header: name rows cols nonzeros optimal_objective
    while (std::getline(in, line)) {
      std::istringstream fields(line);
      std::string name;
      int rows = 0, cols = 0, nonzeros = 0;
      double objective = 0.0;
      if (fields >> name >> rows >> cols >> nonzeros >> objective) out[name] = objective;
    }
    return out;
  }();
  for (const char* name : {"afiro", "sc50a", "adlittle", "kb2", "blend", "boeing2"}) {
    REQUIRE(optimum.count(name));
    const core::Model model = core::read_mps(*shared / "netlib" / (std::string(name) + ".mps.gz"));
    for (ReferenceSolver solver : {ReferenceSolver::cbc, ReferenceSolver::glpk, ReferenceSolver::highs}) {
      if (!reference_available(solver)) {
        fleetopt::test::missing_reference_solver(solver, std::string(to_string(solver)) +
                                                             " is not available on this machine: skipped for " + name);
        continue;
      }
      ReferenceOptions options;
      options.time_limit_seconds = 60;
      options.relax_integrality = true;
      const ReferenceResult r = solve_reference(model, solver, options);
      INFO(name << " with " << to_string(solver) << "\n" << r.log_tail);
      REQUIRE(r.status == ReferenceStatus::optimal);
      // optima.tsv gives 11 significant digits.
      CHECK(*r.objective == Approx(optimum.at(name)).epsilon(1e-9));
    }
  }
}
