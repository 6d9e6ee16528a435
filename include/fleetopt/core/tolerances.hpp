// Every numerical tolerance of fleetopt, in one place, each with the reason for its value.
// Code never writes a bare 1e-7: it names one of these.
#pragma once

namespace fleetopt::core::tol {

// Primal feasibility of an LP solution (bound and row violations, unscaled model). 1e-7 is what
// HiGHS, CLP, SoPlex and glop agree on: tight enough that rounding in data given to 4-6 digits
// does not hide a real violation, loose enough for double arithmetic on well-scaled models.
inline constexpr double kPrimalFeasibility = 1e-7;
// Dual feasibility (reduced-cost sign violations) of an LP solution: same reasoning as above.
inline constexpr double kDualFeasibility = 1e-7;
// A simplex pivot smaller than this, relative to the largest entry of its column, is refused:
// dividing by it would amplify rounding by 1e9 or more.
inline constexpr double kPivotRelative = 1e-9;
// An absolute pivot floor for columns whose entries are all tiny.
inline constexpr double kPivotAbsolute = 1e-11;
// KLU partial pivoting threshold (Common.tol): a pivot is accepted if it is at least this
// fraction of the largest entry in its column. KLU's default 0.001 favours sparsity; HiGHS uses
// 0.1 for its basis LU because simplex bases are re-solved thousands of times and stability wins.
inline constexpr double kFactorPivotThreshold = 0.1;
// After numerical trouble (pivots whose row and column routes disagree right after a fresh
// factorization, a simplex phase that gives up) the threshold is multiplied by this, up
// to the strict value: stability over fill for the rest of that LP's life. HiGHS's basis LU does
// the same (factor 5, from 0.1 to at most 0.5).
inline constexpr double kFactorPivotThresholdGrowth = 5.0;
inline constexpr double kFactorPivotThresholdStrict = 0.5;
// A value within this of an integer counts as integral (branch-and-bound and checker).
inline constexpr double kIntegrality = 1e-6;
// Default relative MIP gap at which branch-and-bound stops (the common default of CBC/HiGHS).
inline constexpr double kMipRelativeGap = 1e-4;
// Branch-and-bound precision, relative to max(1, |incumbent|). A leaf's bound is an LP value
// verified at 1e-7 feasibility and the incumbent a solution checked at 1e-7, so the two differ by
// LP noise: measured up to 3.4e-7 relative on 5,500 random programs whose optimum enumeration
// gives exactly. Nodes are pruned at the requested gap, never at less than kMipPruneFloorRelative:
// a node bound closer to the incumbent than that is within the LP's own noise, so branching on it
// chases nothing (at gap 0 the search then also lives off near-integral values: binaries at 7e-8
// under a big-M lift a node's LP 2e-8 relative above the optimum, and with the floor at 1e-9 a
// 3 x 11 x 3 fleet took 5,409 nodes and 7 s to close, or did not close in 60 s, where 1e-7 closes
// it in 90-138 nodes and 0.3 s). A search that ran to completion is optimal when its gap is within
// kMipGapFloorRelative, which is how a requested gap of 0 can be met at all; the pruned nodes'
// bounds stay in the reported bound.
inline constexpr double kMipPruneFloorRelative = 1e-7;
inline constexpr double kMipGapFloorRelative = 1e-6;
// Default absolute MIP gap: HiGHS's default (mip_abs_gap). Below any money amount that matters
// and far above the rounding of an objective of a few million, so ties close.
inline constexpr double kMipAbsoluteGap = 1e-6;
// Fleet plug-ins (fleet/fleet_plugins.hpp): a charge or discharge flow (MW, summed over an
// asset's markets of one direction) at or below this counts as zero. Rounding u in place with
// C <= this leaves the (chg) row C <= M (1 - u) off by at most this, which the model check
// (kPrimalFeasibility, absolute for a right-hand side 0) still accepts; and any flow above it is
// real, so a fractional u is either rounded in place or a branching candidate, never neither.
inline constexpr double kNegligibleFlowMw = 1e-7;
// Solution checker (model.md section 6): a constraint is violated if it is off by more than this,
// times the largest absolute coefficient of the row (so MW and MWh rows are judged alike).
inline constexpr double kCheckAbsolute = 1e-6;
// Two optima (ours vs a reference, or two references) agree if their relative difference is below
// this; 1e-7 is what the reference data set is held to.
inline constexpr double kObjectiveAgreementRelative = 1e-7;

// Checker (model.md section 6): the claimed objective must match the one recomputed from the
// instance data and the schedule within this relative difference. 1e-7 matches the reference
// set's agreement tolerance: a solver that reports an objective it did not reach fails.
inline constexpr double kObjectiveCheckRelative = 1e-7;
// Absolute floor of the objective comparison, in EUR: near-zero revenues are compared absolutely,
// since a relative test against 0 would fail on harmless rounding.
inline constexpr double kObjectiveCheckAbsoluteFloor = 1e-6;

// Reference adapters: a solver's reported objective must equal c^T x + c0 of the column values it
// reported, relative to max(1, sum |c_j x_j| + |c0|). CBC's text solution has 8 significant
// digits, hence 1e-6 and not tighter; a wrong column mapping or sense is off by far more.
inline constexpr double kReferenceObjectiveConsistency = 1e-6;

// Simplex ratio tests (dual and primal, on the scaled model): a pivot-row or pivot-column entry
// smaller than this in absolute value is never chosen as the pivot. 1e-7 is HiGHS's dual and
// primal pivot tolerance; the model is scaled so that the largest entry of every column is about 1,
// which makes an absolute tolerance meaningful.
inline constexpr double kSimplexPivot = 1e-7;
// The pivot computed from the pivot row (BTRAN then row times A) and from the pivot column (FTRAN)
// must agree to this relative difference; if not, the factorization has lost accuracy and is
// rebuilt before the iteration is repeated (HiGHS's numerical-trouble test uses the same 1e-7).
inline constexpr double kPivotAgreementRelative = 1e-7;
// Random cost perturbation against dual degeneracy: each cost moves by between one and two times
// kCostPerturbationBase * L * (1 + |c_j|), in the direction that keeps its reduced cost feasible,
// where L is the largest |c_j| (1 if every cost is 0), its fourth root above
// kCostPerturbationLargeCost, and at most 1 when fewer than kCostPerturbationFewBoxed of the
// variables are boxed. These are HiGHS's numbers (HEkk::initialiseCost: 5e-7, 100 and 1%). The
// factor L was missing before (2026-12-07): on the LPs of fleets with caps (costs up to 100
// EUR/MWh: a perturbation about 100 times larger) the cold dual simplex now takes 17,344 iterations
// instead of 24,668 on 20x96x4 and 36,863 instead of 74,157 on 40x96x4, where HiGHS takes 16,435
// and 35,466 (docs/lp.md section 6). Removed before the answer is verified, so it never changes
// the reported optimum.
inline constexpr double kCostPerturbationBase = 5e-7;
inline constexpr double kCostPerturbationLargeCost = 100.0;
inline constexpr double kCostPerturbationFewBoxed = 0.01;
// Unscaled verification of an LP answer (feasibility of x, sign of reduced costs and duals) is
// done relative to max(1, magnitude of the quantity compared): a row with right-hand side 1e6 is
// checked at 1e-7 * 1e6, since double rounding in A x alone reaches that order.
// A Farkas certificate needs no tolerance of its own: its proof must hold beyond the rounding
// of its sums (lp/certificates.cpp; a fixed 1e-9 of their size before rejected true proofs of
// barely infeasible node LPs on rows of mixed scales, margin 6.8e-6 on terms of 1.8e4).

// Basis factorization (lp/basis_factor): a pivot of U smaller than this, after KLU's row scaling
// (every row's largest entry is 1) or relative to the largest pivot in the dense factor, marks the
// basis as numerically singular and its column is replaced by a logical. 1e-11 is far below any
// pivot a 0.1-threshold LU accepts on a sound basis, and far above the 1e-16 rounding left when
// dependent columns cancel, so it separates "dependent" from "badly scaled but usable".
inline constexpr double kFactorSingularPivot = 1e-11;
// Sparse solves (FTRAN, BTRAN and the eta file): an entry of magnitude at most this is the
// residue of cancellation, not a value, and is set to zero instead of being carried on. The solves
// run on the scaled LP, whose entries and pivots are O(1), so the entries of a basis inverse
// column that matter lie many orders above 1e-14, while cancelling sums leave ~1e-16 to 1e-15 of
// their terms (a pivot that small is refused anyway: kPivotRelative, kPivotAbsolute). Measured
// on a coupled 10 x 24 x 4 fleet's search: a third of the eta entries were below 1e-14, every one
// a product of cancellation that each later solve then walked. HiGHS drops below the same value
// (kHighsTiny) in its solves.
inline constexpr double kSolveTiny = 1e-14;

// MPS files: a bound, right-hand side or range of magnitude at least this is infinite. 1e30 is
// the value CPLEX, CBC/CLP and GLPK write and read for "no bound"; no real datum comes near it.
inline constexpr double kMpsInfinity = 1e30;

// State-of-charge grid DP (fleet/soc_grid_dp.hpp). A grid point within this times the grid step h
// of a state-of-charge bound counts as lying on it: grid points are computed as soc0 + k h, so a
// bound that is exactly a grid point in real arithmetic may miss it by a few ulps. 1e-9 h is far
// below the checker's 1e-6 MWh, so a schedule through such a point still passes.
inline constexpr double kSocGridSnapRelative = 1e-9;
// The grid DP's upper bound is raised by this times (1 + the sum over steps of the largest
// |kernel value|) before it is reported, so that it stays >= the asset's optimum despite rounding.
// Every DP value is a sum of at most T kernel values, each evaluated with O(M) roundings, so its
// error is below (T + M + 10) * 2^-53 times that sum: 1e-11 at T = 1e5. 1e-9 leaves a factor 100.
inline constexpr double kSocGridBoundSafetyRelative = 1e-9;

// Node domain propagation (mip/node_propagation.hpp): a bound derived from a row, (side - rest) /
// a_k, is moved outward by this times (|side| + the magnitude of the rest's terms) / |a_k| before
// an integer column rounds it, so rounding in the activity sums (at most ~1e-13 relative for rows
// of up to a few thousand terms) never cuts off a feasible integer value; the kIntegrality slack
// of the rounding comes on top. Coefficients below kPropagationTinyCoefficient times the row's
// largest are not divided by: the quotient would be mostly that rounding.
inline constexpr double kPropagationRelativeMargin = 1e-9;
inline constexpr double kPropagationTinyCoefficient = 1e-7;
// Node propagation proves a node infeasible only when a row's activity range misses its side by
// more than this times max(1, |activity|): ten times the LP's feasibility tolerance, so that no
// point the LP (and the solution check) would accept within tolerance is declared impossible.
inline constexpr double kPropagationInfeasibleRelative = 1e-6;
// The conflict pool skips an entry whose reach |d| (gu - gl + 1) is at most the room left to the
// cutoff: it cannot tighten (mip/conflict_pool.hpp). The skip needs the reach below the room by
// this much relative, so that rounding in the product and in the pool's division cannot skip an
// entry the full scan would tighten; a kept entry is tested exactly as before.
inline constexpr double kConflictReachMargin = 1e-9;

}  // namespace fleetopt::core::tol
