//! `kt topics`: kafka-topics.sh, with its flags, output and exit codes.

use clap::Args;

use super::common::{parse_key_values, topic_pattern, ConnectArgs};
use super::output::topics::{self as print, TopicCommandError};
use super::output::{self, OutputArgs, OutputFormat};
use super::usage::UsageError;
use crate::admin::{self, Admin, AdminError, NewTopic};

/// Flags of `kt topics`. Exactly one action (`--create`, `--list`, `--describe`, `--alter`,
/// `--delete`) is required.
#[derive(Debug, Clone, Args)]
#[command(
    after_help = "Examples:\n  kt topics --bootstrap-server localhost:9092 --create --topic my-topic --partitions 3\n  kt topics --bootstrap-server localhost:9092 --describe --topic my-topic --output table"
)]
pub struct TopicsArgs {
    #[command(flatten)]
    pub connect: ConnectArgs,

    /// Create a new topic.
    #[arg(long)]
    pub create: bool,
    /// List all available topics.
    #[arg(long)]
    pub list: bool,
    /// Describe the given topics (all topics without --topic).
    #[arg(long)]
    pub describe: bool,
    /// Add partitions to a topic.
    #[arg(long)]
    pub alter: bool,
    /// Delete a topic.
    #[arg(long)]
    pub delete: bool,

    /// The topic to create, alter, describe or delete. Except with --create, a regular
    /// expression matching whole topic names (`,` separates alternatives).
    #[arg(long, value_name = "TOPIC")]
    pub topic: Option<String>,
    /// The id of the topic to describe (accepted with --describe only).
    #[arg(long, value_name = "TOPIC_ID")]
    pub topic_id: Option<String>,
    /// The number of partitions of the topic being created or altered (default: the broker's
    /// num.partitions).
    #[arg(long, value_name = "N", allow_negative_numbers = true)]
    pub partitions: Option<i32>,
    /// The replication factor of each partition of the topic being created (default: the
    /// broker's default.replication.factor).
    #[arg(long, value_name = "N", allow_negative_numbers = true)]
    pub replication_factor: Option<i32>,
    /// A topic config override for the topic being created, as key=value. Repeatable.
    #[arg(long, value_name = "KEY=VALUE")]
    pub config: Vec<String>,
    /// With --create: a manual replica assignment instead of --partitions and
    /// --replication-factor, as broker ids: `0:1:2,1:2:0` gives partition 0 the replicas
    /// 0, 1, 2 (0 its preferred leader) and partition 1 the replicas 1, 2, 0.
    #[arg(long, value_name = "ASSIGNMENT")]
    pub replica_assignment: Option<String>,

    /// With --create: do nothing if the topic already exists.
    #[arg(long)]
    pub if_not_exists: bool,
    /// With --alter, --describe or --delete: do nothing if the topic does not exist.
    #[arg(long)]
    pub if_exists: bool,
    /// Leave internal topics (such as __consumer_offsets) out of --list and --describe.
    #[arg(long)]
    pub exclude_internal: bool,
    /// With --describe: only partitions whose in-sync replicas are fewer than their replicas.
    #[arg(long)]
    pub under_replicated_partitions: bool,
    /// With --describe: only partitions without a leader, or whose leader is not a live
    /// broker.
    #[arg(long)]
    pub unavailable_partitions: bool,
    /// With --describe: only partitions whose ISR is smaller than the topic's
    /// min.insync.replicas, and partitions without a leader.
    #[arg(long)]
    pub under_min_isr_partitions: bool,
    /// With --describe: only partitions whose ISR is exactly the topic's min.insync.replicas.
    #[arg(long)]
    pub at_min_isr_partitions: bool,
    /// With --describe: show only topic overrides of configs (kt always does).
    #[arg(long)]
    pub topics_with_overrides: bool,
    /// With --describe: describe partitions this many at a time (accepted, no effect).
    #[arg(long, value_name = "N", allow_negative_numbers = true)]
    pub partition_size_limit_per_response: Option<i32>,
    #[command(flatten)]
    pub output: OutputArgs,
    /// (kt) With --delete: do not ask for confirmation. kt asks only when standard input and
    /// standard error are terminals, never in a pipe or a script.
    #[arg(long, short = 'y')]
    pub yes: bool,
}

/// The action a `kt topics` invocation asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Action {
    Create,
    List,
    Describe,
    Alter,
    Delete,
}

impl Action {
    /// The flag that asks for it, without dashes.
    fn flag(self) -> &'static str {
        match self {
            Action::Create => "create",
            Action::List => "list",
            Action::Describe => "describe",
            Action::Alter => "alter",
            Action::Delete => "delete",
        }
    }
}

impl TopicsArgs {
    /// Checks flag combinations the way kafka-topics does, before connecting.
    fn action(&self) -> Result<Action, UsageError> {
        let actions = [
            (self.create, Action::Create),
            (self.list, Action::List),
            (self.describe, Action::Describe),
            (self.alter, Action::Alter),
            (self.delete, Action::Delete),
        ];
        let chosen: Vec<Action> = actions
            .iter()
            .filter(|(on, _)| *on)
            .map(|(_, a)| *a)
            .collect();
        if chosen.len() != 1 {
            return Err(UsageError::alone(
                "Command must include exactly one action: --list, --describe, --create, --alter or --delete"
            ));
        }
        let action = chosen[0];
        if self.connect.bootstrap_server.is_none() && self.connect.data_dir.is_none() {
            return Err(UsageError::alone("--bootstrap-server must be specified"));
        }
        if self.connect.bootstrap_server.is_some() && self.connect.data_dir.is_some() {
            return Err(UsageError::alone(
                "--data-dir and --bootstrap-server cannot be used together",
            ));
        }
        if matches!(action, Action::Create | Action::Alter | Action::Delete) && self.topic.is_none()
        {
            return Err(UsageError::alone("Missing required argument \"[topic]\""));
        }
        if action == Action::Alter && !self.config.is_empty() {
            return Err(UsageError::alone(
                "Option combination \"[bootstrap-server],[config]\" can't be used with option \"[alter]\": topic configs are changed with kafka-configs"
            ));
        }
        if action != Action::Create && self.replication_factor.is_some() {
            return Err(UsageError::alone(
                "Option \"[replication-factor]\" can't be used with option \"[alter]\" or \"[describe]\" or \"[delete]\" or \"[list]\""
            ));
        }
        if self.replica_assignment.is_some() {
            if !matches!(action, Action::Create | Action::Alter) {
                return Err(UsageError::alone(format!(
                    "Option \"[replica-assignment]\" can't be used with option \"[{}]\"",
                    action.flag()
                )));
            }
            if action == Action::Create {
                for (given, flag) in [
                    (self.partitions.is_some(), "partitions"),
                    (self.replication_factor.is_some(), "replication-factor"),
                ] {
                    if given {
                        return Err(UsageError::alone(format!(
                            "Option \"[replica-assignment]\" can't be used with option \"[{flag}]\""
                        )));
                    }
                }
            } else {
                return Err(UsageError::alone(
                    "--replica-assignment with --alter is not supported by kt: it adds partitions \
                     with --partitions alone",
                ));
            }
        }
        for (on, flag) in [
            (
                self.under_replicated_partitions,
                "under-replicated-partitions",
            ),
            (self.under_min_isr_partitions, "under-min-isr-partitions"),
            (self.at_min_isr_partitions, "at-min-isr-partitions"),
            (self.unavailable_partitions, "unavailable-partitions"),
        ] {
            if on && action != Action::Describe {
                return Err(UsageError::alone(format!(
                    "Option \"[{flag}]\" can't be used with option \"[{}]\"",
                    action.flag()
                )));
            }
            if on && self.topics_with_overrides {
                return Err(UsageError::alone(format!(
                    "Option \"[{flag}]\" can't be used with option \"[topics-with-overrides]\""
                )));
            }
        }
        if self.partitions.is_some() && !matches!(action, Action::Create | Action::Alter) {
            return Err(UsageError::alone(format!(
                "Option \"[partitions]\" can't be used with option \"[{}]\"",
                action.flag()
            )));
        }
        Ok(action)
    }

    /// The counts of a topic to create, checked as kafka-topics checks them before asking the
    /// cluster (a failure is its IllegalArgumentException, not a usage error).
    fn check_create_counts(&self) -> Result<(), TopicCommandError> {
        if self
            .replication_factor
            .is_some_and(|rf| !(1..=i32::from(i16::MAX)).contains(&rf))
        {
            return Err(TopicCommandError::illegal_argument(
                "The replication factor must be between 1 and 32767 inclusive",
            ));
        }
        if self.partitions.is_some_and(|p| p < 1) {
            return Err(TopicCommandError::illegal_argument(
                "The partitions must be greater than 0",
            ));
        }
        Ok(())
    }
}

/// Runs `kt topics` and returns the exit code.
pub fn run(args: TopicsArgs) -> i32 {
    let action = match args.action() {
        Ok(a) => a,
        Err(e) => return e.report("topics"),
    };
    let result = (|| -> Result<(), TopicCommandError> {
        if action == Action::Create {
            args.check_create_counts()?;
        }
        let rt = super::runtime().map_err(TopicCommandError::other)?;
        rt.block_on(execute(&args, action))
    })();
    match result {
        Ok(()) => 0,
        Err(e) => {
            print::topic_command_error(&e);
            1
        }
    }
}

async fn execute(args: &TopicsArgs, action: Action) -> Result<(), TopicCommandError> {
    let options = args.connect.options().map_err(TopicCommandError::other)?;
    let admin = admin::connect(&options).map_err(TopicCommandError::other)?;
    let mut out = output::stdout();
    let result = match action {
        Action::Create => create(&admin, args, &mut out).await,
        Action::List => match matching_topics(&admin, args).await {
            Ok(names) if args.output.output == OutputFormat::Plain => {
                print::topic_list(&mut out, &names)
            }
            Ok(names) => Ok(print::topic_list_as(&mut out, args.output.output, &names)?),
            Err(e) => Err(e),
        },
        Action::Describe => describe(&admin, args, &mut out).await,
        Action::Alter => alter(&admin, args).await,
        Action::Delete => delete(&admin, args).await,
    };
    admin.abandon();
    result
}

async fn create(
    admin: &admin::Backend,
    args: &TopicsArgs,
    out: &mut impl std::io::Write,
) -> Result<(), TopicCommandError> {
    let name = args.topic.clone().unwrap_or_default();
    let replica_assignment = match args.replica_assignment.as_deref() {
        Some(text) if !text.is_empty() => Some(parse_replica_assignment(text)?),
        _ => None,
    };
    let configs = parse_key_values(&args.config).map_err(|_| {
        TopicCommandError::illegal_argument(
            "Invalid topic config: all configs to be added must be in the format \"key=val\".",
        )
    })?;
    validate_topic_name(&name)
        .map_err(|msg| TopicCommandError::admin(AdminError::InvalidTopic(msg)))?;
    if name.contains('.') || name.contains('_') {
        print::collision_warning(out)?;
    }
    let topic = NewTopic {
        name: name.clone(),
        partitions: args.partitions,
        replication_factor: args.replication_factor.map(|rf| rf as i16),
        replica_assignment,
        configs,
    };
    match admin.create_topic(&topic).await {
        Ok(()) => print::topic_created(out, &name),
        Err(AdminError::TopicAlreadyExists(_)) if args.if_not_exists => Ok(()),
        Err(AdminError::TopicAlreadyExists(_)) => Err(TopicCommandError::admin(
            AdminError::TopicAlreadyExists(format!("Topic '{name}' already exists.")),
        )),
        Err(e) => Err(TopicCommandError::admin(e)),
    }
}

/// `--replica-assignment` as kafka-topics reads it: partitions split at `,` (trailing empty
/// ones dropped, as Java's `split` does), replicas at `:`, each a trimmed integer; no broker
/// twice in a partition, and every partition as many replicas as the first.
fn parse_replica_assignment(text: &str) -> Result<Vec<Vec<i32>>, TopicCommandError> {
    let mut partitions: Vec<&str> = text.split(',').collect();
    while partitions.len() > 1 && partitions.last() == Some(&"") {
        partitions.pop();
    }
    let mut assignment: Vec<Vec<i32>> = Vec::with_capacity(partitions.len());
    for (i, partition) in partitions.iter().enumerate() {
        let mut replicas: Vec<&str> = partition.split(':').collect();
        while replicas.len() > 1 && replicas.last() == Some(&"") {
            replicas.pop();
        }
        let brokers = replicas
            .iter()
            .map(|r| {
                let r = r.trim();
                r.parse::<i32>().map_err(|_| TopicCommandError {
                    class: "java.lang.NumberFormatException",
                    message: format!("For input string: \"{r}\""),
                })
            })
            .collect::<Result<Vec<i32>, _>>()?;
        let mut duplicates: Vec<i32> = brokers
            .iter()
            .enumerate()
            .filter(|(j, b)| brokers[..*j].contains(b))
            .map(|(_, b)| *b)
            .collect();
        duplicates.sort_unstable();
        duplicates.dedup();
        if !duplicates.is_empty() {
            let list: Vec<String> = duplicates.iter().map(i32::to_string).collect();
            return Err(TopicCommandError {
                class: "org.apache.kafka.server.common.AdminCommandFailedException",
                message: format!(
                    "Partition replica lists may not contain duplicate entries: {}",
                    list.join(",")
                ),
            });
        }
        if i > 0 && brokers.len() != assignment[0].len() {
            let list: Vec<String> = brokers.iter().map(i32::to_string).collect();
            return Err(TopicCommandError {
                class: "org.apache.kafka.server.common.AdminOperationException",
                message: format!(
                    "Partition {i} has different replication factor: [{}]",
                    list.join(", ")
                ),
            });
        }
        assignment.push(brokers);
    }
    Ok(assignment)
}

/// Kafka's rules for a new topic's name, checked before asking the broker so the message is
/// the same whatever the broker.
fn validate_topic_name(name: &str) -> Result<(), String> {
    if name.is_empty() {
        return Err("Topic name is illegal, it can't be empty".into());
    }
    if name == "." || name == ".." {
        return Err("Topic name cannot be \".\" or \"..\"".into());
    }
    if name.len() > 249 {
        return Err(format!(
            "Topic name is illegal, it can't be longer than 249 characters, topic name: {name}"
        ));
    }
    if !name
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
    {
        return Err(format!(
            "Topic name \"{name}\" is illegal, it contains a character other than ASCII alphanumerics, '.', '_' and '-'"
        ));
    }
    Ok(())
}

/// Topic names matching `--topic` (all without it), sorted, internal ones dropped with
/// `--exclude-internal`.
async fn matching_topics(
    admin: &admin::Backend,
    args: &TopicsArgs,
) -> Result<Vec<String>, TopicCommandError> {
    let pattern = match &args.topic {
        Some(t) => Some(topic_pattern(t).map_err(TopicCommandError::other)?),
        None => None,
    };
    let topics = admin
        .list_topics()
        .await
        .map_err(TopicCommandError::admin)?;
    Ok(topics
        .into_iter()
        .filter(|t| !(args.exclude_internal && t.internal))
        .filter(|t| pattern.as_ref().is_none_or(|re| re.is_match(&t.name)))
        .map(|t| t.name)
        .collect())
}

/// Kafka's check that `--topic` matched something (skipped with `--if-exists`).
fn ensure_exists(names: &[String], args: &TopicsArgs) -> Result<(), TopicCommandError> {
    if names.is_empty() && !args.if_exists {
        if let Some(t) = &args.topic {
            return Err(TopicCommandError::illegal_argument(&format!(
                "Topic 'Optional[{t}]' does not exist as expected"
            )));
        }
    }
    Ok(())
}

async fn describe(
    admin: &admin::Backend,
    args: &TopicsArgs,
    out: &mut impl std::io::Write,
) -> Result<(), TopicCommandError> {
    let mut names = matching_topics(admin, args).await?;
    if let Some(id) = &args.topic_id {
        let wanted = parse_topic_id(id)?;
        let all = admin
            .describe_topics(&names)
            .await
            .map_err(TopicCommandError::admin)?;
        names = all
            .into_iter()
            .filter(|d| d.topic_id == Some(wanted))
            .map(|d| d.name)
            .collect();
        if names.is_empty() && !args.if_exists {
            return Err(TopicCommandError::illegal_argument(&format!(
                "TopicId '{id}' does not exist as expected"
            )));
        }
    }
    ensure_exists(&names, args)?;
    let descriptions = match admin.describe_topics(&names).await {
        Ok(d) => d,
        // Deleted between listing and describing: Kafka reports the same "does not exist".
        Err(AdminError::UnknownTopic(_)) if args.topic.is_some() && !args.if_exists => {
            return ensure_exists(&[], args);
        }
        Err(e) => return Err(TopicCommandError::admin(e)),
    };
    let filter = PartitionFilter::from_args(args);
    // min.insync.replicas of each topic (its override, else the broker's value), read only
    // when a filter needs it.
    let mut min_isr = Vec::with_capacity(descriptions.len());
    for d in &descriptions {
        min_isr.push(if filter.needs_min_isr() {
            min_insync_replicas(admin, &d.name).await?
        } else {
            1
        });
    }
    if args.output.output != OutputFormat::Plain {
        let kept: Vec<admin::TopicDescription> = descriptions
            .iter()
            .zip(&min_isr)
            .map(|(d, min)| admin::TopicDescription {
                partitions: d
                    .partitions
                    .iter()
                    .filter(|p| filter.keeps(p, *min))
                    .cloned()
                    .collect(),
                ..d.clone()
            })
            .collect();
        print::topic_descriptions_as(out, args.output.output, &kept, |_| true)?;
        return Ok(());
    }
    for (d, min) in descriptions.iter().zip(&min_isr) {
        if filter.any() {
            for p in d.partitions.iter().filter(|p| filter.keeps(p, *min)) {
                print::partition_line(out, &d.name, p)?;
            }
        } else {
            print::topic_description(out, d)?;
        }
    }
    Ok(())
}

/// The `--describe` report flags (kafka-topics' `DescribeOptions`): with none, every
/// partition is shown under its topic; with some, only the partitions that one of them
/// selects, without topic lines.
#[derive(Debug, Clone, Copy, Default)]
struct PartitionFilter {
    under_replicated: bool,
    unavailable: bool,
    under_min_isr: bool,
    at_min_isr: bool,
}

impl PartitionFilter {
    fn from_args(args: &TopicsArgs) -> Self {
        PartitionFilter {
            under_replicated: args.under_replicated_partitions,
            unavailable: args.unavailable_partitions,
            under_min_isr: args.under_min_isr_partitions,
            at_min_isr: args.at_min_isr_partitions,
        }
    }

    fn any(&self) -> bool {
        self.under_replicated || self.unavailable || self.under_min_isr || self.at_min_isr
    }

    fn needs_min_isr(&self) -> bool {
        self.under_min_isr || self.at_min_isr
    }

    /// Whether a partition of a topic with `min_isr` is shown. A partition without a leader
    /// is unavailable and under its minimum ISR whatever its ISR says (ZooKeeper keeps the
    /// last ISR of a partition whose replicas are all gone).
    fn keeps(&self, p: &admin::PartitionInfo, min_isr: usize) -> bool {
        if !self.any() {
            return true;
        }
        (self.under_replicated && p.isr.len() < p.replicas.len())
            || (self.unavailable && p.leader.is_none())
            || (self.under_min_isr && (p.leader.is_none() || p.isr.len() < min_isr))
            || (self.at_min_isr && p.isr.len() == min_isr)
    }
}

/// A topic's `min.insync.replicas` as DescribeConfigs reports it (override or broker value).
async fn min_insync_replicas(
    admin: &admin::Backend,
    topic: &str,
) -> Result<usize, TopicCommandError> {
    let entries = admin
        .describe_topic_configs(topic)
        .await
        .map_err(TopicCommandError::admin)?;
    Ok(entries
        .iter()
        .find(|e| e.name == "min.insync.replicas")
        .and_then(|e| e.value.as_deref())
        .and_then(|v| v.parse().ok())
        .unwrap_or(1))
}

/// (kt) Asks before deleting when a person is at a terminal; true (go on) otherwise.
fn confirm_delete(names: &[String]) -> bool {
    let what = if names.len() == 1 {
        format!("topic {}", names[0])
    } else {
        format!("{} topics ({})", names.len(), names.join(", "))
    };
    super::common::confirm(&format!("Delete {what}? Its records are lost"))
}

fn parse_topic_id(id: &str) -> Result<uuid::Uuid, TopicCommandError> {
    use base64::Engine;
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(id.trim())
        .ok()
        .and_then(|b| <[u8; 16]>::try_from(b).ok())
        .ok_or_else(|| {
            TopicCommandError::illegal_argument(&format!("'{id}' is not a valid topic id"))
        })?;
    Ok(uuid::Uuid::from_bytes(bytes))
}

async fn alter(admin: &admin::Backend, args: &TopicsArgs) -> Result<(), TopicCommandError> {
    let names = matching_topics(admin, args).await?;
    ensure_exists(&names, args)?;
    let Some(total) = args.partitions else {
        return Ok(());
    };
    // The broker judges the new count (and words the refusal of a decrease).
    for name in &names {
        admin
            .create_partitions(name, total)
            .await
            .map_err(TopicCommandError::admin)?;
    }
    Ok(())
}

async fn delete(admin: &admin::Backend, args: &TopicsArgs) -> Result<(), TopicCommandError> {
    let names = matching_topics(admin, args).await?;
    ensure_exists(&names, args)?;
    for name in &names {
        if admin::is_internal_topic(name) {
            return Err(TopicCommandError::illegal_argument(&format!(
                "Topic {name} is a kafka internal topic and is not allowed to be marked for deletion."
            )));
        }
    }
    if !args.yes && !names.is_empty() && !confirm_delete(&names) {
        return Err(TopicCommandError::illegal_argument(&format!(
            "Deletion of {} cancelled",
            names.join(", ")
        )));
    }
    for name in &names {
        match admin.delete_topic(name).await {
            Ok(()) => {}
            Err(AdminError::UnknownTopic(_)) if args.if_exists => {}
            Err(e) => return Err(TopicCommandError::admin(e)),
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    #[derive(Parser)]
    struct T {
        #[command(flatten)]
        a: TopicsArgs,
    }

    fn action(args: &[&str]) -> Result<Action, String> {
        let mut v = vec!["t"];
        v.extend_from_slice(args);
        T::try_parse_from(v)
            .unwrap()
            .a
            .action()
            .map_err(|e| e.message().to_string())
    }

    #[test]
    fn topic_names() {
        assert!(validate_topic_name("my-topic.v1_x").is_ok());
        assert!(validate_topic_name("").is_err());
        assert!(validate_topic_name("..").is_err());
        assert!(validate_topic_name(&"a".repeat(250)).is_err());
        assert_eq!(
            validate_topic_name("a b"),
            Err("Topic name \"a b\" is illegal, it contains a character other than ASCII alphanumerics, '.', '_' and '-'".into())
        );
    }

    #[test]
    fn exactly_one_action() {
        assert!(action(&["--bootstrap-server", "x"]).is_err());
        assert!(action(&["--list", "--describe", "--bootstrap-server", "x"]).is_err());
        assert_eq!(
            action(&["--list", "--bootstrap-server", "x"]),
            Ok(Action::List)
        );
    }

    #[test]
    fn replica_assignments_parse_as_kafka_topics_does() {
        assert_eq!(
            parse_replica_assignment("0:1:2, 1 :2:0,").unwrap(),
            vec![vec![0, 1, 2], vec![1, 2, 0]]
        );
        let e = parse_replica_assignment("0:1:0:1").unwrap_err();
        assert_eq!(
            e.message,
            "Partition replica lists may not contain duplicate entries: 0,1"
        );
        let e = parse_replica_assignment("0:1,1:2:0").unwrap_err();
        assert_eq!(
            e.message,
            "Partition 1 has different replication factor: [1, 2, 0]"
        );
        let e = parse_replica_assignment("0:x").unwrap_err();
        assert_eq!(e.message, "For input string: \"x\"");
        assert_eq!(e.class, "java.lang.NumberFormatException");
    }

    #[test]
    fn replica_assignment_excludes_counts() {
        assert_eq!(
            action(&[
                "--create",
                "--topic",
                "t",
                "--replica-assignment",
                "0",
                "--partitions",
                "1",
                "--bootstrap-server",
                "x"
            ]),
            Err(
                "Option \"[replica-assignment]\" can't be used with option \"[partitions]\"".into()
            )
        );
        assert_eq!(
            action(&["--create", "--topic", "t", "--replica-assignment", "0", "--replication-factor", "1", "--bootstrap-server", "x"]),
            Err("Option \"[replica-assignment]\" can't be used with option \"[replication-factor]\"".into())
        );
        assert_eq!(
            action(&[
                "--list",
                "--replica-assignment",
                "0",
                "--bootstrap-server",
                "x"
            ]),
            Err("Option \"[replica-assignment]\" can't be used with option \"[list]\"".into())
        );
        assert_eq!(
            action(&[
                "--create",
                "--topic",
                "t",
                "--replica-assignment",
                "0",
                "--bootstrap-server",
                "x"
            ]),
            Ok(Action::Create)
        );
    }

    #[test]
    fn describe_filters_select_as_kafka_topics_does() {
        let p = |leader: Option<i32>, replicas: &[i32], isr: &[i32]| admin::PartitionInfo {
            id: 0,
            leader,
            replicas: replicas.to_vec(),
            isr: isr.to_vec(),
        };
        let full = p(Some(0), &[0, 1, 2], &[0, 1, 2]);
        let two = p(Some(0), &[1, 0, 2], &[0, 2]);
        let one = p(Some(0), &[1, 0, 2], &[0]);
        let none = p(None, &[1], &[1]);
        let f = |u, a, m, at| PartitionFilter {
            under_replicated: u,
            unavailable: a,
            under_min_isr: m,
            at_min_isr: at,
        };
        let under = f(true, false, false, false);
        assert!(!under.keeps(&full, 2) && under.keeps(&two, 2) && !under.keeps(&none, 1));
        let unavailable = f(false, true, false, false);
        assert!(!unavailable.keeps(&two, 2) && unavailable.keeps(&none, 1));
        let under_min = f(false, false, true, false);
        assert!(!under_min.keeps(&two, 2) && under_min.keeps(&one, 2) && under_min.keeps(&none, 1));
        let at_min = f(false, false, false, true);
        assert!(at_min.keeps(&two, 2) && !at_min.keeps(&one, 2) && !at_min.keeps(&full, 2));
        assert!(f(false, false, false, false).keeps(&full, 1));
    }

    #[test]
    fn create_needs_topic_and_bootstrap() {
        assert_eq!(
            action(&["--create", "--bootstrap-server", "x"]),
            Err("Missing required argument \"[topic]\"".into())
        );
        assert_eq!(
            action(&["--list"]),
            Err("--bootstrap-server must be specified".into())
        );
    }
}
