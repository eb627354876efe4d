//! The leader's side of replication: which fetches come from followers, what they may
//! read, and the high watermark their fetches (and appends) move.

use std::time::Duration;

use kafka_protocol::error::ResponseError;
use kt_base::clock::now_ms;

use crate::state::{Broker, Partition};

/// Whether `replica_id` may fetch `topic`-`index` as a follower: it must be one of the
/// partition's assigned replicas. As Kafka's `followerReplicaOrThrow`: a stranger that
/// named the current leader epoch gets UNKNOWN_LEADER_EPOCH (it may be a replica this leader
/// has not heard of yet), one that did not NOT_LEADER_OR_FOLLOWER.
pub fn check_follower(
    broker: &Broker,
    topic: &str,
    index: i32,
    replica_id: i32,
    current_leader_epoch: i32,
) -> Result<(), ResponseError> {
    let view = broker.view();
    let is_replica = view
        .topics
        .get(topic)
        .and_then(|t| t.replicas.get(&index))
        .is_some_and(|r| r.contains(&replica_id));
    match (is_replica, current_leader_epoch) {
        (true, _) => Ok(()),
        (false, -1) => Err(ResponseError::NotLeaderOrFollower),
        (false, _) => Err(ResponseError::UnknownLeaderEpoch),
    }
}

/// Records that `follower` fetched `partition` from `fetch_offset` (it holds everything
/// below), then moves the high watermark if that allows it.
pub fn record_follower_fetch(partition: &Partition, follower: i32, fetch_offset: i64) {
    let Some(replicas) = partition.leadership() else {
        return;
    };
    let leader_end = partition.log.log_end_offset();
    // An offset past the leader's end is answered OFFSET_OUT_OF_RANGE and proves nothing.
    if fetch_offset > leader_end {
        return;
    }
    replicas.record_fetch(follower, fetch_offset, leader_end, now_ms());
    maybe_advance_high_watermark(partition);
}

/// Raises the partition's high watermark to the smallest log end offset in the ISR, when
/// this broker leads it with followers; wakes the fetches waiting for records to become
/// visible. Returns whether it moved. Called after every append and follower fetch.
pub fn maybe_advance_high_watermark(partition: &Partition) -> bool {
    let Some(replicas) = partition.leadership() else {
        return false;
    };
    let Some(hw) = replicas.high_watermark(partition.log.log_end_offset()) else {
        return false;
    };
    let moved = partition.log.advance_high_watermark(hw);
    if moved {
        partition.appended.notify_waiters();
    }
    moved
}

/// The partitions of a follower's request that this broker has not caught up with yet: (topic,
/// partition, the requester's epoch). Either it holds the partition and the request names a
/// newer leader epoch, or its view has no such partition at all: a partition just created,
/// whose LeaderAndIsr reached the follower first (Kafka's follower would get
/// UNKNOWN_TOPIC_OR_PARTITION and back off a second, and every acks=all produce to the new
/// partition would wait that second). A partition the view knows and this broker does not
/// hold is not waited for: that answer is final. Empty (nothing allocated) in the usual case.
/// `wanted`: (topic, partition, the requester's current leader epoch).
pub fn newer_leader_epochs<'a>(
    broker: &Broker,
    wanted: impl IntoIterator<Item = (&'a str, i32, i32)>,
) -> Vec<(String, i32, i32)> {
    let Some(cluster) = broker.cluster() else {
        return Vec::new();
    };
    let view = cluster.view();
    wanted
        .into_iter()
        .filter(|&(topic, index, epoch)| {
            match view.topics.get(topic).and_then(|t| t.states.get(&index)) {
                None => true,
                Some(state) => {
                    epoch > state.leader_epoch && broker.partition(topic, index).is_some()
                }
            }
        })
        .map(|(topic, index, epoch)| (topic.to_string(), index, epoch))
        .collect()
}

/// Holds a follower's request that names a leader epoch newer than this broker knows, or a
/// partition it has not heard of (`ahead`, from [`newer_leader_epochs`]), until this broker has
/// taken in those epochs too (its log is there by then: logs change before the view), or
/// `bound` passes.
///
/// The controller's new partition state reaches every replica at about the same moment (its
/// LeaderAndIsr, and the state znode's watch), so a follower can start fetching from its new
/// leader a few milliseconds before that leader has made itself one. Answered at once, the
/// request would get UNKNOWN_LEADER_EPOCH and the follower would back off
/// `replica.fetch.backoff.ms` (1 s) before trying again, as Kafka's fetcher does; meanwhile
/// the new leader's high watermark cannot move, and every acks=all produce to it waits (a
/// controlled shutdown's pause). Held here, the request is answered as soon as the leader
/// has caught up, and still UNKNOWN_LEADER_EPOCH if it does not within `bound`.
///
/// A partition the view does not have may also be one just deleted, which the follower has
/// not taken in yet; the whole request waits with it, so that wait is shorter
/// ([`UNHEARD_PARTITION_WAIT`]): a new partition's state reaches the brokers within
/// milliseconds of each other.
pub async fn await_leader_epochs(broker: &Broker, ahead: Vec<(String, i32, i32)>, bound: Duration) {
    let Some(cluster) = broker.cluster() else {
        return;
    };
    if ahead.is_empty() || bound.is_zero() {
        return;
    }
    let state = |view: &crate::cluster::ClusterView, topic: &str, index: i32| {
        view.topics
            .get(topic)
            .and_then(|t| t.states.get(&index))
            .map(|s| s.leader_epoch)
    };
    let unheard = {
        let view = cluster.view();
        ahead.iter().any(|(t, i, _)| state(&view, t, *i).is_none())
    };
    let bound = if unheard {
        bound.min(UNHEARD_PARTITION_WAIT)
    } else {
        bound
    };
    let caught_up = |view: &crate::cluster::ClusterView| {
        ahead
            .iter()
            .all(|(topic, index, epoch)| state(view, topic, *index).is_some_and(|e| e >= *epoch))
    };
    cluster.wait_for(bound, caught_up).await;
}

/// How long a follower's request naming a partition this broker has not heard of waits for it
/// (see [`await_leader_epochs`]).
pub const UNHEARD_PARTITION_WAIT: Duration = Duration::from_millis(200);
