//! Moving a replica between a broker's log directories (issue 12): AlterReplicaLogDirs
//! through `kt reassign-partitions` with `log_dirs`, while an rdkafka producer writes; the
//! future replica in DescribeLogDirs and `kt log-dirs`; the throttle; `--verify`'s lines;
//! `--cancel` of a move; the movers bounded by `num.replica.alter.log.dirs.threads`; and the
//! protocol's refusals.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use kafka_protocol::error::ResponseError;
use kafka_protocol::messages::alter_replica_log_dirs_request::{
    AlterReplicaLogDir, AlterReplicaLogDirTopic,
};
use kafka_protocol::messages::{AlterReplicaLogDirsRequest, TopicName};
use kafka_protocol::protocol::StrBytes;
use rdkafka::consumer::BaseConsumer;
use rdkafka::producer::{FutureProducer, FutureRecord};
use rdkafka::Message;

use crate::common::cluster::Cluster;
use crate::common::run_kt_async as kt;
use crate::common::{self, raw};

fn args(bootstrap: &str, tool: &str, rest: &[&str]) -> Vec<String> {
    let mut v = vec![
        tool.to_string(),
        "--bootstrap-server".to_string(),
        bootstrap.to_string(),
    ];
    v.extend(rest.iter().map(|s| s.to_string()));
    v
}

/// The partition directories (`mv-…`) in a log directory.
fn partition_dirs(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .map(|e| e.unwrap().file_name().into_string().unwrap())
                .filter(|n| n.starts_with("mv-"))
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

/// Broker 0 of a ZooKeeper-mode cluster with log dirs `<dir>/a` and `<dir>/b` (absolute),
/// and topic `mv` of one partition, which goes to the first (both are empty).
async fn one_broker_two_dirs(dir: &Path) -> (Cluster, PathBuf, PathBuf) {
    let a: PathBuf = std::path::absolute(dir.join("a")).unwrap();
    let b: PathBuf = std::path::absolute(dir.join("b")).unwrap();
    let dirs = format!("{},{}", a.display(), b.display());
    let mut cluster = Cluster::zookeeper(dir, &[]).await;
    cluster.set_overrides(0, &[("log.dirs", &dirs)]);
    cluster.add_brokers(1).await;
    common::create_topic(&cluster.bootstrap(), "mv", 1).await;
    assert_eq!(partition_dirs(&a), vec!["mv-0".to_string()]);
    (cluster, a, b)
}

/// A reassignment file (in `dir`) moving mv-0's replica on broker 0 to log dir `to`; its
/// path.
fn move_plan(dir: &Path, to: &Path) -> String {
    let plan = dir.join("plan.json");
    std::fs::write(
        &plan,
        format!(
            r#"{{"version":1,"partitions":[{{"topic":"mv","partition":0,"replicas":[0],"log_dirs":["{}"]}}]}}"#,
            to.display()
        ),
    )
    .unwrap();
    plan.to_str().unwrap().to_string()
}

/// `kt reassign-partitions --execute` of `plan` with `--replica-alter-log-dirs-throttle
/// rate`, which must succeed; its output.
async fn execute_throttled(bootstrap: &str, plan: &str, rate: &str) -> String {
    let (out, err, code) = kt(args(
        bootstrap,
        "reassign-partitions",
        &[
            "--execute",
            "--reassignment-json-file",
            plan,
            "--replica-alter-log-dirs-throttle",
            rate,
        ],
    ))
    .await;
    assert_eq!(code, 0, "{out}{err}");
    out
}

fn alter_request(dir: &str, topic: &str, partitions: Vec<i32>) -> AlterReplicaLogDirsRequest {
    AlterReplicaLogDirsRequest::default().with_dirs(vec![AlterReplicaLogDir::default()
        .with_path(StrBytes::from_string(dir.to_string()))
        .with_topics(vec![AlterReplicaLogDirTopic::default()
            .with_name(TopicName(StrBytes::from_string(topic.to_string())))
            .with_partitions(partitions)])])
}

/// Reads topic `mv` (partitions `0..partitions`) from the start until `want` records arrived
/// or 30 s passed: (partition, offset, value) of each, in the order read.
fn read_back(bootstrap: &str, partitions: i32, want: usize) -> Vec<(i32, i64, String)> {
    let consumer: BaseConsumer = common::client(bootstrap)
        .set("group.id", "mv-check")
        .create()
        .unwrap();
    let consumer = common::assign_from_start(consumer, "mv", partitions);
    let mut seen = Vec::new();
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    while seen.len() < want && std::time::Instant::now() < deadline {
        if let Some(m) = consumer.poll(Duration::from_millis(200)) {
            let m = m.unwrap();
            let text = std::str::from_utf8(m.payload().unwrap()).unwrap();
            seen.push((m.partition(), m.offset(), text.to_string()));
        }
    }
    seen
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_replica_moves_to_another_log_dir_while_written_and_every_record_is_read_once() {
    let dir = tempfile::tempdir().unwrap();
    // The one partition is in the first dir; it moves to the second.
    let (cluster, a, b) = one_broker_two_dirs(dir.path()).await;
    let bootstrap = cluster.bootstrap();

    // Enough data before the move that the throttled copy takes a few seconds.
    let producer: FutureProducer = common::client(&bootstrap)
        .set("acks", "all")
        .set("linger.ms", "5")
        .create()
        .unwrap();
    let payload = |i: usize| format!("{i:06}-{}", "x".repeat(200));
    for i in 0..4000 {
        producer
            .send(
                FutureRecord::<(), _>::to("mv").payload(&payload(i)),
                Duration::from_secs(10),
            )
            .await
            .unwrap();
    }
    // A steady writer across the whole move.
    let sending = tokio::spawn(async move {
        let mut acked = 0;
        for i in 4000..6000 {
            let value = payload(i);
            let record = FutureRecord::<(), _>::to("mv").payload(&value);
            producer
                .send(record, Duration::from_secs(10))
                .await
                .unwrap();
            acked += 1;
            tokio::time::sleep(Duration::from_millis(2)).await;
        }
        acked
    });

    let plan = move_plan(dir.path(), &b);
    let plan = plan.as_str();
    let out = execute_throttled(&bootstrap, plan, "100000").await;
    assert!(
        out.contains(
            "Warning: You must run --verify periodically, until the reassignment completes, to \
             ensure the throttle is removed.\n\
             The replica-alter-dir throttle limit was set to 100000 B/s\n"
        ),
        "{out}"
    );
    assert!(
        out.ends_with(&format!(
            "Successfully started partition reassignment for mv-0\n\
             Successfully started moving log directory to {} for replica mv-0 with broker 0 \n",
            b.display()
        )),
        "{out}"
    );

    // While it copies: the future replica in DescribeLogDirs (kt log-dirs) and --verify's
    // line for a move in progress.
    let (out, _, code) = kt(args(
        &bootstrap,
        "log-dirs",
        &["--describe", "--topic-list", "mv"],
    ))
    .await;
    assert_eq!(code, 0);
    assert!(out.contains("\"isFuture\":true"), "{out}");
    assert!(out.contains("\"isFuture\":false"), "{out}");
    let (out, _, code) = kt(args(
        &bootstrap,
        "reassign-partitions",
        &["--verify", "--reassignment-json-file", plan],
    ))
    .await;
    assert_eq!(code, 0);
    assert!(
        out.contains("Reassignment of replica mv-0-0 is still in progress.\n"),
        "{out}"
    );
    assert!(!out.contains("Clearing broker-level throttles"), "{out}");
    let future = partition_dirs(&b);
    assert_eq!(future.len(), 1, "{future:?}");
    assert!(
        future[0].starts_with("mv-0.") && future[0].ends_with("-future"),
        "{future:?}"
    );

    // Until done: then the throttle is cleared.
    let out = common::verify_reassignment_until_done(&bootstrap, plan, 300).await;
    assert_eq!(
        out,
        "Status of partition reassignment:\n\
         Reassignment of partition mv-0 is completed.\n\
         Reassignment of replica mv-0-0 completed successfully.\n\
         Clearing broker-level throttles on broker 0\n\
         Clearing topic-level throttles on topic mv\n"
    );
    let config = cluster.broker(0).broker().effective_config();
    assert!(!config
        .properties
        .contains_key("replica.alter.log.dirs.io.max.bytes.per.second"));
    assert_eq!(partition_dirs(&b), vec!["mv-0".to_string()]);
    // The old directory (`mv-0.<id>-delete` by then) is removed right after the swap.
    common::cluster::wait_until("the old dir is removed", || partition_dirs(&a).is_empty()).await;

    let acked = sending.await.unwrap();
    assert_eq!(acked, 2000);
    // Every record, from the new directory, exactly once and in order.
    let mut seen: BTreeMap<usize, i64> = BTreeMap::new();
    for (_, offset, text) in read_back(&bootstrap, 1, 6000) {
        let i: usize = text[..6].parse().unwrap();
        assert!(seen.insert(i, offset).is_none(), "record {i} read twice");
    }
    assert_eq!(seen.len(), 6000);
    let offsets: Vec<i64> = seen.values().copied().collect();
    assert_eq!(offsets, (0..6000).collect::<Vec<i64>>());
    cluster.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn alter_replica_log_dirs_answers_kafkas_errors() {
    let dir = tempfile::tempdir().unwrap();
    let a = std::path::absolute(dir.path().join("a")).unwrap();
    let b = std::path::absolute(dir.path().join("b")).unwrap();
    let dirs = format!("{},{}", a.display(), b.display());
    let broker = common::start_broker(dir.path(), &[("log.dirs", &dirs)]).await;
    let bootstrap = broker.bootstrap();
    common::create_topic(&bootstrap, "mv", 1).await;
    let mut client = raw::Client::connect(broker.addr());
    let code = |r: &kafka_protocol::messages::AlterReplicaLogDirsResponse| {
        r.results[0].partitions[0].error_code
    };
    // kafka-protocol 0.18 (Kafka 4.0) has no v0, which is v1 byte for byte.
    for version in 1..=2 {
        // Not one of log.dirs.
        let r = client.call(version, &alter_request("/nowhere", "mv", vec![0]));
        assert_eq!(code(&r), ResponseError::LogDirNotFound.code());
        // A partition the broker does not hold.
        let r = client.call(
            version,
            &alter_request(&b.display().to_string(), "mv", vec![7]),
        );
        assert_eq!(code(&r), ResponseError::ReplicaNotAvailable.code());
        // Where it is already: nothing to do.
        let r = client.call(
            version,
            &alter_request(&a.display().to_string(), "mv", vec![0]),
        );
        assert_eq!(code(&r), 0);
    }
    assert!(partition_dirs(&b).is_empty());
    assert_eq!(
        broker.broker().log_dir_movers(),
        0,
        "none before the first move"
    );
    // A move on a standalone broker: the log ends up in b.
    let r = client.call(2, &alter_request(&b.display().to_string(), "mv", vec![0]));
    assert_eq!(code(&r), 0);
    // num.replica.alter.log.dirs.threads unset: Kafka's default, one per log dir.
    assert_eq!(broker.broker().log_dir_movers(), 2);
    common::cluster::wait_until("the log moved", || {
        partition_dirs(&b) == vec!["mv-0".to_string()] && partition_dirs(&a).is_empty()
    })
    .await;
    broker.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cancel_sends_a_moving_replica_back_and_drops_its_future_replica() {
    let dir = tempfile::tempdir().unwrap();
    let (cluster, a, b) = one_broker_two_dirs(dir.path()).await;
    let bootstrap = cluster.bootstrap();
    // About 700 kB in batches of 20 records (a copy step takes at least a whole batch): at
    // 10 kB/s the copy would take over a minute.
    let producer: FutureProducer = common::client(&bootstrap)
        .set("acks", "all")
        .set("linger.ms", "5")
        .set("batch.num.messages", "20")
        .create()
        .unwrap();
    let payload = |i: usize| format!("{i:06}-{}", "x".repeat(200));
    let mut deliveries = Vec::new();
    for i in 0..3000 {
        let value = payload(i);
        let record = FutureRecord::<(), _>::to("mv").payload(&value);
        deliveries.push(producer.send_result(record).map_err(|(e, _)| e).unwrap());
    }
    for d in deliveries {
        d.await.unwrap().unwrap();
    }

    let plan = move_plan(dir.path(), &b);
    let plan = plan.as_str();
    execute_throttled(&bootstrap, plan, "10000").await;
    common::cluster::wait_until("the future replica exists", || {
        partition_dirs(&b)
            .first()
            .is_some_and(|d| d.starts_with("mv-0.") && d.ends_with("-future"))
    })
    .await;

    // Kafka's tool asks the broker to move the replica to the dir it is in, which drops
    // the future replica; its lines are those of a move started.
    let (out, err, code) = kt(args(
        &bootstrap,
        "reassign-partitions",
        &["--cancel", "--reassignment-json-file", plan],
    ))
    .await;
    assert_eq!(code, 0, "{out}{err}");
    assert_eq!(
        out,
        format!(
            "None of the specified partition reassignments are active.\n\
             Successfully started moving log directory to {} for replica mv-0 with broker 0 \n\
             Clearing broker-level throttles on broker 0\n\
             Clearing topic-level throttles on topic mv\n",
            a.display()
        )
    );
    assert_eq!(partition_dirs(&b), Vec::<String>::new(), "future dir gone");
    assert_eq!(partition_dirs(&a), vec!["mv-0".to_string()]);
    let config = cluster.broker(0).broker().effective_config();
    assert!(!config
        .properties
        .contains_key("replica.alter.log.dirs.io.max.bytes.per.second"));
    let (out, _, code) = kt(args(
        &bootstrap,
        "log-dirs",
        &["--describe", "--topic-list", "mv"],
    ))
    .await;
    assert_eq!(code, 0);
    assert!(out.contains("\"isFuture\":false"), "{out}");
    assert!(!out.contains("\"isFuture\":true"), "{out}");
    let (out, _, code) = kt(args(
        &bootstrap,
        "reassign-partitions",
        &["--verify", "--reassignment-json-file", plan],
    ))
    .await;
    assert_eq!(code, 0);
    assert!(
        out.contains(&format!(
            "Partition mv-0 on broker 0 is not being moved from log dir {} to {}.\n",
            a.display(),
            b.display()
        )),
        "{out}"
    );
    // A second cancel finds nothing moving (Kafka prints that line without a newline).
    let (out, _, code) = kt(args(
        &bootstrap,
        "reassign-partitions",
        &["--cancel", "--reassignment-json-file", plan],
    ))
    .await;
    assert_eq!(code, 0);
    assert!(
        out.starts_with(
            "None of the specified partition reassignments are active.\n\
             None of the specified partition moves are active.Clearing broker-level"
        ),
        "{out}"
    );

    // The replica stayed where it was with every record, in order, and takes new ones.
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(
        partition_dirs(&b),
        Vec::<String>::new(),
        "no mover came back"
    );
    let seen: Vec<(i64, String)> = read_back(&bootstrap, 1, 3000)
        .into_iter()
        .map(|(_, offset, text)| (offset, text))
        .collect();
    let expected: Vec<(i64, String)> = (0..3000).map(|i| (i as i64, payload(i))).collect();
    assert_eq!(seen, expected);
    cluster.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn moves_share_num_replica_alter_log_dirs_threads_movers() {
    let dir = tempfile::tempdir().unwrap();
    let a = std::path::absolute(dir.path().join("a")).unwrap();
    let b = std::path::absolute(dir.path().join("b")).unwrap();
    let dirs = format!("{},{}", a.display(), b.display());
    let broker = common::start_broker(
        dir.path(),
        &[
            ("log.dirs", &dirs),
            ("num.replica.alter.log.dirs.threads", "1"),
        ],
    )
    .await;
    let bootstrap = broker.bootstrap();
    common::create_topic(&bootstrap, "mv", 4).await;
    // Placed one by one in the emptier dir, the first on a tie.
    assert_eq!(partition_dirs(&a), vec!["mv-0", "mv-2"]);
    assert_eq!(partition_dirs(&b), vec!["mv-1", "mv-3"]);
    let producer: FutureProducer = common::client(&bootstrap)
        .set("linger.ms", "5")
        .create()
        .unwrap();
    let payload = |p: i32, i: usize| format!("{p}-{i:05}-{}", "y".repeat(100));
    let mut deliveries = Vec::new();
    for i in 0..500 {
        for p in 0..4 {
            let value = payload(p, i);
            let record = FutureRecord::<(), _>::to("mv").partition(p).payload(&value);
            deliveries.push(producer.send_result(record).map_err(|(e, _)| e).unwrap());
        }
    }
    for d in deliveries {
        d.await.unwrap().unwrap();
    }
    assert_eq!(
        broker.broker().log_dir_movers(),
        0,
        "started with the first move"
    );

    // All four change dirs at once: one mover copies them all.
    let mut request = alter_request(&b.display().to_string(), "mv", vec![0, 2]);
    request
        .dirs
        .extend(alter_request(&a.display().to_string(), "mv", vec![1, 3]).dirs);
    let mut client = raw::Client::connect(broker.addr());
    let r: kafka_protocol::messages::AlterReplicaLogDirsResponse = client.call(2, &request);
    let codes: Vec<i16> = r.results[0]
        .partitions
        .iter()
        .map(|p| p.error_code)
        .collect();
    assert_eq!(codes, vec![0, 0, 0, 0]);
    assert_eq!(broker.broker().log_dir_movers(), 1);
    common::cluster::wait_until("every log moved", || {
        partition_dirs(&a) == vec!["mv-1", "mv-3"] && partition_dirs(&b) == vec!["mv-0", "mv-2"]
    })
    .await;
    assert_eq!(broker.broker().log_dir_movers(), 1);

    // Every record of every partition, at its offset.
    let mut seen: BTreeMap<i32, Vec<(i64, String)>> = BTreeMap::new();
    for (partition, offset, text) in read_back(&bootstrap, 4, 2000) {
        seen.entry(partition).or_default().push((offset, text));
    }
    for p in 0..4 {
        let expected: Vec<(i64, String)> = (0..500).map(|i| (i as i64, payload(p, i))).collect();
        assert_eq!(seen.get(&p), Some(&expected), "partition {p}");
    }
    broker.shutdown().await;
}

/// A log whose end offset is past its last batch, as a log cleaner that removed the last
/// batches of its pass left it (kt's before it kept that batch empty, Kafka's before
/// KAFKA-17076), moves all the same: the copy ends at the log end offset, the swap happens,
/// the records stay at their offsets and producing goes on at the old log end offset.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_log_whose_last_batches_the_cleaner_removed_moves_and_keeps_its_end_offset() {
    let dir = tempfile::tempdir().unwrap();
    let (cluster, a, b) = one_broker_two_dirs(dir.path()).await;
    let bootstrap = cluster.bootstrap();
    let producer: FutureProducer = common::client(&bootstrap).create().unwrap();
    let send = |value: String| {
        let producer = producer.clone();
        async move {
            let record = FutureRecord::<(), _>::to("mv").payload(&value);
            let delivery = producer.send(record, Duration::from_secs(10)).await;
            delivery.unwrap()
        }
    };
    for i in 0..5 {
        send(format!("r{i}")).await;
    }
    // Offsets 5..8 as such a cleaner leaves them once their batches went: no batch, and the
    // log rolled to an empty active segment at the log end offset.
    let log = cluster
        .broker(0)
        .broker()
        .partition("mv", 0)
        .unwrap()
        .log
        .clone();
    assert!(log.advance_end_to(8).unwrap());
    assert_eq!(log.segment_base_offsets(), vec![0, 8]);

    let plan = move_plan(dir.path(), &b);
    execute_throttled(&bootstrap, &plan, "10000000").await;
    let out = common::verify_reassignment_until_done(&bootstrap, &plan, 300).await;
    assert!(
        out.contains("Reassignment of replica mv-0-0 completed successfully.\n"),
        "the move never finished: {out}"
    );
    assert_eq!(partition_dirs(&b), vec!["mv-0".to_string()]);
    common::cluster::wait_until("the old dir is removed", || partition_dirs(&a).is_empty()).await;
    assert_eq!(common::cluster::log_end(&cluster, 0, "mv"), 8);

    let expected: Vec<(i32, i64, String)> = (0..5).map(|i| (0, i, format!("r{i}"))).collect();
    assert_eq!(read_back(&bootstrap, 1, 5), expected);
    let delivery = send("after".to_string()).await;
    assert_eq!(
        (delivery.partition, delivery.offset),
        (0, 8),
        "appends go on at the old log end offset"
    );
    let mut all = read_back(&bootstrap, 1, 6);
    assert_eq!(all.pop(), Some((0, 8, "after".to_string())));
    assert_eq!(all, expected);
    cluster.shutdown().await;
}
