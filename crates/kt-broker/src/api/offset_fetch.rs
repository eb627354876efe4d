//! OffsetFetch: the committed offsets of a group (one group before v8, several from v8).

use std::sync::Arc;

use kafka_protocol::error::ResponseError;
use kafka_protocol::messages::offset_fetch_response::{
    OffsetFetchResponseGroup, OffsetFetchResponsePartition, OffsetFetchResponsePartitions,
    OffsetFetchResponseTopic, OffsetFetchResponseTopics,
};
use kafka_protocol::messages::{OffsetFetchRequest, OffsetFetchResponse};

use super::authorize::{Op, Resource};
use super::{authorize, coordinator_ready, str_bytes, RequestContext};
use crate::coordinator::{CommittedOffset, GroupError};
use crate::state::Broker;

/// Answers the offsets asked for (-1 where nothing is committed), or all of the group's.
pub async fn handle(
    broker: &Arc<Broker>,
    request: OffsetFetchRequest,
    ctx: &RequestContext,
) -> OffsetFetchResponse {
    let version = ctx.version;
    let ready = coordinator_ready(broker).await;
    if version >= 8 {
        let groups = request
            .groups
            .into_iter()
            .map(|g| {
                let topics = g.topics.map(|ts| {
                    ts.into_iter()
                        .map(|t| (t.name.to_string(), t.partition_indexes))
                        .collect()
                });
                let (offsets, error, denied) = fetch(
                    broker,
                    ctx,
                    &ready,
                    &g.group_id,
                    topics,
                    request.require_stable,
                );
                OffsetFetchResponseGroup::default()
                    .with_group_id(g.group_id)
                    .with_error_code(error.map_or(0, |e| e.code()))
                    .with_topics(
                        group_by_topic(offsets)
                            .into_iter()
                            .map(|(topic, partitions)| {
                                OffsetFetchResponseTopics::default()
                                    .with_name(str_bytes(&topic).into())
                                    .with_partitions(
                                        partitions
                                            .into_iter()
                                            .map(|o| {
                                                OffsetFetchResponsePartitions::default()
                                                    .with_error_code(denied.code_of(&o))
                                                    .with_partition_index(o.partition)
                                                    .with_committed_offset(o.offset)
                                                    .with_committed_leader_epoch(o.leader_epoch)
                                                    .with_metadata(Some(str_bytes(&o.metadata)))
                                            })
                                            .collect(),
                                    )
                            })
                            .collect(),
                    )
            })
            .collect();
        return OffsetFetchResponse::default().with_groups(groups);
    }
    // Before v2 `topics` cannot be null: null (all offsets) arrived with v2.
    let topics = request.topics.map(|ts| {
        ts.into_iter()
            .map(|t| (t.name.to_string(), t.partition_indexes))
            .collect()
    });
    // `require_stable` arrived with v7; before it the field decodes as false.
    let (offsets, error, denied) = fetch(
        broker,
        ctx,
        &ready,
        &request.group_id,
        topics,
        request.require_stable,
    );
    let topics = group_by_topic(offsets)
        .into_iter()
        .map(|(topic, partitions)| {
            OffsetFetchResponseTopic::default()
                .with_name(str_bytes(&topic).into())
                .with_partitions(
                    partitions
                        .into_iter()
                        .map(|o| {
                            let p = OffsetFetchResponsePartition::default()
                                .with_partition_index(o.partition)
                                .with_committed_offset(o.offset)
                                .with_metadata(Some(str_bytes(&o.metadata)))
                                .with_error_code(error.map_or(denied.code_of(&o), |e| e.code()));
                            if version >= 5 {
                                p.with_committed_leader_epoch(o.leader_epoch)
                            } else {
                                p
                            }
                        })
                        .collect(),
                )
        })
        .collect();
    let response = OffsetFetchResponse::default().with_topics(topics);
    if version >= 2 {
        response.with_error_code(error.map_or(0, |e| e.code()))
    } else {
        response
    }
}

/// The per-partition errors of an answer: the requested topics the client may not DESCRIBE
/// (TOPIC_AUTHORIZATION_FAILED, and left out of a request for all of the group's offsets),
/// and, when the client asked for stable offsets, the partitions an undecided transaction
/// holds an offset for (UNSTABLE_OFFSET_COMMIT, so the client retries), as Kafka does.
#[derive(Default)]
struct Denied {
    topics: Vec<String>,
    unstable: Vec<(String, i32)>,
}

impl Denied {
    fn code_of(&self, offset: &CommittedOffset) -> i16 {
        if self.topics.contains(&offset.topic) {
            GroupError::TopicAuthorizationFailed.code()
        } else if self
            .unstable
            .iter()
            .any(|(t, p)| *t == offset.topic && *p == offset.partition)
        {
            ResponseError::UnstableOffsetCommit.code()
        } else {
            0
        }
    }
}

fn fetch(
    broker: &Broker,
    ctx: &RequestContext,
    ready: &Result<(), GroupError>,
    group: &str,
    topics: Option<Vec<(String, Vec<i32>)>>,
    require_stable: bool,
) -> (Vec<CommittedOffset>, Option<GroupError>, Denied) {
    if !authorize(broker, ctx, Op::Describe, Resource::Group, group) {
        return (
            Vec::new(),
            Some(GroupError::GroupAuthorizationFailed),
            Denied::default(),
        );
    }
    let described = |topic: &str| authorize(broker, ctx, Op::Describe, Resource::Topic, topic);
    match ready.and_then(|()| broker.coordinates(group)) {
        Ok(()) => {
            let all = topics.is_none();
            let mut offsets = broker.groups().fetch_offsets(group, topics);
            let mut denied = Denied::default();
            offsets.retain_mut(|o| {
                if described(&o.topic) {
                    if require_stable
                        && broker
                            .groups()
                            .has_pending_txn_offset(group, &o.topic, o.partition)
                    {
                        denied.unstable.push((o.topic.clone(), o.partition));
                        (o.offset, o.leader_epoch, o.metadata) = (-1, -1, String::new());
                    }
                    return true;
                }
                if !denied.topics.contains(&o.topic) {
                    denied.topics.push(o.topic.clone());
                }
                (o.offset, o.leader_epoch, o.metadata) = (-1, -1, String::new());
                !all
            });
            (offsets, None, denied)
        }
        Err(e) => (Vec::new(), Some(e), Denied::default()),
    }
}

/// Offsets in runs of one topic each, in the order given.
fn group_by_topic(offsets: Vec<CommittedOffset>) -> Vec<(String, Vec<CommittedOffset>)> {
    let mut topics: Vec<(String, Vec<CommittedOffset>)> = Vec::new();
    for o in offsets {
        match topics.last_mut() {
            Some((t, list)) if *t == o.topic => list.push(o),
            _ => topics.push((o.topic.clone(), vec![o])),
        }
    }
    topics
}
