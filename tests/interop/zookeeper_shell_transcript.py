"""Prints a transcript of ZooKeeper CLI commands run by one shell tool (ZooKeeper's zkCli.sh, or
`kt zookeeper-shell`) against one server: each command's stdout, stderr and exit code, one
command per process as Kafka's docs use zookeeper-shell.sh, then one session read from standard
input. run.sh runs it with both tools against the same Apache ZooKeeper and compares: the two
must be identical. Normalised: dates, zxids and session ids (they differ between the runs),
zkCli's SLF4J start-up lines and its usage's first line (Kafka's wrapper names its TLS option
there). For a failed one-shot command the connected event (`WATCHER::` ...) is left out too:
zkCli's JVM races its exit against the session's start when the client library refuses a
command before sending it (an ACL with no valid entry), so the event may or may not be there."""
import argparse
import re
import subprocess
import sys

p = argparse.ArgumentParser(description=__doc__)
p.add_argument("--bootstrap", required=True, help="ZooKeeper's host:port")
p.add_argument("tool", nargs="+", help="the shell's argv before the address, e.g. zkCli.sh -server")
a = p.parse_args()

ONE_SHOT = [
    "create /zs hello",
    "create /zs again",
    "get -s /zs",
    "set -s /zs world",
    "set -v 5 /zs x",
    "ls -s /zs",
    "stat /zs",
    "create -s /zs/seq- a",
    "create -s /zs/seq- b",
    "create -c /zs/cont",
    "get /zs/cont",
    "create /zs/cont/deep d",
    "ls /zs",
    "ls -R /zs",
    "ls -R /",
    "getAcl /zs",
    "getAcl -s /zs",
    "getAllChildrenNumber /zs",
    "create /zs/acl d world:anyone:rx,bad",
    "getAcl /zs/acl",
    "setAcl -s /zs/acl world:anyone:cdrwa",
    "getAcl /zs/acl",
    "whoami",
    "sync /zs",
    "config",
    "get /nope",
    "stat /nope",
    "delete /zs",
    "delete -v 9 /zs/seq-0000000000",
    "ls",
    "ls -x /",
    "get relative",
    "ls /zs/",
    "create -c -e /zs/bad",
    "create /zs/bad d bogus",
    "create bad d bogus",
    "setAcl /zs nope:x",
    "bogus",
]

SESSION = """create -e /zs/eph e
create -s -e /zs/eph- f
getEphemerals /zs
get -s /zs/eph
set /zs "two words"
get /zs
history
redo 5
printwatches off
printwatches
deleteall /zs
ls /zs
"""

DATE = re.compile(r"^(ctime|mtime) = [A-Z][a-z]{2} [A-Z][a-z]{2} \d{2} \d{2}:\d{2}:\d{2} \S+ \d{4}$")
ZXID = re.compile(r"^(cZxid|mZxid|pZxid) = 0x[0-9a-f]+$")
OWNER = re.compile(r"^ephemeralOwner = 0x[0-9a-f]*[1-9a-f][0-9a-f]*$")


def normalise(text):
    lines = []
    for line in text.splitlines():
        if line.startswith("SLF4J:"):
            continue
        if DATE.match(line):
            line = line[:5] + " = <DATE>"
        elif ZXID.match(line):
            line = line[:5] + " = 0x<ZXID>"
        elif OWNER.match(line):
            line = "ephemeralOwner = 0x<SESSION>"
        elif line.startswith("ZooKeeper -server host:port"):
            line = "ZooKeeper -server host:port <options> cmd args"
        lines.append(line)
    return "\n".join(lines)


CONNECTED = "\n\nWATCHER::\n\nWatchedEvent state:SyncConnected type:None path:null"


def show(title, argv, stdin=None):
    r = subprocess.run(argv, input=stdin, capture_output=True, text=True, timeout=60)
    print(f"$ {title}")
    print(f"exit code: {r.returncode}")
    print("stdout:")
    out = normalise(r.stdout)
    if stdin is None and r.returncode != 0:
        out = out.replace(CONNECTED, "", 1)
    print(out)
    print("stderr:")
    print(normalise(r.stderr))
    print()


for command in ONE_SHOT:
    show(command, a.tool + [a.bootstrap] + command.split(" "))
show("(session on standard input)", a.tool + [a.bootstrap], SESSION)
sys.exit(0)
