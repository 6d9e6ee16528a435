#include "fleetopt/core/csv.hpp"

#include <cerrno>
#include <cmath>
#include <cstdlib>

#include "fleetopt/core/errors.hpp"
#include "fleetopt/core/text_file.hpp"

namespace fleetopt::core {

int CsvTable::column(const std::string& name) const {
  for (size_t i = 0; i < header.size(); ++i)
    if (header[i] == name) return static_cast<int>(i);
  return -1;
}

CsvTable parse_csv(const std::string& input, const std::string& file_label) {
  std::string_view text(input);
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);  // UTF-8 byte-order mark
  std::vector<CsvRecord> records;
  size_t i = 0;
  int line = 1;
  while (i < text.size()) {
    CsvRecord record;
    record.line = line;
    std::string field;
    bool blank = true;
    for (;;) {
      if (i < text.size() && text[i] == '"') {
        blank = false;
        const int quote_line = line;
        ++i;
        for (;;) {
          if (i >= text.size())
            throw InputError(file_label, quote_line, 0, "unclosed double quote");
          if (text[i] == '"') {
            if (i + 1 < text.size() && text[i + 1] == '"') {
              field += '"';
              i += 2;
              continue;
            }
            ++i;
            break;
          }
          if (text[i] == '\n') ++line;
          field += text[i++];
        }
      }
      while (i < text.size() && text[i] != ',' && text[i] != '\n' && text[i] != '\r') {
        blank = false;
        field += text[i++];
      }
      record.fields.push_back(std::move(field));
      field.clear();
      if (i < text.size() && text[i] == ',') {
        blank = false;
        ++i;
        continue;
      }
      if (i < text.size() && text[i] == '\r') ++i;
      if (i < text.size() && text[i] == '\n') ++i;
      ++line;
      break;
    }
    if (!blank) records.push_back(std::move(record));
  }
  if (records.empty()) throw InputError(file_label, "empty file: expected a header line");
  CsvTable table;
  table.file = file_label;
  table.header = std::move(records.front().fields);
  for (size_t r = 1; r < records.size(); ++r) {
    if (records[r].fields.size() != table.header.size())
      throw InputError(file_label, records[r].line, 0,
                       "expected " + std::to_string(table.header.size()) + " fields (as in the header), got " +
                           std::to_string(records[r].fields.size()));
    table.rows.push_back(std::move(records[r]));
  }
  return table;
}

CsvTable read_csv(const std::string& path) {
  return parse_csv(read_text_file(path, "CSV file"), path);
}

double parse_finite_double(const std::string& raw, const std::string& file, int line, int column,
                           const std::string& what) {
  // Surrounding spaces are tolerated; anything else around the number is not.
  const size_t b = raw.find_first_not_of(" \t");
  const size_t e = raw.find_last_not_of(" \t");
  const std::string text = b == std::string::npos ? std::string() : raw.substr(b, e - b + 1);
  auto bad = [&]() -> double {
    throw InputError(file, line, column, what + ": expected a finite number, got '" + raw + "'");
  };
  if (text.empty()) return bad();
  // strtod accepts "nan", "inf", hex floats: refuse anything that is not a plain decimal.
  for (char c : text)
    if (!(std::isdigit(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '+' ||
          c == 'e' || c == 'E'))
      return bad();
  errno = 0;
  char* end = nullptr;
  const double value = std::strtod(text.c_str(), &end);
  if (end != text.c_str() + text.size() || errno == ERANGE || !std::isfinite(value)) return bad();
  return value;
}

std::string csv_escape(const std::string& field) {
  if (field.find_first_of(",\"\r\n") == std::string::npos) return field;
  std::string out = "\"";
  for (char c : field) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

}  // namespace fleetopt::core
