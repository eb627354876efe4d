//! `kt verifiable-producer`: kafka-verifiable-producer.sh (VerifiableProducer), Kafka's
//! system-test producer printing one JSON event per line.

use std::path::PathBuf;

use clap::builder::TypedValueParser as _;
use clap::Args;

use super::common::load_properties;
use crate::verifiable::producer::{run as produce, VerifiableProducerSettings};

/// Flags of `kt verifiable-producer`.
#[derive(Debug, Clone, Args)]
#[command(
    about = "This tool produces increasing integers to the specified topic and prints JSON \
             metadata to stdout on each \"send\" request, making externally visible which \
             messages have been acked and which have not.",
    after_help = "Events (one JSON object per line): startup_complete, producer_send_success \
                  (key, value, offset, topic, partition), producer_send_error (key, value, \
                  topic, exception, message), shutdown_complete, tool_data (sent, acked, \
                  target_throughput, avg_throughput). SIGINT or SIGTERM stop it cleanly.\n\n\
                  Examples:\n  \
                  kt verifiable-producer --bootstrap-server localhost:9092 --topic t --max-messages 5\n  \
                  kafka-verifiable-producer.sh --bootstrap-server localhost:9092 --topic t \
                  --throughput 100 --acks -1 --repeating-keys 3 --value-prefix 7"
)]
pub struct VerifiableProducerArgs {
    /// Produce messages to this topic.
    #[arg(long, value_name = "TOPIC")]
    pub topic: Option<String>,
    /// REQUIRED: The server(s) to connect to. Comma-separated list of Kafka brokers in the form
    /// HOST1:PORT1,HOST2:PORT2,...
    #[arg(long, value_name = "HOST1:PORT1[,HOST2:PORT2[...]]")]
    pub bootstrap_server: Option<String>,
    /// DEPRECATED, use --bootstrap-server instead; ignored if --bootstrap-server is specified.
    #[arg(long, value_name = "HOST1:PORT1[,HOST2:PORT2[...]]")]
    pub broker_list: Option<String>,
    /// Produce this many messages. If -1, produce messages until the process is killed
    /// externally.
    #[arg(long, value_name = "MAX-MESSAGES", default_value_t = -1, allow_negative_numbers = true)]
    pub max_messages: i64,
    /// If set >= 0, throttle maximum message throughput to *approximately* THROUGHPUT
    /// messages/sec.
    #[arg(long, value_name = "THROUGHPUT", default_value_t = -1, allow_negative_numbers = true)]
    pub throughput: i64,
    /// Acks required on each produced message. See Kafka docs on acks for details.
    #[arg(long, value_name = "ACKS", default_value_t = -1, allow_negative_numbers = true,
          value_parser = clap::builder::PossibleValuesParser::new(["0", "1", "-1"])
              .map(|s| s.parse::<i32>().unwrap_or(-1)))]
    pub acks: i32,
    /// Producer config properties file.
    #[arg(long = "producer.config", value_name = "CONFIG_FILE")]
    pub producer_config: Option<PathBuf>,
    /// Send messages with creation time starting at the arguments value, in milliseconds since
    /// epoch.
    #[arg(long, value_name = "CREATETIME", default_value_t = -1, allow_negative_numbers = true)]
    pub message_create_time: i64,
    /// If specified, each produced value will have this prefix with a dot separator.
    #[arg(long, value_name = "VALUE-PREFIX", allow_negative_numbers = true)]
    pub value_prefix: Option<i32>,
    /// If specified, each produced record will have a key starting at 0 increment by 1 up to
    /// the number specified (exclusive), then the key is set to 0 again.
    #[arg(long, value_name = "REPEATING-KEYS", allow_negative_numbers = true)]
    pub repeating_keys: Option<i32>,
}

/// Runs `kt verifiable-producer` and returns the exit code.
pub fn run(args: VerifiableProducerArgs) -> i32 {
    let Some(topic) = args.topic else {
        // argparse4j's message for a missing required flag.
        eprintln!("usage: verifiable-producer [-h] --topic TOPIC ...");
        eprintln!("verifiable-producer: error: argument --topic is required");
        return 1;
    };
    // Kafka prints its help and exits 0 without a server to connect to.
    let Some(bootstrap) = args.bootstrap_server.or(args.broker_list) else {
        super::print_short_usage("verifiable-producer");
        return 0;
    };
    let properties = match &args.producer_config {
        Some(path) => match load_properties(path) {
            Ok(p) => p,
            Err(e) => {
                eprintln!("{e:#}");
                return 1;
            }
        },
        None => Vec::new(),
    };
    let settings = VerifiableProducerSettings {
        bootstrap,
        topic,
        max_messages: args.max_messages,
        throughput: args.throughput,
        acks: args.acks,
        value_prefix: args.value_prefix,
        repeating_keys: args.repeating_keys,
        create_time: (args.message_create_time != -1).then_some(args.message_create_time),
        properties,
    };
    crate::console::install_signal_handlers();
    match produce(
        &settings,
        Box::new(std::io::stdout()),
        crate::console::stopping,
    ) {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("{e:#}");
            1
        }
    }
}
