"""Raw-socket client of benches/logs.sh: times a broker's start to its first served fetch, and
fetches many partitions in one request over and over, so that a bench can watch the broker's
memory while large answers go out.

    python logs.py ready BOOT TOPIC TIMEOUT_S
        prints "armed", then polls BOOT every millisecond until Metadata v1 lists TOPIC with a
        leader and a Fetch v4 of its partition 0 from offset 0 returns records; prints the wall
        clock at that moment in microseconds since the epoch (the bench subtracts its launch
        time), or "timeout"
    python logs.py fetch-loop BOOT TOPIC PARTITIONS PARTITION_MAX_BYTES SECONDS
        sends Fetch v4 for every partition of TOPIC from offset 0 with PARTITION_MAX_BYTES each,
        one request after another for SECONDS; prints: answers, smallest answer bytes, largest
        answer bytes, MB/s, partition errors

Both are raw requests on one socket (no client library between), so the figures are the
broker's. The answers are received into one reused buffer and not parsed beyond the partition
headers: the client holds one answer at a time.
"""

import socket
import struct
import sys
import time

CLIENT = b"kt-bench"


def connect(boot, timeout=30):
    host, port = boot.rsplit(":", 1)
    sock = socket.create_connection((host, int(port)), timeout=timeout)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return sock


def request(sock, api_key, version, correlation_id, body):
    head = struct.pack(">hhih", api_key, version, correlation_id, len(CLIENT)) + CLIENT
    sock.sendall(struct.pack(">i", len(head) + len(body)) + head + body)


def recv_into(sock, view):
    n = len(view)
    got = 0
    while got < n:
        k = sock.recv_into(view[got:], n - got)
        if not k:
            raise ConnectionError("broker closed the connection")
        got += k


def answer(sock, buf):
    """Receives one answer into buf (grown when too small); returns (buf, size)."""
    size_bytes = bytearray(4)
    recv_into(sock, memoryview(size_bytes))
    size = struct.unpack(">i", size_bytes)[0]
    if size > len(buf):
        buf = bytearray(size)
    recv_into(sock, memoryview(buf)[:size])
    return buf, size


def string(s):
    b = s.encode()
    return struct.pack(">h", len(b)) + b


def metadata_has_leader(sock, topic):
    """Metadata v1 for TOPIC: whether its partition 0 has a leader."""
    request(sock, 3, 1, 1, struct.pack(">i", 1) + string(topic))
    p, _ = answer(sock, bytearray(0))
    pos = 4

    def i16():
        nonlocal pos
        pos += 2
        return struct.unpack_from(">h", p, pos - 2)[0]

    def i32():
        nonlocal pos
        pos += 4
        return struct.unpack_from(">i", p, pos - 4)[0]

    def skip_string():
        nonlocal pos
        n = i16()
        pos += max(n, 0)

    for _ in range(i32()):  # brokers: id, host, port, rack
        i32()
        skip_string()
        i32()
        skip_string()
    i32()  # controller id
    for _ in range(i32()):
        error = i16()
        skip_string()
        pos += 1  # is_internal
        for _ in range(i32()):
            perror = i16()
            index = i32()
            leader = i32()
            pos += 4 * i32()  # replicas
            pos += 4 * i32()  # isr
            if error == 0 and perror == 0 and index == 0 and leader >= 0:
                return True
    return False


def fetch_body(topic, partitions, partition_max_bytes):
    """Fetch v4: replica -1, max wait 0, min bytes 0, max bytes for all, read_uncommitted."""
    body = struct.pack(">iiiib", -1, 0, 0, partitions * partition_max_bytes, 0)
    body += struct.pack(">i", 1) + string(topic) + struct.pack(">i", partitions)
    for p in range(partitions):
        body += struct.pack(">iqi", p, 0, partition_max_bytes)
    return body


def fetch_summary(p):
    """Walks a Fetch v4 answer's headers: (record bytes, partition errors)."""
    pos = 8  # correlation id, throttle time
    records = errors = 0
    (topics,) = struct.unpack_from(">i", p, pos)
    pos += 4
    for _ in range(topics):
        (n,) = struct.unpack_from(">h", p, pos)
        pos += 2 + n
        (parts,) = struct.unpack_from(">i", p, pos)
        pos += 4
        for _ in range(parts):
            _, error, _, _, aborted = struct.unpack_from(">ihqqi", p, pos)
            pos += 26 + 16 * max(aborted, 0)
            (size,) = struct.unpack_from(">i", p, pos)
            pos += 4 + max(size, 0)
            records += max(size, 0)
            errors += error != 0
    return records, errors


def cmd_ready(boot, topic, timeout):
    print("armed", flush=True)
    deadline = time.monotonic() + float(timeout)
    body = fetch_body(topic, 1, 1024)
    buf = bytearray(1 << 16)
    while time.monotonic() < deadline:
        try:
            sock = connect(boot, timeout=5)
        except OSError:
            time.sleep(0.001)
            continue
        try:
            while time.monotonic() < deadline:
                if not metadata_has_leader(sock, topic):
                    time.sleep(0.001)
                    continue
                request(sock, 1, 4, 2, body)
                buf, size = answer(sock, buf)
                records, errors = fetch_summary(memoryview(buf)[:size])
                if records > 0 and errors == 0:
                    print(time.time_ns() // 1000, flush=True)
                    return
                time.sleep(0.001)
        except OSError:
            time.sleep(0.001)
        finally:
            sock.close()
    print("timeout")
    sys.exit(1)


def cmd_fetch_loop(boot, topic, partitions, partition_max_bytes, seconds):
    partitions, partition_max_bytes = int(partitions), int(partition_max_bytes)
    sock = connect(boot, timeout=120)
    body = fetch_body(topic, partitions, partition_max_bytes)
    buf = bytearray(partitions * partition_max_bytes + (1 << 20))
    sizes = []
    errors = 0
    t0 = time.monotonic()
    end = t0 + float(seconds)
    i = 0
    while time.monotonic() < end:
        i += 1
        request(sock, 1, 4, i, body)
        buf, size = answer(sock, buf)
        _, e = fetch_summary(memoryview(buf)[:size])
        errors += e
        sizes.append(size)
    took = time.monotonic() - t0
    print(len(sizes), min(sizes), max(sizes), f"{sum(sizes) / took / 1e6:.0f}", errors)


if __name__ == "__main__":
    cmd, args = sys.argv[1], sys.argv[2:]
    {"ready": cmd_ready, "fetch-loop": cmd_fetch_loop}[cmd](*args)
