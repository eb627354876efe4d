#!/usr/bin/env bash
# Many producers at a modest rate each (issue 16's connections goal: 500 producers each sending
# 100 records/s, all served with p99 <= 10 ms), with every broker started in one run: PRODUCERS
# connections over a topic of PARTITIONS partitions, each sending one 100 B record (acks=1)
# every 1/RATE s for HOLD seconds, timed by `benches/producers.rs` (a tokio client on one
# thread; see its header for why a client of its own). Per broker: requests answered against
# expected, errors, p50 / p99 / p99.9 / max in ms, and the broker's CPU as a share of one core.
#
#   benches/producers.sh                          PRODUCERS=500 RATE=100 HOLD=10 PARTITIONS=8
#   BROKERS=kt PRODUCERS=100 HOLD=3 benches/producers.sh   a quick one
# Bounded: every broker started is stopped on exit.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
PRODUCERS=${PRODUCERS:-500}
RATE=${RATE:-100}
HOLD=${HOLD:-10}
PARTITIONS=${PARTITIONS:-8}
pick_brokers
WORK=$(mktemp -d "${TMPDIR:-/tmp}/kt-producers.XXXXXX")
trap 'stop_all; rm -rf "$WORK"' EXIT
ulimit -n "$(ulimit -Hn)"
(cd "$ROOT" && cargo build -q --release --bench producers)
BENCH=$(ls -t "$ROOT"/target/release/deps/producers-* | grep -v '\.d$' | head -1)
declare -A R

bench() {
  local b=$1 port boot c0 t0
  port=$(free_port)
  boot=127.0.0.1:$port
  echo "== $b on $boot" >&2
  launch "$b" "$port" "$WORK/$b"
  wait_port "$port" 60 || { echo "$b did not start" >&2; return; }
  "$KT" topics --bootstrap-server "$boot" --create --topic producers --partitions "$PARTITIONS" >/dev/null
  # Warm-up: a second of the same load.
  "$BENCH" "$boot" producers "$PARTITIONS" "$PRODUCERS" "$RATE" 1 >/dev/null || true
  c0=$(cpu_ticks "$PID")
  t0=$(now_us)
  R["$b"]=$("$BENCH" "$boot" producers "$PARTITIONS" "$PRODUCERS" "$RATE" "$HOLD" || echo failed)
  R["$b cpu"]=$(awk -v t="$(($(cpu_ticks "$PID") - c0))" -v hz="$TICK" -v us="$(($(now_us) - t0))" \
    'BEGIN { printf "%.1f", 100 * t / hz / (us / 1e6) }')
  stop "$PID"
}

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
for b in $BROKERS; do bench "$b"; done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "$PRODUCERS producers x $RATE records/s for $HOLD s, $PARTITIONS partitions, acks=1 (goal: p99 <= 10 ms)"
echo
echo "| broker | answered / expected | errors | p50 ms | p99 ms | p99.9 ms | max ms | broker CPU % of a core |"
echo "|---|---|---|---|---|---|---|---|"
for b in $BROKERS; do
  line=${R["$b"]:-failed}
  field() { sed -n "s/.*$1=\([0-9]*\).*/\1/p" <<<"$line"; }
  ms() { awk -v us="$(field "$1")" 'BEGIN { if (us == "") print "-"; else printf "%.2f", us / 1000 }'; }
  echo "| $b | $(field sent) / $(field expected) | $(field errors) | $(ms p50_us) | $(ms p99_us) | $(ms p999_us) | $(ms max_us) | ${R["$b cpu"]:--} |"
done
