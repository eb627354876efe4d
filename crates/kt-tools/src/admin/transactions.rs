//! What kafka-transactions.sh asks of a cluster: ListTransactions of every broker,
//! DescribeTransactions of a transactional id's coordinator, DescribeProducers of partition
//! leaders, and an abort written as WriteTxnMarkers to a partition's leader (as Kafka's
//! `Admin.abortTransaction` does). Over [`super::wire`]: librdkafka has none of these calls.
//!
//! Failures carry the message of the exception Kafka's admin client makes of the broker's
//! answer, since the tool prints exactly that.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use kafka_protocol::error::ResponseError;
use kafka_protocol::messages::describe_producers_request::TopicRequest;
use kafka_protocol::messages::metadata_request::MetadataRequestTopic;
use kafka_protocol::messages::write_txn_markers_request::{
    WritableTxnMarker, WritableTxnMarkerTopic,
};
use kafka_protocol::messages::{
    DescribeProducersRequest, DescribeTransactionsRequest, FindCoordinatorRequest,
    ListTransactionsRequest, MetadataRequest, MetadataResponse, ProducerId, TopicName,
    TransactionalId, WriteTxnMarkersRequest,
};
use kafka_protocol::protocol::StrBytes;

use super::wire::{connect_any, property_ms, WireClient, WireError};

/// The client id unless `client.id` is set.
const CLIENT_ID: &str = "transactions-tool";

/// A topic and partition, printed as Java's `TopicPartition` (`topic-partition`).
pub type TopicPartition = (String, i32);

/// Why a call failed.
#[derive(Debug, thiserror::Error)]
pub enum TxnAdminError {
    #[error(transparent)]
    Wire(#[from] WireError),
    /// The broker answered an error: the message of the exception Kafka's admin client
    /// makes of it.
    #[error("{0}")]
    Broker(String),
    /// DescribeTransactions of an id its coordinator does not know (Kafka's
    /// `TransactionalIdNotFoundException`), with that exception's message.
    #[error("{0}")]
    TransactionalIdNotFound(String),
}

/// One transactional id as ListTransactions reports it (Kafka's `TransactionListing`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TransactionListing {
    pub transactional_id: String,
    pub producer_id: i64,
    /// Kafka's state name (`Ongoing`, ...), `Unknown` for one the client does not know.
    pub state: String,
}

/// Which transactions ListTransactions returns (Kafka's `ListTransactionsOptions`).
#[derive(Debug, Clone, Default)]
pub struct ListFilter {
    pub states: Vec<String>,
    pub producer_ids: Vec<i64>,
    /// Only transactions running longer than this many ms; negative for all.
    pub duration_ms: Option<i64>,
}

/// A transactional id's state at its coordinator (Kafka's `TransactionDescription`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TransactionDescription {
    pub coordinator_id: i32,
    pub state: String,
    pub producer_id: i64,
    pub producer_epoch: i16,
    pub timeout_ms: i32,
    /// When the open transaction began (None when there is none).
    pub start_time_ms: Option<i64>,
    pub partitions: Vec<TopicPartition>,
}

/// An active producer of a partition (Kafka's `ProducerState`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProducerState {
    pub producer_id: i64,
    pub producer_epoch: i32,
    pub last_sequence: i32,
    pub last_timestamp: i64,
    pub coordinator_epoch: Option<i32>,
    pub current_txn_start_offset: Option<i64>,
}

/// One partition's answer to DescribeProducers: its active producers, or the message of
/// the exception Kafka's admin client makes of its error.
pub type PartitionProducers = Result<Vec<ProducerState>, String>;

/// What an abort writes (Kafka's `AbortTransactionSpec`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AbortSpec {
    pub partition: TopicPartition,
    pub producer_id: i64,
    pub producer_epoch: i16,
    pub coordinator_epoch: i32,
}

impl std::fmt::Display for AbortSpec {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "AbortTransactionSpec(topicPartition={}-{}, producerId={}, producerEpoch={}, \
             coordinatorEpoch={})",
            self.partition.0,
            self.partition.1,
            self.producer_id,
            self.producer_epoch,
            self.coordinator_epoch
        )
    }
}

/// A partition as Metadata describes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartitionInfo {
    pub topic: String,
    pub partition: i32,
    /// -1 when it has none.
    pub leader: i32,
    pub replicas: Vec<i32>,
}

/// The admin calls of kafka-transactions.sh against one cluster.
pub struct TransactionsAdmin {
    bootstrap: String,
    properties: Vec<(String, String)>,
    timeout: Duration,
}

impl TransactionsAdmin {
    /// An admin for the cluster at `bootstrap` (comma-separated `host:port`s) with the
    /// client properties of `--command-config`.
    pub fn new(bootstrap: &str, properties: &[(String, String)]) -> Self {
        let timeout = property_ms(properties, "default.api.timeout.ms", 30_000);
        TransactionsAdmin {
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

    /// The brokers `(id, host:port)` and the partitions of `topics` (every topic, internal
    /// ones too, when None).
    pub async fn metadata(
        &self,
        topics: Option<&[String]>,
    ) -> Result<(Vec<(i32, String)>, Vec<PartitionInfo>), TxnAdminError> {
        let mut client = self.any().await?;
        let request = MetadataRequest::default().with_topics(topics.map(|names| {
            names
                .iter()
                .map(|n| {
                    MetadataRequestTopic::default()
                        .with_name(Some(TopicName(StrBytes::from_string(n.clone()))))
                })
                .collect()
        }));
        let metadata: MetadataResponse = client.call(&request, 12).await?;
        let mut brokers: Vec<(i32, String)> = metadata
            .brokers
            .iter()
            .map(|b| (b.node_id.0, format!("{}:{}", b.host, b.port)))
            .collect();
        brokers.sort();
        let mut partitions = Vec::new();
        for topic in &metadata.topics {
            let name = topic
                .name
                .as_ref()
                .map(|n| n.to_string())
                .unwrap_or_default();
            if topic.error_code != 0 {
                let error = ResponseError::try_from_code(topic.error_code)
                    .unwrap_or(ResponseError::UnknownServerError);
                return Err(TxnAdminError::Broker(match error {
                    ResponseError::UnknownTopicOrPartition => {
                        format!("This server does not host this topic-partition: {name}")
                    }
                    other => java_message(other),
                }));
            }
            let mut infos: Vec<PartitionInfo> = topic
                .partitions
                .iter()
                .map(|p| PartitionInfo {
                    topic: name.clone(),
                    partition: p.partition_index,
                    leader: p.leader_id.0,
                    replicas: p.replica_nodes.iter().map(|r| r.0).collect(),
                })
                .collect();
            infos.sort_by_key(|p| p.partition);
            partitions.extend(infos);
        }
        Ok((brokers, partitions))
    }

    /// ListTransactions of every broker, by broker id (Kafka's `allByBrokerId`).
    pub async fn list_transactions(
        &self,
        filter: &ListFilter,
    ) -> Result<BTreeMap<i32, Vec<TransactionListing>>, TxnAdminError> {
        let brokers = self.any().await?.brokers().await?;
        let request = ListTransactionsRequest::default()
            .with_state_filters(
                filter
                    .states
                    .iter()
                    .map(|s| StrBytes::from_string(s.clone()))
                    .collect(),
            )
            .with_producer_id_filters(filter.producer_ids.iter().map(|p| ProducerId(*p)).collect())
            .with_duration_filter(filter.duration_ms.unwrap_or(-1));
        // Version 1 carries the duration filter; without one, version 0 serves every broker.
        let max = if filter.duration_ms.is_some() { 1 } else { 0 };
        let mut all = BTreeMap::new();
        for (id, addr) in brokers {
            let deadline = Instant::now() + self.timeout;
            let listings = loop {
                let mut client = self.connect(&addr).await?;
                if max == 1 && client.version_of::<ListTransactionsRequest>(1)? < 1 {
                    return Err(TxnAdminError::Broker(format!(
                        "Broker {id} does not support duration filter for ListTransactions"
                    )));
                }
                let response = client.call(&request, max).await?;
                match ResponseError::try_from_code(response.error_code) {
                    None => {
                        break response
                            .transaction_states
                            .iter()
                            .map(|t| TransactionListing {
                                transactional_id: t.transactional_id.to_string(),
                                producer_id: t.producer_id.0,
                                state: known_state(&t.transaction_state),
                            })
                            .collect::<Vec<_>>()
                    }
                    Some(ResponseError::CoordinatorLoadInProgress) if Instant::now() < deadline => {
                        tokio::time::sleep(Duration::from_millis(100)).await;
                    }
                    Some(ResponseError::CoordinatorNotAvailable) => {
                        return Err(TxnAdminError::Broker(format!(
                            "ListTransactions request sent to broker {id} failed because the \
                             coordinator is shutting down"
                        )))
                    }
                    Some(_) => {
                        return Err(TxnAdminError::Broker(format!(
                            "ListTransactions request sent to broker {id} failed with an \
                             unexpected exception"
                        )))
                    }
                }
            };
            all.insert(id, listings);
        }
        Ok(all)
    }

    /// DescribeTransactions of `id` at its coordinator, found with FindCoordinator.
    pub async fn describe_transaction(
        &self,
        id: &str,
    ) -> Result<TransactionDescription, TxnAdminError> {
        let deadline = Instant::now() + self.timeout;
        let retry = |what: String| async move {
            if Instant::now() >= deadline {
                return Err(TxnAdminError::Broker(what));
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
            Ok(())
        };
        loop {
            let mut client = self.any().await?;
            let found = client
                .call(
                    &FindCoordinatorRequest::default()
                        .with_key(StrBytes::from_string(id.to_string()))
                        .with_key_type(1),
                    3,
                )
                .await?;
            match ResponseError::try_from_code(found.error_code) {
                None => {}
                Some(ResponseError::TransactionalIdAuthorizationFailed) => {
                    return Err(TxnAdminError::Broker(format!(
                        "FindCoordinator request for transactionalId `{id}` failed due to \
                         authorization failure"
                    )))
                }
                Some(e) if is_retriable_coordinator_error(e) => {
                    retry(format!(
                        "Timed out waiting for the coordinator of transactionalId `{id}`"
                    ))
                    .await?;
                    continue;
                }
                Some(e) => return Err(TxnAdminError::Broker(java_message(e))),
            }
            let coordinator_id = found.node_id.0;
            let addr = format!("{}:{}", found.host, found.port);
            let mut coordinator = self.connect(&addr).await?;
            let response = coordinator
                .call(
                    &DescribeTransactionsRequest::default().with_transactional_ids(vec![
                        TransactionalId(StrBytes::from_string(id.to_string())),
                    ]),
                    0,
                )
                .await?;
            let Some(state) = response
                .transaction_states
                .iter()
                .find(|s| s.transactional_id.as_str() == id)
            else {
                return Err(TxnAdminError::Broker(format!(
                    "DescribeTransactions response for transactionalId `{id}` is missing"
                )));
            };
            match ResponseError::try_from_code(state.error_code) {
                None => {}
                Some(ResponseError::TransactionalIdAuthorizationFailed) => {
                    return Err(TxnAdminError::Broker(format!(
                        "DescribeTransactions request for transactionalId `{id}` failed due to \
                         authorization failure"
                    )))
                }
                Some(ResponseError::TransactionalIdNotFound) => {
                    return Err(TxnAdminError::TransactionalIdNotFound(format!(
                        "DescribeTransactions request for transactionalId `{id}` failed because \
                         the ID could not be found"
                    )))
                }
                Some(e) if is_retriable_coordinator_error(e) => {
                    retry(format!(
                        "DescribeTransactions request for transactionalId `{id}` timed out"
                    ))
                    .await?;
                    continue;
                }
                Some(_) => {
                    return Err(TxnAdminError::Broker(format!(
                        "DescribeTransactions request for transactionalId `{id}` failed due to \
                         unexpected error"
                    )))
                }
            }
            let mut partitions: Vec<TopicPartition> = state
                .topics
                .iter()
                .flat_map(|t| t.partitions.iter().map(|p| (t.topic.to_string(), *p)))
                .collect();
            partitions.sort();
            return Ok(TransactionDescription {
                coordinator_id,
                state: known_state(&state.transaction_state),
                producer_id: state.producer_id.0,
                producer_epoch: state.producer_epoch,
                timeout_ms: state.transaction_timeout_ms,
                start_time_ms: (state.transaction_start_time_ms >= 0)
                    .then_some(state.transaction_start_time_ms),
                partitions,
            });
        }
    }

    /// DescribeProducers of each partition at its leader (or at `broker_id`), one result
    /// per partition in the order given.
    pub async fn describe_producers(
        &self,
        partitions: &[TopicPartition],
        broker_id: Option<i32>,
    ) -> Result<Vec<(TopicPartition, PartitionProducers)>, TxnAdminError> {
        let mut topics: Vec<String> = partitions.iter().map(|(t, _)| t.clone()).collect();
        topics.sort();
        topics.dedup();
        let (brokers, infos) = self.metadata(Some(&topics)).await?;
        // Which broker to ask for each partition.
        let mut by_broker: BTreeMap<i32, Vec<TopicPartition>> = BTreeMap::new();
        let mut results: BTreeMap<TopicPartition, PartitionProducers> = BTreeMap::new();
        for tp in partitions {
            let target = match broker_id {
                Some(id) => Some(id),
                None => infos
                    .iter()
                    .find(|i| i.topic == tp.0 && i.partition == tp.1)
                    .map(|i| i.leader)
                    .filter(|l| *l >= 0),
            };
            match target {
                Some(id) => by_broker.entry(id).or_default().push(tp.clone()),
                None => {
                    let message = if infos.iter().any(|i| i.topic == tp.0) {
                        format!("The partition {}-{} has no leader", tp.0, tp.1)
                    } else {
                        format!("This server does not host this topic-partition: {}", tp.0)
                    };
                    results.insert(tp.clone(), Err(message));
                }
            }
        }
        for (id, asked) in by_broker {
            let Some((_, addr)) = brokers.iter().find(|(b, _)| *b == id) else {
                for tp in asked {
                    results.insert(tp, Err(format!("Broker {id} is not in the cluster")));
                }
                continue;
            };
            let mut client = self.connect(addr).await?;
            let mut request_topics: Vec<TopicRequest> = Vec::new();
            for (topic, partition) in &asked {
                match request_topics.iter_mut().find(|t| t.name.as_str() == topic) {
                    Some(t) => t.partition_indexes.push(*partition),
                    None => request_topics.push(
                        TopicRequest::default()
                            .with_name(TopicName(StrBytes::from_string(topic.clone())))
                            .with_partition_indexes(vec![*partition]),
                    ),
                }
            }
            let response = client
                .call(
                    &DescribeProducersRequest::default().with_topics(request_topics),
                    0,
                )
                .await?;
            for topic in &response.topics {
                for p in &topic.partitions {
                    let tp = (topic.name.to_string(), p.partition_index);
                    let outcome = match ResponseError::try_from_code(p.error_code) {
                        None => Ok(p
                            .active_producers
                            .iter()
                            .map(|s| ProducerState {
                                producer_id: s.producer_id.0,
                                producer_epoch: s.producer_epoch,
                                last_sequence: s.last_sequence,
                                last_timestamp: s.last_timestamp,
                                coordinator_epoch: (s.coordinator_epoch >= 0)
                                    .then_some(s.coordinator_epoch),
                                current_txn_start_offset: (s.current_txn_start_offset >= 0)
                                    .then_some(s.current_txn_start_offset),
                            })
                            .collect()),
                        Some(e) => Err(producers_error(e, &tp, broker_id)),
                    };
                    results.insert(tp, outcome);
                }
            }
        }
        Ok(partitions
            .iter()
            .map(|tp| {
                let outcome = results.remove(tp).unwrap_or_else(|| {
                    Err(format!(
                        "DescribeProducers response is missing partition {}-{}",
                        tp.0, tp.1
                    ))
                });
                (tp.clone(), outcome)
            })
            .collect())
    }

    /// Writes an ABORT marker for the spec's producer to the partition's leader.
    pub async fn abort_transaction(&self, spec: &AbortSpec) -> Result<(), TxnAdminError> {
        let (brokers, infos) = self
            .metadata(Some(std::slice::from_ref(&spec.partition.0)))
            .await?;
        let leader = infos
            .iter()
            .find(|i| i.partition == spec.partition.1)
            .map(|i| i.leader)
            .filter(|l| *l >= 0);
        let addr = leader
            .and_then(|id| brokers.iter().find(|(b, _)| *b == id))
            .map(|(_, addr)| addr.clone())
            .ok_or_else(|| {
                TxnAdminError::Broker(format!(
                    "This server does not host this topic-partition: {}-{}",
                    spec.partition.0, spec.partition.1
                ))
            })?;
        let mut client = self.connect(&addr).await?;
        let marker = WritableTxnMarker::default()
            .with_producer_id(ProducerId(spec.producer_id))
            .with_producer_epoch(spec.producer_epoch)
            .with_transaction_result(false)
            .with_coordinator_epoch(spec.coordinator_epoch)
            .with_topics(vec![WritableTxnMarkerTopic::default()
                .with_name(TopicName(StrBytes::from_string(spec.partition.0.clone())))
                .with_partition_indexes(vec![spec.partition.1])]);
        let response = client
            .call(
                &WriteTxnMarkersRequest::default().with_markers(vec![marker]),
                1,
            )
            .await?;
        let code = response
            .markers
            .iter()
            .filter(|m| m.producer_id.0 == spec.producer_id)
            .flat_map(|m| m.topics.iter())
            .filter(|t| t.name.as_str() == spec.partition.0)
            .flat_map(|t| t.partitions.iter())
            .find(|p| p.partition_index == spec.partition.1)
            .map(|p| p.error_code)
            .ok_or_else(|| {
                TxnAdminError::Broker(format!(
                    "WriteTxnMarkers response included unexpected marker entries (expected to \
                     find exactly one entry with producerId {})",
                    spec.producer_id
                ))
            })?;
        match ResponseError::try_from_code(code) {
            None => Ok(()),
            Some(ResponseError::ClusterAuthorizationFailed) => Err(TxnAdminError::Broker(format!(
                "WriteTxnMarkers request with {spec} failed due to cluster authorization error"
            ))),
            Some(ResponseError::InvalidProducerEpoch) => Err(TxnAdminError::Broker(format!(
                "WriteTxnMarkers request with {spec} failed due an invalid producer epoch"
            ))),
            Some(ResponseError::TransactionCoordinatorFenced) => {
                Err(TxnAdminError::Broker(format!(
                    "WriteTxnMarkers request with {spec} failed since the provided coordinator \
                     epoch {} has been fenced by the active coordinator",
                    spec.coordinator_epoch
                )))
            }
            Some(e) => Err(TxnAdminError::Broker(format!(
                "WriteTxnMarkers request with {spec} failed due to unexpected error: {}",
                java_message(e)
            ))),
        }
    }
}

/// The state name as Kafka's `TransactionState.parse` keeps it: names it does not know
/// (such as the coordinator-internal `Dead`) become `Unknown`.
fn known_state(name: &str) -> String {
    const KNOWN: [&str; 7] = [
        "Ongoing",
        "PrepareAbort",
        "PrepareCommit",
        "CompleteAbort",
        "CompleteCommit",
        "Empty",
        "PrepareEpochFence",
    ];
    if KNOWN.contains(&name) {
        name.to_string()
    } else {
        "Unknown".to_string()
    }
}

/// Errors after which Kafka's admin client looks the coordinator up again.
fn is_retriable_coordinator_error(e: ResponseError) -> bool {
    matches!(
        e,
        ResponseError::CoordinatorNotAvailable
            | ResponseError::NotCoordinator
            | ResponseError::CoordinatorLoadInProgress
    )
}

/// The message of the exception Kafka's DescribeProducers handler makes of a partition error.
fn producers_error(e: ResponseError, tp: &TopicPartition, broker_id: Option<i32>) -> String {
    let name = format!("{}-{}", tp.0, tp.1);
    match (e, broker_id) {
        (ResponseError::NotLeaderOrFollower, Some(id)) => {
            format!("Failed to describe active producers for partition {name} on brokerId {id}")
        }
        (ResponseError::TopicAuthorizationFailed, _) => format!(
            "Failed to describe active producers for partition {name} due to authorization \
             failure on topic `{}`",
            tp.0
        ),
        (ResponseError::UnknownTopicOrPartition | ResponseError::NotLeaderOrFollower, None) => {
            java_message(e)
        }
        _ => format!(
            "Failed to describe active producers for partition {name} due to unexpected error"
        ),
    }
}

/// The default message of Kafka's `Errors` for the errors these calls meet.
fn java_message(e: ResponseError) -> String {
    match e {
        ResponseError::UnknownTopicOrPartition => {
            "This server does not host this topic-partition.".into()
        }
        ResponseError::NotLeaderOrFollower => {
            "For requests intended only for the leader, this error indicates that the broker \
             is not the current leader. For requests intended for any replica, this error \
             indicates that the broker is not a replica of the topic partition."
                .into()
        }
        ResponseError::TopicAuthorizationFailed => "Topic authorization failed.".into(),
        ResponseError::ClusterAuthorizationFailed => "Cluster authorization failed.".into(),
        ResponseError::InvalidProducerEpoch => {
            "Producer attempted to produce with an old epoch.".into()
        }
        ResponseError::CoordinatorNotAvailable => "The coordinator is not available.".into(),
        ResponseError::NotCoordinator => "This is not the correct coordinator.".into(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn abort_spec_reads_as_javas_to_string() {
        let spec = AbortSpec {
            partition: ("t".into(), 0),
            producer_id: 7,
            producer_epoch: 1,
            coordinator_epoch: 0,
        };
        assert_eq!(
            spec.to_string(),
            "AbortTransactionSpec(topicPartition=t-0, producerId=7, producerEpoch=1, \
             coordinatorEpoch=0)"
        );
        assert_eq!(known_state("Dead"), "Unknown");
        assert_eq!(known_state("Ongoing"), "Ongoing");
    }
}
