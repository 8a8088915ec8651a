#!/usr/bin/env bash
# Event ingestion and disk growth on H2 and on PostgreSQL 15: starts a throwaway PostgreSQL on a free
# loopback port (with its default durability: fsync on, synchronous_commit on), runs the harness's
# event parts against both databases and always stops and removes the server.
#   bench/events.sh                                   # events and growth, about 60 minutes
#   PARTS=events bench/events.sh                      # throughput only (10 and 10,000 events of history)
#   PARTS=growth ARGS="-Dbench.growthEvents=200000" bench/events.sh
#   OUT=bench/results/growth.txt PARTS=growth bench/events.sh
# Output in $OUT (bench/results/events.txt). The same as .ci/run for starting PostgreSQL, minus fsync=off.
set -euo pipefail
cd "$(dirname "$0")/.."
PARTS=${PARTS:-events,growth}
OUT=${OUT:-bench/results/events.txt}
ARGS=${ARGS:-}
PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
[[ $PARTS != *events* ]] || command -v wrk >/dev/null || { echo "events: wrk is missing (it posts the events): apt-get install -y wrk" >&2; exit 1; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

if [ ! -x "$PG_BIN/initdb" ]; then
  echo "events: installing PostgreSQL 15"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends postgresql-15
fi
run_pg=()
if [ "$(id -u)" = 0 ]; then
  id -u postgres >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin postgres
  run_pg=(runuser -u postgres --)
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/wegweiser-bench-pg.XXXXXX")
chmod 755 "$work"
data="$work/data"
run="$work/run"
mkdir -p "$data" "$run"
if [ "$(id -u)" = 0 ]; then chown postgres "$data" "$run"; fi
stop_pg() {
  ${run_pg[@]+"${run_pg[@]}"} "$PG_BIN/pg_ctl" -D "$data" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap stop_pg EXIT

${run_pg[@]+"${run_pg[@]}"} "$PG_BIN/initdb" -D "$data" -U wegweiser --auth=trust --encoding=UTF8 --locale=C.UTF-8 >"$work/initdb.log"
port_is_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
started=""
for attempt in 1 2 3 4 5; do
  port=$((20000 + RANDOM % 40000))
  port_is_free "$port" || continue
  if ${run_pg[@]+"${run_pg[@]}"} "$PG_BIN/pg_ctl" -D "$data" -l "$run/postgres.log" -w -t 60 \
      -o "-p $port -k $run -c listen_addresses=127.0.0.1 -c max_connections=200" start >/dev/null; then
    started=yes
    break
  fi
done
[ -n "$started" ] || { echo "events: PostgreSQL did not start" >&2; cat "$run/postgres.log" >&2 || true; exit 1; }
${run_pg[@]+"${run_pg[@]}"} "$PG_BIN/createdb" -h 127.0.0.1 -p "$port" -U wegweiser wegweiser
pg_pid=$(head -1 "$data/postmaster.pid")
echo "events: PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$port (postmaster $pg_pid)"

export WEGWEISER_TEST_PG_URL="jdbc:postgresql://127.0.0.1:$port/wegweiser?user=wegweiser"
mkdir -p "$(dirname "$OUT")"
mvn -B -ntp -q -Pbench test-compile exec:exec -Dbench.jvm="-Xms2g -Xmx2g" \
  -Dbench.args="-Dbench.parts=$PARTS -Dbench.pgPid=$pg_pid $ARGS" 2>&1 | grep -v WARN | tee "$OUT"
