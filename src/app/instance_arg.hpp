// The INSTANCE argument shared by subcommands: a TOML path, or --generate A,M,T[,SEED].
#pragma once

#include <CLI/CLI.hpp>
#include <string>

#include "fleetopt/fleet/instance.hpp"

namespace fleetopt::app {

struct InstanceArg {
  std::string path;
  std::string generate;

  // Adds the positional INSTANCE and the --generate option (exactly one is required).
  void add_to(CLI::App& command);
  // Reads or generates the instance; throws core::InputError on bad input.
  fleet::Instance load() const;
};

}  // namespace fleetopt::app
