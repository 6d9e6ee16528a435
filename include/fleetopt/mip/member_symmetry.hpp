// Symmetry of interchangeable members (identical assets of a fleet, identical machines of a
// schedule), handled by orbital branching.
//
// The caller names k members, each a list of the same number of columns, such that exchanging
// two members (column i of one with column i of the other, for every i) maps the model onto
// itself: the rows are permuted, and coefficients, sides, column bounds, costs and integrality
// stay. Then exchanging members maps integer-feasible points to integer-feasible points of the
// same objective.
//
// Orbital branching (Ostrowski, Linderoth, Rossi and Smriglio, "Orbital branching", Math.
// Programming 126, 2011): at a node whose box treats members a and b alike (their columns have
// the same bounds), exchanging them maps the node's integer points onto themselves. Branching on
// a binary x_j of member a, the children
//     x_j = 1        and        x_i = 0 for every i in the orbit of j
// (the orbit: column j's place in every member whose box equals a's) cover an image of every
// integer point of the node: a point with some x_i = 1 in the orbit has an image with x_j = 1.
// Plain branching gives the down child x_j = 0 only, and a node LP that spreads a fractional
// binary over k identical members just moves it to another member at no cost: the bound does
// not move. Both children keep the symmetry of the members left alike.
//
// Reductions that hold for every integer point better than the incumbent (reduced-cost fixing,
// conflicts, propagation) and cuts valid for every integer point stay valid for their images
// under the exchanges; the search uses that at the root: the images of the root cuts (a node LP
// that a cut pushes off one member's fractional point otherwise moves to the same point on
// another member, and the cut loop stalls) and of reduced-cost fixings. Orbital branching needs nothing
// else: each node's box is all it relies on, so no other symmetry-breaking scheme may be mixed
// in.
//
// The caller's word is not taken: verify_member_symmetry() checks every exchange of neighbours
// (which generate S_k) on the model the search solves, and a symmetry that fails is not used.
// Cuts found later hold for every integer point, so they keep the integer points symmetric even
// where they are not symmetric themselves.
#pragma once

#include <string>
#include <vector>

#include "fleetopt/core/model.hpp"
#include "fleetopt/mip/cut_separator.hpp"

namespace fleetopt::mip {

struct MemberSymmetry {
  // members[k][i]: column i of member k (all of the same length, no column in two places).
  std::vector<std::vector<int>> members;
};

// True if the description is well formed for `model` (indices in range, no column twice) and exchanging members k and k + 1 maps the model
// onto itself for every k. Otherwise false, with the first failure in `reason`.
bool verify_member_symmetry(const core::Model& model, const MemberSymmetry& symmetry, std::string& reason);

// Verified member symmetries, looked up by column.
class MemberOrbits {
 public:
  MemberOrbits(std::vector<MemberSymmetry> symmetries, int num_cols);

  bool empty() const { return symmetries_.empty(); }
  int size() const { return static_cast<int>(symmetries_.size()); }

  // Column j's place in every member of its symmetry ({j} when it is in none), j first.
  std::vector<int> images(int j) const;
  // Column j's place in every member whose columns have the same bounds in [lower, upper] as
  // j's member (j first; {j} when it is in no symmetry).
  std::vector<int> orbit(int j, const std::vector<double>& lower, const std::vector<double>& upper) const;
  // The images of a cut (columns and values; its sides stay) under the cyclic shifts of each
  // symmetry's members by 1 .. k - 1 places, one symmetry after the other (a cut on one member's
  // columns gets one image on each other member); none when the cut has no member column. Valid
  // cuts' images are valid: the integer points are symmetric.
  std::vector<Cut> cut_images(const Cut& cut) const;
  // Exchanges, in x, the member holding column j with the member holding column i (both of one
  // symmetry, at the same place).
  void exchange(std::vector<double>& x, int j, int i) const;

 private:
  std::vector<MemberSymmetry> symmetries_;
  std::vector<int> group_, member_, position_;  // per column, -1 if in no member
};

}  // namespace fleetopt::mip
