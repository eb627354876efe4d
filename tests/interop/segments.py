"""Kafka's segment files read here, independently of kt's code: the checks that kill and restart
replicating brokers (replication_check.py, eos_check.py on a cluster) compare what each replica
holds, record by record, after the brokers stopped.
"""
import os
import struct

CONTROL = 0x20  # the batch attribute of transaction markers (control batches)


def varint(buf, i):
    shift = result = 0
    while True:
        b = buf[i]
        i += 1
        result |= (b & 0x7F) << shift
        if not b & 0x80:
            return (result >> 1) ^ -(result & 1), i
        shift += 7


def read_batches(path):
    """Kafka v2 record batches of one .log file: (base offset, leader epoch, producer id, producer epoch,
    base sequence, attributes, [(offset, timestamp, key, value)]). Uncompressed batches only (the
    producers' of these checks, and transaction markers)."""
    with open(path, "rb") as f:
        data = f.read()
    out, pos = [], 0
    while pos + 61 <= len(data):
        base, length = struct.unpack_from(">qi", data, pos)
        if length == 0:
            break  # zeros past the end (a pre-sized file)
        end = pos + 12 + length
        if end > len(data):
            raise RuntimeError(f"{path}: batch at byte {pos} runs past the end of the file")
        epoch, magic, _crc, attrs, _last_delta, first_ts, _max_ts, pid, pepoch, bseq, count = \
            struct.unpack_from(">ibIhiqqqhii", data, pos + 12)
        if magic != 2 or attrs & 0x7:
            raise RuntimeError(f"{path}: batch at byte {pos} has magic {magic}, attributes {attrs}")
        records, i = [], pos + 61
        for _ in range(count):
            _len, i = varint(data, i)
            i += 1  # record attributes
            ts_delta, i = varint(data, i)
            off_delta, i = varint(data, i)
            klen, i = varint(data, i)
            key = data[i:i + klen] if klen >= 0 else None
            i += max(klen, 0)
            vlen, i = varint(data, i)
            val = data[i:i + vlen] if vlen >= 0 else None
            i += max(vlen, 0)
            nh, i = varint(data, i)
            for _ in range(nh):
                hk, i = varint(data, i)
                i += hk
                hv, i = varint(data, i)
                i += max(hv, 0)
            records.append((base + off_delta, first_ts + ts_delta, key, val))
        if i != end:
            raise RuntimeError(f"{path}: batch at byte {pos} decodes to {i - pos} bytes, its length says {end - pos}")
        out.append((base, epoch, pid, pepoch, bseq, attrs, records))
        pos = end
    return out


def replica_log(broker_dir, t, q):
    """One replica's records in offset order (broker_dir holds logs/), each with what its batch says
    of it: (offset, leader epoch, producer id, producer epoch, sequence, timestamp, key, value,
    whether it is a transaction marker)."""
    d = os.path.join(broker_dir, "logs", f"{t}-{q}")
    segs = sorted((f for f in os.listdir(d) if f.endswith(".log")), key=lambda f: int(f[:-4]))
    out = []
    for s in segs:
        for base, epoch, pid, pepoch, bseq, attrs, records in read_batches(os.path.join(d, s)):
            out.extend((o, epoch, pid, pepoch, bseq + o - base, ts, k, v, bool(attrs & CONTROL))
                       for o, ts, k, v in records)
    return out


def replicas_differ(broker_dirs, t, q):
    """Reads partition t-q's replica on every broker dir: (the first one's records, None) when all
    are the same, else (None, where the first differing replica departs from the first's)."""
    logs = [replica_log(d, t, q) for d in broker_dirs]
    for b in range(1, len(logs)):
        if logs[b] != logs[0]:
            n = next((i for i in range(min(len(logs[0]), len(logs[b]))) if logs[0][i] != logs[b][i]),
                     min(len(logs[0]), len(logs[b])))
            first = [lg[n][:5] if n < len(lg) else "(end)" for lg in (logs[0], logs[b])]
            return None, (f"{t}-{q}: broker {b}'s replica ({len(logs[b])} records) differs from broker 0's "
                          f"({len(logs[0])}) at record {n} (offset, leader epoch, producer id, producer epoch, "
                          f"sequence: {first})")
    return logs[0], None


def logged_aborts(broker_dir, t, q):
    """The aborted transactions of partition t-q as its log tells them, as (producer id, first
    offset, marker offset): those whose ABORT marker follows transactional records of the producer
    since its previous marker (the ones a `.txnindex` must list for read_committed fetches)."""
    d = os.path.join(broker_dir, "logs", f"{t}-{q}")
    first, out = {}, []
    for s in sorted((f for f in os.listdir(d) if f.endswith(".log")), key=lambda f: int(f[:-4])):
        for base, _epoch, pid, _pepoch, _bseq, attrs, records in read_batches(os.path.join(d, s)):
            if attrs & CONTROL:
                opened = first.pop(pid, None)
                # The key: version i16, type i16 (0 ABORT, 1 COMMIT).
                if opened is not None and struct.unpack(">hh", records[0][2])[1] == 0:
                    out.append((pid, opened, base))
            elif attrs & 0x10:  # transactional
                first.setdefault(pid, base)
    return out


def indexed_aborts(broker_dir, t, q):
    """The entries of partition t-q's `.txnindex` files (Kafka's: version i16, producer id i64,
    first offset i64, last offset i64, last stable offset i64), as (producer id, first offset, last
    offset); entries of aborts with no records in the partition (first offset = marker offset,
    which Kafka writes and kt need not) are left out."""
    d = os.path.join(broker_dir, "logs", f"{t}-{q}")
    out = []
    for s in sorted((f for f in os.listdir(d) if f.endswith(".txnindex")), key=lambda f: int(f[:-9])):
        with open(os.path.join(d, s), "rb") as f:
            data = f.read()
        for at in range(0, len(data) - len(data) % 34, 34):
            _version, pid, first, last, _lso = struct.unpack_from(">hqqqq", data, at)
            if first != last:
                out.append((pid, first, last))
    return out
