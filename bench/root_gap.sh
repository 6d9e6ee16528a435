#!/usr/bin/env bash
# Root gap of each formulation variant (docs/fleet-structure.md, section 6): the LP relaxation
# bound of basic, tight and hull against the best objective fleetopt finds, on generated fleets.
#
#   bench/root_gap.sh [--fleetopt build/fleetopt] [--time-limit 120]
#
# Each row: the instance (fleetopt generate options), the MILP objective (fleetopt solve, hull,
# gap 1e-6 or the time limit: "optimal" or "feasible" says which), and per variant the LP bound
# (fleetopt lp on the exported model) and its gap (bound - objective) / objective in percent.
set -euo pipefail
cd "$(dirname "$0")/.."
FLEETOPT=build/fleetopt
TIME_LIMIT=120
while [[ $# -gt 0 ]]; do
  case "$1" in
    --fleetopt) FLEETOPT="$2"; shift 2 ;;
    --time-limit) TIME_LIMIT="$2"; shift 2 ;;
    *) echo "root_gap.sh: unknown option '$1' (expected --fleetopt PATH or --time-limit S)" >&2; exit 2 ;;
  esac
done
[[ -x "$FLEETOPT" ]] || { echo "root_gap.sh: $FLEETOPT not found; build first (cmake --build build)" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# label | generator options
shapes=(
  "1x96x4|--assets 1 --markets 4 --steps 96"
  "1x96x4 15 min|--assets 1 --markets 4 --steps 96 --step-hours 0.25"
  "10x96x4|--assets 10 --markets 4 --steps 96"
  "1x96x6 reserve, negative prices|--assets 1 --markets 6 --steps 96 --reserve-fraction 0.5 --negative-spikes 0.1"
  "10x96x4 heterogeneous|--assets 10 --markets 4 --steps 96 --heterogeneous"
  "10x24x4 cap 0.5, min bid 1|--assets 10 --markets 4 --steps 24 --cap-fraction 0.5 --min-bid 1"
  "10x96x4 cap 0.5, min bid 1|--assets 10 --markets 4 --steps 96 --cap-fraction 0.5 --min-bid 1"
)
json_field() { sed -n "s/.*\"$2\": *\([^,}]*\).*/\1/p" "$1" | head -1 | tr -d '"'; }

echo "| instance (seed 0) | objective | status | basic LP | gap | tight LP | gap | hull LP | gap |"
echo "|---|---:|---|---:|---:|---:|---:|---:|---:|"
for entry in "${shapes[@]}"; do
  label=${entry%%|*}
  options=${entry#*|}
  dir="$work/inst"
  rm -rf "$dir"
  # shellcheck disable=SC2086
  "$FLEETOPT" generate $options --out "$dir" >/dev/null
  "$FLEETOPT" solve "$dir/instance.toml" --gap 1e-6 --time-limit "$TIME_LIMIT" --quiet --out "$work/sol" >/dev/null || true
  objective=$(json_field "$work/sol/summary.json" objective)
  status=$(json_field "$work/sol/summary.json" status)
  row="| $label | $objective | $status"
  for variant in basic tight hull; do
    "$FLEETOPT" export "$dir/instance.toml" --formulation "$variant" --mps "$work/m.mps" >/dev/null
    lp=$("$FLEETOPT" lp "$work/m.mps" --json | sed -n 's/.*"objective": *\([^,}]*\).*/\1/p')
    gap=$(awk -v lp="$lp" -v z="$objective" 'BEGIN { printf "%.3f%%", 100 * (lp - z) / (z > 1 ? z : 1) }')
    row="$row | $(printf '%.2f' "$lp") | $gap"
  done
  echo "$row |"
done
