//! ISR changes by the leader, as Kafka 3.9's brokers make them in ZooKeeper mode: a follower
//! not caught up for `replica.lag.time.max.ms` leaves the ISR, a caught-up one joins it, and
//! the leader proposes the new ISR to the controller with AlterPartition, naming the partition
//! epoch (the state znode's version) it knows; the controller writes the znode and answers
//! with the new partition epoch, which the leader then acts on.
//!
//! One task per broker checks its led partitions every half lag time (Kafka's
//! `isr-expiration` schedule), and at once when a follower's fetch caught it up while it is
//! outside the ISR (Kafka's leader expands the ISR on that fetch, `maybeExpandIsr`).

use std::sync::Arc;
use std::time::Duration;

use kafka_protocol::messages::alter_partition_request::{BrokerState, PartitionData, TopicData};
use kafka_protocol::messages::{AlterPartitionRequest, BrokerId};
use kt_base::clock::now_ms;
use tokio::sync::watch;

use super::leader::maybe_advance_high_watermark;
use super::PartitionReplicas;
use crate::cluster::Cluster;
use crate::state::{Broker, Partition};

/// How long an AlterPartition may take (connecting, then the answer).
const TIMEOUT: Duration = Duration::from_secs(5);

/// Checks the ISR of every partition this broker leads, until `stop`.
pub async fn run(broker: Arc<Broker>, mut stop: watch::Receiver<bool>) {
    let Some(cluster) = broker.cluster().cloned() else {
        return;
    };
    let lag = broker.config().replication.lag_time_max_ms;
    let period = Duration::from_millis((lag / 2).clamp(50, 5000) as u64);
    loop {
        tokio::select! {
            _ = stop.changed() => return,
            _ = tokio::time::sleep(period) => {}
            _ = cluster.isr_check_requested() => {}
        }
        for topic in broker.topics().values() {
            for partition in &topic.partitions {
                if let Err(e) = check(&broker, &cluster, partition, lag).await {
                    tracing::warn!(
                        "[Partition {}-{} broker={}] updating the ISR: {e}",
                        partition.topic,
                        partition.index,
                        broker.id()
                    );
                }
            }
        }
    }
}

/// After `follower` fetched `partition`: when this broker leads it and the follower, outside
/// the ISR, now belongs in it, asks the ISR task to add it without waiting for its next
/// periodic check. Cheap for ISR members (the common case): one lock.
pub fn follower_fetched(broker: &Broker, partition: &Partition, follower: i32) {
    let Some(replicas) = partition.leadership() else {
        return;
    };
    if replicas.isr().contains(&follower) {
        return;
    }
    let Some(cluster) = broker.cluster() else {
        return;
    };
    let wanted = replicas.wanted_isr(
        partition.log.high_watermark(),
        epoch_start(partition, &replicas),
        broker.config().replication.lag_time_max_ms,
        now_ms(),
    );
    if wanted.is_some_and(|isr| isr.contains(&follower)) {
        cluster.request_isr_check();
    }
}

/// Where the leader's current epoch starts in its log (0 when the epoch cache has not got
/// it): a follower joins the ISR only holding that much.
fn epoch_start(partition: &Partition, replicas: &PartitionReplicas) -> i64 {
    partition
        .log
        .epoch_entries()
        .last()
        .filter(|e| e.epoch == replicas.leader_epoch())
        .map_or(0, |e| e.start_offset)
}

/// Brings one led partition's ISR in line with its followers, if it needs to.
async fn check(
    broker: &Broker,
    cluster: &Cluster,
    partition: &Partition,
    lag_time_max_ms: i64,
) -> Result<(), String> {
    let Some(replicas) = partition.leadership() else {
        return Ok(());
    };
    let log = &partition.log;
    let epoch_start = epoch_start(partition, &replicas);
    let Some(wanted) =
        replicas.wanted_isr(log.high_watermark(), epoch_start, lag_time_max_ms, now_ms())
    else {
        return Ok(());
    };
    let me = broker.id();
    let view = cluster.view();
    let key = (partition.topic.clone(), partition.index);
    let Some(assignment) = view.topics.get(&partition.topic) else {
        return Ok(());
    };
    let Some(current) = assignment.states.get(&partition.index).cloned() else {
        return Ok(());
    };
    if current.leader != me || current.leader_epoch != replicas.leader_epoch() {
        // The controller moved the partition on; the view will say so.
        return Ok(());
    }
    let partition_epoch = view.state_versions.get(&key).copied().unwrap_or(0);
    let controller = view.controller;
    if !view.brokers.contains_key(&controller) {
        return Err(format!("no live controller (controller id {controller})"));
    }
    // Version 3, as Kafka 3.9 sends at its default inter.broker.protocol.version; ISR members
    // go with broker epoch -1 (unknown), which the controller does not check.
    let request = AlterPartitionRequest::default()
        .with_broker_id(BrokerId(me))
        .with_broker_epoch(-1)
        .with_topics(vec![TopicData::default()
            .with_topic_id(assignment.id)
            .with_partitions(vec![PartitionData::default()
                .with_partition_index(partition.index)
                .with_leader_epoch(current.leader_epoch)
                .with_new_isr_with_epochs(
                    wanted
                        .iter()
                        .map(|b| {
                            BrokerState::default()
                                .with_broker_id(BrokerId(*b))
                                .with_broker_epoch(-1)
                        })
                        .collect(),
                )
                .with_partition_epoch(partition_epoch)])]);
    let client_id = format!("broker-{me}-alter-partition");
    let mut link = cluster
        .connect_to(&view, controller, &client_id, TIMEOUT)
        .await
        .map_err(|e| e.to_string())?;
    let answer = link
        .call(&request, 3, TIMEOUT)
        .await
        .map_err(|e| e.to_string())?;
    if answer.error_code != 0 {
        return Err(format!(
            "AlterPartition to controller {controller}: error {}",
            answer.error_code
        ));
    }
    let Some(accepted) = answer.topics.first().and_then(|t| t.partitions.first()) else {
        return Err(format!(
            "AlterPartition to controller {controller}: no answer for the partition"
        ));
    };
    if accepted.error_code != 0 {
        // A stale partition epoch or leader epoch: the next check works from a newer view.
        tracing::info!(
            "[Partition {}-{} broker={me}] Failed to alter partition: error {} (partition epoch \
             {partition_epoch})",
            partition.topic,
            partition.index,
            accepted.error_code
        );
        return Ok(());
    }
    let isr: Vec<i32> = accepted.isr.iter().map(|b| b.0).collect();
    let verb = if isr.len() < current.isr.len() {
        "Shrinking"
    } else {
        "Expanding"
    };
    let list = |v: &[i32]| {
        v.iter()
            .map(|b| b.to_string())
            .collect::<Vec<_>>()
            .join(",")
    };
    tracing::info!(
        "[Partition {}-{} broker={me}] {verb} ISR from {} to {}. Leader: (highWatermark: {}, \
         endOffset: {}). Partition epoch {}.",
        partition.topic,
        partition.index,
        list(&current.isr),
        list(&isr),
        log.high_watermark(),
        log.log_end_offset(),
        accepted.partition_epoch
    );
    replicas.set_isr(&isr);
    maybe_advance_high_watermark(partition);
    // The leader acts on the controller's answer at once: the new ISR and partition epoch go
    // into the view this broker acts on (UpdateMetadata and the watch bring the same).
    let accepted_epoch = accepted.partition_epoch;
    let leader_epoch = accepted.leader_epoch;
    let installed = broker.install_view(|applied| {
        let mut next = applied.clone();
        let state = next
            .topics
            .get_mut(&key.0)
            .and_then(|t| t.states.get_mut(&key.1))
            .filter(|s| s.leader_epoch == leader_epoch);
        let Some(state) = state else {
            return (None, ());
        };
        if next
            .state_versions
            .get(&key)
            .is_some_and(|v| *v >= accepted_epoch)
        {
            return (None, ());
        }
        state.isr = isr.clone();
        next.state_versions.insert(key.clone(), accepted_epoch);
        (Some(next), ())
    });
    installed.map_err(|e| e.to_string())?;
    Ok(())
}
