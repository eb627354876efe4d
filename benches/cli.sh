#!/usr/bin/env bash
# Times kt's client commands against a running local kt broker: each command is run RUNS times
# and the median wall time is printed (Apache Kafka 3.9's `kafka-topics --list` takes 1.3 s,
# JVM start included: shared/reference/figures.md). kt's goal is <= 10 ms per call.
#
#   cargo build --release && benches/cli.sh
#   KT=path/to/kt RUNS=21 benches/cli.sh
# Starts its own broker and ZooKeeper on free 127.0.0.1 ports over a temporary directory and
# stops them at the end. Not part of CI: it needs a quiet machine and proves nothing by exit code.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(git -C "$HERE" rev-parse --show-toplevel)
KT=${KT:-${CARGO_TARGET_DIR:-$ROOT/target}/release/kt}
. "$HERE/lib.sh" # stop_daemon
RUNS=${RUNS:-21}
[ -x "$KT" ] || { echo "no kt binary at $KT: cargo build --release first" >&2; exit 1; }

WORK=$(mktemp -d "${TMPDIR:-/tmp}/kt-cli-bench.XXXXXX")
cleanup() {
  stop_daemon "$WORK/logs"
  stop_daemon "$WORK/zk-logs" zookeeper
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

PORT=$(free_port)
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

# The one-shot commands of the scripts added since (issue 15), against the same broker, a kt
# ZooKeeper and a formatted KRaft directory of their own.
echo '{"partitions": [{"topic": "bench", "partition": 0, "offset": 1}], "version": 1}' \
  >"$WORK/delete.json"
row "broker-api-versions" "$KT" broker-api-versions --bootstrap-server "$B"
row "delete-records" "$KT" delete-records --offset-json-file "$WORK/delete.json" \
  --bootstrap-server "$B"
row "features describe" "$KT" features --bootstrap-server "$B" describe
row "cluster cluster-id" "$KT" cluster --bootstrap-server "$B" cluster-id
row "client-metrics --list" "$KT" client-metrics --list --bootstrap-server "$B"
row "log-dirs --describe" "$KT" log-dirs --describe --bootstrap-server "$B"
row "consumer-groups --list" "$KT" consumer-groups --list --bootstrap-server "$B"
row "streams-application-reset --dry-run" "$KT" streams-application-reset --application-id app \
  --input-topics one --dry-run --bootstrap-server "$B"
row "storage random-uuid" "$KT" storage random-uuid
printf '%s\n' "process.roles=broker,controller" "node.id=1" \
  "controller.quorum.voters=1@127.0.0.1:1" "controller.listener.names=CONTROLLER" \
  "listeners=PLAINTEXT://127.0.0.1:0,CONTROLLER://127.0.0.1:1" "log.dirs=$WORK/kraft" \
  >"$WORK/kraft.properties"
"$KT" storage format -t "$("$KT" storage random-uuid)" -c "$WORK/kraft.properties" >/dev/null
row "storage info" "$KT" storage info -c "$WORK/kraft.properties"
row "metadata-shell --snapshot bootstrap.checkpoint ls /image" \
  "$KT" metadata-shell --snapshot "$WORK/kraft/bootstrap.checkpoint" ls /image
ZK_PORT=$(free_port)
printf '%s\n' "dataDir=$WORK/zk" "clientPort=$ZK_PORT" "clientPortAddress=127.0.0.1" \
  >"$WORK/zk.properties"
LOG_DIR=$WORK/zk-logs "$KT" zookeeper-start -daemon "$WORK/zk.properties"
for _ in $(seq 100); do
  "$KT" zookeeper-shell "127.0.0.1:$ZK_PORT" ls / >/dev/null 2>&1 && break
  sleep 0.05
done
row "zookeeper-shell ls /" "$KT" zookeeper-shell "127.0.0.1:$ZK_PORT" ls /
echo
echo "Apache Kafka 3.9 (shared/reference/figures.md): kafka-topics --list 1.3 s, --create 1.65 s."
