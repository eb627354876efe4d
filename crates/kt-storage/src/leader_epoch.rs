//! The leader-epoch cache of one partition: at which offset each leader epoch began, kept in
//! Kafka's `leader-epoch-checkpoint` file in the partition's directory.
//!
//! Replication stands on it. After a leader change a returning replica asks the leader, with
//! OffsetsForLeaderEpoch, where its own latest epoch ended on the leader
//! ([`LeaderEpochCache::end_offset_for`]) and truncates its divergent tail there; a consumer
//! validating its position after a leader change asks the same question.
//!
//! Invariant (Kafka's): epochs and start offsets both strictly increase from one entry to the
//! next. [`LeaderEpochCache::assign`] keeps it by dropping the entries a new one contradicts, as
//! Kafka's `LeaderEpochFileCache` does, so a cache rebuilt from any sequence of batches is
//! well-formed.
//!
//! The cache itself does no I/O: the partition log owns it, persists it with
//! [`write_leader_epoch_checkpoint`] after an assignment (synchronously, so the file never misses an
//! entry; after a truncation a stale file is harmless because recovery truncates the cache again),
//! and rebuilds the tail on recovery by assigning each recovered batch's epoch.

use std::collections::BTreeMap;
use std::path::Path;

use super::checkpoint::{read_checkpoint_entries, write_file_atomically};
use super::error::{Result, StorageError};

/// The leader-epoch checkpoint file in a partition's directory.
pub const LEADER_EPOCH_CHECKPOINT: &str = "leader-epoch-checkpoint";

/// Kafka's "no epoch": batches written before leader epochs existed, and the answer for an
/// epoch this replica knows nothing about.
pub const UNDEFINED_EPOCH: i32 = -1;

/// Kafka's "no offset", paired with [`UNDEFINED_EPOCH`] in an OffsetsForLeaderEpoch answer.
pub const UNDEFINED_EPOCH_OFFSET: i64 = -1;

/// One line of the cache: leader `epoch` wrote its first record at `start_offset`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EpochEntry {
    /// The leader epoch.
    pub epoch: i32,
    /// The offset of the first record written in that epoch.
    pub start_offset: i64,
}

/// The (epoch → start offset) map of one partition replica. See the module comment for the
/// invariant it keeps.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LeaderEpochCache {
    /// Epoch → start offset; both strictly increasing in key order.
    epochs: BTreeMap<i32, i64>,
}

impl LeaderEpochCache {
    /// A cache holding `entries`, assigned in order (so contradicting entries, e.g. from a
    /// checkpoint written before a crash, are resolved as [`Self::assign`] resolves them).
    pub fn from_entries(entries: impl IntoIterator<Item = EpochEntry>) -> Result<Self> {
        let mut cache = Self::default();
        for e in entries {
            cache.assign(e.epoch, e.start_offset)?;
        }
        Ok(cache)
    }

    /// Records that leader `epoch` starts at `start_offset`. Returns the entries it displaced
    /// (empty when the cache already said so, or when only an entry for the same start offset
    /// was replaced; a caller logs a warning for anything else, as Kafka does).
    ///
    /// An entry is only needed when its epoch differs from the latest one, or when it moves
    /// the latest epoch's start back; otherwise the call changes nothing and returns `Ok(None)`.
    /// Entries at or after the new one (by epoch or by offset) are removed first: they belong
    /// to a history this replica has been told is not the partition's.
    pub fn assign(&mut self, epoch: i32, start_offset: i64) -> Result<Option<Vec<EpochEntry>>> {
        if epoch < 0 || start_offset < 0 {
            return Err(StorageError::InvalidEpochEntry {
                epoch,
                start_offset,
            });
        }
        let needed = match self.latest() {
            None => true,
            Some(latest) => latest.epoch != epoch || start_offset < latest.start_offset,
        };
        if !needed {
            return Ok(None);
        }
        let mut removed = Vec::new();
        while let Some((&e, &o)) = self.epochs.last_key_value() {
            if e >= epoch || o >= start_offset {
                self.epochs.pop_last();
                removed.push(EpochEntry {
                    epoch: e,
                    start_offset: o,
                });
            } else {
                break;
            }
        }
        self.epochs.insert(epoch, start_offset);
        Ok(Some(removed))
    }

    /// The latest entry: the current epoch of a leader, the last epoch a follower copied.
    pub fn latest(&self) -> Option<EpochEntry> {
        self.epochs
            .last_key_value()
            .map(|(&epoch, &start_offset)| EpochEntry {
                epoch,
                start_offset,
            })
    }

    /// The latest epoch, if any batch carried one.
    pub fn latest_epoch(&self) -> Option<i32> {
        self.latest().map(|e| e.epoch)
    }

    /// The earliest entry still in the cache.
    pub fn earliest(&self) -> Option<EpochEntry> {
        self.epochs
            .first_key_value()
            .map(|(&epoch, &start_offset)| EpochEntry {
                epoch,
                start_offset,
            })
    }

    /// The largest cached epoch smaller than `epoch`.
    pub fn previous_epoch(&self, epoch: i32) -> Option<i32> {
        self.epochs.range(..epoch).next_back().map(|(&e, _)| e)
    }

    /// The answer to OffsetsForLeaderEpoch for `requested_epoch`: the largest cached epoch
    /// `<= requested_epoch` and where it ended, i.e. the start offset of the next larger epoch,
    /// or `log_end_offset` when the requested epoch is the latest one.
    ///
    /// As in Kafka: an undefined or unknown-and-too-large epoch answers
    /// (`UNDEFINED_EPOCH`, `UNDEFINED_EPOCH_OFFSET`) so the follower falls back to its high
    /// watermark; an epoch older than every cached one answers the requested epoch with the
    /// earliest cached start offset (the older history is gone from this log, and the follower
    /// must start from what is here).
    pub fn end_offset_for(&self, requested_epoch: i32, log_end_offset: i64) -> (i32, i64) {
        if requested_epoch == UNDEFINED_EPOCH {
            return (UNDEFINED_EPOCH, UNDEFINED_EPOCH_OFFSET);
        }
        if self.latest_epoch() == Some(requested_epoch) {
            return (requested_epoch, log_end_offset);
        }
        let higher = self
            .epochs
            .range(requested_epoch.saturating_add(1)..)
            .next()
            .map(|(_, &o)| o);
        let Some(higher_start) = higher else {
            return (UNDEFINED_EPOCH, UNDEFINED_EPOCH_OFFSET);
        };
        match self.epochs.range(..=requested_epoch).next_back() {
            None => (requested_epoch, higher_start),
            Some((&floor_epoch, _)) => (floor_epoch, higher_start),
        }
    }

    /// The epoch that wrote `offset`: the latest entry starting at or before it.
    pub fn epoch_for_offset(&self, offset: i64) -> Option<i32> {
        self.epochs
            .iter()
            .take_while(|(_, &start)| start <= offset)
            .last()
            .map(|(&e, _)| e)
    }

    /// Forgets the entries starting at or after `end_offset`, because the log was truncated
    /// there (a follower cutting a divergent tail). Returns what it removed. A negative
    /// `end_offset` removes nothing.
    pub fn truncate_from_end(&mut self, end_offset: i64) -> Vec<EpochEntry> {
        let mut removed = Vec::new();
        if end_offset < 0 {
            return removed;
        }
        while let Some((&e, &o)) = self.epochs.last_key_value() {
            if o < end_offset {
                break;
            }
            self.epochs.pop_last();
            removed.push(EpochEntry {
                epoch: e,
                start_offset: o,
            });
        }
        removed
    }

    /// Forgets history before `start_offset`, because the log's start moved there (retention,
    /// DeleteRecords). The epoch in force at `start_offset` is kept, now starting there; the
    /// entries before it are removed and returned.
    pub fn truncate_from_start(&mut self, start_offset: i64) -> Vec<EpochEntry> {
        let mut removed = Vec::new();
        while let Some((&e, &o)) = self.epochs.first_key_value() {
            if o > start_offset {
                break;
            }
            self.epochs.pop_first();
            removed.push(EpochEntry {
                epoch: e,
                start_offset: o,
            });
        }
        if let Some(last) = removed.last() {
            self.epochs.insert(last.epoch, start_offset);
        }
        removed
    }

    /// Every entry, oldest first: what the checkpoint file holds.
    pub fn entries(&self) -> Vec<EpochEntry> {
        self.epochs
            .iter()
            .map(|(&epoch, &start_offset)| EpochEntry {
                epoch,
                start_offset,
            })
            .collect()
    }

    /// The entries describing offsets `[start_offset, end_offset)`, as a copy of the cache
    /// truncated at both ends (what a replica copies along with a segment).
    pub fn entries_in_range(&self, start_offset: i64, end_offset: i64) -> Vec<EpochEntry> {
        let mut copy = self.clone();
        if start_offset >= 0 {
            copy.truncate_from_start(start_offset);
        }
        copy.truncate_from_end(end_offset);
        copy.entries()
    }

    /// True when no batch with an epoch has been recorded.
    pub fn is_empty(&self) -> bool {
        self.epochs.is_empty()
    }
}

/// Reads a `leader-epoch-checkpoint` file; a missing file is an empty list.
///
/// Format (Kafka's `LeaderEpochCheckpointFile`): a line `0` (the version), a line with the
/// entry count, then `epoch start_offset` per line, separated by whitespace.
pub fn read_leader_epoch_checkpoint(path: &Path) -> Result<Vec<EpochEntry>> {
    read_checkpoint_entries(path, |line| {
        let mut parts = line.split_whitespace();
        let (Some(epoch), Some(offset), None) = (parts.next(), parts.next(), parts.next()) else {
            return Err(format!("malformed line {line:?}"));
        };
        let (Ok(epoch), Ok(start_offset)) = (epoch.parse::<i32>(), offset.parse::<i64>()) else {
            return Err(format!("malformed line {line:?}"));
        };
        Ok(EpochEntry {
            epoch,
            start_offset,
        })
    })
}

/// Writes a `leader-epoch-checkpoint` file atomically (temp file, fsync, rename, directory
/// fsync), in the format [`read_leader_epoch_checkpoint`] reads.
pub fn write_leader_epoch_checkpoint(path: &Path, entries: &[EpochEntry]) -> Result<()> {
    let mut text = format!("0\n{}\n", entries.len());
    for e in entries {
        text.push_str(&format!("{} {}\n", e.epoch, e.start_offset));
    }
    write_file_atomically(path, text.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::fs;

    fn e(epoch: i32, start_offset: i64) -> EpochEntry {
        EpochEntry {
            epoch,
            start_offset,
        }
    }

    fn cache(entries: &[(i32, i64)]) -> LeaderEpochCache {
        LeaderEpochCache::from_entries(entries.iter().map(|&(a, b)| e(a, b))).unwrap()
    }

    #[test]
    fn a_new_epoch_is_recorded_once_and_repeats_change_nothing() {
        let mut c = LeaderEpochCache::default();
        assert_eq!(c.assign(2, 6).unwrap(), Some(vec![]));
        assert_eq!(c.assign(2, 10).unwrap(), None, "same epoch, later offset");
        assert_eq!(c.assign(3, 10).unwrap(), Some(vec![]));
        assert_eq!(c.entries(), vec![e(2, 6), e(3, 10)]);
        assert_eq!(c.latest_epoch(), Some(3));
    }

    #[test]
    fn an_entry_that_contradicts_later_ones_removes_them() {
        // Epoch 4 at offset 8 says the entries from epoch 4 on, and from offset 8 on, are not
        // this partition's history any more.
        let mut c = cache(&[(1, 0), (2, 5), (3, 8), (5, 12)]);
        let removed = c.assign(4, 8).unwrap().unwrap();
        assert_eq!(removed, vec![e(5, 12), e(3, 8)]);
        assert_eq!(c.entries(), vec![e(1, 0), e(2, 5), e(4, 8)]);
        // The latest epoch moved back to an earlier start.
        assert_eq!(c.assign(4, 7).unwrap().unwrap(), vec![e(4, 8)]);
        assert_eq!(c.entries(), vec![e(1, 0), e(2, 5), e(4, 7)]);
    }

    #[test]
    fn negative_epochs_and_offsets_are_refused() {
        let mut c = LeaderEpochCache::default();
        assert!(matches!(
            c.assign(-1, 0),
            Err(StorageError::InvalidEpochEntry { .. })
        ));
        assert!(matches!(
            c.assign(0, -5),
            Err(StorageError::InvalidEpochEntry { .. })
        ));
        assert!(c.is_empty());
    }

    #[test]
    fn end_offset_for_answers_as_kafka_does() {
        let c = cache(&[(1, 0), (2, 5), (4, 9)]);
        let leo = 15;
        // The latest epoch ends at the log end.
        assert_eq!(c.end_offset_for(4, leo), (4, 15));
        // A known older epoch ends where the next one starts.
        assert_eq!(c.end_offset_for(1, leo), (1, 5));
        assert_eq!(c.end_offset_for(2, leo), (2, 9));
        // An epoch between cached ones: the largest epoch below it, ending at the next start.
        assert_eq!(c.end_offset_for(3, leo), (2, 9));
        // Older than everything cached: the requested epoch and the earliest start.
        assert_eq!(c.end_offset_for(0, leo), (0, 0));
        // Undefined, or newer than the latest epoch: undefined.
        assert_eq!(c.end_offset_for(UNDEFINED_EPOCH, leo), (-1, -1));
        assert_eq!(c.end_offset_for(7, leo), (-1, -1));
        // An empty cache knows nothing.
        assert_eq!(LeaderEpochCache::default().end_offset_for(0, leo), (-1, -1));
    }

    #[test]
    fn truncation_from_the_end_forgets_epochs_that_started_at_or_after_the_cut() {
        let mut c = cache(&[(1, 0), (2, 5), (4, 9)]);
        assert_eq!(c.truncate_from_end(20), vec![]);
        assert_eq!(c.truncate_from_end(9), vec![e(4, 9)]);
        assert_eq!(c.truncate_from_end(-1), vec![]);
        assert_eq!(c.truncate_from_end(3), vec![e(2, 5)]);
        assert_eq!(c.entries(), vec![e(1, 0)]);
    }

    #[test]
    fn truncation_from_the_start_keeps_the_epoch_in_force_there() {
        let mut c = cache(&[(1, 0), (2, 5), (4, 9)]);
        assert_eq!(c.truncate_from_start(7), vec![e(1, 0), e(2, 5)]);
        assert_eq!(c.entries(), vec![e(2, 7), e(4, 9)]);
        // Exclusive: an entry starting exactly there stays (rewritten to the same offset).
        assert_eq!(c.truncate_from_start(9), vec![e(2, 7), e(4, 9)]);
        assert_eq!(c.entries(), vec![e(4, 9)]);
        assert_eq!(c.truncate_from_start(3), vec![]);
    }

    #[test]
    fn epoch_for_offset_and_ranges() {
        let c = cache(&[(1, 0), (2, 5), (4, 9)]);
        assert_eq!(c.epoch_for_offset(0), Some(1));
        assert_eq!(c.epoch_for_offset(8), Some(2));
        assert_eq!(c.epoch_for_offset(9), Some(4));
        assert_eq!(c.epoch_for_offset(100), Some(4));
        assert_eq!(cache(&[(3, 10)]).epoch_for_offset(4), None);
        assert_eq!(c.entries_in_range(6, 9), vec![e(2, 6)]);
        assert_eq!(c.entries_in_range(-1, 100), c.entries());
        assert_eq!(c.previous_epoch(4), Some(2));
        assert_eq!(c.previous_epoch(1), None);
        assert_eq!(c.earliest(), Some(e(1, 0)));
    }

    #[test]
    fn the_checkpoint_file_is_kafkas_format() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(LEADER_EPOCH_CHECKPOINT);
        assert_eq!(read_leader_epoch_checkpoint(&path).unwrap(), vec![]);
        let entries = vec![e(0, 0), e(3, 120), e(7, 5000)];
        write_leader_epoch_checkpoint(&path, &entries).unwrap();
        assert_eq!(
            fs::read_to_string(&path).unwrap(),
            "0\n3\n0 0\n3 120\n7 5000\n"
        );
        assert_eq!(read_leader_epoch_checkpoint(&path).unwrap(), entries);
        // Kafka separates fields by any whitespace.
        fs::write(&path, "0\n2\n1\t4\n2   9\n").unwrap();
        assert_eq!(
            read_leader_epoch_checkpoint(&path).unwrap(),
            vec![e(1, 4), e(2, 9)]
        );
    }

    #[test]
    fn malformed_checkpoint_files_are_errors() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(LEADER_EPOCH_CHECKPOINT);
        for bad in [
            "",
            "1\n0\n",
            "0\nx\n",
            "0\n2\n1 4\n",
            "0\n1\n1\n",
            "0\n1\n1 2 3\n",
            "0\n1\na 2\n",
        ] {
            fs::write(&path, bad).unwrap();
            assert!(
                matches!(
                    read_leader_epoch_checkpoint(&path),
                    Err(StorageError::InvalidCheckpoint { .. })
                ),
                "{bad:?}"
            );
        }
    }

    proptest! {
        /// Whatever sequence of assignments and truncations a replica goes through, the cache
        /// keeps both epochs and start offsets strictly increasing, and end_offset_for agrees
        /// with its definition over the entries.
        #[test]
        fn the_cache_stays_monotonic_and_answers_by_its_definition(
            ops in proptest::collection::vec((0u8..4, 0i32..20, 0i64..200), 1..60),
            query in 0i32..22,
        ) {
            let mut c = LeaderEpochCache::default();
            for (op, epoch, offset) in ops {
                match op {
                    0 | 1 => { c.assign(epoch, offset).unwrap(); }
                    2 => { c.truncate_from_end(offset); }
                    _ => { c.truncate_from_start(offset); }
                }
                let entries = c.entries();
                for w in entries.windows(2) {
                    prop_assert!(w[0].epoch < w[1].epoch && w[0].start_offset < w[1].start_offset,
                        "not monotonic: {:?}", entries);
                }
            }
            let entries = c.entries();
            let leo = 1000;
            let (epoch, end) = c.end_offset_for(query, leo);
            let latest = entries.last().map(|x| x.epoch);
            if latest == Some(query) {
                prop_assert_eq!((epoch, end), (query, leo));
            } else if let Some(next) = entries.iter().find(|x| x.epoch > query) {
                let floor = entries.iter().rev().find(|x| x.epoch <= query).map_or(query, |x| x.epoch);
                prop_assert_eq!((epoch, end), (floor, next.start_offset));
            } else {
                prop_assert_eq!((epoch, end), (UNDEFINED_EPOCH, UNDEFINED_EPOCH_OFFSET));
            }
            // And the file round-trips whatever the cache holds.
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join(LEADER_EPOCH_CHECKPOINT);
            write_leader_epoch_checkpoint(&path, &entries).unwrap();
            let back = LeaderEpochCache::from_entries(read_leader_epoch_checkpoint(&path).unwrap()).unwrap();
            prop_assert_eq!(back, c);
        }
    }
}
