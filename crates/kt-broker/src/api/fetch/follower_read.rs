//! Fetch from follower (KIP-392): a leader configured with Kafka's rack-aware replica
//! selector points a consumer at an in-sync replica in the consumer's rack (the preferred
//! read replica), and a follower serves such a consumer's fetches up to its own high
//! watermark.
//!
//! As Kafka: only consumers (replica id -1) fetching with version 11 or later carry the
//! client metadata (`rack_id`) this needs; without `replica.selector.class` a leader never
//! names a preferred replica.

use std::sync::Arc;

use kafka_protocol::error::ResponseError;
use kt_base::clock::now_ms;

use crate::state::{Broker, Partition};

/// The selector class Kafka ships, the only one kt knows.
pub const RACK_AWARE_SELECTOR: &str = "org.apache.kafka.common.replica.RackAwareReplicaSelector";

/// The first Fetch version with client metadata (`rack_id`): from it a consumer may read a
/// follower.
pub const FIRST_FOLLOWER_READ_VERSION: i16 = 11;

/// Whether this broker (as leader) chooses preferred read replicas: its
/// `replica.selector.class` is the rack-aware selector.
pub fn selector_enabled(broker: &Broker) -> bool {
    broker
        .config()
        .properties
        .get("replica.selector.class")
        .is_some_and(|class| class.trim() == RACK_AWARE_SELECTOR)
}

/// One replica the selector may choose.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    /// The broker holding it.
    pub broker: i32,
    /// Its `broker.rack`, None without one.
    pub rack: Option<String>,
    /// Its log end offset as the leader knows it.
    pub log_end_offset: i64,
    /// How long since it was last caught up with the leader (0 for the leader).
    pub since_caught_up_ms: i64,
}

/// Kafka's `RackAwareReplicaSelector.select` followed by the replica manager's rule that the
/// leader itself is never sent out: a replica in the client's rack, the leader when it is
/// in that rack, else the most caught up one (highest log end, then most recently caught
/// up, then highest id). None means no preference: read from the leader.
pub fn select(client_rack: &str, leader: &Candidate, followers: &[Candidate]) -> Option<i32> {
    if client_rack.is_empty() {
        return None;
    }
    let in_rack = |c: &&Candidate| c.rack.as_deref() == Some(client_rack);
    if in_rack(&leader) {
        return None;
    }
    followers
        .iter()
        .filter(in_rack)
        .max_by(|a, b| {
            a.log_end_offset
                .cmp(&b.log_end_offset)
                .then(b.since_caught_up_ms.cmp(&a.since_caught_up_ms))
                .then(a.broker.cmp(&b.broker))
        })
        .map(|c| c.broker)
}

/// The preferred read replica for a consumer fetching `partition` (which this broker leads)
/// from `fetch_offset` (Kafka's `findPreferredReadReplica`): only in-sync followers holding
/// the fetch offset, reachable on the client's `listener`, are candidates.
pub fn preferred_read_replica(
    broker: &Broker,
    partition: &Partition,
    listener: &str,
    client_rack: &str,
    fetch_offset: i64,
) -> Option<i32> {
    if client_rack.is_empty() || !selector_enabled(broker) {
        return None;
    }
    let replicas = partition.leadership()?;
    let view = broker.view();
    let rack = |id: i32| view.racks.get(&id).cloned();
    let now = now_ms();
    let leader = Candidate {
        broker: broker.id(),
        rack: rack(broker.id()),
        log_end_offset: partition.log.log_end_offset(),
        since_caught_up_ms: 0,
    };
    let isr = replicas.isr();
    let followers: Vec<Candidate> = replicas
        .replicas()
        .iter()
        .copied()
        .filter(|id| *id != broker.id() && isr.contains(id))
        .filter(|id| view.broker_on(*id, listener).is_some())
        .filter_map(|id| {
            let state = replicas.follower(id)?;
            (state.log_end_offset >= fetch_offset).then(|| Candidate {
                broker: id,
                rack: rack(id),
                log_end_offset: state.log_end_offset,
                since_caught_up_ms: now - state.last_caught_up_ms,
            })
        })
        .collect();
    select(client_rack, &leader, &followers)
}

/// The partition a consumer reads from this broker as a follower (Kafka lets a consumer
/// with client metadata read any replica): this broker must be one of its assigned
/// replicas and hold it, and the consumer's leader epoch is checked against the one this
/// broker knows, as the leader checks it.
pub fn following_at_epoch(
    broker: &Broker,
    topic: &str,
    index: i32,
    current_leader_epoch: i32,
) -> Result<Arc<Partition>, ResponseError> {
    let view = broker.view();
    let assignment = view
        .topics
        .get(topic)
        .ok_or(ResponseError::UnknownTopicOrPartition)?;
    let replicas = assignment
        .replicas
        .get(&index)
        .ok_or(ResponseError::UnknownTopicOrPartition)?;
    if !replicas.contains(&broker.id()) || broker.replica_offline(topic, index) {
        return Err(ResponseError::NotLeaderOrFollower);
    }
    let partition = broker
        .partition(topic, index)
        .ok_or(ResponseError::NotLeaderOrFollower)?;
    let epoch = assignment.states.get(&index).map_or(0, |s| s.leader_epoch);
    match current_leader_epoch {
        -1 => Ok(partition),
        e if e < epoch => Err(ResponseError::FencedLeaderEpoch),
        e if e > epoch => Err(ResponseError::UnknownLeaderEpoch),
        _ => Ok(partition),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn candidate(broker: i32, rack: &str, end: i64, since: i64) -> Candidate {
        Candidate {
            broker,
            rack: Some(rack.to_string()),
            log_end_offset: end,
            since_caught_up_ms: since,
        }
    }

    #[test]
    fn a_follower_in_the_clients_rack_is_preferred() {
        let leader = candidate(1, "a", 10, 0);
        let followers = [candidate(2, "b", 10, 5), candidate(3, "c", 10, 5)];
        assert_eq!(select("b", &leader, &followers), Some(2));
        assert_eq!(select("c", &leader, &followers), Some(3));
    }

    #[test]
    fn the_leader_in_the_rack_no_rack_or_no_match_means_no_preference() {
        let leader = candidate(1, "a", 10, 0);
        let followers = [candidate(2, "a", 10, 0), candidate(3, "c", 10, 0)];
        assert_eq!(select("a", &leader, &followers), None);
        assert_eq!(select("", &leader, &followers), None);
        assert_eq!(select("z", &leader, &followers), None);
    }

    #[test]
    fn the_most_caught_up_follower_of_the_rack_wins() {
        let leader = candidate(1, "a", 10, 0);
        let followers = [
            candidate(2, "b", 9, 0),
            candidate(3, "b", 10, 50),
            candidate(4, "b", 10, 20),
        ];
        assert_eq!(select("b", &leader, &followers), Some(4));
        let tied = [candidate(2, "b", 10, 0), candidate(3, "b", 10, 0)];
        assert_eq!(select("b", &leader, &tied), Some(3));
    }
}
