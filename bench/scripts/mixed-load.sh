#!/usr/bin/env bash
# Issue 12 / issue 3: the mixed load (50 closed-loop bar-query clients while 100,000 ticks/s are
# ingested) on a store a `compare --ticks 10000000 --keep` run left. Starts `./tickstore serve` on
# DATA_DIR with every stored bar in memory (query.bar_memory_days = 1100: the compare's data is from
# 2024), waits until BOTH background preloads have finished (bar memory and tick memory: the tick
# preload reads the 10M ticks back from DuckDB for 25-50 s and, left running, takes a core from the
# measurement), then runs the ingest generator and, 8 s later, the query generator; prints both
# summaries and the server's backpressure counters, and stops the server (waiting for its clean stop).
# Extra server settings go in the environment (e.g. TICKSTORE_PIPELINE_RING_SIZE=262144); FRAMES=rows
# makes the ingest generator send frames of rows instead of tick objects (the default);
# SERVER_JAVA_OPTS are JVM options for the server only (e.g. -XX:+PrintCompilation, into its log);
# ROUNDS=N runs the ingest and query generators N times, one after the other, against the same server
# (the backpressure counters it prints are cumulative); with N > 1 the outputs are OUT_PREFIX.roundK.*.
# QUERY_NICE=N runs the 50-client query generator at that nice value (e.g. 10): its 50 threads then
# stop taking the processors from the server and the ingest generator when all three want them.
# QUERY_FIRST=1 starts the query generator first (for 55 s) and the ingest generator 8 s later, so the
# ingest's measured window (its 5 s warm-up over) lies wholly inside the queries' steady state; by
# default the query generator starts 8 s into the ingest, and its own start (a JVM, 50 clients, the
# server's first queries) falls inside the ingest's window.
# usage: bench/scripts/mixed-load.sh DATA_DIR [OUT_PREFIX]
set -euo pipefail
here="$(cd "$(dirname "$0")/../.." && pwd)"
data=$1
out=${2:-$(mktemp -d)/mixed}
port=${PORT:-8080}
syms=$(python3 -c "print(','.join('S%05d' % i for i in range(100)))")
cd "$here"
TICKSTORE_JAVA_OPTS="${TICKSTORE_JAVA_OPTS:-} ${SERVER_JAVA_OPTS:-}" \
  TICKSTORE_QUERY_BAR_MEMORY_DAYS=1100 TICKSTORE_DATA_DIR="$data" TICKSTORE_HTTP_HOST=127.0.0.1 \
  TICKSTORE_HTTP_PORT=$port ./tickstore serve > "$out.server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 1 300); do
  if grep -q 'bar memory:.*loaded' "$out.server.log" && grep -q 'tick memory:.*loaded' "$out.server.log"; then
    break
  fi
  kill -0 $server 2>/dev/null || { echo "server exited: see $out.server.log" >&2; exit 1; }
  sleep 1
done
grep -E 'store open:|memory:.*loaded' "$out.server.log" | sed 's/^.*INFO //'
rounds=${ROUNDS:-1}
for round in $(seq 1 "$rounds"); do
  suffix=$([ "$rounds" -gt 1 ] && echo ".round$round" || true)
  [ "$rounds" -gt 1 ] && echo "round $round of $rounds"
  if [ "${QUERY_FIRST:-0}" = 1 ]; then
    nice -n "${QUERY_NICE:-0}" ./tickstore query-load --url http://127.0.0.1:$port --clients 50 --exchange BENCH \
      --symbols "$syms" --from 2024-01-01 --to 2024-01-14 --duration 50s --warmup 5s > "$out$suffix.query" 2>&1 &
    query=$!
    sleep 8
    ./tickstore load --url ws://127.0.0.1:$port/ws/ingest --rate 100000 --frame-size 500 --connections 4 \
      --frames "${FRAMES:-objects}" --duration 40s --warmup 5s > "$out$suffix.load" 2>&1
    wait $query
  else
    ./tickstore load --url ws://127.0.0.1:$port/ws/ingest --rate 100000 --frame-size 500 --connections 4 \
      --frames "${FRAMES:-objects}" --duration 40s --warmup 5s > "$out$suffix.load" 2>&1 &
    load=$!
    sleep 8
    nice -n "${QUERY_NICE:-0}" ./tickstore query-load --url http://127.0.0.1:$port --clients 50 --exchange BENCH \
      --symbols "$syms" --from 2024-01-01 --to 2024-01-14 --duration 30s --warmup 5s > "$out$suffix.query" 2>&1
    wait $load
  fi
  grep -E 'acked ticks/s|server-side|longest gap|errors' "$out$suffix.load"
  grep -E 'queries/s|latency' "$out$suffix.query"
  curl -s http://127.0.0.1:$port/metrics | grep -E '^tickstore_ingest_backpressure_pauses_total' || true
done
kill $server
while kill -0 $server 2>/dev/null; do sleep 1; done
trap - EXIT
