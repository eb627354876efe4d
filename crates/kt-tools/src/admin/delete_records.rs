//! What kafka-delete-records.sh asks of a cluster (Kafka's `Admin.deleteRecords`): each
//! partition's leader is looked up with Metadata and sent DeleteRecords over [`super::wire`]
//! (librdkafka's call would hide the per-partition errors Kafka's tool prints). As Kafka's
//! admin client does, a partition whose topic or leader is not known yet, or whose leader
//! moved, is looked up again until `default.api.timeout.ms` runs out.

use std::collections::BTreeMap;
use std::time::Instant;

use kafka_protocol::error::ResponseError;
use kafka_protocol::messages::delete_records_request::{
    DeleteRecordsPartition, DeleteRecordsTopic,
};
use kafka_protocol::messages::metadata_request::MetadataRequestTopic;
use kafka_protocol::messages::{DeleteRecordsRequest, MetadataRequest, TopicName};
use kafka_protocol::protocol::StrBytes;

use super::wire::{connect_any, property_ms, WireClient, WireError};

/// The client id of Kafka's first admin client in a process.
const CLIENT_ID: &str = "adminclient-1";

/// Why one partition's records could not be deleted: a Kafka exception as the tool prints it
/// (`CLASS: MESSAGE`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("org.apache.kafka.common.errors.{class}: {message}")]
pub struct DeleteFailure {
    /// The exception's simple name (`OffsetOutOfRangeException`).
    pub class: String,
    pub message: String,
}

impl DeleteFailure {
    /// The exception Kafka's client raises for a broker's error code, with its default text.
    pub fn from_error(error: ResponseError) -> DeleteFailure {
        DeleteFailure {
            class: exception_class(error),
            message: error_message(error),
        }
    }

    /// The admin client's timeout of a call (`deleteRecords(api=METADATA)` while the leader
    /// is still being looked up).
    fn timeout(call: &str) -> DeleteFailure {
        DeleteFailure {
            class: "TimeoutException".into(),
            message: format!("Timed out waiting for a node assignment. Call: {call}"),
        }
    }
}

/// Kafka's exception class for an error code: `OFFSET_OUT_OF_RANGE` is
/// `OffsetOutOfRangeException`, `KAFKA_STORAGE_ERROR` `KafkaStorageException`, ...
fn exception_class(error: ResponseError) -> String {
    match error {
        ResponseError::RequestTimedOut => "TimeoutException".into(),
        ResponseError::TopicAuthorizationFailed => "TopicAuthorizationException".into(),
        ResponseError::ClusterAuthorizationFailed => "ClusterAuthorizationException".into(),
        ResponseError::Unknown(_) => "UnknownServerException".into(),
        other => {
            let name = format!("{other:?}");
            if name.ends_with("Exception") {
                name
            } else if let Some(stem) = name.strip_suffix("Error") {
                format!("{stem}Exception")
            } else {
                format!("{name}Exception")
            }
        }
    }
}

/// The default message of Kafka's exception for an error code (`Errors.message()`), for the
/// errors a DeleteRecords can end in; others by their name.
fn error_message(error: ResponseError) -> String {
    match error {
        ResponseError::UnknownServerError => {
            "The server experienced an unexpected error when processing the request."
        }
        ResponseError::OffsetOutOfRange => {
            "The requested offset is not within the range of offsets maintained by the server."
        }
        ResponseError::InvalidTopicException => {
            "The request attempted to perform an operation on an invalid topic."
        }
        ResponseError::TopicAuthorizationFailed => "Topic authorization failed.",
        ResponseError::ClusterAuthorizationFailed => "Cluster authorization failed.",
        ResponseError::UnsupportedVersion => "The version of API is not supported.",
        ResponseError::PolicyViolation => {
            "Request parameters do not satisfy the configured policy."
        }
        ResponseError::InvalidRequest => {
            "This most likely occurs because of a request being malformed by the client library \
             or the message was sent to an incompatible broker. See the broker logs for more \
             details."
        }
        other => return error_name(other),
    }
    .to_string()
}

/// Kafka's `Errors` name of an error code (`OFFSET_OUT_OF_RANGE`), as its log lines say it.
pub fn error_name(error: ResponseError) -> String {
    let camel = format!("{error:?}");
    let mut name = String::new();
    for (i, c) in camel.chars().enumerate() {
        if c.is_ascii_uppercase() && i > 0 {
            name.push('_');
        }
        name.push(c.to_ascii_uppercase());
    }
    name
}

/// One partition's outcome: its new low watermark (log start offset), or the failure, with
/// the broker's error code when the broker gave one (Kafka's admin client logs those).
pub type DeleteOutcome = Result<i64, (DeleteFailure, Option<ResponseError>)>;

/// Deletes the records below `offset` (-1: below the high watermark) of each `(topic,
/// partition, offset)`, and answers each partition in the order given.
pub async fn delete_records(
    bootstrap: &str,
    properties: &[(String, String)],
    wanted: &[(String, i32, i64)],
) -> Result<Vec<DeleteOutcome>, WireError> {
    let timeout = property_ms(properties, "default.api.timeout.ms", 60_000);
    let request_timeout = property_ms(properties, "request.timeout.ms", 30_000);
    let backoff = property_ms(properties, "retry.backoff.ms", 100);
    let deadline = Instant::now() + timeout;
    let mut bootstrap_client =
        connect_any(bootstrap, properties, CLIENT_ID, request_timeout).await?;
    let mut leaders: BTreeMap<i32, WireClient> = BTreeMap::new();
    let mut outcomes: Vec<Option<DeleteOutcome>> = vec![None; wanted.len()];
    // The stage each unfinished partition is in, for the timeout's message.
    let mut looking_up = vec![true; wanted.len()];
    loop {
        let pending: Vec<usize> = (0..wanted.len())
            .filter(|&i| outcomes[i].is_none())
            .collect();
        if pending.is_empty() {
            break;
        }
        if Instant::now() >= deadline {
            for i in pending {
                let call = if looking_up[i] {
                    "deleteRecords(api=METADATA)"
                } else {
                    "deleteRecords(api=DELETE_RECORDS)"
                };
                outcomes[i] = Some(Err((DeleteFailure::timeout(call), None)));
            }
            break;
        }
        // Look up the leaders of the pending partitions.
        let mut topics: Vec<&str> = pending.iter().map(|&i| wanted[i].0.as_str()).collect();
        topics.sort_unstable();
        topics.dedup();
        let request = MetadataRequest::default()
            .with_allow_auto_topic_creation(false)
            .with_topics(Some(
                topics
                    .iter()
                    .map(|t| {
                        MetadataRequestTopic::default()
                            .with_name(Some(TopicName(StrBytes::from_string(t.to_string()))))
                    })
                    .collect(),
            ));
        let metadata = bootstrap_client.call(&request, 12).await?;
        let addresses: BTreeMap<i32, String> = metadata
            .brokers
            .iter()
            .map(|b| (b.node_id.0, format!("{}:{}", b.host, b.port)))
            .collect();
        let mut by_leader: BTreeMap<i32, Vec<usize>> = BTreeMap::new();
        for &i in &pending {
            let (topic, partition, _) = &wanted[i];
            let Some(found) = metadata
                .topics
                .iter()
                .find(|t| t.name.as_ref().map(|n| n.0.as_str()) == Some(topic.as_str()))
            else {
                continue;
            };
            match ResponseError::try_from_code(found.error_code) {
                None => {}
                // Not known (yet): looked up again, as Kafka's PartitionLeaderStrategy does.
                Some(
                    ResponseError::UnknownTopicOrPartition
                    | ResponseError::LeaderNotAvailable
                    | ResponseError::BrokerNotAvailable,
                ) => continue,
                Some(error) => {
                    outcomes[i] = Some(Err((DeleteFailure::from_error(error), None)));
                    continue;
                }
            }
            let Some(p) = found
                .partitions
                .iter()
                .find(|p| p.partition_index == *partition)
            else {
                continue;
            };
            if p.error_code != 0 || p.leader_id.0 < 0 {
                continue;
            }
            by_leader.entry(p.leader_id.0).or_default().push(i);
        }
        for (leader, members) in by_leader {
            let Some(addr) = addresses.get(&leader) else {
                continue;
            };
            if let std::collections::btree_map::Entry::Vacant(slot) = leaders.entry(leader) {
                match WireClient::connect(addr, properties, CLIENT_ID, request_timeout).await {
                    Ok(client) => {
                        slot.insert(client);
                    }
                    Err(e) => {
                        tracing::debug!("cannot reach leader {leader} at {addr}: {e}");
                        continue;
                    }
                }
            }
            let Some(client) = leaders.get_mut(&leader) else {
                continue;
            };
            let mut per_topic: BTreeMap<&str, Vec<DeleteRecordsPartition>> = BTreeMap::new();
            for &i in &members {
                looking_up[i] = false;
                let (topic, partition, offset) = &wanted[i];
                per_topic.entry(topic).or_default().push(
                    DeleteRecordsPartition::default()
                        .with_partition_index(*partition)
                        .with_offset(*offset),
                );
            }
            let request = DeleteRecordsRequest::default()
                .with_timeout_ms(request_timeout.as_millis() as i32)
                .with_topics(
                    per_topic
                        .into_iter()
                        .map(|(name, partitions)| {
                            DeleteRecordsTopic::default()
                                .with_name(TopicName(StrBytes::from_string(name.to_string())))
                                .with_partitions(partitions)
                        })
                        .collect(),
                );
            let response = match client.call(&request, 2).await {
                Ok(response) => response,
                Err(e) => {
                    tracing::debug!("DeleteRecords to leader {leader} failed: {e}");
                    leaders.remove(&leader);
                    continue;
                }
            };
            for &i in &members {
                let (topic, partition, _) = &wanted[i];
                let answer = response
                    .topics
                    .iter()
                    .filter(|t| t.name.0.as_str() == topic)
                    .flat_map(|t| t.partitions.iter())
                    .find(|p| p.partition_index == *partition);
                let Some(answer) = answer else {
                    let failure = DeleteFailure {
                        class: "ApiException".into(),
                        message: format!(
                            "The response from broker {leader} did not contain a result for \
                             topic partition {topic}-{partition}"
                        ),
                    };
                    outcomes[i] = Some(Err((failure, None)));
                    continue;
                };
                outcomes[i] = match ResponseError::try_from_code(answer.error_code) {
                    None => Some(Ok(answer.low_watermark)),
                    // Metadata gone stale (a moved leader, a directory offline) or a passing
                    // failure: tried again, as Kafka's DeleteRecordsHandler does.
                    Some(error) if retried(error) => None,
                    Some(error) => Some(Err((DeleteFailure::from_error(error), Some(error)))),
                };
            }
        }
        if outcomes.iter().any(Option::is_none) {
            let rest = deadline.saturating_duration_since(Instant::now());
            tokio::time::sleep(backoff.min(rest)).await;
        }
    }
    Ok(outcomes.into_iter().flatten().collect())
}

/// Errors Kafka's DeleteRecordsHandler tries again: stale metadata (`InvalidMetadataException`)
/// and the retriable ones.
fn retried(error: ResponseError) -> bool {
    error.is_retriable()
        || matches!(
            error,
            ResponseError::NotLeaderOrFollower
                | ResponseError::UnknownTopicOrPartition
                | ResponseError::LeaderNotAvailable
                | ResponseError::KafkaStorageError
        )
}

/// The order in which Kafka's tool prints partitions: the iteration order of a Java
/// `HashMap<TopicPartition, _>` filled with them in the given order. Returns indexes into
/// `partitions`.
pub fn java_hash_map_order(partitions: &[(String, i32)]) -> Vec<usize> {
    // The table grows (doubles from 16) once it holds more than 3/4 of its capacity.
    let mut capacity = 16usize;
    while partitions.len() * 4 > capacity * 3 {
        capacity *= 2;
    }
    let bucket = |(topic, partition): &(String, i32)| {
        let h = topic_partition_hash(topic, *partition);
        let spread = h ^ ((h as u32) >> 16) as i32;
        (spread as u32 as usize) & (capacity - 1)
    };
    let mut order: Vec<usize> = (0..partitions.len()).collect();
    // Stable: a bucket keeps its entries in insertion order.
    order.sort_by_key(|&i| bucket(&partitions[i]));
    order
}

/// Java's `TopicPartition.hashCode()`.
fn topic_partition_hash(topic: &str, partition: i32) -> i32 {
    let string_hash = topic
        .encode_utf16()
        .fold(0i32, |h, unit| h.wrapping_mul(31).wrapping_add(unit as i32));
    31i32
        .wrapping_mul(31i32.wrapping_add(partition))
        .wrapping_add(string_hash)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failures_print_as_kafka_exceptions() {
        assert_eq!(
            DeleteFailure::from_error(ResponseError::OffsetOutOfRange).to_string(),
            "org.apache.kafka.common.errors.OffsetOutOfRangeException: The requested offset is \
             not within the range of offsets maintained by the server."
        );
        assert_eq!(
            exception_class(ResponseError::PolicyViolation),
            "PolicyViolationException"
        );
        assert_eq!(
            exception_class(ResponseError::InvalidTopicException),
            "InvalidTopicException"
        );
        assert_eq!(
            exception_class(ResponseError::KafkaStorageError),
            "KafkaStorageException"
        );
        assert_eq!(
            error_name(ResponseError::OffsetOutOfRange),
            "OFFSET_OUT_OF_RANGE"
        );
    }

    #[test]
    fn partitions_come_out_in_java_hash_map_order() {
        // "t".hashCode() = 116; TopicPartition(t, p) = 961 + 31p + 116 → buckets of 16.
        let ps: Vec<(String, i32)> = (0..4).map(|p| ("t".to_string(), p)).collect();
        // 1077 & 15 = 5, 1108 & 15 = 4, 1139 & 15 = 3, 1170 & 15 = 2.
        assert_eq!(java_hash_map_order(&ps), vec![3, 2, 1, 0]);
        assert_eq!(topic_partition_hash("dr", 0), 961 + 3214);
    }
}
