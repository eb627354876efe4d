//! `kt console-producer`: kafka-console-producer.sh's flags, turned into producer settings.

use std::path::PathBuf;

use anyhow::Context;
use clap::Args;

use super::common::{check_at_least, load_properties, parse_key_values};
use super::usage::UsageError;
use crate::console::producer::{self, ProducerSettings, ReaderSettings};

/// Flags of `kt console-producer`. Reads standard input line by line; each line is a record.
#[derive(Debug, Clone, Args)]
#[command(
    after_help = "Example:\n  seq 1 1000 | kt console-producer --bootstrap-server localhost:9092 --topic my-topic"
)]
pub struct ConsoleProducerArgs {
    /// REQUIRED: the topic to produce records to.
    #[arg(long, value_name = "TOPIC")]
    pub topic: Option<String>,
    /// REQUIRED unless --broker-list is given: the server(s) to connect to, as
    /// HOST1:PORT1,HOST2:PORT2.
    #[arg(long, value_name = "SERVERS")]
    pub bootstrap_server: Option<String>,
    /// Deprecated spelling of --bootstrap-server (ignored when that is given).
    #[arg(long, value_name = "SERVERS")]
    pub broker_list: Option<String>,
    /// A producer property as key=value (Kafka's names). Repeatable; wins over
    /// --producer.config.
    #[arg(long, value_name = "KEY=VALUE")]
    pub producer_property: Vec<String>,
    /// A producer properties file (Kafka's .properties format).
    #[arg(long = "producer.config", value_name = "FILE")]
    pub producer_config: Option<PathBuf>,
    /// A line-reader property as key=value. Repeatable. Known: parse.key, key.separator (TAB),
    /// parse.headers, headers.delimiter (TAB), headers.separator (,), headers.key.separator (:),
    /// null.marker, ignore.error.
    #[arg(long, value_name = "KEY=VALUE")]
    pub property: Vec<String>,
    /// A line-reader properties file; --property wins over it.
    #[arg(long, value_name = "FILE")]
    pub reader_config: Option<PathBuf>,
    /// The acks the producer requires: -1 (all, the default), 0 or 1.
    #[arg(long, value_name = "ACKS", allow_hyphen_values = true)]
    pub request_required_acks: Option<String>,
    /// Compression codec: none, gzip, snappy, lz4 or zstd; gzip when given without a value.
    #[arg(long, value_name = "CODEC", num_args = 0..=1, default_missing_value = "gzip")]
    pub compression_codec: Option<String>,
    /// Send each record synchronously, waiting for its acknowledgement.
    #[arg(long)]
    pub sync: bool,
    /// Batch size in bytes (batch.size).
    #[arg(long, value_name = "SIZE", allow_negative_numbers = true)]
    pub batch_size: Option<i32>,
    /// How long a record may wait for its batch to fill, in ms (linger.ms; default 1000).
    /// Standard input's end is always flushed at once.
    #[arg(long, value_name = "MS", allow_negative_numbers = true)]
    pub timeout: Option<i64>,
    /// The producer's ack timeout in ms (request.timeout.ms).
    #[arg(long, value_name = "MS", allow_negative_numbers = true)]
    pub request_timeout_ms: Option<i32>,
    /// How often a failed send is retried (retries).
    #[arg(long, value_name = "N", allow_negative_numbers = true)]
    pub message_send_max_retries: Option<i32>,
    /// Wait before a retry, in ms (retry.backoff.ms).
    #[arg(long, value_name = "MS", allow_negative_numbers = true)]
    pub retry_backoff_ms: Option<i64>,
    /// How long a send may block on a full buffer, in ms (accepted; kt waits while the buffer
    /// drains).
    #[arg(long, value_name = "MS", allow_negative_numbers = true)]
    pub max_block_ms: Option<i64>,
    /// Memory for records waiting to be sent, in bytes (buffer.memory).
    #[arg(long, value_name = "BYTES", allow_negative_numbers = true)]
    pub max_memory_bytes: Option<i64>,
    /// Per-partition batch buffer in bytes (batch.size; --batch-size wins).
    #[arg(long, value_name = "BYTES", allow_negative_numbers = true)]
    pub max_partition_memory_bytes: Option<i32>,
    /// Refresh metadata at least this often, in ms (metadata.max.age.ms).
    #[arg(long, value_name = "MS", allow_negative_numbers = true)]
    pub metadata_expiry_ms: Option<i64>,
    /// TCP send buffer size in bytes (send.buffer.bytes).
    #[arg(long, value_name = "BYTES", allow_negative_numbers = true)]
    pub socket_buffer_size: Option<i32>,
    /// A Java line-reader class: accepted and ignored (kt always reads lines).
    #[arg(long, value_name = "CLASS")]
    pub line_reader: Option<String>,
}

/// The producer properties the flags imply. As in Kafka, later wins: the file, then
/// --producer-property, then the dedicated flags given; the dedicated flags' defaults apply
/// only to what none of them set.
fn producer_properties(args: &ConsoleProducerArgs) -> anyhow::Result<Vec<(String, String)>> {
    let mut props = match &args.producer_config {
        Some(path) => load_properties(path)?,
        None => Vec::new(),
    };
    props.extend(parse_key_values(&args.producer_property)?);
    for (key, default) in [("acks", "-1"), ("linger.ms", "1000")] {
        if !props.iter().any(|(k, _)| k == key) {
            props.push((key.to_string(), default.to_string()));
        }
    }
    // Each numeric flag sets a Java producer config, whose lower bound the Java client checks
    // (with its message) before anything is sent.
    let mut set = |k: &str, v: String| props.push((k.to_string(), v));
    if let Some(acks) = &args.request_required_acks {
        set("acks", acks.clone());
    }
    if let Some(linger) = args.timeout {
        check_at_least("linger.ms", linger, 0)?;
        set("linger.ms", linger.to_string());
    }
    if let Some(codec) = &args.compression_codec {
        let codec = codec.trim().to_ascii_lowercase();
        if !matches!(codec.as_str(), "none" | "gzip" | "snappy" | "lz4" | "zstd") {
            anyhow::bail!(
                "Invalid value {codec} for configuration compression.type: String must be one of: none, gzip, snappy, lz4, zstd"
            );
        }
        set("compression.type", codec);
    }
    if let Some(v) = args.max_partition_memory_bytes {
        check_at_least("batch.size", v.into(), 0)?;
        set("batch.size", v.to_string());
    }
    if let Some(v) = args.batch_size {
        check_at_least("batch.size", v.into(), 0)?;
        set("batch.size", v.to_string());
    }
    if let Some(v) = args.request_timeout_ms {
        check_at_least("request.timeout.ms", v.into(), 0)?;
        set("request.timeout.ms", v.to_string());
    }
    if let Some(v) = args.message_send_max_retries {
        check_at_least("retries", v.into(), 0)?;
        set("retries", v.to_string());
    }
    if let Some(v) = args.retry_backoff_ms {
        check_at_least("retry.backoff.ms", v, 0)?;
        set("retry.backoff.ms", v.to_string());
    }
    if let Some(v) = args.max_memory_bytes {
        check_at_least("buffer.memory", v, 0)?;
        set("buffer.memory", v.to_string());
    }
    if let Some(v) = args.metadata_expiry_ms {
        check_at_least("metadata.max.age.ms", v, 0)?;
        set("metadata.max.age.ms", v.to_string());
    }
    if let Some(v) = args.max_block_ms {
        check_at_least("max.block.ms", v, 0)?;
    }
    if let Some(v) = args.socket_buffer_size {
        check_at_least("send.buffer.bytes", v.into(), -1)?;
        // Java's -1 ("the system's default") is librdkafka's 0.
        set("socket.send.buffer.bytes", v.max(0).to_string());
    }
    if let Some((_, acks)) = props.iter().rev().find(|(k, _)| k == "acks") {
        if !matches!(acks.trim(), "all" | "-1" | "0" | "1") {
            anyhow::bail!(
                "Invalid value {acks} for configuration acks: String must be one of: all, -1, 0, 1"
            );
        }
    }
    Ok(props)
}

/// The subcommand's name, for its usage note.
const TOOL: &str = "console-producer";

/// Runs `kt console-producer` and returns the exit code.
pub fn run(args: ConsoleProducerArgs) -> i32 {
    let Some(topic) = args.topic.clone() else {
        return UsageError::new("Missing required argument \"[topic]\"").report(TOOL);
    };
    let Some(bootstrap) = args
        .bootstrap_server
        .clone()
        .or_else(|| args.broker_list.clone())
    else {
        return UsageError::new("Missing required argument \"[bootstrap-server]\"").report(TOOL);
    };
    if args.line_reader.is_some() {
        eprintln!("WARN --line-reader is ignored: kt reads one record per line");
    }
    let settings = (|| -> anyhow::Result<(ProducerSettings, ReaderSettings)> {
        let properties = producer_properties(&args)?;
        let mut reader_props = match &args.reader_config {
            Some(path) => load_properties(path)?,
            None => Vec::new(),
        };
        reader_props.extend(parse_key_values(&args.property)?);
        let reader =
            ReaderSettings::from_properties(&reader_props).context("invalid --property")?;
        Ok((
            ProducerSettings {
                bootstrap,
                topic,
                properties,
                sync: args.sync,
            },
            reader,
        ))
    })();
    let (settings, reader) = match settings {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: {e:#}");
            return 1;
        }
    };
    match producer::run(&settings, &reader) {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("error: {e:#}");
            1
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    #[derive(Parser)]
    struct P {
        #[command(flatten)]
        a: ConsoleProducerArgs,
    }

    fn parse(args: &[&str]) -> ConsoleProducerArgs {
        let mut v = vec!["p"];
        v.extend_from_slice(args);
        P::try_parse_from(v).unwrap().a
    }

    fn prop<'a>(props: &'a [(String, String)], key: &str) -> Option<&'a str> {
        props
            .iter()
            .rev()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    #[test]
    fn compression_codec_without_value_is_gzip() {
        let a = parse(&["--topic", "t", "--compression-codec", "--sync"]);
        assert_eq!(a.compression_codec.as_deref(), Some("gzip"));
        assert!(a.sync);
        let props = producer_properties(&a).unwrap();
        assert_eq!(prop(&props, "compression.type"), Some("gzip"));
    }

    #[test]
    fn defaults_and_precedence() {
        let a = parse(&[
            "--topic",
            "t",
            "--batch-size",
            "100",
            "--producer-property",
            "linger.ms=5",
        ]);
        let props = producer_properties(&a).unwrap();
        assert_eq!(prop(&props, "acks"), Some("-1"));
        assert_eq!(prop(&props, "batch.size"), Some("100"));
        // --producer-property wins over --timeout's default...
        assert_eq!(prop(&props, "linger.ms"), Some("5"));
        // ...but not over --timeout given.
        let a = parse(&[
            "--topic",
            "t",
            "--timeout",
            "7",
            "--producer-property",
            "linger.ms=5",
        ]);
        let props = producer_properties(&a).unwrap();
        assert_eq!(prop(&props, "linger.ms"), Some("7"));
    }

    #[test]
    fn bad_codec_is_refused() {
        let a = parse(&["--topic", "t", "--compression-codec", "brotli"]);
        assert!(producer_properties(&a).is_err());
    }
}
