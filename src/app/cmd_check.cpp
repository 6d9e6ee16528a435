// `fleetopt check INSTANCE RESULT_DIR`: re-reads a result folder and judges it against the
// instance with the independent checker (docs/model.md section 6; docs/reference.md).
//
// A result with a schedule: every constraint family of section 3 and the claimed objective are
// checked; a claimed best bound below the objective (we maximise) is also a failure.
// A result that says "infeasible" without a schedule: by section 3 an instance is infeasible
// exactly when doing nothing is (Instance::trivial_infeasibility), so the claim is confirmed with
// the reason, or refuted because doing nothing is a feasible schedule.
// Exit codes: 0 everything holds; 1 a check failed or there is nothing to check; 2 malformed input.
#include <cmath>
#include <iostream>
#include <memory>

#include "command.hpp"
#include "fleetopt/core/tolerances.hpp"
#include "fleetopt/fleet/checker.hpp"
#include "fleetopt/fleet/instance_io.hpp"
#include "fleetopt/fleet/solution.hpp"

namespace fleetopt::app {
namespace {

struct CheckOptions {
  std::string instance;
  std::string result;
};

int run_check(const CheckOptions& options) {
  const fleet::Instance instance = fleet::read_instance(options.instance);
  const fleet::ResultFolder folder = fleet::read_result(options.result);
  const fleet::SolveSummary& summary = folder.summary;
  std::cout << "Checking " << options.result << " (status " << fleet::to_string(summary.status)
            << (summary.solver.empty() ? "" : ", solver " + summary.solver) << ") against instance "
            << instance.name << "\n";

  const std::string why_infeasible = instance.trivial_infeasibility();
  if (!folder.has_schedule) {
    if (summary.status != fleet::SolveStatus::infeasible) {
      std::cout << "The result has no schedule (status " << fleet::to_string(summary.status)
                << "): nothing to check.\n";
      return kExitInfeasibleOrCheckFailed;
    }
    if (!why_infeasible.empty()) {
      std::cout << "Confirmed infeasible: " << why_infeasible << "\ncheck passed\n";
      return kExitOk;
    }
    std::cout << "The result says infeasible, but doing nothing is a feasible schedule for this "
                 "instance (every asset has soc_min <= soc_initial <= soc_max and soc_initial >= "
                 "soc_final_min)\ncheck FAILED\n";
    return kExitInfeasibleOrCheckFailed;
  }

  std::vector<std::string> modes;
  const fleet::FleetSolution schedule = fleet::align_to_instance(folder, instance, &modes);
  const fleet::CheckReport report = fleet::check_schedule(instance, schedule, summary.objective, &modes);
  std::cout << fleet::format_report(report);
  bool ok = report.ok;
  if (summary.best_bound && summary.objective) {
    // We maximise: a proven upper bound below the objective reached is impossible.
    const double tolerance =
        std::max(core::tol::kObjectiveCheckRelative * std::abs(*summary.objective),
                 core::tol::kObjectiveCheckAbsoluteFloor);
    if (*summary.best_bound < *summary.objective - tolerance) {
      std::cout << "best_bound " << *summary.best_bound << " is below the objective " << *summary.objective
                << ": check FAILED\n";
      ok = false;
    }
  }
  if (summary.status == fleet::SolveStatus::infeasible) {
    std::cout << "The result says infeasible but carries a schedule: check FAILED\n";
    ok = false;
  }
  return ok ? kExitOk : kExitInfeasibleOrCheckFailed;
}

CommandRunner setup_check(CLI::App& command) {
  auto options = std::make_shared<CheckOptions>();
  command.add_option("INSTANCE", options->instance, "Instance TOML file, or the folder holding its instance.toml")
      ->required();
  command.add_option("RESULT_DIR", options->result, "Result folder (summary.json, bids.csv, dispatch.csv)")
      ->required();
  return [options] { return run_check(*options); };
}

const bool registered = register_command(
    {"check", "Verify a result folder against its instance, independently of the solver", setup_check});

}  // namespace
}  // namespace fleetopt::app
