#!/usr/bin/env bash
# The paper's figures at full size: runs the bundled -full sweep specs (all of Fashion-MNIST, 10
# epochs a point) one after another and draws each into docs/figN-KIND-full.png with its numbers
# in docs/figN-KIND-full.csv. Hours on 2 cores, so it is never part of CI. Every finished point is
# kept in the sweep cache, and an interrupted training point keeps its checkpoint: run the script
# again and it continues where it stopped.
#
# Usage: scripts/reproduce-full.sh [FIGURE...]      (default: 2 4 3 5 6)
# Environment: COLCOMB (the colcomb program, default build/app/cli/colcomb), OUT (results and logs,
# default out/full), COLCOMB_CACHE (the sweep cache, default colcomb's own).
set -euo pipefail
cd "$(dirname "$0")/.."
colcomb=${COLCOMB:-build/app/cli/colcomb}
out=${OUT:-out/full}
mkdir -p "$out"
figures=("$@")
[ ${#figures[@]} -gt 0 ] || figures=(2 4 3 5 6)
cache=()
[ -z "${COLCOMB_CACHE:-}" ] || cache=(--cache "$COLCOMB_CACHE")

for n in "${figures[@]}"; do
  spec=$(ls resources/sweeps/fig"$n"-*-full.json 2>/dev/null | head -n 1)
  [ -n "$spec" ] || { echo "reproduce-full: no full spec for figure $n in resources/sweeps" >&2; exit 2; }
  name=$(basename "$spec" -full.json)          # fig2-gamma
  kind=${name#fig"$n"-}                         # gamma
  start=$(date +%s)
  echo "$(date -u +%FT%TZ) figure $n: $spec"
  "$colcomb" sweep --spec "$spec" --out "$out/$name-full.jsonl" --json "${cache[@]}" > "$out/$name-full.log" 2>&1
  echo "$(date -u +%FT%TZ) figure $n: $(wc -l < "$out/$name-full.jsonl") points in $(( $(date +%s) - start )) s"
  "$colcomb" figure "$kind" --results "$out/$name-full.jsonl" --out "docs/$name-full.png" --data "docs/$name-full.csv" \
    --width-mm 120 --dpi 200
done
