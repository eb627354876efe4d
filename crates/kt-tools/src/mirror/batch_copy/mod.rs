//! The mirror's batch copy: the partitions a stream's consumer was assigned are fetched from
//! the source and produced to the target as whole record batches, over kt's wire client,
//! instead of record by record through librdkafka (which cost ~1.3 µs of CPU per record and
//! held the mirror under half of one producer's rate).
//!
//! The stream's librdkafka consumer still does everything else Kafka's mirror's consumer
//! does: it joins the group, gets and loses partitions in rebalances and commits the offsets;
//! it is only paused on the partitions copied here. A partition is fetched from its leader,
//! its batches cleared of their producer ([`batches::walk`]) and produced to the same
//! partition of the target, one batch per partition per Produce (Kafka's rule), the next
//! only once the previous one was acknowledged (with the producer config's `acks`); the
//! position moves with each acknowledgement, so what is committed was copied, as in the
//! record path, and a partition keeps its order. One step fetches every partition once (in
//! one Fetch per source leader, all at once) and produces what came.
//!
//! What the batches cannot carry as they are goes back to the record path from the batch
//! where it starts (a [hand-over](Step::hand_overs)): old formats, LogAppendTime, a
//! compacted batch, a batch the target refuses as too large or invalid.

pub mod batches;
pub mod links;

use std::collections::{HashMap, HashSet};
use std::time::Duration;

use bytes::{Bytes, BytesMut};
use kafka_protocol::error::ResponseError;
use kafka_protocol::messages::fetch_request::{FetchPartition, FetchTopic};
use kafka_protocol::messages::produce_request::{PartitionProduceData, TopicProduceData};
use kafka_protocol::messages::{FetchRequest, ProduceRequest, TopicName};
use kafka_protocol::protocol::StrBytes;
use rdkafka::{Offset, TopicPartitionList};

use super::property;
use crate::admin::delete_records::error_name;
use batches::{AbortedTransactions, Walk};
use links::ClusterLinks;

/// Why a step of the batch copy stopped the mirror.
#[derive(Debug, thiserror::Error)]
pub enum CopyError {
    /// A fetched batch failed its CRC or structure checks.
    #[error("Record batch for partition {topic}-{partition} at offset {offset} is invalid, cause: {cause}")]
    Corrupt {
        /// The source topic.
        topic: String,
        /// The source partition.
        partition: i32,
        /// Where the batch starts.
        offset: i64,
        /// Kafka's cause text.
        cause: String,
    },
    /// The target refused a batch for good and `--abort.on.send.failure` is true.
    #[error("{0}")]
    Send(String),
}

/// What one step did.
#[derive(Debug, Default)]
pub struct Step {
    /// Records the target acknowledged.
    pub records: u64,
    /// Partitions the record path copies from now on, with the offset to start at.
    pub hand_overs: Vec<(String, i32, i64)>,
    /// Partitions whose position the source no longer has (OFFSET_OUT_OF_RANGE): the
    /// consumer's `auto.offset.reset` picks a new one ([`BatchCopier::seek`]).
    pub out_of_range: Vec<(String, i32)>,
}

/// One partition the batch copy copies.
struct CopiedPartition {
    topic: String,
    partition: i32,
    /// The next offset to fetch: everything before it was acknowledged by the target.
    next: i64,
    /// The offset last committed (or found at the start), so only moves are committed.
    committed: i64,
}

impl CopiedPartition {
    fn is(&self, topic: &str, partition: i32) -> bool {
        self.partition == partition && self.topic == topic
    }

    /// Hands the partition to the record path from `offset`: named in the step, and kept to
    /// be committed.
    fn hand_over(&self, offset: i64, step: &mut Step, handed_over: &mut Vec<(String, i32, i64)>) {
        tracing::debug!(
            "{}-{}: copied record by record from offset {offset}",
            self.topic,
            self.partition
        );
        step.hand_overs
            .push((self.topic.clone(), self.partition, offset));
        handed_over.push((self.topic.clone(), self.partition, offset));
    }
}

/// The fetch and produce settings, from the consumer and producer configs.
#[derive(Debug, Clone)]
struct CopySettings {
    max_wait_ms: i32,
    min_bytes: i32,
    max_bytes: i32,
    partition_max_bytes: i32,
    read_committed: bool,
    acks: i16,
    produce_timeout_ms: i32,
    /// The most bytes of batches in one Produce (the producer's `max.request.size`); a
    /// batch larger than that still goes, alone.
    max_request_size: usize,
    backoff: Duration,
    abort_on_send_failure: bool,
}

/// Error codes after which a batch goes to the record path instead: the target refuses the
/// batch as a whole, where record by record it might take the records.
const HAND_OVER_ERRORS: [ResponseError; 5] = [
    ResponseError::CorruptMessage,
    ResponseError::MessageTooLarge,
    ResponseError::RecordListTooLarge,
    ResponseError::InvalidTimestamp,
    ResponseError::InvalidRecord,
];

/// The batch copy of one stream: its state, and the runtime its network calls run on (the
/// stream is a plain thread).
pub struct BatchCopier {
    runtime: tokio::runtime::Runtime,
    copy: Copier,
}

/// The state of a stream's batch copy.
struct Copier {
    source: ClusterLinks,
    target: ClusterLinks,
    partitions: Vec<CopiedPartition>,
    /// Positions of partitions handed over since the last commit, still to be committed.
    handed_over: Vec<(String, i32, i64)>,
    settings: CopySettings,
    /// Whether the last step copied anything: then the next Fetch does not wait, so that an
    /// idle leader's long poll does not hold back a busy one's partitions.
    busy: bool,
    /// Fetch and produce errors already logged, so a lasting one is logged once.
    reported: HashSet<String>,
}

fn number<T: std::str::FromStr>(props: &[(String, String)], keys: &[&str], default: T) -> T {
    property(props, keys)
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

impl BatchCopier {
    /// The batch copy for a stream, or None when the configs ask for what only the record
    /// path does: a producer `compression.type` (Kafka's mirror compresses each batch anew),
    /// `acks=0`, or a connection kt's wire client cannot make (a SASL mechanism it does not
    /// speak, an unreachable cluster: the record path reports those as Kafka's mirror does).
    pub fn new(
        source: &str,
        consumer: &[(String, String)],
        target: &str,
        producer: &[(String, String)],
        client_id: &str,
        abort_on_send_failure: bool,
    ) -> Option<BatchCopier> {
        if property(producer, &["compression.type", "compression.codec"]).is_some() {
            tracing::debug!("batch copy off: the producer config sets a compression");
            return None;
        }
        let acks = match property(producer, &["acks", "request.required.acks"]) {
            None | Some("all") | Some("-1") => -1,
            Some("1") => 1,
            Some(other) => {
                tracing::debug!("batch copy off: acks={other}");
                return None;
            }
        };
        let settings = CopySettings {
            max_wait_ms: number(consumer, &["fetch.wait.max.ms", "fetch.max.wait.ms"], 500),
            min_bytes: number(consumer, &["fetch.min.bytes"], 1),
            max_bytes: number(consumer, &["fetch.max.bytes"], 52_428_800),
            partition_max_bytes: number(
                consumer,
                &["max.partition.fetch.bytes", "fetch.message.max.bytes"],
                1_048_576,
            ),
            // librdkafka's default, which the record path has too.
            read_committed: property(consumer, &["isolation.level"]) != Some("read_uncommitted"),
            acks,
            produce_timeout_ms: number(producer, &["request.timeout.ms"], 30_000),
            max_request_size: number(
                producer,
                &["max.request.size", "message.max.bytes"],
                1_048_576,
            ),
            backoff: Duration::from_millis(number(producer, &["retry.backoff.ms"], 100)),
            abort_on_send_failure,
        };
        // A call waits for its answer a margin longer than the broker may take to give it:
        // a Fetch its max wait, a Produce its timeout (acks=all).
        let source_timeout = Duration::from_millis(
            number(consumer, &["request.timeout.ms"], 30_000u64)
                .max(settings.max_wait_ms.max(0) as u64 + 5_000),
        );
        let target_timeout =
            Duration::from_millis(settings.produce_timeout_ms.max(0) as u64 + 5_000);
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .ok()?;
        let mut source = ClusterLinks::new(source, consumer, client_id, source_timeout);
        let mut target = ClusterLinks::new(target, producer, client_id, target_timeout);
        let checked = runtime.block_on(async {
            source.check().await?;
            target.check().await
        });
        if let Err(e) = checked {
            tracing::debug!("batch copy off: {e}");
            return None;
        }
        Some(BatchCopier {
            runtime,
            copy: Copier {
                source,
                target,
                partitions: Vec::new(),
                handed_over: Vec::new(),
                settings,
                busy: false,
                reported: HashSet::new(),
            },
        })
    }

    /// Whether the batch copy copies `topic`/`partition`.
    pub fn owns(&self, topic: &str, partition: i32) -> bool {
        self.copy.partitions.iter().any(|p| p.is(topic, partition))
    }

    /// Whether no partition is copied here.
    pub fn is_idle(&self) -> bool {
        self.copy.partitions.is_empty()
    }

    /// The partitions copied here.
    pub fn partitions(&self) -> impl Iterator<Item = (&str, i32)> {
        self.copy
            .partitions
            .iter()
            .map(|p| (p.topic.as_str(), p.partition))
    }

    /// Starts copying `topic`/`partition` from `offset` (its committed offset, or the one
    /// `auto.offset.reset` picked).
    pub fn add(&mut self, topic: &str, partition: i32, offset: i64) {
        self.copy.partitions.push(CopiedPartition {
            topic: topic.to_string(),
            partition,
            next: offset,
            committed: offset,
        });
        self.copy.source.mark_stale();
        self.copy.target.mark_stale();
    }

    /// Stops copying a partition the consumer lost in a rebalance: its new owner commits,
    /// so nothing of it is committed from here.
    pub fn remove(&mut self, topic: &str, partition: i32) {
        self.copy.partitions.retain(|p| !p.is(topic, partition));
        self.copy
            .handed_over
            .retain(|(t, p, _)| !(*p == partition && t == topic));
    }

    /// Moves a partition's position (after OFFSET_OUT_OF_RANGE).
    pub fn seek(&mut self, topic: &str, partition: i32, offset: i64) {
        if let Some(p) = self
            .copy
            .partitions
            .iter_mut()
            .find(|p| p.is(topic, partition))
        {
            p.next = offset;
        }
    }

    /// Adds to `commits` the position of every partition that moved since its last commit
    /// (and of those handed over), unless `commits` already names the partition (the record
    /// path's position is the later one).
    pub fn to_commit(&self, commits: &mut TopicPartitionList) -> anyhow::Result<()> {
        let copy = &self.copy;
        let moved = copy
            .partitions
            .iter()
            .filter(|p| p.next != p.committed)
            .map(|p| (p.topic.as_str(), p.partition, p.next))
            .chain(
                copy.handed_over
                    .iter()
                    .map(|(t, p, o)| (t.as_str(), *p, *o)),
            );
        for (topic, partition, offset) in moved {
            if commits.find_partition(topic, partition).is_none() {
                commits.add_partition_offset(topic, partition, Offset::Offset(offset))?;
            }
        }
        Ok(())
    }

    /// The positions [`Self::to_commit`] gave were committed.
    pub fn committed(&mut self) {
        for p in &mut self.copy.partitions {
            p.committed = p.next;
        }
        self.copy.handed_over.clear();
    }

    /// Fetches every partition once and produces what came to the target; returns once the
    /// target acknowledged it (or `stopping` says so while it retries). With `long_poll`
    /// false the Fetch does not wait for data (the record path has records to send).
    pub fn step(
        &mut self,
        long_poll: bool,
        stopping: &dyn Fn() -> bool,
    ) -> Result<Step, CopyError> {
        self.runtime.block_on(self.copy.step(long_poll, stopping))
    }
}

impl Copier {
    async fn step(
        &mut self,
        long_poll: bool,
        stopping: &dyn Fn() -> bool,
    ) -> Result<Step, CopyError> {
        let mut step = Step::default();
        let wait = long_poll && !self.busy;
        let mut fetched = self.fetch(wait, &mut step).await?;
        self.produce(&mut fetched, &mut step, stopping).await?;
        for f in &fetched {
            if !f.stopped && f.done() {
                // Past every batch copied and whatever the walk skipped after them.
                let p = &mut self.partitions[f.index];
                p.next = f.walk.next_offset;
                if let Some(offset) = f.walk.hand_over {
                    p.hand_over(offset, &mut step, &mut self.handed_over);
                }
            }
        }
        self.busy = step.records > 0;
        // Hand-overs leave the list last, so the indexes above stayed valid.
        self.partitions
            .retain(|p| !step.hand_overs.iter().any(|(t, n, _)| p.is(t, *n)));
        Ok(step)
    }

    fn report(&mut self, line: String) {
        if self.reported.insert(line.clone()) {
            tracing::warn!("{line}");
        }
    }

    /// One Fetch to each source leader, at once: for each partition answered, its walk and
    /// the batches to produce.
    async fn fetch(&mut self, wait: bool, step: &mut Step) -> Result<Vec<Fetched>, CopyError> {
        if self.source.is_stale() {
            let topics = self.topics();
            if let Err(e) = self.source.refresh(&topics).await {
                self.report(format!("cannot read the source's metadata: {e}"));
                tokio::time::sleep(self.settings.backoff).await;
                return Ok(Vec::new());
            }
        }
        let mut by_leader: HashMap<i32, Vec<usize>> = HashMap::new();
        let mut waited = false;
        for (i, p) in self.partitions.iter().enumerate() {
            match self.source.leader(&p.topic, p.partition) {
                Some(leader) => by_leader.entry(leader).or_default().push(i),
                None => {
                    self.source.mark_stale();
                    waited = true;
                }
            }
        }
        let mut calls = Vec::new();
        for (leader, indexes) in by_leader {
            let mut client = match self.source.take(leader).await {
                Ok(client) => client,
                Err(e) => {
                    self.report(format!("cannot fetch from broker {leader}: {e}"));
                    waited = true;
                    continue;
                }
            };
            let request = self.fetch_request(&indexes, wait);
            calls.push(async move {
                let answer = client.call(&request, 12).await;
                (leader, client, answer)
            });
        }
        let answers = futures::future::join_all(calls).await;
        let mut fetched = Vec::new();
        for (leader, client, answer) in answers {
            let answer = match self.source.settle(leader, client, answer) {
                Ok(answer) => answer,
                Err(e) => {
                    self.report(format!("cannot fetch from broker {leader}: {e}"));
                    waited = true;
                    continue;
                }
            };
            if answer.error_code != 0 {
                self.source.mark_stale();
                waited = true;
                continue;
            }
            for topic in answer.responses {
                let name = topic.topic.0.to_string();
                for data in topic.partitions {
                    let Some(index) = self
                        .partitions
                        .iter()
                        .position(|p| p.is(&name, data.partition_index))
                    else {
                        continue;
                    };
                    match ResponseError::try_from_code(data.error_code) {
                        None => {}
                        Some(ResponseError::OffsetOutOfRange) => {
                            step.out_of_range.push((name.clone(), data.partition_index));
                            continue;
                        }
                        Some(error) => {
                            if !error.is_retriable() {
                                self.report(format!(
                                    "Error fetching {name}-{}: {}",
                                    data.partition_index,
                                    error_name(error)
                                ));
                            }
                            self.source.mark_stale();
                            waited = true;
                            continue;
                        }
                    }
                    let records = data.records.unwrap_or_default();
                    let mut filter = self.settings.read_committed.then(|| {
                        AbortedTransactions::new(
                            data.aborted_transactions
                                .unwrap_or_default()
                                .iter()
                                .map(|a| (a.producer_id.0, a.first_offset)),
                        )
                    });
                    let from = self.partitions[index].next;
                    let mut out = BytesMut::with_capacity(records.len());
                    let walk =
                        batches::walk(&records, from, filter.as_mut(), &mut out).map_err(|e| {
                            CopyError::Corrupt {
                                topic: name.clone(),
                                partition: data.partition_index,
                                offset: e.offset,
                                cause: e.cause,
                            }
                        })?;
                    if walk.next_offset != from || walk.hand_over.is_some() {
                        fetched.push(Fetched {
                            index,
                            walk,
                            bytes: out.freeze(),
                            sent: 0,
                            stopped: false,
                        });
                    }
                }
            }
        }
        if waited {
            tokio::time::sleep(self.settings.backoff).await;
        }
        Ok(fetched)
    }

    fn fetch_request(&self, indexes: &[usize], wait: bool) -> FetchRequest {
        let mut topics: Vec<FetchTopic> = Vec::new();
        for &i in indexes {
            let p = &self.partitions[i];
            let partition = FetchPartition::default()
                .with_partition(p.partition)
                .with_fetch_offset(p.next)
                .with_current_leader_epoch(-1)
                .with_log_start_offset(-1)
                .with_partition_max_bytes(self.settings.partition_max_bytes);
            match topics.iter_mut().find(|t| t.topic.0.as_str() == p.topic) {
                Some(t) => t.partitions.push(partition),
                None => topics.push(
                    FetchTopic::default()
                        .with_topic(TopicName(StrBytes::from_string(p.topic.clone())))
                        .with_partitions(vec![partition]),
                ),
            }
        }
        FetchRequest::default()
            .with_replica_id((-1).into())
            .with_max_wait_ms(if wait { self.settings.max_wait_ms } else { 0 })
            .with_min_bytes(self.settings.min_bytes)
            .with_max_bytes(self.settings.max_bytes)
            .with_isolation_level(i8::from(self.settings.read_committed))
            .with_session_id(0)
            .with_session_epoch(-1)
            .with_topics(topics)
    }

    fn topics(&self) -> Vec<String> {
        let mut topics: Vec<String> = self.partitions.iter().map(|p| p.topic.clone()).collect();
        topics.sort();
        topics.dedup();
        topics
    }

    /// Produces the fetched batches to the same partitions of the target, one batch per
    /// partition per Produce (Kafka refuses more from version 3 on), in order: a partition's
    /// next batch goes once its previous one was acknowledged, and its position moves with
    /// each. What fails for a while (a leader moving) is retried until acknowledged or
    /// `stopping`.
    async fn produce(
        &mut self,
        fetched: &mut [Fetched],
        step: &mut Step,
        stopping: &dyn Fn() -> bool,
    ) -> Result<(), CopyError> {
        loop {
            if stopping() || fetched.iter().all(Fetched::done) {
                return Ok(());
            }
            if self.target.is_stale() {
                let topics = self.topics();
                if let Err(e) = self.target.refresh(&topics).await {
                    self.report(format!("cannot read the target's metadata: {e}"));
                    tokio::time::sleep(self.settings.backoff).await;
                    continue;
                }
            }
            // Each leader's next request: the next batch of each of its partitions, up to
            // max.request.size (at least one).
            let mut retry = false;
            let mut by_leader: HashMap<i32, (Vec<usize>, usize)> = HashMap::new();
            for (f, fetch) in fetched.iter().enumerate().filter(|(_, f)| !f.done()) {
                let p = &self.partitions[fetch.index];
                let Some(leader) = self.target.leader(&p.topic, p.partition) else {
                    self.target.mark_stale();
                    retry = true;
                    continue;
                };
                let batch = fetch.walk.batches[fetch.sent];
                let size = batch.end - batch.start;
                let (fs, bytes) = by_leader.entry(leader).or_default();
                if fs.is_empty() || *bytes + size <= self.settings.max_request_size {
                    fs.push(f);
                    *bytes += size;
                }
            }
            let mut calls = Vec::new();
            for (leader, (fs, _)) in by_leader {
                let mut client = match self.target.take(leader).await {
                    Ok(client) => client,
                    Err(e) => {
                        self.report(format!("cannot produce to broker {leader}: {e}"));
                        retry = true;
                        continue;
                    }
                };
                let request = self.produce_request(fetched, &fs);
                calls.push(async move {
                    let answer = client.call(&request, 11).await;
                    (leader, fs, client, answer)
                });
            }
            let answers = futures::future::join_all(calls).await;
            for (leader, fs, client, answer) in answers {
                let answer = match self.target.settle(leader, client, answer) {
                    Ok(answer) => answer,
                    Err(e) => {
                        self.report(format!("cannot produce to broker {leader}: {e}"));
                        retry = true;
                        continue;
                    }
                };
                for topic in answer.responses {
                    for data in topic.partition_responses {
                        let Some(&f) = fs.iter().find(|&&f| {
                            self.partitions[fetched[f].index].is(&topic.name, data.index)
                        }) else {
                            continue;
                        };
                        let fetch = &mut fetched[f];
                        let batch = fetch.walk.batches[fetch.sent];
                        let p = &mut self.partitions[fetch.index];
                        match ResponseError::try_from_code(data.error_code) {
                            None => {
                                p.next = batch.next_offset;
                                step.records += batch.records;
                                fetch.sent += 1;
                            }
                            Some(e) if HAND_OVER_ERRORS.contains(&e) => {
                                // The record path copies from this batch on.
                                p.hand_over(p.next, step, &mut self.handed_over);
                                fetch.stopped = true;
                            }
                            Some(e) if e.is_retriable() => {
                                self.target.mark_stale();
                                retry = true;
                            }
                            Some(e) => {
                                let line = format!(
                                    "Error when sending message to topic {} with key: a batch \
                                     of {} records of partition {}, value: from offset {} with \
                                     error: {}",
                                    p.topic,
                                    batch.records,
                                    p.partition,
                                    p.next,
                                    error_name(e)
                                );
                                if self.settings.abort_on_send_failure {
                                    return Err(CopyError::Send(line));
                                }
                                // Kafka's mirror logs the failure and goes on without them.
                                tracing::error!("{line}");
                                p.next = batch.next_offset;
                                fetch.sent += 1;
                            }
                        }
                    }
                }
            }
            if retry {
                tokio::time::sleep(self.settings.backoff).await;
            }
        }
    }

    fn produce_request(&self, fetched: &[Fetched], fs: &[usize]) -> ProduceRequest {
        let mut topics: Vec<TopicProduceData> = Vec::new();
        for &f in fs {
            let fetch = &fetched[f];
            let batch = fetch.walk.batches[fetch.sent];
            let p = &self.partitions[fetch.index];
            let data = PartitionProduceData::default()
                .with_index(p.partition)
                .with_records(Some(fetch.bytes.slice(batch.start..batch.end)));
            match topics.iter_mut().find(|t| t.name.0.as_str() == p.topic) {
                Some(t) => t.partition_data.push(data),
                None => topics.push(
                    TopicProduceData::default()
                        .with_name(TopicName(StrBytes::from_string(p.topic.clone())))
                        .with_partition_data(vec![data]),
                ),
            }
        }
        ProduceRequest::default()
            .with_acks(self.settings.acks)
            .with_timeout_ms(self.settings.produce_timeout_ms)
            .with_topic_data(topics)
    }
}

/// One partition's part of a Fetch answer, on its way to the target.
struct Fetched {
    /// The partition's index in the copier's list.
    index: usize,
    walk: Walk,
    /// The walk's output: the batches, cleared of their producer.
    bytes: Bytes,
    /// Batches the target acknowledged (or refused for good and dropped).
    sent: usize,
    /// Handed over to the record path: nothing more of it is sent.
    stopped: bool,
}

impl Fetched {
    /// Whether nothing of it is left to send.
    fn done(&self) -> bool {
        self.stopped || self.sent == self.walk.batches.len()
    }
}
