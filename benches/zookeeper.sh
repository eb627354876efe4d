#!/usr/bin/env bash
# kt zookeeper-start against Apache ZooKeeper (Debian's package, a JVM) in one run, with the same
# client, and a table with ratios: ready time (launch -> answers `ruok`, median of STARTS), idle
# RSS, then from one kazoo connection 10,000 sequential creates of small znodes and 10,000
# sequential setData on one znode (wall time, server CPU seconds), RSS after the load and
# SIGTERM -> exit. Then issue 16's goals, with benches/zookeeper.py (raw ZooKeeper protocol,
# pipelined, so that the client costs little next to the server):
#  - CLIENTS processes (10), each its own session, doing setData at full speed (WINDOW requests
#    in flight each) for DURATION seconds: total ops/s and the server's CPU share (1.00 = one core);
#  - BIG (100,000) znodes created from a fresh data dir (WINDOW creates in flight), RSS with
#    them, SIGTERM, then a restart on the same data dir: ms from launch to `imok` and to a
#    getChildren of their parent answering all BIG (Apache answers `ruok` before it has loaded
#    its data, so the second is the one that counts), and the RSS after.
# Goals (kt): idle RSS <= 8 MiB, restart with BIG znodes <= 1 s, 10 clients >= 2x Apache.
# Both servers fsync every change before answering (Apache's forceSync default); their data dirs
# live in $TMPDIR, disk or tmpfs as that is.
# Not part of CI: it needs a quiet machine and proves nothing by exit code.
#
#   cargo build --release && benches/zookeeper.sh
#   KT=path/to/kt SERVERS="kt apache" OPS=10000 STARTS=5 CLIENTS=10 DURATION=10 WINDOW=100 \
#     BIG=100000 benches/zookeeper.sh
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(git -C "$HERE" rev-parse --show-toplevel)
KT=${KT:-$ROOT/target/release/kt}
SERVERS=${SERVERS:-kt apache}
OPS=${OPS:-10000}
STARTS=${STARTS:-5}
CLIENTS=${CLIENTS:-10}
DURATION=${DURATION:-10}
WINDOW=${WINDOW:-100}
BIG=${BIG:-100000}
PYTHON=${PYTHON:-$ROOT/target/interop-venv/bin/python}
ZK_JAR=${ZK_JAR:-/usr/share/java/zookeeper.jar}

WORK=$(mktemp -d "${TMPDIR:-/tmp}/kt-zk-bench.XXXXXX")
PID=
cleanup() {
  if [ -n "$PID" ]; then kill -KILL "$PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

[ -x "$PYTHON" ] && "$PYTHON" -c 'import kazoo' 2>/dev/null && [ -f "$ZK_JAR" ] || "$ROOT/tests/interop/setup.sh" >&2

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
now() { echo "${EPOCHREALTIME/./}"; } # microseconds, no fork
TICK=$(getconf CLK_TCK)
cpu_ticks() { sed 's/.*) //' "/proc/$1/stat" | awk '{ print $12 + $13 }'; } # utime + stime
rss_mib() { awk '/^VmRSS:/ { printf "%.1f", $2 / 1024 }' "/proc/$1/status"; }
cpu_secs() { awk -v t="$1" -v hz="$TICK" 'BEGIN { printf "%.2f", t / hz }'; }
ms() { awk -v us="$1" 'BEGIN { printf "%.1f", us / 1e3 }'; }
# ruok PORT: true once the server answers `imok` (bash's /dev/tcp: no fork per try).
ruok() {
  local reply=
  { exec 3<>"/dev/tcp/127.0.0.1/$1"; } 2>/dev/null || return 1
  printf ruok >&3
  read -r -t 2 -n 4 reply <&3 || true
  exec 3<&-
  [ "$reply" = imok ]
}

declare -A R # R[server,metric] = value

launch() { # launch SERVER PORT DIR: starts it in the background, sets PID
  printf 'dataDir=%s/data\nclientPort=%s\nclientPortAddress=127.0.0.1\ntickTime=2000\nmaxClientCnxns=0\nadmin.enableServer=false\n4lw.commands.whitelist=*\n' \
    "$3" "$2" >"$3/zoo.cfg"
  case $1 in
    kt) "$KT" zookeeper-start "$3/zoo.cfg" >"$3/server.log" 2>&1 & ;;
    apache) java -cp "/etc/zookeeper/conf:$ZK_JAR" org.apache.zookeeper.server.quorum.QuorumPeerMain "$3/zoo.cfg" >"$3/server.log" 2>&1 & ;;
  esac
  PID=$!
  disown "$PID"
}

stop() { # stop: SIGTERM, then SIGKILL after 5 s; prints the ms it took
  local t0 t1
  t0=$(now)
  kill -TERM "$PID"
  for _ in $(seq 1000); do kill -0 "$PID" 2>/dev/null || break; sleep 0.005; done
  t1=$(now)
  if kill -0 "$PID" 2>/dev/null; then kill -KILL "$PID"; echo ">5000"; else ms $((t1 - t0)); fi
  PID=
}

load() { # load PORT PHASE: one kazoo connection, OPS sequential requests; prints the seconds
  "$PYTHON" - "$1" "$2" "$OPS" <<'PY'
import sys, time
from kazoo.client import KazooClient
port, phase, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
zk = KazooClient(hosts=f"127.0.0.1:{port}", timeout=30)
zk.start(timeout=30)
zk.ensure_path("/bench")
if phase == "set":
    zk.ensure_path("/bench/target")
payload = b"x" * 16
t0 = time.perf_counter()
if phase == "create":
    for i in range(n):
        zk.create(f"/bench/n{i:06d}", payload)
else:
    for i in range(n):
        zk.set("/bench/target", b"%016d" % i)
t1 = time.perf_counter()
if phase == "create" and zk.get_children("/bench").__len__() < n:
    raise SystemExit("missing znodes")
zk.stop()
zk.close()
print(f"{t1 - t0:.3f}")
PY
}

wait_ready() { # wait_ready SERVER PORT DIR: until the server answers `imok`
  local t0
  t0=$(now)
  until ruok "$2"; do
    kill -0 "$PID" 2>/dev/null || { echo "$1 exited at start:" >&2; cat "$3/server.log" >&2; exit 1; }
    (($(now) - t0 < 60000000)) || { echo "$1 not ready after 60 s" >&2; exit 1; }
    sleep 0.002
  done
}

bench() { # bench SERVER
  local s=$1 port dir t0 t1 n samples=()
  port=$(free_port)
  dir=$WORK/$s
  echo "== $s on 127.0.0.1:$port" >&2
  for n in $(seq "$STARTS"); do
    mkdir -p "$dir/start-$n"
    t0=$(now)
    launch "$s" "$port" "$dir/start-$n"
    wait_ready "$s" "$port" "$dir/start-$n"
    t1=$(now)
    samples+=($((t1 - t0)))
    if [ "$n" -lt "$STARTS" ]; then stop >/dev/null; fi
  done
  R["$s,ready ms (median of $STARTS)"]=$(printf '%s\n' "${samples[@]}" | sort -n | awk '{ v[NR] = $1 } END { printf "%.1f", v[int((NR + 1) / 2)] / 1e3 }')
  sleep 2
  R["$s,idle RSS MiB"]=$(rss_mib "$PID")
  local phase c0 c1 secs
  for phase in create set; do
    c0=$(cpu_ticks "$PID")
    secs=$(load "$port" "$phase")
    c1=$(cpu_ticks "$PID")
    R["$s,$OPS ${phase}s wall s"]=$secs
    R["$s,$OPS ${phase}s ops/s"]=$(awk -v n="$OPS" -v s="$secs" 'BEGIN { printf "%.0f", n / s }')
    R["$s,$OPS ${phase}s server cpu s"]=$(cpu_secs $((c1 - c0)))
  done
  R["$s,RSS after load MiB"]=$(rss_mib "$PID")
  read -r ops share < <("$PYTHON" "$HERE/zookeeper.py" setters "$port" "$CLIENTS" "$DURATION" "$WINDOW" "$PID")
  R["$s,$CLIENTS clients setData ops/s"]=$ops
  R["$s,$CLIENTS clients server CPU"]=$share
  R["$s,SIGTERM to exit ms"]=$(stop)

  # BIG znodes from a fresh data dir, then a restart on it.
  mkdir -p "$dir/big"
  launch "$s" "$port" "$dir/big"
  wait_ready "$s" "$port" "$dir/big"
  secs=$("$PYTHON" "$HERE/zookeeper.py" create "$port" "$BIG" "$WINDOW")
  R["$s,$BIG creates ops/s"]=$(awk -v n="$BIG" -v s="$secs" 'BEGIN { printf "%.0f", n / s }')
  R["$s,RSS with $BIG znodes MiB"]=$(rss_mib "$PID")
  R["$s,SIGTERM with $BIG znodes ms"]=$(stop)
  t0=$(now)
  launch "$s" "$port" "$dir/big"
  read -r r1 r2 < <("$PYTHON" "$HERE/zookeeper.py" probe "$port" "$BIG" "$t0")
  R["$s,restart: imok ms"]=$r1
  R["$s,restart: $BIG children ms"]=$r2
  R["$s,RSS after restart MiB"]=$(rss_mib "$PID")
  stop >/dev/null
}

for s in $SERVERS; do bench "$s"; done

metrics=("ready ms (median of $STARTS)" "idle RSS MiB")
for phase in create set; do
  metrics+=("$OPS ${phase}s wall s" "$OPS ${phase}s ops/s" "$OPS ${phase}s server cpu s")
done
metrics+=("RSS after load MiB" "$CLIENTS clients setData ops/s" "$CLIENTS clients server CPU" "SIGTERM to exit ms"
  "$BIG creates ops/s" "RSS with $BIG znodes MiB" "SIGTERM with $BIG znodes ms" "restart: imok ms"
  "restart: $BIG children ms" "RSS after restart MiB")
set -- $SERVERS
printf '\n%-34s' "one kazoo connection, fsync on"
for s; do printf '%12s' "$s"; done
[ $# -lt 2 ] || printf '%14s' "$1/$2"
printf '\n'
for m in "${metrics[@]}"; do
  printf '%-34s' "$m"
  for s; do printf '%12s' "${R[$s,$m]:-n/a}"; done
  if [ $# -ge 2 ]; then
    x=${R[$1,$m]:-} y=${R[$2,$m]:-}
    if [[ $x =~ ^[0-9.]+$ && $y =~ ^[0-9.]+$ ]] && awk -v y="$y" 'BEGIN { exit !(y > 0) }'; then
      printf '%14s' "$(awk -v x="$x" -v y="$y" 'BEGIN { printf "%.2f", x / y }')"
    else
      printf '%14s' "-"
    fi
  fi
  printf '\n'
done
echo "($CLIENTS clients: $WINDOW setData in flight each for $DURATION s; $BIG creates: $WINDOW in flight on one session; load average $(cut -d' ' -f1-3 /proc/loadavg))"
if [[ " $SERVERS " == *" kt "* ]]; then
  goal() { awk -v v="$2" -v g="$3" "BEGIN { exit !(v != \"\" && v $4 g) }" && echo "  met:    $1 ($2, goal $4 $3)" || echo "  MISSED: $1 (${2:-n/a}, goal $4 $3)"; }
  echo "issue 16's goals for kt:"
  goal "idle RSS MiB" "${R[kt,idle RSS MiB]}" 8 "<="
  goal "restart with $BIG znodes ms" "${R[kt,restart: $BIG children ms]}" 1000 "<="
  if [ -n "${R[apache,$CLIENTS clients setData ops/s]:-}" ]; then
    goal "$CLIENTS clients setData kt/apache" "$(awk -v x="${R[kt,$CLIENTS clients setData ops/s]}" -v y="${R[apache,$CLIENTS clients setData ops/s]}" 'BEGIN { printf "%.2f", x / y }')" 2 ">="
  fi
fi
echo "(apache = Debian's Apache ZooKeeper $(dpkg-query -W -f '${Version}' zookeeper 2>/dev/null || echo '?'), $(java -version 2>&1 | head -n 1); CPU resolution 1/$TICK s)"
