"""The exactly-once check: numbered records copied by a transactional consume-transform-produce loop
(eos_copier.py, confluent-kafka, a process of its own) that is killed with kill -9 at random moments
and started again, while the broker is killed with kill -9 too and restarted on its log dirs; at the
end the output topic, read with read_committed, holds every input record exactly once, each output
partition the same sequence as its input partition, and the group's offsets are the input's ends.

The broker is restarted with --broker-cmd (its output appended to --broker-log); the pid of the last
broker started is written to --pid-file so that run.sh stops that one.
"""
import os
import random
import signal
import socket
import subprocess
import sys
import time

from confluent_kafka import OFFSET_BEGINNING, Consumer, KafkaError, Producer, TopicPartition
from confluent_kafka.admin import AdminClient, NewTopic

from checks import Checks, parser

p = parser(__doc__)
p.add_argument("--broker-pid", type=int, required=True)
p.add_argument("--broker-cmd", required=True, help="the command that starts the broker, split on spaces")
p.add_argument("--broker-log", required=True)
p.add_argument("--pid-file", required=True)
p.add_argument("--records", type=int, default=100_000)
p.add_argument("--copier-kills", type=int, default=8)
p.add_argument("--broker-kills", type=int, default=2)
p.add_argument("--seed", type=int, default=None)
a = p.parse_args()
c = Checks("transactions/exactly-once")
IN, OUT, PARTS = "eos-in", "eos-out", 3
HERE = os.path.dirname(os.path.abspath(__file__))
seed = a.seed if a.seed is not None else random.randrange(1 << 30)
rng = random.Random(seed)
broker_pid = a.broker_pid
host, port = a.bootstrap.rsplit(":", 1)
sent = {part: [] for part in range(PARTS)}  # partition -> values in offset order
events = []  # what happened, for the NOTE line


def note(msg):
    print(f"NOTE {msg}", flush=True)


def create():
    admin = AdminClient({"bootstrap.servers": a.bootstrap})  # kept alive until the futures resolve
    futs = admin.create_topics([NewTopic(IN, PARTS, 1), NewTopic(OUT, PARTS, 1)], request_timeout=20)
    for f in futs.values():
        f.result(timeout=30)


def produce():
    prod = Producer({"bootstrap.servers": a.bootstrap, "enable.idempotence": True, "acks": "all",
                     "linger.ms": 20, "batch.num.messages": 10_000, "message.timeout.ms": 60_000})
    delivered, errors = [], []

    def on_delivery(err, msg):
        if err is not None:
            errors.append(err)
        else:
            delivered.append((msg.partition(), msg.offset(), msg.value()))

    for i in range(a.records):
        v = b"%06d" % i
        while True:
            try:
                prod.produce(IN, key=v, value=v, on_delivery=on_delivery)
                break
            except BufferError:
                prod.poll(0.05)
    left = prod.flush(60)
    if left or errors or len(delivered) != a.records:
        return f"{len(delivered)} delivered, {len(errors)} errors ({errors[:1]}), {left} left"
    delivered.sort()
    for part, _, v in delivered:
        sent[part].append(v)


def port_open():
    try:
        socket.create_connection((host, int(port)), timeout=0.5).close()
        return True
    except OSError:
        return False


def kill_broker():
    global broker_pid
    os.kill(broker_pid, signal.SIGKILL)
    # Gone, or a zombie its parent has not reaped yet whose other threads have exited too: the
    # leader thread turns zombie while the others may still be exiting and holding the process's
    # files, the log dirs' .lock among them, which a restart started then would find taken.
    while True:
        try:
            with open(f"/proc/{broker_pid}/status") as f:
                if "zombie" in f.read() and len(os.listdir(f"/proc/{broker_pid}/task")) <= 1:
                    break
        except FileNotFoundError:
            break
        time.sleep(0.01)
    deadline = time.time() + 5
    while port_open() and time.time() < deadline:
        time.sleep(0.02)


def start_broker():
    global broker_pid
    with open(a.broker_log, "ab") as log:
        proc = subprocess.Popen(a.broker_cmd.split(" "), stdout=log, stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL, start_new_session=True)
    broker_pid = proc.pid
    with open(a.pid_file, "w") as f:
        f.write(f"{broker_pid}\n")
    deadline = time.time() + 20
    while not port_open():
        if proc.poll() is not None or time.time() > deadline:
            with open(a.broker_log, "rb") as log:
                tail = b"".join(log.readlines()[-20:]).decode(errors="replace")
            raise RuntimeError(f"the restarted broker did not serve (exit {proc.poll()}); "
                               f"the end of its log:\n{tail}")
        time.sleep(0.02)


class Copier:
    """One eos_copier.py process at a time; its stderr is appended to copier.log beside --pid-file."""

    def __init__(self):
        self.proc = None
        self.starts = 0
        self.log = os.path.join(os.path.dirname(a.pid_file), "copier.log")

    def start(self):
        self.starts += 1
        with open(self.log, "ab") as log:
            self.proc = subprocess.Popen(
                [sys.executable, "-u", os.path.join(HERE, "eos_copier.py"), "--bootstrap", a.bootstrap,
                 "--input", IN, "--output", OUT, "--partitions", str(PARTS)],
                stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)

    def run_for(self, secs):
        """Keeps a copier running for secs (starting another when one fails); True once one finished."""
        deadline = time.time() + secs
        while time.time() < deadline:
            if self.proc is None:
                self.start()
            rc = self.proc.poll()
            if rc == 0:
                return True
            if rc is not None:
                events.append(f"copier-exit-{rc}")
                self.proc = None
                time.sleep(0.1)  # a copier failing at once must not spin
                continue
            time.sleep(0.02)
        return False

    def kill(self):
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
            self.proc = None
            return True
        self.proc = None
        return False


def copy_with_kills():
    copier = Copier()
    broker_at = set(rng.sample(range(1, a.copier_kills), min(a.broker_kills, a.copier_kills - 1)))
    finished = False
    kills = 0
    t0 = time.time()
    for k in range(a.copier_kills):
        if copier.run_for(rng.uniform(0.5, 2.0)):
            finished = True
            break
        if k in broker_at:
            kill_broker()
            events.append("broker-kill-9")
            time.sleep(rng.uniform(0.0, 0.5))
            start_broker()
            events.append("broker-restart")
            if copier.run_for(rng.uniform(0.5, 1.5)):
                finished = True
                break
        if copier.kill():
            kills += 1
            events.append(f"copier-kill-9@{time.time() - t0:.1f}s")
    if not finished:
        finished = copier.run_for(90)
    copier.kill()
    note(f"exactly-once: seed {seed}, {copier.starts} copier starts, {kills} copier kill -9s, "
         f"{events.count('broker-kill-9')} broker kill -9s, {time.time() - t0:.1f} s: {' '.join(events)}")
    if kills < a.copier_kills // 2 or events.count("broker-kill-9") < min(a.broker_kills, 1):
        return f"too few kills landed before the copy finished (copier {kills}, broker {events.count('broker-kill-9')})"
    if not finished:
        return "the copier did not finish within 90 s after the last kill (see copier.log)"


def read(topic, isolation):
    cons = Consumer({"bootstrap.servers": a.bootstrap, "group.id": "eos-reader", "isolation.level": isolation,
                     "enable.auto.commit": False, "enable.partition.eof": True})
    got = {part: [] for part in range(PARTS)}
    try:
        cons.assign([TopicPartition(topic, part, OFFSET_BEGINNING) for part in range(PARTS)])
        eof, deadline = set(), time.time() + 60
        while len(eof) < PARTS and time.time() < deadline:
            for m in cons.consume(10_000, timeout=0.5):
                if m.error():
                    if m.error().code() == KafkaError._PARTITION_EOF:
                        eof.add(m.partition())
                        continue
                    raise RuntimeError(f"consume error {m.error()}")
                got[m.partition()].append(m.value())
        if len(eof) < PARTS:
            raise RuntimeError(f"partitions {set(range(PARTS)) - eof} not read to their end in 60 s")
    finally:
        cons.close()
    return got


def exactly_once():
    got = read(OUT, "read_committed")
    values = [v for part in range(PARTS) for v in got[part]]
    counts = {}
    for v in values:
        counts[v] = counts.get(v, 0) + 1
    dups = sorted(v for v, n in counts.items() if n > 1)
    missing = [i for i in range(a.records) if b"%06d" % i not in counts]
    if dups or missing or len(values) != a.records:
        return (f"{len(values)} output records for {a.records} inputs: {len(dups)} duplicated "
                f"(first {dups[:5]}), {len(missing)} missing (first {missing[:5]})")
    for part in range(PARTS):
        if got[part] != sent[part]:
            return f"output partition {part} is not the input partition's sequence"


def kafka_python_reads_the_same():
    """kafka-python's read_committed consumer skips the same aborted transactions in this long log."""
    from kafka import KafkaConsumer
    from kafka import TopicPartition as KpTopicPartition

    cons = KafkaConsumer(bootstrap_servers=a.bootstrap, isolation_level="read_committed", enable_auto_commit=False,
                         request_timeout_ms=20_000, max_partition_fetch_bytes=4 << 20)
    tps = [KpTopicPartition(OUT, part) for part in range(PARTS)]
    got = {part: [] for part in range(PARTS)}
    try:
        cons.assign(tps)
        cons.seek_to_beginning(*tps)
        ends = cons.end_offsets(tps)
        deadline = time.time() + 60
        while any(cons.position(tp) < ends[tp] for tp in tps) and time.time() < deadline:
            for tp, recs in cons.poll(timeout_ms=500, max_records=50_000).items():
                got[tp.partition].extend(r.value for r in recs)
    finally:
        cons.close()
    for part in range(PARTS):
        if got[part] != sent[part]:
            return f"partition {part}: read {len(got[part])} records, want the input's {len(sent[part])} in order"


def kills_found_transactions_open():
    """The aborted transactions' records are in the log: some kill -9 did find a transaction open."""
    raw = sum(map(len, read(OUT, "read_uncommitted").values()))
    note(f"exactly-once: the output log holds {raw} records, {raw - a.records} of them in aborted transactions")
    if raw <= a.records:
        return f"read_uncommitted reads {raw} output records: no kill -9 found a transaction open with records sent"


def group_offsets():
    cons = Consumer({"bootstrap.servers": a.bootstrap, "group.id": "eos-copier"})
    try:
        got = {tp.partition: tp.offset for tp in cons.committed(
            [TopicPartition(IN, part) for part in range(PARTS)], timeout=20)}
    finally:
        cons.close()
    want = {part: len(sent[part]) for part in range(PARTS)}
    if got != want:
        return f"group offsets {got}, want the input's ends {want}"


c.run("create-topics", create)
c.run(f"produce-{a.records}-input-records", produce, needs=["create-topics"])
c.run("copy-with-kill-9s-of-copier-and-broker", copy_with_kills, needs=[f"produce-{a.records}-input-records"])
c.run("read-committed-output-holds-every-record-once", exactly_once, needs=["copy-with-kill-9s-of-copier-and-broker"])
c.run("kafka-python-read-committed-output-the-same", kafka_python_reads_the_same,
      needs=["read-committed-output-holds-every-record-once"])
c.run("kill-9s-found-transactions-open", kills_found_transactions_open,
      needs=["read-committed-output-holds-every-record-once"])
c.run("group-offsets-at-the-input-ends", group_offsets, needs=["copy-with-kill-9s-of-copier-and-broker"])
c.exit()
