//! kt's promise is "Apache Kafka's shell scripts, in one binary": every script of Kafka 3.9's
//! `bin/` either runs as a kt command under its script name (`kt kafka-topics.sh --help`, the
//! alias a link named `kafka-topics.sh` resolves to) or is listed in the README under
//! "Deliberately absent" with the reason.

use crate::common::run_kt;

/// `bin/*.sh` of apache/kafka at the 3.9.0 tag (`git ls-tree 3.9.0 bin/`; the Windows `.bat`
/// scripts under `bin/windows` aside): 42 scripts.
const KAFKA_3_9_SCRIPTS: &[&str] = &[
    "connect-distributed.sh",
    "connect-mirror-maker.sh",
    "connect-plugin-path.sh",
    "connect-standalone.sh",
    "kafka-acls.sh",
    "kafka-broker-api-versions.sh",
    "kafka-client-metrics.sh",
    "kafka-cluster.sh",
    "kafka-configs.sh",
    "kafka-console-consumer.sh",
    "kafka-console-producer.sh",
    "kafka-consumer-groups.sh",
    "kafka-consumer-perf-test.sh",
    "kafka-delegation-tokens.sh",
    "kafka-delete-records.sh",
    "kafka-dump-log.sh",
    "kafka-e2e-latency.sh",
    "kafka-features.sh",
    "kafka-get-offsets.sh",
    "kafka-jmx.sh",
    "kafka-leader-election.sh",
    "kafka-log-dirs.sh",
    "kafka-metadata-quorum.sh",
    "kafka-metadata-shell.sh",
    "kafka-mirror-maker.sh",
    "kafka-producer-perf-test.sh",
    "kafka-reassign-partitions.sh",
    "kafka-replica-verification.sh",
    "kafka-run-class.sh",
    "kafka-server-start.sh",
    "kafka-server-stop.sh",
    "kafka-storage.sh",
    "kafka-streams-application-reset.sh",
    "kafka-topics.sh",
    "kafka-transactions.sh",
    "kafka-verifiable-consumer.sh",
    "kafka-verifiable-producer.sh",
    "trogdor.sh",
    "zookeeper-security-migration.sh",
    "zookeeper-server-start.sh",
    "zookeeper-server-stop.sh",
    "zookeeper-shell.sh",
];

/// Scripts whose kt commands are being added on other branches of this session; the lead
/// empties this list when merging them (each must then pass the `--help` check like the rest).
const ADDED_BY_OTHER_BRANCHES: &[&str] = &[];

/// The scripts the README's "Deliberately absent" section names, each with a reason: the
/// list items under that heading, `- `script.sh`: reason`.
fn deliberately_absent() -> Vec<(String, String)> {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md"))
        .expect("README.md");
    let mut in_section = false;
    let mut listed = Vec::new();
    for line in readme.lines() {
        if line.starts_with('#') {
            in_section = line.trim_start_matches('#').trim() == "Deliberately absent";
            continue;
        }
        if !in_section {
            continue;
        }
        let Some(item) = line.strip_prefix("- `") else {
            continue;
        };
        let Some((script, rest)) = item.split_once('`') else {
            continue;
        };
        let reason = rest.trim_start_matches(':').trim().to_string();
        listed.push((script.to_string(), reason));
    }
    listed
}

#[test]
fn every_kafka_script_has_its_command_or_a_reason() {
    assert_eq!(KAFKA_3_9_SCRIPTS.len(), 42);
    let absent = deliberately_absent();
    let mut missing = Vec::new();
    for script in KAFKA_3_9_SCRIPTS {
        if let Some((_, reason)) = absent.iter().find(|(s, _)| s == script) {
            assert!(
                reason.len() > 10,
                "README lists {script} as deliberately absent without a reason"
            );
            // A script both present and listed absent would make the README lie.
            let (_, _, code) = run_kt([*script, "--help"], "");
            assert_ne!(
                code, 0,
                "{script} is listed as absent but `kt {script} --help` works"
            );
            continue;
        }
        if ADDED_BY_OTHER_BRANCHES.contains(script) {
            continue;
        }
        let (stdout, stderr, code) = run_kt([*script, "--help"], "");
        if code != 0 || stdout.is_empty() {
            missing.push(format!("{script} (exit {code}: {})", stderr.trim()));
        }
        // The bare name (a link without `.sh`) answers too.
        let bare = script.trim_end_matches(".sh");
        let (_, _, code) = run_kt([bare, "--help"], "");
        assert_eq!(code, 0, "`kt {bare} --help` exits {code}");
    }
    assert!(
        missing.is_empty(),
        "Kafka 3.9 scripts with no kt command and no README reason: {missing:?}"
    );
    // Every README entry names a real Kafka 3.9 script (no stale entries).
    for (script, _) in &absent {
        assert!(
            KAFKA_3_9_SCRIPTS.contains(&script.as_str()),
            "README's deliberately absent list names {script}, not a Kafka 3.9 script"
        );
    }
}
