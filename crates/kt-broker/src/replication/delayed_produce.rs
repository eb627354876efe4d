//! acks=all: a produce is answered once the ISR holds its batches, as Kafka's delayed-produce
//! purgatory does. Before the append a partition whose ISR is smaller than
//! `min.insync.replicas` refuses it (NOT_ENOUGH_REPLICAS); after it the request waits, at most
//! its own timeout, until the high watermark passes the batches (REQUEST_TIMED_OUT if it
//! does not), and is refused NOT_ENOUGH_REPLICAS_AFTER_APPEND if the ISR shrank below the
//! minimum meanwhile.
//!
//! The wait is on each partition's `appended` signal, which every high watermark move
//! raises, so nothing polls.

use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use kafka_protocol::error::ResponseError;
use tokio::sync::futures::Notified;
use tokio::time::Instant;

use crate::state::{Broker, Partition};

/// The ISR size of a partition this broker leads: its followers' record, or 1 when it has
/// no followers (the leader alone).
fn isr_size(partition: &Partition) -> usize {
    partition.leadership().map_or(1, |r| r.isr().len())
}

/// `min.insync.replicas` of the partition's topic (its override, else the broker's).
pub fn min_insync_replicas(broker: &Broker, partition: &Partition) -> usize {
    broker
        .topic(&partition.topic)
        .and_then(|t| t.meta.configs.get("min.insync.replicas").cloned())
        .and_then(|v| v.trim().parse::<usize>().ok())
        .unwrap_or(broker.config().replication.min_insync_replicas.max(1) as usize)
}

/// Refuses an acks=all produce before the append when too few replicas are in sync.
pub fn check_enough_replicas(broker: &Broker, partition: &Partition) -> Result<(), ResponseError> {
    if isr_size(partition) < min_insync_replicas(broker, partition) {
        return Err(ResponseError::NotEnoughReplicas);
    }
    Ok(())
}

/// One appended acks=all batch set waiting for the ISR.
pub struct Pending {
    pub partition: Arc<Partition>,
    /// The high watermark that covers the batches: their last offset + 1.
    pub required: i64,
    /// `min.insync.replicas` at the append.
    pub min_insync: usize,
    /// Whether this broker led the partition with followers at the append: losing that
    /// leadership afterwards answers NOT_LEADER_OR_FOLLOWER (a partition without followers
    /// has no leadership record to lose).
    led_with_followers: bool,
}

impl Pending {
    /// The wait for `partition`'s high watermark to reach `required`, as things stand now.
    pub fn new(broker: &Broker, partition: Arc<Partition>, required: i64) -> Pending {
        Pending {
            min_insync: min_insync_replicas(broker, &partition),
            led_with_followers: partition.leadership().is_some(),
            partition,
            required,
        }
    }
}

/// Waits until every pending append is replicated or `timeout` passes; the outcome of each,
/// in order.
pub async fn wait(pending: &[Pending], timeout: Duration) -> Vec<Result<(), ResponseError>> {
    let deadline = Instant::now() + timeout;
    let mut outcome: Vec<Option<Result<(), ResponseError>>> = vec![None; pending.len()];
    loop {
        // Register before checking, so a move between the check and the wait still wakes us.
        let mut waits: Vec<Pin<Box<Notified<'_>>>> = Vec::new();
        for (p, done) in pending.iter().zip(outcome.iter_mut()) {
            if done.is_some() {
                continue;
            }
            let mut wait = Box::pin(p.partition.appended.notified());
            wait.as_mut().enable();
            if p.partition.is_deleted() {
                *done = Some(Err(ResponseError::UnknownTopicOrPartition));
            } else if p.led_with_followers && p.partition.leadership().is_none() {
                // No longer the leader, replicated or not, as Kafka's
                // `checkEnoughReplicasReachOffset`: the client asks the new leader (an
                // idempotent producer's retry of a replicated batch is a duplicate there).
                *done = Some(Err(ResponseError::NotLeaderOrFollower));
            } else if p.partition.log.high_watermark() >= p.required {
                *done = Some(if isr_size(&p.partition) < p.min_insync {
                    Err(ResponseError::NotEnoughReplicasAfterAppend)
                } else {
                    Ok(())
                });
            } else if p.partition.leadership().is_none() {
                // Not led with followers at the append either: such a partition is
                // replicated at once, so this is a leadership gained and lost meanwhile.
                *done = Some(Err(ResponseError::NotLeaderOrFollower));
            } else {
                waits.push(wait);
            }
        }
        if waits.is_empty() {
            break;
        }
        tokio::select! {
            _ = futures::future::select_all(waits) => {}
            _ = tokio::time::sleep_until(deadline) => {
                for done in outcome.iter_mut().filter(|d| d.is_none()) {
                    *done = Some(Err(ResponseError::RequestTimedOut));
                }
                break;
            }
        }
    }
    outcome
        .into_iter()
        .map(|o| o.unwrap_or(Err(ResponseError::RequestTimedOut)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::replication::PartitionReplicas;
    use std::collections::BTreeMap;

    #[tokio::test]
    async fn a_leader_that_steps_down_answers_not_leader_even_for_replicated_batches() {
        let dir = tempfile::tempdir().unwrap();
        let broker = crate::test_support::open_broker(dir.path(), &[]);
        broker
            .create_topic("t", 1, 1, None, BTreeMap::new(), false)
            .unwrap();
        let partition = broker.partition("t", 0).unwrap();
        partition.set_leadership(Some(Arc::new(PartitionReplicas::new(
            0,
            1,
            &[0, 1],
            &[0, 1],
            0,
        ))));
        // Replicated: the high watermark covers the (empty) append; then leadership moves.
        let pending = Pending::new(&broker, partition.clone(), 0);
        partition.set_leadership(None);
        let outcome = wait(std::slice::from_ref(&pending), Duration::from_secs(5)).await;
        assert_eq!(outcome, vec![Err(ResponseError::NotLeaderOrFollower)]);
        // A partition without followers never had a leadership record: replicated at once.
        let alone = Pending::new(&broker, partition, 0);
        let outcome = wait(std::slice::from_ref(&alone), Duration::from_secs(5)).await;
        assert_eq!(outcome, vec![Ok(())]);
    }
}
