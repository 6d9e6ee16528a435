#include "fleetopt/core/errors.hpp"

namespace fleetopt::core {
namespace {
std::string locate(const std::string& file, int line, int column, const std::string& message) {
  std::string where = file;
  if (line > 0) {
    where += ":" + std::to_string(line);
    if (column > 0) where += ":" + std::to_string(column);
  }
  return where + ": " + message;
}
}  // namespace

InputError::InputError(std::string file, int line, int column, const std::string& message)
    : std::runtime_error(locate(file, line, column, message)),
      file_(std::move(file)),
      line_(line),
      column_(column),
      message_(message) {}

}  // namespace fleetopt::core
