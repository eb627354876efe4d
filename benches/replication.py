"""benches/replication.sh's client for the failover figures: a confluent-kafka acks=all producer
at a steady rate to partition 0 of a replicated topic, and a signal to that partition's leader
(read from its state znode) while it runs.

    replication.py wait-isr BOOT ZK TOPIC
        waits until every partition of TOPIC has its three replicas in the ISR (at most 60 s)
    replication.py signal BOOT ZK TOPIC SIGNAL PIDS
        PIDS: broker id=pid,...; produces RATE/s for WARMUP s, sends SIGNAL (KILL or TERM) to the
        leader of partition 0, produces on until a new leader is in the state znode (polled every
        20 records) and acks have flowed AFTER s past the first ack of a record sent after the
        signal (at most 60 s), and prints one JSON document: the victim, the time from the signal
        to the new leader and to that first ack (the first successful produce after the signal),
        the longest gap between two acks from the signal on, the delivery errors (the first of
        them) and the records acknowledged
    replication.py signal BOOT ZK TOPIC SIGNAL PIDS JAVA
        the same with the official Java client: JAVA is the command line (split on spaces) that
        runs benches/java/FailoverProducer without its arguments
"""
import json
import os
import signal
import subprocess
import sys
import threading
import time

from confluent_kafka import Producer
from kazoo.client import KazooClient

RATE, WARMUP, AFTER = 1000, 2.0, 2.0


def state(zk, topic, q):
    return json.loads(zk.get(f"/brokers/topics/{topic}/partitions/{q}/state")[0])


def wait_isr(zk, topic):
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            parts = zk.get_children(f"/brokers/topics/{topic}/partitions")
            if parts and all(len(state(zk, topic, int(q))["isr"]) == 3 for q in parts):
                return
        except Exception:  # not created yet
            pass
        time.sleep(0.1)
    sys.exit(f"{topic}: not every replica in the ISR within 60 s")


def run_signal(zk, boot, topic, sig, pids):
    acks, errors = [], []  # acks: (time, record index)

    def cb(err, msg):
        if err is None:
            acks.append((time.time(), int(msg.value()[:9])))
        else:
            errors.append(str(err))

    # Idempotent, as Kafka's producers are by default since 3.0: a retry after a failover is
    # not written twice.
    conf = {"bootstrap.servers": boot, "acks": "all", "enable.idempotence": True, "linger.ms": 0,
            "message.timeout.ms": 60000}
    if os.environ.get("RDKAFKA_DEBUG"):  # librdkafka's debug contexts (e.g. msg,protocol) on stderr
        conf["debug"] = os.environ["RDKAFKA_DEBUG"]
    prod = Producer(conf)
    t0, i, sent_at, sent_index, moved_at = time.time(), 0, None, None, None
    victim = state(zk, topic, 0)["leader"]
    deadline = t0 + WARMUP + 60
    first = None  # when the first record sent after the signal was acknowledged
    while time.time() < deadline:
        due = t0 + i / RATE
        while time.time() < due:
            prod.poll(max(0.0, min(0.005, due - time.time())))
        prod.produce(topic, value=b"%09d" % i + b"x" * 91, partition=0, on_delivery=cb)
        i += 1
        prod.poll(0)
        if sent_at is None and time.time() - t0 >= WARMUP:
            sent_at, sent_index = time.time(), i
            os.kill(pids[victim], getattr(signal, "SIG" + sig))
        if sent_at is None:
            continue
        if moved_at is None and i % 20 == 0 and state(zk, topic, 0)["leader"] not in (victim, -1):
            moved_at = time.time()
        if first is None:
            first = next((t for t, n in acks if n >= sent_index), None)
        if first is not None and moved_at is not None and time.time() - first >= AFTER:
            break
    prod.flush(60)
    report(victim, sent_at, moved_at, first, [t for t, _ in acks], errors, i)


def report(victim, sent_at, moved_at, first, ack_times, errors, sent):
    after = sorted(t for t in ack_times if t > sent_at)
    window = [sent_at] + after
    gaps = [b - a for a, b in zip(window, window[1:])]
    print(json.dumps({"victim": victim, "leader_moved_s": round(moved_at - sent_at, 3) if moved_at else None,
                      "first_ack_s": round(first - sent_at, 3) if first else None,
                      "longest_gap_s": round(max(gaps), 3) if gaps else None, "errors": len(errors),
                      "first_error": errors[0] if errors else None, "sent": sent, "acked": len(ack_times)}))


def run_signal_java(zk, boot, topic, sig, pids, java):
    """run_signal's figures with the official Java client, which prints each record's send and
    ack times (wall clock, as the signal's): the first ack of a record sent after the signal."""
    proc = subprocess.Popen(java.split() + [boot, topic, str(RATE)], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, text=True)
    acks, errors, done = [], [], []  # acks: (sent, acked) in seconds

    def read():
        for line in proc.stdout:
            f = line.rstrip("\n").split(" ", 3)
            if f[0] == "ACK":
                acks.append((int(f[2]) / 1000, int(f[3]) / 1000))
            elif f[0] == "ERR":
                errors.append(f[3])
            elif f[0] == "DONE":
                done.append(int(f[1]))

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    victim = state(zk, topic, 0)["leader"]
    deadline = time.time() + 60
    while not acks and time.time() < deadline:
        time.sleep(0.05)
    if not acks:
        proc.kill()
        sys.exit("the Java producer had no record acknowledged in 60 s")
    time.sleep(WARMUP)
    sent_at = time.time()
    os.kill(pids[victim], getattr(signal, "SIG" + sig))
    moved_at, first = None, None
    while time.time() < sent_at + 60:
        if moved_at is None and state(zk, topic, 0)["leader"] not in (victim, -1):
            moved_at = time.time()
        if first is None:
            first = min((a for s, a in list(acks) if s >= sent_at), default=None)
        if first is not None and moved_at is not None and time.time() - first >= AFTER:
            break
        time.sleep(0.02)
    proc.stdin.close()
    proc.wait(90)
    reader.join(10)
    report(victim, sent_at, moved_at, first, [a for _, a in acks], errors, done[0] if done else None)


def main():
    mode, boot, zkc, topic = sys.argv[1:5]
    zk = KazooClient(hosts=zkc, timeout=10)
    zk.start(timeout=10)
    try:
        if mode == "wait-isr":
            wait_isr(zk, topic)
        else:
            pids = {int(k): int(v) for k, v in (x.split("=") for x in sys.argv[6].split(","))}
            if len(sys.argv) > 7:
                run_signal_java(zk, boot, topic, sys.argv[5], pids, sys.argv[7])
            else:
                run_signal(zk, boot, topic, sys.argv[5], pids)
    finally:
        zk.stop()


main()
