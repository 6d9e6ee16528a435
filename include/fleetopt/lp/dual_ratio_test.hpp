// Dual ratio tests (CHUZC of the dual simplex) behind one interface, so that experiments can
// compare them (SoPlex's SPxRatioTester split). After the leaving row r is chosen, every nonbasic
// j with a usable pivot-row entry alpha_j (signed so that reduced costs move by -theta alpha_j)
// is a candidate with its exact ratio d_j / alpha_j (clipped at 0) and its Harris ratio with the
// dual feasibility tolerance (Harris, Math. Prog. 5, 1973). A rule picks the entering candidate
// and, for boxed columns, may pass over candidates by flipping them to their other bound:
//
//  * bound flipping (the default; Fourer 1994, Maros 2003, Koberstein 2005 Algorithm 9): passes
//    whole Harris groups while the slope of the dual objective, the leaving row's primal
//    infeasibility, stays positive after each group's share (|alpha_j| times its range); the
//    largest |alpha_j| of the group where it would turn enters. Long steps, fewer iterations.
//  * Harris (textbook, no flips): the largest |alpha_j| among the candidates whose exact ratio is
//    within the smallest Harris ratio.
#pragma once

#include <memory>
#include <string>
#include <vector>

namespace fleetopt::lp {

enum class DualRatioTestRule { bound_flipping, harris };
std::string to_string(DualRatioTestRule rule);
// "bound-flipping" or "harris"; throws std::invalid_argument otherwise.
DualRatioTestRule parse_dual_ratio_test_rule(const std::string& name);

struct DualRatioCandidate {
  int var;
  double alpha;    // signed pivot-row entry: reduced costs move by -theta * alpha
  double ratio;    // exact ratio d_j / alpha_j, clipped at 0
  double relaxed;  // Harris ratio with the dual feasibility tolerance
  double range;    // upper - lower (+infinity if not boxed)
};

// What a rule decided: the entering candidate's index into the (possibly reordered) candidates,
// or none (the dual is unbounded along the row: the primal is infeasible); `trouble` when only
// NaN ratios or pivots are left.
struct DualRatioChoice {
  int entering = -1;
  bool trouble = false;
};

class DualRatioTest {
 public:
  virtual ~DualRatioTest() = default;
  virtual DualRatioTestRule rule() const = 0;
  // The rules hold no state: a copy is a new rule of the same kind.
  std::unique_ptr<DualRatioTest> clone() const;
  // `slope` is the leaving row's primal infeasibility; `flips` gets the variables to move to
  // their other bound (cleared first).
  virtual DualRatioChoice choose(std::vector<DualRatioCandidate>& candidates, double slope,
                                 std::vector<int>& flips) const = 0;
};

std::unique_ptr<DualRatioTest> make_dual_ratio_test(DualRatioTestRule rule);

}  // namespace fleetopt::lp
