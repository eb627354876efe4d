//! A future replica: the copy of a partition's log that AlterReplicaLogDirs builds in another
//! log directory of the same broker, and the swap that makes it the log.
//!
//! As in Kafka, the copy lives in `<dest>/<topic>-<partition>.<id>-future` (`id` a random
//! UUID without dashes, Kafka's `LocalLog.logFutureDirName`) until it has every batch of the
//! current log; then it takes the current log's place: it is renamed
//! `<dest>/<topic>-<partition>`, the current directory is renamed
//! `<topic>-<partition>.<id>-delete` and removed. A broker that stops in between finds the
//! `-future` directory at start-up and resumes the copy (the log manager loads it as the
//! partition's future log).
//!
//! Kafka copies by fetching from the current replica (`ReplicaAlterLogDirsThread`); kt reads
//! the current log's batches and appends them as a follower does, byte for byte, so offsets,
//! leader epochs and timestamps are the current log's, and so are the gaps the cleaner of a
//! compacted log leaves (a batch may start past the end of the one before, and the log end
//! offset may be past the last batch where an older cleaner removed the last ones after the
//! log rolled: the copy then ends with an empty segment at that offset). The swap holds the
//! current log's lock (appends wait for it, as Kafka's swap holds the partition's
//! `leaderIsrUpdateLock`), copies the few batches appended since the last copy step, and
//! moves the files: nothing written before or during the swap is lost or copied twice.

use std::fs::{self, File};
use std::os::unix::fs::FileExt;
use std::path::{Path, PathBuf};
use std::sync::{Arc, PoisonError};

use super::{Home, OpenHints, PartitionLog, ReadLimit, State};
use crate::batch::BatchHeader;
use crate::error::{IoContext, Result, StorageError};
use crate::leader_epoch::{write_leader_epoch_checkpoint, LEADER_EPOCH_CHECKPOINT};
use crate::log_dir::LogDirHealth;
use crate::producer_snapshot::list_snapshots;
use crate::scan::{FileScanner, HEADER_SCAN_CHUNK};

/// Kafka's suffix of a future replica's directory (`LocalLog.FutureDirSuffix`).
pub const FUTURE_DIR_SUFFIX: &str = "-future";
/// Kafka's suffix of a directory being deleted (`LocalLog.DeleteDirSuffix`).
pub const DELETE_DIR_SUFFIX: &str = "-delete";

/// `<topic>-<partition>.<id><suffix>` with a fresh random id (Kafka's
/// `logDirNameWithSuffix`): the name of a future replica's or a doomed log's directory.
pub fn dir_name_with_suffix(topic: &str, partition: i32, suffix: &str) -> String {
    format!(
        "{topic}-{partition}.{}{suffix}",
        uuid::Uuid::new_v4().simple()
    )
}

/// The partition of a future replica's directory name (`<topic>-<partition>.<id>-future`);
/// None for any other name.
pub fn parse_future_dir_name(name: &str) -> Option<(String, i32)> {
    let stem = name.strip_suffix(FUTURE_DIR_SUFFIX)?;
    let (partition_dir, id) = stem.rsplit_once('.')?;
    if id.is_empty() || !id.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return None;
    }
    crate::log_manager::parse_topic_partition(partition_dir)
}

/// What one copy step did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CopyStep {
    /// Bytes appended to the future log by this step.
    pub bytes: u64,
    /// The future log's end offset after the step.
    pub future_end: i64,
    /// The current log's end offset when the step read it.
    pub current_end: i64,
}

impl CopyStep {
    /// Offsets the future log is behind the current one.
    pub fn lag(&self) -> i64 {
        (self.current_end - self.future_end).max(0)
    }
}

impl PartitionLog {
    /// The offset a future replica of this log starts at: the base offset of the batch
    /// holding the log start offset (a follower's copy starts on a batch boundary; the log
    /// start offset itself is carried over by the swap), or the log start offset where the
    /// first batch starts past it (a compacted log's gap, which the copy keeps).
    pub fn future_start_offset(&self) -> Result<i64> {
        let start = self.log_start_offset();
        let regions = self.read_regions_limited(start, 1, true, ReadLimit::LogEnd)?;
        let Some(first) = regions.regions.first() else {
            return Ok(start);
        };
        let mut head = [0u8; crate::batch::HEADER_SIZE];
        first
            .file
            .read_exact_at(&mut head, first.position)
            .at(&first.path)?;
        Ok(BatchHeader::parse(&head)?.base_offset.min(start))
    }

    /// One step of the background copy into `future`: cuts what `future` holds past this
    /// log's end for its latest epoch (the current replica was truncated, as Kafka's
    /// `ReplicaAlterLogDirsThread` truncates by leader epoch), then appends up to `max_bytes`
    /// (at least one batch) of this log's batches from the future's end, or, when no batch
    /// is left before this log's end offset (a compacted log's removed tail), advances the
    /// future's end offset to it with no batch (see [`PartitionLog::advance_end_to`]).
    /// Runs without holding this log's lock across the copy. `OffsetOutOfRange` when
    /// retention removed what the future still needs: the copy must start over.
    pub fn copy_to_future(&self, future: &PartitionLog, max_bytes: usize) -> Result<CopyStep> {
        if let Some(epoch) = future.latest_epoch() {
            let (_, end) = self.end_offset_for_epoch(epoch);
            if end >= 0 && end < future.log_end_offset() {
                future.truncate_to(end)?;
            }
        }
        let current_end = self.log_end_offset();
        if future.log_end_offset() > current_end {
            future.truncate_to(current_end)?;
        }
        // A future that starts on the batch holding the log start offset reads from there.
        let from = future.log_end_offset().max(self.log_start_offset());
        let regions = self.read_regions_limited(from, max_bytes, true, ReadLimit::LogEnd)?;
        let buf = regions.read_all()?;
        if !buf.is_empty() {
            future.append_as_follower(&buf)?;
        } else {
            // No batch from `from` to the end offset read with it: the cleaner removed the
            // log's last batches and left its end offset, which the copy takes too.
            future.advance_end_to(regions.log_end_offset)?;
        }
        Ok(CopyStep {
            bytes: buf.len() as u64,
            future_end: future.log_end_offset(),
            current_end: regions.log_end_offset,
        })
    }

    /// Makes `future` (a caught-up future replica in log directory `dest_log_dir`, whose
    /// health is `health`) this log: under this log's lock, copies what was appended since
    /// the last copy step, closes the future, renames its directory to
    /// `<dest_log_dir>/<topic>-<partition>` and the current one to
    /// `<topic>-<partition>.<id>-delete`, and reopens the log from its new directory, keeping
    /// the log start offset, high watermark and leader epoch. Every holder of this
    /// `PartitionLog` goes on using it and now reads and writes the new directory. Returns
    /// the `-delete` directory, for the caller to remove (outside any lock).
    ///
    /// `FutureNotCaughtUp` (nothing changed) when the future does not continue this log.
    pub fn replace_with_future(
        &self,
        future: &PartitionLog,
        dest_log_dir: &Path,
        health: Arc<LogDirHealth>,
    ) -> Result<PathBuf> {
        // Lock order: `cleaning` (a cleaner pass rewrites files in the directory), then the
        // epoch checkpoint's writer (no stale snapshot lands in the new directory), then the
        // state. Both outer ones are otherwise taken without `state`.
        let cleaning = self.cleaning.lock().unwrap_or_else(PoisonError::into_inner);
        if cleaning.retired {
            return Err(self.not_caught_up("the log was deleted".into()));
        }
        let mut written = self
            .epochs_written
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        let mut st = self.lock();
        self.copy_tail_locked(&mut st, future)?;
        future.close()?;
        let leo = st.log_end_offset();
        let old_dir = self.dir();
        let future_dir = future.dir();
        // Producer-state snapshots let the next start skip replaying the log.
        for (offset, path) in list_snapshots(&old_dir)? {
            if offset <= leo {
                if let Some(name) = path.file_name() {
                    let to = future_dir.join(name);
                    fs::copy(&path, &to).at(&to)?;
                }
            }
        }
        let final_dir = dest_log_dir.join(format!("{}-{}", self.topic, self.partition));
        fs::rename(&future_dir, &final_dir).at(&future_dir)?;
        sync_dir(dest_log_dir)?;
        let old_parent = old_dir.parent().unwrap_or(Path::new(".")).to_path_buf();
        let doomed = old_parent.join(dir_name_with_suffix(
            &self.topic,
            self.partition,
            DELETE_DIR_SUFFIX,
        ));
        fs::rename(&old_dir, &doomed).at(&old_dir)?;
        sync_dir(&old_parent)?;
        let hints = OpenHints {
            recovery_point: Some(leo),
            log_start_offset: Some(st.log_start_offset),
            clean_shutdown: true,
            cleaner_offset: Some(st.clean_offset),
            open_files: Some(Arc::clone(&self.files)),
        };
        let reopened = PartitionLog::open_in(
            final_dir.clone(),
            dest_log_dir,
            &self.topic,
            self.partition,
            st.config,
            hints,
        )?;
        let mut fresh: State = reopened
            .state
            .into_inner()
            .unwrap_or_else(PoisonError::into_inner);
        fresh.log_start_offset = fresh.log_start_offset.max(st.log_start_offset);
        fresh.high_watermark = st.high_watermark;
        fresh.leader_epoch = st.leader_epoch;
        fresh.epochs_version = st.epochs_version;
        let epochs = fresh.epochs_snapshot();
        *st = fresh;
        *self.home_mut() = Home {
            dir: final_dir.clone(),
            health,
        };
        write_leader_epoch_checkpoint(&final_dir.join(LEADER_EPOCH_CHECKPOINT), &epochs.entries)?;
        *written = epochs.version;
        drop(st);
        drop(written);
        drop(cleaning);
        // The future's directory is gone (it is this log's now): nothing may use it again.
        future.retire();
        tracing::info!(
            "[ReplicaAlterLogDirsManager on broker] The current replica of {}-{} was replaced \
             with its future replica: log moved from {} to {} (log end offset {leo})",
            self.topic,
            self.partition,
            old_parent.display(),
            dest_log_dir.display()
        );
        Ok(doomed)
    }

    /// Under this log's lock: appends to `future` the batches from its end to this log's end.
    fn copy_tail_locked(&self, st: &mut State, future: &PartitionLog) -> Result<()> {
        let from = future.log_end_offset();
        let leo = st.log_end_offset();
        if from == leo {
            return Ok(());
        }
        if from > leo {
            return Err(self.not_caught_up(format!("it ends at {from}, the log at {leo}")));
        }
        let first = st
            .segments
            .partition_point(|s| s.base_offset <= from)
            .saturating_sub(1);
        st.segments[first].load()?;
        for (i, seg) in st.segments.iter().enumerate().skip(first) {
            let file = seg.log_file()?;
            let mut start = 0;
            if i == first {
                start = seg.size;
                let at = seg.offset_index.lookup(from);
                let mut sc =
                    FileScanner::new(&file, &seg.log_path, at, seg.size, HEADER_SCAN_CHUNK);
                while let Some((pos, h)) = sc.next_header()? {
                    if h.last_offset() >= from {
                        start = pos;
                        break;
                    }
                }
            }
            if seg.size > start {
                let mut buf = vec![0u8; (seg.size - start) as usize];
                file.read_exact_at(&mut buf, start).at(&seg.log_path)?;
                future.append_as_follower(&buf)?;
            }
        }
        // Every batch up to the log end is copied: what is left is an end offset past the
        // last batch (the cleaner removed the batches before it), which the copy takes too.
        future.advance_end_to(leo)?;
        if future.log_end_offset() != leo {
            return Err(self.not_caught_up(format!(
                "it ends at {} after the final copy, the log at {leo}",
                future.log_end_offset()
            )));
        }
        Ok(())
    }

    fn not_caught_up(&self, reason: String) -> StorageError {
        StorageError::FutureNotCaughtUp {
            partition: format!("{}-{}", self.topic, self.partition),
            reason,
        }
    }
}

fn sync_dir(dir: &Path) -> Result<()> {
    File::open(dir).and_then(|d| d.sync_all()).at(dir)
}

#[cfg(test)]
#[path = "future_replica_tests.rs"]
mod tests;
