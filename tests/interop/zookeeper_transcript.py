"""Prints a transcript of ZooKeeper operations and what the server answered (Stat fields with
their zxids, error types, multi results, system nodes) through kazoo, for run.sh to compare
between kt zookeeper-start and Apache ZooKeeper started fresh: the two must be identical.
Times and session ids are left out; everything else is printed."""
from kazoo.client import KazooClient
from kazoo.security import make_digest_acl

from checks import parser

a = parser(__doc__).parse_args()
zk = KazooClient(hosts=a.bootstrap, timeout=10)
zk.start(timeout=15)


def stat(path):
    s = zk.exists(path)
    if s is None:
        return None
    return (s.czxid, s.mzxid, s.pzxid, s.version, s.cversion, s.aversion, s.numChildren,
            s.dataLength, s.ephemeralOwner == zk.client_id[0])


def stat_tuple(s):
    return (s.czxid, s.mzxid, s.pzxid, s.version, s.cversion, s.aversion, s.numChildren,
            s.dataLength)


def attempt(name, fn):
    try:
        print(name, "->", fn())
    except Exception as e:  # the error's type is the answer
        print(name, "->", type(e).__name__)


for p in ["/", "/zookeeper", "/zookeeper/quota", "/zookeeper/config"]:
    print(p, stat(p), zk.get(p)[0], zk.get_acls(p)[0])
attempt("create /a", lambda: zk.create("/a", b"x"))
attempt("set /a", lambda: zk.set("/a", b"yy").version)
attempt("create /a/e ephemeral", lambda: zk.create("/a/e", b"", ephemeral=True))
attempt("create /a/s seq", lambda: zk.create("/a/s", b"", sequence=True))
attempt("create /a/s seq", lambda: zk.create("/a/s", b"", sequence=True))
attempt("delete /a/s0000000001", lambda: zk.delete("/a/s0000000001"))
attempt("create /a/s seq", lambda: zk.create("/a/s", b"", sequence=True))
attempt("create under ephemeral", lambda: zk.create("/a/e/x", b""))
attempt("set bad version", lambda: zk.set("/a", b"", version=9))
attempt("delete not empty", lambda: zk.delete("/a"))
attempt("delete missing", lambda: zk.delete("/nope"))
attempt("create no parent", lambda: zk.create("/nope/x", b""))
attempt("create root", lambda: zk.create("/", b""))
attempt("delete quota", lambda: zk.delete("/zookeeper/quota"))


def failed_multi():
    t = zk.transaction()
    t.create("/a/m")
    t.delete("/nope")
    return [type(r).__name__ for r in t.commit()]


def good_multi():
    t = zk.transaction()
    t.create("/a/m")
    t.set_data("/a/m", b"1")
    t.check("/a", 1)
    return [r if isinstance(r, (str, bool)) else (r.version, r.dataLength) for r in t.commit()]


attempt("failed multi", failed_multi)
attempt("good multi", good_multi)
attempt("set acl", lambda: zk.set_acls("/a/m", zk.get_acls("/a/m")[0]).aversion)
attempt("create2", lambda: stat_tuple(zk.create("/a/c2", b"zz", include_data=True)[1]))
attempt("children of /a", lambda: sorted(zk.get_children("/a")))
attempt("children with stat", lambda: stat_tuple(zk.get_children("/a", include_data=True)[1]))
attempt("exists missing", lambda: zk.exists("/nope"))
attempt("sync", lambda: zk.sync("/a"))
attempt("digest acl", lambda: zk.create("/d", b"", acl=[make_digest_acl("u", "p", all=True)]))
attempt("read digest node", lambda: zk.get("/d")[0])
attempt("acl of digest node", lambda: zk.get_acls("/d")[0])
attempt("reconfig", lambda: zk.reconfig(joining=None, leaving="1", new_members=None))
# (Not exists() on /d: ZooKeeper checks READ there since 3.8.4/3.9.3, as kt does; Debian's
# 3.8.0 does not.)
for p in ["/", "/a", "/a/e", "/a/m", "/a/c2"]:
    print(p, stat(p))
zk.stop()
zk.close()
