//! OffsetDelete: removes a group's committed offsets for partitions it no longer consumes.

use std::sync::Arc;

use kafka_protocol::messages::offset_delete_response::{
    OffsetDeleteResponsePartition, OffsetDeleteResponseTopic,
};
use kafka_protocol::messages::{OffsetDeleteRequest, OffsetDeleteResponse};

use super::{coordinator_for, RequestContext};
use crate::broker::coordinator::GroupError;
use crate::broker::state::Broker;

/// Deletes the offsets; partitions of topics the group subscribes to are refused with
/// GROUP_SUBSCRIBED_TO_TOPIC, unknown partitions with UNKNOWN_TOPIC_OR_PARTITION.
pub async fn handle(
    broker: &Arc<Broker>,
    request: OffsetDeleteRequest,
    _ctx: &RequestContext,
) -> OffsetDeleteResponse {
    let mut order: Vec<(String, i32, Option<GroupError>)> = Vec::new();
    let mut wanted = Vec::new();
    for topic in &request.topics {
        let known = broker.partition_count(&topic.name);
        for p in &topic.partitions {
            let exists = known.is_some_and(|n| p.partition_index >= 0 && p.partition_index < n);
            if exists {
                wanted.push((topic.name.to_string(), p.partition_index));
                order.push((topic.name.to_string(), p.partition_index, None));
            } else {
                order.push((
                    topic.name.to_string(),
                    p.partition_index,
                    Some(GroupError::UnknownTopicOrPartition),
                ));
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
    let mut results = results.into_iter();
    let mut topics: Vec<OffsetDeleteResponseTopic> = Vec::new();
    for (topic, partition, known_error) in order {
        let error = known_error.or_else(|| results.next().and_then(|r| r.err()));
        let entry = OffsetDeleteResponsePartition::default()
            .with_partition_index(partition)
            .with_error_code(error.map_or(0, |e| e.code()));
        match topics.last_mut() {
            Some(t) if t.name.as_str() == topic => t.partitions.push(entry),
            _ => topics.push(
                OffsetDeleteResponseTopic::default()
                    .with_name(super::str_bytes(&topic).into())
                    .with_partitions(vec![entry]),
            ),
        }
    }
    OffsetDeleteResponse::default().with_topics(topics)
}
