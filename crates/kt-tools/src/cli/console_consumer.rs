//! `kt console-consumer`: kafka-console-consumer.sh's flags, checked and turned into consumer
//! settings.

use std::path::PathBuf;
use std::time::Duration;

use clap::Args;

use super::common::{load_properties, parse_key_values};
use super::usage::UsageError;
use crate::console::consumer::{self, ConsumerSettings, Ending, Source, StartOffset};
use crate::console::format::{FormatSettings, KcatFormat, RecordFormat};

/// Flags of `kt console-consumer`.
#[derive(Debug, Clone, Args)]
#[command(
    after_help = "Examples:\n  kt console-consumer --bootstrap-server localhost:9092 --topic my-topic --from-beginning\n  kt console-consumer --bootstrap-server localhost:9092 --topic my-topic --output json\n  kt console-consumer --bootstrap-server localhost:9092 --topic my-topic --format '%p %o %k %s\\n'"
)]
pub struct ConsoleConsumerArgs {
    /// The topic to consume.
    #[arg(long, value_name = "TOPIC")]
    pub topic: Option<String>,
    /// A regular expression of the topics to consume (instead of --topic).
    #[arg(long, value_name = "REGEX")]
    pub include: Option<String>,
    /// Deprecated spelling of --include (ignored when that is given).
    #[arg(long, value_name = "REGEX")]
    pub whitelist: Option<String>,
    /// REQUIRED: the server(s) to connect to, as HOST1:PORT1,HOST2:PORT2.
    #[arg(long, value_name = "SERVERS")]
    pub bootstrap_server: Option<String>,
    /// Start with the earliest record rather than the next one (when the group has no
    /// committed offset).
    #[arg(long)]
    pub from_beginning: bool,
    /// Consume only this partition (starting at its end unless --offset says otherwise).
    #[arg(long, value_name = "N", allow_negative_numbers = true)]
    pub partition: Option<i32>,
    /// Where to start in --partition: 'earliest', 'latest' (default) or an offset.
    #[arg(long, value_name = "OFFSET", allow_negative_numbers = true)]
    pub offset: Option<String>,
    /// Exit after printing this many records (-1: no limit, as without it).
    #[arg(long, value_name = "N", allow_negative_numbers = true)]
    pub max_messages: Option<i32>,
    /// Exit when no record arrives for this many milliseconds (negative: never).
    #[arg(long, value_name = "MS", allow_negative_numbers = true)]
    pub timeout_ms: Option<i64>,
    /// A consumer property as key=value (Kafka's names). Repeatable; wins over
    /// --consumer.config.
    #[arg(long, value_name = "KEY=VALUE")]
    pub consumer_property: Vec<String>,
    /// A consumer properties file (Kafka's .properties format).
    #[arg(long = "consumer.config", value_name = "FILE")]
    pub consumer_config: Option<PathBuf>,
    /// A formatter property as key=value. Repeatable. Known: print.key, print.value,
    /// print.offset, print.partition, print.timestamp, print.headers, key.separator (TAB),
    /// line.separator (newline), headers.separator (,), null.literal (null).
    #[arg(long, value_name = "KEY=VALUE")]
    pub property: Vec<String>,
    /// A formatter properties file; --property wins over it.
    #[arg(long, value_name = "FILE")]
    pub formatter_config: Option<PathBuf>,
    /// The formatter class; only Kafka's default formatter is supported.
    #[arg(long, value_name = "CLASS")]
    pub formatter: Option<String>,
    /// The consumer group: subscribe with it and commit offsets. Without it, kt reads the
    /// partitions directly and commits nothing.
    #[arg(long, value_name = "GROUP")]
    pub group: Option<String>,
    /// Skip a record that cannot be processed instead of stopping.
    #[arg(long)]
    pub skip_message_on_error: bool,
    /// read_committed or read_uncommitted (default).
    #[arg(long, value_name = "LEVEL")]
    pub isolation_level: Option<String>,
    /// Key deserializer class: accepted; kt prints raw bytes.
    #[arg(long, value_name = "CLASS")]
    pub key_deserializer: Option<String>,
    /// Value deserializer class: accepted; kt prints raw bytes.
    #[arg(long, value_name = "CLASS")]
    pub value_deserializer: Option<String>,
    /// Accepted for compatibility; no effect.
    #[arg(long)]
    pub enable_systest_events: bool,
    /// (kt) plain (Kafka's formatter, default) or json: one JSON object per record with topic,
    /// partition, offset, timestamp, timestamp_type, key, value and headers.
    #[arg(long, value_enum, value_name = "FORMAT", default_value_t = RecordOutput::Plain)]
    pub output: RecordOutput,
    /// (kt) Print each record with kcat's format string: %t topic, %p partition, %o offset,
    /// %k key, %s value, %K/%S key/value length, %T timestamp, %h headers, \n \t escapes.
    #[arg(long, value_name = "FORMAT", conflicts_with = "output")]
    pub format: Option<String>,
}

/// `console-consumer --output` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum RecordOutput {
    /// Kafka's default formatter and its --property settings.
    Plain,
    /// JSON lines.
    Json,
}

impl ConsoleConsumerArgs {
    /// Checks the flags as kafka-console-consumer does and builds the settings.
    fn settings(&self) -> Result<ConsumerSettings, UsageError> {
        let include = self.include.clone().or_else(|| self.whitelist.clone());
        let source = match (&self.topic, include) {
            (Some(t), None) => Source::Topic(t.clone()),
            (None, Some(re)) => Source::Include(re),
            _ => return Err(UsageError::new("Exactly one of include/topic is required.")),
        };
        let Some(bootstrap) = self.bootstrap_server.clone() else {
            return Err(UsageError::new(
                "Missing required argument \"[bootstrap-server]\"",
            ));
        };
        if self.partition.is_some() && self.topic.is_none() {
            return Err(UsageError::new(
                "The topic is required when partition is specified.",
            ));
        }
        if self.offset.is_some() && self.partition.is_none() {
            return Err(UsageError::new(
                "The partition is required when offset is specified.",
            ));
        }
        if self.from_beginning && self.offset.is_some() {
            return Err(UsageError::new(
                "Options from-beginning and offset cannot be specified together.",
            ));
        }
        if self.group.is_some() && self.partition.is_some() {
            return Err(UsageError::new(
                "Options group and partition cannot be specified together.",
            ));
        }
        if let Some(f) = &self.formatter {
            if !f.ends_with("DefaultMessageFormatter") {
                return Err(UsageError::new(format!(
                    "kt supports only the default formatter, not {f}"
                )));
            }
        }
        let start = match self.offset.as_deref().map(str::trim) {
            None if self.from_beginning => StartOffset::Earliest,
            None | Some("latest") => StartOffset::Latest,
            Some("earliest") => StartOffset::Earliest,
            Some(n) => match n.parse::<i64>() {
                Ok(o) if o >= 0 => StartOffset::At(o),
                _ => {
                    return Err(UsageError::new(format!(
                        "The provided offset value '{n}' is incorrect. Valid values are 'earliest', 'latest', or a non-negative long."
                    )))
                }
            },
        };
        let mut properties = match &self.consumer_config {
            Some(path) => load_properties(path).map_err(|e| UsageError::new(format!("{e:#}")))?,
            None => Vec::new(),
        };
        properties.extend(
            parse_key_values(&self.consumer_property)
                .map_err(|e| UsageError::new(e.to_string()))?,
        );
        if let Some(level) = &self.isolation_level {
            properties.push(("isolation.level".into(), level.clone()));
        }
        // A group named in the properties counts as --group.
        let group = self.group.clone().or_else(|| {
            properties
                .iter()
                .rev()
                .find(|(k, _)| k == "group.id")
                .map(|(_, v)| v.clone())
        });
        let mut format_props = match &self.formatter_config {
            Some(path) => load_properties(path).map_err(|e| UsageError::new(format!("{e:#}")))?,
            None => Vec::new(),
        };
        format_props
            .extend(parse_key_values(&self.property).map_err(|e| UsageError::new(e.to_string()))?);
        Ok(ConsumerSettings {
            bootstrap,
            source,
            group,
            partition: self.partition,
            start,
            // Kafka reads records while `count < max || max == -1`: -1 is no limit, and any
            // other negative reads none.
            max_messages: match self.max_messages {
                None | Some(-1) => None,
                Some(max) => Some(u64::try_from(max).unwrap_or(0)),
            },
            // A negative timeout is none, as in Kafka.
            idle_timeout: self
                .timeout_ms
                .and_then(|ms| u64::try_from(ms).ok())
                .map(Duration::from_millis),
            properties,
            format: match (&self.format, self.output) {
                (Some(f), _) => RecordFormat::Kcat(KcatFormat::parse(f).map_err(UsageError::new)?),
                (None, RecordOutput::Json) => RecordFormat::Json,
                (None, RecordOutput::Plain) => {
                    RecordFormat::Kafka(FormatSettings::from_properties(&format_props))
                }
            },
        })
    }
}

/// Runs `kt console-consumer` and returns the exit code.
pub fn run(args: ConsoleConsumerArgs) -> i32 {
    let settings = match args.settings() {
        Ok(s) => s,
        Err(e) => return e.report("console-consumer"),
    };
    let (count, result) = consumer::run(&settings);
    let code = match result {
        Ok(Ending::Done) => 0,
        Ok(Ending::TimedOut) => {
            eprintln!("{}", consumer::timeout_line());
            0
        }
        // Kafka's console consumer logs the exception and ends as after any record: exit 0.
        Ok(Ending::Refused(failure)) => {
            eprintln!(
                "{} ERROR Error processing message, terminating consumer process: {}",
                crate::admin::client::log_timestamp(),
                failure.exception()
            );
            0
        }
        Err(e) => {
            eprintln!(
                "{} ERROR Error processing message, terminating consumer process: {e:#}",
                crate::admin::client::log_timestamp()
            );
            1
        }
    };
    eprintln!("Processed a total of {count} messages");
    code
}
