//! End-to-end checks of kt's tools against a Kafka-compatible broker, following the quickstart
//! of Kafka's answer key. By default the broker is kt's own, started in process on 127.0.0.1;
//! `KT_TEST_BOOTSTRAP=host:port` points them at another broker (Apache Kafka, Redpanda, ...).

use crate::common;
use crate::common::BrokerThread;

use assert_cmd::Command;
use predicates::prelude::*;

/// `KT_TEST_BOOTSTRAP`'s broker, or a kt broker on its own runtime thread over a temp dir.
fn target() -> BrokerThread {
    match std::env::var("KT_TEST_BOOTSTRAP") {
        Ok(bootstrap) => BrokerThread::external(bootstrap),
        Err(_) => BrokerThread::start_in_temp_dir(&[]),
    }
}

fn kt(args: &[&str], bootstrap: &str) -> Command {
    let mut c = common::kt_command();
    c.args(args).args(["--bootstrap-server", bootstrap]);
    c
}

/// A topic name no other test run uses.
fn fresh_topic(prefix: &str) -> String {
    format!("{prefix}-{}", uuid::Uuid::new_v4().simple())
}

#[test]
fn quickstart_flow() {
    let target = target();
    let b = target.bootstrap.clone();
    let topic = fresh_topic("quickstart");
    kt(
        &["topics", "--create", "--topic", &topic, "--partitions", "1"],
        &b,
    )
    .assert()
    .success()
    .stdout(format!("Created topic {topic}.\n"))
    .stderr("");
    kt(&["topics", "--list"], &b)
        .assert()
        .success()
        .stdout(predicate::str::contains(format!("{topic}\n")));
    let describe_line = regex::Regex::new(&format!(
        "^Topic: {topic}\tTopicId: [A-Za-z0-9_-]{{22}}\tPartitionCount: 1\tReplicationFactor: 1\tConfigs: \n\tTopic: {topic}\tPartition: 0\tLeader: \\d+\tReplicas: \\d+\tIsr: \\d+\tElr: N/A\tLastKnownElr: N/A\n$"
    ))
    .unwrap();
    kt(&["topics", "--describe", "--topic", &topic], &b)
        .assert()
        .success()
        .stdout(predicate::function(move |s: &str| {
            describe_line.is_match(s)
        }));
    let lines =
        "This is my first event\nThis is my second event\nline three\nline four\nline five\n";
    kt(&["console-producer", "--topic", &topic], &b)
        .write_stdin(lines)
        .assert()
        .success()
        .stdout("")
        .stderr("");
    kt(
        &[
            "console-consumer",
            "--topic",
            &topic,
            "--from-beginning",
            "--max-messages",
            "5",
        ],
        &b,
    )
    .assert()
    .success()
    .stdout(lines)
    .stderr("Processed a total of 5 messages\n");
    kt(&["get-offsets", "--topic", &topic, "--time", "-2"], &b)
        .assert()
        .success()
        .stdout(format!("{topic}:0:0\n"));
    kt(&["topics", "--create", "--topic", &topic], &b)
        .assert()
        .code(1)
        .stdout(format!(
            "Error while executing topic command : Topic '{topic}' already exists.\n"
        ))
        .stderr(predicate::str::contains("TopicExistsException"));
    kt(&["topics", "--delete", "--topic", &topic], &b)
        .assert()
        .success()
        .stdout("");
}

#[test]
fn missing_topic_errors() {
    let target = target();
    let b = target.bootstrap.clone();
    let topic = fresh_topic("no-such-topic");
    for action in ["--describe", "--delete"] {
        kt(&["topics", action, "--topic", &topic], &b)
            .assert()
            .code(1)
            .stdout(format!(
                "Error while executing topic command : Topic 'Optional[{topic}]' does not exist as expected\n"
            ));
    }
}

#[test]
fn consumer_timeout_prints_count() {
    let target = target();
    let b = target.bootstrap.clone();
    let topic = fresh_topic("timeout");
    kt(&["topics", "--create", "--topic", &topic], &b)
        .assert()
        .success();
    kt(&["console-consumer", "--topic", &topic, "--timeout-ms", "500"], &b)
        .assert()
        .success()
        .stdout("")
        .stderr(predicate::str::contains(
            "ERROR Error processing message, terminating consumer process: TimeoutException\nProcessed a total of 0 messages\n",
        ));
    kt(&["topics", "--delete", "--topic", &topic], &b)
        .assert()
        .success();
}

#[test]
fn keys_and_headers_round_trip() {
    let target = target();
    let b = target.bootstrap.clone();
    let topic = fresh_topic("keys");
    kt(
        &["topics", "--create", "--topic", &topic, "--partitions", "1"],
        &b,
    )
    .assert()
    .success();
    kt(
        &[
            "console-producer",
            "--topic",
            &topic,
            "--property",
            "parse.key=true",
            "--property",
            "parse.headers=true",
        ],
        &b,
    )
    .write_stdin("h1:a,h2:b\tk1\tv1\n\tk2\tv2\n")
    .assert()
    .success();
    kt(
        &[
            "console-consumer",
            "--topic",
            &topic,
            "--from-beginning",
            "--max-messages",
            "2",
            "--property",
            "print.key=true",
            "--property",
            "print.headers=true",
            "--property",
            "print.offset=true",
        ],
        &b,
    )
    .assert()
    .success()
    .stdout("Offset:0\th1:a,h2:b\tk1\tv1\nOffset:1\tNO_HEADERS\tk2\tv2\n");
    kt(&["topics", "--delete", "--topic", &topic], &b)
        .assert()
        .success();
}
