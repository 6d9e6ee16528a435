#include "fleetopt/core/text_file.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "fleetopt/core/errors.hpp"

namespace fleetopt::core {

std::string unreadable_file_reason(const std::filesystem::path& path, const std::string& what) {
  std::error_code ec;
  const std::filesystem::file_status status = std::filesystem::status(path, ec);
  if (status.type() == std::filesystem::file_type::not_found)
    return "cannot read the " + what + ": no such file";
  if (status.type() == std::filesystem::file_type::directory)
    return "cannot read the " + what + ": this is a directory, not a file";
  return "";
}

std::string read_text_file(const std::filesystem::path& path, const std::string& what) {
  if (const std::string why = unreadable_file_reason(path, what); !why.empty()) throw InputError(path.string(), why);
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path.string(), "cannot open the " + what + " for reading: " + std::strerror(errno));
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) throw InputError(path.string(), "cannot read the " + what + ": " + std::strerror(errno));
  return buffer.str();
}

}  // namespace fleetopt::core
