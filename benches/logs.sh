#!/usr/bin/env bash
# Big logs, crash recovery and memory under load (issue 16's "big logs and crash recovery" and
# "memory bounded under load" goals), on kt alone: the goals are kt's own (tansu keeps its data
# in memory, so it has no logs to recover; Apache Kafka is not run here, see below).
#
#   a. write and read   GIB (10) GiB of 1 KiB records (`kt producer-perf-test`, acks=1) into one
#                       partition with segment.bytes SEG_MIB (10) MiB, so 1,000 segments; MB/s
#                       and the broker's memory after writing, then after reading it all back
#                       (`kt consumer-perf-test`): VmRSS, RssAnon (its own memory, the page
#                       cache excluded: the goal's figure) and RssFile (mapped files: the binary
#                       and the segments' indexes, which the page cache shares). Then a topic of
#                       100 partitions x >= 1 MiB, fetched FETCH_SECS (10) s over and over in one
#                       request of 100 x 1 MiB (`logs.py fetch-loop`, raw Fetch v4): the largest
#                       RssAnon seen (sampled every 20 ms) and VmHWM, the peak RSS since the
#                       scenario began. Goal: RssAnon <= 64 MiB throughout.
#   b. clean restart    SIGTERM (shutdown timed), start again on the same data: launch -> ready
#                       (Metadata names the big topic's leader and a fetch of its first records
#                       answers them, `logs.py ready`, armed before the launch), median of
#                       RESTARTS (3), and the new process's CPU until then. Goal: <= 100 ms.
#   c. crash            CRASH_GIB (1) GiB of 1 KiB records, acks=1, into a topic with the default
#                       segment.bytes (1 GiB, one segment) and no flush but the broker's own,
#                       kill -9 as the producer finishes, start again: ready time (the crash
#                       topic's first records fetched), the CPU until then, what the broker logs
#                       it recovered (partitions, segments, bytes: after a crash each partition
#                       reads and checks its segments from its recovery point on, as Kafka's
#                       LogLoader does; every other partition's is its active segment, as the
#                       broker flushes each segment it rolls), and the log end offset (`kt
#                       get-offsets`) against the records the producer saw acknowledged.
#                       Goal: ready <= 1 s, every acknowledged record there.
#   d. retention        `kt producer-perf-test` at RATE (10,000) records/s of 100 B, acks=1,
#                       linger.ms=0, for RETENTION_SECS (10) s into the big topic: once with
#                       nothing deleted, once while retention.bytes (set 2 s into the run, the
#                       retention check every second) deletes DELETE_GIB (1) GiB of its oldest
#                       segments. p50 / p99 / p99.9 of each. Goal: p99 unchanged.
#
#   benches/logs.sh                 GIB=10: ~25 GiB of temporary data under TMPDIR (/tmp)
#   QUICK=1 benches/logs.sh         GIB=1 CRASH_GIB=0.25 DELETE_GIB=0.25: a few minutes
# Needs target/release/kt and a python (PYTHON, default target/interop-venv; only the standard
# library is used). Apache Kafka is not run: its restart and recovery figures need its JVM's
# warm-up subtracted to mean anything, and no registry here serves it (set KAFKA_HOME and use
# partitions.sh for a restart comparison). Bounded: every client step has a timeout; the broker
# is stopped and the data removed on exit. Each table prints the load average beside it.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
if [ -n "${QUICK:-}" ]; then
  : "${GIB:=1}" "${CRASH_GIB:=0.25}" "${DELETE_GIB:=0.25}"
fi
GIB=${GIB:-10}
SEG_MIB=${SEG_MIB:-10}
CRASH_GIB=${CRASH_GIB:-1}
DELETE_GIB=${DELETE_GIB:-1}
RESTARTS=${RESTARTS:-3}
FETCH_SECS=${FETCH_SECS:-10}
RATE=${RATE:-10000}
RETENTION_SECS=${RETENTION_SECS:-10}
WIDE=100 # partitions of the wide topic, each filled with >= 1 MiB
[ -n "${KAFKA_HOME:-}" ] && echo "Apache Kafka: not run by this bench (KAFKA_HOME is ignored; see its header)" >&2
WORK=$(mktemp -d "${TMPDIR:-/tmp}/kt-logs.XXXXXX")
SAMPLER=
trap '[ -z "$SAMPLER" ] || kill "$SAMPLER" 2>/dev/null; stop_all; rm -rf "$WORK"' EXIT
CLIENT=$HERE/logs.py
RECORD=1024
records_of() { awk -v g="$1" -v r="$RECORD" 'BEGIN { printf "%.0f", g * 1024 * 1024 * 1024 / r }'; }
load() { cut -d' ' -f1-3 /proc/loadavg; }
# The retention check every second, so that scenario d's deletion starts within a second.
export KT_PROPS='log.retention.check.interval.ms=1000\n'
PORT=$(free_port)
BOOT=127.0.0.1:$PORT
DIR=$WORK/kt
declare -A R

topic() { # topic NAME PARTITIONS [CONFIG...]
  local name=$1 parts=$2 c args=()
  shift 2
  for c; do args+=(--config "$c"); done
  timeout 60 "$KT" topics --bootstrap-server "$BOOT" --create --topic "$name" --partitions "$parts" \
    "${args[@]}" >/dev/null
}

# perf TOPIC RECORDS SIZE RATE [PROPS...]: kt producer-perf-test's summary line as
# "records MB/s p50 p99 p999"
perf() {
  local t=$1 n=$2 size=$3 rate=$4
  shift 4
  timeout 1800 "$KT" producer-perf-test --topic "$t" --num-records "$n" --record-size "$size" \
    --throughput "$rate" --producer-props "bootstrap.servers=$BOOT" acks=1 "$@" 2>/dev/null | tail -1 |
    awk -F', ' '{
      for (i = 1; i <= NF; i++) {
        if ($i ~ /records sent/) sent = $i + 0; else if ($i ~ /MB\/sec/) { split($i, a, "[(]"); mb = a[2] + 0 }
        else if ($i ~ /50th/) p50 = $i + 0; else if ($i ~ /99\.9th/) p999 = $i + 0
        else if ($i ~ /99th/) p99 = $i + 0
      }
      if (sent == "") print "failed - - - -"; else print sent, mb, p50, p99, p999
    }'
}

# memory WHEN: the broker's VmRSS, RssAnon and RssFile now into R
memory() {
  local f
  for f in VmRSS RssAnon RssFile; do R["$f $1"]=$(status_mib "$PID" "$f"); done
}

# Peak memory over a stretch: VmHWM is reset (clear_refs 5) and RssAnon sampled every 20 ms.
peak_start() {
  echo 5 >"/proc/$PID/clear_refs" 2>/dev/null || true
  echo 0 >"$WORK/peak"
  (
    peak=0
    while alive "$PID"; do
      v=$(awk '$1 == "RssAnon:" { print $2 }' "/proc/$PID/status" 2>/dev/null || echo 0)
      if [ "${v:-0}" -gt "$peak" ]; then peak=$v; echo "$peak" >"$WORK/peak"; fi
      sleep 0.02
    done
  ) &
  SAMPLER=$!
}
peak_stop() { # peak_stop WHEN
  kill "$SAMPLER" 2>/dev/null || true
  wait "$SAMPLER" 2>/dev/null || true
  SAMPLER=
  R["peak RssAnon $1"]=$(awk '{ printf "%.1f", $1 / 1024 }' "$WORK/peak")
  R["VmHWM $1"]=$(status_mib "$PID" VmHWM)
}

# ready TOPIC: starts the broker again (it must be stopped) and puts into READY_MS the time from
# launch to the first records of TOPIC fetched, and into READY_CPU the new process's CPU by then.
ready() {
  local out t0 at
  READY_MS=failed READY_CPU=-
  while port_open "$PORT"; do sleep 0.01; done
  exec 7< <(timeout 180 "$PYTHON" "$CLIENT" ready "$BOOT" "$1" 170)
  read -r -u 7 out # "armed": the client is loaded and polling
  t0=$(now_us)
  launch kt "$PORT" "$DIR"
  read -r -u 7 at || at=timeout
  exec 7<&-
  R["cpu ticks at ready"]=$(cpu_ticks "$PID")
  if [[ $at =~ ^[0-9]+$ ]]; then
    READY_MS=$(awk -v us="$((at - t0))" 'BEGIN { printf "%.0f", us / 1000 }')
    READY_CPU=$(awk -v t="${R["cpu ticks at ready"]}" -v hz="$TICK" 'BEGIN { printf "%.0f", t / hz * 1000 }')
  else
    echo "WARNING: the broker was not ready for $1; log tail:" >&2
    tail -5 "$DIR/broker.log" >&2
  fi
}

median() { tr ' ' '\n' | grep -v '^$' | sort -n | awk '{ v[NR] = $1 } END { print (NR ? v[int((NR + 1) / 2)] : "-") }'; }
segments() { find "$DIR/logs/$1-0" -name '*.log' | wc -l; }
offset() { # offset TOPIC TIME: partition 0's offset at TIME (-1 latest, -2 earliest)
  timeout 60 "$KT" get-offsets --bootstrap-server "$BOOT" --topic "^$1\$" --time "$2" | awk -F: '$2 == 0 { print $3 }'
}

echo "== kt on $BOOT, data in $WORK: GIB=$GIB SEG_MIB=$SEG_MIB CRASH_GIB=$CRASH_GIB DELETE_GIB=$DELETE_GIB; load $(load)" >&2
launch kt "$PORT" "$DIR"
wait_port "$PORT" 60 || { echo "kt did not start" >&2; tail "$DIR/broker.log" >&2; exit 1; }

# --- a. write and read GIB, then 100 partitions x 1 MiB fetched over and over
topic big 1 "segment.bytes=$((SEG_MIB * 1024 * 1024))"
N=$(records_of "$GIB")
echo "a. writing $N x $RECORD B into big ($SEG_MIB MiB segments)" >&2
peak_start
c0=$(cpu_ticks "$PID")
read -r sent mb _ <<<"$(perf big "$N" "$RECORD" -1 linger.ms=5 batch.size=1048576)"
R[write]="$sent records, $mb MB/s, broker CPU $(cpu_secs $(($(cpu_ticks "$PID") - c0))) s; load $(load)"
R[segments]=$(segments big)
sleep 1
peak_stop write
memory "after write"
echo "a. reading big back" >&2
peak_start
c0=$(cpu_ticks "$PID")
out=$(timeout 1800 "$KT" consumer-perf-test --bootstrap-server "$BOOT" --topic big --messages "$N" \
  --timeout 30000 2>/dev/null | tail -1) || out=failed
# kafka-consumer-perf-test's columns: start, end, data.consumed.in.MB, MB.sec, records, ...
R[read]="$(awk -F', *' '{ printf "%s records, %.0f MB/s", $5, $4 }' <<<"$out"), broker CPU $(cpu_secs $(($(cpu_ticks "$PID") - c0))) s; load $(load)"
peak_stop read
memory "after read"
echo "a. $WIDE partitions x >= 1 MiB, fetched whole for $FETCH_SECS s" >&2
topic wide "$WIDE"
# A random partition for every record (no sticky batching): ~1,500 records of 1 KiB each, >= 1 MiB in every one by a wide margin.
perf wide $((WIDE * 1500)) "$RECORD" -1 linger.ms=5 sticky.partitioning.linger.ms=0 >/dev/null
smallest=$(find "$DIR/logs" -path '*/wide-*' -name '*.log' -printf '%s\n' | sort -n | head -1)
R["wide smallest partition"]="$(awk -v b="${smallest:-0}" 'BEGIN { printf "%.2f MiB", b / 1048576 }')"
peak_start
out=$(timeout $((FETCH_SECS + 120)) "$PYTHON" "$CLIENT" fetch-loop "$BOOT" wide "$WIDE" 1048576 "$FETCH_SECS") || out=failed
read -r answers small large mbs errors <<<"$out"
R[fetch]="$answers answers of $(awk -v s="${small:-0}" -v l="${large:-0}" 'BEGIN { printf "%.1f to %.1f MiB", s / 1048576, l / 1048576 }'), $mbs MB/s, $errors partition errors; load $(load)"
peak_stop fetch
memory "after fetch"

echo
echo "a. write and read $GIB GiB (1 KiB records, $SEG_MIB MiB segments); load $(load)"
echo "| figure | kt | goal |"
echo "|---|---|---|"
echo "| write | ${R[write]} | - |"
echo "| segments of big | ${R[segments]} | ~1,000 at GIB=10 |"
echo "| read | ${R[read]} | - |"
echo "| fetch 100 x 1 MiB in one request | ${R[fetch]} (smallest partition ${R["wide smallest partition"]}) | - |"
for when in write read fetch; do
  echo "| during $when: peak RssAnon / VmHWM MiB | ${R["peak RssAnon $when"]} / ${R["VmHWM $when"]} | RssAnon <= 64 |"
  echo "| after $when: VmRSS / RssAnon / RssFile MiB | ${R["VmRSS after $when"]} / ${R["RssAnon after $when"]} / ${R["RssFile after $when"]} | RssAnon <= 64 |"
done

# --- b. clean restart
times=() cpus=() shutdowns=()
for i in $(seq "$RESTARTS"); do
  t0=$(now_us)
  stop "$PID" TERM 120
  shutdowns+=("$(awk -v us="$(($(now_us) - t0))" 'BEGIN { printf "%.0f", us / 1000 }')")
  ready big
  times+=("$READY_MS")
  cpus+=("$READY_CPU")
  echo "b. restart $i: shutdown ${shutdowns[-1]} ms, ready $READY_MS ms, CPU $READY_CPU ms" >&2
done
memory "after restart"
echo
echo "b. clean restart with $GIB GiB in ${R[segments]} segments (+ $WIDE partitions); load $(load)"
echo "| figure | kt (each run) | goal |"
echo "|---|---|---|"
echo "| SIGTERM -> exit, ms | $(median <<<"${shutdowns[*]}") (${shutdowns[*]}) | - |"
echo "| launch -> ready, ms, median | $(median <<<"${times[*]}") (${times[*]}) | <= 100 |"
echo "| CPU to ready, ms (10 ms ticks) | $(median <<<"${cpus[*]}") (${cpus[*]}) | - |"
echo "| after restart: VmRSS / RssAnon / RssFile MiB | ${R["VmRSS after restart"]} / ${R["RssAnon after restart"]} / ${R["RssFile after restart"]} | - |"

# --- c. crash with CRASH_GIB unflushed
topic crash 1
# ~1,034 bytes a 1 KiB record on disk (batches of 1 MiB): CRASH_GIB=1 fills one 1 GiB segment.
N=$(awk -v g="$CRASH_GIB" 'BEGIN { printf "%.0f", g * 1024 * 1024 * 1024 / 1040 }')
echo "c. writing $N x $RECORD B into crash, then kill -9" >&2
read -r acked mb _ <<<"$(perf crash "$N" "$RECORD" -1 linger.ms=5 batch.size=1048576)"
kill -KILL "$PID"
wait "$PID" 2>/dev/null || true
unflushed=$(stat -c %s "$DIR/logs/crash-0/00000000000000000000.log")
log_lines=$(wc -l <"$DIR/broker.log")
ready crash
leo=$(offset crash -1) || leo=failed
# kt's line per recovered partition: "T-P: recovered N unflushed segment(s) from offset O: B
# bytes read and checked in M ms" (before it, Kafka's "Recovering unflushed segment ..." lines).
tail -n +"$((log_lines + 1))" "$DIR/broker.log" | { grep 'unflushed segment(s)' || true; } >"$WORK/recovered"
read -r parts segs bytes <<<"$(awk '{ for (i = 1; i <= NF; i++) { if ($i == "recovered") s += $(i + 1); if ($i == "bytes") b += $(i - 1) } } END { printf "%d %d %.0f", NR, s, b }' "$WORK/recovered")"
echo
echo "c. kill -9 after $CRASH_GIB GiB acknowledged (acks=1, $mb MB/s), crash-0's segment $unflushed bytes; load $(load)"
echo "| figure | kt | goal |"
echo "|---|---|---|"
echo "| launch -> ready (crash-0 fetched), ms | $READY_MS | <= 1000 |"
echo "| CPU to ready, ms | $READY_CPU | - |"
echo "| acknowledged / log end offset | $acked / $leo | all there |"
echo "| recovered: partitions, segments, bytes read | $parts, $segs, $bytes | only what lies after each recovery point |"
{ grep -E ' (crash|big)-0: ' "$WORK/recovered" || true; } | sed 's/^/    /'

# --- d. retention under a fixed-rate producer
n=$((RATE * RETENTION_SECS))
read -r _ _ b50 b99 b999 <<<"$(perf big "$n" 100 "$RATE" linger.ms=0)"
before=$(segments big)
lso0=$(offset big -2)
size=$(find "$DIR/logs/big-0" -name '*.log' -printf '%s\n' | awk '{ s += $1 } END { printf "%.0f", s }')
keep=$(awk -v s="$size" -v d="$DELETE_GIB" 'BEGIN { printf "%.0f", s - d * 1073741824 }')
(
  sleep 2
  timeout 60 "$KT" configs --bootstrap-server "$BOOT" --alter --entity-type topics --entity-name big \
    --add-config "retention.bytes=$keep" >/dev/null
  date +%s%N >"$WORK/altered"
) &
alter=$!
read -r _ _ d50 d99 d999 <<<"$(perf big "$n" 100 "$RATE" linger.ms=0)"
wait "$alter" || true
after=$(segments big)
lso1=$(offset big -2)
deleted=$(grep -h 'big-0: deleted' "$DIR/broker.log" | tail -3 | sed 's/^/    /')
echo
echo "d. $RATE records/s of 100 B for $RETENTION_SECS s into big, acks=1; load $(load)"
echo "| run | p50 ms | p99 ms | p99.9 ms | goal |"
echo "|---|---|---|---|---|"
echo "| nothing deleted | $b50 | $b99 | $b999 | - |"
echo "| while retention.bytes deletes $((before - after)) segments ($before -> $after, log start $lso0 -> $lso1) | $d50 | $d99 | $d999 | p99 unchanged |"
echo "$deleted"
