//! This broker's roles for the partitions it holds, taken from the cluster's view each time
//! it changes (ZooKeeper watches; Kafka's LeaderAndIsr is later work): a leader stamps its
//! leader epoch on what it appends and, with followers, keeps their state.

use std::collections::BTreeMap;
use std::sync::Arc;

use kt_base::clock::now_ms;

use super::fetcher::FollowTarget;
use super::leader::maybe_advance_high_watermark;
use super::PartitionReplicas;
use crate::cluster::ClusterView;
use crate::state::Broker;

/// Brings every local partition's leader state in line with `view`, and hands the
/// partitions this broker follows (their leader live) to the replica fetchers.
pub fn apply(broker: &Broker, view: &ClusterView) {
    let me = broker.id();
    let mut follow = BTreeMap::new();
    for (name, topic) in broker.topics().iter() {
        let Some(assignment) = view.topics.get(name) else {
            continue;
        };
        for partition in &topic.partitions {
            let state = assignment.states.get(&partition.index);
            let replicas = assignment
                .replicas
                .get(&partition.index)
                .map_or(&[][..], |r| r.as_slice());
            let Some(state) = state.filter(|s| s.leader == me) else {
                partition.set_leadership(None);
                if let Some(s) = state.filter(|s| view.brokers.contains_key(&s.leader)) {
                    follow.insert(
                        (name.clone(), partition.index),
                        FollowTarget {
                            partition: partition.clone(),
                            leader: s.leader,
                            leader_epoch: s.leader_epoch,
                        },
                    );
                }
                continue;
            };
            partition.log.set_leader_epoch(state.leader_epoch);
            if replicas.len() < 2 {
                partition.set_leadership(None);
                partition.log.follow_log_end();
                continue;
            }
            match partition.leadership() {
                Some(current) if current.leader_epoch() == state.leader_epoch => {
                    if current.isr() != state.isr {
                        current.set_isr(&state.isr);
                    }
                }
                _ => {
                    // The epoch starts at the log end now, not at its first batch: followers
                    // and consumers of the previous epoch learn where it ended here, and a
                    // follower joins the ISR only past that point.
                    if let Err(e) = partition.log.begin_leader_epoch(state.leader_epoch) {
                        tracing::error!(
                            "[Partition {name}-{} broker={me}] recording leader epoch {}: {e}",
                            partition.index,
                            state.leader_epoch
                        );
                    }
                    // A new leader keeps the high watermark it had as a follower; a log that
                    // never had one promises nothing beyond its start until the ISR fetched.
                    partition
                        .log
                        .advance_high_watermark(partition.log.log_start_offset());
                    tracing::info!(
                        "[Partition {name}-{} broker={me}] leader in epoch {} with replicas \
                         {replicas:?} and ISR {:?}; high watermark {}",
                        partition.index,
                        state.leader_epoch,
                        state.isr,
                        partition.log.high_watermark()
                    );
                    partition.set_leadership(Some(Arc::new(PartitionReplicas::new(
                        me,
                        state.leader_epoch,
                        replicas,
                        &state.isr,
                        now_ms(),
                    ))));
                }
            }
            maybe_advance_high_watermark(partition);
        }
    }
    if let Some(fetchers) = broker.fetchers() {
        fetchers.assign(follow);
    }
}
