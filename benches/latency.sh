#!/usr/bin/env bash
# Latency side by side (issue 16's latency goals): each broker in BROKERS runs in turn on a free
# 127.0.0.1 port with the same clients, and one table prints each broker's figures.
#
#   produce at a fixed rate   `kt producer-perf-test --throughput RATE` for SECONDS seconds, 100 B
#                             records, acks=1, linger.ms=0 (the Java producer's default in Kafka
#                             3.9; librdkafka's own 5 ms would be the floor of every figure): the
#                             tool's p50 / p99 / p99.9 in whole ms, as Kafka's tool prints them.
#                             Goal: <= 1 / 5 / 20 ms at 10k and 100k records/s.
#   end to end                `kt e2e-latency` (kafka-e2e-latency.sh): one record produced
#                             (acks=1), then consumed, before the next; p50 / p99 / p99.9 in ms.
#                             Goal: p99 <= 5 ms.
#
#   benches/latency.sh                         RATES="10000 100000", SECONDS=10, E2E=10000
#   BROKERS=kt SECONDS=5 benches/latency.sh    kt alone, shorter
#   KAFKA_HOME=/opt/kafka benches/latency.sh   Apache Kafka too (not installable here)
# The clients are kt's (librdkafka) for every broker. On a shared machine the figures move with
# the load (printed before and after).
set -euo pipefail
. "$(dirname "$0")/lib.sh"
RATES=${RATES:-10000 100000}
SECS=${SECONDS_EACH:-${SECS:-10}}
E2E=${E2E:-10000}
pick_brokers
WORK=$(mktemp -d "${TMPDIR:-/tmp}/kt-latency.XXXXXX")
trap 'stop_all; rm -rf "$WORK"' EXIT
declare -A R

create_topic() { # create_topic BOOT NAME
  "$KT" topics --bootstrap-server "$1" --create --topic "$2" --partitions 1 >/dev/null
}

# perf BOOT RATE: the summary line of a fixed-rate run, as "p50 p99 p999 sent/s"
perf() {
  local n=$(($2 * SECS))
  "$KT" producer-perf-test --topic lat --num-records "$n" --record-size 100 --throughput "$2" \
    --producer-props "bootstrap.servers=$1" acks=1 linger.ms=0 2>/dev/null | tail -1 |
    awk -F', ' '{
      for (i = 1; i <= NF; i++) {
        if ($i ~ /50th/) p50 = $i + 0; else if ($i ~ /99\.9th/) p999 = $i + 0
        else if ($i ~ /99th/) p99 = $i + 0; else if ($i ~ /records\/sec/) rate = $i + 0
      }
      if (p50 == "") print "failed - - -"; else print p50, p99, p999, rate
    }'
}

# e2e BOOT: "p50 p99 p999 avg" of kt e2e-latency over E2E records
e2e() {
  "$KT" e2e-latency "$1" lat-e2e "$E2E" 1 100 2>/dev/null | awk '
    /^Avg latency/ { avg = $3 }
    /^Percentiles/ { gsub(",", ""); p50 = $4; p99 = $7; p999 = $10 }
    END { if (p50 == "") print "failed - - -"; else print p50, p99, p999, avg }'
}

bench() {
  local b=$1 port boot rate
  port=$(free_port)
  boot=127.0.0.1:$port
  echo "== $b on $boot" >&2
  launch "$b" "$port" "$WORK/$b"
  wait_port "$port" 60 || { echo "$b did not start" >&2; return; }
  create_topic "$boot" lat
  create_topic "$boot" lat-e2e
  # Warm-up: connections, the first segment, the page cache.
  perf "$boot" 10000 >/dev/null || true
  for rate in $RATES; do
    R["$b,$rate"]=$(perf "$boot" "$rate" || echo "failed")
  done
  R["$b,e2e"]=$(e2e "$boot" || echo "failed")
  stop "$PID"
}

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
for b in $BROKERS; do bench "$b"; done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"

echo
echo "| run | broker | p50 ms | p99 ms | p99.9 ms | other |"
echo "|---|---|---|---|---|---|"
for rate in $RATES; do
  for b in $BROKERS; do
    read -r p50 p99 p999 sent <<<"${R["$b,$rate"]:-- - - -}"
    echo "| producer-perf-test, $rate records/s, acks=1 (goal 1 / 5 / 20) | $b | $p50 | $p99 | $p999 | $sent records/s sent |"
  done
done
for b in $BROKERS; do
  read -r p50 p99 p999 avg <<<"${R["$b,e2e"]:-- - - -}"
  echo "| e2e-latency, $E2E records, acks=1 (goal p99 5) | $b | $p50 | $p99 | $p999 | avg $avg ms |"
done
