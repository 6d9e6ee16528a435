// fleetopt export: writes the MILP of docs/model.md section 3 for an instance as free MPS or
// CPLEX LP, for external solvers and for inspection.
#include <iostream>
#include <memory>

#include "command.hpp"
#include "fleetopt/core/errors.hpp"
#include "fleetopt/core/lp_format.hpp"
#include "fleetopt/core/mps.hpp"
#include "fleetopt/fleet/formulation.hpp"
#include "instance_arg.hpp"

namespace fleetopt::app {
namespace {

struct ExportOptions {
  InstanceArg instance;
  std::string mps;
  std::string lp;
  std::string formulation = "hull";
};

int run_export(const ExportOptions& options) {
  if (options.mps.empty() == options.lp.empty())
    throw core::InputError("(command line)", "give exactly one of --mps FILE or --lp FILE");
  const fleet::Instance instance = options.instance.load();
  // An instance whose do-nothing schedule is infeasible still has a well-defined (infeasible)
  // MILP; exporting it is useful to show that to another solver, so warn instead of refusing.
  const std::string why = instance.trivial_infeasibility();
  if (!why.empty()) std::cerr << "fleetopt: warning: the model is infeasible: " << why << "\n";
  const fleet::FleetModel model =
      fleet::build_model(instance, fleet::formulation_from_string(options.formulation));
  const std::string& path = options.mps.empty() ? options.lp : options.mps;
  if (!options.mps.empty())
    core::write_mps(model.model, path);
  else
    core::write_lp(model.model, path);
  std::cout << "wrote " << path << ": " << model.model.num_rows() << " rows, " << model.model.num_cols()
            << " columns (" << model.model.num_integers() << " integer), " << model.model.matrix.nonzeros()
            << " nonzeros, " << options.formulation << " formulation\n";
  return kExitOk;
}

CommandRunner setup_export(CLI::App& command) {
  auto options = std::make_shared<ExportOptions>();
  options->instance.add_to(command);
  auto* mps = command.add_option("--mps", options->mps, "Write free MPS to FILE");
  auto* lp = command.add_option("--lp", options->lp, "Write CPLEX LP format to FILE");
  mps->excludes(lp);
  lp->excludes(mps);
  command.add_option("--formulation", options->formulation, "Model variant: hull (convex hull of each step), tight or basic (docs/fleet-structure.md)")
      ->capture_default_str()
      ->check(CLI::IsMember({"hull", "tight", "basic"}));
  return [options] { return run_export(*options); };
}

const bool registered = register_command(
    {"export", "Write an instance's MILP as MPS or LP (docs/model.md section 3)", setup_export});

}  // namespace
}  // namespace fleetopt::app
