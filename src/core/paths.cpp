#include "fleetopt/core/paths.hpp"

#include <cstdlib>

namespace fleetopt::core {

namespace {
std::filesystem::path configured_shared_dir() {
  if (const char* env = std::getenv("FLEETOPT_SHARED_DATA"); env && *env) return env;
  return FLEETOPT_DEFAULT_SHARED_DATA;
}
}  // namespace

std::optional<std::filesystem::path> shared_data_dir() {
  std::error_code ec;
  const auto dir = configured_shared_dir();
  if (std::filesystem::is_directory(dir, ec)) return dir;
  return std::nullopt;
}

std::string shared_data_missing_message() {
  return "shared data folder not found at '" + configured_shared_dir().string() +
         "': set FLEETOPT_SHARED_DATA (or the CMake option of the same name) to the folder "
         "holding netlib/ and prices/";
}

std::string version_string() { return FLEETOPT_VERSION; }

}  // namespace fleetopt::core
