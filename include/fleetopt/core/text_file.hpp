// Reading a whole input file into memory, with the error a user can act on.
//
// Every reader of the project's inputs (instance TOML and CSV files, experiment configs, result
// folders' summaries, the report's bundled script) goes through read_text_file, so that a path that
// does not exist, names a directory, or cannot be read gives one clear InputError naming the path,
// instead of a parse error about an empty file (on Linux an std::ifstream opens a directory
// without complaint and then reads nothing).
#pragma once

#include <filesystem>
#include <string>

namespace fleetopt::core {

// Why `path` cannot be read as a file (empty: it is a regular file, or a special file such as a
// pipe that may be readable). `what` names the expected content ("instance file").
std::string unreadable_file_reason(const std::filesystem::path& path, const std::string& what);

// The file's bytes. Throws InputError(path, reason) when it is missing, a directory, cannot be
// opened, or a read fails part way.
std::string read_text_file(const std::filesystem::path& path, const std::string& what);

}  // namespace fleetopt::core
