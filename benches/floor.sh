#!/usr/bin/env bash
# What one request costs a server that is idle when it arrives, on this machine: the floor under
# issue 16's goals where the client sends one request at a time (1,000 long-polling consumers
# each fetching every 500 ms; a transaction's AddPartitionsToTxn, Produce and EndTxn, each sent
# after the last is answered). REQUESTS (20,000) requests one after another on one connection
# (`floor.py`), to:
#
#   floor   benches/floor_server.c: one epoll loop answering each frame with a fixed 14 bytes, no
#           parsing, no allocation: the kernel's part alone (waking the server, the loopback TCP
#           receive, the send that wakes the client)
#   kt      ApiVersions v0 and Metadata v1 for no topic (a small answer, the broker's full path)
#
# and tansu's with BROKERS="kt tansu". The server's CPU per request (every thread's time on a CPU
# as the scheduler counts it, to the nanosecond) and the round trip, best of REPEAT (3) alternated
# runs, then what the floor means for the goals. Run it on a quiet machine: when other work keeps
# the cores busy, the server is rarely idle when a request comes, and the wake-up from idle that
# a lone request pays (most of the floor here) vanishes from every row.
#
#   benches/floor.sh                       build kt in release mode first
#   REQUESTS=5000 REPEAT=1 benches/floor.sh   a quick one
set -euo pipefail
. "$(dirname "$0")/lib.sh"
REQUESTS=${REQUESTS:-20000}
REPEAT=${REPEAT:-3}
BROKERS=${BROKERS:-kt}
pick_brokers
WORK=$(mktemp -d "${TMPDIR:-/tmp}/kt-floor.XXXXXX")
trap 'stop_all; rm -rf "$WORK"' EXIT
CC=${CC:-cc}
"$CC" -O2 -o "$WORK/floor_server" "$HERE/floor_server.c"
declare -A PIDS PORTS R # server -> pid, port; "ROW RUN" -> "server_us rtt_us"

port=$(free_port)
"$WORK/floor_server" "$port" &
PID=$!
STARTED+=("$PID")
wait_port "$port" 10 || { echo "floor_server did not start" >&2; exit 1; }
PIDS[floor]=$PID
PORTS[floor]=$port
for b in $BROKERS; do
  port=$(free_port)
  launch "$b" "$port" "$WORK/$b"
  wait_port "$port" 60 || { echo "$b did not start" >&2; exit 1; }
  PIDS[$b]=$PID
  PORTS[$b]=$port
done

ROWS=("floor apiversions")
for b in $BROKERS; do ROWS+=("$b apiversions" "$b metadata"); done
for run in $(seq "$REPEAT"); do
  echo "== run $run of $REPEAT" >&2
  for row in "${ROWS[@]}"; do
    read -r server kind <<<"$row"
    out=$(timeout 300 "$PYTHON" "$HERE/floor.py" "127.0.0.1:${PORTS[$server]}" "${PIDS[$server]}" "$kind" "$REQUESTS") ||
      { R["$row $run"]="failed -"; continue; }
    R["$row $run"]=$(sed 's/.*"rtt_us": \([0-9.]*\), "server_us": \([0-9.]*\).*/\2 \1/' <<<"$out")
  done
done

best() { # best ROW: "server_us rtt_us" of the run with the least server CPU
  local run
  for run in $(seq "$REPEAT"); do echo "${R[$1 $run]}"; done | grep -v failed | sort -n | head -1
}
FLOOR=$(best "floor apiversions" | cut -d' ' -f1)
echo
echo "load when done: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores; $REQUESTS sequential requests per run"
printf '\n%-28s %14s %10s %10s   %s\n' "server, request" "server us/req" "rtt us" "x floor" "every run's server us/req"
for row in "${ROWS[@]}"; do
  b=$(best "$row")
  runs=$(for run in $(seq "$REPEAT"); do printf '%s ' "$(cut -d' ' -f1 <<<"${R[$row $run]}")"; done)
  printf '%-28s %14s %10s %10s   %s\n' "$row" "$(cut -d' ' -f1 <<<"$b")" "$(cut -d' ' -f2 <<<"$b")" \
    "$(ratio "$(cut -d' ' -f1 <<<"$b")" "$FLOOR")" "$runs"
done
echo
echo "what the floor ($FLOOR us a request) means:"
awk -v f="$FLOOR" 'BEGIN {
  printf "  1,000 consumers long-polling every 500 ms: 2,000 requests/s x %s us = %.1f%% of a core (goal: < 1%%)\n", f, 2000 * f / 1e4
  printf "  a transaction of AddPartitionsToTxn, Produce and EndTxn one after another: 3 x %s us = %.0f us;\n", f, 3 * f
  printf "    1M records committed every 1,000: 1,000 x %.0f us = %.3f s of broker CPU before any record is written (goal: 0.05 s in all)\n", 3 * f, 3 * f / 1e3
}'
