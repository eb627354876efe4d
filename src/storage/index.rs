//! Sparse offset and time indexes of a segment, in Kafka's file format.
//!
//! - `.index`: 8-byte entries `relativeOffset u32 BE, position u32 BE`.
//! - `.timeindex`: 12-byte entries `timestamp i64 BE, relativeOffset u32 BE`.
//!
//! Both are kept in memory (a `Vec`) and mirrored to their file with one
//! positional write per entry (an entry per `index.interval.bytes` of log, so
//! this is rare). Files are never pre-allocated, so nothing needs trimming.
//!
//! Invariants (checked on load; a file that breaks them is rebuilt):
//! - offset index: relative offsets strictly increase, positions never decrease;
//!   each entry's offset is the *last* offset of the batch starting at the
//!   position (as Kafka writes it, and as kafka-dump-log verifies).
//! - time index: timestamps and offsets strictly increase; an entry
//!   `(ts, off)` means "the largest timestamp among batches up to and including
//!   the batch holding `off` is `ts`", `off` being that batch's last offset.

use std::fs::{File, OpenOptions};
use std::os::unix::fs::FileExt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::error::{IoContext, Result};

const OFFSET_ENTRY: usize = 8;
const TIME_ENTRY: usize = 12;

fn open_rw(path: &Path, truncate: bool) -> Result<File> {
    OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(truncate)
        .open(path)
        .at(path)
}

fn read_all(file: &File, path: &Path) -> Result<Vec<u8>> {
    let len = file.metadata().at(path)?.len() as usize;
    let mut buf = vec![0u8; len];
    file.read_exact_at(&mut buf, 0).at(path)?;
    Ok(buf)
}

/// The `.index` file of a segment: maps offsets to file positions.
#[derive(Debug)]
pub(crate) struct OffsetIndex {
    path: PathBuf,
    file: Arc<File>,
    base_offset: i64,
    entries: Vec<(u32, u32)>,
    max_entries: usize,
    /// While set (index rebuilds), appends stay in memory until `persist_all`.
    deferred: bool,
}

impl OffsetIndex {
    /// Creates an empty index, truncating any stale file at `path`.
    pub fn create(path: PathBuf, base_offset: i64, max_entries: usize) -> Result<Self> {
        let file = Arc::new(open_rw(&path, true)?);
        Ok(OffsetIndex {
            path,
            file,
            base_offset,
            entries: Vec::new(),
            max_entries,
            deferred: false,
        })
    }

    /// Loads an existing index. Returns the index and whether its content is
    /// sane for a log of `log_size` bytes (false means: rebuild it).
    pub fn load(
        path: PathBuf,
        base_offset: i64,
        max_entries: usize,
        log_size: u64,
    ) -> Result<(Self, bool)> {
        let file = Arc::new(open_rw(&path, false)?);
        let raw = read_all(&file, &path)?;
        let mut sane = raw.len() % OFFSET_ENTRY == 0;
        let mut entries = Vec::with_capacity(raw.len() / OFFSET_ENTRY);
        for e in raw.chunks_exact(OFFSET_ENTRY) {
            let rel = u32::from_be_bytes([e[0], e[1], e[2], e[3]]);
            let pos = u32::from_be_bytes([e[4], e[5], e[6], e[7]]);
            if let Some(&(prev_rel, prev_pos)) = entries.last() {
                if rel <= prev_rel || pos < prev_pos {
                    sane = false;
                }
            }
            if u64::from(pos) >= log_size.max(1) {
                sane = false;
            }
            entries.push((rel, pos));
        }
        if !sane {
            entries.clear();
        }
        Ok((
            OffsetIndex {
                path,
                file,
                base_offset,
                entries,
                max_entries,
                deferred: false,
            },
            sane,
        ))
    }

    /// Position to start scanning from to find `offset`: the position of the
    /// entry with the largest offset <= `offset`, or 0.
    pub fn lookup(&self, offset: i64) -> u64 {
        let rel = offset - self.base_offset;
        if rel < 0 {
            return 0;
        }
        let n = self.entries.partition_point(|&(r, _)| i64::from(r) <= rel);
        if n == 0 {
            0
        } else {
            u64::from(self.entries[n - 1].1)
        }
    }

    /// Position of the last entry (0 if none): where a tail scan may start.
    pub fn last_position(&self) -> u64 {
        self.entries.last().map_or(0, |e| u64::from(e.1))
    }

    /// True when no more entries fit in `segment.index.bytes`.
    pub fn is_full(&self) -> bool {
        self.entries.len() >= self.max_entries
    }

    /// Number of entries.
    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Appends `(offset, position)`; `offset` must exceed the last entry's.
    pub fn append(&mut self, offset: i64, position: u64) -> Result<()> {
        let rel = (offset - self.base_offset) as u32;
        if let Some(&(last, _)) = self.entries.last() {
            if rel <= last {
                return Ok(());
            }
        }
        if self.deferred {
            self.entries.push((rel, position as u32));
            return Ok(());
        }
        let mut e = [0u8; OFFSET_ENTRY];
        e[..4].copy_from_slice(&rel.to_be_bytes());
        e[4..].copy_from_slice(&(position as u32).to_be_bytes());
        self.file
            .write_all_at(&e, (self.entries.len() * OFFSET_ENTRY) as u64)
            .at(&self.path)?;
        self.entries.push((rel, position as u32));
        Ok(())
    }

    /// Empties the index and defers file writes until [`Self::persist_all`]
    /// (a rebuild adds many entries; one write at the end is cheaper).
    pub fn start_rebuild(&mut self) {
        self.entries.clear();
        self.deferred = true;
    }

    /// Writes the whole in-memory content to the file with one write and
    /// ends the deferred mode.
    pub fn persist_all(&mut self) -> Result<()> {
        let mut raw = Vec::with_capacity(self.entries.len() * OFFSET_ENTRY);
        for (rel, pos) in &self.entries {
            raw.extend_from_slice(&rel.to_be_bytes());
            raw.extend_from_slice(&pos.to_be_bytes());
        }
        self.file.set_len(0).at(&self.path)?;
        self.file.write_all_at(&raw, 0).at(&self.path)?;
        self.deferred = false;
        Ok(())
    }

    /// The file handle, for an fsync outside the partition lock.
    pub fn file(&self) -> Arc<File> {
        Arc::clone(&self.file)
    }

    /// Path of the `.index` file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Records the file's new name after a rename.
    pub fn set_path(&mut self, path: PathBuf) {
        self.path = path;
    }
}

/// The `.timeindex` file of a segment: maps timestamps to offsets.
#[derive(Debug)]
pub(crate) struct TimeIndex {
    path: PathBuf,
    file: Arc<File>,
    base_offset: i64,
    entries: Vec<(i64, u32)>,
    max_entries: usize,
    /// While set (index rebuilds), appends stay in memory until `persist_all`.
    deferred: bool,
}

impl TimeIndex {
    /// Creates an empty index, truncating any stale file at `path`.
    pub fn create(path: PathBuf, base_offset: i64, max_entries: usize) -> Result<Self> {
        let file = Arc::new(open_rw(&path, true)?);
        Ok(TimeIndex {
            path,
            file,
            base_offset,
            entries: Vec::new(),
            max_entries,
            deferred: false,
        })
    }

    /// Loads an existing index; the bool is false when it must be rebuilt.
    pub fn load(path: PathBuf, base_offset: i64, max_entries: usize) -> Result<(Self, bool)> {
        let file = Arc::new(open_rw(&path, false)?);
        let raw = read_all(&file, &path)?;
        let mut sane = raw.len() % TIME_ENTRY == 0;
        let mut entries = Vec::with_capacity(raw.len() / TIME_ENTRY);
        for e in raw.chunks_exact(TIME_ENTRY) {
            let mut ts = [0u8; 8];
            ts.copy_from_slice(&e[..8]);
            let ts = i64::from_be_bytes(ts);
            let rel = u32::from_be_bytes([e[8], e[9], e[10], e[11]]);
            if let Some(&(pts, prel)) = entries.last() {
                if ts <= pts || rel < prel {
                    sane = false;
                }
            }
            entries.push((ts, rel));
        }
        if !sane {
            entries.clear();
        }
        Ok((
            TimeIndex {
                path,
                file,
                base_offset,
                entries,
                max_entries,
                deferred: false,
            },
            sane,
        ))
    }

    /// Offset to start searching for `timestamp` from: the offset of the entry
    /// with the largest timestamp <= `timestamp`, or the segment base offset.
    pub fn lookup(&self, timestamp: i64) -> i64 {
        let n = self.entries.partition_point(|&(ts, _)| ts <= timestamp);
        if n == 0 {
            self.base_offset
        } else {
            self.base_offset + i64::from(self.entries[n - 1].1)
        }
    }

    /// The last entry as `(timestamp, absolute offset)`.
    pub fn last_entry(&self) -> Option<(i64, i64)> {
        self.entries
            .last()
            .map(|&(ts, rel)| (ts, self.base_offset + i64::from(rel)))
    }

    /// True when no more entries fit in `segment.index.bytes`.
    pub fn is_full(&self) -> bool {
        self.entries.len() >= self.max_entries
    }

    /// Appends `(timestamp, offset)` if `timestamp` is larger than the last
    /// entry's (Kafka's rule, keeping the index monotonic).
    pub fn maybe_append(&mut self, timestamp: i64, offset: i64) -> Result<()> {
        // An empty index behaves as if its last entry were (-1, base offset),
        // so batches without timestamps never create entries (as in Kafka).
        let (last_ts, last_rel) = self.entries.last().copied().unwrap_or((-1, 0));
        if timestamp <= last_ts || offset - self.base_offset < i64::from(last_rel) {
            return Ok(());
        }
        let rel = (offset - self.base_offset) as u32;
        if self.deferred {
            self.entries.push((timestamp, rel));
            return Ok(());
        }
        let mut e = [0u8; TIME_ENTRY];
        e[..8].copy_from_slice(&timestamp.to_be_bytes());
        e[8..].copy_from_slice(&rel.to_be_bytes());
        self.file
            .write_all_at(&e, (self.entries.len() * TIME_ENTRY) as u64)
            .at(&self.path)?;
        self.entries.push((timestamp, rel));
        Ok(())
    }

    /// Empties the index and defers file writes until [`Self::persist_all`].
    pub fn start_rebuild(&mut self) {
        self.entries.clear();
        self.deferred = true;
    }

    /// Writes the whole in-memory content with one write; ends deferred mode.
    pub fn persist_all(&mut self) -> Result<()> {
        let mut raw = Vec::with_capacity(self.entries.len() * TIME_ENTRY);
        for (ts, rel) in &self.entries {
            raw.extend_from_slice(&ts.to_be_bytes());
            raw.extend_from_slice(&rel.to_be_bytes());
        }
        self.file.set_len(0).at(&self.path)?;
        self.file.write_all_at(&raw, 0).at(&self.path)?;
        self.deferred = false;
        Ok(())
    }

    /// The file handle, for an fsync outside the partition lock.
    pub fn file(&self) -> Arc<File> {
        Arc::clone(&self.file)
    }

    /// Path of the `.timeindex` file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Records the file's new name after a rename.
    pub fn set_path(&mut self, path: PathBuf) {
        self.path = path;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offset_index_lookup_and_reload() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("00000000000000000100.index");
        let mut idx = OffsetIndex::create(p.clone(), 100, 10).unwrap();
        assert_eq!(idx.lookup(150), 0);
        idx.append(109, 4000).unwrap();
        idx.append(119, 8200).unwrap();
        assert_eq!(idx.lookup(99), 0);
        assert_eq!(idx.lookup(108), 0);
        assert_eq!(idx.lookup(109), 4000);
        assert_eq!(idx.lookup(118), 4000);
        assert_eq!(idx.lookup(500), 8200);
        assert_eq!(std::fs::metadata(&p).unwrap().len(), 16);
        let (again, sane) = OffsetIndex::load(p.clone(), 100, 10, 9000).unwrap();
        assert!(sane);
        assert_eq!(again.lookup(119), 8200);
        // positions beyond the log mean the index is stale
        let (_, sane) = OffsetIndex::load(p, 100, 10, 5000).unwrap();
        assert!(!sane);
    }

    #[test]
    fn time_index_lookup_and_reload() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("00000000000000000000.timeindex");
        let mut idx = TimeIndex::create(p.clone(), 0, 10).unwrap();
        idx.maybe_append(1000, 9).unwrap();
        idx.maybe_append(1000, 19).unwrap(); // not larger: skipped
        idx.maybe_append(2000, 29).unwrap();
        assert_eq!(idx.lookup(500), 0);
        assert_eq!(idx.lookup(1500), 9);
        assert_eq!(idx.lookup(2000), 29);
        assert_eq!(idx.last_entry(), Some((2000, 29)));
        let (again, sane) = TimeIndex::load(p.clone(), 0, 10).unwrap();
        assert!(sane);
        assert_eq!(again.last_entry(), Some((2000, 29)));
        std::fs::write(&p, [0u8; 13]).unwrap();
        let (_, sane) = TimeIndex::load(p, 0, 10).unwrap();
        assert!(!sane);
    }
}
