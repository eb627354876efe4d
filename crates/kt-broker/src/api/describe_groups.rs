//! DescribeGroups: state, protocol and members (with their subscriptions and assignments
//! while the group is stable) of each group asked for.

use std::sync::Arc;

use super::authorize::{authorized_operations, Op, Resource};

use kafka_protocol::messages::describe_groups_response::{DescribedGroup, DescribedGroupMember};
use kafka_protocol::messages::{DescribeGroupsRequest, DescribeGroupsResponse};

use super::{str_bytes, RequestContext};
use crate::state::Broker;

/// Describes each group; an unknown group reads as `Dead` with no members.
pub async fn handle(
    broker: &Arc<Broker>,
    request: DescribeGroupsRequest,
    ctx: &RequestContext,
) -> DescribeGroupsResponse {
    let version = ctx.version;
    let groups = request
        .groups
        .iter()
        .map(|id| {
            if let Err(e) = super::authorize::group_check(broker, ctx, Op::Describe, id)
                .and_then(|()| broker.coordinates(id))
            {
                return DescribedGroup::default()
                    .with_group_id(id.clone())
                    .with_error_code(e.code());
            }
            let group = broker.groups().describe_group(id);
            let mut described = DescribedGroup::default()
                .with_group_id(id.clone())
                .with_group_state(str_bytes(&group.state.to_string()))
                .with_protocol_type(str_bytes(&group.protocol_type))
                .with_protocol_data(str_bytes(&group.protocol))
                .with_members(
                    group
                        .members
                        .iter()
                        .map(|m| {
                            let member = DescribedGroupMember::default()
                                .with_member_id(str_bytes(&m.member_id))
                                .with_client_id(str_bytes(&m.client_id))
                                .with_client_host(str_bytes(&m.client_host))
                                .with_member_metadata(m.metadata.clone())
                                .with_member_assignment(m.assignment.clone());
                            if version >= 4 {
                                member.with_group_instance_id(
                                    m.group_instance_id.as_deref().map(str_bytes),
                                )
                            } else {
                                member
                            }
                        })
                        .collect(),
                );
            if version >= 3 {
                described = described.with_authorized_operations(
                    if request.include_authorized_operations {
                        authorized_operations(broker, ctx, Resource::Group, id)
                    } else {
                        i32::MIN
                    },
                );
            }
            described
        })
        .collect();
    DescribeGroupsResponse::default().with_groups(groups)
}
