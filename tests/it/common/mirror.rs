//! What the mirror tests (`kt mirror-maker`, `kt connect-mirror-maker`) share: keyed records
//! with headers and timestamps written to a source, and what of a record they compare on
//! the target.

use std::time::Duration;

use rdkafka::message::{BorrowedMessage, Header, Headers, Message, OwnedHeaders};
use rdkafka::producer::{FutureProducer, FutureRecord};

/// One record as the mirror tests compare it: partition, key, headers, timestamp.
pub type Seen = (i32, Option<String>, Vec<(String, String)>, i64);

/// Produces records `values` to `topic` with acks=all: record i is value `v{i}`, key `k{i}`,
/// header `origin=h{i}`, timestamp 1_700_000_000_000 + i, in partition `i % partitions`.
pub async fn produce_keyed(
    bootstrap: &str,
    topic: &str,
    partitions: i32,
    values: std::ops::Range<usize>,
) {
    let producer: FutureProducer = super::client(bootstrap)
        .set("acks", "all")
        .create()
        .unwrap();
    for i in values {
        let (value, key, header) = (format!("v{i}"), format!("k{i}"), format!("h{i}"));
        let record = FutureRecord::to(topic)
            .payload(&value)
            .key(&key)
            .partition((i % partitions as usize) as i32)
            .timestamp(1_700_000_000_000 + i as i64)
            .headers(OwnedHeaders::new().insert(Header {
                key: "origin",
                value: Some(&header),
            }));
        producer
            .send(record, Duration::from_secs(10))
            .await
            .unwrap();
    }
}

/// What a mirror must keep of `m`: its partition, key, headers and timestamp.
pub fn seen(m: &BorrowedMessage<'_>) -> Seen {
    let text = |b: Option<&[u8]>| b.map(|b| String::from_utf8_lossy(b).into_owned());
    let headers = m
        .headers()
        .map(|h| {
            h.iter()
                .map(|h| (h.key.to_string(), text(h.value).unwrap_or_default()))
                .collect()
        })
        .unwrap_or_default();
    (
        m.partition(),
        text(m.key()),
        headers,
        m.timestamp().to_millis().unwrap_or(-1),
    )
}

/// The records on `broker`'s partitions `0..partitions` of `topic`: the sum of their log end
/// offsets (partitions it does not have count 0).
pub fn end_offsets(broker: &kt::broker::RunningBroker, topic: &str, partitions: i32) -> i64 {
    (0..partitions)
        .filter_map(|p| broker.broker().partition(topic, p))
        .map(|p| p.log.log_end_offset())
        .sum()
}
