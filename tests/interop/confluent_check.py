"""confluent-kafka (librdkafka) against the broker: AdminClient create/list/describe_configs and the
TOPIC_ALREADY_EXISTS error, incremental_alter_configs (SET, APPEND and SUBTRACT on the cleanup.policy
list, DELETE back to the default), an idempotent acks=all producer of 10,000 records with every delivery
report checked, and a group-less consumer (assign from OFFSET_BEGINNING) reading them in order."""
import time

from confluent_kafka import OFFSET_BEGINNING, Consumer, KafkaError, KafkaException, Producer, TopicPartition
from confluent_kafka.admin import (
    AdminClient,
    AlterConfigOpType,
    ConfigEntry,
    ConfigResource,
    NewTopic,
    ResourceType,
)

from checks import Checks, parser

a = parser(__doc__).parse_args()
c = Checks("confluent")
TOPIC, PARTS, N = "cf-topic", 3, 10_000
admin = AdminClient({"bootstrap.servers": a.bootstrap})


def create():
    fut = admin.create_topics([NewTopic(TOPIC, PARTS, 1)], request_timeout=20)[TOPIC]
    fut.result(timeout=30)


def create_existing():
    fut = admin.create_topics([NewTopic(TOPIC, PARTS, 1)], request_timeout=20)[TOPIC]
    try:
        fut.result(timeout=30)
    except KafkaException as e:
        err = e.args[0]
        if err.code() != KafkaError.TOPIC_ALREADY_EXISTS:
            return f"error {err.name()} ({err.code()}), want TOPIC_ALREADY_EXISTS"
        return True
    return "creating an existing topic succeeded"


def list_topics():
    md = admin.list_topics(timeout=20)
    t = md.topics.get(TOPIC)
    if t is None:
        return f"{TOPIC} not in {sorted(md.topics)}"
    if t.error is not None or sorted(t.partitions) != list(range(PARTS)):
        return f"{TOPIC}: error {t.error}, partitions {sorted(t.partitions)}"
    host, port = a.bootstrap.rsplit(":", 1)
    brokers = [(b.host, b.port) for b in md.brokers.values()]
    if brokers != [(host, int(port))]:
        return f"brokers {brokers}, want [{(host, int(port))}]"
    for p in t.partitions.values():
        if p.leader not in md.brokers:
            return f"partition {p.id} leader {p.leader} is not a listed broker"


def describe_configs():
    res = ConfigResource(ResourceType.TOPIC, TOPIC)
    configs = admin.describe_configs([res], request_timeout=20)[res].result(timeout=30)
    if not configs:
        return "no config entries"
    cp = configs.get("cleanup.policy")
    if cp is None or cp.value != "delete":
        return f"cleanup.policy = {cp and cp.value!r}, want 'delete' (got {len(configs)} entries: {sorted(configs)[:8]})"


def incremental_alter_configs():
    """Each operation, then the value describe_configs reads back."""
    topic = "cf-alter"
    admin.create_topics([NewTopic(topic, 1, 1)], request_timeout=20)[topic].result(timeout=30)
    steps = [
        (AlterConfigOpType.APPEND, "compact", "delete,compact"),  # appended to the default
        (AlterConfigOpType.APPEND, "delete", "delete,compact"),  # already there
        (AlterConfigOpType.SUBTRACT, "delete", "compact"),
        (AlterConfigOpType.SET, "delete", "delete"),
        (AlterConfigOpType.DELETE, None, "delete"),
    ]
    for op, value, want in steps:
        res = ConfigResource(
            ResourceType.TOPIC, topic,
            incremental_configs=[ConfigEntry("cleanup.policy", value, incremental_operation=op)],
        )
        admin.incremental_alter_configs([res], request_timeout=20)[res].result(timeout=30)
        read = ConfigResource(ResourceType.TOPIC, topic)
        got = admin.describe_configs([read], request_timeout=20)[read].result(timeout=30)["cleanup.policy"].value
        if got != want:
            return f"after {op.name} {value!r}: cleanup.policy = {got!r}, want {want!r}"
    bad = ConfigResource(
        ResourceType.TOPIC, topic,
        incremental_configs=[ConfigEntry("retention.ms", "5", incremental_operation=AlterConfigOpType.APPEND)],
    )
    try:
        admin.incremental_alter_configs([bad], request_timeout=20)[bad].result(timeout=30)
        return "APPEND to retention.ms (not a list) succeeded"
    except KafkaException as e:
        if e.args[0].code() != KafkaError.INVALID_CONFIG:
            return f"APPEND to retention.ms: {e.args[0].name()}, want INVALID_CONFIG"


sent = {}  # partition -> [value, ...] in offset order


def produce():
    p = Producer({"bootstrap.servers": a.bootstrap, "enable.idempotence": True, "acks": "all",
                  "linger.ms": 5, "message.timeout.ms": 30_000})
    reports, errors = [], []

    def on_delivery(err, msg):
        if err is not None:
            errors.append(err)
        else:
            reports.append((msg.partition(), msg.offset(), msg.value()))

    for i in range(N):
        while True:
            try:
                p.produce(TOPIC, key=b"k%d" % i, value=b"confluent record %05d" % i, on_delivery=on_delivery)
                break
            except BufferError:
                p.poll(0.05)
        p.poll(0)
    left = p.flush(60)
    if left or errors or len(reports) != N:
        return f"{len(reports)} delivered, {len(errors)} errors (first: {errors[:1]}), {left} not flushed"
    for part, off, val in reports:
        sent.setdefault(part, []).append((off, val))
    for part, lst in sent.items():
        offs = [o for o, _ in lst]
        if offs != list(range(len(offs))):
            return f"partition {part}: delivery offsets not 0..{len(offs) - 1} in send order (starts {offs[:5]})"
        sent[part] = [v for _, v in lst]
    if len(sent) < 2:
        return f"all keys went to partitions {sorted(sent)}: the default partitioner should spread them"


def consume():
    # librdkafka insists on a group.id, but assign() with explicit offsets and no commits never joins it
    cons = Consumer({"bootstrap.servers": a.bootstrap, "group.id": "interop-assign-only",
                     "enable.auto.commit": False, "enable.auto.offset.store": False})
    try:
        cons.assign([TopicPartition(TOPIC, p, OFFSET_BEGINNING) for p in range(PARTS)])
        got, deadline = {}, time.time() + 60
        while sum(map(len, got.values())) < N and time.time() < deadline:
            for m in cons.consume(1000, timeout=1):
                if m.error():
                    return f"consume error {m.error()}"
                lst = got.setdefault(m.partition(), [])
                if m.offset() != len(lst):
                    return f"partition {m.partition()}: offset {m.offset()} after {len(lst)} records"
                lst.append(m.value())
    finally:
        cons.close()
    for part in range(PARTS):
        if got.get(part, []) != sent.get(part, []):
            return f"partition {part}: read {len(got.get(part, []))} records, sent {len(sent.get(part, []))}, or they differ"


def watermarks():
    cons = Consumer({"bootstrap.servers": a.bootstrap, "group.id": "interop-assign-only", "enable.auto.commit": False})
    try:
        for part in range(PARTS):
            lo, hi = cons.get_watermark_offsets(TopicPartition(TOPIC, part), timeout=20)
            if (lo, hi) != (0, len(sent.get(part, []))):
                return f"partition {part} watermarks ({lo}, {hi}), want (0, {len(sent.get(part, []))})"
    finally:
        cons.close()


c.run("admin-create-topic", create)
c.run("admin-create-existing-topic-error", create_existing, needs=["admin-create-topic"])
c.run("admin-list-topics", list_topics, needs=["admin-create-topic"])
c.run("admin-describe-configs", describe_configs, needs=["admin-create-topic"])
c.run("admin-incremental-alter-configs", incremental_alter_configs)
c.run("idempotent-produce-10000-acks-all", produce, needs=["admin-create-topic"])
c.run("consume-assign-offset-beginning-in-order", consume, needs=["idempotent-produce-10000-acks-all"])
c.run("watermark-offsets", watermarks, needs=["idempotent-produce-10000-acks-all"])
c.exit()
