//! The Kafka APIs kt implements: one module per API, each a short `handle(broker, request,
//! version) -> response`, and one route table from which ApiVersions is answered, so what is
//! advertised is exactly what is implemented.

use std::sync::Arc;

use bytes::{Bytes, BytesMut};
use kafka_protocol::messages::*;
use kafka_protocol::protocol::{Decodable, Encodable};

use super::state::Broker;

pub mod add_offsets_to_txn;
pub mod add_partitions_to_txn;
pub mod alter_broker_configs;
pub mod alter_configs;
pub mod alter_partition;
pub mod alter_partition_reassignments;
pub mod alter_replica_log_dirs;
pub mod alter_user_scram_credentials;
pub mod api_versions;
pub mod authorize;
pub mod controller_requests;
pub mod create_acls;
pub mod create_delegation_token;
pub mod create_partitions;
pub mod create_topics;
pub mod delete_acls;
pub mod delete_groups;
pub mod delete_records;
pub mod delete_topics;
pub mod describe_acls;
pub mod describe_cluster;
pub mod describe_configs;
pub mod describe_delegation_token;
pub mod describe_groups;
pub mod describe_log_dirs;
pub mod describe_producers;
pub mod describe_quorum;
pub mod describe_transactions;
pub mod describe_user_scram_credentials;
pub mod elect_leaders;
pub mod end_txn;
pub mod expire_delegation_token;
pub mod fetch;
pub mod find_coordinator;
pub mod get_telemetry_subscriptions;
pub mod heartbeat;
pub mod incremental_alter_configs;
pub mod init_producer_id;
pub mod join_group;
pub mod leave_group;
pub mod list_client_metrics_resources;
pub mod list_groups;
pub mod list_offsets;
pub mod list_partition_reassignments;
pub mod list_transactions;
pub mod metadata;
pub mod offset_commit;
pub mod offset_delete;
pub mod offset_fetch;
pub mod offset_for_leader_epoch;
mod partition_outcomes;
pub mod produce;
pub mod push_telemetry;
pub mod renew_delegation_token;
pub mod sasl_authenticate;
pub mod sasl_handshake;
pub mod sync_group;
pub mod txn_offset_commit;
pub mod update_features;
pub mod write_txn_markers;

/// One implemented API and the versions of it kt serves.
#[derive(Debug, Clone, Copy)]
pub struct Route {
    pub key: ApiKey,
    pub min_version: i16,
    pub max_version: i16,
}

impl Route {
    /// Whether this route serves `version`.
    pub fn supports(&self, version: i16) -> bool {
        (self.min_version..=self.max_version).contains(&version)
    }
}

/// Who sent a request and in which version: what handlers need beyond the request body
/// (group membership records the client id and host, as Kafka's tools show them).
#[derive(Debug)]
pub struct RequestContext {
    /// The API version the request was encoded in (and the response must be).
    pub version: i16,
    /// The `client.id` from the request header, empty when none was sent.
    pub client_id: String,
    /// The client's address as Kafka prints it: `/127.0.0.1`.
    pub client_host: String,
    /// The name of the listener the client connected on (`PLAINTEXT`, `SSL`...): Metadata
    /// and FindCoordinator answer with the endpoints of that listener.
    pub listener: Arc<str>,
    /// Who the connection authenticated as (`User:ANONYMOUS` when it did not).
    pub principal: Arc<crate::security::KafkaPrincipal>,
    /// Set by a handler that answers nothing but must tell the client something went wrong:
    /// a failed produce with acks=0, where Kafka closes the connection.
    pub close_connection: std::sync::atomic::AtomicBool,
}

impl RequestContext {
    /// Asks the connection to close once this request is handled.
    pub fn close_after(&self) {
        self.close_connection
            .store(true, std::sync::atomic::Ordering::Relaxed);
    }
}

/// Why a request could not be answered; the connection is closed (as Kafka does) after one
/// log line.
#[derive(Debug, thiserror::Error)]
pub enum DispatchError {
    #[error("unsupported API key {0}")]
    UnknownApi(i16),
    #[error("unsupported version {version} of {key:?}")]
    UnsupportedVersion { key: ApiKey, version: i16 },
    #[error("malformed request: {0}")]
    Malformed(String),
}

/// A piece of a response body: encoded bytes, or a range of a segment file that the
/// connection sends without reading it into memory.
#[derive(Debug)]
pub enum BodyPart {
    /// Encoded protocol bytes.
    Bytes(Bytes),
    /// Stored record batches.
    File(kt_storage::FileRegion),
}

/// What a handled request left to send.
#[derive(Debug)]
pub enum Reply {
    /// Nothing: the request wants no response (a produce with acks=0).
    Nothing,
    /// The response body, encoded into the output buffer.
    Buffered,
    /// The response body as pieces, some of them file ranges (Fetch).
    Parts(Vec<BodyPart>),
}

/// The version a request body is read and its answer written in. The delegation-token APIs'
/// version 0 has version 1's schema (version 1 changed only when a throttled client is
/// answered, KIP-219); kafka-protocol follows Kafka 4.0, which dropped version 0 (KIP-896), so
/// kt reads and writes it as version 1 to serve Kafka 3.9's ranges.
fn codec_version(key: ApiKey, version: i16) -> i16 {
    match key {
        ApiKey::CreateDelegationToken
        | ApiKey::RenewDelegationToken
        | ApiKey::ExpireDelegationToken
        | ApiKey::DescribeDelegationToken
            if version == 0 =>
        {
            1
        }
        _ => version,
    }
}

/// Declares the route table and the dispatch over it in one place. Buffered APIs encode
/// their response into the output buffer; streamed ones (Fetch) answer with [`BodyPart`]s.
macro_rules! routes {
    (
        buffered { $($key:ident => $module:ident, $request:ty, $min:literal ..= $max:literal;)* }
        streamed { $($skey:ident => $smodule:ident, $srequest:ty, $smin:literal ..= $smax:literal;)* }
    ) => {
        /// Every API kt implements with the versions it serves.
        pub const ROUTES: &[Route] = &[
            $(Route { key: ApiKey::$key, min_version: $min, max_version: $max },)*
            $(Route { key: ApiKey::$skey, min_version: $smin, max_version: $smax },)*
        ];

        /// Decodes a request body, runs its handler and encodes the response body (into
        /// `out`, or as parts).
        pub async fn dispatch(
            broker: &Arc<Broker>,
            key: ApiKey,
            ctx: &RequestContext,
            body: &mut Bytes,
            out: &mut BytesMut,
        ) -> Result<Reply, DispatchError> {
            let version = codec_version(key, ctx.version);
            match key {
                $(ApiKey::$key => {
                    let request = <$request>::decode(body, version)
                        .map_err(|e| DispatchError::Malformed(e.to_string()))?;
                    let response: Option<<$request as kafka_protocol::protocol::Request>::Response> =
                        $module::handle(broker, request, ctx).await.into();
                    match response {
                        Some(response) => {
                            response
                                .encode(out, version)
                                .map_err(|e| DispatchError::Malformed(e.to_string()))?;
                            Ok(Reply::Buffered)
                        }
                        None => Ok(Reply::Nothing),
                    }
                })*
                $(ApiKey::$skey => {
                    let request = <$srequest>::decode(body, version)
                        .map_err(|e| DispatchError::Malformed(e.to_string()))?;
                    let reply = $smodule::handle(broker, request, ctx).await;
                    Ok(Reply::Parts(reply.into_parts(version)?))
                })*
                other => Err(DispatchError::UnknownApi(other as i16)),
            }
        }
    };
}

routes! {
  buffered {
    Produce => produce, ProduceRequest, 3..=10;
    ListOffsets => list_offsets, ListOffsetsRequest, 1..=7;
    Metadata => metadata, MetadataRequest, 0..=12;
    ApiVersions => api_versions, ApiVersionsRequest, 0..=3;
    CreateTopics => create_topics, CreateTopicsRequest, 2..=7;
    DeleteTopics => delete_topics, DeleteTopicsRequest, 1..=6;
    DeleteRecords => delete_records, DeleteRecordsRequest, 0..=2;
    FindCoordinator => find_coordinator, FindCoordinatorRequest, 0..=4;
    InitProducerId => init_producer_id, InitProducerIdRequest, 0..=4;
    DescribeConfigs => describe_configs, DescribeConfigsRequest, 1..=4;
    DescribeLogDirs => describe_log_dirs, DescribeLogDirsRequest, 1..=4;
    AlterReplicaLogDirs => alter_replica_log_dirs, AlterReplicaLogDirsRequest, 1..=2;
    AlterConfigs => alter_configs, AlterConfigsRequest, 0..=2;
    CreatePartitions => create_partitions, CreatePartitionsRequest, 0..=3;
    IncrementalAlterConfigs => incremental_alter_configs, IncrementalAlterConfigsRequest, 0..=1;
    DescribeCluster => describe_cluster, DescribeClusterRequest, 0..=1;
    JoinGroup => join_group, JoinGroupRequest, 0..=9;
    SyncGroup => sync_group, SyncGroupRequest, 0..=5;
    Heartbeat => heartbeat, HeartbeatRequest, 0..=4;
    LeaveGroup => leave_group, LeaveGroupRequest, 0..=5;
    OffsetCommit => offset_commit, OffsetCommitRequest, 2..=8;
    OffsetFetch => offset_fetch, OffsetFetchRequest, 1..=8;
    ListGroups => list_groups, ListGroupsRequest, 0..=5;
    DescribeGroups => describe_groups, DescribeGroupsRequest, 0..=5;
    DeleteGroups => delete_groups, DeleteGroupsRequest, 0..=2;
    OffsetDelete => offset_delete, OffsetDeleteRequest, 0..=0;
    OffsetForLeaderEpoch => offset_for_leader_epoch, OffsetForLeaderEpochRequest, 0..=4;
    ElectLeaders => elect_leaders, ElectLeadersRequest, 0..=2;
    DescribeAcls => describe_acls, DescribeAclsRequest, 1..=3;
    CreateAcls => create_acls, CreateAclsRequest, 1..=3;
    DeleteAcls => delete_acls, DeleteAclsRequest, 1..=3;
    SaslHandshake => sasl_handshake, SaslHandshakeRequest, 0..=1;
    SaslAuthenticate => sasl_authenticate, SaslAuthenticateRequest, 0..=2;
    DescribeUserScramCredentials => describe_user_scram_credentials, DescribeUserScramCredentialsRequest, 0..=0;
    AlterUserScramCredentials => alter_user_scram_credentials, AlterUserScramCredentialsRequest, 0..=0;
    CreateDelegationToken => create_delegation_token, CreateDelegationTokenRequest, 0..=3;
    RenewDelegationToken => renew_delegation_token, RenewDelegationTokenRequest, 0..=2;
    ExpireDelegationToken => expire_delegation_token, ExpireDelegationTokenRequest, 0..=2;
    DescribeDelegationToken => describe_delegation_token, DescribeDelegationTokenRequest, 0..=3;
    AddPartitionsToTxn => add_partitions_to_txn, AddPartitionsToTxnRequest, 0..=4;
    AddOffsetsToTxn => add_offsets_to_txn, AddOffsetsToTxnRequest, 0..=3;
    EndTxn => end_txn, EndTxnRequest, 0..=4;
    WriteTxnMarkers => write_txn_markers, WriteTxnMarkersRequest, 1..=1;
    TxnOffsetCommit => txn_offset_commit, TxnOffsetCommitRequest, 0..=4;
    DescribeProducers => describe_producers, DescribeProducersRequest, 0..=0;
    DescribeTransactions => describe_transactions, DescribeTransactionsRequest, 0..=0;
    ListTransactions => list_transactions, ListTransactionsRequest, 0..=1;
    AlterPartition => alter_partition, AlterPartitionRequest, 2..=3;
    UpdateFeatures => update_features, UpdateFeaturesRequest, 0..=1;
    DescribeQuorum => describe_quorum, DescribeQuorumRequest, 0..=2;
    AlterPartitionReassignments => alter_partition_reassignments, AlterPartitionReassignmentsRequest, 0..=0;
    ListPartitionReassignments => list_partition_reassignments, ListPartitionReassignmentsRequest, 0..=0;
    GetTelemetrySubscriptions => get_telemetry_subscriptions, GetTelemetrySubscriptionsRequest, 0..=0;
    PushTelemetry => push_telemetry, PushTelemetryRequest, 0..=0;
  }
  streamed {
    Fetch => fetch, FetchRequest, 4..=12;
  }
}

/// The route of an API key, if kt implements it.
pub fn route(key: i16) -> Option<&'static Route> {
    ROUTES.iter().find(|r| r.key as i16 == key)
}

/// Readies the group coordinator as far as a group request may (a cluster of one creates
/// `__consumer_offsets` on first use, as Kafka does on the first FindCoordinator).
pub(crate) async fn coordinator_ready(
    broker: &Arc<Broker>,
) -> Result<(), crate::coordinator::GroupError> {
    broker.metadata().prepare_coordinator(broker).await
}

/// Makes sure this broker coordinates `group`: only the leader of the group's partition of
/// `__consumer_offsets` does (NOT_COORDINATOR elsewhere).
pub(crate) async fn coordinator_for(
    broker: &Arc<Broker>,
    group: &str,
) -> Result<(), crate::coordinator::GroupError> {
    coordinator_ready(broker).await?;
    broker.coordinates(group)
}

/// Replaces a topic's config overrides, on every broker of the cluster.
pub(crate) async fn set_topic_configs(
    broker: &Arc<Broker>,
    name: &str,
    configs: std::collections::BTreeMap<String, String>,
    validate_only: bool,
) -> Result<(), crate::BrokerError> {
    // AlterConfigs carries no timeout: wait as long as a client's default request timeout.
    let wait = std::time::Duration::from_secs(30);
    broker
        .metadata()
        .set_topic_configs(broker, name, configs, validate_only, wait)
        .await
}

pub(crate) use authorize::{authorize, authorize_cluster};

/// `StrBytes` from a `&str`, the string type of every protocol field.
pub(crate) fn str_bytes(s: &str) -> kafka_protocol::protocol::StrBytes {
    kafka_protocol::protocol::StrBytes::from_string(s.to_string())
}
