//! Produce: appends each partition's record batches to its log as they came (only the header
//! is patched with offsets), honouring acks 0, 1 and -1. With acks=-1 (all) the answer waits,
//! at most the request's timeout, until the ISR holds the batches
//! (`replication::delayed_produce`).

use super::RequestContext;
use std::sync::Arc;

use kafka_protocol::error::ResponseError;
use kafka_protocol::messages::produce_response::{
    LeaderIdAndEpoch, NodeEndpoint, PartitionProduceResponse, TopicProduceResponse,
};
use kafka_protocol::messages::{BrokerId, ProduceRequest, ProduceResponse};

use super::authorize::{Op, Resource};
use super::{authorize, str_bytes};
use crate::coordinator::OFFSETS_TOPIC;
use crate::replication::delayed_produce;
use crate::state::Broker;
use crate::txn::TXN_TOPIC;
use std::time::Duration;

/// Appends every partition's batches; `None` (no response at all) for acks=0, as Kafka does.
pub async fn handle(
    broker: &Arc<Broker>,
    request: ProduceRequest,
    ctx: &RequestContext,
) -> Option<ProduceResponse> {
    let version = ctx.version;
    let acks = request.acks;
    let bad_acks = !matches!(acks, -1..=1);
    let timeout = Duration::from_millis(request.timeout_ms.max(0) as u64);
    let transactional_id = request.transactional_id.as_ref().map(|t| t.to_string());
    let mut responses = Vec::with_capacity(request.topic_data.len());
    // acks=all appends waiting for the ISR: (topic, partition) positions in `responses`.
    let mut pending = Vec::new();
    let mut pending_at = Vec::new();
    // A transactional producer must be allowed to WRITE its transactional id (all of the
    // request fails), and every producer to WRITE each topic.
    let txn_denied = request
        .transactional_id
        .as_ref()
        .is_some_and(|id| !authorize(broker, ctx, Op::Write, Resource::TransactionalId, id));
    for topic in request.topic_data {
        let denied = if txn_denied {
            Some(ResponseError::TransactionalIdAuthorizationFailed)
        } else {
            (!authorize(broker, ctx, Op::Write, Resource::Topic, &topic.name))
                .then_some(ResponseError::TopicAuthorizationFailed)
        };
        let mut partitions = Vec::with_capacity(topic.partition_data.len());
        for data in topic.partition_data {
            let mut response = PartitionProduceResponse::default()
                .with_index(data.index)
                .with_base_offset(-1)
                .with_log_append_time_ms(-1);
            // The partition and batch size, once known: for its topic's metrics.
            let mut known: Option<(Arc<crate::state::Partition>, usize)> = None;
            let result = if let Some(denied) = denied {
                Err((denied, None))
            } else if bad_acks {
                Err((ResponseError::InvalidRequiredAcks, None))
            } else if [OFFSETS_TOPIC, TXN_TOPIC].contains(&topic.name.as_str()) {
                // Only the coordinators write their logs, as in Kafka.
                Err((
                    ResponseError::InvalidTopicException,
                    Some(format!(
                        "Cannot append to internal topic {}",
                        topic.name.as_str()
                    )),
                ))
            } else {
                match (broker.leading(&topic.name, data.index), data.records) {
                    (Err(e), _) => Err((e, None)),
                    (Ok(_), None) => Err((ResponseError::CorruptMessage, None)),
                    (Ok(partition), Some(records)) => {
                        known = Some((partition.clone(), records.len()));
                        let enough = if let Err(message) = one_batch(version, &records) {
                            tracing::debug!("{message}");
                            Err(ResponseError::InvalidRecord)
                        } else if let Err(e) = verify_transactional(
                            broker,
                            transactional_id.as_deref(),
                            &topic.name,
                            data.index,
                            &records,
                        ) {
                            Err(e)
                        } else if acks == -1 {
                            delayed_produce::check_enough_replicas(broker, &partition)
                        } else {
                            Ok(())
                        };
                        match enough {
                            Err(ResponseError::InvalidTxnState) => Err((
                                ResponseError::InvalidTxnState,
                                Some("Partition was not added to the transaction".to_string()),
                            )),
                            Err(e) => Err((e, None)),
                            Ok(()) => broker
                                .append(&partition, &records)
                                .inspect(|outcome| {
                                    if acks == -1 {
                                        pending.push(delayed_produce::Pending::new(
                                            broker,
                                            partition.clone(),
                                            outcome.next_offset,
                                        ));
                                        pending_at.push((responses.len(), partitions.len()));
                                    }
                                })
                                .map_err(|e| (e.response_error(), Some(e.to_string()))),
                        }
                    }
                }
            };
            count_produce(broker, known, result.as_ref().ok());
            match result {
                Ok(outcome) => {
                    response = response
                        .with_base_offset(outcome.base_offset)
                        .with_log_append_time_ms(outcome.log_append_time);
                    if version >= 5 {
                        response = response.with_log_start_offset(outcome.log_start_offset);
                    }
                }
                Err((error, message)) => {
                    if let Some(message) = &message {
                        tracing::debug!(
                            "produce to {}-{} failed: {message}",
                            topic.name.as_str(),
                            data.index
                        );
                    }
                    response = response.with_error_code(error.code());
                    if version >= 8 {
                        response = response.with_error_message(message.map(|m| str_bytes(&m)));
                    }
                }
            }
            partitions.push(response);
        }
        responses.push(
            TopicProduceResponse::default()
                .with_name(topic.name)
                .with_partition_responses(partitions),
        );
    }
    if !pending.is_empty() {
        let outcomes = delayed_produce::wait(&pending, timeout).await;
        for ((t, p), outcome) in pending_at.into_iter().zip(outcomes) {
            if let Err(error) = outcome {
                let response = &mut responses[t].partition_responses[p];
                response.error_code = error.code();
            }
        }
    }
    if acks == 0 {
        // No answer goes back; a failure is signalled the way Kafka does it, by closing the
        // connection, so the client refreshes its metadata instead of losing records silently.
        let failed = responses
            .iter()
            .flat_map(|t| &t.partition_responses)
            .any(|p| p.error_code != 0);
        if failed {
            ctx.close_after();
        }
        return None;
    }
    let mut response = ProduceResponse::default().with_responses(responses);
    if version >= 10 {
        point_to_current_leaders(broker, ctx, &mut response);
    }
    Some(response)
}

/// Kafka's `ProduceRequest.validateRecords`: from version 3 on (every version kt serves) a
/// partition's records are exactly one batch; more, or none, is INVALID_RECORD for that
/// partition, with Kafka's message.
fn one_batch(version: i16, records: &[u8]) -> Result<(), String> {
    if records.len() < kt_storage::LOG_OVERHEAD {
        return Err(format!(
            "Produce requests with version {version} must have at least one record batch per \
             partition"
        ));
    }
    let length = i32::from_be_bytes([records[8], records[9], records[10], records[11]]);
    let total = kt_storage::LOG_OVERHEAD.saturating_add(length.max(0) as usize);
    if records.len() > total {
        return Err(format!(
            "Produce requests with version {version} are only allowed to contain exactly one \
             record batch per partition"
        ));
    }
    Ok(())
}

/// KIP-951, as Kafka 3.9 answers Produce v10+: a partition refused NOT_LEADER_OR_FOLLOWER
/// names its current leader and epoch, and the answer carries that leader's endpoint on the
/// request's listener, so the client moves to it at once instead of asking for metadata
/// first. This is how a producer follows a controlled shutdown: its acks=all produces
/// waiting on the stopping broker are answered so as soon as the leadership moved.
fn point_to_current_leaders(broker: &Broker, ctx: &RequestContext, response: &mut ProduceResponse) {
    let mut view = None;
    for topic in &mut response.responses {
        for partition in &mut topic.partition_responses {
            if partition.error_code != ResponseError::NotLeaderOrFollower.code() {
                continue;
            }
            let view = view.get_or_insert_with(|| broker.view());
            let state = view
                .topics
                .get(topic.name.as_str())
                .and_then(|t| t.states.get(&partition.index));
            let (leader, epoch) = state.map_or((-1, -1), |s| (s.leader, s.leader_epoch));
            partition.current_leader = LeaderIdAndEpoch::default()
                .with_leader_id(BrokerId(leader))
                .with_leader_epoch(epoch);
            let known = response
                .node_endpoints
                .iter()
                .any(|n| n.node_id.0 == leader);
            if let (false, Some(endpoint)) = (known, view.broker_on(leader, &ctx.listener)) {
                response.node_endpoints.push(
                    NodeEndpoint::default()
                        .with_node_id(BrokerId(leader))
                        .with_host(str_bytes(&endpoint.host))
                        .with_port(endpoint.port)
                        .with_rack(view.racks.get(&leader).map(|r| str_bytes(r))),
                );
            }
        }
    }
}

/// Moves `BrokerTopicMetrics` for one partition of a produce, as Kafka's `ReplicaManager`
/// does: every partition is a produce request, an append adds its records and bytes, a
/// failure is a failed produce request (on the topic too when the partition is known).
fn count_produce(
    broker: &Broker,
    known: Option<(Arc<crate::state::Partition>, usize)>,
    outcome: Option<&crate::state::ProduceOutcome>,
) {
    let all = &broker.metrics().all_topics;
    let topic = known.as_ref().map(|(p, _)| &p.counters);
    all.produce_requests.inc();
    topic.inspect(|t| t.produce_requests.inc());
    match (outcome, known.as_ref()) {
        (Some(outcome), Some((partition, bytes))) => {
            let records = (outcome.next_offset - outcome.base_offset).max(0) as u64;
            for counters in [all, &partition.counters] {
                counters.messages_in.add(records);
                counters.bytes_in.add(*bytes as u64);
            }
        }
        _ => {
            all.failed_produce.inc();
            topic.inspect(|t| t.failed_produce.inc());
        }
    }
}

/// Kafka's check of a transactional batch with the transaction coordinator before it is
/// appended: the partition must have been added to the producer's open transaction. Errors
/// are those Kafka's produce path turns the coordinator's answers into; the check is left
/// out when another broker coordinates the id, or when
/// `transaction.partition.verification.enable` is off.
fn verify_transactional(
    broker: &Broker,
    transactional_id: Option<&str>,
    topic: &str,
    index: i32,
    records: &[u8],
) -> Result<(), ResponseError> {
    let Ok(header) = kt_storage::BatchHeader::parse(records) else {
        return Ok(());
    };
    if !header.is_transactional() || !broker.config().transactions.partition_verification_enable {
        return Ok(());
    }
    let Some(id) = transactional_id else {
        return Err(ResponseError::InvalidRecord);
    };
    let partition = (topic.to_string(), index);
    match broker
        .txns()
        .verify(id, header.producer_id, header.producer_epoch, &partition)
    {
        None | Some(Ok(())) => Ok(()),
        Some(Err(ResponseError::ProducerFenced)) => Err(ResponseError::InvalidProducerEpoch),
        Some(Err(ResponseError::ConcurrentTransactions)) => Err(ResponseError::NotEnoughReplicas),
        Some(Err(e)) => Err(e),
    }
}

#[cfg(test)]
mod tests {
    use super::one_batch;

    /// A batch header of `length` (the bytes after the length field), padded to its size.
    fn batch(length: i32) -> Vec<u8> {
        let mut b = vec![0u8; kt_storage::LOG_OVERHEAD + length as usize];
        b[8..12].copy_from_slice(&length.to_be_bytes());
        b
    }

    #[test]
    fn a_partition_carries_exactly_one_batch_as_kafka_requires() {
        assert_eq!(one_batch(9, &batch(70)), Ok(()));
        let mut two = batch(70);
        two.extend(batch(70));
        assert_eq!(
            one_batch(9, &two),
            Err(
                "Produce requests with version 9 are only allowed to contain exactly one record \
                 batch per partition"
                    .into()
            )
        );
        assert_eq!(
            one_batch(3, &[]),
            Err(
                "Produce requests with version 3 must have at least one record batch per \
                 partition"
                    .into()
            )
        );
    }
}
