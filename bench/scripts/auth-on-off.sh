#!/usr/bin/env bash
# Issue 15: ingest rate with no auth, with auth (tokens file) and with auth + TLS: three servers on fresh
# data directories, loaded one after the other in interleaved rounds (./tickstore load, 4 connections,
# 500-tick frames, closed loop). Prints acked ticks/s per round and server.
# usage: bench/scripts/auth-on-off.sh [ROUNDS] [DURATION]     (defaults 5, 8s)
set -euo pipefail
cd "$(dirname "$0")/../.."
ROUNDS=${1:-5}; DUR=${2:-8s}
B=$(mktemp -d); trap 'kill ${pids[@]:-} 2>/dev/null || true; rm -rf "$B"' EXIT
TOKEN=$(openssl rand -hex 32)
printf 'bench ingest,read %s\n' "$(printf %s "$TOKEN" | sha256sum | cut -d' ' -f1)" > $B/tokens
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=localhost -addext "subjectAltName=IP:127.0.0.1" \
  -keyout $B/key.pem -out $B/cert.pem 2>/dev/null
pids=()
TICKSTORE_DATA_DIR=$B/d-off TICKSTORE_HTTP_PORT=18751 ./tickstore serve > $B/off.log 2>&1 & pids+=($!)
TICKSTORE_AUTH_TOKENS_FILE=$B/tokens TICKSTORE_DATA_DIR=$B/d-auth TICKSTORE_HTTP_PORT=18752 ./tickstore serve > $B/auth.log 2>&1 & pids+=($!)
TICKSTORE_AUTH_TOKENS_FILE=$B/tokens TICKSTORE_HTTP_TLS_CERT=$B/cert.pem TICKSTORE_HTTP_TLS_KEY=$B/key.pem \
  TICKSTORE_DATA_DIR=$B/d-tls TICKSTORE_HTTP_PORT=18753 ./tickstore serve > $B/tls.log 2>&1 & pids+=($!)
for port in 18751 18752; do until curl -sf http://127.0.0.1:$port/health >/dev/null; do sleep 1; done; done
until curl -sfk https://127.0.0.1:18753/health >/dev/null; do sleep 1; done
rate() { grep -oE 'acked ticks/s +[0-9,]+' | grep -oE '[0-9,]+$' || echo failed; }
for round in $(seq 1 "$ROUNDS"); do
  off=$(./tickstore load --url ws://127.0.0.1:18751/ws/ingest --duration $DUR --warmup 2s 2>/dev/null | rate)
  auth=$(TICKSTORE_TOKEN=$TOKEN ./tickstore load --url ws://127.0.0.1:18752/ws/ingest --duration $DUR --warmup 2s 2>/dev/null | rate)
  tls=$(TICKSTORE_TOKEN=$TOKEN ./tickstore load --url wss://127.0.0.1:18753/ws/ingest --ca $B/cert.pem --duration $DUR --warmup 2s 2>/dev/null | rate)
  echo "round $round: auth off $off, auth on $auth, auth + TLS $tls acked ticks/s"
done
