//! JoinGroup: a member enters a group (or rejoins for a rebalance) and waits, holding no
//! lock, until the group's join phase completes.

use std::sync::Arc;

use super::authorize::Op;

use kafka_protocol::messages::join_group_response::JoinGroupResponseMember;
use kafka_protocol::messages::{JoinGroupRequest, JoinGroupResponse};

use super::{coordinator_for, str_bytes, RequestContext};
use crate::coordinator::{error_code, GroupError, JoinRequest, JoinResult, Reply};
use crate::state::Broker;

/// Joins the member and answers once its generation is decided.
pub async fn handle(
    broker: &Arc<Broker>,
    request: JoinGroupRequest,
    ctx: &RequestContext,
) -> JoinGroupResponse {
    let version = ctx.version;
    let member_id = request.member_id.to_string();
    let allowed = super::authorize::group_check(broker, ctx, Op::Read, &request.group_id);
    let result = match allowed {
        Ok(()) => join(broker, request, ctx).await,
        Err(e) => Err(e),
    }
    .unwrap_or_else(|e| JoinResult::error(&member_id, e));
    let mut response = JoinGroupResponse::default()
        .with_error_code(error_code(result.error))
        .with_generation_id(result.generation)
        .with_leader(str_bytes(&result.leader))
        .with_member_id(str_bytes(&result.member_id))
        .with_members(
            result
                .members
                .iter()
                .map(|m| {
                    let member = JoinGroupResponseMember::default()
                        .with_member_id(str_bytes(&m.member_id))
                        .with_metadata(m.metadata.clone());
                    if version >= 5 {
                        member.with_group_instance_id(m.group_instance_id.as_deref().map(str_bytes))
                    } else {
                        member
                    }
                })
                .collect(),
        );
    if version >= 7 {
        response = response
            .with_protocol_type(result.protocol_type.as_deref().map(str_bytes))
            .with_protocol_name(result.protocol_name.as_deref().map(str_bytes));
    } else {
        // Not nullable before v7.
        response = response.with_protocol_name(Some(str_bytes(
            result.protocol_name.as_deref().unwrap_or_default(),
        )));
    }
    if version >= 9 {
        response = response.with_skip_assignment(result.skip_assignment);
    }
    response
}

async fn join(
    broker: &Arc<Broker>,
    request: JoinGroupRequest,
    ctx: &RequestContext,
) -> Result<JoinResult, GroupError> {
    let group_id = request.group_id.to_string();
    if group_id.is_empty() {
        return Err(GroupError::InvalidGroupId);
    }
    coordinator_for(broker, &group_id).await?;
    let req = JoinRequest {
        member_id: request.member_id.to_string(),
        group_instance_id: request.group_instance_id.map(|i| i.to_string()),
        client_id: ctx.client_id.clone(),
        client_host: ctx.client_host.clone(),
        session_timeout_ms: request.session_timeout_ms,
        rebalance_timeout_ms: if ctx.version >= 1 {
            request.rebalance_timeout_ms
        } else {
            -1
        },
        protocol_type: request.protocol_type.to_string(),
        protocols: request
            .protocols
            .into_iter()
            .map(|p| (p.name.to_string(), p.metadata))
            .collect(),
        require_known_member_id: ctx.version >= 4,
    };
    let member_id = req.member_id.clone();
    match broker.groups().join(&group_id, req) {
        Reply::Ready(result) => Ok(result),
        // The member was dropped from the group while it waited, or the group left this
        // coordinator with its partition's leadership (NOT_COORDINATOR: find the new one).
        Reply::Pending(answer) => Ok(answer.await.unwrap_or_else(|_| {
            let error = broker
                .coordinates(&group_id)
                .err()
                .unwrap_or(GroupError::UnknownMemberId);
            JoinResult::error(&member_id, error)
        })),
    }
}
