// MPS files: reader (fixed and free format; .mps.gz read directly through zlib) and writer (free
// MPS). Sections: NAME, OBJSENSE, ROWS, COLUMNS (MARKER INTORG/INTEND), RHS, RANGES, BOUNDS
// (UP LO FX FR MI PL BV LI UI), ENDATA. The format: IBM, "MPS format", in the CPLEX file-format
// reference; B. Murtagh, "Advanced Linear Programming" (1981), chapter 8, for the fixed columns.
//
// What the reader does (decisions, each where the format or the solvers disagree):
// - Fixed or free is decided per line: a line is split at blanks; if the pieces do not make a
//   valid record for the section (wrong count, unknown row, not a number), the fixed columns
//   2-3, 5-12, 15-22, 25-36, 40-47, 50-61 are tried, which allows names with spaces. If neither
//   reading works, the error of the free reading is reported.
// - Section headers start in column 1; data lines start with a blank; '*' in column 1 and blank
//   lines are comments. NAME keeps the first word after NAME (fixed-format NAME lines carry
//   comments after the name; a trailing "FREE" is CBC's free-format flag, not part of the name).
// - OBJSENSE: "OBJSENSE MAX" on one line or MAX/MAXIMIZE/MIN/MINIMIZE on the next data line.
// - ROWS: the first N row is the objective; further N rows are dropped with all their entries.
// - COLUMNS: a column's lines must be contiguous; the same (row, column) entry twice, an
//   unknown row, or a coefficient of magnitude >= 1e30 is an error. Explicit zeros are dropped.
// - RHS on the objective row is minus the objective constant (CPLEX, HiGHS and CBC read it so).
// - RANGES R: L row [rhs-|R|, rhs]; G row [rhs, rhs+|R|]; E row [rhs, rhs+R] if R>0, [rhs+R, rhs]
//   if R<0, unchanged if R=0. A range on an N row is ignored.
// - Values of magnitude >= tol::kMpsInfinity in RHS, RANGES and BOUNDS are infinite.
// - Integer columns from MARKER INTORG/INTEND blocks without any BOUNDS line get [0, 1], as CBC
//   2.10.8, GLPK 5.0 and HiGHS do (checked by running cbc and glpsol on such a file; HiGHS:
//   HMpsFF.cpp, col_binary). Any BOUNDS line on the column cancels that default and the bounds
//   start from [0, +inf) (CBC and HiGHS; GLPK differs: its LO and MI keep the upper bound 1).
// - UP (or UI) with a negative value on a column whose lower bound was not set by a BOUNDS line
//   and is 0 sets the lower bound to -inf (the classic rule of CPLEX and CBC; GLPK does the
//   same with a warning). A lower bound set explicitly is never changed.
// - Duplicate row or column names, a bound or RHS on an unknown name, bounds with lower > upper,
//   an unknown section and a missing ENDATA (a truncated file) are errors. Everything after
//   ENDATA is ignored. Errors throw core::InputError with file, line and (where known) column.
//
// What the writer produces, and how the reference solvers read it (measured on this machine):
//   NAME <name> FREE          CBC/CLP 2.10.8 needs the FREE word to read free format (without it
//                             BOUNDS lines with short names fail); GLPK and HiGHS take <name>.
//   OBJSENSE / "    MAX"      only when maximizing. HiGHS honours it. CBC/CLP 2.10.8 print "MAX
//                             found after OBJSENSE - Coin ignores" and MINIMIZE: run them with
//                             -max (the one-line form "OBJSENSE MAX" is a read error for CBC).
//                             glpsol 5.0 --freemps rejects the section ("invalid indicator
//                             record"): remove it and pass --max.
//   RHS <obj> -c0             objective constant c0. CBC/CLP and HiGHS read c0 = -RHS. glpsol
//                             5.0 reads c0 = +RHS (opposite sign: with RHS obj -5 it reports
//                             x - 5), so for glpsol leave the constant out and add it back.
//   MARKER blocks             around integer columns; every integer column also gets explicit
//                             bounds (BV for [0,1]; otherwise LO/MI and UP/PL, or FX, FR), so the
//                             three readers' different defaults never matter.
//   Ranged rows               G rows with a positive range (or L if that reproduces the bounds
//                             exactly in double arithmetic). If upper - lower is not a double
//                             and neither form reproduces both bounds, the upper bound reads
//                             back one ulp off: MPS cannot hold that row exactly.
//   Free rows (-inf, +inf)    L rows with RHS 1e30, so the row count is kept (an N row would be
//                             dropped by every reader); all readers treat 1e30 as infinite.
//   Numbers                   shortest text that reads back to the same double (std::to_chars),
//                             so a written model reads back bit for bit (ranged rows aside).
// Names must not contain blanks (free MPS splits at blanks), and a column must not be named like
// an MPS section (ROWS, RHS, MAX, ...: HiGHS would read its COLUMNS lines as a section header):
// the writer throws std::invalid_argument naming the offender. The model name is cosmetic: blanks in it become '_'
// and an empty one is written as "model".
#pragma once

#include <filesystem>
#include <string>

#include "fleetopt/core/model.hpp"

namespace fleetopt::core {

// Reads a .mps or .mps.gz file (gzip is detected from the content, not the name).
Model read_mps(const std::filesystem::path& path);
// Parses MPS text; file_label names the source in error messages.
Model parse_mps(const std::string& text, const std::string& file_label);

// Free MPS as described above. Throws std::invalid_argument for a row or column name that is
// empty or contains a blank.
std::string to_mps_string(const Model& model);
void write_mps(const Model& model, const std::filesystem::path& path);

}  // namespace fleetopt::core
