//! kafka-mirror-maker.sh (Kafka's legacy MirrorMaker): copies the topics matching a pattern
//! from one cluster to another.
//!
//! Each of `--num.streams` streams is a consumer in the source group (`group.id` of the
//! consumer config) on its own thread; all share one producer to the target. A record keeps
//! its key, value, headers and timestamp, and its partition whenever the target topic has it
//! (a missing topic is created with the source's partition count and configs, see
//! [`topics`]). Offsets are at-least-once, as Kafka's: every `--offset.commit.interval.ms`,
//! and when a stream stops, the producer is flushed (every send acknowledged by the target or
//! failed for good) and only then are the consumed offsets committed; a failed send with
//! `--abort.on.send.failure true` stops the mirror without committing. A mirror killed at any
//! point resumes from the last commit, so the target may get some records twice, never none.

pub mod batch_copy;
pub mod delivery;
pub mod mm2;
pub mod positions;
pub mod topics;

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::Context;
use rdkafka::consumer::{BaseConsumer, CommitMode, Consumer};
use rdkafka::error::{KafkaError, RDKafkaErrorCode};
use rdkafka::message::{Header, Headers, Message, OwnedHeaders};
use rdkafka::producer::{BaseRecord, Producer, ThreadedProducer};
use rdkafka::{Offset, TopicPartitionList};

use crate::admin::authentication_failure::fail_records_after_refused_login;
use crate::admin::client::{client_config, KtContext};
use crate::console::corrupt_batch;
use crate::console::stopping;
use batch_copy::BatchCopier;
use delivery::Deliveries;
use positions::Positions;
use topics::TargetTopics;

/// What the flags and the two config files ask for.
#[derive(Debug, Clone)]
pub struct MirrorSettings {
    /// The consumer config (`--consumer.config`): the source cluster and group.
    pub consumer: Vec<(String, String)>,
    /// The producer config (`--producer.config`): the target cluster.
    pub producer: Vec<(String, String)>,
    /// `--include`: the topics to mirror (a Java regex over whole names).
    pub include: String,
    /// `--num.streams`.
    pub streams: usize,
    /// `--offset.commit.interval.ms`.
    pub commit_interval: Duration,
    /// `--abort.on.send.failure`.
    pub abort_on_send_failure: bool,
}

/// How long a poll waits for records (Kafka's mirror polls for one second).
const POLL: Duration = Duration::from_millis(200);

/// How many records a stream copies between two looks at the clock (for the commit interval),
/// unless a poll comes back empty first.
const CLOCK_EVERY: u32 = 1024;

/// How long a stopping mirror waits for the target's acknowledgements.
const STOP_FLUSH: Duration = Duration::from_secs(30);

type MirrorProducer = ThreadedProducer<Deliveries>;

/// The value of the last of `keys` a client config sets (a key and its librdkafka or Java
/// synonyms).
pub(crate) fn property<'a>(props: &'a [(String, String)], keys: &[&str]) -> Option<&'a str> {
    props
        .iter()
        .rev()
        .find(|(k, _)| keys.contains(&k.as_str()))
        .map(|(_, v)| v.trim())
}

/// Kafka's message for a client config without servers.
fn bootstrap_of(props: &[(String, String)]) -> anyhow::Result<String> {
    property(props, &["bootstrap.servers"])
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .context("Missing required configuration \"bootstrap.servers\" which has no default value.")
}

/// Runs the mirror until SIGINT/SIGTERM (a clean stop: flush, commit, exit 0) or a failure.
pub fn run(settings: &MirrorSettings) -> anyhow::Result<()> {
    let source = bootstrap_of(&settings.consumer)?;
    let target = bootstrap_of(&settings.producer)?;
    let group = property(&settings.consumer, &["group.id"])
        .filter(|g| !g.is_empty())
        .context(
            "To use the group management or offset commit APIs, you must provide a valid \
             group.id in the consumer configuration.",
        )?
        .to_string();
    // The pattern is checked before anything connects, as Kafka's subscribe would.
    let pattern = include_pattern(&settings.include)?;

    let producer: Arc<MirrorProducer> = {
        // Kafka's mirror defaults: nothing lost, nothing reordered, unless the config says so.
        // Kafka keeps the order with one request in flight; kt keeps it with the idempotent
        // producer instead (up to five in flight, in order, no duplicates from retries),
        // which copies faster. A config that sets either wins.
        let mut props = vec![("acks".to_string(), "all".to_string())];
        let user_sets = |k: &str| settings.producer.iter().any(|(key, _)| key == k);
        if user_sets("max.in.flight.requests.per.connection") || user_sets("enable.idempotence") {
            props.push((
                "max.in.flight.requests.per.connection".to_string(),
                "1".to_string(),
            ));
        } else {
            props.push(("enable.idempotence".to_string(), "true".to_string()));
            props.push((
                "max.in.flight.requests.per.connection".to_string(),
                "5".to_string(),
            ));
        }
        props.push(("delivery.timeout.ms".to_string(), i32::MAX.to_string()));
        props.extend(
            settings
                .producer
                .iter()
                .filter(|(k, _)| k != "producer.type")
                .cloned(),
        );
        let config = client_config(&target, &props);
        Arc::new(
            config
                .create_with_context(Deliveries::default())
                .context("cannot create the producer")?,
        )
    };
    let topics = Arc::new(TargetTopics::new(
        &source,
        &settings.consumer,
        &target,
        &settings.producer,
    )?);
    crate::console::install_signal_handlers();

    // Records the streams' batch copies had acknowledged by the target.
    let batch_copied = Arc::new(AtomicU64::new(0));
    let mut threads = Vec::new();
    for i in 0..settings.streams.max(1) {
        let mut props = vec![("enable.auto.commit".to_string(), "false".to_string())];
        props.push(("auto.offset.reset".to_string(), "latest".to_string()));
        // librdkafka pauses a partition whose local queue is full for a second by default;
        // the mirror drains that queue far faster, so it sat idle most of the time (1M
        // records took 6 s, of which the mirror used 1.4 s of CPU).
        props.push((
            "fetch.queue.backoff.ms".to_string(),
            crate::admin::client::CONSUMER_FETCH_QUEUE_BACKOFF_MS.to_string(),
        ));
        props.extend(settings.consumer.iter().cloned());
        // Kafka's mirror names its consumers `group-i`.
        props.push(("client.id".to_string(), format!("{group}-{i}")));
        let reset = property(&props, &["auto.offset.reset"])
            .unwrap_or("latest")
            .to_string();
        let batches = BatchCopier::new(
            &source,
            &props,
            &target,
            &settings.producer,
            &format!("{group}-{i}"),
            settings.abort_on_send_failure,
        );
        let mut config = client_config(&source, &[]);
        corrupt_batch::check_crcs_by_default(&mut config);
        crate::admin::client::apply_properties(&mut config, &props);
        config.set("enable.auto.offset.store", "false");
        config.set("enable.partition.eof", "false");
        let consumer: BaseConsumer<KtContext> = config
            .create_with_context(KtContext::default())
            .context("cannot create the consumer")?;
        consumer
            .subscribe(&[pattern.as_str()])
            .with_context(|| format!("Invalid expression syntax: {}", settings.include))?;
        let stream = Stream {
            consumer,
            producer: producer.clone(),
            topics: topics.clone(),
            positions: Positions::default(),
            batches,
            record_partitions: RecordPartitions::default(),
            send_failed: false,
            reset,
            batch_copied: batch_copied.clone(),
            commit_interval: settings.commit_interval,
            abort_on_send_failure: settings.abort_on_send_failure,
        };
        threads.push(
            std::thread::Builder::new()
                .name(format!("mirrormaker-thread-{i}"))
                .spawn(move || stream.run())?,
        );
    }
    let mut result = Ok(());
    for t in threads {
        let outcome = t
            .join()
            .unwrap_or_else(|_| Err(anyhow::anyhow!("a mirror maker thread panicked")));
        if result.is_ok() {
            result = outcome;
        }
    }
    // Kafka's mirror closes its producer last; whatever is still queued was flushed by the
    // streams, or is dropped with the failure that stopped them.
    let _ = producer.flush(Duration::from_secs(5));
    tracing::info!(
        "mirror maker stopped: {} records acknowledged by the target, {} dropped",
        producer.context().acknowledged() + batch_copied.load(Ordering::Relaxed),
        producer.context().dropped()
    );
    result
}

/// librdkafka's regex subscription for Kafka's include list: the whole name must match, and
/// `,` separates alternatives (Kafka's `IncludeList`).
fn include_pattern(include: &str) -> anyhow::Result<String> {
    let cleaned = include
        .trim()
        .trim_matches(|c| c == '"' || c == '\'')
        .replace(',', "|")
        .replace(' ', "");
    regex::Regex::new(&cleaned).with_context(|| format!("Invalid expression syntax: {include}"))?;
    // librdkafka's own regex engine has no `(?:`.
    Ok(format!("^({cleaned})$"))
}

/// One stream: a source consumer and the offsets it consumed since the last commit.
///
/// A partition the stream is assigned is copied as whole batches ([`batch_copy`]) when it
/// can be, and the consumer is paused on it; otherwise (no batch copy for these configs, a
/// partition the target topic lacks, a batch handed over) the consumer's records are sent
/// one by one through the producer (the record path).
struct Stream {
    consumer: BaseConsumer<KtContext>,
    producer: Arc<MirrorProducer>,
    topics: Arc<TargetTopics>,
    /// The next offset of each partition read since the last commit (the record path).
    positions: Positions,
    /// The batch copy, unless the configs ask for what only the record path does.
    batches: Option<BatchCopier>,
    /// With a batch copy: the assigned partitions the record path copies.
    record_partitions: RecordPartitions,
    /// The batch copy's target refused a batch for good with `--abort.on.send.failure`:
    /// nothing is committed any more, as in Kafka's mirror.
    send_failed: bool,
    /// The consumer's `auto.offset.reset`.
    reset: String,
    /// Records the batch copies had acknowledged, for the closing line.
    batch_copied: Arc<AtomicU64>,
    commit_interval: Duration,
    abort_on_send_failure: bool,
}

impl Stream {
    fn run(mut self) -> anyhow::Result<()> {
        let result = self.copy();
        // Kafka's thread end: flush, then commit (skipped when the flush failed, so nothing
        // unacknowledged is committed), then leave the group.
        let flushed = self.flush_and_commit();
        drop(self.consumer);
        result.and(flushed)
    }

    fn copy(&mut self) -> anyhow::Result<()> {
        let mut last_commit = Instant::now();
        // Records copied since the clock was last read: reading it for every record cost
        // more than a tenth of the stream's time.
        let mut since_clock = 0u32;
        while !stopping() {
            // While batches are copied, their fetch is the wait.
            let copying = self.batches.as_ref().is_some_and(|b| !b.is_idle());
            let mut quiet = false;
            match self
                .consumer
                .poll(if copying { Duration::ZERO } else { POLL })
            {
                None => {
                    since_clock = CLOCK_EVERY;
                    quiet = true;
                }
                Some(Ok(message))
                    if self.batches.is_some()
                        && !self
                            .record_partitions
                            .has(message.topic(), message.partition()) =>
                {
                    // A partition the batch copy has (its fetch got in before the pause), or
                    // one not looked at yet.
                    let (topic, partition) = (message.topic().to_string(), message.partition());
                    let offset = message.offset();
                    drop(message);
                    self.claim_assigned()?;
                    self.settle_unexpected(&topic, partition, offset)?;
                    continue;
                }
                Some(Ok(message)) => {
                    let topics = &self.topics;
                    let topic = message.topic();
                    let target_partitions = self
                        .positions
                        .locate(topic, message.partition(), || topics.ensure(topic))
                        .with_context(|| format!("cannot create topic {topic} on the target"))?;
                    send(&self.producer, &message, topic, target_partitions)?;
                    self.positions.sent(message.offset());
                    since_clock += 1;
                }
                Some(Err(e)) if corrupt_batch::is_corrupt_batch(&e) => {
                    anyhow::bail!(corrupt_batch::corrupt_batch_message(&self.consumer));
                }
                Some(Err(e)) => {
                    // Kafka's consumer throws on a refused login, which ends the mirror.
                    if let Some(failure) = self.consumer.context().refused_login(&e) {
                        anyhow::bail!(failure.exception());
                    }
                    let reason = e
                        .rdkafka_error_code()
                        .map(crate::admin::client::error_text)
                        .unwrap_or_else(|| e.to_string());
                    self.consumer.context().report_once(&reason);
                }
            }
            if self.abort_on_send_failure {
                if let Some(failure) = self.producer.context().failure() {
                    anyhow::bail!("{failure}");
                }
            }
            if self.batches.is_some() && (quiet || since_clock >= CLOCK_EVERY) {
                self.copy_batches(quiet)?;
            }
            if since_clock >= CLOCK_EVERY {
                since_clock = 0;
                if last_commit.elapsed() >= self.commit_interval {
                    self.flush_and_commit()?;
                    last_commit = Instant::now();
                }
            }
        }
        Ok(())
    }

    /// Waits until the target acknowledged every send, then commits the offsets consumed.
    fn flush_and_commit(&mut self) -> anyhow::Result<()> {
        if self.send_failed {
            return Ok(());
        }
        // While running, wait as long as the target takes (Kafka's flush has no limit); when
        // stopping, give it STOP_FLUSH before giving up without committing.
        let mut waited = Duration::ZERO;
        loop {
            match self.producer.flush(Duration::from_secs(1)) {
                Ok(()) => break,
                Err(KafkaError::Flush(RDKafkaErrorCode::OperationTimedOut)) => {
                    // The target refused the login: its sends fail (as Kafka's producer fails
                    // them) instead of waiting forever.
                    fail_records_after_refused_login(
                        &*self.producer,
                        self.producer.context().client(),
                    );
                    waited += Duration::from_secs(1);
                    if stopping() && waited >= STOP_FLUSH {
                        anyhow::bail!(
                            "the target did not acknowledge every record in time; offsets not \
                             committed"
                        );
                    }
                }
                Err(e) => anyhow::bail!("cannot flush the producer: {e}"),
            }
        }
        if self.abort_on_send_failure {
            if let Some(failure) = self.producer.context().failure() {
                anyhow::bail!("{failure}");
            }
        }
        let mut tpl = self
            .positions
            .to_commit()?
            .unwrap_or_else(TopicPartitionList::new);
        if let Some(batches) = &self.batches {
            batches.to_commit(&mut tpl)?;
        }
        if tpl.count() == 0 {
            return Ok(());
        }
        // After a rebalance the partitions may be another member's: if the commit fails,
        // what they consumed is copied again from the last commit (at least once, as in
        // Kafka's mirror).
        if let Err(e) = self.consumer.commit(&tpl, CommitMode::Sync) {
            tracing::warn!("Failed to commit offsets: {e}");
        }
        self.positions.clear();
        if let Some(batches) = &mut self.batches {
            batches.committed();
        }
        Ok(())
    }

    /// Follows the consumer's assignment: partitions it lost leave the batch copy and the
    /// record path; a new one goes to the batch copy (the consumer paused on it, copied from
    /// its committed offset or `auto.offset.reset`) when the target topic has the partition,
    /// else to the record path.
    fn claim_assigned(&mut self) -> anyhow::Result<()> {
        let Some(batches) = self.batches.as_mut() else {
            return Ok(());
        };
        let assignment = self.consumer.assignment()?;
        let assigned = |t: &str, p: i32| assignment.find_partition(t, p).is_some();
        let lost: Vec<(String, i32)> = batches
            .partitions()
            .filter(|(t, p)| !assigned(t, *p))
            .map(|(t, p)| (t.to_string(), p))
            .collect();
        for (topic, partition) in lost {
            batches.remove(&topic, partition);
        }
        self.record_partitions.keep(assigned);
        let mut taken = TopicPartitionList::new();
        for e in assignment.elements() {
            let (topic, partition) = (e.topic(), e.partition());
            if batches.owns(topic, partition) || self.record_partitions.has(topic, partition) {
                continue;
            }
            let target_partitions = self
                .topics
                .ensure(topic)
                .with_context(|| format!("cannot create topic {topic} on the target"))?;
            if partition >= target_partitions {
                self.record_partitions.add(topic, partition);
            } else {
                taken.add_partition(topic, partition);
            }
        }
        if taken.count() == 0 {
            return Ok(());
        }
        self.consumer.pause(&taken)?;
        for (topic, partition, start) in start_offsets(&self.consumer, taken, &self.reset)? {
            batches.add(&topic, partition, start);
        }
        Ok(())
    }

    /// After a record of a partition the record path does not copy came: if the partition
    /// turned out to be the record path's, it is read again from that record; if the batch
    /// copy has it, the consumer is paused on it again (an assignment resumes every
    /// partition).
    fn settle_unexpected(
        &mut self,
        topic: &str,
        partition: i32,
        offset: i64,
    ) -> anyhow::Result<()> {
        let mut tpl = TopicPartitionList::new();
        tpl.add_partition(topic, partition);
        if self
            .batches
            .as_ref()
            .is_some_and(|b| b.owns(topic, partition))
        {
            self.consumer.pause(&tpl)?;
        } else if self.record_partitions.has(topic, partition) {
            self.consumer
                .seek(topic, partition, Offset::Offset(offset), SEEK_TIMEOUT)?;
        }
        Ok(())
    }

    /// One step of the batch copy, then what it hands back: partitions whose position the
    /// source lost get one from `auto.offset.reset`; those handed over are resumed on the
    /// consumer from where the batch copy stopped.
    fn copy_batches(&mut self, long_poll: bool) -> anyhow::Result<()> {
        self.claim_assigned()?;
        let Some(batches) = self.batches.as_mut() else {
            return Ok(());
        };
        if batches.is_idle() {
            return Ok(());
        }
        // The Fetch waits for data only when the record path has nothing to send either.
        let step = match batches.step(long_poll, &stopping) {
            Ok(step) => step,
            Err(e) => {
                self.send_failed = matches!(e, batch_copy::CopyError::Send(_));
                anyhow::bail!("{e}");
            }
        };
        self.batch_copied.fetch_add(step.records, Ordering::Relaxed);
        for (topic, partition) in step.out_of_range {
            let offset = reset_offset(&self.consumer, &topic, partition, &self.reset)?;
            tracing::info!(
                "Resetting offset for partition {topic}-{partition} to offset {offset}."
            );
            batches.seek(&topic, partition, offset);
        }
        for (topic, partition, offset) in step.hand_overs {
            let mut tpl = TopicPartitionList::new();
            tpl.add_partition(&topic, partition);
            self.consumer
                .seek(&topic, partition, Offset::Offset(offset), SEEK_TIMEOUT)?;
            self.consumer.resume(&tpl)?;
            self.record_partitions.add(&topic, partition);
        }
        Ok(())
    }
}

/// With a batch copy, the assigned partitions the record path copies, looked up per record:
/// the previous record's partition is looked at first, so a run of records costs no search.
#[derive(Default)]
struct RecordPartitions {
    list: Vec<(String, i32)>,
    /// Index in `list` of the partition last found.
    last: std::cell::Cell<usize>,
}

impl RecordPartitions {
    fn has(&self, topic: &str, partition: i32) -> bool {
        let is = |(t, p): &(String, i32)| *p == partition && t == topic;
        if self.list.get(self.last.get()).is_some_and(is) {
            return true;
        }
        match self.list.iter().position(is) {
            Some(i) => {
                self.last.set(i);
                true
            }
            None => false,
        }
    }

    fn add(&mut self, topic: &str, partition: i32) {
        self.list.push((topic.to_string(), partition));
    }

    /// Keeps the partitions `assigned` says are still the consumer's.
    fn keep(&mut self, assigned: impl Fn(&str, i32) -> bool) {
        self.list.retain(|(t, p)| assigned(t, *p));
    }
}

/// How long the consumer may take to seek a partition.
const SEEK_TIMEOUT: Duration = Duration::from_secs(10);

/// How long the group and the source may take to say where a partition starts.
const START_TIMEOUT: Duration = Duration::from_secs(30);

/// Where the batch copy starts each of `partitions`: the group's committed offset, else
/// where `auto.offset.reset` says.
fn start_offsets(
    consumer: &BaseConsumer<KtContext>,
    partitions: TopicPartitionList,
    reset: &str,
) -> anyhow::Result<Vec<(String, i32, i64)>> {
    let committed = consumer
        .committed_offsets(partitions, START_TIMEOUT)
        .context("cannot read the group's committed offsets")?;
    let mut starts = Vec::new();
    for e in committed.elements() {
        let (topic, partition) = (e.topic(), e.partition());
        let start = match e.offset() {
            Offset::Offset(n) if n >= 0 => n,
            _ => reset_offset(consumer, topic, partition, reset)?,
        };
        starts.push((topic.to_string(), partition, start));
    }
    Ok(starts)
}

/// The offset `auto.offset.reset` picks for a partition (librdkafka's and Kafka's names).
fn reset_offset(
    consumer: &BaseConsumer<KtContext>,
    topic: &str,
    partition: i32,
    reset: &str,
) -> anyhow::Result<i64> {
    let (low, high) = consumer
        .fetch_watermarks(topic, partition, START_TIMEOUT)
        .with_context(|| format!("cannot read the offsets of {topic}-{partition}"))?;
    match reset {
        "earliest" | "smallest" | "beginning" => Ok(low),
        "latest" | "largest" | "end" => Ok(high),
        _ => anyhow::bail!(
            "Undefined offset with no reset policy for partitions: [{topic}-{partition}]"
        ),
    }
}

/// Sends one source record (of `topic`, which has `partitions` partitions on the target) to
/// the target, waiting while the producer's queue is full.
fn send(
    producer: &MirrorProducer,
    message: &rdkafka::message::BorrowedMessage<'_>,
    topic: &str,
    partitions: i32,
) -> anyhow::Result<()> {
    let headers = message.headers().map(|h| {
        h.iter()
            .fold(OwnedHeaders::new_with_capacity(h.count()), |acc, header| {
                acc.insert(Header {
                    key: header.key,
                    value: header.value,
                })
            })
    });
    let mut record: BaseRecord<'_, [u8], [u8]> = BaseRecord::to(topic);
    if let Some(key) = message.key() {
        record = record.key(key);
    }
    if let Some(value) = message.payload() {
        record = record.payload(value);
    }
    if let Some(ts) = message.timestamp().to_millis() {
        record = record.timestamp(ts);
    }
    if let Some(h) = headers {
        record = record.headers(h);
    }
    if message.partition() < partitions {
        record = record.partition(message.partition());
    }
    loop {
        match producer.send(record) {
            Ok(()) => break,
            Err((KafkaError::MessageProduction(RDKafkaErrorCode::QueueFull), back)) => {
                // The ThreadedProducer's thread serves deliveries; give it room.
                record = back;
                std::thread::sleep(Duration::from_millis(1));
                if stopping() {
                    anyhow::bail!("stopped while the producer's queue was full");
                }
            }
            Err((e, _)) => anyhow::bail!("cannot send to topic {topic}: {e}"),
        }
    }
    Ok(())
}
