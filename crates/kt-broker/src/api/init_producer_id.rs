//! InitProducerId: a producer id for an idempotent producer, or for a transactional one the
//! id and a bumped epoch from the transaction coordinator (fencing the id's previous
//! producer).

use super::RequestContext;
use std::sync::Arc;

use kafka_protocol::error::ResponseError;
use kafka_protocol::messages::{InitProducerIdRequest, InitProducerIdResponse, ProducerId};

use crate::state::Broker;
use crate::txn::{markers, InitOutcome};
use kt_base::clock::now_ms;

/// Hands out a new producer id with epoch 0, or bumps the epoch of the id the producer already
/// has (KIP-360, sent by idempotent producers after an error); with a transactional id, the
/// coordinator of that id answers.
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
    let failed = |e: ResponseError| {
        InitProducerIdResponse::default()
            .with_producer_id(ProducerId(-1))
            .with_producer_epoch(-1)
            .with_error_code(e.code())
    };
    if let Some(id) = request.transactional_id.as_deref() {
        return match transactional(broker, id, &request).await {
            Ok((pid, epoch)) => response
                .with_producer_id(ProducerId(pid))
                .with_producer_epoch(epoch),
            Err(e) => failed(e),
        };
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
        Err(e) => failed(e.response_error()),
    }
}

/// The transactional case (Kafka's `TransactionCoordinator.handleInitProducerId`).
async fn transactional(
    broker: &Arc<Broker>,
    id: &str,
    request: &InitProducerIdRequest,
) -> Result<(i64, i16), ResponseError> {
    if id.is_empty() {
        return Err(ResponseError::InvalidRequest);
    }
    broker.coordinates_txn(id)?;
    let txns = broker.txns();
    let new_producer_id = if txns.needs_producer_id(id) {
        let allocated = broker.metadata().allocate_producer_id(broker).await;
        Some(allocated.map_err(|e| e.response_error())?)
    } else {
        None
    };
    let expected =
        (request.producer_id.0 >= 0).then_some((request.producer_id.0, request.producer_epoch));
    match txns.init_producer_id(
        id,
        request.transaction_timeout_ms,
        expected,
        new_producer_id,
        now_ms(),
    )? {
        InitOutcome::Ready { producer_id, epoch } => {
            broker
                .replicate_coordinator_write(crate::txn::TXN_TOPIC, id)
                .await
                .map_err(|e| e.response_error())?;
            Ok((producer_id, epoch))
        }
        InitOutcome::Fenced(job) => {
            // The fenced producer's transaction is aborted; the client retries and then
            // gets the next epoch.
            markers::run(broker, &job).await?;
            Err(ResponseError::ConcurrentTransactions)
        }
    }
}
