#!/usr/bin/env python3
"""Server CPU per tick, by thread group, from /proc: starts ./tickstore serve (CHECKOUT) on a fresh data dir,
runs ./tickstore load at RATE ticks/s in 500-tick frames over 4 connections for DUR, waits until every sink
has applied everything, and prints the server's CPU seconds per tick (Linux only).
usage: server-cpu-per-tick.py CHECKOUT PORT [RATE] [DUR]   (defaults 100000, 20s)"""
import json, os, re, subprocess, sys, tempfile, time, urllib.request, collections, shutil
co, port = sys.argv[1], int(sys.argv[2]); rate = sys.argv[3] if len(sys.argv) > 3 else "100000"; dur = sys.argv[4] if len(sys.argv) > 4 else "20s"
d = tempfile.mkdtemp(prefix="cpu-", dir=tempfile.gettempdir())
env = dict(os.environ, TICKSTORE_HTTP_PORT=str(port), TICKSTORE_DATA_DIR=d + "/data")
srv = subprocess.Popen(["./tickstore", "serve"], cwd=co, env=env, stdout=open(d + "/serve.log", "w"), stderr=subprocess.STDOUT)
def ready():
    try: return json.load(urllib.request.urlopen(f"http://127.0.0.1:{port}/ready", timeout=2))
    except Exception as e:
        try: return json.loads(e.read())
        except Exception: return None
for _ in range(240):
    if ready(): break
    time.sleep(0.5)
# the java pid: child of the launcher (exec'd, so same pid)
pid = srv.pid
tick = os.sysconf("SC_CLK_TCK")
def threads():
    out = collections.Counter()
    for t in os.listdir(f"/proc/{pid}/task"):
        try:
            comm = open(f"/proc/{pid}/task/{t}/comm").read().strip()
            f = open(f"/proc/{pid}/task/{t}/stat").read().rsplit(")", 1)[1].split()
            out[re.sub(r"[-_ ]?\d+$", "", comm)] += (int(f[11]) + int(f[12])) / tick
        except FileNotFoundError: pass
    return out
before = threads()
ld = subprocess.run(["./tickstore", "load", "--url", f"ws://127.0.0.1:{port}/ws/ingest", "--rate", rate, "--frame-size", "500",
                     "--connections", "4", "--duration", dur, "--warmup", "0s"], cwd=co, capture_output=True, text=True)
t0 = time.time()
while time.time() - t0 < 300:
    r = ready()
    if r and r.get("sinks") and all(s["lag_messages"] == 0 for s in r["sinks"]): break
    time.sleep(0.5)
after = threads()
m = re.search(r"acked ticks/s\s+([\d,]+)", ld.stdout); sent = re.search(r"sent ticks/s\s+([\d,]+)", ld.stdout); gap = re.search(r"longest gap[^:]*:\s*([\d.]+ ms)", ld.stdout)
acked = re.search(r"(\d[\d,]*) ticks acked|acked\s+([\d,]+) ticks", ld.stdout)
srv.terminate(); srv.wait()
diff = {k: after[k] - before.get(k, 0) for k in after}
total = sum(diff.values())
secs = float(dur.rstrip("s"))
ticks = int(sent.group(1).replace(",", "")) * secs if sent else int(rate) * secs
print(f"{co}: load {m.group(1) if m else '?'} acked/s, gap {gap.group(1) if gap else '?'}, server CPU {total:.2f} s = {total/ticks*1e6:.2f} us/tick (nominal {ticks:.0f} ticks)")
for k, v in sorted(diff.items(), key=lambda kv: -kv[1])[:12]:
    if v > 0.05: print(f"   {k:32s} {v:7.2f} s  {v/ticks*1e6:6.2f} us/tick")
shutil.rmtree(d)
