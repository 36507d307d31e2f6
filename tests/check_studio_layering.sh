#!/usr/bin/env bash
# The studio's rules, which the compiler cannot see:
# - ui/ (colcomb_ui) never includes app/: the studio, the CLI and the Python bindings sit on top.
# - A panel only shows: no panel source file starts background work (QtConcurrent, QThread,
#   std::thread, std::async). Work runs in the workspace's documents and jobs (TrainingJob,
#   EvaluationJob, SimulationJob, ...), which panels display and forward edits to.
set -euo pipefail
cd "$(dirname "$0")/../ui"
bad=0
if hits=$(grep -nE '#include "(\.\./)*app/|#include "(cli|studio|python)/' -- *.h *.cpp); then
  echo "ui must not include app/:"; echo "$hits"; bad=1
fi
if hits=$(grep -nE 'QtConcurrent|QThread|std::thread|std::async' -- *Panel.cpp *Panel.[h]); then
  echo "a panel must not start background work (move it to a document or job that the workspace owns):"; echo "$hits"; bad=1
fi
[ $bad -eq 0 ] && echo "ui includes no app/ file, and no panel starts background work ($(ls -- *Panel.cpp | wc -l) panels)"
exit $bad
