//! Rack awareness (KIP-36) and fetch from follower (KIP-392) on three in-process brokers in
//! racks a, b and c: Metadata reports each broker's rack, placement spreads a partition's
//! replicas over racks, a leader with the rack-aware selector points a consumer at the
//! replica in its rack, and that follower serves the consumer's fetches.

use crate::common;
use crate::common::cluster::{wait_until, Cluster};
use crate::common::raw;

use std::collections::{BTreeMap, BTreeSet};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use kafka_protocol::messages::fetch_request::{FetchPartition, FetchTopic};
use kafka_protocol::messages::{BrokerId, FetchRequest, MetadataRequest, TopicName};
use kafka_protocol::protocol::StrBytes;
use rdkafka::admin::{AdminClient, AdminOptions, NewTopic, TopicReplication};
use rdkafka::client::DefaultClientContext;
use rdkafka::consumer::{BaseConsumer, Consumer, ConsumerContext};
use rdkafka::producer::{FutureProducer, FutureRecord};
use rdkafka::{ClientContext, Message, Offset, Statistics, TopicPartitionList};

const RACKS: [&str; 3] = ["a", "b", "c"];
const SELECTOR: (&str, &str) = (
    "replica.selector.class",
    "org.apache.kafka.common.replica.RackAwareReplicaSelector",
);

fn addr(cluster: &Cluster, id: i32) -> SocketAddr {
    cluster.broker(id).bootstrap().parse().unwrap()
}

/// A consumer's Fetch v12 of `topic`-0 from offset 0, sent to broker `id` with `rack`:
/// (error, high watermark, preferred read replica, record bytes).
async fn fetch(cluster: &Cluster, id: i32, topic: &str, rack: &str) -> (i16, i64, i32, usize) {
    let request = FetchRequest::default()
        .with_replica_id(BrokerId(-1))
        .with_max_wait_ms(0)
        .with_max_bytes(1 << 20)
        .with_rack_id(StrBytes::from_string(rack.to_string()))
        .with_topics(vec![FetchTopic::default()
            .with_topic(TopicName(StrBytes::from_string(topic.to_string())))
            .with_partitions(vec![FetchPartition::default()
                .with_partition(0)
                .with_fetch_offset(0)
                .with_current_leader_epoch(-1)
                .with_partition_max_bytes(1 << 20)])]);
    let at = addr(cluster, id);
    let response = tokio::task::spawn_blocking(move || raw::Client::connect(at).call(12, &request))
        .await
        .unwrap();
    let p = &response.responses[0].partitions[0];
    let bytes = p.records.as_ref().map_or(0, |r| r.len());
    (
        p.error_code,
        p.high_watermark,
        p.preferred_read_replica.0,
        bytes,
    )
}

/// librdkafka's latest statistics: for each broker id, the partitions its handle fetches.
#[derive(Clone, Default)]
struct FetchedBy(Arc<Mutex<BTreeMap<i32, BTreeSet<String>>>>);

impl ClientContext for FetchedBy {
    fn stats(&self, statistics: Statistics) {
        let mut seen = self.0.lock().unwrap();
        seen.clear();
        for broker in statistics.brokers.values() {
            for tp in broker.toppars.values() {
                seen.entry(broker.nodeid)
                    .or_default()
                    .insert(format!("{}-{}", tp.topic, tp.partition));
            }
        }
    }
}
impl ConsumerContext for FetchedBy {}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_consumer_reads_from_the_replica_in_its_rack() {
    let dir = tempfile::tempdir().unwrap();
    // Brokers 0 and 1 choose preferred read replicas, broker 2 does not.
    let own: Vec<Vec<(&str, &str)>> = (0..3)
        .map(|i| {
            let mut s = vec![("broker.rack", RACKS[i])];
            if i < 2 {
                s.push(SELECTOR);
            }
            s
        })
        .collect();
    let own: Vec<&[(&str, &str)]> = own.iter().map(Vec::as_slice).collect();
    let fast = [
        ("replica.fetch.wait.max.ms", "100"),
        ("replica.fetch.backoff.ms", "100"),
    ];
    let cluster = Cluster::start_each(dir.path(), 3, &fast, &own).await;
    let bootstrap = cluster.bootstrap();

    // Metadata names each broker's rack.
    let at = addr(&cluster, 0);
    let metadata = tokio::task::spawn_blocking(move || {
        raw::Client::connect(at).call(9, &MetadataRequest::default().with_topics(Some(vec![])))
    })
    .await
    .unwrap();
    let racks: BTreeMap<i32, String> = metadata
        .brokers
        .iter()
        .map(|b| (b.node_id.0, b.rack.as_ref().unwrap().to_string()))
        .collect();
    assert_eq!(
        racks,
        (0..3).map(|i| (i, RACKS[i as usize].to_string())).collect()
    );

    // "follow": led by 0 (rack a, selector on); "plain": led by 2 (rack c, selector off);
    // "placed": kt places its replicas, over distinct racks.
    let admin: AdminClient<DefaultClientContext> = common::client(&bootstrap).create().unwrap();
    let topics = [
        NewTopic::new("follow", 1, TopicReplication::Variable(&[&[0, 1, 2]])),
        NewTopic::new("plain", 1, TopicReplication::Variable(&[&[2, 0, 1]])),
        NewTopic::new("placed", 6, TopicReplication::Fixed(2)),
    ];
    for result in admin
        .create_topics(&topics, &AdminOptions::new())
        .await
        .unwrap()
    {
        assert!(result.is_ok(), "{result:?}");
    }
    let view = cluster.broker(0).broker().view();
    let placed = &view.topics["placed"].replicas;
    assert_eq!(placed.len(), 6);
    for replicas in placed.values() {
        let spanned: BTreeSet<_> = replicas.iter().map(|b| RACKS[*b as usize]).collect();
        assert_eq!(spanned.len(), 2, "{replicas:?}");
    }

    let producer: FutureProducer = common::client(&bootstrap)
        .set("acks", "all")
        .create()
        .unwrap();
    for topic in ["follow", "plain"] {
        for i in 0..100 {
            let value = format!("{topic}-{i}");
            producer
                .send(
                    FutureRecord::to(topic).payload(&value).key("k"),
                    Duration::from_secs(10),
                )
                .await
                .unwrap();
        }
    }
    // The rack-b follower knows the high watermark once it fetched after the last append.
    let follower = cluster.broker(1).broker().clone();
    wait_until("broker 1 has the high watermark of follow-0", || {
        follower
            .partition("follow", 0)
            .unwrap()
            .log
            .high_watermark()
            == 100
    })
    .await;

    // The leader points a rack-b consumer at broker 1 and sends no records; a rack-a one
    // (the leader's rack) and one without a rack get no preference.
    assert_eq!(fetch(&cluster, 0, "follow", "b").await, (0, 100, 1, 0));
    let (error, _, preferred, bytes) = fetch(&cluster, 0, "follow", "a").await;
    assert_eq!((error, preferred), (0, -1));
    assert!(bytes > 0);
    assert_eq!(fetch(&cluster, 0, "follow", "").await.2, -1);
    // The follower serves the consumer up to its high watermark.
    let (error, hw, preferred, bytes) = fetch(&cluster, 1, "follow", "b").await;
    assert_eq!((error, hw, preferred), (0, 100, -1));
    assert!(bytes > 0);
    // Without the selector there is no preferred read replica.
    let (error, _, preferred, bytes) = fetch(&cluster, 2, "plain", "b").await;
    assert_eq!((error, preferred), (0, -1));
    assert!(bytes > 0);

    // librdkafka with client.rack=b reads every record, its fetches handled by broker 1.
    let fetched_by = FetchedBy::default();
    let consumer: BaseConsumer<FetchedBy> = common::client(&bootstrap)
        .set("group.id", "fff")
        .set("client.rack", "b")
        .set("statistics.interval.ms", "100")
        .create_with_context(fetched_by.clone())
        .unwrap();
    let mut assignment = TopicPartitionList::new();
    assignment
        .add_partition_offset("follow", 0, Offset::Beginning)
        .unwrap();
    consumer.assign(&assignment).unwrap();
    let mut values = Vec::new();
    let deadline = std::time::Instant::now() + Duration::from_secs(8);
    while values.len() < 100 && std::time::Instant::now() < deadline {
        if let Some(message) = consumer.poll(Duration::from_millis(100)) {
            let message = message.unwrap();
            values.push(String::from_utf8(message.payload().unwrap().to_vec()).unwrap());
        }
    }
    let expected: Vec<String> = (0..100).map(|i| format!("follow-{i}")).collect();
    assert_eq!(values, expected);
    // One more statistics round after the last record.
    consumer.poll(Duration::from_millis(300));
    let seen = fetched_by.0.lock().unwrap().clone();
    let handles: Vec<i32> = (seen.iter())
        .filter(|(_, parts)| parts.contains("follow-0"))
        .map(|(id, _)| *id)
        .collect();
    assert_eq!(
        handles,
        [1],
        "only the rack-b broker fetches follow-0: {seen:?}"
    );
    drop(consumer);
    drop(producer);
    cluster.shutdown().await;
}
