//! What kafka-leader-election.sh asks of a cluster: ElectLeaders, sent to the controller
//! (as Kafka's admin client does), over [`super::wire`] since librdkafka has no such call.
//! Works against any Kafka cluster that serves ElectLeaders (Kafka 2.2 and later).

use std::time::{Duration, Instant};

use kafka_protocol::error::ResponseError;
use kafka_protocol::messages::elect_leaders_request::TopicPartitions;
use kafka_protocol::messages::{ElectLeadersRequest, MetadataRequest, MetadataResponse, TopicName};
use kafka_protocol::protocol::StrBytes;

use super::wire::{property_ms, WireClient, WireError};

/// The client id Kafka's admin client gets when `client.id` is not set is generated; this
/// one says which tool asked.
const CLIENT_ID: &str = "leader-election-tool";

/// Which election to ask for (ElectLeaders' `ElectionType`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ElectionType {
    Preferred,
    Unclean,
}

impl ElectionType {
    /// Kafka's name, as the tool prints it.
    pub fn name(self) -> &'static str {
        match self {
            ElectionType::Preferred => "PREFERRED",
            ElectionType::Unclean => "UNCLEAN",
        }
    }

    fn wire(self) -> i8 {
        match self {
            ElectionType::Preferred => 0,
            ElectionType::Unclean => 1,
        }
    }
}

/// One partition's answer: None when a leader was elected, else the error and the broker's
/// message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ElectionResult {
    pub topic: String,
    pub partition: i32,
    pub error: Option<(ResponseError, Option<String>)>,
}

impl ElectionResult {
    /// The Java exception Kafka's admin client makes of the error, as `Throwable.toString()`
    /// prints it: class, then the broker's message (or the error's default one).
    pub fn exception(&self) -> Option<String> {
        let (error, message) = self.error.as_ref()?;
        let class = match error {
            ResponseError::UnknownTopicOrPartition => "UnknownTopicOrPartitionException",
            ResponseError::InvalidTopicException => "InvalidTopicException",
            ResponseError::NotController => "NotControllerException",
            ResponseError::RequestTimedOut => "TimeoutException",
            ResponseError::PreferredLeaderNotAvailable => "PreferredLeaderNotAvailableException",
            ResponseError::EligibleLeadersNotAvailable => "EligibleLeadersNotAvailableException",
            ResponseError::ElectionNotNeeded => "ElectionNotNeededException",
            ResponseError::ClusterAuthorizationFailed => "ClusterAuthorizationException",
            ResponseError::InvalidRequest => "InvalidRequestException",
            _ => "ApiException",
        };
        let message = message.clone().unwrap_or_else(|| default_message(*error));
        Some(format!("org.apache.kafka.common.errors.{class}: {message}"))
    }
}

/// The message Kafka's `Errors` gives an error the broker sent without one.
fn default_message(error: ResponseError) -> String {
    match error {
        ResponseError::UnknownTopicOrPartition => {
            "This server does not host this topic-partition.".into()
        }
        ResponseError::NotController => {
            "This is not the correct controller for this cluster.".into()
        }
        ResponseError::RequestTimedOut => "The request timed out.".into(),
        ResponseError::PreferredLeaderNotAvailable => {
            "The preferred leader was not available.".into()
        }
        ResponseError::EligibleLeadersNotAvailable => {
            "Eligible topic partition leaders are not available.".into()
        }
        ResponseError::ElectionNotNeeded => {
            "Leader election not needed for topic partition.".into()
        }
        ResponseError::ClusterAuthorizationFailed => "Cluster authorization failed.".into(),
        other => other.to_string(),
    }
}

/// Why the election could not be asked for at all.
#[derive(Debug, thiserror::Error)]
pub enum ElectError {
    #[error(transparent)]
    Wire(#[from] WireError),
    /// The request was refused as a whole (not authorized, bad request).
    #[error("{}", default_message(*.0))]
    Refused(ResponseError),
    /// No controller answered within the time.
    #[error("Timeout waiting for election results")]
    Timeout,
}

/// Asks the controller to elect leaders for `partitions` (every partition when None) and
/// returns one result per partition it answered for. A broker that is not (or no longer)
/// the controller answers NOT_CONTROLLER: the controller is looked up again and asked, until
/// `default.api.timeout.ms` (30 s, the tool's default) passes.
pub async fn elect_leaders(
    bootstrap: &str,
    properties: &[(String, String)],
    election_type: ElectionType,
    partitions: Option<&[(String, i32)]>,
) -> Result<Vec<ElectionResult>, ElectError> {
    let timeout = timeout(properties);
    let deadline = Instant::now() + timeout;
    let request = ElectLeadersRequest::default()
        .with_election_type(election_type.wire())
        .with_timeout_ms((timeout.as_millis() / 2).min(i32::MAX as u128) as i32)
        .with_topic_partitions(partitions.map(group_by_topic));
    loop {
        let controller = controller(bootstrap, properties, timeout).await?;
        let mut client = WireClient::connect(&controller, properties, CLIENT_ID, timeout).await?;
        // Version 0 knows only preferred elections.
        let max = if election_type == ElectionType::Preferred {
            2
        } else {
            client.version_of::<ElectLeadersRequest>(2)?.max(1)
        };
        let response = client.call(&request, max).await?;
        if response.error_code != 0 {
            return Err(ElectError::Refused(
                ResponseError::try_from_code(response.error_code)
                    .unwrap_or(ResponseError::UnknownServerError),
            ));
        }
        let results: Vec<ElectionResult> = response
            .replica_election_results
            .iter()
            .flat_map(|t| {
                t.partition_result.iter().map(|p| ElectionResult {
                    topic: t.topic.to_string(),
                    partition: p.partition_id,
                    error: (p.error_code != 0).then(|| {
                        (
                            ResponseError::try_from_code(p.error_code)
                                .unwrap_or(ResponseError::UnknownServerError),
                            p.error_message.as_ref().map(|m| m.to_string()),
                        )
                    }),
                })
            })
            .collect();
        let moved = !results.is_empty()
            && results
                .iter()
                .all(|r| matches!(r.error, Some((ResponseError::NotController, _))));
        if !moved {
            return Ok(results);
        }
        if Instant::now() >= deadline {
            return Err(ElectError::Timeout);
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// The request's topics, each with its partitions in the order given.
fn group_by_topic(partitions: &[(String, i32)]) -> Vec<TopicPartitions> {
    let mut topics: Vec<TopicPartitions> = Vec::new();
    for (topic, partition) in partitions {
        match topics.iter_mut().find(|t| t.topic.as_str() == topic) {
            Some(t) => t.partitions.push(*partition),
            None => topics.push(
                TopicPartitions::default()
                    .with_topic(TopicName(StrBytes::from_string(topic.clone())))
                    .with_partitions(vec![*partition]),
            ),
        }
    }
    topics
}

/// `host:port` of the controller, as the first bootstrap server that answers names it.
async fn controller(
    bootstrap: &str,
    properties: &[(String, String)],
    timeout: Duration,
) -> Result<String, ElectError> {
    let mut last_error = None;
    for addr in bootstrap
        .split(',')
        .map(str::trim)
        .filter(|a| !a.is_empty())
    {
        let mut client = match WireClient::connect(addr, properties, CLIENT_ID, timeout).await {
            Ok(client) => client,
            Err(e) => {
                last_error = Some(e);
                continue;
            }
        };
        let metadata: MetadataResponse = client
            .call(
                &MetadataRequest::default().with_topics(Some(Vec::new())),
                12,
            )
            .await?;
        let id = metadata.controller_id.0;
        return metadata
            .brokers
            .iter()
            .find(|b| b.node_id.0 == id)
            .map(|b| format!("{}:{}", b.host, b.port))
            .ok_or(ElectError::Timeout);
    }
    Err(last_error
        .unwrap_or_else(|| WireError::Config(format!("no server in {bootstrap:?}")))
        .into())
}

/// `default.api.timeout.ms`, 30 s unless set (LeaderElectionCommand's default).
fn timeout(properties: &[(String, String)]) -> Duration {
    property_ms(properties, "default.api.timeout.ms", 30_000)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exceptions_read_as_javas_to_string() {
        let r = ElectionResult {
            topic: "no-such-topic".into(),
            partition: 0,
            error: Some((
                ResponseError::UnknownTopicOrPartition,
                Some("The partition does not exist.".into()),
            )),
        };
        assert_eq!(
            r.exception().unwrap(),
            "org.apache.kafka.common.errors.UnknownTopicOrPartitionException: The partition does not exist."
        );
        let grouped = group_by_topic(&[("a".into(), 1), ("b".into(), 0), ("a".into(), 0)]);
        assert_eq!(grouped.len(), 2);
        assert_eq!(grouped[0].partitions, vec![1, 0]);
    }
}
