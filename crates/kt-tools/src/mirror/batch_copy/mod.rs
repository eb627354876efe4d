//! The mirror's batch copy: the partitions a stream's consumer was assigned are fetched from
//! the source and produced to the target as whole record batches, over kt's wire client,
//! instead of record by record through librdkafka (which cost ~1.3 µs of CPU per record and
//! held the mirror under half of one producer's rate).
//!
//! The stream's librdkafka consumer still does everything else Kafka's mirror's consumer
//! does: it joins the group, gets and loses partitions in rebalances and commits the offsets;
//! it is only paused on the partitions copied here. A partition is fetched from its leader,
//! its batches cleared of their producer ([`batches::walk`]) and produced to the same
//! partition of the target in one request per target leader; its position moves only once
//! the target acknowledged (with the producer config's `acks`), so what is committed was
//! copied, as in the record path. One step fetches and produces every partition once; a
//! partition's next fetch starts after its last acknowledged batch, which keeps its order.
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
    backoff: Duration,
    abort_on_send_failure: bool,
}

/// Error codes after which a batch goes to the record path instead: the target refuses the
/// batch as a whole, where record by record it might take the records.
const HAND_OVER_ERRORS: [i16; 5] = [
    2,  // CORRUPT_MESSAGE
    10, // MESSAGE_TOO_LARGE
    18, // RECORD_LIST_TOO_LARGE
    32, // INVALID_TIMESTAMP
    87, // INVALID_RECORD
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
    /// Fetch and produce errors already logged, so a lasting one is logged once.
    reported: HashSet<String>,
}

fn property<'a>(props: &'a [(String, String)], keys: &[&str]) -> Option<&'a str> {
    props
        .iter()
        .rev()
        .find(|(k, _)| keys.contains(&k.as_str()))
        .map(|(_, v)| v.trim())
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
            backoff: Duration::from_millis(number(producer, &["retry.backoff.ms"], 100)),
            abort_on_send_failure,
        };
        let timeout = Duration::from_millis(
            number(consumer, &["request.timeout.ms"], 30_000u64)
                .max(settings.max_wait_ms.max(0) as u64 + 5_000),
        );
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .ok()?;
        let mut source = ClusterLinks::new(source, consumer, client_id, timeout);
        let mut target = ClusterLinks::new(target, producer, client_id, timeout);
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
                reported: HashSet::new(),
            },
        })
    }

    /// Whether the batch copy copies `topic`/`partition`.
    pub fn owns(&self, topic: &str, partition: i32) -> bool {
        self.copy.owns(topic, partition)
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

    /// Stops copying a partition the consumer lost in a rebalance: its new owner commits.
    pub fn remove(&mut self, topic: &str, partition: i32) {
        self.copy
            .partitions
            .retain(|p| !(p.partition == partition && p.topic == topic));
    }

    /// Moves a partition's position (after OFFSET_OUT_OF_RANGE).
    pub fn seek(&mut self, topic: &str, partition: i32, offset: i64) {
        if let Some(p) = self
            .copy
            .partitions
            .iter_mut()
            .find(|p| p.partition == partition && p.topic == topic)
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
    /// target acknowledged it (or `stopping` says so while it retries).
    pub fn step(&mut self, stopping: &dyn Fn() -> bool) -> Result<Step, CopyError> {
        self.runtime.block_on(self.copy.step(stopping))
    }
}

impl Copier {
    fn owns(&self, topic: &str, partition: i32) -> bool {
        self.partitions
            .iter()
            .any(|p| p.partition == partition && p.topic == topic)
    }

    async fn step(&mut self, stopping: &dyn Fn() -> bool) -> Result<Step, CopyError> {
        let mut step = Step::default();
        let fetched = self.fetch(&mut step).await?;
        // Partitions whose walk advanced without anything to produce (markers, aborted
        // transactions) move at once; the others once the target acknowledged.
        let mut to_produce = Vec::new();
        for (index, walk, bytes) in fetched {
            if bytes.is_empty() {
                self.advance(index, &walk, &mut step);
            } else {
                to_produce.push((index, walk, bytes));
            }
        }
        let outcomes = self.produce(&to_produce, stopping).await?;
        for ((index, walk, _), outcome) in to_produce.into_iter().zip(outcomes) {
            match outcome {
                Produced::Acknowledged => {
                    step.records += walk.records;
                    self.advance(index, &walk, &mut step);
                }
                Produced::Dropped => self.advance(index, &walk, &mut step),
                Produced::HandOver => {
                    let p = &self.partitions[index];
                    let hand_over = Walk {
                        next_offset: p.next,
                        records: 0,
                        hand_over: Some(p.next),
                    };
                    self.advance(index, &hand_over, &mut step);
                }
                Produced::Pending => {}
            }
        }
        // Hand-overs leave the list last, so the indexes above stayed valid.
        self.partitions.retain(|p| {
            !step
                .hand_overs
                .iter()
                .any(|(t, n, _)| *n == p.partition && *t == p.topic)
        });
        Ok(step)
    }

    /// Moves partition `index` past `walk`, handing it over if the walk says so.
    fn advance(&mut self, index: usize, walk: &Walk, step: &mut Step) {
        let p = &mut self.partitions[index];
        p.next = walk.next_offset;
        if let Some(offset) = walk.hand_over {
            tracing::debug!(
                "{}-{}: copied record by record from offset {offset}",
                p.topic,
                p.partition
            );
            step.hand_overs.push((p.topic.clone(), p.partition, offset));
            self.handed_over
                .push((p.topic.clone(), p.partition, p.next));
        }
    }

    fn report(&mut self, line: String) {
        if self.reported.insert(line.clone()) {
            tracing::warn!("{line}");
        }
    }

    /// One Fetch to each source leader, at once: for each partition answered, its walk and
    /// the batches to produce.
    async fn fetch(&mut self, step: &mut Step) -> Result<Vec<(usize, Walk, Bytes)>, CopyError> {
        if self.source.is_stale() {
            let topics = self.topics();
            if let Err(e) = self.source.refresh(&topics).await {
                self.report(format!("cannot read the source's metadata: {e}"));
                tokio::time::sleep(self.settings.backoff).await;
                return Ok(Vec::new());
            }
        }
        let mut by_leader: HashMap<i32, Vec<usize>> = HashMap::new();
        for (i, p) in self.partitions.iter().enumerate() {
            match self.source.leader(&p.topic, p.partition) {
                Some(leader) => by_leader.entry(leader).or_default().push(i),
                None => self.source.mark_stale(),
            }
        }
        let mut calls = Vec::new();
        for (leader, indexes) in by_leader {
            let mut client = match self.source.take(leader).await {
                Ok(client) => client,
                Err(e) => {
                    self.report(format!("cannot fetch from broker {leader}: {e}"));
                    self.source.mark_stale();
                    continue;
                }
            };
            let request = self.fetch_request(&indexes);
            calls.push(async move {
                let answer = client.call(&request, 12).await;
                (leader, client, answer)
            });
        }
        let answers = futures::future::join_all(calls).await;
        let mut fetched = Vec::new();
        let mut waited = false;
        for (leader, client, answer) in answers {
            let answer = match answer {
                Ok(answer) => {
                    self.source.give(leader, client);
                    answer
                }
                Err(e) => {
                    self.report(format!("cannot fetch from broker {leader}: {e}"));
                    self.source.mark_stale();
                    waited = true;
                    continue;
                }
            };
            if answer.error_code != 0 {
                self.source.mark_stale();
                continue;
            }
            for topic in answer.responses {
                let name = topic.topic.0.to_string();
                for data in topic.partitions {
                    let Some(index) = self
                        .partitions
                        .iter()
                        .position(|p| p.partition == data.partition_index && p.topic == name)
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
                        fetched.push((index, walk, out.freeze()));
                    }
                }
            }
        }
        if waited {
            tokio::time::sleep(self.settings.backoff).await;
        }
        Ok(fetched)
    }

    fn fetch_request(&self, indexes: &[usize]) -> FetchRequest {
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
            .with_max_wait_ms(self.settings.max_wait_ms)
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

    /// Produces each `(partition index, walk, batches)` to the same partition of the target,
    /// retrying what fails for a while (a leader moving) until acknowledged or `stopping`.
    async fn produce(
        &mut self,
        work: &[(usize, Walk, Bytes)],
        stopping: &dyn Fn() -> bool,
    ) -> Result<Vec<Produced>, CopyError> {
        let mut outcomes = vec![Produced::Pending; work.len()];
        loop {
            let pending: Vec<usize> = (0..work.len())
                .filter(|&w| outcomes[w] == Produced::Pending)
                .collect();
            if pending.is_empty() || stopping() {
                return Ok(outcomes);
            }
            if self.target.is_stale() {
                let topics = self.topics();
                if let Err(e) = self.target.refresh(&topics).await {
                    self.report(format!("cannot read the target's metadata: {e}"));
                    tokio::time::sleep(self.settings.backoff).await;
                    continue;
                }
            }
            let mut by_leader: HashMap<i32, Vec<usize>> = HashMap::new();
            for &w in &pending {
                let p = &self.partitions[work[w].0];
                match self.target.leader(&p.topic, p.partition) {
                    Some(leader) => by_leader.entry(leader).or_default().push(w),
                    None => self.target.mark_stale(),
                }
            }
            let mut calls = Vec::new();
            for (leader, ws) in by_leader {
                let mut client = match self.target.take(leader).await {
                    Ok(client) => client,
                    Err(e) => {
                        self.report(format!("cannot produce to broker {leader}: {e}"));
                        self.target.mark_stale();
                        continue;
                    }
                };
                let request = self.produce_request(work, &ws);
                calls.push(async move {
                    let answer = client.call(&request, 11).await;
                    (leader, ws, client, answer)
                });
            }
            let answers = futures::future::join_all(calls).await;
            let mut retry = false;
            for (leader, ws, client, answer) in answers {
                let answer = match answer {
                    Ok(answer) => {
                        self.target.give(leader, client);
                        answer
                    }
                    Err(e) => {
                        self.report(format!("cannot produce to broker {leader}: {e}"));
                        self.target.mark_stale();
                        retry = true;
                        continue;
                    }
                };
                for topic in answer.responses {
                    for data in topic.partition_responses {
                        let Some(&w) = ws.iter().find(|&&w| {
                            let p = &self.partitions[work[w].0];
                            p.partition == data.index && p.topic == topic.name.0.as_str()
                        }) else {
                            continue;
                        };
                        outcomes[w] = match ResponseError::try_from_code(data.error_code) {
                            None => Produced::Acknowledged,
                            Some(e) if HAND_OVER_ERRORS.contains(&e.code()) => Produced::HandOver,
                            Some(e) if e.is_retriable() => {
                                self.target.mark_stale();
                                retry = true;
                                Produced::Pending
                            }
                            Some(e) => {
                                let p = &self.partitions[work[w].0];
                                let line = format!(
                                    "Error when sending message to topic {} with key: batch of \
                                     {} records from partition {}, value: at offset {} with \
                                     error: {}",
                                    p.topic,
                                    work[w].1.records,
                                    p.partition,
                                    p.next,
                                    error_name(e)
                                );
                                if self.settings.abort_on_send_failure {
                                    return Err(CopyError::Send(line));
                                }
                                tracing::error!("{line}");
                                Produced::Dropped
                            }
                        };
                    }
                }
            }
            if retry {
                tokio::time::sleep(self.settings.backoff).await;
            }
        }
    }

    fn produce_request(&self, work: &[(usize, Walk, Bytes)], ws: &[usize]) -> ProduceRequest {
        let mut topics: Vec<TopicProduceData> = Vec::new();
        for &w in ws {
            let (index, _, bytes) = &work[w];
            let p = &self.partitions[*index];
            let data = PartitionProduceData::default()
                .with_index(p.partition)
                .with_records(Some(bytes.clone()));
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

/// What became of one partition's batches in a step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Produced {
    /// Not acknowledged yet.
    Pending,
    /// The target has them.
    Acknowledged,
    /// The target refused them for good; `--abort.on.send.failure false` goes on without.
    Dropped,
    /// The target refused them as a batch; the record path copies them.
    HandOver,
}
