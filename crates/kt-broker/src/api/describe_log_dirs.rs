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
    let futures = broker.future_log_dirs();
    let results = broker
        .log_dirs()
        .into_iter()
        .zip(futures)
        .map(|((health, logs), (_, futures))| {
            let dir = std::path::absolute(health.dir()).unwrap_or_else(|_| health.dir().into());
            let result = DescribeLogDirsResult::default()
                .with_log_dir(str_bytes(&dir.display().to_string()));
            if !health.is_online() {
                return result.with_error_code(ResponseError::KafkaStorageError.code());
            }
            let (total_bytes, usable_bytes) =
                kt_storage::file_system_space(&dir).unwrap_or((-1, -1));
            result
                .with_topics(topics(broker, &logs, &futures, wanted.as_ref()))
                .with_total_bytes(total_bytes)
                .with_usable_bytes(usable_bytes)
        })
        .collect();
    DescribeLogDirsResponse::default().with_results(results)
}

/// The logs and future replicas among `logs` and `futures` (one directory's) that were asked
/// for, grouped by topic.
fn topics(
    broker: &Broker,
    logs: &[Arc<PartitionLog>],
    futures: &[Arc<PartitionLog>],
    wanted: Option<&BTreeSet<(String, i32)>>,
) -> Vec<DescribeLogDirsTopic> {
    let mut by_topic: BTreeMap<&str, Vec<(&PartitionLog, bool)>> = BTreeMap::new();
    let all = logs
        .iter()
        .map(|l| (l, false))
        .chain(futures.iter().map(|f| (f, true)));
    for (log, future) in all {
        let asked = wanted.is_none_or(|w| w.contains(&(log.topic().to_string(), log.partition())));
        if asked {
            by_topic
                .entry(log.topic())
                .or_default()
                .push((log.as_ref(), future));
        }
    }
    by_topic
        .into_iter()
        .map(|(topic, mut logs)| {
            logs.sort_by_key(|(log, future)| (log.partition(), *future));
            DescribeLogDirsTopic::default()
                .with_name(TopicName(str_bytes(topic)))
                .with_partitions(
                    logs.into_iter()
                        .map(|(log, future)| {
                            DescribeLogDirsPartition::default()
                                .with_partition_index(log.partition())
                                .with_partition_size(log.size_in_bytes() as i64)
                                .with_offset_lag(offset_lag(broker, log, future))
                                .with_is_future_key(future)
                        })
                        .collect(),
                )
        })
        .collect()
}

/// Kafka's `getLogEndOffsetLag`: a future replica's distance to its current log's end; a
/// log's to its high watermark (0 for a leader, whose high watermark is at most its end).
fn offset_lag(broker: &Broker, log: &PartitionLog, future: bool) -> i64 {
    let end = log.log_end_offset();
    if future {
        return broker
            .log_end_offset_of(log.topic(), log.partition())
            .map_or(0, |current| (current - end).max(0));
    }
    (log.high_watermark() - end).max(0)
}
