//! Idempotent producers: per partition, the last sequence numbers each producer id wrote, so
//! that a retried batch is recognised (and answered with its first offsets) instead of being
//! written twice, and a gap in sequences is refused.
//!
//! Kafka's rules, per (producer id, partition):
//! - a batch's `baseSequence` must follow the last written sequence (`last + 1`, wrapping at
//!   `i32::MAX` to 0), else `OUT_OF_ORDER_SEQUENCE_NUMBER`;
//! - a batch equal to one of the last five written is a duplicate: answer with its offsets;
//! - a lower epoch than the one seen is fenced (`INVALID_PRODUCER_EPOCH`); a higher one starts
//!   over and must begin at sequence 0.
//!
//! And the transactions open on the partition: the first offset each transactional producer
//! wrote since its last marker (the last stable offset is the lowest of them), and the
//! aborted transactions read_committed consumers must skip (kept here, and in the segments'
//! `.txnindex` files so they outlive a restart).
//!
//! After a restart the state is rebuilt as Kafka's `ProducerStateManager` does: from the
//! newest `.snapshot` file usable (written at every segment roll and at clean shutdown; after
//! an unclean one, at or below the first segment recovery walked), then by replaying the
//! batch headers after it. The replay also writes the `.txnindex` entries of the aborted
//! transactions whose markers it meets and that recovery reset.

use std::collections::{HashMap, VecDeque};

use kafka_protocol::error::ResponseError;

/// How many recent batches per producer are kept for duplicate detection (Kafka keeps 5, the
/// most in-flight requests an idempotent producer may have).
const RECENT_BATCHES: usize = 5;

/// A batch as written: its sequence range and where it landed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct WrittenBatch {
    first_seq: i32,
    last_seq: i32,
    base_offset: i64,
    /// Last offset minus base offset (the batch's `lastOffsetDelta`).
    offset_delta: i32,
}

#[derive(Debug)]
struct ProducerEntry {
    epoch: i16,
    recent: VecDeque<WrittenBatch>,
    /// The max timestamp of the producer's last batch (kept for its snapshot entry).
    last_timestamp: i64,
    /// The coordinator epoch of the last marker written for the producer, -1 if none.
    coordinator_epoch: i32,
}

impl Default for ProducerEntry {
    fn default() -> Self {
        ProducerEntry {
            epoch: 0,
            recent: VecDeque::new(),
            last_timestamp: -1,
            coordinator_epoch: -1,
        }
    }
}

/// The outcome of checking a batch against what its producer wrote before.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SequenceCheck {
    /// Not an idempotent batch, or the next in sequence: append it.
    Append,
    /// Already written at this base offset: answer success without appending.
    Duplicate { base_offset: i64 },
}

/// A transaction aborted on this partition (Kafka's `AbortedTxn`): its records, between
/// `first_offset` and the marker at `last_offset`, are never shown to read_committed
/// consumers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AbortedTxn {
    pub producer_id: i64,
    pub first_offset: i64,
    pub last_offset: i64,
    /// The last stable offset once the abort was written.
    pub last_stable_offset: i64,
}

impl AbortedTxn {
    /// The entry of the partition's `.txnindex` that records it.
    pub fn entry(&self) -> kt_storage::AbortedTxnEntry {
        kt_storage::AbortedTxnEntry {
            producer_id: self.producer_id,
            first_offset: self.first_offset,
            last_offset: self.last_offset,
            last_stable_offset: self.last_stable_offset,
        }
    }
}

/// Sequence state of the idempotent producers writing to one partition.
#[derive(Debug, Default)]
pub struct ProducerStates {
    producers: HashMap<i64, ProducerEntry>,
    /// Open transactions: producer id → the first offset it wrote in the transaction.
    ongoing: HashMap<i64, i64>,
    /// Aborted transactions by ascending marker offset.
    aborted: Vec<AbortedTxn>,
    /// Whether the states were rebuilt from the log since the broker started.
    restored: bool,
}

impl ProducerStates {
    /// Rebuilds the states once per broker run, from the newest usable producer-state
    /// snapshot and the batches after it (the whole log when no snapshot is usable), so
    /// that a producer retrying a batch written before a restart is answered as a duplicate
    /// instead of writing it twice, and open transactions hold the last stable offset back.
    /// Runs on the partition's first transactional or idempotent use, at a roll and at
    /// shutdown.
    pub fn restore_once(
        &mut self,
        log: &kt_storage::PartitionLog,
    ) -> Result<(), kt_storage::StorageError> {
        if self.restored {
            return Ok(());
        }
        // Aborted transactions from the segments' `.txnindex` files (entries past the log
        // end were truncated away with their markers).
        let end = log.log_end_offset();
        self.aborted = log
            .aborted_txns()?
            .into_iter()
            .filter(|e| e.last_offset < end)
            .map(|e| AbortedTxn {
                producer_id: e.producer_id,
                first_offset: e.first_offset,
                last_offset: e.last_offset,
                last_stable_offset: e.last_stable_offset,
            })
            .collect();
        let from = match log.latest_producer_snapshot()? {
            Some((offset, entries)) => {
                self.load_snapshot(&entries);
                offset
            }
            None => log.log_start_offset(),
        };
        log.for_each_batch_header_from(from, |h| self.replay(log, h))?;
        self.aborted.sort_by_key(|a| a.last_offset);
        self.restored = true;
        Ok(())
    }

    /// Applies batches a follower copied from its leader, already appended to `log` at the
    /// offsets they carry, as their appends (and markers) did on the leader: a follower that
    /// becomes leader then checks sequences and computes the last stable offset from states
    /// that hold what it copied, and its `.txnindex` gets the aborted transactions.
    pub fn apply_copied(
        &mut self,
        log: &kt_storage::PartitionLog,
        records: &[u8],
    ) -> Result<(), kt_storage::StorageError> {
        let mut at = 0;
        while at < records.len() {
            let h = kt_storage::BatchHeader::parse(&records[at..])?;
            self.replay(log, &h)?;
            at += h.total_size();
        }
        Ok(())
    }

    /// Forgets the states (after the log was truncated under them): the next use rebuilds
    /// them from the newest snapshot at or below the new log end and the log after it.
    pub fn forget(&mut self) {
        *self = ProducerStates::default();
    }

    /// Applies one batch of the log to the states, as its append (or marker) did.
    fn replay(
        &mut self,
        log: &kt_storage::PartitionLog,
        h: &kt_storage::BatchHeader,
    ) -> Result<(), kt_storage::StorageError> {
        if h.is_control() {
            let Some((commit, coordinator_epoch)) = read_marker(log, h)? else {
                return Ok(());
            };
            self.fence_older_epochs(h.producer_id, h.producer_epoch);
            self.set_coordinator_epoch(h.producer_id, coordinator_epoch);
            let known = self.aborted.iter().any(|a| a.last_offset == h.base_offset);
            if known {
                self.ongoing.remove(&h.producer_id);
            } else if let Some(a) =
                self.end_transaction(h.producer_id, h.base_offset, commit, h.base_offset + 1)
            {
                // A marker whose index entry was lost (a crash in between, or recovery reset
                // the segment's index): rebuilt.
                log.append_aborted_txn(&a.entry())?;
            }
            return Ok(());
        }
        if h.is_transactional() {
            self.begin_transaction(h.producer_id, h.base_offset);
        }
        if h.has_producer_id() && h.base_sequence >= 0 {
            // The batch's sequences span its offsets, also when the log cleaner has
            // removed records from it (record_count then counts only the kept ones).
            let span = (h.last_offset() - h.base_offset + 1) as i32;
            self.record(
                h.producer_id,
                h.producer_epoch,
                h.base_sequence,
                span,
                h.base_offset,
                h.max_timestamp,
            );
        }
        Ok(())
    }

    /// Whether the states were rebuilt since the broker started (only then is a snapshot of
    /// them worth writing).
    pub fn is_restored(&self) -> bool {
        self.restored
    }

    /// The states as a producer-state snapshot holds them (Kafka's `ProducerStateEntry`
    /// per producer: its epoch, last batch, coordinator epoch and open transaction).
    pub fn snapshot_entries(&self) -> Vec<kt_storage::ProducerSnapshotEntry> {
        let mut ids: Vec<i64> = self
            .producers
            .keys()
            .chain(self.ongoing.keys())
            .copied()
            .collect();
        ids.sort_unstable();
        ids.dedup();
        ids.into_iter()
            .map(|id| {
                let entry = self.producers.get(&id);
                let last = entry.and_then(|e| e.recent.back());
                kt_storage::ProducerSnapshotEntry {
                    producer_id: id,
                    epoch: entry.map_or(0, |e| e.epoch),
                    last_sequence: last.map_or(-1, |b| b.last_seq),
                    last_offset: last.map_or(-1, |b| b.base_offset + i64::from(b.offset_delta)),
                    offset_delta: last.map_or(0, |b| b.offset_delta),
                    timestamp: entry.map_or(-1, |e| e.last_timestamp),
                    coordinator_epoch: entry.map_or(-1, |e| e.coordinator_epoch),
                    current_txn_first_offset: self.ongoing.get(&id).copied().unwrap_or(-1),
                }
            })
            .collect()
    }

    /// Takes the states of a snapshot (the last batch of each producer, its open
    /// transaction); the aborted transactions come from the `.txnindex` files.
    fn load_snapshot(&mut self, entries: &[kt_storage::ProducerSnapshotEntry]) {
        for e in entries {
            let mut recent = VecDeque::new();
            if e.last_offset >= 0 && e.last_sequence >= 0 {
                let first = i64::from(e.last_sequence) - i64::from(e.offset_delta);
                recent.push_back(WrittenBatch {
                    first_seq: first.rem_euclid(i64::from(i32::MAX) + 1) as i32,
                    last_seq: e.last_sequence,
                    base_offset: e.last_offset - i64::from(e.offset_delta),
                    offset_delta: e.offset_delta,
                });
            }
            self.producers.insert(
                e.producer_id,
                ProducerEntry {
                    epoch: e.epoch,
                    recent,
                    last_timestamp: e.timestamp,
                    coordinator_epoch: e.coordinator_epoch,
                },
            );
            if e.current_txn_first_offset >= 0 {
                self.ongoing
                    .insert(e.producer_id, e.current_txn_first_offset);
            }
        }
    }

    /// The coordinator epoch of the last marker written for `producer_id`, if any.
    pub fn coordinator_epoch(&self, producer_id: i64) -> Option<i32> {
        self.producers
            .get(&producer_id)
            .map(|p| p.coordinator_epoch)
            .filter(|e| *e >= 0)
    }

    /// Notes the coordinator epoch of a marker written for `producer_id`.
    pub fn set_coordinator_epoch(&mut self, producer_id: i64, coordinator_epoch: i32) {
        self.producers
            .entry(producer_id)
            .or_default()
            .coordinator_epoch = coordinator_epoch;
    }

    /// A marker written with `epoch` fences the producer's older epochs: their batches are
    /// refused from now on, and the next epoch starts its sequences over.
    pub fn fence_older_epochs(&mut self, producer_id: i64, epoch: i16) {
        let entry = self.producers.entry(producer_id).or_default();
        if epoch > entry.epoch {
            entry.epoch = epoch;
            entry.recent.clear();
        }
    }

    /// Notes a transactional batch of `producer_id` written at `offset`: the first one since
    /// its last marker opens a transaction there.
    pub fn begin_transaction(&mut self, producer_id: i64, offset: i64) {
        self.ongoing.entry(producer_id).or_insert(offset);
    }

    /// Notes the marker of `producer_id` written at `marker_offset`: its transaction is
    /// closed, and remembered as aborted unless it committed. Returns the aborted
    /// transaction. `high_watermark` bounds the last stable offset recorded with it.
    pub fn end_transaction(
        &mut self,
        producer_id: i64,
        marker_offset: i64,
        commit: bool,
        high_watermark: i64,
    ) -> Option<AbortedTxn> {
        let first = self.ongoing.remove(&producer_id)?;
        if commit {
            return None;
        }
        let aborted = AbortedTxn {
            producer_id,
            first_offset: first,
            last_offset: marker_offset,
            last_stable_offset: self.last_stable_offset(high_watermark.max(marker_offset + 1)),
        };
        self.aborted.push(aborted);
        Some(aborted)
    }

    /// The last stable offset: the first offset of the oldest open transaction, or the high
    /// watermark when none is open below it.
    pub fn last_stable_offset(&self, high_watermark: i64) -> i64 {
        self.ongoing
            .values()
            .copied()
            .min()
            .map_or(high_watermark, |first| first.min(high_watermark))
    }

    /// The aborted transactions a read_committed fetch from `from` up to `upper` (exclusive)
    /// must be told of: those whose range overlaps it.
    pub fn aborted_between(&self, from: i64, upper: i64) -> Vec<AbortedTxn> {
        self.aborted
            .iter()
            .filter(|a| a.last_offset >= from && a.first_offset < upper)
            .copied()
            .collect()
    }

    /// Forgets aborted transactions wholly below `log_start_offset` (deleted by retention).
    pub fn drop_aborted_before(&mut self, log_start_offset: i64) {
        self.aborted.retain(|a| a.last_offset >= log_start_offset);
    }

    /// The producers with an open transaction and where it began, for DescribeProducers.
    pub fn open_transactions(&self) -> Vec<(i64, i64)> {
        let mut open: Vec<(i64, i64)> = self.ongoing.iter().map(|(p, o)| (*p, *o)).collect();
        open.sort();
        open
    }

    /// Forgets the producers idle for `expiration_ms` at `now` (Kafka's
    /// `producer.id.expiration.ms`): those with no transaction open whose last batch's
    /// timestamp is that old. As in Kafka, a late retry of their batches is then no longer
    /// recognised, and the next snapshot leaves them out. Returns how many were forgotten.
    pub fn remove_expired(&mut self, now: i64, expiration_ms: i64) -> usize {
        let before = self.producers.len();
        let ongoing = &self.ongoing;
        self.producers.retain(|id, e| {
            ongoing.contains_key(id) || now.saturating_sub(e.last_timestamp) < expiration_ms
        });
        before - self.producers.len()
    }

    /// Every producer known on the partition with its epoch, last sequence, the offset of
    /// its last batch and the coordinator epoch of its last marker, for DescribeProducers.
    pub fn producers(&self) -> Vec<(i64, i16, i32, i64, i32)> {
        let mut all: Vec<(i64, i16, i32, i64, i32)> = self
            .producers
            .iter()
            .filter_map(|(id, e)| {
                e.recent
                    .back()
                    .map(|b| (*id, e.epoch, b.last_seq, b.base_offset, e.coordinator_epoch))
            })
            .collect();
        all.sort();
        all
    }

    /// Decides whether a batch from `producer_id` may be appended.
    pub fn check(
        &self,
        producer_id: i64,
        epoch: i16,
        first_seq: i32,
        record_count: i32,
    ) -> Result<SequenceCheck, ResponseError> {
        if producer_id < 0 || first_seq < 0 {
            return Ok(SequenceCheck::Append);
        }
        let Some(entry) = self.producers.get(&producer_id) else {
            // Unknown producer (new, or its state predates a restart): accept and remember.
            return Ok(SequenceCheck::Append);
        };
        if epoch < entry.epoch {
            return Err(ResponseError::InvalidProducerEpoch);
        }
        if epoch > entry.epoch {
            return if first_seq == 0 {
                Ok(SequenceCheck::Append)
            } else {
                Err(ResponseError::OutOfOrderSequenceNumber)
            };
        }
        let last_seq = last_sequence(first_seq, record_count);
        if let Some(dup) = entry
            .recent
            .iter()
            .find(|b| b.first_seq == first_seq && b.last_seq == last_seq)
        {
            return Ok(SequenceCheck::Duplicate {
                base_offset: dup.base_offset,
            });
        }
        match entry.recent.back() {
            Some(last) if next_sequence(last.last_seq) != first_seq => {
                Err(ResponseError::OutOfOrderSequenceNumber)
            }
            _ => Ok(SequenceCheck::Append),
        }
    }

    /// Records a batch that was appended at `base_offset` (`max_timestamp` its largest
    /// timestamp).
    pub fn record(
        &mut self,
        producer_id: i64,
        epoch: i16,
        first_seq: i32,
        record_count: i32,
        base_offset: i64,
        max_timestamp: i64,
    ) {
        if producer_id < 0 || first_seq < 0 {
            return;
        }
        let entry = self.producers.entry(producer_id).or_default();
        if epoch != entry.epoch {
            entry.epoch = epoch;
            entry.recent.clear();
        }
        if entry.recent.len() == RECENT_BATCHES {
            entry.recent.pop_front();
        }
        entry.recent.push_back(WrittenBatch {
            first_seq,
            last_seq: last_sequence(first_seq, record_count),
            base_offset,
            offset_delta: record_count.max(1) - 1,
        });
        entry.last_timestamp = max_timestamp;
    }
}

/// Whether the control batch `h` is a COMMIT (true) or ABORT (false) marker, read from its
/// record's key, with the coordinator epoch its value carries; None for another control
/// record.
fn read_marker(
    log: &kt_storage::PartitionLog,
    h: &kt_storage::BatchHeader,
) -> Result<Option<(bool, i32)>, kt_storage::StorageError> {
    // Up to the log end: a follower's high watermark trails the markers it copies, and a
    // restart replays markers above the high watermark it resumed from.
    let slice = log.read_to_log_end(h.base_offset, h.total_size())?;
    let mut bytes = slice.bytes.clone();
    let Ok(sets) = kafka_protocol::records::RecordBatchDecoder::decode_all(&mut bytes) else {
        return Ok(None);
    };
    let Some(record) = sets
        .into_iter()
        .flat_map(|s| s.records)
        .find(|r| r.offset == h.base_offset)
    else {
        return Ok(None);
    };
    // The value: version i16, coordinatorEpoch i32.
    let coordinator_epoch = record
        .value
        .as_ref()
        .filter(|v| v.len() >= 6)
        .map_or(-1, |v| i32::from_be_bytes([v[2], v[3], v[4], v[5]]));
    Ok(record
        .key
        .and_then(|k| crate::txn::markers::marker_result(&k))
        .map(|r| (r == crate::txn::TxnResult::Commit, coordinator_epoch)))
}

fn next_sequence(seq: i32) -> i32 {
    if seq == i32::MAX {
        0
    } else {
        seq + 1
    }
}

fn last_sequence(first_seq: i32, record_count: i32) -> i32 {
    let last = first_seq as i64 + record_count.max(1) as i64 - 1;
    (last % (i32::MAX as i64 + 1)) as i32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn in_order_batches_append_and_retries_are_duplicates() {
        let mut s = ProducerStates::default();
        assert_eq!(s.check(7, 0, 0, 10).unwrap(), SequenceCheck::Append);
        s.record(7, 0, 0, 10, 100, -1);
        assert_eq!(s.check(7, 0, 10, 5).unwrap(), SequenceCheck::Append);
        s.record(7, 0, 10, 5, 110, -1);
        assert_eq!(
            s.check(7, 0, 0, 10).unwrap(),
            SequenceCheck::Duplicate { base_offset: 100 }
        );
        assert_eq!(
            s.check(7, 0, 20, 1).unwrap_err(),
            ResponseError::OutOfOrderSequenceNumber
        );
    }

    #[test]
    fn epochs_fence_old_producers_and_restart_sequences() {
        let mut s = ProducerStates::default();
        s.record(7, 1, 0, 1, 0, -1);
        assert_eq!(
            s.check(7, 0, 1, 1).unwrap_err(),
            ResponseError::InvalidProducerEpoch
        );
        assert_eq!(s.check(7, 2, 0, 1).unwrap(), SequenceCheck::Append);
        assert!(s.check(7, 2, 5, 1).is_err());
    }

    #[test]
    fn idle_producers_expire_unless_a_transaction_is_open() {
        let mut s = ProducerStates::default();
        s.record(1, 0, 0, 1, 0, 1_000); // idle since 1 s
        s.record(2, 0, 0, 1, 1, 5_000); // wrote at 5 s
        s.record(3, 0, 0, 1, 2, 1_000); // idle since 1 s, but its transaction is open
        s.begin_transaction(3, 2);
        assert_eq!(
            s.check(1, 0, 0, 1).unwrap(),
            SequenceCheck::Duplicate { base_offset: 0 }
        );
        assert_eq!(s.remove_expired(4_000, 3_000), 1);
        let left: Vec<i64> = s.producers().iter().map(|p| p.0).collect();
        assert_eq!(left, vec![2, 3]);
        // A forgotten producer is unknown again: its old batch is no longer recognised, and
        // (as Kafka accepts from a producer it has no epoch for) any sequence is taken.
        assert_eq!(s.check(1, 0, 0, 1).unwrap(), SequenceCheck::Append);
        assert_eq!(s.check(1, 0, 7, 1).unwrap(), SequenceCheck::Append);
        // Its snapshot leaves the expired producer out.
        let ids: Vec<i64> = s.snapshot_entries().iter().map(|e| e.producer_id).collect();
        assert!(!ids.contains(&1), "{ids:?}");
    }

    #[test]
    fn sequences_wrap_at_i32_max() {
        let mut s = ProducerStates::default();
        s.record(1, 0, i32::MAX - 1, 2, 0, -1);
        assert_eq!(s.check(1, 0, 0, 1).unwrap(), SequenceCheck::Append);
    }

    #[test]
    fn the_last_stable_offset_is_the_oldest_open_transaction() {
        let mut s = ProducerStates::default();
        assert_eq!(s.last_stable_offset(10), 10);
        s.begin_transaction(1, 3);
        s.begin_transaction(1, 5); // the same transaction goes on
        s.begin_transaction(2, 4);
        assert_eq!(s.last_stable_offset(10), 3);
        assert_eq!(s.end_transaction(1, 6, true, 7), None);
        assert_eq!(s.last_stable_offset(10), 4);
        let aborted = s.end_transaction(2, 8, false, 9).unwrap();
        assert_eq!(
            aborted,
            AbortedTxn {
                producer_id: 2,
                first_offset: 4,
                last_offset: 8,
                last_stable_offset: 9
            }
        );
        assert_eq!(s.last_stable_offset(10), 10);
        // A marker with no transaction open changes nothing.
        assert_eq!(s.end_transaction(3, 9, false, 10), None);
    }

    #[test]
    fn fetches_are_told_of_the_aborted_transactions_they_overlap() {
        let mut s = ProducerStates::default();
        s.begin_transaction(1, 0);
        s.end_transaction(1, 4, false, 5);
        s.begin_transaction(2, 10);
        s.end_transaction(2, 12, false, 13);
        let ids = |v: Vec<AbortedTxn>| v.iter().map(|a| a.producer_id).collect::<Vec<_>>();
        assert_eq!(ids(s.aborted_between(0, 20)), vec![1, 2]);
        assert_eq!(ids(s.aborted_between(5, 20)), vec![2]);
        assert_eq!(ids(s.aborted_between(0, 10)), vec![1]);
        assert_eq!(ids(s.aborted_between(13, 20)), Vec::<i64>::new());
        s.drop_aborted_before(5);
        assert_eq!(ids(s.aborted_between(0, 20)), vec![2]);
    }

    #[test]
    fn non_idempotent_batches_are_not_tracked() {
        let s = ProducerStates::default();
        assert_eq!(s.check(-1, -1, -1, 3).unwrap(), SequenceCheck::Append);
    }

    /// A batch of `count` records without key from `pid` starting at sequence `seq`.
    fn batch(pid: i64, seq: i32, count: i32, transactional: bool) -> bytes::BytesMut {
        encoded(pid, seq, &vec![None; count as usize], transactional)
    }

    /// A batch of records with `keys` (None: no key) from `pid` starting at sequence `seq`
    /// (`pid` and `seq` -1: a producer without id).
    fn encoded(pid: i64, seq: i32, keys: &[Option<&str>], transactional: bool) -> bytes::BytesMut {
        use kafka_protocol::records::{
            Compression, Record, RecordBatchEncoder, RecordEncodeOptions, TimestampType,
        };
        let records: Vec<Record> = keys
            .iter()
            .enumerate()
            .map(|(i, key)| Record {
                transactional,
                control: false,
                delete_horizon: false,
                partition_leader_epoch: 0,
                producer_id: pid,
                producer_epoch: if pid < 0 { -1 } else { 0 },
                timestamp_type: TimestampType::Creation,
                offset: i as i64,
                sequence: seq + i as i32,
                timestamp: 1_000,
                key: key.map(|k| bytes::Bytes::from(k.to_string())),
                value: Some(bytes::Bytes::from_static(b"v")),
                headers: Default::default(),
            })
            .collect();
        let mut buf = bytes::BytesMut::new();
        let options = RecordEncodeOptions {
            version: 2,
            compression: Compression::None,
        };
        RecordBatchEncoder::encode(&mut buf, records.iter(), &options).unwrap();
        buf
    }

    /// Appends a batch and records it as the broker's produce path does.
    fn produce(log: &kt_storage::PartitionLog, s: &mut ProducerStates, b: bytes::BytesMut) {
        let h = kt_storage::BatchHeader::parse(&b).unwrap();
        let info = log.append(&mut b.clone()).unwrap();
        let span = h.last_offset_delta + 1;
        s.record(
            h.producer_id,
            0,
            h.base_sequence,
            span,
            info.base_offset,
            1_000,
        );
        if h.is_transactional() {
            s.begin_transaction(h.producer_id, info.base_offset);
        }
    }

    fn abort(log: &kt_storage::PartitionLog, s: &mut ProducerStates, pid: i64) {
        let mut marker =
            crate::txn::markers::control_batch(pid, 0, 3, crate::txn::TxnResult::Abort, 1_000);
        let info = log.append(&mut marker).unwrap();
        let aborted = s.end_transaction(pid, info.base_offset, false, info.last_offset + 1);
        log.append_aborted_txn(&aborted.unwrap().entry()).unwrap();
    }

    #[test]
    fn a_restart_after_a_torn_tail_takes_the_snapshot_and_rebuilds_the_txnindex() {
        let dir = tempfile::tempdir().unwrap();
        // Reopened after a crash with the recovery point the checkpoint holds once the roll
        // at offset 5 was flushed: the first segment is trusted, the second recovered.
        let open = |recovery_point| {
            kt_storage::PartitionLog::open(
                dir.path(),
                "t",
                0,
                Default::default(),
                recovery_point,
                None,
            )
            .unwrap()
        };
        let log = open(None);
        let mut s = ProducerStates::default();
        s.restore_once(&log).unwrap();
        produce(&log, &mut s, batch(5, 0, 1, true)); // 0
        abort(&log, &mut s, 5); // 1
        produce(&log, &mut s, batch(7, 0, 3, false)); // 2..=4
        log.force_roll().unwrap();
        log.write_producer_snapshot(5, &s.snapshot_entries(), false)
            .unwrap();
        produce(&log, &mut s, batch(5, 1, 1, true)); // 5
        abort(&log, &mut s, 5); // 6
        produce(&log, &mut s, batch(7, 3, 2, false)); // 7..=8
        let before = s.snapshot_entries();
        assert_eq!(log.aborted_txns().unwrap().len(), 2);
        drop(log);
        // A crash tore the last batch.
        let segment = dir.path().join("t-0/00000000000000000005.log");
        let len = std::fs::metadata(&segment).unwrap().len();
        let f = std::fs::OpenOptions::new()
            .write(true)
            .open(&segment)
            .unwrap();
        f.set_len(len - 10).unwrap();
        drop(f);

        for corrupt_snapshot in [false, true] {
            if corrupt_snapshot {
                // A damaged snapshot is discarded: the whole log is replayed instead.
                std::fs::write(dir.path().join("t-0/00000000000000000005.snapshot"), b"x").unwrap();
            }
            let log = open(Some(5));
            assert_eq!(log.log_end_offset(), 7);
            // Recovery reset the recovered segment's `.txnindex`; the replay rebuilds it.
            assert_eq!(log.aborted_txns().unwrap().len(), 1);
            let mut s = ProducerStates::default();
            s.restore_once(&log).unwrap();
            let aborted = log.aborted_txns().unwrap();
            assert_eq!(
                aborted
                    .iter()
                    .map(|a| (a.first_offset, a.last_offset))
                    .collect::<Vec<_>>(),
                vec![(0, 1), (5, 6)]
            );
            assert_eq!(s.aborted_between(0, 7).len(), 2);
            assert_eq!(s.last_stable_offset(7), 7);
            // Producer 7's last batch (sequences 0..=2) survived, the torn one did not.
            assert_eq!(
                s.check(7, 0, 0, 3).unwrap(),
                SequenceCheck::Duplicate { base_offset: 2 }
            );
            assert_eq!(s.check(7, 0, 3, 2).unwrap(), SequenceCheck::Append);
            assert_eq!(
                s.check(7, 0, 5, 1).unwrap_err(),
                ResponseError::OutOfOrderSequenceNumber
            );
            assert_eq!(
                s.check(5, -1, 0, 1).unwrap_err(),
                ResponseError::InvalidProducerEpoch
            );
            let after = s.snapshot_entries();
            assert_eq!(after.len(), before.len());
            assert_eq!(after[0].coordinator_epoch, 3, "{after:?}");
        }
    }

    #[test]
    fn a_follower_closes_transactions_at_the_markers_it_copies_above_its_high_watermark() {
        let dir = tempfile::tempdir().unwrap();
        let open = |name: &str| {
            kt_storage::PartitionLog::open(
                &dir.path().join(name),
                "t",
                0,
                Default::default(),
                None,
                None,
            )
            .unwrap()
        };
        let leader = open("leader");
        let mut s = ProducerStates::default();
        s.restore_once(&leader).unwrap();
        produce(&leader, &mut s, batch(5, 0, 2, true)); // 0..=1
        abort(&leader, &mut s, 5); // 2
        produce(&leader, &mut s, batch(5, 2, 1, true)); // 3
        let mut commit =
            crate::txn::markers::control_batch(5, 0, 3, crate::txn::TxnResult::Commit, 1_000);
        leader.append(&mut commit).unwrap(); // 4
        s.end_transaction(5, 4, true, 5);
        produce(&leader, &mut s, batch(5, 3, 1, true)); // 5, left open
        let copied = leader.read_to_log_end(0, 1 << 20).unwrap().bytes;

        // The follower's high watermark trails what it copies (the leader's, one fetch late).
        let follower = open("follower");
        follower.set_follower_high_watermark(0);
        let mut f = ProducerStates::default();
        f.restore_once(&follower).unwrap();
        follower.append_as_follower(&copied).unwrap();
        f.apply_copied(&follower, &copied).unwrap();
        assert_eq!(follower.high_watermark(), 0);
        assert_eq!(f.open_transactions(), vec![(5, 5)]);
        let spans = |v: Vec<AbortedTxn>| {
            v.iter()
                .map(|a| (a.first_offset, a.last_offset))
                .collect::<Vec<_>>()
        };
        assert_eq!(spans(f.aborted_between(0, 6)), vec![(0, 2)]);
        let indexed: Vec<_> = follower
            .aborted_txns()
            .unwrap()
            .iter()
            .map(|a| (a.first_offset, a.last_offset))
            .collect();
        assert_eq!(indexed, vec![(0, 2)]);
        assert_eq!(f.last_stable_offset(6), 5);
    }

    /// Why the log cleaner keeps an active producer's last batch (Kafka's `RETAIN_EMPTY`):
    /// the states rebuilt from the cleaned log, after a restart without a snapshot or by a
    /// new replica copying it, still hold the producer's last sequence, so a retry of its
    /// last batch is answered as a duplicate and its next batch is in sequence.
    #[test]
    fn states_rebuilt_from_a_cleaned_log_keep_an_active_producers_last_sequence() {
        let dir = tempfile::tempdir().unwrap();
        let config = kt_storage::LogConfig {
            compact: true,
            retention_ms: -1,
            ..Default::default()
        };
        let open = |name: &str| {
            kt_storage::PartitionLog::open(&dir.path().join(name), "t", 0, config, None, None)
                .unwrap()
        };
        let leader = open("leader");
        let mut s = ProducerStates::default();
        s.restore_once(&leader).unwrap();
        produce(
            &leader,
            &mut s,
            encoded(7, 0, &[Some("a"), Some("c")], false),
        ); // 0..=1
        produce(&leader, &mut s, encoded(7, 2, &[Some("b")], false)); // 2: 7's last batch
        let mut plain = encoded(-1, -1, &[Some("a"), Some("b")], false);
        leader.append(&mut plain).unwrap(); // 3..=4: both of 7's keys again
        leader.force_roll().unwrap();
        // Every record of producer 7's last batch goes; "c" keeps its first batch.
        let stats = leader.clean_now(1_010).unwrap().unwrap();
        assert_eq!(stats.records_removed, 2);
        assert!(leader.latest_producer_snapshot().unwrap().is_none());

        // After a restart (no snapshot: the whole log is replayed).
        let mut restarted = ProducerStates::default();
        restarted.restore_once(&leader).unwrap();
        // A new replica copying the cleaned log.
        let replica = open("replica");
        let mut copied = ProducerStates::default();
        copied.restore_once(&replica).unwrap();
        let bytes = leader.read_to_log_end(0, 1 << 20).unwrap().bytes;
        replica.append_as_follower(&bytes).unwrap();
        copied.apply_copied(&replica, &bytes).unwrap();
        assert_eq!(replica.log_end_offset(), 5);

        for (who, rebuilt) in [("restart", &restarted), ("new replica", &copied)] {
            assert_eq!(
                rebuilt.check(7, 0, 2, 1),
                Ok(SequenceCheck::Duplicate { base_offset: 2 }),
                "{who}: a retry of the last batch"
            );
            assert_eq!(
                rebuilt.check(7, 0, 3, 1),
                Ok(SequenceCheck::Append),
                "{who}: the next batch"
            );
            assert_eq!(rebuilt.producers(), s.producers(), "{who}");
        }
    }
}
