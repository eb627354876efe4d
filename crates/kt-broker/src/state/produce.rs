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
                    producers.record(
                        header.producer_id,
                        header.producer_epoch,
                        header.base_sequence,
                        header.record_count,
                        info.base_offset,
                    );
                    outcome(&info)
                }
            }
        } else {
            outcome(&partition.log.append_shared(batches)?)
        };
        partition.appended.notify_waiters();
        crate::replication::leader::maybe_advance_high_watermark(partition);
        Ok(outcome)
    }
}

fn outcome(info: &AppendInfo) -> ProduceOutcome {
    ProduceOutcome {
        base_offset: info.base_offset,
        next_offset: info.last_offset + 1,
        log_append_time: info.log_append_time,
        log_start_offset: info.log_start_offset,
    }
}
