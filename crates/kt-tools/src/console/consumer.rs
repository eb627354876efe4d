//! The console consumer: records of one topic (or of topics matching a pattern) to standard
//! output, without a consumer group unless one is asked for.

use std::io::{self, Write};
use std::time::{Duration, Instant};

use anyhow::Context;
use rdkafka::consumer::{BaseConsumer, Consumer};
use rdkafka::error::KafkaError;
use rdkafka::types::RDKafkaErrorCode;
use rdkafka::{Offset, TopicPartitionList};

use super::format::RecordFormat;
use super::{install_signal_handlers, stopping};
use crate::admin::authentication_failure::refused_login_on_queue;
use crate::admin::client::{client_config, log_timestamp, AuthenticationFailure, KtContext};
use crate::admin::is_internal_topic;

/// Which topics to read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// One topic by name (`--topic`).
    Topic(String),
    /// A regular expression matching whole topic names (`--include`).
    Include(String),
}

/// Where reading starts when nothing was committed (or without a group).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StartOffset {
    /// The first record still in the log (`--from-beginning`, `--offset earliest`).
    Earliest,
    /// Only records written from now on (the default).
    Latest,
    /// This offset (`--offset N`, with `--partition`).
    At(i64),
}

/// Everything the console consumer needs to run.
#[derive(Debug, Clone)]
pub struct ConsumerSettings {
    pub bootstrap: String,
    pub source: Source,
    /// With a group: subscribe and commit. Without: assign partitions directly.
    pub group: Option<String>,
    pub partition: Option<i32>,
    pub start: StartOffset,
    pub max_messages: Option<u64>,
    /// Stop after this long without a record.
    pub idle_timeout: Option<Duration>,
    /// Consumer properties (Kafka names), later ones win.
    pub properties: Vec<(String, String)>,
    pub format: RecordFormat,
}

/// How a consumer run ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ending {
    /// `--max-messages` reached, a signal, or stdout closed.
    Done,
    /// `--timeout-ms` passed without a record.
    TimedOut,
    /// The cluster refused the login (or the TLS handshake failed): Kafka's consumer throws,
    /// and its console consumer terminates.
    Refused(AuthenticationFailure),
}

/// The longest a single poll blocks, so signals and timeouts are noticed quickly.
const POLL_SLICE: Duration = Duration::from_millis(100);

/// Consumes until done; returns how it ended and the number of records printed (also when it
/// fails, so the count can be reported).
pub fn run(settings: &ConsumerSettings) -> (u64, anyhow::Result<Ending>) {
    install_signal_handlers();
    let mut count = 0u64;
    let result = consume(settings, &mut count);
    (count, result)
}

fn consume(settings: &ConsumerSettings, count: &mut u64) -> anyhow::Result<Ending> {
    let mut config = client_config(&settings.bootstrap, &[]);
    config
        .set("enable.partition.eof", "false")
        .set("isolation.level", "read_uncommitted")
        .set("allow.auto.create.topics", "true")
        .set(
            "fetch.queue.backoff.ms",
            crate::admin::client::CONSUMER_FETCH_QUEUE_BACKOFF_MS,
        )
        .set(
            "auto.offset.reset",
            match settings.start {
                StartOffset::Earliest => "earliest",
                _ => "latest",
            },
        );
    match &settings.group {
        Some(g) => {
            // Only what was printed counts as consumed: offsets are stored record by record
            // below, so a run stopped by --max-messages commits exactly where it stopped and
            // the next run of the group continues from there.
            config
                .set("group.id", g.as_str())
                .set("enable.auto.offset.store", "false");
        }
        None => {
            // librdkafka only assigns partitions in a consumer with a group id; this one is
            // never joined and nothing is committed to it.
            config
                .set(
                    "group.id",
                    format!("kt-console-consumer-{}", std::process::id()),
                )
                .set("enable.auto.commit", "false")
                .set("enable.auto.offset.store", "false");
        }
    }
    super::corrupt_batch::check_crcs_by_default(&mut config);
    crate::admin::client::apply_properties(&mut config, &settings.properties);
    let consumer: BaseConsumer<KtContext> = config
        .create_with_context(KtContext::default())
        .context("cannot create the consumer")?;
    let result = consume_with(&consumer, settings, count);
    if settings.group.is_none() && !crate::admin::client::uses_tls(&config) {
        // Nothing to commit and no group to leave: skip librdkafka's consumer close, which
        // waits for the unused group handle to wind down. The process exits next. (Not with
        // TLS: see `uses_tls`.)
        std::mem::forget(consumer);
    }
    result
}

/// The consuming proper, on a created consumer.
fn consume_with(
    consumer: &BaseConsumer<KtContext>,
    settings: &ConsumerSettings,
    count: &mut u64,
) -> anyhow::Result<Ending> {
    let started = Instant::now();
    let mut last_record = started;
    let idle_expired = |last: Instant| settings.idle_timeout.is_some_and(|t| last.elapsed() >= t);

    match &settings.group {
        Some(_) => {
            let pattern;
            let topic = match &settings.source {
                Source::Topic(t) => t.as_str(),
                Source::Include(re) => {
                    pattern = format!("^({re})$");
                    pattern.as_str()
                }
            };
            consumer.subscribe(&[topic]).context("cannot subscribe")?;
        }
        None => {
            let tpl = match assignment(consumer, settings, &idle_expired)? {
                Assignment::Ready(tpl) => tpl,
                Assignment::Refused(failure) => return Ok(Ending::Refused(failure)),
                Assignment::Stopped if stopping() => return Ok(Ending::Done),
                Assignment::Stopped => return Ok(Ending::TimedOut),
            };
            consumer.assign(&tpl).context("cannot assign partitions")?;
        }
    }

    let stdout = io::stdout();
    let mut out = io::BufWriter::with_capacity(1 << 16, stdout.lock());
    let mut dirty = false;
    loop {
        // The limit is checked before reading, so that a limit of 0 reads nothing, as Kafka's
        // console consumer does.
        if stopping() || settings.max_messages.is_some_and(|m| *count >= m) {
            break;
        }
        // With output pending, only look for records already fetched: when there are none,
        // flush before waiting, so a slow trickle of records still shows up at once.
        let wait = if dirty { Duration::ZERO } else { POLL_SLICE };
        match consumer.poll(wait) {
            None => {
                if dirty {
                    if out.flush().is_err() {
                        return Ok(Ending::Done);
                    }
                    dirty = false;
                    continue;
                }
                if idle_expired(last_record) {
                    return Ok(Ending::TimedOut);
                }
            }
            Some(Ok(message)) => {
                if settings.format.write(&mut out, &message).is_err() {
                    // Standard output closed (`| head`): stop quietly.
                    return Ok(Ending::Done);
                }
                dirty = true;
                *count += 1;
                if settings.group.is_some() {
                    let _ = consumer.store_offset_from_message(&message);
                }
                last_record = Instant::now();
            }
            Some(Err(KafkaError::PartitionEOF(_))) => {}
            Some(Err(e)) if super::corrupt_batch::is_corrupt_batch(&e) => {
                // What came before the damaged batch is shown; nothing after it is, as the
                // Java consumer stops there.
                let _ = out.flush();
                anyhow::bail!(super::corrupt_batch::corrupt_batch_message(consumer));
            }
            Some(Err(e)) => {
                if let Some(failure) = consumer.context().refused_login(&e) {
                    let _ = out.flush();
                    return Ok(Ending::Refused(failure));
                }
                let reason = e
                    .rdkafka_error_code()
                    .map(crate::admin::client::error_text)
                    .unwrap_or_else(|| e.to_string());
                consumer.context().report_once(&reason);
                if idle_expired(last_record) {
                    return Ok(Ending::TimedOut);
                }
            }
        }
    }
    let _ = out.flush();
    Ok(Ending::Done)
}

/// What [`assignment`] found.
enum Assignment {
    /// Every partition to read, with its start offset.
    Ready(TopicPartitionList),
    /// Stopped by a signal or `--timeout-ms` while waiting for the topic.
    Stopped,
    /// The cluster refused the login.
    Refused(AuthenticationFailure),
}

/// The longest one metadata request waits before the consumer looks at its error events; the
/// first waits [`POLL_SLICE`], each later one twice the last, so a slow answer gets its time.
const LONGEST_METADATA_WAIT: Duration = Duration::from_secs(5);

/// Every partition to read without a group, with its start offset. Waits (re-reading metadata)
/// for a topic that does not exist yet; asking for it lets the broker create it, as Kafka's
/// consumer does.
fn assignment(
    consumer: &BaseConsumer<KtContext>,
    settings: &ConsumerSettings,
    idle_expired: &dyn Fn(Instant) -> bool,
) -> anyhow::Result<Assignment> {
    let started = Instant::now();
    let include = match &settings.source {
        Source::Include(re) => Some(
            regex::Regex::new(&format!("^(?:{re})$"))
                .with_context(|| format!("invalid --include pattern '{re}'"))?,
        ),
        Source::Topic(_) => None,
    };
    let mut wait = POLL_SLICE;
    loop {
        if stopping() || idle_expired(started) {
            return Ok(Assignment::Stopped);
        }
        let wanted = match &settings.source {
            Source::Topic(t) => Some(t.as_str()),
            Source::Include(_) => None,
        };
        let md = match consumer.fetch_metadata(wanted, wait) {
            Ok(md) => md,
            Err(e) => {
                if let Some(failure) = refused_login_on_queue(consumer, consumer.context()) {
                    return Ok(Assignment::Refused(failure));
                }
                if !matches!(
                    e.rdkafka_error_code(),
                    Some(
                        RDKafkaErrorCode::OperationTimedOut
                            | RDKafkaErrorCode::BrokerTransportFailure
                    )
                ) {
                    consumer.context().report_once(&e.to_string());
                }
                wait = (wait * 2).min(LONGEST_METADATA_WAIT);
                continue;
            }
        };
        let mut tpl = TopicPartitionList::new();
        for t in md.topics() {
            let matches = match &include {
                Some(re) => re.is_match(t.name()) && !is_internal_topic(t.name()),
                None => wanted == Some(t.name()),
            };
            if !matches || t.error().is_some() {
                continue;
            }
            for p in t.partitions() {
                if settings.partition.is_some_and(|want| want != p.id()) {
                    continue;
                }
                let offset = match settings.start {
                    StartOffset::Earliest => Offset::Beginning,
                    StartOffset::Latest => Offset::End,
                    StartOffset::At(o) => Offset::Offset(o),
                };
                tpl.add_partition_offset(t.name(), p.id(), offset)
                    .context("cannot build the assignment")?;
            }
        }
        if tpl.count() > 0 {
            return Ok(Assignment::Ready(tpl));
        }
        std::thread::sleep(Duration::from_millis(200));
    }
}

/// The line kt prints when `--timeout-ms` ends the run (Kafka logs a TimeoutException).
pub fn timeout_line() -> String {
    format!(
        "{} ERROR Error processing message, terminating consumer process: TimeoutException",
        log_timestamp()
    )
}
