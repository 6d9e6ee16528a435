// Instance files of docs/model.md section 4: a TOML file plus a prices CSV (and optionally an
// assets CSV), paths relative to the TOML file. Every error throws core::InputError naming the
// file, line (and column where known) and what was expected.
#pragma once

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "fleetopt/fleet/instance.hpp"

namespace fleetopt::fleet {

// The instance file a path names: the path itself, or for a folder (as `fleetopt generate` and
// write_instance make them) the instance.toml inside it.
std::filesystem::path instance_file_of(const std::filesystem::path& path);

// Reads and validates an instance from its TOML file or its folder (instance_file_of).
// Infeasible-but-well-formed data (soc_initial outside its bounds) is NOT an input error: it is
// read, and Instance::trivial_infeasibility() reports it.
Instance read_instance(const std::filesystem::path& toml_path);
// Parses an instance from TOML text; `base_dir` resolves the prices path, `label` names the file
// in error messages. Used for the embedded default instance.
Instance parse_instance(const std::string& toml_text, const std::filesystem::path& base_dir,
                        const std::string& label);

// Writes `<dir>/instance.toml` and `<dir>/prices.csv` (all-or-nothing) so that read_instance gives
// back an identical Instance (numbers written with round-trip precision).
void write_instance(const Instance& instance, const std::filesystem::path& dir);

// What an instance made from third-party data carries with it (a licence's attribution, say): a
// comment at the top of instance.toml and more files in the same all-or-nothing folder.
struct InstanceWriteExtras {
  std::string toml_comment;  // each line written as "# line"
  std::vector<std::pair<std::string, std::string>> files;  // file name in the folder -> text
};
void write_instance(const Instance& instance, const std::filesystem::path& dir, const InstanceWriteExtras& extras);

}  // namespace fleetopt::fleet
