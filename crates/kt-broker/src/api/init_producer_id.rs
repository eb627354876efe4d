//! InitProducerId: a producer id for an idempotent producer (transactions are not supported).

use super::RequestContext;
use std::sync::Arc;

use kafka_protocol::error::ResponseError;
use kafka_protocol::messages::{InitProducerIdRequest, InitProducerIdResponse, ProducerId};

use crate::state::Broker;

/// Hands out a new producer id with epoch 0, or bumps the epoch of the id the producer already
/// has (KIP-360, sent by idempotent producers after an error).
pub async fn handle(
    broker: &Arc<Broker>,
    request: InitProducerIdRequest,
    ctx: &RequestContext,
) -> InitProducerIdResponse {
    let response = InitProducerIdResponse::default();
    let transactional_id = request.transactional_id.as_deref().map(|id| id.as_str());
    if let Some(denied) = super::authorize::producer_id_denied(broker, ctx, transactional_id) {
        return response
            .with_producer_id(ProducerId(-1))
            .with_producer_epoch(-1)
            .with_error_code(denied.code());
    }
    if request.transactional_id.is_some() {
        tracing::info!(
            "refusing InitProducerId with a transactional id: transactions are not supported"
        );
        return response
            .with_producer_id(ProducerId(-1))
            .with_producer_epoch(-1)
            .with_error_code(ResponseError::TransactionalIdAuthorizationFailed.code());
    }
    let bumpable = (0..i16::MAX - 1).contains(&request.producer_epoch);
    if request.producer_id.0 >= 0 && bumpable {
        return response
            .with_producer_id(request.producer_id)
            .with_producer_epoch(request.producer_epoch + 1);
    }
    let allocated = broker.metadata().allocate_producer_id(broker).await;
    match allocated {
        Ok(id) => response
            .with_producer_id(ProducerId(id))
            .with_producer_epoch(0),
        Err(e) => response
            .with_producer_id(ProducerId(-1))
            .with_producer_epoch(-1)
            .with_error_code(e.code()),
    }
}
