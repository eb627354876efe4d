//! FindCoordinator: this broker coordinates every consumer group (it is the only broker).
//! Transactions are not supported, so transaction coordinators are not available.

use super::RequestContext;
use std::sync::Arc;

use kafka_protocol::error::ResponseError;
use kafka_protocol::messages::find_coordinator_response::Coordinator;
use kafka_protocol::messages::{BrokerId, FindCoordinatorRequest, FindCoordinatorResponse};
use kafka_protocol::protocol::StrBytes;

use super::{coordinator_ready, str_bytes};
use crate::broker::state::Broker;

/// Kafka's key types: a consumer group id, or a transactional id.
const GROUP: i8 = 0;

/// Answers one key (v0–v3) or a batch of keys (v4+).
pub async fn handle(
    broker: &Arc<Broker>,
    request: FindCoordinatorRequest,
    ctx: &RequestContext,
) -> FindCoordinatorResponse {
    let version = ctx.version;
    let (host, port) = broker.advertised_endpoint();
    let me = BrokerId(broker.id());
    // The first group to ask creates `__consumer_offsets`, as in Kafka.
    let available = request.key_type == GROUP && coordinator_ready(broker).await.is_ok();
    if version >= 4 {
        let coordinators = request
            .coordinator_keys
            .into_iter()
            .map(|key: StrBytes| {
                let c = Coordinator::default().with_key(key);
                if available {
                    c.with_node_id(me)
                        .with_host(str_bytes(&host))
                        .with_port(port)
                } else {
                    c.with_node_id(BrokerId(-1))
                        .with_port(-1)
                        .with_error_code(ResponseError::CoordinatorNotAvailable.code())
                }
            })
            .collect();
        return FindCoordinatorResponse::default().with_coordinators(coordinators);
    }
    if available {
        FindCoordinatorResponse::default()
            .with_node_id(me)
            .with_host(str_bytes(&host))
            .with_port(port)
    } else {
        FindCoordinatorResponse::default()
            .with_node_id(BrokerId(-1))
            .with_port(-1)
            .with_error_code(ResponseError::CoordinatorNotAvailable.code())
    }
}
