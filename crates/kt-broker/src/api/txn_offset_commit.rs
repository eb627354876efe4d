//! TxnOffsetCommit: a transactional producer commits a group's offsets inside its
//! transaction; they are written to `__consumer_offsets` at once and become the group's
//! committed offsets only when the transaction commits.

use std::sync::Arc;

use kafka_protocol::error::ResponseError;
use kafka_protocol::messages::txn_offset_commit_response::{
    TxnOffsetCommitResponsePartition, TxnOffsetCommitResponseTopic,
};
use kafka_protocol::messages::{TxnOffsetCommitRequest, TxnOffsetCommitResponse};

use super::authorize::{Op, Resource};
use super::partition_outcomes::PartitionOutcomes;
use super::{authorize, coordinator_for, RequestContext};
use crate::coordinator::{GroupError, OffsetCommit, OFFSETS_TOPIC};
use crate::state::Broker;

/// Records the offsets in the transaction; a group-level failure applies to every offset.
pub async fn handle(
    broker: &Arc<Broker>,
    request: TxnOffsetCommitRequest,
    ctx: &RequestContext,
) -> TxnOffsetCommitResponse {
    // Kafka's order: WRITE on the transactional id, READ on the group (either refusal
    // answers every partition), then READ on each topic.
    let denied = if !authorize(
        broker,
        ctx,
        Op::Write,
        Resource::TransactionalId,
        &request.transactional_id,
    ) {
        Some(ResponseError::TransactionalIdAuthorizationFailed)
    } else if !authorize(broker, ctx, Op::Read, Resource::Group, &request.group_id) {
        Some(ResponseError::GroupAuthorizationFailed)
    } else {
        None
    };
    if let Some(error) = denied {
        return refused(&request, error);
    }
    let mut outcomes = PartitionOutcomes::default();
    let mut commits = Vec::new();
    for topic in &request.topics {
        let topic_allowed = authorize(broker, ctx, Op::Read, Resource::Topic, &topic.name);
        for p in &topic.partitions {
            if !topic_allowed {
                outcomes.refuse(
                    &topic.name,
                    p.partition_index,
                    GroupError::TopicAuthorizationFailed,
                );
            } else if outcomes.admit(broker, &topic.name, p.partition_index) {
                commits.push(OffsetCommit {
                    topic: topic.name.to_string(),
                    partition: p.partition_index,
                    offset: p.committed_offset,
                    leader_epoch: if ctx.version >= 2 {
                        p.committed_leader_epoch
                    } else {
                        -1
                    },
                    metadata: p.committed_metadata.as_ref().map(|m| m.to_string()),
                });
            }
        }
    }
    // Errors of the transaction coordinator reach the client as Kafka's group coordinator
    // would report them; kt checks the producer here when it also coordinates the id.
    let group = request.group_id.as_str();
    let outcome: Result<Vec<Result<(), GroupError>>, ResponseError> = if commits.is_empty() {
        Ok(Vec::new())
    } else {
        match coordinator_for(broker, group).await {
            Err(e) => Err(e.response_error()),
            Ok(()) => check_transaction(broker, &request, group).and_then(|()| {
                let member = if ctx.version >= 3 {
                    request.member_id.as_str()
                } else {
                    ""
                };
                let generation = if ctx.version >= 3 {
                    request.generation_id
                } else {
                    -1
                };
                broker
                    .groups()
                    .commit_txn_offsets(
                        group,
                        request.producer_id.0,
                        request.producer_epoch,
                        member,
                        generation,
                        commits,
                    )
                    .map_err(|e| e.response_error())
            }),
        }
    };
    // Written with acks=all, as Kafka's coordinator writes it.
    let outcome = match outcome {
        Ok(results) if results.iter().any(|r| r.is_ok()) => {
            match broker
                .replicate_coordinator_write(OFFSETS_TOPIC, group)
                .await
            {
                Ok(()) => Ok(results),
                Err(e) => Ok(results.into_iter().map(|r| r.and(Err(e))).collect()),
            }
        }
        other => other,
    };
    let errors = outcomes.by_topic_with(outcome);
    let topics = errors
        .into_iter()
        .map(|(name, partitions)| {
            TxnOffsetCommitResponseTopic::default()
                .with_name(super::str_bytes(&name).into())
                .with_partitions(
                    partitions
                        .into_iter()
                        .map(|(index, error)| {
                            TxnOffsetCommitResponsePartition::default()
                                .with_partition_index(index)
                                .with_error_code(error.map_or(0, |e| e.code()))
                        })
                        .collect(),
                )
        })
        .collect();
    TxnOffsetCommitResponse::default().with_topics(topics)
}

/// The answer to a request refused as a whole: `error` for every partition it names.
fn refused(request: &TxnOffsetCommitRequest, error: ResponseError) -> TxnOffsetCommitResponse {
    let topics = request
        .topics
        .iter()
        .map(|topic| {
            TxnOffsetCommitResponseTopic::default()
                .with_name(topic.name.clone())
                .with_partitions(
                    topic
                        .partitions
                        .iter()
                        .map(|p| {
                            TxnOffsetCommitResponsePartition::default()
                                .with_partition_index(p.partition_index)
                                .with_error_code(error.code())
                        })
                        .collect(),
                )
        })
        .collect();
    TxnOffsetCommitResponse::default().with_topics(topics)
}

/// When this broker coordinates the transactional id too: the producer must be its current
/// one and the group's partition must have been added (AddOffsetsToTxn) to the open
/// transaction.
fn check_transaction(
    broker: &Arc<Broker>,
    request: &TxnOffsetCommitRequest,
    group: &str,
) -> Result<(), ResponseError> {
    let Some(index) = broker.groups().offsets_partition_of(group) else {
        return Ok(());
    };
    let partition = (OFFSETS_TOPIC.to_string(), index);
    match broker.txns().verify(
        &request.transactional_id,
        request.producer_id.0,
        request.producer_epoch,
        &partition,
    ) {
        None => Ok(()),
        Some(Err(ResponseError::ProducerFenced)) => Err(ResponseError::ProducerFenced),
        Some(Err(ResponseError::InvalidProducerIdMapping)) => {
            Err(ResponseError::InvalidProducerIdMapping)
        }
        Some(Err(_)) => Err(ResponseError::InvalidTxnState),
        Some(Ok(())) => Ok(()),
    }
}
