"""The client of benches/transactions.sh (confluent-kafka): one phase per run, its figures as JSON.

    transactions.py produce BOOT TOPIC RECORDS SIZE TXN   RECORDS x SIZE B to partition 0 of TOPIC:
        TXN=0 with an idempotent producer, else a transactional one committing every TXN records
    transactions.py consume BOOT TOPIC RECORDS ISOLATION  read partition 0 of TOPIC from the start to
        its end with isolation.level ISOLATION; fails unless it read RECORDS records

Prints {"wall_s": ..., "records": ..., "transactions": ...}; the wall time runs from the first
produce (or the assign) to the last delivery report or commit (or the end of the partition).
"""
import json
import sys
import time

from confluent_kafka import OFFSET_BEGINNING, Consumer, KafkaError, Producer, TopicPartition

COMMON = {"log_level": 3}


def produce(boot, topic, records, size, txn):
    conf = {"bootstrap.servers": boot, "acks": "all", "enable.idempotence": True, "linger.ms": 5,
            "batch.num.messages": 10_000, "queue.buffering.max.messages": 1_000_000, **COMMON}
    if txn:
        conf["transactional.id"] = f"bench-{topic}"
    p = Producer(conf)
    if txn:
        p.init_transactions(30)
    value = (b"x" * size)[:size]
    failed = []

    def on_delivery(err, _msg):
        if err is not None:
            failed.append(err)

    transactions = 0
    t0 = time.perf_counter()
    if txn:
        p.begin_transaction()
    for i in range(records):
        while True:
            try:
                p.produce(topic, value, partition=0, on_delivery=on_delivery)
                break
            except BufferError:
                p.poll(0.001)
        if txn and (i + 1) % txn == 0:
            p.commit_transaction(60)
            transactions += 1
            if i + 1 < records:
                p.begin_transaction()
    if txn and records % txn:
        p.commit_transaction(60)
        transactions += 1
    left = p.flush(60)
    wall = time.perf_counter() - t0
    if failed or left:
        sys.exit(f"{len(failed)} delivery errors ({failed[:1]}), {left} not delivered")
    return {"wall_s": wall, "records": records, "transactions": transactions}


def consume(boot, topic, records, isolation):
    c = Consumer({"bootstrap.servers": boot, "group.id": "bench-reader", "isolation.level": isolation,
                  "enable.auto.commit": False, "enable.partition.eof": True,
                  "queued.min.messages": 1_000_000, "fetch.max.bytes": 52_428_800, **COMMON})
    n = 0
    t0 = time.perf_counter()
    c.assign([TopicPartition(topic, 0, OFFSET_BEGINNING)])
    done = False
    while not done:
        for m in c.consume(10_000, timeout=1.0):
            if m.error():
                if m.error().code() == KafkaError._PARTITION_EOF:
                    done = True
                    continue
                sys.exit(f"consume error {m.error()}")
            n += 1
    wall = time.perf_counter() - t0
    c.close()
    if n != records:
        sys.exit(f"read {n} records, want {records}")
    return {"wall_s": wall, "records": n}


if __name__ == "__main__":
    mode, boot, topic, records = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    if mode == "produce":
        out = produce(boot, topic, records, int(sys.argv[5]), int(sys.argv[6]))
    else:
        out = consume(boot, topic, records, sys.argv[5])
    print(json.dumps(out))
