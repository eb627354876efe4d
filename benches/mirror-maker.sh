#!/usr/bin/env bash
# Measures `kt mirror-maker` copying COUNT records of SIZE bytes between two local kt brokers,
# against what one kcat producer alone reaches writing the same records into the source
# (issue 15's goal: the mirror copies at >= 50% of the producer's rate).
#
#   cargo build --release && benches/mirror-maker.sh
#   COUNT=200000 PARTITIONS=3 STREAMS=3 benches/mirror-maker.sh   (STREAMS: --num.streams)
#   CONSUMER_EXTRA='fetch.queue.backoff.ms=1000\n' benches/mirror-maker.sh   (lines added to the
#   mirror's consumer config)
#   KCAT_ARGS='-X batch.size=16384' benches/mirror-maker.sh   (the source written in batches of
#   Java's default size instead of librdkafka's 1 MB)
# Prints the load average and the CPU seconds of the mirror and of each broker with the times.
# Starts both brokers on free 127.0.0.1 ports over a temporary directory and stops them at the
# end. Not part of CI: it needs a quiet machine and proves nothing by exit code.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(git -C "$HERE" rev-parse --show-toplevel)
KT=${KT:-${CARGO_TARGET_DIR:-$ROOT/target}/release/kt}
. "$HERE/lib.sh" # stop_daemon
COUNT=${COUNT:-1000000}
SIZE=${SIZE:-100}
PARTITIONS=${PARTITIONS:-1}
STREAMS=${STREAMS:-1} # --num.streams
[ -x "$KT" ] || { echo "no kt binary at $KT: cargo build --release first" >&2; exit 1; }
command -v kcat >/dev/null || { echo "kcat is needed for the baseline" >&2; exit 1; }

WORK=$(mktemp -d "${TMPDIR:-/tmp}/kt-mirror-bench.XXXXXX")
MIRROR_PID=
cleanup() {
  [ -n "$MIRROR_PID" ] && kill "$MIRROR_PID" 2>/dev/null && wait "$MIRROR_PID" 2>/dev/null || true
  stop_daemon "$WORK/source-logs"
  stop_daemon "$WORK/target-logs"
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
TICK=$(getconf CLK_TCK)
# CPU seconds (user + system) a process used so far; 0 once it is gone.
cpu_secs() { [ -r "/proc/$1/stat" ] && sed 's/.*) //' "/proc/$1/stat" | awk -v hz="$TICK" '{ printf "%.2f", ($12 + $13) / hz }' || echo 0; }

start_broker() { # name port
  LOG_DIR=$WORK/$1-logs "$KT" server-start -daemon \
    --override "listeners=PLAINTEXT://127.0.0.1:$2" --override "log.dirs=$WORK/$1-data" \
    --override group.initial.rebalance.delay.ms=0
  "$KT" wait-ready --bootstrap-server "127.0.0.1:$2" --timeout 10s
}
SRC=127.0.0.1:$(free_port)
DST=127.0.0.1:$(free_port)
start_broker source "${SRC#*:}"
start_broker target "${DST#*:}"
SRC_PID=$(cat "$WORK/source-logs/kafkaServer.pid")
DST_PID=$(cat "$WORK/target-logs/kafkaServer.pid")
"$KT" topics --create --topic bench --partitions "$PARTITIONS" --bootstrap-server "$SRC" >/dev/null

# COUNT lines of SIZE-1 characters (kcat sends each line, without its newline).
python3 -c "
import sys
line = ('x' * ($SIZE - 1) + '\n').encode()
sys.stdout.buffer.write(line * $COUNT)" > "$WORK/records.txt"

# Sum of the latest offsets of topic bench on a broker.
records_on() { "$KT" get-offsets --bootstrap-server "$1" --topic bench 2>/dev/null | awk -F: '{s += $3} END {print s + 0}'; }

LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
src_cpu0=$(cpu_secs "$SRC_PID")
t0=$(now_ms)
# shellcheck disable=SC2086 # KCAT_ARGS is a list of arguments
kcat -P -b "$SRC" -t bench ${KCAT_ARGS:-} -l "$WORK/records.txt"
t1=$(now_ms)
PRODUCE_MS=$(( t1 - t0 ))
SRC_CPU_PRODUCE=$(awk -v a="$src_cpu0" -v b="$(cpu_secs "$SRC_PID")" 'BEGIN { printf "%.2f", b - a }')
[ "$(records_on "$SRC")" -eq "$COUNT" ] || { echo "kcat wrote $(records_on "$SRC") records, not $COUNT" >&2; exit 1; }

printf "bootstrap.servers=%s\ngroup.id=bench-mirror\nauto.offset.reset=earliest\n${CONSUMER_EXTRA:-}" "$SRC" > "$WORK/consumer.properties"
printf 'bootstrap.servers=%s\n' "$DST" > "$WORK/producer.properties"
src_cpu0=$(cpu_secs "$SRC_PID")
dst_cpu0=$(cpu_secs "$DST_PID")
t0=$(now_ms)
"$KT" mirror-maker --consumer.config "$WORK/consumer.properties" \
  --producer.config "$WORK/producer.properties" --include bench --num.streams "$STREAMS" 2>"$WORK/mirror.log" &
MIRROR_PID=$!
while [ "$(records_on "$DST")" -eq 0 ]; do
  kill -0 "$MIRROR_PID" 2>/dev/null || { cat "$WORK/mirror.log" >&2; exit 1; }
  sleep 0.02
done
t_first=$(now_ms)
while [ "$(records_on "$DST")" -lt "$COUNT" ]; do
  kill -0 "$MIRROR_PID" 2>/dev/null || { cat "$WORK/mirror.log" >&2; exit 1; }
  sleep 0.05
done
t1=$(now_ms)
MIRROR_MS=$(( t1 - t0 ))
COPY_MS=$(( t1 - t_first ))
MIRROR_CPU=$(cpu_secs "$MIRROR_PID")
SRC_CPU_MIRROR=$(awk -v a="$src_cpu0" -v b="$(cpu_secs "$SRC_PID")" 'BEGIN { printf "%.2f", b - a }')
DST_CPU_MIRROR=$(awk -v a="$dst_cpu0" -v b="$(cpu_secs "$DST_PID")" 'BEGIN { printf "%.2f", b - a }')
kill "$MIRROR_PID"; wait "$MIRROR_PID" || true; MIRROR_PID=

rate() { awk -v n="$COUNT" -v ms="$1" 'BEGIN {printf "%.0f", n / (ms / 1000)}'; }
echo "$COUNT records x $SIZE B, $PARTITIONS partition(s), $STREAMS stream(s), brokers $SRC -> $DST"
echo "load average before: $LOAD_BEFORE, after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| run | wall time | records/s | CPU s |"
echo "|---|---|---|---|"
echo "| kcat producer alone (acks=all) | ${PRODUCE_MS} ms | $(rate "$PRODUCE_MS") | source broker $SRC_CPU_PRODUCE |"
echo "| kt mirror-maker, start to last record (group join included) | ${MIRROR_MS} ms | $(rate "$MIRROR_MS") | mirror $MIRROR_CPU, source broker $SRC_CPU_MIRROR, target broker $DST_CPU_MIRROR |"
echo "| kt mirror-maker, first to last record copied | ${COPY_MS} ms | $(rate "$COPY_MS") | |"
echo
awk -v p="$PRODUCE_MS" -v m="$MIRROR_MS" -v c="$COPY_MS" 'BEGIN {printf "mirror rate / producer rate: %.0f%% from start, %.0f%% while copying (goal >= 50%%)\n", 100 * p / m, 100 * p / c}'
