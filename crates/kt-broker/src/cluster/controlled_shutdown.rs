//! The controller's side of ControlledShutdown (Kafka 3.9's `doControlledShutdown`): every
//! partition the stopping broker leads gets a new leader from the rest of its live ISR (Kafka's
//! ControlledShutdownPartitionLeaderElectionStrategy), and it leaves the ISR of the partitions
//! it follows, each a new leader epoch, so clients and followers move before it goes. What it
//! still leads (no other live ISR member) is answered back as remaining partitions; partitions
//! with a single replica are left alone, as Kafka's `partitionsToActOn` and
//! `partitionLeadersOnBroker` leave them.

use zookeeper_client::{Client, Error as ZkError};

use super::link::{fenced, zk, Epoch};
use super::znodes::{decode_state, encode_state, state_path, CONTROLLER_EPOCH};
use super::{ClusterError, ClusterView, PartitionState};

/// Moves leaderships and ISR memberships off `broker`; returns the partitions it still leads.
pub(super) async fn shut_down(
    client: &Client,
    view: &ClusterView,
    fence: Epoch,
    broker: i32,
) -> Result<Vec<(String, i32)>, ClusterError> {
    let mut remaining = Vec::new();
    for (topic, assignment) in &view.topics {
        if view.deleting.contains(topic) {
            continue;
        }
        for (p, replicas) in &assignment.replicas {
            // A partition with one replica has nowhere to go; Kafka leaves it out (it would
            // otherwise hold every stop for the retries), and so does kt.
            if !replicas.contains(&broker) || replicas.len() <= 1 {
                continue;
            }
            if !move_off(client, view, fence, broker, topic, *p, replicas).await? {
                remaining.push((topic.clone(), *p));
            }
        }
    }
    Ok(remaining)
}

/// One partition, against its state znode as it is now (retried when it changed meanwhile).
/// Returns false when `broker` still leads it.
async fn move_off(
    client: &Client,
    view: &ClusterView,
    fence: Epoch,
    broker: i32,
    topic: &str,
    partition: i32,
    replicas: &[i32],
) -> Result<bool, ClusterError> {
    let path = state_path(topic, partition);
    loop {
        let (bytes, stat) = match client.get_data(&path).await {
            Ok(found) => found,
            Err(ZkError::NoNode) => return Ok(true),
            Err(e) => return Err(zk("get", &path)(e)),
        };
        let state = decode_state(&path, &bytes)?;
        let others: Vec<i32> = state
            .isr
            .iter()
            .copied()
            .filter(|b| *b != broker && view.brokers.contains_key(b))
            .collect();
        let new = if state.leader == broker {
            // The first live replica (preference order) of the rest of the ISR leads.
            let Some(leader) = replicas.iter().copied().find(|r| others.contains(r)) else {
                return Ok(false);
            };
            PartitionState {
                leader,
                leader_epoch: state.leader_epoch + 1,
                isr: others,
                controller_epoch: fence.epoch,
            }
        } else if state.isr.contains(&broker) && !others.is_empty() {
            PartitionState {
                leader_epoch: state.leader_epoch + 1,
                isr: others,
                controller_epoch: fence.epoch,
                ..state.clone()
            }
        } else {
            return Ok(true);
        };
        let mut write = client.new_multi_writer();
        write
            .add_check_version(CONTROLLER_EPOCH, fence.zk_version)
            .and_then(|()| write.add_set_data(&path, &encode_state(&new), Some(stat.version)))
            .map_err(zk("multi", &path))?;
        match fenced(write.commit().await, &path)? {
            Ok(()) => {
                tracing::info!(
                    "[Controller epoch={}] Controlled shutdown of broker {broker}: partition \
                     {topic}-{partition} now led by {} in epoch {} with ISR {:?}",
                    fence.epoch,
                    new.leader,
                    new.leader_epoch,
                    new.isr
                );
                return Ok(true);
            }
            Err(ZkError::BadVersion) => continue,
            Err(e) => return Err(zk("set", &path)(e)),
        }
    }
}
