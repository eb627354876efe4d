//! The controller's side of AlterPartition (Kafka 3.9's ZooKeeper-mode `processAlterPartition`):
//! a leader proposes a new ISR for partitions it leads; the controller checks each against the
//! state znode and writes the accepted ones (conditionally on the znode's version, Kafka's
//! partition epoch, and on the controller epoch), then answers with the new state and partition
//! epoch. The brokers hear of the change through UpdateMetadata.

use kafka_protocol::error::ResponseError;
use kafka_protocol::messages::alter_partition_response::{PartitionData, TopicData};
use kafka_protocol::messages::{AlterPartitionRequest, AlterPartitionResponse, BrokerId};
use zookeeper_client::{Client, Error as ZkError};

use super::controlled_shutdown::ShuttingDownBrokers;
use super::link::{fenced, zk, Epoch};
use super::znodes::{decode_state, encode_state, state_path};
use super::{ClusterError, ClusterView, PartitionState};

/// Why an AlterPartition was refused whole.
pub fn refused(error: ResponseError) -> AlterPartitionResponse {
    AlterPartitionResponse::default().with_error_code(error.code())
}

/// Carries out one AlterPartition as the controller of `fence`.
pub(super) async fn alter(
    client: &Client,
    view: &ClusterView,
    fence: Epoch,
    request: &AlterPartitionRequest,
    shutting_down: &ShuttingDownBrokers,
) -> Result<AlterPartitionResponse, ClusterError> {
    let from = request.broker_id.0;
    if !view.brokers.contains_key(&from) {
        return Ok(refused(ResponseError::StaleBrokerEpoch));
    }
    let mut topics = Vec::new();
    for topic in &request.topics {
        let name = view
            .topics
            .iter()
            .find(|(_, a)| a.id == topic.topic_id && !a.id.is_nil())
            .map(|(n, _)| n.clone());
        let mut partitions = Vec::new();
        for p in &topic.partitions {
            let answer = match &name {
                None => Err(ResponseError::UnknownTopicId),
                Some(name) => one(client, view, fence, shutting_down, from, name, p).await?,
            };
            partitions.push(match answer {
                Ok((state, partition_epoch)) => PartitionData::default()
                    .with_partition_index(p.partition_index)
                    .with_leader_id(BrokerId(state.leader))
                    .with_leader_epoch(state.leader_epoch)
                    .with_isr(state.isr.iter().copied().map(BrokerId).collect())
                    .with_partition_epoch(partition_epoch),
                Err(e) => PartitionData::default()
                    .with_partition_index(p.partition_index)
                    .with_error_code(e.code()),
            });
        }
        topics.push(
            TopicData::default()
                .with_topic_id(topic.topic_id)
                .with_partitions(partitions),
        );
    }
    Ok(AlterPartitionResponse::default().with_topics(topics))
}

/// One partition: Kafka's checks in order, then the conditional write.
async fn one(
    client: &Client,
    view: &ClusterView,
    fence: Epoch,
    shutting_down: &ShuttingDownBrokers,
    from: i32,
    topic: &str,
    p: &kafka_protocol::messages::alter_partition_request::PartitionData,
) -> Result<Result<(PartitionState, i32), ResponseError>, ClusterError> {
    let Some(replicas) = view
        .topics
        .get(topic)
        .and_then(|a| a.replicas.get(&p.partition_index))
    else {
        return Ok(Err(ResponseError::UnknownTopicOrPartition));
    };
    let path = state_path(topic, p.partition_index);
    let (bytes, stat) = match client.get_data(&path).await {
        Ok(found) => found,
        Err(ZkError::NoNode) => return Ok(Err(ResponseError::UnknownTopicOrPartition)),
        Err(e) => return Err(zk("get", &path)(e)),
    };
    let current = decode_state(&path, &bytes)?;
    if current.leader != from {
        return Ok(Err(ResponseError::NotLeaderOrFollower));
    }
    if p.leader_epoch != current.leader_epoch {
        return Ok(Err(ResponseError::FencedLeaderEpoch));
    }
    // Version 3 names the ISR with broker epochs, earlier versions by id alone.
    let mut isr: Vec<i32> = if p.new_isr_with_epochs.is_empty() {
        p.new_isr.iter().map(|b| b.0).collect()
    } else {
        p.new_isr_with_epochs
            .iter()
            .map(|b| b.broker_id.0)
            .collect()
    };
    isr.dedup();
    if isr == current.isr {
        // Already so (a retry whose first answer was lost): the state as it is.
        return Ok(Ok((current, stat.version)));
    }
    if p.partition_epoch != stat.version {
        return Ok(Err(ResponseError::InvalidUpdateVersion));
    }
    // Kafka's `newIsr -- liveBrokerIds`: registered and not shutting down.
    let eligible = |b: &i32| {
        replicas.contains(b) && view.brokers.contains_key(b) && !shutting_down.contains(*b)
    };
    if isr.is_empty() || !isr.contains(&from) || !isr.iter().all(eligible) {
        return Ok(Err(ResponseError::IneligibleReplica));
    }
    let new = PartitionState {
        isr,
        controller_epoch: fence.epoch,
        ..current
    };
    let mut write = client.new_multi_writer();
    write
        .add_check_version(super::znodes::CONTROLLER_EPOCH, fence.zk_version)
        .and_then(|()| write.add_set_data(&path, &encode_state(&new), Some(stat.version)))
        .map_err(zk("multi", &path))?;
    match fenced(write.commit().await, &path)? {
        Ok(()) => Ok(Ok((new, stat.version + 1))),
        Err(ZkError::BadVersion) => Ok(Err(ResponseError::InvalidUpdateVersion)),
        Err(e) => Err(zk("set", &path)(e)),
    }
}
