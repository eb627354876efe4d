//! Opening the broker's state over its log directories, and what keeps the logs healthy
//! while it runs and when it stops: retention, the log cleaner, time-based flushes,
//! checkpoints and the clean shutdown.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::atomic::AtomicU64;
use std::sync::{Arc, Mutex, OnceLock, RwLock};

use super::topic_admin::offsets_partitions;
use super::{Broker, Partition, Topic};
use crate::catalogue::{Catalogue, CATALOGUE_FILE};
use crate::coordinator::{GroupCoordinator, OFFSETS_TOPIC};
use crate::metadata::{ClusterMetadata, LocalCatalogue};
use crate::metrics::client_metrics::FILE as CLIENT_METRICS_FILE;
use crate::topic_config;
use crate::BrokerError;
use kt_base::clock::now_ms;
use kt_base::config::ServerConfig;
use kt_storage::LogManager;

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
        if let Some(reason) = logs.dir_health()[0].offline_reason() {
            return Err(BrokerError::InvalidConfig(format!(
                "the first log directory {}, which holds the topic catalogue, cannot be \
                 opened: {reason}",
                data_dir.display()
            )));
        }
        let catalogue = Catalogue::load(&data_dir)?;
        let dynamic =
            super::dynamic_configs::DynamicState::new(&config, catalogue.broker_configs.clone());
        let effective = dynamic.effective.clone();
        let authorizer = crate::security::acl::Authorizer::from_config(&config, &data_dir, zk_mode)
            .map_err(BrokerError::InvalidConfig)?;
        let mut topics = BTreeMap::new();
        for (name, meta) in &catalogue.topics {
            let log_config = topic_config::log_config(&effective, &meta.configs);
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
                        // Its log may be in a directory that failed to open: then it stays
                        // offline (KAFKA_STORAGE_ERROR) rather than forked by an empty copy.
                        if let Err(e) = logs.check_recreate(name, index) {
                            tracing::error!("{e}");
                            continue;
                        }
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
                .attach(offsets_partitions(offsets), offsets.meta.partitions)
                .map_err(|e| BrokerError::InvalidRequest(format!("loading groups: {e}")))?;
        }
        let txns = crate::txn::TransactionCoordinator::new(&config.transactions);
        if let Some(state) = topics.get(crate::txn::TXN_TOPIC).filter(|_| !zk_mode) {
            txns.attach(offsets_partitions(state), state.meta.partitions)
                .map_err(|e| BrokerError::InvalidRequest(format!("loading transactions: {e:?}")))?;
        }
        let metadata = OnceLock::new();
        if !zk_mode {
            let local: Arc<dyn ClusterMetadata> = Arc::new(LocalCatalogue::new(next));
            let _ = metadata.set(local);
        }
        let broker = Arc::new(Broker {
            cluster_id: logs.cluster_id().to_string(),
            config,
            data_dir,
            logs,
            topics: RwLock::new(Arc::new(topics)),
            topics_generation: AtomicU64::new(0),
            admin: Mutex::new(catalogue),
            groups,
            txns,
            cluster: OnceLock::new(),
            metadata,
            fetchers: OnceLock::new(),
            authorizer,
            features: OnceLock::new(),
            metrics: Default::default(),
            dynamic: RwLock::new(dynamic),
            log_dir_moves: Default::default(),
        });
        // In ZooKeeper mode the subscriptions are the cluster's, read from ZooKeeper once
        // connected (`cluster::client_metrics`); a file left by an older kt is not theirs.
        if !zk_mode {
            broker
                .metrics
                .client_metrics
                .load(&broker.data_dir)
                .map_err(BrokerError::Io)?;
        } else if broker.data_dir.join(CLIENT_METRICS_FILE).exists() {
            tracing::warn!(
                "{} is not read in ZooKeeper mode, where client metrics subscriptions are kept \
                 in ZooKeeper: alter them again with kt client-metrics to keep them",
                broker.data_dir.join(CLIENT_METRICS_FILE).display()
            );
        }
        Ok(broker)
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
        // The effective values: `log.cleaner.dedupe.buffer.size` and its load factor are
        // dynamic broker configs, read again for each pass.
        let config = self.effective_config();
        let cleaner = kt_storage::CleanerConfig {
            dedupe_buffer_size: config.log_cleaner_dedupe_buffer_size.max(0) as u64,
            dedupe_buffer_load_factor: config.log_cleaner_io_buffer_load_factor,
        };
        if let Err(e) = self
            .logs
            .clean_all(now_ms(), &cleaner, |topic| topic == OFFSETS_TOPIC)
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

    /// Forgets idle producers on every partition whose producer states are loaded
    /// (`producer.id.expiration.ms`), as Kafka's periodic producer-expiration check does.
    pub fn expire_producers(&self, now: i64) {
        // The effective value (`producer.id.expiration.ms` is a dynamic broker config), the
        // one the logs' cleaners are given too.
        let expiration = i64::from(
            self.effective_config()
                .transactions
                .producer_id_expiration_ms,
        );
        for topic in self.topics().values() {
            for partition in &topic.partitions {
                let mut producers = partition.lock_producers();
                if !producers.is_restored() {
                    continue;
                }
                let forgotten = producers.remove_expired(now, expiration);
                if forgotten > 0 {
                    tracing::debug!(
                        "{}-{}: {forgotten} idle producer(s) expired",
                        partition.topic,
                        partition.index
                    );
                }
            }
        }
    }

    /// Writes the recovery-point and log-start checkpoints.
    pub fn checkpoint(&self) {
        if let Err(e) = self.logs.checkpoint() {
            tracing::error!("writing checkpoints failed: {e}");
        }
    }

    /// Flushes every log and writes checkpoints: what a clean shutdown does. Returns false
    /// when that could not be done for every log directory (a flush or checkpoint failed, a
    /// directory was offline): the next start recovers those logs, and `server-start` exits
    /// non-zero so that whoever stopped the broker learns it.
    pub fn shutdown(&self) -> bool {
        self.stop_log_dir_moves();
        for topic in self.topics().values() {
            for partition in &topic.partitions {
                partition.snapshot_at_shutdown();
            }
        }
        match self.logs.shutdown() {
            Ok(()) => true,
            Err(e) => {
                tracing::error!("shutting down the logs failed: {e}");
                false
            }
        }
    }
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
