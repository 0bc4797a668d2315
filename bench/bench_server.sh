#!/usr/bin/env bash
# bench_server.sh: the HTTP benchmark of `moverx serve`, beside nginx serving
# the same file in the same run. Prints figures; asserts nothing.
#
#   ./bench/bench_server.sh        (or: make bench-server)
#
# wrk on 127.0.0.1, the server pinned to CPU 0 and everything else (wrk, the
# set-up, this script) to CPU 1:
#   (1) nginx: GET of a 1 KiB static file (worker_processes 1, access_log off)
#   (2) moverx serve (default threads, pinned to CPU 0): the same file from --web-root
#   (3) moverx: authenticated GET /api/v1/patients/{id}/today over P patients
#   (4) moverx: durable POST /api/v1/patients/{id}/checkins, each to a new
#       (patient, date) (bench/wrk_checkin.lua); 201 only once committed
# each with requests/s, p50 and p99 (wrk --latency), beside the single-commit
# durable write floor of the same disk (build/release/bench_store's raw
# SQLite BEGIN IMMEDIATE; INSERT; COMMIT with synchronous=FULL). Then the
# server's resident memory on a store of 10,000 demo patients with 12 weeks
# each (seeded once, cached as build/bench/demo-10k.db) and its time from
# start to the first 200 on /healthz (median of 5 starts).
#
# Settings (environment): MRX_BENCH_DURATION seconds per measured case [10],
# MRX_BENCH_WARMUP seconds of warm-up before each [2], MRX_BENCH_CONNECTIONS
# [32], MRX_BENCH_PATIENTS patients the reads and check-ins spread over [300].
# Installs nginx, wrk, curl and sqlite3 with apt-get when missing (sudo when
# not root). Takes about 3 minutes, plus 8 or so the first time, to seed.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

DURATION=${MRX_BENCH_DURATION:-10}
WARMUP=${MRX_BENCH_WARMUP:-2}
CONNS=${MRX_BENCH_CONNECTIONS:-32}
NPAT=${MRX_BENCH_PATIENTS:-300}
MOVERX=$ROOT/build/moverx
BENCH_STORE=$ROOT/build/release/bench_store
DEMO_DB=$ROOT/build/bench/demo-10k.db
DEMO_PATIENTS=10000
DEMO_WEEKS=12
CLINICIAN_PASSWORD='clinician pass 123'

say() { printf '%s\n' "$*"; }
die() {
    printf 'bench_server: %s\n' "$*" >&2
    exit 1
}

# ==================== Tools ====================

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# ensure COMMAND PACKAGE: Debian's package when the command is missing.
ensure() {
    command -v "$1" >/dev/null 2>&1 && return 0
    [ -x "/usr/sbin/$1" ] && return 0 # nginx, off a non-root PATH
    say "installing $2 (for $1)"
    as_root apt-get install -y "$2" >/dev/null ||
        { as_root apt-get update >/dev/null && as_root apt-get install -y "$2" >/dev/null; } ||
        die "cannot install $2"
}
ensure wrk wrk
ensure nginx nginx
ensure curl curl
ensure taskset util-linux
ensure sqlite3 sqlite3
NGINX=$(command -v nginx 2>/dev/null || echo /usr/sbin/nginx)

[ -x "$MOVERX" ] || die "no $MOVERX: run make first"
[ -x "$BENCH_STORE" ] || die "no $BENCH_STORE: run make first"

# The server on CPU 0; this script, and so wrk and everything it starts, on CPU 1.
CPUS=$(nproc)
if [ "$CPUS" -ge 2 ]; then
    SERVER_CPU=(taskset -c 0)
    taskset -p -c 1 $$ >/dev/null
    PINNING="server on CPU 0, wrk and the rest on CPU 1"
else
    SERVER_CPU=()
    PINNING="one CPU: no pinning, server and wrk share it"
fi

# ==================== Clean-up ====================

mkdir -p "$ROOT/build/bench"
WORK=$(mktemp -d "$ROOT/build/bench/run.XXXXXX") # on the disk the store would use
PIDS=()
SEEDING=""

cleanup() {
    local pid
    for pid in "${PIDS[@]}"; do
        stop "$pid"
    done
    rm -rf "$WORK"
    [ -z "$SEEDING" ] || rm -f "$SEEDING" "$SEEDING-wal" "$SEEDING-shm" # an unfinished seed
}
trap cleanup EXIT
trap 'printf "bench_server: failed at line %s\n" "$LINENO" >&2' ERR
trap 'exit 130' INT TERM

# Whether PID runs (an exited child not yet waited for is a zombie: not running).
alive() {
    local st
    st=$(awk '{ print $3 }' "/proc/$1/stat" 2>/dev/null) || return 1
    [ -n "$st" ] && [ "$st" != Z ]
}

# stop PID: SIGTERM, 10 s to finish, then SIGKILL; wait for it, forget it.
stop() {
    local pid=$1 keep=() p i
    kill -TERM "$pid" 2>/dev/null || true
    for ((i = 0; i < 100; i++)); do
        alive "$pid" || break
        sleep 0.1
    done
    if alive "$pid"; then
        say "  (pid $pid still running 10 s after SIGTERM: SIGKILL)"
        kill -KILL "$pid" 2>/dev/null || true
    fi
    wait "$pid" 2>/dev/null || true
    for p in "${PIDS[@]}"; do
        [ "$p" = "$pid" ] || keep+=("$p")
    done
    PIDS=("${keep[@]+"${keep[@]}"}")
}

# ==================== Helpers ====================

# A TCP port nobody listens on (random, checked against ss).
free_port() {
    local used p
    used=$(ss -Htln | awk '{ n = split($4, a, ":"); print a[n] }')
    while :; do
        p=$((20000 + RANDOM % 40000))
        grep -qx "$p" <<<"$used" || {
            echo "$p"
            return
        }
    done
}

# wait_200 URL PID LOG: until URL answers 200 (10 s at most, while PID lives).
wait_200() {
    local i
    for ((i = 0; i < 200; i++)); do
        [ "$(curl -s -o /dev/null -w '%{http_code}' "$1" || true)" = 200 ] && return 0
        alive "$2" || { cat "$3" >&2; die "the server exited: $3"; }
        sleep 0.05
    done
    cat "$3" >&2
    die "no 200 from $1 in 10 s"
}

now_s() { echo "$EPOCHREALTIME"; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }

# wrk_run NAME SECONDS WRK-ARGS...: one wrk run to $WORK/NAME.out.
wrk_run() {
    local name=$1 secs=$2
    shift 2
    wrk -t1 -c"$CONNS" -d"${secs}s" --timeout 5s --latency "$@" >"$WORK/$name.out" 2>&1 ||
        { cat "$WORK/$name.out" >&2; die "wrk failed ($name)"; }
}

# A wrk latency ("812.00us", "1.25ms", "2.00s") in ms.
to_ms() {
    awk -v v="$1" 'BEGIN {
        if (v ~ /us$/) { sub(/us$/, "", v); printf "%.3f", v / 1000 }
        else if (v ~ /ms$/) { sub(/ms$/, "", v); printf "%.3f", v }
        else if (v ~ /m$/) { sub(/m$/, "", v); printf "%.3f", v * 60000 }
        else if (v ~ /s$/) { sub(/s$/, "", v); printf "%.3f", v * 1000 }
        else printf "nan" }'
}

declare -A RPS P50 P99 BAD REQS SOCK
# parse_wrk CASE FILE: requests/s, p50, p99, completed requests, status >= 400, socket errors.
parse_wrk() {
    local c=$1 f=$2
    RPS[$c]=$(awk '/^Requests\/sec:/ { printf "%.0f", $2 }' "$f")
    P50[$c]=$(to_ms "$(awk '$1 == "50%" { print $2 }' "$f")")
    P99[$c]=$(to_ms "$(awk '$1 == "99%" { print $2 }' "$f")")
    REQS[$c]=$(awk '/ requests in / { print $1 }' "$f")
    BAD[$c]=$(awk '/Non-2xx or 3xx responses:/ { print $NF }' "$f")
    BAD[$c]=${BAD[$c]:-0}
    SOCK[$c]=$(awk -F': ' '/Socket errors:/ { print $2 }' "$f")
    SOCK[$c]=${SOCK[$c]:-none}
}

# show_case CASE LABEL: the measured run's line, as it goes.
show_case() {
    printf '  %-28s %7s req/s  p50 %7s ms  p99 %7s ms  (%s responses, non-2xx %s, socket errors: %s)\n' \
        "$2" "${RPS[$1]}" "${P50[$1]}" "${P99[$1]}" "${REQS[$1]}" "${BAD[$1]}" "${SOCK[$1]}"
}

json_field() { sed -n "s/.*\"$1\": *\"\\([^\"]*\\)\".*/\\1/p"; }

# ==================== Start ====================

say "moverx HTTP benchmark ($(date -u '+%Y-%m-%d %H:%M UTC'), $CPUS CPUs, $PINNING)"
say "wrk $(wrk -v 2>&1 | awk 'NR == 1 { print $2 }'), $("$NGINX" -v 2>&1 | sed 's/.*: //'), each case: ${WARMUP} s warm-up, then wrk -t1 -c$CONNS -d${DURATION}s --latency"
say "work directory: $WORK ($(df -T "$WORK" | awk 'NR == 2 { print $2 " on " $1 }'))"
say ""

mkdir -p "$WORK/www" "$WORK/nginx"
# 1 KiB of text, the same file for both servers.
head -c 1024 < <(yes 'MoveRx static benchmark file, 1 KiB of plain text.') >"$WORK/www/1k.txt"

# ==================== (1) nginx ====================

NGINX_PORT=$(free_port)
NGINX_USER=""
[ "$(id -u)" -eq 0 ] && NGINX_USER="user $(id -un) $(id -gn);"
cat >"$WORK/nginx/nginx.conf" <<EOF
$NGINX_USER
worker_processes 1;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/error.log warn;
events { worker_connections 1024; }
http {
    access_log off;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 1000000;
    client_body_temp_path $WORK/nginx/client_body;
    proxy_temp_path $WORK/nginx/proxy;
    fastcgi_temp_path $WORK/nginx/fastcgi;
    uwsgi_temp_path $WORK/nginx/uwsgi;
    scgi_temp_path $WORK/nginx/scgi;
    types { text/plain txt; }
    server {
        listen 127.0.0.1:$NGINX_PORT;
        root $WORK/www;
    }
}
EOF
say "(1) nginx, worker_processes 1, on 127.0.0.1:$NGINX_PORT"
"${SERVER_CPU[@]}" "$NGINX" -c "$WORK/nginx/nginx.conf" -p "$WORK/nginx" -e "$WORK/nginx/error.log" \
    -g 'daemon off;' >"$WORK/nginx/stdout.log" 2>&1 &
NGINX_PID=$!
PIDS+=("$NGINX_PID")
wait_200 "http://127.0.0.1:$NGINX_PORT/1k.txt" "$NGINX_PID" "$WORK/nginx/error.log"
[ "$(curl -s "http://127.0.0.1:$NGINX_PORT/1k.txt" | wc -c)" -eq 1024 ] || die "nginx: not 1024 bytes"
wrk_run nginx-warm "$WARMUP" "http://127.0.0.1:$NGINX_PORT/1k.txt"
wrk_run nginx "$DURATION" "http://127.0.0.1:$NGINX_PORT/1k.txt"
parse_wrk nginx "$WORK/nginx.out"
show_case nginx "GET /1k.txt"
stop "$NGINX_PID"
say ""

# ==================== The store for (2)-(4) ====================

# P patients whose programs started two years ago (room for a day per check-in),
# one clinician on every care team.
DB=$WORK/bench.db
START=$(date -u -d '730 days ago' +%Y-%m-%d)
START_DAY=$(($(date -u -d "$START" +%s) / 86400))
say "set-up: store $DB, $NPAT patients, intakes dated $START, one clinician on every care team"
t0=$(now_s)
"$MOVERX" init --db "$DB" >/dev/null
ORG=$("$MOVERX" org add --name "Bench clinic" --db "$DB" --json | json_field id)
USER_ID=$(printf '%s\n' "$CLINICIAN_PASSWORD" |
    "$MOVERX" user add --org "$ORG" --role clinician --email c@bench.moverx.org --password-stdin \
        --db "$DB" --json | json_field id)
[ -n "$ORG" ] && [ -n "$USER_ID" ] || die "set-up: no organization or clinician"
: >"$WORK/patients.txt"
for ((i = 1; i <= NPAT; i++)); do
    p=$("$MOVERX" patient add --name "Bench patient $i" --birth-year 1980 --org "$ORG" --db "$DB" \
        --json | json_field id)
    [ -n "$p" ] || die "set-up: patient $i"
    "$MOVERX" intake "$p" examples/intake.json --date "$START" --db "$DB" >/dev/null
    "$MOVERX" care add --patient "$p" --clinician "$USER_ID" --db "$DB" >/dev/null
    echo "$p" >>"$WORK/patients.txt"
done
say "set-up: done in $(elapsed "$t0" "$(now_s)") s"
say ""

# ==================== (2)-(4) moverx ====================

PORT=$(free_port)
say "(2)-(4) moverx serve (default threads, all on CPU 0) on 127.0.0.1:$PORT"
"${SERVER_CPU[@]}" "$MOVERX" serve --db "$DB" --listen "127.0.0.1:$PORT" \
    --web-root "$WORK/www" >"$WORK/serve.log" 2>&1 &
SERVER_PID=$!
PIDS+=("$SERVER_PID")
wait_200 "http://127.0.0.1:$PORT/healthz" "$SERVER_PID" "$WORK/serve.log"

# (2) the same file.
[ "$(curl -s "http://127.0.0.1:$PORT/1k.txt" | wc -c)" -eq 1024 ] || die "moverx: not 1024 bytes"
wrk_run static-warm "$WARMUP" "http://127.0.0.1:$PORT/1k.txt"
wrk_run static "$DURATION" "http://127.0.0.1:$PORT/1k.txt"
parse_wrk static "$WORK/static.out"
show_case static "(2) GET /1k.txt"

# Sign in: the session cookie and its CSRF token.
LOGIN=$(curl -s -i -X POST -H "Content-Type: application/json" "http://127.0.0.1:$PORT/api/v1/login" \
    -d "{\"email\":\"c@bench.moverx.org\",\"password\":\"$CLINICIAN_PASSWORD\"}")
TOKEN=$(sed -n 's/^Set-Cookie: mrx_session=\([^;]*\);.*/\1/Ip' <<<"$LOGIN" | tr -d '\r')
CSRF=$(json_field csrf_token <<<"$LOGIN")
[ -n "$TOKEN" ] && [ -n "$CSRF" ] || die "login failed: $LOGIN"
FIRST=$(head -n 1 "$WORK/patients.txt")
code=$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: mrx_session=$TOKEN" \
    "http://127.0.0.1:$PORT/api/v1/patients/$FIRST/today")
[ "$code" = 200 ] || die "GET today: $code"

# (3) today's plan, over every patient.
wrk_run today-warm "$WARMUP" -s bench/wrk_today.lua "http://127.0.0.1:$PORT" -- "$WORK/patients.txt" "$TOKEN"
wrk_run today "$DURATION" -s bench/wrk_today.lua "http://127.0.0.1:$PORT" -- "$WORK/patients.txt" "$TOKEN"
parse_wrk today "$WORK/today.out"
show_case today "(3) GET .../today"

# (4) durable check-ins: the warm-up takes the first days, the measured run the next.
wrk_run checkin-warm "$WARMUP" -s bench/wrk_checkin.lua "http://127.0.0.1:$PORT" -- \
    "$WORK/patients.txt" "$TOKEN" "$CSRF" "$START_DAY" 0 1
OFFSET=$(awk '$1 == "NEXT_OFFSET" { print $2 }' "$WORK/checkin-warm.out")
[ -n "$OFFSET" ] || { cat "$WORK/checkin-warm.out" >&2; die "check-in warm-up: no NEXT_OFFSET"; }
batches() { curl -s "http://127.0.0.1:$PORT/metrics" | awk '/^moverx_write_batch_size_(sum|count)/ { printf "%s ", $2 }'; }
B0=$(batches)
wrk_run checkin "$DURATION" -s bench/wrk_checkin.lua "http://127.0.0.1:$PORT" -- \
    "$WORK/patients.txt" "$TOKEN" "$CSRF" "$START_DAY" "$OFFSET" 1
parse_wrk checkin "$WORK/checkin.out"
B1=$(batches)
# Every status the Lua response hook saw: non-2xx is everything outside 200-299.
BAD[checkin]=$(awk '$1 == "STATUS" && ($2 < 200 || $2 > 299) { n += $3 } END { print n + 0 }' \
    "$WORK/checkin.out")
show_case checkin "(4) POST .../checkins"
END_OFFSET=$(awk '$1 == "NEXT_OFFSET" { print $2 }' "$WORK/checkin.out")
LAST_DAY=$((START_DAY + (END_OFFSET - 1) / NPAT))
say "      statuses (warm-up): $(awk '$1 == "STATUS" { printf "%s x%s  ", $2, $3 }' "$WORK/checkin-warm.out")"
say "      statuses (measured): $(awk '$1 == "STATUS" { printf "%s x%s  ", $2, $3 }' "$WORK/checkin.out")"
say "      check-ins sent: $END_OFFSET over $NPAT patients, dates $START .. $(date -u -d "@$((LAST_DAY * 86400))" +%Y-%m-%d)"
say "      group commit during the measured run: $(awk -v a="$B0" -v b="$B1" 'BEGIN {
    split(a, x, " "); split(b, y, " "); w = y[1] - x[1]; t = y[2] - x[2]
    printf "%d writes in %d transactions, %.2f a transaction", w, t, t ? w / t : 0 }')"
grep -h '^FIRST_ERROR' "$WORK/checkin-warm.out" "$WORK/checkin.out" | head -n 2 | sed 's/^/      /' || true
# The server's own count of every response, by route and status.
curl -s "http://127.0.0.1:$PORT/metrics" | awk '/^moverx_http_requests_total/ {
    sub(/^moverx_http_requests_total\{route="/, ""); sub(/",status="/, "  status "); sub(/"\}/, ":")
    print "      server /metrics: " $0 }'
stop "$SERVER_PID"
STORED=$(sqlite3 "$DB" 'SELECT count(*) FROM checkins' 2>/dev/null || echo '?')
say "      check-ins in the store after the server stopped: $STORED"
say ""

# ==================== The durable-write floor ====================

say "single-commit durable write floor: $BENCH_STORE --dir build"
"$BENCH_STORE" --dir "$ROOT/build" >"$WORK/bench_store.out" 2>&1 ||
    { cat "$WORK/bench_store.out" >&2; die "bench_store failed"; }
sed -n '1,/^  store \/ raw: .* early/p' "$WORK/bench_store.out" | sed 's/^/  | /'
FLOOR=$(awk '/raw SQLite: BEGIN IMMEDIATE; INSERT; COMMIT/ { for (i = 1; i <= NF; i++) if ($i == "writes/s") print $(i - 1) }' \
    "$WORK/bench_store.out")
FLOOR_P99=$(awk '/raw SQLite: BEGIN IMMEDIATE; INSERT; COMMIT/ { for (i = 1; i <= NF; i++) if ($i == "p99") print $(i + 1) }' \
    "$WORK/bench_store.out")
[ -n "$FLOOR" ] || die "no raw SQLite figure in bench_store's output"
say ""

# ==================== Memory with 10,000 patients ====================

if [ -s "$DEMO_DB" ]; then
    SEEDED="cached $DEMO_DB"
else
    say "seeding $DEMO_DB: moverx demo --patients $DEMO_PATIENTS --weeks $DEMO_WEEKS --seed 7 --accounts 1 (several minutes, once)"
    SEEDING=$DEMO_DB.seeding.$$ # renamed to the cache only once complete
    t0=$(now_s)
    "$MOVERX" demo --db "$SEEDING" --patients "$DEMO_PATIENTS" --weeks "$DEMO_WEEKS" --seed 7 \
        --accounts 1 >"$WORK/demo.log" 2>&1 || { cat "$WORK/demo.log" >&2; die "demo failed"; }
    [ ! -e "$SEEDING-wal" ] || die "demo left a write-ahead log beside $SEEDING"
    mv "$SEEDING" "$DEMO_DB"
    SEEDING=""
    SEEDED="seeded now in $(elapsed "$t0" "$(now_s)") s"
    say "  $(head -n 1 "$WORK/demo.log")"
fi
# A copy, so that sign-ins and audit events leave the cache as seeded.
t0=$(now_s)
cp "$DEMO_DB" "$WORK/demo.db"
say "memory: store of $DEMO_PATIENTS patients x $DEMO_WEEKS weeks ($SEEDED; $(du -m "$WORK/demo.db" | cut -f1) MB, copied in $(elapsed "$t0" "$(now_s)") s)"
# The patients, from the store itself: GET /api/v1/panel would list them, but on this
# store it takes minutes (it is tried, time-limited, at the end of this section).
sqlite3 "$WORK/demo.db" 'SELECT id FROM patients ORDER BY rowid' >"$WORK/demo-patients.txt"
NDEMO=$(wc -l <"$WORK/demo-patients.txt")

PORT=$(free_port)
"${SERVER_CPU[@]}" "$MOVERX" serve --db "$WORK/demo.db" --listen "127.0.0.1:$PORT" \
    >"$WORK/serve-demo.log" 2>&1 &
SERVER_PID=$!
PIDS+=("$SERVER_PID")
wait_200 "http://127.0.0.1:$PORT/healthz" "$SERVER_PID" "$WORK/serve-demo.log"
rss() { awk -v k="$2:" '$1 == k { print $2 }' "/proc/$1/status"; }
mb() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }
RSS_IDLE=$(rss "$SERVER_PID" VmRSS)
THREADS_DEMO=$(rss "$SERVER_PID" Threads)
say "  moverx serve with the default settings ($THREADS_DEMO threads), $NDEMO patients in the store"
say "  after start:                    VmRSS $(mb "$RSS_IDLE") MB, VmHWM $(mb "$(rss "$SERVER_PID" VmHWM)") MB"
curl -s -c "$WORK/cookies" -o "$WORK/login.json" -X POST -H "Content-Type: application/json" \
    "http://127.0.0.1:$PORT/api/v1/login" \
    -d '{"email":"clinician@demo.moverx.org","password":"demo-clinician-2026"}'
grep -q csrf_token "$WORK/login.json" || die "demo login failed: $(cat "$WORK/login.json")"
say "  after the clinician's login:    VmRSS $(mb "$(rss "$SERVER_PID" VmRSS)") MB, VmHWM $(mb "$(rss "$SERVER_PID" VmHWM)") MB"
# 500 GETs of today's plan, spread over every patient, on one keep-alive connection.
STEP=$(((NDEMO + 499) / 500))
awk -v s="$STEP" -v u="http://127.0.0.1:$PORT/api/v1/patients/" \
    '(NR - 1) % s == 0 { printf "url = \"%s%s/today\"\noutput = \"/dev/null\"\n", u, $1 }' \
    "$WORK/demo-patients.txt" >"$WORK/today-urls.cfg"
t0=$(now_s)
CODES=$(curl -s -b "$WORK/cookies" -w '%{http_code}\n' -K "$WORK/today-urls.cfg" | sort | uniq -c |
    awk '{ printf "%s x%s ", $2, $1 }')
NGETS=$(grep -c '^url' "$WORK/today-urls.cfg")
RSS=$(rss "$SERVER_PID" VmRSS)
HWM=$(rss "$SERVER_PID" VmHWM)
say "  after $NGETS today GETs (${CODES% }, $(elapsed "$t0" "$(now_s)") s): VmRSS $(mb "$RSS") MB, VmHWM $(mb "$HWM") MB"
# The clinician's panel, at most PANEL_CAP seconds.
PANEL_CAP=15
PANEL=$(curl -s -b "$WORK/cookies" -o "$WORK/panel.json" -w '%{http_code} %{time_total}' \
    --max-time "$PANEL_CAP" "http://127.0.0.1:$PORT/api/v1/panel" || true)
if [ "${PANEL%% *}" = 200 ]; then
    PANEL_NOTE="200 in ${PANEL#* } s, $(grep -o '"patient":"' "$WORK/panel.json" | wc -l) patients listed"
else
    PANEL_NOTE="no answer within $PANEL_CAP s"
fi
say "  GET /api/v1/panel: $PANEL_NOTE;  then VmRSS $(mb "$(rss "$SERVER_PID" VmRSS)") MB, VmHWM $(mb "$(rss "$SERVER_PID" VmHWM)") MB"
stop "$SERVER_PID"
say ""

# ==================== Start to the first 200 on /healthz ====================

# /healthz over bash's /dev/tcp (no process per try), a try every ~1 ms.
exec {NAP}<> <(:) # a pipe nobody writes: read -t on it waits that long
nap() { read -r -t 0.001 -u "$NAP" _ || true; }
healthz_ok() {
    local line=""
    { printf 'GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n' >&3 &&
        read -r -t 2 line <&3; } 2>/dev/null 3<>"/dev/tcp/127.0.0.1/$1" || return 1
    [[ $line == "HTTP/1."?" 200"* ]]
}
STARTS=()
for ((k = 0; k < 5; k++)); do
    PORT=$(free_port)
    t0=$(now_s)
    "${SERVER_CPU[@]}" "$MOVERX" serve --db "$WORK/demo.db" --listen "127.0.0.1:$PORT" \
        >"$WORK/serve-start.log" 2>&1 &
    SERVER_PID=$!
    PIDS+=("$SERVER_PID")
    until healthz_ok "$PORT"; do
        alive "$SERVER_PID" || { cat "$WORK/serve-start.log" >&2; die "the server exited"; }
        nap
    done
    t1=$(now_s)
    STARTS+=("$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", (b - a) * 1000 }')")
    stop "$SERVER_PID"
done
START_MS=$(printf '%s\n' "${STARTS[@]}" | sort -n | sed -n 3p)
say "start to the first 200 on /healthz (store of $DEMO_PATIENTS patients), 5 starts: ${STARTS[*]} ms"
say ""

# ==================== The table ====================

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }
# meets A OP B (OP: >= or <): yes or NO.
meets() {
    awk -v a="$1" -v op="$2" -v b="$3" 'BEGIN {
        if (a == "" || a == "n/a") { print "n/a"; exit }
        ok = op == ">=" ? a + 0 >= b + 0 : a + 0 < b + 0
        print ok ? "yes" : "NO" }'
}

R3=$(ratio "${RPS[today]}" "${RPS[nginx]}")
R4=$(ratio "${RPS[checkin]}" "${RPS[nginx]}")
R2=$(ratio "${RPS[static]}" "${RPS[nginx]}")
RF=$(ratio "${RPS[checkin]}" "$FLOOR")

say "==================== moverx HTTP benchmark: summary ===================="
printf '%-40s %10s %10s %10s %8s %9s\n' "case" "req/s" "p50 ms" "p99 ms" "non-2xx" "vs (1)"
printf '%-40s %10s %10s %10s %8s %9s\n' "(1) nginx GET 1 KiB file" "${RPS[nginx]}" "${P50[nginx]}" "${P99[nginx]}" "${BAD[nginx]}" "1.00"
printf '%-40s %10s %10s %10s %8s %9s\n' "(2) moverx GET 1 KiB file" "${RPS[static]}" "${P50[static]}" "${P99[static]}" "${BAD[static]}" "$R2"
printf '%-40s %10s %10s %10s %8s %9s\n' "(3) moverx GET today (session)" "${RPS[today]}" "${P50[today]}" "${P99[today]}" "${BAD[today]}" "$R3"
printf '%-40s %10s %10s %10s %8s %9s\n' "(4) moverx POST check-in (durable)" "${RPS[checkin]}" "${P50[checkin]}" "${P99[checkin]}" "${BAD[checkin]}" "$R4"
printf '%-40s %10s %10s %10s\n' "raw SQLite single-row commit (floor)" "$FLOOR" "" "$FLOOR_P99"
say "(non-2xx: wrk's count of status >= 400 for (1)-(3); every status outside 2xx from the Lua hook for (4))"
say ""
printf '%-52s %-18s %-14s %s\n' "figure" "measured" "target" "met"
printf '%-52s %-18s %-14s %s\n' "(3)/(1) today GETs vs nginx" "${R3}x" ">= 0.8x" "$(meets "$R3" ">=" 0.8)"
printf '%-52s %-18s %-14s %s\n' "(4)/(1) check-ins vs nginx" "${R4}x" "(printed)" "-"
printf '%-52s %-18s %-14s %s\n' "(4) / single-commit floor" "${RF}x" ">= 10x" "$(meets "$RF" ">=" 10)"
printf '%-52s %-18s %-14s %s\n' "(4) p99" "${P99[checkin]} ms" "< 20 ms" "$(meets "${P99[checkin]}" "<" 20)"
printf '%-52s %-18s %-14s %s\n' "VmRSS, 10k patients x 12 weeks, after the GETs" "$(mb "$RSS") MB" "< 50 MB" "$(meets "$(mb "$RSS")" "<" 50)"
printf '%-52s %-18s %-14s %s\n' "VmHWM (peak), same" "$(mb "$HWM") MB" "< 50 MB" "$(meets "$(mb "$HWM")" "<" 50)"
printf '%-52s %-18s %-14s %s\n' "start to first 200 on /healthz (median of 5)" "$START_MS ms" "< 100 ms" "$(meets "$START_MS" "<" 100)"
