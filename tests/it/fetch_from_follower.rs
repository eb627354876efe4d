//! Rack awareness (KIP-36) and fetch from follower (KIP-392) on three in-process brokers in
//! racks a, b and c: Metadata reports each broker's rack, placement spreads a partition's
//! replicas over racks, a leader with the rack-aware selector points a consumer at the
//! replica in its rack, and that follower serves the consumer's fetches (librdkafka with
//! `client.rack` included) up to its high watermark; past it the follower answers as Kafka's
//! do, and when the leader moves or the follower leaves the ISR the consumer is fenced, the
//! preferred replica chosen again, or served by the leader.

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

/// One partition's answer to a consumer's Fetch v12.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Answer {
    error: i16,
    high_watermark: i64,
    preferred: i32,
    /// The offset after the last record sent, None without records.
    end: Option<i64>,
}

/// The offset after the last whole batch in `records` (a v2 batch: base offset, length,
/// then at byte 23 the last offset delta), None without one.
fn records_end(records: &[u8]) -> Option<i64> {
    let int = |at: usize| i32::from_be_bytes(records[at..at + 4].try_into().unwrap());
    let mut at = 0;
    let mut end = None;
    while at + 27 <= records.len() {
        let base = i64::from_be_bytes(records[at..at + 8].try_into().unwrap());
        let next = at + 12 + int(at + 8) as usize;
        if next > records.len() {
            break;
        }
        end = Some(base + i64::from(int(at + 23)) + 1);
        at = next;
    }
    end
}

/// A consumer's Fetch v12 of `topic`-0 from `offset` in leader epoch `epoch` (-1: none),
/// sent to broker `id` with `rack`.
async fn fetch(
    cluster: &Cluster,
    id: i32,
    topic: &str,
    rack: &str,
    offset: i64,
    epoch: i32,
) -> Answer {
    let request = FetchRequest::default()
        .with_replica_id(BrokerId(-1))
        .with_max_wait_ms(0)
        .with_max_bytes(1 << 20)
        .with_rack_id(StrBytes::from_string(rack.to_string()))
        .with_topics(vec![FetchTopic::default()
            .with_topic(TopicName(StrBytes::from_string(topic.to_string())))
            .with_partitions(vec![FetchPartition::default()
                .with_partition(0)
                .with_fetch_offset(offset)
                .with_current_leader_epoch(epoch)
                .with_partition_max_bytes(1 << 20)])]);
    let at = addr(cluster, id);
    let response = tokio::task::spawn_blocking(move || raw::Client::connect(at).call(12, &request))
        .await
        .unwrap();
    let p = &response.responses[0].partitions[0];
    Answer {
        error: p.error_code,
        high_watermark: p.high_watermark,
        preferred: p.preferred_read_replica.0,
        end: p.records.as_ref().and_then(|r| records_end(r)),
    }
}

/// Fetches until `done` holds for the answer (the cluster's view moves asynchronously), for
/// up to 10 s; returns that answer.
async fn fetch_until(
    cluster: &Cluster,
    id: i32,
    rack: &str,
    epoch: i32,
    what: &str,
    done: impl Fn(&Answer) -> bool,
) -> Answer {
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    loop {
        let answer = fetch(cluster, id, "follow", rack, 0, epoch).await;
        if done(&answer) {
            return answer;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "timed out waiting until {what}: {answer:?}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// The leader and leader epoch of `topic`-0 in broker `id`'s view.
fn leader_of(cluster: &Cluster, id: i32, topic: &str) -> (i32, i32) {
    let view = cluster.broker(id).broker().view();
    let state = &view.topics[topic].states[&0];
    (state.leader, state.leader_epoch)
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
    // The last broker to stop has no one to hand its leaderships to: it retries its
    // controlled shutdown quickly.
    let fast = [
        ("replica.fetch.wait.max.ms", "100"),
        ("replica.fetch.backoff.ms", "100"),
        ("controlled.shutdown.retry.backoff.ms", "100"),
    ];
    let mut cluster = Cluster::start_each(dir.path(), 3, &fast, &own).await;
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
    let fetch0 = |id, topic, rack| fetch(&cluster, id, topic, rack, 0, -1);
    let pointed = Answer {
        error: 0,
        high_watermark: 100,
        preferred: 1,
        end: None,
    };
    assert_eq!(fetch0(0, "follow", "b").await, pointed);
    let served = Answer {
        preferred: -1,
        end: Some(100),
        ..pointed
    };
    assert_eq!(fetch0(0, "follow", "a").await, served);
    assert_eq!(fetch0(0, "follow", "").await, served);
    // The follower serves the consumer every record up to its high watermark.
    assert_eq!(fetch0(1, "follow", "b").await, served);
    // Without the selector there is no preferred read replica.
    assert_eq!(fetch0(2, "plain", "b").await, served);

    // librdkafka with client.rack=b reads every record, its fetches handled by broker 1:
    // the leader sends no record of follow-0 to consumers meanwhile, broker 1 all of them.
    let bytes_out = |id: i32| {
        let broker = cluster.broker(id).broker();
        broker
            .partition("follow", 0)
            .unwrap()
            .counters
            .bytes_out
            .get()
    };
    let (leader_out, follower_out) = (bytes_out(0), bytes_out(1));
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
    assert_eq!(
        bytes_out(0),
        leader_out,
        "the leader sent records to rack b"
    );
    assert!(bytes_out(1) > follower_out, "broker 1 sent no records");
    drop(consumer);

    // A follower holds records beyond its high watermark until its next fetch from the
    // leader tells it the new one: a consumer fetching there gets nothing and no error (as
    // Kafka's follower reads), and past its log end OFFSET_OUT_OF_RANGE. Each new record
    // opens such a window; it is checked when the follower's high watermark held still
    // around the fetch.
    let log = || follower.partition("follow", 0).unwrap().log.clone();
    let mut between = None;
    for i in 100..110 {
        let value = format!("follow-{i}");
        producer
            .send(
                FutureRecord::to("follow").payload(&value).key("k"),
                Duration::from_secs(10),
            )
            .await
            .unwrap();
        let (hw, end) = (log().high_watermark(), log().log_end_offset());
        if hw < end {
            let answer = fetch(&cluster, 1, "follow", "b", hw, -1).await;
            if log().high_watermark() == hw {
                between = Some((hw, answer));
                break;
            }
        }
    }
    let (hw, answer) = between.expect("the follower's high watermark never trailed its log end");
    let empty = Answer {
        error: 0,
        high_watermark: hw,
        preferred: -1,
        end: None,
    };
    assert_eq!(answer, empty);
    let past_end = fetch(&cluster, 1, "follow", "b", log().log_end_offset() + 1, -1).await;
    assert_eq!((past_end.error, past_end.end), (1, None), "{past_end:?}");
    drop(producer);

    // The leader moves (broker 0 stops): a consumer still fetching from follower 2 in the
    // old leader epoch is fenced, and the new leader (broker 1, in rack b) serves rack b
    // itself and points rack c at broker 2 again.
    let (_, old_epoch) = leader_of(&cluster, 2, "follow");
    cluster.stop(0).await;
    wait_until("broker 2 knows follow-0's new leader", || {
        leader_of(&cluster, 2, "follow").1 > old_epoch
    })
    .await;
    let (leader, epoch) = leader_of(&cluster, 2, "follow");
    assert_eq!(leader, 1);
    let fenced = fetch(&cluster, 2, "follow", "c", 0, old_epoch).await;
    assert_eq!(fenced.error, 74, "FENCED_LEADER_EPOCH: {fenced:?}");
    let from_leader = fetch_until(&cluster, 1, "b", epoch, "broker 1 serves rack b", |a| {
        a.error == 0
    })
    .await;
    assert_eq!(
        (from_leader.preferred, from_leader.end.is_some()),
        (-1, true)
    );
    let reselected = fetch_until(&cluster, 1, "c", epoch, "rack c is pointed at 2", |a| {
        a.preferred != -1
    })
    .await;
    assert_eq!((reselected.error, reselected.preferred), (0, 2));

    // Broker 2 leaves the ISR (it stops; the controller's ISR change bumps the leader
    // epoch): the leader serves rack c itself.
    cluster.stop(2).await;
    let back = fetch_until(&cluster, 1, "c", -1, "the leader serves rack c", |a| {
        a.error == 0 && a.preferred == -1
    })
    .await;
    assert!(back.end.is_some(), "{back:?}");
    cluster.shutdown().await;
}
