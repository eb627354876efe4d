//! FindCoordinator: the coordinator of a group is the leader of its partition of
//! `__consumer_offsets` (on a standalone broker, the broker itself). Transactions are not
//! supported, so transaction coordinators are not available.

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

/// Kafka's key types: a consumer group id, or a transactional id.
const GROUP: i8 = 0;

/// Answers one key (v0–v3) or a batch of keys (v4+): creates `__consumer_offsets` on first
/// use, as Kafka does, then names the live leader of each group's partition
/// (COORDINATOR_NOT_AVAILABLE while there is none).
pub async fn handle(
    broker: &Arc<Broker>,
    request: FindCoordinatorRequest,
    ctx: &RequestContext,
) -> FindCoordinatorResponse {
    let version = ctx.version;
    let ready = request.key_type == GROUP && coordinator_ready(broker).await.is_ok();
    if ready && !broker.view().topics.contains_key(OFFSETS_TOPIC) {
        let offsets = NewTopic {
            replication_factor: 1,
            ..NewTopic::with_defaults(OFFSETS_TOPIC)
        };
        let outcome = broker
            .metadata()
            .create_topic(broker, offsets, false, std::time::Duration::ZERO)
            .await;
        if let Err(e) = outcome {
            if !matches!(e, crate::BrokerError::TopicAlreadyExists(_)) {
                tracing::error!("creating {OFFSETS_TOPIC} failed: {e}");
            }
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
            .get(OFFSETS_TOPIC)
            .ok_or(ResponseError::CoordinatorNotAvailable)?;
        let index = partition_of(key, offsets.partition_count());
        let leader = view
            .live_leader(OFFSETS_TOPIC, index)
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
