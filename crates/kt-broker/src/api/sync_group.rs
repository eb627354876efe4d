//! SyncGroup: the leader hands in the assignment; every member waits, holding no lock, for
//! its share.

use std::sync::Arc;

use super::authorize::Op;

use kafka_protocol::messages::{SyncGroupRequest, SyncGroupResponse};

use super::{coordinator_for, str_bytes, RequestContext};
use crate::coordinator::{error_code, GroupError, Reply, SyncResult};
use crate::state::Broker;

/// Answers with this member's assignment once the leader's has arrived.
pub async fn handle(
    broker: &Arc<Broker>,
    request: SyncGroupRequest,
    ctx: &RequestContext,
) -> SyncGroupResponse {
    let result = match super::authorize::group_check(broker, ctx, Op::Read, &request.group_id) {
        Ok(()) => sync(broker, request).await,
        Err(e) => Err(e),
    }
    .unwrap_or_else(SyncResult::error);
    let response = SyncGroupResponse::default()
        .with_error_code(error_code(result.error))
        .with_assignment(result.assignment);
    if ctx.version >= 5 {
        response
            .with_protocol_type(result.protocol_type.as_deref().map(str_bytes))
            .with_protocol_name(result.protocol_name.as_deref().map(str_bytes))
    } else {
        response
    }
}

async fn sync(broker: &Arc<Broker>, request: SyncGroupRequest) -> Result<SyncResult, GroupError> {
    if request.group_id.is_empty() {
        return Err(GroupError::InvalidGroupId);
    }
    coordinator_for(broker, &request.group_id).await?;
    let assignments = request
        .assignments
        .into_iter()
        .map(|a| (a.member_id.to_string(), a.assignment))
        .collect();
    let reply = broker.groups().sync(
        &request.group_id,
        &request.member_id,
        request.group_instance_id.as_deref(),
        request.generation_id,
        request.protocol_type.as_deref(),
        request.protocol_name.as_deref(),
        assignments,
    );
    match reply {
        Reply::Ready(result) => Ok(result),
        Reply::Pending(answer) => answer.await.map_err(|_| {
            broker
                .coordinates(&request.group_id)
                .err()
                .unwrap_or(GroupError::UnknownMemberId)
        }),
    }
}
