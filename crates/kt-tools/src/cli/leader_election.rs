//! `kt leader-election`: kafka-leader-election.sh (LeaderElectionCommand), asking the
//! controller for preferred or unclean leader elections and printing Kafka's report lines.

use std::path::PathBuf;

use clap::{Args, ValueEnum};

use super::common::load_properties;
use crate::admin::elect_leaders::{elect_leaders, ElectError, ElectionResult, ElectionType};

/// Flags of `kt leader-election`.
#[derive(Debug, Clone, Args)]
#[command(
    after_help = "Examples:\n  kt leader-election --bootstrap-server localhost:9092 --election-type preferred --all-topic-partitions\n  kt leader-election --bootstrap-server localhost:9092 --election-type unclean --topic my-topic --partition 0"
)]
pub struct LeaderElectionArgs {
    /// REQUIRED: a hostname and port for the broker to connect to, in the form host:port.
    /// Multiple comma separated URLs can be given.
    #[arg(long, value_name = "host:port")]
    pub bootstrap_server: Option<String>,
    /// Configuration properties files to pass to the admin client.
    #[arg(long = "admin.config", value_name = "config file")]
    pub admin_config: Option<PathBuf>,
    /// The JSON file with the list of partitions for which leader elections should be
    /// performed: {"partitions": [{"topic": "foo", "partition": 1}, ...]}. Not allowed if
    /// --all-topic-partitions or --topic flags are specified.
    #[arg(long, value_name = "Path to JSON file")]
    pub path_to_json_file: Option<PathBuf>,
    /// Name of topic for which to perform an election. Not allowed if --path-to-json-file or
    /// --all-topic-partitions is specified.
    #[arg(long, value_name = "topic name")]
    pub topic: Option<String>,
    /// Partition id for which to perform an election. REQUIRED if --topic is specified.
    #[arg(long, value_name = "partition id", allow_negative_numbers = true)]
    pub partition: Option<i32>,
    /// Perform election on all of the eligible topic partitions based on the type of
    /// election. Not allowed if --topic or --path-to-json-file is specified.
    #[arg(long)]
    pub all_topic_partitions: bool,
    /// REQUIRED: "preferred" elects the preferred replica where it does not lead; "unclean"
    /// elects any live replica for partitions without a leader (records may be lost).
    #[arg(long, value_name = "election type", ignore_case = true)]
    pub election_type: Option<ElectionKind>,
}

/// `--election-type` values (Kafka's `ElectionType`, any case).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ElectionKind {
    Preferred,
    Unclean,
}

/// A failure as LeaderElectionCommand reports it: its message, then the exception's
/// `toString` and the suppressed per-partition exceptions (Java's stack frames aside).
struct CommandFailed {
    class: &'static str,
    message: String,
    suppressed: Vec<String>,
}

impl CommandFailed {
    fn admin_command(message: impl Into<String>) -> Self {
        CommandFailed {
            class: "org.apache.kafka.server.common.AdminCommandFailedException",
            message: message.into(),
            suppressed: Vec::new(),
        }
    }

    fn admin_operation(message: impl Into<String>) -> Self {
        CommandFailed {
            class: "org.apache.kafka.server.common.AdminOperationException",
            message: message.into(),
            suppressed: Vec::new(),
        }
    }

    fn report(&self) -> i32 {
        eprintln!("{}", self.message);
        eprintln!("{}: {}", self.class, self.message);
        for s in &self.suppressed {
            eprintln!("\tSuppressed: {s}");
        }
        eprintln!();
        1
    }
}

impl LeaderElectionArgs {
    /// LeaderElectionCommandOptions.validate: the required options, then exactly one way of
    /// naming partitions, and --partition with --topic only.
    fn validate(&self) -> Result<(String, ElectionType), CommandFailed> {
        let mut missing = Vec::new();
        if self.bootstrap_server.is_none() {
            missing.push("bootstrap-server");
        }
        if self.election_type.is_none() {
            missing.push("election-type");
        }
        if !missing.is_empty() {
            return Err(CommandFailed::admin_command(format!(
                "Missing required option(s): {}",
                missing.join(", ")
            )));
        }
        let ways = [
            self.topic.is_some(),
            self.all_topic_partitions,
            self.path_to_json_file.is_some(),
        ];
        if ways.iter().filter(|w| **w).count() != 1 {
            return Err(CommandFailed::admin_command(
                "One and only one of the following options is required: topic, \
                 all-topic-partitions, path-to-json-file",
            ));
        }
        if self.topic.is_some() && self.partition.is_none() {
            return Err(CommandFailed::admin_command(
                "Missing required option(s): partition",
            ));
        }
        if self.topic.is_none() && self.partition.is_some() {
            return Err(CommandFailed::admin_command(
                "Option partition is only allowed if topic is used",
            ));
        }
        let election_type = match self.election_type {
            Some(ElectionKind::Unclean) => ElectionType::Unclean,
            _ => ElectionType::Preferred,
        };
        Ok((
            self.bootstrap_server.clone().unwrap_or_default(),
            election_type,
        ))
    }
}

/// The partitions of a `--path-to-json-file` file, as LeaderElectionCommand reads it.
fn parse_election_file(text: &str) -> Result<Vec<(String, i32)>, CommandFailed> {
    let value: serde_json::Value = serde_json::from_str(text)
        .map_err(|_| CommandFailed::admin_operation("Replica election data is empty"))?;
    let list = value
        .get("partitions")
        .ok_or_else(|| {
            CommandFailed::admin_operation("Replica election data is missing \"partitions\" field")
        })?
        .as_array()
        .ok_or_else(|| CommandFailed::admin_operation("Replica election data is empty"))?;
    let mut partitions = Vec::with_capacity(list.len());
    for entry in list {
        let topic = entry.get("topic").and_then(|t| t.as_str());
        let partition = entry.get("partition").and_then(|p| p.as_i64());
        match (topic, partition) {
            (Some(t), Some(p)) => partitions.push((t.to_string(), p as i32)),
            _ => {
                return Err(CommandFailed {
                    class: "kafka.utils.json.JsonMappingException",
                    message: format!("Failed to read a partition of the election data: {entry}"),
                    suppressed: Vec::new(),
                })
            }
        }
    }
    let mut duplicates: Vec<String> = partitions
        .iter()
        .enumerate()
        .filter(|(i, tp)| partitions[..*i].contains(tp))
        .map(|(_, (t, p))| format!("{t}-{p}"))
        .collect();
    duplicates.dedup();
    if !duplicates.is_empty() {
        return Err(CommandFailed::admin_operation(format!(
            "Replica election data contains duplicate partitions: [{}]",
            duplicates.join(", ")
        )));
    }
    Ok(partitions)
}

/// The order in which Java's `HashSet<TopicPartition>` lists partitions (the tool joins its
/// sets in that order): by hash bucket at the set's capacity, ties in insertion order.
fn java_set_order(partitions: &mut [(String, i32)]) {
    let mut capacity = 16usize;
    while partitions.len() * 4 > capacity * 3 {
        capacity *= 2;
    }
    let bucket = |(topic, partition): &(String, i32)| {
        let topic_hash = topic
            .encode_utf16()
            .fold(0i32, |h, c| h.wrapping_mul(31).wrapping_add(c as i32));
        let h = 31i32
            .wrapping_mul(31i32.wrapping_add(*partition))
            .wrapping_add(topic_hash) as u32;
        ((h ^ (h >> 16)) as usize) & (capacity - 1)
    };
    partitions.sort_by_key(bucket);
}

/// Runs `kt leader-election` and returns the exit code.
pub fn run(args: LeaderElectionArgs) -> i32 {
    let (bootstrap, election_type) = match args.validate() {
        Ok(v) => v,
        Err(e) => return e.report(),
    };
    let result = (|| -> Result<i32, CommandFailed> {
        let named = match (&args.path_to_json_file, &args.topic, args.partition) {
            (Some(path), _, _) => {
                let text = std::fs::read_to_string(path).map_err(|e| CommandFailed {
                    class: "java.nio.file.NoSuchFileException",
                    message: format!("{}: {e}", path.display()),
                    suppressed: Vec::new(),
                })?;
                Some(parse_election_file(&text)?)
            }
            (None, Some(topic), Some(partition)) => Some(vec![(topic.clone(), partition)]),
            _ => None,
        };
        let properties = match &args.admin_config {
            Some(path) => load_properties(path).map_err(|e| CommandFailed {
                class: "java.io.IOException",
                message: format!("{e:#}"),
                suppressed: Vec::new(),
            })?,
            None => Vec::new(),
        };
        let rt = super::runtime().map_err(|e| CommandFailed {
            class: "java.lang.RuntimeException",
            message: format!("{e:#}"),
            suppressed: Vec::new(),
        })?;
        let results = rt
            .block_on(elect_leaders(
                &bootstrap,
                &properties,
                election_type,
                named.as_deref(),
            ))
            .map_err(|e| match e {
                ElectError::Timeout => {
                    println!("Timeout waiting for election results");
                    CommandFailed::admin_command("Timeout waiting for election results")
                }
                ElectError::Refused(
                    kafka_protocol::error::ResponseError::ClusterAuthorizationFailed,
                ) => {
                    println!("Not authorized to perform leader election");
                    CommandFailed::admin_command("Not authorized to perform leader election")
                }
                other => CommandFailed {
                    class: "java.lang.RuntimeException",
                    message: other.to_string(),
                    suppressed: Vec::new(),
                },
            })?;
        report(election_type, &results)
    })();
    match result {
        Ok(code) => code,
        Err(e) => e.report(),
    }
}

/// LeaderElectionCommand's report: the elected partitions, those that needed no election,
/// then one line per failure (exit 1 when there is any).
fn report(election_type: ElectionType, results: &[ElectionResult]) -> Result<i32, CommandFailed> {
    use kafka_protocol::error::ResponseError;
    let mut succeeded = Vec::new();
    let mut noop = Vec::new();
    let mut failed = Vec::new();
    for r in results {
        let tp = (r.topic.clone(), r.partition);
        match &r.error {
            None => succeeded.push(tp),
            Some((ResponseError::ElectionNotNeeded, _)) => noop.push(tp),
            Some(_) => failed.push((tp, r.exception().unwrap_or_default())),
        }
    }
    let joined = |set: &mut Vec<(String, i32)>| {
        java_set_order(set);
        set.iter()
            .map(|(t, p)| format!("{t}-{p}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    if !succeeded.is_empty() {
        println!(
            "Successfully completed leader election ({}) for partitions {}",
            election_type.name(),
            joined(&mut succeeded)
        );
    }
    if !noop.is_empty() {
        println!(
            "Valid replica already elected for partitions {}",
            joined(&mut noop)
        );
    }
    if failed.is_empty() {
        return Ok(0);
    }
    let mut failure =
        CommandFailed::admin_command(format!("{} replica(s) could not be elected", failed.len()));
    for ((t, p), exception) in failed {
        println!(
            "Error completing leader election ({}) for partition: {t}-{p}: {exception}",
            election_type.name()
        );
        failure.suppressed.push(exception);
    }
    Err(failure)
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    #[derive(Parser)]
    struct T {
        #[command(flatten)]
        a: LeaderElectionArgs,
    }

    fn validate(args: &[&str]) -> Result<(String, ElectionType), String> {
        let mut v = vec!["t"];
        v.extend_from_slice(args);
        T::try_parse_from(v)
            .unwrap()
            .a
            .validate()
            .map_err(|e| e.message)
    }

    #[test]
    fn options_are_checked_as_leader_election_command_does() {
        assert_eq!(
            validate(&["--bootstrap-server", "h:1", "--all-topic-partitions"]),
            Err("Missing required option(s): election-type".into())
        );
        assert_eq!(
            validate(&["--election-type", "preferred"]),
            Err("Missing required option(s): bootstrap-server".into())
        );
        let both = "One and only one of the following options is required: topic, all-topic-partitions, path-to-json-file";
        assert_eq!(
            validate(&["--bootstrap-server", "h:1", "--election-type", "preferred"]),
            Err(both.into())
        );
        assert_eq!(
            validate(&[
                "--bootstrap-server",
                "h:1",
                "--election-type",
                "preferred",
                "--topic",
                "t",
                "--all-topic-partitions"
            ]),
            Err(both.into())
        );
        assert_eq!(
            validate(&[
                "--bootstrap-server",
                "h:1",
                "--election-type",
                "preferred",
                "--topic",
                "t"
            ]),
            Err("Missing required option(s): partition".into())
        );
        assert_eq!(
            validate(&[
                "--bootstrap-server",
                "h:1",
                "--election-type",
                "UNCLEAN",
                "--all-topic-partitions",
                "--partition",
                "0"
            ]),
            Err("Option partition is only allowed if topic is used".into())
        );
        assert_eq!(
            validate(&[
                "--bootstrap-server",
                "h:1",
                "--election-type",
                "UNCLEAN",
                "--topic",
                "t",
                "--partition",
                "0"
            ]),
            Ok(("h:1".into(), ElectionType::Unclean))
        );
    }

    #[test]
    fn election_files_and_report_order() {
        assert_eq!(
            parse_election_file(
                r#"{"partitions":[{"topic":"foo","partition":1},{"topic":"bar","partition":2}]}"#
            )
            .unwrap_or_default(),
            vec![("foo".to_string(), 1), ("bar".to_string(), 2)]
        );
        let e = parse_election_file(r#"{"version":1}"#).err().unwrap();
        assert_eq!(
            e.message,
            "Replica election data is missing \"partitions\" field"
        );
        let e = parse_election_file(
            r#"{"partitions":[{"topic":"a","partition":0},{"topic":"a","partition":0}]}"#,
        )
        .err()
        .unwrap();
        assert_eq!(
            e.message,
            "Replica election data contains duplicate partitions: [a-0]"
        );
        // The answer key's e04 line: misr-0 before rf3-2, as Java's HashSet lists them.
        let mut set = vec![
            ("rf3".to_string(), 2),
            ("misr".to_string(), 0),
            ("rf3".to_string(), 0),
        ];
        java_set_order(&mut set);
        assert_eq!(set[0], ("rf3".to_string(), 0));
        let mut set = vec![("misr".to_string(), 0), ("rf3".to_string(), 2)];
        java_set_order(&mut set);
        assert_eq!(set, vec![("misr".to_string(), 0), ("rf3".to_string(), 2)]);
    }
}
