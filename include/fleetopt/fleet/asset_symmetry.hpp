// Identical assets as interchangeable members of the MILP (mip/member_symmetry.hpp).
//
// Two assets with equal data (power, energy, state-of-charge limits, efficiencies, cycle cost and
// prequalified power in every market; the name aside) enter every row of the formulation alike,
// and the fleet rows (link, cap, minimum bid) sum over assets: exchanging their columns maps the
// model onto itself. So a fleet of k identical batteries has k! copies of every schedule, and a
// branch-and-bound that does not know it proves each bound many times over: a generated 10x24x4
// fleet with caps and two kinds of assets (`fleetopt generate --asset-types 2`) was not proven
// in 120 s without this, and is in 14 s with it (HiGHS, which detects such symmetry, 19 s;
// docs/fleet-structure.md, section 9). Real fleets are often built of identical units.
//
// Each group of two or more identical assets with a binary among their columns becomes one
// member symmetry: its members are the assets, each with its u, soc and p columns, step by step.
// The branch-and-bound checks the symmetry on the model it solves before using it.
//
// Groups of like assets (these, and assets whose data differ by a few percent) give the
// formulation its count columns (BuildOptions::count_like_assets): the number of a group's units
// that may discharge at a step, an integer the search can branch on and the cuts can round, where
// the single u[a,t] of interchangeable units let the LP move a fraction from unit to unit for
// free. With them the `--asset-types 3` fleet takes 12 s instead of 49 s, and the seed-0 10x24x4
// fleet with all ten assets alike, unproven in 120 s before, 9 s. Counts need no symmetry, so
// like assets that are not identical get them as well.
#pragma once

#include <vector>

#include "fleetopt/fleet/formulation.hpp"
#include "fleetopt/fleet/instance.hpp"
#include "fleetopt/mip/member_symmetry.hpp"

namespace fleetopt::fleet {

// Whether two assets have the same data (everything but the name).
bool identical_assets(const Asset& a, const Asset& b);

// The groups of two or more identical assets, each in ascending order, by first asset.
std::vector<std::vector<int>> identical_asset_groups(const Instance& instance);

// Groups of two or more similar assets: each asset's data within `relative` of the group's first
// asset's (|x - y| <= relative * max(|x|, |y|) for every number), and the same markets (q > 0).
// relative = 0 gives identical_asset_groups.
std::vector<std::vector<int>> similar_asset_groups(const Instance& instance, double relative);

// The groups that get count columns (formulation.hpp, BuildOptions::count_like_assets): the
// groups of similar assets, and each group of identical assets that is a strict part of one.
std::vector<std::vector<int>> count_groups(const Instance& instance, double relative);

// One member symmetry per group of identical assets whose columns have the same shape in
// `model` (a group whose assets lack different columns is left out); none without binaries.
std::vector<mip::MemberSymmetry> asset_symmetries(const Instance& instance, const FleetModel& model);

}  // namespace fleetopt::fleet
