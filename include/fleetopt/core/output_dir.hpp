// All-or-nothing output: files are written into a hidden staging folder beside the target and the
// folder is renamed into place only by commit(). If anything throws before commit(), the staging
// folder is removed and the target is left as it was: no partial results, ever.
#pragma once

#include <filesystem>
#include <string>

namespace fleetopt::core {

class StagedOutputDir {
 public:
  explicit StagedOutputDir(std::filesystem::path target);
  ~StagedOutputDir();
  StagedOutputDir(const StagedOutputDir&) = delete;
  StagedOutputDir& operator=(const StagedOutputDir&) = delete;

  // Path of a file inside the staging folder.
  std::filesystem::path file(const std::string& name) const { return staging_ / name; }
  // Replaces the target folder (if any) with the staging folder.
  void commit();

 private:
  std::filesystem::path target_;
  std::filesystem::path staging_;
  bool committed_ = false;
};

// Writes text to `path` atomically (temporary file + rename).
void write_file_atomically(const std::filesystem::path& path, const std::string& text);

}  // namespace fleetopt::core
