//! `kt mirror-maker` between two separate in-process kt brokers: a topic created on the
//! target with the source's partition count and configs, every record copied with its key,
//! headers, timestamp and partition, and a mirror killed (SIGKILL) mid-run and started again
//! losing nothing (at least once).

use crate::common;

use std::collections::HashMap;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use rdkafka::admin::{AdminClient, AdminOptions, NewTopic, ResourceSpecifier, TopicReplication};
use rdkafka::client::DefaultClientContext;
use rdkafka::consumer::{BaseConsumer, Consumer};
use rdkafka::message::{Header, Headers, Message, OwnedHeaders};
use rdkafka::producer::{FutureProducer, FutureRecord};
use rdkafka::{Offset, TopicPartitionList};

const TOPIC: &str = "mirrored";
const PARTITIONS: i32 = 3;

/// One record as the test compares it: partition, key, headers, timestamp.
type Seen = (i32, Option<String>, Vec<(String, String)>, i64);

/// Produces `values` to the source, each to partition `i % 3` with a key and a header.
async fn produce(bootstrap: &str, values: std::ops::Range<usize>) {
    let producer: FutureProducer = common::client(bootstrap)
        .set("acks", "all")
        .create()
        .unwrap();
    for i in values {
        let value = format!("v{i}");
        let key = format!("k{i}");
        let header = format!("h{i}");
        let record = FutureRecord::to(TOPIC)
            .payload(&value)
            .key(&key)
            .partition((i % PARTITIONS as usize) as i32)
            .timestamp(1_700_000_000_000 + i as i64)
            .headers(OwnedHeaders::new().insert(Header {
                key: "origin",
                value: Some(&header),
            }));
        producer
            .send(record, Duration::from_secs(10))
            .await
            .unwrap();
    }
}

/// Every record of the topic on a cluster, by value.
fn read_all(bootstrap: &str, want: usize) -> HashMap<String, Vec<Seen>> {
    let reader: BaseConsumer = common::client(bootstrap)
        .set("group.id", "mirror-check")
        .set("enable.auto.commit", "false")
        .create()
        .unwrap();
    let mut assignment = TopicPartitionList::new();
    for p in 0..PARTITIONS {
        assignment
            .add_partition_offset(TOPIC, p, Offset::Beginning)
            .unwrap();
    }
    reader.assign(&assignment).unwrap();
    let mut out: HashMap<String, Vec<Seen>> = HashMap::new();
    let mut count = 0;
    let deadline = Instant::now() + Duration::from_secs(20);
    while count < want && Instant::now() < deadline {
        if let Some(Ok(m)) = reader.poll(Duration::from_millis(100)) {
            let text = |b: Option<&[u8]>| b.map(|b| String::from_utf8_lossy(b).into_owned());
            let headers = m
                .headers()
                .map(|h| {
                    h.iter()
                        .map(|h| (h.key.to_string(), text(h.value).unwrap_or_default()))
                        .collect()
                })
                .unwrap_or_default();
            let seen = (
                m.partition(),
                text(m.key()),
                headers,
                m.timestamp().to_millis().unwrap_or(-1),
            );
            out.entry(text(m.payload()).unwrap_or_default())
                .or_default()
                .push(seen);
            count += 1;
        }
    }
    out
}

/// Records on the target's partitions of the topic (0 while it does not exist there).
fn target_count(target: &kt::broker::RunningBroker) -> i64 {
    (0..PARTITIONS)
        .filter_map(|p| target.broker().partition(TOPIC, p))
        .map(|p| p.log.log_end_offset())
        .sum()
}

fn spawn_mirror(dir: &Path) -> common::KtProcess {
    let child = Command::new(common::kt_path())
        .args(["mirror-maker", "--consumer.config"])
        .arg(dir.join("consumer.properties"))
        .arg("--producer.config")
        .arg(dir.join("producer.properties"))
        .args(["--include", "mirr.*", "--offset.commit.interval.ms", "100"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    common::KtProcess(child)
}

async fn wait_for(what: &str, done: impl Fn() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(60);
    while !done() {
        assert!(Instant::now() < deadline, "timed out waiting until {what}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_mirror_copies_everything_at_least_once_across_a_kill() {
    let dir = tempfile::tempdir().unwrap();
    let source = common::start_broker(&dir.path().join("source"), &[]).await;
    let target = common::start_broker(&dir.path().join("target"), &[]).await;
    let (src, dst) = (source.bootstrap(), target.bootstrap());

    let admin: AdminClient<DefaultClientContext> = common::client(&src).create().unwrap();
    let topic = NewTopic::new(TOPIC, PARTITIONS, TopicReplication::Fixed(1))
        .set("retention.ms", "123456789");
    let created = admin
        .create_topics(&[topic], &AdminOptions::new())
        .await
        .unwrap();
    assert!(created[0].is_ok(), "{created:?}");
    produce(&src, 0..300).await;

    std::fs::write(
        dir.path().join("consumer.properties"),
        // A killed member's partitions move on after its session times out (librdkafka's
        // default is 45 s).
        format!(
            "bootstrap.servers={src}\ngroup.id=mirror\nauto.offset.reset=earliest\n\
             session.timeout.ms=6000\n"
        ),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("producer.properties"),
        format!("bootstrap.servers={dst}\n"),
    )
    .unwrap();

    // Killed as soon as it has copied something: whatever it had not committed is copied
    // again by the next run.
    let mut mirror = spawn_mirror(dir.path());
    wait_for("the mirror copies a first record", || {
        target_count(&target) > 0
    })
    .await;
    mirror.kill_9();
    produce(&src, 300..600).await;
    let mut mirror = spawn_mirror(dir.path());
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        wait_for("600 records on the target", || target_count(&target) >= 600).await;
        let (bootstrap, have) = (dst.clone(), target_count(&target) as usize);
        let copied = tokio::task::spawn_blocking(move || read_all(&bootstrap, have))
            .await
            .unwrap();
        if copied.len() == 600 {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "only {} distinct records copied",
            copied.len()
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }

    // A clean stop: flushed and committed, exit code 0.
    unsafe { libc::kill(mirror.0.id() as i32, libc::SIGTERM) };
    let status = mirror.0.wait().unwrap();
    assert_eq!(status.code(), Some(0));

    let (d, s, have) = (dst.clone(), src.clone(), target_count(&target) as usize);
    let copied = tokio::task::spawn_blocking(move || read_all(&d, have))
        .await
        .unwrap();
    let original = tokio::task::spawn_blocking(move || read_all(&s, 600))
        .await
        .unwrap();
    assert_eq!(original.len(), 600);
    for (value, seen) in &original {
        let copies = copied
            .get(value)
            .unwrap_or_else(|| panic!("{value} was not copied"));
        for copy in copies {
            assert_eq!(
                copy, &seen[0],
                "{value} copied with its partition, key, headers and timestamp"
            );
        }
    }

    // The topic on the target: the source's partition count and its config override.
    let target_admin: AdminClient<DefaultClientContext> = common::client(&dst).create().unwrap();
    let configs = target_admin
        .describe_configs(&[ResourceSpecifier::Topic(TOPIC)], &AdminOptions::new())
        .await
        .unwrap();
    let resource = configs[0].as_ref().unwrap();
    let retention = resource.get("retention.ms").and_then(|e| e.value.clone());
    assert_eq!(retention.as_deref(), Some("123456789"));
    assert!(target_count(&target) >= 600);
    assert!(target.broker().partition(TOPIC, PARTITIONS - 1).is_some());
    assert!(target.broker().partition(TOPIC, PARTITIONS).is_none());

    source.shutdown().await;
    target.shutdown().await;
}

#[test]
fn a_java_message_handler_is_refused_clearly() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("c.properties"),
        "bootstrap.servers=127.0.0.1:1\ngroup.id=g\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("p.properties"),
        "bootstrap.servers=127.0.0.1:1\n",
    )
    .unwrap();
    let c = dir.path().join("c.properties");
    let p = dir.path().join("p.properties");
    let (out, err, code) = common::run_kt(
        [
            "mirror-maker".as_ref(),
            "--consumer.config".as_ref(),
            c.as_os_str(),
            "--producer.config".as_ref(),
            p.as_os_str(),
            "--include".as_ref(),
            "t".as_ref(),
            "--message.handler".as_ref(),
            "com.example.Handler".as_ref(),
        ],
        "",
    );
    assert_eq!((out.as_str(), code), ("", 1));
    assert!(
        err.contains("--message.handler com.example.Handler: kt cannot load Java classes"),
        "{err}"
    );
    // No include list: Kafka's error.
    let (_, err, code) = common::run_kt(
        [
            "mirror-maker".as_ref(),
            "--consumer.config".as_ref(),
            c.as_os_str(),
            "--producer.config".as_ref(),
            p.as_os_str(),
        ],
        "",
    );
    assert_eq!(code, 1);
    assert!(
        err.contains("ERROR include list must be specified"),
        "{err}"
    );
}
