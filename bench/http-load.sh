#!/usr/bin/env bash
# HTTP load on loopback only: builds the jar, serves a generated catalog on 127.0.0.1, runs wrk
# (warm-up, then DURATION with CONNECTIONS connections, varied contacts) and stops everything.
# Bounded in time: about build + startup + 15 s warm-up + DURATION, then ~80 s in-process reference.
#   bench/http-load.sh                  # 10,000 items, 32 connections, 60 s
#   ITEMS=1000 DURATION=20s bench/http-load.sh
set -euo pipefail
cd "$(dirname "$0")/.."
ITEMS=${ITEMS:-10000}
DURATION=${DURATION:-60s}
CONNECTIONS=${CONNECTIONS:-32}
PORT=${PORT:-7171}
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
WEGWEISER_HOST=127.0.0.1 WEGWEISER_PORT=$PORT WEGWEISER_CATALOG_DIR="$work/catalog" WEGWEISER_RULES_DIR=rules \
  java -Xms2g -Xmx2g -jar target/wegweiser.jar >"$work/server.log" 2>&1 &
server=$!
for _ in $(seq 1 120); do
  curl -fs "http://127.0.0.1:$PORT/api/v1/health" >/dev/null 2>&1 && break
  kill -0 "$server" 2>/dev/null || { cat "$work/server.log" >&2; exit 1; }
  sleep 0.5
done
curl -fs "http://127.0.0.1:$PORT/api/v1/health"; echo

url="http://127.0.0.1:$PORT/api/v1/recommendations"
echo "warm-up: 15 s"
wrk -t1 -c"$CONNECTIONS" -d15s --timeout 10s -s bench/contacts.lua "$url" >/dev/null
echo "measuring: $DURATION, $CONNECTIONS connections, $ITEMS items"
# CPU the server uses while measuring (utime + stime, in clock ticks): how much the HTTP path costs
ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
server_before=$(ticks "$server"); started=$(date +%s.%N)
wrk -t1 -c"$CONNECTIONS" -d"$DURATION" --timeout 10s --latency -s bench/contacts.lua "$url" | tee "$work/wrk.txt"
server_after=$(ticks "$server"); ended=$(date +%s.%N)
awk -v s=$((server_after - server_before)) -v hz="$(getconf CLK_TCK)" -v t0="$started" -v t1="$ended" \
    -v rps="$(awk '/Requests\/sec/ {print $2}' "$work/wrk.txt")" \
    'BEGIN { cores = s / hz / (t1 - t0); printf "server CPU: %.2f cores, %.2f ms per request\n", cores, 1000 * cores / rps }'

# The same work in-process (evaluate + rank, no HTTP, no JSON), right after, on the same machine:
# the reference for "HTTP delivers at least 70% of the in-process throughput".
echo "in-process reference: engine only, 10,000 items, 30 s per thread count"
kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; server=""
mvn -q -B -ntp -Pbench exec:exec -Dbench.args="-Dbench.parts=scoring -Dbench.sizes=$ITEMS -Dbench.approaches=engine -Dbench.warmup=10 -Dbench.measure=30" 2>&1 \
  | grep -v WARN
