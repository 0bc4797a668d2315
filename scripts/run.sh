#!/usr/bin/env bash
# `make run`: the demo server on the embedded store. Creates var/moverx.db
# with a demonstration organization (synthetic patients with weeks of
# history, from the simulator) the first time, prints the address and the
# demo logins, and serves on 127.0.0.1:8080 until Ctrl-C.
# Never for production: the demo accounts' passwords are printed here and in
# the source. See docs/operations.md for a real installation.
set -euo pipefail
cd "$(dirname "$0")/.."

db=var/moverx.db
listen=${MOVERX_LISTEN:-127.0.0.1:8080}
mkdir -p var
if [ ! -e "$db" ]; then
  echo "Creating $db with a demo organization..."
  # Seeded aside and moved into place whole: an interrupted run leaves no half store.
  rm -f "$db.seeding" "$db.seeding-wal" "$db.seeding-shm"
  build/moverx demo --db "$db.seeding" --patients 12 --weeks 6 --seed 7 > var/demo-logins.txt.new
  mv var/demo-logins.txt.new var/demo-logins.txt
  mv "$db.seeding" "$db"
fi
echo
if [ -f var/demo-logins.txt ]; then
  cat var/demo-logins.txt
else # a store made otherwise (moverx init, or copied here): its own accounts
  echo "$db was not seeded by 'make run': sign in with its own accounts."
fi
echo
echo "Once the server says it is listening, open http://$listen/ (API under http://$listen/api/v1, see docs/openapi.yaml)."
echo "Try: curl -s -c var/jar -H 'Content-Type: application/json' -X POST http://$listen/api/v1/login \\"
echo "       -d '{\"email\":\"clinician@demo.moverx.org\",\"password\":\"demo-clinician-2026\"}'"
echo "     curl -s -b var/jar http://$listen/api/v1/panel"
echo
exec build/moverx serve --db "$db" --listen "$listen"
