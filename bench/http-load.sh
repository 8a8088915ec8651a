#!/usr/bin/env bash
# HTTP load on loopback only: builds the jar, serves a generated catalog on 127.0.0.1, runs wrk
# (warm-up, then DURATION with CONNECTIONS connections, the harness's contacts) and stops everything.
# Bounded in time: about build + startup + WARMUP (60 s) + DURATION, the floor (15 s + DURATION), then ~80 s in-process.
#   bench/http-load.sh                  # 10,000 items, 32 connections, 60 s
#   ITEMS=1000 DURATION=20s bench/http-load.sh
#   LIMIT=5 FIELDS=id,title,url bench/http-load.sh   # the CMS's usual request, and its smallest answer
set -euo pipefail
cd "$(dirname "$0")/.."
ITEMS=${ITEMS:-10000}
DURATION=${DURATION:-60s}
CONNECTIONS=${CONNECTIONS:-32}
PORT=${PORT:-7171}
LIMIT=${LIMIT:-20}
FIELDS=${FIELDS:-}
WARMUP=${WARMUP:-60s} # the JIT compiler is still busy with the generated rule classes after 15 s
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 1; }

mvn -q -B -ntp -DskipTests package
work=$(mktemp -d)
server=""
cleanup() {
  if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

java -cp target/test-classes:target/wegweiser.jar de.wegweiser.bench.CatalogGenerator "$ITEMS" "$work/catalog"
java -Dbench.top="$LIMIT" -cp target/test-classes:target/wegweiser.jar de.wegweiser.bench.ContactGenerator "$ITEMS" "$work/requests.jsonl"
WEGWEISER_HOST=127.0.0.1 WEGWEISER_PORT=$PORT WEGWEISER_CATALOG_DIR="$work/catalog" WEGWEISER_RULES_DIR=rules \
  java -Xms2g -Xmx2g -jar target/wegweiser.jar >"$work/server.log" 2>&1 &
server=$!
for _ in $(seq 1 360); do # up to 3 min: a loaded machine starts slowly
  curl -fs "http://127.0.0.1:$PORT/api/v1/health" >/dev/null 2>&1 && break
  kill -0 "$server" 2>/dev/null || { cat "$work/server.log" >&2; exit 1; }
  sleep 0.5
done
curl -fs "http://127.0.0.1:$PORT/api/v1/health"; echo

url="http://127.0.0.1:$PORT/api/v1/recommendations${FIELDS:+?fields=$FIELDS}"
echo "warm-up: $WARMUP"
wrk -t1 -c"$CONNECTIONS" -d"$WARMUP" --timeout 10s -s bench/requests.lua "$url" -- "$work/requests.jsonl" >/dev/null
echo "measuring: $DURATION, $CONNECTIONS connections, $ITEMS items, limit $LIMIT${FIELDS:+, fields $FIELDS}"
# CPU while measuring: the server's (utime + stime, in clock ticks), wrk's (bash's `times`: CPU of
# finished children) and the whole machine's (/proc/stat: busy and idle ticks), to see where the
# two cores went. `times` and the reads run in this shell, not a subshell, so they see its children.
ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
machine() { awk '/^cpu / {print $2 + $3 + $4 + $7 + $8 + $9, $5 + $6}' /proc/stat; }
children() { awk 'NR == 2 { split($1, u, /[ms]/); split($2, s, /[ms]/); print u[1] * 60 + u[2] + s[1] * 60 + s[2] }' "$1"; }
server_before=$(ticks "$server"); machine >"$work/machine0"; times >"$work/times0"; started=$(date +%s.%N)
wrk -t1 -c"$CONNECTIONS" -d"$DURATION" --timeout 10s --latency -s bench/requests.lua "$url" -- "$work/requests.jsonl" \
  | tee "$work/wrk.txt"
server_after=$(ticks "$server"); machine >"$work/machine1"; times >"$work/times1"; ended=$(date +%s.%N)
read -r busy0 idle0 <"$work/machine0"; read -r busy1 idle1 <"$work/machine1"
awk -v srv=$((server_after - server_before)) -v busy=$((busy1 - busy0)) -v idle=$((idle1 - idle0)) \
    -v gen="$(awk -v a="$(children "$work/times0")" -v b="$(children "$work/times1")" 'BEGIN {print b - a}')" \
    -v hz="$(getconf CLK_TCK)" -v t0="$started" -v t1="$ended" -v rps="$(awk '/Requests\/sec/ {print $2}' "$work/wrk.txt")" \
    'BEGIN { s = t1 - t0; cores = (busy + idle) / hz / s
             printf "server CPU: %.2f cores, %.3f ms per request\n", srv / hz / s, 1000 * srv / hz / s / rps
             printf "wrk CPU: %.2f cores; machine: %.2f of %.0f cores busy\n", gen / s, busy / hz / s, cores }' | tee "$work/http.txt"

# The floor, right after: a bare Jetty server (HttpFloor) that answers every request with one real
# answer of the service, captured now. Its CPU per request is what Jetty and the loopback sockets
# cost with no routing, JSON, engine or logging.
head -1 "$work/requests.jsonl" | curl -fs -H 'Content-Type: application/json' --data-binary @- "$url" >"$work/answer.json"
kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; server=""
java -Xms2g -Xmx2g -cp target/test-classes:target/wegweiser.jar de.wegweiser.bench.HttpFloor "$PORT" "$work/answer.json" >"$work/floor.log" 2>&1 &
server=$!
for _ in $(seq 1 120); do (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null && break; sleep 0.5; done
echo "floor: bare Jetty answering $(wc -c <"$work/answer.json") bytes, warm-up 15 s, then $DURATION"
wrk -t1 -c"$CONNECTIONS" -d15s --timeout 10s -s bench/requests.lua "$url" -- "$work/requests.jsonl" >/dev/null
floor_before=$(ticks "$server")
wrk -t1 -c"$CONNECTIONS" -d"$DURATION" --timeout 10s --latency -s bench/requests.lua "$url" -- "$work/requests.jsonl" | grep RESULT | tee "$work/floor.txt"
floor_after=$(ticks "$server")
awk -v t=$((floor_after - floor_before)) -v hz="$(getconf CLK_TCK)" -v r="$(sed 's/.*requests=\([0-9]*\).*/\1/' "$work/floor.txt")" \
  'BEGIN { printf "floor CPU: %.3f ms per request\n", 1000 * t / hz / r }' | tee -a "$work/http.txt"
kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; server=""

# The same work in-process (evaluate + rank, no HTTP, no JSON), right after, on the same machine:
# the reference for "HTTP delivers at least 70% of the in-process throughput".
echo "in-process reference: engine only, 10,000 items, 30 s per thread count"
mvn -q -B -ntp -Pbench exec:exec -Dbench.args="-Dbench.top=$LIMIT -Dbench.parts=scoring -Dbench.sizes=$ITEMS -Dbench.approaches=engine -Dbench.warmup=10 -Dbench.measure=30" 2>&1 \
  | grep -v WARN | tee "$work/in-process.txt"

# The goal's ratios: throughput against each in-process figure, and CPU per request (in-process,
# where a recommendation's latency is its CPU time, against the server's CPU per HTTP request)
http_rps=$(awk '/Requests\/sec/ {print $2}' "$work/wrk.txt")
server_ms=$(awk '/^server CPU/ {print $5}' "$work/http.txt")
floor_ms=$(awk '/^floor CPU/ {print $3}' "$work/http.txt")
awk -v rps="$http_rps" -v ms="$server_ms" -v floor="$floor_ms" '/^engine: top-k/ {
  printf "HTTP / in-process with %d thread(s): %.0f / %.0f req/s = %.0f%%; CPU per request in-process / HTTP: %.3f / %.3f ms = %.0f%%\n",
         $4, rps, $5, 100 * rps / $5, $8, ms, 100 * $8 / ms
  printf "  server CPU per request / engine CPU per recommendation (%d thread(s)): %.2fx; the bare Jetty floor alone: %.2fx\n",
         $4, ms / $8, floor / $8 }' "$work/in-process.txt"
