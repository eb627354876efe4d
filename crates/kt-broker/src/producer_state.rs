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

/// Sequence state of the idempotent producers writing to one partition.
#[derive(Debug, Default)]
pub struct ProducerStates {
    producers: HashMap<i64, ProducerEntry>,
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
        for h in log.tail_batch_headers(RESTORE_SCAN_BYTES)? {
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
    fn non_idempotent_batches_are_not_tracked() {
        let s = ProducerStates::default();
        assert_eq!(s.check(-1, -1, -1, 3).unwrap(), SequenceCheck::Append);
    }
}
