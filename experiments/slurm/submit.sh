#!/usr/bin/env bash
# Runs an experiment grid on a Slurm cluster: one array task per shard, then a merge job that
# starts when every task has succeeded (docs/experiments.md, section "On a cluster").
#
#   bash experiments/slurm/submit.sh CONFIG.toml OUT_DIR [TASKS] [-- extra sbatch options]
#
# Task K of TASKS runs `fleetopt experiment CONFIG --shard K/TASKS --out OUT_DIR/shard-K` on the
# CPUs Slurm gives it (--cpus-per-task, default 1; the runner's --jobs follows it); the merge job
# writes OUT_DIR/merged (results.csv, disagreements.csv, the cells' folders). OUT_DIR must be on a
# file system every node sees. A task that dies can be resubmitted alone with the same command:
# the runner resumes its shard (--resume) and runs only the cells missing from its results.csv.
#
# Environment: FLEETOPT (the binary; default: fleetopt on PATH, else build/fleetopt of this
# checkout), FLEETOPT_SLURM_WAIT=1 to block until the merge job ends (sbatch --wait; tests use it).
set -euo pipefail
if (($# < 2)); then
  echo "usage: bash experiments/slurm/submit.sh CONFIG.toml OUT_DIR [TASKS] [-- sbatch options]" >&2
  exit 2
fi
config="$(realpath "$1")"
out="$(realpath -m "$2")"
tasks="${3:-4}"
shift $(($# >= 3 ? 3 : 2))
[[ "${1:-}" == "--" ]] && shift
here="$(cd "$(dirname "$0")" && pwd)"
fleetopt="${FLEETOPT:-$(command -v fleetopt || echo "$here/../../build/fleetopt")}"
fleetopt="$(realpath "$fleetopt")"
[[ -x "$fleetopt" ]] || { echo "submit.sh: no fleetopt binary at $fleetopt (set FLEETOPT)" >&2; exit 2; }
[[ "$tasks" =~ ^[1-9][0-9]*$ ]] || { echo "submit.sh: TASKS must be a positive integer, got '$tasks'" >&2; exit 2; }
# Refuse a bad config here, before anything is queued.
"$fleetopt" experiment "$config" --dry-run >/dev/null
mkdir -p "$out/logs"

array_job=$(sbatch --parsable --job-name=fleetopt-grid --array="1-$tasks" \
  --output="$out/logs/task-%a.log" "$@" \
  --wrap="'$fleetopt' experiment '$config' --shard \$SLURM_ARRAY_TASK_ID/$tasks --jobs \${SLURM_CPUS_PER_TASK:-1} --out '$out/shard-'\$SLURM_ARRAY_TASK_ID --resume")
array_job="${array_job%%;*}"
echo "submitted array job $array_job ($tasks tasks), results in $out/shard-K"

shards=()
for ((k = 1; k <= tasks; k++)); do shards+=("'$out/shard-$k'"); done
wait_flag=()
[[ "${FLEETOPT_SLURM_WAIT:-0}" == 1 ]] && wait_flag=(--wait)
merge_job=$(sbatch --parsable "${wait_flag[@]}" --job-name=fleetopt-merge --dependency="afterok:$array_job" \
  --kill-on-invalid-dep=yes --output="$out/logs/merge.log" "$@" \
  --wrap="rm -rf '$out/merged' && '$fleetopt' experiment merge ${shards[*]} --out '$out/merged'")
echo "submitted merge job ${merge_job%%;*}: $out/merged when the array has succeeded"
