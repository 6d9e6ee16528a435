// The reference data set (data/reference, docs/reference.md): every instance of optima.csv is
// solved again with CBC in BOTH formulations; the optimum must equal the CSV's (agreed by CBC,
// GLPK and HiGHS at zero gap), the result folder must round-trip, and the schedule read back
// must pass the independent checker. The infeasible instance must be infeasible by the spec's
// rule. Each instance solves in well under a second.
#include <string>
#include <unistd.h>
#include <catch2/catch.hpp>
#include <cmath>
#include <filesystem>

#include "fleetopt/core/csv.hpp"
#include "fleetopt/core/tolerances.hpp"
#include "fleetopt/fleet/checker.hpp"
#include "fleetopt/fleet/formulation.hpp"
#include "fleetopt/fleet/instance_io.hpp"
#include "fleetopt/fleet/solution.hpp"
#include "fleetopt/reference/reference_solver.hpp"
#include "requirements.hpp"
#include "scratch.hpp"

using namespace fleetopt;
namespace fs = std::filesystem;

namespace {

struct ReferenceRow {
  std::string instance;  // path relative to the source tree
  std::string status;
  double objective = 0.0;
};

std::vector<ReferenceRow> reference_rows() {
  const core::CsvTable table = core::read_csv(FLEETOPT_SOURCE_DIR "/data/reference/optima.csv");
  const int instance = table.column("instance"), status = table.column("status"),
            objective = table.column("objective");
  REQUIRE(instance >= 0);
  REQUIRE(status >= 0);
  REQUIRE(objective >= 0);
  std::vector<ReferenceRow> rows;
  for (const auto& r : table.rows) {
    ReferenceRow row{r.fields[instance], r.fields[status], 0.0};
    if (row.status == "optimal")
      row.objective = core::parse_finite_double(r.fields[objective], table.file, r.line, objective + 1, "objective");
    rows.push_back(row);
  }
  return rows;
}

}  // namespace

TEST_CASE("reference set: the CSV covers the required cases", "[reference][set]") {
  const auto rows = reference_rows();
  CHECK(rows.size() >= 10);
  int infeasible = 0;
  bool has_seed = false;
  for (const auto& r : rows) {
    CHECK(fs::exists(fs::path(FLEETOPT_SOURCE_DIR) / r.instance));
    infeasible += r.status == "infeasible";
    if (r.instance == "data/seed-numpy0/instance.toml") {
      has_seed = true;
      // The published optimum of the original script's data under the spec's model.
      CHECK(r.objective == Approx(2680.40).epsilon(1e-9));
    }
  }
  CHECK(has_seed);
  CHECK(infeasible >= 1);
}

TEST_CASE("reference set: CBC reproduces every optimum in both formulations, and the result checks",
          "[reference][set]") {
  if (!reference::reference_available(reference::ReferenceSolver::cbc)) {
    fleetopt::test::missing_reference_solver(reference::ReferenceSolver::cbc, "cbc is not on PATH: reference set not solved");
    return;
  }
  const fs::path scratch = fleetopt::test::scratch_root() / "reference_set";
  for (const ReferenceRow& row : reference_rows()) {
    const fleet::Instance instance = fleet::read_instance(fs::path(FLEETOPT_SOURCE_DIR) / row.instance);
    INFO(row.instance);
    if (row.status == "infeasible") {
      CHECK_FALSE(instance.trivial_infeasibility().empty());
      continue;
    }
    REQUIRE(row.status == "optimal");
    REQUIRE(instance.trivial_infeasibility().empty());
    for (fleet::Formulation formulation : {fleet::Formulation::tight, fleet::Formulation::basic}) {
      INFO("formulation " << fleet::to_string(formulation));
      const fleet::FleetModel model = fleet::build_model(instance, formulation);
      reference::ReferenceOptions options;
      options.time_limit_seconds = 60;
      const reference::ReferenceResult result =
          reference::solve_reference(model.model, reference::ReferenceSolver::cbc, options);
      INFO(result.log_tail);
      REQUIRE(result.status == reference::ReferenceStatus::optimal);
      const double difference = std::abs(*result.objective - row.objective) /
                                std::max(1.0, std::abs(row.objective));
      CHECK(difference < core::tol::kObjectiveAgreementRelative);

      // Through the result folder and back, then the independent checker.
      const fleet::FleetSolution schedule = model.schedule_from(result.column_values);
      fleet::SolveSummary summary;
      summary.status = fleet::SolveStatus::optimal;
      summary.objective = result.objective;
      summary.best_bound = result.best_bound;
      summary.gap = result.gap;
      summary.solver = "cbc";
      summary.formulation = fleet::to_string(formulation);
      const fs::path dir = scratch / (instance.name + "-" + fleet::to_string(formulation));
      fs::remove_all(dir);
      fleet::write_result(dir, instance, summary, &schedule);
      const fleet::ResultFolder folder = fleet::read_result(dir);
      std::vector<std::string> modes;
      const fleet::FleetSolution read_back = fleet::align_to_instance(folder, instance, &modes);
      const fleet::CheckReport check = fleet::check_schedule(instance, read_back, folder.summary.objective, &modes);
      INFO(fleet::format_report(check));
      CHECK(check.ok);
      CHECK(std::abs(check.recomputed_objective - row.objective) <=
            core::tol::kObjectiveAgreementRelative * std::max(1.0, std::abs(row.objective)));
    }
  }
  fs::remove_all(scratch);
}
