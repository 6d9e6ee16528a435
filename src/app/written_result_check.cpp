#include "written_result_check.hpp"

#include <string>
#include <vector>

#include "fleetopt/fleet/solution.hpp"

namespace fleetopt::app {

fleet::CheckReport check_written_result(const fleet::Instance& instance, const std::filesystem::path& result_dir) {
  const fleet::ResultFolder folder = fleet::read_result(result_dir);
  std::vector<std::string> modes;
  const fleet::FleetSolution written = fleet::align_to_instance(folder, instance, &modes);
  return fleet::check_schedule(instance, written, folder.summary.objective, &modes);
}

}  // namespace fleetopt::app
