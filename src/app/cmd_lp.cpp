// fleetopt lp FILE: solves the LP relaxation of an MPS model (integrality dropped) with our own
// simplex (dual by default, --algorithm primal) and prints status, objective, iterations and
// seconds; --json prints exactly one JSON object with those keys (and the algorithm, pricing
// rules and ratio test: --algorithm, --pricing, --primal-pricing, --ratio-test). Exit 0 when
// optimal or a limit was reached (the status says which), 1 when infeasible or unbounded, 3 on
// numerical trouble.
#include <iomanip>
#include <iostream>
#include <limits>
#include <memory>
#include <nlohmann/json.hpp>

#include "command.hpp"
#include "fleetopt/core/mps.hpp"
#include "fleetopt/core/timer.hpp"
#include "fleetopt/lp/lp_solver.hpp"

namespace fleetopt::app {
namespace {

struct LpCommandOptions {
  std::string file;
  bool json = false;
  double time_limit = 0.0;  // 0: none
  std::string pricing = lp::to_string(lp::LpOptions{}.dual_pricing);
  std::string ratio_test = lp::to_string(lp::LpOptions{}.dual_ratio_test);
  std::string primal_pricing = lp::to_string(lp::LpOptions{}.primal_pricing);
  std::string algorithm = lp::to_string(lp::LpOptions{}.algorithm);
};

int run_lp(const LpCommandOptions& options) {
  core::Timer read_timer;
  const core::Model model = core::read_mps(options.file);
  const double read_seconds = read_timer.seconds();
  lp::LpOptions lp_options;
  if (options.time_limit > 0) lp_options.time_limit_seconds = options.time_limit;
  lp_options.dual_pricing = lp::parse_dual_pricing_rule(options.pricing);  // both checked by CLI11 already
  lp_options.dual_ratio_test = lp::parse_dual_ratio_test_rule(options.ratio_test);
  lp_options.primal_pricing = lp::parse_primal_pricing_rule(options.primal_pricing);
  lp_options.algorithm = lp::parse_simplex_algorithm(options.algorithm);
  const lp::LpResult result = lp::solve_lp(model, lp_options);
  const bool has_objective = result.status == lp::LpStatus::optimal;
  if (options.json) {
    nlohmann::json out;
    out["status"] = lp::to_string(result.status);
    out["objective"] = has_objective ? nlohmann::json(result.objective) : nlohmann::json(nullptr);
    out["iterations"] = result.iterations;
    out["seconds"] = result.seconds;
    out["pricing"] = options.pricing;
    out["ratio_test"] = options.ratio_test;
    out["primal_pricing"] = options.primal_pricing;
    out["algorithm"] = options.algorithm;
    std::cout << out.dump() << "\n";
  } else {
    std::cout << model.name << ": " << model.num_rows() << " rows, " << model.num_cols() << " columns, "
              << model.matrix.nonzeros() << " nonzeros (read in " << std::setprecision(3) << read_seconds
              << " s)\n";
    std::cout << "status      " << lp::to_string(result.status) << "\n";
    if (has_objective)
      std::cout << "objective   " << std::setprecision(std::numeric_limits<double>::max_digits10) << result.objective
                << "\n";
    std::cout << "iterations  " << result.iterations << " (dual " << result.dual_iterations << ", primal "
              << result.primal_iterations << ")\n";
    std::cout << "seconds     " << std::setprecision(4) << result.seconds << "\n";
  }
  switch (result.status) {
    case lp::LpStatus::infeasible:
    case lp::LpStatus::unbounded:
      return kExitInfeasibleOrCheckFailed;
    case lp::LpStatus::numerical_trouble:
      return kExitInternalError;
    default:
      return kExitOk;
  }
}

CommandRunner setup_lp(CLI::App& command) {
  auto options = std::make_shared<LpCommandOptions>();
  command.add_option("FILE", options->file, "MPS file (.mps or .mps.gz)")->required();
  command.add_flag("--json", options->json,
                   "Print one JSON object: status, objective, iterations, seconds, pricing, ratio_test, primal_pricing, "
                   "algorithm");
  command.add_option("--time-limit", options->time_limit, "Stop after S seconds (status time_limit)")
      ->check(CLI::NonNegativeNumber);
  command.add_option("--pricing", options->pricing, "Dual simplex row choice: steepest-edge, devex or dantzig")
      ->check(CLI::IsMember(lp::dual_pricing_rule_names()))
      ->capture_default_str();
  command.add_option("--ratio-test", options->ratio_test, "Dual simplex column choice: bound-flipping or harris")
      ->check(CLI::IsMember({"bound-flipping", "harris"}))
      ->capture_default_str();
  command.add_option("--algorithm", options->algorithm,
                     "dual: the dual simplex does the work (primal clean-up); primal: a feasible basis from the dual "
                     "simplex on zero costs, then the primal simplex")
      ->check(CLI::IsMember({"dual", "primal"}))
      ->capture_default_str();
  command.add_option("--primal-pricing", options->primal_pricing, "Primal simplex column choice: devex or dantzig")
      ->check(CLI::IsMember({"devex", "dantzig"}))
      ->capture_default_str();
  return [options] { return run_lp(*options); };
}

const bool registered = register_command(
    {"lp", "Solve the LP relaxation of an MPS model with fleetopt's simplex", setup_lp});

}  // namespace
}  // namespace fleetopt::app
