//! ZooKeeper mode: the group and transaction coordinators follow the leadership of their
//! partitions of `__consumer_offsets` and `__transaction_state`, as Kafka's ReplicaManager
//! calls the coordinators' `onElection`/`onResignation` from `becomeLeaderOrFollower`. The
//! leader of partition p serves the groups and transactional ids hashing to p, with p's
//! leader epoch as its coordinator epoch; every other broker answers NOT_COORDINATOR for
//! them.

use super::Broker;
use crate::cluster::ClusterView;
use crate::coordinator::{OffsetsPartition, OFFSETS_TOPIC};
use crate::txn::TXN_TOPIC;

impl Broker {
    /// Loads the internal partitions `view` makes this broker the leader of and unloads
    /// those it no longer leads. Called from [`Broker::sync_cluster`] once the partitions'
    /// roles follow `view`; a replay happens here, under the view's install lock, so no
    /// other view change overtakes it.
    pub(super) fn follow_coordinator_leadership(&self, view: &ClusterView) {
        let me = self.id();
        for name in [OFFSETS_TOPIC, TXN_TOPIC] {
            let (Some(topic), Some(assignment)) = (self.topic(name), view.topics.get(name)) else {
                continue;
            };
            let count = assignment.partition_count();
            if name == OFFSETS_TOPIC {
                self.groups.set_partition_count(count);
            } else {
                self.txns.set_partition_count(count);
            }
            for index in 0..count {
                let led = assignment.states.get(&index).filter(|s| s.leader == me);
                let local = topic.partitions.iter().find(|p| p.index == index);
                match (led, local) {
                    (Some(state), Some(p)) if !p.is_deleted() => {
                        let partition = OffsetsPartition {
                            index,
                            log: p.log.clone(),
                            appended: p.appended.clone(),
                            epoch: state.leader_epoch.max(0),
                        };
                        let loaded = if name == OFFSETS_TOPIC {
                            self.groups.elect(partition).map_err(|e| e.to_string())
                        } else {
                            self.txns.elect(partition).map_err(|e| format!("{e:?}"))
                        };
                        if let Err(e) = loaded {
                            tracing::error!("loading {name}-{index} failed: {e}");
                        }
                    }
                    _ if name == OFFSETS_TOPIC => self.groups.resign(index),
                    _ => self.txns.resign(index),
                }
            }
        }
    }
}

/// How long a transaction coordinator's write waits for the ISR: Kafka's transaction
/// coordinator appends with `request.timeout.ms` (30 s by default).
const TXN_LOG_APPEND_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(30);

impl Broker {
    /// Waits until what the coordinator has appended to `key`'s partition of `topic`
    /// (`__consumer_offsets` for a group, `__transaction_state` for a transactional id) is
    /// held by the partition's ISR: Kafka's coordinators append with acks=all, so an offset
    /// commit or a transaction's state change is answered only once it would survive the
    /// loss of its leader. Waits in the delayed-produce purgatory for everything in the log
    /// now (the coordinator's own records end there), at most `offsets.commit.timeout.ms`
    /// for groups and `request.timeout.ms` for transactions. Errors as Kafka's coordinators
    /// map them: NOT_COORDINATOR when this broker lost the leadership, else
    /// COORDINATOR_NOT_AVAILABLE.
    pub async fn replicate_coordinator_write(
        &self,
        topic: &str,
        key: &str,
    ) -> Result<(), crate::coordinator::GroupError> {
        use crate::coordinator::GroupError;
        use crate::replication::delayed_produce;
        use kafka_protocol::error::ResponseError;
        let (index, timeout) = if topic == OFFSETS_TOPIC {
            let timeout = self.config.groups.offsets_commit_timeout_ms.max(1) as u64;
            (
                self.groups.offsets_partition_of(key),
                std::time::Duration::from_millis(timeout),
            )
        } else {
            (self.txns.partition_for(key), TXN_LOG_APPEND_TIMEOUT)
        };
        let Some(partition) = index.and_then(|i| self.partition(topic, i)) else {
            return Ok(());
        };
        let required = partition.log.log_end_offset();
        let pending = delayed_produce::Pending::new(self, partition, required);
        let outcome = delayed_produce::wait(std::slice::from_ref(&pending), timeout).await;
        match outcome.into_iter().next().unwrap_or(Ok(())) {
            Ok(()) => Ok(()),
            Err(ResponseError::NotLeaderOrFollower) | Err(ResponseError::KafkaStorageError) => {
                Err(GroupError::NotCoordinator)
            }
            Err(e) => {
                tracing::warn!(
                    "a coordinator write to {topic}-{} was not replicated: {e:?}",
                    pending.partition.index
                );
                Err(GroupError::CoordinatorNotAvailable)
            }
        }
    }
}
