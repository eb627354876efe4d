"""The client of benches/floor.sh: REQUESTS requests one after another on one connection (the
next sent when the answer to the last is read, as a transactional producer's AddPartitionsToTxn
and EndTxn, or a long-polling consumer's fetch, arrive at a broker that is idle in between),
and the server's CPU over them from /proc/PID/task/*/schedstat (the scheduler's own count of
time on a CPU, to the nanosecond: a server that runs a few microseconds at a time is sampled
badly by the tick counts of /proc/PID/stat).

    floor.py HOST:PORT PID KIND REQUESTS
        KIND: apiversions (ApiVersions v0) or metadata (Metadata v1 for no topic)

Prints {"rtt_us": ..., "server_us": ...}: the mean round trip and the server's CPU (user and
system) per request, both in microseconds.
"""
import json
import os
import socket
import struct
import sys
import time



def cpu_ns(pid):
    """Time on a CPU of every thread of pid (user and system), in nanoseconds."""
    total = 0
    for task in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{task}/schedstat") as f:
                total += int(f.read().split()[0])
        except FileNotFoundError:  # a thread that ended meanwhile
            pass
    return total


def request(kind, correlation):
    client = b"\x00\x05floor"
    if kind == "apiversions":
        body = struct.pack(">hhi", 18, 0, correlation) + client
    elif kind == "metadata":
        body = struct.pack(">hhi", 3, 1, correlation) + client + struct.pack(">i", 0)
    else:
        sys.exit(f"unknown kind {kind}")
    return struct.pack(">i", len(body)) + body


def read_exact(sock, n):
    data = sock.recv(n, socket.MSG_WAITALL)
    if len(data) != n:
        sys.exit("the server closed the connection")
    return data


def main():
    host, port = sys.argv[1].rsplit(":", 1)
    pid, kind, count = int(sys.argv[2]), sys.argv[3], int(sys.argv[4])
    sock = socket.create_connection((host, int(port)))
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    frames = [request(kind, i) for i in range(count)]
    for frame in frames[:100]:  # warm-up: the connection's first answers are not counted
        sock.sendall(frame)
        read_exact(sock, struct.unpack(">i", read_exact(sock, 4))[0])
    c0, t0 = cpu_ns(pid), time.perf_counter()
    for i, frame in enumerate(frames):
        sock.sendall(frame)
        size = struct.unpack(">i", read_exact(sock, 4))[0]
        answer = read_exact(sock, size)
        if struct.unpack(">i", answer[:4])[0] != i:
            sys.exit(f"answer {i} carries correlation id {struct.unpack('>i', answer[:4])[0]}")
    wall, ns = time.perf_counter() - t0, cpu_ns(pid) - c0
    sock.close()
    print(json.dumps({"rtt_us": round(wall / count * 1e6, 1),
                      "server_us": round(ns / count / 1e3, 1)}))


if __name__ == "__main__":
    main()
