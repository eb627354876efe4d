"""Replication under failures, against three `kt server-start` brokers in ZooKeeper mode that run.sh
started (its `cluster_start`); this script kills, pauses and restarts them itself.

Topics with 3 partitions, replication factor 3 and min.insync.replicas=2, one per producer: a
confluent-kafka idempotent producer with acks=all (and, with --java, the official Java client's
idempotent producer, tests/interop/java/ReplicationProducer.java) at a steady rate, and a consumer
reading both from the start, run the whole time through these rounds:

  kill-leader-then-another (ROUNDS times)  kill -9 a partition's leader; once another leads it and
                                           acks flow again, kill -9 that one too (one broker left:
                                           below min.insync, produce must stall, not lose); restart
                                           both and wait for every replica to be back in the ISR
  pause-follower                           SIGSTOP a broker for less than the session timeout but
                                           longer than replica.lag.time.max.ms: it leaves the ISR
                                           of the others' partitions, which keep acknowledging;
                                           SIGCONT, it catches up and comes back
  pause-leader-past-session                SIGSTOP a leader past its ZooKeeper session: its
                                           partitions get new leaders while it is frozen; SIGCONT,
                                           it must not have taken writes that are lost, and rejoins
  kill-controller                          kill -9 the broker named by /controller (read with
                                           kazoo): another becomes controller and moves the
                                           victim's partitions; restart it

At the end: every acknowledged record is stored exactly once, in the order produced (read with
confluent-kafka and with kcat), the consumer never saw an offset go backwards nor a record that is
not in the final log, and, after a clean stop of the three, the three replicas' segment files hold
the same records with the same batch fields (parsed here from Kafka's v2 record-batch format,
independently of kt's code). The leader and ISR are read from the partitions' state znodes.
"""
import json
import os
import signal
import subprocess
import threading
import time

from confluent_kafka import OFFSET_BEGINNING, Consumer, KafkaError, Producer, TopicPartition
from confluent_kafka.admin import AdminClient, NewTopic
from kazoo.client import KazooClient

from brokers import Brokers, log
from checks import Checks, parser
from segments import replica_log, replicas_differ

p = parser(__doc__)
p.add_argument("--zookeeper", required=True, help="ZooKeeper connect string with the brokers' chroot")
p.add_argument("--kt", required=True)
p.add_argument("--broker-dirs", nargs=3, required=True, help="per broker id: the dir with server.properties, broker.log, logs/")
p.add_argument("--pids", nargs=3, type=int, required=True, help="per broker id: the running broker's pid")
p.add_argument("--pids-out", required=True, help="file to keep the current pids in, for run.sh to stop them")
p.add_argument("--java", help="command line (split on spaces) running ReplicationProducer without its arguments")
p.add_argument("--session-timeout", type=float, default=6.0, help="the brokers' zookeeper.session.timeout.ms, in s")
p.add_argument("--rounds", type=int, default=3)
p.add_argument("--rate", type=int, default=300, help="records per second, per producer")
a = p.parse_args()
c = Checks("replication")
TOPIC, JAVA_TOPIC, PARTS = "replicated", "replicated-java", 3
TOPICS = [TOPIC] + ([JAVA_TOPIC] if a.java else [])
KEYS = [(t, q) for t in TOPICS for q in range(PARTS)]  # every partition
SESSION = a.session_timeout
FAILOVER_LIMIT = SESSION + 10  # session expiry, then the controller's election, on a loaded machine
RECOVER_LIMIT = 40  # restart, log recovery, truncation, catch-up, ISR expansion
PAUSE_SHORT = min(SESSION - 1.5, 4.5)  # past replica.lag.time.max.ms (2 s), within the session


# ---------------------------------------------------------------- the clients

LAST_ACK = {}  # (topic, partition) -> time of its latest acknowledgement, from any producer
ACK_LOG = []  # (time, topic, partition, offset or None), every acknowledgement in order


def acked(topic, q, offset):
    now = time.time()
    LAST_ACK[(topic, q)] = now
    ACK_LOG.append((now, topic, q, offset))


def value(kind, i):
    return b"%s record %08d " % (kind, i) + b"x" * 50


def seq_of(v):
    return int(v.split()[2])


class PyProducer:
    """confluent-kafka's idempotent acks=all producer at a steady rate in a thread, partition i % 3."""

    def __init__(self, topic):
        self.name, self.topic = "confluent-kafka", topic
        self.acked = []  # (partition, offset, value)
        self.errors = []  # delivery errors
        self.fatal = None
        self.produced = 0
        self.stopping = threading.Event()
        self.prod = Producer({"bootstrap.servers": a.bootstrap, "acks": "all", "enable.idempotence": True,
                              "linger.ms": 5, "message.timeout.ms": 120000, "request.timeout.ms": 5000, "socket.timeout.ms": 5000,
                              "retry.backoff.ms": 100, "compression.type": "none", "error_cb": self.on_error})
        self.thread = threading.Thread(target=self.produce, daemon=True)
        self.thread.start()

    def on_error(self, err):
        if err.fatal():
            self.fatal = str(err)

    def on_delivery(self, err, msg):
        if err is None:
            self.acked.append((msg.partition(), msg.offset(), msg.value().decode()))
            acked(self.topic, msg.partition(), msg.offset())
        else:
            self.errors.append((msg.partition(), seq_of(msg.value()), str(err)))

    def produce(self):
        i, t0 = 0, time.time()
        while not self.stopping.is_set() and self.fatal is None:
            due = t0 + i / a.rate
            while time.time() < due:
                self.prod.poll(max(0.0, min(0.01, due - time.time())))
            try:
                self.prod.produce(self.topic, key=b"%d" % i, value=value(b"python", i), partition=i % PARTS,
                                  on_delivery=self.on_delivery)
                i += 1
                self.produced = i
            except BufferError:
                self.prod.poll(0.05)
            self.prod.poll(0)
        self.prod.flush(150)

    def stop(self):
        self.stopping.set()
        self.thread.join(180)


class JavaProducer:
    """The Java client's idempotent acks=all producer (ReplicationProducer), which prints a line per
    acknowledgement or error and stops, flushing, when its stdin closes."""

    def __init__(self, topic):
        self.name, self.topic = "java", topic
        self.acked, self.errors, self.fatal, self.produced = [], [], None, 0
        self.proc = subprocess.Popen(a.java.split() + [a.bootstrap, topic, str(a.rate)], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, text=True)
        self.thread = threading.Thread(target=self.read, daemon=True)
        self.thread.start()

    def read(self):
        for line in self.proc.stdout:
            f = line.split(" ", 3)
            if f[0] == "ACK":  # ACK partition offset value
                q = int(f[1])
                o = int(f[2])
                self.acked.append((q, o if o >= 0 else None, f[3].rstrip("\n")))
                acked(self.topic, q, o if o >= 0 else None)
            elif f[0] == "ERR":  # ERR partition seq message
                self.errors.append((int(f[1]), int(f[2]), f[3].strip()))
            elif f[0] == "DONE":  # DONE produced
                self.produced = int(f[1])
            else:
                self.fatal = line.strip()

    def stop(self):
        self.proc.stdin.close()
        try:
            self.proc.wait(180)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.fatal = "did not stop within 180 s of its stdin closing"
        self.thread.join(10)
        if self.proc.returncode != 0 and self.fatal is None:
            self.fatal = f"exited {self.proc.returncode}"


class Watcher:
    """A consumer of every topic from the start, in a thread: what it read and when an offset went back."""

    def __init__(self):
        self.consumed = {}  # (topic, partition, offset) -> value
        self.backwards = []  # (topic, partition, offset read, after offset)
        self.errors = []
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self.consume, daemon=True)
        self.thread.start()

    def consume(self):
        cons = Consumer({"bootstrap.servers": a.bootstrap, "group.id": "replication-watcher",
                         "enable.auto.commit": False, "auto.offset.reset": "error", "socket.timeout.ms": 10000})
        last = {}
        try:
            cons.assign([TopicPartition(t, q, OFFSET_BEGINNING) for t, q in KEYS])
            while not self.stopping.is_set():
                for m in cons.consume(500, timeout=0.2):
                    if m.error():
                        self.errors.append(f"{time.strftime('%H:%M:%S')} {m.topic()}-{m.partition()}: {m.error()}")
                        continue
                    k, o = (m.topic(), m.partition()), m.offset()
                    if o <= last.get(k, -1):
                        self.backwards.append((*k, o, last[k]))
                    last[k] = max(last.get(k, -1), o)
                    self.consumed[(*k, o)] = m.value().decode()
        except Exception as e:  # the thread's end: say so in behind()
            self.errors.append(f"{time.strftime('%H:%M:%S')} the watching consumer stopped: {e!r}")
            raise
        finally:
            cons.close()

    def count(self, topic):
        return sum(1 for k in self.consumed if k[0] == topic)

    def behind(self, producers):
        """Where the watcher stands against what was acknowledged, per partition, and its errors:
        a diagnosis for a watcher that does not catch up."""
        out = []
        for pr in producers:
            for q in range(PARTS):
                acked = [o for p, o, _ in pr.acked if p == q and o is not None]
                read = [k[2] for k in self.consumed if k[:2] == (pr.topic, q)]
                out.append(f"{pr.topic}-{q}: read {len(read)} up to offset {max(read, default=-1)}, "
                           f"acknowledged up to {max(acked, default=-1)}")
        return "; ".join(out) + f"; watcher errors ({len(self.errors)}): {self.errors[:5]}"

    def stop(self):
        self.stopping.set()
        self.thread.join(30)


def acks_since(t, keys=None):
    return all(LAST_ACK.get(k, 0) > t for k in (KEYS if keys is None else keys))


# ---------------------------------------------------------------- watching the cluster

zk = KazooClient(hosts=a.zookeeper, timeout=10)


def states():
    """{(topic, partition): its state znode} (leader, leader_epoch, isr, ...), which the
    controller and the leaders write: the truth, whichever broker is frozen or dead."""
    return {(t, q): json.loads(zk.get(f"/brokers/topics/{t}/partitions/{q}/state")[0]) for t, q in KEYS}


def partitions():
    """{(topic, partition): (leader, isr set)}; None while a state znode is missing."""
    try:
        return {k: (st["leader"], set(st["isr"])) for k, st in states().items()}
    except Exception:  # not created yet
        return None


def wait_for(what, cond, limit):
    """Polls cond until it returns a true value (returned) or limit seconds pass (RuntimeError)."""
    t0 = time.time()
    while True:
        got = cond()
        if got:
            return got
        if time.time() - t0 > limit:
            raise RuntimeError(f"{what}: not within {limit:.0f} s (leader, ISR now {partitions()})")
        time.sleep(0.1)


def leaders_elsewhere(victims, keys):
    """cond: the partitions have live leaders outside victims."""
    def cond():
        md = partitions()
        return md if md and all(md[k][0] not in victims and md[k][0] >= 0 for k in keys) else None
    return cond


def full_isr():
    md = partitions()
    return md if md and all(len(isr) == 3 and ldr >= 0 for ldr, isr in md.values()) else None


def recovered(t):
    """cond: every replica back in every ISR and acks on every partition after t."""
    return lambda: full_isr() if acks_since(t) else None


CONTROLLER_SEEN = []  # what zk_controller last read, for a failure's message


def zk_controller():
    try:
        data = zk.get("/controller")[0]
        CONTROLLER_SEEN[:] = [time.strftime("%H:%M:%S"), data]
        return json.loads(data)["brokerid"]
    except Exception as e:  # no /controller between two controllers
        CONTROLLER_SEEN[:] = [time.strftime("%H:%M:%S"), repr(e)]
        return None


# ---------------------------------------------------------------- the rounds

def kill_leader_then_another(n):
    k = (TOPIC, n % PARTS)
    md = wait_for("full ISR before the round", full_isr, RECOVER_LIMIT)
    v1 = md[k][0]
    t0 = time.time()
    log(f"round {n + 1}: kill -9 broker {v1}, leader of {k}")
    brokers.kill(v1)
    md = wait_for(f"a new leader of {k} after broker {v1} died", leaders_elsewhere({v1}, [k]), FAILOVER_LIMIT)
    wait_for(f"acks on {k} after the failover", lambda: acks_since(t0, [k]), FAILOVER_LIMIT)
    v2 = md[k][0]
    t1 = time.time()
    log(f"round {n + 1}: {k} led by {v2} and acked again {t1 - t0:.1f} s after the kill; kill -9 broker {v2}")
    epochs_at_kill = {kk: st["leader_epoch"] for kk, st in states().items()}
    brokers.kill(v2)
    survivor = ({0, 1, 2} - {v1, v2}).pop()
    # Alone, the survivor may lead (if in the ISR) but must not acknowledge acks=all writes
    # it appends: see alone_acked_only_earlier_appends.
    wait_for(f"broker {v2} no longer leading {k}", lambda: (partitions() or {}).get(k, (v2,))[0] != v2, FAILOVER_LIMIT)
    stalled_from = time.time()
    time.sleep(1)
    LONE_ACKS.extend((n + 1, survivor, t, q2, o, epochs_at_kill[(t, q2)], round(at - stalled_from, 2))
                     for at, t, q2, o in list(ACK_LOG) if at > stalled_from + 0.3 and o is not None)
    log(f"round {n + 1}: broker {survivor} alone, {k} led by {partitions()[k][0]}; restarting {v1} and {v2}")
    brokers.start(v1)
    brokers.start(v2)
    t2 = time.time()
    wait_for("every replica back in the ISR and acks on every partition", recovered(t2), RECOVER_LIMIT)
    log(f"round {n + 1}: recovered {time.time() - t2:.1f} s after the restarts")


def pause_follower():
    """A follower that is not the controller (a frozen controller would hold every ISR change
    back: AlterPartition goes to it) paused past replica.lag.time.max.ms. A partition that
    changes leader meanwhile (the controller's automatic preferred election) restarts its
    lag clock, so only those whose leader epoch stays count."""
    wait_for("full ISR before the round", full_isr, RECOVER_LIMIT)
    x = next(b for b in (2, 1, 0) if b != zk_controller())
    before = states()
    followed = [k for k in KEYS if before[k]["leader"] != x]
    t0 = time.time()
    log(f"pause-follower: SIGSTOP broker {x} (a follower of {followed}) for {PAUSE_SHORT:.1f} s")
    brokers.kill(x, signal.SIGSTOP)
    try:
        def shrunk():
            now = states()
            same = [k for k in followed if now[k]["leader_epoch"] == before[k]["leader_epoch"]]
            return same if same and all(x not in now[k]["isr"] for k in same) else None
        same = wait_for(f"broker {x} out of the ISR of the partitions it follows", shrunk, PAUSE_SHORT - 0.3)
        t1 = time.time()
        wait_for(f"acks on {same} while broker {x} is paused", lambda: acks_since(t1, same), PAUSE_SHORT)
        log(f"pause-follower: ISR of {same} without {x} after {t1 - t0:.1f} s, acks flow")
        time.sleep(max(0.0, t0 + PAUSE_SHORT - time.time()))
    finally:
        brokers.kill(x, signal.SIGCONT)
    t2 = time.time()
    wait_for(f"broker {x} back in every ISR after SIGCONT", recovered(t2), RECOVER_LIMIT)
    log(f"pause-follower: broker {x} back in every ISR {time.time() - t2:.1f} s after SIGCONT")


def pause_leader_past_session():
    md = wait_for("full ISR before the round", full_isr, RECOVER_LIMIT)
    x = md[(TOPIC, 1)][0]
    led = [k for k in KEYS if md[k][0] == x]
    t0 = time.time()
    log(f"pause-leader: SIGSTOP broker {x} (leader of {led}) past its {SESSION:.0f} s session")
    brokers.kill(x, signal.SIGSTOP)
    try:
        wait_for(f"new leaders of {led} while broker {x} is frozen", leaders_elsewhere({x}, led), FAILOVER_LIMIT)
        t1 = time.time()
        log(f"pause-leader: {led} led elsewhere {t1 - t0:.1f} s after SIGSTOP; a fresh producer to them: {probe(x, led)}")
        wait_for(f"acks on {led} while broker {x} is frozen", lambda: acks_since(t1, led), 45)
        log(f"pause-leader: {led} acked again {time.time() - t0:.1f} s after SIGSTOP")
    finally:
        brokers.kill(x, signal.SIGCONT)
    t2 = time.time()
    wait_for(f"broker {x} back in every ISR after SIGCONT", recovered(t2), RECOVER_LIMIT)
    log(f"pause-leader: broker {x} back in every ISR {time.time() - t2:.1f} s after SIGCONT")


def probe(avoid, keys):
    """A fresh acks=all producer bootstrapped without broker `avoid` writes one record to each
    partition: how long that took, or why it failed (a diagnosis: the steady producers may still
    be waiting on a frozen broker)."""
    boot = ",".join(b for i, b in enumerate(a.bootstrap.split(",")) if i != avoid)
    res = []
    prod = Producer({"bootstrap.servers": boot, "acks": "all", "message.timeout.ms": 15000})
    t0 = time.time()
    for t, q in keys:
        prod.produce(t, value=b"probe record -1", partition=q, on_delivery=lambda e, m: res.append((m.topic(), m.partition(), str(e) if e else m.offset(), round(time.time() - t0, 2))))
    prod.flush(20)
    return res


def kill_controller():
    md = wait_for("full ISR before the round", full_isr, RECOVER_LIMIT)
    x = zk_controller()
    led = [k for k in KEYS if md[k][0] == x]
    t0 = time.time()
    log(f"kill-controller: kill -9 broker {x}, the controller (leader of {led})")
    brokers.kill(x)
    # A list, so that broker 0 taking over counts (wait_for wants a true value).
    try:
        [new] = wait_for("another controller in /controller",
                         lambda: (lambda b: [b] if b not in (None, x) else None)(zk_controller()), FAILOVER_LIMIT)
    except RuntimeError as e:
        raise RuntimeError(f"{e}; /controller last read {CONTROLLER_SEEN}") from None
    wait_for(f"new leaders of {led}", leaders_elsewhere({x}, led), FAILOVER_LIMIT)
    t1 = time.time()
    wait_for("acks on every partition after the controller died", lambda: acks_since(t1), FAILOVER_LIMIT)
    log(f"kill-controller: broker {new} controls, every partition acked again {time.time() - t0:.1f} s after the kill")
    brokers.start(x)
    t2 = time.time()
    wait_for(f"broker {x} back in every ISR", recovered(t2), RECOVER_LIMIT)
    log(f"kill-controller: broker {x} back in every ISR {time.time() - t2:.1f} s after its restart")


# ---------------------------------------------------------------- the final checks

def settle():
    """Stops the producers (every record acknowledged or failed) and waits for a full ISR.
    Brokers a failed round left dead or frozen are restarted first, so that the final checks
    still run."""
    for b, pid in enumerate(brokers.pids):
        if pid:
            os.kill(pid, signal.SIGCONT)
        else:
            log(f"broker {b} left down by a failed round: restarting it")
            brokers.start(b)
    for pr in producers:
        pr.stop()
    wait_for("full ISR at the end", full_isr, RECOVER_LIMIT)
    for pr in producers:
        log(f"{pr.name}: produced {pr.produced}, acknowledged {len(pr.acked)}, delivery errors {len(pr.errors)}")


def watcher_caught_up():
    """The consumer that ran through the failures reaches the end once they are over, then
    stops. Its own check: the final checks do not depend on it, so that a consumer left
    behind and acknowledged records missing from the log are told apart."""
    try:
        wait_for("the watching consumer to read every acknowledged record",
                 lambda: all(watcher.count(pr.topic) >= len(pr.acked) for pr in producers), 60)
    except RuntimeError as e:
        raise RuntimeError(f"{e}; {watcher.behind(producers)}") from None
    finally:
        watcher.stop()


def producers_rode_through():
    bad = []
    for pr in producers:
        if pr.fatal is not None:
            bad.append(f"{pr.name}: the idempotent producer failed: {pr.fatal}")
        elif pr.errors:
            bad.append(f"{pr.name}: {len(pr.errors)} delivery errors (first {pr.errors[:3]}) although its delivery "
                       f"timeout (120 s) outlasts every outage")
        elif len(pr.acked) != pr.produced:
            bad.append(f"{pr.name}: {len(pr.acked)} of {pr.produced} records acknowledged")
    return "; ".join(bad) or None


def read_all():
    """Every partition from the start to its end through a fresh confluent-kafka consumer:
    {(topic, partition, offset): value}."""
    cons = Consumer({"bootstrap.servers": a.bootstrap, "group.id": "replication-verify", "enable.auto.commit": False,
                     "enable.partition.eof": True})
    got, at_eof, deadline = {}, set(), time.time() + 60
    try:
        cons.assign([TopicPartition(t, q, OFFSET_BEGINNING) for t, q in KEYS])
        while len(at_eof) < len(KEYS) and time.time() < deadline:
            for m in cons.consume(1000, timeout=1):
                k = (m.topic(), m.partition())
                if m.error():
                    if m.error().code() == KafkaError._PARTITION_EOF:
                        at_eof.add(k)
                        continue
                    raise RuntimeError(f"consume error {m.error()}")
                at_eof.discard(k)
                got[(*k, m.offset())] = m.value().decode()
    finally:
        cons.close()
    if len(at_eof) < len(KEYS):
        raise RuntimeError(f"did not reach the end of {sorted(set(KEYS) - at_eof)} in 60 s")
    return got


def exactly_once_in_order(got):
    """Every acknowledged record at its offset, every value stored once, per partition in produce order."""
    for pr in producers:
        t = pr.topic
        # The probes of pause-leader-past-session are not the producer's.
        mine = {k: v for k, v in got.items() if k[0] == t and not v.startswith("probe")}
        stored = {v: k for k, v in mine.items()}
        # An acknowledgement without an offset is librdkafka's implicit ack: a later batch of
        # the producer was acknowledged, so this one was written before it. Its value must be there.
        missing = [(q, o, v.split()[2]) for q, o, v in pr.acked
                   if (got.get((t, q, o)) != v if o is not None else stored.get(v, (None, -1))[1] != q)]
        if missing:
            return f"{t}: {len(missing)} of {len(pr.acked)} acknowledged records not stored (first {missing[:3]})"
        no_offset = sum(1 for _, o, _ in pr.acked if o is None)
        if no_offset:
            log(f"{t}: {no_offset} acknowledgements without an offset (implicit acks), every one stored")
        seen, dups = {}, []
        for k, v in mine.items():
            if v in seen:
                dups.append((seen[v], k))
            seen[v] = k
        if dups:
            return f"{t}: {len(dups)} records stored twice (first {dups[:3]})"
        for q in range(PARTS):
            seqs = [seq_of(v) for k, v in sorted(mine.items()) if k[1] == q]
            bad = [i for i in range(1, len(seqs)) if seqs[i] <= seqs[i - 1]]
            if bad:
                return f"{t}-{q}: records out of produce order at index {bad[0]}: {seqs[bad[0] - 1:bad[0] + 1]}"
        log(f"{t}: {len(mine)} records stored, {len(pr.acked)} acknowledged, {len(mine) - len(pr.acked)} not (failed sends)")


def kcat_same(got):
    kcat = os.environ.get("KCAT", "kcat").split()
    mine = {}
    for t, q in KEYS:
        out = subprocess.run(kcat + ["-C", "-b", a.bootstrap, "-t", t, "-p", str(q), "-o", "beginning", "-e", "-q",
                                     "-f", "%o %s\\n"], capture_output=True, timeout=60)
        if out.returncode != 0:
            return f"kcat on {t}-{q} exited {out.returncode}: {out.stderr.decode()[-300:]}"
        for line in out.stdout.decode().splitlines():
            o, v = line.split(" ", 1)
            mine[(t, q, int(o))] = v
    if mine != got:
        diff = sorted(set(mine.items()) ^ set(got.items()))
        return f"kcat read {len(mine)} records, confluent-kafka {len(got)}; first differences {diff[:3]}"


def consumer_saw_truth(got):
    if watcher.errors:
        log(f"watching consumer: {len(watcher.errors)} errors during the failures (first {watcher.errors[:3]})")
    if watcher.backwards:
        return f"{len(watcher.backwards)} times an offset went backwards (first {watcher.backwards[:3]})"
    wrong = [(k, v, got.get(k)) for k, v in watcher.consumed.items() if got.get(k) != v]
    if wrong:
        return f"{len(wrong)} records read during the failures are not in the final log (first {wrong[:3]})"


def replicas_identical(got):
    """After a clean stop of the three, one after the other: per partition, the same records on
    every replica, and they are what the clients read."""
    for b in range(3):
        brokers.stop(b)
    for t, q in KEYS:
        log0, why = replicas_differ(a.broker_dirs, t, q)
        if why:
            return why
        recs = {(t, q, r[0]): r[7].decode() for r in log0}
        read = {k: v for k, v in got.items() if k[:2] == (t, q)}
        if recs != read:
            diff = sorted(set(recs.items()) ^ set(read.items()))
            return f"{t}-{q}: the segment files hold {len(recs)} records, the clients read {len(read)}; first differences {diff[:3]}"
        log(f"{t}-{q}: {len(recs)} records identical on the 3 replicas, batch leader epochs {sorted({r[1] for r in log0})}")


LONE_ACKS = []  # (round, survivor, topic, partition, offset, leader epoch at the second kill, s after)


def alone_acked_only_earlier_appends():
    """A survivor left alone (min.insync.replicas=2) may acknowledge a producer's retry of a
    batch appended before the second kill (a duplicate of a record already replicated: Kafka
    answers it with the original offset, as long as the leader's ISR still lists the dead
    broker), never a batch it appended alone. Those carry a leader epoch newer than the one
    the partition had at the second kill; the segment files (identical on every replica by
    now) say which epoch each acknowledged offset was written in."""
    if not LONE_ACKS:
        return
    epochs = {}
    for t, q in {(t, q) for _, _, t, q, _, _, _ in LONE_ACKS}:
        epochs.update({(t, q, r[0]): r[1] for r in replica_log(a.broker_dirs[0], t, q)})
    bad = [(rnd, surv, f"{t}-{q}", o, epochs.get((t, q, o)), at_kill, after)
           for rnd, surv, t, q, o, at_kill, after in LONE_ACKS if epochs.get((t, q, o), at_kill + 1) > at_kill]
    log(f"{len(LONE_ACKS)} acknowledgements while one broker was alive, {len(LONE_ACKS) - len(bad)} of them "
        f"of batches written before the second kill")
    if bad:
        return (f"{len(bad)} acks=all records appended and acknowledged with only one broker alive "
                f"(min.insync.replicas=2): (round, survivor, partition, offset, its batch's leader epoch, "
                f"the epoch at the second kill, s after the election) {bad[:5]}")


# ---------------------------------------------------------------- main

def create_topics():
    admin = AdminClient({"bootstrap.servers": a.bootstrap})
    new = [NewTopic(t, PARTS, 3, config={"min.insync.replicas": "2"}) for t in TOPICS]
    for f in admin.create_topics(new, request_timeout=20).values():
        f.result(timeout=30)
    wait_for("every replica of the new topics in the ISR", full_isr, 20)


brokers = Brokers(a.kt, a.broker_dirs, a.pids, a.pids_out)
producers, watcher = [], None
try:
    zk.start(timeout=10)
    c.run("create-topics-rf3-min-insync-2", create_topics)
    producers = [PyProducer(TOPIC)] + ([JavaProducer(JAVA_TOPIC)] if a.java else [])
    watcher = Watcher()
    c.run("steady-traffic", lambda: wait_for("acks on every partition", lambda: acks_since(0), 30) and None,
          needs=["create-topics-rf3-min-insync-2"])
    for n in range(a.rounds):
        c.run(f"kill-leader-then-another-{n + 1}", kill_leader_then_another, n, needs=["steady-traffic"])
    c.run("pause-follower", pause_follower, needs=["steady-traffic"])
    c.run("pause-leader-past-session", pause_leader_past_session, needs=["steady-traffic"])
    c.run("kill-controller", kill_controller, needs=["steady-traffic"])
    c.run("settle", settle, needs=["steady-traffic"])
    c.run("watching-consumer-caught-up", watcher_caught_up, needs=["settle"])
    c.run("producers-rode-through", producers_rode_through, needs=["settle"])
    got = c.run("read-back", read_all, needs=["settle"])
    c.run("acked-exactly-once-in-order", exactly_once_in_order, got, needs=["read-back"])
    c.run("kcat-reads-the-same", kcat_same, got, needs=["read-back"])
    c.run("consumer-never-went-back", consumer_saw_truth, got, needs=["read-back"])
    c.run("replicas-identical", replicas_identical, got, needs=["read-back"])
    c.run("alone-acked-only-earlier-appends", alone_acked_only_earlier_appends, needs=["replicas-identical"])
finally:
    # For a post-mortem (run.sh's KEEP=1 keeps it): every acknowledgement, with its time.
    with open(os.path.join(os.path.dirname(a.pids_out), "acks.json"), "w") as f:
        json.dump({"acks": ACK_LOG, "acked": {pr.topic: pr.acked for pr in producers}}, f)
    for pr in producers:
        if isinstance(pr, JavaProducer) and pr.proc.poll() is None:
            pr.proc.kill()
    brokers.stop_all()
    zk.stop()
c.exit()
