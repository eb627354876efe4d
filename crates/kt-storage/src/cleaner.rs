//! The log cleaner of compacted topics (`cleanup.policy=compact`): Kafka's `LogCleaner`, one
//! partition at a time.
//!
//! # What a pass does
//!
//! 1. Under the lock, pick the *cleanable* segments: the closed ones, oldest first, up to
//!    the first whose newest timestamp is younger than `min.compaction.lag.ms`. The active
//!    segment is never rewritten. The pass runs only if the *dirty* bytes (cleanable
//!    segments holding offsets at or above the clean offset, i.e. not cleaned yet) are at
//!    least `min.cleanable.dirty.ratio` of the cleanable bytes.
//! 2. Without the lock, read the headers of the whole log as it was at step 1, the active
//!    segment included, to learn every producer's newest batch (see `producers`): the last
//!    data batch of each producer still active (not idle for `producer.id.expiration.ms`),
//!    or its newest marker when its epoch has no data batch; and the first unstable offset.
//!    Then map keys to their latest offsets (see `keymap`) from the clean offset on (Kafka's
//!    dirty section), through the uncleanable segments too, the active one included, so a
//!    key rewritten there loses its older records (Kafka's map stops at the first
//!    uncleanable offset), but never at or past the first unstable offset: an open
//!    transaction may yet be aborted. The map holds what `log.cleaner.dedupe.buffer.size`
//!    holds (24 bytes a key); once it is full, as in Kafka's `buildOffsetMap`, the pass
//!    cleans only up to the last offset mapped, which may fall inside a segment or a batch
//!    (the records past it stay as they are), the clean offset moves only there, and the
//!    next pass goes on from it.
//! 3. Rewrite the cleanable segments holding offsets below that end, grouped as long as the
//!    group's original size fits in `segment.bytes`, each group's batches written one by one
//!    through a buffer to its `.cleaned` file as they are read, so a pass holds about one
//!    batch and the buffer, not a group. A record stays if no newer record of its key was
//!    mapped (a key the map lacks has none: its older records went in earlier passes) or if
//!    it is past where the mapping stopped; a tombstone (null value) stays only until its
//!    batch's delete horizon has passed. Records without a key are
//!    dropped (Kafka counts them as invalid). A batch whose records all stay is copied as
//!    it is; an emptied batch is dropped, unless it stays as an empty header (same offsets,
//!    producer id, epoch and base sequence; Kafka's `RETAIN_EMPTY`) because it is
//!    - the pass's last (its next offset is where the cleaned range ends), so that the
//!      offsets to the range's end stay covered (Kafka's KAFKA-17076), or
//!    - an active producer's last batch (or marker) learnt at step 2, so that the producer
//!      state rebuilt from the log (after a restart, on a follower or a new replica) keeps
//!      its last sequence and epoch. Once the producer wrote newer batches, or expired, a
//!      later pass drops it as any emptied batch;
//!
//!    otherwise the kept records' bytes are written into a batch with the same header (base
//!    offset, last offset delta, timestamps, producer id, epoch and base sequence),
//!    recompressed with the batch's codec, with a new count and CRC. Offsets never change.
//!    Transactions as Kafka's cleaner treats them (see `txn`): nothing past the first
//!    unstable offset is cleaned, aborted batches are removed (emptied, if a producer's
//!    last) and never enter the key map, committed ones are ordinary data, and markers go
//!    once no batch of their transaction is left and their delete horizon has passed
//!    (emptied, if their producer's last entry); an already emptied marker goes at once.
//!
//!    The delete horizon is Kafka's (KIP-534): the first pass that keeps a batch with a
//!    tombstone, or a marker that could go, stamps `now + delete.retention.ms` into its
//!    `baseTimestamp` with attribute bit 6 (the records' timestamp deltas rebased, so each
//!    keeps its timestamp); a later pass past that time removes them. A reader therefore
//!    has `delete.retention.ms` from the pass that removed the records a tombstone deletes
//!    to reach the tombstone, whatever the tombstone's own timestamp.
//! 4. Swap each rewritten group in, crash-safely (below). The log start offset stays.
//!
//! # Swapping, and recovery
//!
//! The group starting at base offset `B` and ending before offset `E` (the next segment's
//! base) is written as `B.log.cleaned`, then `B.index.cleaned` and `B.timeindex.cleaned` are
//! built from it by the validating scan that opens a segment (bounded reads), all fsynced,
//! then `B.log.cleaned` is renamed to `B-E.log.swap` and the directory fsynced: from then on
//! the swap is decided. Under the partition lock the old segments' files are
//! renamed to `.deleted`, the swap file to `B.log` and the indexes to their names, and the
//! segment list is updated; the `.deleted` files are removed after the lock is released.
//! Readers that took a segment's file handle before the swap keep reading the old file.
//!
//! At open, [`complete_swaps`] finishes an interrupted swap: it deletes every segment file
//! with a base offset in `[B, E)` and renames `B-E.log.swap` to `B.log` (its indexes are then
//! rebuilt because they are missing). `.cleaned` files are dropped by the open itself, which
//! rolls back a pass that had not reached the swap.

use std::fs::{self, File};
use std::io::{BufWriter, Write};
use std::ops::ControlFlow;
use std::os::unix::fs::FileExt;
use std::path::{Path, PathBuf};
use std::sync::atomic::Ordering;
use std::sync::Arc;

use super::super::batch::{
    read_varlong, stamp_crc, write_varlong, BatchHeader, ATTRIBUTES_OFFSET, BASE_TIMESTAMP_OFFSET,
    COMPRESSION_MASK, DELETE_HORIZON_BIT, HEADER_SIZE, LENGTH_OFFSET, LOG_OVERHEAD,
    MAX_TIMESTAMP_OFFSET, RECORD_COUNT_OFFSET,
};
use super::super::codec::{compress, records_of};
use super::super::error::{IoContext, Result, StorageError};
use super::super::scan::{FileScanner, FULL_SCAN_CHUNK};
use super::super::segment::{
    delete_segment_files, parse_log_file_name, segment_file, Segment, INDEX_SUFFIX, LOG_SUFFIX,
    TIME_INDEX_SUFFIX,
};
use super::super::txn_index::{AbortedTxnEntry, TXN_INDEX_SUFFIX};
use super::PartitionLog;
use kt_base::clock::now_ms;

#[path = "cleaner_txn.rs"]
mod txn;
use txn::{AbortedRanges, OpenTransactions, TxnFate, TxnWalk};
#[path = "cleaner_producers.rs"]
mod producers;
use producers::ProducerTails;
#[path = "cleaner_keymap.rs"]
mod keymap;
use keymap::KeyMap;

/// Suffix of a rewritten segment's files while they are being written.
const CLEANED_SUFFIX: &str = ".cleaned";
/// Suffix of a rewritten segment's data file once it is ready to replace its sources.
const SWAP_SUFFIX: &str = ".log.swap";

/// What one cleaning pass of a log did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct CleanStats {
    /// Segments that were rewritten (replaced by fewer or as many cleaned ones).
    pub segments_rewritten: usize,
    /// Records removed.
    pub records_removed: i64,
    /// Bytes of the rewritten segments before the pass.
    pub bytes_before: u64,
    /// Bytes of the segments that replaced them.
    pub bytes_after: u64,
    /// Keys in the pass's key map: at most what `log.cleaner.dedupe.buffer.size` holds.
    pub keys_mapped: usize,
    /// Bytes of the key map's slot array at the end of the mapping (at most the buffer).
    pub key_map_bytes: u64,
    /// The first offset the pass did not clean, where the next pass's dirty section starts:
    /// the end of the cleanable segments, or where the key map filled up.
    pub cleaned_up_to: i64,
    /// The most bytes of rewritten output the pass held in memory at once (the `.cleaned`
    /// writer's buffer and the batch being written).
    pub peak_output_buffered: usize,
}

/// One record of a decompressed batch, as far as the cleaner reads it.
struct RawRecord<'a> {
    /// The whole record (length prefix included), to copy if it stays.
    bytes: &'a [u8],
    offset_delta: i64,
    timestamp_delta: i64,
    key: Option<&'a [u8]>,
    has_value: bool,
}

fn corrupt(what: &str) -> StorageError {
    StorageError::CorruptRecord(format!("malformed record: {what}"))
}

/// Whether the control batch `batch` (header `h`) is a transaction's ABORT marker, not its
/// COMMIT: its record's key is `version i16, type i16` with type 0 for ABORT.
///
/// Exists for what reads transactions from a log: the cleaner, and read_committed readers
/// that must end an aborted transaction at its marker only (Kafka's consumer).
pub fn is_abort_marker(batch: &[u8], h: &BatchHeader) -> Result<bool> {
    let raw = crate::codec::records_of(batch, h)?;
    let records = parse_records(&raw, h.record_count)?;
    Ok(records
        .first()
        .and_then(|r| r.key)
        .is_some_and(|k| k.len() >= 4 && i16::from_be_bytes([k[2], k[3]]) == 0))
}

/// Walks the `count` records of a batch's (decompressed) record bytes.
fn parse_records(raw: &[u8], count: i32) -> Result<Vec<RawRecord<'_>>> {
    let mut out = Vec::with_capacity(count.max(0) as usize);
    let mut at = 0usize;
    for _ in 0..count {
        let start = at;
        let len = read_varlong(raw, &mut at).ok_or_else(|| corrupt("length"))?;
        let end = usize::try_from(len)
            .ok()
            .and_then(|l| at.checked_add(l))
            .filter(|&e| e <= raw.len())
            .ok_or_else(|| corrupt("length past the batch"))?;
        at += 1; // attributes
        let timestamp_delta = read_varlong(raw, &mut at).ok_or_else(|| corrupt("timestamp"))?;
        let offset_delta = read_varlong(raw, &mut at).ok_or_else(|| corrupt("offset"))?;
        let key_len = read_varlong(raw, &mut at).ok_or_else(|| corrupt("key length"))?;
        let key = if key_len < 0 {
            None
        } else {
            let k = at
                .checked_add(key_len as usize)
                .filter(|&e| e <= end)
                .ok_or_else(|| corrupt("key past the record"))?;
            let key = &raw[at..k];
            at = k;
            Some(key)
        };
        let value_len = read_varlong(raw, &mut at).ok_or_else(|| corrupt("value length"))?;
        if at > end {
            return Err(corrupt("fields past the record"));
        }
        out.push(RawRecord {
            bytes: &raw[start..end],
            offset_delta,
            timestamp_delta,
            key,
            has_value: value_len >= 0,
        });
        at = end;
    }
    Ok(out)
}

/// Checks a produce buffer for a compacted topic: every record must have a key, as Kafka's
/// `LogValidator` requires (it answers `INVALID_RECORD`). Control batches are not looked at.
/// Decompresses compressed batches, so only compacted topics pay for it.
pub fn require_keys(buf: &[u8], topic: &str, partition: i32) -> Result<()> {
    let mut at = 0;
    while at < buf.len() {
        let h = BatchHeader::parse(&buf[at..])?;
        let size = h.total_size();
        if at + size > buf.len() {
            return Err(StorageError::CorruptRecord("truncated batch".into()));
        }
        if !h.is_control() {
            let raw = records_of(&buf[at..at + size], &h)?;
            if parse_records(&raw, h.record_count)?
                .iter()
                .any(|r| r.key.is_none())
            {
                return Err(StorageError::InvalidRecord(format!(
                    "Compacted topic cannot accept message without key in topic partition \
                     {topic}-{partition}."
                )));
            }
        }
        at += size;
    }
    Ok(())
}

/// A batch after filtering.
enum Filtered {
    /// Every record stays: copy the batch as it is.
    Unchanged,
    /// No record stays.
    Dropped(i64),
    /// Some records stay: the rewritten batch, and how many records went.
    Rewritten(Vec<u8>, i64),
}

/// Applies `keep(offset, record)` to the records of one batch. A batch that keeps a
/// tombstone and has no delete horizon yet gets `new_horizon` stamped (Kafka's
/// `needToSetDeleteHorizon`), so it is rewritten even when every record stays.
fn filter_batch(
    batch: &[u8],
    h: &BatchHeader,
    new_horizon: i64,
    mut keep: impl FnMut(i64, &RawRecord<'_>) -> bool,
) -> Result<Filtered> {
    let raw = records_of(batch, h)?;
    let records = parse_records(&raw, h.record_count)?;
    let kept: Vec<&RawRecord<'_>> = records
        .iter()
        .filter(|r| keep(h.base_offset + r.offset_delta, r))
        .collect();
    let removed = i64::from(h.record_count) - kept.len() as i64;
    if kept.is_empty() {
        return Ok(Filtered::Dropped(removed));
    }
    let stamp = (h.delete_horizon_ms().is_none() && kept.iter().any(|r| !r.has_value))
        .then_some(new_horizon);
    if removed == 0 && stamp.is_none() {
        return Ok(Filtered::Unchanged);
    }
    Ok(Filtered::Rewritten(
        rewrite(batch, h, &kept, stamp)?,
        removed,
    ))
}

/// The batch `batch` (header `h`) holding only `kept` of its records, recompressed with its
/// codec, with a new count and CRC; with `stamp`, marked with that delete horizon: the
/// horizon goes into `baseTimestamp` and every record's timestamp delta is rebased on it, so
/// each record keeps its timestamp (as Kafka's `MemoryRecordsBuilder` writes it).
fn rewrite(
    batch: &[u8],
    h: &BatchHeader,
    kept: &[&RawRecord<'_>],
    stamp: Option<i64>,
) -> Result<Vec<u8>> {
    let mut body = Vec::with_capacity(kept.iter().map(|r| r.bytes.len() + 8).sum());
    for r in kept {
        match stamp {
            None => body.extend_from_slice(r.bytes),
            Some(base) => rebase_record(
                r,
                h.base_timestamp.wrapping_add(r.timestamp_delta) - base,
                &mut body,
            )?,
        }
    }
    let body = compress(h.compression(), &body)?;
    let mut out = Vec::with_capacity(HEADER_SIZE + body.len());
    out.extend_from_slice(&batch[..HEADER_SIZE]);
    out.extend_from_slice(&body);
    let length = (out.len() - LOG_OVERHEAD) as i32;
    out[LENGTH_OFFSET..LENGTH_OFFSET + 4].copy_from_slice(&length.to_be_bytes());
    let count = kept.len() as i32;
    out[RECORD_COUNT_OFFSET..RECORD_COUNT_OFFSET + 4].copy_from_slice(&count.to_be_bytes());
    if let Some(base) = stamp {
        let attributes = h.attributes | DELETE_HORIZON_BIT;
        out[ATTRIBUTES_OFFSET..ATTRIBUTES_OFFSET + 2].copy_from_slice(&attributes.to_be_bytes());
        out[BASE_TIMESTAMP_OFFSET..BASE_TIMESTAMP_OFFSET + 8].copy_from_slice(&base.to_be_bytes());
    }
    stamp_crc(&mut out);
    Ok(out)
}

/// The batch `batch` (header `h`) with no record left, as Kafka's cleaner keeps the last
/// batch of a cleaning round (`BatchRetention.RETAIN_EMPTY`, KAFKA-17076): the header alone,
/// same base and last offset, producer fields, epoch and timestamp type, uncompressed, no
/// delete horizon, both timestamps the batch's max timestamp (`writeEmptyHeader`). It
/// keeps the offsets up to the round's end covered by a batch, so a follower or a log-dir
/// copy, which end where the last batch they copy ends, end at the log end offset.
/// An already empty batch is kept as it is.
fn emptied(batch: &[u8], h: &BatchHeader) -> Vec<u8> {
    if h.record_count == 0 {
        return batch.to_vec();
    }
    let mut out = batch[..HEADER_SIZE].to_vec();
    let length = (HEADER_SIZE - LOG_OVERHEAD) as i32;
    out[LENGTH_OFFSET..LENGTH_OFFSET + 4].copy_from_slice(&length.to_be_bytes());
    let attributes = h.attributes & !(COMPRESSION_MASK | DELETE_HORIZON_BIT);
    out[ATTRIBUTES_OFFSET..ATTRIBUTES_OFFSET + 2].copy_from_slice(&attributes.to_be_bytes());
    for at in [BASE_TIMESTAMP_OFFSET, MAX_TIMESTAMP_OFFSET] {
        out[at..at + 8].copy_from_slice(&h.max_timestamp.to_be_bytes());
    }
    out[RECORD_COUNT_OFFSET..RECORD_COUNT_OFFSET + 4].copy_from_slice(&0i32.to_be_bytes());
    stamp_crc(&mut out);
    out
}

/// Writes `r` with `timestamp_delta` in place of its own: the record's length prefix and
/// delta are re-encoded, the rest (attributes, offset delta, key, value, headers) copied.
fn rebase_record(r: &RawRecord<'_>, timestamp_delta: i64, out: &mut Vec<u8>) -> Result<()> {
    let mut at = 0usize;
    read_varlong(r.bytes, &mut at).ok_or_else(|| corrupt("length"))?;
    let attributes = *r.bytes.get(at).ok_or_else(|| corrupt("attributes"))?;
    at += 1;
    read_varlong(r.bytes, &mut at).ok_or_else(|| corrupt("timestamp"))?;
    let rest = &r.bytes[at..];
    let mut fields = Vec::with_capacity(rest.len() + 11);
    fields.push(attributes);
    write_varlong(&mut fields, timestamp_delta);
    fields.extend_from_slice(rest);
    write_varlong(out, fields.len() as i64);
    out.extend_from_slice(&fields);
    Ok(())
}

/// A segment as the cleaner saw it under the lock.
struct SegmentView {
    base_offset: i64,
    file: Arc<File>,
    /// The segment's `.log` in the descriptor cache: tells whether the segment is still
    /// the one viewed when the pass swaps its output in.
    id: u64,
    path: Arc<Path>,
    size: u64,
}

impl SegmentView {
    /// Calls `f(batch bytes, header)` for every batch, each verified first (CRC included):
    /// a damaged one ends the walk with [`StorageError::CorruptSegment`]. Reads the file in
    /// bounded chunks (1 MiB, or one batch if larger), never the whole segment.
    fn for_each_batch(&self, mut f: impl FnMut(&[u8], &BatchHeader) -> Result<()>) -> Result<()> {
        self.walk_batches(|batch, h| f(batch, h).map(ControlFlow::Continue))?;
        Ok(())
    }

    /// [`SegmentView::for_each_batch`] until `f` breaks; returns whether it did.
    fn walk_batches(
        &self,
        mut f: impl FnMut(&[u8], &BatchHeader) -> Result<ControlFlow<()>>,
    ) -> Result<bool> {
        let mut sc = FileScanner::new(&self.file, &self.path, 0, self.size, FULL_SCAN_CHUNK);
        let mut next = self.base_offset;
        while let Some((_, h, batch)) = sc.next_batch(next)? {
            next = h.next_offset();
            if f(batch, &h)?.is_break() {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// Calls `f(header)` for every batch, reading the headers only (no CRC check).
    fn for_each_header(&self, mut f: impl FnMut(&BatchHeader)) -> Result<()> {
        let mut sc = FileScanner::new(&self.file, &self.path, 0, self.size, FULL_SCAN_CHUNK);
        while let Some((_, h)) = sc.next_header()? {
            f(&h);
        }
        Ok(())
    }
}

/// Whether a batch's records enter the key map: data batches, unless their transaction
/// was aborted.
fn keyed_batch(h: &BatchHeader, aborted: &AbortedRanges) -> bool {
    !h.is_control() && !aborted.is_aborted(h)
}

/// `B-E.log.swap`.
fn swap_file(dir: &Path, base: i64, end: i64) -> PathBuf {
    dir.join(format!("{base:020}-{end:020}{SWAP_SUFFIX}"))
}

/// Parses `B-E.log.swap` into `(B, E)`.
pub(super) fn parse_swap_name(name: &str) -> Option<(i64, i64)> {
    let stem = name.strip_suffix(SWAP_SUFFIX)?;
    let (b, e) = stem.split_once('-')?;
    Some((b.parse().ok()?, e.parse().ok()?))
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut s = path.as_os_str().to_os_string();
    s.push(suffix);
    PathBuf::from(s)
}

fn sync_dir(dir: &Path) -> Result<()> {
    File::open(dir).and_then(|d| d.sync_all()).at(dir)
}

/// Finishes the swaps a crash interrupted (see the module docs): for each `B-E.log.swap`,
/// deletes the segments with a base offset in `[B, E)` and renames the swap file to `B.log`.
pub(crate) fn complete_swaps(dir: &Path) -> Result<()> {
    let mut swaps = Vec::new();
    let mut bases = Vec::new();
    for entry in fs::read_dir(dir).at(dir)? {
        let entry = entry.at(dir)?;
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        if let Some(range) = parse_swap_name(name) {
            swaps.push(range);
        } else if let Some(base) = parse_log_file_name(name) {
            bases.push(base);
        }
    }
    if swaps.is_empty() {
        return Ok(());
    }
    swaps.sort_unstable();
    for (base, end) in swaps {
        tracing::info!(
            "{}: completing the interrupted swap of cleaned segment {base} (up to {end})",
            dir.display()
        );
        for &old in bases.iter().filter(|&&b| b >= base && b < end) {
            let files = [LOG_SUFFIX, INDEX_SUFFIX, TIME_INDEX_SUFFIX]
                .map(|sfx| segment_file(dir, old, sfx));
            delete_segment_files(&files)?;
        }
        // Whatever indexes are left for `base` belong to the old segment.
        delete_segment_files(
            &[INDEX_SUFFIX, TIME_INDEX_SUFFIX].map(|s| segment_file(dir, base, s)),
        )?;
        let swap = swap_file(dir, base, end);
        let target = segment_file(dir, base, LOG_SUFFIX);
        fs::rename(&swap, &target).at(&target)?;
    }
    sync_dir(dir)
}

/// The log cleaner's broker-wide settings (Kafka's `CleanerConfig`), given to each pass.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CleanerConfig {
    /// `log.cleaner.dedupe.buffer.size`: the bytes a pass's key map may take, 24 per key.
    /// Kafka divides it among its `log.cleaner.threads`; kt cleans one log at a time, on one
    /// thread, which gets it all.
    pub dedupe_buffer_size: u64,
    /// `log.cleaner.io.buffer.load.factor`: how full the key map may get.
    pub dedupe_buffer_load_factor: f64,
}

impl Default for CleanerConfig {
    /// Kafka's defaults: 128 MiB, 0.9.
    fn default() -> Self {
        CleanerConfig {
            dedupe_buffer_size: 128 << 20,
            dedupe_buffer_load_factor: 0.9,
        }
    }
}

/// Bytes the writer of a `.cleaned` file buffers (Kafka's cleaner writes through a buffer of
/// `log.cleaner.io.buffer.size / 2`, 256 KiB by default).
const WRITE_BUFFER: usize = 256 << 10;

/// The `.cleaned` file of a group, written batch by batch as the pass produces them, so a
/// pass holds one batch and the writer's buffer, never a whole group (up to `segment.bytes`).
///
/// The group of a lone segment may well come out as it went in (nothing removed, no delete
/// horizon to stamp), and is then not rewritten: while its output is the source's bytes
/// unchanged, nothing is written; the first batch that differs first copies that prefix.
struct CleanedOutput {
    path: PathBuf,
    /// Created at the first write.
    file: Option<BufWriter<File>>,
    /// While Some: the output so far is the first `n` bytes of the lone source, not
    /// written yet.
    verbatim: Option<Verbatim>,
    written: u64,
    /// The most output bytes in memory at once: the writer's buffer and the batch written.
    peak_in_memory: usize,
}

/// The lone source of a group while its output is the same as its first `n` bytes.
struct Verbatim {
    file: Arc<File>,
    path: Arc<Path>,
    n: u64,
}

impl CleanedOutput {
    /// The output `path` of a group; `lone_source`: its only source segment, if it has one.
    fn new(path: PathBuf, lone_source: Option<&SegmentView>) -> CleanedOutput {
        CleanedOutput {
            path,
            file: None,
            verbatim: lone_source.map(|s| Verbatim {
                file: Arc::clone(&s.file),
                path: Arc::clone(&s.path),
                n: 0,
            }),
            written: 0,
            peak_in_memory: 0,
        }
    }

    /// Appends `batch`; `same`: it is the source batch just read, byte for byte.
    fn write(&mut self, batch: &[u8], same: bool) -> Result<()> {
        self.written += batch.len() as u64;
        if same {
            if let Some(v) = &mut self.verbatim {
                v.n += batch.len() as u64;
                return Ok(());
            }
        }
        self.diverge()?;
        self.put(batch)
    }

    /// The output stops being the source's bytes (a batch rewritten or left out): what was
    /// the same so far is written.
    fn diverge(&mut self) -> Result<()> {
        if let Some(source) = self.verbatim.take() {
            self.copy_prefix(&source)?;
            // The file exists from here on, even if nothing is written to it.
            self.put(&[])?;
        }
        Ok(())
    }

    fn put(&mut self, bytes: &[u8]) -> Result<()> {
        let file = match &mut self.file {
            Some(f) => f,
            // Creates (or empties, after a failed pass) the file.
            None => self.file.insert(BufWriter::with_capacity(
                WRITE_BUFFER,
                File::create(&self.path).at(&self.path)?,
            )),
        };
        self.peak_in_memory = self.peak_in_memory.max(file.buffer().len() + bytes.len());
        file.write_all(bytes).at(&self.path)
    }

    /// Writes the first `n` bytes of the source, in chunks of the write buffer's size.
    fn copy_prefix(&mut self, source: &Verbatim) -> Result<()> {
        let mut chunk = vec![0u8; WRITE_BUFFER.min(source.n as usize)];
        let mut at = 0u64;
        while at < source.n {
            let len = (source.n - at).min(WRITE_BUFFER as u64) as usize;
            source
                .file
                .read_exact_at(&mut chunk[..len], at)
                .at(&source.path)?;
            self.put(&chunk[..len])?;
            at += len as u64;
        }
        Ok(())
    }

    /// Whether the output differs from the lone source (or the group had several): the
    /// group is worth swapping in.
    fn changed(&self) -> bool {
        self.verbatim.is_none()
    }

    /// Writes out what is buffered; the file is fsynced with its indexes before the swap.
    fn finish(mut self) -> Result<()> {
        self.diverge()?;
        if self.file.is_none() {
            self.put(&[])?;
        }
        let path = self.path;
        if let Some(file) = self.file {
            file.into_inner()
                .map_err(|e| StorageError::io(&path, e.into_error()))?;
        }
        Ok(())
    }
}

/// A group of source segments and what replaces them.
struct Group {
    /// Index of the first source segment among the cleanable ones.
    first: usize,
    /// Number of source segments.
    len: usize,
    base: i64,
    /// Base offset of the segment after the group (exclusive end).
    end: i64,
    /// The group's `.cleaned` file, as it is written.
    out: CleanedOutput,
    removed: i64,
    /// Whether a batch of the group got its delete horizon stamped (a change worth writing
    /// even when no record went).
    stamped: bool,
    /// Whether a batch of the group was dropped (one already empty counts no removed
    /// record, yet its going is a change worth writing).
    dropped: bool,
    before: u64,
    /// The aborted transactions whose ABORT markers the rewritten group keeps: its
    /// `.txnindex`.
    aborted_kept: Vec<AbortedTxnEntry>,
}

/// Maps the keys at offsets `[start, end)` of `segments` to their latest offsets (Kafka's
/// `buildOffsetMap`), until the map is full, as Kafka does: every keyed record in the range
/// is mapped while the map has room; the first one that finds it full ends the mapping, and
/// so does a batch at or past `end`. Returns where the mapped range ends: `end` if it all
/// fit, else one past the last offset mapped (Kafka's `latestOffset + 1`), which may fall
/// inside a segment or a batch.
fn map_keys(
    segments: &[&SegmentView],
    (start, end): (i64, i64),
    aborted: &AbortedRanges,
    map: &mut KeyMap,
) -> Result<i64> {
    // Kafka's `latestOffset`: the last offset the map accounts for.
    let mut latest = start - 1;
    for (k, v) in segments.iter().enumerate() {
        let next_base = segments.get(k + 1).map_or(end, |s| s.base_offset);
        if next_base <= start {
            continue;
        }
        if v.base_offset >= end {
            break;
        }
        let mut past_end = false;
        let stopped = v.walk_batches(|batch, h| {
            if h.base_offset >= end {
                past_end = true;
                return Ok(ControlFlow::Break(()));
            }
            if h.last_offset() < start {
                return Ok(ControlFlow::Continue(()));
            }
            if keyed_batch(h, aborted) {
                let raw = records_of(batch, h)?;
                for r in parse_records(&raw, h.record_count)? {
                    let offset = h.base_offset + r.offset_delta;
                    let Some(key) = r.key.filter(|_| offset >= start && offset < end) else {
                        continue;
                    };
                    if map.is_full() {
                        return Ok(ControlFlow::Break(()));
                    }
                    map.put(key, offset);
                    latest = offset;
                }
            }
            latest = latest.max(h.last_offset());
            Ok(ControlFlow::Continue(()))
        })?;
        if past_end {
            return Ok(end);
        }
        if stopped {
            return Ok((latest + 1).min(end));
        }
        // Offsets missing at the segment's end (cleaned away) count as mapped.
        latest = next_base - 1;
    }
    Ok(end)
}

impl PartitionLog {
    /// One cleaning pass if the log is compacted and dirty enough (see the module docs),
    /// with Kafka's default [`CleanerConfig`]. Returns None when nothing was due. Blocks on
    /// file I/O; the lock is held only to take a snapshot of the segments and to swap the
    /// rewritten ones in.
    pub fn clean(&self, now_ms: i64) -> Result<Option<CleanStats>> {
        self.clean_with(now_ms, false, &CleanerConfig::default())
    }

    /// [`PartitionLog::clean`] with the broker's cleaner settings (its dedupe buffer).
    pub fn clean_using(&self, now_ms: i64, cleaner: &CleanerConfig) -> Result<Option<CleanStats>> {
        self.clean_with(now_ms, false, cleaner)
    }

    /// A cleaning pass of a compacted log whatever its dirty ratio, even if nothing is
    /// dirty (tests, tools; a pass over clean segments still drops expired tombstones).
    pub fn clean_now(&self, now_ms: i64) -> Result<Option<CleanStats>> {
        self.clean_with(now_ms, true, &CleanerConfig::default())
    }

    /// Whether a cleaner pass met a damaged batch in this log (see [`PartitionLog::clean`]).
    pub fn is_uncleanable(&self) -> bool {
        self.uncleanable.load(Ordering::Relaxed)
    }

    /// A pass, unless the log is uncleanable.
    ///
    /// What happens to a damaged batch here is what Kafka's cleaner does: the pass stops at
    /// the first batch that fails its check (CRC, header, malformed records) before anything
    /// is swapped in, so no record of the log is removed or rewritten; the error goes back to
    /// the caller (which logs it once, with the segment and offset) and the partition is
    /// marked uncleanable until the broker restarts. The damaged batch stays on disk as it is
    /// and is served as stored; consumers that check CRCs stop at it.
    fn clean_with(
        &self,
        now_ms: i64,
        force: bool,
        cleaner: &CleanerConfig,
    ) -> Result<Option<CleanStats>> {
        if self.is_uncleanable() {
            return Ok(None);
        }
        let pass = self.clean_pass(now_ms, force, cleaner);
        if pass.as_ref().is_err_and(StorageError::is_corruption) {
            self.uncleanable.store(true, Ordering::Relaxed);
        }
        pass
    }

    fn clean_pass(
        &self,
        now_ms: i64,
        force: bool,
        cleaner: &CleanerConfig,
    ) -> Result<Option<CleanStats>> {
        // Held for the whole pass: a deletion waits for it, then no pass starts again (the
        // pass writes into the log's directory, which a re-created topic would reuse).
        // A paused log (moving to another log directory) is skipped, as Kafka's cleaner
        // manager skips a partition in LogCleaningPaused.
        let gate = self.cleaning.lock().unwrap_or_else(|e| e.into_inner());
        if gate.retired || gate.pauses > 0 {
            return Ok(None);
        }
        let (config, mut cleanable, rest, mut cleanable_end, first_dirty, high_watermark) = {
            let mut st = self.lock();
            let config = st.config;
            if !config.compact {
                return Ok(None);
            }
            let closed = st.segments.len() - 1;
            let mut n = 0;
            while n < closed {
                // The compaction lag is judged on its largest timestamp (its time index).
                st.segments[n].load()?;
                let s = &st.segments[n];
                if config.min_compaction_lag_ms > 0
                    && s.max_timestamp >= 0
                    && now_ms.saturating_sub(s.max_timestamp) < config.min_compaction_lag_ms
                {
                    break;
                }
                n += 1;
            }
            if n == 0 {
                return Ok(None);
            }
            let total: u64 = st.segments.iter().take(n).map(|s| s.size).sum();
            // A segment is dirty if it holds offsets at or past the clean offset (which may
            // fall inside a segment once a pass's key map filled up there).
            let dirty: u64 = (0..n)
                .filter(|&k| st.segments[k + 1].base_offset > st.clean_offset)
                .map(|k| st.segments[k].size)
                .sum();
            let ratio_met = total > 0
                && dirty as f64 / total as f64 * 1e6
                    >= f64::from(config.min_cleanable_dirty_ratio_ppm);
            if !force && (dirty == 0 || !ratio_met) {
                return Ok(None);
            }
            let view = |s: &Segment| -> Result<SegmentView> {
                Ok(SegmentView {
                    base_offset: s.base_offset,
                    file: s.log_file()?,
                    id: s.log.id(),
                    path: Arc::clone(&s.log_path),
                    size: s.size,
                })
            };
            let cleanable = st.segments.iter().take(n).map(view);
            let cleanable: Vec<SegmentView> = cleanable.collect::<Result<_>>()?;
            let rest: Vec<SegmentView> = st
                .segments
                .iter()
                .skip(n)
                .map(view)
                .collect::<Result<_>>()?;
            let cleanable_end = st.segments[n].base_offset;
            (
                config,
                cleanable,
                rest,
                cleanable_end,
                st.clean_offset,
                st.high_watermark(),
            )
        };

        // The open transactions and every producer's newest batch, from the headers of the
        // whole log as snapshotted (the active segment included).
        let mut open = OpenTransactions::default();
        let mut producers = ProducerTails::default();
        for v in cleanable.iter().chain(&rest) {
            v.for_each_header(|h| {
                open.see(h);
                producers.see(h);
            })?;
        }

        // Nothing at or past the last stable offset is cleaned or mapped (Kafka's first
        // uncleanable offset): not the first unstable offset (an open transaction may yet be
        // aborted), nor the high watermark (a leader may lose what lies past it, and a key
        // rewritten there must not have removed the older value its replicas keep). Only the
        // segments wholly below it are cleaned.
        let stable_end = open
            .first_unstable_offset()
            .map_or(high_watermark, |u| u.min(high_watermark));
        let keep = (0..cleanable.len())
            .take_while(|&k| {
                cleanable
                    .get(k + 1)
                    .map_or(cleanable_end, |s| s.base_offset)
                    <= stable_end
            })
            .count();
        if keep < cleanable.len() {
            cleanable_end = cleanable[keep].base_offset;
            cleanable.truncate(keep);
        }
        if cleanable.is_empty() {
            return Ok(None);
        }
        // What the cut leaves must still hold dirty offsets, or every pass would read the
        // whole log again without progress while a transaction stays open.
        if !force && cleanable_end <= first_dirty {
            return Ok(None);
        }

        // The latest offset of every key from the clean offset on, as far as the dedupe
        // buffer holds them, the uncleanable segments (the active one included) too, up to
        // the last stable offset. If the map fills up before the end of the cleanable
        // segments, the pass cleans only up to there.
        let aborted_entries = self.aborted_txns()?;
        let aborted = AbortedRanges::new(&aborted_entries);
        let mut map = KeyMap::new(
            cleaner.dedupe_buffer_size,
            cleaner.dedupe_buffer_load_factor,
        )?;
        let all: Vec<&SegmentView> = cleanable.iter().chain(&rest).collect();
        let map_end = stable_end;
        let mapped = map_keys(
            &all,
            (first_dirty.min(cleanable_end), map_end),
            &aborted,
            &mut map,
        )?;
        let clean_end = mapped.min(cleanable_end);
        // Only the segments holding offsets below it are rewritten.
        let keep = cleanable
            .iter()
            .take_while(|s| s.base_offset < clean_end)
            .count();
        if keep < cleanable.len() {
            cleanable_end = cleanable[keep].base_offset;
            cleanable.truncate(keep);
        }
        if cleanable.is_empty() {
            return Ok(None);
        }
        let mut walk = TxnWalk::new(&aborted, &aborted_entries);

        // Group the cleanable segments by their original size and write each group's
        // `.cleaned` file batch by batch as it is read.
        let mut stats = CleanStats {
            keys_mapped: map.len(),
            cleaned_up_to: clean_end,
            key_map_bytes: map.allocated_bytes(),
            ..CleanStats::default()
        };
        let dir = self.dir();
        let mut flushed = false;
        let mut i = 0;
        while i < cleanable.len() {
            let mut len = 1;
            let mut size = cleanable[i].size;
            while i + len < cleanable.len() {
                let next = &cleanable[i + len];
                let after = cleanable
                    .get(i + len + 1)
                    .map_or(cleanable_end, |s| s.base_offset);
                if size + next.size > config.segment_bytes
                    || after - 1 - cleanable[i].base_offset > i64::from(i32::MAX)
                {
                    break;
                }
                size += next.size;
                len += 1;
            }
            let end = cleanable
                .get(i + len)
                .map_or(cleanable_end, |s| s.base_offset);
            let base = cleanable[i].base_offset;
            let temp = with_suffix(&segment_file(&dir, base, LOG_SUFFIX), CLEANED_SUFFIX);
            let mut g = Group {
                first: i,
                len,
                base,
                end,
                out: CleanedOutput::new(temp, (len == 1).then(|| &cleanable[i])),
                removed: 0,
                stamped: false,
                dropped: false,
                before: size,
                aborted_kept: Vec::new(),
            };
            // Tombstones and finished markers go once the delete horizon stamped on their
            // batch has passed; a batch kept with them and no horizon yet gets one,
            // `delete.retention.ms` from now (KIP-534), so a reader part-way through the
            // log has that long to see them after the records they delete are gone.
            let new_horizon = now_ms.saturating_add(config.delete_retention_ms);
            let passed = |h: &BatchHeader| h.delete_horizon_ms().is_some_and(|d| d <= now_ms);
            for v in &cleanable[i..i + len] {
                v.for_each_batch(|batch, h| {
                    // A batch whose records all go is dropped, but two kinds stay as empty
                    // headers (Kafka's `BatchRetention.RETAIN_EMPTY`): the round's last one
                    // (KAFKA-17076), without which the log's end offset, once the log rolled
                    // past it, would have no batch ending there; and an active producer's last
                    // one (see `producers`), without which its sequence state rebuilt from the
                    // log would go back.
                    let drop_batch = |g: &mut Group, removed: i64| -> Result<()> {
                        if h.next_offset() == clean_end
                            || producers.keeps(h, now_ms, config.producer_id_expiration_ms)
                        {
                            // An already empty batch stays as it is.
                            g.out.write(&emptied(batch, h), h.record_count == 0)?;
                        } else {
                            g.out.diverge()?;
                            g.dropped = true;
                        }
                        g.removed += removed;
                        Ok(())
                    };
                    match walk.fate(batch, h)? {
                        TxnFate::Data => {}
                        TxnFate::Aborted => {
                            return drop_batch(&mut g, i64::from(h.record_count));
                        }
                        // An emptied marker (its transaction was cleaned away before) goes at
                        // once, as in Kafka, unless it must stay empty.
                        TxnFate::MarkerDone(_) if passed(h) || h.record_count == 0 => {
                            return drop_batch(&mut g, i64::from(h.record_count));
                        }
                        TxnFate::MarkerDone(entry) if h.delete_horizon_ms().is_none() => {
                            g.aborted_kept.extend(entry);
                            let raw = records_of(batch, h)?;
                            let records = parse_records(&raw, h.record_count)?;
                            let all: Vec<&RawRecord<'_>> = records.iter().collect();
                            g.out
                                .write(&rewrite(batch, h, &all, Some(new_horizon))?, false)?;
                            g.stamped = true;
                            return Ok(());
                        }
                        TxnFate::KeepMarker(entry) | TxnFate::MarkerDone(entry) => {
                            g.aborted_kept.extend(entry);
                            return g.out.write(batch, true);
                        }
                    }
                    let tombstones_go = passed(h);
                    let keep = |offset: i64, r: &RawRecord<'_>| {
                        // Past what the key map saw (it filled up): left for the next pass,
                        // as Kafka's `pastLatestOffset`.
                        if offset >= clean_end {
                            return true;
                        }
                        // A key the map lacks has no newer record in the dirty section: its
                        // record is the latest (older ones went in earlier passes).
                        r.key.is_some_and(|key| {
                            map.get(key).is_none_or(|latest| offset >= latest)
                                && (r.has_value || !tombstones_go)
                        })
                    };
                    match filter_batch(batch, h, new_horizon, keep)? {
                        Filtered::Unchanged => g.out.write(batch, true)?,
                        Filtered::Dropped(n) => drop_batch(&mut g, n)?,
                        Filtered::Rewritten(b, n) => {
                            g.out.write(&b, false)?;
                            g.removed += n;
                            g.stamped |= n == 0;
                        }
                    }
                    Ok(())
                })?;
            }
            i += len;
            stats.peak_output_buffered = stats.peak_output_buffered.max(g.out.peak_in_memory);
            let after = g.out.written;
            // Nothing to gain from rewriting one segment that loses nothing and gains no
            // delete horizon: its output, the same bytes, was never written.
            if !g.out.changed() {
                debug_assert!(g.removed == 0 && !g.stamped && !g.dropped && g.len == 1);
                continue;
            }
            g.out.finish()?;
            if !flushed {
                // Before an older record is removed for good, the newer one that replaces
                // it must be on disk too, or a power loss could take both.
                self.flush()?;
                flushed = true;
            }
            let swapped = self.swap_in(
                &config,
                &cleanable,
                (g.first, g.len),
                (g.base, g.end),
                &g.aborted_kept,
            )?;
            if swapped {
                stats.segments_rewritten += g.len;
                stats.records_removed += g.removed;
                stats.bytes_before += g.before;
                stats.bytes_after += after;
            }
        }
        {
            let mut st = self.lock();
            if clean_end > st.clean_offset {
                st.clean_offset = clean_end;
            }
        }
        tracing::info!(
            "{}-{}: cleaned up to offset {clean_end} ({} key(s) mapped, room for {}): {} \
             segment(s) rewritten, {} record(s) removed, {} -> {} bytes",
            self.topic,
            self.partition,
            stats.keys_mapped,
            map.capacity(),
            stats.segments_rewritten,
            stats.records_removed,
            stats.bytes_before,
            stats.bytes_after
        );
        Ok(Some(stats))
    }

    /// Swaps one rewritten group, whose `B.log.cleaned` is written, in for its sources
    /// `sources[first..first+len]`.
    /// Returns false (and leaves the log alone) if the sources are gone meanwhile
    /// (retention of a `compact,delete` topic, DeleteRecords).
    /// `aborted_kept` is the group's `.txnindex`: the aborted transactions whose markers it
    /// keeps.
    fn swap_in(
        &self,
        config: &super::LogConfig,
        sources: &[SegmentView],
        (first, len): (usize, usize),
        (base, end): (i64, i64),
        aborted_kept: &[AbortedTxnEntry],
    ) -> Result<bool> {
        let dir = &self.dir();
        let finals =
            [LOG_SUFFIX, INDEX_SUFFIX, TIME_INDEX_SUFFIX].map(|sfx| segment_file(dir, base, sfx));
        let temps = finals.clone().map(|p| with_suffix(&p, CLEANED_SUFFIX));
        let txn_index = segment_file(dir, base, TXN_INDEX_SUFFIX);
        let txn_index_temp = with_suffix(&txn_index, CLEANED_SUFFIX);
        let _ = fs::remove_file(&txn_index_temp);
        for entry in aborted_kept {
            super::super::txn_index::append_txn_index(&txn_index_temp, entry)?;
        }
        // Builds the indexes (and validates what was written).
        let (mut seg, cut) =
            Segment::open_files(&self.files, temps.clone(), base, config, true, now_ms())?;
        if let Some(cut) = cut {
            for t in &temps {
                let _ = fs::remove_file(t);
            }
            return Err(StorageError::CorruptRecord(format!(
                "the cleaned segment {} did not validate: {}",
                temps[0].display(),
                cut.cause
            )));
        }
        seg.seal();
        for (file, path) in seg.sync_handles()? {
            file.sync_data().at(&path)?;
        }
        let swap = swap_file(dir, base, end);
        fs::rename(&temps[0], &swap).at(&swap)?;
        sync_dir(dir)?;
        let deleted = {
            let mut st = self.lock();
            let at = st.segments.iter().position(|s| s.base_offset == base);
            let intact = at.is_some_and(|at| {
                at + len < st.segments.len()
                    && (0..len).all(|k| st.segments[at + k].log.id() == sources[first + k].id)
            });
            let Some(at) = at.filter(|_| intact) else {
                drop(st);
                for p in [&swap, &temps[1], &temps[2], &txn_index_temp] {
                    let _ = fs::remove_file(p);
                }
                return Ok(false);
            };
            // The decided swap: old files out of the way, the new ones under their names.
            let mut deleted = Vec::with_capacity(len * 3);
            for s in st.segments.iter().skip(at).take(len) {
                let txn_index = segment_file(dir, s.base_offset, TXN_INDEX_SUFFIX);
                for f in s.files().into_iter().chain([txn_index]) {
                    let d = with_suffix(&f, ".deleted");
                    match fs::rename(&f, &d) {
                        Ok(()) => deleted.push(d),
                        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                        Err(e) => return Err(StorageError::io(&f, e)),
                    }
                }
            }
            fs::rename(&swap, &finals[0]).at(&finals[0])?;
            fs::rename(&temps[1], &finals[1]).at(&finals[1])?;
            fs::rename(&temps[2], &finals[2]).at(&finals[2])?;
            if !aborted_kept.is_empty() {
                fs::rename(&txn_index_temp, &txn_index).at(&txn_index)?;
            }
            seg.set_paths(finals);
            seg.rolling_base_ms = st.segments[at].rolling_base_ms;
            st.segments.drain(at..at + len);
            st.segments.insert(at, seg);
            st.dir_dirty = true;
            deleted
        };
        for d in &deleted {
            fs::remove_file(d).at(d)?;
        }
        sync_dir(dir)?;
        Ok(true)
    }
}

#[cfg(test)]
mod tests {
    use super::super::{LogConfig, OpenHints, PartitionLog};
    use super::*;
    use crate::batch::test_util::{encode, idempotent, keyed};
    use bytes::{Buf, Bytes, BytesMut};
    use kafka_protocol::records::{
        Compression, Record, RecordBatchDecoder, RecordBatchEncoder, RecordEncodeOptions,
        TimestampType as Ts,
    };
    use std::collections::HashMap;
    use std::os::unix::fs::FileExt;

    const T0: i64 = 1_700_000_000_000;

    /// A record as read back: (offset, key, value).
    type Entry = (i64, String, Option<String>);

    fn compacted() -> LogConfig {
        LogConfig {
            compact: true,
            retention_ms: -1,
            delete_retention_ms: 1_000,
            ..LogConfig::default()
        }
    }

    fn open(dir: &Path, config: LogConfig) -> PartitionLog {
        PartitionLog::open_with_hints(dir, "c", 0, config, OpenHints::default()).unwrap()
    }

    /// Appends one record, `key` = `value`, as its own batch at T0.
    fn put(log: &PartitionLog, key: &str, value: &str) {
        log.append(&mut keyed(&[(key, Some(value))], T0, Compression::None))
            .unwrap();
    }

    /// Every record of the log as `(offset, key, value)`, and the codecs of its batches.
    fn contents(log: &PartitionLog) -> (Vec<Entry>, Vec<Compression>) {
        let slice = log
            .read_to_log_end(log.log_start_offset(), usize::MAX / 2)
            .unwrap();
        let mut bytes = slice.bytes;
        let mut out = Vec::new();
        let mut codecs = Vec::new();
        while bytes.has_remaining() {
            let set = RecordBatchDecoder::decode(&mut bytes).unwrap();
            codecs.push(set.compression);
            for r in set.records {
                let text = |b: Option<Bytes>| b.map(|b| String::from_utf8(b.to_vec()).unwrap());
                out.push((r.offset, text(r.key).unwrap(), text(r.value)));
            }
        }
        (out, codecs)
    }

    fn latest_only(all: &[Entry]) -> Vec<Entry> {
        let mut last: HashMap<&str, i64> = HashMap::new();
        for (o, k, _) in all {
            last.insert(k, *o);
        }
        all.iter()
            .filter(|(o, k, _)| last[k.as_str()] == *o)
            .cloned()
            .collect()
    }

    #[test]
    fn nothing_past_the_high_watermark_removes_or_is_removed() {
        let dir = tempfile::tempdir().unwrap();
        let log = open(dir.path(), compacted());
        for round in 0..2 {
            log.append(&mut keyed(
                &[("k", Some(&format!("v{round}")))],
                T0,
                Compression::None,
            ))
            .unwrap();
            log.force_roll().unwrap();
        }
        // A leader whose followers have offsets 0 and 1 only: k=v2 (offset 2, a closed
        // segment) and k=v3 (offset 3, the active one) may yet be truncated away by a new
        // leader, so they must not remove k=v1, the newest value every replica keeps.
        put(&log, "k", "v2");
        log.force_roll().unwrap();
        put(&log, "k", "v3");
        assert!(log.advance_high_watermark(2));
        log.clean_now(T0 + 10).unwrap();
        let (after, _) = contents(&log);
        let values: Vec<_> = after
            .iter()
            .map(|(o, _, v)| (*o, v.clone().unwrap()))
            .collect();
        assert_eq!(
            values,
            [(1, "v1".into()), (2, "v2".into()), (3, "v3".into())],
            "below the high watermark only the newest value stays; past it nothing changes"
        );
        // Once the followers have everything, the rewrite in the active segment counts.
        assert!(log.advance_high_watermark(4));
        log.clean_now(T0 + 20).unwrap();
        let (after, _) = contents(&log);
        assert_eq!(after.len(), 1, "only k=v3 stays: {after:?}");
    }

    #[test]
    fn only_the_latest_record_of_each_key_stays_at_its_offset() {
        let dir = tempfile::tempdir().unwrap();
        let log = open(dir.path(), compacted());
        for round in 0..4 {
            for key in ["a", "b", "c"] {
                let v = format!("{key}{round}");
                put(&log, key, &v);
            }
            log.force_roll().unwrap();
        }
        // "a" is rewritten in the active segment: its closed records all go.
        log.append(&mut keyed(
            &[("a", Some("a-active"))],
            T0,
            Compression::None,
        ))
        .unwrap();
        let (before, _) = contents(&log);
        assert_eq!(before.len(), 13);
        assert_eq!(log.segment_base_offsets().len(), 5);

        // A read that located its data before the pass (a Fetch about to sendfile) still
        // gets the old segments' bytes after it.
        let early = log.read_regions(0, 1 << 20, true).unwrap();

        let stats = log.clean_now(T0 + 10).unwrap().unwrap();
        assert_eq!(stats.records_removed, 10);
        let mut old_bytes = Vec::new();
        for r in &early.regions {
            let mut buf = vec![0u8; r.len];
            r.file.read_exact_at(&mut buf, r.position).unwrap();
            old_bytes.extend_from_slice(&buf);
        }
        let mut old_bytes = Bytes::from(old_bytes);
        let mut old_records = 0;
        while old_bytes.has_remaining() {
            old_records += RecordBatchDecoder::decode(&mut old_bytes)
                .unwrap()
                .records
                .len();
        }
        assert_eq!(old_records, 13);
        assert_eq!(stats.segments_rewritten, 4);
        let (after, _) = contents(&log);
        assert_eq!(after, latest_only(&before));
        assert_eq!(
            after,
            vec![
                (10, "b".into(), Some("b3".into())),
                (11, "c".into(), Some("c3".into())),
                (12, "a".into(), Some("a-active".into())),
            ]
        );
        // The four closed segments became one; the start and end offsets stayed.
        assert_eq!(log.segment_base_offsets(), vec![0, 12]);
        assert_eq!(log.log_start_offset(), 0);
        assert_eq!(log.log_end_offset(), 13);
        assert_eq!(log.cleaner_offset(), 12);
        // Nothing dirty: the ratio-driven pass has nothing to do.
        assert_eq!(log.clean(T0 + 10).unwrap(), None);

        // The rewritten segment reopens with rebuilt indexes, and reads at any offset work.
        log.close().unwrap();
        drop(log);
        let log = open(dir.path(), compacted());
        assert_eq!(contents(&log).0, after);
        let from_5 = log.read(5, 1 << 20).unwrap();
        let set = RecordBatchDecoder::decode(&mut from_5.bytes.clone()).unwrap();
        assert_eq!(set.records[0].offset, 10);
        assert!(!dir.path().join("c-0").read_dir().unwrap().any(|e| {
            let name = e.unwrap().file_name().into_string().unwrap();
            name.ends_with(".cleaned") || name.ends_with(".swap") || name.ends_with(".deleted")
        }));
    }

    #[test]
    fn tombstones_stay_for_delete_retention_ms_then_go() {
        let dir = tempfile::tempdir().unwrap();
        let log = open(dir.path(), compacted());
        log.append(&mut keyed(
            &[("k", Some("v")), ("j", Some("w"))],
            T0,
            Compression::None,
        ))
        .unwrap();
        log.append(&mut keyed(&[("k", None)], T0 + 100, Compression::None))
            .unwrap();
        log.force_roll().unwrap();
        log.append(&mut keyed(
            &[("j", Some("w2"))],
            T0 + 200,
            Compression::None,
        ))
        .unwrap();

        // The first pass keeps the tombstone, however old its timestamp, and stamps its
        // batch's delete horizon: delete.retention.ms (1 s) after the pass (KIP-534).
        log.clean_now(T0 + 5_000).unwrap().unwrap();
        assert_eq!(
            contents(&log).0,
            vec![(2, "k".into(), None), (3, "j".into(), Some("w2".into()))]
        );
        let read = log.read(0, 1 << 20).unwrap();
        let header = BatchHeader::parse(&read.bytes).unwrap();
        assert_eq!(header.delete_horizon_ms(), Some(T0 + 6_000));
        let set = RecordBatchDecoder::decode(&mut read.bytes.clone()).unwrap();
        assert_eq!(
            set.records[0].timestamp,
            T0 + 100,
            "the record keeps its timestamp"
        );
        // Before the horizon it stays, and the segment is not rewritten again.
        let stats = log.clean_now(T0 + 5_999).unwrap().unwrap();
        assert_eq!((stats.records_removed, stats.segments_rewritten), (0, 0));
        assert_eq!(contents(&log).0.len(), 2);
        // At the horizon it goes; the live record in the active segment is untouched.
        let stats = log.clean_now(T0 + 6_000).unwrap().unwrap();
        assert_eq!(stats.records_removed, 1);
        assert_eq!(contents(&log).0, vec![(3, "j".into(), Some("w2".into()))]);
        assert_eq!(log.log_start_offset(), 0);
        // The emptied closed segment is kept (empty), so offsets below 3 still read.
        assert_eq!(log.segment_base_offsets(), vec![0, 3]);
        let r = log.read(0, 1 << 20).unwrap();
        assert!(!r.bytes.is_empty());
    }

    #[test]
    fn the_last_batch_of_a_pass_stays_empty_so_the_log_end_stays_covered() {
        let dir = tempfile::tempdir().unwrap();
        let config = LogConfig {
            delete_retention_ms: 0,
            ..compacted()
        };
        let log = open(dir.path(), config);
        let gzip = Compression::Gzip;
        log.append(&mut keyed(
            &[("a", Some("a0")), ("b", Some("b0"))],
            T0,
            gzip,
        ))
        .unwrap();
        log.append(&mut keyed(&[("a", Some("a1"))], T0 + 1, gzip))
            .unwrap();
        log.append(&mut keyed(&[("b", None)], T0 + 2, gzip))
            .unwrap();
        // Rolled: the pass cleans up to the log end.
        log.force_roll().unwrap();
        assert_eq!(log.segment_base_offsets(), vec![0, 4]);
        log.clean_now(T0 + 10).unwrap().unwrap();
        // Past the tombstone's horizon its record goes, but its batch, the pass's last,
        // stays as an empty header.
        let stats = log.clean_now(T0 + 11).unwrap().unwrap();
        assert_eq!(stats.records_removed, 1);
        assert_eq!(contents(&log).0, vec![(2, "a".into(), Some("a1".into()))]);
        let headers = batch_headers(&log);
        assert_eq!(headers.len(), 2, "{headers:?}");
        let last = &headers[1];
        assert_eq!((last.base_offset, last.last_offset()), (3, 3));
        assert_eq!(last.record_count, 0);
        assert_eq!(last.total_size(), HEADER_SIZE);
        assert_eq!(
            last.compression(),
            0,
            "an empty batch is written uncompressed"
        );
        assert_eq!(last.delete_horizon_ms(), None);
        assert_eq!((last.base_timestamp, last.max_timestamp), (T0 + 2, T0 + 2));
        assert_eq!(log.log_end_offset(), 4);
        // A reader (a follower, a log-dir copy) ends at the log end offset.
        let mut bytes = log.read(0, 1 << 20).unwrap().bytes;
        let mut next = 0;
        while bytes.has_remaining() {
            let set = RecordBatchDecoder::decode(&mut bytes).unwrap();
            next = set.records.last().map_or(next, |r| r.offset + 1);
        }
        assert_eq!(next, 3);
        assert_eq!(headers.last().unwrap().next_offset(), 4);
        // Passes after it leave it as it is; once it is no longer the pass's last, it goes.
        let stats = log.clean_now(T0 + 12).unwrap().unwrap();
        assert_eq!((stats.records_removed, stats.segments_rewritten), (0, 0));
        log.append(&mut keyed(&[("c", Some("c0"))], T0 + 3, gzip))
            .unwrap();
        log.force_roll().unwrap();
        log.clean_now(T0 + 13).unwrap().unwrap();
        let spans: Vec<(i64, i32)> = {
            let read = log.read(0, 1 << 20).unwrap().bytes;
            let mut at = 0;
            let mut out = Vec::new();
            while at < read.len() {
                let h = BatchHeader::parse(&read[at..]).unwrap();
                at += h.total_size();
                out.push((h.base_offset, h.record_count));
            }
            out
        };
        assert_eq!(spans, vec![(2, 1), (4, 1)]);
    }

    #[test]
    fn compressed_batches_are_filtered_and_keep_their_codec() {
        for codec in [
            Compression::Gzip,
            Compression::Snappy,
            Compression::Lz4,
            Compression::Zstd,
        ] {
            let dir = tempfile::tempdir().unwrap();
            let log = open(dir.path(), compacted());
            log.append(&mut keyed(
                &[
                    ("x", Some("1")),
                    ("y", Some("1")),
                    ("x", Some("2")),
                    ("z", Some("1")),
                ],
                T0,
                codec,
            ))
            .unwrap();
            log.append(&mut keyed(
                &[("y", Some("2")), ("w", Some("1"))],
                T0 + 10,
                codec,
            ))
            .unwrap();
            log.append(&mut keyed(
                &[("w", Some("2")), ("w", Some("3"))],
                T0 + 20,
                codec,
            ))
            .unwrap();
            log.force_roll().unwrap();
            log.append(&mut keyed(&[("z", Some("2"))], T0 + 30, Compression::None))
                .unwrap();
            let (before, _) = contents(&log);
            log.clean_now(T0 + 40).unwrap().unwrap();
            let (after, codecs) = contents(&log);
            assert_eq!(after, latest_only(&before), "{codec:?}");
            assert_eq!(
                after.iter().map(|r| r.0).collect::<Vec<_>>(),
                vec![2, 4, 7, 8],
                "{codec:?}"
            );
            // Three batches were rewritten in their own codec; the active one is untouched.
            assert_eq!(codecs, vec![codec, codec, codec, Compression::None]);
            // Each rewritten batch kept its offset span, so the next batch follows on.
            let slice = log.read(0, 1 << 20).unwrap();
            let h = BatchHeader::parse(&slice.bytes).unwrap();
            assert_eq!(
                (h.base_offset, h.last_offset_delta, h.record_count),
                (0, 3, 1)
            );
            assert_eq!(h.base_timestamp, T0);
        }
    }

    #[test]
    fn keyless_records_are_refused_for_compacted_topics() {
        let mut b = keyed(&[("k", Some("v"))], T0, Compression::Gzip);
        assert!(require_keys(&b, "c", 0).is_ok());
        let records = [Record {
            transactional: false,
            control: false,
            delete_horizon: false,
            partition_leader_epoch: -1,
            producer_id: -1,
            producer_epoch: -1,
            timestamp_type: Ts::Creation,
            offset: 0,
            sequence: -1,
            timestamp: T0,
            key: None,
            value: Some(Bytes::from_static(b"v")),
            headers: Default::default(),
        }];
        for compression in [Compression::None, Compression::Zstd] {
            let mut no_key = BytesMut::new();
            RecordBatchEncoder::encode(
                &mut no_key,
                records.iter(),
                &RecordEncodeOptions {
                    version: 2,
                    compression,
                },
            )
            .unwrap();
            b.extend_from_slice(&no_key);
            let err = require_keys(&b, "c", 0).unwrap_err();
            assert!(matches!(err, StorageError::InvalidRecord(_)), "{err}");
            assert!(err.to_string().contains("without key"), "{err}");
        }
    }

    /// The same appends in two directories: one log cleaned normally, the other left as a
    /// crash would leave it in the middle of the swap, must read the same after a reopen.
    #[test]
    fn an_interrupted_swap_is_finished_and_an_unfinished_clean_rolled_back() {
        let fill = |log: &PartitionLog| {
            for round in 0..3 {
                for key in ["a", "b"] {
                    let v = format!("{key}{round}");
                    put(log, key, &v);
                }
                log.force_roll().unwrap();
            }
            put(log, "c", "c0");
        };
        let done = tempfile::tempdir().unwrap();
        let log = open(done.path(), compacted());
        fill(&log);
        log.clean_now(T0).unwrap().unwrap();
        let expected = contents(&log).0;
        let cleaned = fs::read(done.path().join("c-0").join(format!("{:020}.log", 0))).unwrap();
        log.close().unwrap();
        drop(log);

        // Crash after the swap was decided, with some old files already renamed away.
        let crashed = tempfile::tempdir().unwrap();
        let log = open(crashed.path(), compacted());
        fill(&log);
        let before = contents(&log).0;
        log.close().unwrap();
        drop(log);
        let pdir = crashed.path().join("c-0");
        fs::write(pdir.join(format!("{:020}-{:020}.log.swap", 0, 6)), &cleaned).unwrap();
        fs::rename(
            pdir.join(format!("{:020}.log", 2)),
            pdir.join(format!("{:020}.log.deleted", 2)),
        )
        .unwrap();
        fs::write(pdir.join(format!("{:020}.index.cleaned", 0)), b"junk").unwrap();
        let log = open(crashed.path(), compacted());
        assert_eq!(contents(&log).0, expected);
        assert_eq!(log.segment_base_offsets(), vec![0, 6]);
        assert_eq!(log.log_end_offset(), 7);
        log.close().unwrap();
        drop(log);

        // Crash before the swap was decided: the `.cleaned` files are dropped, nothing changes.
        let early = tempfile::tempdir().unwrap();
        let log = open(early.path(), compacted());
        fill(&log);
        log.close().unwrap();
        drop(log);
        let pdir = early.path().join("c-0");
        fs::write(pdir.join(format!("{:020}.log.cleaned", 0)), &cleaned).unwrap();
        let log = open(early.path(), compacted());
        assert_eq!(contents(&log).0, before);
        assert!(!pdir.join(format!("{:020}.log.cleaned", 0)).exists());
    }

    #[test]
    fn a_damaged_batch_stops_the_cleaner_and_leaves_the_log_as_it_is() {
        let dir = tempfile::tempdir().unwrap();
        let log = open(dir.path(), compacted());
        let first = keyed(&[("k", Some("1"))], T0, Compression::None);
        let first_len = first.len();
        log.append(&mut first.clone()).unwrap();
        put(&log, "k", "2");
        log.force_roll().unwrap();
        put(&log, "k", "3");
        // One byte of the second batch's record (offset 1) flipped on disk.
        let pdir = dir.path().join("c-0");
        let oldest = pdir.join(format!("{:020}.log", 0));
        let mut data = fs::read(&oldest).unwrap();
        let last = data.len() - 1;
        data[last] ^= 0x01;
        fs::write(&oldest, &data).unwrap();
        let files = || {
            let mut all: Vec<_> = fs::read_dir(&pdir)
                .unwrap()
                .map(|e| {
                    let p = e.unwrap().path();
                    let bytes = fs::read(&p).unwrap();
                    (p, bytes)
                })
                .collect();
            all.sort();
            all
        };
        let before = files();

        match log.clean_now(T0) {
            Err(StorageError::CorruptSegment { segment, batch }) => {
                assert_eq!(segment, oldest);
                assert_eq!((batch.offset, batch.position), (1, first_len as u64));
                assert!(
                    matches!(batch.cause, StorageError::CrcMismatch { .. }),
                    "{batch}"
                );
            }
            other => panic!("want a CorruptSegment error, got {other:?}"),
        }
        assert!(log.is_uncleanable());
        assert_eq!(files(), before, "the cleaner changed a damaged log");
        // Later passes leave it alone without another error.
        assert_eq!(log.clean_now(T0).unwrap(), None);
        assert_eq!(log.segment_base_offsets(), vec![0, 2]);
    }

    #[test]
    fn logs_that_are_not_compacted_or_not_dirty_enough_are_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        let log = open(dir.path(), LogConfig::default());
        put(&log, "k", "1");
        log.force_roll().unwrap();
        assert_eq!(log.clean_now(T0).unwrap(), None);

        let dir = tempfile::tempdir().unwrap();
        let config = LogConfig {
            min_compaction_lag_ms: 60_000,
            ..compacted()
        };
        let log = open(dir.path(), config);
        put(&log, "k", "1");
        put(&log, "k", "2");
        log.force_roll().unwrap();
        put(&log, "k", "3");
        // Younger than min.compaction.lag.ms: not cleanable yet.
        assert_eq!(log.clean(T0 + 1_000).unwrap(), None);
        let stats = log.clean(T0 + 61_000).unwrap().unwrap();
        assert_eq!(stats.records_removed, 2);
    }

    /// A transactional batch of one record (`marker`: an ABORT (Some(false)) or COMMIT
    /// (Some(true)) control batch instead) from producer `pid`.
    fn txn(pid: i64, key: &str, marker: Option<bool>, ts: i64) -> BytesMut {
        txn_in_epoch(pid, 0, key, marker, ts)
    }

    /// [`txn`] with the producer epoch `epoch`.
    fn txn_in_epoch(pid: i64, epoch: i16, key: &str, marker: Option<bool>, ts: i64) -> BytesMut {
        let (key, value) = match marker {
            None => (Bytes::from(key.to_string()), Bytes::from_static(b"v")),
            Some(commit) => (
                Bytes::from(vec![0, 0, 0, u8::from(commit)]),
                Bytes::from_static(&[0, 0, 0, 0, 0, 3]),
            ),
        };
        let record = Record {
            transactional: true,
            control: marker.is_some(),
            delete_horizon: false,
            partition_leader_epoch: 0,
            producer_id: pid,
            producer_epoch: epoch,
            timestamp_type: Ts::Creation,
            offset: 0,
            sequence: if marker.is_some() { -1 } else { 0 },
            timestamp: ts,
            key: Some(key),
            value: Some(value),
            headers: Default::default(),
        };
        encode(&[record], Compression::None)
    }

    #[test]
    fn aborted_batches_go_committed_ones_are_data_and_markers_go_last() {
        let dir = tempfile::tempdir().unwrap();
        // The producers are idle past producer.id.expiration.ms at every pass, so their last
        // batches are not kept for them (producer 1's aborted batch would otherwise stay
        // empty, and with it its ABORT marker: see the tests of active producers below).
        let config = LogConfig {
            producer_id_expiration_ms: 5,
            ..compacted()
        };
        let log = open(dir.path(), config);
        let aborted = AbortedTxnEntry {
            producer_id: 1,
            first_offset: 0,
            last_offset: 2,
            last_stable_offset: 3,
        };
        log.append(&mut txn(1, "a", None, T0)).unwrap();
        put(&log, "a", "v1");
        log.append(&mut txn(1, "", Some(false), T0)).unwrap();
        log.append_aborted_txn(&aborted).unwrap();
        log.append(&mut txn(2, "b", None, T0)).unwrap();
        log.append(&mut txn(2, "", Some(true), T0)).unwrap();
        // A transaction still open from offset 6: the segment it starts in is not cleaned,
        // so the old "d" at 5 stays until the transaction ends.
        log.force_roll().unwrap();
        put(&log, "d", "old");
        log.append(&mut txn(3, "c", None, T0)).unwrap();
        log.force_roll().unwrap();
        put(&log, "d", "new");
        let offsets = |log: &PartitionLog| -> Vec<i64> {
            contents(log).0.into_iter().map(|(o, _, _)| o).collect()
        };

        // The aborted record goes (the key map ignores it: "a" keeps its older value);
        // both markers stay while their transactions' batches were met.
        let stats = log.clean_now(T0 + 10).unwrap().unwrap();
        assert_eq!(stats.records_removed, 1);
        assert_eq!(offsets(&log), vec![1, 2, 3, 4, 5, 6, 7]);
        assert_eq!(log.aborted_txns().unwrap(), vec![aborted]);
        log.append(&mut txn(3, "", Some(true), T0)).unwrap();
        let stats = log.clean_now(T0 + 10).unwrap().unwrap();
        assert_eq!(stats.records_removed, 1);
        assert_eq!(offsets(&log), vec![1, 2, 3, 4, 6, 7, 8]);
        assert_eq!(log.aborted_txns().unwrap(), vec![aborted]);
        // The ABORT marker has no batch left: the next pass stamps its delete horizon
        // (delete.retention.ms, 1 s, later) and one past it removes it. The COMMIT marker
        // stays while its committed record (ordinary data) does.
        log.clean_now(T0 + 10).unwrap();
        assert_eq!(offsets(&log), vec![1, 2, 3, 4, 6, 7, 8]);
        log.clean_now(T0 + 1_009).unwrap();
        assert_eq!(offsets(&log), vec![1, 2, 3, 4, 6, 7, 8]);
        log.clean_now(T0 + 1_010).unwrap();
        assert_eq!(offsets(&log), vec![1, 3, 4, 6, 7, 8]);
        assert_eq!(log.aborted_txns().unwrap(), vec![]);
    }

    #[test]
    fn a_record_of_an_open_transaction_replaces_no_older_one() {
        let dir = tempfile::tempdir().unwrap();
        let config = LogConfig {
            producer_id_expiration_ms: 5,
            ..compacted()
        };
        let log = open(dir.path(), config);
        put(&log, "k", "v1");
        put(&log, "j", "w1");
        log.force_roll().unwrap();
        log.append(&mut txn(3, "k", None, T0)).unwrap();
        put(&log, "j", "w2");
        let offsets = |log: &PartitionLog| -> Vec<i64> {
            contents(log).0.into_iter().map(|(o, _, _)| o).collect()
        };
        // The key map ends at the first unstable offset (2), as Kafka's dirty section does:
        // the open transaction may yet be aborted, and "k" would then have lost its value.
        let stats = log.clean_now(T0 + 10).unwrap().unwrap();
        assert_eq!((stats.records_removed, stats.keys_mapped), (0, 2));
        assert_eq!(offsets(&log), vec![0, 1, 2, 3]);

        log.append(&mut txn(3, "", Some(false), T0)).unwrap();
        log.append_aborted_txn(&AbortedTxnEntry {
            producer_id: 3,
            first_offset: 2,
            last_offset: 4,
            last_stable_offset: 5,
        })
        .unwrap();
        // Aborted, the transaction's "k" never enters the map; "j" at 3 replaces "j" at 1.
        let stats = log.clean_now(T0 + 10).unwrap().unwrap();
        assert_eq!(stats.records_removed, 1);
        assert_eq!(offsets(&log), vec![0, 2, 3, 4]);
        assert_eq!(contents(&log).0[0], (0, "k".into(), Some("v1".into())));
    }

    /// The headers of every batch of the log, each checked as stored batches are.
    fn batch_headers(log: &PartitionLog) -> Vec<BatchHeader> {
        let read = log.read(0, 1 << 20).unwrap().bytes;
        let mut at = 0;
        let mut out = Vec::new();
        while at < read.len() {
            let h = crate::batch::validate_stored_batch(&read[at..]).unwrap();
            at += h.total_size();
            out.push(h);
        }
        out
    }

    /// Producer 7 writes "a", "b" (sequences 0-1, offsets 0-1), then "b" (sequence 2, offset
    /// 2: its last batch); a writer without producer id then rewrites both keys (3-4).
    fn producer_7_then_plain_rewrites(log: &PartitionLog) {
        log.append(&mut idempotent(
            7,
            0,
            &[("a", Some("a0")), ("b", Some("b0"))],
            T0,
        ))
        .unwrap();
        log.append(&mut idempotent(7, 2, &[("b", Some("b1"))], T0 + 1))
            .unwrap();
        log.append(&mut keyed(
            &[("a", Some("a2")), ("b", Some("b2"))],
            T0 + 2,
            Compression::None,
        ))
        .unwrap();
        log.force_roll().unwrap();
    }

    #[test]
    fn an_active_producers_last_batch_stays_as_an_empty_header() {
        let dir = tempfile::tempdir().unwrap();
        let log = open(dir.path(), compacted());
        producer_7_then_plain_rewrites(&log);
        let stats = log.clean_now(T0 + 10).unwrap().unwrap();
        assert_eq!(stats.records_removed, 3);
        assert_eq!(
            contents(&log).0,
            vec![
                (3, "a".into(), Some("a2".into())),
                (4, "b".into(), Some("b2".into())),
            ]
        );
        // Producer 7's first batch is gone; its last one, every record gone, stays as a
        // header holding its last sequence for a rebuild of its state.
        let headers = batch_headers(&log);
        assert_eq!(headers.len(), 2, "{headers:?}");
        let last = &headers[0];
        assert_eq!(
            (last.producer_id, last.producer_epoch, last.base_sequence),
            (7, 0, 2)
        );
        assert_eq!((last.base_offset, last.last_offset()), (2, 2));
        assert_eq!((last.record_count, last.total_size()), (0, HEADER_SIZE));
        assert_eq!((last.base_timestamp, last.max_timestamp), (T0 + 1, T0 + 1));
        assert_eq!(
            (headers[1].base_offset, headers[1].record_count),
            (3, 2),
            "{headers:?}"
        );
        assert_eq!(log.log_end_offset(), 5);
        // Passes after it keep it; once the producer wrote a newer batch, it goes.
        let stats = log.clean_now(T0 + 11).unwrap().unwrap();
        assert_eq!((stats.records_removed, stats.segments_rewritten), (0, 0));
        log.append(&mut idempotent(7, 3, &[("c", Some("c0"))], T0 + 20))
            .unwrap();
        log.append(&mut keyed(&[("d", Some("d0"))], T0 + 21, Compression::None))
            .unwrap();
        log.force_roll().unwrap();
        log.clean_now(T0 + 30).unwrap().unwrap();
        let spans: Vec<(i64, i64, i32)> = batch_headers(&log)
            .iter()
            .map(|h| (h.base_offset, h.producer_id, h.record_count))
            .collect();
        assert_eq!(spans, vec![(3, -1, 2), (5, 7, 1), (6, -1, 1)]);
    }

    #[test]
    fn an_expired_producers_last_batch_goes_with_its_records() {
        // Producer 7's last batch has max timestamp T0 + 1; producer.id.expiration.ms is
        // Kafka's default, a day: it is active until a day has passed since.
        for (now, kept) in [(T0 + 86_400_000, true), (T0 + 1 + 86_400_000, false)] {
            let dir = tempfile::tempdir().unwrap();
            let log = open(dir.path(), compacted());
            producer_7_then_plain_rewrites(&log);
            log.clean_now(now).unwrap().unwrap();
            let producers: Vec<i64> = batch_headers(&log).iter().map(|h| h.producer_id).collect();
            let want = if kept { vec![7, -1] } else { vec![-1] };
            assert_eq!(producers, want, "at {now}");
            assert_eq!(contents(&log).0.len(), 2);
        }
        // A shorter producer.id.expiration.ms, as the broker passes it, is obeyed.
        let dir = tempfile::tempdir().unwrap();
        let config = LogConfig {
            producer_id_expiration_ms: 5_000,
            ..compacted()
        };
        let log = open(dir.path(), config);
        producer_7_then_plain_rewrites(&log);
        log.clean_now(T0 + 1 + 5_000).unwrap().unwrap();
        assert_eq!(batch_headers(&log).len(), 1);
    }

    #[test]
    fn a_marker_that_is_its_producers_last_entry_stays_as_an_empty_control_batch() {
        let dir = tempfile::tempdir().unwrap();
        let log = open(dir.path(), compacted());
        // Producer 5's transaction is aborted by its coordinator with the epoch bumped to 1
        // (a timed-out transaction): the marker holds the epoch that fences epoch 0, and the
        // producer has no data batch in it.
        log.append(&mut txn_in_epoch(5, 0, "a", None, T0)).unwrap();
        log.append(&mut txn_in_epoch(5, 1, "", Some(false), T0 + 1))
            .unwrap();
        log.append_aborted_txn(&AbortedTxnEntry {
            producer_id: 5,
            first_offset: 0,
            last_offset: 1,
            last_stable_offset: 2,
        })
        .unwrap();
        log.append(&mut keyed(&[("b", Some("b0"))], T0 + 2, Compression::None))
            .unwrap();
        log.force_roll().unwrap();
        let kinds = |log: &PartitionLog| -> Vec<(i64, i64, i16, bool, i32)> {
            batch_headers(log)
                .iter()
                .map(|h| {
                    let kind = (h.base_offset, h.producer_id, h.producer_epoch);
                    (kind.0, kind.1, kind.2, h.is_control(), h.record_count)
                })
                .collect()
        };
        // The aborted batch (epoch 0, no longer the producer's last) goes, the marker stays
        // while its transaction's batch was met, then gets its delete horizon.
        log.clean_now(T0 + 10).unwrap().unwrap();
        assert_eq!(kinds(&log), vec![(1, 5, 1, true, 1), (2, -1, -1, false, 1)]);
        log.clean_now(T0 + 10).unwrap().unwrap();
        let marker = &batch_headers(&log)[0];
        assert_eq!(marker.delete_horizon_ms(), Some(T0 + 1_010));
        // Past its horizon its record goes, but as the producer's last entry the marker stays
        // empty, with its epoch; later passes leave it so.
        log.clean_now(T0 + 1_010).unwrap().unwrap();
        assert_eq!(kinds(&log), vec![(1, 5, 1, true, 0), (2, -1, -1, false, 1)]);
        assert_eq!(log.aborted_txns().unwrap(), vec![]);
        let stats = log.clean_now(T0 + 1_011).unwrap().unwrap();
        assert_eq!((stats.records_removed, stats.segments_rewritten), (0, 0));
        assert_eq!(kinds(&log)[0], (1, 5, 1, true, 0));
        // Once the producer wrote again, the empty marker goes with the next pass.
        log.append(&mut txn_in_epoch(5, 1, "c", None, T0 + 2_000))
            .unwrap();
        log.append(&mut txn_in_epoch(5, 1, "", Some(true), T0 + 2_001))
            .unwrap();
        log.force_roll().unwrap();
        log.clean_now(T0 + 2_010).unwrap().unwrap();
        assert_eq!(
            kinds(&log),
            vec![
                (2, -1, -1, false, 1),
                (3, 5, 1, false, 1),
                (4, 5, 1, true, 1)
            ]
        );
    }

    /// Appends `keys` (one record each, value `"{key}@{round}"`) in batches of `per_batch`,
    /// then rolls the segment.
    fn append_round(log: &PartitionLog, keys: &[String], round: usize, per_batch: usize) {
        for chunk in keys.chunks(per_batch) {
            let values: Vec<String> = chunk.iter().map(|k| format!("{k}@{round}")).collect();
            let entries: Vec<(&str, Option<&str>)> = chunk
                .iter()
                .zip(&values)
                .map(|(k, v)| (k.as_str(), Some(v.as_str())))
                .collect();
            log.append(&mut keyed(&entries, T0, Compression::None))
                .unwrap();
        }
        log.force_roll().unwrap();
    }

    #[test]
    fn a_dedupe_buffer_smaller_than_the_dirty_keys_cleans_in_several_passes() {
        // 100 keys written three times, in batches of 7 records, one segment per round.
        let keys: Vec<String> = (0..100).map(|k| format!("k{k:03}")).collect();
        let write = |dir: &Path| {
            let log = open(dir, compacted());
            for round in 0..3 {
                append_round(&log, &keys, round, 7);
            }
            log
        };
        let small_dir = tempfile::tempdir().unwrap();
        let small = write(small_dir.path());
        let whole_dir = tempfile::tempdir().unwrap();
        let whole = write(whole_dir.path());

        // Room for 45 slots, 40 entries at the load factor of 0.9.
        let buffer = CleanerConfig {
            dedupe_buffer_size: 45 * keymap::BYTES_PER_ENTRY,
            dedupe_buffer_load_factor: 0.9,
        };
        // As Kafka's buildOffsetMap: each pass maps 40 records (a key already mapped counts
        // once the map is full: the next keyed record ends the mapping, inside a batch of 7
        // here), cleans up to the last one, and the next pass goes on from there.
        let mut ends = Vec::new();
        while small.cleaner_offset() < 300 {
            let stats = small.clean_with(T0, true, &buffer).unwrap().unwrap();
            assert!(stats.keys_mapped <= 40, "{stats:?}");
            assert!(
                stats.key_map_bytes <= buffer.dedupe_buffer_size,
                "{stats:?}"
            );
            assert_eq!(small.cleaner_offset(), stats.cleaned_up_to);
            ends.push(stats.cleaned_up_to);
        }
        assert_eq!(ends, vec![40, 80, 120, 160, 200, 240, 280, 300]);

        let stats = whole.clean_now(T0).unwrap().unwrap();
        assert_eq!((stats.keys_mapped, stats.cleaned_up_to), (100, 300));
        let (cleaned, _) = contents(&small);
        assert_eq!(cleaned, contents(&whole).0);
        assert_eq!(cleaned.len(), 100);
        assert!(cleaned
            .iter()
            .all(|(_, k, v)| v.as_deref() == Some(&*format!("{k}@2"))));
    }

    #[test]
    fn the_pass_stops_mapping_inside_a_batch_and_keeps_what_it_did_not_map() {
        let dir = tempfile::tempdir().unwrap();
        let log = open(dir.path(), compacted());
        let keys: Vec<String> = (0..10).map(|k| format!("k{k}")).collect();
        // Offsets 0-9 then 10-19 (the same keys), in batches of 10.
        append_round(&log, &keys, 0, 10);
        append_round(&log, &keys, 1, 10);
        let buffer = CleanerConfig {
            dedupe_buffer_size: 6 * keymap::BYTES_PER_ENTRY,
            dedupe_buffer_load_factor: 0.9,
        };
        // Five entries: offsets 0-4; the records past 4 stay as they are this pass.
        let stats = log.clean_with(T0, true, &buffer).unwrap().unwrap();
        assert_eq!((stats.keys_mapped, stats.cleaned_up_to), (5, 5));
        assert_eq!(stats.records_removed, 0);
        // Offsets 5-9 of the first batch, 10-19 of the second: 10-14 replace 0-4.
        let stats = log.clean_with(T0, true, &buffer).unwrap().unwrap();
        assert_eq!(stats.cleaned_up_to, 10);
        let stats = log.clean_with(T0, true, &buffer).unwrap().unwrap();
        assert_eq!((stats.cleaned_up_to, stats.records_removed), (15, 5));
        let stats = log.clean_with(T0, true, &buffer).unwrap().unwrap();
        assert_eq!((stats.cleaned_up_to, stats.records_removed), (20, 5));
        let offsets: Vec<i64> = contents(&log).0.iter().map(|e| e.0).collect();
        assert_eq!(offsets, (10..20).collect::<Vec<_>>());
    }

    #[test]
    fn a_segment_cleaned_in_part_stays_dirty_for_the_next_pass() {
        let dir = tempfile::tempdir().unwrap();
        let log = open(dir.path(), compacted());
        // One closed segment: 20 keys, twice.
        for round in 0..2 {
            for k in 0..20 {
                let (key, value) = (format!("k{k}"), format!("{round}"));
                put(&log, &key, &value);
            }
        }
        log.force_roll().unwrap();
        // Nine entries a pass: each ends inside the segment, which stays dirty (not yet
        // cleaned to its end) for the ratio-driven pass until the last one.
        let buffer = CleanerConfig {
            dedupe_buffer_size: 10 * keymap::BYTES_PER_ENTRY,
            dedupe_buffer_load_factor: 0.9,
        };
        let mut ends = Vec::new();
        while let Some(stats) = log.clean_using(T0, &buffer).unwrap() {
            assert!(stats.keys_mapped <= 9, "{stats:?}");
            ends.push(stats.cleaned_up_to);
        }
        assert_eq!(ends, vec![9, 18, 27, 36, 40]);
        let offsets: Vec<i64> = contents(&log).0.iter().map(|e| e.0).collect();
        assert_eq!(offsets, (20..40).collect::<Vec<_>>());
    }

    #[test]
    fn a_lone_segment_is_written_only_if_it_changes_and_then_whole() {
        let dir = tempfile::tempdir().unwrap();
        // Two segments do not fit in one: each is a group of its own.
        let config = LogConfig {
            segment_bytes: 350,
            ..compacted()
        };
        let log = open(dir.path(), config);
        let one = |k: &str, v: &str| keyed(&[(k, Some(v))], T0, Compression::None);
        for (k, v) in [("a", "1"), ("b", "1"), ("c", "1")] {
            log.append(&mut one(k, v)).unwrap();
        }
        log.append(&mut keyed(
            &[("d", Some("1")), ("e", Some("1"))],
            T0,
            Compression::None,
        ))
        .unwrap();
        log.force_roll().unwrap();
        log.append(&mut one("c", "2")).unwrap();
        log.append(&mut one("e", "2")).unwrap();
        log.force_roll().unwrap();
        assert_eq!(log.segment_base_offsets(), vec![0, 5, 7]);
        let (before, _) = contents(&log);
        let second = fs::read(dir.path().join("c-0").join(format!("{:020}.log", 5))).unwrap();

        // The first segment: "a" and "b" as they were (written once "c" goes), "c" dropped,
        // "e" out of the last batch. The second loses nothing and is left as it is.
        let stats = log.clean_now(T0).unwrap().unwrap();
        assert_eq!((stats.segments_rewritten, stats.records_removed), (1, 2));
        assert_eq!(contents(&log).0, latest_only(&before));
        assert_eq!(log.segment_base_offsets(), vec![0, 5, 7]);
        let pdir = dir.path().join("c-0");
        assert_eq!(
            fs::read(pdir.join(format!("{:020}.log", 5))).unwrap(),
            second
        );
        assert!(!pdir.read_dir().unwrap().any(|e| {
            let name = e.unwrap().file_name().into_string().unwrap();
            name.ends_with(".cleaned") || name.ends_with(".swap")
        }));
        log.close().unwrap();
        drop(log);
        let log = open(dir.path(), compacted());
        assert_eq!(contents(&log).0, latest_only(&before));
    }

    #[test]
    fn a_group_is_written_batch_by_batch_not_held_in_memory() {
        let dir = tempfile::tempdir().unwrap();
        let log = open(dir.path(), compacted());
        // Three segments of 4 MiB (batches of 16 records of 1 KiB), one group for the pass.
        let value = "v".repeat(1024);
        for seg in 0..3 {
            for b in 0..256 {
                let keys: Vec<String> = (0..16).map(|r| format!("s{seg}-b{b}-r{r}")).collect();
                let entries: Vec<(&str, Option<&str>)> =
                    keys.iter().map(|k| (k.as_str(), Some(&*value))).collect();
                log.append(&mut keyed(&entries, T0, Compression::None))
                    .unwrap();
            }
            log.force_roll().unwrap();
        }
        // One key rewritten, so the group is rewritten.
        log.append(&mut keyed(
            &[("s0-b0-r0", Some("new"))],
            T0,
            Compression::None,
        ))
        .unwrap();
        let stats = log.clean_now(T0).unwrap().unwrap();
        assert_eq!((stats.segments_rewritten, stats.records_removed), (3, 1));
        assert!(stats.bytes_after > 12 << 20, "{stats:?}");
        let batch = keyed(&[("s0-b0-r0", Some(&*value))], T0, Compression::None).len() * 16;
        assert!(
            stats.peak_output_buffered <= WRITE_BUFFER + batch,
            "{} bytes in memory for a {}-byte group",
            stats.peak_output_buffered,
            stats.bytes_after
        );
        // A small log costs a small key map, not the whole 128 MiB buffer.
        assert!(stats.key_map_bytes <= 1 << 20, "{stats:?}");
        assert_eq!(log.segment_base_offsets(), vec![0, 3 * 256 * 16]);
        assert_eq!(contents(&log).0.len(), 3 * 256 * 16);
    }
}
