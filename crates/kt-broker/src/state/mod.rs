//! The broker's state: this broker's topics (the catalogue), one `Partition` per partition
//! log it holds, and the group coordinator; what the cluster knows is asked of `metadata()`.
//!
//! Every operation here is typed and protocol-free, so the request handlers and the embedded
//! admin backend (a CLI working on a data directory without a server) share it. By idea:
//! `lifecycle` opens the state and keeps the logs healthy (retention, cleaning, flushes,
//! checkpoints, shutdown); `topic_admin` changes the catalogue; `produce` appends;
//! `cluster_sync` follows the ZooKeeper cluster's view.
//!
//! Lock order (never the other way round): the local catalogue's `producer_ids`
//! (`metadata::LocalCatalogue`) → `admin` → `topics` → a partition's `producers` → the
//! partition log's own lock. `topics` is held only to look up or swap the in-memory map,
//! never across file I/O; `admin` serialises catalogue changes and is held across their file
//! I/O, which only other admin operations wait for. No lock is held across an `.await`.
//! In ZooKeeper mode the cluster's view is read by cloning an `Arc` (its lock is never held
//! while these are taken), and only `sync_cluster` (at start-up, then from the watch loop)
//! creates or deletes this broker's partition logs for topics of the cluster.

mod cluster_sync;
mod coordinator_leadership;
mod dynamic_configs;
mod internal_topics;
pub use internal_topics::configured_factor_unreachable;
mod lifecycle;
mod log_dir_moves;
mod produce;
mod topic_admin;

pub use topic_admin::TopicRequest;

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock, RwLock};

use kafka_protocol::error::ResponseError;
use tokio::sync::Notify;
use uuid::Uuid;

use super::catalogue::{Catalogue, TopicMeta};
use super::cluster::{Cluster, ClusterView};
use super::coordinator::{GroupCoordinator, GroupError};
use super::metadata::{self, ClusterMetadata};
use super::producer_state::ProducerStates;
use super::replication::fetcher::ReplicaFetchers;
use super::replication::PartitionReplicas;
use kt_base::config::ServerConfig;
use kt_storage::{LogDirHealth, LogManager, PartitionLog};

pub(crate) use lifecycle::dir_list;

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
    /// While this broker leads the partition and it has followers: what it knows of them
    /// (see `replication`). Swapped whole; the lock is held only to clone or replace it.
    leadership: Mutex<Option<Arc<PartitionReplicas>>>,
    /// This partition's share of its topic's `BrokerTopicMetrics` (summed at scrape time).
    pub counters: crate::metrics::TopicCounters,
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
    /// The offset after the produce's last record: the high watermark that covers it.
    pub next_offset: i64,
    pub log_append_time: i64,
    pub log_start_offset: i64,
}

/// One broker: its configuration, its partition logs, its topics, its group coordinator
/// and the cluster's metadata.
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
    /// Transactional ids and their transactions.
    txns: crate::txn::TransactionCoordinator,
    /// The cluster, in ZooKeeper mode (set once, right after opening): its session is
    /// the server's to run and close.
    cluster: OnceLock<Arc<Cluster>>,
    /// What the handlers ask about the cluster: the local catalogue (set when opening a
    /// standalone broker) or the ZooKeeper cluster (set with it).
    metadata: OnceLock<Arc<dyn ClusterMetadata>>,
    /// The replica fetcher tasks of the partitions this broker follows (ZooKeeper mode).
    fetchers: OnceLock<Arc<ReplicaFetchers>>,
    /// The ACL authorizer (`authorizer.class.name`); None lets every request through.
    authorizer: Option<Arc<crate::security::acl::Authorizer>>,
    /// A KRaft node's feature levels, read on first use (None outside KRaft mode).
    features: OnceLock<Option<crate::features::FeatureStore>>,
    /// What the request path counts, for the metrics endpoint.
    metrics: crate::metrics::BrokerMetrics,
    /// Dynamic broker configs and the configuration they make with `config`.
    dynamic: RwLock<dynamic_configs::DynamicState>,
    /// Replicas moving between this broker's log directories (AlterReplicaLogDirs).
    log_dir_moves: log_dir_moves::LogDirMoves,
}

impl Broker {
    /// Joins this broker to a cluster (ZooKeeper mode); called once, right after opening
    /// and before any request is served.
    pub fn set_cluster(&self, cluster: Arc<Cluster>) {
        let _ = self.cluster.set(cluster.clone());
        let _ = self.fetchers.set(Arc::new(ReplicaFetchers::new(
            self.id(),
            self.config.replication.clone(),
            cluster.clone(),
            tokio::runtime::Handle::current(),
        )));
        let _ = self.metadata.set(cluster);
    }

    /// The replica fetchers, in ZooKeeper mode.
    pub fn fetchers(&self) -> Option<&Arc<ReplicaFetchers>> {
        self.fetchers.get()
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

    /// The ACL authorizer, when `authorizer.class.name` configures one.
    pub fn authorizer(&self) -> Option<&Arc<crate::security::acl::Authorizer>> {
        self.authorizer.as_ref()
    }

    /// The group coordinator.
    pub fn groups(&self) -> &GroupCoordinator {
        &self.groups
    }

    /// The transaction coordinator.
    pub fn txns(&self) -> &crate::txn::TransactionCoordinator {
        &self.txns
    }

    /// Whether this broker coordinates transactional id `id`: whether it leads the id's
    /// partition of `__transaction_state` and has loaded it.
    pub fn coordinates_txn(&self, id: &str) -> Result<(), kafka_protocol::error::ResponseError> {
        use kafka_protocol::error::ResponseError;
        let view = self.view();
        let Some(topic) = view.topics.get(crate::txn::TXN_TOPIC) else {
            return Err(ResponseError::CoordinatorNotAvailable);
        };
        let index = crate::coordinator::partition_of(id, topic.partition_count());
        match view.live_leader(crate::txn::TXN_TOPIC, index) {
            Some(leader) if leader == self.id() => {
                if self.txns.holds(index) {
                    Ok(())
                } else {
                    Err(ResponseError::CoordinatorLoadInProgress)
                }
            }
            Some(_) => Err(ResponseError::NotCoordinator),
            None => Err(ResponseError::CoordinatorNotAvailable),
        }
    }

    /// A KRaft node's feature levels; None for a ZooKeeper-mode or standalone broker.
    pub fn features(&self) -> Option<&crate::features::FeatureStore> {
        self.features
            .get_or_init(|| crate::features::FeatureStore::open(&self.config))
            .as_ref()
    }

    /// The broker's counters and the metrics endpoint's address.
    pub fn metrics(&self) -> &crate::metrics::BrokerMetrics {
        &self.metrics
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

    /// The host and port of the inter-broker listener as advertised (an unbound host reads
    /// `localhost`): what other brokers and kt's embedded tools reach this broker on.
    pub fn advertised_endpoint(&self) -> (String, i32) {
        let listener = self.config.advertised();
        (advertised_host(&listener.host), listener.port as i32)
    }

    /// Every advertised listener, an unbound host read as `localhost`: what this broker
    /// registers and what Metadata answers per listener.
    pub fn advertised_listeners(&self) -> Vec<kt_base::config::Listener> {
        self.config
            .advertised_listeners
            .iter()
            .map(|l| kt_base::config::Listener {
                host: advertised_host(&l.host),
                ..l.clone()
            })
            .collect()
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
    /// broker has it, KAFKA_STORAGE_ERROR when its log directory is offline.
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
        // As Kafka: a partition whose log directory failed answers KAFKA_STORAGE_ERROR.
        if self.replica_offline(topic, index) {
            return Err(ResponseError::KafkaStorageError);
        }
        self.partition(topic, index)
            .ok_or(ResponseError::NotLeaderOrFollower)
    }

    /// Whether this broker's replica of a partition it should hold is offline: its log
    /// directory failed, or its log was not found while a directory is offline (it may be
    /// there, see `LogManager::check_recreate`). For KAFKA_STORAGE_ERROR and Metadata's
    /// offline replicas.
    pub fn replica_offline(&self, topic: &str, index: i32) -> bool {
        match self.partition(topic, index) {
            Some(partition) => !partition.log.is_online(),
            None => !self.logs.offline_dirs().is_empty(),
        }
    }

    /// [`Broker::leading`], also checking the leader epoch a client or follower believes in
    /// against the partition's (Kafka's `checkCurrentLeaderEpoch`): -1 skips the check, an
    /// older one is FENCED_LEADER_EPOCH, a newer one UNKNOWN_LEADER_EPOCH (this broker has not
    /// heard of it yet). Returns the partition and its current leader epoch.
    ///
    /// As Kafka's `Partition.getLocalLog`, a replica held here checks the epoch before its
    /// leadership: a follower that heard of a new leader epoch before its new leader did is
    /// told UNKNOWN_LEADER_EPOCH (wait, this broker is behind), not NOT_LEADER_OR_FOLLOWER.
    pub fn leading_at_epoch(
        &self,
        topic: &str,
        index: i32,
        current_leader_epoch: i32,
    ) -> Result<(Arc<Partition>, i32), ResponseError> {
        let epoch = self.known_leader_epoch(topic, index);
        // Not held here: `leading` answers (NOT_LEADER_OR_FOLLOWER, UNKNOWN_TOPIC_OR_PARTITION).
        if self.partition(topic, index).is_some() {
            check_leader_epoch(current_leader_epoch, epoch)?;
        }
        Ok((self.leading(topic, index)?, epoch))
    }

    /// The leader epoch of a partition in this broker's view of the cluster (0 when it has
    /// none: a standalone broker's partitions stay in epoch 0).
    pub fn known_leader_epoch(&self, topic: &str, index: i32) -> i32 {
        self.view()
            .topics
            .get(topic)
            .and_then(|t| t.states.get(&index))
            .map_or(0, |s| s.leader_epoch)
    }

    /// The log directories with their health and the logs in each, in `log.dirs` order.
    pub fn log_dirs(&self) -> Vec<(Arc<LogDirHealth>, Vec<Arc<PartitionLog>>)> {
        self.logs.logs_per_dir()
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
            leadership: Mutex::new(None),
            counters: Default::default(),
        }
    }

    /// The followers' state while this broker leads the partition with followers.
    pub fn leadership(&self) -> Option<Arc<PartitionReplicas>> {
        self.leadership
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// Installs (or with None, drops) the record of the partition's followers.
    pub(crate) fn set_leadership(&self, replicas: Option<Arc<PartitionReplicas>>) {
        *self.leadership.lock().unwrap_or_else(|e| e.into_inner()) = replicas;
    }

    /// Whether the partition's topic was deleted after this handle was looked up.
    pub fn is_deleted(&self) -> bool {
        self.deleted.load(Ordering::Acquire)
    }

    /// Marks the partition deleted before its log goes: taken under the producers lock, so an
    /// append in progress finishes first and none starts after; fetches waiting for data wake
    /// up and see the deletion.
    fn mark_deleted(&self) {
        let _producers = self.lock_producers();
        self.deleted.store(true, Ordering::Release);
        self.appended.notify_waiters();
    }

    fn lock_producers(&self) -> std::sync::MutexGuard<'_, ProducerStates> {
        self.producers.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// Kafka's `checkCurrentLeaderEpoch`: the epoch a requester believes in (`requested`, -1
/// for none) against the partition's (`known`).
fn check_leader_epoch(requested: i32, known: i32) -> Result<(), ResponseError> {
    match requested {
        -1 => Ok(()),
        e if e < known => Err(ResponseError::FencedLeaderEpoch),
        e if e > known => Err(ResponseError::UnknownLeaderEpoch),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests;

/// The host a listener is advertised with: an empty or wildcard host reads `localhost`.
pub(crate) fn advertised_host(host: &str) -> String {
    if host.is_empty() || host == "0.0.0.0" {
        "localhost".to_string()
    } else {
        host.to_string()
    }
}
