"""Kill -9 durability, in two phases around the restart that run.sh does (it first kills the
restarting broker with SIGKILL again, several times, while it recovers its logs):

  produce --broker-pid PID --acked FILE   20,000 acks=all records, then a second batch during which
                                          the broker is killed with SIGKILL; every acknowledged
                                          record (partition, offset, value) is written to FILE
  verify --acked FILE                     after the restart on the same log dirs: every acknowledged
                                          record is there, once, in the order produced, and new
                                          records get fresh offsets
"""
import json
import os
import signal
import time

from confluent_kafka import OFFSET_BEGINNING, Consumer, KafkaError, Producer, TopicPartition
from confluent_kafka.admin import AdminClient, NewTopic

from checks import Checks, parser

p = parser(__doc__)
p.add_argument("phase", choices=["produce", "verify"])
p.add_argument("--broker-pid", type=int)
p.add_argument("--acked", required=True)
a = p.parse_args()
c = Checks("durability")
TOPIC, PARTS, N1, N2, KILL_AT = "durable", 3, 20_000, 20_000, 5_000


def value(batch, i):
    return b"durable batch %d record %06d " % (batch, i) + b"x" * 40


acked = []  # (partition, offset, value)


def producer():
    return Producer({"bootstrap.servers": a.bootstrap, "acks": "all", "linger.ms": 5,
                     "message.timeout.ms": 8000, "retry.backoff.ms": 200})


def batch1():
    admin = AdminClient({"bootstrap.servers": a.bootstrap})  # must outlive the future
    admin.create_topics([NewTopic(TOPIC, PARTS, 1)], request_timeout=20)[TOPIC].result(timeout=30)
    prod, errors = producer(), []

    def cb(err, msg):
        if err is None:
            acked.append((msg.partition(), msg.offset(), msg.value().decode()))
        else:
            errors.append(err)

    for i in range(N1):
        while True:
            try:
                prod.produce(TOPIC, key=b"%d" % i, value=value(1, i), on_delivery=cb)
                break
            except BufferError:
                prod.poll(0.05)
        prod.poll(0)
    left = prod.flush(60)
    if left or errors or len(acked) != N1:
        return f"{len(acked)} of {N1} acknowledged, {len(errors)} errors (first {errors[:1]}), {left} unflushed"


def batch2():
    prod, state = producer(), {"n": 0, "killed_at": None}

    def cb(err, msg):
        if err is None:
            acked.append((msg.partition(), msg.offset(), msg.value().decode()))
            state["n"] += 1

    def maybe_kill():
        if state["killed_at"] is None and state["n"] >= KILL_AT:
            os.kill(a.broker_pid, signal.SIGKILL)
            state["killed_at"] = state["n"]

    for i in range(N2):
        while True:
            try:
                prod.produce(TOPIC, key=b"%d" % i, value=value(2, i), on_delivery=cb)
                break
            except BufferError:
                prod.poll(0.05)
        prod.poll(0)
        if i % 200 == 199:
            prod.poll(0.005)  # pace the batch so the kill lands while sends are in flight
        maybe_kill()
    deadline = time.time() + 30
    while state["killed_at"] is None and time.time() < deadline:
        prod.poll(0.01)
        maybe_kill()
    if state["killed_at"] is None:
        os.kill(a.broker_pid, signal.SIGKILL)
        state["killed_at"] = state["n"]
    prod.flush(30)  # failures after the kill resolve within message.timeout.ms; only successes count
    print(f"batch 2: killed after {state['killed_at']} acks, {state['n']} acknowledged in all", flush=True)
    if state["n"] >= N2:
        return f"all {N2} records of batch 2 were acknowledged before the kill took effect"


def save():
    with open(a.acked, "w") as f:
        json.dump(acked, f)


def read_all():
    cons = Consumer({"bootstrap.servers": a.bootstrap, "group.id": "interop-assign-only", "enable.auto.commit": False,
                     "enable.partition.eof": True})
    got, at_eof, deadline = {}, set(), time.time() + 60
    try:
        cons.assign([TopicPartition(TOPIC, q, OFFSET_BEGINNING) for q in range(PARTS)])
        while len(at_eof) < PARTS and time.time() < deadline:
            for m in cons.consume(1000, timeout=1):
                if m.error():
                    if m.error().code() == KafkaError._PARTITION_EOF:
                        at_eof.add(m.partition())
                        continue
                    raise RuntimeError(f"consume error {m.error()}")
                at_eof.discard(m.partition())
                got[(m.partition(), m.offset())] = m.value().decode()
    finally:
        cons.close()
    if len(at_eof) < PARTS:
        raise RuntimeError(f"did not reach the end of partitions {sorted(set(range(PARTS)) - at_eof)} in 60 s")
    return got


def verify():
    with open(a.acked) as f:
        want = [tuple(x) for x in json.load(f)]
    md = AdminClient({"bootstrap.servers": a.bootstrap}).list_topics(timeout=20)
    if TOPIC not in md.topics or md.topics[TOPIC].error is not None:
        return f"topic {TOPIC} is gone after the restart ({md.topics.get(TOPIC)})"
    got = read_all()
    missing = [(q, o) for q, o, v in want if (q, o) not in got]
    wrong = [(q, o) for q, o, v in want if (q, o) in got and got[(q, o)] != v]
    print(f"acknowledged {len(want)}, stored {len(got)}, missing {len(missing)}, different {len(wrong)}", flush=True)
    if missing or wrong:
        return f"{len(missing)} acknowledged records missing (first {missing[:3]}), {len(wrong)} differ (first {wrong[:3]})"
    # No duplicates: every value is unique as produced, so an acknowledged one is stored once.
    acked_values = {v for _, _, v in want}
    seen, dups = set(), []
    for v in got.values():
        if v in acked_values:
            if v in seen:
                dups.append(v)
            seen.add(v)
    if dups:
        return f"{len(dups)} acknowledged records stored more than once (first {dups[:3]})"
    # In order: per partition, acknowledged records by offset follow the order they were produced in.
    for q in range(PARTS):
        produced = [tuple(int(x) for x in v.split()[2:5:2]) for _, _, v in sorted(r for r in want if r[0] == q)]
        if produced != sorted(produced):
            bad = next(i for i in range(1, len(produced)) if produced[i] < produced[i - 1])
            return f"partition {q}: acknowledged records out of order at offset index {bad}: {produced[bad - 1:bad + 1]}"
    state["ends"] = {q: 1 + max([o for (pq, o) in got if pq == q], default=-1) for q in range(PARTS)}


def offsets_continue():
    prod, res = producer(), []
    for q in range(PARTS):
        prod.produce(TOPIC, value=b"after restart", partition=q, on_delivery=lambda e, m: res.append((e, m.partition(), m.offset())))
    prod.flush(30)
    ends = state["ends"]
    bad = [(q, o, ends[q]) for e, q, o in res if e is not None or o != ends[q]]
    if len(res) != PARTS or bad:
        return f"records after the restart: {res}; want offsets {ends}"


state = {}
if a.phase == "produce":
    c.run("batch1-20000-acks-all", batch1)
    c.run("batch2-broker-killed-mid-way", batch2, needs=["batch1-20000-acks-all"])
    save()
else:
    c.run("acknowledged-records-survive", verify)
    c.run("offsets-continue-after-restart", offsets_continue, needs=["acknowledged-records-survive"])
c.exit()
