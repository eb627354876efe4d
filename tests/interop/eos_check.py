"""The exactly-once check: numbered records copied by a transactional consume-transform-produce loop
(eos_copier.py, confluent-kafka, a process of its own) that is killed with kill -9 at random moments
and started again while brokers are killed with kill -9 too and restarted on their log dirs; at the
end the output topic, read with read_committed (confluent-kafka, kafka-python, kcat), holds every
input record exactly once, each output partition the same sequence as its input partition, the
group's offsets are the input's ends, and aborted copies are in the log (a kill found a transaction
open).

One broker (--broker-dirs with one dir): it is killed at random moments. Three brokers (a ZooKeeper
mode cluster, three dirs, topics with replication factor 3 and min.insync.replicas=2): the broker
that is the copier's transaction coordinator (`kt transactions describe`) is killed while
the copier's transaction is Ongoing there, and later the broker that is its group's coordinator
(confluent-kafka's describe_consumer_groups); each is restarted once another broker took its
coordinator over, so the in-flight transaction completes or aborts on the new coordinator. Then,
after a clean stop, every replica's segment files hold the same records.

The brokers are run.sh's (start_broker, cluster_start): dirs with server.properties, broker.log and
logs/; the current pids are kept in --pids-out for run.sh to stop the ones left running.
"""
import os
import random
import re
import subprocess
import sys
import time

from confluent_kafka import OFFSET_BEGINNING, Consumer, KafkaError, Producer, TopicPartition
from confluent_kafka.admin import AdminClient, NewTopic

from brokers import Brokers
from checks import Checks, parser
from segments import indexed_aborts, logged_aborts, replicas_differ

p = parser(__doc__)
p.add_argument("--kt", required=True)
p.add_argument("--broker-dirs", nargs="+", required=True, help="per broker id: its dir (one broker, or three)")
p.add_argument("--pids", nargs="+", type=int, required=True, help="per broker id: the running broker's pid")
p.add_argument("--pids-out", required=True, help="file to keep the current pids in, for run.sh to stop them")
p.add_argument("--records", type=int, default=100_000)
p.add_argument("--copier-kills", type=int, default=8)
p.add_argument("--broker-kills", type=int, default=2, help="with one broker: how many times it is killed")
p.add_argument("--seed", type=int, default=None)
a = p.parse_args()
CLUSTER = len(a.broker_dirs) > 1
c = Checks("eos_cluster" if CLUSTER else "transactions/exactly-once")
IN, OUT, PARTS, ID = "eos-in", "eos-out", 3, "eos-copier"  # ID: the copier's transactional id and group
RF = 3 if CLUSTER else 1
HERE = os.path.dirname(os.path.abspath(__file__))
seed = a.seed if a.seed is not None else random.randrange(1 << 30)
rng = random.Random(seed)
brokers = Brokers(a.kt, a.broker_dirs, a.pids, a.pids_out)
admin = AdminClient({"bootstrap.servers": a.bootstrap})
sent = {part: [] for part in range(PARTS)}  # partition -> values in offset order
raw = {}  # partition -> values read with read_uncommitted (the aborted copies too)
events = []  # what happened, for the NOTE line
open_kills = []  # the transaction coordinator kills that found the copier's transaction Ongoing


def note(msg):
    print(f"NOTE {msg}", flush=True)


def full_isr():
    md = admin.list_topics(timeout=10).topics
    return all(t in md and len(md[t].partitions) == PARTS and
               all(len(pm.isrs) == RF and pm.leader >= 0 for pm in md[t].partitions.values()) for t in (IN, OUT))


def wait_for(what, cond, limit, between=None):
    """Polls cond until it returns a true value (returned) or limit seconds pass (RuntimeError);
    between(), if given, runs between two polls (it keeps the copier running)."""
    deadline = time.time() + limit
    while True:
        try:
            got = cond()
        except Exception:  # a broker down, a coordinator moving: ask again
            got = None
        if got:
            return got
        if time.time() > deadline:
            raise RuntimeError(f"{what}: not within {limit:.0f} s")
        between() if between else time.sleep(0.1)


def create():
    config = {"min.insync.replicas": "2"} if CLUSTER else {}
    futs = admin.create_topics([NewTopic(t, PARTS, RF, config=config) for t in (IN, OUT)], request_timeout=20)
    for f in futs.values():
        f.result(timeout=30)
    wait_for("every replica of the new topics in the ISR", full_isr, 20)


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


class Copier:
    """One eos_copier.py process at a time; its stderr is appended to copier.log beside --pids-out."""

    def __init__(self):
        self.proc = None
        self.starts = 0
        self.finished = False
        self.log = os.path.join(os.path.dirname(a.pids_out), "copier.log")

    def start(self):
        self.starts += 1
        with open(self.log, "ab") as log:
            self.proc = subprocess.Popen(
                [sys.executable, "-u", os.path.join(HERE, "eos_copier.py"), "--bootstrap", a.bootstrap,
                 "--input", IN, "--output", OUT, "--partitions", str(PARTS), "--group", ID],
                stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)

    def run_for(self, secs):
        """Keeps a copier running for secs (starting another when one fails); True once one finished."""
        deadline = time.time() + secs
        while time.time() < deadline and not self.finished:
            if self.proc is None:
                self.start()
            rc = self.proc.poll()
            if rc == 0:
                self.finished = True
                self.proc = None
                break
            if rc is not None:
                events.append(f"copier-exit-{rc}")
                self.proc = None
                time.sleep(0.1)  # a copier failing at once must not spin
                continue
            time.sleep(0.02)
        return self.finished

    def kill(self):
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
            self.proc = None
            return True
        self.proc = None
        return False


def restart_alone(copier):
    """One broker: kill -9, restart on its log dirs a moment later."""
    brokers.kill(0)
    events.append("broker-kill-9")
    time.sleep(rng.uniform(0.0, 0.5))
    brokers.start(0)
    brokers.wait_serving(0)
    events.append("broker-restart")
    copier.run_for(rng.uniform(0.5, 1.5))


def describe_transaction():
    """`kt transactions describe` of the copier's transactional id: {column: value}, None if it failed."""
    out = subprocess.run([a.kt, "transactions", "--bootstrap-server", a.bootstrap, "describe",
                          "--transactional-id", ID], capture_output=True, text=True, timeout=15)
    lines = out.stdout.splitlines()
    if out.returncode != 0 or len(lines) != 2:
        return None
    return dict(zip(lines[0].split(), lines[1].split()))


def group_coordinator():
    """The broker id in the COORDINATOR (ID) column of `kt consumer-groups --describe --state` for the
    copier's group (FindCoordinator through kt's admin client: librdkafka's describe_consumer_groups
    aborts the process on an assertion when asked while a broker is down), None if it failed."""
    out = subprocess.run([a.kt, "consumer-groups", "--bootstrap-server", a.bootstrap, "--describe", "--group", ID,
                          "--state"], capture_output=True, text=True, timeout=15)
    found = re.search(r"^" + re.escape(ID) + r" +\S+ +\((\d+)\)", out.stdout, re.M)
    return int(found.group(1)) if out.returncode == 0 and found else None


def kill_coordinator(kind, copier):
    """kill -9 the broker coordinating the copier's transactions (kind "transaction", once its
    transaction is Ongoing there) or its group (kind "group"), keep the copier going until another
    broker coordinates, then restart the victim."""
    keep = lambda: copier.run_for(0.05)  # noqa: E731
    if kind == "transaction":
        d = wait_for("the copier's transaction Ongoing", lambda: (lambda d: d if d and d["TransactionState"] == "Ongoing"
                                                                 else None)(describe_transaction()), 20, keep)
        victim = int(d["CoordinatorId"])
        brokers.kill(victim)
        open_kills.append(d)
        coordinator = lambda: (lambda d: d if d and int(d["CoordinatorId"]) != victim else None)(describe_transaction())  # noqa: E731
        what = f"transaction (epoch {d['ProducerEpoch']}, Ongoing on {d.get('TopicPartitions', '-')})"
    else:
        victim = wait_for("the group's coordinator", lambda: (lambda b: [b] if b is not None else None)(
            group_coordinator()), 20, keep)[0]
        brokers.kill(victim)
        coordinator = lambda: (lambda b: [b] if b not in (None, victim) else None)(group_coordinator())  # noqa: E731
        what = "group"
    t0 = time.time()
    events.append(f"{kind}-coordinator-{victim}-kill-9")
    moved = wait_for(f"another {kind} coordinator than broker {victim}", coordinator, 40, keep)
    took = time.time() - t0
    new = moved["CoordinatorId"] + f" ({moved['TransactionState']}, epoch {moved['ProducerEpoch']})" \
        if kind == "transaction" else str(moved[0])
    events.append(f"moved-to-{new.split()[0]}-in-{took:.1f}s")
    # Restarted while its ZooKeeper session lives on, a broker finds its registration taken and
    # exits (as Kafka's does): it comes back once the cluster has let it go.
    wait_for(f"broker {victim} gone from the cluster's metadata", lambda: victim not in admin.list_topics(
        timeout=5).brokers, 30, keep)
    note(f"exactly-once: kill -9 of broker {victim}, coordinator of the copier's {what}; "
         f"broker {new} coordinates {took:.1f} s later; restarting {victim} after {time.time() - t0:.1f} s")
    brokers.start(victim)
    brokers.wait_serving(victim)
    events.append(f"broker-{victim}-restart")


def copy_with_kills():
    copier = Copier()
    rounds = ["transaction", "group"] if CLUSTER else ["alone"] * a.broker_kills
    rounds = rounds[:a.copier_kills - 1]
    # On a cluster the coordinator rounds come early (among the first four copier runs), so that
    # the copy outlasts them whatever the machine's speed.
    slots = range(1, min(a.copier_kills, 4)) if CLUSTER else range(1, a.copier_kills)
    at = dict(zip(sorted(rng.sample(slots, len(rounds))), rounds))
    kills = 0
    t0 = time.time()
    # A copier takes about a second to start (init_transactions, joining the group): on a cluster,
    # where the copy is split over more runs, the runs are longer so that kills land in transactions.
    runs = (1.0, 3.0) if CLUSTER else (0.5, 2.0)
    for k in range(a.copier_kills):
        if copier.run_for(rng.uniform(*runs)):
            break
        if k in at:
            if at[k] == "alone":
                restart_alone(copier)
            else:
                kill_coordinator(at[k], copier)
            if copier.finished:
                break
        if copier.kill():
            kills += 1
            events.append(f"copier-kill-9@{time.time() - t0:.1f}s")
    copier.run_for(90)
    copier.kill()
    broker_kills = sum(1 for e in events if "kill-9" in e and not e.startswith("copier"))
    note(f"exactly-once: seed {seed}, {copier.starts} copier starts, {kills} copier kill -9s, "
         f"{broker_kills} broker kill -9s, {time.time() - t0:.1f} s: {' '.join(events)}")
    if kills < a.copier_kills // 2 or broker_kills < len(rounds) or (CLUSTER and not open_kills):
        return (f"too few kills landed before the copy finished (copier {kills}, broker {broker_kills} of "
                f"{len(rounds)}, transaction coordinators killed with the transaction Ongoing {len(open_kills)})")
    if not copier.finished:
        return "the copier did not finish within 90 s after the last kill (see copier.log)"


def transaction_resolved():
    """The copier's last transaction is complete on its coordinator (its markers written), so the
    reads below see every committed record."""
    d = wait_for("the copier's transaction complete", lambda: (lambda d: d if d and d["TransactionState"] in (
        "CompleteCommit", "CompleteAbort", "Empty") else None)(describe_transaction()), 30)
    note(f"exactly-once: the copier's transaction is {d['TransactionState']} on broker {d['CoordinatorId']}, "
         f"producer epoch {d['ProducerEpoch']}")


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
    return same_as_input("confluent-kafka", got)


def same_as_input(reader, got):
    for part in range(PARTS):
        if got[part] != sent[part]:
            return f"{reader}, partition {part}: read {len(got[part])} records, want the input's {len(sent[part])} in order"


def kafka_python_reads_the_same():
    """kafka-python's read_committed consumer skips the same aborted transactions in this long log."""
    from kafka import KafkaConsumer
    from kafka import TopicPartition as KpTopicPartition

    cons = KafkaConsumer(bootstrap_servers=a.bootstrap.split(","), isolation_level="read_committed",
                         enable_auto_commit=False, request_timeout_ms=20_000, max_partition_fetch_bytes=4 << 20)
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
    return same_as_input("kafka-python", got)


def kcat_reads_the_same():
    """Debian's kcat (librdkafka 2.0) with -X isolation.level=read_committed, partition by partition."""
    got = {}
    for part in range(PARTS):
        out = subprocess.run(["kcat", "-C", "-b", a.bootstrap, "-t", OUT, "-p", str(part), "-o", "beginning", "-e",
                              "-q", "-X", "isolation.level=read_committed", "-f", "%s\\n"],
                             capture_output=True, timeout=60)
        if out.returncode != 0:
            return f"kcat on {OUT}-{part} exited {out.returncode}: {out.stderr.decode()[-300:]}"
        got[part] = out.stdout.splitlines()
    return same_as_input("kcat", got)


def kills_found_transactions_open():
    """The aborted transactions' records are in the log: some kill -9 did find a transaction open."""
    raw.update(read(OUT, "read_uncommitted"))
    n = sum(map(len, raw.values()))
    note(f"exactly-once: the output log holds {n} records, {n - a.records} of them in aborted transactions")
    if n <= a.records:
        return f"read_uncommitted reads {n} output records: no kill -9 found a transaction open with records sent"


def group_offsets():
    cons = Consumer({"bootstrap.servers": a.bootstrap, "group.id": ID})
    try:
        got = {tp.partition: tp.offset for tp in cons.committed(
            [TopicPartition(IN, part) for part in range(PARTS)], timeout=20)}
    finally:
        cons.close()
    want = {part: len(sent[part]) for part in range(PARTS)}
    if got != want:
        return f"group offsets {got}, want the input's ends {want}"


def replicas_identical():
    """Once every replica is back in the ISR, a clean stop of the three, one after the other: per
    partition of both topics, the same records (batch fields, markers) on every replica, the
    output's records besides the markers are what read_uncommitted read, and every replica's
    .txnindex lists the aborted transactions the markers close, from their first offsets."""
    wait_for("every replica of both topics in the ISR", full_isr, 40)
    for b in range(len(a.broker_dirs)):
        brokers.stop(b)
    markers = 0
    for t in (IN, OUT):
        for q in range(PARTS):
            log0, why = replicas_differ(a.broker_dirs, t, q)
            if why:
                return why
            data = [r[7] for r in log0 if not r[8]]
            want = sent[q] if t == IN else raw[q]
            if data != want:
                return f"{t}-{q}: the segment files hold {len(data)} records besides markers, the clients read {len(want)}"
            markers += sum(1 for r in log0 if r[8]) if t == OUT else 0
            # What read_committed fetches are told to skip, whichever replica leads.
            aborts = logged_aborts(a.broker_dirs[0], t, q)
            for b, d in enumerate(a.broker_dirs):
                if indexed_aborts(d, t, q) != aborts:
                    return (f"{t}-{q}: broker {b}'s .txnindex lists the aborted transactions {indexed_aborts(d, t, q)[:6]}, "
                            f"the log's markers close {aborts[:6]} (producer id, first offset, marker offset)")
    note(f"exactly-once: both topics' {2 * PARTS} partitions identical on the 3 replicas; the output holds "
         f"{markers} transaction markers")


c.run("create-topics", create)
c.run(f"produce-{a.records}-input-records", produce, needs=["create-topics"])
COPIED = "copy-with-kill-9s-of-copier-and-" + ("coordinators" if CLUSTER else "broker")
c.run(COPIED, copy_with_kills, needs=[f"produce-{a.records}-input-records"])
c.run("copier-transaction-resolved", transaction_resolved, needs=[COPIED])
c.run("read-committed-output-holds-every-record-once", exactly_once, needs=["copier-transaction-resolved"])
c.run("kafka-python-read-committed-output-the-same", kafka_python_reads_the_same,
      needs=["read-committed-output-holds-every-record-once"])
c.run("kcat-read-committed-output-the-same", kcat_reads_the_same, needs=["read-committed-output-holds-every-record-once"])
c.run("kill-9s-found-transactions-open", kills_found_transactions_open,
      needs=["read-committed-output-holds-every-record-once"])
c.run("group-offsets-at-the-input-ends", group_offsets, needs=[COPIED])
if CLUSTER:
    c.run("replicas-identical", replicas_identical, needs=["kill-9s-found-transactions-open"])
c.exit()
