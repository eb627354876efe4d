"""Malformed input on raw sockets. After each case the broker must still be alive and answer both a
raw ApiVersions request on a new connection and a normal client's metadata request; a connection
opened before all of it must still work at the end.

Cases: size prefix 2^31-1 and negative (the broker must close the connection rather than wait for
2 GiB), garbage bytes, an unknown API key, ApiVersions v99 (answered in the v0 format with error 35
UNSUPPORTED_VERSION and the broker's API list), a frame cut short, a body cut short."""
import os
import random
import socket
import struct
import time

from confluent_kafka.admin import AdminClient

from checks import Checks, parser

p = parser(__doc__)
p.add_argument("--broker-pid", type=int)
a = p.parse_args()
c = Checks("bad_input")
HOST, PORT = a.bootstrap.rsplit(":", 1)
PORT = int(PORT)
API_VERSIONS, METADATA = 18, 3


def conn():
    s = socket.create_connection((HOST, PORT), timeout=5)
    s.settimeout(5)
    return s


def header(api_key, version, corr, flexible=False, client=b"interop-bad-input"):
    h = struct.pack(">hhih", api_key, version, corr, len(client)) + client
    return h + (b"\x00" if flexible else b"")  # header v2 ends with an empty tagged-field section


def frame(payload):
    return struct.pack(">i", len(payload)) + payload


def recv_exact(s, n):
    buf = b""
    while len(buf) < n:
        chunk = s.recv(n - len(buf))
        if not chunk:
            raise ConnectionError(f"connection closed after {len(buf)} of {n} bytes")
        buf += chunk
    return buf


def recv_frame(s):
    (size,) = struct.unpack(">i", recv_exact(s, 4))
    if size < 0 or size > 64 << 20:
        raise ValueError(f"response size {size}")
    return recv_exact(s, size)


def closed_by_broker(s, secs=5):
    """True if the broker closes the connection within secs (any data it sends first is drained)."""
    s.settimeout(0.5)
    end = time.time() + secs
    while time.time() < end:
        try:
            if not s.recv(65536):
                return True
        except socket.timeout:
            continue
        except (ConnectionResetError, BrokenPipeError):
            return True
    return False


def parse_api_versions_v0(payload):
    corr, err, n = struct.unpack(">ihi", payload[:10])
    apis = [struct.unpack(">hhh", payload[10 + 6 * i:16 + 6 * i]) for i in range(max(n, 0))]
    return corr, err, n, apis


def api_versions_v0(s, corr):
    s.sendall(frame(header(API_VERSIONS, 0, corr)))
    corr2, err, n, apis = parse_api_versions_v0(recv_frame(s))
    if corr2 != corr or err != 0 or not any(k == API_VERSIONS for k, _, _ in apis):
        raise AssertionError(f"ApiVersions v0: correlation {corr2} (want {corr}), error {err}, {n} apis")


def healthy(after):
    if a.broker_pid:
        try:
            os.kill(a.broker_pid, 0)
        except ProcessLookupError:
            return f"broker process died after {after}"
        with open(f"/proc/{a.broker_pid}/status") as f:
            rss = next(int(l.split()[1]) for l in f if l.startswith("VmRSS:"))
        if rss > 1 << 20:  # KiB
            return f"broker RSS is {rss // 1024} MiB after {after}"
    with conn() as s:
        api_versions_v0(s, 4242)
    md = AdminClient({"bootstrap.servers": a.bootstrap}).list_topics(timeout=10)  # a new client each time
    if not md.brokers:
        return f"metadata after {after} lists no broker"
    return True


def case(name, fn):
    res = c.run(name, fn)
    c.run(f"{name}/broker-still-serves", healthy, name)
    return res


def huge_size():
    with conn() as s:
        s.sendall(struct.pack(">i", 2**31 - 1) + b"\x00\x12\x00\x00" * 4)
        if not closed_by_broker(s):
            return "connection still open 5 s after a 2 GiB size prefix"


def negative_size():
    with conn() as s:
        s.sendall(struct.pack(">i", -5) + b"\x00" * 16)
        if not closed_by_broker(s):
            return "connection still open 5 s after a negative size prefix"


def garbage():
    rnd = random.Random(7)
    for n in (3, 64, 4096):
        with conn() as s:
            blob = bytes(rnd.randrange(256) for _ in range(n))
            s.sendall(frame(blob))
            closed_by_broker(s, 1)  # either way is fine; what matters is the broker lives on
    with conn() as s:
        s.sendall(bytes(rnd.randrange(256) for _ in range(2000)))  # not even framed
        closed_by_broker(s, 1)


def unknown_api_key():
    with conn() as s:
        s.sendall(frame(header(9999, 0, 1) + b"\x00" * 8))
        closed_by_broker(s, 2)
    with conn() as s:
        s.sendall(frame(header(-1, 0, 2)))
        closed_by_broker(s, 2)


def api_versions_v99():
    with conn() as s:
        # header v2 as a client that assumes a flexible version would send it, then a v3-style body
        body = b"\x08interop\x061.0.0\x00"
        s.sendall(frame(header(API_VERSIONS, 99, 777, flexible=True) + body))
        payload = recv_frame(s)
    if len(payload) < 10:
        return f"response of {len(payload)} bytes: {payload.hex()}"
    corr, err, n = struct.unpack(">ihi", payload[:10])
    if len(payload) != 10 + 6 * max(n, 0):
        return (f"response is {len(payload)} bytes, not the v0 format (10 + 6 x {n} api entries); "
                f"it starts {payload[:24].hex()}")
    corr, err, n, apis = parse_api_versions_v0(payload)
    if corr != 777:
        return f"correlation id {corr}, want 777"
    if err != 35:
        return f"error code {err}, want 35 UNSUPPORTED_VERSION"
    if n <= 0:
        return f"api list has {n} entries"
    av = [(mn, mx) for k, mn, mx in apis if k == API_VERSIONS]
    if not av or av[0][0] > 0 or av[0][1] < 3:
        return f"ApiVersions entry {av}, want versions 0..3 at least"


def truncated_frame():
    with conn() as s:
        s.sendall(struct.pack(">i", 100) + header(METADATA, 1, 5)[:20])
        s.shutdown(socket.SHUT_WR)
        if not closed_by_broker(s):
            return "broker kept the half-closed connection open for 5 s"


def truncated_body():
    # Metadata v1 that announces 3 topics and then ends
    with conn() as s:
        s.sendall(frame(header(METADATA, 1, 6) + struct.pack(">i", 3) + b"\x00\x05ab"))
        closed_by_broker(s, 2)  # an error response or a close are both fine


bystander = None
try:
    bystander = conn()
    api_versions_v0(bystander, 1)
    c.ok("bystander-connection")
except Exception as e:
    c.bad("bystander-connection", f"{type(e).__name__}: {e}")

case("size-prefix-2^31-1", huge_size)
case("size-prefix-negative", negative_size)
case("garbage-bytes", garbage)
case("unknown-api-key", unknown_api_key)
case("api-versions-v99", api_versions_v99)
case("truncated-frame", truncated_frame)
case("truncated-body", truncated_body)


def bystander_still_works():
    api_versions_v0(bystander, 2)


c.run("bystander-connection-still-works", bystander_still_works, needs=["bystander-connection"])
c.exit()
