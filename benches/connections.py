"""Client side of benches/connections.sh: many connections that cost the broker nothing but
their existence, with the broker's CPU read from /proc while they are held.

    python connections.py idle BOOT PID N SECONDS
        opens N connections (one ApiVersions v0 each, answered), holds them SECONDS idle;
        prints: open_s cpu_percent rss_mib connections_alive
    python connections.py long-poll BOOT PID TOPIC N SECONDS MAX_WAIT_MS
        N connections each fetching partition 0 of TOPIC at its end (Fetch v4, min_bytes 1,
        max_wait MAX_WAIT_MS), sending the next fetch as soon as the empty answer comes, for
        SECONDS; prints: cpu_percent fetches_answered expected_answers rss_mib

cpu_percent is the broker's user+system CPU over the window as a share of one core. Raw
sockets (no client library), so the client's own cost stays out of the way.
"""

import os
import selectors
import socket
import struct
import sys
import time

TICK = os.sysconf("SC_CLK_TCK")


def cpu_ticks(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])


def rss_mib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def frame(api_key, version, correlation_id, body):
    client = b"kt-bench"
    head = struct.pack(">hhih", api_key, version, correlation_id, len(client)) + client
    return struct.pack(">i", len(head) + len(body)) + head + body


def fetch_request(topic, correlation_id, max_wait_ms):
    t = topic.encode()
    body = struct.pack(">iiiib", -1, int(max_wait_ms), 1, 1 << 20, 0)
    body += struct.pack(">ih", 1, len(t)) + t
    body += struct.pack(">iiqi", 1, 0, 0, 1 << 20)  # partition 0 at offset 0 (the end)
    return frame(1, 4, correlation_id, body)


def connect(boot):
    host, port = boot.rsplit(":", 1)
    s = socket.create_connection((host, int(port)), timeout=30)
    s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return s


def read_frame(s):
    head = b""
    while len(head) < 4:
        chunk = s.recv(4 - len(head))
        if not chunk:
            raise ConnectionError("closed")
        head += chunk
    n = struct.unpack(">i", head)[0]
    while n:
        chunk = s.recv(min(n, 1 << 16))
        if not chunk:
            raise ConnectionError("closed")
        n -= len(chunk)


def cmd_idle(boot, pid, n, seconds):
    t0 = time.perf_counter()
    socks = []
    for i in range(int(n)):
        s = connect(boot)
        s.sendall(frame(18, 0, i, b""))
        read_frame(s)
        socks.append(s)
    opened = time.perf_counter() - t0
    time.sleep(1)  # let the broker settle after the burst of connects
    c0 = cpu_ticks(pid)
    time.sleep(float(seconds))
    used = (cpu_ticks(pid) - c0) / TICK
    # A connection the broker closed meanwhile reads as EOF at once.
    alive = 0
    for s in socks:
        s.setblocking(False)
        try:
            alive += s.recv(1) != b""
        except BlockingIOError:
            alive += 1
        except OSError:
            pass
    print(f"{opened:.2f}", f"{used / float(seconds) * 100:.2f}", f"{rss_mib(pid):.1f}", alive)


def cmd_long_poll(boot, pid, topic, n, seconds, max_wait_ms):
    sel = selectors.DefaultSelector()
    pending = {}
    for i in range(int(n)):
        s = connect(boot)
        s.setblocking(False)
        sel.register(s, selectors.EVENT_READ)
        pending[s] = b""
        s.sendall(fetch_request(topic, 0, max_wait_ms))
    # Let the first round of fetches park, then measure whole rounds.
    time.sleep(float(max_wait_ms) / 1000 + 0.5)
    answered = 0
    c0 = cpu_ticks(pid)
    t0 = time.perf_counter()
    end = t0 + float(seconds)
    while True:
        now = time.perf_counter()
        if now >= end:
            break
        for key, _ in sel.select(timeout=end - now):
            s = key.fileobj
            try:
                data = s.recv(1 << 16)
            except BlockingIOError:
                continue
            if not data:
                sel.unregister(s)
                continue
            buf = pending[s] + data
            while len(buf) >= 4:
                size = struct.unpack_from(">i", buf)[0]
                if len(buf) < 4 + size:
                    break
                buf = buf[4 + size :]
                answered += 1
                s.sendall(fetch_request(topic, answered, max_wait_ms))
            pending[s] = buf
    elapsed = time.perf_counter() - t0
    used = (cpu_ticks(pid) - c0) / TICK
    expected = int(int(n) * elapsed * 1000 / float(max_wait_ms))
    print(f"{used / elapsed * 100:.2f}", answered, expected, f"{rss_mib(pid):.1f}")


if __name__ == "__main__":
    cmd, args = sys.argv[1], sys.argv[2:]
    {"idle": cmd_idle, "long-poll": cmd_long_poll}[cmd](*args)
