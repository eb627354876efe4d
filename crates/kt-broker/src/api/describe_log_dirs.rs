//! DescribeLogDirs: each log directory of this broker with its health, the size of every
//! partition log in it and the file system's total and usable bytes (kafka-log-dirs.sh).

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use kafka_protocol::error::ResponseError;
use kafka_protocol::messages::describe_log_dirs_response::{
    DescribeLogDirsPartition, DescribeLogDirsResult, DescribeLogDirsTopic,
};
use kafka_protocol::messages::{DescribeLogDirsRequest, DescribeLogDirsResponse, TopicName};

use super::{str_bytes, RequestContext};
use crate::state::Broker;
use kt_storage::PartitionLog;

/// Describes every log directory, as Kafka's `ReplicaManager.describeLogDirs`: an offline
/// directory answers KAFKA_STORAGE_ERROR with no partitions; an online one lists the
/// requested partitions it holds (all of them when the request names no topics), grouped by
/// topic. Topics and partitions are sorted (Kafka's order is a hash map's).
pub async fn handle(
    broker: &Arc<Broker>,
    request: DescribeLogDirsRequest,
    ctx: &RequestContext,
) -> DescribeLogDirsResponse {
    if !super::authorize_cluster(broker, ctx, super::authorize::Op::Describe) {
        let denied = ResponseError::ClusterAuthorizationFailed;
        return DescribeLogDirsResponse::default().with_error_code(denied.code());
    }
    let wanted: Option<BTreeSet<(String, i32)>> = request.topics.map(|topics| {
        topics
            .iter()
            .flat_map(|t| t.partitions.iter().map(|p| (t.topic.0.to_string(), *p)))
            .collect()
    });
    let results = broker
        .log_dirs()
        .into_iter()
        .map(|(health, logs)| {
            let dir = std::path::absolute(health.dir()).unwrap_or_else(|_| health.dir().into());
            let result = DescribeLogDirsResult::default()
                .with_log_dir(str_bytes(&dir.display().to_string()));
            if !health.is_online() {
                return result.with_error_code(ResponseError::KafkaStorageError.code());
            }
            let (total_bytes, usable_bytes) =
                kt_storage::file_system_space(&dir).unwrap_or((-1, -1));
            result
                .with_topics(topics(&logs, wanted.as_ref()))
                .with_total_bytes(total_bytes)
                .with_usable_bytes(usable_bytes)
        })
        .collect();
    DescribeLogDirsResponse::default().with_results(results)
}

/// The logs among `logs` that were asked for, grouped by topic.
fn topics(
    logs: &[Arc<PartitionLog>],
    wanted: Option<&BTreeSet<(String, i32)>>,
) -> Vec<DescribeLogDirsTopic> {
    let mut by_topic: BTreeMap<&str, Vec<&PartitionLog>> = BTreeMap::new();
    for log in logs {
        let asked = wanted.is_none_or(|w| w.contains(&(log.topic().to_string(), log.partition())));
        if asked {
            by_topic.entry(log.topic()).or_default().push(log);
        }
    }
    by_topic
        .into_iter()
        .map(|(topic, mut logs)| {
            logs.sort_by_key(|log| log.partition());
            DescribeLogDirsTopic::default()
                .with_name(TopicName(str_bytes(topic)))
                .with_partitions(
                    logs.into_iter()
                        .map(|log| {
                            DescribeLogDirsPartition::default()
                                .with_partition_index(log.partition())
                                .with_partition_size(log.size_in_bytes() as i64)
                                // One replica: the high watermark is the log end offset.
                                .with_offset_lag(0)
                                .with_is_future_key(false)
                        })
                        .collect(),
                )
        })
        .collect()
}
