#!/usr/bin/env bash
# Many clients that send nothing (issue 16's connections goal): what holding them costs the
# broker, with every broker started in one run. Per broker:
#   idle open s        IDLE connections opened, one ApiVersions each (connections.py idle)
#   idle cpu %         the broker's CPU (share of one core) while they sit idle for HOLD seconds
#   idle RSS MiB       its memory while holding them; "idle alive": connections still open
#   poll cpu %         POLLERS connections each long-polling an empty partition (Fetch v4,
#                      max_wait WAIT_MS, the next fetch sent as soon as the empty answer
#                      comes) for HOLD seconds: the broker's CPU
#   poll answered      empty answers received in the window (expected: POLLERS x HOLD x
#                      1000 / WAIT_MS, printed next to it): a broker that answers early spins
# Goal: idle and long-poll CPU < 1% of a core. (The goal's third part, 500 producers at 100
# records/s each with p99 <= 10 ms, is `benches/producers.sh`.)
#
#   benches/connections.sh                      IDLE=5000 POLLERS=1000 HOLD=10 WAIT_MS=500 (HOLD: seconds)
#   IDLE=500 POLLERS=100 HOLD=3 benches/connections.sh   a quick one
#   BROKERS=kt benches/connections.sh           kt alone
# Needs target/release/kt and python3 (the clients are raw sockets); tansu as lib.sh finds it.
# Bounded: every step has a timeout; every broker started is stopped on exit.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
IDLE=${IDLE:-5000}
POLLERS=${POLLERS:-1000}
SECONDS_HELD=${HOLD:-10}
WAIT_MS=${WAIT_MS:-500}
need_python
pick_brokers
# One descriptor per client connection on each side, plus the broker's own files.
ulimit -n "$(ulimit -Hn)"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/kt-connections.XXXXXX")
trap 'stop_all; rm -rf "$WORK"' EXIT
declare -A R

conns() { timeout 300 python3 "$HERE/connections.py" "$@"; }

bench() {
  local b=$1 port dir boot out
  port=$(free_port)
  boot=127.0.0.1:$port
  dir=$WORK/$b
  echo "== $b on $boot ($IDLE idle, $POLLERS long-polling, ${SECONDS_HELD} s each)" >&2
  launch "$b" "$port" "$dir" ""
  wait_port "$port" 60 || { echo "$b did not start" >&2; tail "$dir/broker.log" >&2; return; }
  timeout 120 "$PYTHON" "$HERE/kafka_client.py" create "$boot" polled 1 1 >/dev/null ||
    echo "WARNING $b: create failed" >&2
  sleep 1
  R["$b,RSS before MiB"]=$(rss_mib "$PID")
  out=$(conns idle "$boot" "$PID" "$IDLE" "$SECONDS_HELD") || out="failed failed failed failed"
  read -r R["$b,idle open s"] R["$b,idle cpu %"] R["$b,idle RSS MiB"] R["$b,idle alive"] <<<"$out"
  sleep 1
  out=$(conns long-poll "$boot" "$PID" polled00000 "$POLLERS" "$SECONDS_HELD" "$WAIT_MS") ||
    out="failed failed failed failed"
  read -r R["$b,poll cpu %"] R["$b,poll answered"] R["$b,poll expected"] R["$b,poll RSS MiB"] <<<"$out"
  stop "$PID"
}

for b in $BROKERS; do bench "$b"; done

metrics=("RSS before MiB" "idle open s" "idle cpu %" "idle RSS MiB" "idle alive"
  "poll cpu %" "poll answered" "poll expected" "poll RSS MiB")
set -- $BROKERS
echo
echo "$IDLE idle connections, $POLLERS long-polling (max_wait $WAIT_MS ms), ${SECONDS_HELD} s each; load: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-24s' ""
for b; do printf '%12s' "$b"; done
for b in "${@:2}"; do printf '%12s' "kt/$b"; done
printf '\n'
for m in "${metrics[@]}"; do
  printf '%-24s' "$m"
  for b; do printf '%12s' "${R[$b,$m]:-n/a}"; done
  for b in "${@:2}"; do printf '%12s' "$(ratio "${R[kt,$m]:-}" "${R[$b,$m]:-}")"; done
  printf '\n'
done
