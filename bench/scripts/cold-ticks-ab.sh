#!/usr/bin/env bash
# Issue 13: cold tick reads of two or more builds side by side, on data a compare run kept. Each
# LABEL=BENCH_JAR_DIR:DATA_DIR starts a server of that build (java -cp DIR/tickstore-bench.jar, as compare
# does) on a copy of DATA_DIR (a `compare --lifecycle-warm-days 2 --keep` run's tickstore/data), with
# the compare's lifecycle settings (tick and bar memory off), then ColdTicksAb.java asks them in turn.
# usage: bench/scripts/cold-ticks-ab.sh N LABEL=DIR:DATA [LABEL=DIR:DATA ...]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
N=$1; shift
B=$(mktemp -d); pids=(); trap 'kill ${pids[@]:-} 2>/dev/null || true; rm -rf "$B"' EXIT
flags=(--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED --add-exports=java.base/sun.nio.ch=ALL-UNNAMED
  --add-exports=jdk.unsupported/sun.misc=ALL-UNNAMED --add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED
  --add-opens=jdk.compiler/com.sun.tools.javac=ALL-UNNAMED --add-opens=java.base/java.lang=ALL-UNNAMED
  --add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED
  --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED
  --add-opens=java.base/java.nio=ALL-UNNAMED -Dchronicle.analytics.disable=true)
labels=(); ports=(); port=18760
for spec in "$@"; do
  label=${spec%%=*}; rest=${spec#*=}; jars=${rest%%:*}; data=${rest#*:}
  cp -r "$data" "$B/$label"
  TICKSTORE_DATA_DIR=$B/$label TICKSTORE_HTTP_HOST=127.0.0.1 TICKSTORE_HTTP_PORT=$port TICKSTORE_LIFECYCLE_ENABLED=true \
    TICKSTORE_LIFECYCLE_WARM_DAYS=2 TICKSTORE_LIFECYCLE_INTERVAL_S=86400 TICKSTORE_QUERY_TICK_MEMORY_MB=0 \
    TICKSTORE_QUERY_BAR_MEMORY_DAYS=0 java "${flags[@]}" -cp "$jars/tickstore-bench.jar" io.tickstore.server.Main serve \
    > "$B/$label.log" 2>&1 & pids+=($!)
  labels+=("$label"); ports+=($port); port=$((port + 1))
done
for p in "${ports[@]}"; do until curl -sf http://127.0.0.1:$p/ready >/dev/null; do sleep 1; done; done
java "$here/ColdTicksAb.java" "$N" "$(IFS=,; echo "${labels[*]}")" "$(IFS=,; echo "${ports[*]}")"
