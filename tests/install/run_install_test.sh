#!/usr/bin/env bash
# The installation test of issue 11 (ctest label "install"), as a user would try it:
#  1. `cmake --install` the build into a scratch prefix; from another folder, with no build or
#     source tree on the way, the installed fleetopt runs the demo and writes a report whose
#     plotly.js comes from the prefix (share/fleetopt), not from the source tree;
#  2. experiments/plugin-example (its own branching rule and heuristic) configures against the
#     installed package with find_package(fleetopt), builds, and solves to the same optimum as
#     fleetopt's defaults;
#  3. `cpack -G DEB` makes the Debian package; it is unpacked into a scratch root, its run-time
#     dependencies are installed on this machine, and the packaged /usr/bin/fleetopt runs the demo
#     and a report.
#
#   bash tests/install/run_install_test.sh BUILD_DIR SOURCE_DIR WORK_DIR
set -euo pipefail
build="$(realpath "$1")"
source_dir="$(realpath "$2")"
work="$(realpath -m "$3")"
rm -rf "$work"
mkdir -p "$work/elsewhere"
fail() { echo "install test: $*" >&2; exit 1; }

# 1. Install and run from elsewhere.
cmake --install "$build" --prefix "$work/prefix" >/dev/null
[[ -x "$work/prefix/bin/fleetopt" ]] || fail "no bin/fleetopt in the prefix"
[[ -f "$work/prefix/share/fleetopt/plotly.min.js" ]] || fail "no share/fleetopt/plotly.min.js in the prefix"
[[ -f "$work/prefix/lib/cmake/fleetopt/fleetoptConfig.cmake" ]] || fail "no CMake package config"
cd "$work/elsewhere"
env -u FLEETOPT_PLOTLY_JS "$work/prefix/bin/fleetopt" demo --out demo >demo.log 2>&1 || { cat demo.log; fail "the installed demo failed"; }
report=$(env -u FLEETOPT_PLOTLY_JS "$work/prefix/bin/fleetopt" report demo/result --instance demo/instance/instance.toml --out r.html)
echo "$report"
grep -q "plotly.js from $work/prefix/share/fleetopt/plotly.min.js" <<<"$report" || fail "the report did not use the installed plotly.js"
grep -q "Plotly" r.html || fail "the report has no plotly.js inlined"

# 2. The example plug-in project against the installed package.
cmake -S "$source_dir/experiments/plugin-example" -B "$work/example-build" -DCMAKE_PREFIX_PATH="$work/prefix" >/dev/null
cmake --build "$work/example-build" -j 2 >/dev/null
"$work/example-build/largest_flow_solve" 3 24 0 | tee example.log
grep -q "optima agree: yes" example.log || fail "the example's optimum differs from fleetopt's"

# 3. The Debian package.
(cd "$build" && cpack -G DEB -B "$work/package" >/dev/null)
deb=$(ls "$work/package"/fleetopt_*.deb)
dpkg-deb --field "$deb" Depends | tr ',' '\n' | sed 's/(.*//; s/ //g' | while read -r dep; do
  [[ -z "$dep" ]] && continue
  dpkg-query -W -f='${Status}' "$dep" 2>/dev/null | grep -q "install ok installed" || fail "dependency $dep of the package is not installed here"
done
dpkg -x "$deb" "$work/root"
cd "$work/elsewhere"
env -u FLEETOPT_PLOTLY_JS "$work/root/usr/bin/fleetopt" demo --out packaged >packaged.log 2>&1 || { cat packaged.log; fail "the packaged demo failed"; }
env -u FLEETOPT_PLOTLY_JS "$work/root/usr/bin/fleetopt" report packaged/result --out p.html | grep -q "$work/root/usr/share/fleetopt/plotly.min.js" \
  || fail "the packaged report did not use the packaged plotly.js"
echo "install test: installed, example built against the package, Debian package runs"
