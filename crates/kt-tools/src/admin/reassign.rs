//! What kafka-reassign-partitions.sh asks of a cluster, over [`super::wire`] since
//! librdkafka has no reassignment calls: AlterPartitionReassignments and
//! ListPartitionReassignments to the controller (asked again when a broker answers
//! NOT_CONTROLLER, as Kafka's admin client does), Metadata for replica assignments and the
//! brokers, and IncrementalAlterConfigs for the replication throttles (a broker's own
//! configs sent to that broker, as Kafka's admin client does). Works against any Kafka
//! cluster that serves these APIs (Kafka 2.4 and later).

use std::collections::{BTreeMap, BTreeSet};
use std::time::{Duration, Instant};

use kafka_protocol::error::ResponseError;
use kafka_protocol::messages::alter_partition_reassignments_request::{
    ReassignablePartition, ReassignableTopic,
};
use kafka_protocol::messages::incremental_alter_configs_request::{
    AlterConfigsResource, AlterableConfig,
};
use kafka_protocol::messages::list_partition_reassignments_request::ListPartitionReassignmentsTopics;
use kafka_protocol::messages::metadata_request::MetadataRequestTopic;
use kafka_protocol::messages::{
    AlterPartitionReassignmentsRequest, BrokerId, IncrementalAlterConfigsRequest,
    ListPartitionReassignmentsRequest, MetadataRequest, MetadataResponse, TopicName,
};
use kafka_protocol::protocol::StrBytes;

use super::wire::{connect_any, property_ms, WireClient, WireError};

/// The client id ReassignPartitionsCommand gives its admin client.
const CLIENT_ID: &str = "reassign-partitions-tool";

/// A topic partition, as Kafka prints it (`topic-partition`).
pub type TopicPartition = (String, i32);

/// A reassignment in progress, as ListPartitionReassignments reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ongoing {
    pub replicas: Vec<i32>,
    pub adding: Vec<i32>,
    pub removing: Vec<i32>,
}

/// A broker error with the broker's message, as Kafka's admin client makes an exception of
/// it: the message when the broker sent one, else the error's default text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BrokerError {
    pub error: ResponseError,
    pub message: Option<String>,
}

impl BrokerError {
    fn from_code(code: i16, message: Option<&StrBytes>) -> Option<Self> {
        (code != 0).then(|| BrokerError {
            error: ResponseError::try_from_code(code).unwrap_or(ResponseError::UnknownServerError),
            message: message.map(|m| m.to_string()),
        })
    }

    /// `Throwable.getMessage()` of the exception Kafka's admin client raises.
    pub fn text(&self) -> String {
        match &self.message {
            Some(m) if !m.is_empty() => m.clone(),
            _ => default_message(self.error),
        }
    }
}

impl std::fmt::Display for BrokerError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text())
    }
}

/// Kafka's `Errors` default messages for the errors these calls meet.
fn default_message(error: ResponseError) -> String {
    match error {
        ResponseError::NoReassignmentInProgress => {
            "No partition reassignment is in progress.".into()
        }
        ResponseError::UnknownTopicOrPartition => {
            "This server does not host this topic-partition.".into()
        }
        ResponseError::InvalidReplicaAssignment => "Replica assignment is invalid.".into(),
        ResponseError::NotController => {
            "This is not the correct controller for this cluster.".into()
        }
        ResponseError::ClusterAuthorizationFailed => "Cluster authorization failed.".into(),
        ResponseError::RequestTimedOut => "The request timed out.".into(),
        other => other.to_string(),
    }
}

/// Why a call could not be made or was refused whole.
#[derive(Debug, thiserror::Error)]
pub enum ReassignError {
    #[error(transparent)]
    Wire(#[from] WireError),
    /// The request was refused as a whole.
    #[error("{0}")]
    Refused(BrokerError),
    /// Describing a topic that does not exist (Kafka's message from `describeTopics`).
    #[error("Topic {0} not found.")]
    UnknownTopic(String),
    /// No controller answered within the time.
    #[error("Timed out waiting for a node assignment. Call: {0}")]
    Timeout(&'static str),
}

/// A config change: set (Some) or delete (None) each key of one resource.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigChange {
    /// `true` for a broker (its id in `name`), `false` for a topic.
    pub broker: bool,
    pub name: String,
    pub ops: Vec<(String, Option<String>)>,
}

/// A connection recipe for the cluster: bootstrap servers, client properties and the
/// `default.api.timeout.ms` the calls are bounded by.
pub struct Cluster {
    bootstrap: String,
    properties: Vec<(String, String)>,
    timeout: Duration,
}

impl Cluster {
    /// The cluster behind `bootstrap`, with `--command-config` properties.
    pub fn new(bootstrap: &str, properties: &[(String, String)]) -> Self {
        let timeout = property_ms(properties, "default.api.timeout.ms", 60_000);
        Cluster {
            bootstrap: bootstrap.to_string(),
            properties: properties.to_vec(),
            timeout,
        }
    }

    async fn connect(&self, addr: &str) -> Result<WireClient, WireError> {
        WireClient::connect(addr, &self.properties, CLIENT_ID, self.timeout).await
    }

    /// A connection to the first bootstrap server that answers.
    async fn any(&self) -> Result<WireClient, WireError> {
        connect_any(&self.bootstrap, &self.properties, CLIENT_ID, self.timeout).await
    }

    async fn metadata(&self, topics: Option<&[String]>) -> Result<MetadataResponse, WireError> {
        let request = MetadataRequest::default().with_topics(Some(
            topics
                .unwrap_or_default()
                .iter()
                .map(|t| {
                    MetadataRequestTopic::default()
                        .with_name(Some(TopicName(StrBytes::from_string(t.clone()))))
                })
                .collect(),
        ));
        self.any().await?.call(&request, 12).await
    }

    /// The live brokers with their racks (`describeCluster().nodes()`), by id.
    pub async fn brokers(&self) -> Result<Vec<(i32, Option<String>)>, ReassignError> {
        let metadata = self.metadata(None).await?;
        let mut nodes: Vec<(i32, Option<String>)> = metadata
            .brokers
            .iter()
            .map(|b| (b.node_id.0, b.rack.as_ref().map(|r| r.to_string())))
            .collect();
        nodes.sort();
        Ok(nodes)
    }

    /// The replicas of every partition of `topics` (an unknown topic is an error).
    pub async fn replicas(
        &self,
        topics: &[String],
    ) -> Result<BTreeMap<TopicPartition, Vec<i32>>, ReassignError> {
        let metadata = self.metadata(Some(topics)).await?;
        let mut out = BTreeMap::new();
        for topic in &metadata.topics {
            let name = topic
                .name
                .as_ref()
                .map(|n| n.to_string())
                .unwrap_or_default();
            if topic.error_code == ResponseError::UnknownTopicOrPartition.code() {
                return Err(ReassignError::UnknownTopic(name));
            }
            if let Some(e) = BrokerError::from_code(topic.error_code, None) {
                return Err(ReassignError::Refused(e));
            }
            for p in &topic.partitions {
                let replicas = p.replica_nodes.iter().map(|b| b.0).collect();
                out.insert((name.clone(), p.partition_index), replicas);
            }
        }
        Ok(out)
    }

    /// The controller's address, from Metadata.
    async fn controller(&self) -> Result<WireClient, ReassignError> {
        let metadata = self.metadata(None).await?;
        let id = metadata.controller_id.0;
        let addr = metadata
            .brokers
            .iter()
            .find(|b| b.node_id.0 == id)
            .map(|b| format!("{}:{}", b.host, b.port))
            .ok_or(ReassignError::Timeout("listPartitionReassignments"))?;
        Ok(self.connect(&addr).await?)
    }

    /// The reassignments in progress among `partitions` (all when None).
    pub async fn list(
        &self,
        partitions: Option<&[TopicPartition]>,
    ) -> Result<BTreeMap<TopicPartition, Ongoing>, ReassignError> {
        let request = ListPartitionReassignmentsRequest::default()
            .with_timeout_ms(self.timeout.as_millis().min(i32::MAX as u128) as i32)
            .with_topics(partitions.map(|named| {
                group(named)
                    .into_iter()
                    .map(|(t, ps)| {
                        ListPartitionReassignmentsTopics::default()
                            .with_name(TopicName(StrBytes::from_string(t)))
                            .with_partition_indexes(ps)
                    })
                    .collect()
            }));
        let deadline = Instant::now() + self.timeout;
        loop {
            let response = self.controller().await?.call(&request, 0).await?;
            if response.error_code == ResponseError::NotController.code()
                && Instant::now() < deadline
            {
                tokio::time::sleep(Duration::from_millis(100)).await;
                continue;
            }
            if let Some(e) =
                BrokerError::from_code(response.error_code, response.error_message.as_ref())
            {
                return Err(ReassignError::Refused(e));
            }
            let mut out = BTreeMap::new();
            for t in &response.topics {
                for p in &t.partitions {
                    let ids = |v: &[BrokerId]| v.iter().map(|b| b.0).collect();
                    out.insert(
                        (t.name.to_string(), p.partition_index),
                        Ongoing {
                            replicas: ids(&p.replicas),
                            adding: ids(&p.adding_replicas),
                            removing: ids(&p.removing_replicas),
                        },
                    );
                }
            }
            return Ok(out);
        }
    }

    /// Starts (Some) or cancels (None) reassignments; the partitions refused, with why.
    pub async fn alter(
        &self,
        reassignments: &[(TopicPartition, Option<Vec<i32>>)],
    ) -> Result<BTreeMap<TopicPartition, BrokerError>, ReassignError> {
        let mut topics: Vec<ReassignableTopic> = Vec::new();
        for ((topic, partition), replicas) in reassignments {
            let p = ReassignablePartition::default()
                .with_partition_index(*partition)
                .with_replicas(
                    replicas
                        .as_ref()
                        .map(|r| r.iter().copied().map(BrokerId).collect()),
                );
            match topics.iter_mut().find(|t| t.name.as_str() == topic) {
                Some(t) => t.partitions.push(p),
                None => topics.push(
                    ReassignableTopic::default()
                        .with_name(TopicName(StrBytes::from_string(topic.clone())))
                        .with_partitions(vec![p]),
                ),
            }
        }
        let request = AlterPartitionReassignmentsRequest::default()
            .with_timeout_ms(self.timeout.as_millis().min(i32::MAX as u128) as i32)
            .with_topics(topics);
        let deadline = Instant::now() + self.timeout;
        loop {
            let response = self.controller().await?.call(&request, 0).await?;
            if response.error_code == ResponseError::NotController.code()
                && Instant::now() < deadline
            {
                tokio::time::sleep(Duration::from_millis(100)).await;
                continue;
            }
            if let Some(e) =
                BrokerError::from_code(response.error_code, response.error_message.as_ref())
            {
                return Err(ReassignError::Refused(e));
            }
            let mut errors = BTreeMap::new();
            for t in &response.responses {
                for p in &t.partitions {
                    if let Some(e) = BrokerError::from_code(p.error_code, p.error_message.as_ref())
                    {
                        errors.insert((t.name.to_string(), p.partition_index), e);
                    }
                }
            }
            return Ok(errors);
        }
    }

    /// Applies config changes with IncrementalAlterConfigs: topics through any broker, each
    /// broker's own configs through that broker. The first resource refused is the error.
    pub async fn alter_configs(&self, changes: &[ConfigChange]) -> Result<(), ReassignError> {
        const SET: i8 = 0;
        const DELETE: i8 = 1;
        let resource = |c: &ConfigChange| {
            AlterConfigsResource::default()
                .with_resource_type(if c.broker { 4 } else { 2 })
                .with_resource_name(StrBytes::from_string(c.name.clone()))
                .with_configs(
                    c.ops
                        .iter()
                        .map(|(k, v)| {
                            AlterableConfig::default()
                                .with_name(StrBytes::from_string(k.clone()))
                                .with_config_operation(if v.is_some() { SET } else { DELETE })
                                .with_value(v.as_ref().map(|v| StrBytes::from_string(v.clone())))
                        })
                        .collect(),
                )
        };
        let mut batches: Vec<(Option<String>, Vec<AlterConfigsResource>)> = Vec::new();
        let topics: Vec<AlterConfigsResource> =
            changes.iter().filter(|c| !c.broker).map(resource).collect();
        if !topics.is_empty() {
            batches.push((None, topics));
        }
        if changes.iter().any(|c| c.broker) {
            let metadata = self.metadata(None).await?;
            for change in changes.iter().filter(|c| c.broker) {
                let addr = metadata
                    .brokers
                    .iter()
                    .find(|b| b.node_id.0.to_string() == change.name)
                    .map(|b| format!("{}:{}", b.host, b.port));
                batches.push((addr, vec![resource(change)]));
            }
        }
        for (addr, resources) in batches {
            let mut client = match addr {
                Some(addr) => self.connect(&addr).await?,
                None => self.any().await?,
            };
            let request = IncrementalAlterConfigsRequest::default().with_resources(resources);
            let response = client.call(&request, 1).await?;
            for r in &response.responses {
                if let Some(e) = BrokerError::from_code(r.error_code, r.error_message.as_ref()) {
                    return Err(ReassignError::Refused(e));
                }
            }
        }
        Ok(())
    }
}

/// A replica on one broker, as Kafka's `TopicPartitionReplica` (printed
/// `topic-partition-broker`).
pub type TopicPartitionReplica = (TopicPartition, i32);

/// Where a replica's logs are on its broker (Kafka's `ReplicaLogDirInfo`): the directory of
/// its log and, while it moves, of its future replica.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReplicaLogDirs {
    pub current: Option<String>,
    pub future: Option<String>,
}

impl Cluster {
    /// The address (`host:port`) of each live broker, by id.
    async fn broker_addresses(&self) -> Result<BTreeMap<i32, String>, ReassignError> {
        let metadata = self.metadata(None).await?;
        Ok(metadata
            .brokers
            .iter()
            .map(|b| (b.node_id.0, format!("{}:{}", b.host, b.port)))
            .collect())
    }

    /// AlterReplicaLogDirs (Kafka's `Admin.alterReplicaLogDirs`): each move sent to the
    /// replica's broker. The error of each replica, None when its move started; a broker
    /// that is not live answers for none of its replicas (they are left out).
    pub async fn alter_replica_log_dirs(
        &self,
        moves: &BTreeMap<TopicPartitionReplica, String>,
    ) -> Result<BTreeMap<TopicPartitionReplica, Option<ResponseError>>, ReassignError> {
        use kafka_protocol::messages::alter_replica_log_dirs_request::{
            AlterReplicaLogDir, AlterReplicaLogDirTopic,
        };
        use kafka_protocol::messages::AlterReplicaLogDirsRequest;
        let addresses = self.broker_addresses().await?;
        let mut by_broker: BTreeMap<i32, BTreeMap<&str, BTreeMap<&str, Vec<i32>>>> =
            BTreeMap::new();
        for (((topic, partition), broker), dir) in moves {
            by_broker
                .entry(*broker)
                .or_default()
                .entry(dir)
                .or_default()
                .entry(topic)
                .or_default()
                .push(*partition);
        }
        let mut out = BTreeMap::new();
        for (broker, dirs) in by_broker {
            let Some(addr) = addresses.get(&broker) else {
                continue;
            };
            let request = AlterReplicaLogDirsRequest::default().with_dirs(
                dirs.iter()
                    .map(|(dir, topics)| {
                        AlterReplicaLogDir::default()
                            .with_path(StrBytes::from_string(dir.to_string()))
                            .with_topics(
                                topics
                                    .iter()
                                    .map(|(t, ps)| {
                                        AlterReplicaLogDirTopic::default()
                                            .with_name(TopicName(StrBytes::from_string(
                                                t.to_string(),
                                            )))
                                            .with_partitions(ps.clone())
                                    })
                                    .collect(),
                            )
                    })
                    .collect(),
            );
            let response = self.connect(addr).await?.call(&request, 2).await?;
            for topic in &response.results {
                for p in &topic.partitions {
                    let replica = ((topic.topic_name.0.to_string(), p.partition_index), broker);
                    let error = (p.error_code != 0).then(|| {
                        ResponseError::try_from_code(p.error_code)
                            .unwrap_or(ResponseError::UnknownServerError)
                    });
                    out.insert(replica, error);
                }
            }
        }
        Ok(out)
    }

    /// Where each replica's log and future replica are (Kafka's
    /// `Admin.describeReplicaLogDirs`: DescribeLogDirs of the replicas' topics on each of
    /// their brokers). A replica of a broker that is not live is left out.
    pub async fn describe_replica_log_dirs(
        &self,
        replicas: &BTreeSet<TopicPartitionReplica>,
    ) -> Result<BTreeMap<TopicPartitionReplica, ReplicaLogDirs>, ReassignError> {
        use kafka_protocol::messages::describe_log_dirs_request::DescribableLogDirTopic;
        use kafka_protocol::messages::DescribeLogDirsRequest;
        let addresses = self.broker_addresses().await?;
        let mut by_broker: BTreeMap<i32, BTreeMap<&str, Vec<i32>>> = BTreeMap::new();
        for ((topic, partition), broker) in replicas {
            by_broker
                .entry(*broker)
                .or_default()
                .entry(topic)
                .or_default()
                .push(*partition);
        }
        let mut out: BTreeMap<TopicPartitionReplica, ReplicaLogDirs> = BTreeMap::new();
        for (broker, topics) in by_broker {
            let Some(addr) = addresses.get(&broker) else {
                continue;
            };
            let request = DescribeLogDirsRequest::default().with_topics(Some(
                topics
                    .iter()
                    .map(|(t, ps)| {
                        DescribableLogDirTopic::default()
                            .with_topic(TopicName(StrBytes::from_string(t.to_string())))
                            .with_partitions(ps.clone())
                    })
                    .collect(),
            ));
            let response = self.connect(addr).await?.call(&request, 4).await?;
            // As Kafka's admin client: every replica asked of a broker gets an entry, empty
            // when the broker holds it in no live directory.
            for (topic, partitions) in &topics {
                for partition in partitions {
                    out.entry(((topic.to_string(), *partition), broker))
                        .or_default();
                }
            }
            for dir in &response.results {
                if dir.error_code != 0 {
                    continue;
                }
                for topic in &dir.topics {
                    for p in &topic.partitions {
                        let replica = ((topic.name.0.to_string(), p.partition_index), broker);
                        if !replicas.contains(&replica) {
                            continue;
                        }
                        let entry = out.entry(replica).or_default();
                        let dir = Some(dir.log_dir.to_string());
                        if p.is_future_key {
                            entry.future = dir;
                        } else {
                            entry.current = dir;
                        }
                    }
                }
            }
        }
        Ok(out)
    }
}

/// Partitions grouped by topic, topics and partitions in the order first named.
fn group(partitions: &[TopicPartition]) -> Vec<(String, Vec<i32>)> {
    let mut out: Vec<(String, Vec<i32>)> = Vec::new();
    for (t, p) in partitions {
        match out.iter_mut().find(|(name, _)| name == t) {
            Some((_, ps)) => ps.push(*p),
            None => out.push((t.clone(), vec![*p])),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn broker_errors_read_as_the_admin_clients_exceptions() {
        let e = BrokerError::from_code(85, None).unwrap();
        assert_eq!(e.text(), "No partition reassignment is in progress.");
        let m = StrBytes::from_static_str("The partition does not exist.");
        let e = BrokerError::from_code(3, Some(&m)).unwrap();
        assert_eq!(e.to_string(), "The partition does not exist.");
        assert!(BrokerError::from_code(0, None).is_none());
        assert_eq!(
            group(&[("a".into(), 1), ("b".into(), 0), ("a".into(), 0)]),
            vec![("a".to_string(), vec![1, 0]), ("b".to_string(), vec![0])]
        );
    }
}
