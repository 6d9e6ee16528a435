// Runs the built fleetopt binary for the command-line tests and captures what it prints.
#pragma once

#include <array>
#include <catch2/catch.hpp>
#include <cstdio>
#include <filesystem>
#include <string>
#include <sys/wait.h>

namespace fleetopt::test {

struct CliRun {
  int exit_code;
  std::string output;  // stdout and stderr together
};

inline CliRun run_fleetopt(const std::string& args) {
  const std::string command = std::string(FLEETOPT_BINARY_DIR) + "/fleetopt " + args + " 2>&1";
  CliRun run{-1, ""};
  FILE* pipe = popen(command.c_str(), "r");
  REQUIRE(pipe != nullptr);
  std::array<char, 4096> buffer;
  size_t n;
  while ((n = fread(buffer.data(), 1, buffer.size(), pipe)) > 0) run.output.append(buffer.data(), n);
  const int status = pclose(pipe);
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return run;
}

// A fresh, empty folder under the system temporary folder.
inline std::filesystem::path scratch_dir(const std::string& name) {
  const std::filesystem::path dir = std::filesystem::temp_directory_path() / ("fleetopt_cli_" + name);
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

}  // namespace fleetopt::test
