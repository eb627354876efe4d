"""benches/zookeeper.sh's many-request client: ZooKeeper's wire protocol over raw sockets, so
that the client (the same for kt and Apache) costs little next to the server it measures. A
kazoo client spends ~100 us of Python per request; this one batches whole windows of
pipelined requests into one send and parses replies with struct, a few us each.

    zookeeper.py create PORT N WINDOW
        one session creates /bench, then /bench/n000000.. (16-byte data, open ACL) with up to
        WINDOW creates in flight; checks every reply and that /bench has N children; prints the
        wall seconds
    zookeeper.py probe PORT N T0_US
        after a launch at T0_US (EPOCHREALTIME in microseconds): polls `ruok` until `imok`, then
        opens sessions until a getChildren of /bench answers N children; prints the ms from T0
        to each, "RUOK_MS CHILDREN_MS"
    zookeeper.py setters PORT CLIENTS SECONDS WINDOW SERVER_PID
        CLIENTS processes, each its own session on its own znode /bench/s<i>, keep WINDOW
        setData requests (16 bytes, version -1) in flight; counts the replies in the SECONDS
        after all are connected and reads the server's CPU over the same span; prints
        "OPS_PER_S SERVER_CPU_SHARE" (1.0 = one core busy)
"""
import multiprocessing
import os
import socket
import struct
import sys
import time

OPEN_ACL = struct.pack(">ii", 1, 31) + struct.pack(">i", 5) + b"world" + struct.pack(">i", 6) + b"anyone"


def jstring(s):
    b = s.encode()
    return struct.pack(">i", len(b)) + b


def frame(body):
    return struct.pack(">i", len(body)) + body


class Conn:
    """One session: the handshake, then framed requests and replies."""

    def __init__(self, port, timeout_ms=30000):
        self.sock = socket.create_connection(("127.0.0.1", port))
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.buf = bytearray()
        hello = struct.pack(">iqiqi", 0, 0, timeout_ms, 0, 16) + b"\0" * 16 + b"\0"
        self.sock.sendall(frame(hello))
        self.frame()  # ConnectResponse

    def frame(self):
        """The next whole frame's body."""
        while True:
            if len(self.buf) >= 4:
                (n,) = struct.unpack_from(">i", self.buf)
                if len(self.buf) >= 4 + n:
                    body = bytes(self.buf[4 : 4 + n])
                    del self.buf[: 4 + n]
                    return body
            chunk = self.sock.recv(1 << 20)
            if not chunk:
                raise ConnectionError("server closed the connection")
            self.buf += chunk

    def replies(self):
        """Waits for data, then returns the error codes of every whole reply received so far."""
        chunk = self.sock.recv(1 << 20)
        if not chunk:
            raise ConnectionError("server closed the connection")
        self.buf += chunk
        errs, pos, end = [], 0, len(self.buf)
        while end - pos >= 4:
            (n,) = struct.unpack_from(">i", self.buf, pos)
            if end - pos < 4 + n:
                break
            xid, _, err = struct.unpack_from(">iqi", self.buf, pos + 4)
            if xid >= 0:  # not a ping or a watch event
                errs.append(err)
            pos += 4 + n
        del self.buf[:pos]
        return errs

    def call(self, xid, kind, body):
        self.sock.sendall(frame(struct.pack(">ii", xid, kind) + body))
        reply = self.frame()
        _, _, err = struct.unpack_from(">iqi", reply)
        return err, reply[16:]

    def close(self):
        try:
            self.call(1 << 30, -11, b"")
        except (ConnectionError, OSError):
            pass
        self.sock.close()


def session(port):
    """A session, retried for a minute: Apache answers `imok` before it serves sessions."""
    deadline = time.time() + 60
    while True:
        try:
            return Conn(port)
        except (ConnectionError, OSError):
            if time.time() > deadline:
                raise
            time.sleep(0.01)


def create(port, n, window):
    c = session(port)
    err, _ = c.call(1, 1, jstring("/bench") + struct.pack(">i", -1) + OPEN_ACL + struct.pack(">i", 0))
    if err not in (0, -110):  # ok, node exists
        raise SystemExit(f"create /bench: error {err}")
    data = struct.pack(">i", 16) + b"x" * 16 + OPEN_ACL + struct.pack(">i", 0)
    t0 = time.perf_counter()
    sent = done = 0
    while done < n:
        batch = []
        while sent < n and sent - done < window:
            body = struct.pack(">ii", sent + 2, 1) + jstring(f"/bench/n{sent:06d}") + data
            batch.append(frame(body))
            sent += 1
        if batch:
            c.sock.sendall(b"".join(batch))
        errs = c.replies()
        bad = [e for e in errs if e != 0]
        if bad:
            raise SystemExit(f"create: error {bad[0]}")
        done += len(errs)
    t1 = time.perf_counter()
    if children(c) != n:
        raise SystemExit("missing znodes")
    c.close()
    print(f"{t1 - t0:.3f}")


def children(c):
    err, body = c.call(1 << 29, 8, jstring("/bench") + b"\0")
    return struct.unpack_from(">i", body)[0] if err == 0 else -1


def ruok(port):
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=2) as s:
            s.sendall(b"ruok")
            return s.recv(4) == b"imok"
    except OSError:
        return False


def probe(port, n, t0_us):
    def ms():
        return (time.time_ns() // 1000 - t0_us) / 1e3

    deadline = time.time() + 120
    while not ruok(port):
        if time.time() > deadline:
            raise SystemExit("no imok after 120 s")
        time.sleep(0.001)
    at_ruok = ms()
    while True:
        try:
            c = Conn(port)
            got = children(c)
            c.close()
            if got == n:
                break
        except (ConnectionError, OSError):
            pass
        if time.time() > deadline:
            raise SystemExit(f"no {n} children after 120 s")
        time.sleep(0.001)
    print(f"{at_ruok:.1f} {ms():.1f}")


def setter(port, i, seconds, window, ready, go, out):
    c = session(port)
    path = f"/bench/s{i}"
    c.call(1, 1, jstring(path) + struct.pack(">i", -1) + OPEN_ACL + struct.pack(">i", 0))
    req = jstring(path) + struct.pack(">i", 16) + b"y" * 16 + struct.pack(">i", -1)
    ready.release()
    start = go.get()
    stop = start + seconds
    xid, inflight, counted = 2, 0, 0
    while True:
        now = time.time()
        if now >= stop:
            break
        batch = []
        while inflight < window:
            batch.append(frame(struct.pack(">ii", xid, 5) + req))
            xid += 1
            inflight += 1
        c.sock.sendall(b"".join(batch))
        errs = c.replies()
        if any(errs):
            raise SystemExit(f"setData: error {[e for e in errs if e][0]}")
        inflight -= len(errs)
        if now >= start:
            counted += len(errs)
    out.put(counted)


def cpu_ticks(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])


def setters(port, clients, seconds, window, pid):
    ready, out = multiprocessing.Semaphore(0), multiprocessing.Queue()
    go = [multiprocessing.Queue() for _ in range(clients)]
    procs = [
        multiprocessing.Process(target=setter, args=(port, i, seconds, window, ready, go[i], out))
        for i in range(clients)
    ]
    for p in procs:
        p.start()
    for _ in procs:
        ready.acquire()
    start = time.time() + 0.2
    for q in go:
        q.put(start)
    time.sleep(max(0, start - time.time()))
    c0 = cpu_ticks(pid)
    time.sleep(seconds)
    c1 = cpu_ticks(pid)
    total = sum(out.get() for _ in procs)
    for p in procs:
        p.join()
    hz = os.sysconf("SC_CLK_TCK")
    print(f"{total / seconds:.0f} {(c1 - c0) / hz / seconds:.2f}")


if __name__ == "__main__":
    cmd, args = sys.argv[1], [int(a) for a in sys.argv[2:]]
    {"create": create, "probe": probe, "setters": setters}[cmd](*args)
