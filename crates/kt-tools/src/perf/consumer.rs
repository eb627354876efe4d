//! The consumer loop of `kt consumer-perf-test`: read a number of records as fast as the
//! cluster gives them, timing the group join apart from the fetching, as Kafka's
//! ConsumerPerformance does. `cli::perf` turns the flags into [`ConsumerPerfSettings`] and
//! prints the header and the [`ConsumerSummary`].

use std::io::Write;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use anyhow::{bail, Context as _};
use rdkafka::consumer::{BaseConsumer, Consumer, ConsumerContext, Rebalance};
use rdkafka::error::{KafkaError, RDKafkaErrorCode};
use rdkafka::message::Message;
use rdkafka::ClientContext;
use serde::Serialize;

use super::progress;
use crate::admin::authentication_failure::refused_login_on_queue;
use crate::admin::client::{client_config, error_text, KtContext};

/// What to consume and how.
pub struct ConsumerPerfSettings {
    pub bootstrap: String,
    /// The topic, or (without it) a regular expression of topics.
    pub topic: Option<String>,
    pub include: Option<String>,
    /// Subscribe with this group; without it, assign every partition directly.
    pub group: Option<String>,
    /// The group id the consumer carries either way.
    pub group_id: String,
    /// Consumer properties (Kafka names), applied over kt's defaults.
    pub properties: Vec<(String, String)>,
    /// max.partition.fetch.bytes.
    pub fetch_size: i32,
    /// The TCP receive buffer; 0 for the system's default.
    pub socket_buffer_size: i32,
    pub from_latest: bool,
    /// Stop after this many records (none when 0 or less).
    pub messages: i64,
    /// Stop after this long without a record, in ms (at once when negative).
    pub timeout_ms: i64,
    /// Write a line per reporting interval (Kafka's --show-detailed-stats).
    pub detailed_stats: bool,
    pub reporting_interval: Duration,
    /// Java SimpleDateFormat letters for the detailed lines' time.
    pub date_format: String,
    /// Write the detailed lines at all (not with kt's JSON).
    pub print_lines: bool,
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
fn assign_all(
    consumer: &BaseConsumer<JoinContext>,
    args: &ConsumerPerfSettings,
) -> anyhow::Result<()> {
    let include = args
        .include
        .as_deref()
        .map(|re| regex::Regex::new(&format!("^(?:{re})$")))
        .transpose()
        .context("invalid --include pattern")?;
    let timeout = Duration::from_millis(args.timeout_ms.max(1000).unsigned_abs());
    let deadline = Instant::now() + timeout;
    // Asked for in growing slices: between them a refused login ends the wait, as Kafka's
    // consumer throws at once.
    let mut slice = Duration::from_millis(100);
    let metadata = loop {
        let left = deadline.saturating_duration_since(Instant::now());
        match consumer.fetch_metadata(args.topic.as_deref(), left.min(slice)) {
            Ok(md) => break md,
            Err(e) => {
                if let Some(failure) = refused_login_on_queue(consumer, &consumer.context().base) {
                    bail!(failure.exception());
                }
                if left <= slice {
                    bail!("cannot fetch metadata: {e}");
                }
                slice *= 2;
            }
        }
    };
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
pub fn java_date(pattern: &str, ms: u128) -> String {
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

/// Milliseconds since the epoch, as the consumer perf test's times are printed.
pub fn epoch_ms() -> u128 {
    kt_base::clock::now_ms() as u128
}

/// The figures of a consumer run, as Kafka's summary line and kt's JSON give them.
#[derive(Debug, Serialize)]
pub struct ConsumerSummary {
    pub start_time_ms: u128,
    pub end_time_ms: u128,
    pub data_consumed_mb: f64,
    pub mb_per_sec: f64,
    pub messages: u64,
    pub messages_per_sec: f64,
    pub rebalance_time_ms: u128,
    pub fetch_time_ms: u128,
    pub fetch_mb_per_sec: f64,
    pub fetch_messages_per_sec: f64,
}

/// Consumes until `messages` records, the timeout or SIGINT/SIGTERM, writing the detailed
/// lines on `out`; leaves the group cleanly (commits the position, as Kafka's consumer.close
/// does) before returning the figures.
pub fn run(args: &ConsumerPerfSettings, out: &mut impl Write) -> anyhow::Result<ConsumerSummary> {
    let mut config = client_config(&args.bootstrap, &[]);
    config.set(
        "fetch.queue.backoff.ms",
        crate::admin::client::CONSUMER_FETCH_QUEUE_BACKOFF_MS,
    );
    crate::console::corrupt_batch::check_crcs_by_default(&mut config);
    crate::admin::client::apply_properties(&mut config, &args.properties);
    config
        .set("group.id", &args.group_id)
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
        .set("enable.partition.eof", "false");
    if !args.properties.iter().any(|(k, _)| k == "client.id") {
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

    let wanted = u64::try_from(args.messages).unwrap_or(0);
    let bar = progress(wanted, "records");
    let interval = args.reporting_interval;
    let (mut messages, mut bytes) = (0u64, 0u64);
    let (mut last_messages, mut last_bytes) = (0u64, 0u64);
    let mut last_consumed = Instant::now();
    let mut last_report = Instant::now();
    let mut last_report_ms = start_ms;
    let within_timeout = |last: Instant| {
        i64::try_from(last.elapsed().as_millis()).unwrap_or(i64::MAX) <= args.timeout_ms
    };
    while messages < wanted && within_timeout(last_consumed) {
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
                if args.detailed_stats && last_report.elapsed() >= interval {
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
                    if args.print_lines {
                        bar.suspend(|| writeln!(out, "{line}"))?;
                    }
                    last_report = Instant::now();
                    last_report_ms = now_ms;
                    last_messages = messages;
                    last_bytes = bytes;
                }
            }
            Some(Err(e)) if crate::console::corrupt_batch::is_corrupt_batch(&e) => {
                bar.finish_and_clear();
                anyhow::bail!(crate::console::corrupt_batch::corrupt_batch_message(
                    &consumer
                ));
            }
            Some(Err(e)) => {
                // Kafka's consumer throws on a refused login, and the tool ends with it.
                if let Some(failure) = consumer.context().base.refused_login(&e) {
                    bar.finish_and_clear();
                    bail!(failure.exception());
                }
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
    consumer.unsubscribe();
    drop(consumer);
    Ok(ConsumerSummary {
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
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn java_dates() {
        let s = java_date("yyyy-MM-dd HH:mm:ss:SSS", 0);
        assert_eq!(s.len(), "1970-01-01 00:00:00:000".len());
        assert!(s.ends_with(":000"));
    }
}
