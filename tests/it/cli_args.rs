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
