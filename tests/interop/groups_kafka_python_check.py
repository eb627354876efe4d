"""kafka-python's group consumer and group admin against the broker: a subscribed KafkaConsumer
consumes and commits, a second consumer of the same group resumes after the commit, two members
split a 4-partition topic, and the admin client lists, describes (member details, decoded
assignments), fetches offsets of and deletes groups. With --kt, kt consumer-groups describes the
live two-member group too.

kafka-python 3.0 names the admin calls list_groups, describe_groups, list_group_offsets and
delete_groups (2.x: list_consumer_groups, ...)."""
import subprocess
import threading
import time

from kafka import KafkaAdminClient, KafkaConsumer, KafkaProducer, TopicPartition
from kafka.admin import NewTopic

from checks import Checks, parser

p = parser(__doc__)
p.add_argument("--kt", help="kt binary, to describe the live group with kt consumer-groups")
a = p.parse_args()
c = Checks("groups/kafka_python")
TOPIC, PARTS = "kpg-topic", 4
GROUP, SPLIT = "kp-group", "kp-split"
common = dict(bootstrap_servers=a.bootstrap, request_timeout_ms=20_000)
group_opts = dict(enable_auto_commit=False, auto_offset_reset="earliest", heartbeat_interval_ms=500,
                  session_timeout_ms=10_000, **common)
sent = []  # (partition, value) in send order


def produce(n, tag):
    prod = KafkaProducer(acks="all", **common)
    try:
        futs = [prod.send(TOPIC, value=b"%s-%d" % (tag, i), partition=i % PARTS) for i in range(n)]
        prod.flush(timeout=30)
        for f in futs:
            m = f.get(timeout=30)
            sent.append((m.partition, m.offset))
    finally:
        prod.close(timeout=10)


def setup():
    admin = KafkaAdminClient(**common)
    try:
        admin.create_topics([NewTopic(TOPIC, PARTS, 1)], timeout_ms=20_000)
    finally:
        admin.close()
    produce(40, b"first")


def consume_until(cons, n, secs=40):
    recs, deadline = [], time.time() + secs
    while len(recs) < n and time.time() < deadline:
        for batch in cons.poll(timeout_ms=500).values():
            recs.extend(batch)
    return recs


def first_member():
    cons = KafkaConsumer(group_id=GROUP, client_id="kp-first", **group_opts)
    try:
        cons.subscribe([TOPIC])
        recs = consume_until(cons, 40)
        got = sorted((r.partition, r.offset) for r in recs)
        if got != sorted(sent):
            return f"consumed {len(recs)} records {got[:6]}..., want the 40 sent"
        cons.commit()
        tps = [TopicPartition(TOPIC, part) for part in range(PARTS)]
        committed = {tp.partition: cons.committed(tp) for tp in tps}
        if committed != {part: 10 for part in range(PARTS)}:
            return f"committed() after commit() = {committed}, want 10 on each partition"
    finally:
        cons.close(autocommit=False)


def second_member_resumes():
    produce(8, b"second")
    cons = KafkaConsumer(group_id=GROUP, client_id="kp-second", **group_opts)
    try:
        cons.subscribe([TOPIC])
        recs = consume_until(cons, 8)
        recs += consume_until(cons, 1, secs=2)  # anything beyond the 8 new records is a repeat
        got = sorted((r.partition, r.offset) for r in recs)
        want = [(part, 10 + i) for part in range(PARTS) for i in range(2)]
        if got != want:
            return f"second member read {got}, want only the 8 new records {want}"
        cons.commit()
    finally:
        cons.close(autocommit=False)


class Member(threading.Thread):
    """A consumer polling in its own thread until told to stop; assignment() read from outside."""

    def __init__(self, name):
        super().__init__(daemon=True)
        self.name, self.stop, self.error, self.assigned = name, threading.Event(), None, set()
        self.cons = KafkaConsumer(group_id=SPLIT, client_id=name, **group_opts)
        self.cons.subscribe([TOPIC])

    def run(self):
        try:
            while not self.stop.is_set():
                self.cons.poll(timeout_ms=200)
                self.assigned = {tp.partition for tp in self.cons.assignment()}
        except Exception as e:  # reported by the check that reads it
            self.error = e
        finally:
            self.cons.close(autocommit=False)


members = []


def two_members_split():
    members.extend([Member("kp-member-a"), Member("kp-member-b")])
    members[0].start()
    time.sleep(1)
    members[1].start()
    deadline = time.time() + 40
    while time.time() < deadline:
        if any(m.error for m in members):
            return f"a member failed: {[repr(m.error) for m in members]}"
        x, y = members[0].assigned, members[1].assigned
        if len(x) == 2 and len(y) == 2 and x | y == set(range(PARTS)):
            time.sleep(1.5)  # several heartbeats: the split must hold, not flap
            if (members[0].assigned, members[1].assigned) == (x, y):
                return True
        time.sleep(0.1)
    return f"assignments {members[0].assigned} and {members[1].assigned}, want two disjoint halves of 0..3"


def describe_live():
    admin = KafkaAdminClient(**common)
    try:
        listed = admin.list_groups()
        names = {g.get("group_id") for g in listed}
        if SPLIT not in names or GROUP not in names:
            return f"list_groups() = {listed}, want {GROUP} and {SPLIT}"
        d = admin.describe_groups([SPLIT])[SPLIT]
    finally:
        admin.close()
    if d.get("error") or d.get("group_state") != "Stable" or d.get("protocol_type") != "consumer":
        return f"describe_groups: {d}"
    if d.get("protocol_data") not in ("range", "roundrobin", "sticky", "cooperative-sticky"):
        return f"protocol_data {d.get('protocol_data')!r}, want an assignor name"
    ms = d.get("members") or []
    if len(ms) != 2:
        return f"{len(ms)} members described, want 2: {d}"
    byclient = {m["client_id"]: m for m in ms}
    if set(byclient) != {"kp-member-a", "kp-member-b"}:
        return f"client ids {sorted(byclient)}, want kp-member-a and kp-member-b"
    for name, m in byclient.items():
        if not m.get("member_id", "").startswith(name + "-"):
            return f"{name}: member_id {m.get('member_id')!r}, want it to start with '{name}-' as Kafka's does"
        if "127.0.0.1" not in (m.get("client_host") or ""):
            return f"{name}: client_host {m.get('client_host')!r}, want /127.0.0.1"
        meta, asg = m.get("member_metadata"), m.get("member_assignment")
        if not isinstance(meta, dict) or meta.get("topics") != [TOPIC]:
            return f"{name}: member_metadata {meta!r} does not decode to a subscription to {TOPIC}"
        if not isinstance(asg, dict):
            return f"{name}: member_assignment {asg!r} does not decode"
        parts = {q for tp in asg.get("assigned_partitions", []) if tp["topic"] == TOPIC for q in tp["partitions"]}
        member = next(x for x in members if x.name == name)
        if parts != member.assigned:
            return f"{name}: described assignment {parts}, the consumer has {member.assigned}"


def kt_describe_live():
    if not a.kt:
        return "no --kt given"
    out = kt("--describe", "--group", SPLIT, "--members")
    lines = out.stdout.split("\n")
    if out.returncode != 0 or lines[0] != "" or not lines[1].split() == ["GROUP", "CONSUMER-ID", "HOST", "CLIENT-ID", "#PARTITIONS"]:
        return f"exit {out.returncode}, stdout {out.stdout!r}, stderr {out.stderr!r}"
    rows = sorted(l.split() for l in lines[2:] if l.strip())
    want_ids = sorted(m.name for m in members)
    if [r[3] for r in rows] != want_ids or any(r[0] != SPLIT or r[2] != "/127.0.0.1" or r[4] != "2" for r in rows):
        return f"member rows {rows}, want {SPLIT} <id> /127.0.0.1 <client> 2 for {want_ids}"
    if out.stderr:
        return f"stderr {out.stderr!r} for an active group"


def kt(*args):
    return subprocess.run([a.kt, "consumer-groups", *args, "--bootstrap-server", a.bootstrap],
                          capture_output=True, text=True, timeout=60)


def kt_offsets_live():
    if not a.kt:
        return "no --kt given"
    out = kt("--describe", "--group", SPLIT)
    lines = out.stdout.split("\n")
    if out.returncode != 0 or lines[0] != "" or lines[1].split() != ["GROUP", "TOPIC", "PARTITION", "CURRENT-OFFSET",
                                                                     "LOG-END-OFFSET", "LAG", "CONSUMER-ID", "HOST", "CLIENT-ID"]:
        return f"exit {out.returncode}, stdout {out.stdout!r}, stderr {out.stderr!r}"
    rows = sorted(l.split() for l in lines[2:] if l.strip())
    owner = {q: m.name for m in members for q in m.assigned}
    # nothing committed in this group: CURRENT-OFFSET and LAG are "-"; 12 records per partition by now
    want = [[SPLIT, TOPIC, str(q), "-", "12", "-", owner.get(q, "?"), "/127.0.0.1", owner.get(q, "?")] for q in range(PARTS)]
    got = [r[:6] + [r[6].rsplit("-", 5)[0] if r[6].count("-") >= 5 else r[6]] + r[7:] for r in rows]
    if got != want:
        return f"offsets rows {rows}, want (consumer id = client id + '-' + uuid) {want}"


def kt_reset_active_refused():
    if not a.kt:
        return "no --kt given"
    out = kt("--reset-offsets", "--group", SPLIT, "--topic", TOPIC, "--to-earliest", "--execute")
    msg = f"Error: Assignments can only be reset if the group '{SPLIT}' is inactive, but the current state is Stable."
    if msg not in out.stdout.split("\n"):
        return f"stdout {out.stdout!r} (exit {out.returncode}, stderr {out.stderr!r}) lacks {msg!r}"
    admin = KafkaAdminClient(**common)
    try:
        res = admin.list_group_offsets(SPLIT)
    finally:
        admin.close()
    if res.get(SPLIT):
        return f"the refused reset committed offsets anyway: {res}"


def delete_non_empty():
    admin = KafkaAdminClient(**common)
    try:
        res = admin.delete_groups([SPLIT])
    finally:
        admin.close()
    if res != {SPLIT: "NonEmptyGroupError"}:
        return f"delete_groups of the active {SPLIT} = {res}, want NonEmptyGroupError (68 NON_EMPTY_GROUP)"


def stop_members():
    for m in members:
        m.stop.set()
    for m in members:
        m.join(20)
    if any(m.is_alive() for m in members):
        return "a member did not stop"


def offsets():
    admin = KafkaAdminClient(**common)
    try:
        res = admin.list_group_offsets(GROUP)
    finally:
        admin.close()
    got = {tp.partition: om.offset for tp, om in res.get(GROUP, {}).items() if tp.topic == TOPIC}
    if got != {part: 12 for part in range(PARTS)}:
        return f"list_group_offsets({GROUP}) = {res}, want offset 12 on each partition"


def delete_empty():
    admin = KafkaAdminClient(**common)
    try:
        res = admin.delete_groups([GROUP])
        if res != {GROUP: "OK"}:
            return f"delete_groups([{GROUP}]) = {res}, want OK"
        names = {g.get("group_id") for g in admin.list_groups()}
        if GROUP in names:
            return f"{GROUP} still listed after its deletion: {names}"
        again = admin.delete_groups([GROUP])
        if again != {GROUP: "GroupIdNotFoundError"}:
            return f"deleting it again = {again}, want GroupIdNotFoundError (69 GROUP_ID_NOT_FOUND)"
    finally:
        admin.close()


c.run("setup-topic-and-40-records", setup)
c.run("subscribe-consume-commit-committed", first_member, needs=["setup-topic-and-40-records"])
c.run("second-member-resumes-after-commit", second_member_resumes, needs=["subscribe-consume-commit-committed"])
c.run("two-members-split-4-partitions", two_members_split, needs=["setup-topic-and-40-records"])
c.run("admin-list-and-describe-live-group", describe_live, needs=["two-members-split-4-partitions"])
c.run("kt-consumer-groups-members-live-group", kt_describe_live, needs=["two-members-split-4-partitions"])
c.run("kt-consumer-groups-offsets-live-group", kt_offsets_live, needs=["two-members-split-4-partitions"])
c.run("kt-consumer-groups-reset-active-group-refused", kt_reset_active_refused, needs=["two-members-split-4-partitions"])
c.run("admin-delete-active-group-refused", delete_non_empty, needs=["two-members-split-4-partitions"])
c.run("members-stop", stop_members)
c.run("admin-list-group-offsets", offsets, needs=["second-member-resumes-after-commit"])
c.run("admin-delete-empty-group", delete_empty, needs=["second-member-resumes-after-commit"])
c.exit()
