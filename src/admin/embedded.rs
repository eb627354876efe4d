//! The embedded backend: the broker core opened in this process over a data directory, so
//! `kt topics --data-dir DIR` works without a running server.
//!
//! It takes the directory's lock like a broker does, so it refuses (with the storage layer's
//! "is a broker running on it?" message) while a broker serves that directory.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use super::{
    Admin, AdminError, AdminResult, ConfigEntry, ConfigResource, ConfigSource, NewTopic,
    OffsetSpec, PartitionInfo, PartitionOffset, TopicDescription, TopicListing,
};
use crate::broker::topic_config::ConfigSource as BrokerSource;
use crate::broker::{Broker, BrokerError};
use crate::config::{Properties, ServerConfig};

/// The broker core over one data directory, used for admin operations only.
pub struct EmbeddedAdmin {
    broker: Arc<Broker>,
}

impl EmbeddedAdmin {
    /// Opens the data directory (a broker's `log.dirs`) with Kafka's default broker settings.
    pub fn open(dir: &Path) -> anyhow::Result<Self> {
        if !dir.is_dir() {
            anyhow::bail!("data directory {} does not exist", dir.display());
        }
        let mut props = Properties::new();
        props.insert("log.dirs".into(), dir.display().to_string());
        let (config, _) = ServerConfig::from_properties(&props)?;
        let broker = Broker::open(config).map_err(|e| anyhow::anyhow!("{e}"))?;
        Ok(EmbeddedAdmin { broker })
    }

    fn topic(&self, name: &str) -> AdminResult<Arc<crate::broker::Topic>> {
        self.broker
            .topic(name)
            .ok_or_else(|| AdminError::UnknownTopic(unknown(name)))
    }
}

impl Drop for EmbeddedAdmin {
    /// Flushes and checkpoints, as a broker's clean shutdown does.
    fn drop(&mut self) {
        self.broker.shutdown();
    }
}

fn unknown(name: &str) -> String {
    format!("This server does not host this topic-partition: {name}")
}

/// The admin error a broker error is reported as, with the broker's own message.
fn admin_error(e: BrokerError, topic: &str) -> AdminError {
    let message = e.to_string();
    match e {
        BrokerError::TopicAlreadyExists(_) => AdminError::TopicAlreadyExists(message),
        BrokerError::UnknownTopicOrPartition => AdminError::UnknownTopic(unknown(topic)),
        BrokerError::InvalidReplicationFactor(_) => AdminError::InvalidReplicationFactor(message),
        BrokerError::InvalidPartitions(_) => AdminError::InvalidPartitions(message),
        BrokerError::InvalidTopic(_) => AdminError::InvalidTopic(message),
        BrokerError::InvalidConfig(_) => AdminError::InvalidConfig(message),
        _ => AdminError::Kafka(message),
    }
}

impl Admin for EmbeddedAdmin {
    async fn create_topic(&self, topic: &NewTopic) -> AdminResult<()> {
        let configs: BTreeMap<String, String> = topic.configs.iter().cloned().collect();
        self.broker
            .create_topic(
                &topic.name,
                topic.partitions.unwrap_or(-1),
                topic.replication_factor.unwrap_or(-1),
                None,
                configs,
                false,
            )
            .map(|_| ())
            .map_err(|e| admin_error(e, &topic.name))
    }

    async fn list_topics(&self) -> AdminResult<Vec<TopicListing>> {
        Ok(self
            .broker
            .topics()
            .keys()
            .map(|name| TopicListing {
                name: name.clone(),
                internal: name.starts_with("__"),
            })
            .collect())
    }

    async fn describe_topics(&self, names: &[String]) -> AdminResult<Vec<TopicDescription>> {
        let me = self.broker.id();
        names
            .iter()
            .map(|name| {
                let topic = self.topic(name)?;
                Ok(TopicDescription {
                    name: name.clone(),
                    topic_id: Some(topic.meta.id),
                    internal: name.starts_with("__"),
                    partitions: (0..topic.meta.partitions)
                        .map(|id| PartitionInfo {
                            id,
                            leader: Some(me),
                            replicas: vec![me],
                            isr: vec![me],
                        })
                        .collect(),
                    configs: topic
                        .meta
                        .configs
                        .iter()
                        .map(|(k, v)| (k.clone(), v.clone()))
                        .collect(),
                })
            })
            .collect()
    }

    async fn delete_topic(&self, name: &str) -> AdminResult<()> {
        self.broker
            .delete_topic(name)
            .map_err(|e| admin_error(e, name))
    }

    async fn create_partitions(&self, name: &str, total: i32) -> AdminResult<()> {
        self.broker
            .create_partitions(name, total, false)
            .map_err(|e| admin_error(e, name))
    }

    async fn describe_topic_configs(&self, name: &str) -> AdminResult<Vec<ConfigEntry>> {
        let entries = self
            .broker
            .describe_topic_configs(name)
            .map_err(|e| admin_error(e, name))?;
        Ok(entries
            .into_iter()
            .map(|e| ConfigEntry {
                name: e.name,
                value: Some(e.value),
                source: match e.source {
                    BrokerSource::Topic => ConfigSource::TopicOverride,
                    BrokerSource::StaticBroker => ConfigSource::StaticBroker,
                    BrokerSource::Default => ConfigSource::Default,
                },
                read_only: false,
                sensitive: false,
            })
            .collect())
    }

    async fn alter_topic_configs(&self, name: &str, set: &[(String, String)]) -> AdminResult<()> {
        let mut configs = self.topic(name)?.meta.configs.clone();
        configs.extend(set.iter().cloned());
        self.broker
            .set_topic_configs(name, configs, false)
            .map_err(|e| admin_error(e, name))
    }

    async fn describe_configs(&self, resource: &ConfigResource) -> AdminResult<Vec<ConfigEntry>> {
        match resource {
            ConfigResource::Topic(name) => {
                let mut entries = self.describe_topic_configs(name).await?;
                entries.sort_by(|a, b| a.name.cmp(&b.name));
                Ok(entries)
            }
            ConfigResource::Broker(id) if *id == self.broker.id() => {
                let mut entries: Vec<ConfigEntry> = self
                    .broker
                    .config()
                    .properties
                    .iter()
                    .map(|(k, v)| ConfigEntry {
                        name: k.clone(),
                        value: Some(v.clone()),
                        source: ConfigSource::StaticBroker,
                        read_only: true,
                        sensitive: false,
                    })
                    .collect();
                entries.sort_by(|a, b| a.name.cmp(&b.name));
                Ok(entries)
            }
            ConfigResource::Broker(id) => Err(AdminError::Kafka(format!(
                "Broker {id} is not this data directory's broker ({})",
                self.broker.id()
            ))),
        }
    }

    async fn alter_configs(
        &self,
        resource: &ConfigResource,
        set: &[(String, String)],
        delete: &[String],
    ) -> AdminResult<()> {
        let ConfigResource::Topic(name) = resource else {
            return Err(AdminError::InvalidConfig(
                "kt supports altering topic configs only".into(),
            ));
        };
        let mut configs = self.topic(name)?.meta.configs.clone();
        configs.retain(|k, _| !delete.contains(k));
        configs.extend(set.iter().cloned());
        self.broker
            .set_topic_configs(name, configs, false)
            .map_err(|e| admin_error(e, name))
    }

    async fn topic_partitions(&self, name: &str) -> AdminResult<Vec<i32>> {
        Ok((0..self.topic(name)?.meta.partitions).collect())
    }

    async fn list_offsets(
        &self,
        partitions: &[(String, i32)],
        spec: OffsetSpec,
    ) -> AdminResult<Vec<PartitionOffset>> {
        partitions
            .iter()
            .map(|(topic, index)| {
                let partition = self
                    .broker
                    .partition(topic, *index)
                    .ok_or_else(|| AdminError::UnknownTopic(unknown(topic)))?;
                let log = &partition.log;
                let offset = match spec {
                    OffsetSpec::Earliest => Some(log.log_start_offset()),
                    OffsetSpec::Latest => Some(log.log_end_offset()),
                    OffsetSpec::MaxTimestamp => {
                        log.max_timestamp_offset().map(|(_, offset)| offset)
                    }
                    OffsetSpec::Timestamp(ts) => log
                        .offset_for_timestamp(ts)
                        .map_err(|e| AdminError::Kafka(e.to_string()))?
                        .map(|(offset, _)| offset),
                };
                Ok(PartitionOffset {
                    topic: topic.clone(),
                    partition: *index,
                    offset,
                })
            })
            .collect()
    }
}
