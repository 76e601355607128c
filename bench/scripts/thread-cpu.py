#!/usr/bin/env python3
"""Per-thread CPU of a running tickstore server, second by second (issue 12's "where the processors go").

  bench/scripts/thread-cpu.py record OUT.jsonl
      waits for a server JVM (io.tickstore.server.Main or tickstore-server.jar, "serve") to appear, then
      writes one JSON line a second with every thread's utime+stime (jiffies, from /proc) until it exits.
      Start it before `./tickstore compare ...` (or a `./tickstore serve` you load yourself).
  bench/scripts/thread-cpu.py summary OUT.jsonl SECONDS
      CPU seconds per thread name (numbered names folded: "G1 Refine#0" and "#1" count together) over
      SECONDS from the first second the server got busy (the load's start).
  bench/scripts/thread-cpu.py series OUT.jsonl PATTERN [SECONDS]
      share of a core per second for each thread whose name contains PATTERN (e.g. "sink").

Linux only; names are the kernel's (15 characters: "tickstore-sink-" is both sinks; `series` tells
them apart by thread id, in creation order: duckdb, then dedupe).
"""
import collections
import json
import os
import re
import sys
import time

HZ = os.sysconf("SC_CLK_TCK")


def find_server():
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            cmd = open(f"/proc/{pid}/cmdline", "rb").read().split(b"\0")
        except OSError:
            continue
        if b"serve" in cmd and any(b"io.tickstore.server.Main" in c or b"tickstore-server" in c for c in cmd):
            return pid
    return None


def record(out_path):
    pid = None
    while pid is None:
        pid = find_server()
        time.sleep(0.2)
    with open(out_path, "w") as out:
        while os.path.exists(f"/proc/{pid}"):
            snap = {}
            try:
                tasks = os.listdir(f"/proc/{pid}/task")
            except OSError:
                break
            for tid in tasks:
                try:
                    stat = open(f"/proc/{pid}/task/{tid}/stat").read()
                except OSError:
                    continue
                name = stat[stat.index("(") + 1:stat.rindex(")")]
                fields = stat[stat.rindex(")") + 2:].split()
                snap[f"{tid}:{name}"] = int(fields[11]) + int(fields[12])
            out.write(json.dumps({"t": time.time(), "c": snap}) + "\n")
            out.flush()
            time.sleep(1)


def load(path):
    return [json.loads(line) for line in open(path)]


def busy_start(rows):
    total = [sum(r["c"].values()) for r in rows]
    for i in range(1, len(rows) - 1):
        if total[i] - total[i - 1] > HZ // 2 and total[i + 1] - total[i] > HZ // 2:
            return i - 1
    raise SystemExit("the server never got busy in this recording")


def summary(path, seconds):
    rows = load(path)
    start = busy_start(rows)
    end = start
    while end < len(rows) - 1 and rows[end]["t"] - rows[start]["t"] < seconds:
        end += 1
    a, b = rows[start]["c"], rows[end]["c"]
    per_name = collections.Counter()
    for key, value in b.items():
        name = re.sub(r"\d+$", "#", key.split(":", 1)[1])
        per_name[name] += value - a.get(key, 0)
    span = rows[end]["t"] - rows[start]["t"]
    print(f"{span:.1f} s from the load's start: {sum(per_name.values()) / HZ:.1f} s of CPU")
    for name, jiffies in per_name.most_common():
        if jiffies > 0:
            print(f"{jiffies / HZ:8.2f} s  {name}")


def series(path, pattern, seconds):
    rows = load(path)
    start = busy_start(rows)
    keys = sorted({k for r in rows for k in r["c"] if pattern in k}, key=lambda k: int(k.split(":")[0]))
    print("second  " + "  ".join(keys))
    for i in range(start + 1, min(len(rows), start + 1 + seconds)):
        a, b = rows[i - 1]["c"], rows[i]["c"]
        shares = [100 * (b.get(k, 0) - a.get(k, 0)) / HZ for k in keys]
        print(f"{i - start:6d}  " + "  ".join(f"{s:5.0f}%" for s in shares))


if __name__ == "__main__":
    if len(sys.argv) >= 3 and sys.argv[1] == "record":
        record(sys.argv[2])
    elif len(sys.argv) == 4 and sys.argv[1] == "summary":
        summary(sys.argv[2], float(sys.argv[3]))
    elif len(sys.argv) in (4, 5) and sys.argv[1] == "series":
        series(sys.argv[2], sys.argv[3], int(sys.argv[4]) if len(sys.argv) == 5 else 60)
    else:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
