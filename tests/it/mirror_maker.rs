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
