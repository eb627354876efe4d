#!/usr/bin/env bash
# What transactions cost on kt's broker (issue 14's speed goals), one broker, the same client:
#
#   produce   RECORDS x SIZE B (1M x 100 B) to one partition by a confluent-kafka transactional
#             producer committing every TXN (1,000) records, against the same producer without a
#             transactional.id (idempotent, acks=all, linger.ms=5 both): wall time and the broker's
#             CPU seconds (utime+stime from /proc/PID/stat over the phase). Goal: within 1.5x.
#   consume   the transactional topic (its records and 1,000 commit markers) read from the start to
#             its end with read_committed, against read_uncommitted. Goal: within 1.2x. Read by
#             confluent-kafka (python: the client's own cost is most of the wall time) and by kcat
#             (C, on the same librdkafka: closer to the broker's cost).
#
# Each phase runs REPEAT (3) times, alternating the two sides; the table shows the best of each side
# (the fastest run is the one the machine's other load disturbed least) and every run below it.
#
#   benches/transactions.sh                       build kt in release mode first
#   RECORDS=200000 REPEAT=1 benches/transactions.sh   a quick one
# Client: benches/transactions.py on PYTHON's confluent-kafka (tests/interop/setup.sh makes it).
# kt's log dir is in $TMPDIR. On a shared machine the absolute figures move with the load
# (printed): read the ratios.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
RECORDS=${RECORDS:-1000000}
SIZE=${SIZE:-100}
TXN=${TXN:-1000}
REPEAT=${REPEAT:-3}
need_python
WORK=$(mktemp -d "${TMPDIR:-/tmp}/kt-transactions.XXXXXX")
trap 'stop_all; rm -rf "$WORK"' EXIT
declare -A R # "SIDE RUN" -> "wall_s cpu_s"

port=$(free_port)
BOOT=127.0.0.1:$port
launch kt "$port" "$WORK/kt"
wait_port "$port" 30 || { echo "kt did not start" >&2; exit 1; }

client() { timeout 600 "$PYTHON" "$HERE/transactions.py" "$@"; }

# kcat on the confluent-kafka wheel's librdkafka, as benches/saturation.sh runs it.
wheel_kcat "$WORK/rdkafka"
kcat_consume() { # kcat_consume TOPIC ISOLATION: prints {"wall_s": ...} as transactions.py does
  local t0 n
  t0=$(now_us)
  n=$(timeout 300 env "LD_LIBRARY_PATH=$WORK/rdkafka" kcat -C -b "$BOOT" -t "$1" -o beginning -e -q \
    -X "isolation.level=$2" -X queued.min.messages=10000000 | wc -l)
  [ "$n" = "$RECORDS" ] || { echo "kcat read $n records, want $RECORDS" >&2; return 1; }
  echo "{\"wall_s\": $(secs $(($(now_us) - t0)))}"
}

# phase SIDE RUN CMD...: the client's wall time and the broker's CPU over CMD into R[SIDE RUN]
phase() {
  local key="$1 $2" c0 out
  shift 2
  c0=$(cpu_ticks "$PID")
  out=$("$@") || { echo "WARNING: $key failed" >&2; R[$key]="failed -"; return; }
  R[$key]="$(sed 's/.*"wall_s": \([0-9.]*\).*/\1/' <<<"$out" | xargs printf '%.3f') $(cpu_secs $(($(cpu_ticks "$PID") - c0)))"
}

# A warm-up on its own topic: the first producer of a broker pays for creating __transaction_state.
client produce "$BOOT" warmup 10000 "$SIZE" 100 >/dev/null
for run in $(seq "$REPEAT"); do
  echo "== produce run $run of $REPEAT" >&2
  phase plain "$run" client produce "$BOOT" "plain-$run" "$RECORDS" "$SIZE" 0
  phase txn "$run" client produce "$BOOT" "txn-$run" "$RECORDS" "$SIZE" "$TXN"
done
for run in $(seq "$REPEAT"); do
  echo "== consume run $run of $REPEAT" >&2
  phase uncommitted "$run" client consume "$BOOT" txn-1 "$RECORDS" read_uncommitted
  phase committed "$run" client consume "$BOOT" txn-1 "$RECORDS" read_committed
  phase kcat-uncommitted "$run" kcat_consume txn-1 read_uncommitted
  phase kcat-committed "$run" kcat_consume txn-1 read_committed
done
RSS=$(rss_mib "$PID")

best() { # best SIDE: "wall cpu" of the side's fastest run
  local run
  for run in $(seq "$REPEAT"); do echo "${R[$1 $run]}"; done | grep -v failed | sort -n | head -1
}
all() { # all SIDE FIELD: every run's figure, in run order
  local run
  for run in $(seq "$REPEAT"); do printf '%s ' "$(cut -d' ' -f"$2" <<<"${R[$1 $run]}")"; done
}
row() { # row LABEL BASE_SIDE SIDE FIELD
  local b s
  b=$(best "$2" | cut -d' ' -f"$4")
  s=$(best "$3" | cut -d' ' -f"$4")
  printf '%-34s %12s %12s %8s\n' "$1" "$b" "$s" "$(ratio "$s" "$b")"
}
verdict() { # verdict GOAL BASE_SIDE SIDE: the wall ratio against the goal
  local r
  r=$(ratio "$(best "$3" | cut -d' ' -f1)" "$(best "$2" | cut -d' ' -f1)")
  if [ "$r" = - ]; then echo "not measured"; elif awk -v r="$r" -v g="$1" 'BEGIN { exit !(r <= g) }'; then echo "met (${r}x <= ${1}x)"; else echo "MISSED (${r}x > ${1}x)"; fi
}

echo
echo "load when done: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores; kt RSS at the end: $RSS MiB"
printf '\n%-34s %12s %12s %8s\n' "produce $RECORDS x $SIZE B" "idempotent" "txn of $TXN" "txn/idem"
row "wall s (best of $REPEAT)" plain txn 1
row "broker cpu s (that run)" plain txn 2
printf '%-34s %s| %s\n' "  every run's wall s" "$(all plain 1)" "$(all txn 1)"
printf '%-34s %s| %s\n' "  every run's broker cpu s" "$(all plain 2)" "$(all txn 2)"
echo "goal: transactional produce within 1.5x of non-transactional wall: $(verdict 1.5 plain txn)"
printf '\n%-34s %12s %12s %8s\n' "consume $RECORDS (transactional)" "uncommitted" "committed" "rc/ru"
row "wall s (best of $REPEAT)" uncommitted committed 1
row "broker cpu s (that run)" uncommitted committed 2
printf '%-34s %s| %s\n' "  every run's wall s" "$(all uncommitted 1)" "$(all committed 1)"
printf '%-34s %s| %s\n' "  every run's broker cpu s" "$(all uncommitted 2)" "$(all committed 2)"
echo "goal: read_committed within 1.2x of read_uncommitted wall: $(verdict 1.2 uncommitted committed)"
printf '\n%-34s %12s %12s %8s\n' "kcat consume $RECORDS (transactional)" "uncommitted" "committed" "rc/ru"
row "wall s (best of $REPEAT)" kcat-uncommitted kcat-committed 1
row "broker cpu s (that run)" kcat-uncommitted kcat-committed 2
printf '%-34s %s| %s\n' "  every run's wall s" "$(all kcat-uncommitted 1)" "$(all kcat-committed 1)"
printf '%-34s %s| %s\n' "  every run's broker cpu s" "$(all kcat-uncommitted 2)" "$(all kcat-committed 2)"
echo "goal: read_committed within 1.2x of read_uncommitted wall (kcat): $(verdict 1.2 kcat-uncommitted kcat-committed)"
