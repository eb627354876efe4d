//! AddOffsetsToTxn: a transactional producer is about to commit a group's offsets in its
//! transaction (`sendOffsetsToTransaction`); the group's partition of `__consumer_offsets`
//! joins the transaction, so the transaction's marker decides those offsets.

use super::authorize::{Op, Resource};
use super::RequestContext;
use std::sync::Arc;

use kafka_protocol::error::ResponseError;
use kafka_protocol::messages::{AddOffsetsToTxnRequest, AddOffsetsToTxnResponse};

use super::coordinator_ready;
use crate::coordinator::{partition_of, OFFSETS_TOPIC};
use crate::state::Broker;
use kt_base::clock::now_ms;

/// Adds the group's offsets partition to the transaction.
pub async fn handle(
    broker: &Arc<Broker>,
    request: AddOffsetsToTxnRequest,
    ctx: &RequestContext,
) -> AddOffsetsToTxnResponse {
    let id = request.transactional_id.as_str();
    let outcome = if !super::authorize(broker, ctx, Op::Write, Resource::TransactionalId, id) {
        Err(ResponseError::TransactionalIdAuthorizationFailed)
    } else if !super::authorize(broker, ctx, Op::Read, Resource::Group, &request.group_id) {
        Err(ResponseError::GroupAuthorizationFailed)
    } else {
        add(broker, &request).await
    };
    AddOffsetsToTxnResponse::default().with_error_code(outcome.err().map_or(0, |e| e.code()))
}

async fn add(broker: &Arc<Broker>, request: &AddOffsetsToTxnRequest) -> Result<(), ResponseError> {
    let id = request.transactional_id.as_str();
    broker.coordinates_txn(id)?;
    // `__consumer_offsets` must exist for its partition to be named.
    coordinator_ready(broker)
        .await
        .map_err(|_| ResponseError::CoordinatorNotAvailable)?;
    let count = broker
        .partition_count(OFFSETS_TOPIC)
        .ok_or(ResponseError::CoordinatorNotAvailable)?;
    let partition = (
        OFFSETS_TOPIC.to_string(),
        partition_of(&request.group_id, count),
    );
    broker.txns().add_partitions(
        id,
        request.producer_id.0,
        request.producer_epoch,
        &[partition],
        now_ms(),
    )?;
    broker
        .replicate_coordinator_write(crate::txn::TXN_TOPIC, id)
        .await
        .map_err(|e| e.response_error())
}
