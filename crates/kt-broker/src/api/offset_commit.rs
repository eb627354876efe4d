//! OffsetCommit: a group's consumers record how far they have read, durably, in
//! `__consumer_offsets`.

use std::sync::Arc;

use crate::coordinator::OFFSETS_TOPIC;

use kafka_protocol::messages::offset_commit_response::{
    OffsetCommitResponsePartition, OffsetCommitResponseTopic,
};
use kafka_protocol::messages::{OffsetCommitRequest, OffsetCommitResponse};

use super::authorize::{Op, Resource};
use super::partition_outcomes::PartitionOutcomes;
use super::{authorize, coordinator_for, RequestContext};
use crate::coordinator::{GroupError, OffsetCommit};
use crate::state::Broker;

/// Commits every offset of existing partitions; unknown partitions get
/// UNKNOWN_TOPIC_OR_PARTITION and a group-level failure applies to every offset.
pub async fn handle(
    broker: &Arc<Broker>,
    request: OffsetCommitRequest,
    ctx: &RequestContext,
) -> OffsetCommitResponse {
    // Which offsets can be committed at all: their partitions must exist.
    let mut outcomes = PartitionOutcomes::default();
    let mut commits = Vec::new();
    let group_allowed = authorize(broker, ctx, Op::Read, Resource::Group, &request.group_id);
    for topic in &request.topics {
        let refused = if !group_allowed {
            Some(GroupError::GroupAuthorizationFailed)
        } else {
            (!authorize(broker, ctx, Op::Read, Resource::Topic, &topic.name))
                .then_some(GroupError::TopicAuthorizationFailed)
        };
        for p in &topic.partitions {
            if let Some(error) = refused {
                outcomes.refuse(&topic.name, p.partition_index, error);
            } else if outcomes.admit(broker, &topic.name, p.partition_index) {
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
    let outcome = match outcome {
        // Kafka's coordinator appends with acks=all: the commit is answered once the ISR of
        // the group's partition holds it.
        Ok(results) if results.iter().any(|r| r.is_ok()) => {
            match broker
                .replicate_coordinator_write(OFFSETS_TOPIC, &request.group_id)
                .await
            {
                Ok(()) => Ok(results),
                Err(e) => Ok(results.into_iter().map(|r| r.and(Err(e))).collect()),
            }
        }
        other => other,
    };
    let topics = outcomes
        .by_topic(outcome)
        .into_iter()
        .map(|(name, partitions)| {
            OffsetCommitResponseTopic::default()
                .with_name(super::str_bytes(&name).into())
                .with_partitions(
                    partitions
                        .into_iter()
                        .map(|(index, error)| {
                            OffsetCommitResponsePartition::default()
                                .with_partition_index(index)
                                .with_error_code(error.map_or(0, |e| e.code()))
                        })
                        .collect(),
                )
        })
        .collect();
    OffsetCommitResponse::default().with_topics(topics)
}
