//! What the transaction tests share: librdkafka transactional producers, readers at an
//! isolation level, and the values they read.

use std::time::{Duration, Instant};

use rdkafka::consumer::BaseConsumer;
use rdkafka::producer::{DefaultProducerContext, ThreadedProducer};
use rdkafka::Message;

/// A librdkafka transactional producer of `bootstrap` with transactional id `id` and a 30 s
/// transaction timeout; the caller initialises its transactions.
pub fn transactional_producer(
    bootstrap: &str,
    id: &str,
) -> ThreadedProducer<DefaultProducerContext> {
    super::client(bootstrap)
        .set("transactional.id", id)
        .set("transaction.timeout.ms", "30000")
        .create()
        .unwrap()
}

/// A consumer at `isolation` (`read_committed` or `read_uncommitted`) assigned every
/// partition `0..partitions` of `topic` from the start, with quick fetches.
pub fn isolated_reader(
    bootstrap: &str,
    topic: &str,
    partitions: i32,
    isolation: &str,
) -> BaseConsumer {
    let consumer = super::client(bootstrap)
        .set("group.id", format!("reader-{isolation}"))
        .set("enable.auto.commit", "false")
        .set("isolation.level", isolation)
        .set("fetch.wait.max.ms", "50")
        .create()
        .unwrap();
    super::assign_from_start(consumer, topic, partitions)
}

/// Polls `consumer` until `want` values have arrived or `wait` passes; returns all values
/// read.
pub fn read_values(consumer: &BaseConsumer, want: usize, wait: Duration) -> Vec<String> {
    let deadline = Instant::now() + wait;
    let mut got = Vec::new();
    while Instant::now() < deadline && got.len() < want {
        if let Some(Ok(m)) = consumer.poll(Duration::from_millis(50)) {
            got.push(String::from_utf8_lossy(m.payload().unwrap_or_default()).to_string());
        }
    }
    got
}
