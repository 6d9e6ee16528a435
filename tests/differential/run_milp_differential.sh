#!/usr/bin/env bash
# The ctest test "mip long: milp_differential --quick, generated MILPs against HiGHS": runs
# bench/milp_differential.py --quick --strict on the just-built binary (generated MILPs of seven
# families, fleetopt against HiGHS through SciPy; docs/mip.md section 5, bench/README.md). It
# fails on a wrong status, optimum or bound, and on an "error" verdict (the quick instances are
# all solved today).
#
#   bash tests/differential/run_milp_differential.sh FLEETOPT_BINARY SOURCE_DIR
#
# Exit 77 (skipped) when /usr/bin/python3 or its SciPy is missing, unless FLEETOPT_REQUIRE_SCIPY or
# FLEETOPT_REQUIRE_REFERENCE_SOLVERS is set to anything but empty or 0 (CI, where scripts/setup.sh
# installs python3-scipy): then that is a failure, as in the C++ tests (tests/requirements.hpp).
set -euo pipefail
fleetopt="$1"
source_dir="$2"
python=/usr/bin/python3

skip() {
  local variable
  for variable in FLEETOPT_REQUIRE_REFERENCE_SOLVERS FLEETOPT_REQUIRE_SCIPY; do
    if [[ -n "${!variable:-}" && "${!variable}" != 0 ]]; then
      echo "milp differential: $1 ($variable is set: a missing reference solver is a failure)" >&2
      exit 1
    fi
  done
  echo "milp differential skipped: $1" >&2
  exit 77
}
[[ -x "$python" ]] || skip "$python is missing"
"$python" -c "import scipy.optimize" 2>/dev/null ||
  skip "SciPy is not installed for $python (apt-get install -y python3-scipy)"
exec "$python" "$source_dir/bench/milp_differential.py" --quick --strict --fleetopt "$fleetopt"
