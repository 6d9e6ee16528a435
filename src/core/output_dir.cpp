#include "fleetopt/core/output_dir.hpp"

#include <fstream>
#include <random>
#include <stdexcept>

namespace fleetopt::core {

namespace fs = std::filesystem;

namespace {
std::string unique_suffix() {
  std::random_device rd;
  return std::to_string(rd()) + std::to_string(rd());
}
}  // namespace

StagedOutputDir::StagedOutputDir(fs::path target) : target_(std::move(target)) {
  fs::path parent = target_.parent_path();
  if (parent.empty()) parent = ".";
  fs::create_directories(parent);
  staging_ = parent / ("." + target_.filename().string() + ".partial-" + unique_suffix());
  fs::create_directory(staging_);
}

StagedOutputDir::~StagedOutputDir() {
  if (!committed_) {
    std::error_code ec;
    fs::remove_all(staging_, ec);
  }
}

void StagedOutputDir::commit() {
  std::error_code ec;
  if (fs::exists(target_)) {
    if (!fs::is_directory(target_))
      throw std::runtime_error("output path '" + target_.string() + "' exists and is not a folder");
    fs::remove_all(target_);
  }
  fs::rename(staging_, target_);
  committed_ = true;
}

void write_file_atomically(const fs::path& path, const std::string& text) {
  fs::path parent = path.parent_path();
  if (!parent.empty()) fs::create_directories(parent);
  const fs::path temp = path.string() + ".partial-" + unique_suffix();
  {
    std::ofstream out(temp, std::ios::binary);
    if (!out) throw std::runtime_error("cannot write '" + temp.string() + "'");
    out << text;
    if (!out.flush()) {
      std::error_code ec;
      fs::remove(temp, ec);
      throw std::runtime_error("cannot write '" + temp.string() + "'");
    }
  }
  fs::rename(temp, path);
}

}  // namespace fleetopt::core
