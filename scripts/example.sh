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

echo
echo "Records: a patient's first three weeks in a store of its own (var/tour.db)."
mkdir -p var
rm -f var/tour.db var/tour.db-wal var/tour.db-shm
db=(--db var/tour.db)
show init "${db[@]}"
patient=$("$mx" patient add "${db[@]}" --name "Sam Example" --birth-year 1975 --json |
  sed 's/.*"id":"\([^"]*\)".*/\1/')
echo "patient: $patient"
show intake "$patient" examples/intake.json --date 2026-01-05 "${db[@]}"
for day in $(seq 5 25); do
  date=$(printf '2026-01-%02d' "$day")
  "$mx" checkin "$patient" --date "$date" --pain 3 --next-morning-pain 3 --walk-minutes 10 \
    "${db[@]}" >/dev/null
  "$mx" log "$patient" --date "$date" --pain-during 2 --difficulty right "${db[@]}" >/dev/null
done
show today "$patient" --date 2026-01-26 "${db[@]}"
show progress "$patient" --date 2026-01-26 "${db[@]}"
show checkin "$patient" --date 2026-01-26 --pain 4 --red-flag saddle_numbness "${db[@]}"
show alerts "${db[@]}"
