//! `kt reassign-partitions`: kafka-reassign-partitions.sh (ReassignPartitionsCommand):
//! generate a candidate assignment, execute one (with replication throttles), verify it (and
//! clear the throttles when all is done), cancel it, or list the reassignments in progress,
//! with Kafka 3.9's flags, report lines and exit codes.
//!
//! As Kafka's tool does, a refusal it words itself (a `TerseException`) is printed alone on
//! stdout; any other failure prints `Error: <message>` and the exception on stdout; both exit 1.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use clap::Args;
use serde_json::Value;

use super::common::load_properties;
use super::usage::UsageError;
use crate::admin::reassign::{
    Cluster, ConfigChange, Ongoing, ReassignError, ReplicaLogDirs, TopicPartition,
    TopicPartitionReplica,
};
use kafka_protocol::error::ResponseError;

/// Flags of `kt reassign-partitions`.
#[derive(Debug, Clone, Args)]
#[command(
    after_help = "Examples:\n  kt reassign-partitions --bootstrap-server localhost:9092 --generate --topics-to-move-json-file topics.json --broker-list 0,1,2\n  kt reassign-partitions --bootstrap-server localhost:9092 --execute --reassignment-json-file plan.json --throttle 50000000\n  kt reassign-partitions --bootstrap-server localhost:9092 --verify --reassignment-json-file plan.json"
)]
pub struct ReassignPartitionsArgs {
    /// Verify if the reassignment completed as specified by the --reassignment-json-file
    /// option. If there is a throttle engaged for the replicas specified, and the rebalance
    /// has completed, the throttle will be removed.
    #[arg(long)]
    pub verify: bool,
    /// Generate a candidate partition reassignment configuration. Note that this only
    /// generates a candidate assignment, it does not execute it.
    #[arg(long)]
    pub generate: bool,
    /// Kick off the reassignment as specified by the --reassignment-json-file option.
    #[arg(long)]
    pub execute: bool,
    /// Cancel an active reassignment.
    #[arg(long)]
    pub cancel: bool,
    /// List all active partition reassignments.
    #[arg(long)]
    pub list: bool,
    /// The server(s) to use for bootstrapping.
    #[arg(long, value_name = "Server(s) to use for bootstrapping")]
    pub bootstrap_server: Option<String>,
    /// Property file containing configs to be passed to Admin Client.
    #[arg(long, value_name = "Admin client property file")]
    pub command_config: Option<PathBuf>,
    /// The JSON file with the partition reassignment configuration. The format to use is -
    /// {"partitions": [{"topic": "foo", "partition": 1, "replicas": [1,2,3], "log_dirs":
    /// ["dir1","dir2","dir3"]}], "version":1}. Note that "log_dirs" is optional.
    #[arg(long, value_name = "manual assignment json file path")]
    pub reassignment_json_file: Option<PathBuf>,
    /// Generate a reassignment configuration to move the partitions of the specified topics
    /// to the list of brokers specified by the --broker-list option. The format to use is -
    /// {"topics": [{"topic": "foo"},{"topic": "foo1"}], "version":1}
    #[arg(long, value_name = "topics to reassign json file path")]
    pub topics_to_move_json_file: Option<PathBuf>,
    /// The list of brokers to which the partitions need to be reassigned in the form
    /// "0,1,2". This is required if --topics-to-move-json-file is used to generate
    /// reassignment configuration.
    #[arg(long, value_name = "brokerlist")]
    pub broker_list: Option<String>,
    /// Disable rack aware replica assignment.
    #[arg(long)]
    pub disable_rack_aware: bool,
    /// The movement of partitions between brokers will be throttled to this value
    /// (bytes/sec). This option can be included with --execute when a reassignment is
    /// started, and it can be altered by resubmitting the current reassignment along with
    /// the --additional flag. The throttle rate should be at least 1 KB/s.
    #[arg(long, value_name = "throttle", allow_negative_numbers = true)]
    pub throttle: Option<i64>,
    /// The movement of replicas between log directories on the same broker will be
    /// throttled to this value (bytes/sec).
    #[arg(
        long,
        value_name = "replicaAlterLogDirsThrottle",
        allow_negative_numbers = true
    )]
    pub replica_alter_log_dirs_throttle: Option<i64>,
    /// The maximum time in ms to wait for log directory replica assignment to begin.
    #[arg(long, value_name = "timeout")]
    pub timeout: Option<i64>,
    /// Execute this reassignment in addition to any other ongoing ones. This option can
    /// also be used to change the throttle of an ongoing reassignment.
    #[arg(long)]
    pub additional: bool,
    /// Do not modify broker or topic throttles.
    #[arg(long)]
    pub preserve_throttles: bool,
}

const CANNOT_EXECUTE_BECAUSE_OF_EXISTING_MESSAGE: &str = "Cannot execute because there is an \
existing partition assignment.  Use --additional to override this and create a new partition \
assignment in addition to the existing one. The --additional flag can also be used to change \
the throttle by resubmitting the current reassignment.";

const YOU_MUST_RUN_VERIFY_PERIODICALLY_MESSAGE: &str = "Warning: You must run --verify \
periodically, until the reassignment completes, to ensure the throttle is removed.";

/// Kafka's broker-level and topic-level throttle configs, which --verify and --cancel clear.
const BROKER_LEVEL_THROTTLES: [&str; 3] = [
    "leader.replication.throttled.rate",
    "follower.replication.throttled.rate",
    "replica.alter.log.dirs.io.max.bytes.per.second",
];
const TOPIC_LEVEL_THROTTLES: [&str; 2] = [
    "leader.replication.throttled.replicas",
    "follower.replication.throttled.replicas",
];

/// Which of the five actions was asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Action {
    Generate,
    Execute,
    Verify,
    Cancel,
    List,
}

impl Action {
    fn name(self) -> &'static str {
        match self {
            Action::Generate => "generate",
            Action::Execute => "execute",
            Action::Verify => "verify",
            Action::Cancel => "cancel",
            Action::List => "list",
        }
    }
}

/// How the command failed, printed as Kafka's tool prints it (all on stdout).
#[derive(Debug)]
enum Failure {
    /// A `TerseException`: its message alone.
    Terse(String),
    /// Any other exception: `Error: <message>`, then the exception's class and message.
    Error { class: String, message: String },
}

impl Failure {
    fn admin_command(message: impl Into<String>) -> Self {
        Failure::Error {
            class: "org.apache.kafka.server.common.AdminCommandFailedException".into(),
            message: message.into(),
        }
    }

    fn admin_operation(message: impl Into<String>) -> Self {
        Failure::Error {
            class: "org.apache.kafka.server.common.AdminOperationException".into(),
            message: message.into(),
        }
    }

    fn json_mapping(message: impl Into<String>) -> Self {
        Failure::Error {
            class: "org.apache.kafka.server.util.json.JsonMappingException".into(),
            message: message.into(),
        }
    }

    /// An exception from the admin client, wrapped as `KafkaFuture.get()` wraps it.
    fn execution(class: &str, message: &str) -> Self {
        Failure::Error {
            class: "java.util.concurrent.ExecutionException".into(),
            message: format!("{class}: {message}"),
        }
    }

    fn report(&self) -> i32 {
        match self {
            Failure::Terse(message) => println!("{message}"),
            Failure::Error { class, message } => {
                println!("Error: {message}");
                println!("{class}: {message}");
                println!();
            }
        }
        1
    }
}

impl From<ReassignError> for Failure {
    fn from(e: ReassignError) -> Self {
        match e {
            ReassignError::UnknownTopic(_) => Failure::execution(
                "org.apache.kafka.common.errors.UnknownTopicOrPartitionException",
                &e.to_string(),
            ),
            ReassignError::Timeout(_) | ReassignError::Wire(_) => Failure::execution(
                "org.apache.kafka.common.errors.TimeoutException",
                &e.to_string(),
            ),
            ReassignError::Refused(b) => Failure::execution(
                &format!(
                    "org.apache.kafka.common.errors.{}",
                    exception_class(b.error)
                ),
                &b.text(),
            ),
        }
    }
}

/// The admin client's exception class for a broker error.
fn exception_class(error: kafka_protocol::error::ResponseError) -> &'static str {
    use kafka_protocol::error::ResponseError as E;
    match error {
        E::ClusterAuthorizationFailed => "ClusterAuthorizationException",
        E::TopicAuthorizationFailed => "TopicAuthorizationException",
        E::InvalidRequest => "InvalidRequestException",
        E::InvalidConfig => "InvalidConfigurationException",
        E::UnknownTopicOrPartition => "UnknownTopicOrPartitionException",
        E::InvalidReplicaAssignment => "InvalidReplicaAssignmentException",
        E::NoReassignmentInProgress => "NoReassignmentInProgressException",
        E::NotController => "NotControllerException",
        E::RequestTimedOut => "TimeoutException",
        E::LogDirNotFound => "LogDirNotFoundException",
        E::KafkaStorageError => "KafkaStorageException",
        E::InvalidTopicException => "InvalidTopicException",
        _ => "ApiException",
    }
}

impl ReassignPartitionsArgs {
    /// ReassignPartitionsCommand.validateAndParseArgs: exactly one action, a bootstrap
    /// server, the action's required options and no option it does not take.
    fn validate(&self) -> Result<(Action, String), UsageError> {
        let actions: Vec<Action> = [
            (self.generate, Action::Generate),
            (self.execute, Action::Execute),
            (self.verify, Action::Verify),
            (self.cancel, Action::Cancel),
            (self.list, Action::List),
        ]
        .into_iter()
        .filter_map(|(on, a)| on.then_some(a))
        .collect();
        if actions.len() != 1 {
            return Err(UsageError::new(
                "Command must include exactly one action: --generate, --execute, --verify, \
                 --cancel, --list",
            ));
        }
        let action = actions[0];
        let Some(bootstrap) = self.bootstrap_server.clone() else {
            return Err(UsageError::new(
                "Please specify either --bootstrap-server or --bootstrap-controller",
            ));
        };
        let required: &[(&str, bool)] = match action {
            Action::Verify | Action::Execute | Action::Cancel => &[(
                "reassignment-json-file",
                self.reassignment_json_file.is_some(),
            )],
            Action::Generate => &[
                (
                    "topics-to-move-json-file",
                    self.topics_to_move_json_file.is_some(),
                ),
                ("broker-list", self.broker_list.is_some()),
            ],
            Action::List => &[],
        };
        if let Some((name, _)) = required.iter().find(|(_, given)| !given) {
            return Err(UsageError::new(format!(
                "Missing required argument \"[{name}]\""
            )));
        }
        let given: [(&str, bool); 11] = [
            ("bootstrap-server", true),
            ("command-config", self.command_config.is_some()),
            (
                "reassignment-json-file",
                self.reassignment_json_file.is_some(),
            ),
            (
                "topics-to-move-json-file",
                self.topics_to_move_json_file.is_some(),
            ),
            ("broker-list", self.broker_list.is_some()),
            ("disable-rack-aware", self.disable_rack_aware),
            ("throttle", self.throttle.is_some()),
            (
                "replica-alter-log-dirs-throttle",
                self.replica_alter_log_dirs_throttle.is_some(),
            ),
            ("timeout", self.timeout.is_some()),
            ("additional", self.additional),
            ("preserve-throttles", self.preserve_throttles),
        ];
        let permitted: &[&str] = match action {
            Action::Verify => &[
                "bootstrap-server",
                "command-config",
                "preserve-throttles",
                "reassignment-json-file",
            ],
            Action::Generate => &[
                "bootstrap-server",
                "broker-list",
                "command-config",
                "disable-rack-aware",
                "topics-to-move-json-file",
            ],
            Action::Execute => &[
                "additional",
                "bootstrap-server",
                "command-config",
                "throttle",
                "replica-alter-log-dirs-throttle",
                "timeout",
                "reassignment-json-file",
            ],
            Action::Cancel => &[
                "bootstrap-server",
                "command-config",
                "preserve-throttles",
                "timeout",
                "reassignment-json-file",
            ],
            Action::List => &["bootstrap-server", "command-config"],
        };
        if let Some((name, _)) = given
            .iter()
            .find(|(name, on)| *on && !permitted.contains(name))
        {
            return Err(UsageError::new(format!(
                "Option \"[{name}]\" can't be used with action \"[{}]\"",
                action.name()
            )));
        }
        Ok((action, bootstrap))
    }
}

/// Runs `kt reassign-partitions` and returns the exit code.
pub fn run(args: ReassignPartitionsArgs) -> i32 {
    let (action, bootstrap) = match args.validate() {
        Ok(v) => v,
        Err(e) => return e.report("reassign-partitions"),
    };
    let result = (|| -> Result<(), Failure> {
        let properties = match &args.command_config {
            Some(path) => load_properties(path).map_err(|e| Failure::Error {
                class: "java.nio.file.NoSuchFileException".into(),
                message: format!("{e:#}"),
            })?,
            None => Vec::new(),
        };
        let rt = super::runtime().map_err(|e| Failure::Error {
            class: "java.lang.RuntimeException".into(),
            message: format!("{e:#}"),
        })?;
        let cluster = Cluster::new(&bootstrap, &properties);
        rt.block_on(async {
            match action {
                Action::Generate => generate(&cluster, &args).await,
                Action::Execute => execute(&cluster, &args).await,
                Action::Verify => verify(&cluster, &args).await,
                Action::Cancel => cancel(&cluster, &args).await,
                Action::List => list(&cluster).await,
            }
        })
    })();
    match result {
        Ok(()) => 0,
        Err(e) => e.report(),
    }
}

/// `Utils.readFileAsString`: a missing file is Java's NoSuchFileException (its message is
/// the path).
fn read_file(path: &std::path::Path) -> Result<String, Failure> {
    std::fs::read_to_string(path).map_err(|_| Failure::Error {
        class: "java.nio.file.NoSuchFileException".into(),
        message: path.display().to_string(),
    })
}

/// A reassignment JSON file: target replicas per partition in file order, and the log dirs
/// named other than "any" (Kafka's `parsePartitionReassignmentData`).
#[derive(Debug, Default, PartialEq)]
struct ReassignmentFile {
    partitions: Vec<(TopicPartition, Vec<i32>)>,
    log_dirs: Vec<((TopicPartition, i32), String)>,
}

fn field<'a>(object: &'a Value, name: &str) -> Result<&'a Value, Failure> {
    object
        .get(name)
        .ok_or_else(|| Failure::json_mapping(format!("No such field exists: `{name}`")))
}

fn to_i32(value: &Value) -> Result<i32, Failure> {
    value
        .as_i64()
        .and_then(|v| i32::try_from(v).ok())
        .ok_or_else(|| Failure::json_mapping(format!("Expected `int` value, received {value}")))
}

/// Parses the text as JSON as Kafka's `Json.tryParseFull` does: invalid JSON is Jackson's
/// parse error wrapped in an AdminOperationException.
fn parse_json(text: &str) -> Result<Value, Failure> {
    serde_json::from_str(text).map_err(|e| {
        let message = format!("com.fasterxml.jackson.core.JsonParseException: {e}");
        Failure::admin_operation(message)
    })
}

fn version(js: &Value) -> Result<i64, Failure> {
    match js.get("version") {
        None => Ok(1),
        Some(v) => Ok(to_i32(v)? as i64),
    }
}

fn parse_reassignment(text: &str) -> Result<ReassignmentFile, Failure> {
    let js = parse_json(text)?;
    if !js.is_object() {
        return Err(Failure::json_mapping(format!(
            "Expected `object` value, received {js}"
        )));
    }
    let version = version(&js)?;
    if version != 1 {
        return Err(Failure::admin_operation(format!(
            "Not supported version field value {version}"
        )));
    }
    let mut out = ReassignmentFile::default();
    let Some(list) = js.get("partitions") else {
        return Ok(out);
    };
    let list = list
        .as_array()
        .ok_or_else(|| Failure::json_mapping(format!("Expected `array` value, received {list}")))?;
    for entry in list {
        let topic = field(entry, "topic")?;
        let topic = topic
            .as_str()
            .ok_or_else(|| {
                Failure::json_mapping(format!("Expected `string` value, received {topic}"))
            })?
            .to_string();
        let partition = to_i32(field(entry, "partition")?)?;
        let replicas_value = field(entry, "replicas")?;
        let replicas: Vec<i32> = replicas_value
            .as_array()
            .ok_or_else(|| {
                Failure::json_mapping(format!("Expected `array` value, received {replicas_value}"))
            })?
            .iter()
            .map(to_i32)
            .collect::<Result<_, _>>()?;
        let log_dirs: Vec<String> = match entry.get("log_dirs") {
            None => replicas.iter().map(|_| "any".to_string()).collect(),
            Some(v) => v
                .as_array()
                .ok_or_else(|| {
                    Failure::json_mapping(format!("Expected `array` value, received {v}"))
                })?
                .iter()
                .map(|d| {
                    d.as_str().map(str::to_string).ok_or_else(|| {
                        Failure::json_mapping(format!("Expected `string` value, received {d}"))
                    })
                })
                .collect::<Result<_, _>>()?,
        };
        if log_dirs.len() != replicas.len() {
            return Err(Failure::admin_command(format!(
                "Size of replicas list {} is different from size of log dirs list {} for \
                 partition {topic}-{partition}",
                java_list(&replicas),
                java_list(&log_dirs)
            )));
        }
        for (replica, dir) in replicas.iter().zip(&log_dirs) {
            if dir != "any" {
                out.log_dirs
                    .push((((topic.clone(), partition), *replica), dir.clone()));
            }
        }
        out.partitions.push(((topic, partition), replicas));
    }
    Ok(out)
}

/// Java's `List.toString()`.
fn java_list<T: std::fmt::Display>(items: &[T]) -> String {
    let items: Vec<String> = items.iter().map(|i| i.to_string()).collect();
    format!("[{}]", items.join(", "))
}

/// `parseExecuteAssignmentArgs`' checks of a file for --execute.
fn check_execute_file(file: &ReassignmentFile) -> Result<(), Failure> {
    if file.partitions.is_empty() {
        return Err(Failure::admin_command(
            "Partition reassignment list cannot be empty",
        ));
    }
    if file.partitions.iter().any(|(_, r)| r.is_empty()) {
        return Err(Failure::admin_command(
            "Partition replica list cannot be empty",
        ));
    }
    let mut seen = BTreeSet::new();
    let mut duplicated = Vec::new();
    for (tp, _) in &file.partitions {
        if !seen.insert(tp.clone()) && !duplicated.contains(tp) {
            duplicated.push(tp.clone());
        }
    }
    if !duplicated.is_empty() {
        return Err(Failure::admin_command(format!(
            "Partition reassignment contains duplicate topic partitions: {}",
            duplicated
                .iter()
                .map(|(t, p)| format!("{t}-{p}"))
                .collect::<Vec<_>>()
                .join(",")
        )));
    }
    let duplicates: Vec<String> = file
        .partitions
        .iter()
        .filter_map(|((t, p), replicas)| {
            let mut repeated: Vec<i32> = replicas
                .iter()
                .enumerate()
                .filter(|(i, r)| replicas[..*i].contains(r))
                .map(|(_, r)| *r)
                .collect();
            repeated.sort_unstable();
            repeated.dedup();
            (!repeated.is_empty()).then(|| {
                let list: Vec<String> = repeated.iter().map(i32::to_string).collect();
                format!("{t}-{p} contains multiple entries for {}", list.join(","))
            })
        })
        .collect();
    if !duplicates.is_empty() {
        return Err(Failure::admin_command(format!(
            "Partition replica lists may not contain duplicate entries: {}",
            duplicates.join(". ")
        )));
    }
    Ok(())
}

/// Kafka's `formatAsReassignmentJson`: partitions sorted, "log_dirs" all "any".
fn reassignment_json(parts: &BTreeMap<TopicPartition, Vec<i32>>) -> String {
    let entries: Vec<String> = parts
        .iter()
        .map(|((t, p), replicas)| {
            let any: Vec<&str> = replicas.iter().map(|_| "\"any\"").collect();
            format!(
                "{{\"topic\":{},\"partition\":{p},\"replicas\":{},\"log_dirs\":[{}]}}",
                Value::from(t.as_str()),
                serde_json::to_string(replicas).unwrap_or_default(),
                any.join(",")
            )
        })
        .collect();
    format!("{{\"version\":1,\"partitions\":[{}]}}", entries.join(","))
}

fn tp_list<'a>(parts: impl Iterator<Item = &'a TopicPartition>) -> String {
    parts
        .map(|(t, p)| format!("{t}-{p}"))
        .collect::<Vec<_>>()
        .join(",")
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// --generate.
async fn generate(cluster: &Cluster, args: &ReassignPartitionsArgs) -> Result<(), Failure> {
    let text = read_file(
        args.topics_to_move_json_file
            .as_deref()
            .unwrap_or(std::path::Path::new("")),
    )?;
    let broker_list = args.broker_list.clone().unwrap_or_default();
    let mut brokers = Vec::new();
    for item in broker_list.split(',') {
        brokers.push(item.parse::<i32>().map_err(|_| Failure::Error {
            class: "java.lang.NumberFormatException".into(),
            message: format!("For input string: \"{item}\""),
        })?);
    }
    let twice = repeated(&brokers);
    if !twice.is_empty() {
        return Err(Failure::admin_command(format!(
            "Broker list contains duplicate entries: {}",
            java_list(&twice)
        )));
    }
    let js: Value = serde_json::from_str(&text)
        .map_err(|_| Failure::admin_operation("The input string is not a valid JSON"))?;
    let version = version(&js)?;
    if version != 1 {
        return Err(Failure::admin_operation(format!(
            "Not supported version field value {version}"
        )));
    }
    let mut topics: Vec<String> = Vec::new();
    if let Some(list) = js.get("topics") {
        let list = list.as_array().ok_or_else(|| {
            Failure::json_mapping(format!("Expected `array` value, received {list}"))
        })?;
        for entry in list {
            let topic = field(entry, "topic")?;
            topics.push(
                topic
                    .as_str()
                    .ok_or_else(|| {
                        Failure::json_mapping(format!("Expected `string` value, received {topic}"))
                    })?
                    .to_string(),
            );
        }
    }
    let twice = repeated(&topics);
    if !twice.is_empty() {
        return Err(Failure::admin_command(format!(
            "List of topics to reassign contains duplicate entries: {}",
            java_list(&twice)
        )));
    }
    let current = cluster.replicas(&topics).await?;
    let nodes: Vec<(i32, Option<String>)> = cluster
        .brokers()
        .await?
        .into_iter()
        .filter(|(id, _)| brokers.contains(id))
        .collect();
    let rack_aware = !args.disable_rack_aware;
    let rackless = nodes.iter().filter(|(_, r)| r.is_none()).count();
    if rack_aware && rackless != 0 && rackless != nodes.len() {
        return Err(Failure::admin_operation(
            "Not all brokers have rack information. Add --disable-rack-aware in command line \
             to make replica assignment without rack information.",
        ));
    }
    let ids: Vec<i32> = nodes.iter().map(|(id, _)| *id).collect();
    let mut proposed = BTreeMap::new();
    let mut by_topic: BTreeMap<&str, Vec<(i32, usize)>> = BTreeMap::new();
    for ((t, p), replicas) in &current {
        by_topic.entry(t).or_default().push((*p, replicas.len()));
    }
    for (topic, partitions) in by_topic {
        let factor = partitions.first().map_or(0, |(_, f)| *f);
        let assigned = assign_replicas(&ids, partitions.len(), factor, random_index(ids.len()))
            .map_err(|m| Failure::Error {
                class: "org.apache.kafka.common.errors.InvalidReplicationFactorException".into(),
                message: m,
            })?;
        for (p, replicas) in assigned.into_iter().enumerate() {
            proposed.insert((topic.to_string(), p as i32), replicas);
        }
    }
    println!(
        "Current partition replica assignment\n{}\n",
        reassignment_json(&current)
    );
    println!(
        "Proposed partition reassignment configuration\n{}",
        reassignment_json(&proposed)
    );
    Ok(())
}

/// The items that occur more than once, each once, sorted.
fn repeated<T: Ord + Clone>(items: &[T]) -> Vec<T> {
    let mut out: Vec<T> = items
        .iter()
        .enumerate()
        .filter(|(i, x)| items[..*i].contains(x))
        .map(|(_, x)| x.clone())
        .collect();
    out.sort();
    out.dedup();
    out
}

/// A random start in `0..n` (Kafka's `rand.nextInt`), from the clock: the proposal differs
/// between runs as Kafka's does, and needs no random number crate.
fn random_index(n: usize) -> (usize, usize) {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos() as usize);
    let n = n.max(1);
    (nanos % n, (nanos / 7919) % n)
}

/// Kafka's rack-unaware `assignReplicasToBrokers` over the sorted broker ids: partition p's
/// first replica is broker `(p + start)`, its followers at a shift that grows by one every
/// time the partitions have gone once round the brokers.
fn assign_replicas(
    brokers: &[i32],
    partitions: usize,
    factor: usize,
    (start, shift): (usize, usize),
) -> Result<Vec<Vec<i32>>, String> {
    let mut brokers = brokers.to_vec();
    brokers.sort_unstable();
    let n = brokers.len();
    if factor == 0 {
        return Err("Replication factor must be larger than 0.".into());
    }
    if factor > n {
        return Err(format!(
            "Replication factor: {factor} larger than available brokers: {n}."
        ));
    }
    let mut shift = shift;
    let mut out = Vec::with_capacity(partitions);
    for p in 0..partitions {
        if p > 0 && p % n == 0 {
            shift += 1;
        }
        let first = (p + start) % n;
        let mut replicas = vec![brokers[first]];
        for j in 0..factor - 1 {
            let step = 1 + (shift + j) % (n - 1).max(1);
            replicas.push(brokers[(first + step) % n]);
        }
        out.push(replicas);
    }
    Ok(out)
}

/// --execute.
async fn execute(cluster: &Cluster, args: &ReassignPartitionsArgs) -> Result<(), Failure> {
    let text = read_file(
        args.reassignment_json_file
            .as_deref()
            .unwrap_or(std::path::Path::new("")),
    )?;
    let file = parse_reassignment(&text)?;
    check_execute_file(&file)?;
    let proposed: BTreeMap<TopicPartition, Vec<i32>> = file.partitions.iter().cloned().collect();
    let ongoing = cluster.list(None).await?;
    if !args.additional && !ongoing.is_empty() {
        return Err(Failure::Terse(
            CANNOT_EXECUTE_BECAUSE_OF_EXISTING_MESSAGE.into(),
        ));
    }
    let live: Vec<i32> = cluster
        .brokers()
        .await?
        .into_iter()
        .map(|(id, _)| id)
        .collect();
    let mut wanted: Vec<i32> = proposed.values().flatten().copied().collect();
    wanted.sort_unstable();
    wanted.dedup();
    if let Some(unknown) = wanted.iter().find(|b| !live.contains(b)) {
        return Err(Failure::admin_command(format!(
            "Unknown broker id {unknown}"
        )));
    }
    let topics: Vec<String> = proposed
        .keys()
        .map(|(t, _)| t.clone())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let all = cluster.replicas(&topics).await?;
    let missing: Vec<&TopicPartition> =
        proposed.keys().filter(|tp| !all.contains_key(tp)).collect();
    if !missing.is_empty() {
        let names: Vec<String> = missing.iter().map(|(t, p)| format!("{t}-{p}")).collect();
        return Err(Failure::execution(
            "org.apache.kafka.common.errors.UnknownTopicOrPartitionException",
            &format!("Unable to find partition: {}", names.join(", ")),
        ));
    }
    let current: BTreeMap<TopicPartition, Vec<i32>> = all
        .into_iter()
        .filter(|(tp, _)| proposed.contains_key(tp))
        .collect();
    println!(
        "Current partition replica assignment\n\n{}\n\nSave this to use as the \
         --reassignment-json-file option during rollback",
        reassignment_json(&current)
    );
    let throttle = args.throttle.unwrap_or(-1);
    let log_dir_throttle = args.replica_alter_log_dirs_throttle.unwrap_or(-1);
    if throttle >= 0 || log_dir_throttle >= 0 {
        println!("{YOU_MUST_RUN_VERIFY_PERIODICALLY_MESSAGE}");
        if throttle >= 0 {
            let moves = proposed_moves(&ongoing, &proposed, &current);
            cluster
                .alter_configs(&throttle_changes(&moves, throttle))
                .await?;
            println!("The inter-broker throttle limit was set to {throttle} B/s");
        }
        if log_dir_throttle >= 0 {
            let moving: BTreeSet<i32> = file.log_dirs.iter().map(|((_, b), _)| *b).collect();
            let changes: Vec<ConfigChange> = moving
                .iter()
                .map(|b| ConfigChange {
                    broker: true,
                    name: b.to_string(),
                    ops: vec![(
                        BROKER_LEVEL_THROTTLES[2].to_string(),
                        Some(log_dir_throttle.to_string()),
                    )],
                })
                .collect();
            cluster.alter_configs(&changes).await?;
            println!("The replica-alter-dir throttle limit was set to {log_dir_throttle} B/s");
        }
    }
    let requests: Vec<(TopicPartition, Option<Vec<i32>>)> = proposed
        .iter()
        .map(|(tp, r)| (tp.clone(), Some(r.clone())))
        .collect();
    let errors = cluster.alter(&requests).await?;
    if !errors.is_empty() {
        let lines: Vec<String> = errors
            .iter()
            .map(|((t, p), e)| format!("{t}-{p}: {}", e.text()))
            .collect();
        return Err(Failure::Terse(format!(
            "Error reassigning partition(s):\n{}",
            lines.join("\n")
        )));
    }
    println!(
        "Successfully started partition reassignment{} for {}",
        plural(proposed.len()),
        tp_list(proposed.keys())
    );
    if !file.log_dirs.is_empty() {
        let moves = file.log_dirs.iter().cloned().collect();
        execute_moves(cluster, moves, args.timeout.unwrap_or(10_000)).await?;
    }
    Ok(())
}

/// Kafka's `executeMoves`: AlterReplicaLogDirs for every replica of `pending` to its log
/// dir, again every 100 ms for those whose broker does not hold them yet
/// (REPLICA_NOT_AVAILABLE: the reassignment has still to bring them there), until all
/// started or `timeout_ms` passed.
async fn execute_moves(
    cluster: &Cluster,
    mut pending: BTreeMap<TopicPartitionReplica, String>,
    timeout_ms: i64,
) -> Result<(), Failure> {
    let started = std::time::Instant::now();
    loop {
        let answers = cluster.alter_replica_log_dirs(&pending).await?;
        let mut completed = Vec::new();
        for (replica, error) in answers {
            match error {
                None => completed.push(replica),
                Some(ResponseError::ReplicaNotAvailable) => {}
                Some(e) => {
                    let ((t, p), b) = &replica;
                    // Kafka's AdminCommandFailedException (its cause, the broker's error,
                    // goes to the log).
                    tracing::debug!("AlterReplicaLogDirs of {t}-{p}-{b}: {e:?}");
                    return Err(Failure::admin_command(format!(
                        "Failed to alter dir for {t}-{p}-{b}"
                    )));
                }
            }
        }
        for replica in &completed {
            let ((t, p), b) = replica;
            println!(
                "Successfully started moving log directory to {} for replica {t}-{p} with \
                 broker {b} ",
                pending[replica]
            );
            pending.remove(replica);
        }
        if pending.is_empty() {
            return Ok(());
        }
        if started.elapsed().as_millis() as i64 >= timeout_ms {
            let replicas: Vec<String> = pending
                .keys()
                .map(|((t, p), b)| format!("{t}-{p}-{b}"))
                .collect();
            return Err(Failure::Terse(format!(
                "Timed out before log directory move{} could be started for: {}",
                plural(replicas.len()),
                replicas.join(",")
            )));
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}

/// Kafka's `findLogDirMoveStates` and `replicaMoveStatesToString`: a line per replica the
/// file gives a log dir; whether any move is still going on.
async fn verify_replica_moves(
    cluster: &Cluster,
    file: &ReassignmentFile,
) -> Result<(String, bool), Failure> {
    let targets: BTreeMap<TopicPartitionReplica, String> = file.log_dirs.iter().cloned().collect();
    let found = cluster
        .describe_replica_log_dirs(&targets.keys().cloned().collect())
        .await?;
    let mut lines = Vec::new();
    let mut ongoing = false;
    for (replica, target) in &targets {
        let ((t, p), b) = replica;
        let line = match found.get(replica) {
            None => {
                ongoing = true;
                format!(
                    "Partition {t}-{p} cannot be found in any live log directory on broker {b}."
                )
            }
            Some(ReplicaLogDirs { current: None, .. }) => {
                ongoing = true;
                format!(
                    "Partition {t}-{p} is not found in any live log dir on broker {b}. There is \
                     likely an offline log directory on the broker."
                )
            }
            Some(ReplicaLogDirs {
                current: Some(current),
                future: None,
            }) => {
                if current == target {
                    format!("Reassignment of replica {t}-{p}-{b} completed successfully.")
                } else {
                    format!(
                        "Partition {t}-{p} on broker {b} is not being moved from log dir \
                         {current} to {target}."
                    )
                }
            }
            Some(ReplicaLogDirs {
                future: Some(future),
                ..
            }) => {
                ongoing = true;
                if future == target {
                    format!("Reassignment of replica {t}-{p}-{b} is still in progress.")
                } else {
                    format!(
                        "Partition {t}-{p} on broker {b} is being moved to log dir {future} \
                         instead of {target}."
                    )
                }
            }
        };
        lines.push(line);
    }
    Ok((lines.join("\n"), ongoing))
}

/// Sources and destinations of each moving partition (Kafka's `calculateProposedMoveMap`):
/// the reassignments in progress, then the proposed ones.
fn proposed_moves(
    ongoing: &BTreeMap<TopicPartition, Ongoing>,
    proposed: &BTreeMap<TopicPartition, Vec<i32>>,
    current: &BTreeMap<TopicPartition, Vec<i32>>,
) -> BTreeMap<TopicPartition, (BTreeSet<i32>, BTreeSet<i32>)> {
    let mut moves: BTreeMap<TopicPartition, (BTreeSet<i32>, BTreeSet<i32>)> = ongoing
        .iter()
        .map(|(tp, o)| {
            let sources = o
                .replicas
                .iter()
                .copied()
                .filter(|r| !o.adding.contains(r))
                .collect();
            (tp.clone(), (sources, o.adding.iter().copied().collect()))
        })
        .collect();
    for (tp, replicas) in proposed {
        let sources: BTreeSet<i32> = match moves.get(tp) {
            Some((sources, _)) => sources.clone(),
            None => current.get(tp).into_iter().flatten().copied().collect(),
        };
        let destinations = replicas
            .iter()
            .copied()
            .filter(|r| !sources.contains(r))
            .collect();
        moves.insert(tp.clone(), (sources, destinations));
    }
    moves
}

/// The throttle configs `--throttle` sets: per topic, `leader.replication.throttled.replicas`
/// naming each moving partition's sources and `follower.replication.throttled.replicas` its
/// new replicas (as sorted `partition:broker` strings); on every broker involved, both rates.
fn throttle_changes(
    moves: &BTreeMap<TopicPartition, (BTreeSet<i32>, BTreeSet<i32>)>,
    rate: i64,
) -> Vec<ConfigChange> {
    let mut leaders: BTreeMap<&str, BTreeSet<String>> = BTreeMap::new();
    let mut followers: BTreeMap<&str, BTreeSet<String>> = BTreeMap::new();
    let mut brokers = BTreeSet::new();
    for ((topic, p), (sources, destinations)) in moves {
        let l = leaders.entry(topic).or_default();
        let f = followers.entry(topic).or_default();
        for s in sources {
            l.insert(format!("{p}:{s}"));
            brokers.insert(*s);
        }
        for d in destinations {
            if !sources.contains(d) {
                f.insert(format!("{p}:{d}"));
            }
            brokers.insert(*d);
        }
    }
    let join = |set: &BTreeSet<String>| set.iter().cloned().collect::<Vec<_>>().join(",");
    let mut changes: Vec<ConfigChange> = leaders
        .iter()
        .map(|(topic, l)| ConfigChange {
            broker: false,
            name: topic.to_string(),
            ops: vec![
                (TOPIC_LEVEL_THROTTLES[0].to_string(), Some(join(l))),
                (
                    TOPIC_LEVEL_THROTTLES[1].to_string(),
                    Some(join(&followers[topic])),
                ),
            ],
        })
        .collect();
    for b in brokers {
        changes.push(ConfigChange {
            broker: true,
            name: b.to_string(),
            ops: vec![
                (
                    BROKER_LEVEL_THROTTLES[0].to_string(),
                    Some(rate.to_string()),
                ),
                (
                    BROKER_LEVEL_THROTTLES[1].to_string(),
                    Some(rate.to_string()),
                ),
            ],
        });
    }
    changes
}

/// --verify.
async fn verify(cluster: &Cluster, args: &ReassignPartitionsArgs) -> Result<(), Failure> {
    let text = read_file(
        args.reassignment_json_file
            .as_deref()
            .unwrap_or(std::path::Path::new("")),
    )?;
    let file = parse_reassignment(&text)?;
    let ongoing = cluster.list(None).await?;
    let mut lines = vec!["Status of partition reassignment:".to_string()];
    let mut targets: Vec<&(TopicPartition, Vec<i32>)> = file.partitions.iter().collect();
    targets.sort_by(|a, b| a.0.cmp(&b.0));
    let lookup: Vec<String> = targets
        .iter()
        .filter(|(tp, _)| !ongoing.contains_key(tp))
        .map(|((t, _), _)| t.clone())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let mut described: BTreeMap<TopicPartition, Vec<i32>> = BTreeMap::new();
    for topic in &lookup {
        match cluster.replicas(std::slice::from_ref(topic)).await {
            Ok(found) => described.extend(found),
            Err(ReassignError::UnknownTopic(_)) => {}
            Err(e) => return Err(e.into()),
        }
    }
    for ((t, p), target) in targets {
        let tp = (t.clone(), *p);
        if ongoing.contains_key(&tp) {
            lines.push(format!(
                "Reassignment of partition {t}-{p} is still in progress."
            ));
            continue;
        }
        let current = described.get(&tp).cloned().unwrap_or_default();
        if &current == target {
            lines.push(format!("Reassignment of partition {t}-{p} is completed."));
        } else {
            let join = |v: &[i32]| v.iter().map(i32::to_string).collect::<Vec<_>>().join(",");
            lines.push(format!(
                "There is no active reassignment of partition {t}-{p}, but replica set is {} \
                 rather than {}.",
                join(&current),
                join(target)
            ));
        }
    }
    println!("{}", lines.join("\n"));
    let (moves, moves_ongoing) = verify_replica_moves(cluster, &file).await?;
    println!("{moves}");
    if ongoing.is_empty() && !moves_ongoing && !args.preserve_throttles {
        clear_all_throttles(cluster, &file).await?;
    }
    Ok(())
}

/// Kafka's `clearAllThrottles`: the rates off every broker of the cluster (and of the file),
/// the throttled replica lists off every topic of the file.
async fn clear_all_throttles(cluster: &Cluster, file: &ReassignmentFile) -> Result<(), Failure> {
    let mut brokers: BTreeSet<i32> = cluster
        .brokers()
        .await?
        .into_iter()
        .map(|(id, _)| id)
        .collect();
    brokers.extend(file.partitions.iter().flat_map(|(_, r)| r.iter().copied()));
    let live: BTreeSet<i32> = cluster
        .brokers()
        .await?
        .into_iter()
        .map(|(id, _)| id)
        .collect();
    println!(
        "Clearing broker-level throttles on broker{} {}",
        plural(brokers.len()),
        java_int_set_order(&brokers)
            .iter()
            .map(i32::to_string)
            .collect::<Vec<_>>()
            .join(",")
    );
    let mut changes: Vec<ConfigChange> = brokers
        .iter()
        .filter(|b| live.contains(b))
        .map(|b| ConfigChange {
            broker: true,
            name: b.to_string(),
            ops: BROKER_LEVEL_THROTTLES
                .iter()
                .map(|k| (k.to_string(), None))
                .collect(),
        })
        .collect();
    cluster.alter_configs(&changes).await?;
    let topics: BTreeSet<String> = file
        .partitions
        .iter()
        .map(|((t, _), _)| t.clone())
        .collect();
    println!(
        "Clearing topic-level throttles on topic{} {}",
        plural(topics.len()),
        java_string_set_order(&topics).join(",")
    );
    changes = topics
        .iter()
        .map(|t| ConfigChange {
            broker: false,
            name: t.clone(),
            ops: TOPIC_LEVEL_THROTTLES
                .iter()
                .map(|k| (k.to_string(), None))
                .collect(),
        })
        .collect();
    cluster.alter_configs(&changes).await?;
    Ok(())
}

/// The order Java's `HashSet` iterates its elements in: by bucket at its capacity (16,
/// doubled past three quarters full), ties in insertion (here sorted) order.
fn java_hash_order<T: Clone>(items: &[T], hash: impl Fn(&T) -> i32) -> Vec<T> {
    let mut capacity = 16usize;
    while items.len() * 4 > capacity * 3 {
        capacity *= 2;
    }
    let mut out = items.to_vec();
    out.sort_by_key(|x| {
        let h = hash(x) as u32;
        ((h ^ (h >> 16)) as usize) & (capacity - 1)
    });
    out
}

fn java_int_set_order(ids: &BTreeSet<i32>) -> Vec<i32> {
    java_hash_order(&ids.iter().copied().collect::<Vec<_>>(), |i| *i)
}

fn java_string_set_order(names: &BTreeSet<String>) -> Vec<String> {
    java_hash_order(&names.iter().cloned().collect::<Vec<_>>(), |s| {
        s.encode_utf16()
            .fold(0i32, |h, c| h.wrapping_mul(31).wrapping_add(c as i32))
    })
}

/// --cancel.
async fn cancel(cluster: &Cluster, args: &ReassignPartitionsArgs) -> Result<(), Failure> {
    let text = read_file(
        args.reassignment_json_file
            .as_deref()
            .unwrap_or(std::path::Path::new("")),
    )?;
    let file = parse_reassignment(&text)?;
    let named: Vec<TopicPartition> = file.partitions.iter().map(|(tp, _)| tp.clone()).collect();
    let active: Vec<TopicPartition> = cluster
        .list(Some(&named))
        .await?
        .into_iter()
        .filter(|(_, o)| o.adding.is_empty() || !o.removing.is_empty())
        .map(|(tp, _)| tp)
        .collect();
    if active.is_empty() {
        println!("None of the specified partition reassignments are active.");
    } else {
        let requests: Vec<(TopicPartition, Option<Vec<i32>>)> =
            active.iter().map(|tp| (tp.clone(), None)).collect();
        let errors = cluster.alter(&requests).await?;
        if !errors.is_empty() {
            let lines: Vec<String> = errors
                .iter()
                .map(|((t, p), e)| format!("{t}-{p}: {}", e.text()))
                .collect();
            return Err(Failure::Terse(format!(
                "Error cancelling partition reassignment{} for:\n{}",
                plural(errors.len()),
                lines.join("\n")
            )));
        }
        println!(
            "Successfully cancelled partition reassignment{} for: {}",
            plural(active.len()),
            tp_list(active.iter())
        );
    }
    // Kafka's cancelReplicaLogDirMoves: a replica with a future replica (whatever its
    // dir) is sent back to the dir it is in, which drops the future replica; the lines
    // are executeMoves' "Successfully started moving log directory to <current dir> ...".
    let targets: BTreeSet<TopicPartitionReplica> =
        file.log_dirs.iter().map(|(r, _)| r.clone()).collect();
    let found = if targets.is_empty() {
        BTreeMap::new()
    } else {
        cluster.describe_replica_log_dirs(&targets).await?
    };
    let moving: BTreeMap<TopicPartitionReplica, String> = found
        .into_iter()
        .filter(|(replica, _)| targets.contains(replica))
        .filter_map(|(replica, dirs)| match dirs {
            ReplicaLogDirs {
                current: Some(current),
                future: Some(_),
            } => Some((replica, current)),
            _ => None,
        })
        .collect();
    if moving.is_empty() {
        // Kafka prints this one without a newline.
        print!("None of the specified partition moves are active.");
    } else {
        execute_moves(cluster, moving, args.timeout.unwrap_or(10_000)).await?;
    }
    if !args.preserve_throttles {
        clear_all_throttles(cluster, &file).await?;
    }
    Ok(())
}

/// --list.
async fn list(cluster: &Cluster) -> Result<(), Failure> {
    let ongoing = cluster.list(None).await?;
    if ongoing.is_empty() {
        println!("No partition reassignments found.");
        return Ok(());
    }
    let join = |v: &[i32]| v.iter().map(i32::to_string).collect::<Vec<_>>().join(",");
    let lines: Vec<String> = ongoing
        .iter()
        .map(|((t, p), o)| {
            let mut line = format!("{t}-{p}: replicas: {}.", join(&o.replicas));
            if !o.adding.is_empty() {
                line.push_str(&format!(" adding: {}.", join(&o.adding)));
            }
            if !o.removing.is_empty() {
                line.push_str(&format!(" removing: {}.", join(&o.removing)));
            }
            line
        })
        .collect();
    println!("Current partition reassignments:\n{}", lines.join("\n"));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(f: Failure) -> String {
        match f {
            Failure::Terse(m) => m,
            Failure::Error { message, .. } => message,
        }
    }

    #[test]
    fn reassignment_files_are_read_and_checked_as_kafka_does() {
        let file = parse_reassignment(
            r#"{"version":1,"partitions":[{"topic":"t","partition":0,"replicas":[1,2]}]}"#,
        )
        .unwrap();
        assert_eq!(file.partitions, vec![(("t".to_string(), 0), vec![1, 2])]);
        let dup = parse_reassignment(
            r#"{"partitions":[{"topic":"t","partition":0,"replicas":[1,1,2,2]}]}"#,
        )
        .unwrap();
        assert_eq!(
            message(check_execute_file(&dup).unwrap_err()),
            "Partition replica lists may not contain duplicate entries: t-0 contains multiple \
             entries for 1,2"
        );
        let empty = parse_reassignment(r#"{"version":1,"partitions":[]}"#).unwrap();
        assert_eq!(
            message(check_execute_file(&empty).unwrap_err()),
            "Partition reassignment list cannot be empty"
        );
        assert_eq!(
            message(parse_reassignment(r#"{"version":2}"#).unwrap_err()),
            "Not supported version field value 2"
        );
        assert!(message(parse_reassignment("{not json").unwrap_err())
            .starts_with("com.fasterxml.jackson.core.JsonParseException: "));
        assert_eq!(
            message(
                parse_reassignment(r#"{"partitions":[{"topic":"t","replicas":[1]}]}"#).unwrap_err()
            ),
            "No such field exists: `partition`"
        );
    }

    #[test]
    fn generated_assignments_follow_kafkas_round_robin() {
        // Start 0, shift 0 over brokers 0,1,2: p0 [0,1], p1 [1,2], p2 [2,0], p3 shifts.
        let a = assign_replicas(&[2, 0, 1], 4, 2, (0, 0)).unwrap();
        assert_eq!(a, vec![vec![0, 1], vec![1, 2], vec![2, 0], vec![0, 2]]);
        assert_eq!(
            assign_replicas(&[0], 1, 2, (0, 0)).unwrap_err(),
            "Replication factor: 2 larger than available brokers: 1."
        );
        let parts = BTreeMap::from([(("mv".to_string(), 0), vec![1])]);
        assert_eq!(
            reassignment_json(&parts),
            r#"{"version":1,"partitions":[{"topic":"mv","partition":0,"replicas":[1],"log_dirs":["any"]}]}"#
        );
    }

    #[test]
    fn throttles_name_sources_and_new_replicas() {
        let current = BTreeMap::from([(("t".to_string(), 0), vec![0, 1])]);
        let proposed = BTreeMap::from([(("t".to_string(), 0), vec![1, 2])]);
        let moves = proposed_moves(&BTreeMap::new(), &proposed, &current);
        let changes = throttle_changes(&moves, 1000);
        assert_eq!(
            changes[0].ops,
            vec![
                (
                    "leader.replication.throttled.replicas".to_string(),
                    Some("0:0,0:1".to_string())
                ),
                (
                    "follower.replication.throttled.replicas".to_string(),
                    Some("0:2".to_string())
                ),
            ]
        );
        let brokers: Vec<&str> = changes[1..].iter().map(|c| c.name.as_str()).collect();
        assert_eq!(brokers, vec!["0", "1", "2"]);
    }
}
