// Error types shared by every layer. InputError is for anything a user gave us (files, options):
// the command line prints it as "file:line:column: message" and exits with code 2.
#pragma once

#include <stdexcept>
#include <string>

namespace fleetopt::core {

class InputError : public std::runtime_error {
 public:
  // line and column are 1-based; 0 means unknown.
  InputError(std::string file, int line, int column, const std::string& message);
  InputError(std::string file, const std::string& message) : InputError(std::move(file), 0, 0, message) {}

  const std::string& file() const { return file_; }
  int line() const { return line_; }
  int column() const { return column_; }
  const std::string& message() const { return message_; }

 private:
  std::string file_;
  int line_;
  int column_;
  std::string message_;
};

// The model has no feasible solution, for a reason we can state (exit code 1, never "solved").
class InfeasibleInstance : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace fleetopt::core
