//! Sparse offset and time indexes of a segment, in Kafka's file format.
//!
//! - `.index`: 8-byte entries `relativeOffset u32 BE, position u32 BE`.
//! - `.timeindex`: 12-byte entries `timestamp i64 BE, relativeOffset u32 BE`.
//!
//! Both are one generic [`Index`] over their entry type ([`OffsetEntry`],
//! [`TimeEntry`]), kept in memory (a `Vec`) and mirrored to their file with one
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

use std::fs::File;
use std::os::unix::fs::FileExt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::error::{IoContext, Result};
use super::open_files::{Creation, LazyFile, OpenFiles};

fn read_all(file: &File, path: &Path) -> Result<Vec<u8>> {
    let len = file.metadata().at(path)?.len() as usize;
    let mut buf = vec![0u8; len];
    file.read_exact_at(&mut buf, 0).at(path)?;
    Ok(buf)
}

/// What differs between the two index files: the width and byte layout of one entry, and the
/// order consecutive entries must keep. Everything else (memory mirror, writes, rebuilds) is
/// [`Index`]'s.
pub(crate) trait IndexEntry: Copy + std::fmt::Debug {
    /// Bytes per entry in the file.
    const SIZE: usize;

    /// Decodes one entry from exactly [`Self::SIZE`] bytes.
    fn decode(raw: &[u8]) -> Self;

    /// Appends the entry's [`Self::SIZE`] bytes to `out`.
    fn encode(&self, out: &mut Vec<u8>);

    /// True when `self` may follow `previous` in a sane file.
    fn may_follow(&self, previous: &Self) -> bool;
}

/// An `.index` entry: the batch at file `position` ends at `base offset + relative_offset`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct OffsetEntry {
    relative_offset: u32,
    position: u32,
}

impl IndexEntry for OffsetEntry {
    const SIZE: usize = 8;

    fn decode(raw: &[u8]) -> Self {
        OffsetEntry {
            relative_offset: u32::from_be_bytes([raw[0], raw[1], raw[2], raw[3]]),
            position: u32::from_be_bytes([raw[4], raw[5], raw[6], raw[7]]),
        }
    }

    fn encode(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.relative_offset.to_be_bytes());
        out.extend_from_slice(&self.position.to_be_bytes());
    }

    fn may_follow(&self, previous: &Self) -> bool {
        self.relative_offset > previous.relative_offset && self.position >= previous.position
    }
}

/// A `.timeindex` entry: batches up to the one ending at `base offset + relative_offset` have
/// `timestamp` as their largest timestamp.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct TimeEntry {
    timestamp: i64,
    relative_offset: u32,
}

impl IndexEntry for TimeEntry {
    const SIZE: usize = 12;

    fn decode(raw: &[u8]) -> Self {
        let mut timestamp = [0u8; 8];
        timestamp.copy_from_slice(&raw[..8]);
        TimeEntry {
            timestamp: i64::from_be_bytes(timestamp),
            relative_offset: u32::from_be_bytes([raw[8], raw[9], raw[10], raw[11]]),
        }
    }

    fn encode(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.timestamp.to_be_bytes());
        out.extend_from_slice(&self.relative_offset.to_be_bytes());
    }

    fn may_follow(&self, previous: &Self) -> bool {
        self.timestamp > previous.timestamp && self.relative_offset >= previous.relative_offset
    }
}

/// One index file of a segment, mirrored in memory: entries of kind `E` in file order.
#[derive(Debug)]
pub(crate) struct Index<E> {
    /// Open only while the descriptor cache keeps it (see `open_files`).
    file: LazyFile,
    base_offset: i64,
    entries: Vec<E>,
    max_entries: usize,
    /// While set (index rebuilds), appends stay in memory until `persist_all`.
    deferred: bool,
}

/// The `.index` file of a segment: maps offsets to file positions.
pub(crate) type OffsetIndex = Index<OffsetEntry>;

/// The `.timeindex` file of a segment: maps timestamps to offsets.
pub(crate) type TimeIndex = Index<TimeEntry>;

impl<E: IndexEntry> Index<E> {
    /// Creates an empty index, truncating any stale file at `path`.
    pub fn create(
        files: &Arc<OpenFiles>,
        path: PathBuf,
        base_offset: i64,
        max_entries: usize,
    ) -> Result<Self> {
        let file = LazyFile::open(files, path, Creation::Truncate)?;
        Ok(Index {
            file,
            base_offset,
            entries: Vec::new(),
            max_entries,
            deferred: false,
        })
    }

    /// The index of a segment loaded lazily: empty and unopened until the segment is loaded
    /// ([`Segment::load`](super::segment::Segment::load) replaces it with the file's content).
    pub fn unopened(
        files: &Arc<OpenFiles>,
        path: PathBuf,
        base_offset: i64,
        max_entries: usize,
    ) -> Self {
        Index {
            file: LazyFile::closed(files, path),
            base_offset,
            entries: Vec::new(),
            max_entries,
            deferred: false,
        }
    }

    /// Loads an existing index. The bool is false when the file breaks the entry order, has a
    /// partial entry, or holds an entry `fits` refuses: the index must then be rebuilt (it is
    /// returned empty).
    fn load_checked(
        files: &Arc<OpenFiles>,
        path: PathBuf,
        base_offset: i64,
        max_entries: usize,
        fits: impl Fn(&E) -> bool,
    ) -> Result<(Self, bool)> {
        let file = LazyFile::open(files, path, Creation::Keep)?;
        let raw = read_all(&*file.get()?, file.path())?;
        let mut sane = raw.len() % E::SIZE == 0;
        let mut entries: Vec<E> = Vec::with_capacity(raw.len() / E::SIZE);
        for chunk in raw.chunks_exact(E::SIZE) {
            let entry = E::decode(chunk);
            if let Some(previous) = entries.last() {
                if !entry.may_follow(previous) {
                    sane = false;
                }
            }
            if !fits(&entry) {
                sane = false;
            }
            entries.push(entry);
        }
        if !sane {
            entries.clear();
        }
        Ok((
            Index {
                file,
                base_offset,
                entries,
                max_entries,
                deferred: false,
            },
            sane,
        ))
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

    /// Adds `entry` after the last one: in memory only while deferred, else also written at
    /// its place in the file (one positional write).
    fn push(&mut self, entry: E) -> Result<()> {
        if !self.deferred {
            let mut raw = Vec::with_capacity(E::SIZE);
            entry.encode(&mut raw);
            self.file
                .get()?
                .write_all_at(&raw, (self.entries.len() * E::SIZE) as u64)
                .at(self.file.path())?;
        }
        self.entries.push(entry);
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
        let mut raw = Vec::with_capacity(self.entries.len() * E::SIZE);
        for entry in &self.entries {
            entry.encode(&mut raw);
        }
        let file = self.file.get()?;
        file.set_len(0).at(self.file.path())?;
        file.write_all_at(&raw, 0).at(self.file.path())?;
        self.deferred = false;
        Ok(())
    }

    /// Drops every entry from the first one `keep` refuses on (a log truncated below it),
    /// cutting the file to match unless the index lives in memory only.
    pub fn truncate_where(&mut self, keep: impl Fn(&E) -> bool) -> Result<()> {
        let n = self.entries.iter().take_while(|e| keep(e)).count();
        if n == self.entries.len() {
            return Ok(());
        }
        self.entries.truncate(n);
        if !self.deferred {
            self.file
                .get()?
                .set_len((n * E::SIZE) as u64)
                .at(self.file.path())?;
        }
        Ok(())
    }

    /// Gives up on the file after a failed write (a full disk): the index is kept in memory
    /// only, where it stays complete and serves lookups, and the file is cut to nothing, which
    /// the next start recognises as an index to rebuild from the log. A cut needs no space.
    /// [`Self::persist_all`] writes the file again once there is room.
    pub fn keep_in_memory(&mut self) {
        self.deferred = true;
        if let Ok(file) = self.file.get() {
            let _ = file.set_len(0);
        }
    }

    /// True while the index lives in memory only (a rebuild, or a file write that failed).
    pub fn in_memory_only(&self) -> bool {
        self.deferred
    }

    /// The file handle, for an fsync outside the partition lock (opened again if the
    /// descriptor cache had closed it).
    pub fn file(&self) -> Result<Arc<File>> {
        self.file.get()
    }

    /// Path of the index file.
    pub fn path(&self) -> &Path {
        self.file.path()
    }

    /// Records the file's new name after a rename.
    pub fn set_path(&mut self, path: PathBuf) {
        self.file.set_path(path);
    }
}

impl Index<OffsetEntry> {
    /// Loads an existing `.index`. Returns the index and whether its content is
    /// sane for a log of `log_size` bytes (false means: rebuild it).
    pub fn load(
        files: &Arc<OpenFiles>,
        path: PathBuf,
        base_offset: i64,
        max_entries: usize,
        log_size: u64,
    ) -> Result<(Self, bool)> {
        Self::load_checked(files, path, base_offset, max_entries, |e| {
            u64::from(e.position) < log_size.max(1)
        })
    }

    /// Position to start scanning from to find `offset`: the position of the
    /// entry with the largest offset <= `offset`, or 0.
    pub fn lookup(&self, offset: i64) -> u64 {
        let rel = offset - self.base_offset;
        if rel < 0 {
            return 0;
        }
        let n = self
            .entries
            .partition_point(|e| i64::from(e.relative_offset) <= rel);
        if n == 0 {
            0
        } else {
            u64::from(self.entries[n - 1].position)
        }
    }

    /// Drops the entries of batches at or after file `position` (a truncated segment).
    pub fn truncate_to_position(&mut self, position: u64) -> Result<()> {
        self.truncate_where(|e| u64::from(e.position) < position)
    }

    /// Position of the last entry (0 if none): where a tail scan may start.
    pub fn last_position(&self) -> u64 {
        self.entries.last().map_or(0, |e| u64::from(e.position))
    }

    /// Appends `(offset, position)`; `offset` must exceed the last entry's.
    pub fn append(&mut self, offset: i64, position: u64) -> Result<()> {
        let relative_offset = (offset - self.base_offset) as u32;
        if let Some(last) = self.entries.last() {
            if relative_offset <= last.relative_offset {
                return Ok(());
            }
        }
        self.push(OffsetEntry {
            relative_offset,
            position: position as u32,
        })
    }
}

impl Index<TimeEntry> {
    /// Loads an existing `.timeindex`; the bool is false when it must be rebuilt.
    pub fn load(
        files: &Arc<OpenFiles>,
        path: PathBuf,
        base_offset: i64,
        max_entries: usize,
    ) -> Result<(Self, bool)> {
        Self::load_checked(files, path, base_offset, max_entries, |_| true)
    }

    /// Offset to start searching for `timestamp` from: the offset of the entry
    /// with the largest timestamp <= `timestamp`, or the segment base offset.
    pub fn lookup(&self, timestamp: i64) -> i64 {
        let n = self.entries.partition_point(|e| e.timestamp <= timestamp);
        if n == 0 {
            self.base_offset
        } else {
            self.base_offset + i64::from(self.entries[n - 1].relative_offset)
        }
    }

    /// Drops the entries naming offsets at or after `offset` (a truncated segment).
    pub fn truncate_to_offset(&mut self, offset: i64) -> Result<()> {
        let base = self.base_offset;
        self.truncate_where(|e| base + i64::from(e.relative_offset) < offset)
    }

    /// The last entry as `(timestamp, absolute offset)`.
    pub fn last_entry(&self) -> Option<(i64, i64)> {
        self.entries
            .last()
            .map(|e| (e.timestamp, self.base_offset + i64::from(e.relative_offset)))
    }

    /// Appends `(timestamp, offset)` if `timestamp` is larger than the last
    /// entry's (Kafka's rule, keeping the index monotonic).
    pub fn maybe_append(&mut self, timestamp: i64, offset: i64) -> Result<()> {
        // An empty index behaves as if its last entry were (-1, base offset),
        // so batches without timestamps never create entries (as in Kafka).
        let (last_ts, last_rel) = self
            .entries
            .last()
            .map_or((-1, 0), |e| (e.timestamp, e.relative_offset));
        if timestamp <= last_ts || offset - self.base_offset < i64::from(last_rel) {
            return Ok(());
        }
        self.push(TimeEntry {
            timestamp,
            relative_offset: (offset - self.base_offset) as u32,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files() -> Arc<OpenFiles> {
        Arc::clone(OpenFiles::shared())
    }

    #[test]
    fn offset_index_lookup_and_reload() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("00000000000000000100.index");
        let mut idx = OffsetIndex::create(&files(), p.clone(), 100, 10).unwrap();
        assert_eq!(idx.lookup(150), 0);
        idx.append(109, 4000).unwrap();
        idx.append(119, 8200).unwrap();
        assert_eq!(idx.lookup(99), 0);
        assert_eq!(idx.lookup(108), 0);
        assert_eq!(idx.lookup(109), 4000);
        assert_eq!(idx.lookup(118), 4000);
        assert_eq!(idx.lookup(500), 8200);
        assert_eq!(std::fs::metadata(&p).unwrap().len(), 16);
        let (again, sane) = OffsetIndex::load(&files(), p.clone(), 100, 10, 9000).unwrap();
        assert!(sane);
        assert_eq!(again.lookup(119), 8200);
        // positions beyond the log mean the index is stale
        let (_, sane) = OffsetIndex::load(&files(), p, 100, 10, 5000).unwrap();
        assert!(!sane);
    }

    #[test]
    fn time_index_lookup_and_reload() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("00000000000000000000.timeindex");
        let mut idx = TimeIndex::create(&files(), p.clone(), 0, 10).unwrap();
        idx.maybe_append(1000, 9).unwrap();
        idx.maybe_append(1000, 19).unwrap(); // not larger: skipped
        idx.maybe_append(2000, 29).unwrap();
        assert_eq!(idx.lookup(500), 0);
        assert_eq!(idx.lookup(1500), 9);
        assert_eq!(idx.lookup(2000), 29);
        assert_eq!(idx.last_entry(), Some((2000, 29)));
        let (again, sane) = TimeIndex::load(&files(), p.clone(), 0, 10).unwrap();
        assert!(sane);
        assert_eq!(again.last_entry(), Some((2000, 29)));
        std::fs::write(&p, [0u8; 13]).unwrap();
        let (_, sane) = TimeIndex::load(&files(), p, 0, 10).unwrap();
        assert!(!sane);
    }

    /// An index whose file cannot be written keeps serving from memory with its file cut to
    /// nothing (what a start rebuilds), and is written whole again once there is room.
    #[test]
    fn an_index_kept_in_memory_serves_and_is_written_again() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("00000000000000000100.index");
        let mut idx = OffsetIndex::create(&files(), p.clone(), 100, 10).unwrap();
        idx.append(109, 4000).unwrap();
        idx.keep_in_memory();
        assert!(idx.in_memory_only());
        assert_eq!(std::fs::metadata(&p).unwrap().len(), 0);
        idx.append(119, 8200).unwrap();
        assert_eq!(std::fs::metadata(&p).unwrap().len(), 0);
        assert_eq!(idx.lookup(119), 8200);
        assert_eq!(idx.lookup(110), 4000);
        idx.persist_all().unwrap();
        assert!(!idx.in_memory_only());
        assert_eq!(std::fs::metadata(&p).unwrap().len(), 16);
        let (again, sane) = OffsetIndex::load(&files(), p, 100, 10, 9000).unwrap();
        assert!(sane);
        assert_eq!(again.lookup(119), 8200);
    }

    /// Entries appended one by one and the same entries written by a rebuild give the same
    /// bytes, in Kafka's layout.
    #[test]
    fn appends_and_rebuilds_write_kafkas_bytes() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("00000000000000000100.index");
        let mut idx = OffsetIndex::create(&files(), p.clone(), 100, 10).unwrap();
        idx.append(109, 4000).unwrap();
        idx.append(119, 8200).unwrap();
        let appended = std::fs::read(&p).unwrap();
        assert_eq!(
            appended,
            [0, 0, 0, 9, 0, 0, 15, 160, 0, 0, 0, 19, 0, 0, 32, 8]
        );
        idx.start_rebuild();
        idx.append(109, 4000).unwrap();
        idx.append(119, 8200).unwrap();
        assert_eq!(
            std::fs::read(&p).unwrap(),
            appended,
            "deferred until persisted"
        );
        idx.persist_all().unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), appended);

        let p = dir.path().join("00000000000000000100.timeindex");
        let mut idx = TimeIndex::create(&files(), p.clone(), 100, 10).unwrap();
        idx.maybe_append(258, 109).unwrap();
        let appended = std::fs::read(&p).unwrap();
        assert_eq!(appended, [0, 0, 0, 0, 0, 0, 1, 2, 0, 0, 0, 9]);
        idx.start_rebuild();
        idx.maybe_append(258, 109).unwrap();
        idx.persist_all().unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), appended);
        let (again, sane) = TimeIndex::load(&files(), p, 100, 10).unwrap();
        assert!(sane);
        assert_eq!(again.last_entry(), Some((258, 109)));
    }
}
