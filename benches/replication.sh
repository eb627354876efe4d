#!/usr/bin/env bash
# What replication costs on kt (issue 12's speed goals): three kt brokers in ZooKeeper mode (on
# `kt zookeeper-start`) with a topic of replication factor 3 and min.insync.replicas=2, against one
# standalone kt broker with acks=1, the same client on both:
#
#   throughput  RECORDS (1M) x SIZE (100) B to one partition by `kt producer-perf-test` as fast as
#               it goes (linger.ms=5): acks=all on the cluster vs acks=1 on the single broker.
#               Wall time (goal: within 1.5x) and each broker's CPU seconds (utime+stime from
#               /proc/PID/stat over the phase) and microseconds per record
#   latency     RATE (10,000) records/s for 10 s, the same two sides: producer-perf-test's p50 and
#               p99 produce latency (goal: p99 acks=all within 2x of acks=1)
#   failover    a confluent-kafka acks=all producer at 1,000 records/s to one partition
#               (replication.py); kill -9 of its leader, with zookeeper.session.timeout.ms=6000:
#               time from the kill to the first acknowledgement after it (goal: <= 7 s, the
#               session timeout + 1 s). Then the victim restarts and rejoins the ISR, and the
#               leader gets SIGTERM (a controlled shutdown): the producer's longest pause between
#               two acknowledgements from the signal on, and its delivery errors (goal: <= 1 s, none)
#
#   benches/replication.sh                     build kt in release mode first
#   RECORDS=200000 benches/replication.sh      a quick one; KEEP=1 keeps the brokers' logs
#   RDKAFKA_DEBUG=msg,protocol,broker ...      librdkafka's debug log of the failover producer
#   TERMS=5 ...                                five controlled shutdowns (each victim restarted
#                                              and back in the ISR before the next), each reported
#   FAILOVER_ONLY=1 ...                        the failover figures alone
#   FAILOVER_CLIENT=java ...                   the failover producer is the official Java client
#                                              (benches/java/FailoverProducer.java, on the jars of
#                                              ../shared/reference/java/run.sh; java 17+)
# Clients: kt producer-perf-test; replication.py on PYTHON's confluent-kafka and kazoo
# (tests/interop/setup.sh makes that venv). Log dirs are in $TMPDIR. On a shared machine the
# absolute figures move with the load (printed): read the ratios.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
RECORDS=${RECORDS:-1000000}
SIZE=${SIZE:-100}
RATE=${RATE:-10000}
TERMS=${TERMS:-1}
FAILOVER_ONLY=${FAILOVER_ONLY:-}
SESSION_MS=${SESSION_MS:-6000}
FAILOVER_CLIENT=${FAILOVER_CLIENT:-confluent-kafka}
need_python
WORK=$(mktemp -d "${TMPDIR:-/tmp}/kt-replication.XXXXXX")
declare -a BPORT BPID
JAVA_PRODUCER=()
if [ "$FAILOVER_CLIENT" = java ]; then
  JAVA_RUN=${JAVA_RUN:-$HERE/../../shared/reference/java/run.sh}
  libs=$(bash "$JAVA_RUN" fetch) || { echo "cannot fetch the Java client's jars with $JAVA_RUN" >&2; exit 1; }
  classes=$WORK/java-classes
  javac -nowarn -d "$classes" -cp "$libs/*" "$HERE/java/FailoverProducer.java"
  JAVA_PRODUCER=("java -cp $classes:$libs/* FailoverProducer")
fi
# The cluster's brokers stop before its ZooKeeper, so that their controlled shutdowns can finish.
cleanup() {
  local p
  for p in "${BPID[@]}"; do stop "$p"; done
  stop_all
  if [ "${KEEP:-}" = 1 ]; then echo "kept $WORK" >&2; else rm -rf "$WORK"; fi
}
trap cleanup EXIT

# ---------------------------------------------------------------- the two set-ups

single_port=$(free_port)
SINGLE=127.0.0.1:$single_port
launch kt "$single_port" "$WORK/single"
SINGLE_PID=$PID
wait_port "$single_port" 30 || { echo "the single kt broker did not start" >&2; exit 1; }

zk_port=$(free_port)
mkdir -p "$WORK/zk"
printf 'dataDir=%s/data\nclientPort=%s\nclientPortAddress=127.0.0.1\ntickTime=500\nmaxClientCnxns=0\nadmin.enableServer=false\n' \
  "$WORK/zk" "$zk_port" >"$WORK/zk/zookeeper.properties"
"$KT" zookeeper-start "$WORK/zk/zookeeper.properties" >"$WORK/zk/server.log" 2>&1 &
STARTED+=("$!")
PID=$!
wait_port "$zk_port" 30 || { echo "kt zookeeper-start did not start" >&2; exit 1; }
ZK=127.0.0.1:$zk_port/kafka

# start_replica ID: (re)starts cluster broker ID on its port and data dir; sets BPID[ID].
start_replica() {
  local id=$1 dir=$WORK/broker-$1
  mkdir -p "$dir/logs"
  printf 'broker.id=%s\nlisteners=PLAINTEXT://127.0.0.1:%s\nadvertised.listeners=PLAINTEXT://127.0.0.1:%s\nlog.dirs=%s/logs\nzookeeper.connect=%s\nzookeeper.session.timeout.ms=%s\noffsets.topic.replication.factor=3\n' \
    "$id" "${BPORT[$id]}" "${BPORT[$id]}" "$dir" "$ZK" "$SESSION_MS" >"$dir/server.properties"
  "$KT" server-start "$dir/server.properties" >>"$dir/broker.log" 2>&1 &
  BPID[$id]=$!
  STARTED+=("$!")
  PID=$!
  wait_port "${BPORT[$id]}" 30 || { echo "cluster broker $id did not start" >&2; exit 1; }
}
for id in 0 1 2; do
  BPORT[$id]=$(free_port)
  start_replica "$id"
done
CLUSTER=127.0.0.1:${BPORT[0]},127.0.0.1:${BPORT[1]},127.0.0.1:${BPORT[2]}

create() { # create BOOT TOPIC RF: one partition, min.insync.replicas=2 when replicated
  local extra=()
  [ "$3" = 1 ] || extra=(--config min.insync.replicas=2)
  for _ in $(seq 50); do # the cluster's brokers register a moment after they listen
    "$KT" topics --bootstrap-server "$1" --create --topic "$2" --partitions 1 --replication-factor "$3" "${extra[@]}" \
      >"$WORK/create.log" 2>&1 && break
    sleep 0.2
  done
  if [ "$3" = 3 ]; then "$PYTHON" "$HERE/replication.py" wait-isr "$CLUSTER" "$ZK" "$2"; fi
}

# perf BOOT TOPIC N THROUGHPUT ACKS: producer-perf-test's last line, into $WORK/perf.out
perf() {
  timeout 900 "$KT" producer-perf-test --topic "$2" --num-records "$3" --record-size "$SIZE" --throughput "$4" \
    --producer-props "bootstrap.servers=$1" "acks=$5" linger.ms=5 | tail -n 1 >"$WORK/perf.out"
}
field() { # field NAME: a figure of the perf line (records/sec, "ms avg latency", "ms 50th", "ms 99th")
  case $1 in
    rps) sed -n 's/.* records sent, \([0-9.]*\) records\/sec.*/\1/p' "$WORK/perf.out" ;;
    p50) sed -n 's/.*, \([0-9.]*\) ms 50th.*/\1/p' "$WORK/perf.out" ;;
    p99) sed -n 's/.*, \([0-9.]*\) ms 99th.*/\1/p' "$WORK/perf.out" ;;
  esac
}

# ---------------------------------------------------------------- throughput

declare -A R
# throughput SIDE BOOT TOPIC ACKS PIDS...: wall s, records/s and each pid's CPU s over the phase
throughput() {
  local side=$1 boot=$2 topic=$3 acks=$4 t0 p
  shift 4
  local c0=() i=0
  for p in "$@"; do c0+=("$(cpu_ticks "$p")"); done
  t0=$(now_us)
  perf "$boot" "$topic" "$RECORDS" -1 "$acks" || echo "WARNING: producer-perf-test failed on $side" >&2
  R[$side,wall]=$(secs $(($(now_us) - t0)))
  R[$side,rps]=$(field rps)
  for p in "$@"; do
    R[$side,cpu$i]=$(cpu_secs $(($(cpu_ticks "$p") - c0[i])))
    i=$((i + 1))
  done
}
if [ -z "$FAILOVER_ONLY" ]; then
echo "== throughput: $RECORDS x $SIZE B" >&2
create "$SINGLE" tput 1
create "$CLUSTER" tput 3
throughput single "$SINGLE" tput 1 "$SINGLE_PID"
throughput cluster "$CLUSTER" tput all "${BPID[0]}" "${BPID[1]}" "${BPID[2]}"
LEADER=$("$PYTHON" -c 'import json, sys
from kazoo.client import KazooClient
zk = KazooClient(hosts=sys.argv[1]); zk.start(timeout=10)
print(json.loads(zk.get("/brokers/topics/tput/partitions/0/state")[0])["leader"]); zk.stop()' "$ZK")

# ---------------------------------------------------------------- latency

echo "== latency: $RATE records/s for 10 s" >&2
create "$SINGLE" lat 1
create "$CLUSTER" lat 3
perf "$SINGLE" lat $((RATE * 10)) "$RATE" 1 || echo "WARNING: producer-perf-test failed (acks=1)" >&2
R[single,p50]=$(field p50) R[single,p99]=$(field p99) R[single,lrps]=$(field rps)
perf "$CLUSTER" lat $((RATE * 10)) "$RATE" all || echo "WARNING: producer-perf-test failed (acks=all)" >&2
R[cluster,p50]=$(field p50) R[cluster,p99]=$(field p99) R[cluster,lrps]=$(field rps)
fi

# ---------------------------------------------------------------- failover

pids() { echo "0=${BPID[0]},1=${BPID[1]},2=${BPID[2]}"; }
echo "== failover: kill -9 of the leader, then SIGTERM of the next one" >&2
create "$CLUSTER" fo 3
"$PYTHON" "$HERE/replication.py" signal "$CLUSTER" "$ZK" fo KILL "$(pids)" "${JAVA_PRODUCER[@]}" >"$WORK/kill.json"
victim=$(sed 's/.*"victim": \([0-9]*\).*/\1/' "$WORK/kill.json")
start_replica "$victim"
"$PYTHON" "$HERE/replication.py" wait-isr "$CLUSTER" "$ZK" fo
for round in $(seq "$TERMS"); do
  [ "$round" = 1 ] || {
    start_replica "$victim"
    "$PYTHON" "$HERE/replication.py" wait-isr "$CLUSTER" "$ZK" fo
  }
  "$PYTHON" "$HERE/replication.py" signal "$CLUSTER" "$ZK" fo TERM "$(pids)" "${JAVA_PRODUCER[@]}" >"$WORK/term-$round.json"
  victim=$(sed 's/.*"victim": \([0-9]*\).*/\1/' "$WORK/term-$round.json")
done
cp "$WORK/term-1.json" "$WORK/term.json"
jget() { sed -n "s/.*\"$2\": \\([^,}]*\\).*/\\1/p" "$1"; }

# ---------------------------------------------------------------- the tables

goal() { # goal FIGURE OP LIMIT: met or MISSED
  if ! [[ $1 =~ ^[0-9.]+$ ]]; then echo "not measured"
  elif awk -v f="$1" -v l="$3" "BEGIN { exit !(f $2 l) }"; then echo "met ($1 $2 $3)"
  else echo "MISSED ($1, want $2 $3)"; fi
}
us_per() { awk -v c="$1" -v n="$RECORDS" 'BEGIN { printf "%.2f", c * 1e6 / n }'; }

echo
echo "load when done: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
if [ -z "$FAILOVER_ONLY" ]; then
printf '\n%-36s %14s %14s %8s\n' "produce $RECORDS x $SIZE B, 1 partition" "1 broker acks=1" "3 RF3 acks=all" "ratio"
printf '%-36s %14s %14s %8s\n' "wall s" "${R[single,wall]}" "${R[cluster,wall]}" "$(ratio "${R[cluster,wall]}" "${R[single,wall]}")"
printf '%-36s %14s %14s %8s\n' "records/s (producer-perf-test)" "${R[single,rps]}" "${R[cluster,rps]}" "$(ratio "${R[cluster,rps]}" "${R[single,rps]}")"
total=$(awk -v a="${R[cluster,cpu0]}" -v b="${R[cluster,cpu1]}" -v c="${R[cluster,cpu2]}" 'BEGIN { printf "%.2f", a + b + c }')
printf '%-36s %14s %14s %8s\n' "broker cpu s (all brokers)" "${R[single,cpu0]}" "$total" "$(ratio "$total" "${R[single,cpu0]}")"
for id in 0 1 2; do
  role=follower
  [ "$id" != "$LEADER" ] || role=leader
  printf '%-36s %14s %14s\n' "  broker $id ($role) cpu s, us/record" "" "${R[cluster,cpu$id]}, $(us_per "${R[cluster,cpu$id]}")"
done
printf '%-36s %14s\n' "  single broker us/record" "$(us_per "${R[single,cpu0]}")"
echo "goal: acks=all on RF 3 within 1.5x of acks=1 on one broker (wall): $(goal "$(ratio "${R[cluster,wall]}" "${R[single,wall]}")" '<=' 1.5)"

printf '\n%-36s %14s %14s %8s\n' "produce at $RATE records/s, 10 s" "1 broker acks=1" "3 RF3 acks=all" "ratio"
printf '%-36s %14s %14s %8s\n' "p50 latency ms" "${R[single,p50]}" "${R[cluster,p50]}" "$(ratio "${R[cluster,p50]}" "${R[single,p50]}")"
printf '%-36s %14s %14s %8s\n' "p99 latency ms" "${R[single,p99]}" "${R[cluster,p99]}" "$(ratio "${R[cluster,p99]}" "${R[single,p99]}")"
printf '%-36s %14s %14s\n' "records/s achieved" "${R[single,lrps]}" "${R[cluster,lrps]}"
echo "goal: p99 acks=all within 2x of acks=1: $(goal "$(ratio "${R[cluster,p99]}" "${R[single,p99]}")" '<=' 2)"
fi

printf '\n%-36s %14s %14s\n' "failover (session ${SESSION_MS} ms, $FAILOVER_CLIENT)" "kill -9" "SIGTERM"
printf '%-36s %14s %14s\n' "victim (the leader)" "$(jget "$WORK/kill.json" victim)" "$(jget "$WORK/term.json" victim)"
printf '%-36s %14s %14s\n' "signal to new leader in ZooKeeper, s" "$(jget "$WORK/kill.json" leader_moved_s)" "$(jget "$WORK/term.json" leader_moved_s)"
printf '%-36s %14s %14s\n' "signal to first ack of a later send, s" "$(jget "$WORK/kill.json" first_ack_s)" "$(jget "$WORK/term.json" first_ack_s)"
printf '%-36s %14s %14s\n' "longest pause between acks, s" "$(jget "$WORK/kill.json" longest_gap_s)" "$(jget "$WORK/term.json" longest_gap_s)"
printf '%-36s %14s %14s\n' "delivery errors" "$(jget "$WORK/kill.json" errors)" "$(jget "$WORK/term.json" errors)"
echo "goal: kill -9 to the first acks=all produce <= $((SESSION_MS / 1000 + 1)) s: $(goal "$(jget "$WORK/kill.json" first_ack_s)" '<=' $((SESSION_MS / 1000 + 1)))"
for round in $(seq "$TERMS"); do
  f=$WORK/term-$round.json
  errors=$(jget "$f" errors)
  [ "$errors" = 0 ] && errors="none" || errors="MISSED ($errors, first: $(jget "$f" first_error))"
  echo "goal: controlled shutdown $round of $TERMS (broker $(jget "$f" victim)), longest pause <= 1 s: $(goal "$(jget "$f" longest_gap_s)" '<=' 1); delivery errors: $errors"
done
