// The fleetopt command line: parses arguments, runs the chosen subcommand and turns errors into
// the documented exit codes (command.hpp).
#include <iostream>
#include <map>

#include "command.hpp"
#include "fleetopt/core/errors.hpp"
#include "fleetopt/core/paths.hpp"

namespace fleetopt::app {

namespace {
std::vector<CommandSpec>& registry() {
  static std::vector<CommandSpec> commands;
  return commands;
}
}  // namespace

bool register_command(CommandSpec spec) {
  registry().push_back(std::move(spec));
  return true;
}

const std::vector<CommandSpec>& registered_commands() { return registry(); }

}  // namespace fleetopt::app

int main(int argc, char** argv) {
  using namespace fleetopt;
  CLI::App app{"fleetopt: schedule a battery fleet across electricity markets"};
  app.set_version_flag("--version", "fleetopt " + core::version_string());
  app.require_subcommand(1);

  auto commands = app::registered_commands();
  std::sort(commands.begin(), commands.end(),
            [](const auto& a, const auto& b) { return a.name < b.name; });
  std::map<CLI::App*, app::CommandRunner> runners;
  for (const auto& spec : commands) {
    CLI::App* sub = app.add_subcommand(spec.name, spec.description);
    runners[sub] = spec.setup(*sub);
  }

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    // --help and --version are successes; anything else is bad usage.
    return code == 0 ? app::kExitOk : app::kExitBadInput;
  }

  try {
    for (auto& [sub, run] : runners)
      if (sub->parsed()) return run();
    return app::kExitBadInput;
  } catch (const core::InputError& e) {
    std::cerr << "fleetopt: error: " << e.what() << "\n";
    return app::kExitBadInput;
  } catch (const core::InfeasibleInstance& e) {
    std::cerr << "fleetopt: infeasible: " << e.what() << "\n";
    return app::kExitInfeasibleOrCheckFailed;
  } catch (const std::exception& e) {
    std::cerr << "fleetopt: internal error: " << e.what() << "\n";
    return app::kExitInternalError;
  }
}
