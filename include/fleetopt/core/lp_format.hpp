// CPLEX LP format writer (what glpsol --lp, cbc and HiGHS read): objective, Subject To, Bounds,
// Generals/Binaries, End. Format: IBM, "LP file format: algebraic representation", CPLEX file
// formats reference. Numbers are the shortest text that reads back to the same double.
//
// Choices, each made because a reader on this machine (cbc 2.10.8, glpsol 5.0) needs it:
// - Objective constant c0 != 0: glpsol rejects a constant in the objective ("missing variable
//   name"), so it is written as c0 times a column `obj_constant` fixed to 1 in Bounds (the name
//   gets '_' appended until no column has it). The objective value is then exactly c^T x + c0;
//   only the column count seen by the solver grows by one.
// - An objective without terms is written as "0 <first column>" (glpsol rejects an empty one).
// - Ranged rows lower < upper (both finite) become two rows `<name>_lo: a x >= lower` and
//   `<name>_hi: a x <= upper`: glpsol rejects "lower <= a x <= upper" and cbc 2.10.8 misreads it
//   silently (checked). Free rows (-inf, +inf) constrain nothing and are left out, with a comment.
//   Rows without entries are written with "0 <first column>".
// - Bounds: default [0, +inf) is not written; "x free", "x = v", "-inf <= x <= u", "x >= l",
//   "x <= u", "l <= x <= u". Integer columns with bounds [0, 1] go to Binaries (which implies
//   the bounds; writing them too makes glpsol warn), other integers to Generals.
// - Lines are wrapped before 100 characters (the format allows 255).
// Names must be valid LP names: 1 to 200 characters (so every line stays under 255) from letters, digits and
// !"#$%&()/,.;?@_`'{}|~, not starting with a digit or '.', and not an LP keyword (free, inf,
// infinity, end, st, bounds, ...). The writer throws std::invalid_argument naming the offender.
#pragma once

#include <filesystem>
#include <string>

#include "fleetopt/core/model.hpp"

namespace fleetopt::core {

std::string to_lp_string(const Model& model);
void write_lp(const Model& model, const std::filesystem::path& path);

}  // namespace fleetopt::core
