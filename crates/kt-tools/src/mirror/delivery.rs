//! What the mirror's producer learns about its sends: the target's acknowledgements arrive
//! here (librdkafka's delivery reports), and a send that failed for good is counted and
//! remembered, so that offsets are committed only for what the target acknowledged.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Mutex;

use rdkafka::client::ClientContext;
use rdkafka::message::Message;
use rdkafka::producer::{DeliveryResult, ProducerContext};

use crate::admin::client::KtContext;

/// The producer's context: librdkafka's log kept off stdout (as every kt client), and the
/// outcome of every send.
#[derive(Default)]
pub struct Deliveries {
    log: KtContext,
    acknowledged: AtomicU64,
    dropped: AtomicU64,
    failed: AtomicBool,
    first_failure: Mutex<Option<String>>,
}

impl Deliveries {
    /// Records the target acknowledged.
    pub fn acknowledged(&self) -> u64 {
        self.acknowledged.load(Ordering::Relaxed)
    }

    /// Records whose send failed for good (Kafka's `MirrorMaker-numDroppedMessages`).
    pub fn dropped(&self) -> u64 {
        self.dropped.load(Ordering::Relaxed)
    }

    /// The context every kt client has (its refused login, if any).
    pub fn client(&self) -> &KtContext {
        &self.log
    }

    /// The first failure, if any send failed.
    pub fn failure(&self) -> Option<String> {
        if !self.failed.load(Ordering::SeqCst) {
            return None;
        }
        self.first_failure
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }
}

impl ClientContext for Deliveries {
    fn log(&self, level: rdkafka::config::RDKafkaLogLevel, fac: &str, log_message: &str) {
        self.log.log(level, fac, log_message);
    }

    fn error(&self, error: rdkafka::error::KafkaError, reason: &str) {
        self.log.error(error, reason);
    }
}

impl ProducerContext for Deliveries {
    type DeliveryOpaque = ();

    fn delivery(&self, result: &DeliveryResult<'_>, _: ()) {
        match result {
            Ok(_) => {
                self.acknowledged.fetch_add(1, Ordering::Relaxed);
            }
            Err((error, message)) => {
                self.dropped.fetch_add(1, Ordering::Relaxed);
                let mut first = self.first_failure.lock().unwrap_or_else(|e| e.into_inner());
                if first.is_none() {
                    // After a refused login the record failed (was purged) for that reason.
                    let error = match self.log.authentication_failure() {
                        Some(failure) => failure.exception(),
                        None => error.to_string(),
                    };
                    // Kafka's ErrorLoggingCallback line.
                    *first = Some(format!(
                        "Error when sending message to topic {} with key: {}, value: {} with error: {error}",
                        message.topic(),
                        message.key().map_or("null".to_string(), |k| format!("{} bytes", k.len())),
                        message
                            .payload()
                            .map_or("null".to_string(), |v| format!("{} bytes", v.len())),
                    ));
                }
                self.failed.store(true, Ordering::SeqCst);
            }
        }
    }
}
