//! CreateTopics: creates each topic (or validates only), with per-topic errors.

use super::RequestContext;
use kafka_protocol::error::ResponseError;
use std::collections::BTreeMap;
use std::sync::Arc;

use super::authorize::{Op, Resource};
use super::{authorize, authorize_cluster};

use kafka_protocol::messages::create_topics_response::{
    CreatableTopicConfigs, CreatableTopicResult,
};
use kafka_protocol::messages::{CreateTopicsRequest, CreateTopicsResponse};

use super::str_bytes;
use crate::metadata::NewTopic;
use crate::state::Broker;
use crate::BrokerError;

/// Creates every requested topic; a failure of one does not stop the others. The answer
/// waits (up to the request's timeout) for the controller to elect each topic's leaders,
/// as Kafka's does.
pub async fn handle(
    broker: &Arc<Broker>,
    request: CreateTopicsRequest,
    ctx: &RequestContext,
) -> CreateTopicsResponse {
    let version = ctx.version;
    let wait = std::time::Duration::from_millis(request.timeout_ms.max(0) as u64);
    let cluster_create = authorize_cluster(broker, ctx, Op::Create);
    // Each topic's answer, or the index of its creation in the one batch below: the
    // topics that pass the checks are created together (one catalogue write).
    let mut answers: Vec<(CreatableTopicResult, Slot)> = Vec::with_capacity(request.topics.len());
    let mut batch = Vec::new();
    for topic in request.topics {
        let result = CreatableTopicResult::default().with_name(topic.name.clone());
        if !cluster_create && !authorize(broker, ctx, Op::Create, Resource::Topic, &topic.name) {
            answers.push((result, Slot::Denied));
            continue;
        }
        let configs: BTreeMap<String, String> = topic
            .configs
            .iter()
            .filter_map(|c| Some((c.name.to_string(), c.value.as_ref()?.to_string())))
            .collect();
        let slot = match assignment(&topic) {
            Ok(assignment) => {
                batch.push(NewTopic {
                    name: topic.name.to_string(),
                    partitions: topic.num_partitions,
                    replication_factor: topic.replication_factor,
                    assignment,
                    configs,
                });
                Slot::Batch(batch.len() - 1)
            }
            Err(e) => Slot::Failed(e),
        };
        answers.push((result, slot));
    }
    let mut created: Vec<Option<Result<_, BrokerError>>> = broker
        .metadata()
        .create_topics(broker, batch, request.validate_only, wait)
        .await
        .into_iter()
        .map(Some)
        .collect();
    let mut results = Vec::with_capacity(answers.len());
    for (result, slot) in answers {
        let name = result.name.to_string();
        let outcome = match slot {
            Slot::Denied => {
                results.push(
                    result
                        .with_error_code(ResponseError::TopicAuthorizationFailed.code())
                        .with_error_message(Some(super::str_bytes("Authorization failed."))),
                );
                continue;
            }
            Slot::Failed(e) => Err(e),
            Slot::Batch(at) => created
                .get_mut(at)
                .and_then(Option::take)
                .unwrap_or(Err(BrokerError::UnknownTopicOrPartition)),
        };
        results.push(match outcome {
            Ok(created) => {
                let entries = crate::topic_config::describe_layered(
                    &broker.effective_config(),
                    &created.configs,
                    &broker.dynamic_configs(),
                );
                success(
                    result,
                    version,
                    created.id,
                    created.partitions,
                    created.replication_factor,
                    &entries,
                )
            }
            Err(e) => failure(result, version, &name, &e),
        });
    }
    CreateTopicsResponse::default().with_topics(results)
}

/// Where a topic's answer comes from: refused before creation, or its place in the batch.
enum Slot {
    Denied,
    Failed(BrokerError),
    Batch(usize),
}

/// A manual assignment: partitions 0..n with their replica lists (which brokers the
/// cluster accepts is the metadata's to check).
fn assignment(
    topic: &kafka_protocol::messages::create_topics_request::CreatableTopic,
) -> Result<Option<BTreeMap<i32, Vec<i32>>>, BrokerError> {
    if topic.assignments.is_empty() {
        return Ok(None);
    }
    if topic.num_partitions != -1 || topic.replication_factor != -1 {
        return Err(BrokerError::InvalidRequest(
            "Both numPartitions or replicationFactor and replicasAssignments were set. Both cannot be used at the same time.".to_string(),
        ));
    }
    let mut indexes: Vec<i32> = Vec::with_capacity(topic.assignments.len());
    for a in &topic.assignments {
        if indexes.contains(&a.partition_index) {
            return Err(BrokerError::InvalidReplicaAssignment(format!(
                "Found multiple manual partition assignments for partition {}",
                a.partition_index
            )));
        }
        indexes.push(a.partition_index);
    }
    indexes.sort_unstable();
    if indexes.iter().enumerate().any(|(i, p)| *p != i as i32) {
        return Err(BrokerError::InvalidReplicaAssignment(
            "partitions should be a consecutive 0-based integer sequence".to_string(),
        ));
    }
    Ok(Some(
        topic
            .assignments
            .iter()
            .map(|a| {
                (
                    a.partition_index,
                    a.broker_ids.iter().map(|b| b.0).collect(),
                )
            })
            .collect(),
    ))
}

/// A created topic's result; the details exist from v5 on.
fn success(
    result: CreatableTopicResult,
    version: i16,
    id: uuid::Uuid,
    partitions: i32,
    replication_factor: i16,
    entries: &[crate::topic_config::ConfigEntry],
) -> CreatableTopicResult {
    if version < 5 {
        return result;
    }
    let result = if version >= 7 {
        result.with_topic_id(id)
    } else {
        result
    };
    result
        .with_num_partitions(partitions)
        .with_replication_factor(replication_factor)
        .with_configs(Some(
            entries
                .iter()
                .map(|e| {
                    CreatableTopicConfigs::default()
                        .with_name(str_bytes(&e.name))
                        .with_value(Some(str_bytes(&e.value)))
                        .with_config_source(e.source as i8)
                })
                .collect(),
        ))
}

/// A failed topic's result, with Kafka's message.
fn failure(
    result: CreatableTopicResult,
    version: i16,
    name: &str,
    e: &BrokerError,
) -> CreatableTopicResult {
    tracing::debug!("create topic {name} failed: {e}");
    let result = result
        .with_error_code(e.code())
        .with_error_message(Some(str_bytes(&e.to_string())));
    if version >= 5 {
        result.with_num_partitions(-1).with_replication_factor(-1)
    } else {
        result
    }
}
