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
