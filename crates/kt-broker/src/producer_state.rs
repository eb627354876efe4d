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
//! aborted transactions read_committed consumers must skip (Kafka keeps those in `.txnindex`
//! files; kt keeps them here and rebuilds them from the log's tail after a restart).

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
}

#[derive(Debug, Default)]
struct ProducerEntry {
    epoch: i16,
    recent: VecDeque<WrittenBatch>,
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

/// How much of a partition's newest log is read to rebuild its producers' states after a
/// restart (Kafka keeps producer-state snapshots instead; kt reads the batch headers, which
/// carry every field the states need).
const RESTORE_SCAN_BYTES: u64 = 256 << 20;

impl ProducerStates {
    /// Rebuilds the states from the batches at the end of `log`, once per broker run, so
    /// that a producer retrying a batch written before a restart is answered as a duplicate
    /// instead of writing it twice. Runs on the first idempotent append to the partition.
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
        for h in log.tail_batch_headers(RESTORE_SCAN_BYTES)? {
            if h.is_transactional() && h.is_control() {
                let known = self.aborted.iter().any(|a| a.last_offset == h.base_offset);
                if known {
                    self.ongoing.remove(&h.producer_id);
                } else if let Some(commit) = marker_is_commit(log, &h)? {
                    let aborted = self.end_transaction(
                        h.producer_id,
                        h.base_offset,
                        commit,
                        h.base_offset + 1,
                    );
                    // A marker whose index entry was lost (a crash in between): rebuilt.
                    if let Some(a) = aborted {
                        log.append_aborted_txn(&a.entry())?;
                    }
                }
                continue;
            }
            if h.is_transactional() {
                self.begin_transaction(h.producer_id, h.base_offset);
            }
            if h.has_producer_id() && h.base_sequence >= 0 && !h.is_control() {
                // The batch's sequences span its offsets, also when the log cleaner has
                // removed records from it (record_count then counts only the kept ones).
                let span = (h.last_offset() - h.base_offset + 1) as i32;
                self.record(
                    h.producer_id,
                    h.producer_epoch,
                    h.base_sequence,
                    span,
                    h.base_offset,
                );
            }
        }
        self.restored = true;
        Ok(())
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

    /// Every producer known on the partition with its epoch, last sequence and the offset
    /// of its last batch, for DescribeProducers.
    pub fn producers(&self) -> Vec<(i64, i16, i32, i64)> {
        let mut all: Vec<(i64, i16, i32, i64)> = self
            .producers
            .iter()
            .filter_map(|(id, e)| {
                e.recent
                    .back()
                    .map(|b| (*id, e.epoch, b.last_seq, b.base_offset))
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

    /// Records a batch that was appended at `base_offset`.
    pub fn record(
        &mut self,
        producer_id: i64,
        epoch: i16,
        first_seq: i32,
        record_count: i32,
        base_offset: i64,
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
        });
    }
}

/// Whether the control batch `h` is a COMMIT (Some(true)) or ABORT (Some(false)) marker,
/// read from its record's key.
fn marker_is_commit(
    log: &kt_storage::PartitionLog,
    h: &kt_storage::BatchHeader,
) -> Result<Option<bool>, kt_storage::StorageError> {
    let slice = log.read(h.base_offset, h.total_size())?;
    let mut bytes = slice.bytes.clone();
    let Ok(sets) = kafka_protocol::records::RecordBatchDecoder::decode_all(&mut bytes) else {
        return Ok(None);
    };
    let key = sets
        .into_iter()
        .flat_map(|s| s.records)
        .find(|r| r.offset == h.base_offset)
        .and_then(|r| r.key);
    Ok(key
        .and_then(|k| crate::txn::markers::marker_result(&k))
        .map(|r| r == crate::txn::TxnResult::Commit))
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
        s.record(7, 0, 0, 10, 100);
        assert_eq!(s.check(7, 0, 10, 5).unwrap(), SequenceCheck::Append);
        s.record(7, 0, 10, 5, 110);
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
        s.record(7, 1, 0, 1, 0);
        assert_eq!(
            s.check(7, 0, 1, 1).unwrap_err(),
            ResponseError::InvalidProducerEpoch
        );
        assert_eq!(s.check(7, 2, 0, 1).unwrap(), SequenceCheck::Append);
        assert!(s.check(7, 2, 5, 1).is_err());
    }

    #[test]
    fn sequences_wrap_at_i32_max() {
        let mut s = ProducerStates::default();
        s.record(1, 0, i32::MAX - 1, 2, 0);
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
}
