// The independent check of a result folder AS WRITTEN: reads it back (which also proves it reads
// back) and judges its schedule against the instance with the checker, using the folder's own
// claimed objective and dispatch modes. Every command that writes a result folder runs this
// before it reports a schedule.
#pragma once

#include <filesystem>

#include "fleetopt/fleet/checker.hpp"
#include "fleetopt/fleet/instance.hpp"

namespace fleetopt::app {

// Requires a folder with a schedule. Throws core::InputError if the folder does not read back.
fleet::CheckReport check_written_result(const fleet::Instance& instance, const std::filesystem::path& result_dir);

}  // namespace fleetopt::app
