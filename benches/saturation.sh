#!/usr/bin/env bash
# Throughput and CPU side by side (issue 16's CPU-per-record and saturation goals): each broker in
# BROKERS runs in turn on a free 127.0.0.1 port with the same clients, and one table per scenario
# prints each broker's figure and kt's ratio to each peer.
#
#   cpu per record   one kcat producer, RECORDS x 100 B to one partition (acks=1, linger 5 ms),
#                    then one kcat reading them back with queued.min.messages lifted: wall time
#                    and the broker's CPU seconds (utime+stime from /proc/PID/stat over the phase)
#   saturation       P concurrent kcat producers (records split between them, random partitioner)
#                    into a topic of N partitions, then P concurrent kcat consumers, each reading the
#                    whole topic (fan-out): records/s and MB/s of the whole phase, and the broker's
#                    CPU as a share of the machine (100% = every core busy with the broker)
#
#   benches/saturation.sh              bounded default (~3-5 min): 1M records; P in 1 2 4, N in 1 8
#   FULL=1 benches/saturation.sh       the goal's matrix: P in 1 2 4 8, N in 1 8 64 (~15 min)
#   BROKERS=kt RECORDS=200000 benches/saturation.sh      kt alone, smaller
#   KAFKA_HOME=/opt/kafka benches/saturation.sh          Apache Kafka too (not installable here)
# Clients: kcat on the librdkafka of the confluent-kafka wheel (PYTHON's), which tansu also speaks.
# kt's log dir is in $TMPDIR (what that is: disk or tmpfs); tansu keeps everything in memory.
# On a shared machine the absolute figures move with the load (printed): read the ratios.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
RECORDS=${RECORDS:-1000000}
if [ "${FULL:-0}" = 1 ]; then
  PRODUCERS=${PRODUCERS:-1 2 4 8}
  PARTS=${PARTS:-1 8 64}
else
  PRODUCERS=${PRODUCERS:-1 2 4}
  PARTS=${PARTS:-1 8}
fi
need_python
pick_brokers
CPUS=$(nproc)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/kt-saturation.XXXXXX")
trap 'stop_all; rm -rf "$WORK"' EXIT
declare -A R

wheel_kcat "$WORK/rdkafka"
echo "kcat: $("${KCAT[@]}" -V 2>&1 | grep -o 'librdkafka [0-9.]*')" >&2

# records-P.txt: RECORDS/P lines of 99 bytes + newline, one file per producer count
make_records() { write_records "$WORK/records-$1.txt" "$((RECORDS / $1))"; }
for p in 1 $PRODUCERS; do [ -e "$WORK/records-$p.txt" ] || make_records "$p"; done

create_topic() { # create_topic BOOT NAME PARTITIONS
  "$PYTHON" - "$@" <<'PY'
import sys
from confluent_kafka.admin import AdminClient, NewTopic
admin = AdminClient({"bootstrap.servers": sys.argv[1], "log_level": 3})
admin.create_topics([NewTopic(sys.argv[2], int(sys.argv[3]), 1)], request_timeout=60)[sys.argv[2]].result(timeout=90)
PY
}

produce() { # produce BOOT TOPIC FILE [PARTITION]
  local part=()
  [ -z "${4:-}" ] || part=(-p "$4")
  timeout 300 "${KCAT[@]}" -P -b "$1" -t "$2" "${part[@]}" -X acks=1 -X linger.ms=5 -X batch.num.messages=10000 \
    -X queue.buffering.max.messages=1000000 -l "$3"
}
consume() { # consume BOOT TOPIC: prints the records read
  timeout 300 "${KCAT[@]}" -C -b "$1" -t "$2" -o beginning -e -q -X queued.min.messages=10000000 | wc -l
}

# phase KEY CMD...: wall time and broker CPU ticks of CMD into R[KEY wall us], R[KEY cpu ticks]
phase() {
  local key=$1 t0 c0
  shift
  c0=$(cpu_ticks "$PID")
  t0=$(now_us)
  if "$@"; then
    R["$key wall us"]=$(($(now_us) - t0))
    R["$key cpu ticks"]=$(($(cpu_ticks "$PID") - c0))
  else
    echo "WARNING: $key failed" >&2
    R["$key wall us"]=failed
  fi
}

produce_all() { # produce_all BOOT TOPIC P: P producers at once, each with RECORDS/P records
  local pids=() i ok=0
  for i in $(seq "$3"); do produce "$1" "$2" "$WORK/records-$3.txt" & pids+=($!); done
  for i in "${pids[@]}"; do wait "$i" || ok=1; done
  return $ok
}
consume_all() { # consume_all BOOT TOPIC P: P consumers at once, each reading the whole topic
  local pids=() i ok=0
  for i in $(seq "$3"); do consume "$1" "$2" >"$WORK/consumed-$i" & pids+=($!); done
  for i in "${pids[@]}"; do wait "$i" || ok=1; done
  for i in $(seq "$3"); do
    [ "$(cat "$WORK/consumed-$i")" = "$((RECORDS / $3 * $3))" ] || {
      echo "WARNING: consumer $i read $(cat "$WORK/consumed-$i") of $((RECORDS / $3 * $3))" >&2
      ok=1
    }
  done
  return $ok
}
one_consumer() { [ "$(consume "$1" "$2")" = "$RECORDS" ]; }

bench() {
  local b=$1 port boot p n
  port=$(free_port)
  boot=127.0.0.1:$port
  echo "== $b on $boot" >&2
  launch "$b" "$port" "$WORK/$b"
  wait_port "$port" 60 || { echo "$b did not start" >&2; return; }
  create_topic "$boot" warmup 1
  produce "$boot" warmup "$WORK/records-1.txt" 0 >&2 || true
  create_topic "$boot" cpu 1
  phase "$b,cpu produce" produce "$boot" cpu "$WORK/records-1.txt" 0
  phase "$b,cpu consume" one_consumer "$boot" cpu
  for n in $PARTS; do
    for p in $PRODUCERS; do
      create_topic "$boot" "sat-$n-$p" "$n"
      phase "$b,produce P=$p N=$n" produce_all "$boot" "sat-$n-$p" "$p"
      phase "$b,consume P=$p N=$n" consume_all "$boot" "sat-$n-$p" "$p"
    done
  done
  R["$b,RSS MiB"]=$(rss_mib "$PID")
  stop "$PID"
}

for b in $BROKERS; do bench "$b"; done

# ---------------------------------------------------------------- tables
set -- $BROKERS
header() {
  printf '\n%-28s' "$1"
  for b in $BROKERS; do printf '%14s' "$b"; done
  for b in "${@:3}"; do printf '%12s' "kt/$b"; done
  printf '\n'
}
row() { # row LABEL VALUES...: one value per broker, then kt's ratio to each peer
  local label=$1 v
  shift
  printf '%-28s' "$label"
  for v; do printf '%14s' "$v"; done
  for v in "${@:2}"; do printf '%12s' "$(ratio "$1" "$v")"; done
  printf '\n'
}
fmt() { # fmt KEY KIND: one broker's figure for KEY: s (wall), cpu (broker s), rps, mbps, share
  local wall=${R[$1 wall us]:-} cpu=${R[$1 cpu ticks]:-} records=$3
  [[ $wall =~ ^[0-9]+$ ]] || { printf failed; return; }
  case $2 in
    s) secs "$wall" ;;
    cpu) cpu_secs "$cpu" ;;
    rps) awk -v r="$records" -v w="$wall" 'BEGIN { printf "%.0f", r / (w / 1e6) }' ;;
    mbps) awk -v r="$records" -v w="$wall" 'BEGIN { printf "%.1f", r * 100 / (w / 1e6) / 1e6 }' ;;
    share) awk -v c="$cpu" -v hz="$TICK" -v w="$wall" -v n="$CPUS" 'BEGIN { printf "%.1f", 100 * c / hz / (w / 1e6) / n }' ;;
  esac
}
values() { local b; for b in $BROKERS; do fmt "$b,$1" "$2" "$3"; echo; done; }

echo
echo "load when done: $(cut -d' ' -f1-3 /proc/loadavg) on $CPUS cores; RSS at the end: $(for b in $BROKERS; do printf '%s %s MiB  ' "$b" "${R[$b,RSS MiB]:-n/a}"; done)"
header "cpu per record ($RECORDS x 100 B)" "$@"
mapfile -t v < <(values "cpu produce" s "$RECORDS"); row "produce wall s" "${v[@]}"
mapfile -t v < <(values "cpu produce" cpu "$RECORDS"); row "produce broker cpu s" "${v[@]}"
mapfile -t v < <(values "cpu consume" s "$RECORDS"); row "consume wall s" "${v[@]}"
mapfile -t v < <(values "cpu consume" cpu "$RECORDS"); row "consume broker cpu s" "${v[@]}"
for phase in produce consume; do
  for kind in rps mbps share; do
    case $kind in rps) title="records/s" ;; mbps) title="MB/s" ;; share) title="broker % of machine" ;; esac
    header "$phase: $title" "$@"
    for n in $PARTS; do
      for p in $PRODUCERS; do
        total=$((RECORDS / p * p))
        [ "$phase" = produce ] || total=$((total * p))
        mapfile -t v < <(values "$phase P=$p N=$n" "$kind" "$total")
        row "P=$p N=$n" "${v[@]}"
      done
    done
  done
done
echo "(P = concurrent producers, then as many consumers each reading the whole topic; N = partitions; ratios are kt / peer, so above 1 is kt ahead for records/s and MB/s, behind for CPU)"
