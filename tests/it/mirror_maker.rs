//! `kt mirror-maker` between two separate in-process kt brokers: a topic created on the
//! target with the source's partition count and configs, every record copied with its key,
//! headers, timestamp and partition, and a mirror killed (SIGKILL) mid-run and started again
//! losing nothing (at least once).

use crate::common;

use std::collections::HashMap;
use std::path::Path;
use std::time::{Duration, Instant};

use rdkafka::admin::{AdminClient, AdminOptions, NewTopic, ResourceSpecifier, TopicReplication};
use rdkafka::client::DefaultClientContext;
use rdkafka::message::Message;

use crate::common::cluster::wait_within;
use crate::common::mirror::{end_offsets, produce_keyed, seen, Seen};

const TOPIC: &str = "mirrored";
const PARTITIONS: i32 = 3;

/// Every record of the topic on a cluster, by value.
fn read_all(bootstrap: &str, want: usize) -> HashMap<String, Vec<Seen>> {
    let reader = common::assigned_from_start(bootstrap, "mirror-check", TOPIC, PARTITIONS);
    let mut out: HashMap<String, Vec<Seen>> = HashMap::new();
    let mut count = 0;
    let deadline = Instant::now() + Duration::from_secs(20);
    while count < want && Instant::now() < deadline {
        if let Some(Ok(m)) = reader.poll(Duration::from_millis(100)) {
            let value = String::from_utf8_lossy(m.payload().unwrap_or_default()).into_owned();
            out.entry(value).or_default().push(seen(&m));
            count += 1;
        }
    }
    out
}

/// Records on the target's partitions of the topic (0 while it does not exist there).
fn target_count(target: &kt::broker::RunningBroker) -> i64 {
    end_offsets(target, TOPIC, PARTITIONS)
}

fn spawn_mirror(dir: &Path) -> common::KtProcess {
    common::KtProcess::spawn([
        "mirror-maker".as_ref(),
        "--consumer.config".as_ref(),
        dir.join("consumer.properties").as_os_str(),
        "--producer.config".as_ref(),
        dir.join("producer.properties").as_os_str(),
        "--include".as_ref(),
        "mirr.*".as_ref(),
        "--offset.commit.interval.ms".as_ref(),
        "100".as_ref(),
    ])
}

/// Writes the mirror's `consumer.properties` (group `mirror`, from the earliest offset, and
/// `consumer_extra` lines) and `producer.properties` into `dir`.
fn write_configs(dir: &Path, source: &str, target: &str, consumer_extra: &str) {
    std::fs::write(
        dir.join("consumer.properties"),
        format!(
            "bootstrap.servers={source}\ngroup.id=mirror\nauto.offset.reset=earliest\n\
             {consumer_extra}"
        ),
    )
    .unwrap();
    std::fs::write(
        dir.join("producer.properties"),
        format!("bootstrap.servers={target}\n"),
    )
    .unwrap();
}

/// Polls `done` for up to 60 s.
async fn wait_for(what: &str, done: impl Fn() -> bool) {
    wait_within(what, Duration::from_secs(60), done).await
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
    produce_keyed(&src, TOPIC, PARTITIONS, 0..300).await;

    // A killed member's partitions move on after its session times out (librdkafka's
    // default is 45 s).
    write_configs(dir.path(), &src, &dst, "session.timeout.ms=6000\n");

    // Killed as soon as it has copied something: whatever it had not committed is copied
    // again by the next run.
    let mut mirror = spawn_mirror(dir.path());
    wait_for("the mirror copies a first record", || {
        target_count(&target) > 0
    })
    .await;
    mirror.kill_9();
    produce_keyed(&src, TOPIC, PARTITIONS, 300..600).await;
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

/// Values of every record of `topic`'s partition 0 on a cluster, with their timestamps, in
/// offset order.
fn values_with_timestamps(bootstrap: &str, topic: &str, want: usize) -> Vec<(String, i64)> {
    let reader = common::assigned_from_start(bootstrap, "mirror-check", topic, 1);
    let mut out = Vec::new();
    let deadline = Instant::now() + Duration::from_secs(20);
    while out.len() < want && Instant::now() < deadline {
        if let Some(Ok(m)) = reader.poll(Duration::from_millis(100)) {
            let value = String::from_utf8_lossy(m.payload().unwrap_or_default()).into_owned();
            out.push((value, m.timestamp().to_millis().unwrap_or(-1)));
        }
    }
    out
}

/// The mirror copies whole batches where it can (a compressed batch reaches the target as
/// the producer compressed it, where the mirror's own producer would not compress) and hands
/// to its record path what batches cannot carry as they are: LogAppendTime records get the
/// append time as their timestamp, as Kafka's mirror copies them, and partitions the target
/// topic lacks go through the producer's partitioner. Aborted transactions are not copied.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn whole_batches_are_copied_and_what_they_cannot_carry_goes_record_by_record() {
    use rdkafka::producer::{BaseRecord, FutureProducer, FutureRecord, Producer};

    let dir = tempfile::tempdir().unwrap();
    let source = common::start_broker(&dir.path().join("source"), &[]).await;
    let target = common::start_broker(&dir.path().join("target"), &[]).await;
    let (src, dst) = (source.bootstrap(), target.bootstrap());
    let admin: AdminClient<DefaultClientContext> = common::client(&src).create().unwrap();
    let topics = [
        NewTopic::new("mirr-zstd", 1, TopicReplication::Fixed(1)),
        NewTopic::new("mirr-appended", 1, TopicReplication::Fixed(1))
            .set("message.timestamp.type", "LogAppendTime"),
        NewTopic::new("mirr-txn", 1, TopicReplication::Fixed(1)),
        NewTopic::new("mirr-narrow", 3, TopicReplication::Fixed(1)),
    ];
    let created = admin
        .create_topics(&topics, &AdminOptions::new())
        .await
        .unwrap();
    assert!(created.iter().all(|c| c.is_ok()), "{created:?}");
    // The target already has mirr-narrow, with one partition, and mirr-appended with
    // CreateTime (one the mirror creates takes the source's LogAppendTime, and the target
    // then stamps its own append time).
    common::create_topic(&dst, "mirr-narrow", 1).await;
    common::create_topic(&dst, "mirr-appended", 1).await;

    let zstd: FutureProducer = common::client(&src)
        .set("compression.type", "zstd")
        .set("linger.ms", "50")
        .create()
        .unwrap();
    // Compressible values sent at once, so that they share batches that zstd shrinks
    // (librdkafka sends a batch uncompressed when compressing does not).
    let values: Vec<String> = (0..50)
        .map(|i| format!("z{i}{}", "z".repeat(200)))
        .collect();
    let sends: Vec<_> = values
        .iter()
        .map(|value| {
            zstd.send_result(FutureRecord::<(), _>::to("mirr-zstd").payload(value))
                .unwrap()
        })
        .collect();
    for send in sends {
        send.await.unwrap().unwrap();
    }
    let plain: FutureProducer = common::client(&src).create().unwrap();
    for i in 0..20 {
        let value = format!("t{i}");
        plain
            .send(
                FutureRecord::<(), _>::to("mirr-appended")
                    .payload(&value)
                    .timestamp(1_000 + i),
                Duration::from_secs(10),
            )
            .await
            .unwrap();
    }
    for i in 0..30 {
        let value = format!("n{i}");
        plain
            .send(
                FutureRecord::<(), _>::to("mirr-narrow")
                    .payload(&value)
                    .partition(i % 3),
                Duration::from_secs(10),
            )
            .await
            .unwrap();
    }
    let s = src.clone();
    tokio::task::spawn_blocking(move || {
        let producer = common::transactional::transactional_producer(&s, "mirror-source");
        producer.init_transactions(Duration::from_secs(10)).unwrap();
        for (prefix, commit) in [("c", true), ("a", false), ("d", true)] {
            producer.begin_transaction().unwrap();
            for i in 0..10 {
                let value = format!("{prefix}{i}");
                producer
                    .send(BaseRecord::<(), _>::to("mirr-txn").payload(&value))
                    .unwrap();
            }
            if commit {
                producer
                    .commit_transaction(Duration::from_secs(10))
                    .unwrap();
            } else {
                producer.abort_transaction(Duration::from_secs(10)).unwrap();
            }
        }
    })
    .await
    .unwrap();

    write_configs(dir.path(), &src, &dst, "");
    let mut mirror = spawn_mirror(dir.path());
    let copied = |topic: &str, partitions: i32| end_offsets(&target, topic, partitions);
    wait_for("every record on the target", || {
        copied("mirr-zstd", 1) >= 50
            && copied("mirr-appended", 1) >= 20
            && copied("mirr-txn", 1) >= 20
            && copied("mirr-narrow", 1) >= 30
    })
    .await;
    unsafe { libc::kill(mirror.0.id() as i32, libc::SIGTERM) };
    assert_eq!(mirror.0.wait().unwrap().code(), Some(0));

    // Only committed transactions, without their markers: 20 records, offsets 0..20.
    assert_eq!(copied("mirr-txn", 1), 20);
    let (d, s) = (dst.clone(), src.clone());
    let (txn, appended_target, appended_source) = tokio::task::spawn_blocking(move || {
        (
            values_with_timestamps(&d, "mirr-txn", 20),
            values_with_timestamps(&d, "mirr-appended", 20),
            values_with_timestamps(&s, "mirr-appended", 20),
        )
    })
    .await
    .unwrap();
    let values: Vec<&str> = txn.iter().map(|(v, _)| v.as_str()).collect();
    let expected: Vec<String> = (0..10)
        .map(|i| format!("c{i}"))
        .chain((0..10).map(|i| format!("d{i}")))
        .collect();
    assert_eq!(values, expected);
    // The source's append times, not the producer's 1000 + i.
    assert_eq!(appended_target, appended_source);
    assert!(appended_source.iter().all(|(_, ts)| *ts > 1_000_000));
    assert_eq!(copied("mirr-narrow", 1), 30);

    // The zstd batches reached the target whole.
    let segment = dir
        .path()
        .join("target/logs/mirr-zstd-0/00000000000000000000.log");
    let (out, err, code) = common::run_kt(["dump-log", "--files", segment.to_str().unwrap()], "");
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("compresscodec: zstd"), "{out}");
    assert!(!out.contains("compresscodec: none"), "{out}");

    source.shutdown().await;
    target.shutdown().await;
}
