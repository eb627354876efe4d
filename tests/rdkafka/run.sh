#!/usr/bin/env bash
# librdkafka's own integration suite (2.0.2, the tests/NNNN-*.c its authors wrote) against a fresh kt
# broker, judged by tests/rdkafka/expected.txt: a test marked `pass` that fails fails the run; a test
# waiting for a feature may fail, and is reported as UNEXPECTED PASS when it passes so the list gets
# updated. Builds and runs the suite with ../shared/rdkafka-tests/rdkafka-tests.sh (see its README).
#
# Prints the runner's line per test and its `N passed, M failed` line, then one line per surprise and
# an `rdkafka: ...` verdict; exits 1 if a test expected to pass failed (or the suite could not run).
#
# Environment:
#   KT          kt binary (default: target/release/kt of this repo)
#   RDK_CACHE   where the suite is built, kept between runs (default: /var/cache/kt-rdkafka-tests when
#               writable, else ~/.cache/kt-rdkafka-tests); never inside the repo
#   EXPECTED    the expectations (default: tests/rdkafka/expected.txt)
#   TESTS       only these tests, e.g. "0034 0110" (default: every test of EXPECTED)
#   KEEP=1      keep the temp dir (broker log, one log per test)
#   RDK_TIMEOUT, RDK_MULTIPLIER, RDK_VERSION: passed to the runner (see its README)
set -uo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(git -C "$HERE" rev-parse --show-toplevel)
SHARED=${SHARED:-$ROOT/../shared}
RUNNER=$SHARED/rdkafka-tests/rdkafka-tests.sh
KT=${KT:-$ROOT/target/release/kt}
case $KT in /*) ;; *) KT=$PWD/$KT ;; esac
EXPECTED=${EXPECTED:-$HERE/expected.txt}
if [ -z "${RDK_CACHE:-}" ]; then
  if mkdir -p /var/cache/kt-rdkafka-tests 2>/dev/null && [ -w /var/cache/kt-rdkafka-tests ]; then
    RDK_CACHE=/var/cache/kt-rdkafka-tests
  else
    RDK_CACHE=${XDG_CACHE_HOME:-$HOME/.cache}/kt-rdkafka-tests
  fi
fi

die() { echo "rdkafka: FAIL $*"; exit 1; }
[ -x "$RUNNER" ] || die "the suite's runner is missing: $RUNNER"
[ -x "$KT" ] || die "kt binary not found at $KT"
case $(cd "$(dirname "$RDK_CACHE")" 2>/dev/null && pwd)/ in
  "$ROOT"/*) die "RDK_CACHE=$RDK_CACHE is inside the repo" ;;
esac

echo "== rdkafka suite: build (cached in $RDK_CACHE)"
"$RUNNER" build "$RDK_CACHE" || die "building librdkafka's test suite failed"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/kt-rdkafka.XXXXXX")
BROKER_PID=
runner=
cleanup() {
  # shellcheck disable=SC2086 # one pid per worker
  [ -n "$runner" ] && { pkill -P "${runner// /,}" 2>/dev/null; kill $runner 2>/dev/null; }
  if [ -n "$BROKER_PID" ]; then
    kill -TERM "$BROKER_PID" 2>/dev/null
    for _ in $(seq 150); do kill -0 "$BROKER_PID" 2>/dev/null || break; sleep 0.2; done
    kill -KILL "$BROKER_PID" 2>/dev/null
    wait "$BROKER_PID" 2>/dev/null
    BROKER_PID=
  fi
  if [ "${KEEP:-}" = 1 ]; then echo "rdkafka: kept $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# The expectations: "NNNN [full] STATE # ...", STATE `pass`, `rerun` or `wait:FEATURE`.
declare -A STATE MODE
: >"$WORK/list"
while read -r n a b _; do
  mode=; state=$a
  [ "$a" = full ] && { mode=full; state=$b; }
  case $state in pass | rerun | wait:?*) ;; *) die "$EXPECTED: test $n: state '$state' is not pass, rerun or wait:FEATURE" ;; esac
  [ -n "${STATE[$n]:-}" ] && die "$EXPECTED: test $n is listed twice"
  STATE[$n]=$state
  MODE[$n]=$mode
  if [ -z "${TESTS:-}" ] || [[ " $TESTS " == *" $n "* ]]; then echo "$n $mode" >>"$WORK/list"; fi
done < <(sed 's/#.*//' "$EXPECTED" | grep -E '^ *[0-9]{4}')
[ -s "$WORK/list" ] || die "no test to run (TESTS=${TESTS:-})"
# Tests the reference list holds that the expectations lack: the list should know every one.
for n in $(sed 's/#.*//' "$SHARED/rdkafka-tests/allow.txt" | grep -oE '^ *[0-9]{4}'); do
  [ -n "${STATE[$n]:-}" ] || echo "rdkafka: NOTE $n is in rdkafka-tests/allow.txt but not in $EXPECTED"
done

# A fresh broker as the reference run against Kafka was set up (server.properties here).
PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
BOOT=127.0.0.1:$PORT
"$KT" server-start "$HERE/server.properties" \
  --override "listeners=PLAINTEXT://$BOOT" --override "advertised.listeners=PLAINTEXT://$BOOT" \
  --override "log.dirs=$WORK/kt-logs" >"$WORK/broker.log" 2>&1 &
BROKER_PID=$!
if ! "$KT" wait-ready --bootstrap-server "$BOOT" --timeout 30s >"$WORK/wait-ready.log" 2>&1; then
  tail -20 "$WORK/broker.log" "$WORK/wait-ready.log"
  die "the kt broker did not serve on $BOOT within 30 s"
fi

JOBS=${RDK_JOBS:-2}
echo "== rdkafka suite: $(wc -l <"$WORK/list") tests against kt on $BOOT, $JOBS at a time"
# CI=true would switch the suite into its CI mode (longer timeouts, 0055 skipped): run it as the
# reference run against Kafka was, without.
# JOBS workers take the tests one by one from a queue, each through the runner with a one-test
# list, against the one broker (librdkafka's own harness runs its tests concurrently too: each
# test uses topics and groups of its own). Most of the suite's time is its tests' own waits, so two
# at a time halve the wall time without loading the machine.
cp "$WORK/list" "$WORK/queue"
: >"$WORK/results"
next_test() {
  local line
  exec 9>>"$WORK/queue.lock"
  flock 9
  line=$(head -1 "$WORK/queue")
  sed -i 1d "$WORK/queue"
  exec 9>&-
  [ -n "$line" ] && echo "$line"
}
worker() {
  local line
  while line=$(next_test); do
    echo "$line" >"$WORK/one.$1"
    env -u CI RDK_LOGS="$WORK/logs" "$RUNNER" run "$RDK_CACHE" "$BOOT" "$WORK/one.$1" 2>&1 |
      grep --line-buffered -E '^[0-9]{4} ' | tee -a "$WORK/results"
  done
}
workers=()
for j in $(seq "$JOBS"); do worker "$j" & workers+=($!); done
runner="${workers[*]}"
wait "${workers[@]}"
runner=
summary="$(grep -cE '^[0-9]{4} pass' "$WORK/results") passed, $(grep -cvE '^[0-9]{4} pass' "$WORK/results") failed"

# A test expected to pass that failed runs once more, alone, as the reference run against Kafka
# ran every test, and its second result is the one judged; the first failure stays printed (as
# `first run:`) and counted. Tests marked `rerun` are known to race librdkafka's timers
# (expected.txt says which race on their line); others that need a second run are worth a look.
: >"$WORK/rerun-list"
while read -r n verdict _; do
  [[ $n =~ ^[0-9]{4}$ ]] && [[ ${STATE[$n]} == pass || ${STATE[$n]} == rerun ]] && [ "$verdict" != pass ] && echo "$n ${MODE[$n]}" >>"$WORK/rerun-list"
done <"$WORK/results"
second_runs=$(wc -l <"$WORK/rerun-list")
if [ -s "$WORK/rerun-list" ]; then
  echo "== rdkafka suite: running again, once: $(cut -d' ' -f1 "$WORK/rerun-list" | tr '\n' ' ')"
  mkdir -p "$WORK/first-logs"
  while read -r n _; do
    mv "$WORK/logs/$n.log" "$WORK/first-logs/" 2>/dev/null
    grep -E "^$n " "$WORK/results" | sed 's/^/    first run: /'
  done <"$WORK/rerun-list"
  env -u CI RDK_LOGS="$WORK/logs" "$RUNNER" run "$RDK_CACHE" "$BOOT" "$WORK/rerun-list" >"$WORK/rerun-results" 2>&1
  grep -E '^[0-9]{4} ' "$WORK/rerun-results"
  # The second result replaces the first.
  while read -r n _; do
    grep -vE "^$n " "$WORK/results" >"$WORK/results.new"
    grep -E "^$n " "$WORK/rerun-results" >>"$WORK/results.new"
    mv "$WORK/results.new" "$WORK/results"
  done <"$WORK/rerun-list"
fi

# The runner's lines: "NNNN pass|FAIL  SECSs  STATES | first failure line".
ran=0 held=0 bad=0 surprise=0 waiting=0
while read -r n verdict rest; do
  [[ $n =~ ^[0-9]{4}$ ]] || continue
  ran=$((ran + 1))
  state=${STATE[$n]}
  case $state:$verdict in
    pass:pass | rerun:pass) held=$((held + 1)) ;;
    pass:* | rerun:*)
      bad=$((bad + 1))
      echo "rdkafka: FAIL $n is expected to pass: $rest"
      # The lines up to its first failure (or the log's end, for a timeout).
      if [ -f "$WORK/logs/$n.log" ]; then
        sed 's/\x1b\[[0-9;]*m//g' "$WORK/logs/$n.log" | grep -v '^ *$' >"$WORK/$n.plain"
        { grep -m1 -B10 -A1 '^### Test' "$WORK/$n.plain" || tail -15 "$WORK/$n.plain"; } | cut -c1-200 | sed 's/^/    | /'
      fi
      ;;
    wait:*:pass)
      surprise=$((surprise + 1))
      echo "rdkafka: UNEXPECTED PASS $n (waiting for ${state#wait:}): mark it 'pass' in tests/rdkafka/expected.txt"
      ;;
    *)
      waiting=$((waiting + 1))
      echo "rdkafka: waiting $n (for ${state#wait:}) failed, as expected"
      ;;
  esac
done <"$WORK/results"
[ -n "$summary" ] || { bad=$((bad + 1)); echo "rdkafka: FAIL the runner printed no summary line"; }
listed=$(wc -l <"$WORK/list")
[ "$ran" = "$listed" ] || { bad=$((bad + listed - ran)); echo "rdkafka: FAIL only $ran of $listed tests reported a result"; }
[ -f "$WORK/broker.log" ] && ! kill -0 "$BROKER_PID" 2>/dev/null && {
  bad=$((bad + 1)); echo "rdkafka: FAIL the kt broker died during the suite:"; tail -20 "$WORK/broker.log" | sed 's/^/    | /'; }
echo "rdkafka: $held expected passes held ($second_runs of them needed a second run, alone); $bad failures of expected passes or of the run; $waiting tests waiting for features failed as expected; $surprise passed unexpectedly"
echo "runner: ${summary:-no summary line}"
# The gate's verdict, last, in the form CI reads: a failure is an expected pass that failed; the
# tests waiting for a feature count as skipped.
echo "rdkafka: $((held + surprise)) passed, $bad failed, $waiting skipped"
[ "$bad" = 0 ]
