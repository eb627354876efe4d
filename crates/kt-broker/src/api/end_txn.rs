//! EndTxn: a transactional producer commits or aborts its transaction. The decision is
//! written to `__transaction_state`, then the markers to every partition of the
//! transaction, then the completion; the producer is answered once all are written, or,
//! if a marker could not be written yet, once the decision is durable (the coordinator's
//! timer finishes the markers, and the producer's next request waits with
//! CONCURRENT_TRANSACTIONS until then, as with Kafka).

use super::authorize::{Op, Resource};
use super::RequestContext;
use std::sync::Arc;

use kafka_protocol::error::ResponseError;
use kafka_protocol::messages::{EndTxnRequest, EndTxnResponse};

use crate::state::Broker;
use crate::txn::{markers, TxnResult};
use kt_base::clock::now_ms;

/// Ends the transaction as the producer asks.
pub async fn handle(
    broker: &Arc<Broker>,
    request: EndTxnRequest,
    ctx: &RequestContext,
) -> EndTxnResponse {
    let id = request.transactional_id.as_str();
    let outcome = if super::authorize(broker, ctx, Op::Write, Resource::TransactionalId, id) {
        end(broker, &request).await
    } else {
        Err(ResponseError::TransactionalIdAuthorizationFailed)
    };
    EndTxnResponse::default().with_error_code(outcome.err().map_or(0, |e| e.code()))
}

async fn end(broker: &Arc<Broker>, request: &EndTxnRequest) -> Result<(), ResponseError> {
    let id = request.transactional_id.as_str();
    if id.is_empty() {
        return Err(ResponseError::InvalidRequest);
    }
    broker.coordinates_txn(id)?;
    let result = if request.committed {
        TxnResult::Commit
    } else {
        TxnResult::Abort
    };
    let job = broker.txns().end_txn(
        id,
        request.producer_id.0,
        request.producer_epoch,
        result,
        now_ms(),
    )?;
    if let Some(job) = job {
        // The decision is answered (and its markers written) once the ISR holds it; if it
        // does not, the client retries against the coordinator that then leads.
        if let Err(e) = broker
            .replicate_coordinator_write(crate::txn::TXN_TOPIC, id)
            .await
        {
            broker.txns().release(&job);
            return Err(e.response_error());
        }
        // A marker that cannot be written now is retried by the timer; the decision stands.
        let _ = markers::run(broker, &job).await;
    }
    Ok(())
}
