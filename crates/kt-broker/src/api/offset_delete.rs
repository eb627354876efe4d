//! OffsetDelete: removes a group's committed offsets for partitions it no longer consumes.

use std::sync::Arc;

use super::authorize;
use super::authorize::{Op, Resource};

use kafka_protocol::messages::offset_delete_response::{
    OffsetDeleteResponsePartition, OffsetDeleteResponseTopic,
};
use kafka_protocol::messages::{OffsetDeleteRequest, OffsetDeleteResponse};

use super::partition_outcomes::PartitionOutcomes;
use super::{coordinator_for, RequestContext};
use crate::coordinator::GroupError;
use crate::state::Broker;

/// Deletes the offsets; partitions of topics the group subscribes to are refused with
/// GROUP_SUBSCRIBED_TO_TOPIC, unknown partitions with UNKNOWN_TOPIC_OR_PARTITION.
pub async fn handle(
    broker: &Arc<Broker>,
    request: OffsetDeleteRequest,
    ctx: &RequestContext,
) -> OffsetDeleteResponse {
    if let Err(e) = super::authorize::group_check(broker, ctx, Op::Delete, &request.group_id) {
        return OffsetDeleteResponse::default().with_error_code(e.code());
    }
    let mut outcomes = PartitionOutcomes::default();
    let mut wanted = Vec::new();
    for topic in &request.topics {
        let readable = authorize(broker, ctx, Op::Read, Resource::Topic, &topic.name);
        for p in &topic.partitions {
            if !readable {
                outcomes.refuse(
                    &topic.name,
                    p.partition_index,
                    GroupError::TopicAuthorizationFailed,
                );
            } else if outcomes.admit(broker, &topic.name, p.partition_index) {
                wanted.push((topic.name.to_string(), p.partition_index));
            }
        }
    }
    let outcome = match coordinator_for(broker, &request.group_id).await {
        Ok(()) if request.group_id.is_empty() => Err(GroupError::InvalidGroupId),
        Ok(()) => broker.groups().delete_offsets(&request.group_id, &wanted),
        Err(e) => Err(e),
    };
    let results = match outcome {
        Ok(results) => results,
        Err(e) => return OffsetDeleteResponse::default().with_error_code(e.code()),
    };
    let topics = outcomes
        .by_topic(Ok(results))
        .into_iter()
        .map(|(name, partitions)| {
            OffsetDeleteResponseTopic::default()
                .with_name(super::str_bytes(&name).into())
                .with_partitions(
                    partitions
                        .into_iter()
                        .map(|(index, error)| {
                            OffsetDeleteResponsePartition::default()
                                .with_partition_index(index)
                                .with_error_code(error.map_or(0, |e| e.code()))
                        })
                        .collect(),
                )
        })
        .collect();
    OffsetDeleteResponse::default().with_topics(topics)
}
