#!/usr/bin/env bash
# kt's interop suite: third-party Kafka clients (kcat, kafka-python, confluent-kafka, the official Java
# client) and kt's own CLI against a freshly started broker, one broker per suite; the zookeeper suite
# runs kazoo and ZooKeeper's own zkCli against `kt zookeeper-start` instead, the zk_cluster suite
# three kt brokers in ZooKeeper mode on kt's ZooKeeper and then on Apache ZooKeeper, the
# replication suite three replicating kt brokers that it kills, pauses and restarts under load, and
# the eos_cluster suite the exactly-once check on three such brokers on Apache ZooKeeper.
#
# Prints `PASS name` / `FAIL name: why` per check and closes with `N passed, M failed`; exits 1 if any
# check failed. A missing tool is a FAIL, never a skip. Install the tools first with setup.sh.
#
# Environment:
#   KT          kt binary (default: target/release/kt of this repo)
#   BROKER      kt (default) or tansu: which broker to start; the clients stay the same
#   TANSU       tansu binary, for BROKER=tansu
#   PYTHON      python with kafka-python and confluent-kafka (default: target/interop-venv/bin/python)
#   KCATS       kcat flavours to use: "sys" (Debian's kcat, librdkafka 2.0) and/or "wheel" (the same
#               kcat on the newer librdkafka that the confluent-kafka wheel ships). Default: both.
#   SUITES      suites to run (default: all; see ALL_SUITES). Suites left out are named in the output.
#   CLIENT_TIMEOUT  seconds allowed to one client call (default 60)
#   BUDGET      seconds allowed to all client calls together (default 1800); later ones then fail
#   ZKCLI       ZooKeeper's zkCli.sh (default: Debian's /usr/share/zookeeper/bin/zkCli.sh)
#   ZK_JAR      Apache ZooKeeper's jar, started as the reference server of the zookeeper suite and
#               under the brokers of zk_cluster and eos_cluster (default: Debian's /usr/share/java/zookeeper.jar)
#   KEEP=1      keep the temp dir (broker logs, captured outputs)
set -uo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(git -C "$HERE" rev-parse --show-toplevel)
SHARED=${SHARED:-$ROOT/../shared}
KT=${KT:-$ROOT/target/release/kt}
case $KT in /*) ;; *) KT=$PWD/$KT ;; esac
BROKER=${BROKER:-kt}
TANSU=${TANSU:-tansu}
PYTHON=${PYTHON:-$ROOT/target/interop-venv/bin/python}
KCATS=${KCATS:-sys wheel}
ALL_SUITES="cli kcat kafka_python confluent java groups durability bad_input zookeeper zk_cluster replication eos_cluster ssl security transactions"
SUITES=${SUITES:-$ALL_SUITES}
T=${CLIENT_TIMEOUT:-60}
BUDGET=${BUDGET:-1800}
BUDGET_END=$((SECONDS + BUDGET))
JAVA_RUN=$SHARED/reference/java/run.sh
ZKCLI=${ZKCLI:-/usr/share/zookeeper/bin/zkCli.sh}
ZK_JAR=${ZK_JAR:-/usr/share/java/zookeeper.jar}

WORK=$(mktemp -d "${TMPDIR:-/tmp}/kt-interop.XXXXXX")
PASSED=0
FAILED=0
BROKER_PID=
PORT=
BOOT=

# ---------------------------------------------------------------- reporting

show() { # show FILE...: captured output, indented and bounded, for a FAIL
  local f
  for f in "$@"; do
    [ -s "$f" ] || { echo "    --- $(basename "$f"): (empty)"; continue; }
    echo "    --- $(basename "$f") (last 40 lines):"
    tail -n 40 "$f" | cut -c1-300 | sed 's/^/    | /'
  done
}
pass() { echo "PASS $1"; PASSED=$((PASSED + 1)); }
fail() { # fail NAME WHY [FILE...]
  local name=$1 why=$2
  shift 2
  echo "FAIL $name: $why"
  FAILED=$((FAILED + 1))
  [ $# -eq 0 ] || show "$@"
}

# ---------------------------------------------------------------- broker control

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# wait_listening PID PORT SECONDS WHAT: waits until PORT accepts while PID runs; otherwise sets
# START_WHY ("WHAT exited", or the port not accepting after SECONDS s) and fails.
wait_listening() {
  local i
  for i in $(seq $(($3 * 50))); do # 20 ms each
    kill -0 "$1" 2>/dev/null || { START_WHY="$4 exited"; return 1; }
    port_open "$2" && return 0
    sleep 0.02
  done
  START_WHY="port $2 not accepting after $3 s"
  return 1
}

# start_broker DIR [PORT]: start a broker with its data in DIR (kept if it exists) on PORT (a free one
# if not given); sets BROKER_PID, PORT, BOOT. Fails if the port does not accept within 10 s.
start_broker() {
  local dir=$1
  PORT=${2:-$(free_port)}
  BOOT=127.0.0.1:$PORT
  START_WHY=
  mkdir -p "$dir/logs"
  : >>"$dir/broker.log"
  case $BROKER in
    kt)
      cat >"$dir/server.properties" <<EOF
broker.id=0
listeners=PLAINTEXT://127.0.0.1:$PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$PORT
log.dirs=$dir/logs
num.partitions=1
log.cleaner.backoff.ms=200
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
${EXTRA_PROPS:-}
EOF
      [ -x "$KT" ] || { START_WHY="kt binary not found at $KT"; return 1; }
      "$KT" server-start "$dir/server.properties" >>"$dir/broker.log" 2>&1 &
      ;;
    tansu)
      command -v "$TANSU" >/dev/null || { START_WHY="tansu not found: $TANSU"; return 1; }
      "$TANSU" broker --listener-url "tcp://127.0.0.1:$PORT" --advertised-listener-url "tcp://127.0.0.1:$PORT" \
        --storage-engine "${TANSU_STORAGE:-memory://tansu/}" >>"$dir/broker.log" 2>&1 &
      ;;
    *) START_WHY="unknown BROKER=$BROKER"; return 1 ;;
  esac
  BROKER_PID=$!
  disown "$BROKER_PID" # no "Killed" job notice from bash after the kill -9 of the durability suite
  wait_listening "$BROKER_PID" "$PORT" 10 "the broker" && return 0
  kill -0 "$BROKER_PID" 2>/dev/null || BROKER_PID=
  return 1
}

# start_ssl_broker DIR: a kt broker with a PLAINTEXT listener and an SSL one requiring client
# certificates (mutual TLS), from a test CA made by `kt certs`; sets SSL_PORT, SSL_BOOT and CERTS
# besides what start_broker sets.
start_ssl_broker() {
  local dir=$1
  [ "$BROKER" = kt ] || { START_WHY="the ssl suite runs against kt only"; return 1; }
  CERTS=$dir/certs
  mkdir -p "$dir"
  "$KT" certs --out-dir "$CERTS" --hosts localhost,127.0.0.1 >"$dir/certs.log" 2>&1 ||
    { START_WHY="kt certs failed (see certs.log)"; return 1; }
  PORT=$(free_port)
  SSL_PORT=$(free_port)
  SSL_BOOT=127.0.0.1:$SSL_PORT
  EXTRA_PROPS="listeners=PLAINTEXT://127.0.0.1:$PORT,SSL://127.0.0.1:$SSL_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$PORT,SSL://127.0.0.1:$SSL_PORT
ssl.keystore.type=PEM
ssl.keystore.location=$CERTS/broker.pem
ssl.truststore.type=PEM
ssl.truststore.location=$CERTS/ca.pem
ssl.client.auth=required" start_broker "$dir" "$PORT" || return 1
  local i
  for i in $(seq 250); do port_open "$SSL_PORT" && return 0; sleep 0.02; done
  START_WHY="SSL port $SSL_PORT not accepting after 5 s"
  return 1
}

# start_security_broker DIR: a kt broker with an authorizer and three listeners: PLAINTEXT (where
# User:ANONYMOUS is a super user, for the set-up), SASL_SSL with SCRAM-SHA-512, and SSL requiring
# client certificates; then, through kt's own tools on PLAINTEXT, a SCRAM-SHA-512 credential for
# $SEC_USER and an ACL denying it the topic $SEC_DENIED. Sets SASL_BOOT, SSL_BOOT and CERTS.
SEC_USER=alice
SEC_PASSWORD=alice-secret
SEC_DENIED=secret-topic
start_security_broker() {
  local dir=$1
  [ "$BROKER" = kt ] || { START_WHY="the security suite runs against kt only"; return 1; }
  CERTS=$dir/certs
  mkdir -p "$dir"
  "$KT" certs --out-dir "$CERTS" --hosts localhost,127.0.0.1 >"$dir/certs.log" 2>&1 ||
    { START_WHY="kt certs failed (see certs.log)"; return 1; }
  PORT=$(free_port)
  local sasl_port ssl_port i
  sasl_port=$(free_port)
  ssl_port=$(free_port)
  SASL_BOOT=127.0.0.1:$sasl_port
  SSL_BOOT=127.0.0.1:$ssl_port
  EXTRA_PROPS="listeners=PLAINTEXT://127.0.0.1:$PORT,SASL_SSL://127.0.0.1:$sasl_port,SSL://127.0.0.1:$ssl_port
advertised.listeners=PLAINTEXT://127.0.0.1:$PORT,SASL_SSL://127.0.0.1:$sasl_port,SSL://127.0.0.1:$ssl_port
ssl.keystore.type=PEM
ssl.keystore.location=$CERTS/broker.pem
ssl.truststore.type=PEM
ssl.truststore.location=$CERTS/ca.pem
listener.name.ssl.ssl.client.auth=required
sasl.enabled.mechanisms=SCRAM-SHA-512
authorizer.class.name=kafka.security.authorizer.AclAuthorizer
allow.everyone.if.no.acl.found=true
super.users=User:ANONYMOUS" start_broker "$dir" "$PORT" || return 1
  for i in $(seq 250); do port_open "$sasl_port" && port_open "$ssl_port" && break; sleep 0.02; done
  port_open "$ssl_port" || { START_WHY="SASL_SSL/SSL ports not accepting after 5 s"; return 1; }
  "$KT" configs --bootstrap-server "$BOOT" --alter --entity-type users --entity-name "$SEC_USER" \
    --add-config "SCRAM-SHA-512=[iterations=4096,password=$SEC_PASSWORD]" >"$dir/setup.log" 2>&1 &&
    "$KT" topics --bootstrap-server "$BOOT" --create --topic "$SEC_DENIED" >>"$dir/setup.log" 2>&1 &&
    "$KT" acls --bootstrap-server "$BOOT" --add --deny-principal "User:$SEC_USER" --operation All \
      --topic "$SEC_DENIED" >>"$dir/setup.log" 2>&1 ||
    { START_WHY="setting up the user and the ACL failed (see setup.log)"; return 1; }
}

# start_zookeeper DIR [PORT]: `kt zookeeper-start` with its data in DIR; sets BROKER_PID, PORT, BOOT
# like start_broker (the suite loop stops it the same way).
start_zookeeper() {
  local dir=$1
  PORT=${2:-$(free_port)}
  BOOT=127.0.0.1:$PORT
  START_WHY=
  mkdir -p "$dir"
  cat >"$dir/zookeeper.properties" <<EOF
dataDir=$dir/data
clientPort=$PORT
clientPortAddress=127.0.0.1
tickTime=500
maxClientCnxns=0
admin.enableServer=false
4lw.commands.whitelist=*
EOF
  [ -x "$KT" ] || { START_WHY="kt binary not found at $KT"; return 1; }
  "$KT" zookeeper-start "$dir/zookeeper.properties" >>"$dir/broker.log" 2>&1 &
  BROKER_PID=$!
  disown "$BROKER_PID"
  wait_listening "$BROKER_PID" "$PORT" 10 "the server" && return 0
  kill -0 "$BROKER_PID" 2>/dev/null || BROKER_PID=
  return 1
}

# apache_zookeeper DIR: Debian's Apache ZooKeeper (ZK_JAR, tickTime=500) on a free port with its
# zoo.cfg, data and server.log in DIR; sets ZK_PID and ZK_PORT. Fails with START_WHY if the jar is
# missing or the port does not accept within 30 s (a JVM on a loaded machine).
apache_zookeeper() {
  local dir=$1
  START_WHY= ZK_PID= ZK_PORT=
  [ -f "$ZK_JAR" ] || { START_WHY="Apache ZooKeeper's jar not found at $ZK_JAR (run tests/interop/setup.sh)"; return 1; }
  ZK_PORT=$(free_port)
  mkdir -p "$dir"
  printf 'dataDir=%s\nclientPort=%s\nclientPortAddress=127.0.0.1\ntickTime=500\nadmin.enableServer=false\n' \
    "$dir/data" "$ZK_PORT" >"$dir/zoo.cfg"
  java -cp "/etc/zookeeper/conf:$ZK_JAR" org.apache.zookeeper.server.quorum.QuorumPeerMain "$dir/zoo.cfg" >"$dir/server.log" 2>&1 &
  ZK_PID=$!
  wait_listening "$ZK_PID" "$ZK_PORT" 30 "Apache ZooKeeper (see $dir/server.log)" && return 0
  kill -0 "$ZK_PID" 2>/dev/null || ZK_PID=
  return 1
}

# start_apache_zookeeper DIR: apache_zookeeper as a suite's server: sets BROKER_PID, PORT, BOOT like
# start_broker (the suite loop stops it the same way).
start_apache_zookeeper() {
  apache_zookeeper "$1"
  BROKER_PID=$ZK_PID PORT=$ZK_PORT BOOT=127.0.0.1:$ZK_PORT
  [ -z "$START_WHY" ]
}

stop_broker() {
  [ -n "$BROKER_PID" ] || return 0
  kill -TERM "$BROKER_PID" 2>/dev/null
  local i
  for i in $(seq 100); do kill -0 "$BROKER_PID" 2>/dev/null || break; sleep 0.05; done
  kill -KILL "$BROKER_PID" 2>/dev/null
  { wait "$BROKER_PID"; } 2>/dev/null
  BROKER_PID=
}

cleanup() {
  stop_broker
  if [ "${KEEP:-}" = 1 ]; then echo "kept $WORK" >&2; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---------------------------------------------------------------- running clients

# Every client call is bounded by T seconds, and all of them together by BUDGET seconds, so that a
# broker that accepts connections but never answers cannot eat CI's 90 minutes: once the budget is
# spent, the remaining calls fail at once (and say so).
budget_left() { # budget_left LIMIT: prints min(LIMIT, seconds left), fails when none is left
  local left=$((BUDGET_END - SECONDS))
  ((left > 0)) || return 1
  echo $((left < $1 ? left : $1))
}
# run_in INPUT NAME CMD...: runs CMD with INPUT as stdin, bounded; sets OUT, ERR, RC.
run_in() {
  local input=$1 name=$2 limit
  shift 2
  OUT=$DIR/$name.out ERR=$DIR/$name.err
  if ! limit=$(budget_left "$T"); then
    : >"$OUT"
    echo "not run: the suite's time budget of $BUDGET s is spent" >"$ERR"
    RC=124
    return
  fi
  timeout -k 5 "$limit" "$@" >"$OUT" 2>"$ERR" <"$input"
  RC=$?
}
# run NAME CMD...: same, without stdin.
run() { run_in /dev/null "$@"; }

# Expectations on the last run; each adds to WHY; verdict NAME reports and resets.
WHY=
want_rc() { [ "$RC" = "$1" ] || WHY+="exit code $RC, want $1; "; }
want_stdout() { cmp -s "$OUT" <(printf '%s' "$1") || WHY+="stdout differs from $(printf '%q' "$1"); "; }
want_stderr() { cmp -s "$ERR" <(printf '%s' "$1") || WHY+="stderr differs from $(printf '%q' "$1"); "; }
want_stderr_first() { [ "$(head -n 1 "$ERR")" = "$1" ] || WHY+="first stderr line is not '$1'; "; }
want_same() { # want_same GOT WANT: files equal; on a difference its first lines go into a .diff file
  cmp -s "$1" "$2" && return
  WHY+="$(basename "$1") differs from $(basename "$2") ($(wc -l <"$1") vs $(wc -l <"$2") lines); "
  diff "$2" "$1" | head -n 20 >"$1.diff"
  SHOW+=("$1.diff")
}
SHOW=()
verdict() { # verdict NAME: PASS if no expectation failed, else FAIL with the last run's outputs
  if [ -z "$WHY" ]; then
    pass "$1"
  elif [ "${#SHOW[@]}" -gt 0 ]; then
    fail "$1" "${WHY%; }" "${SHOW[@]}" ${ERR:+"$ERR"}
  else
    fail "$1" "${WHY%; }" ${OUT:+"$OUT"} ${ERR:+"$ERR"}
  fi
  WHY='' OUT='' ERR=''
  SHOW=()
}

need_kt() { [ -x "$KT" ] || { WHY+="kt binary missing at $KT; "; return 1; }; }

# wheel_rdkafka_dir: a dir holding the confluent-kafka wheel's librdkafka as librdkafka.so.1, so that
# Debian's kcat runs on it through LD_LIBRARY_PATH (the "wheel" kcat flavour).
wheel_rdkafka_dir() {
  local lib
  lib=$("$PYTHON" -c 'import confluent_kafka, glob, os; d = os.path.dirname(confluent_kafka.__file__); print((glob.glob(d + ".libs/librdkafka*.so*") + glob.glob(d + "/.libs/librdkafka*.so*"))[0])' 2>/dev/null) || return 1
  mkdir -p "$WORK/rdkafka-wheel"
  ln -sf "$lib" "$WORK/rdkafka-wheel/librdkafka.so.1"
  echo "$WORK/rdkafka-wheel"
}
kcat_for() { # kcat_for FLAVOUR: prints the command prefix for one kcat flavour
  case $1 in
    sys) echo kcat ;;
    wheel) echo "env LD_LIBRARY_PATH=$WHEEL_LIB kcat" ;;
  esac
}

# py SUITE SCRIPT ARGS...: runs one of the python check scripts; they print their own PASS/FAIL lines,
# which are counted here. A script that dies before reporting counts as one more FAIL.
py() {
  local suite=$1 script=$2 line npass=0 nfail=0
  shift 2
  OUT=$DIR/$script.out ERR=$DIR/$script.err
  if [ ! -x "$PYTHON" ]; then fail "$suite/python" "no python with the Kafka clients at $PYTHON (run tests/interop/setup.sh)"; return; fi
  local limit
  if ! limit=$(budget_left "${PY_TIMEOUT:-300}"); then
    fail "$suite/$script" "not run: the suite's time budget of $BUDGET s is spent"
    return
  fi
  timeout -k 5 "$limit" "$PYTHON" -u "$HERE/$script" --bootstrap "$BOOT" "$@" >"$OUT" 2>"$ERR" </dev/null
  RC=$?
  while IFS= read -r line; do
    case $line in
      PASS\ *) echo "$line"; PASSED=$((PASSED + 1)); npass=$((npass + 1)) ;;
      FAIL\ *) echo "$line"; FAILED=$((FAILED + 1)); nfail=$((nfail + 1)) ;;
      NOTE\ *) echo "$line" ;;
      *) [ "$nfail" = 0 ] || echo "    | $line" ;;
    esac
  done <"$OUT"
  if [ "$RC" != 0 ] && [ "$nfail" = 0 ]; then
    fail "$suite/$script" "exited $RC before reporting a failure (124 = timed out)" "$OUT" "$ERR"
  elif [ "$nfail" != 0 ]; then
    show "$ERR"
  elif [ "$npass" = 0 ]; then
    fail "$suite/$script" "reported no check" "$OUT" "$ERR"
  fi
}

create_topic() { # create_topic NAME PARTITIONS: through confluent-kafka's admin client, any broker
  local limit
  limit=$(budget_left "$T") || return 1
  timeout -k 5 "$limit" "$PYTHON" "$HERE/kadmin.py" --bootstrap "$BOOT" create "$1" "$2" >>"$DIR/create-topics.log" 2>&1
}

# ---------------------------------------------------------------- suites

# cli: kt's own commands against the answer key (shared/reference/outputs.md).
suite_cli() {
  local b=$BOOT
  need_kt || { verdict cli/kt-binary; return; }
  run create "$KT" topics --create --topic my-topic --bootstrap-server "$b"
  want_rc 0; want_stdout $'Created topic my-topic.\n'; want_stderr ''
  verdict cli/topics-create

  run list "$KT" topics --list --bootstrap-server "$b"
  want_rc 0; want_stdout $'my-topic\n'; want_stderr ''
  verdict cli/topics-list

  run describe "$KT" topics --describe --topic my-topic --bootstrap-server "$b"
  want_rc 0; want_stderr ''
  local -a lines
  mapfile -t lines <"$OUT"
  local re1=$'^Topic: my-topic\tTopicId: [A-Za-z0-9_-]{22}\tPartitionCount: 1\tReplicationFactor: 1\tConfigs: $'
  local re2=$'^\tTopic: my-topic\tPartition: 0\tLeader: 0\tReplicas: 0\tIsr: 0\tElr: N/A\tLastKnownElr: N/A$'
  [ "${#lines[@]}" = 2 ] || WHY+="${#lines[@]} stdout lines, want 2; "
  [[ ${lines[0]:-} =~ $re1 ]] || WHY+="line 1 does not match $(printf '%q' "$re1"); "
  [[ ${lines[1]:-} =~ $re2 ]] || WHY+="line 2 does not match $(printf '%q' "$re2"); "
  [ "$(tail -c 1 "$OUT" | od -An -c | tr -d ' ')" = '\n' ] || WHY+="stdout does not end with a newline; "
  verdict cli/topics-describe

  run create-existing "$KT" topics --create --topic my-topic --bootstrap-server "$b"
  want_rc 1; want_stdout $'Error while executing topic command : Topic \'my-topic\' already exists.\n'
  verdict cli/topics-create-existing

  run describe-missing "$KT" topics --describe --topic no-such-topic --bootstrap-server "$b"
  want_rc 1; want_stdout $'Error while executing topic command : Topic \'Optional[no-such-topic]\' does not exist as expected\n'
  verdict cli/topics-describe-missing

  run bad-flag "$KT" topics --list --bogus-flag --bootstrap-server "$b"
  want_rc 1; want_stdout ''; want_stderr_first 'bogus-flag is not a recognized option'
  verdict cli/topics-bad-flag

  printf 'x\n' >"$DIR/x.txt"
  run_in "$DIR/x.txt" producer-no-topic "$KT" console-producer --bootstrap-server "$b"
  want_rc 1; want_stdout ''; want_stderr_first 'Missing required argument "[topic]"'
  verdict cli/producer-no-topic

  local five=$'This is my first event\nThis is my second event\nline three\nline four\nline five\n'
  printf '%s' "$five" >"$DIR/five.txt"
  run_in "$DIR/five.txt" produce "$KT" console-producer --topic my-topic --bootstrap-server "$b"
  want_rc 0; want_stdout ''; want_stderr ''
  verdict cli/console-producer

  run consume "$KT" console-consumer --topic my-topic --from-beginning --max-messages 5 --bootstrap-server "$b"
  want_rc 0; want_stdout "$five"; want_stderr $'Processed a total of 5 messages\n'
  verdict cli/console-consumer

  run get-offsets "$KT" get-offsets --bootstrap-server "$b" --topic my-topic
  want_rc 0; want_stdout $'my-topic:0:5\n'
  verdict cli/get-offsets
}

# kcat: metadata, keyed produce with every codec, read back by kcat and by kt console-consumer.
suite_kcat() {
  local flavour codec topic k i
  for codec in none gzip snappy lz4 zstd; do
    for i in $(seq 1000); do printf 'key-%d:value %d of the %s topic, a little text to compress\n' "$i" "$i" "$codec"; done >"$DIR/sent-$codec.txt"
    cut -d: -f2- "$DIR/sent-$codec.txt" >"$DIR/sent-$codec.values"
  done
  for flavour in $KCATS; do
    case $flavour in sys | wheel) ;; *) fail "kcat-$flavour" "unknown kcat flavour"; continue ;; esac
    command -v kcat >/dev/null || { fail "kcat-$flavour/installed" "kcat not on PATH (run tests/interop/setup.sh)"; continue; }
    if [ "$flavour" = wheel ] && [ -z "$WHEEL_LIB" ]; then
      fail "kcat-$flavour/installed" "no librdkafka found in the confluent-kafka wheel of $PYTHON"
      continue
    fi
    # shellcheck disable=SC2046 # word splitting of the kcat prefix is wanted
    set -- $(kcat_for "$flavour")
    run "$flavour-connect" "$@" -L -b "$BOOT" -m 15
    want_rc 0
    grep -Eq "broker [0-9]+ at 127\.0\.0\.1:$PORT" "$OUT" || WHY+="no 'broker N at $BOOT' line; "
    if [ -n "$WHY" ]; then
      verdict "kcat-$flavour/connect"
      for codec in none gzip snappy lz4 zstd; do
        for k in produce consume-values consume-keys kt-console-consumer; do
          fail "kcat-$flavour/$codec/$k" "not run: kcat-$flavour could not read the broker's metadata"
        done
      done
      fail "kcat-$flavour/metadata" "not run: kcat-$flavour could not read the broker's metadata"
      continue
    fi
    verdict "kcat-$flavour/connect"
    for codec in none gzip snappy lz4 zstd; do
      topic=kcat-$flavour-$codec
      k=kcat-$flavour/$codec
      create_topic "$topic" 1 || WHY+="could not create topic $topic (see create-topics.log); "
      run "$flavour-$codec-produce" "$@" -P -b "$BOOT" -t "$topic" -K: -z "$codec" -X acks=all -l "$DIR/sent-$codec.txt"
      want_rc 0
      verdict "$k/produce"

      run "$flavour-$codec-consume" "$@" -C -b "$BOOT" -t "$topic" -o beginning -e -q
      want_rc 0; want_same "$OUT" "$DIR/sent-$codec.values"
      verdict "$k/consume-values"

      run "$flavour-$codec-consume-keys" "$@" -C -b "$BOOT" -t "$topic" -o beginning -e -q -f '%k:%s\n'
      want_rc 0; want_same "$OUT" "$DIR/sent-$codec.txt"
      verdict "$k/consume-keys"

      if need_kt; then
        run "$flavour-$codec-kt-consume" "$KT" console-consumer --topic "$topic" --from-beginning --max-messages 1000 --bootstrap-server "$BOOT"
        want_rc 0; want_same "$OUT" "$DIR/sent-$codec.values"
      fi
      verdict "$k/kt-console-consumer"
    done
    compaction_with_kcat "$flavour" "$@"
    run "$flavour-metadata" "$@" -L -b "$BOOT"
    want_rc 0
    grep -Eq "broker [0-9]+ at 127\.0\.0\.1:$PORT" "$OUT" || WHY+="no 'broker N at $BOOT' line; "
    for codec in none gzip snappy lz4 zstd; do
      grep -q "topic \"kcat-$flavour-$codec\" with 1 partitions" "$OUT" || WHY+="topic kcat-$flavour-$codec not listed; "
    done
    verdict "kcat-$flavour/metadata"
  done
}

# compaction_with_kcat FLAVOUR KCAT...: three rounds of updates to 20 keys (gzip batches) on a
# topic with cleanup.policy=compact; each round lands in its own segment (segment.ms=100), so
# once the cleaner has run (log.cleaner.backoff.ms=200) a read from the start holds only the
# last round, at its original offsets 40-59.
compaction_with_kcat() {
  local flavour=$1 topic=kcat-$1-compact round i
  shift
  need_kt || { verdict "kcat-$flavour/compaction"; return; }
  run "$flavour-compact-create" "$KT" topics --create --topic "$topic" --partitions 1 \
    --config cleanup.policy=compact --config segment.ms=100 --config min.cleanable.dirty.ratio=0.01 \
    --bootstrap-server "$BOOT"
  want_rc 0
  for round in 1 2 3; do
    for i in $(seq 20); do printf 'key-%d:round %d\n' "$i" "$round"; done >"$DIR/compact-$round.txt"
    sleep 0.2 # past segment.ms: this round's first record rolls a new segment
    run "$flavour-compact-produce-$round" "$@" -P -b "$BOOT" -t "$topic" -K: -z gzip -X acks=all -l "$DIR/compact-$round.txt"
    want_rc 0
  done
  awk '{ printf "%d %s\n", NR + 39, $0 }' "$DIR/compact-3.txt" >"$DIR/compact-want.txt"
  for i in $(seq 100); do # up to 20 s for the cleaner
    run "$flavour-compact-consume" "$@" -C -b "$BOOT" -t "$topic" -o beginning -e -q -f '%o %k:%s\n'
    cmp -s "$OUT" "$DIR/compact-want.txt" && break
    sleep 0.2
  done
  want_rc 0; want_same "$OUT" "$DIR/compact-want.txt"
  verdict "kcat-$flavour/compaction"
}

# ssl: kcat (both flavours) on kt's SSL listener with mutual TLS: metadata advertising the SSL
# endpoint, keyed records produced and read back over TLS, a client without a certificate refused;
# then kt's console consumer through Kafka's client properties (PEM stores).
suite_ssl() {
  local flavour topic tls
  seq 1 500 | sed 's/^\(.*\)$/key-\1:record \1 sent over TLS/' >"$DIR/ssl-sent.txt"
  cut -d: -f2- "$DIR/ssl-sent.txt" >"$DIR/ssl-sent.values"
  tls="-X security.protocol=ssl -X ssl.ca.location=$CERTS/ca.pem -X ssl.certificate.location=$CERTS/client.pem -X ssl.key.location=$CERTS/client.pem"
  for flavour in $KCATS; do
    case $flavour in sys | wheel) ;; *) fail "ssl-$flavour" "unknown kcat flavour"; continue ;; esac
    command -v kcat >/dev/null || { fail "ssl-$flavour/installed" "kcat not on PATH (run tests/interop/setup.sh)"; continue; }
    if [ "$flavour" = wheel ] && [ -z "$WHEEL_LIB" ]; then
      fail "ssl-$flavour/installed" "no librdkafka found in the confluent-kafka wheel of $PYTHON"
      continue
    fi
    # shellcheck disable=SC2046,SC2086 # word splitting of the kcat prefix and TLS flags is wanted
    set -- $(kcat_for "$flavour") $tls
    topic=ssl-$flavour
    run "ssl-$flavour-metadata" "$@" -L -b "$SSL_BOOT" -m 15
    want_rc 0
    grep -Eq "broker [0-9]+ at 127\.0\.0\.1:$SSL_PORT" "$OUT" || WHY+="no 'broker N at $SSL_BOOT' line; "
    verdict "ssl-$flavour/metadata-advertises-the-ssl-listener"

    run "ssl-$flavour-produce" "$@" -P -b "$SSL_BOOT" -t "$topic" -K: -X acks=all -l "$DIR/ssl-sent.txt"
    want_rc 0
    verdict "ssl-$flavour/produce"
    run "ssl-$flavour-consume" "$@" -C -b "$SSL_BOOT" -t "$topic" -o beginning -e -q -f '%k:%s\n'
    want_rc 0; want_same "$OUT" "$DIR/ssl-sent.txt"
    verdict "ssl-$flavour/consume"

    # shellcheck disable=SC2046 # word splitting of the kcat prefix is wanted
    run "ssl-$flavour-no-certificate" $(kcat_for "$flavour") -L -b "$SSL_BOOT" -m 5 \
      -X security.protocol=ssl -X ssl.ca.location="$CERTS/ca.pem"
    [ "$RC" != 0 ] || WHY+="a client without a certificate was served (exit 0); "
    grep -q "broker .* at" "$OUT" && WHY+="metadata listed to a client without a certificate; "
    verdict "ssl-$flavour/mtls-refuses-a-client-without-a-certificate"
  done
  if need_kt; then
    printf 'security.protocol=SSL\nssl.truststore.type=PEM\nssl.truststore.location=%s\nssl.keystore.type=PEM\nssl.keystore.location=%s\n' \
      "$CERTS/ca.pem" "$CERTS/client.pem" >"$DIR/client-ssl.properties"
    run "ssl-kt-console-consumer" "$KT" console-consumer --topic ssl-sys --from-beginning --max-messages 500 \
      --bootstrap-server "$SSL_BOOT" --consumer.config "$DIR/client-ssl.properties"
    want_rc 0; want_same "$OUT" "$DIR/ssl-sent.values"
  fi
  verdict "ssl/kt-console-consumer-with-client-properties"
}

# security: kcat (both flavours), kafka-python, confluent-kafka and the Java client producing and
# reading back over SASL_SSL with SCRAM-SHA-512 and over SSL with a client certificate; a wrong
# password gets Kafka's authentication error, a topic an ACL denies gets TOPIC_AUTHORIZATION_FAILED;
# kt's console producer and consumer go over SASL_SSL through Kafka's client properties.
suite_security() {
  local flavour sasl ssl
  seq 1 50 | sed 's/^\(.*\)$/key-\1:record \1 sent securely/' >"$DIR/sec-sent.txt"
  sasl="-X security.protocol=sasl_ssl -X ssl.ca.location=$CERTS/ca.pem -X sasl.mechanism=SCRAM-SHA-512 -X sasl.username=$SEC_USER"
  ssl="-X security.protocol=ssl -X ssl.ca.location=$CERTS/ca.pem -X ssl.certificate.location=$CERTS/client.pem -X ssl.key.location=$CERTS/client.pem"
  for flavour in $KCATS; do
    case $flavour in sys | wheel) ;; *) fail "security/kcat-$flavour" "unknown kcat flavour"; continue ;; esac
    command -v kcat >/dev/null || { fail "security/kcat-$flavour/installed" "kcat not on PATH (run tests/interop/setup.sh)"; continue; }
    if [ "$flavour" = wheel ] && [ -z "$WHEEL_LIB" ]; then
      fail "security/kcat-$flavour/installed" "no librdkafka found in the confluent-kafka wheel of $PYTHON"
      continue
    fi
    local k=security/kcat-$flavour
    # shellcheck disable=SC2046,SC2086 # word splitting of the kcat prefix and flags is wanted
    set -- $(kcat_for "$flavour") $sasl
    run "kcat-$flavour-sasl-produce" "$@" -X "sasl.password=$SEC_PASSWORD" -P -b "$SASL_BOOT" -t "kcat-$flavour-sasl" -K: -X acks=all -l "$DIR/sec-sent.txt"
    want_rc 0
    run "kcat-$flavour-sasl-consume" "$@" -X "sasl.password=$SEC_PASSWORD" -C -b "$SASL_BOOT" -t "kcat-$flavour-sasl" -o beginning -e -q -f '%k:%s\n'
    want_rc 0; want_same "$OUT" "$DIR/sec-sent.txt"
    verdict "$k/sasl-ssl-scram-sha-512-produce-consume"

    run "kcat-$flavour-wrong-password" "$@" -X sasl.password=not-the-password -L -b "$SASL_BOOT" -m 2
    [ "$RC" != 0 ] || WHY+="metadata was served to a wrong password (exit 0); "
    grep -q 'Authentication failed' "$ERR" || WHY+="no 'Authentication failed' in stderr; "
    verdict "$k/wrong-password-authentication-failed"

    printf 'x\n' >"$DIR/x.txt"
    run "kcat-$flavour-denied" "$@" -X "sasl.password=$SEC_PASSWORD" -P -b "$SASL_BOOT" -t "$SEC_DENIED" -X message.timeout.ms=10000 -l "$DIR/x.txt"
    [ "$RC" != 0 ] || WHY+="producing to the denied topic exited 0; "
    grep -q 'Topic authorization failed' "$ERR" || WHY+="no 'Topic authorization failed' in stderr; "
    verdict "$k/acl-denied-topic-authorization-failed"

    # shellcheck disable=SC2046,SC2086
    set -- $(kcat_for "$flavour") $ssl
    run "kcat-$flavour-ssl-produce" "$@" -P -b "$SSL_BOOT" -t "kcat-$flavour-ssl" -K: -X acks=all -l "$DIR/sec-sent.txt"
    want_rc 0
    run "kcat-$flavour-ssl-consume" "$@" -C -b "$SSL_BOOT" -t "kcat-$flavour-ssl" -o beginning -e -q -f '%k:%s\n'
    want_rc 0; want_same "$OUT" "$DIR/sec-sent.txt"
    verdict "$k/ssl-client-certificate-produce-consume"
  done

  py security security_check.py --sasl-ssl "$SASL_BOOT" --ssl "$SSL_BOOT" --certs "$CERTS" \
    --user "$SEC_USER" --password "$SEC_PASSWORD" --denied-topic "$SEC_DENIED"

  security_java

  if need_kt; then
    printf 'security.protocol=SASL_SSL\nssl.truststore.type=PEM\nssl.truststore.location=%s\nsasl.mechanism=SCRAM-SHA-512\nsasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="%s" password="%s";\n' \
      "$CERTS/ca.pem" "$SEC_USER" "$SEC_PASSWORD" >"$DIR/client-sasl.properties"
    cut -d: -f2- "$DIR/sec-sent.txt" >"$DIR/sec-sent.values"
    run_in "$DIR/sec-sent.values" kt-sasl-console-producer "$KT" console-producer --topic kt-sasl \
      --bootstrap-server "$SASL_BOOT" --producer.config "$DIR/client-sasl.properties"
    want_rc 0
    run kt-sasl-console-consumer "$KT" console-consumer --topic kt-sasl --from-beginning --max-messages 50 \
      --bootstrap-server "$SASL_BOOT" --consumer.config "$DIR/client-sasl.properties"
    want_rc 0; want_same "$OUT" "$DIR/sec-sent.values"
  fi
  verdict security/kt-console-tools-sasl-ssl-with-client-properties
}

# java_compile NAME CLASS: compiles tests/interop/java/CLASS.java against the jars of the reference
# run.sh (`run.sh fetch`, which also compiles the tutorial, only when they are missing) into
# $DIR/java-classes and sets JAVA_CP; on a failure reports NAME/run.sh, NAME/jars or NAME/compile
# and returns 1.
java_compile() {
  local name=$1 class=$2 libs classes=$DIR/java-classes
  libs=${KAFKA_JAVA_CLIENT_HOME:-$HOME/.cache/kafka-java-client}/libs
  if [ ! -f "$libs/../.complete" ]; then
    [ -f "$JAVA_RUN" ] || { fail "$name/run.sh" "not found at $JAVA_RUN"; return 1; }
    run java-fetch bash "$JAVA_RUN" fetch
    libs=$(tail -n 1 "$OUT")
    [ "$RC" = 0 ] && [ -d "$libs" ] || { fail "$name/jars" "run.sh fetch failed" "$OUT" "$ERR"; return 1; }
  fi
  mkdir -p "$classes"
  run "java-compile-$class" javac -nowarn -d "$classes" -cp "$libs/*" "$HERE/java/$class.java"
  [ "$RC" = 0 ] || { fail "$name/compile" "javac failed" "$ERR"; return 1; }
  JAVA_CP="$classes:$libs/*"
}

# The Java client's checks (tests/interop/java/SecurityCheck.java, on the jars of the reference
# run.sh): one JVM for all four, since each start costs a second or two.
security_java() {
  local line nfail=0
  java_compile security/java SecurityCheck || return
  local t
  for t in java-sasl java-ssl; do
    "$KT" topics --bootstrap-server "$BOOT" --create --topic "$t" >>"$DIR/create-topics.log" 2>&1 ||
      fail "security/java/create-$t" "kt topics --create $t failed" "$DIR/create-topics.log"
  done
  run java-security java -cp "$JAVA_CP" SecurityCheck "$SASL_BOOT" "$SSL_BOOT" "$CERTS" "$SEC_USER" "$SEC_PASSWORD" "$SEC_DENIED"
  local npass=0
  while IFS= read -r line; do
    case $line in
      PASS\ *) echo "$line"; PASSED=$((PASSED + 1)); npass=$((npass + 1)) ;;
      FAIL\ *) echo "$line"; FAILED=$((FAILED + 1)); nfail=$((nfail + 1)) ;;
    esac
  done <"$OUT"
  if [ "$npass" != 4 ] && [ "$nfail" = 0 ]; then fail security/java/SecurityCheck "exited $RC with $npass of 4 checks reported" "$OUT" "$ERR"; fi
  [ "$nfail" = 0 ] || show "$ERR"
}

# start_transactions_broker DIR: a broker whose groups rebalance without Kafka's initial 3 s delay,
# for the consume-transform-produce loops (each joins a new group).
start_transactions_broker() {
  EXTRA_PROPS="group.initial.rebalance.delay.ms=0" start_broker "$1"
}

# transactions: transactional producers and read_committed consumers of every client. confluent-kafka
# and kafka-python (transactions_check.py), kcat reading what confluent-kafka committed and aborted,
# the Java client (java/TransactionsCheck.java), then the exactly-once check (eos_check.py): 100,000
# records copied by a transactional consume-transform-produce loop killed with kill -9 at random
# moments, the broker killed with kill -9 twice meanwhile, every record in the output exactly once.
suite_transactions() {
  py transactions transactions_check.py --out "$DIR/records"
  local flavour iso want
  for flavour in $KCATS; do
    command -v kcat >/dev/null || { fail "transactions/kcat-$flavour" "kcat not on PATH (run tests/interop/setup.sh)"; continue; }
    [ "$flavour" != wheel ] || [ -n "$WHEEL_LIB" ] || { fail "transactions/kcat-$flavour" "no librdkafka in the confluent-kafka wheel"; continue; }
    for iso in read_committed read_uncommitted; do
      [ "$iso" = read_committed ] && want=$DIR/records/committed.txt || want=$DIR/records/all.txt
      # shellcheck disable=SC2046 # word splitting of the kcat prefix is wanted
      run "kcat-$flavour-$iso" $(kcat_for "$flavour") -C -b "$BOOT" -t txn-cf -o beginning -e -q \
        -X "isolation.level=$iso" -f '%p %s\n'
      want_rc 0
      [ -f "$want" ] || WHY+="no $(basename "$want") from transactions_check.py; "
      # kcat interleaves the partitions: order within each partition is what must hold.
      sort -s -k1,1n "$OUT" >"$OUT.by-partition"
      [ ! -f "$want" ] || want_same "$OUT.by-partition" "$want"
      verdict "transactions/kcat-$flavour/$iso"
    done
  done
  transactions_java
  if [ "$BROKER" != kt ]; then
    fail transactions/exactly-once "not run: it restarts the broker as kt server-start (runs against kt only)"
    return
  fi
  echo "$BROKER_PID" >"$DIR/broker-pids"
  PY_TIMEOUT=150 py transactions eos_check.py --records 100000 --kt "$KT" --broker-dirs "$DIR/broker" \
    --pids "$BROKER_PID" --pids-out "$DIR/broker-pids"
  BROKER_PID=$(cat "$DIR/broker-pids") # the last broker the check started (or the first, if it never killed it)
}

# The Java client's transactions (java/TransactionsCheck.java, on the reference jars), one JVM.
transactions_java() {
  local line npass=0 nfail=0 t
  java_compile transactions/java TransactionsCheck || return
  for t in txn-java txn-java-out txn-java-fenced; do
    "$KT" topics --bootstrap-server "$BOOT" --create --topic "$t" >>"$DIR/create-topics.log" 2>&1 ||
      fail "transactions/java/create-$t" "kt topics --create $t failed" "$DIR/create-topics.log"
  done
  run java-transactions java -cp "$JAVA_CP" TransactionsCheck "$BOOT" txn-java txn-java-out
  while IFS= read -r line; do
    case $line in
      PASS\ *) echo "$line"; PASSED=$((PASSED + 1)); npass=$((npass + 1)) ;;
      FAIL\ *) echo "$line"; FAILED=$((FAILED + 1)); nfail=$((nfail + 1)) ;;
    esac
  done <"$OUT"
  if [ "$npass" != 6 ] && [ "$nfail" = 0 ]; then fail transactions/java/TransactionsCheck "exited $RC with $npass of 6 checks reported" "$OUT" "$ERR"; fi
  [ "$nfail" = 0 ] || show "$ERR"
}

suite_kafka_python() { py kafka_python kafka_python_check.py; }
suite_confluent() { py confluent confluent_check.py; }

# java: the tutorial's producer on the official Java client; kt's consumer reads what it sent.
suite_java() {
  [ -f "$JAVA_RUN" ] || { fail java/run.sh "not found at $JAVA_RUN"; return; }
  create_topic my-topic 1 || WHY+="could not create my-topic; "
  local n offsets=() re='^Sent message: \(key1, value1\) to my-topic-0 at offset ([0-9]+)$'
  for n in 1 2; do
    run "producer-$n" env KAFKA_BOOTSTRAP="$BOOT" bash "$JAVA_RUN" producer
    want_rc 0
    if [[ $(cat "$OUT") =~ $re ]]; then offsets+=("${BASH_REMATCH[1]}"); else WHY+="stdout is not one 'Sent message: ...' line; "; fi
    verdict "java/producer-$n"
  done
  if [ "${#offsets[@]}" = 2 ]; then
    [ "${offsets[1]}" = $((offsets[0] + 1)) ] || WHY+="second offset ${offsets[1]} does not follow ${offsets[0]}; "
  else
    WHY+="a producer run failed; "
  fi
  verdict java/offsets-consecutive
  if need_kt && [ "${#offsets[@]}" = 2 ]; then
    local total=$((offsets[1] + 1))
    run java-kt-consume "$KT" console-consumer --topic my-topic --from-beginning --max-messages "$total" --property print.key=true --bootstrap-server "$BOOT"
    want_rc 0
    [ "$(tail -n 2 "$OUT")" = $'key1\tvalue1\nkey1\tvalue1' ] || WHY+="the last two records are not key1<TAB>value1; "
    [ "$(wc -l <"$OUT")" = "$total" ] || WHY+="want $total lines; "
  elif [ "${#offsets[@]}" != 2 ]; then
    WHY+="not run: a Java producer run failed; "
  fi
  verdict java/kt-console-consumer
}

# groups: consumer groups (issue 4) through clients kt did not write, then kt consumer-groups on what
# they left behind, against the answer key (shared/reference/outputs.md 07-10, e7).
suite_groups() {
  groups_java
  groups_kcat
  groups_kt_tool
  py groups groups_kafka_python_check.py --kt "$KT"
  py groups groups_confluent_check.py
  py groups groups_bad_input_check.py
}

java_received() { # java_received KEY VALUE OFFSET...: the lines MyConsumer prints for those records
  local k=$1 v=$2 o
  shift 2
  for o in "$@"; do printf 'Received message: (%s, %s) at offset %s\n' "$k" "$v" "$o"; done
}

# The tutorial's MyConsumer (group test-group, kafka-clients 4.3.0) reads what MyProducer sent, commits,
# and a later run continues after the committed offset: no record twice, none skipped.
groups_java() {
  [ -f "$JAVA_RUN" ] || { fail groups/java-run.sh "not found at $JAVA_RUN"; return; }
  create_topic my-topic 1 || WHY+="could not create my-topic; "
  local n re='^Sent message: \(key[0-9], value[0-9]\) to my-topic-0 at offset ([0-9]+)$'
  for n in 1 2; do
    run "java-producer-$n" env KAFKA_BOOTSTRAP="$BOOT" bash "$JAVA_RUN" producer
    want_rc 0; want_stdout "Sent message: (key1, value1) to my-topic-0 at offset $((n - 1))"$'\n'
  done
  verdict groups/java-producer-two-records

  run java-consumer-1 env KAFKA_BOOTSTRAP="$BOOT" bash "$JAVA_RUN" consumer 2 30
  want_rc 0; want_stdout "$(java_received key1 value1 0 1)"$'\n'
  verdict groups/java-consumer-reads-both

  run java-producer-3 env KAFKA_BOOTSTRAP="$BOOT" bash "$JAVA_RUN" producer my-topic key2 value2
  want_rc 0; want_stdout $'Sent message: (key2, value2) to my-topic-0 at offset 2\n'
  verdict groups/java-producer-third-record

  run java-consumer-2 env KAFKA_BOOTSTRAP="$BOOT" bash "$JAVA_RUN" consumer 1 30
  want_rc 0; want_stdout $'Received message: (key2, value2) at offset 2\n'
  verdict groups/java-consumer-continues-after-commit

  run java-consumer-3 env KAFKA_BOOTSTRAP="$BOOT" bash "$JAVA_RUN" consumer 1 5
  want_rc 1; want_stdout ''
  [ "$(tail -n 1 "$ERR")" = 'Got 0 of 1 messages within 5 s' ] || WHY+="last stderr line is not 'Got 0 of 1 messages within 5 s'; "
  verdict groups/java-consumer-nothing-left
}

# kcat -G: a balanced-consumer member that commits when it closes; a second run gets only new records.
groups_kcat() {
  local flavour topic group q i
  for flavour in $KCATS; do
    command -v kcat >/dev/null || { fail "groups/kcat-$flavour" "kcat not on PATH (run tests/interop/setup.sh)"; continue; }
    [ "$flavour" != wheel ] || [ -n "$WHEEL_LIB" ] || { fail "groups/kcat-$flavour" "no librdkafka in the confluent-kafka wheel"; continue; }
    # shellcheck disable=SC2046
    set -- $(kcat_for "$flavour")
    topic=kcat-g-$flavour group=kcat-$flavour-group
    create_topic "$topic" 2 || WHY+="could not create $topic; "
    for q in 0 1; do
      for i in $(seq 0 9); do echo "p$q-$i"; done >"$DIR/kcat-$flavour-p$q.txt"
      run "kcat-$flavour-produce-$q" "$@" -P -b "$BOOT" -t "$topic" -p "$q" -l "$DIR/kcat-$flavour-p$q.txt"
      want_rc 0
    done
    verdict "groups/kcat-$flavour/produce"

    for q in 0 1; do for i in $(seq 0 9); do echo "$q:$i:p$q-$i"; done; done >"$DIR/kcat-$flavour-want1.txt"
    run "kcat-$flavour-group-1" "$@" -b "$BOOT" -G "$group" -X auto.offset.reset=earliest -e -q -f '%p:%o:%s\n' "$topic"
    want_rc 0
    sort -t: -k1,1n -k2,2n "$OUT" >"$OUT.sorted"
    want_same "$OUT.sorted" "$DIR/kcat-$flavour-want1.txt"
    verdict "groups/kcat-$flavour/G-consumes-all"

    for q in 0 1; do printf 'more%s-%s\n' "$q" 0 "$q" 1 "$q" 2 >"$DIR/kcat-$flavour-more$q.txt"; done
    for q in 0 1; do run "kcat-$flavour-produce-more-$q" "$@" -P -b "$BOOT" -t "$topic" -p "$q" -l "$DIR/kcat-$flavour-more$q.txt"; want_rc 0; done
    for q in 0 1; do for i in 0 1 2; do echo "$q:$((10 + i)):more$q-$i"; done; done >"$DIR/kcat-$flavour-want2.txt"
    run "kcat-$flavour-group-2" "$@" -b "$BOOT" -G "$group" -X auto.offset.reset=earliest -e -q -f '%p:%o:%s\n' "$topic"
    want_rc 0
    sort -t: -k1,1n -k2,2n "$OUT" >"$OUT.sorted"
    want_same "$OUT.sorted" "$DIR/kcat-$flavour-want2.txt"
    verdict "groups/kcat-$flavour/G-second-run-resumes"

    if need_kt; then
      run "kcat-$flavour-describe" "$KT" consumer-groups --describe --group "$group" --bootstrap-server "$BOOT"
      want_rc 0
      want_stdout "$(offsets_view "$group" "$topic" 0 13 13 1 13 13)"
    fi
    verdict "groups/kcat-$flavour/committed-offsets"
  done
}

# offsets_view GROUP TOPIC [PARTITION CURRENT END]...: what kafka-consumer-groups --describe prints for
# a group without members: each line "\n" + the format, widths max(15, longest value), no final newline.
offsets_view() {
  local g=$1 t=$2 gw=15 tw=15
  shift 2
  ((${#g} > gw)) && gw=${#g}
  ((${#t} > tw)) && tw=${#t}
  local fmt="\n%-${gw}s %-${tw}s %-10s %-15s %-15s %-15s %-15s %-15s %s"
  # shellcheck disable=SC2059
  printf "$fmt" GROUP TOPIC PARTITION CURRENT-OFFSET LOG-END-OFFSET LAG CONSUMER-ID HOST CLIENT-ID
  while [ $# -ge 3 ]; do
    # shellcheck disable=SC2059
    printf "$fmt" "$g" "$t" "$1" "$2" "$3" $(($3 - $2)) - - -
    shift 3
  done
}

# kt consumer-groups on the groups the Java client and kcat left (all empty now), byte for byte
# against Kafka's formats; then a reset that the Java consumer must follow.
groups_kt_tool() {
  need_kt || { verdict groups/kt-consumer-groups; return; }
  local notice=$'\nConsumer group \'test-group\' has no active members.\n' want_groups
  want_groups=$({ echo test-group; for f in $KCATS; do echo "kcat-$f-group"; done; } | sort)
  run cg-list "$KT" consumer-groups --list --bootstrap-server "$BOOT"
  want_rc 0; want_stderr ''
  [ "$(sort "$OUT")" = "$want_groups" ] || WHY+="groups listed are not: ${want_groups//$'\n'/ }; "
  verdict groups/kt-list

  run cg-list-state "$KT" consumer-groups --list --state --bootstrap-server "$BOOT"
  want_rc 0; want_stderr ''
  local g w=15 # the GROUP column is as wide as the longest group id, at least 15
  for g in $want_groups; do ((${#g} > w)) && w=${#g}; done
  [ "$(head -n 1 "$OUT")" = "$(printf '%-*s STATE' "$w" GROUP)" ] || WHY+="first line is not 'GROUP' padded to $w, then 'STATE'; "
  [ "$(tail -n +2 "$OUT" | sort)" = "$(for g in $want_groups; do printf '%-*s Empty\n' "$w" "$g"; done)" ] || WHY+="rows are not '<group> Empty' for: ${want_groups//$'\n'/ }; "
  verdict groups/kt-list-state

  run cg-list-stable "$KT" consumer-groups --list --state Stable --bootstrap-server "$BOOT"
  want_rc 0; want_stdout $'GROUP           STATE\n'
  verdict groups/kt-list-state-stable-none

  run cg-describe "$KT" consumer-groups --describe --group test-group --bootstrap-server "$BOOT"
  want_rc 0; want_stdout "$(offsets_view test-group my-topic 0 3 3)"; want_stderr "$notice"
  verdict groups/kt-describe-offsets

  run cg-members "$KT" consumer-groups --describe --group test-group --members --bootstrap-server "$BOOT"
  want_rc 0; want_stdout $'\nGROUP           CONSUMER-ID     HOST            CLIENT-ID       #PARTITIONS     \n'; want_stderr "$notice"
  verdict groups/kt-describe-members

  run cg-state "$KT" consumer-groups --describe --group test-group --state --bootstrap-server "$BOOT"
  want_rc 0; want_stderr "$notice"
  local fmt='%-25s %-25s %-20s %-15s %s' # "\n" + this per line, then one newline (10-groups-describe-state)
  # shellcheck disable=SC2059
  want_stdout "$(printf "\n$fmt\n$fmt" GROUP 'COORDINATOR (ID)' ASSIGNMENT-STRATEGY STATE '#MEMBERS' test-group "$BOOT  (0)" '' Empty 0)"$'\n'
  verdict groups/kt-describe-state

  run cg-missing "$KT" consumer-groups --describe --group no-such-group --bootstrap-server "$BOOT"
  want_rc 0; want_stdout $'\nError: Consumer group \'no-such-group\' does not exist.\n'; want_stderr ''
  verdict groups/kt-describe-missing-group

  # Back to offset 1: MyConsumer must then read offsets 1 and 2 again, and nothing else.
  run cg-reset "$KT" consumer-groups --reset-offsets --group test-group --topic my-topic --to-offset 1 --execute --bootstrap-server "$BOOT"
  want_rc 0
  run cg-reset-describe "$KT" consumer-groups --describe --group test-group --bootstrap-server "$BOOT"
  want_stdout "$(offsets_view test-group my-topic 0 1 3)"
  if [ -f "$JAVA_RUN" ]; then
    run java-consumer-after-reset env KAFKA_BOOTSTRAP="$BOOT" bash "$JAVA_RUN" consumer 2 30
    want_rc 0; want_stdout "$(java_received key1 value1 1)"$'\nReceived message: (key2, value2) at offset 2\n'
  fi
  verdict groups/kt-reset-offsets-then-java-consumer

  g=kcat-${KCATS%% *}-group
  run cg-delete "$KT" consumer-groups --delete --group "$g" --bootstrap-server "$BOOT"
  want_rc 0; want_stdout "Deletion of requested consumer groups ('$g') was successful."$'\n'
  run cg-list-after-delete "$KT" consumer-groups --list --bootstrap-server "$BOOT"
  ! grep -qx "$g" "$OUT" || WHY+="$g still listed after its deletion; "
  verdict groups/kt-delete-group
}

# kills_during_restart DIR: a second kill -9, while the broker restarts after the first: kt is
# started on DIR's log dirs and killed with SIGKILL a few milliseconds later, at different points of
# its start-up and log recovery. A restart takes from under a millisecond to tens of them depending
# on the machine and on how much unflushed data recovery reads, so the delay adapts: a kill that
# landed before start-up began doubles it, one that landed after the logs were loaded halves it. At
# least six kills, and more (up to 30) until two landed after start-up began and before the logs
# were loaded (recovery interrupted), which is the pass condition; says where each kill landed. The
# caller restarts the broker afterwards and verifies the records.
kills_during_restart() {
  local dir=$1 log=$1/broker.log delay=0.002 n pid before new
  local during=0 where=()
  for n in $(seq 0 29); do
    [ "$n" -lt 6 ] || [ "$during" -lt 2 ] || break
    before=$(wc -l <"$log")
    "$KT" server-start "$dir/server.properties" >>"$log" 2>&1 &
    pid=$!
    disown "$pid"
    sleep "$delay"
    kill -KILL "$pid" 2>/dev/null
    while kill -0 "$pid" 2>/dev/null; do sleep 0.01; done
    new=$(tail -n +"$((before + 1))" "$log")
    if grep -q "started in" <<<"$new"; then
      where+=("${delay}s:started")
      delay=$(awk -v d="$delay" 'BEGIN {printf "%.4f", d / 2}')
    elif grep -q "loaded .* partition logs" <<<"$new"; then
      where+=("${delay}s:logs-loaded")
      delay=$(awk -v d="$delay" 'BEGIN {printf "%.4f", d / 2}')
    elif grep -q "starting" <<<"$new"; then
      where+=("${delay}s:loading-logs")
      during=$((during + 1))
    else
      where+=("${delay}s:before-start-up")
      delay=$(awk -v d="$delay" 'BEGIN {printf "%.4f", d * 2 + 0.001}')
    fi
  done
  echo "NOTE durability: kill -9 during the restart after ${where[*]}"
  if [ "$during" -ge 2 ]; then
    pass durability/kill-9-during-recovery
  else
    fail durability/kill-9-during-recovery "fewer than 2 kills landed while the logs were loading: ${where[*]}" "$log"
  fi
}

# durability: acked records survive kill -9 of the broker under produce load, kill -9s during the
# restart that follows (log recovery interrupted), and a last restart on the same log dirs.
suite_durability() {
  local port=$PORT pid=$BROKER_PID
  py durability durability_check.py produce --broker-pid "$pid" --acked "$DIR/acked.json"
  local i
  for i in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.05; done
  if kill -0 "$pid" 2>/dev/null; then
    fail durability/killed "broker still running after the kill -9"
    stop_broker
  else
    { wait "$pid"; } 2>/dev/null
    BROKER_PID=
  fi
  kills_during_restart "$DIR/broker"
  if start_broker "$DIR/broker" "$port"; then
    pass durability/restart
    py durability durability_check.py verify --acked "$DIR/acked.json"
  else
    fail durability/restart "broker did not restart on its old log dirs ($START_WHY)" "$DIR/broker/broker.log"
  fi
}

# bad_input: malformed frames on raw sockets; the broker must keep serving normal clients.
suite_bad_input() {
  py bad_input bad_input_check.py --broker-pid "$BROKER_PID"
  local flavour
  for flavour in $KCATS; do
    # shellcheck disable=SC2046
    set -- $(kcat_for "$flavour")
    command -v kcat >/dev/null || { fail "bad_input/kcat-$flavour-metadata" "kcat not installed"; continue; }
    run "kcat-$flavour-after" "$@" -L -b "$BOOT"
    want_rc 0
    grep -Eq "broker [0-9]+ at 127\.0\.0\.1:$PORT" "$OUT" || WHY+="no broker line; "
    verdict "bad_input/kcat-$flavour-metadata-after"
  done
}

# zookeeper: kazoo's checks, zkCli.sh commands and four-letter words against kt zookeeper-start, then
# one kazoo transcript against a fresh kt and a fresh Apache ZooKeeper (Debian's): they must be equal.
suite_zookeeper() {
  py zookeeper zookeeper_check.py

  if [ ! -x "$ZKCLI" ]; then
    fail zookeeper/zkcli "zkCli.sh not found at $ZKCLI (run tests/interop/setup.sh)"
  else
    # zkCli prints command results on stdout or stderr depending on the command: read both.
    run zkcli-create "$ZKCLI" -server "$BOOT" create /zkcli hello
    want_rc 0; cat "$OUT" "$ERR" | grep -q '^Created /zkcli$' || WHY+="no 'Created /zkcli' line; "
    verdict zookeeper/zkcli-create

    run zkcli-set "$ZKCLI" -server "$BOOT" set /zkcli world
    want_rc 0
    run zkcli-get "$ZKCLI" -server "$BOOT" get -s /zkcli
    want_rc 0
    grep -q '^world$' "$OUT" || WHY+="data is not 'world'; "
    grep -q '^dataVersion = 1$' "$OUT" || WHY+="no 'dataVersion = 1'; "
    grep -q '^ephemeralOwner = 0x0$' "$OUT" || WHY+="no 'ephemeralOwner = 0x0'; "
    verdict zookeeper/zkcli-set-get

    run zkcli-seq "$ZKCLI" -server "$BOOT" create -s /zkcli/item- x
    want_rc 0; cat "$OUT" "$ERR" | grep -q '^Created /zkcli/item-0000000000$' || WHY+="no sequential name item-0000000000; "
    verdict zookeeper/zkcli-sequential

    run zkcli-eph "$ZKCLI" -server "$BOOT" create -e /zkcli/eph x
    want_rc 0; cat "$OUT" "$ERR" | grep -q '^Created /zkcli/eph$' || WHY+="ephemeral not created; "
    # zkCli exits without closing its session (as with Apache ZooKeeper): the node has an owner
    # until the session expires.
    run zkcli-stat "$ZKCLI" -server "$BOOT" stat /zkcli/eph
    want_rc 0; grep -Eq '^ephemeralOwner = 0x[0-9a-f]*[1-9a-f][0-9a-f]*$' "$OUT" || WHY+="no non-zero ephemeralOwner; "
    run zkcli-ls "$ZKCLI" -server "$BOOT" ls /zkcli
    want_rc 0; grep -q '^\[eph, item-0000000000\]$' "$OUT" || WHY+="ls /zkcli is not [eph, item-0000000000]; "
    verdict zookeeper/zkcli-ephemeral-and-ls

    run zkcli-count "$ZKCLI" -server "$BOOT" getAllChildrenNumber /zkcli
    want_rc 0; grep -q '^2$' "$OUT" || WHY+="getAllChildrenNumber /zkcli is not 2; "
    run zkcli-whoami "$ZKCLI" -server "$BOOT" whoami
    want_rc 0; grep -q '^ip: 127.0.0.1$' "$OUT" || WHY+="whoami lacks 'ip: 127.0.0.1'; "
    run zkcli-sync "$ZKCLI" -server "$BOOT" sync /zkcli
    want_rc 0; cat "$OUT" "$ERR" | grep -q 'Sync is OK' || WHY+="sync did not say 'Sync is OK'; "
    verdict zookeeper/zkcli-count-whoami-sync

    run zkcli-delete "$ZKCLI" -server "$BOOT" delete /zkcli
    cat "$OUT" "$ERR" | grep -q 'Node not empty: /zkcli' || WHY+="no 'Node not empty' for a parent; "
    run zkcli-deleteall "$ZKCLI" -server "$BOOT" deleteall /zkcli
    want_rc 0
    run zkcli-ls2 "$ZKCLI" -server "$BOOT" ls /
    grep -q '^\[.*zookeeper\]$' "$OUT" || WHY+="ls / lists nothing; "
    grep -q 'zkcli' "$OUT" && WHY+="/zkcli still listed after deleteall; "
    verdict zookeeper/zkcli-delete
  fi

  local w reply
  for w in ruok srvr mntr; do
    reply=$(timeout 5 bash -c "exec 3<>/dev/tcp/127.0.0.1/$PORT; printf $w >&3; cat <&3" 2>&1)
    case $w in
      ruok) [ "$reply" = imok ] || WHY+="ruok answered '$reply'; " ;;
      srvr) [[ $reply == *"Mode: standalone"* ]] || WHY+="srvr lacks 'Mode: standalone'; " ;;
      mntr) [[ $reply == *zk_znode_count* ]] || WHY+="mntr lacks zk_znode_count; " ;;
    esac
  done
  verdict zookeeper/four-letter-words-raw

  # The transcript on a fresh kt server, then on a fresh Apache ZooKeeper.
  local kt_pid=$BROKER_PID kt_port=$PORT
  if ! start_zookeeper "$DIR/fresh"; then
    fail zookeeper/transcript "a fresh kt zookeeper-start did not start ($START_WHY)" "$DIR/fresh/broker.log"
    stop_broker
    BROKER_PID=$kt_pid PORT=$kt_port BOOT=127.0.0.1:$kt_port
    return
  fi
  run transcript-kt "$PYTHON" "$HERE/zookeeper_transcript.py" --bootstrap "$BOOT"
  want_rc 0
  cp "$OUT" "$DIR/transcript-kt.txt"
  stop_broker
  BROKER_PID=$kt_pid PORT=$kt_port BOOT=127.0.0.1:$kt_port
  if ! apache_zookeeper "$DIR/apache"; then
    fail zookeeper/transcript "$START_WHY"
    [ -z "$ZK_PID" ] || kill -TERM "$ZK_PID" 2>/dev/null
    return
  fi
  local zport=$ZK_PORT zpid=$ZK_PID
  run transcript-apache "$PYTHON" "$HERE/zookeeper_transcript.py" --bootstrap "127.0.0.1:$zport"
  want_rc 0
  cp "$OUT" "$DIR/transcript-apache.txt"
  local transcript_why=$WHY
  WHY=''
  # kt zookeeper-shell and ZooKeeper's own zkCli.sh run the same commands (one per process, then
  # a session on stdin) against this Apache ZooKeeper: outputs and exit codes must be identical.
  if [ -x "$ZKCLI" ]; then
    T=240 run shell-zkcli python3 "$HERE/zookeeper_shell_transcript.py" --bootstrap "127.0.0.1:$zport" -- "$ZKCLI" -server
    want_rc 0
    cp "$OUT" "$DIR/shell-zkcli.txt"
    T=240 run shell-kt python3 "$HERE/zookeeper_shell_transcript.py" --bootstrap "127.0.0.1:$zport" -- "$KT" zookeeper-shell
    want_rc 0
    want_same "$OUT" "$DIR/shell-zkcli.txt"
  else
    WHY+="zkCli.sh not found at $ZKCLI (run tests/interop/setup.sh); "
  fi
  verdict zookeeper/zookeeper-shell-equals-zkcli
  kill -TERM "$zpid" 2>/dev/null
  { wait "$zpid"; } 2>/dev/null
  WHY=$transcript_why
  want_same "$DIR/transcript-kt.txt" "$DIR/transcript-apache.txt"
  verdict zookeeper/transcript-equals-apache-zookeeper
}

# cluster_start NAME ZK_CONNECT [PROPS]: three kt brokers (ids 0, 1, 2) in ZooKeeper mode on
# ZK_CONNECT, each with its data, server.properties and broker.log in $DIR/NAME-broker-ID and PROPS
# (lines) added to its properties; waits until every one lists all three in its metadata, adding to
# WHY the ones that do not within 10 s. Sets CLUSTER_PIDS, CLUSTER_PORTS and CLUSTER_DIRS (by id).
cluster_start() {
  local name=$1 connect=$2 props=${3:-} i port cdir
  CLUSTER_PIDS=() CLUSTER_PORTS=() CLUSTER_DIRS=()
  for i in 0 1 2; do
    port=$(free_port)
    cdir=$DIR/$name-broker-$i
    mkdir -p "$cdir"
    cat >"$cdir/server.properties" <<EOF
broker.id=$i
listeners=PLAINTEXT://127.0.0.1:$port
advertised.listeners=PLAINTEXT://127.0.0.1:$port
log.dirs=$cdir/logs
zookeeper.connect=$connect
zookeeper.session.timeout.ms=6000
$props
EOF
    "$KT" server-start "$cdir/server.properties" >>"$cdir/broker.log" 2>&1 &
    CLUSTER_PIDS+=($!)
    disown "$!"
    CLUSTER_PORTS+=("$port")
    CLUSTER_DIRS+=("$cdir")
  done
  # Registered, not only listening: every broker's metadata lists all three.
  for port in "${CLUSTER_PORTS[@]}"; do
    for i in $(seq 100); do
      run "$name-start" kcat -L -b "127.0.0.1:$port" -m 5 && grep -q '^ 3 brokers:$' "$OUT" && break
      sleep 0.1
    done
    grep -q '^ 3 brokers:$' "$OUT" || WHY+="broker on $port does not list three brokers within 10 s; "
  done
}

# cluster_stop PID...: SIGTERM to each (a controlled shutdown), SIGKILL to those still running 5 s later.
cluster_stop() {
  local b i
  for b in "$@"; do kill -CONT "$b" 2>/dev/null; kill -TERM "$b" 2>/dev/null; done
  for b in "$@"; do
    for i in $(seq 100); do kill -0 "$b" 2>/dev/null || break; sleep 0.05; done
    kill -KILL "$b" 2>/dev/null
  done
}

# zk_cluster: three kt brokers in ZooKeeper mode (under a chroot), first on kt's ZooKeeper, then on
# Apache ZooKeeper (Debian's): a 6-partition topic spread over the three, kcat -L showing three
# brokers and the leaders, kcat producing to and reading every partition through one address each,
# and control moving to another broker when the controller stops.
cluster_checks() { # cluster_checks NAME ZK_CONNECT
  local name=$1 connect=$2 i
  cluster_start "$name" "$connect"
  local pids=("${CLUSTER_PIDS[@]}") ports=("${CLUSTER_PORTS[@]}")
  verdict "zk_cluster/$name/three-brokers-start"

  run "$name-create" "$KT" topics --create --topic orders --partitions 6 --bootstrap-server "127.0.0.1:${ports[0]}"
  want_rc 0; want_stdout $'Created topic orders.\n'
  verdict "zk_cluster/$name/topics-create"

  # Another broker learns the leaders through its watch, a moment after the creating one.
  for i in $(seq 50); do
    run "$name-metadata" kcat -L -b "127.0.0.1:${ports[1]}" -t orders -m 5
    [ "$(grep -c ', leader [0-9]' "$OUT")" = 6 ] && break
    sleep 0.1
  done
  want_rc 0
  grep -q '^ 3 brokers:$' "$OUT" || WHY+="not 3 brokers; "
  for i in 0 1 2; do
    grep -q "broker $i at 127.0.0.1:${ports[$i]}" "$OUT" || WHY+="broker $i not listed; "
    [ "$(grep -c "leader $i, replicas: $i, isrs: $i$" "$OUT")" = 2 ] || WHY+="broker $i does not lead 2 partitions; "
  done
  verdict "zk_cluster/$name/kcat-metadata"

  # 100 records to each partition, all through broker 2; read back through broker 0.
  local p
  : >"$DIR/$name-sent.txt"
  for p in 0 1 2 3 4 5; do
    seq "${p}001" "${p}100" >"$DIR/$name-sent-$p.txt"
    cat "$DIR/$name-sent-$p.txt" >>"$DIR/$name-sent.txt"
    run_in "$DIR/$name-sent-$p.txt" "$name-produce-$p" kcat -P -b "127.0.0.1:${ports[2]}" -t orders -p "$p" -X acks=all
    want_rc 0
    run "$name-consume-$p" kcat -C -b "127.0.0.1:${ports[0]}" -t orders -p "$p" -o beginning -e -q
    want_rc 0; want_same "$OUT" "$DIR/$name-sent-$p.txt"
  done
  run "$name-consume" kcat -C -b "127.0.0.1:${ports[1]}" -t orders -o beginning -e -q
  want_rc 0
  sort -n "$OUT" >"$OUT.sorted"
  sort -n "$DIR/$name-sent.txt" >"$DIR/$name-sent.sorted"
  want_same "$OUT.sorted" "$DIR/$name-sent.sorted"
  verdict "zk_cluster/$name/produce-consume-every-partition"

  local controller
  controller=$(sed -n 's/^  broker \([0-9]\) at .* (controller)$/\1/p' "$DIR/$name-metadata.out")
  if [ -z "$controller" ]; then
    WHY+="kcat -L named no controller; "
  else
    kill -TERM "${pids[$controller]}"
    local other=$(((controller + 1) % 3)) moved=
    for i in $(seq 50); do
      if run "$name-after" kcat -L -b "127.0.0.1:${ports[$other]}" -m 5 &&
        grep -q '^ 2 brokers:$' "$OUT" && grep -q '(controller)$' "$OUT" &&
        ! grep -q "broker $controller at" "$OUT"; then
        moved=1
        break
      fi
      sleep 0.1
    done
    [ -n "$moved" ] || WHY+="no other controller within 5 s of stopping broker $controller; "
  fi
  verdict "zk_cluster/$name/controller-failover"
  cluster_stop "${pids[@]}"
}

suite_zk_cluster() {
  need_kt || { verdict zk_cluster/kt-binary; return; }
  command -v kcat >/dev/null || { fail zk_cluster/kcat "kcat not on PATH (run tests/interop/setup.sh)"; return; }
  cluster_checks kt-zookeeper "$BOOT/kafka"
  if apache_zookeeper "$DIR/apache"; then
    cluster_checks apache-zookeeper "127.0.0.1:$ZK_PORT/kafka"
  else
    fail zk_cluster/apache-zookeeper "$START_WHY"
  fi
  [ -z "$ZK_PID" ] || kill -TERM "$ZK_PID" 2>/dev/null
  [ -z "$ZK_PID" ] || { wait "$ZK_PID"; } 2>/dev/null
}

# replication: three kt brokers on kt's ZooKeeper (zookeeper.session.timeout.ms=6000, a 2 s
# replica.lag.time.max.ms), topics with RF 3 and min.insync.replicas=2, idempotent acks=all producers
# (confluent-kafka's, and the Java client's java/ReplicationProducer.java) and a consumer running
# while replication_check.py kills -9 leaders, a second broker and the controller, and pauses brokers
# with SIGSTOP; then every acknowledged record exactly once and in order (confluent-kafka and kcat),
# and the same records in every replica's segment files. About two minutes.
suite_replication() {
  need_kt || { verdict replication/kt-binary; return; }
  command -v kcat >/dev/null || { fail replication/kcat "kcat not on PATH (run tests/interop/setup.sh)"; return; }
  cluster_start rep "$BOOT/kafka" "replica.lag.time.max.ms=2000
offsets.topic.replication.factor=3"
  verdict replication/three-brokers-start
  local boot=127.0.0.1:${CLUSTER_PORTS[0]},127.0.0.1:${CLUSTER_PORTS[1]},127.0.0.1:${CLUSTER_PORTS[2]} pids java=()
  echo "${CLUSTER_PIDS[*]}" >"$DIR/broker-pids"
  ! java_compile replication/java ReplicationProducer || java=(--java "java -cp $JAVA_CP ReplicationProducer")
  BOOT=$boot PY_TIMEOUT=400 py replication replication_check.py --zookeeper "127.0.0.1:$PORT/kafka" --kt "$KT" \
    --broker-dirs "${CLUSTER_DIRS[@]}" --pids "${CLUSTER_PIDS[@]}" --pids-out "$DIR/broker-pids" "${java[@]}"
  # The script stops the brokers it leaves running; these are the ones it could not.
  read -r -a pids <"$DIR/broker-pids"
  cluster_stop "${pids[@]}"
}

# eos_cluster: the exactly-once check (eos_check.py, eos_copier.py) on three replicating kt brokers
# in ZooKeeper mode on Apache ZooKeeper (Debian's): __consumer_offsets and __transaction_state with
# RF 3 (min ISR 2), input and output topics with RF 3 and min.insync.replicas=2. The copier is killed
# with kill -9 at random moments; the broker that is its transaction coordinator is killed with
# kill -9 while its transaction is Ongoing, later the broker that is its group's coordinator, each
# restarted once another broker took over. Then read_committed (confluent-kafka, kafka-python, kcat)
# holds every input record once and in order, the group's offsets are the input's ends, aborted
# copies are in the log, every replica's segment files hold the same records and every replica's
# .txnindex the aborted transactions its markers close. Issue 14's 100,000 records: the copy outlasts
# the two failovers (a 6 s ZooKeeper session each) and the suite takes about a minute.
suite_eos_cluster() {
  need_kt || { verdict eos_cluster/kt-binary; return; }
  command -v kcat >/dev/null || { fail eos_cluster/kcat "kcat not on PATH (run tests/interop/setup.sh)"; return; }
  cluster_start eosc "$BOOT/kafka" "replica.lag.time.max.ms=2000
offsets.topic.replication.factor=3
transaction.state.log.replication.factor=3
transaction.state.log.min.isr=2
group.initial.rebalance.delay.ms=0"
  verdict eos_cluster/three-brokers-start
  local boot=127.0.0.1:${CLUSTER_PORTS[0]},127.0.0.1:${CLUSTER_PORTS[1]},127.0.0.1:${CLUSTER_PORTS[2]} pids
  echo "${CLUSTER_PIDS[*]}" >"$DIR/broker-pids"
  BOOT=$boot PY_TIMEOUT=150 py eos_cluster eos_check.py --records 100000 --copier-kills 6 --kt "$KT" \
    --broker-dirs "${CLUSTER_DIRS[@]}" --pids "${CLUSTER_PIDS[@]}" --pids-out "$DIR/broker-pids"
  # The check stops the brokers once it compared their replicas; these are the ones it did not.
  read -r -a pids <"$DIR/broker-pids"
  cluster_stop "${pids[@]}"
}

# ---------------------------------------------------------------- main

echo "interop: broker=$BROKER kt=$KT python=$PYTHON kcats=[$KCATS] work=$WORK"
WHEEL_LIB=$(wheel_rdkafka_dir) || WHEEL_LIB=
skipped=
for s in $ALL_SUITES; do [[ " $SUITES " == *" $s "* ]] || skipped+=" $s"; done
[ -z "$skipped" ] || echo "NOTE suites not run (SUITES is set):$skipped"

for s in $SUITES; do
  if ! declare -F "suite_$s" >/dev/null; then fail "$s" "no such suite"; continue; fi
  DIR=$WORK/$s
  mkdir -p "$DIR"
  echo "== $s"
  starter=start_broker
  [ "$s" != zookeeper ] && [ "$s" != zk_cluster ] && [ "$s" != replication ] || starter=start_zookeeper
  [ "$s" != ssl ] || starter=start_ssl_broker
  [ "$s" != security ] || starter=start_security_broker
  [ "$s" != transactions ] || starter=start_transactions_broker
  [ "$s" != eos_cluster ] || starter=start_apache_zookeeper
  server="$BROKER broker"
  [ "$starter" != start_zookeeper ] || server="kt zookeeper-start"
  [ "$starter" != start_apache_zookeeper ] || server="Apache ZooKeeper"
  if ! "$starter" "$DIR/broker"; then
    fail "$s/broker-start" "$server did not start ($START_WHY); the suite's checks did not run" "$DIR/broker/broker.log"
    stop_broker
    continue
  fi
  "suite_$s"
  if [ -n "$BROKER_PID" ] && ! kill -0 "$BROKER_PID" 2>/dev/null; then
    fail "$s/broker-alive" "the broker died during the suite" "$DIR/broker/broker.log"
    BROKER_PID=
  fi
  stop_broker
done

echo "$PASSED passed, $FAILED failed"
[ "$FAILED" = 0 ]
