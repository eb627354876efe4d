//! Property tests: any value, cut down to what a version carries (`fit_*`: the fields the
//! version does not have set to their defaults, as decoding leaves them), encodes and decodes
//! back to itself in every version, with `compute_size` equal to the bytes written; and no
//! input bytes make a decoder panic.

use std::collections::BTreeMap;
use std::fmt::Debug;
use std::ops::RangeInclusive;

use bytes::{Bytes, BytesMut};
use kafka_protocol::messages::{BrokerId, TopicName};
use kafka_protocol::protocol::{Decodable, Encodable, StrBytes};
use proptest::collection::{btree_map, vec};
use proptest::prelude::*;

use super::super::*;

fn roundtrips<T: Encodable + Decodable + PartialEq + Debug>(value: &T, version: i16) {
    let mut out = BytesMut::new();
    value.encode(&mut out, version).unwrap();
    assert_eq!(value.compute_size(version).unwrap(), out.len());
    let mut input = out.freeze();
    let decoded = T::decode(&mut input, version).unwrap();
    assert!(input.is_empty(), "v{version}: bytes left over");
    assert_eq!(&decoded, value, "v{version}");
}

// ---- building blocks ----

fn text() -> impl Strategy<Value = StrBytes> {
    "[a-z0-9._é-]{0,12}".prop_map(StrBytes::from_string)
}

fn topic() -> impl Strategy<Value = TopicName> {
    text().prop_map(TopicName)
}

fn broker() -> impl Strategy<Value = BrokerId> {
    any::<i32>().prop_map(BrokerId)
}

fn brokers() -> impl Strategy<Value = Vec<BrokerId>> {
    vec(broker(), 0..4)
}

fn uuid() -> impl Strategy<Value = uuid::Uuid> {
    any::<u128>().prop_map(uuid::Uuid::from_u128)
}

fn tags_in(range: RangeInclusive<i32>) -> impl Strategy<Value = BTreeMap<i32, Bytes>> {
    btree_map(range, vec(any::<u8>(), 0..4).prop_map(Bytes::from), 0..3)
}

fn tags() -> impl Strategy<Value = BTreeMap<i32, Bytes>> {
    tags_in(0..=300)
}

fn clear_unless(flexible: bool, tags: &mut BTreeMap<i32, Bytes>) {
    if !flexible {
        tags.clear();
    }
}

// ---- LeaderAndIsr ----

prop_compose! {
    fn lisr_partition()(
        topic_name in topic(), partition_index in any::<i32>(), controller_epoch in any::<i32>(),
        leader in broker(), leader_epoch in any::<i32>(), isr in brokers(),
        partition_epoch in any::<i32>(), replicas in brokers(), adding_replicas in brokers(),
        removing_replicas in brokers(), is_new in any::<bool>(),
        leader_recovery_state in any::<i8>(), unknown_tagged_fields in tags(),
    ) -> LeaderAndIsrPartitionState {
        LeaderAndIsrPartitionState {
            topic_name, partition_index, controller_epoch, leader, leader_epoch, isr,
            partition_epoch, replicas, adding_replicas, removing_replicas, is_new,
            leader_recovery_state, unknown_tagged_fields,
        }
    }
}

prop_compose! {
    fn lisr_request()(
        controller_id in broker(), is_kraft_controller in any::<bool>(),
        controller_epoch in any::<i32>(), broker_epoch in any::<i64>(), r#type in any::<i8>(),
        ungrouped_partition_states in vec(lisr_partition(), 0..3),
        topic_states in vec(
            (topic(), uuid(), vec(lisr_partition(), 0..3), tags()).prop_map(
                |(topic_name, topic_id, partition_states, unknown_tagged_fields)| {
                    LeaderAndIsrTopicState {
                        topic_name, topic_id, partition_states, unknown_tagged_fields,
                    }
                }),
            0..3),
        live_leaders in vec(
            (broker(), text(), any::<i32>(), tags()).prop_map(
                |(broker_id, host_name, port, unknown_tagged_fields)| LeaderAndIsrLiveLeader {
                    broker_id, host_name, port, unknown_tagged_fields,
                }),
            0..3),
        unknown_tagged_fields in tags(),
    ) -> LeaderAndIsrRequest {
        LeaderAndIsrRequest {
            controller_id, is_kraft_controller, controller_epoch, broker_epoch, r#type,
            ungrouped_partition_states, topic_states, live_leaders, unknown_tagged_fields,
        }
    }
}

fn fit_lisr_partition(p: &mut LeaderAndIsrPartitionState, v: i16) {
    if v >= 2 {
        p.topic_name = TopicName::default();
    }
    if v < 3 {
        p.adding_replicas.clear();
        p.removing_replicas.clear();
    }
    if v < 1 {
        p.is_new = false;
    }
    if v < 6 {
        p.leader_recovery_state = 0;
    }
    clear_unless(v >= 4, &mut p.unknown_tagged_fields);
}

fn fit_lisr_request(mut r: LeaderAndIsrRequest, v: i16) -> LeaderAndIsrRequest {
    let flexible = v >= 4;
    if v < 7 {
        r.is_kraft_controller = false;
    }
    if v < 2 {
        r.broker_epoch = -1;
    }
    if v < 5 {
        r.r#type = 0;
    }
    if v <= 1 {
        r.topic_states.clear();
    } else {
        r.ungrouped_partition_states.clear();
    }
    for p in &mut r.ungrouped_partition_states {
        fit_lisr_partition(p, v);
    }
    for t in &mut r.topic_states {
        if v < 5 {
            t.topic_id = uuid::Uuid::nil();
        }
        for p in &mut t.partition_states {
            fit_lisr_partition(p, v);
        }
        clear_unless(flexible, &mut t.unknown_tagged_fields);
    }
    for l in &mut r.live_leaders {
        clear_unless(flexible, &mut l.unknown_tagged_fields);
    }
    clear_unless(flexible, &mut r.unknown_tagged_fields);
    r
}

fn lisr_partition_error() -> impl Strategy<Value = LeaderAndIsrPartitionError> {
    (topic(), any::<i32>(), any::<i16>(), tags()).prop_map(
        |(topic_name, partition_index, error_code, unknown_tagged_fields)| {
            LeaderAndIsrPartitionError {
                topic_name,
                partition_index,
                error_code,
                unknown_tagged_fields,
            }
        },
    )
}

prop_compose! {
    fn lisr_response()(
        error_code in any::<i16>(),
        partition_errors in vec(lisr_partition_error(), 0..3),
        topics in vec(
            (uuid(), vec(lisr_partition_error(), 0..3), tags()).prop_map(
                |(topic_id, partition_errors, unknown_tagged_fields)| LeaderAndIsrTopicError {
                    topic_id, partition_errors, unknown_tagged_fields,
                }),
            0..3),
        unknown_tagged_fields in tags(),
    ) -> LeaderAndIsrResponse {
        LeaderAndIsrResponse { error_code, partition_errors, topics, unknown_tagged_fields }
    }
}

fn fit_lisr_response(mut r: LeaderAndIsrResponse, v: i16) -> LeaderAndIsrResponse {
    let flexible = v >= 4;
    if v <= 4 {
        r.topics.clear();
    } else {
        r.partition_errors.clear();
    }
    let fit_error = |e: &mut LeaderAndIsrPartitionError| {
        if v >= 5 {
            e.topic_name = TopicName::default();
        }
        clear_unless(flexible, &mut e.unknown_tagged_fields);
    };
    r.partition_errors.iter_mut().for_each(fit_error);
    for t in &mut r.topics {
        t.partition_errors.iter_mut().for_each(fit_error);
        clear_unless(flexible, &mut t.unknown_tagged_fields);
    }
    clear_unless(flexible, &mut r.unknown_tagged_fields);
    r
}

// ---- UpdateMetadata ----

prop_compose! {
    fn um_partition()(
        topic_name in topic(), partition_index in any::<i32>(), controller_epoch in any::<i32>(),
        leader in broker(), leader_epoch in any::<i32>(), isr in brokers(),
        zk_version in any::<i32>(), replicas in brokers(), offline_replicas in brokers(),
        unknown_tagged_fields in tags(),
    ) -> UpdateMetadataPartitionState {
        UpdateMetadataPartitionState {
            topic_name, partition_index, controller_epoch, leader, leader_epoch, isr,
            zk_version, replicas, offline_replicas, unknown_tagged_fields,
        }
    }
}

prop_compose! {
    fn um_broker()(
        id in broker(), v0_host in text(), v0_port in any::<i32>(),
        endpoints in vec(
            (any::<i32>(), text(), text(), any::<i16>(), tags()).prop_map(
                |(port, host, listener, security_protocol, unknown_tagged_fields)| {
                    UpdateMetadataEndpoint {
                        port, host, listener, security_protocol, unknown_tagged_fields,
                    }
                }),
            0..3),
        rack in proptest::option::of(text()), unknown_tagged_fields in tags(),
    ) -> UpdateMetadataBroker {
        UpdateMetadataBroker { id, v0_host, v0_port, endpoints, rack, unknown_tagged_fields }
    }
}

prop_compose! {
    fn um_request()(
        controller_id in broker(), is_kraft_controller in any::<bool>(), r#type in any::<i8>(),
        controller_epoch in any::<i32>(), broker_epoch in any::<i64>(),
        ungrouped_partition_states in vec(um_partition(), 0..3),
        topic_states in vec(
            (topic(), uuid(), vec(um_partition(), 0..3), tags()).prop_map(
                |(topic_name, topic_id, partition_states, unknown_tagged_fields)| {
                    UpdateMetadataTopicState {
                        topic_name, topic_id, partition_states, unknown_tagged_fields,
                    }
                }),
            0..3),
        live_brokers in vec(um_broker(), 0..3),
        // Tag 0 is the request's own Type field from version 8.
        unknown_tagged_fields in tags_in(1..=300),
    ) -> UpdateMetadataRequest {
        UpdateMetadataRequest {
            controller_id, is_kraft_controller, r#type, controller_epoch, broker_epoch,
            ungrouped_partition_states, topic_states, live_brokers, unknown_tagged_fields,
        }
    }
}

fn fit_um_partition(p: &mut UpdateMetadataPartitionState, v: i16) {
    if v >= 5 {
        p.topic_name = TopicName::default();
    }
    if v < 4 {
        p.offline_replicas.clear();
    }
    clear_unless(v >= 6, &mut p.unknown_tagged_fields);
}

fn fit_um_request(mut r: UpdateMetadataRequest, v: i16) -> UpdateMetadataRequest {
    let flexible = v >= 6;
    if v < 8 {
        r.is_kraft_controller = false;
        r.r#type = 0;
    }
    if v < 5 {
        r.broker_epoch = -1;
    }
    if v <= 4 {
        r.topic_states.clear();
    } else {
        r.ungrouped_partition_states.clear();
    }
    for p in &mut r.ungrouped_partition_states {
        fit_um_partition(p, v);
    }
    for t in &mut r.topic_states {
        if v < 7 {
            t.topic_id = uuid::Uuid::nil();
        }
        for p in &mut t.partition_states {
            fit_um_partition(p, v);
        }
        clear_unless(flexible, &mut t.unknown_tagged_fields);
    }
    for b in &mut r.live_brokers {
        if v == 0 {
            b.endpoints.clear();
        } else {
            b.v0_host = StrBytes::default();
            b.v0_port = 0;
        }
        for e in &mut b.endpoints {
            if v < 3 {
                e.listener = StrBytes::default();
            }
            clear_unless(flexible, &mut e.unknown_tagged_fields);
        }
        if v < 2 {
            b.rack = None;
        }
        clear_unless(flexible, &mut b.unknown_tagged_fields);
    }
    clear_unless(flexible, &mut r.unknown_tagged_fields);
    r
}

fn um_response() -> impl Strategy<Value = UpdateMetadataResponse> {
    (any::<i16>(), tags()).prop_map(
        |(error_code, unknown_tagged_fields)| UpdateMetadataResponse {
            error_code,
            unknown_tagged_fields,
        },
    )
}

// ---- StopReplica ----

prop_compose! {
    fn sr_request()(
        controller_id in broker(), is_kraft_controller in any::<bool>(),
        controller_epoch in any::<i32>(), broker_epoch in any::<i64>(),
        delete_partitions in any::<bool>(),
        ungrouped_partitions in vec(
            (topic(), any::<i32>()).prop_map(|(topic_name, partition_index)| {
                StopReplicaPartitionV0 { topic_name, partition_index }
            }),
            0..3),
        topics in vec(
            (topic(), vec(any::<i32>(), 0..4), tags()).prop_map(
                |(name, partition_indexes, unknown_tagged_fields)| StopReplicaTopicV1 {
                    name, partition_indexes, unknown_tagged_fields,
                }),
            0..3),
        topic_states in vec(
            (
                topic(),
                vec(
                    (any::<i32>(), any::<i32>(), any::<bool>(), tags()).prop_map(
                        |(partition_index, leader_epoch, delete_partition, unknown_tagged_fields)| {
                            StopReplicaPartitionState {
                                partition_index, leader_epoch, delete_partition,
                                unknown_tagged_fields,
                            }
                        }),
                    0..3),
                tags(),
            ).prop_map(|(topic_name, partition_states, unknown_tagged_fields)| {
                StopReplicaTopicState { topic_name, partition_states, unknown_tagged_fields }
            }),
            0..3),
        unknown_tagged_fields in tags(),
    ) -> StopReplicaRequest {
        StopReplicaRequest {
            controller_id, is_kraft_controller, controller_epoch, broker_epoch,
            delete_partitions, ungrouped_partitions, topics, topic_states, unknown_tagged_fields,
        }
    }
}

fn fit_sr_request(mut r: StopReplicaRequest, v: i16) -> StopReplicaRequest {
    let flexible = v >= 2;
    if v < 4 {
        r.is_kraft_controller = false;
    }
    if v < 1 {
        r.broker_epoch = -1;
    }
    if v > 2 {
        r.delete_partitions = false;
    }
    if v != 0 {
        r.ungrouped_partitions.clear();
    }
    if !(1..=2).contains(&v) {
        r.topics.clear();
    }
    if v < 3 {
        r.topic_states.clear();
    }
    for t in &mut r.topics {
        clear_unless(flexible, &mut t.unknown_tagged_fields);
    }
    for t in &mut r.topic_states {
        for p in &mut t.partition_states {
            clear_unless(flexible, &mut p.unknown_tagged_fields);
        }
        clear_unless(flexible, &mut t.unknown_tagged_fields);
    }
    clear_unless(flexible, &mut r.unknown_tagged_fields);
    r
}

prop_compose! {
    fn sr_response()(
        error_code in any::<i16>(),
        partition_errors in vec(
            (topic(), any::<i32>(), any::<i16>(), tags()).prop_map(
                |(topic_name, partition_index, error_code, unknown_tagged_fields)| {
                    StopReplicaPartitionError {
                        topic_name, partition_index, error_code, unknown_tagged_fields,
                    }
                }),
            0..3),
        unknown_tagged_fields in tags(),
    ) -> StopReplicaResponse {
        StopReplicaResponse { error_code, partition_errors, unknown_tagged_fields }
    }
}

fn fit_sr_response(mut r: StopReplicaResponse, v: i16) -> StopReplicaResponse {
    for p in &mut r.partition_errors {
        clear_unless(v >= 2, &mut p.unknown_tagged_fields);
    }
    clear_unless(v >= 2, &mut r.unknown_tagged_fields);
    r
}

// ---- ControlledShutdown ----

fn cs_request() -> impl Strategy<Value = ControlledShutdownRequest> {
    (broker(), any::<i64>(), tags()).prop_map(|(broker_id, broker_epoch, unknown_tagged_fields)| {
        ControlledShutdownRequest {
            broker_id,
            broker_epoch,
            unknown_tagged_fields,
        }
    })
}

fn fit_cs_request(mut r: ControlledShutdownRequest, v: i16) -> ControlledShutdownRequest {
    if v < 2 {
        r.broker_epoch = -1;
    }
    clear_unless(v >= 3, &mut r.unknown_tagged_fields);
    r
}

prop_compose! {
    fn cs_response()(
        error_code in any::<i16>(),
        remaining_partitions in vec(
            (topic(), any::<i32>(), tags()).prop_map(
                |(topic_name, partition_index, unknown_tagged_fields)| RemainingPartition {
                    topic_name, partition_index, unknown_tagged_fields,
                }),
            0..3),
        unknown_tagged_fields in tags(),
    ) -> ControlledShutdownResponse {
        ControlledShutdownResponse { error_code, remaining_partitions, unknown_tagged_fields }
    }
}

fn fit_cs_response(mut r: ControlledShutdownResponse, v: i16) -> ControlledShutdownResponse {
    for p in &mut r.remaining_partitions {
        clear_unless(v >= 3, &mut p.unknown_tagged_fields);
    }
    clear_unless(v >= 3, &mut r.unknown_tagged_fields);
    r
}

/// Decodes `bytes` as every message in every version: errors are fine, panics are not.
fn decode_everything(bytes: &[u8]) {
    fn each<T: Decodable>(bytes: &[u8], versions: RangeInclusive<i16>) {
        for v in versions {
            let _ = T::decode(&mut Bytes::copy_from_slice(bytes), v);
        }
    }
    each::<LeaderAndIsrRequest>(bytes, 0..=7);
    each::<LeaderAndIsrResponse>(bytes, 0..=7);
    each::<StopReplicaRequest>(bytes, 0..=4);
    each::<StopReplicaResponse>(bytes, 0..=4);
    each::<UpdateMetadataRequest>(bytes, 0..=8);
    each::<UpdateMetadataResponse>(bytes, 0..=8);
    each::<ControlledShutdownRequest>(bytes, 0..=3);
    each::<ControlledShutdownResponse>(bytes, 0..=3);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn leader_and_isr_requests_roundtrip(r in lisr_request(), v in 0i16..=7) {
        roundtrips(&fit_lisr_request(r, v), v);
    }

    #[test]
    fn leader_and_isr_responses_roundtrip(r in lisr_response(), v in 0i16..=7) {
        roundtrips(&fit_lisr_response(r, v), v);
    }

    #[test]
    fn update_metadata_requests_roundtrip(r in um_request(), v in 0i16..=8) {
        roundtrips(&fit_um_request(r, v), v);
    }

    #[test]
    fn update_metadata_responses_roundtrip(r in um_response(), v in 0i16..=8) {
        let mut r = r;
        clear_unless(v >= 6, &mut r.unknown_tagged_fields);
        roundtrips(&r, v);
    }

    #[test]
    fn stop_replica_requests_roundtrip(r in sr_request(), v in 0i16..=4) {
        roundtrips(&fit_sr_request(r, v), v);
    }

    #[test]
    fn stop_replica_responses_roundtrip(r in sr_response(), v in 0i16..=4) {
        roundtrips(&fit_sr_response(r, v), v);
    }

    #[test]
    fn controlled_shutdown_requests_roundtrip(r in cs_request(), v in 0i16..=3) {
        roundtrips(&fit_cs_request(r, v), v);
    }

    #[test]
    fn controlled_shutdown_responses_roundtrip(r in cs_response(), v in 0i16..=3) {
        roundtrips(&fit_cs_response(r, v), v);
    }

    #[test]
    fn arbitrary_bytes_never_panic_a_decoder(bytes in vec(any::<u8>(), 0..96)) {
        decode_everything(&bytes);
    }
}
