//! `kt producer-perf-test` and `kt consumer-perf-test`: kafka-producer-perf-test.sh and
//! kafka-consumer-perf-test.sh over librdkafka, with Kafka's flags and summary lines, and
//! (kt) `--output json` with a latency histogram for scripts that track performance.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use anyhow::{bail, Context as _};
use clap::{Args, ValueEnum};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rdkafka::consumer::{BaseConsumer, Consumer, ConsumerContext, Rebalance};
use rdkafka::error::{KafkaError, RDKafkaErrorCode};
use rdkafka::message::Message;
use rdkafka::producer::{BaseProducer, BaseRecord, DeliveryResult, Producer, ProducerContext};
use rdkafka::ClientContext;
use serde::Serialize;

use super::common::{load_properties, parse_key_value};
use crate::admin::client::{client_config, error_text, KtContext};

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
    #[arg(long, value_name = "NUM-RECORDS")]
    pub num_records: u64,
    /// The size of each record's value in bytes (random uppercase letters).
    #[arg(long, value_name = "RECORD-SIZE")]
    pub record_size: Option<usize>,
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
    #[arg(long, value_name = "WARMUP-RECORDS", default_value_t = 0)]
    pub warmup_records: u64,
    /// Kafka prints its Java client metrics; kt refuses rather than print something else.
    #[arg(long, hide = true)]
    pub print_metrics: bool,
    /// Transactions are not supported by kt's perf test.
    #[arg(long, value_name = "TRANSACTIONAL-ID", hide = true)]
    pub transactional_id: Option<String>,
    /// Transactions are not supported by kt's perf test.
    #[arg(long, value_name = "TRANSACTION-DURATION", hide = true)]
    pub transaction_duration_ms: Option<u64>,
    /// (kt) plain (Kafka's lines) or json (one document with a latency histogram).
    #[arg(long, value_enum, value_name = "FORMAT", default_value_t = PerfOutput::Plain)]
    pub output: PerfOutput,
}

/// Latencies of acknowledged records, in whole milliseconds as Kafka counts them.
#[derive(Debug, Default)]
struct Stats {
    count: u64,
    bytes: u64,
    total_latency: u64,
    max_latency: u32,
    latencies: Vec<u32>,
    window_count: u64,
    window_bytes: u64,
    window_total: u64,
    window_max: u32,
}

impl Stats {
    fn record(&mut self, latency: u32, bytes: usize) {
        self.count += 1;
        self.bytes += bytes as u64;
        self.total_latency += u64::from(latency);
        self.max_latency = self.max_latency.max(latency);
        self.latencies.push(latency);
        self.window_count += 1;
        self.window_bytes += bytes as u64;
        self.window_total += u64::from(latency);
        self.window_max = self.window_max.max(latency);
    }

    /// Kafka's periodic line, for the window since the last one.
    fn window_line(&mut self, elapsed: Duration) -> String {
        let secs = elapsed.as_secs_f64().max(1e-9);
        let line = format!(
            "{} records sent, {:.1} records/sec ({:.2} MB/sec), {:.1} ms avg latency, {:.1} ms max latency.",
            self.window_count,
            self.window_count as f64 / secs,
            self.window_bytes as f64 / secs / (1024.0 * 1024.0),
            self.window_total as f64 / self.window_count.max(1) as f64,
            f64::from(self.window_max)
        );
        self.window_count = 0;
        self.window_bytes = 0;
        self.window_total = 0;
        self.window_max = 0;
        line
    }

    /// Sorts the latencies and summarises them.
    fn summary(&mut self, elapsed: Duration) -> Summary {
        self.latencies.sort_unstable();
        let pct = |p: f64| {
            let n = self.latencies.len();
            if n == 0 {
                0
            } else {
                self.latencies[((p * n as f64) as usize).min(n - 1)]
            }
        };
        let secs = elapsed.as_secs_f64().max(1e-9);
        Summary {
            records: self.count,
            records_per_sec: self.count as f64 / secs,
            mb_per_sec: self.bytes as f64 / secs / (1024.0 * 1024.0),
            avg_latency_ms: self.total_latency as f64 / self.count.max(1) as f64,
            max_latency_ms: self.max_latency,
            p50_ms: pct(0.5),
            p95_ms: pct(0.95),
            p99_ms: pct(0.99),
            p999_ms: pct(0.999),
            histogram: histogram(&self.latencies),
        }
    }
}

/// One bucket of the latency histogram: records whose latency is at most `le_ms` (and above
/// the previous bucket's bound). Bounds are 0, 1, 2, 4, 8, ... ms.
#[derive(Debug, Serialize, PartialEq, Eq)]
pub struct Bucket {
    pub le_ms: u32,
    pub count: u64,
}

/// Power-of-two buckets over sorted latencies, up to the one holding the maximum.
fn histogram(sorted: &[u32]) -> Vec<Bucket> {
    let mut buckets = Vec::new();
    let mut bound = 0u32;
    let mut i = 0usize;
    while i < sorted.len() {
        let start = i;
        while i < sorted.len() && sorted[i] <= bound {
            i += 1;
        }
        buckets.push(Bucket {
            le_ms: bound,
            count: (i - start) as u64,
        });
        bound = if bound == 0 {
            1
        } else {
            bound.saturating_mul(2)
        };
    }
    buckets
}

/// The final figures of a producer run.
#[derive(Debug, Serialize)]
struct Summary {
    records: u64,
    records_per_sec: f64,
    mb_per_sec: f64,
    avg_latency_ms: f64,
    max_latency_ms: u32,
    p50_ms: u32,
    p95_ms: u32,
    p99_ms: u32,
    p999_ms: u32,
    histogram: Vec<Bucket>,
}

impl Summary {
    /// Kafka's closing line.
    fn line(&self, steady: bool) -> String {
        format!(
            "{}{} records sent, {:.6} records/sec ({:.2} MB/sec), {:.2} ms avg latency, {:.2} ms max latency, {} ms 50th, {} ms 95th, {} ms 99th, {} ms 99.9th.",
            self.records,
            if steady { " steady state" } else { "" },
            self.records_per_sec,
            self.mb_per_sec,
            self.avg_latency_ms,
            f64::from(self.max_latency_ms),
            self.p50_ms,
            self.p95_ms,
            self.p99_ms,
            self.p999_ms
        )
    }
}

/// The producer's callbacks: every acknowledgement lands in the stats (callbacks run on the
/// thread that polls, so the mutexes are never contended).
struct PerfContext {
    base: KtContext,
    stats: Mutex<Stats>,
    steady: Mutex<Option<Stats>>,
    failed: AtomicU64,
    first_error: Mutex<Option<String>>,
}

impl ClientContext for PerfContext {
    fn log(&self, level: rdkafka::config::RDKafkaLogLevel, fac: &str, log_message: &str) {
        self.base.log(level, fac, log_message);
    }
    fn error(&self, error: KafkaError, reason: &str) {
        self.base.error(error, reason);
    }
}

/// What travels with each record to its delivery callback: when it was sent, whether it
/// counts for the steady state, and its size.
struct Sent {
    at: Instant,
    steady: bool,
    bytes: usize,
}

impl ProducerContext for PerfContext {
    type DeliveryOpaque = Box<Sent>;
    fn delivery(&self, result: &DeliveryResult<'_>, sent: Box<Sent>) {
        match result {
            Ok(_) => {
                let latency = sent.at.elapsed().as_millis().min(u128::from(u32::MAX)) as u32;
                if let Ok(mut s) = self.stats.lock() {
                    s.record(latency, sent.bytes);
                }
                if sent.steady {
                    if let Ok(mut s) = self.steady.lock() {
                        if let Some(s) = s.as_mut() {
                            s.record(latency, sent.bytes);
                        }
                    }
                }
            }
            Err((e, _)) => {
                self.failed.fetch_add(1, Ordering::Relaxed);
                if let Ok(mut first) = self.first_error.lock() {
                    first.get_or_insert_with(|| {
                        e.rdkafka_error_code()
                            .map(error_text)
                            .unwrap_or_else(|| e.to_string())
                    });
                }
            }
        }
    }
}

/// Where the values come from.
enum Payloads {
    Random(Vec<u8>),
    File(Vec<Vec<u8>>),
    Monotonic,
}

/// A small, fast, seeded generator (xorshift64*): values need to vary, not be unpredictable.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
}

/// A progress bar on stderr when it is a terminal; hidden (and free) otherwise.
pub fn progress(total: u64, what: &str) -> ProgressBar {
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr());
    let template = format!("{{bar:30}} {{pos}}/{{len}} {what} ({{per_sec}}, eta {{eta}})");
    if let Ok(style) = ProgressStyle::with_template(&template) {
        bar.set_style(style);
    }
    bar
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
    if args.num_records == 0 {
        bail!("--num-records should be greater than zero");
    }
    if args.warmup_records >= args.num_records {
        bail!("The value for --warmup-records must be strictly fewer than the number of records in the test, --num-records.");
    }
    if args.record_size == Some(0) {
        bail!("--record-size should be greater than zero");
    }
    if args.producer_props.is_empty() && args.producer_config.is_none() {
        bail!("Either --producer-props or --producer.config must be specified.");
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
    let mut payloads = match (&args.record_size, &args.payload_file) {
        (Some(size), _) => Payloads::Random(vec![b'A'; *size]),
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

    let mut config = client_config(&bootstrap, &[]);
    config
        .set("client.id", "perf-producer-client")
        .set("queue.buffering.max.messages", "1000000")
        .set("message.timeout.ms", "120000");
    crate::admin::client::apply_properties(&mut config, &props);
    let producer: BaseProducer<PerfContext> = config
        .create_with_context(PerfContext {
            base: KtContext::default(),
            stats: Mutex::new(Stats::default()),
            steady: Mutex::new(None),
            failed: AtomicU64::new(0),
            first_error: Mutex::new(None),
        })
        .context("cannot create the producer")?;

    let json = args.output == PerfOutput::Json;
    if args.warmup_records > 0 && !json {
        println!(
            "Warmup first {} records. Steady state results will print after the complete test summary.",
            args.warmup_records
        );
    }
    crate::console::install_signal_handlers();
    let bar = progress(args.num_records, "records");
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let start = Instant::now();
    let mut window_start = start;
    let mut out = std::io::stdout().lock();
    let mut monotonic = Vec::new();
    for i in 0..args.num_records {
        if crate::console::stopping() {
            break;
        }
        if i == args.warmup_records && args.warmup_records > 0 {
            if let Ok(mut s) = producer.context().steady.lock() {
                *s = Some(Stats::default());
            }
        }
        let value: &[u8] = match &mut payloads {
            Payloads::Random(buf) => {
                for b in buf.iter_mut() {
                    *b = b'A' + (rng.next() % 26) as u8;
                }
                buf
            }
            Payloads::File(list) => &list[(rng.next() % list.len() as u64) as usize],
            Payloads::Monotonic => {
                monotonic.clear();
                write!(monotonic, "{i}")?;
                &monotonic
            }
        };
        let mut sent = Box::new(Sent {
            at: Instant::now(),
            steady: args.warmup_records > 0 && i >= args.warmup_records,
            bytes: value.len(),
        });
        loop {
            let record =
                BaseRecord::<(), [u8], Box<Sent>>::with_opaque_to(&args.topic, sent).payload(value);
            match producer.send(record) {
                Ok(()) => break,
                Err((KafkaError::MessageProduction(RDKafkaErrorCode::QueueFull), record)) => {
                    sent = record.delivery_opaque;
                    producer.poll(Duration::from_millis(10));
                }
                Err((e, _)) => bail!("cannot send: {e}"),
            }
        }
        if i % 1000 == 0 {
            producer.poll(Duration::ZERO);
            bar.set_position(i);
            if !json && window_start.elapsed() >= Duration::from_secs(5) {
                let line = producer
                    .context()
                    .stats
                    .lock()
                    .map(|mut s| s.window_line(window_start.elapsed()))
                    .unwrap_or_default();
                bar.suspend(|| writeln!(out, "{line}"))?;
                window_start = Instant::now();
            }
        }
        if args.throughput > 0.0 {
            // Kafka's throttler: sleep whenever ahead of the requested rate.
            let due = Duration::from_secs_f64((i + 1) as f64 / args.throughput);
            let ahead = due.saturating_sub(start.elapsed());
            if ahead >= Duration::from_millis(1) {
                // poll returns early when it serves a delivery report: sleep the rest.
                producer.poll(Duration::ZERO);
                std::thread::sleep(ahead);
            }
        }
    }
    bar.finish_and_clear();
    // flush() returns early when its timeout is short; loop until nothing is in flight.
    while producer.in_flight_count() > 0 {
        let _ = producer.flush(Duration::from_secs(1));
    }
    let elapsed = start.elapsed();
    let ctx = producer.context();
    let mut stats = ctx
        .stats
        .lock()
        .map_err(|_| anyhow::anyhow!("stats lock"))?;
    let summary = stats.summary(elapsed);
    let steady = ctx
        .steady
        .lock()
        .ok()
        .and_then(|mut s| s.take())
        .map(|mut s| s.summary(elapsed));
    if json {
        #[derive(Serialize)]
        struct Report<'a> {
            total: &'a Summary,
            steady_state: Option<&'a Summary>,
            failed: u64,
        }
        let report = Report {
            total: &summary,
            steady_state: steady.as_ref(),
            failed: ctx.failed.load(Ordering::Relaxed),
        };
        serde_json::to_writer_pretty(&mut out, &report)?;
        writeln!(out)?;
    } else {
        writeln!(out, "{}", summary.line(false))?;
        if let Some(s) = &steady {
            writeln!(out, "{}", s.line(true))?;
        }
    }
    out.flush()?;
    let failed = ctx.failed.load(Ordering::Relaxed);
    if failed > 0 {
        let reason = ctx
            .first_error
            .lock()
            .ok()
            .and_then(|e| e.clone())
            .unwrap_or_default();
        eprintln!("error: {failed} records could not be sent: {reason}");
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
    #[arg(long, value_name = "COUNT")]
    pub messages: u64,
    /// The consumer group to subscribe with. Without it kt reads every partition directly and
    /// commits nothing (kt; Kafka makes up a group perf-consumer-N).
    #[arg(long, value_name = "GID")]
    pub group: Option<String>,
    /// The most bytes fetched per partition in one request.
    #[arg(long, value_name = "SIZE", default_value_t = 1024 * 1024)]
    pub fetch_size: u32,
    /// Start at the end of the log rather than the beginning (without committed offsets).
    #[arg(long)]
    pub from_latest: bool,
    /// The TCP receive buffer size.
    #[arg(long, value_name = "SIZE", default_value_t = 2 * 1024 * 1024)]
    pub socket_buffer_size: u32,
    /// A consumer properties file.
    #[arg(long = "consumer.config", value_name = "FILE")]
    pub consumer_config: Option<PathBuf>,
    /// Give up after this many ms without a record.
    #[arg(long, value_name = "MS", default_value_t = 10_000)]
    pub timeout: u64,
    /// Print a line per --reporting-interval instead of one summary.
    #[arg(long)]
    pub show_detailed_stats: bool,
    /// How often --show-detailed-stats prints, in ms.
    #[arg(long, value_name = "INTERVAL_MS", default_value_t = 5000)]
    pub reporting_interval: u64,
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

/// Tracks time spent joining the group, as Kafka's rebalance listener does.
struct JoinContext {
    base: KtContext,
    state: Mutex<JoinState>,
}

#[derive(Default)]
struct JoinState {
    assigned: bool,
    join_start: Option<Instant>,
    total: Duration,
    window: Duration,
}

impl ClientContext for JoinContext {
    fn log(&self, level: rdkafka::config::RDKafkaLogLevel, fac: &str, log_message: &str) {
        self.base.log(level, fac, log_message);
    }
    fn error(&self, error: KafkaError, reason: &str) {
        self.base.error(error, reason);
    }
}

impl ConsumerContext for JoinContext {
    fn pre_rebalance(&self, _: &BaseConsumer<Self>, rebalance: &Rebalance<'_>) {
        if let (Rebalance::Revoke(_), Ok(mut s)) = (rebalance, self.state.lock()) {
            s.assigned = false;
            s.join_start = Some(Instant::now());
        }
    }
    fn post_rebalance(&self, _: &BaseConsumer<Self>, rebalance: &Rebalance<'_>) {
        if let (Rebalance::Assign(_), Ok(mut s)) = (rebalance, self.state.lock()) {
            if !s.assigned {
                if let Some(start) = s.join_start.take() {
                    let spent = start.elapsed();
                    s.total += spent;
                    s.window += spent;
                }
                s.assigned = true;
            }
        }
    }
}

/// Without --group: every partition of the chosen topics, read directly from the start (or
/// the end with --from-latest), as kt's console-consumer does; nothing is committed and no
/// rebalance happens, so rebalance.time.ms is 0.
fn assign_all(consumer: &BaseConsumer<JoinContext>, args: &ConsumerPerfArgs) -> anyhow::Result<()> {
    let include = args
        .include
        .as_deref()
        .map(|re| regex::Regex::new(&format!("^(?:{re})$")))
        .transpose()
        .context("invalid --include pattern")?;
    let timeout = Duration::from_millis(args.timeout.max(1000));
    let metadata = consumer
        .fetch_metadata(args.topic.as_deref(), timeout)
        .map_err(|e| anyhow::anyhow!("cannot fetch metadata: {e}"))?;
    let start = if args.from_latest {
        rdkafka::Offset::End
    } else {
        rdkafka::Offset::Beginning
    };
    let mut list = rdkafka::TopicPartitionList::new();
    for t in metadata.topics() {
        let wanted = match (&args.topic, &include) {
            (Some(name), _) => t.name() == name,
            (None, Some(re)) => re.is_match(t.name()) && !crate::admin::is_internal_topic(t.name()),
            (None, None) => false,
        };
        if !wanted {
            continue;
        }
        if let Some(e) = t.error() {
            bail!(
                "topic {}: {}",
                t.name(),
                error_text(RDKafkaErrorCode::from(e))
            );
        }
        for p in t.partitions() {
            list.add_partition_offset(t.name(), p.id(), start)?;
        }
    }
    if list.count() == 0 {
        bail!("no partition to consume");
    }
    consumer.assign(&list).context("cannot assign partitions")
}

/// Formats epoch milliseconds with a Java SimpleDateFormat pattern's common letters.
fn java_date(pattern: &str, ms: u128) -> String {
    let chrono_pattern = pattern
        .replace("yyyy", "%Y")
        .replace("MM", "%m")
        .replace("dd", "%d")
        .replace("HH", "%H")
        .replace("mm", "%M")
        .replace("ss", "%S")
        .replace("SSS", "%3f");
    let time = chrono::DateTime::from_timestamp_millis(ms as i64)
        .unwrap_or_default()
        .with_timezone(&chrono::Local);
    time.format(&chrono_pattern).to_string()
}

fn epoch_ms() -> u128 {
    crate::clock::now_ms() as u128
}

/// The figures of a consumer run, as Kafka's summary line and kt's JSON give them.
#[derive(Debug, Serialize)]
struct ConsumerSummary {
    start_time_ms: u128,
    end_time_ms: u128,
    data_consumed_mb: f64,
    mb_per_sec: f64,
    messages: u64,
    messages_per_sec: f64,
    rebalance_time_ms: u128,
    fetch_time_ms: u128,
    fetch_mb_per_sec: f64,
    fetch_messages_per_sec: f64,
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
    if args.reporting_interval == 0 {
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
    let group = args
        .group
        .clone()
        .unwrap_or_else(|| format!("perf-consumer-{}", epoch_ms() % 100_000));
    let mut config = client_config(&args.bootstrap_server, &[]);
    config.set(
        "fetch.queue.backoff.ms",
        crate::admin::client::CONSUMER_FETCH_QUEUE_BACKOFF_MS,
    );
    crate::admin::client::apply_properties(&mut config, &props);
    config
        .set("group.id", &group)
        .set(
            "socket.receive.buffer.bytes",
            args.socket_buffer_size.to_string(),
        )
        .set("max.partition.fetch.bytes", args.fetch_size.to_string())
        .set(
            "auto.offset.reset",
            if args.from_latest {
                "latest"
            } else {
                "earliest"
            },
        )
        .set("check.crcs", "false")
        .set("enable.partition.eof", "false");
    if !props.iter().any(|(k, _)| k == "client.id") {
        config.set("client.id", "perf-consumer-client");
    }
    let consumer: BaseConsumer<JoinContext> = config
        .create_with_context(JoinContext {
            base: KtContext::default(),
            state: Mutex::new(JoinState::default()),
        })
        .context("cannot create the consumer")?;
    let start_ms = epoch_ms();
    let start = Instant::now();
    if let Ok(mut s) = consumer.context().state.lock() {
        s.join_start = Some(start);
    }
    if args.group.is_some() {
        let pattern;
        let topic = match (&args.topic, &args.include) {
            (Some(t), _) => t.as_str(),
            (None, Some(re)) => {
                pattern = format!("^({re})$");
                pattern.as_str()
            }
            (None, None) => unreachable!("clap requires one"),
        };
        consumer.subscribe(&[topic]).context("cannot subscribe")?;
    } else {
        assign_all(&consumer, args)?;
        if let Ok(mut s) = consumer.context().state.lock() {
            s.join_start = None;
        }
    }
    crate::console::install_signal_handlers();

    let bar = progress(args.messages, "records");
    let timeout = Duration::from_millis(args.timeout);
    let interval = Duration::from_millis(args.reporting_interval);
    let (mut messages, mut bytes) = (0u64, 0u64);
    let (mut last_messages, mut last_bytes) = (0u64, 0u64);
    let mut last_consumed = Instant::now();
    let mut last_report = Instant::now();
    let mut last_report_ms = start_ms;
    while messages < args.messages && last_consumed.elapsed() <= timeout {
        if crate::console::stopping() {
            break;
        }
        match consumer.poll(Duration::from_millis(100)) {
            Some(Ok(m)) => {
                last_consumed = Instant::now();
                messages += 1;
                bytes += m.key().map_or(0, |k| k.len() as u64);
                bytes += m.payload().map_or(0, |v| v.len() as u64);
                if messages % 1000 == 0 {
                    bar.set_position(messages);
                }
                if args.show_detailed_stats && last_report.elapsed() >= interval {
                    let now_ms = epoch_ms();
                    let elapsed_ms = (now_ms - last_report_ms).max(1) as f64;
                    let join = consumer
                        .context()
                        .state
                        .lock()
                        .map(|mut s| std::mem::take(&mut s.window))
                        .unwrap_or_default()
                        .as_millis();
                    let mb = |b: u64| b as f64 / (1024.0 * 1024.0);
                    let fetch_ms = (now_ms - last_report_ms).saturating_sub(join);
                    let per = |x: f64, ms: u128| if ms == 0 { 0.0 } else { 1000.0 * x / ms as f64 };
                    let line = format!(
                        "{}, 0, {:.4}, {:.4}, {}, {:.4}, {}, {}, {:.4}, {:.4}",
                        java_date(&args.date_format, now_ms),
                        mb(bytes),
                        1000.0 * mb(bytes - last_bytes) / elapsed_ms,
                        messages,
                        1000.0 * (messages - last_messages) as f64 / elapsed_ms,
                        join,
                        fetch_ms,
                        per(mb(bytes - last_bytes), fetch_ms),
                        per((messages - last_messages) as f64, fetch_ms),
                    );
                    if !json {
                        bar.suspend(|| writeln!(out, "{line}"))?;
                    }
                    last_report = Instant::now();
                    last_report_ms = now_ms;
                    last_messages = messages;
                    last_bytes = bytes;
                }
            }
            Some(Err(e)) => {
                let reason = e
                    .rdkafka_error_code()
                    .map(error_text)
                    .unwrap_or_else(|| e.to_string());
                consumer.context().base.report_once(&reason);
            }
            None => {}
        }
    }
    bar.finish_and_clear();
    let end_ms = epoch_ms();
    if messages < args.messages && !json {
        writeln!(out, "WARNING: Exiting before consuming the expected number of messages: timeout ({} ms) exceeded. You can use the --timeout option to increase the timeout.", args.timeout)?;
    }
    let join_ms = consumer
        .context()
        .state
        .lock()
        .map(|s| s.total)
        .unwrap_or_default()
        .as_millis();
    let elapsed_secs = (end_ms - start_ms) as f64 / 1000.0;
    let fetch_ms = (end_ms - start_ms).saturating_sub(join_ms);
    let mb = bytes as f64 / (1024.0 * 1024.0);
    let summary = ConsumerSummary {
        start_time_ms: start_ms,
        end_time_ms: end_ms,
        data_consumed_mb: mb,
        mb_per_sec: mb / elapsed_secs,
        messages,
        messages_per_sec: messages as f64 / elapsed_secs,
        rebalance_time_ms: join_ms,
        fetch_time_ms: fetch_ms,
        fetch_mb_per_sec: mb / (fetch_ms as f64 / 1000.0),
        fetch_messages_per_sec: messages as f64 / (fetch_ms as f64 / 1000.0),
    };
    if json {
        serde_json::to_writer_pretty(&mut out, &summary)?;
        writeln!(out)?;
    } else if !args.show_detailed_stats {
        writeln!(
            out,
            "{}, {}, {:.4}, {:.4}, {}, {:.4}, {}, {}, {:.4}, {:.4}",
            java_date(&args.date_format, start_ms),
            java_date(&args.date_format, end_ms),
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
    // Leave the group cleanly (commits the position, as Kafka's consumer.close does).
    consumer.unsubscribe();
    drop(consumer);
    if messages < args.messages && json {
        bail!(
            "consumed {messages} of {} records before the timeout ({} ms)",
            args.messages,
            args.timeout
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn histogram_buckets() {
        assert_eq!(
            histogram(&[0, 0, 1, 3, 3, 9]),
            vec![
                Bucket { le_ms: 0, count: 2 },
                Bucket { le_ms: 1, count: 1 },
                Bucket { le_ms: 2, count: 0 },
                Bucket { le_ms: 4, count: 2 },
                Bucket { le_ms: 8, count: 0 },
                Bucket {
                    le_ms: 16,
                    count: 1
                },
            ]
        );
        assert!(histogram(&[]).is_empty());
    }

    #[test]
    fn percentiles_as_kafka_picks_them() {
        let mut s = Stats::default();
        for l in 1..=100u32 {
            s.record(l, 10);
        }
        let sum = s.summary(Duration::from_secs(1));
        assert_eq!(
            (sum.p50_ms, sum.p95_ms, sum.p99_ms, sum.p999_ms),
            (51, 96, 100, 100)
        );
        assert_eq!(sum.max_latency_ms, 100);
        assert!(sum.line(false).starts_with("100 records sent, 100.000000 records/sec (0.00 MB/sec), 50.50 ms avg latency, 100.00 ms max latency, 51 ms 50th"));
    }

    #[test]
    fn java_dates() {
        let s = java_date("yyyy-MM-dd HH:mm:ss:SSS", 0);
        assert_eq!(s.len(), "1970-01-01 00:00:00:000".len());
        assert!(s.ends_with(":000"));
    }
}
