//! `kt streams-application-reset` (kafka-streams-application-reset.sh): a Streams
//! application's committed offsets reset on its input topics and moved to the end of its
//! intermediate topics, its internal topics deleted, with StreamsResetter's lines; a dry run
//! changes nothing; bad input gets Kafka's messages and exit code 1.

use std::time::Duration;

use rdkafka::consumer::{BaseConsumer, CommitMode, Consumer};
use rdkafka::producer::{FutureProducer, FutureRecord};
use rdkafka::{Offset, TopicPartitionList};

use crate::common;

use crate::common::run_kt_async as kt;

fn words(w: &[&str]) -> Vec<String> {
    w.iter().map(|s| s.to_string()).collect()
}

/// The group's committed offsets of `partitions`, through librdkafka.
fn committed(bootstrap: &str, partitions: &[(&str, i32)]) -> Vec<i64> {
    let consumer: BaseConsumer = common::client(bootstrap)
        .set("group.id", "app")
        .create()
        .unwrap();
    let mut tpl = TopicPartitionList::new();
    for (t, p) in partitions {
        tpl.add_partition(t, *p);
    }
    let found = consumer
        .committed_offsets(tpl, Duration::from_secs(10))
        .unwrap();
    partitions
        .iter()
        .map(
            |(t, p)| match found.find_partition(t, *p).unwrap().offset() {
                Offset::Offset(o) => o,
                other => panic!("{t}-{p}: {other:?}"),
            },
        )
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn offsets_reset_and_internal_topics_deleted_as_streams_resetter_does() {
    let dir = tempfile::tempdir().unwrap();
    let broker = common::start_broker(dir.path(), &[]).await;
    let b = broker.bootstrap();
    for (topic, partitions) in [
        ("in", 2),
        ("mid", 1),
        ("app-store-changelog", 1),
        ("app-KSTREAM-AGG-0000000001-repartition", 1),
        ("app-output", 1),
        ("other-store-changelog", 1),
    ] {
        common::create_topic(&b, topic, partitions).await;
    }
    let producer: FutureProducer = common::client(&b).create().unwrap();
    for (topic, partition, n) in [("in", 0, 5), ("in", 1, 3), ("mid", 0, 4)] {
        for i in 0..n {
            producer
                .send(
                    FutureRecord::<(), str>::to(topic)
                        .partition(partition)
                        .payload(&i.to_string()),
                    Duration::from_secs(10),
                )
                .await
                .unwrap();
        }
    }
    // The application's last commit: where it had got to.
    let bootstrap = b.clone();
    tokio::task::spawn_blocking(move || {
        let consumer: BaseConsumer = common::client(&bootstrap)
            .set("group.id", "app")
            .create()
            .unwrap();
        let mut tpl = TopicPartitionList::new();
        tpl.add_partition_offset("in", 0, Offset::Offset(4))
            .unwrap();
        tpl.add_partition_offset("in", 1, Offset::Offset(3))
            .unwrap();
        tpl.add_partition_offset("mid", 0, Offset::Offset(1))
            .unwrap();
        consumer.commit(&tpl, CommitMode::Sync).unwrap();
    })
    .await
    .unwrap();
    let all = [("in", 0), ("in", 1), ("mid", 0)];

    // A dry run prints the plan (to-offset 9 is past in-1's end: clamped) and changes nothing.
    let base = [
        "streams-application-reset",
        "--bootstrap-server",
        &b,
        "--application-id",
        "app",
    ];
    let mut dry = words(&base);
    dry.extend(words(&[
        "--input-topics",
        "in",
        "--intermediate-topics",
        "mid",
        "--to-offset",
        "4",
        "--dry-run",
    ]));
    assert_eq!(
        kt(dry).await,
        (
            "----Dry run displays the actions which will be performed when running Streams Reset Tool----\n\
             Reset-offsets for input topics [in]\n\
             Seek-to-end for intermediate topics [mid]\n\
             Following input topics offsets will be reset to (for consumer group app)\n\
             New offset (4) is higher than latest offset. Value will be set to 3\n\
             Topic: in Partition: 0 Offset: 4\n\
             Topic: in Partition: 1 Offset: 3\n\
             Following intermediate topics offsets will be reset to end (for consumer group app)\n\
             Topic: mid\n\
             Done.\n\
             Deleting inferred internal topics [app-KSTREAM-AGG-0000000001-repartition, app-store-changelog]\n\
             Done.\n"
                .to_string(),
            String::new(),
            0
        )
    );
    let bootstrap = b.clone();
    let offsets = tokio::task::spawn_blocking(move || committed(&bootstrap, &all))
        .await
        .unwrap();
    assert_eq!(offsets, [4, 3, 1]);

    // The reset: inputs to the earliest offset (the default), intermediates to their end,
    // internal topics of this application deleted, the others kept.
    let mut reset = words(&base);
    reset.extend(words(&[
        "--input-topics",
        "in",
        "--intermediate-topics",
        "mid",
    ]));
    assert_eq!(
        kt(reset).await,
        (
            "Reset-offsets for input topics [in]\n\
             Seek-to-end for intermediate topics [mid]\n\
             Following input topics offsets will be reset to (for consumer group app)\n\
             Topic: in Partition: 0 Offset: 0\n\
             Topic: in Partition: 1 Offset: 0\n\
             Following intermediate topics offsets will be reset to end (for consumer group app)\n\
             Topic: mid\n\
             Done.\n\
             Deleting inferred internal topics [app-KSTREAM-AGG-0000000001-repartition, app-store-changelog]\n\
             Done.\n"
                .to_string(),
            String::new(),
            0
        )
    );
    let bootstrap = b.clone();
    let offsets = tokio::task::spawn_blocking(move || committed(&bootstrap, &all))
        .await
        .unwrap();
    assert_eq!(offsets, [0, 0, 4]);
    let (topics, _, _) = kt(words(&["topics", "--list", "--bootstrap-server", &b])).await;
    assert_eq!(
        topics,
        "__consumer_offsets\napp-output\nin\nmid\nother-store-changelog\n",
    );

    // An input topic that does not exist: said, skipped, exit 1.
    let mut missing = words(&base);
    missing.extend(words(&["--input-topics", "nope", "--shift-by", "-1"]));
    assert_eq!(
        kt(missing).await,
        (
            "Reset-offsets for input topics [nope]\n\
             Following input topics are not found, skipping them\n\
             Topic: nope\n\
             Deleting inferred internal topics []\n\
             Done.\n"
                .to_string(),
            String::new(),
            1
        )
    );
    // Bad command lines: exit 1, nothing changed.
    let (out, err, code) = kt(words(&[
        "streams-application-reset",
        "--bootstrap-server",
        &b,
    ]))
    .await;
    assert_eq!((out.as_str(), code), ("", 1));
    assert!(
        err.starts_with("Missing required option(s) [application-id]\n"),
        "{err}"
    );
    let mut two = words(&base);
    two.extend(words(&["--to-earliest", "--to-latest"]));
    let (out, err, code) = kt(two).await;
    assert_eq!((out.as_str(), code), ("", 1));
    assert!(
        err.starts_with("Option \"[to-earliest]\" can't be used with option \"[to-latest]\"\n"),
        "{err}"
    );
    let mut internal = words(&base);
    internal.extend(words(&["--internal-topics", "app-output"]));
    let (_, err, code) = kt(internal).await;
    assert_eq!(code, 1);
    assert!(
        err.contains("Invalid topic specified in the --internal-topics option."),
        "{err}"
    );
    let bootstrap = b.clone();
    let offsets = tokio::task::spawn_blocking(move || committed(&bootstrap, &all))
        .await
        .unwrap();
    assert_eq!(offsets, [0, 0, 4]);
    broker.shutdown().await;
}

/// An application still running is refused with Kafka's message; `--force` removes its
/// members (Kafka 3.9's RemoveMembersFromConsumerGroup) and then resets.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn force_removes_active_members_then_resets() {
    let dir = tempfile::tempdir().unwrap();
    let broker = common::start_broker(dir.path(), &[]).await;
    let b = broker.bootstrap();
    common::create_topic(&b, "in", 1).await;
    let producer: FutureProducer = common::client(&b).create().unwrap();
    for i in 0..3 {
        producer
            .send(
                FutureRecord::<(), str>::to("in").payload(&i.to_string()),
                Duration::from_secs(10),
            )
            .await
            .unwrap();
    }
    // A member of the application's group that joined, committed and is still in the group
    // (its session outlives the test).
    let bootstrap = b.clone();
    let member = tokio::task::spawn_blocking(move || {
        let consumer: BaseConsumer = common::client(&bootstrap)
            .set("group.id", "app")
            .set("session.timeout.ms", "60000")
            .set("enable.auto.commit", "false")
            .set("auto.offset.reset", "earliest")
            .create()
            .unwrap();
        consumer.subscribe(&["in"]).unwrap();
        let deadline = std::time::Instant::now() + Duration::from_secs(10);
        let mut read = 0;
        while read < 3 {
            assert!(
                std::time::Instant::now() < deadline,
                "the member read nothing"
            );
            if let Some(Ok(_)) = consumer.poll(Duration::from_millis(50)) {
                read += 1;
            }
        }
        consumer.commit_consumer_state(CommitMode::Sync).unwrap();
        consumer
    })
    .await
    .unwrap();

    let base = words(&[
        "streams-application-reset",
        "--bootstrap-server",
        &b,
        "--application-id",
        "app",
        "--input-topics",
        "in",
        "--to-earliest",
    ]);
    let (out, err, code) = kt(base.clone()).await;
    assert_eq!((out.as_str(), code), ("", 1), "{err}");
    assert!(
        err.contains("Consumer group 'app' is still active and has following members")
            && err.contains("You can use option '--force' to remove active members"),
        "{err}"
    );
    let bootstrap = b.clone();
    let offsets = tokio::task::spawn_blocking(move || committed(&bootstrap, &[("in", 0)]))
        .await
        .unwrap();
    assert_eq!(offsets, [3], "a refused reset changes nothing");

    let mut forced = base;
    forced.push("--force".to_string());
    let (out, err, code) = kt(forced).await;
    assert_eq!(code, 0, "{err}");
    assert!(
        out.starts_with("Force deleting all active members in the group: app\n"),
        "{out}"
    );
    let bootstrap = b.clone();
    let offsets = tokio::task::spawn_blocking(move || committed(&bootstrap, &[("in", 0)]))
        .await
        .unwrap();
    assert_eq!(offsets, [0]);
    let (_, members, code) = kt(words(&[
        "consumer-groups",
        "--bootstrap-server",
        &b,
        "--describe",
        "--group",
        "app",
        "--members",
    ]))
    .await;
    assert_eq!(code, 0);
    assert!(
        members.contains("has no active members"),
        "the member is gone: {members}"
    );
    drop(member);
    broker.shutdown().await;
}
