#!/usr/bin/env bash
# "Live within 2 s of saving" on a busy node: serves a generated catalog (10,000 items) and a copy
# of the rules on 127.0.0.1, keeps it under full CMS load with wrk (limit 5, from the moment it is
# ready), and saves changed files as a marketer would: a rule file, the journey settings, a catalog
# file, the account settings, ROUNDS times; each is timed from the save to the first answer that
# carries the new version (de.wegweiser.bench.ReloadLiveBench). The first change comes right after
# start. Stops everything at the end.
#   bench/reload-live.sh                 # 10,000 items, 32 connections, 5 rounds
#   ITEMS=1000 ROUNDS=2 bench/reload-live.sh
set -euo pipefail
cd "$(dirname "$0")/.."
ITEMS=${ITEMS:-10000}
ROUNDS=${ROUNDS:-5}
CONNECTIONS=${CONNECTIONS:-32}
PORT=${PORT:-7172}
JAVA_OPTS=${JAVA_OPTS:--Xms2g -Xmx2g}
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 1; }

[ -n "${SKIP_BUILD:-}" ] || mvn -q -B -ntp -DskipTests package
work=$(mktemp -d)
server=""
load=""
cleanup() {
  [ -z "$load" ] || kill "$load" 2>/dev/null || true
  if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  [ -z "${KEEP:-}" ] && rm -rf "$work" || echo "kept $work"
}
trap cleanup EXIT

# The bundled catalog (which the marketers' scenarios name) and generated items up to ITEMS, in a
# sub-folder; the scenarios gate every reload, as in production.
# its own copy of the classes: a build while it runs must not pull them away
mkdir -p "$work/lib" && cp target/wegweiser.jar "$work/lib/" && cp -r target/test-classes "$work/lib/"
cp -r rules "$work/rules"
cp -r content-catalog "$work/catalog"
bundled=$(grep -h "^  - id:" content-catalog/*.yaml | wc -l)
java -cp "$work/lib/test-classes:$work/lib/wegweiser.jar" de.wegweiser.bench.CatalogGenerator $((ITEMS - bundled)) "$work/catalog/generated" >/dev/null
rm "$work/catalog/generated/taxonomy.yaml"
# A scenario that pins an order among the bundled items can fail once thousands of generated items
# tie with them; such scenario files are left out (and named), the others gate every reload.
java -jar "$work/lib/wegweiser.jar" check --catalog "$work/catalog" --rules "$work/rules" >"$work/check.txt" 2>&1 || true
for file in $(grep -A1 "^ *FAIL" "$work/check.txt" | grep -o "scenarios/[A-Za-z0-9_-]*\.yaml" | sort -u); do
  echo "left out: $file (fails on the generated catalog: $(grep -c "^ *FAIL.*$file" "$work/check.txt") scenario(s))"
  rm "$work/rules/$file"
done
grep -E "^[0-9]+ passed" "$work/check.txt" | sed 's/^/scenarios on the generated catalog: /' || true
java -Dbench.top=5 -cp "$work/lib/test-classes:$work/lib/wegweiser.jar" de.wegweiser.bench.ContactGenerator "$ITEMS" "$work/requests.jsonl" >/dev/null
WEGWEISER_HOST=127.0.0.1 WEGWEISER_PORT=$PORT WEGWEISER_CATALOG_DIR="$work/catalog" WEGWEISER_RULES_DIR="$work/rules" WEGWEISER_DATA_DIR="$work/data" \
  java $JAVA_OPTS -jar "$work/lib/wegweiser.jar" >"$work/server.log" 2>&1 &
server=$!
for _ in $(seq 1 360); do # up to 3 min: a loaded machine starts slowly
  curl -fs "http://127.0.0.1:$PORT/api/v1/health/ready" >/dev/null 2>&1 && break
  kill -0 "$server" 2>/dev/null || { cat "$work/server.log" >&2; exit 1; }
  sleep 0.5
done
echo "ready; load average $(cut -d' ' -f1-3 /proc/loadavg); full load from now on: wrk, $CONNECTIONS connections, limit 5"
wrk -t1 -c"$CONNECTIONS" -d1h --timeout 10s -s bench/requests.lua "http://127.0.0.1:$PORT/api/v1/recommendations" \
  -- "$work/requests.jsonl" >"$work/wrk.txt" 2>&1 &
load=$!
sleep 1
java -cp "$work/lib/test-classes:$work/lib/wegweiser.jar" de.wegweiser.bench.ReloadLiveBench "http://127.0.0.1:$PORT" \
  "$work/rules" "$work/catalog" "$ROUNDS" "$work/requests.jsonl"
kill -INT "$load"; wait "$load" 2>/dev/null || true; load=""
grep RESULT "$work/wrk.txt" | sed 's/^RESULT/CMS load during the changes:/'
echo "reloads as the service logged them:"
grep -E "reload \(|failed" "$work/server.log" | sed 's/^/  /' | cut -c1-220 | tail -40
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
