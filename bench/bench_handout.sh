#!/usr/bin/env bash
# bench_handout.sh: how long `moverx handout` takes and how big its PDF is,
# for a plan of the example intake given an hour a day, a pool and yoga
# (7 items). Beside it, in the same run, the reference: `moverx today` for the
# same patient on the same store (the cost of starting, loading the data and
# reading the plan, without drawing). 5 interleaved rounds; medians printed.
# Usage: bench/bench_handout.sh  (after `make`)
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${MOVERX_BIN:-build/release/moverx}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
db="$dir/h.db"
python3 - "$dir/intake.json" <<'PY'
import json, sys
d = json.load(open('examples/intake.json'))
d['availability'] = {'minutes_per_day': 60, 'days': ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']}
d['preferences'].update(pool_access=True, yoga=True)
json.dump(d, open(sys.argv[1], 'w'))
PY
"$BIN" --data data init --db "$db" >/dev/null
p=$("$BIN" --data data patient add --name "Bench Patient" --birth-year 1970 --db "$db" --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
"$BIN" --data data intake "$p" "$dir/intake.json" --db "$db" >/dev/null
items=$("$BIN" --data data today "$p" --db "$db" --json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["items"]))')
ms() { local s e; s=$(date +%s%N); "$@" >/dev/null; e=$(date +%s%N); echo $(( (e - s) / 1000 )); }
h=() t=()
for _ in 1 2 3 4 5; do
  h+=("$(ms "$BIN" --data data handout "$p" --db "$db" --out "$dir/h.pdf" --app-url https://moverx.example.org/)")
  t+=("$(ms "$BIN" --data data today "$p" --db "$db" --json)")
done
median() { printf '%s\n' "$@" | sort -n | sed -n 3p; }
pages=$(pdfinfo "$dir/h.pdf" | awk '/^Pages/ {print $2}')
echo "handout ($items exercises on today's list): $(stat -c %s "$dir/h.pdf") bytes, $pages pages"
echo "moverx handout: $(median "${h[@]}") us (median of 5)"
echo "moverx today (reference): $(median "${t[@]}") us (median of 5)"
