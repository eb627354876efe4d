//! `kt mirror-maker`: kafka-mirror-maker.sh (Kafka's legacy MirrorMaker, deprecated since
//! 3.0 in favour of MirrorMaker 2). Copies the topics matching --include from the cluster of
//! --consumer.config to the cluster of --producer.config; see [`crate::mirror`].

use std::path::PathBuf;
use std::time::Duration;

use clap::Args;

use super::common::load_properties;
use super::usage::UsageError;
use crate::admin::client::log_timestamp;
use crate::mirror::{run as mirror, MirrorSettings};

const TOOL: &str = "mirror-maker";

/// Flags of `kt mirror-maker`.
#[derive(Debug, Clone, Args)]
#[command(
    about = "This tool helps to continuously copy data between two Kafka clusters.",
    after_help = "Each record keeps its key, value, headers, timestamp and partition (kt keeps \
                  the partition whenever the target topic has it; Kafka's default handler let \
                  the target's partitioner choose). A topic missing on the target is created \
                  with the source's partition count and topic configs. Offsets are committed \
                  to the source group (group.id of the consumer config) only after the target \
                  acknowledged every record before them, so a mirror stopped at any point \
                  resumes without losing anything (some records may be copied twice). CRCs \
                  are checked (check.crcs=true unless the consumer config says otherwise). \
                  SIGINT or SIGTERM stop it cleanly.\n\n\
                  Examples:\n  \
                  kt mirror-maker --consumer.config source.properties --producer.config target.properties --include 'orders.*'\n  \
                  kafka-mirror-maker.sh --consumer.config source.properties --producer.config \
                  target.properties --include 'a|b' --num.streams 2 --offset.commit.interval.ms 10000"
)]
pub struct MirrorMakerArgs {
    /// Embedded consumer config for consuming from the source cluster.
    #[arg(long = "consumer.config", value_name = "config file")]
    pub consumer_config: Option<PathBuf>,
    /// Embedded producer config.
    #[arg(long = "producer.config", value_name = "config file")]
    pub producer_config: Option<PathBuf>,
    /// DEPRECATED Use new consumer in mirror maker (this is the default so this option will
    /// be removed in a future version).
    #[arg(long = "new.consumer")]
    pub new_consumer: bool,
    /// Number of consumption streams.
    #[arg(
        long = "num.streams",
        value_name = "Number of threads",
        default_value_t = 1,
        allow_negative_numbers = true
    )]
    pub num_streams: i32,
    /// DEPRECATED, use --include instead; ignored if --include specified. List of included
    /// topics to mirror.
    #[arg(long, value_name = "Java regex (String)")]
    pub whitelist: Option<String>,
    /// List of included topics to mirror.
    #[arg(long, value_name = "Java regex (String)")]
    pub include: Option<String>,
    /// Offset commit interval in ms.
    #[arg(
        long = "offset.commit.interval.ms",
        value_name = "offset commit interval in millisecond",
        default_value_t = 60000,
        allow_negative_numbers = true
    )]
    pub offset_commit_interval_ms: i32,
    /// The consumer rebalance listener to use for mirror maker consumer (a Java class: not
    /// supported by kt).
    #[arg(
        long = "consumer.rebalance.listener",
        value_name = "A custom rebalance listener of type ConsumerRebalanceListener"
    )]
    pub consumer_rebalance_listener: Option<String>,
    /// Arguments used by custom rebalance listener for mirror maker consumer.
    #[arg(
        long = "rebalance.listener.args",
        value_name = "Arguments passed to custom rebalance listener constructor as a string."
    )]
    pub rebalance_listener_args: Option<String>,
    /// Message handler which will process every record in-between consumer and producer (a
    /// Java class: not supported by kt).
    #[arg(
        long = "message.handler",
        value_name = "A custom message handler of type MirrorMakerMessageHandler"
    )]
    pub message_handler: Option<String>,
    /// Arguments used by custom message handler for mirror maker.
    #[arg(
        long = "message.handler.args",
        value_name = "Arguments passed to message handler constructor."
    )]
    pub message_handler_args: Option<String>,
    /// Configure the mirror maker to exit on a failed send.
    #[arg(
        long = "abort.on.send.failure",
        value_name = "Stop the entire mirror maker when a send failure occurs",
        default_value = "true"
    )]
    pub abort_on_send_failure: String,
}

/// Kafka's log line (log4j's layout) on stderr.
fn log(level: &str, message: &str) {
    eprintln!(
        "{} {level} {message} (kafka.tools.MirrorMaker$)",
        log_timestamp()
    );
}

/// Runs `kt mirror-maker` and returns the exit code.
pub fn run(args: MirrorMakerArgs) -> i32 {
    log(
        "WARN",
        "This tool is deprecated and may be removed in a future major release.",
    );
    let (Some(consumer_config), Some(producer_config)) =
        (&args.consumer_config, &args.producer_config)
    else {
        let missing = if args.consumer_config.is_none() {
            "consumer.config"
        } else {
            "producer.config"
        };
        return UsageError::new(format!("Missing required argument \"[{missing}]\"")).report(TOOL);
    };
    // Plug-ins are Java classes; kt has no JVM to load them into.
    for (flag, class) in [
        ("message.handler", &args.message_handler),
        (
            "consumer.rebalance.listener",
            &args.consumer_rebalance_listener,
        ),
    ] {
        if let Some(class) = class {
            eprintln!(
                "--{flag} {class}: kt cannot load Java classes; kt's mirror copies every record \
                 unchanged (use MirrorMaker 2's transforms in Kafka for per-record changes)"
            );
            return 1;
        }
    }
    let load = |path: &PathBuf| match load_properties(path) {
        Ok(p) => Ok(p),
        Err(e) => {
            log(
                "ERROR",
                &format!("Exception when starting mirror maker. {e:#}"),
            );
            Err(1)
        }
    };
    let consumer = match load(consumer_config) {
        Ok(p) => p,
        Err(code) => return code,
    };
    let producer = match load(producer_config) {
        Ok(p) => p,
        Err(code) => return code,
    };
    let Some(include) = args.include.or(args.whitelist) else {
        log("ERROR", "include list must be specified");
        return 1;
    };
    if !consumer
        .iter()
        .any(|(k, _)| k == "partition.assignment.strategy")
    {
        eprintln!(
            "WARNING: The default partition assignment strategy of the mirror maker will change \
             from 'range' to 'roundrobin' in an upcoming release (so that better load balancing \
             can be achieved). If you prefer to make this switch in advance of that release add \
             the following to the corresponding config: \
             'partition.assignment.strategy=org.apache.kafka.clients.consumer.RoundRobinAssignor'"
        );
    }
    if args.num_streams < 1 {
        eprintln!("--num.streams must be at least 1, not {}", args.num_streams);
        return 1;
    }
    let settings = MirrorSettings {
        consumer,
        producer,
        include,
        streams: args.num_streams as usize,
        commit_interval: Duration::from_millis(args.offset_commit_interval_ms.max(0) as u64),
        // Java's Boolean.parseBoolean.
        abort_on_send_failure: crate::console::is_true(&args.abort_on_send_failure),
    };
    match mirror(&settings) {
        Ok(()) => 0,
        Err(e) => {
            log(
                "ERROR",
                &format!("Mirror maker thread failure due to {e:#}"),
            );
            1
        }
    }
}
