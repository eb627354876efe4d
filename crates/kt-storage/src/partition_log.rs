//! The log of one partition: a directory of segments, the append and read
//! paths, roll, retention, flush and recovery.
//!
//! # Concurrency and lock order
//!
//! `PartitionLog` is shared as `Arc<PartitionLog>` by many tasks. All mutable
//! state sits behind one `std::sync::Mutex` (`state`). Lock order:
//! `LogManager`'s map lock (if any) is taken *before* a log's `state` lock,
//! never after; a log never calls back into the manager. No other lock is
//! ever taken while `state` is held.
//!
//! - The lock is held for the page-cache `write` of an append (so offsets are
//!   assigned and written in order), never across an `fsync`: flushes take the
//!   file handles under the lock and call `sync_data` outside it.
//! - Creating segment files on roll happens under the lock (rare, metadata
//!   only); deleting them after retention happens outside it.
//! - Methods block on file I/O (usually page-cache speed). `flush` waits for
//!   the disk: from async code call it through `spawn_blocking`.
//! - Reads take `Arc<File>` handles and published sizes under the lock, then
//!   `pread` outside it. Sizes are published only after a write completed, so
//!   a reader never sees half a batch. A segment deleted by retention while a
//!   read is in flight stays readable through its open handle.
//!
//! # Offset rules
//!
//! - `log_start_offset <= log_end_offset`; offsets in `[log_start_offset,
//!   log_end_offset)` are readable (the first batch may start earlier).
//! - Batches get consecutive offsets: a batch takes `lastOffsetDelta + 1`
//!   offsets starting at the log end offset.
//! - `recovery_point <= log_end_offset`: everything below it has been fsynced.

use std::collections::VecDeque;
use std::fs::{self, File};
use std::os::unix::fs::FileExt;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError, RwLock};

use bytes::Bytes;

use super::batch::{
    first_record_at_or_after, set_base_offset, set_log_append_time, set_log_append_time_split,
    set_partition_leader_epoch, validate_batch, validate_stored_batch, BatchHeader, HEADER_SIZE,
    LOG_OVERHEAD,
};
use super::config::{LogConfig, TimestampType};
use super::error::{IoContext, Result, StorageError};
use super::leader_epoch::{
    read_leader_epoch_checkpoint, write_leader_epoch_checkpoint, EpochEntry, LeaderEpochCache,
    LEADER_EPOCH_CHECKPOINT,
};
use super::log_dir::LogDirHealth;
use super::open_files::OpenFiles;
use super::producer_snapshot::{
    list_snapshots, parse_snapshot_file_name, read_snapshot, snapshot_file, write_snapshot,
    ProducerSnapshotEntry,
};
use super::scan::{FileScanner, HEADER_SCAN_CHUNK};
use super::segment::{
    delete_segment_files, parse_log_file_name, segment_file, Segment, INDEX_SUFFIX, LOG_SUFFIX,
    TIME_INDEX_SUFFIX,
};
use super::txn_index::{append_txn_index, read_txn_index, AbortedTxnEntry, TXN_INDEX_SUFFIX};

/// Name of the per-partition topic-id file.
pub const PARTITION_METADATA_FILE: &str = "partition.metadata";

use kt_base::clock::now_ms;

/// Start-up information about a log kept in the log directory (checkpoint
/// files and the clean-shutdown marker), given to
/// [`PartitionLog::open_with_hints`].
#[derive(Debug, Clone, Default)]
pub struct OpenHints {
    /// Offset below which data was fsynced (recovery-point checkpoint).
    pub recovery_point: Option<i64>,
    /// Log start offset (log-start-offset checkpoint).
    pub log_start_offset: Option<i64>,
    /// The previous owner shut down cleanly (`.kafka_cleanshutdown`).
    pub clean_shutdown: bool,
    /// Offset up to which the log cleaner has cleaned (`cleaner-offset-checkpoint`).
    pub cleaner_offset: Option<i64>,
    /// The cache that caps the segment files held open; the process's
    /// ([`OpenFiles::shared`]) when None.
    pub open_files: Option<Arc<OpenFiles>>,
}

/// What an append did; the broker builds its Produce response from it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AppendInfo {
    /// Offset given to the first record.
    pub base_offset: i64,
    /// Offset given to the last record.
    pub last_offset: i64,
    /// The broker time written into the batches under LogAppendTime, else -1.
    pub log_append_time: i64,
    /// Log start offset after the append.
    pub log_start_offset: i64,
    /// Records appended (sum of the batches' recordCount).
    pub record_count: i64,
    /// Batches appended.
    pub batch_count: usize,
    /// Bytes appended.
    pub bytes: u64,
    /// Largest batch maxTimestamp among the appended batches.
    pub max_timestamp: i64,
    /// Whether the append rolled the log: its first batch starts a new segment (at
    /// `base_offset`), where the broker takes a producer-state snapshot as Kafka does.
    pub rolled: bool,
}

/// Bytes of whole stored batches returned by [`PartitionLog::read`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadSlice {
    /// The batches, exactly as stored (may start before the fetch offset).
    pub bytes: Bytes,
    /// High watermark: the log end offset (single replica).
    pub high_watermark: i64,
    /// Log start offset at the time of the read.
    pub log_start_offset: i64,
    /// Log end offset at the time of the read.
    pub log_end_offset: i64,
}

/// A byte range of a segment file holding whole batches (see
/// [`PartitionLog::read_regions`]).
#[derive(Debug, Clone)]
pub struct FileRegion {
    /// The segment file, kept open for as long as the range is.
    pub file: Arc<File>,
    /// The file's path, for error messages.
    pub path: Arc<Path>,
    /// Where the range starts in the file.
    pub position: u64,
    /// The range's length in bytes.
    pub len: usize,
}

/// Where the batches of a read lie, oldest first, with the offsets a Fetch
/// reports beside them.
#[derive(Debug, Clone)]
pub struct ReadRegions {
    /// File ranges of whole batches (one per segment touched).
    pub regions: Vec<FileRegion>,
    /// Total bytes in `regions`.
    pub len: usize,
    /// High watermark: the log end offset (single replica).
    pub high_watermark: i64,
    /// Log start offset at the time of the read.
    pub log_start_offset: i64,
    /// Log end offset at the time of the read.
    pub log_end_offset: i64,
}

impl ReadRegions {
    /// The bytes of every region, read into one buffer.
    pub(crate) fn read_all(&self) -> Result<Vec<u8>> {
        let mut buf = vec![0u8; self.len];
        let mut filled = 0usize;
        for r in &self.regions {
            r.file
                .read_exact_at(&mut buf[filled..filled + r.len], r.position)
                .at(&r.path)?;
            filled += r.len;
        }
        Ok(buf)
    }

    fn empty(log_end_offset: i64, log_start_offset: i64, high_watermark: i64) -> Self {
        ReadRegions {
            regions: Vec::new(),
            len: 0,
            high_watermark,
            log_start_offset,
            log_end_offset,
        }
    }

    fn push(&mut self, view: &View, range: Option<(u64, u64)>) {
        if let Some((from, to)) = range {
            let len = (to - from) as usize;
            self.regions.push(FileRegion {
                file: Arc::clone(&view.file),
                path: Arc::clone(&view.path),
                position: from,
                len,
            });
            self.len += len;
        }
    }
}

/// State behind the lock. Invariant: `segments` is non-empty and sorted by
/// base offset; the last segment is the active one (appends go there).
#[derive(Debug)]
struct State {
    config: LogConfig,
    segments: VecDeque<Segment>,
    log_start_offset: i64,
    recovery_point: i64,
    unflushed_messages: i64,
    last_flush_ms: i64,
    leader_epoch: i32,
    /// A segment file was created since the last flush, so the directory
    /// itself needs an fsync for the new entry to be durable.
    dir_dirty: bool,
    /// The log's directory was made by this open and nothing of it was fsynced yet: the
    /// first flush also fsyncs `partition.metadata` and the log directory holding it, so
    /// that flushed data never sits in a directory a power loss could drop (Kafka's lazy
    /// directory fsync, `LocalLog.flush`). Creating a log fsyncs nothing.
    new_dir_unsynced: bool,
    /// The log end offset when write-back of unflushed data was last started
    /// (see [`PartitionLog::maybe_flush`]).
    writeback_started_at: i64,
    /// Truncations of the log end so far: a flush that saw another number when it began
    /// leaves the recovery point alone (what it synced may have been cut and rewritten).
    truncations: u64,
    /// Offsets of producer-state snapshots written without an fsync (at a roll, under the
    /// broker's lock): the flush that moves the recovery point past one fsyncs it, as
    /// Kafka's roll hands its snapshot to the scheduled flush of the sealed segment.
    unsynced_snapshots: Vec<i64>,
    /// Compacted logs: segments below this offset were cleaned (the cleaner's checkpoint).
    clean_offset: i64,
    /// Where each leader epoch began in this log (`leader-epoch-checkpoint`).
    epochs: LeaderEpochCache,
    /// Moved on by every change of `epochs`, so checkpoint writes done outside the lock can
    /// tell a stale snapshot from the newest one.
    epochs_version: u64,
    /// The high watermark set by replication; None while the log end offset stands for it
    /// (a partition with one replica, and every log until replication sets one).
    high_watermark: Option<i64>,
}

impl State {
    fn active(&self) -> &Segment {
        // Invariant: never empty (open and retention keep one segment).
        &self.segments[self.segments.len() - 1]
    }
    fn active_mut(&mut self) -> &mut Segment {
        let last = self.segments.len() - 1;
        &mut self.segments[last]
    }
    fn log_end_offset(&self) -> i64 {
        self.active().next_offset
    }
    fn size(&self) -> u64 {
        self.segments.iter().map(|s| s.size).sum()
    }
    fn high_watermark(&self) -> i64 {
        let leo = self.log_end_offset();
        self.high_watermark
            .map_or(leo, |hw| hw.clamp(self.log_start_offset, leo))
    }
    /// Forgets the epochs before the log start offset (retention, DeleteRecords); the
    /// snapshot to write when that changed the cache.
    fn trim_epochs_to_start(&mut self) -> Option<EpochsSnapshot> {
        let start = self.log_start_offset;
        let earliest = self.epochs.earliest()?;
        if earliest.start_offset >= start {
            return None;
        }
        self.epochs.truncate_from_start(start);
        Some(self.epochs_snapshot())
    }
    /// A snapshot of the epoch cache to write once the lock is released, after a change.
    fn epochs_snapshot(&mut self) -> EpochsSnapshot {
        self.epochs_version += 1;
        EpochsSnapshot {
            version: self.epochs_version,
            entries: self.epochs.entries(),
        }
    }
}

/// The epoch cache as it was at one change, to be written to `leader-epoch-checkpoint`
/// outside the partition lock.
#[derive(Debug)]
struct EpochsSnapshot {
    version: u64,
    entries: Vec<EpochEntry>,
}

/// What [`PartitionLog::truncate_to`] cut.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Truncated {
    /// The log end offset before.
    pub previous_end: i64,
    /// The log end offset now.
    pub end: i64,
    /// Bytes removed.
    pub bytes: u64,
    /// Whole segments removed.
    pub segments: usize,
}

/// Which offsets a read may return.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReadLimit {
    /// Up to the high watermark: what consumers may see.
    HighWatermark,
    /// Up to the log end: what a follower copies.
    LogEnd,
    /// Up to this offset, and never past the high watermark: read_committed consumers read
    /// up to the last stable offset.
    Stable(i64),
}

/// One partition's log (`<log.dir>/<topic>-<partition>/`). See the module
/// docs for the locking and offset rules.
#[derive(Debug)]
pub struct PartitionLog {
    /// Where the log's files are; changes only when a future replica takes its place
    /// ([`PartitionLog::replace_with_future`]). Read briefly (a clone) and never held across
    /// I/O. Lock order: `state` before `home` (a leaf: nothing is taken while it is held).
    home: RwLock<Home>,
    topic: String,
    partition: i32,
    topic_id: Option<[u8; 16]>,
    /// Where the segments' descriptors are kept (see `open_files`): all segment files of
    /// the log are opened and closed through it.
    files: Arc<OpenFiles>,
    state: Mutex<State>,
    /// Held by a log cleaner pass for its whole length; says whether a pass may run.
    cleaning: Mutex<CleanerGate>,
    /// Set when a cleaner pass met a damaged batch: the cleaner leaves the log alone from
    /// then on (Kafka's uncleanable partitions), until the broker restarts.
    uncleanable: std::sync::atomic::AtomicBool,
    /// Set by [`PartitionLog::retire`]; read without the `cleaning` lock, which a cleaner
    /// pass holds while it flushes.
    retired: std::sync::atomic::AtomicBool,
    /// The `epochs_version` last written to `leader-epoch-checkpoint`. Held only while that
    /// file is written (never with `state`), so two writers cannot put an older snapshot
    /// over a newer one.
    epochs_written: Mutex<u64>,
    /// Held by a flush for its whole length (taken before `state`): a second flush must not
    /// see the directory as synced while the first, which took the directory's flags, has
    /// not synced it yet.
    flushing: Mutex<()>,
    /// The base offset of the first segment recovery walked at open (None after a clean
    /// shutdown that trusted every segment): the `.txnindex` files from there on were reset,
    /// and the producer state must be replayed from a snapshot at or below it, which rebuilds
    /// them (see [`PartitionLog::latest_producer_snapshot`]).
    recovered_from: Option<i64>,
}

/// Whether the log cleaner may run a pass over a log (behind `PartitionLog::cleaning`,
/// which a pass holds throughout, so a change waits for a pass in progress).
#[derive(Debug, Default)]
struct CleanerGate {
    /// The log was deleted ([`PartitionLog::retire`]): no pass runs again.
    retired: bool,
    /// Holders of a pause (Kafka's `LogCleaningPaused(count)`): a moving log's cleaning
    /// waits until its future replica replaced it or was dropped
    /// ([`PartitionLog::pause_cleaning`]).
    pauses: u32,
}

/// The directory of a log and the health of the log directory holding it (shared with the
/// other logs there, see [`LogDirHealth`]: an I/O error while appending or flushing takes it
/// offline). Both change together when the log moves to another log directory.
#[derive(Debug, Clone)]
struct Home {
    dir: PathBuf,
    health: Arc<LogDirHealth>,
}

/// A readable piece of a segment, captured under the lock.
struct View {
    file: Arc<File>,
    path: Arc<Path>,
    start: u64,
    end: u64,
}

/// Where the bytes of an append come from (see the two append paths).
enum Source<'a> {
    /// The caller's buffer, patched in place and written with one `pwrite`.
    InPlace(&'a mut [u8]),
    /// The caller's read-only buffer plus a patched copy of each batch
    /// header; written as `head, records` pairs with vectored writes.
    Shared {
        records: &'a [u8],
        heads: Vec<[u8; HEADER_SIZE]>,
    },
    /// Batches a follower copies: written as the leader wrote them, nothing patched.
    Verbatim(&'a [u8]),
}

impl Source<'_> {
    fn len(&self) -> usize {
        match self {
            Source::InPlace(b) => b.len(),
            Source::Shared { records, .. } => records.len(),
            Source::Verbatim(b) => b.len(),
        }
    }

    /// Writes baseOffset and partitionLeaderEpoch of every batch (neither is
    /// covered by the CRC); returns the offset after the last batch.
    fn assign_offsets(&mut self, base_offset: i64, epoch: i32) -> Result<i64> {
        let mut next = base_offset;
        match self {
            Source::InPlace(records) => {
                let mut at = 0;
                while at < records.len() {
                    let h = BatchHeader::parse(&records[at..])?;
                    let size = h.total_size();
                    let batch = &mut records[at..at + size];
                    set_base_offset(batch, next);
                    set_partition_leader_epoch(batch, epoch);
                    next += i64::from(h.last_offset_delta) + 1;
                    at += size;
                }
            }
            Source::Shared { heads, .. } => {
                for head in heads.iter_mut() {
                    let h = BatchHeader::parse(head)?;
                    set_base_offset(head, next);
                    set_partition_leader_epoch(head, epoch);
                    next += i64::from(h.last_offset_delta) + 1;
                }
            }
            Source::Verbatim(_) => unreachable!("a follower's batches keep their offsets"),
        }
        Ok(next)
    }

    /// Writes all bytes at `pos`.
    fn write(&self, file: &File, pos: u64) -> std::io::Result<()> {
        match self {
            Source::InPlace(records) => file.write_all_at(records, pos),
            Source::Verbatim(records) => file.write_all_at(records, pos),
            Source::Shared { records, heads } => {
                use std::io::{IoSlice, Seek, SeekFrom, Write};
                let mut slices = Vec::with_capacity(heads.len() * 2);
                let mut at = 0;
                for head in heads {
                    let size = LOG_OVERHEAD
                        + u32::from_be_bytes([head[8], head[9], head[10], head[11]]) as usize;
                    slices.push(IoSlice::new(head));
                    slices.push(IoSlice::new(&records[at + HEADER_SIZE..at + size]));
                    at += size;
                }
                // Only appends move the cursor, and they hold the lock;
                // readers use pread, which ignores it.
                let mut f = file;
                f.seek(SeekFrom::Start(pos))?;
                let mut bufs = &mut slices[..];
                while !bufs.is_empty() {
                    let n = f.write_vectored(bufs)?;
                    if n == 0 {
                        return Err(std::io::ErrorKind::WriteZero.into());
                    }
                    IoSlice::advance_slices(&mut bufs, n);
                }
                Ok(())
            }
        }
    }

    /// Calls `f(position in the buffer, header)` for each (patched) batch.
    fn for_each_header(&self, mut f: impl FnMut(u64, &BatchHeader)) -> Result<()> {
        let mut at = 0usize;
        match self {
            Source::InPlace(records) => {
                while at < records.len() {
                    let h = BatchHeader::parse(&records[at..])?;
                    f(at as u64, &h);
                    at += h.total_size();
                }
            }
            Source::Verbatim(records) => {
                while at < records.len() {
                    let h = BatchHeader::parse(&records[at..])?;
                    f(at as u64, &h);
                    at += h.total_size();
                }
            }
            Source::Shared { heads, .. } => {
                for head in heads {
                    let h = BatchHeader::parse(head)?;
                    f(at as u64, &h);
                    at += h.total_size();
                }
            }
        }
        Ok(())
    }
}

/// Totals of a validated produce buffer.
struct Summary {
    records: i64,
    batches: usize,
    /// Offsets the buffer will take: sum of lastOffsetDelta + 1.
    span: i64,
    /// Set for a follower's append: the offsets and epochs the leader gave the batches.
    follower: Option<CopiedBatches>,
}

/// What a follower's batches already carry, read from their headers.
struct CopiedBatches {
    /// The first batch's base offset: at or past the log end offset (past it where the
    /// leader's log was compacted).
    first_offset: i64,
    /// One past the last batch's last offset.
    next_offset: i64,
    /// `(epoch, base offset)` of each batch whose epoch differs from the one before it.
    epoch_starts: Vec<(i32, i64)>,
}

/// Validates a follower's batches (outside any lock): each whole and with a good CRC, and
/// each starting after the one before ends, so offsets only grow. A batch may start past
/// the end of the one before: the cleaner of a compacted log removes records and emptied
/// batches but never moves an offset, and a follower (or a future replica) keeps the
/// leader's offsets, gaps included, as Kafka's `appendAsFollower` does. Only headers are
/// read and CRCs computed; no record is decoded. The leader has already applied
/// `max.message.bytes`, so it is not applied again (as in Kafka).
fn validate_copied_records(buf: &[u8]) -> Result<Summary> {
    if buf.is_empty() {
        return Err(StorageError::CorruptRecord("empty record set".into()));
    }
    let mut s = Summary {
        records: 0,
        batches: 0,
        span: 0,
        follower: None,
    };
    let mut copied = CopiedBatches {
        first_offset: -1,
        next_offset: -1,
        epoch_starts: Vec::new(),
    };
    let mut at = 0;
    while at < buf.len() {
        // A leader's log may hold batches its cleaner emptied: they are copied too.
        let h = validate_stored_batch(&buf[at..])?;
        if s.batches == 0 {
            copied.first_offset = h.base_offset;
        } else if h.base_offset < copied.next_offset {
            return Err(StorageError::UnexpectedAppendOffset {
                expected: copied.next_offset,
                first_offset: h.base_offset,
            });
        }
        if copied.epoch_starts.last().map(|e| e.0) != Some(h.partition_leader_epoch) {
            copied
                .epoch_starts
                .push((h.partition_leader_epoch, h.base_offset));
        }
        copied.next_offset = h.next_offset();
        s.records += i64::from(h.record_count);
        s.batches += 1;
        at += h.total_size();
    }
    // The offsets taken, gaps between batches included (the roll check bounds the
    // segment's relative offsets by them).
    s.span = copied.next_offset - copied.first_offset;
    s.follower = Some(copied);
    Ok(s)
}

/// Validates every batch of a produce buffer (outside any lock).
fn validate_records(buf: &[u8], config: &LogConfig) -> Result<Summary> {
    if buf.is_empty() {
        return Err(StorageError::CorruptRecord("empty record set".into()));
    }
    if buf.len() as u64 > config.segment_bytes {
        return Err(StorageError::MessageTooLarge {
            size: buf.len() as u64,
            max: config.segment_bytes,
        });
    }
    let mut s = Summary {
        records: 0,
        batches: 0,
        span: 0,
        follower: None,
    };
    let mut at = 0;
    while at < buf.len() {
        // Size first: no point computing the CRC of a batch we refuse.
        let size = BatchHeader::parse(&buf[at..])?.total_size();
        if size as u64 > config.max_message_bytes {
            return Err(StorageError::MessageTooLarge {
                size: size as u64,
                max: config.max_message_bytes,
            });
        }
        let h = validate_batch(&buf[at..])?;
        s.records += i64::from(h.record_count);
        s.span += i64::from(h.last_offset_delta) + 1;
        s.batches += 1;
        at += size;
    }
    Ok(s)
}

impl PartitionLog {
    /// Opens (creating if needed) the log of `topic`-`partition` under
    /// `log_dir`, recovering segments that may hold unflushed data.
    ///
    /// `recovery_point` and `log_start_offset` come from the log directory's
    /// checkpoint files; with no recovery point only the last segment is
    /// fully validated. Recovery cuts a segment at its first torn or corrupt
    /// batch and drops all later segments.
    pub fn open(
        log_dir: &Path,
        topic: &str,
        partition: i32,
        config: LogConfig,
        recovery_point: Option<i64>,
        log_start_offset: Option<i64>,
    ) -> Result<PartitionLog> {
        let hints = OpenHints {
            recovery_point,
            log_start_offset,
            ..OpenHints::default()
        };
        Self::open_with_hints(log_dir, topic, partition, config, hints)
    }

    /// [`PartitionLog::open`] with all start-up hints. After a clean
    /// shutdown whose recovery point covers the whole log, no segment is
    /// CRC-validated: indexes are loaded and only the tail after the last
    /// index entry is walked (headers), which is what makes restarts cheap.
    pub fn open_with_hints(
        log_dir: &Path,
        topic: &str,
        partition: i32,
        config: LogConfig,
        hints: OpenHints,
    ) -> Result<PartitionLog> {
        let dir = log_dir.join(format!("{topic}-{partition}"));
        Self::open_in(dir, log_dir, topic, partition, config, hints)
    }

    /// [`PartitionLog::open_with_hints`] of the partition directory `dir` inside `log_dir`,
    /// whatever its name: a future replica's is `<topic>-<partition>.<id>-future`.
    pub(crate) fn open_in(
        dir: PathBuf,
        log_dir: &Path,
        topic: &str,
        partition: i32,
        config: LogConfig,
        hints: OpenHints,
    ) -> Result<PartitionLog> {
        let OpenHints {
            recovery_point,
            log_start_offset,
            clean_shutdown,
            cleaner_offset,
            open_files,
        } = hints;
        let files = open_files.unwrap_or_else(|| Arc::clone(OpenFiles::shared()));
        // One listing of the directory serves every start-up step (with thousands of
        // partitions, listing each directory several times was most of a restart's work).
        let mut names = list_dir(&dir)?;
        if names.iter().any(|n| cleaner::parse_swap_name(n).is_some()) {
            cleaner::complete_swaps(&dir)?;
            names = list_dir(&dir)?;
        }
        let mut bases = Vec::new();
        let mut snapshots = Vec::new();
        for name in &names {
            if name.ends_with(".deleted")
                || name.ends_with(".cleaned")
                || name.ends_with(".snapshot.tmp")
            {
                let p = dir.join(name);
                fs::remove_file(&p).at(&p)?;
            } else if let Some(base) = parse_log_file_name(name) {
                bases.push(base);
            } else if let Some(offset) = parse_snapshot_file_name(name) {
                snapshots.push((offset, dir.join(name)));
            }
        }
        bases.sort_unstable();
        let now = now_ms();
        let mut segments = VecDeque::with_capacity(bases.len().max(1));
        // The first segment recovery walked: the epoch cache is rebuilt from there on.
        let mut recovered_from: Option<i64> = None;
        // What recovery read, for one log line per partition (where Kafka logs "Recovering
        // unflushed segment" per segment): how long a start-up after a crash takes follows
        // from these bytes, all read and their CRCs checked.
        let (mut recovered, mut recovered_bytes) = (0usize, 0u64);
        let recovery_began = std::time::Instant::now();
        for (i, &base) in bases.iter().enumerate() {
            let next_base = bases.get(i + 1).copied();
            let recover = match (next_base, recovery_point) {
                // The active segment: trusted only after a clean shutdown.
                (None, _) => !clean_shutdown || recovery_point.is_none(),
                (Some(nb), Some(rp)) => nb > rp,
                // Not in the recovery-point checkpoint (created since it was last written):
                // after a crash nothing of it is known synced, so all of it is recovered, as
                // Kafka's recovery point defaults to 0.
                (Some(_), None) => !clean_shutdown,
            };
            if recover && recovered_from.is_none() {
                recovered_from = Some(base);
            }
            // A trusted segment is opened lazily, without opening its files: a closed one ends
            // where the next begins, and the active one at the recovery point, which a clean
            // shutdown left at the log end. Its files are read when it is first used.
            let lazy_end = match (recover, next_base, recovery_point) {
                (true, _, _) => None,
                (false, Some(nb), _) => Some(nb),
                (false, None, Some(rp)) if rp >= base => Some(rp),
                (false, None, _) => None,
            };
            if let Some(end) = lazy_end {
                segments.push_back(Segment::open_lazy(&files, &dir, base, end, &config, now)?);
                continue;
            }
            let (seg, cut) = Segment::open(&files, &dir, base, &config, recover, now)?;
            if recover {
                recovered += 1;
                recovered_bytes += seg.size + cut.as_ref().map_or(0, |c| c.bytes);
            }
            if cut.is_some() && recovered_from.is_none() {
                recovered_from = Some(base);
            }
            if recovered_from.is_some() {
                // As Kafka's `LogSegment.recover` resets the segment's transaction index: the
                // aborted transactions of a recovered segment are rebuilt from its markers by
                // the producer-state replay, so none past a cut survives.
                delete_segment_files(&[segment_file(&dir, base, TXN_INDEX_SUFFIX)])?;
            }
            let seg_next = seg.next_offset;
            segments.push_back(seg);
            let overlaps = next_base.is_some_and(|nb| seg_next > nb);
            // Once per segment: recovery stops at the first damaged batch. What happens to
            // it is Kafka's recovery: the log is truncated there and later segments deleted,
            // so the cut is logged with the first offset lost and what was wrong.
            if let Some(cut) = &cut {
                tracing::warn!(
                    "{topic}-{partition}: recovery found a {} in segment {}; truncating the log \
                     to offset {seg_next}: {} bytes cut at position {} and {} later segment(s) \
                     deleted",
                    cut.cause,
                    segment_file(&dir, base, LOG_SUFFIX).display(),
                    cut.bytes,
                    cut.position,
                    bases.len() - i - 1
                );
            }
            if cut.is_some() || overlaps {
                for &later in &bases[i + 1..] {
                    let files = [
                        LOG_SUFFIX,
                        INDEX_SUFFIX,
                        TIME_INDEX_SUFFIX,
                        TXN_INDEX_SUFFIX,
                    ]
                    .map(|sfx| segment_file(&dir, later, sfx));
                    delete_segment_files(&files)?;
                }
                break;
            }
        }
        if recovered_bytes > 0 {
            tracing::info!(
                "{topic}-{partition}: recovered {recovered} unflushed segment(s) from offset {}: \
                 {recovered_bytes} bytes read and checked in {} ms",
                recovered_from.unwrap_or_default(),
                recovery_began.elapsed().as_millis()
            );
        }
        let created = segments.is_empty();
        if created {
            let base = log_start_offset.unwrap_or(0).max(0);
            segments.push_back(Segment::create(&files, &dir, base, &config)?);
        }
        let first_base = segments[0].base_offset;
        let leo = segments[segments.len() - 1].next_offset;
        let lso = log_start_offset
            .unwrap_or(first_base)
            .max(first_base)
            .min(leo);
        let active_base = segments[segments.len() - 1].base_offset;
        let rp = recovery_point.unwrap_or(active_base).clamp(0, leo);
        let topic_id = read_partition_metadata(&dir);
        // Snapshots past the log end describe data that is gone (Kafka's truncation of the
        // producer state on load).
        let stale: Vec<PathBuf> = snapshots
            .into_iter()
            .filter(|&(offset, _)| offset > leo)
            .map(|(_, p)| p)
            .collect();
        delete_segment_files(&stale)?;
        let epochs = load_epochs(&dir, &segments, recovered_from, lso, leo)?;
        let leader_epoch = epochs.latest_epoch().unwrap_or(0).max(0);
        Ok(PartitionLog {
            home: RwLock::new(Home {
                dir,
                health: Arc::new(LogDirHealth::new(log_dir)),
            }),
            topic: topic.to_string(),
            partition,
            topic_id,
            files,
            cleaning: Mutex::new(CleanerGate::default()),
            uncleanable: std::sync::atomic::AtomicBool::new(false),
            retired: std::sync::atomic::AtomicBool::new(false),
            state: Mutex::new(State {
                config,
                segments,
                log_start_offset: lso,
                recovery_point: rp,
                unflushed_messages: 0,
                last_flush_ms: now,
                writeback_started_at: 0,
                truncations: 0,
                unsynced_snapshots: Vec::new(),
                leader_epoch,
                dir_dirty: created,
                new_dir_unsynced: created,
                clean_offset: cleaner_offset.unwrap_or(lso).clamp(lso, leo),
                epochs,
                epochs_version: 0,
                high_watermark: None,
            }),
            epochs_written: Mutex::new(0),
            flushing: Mutex::new(()),
            recovered_from,
        })
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        // A panic while holding the lock cannot leave published state half
        // updated (sizes are published last), so poisoning is ignored.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Segments read from disk so far (not waiting in a lazy open): for tests of start-up.
    #[cfg(test)]
    pub(crate) fn loaded_segments(&self) -> usize {
        self.lock()
            .segments
            .iter()
            .filter(|s| !s.is_unloaded())
            .count()
    }

    /// Makes the log report to (and obey) its log directory's shared health instead of one
    /// of its own; the `LogManager` does this for every log it opens.
    pub(crate) fn with_health(self, health: Arc<LogDirHealth>) -> Self {
        self.home_mut().health = health;
        self
    }

    fn home(&self) -> std::sync::RwLockReadGuard<'_, Home> {
        self.home.read().unwrap_or_else(PoisonError::into_inner)
    }

    fn home_mut(&self) -> std::sync::RwLockWriteGuard<'_, Home> {
        self.home.write().unwrap_or_else(PoisonError::into_inner)
    }

    /// The health of the log directory holding this log.
    pub fn log_dir_health(&self) -> Arc<LogDirHealth> {
        Arc::clone(&self.home().health)
    }

    /// False once the log's directory went offline: the log takes no more writes.
    pub fn is_online(&self) -> bool {
        self.home().health.is_online()
    }

    /// The partition's directory (it changes when a future replica replaces the log).
    pub fn dir(&self) -> PathBuf {
        self.home().dir.clone()
    }

    /// Topic name.
    pub fn topic(&self) -> &str {
        &self.topic
    }

    /// Partition number.
    pub fn partition(&self) -> i32 {
        self.partition
    }

    /// Topic id from `partition.metadata`, if the file exists.
    pub fn topic_id(&self) -> Option<[u8; 16]> {
        self.topic_id
    }

    /// Current configuration.
    pub fn config(&self) -> LogConfig {
        self.lock().config
    }

    /// Replaces the configuration (topic config change); applies to the next
    /// append, roll, flush and retention check.
    pub fn update_config(&self, config: LogConfig) {
        self.lock().config = config;
    }

    /// Sets the leader epoch written into appended batches
    /// (partitionLeaderEpoch). Defaults to 0.
    pub fn set_leader_epoch(&self, epoch: i32) {
        self.lock().leader_epoch = epoch;
    }

    /// This replica leads from now on in `epoch`: the epoch is stamped on what it appends,
    /// and the leader-epoch cache (and its checkpoint) says at once that the epoch starts at
    /// the log end, before any batch of it is written, as Kafka's `makeLeader` does. The
    /// entry is what OffsetsForLeaderEpoch answers a follower or consumer of the previous
    /// epoch (where it ended here), and where a follower must have caught up to before it
    /// joins the ISR. An epoch older than the cache's latest changes nothing but the stamp
    /// (it would erase the newer history).
    pub fn begin_leader_epoch(&self, epoch: i32) -> Result<()> {
        let snapshot = {
            let mut st = self.lock();
            st.leader_epoch = epoch;
            let start = st.log_end_offset();
            let newer = st.epochs.latest_epoch().is_none_or(|latest| epoch > latest);
            (newer && st.epochs.assign(epoch, start)?.is_some()).then(|| st.epochs_snapshot())
        };
        if let Some(snapshot) = snapshot {
            self.write_epochs(snapshot)?;
        }
        Ok(())
    }

    /// First offset available to readers.
    pub fn log_start_offset(&self) -> i64 {
        self.lock().log_start_offset
    }

    /// Offset the next record will get.
    pub fn log_end_offset(&self) -> i64 {
        self.lock().log_end_offset()
    }

    /// High watermark: what replication set (see [`PartitionLog::advance_high_watermark`]),
    /// else the log end offset (a partition with a single replica).
    pub fn high_watermark(&self) -> i64 {
        self.lock().high_watermark()
    }

    /// A leader raises its high watermark to `offset` (the smallest log end offset in the
    /// ISR); it never moves back. Clamped to the log end. Returns whether it moved.
    pub fn advance_high_watermark(&self, offset: i64) -> bool {
        let mut st = self.lock();
        let leo = st.log_end_offset();
        let current = st.high_watermark.unwrap_or(-1);
        let offset = offset.min(leo);
        if offset > current {
            st.high_watermark = Some(offset);
            true
        } else {
            false
        }
    }

    /// The log's only replica leads it: its high watermark is its log end offset from now on
    /// (the smallest log end offset of an ISR of one), also past a value resumed from the
    /// checkpoint at start-up, which nothing would raise otherwise. Never a step back: the
    /// end is at or past any high watermark.
    pub fn follow_log_end(&self) {
        self.lock().high_watermark = None;
    }

    /// A follower takes the leader's high watermark, bounded by what it holds itself.
    pub fn set_follower_high_watermark(&self, offset: i64) {
        let mut st = self.lock();
        let offset = offset.clamp(st.log_start_offset, st.log_end_offset());
        st.high_watermark = Some(offset);
    }

    /// The leader epoch stamped on appended batches.
    pub fn leader_epoch(&self) -> i32 {
        self.lock().leader_epoch
    }

    /// The latest leader epoch this log holds batches of.
    pub fn latest_epoch(&self) -> Option<i32> {
        self.lock().epochs.latest_epoch()
    }

    /// Every entry of the leader-epoch cache, oldest first.
    pub fn epoch_entries(&self) -> Vec<EpochEntry> {
        self.lock().epochs.entries()
    }

    /// OffsetsForLeaderEpoch's answer for `epoch`: `(epoch, end offset)` as
    /// [`LeaderEpochCache::end_offset_for`] computes it against this log's end.
    pub fn end_offset_for_epoch(&self, epoch: i32) -> (i32, i64) {
        let st = self.lock();
        st.epochs.end_offset_for(epoch, st.log_end_offset())
    }

    /// Writes an epoch-cache snapshot to `leader-epoch-checkpoint`, unless a newer one was
    /// written meanwhile. Only the checkpoint's own lock is held across the write.
    fn write_epochs(&self, snapshot: EpochsSnapshot) -> Result<()> {
        let mut written = self
            .epochs_written
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        if snapshot.version <= *written {
            return Ok(());
        }
        write_leader_epoch_checkpoint(
            &self.dir().join(LEADER_EPOCH_CHECKPOINT),
            &snapshot.entries,
        )?;
        *written = snapshot.version;
        Ok(())
    }

    /// Appends batches a follower fetched from its leader, as the leader wrote them: offsets,
    /// leader epochs and timestamps are kept, the leader-epoch cache learns each new epoch,
    /// and nothing but headers and CRCs is looked at. The batches must start at or past
    /// this log's end and follow each other in offset order; gaps (a compacted leader's)
    /// are kept as they are. `UnexpectedAppendOffset` for an overlap, nothing appended.
    pub fn append_as_follower(&self, records: &[u8]) -> Result<AppendInfo> {
        let summary = validate_copied_records(records)?;
        self.append_source(Source::Verbatim(records), &summary, false, now_ms())
    }

    /// Cuts the log back to `offset` (a follower dropping a tail its new leader does not
    /// have): the segments after it go, the one holding it is cut before the batch holding
    /// it, with its indexes; the leader-epoch cache forgets the epochs from there, and the
    /// high watermark, recovery point and cleaner offset come back with the log end. An
    /// offset below the log start empties the log and starts it at `offset` (Kafka's
    /// `truncateFullyAndStartAt`). None when the log ends at or before `offset`.
    ///
    /// Truncation is rare and holds the lock for its work, like a roll: a header scan of at
    /// most an index interval and a batch, and the unlinking of the segment files it drops
    /// (removed at once so that no later roll can reuse their names first).
    pub fn truncate_to(&self, offset: i64) -> Result<Option<Truncated>> {
        let (truncated, snapshot) = {
            let mut st = self.lock();
            let previous_end = st.log_end_offset();
            if offset >= previous_end || offset < 0 {
                return Ok(None);
            }
            let config = st.config;
            let mut dropped = Vec::new();
            let mut bytes = 0u64;
            if offset < st.log_start_offset {
                while let Some(seg) = st.segments.pop_back() {
                    bytes += seg.size;
                    dropped.push(seg);
                }
            } else {
                while st.segments.len() > 1 && st.active().base_offset >= offset {
                    let seg = st.segments.pop_back().expect("more than one segment");
                    bytes += seg.size;
                    dropped.push(seg);
                }
            }
            let files: Vec<PathBuf> = dropped
                .iter()
                .flat_map(|s| {
                    let txn_index = segment_file(&self.dir(), s.base_offset, TXN_INDEX_SUFFIX);
                    s.files().into_iter().chain([txn_index])
                })
                .collect();
            delete_segment_files(&files)?;
            delete_snapshots(&self.dir(), |o| o > offset)?;
            if st.segments.is_empty() {
                st.segments
                    .push_back(Segment::create(&self.files, &self.dir(), offset, &config)?);
                st.log_start_offset = offset;
                st.dir_dirty = true;
            } else {
                bytes += st.active_mut().truncate_to(offset, &config)?;
            }
            let end = st.log_end_offset();
            st.recovery_point = st.recovery_point.min(end);
            st.truncations += 1;
            st.clean_offset = st.clean_offset.min(end);
            st.writeback_started_at = st.writeback_started_at.min(end);
            if let Some(hw) = st.high_watermark {
                st.high_watermark = Some(hw.min(end));
            }
            let removed = st.epochs.truncate_from_end(end);
            let snapshot = (!removed.is_empty()).then(|| st.epochs_snapshot());
            let truncated = Truncated {
                previous_end,
                end,
                bytes,
                segments: dropped.len(),
            };
            (truncated, snapshot)
        };
        tracing::info!(
            "[UnifiedLog partition={}-{}, dir={}] Truncating to offset {offset}: cut offsets \
             {}..{} ({} bytes, {} whole segment(s)); log end offset now {}",
            self.topic,
            self.partition,
            self.dir().parent().unwrap_or(&self.dir()).display(),
            truncated.end,
            truncated.previous_end,
            truncated.bytes,
            truncated.segments,
            truncated.end
        );
        if let Some(snapshot) = snapshot {
            self.write_epochs(snapshot)?;
        }
        Ok(Some(truncated))
    }

    /// Offset below which all data is known to be fsynced.
    pub fn recovery_point(&self) -> i64 {
        self.lock().recovery_point
    }

    /// Total bytes of all segments.
    pub fn size_in_bytes(&self) -> u64 {
        self.lock().size()
    }

    /// Offset below which the log cleaner has cleaned the log (for `cleaner-offset-checkpoint`).
    pub fn cleaner_offset(&self) -> i64 {
        self.lock().clean_offset
    }

    /// Records an aborted transaction in the `.txnindex` of the segment holding its marker.
    pub fn append_aborted_txn(&self, entry: &AbortedTxnEntry) -> Result<()> {
        let base = {
            let st = self.lock();
            let at = st
                .segments
                .partition_point(|s| s.base_offset <= entry.last_offset)
                .saturating_sub(1);
            st.segments.get(at).map_or(0, |s| s.base_offset)
        };
        append_txn_index(&segment_file(&self.dir(), base, TXN_INDEX_SUFFIX), entry)
    }

    /// Every aborted transaction recorded in the segments' `.txnindex` files, by marker
    /// offset.
    pub fn aborted_txns(&self) -> Result<Vec<AbortedTxnEntry>> {
        let mut all = Vec::new();
        for base in self.segment_base_offsets() {
            all.extend(read_txn_index(&segment_file(
                &self.dir(),
                base,
                TXN_INDEX_SUFFIX,
            ))?);
        }
        all.sort_by_key(|e| e.last_offset);
        Ok(all)
    }

    /// Base offsets of the segments, oldest first.
    pub fn segment_base_offsets(&self) -> Vec<i64> {
        self.lock().segments.iter().map(|s| s.base_offset).collect()
    }

    /// The base offset of the first segment recovery walked when the log was opened (see the
    /// field's doc); None when every segment was trusted.
    pub fn recovered_from(&self) -> Option<i64> {
        self.recovered_from
    }

    /// Writes the producer-state snapshot at `offset` (`<offset>.snapshot`): the state of
    /// every producer just before `offset`. `sync` fsyncs it (clean shutdown); otherwise the
    /// flush that takes the recovery point to `offset` or past it does, with the directory
    /// entry its rename made.
    pub fn write_producer_snapshot(
        &self,
        offset: i64,
        entries: &[ProducerSnapshotEntry],
        sync: bool,
    ) -> Result<()> {
        write_snapshot(&self.dir(), offset, entries, sync)?;
        let mut st = self.lock();
        st.dir_dirty = true;
        if !sync && !st.unsynced_snapshots.contains(&offset) {
            st.unsynced_snapshots.push(offset);
        }
        Ok(())
    }

    /// The newest producer-state snapshot to rebuild the state from, with its offset: the
    /// latest at or below the log end and, when recovery walked segments at open, at or
    /// below the first of them (Kafka loads the latest snapshot at or below the recovery
    /// point and replays the log after it). A corrupt snapshot is logged, deleted and the
    /// next older one tried; None when no usable snapshot is left (the log is then replayed
    /// from its start).
    pub fn latest_producer_snapshot(&self) -> Result<Option<(i64, Vec<ProducerSnapshotEntry>)>> {
        let (leo, start) = {
            let st = self.lock();
            (st.log_end_offset(), st.segments[0].base_offset)
        };
        let limit = self.recovered_from.map_or(leo, |r| r.min(leo));
        for (offset, path) in list_snapshots(&self.dir())?.into_iter().rev() {
            if offset > limit {
                continue;
            }
            if offset < start {
                break;
            }
            match read_snapshot(&path)? {
                Ok(entries) => return Ok(Some((offset, entries))),
                Err(reason) => {
                    tracing::warn!(
                        "{}-{}: discarding producer-state snapshot {}: {reason}; the log is \
                         replayed instead",
                        self.topic,
                        self.partition,
                        path.display()
                    );
                    delete_segment_files(&[path])?;
                }
            }
        }
        Ok(None)
    }

    /// Calls `f` with the header of every batch from the one holding `from` (or the first
    /// after it) to the log end, oldest first. Only headers are read, one small read per
    /// batch: this is how state kept beside the log (producer state) is replayed.
    pub fn for_each_batch_header_from(
        &self,
        from: i64,
        mut f: impl FnMut(&BatchHeader) -> Result<()>,
    ) -> Result<()> {
        let views: Vec<View> = {
            let mut st = self.lock();
            let first = st
                .segments
                .partition_point(|s| s.base_offset <= from)
                .saturating_sub(1);
            st.segments[first].load()?;
            let mut views = Vec::new();
            for (i, seg) in st.segments.iter().enumerate().skip(first) {
                views.push(View {
                    file: seg.log_file()?,
                    path: Arc::clone(&seg.log_path),
                    start: if i == first {
                        seg.offset_index.lookup(from)
                    } else {
                        0
                    },
                    end: seg.size,
                });
            }
            views
        };
        for v in &views {
            let mut sc = FileScanner::new(&v.file, &v.path, v.start, v.end, HEADER_SCAN_CHUNK);
            while let Some((_, h)) = sc.next_header()? {
                if h.last_offset() >= from {
                    f(&h)?;
                }
            }
        }
        Ok(())
    }

    /// Appends the batches of a Produce request using the system clock.
    /// See [`PartitionLog::append_at`].
    pub fn append(&self, records: &mut [u8]) -> Result<AppendInfo> {
        self.append_at(records, now_ms())
    }

    /// Appends one or more magic-2 batches stored byte for byte, after
    /// validating each (size, magic, CRC, counts, `max.message.bytes`).
    /// Only baseOffset and partitionLeaderEpoch are patched, plus
    /// attributes/maxTimestamp/CRC under LogAppendTime (with `now_ms`).
    /// The buffer is written with one write call. Nothing is appended if any
    /// batch is invalid.
    pub fn append_at(&self, records: &mut [u8], now_ms: i64) -> Result<AppendInfo> {
        let config = self.lock().config;
        // Validation and CRC work happen outside the lock.
        let summary = validate_records(records, &config)?;
        let log_append_time = config.message_timestamp_type == TimestampType::LogAppendTime;
        if log_append_time {
            let mut at = 0;
            while at < records.len() {
                let size = BatchHeader::parse(&records[at..])?.total_size();
                set_log_append_time(&mut records[at..at + size], now_ms);
                at += size;
            }
        }
        self.append_source(Source::InPlace(records), &summary, log_append_time, now_ms)
    }

    /// Like [`PartitionLog::append`], for a buffer the caller cannot mutate
    /// (e.g. the `Bytes` of a decoded Produce request): patched copies of
    /// the 61-byte batch headers are written together with the untouched
    /// record bytes in vectored writes, so the records are never copied.
    pub fn append_shared(&self, records: &[u8]) -> Result<AppendInfo> {
        self.append_shared_at(records, now_ms())
    }

    /// [`PartitionLog::append_shared`] with an explicit clock (LogAppendTime, roll).
    pub fn append_shared_at(&self, records: &[u8], now_ms: i64) -> Result<AppendInfo> {
        let config = self.lock().config;
        let summary = validate_records(records, &config)?;
        let log_append_time = config.message_timestamp_type == TimestampType::LogAppendTime;
        // One allocation per append: a header copy per batch.
        let mut heads = Vec::with_capacity(summary.batches);
        let mut at = 0;
        while at < records.len() {
            let size = BatchHeader::parse(&records[at..])?.total_size();
            let mut head = [0u8; HEADER_SIZE];
            head.copy_from_slice(&records[at..at + HEADER_SIZE]);
            if log_append_time {
                set_log_append_time_split(&mut head, &records[at + HEADER_SIZE..at + size], now_ms);
            }
            heads.push(head);
            at += size;
        }
        self.append_source(
            Source::Shared { records, heads },
            &summary,
            log_append_time,
            now_ms,
        )
    }

    /// Both append paths end here: refused at once when the log directory is offline, and
    /// an I/O error (a full disk included) takes the directory offline, as in Kafka.
    fn append_source(
        &self,
        source: Source<'_>,
        summary: &Summary,
        log_append_time: bool,
        now_ms: i64,
    ) -> Result<AppendInfo> {
        let operation = || {
            format!(
                "Error while appending records to {}-{}",
                self.topic, self.partition
            )
        };
        let health = self.log_dir_health();
        if !health.is_online() {
            let e = health.offline_error();
            health.log_failed_append(&operation(), &e);
            return Err(e);
        }
        let result = self.append_online(source, summary, log_append_time, now_ms);
        if let Err(e @ StorageError::Io { .. }) = &result {
            if !self.is_retired() {
                health.fail(&operation(), e);
            }
        }
        result
    }

    /// The locked part of both append paths: roll if needed, assign offsets,
    /// write, publish, index, and flush if the message policy says so.
    fn append_online(
        &self,
        mut source: Source<'_>,
        summary: &Summary,
        log_append_time: bool,
        now_ms: i64,
    ) -> Result<AppendInfo> {
        let len = source.len() as u64;
        let epochs_snapshot;
        let (info, need_flush) = {
            let mut st = self.lock();
            let config = st.config;
            // Where the appended batches start: the log end for a leader; a follower's
            // first batch may start past it (a compacted leader's gap), never before.
            let mut first_offset = st.log_end_offset();
            if let Some(copied) = &summary.follower {
                if copied.first_offset < first_offset {
                    return Err(StorageError::UnexpectedAppendOffset {
                        expected: first_offset,
                        first_offset: copied.first_offset,
                    });
                }
                first_offset = copied.first_offset;
            }
            let segments_before = st.segments.len();
            self.maybe_roll(&mut st, len, first_offset, summary.span, now_ms)?;
            let rolled = st.segments.len() != segments_before;
            let base_offset = first_offset;
            let next = match &summary.follower {
                Some(copied) => copied.next_offset,
                None => source.assign_offsets(base_offset, st.leader_epoch)?,
            };
            let seg = st.active_mut();
            let pos = seg.size;
            let file = seg.log_file()?;
            if let Err(e) = source.write(&file, pos) {
                // Nothing was published; drop whatever part got written.
                let _ = file.set_len(pos);
                return Err(StorageError::io(&seg.log_path, e));
            }
            // Publish: readers may now see the new batches.
            seg.size = pos + len;
            seg.next_offset = next;
            if seg.rolling_base_ms.is_none() {
                seg.rolling_base_ms = Some(now_ms);
            }
            let mut max_timestamp = -1;
            // An index write that fails keeps the index in memory (see
            // `Segment::index_batch`): the batches are in the log and their
            // offsets are taken, so the append must not be reported failed.
            source.for_each_header(|at, h| {
                max_timestamp = max_timestamp.max(h.max_timestamp);
                seg.index_batch(pos + at, h, config.index_interval_bytes);
            })?;
            st.unflushed_messages += summary.records;
            let need_flush = st.unflushed_messages >= config.flush_interval_messages;
            let epochs_changed = match &summary.follower {
                // The leader's first batch of an epoch starts it (an epoch older than the
                // cache's latest is never assigned: it would erase the newer history).
                None => {
                    let epoch = st.leader_epoch;
                    st.epochs.latest_epoch().is_none_or(|latest| epoch > latest)
                        && st.epochs.assign(epoch, base_offset)?.is_some()
                }
                // A follower records the leader's epochs as its batches carry them.
                Some(copied) => {
                    let mut changed = false;
                    for &(epoch, start) in &copied.epoch_starts {
                        if epoch >= 0 && st.epochs.latest_epoch() != Some(epoch) {
                            changed |= st.epochs.assign(epoch, start)?.is_some();
                        }
                    }
                    changed
                }
            };
            epochs_snapshot = epochs_changed.then(|| st.epochs_snapshot());
            (
                AppendInfo {
                    base_offset,
                    last_offset: next - 1,
                    log_append_time: if log_append_time { now_ms } else { -1 },
                    log_start_offset: st.log_start_offset,
                    record_count: summary.records,
                    batch_count: summary.batches,
                    bytes: len,
                    max_timestamp,
                    rolled,
                },
                need_flush,
            )
        };
        if let Some(snapshot) = epochs_snapshot {
            self.write_epochs(snapshot)?;
        }
        if need_flush {
            self.flush()?;
        }
        Ok(info)
    }

    /// Rolls to a new segment if the append of `bytes` bytes taking the `span` offsets
    /// from `first_offset` should not go into the active one (size, age, full index,
    /// relative offset overflow). The new segment starts at `first_offset`, as Kafka's
    /// `maybeRoll` names it after the first appended batch (past the log end for a
    /// follower copying a compacted log's gap). An empty active segment is never rolled.
    fn maybe_roll(
        &self,
        st: &mut State,
        bytes: u64,
        first_offset: i64,
        span: i64,
        now_ms: i64,
    ) -> Result<()> {
        let config = st.config;
        // The append indexes its batches, so a lazily opened active segment is loaded now.
        st.active_mut().load()?;
        let seg = st.active();
        if seg.size == 0 {
            return Ok(());
        }
        let too_big =
            seg.size + bytes > config.segment_bytes || seg.size + bytes > u64::from(u32::MAX);
        let too_old = seg
            .rolling_base_ms
            .is_some_and(|t| now_ms.saturating_sub(t) > config.segment_ms);
        let offset_overflow = first_offset + span - 1 - seg.base_offset > i64::from(i32::MAX);
        if too_big || too_old || offset_overflow || seg.indexes_full() {
            self.roll_at(st, first_offset)?;
        }
        Ok(())
    }

    fn roll(&self, st: &mut State) -> Result<()> {
        let next = st.log_end_offset();
        self.roll_at(st, next)
    }

    /// Seals the active segment and starts a new one at `next` (the log end, or past it).
    fn roll_at(&self, st: &mut State, next: i64) -> Result<()> {
        let config = st.config;
        st.active_mut().seal();
        let seg = Segment::create(&self.files, &self.dir(), next, &config)?;
        tracing::debug!(
            "{}-{}: rolled new segment at offset {next}",
            self.topic,
            self.partition
        );
        st.segments.push_back(seg);
        st.dir_dirty = true;
        Ok(())
    }

    /// Forces a new active segment (if the current one is not empty).
    pub fn force_roll(&self) -> Result<()> {
        let mut st = self.lock();
        if st.active().size > 0 {
            self.roll(&mut st)?;
        }
        Ok(())
    }

    /// Moves the log end offset up to `offset` with no batch in between, by starting a new
    /// (empty) active segment there; false (nothing done) unless `offset` is past the end.
    ///
    /// For a copy of a compacted log whose cleaner removed the last batches: the source
    /// keeps its end offset (its empty active segment starts there) though no batch covers
    /// the offsets before it, so the copy ends the same way. The segment file named after
    /// `offset` is what keeps the end offset across a restart, as for any log whose active
    /// segment is empty; a segment may start past the end of the one before (a follower's
    /// roll over a gap), and the one it seals, possibly empty, stays as the cleaner leaves
    /// emptied segments.
    pub fn advance_end_to(&self, offset: i64) -> Result<bool> {
        let mut st = self.lock();
        if offset <= st.log_end_offset() {
            return Ok(false);
        }
        self.roll_at(&mut st, offset)?;
        Ok(true)
    }

    /// Reads whole batches starting with the one holding `fetch_offset`, up
    /// to `max_bytes` but always at least one whole batch if any exists,
    /// continuing into later segments while room remains.
    ///
    /// `OffsetOutOfRange` below the log start or above the log end; an empty
    /// slice at the log end. File I/O happens outside the lock.
    pub fn read(&self, fetch_offset: i64, max_bytes: usize) -> Result<ReadSlice> {
        self.read_with(fetch_offset, max_bytes, true)
    }

    /// [`PartitionLog::read`] with Kafka's `minOneMessage` switch: with
    /// `min_one_batch` false, a first batch larger than `max_bytes` yields an
    /// empty slice instead (for the later partitions of a Fetch response
    /// whose byte budget is nearly spent).
    pub fn read_with(
        &self,
        fetch_offset: i64,
        max_bytes: usize,
        min_one_batch: bool,
    ) -> Result<ReadSlice> {
        self.read_limited(
            fetch_offset,
            max_bytes,
            min_one_batch,
            ReadLimit::HighWatermark,
        )
    }

    /// [`PartitionLog::read`] up to the log end rather than the high watermark: the broker
    /// reading back batches it holds but has not exposed yet, such as a transaction marker a
    /// follower just copied (its high watermark trails the leader's) or one above the high
    /// watermark a restart resumed from.
    pub fn read_to_log_end(&self, fetch_offset: i64, max_bytes: usize) -> Result<ReadSlice> {
        self.read_limited(fetch_offset, max_bytes, true, ReadLimit::LogEnd)
    }

    fn read_limited(
        &self,
        fetch_offset: i64,
        max_bytes: usize,
        min_one_batch: bool,
        limit: ReadLimit,
    ) -> Result<ReadSlice> {
        let regions = self.read_regions_limited(fetch_offset, max_bytes, min_one_batch, limit)?;
        let buf = regions.read_all()?;
        Ok(ReadSlice {
            bytes: Bytes::from(buf),
            high_watermark: regions.high_watermark,
            log_start_offset: regions.log_start_offset,
            log_end_offset: regions.log_end_offset,
        })
    }

    /// Where the whole batches [`PartitionLog::read_with`] would return lie
    /// in the segment files, without reading them: a Fetch sends these file
    /// ranges straight to the socket (`sendfile`). The batches are found by
    /// walking their headers (a small read per batch, or per 8 KiB of small
    /// batches), so a range always ends on a batch boundary.
    ///
    /// A range keeps its segment file open: a segment deleted by retention
    /// meanwhile is still read whole. Bytes below a range's end were fully
    /// written before the read began and are never rewritten (appends only
    /// go past the end), so the ranges hold the same bytes when sent later.
    pub fn read_regions(
        &self,
        fetch_offset: i64,
        max_bytes: usize,
        min_one_batch: bool,
    ) -> Result<ReadRegions> {
        self.read_regions_limited(
            fetch_offset,
            max_bytes,
            min_one_batch,
            ReadLimit::HighWatermark,
        )
    }

    /// [`PartitionLog::read_regions`] up to `limit`: consumers read up to the high
    /// watermark, followers up to the log end. A fetch offset between the two is no error
    /// for a consumer: it gets nothing yet.
    pub fn read_regions_limited(
        &self,
        fetch_offset: i64,
        max_bytes: usize,
        min_one_batch: bool,
        limit: ReadLimit,
    ) -> Result<ReadRegions> {
        let (views, lso, leo, hw) = {
            let mut st = self.lock();
            let lso = st.log_start_offset;
            let leo = st.log_end_offset();
            let hw = st.high_watermark();
            if fetch_offset < lso || fetch_offset > leo {
                return Err(StorageError::OffsetOutOfRange {
                    offset: fetch_offset,
                    log_start_offset: lso,
                    log_end_offset: leo,
                });
            }
            let upper = match limit {
                ReadLimit::HighWatermark => hw,
                ReadLimit::LogEnd => leo,
                ReadLimit::Stable(offset) => offset.min(hw),
            };
            if fetch_offset >= upper {
                return Ok(ReadRegions::empty(leo, lso, hw));
            }
            let first = st
                .segments
                .partition_point(|s| s.base_offset <= fetch_offset)
                .saturating_sub(1);
            st.segments[first].load()?;
            // Enough segments to cover the index gap, one batch and max_bytes.
            let budget = (max_bytes as u64)
                .saturating_add(st.config.index_interval_bytes.saturating_mul(2))
                .saturating_add(st.config.max_message_bytes);
            let mut views = Vec::with_capacity(2);
            let mut covered = 0u64;
            for (i, s) in st.segments.iter().enumerate().skip(first) {
                let start = if i == first {
                    s.offset_index.lookup(fetch_offset)
                } else {
                    0
                };
                if s.size > start {
                    views.push(View {
                        file: s.log_file()?,
                        path: Arc::clone(&s.log_path),
                        start,
                        end: s.size,
                    });
                    covered += s.size - start;
                }
                if covered >= budget {
                    break;
                }
            }
            (views, lso, leo, hw)
        };
        let upper = match limit {
            ReadLimit::HighWatermark => hw,
            ReadLimit::LogEnd => leo,
            ReadLimit::Stable(offset) => offset.min(hw),
        };
        let mut out = ReadRegions::empty(leo, lso, hw);
        let max_bytes = max_bytes as u64;
        // Skip the batches before the one holding fetch_offset (from the
        // index position), then take whole batches while they fit.
        'views: for v in &views {
            let mut sc = FileScanner::new(&v.file, &v.path, v.start, v.end, HEADER_SCAN_CHUNK);
            let mut region: Option<(u64, u64)> = None;
            loop {
                let (at, h) = match sc.next_header() {
                    Ok(Some(next)) => next,
                    Ok(None) => break,
                    // A damaged header ends the read; what came before it is served.
                    Err(e) if out.len > 0 || region.is_some() => {
                        tracing::warn!("{}: read stops at a damaged batch: {e}", v.path.display());
                        out.push(v, region);
                        break 'views;
                    }
                    Err(e) => return Err(e),
                };
                if h.last_offset() < fetch_offset {
                    continue;
                }
                if h.base_offset >= upper {
                    out.push(v, region);
                    break 'views;
                }
                let size = h.total_size() as u64;
                let taken = out.len as u64 + region.map_or(0, |(from, to)| to - from);
                if taken == 0 {
                    if size > max_bytes && !min_one_batch {
                        return Ok(out);
                    }
                } else if taken + size > max_bytes {
                    out.push(v, region);
                    break 'views;
                }
                region = Some((region.map_or(at, |(from, _)| from), at + size));
            }
            out.push(v, region);
        }
        Ok(out)
    }

    /// First record with timestamp >= `timestamp` as `(offset, timestamp)`,
    /// or None if every record is older (ListOffsets by time).
    ///
    /// Finds the first segment whose max timestamp reaches `timestamp`, starts
    /// from its time index + offset index, scans batch headers for the first
    /// batch with maxTimestamp >= `timestamp`, then picks the exact record
    /// inside it (see `batch::first_record_at_or_after`: record varint walk
    /// for uncompressed batches, decompression for compressed ones, the
    /// first record for LogAppendTime). The offset is never below the log
    /// start offset.
    pub fn offset_for_timestamp(&self, timestamp: i64) -> Result<Option<(i64, i64)>> {
        let (file, path, start, end, lso) = {
            let mut st = self.lock();
            let mut found = None;
            for i in 0..st.segments.len() {
                st.segments[i].load()?;
                if st.segments[i].max_timestamp >= timestamp {
                    found = Some(i);
                    break;
                }
            }
            let Some(seg) = found.map(|i| &st.segments[i]) else {
                return Ok(None);
            };
            let from_offset = seg.time_index.lookup(timestamp);
            (
                seg.log_file()?,
                Arc::clone(&seg.log_path),
                seg.offset_index.lookup(from_offset),
                seg.size,
                st.log_start_offset,
            )
        };
        let mut sc = FileScanner::new(&file, &path, start, end, HEADER_SCAN_CHUNK);
        while let Some((pos, h)) = sc.next_header()? {
            // A batch the cleaner emptied keeps the max timestamp of records it no longer
            // has: no record there to point at.
            if h.max_timestamp < timestamp || h.record_count == 0 {
                continue;
            }
            let mut batch = vec![0u8; h.total_size()];
            file.read_exact_at(&mut batch, pos).at(&path)?;
            let (offset, ts) = first_record_at_or_after(&batch, timestamp)
                .unwrap_or((h.base_offset, h.max_timestamp));
            return Ok(Some((offset.max(lso), ts)));
        }
        Ok(None)
    }

    /// The headers of the batches in the log's newest segments, oldest first: every segment
    /// from the newest back until `max_bytes` are covered (at least the active segment).
    /// Only headers are read, so this costs one small read per batch. Used to rebuild state
    /// kept beside the log, such as idempotent producers' last sequences.
    pub fn tail_batch_headers(&self, max_bytes: u64) -> Result<Vec<BatchHeader>> {
        let views: Vec<View> = {
            let st = self.lock();
            let mut covered = 0u64;
            let mut views = Vec::new();
            for seg in st.segments.iter().rev() {
                views.push(View {
                    file: seg.log_file()?,
                    path: Arc::clone(&seg.log_path),
                    start: 0,
                    end: seg.size,
                });
                covered += seg.size;
                if covered >= max_bytes {
                    break;
                }
            }
            views.reverse();
            views
        };
        let mut headers = Vec::new();
        for v in &views {
            let mut sc = FileScanner::new(&v.file, &v.path, v.start, v.end, HEADER_SCAN_CHUNK);
            while let Some((_, h)) = sc.next_header()? {
                headers.push(h);
            }
        }
        Ok(headers)
    }

    /// `(timestamp, offset)` of the largest batch timestamp in the log, the
    /// offset being the last offset of that batch; None for an empty log.
    pub fn max_timestamp_offset(&self) -> Option<(i64, i64)> {
        let mut st = self.lock();
        let mut best: Option<(i64, i64)> = None;
        for s in st.segments.iter_mut() {
            if let Err(e) = s.load() {
                // Its largest timestamp stays unknown; the other segments still answer.
                tracing::warn!("cannot load segment {}: {e}", s.log_path.display());
            }
            if s.max_timestamp >= 0 && best.is_none_or(|(ts, _)| s.max_timestamp > ts) {
                best = Some((s.max_timestamp, s.offset_of_max_timestamp));
            }
        }
        best
    }

    /// Deletes segments per `retention.ms` (largest timestamp older than
    /// `now_ms - retention.ms`), `retention.bytes` (oldest first while the log
    /// is larger) and the log start offset (segments entirely below it).
    /// Deletes a prefix of the log and stops at the first segment that may
    /// stay. If the active segment goes too, a new empty one is rolled first.
    /// Returns how many segments were deleted.
    pub fn apply_retention(&self, now_ms: i64) -> Result<usize> {
        let ((files, n), epochs) = {
            let mut st = self.lock();
            let config = st.config;
            let mut total = st.size();
            let lso = st.log_start_offset;
            let mut n = 0;
            for i in 0..st.segments.len() {
                let s = &st.segments[i];
                let is_active = i + 1 == st.segments.len();
                // An empty active segment stays; an empty closed one (all its records
                // cleaned away) is judged like any other.
                if s.size == 0 && is_active {
                    break;
                }
                let next_base = st
                    .segments
                    .get(i + 1)
                    .map_or(s.next_offset, |n| n.base_offset);
                // Only segments wholly below the high watermark go, as Kafka's
                // `deletableSegments`: a leader whose followers lag never moves its log start
                // past what they have.
                if next_base > st.high_watermark() {
                    break;
                }
                let below_start = next_base <= lso;
                let oversize = config.retention_bytes >= 0
                    && total.saturating_sub(s.size) >= config.retention_bytes as u64;
                // Its largest timestamp, read from its time index, decides only when its place
                // and size do not: a lazily opened segment is loaded for it under this lock,
                // which appends wait for, so a deletion by size loads none of the segments it
                // deletes.
                let expired = !(below_start || oversize) && config.retention_ms >= 0 && {
                    st.segments[i].load()?;
                    let s = &st.segments[i];
                    now_ms.saturating_sub(s.largest_timestamp()) > config.retention_ms
                };
                if !(below_start || expired || oversize) {
                    break;
                }
                let s = &st.segments[i];
                total -= s.size;
                n += 1;
                if is_active {
                    break;
                }
            }
            let removed = self.remove_prefix(&mut st, n)?;
            (removed, st.trim_epochs_to_start())
        };
        delete_segment_files(&files)?;
        if let Some(snapshot) = epochs {
            self.write_epochs(snapshot)?;
        }
        Ok(n)
    }

    /// Drops the first `n` segments from the state (rolling first if that
    /// includes the active one), advancing the log start offset. Returns the
    /// files to delete once the lock is released.
    fn remove_prefix(&self, st: &mut State, n: usize) -> Result<(Vec<PathBuf>, usize)> {
        if n == 0 {
            return Ok((Vec::new(), 0));
        }
        if n == st.segments.len() {
            self.roll(st)?;
        }
        let mut files = Vec::with_capacity(n * 4);
        for s in st.segments.drain(..n) {
            files.extend(s.files());
            // Its aborted transactions go with it (most segments have no such file).
            files.push(segment_file(&self.dir(), s.base_offset, TXN_INDEX_SUFFIX));
        }
        let first_base = st.segments[0].base_offset;
        if first_base > st.log_start_offset {
            st.log_start_offset = first_base;
        }
        // Producer-state snapshots below the first segment go with the segments (Kafka deletes
        // the snapshot of every deleted segment): the log they would be replayed over is gone.
        files.extend(
            list_snapshots(&self.dir())?
                .into_iter()
                .filter(|(o, _)| *o < first_base)
                .map(|(_, p)| p),
        );
        if st.recovery_point < st.log_start_offset {
            st.recovery_point = st.log_start_offset;
        }
        tracing::info!(
            "{}-{}: deleted {n} segment(s), log start offset now {}",
            self.topic,
            self.partition,
            st.log_start_offset
        );
        Ok((files, n))
    }

    /// Makes `offset` the new log start offset (DeleteRecords) and deletes
    /// the segments entirely below it. Offsets below the current start are a
    /// no-op; above the log end is `OffsetOutOfRange`. Returns the log start.
    pub fn delete_records_before(&self, offset: i64) -> Result<i64> {
        let (files, lso, epochs) = {
            let mut st = self.lock();
            let leo = st.log_end_offset();
            if offset > leo || offset < 0 {
                return Err(StorageError::OffsetOutOfRange {
                    offset,
                    log_start_offset: st.log_start_offset,
                    log_end_offset: leo,
                });
            }
            if offset > st.log_start_offset {
                st.log_start_offset = offset;
            }
            let lso = st.log_start_offset;
            let mut n = 0;
            for (i, s) in st.segments.iter().enumerate() {
                let next_base = st
                    .segments
                    .get(i + 1)
                    .map_or(s.next_offset, |n| n.base_offset);
                // The active segment stays unless it is entirely below.
                if s.size == 0 || next_base > lso {
                    break;
                }
                n += 1;
            }
            let (files, _) = self.remove_prefix(&mut st, n)?;
            (
                files,
                st.log_start_offset.max(lso),
                st.trim_epochs_to_start(),
            )
        };
        delete_segment_files(&files)?;
        if let Some(snapshot) = epochs {
            self.write_epochs(snapshot)?;
        }
        Ok(lso)
    }

    /// fsyncs everything appended so far (data and indexes) and advances the
    /// recovery point. The `fsync` runs outside the lock. A failed fsync takes
    /// the log directory offline, as in Kafka; a flush is still tried in an
    /// offline directory (it needs no space, and keeps acknowledged data).
    pub fn flush(&self) -> Result<()> {
        self.flush_to(None)
    }

    /// [`PartitionLog::flush`] of the offsets below `bound` only (all with None), which
    /// becomes the recovery point.
    fn flush_to(&self, bound: Option<i64>) -> Result<()> {
        let result = self.flush_inner(bound);
        if let Err(e @ StorageError::Io { .. }) = &result {
            if self.is_retired() {
                return result;
            }
            self.log_dir_health().fail(
                &format!(
                    "Error while flushing log for {}-{}",
                    self.topic, self.partition
                ),
                e,
            );
        }
        result
    }

    fn flush_inner(&self, bound: Option<i64>) -> Result<()> {
        let _flushing = self.flushing.lock().unwrap_or_else(|e| e.into_inner());
        let (handles, target, sync_dir, new_dir, truncations, snapshots) = {
            let mut st = self.lock();
            let end = st.log_end_offset();
            let target = bound.map_or(end, |b| b.min(end));
            let rp = st.recovery_point;
            // Snapshots and directory entries already below the recovery point (a snapshot
            // queued just after a flush passed its offset, one written at a clean shutdown
            // with nothing left to flush) are synced even when no record is.
            let synced_to = target.max(rp);
            let pending = st.dir_dirty || st.unsynced_snapshots.iter().any(|&o| o <= synced_to);
            if target <= rp && !pending {
                return Ok(());
            }
            let mut handles = Vec::new();
            for s in st
                .segments
                .iter()
                .filter(|s| s.next_offset > rp && s.base_offset < target && s.size > 0)
            {
                handles.extend(s.sync_handles()?);
            }
            // What stays unflushed is what lies past the target (Kafka counts the offsets
            // from the recovery point to the log end).
            if target > rp {
                st.unflushed_messages = st.unflushed_messages.min(end - target);
                st.last_flush_ms = now_ms();
            }
            let sync_dir = std::mem::take(&mut st.dir_dirty);
            let new_dir = std::mem::take(&mut st.new_dir_unsynced);
            let (snapshots, later): (Vec<i64>, Vec<i64>) =
                st.unsynced_snapshots.iter().partition(|&&o| o <= synced_to);
            st.unsynced_snapshots = later;
            (
                handles,
                target,
                sync_dir,
                new_dir,
                st.truncations,
                snapshots,
            )
        };
        for (file, path) in handles {
            file.sync_data().at(&path)?;
        }
        let dir = self.dir();
        for offset in snapshots {
            // Gone meanwhile (truncated, or older than the log start): nothing to keep.
            let path = snapshot_file(&dir, offset);
            match File::open(&path) {
                Ok(f) => f.sync_all().at(&path)?,
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(StorageError::io(&path, e)),
            }
        }
        if new_dir {
            let metadata = dir.join(PARTITION_METADATA_FILE);
            match File::open(&metadata) {
                Ok(f) => f.sync_all().at(&metadata)?,
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(StorageError::io(&metadata, e)),
            }
        }
        if sync_dir || new_dir {
            File::open(&dir).and_then(|d| d.sync_all()).at(&dir)?;
        }
        if new_dir {
            if let Some(parent) = dir.parent() {
                File::open(parent).and_then(|d| d.sync_all()).at(parent)?;
            }
        }
        let mut st = self.lock();
        // A truncation meanwhile may have cut what was synced, and appends written the same
        // offsets again, unsynced: the next flush covers them.
        if target > st.recovery_point && st.truncations == truncations {
            st.recovery_point = target;
        }
        Ok(())
    }

    /// Time-based flush policy (`flush.ms`): flushes if there is unflushed
    /// data and the last flush is older than the interval. Returns whether that
    /// flush was due. Meant to be called periodically by the broker.
    ///
    /// Otherwise it flushes the segments rolled since the last flush, up to the active
    /// segment (which becomes the recovery point), as Kafka's roll schedules a flush of the
    /// segment it seals: a crash then recovers the active segment only, not every segment
    /// written since the last `flush.ms` (by default never). The fsync runs on the caller's
    /// thread, outside the lock, so appends go on meanwhile.
    ///
    /// When no flush is due, it starts the kernel's write-back of what was
    /// appended since the last call, without waiting for it: the data then
    /// reaches the disk within about a second instead of after the kernel's
    /// dirty-page expiry (30 s), so a clean shutdown's final fsync (and one
    /// due later) has little left to wait for. It changes no durability
    /// promise: only an fsync moves the recovery point.
    pub fn maybe_flush(&self, now_ms: i64) -> Result<bool> {
        let (due, sealed, writeback) = {
            let mut st = self.lock();
            let end = st.log_end_offset();
            let unflushed = end > st.recovery_point;
            let due =
                unflushed && now_ms.saturating_sub(st.last_flush_ms) >= st.config.flush_interval_ms;
            let active_base = st.active().base_offset;
            let sealed = (!due && active_base > st.recovery_point).then_some(active_base);
            let writeback = if !due && unflushed && end != st.writeback_started_at {
                st.writeback_started_at = end;
                let rp = st.recovery_point;
                // A hint only: a file that cannot be opened again is skipped.
                st.segments
                    .iter()
                    .filter(|s| s.next_offset > rp && s.size > 0)
                    .filter_map(|s| s.log_file().ok())
                    .collect()
            } else {
                Vec::new()
            };
            (due, sealed, writeback)
        };
        if due {
            self.flush()?;
        } else if let Some(active_base) = sealed {
            self.flush_to(Some(active_base))?;
        }
        for file in writeback {
            start_writeback(&file);
        }
        Ok(due)
    }

    /// Pauses the log cleaner for this log, after waiting for a pass in progress (Kafka's
    /// `abortAndPauseCleaning`, which aborts it instead): AlterReplicaLogDirs pauses a log
    /// while its future replica is built, so no pass rewrites segments the copy is reading
    /// or swaps files in the directory the move is about to leave. Pauses nest; each
    /// is ended by one [`PartitionLog::resume_cleaning`].
    pub fn pause_cleaning(&self) {
        self.cleaning
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .pauses += 1;
    }

    /// Ends one [`PartitionLog::pause_cleaning`] (Kafka's `resumeCleaning`): passes run
    /// again once no pause is left.
    pub fn resume_cleaning(&self) {
        let mut gate = self.cleaning.lock().unwrap_or_else(|e| e.into_inner());
        gate.pauses = gate.pauses.saturating_sub(1);
    }

    /// Whether the log cleaner is paused for this log ([`PartitionLog::pause_cleaning`]).
    pub fn is_cleaning_paused(&self) -> bool {
        self.cleaning
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .pauses
            > 0
    }

    /// Marks the log as deleted, after waiting for a log cleaner pass in progress, so that
    /// no pass touches its directory again (a topic re-created under the same name reuses
    /// it). Called before the directory is removed.
    pub fn retire(&self) {
        self.cleaning
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .retired = true;
        self.retired
            .store(true, std::sync::atomic::Ordering::Release);
    }

    /// True once the log was deleted ([`PartitionLog::retire`]): an I/O error on its removed
    /// files says nothing about the health of its log directory.
    pub(crate) fn is_retired(&self) -> bool {
        self.retired.load(std::sync::atomic::Ordering::Acquire)
    }

    /// Clean close: records the active segment's final time-index entry and
    /// flushes. The log stays usable.
    pub fn close(&self) -> Result<()> {
        self.lock().active_mut().seal();
        self.flush()
    }

    /// Writes `partition.metadata` (`version: 0`, `topic_id: <base64url>`) into a new log's
    /// directory, through a temporary file renamed over it (never half a file). Not fsynced
    /// here: the log's first flush does it (`new_dir_unsynced`), and until then the broker's
    /// catalogue, fsynced, holds the topic id (Kafka fsyncs this file in the background).
    pub(crate) fn write_partition_metadata(dir: &Path, topic_id: [u8; 16]) -> Result<()> {
        use base64::Engine;
        let id = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(topic_id);
        let path = dir.join(PARTITION_METADATA_FILE);
        let tmp = dir.join(format!("{PARTITION_METADATA_FILE}.tmp"));
        fs::write(&tmp, format!("version: 0\ntopic_id: {id}\n")).at(&tmp)?;
        fs::rename(&tmp, &path).at(&path)?;
        Ok(())
    }
}

/// The names of the files in a partition's directory, which is made (empty) when missing.
fn list_dir(dir: &Path) -> Result<Vec<String>> {
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            fs::create_dir_all(dir).at(dir)?;
            return Ok(Vec::new());
        }
        Err(e) => return Err(StorageError::io(dir, e)),
    };
    let mut names = Vec::new();
    for entry in entries {
        let entry = entry.at(dir)?;
        if let Ok(name) = entry.file_name().into_string() {
            names.push(name);
        }
    }
    Ok(names)
}

/// Deletes the producer-state snapshots of `dir` whose offset `doomed` picks.
fn delete_snapshots(dir: &Path, doomed: impl Fn(i64) -> bool) -> Result<()> {
    let files: Vec<PathBuf> = list_snapshots(dir)?
        .into_iter()
        .filter(|(o, _)| doomed(*o))
        .map(|(_, p)| p)
        .collect();
    delete_segment_files(&files)
}

/// Asks the kernel to start writing `file`'s dirty pages to disk and returns
/// without waiting (Linux `sync_file_range(SYNC_FILE_RANGE_WRITE)`); a hint,
/// so a failure is ignored. Elsewhere a no-op.
#[allow(unsafe_code)]
fn start_writeback(file: &File) {
    #[cfg(target_os = "linux")]
    {
        use std::os::fd::AsRawFd;
        // SAFETY: the descriptor belongs to `file`, which outlives the call;
        // offset 0 and length 0 mean the whole file.
        unsafe {
            libc::sync_file_range(file.as_raw_fd(), 0, 0, libc::SYNC_FILE_RANGE_WRITE);
        }
    }
    #[cfg(not(target_os = "linux"))]
    let _ = file;
}

/// The leader-epoch cache of a log being opened: `leader-epoch-checkpoint` as written, then
/// the epochs of the batches recovery walked (from `recovered_from`; every segment when the
/// file is missing or unreadable), kept within `[log_start, log_end)` (Kafka's rebuild on
/// load). The file is written again when that changed what it said.
fn load_epochs(
    dir: &Path,
    segments: &VecDeque<Segment>,
    recovered_from: Option<i64>,
    log_start: i64,
    log_end: i64,
) -> Result<LeaderEpochCache> {
    let path = dir.join(LEADER_EPOCH_CHECKPOINT);
    let stored = if path.exists() {
        match read_leader_epoch_checkpoint(&path).and_then(|entries| {
            LeaderEpochCache::from_entries(entries.clone()).map(|c| (c, entries))
        }) {
            Ok(found) => Some(found),
            Err(e) => {
                tracing::warn!("{}: {e}; rebuilding it from the log", path.display());
                None
            }
        }
    } else {
        None
    };
    let (mut cache, written, rescan_from) = match stored {
        Some((cache, entries)) => (cache, Some(entries), recovered_from),
        None => (LeaderEpochCache::default(), None, Some(i64::MIN)),
    };
    if let Some(from) = rescan_from {
        // Recovery's batches may hold epochs the file never got (a crash right after an
        // append): the cache forgets what starts at or after the first of them, then learns
        // each one again. Headers only.
        let first_base = segments
            .iter()
            .find(|s| s.base_offset >= from)
            .map(|s| s.base_offset);
        if let Some(first_base) = first_base {
            cache.truncate_from_end(first_base.max(0));
        }
        // An empty segment has no batches: its file is not opened for them.
        for seg in segments
            .iter()
            .filter(|s| s.base_offset >= from && s.size > 0)
        {
            let log = seg.log_file()?;
            let mut sc = FileScanner::new(&log, &seg.log_path, 0, seg.size, HEADER_SCAN_CHUNK);
            while let Some((_, h)) = sc.next_header()? {
                if h.partition_leader_epoch >= 0
                    && cache.latest_epoch() != Some(h.partition_leader_epoch)
                {
                    cache.assign(h.partition_leader_epoch, h.base_offset)?;
                }
            }
        }
    }
    cache.truncate_from_end(log_end);
    if cache.earliest().is_some_and(|e| e.start_offset < log_start) {
        cache.truncate_from_start(log_start);
    }
    if written.as_deref() != Some(&cache.entries()[..]) && (written.is_some() || !cache.is_empty())
    {
        write_leader_epoch_checkpoint(&path, &cache.entries())?;
    }
    Ok(cache)
}

/// Reads the topic id from `partition.metadata`; None if absent or malformed.
fn read_partition_metadata(dir: &Path) -> Option<[u8; 16]> {
    use base64::Engine;
    let text = fs::read_to_string(dir.join(PARTITION_METADATA_FILE)).ok()?;
    let id = text
        .lines()
        .find_map(|l| l.strip_prefix("topic_id:"))?
        .trim();
    let raw = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(id)
        .ok()?;
    raw.try_into().ok()
}

#[path = "cleaner.rs"]
pub(crate) mod cleaner;

#[path = "future_replica.rs"]
pub(crate) mod future_replica;

#[cfg(test)]
#[path = "partition_log_tests.rs"]
mod tests;

#[cfg(test)]
#[path = "partition_log_replica_tests.rs"]
mod replica_tests;

#[cfg(test)]
#[path = "partition_log_open_files_tests.rs"]
mod open_files_tests;

#[cfg(test)]
#[path = "partition_log_txn_tests.rs"]
mod txn_tests;
