//! The group coordinator over a raw socket: every advertised version of every group API
//! encodes and decodes, and the error codes Kafka returns for bad input come back.

use crate::common;
use crate::common::raw::Client;

use std::time::{Duration, Instant};

use bytes::Bytes;
use kafka_protocol::messages::join_group_request::JoinGroupRequestProtocol;
use kafka_protocol::messages::leave_group_request::MemberIdentity;
use kafka_protocol::messages::offset_commit_request::{
    OffsetCommitRequestPartition, OffsetCommitRequestTopic,
};
use kafka_protocol::messages::offset_delete_request::{
    OffsetDeleteRequestPartition, OffsetDeleteRequestTopic,
};
use kafka_protocol::messages::offset_fetch_request::{
    OffsetFetchRequestGroup, OffsetFetchRequestTopic, OffsetFetchRequestTopics,
};
use kafka_protocol::messages::sync_group_request::SyncGroupRequestAssignment;
use kafka_protocol::messages::*;
use kafka_protocol::protocol::StrBytes;

const NONE: i16 = 0;
const ILLEGAL_GENERATION: i16 = 22;
const INCONSISTENT_GROUP_PROTOCOL: i16 = 23;
const INVALID_GROUP_ID: i16 = 24;
const UNKNOWN_MEMBER_ID: i16 = 25;
const INVALID_SESSION_TIMEOUT: i16 = 26;
const REBALANCE_IN_PROGRESS: i16 = 27;
const UNKNOWN_TOPIC_OR_PARTITION: i16 = 3;
const NON_EMPTY_GROUP: i16 = 68;
const GROUP_ID_NOT_FOUND: i16 = 69;
const MEMBER_ID_REQUIRED: i16 = 79;
const GROUP_SUBSCRIBED_TO_TOPIC: i16 = 86;

fn s(v: &str) -> StrBytes {
    StrBytes::from_string(v.to_string())
}

fn join_request(group: &str, member: &str, protocol_type: &str) -> JoinGroupRequest {
    JoinGroupRequest::default()
        .with_group_id(s(group).into())
        .with_session_timeout_ms(10_000)
        .with_rebalance_timeout_ms(10_000)
        .with_member_id(s(member))
        .with_protocol_type(s(protocol_type))
        .with_protocols(vec![JoinGroupRequestProtocol::default()
            .with_name(s("range"))
            // ConsumerProtocolSubscription v1: topics ["t"], no user data, no owned partitions.
            .with_metadata(Bytes::from_static(
                b"\0\x01\0\0\0\x01\0\x01t\xff\xff\xff\xff\0\0\0\0",
            ))])
}

/// Joins (answering MEMBER_ID_REQUIRED from v4) and syncs as the only member.
fn join_alone(c: &mut Client, group: &str, join_version: i16, sync_version: i16) -> (String, i32) {
    let mut joined = c.call(join_version, &join_request(group, "", "consumer"));
    if joined.error_code == MEMBER_ID_REQUIRED {
        let member = joined.member_id.to_string();
        joined = c.call(join_version, &join_request(group, &member, "consumer"));
    }
    assert_eq!(joined.error_code, NONE, "join v{join_version}");
    assert_eq!(joined.leader, joined.member_id);
    let member = joined.member_id.to_string();
    let mut sync = SyncGroupRequest::default()
        .with_group_id(s(group).into())
        .with_generation_id(joined.generation_id)
        .with_member_id(s(&member))
        .with_assignments(vec![SyncGroupRequestAssignment::default()
            .with_member_id(s(&member))
            .with_assignment(Bytes::from_static(b"assigned"))]);
    if sync_version >= 5 {
        sync = sync
            .with_protocol_type(Some(s("consumer")))
            .with_protocol_name(Some(s("range")));
    }
    let synced = c.call(sync_version, &sync);
    assert_eq!(synced.error_code, NONE, "sync v{sync_version}");
    assert_eq!(&synced.assignment[..], b"assigned");
    (member, joined.generation_id)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_version_of_the_membership_apis_round_trips() {
    let dir = tempfile::tempdir().unwrap();
    let broker = common::start_broker(dir.path(), &[]).await;
    let addr = broker.addr();
    tokio::task::spawn_blocking(move || {
        let mut c = Client::connect(addr);
        for version in 0..=9i16 {
            let group = format!("g{version}");
            let sync_version = version.min(5);
            let (member, generation) = join_alone(&mut c, &group, version, sync_version);
            let heartbeat = HeartbeatRequest::default()
                .with_group_id(s(&group).into())
                .with_generation_id(generation)
                .with_member_id(s(&member));
            assert_eq!(c.call(version.min(4), &heartbeat).error_code, NONE);
            let stale = heartbeat.clone().with_generation_id(generation + 7);
            assert_eq!(
                c.call(version.min(4), &stale).error_code,
                ILLEGAL_GENERATION
            );
            let leave_version = version.min(5);
            let leave = if leave_version >= 3 {
                LeaveGroupRequest::default()
                    .with_group_id(s(&group).into())
                    .with_members(vec![MemberIdentity::default().with_member_id(s(&member))])
            } else {
                LeaveGroupRequest::default()
                    .with_group_id(s(&group).into())
                    .with_member_id(s(&member))
            };
            let left = c.call(leave_version, &leave);
            assert_eq!(left.error_code, NONE);
            if leave_version >= 3 {
                assert_eq!(left.members[0].error_code, NONE);
            }
        }
        // Every group is now empty, and listed so in every version.
        for version in 0..=5i16 {
            let listed = c.call(version, &ListGroupsRequest::default());
            assert_eq!(listed.groups.len(), 10, "v{version}");
            if version >= 4 {
                assert!(listed
                    .groups
                    .iter()
                    .all(|g| g.group_state.as_str() == "Empty"));
            }
        }
        let stable_only = ListGroupsRequest::default().with_states_filter(vec![s("Stable")]);
        assert!(c.call(4, &stable_only).groups.is_empty());
        for version in 0..=5i16 {
            let described = c.call(
                version,
                &DescribeGroupsRequest::default()
                    .with_groups(vec![s("g1").into(), s("missing").into()])
                    .with_include_authorized_operations(version >= 3),
            );
            assert_eq!(described.groups[0].group_state.as_str(), "Empty");
            assert_eq!(described.groups[0].protocol_type.as_str(), "consumer");
            assert_eq!(described.groups[1].group_state.as_str(), "Dead");
            if version >= 3 {
                // READ, DELETE and DESCRIBE, as Kafka answers without an authorizer.
                assert_eq!(described.groups[0].authorized_operations, 328);
            }
        }
    })
    .await
    .unwrap();
    broker.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_joins_get_kafkas_errors() {
    let dir = tempfile::tempdir().unwrap();
    let broker = common::start_broker(dir.path(), &[]).await;
    let addr = broker.addr();
    tokio::task::spawn_blocking(move || {
        let mut c = Client::connect(addr);
        let empty_type = c.call(5, &join_request("g", "", ""));
        assert_eq!(empty_type.error_code, INCONSISTENT_GROUP_PROTOCOL);
        let empty_group = c.call(5, &join_request("", "", "consumer"));
        assert_eq!(empty_group.error_code, INVALID_GROUP_ID);
        // Flexible versions carry strings longer than Kafka's storage can hold: refused.
        let huge = "g".repeat(40_000);
        let too_long = c.call(9, &join_request(&huge, "", "consumer"));
        assert_eq!(too_long.error_code, INVALID_GROUP_ID);
        let short = join_request("g", "", "consumer").with_session_timeout_ms(1);
        assert_eq!(c.call(5, &short).error_code, INVALID_SESSION_TIMEOUT);
        let unknown = c.call(5, &join_request("g", "not-a-member", "consumer"));
        assert_eq!(unknown.error_code, UNKNOWN_MEMBER_ID);

        // A member of another protocol type cannot join a group that has members.
        let (member, generation) = join_alone(&mut c, "g", 7, 5);
        let other = c.call(7, &join_request("g", "", "connect"));
        assert_eq!(other.error_code, INCONSISTENT_GROUP_PROTOCOL);
        let stale_sync = SyncGroupRequest::default()
            .with_group_id(s("g").into())
            .with_generation_id(generation - 1)
            .with_member_id(s(&member));
        assert_eq!(c.call(3, &stale_sync).error_code, ILLEGAL_GENERATION);

        // A second member joining moves the group to a rebalance the first learns of.
        let mut second = Client::connect(addr);
        let pending = second.call(5, &join_request("g", "", "consumer"));
        assert_eq!(pending.error_code, MEMBER_ID_REQUIRED);
        let id = pending.member_id.to_string();
        let waiter =
            std::thread::spawn(move || second.call(5, &join_request("g", &id, "consumer")));
        let deadline = Instant::now() + Duration::from_secs(10);
        let heartbeat = HeartbeatRequest::default()
            .with_group_id(s("g").into())
            .with_generation_id(generation)
            .with_member_id(s(&member));
        loop {
            let code = c.call(3, &heartbeat).error_code;
            if code == REBALANCE_IN_PROGRESS {
                break;
            }
            assert!(Instant::now() < deadline, "no rebalance signalled");
            std::thread::sleep(Duration::from_millis(20));
        }
        let rejoined = c.call(5, &join_request("g", &member, "consumer"));
        let other = waiter.join().unwrap();
        assert_eq!(rejoined.generation_id, generation + 1);
        assert_eq!(other.generation_id, generation + 1);
        assert_eq!(rejoined.members.len() + other.members.len(), 2);

        // A non-empty group is not deleted; a missing one is not found.
        let deleted = c.call(
            2,
            &DeleteGroupsRequest::default().with_groups_names(vec![
                s("g").into(),
                s("nope").into(),
                s("").into(),
            ]),
        );
        let codes: Vec<i16> = deleted.results.iter().map(|r| r.error_code).collect();
        assert_eq!(
            codes,
            vec![NON_EMPTY_GROUP, GROUP_ID_NOT_FOUND, INVALID_GROUP_ID]
        );
    })
    .await
    .unwrap();
    broker.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn offsets_commit_and_fetch_in_every_version_with_kafkas_checks() {
    let dir = tempfile::tempdir().unwrap();
    let broker = common::start_broker(dir.path(), &[]).await;
    let addr = broker.addr();
    broker
        .broker()
        .create_topic("t", 2, 1, None, Default::default(), false)
        .unwrap();
    tokio::task::spawn_blocking(move || {
        let mut c = Client::connect(addr);
        let commit = |group: &str, generation: i32, member: &str, offset: i64| {
            OffsetCommitRequest::default()
                .with_group_id(s(group).into())
                .with_generation_id_or_member_epoch(generation)
                .with_member_id(s(member))
                .with_topics(vec![
                    OffsetCommitRequestTopic::default()
                        .with_name(s("t").into())
                        .with_partitions(vec![
                            OffsetCommitRequestPartition::default()
                                .with_partition_index(0)
                                .with_committed_offset(offset)
                                .with_committed_metadata(Some(s("meta"))),
                            OffsetCommitRequestPartition::default()
                                .with_partition_index(9)
                                .with_committed_offset(offset),
                        ]),
                    OffsetCommitRequestTopic::default()
                        .with_name(s("missing").into())
                        .with_partitions(vec![OffsetCommitRequestPartition::default()
                            .with_partition_index(0)
                            .with_committed_offset(offset)]),
                ])
        };
        for version in 2..=8i16 {
            let group = format!("simple{version}");
            let committed = c.call(version, &commit(&group, -1, "", 40 + version as i64));
            let codes: Vec<Vec<i16>> = committed
                .topics
                .iter()
                .map(|t| t.partitions.iter().map(|p| p.error_code).collect())
                .collect();
            assert_eq!(
                codes,
                vec![
                    vec![NONE, UNKNOWN_TOPIC_OR_PARTITION],
                    vec![UNKNOWN_TOPIC_OR_PARTITION]
                ],
                "commit v{version}"
            );
        }
        for version in 1..=8i16 {
            let group = format!("simple{}", version.max(2));
            let expected = 40 + version.max(2) as i64;
            let offsets: Vec<(i32, i64)> = if version >= 8 {
                let fetched = c.call(
                    version,
                    &OffsetFetchRequest::default().with_groups(vec![
                        OffsetFetchRequestGroup::default()
                            .with_group_id(s(&group).into())
                            .with_topics(Some(vec![OffsetFetchRequestTopics::default()
                                .with_name(s("t").into())
                                .with_partition_indexes(vec![0, 1])])),
                    ]),
                );
                fetched.groups[0].topics[0]
                    .partitions
                    .iter()
                    .map(|p| (p.partition_index, p.committed_offset))
                    .collect()
            } else {
                let fetched = c.call(
                    version,
                    &OffsetFetchRequest::default()
                        .with_group_id(s(&group).into())
                        .with_topics(Some(vec![OffsetFetchRequestTopic::default()
                            .with_name(s("t").into())
                            .with_partition_indexes(vec![0, 1])])),
                );
                fetched.topics[0]
                    .partitions
                    .iter()
                    .map(|p| (p.partition_index, p.committed_offset))
                    .collect()
            };
            assert_eq!(offsets, vec![(0, expected), (1, -1)], "fetch v{version}");
        }

        // A member's commit needs the current generation.
        let (member, generation) = join_alone(&mut c, "live", 5, 3);
        let stale = c.call(8, &commit("live", generation + 1, &member, 5));
        assert_eq!(stale.topics[0].partitions[0].error_code, ILLEGAL_GENERATION);
        let stranger = c.call(8, &commit("live", generation, "stranger", 5));
        assert_eq!(
            stranger.topics[0].partitions[0].error_code,
            UNKNOWN_MEMBER_ID
        );
        let simple_on_live = c.call(8, &commit("live", -1, "", 5));
        assert_eq!(
            simple_on_live.topics[0].partitions[0].error_code,
            UNKNOWN_MEMBER_ID
        );
        let ok = c.call(8, &commit("live", generation, &member, 5));
        assert_eq!(ok.topics[0].partitions[0].error_code, NONE);

        // The live group consumes "t" (its subscription says so): its offsets stay.
        let delete = OffsetDeleteRequest::default()
            .with_group_id(s("live").into())
            .with_topics(vec![OffsetDeleteRequestTopic::default()
                .with_name(s("t").into())
                .with_partitions(vec![
                    OffsetDeleteRequestPartition::default().with_partition_index(0)
                ])]);
        let refused = c.call(0, &delete);
        assert_eq!(refused.error_code, NONE);
        assert_eq!(
            refused.topics[0].partitions[0].error_code,
            GROUP_SUBSCRIBED_TO_TOPIC
        );
        let from_simple = c.call(0, &delete.clone().with_group_id(s("simple5").into()));
        assert_eq!(from_simple.topics[0].partitions[0].error_code, NONE);
        let missing = c.call(0, &delete.with_group_id(s("nobody").into()));
        assert_eq!(missing.error_code, GROUP_ID_NOT_FOUND);
    })
    .await
    .unwrap();
    broker.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_member_that_stops_heartbeating_is_removed_after_its_session_timeout() {
    let dir = tempfile::tempdir().unwrap();
    let broker = common::start_broker(dir.path(), &[("group.min.session.timeout.ms", "200")]).await;
    let addr = broker.addr();
    tokio::task::spawn_blocking(move || {
        let mut c = Client::connect(addr);
        let join = join_request("quiet", "", "consumer").with_session_timeout_ms(500);
        let first = c.call(5, &join);
        let joined = c.call(5, &join.with_member_id(first.member_id.clone()));
        assert_eq!(joined.error_code, NONE);
        let started = Instant::now();
        let describe = DescribeGroupsRequest::default().with_groups(vec![s("quiet").into()]);
        loop {
            let state = c.call(5, &describe).groups[0].group_state.to_string();
            if state == "Empty" {
                break;
            }
            assert!(
                started.elapsed() < Duration::from_secs(5),
                "still {state} after {:?}",
                started.elapsed()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        assert!(started.elapsed() >= Duration::from_millis(400));
    })
    .await
    .unwrap();
    broker.shutdown().await;
}
