#!/bin/bash
# Submits a sweep to Slurm as N array tasks and a merge that runs after all of them succeed:
#   examples/slurm/submit.sh SPEC OUTDIR N [sbatch options...]
# Prints the two job ids. With --wait among the options it returns when the merge has finished.
set -euo pipefail
spec=$(realpath "$1") out=$(realpath -m "$2") shards=$3
shift 3
here=$(dirname "$(realpath "$0")")
mkdir -p "$out"
array=$(sbatch --parsable --chdir="$out" --array=0-$((shards - 1)) "$here/sweep-shard.sbatch" "$spec" "$out" "$shards")
echo "shards: job $array"
merge=$(sbatch --parsable --chdir="$out" --dependency=afterok:"$array" "$@" "$here/sweep-merge.sbatch" "$out" "$shards")
echo "merge: job $merge"
