//! One replication flow, SOURCE->TARGET: what MirrorMaker 2's source, heartbeat and
//! checkpoint connectors do for it, in one loop.
//!
//! Records of the mirrored topics are copied to `SOURCE.topic` on the target with their key,
//! value, headers, timestamp and partition, the target topic created first with the source's
//! partition count and configs. Progress is at least once, as MM1's: every
//! `offset.flush.interval.ms` the producer is flushed (every record acknowledged by the
//! target), and only then are the source offsets stored (`mm2-offsets.SOURCE.internal` on the
//! target, Connect's JSON) and the offset syncs written (`mm2-offset-syncs.TARGET.internal` on
//! the source). A mirror killed at any point restarts from the stored offsets: records may
//! arrive twice, never not at all. Heartbeats go to the target's `heartbeats` topic;
//! checkpoints translate each group's committed source offsets to target offsets
//! (`SOURCE.checkpoints.internal`) and, with `sync.group.offsets.enabled`, commit them to
//! the group on the target.

use std::collections::{BTreeMap, HashMap};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use anyhow::Context;
use rdkafka::client::ClientContext;
use rdkafka::consumer::{BaseConsumer, Consumer};
use rdkafka::error::{KafkaError, RDKafkaErrorCode};
use rdkafka::message::{Header, Headers, Message, OwnedHeaders};
use rdkafka::producer::{
    BaseProducer, BaseRecord, DeliveryResult, Producer, ProducerContext, ThreadedProducer,
};
use rdkafka::{Offset, TopicPartitionList};

use super::config::FlowConfig;
use super::records::{parse_source_offset, source_offset, Checkpoint, Heartbeat, OffsetSync};
use crate::admin::client::{client_config, KtContext};
use crate::admin::remote::RemoteAdmin;
use crate::admin::{Admin, AdminError, ConfigSource, NewTopic};
use crate::console::stopping;
use crate::mirror::delivery::Deliveries;

/// How many upstream→downstream pairs are kept per partition for translating group offsets.
const KEPT_SYNCS: usize = 100_000;
const POLL: Duration = Duration::from_millis(100);

/// Upstream offset → downstream offset of each acknowledged record, per source partition.
type Acked = HashMap<(String, i32), BTreeMap<i64, i64>>;

/// The copy producer's context: acknowledgements recorded for offsets and translation.
#[derive(Default)]
struct Acks {
    log: KtContext,
    acked: Mutex<Acked>,
    failure: Mutex<Option<String>>,
}

impl ClientContext for Acks {
    fn log(&self, level: rdkafka::config::RDKafkaLogLevel, fac: &str, message: &str) {
        self.log.log(level, fac, message);
    }
    fn error(&self, error: KafkaError, reason: &str) {
        self.log.error(error, reason);
    }
}

impl ProducerContext for Acks {
    /// The source topic and offset of the record sent.
    type DeliveryOpaque = Box<(String, i64)>;

    fn delivery(&self, result: &DeliveryResult<'_>, upstream: Self::DeliveryOpaque) {
        match result {
            Ok(message) => {
                let mut acked = self.acked.lock().unwrap_or_else(|e| e.into_inner());
                let syncs = acked
                    .entry((upstream.0.clone(), message.partition()))
                    .or_default();
                syncs.insert(upstream.1, message.offset());
                while syncs.len() > KEPT_SYNCS {
                    syncs.pop_first();
                }
            }
            Err((error, message)) => {
                let mut failure = self.failure.lock().unwrap_or_else(|e| e.into_inner());
                failure.get_or_insert_with(|| {
                    format!("cannot send to topic {}: {error}", message.topic())
                });
            }
        }
    }
}

/// Only what reaches and authenticates to a cluster goes to its admin client.
fn admin_properties(props: &[(String, String)]) -> Vec<(String, String)> {
    props
        .iter()
        .filter(|(k, _)| {
            k.starts_with("security.") || k.starts_with("ssl.") || k.starts_with("sasl.")
        })
        .cloned()
        .collect()
}

/// The running flow.
pub struct Flow {
    config: FlowConfig,
    source_admin: RemoteAdmin,
    target_admin: RemoteAdmin,
    runtime: tokio::runtime::Runtime,
    consumer: BaseConsumer<KtContext>,
    producer: ThreadedProducer<Acks>,
    /// Internal records to the target (heartbeats, checkpoints, source offsets).
    target_internal: BaseProducer<Deliveries>,
    /// Offset syncs, to the source.
    source_internal: BaseProducer<Deliveries>,
    /// Mirrored source partitions, with the partition count of their target topic.
    assigned: BTreeMap<(String, i32), i32>,
    /// Last source offset stored per partition.
    stored: HashMap<(String, i32), i64>,
    /// Last offset sync written per partition (upstream).
    synced: HashMap<(String, i32), i64>,
}

impl Flow {
    /// Connects to both clusters, creates the internal topics and loads the stored offsets.
    pub fn start(config: FlowConfig) -> anyhow::Result<Flow> {
        let source_admin = RemoteAdmin::new(
            &config.source.bootstrap,
            &admin_properties(&config.source.properties),
        )?;
        let target_admin = RemoteAdmin::new(
            &config.target.bootstrap,
            &admin_properties(&config.target.properties),
        )?;
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()?;
        let mut consumer_config = client_config(&config.source.bootstrap, &[]);
        crate::admin::client::apply_properties(&mut consumer_config, &config.source.properties);
        consumer_config
            .set(
                "group.id",
                format!("mm2-{}-{}", config.source.alias, config.target.alias),
            )
            .set("enable.auto.commit", "false")
            .set("enable.auto.offset.store", "false")
            .set("enable.partition.eof", "false")
            .set("auto.offset.reset", "earliest");
        let consumer: BaseConsumer<KtContext> = consumer_config
            .create_with_context(KtContext::default())
            .context("cannot create the source consumer")?;
        let producer_config = |bootstrap: &str, props: &[(String, String)]| {
            let mut c = client_config(bootstrap, &[]);
            crate::admin::client::apply_properties(&mut c, props);
            c.set("acks", "all")
                .set("enable.idempotence", "true")
                .set("delivery.timeout.ms", i32::MAX.to_string());
            c
        };
        let producer: ThreadedProducer<Acks> =
            producer_config(&config.target.bootstrap, &config.target.properties)
                .create_with_context(Acks::default())
                .context("cannot create the target producer")?;
        let target_internal: BaseProducer<Deliveries> =
            producer_config(&config.target.bootstrap, &config.target.properties)
                .create_with_context(Deliveries::default())
                .context("cannot create the target producer")?;
        let source_internal: BaseProducer<Deliveries> =
            producer_config(&config.source.bootstrap, &config.source.properties)
                .create_with_context(Deliveries::default())
                .context("cannot create the source producer")?;
        let mut flow = Flow {
            config,
            source_admin,
            target_admin,
            runtime,
            consumer,
            producer,
            target_internal,
            source_internal,
            assigned: BTreeMap::new(),
            stored: HashMap::new(),
            synced: HashMap::new(),
        };
        flow.create_internal_topics()?;
        flow.load_offsets()?;
        Ok(flow)
    }

    fn ensure_topic(&self, on_target: bool, name: &str, compact: bool) -> Result<(), AdminError> {
        let admin = if on_target {
            &self.target_admin
        } else {
            &self.source_admin
        };
        let topic = NewTopic {
            name: name.to_string(),
            partitions: Some(1),
            replication_factor: self.config.replication_factor,
            replica_assignment: None,
            configs: if compact {
                vec![("cleanup.policy".to_string(), "compact".to_string())]
            } else {
                Vec::new()
            },
        };
        self.runtime.block_on(async {
            if admin.list_topics().await?.iter().any(|t| t.name == name) {
                return Ok(());
            }
            match admin.create_topic(&topic).await {
                Ok(()) | Err(AdminError::TopicAlreadyExists(_)) => Ok(()),
                Err(e) => Err(e),
            }
        })
    }

    fn create_internal_topics(&self) -> anyhow::Result<()> {
        let offsets = self.config.offsets_topic();
        self.ensure_topic(true, &offsets, true)
            .with_context(|| format!("cannot create {offsets} on the target"))?;
        if self.config.heartbeats.is_some() {
            self.ensure_topic(true, FlowConfig::HEARTBEATS_TOPIC, false)
                .context("cannot create heartbeats on the target")?;
        }
        if self.config.checkpoints.is_some() {
            let checkpoints = self.config.checkpoints_topic();
            self.ensure_topic(true, &checkpoints, true)
                .with_context(|| format!("cannot create {checkpoints} on the target"))?;
        }
        let syncs = self.config.offset_syncs_topic();
        self.ensure_topic(false, &syncs, true)
            .with_context(|| format!("cannot create {syncs} on the source"))?;
        Ok(())
    }

    /// Reads `mm2-offsets.SOURCE.internal` on the target (the last record copied of each
    /// partition) and `mm2-offset-syncs.TARGET.internal` on the source (where earlier runs
    /// put source records on the target, for translating group offsets).
    fn load_offsets(&mut self) -> anyhow::Result<()> {
        let alias = self.config.source.alias.clone();
        let mut stored = HashMap::new();
        read_to_end(
            &self.runtime,
            &self.target_admin,
            &self.config.target.bootstrap,
            &self.config.target.properties,
            &self.config.offsets_topic(),
            |key, value| {
                if let Some((cluster, t, p, offset)) = parse_source_offset(key, value) {
                    if cluster == alias {
                        stored.insert((t, p), offset);
                    }
                }
            },
        )?;
        self.stored = stored;
        let mut syncs: Acked = HashMap::new();
        read_to_end(
            &self.runtime,
            &self.source_admin,
            &self.config.source.bootstrap,
            &self.config.source.properties,
            &self.config.offset_syncs_topic(),
            |key, value| {
                if let Some(sync) = OffsetSync::decode(key, value) {
                    syncs
                        .entry((sync.topic, sync.partition))
                        .or_default()
                        .insert(sync.upstream_offset, sync.downstream_offset);
                }
            },
        )?;
        for (key, upstream) in syncs
            .iter()
            .filter_map(|(k, s)| s.last_key_value().map(|(u, _)| (k.clone(), *u)))
        {
            self.synced.insert(key, upstream);
        }
        *self
            .producer
            .context()
            .acked
            .lock()
            .unwrap_or_else(|e| e.into_inner()) = syncs;
        Ok(())
    }

    /// Finds the source's mirrored topics; new ones get their target topic and join the
    /// consumer's assignment at their stored offset (the beginning when none is stored).
    fn refresh_topics(&mut self) -> anyhow::Result<()> {
        let topics = self.runtime.block_on(self.source_admin.list_topics())?;
        let mut added = false;
        for t in topics {
            if !self.config.mirrors_topic(&t.name)
                || self.assigned.keys().any(|(name, _)| *name == t.name)
            {
                continue;
            }
            let remote = self.config.remote_topic(&t.name);
            let target_partitions = self.create_remote_topic(&t.name, &remote)?;
            let partitions = self
                .runtime
                .block_on(self.source_admin.topic_partitions(&t.name))?;
            for p in partitions {
                self.assigned.insert((t.name.clone(), p), target_partitions);
            }
            added = true;
        }
        if added {
            let mut tpl = TopicPartitionList::new();
            for (topic, p) in self.assigned.keys() {
                let at = match self.stored.get(&(topic.clone(), *p)) {
                    Some(last) => Offset::Offset(last + 1),
                    None => Offset::Beginning,
                };
                tpl.add_partition_offset(topic, *p, at)?;
            }
            self.consumer.assign(&tpl)?;
        }
        Ok(())
    }

    /// Creates `remote` on the target like `topic` on the source (partitions, configs);
    /// returns its partition count there.
    fn create_remote_topic(&self, topic: &str, remote: &str) -> anyhow::Result<i32> {
        self.runtime.block_on(async {
            if self
                .target_admin
                .list_topics()
                .await?
                .iter()
                .any(|t| t.name == remote)
            {
                return Ok(self.target_admin.topic_partitions(remote).await?.len() as i32);
            }
            let partitions = self.source_admin.topic_partitions(topic).await?.len() as i32;
            let configs: Vec<(String, String)> = self
                .source_admin
                .describe_topic_configs(topic)
                .await?
                .into_iter()
                .filter(|e| e.source == ConfigSource::TopicOverride)
                .filter_map(|e| e.value.map(|v| (e.name, v)))
                .collect();
            let new = NewTopic {
                name: remote.to_string(),
                partitions: Some(partitions),
                replication_factor: self.config.replication_factor,
                replica_assignment: None,
                configs,
            };
            match self.target_admin.create_topic(&new).await {
                Ok(()) => {
                    tracing::info!("created {remote} on the target with {partitions} partitions");
                    Ok(partitions)
                }
                Err(AdminError::TopicAlreadyExists(_)) => {
                    Ok(self.target_admin.topic_partitions(remote).await?.len() as i32)
                }
                Err(e) => Err(anyhow::Error::from(e)
                    .context(format!("cannot create topic {remote} on the target"))),
            }
        })
    }

    /// Copies until SIGINT/SIGTERM, then stores what the target acknowledged.
    pub fn run(mut self) -> anyhow::Result<()> {
        let mut last_refresh: Option<Instant> = None;
        let mut last_flush = Instant::now();
        let mut last_heartbeat: Option<Instant> = None;
        let mut last_checkpoint: Option<Instant> = None;
        while !stopping() {
            if last_refresh.is_none_or(|t| t.elapsed() >= self.config.refresh_topics) {
                self.refresh_topics()?;
                last_refresh = Some(Instant::now());
            }
            if let Some(message) = self.consumer.poll(POLL) {
                let message = message?;
                self.send(&message)?;
            }
            if last_flush.elapsed() >= self.config.offset_flush {
                self.commit()?;
                last_flush = Instant::now();
            }
            if let Some(every) = self.config.heartbeats {
                if last_heartbeat.is_none_or(|t| t.elapsed() >= every) {
                    self.heartbeat()?;
                    last_heartbeat = Some(Instant::now());
                }
            }
            if let Some(every) = self.config.checkpoints {
                if last_checkpoint.is_none_or(|t| t.elapsed() >= every) {
                    self.checkpoint()?;
                    last_checkpoint = Some(Instant::now());
                }
            }
        }
        self.commit()
    }

    fn send(&self, message: &rdkafka::message::BorrowedMessage<'_>) -> anyhow::Result<()> {
        let topic = message.topic();
        let key = (topic.to_string(), message.partition());
        let remote = self.config.remote_topic(topic);
        let target_partitions = self.assigned.get(&key).copied().unwrap_or(0);
        let headers = message.headers().map(|h| {
            h.iter()
                .fold(OwnedHeaders::new_with_capacity(h.count()), |acc, header| {
                    acc.insert(Header {
                        key: header.key,
                        value: header.value,
                    })
                })
        });
        let mut record: BaseRecord<'_, [u8], [u8], Box<(String, i64)>> =
            BaseRecord::with_opaque_to(&remote, Box::new((key.0, message.offset())));
        if let Some(k) = message.key() {
            record = record.key(k);
        }
        if let Some(v) = message.payload() {
            record = record.payload(v);
        }
        if let Some(ts) = message.timestamp().to_millis() {
            record = record.timestamp(ts);
        }
        if let Some(h) = headers {
            record = record.headers(h);
        }
        if message.partition() < target_partitions {
            record = record.partition(message.partition());
        }
        loop {
            match self.producer.send(record) {
                Ok(()) => return Ok(()),
                Err((KafkaError::MessageProduction(RDKafkaErrorCode::QueueFull), back)) => {
                    record = back;
                    std::thread::sleep(Duration::from_millis(1));
                    anyhow::ensure!(!stopping(), "stopped while the producer's queue was full");
                }
                Err((e, _)) => anyhow::bail!("cannot send to topic {remote}: {e}"),
            }
        }
    }

    /// Flushes the copy producer (every record acknowledged), then stores the source offsets
    /// and writes the offset syncs of what was acknowledged.
    fn commit(&mut self) -> anyhow::Result<()> {
        loop {
            match self.producer.flush(Duration::from_secs(1)) {
                Ok(()) => break,
                Err(KafkaError::Flush(RDKafkaErrorCode::OperationTimedOut)) => {
                    anyhow::ensure!(
                        !stopping() || self.producer.in_flight_count() == 0,
                        "the target did not acknowledge every record; offsets not stored"
                    );
                }
                Err(e) => anyhow::bail!("cannot flush the producer: {e}"),
            }
        }
        if let Some(failure) = self
            .producer
            .context()
            .failure
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
        {
            anyhow::bail!("{failure}");
        }
        let latest: Vec<((String, i32), i64, i64)> = {
            let acked = self
                .producer
                .context()
                .acked
                .lock()
                .unwrap_or_else(|e| e.into_inner());
            acked
                .iter()
                .filter_map(|(k, syncs)| syncs.last_key_value().map(|(u, d)| (k.clone(), *u, *d)))
                .collect()
        };
        let offsets_topic = self.config.offsets_topic();
        let syncs_topic = self.config.offset_syncs_topic();
        let mut stored_any = false;
        let mut synced_any = false;
        for ((topic, partition), upstream, downstream) in latest {
            let key = (topic.clone(), partition);
            if self.stored.get(&key) != Some(&upstream) {
                let (k, v) = source_offset(&self.config.source.alias, &topic, partition, upstream);
                send_internal(
                    &self.target_internal,
                    &offsets_topic,
                    k.as_bytes(),
                    v.as_bytes(),
                )?;
                self.stored.insert(key.clone(), upstream);
                stored_any = true;
            }
            if self.synced.get(&key) != Some(&upstream) {
                let (k, v) = OffsetSync {
                    topic,
                    partition,
                    upstream_offset: upstream,
                    downstream_offset: downstream,
                }
                .encode();
                send_internal(&self.source_internal, &syncs_topic, &k, &v)?;
                self.synced.insert(key, upstream);
                synced_any = true;
            }
        }
        if stored_any {
            self.target_internal
                .flush(Duration::from_secs(30))
                .context("cannot store the source offsets")?;
        }
        if synced_any {
            self.source_internal
                .flush(Duration::from_secs(30))
                .context("cannot write the offset syncs")?;
        }
        Ok(())
    }

    fn heartbeat(&self) -> anyhow::Result<()> {
        let (k, v) = Heartbeat {
            source: self.config.source.alias.clone(),
            target: self.config.target.alias.clone(),
            timestamp: kt_base::clock::now_ms(),
        }
        .encode();
        send_internal(&self.target_internal, FlowConfig::HEARTBEATS_TOPIC, &k, &v)?;
        self.target_internal.poll(Duration::ZERO);
        Ok(())
    }

    /// The target offset of source offset `upstream`: exact when that record was copied,
    /// else one past the last copied record below it (MirrorMaker 2's conservative rule).
    fn translate(&self, topic: &str, partition: i32, upstream: i64) -> Option<i64> {
        let acked = self
            .producer
            .context()
            .acked
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        let syncs = acked.get(&(topic.to_string(), partition))?;
        if let Some(d) = syncs.get(&upstream) {
            return Some(*d);
        }
        syncs.range(..upstream).next_back().map(|(_, d)| d + 1)
    }

    fn checkpoint(&self) -> anyhow::Result<()> {
        let groups = match self.runtime.block_on(self.source_admin.list_groups(&[])) {
            Ok(g) => g,
            Err(e) => {
                tracing::warn!("cannot list the source's groups: {e}");
                return Ok(());
            }
        };
        let topic = self.config.checkpoints_topic();
        let mut sent = false;
        for group in groups {
            if !self.config.checkpoints_group(&group.group_id) {
                continue;
            }
            let Ok(offsets) = self
                .runtime
                .block_on(self.source_admin.group_offsets(&group.group_id))
            else {
                continue;
            };
            let mut translated = Vec::new();
            for o in offsets {
                if o.offset < 0 || !self.assigned.contains_key(&(o.topic.clone(), o.partition)) {
                    continue;
                }
                let Some(downstream) = self.translate(&o.topic, o.partition, o.offset) else {
                    continue;
                };
                let remote = self.config.remote_topic(&o.topic);
                let (k, v) = Checkpoint {
                    group: group.group_id.clone(),
                    topic: remote.clone(),
                    partition: o.partition,
                    upstream_offset: o.offset,
                    downstream_offset: downstream,
                    metadata: String::new(),
                }
                .encode();
                send_internal(&self.target_internal, &topic, &k, &v)?;
                sent = true;
                translated.push((remote, o.partition, downstream));
            }
            if self.config.sync_group_offsets && !translated.is_empty() {
                // Refused while the group has members on the target, as Kafka's sync skips
                // groups consumers are using there.
                if let Err(e) = self.runtime.block_on(
                    self.target_admin
                        .alter_group_offsets(&group.group_id, &translated),
                ) {
                    tracing::debug!("group {} not synced: {e}", group.group_id);
                }
            }
        }
        if sent {
            self.target_internal
                .flush(Duration::from_secs(30))
                .context("cannot write the checkpoints")?;
        }
        Ok(())
    }
}

/// Queues one internal record, waiting while the queue is full.
fn send_internal(
    producer: &BaseProducer<Deliveries>,
    topic: &str,
    key: &[u8],
    value: &[u8],
) -> anyhow::Result<()> {
    let mut record: BaseRecord<'_, [u8], [u8]> = BaseRecord::to(topic).key(key).payload(value);
    loop {
        match producer.send(record) {
            Ok(()) => return Ok(()),
            Err((KafkaError::MessageProduction(RDKafkaErrorCode::QueueFull), back)) => {
                record = back;
                producer.poll(Duration::from_millis(10));
            }
            Err((e, _)) => anyhow::bail!("cannot send to {topic}: {e}"),
        }
    }
}

/// Reads every record of `topic` (all partitions, from the beginning to the end they had
/// when called) and hands each key and value to `each`.
fn read_to_end(
    runtime: &tokio::runtime::Runtime,
    admin: &RemoteAdmin,
    bootstrap: &str,
    properties: &[(String, String)],
    topic: &str,
    mut each: impl FnMut(&[u8], &[u8]),
) -> anyhow::Result<()> {
    let mut c = client_config(bootstrap, &[]);
    crate::admin::client::apply_properties(&mut c, properties);
    c.set("group.id", "mm2-internal-reader")
        .set("enable.auto.commit", "false")
        .set("enable.partition.eof", "false");
    let reader: BaseConsumer<KtContext> = c.create_with_context(KtContext::default())?;
    let partitions = runtime.block_on(admin.topic_partitions(topic))?;
    let mut ends = HashMap::new();
    let mut tpl = TopicPartitionList::new();
    for p in partitions {
        let (_, high) = reader.fetch_watermarks(topic, p, Duration::from_secs(10))?;
        if high > 0 {
            ends.insert(p, high);
            tpl.add_partition_offset(topic, p, Offset::Beginning)?;
        }
    }
    if ends.is_empty() {
        return Ok(());
    }
    reader.assign(&tpl)?;
    let deadline = Instant::now() + Duration::from_secs(30);
    while !ends.is_empty() {
        anyhow::ensure!(
            Instant::now() < deadline,
            "timed out reading {topic} to its end"
        );
        let Some(message) = reader.poll(POLL) else {
            continue;
        };
        let message = message?;
        if let (Some(key), Some(value)) = (message.key(), message.payload()) {
            each(key, value);
        }
        if ends
            .get(&message.partition())
            .is_some_and(|end| message.offset() + 1 >= *end)
        {
            ends.remove(&message.partition());
        }
    }
    Ok(())
}
