//! OffsetCommit: a group's consumers record how far they have read, durably, in
//! `__consumer_offsets`.

use std::sync::Arc;

use kafka_protocol::messages::offset_commit_response::{
    OffsetCommitResponsePartition, OffsetCommitResponseTopic,
};
use kafka_protocol::messages::{OffsetCommitRequest, OffsetCommitResponse};

use super::{coordinator_for, RequestContext};
use crate::broker::coordinator::{GroupError, OffsetCommit};
use crate::broker::state::Broker;

/// Commits every offset of existing partitions; unknown partitions get
/// UNKNOWN_TOPIC_OR_PARTITION and a group-level failure applies to every offset.
pub async fn handle(
    broker: &Arc<Broker>,
    request: OffsetCommitRequest,
    ctx: &RequestContext,
) -> OffsetCommitResponse {
    // Which offsets can be committed at all: their partitions must exist.
    let mut order: Vec<(String, i32, Option<GroupError>)> = Vec::new();
    let mut commits = Vec::new();
    for topic in &request.topics {
        let known = broker.partition_count(&topic.name);
        for p in &topic.partitions {
            let exists = known.is_some_and(|n| p.partition_index >= 0 && p.partition_index < n);
            if exists {
                commits.push(OffsetCommit {
                    topic: topic.name.to_string(),
                    partition: p.partition_index,
                    offset: p.committed_offset,
                    leader_epoch: if ctx.version >= 6 {
                        p.committed_leader_epoch
                    } else {
                        -1
                    },
                    metadata: p.committed_metadata.as_ref().map(|m| m.to_string()),
                });
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
    let retention_ms = if ctx.version <= 4 {
        request.retention_time_ms
    } else {
        -1
    };
    let outcome = if commits.is_empty() {
        Ok(Vec::new())
    } else {
        match coordinator_for(broker, &request.group_id).await {
            Ok(()) => broker.groups().commit_offsets(
                &request.group_id,
                &request.member_id,
                request.group_instance_id.as_deref(),
                request.generation_id_or_member_epoch,
                retention_ms,
                commits,
            ),
            Err(e) => Err(e),
        }
    };
    let mut results = outcome.as_ref().map(|r| r.iter()).ok();
    let mut topics: Vec<OffsetCommitResponseTopic> = Vec::new();
    for (topic, partition, known_error) in order {
        let error = match known_error {
            Some(e) => Some(e),
            None => match (&outcome, results.as_mut()) {
                (Err(e), _) => Some(*e),
                (Ok(_), Some(it)) => it.next().and_then(|r| r.err()),
                _ => None,
            },
        };
        let entry = OffsetCommitResponsePartition::default()
            .with_partition_index(partition)
            .with_error_code(error.map_or(0, |e| e.code()));
        match topics.last_mut() {
            Some(t) if t.name.as_str() == topic => t.partitions.push(entry),
            _ => topics.push(
                OffsetCommitResponseTopic::default()
                    .with_name(super::str_bytes(&topic).into())
                    .with_partitions(vec![entry]),
            ),
        }
    }
    OffsetCommitResponse::default().with_topics(topics)
}
