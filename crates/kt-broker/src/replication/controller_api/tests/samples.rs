//! The sample values `testdata/CaptureControllerFrames.java` serializes with Kafka 3.9.0, as
//! kt's structs hold them after decoding each version: a field the version does not carry is
//! at its default. Change both files together.

use std::collections::BTreeMap;

use bytes::Bytes;
use kafka_protocol::messages::{BrokerId, TopicName};
use kafka_protocol::protocol::StrBytes;

use super::super::*;

pub const ORDERS_ID: uuid::Uuid = uuid::Uuid::from_u128(0x0123456789abcdef_fedcba9876543210);
pub const CAFE_ID: uuid::Uuid = uuid::Uuid::from_u128(0x1111111111111111_2222222222222222);
const BROKER_EPOCH: i64 = 0x1122334455;

fn topic(name: &'static str) -> TopicName {
    TopicName(StrBytes::from_static_str(name))
}

fn ids(ids: &[i32]) -> Vec<BrokerId> {
    ids.iter().copied().map(BrokerId).collect()
}

/// The unknown tagged field (tag 5, `ca fe`) every flexible sample carries at its top level.
fn tags(flexible: bool) -> BTreeMap<i32, Bytes> {
    if flexible {
        BTreeMap::from([(5, Bytes::from_static(&[0xca, 0xfe]))])
    } else {
        BTreeMap::new()
    }
}

fn lisr_partition(
    v: i16,
    name: &'static str,
    index: i32,
    leader_epoch: i32,
) -> LeaderAndIsrPartitionState {
    LeaderAndIsrPartitionState {
        topic_name: if v <= 1 { topic(name) } else { topic("") },
        partition_index: index,
        controller_epoch: 20,
        leader: BrokerId(1),
        leader_epoch,
        isr: ids(&[1, 2]),
        partition_epoch: 13,
        replicas: ids(&[1, 2, 3]),
        adding_replicas: if v >= 3 { ids(&[3]) } else { vec![] },
        removing_replicas: vec![],
        is_new: v >= 1 && index == 1,
        leader_recovery_state: if v >= 6 && index == 1 { 1 } else { 0 },
        unknown_tagged_fields: BTreeMap::new(),
    }
}

pub fn leader_and_isr_request(v: i16) -> LeaderAndIsrRequest {
    let orders = vec![
        lisr_partition(v, "orders", 0, 7),
        lisr_partition(v, "orders", 1, 8),
    ];
    let cafe = vec![lisr_partition(v, "café", 0, 0)];
    let (ungrouped_partition_states, topic_states) = if v <= 1 {
        (orders.into_iter().chain(cafe).collect(), vec![])
    } else {
        let id = |id| if v >= 5 { id } else { uuid::Uuid::nil() };
        (
            vec![],
            vec![
                LeaderAndIsrTopicState {
                    topic_name: topic("orders"),
                    topic_id: id(ORDERS_ID),
                    partition_states: orders,
                    unknown_tagged_fields: BTreeMap::new(),
                },
                LeaderAndIsrTopicState {
                    topic_name: topic("café"),
                    topic_id: id(CAFE_ID),
                    partition_states: cafe,
                    unknown_tagged_fields: BTreeMap::new(),
                },
            ],
        )
    };
    LeaderAndIsrRequest {
        controller_id: BrokerId(3),
        is_kraft_controller: v >= 7,
        controller_epoch: 21,
        broker_epoch: if v >= 2 { BROKER_EPOCH } else { -1 },
        r#type: if v >= 5 { 1 } else { 0 },
        ungrouped_partition_states,
        topic_states,
        live_leaders: vec![
            LeaderAndIsrLiveLeader {
                broker_id: BrokerId(1),
                host_name: StrBytes::from_static_str("broker-1.example"),
                port: 9092,
                unknown_tagged_fields: BTreeMap::new(),
            },
            LeaderAndIsrLiveLeader {
                broker_id: BrokerId(2),
                host_name: StrBytes::from_static_str("b2"),
                port: 19092,
                unknown_tagged_fields: BTreeMap::new(),
            },
        ],
        unknown_tagged_fields: tags(v >= 4),
    }
}

pub fn leader_and_isr_response(v: i16) -> LeaderAndIsrResponse {
    let error = |name, index, error_code| LeaderAndIsrPartitionError {
        topic_name: name,
        partition_index: index,
        error_code,
        unknown_tagged_fields: BTreeMap::new(),
    };
    let mut response = LeaderAndIsrResponse {
        unknown_tagged_fields: tags(v >= 4),
        ..Default::default()
    };
    if v <= 4 {
        response.partition_errors =
            vec![error(topic("orders"), 0, 0), error(topic("orders"), 1, 56)];
    } else {
        response.topics = vec![LeaderAndIsrTopicError {
            topic_id: ORDERS_ID,
            partition_errors: vec![error(topic(""), 0, 0), error(topic(""), 1, 56)],
            unknown_tagged_fields: BTreeMap::new(),
        }];
    }
    response
}

fn um_partition(
    v: i16,
    name: &'static str,
    index: i32,
    leader: i32,
) -> UpdateMetadataPartitionState {
    UpdateMetadataPartitionState {
        topic_name: if v <= 4 { topic(name) } else { topic("") },
        partition_index: index,
        controller_epoch: 20,
        leader: BrokerId(leader),
        leader_epoch: 5,
        isr: ids(&[1, 2]),
        zk_version: 9,
        replicas: ids(&[1, 2, 3]),
        offline_replicas: if v >= 4 { ids(&[3]) } else { vec![] },
        unknown_tagged_fields: BTreeMap::new(),
    }
}

fn um_endpoint(
    v: i16,
    port: i32,
    host: &'static str,
    listener: &'static str,
    protocol: i16,
) -> UpdateMetadataEndpoint {
    UpdateMetadataEndpoint {
        port,
        host: StrBytes::from_static_str(host),
        listener: StrBytes::from_static_str(if v >= 3 { listener } else { "" }),
        security_protocol: protocol,
        unknown_tagged_fields: BTreeMap::new(),
    }
}

fn um_broker(
    v: i16,
    id: i32,
    host: &'static str,
    port: i32,
    endpoints: Vec<UpdateMetadataEndpoint>,
    rack: Option<&'static str>,
) -> UpdateMetadataBroker {
    UpdateMetadataBroker {
        id: BrokerId(id),
        v0_host: StrBytes::from_static_str(if v == 0 { host } else { "" }),
        v0_port: if v == 0 { port } else { 0 },
        endpoints: if v >= 1 { endpoints } else { vec![] },
        rack: rack.filter(|_| v >= 2).map(StrBytes::from_static_str),
        unknown_tagged_fields: BTreeMap::new(),
    }
}

pub fn update_metadata_request(v: i16) -> UpdateMetadataRequest {
    let orders = vec![
        um_partition(v, "orders", 0, 1),
        um_partition(v, "orders", 1, -1),
    ];
    let cafe = vec![um_partition(v, "café", 0, 2)];
    let (ungrouped_partition_states, topic_states) = if v <= 4 {
        (orders.into_iter().chain(cafe).collect(), vec![])
    } else {
        let id = |id| if v >= 7 { id } else { uuid::Uuid::nil() };
        (
            vec![],
            vec![
                UpdateMetadataTopicState {
                    topic_name: topic("orders"),
                    topic_id: id(ORDERS_ID),
                    partition_states: orders,
                    unknown_tagged_fields: BTreeMap::new(),
                },
                UpdateMetadataTopicState {
                    topic_name: topic("café"),
                    topic_id: id(CAFE_ID),
                    partition_states: cafe,
                    unknown_tagged_fields: BTreeMap::new(),
                },
            ],
        )
    };
    UpdateMetadataRequest {
        controller_id: BrokerId(3),
        is_kraft_controller: v >= 8,
        r#type: if v >= 8 { 2 } else { 0 },
        controller_epoch: 21,
        broker_epoch: if v >= 5 { BROKER_EPOCH } else { -1 },
        ungrouped_partition_states,
        topic_states,
        live_brokers: vec![
            um_broker(
                v,
                1,
                "h1",
                9092,
                vec![
                    um_endpoint(v, 9092, "h1", "PLAINTEXT", 0),
                    um_endpoint(v, 9093, "h1", "SSL", 1),
                ],
                Some("rack-a"),
            ),
            um_broker(
                v,
                2,
                "h2",
                9094,
                vec![um_endpoint(v, 9094, "h2", "PLAINTEXT", 0)],
                None,
            ),
        ],
        unknown_tagged_fields: tags(v >= 6),
    }
}

pub fn update_metadata_response(v: i16) -> UpdateMetadataResponse {
    UpdateMetadataResponse {
        error_code: 11,
        unknown_tagged_fields: tags(v >= 6),
    }
}

pub fn stop_replica_request(v: i16) -> StopReplicaRequest {
    let state = |partition_index, leader_epoch, delete_partition| StopReplicaPartitionState {
        partition_index,
        leader_epoch,
        delete_partition,
        unknown_tagged_fields: BTreeMap::new(),
    };
    let mut request = StopReplicaRequest {
        controller_id: BrokerId(3),
        is_kraft_controller: v >= 4,
        controller_epoch: 21,
        broker_epoch: if v >= 1 { BROKER_EPOCH } else { -1 },
        delete_partitions: v <= 2,
        unknown_tagged_fields: tags(v >= 2),
        ..Default::default()
    };
    match v {
        0 => {
            request.ungrouped_partitions = [("orders", 0), ("orders", 1), ("café", 0)]
                .into_iter()
                .map(|(name, partition_index)| StopReplicaPartitionV0 {
                    topic_name: topic(name),
                    partition_index,
                })
                .collect()
        }
        1 | 2 => {
            request.topics = vec![
                StopReplicaTopicV1 {
                    name: topic("orders"),
                    partition_indexes: vec![0, 1],
                    unknown_tagged_fields: BTreeMap::new(),
                },
                StopReplicaTopicV1 {
                    name: topic("café"),
                    partition_indexes: vec![0],
                    unknown_tagged_fields: BTreeMap::new(),
                },
            ]
        }
        _ => {
            request.topic_states = vec![
                StopReplicaTopicState {
                    topic_name: topic("orders"),
                    partition_states: vec![state(0, 7, true), state(1, -2, false)],
                    unknown_tagged_fields: BTreeMap::new(),
                },
                StopReplicaTopicState {
                    topic_name: topic("café"),
                    partition_states: vec![state(0, -1, true)],
                    unknown_tagged_fields: BTreeMap::new(),
                },
            ]
        }
    }
    request
}

pub fn stop_replica_response(v: i16) -> StopReplicaResponse {
    let error = |name, partition_index, error_code| StopReplicaPartitionError {
        topic_name: topic(name),
        partition_index,
        error_code,
        unknown_tagged_fields: BTreeMap::new(),
    };
    StopReplicaResponse {
        error_code: 0,
        partition_errors: vec![error("orders", 0, 0), error("café", 0, 74)],
        unknown_tagged_fields: tags(v >= 2),
    }
}

pub fn controlled_shutdown_request(v: i16) -> ControlledShutdownRequest {
    ControlledShutdownRequest {
        broker_id: BrokerId(2),
        broker_epoch: if v >= 2 { 0x55 } else { -1 },
        unknown_tagged_fields: tags(v >= 3),
    }
}

pub fn controlled_shutdown_response(v: i16) -> ControlledShutdownResponse {
    ControlledShutdownResponse {
        error_code: 0,
        remaining_partitions: vec![RemainingPartition {
            topic_name: topic("orders"),
            partition_index: 1,
            unknown_tagged_fields: BTreeMap::new(),
        }],
        unknown_tagged_fields: tags(v >= 3),
    }
}
