//! CreateTopics: creates each topic (or validates only), with per-topic errors.

use super::RequestContext;
use std::collections::BTreeMap;
use std::sync::Arc;

use kafka_protocol::messages::create_topics_response::{
    CreatableTopicConfigs, CreatableTopicResult,
};
use kafka_protocol::messages::{CreateTopicsRequest, CreateTopicsResponse};

use super::str_bytes;
use crate::broker::state::Broker;
use crate::broker::BrokerError;

/// Creates every requested topic; a failure of one does not stop the others.
pub async fn handle(
    broker: &Arc<Broker>,
    request: CreateTopicsRequest,
    ctx: &RequestContext,
) -> CreateTopicsResponse {
    let version = ctx.version;
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
                if version < 5 {
                    result
                } else {
                    let result = if version >= 7 {
                        result.with_topic_id(created.meta.id)
                    } else {
                        result
                    };
                    result
                        .with_num_partitions(created.meta.partitions)
                        .with_replication_factor(1)
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
            }
            Err(e) => {
                tracing::debug!("create topic {} failed: {e}", topic.name.as_str());
                let result = result
                    .with_error_code(e.code())
                    .with_error_message(Some(str_bytes(&e.to_string())));
                if version >= 5 {
                    result.with_num_partitions(-1).with_replication_factor(-1)
                } else {
                    result
                }
            }
        });
    }
    CreateTopicsResponse::default().with_topics(results)
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
