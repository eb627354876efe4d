#!/usr/bin/env bash
# Times kt's client commands against a running local kt broker: each command is run RUNS times
# and the median wall time is printed (Apache Kafka 3.9's `kafka-topics --list` takes 1.3 s,
# JVM start included: shared/reference/figures.md). kt's goal is <= 10 ms per call.
#
#   cargo build --release && benches/cli.sh
#   KT=path/to/kt RUNS=21 benches/cli.sh
# Starts its own broker on a free 127.0.0.1 port over a temporary directory and stops it at the
# end. Not part of CI: it needs a quiet machine and proves nothing by exit code.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(git -C "$HERE" rev-parse --show-toplevel)
KT=${KT:-${CARGO_TARGET_DIR:-$ROOT/target}/release/kt}
RUNS=${RUNS:-21}
[ -x "$KT" ] || { echo "no kt binary at $KT: cargo build --release first" >&2; exit 1; }

WORK=$(mktemp -d "${TMPDIR:-/tmp}/kt-cli-bench.XXXXXX")
cleanup() {
  LOG_DIR=$WORK/logs "$KT" server-stop >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
B=127.0.0.1:$PORT
LOG_DIR=$WORK/logs "$KT" server-start -daemon \
  --override "listeners=PLAINTEXT://$B" --override "log.dirs=$WORK/data"
"$KT" wait-ready --bootstrap-server "$B" --timeout 10s
"$KT" topics --create --topic bench --partitions 3 --bootstrap-server "$B" >/dev/null
"$KT" topics --create --topic one --bootstrap-server "$B" >/dev/null
seq 1 1000 | "$KT" console-producer --topic bench --bootstrap-server "$B"
seq 1 1000 | "$KT" console-producer --topic one --bootstrap-server "$B"

# Median wall time in ms of RUNS runs of a command (stdout and stderr discarded).
median_ms() {
  local times=()
  for _ in $(seq "$RUNS"); do
    local t0 t1
    t0=$(date +%s%N)
    "$@" >/dev/null 2>&1 </dev/null
    t1=$(date +%s%N)
    times+=($(( (t1 - t0) / 1000 )))
  done
  printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {printf "%.1f", a[int((NR+1)/2)]/1000}'
}

row() {
  local name=$1; shift
  printf '| `%s` | %s ms |\n' "$name" "$(median_ms "$@")"
}

echo "kt $("$KT" --version | awk '{print $2}'), $RUNS runs each, median wall time, broker on $B"
echo
echo "| command | kt |"
echo "|---|---|"
row "wait-ready" "$KT" wait-ready --bootstrap-server "$B"
row "topics --list" "$KT" topics --list --bootstrap-server "$B"
row "topics --list --output json" "$KT" topics --list --output json --bootstrap-server "$B"
row "topics --describe --topic bench" "$KT" topics --describe --topic bench --bootstrap-server "$B"
row "get-offsets --topic bench" "$KT" get-offsets --topic bench --bootstrap-server "$B"
row "configs --describe --topic bench" "$KT" configs --describe --topic bench --bootstrap-server "$B"
# create: a new topic each run (the name includes a counter kept in a file).
echo 0 > "$WORK/n"
create() {
  local n; n=$(( $(cat "$WORK/n") + 1 )); echo "$n" > "$WORK/n"
  "$KT" topics --create --topic "c$n" --bootstrap-server "$B"
}
row "topics --create" create
row "console-consumer --from-beginning --max-messages 1000" \
  "$KT" console-consumer --topic one --from-beginning --max-messages 1000 --bootstrap-server "$B"
echo
echo "Apache Kafka 3.9 (shared/reference/figures.md): kafka-topics --list 1.3 s, --create 1.65 s."
