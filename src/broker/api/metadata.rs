//! Metadata: the brokers (this one), the controller, and the topics with their partitions,
//! creating requested topics that do not exist when auto-creation is on.

use super::RequestContext;
use std::sync::Arc;

use kafka_protocol::error::ResponseError;
use kafka_protocol::messages::metadata_response::{
    MetadataResponseBroker, MetadataResponsePartition, MetadataResponseTopic,
};
use kafka_protocol::messages::{BrokerId, MetadataRequest, MetadataResponse, TopicName};
use uuid::Uuid;

use super::str_bytes;
use crate::broker::state::{Broker, Topic};
use crate::broker::BrokerError;

/// Answers with every topic (no list, or an empty list in v0) or the requested ones.
pub async fn handle(
    broker: &Arc<Broker>,
    request: MetadataRequest,
    ctx: &RequestContext,
) -> MetadataResponse {
    let version = ctx.version;
    let all = match &request.topics {
        None => true,
        Some(list) => list.is_empty() && version == 0,
    };
    if broker.cluster().is_some() {
        return in_cluster(broker, request, version, all).await;
    }
    let topics = if all {
        broker
            .topics()
            .values()
            .map(|t| describe(broker, t, version))
            .collect()
    } else {
        let auto_create = broker.config().auto_create_topics_enable
            && (version < 4 || request.allow_auto_topic_creation);
        let broker = broker.clone();
        let requested = request.topics.unwrap_or_default();
        tokio::task::spawn_blocking(move || {
            requested
                .iter()
                .map(|t| {
                    let name = t.name.as_ref().map(|n| n.as_str());
                    lookup(&broker, name, &t.topic_id, auto_create, version)
                })
                .collect()
        })
        .await
        .unwrap_or_default()
    };
    let (host, port) = broker.advertised_endpoint();
    let mut response = MetadataResponse::default()
        .with_brokers(vec![MetadataResponseBroker::default()
            .with_node_id(BrokerId(broker.id()))
            .with_host(str_bytes(&host))
            .with_port(port)])
        .with_topics(topics);
    // Fields are only set in the versions that carry them (encoding refuses others).
    if version >= 1 {
        response = response.with_controller_id(BrokerId(broker.id()));
    }
    if version >= 2 {
        response = response.with_cluster_id(Some(str_bytes(broker.cluster_id())));
    }
    response
}

/// One requested topic, by name or (v10+) by id.
fn lookup(
    broker: &Broker,
    name: Option<&str>,
    id: &Uuid,
    auto_create: bool,
    version: i16,
) -> MetadataResponseTopic {
    let Some(name) = name else {
        return match broker.topic_by_id(id) {
            Some(topic) => describe(broker, &topic, version),
            // A null name is only encodable from v12; older versions get an empty one.
            None => MetadataResponseTopic::default()
                .with_name((version < 12).then(|| TopicName(str_bytes(""))))
                .with_topic_id(*id)
                .with_error_code(ResponseError::UnknownTopicId.code()),
        };
    };
    if let Some(topic) = broker.topic(name) {
        return describe(broker, &topic, version);
    }
    let error = if !auto_create {
        ResponseError::UnknownTopicOrPartition
    } else {
        match broker.create_topic(name, -1, -1, None, Default::default(), false) {
            Ok(topic) => return describe(broker, &topic, version),
            // Created meanwhile by another request: describe it.
            Err(BrokerError::TopicAlreadyExists(_)) => match broker.topic(name) {
                Some(topic) => return describe(broker, &topic, version),
                None => ResponseError::UnknownTopicOrPartition,
            },
            Err(e) => e.response_error(),
        }
    };
    MetadataResponseTopic::default()
        .with_name(Some(TopicName(str_bytes(name))))
        .with_error_code(error.code())
}

/// A topic with its partitions, all led by this broker.
fn describe(broker: &Broker, topic: &Topic, version: i16) -> MetadataResponseTopic {
    let me = BrokerId(broker.id());
    let mut response = MetadataResponseTopic::default()
        .with_name(Some(TopicName(str_bytes(&topic.name))))
        .with_partitions(
            (0..topic.meta.partitions)
                .map(|index| {
                    let partition = MetadataResponsePartition::default()
                        .with_partition_index(index)
                        .with_leader_id(me)
                        .with_replica_nodes(vec![me])
                        .with_isr_nodes(vec![me]);
                    if version >= 7 {
                        partition.with_leader_epoch(0)
                    } else {
                        partition
                    }
                })
                .collect(),
        );
    if version >= 1 {
        response = response.with_is_internal(topic.name.starts_with("__"));
    }
    if version >= 10 {
        response = response.with_topic_id(topic.meta.id);
    }
    response
}

/// ZooKeeper mode: every live broker, the controller, and each partition's live leader
/// from the cluster's view (LEADER_NOT_AVAILABLE while a partition has none). A topic
/// created here by auto-creation is reported LEADER_NOT_AVAILABLE until its leaders are
/// elected, as Kafka does.
async fn in_cluster(
    broker: &Arc<Broker>,
    request: MetadataRequest,
    version: i16,
    all: bool,
) -> MetadataResponse {
    let Some(cluster) = broker.cluster() else {
        return MetadataResponse::default();
    };
    let auto_create = broker.config().auto_create_topics_enable
        && (version < 4 || request.allow_auto_topic_creation);
    let mut created = Vec::new();
    if !all {
        let view = cluster.view();
        for t in request.topics.iter().flatten() {
            let Some(name) = t.name.as_ref() else {
                continue;
            };
            if auto_create && !view.topics.contains_key(name.as_str()) {
                let outcome = crate::broker::cluster::topics::create_topic(
                    broker,
                    name,
                    -1,
                    -1,
                    None,
                    Default::default(),
                    false,
                    std::time::Duration::ZERO,
                )
                .await;
                match outcome {
                    Ok(_) | Err(BrokerError::TopicAlreadyExists(_)) => {}
                    Err(e) => created.push((name.to_string(), e.response_error())),
                }
            }
        }
    }
    let view = cluster.view();
    let topic = |name: &str| -> MetadataResponseTopic {
        if let Some((_, error)) = created.iter().find(|(n, _)| n == name) {
            return MetadataResponseTopic::default()
                .with_name(Some(TopicName(str_bytes(name))))
                .with_error_code(error.code());
        }
        let Some(assignment) = view.topics.get(name) else {
            let error = if auto_create {
                ResponseError::LeaderNotAvailable
            } else {
                ResponseError::UnknownTopicOrPartition
            };
            return MetadataResponseTopic::default()
                .with_name(Some(TopicName(str_bytes(name))))
                .with_error_code(error.code());
        };
        let partitions = assignment
            .replicas
            .iter()
            .map(|(index, replicas)| {
                let state = assignment.states.get(index);
                let leader = view.live_leader(name, *index);
                let partition = MetadataResponsePartition::default()
                    .with_partition_index(*index)
                    .with_error_code(match leader {
                        Some(_) => 0,
                        None => ResponseError::LeaderNotAvailable.code(),
                    })
                    .with_leader_id(BrokerId(leader.unwrap_or(-1)))
                    .with_replica_nodes(replicas.iter().map(|b| BrokerId(*b)).collect())
                    .with_isr_nodes(
                        state
                            .map(|s| s.isr.iter().map(|b| BrokerId(*b)).collect())
                            .unwrap_or_default(),
                    );
                let partition = if version >= 5 {
                    partition.with_offline_replicas(
                        replicas
                            .iter()
                            .filter(|b| !view.brokers.contains_key(b))
                            .map(|b| BrokerId(*b))
                            .collect(),
                    )
                } else {
                    partition
                };
                if version >= 7 {
                    partition.with_leader_epoch(state.map_or(0, |s| s.leader_epoch))
                } else {
                    partition
                }
            })
            .collect();
        let mut response = MetadataResponseTopic::default()
            .with_name(Some(TopicName(str_bytes(name))))
            .with_partitions(partitions);
        if version >= 1 {
            response = response.with_is_internal(name.starts_with("__"));
        }
        if version >= 10 {
            response = response.with_topic_id(assignment.id);
        }
        response
    };
    let topics = if all {
        view.topics.keys().map(|name| topic(name)).collect()
    } else {
        request
            .topics
            .iter()
            .flatten()
            .map(|t| match t.name.as_ref() {
                Some(name) => topic(name),
                None => match view.topics.iter().find(|(_, a)| a.id == t.topic_id) {
                    Some((name, _)) => topic(name),
                    None => MetadataResponseTopic::default()
                        .with_name((version < 12).then(|| TopicName(str_bytes(""))))
                        .with_topic_id(t.topic_id)
                        .with_error_code(ResponseError::UnknownTopicId.code()),
                },
            })
            .collect()
    };
    let mut response = MetadataResponse::default()
        .with_brokers(
            view.brokers
                .iter()
                .map(|(id, endpoint)| {
                    MetadataResponseBroker::default()
                        .with_node_id(BrokerId(*id))
                        .with_host(str_bytes(&endpoint.host))
                        .with_port(endpoint.port)
                })
                .collect(),
        )
        .with_topics(topics);
    if version >= 1 {
        response = response.with_controller_id(BrokerId(view.controller));
    }
    if version >= 2 {
        response = response.with_cluster_id(Some(str_bytes(broker.cluster_id())));
    }
    response
}
