//! The console producer: standard input, one record per line, to a topic, as fast as
//! librdkafka can batch it.

use std::io::{self, BufRead, IsTerminal, Write};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::Duration;

use anyhow::Context;
use rdkafka::client::ClientContext;
use rdkafka::config::RDKafkaLogLevel;
use rdkafka::error::KafkaError;
use rdkafka::message::{Header, OwnedHeaders};
use rdkafka::producer::{BaseProducer, BaseRecord, DeliveryResult, Producer, ProducerContext};
use rdkafka::types::RDKafkaErrorCode;

use super::is_true;
use crate::admin::authentication_failure::fail_records_after_refused_login;
use crate::admin::client::{client_config, KtContext};

/// Where and how to produce.
#[derive(Debug, Clone)]
pub struct ProducerSettings {
    pub bootstrap: String,
    pub topic: String,
    /// Producer properties (Kafka names), later ones win.
    pub properties: Vec<(String, String)>,
    /// Wait for each record's acknowledgement before reading the next line.
    pub sync: bool,
}

/// How a line becomes a record: Kafka's line reader properties.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReaderSettings {
    pub parse_key: bool,
    pub key_separator: Vec<u8>,
    pub parse_headers: bool,
    pub headers_delimiter: Vec<u8>,
    pub headers_separator: Vec<u8>,
    pub headers_key_separator: Vec<u8>,
    /// A field equal to this becomes null.
    pub null_marker: Option<Vec<u8>>,
    /// Lines lacking a separator become a value instead of an error.
    pub ignore_error: bool,
}

impl Default for ReaderSettings {
    fn default() -> Self {
        ReaderSettings {
            parse_key: false,
            key_separator: b"\t".to_vec(),
            parse_headers: false,
            headers_delimiter: b"\t".to_vec(),
            headers_separator: b",".to_vec(),
            headers_key_separator: b":".to_vec(),
            null_marker: None,
            ignore_error: false,
        }
    }
}

impl ReaderSettings {
    /// Reads Kafka's line reader properties; unknown ones are ignored as Kafka does.
    pub fn from_properties(props: &[(String, String)]) -> anyhow::Result<Self> {
        let mut s = ReaderSettings::default();
        for (k, v) in props {
            match k.as_str() {
                "parse.key" => s.parse_key = is_true(v),
                "key.separator" => s.key_separator = v.as_bytes().to_vec(),
                "parse.headers" => s.parse_headers = is_true(v),
                "headers.delimiter" => s.headers_delimiter = v.as_bytes().to_vec(),
                "headers.separator" => s.headers_separator = v.as_bytes().to_vec(),
                "headers.key.separator" => s.headers_key_separator = v.as_bytes().to_vec(),
                "null.marker" => s.null_marker = Some(v.as_bytes().to_vec()),
                "ignore.error" => s.ignore_error = is_true(v),
                _ => {}
            }
        }
        for (name, sep) in [
            ("key.separator", &s.key_separator),
            ("headers.delimiter", &s.headers_delimiter),
            ("headers.separator", &s.headers_separator),
            ("headers.key.separator", &s.headers_key_separator),
        ] {
            if sep.is_empty() {
                anyhow::bail!("{name} must not be empty");
            }
        }
        Ok(s)
    }
}

/// One parsed line, borrowing from it.
#[derive(Debug, PartialEq, Eq)]
pub struct ParsedLine<'a> {
    pub headers: Vec<(&'a [u8], Option<&'a [u8]>)>,
    pub key: Option<&'a [u8]>,
    pub value: Option<&'a [u8]>,
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.len() == 1 {
        return hay.iter().position(|b| *b == needle[0]);
    }
    hay.windows(needle.len()).position(|w| w == needle)
}

fn lossy(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

impl ReaderSettings {
    fn nullable<'a>(&self, field: &'a [u8]) -> Option<&'a [u8]> {
        match &self.null_marker {
            Some(m) if m.as_slice() == field => None,
            _ => Some(field),
        }
    }

    /// Splits a line (without its line terminator) into headers, key and value.
    pub fn parse<'a>(&self, line: &'a [u8], line_number: u64) -> anyhow::Result<ParsedLine<'a>> {
        let mut rest = line;
        let mut headers = Vec::new();
        if self.parse_headers {
            match find(rest, &self.headers_delimiter) {
                Some(i) => {
                    let all = &rest[..i];
                    rest = &rest[i + self.headers_delimiter.len()..];
                    if !all.is_empty() {
                        for pair in split(all, &self.headers_separator) {
                            headers.push(self.parse_header(pair, line_number)?);
                        }
                    }
                }
                None if self.ignore_error => {}
                None => anyhow::bail!(
                    "No headers delimiter found on line number {line_number}: '{}'",
                    lossy(line)
                ),
            }
        }
        let mut key = None;
        if self.parse_key {
            match find(rest, &self.key_separator) {
                Some(i) => {
                    key = self.nullable(&rest[..i]);
                    rest = &rest[i + self.key_separator.len()..];
                }
                None if self.ignore_error => {}
                None => anyhow::bail!(
                    "No key separator found on line number {line_number}: '{}'",
                    lossy(line)
                ),
            }
        }
        Ok(ParsedLine {
            headers,
            key,
            value: self.nullable(rest),
        })
    }

    fn parse_header<'a>(
        &self,
        pair: &'a [u8],
        line_number: u64,
    ) -> anyhow::Result<(&'a [u8], Option<&'a [u8]>)> {
        let (k, v) = match find(pair, &self.headers_key_separator) {
            Some(i) => (
                &pair[..i],
                self.nullable(&pair[i + self.headers_key_separator.len()..]),
            ),
            None if self.ignore_error => (pair, None),
            None => anyhow::bail!(
                "No header key separator found in pair '{}' on line number {line_number}",
                lossy(pair)
            ),
        };
        if self.null_marker.as_deref() == Some(k) {
            anyhow::bail!(
                "Header keys should not be equal to the null marker '{}' as they can't be null",
                lossy(k)
            );
        }
        Ok((k, v))
    }
}

fn split<'a, 's>(mut s: &'a [u8], sep: &'s [u8]) -> impl Iterator<Item = &'a [u8]> + use<'a, 's> {
    let mut done = false;
    std::iter::from_fn(move || {
        if done {
            return None;
        }
        match find(s, sep) {
            Some(i) => {
                let part = &s[..i];
                s = &s[i + sep.len()..];
                Some(part)
            }
            None => {
                done = true;
                Some(s)
            }
        }
    })
}

/// Counts failed deliveries and keeps the first reason; logging as every kt client.
#[derive(Default)]
struct DeliveryContext {
    base: KtContext,
    failed: AtomicU64,
    first_error: Mutex<Option<String>>,
}

impl ClientContext for DeliveryContext {
    fn log(&self, level: RDKafkaLogLevel, fac: &str, log_message: &str) {
        self.base.log(level, fac, log_message);
    }
    fn error(&self, error: KafkaError, reason: &str) {
        self.base.error(error, reason);
    }
}

impl ProducerContext for DeliveryContext {
    type DeliveryOpaque = ();
    fn delivery(&self, result: &DeliveryResult<'_>, _: ()) {
        if let Err((err, _)) = result {
            self.failed.fetch_add(1, Ordering::Relaxed);
            if let Ok(mut first) = self.first_error.lock() {
                if first.is_none() {
                    *first = Some(match err.rdkafka_error_code() {
                        Some(code) => crate::admin::client::error_text(code),
                        None => err.to_string(),
                    });
                }
            }
        }
    }
}

/// How many records may wait in librdkafka's queue: large, so a pipe never stalls on it.
const QUEUE_MESSAGES: &str = "1000000";

/// Reads standard input to its end, producing one record per line; fails if any record could
/// not be delivered.
pub fn run(settings: &ProducerSettings, reader: &ReaderSettings) -> anyhow::Result<()> {
    let mut config = client_config(&settings.bootstrap, &[]);
    config.set("queue.buffering.max.messages", QUEUE_MESSAGES);
    // Kafka's delivery.timeout.ms default (librdkafka waits 300 s): an unreachable cluster
    // fails the run after two minutes, as with Kafka's producer.
    config.set("message.timeout.ms", "120000");
    let property = |key: &str| {
        settings
            .properties
            .iter()
            .rev()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.clone())
    };
    if property("transactional.id").is_some_and(|id| !id.is_empty()) {
        // librdkafka refuses a message timeout above the transaction timeout (Kafka's
        // producer does not check): records wait at most transaction.timeout.ms (60 s).
        config.set(
            "message.timeout.ms",
            property("transaction.timeout.ms").unwrap_or_else(|| "60000".into()),
        );
    }
    crate::admin::client::apply_properties(&mut config, &settings.properties);
    let producer: BaseProducer<DeliveryContext> = config
        .create_with_context(DeliveryContext::default())
        .context("cannot create the producer")?;

    let transactional = settings
        .properties
        .iter()
        .any(|(k, v)| k == "transactional.id" && !v.is_empty());
    if transactional {
        producer
            .init_transactions(TXN_TIMEOUT)
            .map_err(|e| anyhow::anyhow!("cannot initialize transactions: {e}"))?;
    }
    let mut txn = Transaction {
        producer: &producer,
        enabled: transactional,
        open: false,
    };

    super::install_signal_handlers();
    let stdin = io::stdin();
    let interactive = stdin.is_terminal();
    let mut input = io::BufReader::with_capacity(1 << 20, stdin.lock());
    let mut line = Vec::with_capacity(4096);
    let mut line_number = 0u64;
    let topic = settings.topic.as_str();
    let bar = progress_bar(interactive);
    let mut bytes_read = 0u64;
    let result = (|| -> anyhow::Result<()> {
        loop {
            if interactive {
                let mut out = io::stdout().lock();
                let _ = out.write_all(b">");
                let _ = out.flush();
            }
            line.clear();
            if !read_line(&mut input, &mut line).context("cannot read standard input")? {
                return Ok(());
            }
            if line.last() == Some(&b'\n') {
                line.pop();
                if line.last() == Some(&b'\r') {
                    line.pop();
                }
            }
            line_number += 1;
            bytes_read += line.len() as u64 + 1;
            if line_number.is_multiple_of(256) {
                bar.set_position(if bar.length().is_some() {
                    bytes_read
                } else {
                    line_number
                });
            }
            let parsed = reader.parse(&line, line_number)?;
            txn.begin()?;
            send(&producer, topic, &parsed)?;
            // A transaction holds the lines read at once: it commits when no more input is
            // waiting (each line typed at a terminal, each chunk of a pipe) or, with --sync,
            // after every line.
            if txn.open && (settings.sync || input.buffer().is_empty()) {
                txn.commit()?;
            } else if settings.sync {
                flush_all(&producer);
            } else if interactive || line_number.is_multiple_of(1024) {
                producer.poll(Duration::ZERO);
            } else {
                continue;
            }
            // Served events may hold a refused login: Kafka's producer fails every send from
            // then on, so reading more input would only queue records that cannot go.
            if let Some(failure) = producer.context().base.authentication_failure() {
                anyhow::bail!("cannot send records to {topic}: {}", failure.exception());
            }
        }
    })();
    bar.finish_and_clear();
    // The lines read before the end of input (or a stop signal) commit; a failure aborts
    // the open transaction, so none of its lines become visible to read_committed readers.
    let result = match result {
        Ok(()) if txn.open => txn.commit(),
        Ok(()) => Ok(()),
        Err(e) => {
            txn.abort();
            Err(e)
        }
    };
    // Whatever happened, deliver what was accepted (flush sends at once, ignoring linger.ms).
    flush_all(&producer);
    result?;
    let ctx = producer.context();
    let failed = ctx.failed.load(Ordering::Relaxed);
    if failed > 0 {
        // Records purged after a refused login failed for that reason.
        let reason = match ctx.base.authentication_failure() {
            Some(failure) => failure.exception(),
            None => ctx
                .first_error
                .lock()
                .ok()
                .and_then(|e| e.clone())
                .unwrap_or_else(|| "unknown error".into()),
        };
        anyhow::bail!(
            "failed to deliver {failed} record{} to {topic}: {reason}",
            if failed == 1 { "" } else { "s" }
        );
    }
    Ok(())
}

/// How long init, commit and abort of a transaction may take.
const TXN_TIMEOUT: Duration = Duration::from_secs(60);

/// The console producer's transaction with `transactional.id` set (a no-op without): one is
/// begun before the first line of a batch and committed after its last.
struct Transaction<'a> {
    producer: &'a BaseProducer<DeliveryContext>,
    enabled: bool,
    open: bool,
}

impl Transaction<'_> {
    fn begin(&mut self) -> anyhow::Result<()> {
        if self.enabled && !self.open {
            self.producer
                .begin_transaction()
                .map_err(|e| anyhow::anyhow!("cannot begin a transaction: {e}"))?;
            self.open = true;
        }
        Ok(())
    }

    fn commit(&mut self) -> anyhow::Result<()> {
        // Deliver first, serving delivery reports: librdkafka's commit flushes too, but with
        // reports as events it would wait for someone to serve them.
        flush_all(self.producer);
        self.open = false;
        self.producer
            .commit_transaction(TXN_TIMEOUT)
            .map_err(|e| anyhow::anyhow!("cannot commit the transaction: {e}"))
    }

    fn abort(&mut self) {
        if self.open {
            self.open = false;
            // As without a transaction, what was accepted is delivered first: the records
            // are written and then aborted, as a failed Kafka producer's would be.
            flush_all(self.producer);
            // The abort waits for the reports of anything still queued, served meanwhile.
            let producer = self.producer;
            let done = AtomicBool::new(false);
            std::thread::scope(|scope| {
                scope.spawn(|| {
                    while !done.load(Ordering::Acquire) {
                        producer.poll(Duration::from_millis(10));
                    }
                });
                if let Err(e) = producer.abort_transaction(TXN_TIMEOUT) {
                    tracing::warn!("aborting the transaction failed: {e}");
                }
                done.store(true, Ordering::Release);
            });
        }
    }
}

/// (kt) Progress on stderr when it is a terminal and the records come from a file or a pipe:
/// bytes of a file (with its size known), else records read and their rate. Hidden otherwise,
/// so pipes and CI logs see nothing extra.
fn progress_bar(interactive: bool) -> indicatif::ProgressBar {
    use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
    if interactive || !io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let file_len = std::fs::metadata("/dev/stdin")
        .ok()
        .filter(|m| m.is_file())
        .map(|m| m.len());
    let (bar, template) = match file_len {
        Some(len) => (
            ProgressBar::with_draw_target(Some(len), ProgressDrawTarget::stderr()),
            "{bar:30} {bytes}/{total_bytes} sent ({bytes_per_sec}, eta {eta})",
        ),
        None => (
            ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr()),
            "{spinner} {pos} records sent ({per_sec})",
        ),
    };
    if let Ok(style) = ProgressStyle::with_template(template) {
        bar.set_style(style);
    }
    bar
}

/// Reads one line (with its `\n`, if any) into `line`; `false` at the end of input or when
/// SIGINT/SIGTERM arrived, so that what was read is still delivered (as Kafka's producer does
/// on Ctrl-C).
fn read_line(input: &mut impl BufRead, line: &mut Vec<u8>) -> io::Result<bool> {
    loop {
        if super::stopping() {
            return Ok(false);
        }
        let available = match input.fill_buf() {
            Ok(b) => b,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if available.is_empty() {
            return Ok(!line.is_empty());
        }
        match available.iter().position(|b| *b == b'\n') {
            Some(i) => {
                line.extend_from_slice(&available[..=i]);
                input.consume(i + 1);
                return Ok(true);
            }
            None => {
                let n = available.len();
                line.extend_from_slice(available);
                input.consume(n);
            }
        }
    }
}

/// Waits until every enqueued record is delivered or failed, sending at once.
///
/// rdkafka's `flush` calls librdkafka's flush with a zero timeout in a loop, which drops the
/// "flushing" state between calls so records still wait for `linger.ms` (a second by default
/// here). librdkafka's flush with a real timeout sends at once but, with delivery reports as
/// events (as rdkafka sets up), only returns once someone has served those reports: a scoped
/// thread does that meanwhile.
#[allow(unsafe_code)]
fn flush_all(producer: &BaseProducer<DeliveryContext>) {
    let done = AtomicBool::new(false);
    std::thread::scope(|scope| {
        scope.spawn(|| {
            while !done.load(Ordering::Acquire) {
                producer.poll(Duration::from_millis(10));
            }
        });
        loop {
            // SAFETY: the producer handle is live for the duration of the call.
            let err =
                unsafe { rdkafka::bindings::rd_kafka_flush(producer.client().native_ptr(), 100) };
            if err == rdkafka::bindings::rd_kafka_resp_err_t::RD_KAFKA_RESP_ERR_NO_ERROR
                && producer.in_flight_count() == 0
            {
                break;
            }
            fail_records_after_refused_login(producer, &producer.context().base);
        }
        done.store(true, Ordering::Release);
    });
}

/// Enqueues one record, waiting (and serving delivery reports) while librdkafka's queue is full.
fn send(
    producer: &BaseProducer<DeliveryContext>,
    topic: &str,
    parsed: &ParsedLine<'_>,
) -> anyhow::Result<()> {
    let mut record: BaseRecord<'_, [u8], [u8]> = BaseRecord::to(topic);
    if let Some(k) = parsed.key {
        record = record.key(k);
    }
    if let Some(v) = parsed.value {
        record = record.payload(v);
    }
    if !parsed.headers.is_empty() {
        let mut headers = OwnedHeaders::new_with_capacity(parsed.headers.len());
        for (k, v) in &parsed.headers {
            let key = String::from_utf8_lossy(k);
            headers = headers.insert(Header {
                key: &key,
                value: *v,
            });
        }
        record = record.headers(headers);
    }
    loop {
        match producer.send(record) {
            Ok(()) => return Ok(()),
            Err((KafkaError::MessageProduction(RDKafkaErrorCode::QueueFull), back)) => {
                record = back;
                producer.poll(Duration::from_millis(50));
            }
            Err((e, _)) => {
                let reason = e
                    .rdkafka_error_code()
                    .map(crate::admin::client::error_text)
                    .unwrap_or_else(|| e.to_string());
                anyhow::bail!("cannot send a record to {topic}: {reason}");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(props: &[(&str, &str)]) -> ReaderSettings {
        let props: Vec<(String, String)> = props
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        ReaderSettings::from_properties(&props).unwrap()
    }

    #[test]
    fn plain_line_is_value() {
        let s = ReaderSettings::default();
        let p = s.parse(b"hello\tworld", 1).unwrap();
        assert_eq!(p.key, None);
        assert_eq!(p.value, Some(&b"hello\tworld"[..]));
    }

    #[test]
    fn key_and_headers() {
        let s = settings(&[("parse.key", "true"), ("parse.headers", "true")]);
        let p = s.parse(b"h1:v1,h2:v2\tk\tv", 1).unwrap();
        assert_eq!(
            p.headers,
            vec![
                (&b"h1"[..], Some(&b"v1"[..])),
                (&b"h2"[..], Some(&b"v2"[..]))
            ]
        );
        assert_eq!(p.key, Some(&b"k"[..]));
        assert_eq!(p.value, Some(&b"v"[..]));
    }

    #[test]
    fn missing_separator_is_an_error_unless_ignored() {
        let s = settings(&[("parse.key", "true")]);
        let e = s.parse(b"novalue", 3).unwrap_err().to_string();
        assert_eq!(e, "No key separator found on line number 3: 'novalue'");
        let s = settings(&[("parse.key", "true"), ("ignore.error", "true")]);
        let p = s.parse(b"novalue", 3).unwrap();
        assert_eq!((p.key, p.value), (None, Some(&b"novalue"[..])));
    }

    #[test]
    fn null_marker() {
        let s = settings(&[
            ("parse.key", "true"),
            ("key.separator", ":"),
            ("null.marker", "NULL"),
        ]);
        let p = s.parse(b"NULL:NULL", 1).unwrap();
        assert_eq!((p.key, p.value), (None, None));
    }
}
