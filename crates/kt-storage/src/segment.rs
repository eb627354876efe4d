//! One segment of a partition log: a `.log` file of whole batches plus its
//! `.index` and `.timeindex`.
//!
//! Invariant: bytes `[0, size)` of the log file are whole, validated batches
//! with increasing offsets in `[base_offset, next_offset)`. `size` is only
//! advanced after the bytes are written, so readers that snapshot `size`
//! never see a partial batch. Bytes past `size` (a failed write) are
//! overwritten by the next append or cut by recovery.

use std::fs::{self, File};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::batch::BatchHeader;
use super::config::LogConfig;
use super::error::{IoContext, Result, StorageError};
use super::index::{OffsetIndex, TimeIndex};
use super::open_files::{Creation, LazyFile, OpenFiles};
use super::scan::{FileScanner, FULL_SCAN_CHUNK, HEADER_SCAN_CHUNK};
use super::verify::CorruptBatch;
use kt_base::rate_limited_log::RateLimitedLog;

/// Index files that cannot be written (a full disk) are reported at most once a minute.
static INDEX_WRITE_FAILED: RateLimitedLog = RateLimitedLog::per_interval_of_secs(60);

/// Suffix of segment data files.
pub(crate) const LOG_SUFFIX: &str = ".log";
/// Suffix of offset index files.
pub(crate) const INDEX_SUFFIX: &str = ".index";
/// Suffix of time index files.
pub(crate) const TIME_INDEX_SUFFIX: &str = ".timeindex";

/// `<dir>/<20-digit base offset><suffix>`, Kafka's file naming.
pub(crate) fn segment_file(dir: &Path, base_offset: i64, suffix: &str) -> PathBuf {
    dir.join(format!("{base_offset:020}{suffix}"))
}

/// Parses `NNNNNNNNNNNNNNNNNNNN.log` into its base offset.
pub(crate) fn parse_log_file_name(name: &str) -> Option<i64> {
    let digits = name.strip_suffix(LOG_SUFFIX)?;
    if digits.len() != 20 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok().filter(|&o: &i64| o >= 0)
}

/// What recovery cut from a segment, and why.
#[derive(Debug)]
pub(crate) struct Truncation {
    /// File position where the first invalid batch started.
    pub position: u64,
    /// Bytes removed.
    pub bytes: u64,
    /// The first invalid batch: its offset (the first offset lost) and what was wrong.
    pub cause: CorruptBatch,
}

/// A segment and its in-memory state. Owned by `PartitionLog`'s locked state.
#[derive(Debug)]
pub(crate) struct Segment {
    /// Offset of the first batch (the file name); index offsets are relative to it.
    pub base_offset: i64,
    /// Path of the `.log` file (shared with readers for error messages).
    pub log_path: Arc<Path>,
    /// The `.log` file, open while the descriptor cache keeps it ([`Segment::log_file`]);
    /// appends `pwrite` at `size`, readers `pread` below it.
    pub log: LazyFile,
    /// Published end of the valid data (see module invariant).
    pub size: u64,
    /// Sparse offset -> position index.
    pub offset_index: OffsetIndex,
    /// Sparse timestamp -> offset index.
    pub time_index: TimeIndex,
    /// Bytes appended since the last index entry (Kafka's index spacing rule).
    bytes_since_last_index: u64,
    /// Largest batch maxTimestamp in the segment, -1 if none.
    pub max_timestamp: i64,
    /// Last offset of the batch holding `max_timestamp`.
    pub offset_of_max_timestamp: i64,
    /// One past the last offset in the segment (`base_offset` when empty).
    pub next_offset: i64,
    /// Wall time the segment's age is measured from for `segment.ms`.
    pub rolling_base_ms: Option<i64>,
    /// Set while the segment is opened lazily and not loaded yet (see [`Segment::open_lazy`]):
    /// its indexes are empty placeholders and its largest timestamp is unknown until
    /// [`Segment::load`].
    unloaded: Option<Unloaded>,
}

/// What [`Segment::load`] needs to load a segment opened lazily.
#[derive(Debug, Clone, Copy)]
struct Unloaded {
    index_interval: u64,
    max_offset_entries: usize,
    max_time_entries: usize,
}

impl Segment {
    /// Creates a new empty segment, replacing stale files of the same name.
    pub fn create(
        files: &Arc<OpenFiles>,
        dir: &Path,
        base_offset: i64,
        config: &LogConfig,
    ) -> Result<Segment> {
        let log_path = segment_file(dir, base_offset, LOG_SUFFIX);
        let log = LazyFile::open(files, log_path.clone(), Creation::Truncate)?;
        let offset_index = OffsetIndex::create(
            files,
            segment_file(dir, base_offset, INDEX_SUFFIX),
            base_offset,
            config.max_offset_index_entries(),
        )?;
        let time_index = TimeIndex::create(
            files,
            segment_file(dir, base_offset, TIME_INDEX_SUFFIX),
            base_offset,
            config.max_time_index_entries(),
        )?;
        Ok(Segment {
            base_offset,
            log_path: Arc::from(log_path),
            log,
            size: 0,
            offset_index,
            time_index,
            bytes_since_last_index: 0,
            max_timestamp: -1,
            offset_of_max_timestamp: base_offset,
            next_offset: base_offset,
            rolling_base_ms: None,
            unloaded: None,
        })
    }

    /// Opens an existing segment. With `recover`, every batch is validated
    /// (CRC included), the file is cut at the first invalid one and the
    /// indexes are rebuilt. Without it the indexes are loaded (and rebuilt
    /// with a full recovery if they look wrong) and only the tail after the
    /// last index entry is scanned.
    pub fn open(
        files: &Arc<OpenFiles>,
        dir: &Path,
        base_offset: i64,
        config: &LogConfig,
        recover: bool,
        now_ms: i64,
    ) -> Result<(Segment, Option<Truncation>)> {
        let paths = [LOG_SUFFIX, INDEX_SUFFIX, TIME_INDEX_SUFFIX]
            .map(|sfx| segment_file(dir, base_offset, sfx));
        Self::open_files(files, paths, base_offset, config, recover, now_ms)
    }

    /// [`Segment::open`] on files with any names (`[log, index, timeindex]`): the cleaner
    /// builds a rewritten segment under temporary names before swapping it in.
    pub fn open_files(
        files: &Arc<OpenFiles>,
        paths: [PathBuf; 3],
        base_offset: i64,
        config: &LogConfig,
        recover: bool,
        now_ms: i64,
    ) -> Result<(Segment, Option<Truncation>)> {
        let [log_path, index_path, time_index_path] = paths;
        let log = LazyFile::open(files, log_path.clone(), Creation::Keep)?;
        let meta = log.get()?.metadata().at(&log_path)?;
        let size = meta.len();
        // A lost index file would load as a valid empty index: rebuild it.
        let index_missing = size > 0 && (!index_path.exists() || !time_index_path.exists());
        let (offset_index, index_ok) = OffsetIndex::load(
            files,
            index_path,
            base_offset,
            config.max_offset_index_entries(),
            size,
        )?;
        let (time_index, time_ok) = TimeIndex::load(
            files,
            time_index_path,
            base_offset,
            config.max_time_index_entries(),
        )?;
        let mut seg = Segment {
            base_offset,
            log_path: Arc::from(log_path),
            log,
            size,
            offset_index,
            time_index,
            bytes_since_last_index: 0,
            max_timestamp: -1,
            offset_of_max_timestamp: base_offset,
            next_offset: base_offset,
            rolling_base_ms: None,
            unloaded: None,
        };
        let truncation = if recover || !index_ok || !time_ok || index_missing {
            seg.recover(config)?
        } else {
            match seg.scan_tail(config.index_interval_bytes) {
                Ok(true) => None,
                Ok(false) => {
                    tracing::info!(
                        "rebuilding stale index of segment {}",
                        seg.log_path.display()
                    );
                    seg.recover(config)?
                }
                Err(e) if e.is_corruption() => seg.recover(config)?,
                Err(e) => return Err(e),
            }
        };
        if seg.size > 0 {
            seg.rolling_base_ms = Some(file_born_ms(&meta, now_ms));
        }
        Ok((seg, truncation))
    }

    /// Opens a trusted segment (wholly below the recovery point, or the active segment after
    /// a clean shutdown) without opening any of its files: the `.log` file's size and age come
    /// from one `stat`, and `next_offset` is given by the caller (the next segment's base
    /// offset, or the recovery point for the active segment, which a clean shutdown leaves at
    /// the log end). The indexes, the largest timestamp and the index spacing are read by
    /// [`Segment::load`] when the segment is first read or appended to, so a restart with
    /// many partitions opens no segment file at all (Kafka's lazy indexes, taken to the log
    /// file too).
    pub fn open_lazy(
        files: &Arc<OpenFiles>,
        dir: &Path,
        base_offset: i64,
        next_offset: i64,
        config: &LogConfig,
        now_ms: i64,
    ) -> Result<Segment> {
        let log_path = segment_file(dir, base_offset, LOG_SUFFIX);
        let meta = fs::metadata(&log_path).at(&log_path)?;
        if !meta.is_file() {
            // What opening it would have found at once (a directory in its place).
            let e = std::io::Error::other("not a regular file");
            return Err(StorageError::io(&log_path, e));
        }
        let size = meta.len();
        let rolling_base_ms = (size > 0).then(|| file_born_ms(&meta, now_ms));
        Ok(Segment {
            base_offset,
            log: LazyFile::closed(files, log_path.clone()),
            log_path: Arc::from(log_path),
            size,
            offset_index: OffsetIndex::unopened(
                files,
                segment_file(dir, base_offset, INDEX_SUFFIX),
                base_offset,
                config.max_offset_index_entries(),
            ),
            time_index: TimeIndex::unopened(
                files,
                segment_file(dir, base_offset, TIME_INDEX_SUFFIX),
                base_offset,
                config.max_time_index_entries(),
            ),
            bytes_since_last_index: 0,
            max_timestamp: -1,
            offset_of_max_timestamp: base_offset,
            next_offset,
            rolling_base_ms,
            unloaded: Some(Unloaded {
                index_interval: config.index_interval_bytes,
                max_offset_entries: config.max_offset_index_entries(),
                max_time_entries: config.max_time_index_entries(),
            }),
        })
    }

    /// True while the segment was opened lazily and nothing has loaded it yet.
    #[cfg(test)]
    pub fn is_unloaded(&self) -> bool {
        self.unloaded.is_some()
    }

    /// Loads a segment opened by [`Segment::open_lazy`] (a no-op for any other): reads both
    /// indexes and walks the batch headers after the last offset-index entry, as an eager open
    /// of a trusted segment does, rebuilding indexes that are missing or look wrong.
    ///
    /// Every caller that reads the indexes, the largest timestamp or the index spacing calls
    /// this first, under the partition lock. The segment was trusted at start-up (flushed, or
    /// cleanly shut down), so its bytes are not CRC-checked here; should a rebuild still find
    /// a damaged batch, the segment is cut there as recovery would cut it, and that is logged.
    pub fn load(&mut self) -> Result<()> {
        let Some(how) = self.unloaded else {
            return Ok(());
        };
        let files = Arc::clone(self.log.cache());
        let index_path = self.offset_index.path().to_path_buf();
        let time_index_path = self.time_index.path().to_path_buf();
        let index_missing = self.size > 0 && (!index_path.exists() || !time_index_path.exists());
        let (offset_index, index_ok) = OffsetIndex::load(
            &files,
            index_path,
            self.base_offset,
            how.max_offset_entries,
            self.size,
        )?;
        let (time_index, time_ok) = TimeIndex::load(
            &files,
            time_index_path,
            self.base_offset,
            how.max_time_entries,
        )?;
        self.offset_index = offset_index;
        self.time_index = time_index;
        self.unloaded = None;
        let expected_next = self.next_offset;
        let truncation = if !index_ok || !time_ok || index_missing {
            self.recover_with(how.index_interval)?
        } else {
            match self.scan_tail(how.index_interval) {
                Ok(true) => None,
                Ok(false) => {
                    tracing::info!(
                        "rebuilding stale index of segment {}",
                        self.log_path.display()
                    );
                    self.recover_with(how.index_interval)?
                }
                Err(e) if e.is_corruption() => self.recover_with(how.index_interval)?,
                Err(e) => return Err(e),
            }
        };
        if let Some(cut) = truncation {
            tracing::error!(
                "segment {} was trusted at start-up but holds a {}: {} bytes cut at position {}",
                self.log_path.display(),
                cut.cause,
                cut.bytes,
                cut.position
            );
        }
        if self.next_offset != expected_next {
            tracing::warn!(
                "segment {} ends at offset {} where start-up expected {expected_next}",
                self.log_path.display(),
                self.next_offset
            );
        }
        Ok(())
    }

    /// Scans the batches after the last offset-index entry (headers only) to
    /// learn the next offset and the max timestamp of a trusted segment.
    ///
    /// Returns false when the tail is inconsistent with the index: by the
    /// indexing rule no batch can start more than `interval` bytes after the
    /// last entry's position, so such a batch means the index is stale or
    /// was lost, and the caller rebuilds it.
    fn scan_tail(&mut self, interval: u64) -> Result<bool> {
        if let Some((ts, off)) = self.time_index.last_entry() {
            self.max_timestamp = ts;
            self.offset_of_max_timestamp = off;
        }
        let start = self.offset_index.last_position();
        let log = self.log.get()?;
        let mut scanner =
            FileScanner::new(&log, &self.log_path, start, self.size, HEADER_SCAN_CHUNK);
        let mut next = self.base_offset;
        while let Some((pos, h)) = scanner.next_header()? {
            if pos - start > interval {
                return Ok(false);
            }
            if h.max_timestamp > self.max_timestamp {
                self.max_timestamp = h.max_timestamp;
                self.offset_of_max_timestamp = h.last_offset();
            }
            next = h.next_offset();
        }
        self.next_offset = next;
        self.bytes_since_last_index = self.size - start;
        Ok(true)
    }

    /// Validates every batch ([`verify_batch`](super::verify::verify_batch): CRC, header,
    /// offsets that only grow), cuts the file at the first invalid one and rebuilds both
    /// indexes. Returns what was cut, if anything.
    ///
    /// What happens to a damaged batch here is what Kafka's `LogSegment.recover` does: the
    /// segment is truncated at it, so the batch and everything after it in this segment are
    /// dropped (the caller also drops the later segments and logs the cut with the offset).
    /// Only segments that may hold unflushed data are recovered, so what is cut is normally
    /// a write torn by a crash; a CRC mismatch in a complete batch is reported as such.
    pub fn recover(&mut self, config: &LogConfig) -> Result<Option<Truncation>> {
        self.recover_with(config.index_interval_bytes)
    }

    /// [`Segment::recover`] with index entries every `interval` bytes.
    fn recover_with(&mut self, interval: u64) -> Result<Option<Truncation>> {
        self.unloaded = None;
        self.offset_index.start_rebuild();
        self.time_index.start_rebuild();
        self.max_timestamp = -1;
        self.offset_of_max_timestamp = self.base_offset;
        self.bytes_since_last_index = 0;
        self.next_offset = self.base_offset;
        let log = self.log.get()?;
        let log_path = Arc::clone(&self.log_path);
        let file_len = self.size;
        let mut scanner = FileScanner::new(&log, &log_path, 0, file_len, FULL_SCAN_CHUNK);
        let cut = loop {
            match scanner.next_batch(self.next_offset) {
                Ok(Some((at, h, _))) => {
                    // Index entries hold offsets relative to the base in 32 bits.
                    if h.last_offset() - self.base_offset > i64::from(u32::MAX) {
                        break Some(CorruptBatch {
                            offset: h.base_offset,
                            position: at,
                            cause: StorageError::CorruptRecord(format!(
                                "last offset {} is too far from the segment's base offset {}",
                                h.last_offset(),
                                self.base_offset
                            )),
                        });
                    }
                    self.index_batch(at, &h, interval);
                    self.next_offset = h.next_offset();
                }
                Ok(None) => break None,
                Err(StorageError::CorruptSegment { batch, .. }) => break Some(*batch),
                Err(e) => return Err(e),
            }
        };
        self.persist_indexes();
        match cut {
            Some(cause) => {
                let valid_end = cause.position;
                log.set_len(valid_end).at(&self.log_path)?;
                self.size = valid_end;
                Ok(Some(Truncation {
                    position: valid_end,
                    bytes: file_len - valid_end,
                    cause,
                }))
            }
            None => Ok(None),
        }
    }

    /// Cuts the segment before the batch holding `offset` (Kafka's `LogSegment.truncateTo`):
    /// the batch and every later one go, the indexes lose their entries for them and the
    /// segment's next offset and largest timestamp are learnt again from the headers after the
    /// last index entry left. Returns the bytes cut (0 when nothing of the segment was at or
    /// after `offset`). Reads headers from the index entry before `offset` only, so the work is
    /// bounded by `index.interval.bytes` plus one batch, then the same again for the tail scan.
    pub fn truncate_to(&mut self, offset: i64, config: &LogConfig) -> Result<u64> {
        self.load()?;
        let start = self.offset_index.lookup(offset);
        let log = self.log.get()?;
        let mut scanner =
            FileScanner::new(&log, &self.log_path, start, self.size, HEADER_SCAN_CHUNK);
        let mut cut = None;
        while let Some((pos, h)) = scanner.next_header()? {
            if h.last_offset() >= offset {
                cut = Some((pos, h.base_offset));
                break;
            }
        }
        let Some((position, cut_base)) = cut else {
            return Ok(0);
        };
        let bytes = self.size - position;
        log.set_len(position).at(&self.log_path)?;
        self.size = position;
        let written = self
            .offset_index
            .truncate_to_position(position)
            .and_then(|()| self.time_index.truncate_to_offset(cut_base));
        if let Err(e) = written {
            self.keep_indexes_in_memory(&e);
        }
        self.max_timestamp = -1;
        self.offset_of_max_timestamp = self.base_offset;
        if !self.scan_tail(config.index_interval_bytes)? {
            self.recover(config)?;
        }
        if self.size == 0 {
            self.rolling_base_ms = None;
        }
        Ok(bytes)
    }

    /// Kafka's indexing rule for one appended batch at `position`: an entry
    /// (batch last offset -> batch position) once more than
    /// `index.interval.bytes` were appended since the previous entry; the
    /// time index gets the max timestamp so far at the same points.
    ///
    /// Never fails: an index is a cache of the log, so an index file that cannot be written
    /// (a full disk) must not fail the append whose bytes are already in the log (see
    /// [`Segment::keep_indexes_in_memory`]).
    pub fn index_batch(&mut self, position: u64, h: &BatchHeader, interval: u64) {
        if h.max_timestamp > self.max_timestamp {
            self.max_timestamp = h.max_timestamp;
            self.offset_of_max_timestamp = h.last_offset();
        }
        if self.bytes_since_last_index > interval {
            let written = self
                .offset_index
                .append(h.last_offset(), position)
                .and_then(|()| {
                    self.time_index
                        .maybe_append(self.max_timestamp, self.offset_of_max_timestamp)
                });
            if let Err(e) = written {
                self.keep_indexes_in_memory(&e);
            }
            self.bytes_since_last_index = 0;
        }
        self.bytes_since_last_index += h.total_size() as u64;
    }

    /// Called when the segment stops being active (roll, close): records the
    /// final max timestamp in the time index, as Kafka does, and writes out
    /// indexes that a full disk kept in memory, if there is room again.
    pub fn seal(&mut self) {
        // Nothing was appended to a segment never loaded: its files are as they were.
        if self.unloaded.is_some() {
            return;
        }
        if self.max_timestamp >= 0 && !self.time_index.is_full() {
            if let Err(e) = self
                .time_index
                .maybe_append(self.max_timestamp, self.offset_of_max_timestamp)
            {
                self.keep_indexes_in_memory(&e);
            }
        }
        if self.offset_index.in_memory_only() || self.time_index.in_memory_only() {
            self.persist_indexes();
        }
    }

    /// Writes both indexes whole (after a rebuild, or once a full disk has room again); if
    /// that fails, both stay in memory only.
    fn persist_indexes(&mut self) {
        let written = self
            .offset_index
            .persist_all()
            .and_then(|()| self.time_index.persist_all());
        if let Err(e) = written {
            self.keep_indexes_in_memory(&e);
        }
    }

    /// After an index write failed: both indexes of the segment keep serving from memory and
    /// both files are cut to nothing, so the next start rebuilds them from the log (an empty
    /// index makes the start-up scan walk the whole segment and find the index stale). Both,
    /// because a good offset index beside an emptied time index would let a start trust the
    /// offset index and miss the segment's largest timestamp.
    fn keep_indexes_in_memory(&mut self, error: &StorageError) {
        self.offset_index.keep_in_memory();
        self.time_index.keep_in_memory();
        if let Some(repeats) = INDEX_WRITE_FAILED.admit() {
            tracing::warn!(
                "cannot write the indexes of segment {}: {error}; they are kept in memory and \
                 rebuilt from the log at the next start{repeats}",
                self.log_path.display()
            );
        }
    }

    /// True if either index has no room for another entry.
    pub fn indexes_full(&self) -> bool {
        self.offset_index.is_full() || self.time_index.is_full()
    }

    /// Timestamp retention compares against: the largest batch timestamp, or
    /// the file's modification time when batches carry no timestamps.
    pub fn largest_timestamp(&self) -> i64 {
        if self.max_timestamp >= 0 {
            return self.max_timestamp;
        }
        // By path: a file the descriptor cache closed needs no reopening for this.
        fs::metadata(&self.log_path)
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .map_or(-1, |d| d.as_millis() as i64)
    }

    /// Records new names of the segment's files after they were renamed
    /// (`[log, index, timeindex]`); open handles stay valid across a rename.
    pub fn set_paths(&mut self, paths: [PathBuf; 3]) {
        let [log, index, time_index] = paths;
        self.log.set_path(log);
        self.log_path = Arc::clone(self.log.path());
        self.offset_index.set_path(index);
        self.time_index.set_path(time_index);
    }

    /// Files belonging to the segment (data + indexes).
    pub fn files(&self) -> [PathBuf; 3] {
        [
            self.log_path.to_path_buf(),
            self.offset_index.path().to_path_buf(),
            self.time_index.path().to_path_buf(),
        ]
    }

    /// The `.log` file's descriptor, opened again if the descriptor cache had closed it.
    pub fn log_file(&self) -> Result<Arc<File>> {
        self.log.get()
    }

    /// Handles to fsync (data and both indexes), taken under the lock and
    /// synced outside it.
    pub fn sync_handles(&self) -> Result<[(Arc<File>, PathBuf); 3]> {
        Ok([
            (self.log_file()?, self.log_path.to_path_buf()),
            (
                self.offset_index.file()?,
                self.offset_index.path().to_path_buf(),
            ),
            (
                self.time_index.file()?,
                self.time_index.path().to_path_buf(),
            ),
        ])
    }
}

/// When a segment's first append happened, as well as a restart can tell: the `.log` file's
/// creation (or modification) time, never later than `now_ms` (the first append's wall time
/// is not stored).
fn file_born_ms(meta: &fs::Metadata, now_ms: i64) -> i64 {
    let born = meta
        .created()
        .or_else(|_| meta.modified())
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map_or(now_ms, |d| d.as_millis() as i64);
    born.min(now_ms)
}

/// Removes a deleted segment's files: renamed to `.deleted` first (so a
/// crash in between leaves files recovery knows to drop), then removed.
pub(crate) fn delete_segment_files(files: &[PathBuf]) -> Result<()> {
    for f in files {
        let mut deleted = f.clone().into_os_string();
        deleted.push(".deleted");
        let deleted = PathBuf::from(deleted);
        match fs::rename(f, &deleted) {
            Ok(()) => fs::remove_file(&deleted).at(&deleted)?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(StorageError::io(f, e)),
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segment_names() {
        assert_eq!(parse_log_file_name("00000000000000000042.log"), Some(42));
        assert_eq!(parse_log_file_name("0042.log"), None);
        assert_eq!(parse_log_file_name("00000000000000000042.index"), None);
        assert_eq!(
            segment_file(Path::new("/x"), 7, INDEX_SUFFIX),
            PathBuf::from("/x/00000000000000000007.index")
        );
    }
}
