//! The controller's side of ControlledShutdown (Kafka 3.9's `doControlledShutdown`): every
//! partition the stopping broker leads gets a new leader from the rest of its live ISR (Kafka's
//! ControlledShutdownPartitionLeaderElectionStrategy), and it leaves the ISR of the partitions
//! it follows, each a new leader epoch, so clients and followers move before it goes. What it
//! still leads (no other live ISR member) is answered back as remaining partitions; partitions
//! with a single replica are left alone, as Kafka's `partitionsToActOn` and
//! `partitionLeadersOnBroker` leave them.
//!
//! From its ControlledShutdown until its registration goes, the broker is shutting down
//! ([`ShuttingDownBrokers`]): it neither leads nor rejoins an ISR, as Kafka's controller keeps
//! `shuttingDownBrokerIds` out of its live brokers.

use std::collections::BTreeMap;

use zookeeper_client::{Client, Error as ZkError};

use super::link::{fenced, zk, Epoch};
use super::znodes::{decode_state, encode_state, state_path, CONTROLLER_EPOCH};
use super::{ClusterError, ClusterView, PartitionState};

/// The brokers that asked this controller for a controlled shutdown, by the broker epoch they
/// had then. Kafka's `shuttingDownBrokerIds`: such a broker is no candidate for leadership and
/// AlterPartition may not add it to an ISR (INELIGIBLE_REPLICA, KIP-841), so a broker on its way
/// down does not rejoin the ISRs it was just taken out of (its followers' acks=all produces
/// would then wait for a broker that is about to go). A broker leaves the set when its
/// registration goes or is replaced (a new epoch); a new controller starts with none.
#[derive(Debug, Default)]
pub(super) struct ShuttingDownBrokers {
    epochs: BTreeMap<i32, i64>,
}

impl ShuttingDownBrokers {
    /// Marks `broker` (registered in `view`) as shutting down.
    pub(super) fn insert(&mut self, view: &ClusterView, broker: i32) {
        if let Some(epoch) = view.broker_epochs.get(&broker) {
            self.epochs.insert(broker, *epoch);
        }
    }

    /// Forgets the brokers whose registration in `view` is gone or is a new one.
    pub(super) fn keep_registered(&mut self, view: &ClusterView) {
        self.epochs
            .retain(|id, epoch| view.broker_epochs.get(id) == Some(epoch));
    }

    /// Forgets every broker (this broker is no longer the controller).
    pub(super) fn clear(&mut self) {
        self.epochs.clear();
    }

    /// Whether `broker` is shutting down.
    pub(super) fn contains(&self, broker: i32) -> bool {
        self.epochs.contains_key(&broker)
    }

    /// Kafka's `isReplicaOnline` (shutting-down brokers excluded, its default): `broker` is
    /// registered in `view` and not shutting down. Every election but the controlled
    /// shutdown's own takes its candidates from such brokers, and an ISR may only grow by them.
    pub(super) fn online(&self, view: &ClusterView, broker: i32) -> bool {
        view.brokers.contains_key(&broker) && !self.contains(broker)
    }
}

/// Moves leaderships and ISR memberships off `broker`; returns the partitions it still leads.
pub(super) async fn shut_down(
    client: &Client,
    view: &ClusterView,
    fence: Epoch,
    broker: i32,
    shutting_down: &ShuttingDownBrokers,
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
            if !move_off(
                client,
                view,
                fence,
                shutting_down,
                broker,
                topic,
                *p,
                replicas,
            )
            .await?
            {
                remaining.push((topic.clone(), *p));
            }
        }
    }
    Ok(remaining)
}

/// One partition, against its state znode as it is now (retried when it changed meanwhile).
/// Returns false when `broker` still leads it.
#[allow(clippy::too_many_arguments)]
async fn move_off(
    client: &Client,
    view: &ClusterView,
    fence: Epoch,
    shutting_down: &ShuttingDownBrokers,
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
            .filter(|b| *b != broker && shutting_down.online(view, *b))
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

/// For the tests of the elections and checks that consult the set: brokers 0, 1 and 2
/// registered (broker `b` with epoch `100 + b`), those of `down` shutting down.
#[cfg(test)]
pub(super) fn three_brokers(down: &[i32]) -> (ClusterView, ShuttingDownBrokers) {
    let mut view = ClusterView::default();
    for b in 0..3 {
        let endpoint = super::BrokerEndpoint {
            host: "h".into(),
            port: 1,
        };
        view.brokers.insert(b, endpoint);
        view.broker_epochs.insert(b, 100 + i64::from(b));
    }
    let mut set = ShuttingDownBrokers::default();
    for b in down {
        set.insert(&view, *b);
    }
    (view, set)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn view(epochs: &[(i32, i64)]) -> ClusterView {
        ClusterView {
            broker_epochs: epochs.iter().copied().collect(),
            ..Default::default()
        }
    }

    #[test]
    fn a_broker_stays_shutting_down_until_its_registration_goes_or_is_replaced() {
        let mut set = ShuttingDownBrokers::default();
        set.insert(&view(&[(0, 10), (1, 11)]), 1);
        set.insert(&view(&[(0, 10)]), 2); // not registered: nothing to mark
        assert!(set.contains(1) && !set.contains(0) && !set.contains(2));
        set.keep_registered(&view(&[(0, 10), (1, 11)]));
        assert!(set.contains(1), "same registration: still shutting down");
        set.keep_registered(&view(&[(0, 10), (1, 42)]));
        assert!(
            !set.contains(1),
            "registered again with a new epoch: a new broker"
        );
        set.insert(&view(&[(1, 42)]), 1);
        set.keep_registered(&view(&[(0, 10)]));
        assert!(!set.contains(1), "gone: forgotten");
        set.insert(&view(&[(1, 42)]), 1);
        set.clear();
        assert!(!set.contains(1));
    }
}
