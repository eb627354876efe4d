//! The embedded backend: the broker core opened in this process over a data directory, so
//! `kt topics --data-dir DIR` works without a running server. `DIR` may be a comma-separated
//! list, as `log.dirs` is, for a broker whose partitions span several directories.
//!
//! It takes each directory's lock like a broker does, so it refuses (with the storage layer's
//! "is a broker running on it?" message) while a broker serves any of those directories.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use super::{
    Admin, AdminError, AdminResult, CommittedOffset, ConfigEntry, ConfigResource, ConfigSource,
    ConfigSynonym, Coordinator, GroupDescription, GroupListing, GroupMember, NewTopic, OffsetSpec,
    PartitionInfo, PartitionOffset, TopicDescription, TopicListing,
};
use kt_base::config::{Properties, ServerConfig};
use kt_broker::coordinator::{assigned_partitions, GroupError, GroupState, OffsetCommit};
use kt_broker::topic_config::ConfigSource as BrokerSource;
use kt_broker::{Broker, BrokerError};

/// The broker core over one data directory, used for admin operations only.
pub struct EmbeddedAdmin {
    broker: Arc<Broker>,
}

impl EmbeddedAdmin {
    /// Opens the data directory (a broker's `log.dirs`: one directory or a comma-separated
    /// list of them, the first being the broker's first) with Kafka's default broker
    /// settings. Refused if a partition of a topic is in none of the directories, which is
    /// what naming only some of a broker's `log.dirs` looks like.
    pub fn open(dirs: &Path) -> anyhow::Result<Self> {
        let list = dirs.display().to_string();
        for dir in list.split(',').map(str::trim).filter(|d| !d.is_empty()) {
            if !Path::new(dir).is_dir() {
                anyhow::bail!("data directory {dir} does not exist");
            }
        }
        let mut props = Properties::new();
        props.insert("log.dirs".into(), list);
        let (config, _) = ServerConfig::from_properties(&props)?;
        let broker = Broker::open_all_present(config).map_err(|e| anyhow::anyhow!("{e}"))?;
        Ok(EmbeddedAdmin { broker })
    }

    fn topic(&self, name: &str) -> AdminResult<Arc<kt_broker::Topic>> {
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
        // The data directory is a one-broker cluster: every replica must be this broker.
        if let Some(assignment) = &topic.replica_assignment {
            let map: BTreeMap<i32, Vec<i32>> = (0..).zip(assignment.iter().cloned()).collect();
            kt_broker::cluster::check_manual_assignment(&map, &[self.broker.id()])
                .map_err(AdminError::InvalidReplicaAssignment)?;
        }
        self.broker
            .create_topic(
                &topic.name,
                topic.partitions.unwrap_or(-1),
                topic.replication_factor.unwrap_or(-1),
                topic.replica_assignment.as_ref().map(|a| a.len() as i32),
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
                    BrokerSource::DynamicBroker => ConfigSource::DynamicBroker,
                    BrokerSource::DynamicDefaultBroker => ConfigSource::DynamicDefaultBroker,
                    BrokerSource::StaticBroker => ConfigSource::StaticBroker,
                    BrokerSource::Default => ConfigSource::Default,
                },
                read_only: false,
                sensitive: false,
                synonyms: Vec::new(),
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
            ConfigResource::Broker(id) if *id != self.broker.id() => {
                Err(other_broker(*id, self.broker.id()))
            }
            ConfigResource::Broker(_) | ConfigResource::BrokerDefault => {
                use kt_broker::dynamic_config::{describe, Scope};
                let scope = match resource {
                    ConfigResource::BrokerDefault => Scope::Default,
                    _ => Scope::Broker,
                };
                let source = |s: BrokerSource| match s {
                    BrokerSource::Topic => ConfigSource::TopicOverride,
                    BrokerSource::DynamicBroker => ConfigSource::DynamicBroker,
                    BrokerSource::DynamicDefaultBroker => ConfigSource::DynamicDefaultBroker,
                    BrokerSource::StaticBroker => ConfigSource::StaticBroker,
                    BrokerSource::Default => ConfigSource::Default,
                };
                Ok(
                    describe(scope, &self.broker.dynamic_configs(), self.broker.config())
                        .into_iter()
                        .map(|e| {
                            let sensitive = kt_base::config::is_sensitive(&e.name);
                            let shown = |v: String| (!sensitive).then_some(v);
                            ConfigEntry {
                                synonyms: e
                                    .synonyms
                                    .into_iter()
                                    .map(|s| ConfigSynonym {
                                        name: s.name,
                                        value: shown(s.value),
                                        source: source(s.source),
                                    })
                                    .collect(),
                                name: e.name,
                                value: shown(e.value),
                                source: source(e.source),
                                read_only: e.read_only,
                                sensitive,
                            }
                        })
                        .collect(),
                )
            }
        }
    }

    async fn alter_configs(
        &self,
        resource: &ConfigResource,
        set: &[(String, String)],
        delete: &[String],
    ) -> AdminResult<()> {
        let name = match resource {
            ConfigResource::Topic(name) => name,
            ConfigResource::Broker(id) if *id != self.broker.id() => {
                return Err(other_broker(*id, self.broker.id()))
            }
            ConfigResource::Broker(_) | ConfigResource::BrokerDefault => {
                use kt_broker::dynamic_config::Scope;
                let (entity, scope) = match resource {
                    ConfigResource::BrokerDefault => (String::new(), Scope::Default),
                    _ => (self.broker.id().to_string(), Scope::Broker),
                };
                let mut configs = self.broker.dynamic_configs().layer(scope).clone();
                configs.retain(|k, _| !delete.contains(k));
                configs.extend(set.iter().cloned());
                return self
                    .broker
                    .set_dynamic_configs(&entity, configs, false)
                    .map_err(|e| AdminError::InvalidConfig(e.to_string()));
            }
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

    async fn list_groups(&self, states: &[String]) -> AdminResult<Vec<GroupListing>> {
        Ok(self
            .broker
            .groups()
            .list_groups()
            .into_iter()
            .map(|g| GroupListing {
                group_id: g.group_id,
                state: g.state.to_string(),
            })
            .filter(|g| {
                states.is_empty() || states.iter().any(|s| s.eq_ignore_ascii_case(&g.state))
            })
            .collect())
    }

    async fn describe_groups(&self, ids: &[String]) -> AdminResult<Vec<GroupDescription>> {
        let (host, port) = self.broker.advertised_endpoint();
        Ok(ids
            .iter()
            .map(|id| {
                let g = self.broker.groups().describe_group(id);
                GroupDescription {
                    group_id: g.group_id,
                    state: g.state.to_string(),
                    assignor: g.protocol,
                    coordinator: (g.state != GroupState::Dead).then(|| Coordinator {
                        id: self.broker.id(),
                        host: host.clone(),
                        port,
                    }),
                    members: g
                        .members
                        .into_iter()
                        .map(|m| GroupMember {
                            consumer_id: m.member_id,
                            group_instance_id: m.group_instance_id,
                            client_id: m.client_id,
                            host: m.client_host,
                            assignment: assigned_partitions(&m.assignment)
                                .into_iter()
                                .flat_map(|(t, ps)| ps.into_iter().map(move |p| (t.clone(), p)))
                                .collect(),
                        })
                        .collect(),
                }
            })
            .collect())
    }

    async fn group_offsets(&self, group: &str) -> AdminResult<Vec<CommittedOffset>> {
        Ok(self
            .broker
            .groups()
            .fetch_offsets(group, None)
            .into_iter()
            .map(|o| CommittedOffset {
                topic: o.topic,
                partition: o.partition,
                offset: o.offset,
                leader_epoch: (o.leader_epoch >= 0).then_some(o.leader_epoch),
            })
            .collect())
    }

    async fn alter_group_offsets(
        &self,
        group: &str,
        offsets: &[(String, i32, i64)],
    ) -> AdminResult<()> {
        self.ready()?;
        let commits = offsets
            .iter()
            .map(|(topic, partition, offset)| {
                self.broker
                    .partition(topic, *partition)
                    .ok_or_else(|| AdminError::UnknownTopic(unknown(topic)))?;
                Ok(OffsetCommit {
                    topic: topic.clone(),
                    partition: *partition,
                    offset: *offset,
                    leader_epoch: -1,
                    metadata: None,
                })
            })
            .collect::<AdminResult<Vec<_>>>()?;
        let results = self
            .broker
            .groups()
            .commit_offsets(group, "", None, -1, -1, commits)
            .map_err(group_error)?;
        results.into_iter().try_for_each(|r| r.map_err(group_error))
    }

    async fn delete_groups(&self, ids: &[String]) -> AdminResult<Vec<AdminResult<()>>> {
        self.ready()?;
        Ok(self
            .broker
            .groups()
            .delete_groups(ids)
            .into_iter()
            .map(|r| r.map_err(group_error))
            .collect())
    }

    async fn delete_group_offsets(
        &self,
        group: &str,
        partitions: &[(String, i32)],
    ) -> AdminResult<Vec<AdminResult<()>>> {
        self.ready()?;
        let results = self
            .broker
            .groups()
            .delete_offsets(group, partitions)
            .map_err(group_error)?;
        Ok(results
            .into_iter()
            .map(|r| r.map_err(group_error))
            .collect())
    }
}

impl EmbeddedAdmin {
    /// Makes sure `__consumer_offsets` exists, as a broker does for its first group.
    fn ready(&self) -> AdminResult<()> {
        self.broker
            .ensure_offsets_topic()
            .map_err(|e| AdminError::Kafka(e.to_string()))
    }
}

/// The admin error a group error is reported as, with Kafka's message.
fn group_error(e: GroupError) -> AdminError {
    let message = e.to_string();
    match e {
        GroupError::GroupIdNotFound => AdminError::GroupNotFound(message),
        GroupError::NonEmptyGroup => AdminError::GroupNotEmpty(message),
        GroupError::GroupSubscribedToTopic => AdminError::GroupSubscribedToTopic(message),
        GroupError::UnknownTopicOrPartition => AdminError::UnknownTopic(message),
        _ => AdminError::Kafka(message),
    }
}

/// A broker id that is not this data directory's broker.
fn other_broker(id: i32, me: i32) -> AdminError {
    AdminError::Kafka(format!(
        "Broker {id} is not this data directory's broker ({me})"
    ))
}
