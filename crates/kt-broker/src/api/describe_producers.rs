//! DescribeProducers: the idempotent and transactional producers writing to partitions this
//! broker leads, with the offset their open transaction began at
//! (`kafka-transactions.sh describe-producers` and `find-hanging`).

use super::RequestContext;
use std::sync::Arc;

use kafka_protocol::messages::describe_producers_response::{
    PartitionResponse, ProducerState, TopicResponse,
};
use kafka_protocol::messages::{DescribeProducersRequest, DescribeProducersResponse, ProducerId};

use crate::state::Broker;

/// Describes the producers of each partition asked for.
pub async fn handle(
    broker: &Arc<Broker>,
    request: DescribeProducersRequest,
    _ctx: &RequestContext,
) -> DescribeProducersResponse {
    let topics = request
        .topics
        .iter()
        .map(|topic| {
            let partitions = topic
                .partition_indexes
                .iter()
                .map(|index| {
                    let response = PartitionResponse::default().with_partition_index(*index);
                    let producers = broker.leading(&topic.name, *index).and_then(|p| {
                        broker
                            .partition_producers(&p)
                            .map(|rows| (p, rows))
                            .map_err(|e| e.response_error())
                    });
                    match producers {
                        Err(e) => response.with_error_code(e.code()),
                        Ok((partition, producers)) => response.with_active_producers(
                            producers
                                .into_iter()
                                .map(|row| {
                                    ProducerState::default()
                                        .with_producer_id(ProducerId(row.producer_id))
                                        .with_producer_epoch(i32::from(row.epoch))
                                        .with_last_sequence(row.last_sequence)
                                        .with_last_timestamp(last_timestamp(
                                            &partition,
                                            row.last_offset,
                                        ))
                                        .with_coordinator_epoch(row.coordinator_epoch)
                                        .with_current_txn_start_offset(row.txn_start_offset)
                                })
                                .collect(),
                        ),
                    }
                })
                .collect();
            TopicResponse::default()
                .with_name(topic.name.clone())
                .with_partitions(partitions)
        })
        .collect();
    DescribeProducersResponse::default().with_topics(topics)
}

/// The largest timestamp of the producer's last batch, read back from the log at `offset`
/// (its base offset): Kafka keeps it in the producer state, and `find-hanging` measures a
/// transaction's age from it. -1 when the batch is gone (retention) or unreadable.
fn last_timestamp(partition: &crate::state::Partition, offset: i64) -> i64 {
    partition
        .log
        .read(offset, 1)
        .ok()
        .and_then(|slice| kt_storage::BatchHeader::parse(&slice.bytes).ok())
        .filter(|header| header.base_offset <= offset && offset <= header.last_offset())
        .map_or(-1, |header| header.max_timestamp)
}
