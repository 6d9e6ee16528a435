#!/usr/bin/env bash
# Runs one libFuzzer target for a fixed time (ctest label "fuzz", tests/fuzz/CMakeLists.txt) and
# fails if it leaves any artefact: a crash, leak, timeout (hang) or out-of-memory input.
# Usage: run_fuzzer.sh <fuzzer> <work dir> <seconds> <corpus dir> [seed folder or file ...]
#   A seed folder holding instance.toml is packed into one input (instance.toml, prices.csv and
#   assets.csv joined by "====" lines, the format of fuzz_instance); other folders give their
#   *.toml files; files are copied as they are. New inputs go to <work dir>/corpus, never into
#   the repository.
set -euo pipefail
fuzzer=$1 work=$2 seconds=$3 corpus=$4
shift 4

# Per-input limits: an input running longer than this is a hang; above this memory, a finding.
readonly kTimeoutPerInputSeconds=10
readonly kRssLimitMb=2048

rm -rf "$work"
mkdir -p "$work/corpus" "$work/seeds" "$work/artifacts"
n=0
for seed in "$@"; do
  n=$((n + 1))
  if [[ -f $seed/instance.toml ]]; then
    {
      cat "$seed/instance.toml"
      for csv in prices.csv assets.csv; do
        [[ -f $seed/$csv ]] || break
        printf '\n====\n'
        cat "$seed/$csv"
      done
    } > "$work/seeds/packed-$n-$(basename "$seed")"
  elif [[ -d $seed ]]; then
    for f in "$seed"/*.toml; do cp "$f" "$work/seeds/$n-$(basename "$f")"; done
  else
    cp "$seed" "$work/seeds/$n-$(basename "$seed")"
  fi
done

status=0
UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 ASAN_OPTIONS=detect_leaks=1 \
  "$fuzzer" -max_total_time="$seconds" -timeout="$kTimeoutPerInputSeconds" \
  -rss_limit_mb="$kRssLimitMb" -detect_leaks=1 -print_final_stats=1 \
  -artifact_prefix="$work/artifacts/" "$work/corpus" "$work/seeds" "$corpus" || status=$?

artefacts=$(find "$work/artifacts" -type f)
if [[ $status -ne 0 || -n $artefacts ]]; then
  echo "FAIL: $(basename "$fuzzer") exited with $status; artefacts:" >&2
  for a in $artefacts; do echo "  $a" >&2; done
  echo "Reproduce: $fuzzer <artefact>" >&2
  exit 1
fi
echo "OK: $(basename "$fuzzer") ran ${seconds}s without findings"
