//! DescribeQuorum: the metadata quorum of a KRaft node (kafka-metadata-quorum describe). kt
//! serves a KRaft config as one combined node that is the whole quorum, so the answer has one
//! voter, this node, leading, and no observer. kt runs no Raft log: the log end offset and
//! high watermark stand where the metadata's last change does ([`crate::features`]' epoch,
//! plus one). A ZooKeeper-mode broker has no quorum and answers UNSUPPORTED_VERSION (Kafka's
//! do not serve the API at all, and kt's ApiVersions does not announce it there).

use super::RequestContext;
use std::sync::Arc;

use kafka_protocol::error::ResponseError;
use kafka_protocol::messages::describe_quorum_response::{
    Listener, Node, PartitionData, ReplicaState, TopicData,
};
use kafka_protocol::messages::{BrokerId, DescribeQuorumRequest, DescribeQuorumResponse};

use super::str_bytes;
use crate::state::Broker;

/// The metadata topic and its one partition, which DescribeQuorum asks about.
const METADATA_TOPIC: &str = "__cluster_metadata";
/// The leader epoch of a quorum of one: elected once, on its first start.
const LEADER_EPOCH: i32 = 1;

/// Describes the quorum of this node.
pub async fn handle(
    broker: &Arc<Broker>,
    request: DescribeQuorumRequest,
    ctx: &RequestContext,
) -> DescribeQuorumResponse {
    let refuse =
        |error: ResponseError| DescribeQuorumResponse::default().with_error_code(error.code());
    let (Some(kraft), Some(features)) = (broker.config().kraft.as_ref(), broker.features()) else {
        return refuse(ResponseError::UnsupportedVersion);
    };
    if !super::authorize_cluster(broker, ctx, super::authorize::Op::Describe) {
        return refuse(ResponseError::ClusterAuthorizationFailed);
    }
    let asks_metadata = request.topics.iter().any(|t| {
        t.topic_name.0.to_string() == METADATA_TOPIC
            && t.partitions.iter().any(|p| p.partition_index == 0)
    });
    if !asks_metadata {
        return refuse(ResponseError::UnknownTopicOrPartition);
    }
    let node = kraft.node_id;
    let end_offset = features.finalized().epoch + 1;
    let now = kt_base::clock::now_ms();
    // A static quorum (controller.quorum.voters) knows no directory ids: Kafka reports zeros.
    let directory = if kraft.voters.is_empty() {
        let dir = kraft.metadata_dir(&broker.config().log_dirs);
        kt_storage::MetaProperties::read(&dir)
            .ok()
            .flatten()
            .and_then(|m| m.directory_id)
            .and_then(|d| kt_storage::parse_uuid(&d))
            .map(uuid::Uuid::from_bytes)
            .unwrap_or_default()
    } else {
        uuid::Uuid::nil()
    };
    let voter = ReplicaState::default()
        .with_replica_id(BrokerId(node))
        .with_replica_directory_id(directory)
        .with_log_end_offset(end_offset)
        .with_last_fetch_timestamp(now)
        .with_last_caught_up_timestamp(now);
    let partition = PartitionData::default()
        .with_partition_index(0)
        .with_leader_id(BrokerId(node))
        .with_leader_epoch(LEADER_EPOCH)
        .with_high_watermark(end_offset)
        .with_current_voters(vec![voter]);
    let listeners = match (
        kraft.controller_listener_names.first(),
        kraft.advertised_controller(),
    ) {
        (Some(name), Some((host, port))) => vec![Listener::default()
            .with_name(str_bytes(name))
            .with_host(str_bytes(&host))
            .with_port(port)],
        _ => Vec::new(),
    };
    DescribeQuorumResponse::default()
        .with_topics(vec![TopicData::default()
            .with_topic_name(str_bytes(METADATA_TOPIC).into())
            .with_partitions(vec![partition])])
        .with_nodes(vec![Node::default()
            .with_node_id(BrokerId(node))
            .with_listeners(listeners)])
}
