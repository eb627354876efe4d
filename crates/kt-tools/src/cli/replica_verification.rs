//! `kt replica-verification`: kafka-replica-verification.sh (ReplicaVerificationTool).
//! Validates that all replicas of a set of topics hold the same data, printing Kafka's lines
//! (`verification process is started`, `max lag is ...`, the mismatch lines) and, as kt adds,
//! a line for each record batch that fails its CRC check on a replica.

use clap::Args;

use super::usage::UsageError;
use crate::admin::client::log_timestamp;
use crate::replica_verification::{run as verify, Settings, VerificationError};

const TOOL: &str = "replica-verification";

/// Flags of `kt replica-verification`.
#[derive(Debug, Clone, Args)]
#[command(
    about = "Validate that all replicas for a set of topics have the same data.",
    after_help = "Every broker holding replicas of the chosen topics is fetched from (as Kafka's \
                  debugging consumer, replica id -2) round after round; the batches of all \
                  replicas must have the same offsets (a mismatch stops the tool with exit code \
                  1) and checksums. Each batch's CRC is also checked, and a damaged one is \
                  reported with its partition, replica and offset. The maximum lag behind the \
                  high watermark is printed every --report-interval-ms. The tool runs until it \
                  is stopped (Ctrl-C).\n\n\
                  Examples:\n  \
                  kt replica-verification --broker-list localhost:9092 --topics-include 'orders.*' --time -2\n  \
                  kafka-replica-verification.sh --broker-list localhost:9092,localhost:9093 \
                  --report-interval-ms 5000"
)]
pub struct ReplicaVerificationArgs {
    /// REQUIRED: The list of hostname and port of the server to connect to.
    #[arg(long, value_name = "hostname:port,...,hostname:port")]
    pub broker_list: Option<String>,
    /// The fetch size of each request.
    #[arg(
        long,
        value_name = "bytes",
        default_value_t = 1048576,
        allow_negative_numbers = true
    )]
    pub fetch_size: i32,
    /// The max amount of time each fetch request waits.
    #[arg(
        long,
        value_name = "ms",
        default_value_t = 1000,
        allow_negative_numbers = true
    )]
    pub max_wait_ms: i32,
    /// List of topics to verify replica consistency.
    #[arg(long, value_name = "Java regex (String)")]
    pub topics_include: Option<String>,
    /// DEPRECATED use --topics-include instead; ignored if --topics-include specified. List of
    /// topics to verify replica consistency.
    #[arg(long, value_name = "Java regex (String)")]
    pub topic_white_list: Option<String>,
    /// Timestamp for getting the initial offsets.
    #[arg(
        long,
        value_name = "timestamp/-1(latest)/-2(earliest)",
        default_value_t = -1,
        allow_negative_numbers = true
    )]
    pub time: i64,
    /// The reporting interval.
    #[arg(
        long,
        value_name = "ms",
        default_value_t = 30000,
        allow_negative_numbers = true
    )]
    pub report_interval_ms: i64,
}

/// Runs `kt replica-verification` and returns the exit code.
pub fn run(args: ReplicaVerificationArgs) -> i32 {
    eprintln!(
        "{} WARN This tool is deprecated and may be removed in a future major release. \
         (org.apache.kafka.tools.ReplicaVerificationTool)",
        log_timestamp()
    );
    if args.topics_include.is_some() && args.topic_white_list.is_some() {
        return UsageError::new(
            "Option \"[topics-include]\" can't be used with option \"[topic-white-list]\"",
        )
        .report(TOOL);
    }
    let Some(broker_list) = args.broker_list else {
        return UsageError::new("Missing required argument \"[broker-list]\"").report(TOOL);
    };
    let brokers: Vec<String> = broker_list
        .split(',')
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect();
    if brokers.is_empty() || brokers.iter().any(|b| !b.contains(':')) {
        return UsageError::new("Please provide valid host:port like host1:9091,host2:9092")
            .report(TOOL);
    }
    let pattern = args
        .topics_include
        .or(args.topic_white_list)
        .unwrap_or_else(|| ".*".into());
    let include = match super::common::topic_pattern(&pattern) {
        Ok(re) => re,
        Err(_) => {
            eprintln!("{pattern} is an invalid regex");
            return 1;
        }
    };
    let settings = Settings {
        brokers,
        include,
        fetch_size: args.fetch_size,
        max_wait_ms: args.max_wait_ms,
        time: args.time,
        report_interval_ms: args.report_interval_ms,
    };
    let runtime = match super::runtime() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("{e:#}");
            return 1;
        }
    };
    let mut out = std::io::stdout().lock();
    match runtime.block_on(verify(&settings, &mut out)) {
        Ok(()) => 0,
        Err(e) => {
            match e.downcast_ref::<VerificationError>() {
                // The mismatch was printed on stdout as Kafka's line.
                Some(VerificationError::Mismatch) => {}
                Some(VerificationError::NoTopics) => eprintln!(
                    "{} ERROR {e} (org.apache.kafka.tools.ReplicaVerificationTool)",
                    log_timestamp()
                ),
                None => eprintln!("{e:#}"),
            }
            1
        }
    }
}
