//! Which batches the log cleaner keeps for the producer state, as Kafka's cleaner does with
//! `lastRecordsOfActiveProducers` and `BatchRetention.RETAIN_EMPTY`.
//!
//! The sequence numbers of idempotent producers (and the epochs transactional ones are fenced
//! with) are rebuilt from the log: after a restart from the newest producer snapshot and the
//! batches after it, on a follower or a new replica from the batches it copies. The batch
//! holding an active producer's last sequence must therefore outlive its records: removed, a
//! rebuilt state would hold an older sequence, so after a failover the producer's next batch
//! is refused as `OUT_OF_ORDER_SEQUENCE_NUMBER`, and a retry of the removed batch is not
//! recognised and is written a second time. Such a batch whose records all go stays as an
//! empty header (same offsets, producer id, epoch and base sequence), which is all the
//! rebuild reads.
//!
//! Per producer, as Kafka's `ProducerStateEntry` holds it: its epoch, the last offset of its
//! last data batch of that epoch (a newer epoch, on a data batch or a marker, starts over),
//! and the max timestamp of its newest batch. A producer is active unless it has no
//! transaction open and that timestamp is `producer.id.expiration.ms` old (Kafka's
//! `isProducerExpired`). Kafka reads these from the live producer state; kt's cleaner, which
//! has no access to the broker's, learns them from the whole log as the pass sees it (the
//! batches it keeps as empty headers carry the same fields, so later passes learn the same).

use std::collections::HashMap;

use super::super::super::batch::BatchHeader;

/// What the log says of one producer.
struct Tail {
    epoch: i16,
    /// The last offset of its newest data batch in `epoch`; None when the epoch has only
    /// markers (the marker then holds the epoch that fences the older ones).
    last_data_offset: Option<i64>,
    /// The max timestamp of its newest batch (data or marker).
    last_timestamp: i64,
    /// Whether a transaction of it is open at the end of the batches seen.
    open: bool,
}

/// The newest batch of every producer of a log, learnt in one walk over all its batches in
/// offset order.
#[derive(Default)]
pub(super) struct ProducerTails {
    tails: HashMap<i64, Tail>,
}

impl ProducerTails {
    pub(super) fn see(&mut self, h: &BatchHeader) {
        if !h.has_producer_id() {
            return;
        }
        let tail = self.tails.entry(h.producer_id).or_insert(Tail {
            epoch: h.producer_epoch,
            last_data_offset: None,
            last_timestamp: -1,
            open: false,
        });
        if tail.epoch != h.producer_epoch {
            // Kafka's `maybeUpdateProducerEpoch`: another epoch forgets the older batches.
            tail.epoch = h.producer_epoch;
            tail.last_data_offset = None;
        }
        tail.last_timestamp = h.max_timestamp;
        if h.is_control() {
            tail.open = false;
        } else {
            tail.last_data_offset = Some(h.last_offset());
            tail.open |= h.is_transactional();
        }
    }

    /// Whether the pass at `now` must keep `h`, if all its records go, as an empty header:
    /// it is the last data batch of an active producer or, for an active producer whose
    /// epoch has no data batch, a marker of that epoch (Kafka's `isBatchLastRecordOfProducer`).
    pub(super) fn keeps(&self, h: &BatchHeader, now: i64, expiration_ms: i64) -> bool {
        if !h.has_producer_id() {
            return false;
        }
        let Some(tail) = self.tails.get(&h.producer_id) else {
            return false;
        };
        let active = tail.open || now.saturating_sub(tail.last_timestamp) < expiration_ms;
        active
            && match tail.last_data_offset {
                Some(last) => h.last_offset() == last,
                None => h.is_control() && h.producer_epoch == tail.epoch,
            }
    }
}
