//! What each API answers a principal the ACLs do not allow, and that an ALLOW lets it
//! through: handlers called directly, as `User:alice` (a test-only principal; the
//! connection code gives PLAINTEXT clients `User:ANONYMOUS`).

use std::collections::BTreeMap;
use std::sync::Arc;

use kafka_protocol::error::ResponseError;
use kafka_protocol::messages::create_topics_request::CreatableTopic;
use kafka_protocol::messages::delete_records_request::{
    DeleteRecordsPartition, DeleteRecordsTopic,
};
use kafka_protocol::messages::describe_configs_request::DescribeConfigsResource;
use kafka_protocol::messages::list_offsets_request::{ListOffsetsPartition, ListOffsetsTopic};
use kafka_protocol::messages::*;
use kafka_protocol::protocol::StrBytes;
use kt_base::config::{Properties, ServerConfig};

use crate::api::RequestContext;
use crate::security::acl::{
    AclBinding, AclEntry, AclOperation, PatternType, PermissionType, ResourcePattern, ResourceType,
};
use crate::security::KafkaPrincipal;
use crate::state::Broker;

fn ctx(version: i16) -> RequestContext {
    RequestContext {
        version,
        client_id: String::new(),
        client_host: "/127.0.0.1".into(),
        listener: "PLAINTEXT".into(),
        principal: Arc::new(KafkaPrincipal::user("alice")),
        close_connection: Default::default(),
    }
}

fn s(text: &str) -> StrBytes {
    StrBytes::from_string(text.to_string())
}

async fn allow(broker: &Broker, resource_type: ResourceType, name: &str, op: AclOperation) {
    let binding = AclBinding {
        pattern: ResourcePattern::new(resource_type, name, PatternType::Literal),
        entry: AclEntry {
            principal: "User:alice".into(),
            host: "127.0.0.1".into(),
            operation: op,
            permission: PermissionType::Allow,
        },
    };
    let outcome = broker.authorizer().unwrap().create(&[binding]).await;
    assert!(outcome[0].is_ok());
}

/// The error of an (empty) AlterPartition from `User:alice`.
async fn alter_partition_error(broker: &Arc<Broker>) -> i16 {
    let request = AlterPartitionRequest::default();
    crate::api::alter_partition::handle(broker, request, &ctx(3))
        .await
        .error_code
}

#[tokio::test]
async fn each_api_answers_kafkas_authorization_errors() {
    let dir = tempfile::tempdir().unwrap();
    let mut props = Properties::new();
    props.insert("log.dirs".into(), dir.path().display().to_string());
    props.insert("offsets.topic.replication.factor".into(), "1".into());
    props.insert(
        "transaction.state.log.replication.factor".into(),
        "1".into(),
    );
    props.insert(
        "authorizer.class.name".into(),
        "kafka.security.authorizer.AclAuthorizer".into(),
    );
    let broker = Arc::new(Broker::open(ServerConfig::from_properties(&props).unwrap().0).unwrap());
    broker
        .create_topic("t", 1, 1, None, BTreeMap::new(), false)
        .unwrap();
    let code = |e: ResponseError| e.code();

    let join = JoinGroupRequest::default()
        .with_group_id(GroupId(s("g")))
        .with_protocol_type(s("consumer"))
        .with_session_timeout_ms(10_000);
    let answer = crate::api::join_group::handle(&broker, join.clone(), &ctx(5)).await;
    assert_eq!(
        answer.error_code,
        code(ResponseError::GroupAuthorizationFailed)
    );

    let create = CreateTopicsRequest::default().with_topics(vec![
        CreatableTopic::default().with_name(TopicName(s("new")))
    ]);
    let answer = crate::api::create_topics::handle(&broker, create, &ctx(5)).await;
    assert_eq!(
        answer.topics[0].error_code,
        code(ResponseError::TopicAuthorizationFailed)
    );

    let delete = DeleteRecordsRequest::default().with_topics(vec![DeleteRecordsTopic::default()
        .with_name(TopicName(s("t")))
        .with_partitions(vec![DeleteRecordsPartition::default().with_offset(0)])]);
    let answer = crate::api::delete_records::handle(&broker, delete, &ctx(1)).await;
    assert_eq!(
        answer.topics[0].partitions[0].error_code,
        code(ResponseError::TopicAuthorizationFailed)
    );

    let answer =
        crate::api::describe_log_dirs::handle(&broker, DescribeLogDirsRequest::default(), &ctx(3))
            .await;
    assert_eq!(
        answer.error_code,
        code(ResponseError::ClusterAuthorizationFailed)
    );

    // AlterReplicaLogDirs needs ALTER on the cluster: every partition is refused, nothing moves.
    let alter = kafka_protocol::messages::AlterReplicaLogDirsRequest::default().with_dirs(vec![
        kafka_protocol::messages::alter_replica_log_dirs_request::AlterReplicaLogDir::default()
            .with_path(s("/nowhere"))
            .with_topics(vec![
                kafka_protocol::messages::alter_replica_log_dirs_request::AlterReplicaLogDirTopic::default()
                    .with_name(TopicName(s("t")))
                    .with_partitions(vec![0, 1]),
            ]),
    ]);
    let answer = crate::api::alter_replica_log_dirs::handle(&broker, alter, &ctx(3)).await;
    let codes: Vec<i16> = answer.results[0]
        .partitions
        .iter()
        .map(|p| p.error_code)
        .collect();
    assert_eq!(
        codes,
        vec![code(ResponseError::ClusterAuthorizationFailed); 2]
    );

    let answer =
        crate::api::elect_leaders::handle(&broker, ElectLeadersRequest::default(), &ctx(1)).await;
    assert_eq!(
        answer.error_code,
        code(ResponseError::ClusterAuthorizationFailed)
    );

    let list = ListOffsetsRequest::default().with_topics(vec![ListOffsetsTopic::default()
        .with_name(TopicName(s("t")))
        .with_partitions(vec![ListOffsetsPartition::default().with_timestamp(-1)])]);
    let answer = crate::api::list_offsets::handle(&broker, list.clone(), &ctx(5)).await;
    assert_eq!(
        answer.topics[0].partitions[0].error_code,
        code(ResponseError::TopicAuthorizationFailed)
    );

    let configs = DescribeConfigsRequest::default().with_resources(vec![
        DescribeConfigsResource::default()
            .with_resource_type(2)
            .with_resource_name(s("t")),
        DescribeConfigsResource::default()
            .with_resource_type(4)
            .with_resource_name(s("0")),
    ]);
    let answer = crate::api::describe_configs::handle(&broker, configs, &ctx(1)).await;
    assert_eq!(
        answer.results[0].error_code,
        code(ResponseError::TopicAuthorizationFailed)
    );
    assert_eq!(
        answer.results[1].error_code,
        code(ResponseError::ClusterAuthorizationFailed)
    );

    let find = FindCoordinatorRequest::default().with_key(s("g"));
    let answer = crate::api::find_coordinator::handle(&broker, find, &ctx(3)).await;
    assert_eq!(
        answer.error_code,
        code(ResponseError::GroupAuthorizationFailed)
    );

    let answer = crate::api::init_producer_id::handle(
        &broker,
        InitProducerIdRequest::default()
            .with_transactional_id(None)
            .with_producer_id(ProducerId(-1)),
        &ctx(4),
    )
    .await;
    assert_eq!(
        answer.error_code,
        code(ResponseError::ClusterAuthorizationFailed)
    );

    let answer =
        crate::api::create_acls::handle(&broker, CreateAclsRequest::default(), &ctx(1)).await;
    assert!(answer.results.is_empty());
    let answer =
        crate::api::describe_acls::handle(&broker, DescribeAclsRequest::default(), &ctx(1)).await;
    assert_eq!(
        answer.error_code,
        code(ResponseError::ClusterAuthorizationFailed)
    );

    // Allowed now: WRITE on a topic lets an idempotent producer in (KIP-679), DESCRIBE
    // (implied by WRITE) lets ListOffsets read, READ on the group lets it join.
    allow(&broker, ResourceType::Topic, "t", AclOperation::Write).await;
    allow(&broker, ResourceType::Group, "g", AclOperation::Read).await;
    let answer = crate::api::init_producer_id::handle(
        &broker,
        InitProducerIdRequest::default()
            .with_transactional_id(None)
            .with_producer_id(ProducerId(-1)),
        &ctx(4),
    )
    .await;
    assert_eq!(answer.error_code, 0);
    let answer = crate::api::list_offsets::handle(&broker, list, &ctx(5)).await;
    assert_eq!(answer.topics[0].partitions[0].error_code, 0);
    let answer = crate::api::join_group::handle(&broker, join, &ctx(5)).await;
    assert_ne!(
        answer.error_code,
        code(ResponseError::GroupAuthorizationFailed)
    );
}

#[tokio::test]
async fn txn_offset_commit_asks_for_the_transactional_id_the_group_and_the_topics() {
    let dir = tempfile::tempdir().unwrap();
    let mut props = Properties::new();
    props.insert("log.dirs".into(), dir.path().display().to_string());
    props.insert("offsets.topic.replication.factor".into(), "1".into());
    props.insert(
        "transaction.state.log.replication.factor".into(),
        "1".into(),
    );
    props.insert(
        "authorizer.class.name".into(),
        "kafka.security.authorizer.AclAuthorizer".into(),
    );
    let broker = Arc::new(Broker::open(ServerConfig::from_properties(&props).unwrap().0).unwrap());
    broker
        .create_topic("t", 1, 1, None, BTreeMap::new(), false)
        .unwrap();
    let commit = TxnOffsetCommitRequest::default()
        .with_transactional_id(TransactionalId(s("tx")))
        .with_group_id(GroupId(s("g")))
        .with_producer_id(ProducerId(1))
        .with_producer_epoch(0)
        .with_topics(vec![
            txn_offset_commit_request::TxnOffsetCommitRequestTopic::default()
                .with_name(TopicName(s("t")))
                .with_partitions(vec![
                    txn_offset_commit_request::TxnOffsetCommitRequestPartition::default()
                        .with_partition_index(0)
                        .with_committed_offset(5),
                ]),
        ]);
    let error = |answer: TxnOffsetCommitResponse| answer.topics[0].partitions[0].error_code;
    let context = ctx(3);
    let ask = || crate::api::txn_offset_commit::handle(&broker, commit.clone(), &context);

    // Kafka's order: WRITE on the transactional id, then READ on the group, then the topic.
    assert_eq!(
        error(ask().await),
        ResponseError::TransactionalIdAuthorizationFailed.code()
    );
    allow(
        &broker,
        ResourceType::TransactionalId,
        "tx",
        AclOperation::Write,
    )
    .await;
    assert_eq!(
        error(ask().await),
        ResponseError::GroupAuthorizationFailed.code()
    );
    allow(&broker, ResourceType::Group, "g", AclOperation::Read).await;
    assert_eq!(
        error(ask().await),
        ResponseError::TopicAuthorizationFailed.code()
    );
    allow(&broker, ResourceType::Topic, "t", AclOperation::Read).await;
    let passed = error(ask().await);
    assert!(
        ![
            ResponseError::TransactionalIdAuthorizationFailed.code(),
            ResponseError::GroupAuthorizationFailed.code(),
            ResponseError::TopicAuthorizationFailed.code()
        ]
        .contains(&passed),
        "authorized: {passed}"
    );

    // kafka-transactions.sh abort writes its marker with WriteTxnMarkers, a ClusterAction.
    let markers = WriteTxnMarkersRequest::default().with_markers(vec![
        write_txn_markers_request::WritableTxnMarker::default()
            .with_producer_id(ProducerId(1))
            .with_producer_epoch(0)
            .with_transaction_result(false)
            .with_topics(vec![
                write_txn_markers_request::WritableTxnMarkerTopic::default()
                    .with_name(TopicName(s("t")))
                    .with_partition_indexes(vec![0]),
            ]),
    ]);
    let marker_error =
        |answer: WriteTxnMarkersResponse| answer.markers[0].topics[0].partitions[0].error_code;
    let answer = crate::api::write_txn_markers::handle(&broker, markers.clone(), &ctx(1)).await;
    assert_eq!(
        marker_error(answer),
        ResponseError::ClusterAuthorizationFailed.code()
    );
    // A leader's ISR change is a broker's request too (AlterPartition, ClusterAction).
    assert_eq!(
        alter_partition_error(&broker).await,
        ResponseError::ClusterAuthorizationFailed.code()
    );
    allow(
        &broker,
        ResourceType::Cluster,
        "kafka-cluster",
        AclOperation::ClusterAction,
    )
    .await;
    let answer = crate::api::write_txn_markers::handle(&broker, markers, &ctx(1)).await;
    assert_eq!(marker_error(answer), 0);
    // Allowed, a standalone broker answers that it is no controller.
    assert_eq!(
        alter_partition_error(&broker).await,
        ResponseError::NotController.code()
    );
}
