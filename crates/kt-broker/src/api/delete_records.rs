//! DeleteRecords: moves the log start offset of partitions up to a given offset (kafka-delete-
//! records.sh, `Admin.deleteRecords`). Records below it are gone for readers at once (a fetch
//! below it answers OFFSET_OUT_OF_RANGE, ListOffsets earliest returns it) and segments
//! wholly below it are deleted; the new start is checkpointed before the answer, so that a
//! restart does not bring the deleted records back.

use std::sync::Arc;

use super::authorize;
use super::authorize::{Op, Resource};

use kafka_protocol::error::ResponseError;
use kafka_protocol::messages::delete_records_response::{
    DeleteRecordsPartitionResult, DeleteRecordsTopicResult,
};
use kafka_protocol::messages::{DeleteRecordsRequest, DeleteRecordsResponse};

use super::RequestContext;
use crate::state::Broker;

/// The offset that means "up to the high watermark" (`DeleteRecordsRequest.HIGH_WATERMARK`).
const HIGH_WATERMARK: i64 = -1;

/// Deletes the records below each requested offset; every partition gets its own answer: its
/// new low watermark, or the error Kafka's leader would give.
pub async fn handle(
    broker: &Arc<Broker>,
    request: DeleteRecordsRequest,
    ctx: &RequestContext,
) -> DeleteRecordsResponse {
    let mut moved = false;
    let topics = request
        .topics
        .into_iter()
        .map(|topic| {
            let deletable = authorize(broker, ctx, Op::Delete, Resource::Topic, &topic.name);
            let partitions = topic
                .partitions
                .iter()
                .map(|p| {
                    let answer = DeleteRecordsPartitionResult::default()
                        .with_partition_index(p.partition_index)
                        .with_low_watermark(-1);
                    if !deletable {
                        let denied = kafka_protocol::error::ResponseError::TopicAuthorizationFailed;
                        return answer.with_error_code(denied.code());
                    }
                    match delete_below(broker, &topic.name, p.partition_index, p.offset) {
                        Ok(low_watermark) => {
                            moved = true;
                            answer.with_low_watermark(low_watermark)
                        }
                        Err(e) => answer.with_error_code(e.code()),
                    }
                })
                .collect();
            DeleteRecordsTopicResult::default()
                .with_name(topic.name)
                .with_partitions(partitions)
        })
        .collect();
    if moved {
        // The log-start-offset checkpoint is what a restart starts each log from.
        broker.checkpoint();
    }
    DeleteRecordsResponse::default().with_topics(topics)
}

/// Moves one partition's log start offset to `offset` (the high watermark for -1) and returns
/// the new start: the checks of Kafka's `ReplicaManager.deleteRecordsOnLocalLog` and
/// `Partition.deleteRecordsOnLeader`, in their order.
fn delete_below(
    broker: &Broker,
    topic: &str,
    index: i32,
    offset: i64,
) -> Result<i64, ResponseError> {
    // Kafka: "Cannot delete records of internal topic".
    if topic == crate::coordinator::OFFSETS_TOPIC || topic == "__transaction_state" {
        return Err(ResponseError::InvalidTopicException);
    }
    let partition = broker.leading(topic, index)?;
    // Kafka: "Records of partition ... can not be deleted due to the configured policy": a
    // topic whose cleanup.policy lacks `delete` keeps its records.
    let deletable = broker.topic(topic).is_none_or(|t| {
        t.meta
            .configs
            .get("cleanup.policy")
            .is_none_or(|policy| policy.split(',').any(|p| p.trim() == "delete"))
    });
    if !deletable {
        return Err(ResponseError::PolicyViolation);
    }
    let log = &partition.log;
    let high_watermark = log.high_watermark();
    let offset = if offset == HIGH_WATERMARK {
        high_watermark
    } else {
        offset
    };
    if offset < 0 || offset > high_watermark {
        return Err(ResponseError::OffsetOutOfRange);
    }
    log.delete_records_before(offset).map_err(|e| {
        tracing::error!("deleting records of {topic}-{index} below {offset} failed: {e}");
        crate::BrokerError::from(e).response_error()
    })
}
