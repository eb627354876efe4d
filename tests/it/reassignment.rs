//! Partition reassignment in a ZooKeeper-mode cluster of three in-process kt brokers
//! (issue 12): a partition moves while an acks=all producer writes, and
//! `kt reassign-partitions` generates, executes (with throttles), verifies, lists and cancels
//! with Kafka 3.9's report lines, through AlterPartitionReassignments,
//! ListPartitionReassignments and the `/admin/reassign_partitions` znode.

use crate::common;
use crate::common::cluster::{
    partition_state, replica_bytes, replication_bounds, wait_until, Cluster, FAST_FETCHERS,
};
use crate::common::run_kt_async as kt;

use std::time::Duration;

use rdkafka::admin::{AdminClient, AdminOptions, NewTopic, TopicReplication};
use rdkafka::client::DefaultClientContext;
use rdkafka::consumer::{BaseConsumer, Consumer};
use rdkafka::producer::{FutureProducer, FutureRecord};
use rdkafka::Message;

async fn create_topic(bootstrap: &str, name: &str, assignment: &[&[i32]]) {
    let admin: AdminClient<DefaultClientContext> = common::client(bootstrap).create().unwrap();
    let topic = NewTopic::new(
        name,
        assignment.len() as i32,
        TopicReplication::Variable(assignment),
    );
    let results = admin
        .create_topics(&[topic], &AdminOptions::new())
        .await
        .unwrap();
    assert!(results[0].is_ok(), "{results:?}");
}

fn reassign(bootstrap: &str, rest: &[&str]) -> Vec<String> {
    let mut args = vec![
        "reassign-partitions".to_string(),
        "--bootstrap-server".to_string(),
        bootstrap.to_string(),
    ];
    args.extend(rest.iter().map(|s| s.to_string()));
    args
}

/// The topic znode as JSON (replicas, adding_replicas, removing_replicas).
async fn topic_znode(zk: &zookeeper_client::Client, topic: &str) -> serde_json::Value {
    let (data, _) = zk
        .get_data(&format!("/brokers/topics/{topic}"))
        .await
        .unwrap();
    serde_json::from_slice(&data).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_partition_moves_from_0_1_to_1_2_under_acks_all_writes_and_loses_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let cluster = Cluster::start(dir.path(), 3, FAST_FETCHERS).await;
    let bootstrap = cluster.bootstrap();
    create_topic(&bootstrap, "mv", &[&[0, 1]]).await;
    let zk = cluster.zk_client().await;
    for _ in 0..500 {
        if partition_state(&zk, "mv", 0)
            .await
            .is_some_and(|s| s.isr.len() == 2)
        {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }

    // A steady acks=all, idempotent producer across the whole move.
    let producer: FutureProducer = common::client(&bootstrap)
        .set("acks", "all")
        .set("enable.idempotence", "true")
        .create()
        .unwrap();
    let sending = tokio::spawn(async move {
        let mut acked = Vec::new();
        for i in 0..400 {
            let value = format!("mv-{i}");
            let record = FutureRecord::to("mv").payload(&value).key("k");
            if producer.send(record, Duration::from_secs(10)).await.is_ok() {
                acked.push(value);
            }
            tokio::time::sleep(Duration::from_millis(4)).await;
        }
        acked
    });
    tokio::time::sleep(Duration::from_millis(300)).await;
    let plan = dir.path().join("plan.json");
    std::fs::write(
        &plan,
        r#"{"version":1,"partitions":[{"topic":"mv","partition":0,"replicas":[1,2]}]}"#,
    )
    .unwrap();
    let (out, err, code) = kt(reassign(
        &bootstrap,
        &[
            "--execute",
            "--reassignment-json-file",
            plan.to_str().unwrap(),
        ],
    ))
    .await;
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.ends_with("Successfully started partition reassignment for mv-0\n"),
        "{out}"
    );

    // Kafka's steps in the znodes: RS = TRS + ORS with adding/removing, then RS = TRS.
    let mut saw_in_progress = false;
    let mut done = false;
    for _ in 0..1000 {
        let t = topic_znode(&zk, "mv").await;
        if t["partitions"]["0"] == serde_json::json!([1, 2, 0]) {
            assert_eq!(t["adding_replicas"]["0"], serde_json::json!([2]), "{t}");
            assert_eq!(t["removing_replicas"]["0"], serde_json::json!([0]), "{t}");
            saw_in_progress = true;
        }
        if t["partitions"]["0"] == serde_json::json!([1, 2]) {
            assert_eq!(t["adding_replicas"], serde_json::json!({}), "{t}");
            assert_eq!(t["removing_replicas"], serde_json::json!({}), "{t}");
            done = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    assert!(done, "the reassignment completed");
    let _ = saw_in_progress; // a fast move may finish between two reads
    let state = partition_state(&zk, "mv", 0).await.unwrap();
    assert!(state.leader == 1 || state.leader == 2, "{state:?}");
    assert!(state.isr.iter().all(|r| *r == 1 || *r == 2), "{state:?}");

    let acked = sending.await.unwrap();
    assert!(
        acked.len() >= 390,
        "acks=all went on: {} acked",
        acked.len()
    );

    // The old replica dropped its copy; both new ones hold the same bytes.
    wait_until("broker 0 deleted its replica", || {
        cluster.broker(0).broker().partition("mv", 0).is_none()
    })
    .await;
    assert!(!dir.path().join("broker-0/mv-0").exists());
    wait_until("the followers caught up", || {
        let end = |id: i32| {
            cluster
                .broker(id)
                .broker()
                .partition("mv", 0)
                .map_or(-1, |p| p.log.log_end_offset())
        };
        end(1) == end(2) && end(1) >= acked.len() as i64
    })
    .await;
    assert_eq!(
        replica_bytes(&cluster, 1, "mv"),
        replica_bytes(&cluster, 2, "mv")
    );

    // Every acknowledged record is there, from the new leader.
    let consumer: BaseConsumer = common::client(&bootstrap)
        .set("group.id", "mv-check")
        .set("auto.offset.reset", "earliest")
        .create()
        .unwrap();
    consumer.subscribe(&["mv"]).unwrap();
    let mut seen = std::collections::HashSet::new();
    let deadline = std::time::Instant::now() + Duration::from_secs(15);
    while seen.len() < acked.len() && std::time::Instant::now() < deadline {
        if let Some(Ok(m)) = consumer.poll(Duration::from_millis(200)) {
            if let Some(v) = m.payload() {
                seen.insert(String::from_utf8_lossy(v).to_string());
            }
        }
    }
    let lost: Vec<&String> = acked.iter().filter(|v| !seen.contains(*v)).collect();
    assert!(lost.is_empty(), "acknowledged but lost: {lost:?}");
    drop(consumer);
    cluster.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reassign_partitions_generates_executes_verifies_and_refuses_bad_input() {
    let dir = tempfile::tempdir().unwrap();
    let cluster = Cluster::start(dir.path(), 3, FAST_FETCHERS).await;
    let bootstrap = cluster.bootstrap();
    create_topic(&bootstrap, "cli", &[&[1], &[0]]).await;
    let zk = cluster.zk_client().await;
    let file = |name: &str, text: &str| {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        path.to_str().unwrap().to_string()
    };
    let topics = file("topics.json", r#"{"topics":[{"topic":"cli"}],"version":1}"#);
    let plan = file(
        "plan.json",
        r#"{"version":1,"partitions":[{"topic":"cli","partition":0,"replicas":[2]},{"topic":"cli","partition":1,"replicas":[1]}]}"#,
    );

    // --generate: the current assignment, an empty line, a proposal over brokers 0 and 1.
    let (out, err, code) = kt(reassign(
        &bootstrap,
        &[
            "--generate",
            "--topics-to-move-json-file",
            &topics,
            "--broker-list",
            "0,1",
        ],
    ))
    .await;
    assert_eq!(code, 0, "{out}{err}");
    let current = r#"{"version":1,"partitions":[{"topic":"cli","partition":0,"replicas":[1],"log_dirs":["any"]},{"topic":"cli","partition":1,"replicas":[0],"log_dirs":["any"]}]}"#;
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines[..4],
        [
            "Current partition replica assignment",
            current,
            "",
            "Proposed partition reassignment configuration"
        ],
        "{out}"
    );
    let proposed: serde_json::Value = serde_json::from_str(lines[4]).unwrap();
    for p in proposed["partitions"].as_array().unwrap() {
        let r = p["replicas"][0].as_i64().unwrap();
        assert!(r == 0 || r == 1, "{out}");
    }

    // --execute with a throttle: Kafka's lines, and the throttles in ZooKeeper.
    let (out, err, code) = kt(reassign(
        &bootstrap,
        &[
            "--execute",
            "--reassignment-json-file",
            &plan,
            "--throttle",
            "50000000",
        ],
    ))
    .await;
    assert_eq!(code, 0, "{out}{err}");
    assert_eq!(
        out,
        format!(
            "Current partition replica assignment\n\n{current}\n\nSave this to use as the \
             --reassignment-json-file option during rollback\nWarning: You must run --verify \
             periodically, until the reassignment completes, to ensure the throttle is \
             removed.\nThe inter-broker throttle limit was set to 50000000 B/s\nSuccessfully \
             started partition reassignments for cli-0,cli-1\n"
        )
    );
    let (data, _) = zk.get_data("/config/topics/cli").await.unwrap();
    let config: serde_json::Value = serde_json::from_slice(&data).unwrap();
    assert_eq!(
        config["config"]["leader.replication.throttled.replicas"],
        "0:1,1:0"
    );
    assert_eq!(
        config["config"]["follower.replication.throttled.replicas"],
        "0:2,1:1"
    );
    let (data, _) = zk.get_data("/config/brokers/2").await.unwrap();
    let config: serde_json::Value = serde_json::from_slice(&data).unwrap();
    assert_eq!(
        config["config"]["follower.replication.throttled.rate"],
        "50000000"
    );

    // --verify until done: then it clears the throttles.
    let out = common::verify_reassignment_until_done(&bootstrap, &plan, 100).await;
    assert_eq!(
        out,
        "Status of partition reassignment:\nReassignment of partition cli-0 is completed.\n\
         Reassignment of partition cli-1 is completed.\n\nClearing broker-level throttles on \
         brokers 0,1,2\nClearing topic-level throttles on topic cli\n"
    );
    let (data, _) = zk.get_data("/config/topics/cli").await.unwrap();
    let config: serde_json::Value = serde_json::from_slice(&data).unwrap();
    assert!(config["config"]
        .get("leader.replication.throttled.replicas")
        .is_none());
    let (data, _) = zk.get_data("/config/brokers/2").await.unwrap();
    let config: serde_json::Value = serde_json::from_slice(&data).unwrap();
    assert_eq!(config["config"], serde_json::json!({}));
    assert!(cluster.broker(1).broker().partition("cli", 0).is_none());
    assert!(cluster.broker(2).broker().partition("cli", 0).is_some());

    let (out, _, code) = kt(reassign(&bootstrap, &["--list"])).await;
    assert_eq!(
        (out.as_str(), code),
        ("No partition reassignments found.\n", 0)
    );
    let (out, _, code) = kt(reassign(
        &bootstrap,
        &["--cancel", "--reassignment-json-file", &plan],
    ))
    .await;
    assert_eq!(code, 0);
    assert_eq!(
        out,
        "None of the specified partition reassignments are active.\nNone of the specified \
         partition moves are active.Clearing broker-level throttles on brokers 0,1,2\nClearing \
         topic-level throttles on topic cli\n"
    );

    // Bad input: Kafka's messages on stdout, exit code 1, nothing changed.
    let unknown = file(
        "unknown.json",
        r#"{"version":1,"partitions":[{"topic":"cli","partition":0,"replicas":[7]}]}"#,
    );
    let (out, _, code) = kt(reassign(
        &bootstrap,
        &["--execute", "--reassignment-json-file", &unknown],
    ))
    .await;
    assert_eq!(code, 1);
    assert!(
        out.starts_with(
            "Error: Unknown broker id 7\norg.apache.kafka.server.common.\
             AdminCommandFailedException: Unknown broker id 7\n"
        ),
        "{out}"
    );
    let duplicate = file(
        "duplicate.json",
        r#"{"version":1,"partitions":[{"topic":"cli","partition":0,"replicas":[1,1]}]}"#,
    );
    let (out, _, code) = kt(reassign(
        &bootstrap,
        &["--execute", "--reassignment-json-file", &duplicate],
    ))
    .await;
    assert_eq!(code, 1);
    assert!(
        out.starts_with(
            "Error: Partition replica lists may not contain duplicate entries: cli-0 contains \
             multiple entries for 1\n"
        ),
        "{out}"
    );
    let malformed = file("malformed.json", r#"{"version":1,"partitions":[{"topic":"#);
    let (out, _, code) = kt(reassign(
        &bootstrap,
        &["--execute", "--reassignment-json-file", &malformed],
    ))
    .await;
    assert_eq!(code, 1);
    assert!(
        out.starts_with("Error: com.fasterxml.jackson.core.JsonParseException: "),
        "{out}"
    );
    let (_, err, code) = kt(reassign(&bootstrap, &["--verify", "--execute"])).await;
    assert_eq!(code, 1);
    assert!(err.starts_with(
        "Command must include exactly one action: --generate, --execute, --verify, --cancel, \
         --list"
    ));
    let t = topic_znode(&zk, "cli").await;
    assert_eq!(t["partitions"], serde_json::json!({"0": [2], "1": [1]}));

    // The broker's own checks (what a client that skips the tool's checks meets).
    let admin = kt::admin::reassign::Cluster::new(&bootstrap, &[]);
    let refused = admin
        .alter(&[
            (("cli".to_string(), 0), Some(vec![1, 1])),
            (("cli".to_string(), 1), Some(vec![0, 7])),
            (("cli".to_string(), 9), Some(vec![0])),
            (("cli".to_string(), 1), None),
        ])
        .await
        .unwrap();
    let text = |p: i32| refused[&("cli".to_string(), p)].text();
    assert_eq!(
        text(0),
        "Duplicate replica ids in partition reassignment replica list: ArrayBuffer(1, 1)"
    );
    assert_eq!(text(9), "The partition does not exist.");
    // cli-1 was named twice: the cancel (the later entry) wins, and nothing is in progress.
    assert_eq!(text(1), "No partition reassignment is in progress.");
    let refused = admin
        .alter(&[(("cli".to_string(), 1), Some(vec![0, 7]))])
        .await
        .unwrap();
    assert_eq!(
        refused[&("cli".to_string(), 1)].text(),
        "Replica assignment has brokers that are not alive. Replica list: ArrayBuffer(0, 7), \
         live broker list: Set(0, 1, 2)"
    );
    // A broker that is not the controller answers NOT_CONTROLLER, as in Kafka's ZooKeeper mode.
    let controller = cluster
        .broker(0)
        .broker()
        .cluster()
        .unwrap()
        .view()
        .controller;
    let other = (0..3).find(|b| *b != controller).unwrap();
    let mut wire = kt::admin::wire::WireClient::connect(
        &cluster.broker(other).bootstrap(),
        &[],
        "test",
        Duration::from_secs(5),
    )
    .await
    .unwrap();
    let answer = wire
        .call(
            &kafka_protocol::messages::ListPartitionReassignmentsRequest::default()
                .with_timeout_ms(5000),
            0,
        )
        .await
        .unwrap();
    assert_eq!(answer.error_code, 41);

    // The /admin/reassign_partitions znode: the controller carries it out and deletes it.
    zk.create(
        "/admin/reassign_partitions",
        br#"{"version":1,"partitions":[{"topic":"cli","partition":0,"replicas":[0]}]}"#,
        &zookeeper_client::CreateMode::Persistent.with_acls(zookeeper_client::Acls::anyone_all()),
    )
    .await
    .unwrap();
    let mut moved = false;
    for _ in 0..500 {
        let t = topic_znode(&zk, "cli").await;
        let gone = zk
            .check_stat("/admin/reassign_partitions")
            .await
            .unwrap()
            .is_none();
        if t["partitions"]["0"] == serde_json::json!([0]) && gone {
            moved = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert!(
        moved,
        "the znode's reassignment completed and the znode was deleted"
    );
    cluster.shutdown().await;
}

/// A broker's log end offset of `topic`-0 (0 before it holds a replica).
fn log_end(cluster: &Cluster, id: i32, topic: &str) -> i64 {
    cluster
        .broker(id)
        .broker()
        .partition(topic, 0)
        .map_or(0, |p| p.log.log_end_offset())
}

/// Polls until broker `id` holds all `end` records of `topic`-0 (at most 60 s); how long it
/// took.
async fn caught_up(cluster: &Cluster, id: i32, topic: &str, end: i64) -> Duration {
    let start = std::time::Instant::now();
    while log_end(cluster, id, topic) < end {
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "broker {id} holds {} of {end} records",
            log_end(cluster, id, topic)
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    start.elapsed()
}

/// Replaces a config resource's overrides through librdkafka (AlterConfigs).
async fn set_configs(
    bootstrap: &str,
    resource: rdkafka::admin::ResourceSpecifier<'_>,
    configs: &[(&str, &str)],
) {
    use rdkafka::admin::AlterConfig;
    let admin: AdminClient<DefaultClientContext> = common::client(bootstrap).create().unwrap();
    let mut change = AlterConfig::new(resource);
    for (k, v) in configs {
        change = change.set(k, v);
    }
    let results = admin
        .alter_configs(&[change], &AdminOptions::new())
        .await
        .unwrap();
    assert!(results[0].is_ok(), "{results:?}");
}

/// Polls the topic znode until no reassignment of `topic` is in progress and partition 0 has
/// `replicas` (at most 20 s).
async fn reassigned(zk: &zookeeper_client::Client, topic: &str, replicas: serde_json::Value) {
    for _ in 0..1000 {
        let t = topic_znode(zk, topic).await;
        let adding = t["adding_replicas"]
            .as_object()
            .is_none_or(|m| m.is_empty());
        if adding && t["partitions"]["0"] == replicas {
            return;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    panic!("{topic}: {}", topic_znode(zk, topic).await);
}

/// One side of the replication throttle, set alone on one broker.
struct OneSide<'a> {
    cluster: &'a Cluster,
    zk: &'a zookeeper_client::Client,
    /// The broker given the rate.
    throttler: i32,
    /// `leader.` or `follower.replication.throttled.rate`.
    rate: &'a str,
    /// The topic's throttled-replicas config and its value.
    list: (&'a str, &'a str),
    /// The broker `plan` adds a replica of `slow`-0 on.
    new_replica: i32,
}

impl OneSide<'_> {
    /// Sets the throttle, waits until `applied`, moves `slow`-0 as `plan` says: after 2.5 s
    /// at the rate the new replica holds less than half of the records; with the throttle
    /// lifted (rate and list removed) it catches up within 5 s, and the move completes.
    async fn held_back_then_lifted(&self, plan: &str, applied: impl Fn() -> bool) {
        use rdkafka::admin::ResourceSpecifier;
        let bootstrap = self.cluster.bootstrap();
        let broker = ResourceSpecifier::Broker(self.throttler);
        set_configs(&bootstrap, broker, &[(self.rate, THROTTLE)]).await;
        set_configs(&bootstrap, ResourceSpecifier::Topic("slow"), &[self.list]).await;
        wait_until("the throttle is applied", applied).await;
        let (out, err, code) = kt(reassign(
            &bootstrap,
            &["--execute", "--reassignment-json-file", plan],
        ))
        .await;
        assert_eq!(code, 0, "{out}{err}");
        tokio::time::sleep(Duration::from_millis(2500)).await;
        let held = log_end(self.cluster, self.new_replica, "slow");
        assert!(
            held < THROTTLED_RECORDS / 2,
            "after 2.5 s at 100 kB/s broker {} holds {held} of {THROTTLED_RECORDS} records",
            self.new_replica
        );
        let lifted = std::time::Instant::now();
        set_configs(&bootstrap, ResourceSpecifier::Broker(self.throttler), &[]).await;
        set_configs(&bootstrap, ResourceSpecifier::Topic("slow"), &[]).await;
        caught_up(self.cluster, self.new_replica, "slow", THROTTLED_RECORDS).await;
        let took = lifted.elapsed();
        println!(
            "{}: {held} records after 2.5 s, the rest {took:?} after the throttle was lifted",
            self.rate
        );
        assert!(
            took < Duration::from_secs(5),
            "unthrottled, caught up in {took:?}"
        );
        let target: Vec<i32> = (0..=self.new_replica).collect();
        reassigned(self.zk, "slow", serde_json::json!(target)).await;
    }
}

/// 1 MiB of replication at 100 kB/s takes about ten seconds; unthrottled, a fraction of one.
const THROTTLE: &str = "100000";
/// The records written, 4 KiB each: 1 MiB.
const THROTTLED_RECORDS: i64 = 256;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn replication_throttles_hold_back_a_new_replica_until_they_are_lifted() {
    let dir = tempfile::tempdir().unwrap();
    // Small fetches, so catching up takes many of them (as a large backlog does at Kafka's
    // 1 MiB default).
    let mut settings = FAST_FETCHERS.to_vec();
    settings.push(("replica.fetch.max.bytes", "65536"));
    let cluster = Cluster::start(dir.path(), 4, &settings).await;
    let bootstrap = cluster.bootstrap();
    create_topic(&bootstrap, "slow", &[&[0]]).await;
    let zk = cluster.zk_client().await;
    // One record per batch (each send awaited), incompressible enough, uncompressed.
    let producer: FutureProducer = common::client(&bootstrap)
        .set("linger.ms", "0")
        .create()
        .unwrap();
    for i in 0..THROTTLED_RECORDS {
        let value: Vec<u8> = (0..4096u32)
            .map(|j| (j.wrapping_mul(2654435761).wrapping_add(i as u32 * 7919) >> 13) as u8)
            .collect();
        let record = FutureRecord::<(), _>::to("slow").payload(&value);
        producer
            .send(record, Duration::from_secs(10))
            .await
            .unwrap();
    }
    assert_eq!(log_end(&cluster, 0, "slow"), THROTTLED_RECORDS);
    let file = |name: &str, replicas: &str| {
        let path = dir.path().join(name);
        let text = format!(
            r#"{{"version":1,"partitions":[{{"topic":"slow","partition":0,"replicas":{replicas}}}]}}"#
        );
        std::fs::write(&path, text).unwrap();
        path.to_str().unwrap().to_string()
    };
    // 1. The leader side alone: leader 0 throttles what it sends its new replica on broker 1
    // (out of the ISR). Each side is tested on a broker whose rate has measured nothing yet:
    // Kafka's rate spans up to eleven one-second windows, and bytes recorded in them a few
    // seconds earlier would let a burst through.
    let one_side = OneSide {
        cluster: &cluster,
        zk: &zk,
        throttler: 0,
        rate: "leader.replication.throttled.rate",
        list: ("leader.replication.throttled.replicas", "0:0"),
        new_replica: 1,
    };
    let leader = cluster.broker(0).broker().clone();
    let throttled = |b: &kt::broker::Broker| {
        let quotas = b.cluster().unwrap().replication_quotas();
        (
            quotas.leader.is_throttled("slow", 0),
            quotas.follower.is_throttled("slow", 0),
        )
    };
    one_side
        .held_back_then_lifted(&file("to-0-1.json", "[0,1]"), || {
            throttled(&leader) == (true, false)
        })
        .await;
    // 2. The follower side alone: broker 2 throttles its new replica.
    let follower = cluster.broker(2).broker().clone();
    let one_side = OneSide {
        throttler: 2,
        rate: "follower.replication.throttled.rate",
        list: ("follower.replication.throttled.replicas", "0:2"),
        new_replica: 2,
        ..one_side
    };
    one_side
        .held_back_then_lifted(&file("to-0-1-2.json", "[0,1,2]"), || {
            throttled(&follower) == (false, true)
        })
        .await;

    // 3. kt reassign-partitions --execute --throttle: the new replica on broker 3 is held to
    // the rate on both sides (leader 0 sending, follower 3 fetching).
    let plan = file("to-0-1-2-3.json", "[0,1,2,3]");
    let (out, err, code) = kt(reassign(
        &bootstrap,
        &[
            "--execute",
            "--reassignment-json-file",
            &plan,
            "--throttle",
            THROTTLE,
        ],
    ))
    .await;
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.contains("The inter-broker throttle limit was set to 100000 B/s"),
        "{out}"
    );
    assert_eq!(replication_bounds(&cluster, 0), (100_000, 100_000));
    assert_eq!(replication_bounds(&cluster, 3), (100_000, 100_000));
    let took = caught_up(&cluster, 3, "slow", THROTTLED_RECORDS).await;
    println!("both sides: 1 MiB caught up in {took:?}");
    assert!(
        took >= Duration::from_secs(5),
        "1 MiB at 100 kB/s caught up in {took:?}"
    );
    // --verify: completed, and the throttles are cleared on every broker.
    let out = common::verify_reassignment_until_done(&bootstrap, &plan, 100).await;
    assert_eq!(
        out,
        "Status of partition reassignment:\nReassignment of partition slow-0 is completed.\n\n\
         Clearing broker-level throttles on brokers 0,1,2,3\nClearing topic-level throttles on \
         topic slow\n"
    );
    for id in 0..4 {
        assert_eq!(
            replication_bounds(&cluster, id),
            (i64::MAX, i64::MAX),
            "broker {id}"
        );
    }
    wait_until("the throttled replica lists are gone", || {
        !leader
            .cluster()
            .unwrap()
            .replication_quotas()
            .leader
            .is_throttled("slow", 0)
    })
    .await;

    cluster.shutdown().await;
}
