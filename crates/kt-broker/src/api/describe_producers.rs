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
                            .map_err(|e| e.response_error())
                    });
                    match producers {
                        Err(e) => response.with_error_code(e.code()),
                        Ok(producers) => response.with_active_producers(
                            producers
                                .into_iter()
                                .map(|(id, epoch, seq, _offset, txn_start)| {
                                    ProducerState::default()
                                        .with_producer_id(ProducerId(id))
                                        .with_producer_epoch(i32::from(epoch))
                                        .with_last_sequence(seq)
                                        .with_last_timestamp(-1)
                                        .with_coordinator_epoch(-1)
                                        .with_current_txn_start_offset(txn_start)
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
