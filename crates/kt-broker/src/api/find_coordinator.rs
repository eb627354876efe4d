//! FindCoordinator: the coordinator of a group is the leader of its partition of
//! `__consumer_offsets`, that of a transactional id the leader of its partition of
//! `__transaction_state` (on a standalone broker, the broker itself).

use super::RequestContext;
use std::sync::Arc;

use super::authorize;
use super::authorize::{denied, Op, Resource};

use kafka_protocol::error::ResponseError;
use kafka_protocol::messages::find_coordinator_response::Coordinator;
use kafka_protocol::messages::{BrokerId, FindCoordinatorRequest, FindCoordinatorResponse};

use super::{coordinator_ready, str_bytes};
use crate::coordinator::{partition_of, OFFSETS_TOPIC};
use crate::metadata::NewTopic;
use crate::state::Broker;
use crate::txn::TXN_TOPIC;

/// Kafka's key types: a consumer group id, or a transactional id.
const GROUP: i8 = 0;
const TRANSACTION: i8 = 1;

/// Answers one key (v0–v3) or a batch of keys (v4+): creates `__consumer_offsets` (or
/// `__transaction_state`) on first use with its configured replication factor, as Kafka
/// does (not while fewer brokers are alive than that factor), then names the live leader of
/// each key's partition (COORDINATOR_NOT_AVAILABLE while there is none).
pub async fn handle(
    broker: &Arc<Broker>,
    request: FindCoordinatorRequest,
    ctx: &RequestContext,
) -> FindCoordinatorResponse {
    let version = ctx.version;
    let (mut ready, internal) = match request.key_type {
        GROUP => (coordinator_ready(broker).await.is_ok(), OFFSETS_TOPIC),
        TRANSACTION => (true, TXN_TOPIC),
        _ => (false, OFFSETS_TOPIC),
    };
    if ready && !broker.view().topics.contains_key(internal) {
        if let Some(refusal) = broker.internal_topic_refusal(internal) {
            // As Kafka: with fewer live brokers than the topic's replication factor it is
            // not created, and the coordinator is not available.
            tracing::error!("{refusal}");
            ready = false;
        } else {
            let (replication_factor, _) = broker.internal_replication_factor(internal);
            let topic = NewTopic {
                replication_factor,
                ..NewTopic::with_defaults(internal)
            };
            let outcome = broker
                .metadata()
                .create_topic(broker, topic, false, std::time::Duration::ZERO)
                .await;
            if let Err(e) = outcome {
                if !matches!(e, crate::BrokerError::TopicAlreadyExists(_)) {
                    tracing::error!("creating {internal} failed: {e}");
                }
            }
        }
    }
    if ready && request.key_type == TRANSACTION && !broker.txns().is_ready() {
        // Replaying `__transaction_state` is file I/O.
        let b = broker.clone();
        let attached = tokio::task::spawn_blocking(move || b.attach_txn_log()).await;
        if let Ok(Err(e)) = attached {
            tracing::error!("loading {TXN_TOPIC} failed: {e}");
        }
    }
    let view = broker.view();
    let locate = |key: &str| -> Result<(i32, String, i32), ResponseError> {
        let resource = if request.key_type == GROUP {
            Resource::Group
        } else {
            Resource::TransactionalId
        };
        if !authorize(broker, ctx, Op::Describe, resource, key) {
            return Err(denied(resource));
        }
        if !ready {
            return Err(ResponseError::CoordinatorNotAvailable);
        }
        let offsets = view
            .topics
            .get(internal)
            .ok_or(ResponseError::CoordinatorNotAvailable)?;
        let index = partition_of(key, offsets.partition_count());
        let leader = view
            .live_leader(internal, index)
            .ok_or(ResponseError::CoordinatorNotAvailable)?;
        let endpoint = view
            .broker_on(leader, &ctx.listener)
            .ok_or(ResponseError::CoordinatorNotAvailable)?;
        Ok((leader, endpoint.host.clone(), endpoint.port))
    };
    if version >= 4 {
        let coordinators = request
            .coordinator_keys
            .iter()
            .map(|key| {
                let c = Coordinator::default().with_key(key.clone());
                match locate(key) {
                    Ok((id, host, port)) => c
                        .with_node_id(BrokerId(id))
                        .with_host(str_bytes(&host))
                        .with_port(port),
                    Err(e) => c
                        .with_node_id(BrokerId(-1))
                        .with_port(-1)
                        .with_error_code(e.code()),
                }
            })
            .collect();
        return FindCoordinatorResponse::default().with_coordinators(coordinators);
    }
    match locate(&request.key) {
        Ok((id, host, port)) => FindCoordinatorResponse::default()
            .with_node_id(BrokerId(id))
            .with_host(str_bytes(&host))
            .with_port(port),
        Err(e) => FindCoordinatorResponse::default()
            .with_node_id(BrokerId(-1))
            .with_port(-1)
            .with_error_code(e.code()),
    }
}
