//! `kt verifiable-consumer`: kafka-verifiable-consumer.sh (VerifiableConsumer), Kafka's
//! system-test consumer printing one JSON event per line.

use std::path::PathBuf;

use clap::Args;

use super::common::load_properties;
use crate::verifiable::consumer::{run as consume, VerifiableConsumerSettings};

/// Flags of `kt verifiable-consumer`.
#[derive(Debug, Clone, Args)]
#[command(
    about = "This tool consumes messages from a specific topic and emits consumer events (e.g. \
             group rebalances, received messages, and offsets committed) as JSON objects to \
             STDOUT.",
    after_help = "Events (one JSON object per line): startup_complete, partitions_assigned and \
                  partitions_revoked (partitions), records_consumed (count, partitions with \
                  topic, partition, count, minOffset, maxOffset), record_data with --verbose \
                  (key, value, topic, partition, offset), offsets_committed (offsets, error, \
                  success), shutdown_complete. Without --enable-autocommit the offsets are \
                  committed synchronously after each batch. CRCs are checked (check.crcs=true \
                  unless --consumer.config says otherwise). SIGINT or SIGTERM stop it cleanly.\n\n\
                  Examples:\n  \
                  kt verifiable-consumer --bootstrap-server localhost:9092 --topic t --group-id g --max-messages 5\n  \
                  kafka-verifiable-consumer.sh --bootstrap-server localhost:9092 --topic t \
                  --group-id g --enable-autocommit --verbose"
)]
pub struct VerifiableConsumerArgs {
    /// REQUIRED: The server(s) to connect to. Comma-separated list of Kafka brokers in the form
    /// HOST1:PORT1,HOST2:PORT2,...
    #[arg(long, value_name = "HOST1:PORT1[,HOST2:PORT2[...]]")]
    pub bootstrap_server: Option<String>,
    /// DEPRECATED, use --bootstrap-server instead; ignored if --bootstrap-server is specified.
    #[arg(long, value_name = "HOST1:PORT1[,HOST2:PORT2[...]]")]
    pub broker_list: Option<String>,
    /// Consumes messages from this topic.
    #[arg(long, value_name = "TOPIC")]
    pub topic: Option<String>,
    /// The groupId shared among members of the consumer group.
    #[arg(long, value_name = "GROUP_ID")]
    pub group_id: Option<String>,
    /// A unique identifier of the consumer instance.
    #[arg(long, value_name = "GROUP_INSTANCE_ID")]
    pub group_instance_id: Option<String>,
    /// Consume this many messages. If -1 (the default), the consumer will consume until the
    /// process is killed externally.
    #[arg(long, value_name = "MAX-MESSAGES", default_value_t = -1, allow_negative_numbers = true)]
    pub max_messages: i32,
    /// Set the consumer's session timeout.
    #[arg(
        long,
        value_name = "TIMEOUT_MS",
        default_value_t = 30000,
        allow_negative_numbers = true
    )]
    pub session_timeout: i32,
    /// Enable to log individual consumed records.
    #[arg(long)]
    pub verbose: bool,
    /// Enable offset auto-commit on consumer.
    #[arg(long)]
    pub enable_autocommit: bool,
    /// Set reset policy (must be either 'earliest', 'latest', or 'none').
    #[arg(long, value_name = "RESET_POLICY", default_value = "earliest")]
    pub reset_policy: String,
    /// Set assignment strategy (e.g. org.apache.kafka.clients.consumer.RoundRobinAssignor).
    #[arg(
        long,
        value_name = "ASSIGNMENT_STRATEGY",
        default_value = "org.apache.kafka.clients.consumer.RangeAssignor"
    )]
    pub assignment_strategy: String,
    /// Consumer config properties file (config options shared with command line parameters
    /// will be overridden).
    #[arg(long = "consumer.config", value_name = "CONFIG_FILE")]
    pub consumer_config: Option<PathBuf>,
}

/// librdkafka's name for a Java assignor class (or its short name), `None` when it has none.
fn assignor(name: &str) -> Option<&'static str> {
    let short = name.rsplit('.').next().unwrap_or(name);
    match short {
        "RangeAssignor" | "range" => Some("range"),
        "RoundRobinAssignor" | "roundrobin" => Some("roundrobin"),
        "CooperativeStickyAssignor" | "cooperative-sticky" => Some("cooperative-sticky"),
        _ => None,
    }
}

/// Runs `kt verifiable-consumer` and returns the exit code.
pub fn run(args: VerifiableConsumerArgs) -> i32 {
    // Kafka prints its help and exits 0 without a server to connect to.
    let Some(bootstrap) = args.bootstrap_server.or(args.broker_list) else {
        super::print_short_usage("verifiable-consumer");
        return 0;
    };
    // argparse4j's message for a missing required flag.
    let missing = |flag: &str| {
        eprintln!("usage: verifiable-consumer [-h] --topic TOPIC --group-id GROUP_ID ...");
        eprintln!("verifiable-consumer: error: argument --{flag} is required");
        1
    };
    let Some(topic) = args.topic else {
        return missing("topic");
    };
    let Some(group_id) = args.group_id else {
        return missing("group-id");
    };
    if !["earliest", "latest", "none"].contains(&args.reset_policy.as_str()) {
        eprintln!(
            "Invalid value {} for configuration auto.offset.reset: String must be one of: \
             latest, earliest, none",
            args.reset_policy
        );
        return 1;
    }
    let Some(strategy) = assignor(&args.assignment_strategy) else {
        eprintln!(
            "kt supports the assignors RangeAssignor, RoundRobinAssignor and \
             CooperativeStickyAssignor, not {}",
            args.assignment_strategy
        );
        return 1;
    };
    let properties = match &args.consumer_config {
        Some(path) => match load_properties(path) {
            Ok(p) => p,
            Err(e) => {
                eprintln!("{e:#}");
                return 1;
            }
        },
        None => Vec::new(),
    };
    let settings = VerifiableConsumerSettings {
        bootstrap,
        topic,
        group_id,
        group_instance_id: args.group_instance_id,
        max_messages: args.max_messages.into(),
        session_timeout_ms: args.session_timeout,
        enable_autocommit: args.enable_autocommit,
        reset_policy: args.reset_policy,
        assignment_strategy: strategy.to_string(),
        verbose: args.verbose,
        properties,
    };
    crate::console::install_signal_handlers();
    match consume(
        &settings,
        Box::new(std::io::stdout()),
        crate::console::stopping,
    ) {
        Ok(()) => 0,
        Err(e) => {
            eprintln!(
                "{} ERROR Error during processing, terminating consumer process: {e:#}",
                crate::admin::client::log_timestamp()
            );
            1
        }
    }
}
