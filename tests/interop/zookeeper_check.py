"""kazoo (Python's ZooKeeper client) against kt zookeeper-start: create/get/set/delete and Stat
fields, sequential names, ephemerals removed on session close and on expiry, one-shot watches
firing once, multi (transaction) atomicity, ACLs with digest auth, four-letter words."""
import subprocess
import sys
import threading
import time

from kazoo.client import KazooClient
from kazoo.exceptions import (BadVersionError, NoAuthError, NodeExistsError, NoNodeError,
                              NotEmptyError, RolledBackError, RuntimeInconsistency)
from kazoo.security import make_digest_acl

from checks import Checks, parser

a = parser(__doc__).parse_args()
c = Checks("zookeeper")


def client(**kw):
    zk = KazooClient(hosts=a.bootstrap, timeout=10, **kw)
    zk.start(timeout=15)
    return zk


main = c.run("connect", client)
if main is None:
    c.exit()


def crud():
    zk = main
    path = zk.create("/kz", b"one")
    if path != "/kz":
        return f"create returned {path}"
    data, st = zk.get("/kz")
    if data != b"one" or st.version != 0 or st.czxid != st.mzxid or st.data_length != 3:
        return f"get: {data} {st}"
    st2 = zk.set("/kz", b"two")
    if st2.version != 1 or st2.mzxid <= st.mzxid or st2.czxid != st.czxid:
        return f"set: {st2}"
    try:
        zk.set("/kz", b"x", version=0)
        return "set with a stale version succeeded"
    except BadVersionError:
        pass
    try:
        zk.create("/kz", b"")
        return "second create succeeded"
    except NodeExistsError:
        pass
    zk.create("/kz/child", b"")
    try:
        zk.delete("/kz")
        return "delete of a non-empty node succeeded"
    except NotEmptyError:
        pass
    parent = zk.exists("/kz")
    if parent.numChildren != 1 or parent.cversion != 1:
        return f"parent stat {parent}"
    zk.delete("/kz", recursive=True)
    if zk.exists("/kz") is not None:
        return "still there after delete"
    try:
        zk.get("/kz")
        return "get of a deleted node succeeded"
    except NoNodeError:
        pass
    if sorted(zk.get_children("/")) != ["zookeeper"]:
        return f"root children {zk.get_children('/')}"


def sequential():
    zk = main
    zk.ensure_path("/seq")
    names = [zk.create("/seq/job-", b"", sequence=True) for _ in range(3)]
    want = ["/seq/job-0000000000", "/seq/job-0000000001", "/seq/job-0000000002"]
    if names != want:
        return f"{names} != {want}"


def ephemeral_on_close():
    other = client()
    other.create("/eph-close", b"", ephemeral=True)
    if main.exists("/eph-close").ephemeralOwner != other.client_id[0]:
        return "ephemeralOwner is not the creating session"
    other.stop()
    other.close()
    if main.exists("/eph-close") is not None:
        return "ephemeral node still there after its session closed"


# A child process creates an ephemeral node and dies without closing its session: the node must
# go when the session expires (timeout asked: 1 s, clamped to minSessionTimeout).
CHILD = """
import os, sys
from kazoo.client import KazooClient
zk = KazooClient(hosts=sys.argv[1], timeout=1)
zk.start(timeout=15)
zk.create("/eph-expire", b"", ephemeral=True)
print("created", flush=True)
os._exit(0)
"""


def ephemeral_on_expiry():
    out = subprocess.run([sys.executable, "-c", CHILD, a.bootstrap], capture_output=True, timeout=60)
    if b"created" not in out.stdout:
        return f"child failed: {out.stderr[-300:]}"
    gone = threading.Event()

    def watch(event):
        if event.type == "DELETED":
            gone.set()

    if main.exists("/eph-expire", watch=watch) is None:
        return "the ephemeral node was gone at once (expected: at expiry)"
    if not gone.wait(30):
        return "not deleted within 30 s of its owner's death"
    if main.exists("/eph-expire") is not None:
        return "still there"


def watch_once():
    zk = main
    zk.create("/w", b"0")
    events = []
    zk.get("/w", watch=events.append)
    zk.set("/w", b"1")
    zk.set("/w", b"2")
    time.sleep(0.5)
    if len(events) != 1 or events[0].type != "CHANGED" or events[0].path != "/w":
        return f"events {events}"
    child_events = []
    zk.get_children("/w", watch=child_events.append)
    zk.create("/w/a", b"")
    zk.create("/w/b", b"")
    time.sleep(0.5)
    if len(child_events) != 1 or child_events[0].type != "CHILD":
        return f"child events {child_events}"


def multi_atomic():
    zk = main
    zk.create("/m", b"")
    t = zk.transaction()
    t.create("/m/a", b"a")
    t.check("/m", 7)
    t.create("/m/b", b"b")
    res = t.commit()
    kinds = [type(r) for r in res]
    if kinds != [RolledBackError, BadVersionError, RuntimeInconsistency]:
        return f"failed multi results {res}"
    if zk.exists("/m/a") is not None or zk.get_children("/m"):
        return "a failed multi left changes"
    t = zk.transaction()
    t.create("/m/a", b"a")
    t.check("/m", 0)
    t.set_data("/m/a", b"a2")
    res = t.commit()
    if res[0] != "/m/a" or res[1] is not True or res[2].version != 1:
        return f"multi results {res}"


def acl_digest():
    owner = client(auth_data=[("digest", "alice:secret")])
    owner.create("/secret", b"s", acl=[make_digest_acl("alice", "secret", all=True)])
    try:
        main.get("/secret")
        return "read without auth succeeded"
    except NoAuthError:
        pass
    main.add_auth("digest", "alice:secret")
    if main.get("/secret")[0] != b"s":
        return "read with auth failed"
    acl, _ = main.get_acls("/secret")
    owner.stop()
    owner.close()
    if acl[0].id.scheme != "digest" or not acl[0].id.id.startswith("alice:"):
        return f"acl {acl}"


def four_letter_words():
    if main.command(b"ruok") != "imok":
        return "ruok"
    srvr = main.command(b"srvr")
    if "Mode: standalone" not in srvr or "Zookeeper version:" not in srvr:
        return f"srvr: {srvr!r}"
    mntr = main.command(b"mntr")
    if "zk_znode_count\t" not in mntr:
        return f"mntr: {mntr!r}"
    for w in (b"stat", b"conf", b"envi", b"cons"):
        if not main.command(w):
            return f"{w} answered nothing"


c.run("crud", crud)
c.run("sequential", sequential)
c.run("ephemeral-on-close", ephemeral_on_close)
c.run("ephemeral-on-expiry", ephemeral_on_expiry)
c.run("watch-once", watch_once)
c.run("multi-atomic", multi_atomic)
c.run("acl-digest", acl_digest)
c.run("four-letter-words", four_letter_words)
main.stop()
main.close()
c.exit()
