#!/usr/bin/env bash
# core/ depends one way: base <- matrix <- quantization <- packing <- systolic <- data <- nn <- training <- io <- sweep.
# A folder may include itself and the folders before it, never one after it; core has no Qt.
set -euo pipefail
cd "$(dirname "$0")/../core"
order=(base matrix quantization packing systolic data nn training io sweep)
bad=0
for ((i = 0; i < ${#order[@]}; i++)); do
  folder=${order[$i]}
  for ((j = i + 1; j < ${#order[@]}; j++)); do
    later=${order[$j]}
    if hits=$(grep -rn "#include \"$later/" "$folder" 2>/dev/null); then
      echo "core/$folder must not include core/$later:"; echo "$hits"; bad=1
    fi
  done
done
if hits=$(grep -rln "#include <Q" . 2>/dev/null); then echo "core must not use Qt:"; echo "$hits"; bad=1; fi
for f in */; do
  case " ${order[*]} " in *" ${f%/} "*) ;; *) echo "core/${f%/} is not in the layering order of tests/check_layering.sh"; bad=1 ;; esac
done
[ $bad -eq 0 ] && echo "core layering: ${order[*]} (each folder includes only itself and the ones before it)"
exit $bad
