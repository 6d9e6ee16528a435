#!/usr/bin/env bash
# Browser test of `fleetopt experiment report` (docs/report.md, "Experiment reports"): writes a
# hand-made experiment folder (results.csv of two solver settings on assets 1, 2, 4 x steps 24, 48,
# with one cell stopped at its time limit with a gap, one killed at its timeout, and one
# disagreement), writes its report with FLEETOPT_BIN, then opens the page in headless chromium
# (experiment_browser_test.mjs), which checks that every plot is drawn with the expected traces,
# the disagreement is shown, and there are no console errors and no network requests; the
# screenshot goes to OUT_DIR/report.png.
#
#   run_experiment_browser_test.sh FLEETOPT_BIN OUT_DIR
#
# Exit 77 (ctest SKIP_RETURN_CODE) when chromium, node or the npm packages are missing, except
# under CI (CI=true), where their absence is a failure.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
fleetopt="$1"
out="$2"
chromium="${FLEETOPT_CHROMIUM:-/usr/bin/chromium}"

source "$here/browser_prerequisites.sh"
require_browser_tools "$here" "$chromium"

rm -rf "$out"
mkdir -p "$out/experiment"
results="$out/experiment/results.csv"
echo "experiment,config_hash,cell,instance,assets,markets,steps,seed,solver,time_limit,gap_setting,formulation,threads,status,objective,best_bound,gap,nodes,lp_iterations,seconds,peak_memory_mb,check,message" > "$results"
# Times t = c * assets^1.2 * (steps/24)^1.5 (c = 0.1 for fleetopt, 0.3 for highs), except:
# fleetopt on assets 1 x steps 24 is killed at its timeout; highs on assets 2 x steps 48 stops at
# its 60 s limit with a 1.5 % gap.
for solver in fleetopt highs; do
  settings="$solver-tl60-gap1e-04-hull-t1"
  for assets in 1 2 4; do
    for steps in 24 48; do
      instance="gen-a$assets-m2-t$steps-s1"
      status=optimal check=passed gap=0 objective=1000 bound=1000
      seconds=$(awk -v s="$solver" -v a="$assets" -v t="$steps" \
                'BEGIN { c = s == "fleetopt" ? 0.1 : 0.3; printf "%.4f", c * a^1.2 * (t / 24)^1.5 }')
      if [[ $solver == fleetopt && $assets == 1 && $steps == 24 ]]; then
        status=timeout check=- gap= objective= bound= seconds=65
      elif [[ $solver == highs && $assets == 2 && $steps == 48 ]]; then
        status=feasible gap=0.015 objective=985 bound=1000 seconds=60
      fi
      echo "browser,abc,$instance/$settings,$instance,$assets,2,$steps,1,$solver,60,0.0001,hull,1,$status,$objective,$bound,$gap,10,100,$seconds,12,$check," >> "$results"
    done
  done
done
printf 'instance,cell_with_schedule,objective,cell_with_bound,best_bound,excess\n%s\n' \
  "gen-a4-m2-t48-s1,gen-a4-m2-t48-s1/highs-tl60-gap1e-04-hull-t1,1000,gen-a4-m2-t48-s1/fleetopt-tl60-gap1e-04-hull-t1,990,10" \
  > "$out/experiment/disagreements.csv"

"$fleetopt" experiment report "$out/experiment" --out "$out/report.html"
# Traces per plot: markers + fit line per setting with two solved sizes along the axis (scaling at
# steps 48 and at assets 4: both settings fit), one profile line per setting, one gap series
# (only highs has a cell with a final gap).
node "$here/experiment_browser_test.mjs" --html "$out/report.html" --screenshot "$out/report.png" \
  --chromium "$chromium" --expect "scaling-assets=4,scaling-steps=4,profile-plot=2,gap-plot=1" --disagreements 1
