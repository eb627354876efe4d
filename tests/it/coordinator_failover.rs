//! The group and transaction coordinators of a three-broker ZooKeeper-mode cluster follow
//! the leadership of their partitions of `__consumer_offsets` and `__transaction_state`
//! (replication factor 3, as Kafka's defaults): stopping the broker that coordinates a group
//! or a transactional id moves it to the new leader of its partition, with its committed
//! offsets and transaction state; a transaction left open on the stopped coordinator is
//! aborted by the new one at its timeout; a follower that takes a partition over serves
//! read_committed readers from the markers it copied. A single ZooKeeper-mode broker configured with
//! factor 3 creates neither topic and answers COORDINATOR_NOT_AVAILABLE, as Kafka's does; a
//! standalone broker, which no other broker can ever join, gives them one replica instead.

use crate::common;
use crate::common::cluster::{create_replicated_topic, wait_for_state, Cluster};
use crate::common::raw;
use crate::common::transactional::isolated_reader;

use std::time::{Duration, Instant};

use kafka_protocol::messages::FindCoordinatorRequest;
use kafka_protocol::protocol::StrBytes;
use kt::broker::coordinator::{partition_of, OFFSETS_TOPIC};
use kt::broker::txn::TXN_TOPIC;
use rdkafka::consumer::{BaseConsumer, CommitMode, Consumer};
use rdkafka::producer::{BaseRecord, DefaultProducerContext, Producer, ThreadedProducer};
use rdkafka::{Message, Offset, TopicPartitionList};

const TIMEOUT: Duration = Duration::from_secs(15);

/// Three brokers whose internal topics have three replicas (and three partitions, to keep
/// the cluster small), with quick fetchers and timers.
const REPLICATED_COORDINATORS: &[(&str, &str)] = &[
    ("replica.fetch.wait.max.ms", "100"),
    ("replica.fetch.backoff.ms", "100"),
    ("controlled.shutdown.retry.backoff.ms", "200"),
    ("offsets.topic.replication.factor", "3"),
    ("offsets.topic.num.partitions", "3"),
    ("transaction.state.log.replication.factor", "3"),
    ("transaction.state.log.min.isr", "2"),
    ("transaction.state.log.num.partitions", "3"),
    (
        "transaction.abort.timed.out.transaction.cleanup.interval.ms",
        "200",
    ),
];

/// Polls until `want` records arrived or `wait` passed: (offset, value) of each.
fn read(consumer: &BaseConsumer, want: usize, wait: Duration) -> Vec<(i64, String)> {
    let deadline = Instant::now() + wait;
    let mut got = Vec::new();
    while Instant::now() < deadline && got.len() < want {
        if let Some(Ok(m)) = consumer.poll(Duration::from_millis(50)) {
            let value = String::from_utf8_lossy(m.payload().unwrap_or_default()).to_string();
            got.push((m.offset(), value));
        }
    }
    got
}

fn group_consumer(bootstrap: &str, group: &str) -> BaseConsumer {
    let consumer: BaseConsumer = common::client(bootstrap)
        .set("group.id", group)
        .set("enable.auto.commit", "false")
        .set("auto.offset.reset", "earliest")
        .set("session.timeout.ms", "6000")
        .set("fetch.wait.max.ms", "50")
        .create()
        .unwrap();
    consumer.subscribe(&["input"]).unwrap();
    consumer
}

/// A consumer of `group` that never subscribes: what a transactional copier needs for
/// `send_offsets_to_transaction` (the group's metadata) and nothing more. One that subscribes
/// and is never polled may be dropped in the middle of its group's rebalance, and librdkafka's
/// close then waits forever in `rd_kafka_rebalance_protocol` (librdkafka#4041; it hung this
/// test about once in 30 runs).
fn metadata_consumer(bootstrap: &str, group: &str) -> BaseConsumer {
    common::client(bootstrap)
        .set("group.id", group)
        .set("enable.auto.commit", "false")
        .create()
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_group_and_its_committed_offsets_move_with_its_offsets_partition_leader() {
    let dir = tempfile::tempdir().unwrap();
    let mut cluster = Cluster::start(dir.path(), 3, REPLICATED_COORDINATORS).await;
    let bootstrap = cluster.bootstrap();
    create_replicated_topic(&bootstrap, "input", &[]).await;
    let producer: ThreadedProducer<DefaultProducerContext> = common::client(&bootstrap)
        .set("acks", "all")
        .create()
        .unwrap();
    for i in 0..10 {
        let value = format!("m-{i}");
        producer
            .send(BaseRecord::<(), _>::to("input").payload(&value))
            .map_err(|(e, _)| e)
            .unwrap();
    }
    producer.flush(TIMEOUT).unwrap();
    drop(producer);

    // The first consumer of the group reads half and commits offset 5.
    let group = "failover-group";
    let b = bootstrap.clone();
    tokio::task::spawn_blocking(move || {
        let consumer = group_consumer(&b, group);
        let got = read(&consumer, 5, TIMEOUT);
        assert_eq!(got.len(), 5, "{got:?}");
        let mut tpl = TopicPartitionList::new();
        tpl.add_partition_offset("input", 0, Offset::Offset(5))
            .unwrap();
        consumer.commit(&tpl, CommitMode::Sync).unwrap();
        consumer.unsubscribe();
    })
    .await
    .unwrap();

    // `__consumer_offsets` has three replicas; the coordinator is its partition's leader.
    let zk = cluster.zk_client().await;
    let index = partition_of(group, 3);
    let before = wait_for_state(&zk, OFFSETS_TOPIC, index, |s| s.isr.len() == 3).await;
    let coordinator = before.leader as i32;
    assert!(
        cluster.broker(coordinator).broker().groups().holds(index),
        "the leader serves the group's partition"
    );
    for other in (0..3).filter(|b| *b != coordinator) {
        assert!(
            !cluster.broker(other).broker().groups().holds(index),
            "a follower does not serve it"
        );
    }

    cluster.stop(coordinator).await;
    let after = wait_for_state(&zk, OFFSETS_TOPIC, index, |s| {
        s.leader >= 0 && s.leader as i32 != coordinator
    })
    .await;
    assert!(after.leader_epoch > before.leader_epoch, "{after:?}");
    let successor = after.leader as i32;
    common::cluster::wait_until("the new leader serves the group's partition", || {
        cluster.broker(successor).broker().groups().holds(index)
    })
    .await;

    // A new member of the group resumes from the committed offset on the new coordinator.
    let b = cluster.bootstrap();
    tokio::task::spawn_blocking(move || {
        let consumer = group_consumer(&b, group);
        let got = read(&consumer, 5, TIMEOUT);
        assert_eq!(
            got.first().map(|(o, v)| (*o, v.as_str())),
            Some((5, "m-5")),
            "{got:?}"
        );
        assert_eq!(got.len(), 5, "{got:?}");
        let committed = consumer.committed(TIMEOUT).unwrap();
        let offset = committed.find_partition("input", 0).unwrap().offset();
        assert_eq!(offset, Offset::Offset(5));
    })
    .await
    .unwrap();
    cluster.shutdown().await;
}

/// A transactional id that hashes to the same partition of `__transaction_state` as `other`.
fn id_beside(other: &str, prefix: &str) -> String {
    let want = partition_of(other, 3);
    (0..)
        .map(|n| format!("{prefix}-{n}"))
        .find(|id| partition_of(id, 3) == want)
        .unwrap()
}

fn transactional(
    bootstrap: &str,
    id: &str,
    timeout_ms: u32,
) -> ThreadedProducer<DefaultProducerContext> {
    // librdkafka refuses socket and message timeouts above the transaction timeout.
    let client_timeout_ms = timeout_ms.min(10_000);
    common::client(bootstrap)
        .set("transactional.id", id)
        .set("transaction.timeout.ms", timeout_ms.to_string())
        .set("socket.timeout.ms", client_timeout_ms.to_string())
        .set("message.timeout.ms", client_timeout_ms.to_string())
        .create()
        .unwrap()
}

fn send(producer: &ThreadedProducer<DefaultProducerContext>, prefix: &str, n: usize) {
    for i in 0..n {
        let value = format!("{prefix}-{i}");
        producer
            .send(BaseRecord::<(), _>::to("output").payload(&value))
            .map_err(|(e, _)| e)
            .unwrap();
    }
    producer.flush(TIMEOUT).unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn transactions_outlive_their_coordinator_and_an_orphan_is_aborted_by_the_next() {
    let dir = tempfile::tempdir().unwrap();
    let mut cluster = Cluster::start(dir.path(), 3, REPLICATED_COORDINATORS).await;
    let bootstrap = cluster.bootstrap();
    create_replicated_topic(&bootstrap, "output", &[("min.insync.replicas", "2")]).await;
    let committer_id = "tx-committer";
    let orphan_id = id_beside(committer_id, "tx-orphan");

    // One transaction committed, then one left open by a producer that goes quiet.
    let b = bootstrap.clone();
    let orphan_id2 = orphan_id.clone();
    let (committer, orphan) = tokio::task::spawn_blocking(move || {
        let committer = transactional(&b, committer_id, 30_000);
        committer.init_transactions(TIMEOUT).unwrap();
        committer.begin_transaction().unwrap();
        send(&committer, "first", 10);
        committer.commit_transaction(TIMEOUT).unwrap();
        let orphan = transactional(&b, &orphan_id2, 3_000);
        orphan.init_transactions(TIMEOUT).unwrap();
        orphan.begin_transaction().unwrap();
        send(&orphan, "orphan", 3);
        (committer, orphan)
    })
    .await
    .unwrap();
    let opened = Instant::now();

    // Both ids live in one partition of `__transaction_state`, led by the coordinator.
    let zk = cluster.zk_client().await;
    let index = partition_of(committer_id, 3);
    let before = wait_for_state(&zk, TXN_TOPIC, index, |s| s.isr.len() == 3).await;
    let coordinator = before.leader as i32;
    assert!(cluster.broker(coordinator).broker().txns().holds(index));
    cluster.stop(coordinator).await;
    let after = wait_for_state(&zk, TXN_TOPIC, index, |s| {
        s.leader >= 0 && s.leader as i32 != coordinator
    })
    .await;
    assert!(after.leader_epoch > before.leader_epoch, "{after:?}");

    // The committing producer finds the new coordinator and commits again, with the same
    // producer id (its state moved with the partition).
    let b = cluster.bootstrap();
    let committer = tokio::task::spawn_blocking(move || {
        committer.begin_transaction().unwrap();
        send(&committer, "second", 5);
        committer.commit_transaction(TIMEOUT).unwrap();
        committer
    })
    .await
    .unwrap();

    // The orphan's records stand before the second transaction's: read_committed readers
    // see those only once the new coordinator aborted the orphan at its timeout.
    let read_all = tokio::task::spawn_blocking(move || {
        let consumer = isolated_reader(&b, "output", 1, "read_committed");
        read(&consumer, 15, TIMEOUT)
    })
    .await
    .unwrap();
    let values: Vec<&str> = read_all.iter().map(|(_, v)| v.as_str()).collect();
    let mut want: Vec<String> = (0..10).map(|i| format!("first-{i}")).collect();
    want.extend((0..5).map(|i| format!("second-{i}")));
    assert_eq!(values, want, "{read_all:?}");
    assert!(
        opened.elapsed() >= Duration::from_millis(2500),
        "the orphan was aborted at its timeout, not before"
    );
    let successor = cluster.broker(after.leader as i32).broker().clone();
    let described = successor.txns().describe(&orphan_id).unwrap();
    assert_eq!(
        format!("{:?}", described.state),
        "CompleteAbort",
        "{described:?}"
    );
    tokio::task::spawn_blocking(move || {
        drop(committer);
        drop(orphan);
    })
    .await
    .unwrap();
    cluster.shutdown().await;
}

/// A follower copies the markers too: once it leads, read_committed readers get the
/// committed transactions and not the aborted one (a follower that ignored the markers it
/// copied held the first transaction open, so its last stable offset stayed at 0, and listed
/// no aborted transaction).
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_follower_that_takes_over_serves_read_committed_from_the_markers_it_copied() {
    let dir = tempfile::tempdir().unwrap();
    let mut cluster = Cluster::start(dir.path(), 3, REPLICATED_COORDINATORS).await;
    let bootstrap = cluster.bootstrap();
    create_replicated_topic(&bootstrap, "output", &[("min.insync.replicas", "2")]).await;
    let committed_reader = |b: String| isolated_reader(&b, "output", 1, "read_committed");
    let values = |got: Vec<(i64, String)>| got.into_iter().map(|(_, v)| v).collect::<Vec<_>>();
    let mut want: Vec<String> = (0..5).map(|i| format!("first-{i}")).collect();
    want.extend((0..5).map(|i| format!("third-{i}")));

    // Committed, aborted, committed; read back through the leader, so that every marker is
    // below the high watermark: in every replica of the ISR.
    let b = bootstrap.clone();
    let through_leader = tokio::task::spawn_blocking(move || {
        let producer = transactional(&b, "tx-copied", 30_000);
        producer.init_transactions(TIMEOUT).unwrap();
        for (prefix, commit) in [("first", true), ("second", false), ("third", true)] {
            producer.begin_transaction().unwrap();
            send(&producer, prefix, 5);
            if commit {
                producer.commit_transaction(TIMEOUT).unwrap();
            } else {
                producer.abort_transaction(TIMEOUT).unwrap();
            }
        }
        read(&committed_reader(b), 10, TIMEOUT)
    })
    .await
    .unwrap();
    assert_eq!(values(through_leader), want);

    let zk = cluster.zk_client().await;
    let before = wait_for_state(&zk, "output", 0, |s| s.isr.len() == 3).await;
    let leader = before.leader as i32;
    cluster.stop(leader).await;
    wait_for_state(&zk, "output", 0, |s| {
        s.leader >= 0 && s.leader as i32 != leader
    })
    .await;
    let b = cluster.bootstrap();
    let through_follower = tokio::task::spawn_blocking(move || {
        // Up to 15 records, or 5 s: the aborted five must not come.
        read(&committed_reader(b), 15, Duration::from_secs(5))
    })
    .await
    .unwrap();
    assert_eq!(values(through_follower), want);
    cluster.shutdown().await;
}

/// FindCoordinator's (error code, node id) for a group and a transactional id.
async fn find_coordinators(addr: std::net::SocketAddr) -> [(i16, i32); 2] {
    tokio::task::spawn_blocking(move || {
        let mut client = raw::Client::connect(addr);
        [(0, "some-group"), (1, "some-txn")].map(|(key_type, key)| {
            let found = client.call(
                3,
                &FindCoordinatorRequest::default()
                    .with_key(StrBytes::from_static_str(key))
                    .with_key_type(key_type),
            );
            (found.error_code, found.node_id.0)
        })
    })
    .await
    .unwrap()
}

const FACTOR_THREE: &[(&str, &str)] = &[
    ("offsets.topic.replication.factor", "3"),
    ("transaction.state.log.replication.factor", "3"),
];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_single_zookeeper_broker_with_factor_three_creates_no_internal_topic() {
    let dir = tempfile::tempdir().unwrap();
    let cluster = Cluster::start(dir.path(), 1, FACTOR_THREE).await;
    let broker = cluster.broker(0);
    // COORDINATOR_NOT_AVAILABLE (15) for both, no coordinator named.
    assert_eq!(find_coordinators(broker.addr()).await, [(15, -1), (15, -1)]);
    let topics = broker.broker().topics();
    assert!(
        !topics.contains_key(OFFSETS_TOPIC) && !topics.contains_key(TXN_TOPIC),
        "{:?}",
        topics.keys().collect::<Vec<_>>()
    );
    cluster.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_standalone_broker_with_factor_three_gives_internal_topics_one_replica() {
    let dir = tempfile::tempdir().unwrap();
    let mut settings = FACTOR_THREE.to_vec();
    settings.push(("transaction.state.log.min.isr", "2"));
    let broker = common::start_broker(dir.path(), &settings).await;
    // Both coordinators are this broker (id 0), found without an error.
    assert_eq!(find_coordinators(broker.addr()).await, [(0, 0), (0, 0)]);
    let topics = broker.broker().topics();
    assert!(
        topics.contains_key(OFFSETS_TOPIC) && topics.contains_key(TXN_TOPIC),
        "{:?}",
        topics.keys().collect::<Vec<_>>()
    );
    // The transaction log's min.isr of 2 is capped too: a transaction commits.
    let bootstrap = broker.addr().to_string();
    tokio::task::spawn_blocking(move || {
        let producer = transactional(&bootstrap, "standalone-txn", 10_000);
        producer.init_transactions(TIMEOUT).unwrap();
        producer.begin_transaction().unwrap();
        send(&producer, "standalone", 3);
        producer.commit_transaction(TIMEOUT).unwrap();
    })
    .await
    .unwrap();
    broker.shutdown().await;
}

/// KIP-447's `require_stable` across a group coordinator move: offsets sent to a transaction
/// still open when the group's coordinator stops are pending at the new coordinator too
/// (replayed from the replicated `__consumer_offsets`), so a fetch asking for stable offsets
/// (as read_committed consumers send) is told to retry, UNSTABLE_OFFSET_COMMIT, until the
/// transaction commits, and then reads them.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn offsets_of_an_open_transaction_stay_unstable_across_a_group_coordinator_move() {
    use crate::common::transactional::stable_offset_fetch;
    const UNSTABLE_OFFSET_COMMIT: i16 = 88;
    let dir = tempfile::tempdir().unwrap();
    let mut cluster = Cluster::start(dir.path(), 3, REPLICATED_COORDINATORS).await;
    let bootstrap = cluster.bootstrap();
    create_replicated_topic(&bootstrap, "input", &[]).await;
    create_replicated_topic(&bootstrap, "output", &[("min.insync.replicas", "2")]).await;

    // A copier's transaction sends its input offset and stays open.
    let b = bootstrap.clone();
    let (producer, consumer) = tokio::task::spawn_blocking(move || {
        let consumer = metadata_consumer(&b, "copier");
        let producer = transactional(&b, "copier-tx", 30_000);
        producer.init_transactions(TIMEOUT).unwrap();
        producer.begin_transaction().unwrap();
        send(&producer, "copied", 3);
        let mut offsets = TopicPartitionList::new();
        offsets
            .add_partition_offset("input", 0, Offset::Offset(7))
            .unwrap();
        producer
            .send_offsets_to_transaction(&offsets, &consumer.group_metadata().unwrap(), TIMEOUT)
            .unwrap();
        (producer, consumer)
    })
    .await
    .unwrap();
    let zk = cluster.zk_client().await;
    let index = partition_of("copier", 3);
    let before = wait_for_state(&zk, OFFSETS_TOPIC, index, |s| s.isr.len() == 3).await;
    let coordinator = before.leader as i32;
    let addr = cluster.broker(coordinator).addr();
    let fetch = move |addr, stable| {
        tokio::task::spawn_blocking(move || stable_offset_fetch(addr, "copier", "input", stable))
    };
    assert_eq!(
        fetch(addr, true).await.unwrap(),
        (-1, UNSTABLE_OFFSET_COMMIT)
    );

    // The group's coordinator stops; its partition's new leader loads the group.
    cluster.stop(coordinator).await;
    let after = wait_for_state(&zk, OFFSETS_TOPIC, index, |s| {
        s.leader >= 0 && s.leader as i32 != coordinator
    })
    .await;
    let addr = cluster.broker(after.leader as i32).addr();
    // Until it has loaded the partition: COORDINATOR_LOAD_IN_PROGRESS (14) or NOT_COORDINATOR (16).
    let answer = |want: fn(&(i64, i16)) -> bool| async move {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let got = fetch(addr, true).await.unwrap();
            if want(&got) || Instant::now() > deadline {
                return got;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    };
    assert_eq!(
        answer(|(_, code)| *code != 14 && *code != 16).await,
        (-1, UNSTABLE_OFFSET_COMMIT),
        "the new coordinator knows the open transaction's offsets"
    );
    assert_eq!(fetch(addr, false).await.unwrap(), (-1, 0));

    // Committed: the offset is there once the marker reached the group's partition.
    let producer = tokio::task::spawn_blocking(move || {
        producer.commit_transaction(TIMEOUT).unwrap();
        producer
    })
    .await
    .unwrap();
    assert_eq!(answer(|(_, code)| *code == 0).await, (7, 0));
    tokio::task::spawn_blocking(move || {
        drop(producer);
        drop(consumer);
    })
    .await
    .unwrap();
    cluster.shutdown().await;
}
