"""The exactly-once check's copier: a transactional consume-transform-produce loop (confluent-kafka).

Reads the input topic as a read_committed member of a group, sends each record to the same partition
of the output topic, and commits the consumed offsets in the same transaction
(send_offsets_to_transaction), one transaction per batch. It is meant to be killed with kill -9 at
any moment and started again: init_transactions fences the killed copier and aborts its open
transaction before this one reads the group's offsets, so each record lands in the output of exactly
one committed transaction. Any client error ends the process with exit 1 (the driver starts another);
exit 0 once the group's offsets reach the input's end offsets (the input is complete before the first
copier starts).
"""
import argparse
import os
import sys
import time

from confluent_kafka import Consumer, KafkaException, Producer, TopicPartition

p = argparse.ArgumentParser(description=__doc__)
p.add_argument("--bootstrap", required=True)
p.add_argument("--input", required=True)
p.add_argument("--output", required=True)
p.add_argument("--partitions", type=int, required=True)
p.add_argument("--group", default="eos-copier")
p.add_argument("--batch", type=int, default=200)
# Work done inside each transaction (after its records are sent, before the offsets and the commit):
# without it the loop copies 100,000 records in about a second, and a kill -9 would mostly find it
# starting up or between transactions; with it most kills find a transaction open, records in the log.
p.add_argument("--work-ms", type=float, default=20)
# A copier whose driver died (or whose broker is gone for good) must not loop forever.
p.add_argument("--max-seconds", type=float, default=120)
a = p.parse_args()
PARENT = os.getppid()  # the driver (eos_check.py): a copier it left behind stops


def log(msg):
    print(f"copier: {msg}", file=sys.stderr, flush=True)


def main():
    prod = Producer({"bootstrap.servers": a.bootstrap, "transactional.id": a.group, "linger.ms": 5,
                     "transaction.timeout.ms": 20_000, "message.timeout.ms": 15_000})
    prod.init_transactions(30)
    cons = Consumer({"bootstrap.servers": a.bootstrap, "group.id": a.group, "group.instance.id": a.group,
                     "isolation.level": "read_committed", "enable.auto.commit": False,
                     "auto.offset.reset": "earliest", "session.timeout.ms": 10_000})
    tps = [TopicPartition(a.input, part) for part in range(a.partitions)]
    ends = {tp.partition: cons.get_watermark_offsets(tp, timeout=15, cached=False)[1] for tp in tps}
    done = {tp.partition: max(tp.offset, 0) for tp in cons.committed(tps, timeout=15)}
    log(f"started: group offsets {done}, input ends {ends}")
    cons.subscribe([a.input])
    deadline = time.time() + a.max_seconds
    while any(done[part] < ends[part] for part in ends):
        if os.getppid() != PARENT:
            raise RuntimeError("the driver is gone")
        if time.time() > deadline:
            raise TimeoutError(f"not done after {a.max_seconds} s: group offsets {done}")
        msgs = cons.consume(a.batch, timeout=0.5)
        if not msgs:
            continue
        prod.begin_transaction()
        for m in msgs:
            if m.error():
                raise KafkaException(m.error())
            prod.produce(a.output, key=m.key(), value=m.value(), partition=m.partition())
        time.sleep(a.work_ms / 1000)
        offsets = cons.position(cons.assignment())
        prod.send_offsets_to_transaction(offsets, cons.consumer_group_metadata(), 30)
        prod.commit_transaction(30)
        for tp in offsets:
            if tp.offset >= 0:
                done[tp.partition] = tp.offset
    log(f"copied everything: group offsets {done}")
    cons.close()


if __name__ == "__main__":
    t0 = time.time()
    try:
        main()
    except Exception as e:  # any error: exit, the driver starts another copier
        log(f"{type(e).__name__}: {e} after {time.time() - t0:.1f} s")
        sys.exit(1)
