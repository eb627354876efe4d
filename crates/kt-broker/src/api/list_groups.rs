//! ListGroups: every group with its protocol type and (from v4) state, filtered by state
//! (v4) and type (v5).

use std::sync::Arc;

use super::authorize::{Op, Resource};
use super::{authorize, authorize_cluster};

use kafka_protocol::messages::list_groups_response::ListedGroup;
use kafka_protocol::messages::{ListGroupsRequest, ListGroupsResponse};

use super::{str_bytes, RequestContext};
use crate::state::Broker;

/// Lists the groups; kt's groups are all of the classic type.
pub async fn handle(
    broker: &Arc<Broker>,
    request: ListGroupsRequest,
    ctx: &RequestContext,
) -> ListGroupsResponse {
    let version = ctx.version;
    let wanted_state = |state: &str| {
        request.states_filter.is_empty()
            || request
                .states_filter
                .iter()
                .any(|s| s.eq_ignore_ascii_case(state))
    };
    let wanted_type = request.types_filter.is_empty()
        || request
            .types_filter
            .iter()
            .any(|t| t.eq_ignore_ascii_case("classic"));
    let groups = if wanted_type {
        broker
            .groups()
            .list_groups()
            .into_iter()
            .filter(|g| wanted_state(&g.state.to_string()))
            .filter(|g| {
                authorize_cluster(broker, ctx, Op::Describe)
                    || authorize(broker, ctx, Op::Describe, Resource::Group, &g.group_id)
            })
            .map(|g| {
                let mut listed = ListedGroup::default()
                    .with_group_id(str_bytes(&g.group_id).into())
                    .with_protocol_type(str_bytes(&g.protocol_type));
                if version >= 4 {
                    listed = listed.with_group_state(str_bytes(&g.state.to_string()));
                }
                if version >= 5 {
                    listed = listed.with_group_type(str_bytes("classic"));
                }
                listed
            })
            .collect()
    } else {
        Vec::new()
    };
    ListGroupsResponse::default().with_groups(groups)
}
