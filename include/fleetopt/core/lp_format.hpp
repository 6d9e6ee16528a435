// CPLEX LP format writer (what glpsol --lp, cbc and HiGHS read): objective, Subject To, Bounds,
// Generals/Binaries, End. Numbers with round-trip precision.
#pragma once

#include <filesystem>
#include <string>

#include "fleetopt/core/model.hpp"

namespace fleetopt::core {

std::string to_lp_string(const Model& model);
void write_lp(const Model& model, const std::filesystem::path& path);

}  // namespace fleetopt::core
