//! The loop of `kt verifiable-producer`: values `0, 1, 2, ...` (or `PREFIX.N`), optional
//! repeating keys and create times, at most a given rate, each acknowledgement or failure
//! printed as the JSON line Kafka's VerifiableProducer prints.

use std::io::Write;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::Context as _;
use rdkafka::error::KafkaError;
use rdkafka::message::Message;
use rdkafka::producer::{BaseRecord, DeliveryResult, Producer, ProducerContext, ThreadedProducer};
use rdkafka::types::RDKafkaErrorCode;
use rdkafka::ClientContext;
use serde_json::json;

use super::{now_ms, print_event, Events};
use crate::admin::authentication_failure::{
    fail_records_after_refused_login, AuthenticationFailure,
};
use crate::admin::client::{apply_properties, client_config, KtContext};

/// What to send.
#[derive(Debug, Clone)]
pub struct VerifiableProducerSettings {
    pub bootstrap: String,
    pub topic: String,
    /// Negative: until stopped by a signal.
    pub max_messages: i64,
    /// Records per second at most; negative: no limit.
    pub throughput: i64,
    /// `0`, `1` or `-1`.
    pub acks: i32,
    pub value_prefix: Option<i32>,
    /// Keys `0 .. N-1` over and over.
    pub repeating_keys: Option<i32>,
    /// The first record's create time (ms since the epoch).
    pub create_time: Option<i64>,
    pub properties: Vec<(String, String)>,
}

/// The producer's context: every delivery report becomes an event.
struct EventContext {
    inner: KtContext,
    events: Events,
    topic: String,
    acked: Arc<AtomicU64>,
}

impl ClientContext for EventContext {
    fn log(&self, level: rdkafka::config::RDKafkaLogLevel, fac: &str, message: &str) {
        self.inner.log(level, fac, message);
    }
    fn error(&self, error: KafkaError, reason: &str) {
        self.inner.error(error, reason);
    }
}

/// The key and value of a record, carried to its delivery report.
type Sent = Box<(Option<String>, String)>;

impl ProducerContext for EventContext {
    type DeliveryOpaque = Sent;

    fn delivery(&self, result: &DeliveryResult<'_>, sent: Sent) {
        let (key, value) = *sent;
        match result {
            Ok(m) => {
                self.acked.fetch_add(1, Ordering::SeqCst);
                print_event(
                    &self.events,
                    "producer_send_success",
                    &[
                        ("key", json!(key)),
                        ("value", json!(value)),
                        ("offset", json!(m.offset())),
                        ("topic", json!(m.topic())),
                        ("partition", json!(m.partition())),
                    ],
                );
            }
            Err((e, _)) => {
                let refused = self.inner.authentication_failure();
                print_failure(&self.events, &self.topic, &key, &value, e, refused)
            }
        }
    }
}

/// A `producer_send_error` event, with the Java exception Kafka's producer would report: after
/// a refused login, that refusal (the record was failed for it).
fn print_failure(
    events: &Events,
    topic: &str,
    key: &Option<String>,
    value: &str,
    e: &KafkaError,
    refused: Option<AuthenticationFailure>,
) {
    let (class, message) = match &refused {
        Some(failure) => (failure.java_class(), failure.message().to_string()),
        None => (failure_class(e), e.to_string()),
    };
    print_event(
        events,
        "producer_send_error",
        &[
            ("key", json!(key)),
            ("value", json!(value)),
            ("topic", json!(topic)),
            ("exception", json!(format!("class {class}"))),
            ("message", json!(message)),
        ],
    );
}

/// The Java exception Kafka's producer would report for `e`.
fn failure_class(e: &KafkaError) -> &'static str {
    match e.rdkafka_error_code() {
        Some(RDKafkaErrorCode::MessageTimedOut) => {
            "org.apache.kafka.common.errors.TimeoutException"
        }
        Some(RDKafkaErrorCode::UnknownTopicOrPartition) => {
            "org.apache.kafka.common.errors.UnknownTopicOrPartitionException"
        }
        Some(RDKafkaErrorCode::MessageSizeTooLarge) => {
            "org.apache.kafka.common.errors.RecordTooLargeException"
        }
        Some(RDKafkaErrorCode::NotEnoughReplicas) => {
            "org.apache.kafka.common.errors.NotEnoughReplicasException"
        }
        _ => "org.apache.kafka.common.KafkaException",
    }
}

/// Produces, prints every event and returns once done (or stopped by `stopping`). Ends with
/// `shutdown_complete` and `tool_data`, as Kafka's shutdown hook prints them.
pub fn run(
    settings: &VerifiableProducerSettings,
    out: Box<dyn Write + Send>,
    stopping: impl Fn() -> bool,
) -> anyhow::Result<()> {
    let events: Events = Arc::new(Mutex::new(out));
    let acked = Arc::new(AtomicU64::new(0));
    let mut config = client_config(&settings.bootstrap, &[]);
    config
        .set("acks", settings.acks.to_string())
        // No producer retries, as Kafka's tool.
        .set("retries", "0")
        .set("linger.ms", "5");
    apply_properties(&mut config, &settings.properties);
    let context = EventContext {
        inner: KtContext::default(),
        events: events.clone(),
        topic: settings.topic.clone(),
        acked: acked.clone(),
    };
    let producer: ThreadedProducer<EventContext> = config
        .create_with_context(context)
        .context("cannot create the producer")?;
    let start_ms = now_ms();
    let started = Instant::now();
    print_event(&events, "startup_complete", &[]);
    let max = if settings.max_messages < 0 {
        u64::MAX
    } else {
        settings.max_messages as u64
    };
    let mut create_time = settings.create_time;
    let mut key_counter = 0;
    let mut sent = 0u64;
    for i in 0..max {
        if stopping() {
            break;
        }
        let key = settings.repeating_keys.map(|n| {
            let key = key_counter.to_string();
            key_counter += 1;
            if key_counter == n {
                key_counter = 0;
            }
            key
        });
        let value = match settings.value_prefix {
            Some(prefix) => format!("{prefix}.{i}"),
            None => i.to_string(),
        };
        let opaque: Sent = Box::new((key.clone(), value.clone()));
        let mut record = BaseRecord::with_opaque_to(&settings.topic, opaque).payload(&value);
        if let Some(k) = &key {
            record = record.key(k);
        }
        if let Some(t) = create_time {
            record = record.timestamp(t);
            // Kafka's tool moves the create time on by the time since start, every record.
            create_time = Some(t + (now_ms() - start_ms));
        }
        sent += 1;
        let mut pending = record;
        loop {
            match producer.send(pending) {
                Ok(()) => break,
                Err((e, back)) if e.rdkafka_error_code() == Some(RDKafkaErrorCode::QueueFull) => {
                    pending = back;
                    std::thread::sleep(Duration::from_millis(5));
                }
                Err((e, back)) => {
                    let (key, value) = *back.delivery_opaque;
                    print_failure(&events, &settings.topic, &key, &value, &e, None);
                    break;
                }
            }
        }
        // After a refused login each send fails at once, as with Kafka's producer.
        fail_records_after_refused_login(&producer, &producer.context().inner);
        // At most `throughput` records per second: record i waits for its slot.
        if settings.throughput > 0 {
            let due = Duration::from_secs_f64((i + 1) as f64 / settings.throughput as f64);
            if let Some(wait) = due.checked_sub(started.elapsed()) {
                std::thread::sleep(wait);
            }
        }
    }
    // Every record is delivered or failed (at most message.timeout.ms, 300 s by default).
    while producer.in_flight_count() > 0 {
        let _ = producer.flush(Duration::from_millis(100));
        fail_records_after_refused_login(&producer, &producer.context().inner);
    }
    print_event(&events, "shutdown_complete", &[]);
    let elapsed_ms = (now_ms() - start_ms).max(1) as f64;
    let acked = acked.load(Ordering::SeqCst);
    print_event(
        &events,
        "tool_data",
        &[
            ("sent", json!(sent)),
            ("acked", json!(acked)),
            ("target_throughput", json!(settings.throughput)),
            ("avg_throughput", json!(1000.0 * acked as f64 / elapsed_ms)),
        ],
    );
    Ok(())
}
