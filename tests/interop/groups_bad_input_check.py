"""Group requests that Kafka refuses, sent as raw frames so that no client library smooths them over,
each answered with the error Apache Kafka gives and nothing corrupted:

- JoinGroup v5 with an empty protocol type, and with a protocol type other than the group's
  (23 INCONSISTENT_GROUP_PROTOCOL); a first join without a member id (79 MEMBER_ID_REQUIRED);
- OffsetCommit v7 and Heartbeat v3 from a generation that a rebalance has replaced
  (22 ILLEGAL_GENERATION), while the current generation's commit works and OffsetFetch v5 shows
  only that one;
- DescribeGroups v0 of a group that does not exist (no error, state "Dead");
- JoinGroup v5 and Heartbeat v3 with an empty group id (24 INVALID_GROUP_ID);
- a 5000-character group id, which Kafka accepts like any other;
- JoinGroup v5 with a session timeout outside 6 s..30 min (26 INVALID_SESSION_TIMEOUT);
- OffsetCommit v7 with metadata over 4096 bytes (12), to an unknown topic (3), from an unknown member
  or without a member to a group that has members (25 UNKNOWN_MEMBER_ID), nothing committed;
  Heartbeat v3 to a group that does not exist (25).
The broker must still serve a normal client afterwards."""
import socket
import struct

from confluent_kafka.admin import AdminClient

from checks import Checks, parser

a = parser(__doc__).parse_args()
c = Checks("groups/bad_input")
HOST, PORT = a.bootstrap.rsplit(":", 1)
OFFSET_COMMIT, OFFSET_FETCH, FIND_COORDINATOR, JOIN, HEARTBEAT, SYNC, DESCRIBE = 8, 9, 10, 11, 12, 14, 15
NONE, ILLEGAL_GENERATION, INCONSISTENT_GROUP_PROTOCOL, INVALID_GROUP_ID, MEMBER_ID_REQUIRED = 0, 22, 23, 24, 79
UNKNOWN_TOPIC_OR_PARTITION, OFFSET_METADATA_TOO_LARGE, UNKNOWN_MEMBER_ID, INVALID_SESSION_TIMEOUT = 3, 12, 25, 26
TOPIC = "bad-groups-topic"


# ---------------------------------------------------------------- encoding (non-flexible versions)

def s(x):
    b = x.encode()
    return struct.pack(">h", len(b)) + b


def ns(x):  # nullable string
    return struct.pack(">h", -1) if x is None else s(x)


def by(x):
    return struct.pack(">i", len(x)) + x


def arr(items):
    return struct.pack(">i", len(items)) + b"".join(items)


class Reader:
    def __init__(self, buf):
        self.b, self.i = buf, 0

    def take(self, fmt):
        v = struct.unpack_from(">" + fmt, self.b, self.i)
        self.i += struct.calcsize(">" + fmt)
        return v[0] if len(v) == 1 else v

    def str(self):
        n = self.take("h")
        if n < 0:
            return None
        v = self.b[self.i:self.i + n].decode()
        self.i += n
        return v

    def bytes(self):
        n = self.take("i")
        v = self.b[self.i:self.i + max(n, 0)]
        self.i += max(n, 0)
        return v


class Conn:
    def __init__(self):
        self.sock = socket.create_connection((HOST, int(PORT)), timeout=30)
        self.corr = 0

    def call(self, api, version, body):
        self.corr += 1
        client = b"interop-bad-groups"
        hdr = struct.pack(">hhih", api, version, self.corr, len(client)) + client
        msg = hdr + body
        self.sock.sendall(struct.pack(">i", len(msg)) + msg)
        size = struct.unpack(">i", self.recv(4))[0]
        r = Reader(self.recv(size))
        corr = r.take("i")
        if corr != self.corr:
            raise AssertionError(f"correlation id {corr}, want {self.corr}")
        return r

    def recv(self, n):
        buf = b""
        while len(buf) < n:
            chunk = self.sock.recv(n - len(buf))
            if not chunk:
                raise ConnectionError(f"broker closed the connection after {len(buf)} of {n} bytes")
            buf += chunk
        return buf


def subscription(topic):  # ConsumerProtocolSubscription v0
    return struct.pack(">h", 0) + arr([s(topic)]) + by(b"")


def assignment(topic, parts):  # ConsumerProtocolAssignment v0
    return struct.pack(">h", 0) + arr([s(topic) + arr([struct.pack(">i", p) for p in parts])]) + by(b"")


def join(conn, group, member="", ptype="consumer", protocols=(("range", None),), session_ms=10_000):
    body = (s(group) + struct.pack(">ii", session_ms, 10_000) + s(member) + ns(None) + s(ptype)
            + arr([s(name) + by(meta if meta is not None else subscription(TOPIC)) for name, meta in protocols]))
    r = conn.call(JOIN, 5, body)
    _throttle, err, gen = r.take("i"), r.take("h"), r.take("i")
    proto, leader, member_id = r.str(), r.str(), r.str()
    return dict(error=err, generation=gen, protocol=proto, leader=leader, member_id=member_id)


def sync(conn, group, gen, member, assignments):
    body = s(group) + struct.pack(">i", gen) + s(member) + ns(None) + arr([s(m) + by(x) for m, x in assignments])
    r = conn.call(SYNC, 3, body)
    _throttle, err = r.take("i"), r.take("h")
    return err, r.bytes()


def heartbeat(conn, group, gen, member):
    r = conn.call(HEARTBEAT, 3, s(group) + struct.pack(">i", gen) + s(member) + ns(None))
    return r.take("i"), r.take("h")


def commit(conn, group, gen, member, offset, topic=TOPIC, metadata="interop"):
    part = struct.pack(">iqi", 0, offset, -1) + ns(metadata)
    body = s(group) + struct.pack(">i", gen) + s(member) + ns(None) + arr([s(topic) + arr([part])])
    r = conn.call(OFFSET_COMMIT, 7, body)
    r.take("i")
    errs = []
    for _ in range(r.take("i")):
        r.str()
        for _ in range(r.take("i")):
            r.take("i")
            errs.append(r.take("h"))
    return errs


def fetch_offset(conn, group):
    r = conn.call(OFFSET_FETCH, 5, s(group) + arr([s(TOPIC) + arr([struct.pack(">i", 0)])]))
    r.take("i")
    got = []
    for _ in range(r.take("i")):
        r.str()
        for _ in range(r.take("i")):
            idx, off, _epoch = r.take("i"), r.take("q"), r.take("i")
            meta, err = r.str(), r.take("h")
            got.append((idx, off, meta, err))
    return got, r.take("h")


# ---------------------------------------------------------------- checks

def setup():
    from confluent_kafka.admin import NewTopic
    admin = AdminClient({"bootstrap.servers": a.bootstrap})  # kept alive until the future is done
    admin.create_topics([NewTopic(TOPIC, 1, 1)], request_timeout=20)[TOPIC].result(timeout=30)


def empty_protocol_type():
    conn = Conn()
    res = join(conn, "bad-empty-ptype", ptype="")
    if res["error"] != INCONSISTENT_GROUP_PROTOCOL:
        return f"JoinGroup v5 with protocol type '': error {res['error']}, want 23 INCONSISTENT_GROUP_PROTOCOL ({res})"


def no_protocols():
    conn = Conn()
    res = join(conn, "bad-no-protocols", protocols=())
    if res["error"] != INCONSISTENT_GROUP_PROTOCOL:
        return f"JoinGroup v5 with no protocols: error {res['error']}, want 23 INCONSISTENT_GROUP_PROTOCOL ({res})"


state = {}


def member_id_required_then_stable():
    conn = Conn()
    first = join(conn, "bad-gen")
    if first["error"] != MEMBER_ID_REQUIRED or not first["member_id"]:
        return f"first JoinGroup v5 without member id: {first}, want error 79 MEMBER_ID_REQUIRED with a member id"
    m = first["member_id"]
    res = join(conn, "bad-gen", member=m)
    if res["error"] != NONE or res["leader"] != m or res["generation"] < 1 or res["protocol"] != "range":
        return f"second JoinGroup v5: {res}, want error 0, this member leader, protocol range"
    err, asg = sync(conn, "bad-gen", res["generation"], m, [(m, assignment(TOPIC, [0]))])
    if err != NONE or asg != assignment(TOPIC, [0]):
        return f"SyncGroup v3: error {err}, assignment {asg.hex()}, want 0 and the leader's assignment back"
    state.update(conn=conn, member=m, gen=res["generation"])


def other_protocol_type():
    res = join(Conn(), "bad-gen", ptype="connect")
    if res["error"] != INCONSISTENT_GROUP_PROTOCOL:
        return f"JoinGroup v5 of a 'consumer' group with protocol type 'connect': {res}, want 23 INCONSISTENT_GROUP_PROTOCOL"


def stale_generation():
    conn, m, old = state["conn"], state["member"], state["gen"]
    res = join(conn, "bad-gen", member=m)  # the leader rejoins: a rebalance to a new generation
    if res["error"] != NONE or res["generation"] != old + 1:
        return f"rejoin: {res}, want error 0 and generation {old + 1}"
    new = res["generation"]
    err, _ = sync(conn, "bad-gen", new, m, [(m, assignment(TOPIC, [0]))])
    if err != NONE:
        return f"SyncGroup v3 of generation {new}: error {err}"
    errs = commit(conn, "bad-gen", new, m, 7)
    if errs != [NONE]:
        return f"OffsetCommit v7 at the current generation {new}: errors {errs}, want [0]"
    errs = commit(conn, "bad-gen", old, m, 3)
    if errs != [ILLEGAL_GENERATION]:
        return f"OffsetCommit v7 from the stale generation {old}: errors {errs}, want [22 ILLEGAL_GENERATION]"
    _, err = heartbeat(conn, "bad-gen", old, m)
    if err != ILLEGAL_GENERATION:
        return f"Heartbeat v3 from the stale generation {old}: error {err}, want 22 ILLEGAL_GENERATION"
    _, err = heartbeat(conn, "bad-gen", new, m)
    if err != NONE:
        return f"Heartbeat v3 at the current generation {new}: error {err}, want 0"
    state["gen"] = new
    got, err = fetch_offset(conn, "bad-gen")
    if err != NONE or got != [(0, 7, "interop", NONE)]:
        return f"OffsetFetch v5 after the stale commit: {got} (error {err}), want [(0, 7, 'interop', 0)]"


def describe_missing():
    r = Conn().call(DESCRIBE, 0, arr([s("bad-no-such-group")]))
    n = r.take("i")
    if n != 1:
        return f"{n} groups in the answer, want 1"
    err, gid, st, ptype, proto, members = r.take("h"), r.str(), r.str(), r.str(), r.str(), r.take("i")
    if (err, gid, st, ptype, proto, members) != (NONE, "bad-no-such-group", "Dead", "", "", 0):
        return f"DescribeGroups v0 of a missing group: {(err, gid, st, ptype, proto, members)}, want (0, id, 'Dead', '', '', 0 members)"


def empty_group_id():
    conn = Conn()
    res = join(conn, "")
    if res["error"] != INVALID_GROUP_ID:
        return f"JoinGroup v5 with group id '': {res}, want 24 INVALID_GROUP_ID"
    _, err = heartbeat(conn, "", 1, "someone")
    if err != INVALID_GROUP_ID:
        return f"Heartbeat v3 with group id '': error {err}, want 24 INVALID_GROUP_ID"


def long_group_id():
    conn, g = Conn(), "g" * 5000
    first = join(conn, g)
    if first["error"] != MEMBER_ID_REQUIRED:
        return f"JoinGroup v5 with a 5000-character group id: {first}, want 79 MEMBER_ID_REQUIRED as for any group"
    res = join(conn, g, member=first["member_id"])
    if res["error"] != NONE:
        return f"second JoinGroup v5 with a 5000-character group id: {res}, want error 0"


def session_timeout_bounds():
    conn = Conn()
    for ms, want in ((5999, INVALID_SESSION_TIMEOUT), (1_800_001, INVALID_SESSION_TIMEOUT), (6000, MEMBER_ID_REQUIRED)):
        res = join(conn, "bad-session", session_ms=ms)
        if res["error"] != want:
            return (f"JoinGroup v5 with session timeout {ms} ms: error {res['error']}, want {want} "
                    "(Kafka's group.min/max.session.timeout.ms are 6000 and 1800000)")


def commit_refusals():
    conn = Conn()
    _, err = heartbeat(state["conn"], "bad-gen", state["gen"], state["member"])  # bad-gen keeps its member
    if err != NONE:
        return f"Heartbeat v3 of bad-gen's member: error {err}, want 0"
    cases = [  # (what, group, generation, member, topic, metadata, want)
        ("metadata over offset.metadata.max.bytes (4096)", "bad-commit", -1, "", TOPIC, "m" * 4097, OFFSET_METADATA_TOO_LARGE),
        ("an unknown topic", "bad-commit", -1, "", "bad-no-such-topic", "m", UNKNOWN_TOPIC_OR_PARTITION),
        ("an unknown member at generation 1", "bad-gen", 1, "nobody", TOPIC, "m", UNKNOWN_MEMBER_ID),
        ("no member to a group with members (an admin's commit)", "bad-gen", -1, "", TOPIC, "m", UNKNOWN_MEMBER_ID),
    ]
    for what, group, gen, member, topic, meta, want in cases:
        errs = commit(conn, group, gen, member, 1, topic=topic, metadata=meta)
        if errs != [want]:
            return f"OffsetCommit v7 with {what}: errors {errs}, want [{want}]"
    got, err = fetch_offset(conn, "bad-gen")
    if got != [(0, 7, "interop", NONE)]:
        return f"OffsetFetch v5 of bad-gen after the refused commits: {got}, want [(0, 7, 'interop', 0)]"
    _, err = heartbeat(conn, "bad-never-seen", 1, "m")
    if err != UNKNOWN_MEMBER_ID:
        return f"Heartbeat v3 to a group that does not exist: error {err}, want 25 UNKNOWN_MEMBER_ID"


def still_serves():
    md = AdminClient({"bootstrap.servers": a.bootstrap}).list_topics(timeout=10)
    if TOPIC not in md.topics:
        return f"metadata after the bad group requests lacks {TOPIC}"


c.run("setup-topic", setup)
c.run("join-empty-protocol-type", empty_protocol_type)
c.run("join-no-protocols", no_protocols)
c.run("join-member-id-required-sync", member_id_required_then_stable, needs=["setup-topic"])
c.run("join-other-protocol-type", other_protocol_type, needs=["join-member-id-required-sync"])
c.run("commit-heartbeat-stale-generation", stale_generation, needs=["join-member-id-required-sync"])
c.run("commit-refusals", commit_refusals, needs=["commit-heartbeat-stale-generation"])
c.run("join-session-timeout-bounds", session_timeout_bounds)
c.run("describe-missing-group-dead", describe_missing)
c.run("empty-group-id", empty_group_id)
c.run("long-group-id", long_group_id)
c.run("broker-still-serves", still_serves)
c.exit()
