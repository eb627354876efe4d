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

/// OffsetFetch v8 of `group`'s offset for `topic`-0 at the broker at `addr`, with or without
/// `require_stable` (KIP-447, sent by read_committed consumers): the offset and the
/// partition's error code (88, UNSTABLE_OFFSET_COMMIT, while a transaction holds it).
pub fn stable_offset_fetch(
    addr: std::net::SocketAddr,
    group: &str,
    topic: &str,
    require_stable: bool,
) -> (i64, i16) {
    use kafka_protocol::messages::offset_fetch_request::{
        OffsetFetchRequestGroup, OffsetFetchRequestTopics,
    };
    use kafka_protocol::messages::{GroupId, OffsetFetchRequest, TopicName};
    use kafka_protocol::protocol::StrBytes;
    let request = OffsetFetchRequest::default()
        .with_require_stable(require_stable)
        .with_groups(vec![OffsetFetchRequestGroup::default()
            .with_group_id(GroupId(StrBytes::from_string(group.to_string())))
            .with_topics(Some(vec![OffsetFetchRequestTopics::default()
                .with_name(TopicName(StrBytes::from_string(topic.to_string())))
                .with_partition_indexes(vec![0])]))]);
    let answer = super::raw::Client::connect(addr).call(8, &request);
    let group = &answer.groups[0];
    match group.topics.first().and_then(|t| t.partitions.first()) {
        Some(p) if p.error_code != 0 || group.error_code == 0 => (p.committed_offset, p.error_code),
        _ => (-1, group.error_code),
    }
}
