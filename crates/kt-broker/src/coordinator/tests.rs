//! The coordinator over a real broker state: offsets and groups written to
//! `__consumer_offsets` come back after a reopen; the membership rules Kafka clients rely on.

use std::sync::Arc;

use super::*;
use crate::Broker;

fn open(dir: &std::path::Path) -> Arc<Broker> {
    open_with(dir, &[])
}

/// A broker over `dir` with `extra` server properties on top of the tests' usual ones.
fn open_with(dir: &std::path::Path, extra: &[(&str, &str)]) -> Arc<Broker> {
    let mut pairs = vec![
        ("offsets.topic.num.partitions", "3"),
        ("group.initial.rebalance.delay.ms", "0"),
    ];
    pairs.extend_from_slice(extra);
    let broker = crate::test_support::open_broker(dir, &pairs);
    broker.ensure_offsets_topic().unwrap();
    broker
}

fn commit(topic: &str, partition: i32, offset: i64) -> OffsetCommit {
    OffsetCommit {
        topic: topic.into(),
        partition,
        offset,
        leader_epoch: 4,
        metadata: Some(format!("m{offset}")),
    }
}

fn join_request(member_id: &str, client: &str) -> JoinRequest {
    JoinRequest {
        member_id: member_id.into(),
        group_instance_id: None,
        client_id: client.into(),
        client_host: "/127.0.0.1".into(),
        session_timeout_ms: 10_000,
        rebalance_timeout_ms: 10_000,
        protocol_type: "consumer".into(),
        protocols: vec![("range".into(), Bytes::from_static(b"sub"))],
        require_known_member_id: true,
    }
}

fn ready<T>(reply: Reply<T>) -> T {
    match reply {
        Reply::Ready(t) => t,
        Reply::Pending(mut rx) => rx.try_recv().expect("answered already"),
    }
}

#[test]
fn committed_offsets_and_deletions_survive_a_reopen() {
    let dir = tempfile::tempdir().unwrap();
    let broker = open(dir.path());
    for (group, p) in [("a", 0), ("b", 1)] {
        let results = broker
            .groups()
            .commit_offsets(
                group,
                "",
                None,
                -1,
                -1,
                vec![commit("t", p, 10), commit("t", p + 1, 20)],
            )
            .unwrap();
        assert!(results.iter().all(|r| r.is_ok()));
    }
    broker
        .groups()
        .commit_offsets("a", "", None, -1, -1, vec![commit("t", 0, 11)])
        .unwrap();
    broker
        .groups()
        .delete_offsets("b", &[("t".into(), 2)])
        .unwrap();
    broker.shutdown();
    drop(broker);

    let broker = open(dir.path());
    let a = broker.groups().fetch_offsets("a", None);
    assert_eq!(
        a.iter()
            .map(|o| (o.partition, o.offset))
            .collect::<Vec<_>>(),
        vec![(0, 11), (1, 20)]
    );
    assert_eq!(a[0].metadata, "m11");
    assert_eq!(a[0].leader_epoch, 4);
    let b = broker
        .groups()
        .fetch_offsets("b", Some(vec![("t".into(), vec![1, 2])]));
    assert_eq!(
        b.iter()
            .map(|o| (o.partition, o.offset))
            .collect::<Vec<_>>(),
        vec![(1, 10), (2, -1)]
    );
    assert_eq!(broker.groups().delete_groups(&["a".into()]), vec![Ok(())]);
    broker.shutdown();
    drop(broker);

    let broker = open(dir.path());
    assert!(broker.groups().fetch_offsets("a", None).is_empty());
    let listed: Vec<String> = broker
        .groups()
        .list_groups()
        .into_iter()
        .map(|g| g.group_id)
        .collect();
    assert_eq!(listed, vec!["b".to_string()]);
}

#[test]
fn a_group_rebalances_through_join_and_sync_and_reloads_stable() {
    let dir = tempfile::tempdir().unwrap();
    let broker = open(dir.path());
    let groups = broker.groups();

    // First join: a member id is handed out, then the rejoin completes at once (no delay).
    let first = ready(groups.join("g", join_request("", "c1")));
    assert_eq!(first.error, Some(GroupError::MemberIdRequired));
    let joined = ready(groups.join("g", join_request(&first.member_id, "c1")));
    assert_eq!(joined.error, None);
    assert_eq!(joined.generation, 1);
    assert_eq!(joined.leader, first.member_id);
    assert_eq!(joined.members.len(), 1);
    assert_eq!(joined.protocol_name.as_deref(), Some("range"));

    // A stale generation is refused; the leader's assignment is handed out.
    let stale = ready(groups.sync("g", &first.member_id, None, 0, None, None, vec![]));
    assert_eq!(stale.error, Some(GroupError::IllegalGeneration));
    let synced = ready(groups.sync(
        "g",
        &first.member_id,
        None,
        1,
        Some("consumer"),
        Some("range"),
        vec![(first.member_id.clone(), Bytes::from_static(b"assignment"))],
    ));
    assert_eq!(synced.error, None);
    assert_eq!(&synced.assignment[..], b"assignment");
    assert_eq!(groups.heartbeat("g", &first.member_id, None, 1), Ok(()));
    assert_eq!(
        groups.heartbeat("g", "nobody", None, 1),
        Err(GroupError::UnknownMemberId)
    );

    // A second member makes the group rebalance: the first learns it from its heartbeat.
    let second = ready(groups.join("g", join_request("", "c2")));
    let pending = groups.join("g", join_request(&second.member_id, "c2"));
    assert!(matches!(pending, Reply::Pending(_)));
    assert_eq!(
        groups.heartbeat("g", &first.member_id, None, 1),
        Err(GroupError::RebalanceInProgress)
    );
    let rejoined = ready(groups.join("g", join_request(&first.member_id, "c1")));
    assert_eq!(rejoined.generation, 2);
    assert_eq!(rejoined.members.len(), 2, "the leader sees every member");
    let Reply::Pending(mut rx) = pending else {
        unreachable!()
    };
    let other = rx.try_recv().unwrap();
    assert_eq!(other.generation, 2);
    assert!(other.members.is_empty(), "only the leader gets the members");

    // A wrong protocol type is refused while the group has members.
    let mut wrong = join_request("", "c3");
    wrong.protocol_type = "connect".into();
    assert_eq!(
        ready(groups.join("g", wrong)).error,
        Some(GroupError::InconsistentGroupProtocol)
    );
    assert_eq!(
        groups.delete_groups(&["g".into()]),
        vec![Err(GroupError::NonEmptyGroup)]
    );

    let leader_sync = groups.sync(
        "g",
        &first.member_id,
        None,
        2,
        None,
        None,
        vec![
            (first.member_id.clone(), Bytes::from_static(b"a1")),
            (second.member_id.clone(), Bytes::from_static(b"a2")),
        ],
    );
    assert_eq!(&ready(leader_sync).assignment[..], b"a1");
    let follower = ready(groups.sync("g", &second.member_id, None, 2, None, None, vec![]));
    assert_eq!(&follower.assignment[..], b"a2");
    broker.shutdown();
    drop(broker);

    // Reloaded: the same generation and members, stable.
    let broker = open(dir.path());
    let described = broker.groups().describe_group("g");
    assert_eq!(described.state, GroupState::Stable);
    assert_eq!(described.members.len(), 2);
    assert_eq!(described.protocol, "range");
    assert_eq!(
        broker.groups().heartbeat("g", &second.member_id, None, 2),
        Ok(())
    );
}

#[test]
fn java_hash_code_matches_kafkas_partitioning() {
    // Values of Java's "...".hashCode().
    assert_eq!(java_hash_code(""), 0);
    assert_eq!(java_hash_code("test-group"), 627_841_412);
    assert_eq!(java_hash_code("my-group"), -1_906_497_762);
}

#[test]
fn unknown_groups_read_as_dead_and_cannot_be_deleted() {
    let dir = tempfile::tempdir().unwrap();
    let broker = open(dir.path());
    assert_eq!(
        broker.groups().describe_group("none").state,
        GroupState::Dead
    );
    assert_eq!(
        broker.groups().delete_groups(&["none".into()]),
        vec![Err(GroupError::GroupIdNotFound)]
    );
}

#[test]
fn offsets_of_an_empty_group_expire_after_the_retention_and_the_group_goes() {
    let dir = tempfile::tempdir().unwrap();
    let broker = open(dir.path());
    let groups = broker.groups();
    groups
        .commit_offsets("old", "", None, -1, -1, vec![commit("t", 0, 5)])
        .unwrap();
    // A group with a member keeps its offsets however old they are.
    let first = ready(groups.join("busy", join_request("", "c")));
    ready(groups.join("busy", join_request(&first.member_id, "c")));
    let week = 7 * 24 * 3600 * 1000;
    let later = kt_base::clock::now_ms() + week + 60_000;
    groups.expire_offsets_at(kt_base::clock::now_ms());
    assert_eq!(groups.fetch_offsets("old", None).len(), 1, "not yet");
    groups.expire_offsets_at(later);
    assert!(groups.fetch_offsets("old", None).is_empty());
    let listed: Vec<String> = groups
        .list_groups()
        .into_iter()
        .map(|g| g.group_id)
        .collect();
    assert_eq!(listed, vec!["busy".to_string()]);
    broker.shutdown();
    drop(broker);
    // The expiry was written: a reopen does not bring the offsets back.
    let broker = open(dir.path());
    assert!(broker.groups().fetch_offsets("old", None).is_empty());
}

#[test]
fn a_restarted_static_member_keeps_its_assignment_without_a_rebalance() {
    let dir = tempfile::tempdir().unwrap();
    let broker = open(dir.path());
    let groups = broker.groups();
    let mut req = join_request("", "c1");
    req.group_instance_id = Some("instance-1".into());
    let joined = ready(groups.join("s", req.clone()));
    assert_eq!(
        joined.error, None,
        "static members need no MEMBER_ID_REQUIRED"
    );
    let synced = ready(groups.sync(
        "s",
        &joined.member_id,
        Some("instance-1"),
        joined.generation,
        None,
        None,
        vec![(joined.member_id.clone(), Bytes::from_static(b"mine"))],
    ));
    assert_eq!(&synced.assignment[..], b"mine");

    // The same instance comes back with a new member id: same generation, same assignment.
    let again = ready(groups.join("s", req));
    assert_eq!(again.error, None);
    assert_ne!(again.member_id, joined.member_id);
    assert_eq!(again.generation, joined.generation);
    assert!(
        again.skip_assignment,
        "the leader keeps the current assignment"
    );
    let synced = ready(groups.sync(
        "s",
        &again.member_id,
        Some("instance-1"),
        again.generation,
        None,
        None,
        vec![],
    ));
    assert_eq!(&synced.assignment[..], b"mine");
    // The old member id is fenced.
    assert_eq!(
        groups.heartbeat(
            "s",
            &joined.member_id,
            Some("instance-1"),
            joined.generation
        ),
        Err(GroupError::FencedInstanceId)
    );
    assert_eq!(
        groups.heartbeat("s", &again.member_id, Some("instance-1"), again.generation),
        Ok(())
    );
}

#[test]
fn compaction_keeps_the_latest_value_of_every_key_and_drops_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    let broker = open(dir.path());
    let groups = broker.groups();
    for i in 0..12_000i64 {
        groups
            .commit_offsets(
                "busy",
                "",
                None,
                -1,
                -1,
                vec![commit("t", (i % 3) as i32, i)],
            )
            .unwrap();
    }
    let first = ready(groups.join("members", join_request("", "c")));
    ready(groups.join("members", join_request(&first.member_id, "c")));
    let partition = groups.partition_for("busy").unwrap().clone();
    let before = partition.log.log_end_offset() - partition.log.log_start_offset();
    assert!(before >= 12_000);
    groups.compact();
    let after = partition.log.log_end_offset() - partition.log.log_start_offset();
    assert!(after < 10, "{after} records left");
    // Compacting again right away does nothing (too few records).
    let start = partition.log.log_start_offset();
    groups.compact();
    assert_eq!(partition.log.log_start_offset(), start);
    broker.shutdown();
    drop(broker);

    let broker = open(dir.path());
    let offsets: Vec<(i32, i64)> = broker
        .groups()
        .fetch_offsets("busy", None)
        .iter()
        .map(|o| (o.partition, o.offset))
        .collect();
    assert_eq!(offsets, vec![(0, 11_997), (1, 11_998), (2, 11_999)]);
    let members = broker.groups().describe_group("members");
    assert_eq!(
        members.members.len(),
        1,
        "group metadata survives compaction"
    );
}

/// A commit whose `__consumer_offsets` partition sits in an offline log directory is refused
/// with NOT_COORDINATOR, as Kafka answers it, and writes nothing.
#[test]
fn a_commit_to_an_offline_offsets_partition_answers_not_coordinator() {
    let dir = tempfile::tempdir().unwrap();
    let broker = open(dir.path());
    let offsets = broker
        .partition(OFFSETS_TOPIC, partition_of("g", 3))
        .unwrap();
    let end = offsets.log.log_end_offset();
    let io = kt_storage::StorageError::Io {
        path: dir.path().to_path_buf(),
        source: std::io::Error::from_raw_os_error(libc::EIO),
    };
    offsets
        .log
        .log_dir_health()
        .fail("Error while appending records to __consumer_offsets", &io);
    let results = broker
        .groups()
        .commit_offsets("g", "", None, -1, -1, vec![commit("t", 0, 5)])
        .unwrap();
    let errors: Vec<ResponseError> = results
        .into_iter()
        .map(|r| r.unwrap_err().response_error())
        .collect();
    assert_eq!(errors, vec![ResponseError::NotCoordinator]);
    assert_eq!(offsets.log.log_end_offset(), end);
    assert_eq!(
        broker.groups().fetch_offsets("g", None).len(),
        0,
        "a refused commit is not visible"
    );
}

#[test]
fn a_group_whose_last_session_just_ended_is_deleted_before_the_timer_runs() {
    let dir = tempfile::tempdir().unwrap();
    let broker = open_with(dir.path(), &[("group.min.session.timeout.ms", "100")]);
    let groups = broker.groups();
    let mut join = join_request("", "c1");
    join.session_timeout_ms = 200;
    let first = ready(groups.join("g", join.clone()));
    join.member_id = first.member_id.clone();
    let joined = ready(groups.join("g", join));
    assert_eq!(joined.error, None);
    let synced = ready(groups.sync(
        "g",
        &first.member_id,
        None,
        1,
        None,
        None,
        vec![(first.member_id.clone(), Bytes::from_static(b"a"))],
    ));
    assert_eq!(synced.error, None);
    assert_eq!(
        groups.delete_groups(&["g".into()]),
        vec![Err(GroupError::NonEmptyGroup)],
        "the member's session is still running"
    );
    // No timer runs in this test: only the deletion itself can see that the session ended.
    std::thread::sleep(std::time::Duration::from_millis(250));
    assert_eq!(groups.delete_groups(&["g".into()]), vec![Ok(())]);
    broker.shutdown();
}
