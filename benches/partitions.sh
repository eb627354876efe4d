#!/usr/bin/env bash
# Many partitions on one broker (issue 16's partitions goal): TOPICS topics x PARTITIONS partitions
# (default 1,000 x 10 = 10,000) created on each broker in one run, then
#   create s          CreateTopics for all (100 topics a request) until every one answered
#   metadata ms       one raw Metadata v1 request for every topic, median of 20 (kafka_client.py);
#                     metadata cpu ms: the broker's CPU over those 20, per request
#   idle RSS MiB      after creating, and after producing one record to every partition
#   fds / maps        /proc/PID/fd entries and /proc/PID/maps lines, idle and after producing
#   produce-all s     one confluent-kafka producer, one record to each partition; errors counted
#   shutdown s        SIGTERM -> exit (a clean shutdown fsyncs every log with unflushed data)
#   restart ready s   start again on the same data: launch -> Metadata lists every topic
#   crash ready s     the same after kill -9 (unclean: recovery runs); "(cpu s)": the new
#                     process's CPU until ready (on a loaded machine wall time is mostly waiting)
# Each broker runs under `ulimit -n NOFILE` (default 1024: the goal is that this is enough).
# Goals: create <= 10 s, Metadata <= 50 ms, idle RSS <= 64 MiB, ready <= 1 s, no produce errors.
#
#   benches/partitions.sh                         kt and tansu (memory storage), 10,000 partitions
#   TOPICS=100 PARTITIONS=10 benches/partitions.sh   a quick one
#   BROKERS=kt NOFILE= benches/partitions.sh       kt alone, no descriptor limit
#   KAFKA_HOME=/opt/kafka benches/partitions.sh    with Apache Kafka too (KRaft, its own config)
# Needs target/release/kt and a python with confluent-kafka (PYTHON, default target/interop-venv).
# Bounded: every step has a timeout; every broker started is stopped on exit.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
TOPICS=${TOPICS:-1000}
PARTITIONS=${PARTITIONS:-10}
NOFILE=${NOFILE-1024}
need_python
pick_brokers
WORK=$(mktemp -d "${TMPDIR:-/tmp}/kt-partitions.XXXXXX")
trap 'stop_all; rm -rf "$WORK"' EXIT
CLIENT=$HERE/kafka_client.py
declare -A R

client() { timeout 600 "$PYTHON" "$CLIENT" "$@"; }

sample() { # sample BROKER WHEN: RSS, fds and maps of $PID into R
  R["$1,RSS $2 MiB"]=$(rss_mib "$PID")
  R["$1,fds $2"]=$(open_fds "$PID")
  R["$1,maps $2"]=$(maps_count "$PID")
}

# restart BROKER PORT DIR SIGNAL METRIC: stops it, starts it again on the same data and puts the
# time from launch to a Metadata listing every topic into R (runs in this shell: it sets PID).
restart() {
  local b=$1 port=$2 dir=$3 sig=$4 t0
  t0=$(now_us)
  # A clean shutdown flushes every log (Kafka's rule): given two minutes, and timed.
  stop "$PID" "$sig" 120
  [ "$sig" != TERM ] || R["$b,shutdown s"]=$(secs $(($(now_us) - t0)))
  while port_open "$port"; do sleep 0.01; done
  R["$b,$5"]=failed
  t0=$(now_us)
  launch "$b" "$port" "$dir" "$NOFILE"
  if ! wait_port "$port" 120; then echo "WARNING $b: not accepting after restart" >&2; return; fi
  if client wait-topics "127.0.0.1:$port" "$TOPICS" 120 >/dev/null; then
    R["$b,$5"]=$(secs $(($(now_us) - t0)))
    # A new process: all its CPU so far is the start-up's (wall time on a loaded machine
    # is mostly waiting for a core).
    R["$b,$5 (cpu s)"]=$(cpu_secs "$(cpu_ticks "$PID")")
  fi
}

bench() {
  local b=$1 port dir boot out
  port=$(free_port)
  boot=127.0.0.1:$port
  dir=$WORK/$b
  echo "== $b on $boot (ulimit -n ${NOFILE:-unlimited}, $TOPICS x $PARTITIONS)" >&2
  launch "$b" "$port" "$dir" "$NOFILE"
  wait_port "$port" 60 || { echo "$b did not start" >&2; tail "$dir/broker.log" >&2; return; }
  if ! R["$b,create s"]=$(client create "$boot" t "$TOPICS" "$PARTITIONS"); then
    R["$b,create s"]=failed
    echo "WARNING $b: create failed; log tail:" >&2
    tail -5 "$dir/broker.log" >&2
  fi
  kill -0 "$PID" 2>/dev/null || { echo "$b died" >&2; tail "$dir/broker.log" >&2; return; }
  sleep 2
  sample "$b" idle
  local c0
  c0=$(cpu_ticks "$PID")
  out=$(client metadata "$boot" 20) || out="- - failed -"
  read -r topics parts med _ <<<"$out"
  R["$b,metadata ms"]=$med
  R["$b,metadata cpu ms"]=$(awk -v t="$(($(cpu_ticks "$PID") - c0))" -v hz="$TICK" 'BEGIN { printf "%.1f", t / hz * 1000 / 20 }')
  R["$b,partitions listed"]=$parts
  out=$(client produce-all "$boot" t "$TOPICS" "$PARTITIONS") || out="failed failed"
  read -r secs_taken errors _ <<<"$out"
  R["$b,produce-all s"]=$secs_taken
  R["$b,produce-all errors"]=$errors
  sleep 1
  sample "$b" "after produce"
  R["$b,cpu total s"]=$(cpu_secs "$(cpu_ticks "$PID")")
  if [ "$b" != tansu ]; then # tansu keeps its memory storage only while it runs
    restart "$b" "$port" "$dir" TERM "restart ready s"
    sample "$b" "after restart"
    restart "$b" "$port" "$dir" KILL "crash ready s"
  fi
  stop "$PID"
  if grep -qi "too many open files" "$dir/broker.log"; then
    R["$b,EMFILE in log"]=yes
  else
    R["$b,EMFILE in log"]=no
  fi
}

for b in $BROKERS; do bench "$b"; done

metrics=("create s" "metadata ms" "metadata cpu ms" "partitions listed" "RSS idle MiB" "fds idle" "maps idle"
  "produce-all s" "produce-all errors" "RSS after produce MiB" "fds after produce" "maps after produce"
  "cpu total s" "shutdown s" "restart ready s" "restart ready s (cpu s)" "RSS after restart MiB" "fds after restart"
  "crash ready s" "crash ready s (cpu s)" "EMFILE in log")
set -- $BROKERS
echo
echo "$((TOPICS * PARTITIONS)) partitions ($TOPICS topics x $PARTITIONS), ulimit -n ${NOFILE:-unlimited}; load: $(cut -d' ' -f1-3 /proc/loadavg)"
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
