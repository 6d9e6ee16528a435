// Root strengthening of a MILP in place: the same columns and rows, tighter bounds and
// coefficients, the same set of integer solutions. Nothing is removed, so solutions need no
// mapping back and every one is checked against the ORIGINAL model all the same.
//
//  * Bound propagation (activity-based bound tightening; Savelsbergh, "Preprocessing and probing
//    techniques for mixed integer programming problems", ORSA J. Computing 6(4), 1994, sec. 2):
//    with min/max activities of each row over the column boxes, a row lo <= a x <= hi bounds
//    every column by what the others can reach. Integer columns round inward, and their tighter
//    bounds go into the model. Continuous columns get implied bounds that feed the activities
//    (and so the coefficient tightening below), kept only when they tighten by a clear margin.
//    A finite bound of a continuous column stays as the model gives it: a tighter implied one
//    adds nothing to the LP that a row does not already imply. An infinite one is replaced by
//    the implied bound where there is one. The LP's feasible set is the same, but every proof
//    that sums d_j times a column's bound needs that bound finite: the LP's own certificate
//    of its bound (lp/certificates.hpp), the conflicts of pruned nodes (conflict_pool.hpp) and
//    the dual-step bounds. A reduced cost of -1e-16 on a flow column [0, inf) made all three
//    -infinity on every node of the fixed-charge flows of bench/milp_differential.py: no
//    conflict was learned and no dual step pruned. Implied bounds are not relaxed by a tolerance
//    either: measured on vpm2, coefficients such as 300.00003 instead of 300 made the node LPs
//    ten times as expensive, while an exact implied bound is valid.
//  * Coefficient tightening for binary columns in one-sided rows (same paper, sec. 3): in
//    a x <= b with binary x_k, a_k > 0, if the row cannot bind when x_k = 0 (max activity - a_k
//    <= b - d, d > 0), then a_k -= d and b -= d keeps every 0/1 point's feasibility and cuts
//    fractional ones; a_k < 0 symmetric (a_k += d when the row cannot bind at x_k = 1). This is
//    what turns a loose big-M into the tightest one the other bounds allow.
//  * Euclidean reduction of the sides (same paper, sec. 4), first: a row of integer columns with
//    integer coefficients of greatest common divisor g has an activity that is a multiple of g,
//    so its sides round inwards to multiples of g, and an equality whose side is no multiple of
//    g is infeasible at once (2x - 2y = 1 has no integer point, however large the box).
#pragma once

#include <optional>
#include <string>

#include "fleetopt/core/model.hpp"

namespace fleetopt::mip {

struct PresolveStats {
  bool infeasible = false;      // propagation proved that no point satisfies the bounds and rows
  std::string reason;           // which row or column showed it
  int tightened_bounds = 0;      // integer and implied continuous bounds
  int closed_continuous_bounds = 0;  // infinite continuous bounds replaced by implied ones
  int tightened_coefficients = 0;
  int rounds = 0;
};

// Strengthens `model` in place as described above.
PresolveStats strengthen(core::Model& model);

// Rounds every integer column's bounds inwards (bounds of 2.5 allow 3 and 2 at most), with or
// without presolve: the search, its heuristics and its cuts all take integer bounds to be
// integral. False, with `reason`, if some integer column has no integer value left.
bool round_integer_bounds(core::Model& model, std::string& reason);

// The model a search works on before its root cuts (solve_mip): integer bounds rounded, then,
// with `presolve`, strengthened. A caller that solves the root LP itself, to hand its optimal
// basis to the search (MipOptions::start_basis), solves it on this model: its basis is then
// optimal for the search's LP, not only a basis of it.
struct SearchModel {
  core::Model model;
  std::optional<PresolveStats> presolve;  // set when presolve ran
  std::string infeasible;                 // not empty: why no integer point exists
};
SearchModel search_model(const core::Model& model, bool presolve);

}  // namespace fleetopt::mip
