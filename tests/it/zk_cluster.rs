//! Brokers in ZooKeeper mode: kt's ZooKeeper and three kt brokers in this process (all on
//! 127.0.0.1 port 0), driven through librdkafka as a client would, with the znodes checked in
//! Kafka's formats.

use crate::common;

use std::path::Path;
use std::time::{Duration, Instant};

use kt::broker::RunningBroker;
use kt::zookeeper::RunningZk;
use rdkafka::admin::{
    AdminClient, AdminOptions, AlterConfig, NewPartitions, NewTopic, ResourceSpecifier,
    TopicReplication,
};
use rdkafka::client::DefaultClientContext;
use rdkafka::consumer::{BaseConsumer, CommitMode, Consumer, StreamConsumer};
use rdkafka::producer::{FutureProducer, FutureRecord};
use rdkafka::types::RDKafkaErrorCode;
use rdkafka::{Message, Offset, TopicPartitionList};
use zookeeper_client as zk;

const TIMEOUT: Duration = Duration::from_secs(15);

async fn start_zookeeper(dir: &Path) -> RunningZk {
    common::zookeeper::start(&dir.join("zk"), &[("tickTime", "200")]).await
}

/// The connect string of the test's cluster: kt's ZooKeeper under a chroot, as Kafka
/// deployments often use.
fn connect(zk: &RunningZk) -> String {
    format!("{}/kafka", zk.connect_string())
}

async fn start_broker(dir: &Path, zk: &RunningZk, id: i32) -> anyhow::Result<RunningBroker> {
    let logs = dir.join(format!("broker-{id}"));
    let config = common::server_config(
        &logs,
        &[
            ("broker.id", &id.to_string()),
            ("zookeeper.connect", &connect(zk)),
            ("zookeeper.session.timeout.ms", "4000"),
        ],
    );
    kt::broker::spawn(config).await
}

async fn start_cluster(dir: &Path, zk: &RunningZk) -> Vec<RunningBroker> {
    let mut brokers = Vec::new();
    for id in 0..3 {
        brokers.push(start_broker(dir, zk, id).await.unwrap());
    }
    for b in &brokers {
        wait_until("every broker sees three brokers and a controller", || {
            let view = b.broker().cluster().unwrap().view();
            view.brokers.len() == 3 && view.controller >= 0
        })
        .await;
    }
    brokers
}

async fn wait_until(what: &str, done: impl Fn() -> bool) {
    let deadline = Instant::now() + TIMEOUT;
    while !done() {
        assert!(Instant::now() < deadline, "timed out waiting until {what}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

async fn zk_client(zk: &RunningZk) -> zk::Client {
    zk::Client::connector()
        .with_session_timeout(Duration::from_millis(4000))
        .connect(&connect(zk))
        .await
        .unwrap()
}

async fn json(client: &zk::Client, path: &str) -> serde_json::Value {
    let (data, _) = client.get_data(path).await.unwrap();
    serde_json::from_slice(&data).unwrap()
}

/// The error code of a raw ListOffsets (v1, latest) for `orders` partition `index` at `addr`.
fn list_offsets_error(addr: std::net::SocketAddr, index: i32) -> i16 {
    use kafka_protocol::messages::list_offsets_request::{ListOffsetsPartition, ListOffsetsTopic};
    use kafka_protocol::messages::{BrokerId, ListOffsetsRequest, TopicName};
    use kafka_protocol::protocol::StrBytes;
    let request = ListOffsetsRequest::default()
        .with_replica_id(BrokerId(-1))
        .with_topics(vec![ListOffsetsTopic::default()
            .with_name(TopicName(StrBytes::from_static_str("orders")))
            .with_partitions(vec![ListOffsetsPartition::default()
                .with_partition_index(index)
                .with_timestamp(-1)])]);
    let response = common::raw::Client::connect(addr).call(1, &request);
    response.topics[0].partitions[0].error_code
}

async fn create_topic(bootstrap: &str, name: &str, partitions: i32, replication: i32) {
    let admin: AdminClient<DefaultClientContext> = common::client(bootstrap).create().unwrap();
    let results = admin
        .create_topics(
            &[NewTopic::new(
                name,
                partitions,
                TopicReplication::Fixed(replication),
            )],
            &AdminOptions::new(),
        )
        .await
        .unwrap();
    assert!(results[0].is_ok(), "{results:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn three_brokers_spread_a_topic_and_serve_every_partition_through_one_address() {
    let dir = tempfile::tempdir().unwrap();
    let zk = start_zookeeper(dir.path()).await;
    let brokers = start_cluster(dir.path(), &zk).await;
    let bootstrap = brokers[0].bootstrap();

    create_topic(&bootstrap, "orders", 6, 1).await;

    // Kafka's znodes, in Kafka's formats.
    let c = zk_client(&zk).await;
    let mut ids = c.list_children("/brokers/ids").await.unwrap();
    ids.sort();
    assert_eq!(ids, vec!["0", "1", "2"]);
    let b1 = json(&c, "/brokers/ids/1").await;
    assert_eq!(b1["version"], 5);
    assert_eq!(
        b1["endpoints"][0],
        format!("PLAINTEXT://127.0.0.1:{}", brokers[1].addr().port())
    );
    assert_eq!(
        b1["listener_security_protocol_map"]["PLAINTEXT"],
        "PLAINTEXT"
    );
    let cluster = json(&c, "/cluster/id").await;
    assert_eq!(cluster["version"], "1");
    assert_eq!(cluster["id"], brokers[2].broker().cluster_id());
    let controller = json(&c, "/controller").await;
    // Kafka 3.9's ZooKeeper-mode controller registration (answer key z04).
    assert_eq!(controller["version"], 2);
    assert_eq!(controller["kraftControllerEpoch"], -1);
    let topic = json(&c, "/brokers/topics/orders").await;
    assert_eq!(topic["version"], 3);
    let partitions = topic["partitions"].as_object().unwrap();
    assert_eq!(partitions.len(), 6);
    let mut per_broker = [0; 3];
    for replicas in partitions.values() {
        per_broker[replicas[0].as_i64().unwrap() as usize] += 1;
    }
    assert_eq!(per_broker, [2, 2, 2], "{topic}");
    for b in &brokers {
        wait_until("every broker knows every leader", || {
            let view = b.broker().cluster().unwrap().view();
            view.topics
                .get("orders")
                .is_some_and(|t| t.states.len() == 6)
        })
        .await;
    }
    let state = json(&c, "/brokers/topics/orders/partitions/0/state").await;
    assert_eq!(state["leader"], partitions["0"][0]);
    assert_eq!(state["isr"], partitions["0"]);
    assert_eq!(state["leader_epoch"], 0);
    assert_eq!(json(&c, "/config/topics/orders").await["version"], 1);

    // librdkafka's metadata from another broker: three brokers and every leader.
    let probe: BaseConsumer = common::client(&brokers[1].bootstrap()).create().unwrap();
    let metadata = probe
        .fetch_metadata(Some("orders"), Duration::from_secs(10))
        .unwrap();
    assert_eq!(metadata.brokers().len(), 3);
    let t = &metadata.topics()[0];
    assert_eq!(t.partitions().len(), 6);
    for p in t.partitions() {
        assert_eq!(
            i64::from(p.leader()),
            partitions[&p.id().to_string()][0].as_i64().unwrap()
        );
    }

    // A partition led elsewhere is NOT_LEADER_OR_FOLLOWER on this broker, on the wire.
    for (index, replicas) in partitions {
        let index: i32 = index.parse().unwrap();
        let leader = replicas[0].as_i64().unwrap() as usize;
        for (i, b) in brokers.iter().enumerate() {
            let addr = b.addr();
            let code = tokio::task::spawn_blocking(move || list_offsets_error(addr, index))
                .await
                .unwrap();
            let want = if i == leader { 0 } else { 6 }; // 6: NOT_LEADER_OR_FOLLOWER
            assert_eq!(code, want, "broker {i}, partition {index}");
        }
    }

    // Produce to every partition and read everything back, each through one address.
    let producer: FutureProducer = common::client(&bootstrap).create().unwrap();
    for p in 0..6 {
        for i in 0..5 {
            let value = format!("p{p}-{i}");
            producer
                .send(
                    FutureRecord::<(), _>::to("orders")
                        .partition(p)
                        .payload(&value),
                    Duration::from_secs(10),
                )
                .await
                .unwrap();
        }
    }
    let reader: BaseConsumer = common::client(&brokers[2].bootstrap())
        .set("group.id", "unused")
        .set("enable.auto.commit", "false")
        .create()
        .unwrap();
    let mut assignment = TopicPartitionList::new();
    for p in 0..6 {
        assignment
            .add_partition_offset("orders", p, Offset::Beginning)
            .unwrap();
    }
    reader.assign(&assignment).unwrap();
    let mut seen = Vec::new();
    let deadline = Instant::now() + TIMEOUT;
    while seen.len() < 30 && Instant::now() < deadline {
        if let Some(m) = reader.poll(Duration::from_millis(100)) {
            let m = m.unwrap();
            seen.push(String::from_utf8(m.payload().unwrap().to_vec()).unwrap());
            assert_eq!(
                m.payload().unwrap(),
                format!("p{}-{}", m.partition(), m.offset()).as_bytes()
            );
        }
    }
    assert_eq!(seen.len(), 30, "{seen:?}");

    // A replication factor above the live brokers is refused with Kafka's message.
    let admin: AdminClient<DefaultClientContext> = common::client(&bootstrap).create().unwrap();
    let results = admin
        .create_topics(
            &[NewTopic::new("too-wide", 1, TopicReplication::Fixed(4))],
            &AdminOptions::new(),
        )
        .await
        .unwrap();
    assert_eq!(
        results[0],
        Err((
            "too-wide".to_string(),
            RDKafkaErrorCode::InvalidReplicationFactor
        ))
    );

    // More partitions, through ZooKeeper: spread over the live brokers, led and writable.
    let results = admin
        .create_partitions(&[NewPartitions::new("orders", 9)], &AdminOptions::new())
        .await
        .unwrap();
    assert!(results[0].is_ok(), "{results:?}");
    let topic = json(&c, "/brokers/topics/orders").await;
    assert_eq!(topic["partitions"].as_object().unwrap().len(), 9);
    for b in &brokers {
        wait_until("every broker knows the new leaders", || {
            let view = b.broker().cluster().unwrap().view();
            view.topics
                .get("orders")
                .is_some_and(|t| t.states.len() == 9)
        })
        .await;
    }
    // (A fresh producer: the first one's cached metadata predates the new partitions.)
    let fresh: FutureProducer = common::client(&brokers[1].bootstrap()).create().unwrap();
    let report = fresh
        .send(
            FutureRecord::<(), _>::to("orders")
                .partition(8)
                .payload("new"),
            Duration::from_secs(10),
        )
        .await
        .unwrap();
    assert_eq!((report.partition, report.offset), (8, 0));

    // Config overrides, through ZooKeeper: every broker describes them.
    let results = admin
        .alter_configs(
            &[AlterConfig::new(ResourceSpecifier::Topic("orders")).set("retention.ms", "60000")],
            &AdminOptions::new(),
        )
        .await
        .unwrap();
    assert!(results[0].is_ok(), "{results:?}");
    assert_eq!(
        json(&c, "/config/topics/orders").await["config"]["retention.ms"],
        "60000"
    );
    assert!(!c.list_children("/config/changes").await.unwrap().is_empty());
    let other: AdminClient<DefaultClientContext> =
        common::client(&brokers[2].bootstrap()).create().unwrap();
    wait_until("broker 2 applied the override", || {
        brokers[2].broker().topic("orders").is_some_and(|t| {
            t.meta.configs.get("retention.ms").map(String::as_str) == Some("60000")
        })
    })
    .await;
    let described = other
        .describe_configs(&[ResourceSpecifier::Topic("orders")], &AdminOptions::new())
        .await
        .unwrap();
    let resource = described[0].as_ref().unwrap();
    assert_eq!(
        resource
            .get("retention.ms")
            .and_then(|e| e.value.as_deref()),
        Some("60000")
    );

    // Deleting through any broker removes the topic everywhere, logs included.
    let results = admin
        .delete_topics(&["orders"], &AdminOptions::new())
        .await
        .unwrap();
    assert!(results[0].is_ok(), "{results:?}");
    for b in &brokers {
        // The topic leaves the broker's map first, its log directories right after.
        let dir = b.broker().data_dir().clone();
        wait_until("the topic and its logs are gone from every broker", || {
            b.broker().topic("orders").is_none()
                && std::fs::read_dir(&dir)
                    .unwrap()
                    .filter_map(|e| e.ok())
                    .all(|e| !e.file_name().to_string_lossy().starts_with("orders-"))
        })
        .await;
    }
    assert!(c
        .list_children("/admin/delete_topics")
        .await
        .unwrap()
        .is_empty());

    drop(c);
    for b in brokers {
        b.shutdown().await;
    }
    zk.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_group_is_coordinated_by_the_leader_of_its_offsets_partition() {
    let dir = tempfile::tempdir().unwrap();
    let zk = start_zookeeper(dir.path()).await;
    let brokers = start_cluster(dir.path(), &zk).await;
    let bootstrap = brokers[1].bootstrap();
    create_topic(&bootstrap, "events", 3, 1).await;
    let producer: FutureProducer = common::client(&bootstrap).create().unwrap();
    for p in 0..3 {
        producer
            .send(
                FutureRecord::<(), _>::to("events")
                    .partition(p)
                    .payload("x"),
                Duration::from_secs(10),
            )
            .await
            .unwrap();
    }
    let consumer: StreamConsumer = common::client(&bootstrap)
        .set("group.id", "zk-group")
        .set("auto.offset.reset", "earliest")
        .set("enable.auto.commit", "false")
        .create()
        .unwrap();
    consumer.subscribe(&["events"]).unwrap();
    for _ in 0..3 {
        let m = tokio::time::timeout(TIMEOUT, consumer.recv())
            .await
            .expect("a record within the timeout")
            .unwrap();
        assert_eq!(m.payload().unwrap(), b"x");
    }
    consumer.commit_consumer_state(CommitMode::Sync).unwrap();
    // Exactly one broker coordinates the group; the others answer NOT_COORDINATOR.
    let coordinating: Vec<usize> = brokers
        .iter()
        .enumerate()
        .filter(|(_, b)| b.broker().coordinates("zk-group").is_ok())
        .map(|(i, _)| i)
        .collect();
    assert_eq!(coordinating.len(), 1);
    for (i, b) in brokers.iter().enumerate() {
        if i != coordinating[0] {
            assert_eq!(
                b.broker().coordinates("zk-group"),
                Err(kt::broker::coordinator::GroupError::NotCoordinator)
            );
        }
    }
    let committed = consumer
        .committed(Duration::from_secs(10))
        .unwrap()
        .elements()
        .iter()
        .map(|e| e.offset())
        .collect::<Vec<_>>();
    assert_eq!(committed, vec![Offset::Offset(1); 3]);
    drop(consumer);
    for b in brokers {
        b.shutdown().await;
    }
    zk.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stopping_the_controller_moves_control_to_another_broker() {
    let dir = tempfile::tempdir().unwrap();
    let zk = start_zookeeper(dir.path()).await;
    let mut brokers = start_cluster(dir.path(), &zk).await;
    let c = zk_client(&zk).await;
    let epoch_before: i32 = String::from_utf8(c.get_data("/controller_epoch").await.unwrap().0)
        .unwrap()
        .parse()
        .unwrap();
    let controller = brokers[0].broker().cluster().unwrap().view().controller;
    let at = brokers
        .iter()
        .position(|b| b.broker().id() == controller)
        .unwrap();
    let stopped = brokers.remove(at);
    let started = Instant::now();
    stopped.shutdown().await;
    for b in &brokers {
        wait_until("a surviving broker is controller", || {
            let view = b.broker().cluster().unwrap().view();
            view.brokers.len() == 2 && view.controller >= 0 && view.controller != controller
        })
        .await;
    }
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
    let epoch_after: i32 = String::from_utf8(c.get_data("/controller_epoch").await.unwrap().0)
        .unwrap()
        .parse()
        .unwrap();
    assert_eq!(epoch_after, epoch_before + 1);
    // The new controller keeps working: a new topic gets leaders on the two live brokers.
    create_topic(&brokers[0].bootstrap(), "after", 4, 1).await;
    let probe: BaseConsumer = common::client(&brokers[1].bootstrap()).create().unwrap();
    let metadata = probe
        .fetch_metadata(Some("after"), Duration::from_secs(10))
        .unwrap();
    assert_eq!(metadata.brokers().len(), 2);
    for p in metadata.topics()[0].partitions() {
        assert!(
            p.leader() >= 0 && p.leader() != controller,
            "{}",
            p.leader()
        );
    }
    drop(c);
    for b in brokers {
        b.shutdown().await;
    }
    zk.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_duplicate_broker_id_or_a_foreign_cluster_id_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let zk = start_zookeeper(dir.path()).await;
    let first = start_broker(dir.path(), &zk, 0).await.unwrap();

    let other = tempfile::tempdir().unwrap();
    let err = start_broker(other.path(), &zk, 0)
        .await
        .err()
        .expect("a second broker 0 is refused")
        .to_string();
    assert!(
        err.contains("Error while creating ephemeral at /brokers/ids/0, node already exists"),
        "{err}"
    );

    // A log directory that belongs to another cluster.
    let foreign = tempfile::tempdir().unwrap();
    // (`common::server_config` puts the logs in `<dir>/logs`.)
    let logs = foreign.path().join("broker-5").join("logs");
    std::fs::create_dir_all(&logs).unwrap();
    std::fs::write(
        logs.join("meta.properties"),
        "version=0\nbroker.id=5\ncluster.id=someOtherCluster000000\n",
    )
    .unwrap();
    let err = start_broker(foreign.path(), &zk, 5)
        .await
        .err()
        .expect("a broker of another cluster is refused")
        .to_string();
    assert!(
        err.contains(
            "doesn't match stored clusterId Some(someOtherCluster000000) in meta.properties"
        ),
        "{err}"
    );
    // No ZooKeeper at all: refused after zookeeper.connection.timeout.ms, saying so.
    let nowhere = std::net::SocketAddr::from(([127, 0, 0, 1], common::free_port()));
    let lonely = tempfile::tempdir().unwrap();
    let config = common::server_config(
        lonely.path(),
        &[
            ("zookeeper.connect", &nowhere.to_string()),
            ("zookeeper.connection.timeout.ms", "500"),
        ],
    );
    let err = kt::broker::spawn(config)
        .await
        .err()
        .expect("a broker without ZooKeeper does not start")
        .to_string();
    assert!(
        err.contains("Timed out waiting for connection to ZooKeeper at"),
        "{err}"
    );
    first.shutdown().await;
    zk.shutdown().await;
}

/// A broker restarted while its previous run's session still holds its registration (killed
/// less than a session timeout ago) is refused as Kafka refuses it, and before it acts on
/// the cluster: here the view says its topic was deleted while it was away, and a refused
/// start must not delete the replica on that account. Once that session is gone it starts
/// and does.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_broker_whose_old_session_holds_its_id_is_refused_before_it_acts() {
    let dir = tempfile::tempdir().unwrap();
    let zk = start_zookeeper(dir.path()).await;
    let b0 = start_broker(dir.path(), &zk, 0).await.unwrap();
    let b1 = start_broker(dir.path(), &zk, 1).await.unwrap();
    for b in [&b0, &b1] {
        wait_until("both brokers see each other", || {
            b.broker().cluster().unwrap().view().brokers.len() == 2
        })
        .await;
    }
    create_topic(&b0.bootstrap(), "gone", 1, 2).await;
    let replica = b1.broker().data_dir().join("gone-0");
    wait_until("broker 1 holds a replica", || replica.exists()).await;
    b1.shutdown().await;

    let admin: AdminClient<DefaultClientContext> =
        common::client(&b0.bootstrap()).create().unwrap();
    let results = admin
        .delete_topics(&["gone"], &AdminOptions::new())
        .await
        .unwrap();
    assert!(results[0].is_ok(), "{results:?}");
    wait_until("the topic is gone from broker 0", || {
        b0.broker().topic("gone").is_none()
    })
    .await;

    // The previous run's session, still alive.
    let old_session = zk_client(&zk).await;
    old_session
        .create(
            "/brokers/ids/1",
            b"{}",
            &zk::CreateMode::Ephemeral.with_acls(zk::Acls::anyone_all()),
        )
        .await
        .unwrap();
    let err = start_broker(dir.path(), &zk, 1)
        .await
        .err()
        .expect("a broker whose id another session holds is refused")
        .to_string();
    assert!(
        err.contains(
            "Error while creating ephemeral at /brokers/ids/1, node already exists and owner '0x"
        ),
        "{err}"
    );
    assert!(
        replica.exists(),
        "the refused broker deleted its replica on the view it was refused to act on"
    );

    drop(old_session);
    let deadline = Instant::now() + TIMEOUT;
    let b1 = loop {
        match start_broker(dir.path(), &zk, 1).await {
            Ok(b) => break b,
            Err(e) => {
                assert!(Instant::now() < deadline, "broker 1 never started: {e}");
                tokio::time::sleep(Duration::from_millis(200)).await;
            }
        }
    };
    wait_until("the restarted broker deletes the replica", || {
        !replica.exists()
    })
    .await;
    b1.shutdown().await;
    b0.shutdown().await;
    zk.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn controller_writes_are_fenced_by_the_epoch_znode() {
    let dir = tempfile::tempdir().unwrap();
    let zk = start_zookeeper(dir.path()).await;
    let broker = start_broker(dir.path(), &zk, 0).await.unwrap();
    wait_until("broker 0 is controller", || {
        broker.broker().cluster().unwrap().view().controller == 0
    })
    .await;
    // Someone else raises the epoch (as a newly elected controller would): the writes broker 0
    // prepared under its old epoch must fail; it reads the epoch again before writing.
    let c = zk_client(&zk).await;
    c.set_data("/controller_epoch", b"7", None).await.unwrap();
    create_topic(&broker.bootstrap(), "fenced", 1, 1).await;
    wait_until("the partition has a state", || {
        let view = broker.broker().cluster().unwrap().view();
        view.topics
            .get("fenced")
            .is_some_and(|t| t.states.len() == 1)
    })
    .await;
    let state = json(&c, "/brokers/topics/fenced/partitions/0/state").await;
    assert_eq!(state["controller_epoch"], 7, "{state}");
    drop(c);
    broker.shutdown().await;
    zk.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_broker_whose_session_ends_registers_again_with_a_new_one() {
    let dir = tempfile::tempdir().unwrap();
    let zk = start_zookeeper(dir.path()).await;
    let broker = start_broker(dir.path(), &zk, 0).await.unwrap();
    let c = zk_client(&zk).await;
    let before = c.check_stat("/brokers/ids/0").await.unwrap().unwrap();
    // End the broker's session from outside: resume it on another connection and close it.
    let session = broker
        .broker()
        .cluster()
        .unwrap()
        .client()
        .unwrap()
        .session()
        .clone();
    let thief = zk::Client::connector()
        .with_session(session)
        .connect(&connect(&zk))
        .await
        .unwrap();
    drop(thief);
    let deadline = Instant::now() + TIMEOUT;
    loop {
        if let Some(stat) = c.check_stat("/brokers/ids/0").await.unwrap() {
            if stat.ephemeral_owner != before.ephemeral_owner {
                break;
            }
        }
        assert!(Instant::now() < deadline, "broker 0 did not register again");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    wait_until("broker 0 is controller again", || {
        broker.broker().cluster().unwrap().view().controller == 0
    })
    .await;
    create_topic(&broker.bootstrap(), "after-expiry", 2, 1).await;
    let probe: BaseConsumer = common::client(&broker.bootstrap()).create().unwrap();
    let metadata = probe
        .fetch_metadata(Some("after-expiry"), Duration::from_secs(10))
        .unwrap();
    assert_eq!(metadata.topics()[0].partitions().len(), 2);
    drop(c);
    broker.shutdown().await;
    zk.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn producer_ids_come_from_blocks_claimed_in_zookeeper() {
    let dir = tempfile::tempdir().unwrap();
    let zk = start_zookeeper(dir.path()).await;
    let brokers = start_cluster(dir.path(), &zk).await;
    let cluster = |i: usize| brokers[i].broker().cluster().unwrap().clone();
    assert_eq!(cluster(0).allocate_producer_id().await.unwrap(), 0);
    assert_eq!(cluster(1).allocate_producer_id().await.unwrap(), 1000);
    assert_eq!(cluster(0).allocate_producer_id().await.unwrap(), 1);
    let c = zk_client(&zk).await;
    let block = json(&c, "/latest_producer_id_block").await;
    assert_eq!(block["broker"], 1);
    assert_eq!(block["block_start"], "1000");
    assert_eq!(block["block_end"], "1999");

    // An idempotent producer (InitProducerId, sequence checks) writes to every partition.
    create_topic(&brokers[2].bootstrap(), "idem", 3, 1).await;
    let producer: FutureProducer = common::client(&brokers[2].bootstrap())
        .set("enable.idempotence", "true")
        .create()
        .unwrap();
    for p in 0..3 {
        for _ in 0..3 {
            producer
                .send(
                    FutureRecord::<(), _>::to("idem").partition(p).payload("i"),
                    Duration::from_secs(10),
                )
                .await
                .unwrap();
        }
    }
    drop(producer);
    drop(c);
    for b in brokers {
        b.shutdown().await;
    }
    zk.shutdown().await;
}
