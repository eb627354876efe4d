//! The loop of `kt e2e-latency` (Kafka's EndToEndLatency): one record at a time is produced,
//! acknowledged, and read back by a consumer positioned at the end of the topic; the time from
//! send to read is the record's end-to-end latency.

use std::time::{Duration, Instant};

use anyhow::{bail, Context as _};
use rdkafka::consumer::{BaseConsumer, CommitMode, Consumer};
use rdkafka::message::Message;
use rdkafka::producer::{FutureProducer, FutureRecord};
use rdkafka::util::Timeout;
use rdkafka::{Offset, TopicPartitionList};

use crate::admin::client::{apply_properties, client_config, KtContext};

/// How long a read waits for the record just produced (Kafka's `POLL_TIMEOUT_MS`).
pub const POLL_TIMEOUT: Duration = Duration::from_millis(60_000);

/// What one run measures.
#[derive(Debug, Clone)]
pub struct LatencySettings {
    pub brokers: String,
    pub topic: String,
    pub num_messages: usize,
    /// `1` or `all`.
    pub acks: String,
    pub message_size: usize,
    /// Client properties from the optional properties file, for both clients.
    pub properties: Vec<(String, String)>,
}

/// The figures of a run: each record's latency in nanoseconds, in send order.
#[derive(Debug, Clone, PartialEq)]
pub struct Latencies {
    pub nanos: Vec<u64>,
}

impl Latencies {
    /// `Avg latency`: the mean in ms (NaN for no records, as Kafka's division gives).
    pub fn average_ms(&self) -> f64 {
        let total: f64 = self.nanos.iter().map(|&n| n as f64).sum();
        total / self.nanos.len() as f64 / 1000.0 / 1000.0
    }

    /// Kafka's percentile: the whole-ms latency at index `len * q` of the sorted list; None
    /// for no records (where Kafka's tool fails on the empty array).
    pub fn percentile_ms(&self, q: f64) -> Option<u64> {
        let mut ms: Vec<u64> = self.nanos.iter().map(|n| n / 1_000_000).collect();
        ms.sort_unstable();
        ms.get((ms.len() as f64 * q) as usize).copied()
    }
}

/// Java's `java.util.Random`, for the payloads: Kafka's tool fills record `i` with one
/// letter drawn from `new Random(0)`, so kt sends the same bytes.
pub struct JavaRandom {
    seed: u64,
}

impl JavaRandom {
    const MULTIPLIER: u64 = 0x5_DEEC_E66D;
    const MASK: u64 = (1 << 48) - 1;

    /// `new Random(seed)`.
    pub fn new(seed: i64) -> Self {
        JavaRandom {
            seed: (seed as u64 ^ Self::MULTIPLIER) & Self::MASK,
        }
    }

    fn next(&mut self, bits: u32) -> i32 {
        self.seed = (self.seed.wrapping_mul(Self::MULTIPLIER).wrapping_add(0xB)) & Self::MASK;
        (self.seed >> (48 - bits)) as i32
    }

    /// `nextInt(bound)` for a positive bound.
    pub fn next_int(&mut self, bound: i32) -> i32 {
        if bound & (bound - 1) == 0 {
            return ((bound as i64 * self.next(31) as i64) >> 31) as i32;
        }
        loop {
            let bits = self.next(31);
            let value = bits % bound;
            if bits.wrapping_sub(value).wrapping_add(bound - 1) >= 0 {
                return value;
            }
        }
    }
}

/// Runs the measurement. `progress(i, nanos)` is called for every 1000th record (0, 1000, ...).
pub fn run(
    settings: &LatencySettings,
    mut progress: impl FnMut(usize, u64),
) -> anyhow::Result<Latencies> {
    let mut consumer_config = client_config(&settings.brokers, &[]);
    consumer_config
        .set(
            "group.id",
            format!("test-group-{}", kt_base::clock::now_ms()),
        )
        .set("enable.auto.commit", "false")
        .set("auto.offset.reset", "latest")
        .set("enable.partition.eof", "false")
        // No temporal batching (Kafka's fetch.max.wait.ms=0).
        .set("fetch.wait.max.ms", "0");
    apply_properties(&mut consumer_config, &settings.properties);
    let consumer: BaseConsumer<KtContext> = consumer_config
        .create_with_context(KtContext::default())
        .context("cannot create the consumer")?;
    let mut producer_config = client_config(&settings.brokers, &[]);
    producer_config.set("linger.ms", "0");
    apply_properties(&mut producer_config, &settings.properties);
    producer_config.set("acks", settings.acks.as_str());
    let producer: FutureProducer<KtContext> = producer_config
        .create_with_context(KtContext::default())
        .context("cannot create the producer")?;

    // Start at the end of every partition, resolved before the first send so that the record
    // sent is the first one read.
    let metadata = consumer
        .fetch_metadata(Some(&settings.topic), Duration::from_secs(60))
        .context("cannot read the topic's metadata")?;
    let mut assignment = TopicPartitionList::new();
    for topic in metadata.topics() {
        for p in topic.partitions() {
            let (_, high) = consumer
                .fetch_watermarks(&settings.topic, p.id(), Duration::from_secs(60))
                .context("cannot look up the end of the topic")?;
            assignment.add_partition_offset(&settings.topic, p.id(), Offset::Offset(high))?;
        }
    }
    consumer.assign(&assignment)?;

    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    let mut random = JavaRandom::new(0);
    let mut nanos = Vec::with_capacity(settings.num_messages);
    for i in 0..settings.num_messages {
        let letter = (random.next_int(26) + 65) as u8;
        let message = vec![letter; settings.message_size];
        let begin = Instant::now();
        let sent = runtime.block_on(producer.send(
            FutureRecord::<(), _>::to(&settings.topic).payload(&message),
            Timeout::Never,
        ));
        if let Err((e, _)) = sent {
            bail!("{e}");
        }
        let read = match consumer.poll(POLL_TIMEOUT) {
            Some(Ok(record)) => record.payload().map(<[u8]>::to_vec).unwrap_or_default(),
            Some(Err(e)) => return Err(e.into()),
            None => {
                let _ = consumer.commit_consumer_state(CommitMode::Sync);
                bail!(
                    "poll() timed out before finding a result (timeout:[{}])",
                    POLL_TIMEOUT.as_millis()
                );
            }
        };
        let elapsed = begin.elapsed().as_nanos() as u64;
        // Whatever else arrived in the same fetch would have been in Kafka's one poll.
        let mut count = 1;
        while let Some(Ok(_)) = consumer.poll(Duration::ZERO) {
            count += 1;
        }
        if read != message {
            let _ = consumer.commit_consumer_state(CommitMode::Sync);
            bail!(
                "The message read [{}] did not match the message sent [{}]",
                String::from_utf8_lossy(&read),
                String::from_utf8_lossy(&message)
            );
        }
        if count != 1 {
            let _ = consumer.commit_consumer_state(CommitMode::Sync);
            bail!("Only one result was expected during this test. We found [{count}]");
        }
        if i % 1000 == 0 {
            progress(i, elapsed);
        }
        nanos.push(elapsed);
    }
    let _ = consumer.commit_consumer_state(CommitMode::Sync);
    Ok(Latencies { nanos })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn java_random_draws_as_java_does() {
        // new java.util.Random(0): nextInt() is -1155484576; nextInt(26) gives 18, 18, 23, 21, 13.
        let mut r = JavaRandom::new(0);
        let drawn: Vec<i32> = (0..5).map(|_| r.next_int(26)).collect();
        assert_eq!(drawn, vec![18, 18, 23, 21, 13]);
        assert_eq!(JavaRandom::new(0).next(32), -1_155_484_576);
    }

    #[test]
    fn percentiles_are_kafkas_indexes_into_whole_ms() {
        let l = Latencies {
            nanos: vec![3_900_000, 1_000_000, 2_500_000, 10_000_000],
        };
        assert_eq!(l.percentile_ms(0.5), Some(3));
        assert_eq!(l.percentile_ms(0.99), Some(10));
        assert!((l.average_ms() - 4.35).abs() < 1e-9);
        assert_eq!(Latencies { nanos: vec![] }.percentile_ms(0.5), None);
    }
}
