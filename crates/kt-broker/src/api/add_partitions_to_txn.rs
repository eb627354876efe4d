//! AddPartitionsToTxn: a transactional producer names the partitions it is about to write
//! to, so the coordinator writes their markers when the transaction ends. v0–v3 carry one
//! transaction; v4 (sent by brokers) a batch of them, possibly only to verify.

use super::authorize::{Op, Resource};
use super::RequestContext;
use std::sync::Arc;

use kafka_protocol::error::ResponseError;
use kafka_protocol::messages::add_partitions_to_txn_request::AddPartitionsToTxnTopic;
use kafka_protocol::messages::add_partitions_to_txn_response::{
    AddPartitionsToTxnPartitionResult, AddPartitionsToTxnResult, AddPartitionsToTxnTopicResult,
};
use kafka_protocol::messages::{AddPartitionsToTxnRequest, AddPartitionsToTxnResponse};

use crate::state::Broker;
use crate::txn::{TopicPartition, TXN_TOPIC};
use kt_base::clock::now_ms;

/// Adds (or with `verify_only`, checks) the partitions of each transaction.
pub async fn handle(
    broker: &Arc<Broker>,
    request: AddPartitionsToTxnRequest,
    ctx: &RequestContext,
) -> AddPartitionsToTxnResponse {
    if ctx.version < 4 {
        let results = add(
            broker,
            ctx,
            &request.v3_and_below_transactional_id,
            request.v3_and_below_producer_id.0,
            request.v3_and_below_producer_epoch,
            false,
            &request.v3_and_below_topics,
        );
        let id = request.v3_and_below_transactional_id.as_str();
        let results = replicated(broker, id, results).await;
        return AddPartitionsToTxnResponse::default().with_results_by_topic_v3_and_below(results);
    }
    // The batched form is the brokers' (Kafka: ClusterAction).
    if !super::authorize_cluster(broker, ctx, Op::ClusterAction) {
        return AddPartitionsToTxnResponse::default()
            .with_error_code(ResponseError::ClusterAuthorizationFailed.code());
    }
    let mut results = Vec::with_capacity(request.transactions.len());
    for t in &request.transactions {
        let mut added = add(
            broker,
            ctx,
            &t.transactional_id,
            t.producer_id.0,
            t.producer_epoch,
            t.verify_only,
            &t.topics,
        );
        if !t.verify_only {
            added = replicated(broker, &t.transactional_id, added).await;
        }
        results.push(
            AddPartitionsToTxnResult::default()
                .with_transactional_id(t.transactional_id.clone())
                .with_topic_results(added),
        );
    }
    AddPartitionsToTxnResponse::default().with_results_by_transaction(results)
}

/// Answers a transaction's successful additions once `__transaction_state`'s ISR holds them
/// (the coordinator writes with acks=all); if it does not, every partition gets the error.
async fn replicated(
    broker: &Arc<Broker>,
    id: &str,
    mut results: Vec<AddPartitionsToTxnTopicResult>,
) -> Vec<AddPartitionsToTxnTopicResult> {
    let added = results
        .iter()
        .flat_map(|t| t.results_by_partition.iter())
        .all(|p| p.partition_error_code == 0);
    if !added || results.is_empty() {
        return results;
    }
    if let Err(e) = broker.replicate_coordinator_write(TXN_TOPIC, id).await {
        let code = e.response_error().code();
        for p in results
            .iter_mut()
            .flat_map(|t| t.results_by_partition.iter_mut())
        {
            p.partition_error_code = code;
        }
    }
    results
}

/// One transaction's partitions: every partition gets the transaction's error, or
/// UNKNOWN_TOPIC_OR_PARTITION for those that do not exist (the others then
/// OPERATION_NOT_ATTEMPTED), as Kafka answers.
fn add(
    broker: &Arc<Broker>,
    ctx: &RequestContext,
    id: &str,
    producer_id: i64,
    epoch: i16,
    verify_only: bool,
    topics: &[AddPartitionsToTxnTopic],
) -> Vec<AddPartitionsToTxnTopicResult> {
    let view = broker.view();
    let partitions: Vec<TopicPartition> = topics
        .iter()
        .flat_map(|t| t.partitions.iter().map(|p| (t.name.to_string(), *p)))
        .collect();
    let exists = |(t, p): &TopicPartition| {
        view.topics
            .get(t)
            .is_some_and(|a| a.replicas.contains_key(p))
    };
    let unknown = partitions.iter().any(|tp| !exists(tp));
    // Kafka: WRITE on the transactional id, then on every topic (the others are then not
    // attempted).
    let topic_denied =
        |(t, _): &TopicPartition| !super::authorize(broker, ctx, Op::Write, Resource::Topic, t);
    let outcome: Result<Vec<Option<ResponseError>>, ResponseError> =
        if !super::authorize(broker, ctx, Op::Write, Resource::TransactionalId, id) {
            Err(ResponseError::TransactionalIdAuthorizationFailed)
        } else if partitions.iter().any(topic_denied) {
            Ok(partitions
                .iter()
                .map(|tp| {
                    Some(if topic_denied(tp) {
                        ResponseError::TopicAuthorizationFailed
                    } else {
                        ResponseError::OperationNotAttempted
                    })
                })
                .collect())
        } else if unknown {
            Ok(partitions
                .iter()
                .map(|tp| {
                    Some(if exists(tp) {
                        ResponseError::OperationNotAttempted
                    } else {
                        ResponseError::UnknownTopicOrPartition
                    })
                })
                .collect())
        } else {
            broker.coordinates_txn(id).and_then(|()| {
                if verify_only {
                    Ok(partitions
                        .iter()
                        .map(|tp| {
                            broker
                                .txns()
                                .verify(id, producer_id, epoch, tp)
                                .and_then(|r| r.err())
                        })
                        .collect())
                } else {
                    broker
                        .txns()
                        .add_partitions(id, producer_id, epoch, &partitions, now_ms())
                        .map(|()| vec![None; partitions.len()])
                }
            })
        };
    let errors: Vec<Option<ResponseError>> = match outcome {
        Ok(errors) => errors,
        Err(e) => vec![Some(e); partitions.len()],
    };
    let mut errors = errors.into_iter();
    topics
        .iter()
        .map(|t| {
            AddPartitionsToTxnTopicResult::default()
                .with_name(t.name.clone())
                .with_results_by_partition(
                    t.partitions
                        .iter()
                        .map(|p| {
                            AddPartitionsToTxnPartitionResult::default()
                                .with_partition_index(*p)
                                .with_partition_error_code(
                                    errors.next().flatten().map_or(0, |e| e.code()),
                                )
                        })
                        .collect(),
                )
        })
        .collect()
}
