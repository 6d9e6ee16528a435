// Where things are: the shared data folder (Netlib LPs, real prices), read in place.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

namespace fleetopt::core {

// The shared data folder: $FLEETOPT_SHARED_DATA if set, else the CMake option
// FLEETOPT_SHARED_DATA (default: ../shared/data beside the source tree). Returns nullopt if the
// folder does not exist; callers say plainly that the data is absent.
std::optional<std::filesystem::path> shared_data_dir();
// A human-readable sentence for when shared_data_dir() is empty.
std::string shared_data_missing_message();

std::string version_string();

}  // namespace fleetopt::core
