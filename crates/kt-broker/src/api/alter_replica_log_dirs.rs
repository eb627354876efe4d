//! AlterReplicaLogDirs (v1–2: Kafka 3.9 also takes v0, the same bytes as v1, which
//! kafka-protocol 0.18 no longer decodes): moves replicas of this broker to other log
//! directories of it (kafka-reassign-partitions.sh with `log_dirs`); see
//! `state::log_dir_moves`. Answers at once, while the copy goes on in the background.

use std::collections::BTreeMap;
use std::sync::Arc;

use kafka_protocol::error::ResponseError;
use kafka_protocol::messages::alter_replica_log_dirs_response::{
    AlterReplicaLogDirPartitionResult, AlterReplicaLogDirTopicResult,
};
use kafka_protocol::messages::{AlterReplicaLogDirsRequest, AlterReplicaLogDirsResponse};

use super::RequestContext;
use crate::state::Broker;

/// Answers an error per partition, grouped by topic, as Kafka's `handleAlterReplicaLogDirsRequest`:
/// without ALTER on the cluster every partition gets CLUSTER_AUTHORIZATION_FAILED.
pub async fn handle(
    broker: &Arc<Broker>,
    request: AlterReplicaLogDirsRequest,
    ctx: &RequestContext,
) -> AlterReplicaLogDirsResponse {
    // Kafka's request keeps one directory per partition (the last one named).
    let mut wanted: BTreeMap<(String, i32), String> = BTreeMap::new();
    for dir in &request.dirs {
        for topic in &dir.topics {
            for &partition in &topic.partitions {
                wanted.insert((topic.name.0.to_string(), partition), dir.path.to_string());
            }
        }
    }
    let allowed = super::authorize_cluster(broker, ctx, super::authorize::Op::Alter);
    let mut by_topic: BTreeMap<String, Vec<AlterReplicaLogDirPartitionResult>> = BTreeMap::new();
    for ((topic, partition), dir) in wanted {
        let outcome = if allowed {
            let broker = Arc::clone(broker);
            let t = topic.clone();
            // Creating the future replica touches the disk: off the async threads.
            tokio::task::spawn_blocking(move || broker.alter_replica_log_dir(&t, partition, &dir))
                .await
                .unwrap_or(Err(ResponseError::UnknownServerError))
        } else {
            Err(ResponseError::ClusterAuthorizationFailed)
        };
        let code = outcome.err().map_or(0, |e| e.code());
        by_topic.entry(topic).or_default().push(
            AlterReplicaLogDirPartitionResult::default()
                .with_partition_index(partition)
                .with_error_code(code),
        );
    }
    AlterReplicaLogDirsResponse::default().with_results(
        by_topic
            .into_iter()
            .map(|(topic, partitions)| {
                AlterReplicaLogDirTopicResult::default()
                    .with_topic_name(kafka_protocol::messages::TopicName(super::str_bytes(
                        &topic,
                    )))
                    .with_partitions(partitions)
            })
            .collect(),
    )
}
