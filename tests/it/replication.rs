//! Replication in a ZooKeeper-mode cluster of three in-process kt brokers (issue 12): every
//! follower copies its leader's log byte for byte through Fetch with its replica id, and a
//! divergent tail is cut after OffsetsForLeaderEpoch; driven by librdkafka as clients do.

use crate::common;
use crate::common::cluster::{
    create_replicated_topic, log_end, partition_state, replica_bytes, wait_for_state, wait_until,
    Cluster, FAST_FETCHERS,
};

use std::time::Duration;

use rdkafka::admin::{AdminClient, AdminOptions};
use rdkafka::client::DefaultClientContext;
use rdkafka::producer::{FutureProducer, FutureRecord};

/// Sends `count` records `prefix-i` with acks=all; returns how many were acknowledged.
async fn produce(bootstrap: &str, topic: &str, prefix: &str, count: usize) -> usize {
    let producer: FutureProducer = common::client(bootstrap)
        .set("acks", "all")
        .create()
        .unwrap();
    let mut acked = 0;
    for i in 0..count {
        let value = format!("{prefix}-{i}");
        let record = FutureRecord::to(topic).payload(&value).key("k");
        if producer.send(record, Duration::from_secs(10)).await.is_ok() {
            acked += 1;
        }
    }
    acked
}

/// The error code of a raw follower Fetch (v12) of `topic`-0 from `replica` at `addr`,
/// answered at once.
fn replica_fetch_error(addr: std::net::SocketAddr, topic: &str, replica: i32, epoch: i32) -> i16 {
    replica_fetch_error_within(addr, topic, replica, epoch, 0)
}

/// [`replica_fetch_error`] with the fetch's `max_wait_ms` (and min bytes 0: no long-poll).
fn replica_fetch_error_within(
    addr: std::net::SocketAddr,
    topic: &str,
    replica: i32,
    epoch: i32,
    max_wait_ms: i32,
) -> i16 {
    use kafka_protocol::messages::fetch_request::{FetchPartition, FetchTopic};
    use kafka_protocol::messages::{BrokerId, FetchRequest, TopicName};
    use kafka_protocol::protocol::StrBytes;
    let request = FetchRequest::default()
        .with_replica_id(BrokerId(replica))
        .with_max_wait_ms(max_wait_ms)
        .with_min_bytes(0)
        .with_max_bytes(1 << 20)
        .with_topics(vec![FetchTopic::default()
            .with_topic(TopicName(StrBytes::from_string(topic.to_string())))
            .with_partitions(vec![FetchPartition::default()
                .with_partition(0)
                .with_current_leader_epoch(epoch)
                .with_fetch_offset(0)
                .with_partition_max_bytes(1 << 20)])]);
    let response = common::raw::Client::connect(addr).call(12, &request);
    response.responses[0].partitions[0].error_code
}

/// A raw OffsetsForLeaderEpoch (v4) of `topic`-0 at `addr`: (error, epoch, end offset).
fn epoch_end(addr: std::net::SocketAddr, topic: &str, current: i32, epoch: i32) -> (i16, i32, i64) {
    replica_epoch_end(addr, topic, -1, current, epoch)
}

/// [`epoch_end`] asked by `replica` (-1: a client).
fn replica_epoch_end(
    addr: std::net::SocketAddr,
    topic: &str,
    replica: i32,
    current: i32,
    epoch: i32,
) -> (i16, i32, i64) {
    use kafka_protocol::messages::offset_for_leader_epoch_request::{
        OffsetForLeaderPartition, OffsetForLeaderTopic,
    };
    use kafka_protocol::messages::{BrokerId, OffsetForLeaderEpochRequest, TopicName};
    use kafka_protocol::protocol::StrBytes;
    let request = OffsetForLeaderEpochRequest::default()
        .with_replica_id(BrokerId(replica))
        .with_topics(vec![OffsetForLeaderTopic::default()
            .with_topic(TopicName(StrBytes::from_string(topic.to_string())))
            .with_partitions(vec![OffsetForLeaderPartition::default()
                .with_partition(0)
                .with_current_leader_epoch(current)
                .with_leader_epoch(epoch)])]);
    let response = common::raw::Client::connect(addr).call(4, &request);
    let p = &response.topics[0].partitions[0];
    (p.error_code, p.leader_epoch, p.end_offset)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn followers_copy_the_leader_byte_for_byte_and_cut_a_divergent_tail() {
    let dir = tempfile::tempdir().unwrap();
    let cluster = Cluster::start(dir.path(), 3, FAST_FETCHERS).await;
    let bootstrap = cluster.bootstrap();
    create_replicated_topic(&bootstrap, "copied", &[]).await;
    let zk = cluster.zk_client().await;
    let leader = wait_for_state(&zk, "copied", 0, |_| true).await.leader as i32;
    let followers: Vec<i32> = (0..3).filter(|b| *b != leader).collect();

    assert_eq!(produce(&bootstrap, "copied", "a", 50).await, 50);
    wait_until("every replica holds the 50 records", || {
        (0..3).all(|b| log_end(&cluster, b, "copied") == 50)
    })
    .await;
    let leader_bytes = replica_bytes(&cluster, leader, "copied");
    for f in &followers {
        assert_eq!(
            replica_bytes(&cluster, *f, "copied"),
            leader_bytes,
            "broker {f} holds the leader's batches as they are"
        );
        let log = cluster
            .broker(*f)
            .broker()
            .partition("copied", 0)
            .unwrap()
            .log
            .clone();
        let leader_log = cluster
            .broker(leader)
            .broker()
            .partition("copied", 0)
            .unwrap()
            .log
            .clone();
        assert_eq!(log.epoch_entries(), leader_log.epoch_entries());
        assert!(log.dir().join("leader-epoch-checkpoint").exists());
    }

    // Bad input, answered as Kafka does: a Fetch from a broker that is no replica, and an
    // OffsetsForLeaderEpoch for an epoch the leader has not reached.
    let leader_addr = cluster.broker(leader).addr();
    let (stranger, stranger_at_epoch, future) = tokio::task::spawn_blocking(move || {
        (
            replica_fetch_error(leader_addr, "copied", 7, -1),
            replica_fetch_error(leader_addr, "copied", 7, 0),
            epoch_end(leader_addr, "copied", -1, 9),
        )
    })
    .await
    .unwrap();
    assert_eq!(stranger, 6, "NOT_LEADER_OR_FOLLOWER");
    assert_eq!(stranger_at_epoch, 75, "UNKNOWN_LEADER_EPOCH");
    assert_eq!(future, (0, -1, -1), "an unknown epoch: UNDEFINED, no error");
    let (current, ahead) = tokio::task::spawn_blocking(move || {
        (
            epoch_end(leader_addr, "copied", 0, 0),
            epoch_end(leader_addr, "copied", 3, 0),
        )
    })
    .await
    .unwrap();
    assert_eq!(current, (0, 0, 50));
    assert_eq!(
        ahead.0, 75,
        "a requester ahead of the leader: UNKNOWN_LEADER_EPOCH"
    );

    // A divergent tail on one follower (a batch its leader never had): it is cut back to
    // the leader's end of the epoch, and copying goes on.
    let victim = followers[0];
    let log = cluster
        .broker(victim)
        .broker()
        .partition("copied", 0)
        .unwrap()
        .log
        .clone();
    let mut extra = leader_bytes[..].to_vec();
    log.append(&mut extra).unwrap();
    assert!(log.log_end_offset() > 50);
    wait_until("the divergent tail is cut", || log.log_end_offset() == 50).await;
    assert_eq!(produce(&bootstrap, "copied", "b", 10).await, 10);
    wait_until("every replica holds the 60 records", || {
        (0..3).all(|b| log_end(&cluster, b, "copied") == 60)
    })
    .await;
    let leader_bytes = replica_bytes(&cluster, leader, "copied");
    for f in &followers {
        assert_eq!(
            replica_bytes(&cluster, *f, "copied"),
            leader_bytes,
            "broker {f}"
        );
    }
    cluster.shutdown().await;
}

/// Every value a consumer reads from `topic`-0 from the beginning, within 15 s, until it has
/// at least `want` of them.
fn consume_all(bootstrap: &str, topic: &str, want: usize) -> Vec<String> {
    use rdkafka::consumer::{BaseConsumer, Consumer};
    use rdkafka::{Message, Offset, TopicPartitionList};
    let reader: BaseConsumer = common::client(bootstrap)
        .set("group.id", "replication-check")
        .set("enable.auto.commit", "false")
        .create()
        .unwrap();
    let mut assignment = TopicPartitionList::new();
    assignment
        .add_partition_offset(topic, 0, Offset::Beginning)
        .unwrap();
    reader.assign(&assignment).unwrap();
    let mut seen = Vec::new();
    let deadline = std::time::Instant::now() + Duration::from_secs(15);
    while seen.len() < want && std::time::Instant::now() < deadline {
        if let Some(Ok(m)) = reader.poll(Duration::from_millis(100)) {
            seen.push(String::from_utf8(m.payload().unwrap_or_default().to_vec()).unwrap());
        }
    }
    seen
}

/// A raw acks=all Produce of `batch` to `topic`-0 at `addr`: the partition's error code.
fn produce_raw(addr: std::net::SocketAddr, topic: &str, batch: Vec<u8>) -> i16 {
    let request =
        common::raw::produce_request(None, topic, bytes::Bytes::from(batch)).with_timeout_ms(2000);
    let response = common::raw::Client::connect(addr).call(9, &request);
    response.responses[0].partition_responses[0].error_code
}

/// A raw consumer Fetch (replica id -1) of `topic`-0 from offset 0 at `addr`: the high
/// watermark it reports and the end of the records it returns.
fn consumer_fetch(addr: std::net::SocketAddr, topic: &str) -> (i64, i64) {
    use kafka_protocol::messages::fetch_request::{FetchPartition, FetchTopic};
    use kafka_protocol::messages::{BrokerId, FetchRequest, TopicName};
    use kafka_protocol::protocol::StrBytes;
    let request = FetchRequest::default()
        .with_replica_id(BrokerId(-1))
        .with_max_bytes(1 << 20)
        .with_topics(vec![FetchTopic::default()
            .with_topic(TopicName(StrBytes::from_string(topic.to_string())))
            .with_partitions(vec![FetchPartition::default()
                .with_partition(0)
                .with_fetch_offset(0)
                .with_partition_max_bytes(1 << 20)])]);
    let response = common::raw::Client::connect(addr).call(12, &request);
    let data = &response.responses[0].partitions[0];
    assert_eq!(data.error_code, 0);
    let records = data.records.clone().unwrap_or_default();
    let mut end = 0;
    let mut at = 0;
    while at < records.len() {
        let h = kt::storage::BatchHeader::parse(&records[at..]).unwrap();
        end = h.base_offset + i64::from(h.last_offset_delta) + 1;
        at += h.total_size();
    }
    (data.high_watermark, end)
}

fn sorted(mut v: Vec<i64>) -> Vec<i64> {
    v.sort_unstable();
    v
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_isr_follows_the_followers_acks_all_waits_for_it_and_failover_loses_nothing() {
    use rdkafka::admin::{AlterConfig, ResourceSpecifier};
    let dir = tempfile::tempdir().unwrap();
    let mut settings = FAST_FETCHERS.to_vec();
    settings.push(("replica.lag.time.max.ms", "1500"));
    // The stopped follower below stands for one that failed: a controlled shutdown would take
    // it out of the ISR at once (tested on its own below).
    settings.push(("controlled.shutdown.enable", "false"));
    let mut cluster = Cluster::start(dir.path(), 3, &settings).await;
    let bootstrap = cluster.bootstrap();
    create_replicated_topic(&bootstrap, "isr", &[("min.insync.replicas", "3")]).await;
    let zk = cluster.zk_client().await;

    // The controller writes a new partition's state with every live assigned replica in the
    // ISR (Kafka's `initializeLeaderAndIsrForPartitions`), so acks=all with
    // min.insync.replicas=3 is served from the first record, before any follower fetched.
    let (bytes, stat) = zk
        .get_data("/brokers/topics/isr/partitions/0/state")
        .await
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
    let state = partition_state(&zk, "isr", 0).await.unwrap();
    assert_eq!(stat.version, 0, "written once, by the controller: {json}");
    assert_eq!(json["leader"], json["isr"][0], "{json}");
    assert_eq!(sorted(state.isr.clone()), vec![0, 1, 2], "{state:?}");
    let leader = state.leader as i32;
    let followers: Vec<i32> = (0..3).filter(|b| *b != leader).collect();
    for id in 0..3 {
        let b = cluster.broker(id).broker().clone();
        wait_until("every broker knows the ISR", || {
            let view = b.cluster().unwrap().view();
            view.topics
                .get("isr")
                .and_then(|t| t.states.get(&0))
                .is_some_and(|s| s.isr.len() == 3)
        })
        .await;
    }

    // So do partitions CreatePartitions adds.
    create_replicated_topic(&bootstrap, "grown", &[("min.insync.replicas", "3")]).await;
    let admin: AdminClient<DefaultClientContext> = common::client(&bootstrap).create().unwrap();
    let results = admin
        .create_partitions(
            &[rdkafka::admin::NewPartitions::new("grown", 3)],
            &AdminOptions::new(),
        )
        .await
        .unwrap();
    assert!(results[0].is_ok(), "{results:?}");
    for p in 1..3 {
        let path = format!("/brokers/topics/grown/partitions/{p}/state");
        let (_, stat) = zk.get_data(&path).await.unwrap();
        let state = partition_state(&zk, "grown", p).await.unwrap();
        assert_eq!(stat.version, 0, "{path}");
        assert_eq!(sorted(state.isr.clone()), vec![0, 1, 2], "{state:?}");
    }
    let producer: FutureProducer = common::client(&bootstrap)
        .set("acks", "all")
        .create()
        .unwrap();
    let record = FutureRecord::<(), _>::to("grown").partition(2).payload("x");
    let report = producer.send(record, Duration::from_secs(10)).await;
    assert_eq!(report.map(|r| r.offset).ok(), Some(0), "acks=all at once");

    // acks=all with the whole ISR: acknowledged, and on every replica.
    let mut acked = Vec::new();
    for i in 0..20 {
        if produce(&bootstrap, "isr", &format!("a{i}"), 1).await == 1 {
            acked.push(format!("a{i}-0"));
        }
    }
    assert_eq!(acked.len(), 20);
    wait_until("every replica holds the 20 records", || {
        (0..3).all(|b| log_end(&cluster, b, "isr") == 20)
    })
    .await;

    // A follower stops: while it is still in the ISR the high watermark stays, and
    // consumers see nothing past it; once it lags for replica.lag.time.max.ms it leaves.
    let stopped = followers[0];
    cluster.stop(stopped).await;
    let leader_addr = cluster.broker(leader).addr();
    let leader_log = cluster
        .broker(leader)
        .broker()
        .partition("isr", 0)
        .unwrap()
        .log
        .clone();
    let one_batch = replica_bytes(&cluster, leader, "isr");
    let one_batch = one_batch[..kt::storage::BatchHeader::parse(&one_batch)
        .unwrap()
        .total_size()]
        .to_vec();
    let pending = one_batch.clone();
    let answer = tokio::task::spawn_blocking(move || produce_raw(leader_addr, "isr", pending));
    wait_until("the leader appended the waiting produce", || {
        leader_log.log_end_offset() == 21
    })
    .await;
    let (hw, end) = tokio::task::spawn_blocking(move || consumer_fetch(leader_addr, "isr"))
        .await
        .unwrap();
    assert_eq!((hw, end), (20, 20), "consumers stop at the high watermark");
    // With min.insync.replicas=3 the ISR of two answers NOT_ENOUGH_REPLICAS_AFTER_APPEND once
    // the high watermark passes the batch, or REQUEST_TIMED_OUT if the shrink comes later
    // than the produce's 2 s timeout.
    let code = answer.await.unwrap();
    assert!(code == 20 || code == 7, "acks=all answered {code}");
    let shrunk = wait_for_state(&zk, "isr", 0, |s| s.isr.len() == 2).await;
    assert!(!shrunk.isr.contains(&(stopped as i64)), "{shrunk:?}");
    // The change went through the controller with AlterPartition (Kafka 3.9; no more
    // /isr_change_notification): the leader acts on the partition epoch the controller
    // answered, which is the state znode's version, and every running broker learns the ISR.
    let (_, stat) = zk
        .get_data("/brokers/topics/isr/partitions/0/state")
        .await
        .unwrap();
    assert!(stat.version >= 1, "the ISR shrank by a write: {stat:?}");
    for id in (0..3).filter(|b| *b != stopped) {
        let b = cluster.broker(id).broker().clone();
        wait_until("every broker knows the partition epoch and ISR", || {
            let view = b.cluster().unwrap().view();
            view.state_versions.get(&("isr".to_string(), 0)) == Some(&stat.version)
                && view.topics["isr"].states[&0].isr.len() == 2
        })
        .await;
    }
    let notices = zk.list_children("/isr_change_notification").await.unwrap();
    assert!(
        notices.is_empty(),
        "AlterPartition writes no notice: {notices:?}"
    );
    wait_until("the high watermark passes the batch", || {
        leader_log.high_watermark() == 21
    })
    .await;
    // Too few in sync for min.insync.replicas=3: refused before the append.
    let refused = one_batch.clone();
    let code = tokio::task::spawn_blocking(move || produce_raw(leader_addr, "isr", refused))
        .await
        .unwrap();
    assert_eq!(code, 19, "NOT_ENOUGH_REPLICAS");
    assert_eq!(leader_log.log_end_offset(), 21, "nothing appended");

    // The follower comes back and rejoins the ISR.
    cluster.restart(stopped).await;
    wait_for_state(&zk, "isr", 0, |s| s.isr.len() == 3).await;

    // The leader goes: the controller elects a follower from the ISR, and every
    // acknowledged record is there.
    let admin: AdminClient<DefaultClientContext> = common::client(&bootstrap).create().unwrap();
    admin
        .alter_configs(
            &[AlterConfig::new(ResourceSpecifier::Topic("isr")).set("min.insync.replicas", "2")],
            &AdminOptions::new(),
        )
        .await
        .unwrap();
    cluster.stop(leader).await;
    let elected = wait_for_state(&zk, "isr", 0, |s| {
        s.leader >= 0 && s.leader != leader as i64
    })
    .await;
    assert!(followers.contains(&(elected.leader as i32)), "{elected:?}");
    let bootstrap = cluster.bootstrap();
    for i in 0..5 {
        if produce(&bootstrap, "isr", &format!("b{i}"), 1).await == 1 {
            acked.push(format!("b{i}-0"));
        }
    }
    assert_eq!(acked.len(), 25, "acks=all goes on under the new leader");
    let seen = consume_all(&bootstrap, "isr", 26);
    for value in &acked {
        assert!(seen.contains(value), "acknowledged {value} lost: {seen:?}");
    }

    // The old leader comes back with a tail the new leader never had (written to its log
    // while it was down): it is cut at the new leader's end of that epoch.
    let logs = dir.path().join(format!("broker-{leader}")).join("logs");
    let end_of_epoch = {
        let log = kt::storage::PartitionLog::open(
            &logs,
            "isr",
            0,
            kt::storage::LogConfig::default(),
            None,
            None,
        )
        .unwrap();
        let end = log.log_end_offset();
        let mut tail = one_batch.clone();
        log.append(&mut tail).unwrap();
        log.close().unwrap();
        end
    };
    cluster.restart(leader).await;
    wait_until("every replica holds the same log", || {
        let ends: Vec<i64> = (0..3).map(|b| log_end(&cluster, b, "isr")).collect();
        ends.iter().all(|e| *e == ends[0] && *e >= end_of_epoch)
    })
    .await;
    let reference = replica_bytes(&cluster, elected.leader as i32, "isr");
    wait_until("the old leader's copy equals the new leader's", || {
        replica_bytes(&cluster, leader, "isr") == reference
    })
    .await;
    cluster.shutdown().await;
}

/// Found by the interop kill test: a follower that dies (its registration gone, no controlled
/// shutdown) leaves the ISR through the controller at once, in a new leader epoch, as Kafka's
/// `removeReplicasFromIsr` does; before, only the leader's own `replica.lag.time.max.ms` check
/// (30 s by default, and stuck while the dead broker was the controller) dropped it, and
/// acks=all produces waited that long. The leader stays.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_controller_takes_a_dead_follower_out_of_the_isr_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let mut settings = FAST_FETCHERS.to_vec();
    settings.push(("replica.lag.time.max.ms", "30000"));
    settings.push(("controlled.shutdown.enable", "false"));
    let mut cluster = Cluster::start(dir.path(), 3, &settings).await;
    let bootstrap = cluster.bootstrap();
    create_replicated_topic(&bootstrap, "dead", &[("min.insync.replicas", "2")]).await;
    let zk = cluster.zk_client().await;
    let state = wait_for_state(&zk, "dead", 0, |s| s.isr.len() == 3).await;
    let leader = state.leader as i32;
    let follower = (0..3).find(|b| *b != leader).unwrap();
    assert_eq!(produce(&bootstrap, "dead", "before", 5).await, 5);

    let stopped = std::time::Instant::now();
    cluster.stop(follower).await;
    let after = wait_for_state(&zk, "dead", 0, |s| s.isr.len() == 2).await;
    assert!(
        stopped.elapsed() < Duration::from_secs(10),
        "the ISR shrank only after {:?}",
        stopped.elapsed()
    );
    assert_eq!(after.leader as i32, leader, "{after:?}");
    assert!(!after.isr.contains(&(follower as i64)), "{after:?}");
    assert_eq!(after.leader_epoch, state.leader_epoch + 1, "{after:?}");
    // acks=all goes on with the two replicas left, well within the 10 s send timeout.
    assert_eq!(produce(&cluster.bootstrap(), "dead", "after", 5).await, 5);
    cluster.shutdown().await;
}

/// A raw LeaderAndIsr v7 for `topic`-0 (replicas 0, 1, 2) from controller `controller_epoch`.
fn leader_and_isr(
    topic: &str,
    id: uuid::Uuid,
    controller_epoch: i32,
    leader: i32,
    leader_epoch: i32,
) -> kt::broker::replication::controller_api::LeaderAndIsrRequest {
    use kafka_protocol::messages::{BrokerId, TopicName};
    use kafka_protocol::protocol::StrBytes;
    use kt::broker::replication::controller_api::*;
    LeaderAndIsrRequest {
        controller_id: BrokerId(0),
        controller_epoch,
        topic_states: vec![LeaderAndIsrTopicState {
            topic_name: TopicName(StrBytes::from_string(topic.to_string())),
            topic_id: id,
            partition_states: vec![LeaderAndIsrPartitionState {
                partition_index: 0,
                controller_epoch,
                leader: BrokerId(leader),
                leader_epoch,
                isr: vec![BrokerId(0), BrokerId(1), BrokerId(2)],
                replicas: vec![BrokerId(0), BrokerId(1), BrokerId(2)],
                ..Default::default()
            }],
            ..Default::default()
        }],
        ..Default::default()
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_controller_drives_brokers_with_its_requests_and_stale_ones_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let mut cluster = Cluster::start(dir.path(), 3, FAST_FETCHERS).await;
    let bootstrap = cluster.bootstrap();
    create_replicated_topic(&bootstrap, "driven", &[]).await;
    let zk = cluster.zk_client().await;
    let (bytes, _) = zk.get_data("/controller_epoch").await.unwrap();
    let epoch: i32 = std::str::from_utf8(&bytes).unwrap().parse().unwrap();
    // LeaderAndIsr / UpdateMetadata from the controller reach every broker: each has heard
    // from the controller's epoch, and knows the partition's leader.
    for id in 0..3 {
        let b = cluster.broker(id).broker().clone();
        wait_until("the broker heard from the controller", || {
            b.cluster().unwrap().controller_epoch_seen() == epoch
        })
        .await;
    }
    let state = partition_state(&zk, "driven", 0).await.unwrap();
    let topic_id = cluster.broker(0).broker().cluster().unwrap().view().topics["driven"].id;
    let addr = cluster.broker(1).addr();
    let before = cluster.broker(1).broker().cluster().unwrap().view();

    // A request from an older controller: STALE_CONTROLLER_EPOCH (11), whole and per partition.
    let stale = leader_and_isr(
        "driven",
        topic_id,
        epoch - 1,
        1,
        state.leader_epoch as i32 + 5,
    );
    let answer = common::raw::Client::connect(addr).call(7, &stale);
    assert_eq!(answer.error_code, 11, "{answer:?}");
    assert_eq!(answer.topics[0].partition_errors[0].error_code, 11);
    // The current controller epoch but the leader epoch the broker already has: refused for
    // the partition (Kafka's STALE_CONTROLLER_EPOCH for it), the request itself accepted.
    let same = leader_and_isr("driven", topic_id, epoch, 1, state.leader_epoch as i32);
    let answer = common::raw::Client::connect(addr).call(7, &same);
    assert_eq!(answer.error_code, 0, "{answer:?}");
    assert_eq!(answer.topics[0].partition_errors[0].error_code, 11);
    // A stale UpdateMetadata and StopReplica are refused as well.
    let um = kt::broker::replication::controller_api::UpdateMetadataRequest {
        controller_epoch: epoch - 1,
        ..Default::default()
    };
    assert_eq!(
        common::raw::Client::connect(addr).call(8, &um).error_code,
        11
    );
    let stop = kt::broker::replication::controller_api::StopReplicaRequest {
        controller_epoch: epoch - 1,
        ..Default::default()
    };
    assert_eq!(
        common::raw::Client::connect(addr).call(4, &stop).error_code,
        11
    );
    // Nothing changed.
    let after = cluster.broker(1).broker().cluster().unwrap().view();
    assert_eq!(
        after.topics["driven"].states,
        before.topics["driven"].states
    );
    assert!(cluster.broker(1).broker().partition("driven", 0).is_some());

    // Deleting the topic: StopReplica with deletion reaches the replicas, which drop it.
    let admin: AdminClient<DefaultClientContext> = common::client(&bootstrap).create().unwrap();
    let results = admin
        .delete_topics(&["driven"], &AdminOptions::new())
        .await
        .unwrap();
    assert!(results[0].is_ok(), "{results:?}");
    for id in 0..3 {
        let b = cluster.broker(id).broker().clone();
        wait_until("the replica is deleted", || {
            b.partition("driven", 0).is_none()
        })
        .await;
    }
    cluster.stop(1).await;
    cluster.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_controlled_shutdown_moves_leadership_first_so_acks_all_sees_no_error() {
    let dir = tempfile::tempdir().unwrap();
    let mut settings = FAST_FETCHERS.to_vec();
    settings.push(("controlled.shutdown.retry.backoff.ms", "200"));
    let mut cluster = Cluster::start(dir.path(), 3, &settings).await;
    let bootstrap = cluster.bootstrap();
    create_replicated_topic(&bootstrap, "calm", &[("min.insync.replicas", "2")]).await;
    let zk = cluster.zk_client().await;
    let state = wait_for_state(&zk, "calm", 0, |s| s.isr.len() == 3).await;
    let leader = state.leader as i32;

    // A steady acks=all producer while the leader stops cleanly.
    let producer: FutureProducer = common::client(&bootstrap)
        .set("acks", "all")
        .create()
        .unwrap();
    let sending = tokio::spawn(async move {
        let mut errors = Vec::new();
        let mut longest = Duration::ZERO;
        for i in 0..300 {
            let value = format!("calm-{i}");
            let started = std::time::Instant::now();
            let record = FutureRecord::to("calm").payload(&value).key("k");
            if let Err((e, _)) = producer.send(record, Duration::from_secs(10)).await {
                errors.push(format!("{i}: {e}"));
            }
            longest = longest.max(started.elapsed());
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        (errors, longest)
    });
    tokio::time::sleep(Duration::from_millis(400)).await;
    cluster.stop(leader).await;
    let (errors, longest) = sending.await.unwrap();
    assert!(
        errors.is_empty(),
        "errors across the controlled shutdown: {errors:?}"
    );

    // The controller moved the leadership and shrank the ISR before the broker left, in one
    // step: the stopping broker never rejoined the ISR on its way down (a second step, the
    // controller dropping it again once it was gone, would have raised the epoch twice).
    let after = partition_state(&zk, "calm", 0).await.unwrap();
    assert_ne!(after.leader as i32, leader, "{after:?}");
    assert_eq!(after.leader_epoch, state.leader_epoch + 1, "{after:?}");
    assert!(!after.isr.contains(&(leader as i64)), "{after:?}");
    let survivor = after.leader as i32;
    wait_until("the new leader holds all 300 records", || {
        log_end(&cluster, survivor, "calm") >= 300
    })
    .await;
    eprintln!("longest acks=all produce across the controlled shutdown: {longest:?}");
    cluster.shutdown().await;
}

/// The controller's own controlled shutdown is answered only once the other brokers have its
/// LeaderAndIsr and UpdateMetadata for the new leaders: when the controller's broker is gone,
/// every broker already names the new leader. Before, it went a few milliseconds after writing
/// the new states, before telling anyone, and clients that asked the other brokers were told
/// the stopped broker still led until the next controller took office (librdkafka's producer
/// then paused about two seconds).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_controllers_own_controlled_shutdown_tells_the_brokers_the_new_leader_first() {
    let dir = tempfile::tempdir().unwrap();
    let mut settings = FAST_FETCHERS.to_vec();
    // The last broker's stop retries for the partition it cannot hand over: briefly.
    settings.push(("controlled.shutdown.retry.backoff.ms", "200"));
    let mut cluster = Cluster::start(dir.path(), 3, &settings).await;
    let bootstrap = cluster.bootstrap();
    let view = |c: &Cluster, b: i32| c.broker(b).broker().cluster().unwrap().view();
    wait_until("a controller is elected", || {
        view(&cluster, 0).controller >= 0
    })
    .await;
    let controller = view(&cluster, 0).controller;
    let others: Vec<i32> = (0..3).filter(|b| *b != controller).collect();

    // A topic the controller leads: its replica list starts with it.
    let admin: AdminClient<DefaultClientContext> = common::client(&bootstrap).create().unwrap();
    let replicas = [controller, others[0], others[1]];
    let assignment: &[&[i32]] = &[&replicas];
    let topic = rdkafka::admin::NewTopic::new(
        "led",
        1,
        rdkafka::admin::TopicReplication::Variable(assignment),
    );
    let results = admin
        .create_topics(&[topic], &AdminOptions::new())
        .await
        .unwrap();
    assert!(results[0].is_ok(), "{results:?}");
    let zk = cluster.zk_client().await;
    let before = wait_for_state(&zk, "led", 0, |s| {
        s.isr.len() == 3 && s.leader as i32 == controller
    })
    .await;
    for b in &others {
        wait_until("the brokers know the controller leads led-0", || {
            view(&cluster, *b)
                .topics
                .get("led")
                .and_then(|t| t.states.get(&0))
                .is_some_and(|s| s.leader == controller)
        })
        .await;
    }

    cluster.stop(controller).await;
    for b in &others {
        let state = view(&cluster, *b).topics["led"].states[&0].clone();
        assert_eq!(
            (state.leader, state.leader_epoch),
            (others[0], before.leader_epoch as i32 + 1),
            "broker {b}'s view once the controller's broker stopped"
        );
    }
    cluster.shutdown().await;
}

/// The controller's new partition state reaches every replica at about the same moment, so a
/// follower may ask its new leader about the new leader epoch a moment before the leader has
/// taken it in. Answered UNKNOWN_LEADER_EPOCH at once, the follower would back off
/// `replica.fetch.backoff.ms` (1 s by default) with the leader's high watermark stuck and
/// every acks=all produce waiting: the pause of a controlled shutdown. The leader holds such
/// a request until it has the epoch too (within the request's wait), then answers it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_follower_ahead_of_its_new_leader_is_answered_once_the_leader_catches_up() {
    let dir = tempfile::tempdir().unwrap();
    // The leader's bound for OffsetsForLeaderEpoch: long enough that only the new epoch's
    // arrival can end the wait below.
    let settings = [
        ("replica.fetch.wait.max.ms", "20000"),
        ("replica.fetch.backoff.ms", "100"),
    ];
    let cluster = Cluster::start(dir.path(), 3, &settings).await;
    let bootstrap = cluster.bootstrap();
    create_replicated_topic(&bootstrap, "ahead", &[]).await;
    assert_eq!(produce(&bootstrap, "ahead", "a", 5).await, 5);
    let zk = cluster.zk_client().await;
    let state = wait_for_state(&zk, "ahead", 0, |s| s.isr.len() == 3).await;
    let leader = state.leader as i32;
    let follower = (0..3).find(|b| *b != leader).unwrap();
    let next = state.leader_epoch as i32 + 1;
    let addr = cluster.broker(leader).addr();

    // A request from an epoch the leader never reaches still gets Kafka's error, once the
    // fetch's own wait is over.
    let started = std::time::Instant::now();
    let never = tokio::task::spawn_blocking(move || {
        replica_fetch_error_within(addr, "ahead", follower, next + 5, 300)
    })
    .await
    .unwrap();
    assert_eq!(never, 75, "UNKNOWN_LEADER_EPOCH");
    assert!(started.elapsed() >= Duration::from_millis(300));

    // The follower asks (OffsetsForLeaderEpoch, then a Fetch as Kafka's followers do) with
    // the epoch the leader does not have yet: both are held, not refused.
    let asking = tokio::task::spawn_blocking(move || {
        (
            replica_epoch_end(addr, "ahead", follower, next, next - 1),
            replica_fetch_error_within(addr, "ahead", follower, next, 20_000),
        )
    });
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert!(
        !asking.is_finished(),
        "a follower ahead of its leader must not be refused (UNKNOWN_LEADER_EPOCH) at once"
    );
    // The controller's next epoch for the same leader, as a controlled shutdown or an ISR
    // change writes it: the leader takes it in (watch, LeaderAndIsr) and answers.
    let path = "/brokers/topics/ahead/partitions/0/state";
    let (data, stat) = zk.get_data(path).await.unwrap();
    let mut znode: serde_json::Value = serde_json::from_slice(&data).unwrap();
    znode["leader_epoch"] = serde_json::json!(next);
    zk.set_data(path, znode.to_string().as_bytes(), Some(stat.version))
        .await
        .unwrap();
    let (epoch_end, fetch_error) = tokio::time::timeout(Duration::from_secs(15), asking)
        .await
        .expect("answered once the leader has the epoch")
        .unwrap();
    assert_eq!(
        epoch_end,
        (0, next - 1, 5),
        "the end of the epoch the follower had"
    );
    assert_eq!(fetch_error, 0);
    cluster.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_restarted_broker_resumes_its_high_watermarks_from_the_checkpoint() {
    let dir = tempfile::tempdir().unwrap();
    let mut settings = FAST_FETCHERS.to_vec();
    settings.push(("replica.high.watermark.checkpoint.interval.ms", "200"));
    let mut cluster = Cluster::start(dir.path(), 3, &settings).await;
    let bootstrap = cluster.bootstrap();
    create_replicated_topic(&bootstrap, "resume", &[]).await;
    assert_eq!(produce(&bootstrap, "resume", "r", 10).await, 10);
    let hw = |cluster: &Cluster, id: i32| {
        cluster
            .broker(id)
            .broker()
            .partition("resume", 0)
            .map_or(-1, |p| p.log.high_watermark())
    };
    for id in 0..3 {
        wait_until("every replica knows high watermark 10", || {
            hw(&cluster, id) == 10
        })
        .await;
    }
    // Written periodically, in Kafka's format, in the broker's log dir.
    let file = dir
        .path()
        .join("broker-2/logs/replication-offset-checkpoint");
    wait_until("the checkpoint holds the high watermark", || {
        std::fs::read_to_string(&file).is_ok_and(|t| t.lines().any(|l| l == "resume 0 10"))
    })
    .await;
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.starts_with("0\n"), "{text}");
    // Stopped and started again: the high watermark is back before any fetch moves it.
    cluster.stop(2).await;
    cluster.restart(2).await;
    assert_eq!(hw(&cluster, 2), 10);
    cluster.shutdown().await;
}

/// A partition with a single replica follows its log end: also after a restart, when the
/// high watermark resumed from the checkpoint would otherwise stay where it was (acks=all
/// produces then waited forever and consumers saw nothing new).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_lone_replica_restarted_cleanly_takes_acks_all_produces_and_serves_them() {
    let dir = tempfile::tempdir().unwrap();
    let settings = [("replica.high.watermark.checkpoint.interval.ms", "200")];
    let mut cluster = Cluster::start(dir.path(), 1, &settings).await;
    common::create_topic(&cluster.bootstrap(), "alone", 1).await;
    assert_eq!(produce(&cluster.bootstrap(), "alone", "before", 3).await, 3);
    let file = dir
        .path()
        .join("broker-0/logs/replication-offset-checkpoint");
    wait_until("the checkpoint holds the high watermark", || {
        std::fs::read_to_string(&file).is_ok_and(|t| t.lines().any(|l| l == "alone 0 3"))
    })
    .await;
    cluster.stop(0).await;
    cluster.restart(0).await;
    let bootstrap = cluster.bootstrap();
    assert_eq!(produce(&bootstrap, "alone", "after", 2).await, 2);
    let seen = tokio::task::spawn_blocking(move || consume_all(&bootstrap, "alone", 5))
        .await
        .unwrap();
    assert_eq!(
        seen,
        ["before-0", "before-1", "before-2", "after-0", "after-1"]
    );
    cluster.shutdown().await;
}

/// A follower adds a partition it starts to follow to its next fetch only, so a leader ends
/// its followers' waiting fetches when it takes a new leadership: a new topic's first acks=all
/// produce does not wait out those long-polls (20 s here; Kafka's default is 500 ms).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_new_topics_first_acks_all_produce_does_not_wait_for_the_followers_long_polls() {
    let dir = tempfile::tempdir().unwrap();
    let settings = [("replica.fetch.wait.max.ms", "20000")];
    let cluster = Cluster::start(dir.path(), 3, &settings).await;
    let bootstrap = cluster.bootstrap();
    // Followers fetching from (and parked at) the leaders of these.
    for t in ["warm-0", "warm-1", "warm-2"] {
        create_replicated_topic(&bootstrap, t, &[]).await;
        assert_eq!(produce(&bootstrap, t, "w", 1).await, 1);
    }
    let zk = cluster.zk_client().await;
    for t in ["warm-0", "warm-1", "warm-2"] {
        wait_for_state(&zk, t, 0, |s| s.isr.len() == 3).await;
    }
    tokio::time::sleep(Duration::from_millis(300)).await;
    for t in ["new-0", "new-1", "new-2"] {
        create_replicated_topic(&bootstrap, t, &[]).await;
        let started = std::time::Instant::now();
        assert_eq!(produce(&bootstrap, t, "n", 1).await, 1);
        let took = started.elapsed();
        assert!(
            took < Duration::from_secs(10),
            "{t}: the first acks=all produce took {took:?}: it waited for a follower's long-poll"
        );
    }
    cluster.shutdown().await;
}

/// A raw AlterPartition v2 from `leader` for `topic_id`-0 proposing `isr` over the state the
/// controller wrote (`leader_epoch`, `partition_epoch`); returns the partition's error code.
fn alter_partition_error(
    controller: std::net::SocketAddr,
    leader: (i32, i64),
    topic_id: uuid::Uuid,
    leader_epoch: i32,
    partition_epoch: i32,
    isr: &[i32],
) -> i16 {
    use kafka_protocol::messages::alter_partition_request::{PartitionData, TopicData};
    use kafka_protocol::messages::{AlterPartitionRequest, BrokerId};
    let request = AlterPartitionRequest::default()
        .with_broker_id(BrokerId(leader.0))
        .with_broker_epoch(leader.1)
        .with_topics(vec![TopicData::default()
            .with_topic_id(topic_id)
            .with_partitions(vec![PartitionData::default()
                .with_partition_index(0)
                .with_leader_epoch(leader_epoch)
                .with_partition_epoch(partition_epoch)
                .with_new_isr(isr.iter().copied().map(BrokerId).collect())])]);
    let answer = common::raw::Client::connect(controller).call(2, &request);
    assert_eq!(answer.error_code, 0, "{answer:?}");
    answer.topics[0].partitions[0].error_code
}

/// Kafka's controller keeps a broker that asked for a controlled shutdown out of its live
/// brokers until its registration goes (`shuttingDownBrokerIds`): a leader may not put it
/// back into an ISR (INELIGIBLE_REPLICA, KIP-841) and a preferred election gives it no
/// leadership (PREFERRED_LEADER_NOT_AVAILABLE). The test sends the ControlledShutdown itself,
/// so the broker stays running and "shutting down" for as long as the checks take; once it
/// registers again (a restart) it rejoins the ISR.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_broker_in_a_controlled_shutdown_neither_rejoins_the_isr_nor_leads_again() {
    use kafka_protocol::messages::elect_leaders_request::TopicPartitions;
    use kafka_protocol::messages::{BrokerId, ElectLeadersRequest, TopicName};
    use kafka_protocol::protocol::StrBytes;
    use kt::broker::replication::controller_api::ControlledShutdownRequest;
    let dir = tempfile::tempdir().unwrap();
    let mut cluster = Cluster::start(dir.path(), 3, FAST_FETCHERS).await;
    let bootstrap = cluster.bootstrap();
    // Replicas [1, 2, 0]: broker 1 is preferred and leads.
    common::cluster::create_topic_on_1_2_0(&common::client(&bootstrap), "stopping").await;
    let zk = cluster.zk_client().await;
    wait_for_state(&zk, "stopping", 0, |s| s.leader == 1 && s.isr.len() == 3).await;
    let view = cluster.broker(0).broker().cluster().unwrap().view();
    let (controller, topic_id) = (view.controller, view.topics["stopping"].id);
    let controller_addr = cluster.broker(controller).addr();
    let epoch_of = |id: i32| {
        let zk = &zk;
        async move {
            let path = format!("/brokers/ids/{id}");
            zk.check_stat(&path).await.unwrap().unwrap().czxid
        }
    };

    // Broker 1 asks to stop: the controller hands the leadership to 2 and drops 1 from the
    // ISR, in one new leader epoch.
    let shutdown = ControlledShutdownRequest {
        broker_id: BrokerId(1),
        broker_epoch: epoch_of(1).await,
        ..Default::default()
    };
    let answer = common::raw::Client::connect(controller_addr).call(3, &shutdown);
    assert_eq!(answer.error_code, 0, "{answer:?}");
    assert!(answer.remaining_partitions.is_empty(), "{answer:?}");
    let path = "/brokers/topics/stopping/partitions/0/state";
    let (data, stat) = zk.get_data(path).await.unwrap();
    let state: serde_json::Value = serde_json::from_slice(&data).unwrap();
    assert_eq!(state["leader"], 2, "{state}");
    assert_eq!(state["isr"], serde_json::json!([2, 0]), "{state}");
    let leader_epoch = state["leader_epoch"].as_i64().unwrap() as i32;

    // Broker 1 runs on and keeps up, but the leader may not add it back: INELIGIBLE_REPLICA
    // (107), and the state stays as it was.
    let leader = (2, epoch_of(2).await);
    let refused = alter_partition_error(
        controller_addr,
        leader,
        topic_id,
        leader_epoch,
        stat.version,
        &[2, 0, 1],
    );
    assert_eq!(refused, 107, "INELIGIBLE_REPLICA");
    let (_, unchanged) = zk.get_data(path).await.unwrap();
    assert_eq!(unchanged.version, stat.version);
    // Nor may a preferred election give broker 1 its leadership back.
    let elect = ElectLeadersRequest::default()
        .with_election_type(0)
        .with_timeout_ms(5000)
        .with_topic_partitions(Some(vec![TopicPartitions::default()
            .with_topic(TopicName(StrBytes::from_static_str("stopping")))
            .with_partitions(vec![0])]));
    let answer = common::raw::Client::connect(controller_addr).call(2, &elect);
    let result = &answer.replica_election_results[0].partition_result[0];
    assert_eq!(
        result.error_code, 80,
        "PREFERRED_LEADER_NOT_AVAILABLE: {answer:?}"
    );
    assert_eq!(
        result.error_message.as_deref().map(|m| m.to_string()),
        Some(
            "Failed to elect leader for partition stopping-0 under strategy \
             PreferredReplicaPartitionLeaderElectionStrategy"
                .to_string()
        )
    );

    // Registered again (a restart), broker 1 is a broker like any other: the leader takes
    // it back into the ISR.
    cluster.stop(1).await;
    cluster.restart(1).await;
    wait_for_state(&zk, "stopping", 0, |s| s.isr.contains(&1)).await;
    cluster.shutdown().await;
}

/// A broker that restarted between two of the controller's readings (its old registration's
/// end and the new one's start in one burst of watch events; here the registration is
/// replaced in one ZooKeeper transaction) is handled as Kafka's controller handles a bounced
/// broker: its leadership moves to another in-sync replica in a new epoch, and it is told
/// everything again, follows the new leader and rejoins the ISR. Before, the controller saw
/// the same broker ids and did nothing: the restarted broker led on, on whatever log its
/// restart had left.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_broker_that_restarted_unseen_gives_up_its_leaderships_and_rejoins() {
    let dir = tempfile::tempdir().unwrap();
    let cluster = Cluster::start(dir.path(), 3, FAST_FETCHERS).await;
    let bootstrap = cluster.bootstrap();
    common::cluster::create_topic_on_1_2_0(&common::client(&bootstrap), "bounced").await;
    assert_eq!(produce(&bootstrap, "bounced", "before", 20).await, 20);
    common::cluster::wait_for_isr(&cluster, "bounced", &[0, 1, 2]).await;
    let zk = cluster.zk_client().await;
    let before = wait_for_state(&zk, "bounced", 0, |s| s.leader == 1).await;

    let (registration, _) = zk.get_data("/brokers/ids/1").await.unwrap();
    let mut replace = zk.new_multi_writer();
    replace.add_delete("/brokers/ids/1", None).unwrap();
    replace
        .add_create(
            "/brokers/ids/1",
            &registration,
            &zookeeper_client::CreateMode::Ephemeral
                .with_acls(zookeeper_client::Acls::anyone_all()),
        )
        .unwrap();
    replace.commit().await.unwrap();

    let moved = wait_for_state(&zk, "bounced", 0, |s| s.leader != 1).await;
    assert_eq!(moved.leader, 2, "the next in-sync replica leads");
    assert_eq!(moved.leader_epoch, before.leader_epoch + 1);
    assert!(!moved.isr.contains(&1), "{moved:?}");
    // Broker 1 follows the new leader and is taken back into the ISR.
    common::cluster::wait_for_isr(&cluster, "bounced", &[0, 1, 2]).await;
    assert_eq!(produce(&bootstrap, "bounced", "after", 20).await, 20);
    wait_until("every replica has every record", || {
        (0..3).all(|id| log_end(&cluster, id, "bounced") == 40)
    })
    .await;
    drop(zk);
    cluster.shutdown().await;
}
