//! `kt consumer-groups` and `kt console-consumer --group` through the binary, against a kt
//! broker in this process: Kafka's output formats (shared/reference/outputs.md, 07–10, e7),
//! resuming groups, resets, deletions, a killed member, and the same on a data directory.

use crate::common;

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::run_kt;
// A kt broker on its own runtime thread over `dir`, stopped (cleanly) on drop.
use common::BrokerThread as Broker;

fn setup(broker: &Broker, topic: &str, partitions: &str, records: usize) {
    let (_, err, code) = broker.kt(
        &[
            "topics",
            "--create",
            "--topic",
            topic,
            "--partitions",
            partitions,
        ],
        "",
    );
    assert_eq!(code, 0, "{err}");
    let input: String = (1..=records).map(|i| format!("{i}\n")).collect();
    let (_, err, code) = broker.kt(&["console-producer", "--topic", topic], &input);
    assert_eq!(code, 0, "{err}");
}

fn consume(broker: &Broker, topic: &str, group: &str, max: usize) -> Vec<String> {
    let max = max.to_string();
    let (out, err, code) = broker.kt(
        &[
            "console-consumer",
            "--topic",
            topic,
            "--group",
            group,
            "--from-beginning",
            "--max-messages",
            &max,
        ],
        "",
    );
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains(&format!("Processed a total of {max} messages")),
        "{err}"
    );
    out.lines().map(str::to_string).collect()
}

#[test]
fn a_group_resumes_and_is_described_as_kafka_describes_it() {
    let dir = tempfile::tempdir().unwrap();
    let broker = Broker::start(dir.path(), &[]);
    setup(&broker, "my-topic", "1", 5);

    // Two runs of the same group read each record once, in order.
    let mut seen = consume(&broker, "my-topic", "my-group", 3);
    seen.extend(consume(&broker, "my-topic", "my-group", 2));
    assert_eq!(seen, vec!["1", "2", "3", "4", "5"]);

    let (out, err, code) = broker.kt(&["consumer-groups", "--list"], "");
    assert_eq!((out.as_str(), err.as_str(), code), ("my-group\n", "", 0));

    // 08-groups-describe: rows after "\n", no final newline, the notice on stderr.
    let (out, err, code) = broker.kt(
        &["consumer-groups", "--describe", "--group", "my-group"],
        "",
    );
    assert_eq!(code, 0);
    assert_eq!(
        out,
        "\nGROUP           TOPIC           PARTITION  CURRENT-OFFSET  LOG-END-OFFSET  LAG             CONSUMER-ID     HOST            CLIENT-ID\
         \nmy-group        my-topic        0          5               5               0               -               -               -"
    );
    assert_eq!(err, "\nConsumer group 'my-group' has no active members.\n");

    // 09-groups-describe-members.
    let (out, err, _) = broker.kt(
        &[
            "consumer-groups",
            "--describe",
            "--group",
            "my-group",
            "--members",
        ],
        "",
    );
    assert_eq!(
        out,
        "\nGROUP           CONSUMER-ID     HOST            CLIENT-ID       #PARTITIONS     \n"
    );
    assert_eq!(err, "\nConsumer group 'my-group' has no active members.\n");

    // 10-groups-describe-state: COORDINATOR is host:port, two spaces, (id).
    let (out, _, _) = broker.kt(
        &[
            "consumer-groups",
            "--describe",
            "--group",
            "my-group",
            "--state",
        ],
        "",
    );
    let coordinator = format!("{}  (0)", broker.bootstrap);
    let w = coordinator.len().max(25);
    assert_eq!(
        out,
        format!(
            "\n{:<w$} {:<w$} ASSIGNMENT-STRATEGY  STATE           #MEMBERS\n{:<w$} {:<w$} {:<20} Empty           0\n",
            "GROUP", "COORDINATOR (ID)", "my-group", coordinator, ""
        )
    );

    // e7-groups-describe-missing: exit 0, the message on stdout.
    let (out, err, code) = broker.kt(
        &["consumer-groups", "--describe", "--group", "no-such-group"],
        "",
    );
    assert_eq!(
        (out.as_str(), err.as_str(), code),
        (
            "\nError: Consumer group 'no-such-group' does not exist.\n",
            "",
            0
        )
    );

    // (kt) The same facts as JSON and as a table.
    let (out, _, code) = broker.kt(
        &[
            "consumer-groups",
            "--describe",
            "--group",
            "my-group",
            "--output",
            "json",
        ],
        "",
    );
    assert_eq!(code, 0);
    let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
    let group = &doc["groups"][0];
    assert_eq!(group["group_id"], "my-group");
    assert_eq!(group["state"], "Empty");
    assert_eq!(
        group["coordinator"]["port"].as_i64().unwrap().to_string(),
        broker.bootstrap.rsplit(':').next().unwrap()
    );
    let offsets = &group["offsets"][0];
    assert_eq!(
        (
            &offsets["topic"],
            &offsets["partition"],
            &offsets["current_offset"],
            &offsets["log_end_offset"],
            &offsets["lag"],
            &offsets["consumer_id"]
        ),
        (
            &serde_json::json!("my-topic"),
            &serde_json::json!(0),
            &serde_json::json!(5),
            &serde_json::json!(5),
            &serde_json::json!(0),
            &serde_json::Value::Null
        )
    );
    let (out, _, _) = broker.kt(&["consumer-groups", "--list", "--output", "json"], "");
    let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        doc,
        serde_json::json!({"groups": [{"group_id": "my-group", "state": "Empty"}]})
    );
    let (out, _, _) = broker.kt(
        &[
            "consumer-groups",
            "--describe",
            "--group",
            "my-group",
            "--output",
            "table",
        ],
        "",
    );
    assert!(!out.contains('\x1b'), "no escape codes in a pipe: {out}");
    assert!(
        out.contains("CURRENT-OFFSET") && out.contains("my-topic"),
        "{out}"
    );

    let (out, _, _) = broker.kt(&["consumer-groups", "--list", "--state"], "");
    assert_eq!(out, "GROUP           STATE\nmy-group        Empty\n");
    let (out, _, _) = broker.kt(&["consumer-groups", "--list", "--state", "stable"], "");
    assert_eq!(out, "GROUP           STATE\n");
    let (_, err, code) = broker.kt(&["consumer-groups", "--list", "--state", "bogus"], "");
    assert_eq!(code, 1);
    assert!(err.starts_with("Invalid state list 'bogus'."), "{err}");
}

#[test]
fn offsets_are_reset_and_deleted_and_empty_groups_deleted() {
    let dir = tempfile::tempdir().unwrap();
    let broker = Broker::start(dir.path(), &[]);
    setup(&broker, "orders", "2", 10);
    consume(&broker, "orders", "g", 10);

    let reset = |extra: &[&str]| {
        let mut args = vec!["consumer-groups", "--reset-offsets", "--group", "g"];
        args.extend(extra);
        broker.kt(&args, "")
    };
    let committed = || {
        let (out, _, _) = broker.kt(&["consumer-groups", "--describe", "--group", "g"], "");
        out.lines()
            .skip(2)
            .map(|l| l.split_whitespace().nth(3).unwrap().parse::<i64>().unwrap())
            .collect::<Vec<i64>>()
    };
    let ends = committed();
    assert_eq!(ends.iter().sum::<i64>(), 10);

    // A dry run (the default) prints the plan and changes nothing.
    let (out, _, code) = reset(&["--topic", "orders", "--to-earliest"]);
    assert_eq!(code, 0);
    let row = |t: &str, p: &str, o: &str| format!("{:<30} {:<30} {:<10} {:<15}\n", "g", t, p, o);
    assert_eq!(
        out,
        format!(
            "\n{:<30} {:<30} {:<10} {:<15}\n{}{}",
            "GROUP",
            "TOPIC",
            "PARTITION",
            "NEW-OFFSET",
            row("orders", "0", "0"),
            row("orders", "1", "0")
        )
    );
    assert_eq!(committed(), ends);

    let (_, _, code) = reset(&["--topic", "orders:0", "--to-earliest", "--execute"]);
    assert_eq!(code, 0);
    assert_eq!(committed(), vec![0, ends[1]]);
    let (_, _, code) = reset(&["--all-topics", "--shift-by", "-1", "--execute"]);
    assert_eq!(code, 0);
    assert_eq!(
        committed(),
        vec![0, ends[1] - 1],
        "clamped at the log start"
    );
    let (_, _, code) = reset(&["--topic", "orders", "--to-offset", "999", "--execute"]);
    assert_eq!(code, 0);
    assert_eq!(committed(), ends, "clamped at the log end");
    let (_, _, code) = reset(&["--all-topics", "--by-duration", "PT1H", "--execute"]);
    assert_eq!(code, 0);
    assert_eq!(
        committed(),
        vec![0, 0],
        "every record is younger than an hour"
    );
    let (_, err, code) = reset(&["--all-topics"]);
    assert_eq!(code, 1, "a scenario is required");
    assert!(err.contains("reset-offsets"), "{err}");

    // The group consumes again from the reset position.
    assert_eq!(consume(&broker, "orders", "g", 10).len(), 10);

    let (out, _, code) = broker.kt(
        &[
            "consumer-groups",
            "--delete-offsets",
            "--group",
            "g",
            "--topic",
            "orders:1",
        ],
        "",
    );
    assert_eq!(code, 0);
    assert!(
        out.starts_with("Request succeeded for deleting offsets from group g.\n"),
        "{out}"
    );
    assert!(
        out.contains("orders          1          Successful"),
        "{out}"
    );
    assert_eq!(committed().len(), 1);

    let (out, _, code) = broker.kt(&["consumer-groups", "--delete", "--group", "g"], "");
    assert_eq!(
        (out.as_str(), code),
        (
            "Deletion of requested consumer groups ('g') was successful.\n",
            0
        )
    );
    let (out, _, code) = broker.kt(&["consumer-groups", "--delete", "--group", "g"], "");
    assert_eq!(code, 1);
    assert!(
        out.contains("* Group 'g' could not be deleted due to: org.apache.kafka.common.errors.GroupIdNotFoundException"),
        "{out}"
    );
    let (out, _, _) = broker.kt(&["consumer-groups", "--list"], "");
    assert_eq!(out, "");
}

/// A `kt console-consumer --group` running in the background, printing what it reads.
fn member(bootstrap: &str, topic: &str, group: &str, out: &Path) -> Child {
    Command::new(env!("CARGO_BIN_EXE_kt"))
        .args([
            "console-consumer",
            "--topic",
            topic,
            "--group",
            group,
            "--from-beginning",
            "--consumer-property",
            "session.timeout.ms=6000",
            "--consumer-property",
            "heartbeat.interval.ms=500",
            "--bootstrap-server",
            bootstrap,
        ])
        .stdout(std::fs::File::create(out).unwrap())
        .stderr(Stdio::null())
        .spawn()
        .unwrap()
}

fn lines(path: &PathBuf) -> Vec<String> {
    std::fs::read_to_string(path)
        .unwrap_or_default()
        .lines()
        .map(str::to_string)
        .collect()
}

#[test]
fn an_active_group_is_not_reset_and_a_killed_members_partitions_move() {
    let dir = tempfile::tempdir().unwrap();
    let broker = Broker::start(dir.path(), &[]);
    setup(&broker, "jobs", "2", 0);
    let a_out = dir.path().join("a.out");
    let b_out = dir.path().join("b.out");
    let mut a = member(&broker.bootstrap, "jobs", "workers", &a_out);
    let mut b = member(&broker.bootstrap, "jobs", "workers", &b_out);

    // Wait until both members hold a partition.
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let (out, _, _) = broker.kt(
            &[
                "consumer-groups",
                "--describe",
                "--group",
                "workers",
                "--members",
            ],
            "",
        );
        let busy = out
            .lines()
            .skip(2)
            .filter(|l| l.trim_end().ends_with('1'))
            .count();
        if busy == 2 {
            break;
        }
        assert!(Instant::now() < deadline, "members never balanced:\n{out}");
        std::thread::sleep(Duration::from_millis(200));
    }

    // Kafka refuses to reset or delete an active group.
    let (out, _, _) = broker.kt(
        &[
            "consumer-groups",
            "--reset-offsets",
            "--group",
            "workers",
            "--all-topics",
            "--to-earliest",
            "--execute",
        ],
        "",
    );
    assert!(
        out.starts_with("\nError: Assignments can only be reset if the group 'workers' is inactive, but the current state is Stable.\n"),
        "{out}"
    );
    let (out, _, code) = broker.kt(&["consumer-groups", "--delete", "--group", "workers"], "");
    assert_eq!(code, 1);
    assert!(
        out.contains("GroupNotEmptyException: The group is not empty."),
        "{out}"
    );

    // One member dies without leaving; after its session timeout the other reads everything.
    b.kill().unwrap();
    let _ = b.wait();
    let input: String = (1..=20).map(|i| format!("r{i}\n")).collect();
    let (_, err, code) = broker.kt(&["console-producer", "--topic", "jobs"], &input);
    assert_eq!(code, 0, "{err}");
    let deadline = Instant::now() + Duration::from_secs(30);
    let mut read: Vec<String> = Vec::new();
    while Instant::now() < deadline {
        read = lines(&a_out);
        read.extend(lines(&b_out));
        read.sort();
        read.dedup();
        if read.len() == 20 {
            break;
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    let _ = a.kill();
    let _ = a.wait();
    assert_eq!(
        read.len(),
        20,
        "records missing after the member died: {read:?}"
    );
}

#[test]
fn groups_are_read_from_a_data_directory_without_a_broker() {
    let dir = tempfile::tempdir().unwrap();
    {
        let broker = Broker::start(dir.path(), &[]);
        setup(&broker, "t", "1", 3);
        consume(&broker, "t", "offline", 3);
    }
    let data = dir.path().join("logs");
    let data = data.to_str().unwrap();
    let (out, _, code) = run_kt(["consumer-groups", "--list", "--data-dir", data], "");
    assert_eq!((out.as_str(), code), ("offline\n", 0));
    let (out, _, code) = run_kt(
        [
            "consumer-groups",
            "--describe",
            "--group",
            "offline",
            "--data-dir",
            data,
        ],
        "",
    );
    assert_eq!(code, 0);
    assert!(
        out.contains(
            "\noffline         t               0          3               3               0"
        ),
        "{out}"
    );
}
