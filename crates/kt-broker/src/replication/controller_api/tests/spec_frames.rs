//! Frames written by hand, field by field, from Kafka 3.9's message specs
//! (`clients/src/main/resources/common/message/*.json`): the versions Kafka 3.9 sends and the
//! oldest layouts, each encoded to exactly these bytes and decoded back to the value.

use std::collections::BTreeMap;
use std::fmt::Debug;

use bytes::{Buf, Bytes, BytesMut};
use kafka_protocol::messages::{BrokerId, RequestHeader, TopicName};
use kafka_protocol::protocol::{Decodable, Encodable, StrBytes};

use super::super::*;

fn roundtrip<T: Encodable + Decodable + PartialEq + Debug>(value: &T, version: i16, wire: &[u8]) {
    let mut out = BytesMut::new();
    value.encode(&mut out, version).unwrap();
    assert_eq!(out.as_ref(), wire, "encoding of {value:?} at v{version}");
    assert_eq!(value.compute_size(version).unwrap(), wire.len());
    let mut input = Bytes::copy_from_slice(wire);
    assert_eq!(&T::decode(&mut input, version).unwrap(), value);
    assert_eq!(input.remaining(), 0);
}

fn t() -> TopicName {
    TopicName(StrBytes::from_static_str("t"))
}

fn s(text: &'static str) -> StrBytes {
    StrBytes::from_static_str(text)
}

const TOPIC_ID: uuid::Uuid = uuid::Uuid::from_u128(1);

#[rustfmt::skip]
const UUID_ONE: [u8; 16] = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1];

#[test]
fn leader_and_isr_v7_as_kafka_3_9_sends_it() {
    let request = LeaderAndIsrRequest {
        controller_id: BrokerId(1),
        controller_epoch: 2,
        broker_epoch: 3,
        topic_states: vec![LeaderAndIsrTopicState {
            topic_name: t(),
            topic_id: TOPIC_ID,
            partition_states: vec![LeaderAndIsrPartitionState {
                partition_index: 0,
                controller_epoch: 2,
                leader: BrokerId(1),
                leader_epoch: 4,
                isr: vec![BrokerId(1)],
                partition_epoch: 5,
                replicas: vec![BrokerId(1), BrokerId(2)],
                is_new: true,
                ..Default::default()
            }],
            unknown_tagged_fields: BTreeMap::new(),
        }],
        live_leaders: vec![LeaderAndIsrLiveLeader {
            broker_id: BrokerId(1),
            host_name: s("h"),
            port: 9092,
            unknown_tagged_fields: BTreeMap::new(),
        }],
        ..Default::default()
    };
    let mut wire = vec![
        0, 0, 0, 1, // ControllerId
        0, // isKRaftController
        0, 0, 0, 2, // ControllerEpoch
        0, 0, 0, 0, 0, 0, 0, 3, // BrokerEpoch
        0, // Type
        2, // TopicStates: compact array of 1
        2, b't', // TopicName: compact string
    ];
    wire.extend(UUID_ONE); // TopicId
    #[rustfmt::skip]
    wire.extend([
        2, // PartitionStates: 1
        0, 0, 0, 0, // PartitionIndex
        0, 0, 0, 2, // ControllerEpoch
        0, 0, 0, 1, // Leader
        0, 0, 0, 4, // LeaderEpoch
        2, 0, 0, 0, 1, // Isr [1]
        0, 0, 0, 5, // PartitionEpoch
        3, 0, 0, 0, 1, 0, 0, 0, 2, // Replicas [1, 2]
        1, // AddingReplicas []
        1, // RemovingReplicas []
        1, // IsNew
        0, // LeaderRecoveryState
        0, // partition state: no tagged fields
        0, // topic state: no tagged fields
        2, // LiveLeaders: 1
        0, 0, 0, 1, // BrokerId
        2, b'h', // HostName
        0, 0, 0x23, 0x84, // Port 9092
        0, // live leader: no tagged fields
        0, // request: no tagged fields
    ]);
    roundtrip(&request, 7, &wire);

    let response = LeaderAndIsrResponse {
        topics: vec![LeaderAndIsrTopicError {
            topic_id: TOPIC_ID,
            partition_errors: vec![LeaderAndIsrPartitionError {
                partition_index: 0,
                error_code: 0,
                ..Default::default()
            }],
            unknown_tagged_fields: BTreeMap::new(),
        }],
        ..Default::default()
    };
    let mut wire = vec![
        0, 0, // ErrorCode
        2, // Topics: 1
    ];
    wire.extend(UUID_ONE); // TopicId
    wire.extend([
        2, // PartitionErrors: 1
        0, 0, 0, 0, // PartitionIndex
        0, 0, // ErrorCode
        0, 0, 0, // tagged fields: partition, topic, response
    ]);
    roundtrip(&response, 7, &wire);
}

#[test]
fn leader_and_isr_v1_flat_partitions_with_classic_strings_and_arrays() {
    let request = LeaderAndIsrRequest {
        controller_id: BrokerId(1),
        controller_epoch: 2,
        ungrouped_partition_states: vec![LeaderAndIsrPartitionState {
            topic_name: t(),
            partition_index: 0,
            controller_epoch: 2,
            leader: BrokerId(1),
            leader_epoch: 4,
            isr: vec![BrokerId(1)],
            partition_epoch: 5,
            replicas: vec![BrokerId(1)],
            ..Default::default()
        }],
        ..Default::default()
    };
    #[rustfmt::skip]
    let wire = [
        0, 0, 0, 1, // ControllerId
        0, 0, 0, 2, // ControllerEpoch
        0, 0, 0, 1, // UngroupedPartitionStates: i32 count 1
        0, 1, b't', // TopicName: i16 length
        0, 0, 0, 0, // PartitionIndex
        0, 0, 0, 2, // ControllerEpoch
        0, 0, 0, 1, // Leader
        0, 0, 0, 4, // LeaderEpoch
        0, 0, 0, 1, 0, 0, 0, 1, // Isr [1]
        0, 0, 0, 5, // PartitionEpoch (zkVersion)
        0, 0, 0, 1, 0, 0, 0, 1, // Replicas [1]
        0, // IsNew
        0, 0, 0, 0, // LiveLeaders: none
    ];
    roundtrip(&request, 1, &wire);
}

#[test]
fn update_metadata_v8_carries_type_as_tag_0() {
    let request = UpdateMetadataRequest {
        controller_id: BrokerId(1),
        r#type: 2,
        controller_epoch: 2,
        broker_epoch: 3,
        topic_states: vec![UpdateMetadataTopicState {
            topic_name: t(),
            topic_id: TOPIC_ID,
            partition_states: vec![UpdateMetadataPartitionState {
                partition_index: 0,
                controller_epoch: 2,
                leader: BrokerId(1),
                leader_epoch: 4,
                isr: vec![BrokerId(1)],
                zk_version: 5,
                replicas: vec![BrokerId(1)],
                ..Default::default()
            }],
            unknown_tagged_fields: BTreeMap::new(),
        }],
        live_brokers: vec![UpdateMetadataBroker {
            id: BrokerId(1),
            endpoints: vec![UpdateMetadataEndpoint {
                port: 9092,
                host: s("h"),
                listener: s("PLAINTEXT"),
                security_protocol: 0,
                unknown_tagged_fields: BTreeMap::new(),
            }],
            rack: None,
            ..Default::default()
        }],
        ..Default::default()
    };
    let mut wire = vec![
        0, 0, 0, 1, // ControllerId
        0, // isKRaftController
        0, 0, 0, 2, // ControllerEpoch
        0, 0, 0, 0, 0, 0, 0, 3, // BrokerEpoch
        2, // TopicStates: 1
        2, b't', // TopicName
    ];
    wire.extend(UUID_ONE); // TopicId
    #[rustfmt::skip]
    wire.extend([
        2, // PartitionStates: 1
        0, 0, 0, 0, // PartitionIndex
        0, 0, 0, 2, // ControllerEpoch
        0, 0, 0, 1, // Leader
        0, 0, 0, 4, // LeaderEpoch
        2, 0, 0, 0, 1, // Isr [1]
        0, 0, 0, 5, // ZkVersion
        2, 0, 0, 0, 1, // Replicas [1]
        1, // OfflineReplicas []
        0, 0, // tagged fields: partition, topic
        2, // LiveBrokers: 1
        0, 0, 0, 1, // Id
        2, // Endpoints: 1
        0, 0, 0x23, 0x84, // Port
        2, b'h', // Host
        10, b'P', b'L', b'A', b'I', b'N', b'T', b'E', b'X', b'T', // Listener
        0, 0, // SecurityProtocol PLAINTEXT
        0, // endpoint: no tagged fields
        0, // Rack: null (compact)
        0, // broker: no tagged fields
        1, 0, 1, 2, // tagged fields: 1 field, tag 0 (Type), 1 byte, value 2
    ]);
    roundtrip(&request, 8, &wire);

    // At its default, Type is left out: the section is empty.
    let plain = UpdateMetadataRequest {
        r#type: 0,
        ..request.clone()
    };
    let mut out = BytesMut::new();
    plain.encode(&mut out, 8).unwrap();
    assert_eq!(&out[out.len() - 1..], &[0]);
    assert_eq!(out.len(), wire.len() - 3);

    // A Type tag of the wrong size is refused.
    let mut bad = wire.clone();
    let n = bad.len();
    bad[n - 2] = 2;
    bad.push(0);
    assert!(UpdateMetadataRequest::decode(&mut Bytes::from(bad), 8).is_err());
}

#[test]
fn update_metadata_v0_single_host_and_v3_listeners_and_racks() {
    let v0 = UpdateMetadataRequest {
        controller_id: BrokerId(1),
        controller_epoch: 2,
        ungrouped_partition_states: vec![UpdateMetadataPartitionState {
            topic_name: t(),
            partition_index: 0,
            controller_epoch: 2,
            leader: BrokerId(1),
            leader_epoch: 4,
            isr: vec![BrokerId(1)],
            zk_version: 5,
            replicas: vec![BrokerId(1)],
            ..Default::default()
        }],
        live_brokers: vec![UpdateMetadataBroker {
            id: BrokerId(1),
            v0_host: s("h"),
            v0_port: 9092,
            ..Default::default()
        }],
        ..Default::default()
    };
    #[rustfmt::skip]
    let wire = [
        0, 0, 0, 1, // ControllerId
        0, 0, 0, 2, // ControllerEpoch
        0, 0, 0, 1, // UngroupedPartitionStates: 1
        0, 1, b't', // TopicName
        0, 0, 0, 0, // PartitionIndex
        0, 0, 0, 2, // ControllerEpoch
        0, 0, 0, 1, // Leader
        0, 0, 0, 4, // LeaderEpoch
        0, 0, 0, 1, 0, 0, 0, 1, // Isr [1]
        0, 0, 0, 5, // ZkVersion
        0, 0, 0, 1, 0, 0, 0, 1, // Replicas [1]
        0, 0, 0, 1, // LiveBrokers: 1
        0, 0, 0, 1, // Id
        0, 1, b'h', // V0Host
        0, 0, 0x23, 0x84, // V0Port
    ];
    roundtrip(&v0, 0, &wire);

    let endpoint = |listener| UpdateMetadataEndpoint {
        port: 9092,
        host: s("h"),
        listener,
        security_protocol: 0,
        unknown_tagged_fields: BTreeMap::new(),
    };
    let v3 = UpdateMetadataRequest {
        controller_id: BrokerId(1),
        controller_epoch: 2,
        live_brokers: vec![
            UpdateMetadataBroker {
                id: BrokerId(1),
                endpoints: vec![endpoint(s("L"))],
                rack: Some(s("r")),
                ..Default::default()
            },
            UpdateMetadataBroker {
                id: BrokerId(2),
                rack: None,
                ..Default::default()
            },
        ],
        ..Default::default()
    };
    #[rustfmt::skip]
    let wire = [
        0, 0, 0, 1, // ControllerId
        0, 0, 0, 2, // ControllerEpoch
        0, 0, 0, 0, // UngroupedPartitionStates: none
        0, 0, 0, 2, // LiveBrokers: 2
        0, 0, 0, 1, // Id
        0, 0, 0, 1, // Endpoints: 1
        0, 0, 0x23, 0x84, // Port
        0, 1, b'h', // Host
        0, 1, b'L', // Listener
        0, 0, // SecurityProtocol
        0, 1, b'r', // Rack
        0, 0, 0, 2, // Id
        0, 0, 0, 0, // Endpoints: none
        0xff, 0xff, // Rack: null
    ];
    roundtrip(&v3, 3, &wire);
    // Version 2 has no listener names: a v3 value with one cannot be sent at v2 unchanged,
    // but the field is ignorable, so it is dropped as Kafka drops it.
    let mut out = BytesMut::new();
    v3.encode(&mut out, 2).unwrap();
    assert_eq!(out.len(), wire.len() - 3);
}

#[test]
fn stop_replica_v4_v1_and_v0_layouts() {
    let v4 = StopReplicaRequest {
        controller_id: BrokerId(1),
        controller_epoch: 2,
        broker_epoch: 3,
        topic_states: vec![StopReplicaTopicState {
            topic_name: t(),
            partition_states: vec![StopReplicaPartitionState {
                partition_index: 0,
                leader_epoch: 4,
                delete_partition: true,
                unknown_tagged_fields: BTreeMap::new(),
            }],
            unknown_tagged_fields: BTreeMap::new(),
        }],
        ..Default::default()
    };
    #[rustfmt::skip]
    let wire = [
        0, 0, 0, 1, // ControllerId
        0, // isKRaftController
        0, 0, 0, 2, // ControllerEpoch
        0, 0, 0, 0, 0, 0, 0, 3, // BrokerEpoch
        2, // TopicStates: 1
        2, b't', // TopicName
        2, // PartitionStates: 1
        0, 0, 0, 0, // PartitionIndex
        0, 0, 0, 4, // LeaderEpoch
        1, // DeletePartition
        0, 0, 0, // tagged fields: partition, topic, request
    ];
    roundtrip(&v4, 4, &wire);

    let v1 = StopReplicaRequest {
        controller_id: BrokerId(1),
        controller_epoch: 2,
        broker_epoch: 3,
        topics: vec![StopReplicaTopicV1 {
            name: t(),
            partition_indexes: vec![0, 1],
            unknown_tagged_fields: BTreeMap::new(),
        }],
        ..Default::default()
    };
    #[rustfmt::skip]
    let wire = [
        0, 0, 0, 1, // ControllerId
        0, 0, 0, 2, // ControllerEpoch
        0, 0, 0, 0, 0, 0, 0, 3, // BrokerEpoch
        0, // DeletePartitions
        0, 0, 0, 1, // Topics: 1
        0, 1, b't', // Name
        0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 1, // PartitionIndexes [0, 1]
    ];
    roundtrip(&v1, 1, &wire);

    let v0 = StopReplicaRequest {
        controller_id: BrokerId(1),
        controller_epoch: 2,
        delete_partitions: true,
        ungrouped_partitions: vec![StopReplicaPartitionV0 {
            topic_name: t(),
            partition_index: 3,
        }],
        ..Default::default()
    };
    #[rustfmt::skip]
    let wire = [
        0, 0, 0, 1, // ControllerId
        0, 0, 0, 2, // ControllerEpoch
        1, // DeletePartitions
        0, 0, 0, 1, // UngroupedPartitions: 1
        0, 1, b't', // TopicName
        0, 0, 0, 3, // PartitionIndex
    ];
    roundtrip(&v0, 0, &wire);

    let response = StopReplicaResponse {
        error_code: 0,
        partition_errors: vec![StopReplicaPartitionError {
            topic_name: t(),
            partition_index: 0,
            error_code: 74,
            unknown_tagged_fields: BTreeMap::new(),
        }],
        unknown_tagged_fields: BTreeMap::new(),
    };
    #[rustfmt::skip]
    let wire = [
        0, 0, // ErrorCode
        2, // PartitionErrors: 1
        2, b't', // TopicName
        0, 0, 0, 0, // PartitionIndex
        0, 74, // ErrorCode FENCED_LEADER_EPOCH
        0, 0, // tagged fields: partition, response
    ];
    roundtrip(&response, 4, &wire);
}

#[test]
fn controlled_shutdown_v3_and_v0_with_its_header_without_client_id() {
    let request = ControlledShutdownRequest {
        broker_id: BrokerId(1),
        broker_epoch: 3,
        unknown_tagged_fields: BTreeMap::new(),
    };
    #[rustfmt::skip]
    roundtrip(&request, 3, &[
        0, 0, 0, 1, // BrokerId
        0, 0, 0, 0, 0, 0, 0, 3, // BrokerEpoch
        0, // no tagged fields
    ]);
    // Version 0 and 1 carry only the broker id.
    roundtrip(
        &ControlledShutdownRequest {
            broker_epoch: -1,
            ..request.clone()
        },
        0,
        &[0, 0, 0, 1],
    );

    // A whole v0 request after its size prefix: header v0 (key, version, correlation id).
    let api = ControllerApi::ControlledShutdown;
    assert_eq!(api.request_header_version(0), 0);
    let frame = [0, 7, 0, 0, 0, 0, 0, 9, 0, 0, 0, 1];
    let mut input = Bytes::copy_from_slice(&frame);
    let header = decode_request_header(&mut input, 0).unwrap();
    assert_eq!(
        (
            header.request_api_key,
            header.request_api_version,
            header.correlation_id
        ),
        (7, 0, 9)
    );
    assert_eq!(header.client_id, None);
    assert_eq!(
        ControlledShutdownRequest::decode(&mut input, 0)
            .unwrap()
            .broker_id,
        BrokerId(1)
    );
    let mut out = BytesMut::new();
    encode_request_header(&mut out, &header, 0).unwrap();
    assert_eq!(out.as_ref(), &frame[..8]);
    assert!(decode_request_header(&mut Bytes::from_static(&[0, 7, 0]), 0).is_err());

    // v3 uses the flexible header: the client id stays a classic string, then tagged fields.
    assert_eq!(api.request_header_version(3), 2);
    let header = RequestHeader::default()
        .with_request_api_key(7)
        .with_request_api_version(3)
        .with_correlation_id(9)
        .with_client_id(Some(s("kt")));
    let mut out = BytesMut::new();
    encode_request_header(&mut out, &header, 2).unwrap();
    assert_eq!(out.as_ref(), &[0, 7, 0, 3, 0, 0, 0, 9, 0, 2, b'k', b't', 0]);

    let response = ControlledShutdownResponse {
        error_code: 0,
        remaining_partitions: vec![RemainingPartition {
            topic_name: t(),
            partition_index: 0,
            unknown_tagged_fields: BTreeMap::new(),
        }],
        unknown_tagged_fields: BTreeMap::new(),
    };
    #[rustfmt::skip]
    roundtrip(&response, 3, &[
        0, 0, // ErrorCode
        2, // RemainingPartitions: 1
        2, b't', // TopicName
        0, 0, 0, 0, // PartitionIndex
        0, 0, // tagged fields: partition, response
    ]);
    #[rustfmt::skip]
    roundtrip(&response, 0, &[
        0, 0, // ErrorCode
        0, 0, 0, 1, // RemainingPartitions: 1
        0, 1, b't', // TopicName
        0, 0, 0, 0, // PartitionIndex
    ]);
}

#[test]
fn header_versions_follow_the_flexible_versions() {
    use ControllerApi::*;
    // (api, first flexible version, key)
    for (api, flexible_from, key) in [
        (LeaderAndIsr, 4, 4),
        (StopReplica, 2, 5),
        (UpdateMetadata, 6, 6),
        (ControlledShutdown, 3, 7),
    ] {
        assert_eq!(api.key(), key);
        assert_eq!(ControllerApi::from_key(key), Some(api));
        let range = api.versions();
        assert_eq!(range.max, api.kafka_3_9_version());
        for v in range.min..=range.max {
            let flexible = v >= flexible_from;
            let classic_request = if api == ControlledShutdown && v == 0 {
                0
            } else {
                1
            };
            assert_eq!(
                api.request_header_version(v),
                if flexible { 2 } else { classic_request },
                "{api:?} v{v}"
            );
            assert_eq!(api.response_header_version(v), i16::from(flexible));
        }
    }
    assert_eq!(ControllerApi::from_key(3), None);
    assert_eq!(ControllerApi::from_key(8), None);
}

#[test]
fn what_a_version_cannot_carry_is_refused_as_kafka_refuses_it() {
    let kraft = LeaderAndIsrRequest {
        is_kraft_controller: true,
        ..Default::default()
    };
    let err = kraft.encode(&mut BytesMut::new(), 6).unwrap_err();
    assert_eq!(
        err.downcast_ref::<WireError>(),
        Some(&WireError::FieldNotInVersion {
            field: "isKRaftController",
            version: 6
        })
    );
    assert!(kraft.encode(&mut BytesMut::new(), 7).is_ok());

    // Grouped partitions cannot go out in a flat version, nor the reverse.
    let grouped = StopReplicaRequest {
        topic_states: vec![StopReplicaTopicState::default()],
        ..Default::default()
    };
    assert!(grouped.encode(&mut BytesMut::new(), 2).is_err());
    let flat = UpdateMetadataRequest {
        ungrouped_partition_states: vec![UpdateMetadataPartitionState::default()],
        ..Default::default()
    };
    assert!(flat.encode(&mut BytesMut::new(), 5).is_err());

    // Unknown tagged fields only travel in flexible versions.
    let tagged = ControlledShutdownRequest {
        unknown_tagged_fields: BTreeMap::from([(1, Bytes::new())]),
        ..Default::default()
    };
    assert_eq!(
        tagged
            .encode(&mut BytesMut::new(), 2)
            .unwrap_err()
            .downcast_ref::<WireError>(),
        Some(&WireError::TaggedFieldsNotInVersion { version: 2 })
    );

    // Versions past Kafka 3.9's are refused both ways.
    let err = LeaderAndIsrRequest::default()
        .encode(&mut BytesMut::new(), 8)
        .unwrap_err();
    assert!(
        err.to_string().contains("version 8 is not supported"),
        "{err}"
    );
    assert!(UpdateMetadataResponse::decode(&mut Bytes::from_static(&[0, 0]), 9).is_err());
    assert!(StopReplicaResponse::decode(&mut Bytes::from_static(&[0, 0]), -1).is_err());
}

#[test]
fn the_iterators_give_partitions_with_topic_names_in_both_layouts() {
    let flat = super::samples::leader_and_isr_request(1);
    let grouped = super::samples::leader_and_isr_request(7);
    let names = |r: &LeaderAndIsrRequest| {
        r.partition_states()
            .map(|(topic, p)| (topic.to_string(), p.partition_index))
            .collect::<Vec<_>>()
    };
    let expected = vec![
        ("orders".to_string(), 0),
        ("orders".to_string(), 1),
        ("café".to_string(), 0),
    ];
    assert_eq!(names(&flat), expected);
    assert_eq!(names(&grouped), expected);
    let um = super::samples::update_metadata_request(8);
    assert_eq!(
        um.partition_states()
            .map(|(topic, p)| (topic.to_string(), p.partition_index))
            .collect::<Vec<_>>(),
        expected
    );
}
