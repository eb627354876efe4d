//! `kt producer-perf-test` and `kt consumer-perf-test`: kafka-producer-perf-test.sh and
//! kafka-consumer-perf-test.sh's flags and summary lines, and (kt) `--output json` with a
//! latency histogram for scripts that track performance. The loops are in [`crate::perf`].

use std::io::Write;
use std::path::PathBuf;
use std::time::Duration;

use anyhow::{bail, Context as _};
use clap::{Args, ValueEnum};
use serde::Serialize;

use super::common::{check_at_least, load_properties, parse_key_value};
use crate::perf::consumer::{self, epoch_ms, java_date, ConsumerPerfSettings};
use crate::perf::producer::{Payloads, PerfProducer, ProducerPerfSettings, Summary};

/// `--output` of the perf tools.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PerfOutput {
    /// Kafka's lines.
    Plain,
    /// One JSON document at the end, with a latency histogram (kt).
    Json,
}

/// Flags of `kt producer-perf-test`.
#[derive(Debug, Clone, Args)]
#[command(
    after_help = "Example:\n  kt producer-perf-test --topic perf --num-records 1000000 --record-size 100 --throughput -1 \\\n    --producer-props bootstrap.servers=localhost:9092 acks=1"
)]
#[command(group = clap::ArgGroup::new("payload").required(true).args(["record_size", "payload_file", "payload_monotonic"]))]
pub struct ProducerPerfArgs {
    /// The topic to produce to.
    #[arg(long, value_name = "TOPIC")]
    pub topic: String,
    /// How many records to send.
    #[arg(long, value_name = "NUM-RECORDS", allow_negative_numbers = true)]
    pub num_records: i64,
    /// The size of each record's value in bytes (random uppercase letters).
    #[arg(long, value_name = "RECORD-SIZE", allow_negative_numbers = true)]
    pub record_size: Option<i32>,
    /// A UTF-8 file of payloads, split at --payload-delimiter; each record takes one at random.
    #[arg(long, value_name = "PAYLOAD-FILE")]
    pub payload_file: Option<PathBuf>,
    /// Values are the record's number: 0, 1, 2, ...
    #[arg(long)]
    pub payload_monotonic: bool,
    /// What separates payloads in --payload-file (\n by default).
    #[arg(long, value_name = "PAYLOAD-DELIMITER", default_value = "\\n")]
    pub payload_delimiter: String,
    /// At most about this many records per second; -1 for no limit.
    #[arg(long, value_name = "THROUGHPUT", allow_hyphen_values = true)]
    pub throughput: f64,
    /// Producer properties as NAME=VALUE, such as bootstrap.servers=localhost:9092 acks=1; they
    /// win over --producer.config.
    #[arg(long, value_name = "PROP-NAME=PROP-VALUE", num_args = 1..)]
    pub producer_props: Vec<String>,
    /// A producer properties file.
    #[arg(long = "producer.config", value_name = "CONFIG-FILE")]
    pub producer_config: Option<PathBuf>,
    /// Records sent first and left out of a second, steady-state summary line.
    #[arg(
        long,
        value_name = "WARMUP-RECORDS",
        default_value_t = 0,
        allow_negative_numbers = true
    )]
    pub warmup_records: i64,
    /// Kafka prints its Java client metrics; kt refuses rather than print something else.
    #[arg(long, hide = true)]
    pub print_metrics: bool,
    /// Transactions are not supported by kt's perf test.
    #[arg(long, value_name = "TRANSACTIONAL-ID", hide = true)]
    pub transactional_id: Option<String>,
    /// Transactions are not supported by kt's perf test.
    #[arg(
        long,
        value_name = "TRANSACTION-DURATION",
        hide = true,
        allow_negative_numbers = true
    )]
    pub transaction_duration_ms: Option<i64>,
    /// (kt) plain (Kafka's lines) or json (one document with a latency histogram).
    #[arg(long, value_enum, value_name = "FORMAT", default_value_t = PerfOutput::Plain)]
    pub output: PerfOutput,
}

/// Runs `kt producer-perf-test`; returns the exit code.
pub fn producer(args: ProducerPerfArgs) -> i32 {
    match run_producer(&args) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            1
        }
    }
}

fn run_producer(args: &ProducerPerfArgs) -> anyhow::Result<i32> {
    if args.num_records <= 0 {
        bail!("--num-records should be greater than zero");
    }
    // A negative warm-up is none, as in Kafka.
    let warmup_records = args.warmup_records.max(0);
    if warmup_records >= args.num_records {
        bail!("The value for --warmup-records must be strictly fewer than the number of records in the test, --num-records.");
    }
    if args.record_size.is_some_and(|size| size <= 0) {
        bail!("--record-size should be greater than zero");
    }
    if args.producer_props.is_empty() && args.producer_config.is_none() {
        bail!("Either --producer-props or --producer.config must be specified.");
    }
    if args.transaction_duration_ms.is_some_and(|ms| ms <= 0) {
        bail!("--transaction-duration-ms should be greater than zero");
    }
    if args.print_metrics {
        bail!("--print-metrics is not supported by kt (Kafka prints its Java client's metrics)");
    }
    if args.transactional_id.is_some() || args.transaction_duration_ms.is_some() {
        bail!("transactions are not supported by kt's producer-perf-test");
    }
    let mut props = match &args.producer_config {
        Some(path) => load_properties(path)?,
        None => Vec::new(),
    };
    for p in &args.producer_props {
        props.push(parse_key_value(p)?);
    }
    let bootstrap = props
        .iter()
        .rev()
        .find(|(k, _)| k == "bootstrap.servers")
        .map(|(_, v)| v.clone())
        .context("bootstrap.servers must be given in --producer-props or --producer.config")?;
    let props: Vec<(String, String)> = props
        .into_iter()
        .filter(|(k, _)| {
            !matches!(
                k.as_str(),
                "bootstrap.servers" | "key.serializer" | "value.serializer"
            )
        })
        .collect();
    if props.iter().any(|(k, _)| k == "transactional.id") {
        bail!("transactions are not supported by kt's producer-perf-test");
    }
    let payloads = match (&args.record_size, &args.payload_file) {
        (Some(size), _) => Payloads::random(*size as usize),
        (None, Some(path)) => {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("cannot read {}", path.display()))?;
            let delimiter = match args.payload_delimiter.as_str() {
                "\\n" => "\n",
                d => d,
            };
            let list: Vec<Vec<u8>> = text
                .split(delimiter)
                .filter(|p| !p.is_empty())
                .map(|p| p.as_bytes().to_vec())
                .collect();
            if list.is_empty() {
                bail!("File does not exist or empty file provided.");
            }
            println!("Reading payloads from: {}", path.display());
            println!("Number of messages read: {}", list.len());
            Payloads::File(list)
        }
        (None, None) => Payloads::Monotonic,
    };
    let json = args.output == PerfOutput::Json;
    let producer = PerfProducer::new(ProducerPerfSettings {
        bootstrap,
        topic: args.topic.clone(),
        properties: props,
        num_records: args.num_records as u64,
        warmup_records: warmup_records as u64,
        throughput: args.throughput,
        payloads,
        window_lines: !json,
    })?;
    if warmup_records > 0 && !json {
        println!(
            "Warmup first {warmup_records} records. Steady state results will print after the complete test summary."
        );
    }
    let mut out = std::io::stdout().lock();
    let report = producer.run(&mut out)?;
    if json {
        #[derive(Serialize)]
        struct Report<'a> {
            total: &'a Summary,
            steady_state: Option<&'a Summary>,
            failed: u64,
        }
        let json_report = Report {
            total: &report.total,
            steady_state: report.steady.as_ref(),
            failed: report.failed,
        };
        serde_json::to_writer_pretty(&mut out, &json_report)?;
        writeln!(out)?;
    } else {
        writeln!(out, "{}", report.total.line(false))?;
        if let Some(s) = &report.steady {
            writeln!(out, "{}", s.line(true))?;
        }
    }
    out.flush()?;
    if report.failed > 0 {
        let reason = report.first_error.unwrap_or_default();
        eprintln!(
            "error: {} records could not be sent: {reason}",
            report.failed
        );
        return Ok(1);
    }
    Ok(0)
}

/// Flags of `kt consumer-perf-test`.
#[derive(Debug, Clone, Args)]
#[command(
    after_help = "Example:\n  kt consumer-perf-test --bootstrap-server localhost:9092 --topic perf --messages 1000000"
)]
#[command(group = clap::ArgGroup::new("source").required(true).args(["topic", "include"]))]
pub struct ConsumerPerfArgs {
    /// REQUIRED: the server(s) to connect to.
    #[arg(long, value_name = "SERVERS")]
    pub bootstrap_server: String,
    /// The topic to consume.
    #[arg(long, value_name = "TOPIC")]
    pub topic: Option<String>,
    /// A regular expression of the topics to consume (instead of --topic).
    #[arg(long, value_name = "REGEX")]
    pub include: Option<String>,
    /// REQUIRED: how many records to consume.
    #[arg(long, value_name = "COUNT", allow_negative_numbers = true)]
    pub messages: i64,
    /// The consumer group to subscribe with. Without it kt reads every partition directly and
    /// commits nothing (kt; Kafka makes up a group perf-consumer-N).
    #[arg(long, value_name = "GID")]
    pub group: Option<String>,
    /// The most bytes fetched per partition in one request.
    #[arg(long, value_name = "SIZE", default_value_t = 1024 * 1024, allow_negative_numbers = true)]
    pub fetch_size: i32,
    /// Start at the end of the log rather than the beginning (without committed offsets).
    #[arg(long)]
    pub from_latest: bool,
    /// The TCP receive buffer size.
    #[arg(
        long,
        value_name = "SIZE",
        default_value_t = 2 * 1024 * 1024,
        allow_negative_numbers = true
    )]
    pub socket_buffer_size: i32,
    /// A consumer properties file.
    #[arg(long = "consumer.config", value_name = "FILE")]
    pub consumer_config: Option<PathBuf>,
    /// Give up after this many ms without a record.
    #[arg(
        long,
        value_name = "MS",
        default_value_t = 10_000,
        allow_negative_numbers = true
    )]
    pub timeout: i64,
    /// Print a line per --reporting-interval instead of one summary.
    #[arg(long)]
    pub show_detailed_stats: bool,
    /// How often --show-detailed-stats prints, in ms.
    #[arg(
        long,
        value_name = "INTERVAL_MS",
        default_value_t = 5000,
        allow_negative_numbers = true
    )]
    pub reporting_interval: i64,
    /// The time format (Java SimpleDateFormat letters: yyyy MM dd HH mm ss SSS).
    #[arg(
        long,
        value_name = "DATE FORMAT",
        default_value = "yyyy-MM-dd HH:mm:ss:SSS"
    )]
    pub date_format: String,
    /// Do not print the header line.
    #[arg(long)]
    pub hide_header: bool,
    /// Kafka prints its Java client metrics; kt refuses rather than print something else.
    #[arg(long, hide = true)]
    pub print_metrics: bool,
    /// (kt) plain (Kafka's lines) or json (one document).
    #[arg(long, value_enum, value_name = "FORMAT", default_value_t = PerfOutput::Plain)]
    pub output: PerfOutput,
}

/// Runs `kt consumer-perf-test`; returns the exit code.
pub fn consumer(args: ConsumerPerfArgs) -> i32 {
    match run_consumer(&args) {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("error: {e:#}");
            1
        }
    }
}

fn run_consumer(args: &ConsumerPerfArgs) -> anyhow::Result<()> {
    if args.print_metrics {
        bail!("--print-metrics is not supported by kt (Kafka prints its Java client's metrics)");
    }
    if args.reporting_interval <= 0 {
        bail!("Reporting interval must be greater than 0.");
    }
    let json = args.output == PerfOutput::Json;
    let mut out = std::io::stdout().lock();
    let extra = ", rebalance.time.ms, fetch.time.ms, fetch.MB.sec, fetch.nMsg.sec";
    if !args.hide_header && !json {
        if args.show_detailed_stats {
            writeln!(out, "time, threadId, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, nMsg.sec{extra}")?;
        } else {
            writeln!(out, "start.time, end.time, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, nMsg.sec{extra}")?;
        }
        out.flush()?;
    }
    let props = match &args.consumer_config {
        Some(path) => load_properties(path)?,
        None => Vec::new(),
    };
    // The Java consumer's checks of the values these flags set.
    check_at_least("receive.buffer.bytes", args.socket_buffer_size.into(), -1)?;
    check_at_least("max.partition.fetch.bytes", args.fetch_size.into(), 0)?;
    let group_id = args
        .group
        .clone()
        .unwrap_or_else(|| format!("perf-consumer-{}", epoch_ms() % 100_000));
    let settings = ConsumerPerfSettings {
        bootstrap: args.bootstrap_server.clone(),
        topic: args.topic.clone(),
        include: args.include.clone(),
        group: args.group.clone(),
        group_id,
        properties: props,
        fetch_size: args.fetch_size,
        // -1 is Java's "the system's default", which librdkafka spells 0.
        socket_buffer_size: args.socket_buffer_size.max(0),
        from_latest: args.from_latest,
        messages: args.messages,
        timeout_ms: args.timeout,
        detailed_stats: args.show_detailed_stats,
        reporting_interval: Duration::from_millis(args.reporting_interval.unsigned_abs()),
        date_format: args.date_format.clone(),
        print_lines: !json,
    };
    let summary = consumer::run(&settings, &mut out)?;
    let short = i64::try_from(summary.messages).unwrap_or(i64::MAX) < args.messages;
    if short && !json {
        writeln!(out, "WARNING: Exiting before consuming the expected number of messages: timeout ({} ms) exceeded. You can use the --timeout option to increase the timeout.", args.timeout)?;
    }
    if json {
        serde_json::to_writer_pretty(&mut out, &summary)?;
        writeln!(out)?;
    } else if !args.show_detailed_stats {
        writeln!(
            out,
            "{}, {}, {:.4}, {:.4}, {}, {:.4}, {}, {}, {:.4}, {:.4}",
            java_date(&args.date_format, summary.start_time_ms),
            java_date(&args.date_format, summary.end_time_ms),
            summary.data_consumed_mb,
            summary.mb_per_sec,
            summary.messages,
            summary.messages_per_sec,
            summary.rebalance_time_ms,
            summary.fetch_time_ms,
            summary.fetch_mb_per_sec,
            summary.fetch_messages_per_sec
        )?;
    }
    out.flush()?;
    if short && json {
        bail!(
            "consumed {} of {} records before the timeout ({} ms)",
            summary.messages,
            args.messages,
            args.timeout
        );
    }
    Ok(())
}
