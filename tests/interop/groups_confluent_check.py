"""confluent-kafka (librdkafka) group consumer and group admin against the broker: a subscribed
Consumer consumes, commits synchronously and reads committed(); a second run of the group resumes
after the commit; with a live member, AdminClient lists groups by state, describes them (members,
assignment, coordinator, authorized operations only when asked for), lists and alters committed
offsets (a consumer then starts at the altered offset) and deletes groups (refused while active)."""
import time

from confluent_kafka import (ConsumerGroupState, ConsumerGroupTopicPartitions, Consumer, KafkaError,
                             KafkaException, Producer, TopicPartition)
from confluent_kafka.admin import AclOperation, AdminClient, NewTopic

from checks import Checks, parser

a = parser(__doc__).parse_args()
c = Checks("groups/confluent")
TOPIC, PARTS = "cfg-topic", 2
GROUP, LIVE = "cf-group", "cf-live"
admin = AdminClient({"bootstrap.servers": a.bootstrap})


def produce(n, tag):
    prod = Producer({"bootstrap.servers": a.bootstrap, "acks": "all"})
    errors = []
    for i in range(n):
        prod.produce(TOPIC, value=b"%s-%d" % (tag, i), partition=i % PARTS,
                     on_delivery=lambda err, msg: err and errors.append(err))
    left = prod.flush(30)
    if left or errors:
        raise AssertionError(f"{left} records not flushed, errors {errors[:2]}")


def setup():
    admin.create_topics([NewTopic(TOPIC, PARTS, 1)], request_timeout=20)[TOPIC].result(timeout=30)
    produce(20, b"first")


def consumer(group, client_id):
    return Consumer({"bootstrap.servers": a.bootstrap, "group.id": group, "client.id": client_id,
                     "auto.offset.reset": "earliest", "enable.auto.commit": False,
                     "session.timeout.ms": 10_000, "heartbeat.interval.ms": 500})


def consume_n(cons, n, secs=40):
    got, deadline = [], time.time() + secs
    while len(got) < n and time.time() < deadline:
        for m in cons.consume(100, timeout=0.5):
            if m.error():
                if m.error().code() == KafkaError._PARTITION_EOF:
                    continue
                raise KafkaException(m.error())
            got.append((m.partition(), m.offset()))
    return sorted(got)


def committed(cons):
    return {tp.partition: tp.offset for tp in cons.committed([TopicPartition(TOPIC, q) for q in range(PARTS)], timeout=20)}


def first_run():
    cons = consumer(GROUP, "cf-first")
    try:
        cons.subscribe([TOPIC])
        got = consume_n(cons, 20)
        want = [(q, o) for q in range(PARTS) for o in range(10)]
        if got != want:
            return f"consumed {got}, want offsets 0..9 of both partitions"
        cons.commit(asynchronous=False)
        com = committed(cons)
        if com != {0: 10, 1: 10}:
            return f"committed() after a sync commit = {com}, want 10 on both partitions"
    finally:
        cons.close()


def second_run_resumes():
    produce(6, b"second")
    cons = consumer(GROUP, "cf-second")
    try:
        cons.subscribe([TOPIC])
        got = consume_n(cons, 6) + consume_n(cons, 1, secs=2)  # a seventh record would be a repeat
        want = [(q, o) for q in range(PARTS) for o in range(10, 13)]
        if got != want:
            return f"second run read {got}, want only the new {want}"
        cons.commit(asynchronous=False)
        if committed(cons) != {0: 13, 1: 13}:
            return f"committed() = {committed(cons)}, want 13 on both partitions"
    finally:
        cons.close()


live = None


def start_live_member():
    global live
    live = consumer(LIVE, "cf-live-member")
    live.subscribe([TOPIC])
    deadline = time.time() + 30
    while time.time() < deadline:
        live.poll(0.2)
        if len(live.assignment()) == PARTS:
            return True
    return f"assignment {live.assignment()} after 30 s, want both partitions"


def list_by_state():
    def names(**kw):
        res = admin.list_consumer_groups(request_timeout=20, **kw).result(timeout=30)
        if res.errors:
            raise AssertionError(f"list_consumer_groups({kw}) errors {res.errors}")
        return {g.group_id: g for g in res.valid}

    every = names()
    stable = names(states={ConsumerGroupState.STABLE})
    empty = names(states={ConsumerGroupState.EMPTY})
    if not {GROUP, LIVE} <= set(every):
        return f"all groups {sorted(every)}, want {GROUP} and {LIVE}"
    if LIVE not in stable or GROUP in stable:
        return f"STABLE groups {sorted(stable)}, want {LIVE} and not {GROUP}"
    if GROUP not in empty or LIVE in empty:
        return f"EMPTY groups {sorted(empty)}, want {GROUP} and not {LIVE}"
    if every[LIVE].state != ConsumerGroupState.STABLE or every[GROUP].state != ConsumerGroupState.EMPTY:
        return f"states {every[LIVE].state}/{every[GROUP].state}, want STABLE/EMPTY"
    if every[LIVE].is_simple_consumer_group:
        return f"{LIVE} listed as a simple consumer group (protocol type should be 'consumer')"


def describe_live():
    d = admin.describe_consumer_groups([LIVE], include_authorized_operations=True, request_timeout=20)[LIVE].result(timeout=30)
    host, port = a.bootstrap.rsplit(":", 1)
    if d.state != ConsumerGroupState.STABLE or d.is_simple_consumer_group:
        return f"state {d.state}, simple {d.is_simple_consumer_group}; want STABLE, not simple"
    if d.partition_assignor not in ("range", "roundrobin", "cooperative-sticky"):
        return f"partition_assignor {d.partition_assignor!r}"
    if (d.coordinator.id, d.coordinator.host, d.coordinator.port) != (0, host, int(port)):
        return f"coordinator {d.coordinator}, want 0 at {a.bootstrap}"
    if len(d.members) != 1:
        return f"{len(d.members)} members, want 1"
    m = d.members[0]
    if m.client_id != "cf-live-member" or not m.member_id.startswith("cf-live-member-") or "127.0.0.1" not in m.host:
        return f"member id {m.member_id!r} client {m.client_id!r} host {m.host!r}"
    parts = sorted((tp.topic, tp.partition) for tp in m.assignment.topic_partitions)
    if parts != [(TOPIC, q) for q in range(PARTS)]:
        return f"described assignment {parts}, want both partitions of {TOPIC}"
    ops = set(d.authorized_operations or [])
    want = {AclOperation.READ, AclOperation.DESCRIBE, AclOperation.DELETE}
    if not want <= ops:
        return f"authorized_operations {d.authorized_operations}, want at least READ, DESCRIBE, DELETE"


def describe_without_operations():
    d = admin.describe_consumer_groups([LIVE], request_timeout=20)[LIVE].result(timeout=30)
    if d.authorized_operations is not None:
        return f"authorized_operations {d.authorized_operations} though not asked for, want None (-2^31 on the wire)"


def describe_missing():
    try:
        d = admin.describe_consumer_groups(["cf-no-such-group"], request_timeout=20)["cf-no-such-group"].result(timeout=30)
    except KafkaException as e:
        if e.args[0].code() == KafkaError.GROUP_ID_NOT_FOUND:
            return True
        return f"error {e.args[0]}, want state DEAD or GROUP_ID_NOT_FOUND"
    if d.state != ConsumerGroupState.DEAD or d.members:
        return f"state {d.state} with {len(d.members)} members, want DEAD and none"


def offsets_of(group):
    res = admin.list_consumer_group_offsets([ConsumerGroupTopicPartitions(group)], request_timeout=20)[group].result(timeout=30)
    return {tp.partition: tp.offset for tp in res.topic_partitions if tp.topic == TOPIC and not tp.error}


def list_offsets():
    got = offsets_of(GROUP)
    if got != {0: 13, 1: 13}:
        return f"list_consumer_group_offsets({GROUP}) = {got}, want 13 on both partitions"


def alter_offsets():
    req = ConsumerGroupTopicPartitions(GROUP, [TopicPartition(TOPIC, 0, 5)])
    res = admin.alter_consumer_group_offsets([req], request_timeout=20)[GROUP].result(timeout=30)
    errs = [tp.error for tp in res.topic_partitions if tp.error]
    if errs:
        return f"alter errors {errs}"
    got = offsets_of(GROUP)
    if got != {0: 5, 1: 13}:
        return f"offsets after altering partition 0 to 5: {got}, want {{0: 5, 1: 13}}"
    cons = consumer(GROUP, "cf-third")
    try:
        cons.subscribe([TOPIC])
        read = consume_n(cons, 8) + consume_n(cons, 1, secs=2)
    finally:
        cons.close()
    if read != [(0, o) for o in range(5, 13)]:
        return f"after the alter a member read {read}, want partition 0 offsets 5..12 only"


def alter_active_refused():
    req = ConsumerGroupTopicPartitions(LIVE, [TopicPartition(TOPIC, 0, 1)])
    try:
        res = admin.alter_consumer_group_offsets([req], request_timeout=20)[LIVE].result(timeout=30)
    except KafkaException as e:
        code = e.args[0].code()
    else:
        errs = [tp.error for tp in res.topic_partitions if tp.error]
        if not errs:
            return "altering the offsets of an active group succeeded; Kafka refuses (UNKNOWN_MEMBER_ID)"
        code = errs[0].code()
    if code != KafkaError.UNKNOWN_MEMBER_ID:
        return f"error {KafkaError(code).name()}, want UNKNOWN_MEMBER_ID (an admin commit to a non-empty group)"


def delete_active_refused():
    try:
        admin.delete_consumer_groups([LIVE], request_timeout=20)[LIVE].result(timeout=30)
    except KafkaException as e:
        if e.args[0].code() == KafkaError.NON_EMPTY_GROUP:
            return True
        return f"error {e.args[0]}, want NON_EMPTY_GROUP"
    return "deleting an active group succeeded; want NON_EMPTY_GROUP"


def stop_live():
    live.close()


def delete_groups():
    for g in (GROUP, LIVE):
        admin.delete_consumer_groups([g], request_timeout=20)[g].result(timeout=30)
    left = {x.group_id for x in admin.list_consumer_groups(request_timeout=20).result(timeout=30).valid}
    if left & {GROUP, LIVE}:
        return f"still listed after deletion: {sorted(left & {GROUP, LIVE})}"


c.run("setup-topic-and-20-records", setup)
c.run("subscribe-consume-commit-sync-committed", first_run, needs=["setup-topic-and-20-records"])
c.run("second-run-resumes-after-commit", second_run_resumes, needs=["subscribe-consume-commit-sync-committed"])
c.run("live-member-assigned", start_live_member, needs=["setup-topic-and-20-records"])
c.run("admin-list-groups-states-filter", list_by_state, needs=["live-member-assigned", "second-run-resumes-after-commit"])
c.run("admin-describe-live-with-authorized-operations", describe_live, needs=["live-member-assigned"])
c.run("admin-describe-without-authorized-operations", describe_without_operations, needs=["live-member-assigned"])
c.run("admin-describe-missing-group", describe_missing)
c.run("admin-list-group-offsets", list_offsets, needs=["second-run-resumes-after-commit"])
c.run("admin-alter-offsets-then-consume-from-there", alter_offsets, needs=["second-run-resumes-after-commit"])
c.run("admin-alter-offsets-of-active-group-refused", alter_active_refused, needs=["live-member-assigned"])
c.run("admin-delete-active-group-refused", delete_active_refused, needs=["live-member-assigned"])
c.run("live-member-leaves", stop_live, needs=["live-member-assigned"])
c.run("admin-delete-groups", delete_groups, needs=["live-member-leaves", "second-run-resumes-after-commit"])
c.exit()
