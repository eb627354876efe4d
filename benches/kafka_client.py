"""Client side of the benches: creates many topics, times Metadata for every topic, produces
one record to every partition and runs producer/consumer loads, against any broker.

    python kafka_client.py create BOOT PREFIX TOPICS PARTITIONS   prints seconds until all exist
    python kafka_client.py metadata BOOT REPEATS                  prints: topics partitions median_ms min_ms
    python kafka_client.py produce-all BOOT PREFIX TOPICS PARTITIONS   prints: seconds errors
    python kafka_client.py wait-topics BOOT COUNT TIMEOUT_S       prints seconds until Metadata lists COUNT topics

Metadata is timed with a raw request (v1, all topics) on one socket, so the figure is the
broker's encoding plus the transfer, not a client's parsing. Needs confluent-kafka.
"""

import socket
import struct
import sys
import time


def metadata_all(sock, correlation_id):
    """Sends Metadata v1 for all topics; returns ((topics, partitions), response bytes)."""
    payload = metadata_raw(sock, correlation_id)
    return count_metadata(payload), len(payload)


def metadata_raw(sock, correlation_id):
    """Sends Metadata v1 for all topics; returns the response once wholly received."""
    client = b"kt-bench"
    body = struct.pack(">hhih", 3, 1, correlation_id, len(client)) + client
    body += struct.pack(">i", -1)  # null topic array: every topic
    sock.sendall(struct.pack(">i", len(body)) + body)
    size = struct.unpack(">i", recv_exact(sock, 4))[0]
    return recv_exact(sock, size)


def recv_exact(sock, n):
    chunks = []
    while n:
        chunk = sock.recv(min(n, 1 << 20))
        if not chunk:
            raise ConnectionError("broker closed the connection")
        chunks.append(chunk)
        n -= len(chunk)
    return b"".join(chunks)


def count_metadata(p):
    """Walks a Metadata v1 response far enough to count topics and partitions."""
    pos = 4  # correlation id

    def i16():
        nonlocal pos
        v = struct.unpack_from(">h", p, pos)[0]
        pos += 2
        return v

    def i32():
        nonlocal pos
        v = struct.unpack_from(">i", p, pos)[0]
        pos += 4
        return v

    def string():
        nonlocal pos
        n = i16()
        pos += max(n, 0)

    for _ in range(i32()):  # brokers: id, host, port, rack
        i32()
        string()
        i32()
        string()
    i32()  # controller id
    topics = partitions = 0
    for _ in range(i32()):
        i16()  # error
        string()
        pos += 1  # is_internal
        n = i32()
        for _ in range(n):
            i16()
            i32()
            i32()  # error, index, leader
            for _ in range(2):  # replicas, isr
                n_ids = i32()
                pos += 4 * n_ids
        topics += 1
        partitions += n
    return topics, partitions


def connect(boot):
    host, port = boot.rsplit(":", 1)
    sock = socket.create_connection((host, int(port)), timeout=30)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return sock


def cmd_metadata(boot, repeats):
    sock = connect(boot)
    samples = []
    counts = None
    for i in range(int(repeats)):
        # Timed from the request sent to the last byte of the answer (parsing excluded).
        t0 = time.perf_counter()
        payload = metadata_raw(sock, i)
        samples.append((time.perf_counter() - t0) * 1e3)
        counts = count_metadata(payload)
    samples.sort()
    print(counts[0], counts[1], f"{samples[len(samples) // 2]:.1f}", f"{samples[0]:.1f}")


def cmd_wait_topics(boot, count, timeout):
    t0 = time.perf_counter()
    deadline = t0 + float(timeout)
    while time.perf_counter() < deadline:
        try:
            sock = connect(boot)
            (topics, _), _ = metadata_all(sock, 0)
            sock.close()
            if topics >= int(count):
                print(f"{time.perf_counter() - t0:.3f}")
                return
        except OSError:
            pass
        time.sleep(0.01)
    print("timeout")
    sys.exit(1)


def names(prefix, topics):
    return [f"{prefix}{i:05d}" for i in range(int(topics))]


def cmd_create(boot, prefix, topics, partitions):
    from confluent_kafka.admin import AdminClient, NewTopic

    admin = AdminClient({"bootstrap.servers": boot, "log_level": 3})
    todo = names(prefix, topics)
    t0 = time.perf_counter()
    # Kafka's admin tools send one CreateTopics per call; 100 topics a request keeps each
    # request well under the broker's request timeout on a slow machine.
    for at in range(0, len(todo), 100):
        futures = admin.create_topics(
            [NewTopic(t, int(partitions), 1) for t in todo[at : at + 100]],
            request_timeout=120,
            operation_timeout=120,
        )
        for f in futures.values():
            f.result(timeout=180)
    print(f"{time.perf_counter() - t0:.3f}")


def cmd_produce_all(boot, prefix, topics, partitions):
    from confluent_kafka import Producer

    errors = []
    delivered = [0]

    def report(err, _msg):
        if err is not None:
            errors.append(str(err))
        else:
            delivered[0] += 1

    p = Producer(
        {
            "bootstrap.servers": boot,
            "log_level": 3,
            "acks": 1,
            "linger.ms": 5,
            "message.timeout.ms": 60000,
            "queue.buffering.max.messages": 1000000,
        }
    )
    t0 = time.perf_counter()
    total = 0
    for t in names(prefix, topics):
        for part in range(int(partitions)):
            p.produce(t, value=b"x" * 100, partition=part, on_delivery=report)
            total += 1
        p.poll(0)
    left = p.flush(120)
    elapsed = time.perf_counter() - t0
    print(f"{elapsed:.3f}", len(errors) + left, delivered[0], total)
    if errors:
        print("first error:", errors[0], file=sys.stderr)


if __name__ == "__main__":
    cmd, args = sys.argv[1], sys.argv[2:]
    {
        "metadata": cmd_metadata,
        "create": cmd_create,
        "produce-all": cmd_produce_all,
        "wait-topics": cmd_wait_topics,
    }[cmd](*args)
