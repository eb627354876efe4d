//! Appending a produce to a partition log, enforcing idempotent producers' sequences.

use kafka_protocol::error::ResponseError;

use super::{Broker, Partition, ProduceOutcome};
use crate::producer_state::SequenceCheck;
use crate::BrokerError;
use kt_storage::{AppendInfo, BatchHeader};

impl Broker {
    /// Appends the batches of one produce to a partition, enforcing idempotent-producer
    /// sequences. The request's bytes are written as they are; only patched copies of the
    /// batch headers (offsets, LogAppendTime) are made.
    pub fn append(
        &self,
        partition: &Partition,
        batches: &[u8],
    ) -> Result<ProduceOutcome, BrokerError> {
        let header = BatchHeader::parse(batches)?;
        if partition.log.config().compact {
            // Only compacted topics pay for reading the records: each must have a key.
            kt_storage::require_keys(batches, partition.log.topic(), partition.log.partition())?;
        }
        if header.is_control() {
            // Only transaction coordinators write markers (`Broker::append_marker`).
            return Err(BrokerError::Sequence(ResponseError::InvalidRecord));
        }
        let idempotent = header.producer_id >= 0 && header.base_sequence >= 0;
        if idempotent && header.total_size() < batches.len() {
            // Kafka's rule: an idempotent produce carries exactly one batch per partition.
            return Err(BrokerError::Sequence(ResponseError::InvalidRecord));
        }
        // A topic with a compression.type of its own stores its batches in that codec.
        let recompressed = match partition.log.config().compression {
            Some(codec) => kt_storage::recompress(batches, codec)?,
            None => None,
        };
        let batches = recompressed.as_deref().unwrap_or(batches);
        // Check, append and record under the producers lock so that two retries of the same
        // batch cannot both pass the check, and a deletion cannot slip in between.
        let mut producers = partition.lock_producers();
        if partition.is_deleted() {
            return Err(BrokerError::UnknownTopicOrPartition);
        }
        let outcome = if idempotent {
            producers.restore_once(&partition.log)?;
            match producers
                .check(
                    header.producer_id,
                    header.producer_epoch,
                    header.base_sequence,
                    header.record_count,
                )
                .map_err(BrokerError::Sequence)?
            {
                SequenceCheck::Duplicate { base_offset } => ProduceOutcome {
                    base_offset,
                    next_offset: base_offset + i64::from(header.record_count),
                    log_append_time: -1,
                    log_start_offset: partition.log.log_start_offset(),
                },
                SequenceCheck::Append => {
                    let info = partition.log.append_shared(batches)?;
                    if info.rolled {
                        partition.snapshot_producers(&mut producers, info.base_offset, false);
                    }
                    let timestamp = if info.log_append_time >= 0 {
                        info.log_append_time
                    } else {
                        header.max_timestamp
                    };
                    producers.record(
                        header.producer_id,
                        header.producer_epoch,
                        header.base_sequence,
                        header.record_count,
                        info.base_offset,
                        timestamp,
                    );
                    if header.is_transactional() {
                        producers.begin_transaction(header.producer_id, info.base_offset);
                    }
                    outcome(&info)
                }
            }
        } else {
            let info = partition.log.append_shared(batches)?;
            if info.rolled {
                // The new batch has no producer: the states are those at its offset.
                partition.snapshot_producers(&mut producers, info.base_offset, false);
            }
            outcome(&info)
        };
        partition.appended.notify_waiters();
        crate::replication::leader::maybe_advance_high_watermark(partition);
        Ok(outcome)
    }
}

impl Broker {
    /// Appends a transaction marker (a COMMIT or ABORT control batch) to a partition this
    /// broker leads, closing the producer's transaction there; on `__consumer_offsets` the
    /// group coordinator then applies or drops the transaction's offsets.
    pub fn append_marker(
        &self,
        partition: &Partition,
        producer_id: i64,
        producer_epoch: i16,
        coordinator_epoch: i32,
        result: crate::txn::TxnResult,
        now: i64,
    ) -> Result<(), BrokerError> {
        let commit = result == crate::txn::TxnResult::Commit;
        let mut batch = crate::txn::markers::control_batch(
            producer_id,
            producer_epoch,
            coordinator_epoch,
            result,
            now,
        );
        let mut producers = partition.lock_producers();
        if partition.is_deleted() {
            return Err(BrokerError::UnknownTopicOrPartition);
        }
        producers.restore_once(&partition.log)?;
        let info = partition.log.append(&mut batch)?;
        if info.rolled {
            partition.snapshot_producers(&mut producers, info.base_offset, false);
        }
        producers.fence_older_epochs(producer_id, producer_epoch);
        producers.set_coordinator_epoch(producer_id, coordinator_epoch);
        let aborted =
            producers.end_transaction(producer_id, info.base_offset, commit, info.last_offset + 1);
        if let Some(aborted) = aborted {
            // Kept in the segment's `.txnindex` too, so it outlives the tail a restart scans.
            if let Err(e) = partition.log.append_aborted_txn(&aborted.entry()) {
                tracing::warn!(
                    "recording an aborted transaction of {}-{} failed: {e}",
                    partition.topic,
                    partition.index
                );
            }
        }
        producers.drop_aborted_before(partition.log.log_start_offset());
        drop(producers);
        partition.appended.notify_waiters();
        crate::replication::leader::maybe_advance_high_watermark(partition);
        if partition.topic == crate::coordinator::OFFSETS_TOPIC {
            self.groups()
                .complete_txn(partition.index, producer_id, commit);
        }
        Ok(())
    }

    /// The producers of a partition and their open transactions, for DescribeProducers.
    pub fn partition_producers(
        &self,
        partition: &Partition,
    ) -> Result<Vec<ProducerRow>, BrokerError> {
        let mut producers = partition.lock_producers();
        producers.restore_once(&partition.log)?;
        let open: std::collections::HashMap<i64, i64> =
            producers.open_transactions().into_iter().collect();
        Ok(producers
            .producers()
            .into_iter()
            .map(|(id, epoch, seq, offset, coordinator_epoch)| ProducerRow {
                producer_id: id,
                epoch,
                last_sequence: seq,
                last_offset: offset,
                coordinator_epoch,
                txn_start_offset: open.get(&id).copied().unwrap_or(-1),
            })
            .collect())
    }
}

impl Partition {
    /// Writes the producer-state snapshot at `offset` (Kafka takes one at every roll, at the
    /// new segment's base offset, and at clean shutdown at the log end), the states first
    /// rebuilt if this run had not needed them yet. A failure is logged: the snapshot only
    /// saves replaying the log at the next start.
    pub(crate) fn snapshot_producers(
        &self,
        producers: &mut crate::producer_state::ProducerStates,
        offset: i64,
        sync: bool,
    ) {
        let written = producers.restore_once(&self.log).and_then(|()| {
            self.log
                .write_producer_snapshot(offset, &producers.snapshot_entries(), sync)
        });
        if let Err(e) = written {
            tracing::warn!(
                "writing the producer-state snapshot of {}-{} at offset {offset} failed: {e}",
                self.topic,
                self.index
            );
        }
    }

    /// A follower's append of batches copied from its leader (whole batches, at the offsets
    /// they carry), with the producer states kept in step as Kafka's `appendAsFollower`
    /// keeps them, and the producer-state snapshot written at a roll as on the leader. The
    /// states are rebuilt first on the partition's first copy of this run (a header scan
    /// from the newest snapshot), so that they hold every batch.
    pub(crate) fn append_copied(&self, records: &[u8]) -> Result<(), kt_storage::StorageError> {
        let mut producers = self.lock_producers();
        producers.restore_once(&self.log)?;
        let info = self.log.append_as_follower(records)?;
        if info.rolled {
            // The snapshot holds the states at the new segment's base offset: before the
            // copied batches are applied.
            self.snapshot_producers(&mut producers, info.base_offset, false);
        }
        producers.apply_copied(&self.log, records)
    }

    /// A follower's truncation of its divergent tail: the log is cut back to `offset`
    /// (with the producer snapshots above it) and the producer states are forgotten, to be
    /// rebuilt from what is left.
    pub(crate) fn truncate_copied(
        &self,
        offset: i64,
    ) -> Result<Option<kt_storage::Truncated>, kt_storage::StorageError> {
        let mut producers = self.lock_producers();
        let truncated = self.log.truncate_to(offset)?;
        if truncated.is_some() {
            producers.forget();
        }
        Ok(truncated)
    }

    /// At shutdown: the producer-state snapshot at the log end, when this run restored the
    /// states (or recovery reset `.txnindex` files that only the replay rebuilds); other
    /// partitions' snapshots and logs are as they were.
    pub(crate) fn snapshot_at_shutdown(&self) {
        let mut producers = self.lock_producers();
        if self.is_deleted() || !(producers.is_restored() || self.log.recovered_from().is_some()) {
            return;
        }
        let end = self.log.log_end_offset();
        self.snapshot_producers(&mut producers, end, true);
    }

    /// The last stable offset (see `ProducerStates::last_stable_offset`), with the aborted
    /// transactions a read_committed fetch from `from` up to it overlaps.
    pub fn stable_view(
        &self,
        from: i64,
    ) -> Result<(i64, Vec<crate::producer_state::AbortedTxn>), BrokerError> {
        let mut producers = self.lock_producers();
        producers.restore_once(&self.log)?;
        let lso = producers.last_stable_offset(self.log.high_watermark());
        Ok((lso, producers.aborted_between(from, lso)))
    }
}

/// One producer of a partition as DescribeProducers reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProducerRow {
    pub producer_id: i64,
    pub epoch: i16,
    pub last_sequence: i32,
    /// The offset of its last batch.
    pub last_offset: i64,
    /// The epoch of the transaction coordinator that wrote its last marker, -1 before any.
    pub coordinator_epoch: i32,
    /// The first offset of its open transaction, -1 when none is open.
    pub txn_start_offset: i64,
}

fn outcome(info: &AppendInfo) -> ProduceOutcome {
    ProduceOutcome {
        base_offset: info.base_offset,
        next_offset: info.last_offset + 1,
        log_append_time: info.log_append_time,
        log_start_offset: info.log_start_offset,
    }
}
