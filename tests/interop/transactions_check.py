"""Transactions with confluent-kafka (librdkafka) and kafka-python against the broker.

confluent-kafka's transactional producer commits, aborts and commits again on a 2-partition topic
(init_transactions / begin_transaction / commit_transaction / abort_transaction); read_committed
consumers of both clients read exactly the committed records, in order per partition, and
read_uncommitted ones the aborted records too (so the abort did not simply lose them). With a
transaction left open, read_committed stops at the last stable offset (librdkafka's watermark query
answers the LSO, kafka-python's end_offsets too) until it commits. A consume-transform-produce loop
(a read_committed group member, send_offsets_to_transaction, commit) copies the committed records,
and the group's offsets move with the commit; offsets sent in an aborted transaction do not.

Writes the committed and all records as `PARTITION VALUE` lines to --out (committed.txt, all.txt)
for run.sh's kcat checks.
"""
import os
import time

from confluent_kafka import OFFSET_BEGINNING, Consumer, KafkaError, Producer, TopicPartition
from confluent_kafka.admin import AdminClient, NewTopic
from kafka import KafkaConsumer
from kafka import TopicPartition as KpTopicPartition

from checks import Checks, parser

p = parser(__doc__)
p.add_argument("--out", required=True, help="dir for committed.txt and all.txt")
a = p.parse_args()
c = Checks("transactions")
TOPIC, OUT_TOPIC, OPEN_TOPIC, PARTS = "txn-cf", "txn-cf-out", "txn-cf-open", 2
admin = AdminClient({"bootstrap.servers": a.bootstrap})

committed = {part: [] for part in range(PARTS)}  # partition -> values in offset order
everything = {part: [] for part in range(PARTS)}


def create():
    futs = admin.create_topics([NewTopic(TOPIC, PARTS, 1), NewTopic(OUT_TOPIC, PARTS, 1), NewTopic(OPEN_TOPIC, 1, 1)],
                               request_timeout=20)
    for f in futs.values():
        f.result(timeout=30)


def txn_producer(tid):
    prod = Producer({"bootstrap.servers": a.bootstrap, "transactional.id": tid, "transaction.timeout.ms": 30_000,
                     "linger.ms": 5, "message.timeout.ms": 20_000})
    prod.init_transactions(20)
    return prod


def produce():
    """20 records committed, 10 aborted (after they reached the log), 20 committed."""
    prod = txn_producer("cf-txn-producer")
    errors = []

    def on_delivery(err, msg):
        if err is not None and not (err.code() == KafkaError._PURGE_QUEUE):
            errors.append(err)

    for rnd, n in (("first", 20), ("aborted", 10), ("second", 20)):
        prod.begin_transaction()
        for i in range(n):
            part = i % PARTS
            v = f"cf-{rnd}-{i}"
            prod.produce(TOPIC, value=v.encode(), key=b"k%d" % i, partition=part, on_delivery=on_delivery)
            everything[part].append(v)
            if rnd != "aborted":
                committed[part].append(v)
        if rnd == "aborted":
            prod.flush(20)  # in the log before the abort
            prod.abort_transaction(20)
        else:
            prod.commit_transaction(20)
    if errors:
        return f"delivery errors: {errors[:3]}"
    os.makedirs(a.out, exist_ok=True)
    for name, recs in (("committed.txt", committed), ("all.txt", everything)):
        with open(os.path.join(a.out, name), "w") as f:
            for part in range(PARTS):
                for v in recs[part]:
                    f.write(f"{part} {v}\n")


def cf_consumer(isolation, group="interop-txn-assign-only", **extra):
    conf = {"bootstrap.servers": a.bootstrap, "group.id": group, "isolation.level": isolation,
            "enable.auto.commit": False, "enable.partition.eof": True, "auto.offset.reset": "earliest",
            "fetch.wait.max.ms": 100}  # the end of a partition is reported after an empty fetch
    conf.update(extra)
    return Consumer(conf)


def cf_read(topic, isolation, parts=PARTS):
    """Every partition of topic from the start to its end (the LSO for read_committed)."""
    cons = cf_consumer(isolation)
    got = {part: [] for part in range(parts)}
    try:
        cons.assign([TopicPartition(topic, part, OFFSET_BEGINNING) for part in range(parts)])
        eof, deadline = set(), time.time() + 30
        while len(eof) < parts and time.time() < deadline:
            for m in cons.consume(500, timeout=0.5):
                if m.error():
                    if m.error().code() == KafkaError._PARTITION_EOF:
                        eof.add(m.partition())
                        continue
                    raise RuntimeError(f"consume error {m.error()}")
                got[m.partition()].append(m.value().decode())
        if len(eof) < parts:
            return f"no end of partition reached in 30 s for {set(range(parts)) - eof}"
    finally:
        cons.close()
    return got


def want_equal(got, want):
    if isinstance(got, str):
        return got
    for part in want:
        if got.get(part) != want[part]:
            return f"partition {part}: read {got.get(part)}, want {want[part]}"


def confluent_read_committed():
    return want_equal(cf_read(TOPIC, "read_committed"), committed)


def confluent_read_uncommitted():
    return want_equal(cf_read(TOPIC, "read_uncommitted"), everything)


def kp_read(topic, isolation, parts=PARTS):
    cons = KafkaConsumer(bootstrap_servers=a.bootstrap, isolation_level=isolation, enable_auto_commit=False,
                         request_timeout_ms=20_000, consumer_timeout_ms=1000)
    got = {part: [] for part in range(parts)}
    try:
        tps = [KpTopicPartition(topic, part) for part in range(parts)]
        cons.assign(tps)
        cons.seek_to_beginning(*tps)
        ends = cons.end_offsets(tps)
        deadline = time.time() + 30
        while any(cons.position(tp) < ends[tp] for tp in tps) and time.time() < deadline:
            for tp, recs in cons.poll(timeout_ms=300).items():
                got[tp.partition].extend(r.value.decode() for r in recs)
        short = {tp.partition: (cons.position(tp), ends[tp]) for tp in tps if cons.position(tp) < ends[tp]}
        if short:
            return f"positions short of the end offsets after 30 s: {short}"
    finally:
        cons.close()
    return got


def kafka_python_read_committed():
    return want_equal(kp_read(TOPIC, "read_committed"), committed)


def kafka_python_read_uncommitted():
    return want_equal(kp_read(TOPIC, "read_uncommitted"), everything)


def open_transaction_stops_at_lso():
    """2 records committed (offsets 0-1, marker at 2), then 3 in an open transaction (3-5)."""
    prod = txn_producer("cf-open")
    prod.begin_transaction()
    for i in range(2):
        prod.produce(OPEN_TOPIC, value=b"before-%d" % i, partition=0)
    prod.commit_transaction(20)
    prod.begin_transaction()
    for i in range(3):
        prod.produce(OPEN_TOPIC, value=b"open-%d" % i, partition=0)
    prod.flush(20)
    tp = TopicPartition(OPEN_TOPIC, 0)
    marks = {}
    for iso in ("read_committed", "read_uncommitted"):
        cons = cf_consumer(iso)
        marks[iso] = cons.get_watermark_offsets(tp, timeout=20, cached=False)
        cons.close()
    if marks != {"read_committed": (0, 3), "read_uncommitted": (0, 6)}:
        return f"librdkafka's watermarks {marks}, want the LSO 3 for read_committed and 6 for read_uncommitted"
    kp = KafkaConsumer(bootstrap_servers=a.bootstrap, isolation_level="read_committed", enable_auto_commit=False)
    ktp = KpTopicPartition(OPEN_TOPIC, 0)
    kp.assign([ktp])
    kp.seek_to_beginning(ktp)
    end = kp.end_offsets([ktp])[ktp]
    seen, deadline = [], time.time() + 2  # long enough to fetch what is stable, and more
    while time.time() < deadline:
        for recs in kp.poll(timeout_ms=200).values():
            seen.extend(r.value.decode() for r in recs)
    if end != 3 or seen != ["before-0", "before-1"]:
        return f"kafka-python read_committed with a transaction open: end_offsets {end} (want 3), read {seen}"
    got = cf_read(OPEN_TOPIC, "read_committed", 1)
    if want_equal(got, {0: ["before-0", "before-1"]}):
        return f"confluent read_committed with a transaction open read {got}"
    prod.commit_transaction(20)
    deadline = time.time() + 10
    while len(seen) < 5 and time.time() < deadline:
        for recs in kp.poll(timeout_ms=200).values():
            seen.extend(r.value.decode() for r in recs)
    kp.close()
    if seen != ["before-0", "before-1", "open-0", "open-1", "open-2"]:
        return f"kafka-python read_committed after the commit read {seen}"


def group_committed(group, parts=PARTS, topic=TOPIC):
    cons = cf_consumer("read_committed", group)
    try:
        return {tp.partition: tp.offset for tp in cons.committed(
            [TopicPartition(topic, part) for part in range(parts)], timeout=20)}
    finally:
        cons.close()


def consume_transform_produce():
    """A group member copies the committed records upper-cased, offsets sent with each transaction."""
    want_count = sum(map(len, committed.values()))
    prod = txn_producer("cf-ctp")
    cons = cf_consumer("read_committed", "cf-ctp", **{"enable.partition.eof": False})
    cons.subscribe([TOPIC])
    copied, deadline = 0, time.time() + 30
    try:
        while copied < want_count and time.time() < deadline:
            msgs = cons.consume(100, timeout=0.5)
            if not msgs:
                continue
            prod.begin_transaction()
            for m in msgs:
                if m.error():
                    raise RuntimeError(f"consume error {m.error()}")
                prod.produce(OUT_TOPIC, value=m.value().upper(), key=m.key(), partition=m.partition())
                copied += 1
            prod.send_offsets_to_transaction(cons.position(cons.assignment()), cons.consumer_group_metadata(), 20)
            prod.commit_transaction(20)
        positions = {tp.partition: tp.offset for tp in cons.position(cons.assignment())}
    finally:
        cons.close()
    if copied != want_count:
        return f"copied {copied} records in 30 s, want {want_count}"
    want = {part: [v.upper() for v in vals] for part, vals in committed.items()}
    bad = want_equal(cf_read(OUT_TOPIC, "read_committed"), want)
    if bad:
        return f"output: {bad}"
    offsets = group_committed("cf-ctp")
    if offsets != positions:
        return f"group offsets {offsets}, want the positions {positions}"


def aborted_offsets_not_committed():
    before = group_committed("cf-ctp")
    prod = txn_producer("cf-ctp")
    cons = cf_consumer("read_committed", "cf-ctp", **{"enable.partition.eof": False})
    cons.subscribe([TOPIC])
    deadline = time.time() + 15
    while not cons.assignment() and time.time() < deadline:
        cons.consume(1, timeout=0.2)
    prod.begin_transaction()
    prod.produce(OUT_TOPIC, value=b"NEVER", partition=0)
    prod.send_offsets_to_transaction([TopicPartition(TOPIC, part, 0) for part in range(PARTS)],
                                     cons.consumer_group_metadata(), 20)
    prod.flush(20)
    prod.abort_transaction(20)
    cons.close()
    after = group_committed("cf-ctp")
    if after != before:
        return f"group offsets {after} after the abort, were {before}"
    got = cf_read(OUT_TOPIC, "read_committed")
    if isinstance(got, str) or "NEVER" in got[0]:
        return f"read_committed after the abort: {got}"


c.run("admin-create-topics", create)
c.run("confluent-producer-commit-abort-commit", produce, needs=["admin-create-topics"])
deps = ["confluent-producer-commit-abort-commit"]
c.run("confluent-read-committed-sees-only-committed", confluent_read_committed, needs=deps)
c.run("confluent-read-uncommitted-sees-aborted-too", confluent_read_uncommitted, needs=deps)
c.run("kafka-python-read-committed-skips-aborted", kafka_python_read_committed, needs=deps)
c.run("kafka-python-read-uncommitted-sees-aborted-too", kafka_python_read_uncommitted, needs=deps)
c.run("open-transaction-read-committed-stops-at-lso", open_transaction_stops_at_lso, needs=["admin-create-topics"])
c.run("confluent-consume-transform-produce-send-offsets", consume_transform_produce, needs=deps)
c.run("confluent-aborted-send-offsets-not-committed", aborted_offsets_not_committed,
      needs=["confluent-consume-transform-produce-send-offsets"])
c.exit()
