//! The counters the request path moves: plain relaxed atomics, so counting a request costs a
//! few uncontended `fetch_add`s and never a lock or an allocation. Relaxed is enough: a
//! scrape wants each count eventually, not an order between them.

use std::sync::atomic::{AtomicU64, Ordering};

/// A count that only grows (Kafka's meters: their `Count` attribute).
#[derive(Debug, Default)]
pub struct Counter(AtomicU64);

impl Counter {
    /// Adds `n`.
    #[inline]
    pub fn add(&self, n: u64) {
        self.0.fetch_add(n, Ordering::Relaxed);
    }

    /// Adds one.
    #[inline]
    pub fn inc(&self) {
        self.add(1);
    }

    /// The count now.
    pub fn get(&self) -> u64 {
        self.0.load(Ordering::Relaxed)
    }
}

/// Kafka's `BrokerTopicMetrics` meters, kept once for all topics and once per partition
/// (summed per topic at scrape time, so a produce touches only its partition's line).
/// Aligned to a cache line so that two partitions' counters never share one.
#[derive(Debug, Default)]
#[repr(align(64))]
pub struct TopicCounters {
    /// Records appended (`MessagesInPerSec`).
    pub messages_in: Counter,
    /// Record-batch bytes appended (`BytesInPerSec`).
    pub bytes_in: Counter,
    /// Record-batch bytes sent to consumers (`BytesOutPerSec`; followers are not counted,
    /// as in Kafka).
    pub bytes_out: Counter,
    /// Partitions produced to, one per partition of a request (`TotalProduceRequestsPerSec`
    /// counts as Kafka's `ReplicaManager` does).
    pub produce_requests: Counter,
    /// Partitions fetched from, one per partition of a request (`TotalFetchRequestsPerSec`).
    pub fetch_requests: Counter,
    /// Partition produces that failed (`FailedProduceRequestsPerSec`).
    pub failed_produce: Counter,
    /// Partition fetches that failed (`FailedFetchRequestsPerSec`).
    pub failed_fetch: Counter,
}

impl TopicCounters {
    /// The meters as (JMX `name`, count), in the order they are exposed.
    pub fn meters(&self) -> [(&'static str, u64); 7] {
        [
            ("MessagesInPerSec", self.messages_in.get()),
            ("BytesInPerSec", self.bytes_in.get()),
            ("BytesOutPerSec", self.bytes_out.get()),
            ("TotalProduceRequestsPerSec", self.produce_requests.get()),
            ("TotalFetchRequestsPerSec", self.fetch_requests.get()),
            ("FailedProduceRequestsPerSec", self.failed_produce.get()),
            ("FailedFetchRequestsPerSec", self.failed_fetch.get()),
        ]
    }
}
