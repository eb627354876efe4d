//! Consumer groups against librdkafka (the rdkafka crate): subscription, partition
//! assignment across members, rebalances when members leave, committed offsets that
//! outlive the consumer and the broker.

use crate::common;

use std::collections::{BTreeMap, BTreeSet};
use std::time::{Duration, Instant};

use rdkafka::consumer::{BaseConsumer, CommitMode, Consumer};
use rdkafka::producer::{FutureProducer, FutureRecord};
use rdkafka::{Message, Offset, TopicPartitionList};

const TIMEOUT: Duration = Duration::from_secs(20);

/// Produces `count` records `v0..` spread over `partitions` partitions round-robin.
async fn produce(bootstrap: &str, topic: &str, partitions: i32, count: usize) {
    let producer: FutureProducer = common::client(bootstrap).create().unwrap();
    for i in 0..count {
        let value = format!("v{i}");
        producer
            .send(
                FutureRecord::<(), _>::to(topic)
                    .payload(&value)
                    .partition(i as i32 % partitions),
                Duration::from_secs(10),
            )
            .await
            .unwrap();
    }
}

/// A group member with Kafka's defaults but short timeouts, so tests stay quick.
fn member(bootstrap: &str, group: &str, extra: &[(&str, &str)]) -> BaseConsumer {
    let mut config = common::client(bootstrap);
    config
        .set("group.id", group)
        .set("enable.auto.commit", "false")
        .set("auto.offset.reset", "earliest")
        .set("session.timeout.ms", "6000")
        .set("heartbeat.interval.ms", "500");
    for (k, v) in extra {
        config.set(*k, *v);
    }
    config.create().unwrap()
}

fn assigned(consumer: &BaseConsumer) -> BTreeSet<(String, i32)> {
    consumer
        .assignment()
        .unwrap()
        .elements()
        .iter()
        .map(|e| (e.topic().to_string(), e.partition()))
        .collect()
}

/// Polls every consumer until `done` holds for their assignments (or the timeout passes),
/// collecting the values they receive.
fn poll_until(
    consumers: &[&BaseConsumer],
    received: &mut Vec<(usize, i32, i64, String)>,
    mut done: impl FnMut(&[BTreeSet<(String, i32)>], &[(usize, i32, i64, String)]) -> bool,
) -> bool {
    let deadline = Instant::now() + TIMEOUT;
    while Instant::now() < deadline {
        for (i, c) in consumers.iter().enumerate() {
            if let Some(Ok(m)) = c.poll(Duration::from_millis(20)) {
                let value = String::from_utf8_lossy(m.payload().unwrap_or_default()).to_string();
                received.push((i, m.partition(), m.offset(), value));
            }
        }
        let assignments: Vec<_> = consumers.iter().map(|c| assigned(c)).collect();
        if done(&assignments, received) {
            return true;
        }
    }
    false
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn three_members_share_six_partitions_and_take_over_when_one_leaves() {
    let dir = tempfile::tempdir().unwrap();
    let broker = common::start_broker(dir.path(), &[]).await;
    let bootstrap = broker.bootstrap();
    common::create_topic(&bootstrap, "orders", 6).await;
    produce(&bootstrap, "orders", 6, 600).await;

    let b = bootstrap.clone();
    tokio::task::spawn_blocking(move || {
        let a = member(&b, "g", &[]);
        let c = member(&b, "g", &[]);
        let d = member(&b, "g", &[]);
        for m in [&a, &c, &d] {
            m.subscribe(&["orders"]).unwrap();
        }
        let mut received = Vec::new();
        let balanced = poll_until(&[&a, &c, &d], &mut received, |asg, _| {
            asg.iter().all(|s| s.len() == 2)
                && asg.iter().flatten().collect::<BTreeSet<_>>().len() == 6
        });
        assert!(balanced, "three members did not get two partitions each");

        // One member leaves: the other two take over its partitions.
        drop(d);
        let mut received = Vec::new();
        let taken_over = poll_until(&[&a, &c], &mut received, |asg, _| {
            asg.iter().map(|s| s.len()).sum::<usize>() == 6 && asg.iter().all(|s| s.len() == 3)
        });
        assert!(taken_over, "the remaining members did not take over");
        // Every record is read by the two survivors: none skipped.
        let complete = poll_until(&[&a, &c], &mut received, |_, r| {
            r.iter()
                .map(|(_, _, _, v)| v)
                .collect::<BTreeSet<_>>()
                .len()
                == 600
        });
        assert!(complete, "got {} distinct records", received.len());
    })
    .await
    .unwrap();
    broker.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn committed_offsets_resume_a_group_and_survive_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let broker = common::start_broker(dir.path(), &[]).await;
    let bootstrap = broker.bootstrap();
    common::create_topic(&bootstrap, "events", 2).await;
    produce(&bootstrap, "events", 2, 100).await;

    // The first consumer reads 60 records and commits what it read.
    let b = bootstrap.clone();
    let first: BTreeMap<i32, i64> = tokio::task::spawn_blocking(move || {
        let consumer = member(&b, "resume", &[]);
        consumer.subscribe(&["events"]).unwrap();
        let mut received = Vec::new();
        assert!(poll_until(&[&consumer], &mut received, |_, r| r.len() >= 60));
        let mut next = BTreeMap::new();
        for (_, p, o, _) in &received {
            let e = next.entry(*p).or_insert(0);
            *e = (*e).max(o + 1);
        }
        let mut tpl = TopicPartitionList::new();
        for (p, o) in &next {
            tpl.add_partition_offset("events", *p, Offset::Offset(*o))
                .unwrap();
        }
        consumer.commit(&tpl, CommitMode::Sync).unwrap();
        let committed = consumer.committed(Duration::from_secs(5)).unwrap();
        for e in committed.elements() {
            assert_eq!(Offset::Offset(next[&e.partition()]), e.offset());
        }
        next
    })
    .await
    .unwrap();

    broker.shutdown().await;
    let broker = common::start_broker(dir.path(), &[]).await;
    let bootstrap = broker.bootstrap();

    // After a restart, a new member of the group starts at the committed offsets.
    let b = bootstrap.clone();
    tokio::task::spawn_blocking(move || {
        let consumer = member(&b, "resume", &[]);
        consumer.subscribe(&["events"]).unwrap();
        let remaining: usize = 100 - first.values().map(|o| *o as usize).sum::<usize>();
        let mut received = Vec::new();
        assert!(poll_until(&[&consumer], &mut received, |_, r| r.len() >= remaining));
        for (_, p, o, _) in &received {
            assert!(
                *o >= first[p],
                "partition {p} offset {o} was before the commit"
            );
        }
        std::thread::sleep(Duration::from_millis(300));
        while let Some(Ok(m)) = consumer.poll(Duration::from_millis(50)) {
            received.push((0, m.partition(), m.offset(), String::new()));
        }
        assert_eq!(received.len(), remaining, "records read twice or lost");
    })
    .await
    .unwrap();
    broker.shutdown().await;
}
