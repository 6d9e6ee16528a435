// A small strict CSV reader (RFC 4180 subset: comma separator, double-quoted fields with "" escapes,
// LF or CRLF line ends, optional UTF-8 byte-order mark) that remembers the line of every record so
// that errors name file and line. Plus number parsing that rejects NaN, inf and trailing garbage.
#pragma once

#include <string>
#include <vector>

namespace fleetopt::core {

struct CsvRecord {
  int line = 0;  // 1-based line in the file where the record starts
  std::vector<std::string> fields;
};

struct CsvTable {
  std::string file;
  std::vector<std::string> header;
  std::vector<CsvRecord> rows;  // blank lines are skipped

  // Column index of `name` in the header, or -1.
  int column(const std::string& name) const;
};

// Reads the whole file. Throws InputError for an unreadable or empty file (no header), an unclosed
// quote, or a row whose field count differs from the header's.
CsvTable read_csv(const std::string& path);
CsvTable parse_csv(const std::string& text, const std::string& file_label);

// Parses a finite decimal number (no NaN, no inf, no trailing characters, no empty string).
// On failure throws InputError(file, line, column, "<what>: expected a finite number, got '...'").
double parse_finite_double(const std::string& text, const std::string& file, int line, int column,
                           const std::string& what);

// Quotes a field for CSV output if it contains a comma, quote or line break.
std::string csv_escape(const std::string& field);

}  // namespace fleetopt::core
