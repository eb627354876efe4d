#!/usr/bin/env bash
# The broker's CPU per record under issue 16's conditions, kt alone: one kcat producer writes
# RECORDS x 100 B to a one-partition topic (acks=1, linger 5 ms), then one kcat reads them back
# with its queue limit lifted (queued.min.messages), and the broker's CPU seconds over each phase
# (utime+stime from /proc/PID/stat) are printed against the goal (produce <= 0.05 s, read <= 0.03 s
# for 1M records) in each condition:
#
#   plain        a fresh broker, PLAINTEXT listener (the goal's baseline)
#   10k parts    the same after creating 1,000 topics x 10 partitions on it (kafka_client.py)
#   tls          an SSL listener (certificates from `kt certs`; rustls, TLS 1.3, AES-GCM):
#                every byte is encrypted once on the way in and once on the way out, so this
#                row shows what the cipher costs on this CPU beside the plain row
#
# Replication (per broker) and transactions have their own benches with the same producer
# measure: benches/replication.sh and benches/transactions.sh.
#
#   benches/cpu.sh                       1M records, the three conditions
#   RECORDS=200000 MODES="plain tls" benches/cpu.sh
# Clients: kcat on the librdkafka of the confluent-kafka wheel (PYTHON's), as saturation.sh.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
RECORDS=${RECORDS:-1000000}
MODES=${MODES:-plain 10k tls}
need_python
WORK=$(mktemp -d "${TMPDIR:-/tmp}/kt-cpu.XXXXXX")
trap 'stop_all; rm -rf "$WORK"' EXIT
declare -A R

wheel_kcat "$WORK/rdkafka"
write_records "$WORK/records.txt" "$RECORDS"
"$KT" certs --out-dir "$WORK/certs" >/dev/null

# start MODE: a kt broker for MODE (SSL listener for tls); sets PID and BOOT, and CLIENT to kcat's
# extra arguments.
start() {
  local dir=$WORK/$1 port
  port=$(free_port)
  BOOT=127.0.0.1:$port
  CLIENT=()
  mkdir -p "$dir/logs"
  if [ "$1" = tls ]; then
    printf 'broker.id=0\nlisteners=SSL://127.0.0.1:%s\nadvertised.listeners=SSL://127.0.0.1:%s\nsecurity.inter.broker.protocol=SSL\nlog.dirs=%s/logs\noffsets.topic.num.partitions=1\nssl.keystore.type=PEM\nssl.keystore.location=%s/certs/broker.pem\n' \
      "$port" "$port" "$dir" "$WORK" >"$dir/server.properties"
    CLIENT=(-X security.protocol=SSL -X "ssl.ca.location=$WORK/certs/ca.pem")
  else
    printf 'broker.id=0\nlisteners=PLAINTEXT://127.0.0.1:%s\nadvertised.listeners=PLAINTEXT://127.0.0.1:%s\nlog.dirs=%s/logs\noffsets.topic.num.partitions=1\n' \
      "$port" "$port" "$dir" >"$dir/server.properties"
  fi
  "$KT" server-start "$dir/server.properties" >>"$dir/broker.log" 2>&1 &
  PID=$!
  STARTED+=("$PID")
  wait_port "$port" 30 || { echo "kt did not start for $1" >&2; exit 1; }
}

topic() { # topic NAME PARTITIONS
  "$KT" topics --create --topic "$1" --partitions "$2" --bootstrap-server "$BOOT" \
    ${CLIENT_CONFIG:+--command-config "$CLIENT_CONFIG"} >/dev/null
}
produce() {
  timeout 300 "${KCAT[@]}" -P -b "$BOOT" "${CLIENT[@]}" -t "$1" -p 0 -X acks=1 -X linger.ms=5 \
    -X batch.num.messages=10000 -X queue.buffering.max.messages=1000000 -l "$WORK/records.txt"
}
consume() {
  local n
  n=$(timeout 300 "${KCAT[@]}" -C -b "$BOOT" "${CLIENT[@]}" -t "$1" -o beginning -e -q \
    -X queued.min.messages=10000000 | wc -l)
  [ "$n" = "$RECORDS" ] || { echo "WARNING: read $n of $RECORDS" >&2; return 1; }
}
# phase KEY CMD...: the broker's CPU ticks and the wall time over CMD
phase() {
  local key=$1 t0 c0
  shift
  c0=$(cpu_ticks "$PID")
  t0=$(now_us)
  if "$@"; then
    R["$key wall"]=$(secs $(($(now_us) - t0)))
    R["$key cpu"]=$(cpu_secs $(($(cpu_ticks "$PID") - c0)))
  else
    R["$key wall"]=failed
    R["$key cpu"]=failed
  fi
}

for mode in $MODES; do
  echo "== $mode" >&2
  start "$mode"
  CLIENT_CONFIG=
  if [ "$mode" = tls ]; then
    printf 'security.protocol=SSL\nssl.truststore.type=PEM\nssl.truststore.location=%s/certs/ca.pem\n' "$WORK" >"$WORK/client.properties"
    CLIENT_CONFIG=$WORK/client.properties
  fi
  if [ "$mode" = 10k ]; then
    "$PYTHON" "$HERE/kafka_client.py" create "$BOOT" many 1000 10 >/dev/null
  fi
  topic warmup 1
  produce warmup >/dev/null 2>&1 || true
  topic cpu 1
  phase "$mode produce" produce cpu
  phase "$mode consume" consume cpu
  R["$mode rss"]=$(rss_mib "$PID")
  stop "$PID"
done

scale=$(awk -v r="$RECORDS" 'BEGIN { printf "%.3f", r / 1e6 }')
echo
echo "load when done: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores; $RECORDS x 100 B, goals scaled to $scale x (0.05 s produce, 0.03 s read per 1M)"
printf '%-12s %14s %16s %14s %16s %10s\n' condition "produce wall s" "produce cpu s" "read wall s" "read cpu s" "RSS MiB"
for mode in $MODES; do
  printf '%-12s %14s %16s %14s %16s %10s\n' "$mode" "${R[$mode produce wall]}" "${R[$mode produce cpu]}" \
    "${R[$mode consume wall]}" "${R[$mode consume cpu]}" "${R[$mode rss]}"
done
printf '%-12s %14s %16s %14s %16s\n' goal - "$(awk -v s="$scale" 'BEGIN { printf "%.3f", 0.05 * s }')" - \
  "$(awk -v s="$scale" 'BEGIN { printf "%.3f", 0.03 * s }')"
