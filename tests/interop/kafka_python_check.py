"""kafka-python against the broker: admin, keyed produce with headers and timestamps to a
3-partition topic, consumer with assign + seek_to_beginning (no group), offsets lookups."""
import time

from kafka import KafkaAdminClient, KafkaConsumer, KafkaProducer, TopicPartition
from kafka.admin import NewTopic

from checks import Checks, parser

a = parser(__doc__).parse_args()
c = Checks("kafka_python")
TOPIC, PARTS, N = "kp-topic", 3, 100
T0 = int(time.time() * 1000) - 200_000  # record i is stamped T0 + 1000 * i
common = dict(bootstrap_servers=a.bootstrap, request_timeout_ms=20_000)


def rec(i):
    return dict(key=b"k%03d" % i, value=b"value %d from kafka-python" % i,
                headers=[("idx", b"%d" % i), ("src", b"kp")], partition=i % PARTS, timestamp_ms=T0 + 1000 * i)


def admin_create():
    admin = KafkaAdminClient(**common)
    try:
        admin.create_topics([NewTopic(TOPIC, PARTS, 1)], timeout_ms=20_000)
        names = admin.list_topics()
        if TOPIC not in names:
            return f"list_topics() = {names} lacks {TOPIC}"
    finally:
        admin.close()


def produce():
    p = KafkaProducer(acks="all", linger_ms=5, **common)
    try:
        futs = [p.send(TOPIC, **rec(i)) for i in range(N)]
        p.flush(timeout=30)
        metas = [f.get(timeout=30) for f in futs]
    finally:
        p.close(timeout=10)
    got = {}
    for i, m in enumerate(metas):
        if m.topic != TOPIC or m.partition != i % PARTS:
            return f"record {i} went to {m.topic}-{m.partition}"
        got.setdefault(m.partition, []).append(m.offset)
    for part, offs in got.items():
        if offs != list(range(len(offs))):
            return f"partition {part} offsets {offs[:10]}... are not 0,1,2,..."
    return metas


def consume():
    cons = KafkaConsumer(group_id=None, enable_auto_commit=False, **common)
    try:
        tps = [TopicPartition(TOPIC, p) for p in range(PARTS)]
        cons.assign(tps)
        cons.seek_to_beginning()
        recs, deadline = [], time.time() + 40
        while len(recs) < N and time.time() < deadline:
            for batch in cons.poll(timeout_ms=1000).values():
                recs.extend(batch)
    finally:
        cons.close()
    if len(recs) != N:
        return f"read {len(recs)} records, want {N}"
    seen = set()
    for r in recs:
        i = int(r.key[1:])
        want = rec(i)
        if (r.partition, r.value, r.timestamp, list(r.headers)) != (want["partition"], want["value"], want["timestamp_ms"], want["headers"]):
            return (f"record {r.partition}/{r.offset} = key {r.key!r} value {r.value!r} ts {r.timestamp} headers {r.headers}, "
                    f"want {want}")
        if r.offset != i // PARTS:
            return f"key {r.key!r} at offset {r.offset}, want {i // PARTS}"
        seen.add(i)
    if len(seen) != N:
        return f"only {len(seen)} distinct records"


def offsets():
    cons = KafkaConsumer(group_id=None, enable_auto_commit=False, **common)
    try:
        tps = [TopicPartition(TOPIC, p) for p in range(PARTS)]
        end = cons.end_offsets(tps)
        begin = cons.beginning_offsets(tps)
        want_end = {tp: len(range(tp.partition, N, PARTS)) for tp in tps}
        if end != want_end:
            return f"end_offsets {end}, want {want_end}"
        if begin != {tp: 0 for tp in tps}:
            return f"beginning_offsets {begin}, want all 0"
        ts = T0 + 1000 * 50
        found = cons.offsets_for_times({tp: ts for tp in tps})
        for tp in tps:
            first = next(i for i in range(50, N) if i % PARTS == tp.partition)
            o = found.get(tp)
            if o is None or o.offset != first // PARTS or o.timestamp != T0 + 1000 * first:
                return f"offsets_for_times({ts}) for {tp.partition} = {o}, want offset {first // PARTS} at {T0 + 1000 * first}"
        later = cons.offsets_for_times({tps[0]: T0 + 1000 * (N + 10)})
        if later.get(tps[0]) is not None:
            return f"offsets_for_times past the last record = {later}, want None"
    finally:
        cons.close()


c.run("admin-create-and-list", admin_create)
c.run("produce-100-keyed-with-headers", produce, needs=["admin-create-and-list"])
c.run("consume-assign-seek-to-beginning", consume, needs=["produce-100-keyed-with-headers"])
c.run("end-beginning-offsets-for-times", offsets, needs=["produce-100-keyed-with-headers"])
c.exit()
