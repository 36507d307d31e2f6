#!/usr/bin/env bash
# Every header or markdown page that a comment, a script or the docs name must be in the
# source tree: a comment that cites a file which is gone, or one that never was, misleads the next
# reader. #include lines are left to the compiler.
set -euo pipefail
cd "$(dirname "$0")/.."
sources=(core ui app tests scripts examples docs README.md)
known=$(find "${sources[@]}" resources .ci CMakeLists.txt -type f 2>/dev/null | sed 's|.*/||' | sort -u)
named=$(find "${sources[@]}" -type f \( -name '*.h' -o -name '*.cpp' -o -name '*.py' -o -name '*.sh' -o -name '*.md' -o -name '*.txt' \
  -o -name '*.json' -o -name '*.sbatch' \) -print0 |
  xargs -0 grep -hv '^[[:space:]]*#[[:space:]]*include' | grep -oE '\b[A-Za-z][A-Za-z0-9_-]*\.(h|md)\b' | sort -u)
missing=$(comm -23 <(echo "$named") <(echo "$known"))
if [ -n "$missing" ]; then
  echo "named but not in the source tree:"
  for name in $missing; do echo "  $name, in: $(grep -rlwF "$name" "${sources[@]}" | tr '\n' ' ')"; done
  exit 1
fi
echo "every file named in comments, scripts and docs exists ($(echo "$named" | wc -l) names)"
