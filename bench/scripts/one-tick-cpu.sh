#!/usr/bin/env bash
# Server CPU per one-tick frame by thread group, from /proc (Linux): starts ./tickstore serve of CHECKOUT (an
# absolute path) on a fresh data dir and PORT, runs an unmeasured 10 s load of one-tick frames at RATE over one
# connection (JIT warm-up), then a measured one, and prints the load's server-side ack latency and the CPU
# microseconds per frame of the event loops, journaller, hot applier and sinks, and of the whole process.
# usage: bench/scripts/one-tick-cpu.sh CHECKOUT PORT [RATE]   (default 30000)
co=$1; port=$2; rate=${3:-30000}
cd $co; D=$(mktemp -d)
(TICKSTORE_DATA_DIR=$D TICKSTORE_HTTP_PORT=$port ./tickstore serve > $D/log 2>&1 &)
for i in $(seq 1 80); do curl -sf localhost:$port/ready >/dev/null && break; sleep 0.5; done
PID=$(pgrep -f "tickstore-server.jar serve" | while read p; do [ "$(readlink /proc/$p/cwd)" = "$co" ] && echo $p; done | head -1)
snap() { for t in /proc/$PID/task/*; do echo "$(cat $t/comm | sed 's/[#0-9]*$//;s/ /_/g') $(awk '{print $14+$15}' $t/stat)"; done | awk '{a[$1]+=$2} END {for (k in a) print k, a[k]}' | sort; }
./tickstore load --url ws://127.0.0.1:$port/ws/ingest --rate $rate --frame-size 1 --connections 1 --duration 10s --warmup 0s >/dev/null 2>&1
snap > $D/c0
./tickstore load --url ws://127.0.0.1:$port/ws/ingest --rate $rate --frame-size 1 --connections 1 --duration 10s --warmup 0s > $D/load.txt 2>&1
snap > $D/c1
frames=$((rate*10))
echo "$co $(grep -E 'server-side' $D/load.txt | sed 's/.*p50/p50/')"
join $D/c0 $D/c1 | awk -v f=$frames '{d=$3-$2; t+=d; if (d>0 && $1 ~ /eventloo|journ|hot-a|sink/) printf "  %-18s %5.2f us/frame\n", $1, d/100/f*1e6} END {printf "  %-18s %5.2f us/frame\n", "total", t/100/f*1e6}'
kill $PID; sleep 1; rm -rf $D
