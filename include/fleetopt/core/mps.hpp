// MPS files: reader (fixed and free format, detected per file; .mps.gz read directly through zlib)
// and writer (free MPS). Sections: NAME, OBJSENSE, ROWS, COLUMNS (MARKER INTORG/INTEND), RHS
// (including the objective row's RHS = minus the objective constant, as CPLEX and HiGHS read it),
// RANGES, BOUNDS (UP LO FX FR MI PL BV LI UI), ENDATA. Errors throw core::InputError with file
// and line.
#pragma once

#include <filesystem>
#include <string>

#include "fleetopt/core/model.hpp"

namespace fleetopt::core {

Model read_mps(const std::filesystem::path& path);
Model parse_mps(const std::string& text, const std::string& file_label);

// Free MPS with OBJSENSE. Numbers are written with round-trip precision (%.17g).
std::string to_mps_string(const Model& model);
void write_mps(const Model& model, const std::filesystem::path& path);

}  // namespace fleetopt::core
