//! A broker's side of the controller's requests, as Kafka 3.9's `ReplicaManager` and
//! `MetadataCache` take them in ZooKeeper mode: LeaderAndIsr makes this broker lead or follow
//! partitions, UpdateMetadata refreshes what it tells clients, StopReplica stops (and deletes)
//! replicas. Every request from an older controller epoch than one already heard from is
//! refused whole with STALE_CONTROLLER_EPOCH; a partition state whose leader epoch is not newer
//! than the one this broker acts on is refused with STALE_CONTROLLER_EPOCH for that partition.
//!
//! Each takes effect through [`Broker::install_view`], the seam shared with the ZooKeeper
//! watch loop: a state applied here is kept until ZooKeeper shows one at least as new.

use std::sync::Arc;
use std::time::Duration;

use kafka_protocol::error::ResponseError;
use kafka_protocol::messages::TopicName;

use super::controller_api::*;
use crate::cluster::{BrokerEndpoint, ClusterView, PartitionState};
use crate::state::Broker;

const STALE_CONTROLLER_EPOCH: i16 = 11;

/// How long a LeaderAndIsr waits for the watch to show a topic it names but this broker has
/// not read yet (the controller writes the assignment before it sends the request).
const TOPIC_WAIT: Duration = Duration::from_secs(5);

fn code(error: ResponseError) -> i16 {
    error.code()
}

/// LeaderAndIsr: becomes leader or follower of each partition whose leader epoch is newer.
pub async fn leader_and_isr(
    broker: &Arc<Broker>,
    request: LeaderAndIsrRequest,
    version: i16,
) -> LeaderAndIsrResponse {
    let me = broker.id();
    let Some(cluster) = broker.cluster().cloned() else {
        return leader_and_isr_errors(&request, version, code(ResponseError::UnknownServerError));
    };
    if !cluster.accept_controller_epoch(request.controller_epoch) {
        tracing::warn!(
            "[Broker id={me}] Ignoring LeaderAndIsr request from controller {} since its \
             controller epoch {} is old. Latest known controller epoch is {}",
            request.controller_id.0,
            request.controller_epoch,
            cluster.controller_epoch_seen()
        );
        return leader_and_isr_errors(&request, version, STALE_CONTROLLER_EPOCH);
    }
    // A topic the watch has not shown yet: give it a moment (its assignment is in ZooKeeper).
    let names: Vec<String> = request
        .partition_states()
        .map(|(t, _)| t.0.to_string())
        .collect();
    let known = |v: &ClusterView| names.iter().all(|n| v.topics.contains_key(n));
    if !known(&cluster.view()) {
        cluster.wait_for(TOPIC_WAIT, known).await;
    }
    let b = broker.clone();
    let applied = tokio::task::spawn_blocking(move || {
        b.install_view(|current| {
            let mut next = current.clone();
            let mut errors = Vec::new();
            for (topic, p) in request.partition_states() {
                let error = apply_leader_and_isr(&mut next, me, &topic.0, p, &request);
                errors.push((topic.clone(), p.partition_index, error));
            }
            (Some(next), (errors, request))
        })
    })
    .await;
    match applied {
        Ok(Ok((errors, request))) => leader_and_isr_answer(&request, version, errors),
        Ok(Err(e)) => {
            tracing::error!("[Broker id={me}] applying LeaderAndIsr: {e}");
            LeaderAndIsrResponse {
                error_code: code(ResponseError::KafkaStorageError),
                ..Default::default()
            }
        }
        Err(e) => {
            tracing::error!("[Broker id={me}] applying LeaderAndIsr: {e}");
            LeaderAndIsrResponse {
                error_code: code(ResponseError::UnknownServerError),
                ..Default::default()
            }
        }
    }
}

/// One partition of a LeaderAndIsr against the view this broker acts on: Kafka's checks in
/// `becomeLeaderOrFollower`, then the new state into `view`. Returns the partition's error.
fn apply_leader_and_isr(
    view: &mut ClusterView,
    me: i32,
    topic: &str,
    p: &LeaderAndIsrPartitionState,
    request: &LeaderAndIsrRequest,
) -> i16 {
    let topic_id = request
        .topic_states
        .iter()
        .find(|t| t.topic_name.0.as_str() == topic)
        .map(|t| t.topic_id)
        .filter(|id| !id.is_nil());
    let Some(assignment) = view.topics.get_mut(topic) else {
        return code(ResponseError::UnknownTopicOrPartition);
    };
    if topic_id.is_some_and(|id| !assignment.id.is_nil() && id != assignment.id) {
        tracing::error!(
            "Topic ID in memory: {} does not match the topic ID for partition {topic}-{} \
             received: {}.",
            assignment.id,
            p.partition_index,
            topic_id.unwrap_or_default()
        );
        return code(ResponseError::InconsistentTopicId);
    }
    let current = assignment
        .states
        .get(&p.partition_index)
        .map_or(-1, |s| s.leader_epoch);
    if p.leader_epoch < current {
        tracing::warn!(
            "[Broker id={me}] Ignoring LeaderAndIsr request from controller {} epoch {} for \
             partition {topic}-{} since its associated leader epoch {} is smaller than the \
             current leader epoch {current}",
            request.controller_id.0,
            request.controller_epoch,
            p.partition_index,
            p.leader_epoch
        );
        return STALE_CONTROLLER_EPOCH;
    }
    if p.leader_epoch == current {
        tracing::info!(
            "[Broker id={me}] Ignoring LeaderAndIsr request from controller {} epoch {} for \
             partition {topic}-{} since its associated leader epoch {} matches the current \
             leader epoch",
            request.controller_id.0,
            request.controller_epoch,
            p.partition_index,
            p.leader_epoch
        );
        return STALE_CONTROLLER_EPOCH;
    }
    let replicas: Vec<i32> = p.replicas.iter().map(|b| b.0).collect();
    if !replicas.contains(&me) {
        tracing::warn!(
            "[Broker id={me}] Ignoring LeaderAndIsr request from controller {} for partition \
             {topic}-{} as itself is not in assigned replica list {replicas:?}",
            request.controller_id.0,
            p.partition_index
        );
        return code(ResponseError::UnknownTopicOrPartition);
    }
    assignment.replicas.insert(p.partition_index, replicas);
    assignment.states.insert(
        p.partition_index,
        PartitionState {
            leader: p.leader.0,
            leader_epoch: p.leader_epoch,
            isr: p.isr.iter().map(|b| b.0).collect(),
            controller_epoch: p.controller_epoch,
        },
    );
    view.state_versions
        .insert((topic.to_string(), p.partition_index), p.partition_epoch);
    0
}

/// The answer listing `errors` per partition, in the layout of `version`.
fn leader_and_isr_answer(
    request: &LeaderAndIsrRequest,
    version: i16,
    errors: Vec<(TopicName, i32, i16)>,
) -> LeaderAndIsrResponse {
    let mut response = LeaderAndIsrResponse::default();
    for (topic, partition, error_code) in errors {
        let error = LeaderAndIsrPartitionError {
            topic_name: topic.clone(),
            partition_index: partition,
            error_code,
            ..Default::default()
        };
        if version < 5 {
            response.partition_errors.push(error);
            continue;
        }
        let id = request
            .topic_states
            .iter()
            .find(|t| t.topic_name == topic)
            .map(|t| t.topic_id)
            .unwrap_or_default();
        match response.topics.iter_mut().find(|t| t.topic_id == id) {
            Some(t) => t.partition_errors.push(error),
            None => response.topics.push(LeaderAndIsrTopicError {
                topic_id: id,
                partition_errors: vec![error],
                ..Default::default()
            }),
        }
    }
    response
}

/// Kafka's `getErrorResponse`: the error at the top and for every partition.
fn leader_and_isr_errors(
    request: &LeaderAndIsrRequest,
    version: i16,
    error_code: i16,
) -> LeaderAndIsrResponse {
    let errors = request
        .partition_states()
        .map(|(t, p)| (t.clone(), p.partition_index, error_code))
        .collect();
    LeaderAndIsrResponse {
        error_code,
        ..leader_and_isr_answer(request, version, errors)
    }
}

/// UpdateMetadata: the live brokers and the partition states clients are told about.
pub async fn update_metadata(
    broker: &Arc<Broker>,
    request: UpdateMetadataRequest,
) -> UpdateMetadataResponse {
    let me = broker.id();
    let Some(cluster) = broker.cluster().cloned() else {
        return UpdateMetadataResponse {
            error_code: code(ResponseError::UnknownServerError),
            ..Default::default()
        };
    };
    if !cluster.accept_controller_epoch(request.controller_epoch) {
        tracing::warn!(
            "[Broker id={me}] Received UpdateMetadata request with correlation from an old \
             controller {} with epoch {}. Latest known controller epoch is {}",
            request.controller_id.0,
            request.controller_epoch,
            cluster.controller_epoch_seen()
        );
        return UpdateMetadataResponse {
            error_code: STALE_CONTROLLER_EPOCH,
            ..Default::default()
        };
    }
    let b = broker.clone();
    let applied = tokio::task::spawn_blocking(move || {
        b.install_view(|current| (Some(apply_update_metadata(current, &request)), ()))
    })
    .await;
    let error_code = match applied {
        Ok(Ok(())) => 0,
        Ok(Err(e)) => {
            tracing::error!("[Broker id={me}] applying UpdateMetadata: {e}");
            code(ResponseError::KafkaStorageError)
        }
        Err(_) => code(ResponseError::UnknownServerError),
    };
    UpdateMetadataResponse {
        error_code,
        ..Default::default()
    }
}

/// The name of Kafka's security protocol id (UpdateMetadata's endpoints carry the id).
fn protocol_name(id: i16) -> &'static str {
    match id {
        1 => "SSL",
        2 => "SASL_PLAINTEXT",
        3 => "SASL_SSL",
        _ => "PLAINTEXT",
    }
}

/// The metadata cache after an UpdateMetadata: its live brokers replace the known ones (with
/// every listener; the PLAINTEXT one, else the first, is how brokers reach each other, as
/// the registration is read), and each partition state at least as new as the known one
/// replaces it. Topics the view does not hold yet come with the watch.
pub fn apply_update_metadata(
    current: &ClusterView,
    request: &UpdateMetadataRequest,
) -> ClusterView {
    let mut next = current.clone();
    if !request.live_brokers.is_empty() {
        next.brokers.clear();
        next.listener_endpoints.clear();
        next.listener_protocols.clear();
        next.racks.clear();
        for live in &request.live_brokers {
            let endpoint = |host: &str, port: i32| BrokerEndpoint {
                host: host.to_string(),
                port,
            };
            let by_name: std::collections::BTreeMap<String, BrokerEndpoint> = live
                .endpoints
                .iter()
                .map(|e| (e.listener.to_string(), endpoint(&e.host, e.port)))
                .collect();
            let default = live
                .endpoints
                .iter()
                .find(|e| e.security_protocol == 0)
                .or(live.endpoints.first())
                .map(|e| endpoint(&e.host, e.port))
                .unwrap_or_else(|| endpoint(&live.v0_host, live.v0_port));
            let protocols = live.endpoints.iter().map(|e| {
                (
                    e.listener.to_string(),
                    protocol_name(e.security_protocol).to_string(),
                )
            });
            next.listener_protocols
                .insert(live.id.0, protocols.collect());
            next.brokers.insert(live.id.0, default);
            next.listener_endpoints.insert(live.id.0, by_name);
            if let Some(rack) = &live.rack {
                next.racks.insert(live.id.0, rack.to_string());
            }
        }
    }
    for (topic, p) in request.partition_states() {
        let Some(assignment) = next.topics.get_mut(topic.0.as_str()) else {
            continue;
        };
        if !assignment.replicas.contains_key(&p.partition_index) {
            continue;
        }
        let newer = assignment
            .states
            .get(&p.partition_index)
            .is_none_or(|s| s.leader_epoch <= p.leader_epoch);
        // -2 is Kafka's LeaderDuringDelete: the topic goes with the watch.
        if newer && p.leader.0 != -2 {
            assignment.states.insert(
                p.partition_index,
                PartitionState {
                    leader: p.leader.0,
                    leader_epoch: p.leader_epoch,
                    isr: p.isr.iter().map(|b| b.0).collect(),
                    controller_epoch: p.controller_epoch,
                },
            );
            next.state_versions
                .insert((topic.0.to_string(), p.partition_index), p.zk_version);
        }
    }
    next.controller = request.controller_id.0;
    next.controller_epoch = next.controller_epoch.max(request.controller_epoch);
    next
}

/// StopReplica: stops replicating the partitions named and, for a deletion, removes the
/// topic's local logs once every partition of it here is named.
pub async fn stop_replica(
    broker: &Arc<Broker>,
    request: StopReplicaRequest,
    version: i16,
) -> StopReplicaResponse {
    let me = broker.id();
    let Some(cluster) = broker.cluster().cloned() else {
        return StopReplicaResponse {
            error_code: code(ResponseError::UnknownServerError),
            ..Default::default()
        };
    };
    let partitions = stop_replica_partitions(&request, version);
    if !cluster.accept_controller_epoch(request.controller_epoch) {
        tracing::warn!(
            "[Broker id={me}] Ignoring StopReplica request from controller {} since its \
             controller epoch {} is old. Latest known controller epoch is {}",
            request.controller_id.0,
            request.controller_epoch,
            cluster.controller_epoch_seen()
        );
        return StopReplicaResponse {
            error_code: STALE_CONTROLLER_EPOCH,
            partition_errors: partitions
                .into_iter()
                .map(|(t, p, _, _)| StopReplicaPartitionError {
                    topic_name: TopicName(kafka_protocol::protocol::StrBytes::from_string(t)),
                    partition_index: p,
                    error_code: STALE_CONTROLLER_EPOCH,
                    ..Default::default()
                })
                .collect(),
            ..Default::default()
        };
    }
    let view = cluster.view();
    let mut errors = Vec::new();
    let mut deleted_topics = Vec::new();
    let mut deleted_replicas: Vec<(String, i32)> = Vec::new();
    for (topic, index, leader_epoch, delete) in &partitions {
        let current = view
            .topics
            .get(topic)
            .and_then(|t| t.states.get(index))
            .map_or(-1, |s| s.leader_epoch);
        // -1 (any) and -2 (a deletion) always apply; an older epoch is fenced.
        let error = if *leader_epoch >= 0 && *leader_epoch < current {
            code(ResponseError::FencedLeaderEpoch)
        } else {
            if let Some(partition) = broker.partition(topic, *index) {
                partition.set_leadership(None);
            }
            if *delete && *leader_epoch >= 0 {
                // A reassignment removed this replica (a topic deletion carries epoch -2).
                deleted_replicas.push((topic.clone(), *index));
            } else if *delete && !deleted_topics.contains(topic) {
                deleted_topics.push(topic.clone());
            }
            0
        };
        errors.push(StopReplicaPartitionError {
            topic_name: TopicName(kafka_protocol::protocol::StrBytes::from_string(
                topic.clone(),
            )),
            partition_index: *index,
            error_code: error,
            ..Default::default()
        });
    }
    // A deletion removes the local copy of a topic the controller has removed from ZooKeeper
    // (it sends StopReplica after); while the topic is still there the watch deletes it later.
    let b = broker.clone();
    let removed = tokio::task::spawn_blocking(move || {
        b.install_view(|current| {
            let mut next = current.clone();
            let mut changed = false;
            for topic in &deleted_topics {
                if next.deleting.contains(topic) || !current.topics.contains_key(topic) {
                    changed |= next.topics.remove(topic).is_some();
                }
            }
            // The controller wrote the new replica set before sending this: the local copy
            // goes now rather than when the watch shows it.
            for (topic, index) in &deleted_replicas {
                if let Some(replicas) = next
                    .topics
                    .get_mut(topic)
                    .and_then(|t| t.replicas.get_mut(index))
                {
                    if replicas.contains(&me) {
                        replicas.retain(|r| *r != me);
                        changed = true;
                    }
                }
            }
            (changed.then_some(next), ())
        })
    })
    .await;
    if let Ok(Err(e)) = removed {
        tracing::error!("[Broker id={me}] deleting replicas on StopReplica: {e}");
    }
    StopReplicaResponse {
        error_code: 0,
        partition_errors: errors,
        ..Default::default()
    }
}

/// (topic, partition, leader epoch, delete) for every partition named, whatever the version.
fn stop_replica_partitions(
    request: &StopReplicaRequest,
    version: i16,
) -> Vec<(String, i32, i32, bool)> {
    let mut out = Vec::new();
    if version == 0 {
        for p in &request.ungrouped_partitions {
            out.push((
                p.topic_name.0.to_string(),
                p.partition_index,
                -1,
                request.delete_partitions,
            ));
        }
    } else if version <= 2 {
        for t in &request.topics {
            for p in &t.partition_indexes {
                out.push((t.name.0.to_string(), *p, -1, request.delete_partitions));
            }
        }
    } else {
        for t in &request.topic_states {
            for p in &t.partition_states {
                out.push((
                    t.topic_name.0.to_string(),
                    p.partition_index,
                    p.leader_epoch,
                    p.delete_partition,
                ));
            }
        }
    }
    out
}
