//! OffsetsForLeaderEpoch: where a leader epoch ended in the leader's log. A follower asks it
//! after a leader change to find how much of its own tail the new leader shares, and
//! truncates the rest; a consumer asks it to validate its position after a leader change.
//!
//! As Kafka 3.9: only the leader answers (NOT_LEADER_OR_FOLLOWER elsewhere, as
//! `fetchOnlyFromLeader` holds for every replica id but the debugging one), the requester's
//! `current_leader_epoch` is checked (FENCED_LEADER_EPOCH / UNKNOWN_LEADER_EPOCH), and an epoch
//! the log does not know answers UNDEFINED_EPOCH and UNDEFINED_EPOCH_OFFSET without error.

use super::RequestContext;
use std::sync::Arc;

use super::authorize::{Op, Resource};
use super::{authorize, authorize_cluster};

use kafka_protocol::messages::offset_for_leader_epoch_response::{
    EpochEndOffset, OffsetForLeaderTopicResult,
};
use kafka_protocol::messages::{OffsetForLeaderEpochRequest, OffsetForLeaderEpochResponse};
use kt_storage::{UNDEFINED_EPOCH, UNDEFINED_EPOCH_OFFSET};

use crate::replication::leader;
use crate::state::Broker;
use std::time::Duration;

/// Answers each requested partition's epoch with its end offset in this leader's log.
pub async fn handle(
    broker: &Arc<Broker>,
    request: OffsetForLeaderEpochRequest,
    ctx: &RequestContext,
) -> OffsetForLeaderEpochResponse {
    // A follower needs CLUSTER_ACTION, a client DESCRIBE on each topic.
    let follower = request.replica_id.0 >= 0;
    let follower_allowed = !follower || authorize_cluster(broker, ctx, Op::ClusterAction);
    if follower && follower_allowed {
        // A follower that heard of its new leader before this broker did waits for it here
        // rather than backing off; as long as its fetches may wait (replica.fetch.wait.max.ms).
        let bound = broker.config().replication.fetch_wait_max_ms.max(0) as u64;
        let wanted = request.topics.iter().flat_map(|t| {
            t.partitions
                .iter()
                .map(move |p| (t.topic.as_str(), p.partition, p.current_leader_epoch))
        });
        let ahead = leader::newer_leader_epochs(broker, wanted);
        leader::await_leader_epochs(broker, ahead, Duration::from_millis(bound)).await;
    }
    let topics = request
        .topics
        .into_iter()
        .map(|topic| {
            let allowed = follower_allowed
                && (follower
                    || authorize(broker, ctx, Op::Describe, Resource::Topic, &topic.topic));
            let partitions = topic
                .partitions
                .iter()
                .map(|p| {
                    let answer = EpochEndOffset::default()
                        .with_partition(p.partition)
                        .with_leader_epoch(UNDEFINED_EPOCH)
                        .with_end_offset(UNDEFINED_EPOCH_OFFSET);
                    if !allowed {
                        let denied = kafka_protocol::error::ResponseError::TopicAuthorizationFailed;
                        return answer.with_error_code(denied.code());
                    }
                    match broker.leading_at_epoch(&topic.topic, p.partition, p.current_leader_epoch)
                    {
                        Err(e) => answer.with_error_code(e.code()),
                        Ok((partition, _)) => {
                            let (epoch, end) = partition.log.end_offset_for_epoch(p.leader_epoch);
                            answer.with_leader_epoch(epoch).with_end_offset(end)
                        }
                    }
                })
                .collect();
            OffsetForLeaderTopicResult::default()
                .with_topic(topic.topic)
                .with_partitions(partitions)
        })
        .collect();
    OffsetForLeaderEpochResponse::default().with_topics(topics)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::route;
    use kafka_protocol::error::ResponseError;
    use kafka_protocol::messages::offset_for_leader_epoch_request::{
        OffsetForLeaderPartition, OffsetForLeaderTopic,
    };
    use kafka_protocol::messages::{ApiKey, TopicName};
    use kafka_protocol::protocol::StrBytes;
    use kt_base::config::{Properties, ServerConfig};
    use std::collections::BTreeMap;

    fn ctx() -> RequestContext {
        RequestContext {
            version: 4,
            client_id: String::new(),
            client_host: String::new(),
            listener: "PLAINTEXT".into(),
            principal: std::sync::Arc::new(crate::security::KafkaPrincipal::anonymous()),
            close_connection: Default::default(),
        }
    }

    #[tokio::test]
    async fn answers_the_end_of_each_epoch_and_checks_the_requesters_epoch() {
        assert_eq!(
            route(ApiKey::OffsetForLeaderEpoch as i16).map(|r| (r.min_version, r.max_version)),
            Some((0, 4)),
            "Kafka 3.9's versions"
        );
        let dir = tempfile::tempdir().unwrap();
        let mut props = Properties::new();
        props.insert("log.dirs".into(), dir.path().display().to_string());
        let broker =
            Arc::new(Broker::open(ServerConfig::from_properties(&props).unwrap().0).unwrap());
        broker
            .create_topic("t", 1, 1, None, BTreeMap::new(), false)
            .unwrap();
        let partition = broker.partition("t", 0).unwrap();
        let batch = kt_storage_batch(3);
        broker.append(&partition, &batch).unwrap();
        // (partition, current leader epoch, asked epoch) → (error, epoch, end offset).
        let cases = [
            (0, -1, 0, (0, 0, 3)),
            (0, 0, 0, (0, 0, 3)),
            // A future epoch of the log: unknown, no error.
            (0, 0, 5, (0, -1, -1)),
            // The requester knows a newer leader epoch than this broker.
            (0, 1, 0, (ResponseError::UnknownLeaderEpoch.code(), -1, -1)),
            (
                7,
                -1,
                0,
                (ResponseError::UnknownTopicOrPartition.code(), -1, -1),
            ),
        ];
        let request = OffsetForLeaderEpochRequest::default().with_topics(vec![
            OffsetForLeaderTopic::default()
                .with_topic(TopicName(StrBytes::from_static_str("t")))
                .with_partitions(
                    cases
                        .iter()
                        .map(|(p, current, asked, _)| {
                            OffsetForLeaderPartition::default()
                                .with_partition(*p)
                                .with_current_leader_epoch(*current)
                                .with_leader_epoch(*asked)
                        })
                        .collect(),
                ),
        ]);
        let response = handle(&broker, request, &ctx()).await;
        let got: Vec<(i16, i32, i64)> = response.topics[0]
            .partitions
            .iter()
            .map(|p| (p.error_code, p.leader_epoch, p.end_offset))
            .collect();
        let want: Vec<(i16, i32, i64)> = cases.iter().map(|c| c.3).collect();
        assert_eq!(got, want);
    }

    /// A batch of `n` records as a producer sends it.
    fn kt_storage_batch(n: usize) -> Vec<u8> {
        use kafka_protocol::records::{
            Compression, Record, RecordBatchEncoder, RecordEncodeOptions, TimestampType,
        };
        let records: Vec<Record> = (0..n)
            .map(|i| Record {
                transactional: false,
                control: false,
                delete_horizon: false,
                partition_leader_epoch: -1,
                producer_id: -1,
                producer_epoch: -1,
                timestamp_type: TimestampType::Creation,
                offset: i as i64,
                sequence: -1,
                timestamp: 1000,
                key: None,
                value: Some(bytes::Bytes::from_static(b"v")),
                headers: Default::default(),
            })
            .collect();
        let mut buf = bytes::BytesMut::new();
        RecordBatchEncoder::encode(
            &mut buf,
            &records,
            &RecordEncodeOptions {
                version: 2,
                compression: Compression::None,
            },
        )
        .unwrap();
        buf.to_vec()
    }
}
