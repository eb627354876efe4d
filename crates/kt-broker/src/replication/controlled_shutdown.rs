//! A broker's controlled shutdown, as Kafka 3.9's `KafkaServer.controlledShutdown` in ZooKeeper
//! mode: before it stops, the broker asks the controller (ControlledShutdown v3) to move its
//! leaderships away and take it out of the ISRs, and retries while partitions remain, up to
//! `controlled.shutdown.max.retries` times `controlled.shutdown.retry.backoff.ms` apart
//! (`controlled.shutdown.enable=false` skips it). Producers then move to the new leaders
//! before this broker's connections close, and see no error.

use std::time::Duration;

use kafka_protocol::messages::BrokerId;

use super::controller_api::{ControlledShutdownRequest, ControllerApi};
use crate::cluster::Cluster;
use crate::state::Broker;

/// How long one attempt may take (Kafka's `controller.socket.timeout.ms`, 30 s).
const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);
/// How long to wait, after the controller answered, for its LeaderAndIsr to arrive here.
const HANDOVER_WAIT: Duration = Duration::from_secs(5);

/// Kafka's keys and defaults, read from the broker's properties.
struct Settings {
    enable: bool,
    max_retries: u32,
    retry_backoff: Duration,
}

fn settings(broker: &Broker) -> Settings {
    let props = &broker.config().properties;
    let get = |k: &str| props.get(k).map(|v| v.trim().to_string());
    Settings {
        enable: get("controlled.shutdown.enable").is_none_or(|v| !v.eq_ignore_ascii_case("false")),
        max_retries: get("controlled.shutdown.max.retries")
            .and_then(|v| v.parse().ok())
            .unwrap_or(3),
        retry_backoff: Duration::from_millis(
            get("controlled.shutdown.retry.backoff.ms")
                .and_then(|v| v.parse().ok())
                .unwrap_or(5000),
        ),
    }
}

/// Runs the controlled shutdown of a ZooKeeper-mode broker; returns once it succeeded or
/// every attempt failed (the broker then stops anyway, as Kafka's does).
pub async fn run(broker: &Broker) {
    let Some(cluster) = broker.cluster() else {
        return;
    };
    let settings = settings(broker);
    if !settings.enable {
        return;
    }
    let me = broker.id();
    tracing::info!("[KafkaServer id={me}] Starting controlled shutdown");
    for attempt in 1..=settings.max_retries {
        match once(cluster, me).await {
            Ok(remaining) if remaining.is_empty() => {
                tracing::info!(
                    "[KafkaServer id={me}] Controlled shutdown request returned successfully"
                );
                // The controller took this broker out of every ISR: copying on would only
                // bring it back into them (a leader adds a caught-up follower) just before it
                // goes, and the new leaders' acks=all produces would wait for it.
                if let Some(fetchers) = broker.fetchers() {
                    fetchers.shutdown().await;
                }
                // The new leaders are chosen; let their LeaderAndIsr reach this broker so it
                // stops answering as a leader before its connections close.
                // (Single-replica partitions stay with it, as in Kafka.)
                let leads_nothing = |v: &crate::cluster::ClusterView| {
                    v.topics.values().all(|t| {
                        t.states.iter().all(|(p, s)| {
                            s.leader != me || t.replicas.get(p).is_none_or(|r| r.len() <= 1)
                        })
                    })
                };
                cluster.wait_for(HANDOVER_WAIT, leads_nothing).await;
                return;
            }
            Ok(remaining) => tracing::warn!(
                "[KafkaServer id={me}] Remaining partitions to move: {}",
                remaining.join(",")
            ),
            Err(e) => tracing::warn!(
                "[KafkaServer id={me}] Error during controlled shutdown, possibly because leader \
                 movement took longer than the configured controller.socket.timeout.ms and/or \
                 request.timeout.ms: {e}"
            ),
        }
        if attempt < settings.max_retries {
            tracing::warn!(
                "[KafkaServer id={me}] Retrying controlled shutdown after the previous attempt \
                 failed..."
            );
            tokio::time::sleep(settings.retry_backoff).await;
        }
    }
    tracing::warn!(
        "[KafkaServer id={me}] Proceeding to do an unclean shutdown as all the controlled \
         shutdown attempts failed"
    );
}

/// One ControlledShutdown to the controller; the partitions it says remain, as `topic-p`.
async fn once(cluster: &Cluster, me: i32) -> Result<Vec<String>, String> {
    let view = cluster.view();
    let controller = view.controller;
    if !view.brokers.contains_key(&controller) {
        return Err(format!("no live controller (controller id {controller})"));
    }
    let client_id = format!("broker-{me}-controlled-shutdown");
    let mut link = cluster
        .connect_to(&view, controller, &client_id, REQUEST_TIMEOUT)
        .await
        .map_err(|e| e.to_string())?;
    let request = ControlledShutdownRequest {
        broker_id: BrokerId(me),
        broker_epoch: -1,
        ..Default::default()
    };
    let version = ControllerApi::ControlledShutdown.kafka_3_9_version();
    let answer = link
        .call(&request, version, REQUEST_TIMEOUT)
        .await
        .map_err(|e| e.to_string())?;
    if answer.error_code != 0 {
        return Err(format!(
            "the controller answered error {}",
            answer.error_code
        ));
    }
    Ok(answer
        .remaining_partitions
        .iter()
        .map(|p| format!("{}-{}", p.topic_name.0, p.partition_index))
        .collect())
}
