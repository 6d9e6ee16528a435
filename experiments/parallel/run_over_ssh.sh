#!/usr/bin/env bash
# Runs an experiment grid over ssh hosts with GNU parallel (apt-get install parallel): one shard
# per job slot, then the merge, on this machine (docs/experiments.md, section "On a cluster").
#
#   bash experiments/parallel/run_over_ssh.sh HOSTS_FILE CONFIG.toml OUT_DIR [SHARDS]
#
# HOSTS_FILE is GNU parallel's --sshloginfile ("4/user@host" runs 4 shards there at once; ":" is
# this machine). Every host needs fleetopt at the same path (FLEETOPT, default build/fleetopt of
# this checkout) and must see CONFIG and OUT_DIR at the same paths (a shared file system); without
# one, add --transferfile/--return as the GNU parallel manual describes. A failed shard is rerun by
# running the script again: each shard resumes (--resume) and runs only its missing cells.
set -euo pipefail
if (($# < 3)); then
  echo "usage: bash experiments/parallel/run_over_ssh.sh HOSTS_FILE CONFIG.toml OUT_DIR [SHARDS]" >&2
  exit 2
fi
hosts="$1"
config="$(realpath "$2")"
out="$(realpath -m "$3")"
shards="${4:-8}"
here="$(cd "$(dirname "$0")" && pwd)"
fleetopt="$(realpath "${FLEETOPT:-$here/../../build/fleetopt}")"
command -v parallel >/dev/null || { echo "run_over_ssh.sh: GNU parallel is not installed" >&2; exit 2; }
"$fleetopt" experiment "$config" --dry-run >/dev/null
mkdir -p "$out"
seq 1 "$shards" | parallel --sshloginfile "$hosts" --halt never --joblog "$out/parallel.log" \
  "'$fleetopt' experiment '$config' --shard {}/$shards --jobs 1 --out '$out/shard-{}' --resume"
rm -rf "$out/merged"
"$fleetopt" experiment merge $(for ((k = 1; k <= shards; k++)); do printf "%s " "$out/shard-$k"; done) --out "$out/merged"
