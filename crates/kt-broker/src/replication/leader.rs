//! The leader's side of replication: which fetches come from followers, what they may
//! read, and the high watermark their fetches (and appends) move.

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
