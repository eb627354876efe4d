//! The broker against librdkafka (the rdkafka crate): admin, produce and fetch as a real
//! client does them.

use crate::common;

use std::time::Duration;

use rdkafka::admin::{AdminClient, AdminOptions, NewPartitions, NewTopic, TopicReplication};
use rdkafka::client::DefaultClientContext;
use rdkafka::consumer::{BaseConsumer, Consumer};
use rdkafka::message::{Header, OwnedHeaders};
use rdkafka::producer::{FutureProducer, FutureRecord};
use rdkafka::types::RDKafkaErrorCode;
use rdkafka::{Message, Offset, TopicPartitionList};

const TIMEOUT: Duration = Duration::from_secs(10);

/// A consumed record: partition, offset, value, key.
type Consumed = (i32, i64, Vec<u8>, Option<Vec<u8>>);

/// Reads `count` records from every partition of `topic` from the beginning, without a group.
fn consume_all(bootstrap: &str, topic: &str, partitions: i32, count: usize) -> Vec<Consumed> {
    let consumer = common::assigned_from_start(bootstrap, "unused", topic, partitions);
    let mut seen = Vec::new();
    let deadline = std::time::Instant::now() + TIMEOUT;
    while seen.len() < count && std::time::Instant::now() < deadline {
        if let Some(message) = consumer.poll(Duration::from_millis(100)) {
            let m = message.unwrap();
            seen.push((
                m.partition(),
                m.offset(),
                m.payload().unwrap_or_default().to_vec(),
                m.key().map(|k| k.to_vec()),
            ));
        }
    }
    seen
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn records_produced_by_librdkafka_are_consumed_back_in_order() {
    let dir = tempfile::tempdir().unwrap();
    let broker = common::start_broker(dir.path(), &[]).await;
    let bootstrap = broker.bootstrap();
    common::create_topic(&bootstrap, "orders", 3).await;

    let producer: FutureProducer = common::client(&bootstrap)
        .set("linger.ms", "5")
        .create()
        .unwrap();
    for i in 0..300 {
        let key = format!("key-{}", i % 3);
        let value = format!("value-{i}");
        let headers = OwnedHeaders::new().insert(Header {
            key: "n",
            value: Some(&i.to_string()),
        });
        let delivery = producer
            .send(
                FutureRecord::to("orders")
                    .partition(i % 3)
                    .key(&key)
                    .payload(&value)
                    .headers(headers),
                TIMEOUT,
            )
            .await
            .unwrap();
        assert_eq!(delivery.partition, i % 3);
    }

    let seen = consume_all(&bootstrap, "orders", 3, 300);
    assert_eq!(seen.len(), 300);
    for p in 0..3 {
        let offsets: Vec<i64> = seen.iter().filter(|s| s.0 == p).map(|s| s.1).collect();
        assert_eq!(offsets, (0..100).collect::<Vec<_>>(), "partition {p}");
    }
    let (_, _, value, key) = seen.iter().find(|s| s.0 == 1 && s.1 == 0).unwrap();
    assert_eq!(value, b"value-1");
    assert_eq!(key.as_deref(), Some(&b"key-1"[..]));
    broker.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_compression_codec_round_trips() {
    let dir = tempfile::tempdir().unwrap();
    let broker = common::start_broker(dir.path(), &[]).await;
    let bootstrap = broker.bootstrap();
    for codec in ["none", "gzip", "snappy", "lz4", "zstd"] {
        let topic = format!("codec-{codec}");
        let producer: FutureProducer = common::client(&bootstrap)
            .set("compression.codec", codec)
            .set("linger.ms", "20")
            .create()
            .unwrap();
        let sends: Vec<_> = (0..200)
            .map(|i| {
                let payload = format!("{codec} record {i} {}", "x".repeat(50));
                let producer = producer.clone();
                let topic = topic.clone();
                async move {
                    producer
                        .send(FutureRecord::<(), _>::to(&topic).payload(&payload), TIMEOUT)
                        .await
                }
            })
            .collect();
        for result in futures::future::join_all(sends).await {
            result.unwrap();
        }
        let seen = consume_all(&bootstrap, &topic, 1, 200);
        assert_eq!(seen.len(), 200, "{codec}");
        for (i, s) in seen.iter().enumerate() {
            assert_eq!(s.1, i as i64);
            assert!(String::from_utf8_lossy(&s.2).starts_with(&format!("{codec} record {i} ")));
        }
    }
    broker.shutdown().await;
}

/// A topic's own `compression.type` decides how its batches are stored, whatever the producer
/// sent (as with Kafka): zstd batches from librdkafka land as gzip, and read back unchanged.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_topic_compression_type_recompresses_what_producers_send() {
    let dir = tempfile::tempdir().unwrap();
    let broker = common::start_broker(dir.path(), &[]).await;
    let bootstrap = broker.bootstrap();
    let admin: AdminClient<DefaultClientContext> = common::client(&bootstrap).create().unwrap();
    let topic =
        NewTopic::new("stored-gzip", 1, TopicReplication::Fixed(1)).set("compression.type", "gzip");
    let created = admin
        .create_topics(&[topic], &AdminOptions::new())
        .await
        .unwrap();
    assert!(created[0].is_ok(), "{created:?}");
    let producer: FutureProducer = common::client(&bootstrap)
        .set("compression.codec", "zstd")
        .set("linger.ms", "20")
        .create()
        .unwrap();
    let sends: Vec<_> = (0..100)
        .map(|i| {
            let producer = producer.clone();
            async move {
                let key = format!("key-{i}");
                let value = format!("record {i} {}", "y".repeat(40));
                producer
                    .send(
                        FutureRecord::to("stored-gzip").key(&key).payload(&value),
                        TIMEOUT,
                    )
                    .await
            }
        })
        .collect();
    for result in futures::future::join_all(sends).await {
        result.unwrap();
    }
    let seen = consume_all(&bootstrap, "stored-gzip", 1, 100);
    assert_eq!(seen.len(), 100);
    for (i, s) in seen.iter().enumerate() {
        assert_eq!(s.1, i as i64);
        assert_eq!(s.3.as_deref(), Some(format!("key-{i}").as_bytes()));
        assert!(String::from_utf8_lossy(&s.2).starts_with(&format!("record {i} ")));
    }
    // Every stored batch says gzip (codec 1) in its attributes.
    let log = std::fs::read(
        dir.path()
            .join("logs/stored-gzip-0/00000000000000000000.log"),
    )
    .unwrap();
    let mut at = 0;
    let mut batches = 0;
    while at + 61 <= log.len() {
        let length = i32::from_be_bytes(log[at + 8..at + 12].try_into().unwrap()) as usize;
        let attributes = i16::from_be_bytes([log[at + 21], log[at + 22]]);
        assert_eq!(attributes & 0x07, 1, "batch at {at} is not gzip");
        at += 12 + length;
        batches += 1;
    }
    assert!(batches > 0);
    assert_eq!(at, log.len());
    broker.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn admin_errors_are_kafkas() {
    let dir = tempfile::tempdir().unwrap();
    let broker = common::start_broker(dir.path(), &[]).await;
    let bootstrap = broker.bootstrap();
    common::create_topic(&bootstrap, "taken", 1).await;
    let admin: AdminClient<DefaultClientContext> = common::client(&bootstrap).create().unwrap();
    let opts = AdminOptions::new();

    let again = admin
        .create_topics(
            &[NewTopic::new("taken", 1, TopicReplication::Fixed(1))],
            &opts,
        )
        .await
        .unwrap();
    assert_eq!(
        again[0],
        Err(("taken".to_string(), RDKafkaErrorCode::TopicAlreadyExists))
    );

    let rf3 = admin
        .create_topics(
            &[NewTopic::new("rf3", 1, TopicReplication::Fixed(3))],
            &opts,
        )
        .await
        .unwrap();
    assert_eq!(
        rf3[0],
        Err((
            "rf3".to_string(),
            RDKafkaErrorCode::InvalidReplicationFactor
        ))
    );

    let bad_name = admin
        .create_topics(
            &[NewTopic::new("bad name", 1, TopicReplication::Fixed(1))],
            &opts,
        )
        .await
        .unwrap();
    assert_eq!(
        bad_name[0],
        Err(("bad name".to_string(), RDKafkaErrorCode::InvalidTopic))
    );

    let shrink = admin
        .create_partitions(&[NewPartitions::new("taken", 1)], &opts)
        .await
        .unwrap();
    assert_eq!(
        shrink[0],
        Err(("taken".to_string(), RDKafkaErrorCode::InvalidPartitions))
    );
    let grow = admin
        .create_partitions(&[NewPartitions::new("taken", 4)], &opts)
        .await
        .unwrap();
    assert!(grow[0].is_ok(), "{grow:?}");

    let missing = admin.delete_topics(&["nope"], &opts).await.unwrap();
    assert_eq!(
        missing[0],
        Err((
            "nope".to_string(),
            RDKafkaErrorCode::UnknownTopicOrPartition
        ))
    );
    let deleted = admin.delete_topics(&["taken"], &opts).await.unwrap();
    assert!(deleted[0].is_ok());
    assert!(broker.broker().topic("taken").is_none());
    broker.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn metadata_auto_creates_topics_and_watermarks_follow_appends() {
    let dir = tempfile::tempdir().unwrap();
    let broker = common::start_broker(dir.path(), &[("num.partitions", "2")]).await;
    let bootstrap = broker.bootstrap();
    let producer: FutureProducer = common::client(&bootstrap).create().unwrap();
    for i in 0..10 {
        producer
            .send(
                FutureRecord::<(), _>::to("auto")
                    .partition(i % 2)
                    .payload("x"),
                TIMEOUT,
            )
            .await
            .unwrap();
    }
    let topic = broker.broker().topic("auto").expect("auto-created");
    assert_eq!(topic.meta.partitions, 2);
    let consumer: BaseConsumer = common::client(&bootstrap)
        .set("group.id", "w")
        .create()
        .unwrap();
    let (low, high) = consumer.fetch_watermarks("auto", 0, TIMEOUT).unwrap();
    assert_eq!((low, high), (0, 5));
    broker.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_consumer_at_the_log_end_gets_new_records_without_waiting_out_max_wait() {
    let dir = tempfile::tempdir().unwrap();
    let broker = common::start_broker(dir.path(), &[]).await;
    let bootstrap = broker.bootstrap();
    common::create_topic(&bootstrap, "live", 1).await;
    let consumer: BaseConsumer = common::client(&bootstrap)
        .set("group.id", "unused")
        .set("fetch.wait.max.ms", "5000")
        .create()
        .unwrap();
    let mut assignment = TopicPartitionList::new();
    assignment
        .add_partition_offset("live", 0, Offset::End)
        .unwrap();
    consumer.assign(&assignment).unwrap();
    // Let the consumer reach the log end and start long-polling.
    for _ in 0..10 {
        consumer.poll(Duration::from_millis(100));
    }
    let producer: FutureProducer = common::client(&bootstrap).create().unwrap();
    let sent_at = std::time::Instant::now();
    producer
        .send(FutureRecord::<(), _>::to("live").payload("now"), TIMEOUT)
        .await
        .unwrap();
    let mut got = None;
    while sent_at.elapsed() < Duration::from_secs(4) && got.is_none() {
        if let Some(m) = consumer.poll(Duration::from_millis(50)) {
            got = Some(m.unwrap().payload().unwrap().to_vec());
        }
    }
    // Far less than fetch.wait.max.ms: the waiting fetch was woken by the append.
    assert_eq!(got.as_deref(), Some(&b"now"[..]));
    assert!(sent_at.elapsed() < Duration::from_secs(4));
    // Clients first: a librdkafka consumer closing against a stopped broker waits ~45 s.
    drop(consumer);
    drop(producer);
    broker.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_idempotent_producer_writes_each_record_once() {
    let dir = tempfile::tempdir().unwrap();
    let broker = common::start_broker(dir.path(), &[]).await;
    let bootstrap = broker.bootstrap();
    common::create_topic(&bootstrap, "exactly", 1).await;
    let producer: FutureProducer = common::client(&bootstrap)
        .set("enable.idempotence", "true")
        .set("acks", "all")
        .create()
        .unwrap();
    let sends: Vec<_> = (0..1000)
        .map(|i| {
            let producer = producer.clone();
            async move {
                let payload = format!("{i}");
                producer
                    .send(
                        FutureRecord::<(), _>::to("exactly").payload(&payload),
                        TIMEOUT,
                    )
                    .await
            }
        })
        .collect();
    for r in futures::future::join_all(sends).await {
        r.unwrap();
    }
    let seen = consume_all(&bootstrap, "exactly", 1, 1000);
    assert_eq!(seen.len(), 1000);
    let mut values: Vec<u32> = seen
        .iter()
        .map(|s| String::from_utf8_lossy(&s.2).parse().unwrap())
        .collect();
    values.sort_unstable();
    assert_eq!(values, (0..1000).collect::<Vec<_>>());
    broker.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn records_survive_a_clean_restart() {
    let dir = tempfile::tempdir().unwrap();
    let broker = common::start_broker(dir.path(), &[]).await;
    let bootstrap = broker.bootstrap();
    common::create_topic(&bootstrap, "kept", 1).await;
    let producer: FutureProducer = common::client(&bootstrap).create().unwrap();
    for i in 0..50 {
        producer
            .send(
                FutureRecord::<(), _>::to("kept").payload(&format!("{i}")),
                TIMEOUT,
            )
            .await
            .unwrap();
    }
    drop(producer);
    let id = broker.broker().topic("kept").unwrap().meta.id;
    broker.shutdown().await;

    let broker = common::start_broker(dir.path(), &[]).await;
    assert_eq!(broker.broker().topic("kept").unwrap().meta.id, id);
    let seen = consume_all(&broker.bootstrap(), "kept", 1, 50);
    assert_eq!(seen.len(), 50);
    assert_eq!(seen[49].2, b"49");
    broker.shutdown().await;
}

/// The partitions directories of `topic` in a log directory, sorted.
fn partition_dirs(log_dir: &std::path::Path, topic: &str) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(log_dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .filter(|n| {
            n.rsplit_once('-')
                .is_some_and(|(t, p)| t == topic && p.parse::<i32>().is_ok())
        })
        .collect();
    names.sort();
    names
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn partitions_spread_over_every_log_dir_and_come_back_after_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    let log_dirs = format!("{},{}", a.display(), b.display());
    let extra = [("log.dirs", log_dirs.as_str())];
    let broker = common::start_broker(dir.path(), &extra).await;
    let bootstrap = broker.bootstrap();
    common::create_topic(&bootstrap, "spread", 4).await;
    let producer: FutureProducer = common::client(&bootstrap).create().unwrap();
    for i in 0..40 {
        producer
            .send(
                FutureRecord::<(), _>::to("spread")
                    .partition(i % 4)
                    .payload(&format!("{i}")),
                TIMEOUT,
            )
            .await
            .unwrap();
    }
    drop(producer);
    // Two partitions in each directory, each partition in one.
    let (in_a, in_b) = (partition_dirs(&a, "spread"), partition_dirs(&b, "spread"));
    assert_eq!((in_a.len(), in_b.len()), (2, 2), "{in_a:?} {in_b:?}");
    assert!(in_a.iter().all(|p| !in_b.contains(p)));

    // A group's commit creates __consumer_offsets, whose partitions spread as well.
    let mut committer = common::client(&bootstrap);
    tokio::task::spawn_blocking(move || {
        let consumer: BaseConsumer = committer
            .set("group.id", "spread-group")
            .set("enable.auto.commit", "false")
            .create()
            .unwrap();
        let mut tpl = TopicPartitionList::new();
        for p in 0..4 {
            tpl.add_partition_offset("spread", p, Offset::Offset(7))
                .unwrap();
        }
        consumer
            .commit(&tpl, rdkafka::consumer::CommitMode::Sync)
            .unwrap();
    })
    .await
    .unwrap();
    let offsets = (
        partition_dirs(&a, "__consumer_offsets").len(),
        partition_dirs(&b, "__consumer_offsets").len(),
    );
    assert_eq!(offsets, (25, 25));
    broker.shutdown().await;
    for log_dir in [&a, &b] {
        for file in [
            "meta.properties",
            ".kafka_cleanshutdown",
            "recovery-point-offset-checkpoint",
            "log-start-offset-checkpoint",
            "replication-offset-checkpoint",
        ] {
            assert!(
                log_dir.join(file).is_file(),
                "{file} in {}",
                log_dir.display()
            );
        }
    }
    assert!(a.join("kt-topics.json").is_file() && !b.join("kt-topics.json").exists());

    let broker = common::start_broker(dir.path(), &extra).await;
    let bootstrap = broker.bootstrap();
    let mut seen = consume_all(&bootstrap, "spread", 4, 40);
    assert_eq!(seen.len(), 40);
    seen.sort_by_key(|(partition, offset, ..)| (*partition, *offset));
    for (i, (partition, offset, value, _)) in seen.iter().enumerate() {
        assert_eq!(*partition, (i / 10) as i32);
        assert_eq!(*offset, (i % 10) as i64);
        let n: usize = String::from_utf8_lossy(value).parse().unwrap();
        assert_eq!(n % 4, *partition as usize);
    }
    let mut reader = common::client(&bootstrap);
    let committed = tokio::task::spawn_blocking(move || {
        let consumer: BaseConsumer = reader.set("group.id", "spread-group").create().unwrap();
        let mut tpl = TopicPartitionList::new();
        for p in 0..4 {
            tpl.add_partition("spread", p);
        }
        consumer.committed_offsets(tpl, TIMEOUT).unwrap()
    })
    .await
    .unwrap();
    for element in committed.elements() {
        assert_eq!(element.offset(), Offset::Offset(7), "{element:?}");
    }
    broker.shutdown().await;
}
