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

/// What the controller makes of one partition of an AlterPartition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Decision {
    /// Refused with this error.
    Refused(ResponseError),
    /// The state asked for is the state already (a retry whose first answer was lost): it is
    /// answered as it is.
    AlreadySo,
    /// This new state is to be written over the version the request named.
    Write(PartitionState),
}

/// Kafka's checks of one partition's proposal, in its order, against the partition's
/// `replicas`, its `current` state and that state's znode `version` (the partition epoch).
/// `online` is Kafka's `liveBrokerIds` (registered, not shutting down): a new ISR naming any
/// other broker is INELIGIBLE_REPLICA (KIP-841), so a broker in a controlled shutdown, taken
/// out of the ISRs by the controller, is not put back by a leader that sees it caught up.
pub(super) fn decide(
    from: i32,
    p: &kafka_protocol::messages::alter_partition_request::PartitionData,
    replicas: &[i32],
    current: &PartitionState,
    version: i32,
    controller_epoch: i32,
    online: impl Fn(i32) -> bool,
) -> Decision {
    if current.leader != from {
        return Decision::Refused(ResponseError::NotLeaderOrFollower);
    }
    if p.leader_epoch != current.leader_epoch {
        return Decision::Refused(ResponseError::FencedLeaderEpoch);
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
        return Decision::AlreadySo;
    }
    if p.partition_epoch != version {
        return Decision::Refused(ResponseError::InvalidUpdateVersion);
    }
    let eligible = |b: &i32| replicas.contains(b) && online(*b);
    if isr.is_empty() || !isr.contains(&from) || !isr.iter().all(eligible) {
        let ineligible: Vec<i32> = isr.iter().copied().filter(|b| !eligible(b)).collect();
        tracing::info!(
            "Rejecting AlterPartition request from node {from} because it specified \
             ineligible replicas {ineligible:?} in the new ISR {isr:?}."
        );
        return Decision::Refused(ResponseError::IneligibleReplica);
    }
    Decision::Write(PartitionState {
        isr,
        controller_epoch,
        ..current.clone()
    })
}

/// One partition: its state read, [`decide`]d on, and the conditional write.
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
    let online = |b| shutting_down.online(view, b);
    let new = match decide(
        from,
        p,
        replicas,
        &current,
        stat.version,
        fence.epoch,
        online,
    ) {
        Decision::Refused(e) => return Ok(Err(e)),
        Decision::AlreadySo => return Ok(Ok((current, stat.version))),
        Decision::Write(new) => new,
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

#[cfg(test)]
mod tests {
    use super::super::controlled_shutdown::three_brokers as view_and_set;
    use super::*;
    use kafka_protocol::messages::alter_partition_request::{BrokerState, PartitionData};

    /// Leader 0's proposal of `isr` at leader epoch 4 over partition epoch 7, by version 3's
    /// brokers-with-epochs (`with_epochs`) or the older list of ids.
    fn proposal(isr: &[i32], with_epochs: bool) -> PartitionData {
        let p = PartitionData::default()
            .with_leader_epoch(4)
            .with_partition_epoch(7);
        if with_epochs {
            p.with_new_isr_with_epochs(
                isr.iter()
                    .map(|b| BrokerState::default().with_broker_id(BrokerId(*b)))
                    .collect(),
            )
        } else {
            p.with_new_isr(isr.iter().copied().map(BrokerId).collect())
        }
    }

    fn current() -> PartitionState {
        // Broker 2 left the ISR (a controlled shutdown took it out).
        PartitionState {
            leader: 0,
            leader_epoch: 4,
            isr: vec![0, 1],
            controller_epoch: 3,
        }
    }

    #[test]
    fn a_new_isr_naming_a_broker_shutting_down_is_ineligible() {
        let replicas = [0, 1, 2];
        let (view, set) = view_and_set(&[2]);
        let online = |b| set.online(&view, b);
        for with_epochs in [false, true] {
            // The leader sees broker 2 caught up and asks to add it back: refused.
            let d = decide(
                0,
                &proposal(&[0, 1, 2], with_epochs),
                &replicas,
                &current(),
                7,
                5,
                online,
            );
            assert_eq!(d, Decision::Refused(ResponseError::IneligibleReplica));
            assert_eq!(ResponseError::IneligibleReplica.code(), 107);
        }
        // Shrinking, or naming only online brokers, is accepted.
        let d = decide(
            0,
            &proposal(&[0], true),
            &replicas,
            &current(),
            7,
            5,
            online,
        );
        assert_eq!(
            d,
            Decision::Write(PartitionState {
                isr: vec![0],
                controller_epoch: 5,
                ..current()
            })
        );
        // The same proposal once broker 2 is no longer shutting down (it restarted, a new
        // registration): accepted.
        let (view, set) = view_and_set(&[]);
        let online = |b| set.online(&view, b);
        let d = decide(
            0,
            &proposal(&[0, 1, 2], true),
            &replicas,
            &current(),
            7,
            5,
            online,
        );
        assert!(
            matches!(d, Decision::Write(ref s) if s.isr == vec![0, 1, 2]),
            "{d:?}"
        );
    }

    #[test]
    fn the_other_checks_come_first_in_kafkas_order() {
        let replicas = [0, 1, 2];
        let (view, set) = view_and_set(&[2]);
        let online = |b| set.online(&view, b);
        let asking = proposal(&[0, 1, 2], true);
        assert_eq!(
            decide(1, &asking, &replicas, &current(), 7, 5, online),
            Decision::Refused(ResponseError::NotLeaderOrFollower)
        );
        let stale_leader = asking.clone().with_leader_epoch(3);
        assert_eq!(
            decide(0, &stale_leader, &replicas, &current(), 7, 5, online),
            Decision::Refused(ResponseError::FencedLeaderEpoch)
        );
        assert_eq!(
            decide(0, &asking, &replicas, &current(), 8, 5, online),
            Decision::Refused(ResponseError::InvalidUpdateVersion)
        );
        // The ISR as it is: answered as it is, whatever the partition epoch.
        assert_eq!(
            decide(
                0,
                &proposal(&[0, 1], false),
                &replicas,
                &current(),
                8,
                5,
                online
            ),
            Decision::AlreadySo
        );
        // Not a replica, or without the leader: ineligible too.
        let (view, set) = view_and_set(&[]);
        let online = |b| set.online(&view, b);
        assert_eq!(
            decide(
                0,
                &proposal(&[0, 1], true),
                &[0, 1],
                &current(),
                8,
                5,
                online
            ),
            Decision::AlreadySo
        );
        assert_eq!(
            decide(
                0,
                &proposal(&[1, 2], true),
                &replicas,
                &current(),
                7,
                5,
                online
            ),
            Decision::Refused(ResponseError::IneligibleReplica)
        );
        assert_eq!(
            decide(
                0,
                &proposal(&[0, 2], true),
                &[0, 1],
                &current(),
                7,
                5,
                online
            ),
            Decision::Refused(ResponseError::IneligibleReplica)
        );
    }
}
