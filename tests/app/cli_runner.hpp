// Runs the built fleetopt binary for the command-line tests and captures what it prints; or
// starts it in the background (for signals) with its output going to a file.
#pragma once

#include <array>
#include <catch2/catch.hpp>
#include <cstdio>
#include <cstdlib>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

#include "scratch.hpp"

namespace fleetopt::test {

struct CliRun {
  int exit_code;
  std::string output;  // stdout and stderr together
};

// Runs a shell command line, stdout and stderr together.
inline CliRun run_command(const std::string& command_line) {
  const std::string command = command_line + " 2>&1";
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

inline CliRun run_fleetopt(const std::string& args) {
  return run_command(std::string(FLEETOPT_BINARY_DIR) + "/fleetopt " + args);
}

// Starts fleetopt with `args` (no shell) writing stdout and stderr to `output`; returns its pid.
inline pid_t start_fleetopt(const std::vector<std::string>& args, const std::filesystem::path& output) {
  const std::string binary = std::string(FLEETOPT_BINARY_DIR) + "/fleetopt";
  std::vector<char*> argv;
  argv.push_back(const_cast<char*>(binary.c_str()));
  for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  const pid_t pid = fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    const int fd = open(output.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0) _exit(127);
    dup2(fd, STDOUT_FILENO);
    dup2(fd, STDERR_FILENO);
    close(fd);
    execv(binary.c_str(), argv.data());
    _exit(127);
  }
  return pid;
}

// Waits for a process from start_fleetopt. Returns its exit code, or -1 if a signal killed it.
inline int wait_fleetopt(pid_t pid) {
  int status = 0;
  REQUIRE(waitpid(pid, &status, 0) == pid);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

// Sets an environment variable (inherited by the fleetopt runs) for the life of the object.
struct ScopedEnv {
  std::string name;
  std::optional<std::string> old;
  ScopedEnv(const char* n, const std::string& value) : name(n) {
    if (const char* v = std::getenv(n)) old = v;
    setenv(n, value.c_str(), 1);
  }
  ~ScopedEnv() {
    if (old) setenv(name.c_str(), old->c_str(), 1);
    else unsetenv(name.c_str());
  }
};

// A whole file as text ("" if it cannot be read), and a file written with `text`.
inline std::string read_text(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}
inline void write_text(const std::filesystem::path& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

// scratch_dir(name) (a fresh, empty folder under this process's scratch root, removed when the
// test process exits) comes from scratch.hpp.

}  // namespace fleetopt::test
