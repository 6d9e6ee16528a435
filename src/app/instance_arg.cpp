#include "instance_arg.hpp"

#include "fleetopt/core/errors.hpp"
#include "fleetopt/fleet/generator.hpp"
#include "fleetopt/fleet/instance_io.hpp"

namespace fleetopt::app {

void InstanceArg::add_to(CLI::App& command) {
  auto* positional = command.add_option(
      "INSTANCE", path, "Instance TOML file, or the folder holding its instance.toml (docs/model.md section 4)");
  auto* gen = command.add_option("--generate", generate,
                                 "Generate the instance instead: A,M,T[,SEED] (assets, markets, steps)");
  positional->excludes(gen);
  gen->excludes(positional);
}

fleet::Instance InstanceArg::load() const {
  if (!generate.empty()) return fleet::generate_instance(fleet::parse_generate_spec(generate));
  if (path.empty())
    throw core::InputError("(command line)", "give an INSTANCE file or --generate A,M,T[,SEED]");
  return fleet::read_instance(path);
}

}  // namespace fleetopt::app
