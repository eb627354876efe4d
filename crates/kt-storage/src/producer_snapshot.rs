//! `.snapshot`: the producer state of a partition at one offset, in Kafka's format
//! (`ProducerStateManager`), so that a restart loads the idempotent and transactional
//! producers' state from the newest snapshot and replays only the log after it, instead of
//! scanning the log.
//!
//! One file per snapshot, `<offset>.snapshot` (20 digits): the state of every producer just
//! before `offset`. Kafka's layout (`ProducerSnapshot` version 1, big endian):
//! `version i16 (1), crc u32, count i32`, then per producer `producerId i64, epoch i16,
//! lastSequence i32, lastOffset i64, offsetDelta i32, timestamp i64, coordinatorEpoch i32,
//! currentTxnFirstOffset i64`. The CRC is CRC32C over everything after it; a file whose CRC,
//! version or length is wrong is corrupt, and the caller discards it.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::error::{IoContext, Result};

/// The file suffix of a producer-state snapshot.
pub const SNAPSHOT_SUFFIX: &str = ".snapshot";

/// The only version Kafka writes and reads.
const VERSION: i16 = 1;
/// Bytes before the CRC'd part: version and CRC.
const CRC_END: usize = 6;
/// Bytes per producer entry.
const ENTRY_SIZE: usize = 8 + 2 + 4 + 8 + 4 + 8 + 4 + 8;

/// One producer in a snapshot (Kafka's `ProducerStateEntry`, with its last batch only).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ProducerSnapshotEntry {
    /// The producer id.
    pub producer_id: i64,
    /// Its current epoch.
    pub epoch: i16,
    /// The last sequence of its last batch (-1 when it wrote none in this epoch).
    pub last_sequence: i32,
    /// The last offset of its last batch (-1 when none).
    pub last_offset: i64,
    /// `lastSequence - firstSequence` of its last batch.
    pub offset_delta: i32,
    /// The max timestamp of its last batch.
    pub timestamp: i64,
    /// The coordinator epoch of the last marker written for it (-1 when none).
    pub coordinator_epoch: i32,
    /// The first offset of its open transaction, -1 when none is open.
    pub current_txn_first_offset: i64,
}

/// `<dir>/<20-digit offset>.snapshot`.
pub fn snapshot_file(dir: &Path, offset: i64) -> PathBuf {
    dir.join(format!("{offset:020}{SNAPSHOT_SUFFIX}"))
}

/// The offset of a `NNNNNNNNNNNNNNNNNNNN.snapshot` file name.
pub fn parse_snapshot_file_name(name: &str) -> Option<i64> {
    let digits = name.strip_suffix(SNAPSHOT_SUFFIX)?;
    if digits.len() != 20 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

/// The snapshots in `dir`, by ascending offset.
pub fn list_snapshots(dir: &Path) -> Result<Vec<(i64, PathBuf)>> {
    let mut all = Vec::new();
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(all),
        Err(e) => return Err(e).at(dir),
    };
    for entry in entries {
        let entry = entry.at(dir)?;
        if let Some(offset) = entry
            .file_name()
            .to_str()
            .and_then(parse_snapshot_file_name)
        {
            all.push((offset, entry.path()));
        }
    }
    all.sort();
    Ok(all)
}

/// The bytes of a snapshot holding `entries`.
pub fn encode_snapshot(entries: &[ProducerSnapshotEntry]) -> Vec<u8> {
    let mut buf = Vec::with_capacity(CRC_END + 4 + entries.len() * ENTRY_SIZE);
    buf.extend_from_slice(&VERSION.to_be_bytes());
    buf.extend_from_slice(&[0; 4]);
    buf.extend_from_slice(&(entries.len() as i32).to_be_bytes());
    for e in entries {
        buf.extend_from_slice(&e.producer_id.to_be_bytes());
        buf.extend_from_slice(&e.epoch.to_be_bytes());
        buf.extend_from_slice(&e.last_sequence.to_be_bytes());
        buf.extend_from_slice(&e.last_offset.to_be_bytes());
        buf.extend_from_slice(&e.offset_delta.to_be_bytes());
        buf.extend_from_slice(&e.timestamp.to_be_bytes());
        buf.extend_from_slice(&e.coordinator_epoch.to_be_bytes());
        buf.extend_from_slice(&e.current_txn_first_offset.to_be_bytes());
    }
    let crc = crc32c::crc32c(&buf[CRC_END..]);
    buf[2..CRC_END].copy_from_slice(&crc.to_be_bytes());
    buf
}

/// The entries of a snapshot's bytes, or why they are corrupt (Kafka's
/// `CorruptSnapshotException` texts).
pub fn decode_snapshot(bytes: &[u8]) -> std::result::Result<Vec<ProducerSnapshotEntry>, String> {
    if bytes.len() < CRC_END + 4 {
        return Err(format!(
            "Snapshot failed schema validation: {} bytes are too short",
            bytes.len()
        ));
    }
    let version = i16::from_be_bytes([bytes[0], bytes[1]]);
    if version != VERSION {
        return Err(format!(
            "Snapshot contained an unknown file version {version}"
        ));
    }
    let count = i32::from_be_bytes(bytes[6..10].try_into().expect("4 bytes"));
    let body = &bytes[CRC_END + 4..];
    if count < 0 || body.len() != count as usize * ENTRY_SIZE {
        return Err(format!(
            "Snapshot failed schema validation: {count} entries in {} bytes",
            body.len()
        ));
    }
    let stored = u32::from_be_bytes(bytes[2..CRC_END].try_into().expect("4 bytes"));
    let computed = crc32c::crc32c(&bytes[CRC_END..]);
    if stored != computed {
        return Err(format!(
            "Snapshot is corrupt (CRC is no longer valid). Stored crc: {stored}. Computed crc: \
             {computed}"
        ));
    }
    Ok(body
        .chunks_exact(ENTRY_SIZE)
        .map(|c| {
            let i64_at = |at: usize| i64::from_be_bytes(c[at..at + 8].try_into().expect("8"));
            let i32_at = |at: usize| i32::from_be_bytes(c[at..at + 4].try_into().expect("4"));
            ProducerSnapshotEntry {
                producer_id: i64_at(0),
                epoch: i16::from_be_bytes([c[8], c[9]]),
                last_sequence: i32_at(10),
                last_offset: i64_at(14),
                offset_delta: i32_at(22),
                timestamp: i64_at(26),
                coordinator_epoch: i32_at(34),
                current_txn_first_offset: i64_at(38),
            }
        })
        .collect())
}

/// Writes the snapshot at `offset` in `dir`: to a temporary name, then renamed, so a crash
/// never leaves half a file under the snapshot's name. With `sync` the file is fsynced
/// first (a clean shutdown); at a roll it is not (as Kafka, which flushes it later): a
/// snapshot torn by a power loss fails its CRC and is discarded on loading.
pub fn write_snapshot(
    dir: &Path,
    offset: i64,
    entries: &[ProducerSnapshotEntry],
    sync: bool,
) -> Result<PathBuf> {
    let path = snapshot_file(dir, offset);
    let tmp = dir.join(format!("{offset:020}{SNAPSHOT_SUFFIX}.tmp"));
    let mut file = fs::File::create(&tmp).at(&tmp)?;
    file.write_all(&encode_snapshot(entries)).at(&tmp)?;
    if sync {
        file.sync_all().at(&tmp)?;
    }
    fs::rename(&tmp, &path).at(&path)?;
    Ok(path)
}

/// Reads one snapshot file: Ok(Err(reason)) when it is corrupt.
pub fn read_snapshot(
    path: &Path,
) -> Result<std::result::Result<Vec<ProducerSnapshotEntry>, String>> {
    let bytes = fs::read(path).at(path)?;
    Ok(decode_snapshot(&bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(pid: i64, txn: i64) -> ProducerSnapshotEntry {
        ProducerSnapshotEntry {
            producer_id: pid,
            epoch: 3,
            last_sequence: 41,
            last_offset: 100,
            offset_delta: 9,
            timestamp: 1_700_000_000_000,
            coordinator_epoch: 2,
            current_txn_first_offset: txn,
        }
    }

    #[test]
    fn snapshots_round_trip_in_kafkas_layout() {
        let dir = tempfile::tempdir().unwrap();
        let entries = vec![entry(7, -1), entry(8, 95)];
        let path = write_snapshot(dir.path(), 120, &entries, true).unwrap();
        assert_eq!(path, dir.path().join("00000000000000000120.snapshot"));
        assert_eq!(read_snapshot(&path).unwrap().unwrap(), entries);
        let bytes = fs::read(&path).unwrap();
        assert_eq!(bytes.len(), 10 + 2 * 46);
        assert_eq!(&bytes[0..2], &1i16.to_be_bytes());
        assert_eq!(
            u32::from_be_bytes(bytes[2..6].try_into().unwrap()),
            crc32c::crc32c(&bytes[6..])
        );
        assert_eq!(&bytes[6..10], &2i32.to_be_bytes());
        assert_eq!(&bytes[10..18], &7i64.to_be_bytes());
        assert_eq!(&bytes[102 - 8..], &95i64.to_be_bytes());
        assert_eq!(list_snapshots(dir.path()).unwrap(), vec![(120, path)]);
        // An empty state is a valid snapshot too.
        assert_eq!(decode_snapshot(&encode_snapshot(&[])).unwrap(), vec![]);
    }

    #[test]
    fn torn_or_damaged_snapshots_are_corrupt() {
        let bytes = encode_snapshot(&[entry(7, -1)]);
        assert!(decode_snapshot(&bytes[..bytes.len() - 3])
            .unwrap_err()
            .contains("schema validation"));
        let mut flipped = bytes.clone();
        flipped[20] ^= 1;
        assert!(decode_snapshot(&flipped).unwrap_err().contains("CRC"));
        let mut version = bytes;
        version[1] = 2;
        assert!(decode_snapshot(&version).unwrap_err().contains("version 2"));
    }
}
