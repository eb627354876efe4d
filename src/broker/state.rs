//! The broker's state: the topic catalogue, one `Partition` per partition log, and producer ids.
//!
//! Every operation here is typed and protocol-free, so the request handlers and the embedded
//! admin backend (a CLI working on a data directory without a server) share it.
//!
//! Lock order (never the other way round): the local catalogue's `producer_ids`
//! (`metadata::LocalCatalogue`) → `admin` → `topics` → a partition's `producers` → the
//! partition log's own lock. `topics` is held only to look up or swap the in-memory map,
//! never across file I/O; `admin` serialises catalogue changes and is held across their file
//! I/O, which only other admin operations wait for. No lock is held across an `.await`.
//! In ZooKeeper mode the cluster's view is read by cloning an `Arc` (its lock is never held
//! while these are taken), and only `sync_cluster` (at start-up, then from the watch loop)
//! creates or deletes this broker's partition logs for topics of the cluster.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock, RwLock};

use kafka_protocol::error::ResponseError;
use tokio::sync::Notify;
use uuid::Uuid;

use super::catalogue::{validate_topic_name, Catalogue, TopicMeta, CATALOGUE_FILE};
use super::cluster::{Cluster, ClusterView};
use super::coordinator::{GroupCoordinator, GroupError, OffsetsPartition, OFFSETS_TOPIC};
use super::error::BrokerError;
use super::metadata::{self, ClusterMetadata, LocalCatalogue};
use super::producer_state::{ProducerStates, SequenceCheck};
use super::topic_config::{self, ConfigEntry};
use crate::config::ServerConfig;
use crate::storage::{AppendInfo, BatchHeader, LogManager, PartitionLog};

/// One partition of a topic: its log, the signal that wakes fetches waiting for data, and the
/// sequence state of idempotent producers writing to it.
pub struct Partition {
    pub topic: String,
    pub index: i32,
    pub log: Arc<PartitionLog>,
    /// Notified after every append (and on deletion), so long-polling fetches answer as soon
    /// as data arrives. Shared with the group coordinator, which appends to
    /// `__consumer_offsets` itself.
    pub appended: Arc<Notify>,
    /// Set (under `producers`) when the topic is deleted: a request that looked the partition
    /// up before the deletion must not write to or read from its removed log.
    deleted: AtomicBool,
    producers: Mutex<ProducerStates>,
}

/// A topic as the handlers see it: its catalogue entry and its partitions.
pub struct Topic {
    pub name: String,
    pub meta: TopicMeta,
    /// The partitions this broker holds, by ascending index: all of them on a standalone
    /// broker, only those it is a replica of in ZooKeeper mode.
    pub partitions: Vec<Arc<Partition>>,
}

/// What a produce to one partition resulted in.
#[derive(Debug, Clone, Copy)]
pub struct ProduceOutcome {
    pub base_offset: i64,
    pub log_append_time: i64,
    pub log_start_offset: i64,
}

/// The single broker: configuration, storage and metadata.
pub struct Broker {
    config: ServerConfig,
    /// The first of `log.dirs`: it holds the broker-wide files (the topic catalogue) beside
    /// its partitions, while partition logs spread over every directory.
    data_dir: PathBuf,
    logs: LogManager,
    cluster_id: String,
    /// Topics by name. Replaced wholesale (copy on write) by admin operations.
    topics: RwLock<Arc<BTreeMap<String, Arc<Topic>>>>,
    /// Moved on (under the `topics` write lock, after the swap) by every change of `topics`,
    /// so views built from the map know when they are stale.
    topics_generation: AtomicU64,
    /// Serialises catalogue changes (create, delete, alter) and guards the catalogue file.
    admin: Mutex<Catalogue>,
    /// Consumer groups and their committed offsets.
    groups: GroupCoordinator,
    /// The cluster, in ZooKeeper mode (set once, right after opening): its session is
    /// the server's to run and close.
    cluster: OnceLock<Arc<Cluster>>,
    /// What the handlers ask about the cluster: the local catalogue (set when opening a
    /// standalone broker) or the ZooKeeper cluster (set with it).
    metadata: OnceLock<Arc<dyn ClusterMetadata>>,
}

pub use crate::clock::now_ms;

impl Broker {
    /// Opens the broker's state over its log directories: takes each directory's lock,
    /// recovers every partition log in any of them and reads the topic catalogue (kept in
    /// the first directory).
    pub fn open(config: ServerConfig) -> Result<Arc<Broker>, BrokerError> {
        Self::open_with(config, None)
    }

    /// Opens the broker's state as [`Broker::open`] does, for the cluster `cluster_id` (from
    /// ZooKeeper; `meta.properties` must agree). In ZooKeeper mode only the partition logs
    /// on disk are opened: which ones this broker holds is ZooKeeper's to say, and
    /// [`Broker::sync_cluster`] creates the rest.
    pub fn open_with(
        config: ServerConfig,
        cluster_id: Option<&str>,
    ) -> Result<Arc<Broker>, BrokerError> {
        Self::open_inner(config, cluster_id, true)
    }

    /// Opens a standalone broker's state as [`Broker::open`] does, except that a partition of
    /// the catalogue found in none of the log directories is an error instead of being
    /// created empty. For the embedded admin, whose `--data-dir` may name only some of a
    /// broker's `log.dirs`: creating the others' partitions there would fork them.
    pub fn open_all_present(config: ServerConfig) -> Result<Arc<Broker>, BrokerError> {
        Self::open_inner(config, None, false)
    }

    fn open_inner(
        config: ServerConfig,
        cluster_id: Option<&str>,
        create_missing: bool,
    ) -> Result<Arc<Broker>, BrokerError> {
        let zk_mode = config.zookeeper.is_some();
        check_catalogue_place(&config.log_dirs)?;
        let logs = LogManager::open(
            &config.log_dirs,
            config.broker_id,
            cluster_id,
            topic_config::log_config(&config, &BTreeMap::new()),
        )?;
        // Broker-wide files live in the first log directory, as a fixed place to find them
        // (partitions are found wherever they are, but one catalogue must not be split or
        // copied across directories).
        let data_dir = config.log_dirs[0].clone();
        let catalogue = Catalogue::load(&data_dir)?;
        let mut topics = BTreeMap::new();
        for (name, meta) in &catalogue.topics {
            let log_config = topic_config::log_config(&config, &meta.configs);
            let mut partitions = Vec::with_capacity(meta.partitions as usize);
            for index in 0..meta.partitions {
                let log = match logs.get_log(name, index) {
                    Some(log) => {
                        log.update_config(log_config);
                        log
                    }
                    None if zk_mode => continue,
                    None if !create_missing => {
                        return Err(BrokerError::InvalidConfig(format!(
                            "partition {name}-{index} is in none of the log directories {}: \
                             if the broker's log.dirs lists more, give all of them, \
                             comma-separated",
                            dir_list(&config.log_dirs)
                        )))
                    }
                    None => {
                        tracing::warn!(
                            "partition {name}-{index} was in none of the log directories {}; \
                             creating it empty",
                            dir_list(&config.log_dirs)
                        );
                        logs.create_log_with_topic_id(
                            name,
                            index,
                            log_config,
                            Some(*meta.id.as_bytes()),
                        )?
                    }
                };
                partitions.push(Arc::new(Partition::new(name, index, log)));
            }
            topics.insert(
                name.clone(),
                Arc::new(Topic {
                    name: name.clone(),
                    meta: meta.clone(),
                    partitions,
                }),
            );
        }
        let next = catalogue.next_producer_id_block;
        let groups = GroupCoordinator::new(&config.groups);
        // In ZooKeeper mode the coordinator starts once the cluster's view says which
        // partitions of the offsets topic are this broker's.
        if let Some(offsets) = topics.get(OFFSETS_TOPIC).filter(|_| !zk_mode) {
            groups
                .attach(offsets_partitions(&offsets), offsets.meta.partitions)
                .map_err(|e| BrokerError::InvalidRequest(format!("loading groups: {e}")))?;
        }
        let metadata = OnceLock::new();
        if !zk_mode {
            let local: Arc<dyn ClusterMetadata> = Arc::new(LocalCatalogue::new(next));
            let _ = metadata.set(local);
        }
        Ok(Arc::new(Broker {
            cluster_id: logs.cluster_id().to_string(),
            config,
            data_dir,
            logs,
            topics: RwLock::new(Arc::new(topics)),
            topics_generation: AtomicU64::new(0),
            admin: Mutex::new(catalogue),
            groups,
            cluster: OnceLock::new(),
            metadata,
        }))
    }

    /// Joins this broker to a cluster (ZooKeeper mode); called once, right after opening
    /// and before any request is served.
    pub fn set_cluster(&self, cluster: Arc<Cluster>) {
        let _ = self.cluster.set(cluster.clone());
        let _ = self.metadata.set(cluster);
    }

    /// What the cluster knows and how to change it, whatever the mode.
    pub fn metadata(&self) -> &dyn ClusterMetadata {
        self.metadata
            .get()
            .expect("a ZooKeeper-mode broker serves only once its cluster is set")
            .as_ref()
    }

    /// The cluster as [`Broker::metadata`] sees it now.
    pub fn view(&self) -> Arc<ClusterView> {
        self.metadata().view(self)
    }

    /// The cluster in ZooKeeper mode, None for a standalone broker.
    pub fn cluster(&self) -> Option<&Arc<Cluster>> {
        self.cluster.get()
    }

    /// The group coordinator.
    pub fn groups(&self) -> &GroupCoordinator {
        &self.groups
    }

    /// Makes sure `__consumer_offsets` exists and the coordinator serves groups, creating
    /// the topic on first use as Kafka does (with `offsets.topic.*` settings, compacted).
    pub fn ensure_offsets_topic(&self) -> Result<(), BrokerError> {
        if self.groups.is_ready() {
            return Ok(());
        }
        let topic = match self.topic(OFFSETS_TOPIC) {
            Some(topic) => topic,
            None => match self.create_topic(OFFSETS_TOPIC, -1, -1, None, BTreeMap::new(), false) {
                Ok(topic) => topic,
                Err(BrokerError::TopicAlreadyExists(_)) => self
                    .topic(OFFSETS_TOPIC)
                    .ok_or(BrokerError::UnknownTopicOrPartition)?,
                Err(e) => return Err(e),
            },
        };
        self.groups
            .attach(offsets_partitions(&topic), topic.meta.partitions)
            .map_err(|e| BrokerError::InvalidRequest(format!("loading groups: {e}")))
    }

    /// The broker's configuration.
    pub fn config(&self) -> &ServerConfig {
        &self.config
    }

    /// This broker's id (`broker.id`).
    pub fn id(&self) -> i32 {
        self.config.broker_id
    }

    /// The cluster id, generated once and kept in the catalogue.
    pub fn cluster_id(&self) -> &str {
        &self.cluster_id
    }

    /// The host and port clients are told to connect to (an unbound host reads `localhost`).
    pub fn advertised_endpoint(&self) -> (String, i32) {
        let listener = self.config.advertised();
        let host = if listener.host.is_empty() || listener.host == "0.0.0.0" {
            "localhost".to_string()
        } else {
            listener.host.clone()
        };
        (host, listener.port as i32)
    }

    /// The first log directory, which holds the topic catalogue; partition logs are in any
    /// of `config().log_dirs`.
    pub fn data_dir(&self) -> &PathBuf {
        &self.data_dir
    }

    /// A snapshot of every topic, sorted by name.
    pub fn topics(&self) -> Arc<BTreeMap<String, Arc<Topic>>> {
        self.topics
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// How many times the topic map has changed: a view built from it is current while this
    /// stays the same.
    pub fn topics_generation(&self) -> u64 {
        self.topics_generation.load(Ordering::Acquire)
    }

    /// One topic, if it exists.
    pub fn topic(&self, name: &str) -> Option<Arc<Topic>> {
        self.topics().get(name).cloned()
    }

    /// One topic by its id.
    pub fn topic_by_id(&self, id: &Uuid) -> Option<Arc<Topic>> {
        self.topics().values().find(|t| &t.meta.id == id).cloned()
    }

    /// One partition, if this broker holds it.
    pub fn partition(&self, topic: &str, index: i32) -> Option<Arc<Partition>> {
        let topic = self.topic(topic)?;
        let at = usize::try_from(index).ok()?;
        match topic.partitions.get(at) {
            Some(p) if p.index == index => Some(p.clone()),
            _ => topic.partitions.iter().find(|p| p.index == index).cloned(),
        }
    }

    /// The partition a Produce, Fetch or ListOffsets is for, if this broker leads it:
    /// NOT_LEADER_OR_FOLLOWER when another broker does, UNKNOWN_TOPIC_OR_PARTITION when no
    /// broker has it.
    pub fn leading(&self, topic: &str, index: i32) -> Result<Arc<Partition>, ResponseError> {
        let view = self.view();
        let Some(assignment) = view.topics.get(topic) else {
            return Err(ResponseError::UnknownTopicOrPartition);
        };
        if !assignment.replicas.contains_key(&index) {
            return Err(ResponseError::UnknownTopicOrPartition);
        }
        if assignment.leader(index) != Some(self.id()) {
            return Err(ResponseError::NotLeaderOrFollower);
        }
        self.partition(topic, index)
            .ok_or(ResponseError::NotLeaderOrFollower)
    }

    /// How many partitions a topic has in the cluster, None if it does not exist.
    pub fn partition_count(&self, topic: &str) -> Option<i32> {
        self.view().topics.get(topic).map(|t| t.partition_count())
    }

    /// Whether this broker coordinates `group`: whether it leads the group's partition of
    /// `__consumer_offsets` (a cluster of one leads them all) and has loaded it.
    pub fn coordinates(&self, group: &str) -> Result<(), GroupError> {
        metadata::coordinates(&self.view(), self.id(), |i| self.groups.holds(i), group)
    }

    /// Brings this broker's partition logs in line with the cluster (ZooKeeper mode):
    /// creates the partitions it is a replica of, deletes topics the cluster no longer has
    /// (or has again under a new id), applies `/config/topics` overrides, and starts the
    /// group coordinator once `__consumer_offsets` exists. Only the watch loop calls it.
    pub fn sync_cluster(&self, view: &ClusterView) -> Result<(), BrokerError> {
        let me = self.id();
        for name in self.topics().keys() {
            let gone = match view.topics.get(name) {
                None => !view.unreadable.contains(name),
                Some(a) => !a.id.is_nil() && self.topic(name).is_some_and(|t| t.meta.id != a.id),
            };
            if gone {
                self.remove_local_topic(name)?;
            }
        }
        for (name, assignment) in &view.topics {
            let mine: Vec<i32> = assignment
                .replicas
                .iter()
                .filter(|(_, r)| r.contains(&me))
                .map(|(p, _)| *p)
                .collect();
            let local = self.topic(name);
            let current: Vec<i32> = local
                .as_ref()
                .map(|t| t.partitions.iter().map(|p| p.index).collect())
                .unwrap_or_default();
            let same_configs = local
                .as_ref()
                .is_some_and(|t| t.meta.configs == assignment.configs);
            if local.is_some() && current == mine && same_configs {
                continue;
            }
            let meta = TopicMeta {
                id: if assignment.id.is_nil() {
                    local.as_ref().map_or_else(Uuid::new_v4, |t| t.meta.id)
                } else {
                    assignment.id
                },
                partitions: assignment.partition_count(),
                configs: assignment.configs.clone(),
            };
            let log_config = topic_config::log_config(&self.config, &meta.configs);
            let mut catalogue = self.admin.lock().unwrap_or_else(|e| e.into_inner());
            let mut partitions = Vec::with_capacity(mine.len());
            for index in &mine {
                let partition = match local
                    .as_ref()
                    .and_then(|t| t.partitions.iter().find(|p| p.index == *index).cloned())
                {
                    Some(p) => {
                        p.log.update_config(log_config);
                        p
                    }
                    None => Arc::new(Partition::new(
                        name,
                        *index,
                        self.logs.create_log_with_topic_id(
                            name,
                            *index,
                            log_config,
                            Some(*meta.id.as_bytes()),
                        )?,
                    )),
                };
                partitions.push(partition);
            }
            self.record_topic(&mut catalogue, name, meta, partitions)?;
            if local.is_none() {
                tracing::info!("[Broker id={me}] holds partitions {mine:?} of topic {name}");
            }
        }
        if !self.groups.is_ready() {
            if let Some(offsets) = self.topic(OFFSETS_TOPIC) {
                self.groups
                    .attach(offsets_partitions(&offsets), offsets.meta.partitions)
                    .map_err(|e| BrokerError::InvalidRequest(format!("loading groups: {e}")))?;
            }
        }
        Ok(())
    }

    /// Deletes this broker's copy of a topic: its logs and its catalogue entry.
    fn remove_local_topic(&self, name: &str) -> Result<(), BrokerError> {
        let mut catalogue = self.admin.lock().unwrap_or_else(|e| e.into_inner());
        catalogue.topics.remove(name);
        let Some(topic) = self.topic(name) else {
            return Ok(());
        };
        for partition in &topic.partitions {
            let _producers = partition.lock_producers();
            partition.deleted.store(true, Ordering::Release);
            partition.appended.notify_waiters();
        }
        catalogue.save(&self.data_dir)?;
        self.publish(|topics| {
            topics.remove(name);
        });
        for partition in &topic.partitions {
            self.logs.delete_log(name, partition.index)?;
        }
        tracing::info!("[Broker id={}] Deleted topic {name}", self.id());
        Ok(())
    }

    /// Creates a topic (or only checks that it could be created, with `validate_only`).
    ///
    /// `partitions` and `replication_factor` of -1 take the broker defaults. A manual
    /// assignment must place every partition on this broker alone.
    pub fn create_topic(
        &self,
        name: &str,
        partitions: i32,
        replication_factor: i16,
        assignments: Option<i32>,
        configs: BTreeMap<String, String>,
        validate_only: bool,
    ) -> Result<Arc<Topic>, BrokerError> {
        let (partitions, replication_factor, configs) =
            self.plan_topic(name, partitions, replication_factor, assignments, configs)?;
        if replication_factor > 1 {
            return Err(BrokerError::InvalidReplicationFactor(format!(
                "Replication factor: {replication_factor} larger than available brokers: 1."
            )));
        }
        let mut catalogue = self.admin.lock().unwrap_or_else(|e| e.into_inner());
        if catalogue.topics.contains_key(name) {
            return Err(BrokerError::TopicAlreadyExists(name.to_string()));
        }
        let meta = TopicMeta {
            id: Uuid::new_v4(),
            partitions,
            configs,
        };
        self.create_planned(name, meta, validate_only, &mut catalogue)
    }

    /// Checks a new topic's name and configs and settles its partition count, replication
    /// factor and configs (defaults applied; `__consumer_offsets` always gets Kafka's
    /// layout). Shared by the standalone and the ZooKeeper paths.
    pub fn plan_topic(
        &self,
        name: &str,
        partitions: i32,
        replication_factor: i16,
        assignments: Option<i32>,
        configs: BTreeMap<String, String>,
    ) -> Result<(i32, i16, BTreeMap<String, String>), BrokerError> {
        validate_topic_name(name).map_err(BrokerError::InvalidTopic)?;
        let internal = name == OFFSETS_TOPIC;
        let (partitions, configs) = if internal {
            // Whoever asks, the offsets topic gets Kafka's layout: groups hash onto its
            // partitions, and it is compacted.
            let groups = &self.config.groups;
            let mut configs = BTreeMap::new();
            configs.insert("cleanup.policy".to_string(), "compact".to_string());
            configs.insert("compression.type".to_string(), "producer".to_string());
            configs.insert(
                "segment.bytes".to_string(),
                groups.offsets_topic_segment_bytes.to_string(),
            );
            (groups.offsets_topic_num_partitions, configs)
        } else {
            topic_config::validate(&configs).map_err(BrokerError::InvalidConfig)?;
            (partitions, configs)
        };
        let partitions = match (partitions, assignments) {
            (-1, Some(n)) => n,
            (-1, None) => self.config.num_partitions,
            (n, _) => n,
        };
        if partitions < 1 {
            return Err(BrokerError::InvalidPartitions(
                "Number of partitions must be larger than 0.".to_string(),
            ));
        }
        let replication_factor = match replication_factor {
            -1 => self.config.default_replication_factor,
            n => n,
        };
        if replication_factor < 1 {
            return Err(BrokerError::InvalidReplicationFactor(
                "Replication factor must be larger than 0.".to_string(),
            ));
        }
        Ok((partitions, replication_factor, configs))
    }

    fn create_planned(
        &self,
        name: &str,
        meta: TopicMeta,
        validate_only: bool,
        catalogue: &mut Catalogue,
    ) -> Result<Arc<Topic>, BrokerError> {
        let partitions = meta.partitions;
        if validate_only {
            return Ok(Arc::new(Topic {
                name: name.to_string(),
                meta,
                partitions: Vec::new(),
            }));
        }
        let log_config = topic_config::log_config(&self.config, &meta.configs);
        let mut created = Vec::with_capacity(partitions as usize);
        for index in 0..partitions {
            let log = self.logs.create_log_with_topic_id(
                name,
                index,
                log_config,
                Some(*meta.id.as_bytes()),
            )?;
            created.push(Arc::new(Partition::new(name, index, log)));
        }
        let topic = self.record_topic(catalogue, name, meta, created)?;
        tracing::info!(
            "Created topic {name} with {partitions} partitions (topic id {})",
            super::catalogue::encode_uuid(&topic.meta.id)
        );
        Ok(topic)
    }

    /// Deletes a topic and its partition logs.
    pub fn delete_topic(&self, name: &str) -> Result<(), BrokerError> {
        if !self.config.delete_topic_enable {
            return Err(BrokerError::TopicDeletionDisabled);
        }
        if name == OFFSETS_TOPIC {
            return Err(BrokerError::InvalidRequest(format!(
                "Topic {name} is an internal topic and cannot be deleted."
            )));
        }
        let mut catalogue = self.admin.lock().unwrap_or_else(|e| e.into_inner());
        let Some(meta) = catalogue.topics.remove(name) else {
            return Err(BrokerError::UnknownTopicOrPartition);
        };
        if let Some(topic) = self.topic(name) {
            for partition in &topic.partitions {
                let _producers = partition.lock_producers();
                partition.deleted.store(true, Ordering::Release);
                partition.appended.notify_waiters();
            }
        }
        catalogue.save(&self.data_dir)?;
        self.publish(|topics| {
            topics.remove(name);
        });
        for index in 0..meta.partitions {
            self.logs.delete_log(name, index)?;
        }
        tracing::info!("Deleted topic {name}");
        Ok(())
    }

    /// Raises a topic's partition count to `count`.
    pub fn create_partitions(
        &self,
        name: &str,
        count: i32,
        validate_only: bool,
    ) -> Result<(), BrokerError> {
        self.standalone_only("Adding partitions")?;
        if name == OFFSETS_TOPIC {
            return Err(BrokerError::InvalidRequest(format!(
                "Topic {name} is an internal topic: its partition count is fixed."
            )));
        }
        let mut catalogue = self.admin.lock().unwrap_or_else(|e| e.into_inner());
        let Some(meta) = catalogue.topics.get(name).cloned() else {
            return Err(BrokerError::UnknownTopicOrPartition);
        };
        if count <= meta.partitions {
            let why = if count == meta.partitions {
                format!("Topic already has {count} partitions.")
            } else {
                format!(
                    "Topic currently has {} partitions, which is higher than the requested {count}.",
                    meta.partitions
                )
            };
            return Err(BrokerError::InvalidPartitions(why));
        }
        if validate_only {
            return Ok(());
        }
        let topic = self
            .topic(name)
            .ok_or(BrokerError::UnknownTopicOrPartition)?;
        let log_config = topic_config::log_config(&self.config, &meta.configs);
        let mut partitions = topic.partitions.clone();
        for index in meta.partitions..count {
            let log = self.logs.create_log_with_topic_id(
                name,
                index,
                log_config,
                Some(*meta.id.as_bytes()),
            )?;
            partitions.push(Arc::new(Partition::new(name, index, log)));
        }
        let meta = TopicMeta {
            partitions: count,
            ..meta
        };
        self.record_topic(&mut catalogue, name, meta, partitions)?;
        Ok(())
    }

    /// Replaces a topic's config overrides (after validating them) and applies them to its logs.
    pub fn set_topic_configs(
        &self,
        name: &str,
        configs: BTreeMap<String, String>,
        validate_only: bool,
    ) -> Result<(), BrokerError> {
        self.standalone_only("Altering topic configs")?;
        topic_config::validate(&configs).map_err(BrokerError::InvalidConfig)?;
        let mut catalogue = self.admin.lock().unwrap_or_else(|e| e.into_inner());
        let Some(meta) = catalogue.topics.get(name).cloned() else {
            return Err(BrokerError::UnknownTopicOrPartition);
        };
        if validate_only {
            return Ok(());
        }
        let topic = self
            .topic(name)
            .ok_or(BrokerError::UnknownTopicOrPartition)?;
        let meta = TopicMeta { configs, ..meta };
        catalogue.topics.insert(name.to_string(), meta.clone());
        catalogue.save(&self.data_dir)?;
        let log_config = topic_config::log_config(&self.config, &meta.configs);
        for partition in &topic.partitions {
            partition.log.update_config(log_config);
        }
        let topic = Arc::new(Topic {
            name: name.to_string(),
            meta,
            partitions: topic.partitions.clone(),
        });
        self.publish(|topics| {
            topics.insert(name.to_string(), topic);
        });
        Ok(())
    }

    /// Every config of a topic with its value and source.
    pub fn describe_topic_configs(&self, name: &str) -> Result<Vec<ConfigEntry>, BrokerError> {
        let topic = self
            .topic(name)
            .ok_or(BrokerError::UnknownTopicOrPartition)?;
        Ok(topic_config::describe(&self.config, &topic.meta.configs))
    }

    /// Appends the batches of one produce to a partition, enforcing idempotent-producer
    /// sequences. The request's bytes are written as they are; only patched copies of the
    /// batch headers (offsets, LogAppendTime) are made.
    pub fn append(
        &self,
        partition: &Partition,
        batches: &[u8],
    ) -> Result<ProduceOutcome, BrokerError> {
        let header = BatchHeader::parse(batches)?;
        if partition.log.config().compact {
            // Only compacted topics pay for reading the records: each must have a key.
            crate::storage::require_keys(
                batches,
                partition.log.topic(),
                partition.log.partition(),
            )?;
        }
        let idempotent = header.producer_id >= 0 && header.base_sequence >= 0;
        if idempotent && header.total_size() < batches.len() {
            // Kafka's rule: an idempotent produce carries exactly one batch per partition.
            return Err(BrokerError::Sequence(ResponseError::InvalidRecord));
        }
        // A topic with a compression.type of its own stores its batches in that codec.
        let recompressed = match partition.log.config().compression {
            Some(codec) => crate::storage::recompress(batches, codec)?,
            None => None,
        };
        let batches = recompressed.as_deref().unwrap_or(batches);
        // Check, append and record under the producers lock so that two retries of the same
        // batch cannot both pass the check, and a deletion cannot slip in between.
        let mut producers = partition.lock_producers();
        if partition.is_deleted() {
            return Err(BrokerError::UnknownTopicOrPartition);
        }
        let outcome = if idempotent {
            producers.restore_once(&partition.log)?;
            match producers
                .check(
                    header.producer_id,
                    header.producer_epoch,
                    header.base_sequence,
                    header.record_count,
                )
                .map_err(BrokerError::Sequence)?
            {
                SequenceCheck::Duplicate { base_offset } => ProduceOutcome {
                    base_offset,
                    log_append_time: -1,
                    log_start_offset: partition.log.log_start_offset(),
                },
                SequenceCheck::Append => {
                    let info = partition.log.append_shared(batches)?;
                    producers.record(
                        header.producer_id,
                        header.producer_epoch,
                        header.base_sequence,
                        header.record_count,
                        info.base_offset,
                    );
                    outcome(&info)
                }
            }
        } else {
            outcome(&partition.log.append_shared(batches)?)
        };
        partition.appended.notify_waiters();
        Ok(outcome)
    }

    /// In ZooKeeper mode these changes go through ZooKeeper (`cluster::topics`); a caller
    /// that reaches the local-only path anyway is refused rather than changing this broker
    /// alone.
    fn standalone_only(&self, what: &str) -> Result<(), BrokerError> {
        match self.config.zookeeper {
            Some(_) => Err(BrokerError::InvalidRequest(format!(
                "{what} is not supported by kt in ZooKeeper mode yet."
            ))),
            None => Ok(()),
        }
    }

    /// Reserves `count` producer ids in the catalogue, from `at_least` or the catalogue's
    /// next block, whichever is later; returns the first. The standalone broker's blocks
    /// (`metadata::LocalCatalogue`); a file write.
    pub(crate) fn reserve_producer_ids(
        &self,
        at_least: i64,
        count: i64,
    ) -> Result<i64, BrokerError> {
        let mut catalogue = self.admin.lock().unwrap_or_else(|e| e.into_inner());
        let start = catalogue.next_producer_id_block.max(at_least);
        catalogue.next_producer_id_block = start + count;
        catalogue.save(&self.data_dir)?;
        Ok(start)
    }

    /// Deletes expired segments of every log (the retention check Kafka runs periodically).
    pub fn apply_retention(&self) {
        if let Err(e) = self.logs.apply_retention_all(now_ms()) {
            tracing::error!("applying retention failed: {e}");
        }
    }

    /// One log-cleaner pass over the compacted topics (`log.cleaner.backoff.ms`). The
    /// internal offsets topic is left to the group coordinator, which compacts it from its
    /// own state (`GroupCoordinator::compact`).
    pub fn clean_logs(&self) {
        if let Err(e) = self
            .logs
            .clean_all(now_ms(), |topic| topic == OFFSETS_TOPIC)
        {
            tracing::error!("cleaning logs failed: {e}");
        }
    }

    /// Flushes logs whose `flush.ms` has passed.
    pub fn flush_due(&self) {
        if let Err(e) = self.logs.maybe_flush_all(now_ms()) {
            tracing::error!("flushing logs failed: {e}");
        }
    }

    /// Writes the recovery-point and log-start checkpoints.
    pub fn checkpoint(&self) {
        if let Err(e) = self.logs.checkpoint() {
            tracing::error!("writing checkpoints failed: {e}");
        }
    }

    /// Flushes every log and writes checkpoints: what a clean shutdown does.
    pub fn shutdown(&self) {
        if let Err(e) = self.logs.shutdown() {
            tracing::error!("shutting down the logs failed: {e}");
        }
    }

    /// Writes a topic's new catalogue entry to disk, then makes the topic with `partitions`
    /// visible to the handlers. The caller holds `admin` (passed in as `catalogue`), so the
    /// file and the in-memory map change in the same order for every admin operation.
    fn record_topic(
        &self,
        catalogue: &mut Catalogue,
        name: &str,
        meta: TopicMeta,
        partitions: Vec<Arc<Partition>>,
    ) -> Result<Arc<Topic>, BrokerError> {
        catalogue.topics.insert(name.to_string(), meta.clone());
        catalogue.save(&self.data_dir)?;
        let topic = Arc::new(Topic {
            name: name.to_string(),
            meta,
            partitions,
        });
        self.publish(|topics| {
            topics.insert(name.to_string(), topic.clone());
        });
        Ok(topic)
    }

    fn publish(&self, change: impl FnOnce(&mut BTreeMap<String, Arc<Topic>>)) {
        let mut guard = self.topics.write().unwrap_or_else(|e| e.into_inner());
        let mut topics = (**guard).clone();
        change(&mut topics);
        *guard = Arc::new(topics);
        self.topics_generation.fetch_add(1, Ordering::AcqRel);
    }
}

/// The coordinator's handles on the partitions of `__consumer_offsets` this broker holds.
fn offsets_partitions(topic: &Topic) -> Vec<OffsetsPartition> {
    topic
        .partitions
        .iter()
        .map(|p| OffsetsPartition {
            index: p.index,
            log: p.log.clone(),
            appended: p.appended.clone(),
        })
        .collect()
}

/// The log directories as `log.dirs` writes them.
pub(crate) fn dir_list(log_dirs: &[PathBuf]) -> String {
    log_dirs
        .iter()
        .map(|d| d.display().to_string())
        .collect::<Vec<_>>()
        .join(",")
}

/// Refuses to start when the topic catalogue is missing from the first log directory but
/// present in a later one: `log.dirs` was reordered, and starting with an empty catalogue
/// would orphan every topic. Checked before any log is opened, so nothing changes on disk.
fn check_catalogue_place(log_dirs: &[PathBuf]) -> Result<(), BrokerError> {
    let Some((first, rest)) = log_dirs.split_first() else {
        return Ok(());
    };
    if !first.join(CATALOGUE_FILE).exists() {
        if let Some(other) = rest.iter().find(|d| d.join(CATALOGUE_FILE).exists()) {
            return Err(BrokerError::InvalidConfig(format!(
                "the topic catalogue {CATALOGUE_FILE} is in {} but kt keeps it in the first \
                 directory of log.dirs, {}: list {} first again (or move the file)",
                other.display(),
                first.display(),
                other.display()
            )));
        }
    }
    Ok(())
}

fn outcome(info: &AppendInfo) -> ProduceOutcome {
    ProduceOutcome {
        base_offset: info.base_offset,
        log_append_time: info.log_append_time,
        log_start_offset: info.log_start_offset,
    }
}

impl Partition {
    fn new(topic: &str, index: i32, log: Arc<PartitionLog>) -> Self {
        Partition {
            topic: topic.to_string(),
            index,
            log,
            appended: Arc::new(Notify::new()),
            deleted: AtomicBool::new(false),
            producers: Mutex::new(ProducerStates::default()),
        }
    }

    /// Whether the partition's topic was deleted after this handle was looked up.
    pub fn is_deleted(&self) -> bool {
        self.deleted.load(Ordering::Acquire)
    }

    fn lock_producers(&self) -> std::sync::MutexGuard<'_, ProducerStates> {
        self.producers.lock().unwrap_or_else(|e| e.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::storage::CLEAN_SHUTDOWN_FILE;
    use bytes::BytesMut;
    use kafka_protocol::records::{
        Compression, Record, RecordBatchEncoder, RecordEncodeOptions, TimestampType,
    };

    fn broker(dir: &std::path::Path) -> Arc<Broker> {
        let mut props = crate::config::Properties::new();
        props.insert("log.dirs".into(), dir.display().to_string());
        Broker::open(ServerConfig::from_properties(&props).unwrap().0).unwrap()
    }

    /// One record from `producer_id` at `sequence`, without a key.
    fn batch(producer_id: i64, sequence: i32) -> BytesMut {
        records(producer_id, sequence, [None])
    }

    /// `count` records keyed `k{first}..`, one batch, from `producer_id` at `sequence`.
    fn keyed_batch(producer_id: i64, sequence: i32, first: usize, count: usize) -> BytesMut {
        records(
            producer_id,
            sequence,
            (first..first + count).map(|k| Some(format!("k{k}"))),
        )
    }

    /// One batch of records with the given keys and the value `v`.
    fn records(
        producer_id: i64,
        sequence: i32,
        keys: impl IntoIterator<Item = Option<String>>,
    ) -> BytesMut {
        let records: Vec<Record> = keys
            .into_iter()
            .enumerate()
            .map(|(i, key)| Record {
                transactional: false,
                control: false,
                delete_horizon: false,
                partition_leader_epoch: 0,
                producer_id,
                producer_epoch: 0,
                timestamp_type: TimestampType::Creation,
                offset: i as i64,
                sequence: sequence + i as i32,
                timestamp: 1,
                key: key.map(bytes::Bytes::from),
                value: Some(bytes::Bytes::from_static(b"v")),
                headers: Default::default(),
            })
            .collect();
        let mut buf = BytesMut::new();
        let options = RecordEncodeOptions {
            version: 2,
            compression: Compression::None,
        };
        RecordBatchEncoder::encode(&mut buf, &records, &options).unwrap();
        buf
    }

    /// The cleaner may leave an idempotent producer's last batch with fewer records than its
    /// sequences span; after a restart the producer's next sequence is still the one after
    /// the batch, not one that counts only the kept records.
    #[test]
    fn a_producer_continues_after_its_batch_was_cleaned_and_the_broker_restarted() {
        let dir = tempfile::tempdir().unwrap();
        let broker = broker(dir.path());
        let configs = BTreeMap::from([
            ("cleanup.policy".to_string(), "compact".to_string()),
            ("min.cleanable.dirty.ratio".to_string(), "0.01".to_string()),
            // Producer 7's batch fills the first segment; producer 8's starts the next.
            ("segment.bytes".to_string(), "200".to_string()),
        ]);
        broker
            .create_topic("c", 1, 1, None, configs, false)
            .unwrap();
        let partition = broker.partition("c", 0).unwrap();
        // Producer 7 writes k0..k9 (sequences 0-9); producer 8 then overwrites k5..k9.
        broker
            .append(&partition, &keyed_batch(7, 0, 0, 10))
            .unwrap();
        broker.append(&partition, &keyed_batch(8, 0, 5, 5)).unwrap();
        assert_eq!(partition.log.segment_base_offsets(), vec![0, 10]);
        let stats = partition.log.clean_now(crate::clock::now_ms()).unwrap();
        assert_eq!(stats.map(|s| s.records_removed), Some(5));
        broker.shutdown();
        drop((partition, broker));

        let broker = self::broker(dir.path());
        let partition = broker.partition("c", 0).unwrap();
        let next = broker
            .append(&partition, &keyed_batch(7, 10, 0, 1))
            .unwrap();
        assert_eq!(next.base_offset, 15);
    }

    /// A cleaner pass holding a deleted log must not write into its directory, which a topic
    /// re-created under the same name takes over.
    #[test]
    fn a_deleted_compacted_log_is_never_cleaned_again() {
        let dir = tempfile::tempdir().unwrap();
        let broker = broker(dir.path());
        let configs = BTreeMap::from([
            ("cleanup.policy".to_string(), "compact".to_string()),
            ("segment.bytes".to_string(), "200".to_string()),
        ]);
        broker
            .create_topic("c", 1, 1, None, configs.clone(), false)
            .unwrap();
        let old = broker.partition("c", 0).unwrap();
        broker.append(&old, &keyed_batch(-1, -1, 0, 10)).unwrap();
        broker.append(&old, &keyed_batch(-1, -1, 0, 5)).unwrap();
        broker.delete_topic("c").unwrap();
        broker
            .create_topic("c", 1, 1, None, configs, false)
            .unwrap();
        let new = broker.partition("c", 0).unwrap();
        broker.append(&new, &keyed_batch(-1, -1, 100, 1)).unwrap();
        assert!(old.log.clean_now(crate::clock::now_ms()).unwrap().is_none());
        assert_eq!(new.log.log_end_offset(), 1);
        let files: Vec<_> = std::fs::read_dir(new.log.dir())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
            .collect();
        assert!(
            !files
                .iter()
                .any(|f| f.contains(".cleaned") || f.contains(".swap")),
            "{files:?}"
        );
    }

    #[test]
    fn in_zookeeper_mode_a_broker_holds_exactly_its_replicas_and_keeps_unreadable_topics() {
        use crate::broker::cluster::{ClusterView, PartitionState, TopicAssignment};
        let dir = tempfile::tempdir().unwrap();
        let mut props = crate::config::Properties::new();
        props.insert("log.dirs".into(), dir.path().display().to_string());
        props.insert("broker.id".into(), "1".into());
        props.insert("zookeeper.connect".into(), "127.0.0.1:1".into());
        let broker = Broker::open(ServerConfig::from_properties(&props).unwrap().0).unwrap();
        let topic = |replicas: &[(i32, i32)]| TopicAssignment {
            id: Uuid::new_v4(),
            replicas: replicas.iter().map(|(p, b)| (*p, vec![*b])).collect(),
            states: replicas
                .iter()
                .map(|(p, b)| {
                    let state = PartitionState {
                        leader: *b,
                        leader_epoch: 0,
                        isr: vec![*b],
                        controller_epoch: 1,
                    };
                    (*p, state)
                })
                .collect(),
            configs: BTreeMap::new(),
        };
        let mut view = ClusterView::default();
        view.topics
            .insert("a".into(), topic(&[(0, 0), (1, 1), (2, 2), (3, 1)]));
        view.topics.insert("b".into(), topic(&[(0, 2)]));
        broker.sync_cluster(&view).unwrap();
        let held: Vec<i32> = broker
            .topic("a")
            .unwrap()
            .partitions
            .iter()
            .map(|p| p.index)
            .collect();
        assert_eq!(held, vec![1, 3]);
        assert!(broker.topic("b").unwrap().partitions.is_empty());
        assert!(dir.path().join("a-3").is_dir() && !dir.path().join("a-0").exists());
        assert!(broker.partition("a", 3).is_some() && broker.partition("a", 2).is_none());

        // A topic whose znode cannot be read keeps its logs; a topic gone is deleted.
        view.topics.remove("a");
        view.topics.remove("b");
        view.unreadable.push("a".into());
        broker.sync_cluster(&view).unwrap();
        assert!(broker.topic("a").is_some() && dir.path().join("a-3").is_dir());
        assert!(broker.topic("b").is_none());
        view.unreadable.clear();
        broker.sync_cluster(&view).unwrap();
        assert!(broker.topic("a").is_none() && !dir.path().join("a-3").exists());
    }

    #[test]
    fn topics_spread_over_every_log_dir_and_the_catalogue_stays_in_the_first() {
        let root = tempfile::tempdir().unwrap();
        let (a, b) = (root.path().join("a"), root.path().join("b"));
        let open = |dirs: &[&std::path::Path]| {
            let list: Vec<String> = dirs.iter().map(|d| d.display().to_string()).collect();
            let mut props = crate::config::Properties::new();
            props.insert("log.dirs".into(), list.join(","));
            Broker::open(ServerConfig::from_properties(&props).unwrap().0)
        };
        let in_dir = |dir: &std::path::Path, topic: &str| -> Vec<String> {
            let mut names: Vec<String> = std::fs::read_dir(dir)
                .unwrap()
                .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
                .filter(|n| n.starts_with(&format!("{topic}-")))
                .collect();
            names.sort();
            names
        };
        {
            let broker = open(&[&a, &b]).unwrap();
            broker
                .create_topic("t", 4, 1, None, BTreeMap::new(), false)
                .unwrap();
            assert_eq!(in_dir(&a, "t"), ["t-0", "t-2"]);
            assert_eq!(in_dir(&b, "t"), ["t-1", "t-3"]);
            broker.create_partitions("t", 6, false).unwrap();
            assert_eq!(in_dir(&a, "t").len(), 3);
            assert_eq!(in_dir(&b, "t").len(), 3);
            let partition = broker.partition("t", 5).unwrap();
            broker.append(&partition, &batch(-1, -1)).unwrap();
            broker
                .create_topic("gone", 2, 1, None, BTreeMap::new(), false)
                .unwrap();
            broker.delete_topic("gone").unwrap();
            assert!(in_dir(&a, "gone").is_empty() && in_dir(&b, "gone").is_empty());
            assert!(a.join(CATALOGUE_FILE).exists() && !b.join(CATALOGUE_FILE).exists());
            broker.shutdown();
        }
        // Reordered log.dirs would lose the catalogue: refused before anything changes.
        let refused = open(&[&b, &a]).err().unwrap().to_string();
        assert!(refused.contains("list"), "{refused}");
        assert!(refused.contains(&a.display().to_string()), "{refused}");
        assert!(a.join(CLEAN_SHUTDOWN_FILE).exists());

        let broker = open(&[&a, &b]).unwrap();
        let topic = broker.topic("t").unwrap();
        assert_eq!(topic.partitions.len(), 6);
        assert_eq!(topic.partitions[5].log.log_end_offset(), 1);
        assert!(broker.topic("gone").is_none());
    }

    #[test]
    fn a_partition_looked_up_before_its_topic_was_deleted_takes_no_writes() {
        let dir = tempfile::tempdir().unwrap();
        let broker = broker(dir.path());
        broker
            .create_topic("gone", 1, 1, None, BTreeMap::new(), false)
            .unwrap();
        let partition = broker.partition("gone", 0).unwrap();
        broker.append(&partition, &batch(-1, -1)).unwrap();
        broker.delete_topic("gone").unwrap();
        assert!(partition.is_deleted());
        assert!(matches!(
            broker.append(&partition, &batch(-1, -1)),
            Err(BrokerError::UnknownTopicOrPartition)
        ));
    }

    #[test]
    fn an_idempotent_produce_with_two_batches_is_an_invalid_record() {
        let dir = tempfile::tempdir().unwrap();
        let broker = broker(dir.path());
        broker
            .create_topic("t", 1, 1, None, BTreeMap::new(), false)
            .unwrap();
        let partition = broker.partition("t", 0).unwrap();
        let mut two = batch(5, 0);
        two.extend_from_slice(&batch(5, 1));
        let err = broker.append(&partition, &two).unwrap_err();
        assert_eq!(err.response_error(), ResponseError::InvalidRecord);
        // A retried batch is answered with its first offset, not written twice.
        let first = broker.append(&partition, &batch(5, 0)).unwrap();
        let again = broker.append(&partition, &batch(5, 0)).unwrap();
        assert_eq!(first.base_offset, again.base_offset);
        assert_eq!(partition.log.log_end_offset(), 1);
    }

    #[test]
    fn a_retry_of_a_batch_written_before_a_restart_is_a_duplicate() {
        let dir = tempfile::tempdir().unwrap();
        let broker = broker(dir.path());
        broker
            .create_topic("t", 1, 1, None, BTreeMap::new(), false)
            .unwrap();
        let partition = broker.partition("t", 0).unwrap();
        broker.append(&partition, &batch(-1, -1)).unwrap();
        let first = broker.append(&partition, &batch(7, 0)).unwrap();
        broker.shutdown();
        drop((partition, broker));

        let broker = self::broker(dir.path());
        let partition = broker.partition("t", 0).unwrap();
        let again = broker.append(&partition, &batch(7, 0)).unwrap();
        assert_eq!(again.base_offset, first.base_offset);
        assert_eq!(partition.log.log_end_offset(), 2, "not written twice");
        let gap = broker.append(&partition, &batch(7, 5)).unwrap_err();
        assert_eq!(
            gap.response_error(),
            ResponseError::OutOfOrderSequenceNumber
        );
        let next = broker.append(&partition, &batch(7, 1)).unwrap();
        assert_eq!(next.base_offset, 2);
    }
}
