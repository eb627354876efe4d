#!/usr/bin/env bash
# Installs what the interop suite needs, idempotently and quietly (a second run does nothing):
#   kcat (Debian's package, librdkafka 2.0), java/javac if missing, Debian's zookeeper (zkCli.sh), a python venv with the pinned
#   clients of requirements.txt, and the official Java client jars via shared/reference/java/run.sh.
# Output goes to a log file that is printed only if a step fails.
#   VENV       where the venv goes (default: target/interop-venv)
#   SHARED     the shared folder (default: ../shared next to the repo)
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(git -C "$HERE" rev-parse --show-toplevel)
SHARED=${SHARED:-$ROOT/../shared}
VENV=${VENV:-$ROOT/target/interop-venv}
LOG=${SETUP_LOG:-$ROOT/target/interop-setup.log}
mkdir -p "$(dirname "$LOG")"
: >"$LOG"

step() { # step DESCRIPTION CMD...: runs CMD with its output in the log; on failure prints the log
  local desc=$1 t0=$SECONDS
  shift
  echo "--- $desc" >>"$LOG"
  if ! "$@" >>"$LOG" 2>&1; then
    echo "interop setup failed: $desc; its log ($LOG):" >&2
    cat "$LOG" >&2
    exit 1
  fi
  echo "setup: $desc ($((SECONDS - t0)) s)"
}

APT_UPDATED=
apt_install() {
  if [ -z "$APT_UPDATED" ]; then apt-get update -q; APT_UPDATED=1; fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$@"
}

command -v kcat >/dev/null || step "apt-get install kcat" apt_install kcat
command -v javac >/dev/null || step "apt-get install openjdk-17-jdk-headless" apt_install openjdk-17-jdk-headless
# ZooKeeper's zkCli.sh and Apache ZooKeeper itself (the reference server of the zookeeper suite).
[ -x /usr/share/zookeeper/bin/zkCli.sh ] && [ -f /usr/share/java/zookeeper.jar ] ||
  step "apt-get install zookeeper zookeeper-bin" apt_install zookeeper zookeeper-bin

make_venv() {
  rm -rf "$VENV"
  if ! python3 -m venv "$VENV"; then
    apt_install python3-venv # Debian's python3 ships venv separately
    python3 -m venv "$VENV"
  fi
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -r "$HERE/requirements.txt"
  cp "$HERE/requirements.txt" "$VENV/.interop-requirements"
}
cmp -s "$HERE/requirements.txt" "$VENV/.interop-requirements" 2>/dev/null || step "python venv with $(grep -v '^#' "$HERE/requirements.txt" | xargs)" make_venv

step "Java kafka-clients jars" bash "$SHARED/reference/java/run.sh" fetch
