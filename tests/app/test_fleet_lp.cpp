// Our LP engine on fleet models: the LP relaxation of every reference instance, in both
// formulations, against HiGHS (through SciPy); a fleet instance made infeasible, with its Farkas
// certificate checked here by separate arithmetic; and `fleetopt lp --json`.
#include <catch2/catch.hpp>
#include <cmath>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "cli_runner.hpp"
#include "fleetopt/core/csv.hpp"
#include "fleetopt/core/mps.hpp"
#include "fleetopt/core/tolerances.hpp"
#include "fleetopt/fleet/formulation.hpp"
#include "fleetopt/fleet/generator.hpp"
#include "fleetopt/fleet/instance_io.hpp"
#include "fleetopt/lp/lp_solver.hpp"
#include "fleetopt/reference/reference_solver.hpp"
#include "requirements.hpp"

using namespace fleetopt;
namespace fs = std::filesystem;

namespace {

// Feasible instances of the reference set (data/reference/optima.csv).
std::vector<std::string> feasible_reference_instances() {
  const core::CsvTable table = core::read_csv(FLEETOPT_SOURCE_DIR "/data/reference/optima.csv");
  std::vector<std::string> paths;
  for (const auto& row : table.rows)
    if (row.fields[table.column("status")] == "optimal")
      paths.push_back(FLEETOPT_SOURCE_DIR "/" + row.fields[table.column("instance")]);
  return paths;
}

double relative_difference(double a, double b) { return std::abs(a - b) / std::max(1.0, std::abs(b)); }

}  // namespace

TEST_CASE("LP relaxations of the reference instances match HiGHS in both formulations", "[app][lp][fleet]") {
  if (!reference::reference_available(reference::ReferenceSolver::highs)) {
    test::missing_reference_solver(reference::ReferenceSolver::highs,
                                   "HiGHS (via /usr/bin/python3 and scipy) is not available: run scripts/setup.sh");
    return;
  }
  const auto instances = feasible_reference_instances();
  REQUIRE(instances.size() >= 10);
  reference::ReferenceOptions relaxed;
  relaxed.relax_integrality = true;
  for (const auto& path : instances) {
    const fleet::Instance instance = fleet::read_instance(path);
    double tight_bound = 0.0, basic_bound = 0.0;
    for (auto formulation : {fleet::Formulation::basic, fleet::Formulation::tight}) {
      INFO(path << " (" << fleet::to_string(formulation) << ")");
      const fleet::FleetModel fm = fleet::build_model(instance, formulation);
      const lp::LpResult ours = lp::solve_lp(fm.model);
      REQUIRE(ours.status == lp::LpStatus::optimal);
      const reference::ReferenceResult highs = reference::solve_reference(fm.model, reference::ReferenceSolver::highs, relaxed);
      REQUIRE(highs.status == reference::ReferenceStatus::optimal);
      REQUIRE(highs.objective.has_value());
      CHECK(relative_difference(ours.objective, *highs.objective) < core::tol::kObjectiveAgreementRelative);
      (formulation == fleet::Formulation::tight ? tight_bound : basic_bound) = ours.objective;
    }
    // The tight formulation's extra rows can only cut the relaxation (maximisation: lower bound).
    CHECK(tight_bound <= basic_bound + 1e-9 * std::max(1.0, std::abs(basic_bound)));
  }
}

TEST_CASE("a fleet instance that cannot reach its minimum state of charge is LP-infeasible with a valid Farkas ray",
          "[app][lp][fleet]") {
  fleet::Instance instance = fleet::read_instance(FLEETOPT_SOURCE_DIR "/data/seed-numpy0/instance.toml");
  // a0 starts at 1 MWh below its 2 MWh minimum and may not charge (no down prequalification):
  // soc[a0,1] <= 1 < 2 whatever it does.
  fleet::Asset& a0 = instance.assets[0];
  a0.soc_initial_mwh = 1.0;
  for (int m = 0; m < instance.num_markets(); ++m)
    if (instance.markets[m].direction == fleet::Direction::down) a0.prequalified_mw[m] = 0.0;
  const fleet::FleetModel fm = fleet::build_model(instance, fleet::Formulation::tight);
  const core::Model& model = fm.model;
  const lp::LpResult result = lp::solve_lp(model);
  REQUIRE(result.status == lp::LpStatus::infeasible);
  const std::vector<double>& y = result.farkas_row_multipliers;
  REQUIRE(static_cast<int>(y.size()) == model.num_rows());

  // Farkas: with z = A^T y, every x in the column box has z^T x = y^T (A x). If max z^T x over the
  // column box is below min y^T r over the row box, no x satisfies both. The ray may come with
  // either sign, so both y and -y are tried. Computed here from the model alone.
  auto proves_infeasible = [&](double sign) {
    std::vector<double> z(model.num_cols(), 0.0);
    for (int j = 0; j < model.num_cols(); ++j)
      for (int k = model.matrix.col_start[j]; k < model.matrix.col_start[j + 1]; ++k)
        z[j] += model.matrix.value[k] * sign * y[model.matrix.row_index[k]];
    double max_zx = 0.0, min_yr = 0.0, scale = 0.0;
    for (int j = 0; j < model.num_cols(); ++j) {
      if (std::abs(z[j]) < 1e-9) continue;
      const double bound = z[j] > 0 ? model.col_upper[j] : model.col_lower[j];
      if (!std::isfinite(bound)) return false;
      max_zx += z[j] * bound;
    }
    for (int i = 0; i < model.num_rows(); ++i) {
      const double yi = sign * y[i];
      scale = std::max(scale, std::abs(yi));
      if (yi == 0.0) continue;
      const double bound = yi > 0 ? model.row_lower[i] : model.row_upper[i];
      if (!std::isfinite(bound)) return false;
      min_yr += yi * bound;
    }
    return max_zx < min_yr - 1e-6 * scale;
  };
  CHECK((proves_infeasible(1.0) || proves_infeasible(-1.0)));
}

TEST_CASE("fleetopt lp --json prints one object whose objective matches HiGHS", "[app][lp][cli]") {
  const fs::path dir = test::scratch_dir("lp_json");
  const std::string mps = (dir / "seed.mps").string();
  REQUIRE(test::run_fleetopt("export " FLEETOPT_SOURCE_DIR "/data/seed-numpy0/instance.toml --formulation tight --mps " + mps).exit_code == 0);
  const test::CliRun run = test::run_fleetopt("lp " + mps + " --json");
  INFO(run.output);
  REQUIRE(run.exit_code == 0);
  const nlohmann::json j = nlohmann::json::parse(run.output);
  REQUIRE(j.is_object());
  CHECK(j.size() == 8);
  CHECK(j.at("status") == "optimal");
  CHECK(j.at("pricing") == "steepest-edge");
  CHECK(j.at("ratio_test") == "bound-flipping");
  CHECK(j.at("primal_pricing") == "devex");
  CHECK(j.at("algorithm") == "dual");
  CHECK(j.at("iterations").get<long long>() > 0);
  CHECK(j.at("seconds").get<double>() >= 0.0);
  // The tight relaxation bound of seed-numpy0, solved by CLP independently by the fleet tests, is
  // 3000.95; compare with HiGHS to full precision when it is available.
  const double objective = j.at("objective").get<double>();
  CHECK(objective == Approx(3000.95).margin(0.005));
  // The primal simplex with Dantzig pricing, chosen from the command line, reaches the same bound.
  const test::CliRun primal = test::run_fleetopt("lp " + mps + " --json --algorithm primal --primal-pricing dantzig");
  INFO(primal.output);
  REQUIRE(primal.exit_code == 0);
  const nlohmann::json jp = nlohmann::json::parse(primal.output);
  CHECK(jp.at("algorithm") == "primal");
  CHECK(jp.at("primal_pricing") == "dantzig");
  CHECK(relative_difference(jp.at("objective").get<double>(), objective) < core::tol::kObjectiveAgreementRelative);
  if (reference::reference_available(reference::ReferenceSolver::highs)) {
    reference::ReferenceOptions relaxed;
    relaxed.relax_integrality = true;
    const auto highs = reference::solve_reference(core::read_mps(mps), reference::ReferenceSolver::highs, relaxed);
    REQUIRE(highs.objective.has_value());
    CHECK(relative_difference(objective, *highs.objective) < core::tol::kObjectiveAgreementRelative);
  } else {
    test::missing_reference_solver(reference::ReferenceSolver::highs,
                                   "HiGHS (via /usr/bin/python3 and scipy) is not available: bound not compared with it");
  }
  fs::remove_all(dir);
}

TEST_CASE("warm re-solves after branching on fleet binaries match cold solves", "[app][lp][fleet]") {
  // A generated fleet (4 assets, 4 markets, 24 steps) in the tight formulation; branch on the
  // charge/discharge binaries u[a,t] of the first steps as branch-and-bound would, one bound change
  // at a time, re-solving warm, and compare every warm optimum with a cold solve of a fresh
  // solver given the same bounds.
  fleet::GeneratorOptions options;
  options.assets = 4;
  options.markets = 4;
  options.steps = 24;
  options.seed = 11;
  const fleet::Instance instance = fleet::generate_instance(options);
  const fleet::FleetModel fm = fleet::build_model(instance, fleet::Formulation::tight);
  lp::LpSolver warm(fm.model);
  REQUIRE(warm.solve() == lp::LpStatus::optimal);
  core::Model bounded = fm.model;
  int changes = 0;
  for (int t = 0; t < 6; ++t)
    for (int a = 0; a < instance.num_assets(); ++a) {
      const int u = fm.u_col[a * instance.num_steps() + t];
      if (u < 0) continue;
      // Alternate the branch direction so both u = 0 and u = 1 children appear.
      const double value = (a + t) % 2 == 0 ? 1.0 : 0.0;
      warm.set_col_bounds(u, value, value);
      bounded.col_lower[u] = bounded.col_upper[u] = value;
      ++changes;
      const lp::LpStatus status = warm.solve();
      const lp::LpResult cold = lp::solve_lp(bounded);
      INFO("after " << changes << " bound changes");
      REQUIRE(status == cold.status);
      if (status != lp::LpStatus::optimal) continue;
      CHECK(relative_difference(warm.result().objective, cold.objective) < 1e-9);
      // Warm starts should be much cheaper than starting over.
      CHECK(warm.result().iterations <= cold.iterations);
    }
  CHECK(changes >= 12);
}
