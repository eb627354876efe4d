//! `kt connect-mirror-maker` (MirrorMaker 2) between two in-process kt brokers A and B:
//! `orders` of A lands in `A.orders` on B with partitions, keys, headers and timestamps kept
//! and nothing lost across a SIGKILL of the mirror; a topic named for B is not sent back; a
//! group's committed offsets on A appear translated on B; heartbeats, checkpoints and offset
//! syncs are written in MirrorMaker 2's schemas; bad configs are refused with a reason.

use crate::common;

use std::collections::HashMap;
use std::path::Path;
use std::time::{Duration, Instant};

use rdkafka::admin::{AdminClient, AdminOptions, NewTopic, TopicReplication};
use rdkafka::client::DefaultClientContext;
use rdkafka::consumer::{BaseConsumer, CommitMode, Consumer};
use rdkafka::message::Message;
use rdkafka::{Offset, TopicPartitionList};

use crate::common::cluster::wait_within;
use crate::common::mirror::{end_offsets, produce_keyed, seen, Seen};

const PARTITIONS: i32 = 3;

/// Every (key, value) record of `topic`'s partitions on a cluster, up to `want` records.
fn read_raw(
    bootstrap: &str,
    topic: &str,
    partitions: i32,
    want: usize,
) -> Vec<(i32, Vec<u8>, Vec<u8>, Seen)> {
    let reader = common::assigned_from_start(bootstrap, "mm2-check", topic, partitions);
    let mut out = Vec::new();
    let deadline = Instant::now() + Duration::from_secs(10);
    while out.len() < want && Instant::now() < deadline {
        if let Some(Ok(m)) = reader.poll(Duration::from_millis(50)) {
            out.push((
                m.partition(),
                m.key().unwrap_or_default().to_vec(),
                m.payload().unwrap_or_default().to_vec(),
                seen(&m),
            ));
        }
    }
    out
}

/// The value of the record at `offset` of a partition.
fn value_at(bootstrap: &str, topic: &str, partition: i32, offset: i64) -> String {
    let reader: BaseConsumer = common::client(bootstrap)
        .set("group.id", "mm2-check")
        .set("enable.auto.commit", "false")
        .create()
        .unwrap();
    let mut tpl = TopicPartitionList::new();
    tpl.add_partition_offset(topic, partition, Offset::Offset(offset))
        .unwrap();
    reader.assign(&tpl).unwrap();
    let deadline = Instant::now() + Duration::from_secs(10);
    while Instant::now() < deadline {
        if let Some(Ok(m)) = reader.poll(Duration::from_millis(50)) {
            return String::from_utf8_lossy(m.payload().unwrap_or_default()).into_owned();
        }
    }
    panic!("no record at {topic}-{partition}@{offset}");
}

fn by_value(records: Vec<(i32, Vec<u8>, Vec<u8>, Seen)>) -> HashMap<String, Vec<Seen>> {
    let mut out: HashMap<String, Vec<Seen>> = HashMap::new();
    for (_, _, value, seen) in records {
        out.entry(String::from_utf8_lossy(&value).into_owned())
            .or_default()
            .push(seen);
    }
    out
}

fn spawn_mm2(config: &Path) -> common::KtProcess {
    common::KtProcess::spawn(["connect-mirror-maker".as_ref(), config.as_os_str()])
}

/// Polls `done` for up to 30 s.
async fn wait_for(what: &str, done: impl Fn() -> bool) {
    wait_within(what, Duration::from_secs(30), done).await
}

/// A Kafka protocol STRING (int16 length, bytes) at the front of `b`.
fn string(b: &mut &[u8]) -> String {
    let n = i16::from_be_bytes([b[0], b[1]]) as usize;
    let s = String::from_utf8(b[2..2 + n].to_vec()).unwrap();
    *b = &b[2 + n..];
    s
}

fn int(b: &mut &[u8], n: usize) -> i64 {
    let mut v = 0i64;
    for byte in &b[..n] {
        v = (v << 8) | i64::from(*byte);
    }
    *b = &b[n..];
    v
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mm2_mirrors_records_groups_heartbeats_and_checkpoints_across_a_kill() {
    let dir = tempfile::tempdir().unwrap();
    let a = common::start_broker(&dir.path().join("a"), &[]).await;
    let b = common::start_broker(&dir.path().join("b"), &[]).await;
    let (src, dst) = (a.bootstrap(), b.bootstrap());

    let admin: AdminClient<DefaultClientContext> = common::client(&src).create().unwrap();
    let topics = [
        NewTopic::new("orders", PARTITIONS, TopicReplication::Fixed(1))
            .set("retention.ms", "123456789"),
        // Named for the target: it came from B and must not go back.
        NewTopic::new("B.orders", 1, TopicReplication::Fixed(1)),
    ];
    let created = admin
        .create_topics(&topics, &AdminOptions::new())
        .await
        .unwrap();
    assert!(created.iter().all(Result::is_ok), "{created:?}");
    produce_keyed(&src, "orders", PARTITIONS, 0..90).await;

    let config = dir.path().join("mm2.properties");
    std::fs::write(
        &config,
        format!(
            "clusters = A, B\nA.bootstrap.servers = {src}\nB.bootstrap.servers = {dst}\n\
             A->B.enabled = true\nA->B.topics = orders, B\\..*\nreplication.factor = 1\n\
             emit.checkpoints.interval.seconds = 1\nsync.group.offsets.enabled = true\n\
             refresh.topics.interval.seconds = 1\noffset.flush.interval.ms = 100\n"
        ),
    )
    .unwrap();

    // Killed as soon as it copied something: the rest (and what it had not stored) is
    // copied by the next run.
    let mut mirror = spawn_mm2(&config);
    wait_for("a first record on B", || {
        end_offsets(&b, "A.orders", PARTITIONS) > 0
    })
    .await;
    mirror.kill_9();
    produce_keyed(&src, "orders", PARTITIONS, 90..180).await;
    // Group g1 has read into the second batch of the three partitions on A.
    let committer: BaseConsumer = common::client(&src)
        .set("group.id", "g1")
        .set("enable.auto.commit", "false")
        .create()
        .unwrap();
    let mut committed = TopicPartitionList::new();
    for (p, offset) in [(0, 40), (1, 45), (2, 59)] {
        committed
            .add_partition_offset("orders", p, Offset::Offset(offset))
            .unwrap();
    }
    committer.commit(&committed, CommitMode::Sync).unwrap();
    drop(committer);

    let mut mirror = spawn_mm2(&config);
    wait_for("180 records on B", || {
        end_offsets(&b, "A.orders", PARTITIONS) >= 180
    })
    .await;

    let s = src.clone();
    let original =
        tokio::task::spawn_blocking(move || by_value(read_raw(&s, "orders", PARTITIONS, 180)))
            .await
            .unwrap();
    assert_eq!(original.len(), 180);
    // The copy is at least once: duplicates after the kill count in B's end offsets, so the
    // copy is read again until every source record is in it (or the deadline passes).
    let deadline = Instant::now() + Duration::from_secs(30);
    let copied = loop {
        let d = dst.clone();
        let have = end_offsets(&b, "A.orders", PARTITIONS) as usize;
        let copied = tokio::task::spawn_blocking(move || {
            by_value(read_raw(&d, "A.orders", PARTITIONS, have))
        })
        .await
        .unwrap();
        if original.keys().all(|v| copied.contains_key(v)) || Instant::now() >= deadline {
            break copied;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    };
    for (value, seen) in &original {
        let copies = copied
            .get(value)
            .unwrap_or_else(|| panic!("{value} was not copied"));
        for copy in copies {
            assert_eq!(
                copy, &seen[0],
                "{value}: partition, key, headers, timestamp kept"
            );
        }
    }
    assert!(
        b.broker().partition("A.B.orders", 0).is_none(),
        "a cycle was mirrored"
    );

    // g1's offsets on B, translated: each points at B's copy of the record g1's offset
    // points at on A.
    let d2 = dst.clone();
    let synced = tokio::task::spawn_blocking(move || {
        let reader: BaseConsumer = common::client(&d2)
            .set("group.id", "g1")
            .set("enable.auto.commit", "false")
            .create()
            .unwrap();
        let mut tpl = TopicPartitionList::new();
        for p in 0..PARTITIONS {
            tpl.add_partition("A.orders", p);
        }
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            let got: Vec<(i32, i64)> = reader
                .committed_offsets(tpl.clone(), Duration::from_secs(5))
                .map(|c| {
                    c.elements()
                        .iter()
                        .map(|e| (e.partition(), e.offset().to_raw().unwrap_or(-1)))
                        .collect()
                })
                .unwrap_or_default();
            if got.iter().all(|(_, o)| *o >= 0) && got.len() == PARTITIONS as usize {
                return got;
            }
            assert!(Instant::now() < deadline, "g1 not synced to B: {got:?}");
            std::thread::sleep(Duration::from_millis(100));
        }
    })
    .await
    .unwrap();
    for ((p, downstream), upstream) in synced.iter().zip([40, 45, 59]) {
        let (d, s) = (dst.clone(), src.clone());
        let (p, downstream) = (*p, *downstream);
        let (on_b, on_a) = tokio::task::spawn_blocking(move || {
            (
                value_at(&d, "A.orders", p, downstream),
                value_at(&s, "orders", p, upstream),
            )
        })
        .await
        .unwrap();
        assert_eq!(
            on_b, on_a,
            "partition {p}: g1 at {upstream} on A, {downstream} on B"
        );
    }
    // The internal topics, decoded with MirrorMaker 2's schemas.
    let (d3, s3) = (dst.clone(), src.clone());
    let (heartbeats, checkpoints, syncs) = tokio::task::spawn_blocking(move || {
        (
            read_raw(&d3, "heartbeats", 1, 1),
            read_raw(&d3, "A.checkpoints.internal", 1, 3),
            read_raw(&s3, "mm2-offset-syncs.B.internal", 1, 1),
        )
    })
    .await
    .unwrap();
    let (_, key, value, _) = &heartbeats[0];
    let (mut k, mut v) = (key.as_slice(), value.as_slice());
    assert_eq!((string(&mut k), string(&mut k)), ("A".into(), "B".into()));
    assert_eq!(int(&mut v, 2), 0, "heartbeat version");
    assert!(int(&mut v, 8) > 1_700_000_000_000, "heartbeat timestamp");
    let mut found = Vec::new();
    for (_, key, value, _) in &checkpoints {
        let (mut k, mut v) = (key.as_slice(), value.as_slice());
        let (group, topic, partition) = (string(&mut k), string(&mut k), int(&mut k, 4));
        assert_eq!(int(&mut v, 2), 0, "checkpoint version");
        let (up, down) = (int(&mut v, 8), int(&mut v, 8));
        found.push((group, topic, partition, up, down));
    }
    let (p0, d0) = synced[0];
    assert!(
        found.contains(&("g1".into(), "A.orders".into(), i64::from(p0), 40, d0)),
        "{found:?}"
    );
    let (_, key, value, _) = &syncs[0];
    let mut k = key.as_slice();
    assert_eq!(string(&mut k), "orders");
    assert_eq!(
        value.len(),
        16,
        "offset sync: upstream and downstream int64"
    );

    // A clean stop exits 0.
    unsafe { libc::kill(mirror.0.id() as i32, libc::SIGTERM) };
    assert_eq!(mirror.0.wait().unwrap().code(), Some(0));
    a.shutdown().await;
    b.shutdown().await;
}

#[test]
fn mm2_refuses_bad_configs_with_a_reason() {
    let dir = tempfile::tempdir().unwrap();
    let run = |text: &str, extra: &[&str]| {
        let path = dir.path().join("mm2.properties");
        std::fs::write(&path, text).unwrap();
        let mut args = vec![
            "connect-mirror-maker".to_string(),
            path.display().to_string(),
        ];
        args.extend(extra.iter().map(|s| s.to_string()));
        let (_, err, code) = common::run_kt(args, "");
        assert_eq!(code, 1, "{err}");
        err
    };
    let good = "clusters = A, B\nA.bootstrap.servers = 127.0.0.1:1\n\
                B.bootstrap.servers = 127.0.0.1:1\nA->B.enabled = true\n";
    assert!(run(good, &["--clusters", "C"]).contains("Unknown cluster alias C"));
    assert!(run(
        "clusters = A, B\nA.bootstrap.servers = 127.0.0.1:1\nA->B.enabled = true\n",
        &[]
    )
    .contains("Missing required configuration \"B.bootstrap.servers\""));
    assert!(run(&format!("{good}A->B.topics = orders(\n"), &[])
        .contains("Invalid regular expression in A->B.topics"));
    assert!(run(
        "clusters = A, B\nA.bootstrap.servers = x\nB.bootstrap.servers = y\n",
        &[]
    )
    .contains("No replication flow is enabled"));
    let missing = dir.path().join("nope.properties");
    let (_, err, code) = common::run_kt(
        [
            "connect-mirror-maker".to_string(),
            missing.display().to_string(),
        ],
        "",
    );
    assert_eq!(code, 1);
    assert!(err.contains("nope.properties"), "{err}");
}
