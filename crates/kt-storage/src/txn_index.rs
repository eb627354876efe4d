//! `.txnindex`: the aborted transactions of a segment, in Kafka's format, so read_committed
//! fetches can be told which records to skip without reading the log, and the list outlives
//! a restart. One file per segment (`<base offset>.txnindex`), holding the transactions
//! whose ABORT marker was written while the segment was active; fixed 34-byte entries:
//! `version i16 (0), producerId i64, firstOffset i64, lastOffset i64, lastStableOffset i64`.
//!
//! A torn last entry (a crash mid-write) is ignored on reading and cut off before the next
//! append, as Kafka's `TransactionIndex` sanity check does.

use std::fs::OpenOptions;
use std::io::Write;
use std::path::Path;

use crate::error::{IoContext, Result};

/// The file suffix of a segment's transaction index.
pub const TXN_INDEX_SUFFIX: &str = ".txnindex";

/// Bytes per entry.
const ENTRY_SIZE: usize = 34;

/// One aborted transaction: the producer, its first offset in the partition, the offset of
/// its ABORT marker, and the last stable offset once the marker was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AbortedTxnEntry {
    /// The producer whose transaction was aborted.
    pub producer_id: i64,
    /// The first offset the producer wrote in the transaction.
    pub first_offset: i64,
    /// The offset of the ABORT marker.
    pub last_offset: i64,
    /// The partition's last stable offset after the marker.
    pub last_stable_offset: i64,
}

impl AbortedTxnEntry {
    fn encode(&self) -> [u8; ENTRY_SIZE] {
        let mut buf = [0u8; ENTRY_SIZE];
        buf[2..10].copy_from_slice(&self.producer_id.to_be_bytes());
        buf[10..18].copy_from_slice(&self.first_offset.to_be_bytes());
        buf[18..26].copy_from_slice(&self.last_offset.to_be_bytes());
        buf[26..34].copy_from_slice(&self.last_stable_offset.to_be_bytes());
        buf
    }

    fn decode(buf: &[u8]) -> Option<AbortedTxnEntry> {
        let i64_at = |at: usize| i64::from_be_bytes(buf[at..at + 8].try_into().expect("8 bytes"));
        if buf.len() < ENTRY_SIZE || buf[0..2] != [0, 0] {
            return None;
        }
        Some(AbortedTxnEntry {
            producer_id: i64_at(2),
            first_offset: i64_at(10),
            last_offset: i64_at(18),
            last_stable_offset: i64_at(26),
        })
    }
}

/// Every whole entry of a `.txnindex` file (none when it does not exist).
pub fn read_txn_index(path: &Path) -> Result<Vec<AbortedTxnEntry>> {
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(e).at(path),
    };
    Ok(bytes
        .chunks_exact(ENTRY_SIZE)
        .map_while(AbortedTxnEntry::decode)
        .collect())
}

/// Appends one entry, first cutting a torn tail so entries stay aligned.
pub fn append_txn_index(path: &Path, entry: &AbortedTxnEntry) -> Result<()> {
    let mut file = OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
        .at(path)?;
    let len = file.metadata().at(path)?.len();
    let whole = len - len % ENTRY_SIZE as u64;
    if whole != len {
        file.set_len(whole).at(path)?;
    }
    file.write_all(&entry.encode()).at(path)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(pid: i64, first: i64, last: i64) -> AbortedTxnEntry {
        AbortedTxnEntry {
            producer_id: pid,
            first_offset: first,
            last_offset: last,
            last_stable_offset: last + 1,
        }
    }

    #[test]
    fn entries_round_trip_in_kafkas_layout() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("00000000000000000000.txnindex");
        assert!(read_txn_index(&path).unwrap().is_empty());
        append_txn_index(&path, &entry(7, 0, 4)).unwrap();
        append_txn_index(&path, &entry(8, 2, 9)).unwrap();
        assert_eq!(
            read_txn_index(&path).unwrap(),
            vec![entry(7, 0, 4), entry(8, 2, 9)]
        );
        let bytes = std::fs::read(&path).unwrap();
        assert_eq!(bytes.len(), 68);
        // version 0, then producerId 7, firstOffset 0, lastOffset 4, lastStableOffset 5.
        assert_eq!(&bytes[0..2], &[0, 0]);
        assert_eq!(&bytes[2..10], &7i64.to_be_bytes());
        assert_eq!(&bytes[18..26], &4i64.to_be_bytes());
        assert_eq!(&bytes[26..34], &5i64.to_be_bytes());
    }

    #[test]
    fn a_torn_tail_is_ignored_and_cut_before_the_next_append() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("00000000000000000000.txnindex");
        append_txn_index(&path, &entry(7, 0, 4)).unwrap();
        let mut torn = std::fs::read(&path).unwrap();
        torn.extend_from_slice(&entry(8, 5, 6).encode()[..20]);
        std::fs::write(&path, &torn).unwrap();
        assert_eq!(read_txn_index(&path).unwrap(), vec![entry(7, 0, 4)]);
        append_txn_index(&path, &entry(9, 7, 8)).unwrap();
        assert_eq!(
            read_txn_index(&path).unwrap(),
            vec![entry(7, 0, 4), entry(9, 7, 8)]
        );
    }
}
