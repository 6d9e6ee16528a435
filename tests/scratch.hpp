// Temporary folders and files for the tests, all under one folder per test process.
//
// Why: each test used to make its own folder or file directly under the system temporary folder
// and most never removed it, so every run left dozens of fleetopt_* folders in /tmp. Now all of
// them live under scratch_root(), which is removed when the test process exits normally (a
// crashed or killed process still leaves its folder behind). The process id stays in the root's
// name: two test runs at once on one machine (two checkouts) must not share folders; they collided
// before and failed each other's checks.
#pragma once

#include <filesystem>
#include <string>
#include <system_error>
#include <unistd.h>

namespace fleetopt::test {

namespace detail {

// The root folder of this process: made on construction, removed on destruction (at normal exit,
// as a function-local static). Never throws from the destructor. Only the process that made it
// removes it, so a forked child that happens to exit normally cannot pull it from under its parent.
class ScratchRoot {
 public:
  ScratchRoot()
      : owner_(::getpid()),
        path_(std::filesystem::temp_directory_path() / ("fleetopt_tests_" + std::to_string(owner_))) {
    std::filesystem::create_directories(path_);
  }
  ~ScratchRoot() {
    if (::getpid() != owner_) return;
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  ScratchRoot(const ScratchRoot&) = delete;
  ScratchRoot& operator=(const ScratchRoot&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  pid_t owner_;
  std::filesystem::path path_;
};

}  // namespace detail

// temp_directory_path()/fleetopt_tests_<pid>: made on first use, removed when the process exits.
inline const std::filesystem::path& scratch_root() {
  static const detail::ScratchRoot root;
  return root.path();
}

// A fresh, empty folder scratch_root()/name (whatever was there before is removed).
inline std::filesystem::path scratch_dir(const std::string& name) {
  const std::filesystem::path dir = scratch_root() / name;
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

// The path scratch_root()/name for a single file; nothing is created there.
inline std::filesystem::path scratch_file(const std::string& name) { return scratch_root() / name; }

}  // namespace fleetopt::test
