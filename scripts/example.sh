#!/usr/bin/env bash
# `make run` until the server exists: a short tour of the moverx command on
# the example intakes in examples/.
set -euo pipefail
cd "$(dirname "$0")/.."
mx=build/moverx

show() { printf '\n\033[1m$ moverx %s\033[0m\n' "$*"; "$mx" "$@"; }

echo "MoveRx $("$mx" --version | cut -d' ' -f2): the command-line tool on an example intake (examples/intake.json)."
show triage examples/intake.json
show plan --intake examples/intake.json
show score startback --answers 1,0,1,0,0,1,0,0,4
show score odi --answers 2,1,2,2,3,2,2,-,1,2
show score psfs --answers 3,4,5
show change nprs 6 3
show exercises show pelvic-tilt
show exercises list --category aquatic
show lessons list
echo
echo "An intake with an emergency sign (examples/intake-emergency.json):"
show triage examples/intake-emergency.json
