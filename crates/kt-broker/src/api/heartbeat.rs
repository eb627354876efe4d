//! Heartbeat: keeps a member's session alive and tells it when the group rebalances.

use std::sync::Arc;

use super::authorize::Op;

use kafka_protocol::messages::{HeartbeatRequest, HeartbeatResponse};

use super::{coordinator_for, RequestContext};
use crate::state::Broker;

/// Records the heartbeat; REBALANCE_IN_PROGRESS asks the member to rejoin.
pub async fn handle(
    broker: &Arc<Broker>,
    request: HeartbeatRequest,
    ctx: &RequestContext,
) -> HeartbeatResponse {
    let result = if request.group_id.is_empty() {
        Err(crate::coordinator::GroupError::InvalidGroupId)
    } else if let Err(e) = super::authorize::group_check(broker, ctx, Op::Read, &request.group_id) {
        Err(e)
    } else {
        match coordinator_for(broker, &request.group_id).await {
            Ok(()) => broker.groups().heartbeat(
                &request.group_id,
                &request.member_id,
                request.group_instance_id.as_deref(),
                request.generation_id,
            ),
            Err(e) => Err(e),
        }
    };
    HeartbeatResponse::default().with_error_code(result.err().map_or(0, |e| e.code()))
}
