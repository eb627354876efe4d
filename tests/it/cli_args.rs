//! Argument errors and exit codes that need no broker: kt must answer them as Kafka's scripts
//! do (message on stderr, exit 1), not with clap's defaults.

use crate::common;

use assert_cmd::Command;
use predicates::prelude::*;

fn kt() -> Command {
    common::kt_command()
}

#[test]
fn topics_unknown_flag() {
    kt().args([
        "topics",
        "--list",
        "--bogus-flag",
        "--bootstrap-server",
        "localhost:1",
    ])
    .assert()
    .code(1)
    .stdout("")
    .stderr("bogus-flag is not a recognized option\n");
}

#[test]
fn topics_missing_bootstrap_server() {
    kt().args(["topics", "--list"])
        .assert()
        .code(1)
        .stdout("")
        .stderr("--bootstrap-server must be specified\n");
}

#[test]
fn topics_needs_exactly_one_action() {
    for args in [
        vec!["topics", "--bootstrap-server", "localhost:1"],
        vec![
            "topics",
            "--list",
            "--delete",
            "--bootstrap-server",
            "localhost:1",
        ],
    ] {
        kt().args(&args).assert().code(1).stderr(predicate::str::contains(
            "Command must include exactly one action: --list, --describe, --create, --alter or --delete",
        ));
    }
}

#[test]
fn topics_create_needs_topic() {
    kt().args(["topics", "--create", "--bootstrap-server", "localhost:1"])
        .assert()
        .code(1)
        .stderr("Missing required argument \"[topic]\"\n");
}

#[test]
fn topics_bad_number() {
    kt().args([
        "topics",
        "--create",
        "--topic",
        "t",
        "--partitions",
        "x",
        "--bootstrap-server",
        "h:1",
    ])
    .assert()
    .code(1)
    .stderr("Cannot parse argument 'x' of option partitions\n");
}

#[test]
fn kafka_script_names_are_aliases() {
    kt().args(["kafka-topics.sh", "--list"])
        .assert()
        .code(1)
        .stderr("--bootstrap-server must be specified\n");
}

#[test]
fn a_missing_data_dir_is_a_clear_error() {
    kt().args(["topics", "--list", "--data-dir", "/nonexistent"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "data directory /nonexistent does not exist",
        ));
}

#[test]
fn producer_missing_topic() {
    kt().args(["console-producer", "--bootstrap-server", "localhost:1"])
        .write_stdin("x\n")
        .assert()
        .code(1)
        .stdout("")
        .stderr(predicate::str::starts_with(
            "Missing required argument \"[topic]\"\n",
        ))
        .stderr(predicate::str::contains("Usage: kt console-producer"));
}

#[test]
fn consumer_unknown_flag() {
    kt().args([
        "console-consumer",
        "--topic",
        "t",
        "--bogus-flag",
        "--bootstrap-server",
        "h:1",
    ])
    .assert()
    .code(1)
    .stdout("")
    .stderr(predicate::str::starts_with(
        "bogus-flag is not a recognized option\n",
    ))
    .stderr(predicate::str::contains("Usage: kt console-consumer"));
}

#[test]
fn consumer_needs_topic_or_include() {
    kt().args(["console-consumer", "--bootstrap-server", "h:1"])
        .assert()
        .code(1)
        .stderr(predicate::str::starts_with(
            "Exactly one of include/topic is required.\n",
        ));
}

#[test]
fn consumer_offset_needs_partition() {
    kt().args([
        "console-consumer",
        "--topic",
        "t",
        "--offset",
        "5",
        "--bootstrap-server",
        "h:1",
    ])
    .assert()
    .code(1)
    .stderr(predicate::str::starts_with(
        "The partition is required when offset is specified.\n",
    ));
}

#[test]
fn help_exits_zero() {
    kt().args(["topics", "--help"])
        .assert()
        .success()
        .stdout(predicate::str::contains("--bootstrap-server"));
}

// Negative numbers: Kafka's option parser takes `-1` after a numeric flag as its value (not as
// an unknown option `1`), and the tool then answers as Kafka does. One test per Kafka-named
// tool covers every numeric flag it has.

/// Runs kt and returns (stdout, stderr, exit code).
fn run(args: &[&str]) -> (String, String, i32) {
    common::run_kt(args, "")
}

#[test]
fn topics_negative_counts_get_kafkas_messages() {
    let create = |extra: &[&str]| {
        let mut args = vec![
            "topics",
            "--create",
            "--topic",
            "t",
            "--bootstrap-server",
            "localhost:1",
        ];
        args.extend_from_slice(extra);
        run(&args)
    };
    for (flag, message) in [
        ("--partitions", "The partitions must be greater than 0"),
        (
            "--replication-factor",
            "The replication factor must be between 1 and 32767 inclusive",
        ),
    ] {
        let (out, err, code) = create(&[flag, "-1"]);
        assert_eq!(code, 1, "{flag}: {err}");
        assert_eq!(
            out,
            format!("Error while executing topic command : {message}\n")
        );
        assert!(
            err.contains(&format!(
                "ERROR java.lang.IllegalArgumentException: {message}"
            )),
            "{flag}: {err}"
        );
    }
    // Out of range the other way, and zero, say the same.
    assert!(create(&["--replication-factor", "40000"])
        .0
        .contains("between 1 and 32767 inclusive"));
    assert!(create(&["--partitions", "0"])
        .0
        .contains("The partitions must be greater than 0"));

    // --partitions belongs to --create and --alter only.
    let (out, err, code) = run(&[
        "topics",
        "--list",
        "--partitions",
        "-1",
        "--bootstrap-server",
        "h:1",
    ]);
    assert_eq!(
        (out.as_str(), err.as_str(), code),
        (
            "",
            "Option \"[partitions]\" can't be used with option \"[list]\"\n",
            1
        )
    );

    // --partition-size-limit-per-response takes any number; the run goes on to the data dir.
    let (_, err, code) = run(&[
        "topics",
        "--describe",
        "--partition-size-limit-per-response",
        "-1",
        "--data-dir",
        "/nonexistent",
    ]);
    assert_eq!(code, 1);
    assert!(!err.contains("not a recognized option"), "{err}");
}

#[test]
fn console_producer_negative_numbers_fail_as_the_java_producer_config() {
    for (flag, value, config, min) in [
        ("--batch-size", "-1", "batch.size", "0"),
        ("--max-partition-memory-bytes", "-1", "batch.size", "0"),
        ("--timeout", "-1", "linger.ms", "0"),
        ("--request-timeout-ms", "-1", "request.timeout.ms", "0"),
        ("--message-send-max-retries", "-1", "retries", "0"),
        ("--retry-backoff-ms", "-1", "retry.backoff.ms", "0"),
        ("--max-block-ms", "-1", "max.block.ms", "0"),
        ("--max-memory-bytes", "-1", "buffer.memory", "0"),
        ("--metadata-expiry-ms", "-1", "metadata.max.age.ms", "0"),
        ("--socket-buffer-size", "-2", "send.buffer.bytes", "-1"),
    ] {
        let (out, err, code) = run(&[
            "console-producer",
            "--topic",
            "t",
            "--bootstrap-server",
            "localhost:1",
            flag,
            value,
        ]);
        assert_eq!(code, 1, "{flag}: {err}");
        assert_eq!(out, "");
        assert_eq!(
            err,
            format!("error: Invalid value {value} for configuration {config}: Value must be at least {min}\n"),
            "{flag}"
        );
    }
    let (_, err, code) = run(&[
        "console-producer",
        "--topic",
        "t",
        "--bootstrap-server",
        "localhost:1",
        "--request-required-acks",
        "-5",
    ]);
    assert_eq!(code, 1);
    assert_eq!(
        err,
        "error: Invalid value -5 for configuration acks: String must be one of: all, -1, 0, 1\n"
    );
}

#[test]
fn console_consumer_takes_negative_numbers() {
    // --offset -1 is Kafka's "incorrect offset", after --partition -1 was taken as a number.
    let (out, err, code) = run(&[
        "console-consumer",
        "--topic",
        "t",
        "--bootstrap-server",
        "h:1",
        "--partition",
        "-1",
        "--offset",
        "-1",
        "--max-messages",
        "-1",
        "--timeout-ms",
        "-1",
    ]);
    assert_eq!((out.as_str(), code), ("", 1));
    assert!(
        err.starts_with("The provided offset value '-1' is incorrect. Valid values are 'earliest', 'latest', or a non-negative long.\n"),
        "{err}"
    );
    assert!(err.contains("Usage: kt console-consumer"), "{err}");
}

#[test]
fn consumer_groups_takes_a_negative_timeout() {
    let (_, err, code) = run(&["consumer-groups", "--list", "--timeout", "-1"]);
    assert_eq!(code, 1);
    assert!(
        err.starts_with("Missing required argument \"[bootstrap-server]\"\n"),
        "{err}"
    );
}

#[test]
fn get_offsets_takes_negative_numbers() {
    let (out, err, code) = run(&[
        "get-offsets",
        "--bootstrap-server",
        "h:1",
        "--partitions",
        "-1",
        "--time",
        "-5",
    ]);
    assert_eq!((out.as_str(), code), ("", 1));
    assert_eq!(err, "Error occurred: Malformed time argument -5. Passed value should be earliest, latest, max-timestamp, or a non-negative timestamp in milliseconds\n");
}

#[test]
fn producer_perf_test_negative_numbers() {
    let perf = |extra: &[&str]| {
        let mut args = vec!["producer-perf-test", "--topic", "t", "--throughput", "-1"];
        args.extend_from_slice(extra);
        run(&args)
    };
    for (extra, message) in [
        (
            vec!["--num-records", "-1", "--record-size", "10"],
            "--num-records should be greater than zero",
        ),
        (
            vec!["--num-records", "10", "--record-size", "-1"],
            "--record-size should be greater than zero",
        ),
        (
            vec![
                "--num-records",
                "10",
                "--record-size",
                "1",
                "--producer-props",
                "bootstrap.servers=h:1",
                "--transaction-duration-ms",
                "-1",
            ],
            "--transaction-duration-ms should be greater than zero",
        ),
        // A negative warm-up is none: the next check speaks.
        (
            vec![
                "--num-records",
                "10",
                "--record-size",
                "1",
                "--warmup-records",
                "-1",
            ],
            "Either --producer-props or --producer.config must be specified.",
        ),
    ] {
        let (out, err, code) = perf(&extra);
        assert_eq!((out.as_str(), code), ("", 1), "{extra:?}: {err}");
        assert_eq!(err, format!("error: {message}\n"), "{extra:?}");
    }
}

#[test]
fn consumer_perf_test_negative_numbers() {
    let perf = |extra: &[&str]| {
        let mut args = vec![
            "consumer-perf-test",
            "--bootstrap-server",
            "h:1",
            "--topic",
            "t",
            "--messages",
            "-1",
            "--timeout",
            "-1",
        ];
        args.extend_from_slice(extra);
        run(&args)
    };
    let (_, err, code) = perf(&["--reporting-interval", "-1"]);
    assert_eq!(
        (err.as_str(), code),
        ("error: Reporting interval must be greater than 0.\n", 1)
    );
    for (flag, value, config, min) in [
        ("--fetch-size", "-1", "max.partition.fetch.bytes", "0"),
        ("--socket-buffer-size", "-2", "receive.buffer.bytes", "-1"),
    ] {
        let (out, err, code) = perf(&[flag, value]);
        assert_eq!(code, 1, "{flag}: {err}");
        assert!(out.starts_with("start.time, end.time,"), "{out}");
        assert_eq!(
            err,
            format!("error: Invalid value {value} for configuration {config}: Value must be at least {min}\n")
        );
    }
}

#[test]
fn dump_log_negative_max_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("00000000000000000000.log");
    std::fs::write(&file, b"").unwrap();
    let path = file.display().to_string();
    let (out, err, code) = run(&["dump-log", "--files", &path, "--max-bytes", "-1"]);
    assert_eq!(code, 1, "{err}");
    assert_eq!(out, format!("Dumping {path}\nLog starting offset: 0\n"));
    assert_eq!(
        err,
        format!("error: Invalid size: -1 in read from {path}\n")
    );
}

/// The negative numbers whose answer comes from the cluster, against a kt broker.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn negative_numbers_against_a_broker() {
    let dir = tempfile::tempdir().unwrap();
    let broker = common::start_broker(dir.path(), &[]).await;
    let b = broker.bootstrap();
    common::create_topic(&b, "neg", 2).await;
    tokio::task::spawn_blocking(move || {
        // --alter: the broker judges the count.
        let (out, _, code) = run(&["topics", "--alter", "--topic", "neg", "--partitions", "-1", "--bootstrap-server", &b]);
        assert_eq!(code, 1);
        assert_eq!(out, "Error while executing topic command : Topic currently has 2 partitions, which is higher than the requested -1.\n");

        // No partition -1.
        let (out, err, code) = run(&["get-offsets", "--topic", "neg", "--partitions", "-1", "--bootstrap-server", &b]);
        assert_eq!((out.as_str(), code), ("", 1));
        assert_eq!(err, "Error occurred: Could not match any topic-partitions with the specified filters\n");

        // Kafka reads while `count < max || max == -1`: -2 reads nothing and ends at once.
        let (out, err, code) = run(&["console-consumer", "--topic", "neg", "--from-beginning", "--max-messages", "-2", "--bootstrap-server", &b]);
        assert_eq!((out.as_str(), code), ("", 0), "{err}");
        assert!(err.ends_with("Processed a total of 0 messages\n"), "{err}");

        // A negative --messages asks for nothing and a negative --timeout waits for nothing.
        let (out, err, code) = run(&["consumer-perf-test", "--topic", "neg", "--messages", "-1", "--timeout", "-1", "--reporting-interval", "1000", "--bootstrap-server", &b]);
        assert_eq!(code, 0, "{err}");
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines.len(), 2, "{out}");
        // start, end, MB, MB/s, then the record count.
        assert_eq!(lines[1].split(", ").nth(4), Some("0"), "{out}");
    })
    .await
    .unwrap();
    broker.shutdown().await;
}
