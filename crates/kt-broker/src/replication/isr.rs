//! ISR changes by the leader, as Kafka's brokers made them in ZooKeeper mode before
//! AlterPartition: a follower not caught up for `replica.lag.time.max.ms` leaves the ISR, a
//! caught-up one joins it, and the leader writes the partition's state znode itself with a
//! version-checked set (so a controller's concurrent change wins), then announces the change
//! under `/isr_change_notification`. (Kafka 3.9 sends AlterPartition to the controller
//! instead; that is the next step.)
//!
//! One task per broker checks its led partitions every half lag time (Kafka's
//! `isr-expiration` schedule), and sooner when a follower's fetch asks for it.

use std::sync::Arc;
use std::time::Duration;

use kt_base::clock::now_ms;
use tokio::sync::watch;
use zookeeper_client::{Acls, CreateMode, Error as ZkError};

use super::leader::maybe_advance_high_watermark;
use crate::cluster::znodes::{decode_state, encode_state, state_path};
use crate::cluster::{Cluster, PartitionState};
use crate::state::{Broker, Partition};

/// The prefix of the sequential znodes announcing ISR changes.
const ISR_CHANGE_PREFIX: &str = "/isr_change_notification/isr_change_";

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
    let epoch_start = log
        .epoch_entries()
        .last()
        .filter(|e| e.epoch == replicas.leader_epoch())
        .map_or(0, |e| e.start_offset);
    let Some(wanted) =
        replicas.wanted_isr(log.high_watermark(), epoch_start, lag_time_max_ms, now_ms())
    else {
        return Ok(());
    };
    let me = broker.id();
    let client = cluster.client().map_err(|e| e.to_string())?;
    let path = state_path(&partition.topic, partition.index);
    let (bytes, stat) = client
        .get_data(&path)
        .await
        .map_err(|e| format!("reading {path}: {e}"))?;
    let current = decode_state(&path, &bytes).map_err(|e| e.to_string())?;
    if current.leader != me || current.leader_epoch != replicas.leader_epoch() {
        // The controller moved the partition on; the view will say so.
        return Ok(());
    }
    let new = PartitionState {
        isr: wanted.clone(),
        ..current.clone()
    };
    match client
        .set_data(&path, &encode_state(&new), Some(stat.version))
        .await
    {
        Ok(_) => {}
        // Changed meanwhile (the controller): read again next time.
        Err(ZkError::BadVersion) => return Ok(()),
        Err(e) => return Err(format!("writing {path}: {e}")),
    }
    let verb = if wanted.len() < current.isr.len() {
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
         endOffset: {}).",
        partition.topic,
        partition.index,
        list(&current.isr),
        list(&wanted),
        log.high_watermark(),
        log.log_end_offset()
    );
    replicas.set_isr(&wanted);
    maybe_advance_high_watermark(partition);
    let notice = serde_json::json!({
        "version": 1,
        "partitions": [{"topic": partition.topic, "partition": partition.index}],
    });
    let options = CreateMode::PersistentSequential.with_acls(Acls::anyone_all());
    if let Err(e) = client
        .create(ISR_CHANGE_PREFIX, notice.to_string().as_bytes(), &options)
        .await
    {
        tracing::warn!(
            "announcing the ISR change of {}-{}: {e}",
            partition.topic,
            partition.index
        );
    }
    Ok(())
}
