//! LeaveGroup: members leave (one in v0–v2, a batch from v3), and the rest rebalance.

use std::sync::Arc;

use super::authorize::Op;

use kafka_protocol::messages::leave_group_response::MemberResponse;
use kafka_protocol::messages::{LeaveGroupRequest, LeaveGroupResponse};

use super::{coordinator_for, str_bytes, RequestContext};
use crate::coordinator::GroupError;
use crate::state::Broker;

/// Removes the members; per-member errors from v3, the member's error before.
pub async fn handle(
    broker: &Arc<Broker>,
    request: LeaveGroupRequest,
    ctx: &RequestContext,
) -> LeaveGroupResponse {
    let members: Vec<(String, Option<String>)> = if ctx.version >= 3 {
        request
            .members
            .iter()
            .map(|m| {
                (
                    m.member_id.to_string(),
                    m.group_instance_id.as_ref().map(|i| i.to_string()),
                )
            })
            .collect()
    } else {
        vec![(request.member_id.to_string(), None)]
    };
    let outcome = if request.group_id.is_empty() {
        Err(GroupError::InvalidGroupId)
    } else if let Err(e) = super::authorize::group_check(broker, ctx, Op::Read, &request.group_id) {
        Err(e)
    } else {
        match coordinator_for(broker, &request.group_id).await {
            Ok(()) => broker.groups().leave(&request.group_id, &members),
            Err(e) => Err(e),
        }
    };
    let code = |r: &Result<(), GroupError>| r.err().map_or(0, |e| e.code());
    match outcome {
        Err(e) => LeaveGroupResponse::default().with_error_code(e.code()),
        Ok(results) if ctx.version < 3 => {
            LeaveGroupResponse::default().with_error_code(results.first().map_or(0, code))
        }
        Ok(results) => LeaveGroupResponse::default().with_members(
            members
                .iter()
                .zip(&results)
                .map(|((member, instance), result)| {
                    MemberResponse::default()
                        .with_member_id(str_bytes(member))
                        .with_group_instance_id(instance.as_deref().map(str_bytes))
                        .with_error_code(code(result))
                })
                .collect(),
        ),
    }
}
