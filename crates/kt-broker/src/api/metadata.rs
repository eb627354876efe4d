//! Metadata: the live brokers, the controller, and the topics with their partitions'
//! leaders and replicas, creating requested topics that do not exist when auto-creation is
//! on. A standalone broker answers as a cluster of one.

use super::RequestContext;
use std::sync::Arc;

use kafka_protocol::error::ResponseError;
use kafka_protocol::messages::metadata_response::{
    MetadataResponseBroker, MetadataResponsePartition, MetadataResponseTopic,
};
use kafka_protocol::messages::{BrokerId, MetadataRequest, MetadataResponse, TopicName};

use super::authorize::{authorized_operations, Op, Resource};
use super::{authorize, authorize_cluster, str_bytes};
use crate::metadata::NewTopic;
use crate::state::Broker;
use crate::BrokerError;

/// Answers with every topic (no list, or an empty list in v0) or the requested ones, by
/// name or (v10+) by id. Each partition names its live leader (LEADER_NOT_AVAILABLE while
/// it has none); a topic auto-created here is reported LEADER_NOT_AVAILABLE until its
/// leaders are elected, as Kafka does.
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
    let auto_create = broker.config().auto_create_topics_enable
        && (version < 4 || request.allow_auto_topic_creation);
    // Topics the client may not DESCRIBE are left out of a full listing and answered
    // TOPIC_AUTHORIZATION_FAILED when asked for; auto-creation needs CREATE.
    let described = |name: &str| authorize(broker, ctx, Op::Describe, Resource::Topic, name);
    let may_create = |name: &str| {
        authorize_cluster(broker, ctx, Op::Create)
            || authorize(broker, ctx, Op::Create, Resource::Topic, name)
    };
    let mut created = Vec::new();
    if !all {
        let view = broker.view();
        for t in request.topics.iter().flatten() {
            let Some(name) = t.name.as_ref() else {
                continue;
            };
            if auto_create
                && !view.topics.contains_key(name.as_str())
                && described(name)
                && may_create(name)
            {
                let outcome = broker
                    .metadata()
                    .create_topic(
                        broker,
                        NewTopic::with_defaults(name),
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
    let view = broker.view();
    let topic = |name: &str| -> MetadataResponseTopic {
        if !described(name) || (auto_create && !view.topics.contains_key(name) && !may_create(name))
        {
            return MetadataResponseTopic::default()
                .with_name(Some(TopicName(str_bytes(name))))
                .with_error_code(ResponseError::TopicAuthorizationFailed.code());
        }
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
                            .filter(|b| {
                                // A dead broker, or this one with the partition's log
                                // directory offline.
                                !view.brokers.contains_key(b)
                                    || (**b == broker.id() && broker.replica_offline(name, *index))
                            })
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
        if version >= 8 && request.include_topic_authorized_operations {
            response = response.with_topic_authorized_operations(authorized_operations(
                broker,
                ctx,
                Resource::Topic,
                name,
            ));
        }
        response
    };
    let topics = if all {
        view.topics
            .keys()
            .filter(|name| described(name))
            .map(|name| topic(name))
            .collect()
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
            view.brokers_on(&ctx.listener)
                .map(|(id, endpoint)| {
                    MetadataResponseBroker::default()
                        .with_node_id(BrokerId(id))
                        .with_host(str_bytes(&endpoint.host))
                        .with_port(endpoint.port)
                        .with_rack(view.racks.get(&id).map(|r| str_bytes(r)))
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
    if (8..=10).contains(&version) && request.include_cluster_authorized_operations {
        response = response.with_cluster_authorized_operations(authorized_operations(
            broker,
            ctx,
            Resource::Cluster,
            crate::security::acl::CLUSTER_NAME,
        ));
    }
    response
}
