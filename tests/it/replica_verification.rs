//! `kt replica-verification` against three in-process kt brokers with an RF 3 topic: Kafka's
//! start and lag lines when the replicas agree, and a follower's damaged batch (a byte
//! flipped in its segment file behind an intact header) reported with partition, replica
//! and offset (issue 18).

use crate::common;
use crate::common::cluster::{partition_state, wait_until, Cluster, FAST_FETCHERS};

use std::io::BufRead;
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use rdkafka::admin::{AdminClient, AdminOptions, NewTopic, TopicReplication};
use rdkafka::client::DefaultClientContext;
use rdkafka::producer::{FutureProducer, FutureRecord};

/// An RF 3 topic of one partition holding `count` records (one batch each) on every replica;
/// returns its leader.
async fn replicated_topic(cluster: &Cluster, topic: &str, count: usize) -> i32 {
    let bootstrap = cluster.bootstrap();
    let admin: AdminClient<DefaultClientContext> = common::client(&bootstrap).create().unwrap();
    let results = admin
        .create_topics(
            &[NewTopic::new(topic, 1, TopicReplication::Fixed(3))],
            &AdminOptions::new(),
        )
        .await
        .unwrap();
    assert!(results[0].is_ok(), "{results:?}");
    let producer: FutureProducer = common::client(&bootstrap)
        .set("acks", "all")
        .create()
        .unwrap();
    for i in 0..count {
        let value = format!("value-{i}");
        let record = FutureRecord::to(topic).payload(&value).key("k");
        producer
            .send(record, Duration::from_secs(10))
            .await
            .unwrap();
    }
    let end = |id: i32| {
        cluster
            .broker(id)
            .broker()
            .partition(topic, 0)
            .map_or(-1, |p| p.log.log_end_offset())
    };
    wait_until("every replica holds the records", || {
        (0..3).all(|b| end(b) == count as i64)
    })
    .await;
    let zk = cluster.zk_client().await;
    partition_state(&zk, topic, 0).await.unwrap().leader as i32
}

/// `kt replica-verification ARGS` as a child process (killed when dropped) and its stdout
/// lines as they come.
fn spawn_tool(args: &[&str]) -> (common::KtProcess, mpsc::Receiver<String>) {
    let mut child = Command::new(common::kt_path())
        .arg("replica-verification")
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in std::io::BufReader::new(stdout).lines() {
            let Ok(line) = line else { break };
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    (common::KtProcess(child), rx)
}

/// Collects lines until one satisfies `want` (returned) or 20 s pass (panics with what came).
fn wait_for_line(
    rx: &mpsc::Receiver<String>,
    seen: &mut Vec<String>,
    want: impl Fn(&str) -> bool,
) -> String {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        match rx.recv_timeout(left) {
            Ok(line) => {
                seen.push(line.clone());
                if want(&line) {
                    return line;
                }
            }
            Err(_) => panic!("no such line; got {seen:#?}"),
        }
    }
}

/// `yyyy-MM-dd HH:mm:ss,SSS: ` at the start of a line.
fn has_kafka_stamp(line: &str) -> bool {
    let b = line.as_bytes();
    b.len() > 25
        && b[4] == b'-'
        && b[10] == b' '
        && b[13] == b':'
        && b[19] == b','
        && &line[23..25] == ": "
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn replicas_that_agree_are_reported_with_kafkas_lines_and_a_damaged_one_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let cluster = Cluster::start(dir.path(), 3, FAST_FETCHERS).await;
    let leader = replicated_topic(&cluster, "rv", 20).await;
    let bootstrap = cluster.bootstrap();
    let args = [
        "--broker-list",
        bootstrap.as_str(),
        "--topics-include",
        "rv",
        "--time",
        "-2",
        "--report-interval-ms",
        "300",
        "--max-wait-ms",
        "200",
    ];

    // All three agree: the start line, then lag 0 at the high watermark.
    let (mut tool, rx) = spawn_tool(&args);
    let mut seen = Vec::new();
    let started = wait_for_line(&rx, &mut seen, |l| {
        l.ends_with("verification process is started")
    });
    assert!(has_kafka_stamp(&started), "{started}");
    let report = wait_for_line(&rx, &mut seen, |l| l.contains("max lag"));
    assert!(has_kafka_stamp(&report), "{report}");
    assert_eq!(
        &report[25..],
        "max lag is 0 for partition rv-0 at offset 20 among 1 partitions"
    );
    assert!(
        seen.iter()
            .all(|l| !l.contains("corrupt") && !l.contains("checksum")),
        "{seen:#?}"
    );
    tool.kill_9();

    // A byte of the last record's value flipped in a follower's segment (the broker serves
    // it from the page cache as stored): that replica's batch at offset 19 fails its CRC.
    let follower = (0..3).find(|b| *b != leader).unwrap();
    let segment = dir.path().join(format!(
        "broker-{follower}/logs/rv-0/00000000000000000000.log"
    ));
    let mut bytes = std::fs::read(&segment).unwrap();
    let at = bytes.len() - 2;
    bytes[at] ^= 0x20;
    {
        use std::os::unix::fs::FileExt;
        let file = std::fs::OpenOptions::new()
            .write(true)
            .open(&segment)
            .unwrap();
        file.write_all_at(&bytes[at..at + 1], at as u64).unwrap();
    }
    let (mut tool, rx) = spawn_tool(&args);
    let mut seen = Vec::new();
    let damaged = wait_for_line(&rx, &mut seen, |l| l.contains("corrupt"));
    assert!(has_kafka_stamp(&damaged), "{damaged}");
    assert!(
        damaged[25..].starts_with(&format!(
            "partition rv-0: replica {follower}'s record batch at offset 19 is corrupt: record batch CRC mismatch"
        )),
        "{damaged}"
    );
    // Reported once; verification goes on to the end (the header is intact).
    let report = wait_for_line(&rx, &mut seen, |l| l.contains("max lag"));
    assert_eq!(
        &report[25..],
        "max lag is 0 for partition rv-0 at offset 20 among 1 partitions"
    );
    let report = wait_for_line(&rx, &mut seen, |l| l.contains("max lag"));
    assert!(report.contains("max lag is 0"), "{report}");
    assert_eq!(
        seen.iter().filter(|l| l.contains("corrupt")).count(),
        1,
        "{seen:#?}"
    );
    tool.kill_9();

    // No topic matches: Kafka's error and exit code 1.
    let (out, err, code) = common::run_kt(
        [
            "replica-verification",
            "--broker-list",
            &bootstrap,
            "--topics-include",
            "nothing-.*",
        ],
        "",
    );
    assert_eq!((out.as_str(), code), ("", 1), "{err}");
    assert!(
        err.contains("ERROR No topics found. [topics-include] if specified, is either filtering out all topics or there is no topic."),
        "{err}"
    );
    cluster.shutdown().await;
}
