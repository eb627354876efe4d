//! Changes to this broker's topics, standalone: topics created and deleted, partitions
//! added, configs replaced, producer-id blocks reserved. Each is written to the topic
//! catalogue (`kt-topics.json`) under `admin`, then published to the handlers.

use std::collections::BTreeMap;
use std::sync::atomic::Ordering;
use std::sync::Arc;

use uuid::Uuid;

use super::{Broker, Partition, Topic};
use crate::catalogue::{encode_uuid, validate_topic_name, Catalogue, TopicMeta};
use crate::coordinator::{OffsetsPartition, OFFSETS_TOPIC};
use crate::topic_config::{self, ConfigEntry};
use crate::BrokerError;

impl Broker {
    /// Makes sure `__consumer_offsets` exists and the coordinator serves groups, creating
    /// the topic on first use as Kafka does (with `offsets.topic.*` settings, compacted).
    pub fn ensure_offsets_topic(&self) -> Result<(), BrokerError> {
        if self.groups.is_ready() {
            return Ok(());
        }
        let topic = match self.topic(OFFSETS_TOPIC) {
            Some(topic) => topic,
            None => {
                // A cluster of one with `offsets.topic.replication.factor` above 1: Kafka's
                // single broker creates no offsets topic either.
                if let Some(refusal) = self.internal_topic_refusal(OFFSETS_TOPIC) {
                    return Err(BrokerError::InvalidReplicationFactor(refusal));
                }
                match self.create_topic(OFFSETS_TOPIC, -1, -1, None, BTreeMap::new(), false) {
                    Ok(topic) => topic,
                    Err(BrokerError::TopicAlreadyExists(_)) => self
                        .topic(OFFSETS_TOPIC)
                        .ok_or(BrokerError::UnknownTopicOrPartition)?,
                    Err(e) => return Err(e),
                }
            }
        };
        self.groups
            .attach(offsets_partitions(&topic), topic.meta.partitions)
            .map_err(|e| BrokerError::InvalidRequest(format!("loading groups: {e}")))
    }

    /// Makes sure the transaction coordinator serves once `__transaction_state` exists on
    /// this broker (standalone: it is created on the first FindCoordinator for a
    /// transactional id, as Kafka does).
    pub fn attach_txn_log(&self) -> Result<(), BrokerError> {
        // In ZooKeeper mode the partitions this broker leads are loaded as it is elected.
        if self.txns.is_ready() || self.cluster().is_some() {
            return Ok(());
        }
        let Some(topic) = self.topic(crate::txn::TXN_TOPIC) else {
            return Ok(());
        };
        self.txns
            .attach(offsets_partitions(&topic), topic.meta.partitions)
            .map_err(|e| BrokerError::InvalidRequest(format!("loading transactions: {e:?}")))
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
        let request = TopicRequest {
            name: name.to_string(),
            partitions,
            replication_factor,
            assignments,
            configs,
        };
        self.create_topics(vec![request], validate_only)
            .pop()
            .unwrap_or(Err(BrokerError::UnknownTopicOrPartition))
    }

    /// Creates the topics of one request (or only checks them, with `validate_only`), each
    /// with its own result, in order; a failure of one does not stop the others.
    ///
    /// The catalogue is written (and fsynced) once for all of them, as Kafka's controller
    /// commits one CreateTopics request as one batch of metadata records: a topic becomes
    /// visible only after that write, so a crash loses no topic a client was told exists.
    /// The partition directories need no fsync of their own: the catalogue is the record of
    /// what exists, a start finds a lost (empty) partition directory missing and creates it
    /// again, and a log's first flush makes its directory durable before data counts as
    /// flushed (Kafka's rule, `LocalLog.flush`).
    pub fn create_topics(
        &self,
        requests: Vec<TopicRequest>,
        validate_only: bool,
    ) -> Vec<Result<Arc<Topic>, BrokerError>> {
        let mut catalogue = self.admin.lock().unwrap_or_else(|e| e.into_inner());
        let mut results = Vec::with_capacity(requests.len());
        // Index into `results` of each topic created here and waiting for the catalogue.
        let mut pending = Vec::new();
        for request in requests {
            let created = self.create_unrecorded(request, validate_only, &mut catalogue);
            if !validate_only && created.is_ok() {
                pending.push(results.len());
            }
            results.push(created);
        }
        if pending.is_empty() {
            return results;
        }
        if let Err(e) = self.save_catalogue(&catalogue) {
            // None of them exists for the clients: their entries leave the catalogue (the
            // empty logs stay, as after a crash, and are reused by a retry).
            for &at in &pending {
                if let Ok(topic) = &results[at] {
                    catalogue.topics.remove(&topic.name);
                }
                results[at] = Err(std::io::Error::new(e.kind(), e.to_string()).into());
            }
            return results;
        }
        self.publish(|topics| {
            for &at in &pending {
                if let Ok(topic) = &results[at] {
                    topics.insert(topic.name.clone(), topic.clone());
                }
            }
        });
        for &at in &pending {
            if let Ok(topic) = &results[at] {
                tracing::info!(
                    "Created topic {} with {} partitions (topic id {})",
                    topic.name,
                    topic.meta.partitions,
                    encode_uuid(&topic.meta.id)
                );
            }
        }
        results
    }

    /// One topic of [`Broker::create_topics`]: checked, its logs created and its entry put in
    /// the in-memory catalogue, not yet written nor published.
    fn create_unrecorded(
        &self,
        request: TopicRequest,
        validate_only: bool,
        catalogue: &mut Catalogue,
    ) -> Result<Arc<Topic>, BrokerError> {
        let TopicRequest {
            name,
            partitions,
            replication_factor,
            assignments,
            configs,
        } = request;
        let (partitions, replication_factor, configs) =
            self.plan_topic(&name, partitions, replication_factor, assignments, configs)?;
        if replication_factor > 1 {
            return Err(BrokerError::InvalidReplicationFactor(format!(
                "Replication factor: {replication_factor} larger than available brokers: 1."
            )));
        }
        if catalogue.topics.contains_key(&name) {
            return Err(BrokerError::TopicAlreadyExists(name));
        }
        let meta = TopicMeta {
            id: Uuid::new_v4(),
            partitions,
            configs,
        };
        if validate_only {
            return Ok(Arc::new(Topic {
                name,
                meta,
                partitions: Vec::new(),
            }));
        }
        let log_config = topic_config::log_config(&self.effective_config(), &meta.configs);
        let mut created = Vec::with_capacity(partitions as usize);
        for index in 0..partitions {
            let log = self.logs.create_log_with_topic_id(
                &name,
                index,
                log_config,
                Some(*meta.id.as_bytes()),
            )?;
            created.push(Arc::new(Partition::new(&name, index, log)));
        }
        catalogue.topics.insert(name.clone(), meta.clone());
        Ok(Arc::new(Topic {
            name,
            meta,
            partitions: created,
        }))
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
        } else if name == crate::txn::TXN_TOPIC {
            // Kafka's layout for the transaction log: ids hash onto its partitions.
            let txns = &self.config.transactions;
            let mut configs = BTreeMap::new();
            configs.insert("cleanup.policy".to_string(), "compact".to_string());
            configs.insert("compression.type".to_string(), "uncompressed".to_string());
            configs.insert(
                "segment.bytes".to_string(),
                txns.state_log_segment_bytes.to_string(),
            );
            configs.extend(self.internal_topic_overrides(name));
            (txns.state_log_num_partitions, configs)
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
                partition.mark_deleted();
            }
        }
        // The catalogue is rewritten through a temporary copy, for which a full disk has no
        // room: then the topic's logs go first, freeing their space, and the catalogue is
        // written after them. (A crash between the two brings the topic back at the next
        // start, empty, with a warning.)
        let saved = self.save_catalogue(&catalogue);
        if let Err(e) = &saved {
            tracing::warn!(
                "cannot write the topic catalogue before deleting the logs of {name} ({e}); \
                 deleting the logs first to free their space"
            );
        }
        self.publish(|topics| {
            topics.remove(name);
        });
        for index in 0..meta.partitions {
            self.logs.delete_log(name, index)?;
        }
        if saved.is_err() {
            self.save_catalogue(&catalogue)?;
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
        let log_config = topic_config::log_config(&self.effective_config(), &meta.configs);
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
        let mut catalogue = self.admin.lock().unwrap_or_else(|e| e.into_inner());
        // As Kafka: an unknown topic is UNKNOWN_TOPIC_OR_PARTITION whatever configs it is
        // given (librdkafka's 0081 sends an invalid key to a missing topic).
        let Some(meta) = catalogue.topics.get(name).cloned() else {
            return Err(BrokerError::UnknownTopicOrPartition);
        };
        topic_config::validate(&configs).map_err(BrokerError::InvalidConfig)?;
        if validate_only {
            return Ok(());
        }
        let topic = self
            .topic(name)
            .ok_or(BrokerError::UnknownTopicOrPartition)?;
        let meta = TopicMeta { configs, ..meta };
        catalogue.topics.insert(name.to_string(), meta.clone());
        self.save_catalogue(&catalogue)?;
        let log_config = topic_config::log_config(&self.effective_config(), &meta.configs);
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
        Ok(topic_config::describe_layered(
            &self.effective_config(),
            &topic.meta.configs,
            &self.dynamic_configs(),
        ))
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

    /// Writes the catalogue, then (on a KRaft node) records its changes in the metadata log.
    pub(super) fn save_catalogue(&self, catalogue: &Catalogue) -> std::io::Result<()> {
        catalogue.save(&self.data_dir)?;
        crate::kraft_log::record_catalogue(self, catalogue);
        Ok(())
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
        self.save_catalogue(&catalogue)?;
        Ok(start)
    }

    /// Writes a topic's new catalogue entry to disk, then makes the topic with `partitions`
    /// visible to the handlers. The caller holds `admin` (passed in as `catalogue`), so the
    /// file and the in-memory map change in the same order for every admin operation.
    pub(super) fn record_topic(
        &self,
        catalogue: &mut Catalogue,
        name: &str,
        meta: TopicMeta,
        partitions: Vec<Arc<Partition>>,
    ) -> Result<Arc<Topic>, BrokerError> {
        catalogue.topics.insert(name.to_string(), meta.clone());
        self.save_catalogue(catalogue)?;
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

    pub(super) fn publish(&self, change: impl FnOnce(&mut BTreeMap<String, Arc<Topic>>)) {
        let mut guard = self.topics.write().unwrap_or_else(|e| e.into_inner());
        let mut topics = (**guard).clone();
        change(&mut topics);
        *guard = Arc::new(topics);
        self.topics_generation.fetch_add(1, Ordering::AcqRel);
    }
}

/// A topic to create, as CreateTopics asks for it: -1 partitions or replication factor
/// take the broker defaults; `assignments` is the partition count of a manual assignment
/// (already checked to name this broker alone).
#[derive(Debug, Clone)]
pub struct TopicRequest {
    /// The topic's name.
    pub name: String,
    /// The partition count, or -1.
    pub partitions: i32,
    /// Replicas per partition, or -1.
    pub replication_factor: i16,
    /// The partitions of a manual assignment.
    pub assignments: Option<i32>,
    /// Topic-level config overrides.
    pub configs: BTreeMap<String, String>,
}

/// The coordinator's handles on the partitions of `__consumer_offsets` this broker holds.
pub(super) fn offsets_partitions(topic: &Topic) -> Vec<OffsetsPartition> {
    topic
        .partitions
        .iter()
        .map(|p| OffsetsPartition {
            index: p.index,
            log: p.log.clone(),
            appended: p.appended.clone(),
            epoch: p.log.leader_epoch().max(0),
        })
        .collect()
}
