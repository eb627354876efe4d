//! Corrupt record batches seen by kt's consumers. Kafka's Java consumer checks each batch's CRC
//! by default and stops with the partition and offset of the damaged batch; librdkafka checks
//! only when `check.crcs` is set, and then reports a bare `_BAD_MSG` error (rust-rdkafka keeps
//! the code but drops librdkafka's text, topic and offset). This module turns the check on and
//! rebuilds the partition and offset from the consumer's positions.

use std::time::Duration;

use rdkafka::config::ClientConfig;
use rdkafka::consumer::{BaseConsumer, Consumer, ConsumerContext};
use rdkafka::error::KafkaError;
use rdkafka::types::RDKafkaErrorCode;
use rdkafka::Offset;

/// Sets `check.crcs=true`, as the Java consumer's default. Call it before the user's properties
/// are applied, so that `check.crcs=false` from the user still wins.
pub fn check_crcs_by_default(config: &mut ClientConfig) {
    config.set("check.crcs", "true");
}

/// Whether `error` is librdkafka's report of a batch that failed its CRC check (or could not
/// be parsed at all).
pub fn is_corrupt_batch(error: &KafkaError) -> bool {
    error.rdkafka_error_code() == Some(RDKafkaErrorCode::BadMessage)
}

/// The message for a corrupt batch, in the words of Kafka's consumer: the partition and the
/// offset where it failed. librdkafka delivers a partition's records in order and queues the
/// error in their place, so the damaged batch starts at the partition's position (the offset
/// after the last record delivered; the log start when none was). The error itself does not
/// say which partition failed: with several assigned, every candidate is named.
pub fn corrupt_batch_message<C: ConsumerContext>(consumer: &BaseConsumer<C>) -> String {
    const CAUSE: &str = "cause: Record is corrupt (CRC check failed)";
    let Ok(positions) = consumer.position() else {
        return format!("A record batch is invalid, {CAUSE}");
    };
    let places: Vec<String> = positions
        .elements()
        .iter()
        .map(|e| {
            let offset = match e.offset() {
                Offset::Offset(n) => Some(n),
                _ => consumer
                    .fetch_watermarks(e.topic(), e.partition(), Duration::from_secs(5))
                    .ok()
                    .map(|(low, _)| low),
            };
            match offset {
                Some(n) => format!("{}-{} at offset {n}", e.topic(), e.partition()),
                None => format!("{}-{}", e.topic(), e.partition()),
            }
        })
        .collect();
    match places.as_slice() {
        [] => format!("A record batch is invalid, {CAUSE}"),
        [one] => format!("Record batch for partition {one} is invalid, {CAUSE}"),
        many => format!(
            "Record batch for one of the partitions {} is invalid, {CAUSE}",
            many.join(", ")
        ),
    }
}
