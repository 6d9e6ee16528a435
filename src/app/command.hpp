// How subcommands plug into the fleetopt command line: each src/app/cmd_<name>.cpp registers itself
// at static-initialisation time with a setup function that declares its options on a CLI11
// subcommand and returns the function that runs it. main.cpp owns parsing and error reporting.
//
// Exit codes (README): 0 success; 1 model infeasible or a check failed; 2 bad usage or bad input;
// 3 internal error (a bug or an external solver failure); 4 a limit (time, nodes) or an interrupt
// stopped the solver before it had a solution.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <string>
#include <vector>

namespace fleetopt::app {

inline constexpr int kExitOk = 0;
inline constexpr int kExitInfeasibleOrCheckFailed = 1;
inline constexpr int kExitBadInput = 2;
inline constexpr int kExitInternalError = 3;
inline constexpr int kExitLimitWithoutSolution = 4;

using CommandRunner = std::function<int()>;

struct CommandSpec {
  std::string name;
  std::string description;
  std::function<CommandRunner(CLI::App&)> setup;
};

// Returns true so that a command file can write:
//   static const bool registered = register_command({"check", "...", setup_check});
bool register_command(CommandSpec spec);
const std::vector<CommandSpec>& registered_commands();

}  // namespace fleetopt::app
