//! What kafka-metadata-quorum.sh asks of a KRaft cluster: the metadata quorum's leader, high
//! watermark, voters and observers (DescribeQuorum, Kafka's `QuorumInfo`), over
//! [`super::wire`].

use std::collections::BTreeMap;

use kafka_protocol::error::ResponseError;
use kafka_protocol::messages::describe_quorum_request::{PartitionData, TopicData};
use kafka_protocol::messages::DescribeQuorumRequest;
use kafka_protocol::protocol::StrBytes;

use super::wire::{WireClient, WireError};

/// One replica of the metadata log (Kafka's `QuorumInfo.ReplicaState`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReplicaState {
    pub replica_id: i32,
    /// The replica's metadata directory id (all zeros when unknown: a static quorum).
    pub directory_id: [u8; 16],
    pub log_end_offset: i64,
    /// Milliseconds since the epoch; None when the leader did not say (-1).
    pub last_fetch_timestamp: Option<i64>,
    pub last_caught_up_timestamp: Option<i64>,
}

/// The metadata quorum (Kafka's `QuorumInfo`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuorumInfo {
    pub leader_id: i32,
    pub leader_epoch: i32,
    pub high_watermark: i64,
    pub voters: Vec<ReplicaState>,
    pub observers: Vec<ReplicaState>,
    /// Each node's endpoints as `(listener, host, port)`, by node id.
    pub nodes: BTreeMap<i32, Vec<(String, String, u16)>>,
}

/// Why the quorum could not be described.
#[derive(Debug, thiserror::Error)]
pub enum QuorumError {
    #[error(transparent)]
    Wire(#[from] WireError),
    #[error("{0}")]
    Refused(String),
}

/// Describes the metadata quorum through the broker or controller `client` is connected to.
pub async fn describe_quorum(client: &mut WireClient) -> Result<QuorumInfo, QuorumError> {
    let request = DescribeQuorumRequest::default().with_topics(vec![TopicData::default()
        .with_topic_name(StrBytes::from_static_str("__cluster_metadata").into())
        .with_partitions(vec![PartitionData::default().with_partition_index(0)])]);
    let response = client.call(&request, 2).await?;
    let refused = |code: i16, message: Option<StrBytes>| {
        let error = ResponseError::try_from_code(code)?;
        Some(QuorumError::Refused(match (error, message) {
            (_, Some(m)) => m.to_string(),
            (ResponseError::UnsupportedVersion, None) => {
                "The version of API is not supported.".into()
            }
            (ResponseError::ClusterAuthorizationFailed, None) => {
                "Cluster authorization failed.".into()
            }
            (other, None) => format!("{other:?}"),
        }))
    };
    if let Some(e) = refused(response.error_code, response.error_message.clone()) {
        return Err(e);
    }
    let partition = response
        .topics
        .iter()
        .flat_map(|t| &t.partitions)
        .find(|p| p.partition_index == 0)
        .ok_or_else(|| QuorumError::Refused("No partition data in the response".into()))?;
    if let Some(e) = refused(partition.error_code, partition.error_message.clone()) {
        return Err(e);
    }
    let state =
        |r: &kafka_protocol::messages::describe_quorum_response::ReplicaState| ReplicaState {
            replica_id: r.replica_id.0,
            directory_id: *r.replica_directory_id.as_bytes(),
            log_end_offset: r.log_end_offset,
            last_fetch_timestamp: (r.last_fetch_timestamp >= 0).then_some(r.last_fetch_timestamp),
            last_caught_up_timestamp: (r.last_caught_up_timestamp >= 0)
                .then_some(r.last_caught_up_timestamp),
        };
    Ok(QuorumInfo {
        leader_id: partition.leader_id.0,
        leader_epoch: partition.leader_epoch,
        high_watermark: partition.high_watermark,
        voters: partition.current_voters.iter().map(state).collect(),
        observers: partition.observers.iter().map(state).collect(),
        nodes: response
            .nodes
            .iter()
            .map(|n| {
                (
                    n.node_id.0,
                    n.listeners
                        .iter()
                        .map(|l| (l.name.to_string(), l.host.to_string(), l.port))
                        .collect(),
                )
            })
            .collect(),
    })
}
