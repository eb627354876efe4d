"""Consumer-group latencies against one broker, measured with confluent-kafka (librdkafka 2.16).

    python benches/groups.py BOOTSTRAP [LABEL]

Prints one JSON object:
  first_record_ms   a new group member subscribes -> its first record arrives (median of 5)
  rebalance_ms      a third member subscribes to a 6-partition topic two members share ->
                    all three hold 2 partitions (median of 3)
  commit_p50_ms / commit_p99_ms   synchronous commits at 100/s for 5 s
  metadata_p50_ms   a Metadata round trip on the same client, for scale
benches/groups.sh runs it against kt and tansu in one go.
"""

import json
import statistics
import sys
import time
import uuid

from confluent_kafka import Consumer, Producer, TopicPartition
from confluent_kafka.admin import AdminClient, NewTopic

BOOT = sys.argv[1]
LABEL = sys.argv[2] if len(sys.argv) > 2 else BOOT


def create(topic, partitions):
    admin = AdminClient({"bootstrap.servers": BOOT})
    admin.create_topics([NewTopic(topic, partitions, 1)])[topic].result(timeout=30)


def produce(topic, n, partitions):
    p = Producer({"bootstrap.servers": BOOT, "linger.ms": 0})
    for i in range(n):
        p.produce(topic, value=b"v%d" % i, partition=i % partitions)
    assert p.flush(30) == 0


def consumer(group, **extra):
    config = {
        "bootstrap.servers": BOOT,
        "group.id": group,
        "auto.offset.reset": "earliest",
        "enable.auto.commit": False,
        "session.timeout.ms": 6000,
        "heartbeat.interval.ms": 1000,
    }
    config.update(extra)
    return Consumer(config)


def first_record_ms(topic):
    c = consumer("first-" + uuid.uuid4().hex)
    start = time.perf_counter()
    c.subscribe([topic])
    while True:
        m = c.poll(0.01)
        if m is not None and m.error() is None:
            elapsed = (time.perf_counter() - start) * 1000
            break
        if time.perf_counter() - start > 30:
            raise SystemExit("no record within 30 s")
    c.close()
    return elapsed


def rebalance_ms(topic):
    group = "reb-" + uuid.uuid4().hex
    members = [consumer(group) for _ in range(3)]

    def pump_until(active, done, limit):
        deadline = time.perf_counter() + limit
        while not done():
            assert time.perf_counter() < deadline, "the group never balanced"
            for c in active:
                c.poll(0)
            time.sleep(0.001)

    for c in members[:2]:
        c.subscribe([topic])
    pump_until(members[:2], lambda: all(len(c.assignment()) == 3 for c in members[:2]), 30)
    start = time.perf_counter()
    members[2].subscribe([topic])
    pump_until(members, lambda: all(len(c.assignment()) == 2 for c in members), 30)
    elapsed = (time.perf_counter() - start) * 1000
    for c in members:
        c.close()
    return elapsed


def commit_latencies(topic):
    c = consumer("commit-" + uuid.uuid4().hex)
    c.subscribe([topic])
    deadline = time.perf_counter() + 30
    while not c.assignment():
        c.poll(0.05)
        assert time.perf_counter() < deadline
    commits, metadata = [], []
    for i in range(500):
        tick = time.perf_counter()
        c.commit(offsets=[TopicPartition(topic, 0, i + 1)], asynchronous=False)
        commits.append((time.perf_counter() - tick) * 1000)
        if i % 5 == 0:
            tick = time.perf_counter()
            c.list_topics(topic, timeout=10)
            metadata.append((time.perf_counter() - tick) * 1000)
        rest = 0.01 - (time.perf_counter() - tick)
        if rest > 0:
            time.sleep(rest)
    c.close()
    commits.sort()
    return commits, metadata


def main():
    topic = "bench-" + uuid.uuid4().hex[:8]
    create(topic, 6)
    produce(topic, 600, 6)
    firsts = [first_record_ms(topic) for _ in range(5)]
    print(f"{LABEL}: first records {firsts}", file=sys.stderr, flush=True)
    rebalances = [rebalance_ms(topic) for _ in range(3)]
    print(f"{LABEL}: rebalances {rebalances}", file=sys.stderr, flush=True)
    commits, metadata = commit_latencies(topic)
    print(
        json.dumps(
            {
                "broker": LABEL,
                "first_record_ms": round(statistics.median(firsts), 1),
                "rebalance_ms": round(statistics.median(rebalances), 1),
                "commit_p50_ms": round(commits[len(commits) // 2], 2),
                "commit_p99_ms": round(commits[int(len(commits) * 0.99)], 2),
                "metadata_p50_ms": round(statistics.median(metadata), 2),
            }
        )
    )


main()
