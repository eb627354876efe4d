#!/usr/bin/env bash
# What the metrics endpoint costs the broker (issue 15's goal: < 1% of broker CPU at one scrape
# per second under load). Runs the same fixed-rate producer load twice against one kt broker
# with metrics.listener set, once without scrapes and once scraped every second, and prints
# the broker's CPU time (utime + stime from /proc) in each; then the broker CPU of SCRAPES
# back-to-back scrapes, idle, per scrape.
#
#   cargo build --release && benches/metrics.sh
#   SECONDS_PER_RUN=20 RATE=50000 PARTITIONS=50 benches/metrics.sh
# Starts the broker on free 127.0.0.1 ports over a temporary directory and stops it at the
# end. Not part of CI: it needs a quiet machine and proves nothing by exit code.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(git -C "$HERE" rev-parse --show-toplevel)
KT=${KT:-${CARGO_TARGET_DIR:-$ROOT/target}/release/kt}
. "$HERE/lib.sh" # stop_daemon
RUN_SECONDS=${SECONDS_PER_RUN:-15}
RATE=${RATE:-50000}
SIZE=${SIZE:-100}
PARTITIONS=${PARTITIONS:-50}
SCRAPES=${SCRAPES:-200}
[ -x "$KT" ] || { echo "no kt binary at $KT: cargo build --release first" >&2; exit 1; }
command -v curl >/dev/null || { echo "curl is needed to scrape" >&2; exit 1; }

WORK=$(mktemp -d "${TMPDIR:-/tmp}/kt-metrics-bench.XXXXXX")
cleanup() {
  stop_daemon "$WORK/logs"
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

PORT=$(free_port)
MPORT=$(free_port)
LOG_DIR=$WORK/logs "$KT" server-start -daemon \
  --override "listeners=PLAINTEXT://127.0.0.1:$PORT" --override "log.dirs=$WORK/data" \
  --override "metrics.listener=http://127.0.0.1:$MPORT"
"$KT" wait-ready --bootstrap-server "127.0.0.1:$PORT" --timeout 10s
PID=$(cat "$WORK/logs/kafkaServer.pid")
"$KT" topics --create --topic bench --partitions "$PARTITIONS" --bootstrap-server "127.0.0.1:$PORT" >/dev/null
URL=http://127.0.0.1:$MPORT/metrics

# The broker's CPU time so far, in clock ticks.
cpu_ticks() { awk '{print $14 + $15}' "/proc/$PID/stat"; }
TICK=$(getconf CLK_TCK)

load() { # scrape? -> broker CPU seconds over the run
  local scrape=$1 before after scraper=
  before=$(cpu_ticks)
  if [ "$scrape" = yes ]; then
    ( while :; do curl -s -o /dev/null "$URL"; sleep 1; done ) &
    scraper=$!
  fi
  "$KT" producer-perf-test --topic bench --num-records $((RATE * RUN_SECONDS)) \
    --record-size "$SIZE" --throughput "$RATE" \
    --producer-props "bootstrap.servers=127.0.0.1:$PORT" acks=1 >/dev/null
  [ -n "$scraper" ] && { kill "$scraper"; wait "$scraper" 2>/dev/null || true; }
  after=$(cpu_ticks)
  echo "scale=2; ($after - $before) / $TICK" | bc
}

quiet=$(load no)
scraped=$(load yes)
echo "broker CPU, ${RUN_SECONDS}s of ${RATE} records/s x ${SIZE} B on ${PARTITIONS} partitions:"
echo "  no scrapes:         ${quiet} s"
echo "  one scrape/second:  ${scraped} s"

before=$(cpu_ticks)
for _ in $(seq "$SCRAPES"); do curl -s -o /dev/null "$URL"; done
after=$(cpu_ticks)
per_scrape_ms=$(echo "scale=3; ($after - $before) * 1000 / $TICK / $SCRAPES" | bc)
echo "  per scrape (idle, $SCRAPES scrapes, $(curl -s "$URL" | wc -c) bytes): ${per_scrape_ms} ms of broker CPU"
echo "  at one scrape per second: $(echo "scale=3; $per_scrape_ms / 10" | bc)% of one core"
