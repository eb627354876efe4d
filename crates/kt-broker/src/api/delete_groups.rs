//! DeleteGroups: removes groups without members, and their committed offsets.

use std::sync::Arc;

use super::authorize::Op;

use kafka_protocol::messages::delete_groups_response::DeletableGroupResult;
use kafka_protocol::messages::{DeleteGroupsRequest, DeleteGroupsResponse};

use super::{coordinator_ready, RequestContext};
use crate::coordinator::GroupError;
use crate::state::Broker;

/// Deletes each group: NON_EMPTY_GROUP while it has members, GROUP_ID_NOT_FOUND if unknown.
pub async fn handle(
    broker: &Arc<Broker>,
    request: DeleteGroupsRequest,
    ctx: &RequestContext,
) -> DeleteGroupsResponse {
    let ready = coordinator_ready(broker).await;
    let ids: Vec<String> = request.groups_names.iter().map(|g| g.to_string()).collect();
    let allowed: Vec<Result<(), GroupError>> = ids
        .iter()
        .map(|id| super::authorize::group_check(broker, ctx, Op::Delete, id))
        .collect();
    let b = broker.clone();
    let results = match ready {
        // Deleting writes tombstones: off the async threads.
        Ok(()) => tokio::task::spawn_blocking(move || {
            ids.iter()
                .zip(allowed)
                .map(|(id, allowed)| {
                    if let Err(e) = allowed {
                        Err(e)
                    } else if id.is_empty() {
                        Err(GroupError::InvalidGroupId)
                    } else if let Err(e) = b.coordinates(id) {
                        Err(e)
                    } else {
                        b.groups().delete_groups(std::slice::from_ref(id)).remove(0)
                    }
                })
                .collect::<Vec<_>>()
        })
        .await
        .unwrap_or_default(),
        Err(e) => ids.iter().map(|_| Err(e)).collect(),
    };
    DeleteGroupsResponse::default().with_results(
        request
            .groups_names
            .into_iter()
            .zip(results)
            .map(|(id, result)| {
                DeletableGroupResult::default()
                    .with_group_id(id)
                    .with_error_code(result.err().map_or(0, |e| e.code()))
            })
            .collect(),
    )
}
