//! `cleanup.policy=compact` end to end through librdkafka: the log cleaner leaves the latest
//! record of each key, at its original offset, across a restart; a record without a key is
//! refused as Kafka refuses it.

use crate::common;

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use rdkafka::admin::{AdminClient, AdminOptions, NewTopic, TopicReplication};
use rdkafka::client::DefaultClientContext;
use rdkafka::consumer::{BaseConsumer, Consumer};
use rdkafka::error::KafkaError;
use rdkafka::producer::{FutureProducer, FutureRecord};
use rdkafka::types::RDKafkaErrorCode;
use rdkafka::{Message, Offset, TopicPartitionList};

const TIMEOUT: Duration = Duration::from_secs(10);
const TOPIC: &str = "table";

/// Every record of partition 0 from the beginning up to the high watermark:
/// (offset, key, value).
fn read_all(bootstrap: &str) -> Vec<(i64, String, String)> {
    let consumer: BaseConsumer = common::client(bootstrap)
        .set("group.id", "unused")
        .set("enable.auto.commit", "false")
        .create()
        .unwrap();
    let (_, high) = consumer
        .fetch_watermarks(TOPIC, 0, TIMEOUT)
        .expect("watermarks");
    let mut assignment = TopicPartitionList::new();
    assignment
        .add_partition_offset(TOPIC, 0, Offset::Beginning)
        .unwrap();
    consumer.assign(&assignment).unwrap();
    let mut seen = Vec::new();
    let deadline = Instant::now() + TIMEOUT;
    while seen.last().is_none_or(|(o, _, _)| *o + 1 < high) && Instant::now() < deadline {
        if let Some(message) = consumer.poll(Duration::from_millis(100)) {
            let m = message.unwrap();
            let text =
                |b: Option<&[u8]>| String::from_utf8(b.unwrap_or_default().to_vec()).unwrap();
            seen.push((m.offset(), text(m.key()), text(m.payload())));
        }
    }
    seen
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_compacted_topic_keeps_the_latest_value_of_each_key_across_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let settings = [("log.cleaner.backoff.ms", "100")];
    let broker = common::start_broker(dir.path(), &settings).await;
    let bootstrap = broker.bootstrap();
    let admin: AdminClient<DefaultClientContext> = common::client(&bootstrap).create().unwrap();
    let created = admin
        .create_topics(
            &[NewTopic::new(TOPIC, 1, TopicReplication::Fixed(1))
                .set("cleanup.policy", "compact")
                .set("segment.ms", "100")
                .set("min.cleanable.dirty.ratio", "0.01")],
            &AdminOptions::new(),
        )
        .await
        .unwrap();
    assert!(created[0].is_ok(), "{created:?}");

    let producer: FutureProducer = common::client(&bootstrap).create().unwrap();
    // Five rounds of updates to five keys, each round in its own segment (segment.ms).
    let mut latest: BTreeMap<String, (i64, String)> = BTreeMap::new();
    for round in 0..5 {
        for k in 0..5 {
            let (key, value) = (format!("k{k}"), format!("v{round}"));
            let offset = producer
                .send(FutureRecord::to(TOPIC).key(&key).payload(&value), TIMEOUT)
                .await
                .unwrap()
                .offset;
            latest.insert(key, (offset, value));
        }
        tokio::time::sleep(Duration::from_millis(150)).await;
    }
    // One more record rolls the last round's segment closed.
    let last_offset = producer
        .send(FutureRecord::to(TOPIC).key("end").payload("x"), TIMEOUT)
        .await
        .unwrap()
        .offset;
    assert_eq!(last_offset, 25);
    let mut expected: Vec<(i64, String, String)> = latest
        .iter()
        .map(|(k, (o, v))| (*o, k.clone(), v.clone()))
        .collect();
    expected.push((last_offset, "end".into(), "x".into()));
    expected.sort();

    // The cleaner runs every 100 ms; wait (bounded) for it to have cleaned everything.
    let deadline = Instant::now() + Duration::from_secs(20);
    let mut seen = read_all(&bootstrap);
    while seen != expected && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(200)).await;
        seen = read_all(&bootstrap);
    }
    assert_eq!(seen, expected);

    // A record without a key is refused with INVALID_RECORD, as Kafka does.
    let refused = producer
        .send(FutureRecord::<(), _>::to(TOPIC).payload("no key"), TIMEOUT)
        .await;
    match refused {
        Err((KafkaError::MessageProduction(code), _)) => {
            assert_eq!(code, RDKafkaErrorCode::InvalidRecord)
        }
        other => panic!("a keyless record was not refused: {other:?}"),
    }
    drop(producer);
    broker.shutdown().await;

    // After a restart the log reads the same, and the cleaner's checkpoint was kept.
    let checkpoint =
        std::fs::read_to_string(dir.path().join("logs").join("cleaner-offset-checkpoint")).unwrap();
    assert!(checkpoint.contains(&format!("{TOPIC} 0 ")), "{checkpoint}");
    let broker = common::start_broker(dir.path(), &settings).await;
    assert_eq!(read_all(&broker.bootstrap()), expected);
    broker.shutdown().await;
}
