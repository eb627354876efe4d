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
            } else if p.partition.log.high_watermark() >= p.required {
                *done = Some(if isr_size(&p.partition) < p.min_insync {
                    Err(ResponseError::NotEnoughReplicasAfterAppend)
                } else {
                    Ok(())
                });
            } else if p.partition.leadership().is_none() {
                // No longer the leader (a partition without followers is replicated at once,
                // so it never gets here).
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
