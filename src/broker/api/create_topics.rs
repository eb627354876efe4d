//! CreateTopics: creates each topic (or validates only), with per-topic errors.

use super::RequestContext;
use std::collections::BTreeMap;
use std::sync::Arc;

use kafka_protocol::messages::create_topics_response::{
    CreatableTopicConfigs, CreatableTopicResult,
};
use kafka_protocol::messages::{CreateTopicsRequest, CreateTopicsResponse};

use super::str_bytes;
use crate::broker::cluster;
use crate::broker::state::Broker;
use crate::broker::BrokerError;

/// Creates every requested topic; a failure of one does not stop the others.
pub async fn handle(
    broker: &Arc<Broker>,
    request: CreateTopicsRequest,
    ctx: &RequestContext,
) -> CreateTopicsResponse {
    let version = ctx.version;
    if broker.cluster().is_some() {
        return respond_in_cluster(broker, request, version).await;
    }
    // Creating and deleting logs and rewriting the catalogue is file I/O: off the async threads.
    let broker = broker.clone();
    tokio::task::spawn_blocking(move || respond(&broker, request, version))
        .await
        .unwrap_or_else(|e| {
            tracing::error!("create_topics failed: {e}");
            CreateTopicsResponse::default()
        })
}

fn respond(broker: &Broker, request: CreateTopicsRequest, version: i16) -> CreateTopicsResponse {
    let mut results = Vec::with_capacity(request.topics.len());
    for topic in request.topics {
        let result = CreatableTopicResult::default().with_name(topic.name.clone());
        let mut configs = BTreeMap::new();
        for c in &topic.configs {
            if let Some(value) = &c.value {
                configs.insert(c.name.to_string(), value.to_string());
            }
        }
        let created = check_assignments(broker, &topic).and_then(|assigned| {
            broker.create_topic(
                &topic.name,
                topic.num_partitions,
                topic.replication_factor,
                assigned,
                configs,
                request.validate_only,
            )
        });
        results.push(match created {
            Ok(created) => {
                let entries = broker
                    .describe_topic_configs(&topic.name)
                    .unwrap_or_else(|_| {
                        crate::broker::topic_config::describe(
                            broker.config(),
                            &created.meta.configs,
                        )
                    });
                success(
                    result,
                    version,
                    created.meta.id,
                    created.meta.partitions,
                    1,
                    &entries,
                )
            }
            Err(e) => failure(result, version, &topic.name, &e),
        });
    }
    CreateTopicsResponse::default().with_topics(results)
}

/// ZooKeeper mode: each topic is created cluster-wide, and the answer waits (up to the
/// request's timeout) for the controller to elect its leaders, as Kafka's does.
async fn respond_in_cluster(
    broker: &Arc<Broker>,
    request: CreateTopicsRequest,
    version: i16,
) -> CreateTopicsResponse {
    let wait = std::time::Duration::from_millis(request.timeout_ms.max(0) as u64);
    let mut results = Vec::with_capacity(request.topics.len());
    for topic in request.topics {
        let result = CreatableTopicResult::default().with_name(topic.name.clone());
        let configs: BTreeMap<String, String> = topic
            .configs
            .iter()
            .filter_map(|c| Some((c.name.to_string(), c.value.as_ref()?.to_string())))
            .collect();
        let created = match cluster_assignments(&topic) {
            Ok(assignment) => {
                cluster::topics::create_topic(
                    broker,
                    &topic.name,
                    topic.num_partitions,
                    topic.replication_factor,
                    assignment,
                    configs,
                    request.validate_only,
                    wait,
                )
                .await
            }
            Err(e) => Err(e),
        };
        results.push(match created {
            Ok(created) => {
                let entries =
                    crate::broker::topic_config::describe(broker.config(), &created.configs);
                success(
                    result,
                    version,
                    created.id,
                    created.partitions,
                    created.replication_factor,
                    &entries,
                )
            }
            Err(e) => failure(result, version, &topic.name, &e),
        });
    }
    CreateTopicsResponse::default().with_topics(results)
}

/// A manual assignment in ZooKeeper mode: partitions 0..n with their replica lists.
fn cluster_assignments(
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
    let assignment: BTreeMap<i32, Vec<i32>> = topic
        .assignments
        .iter()
        .map(|a| {
            (
                a.partition_index,
                a.broker_ids.iter().map(|b| b.0).collect(),
            )
        })
        .collect();
    if assignment.keys().enumerate().any(|(i, p)| *p != i as i32) {
        return Err(BrokerError::InvalidReplicaAssignment(
            "Partitions should be a consecutive 0-based integer sequence".to_string(),
        ));
    }
    Ok(Some(assignment))
}

/// A created topic's result; the details exist from v5 on.
fn success(
    result: CreatableTopicResult,
    version: i16,
    id: uuid::Uuid,
    partitions: i32,
    replication_factor: i16,
    entries: &[crate::broker::topic_config::ConfigEntry],
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

/// A manual assignment must list partitions 0..n, each on this broker alone; returns n.
fn check_assignments(
    broker: &Broker,
    topic: &kafka_protocol::messages::create_topics_request::CreatableTopic,
) -> Result<Option<i32>, BrokerError> {
    if topic.assignments.is_empty() {
        return Ok(None);
    }
    if topic.num_partitions != -1 || topic.replication_factor != -1 {
        return Err(BrokerError::InvalidRequest(
            "Both numPartitions or replicationFactor and replicasAssignments were set. Both cannot be used at the same time.".to_string(),
        ));
    }
    let mut indexes: Vec<i32> = topic
        .assignments
        .iter()
        .map(|a| a.partition_index)
        .collect();
    indexes.sort_unstable();
    if indexes.iter().enumerate().any(|(i, p)| *p != i as i32) {
        return Err(BrokerError::InvalidReplicaAssignment(
            "Partitions should be a consecutive 0-based integer sequence".to_string(),
        ));
    }
    for a in &topic.assignments {
        if a.broker_ids.len() != 1 || a.broker_ids[0].0 != broker.id() {
            return Err(BrokerError::InvalidReplicaAssignment(format!(
                "Replica assignment of partition {} names brokers other than the only one, {}.",
                a.partition_index,
                broker.id()
            )));
        }
    }
    Ok(Some(indexes.len() as i32))
}
