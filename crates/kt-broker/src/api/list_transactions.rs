//! ListTransactions: the transactional ids this broker coordinates, filtered by state,
//! producer id and (v1) how long their transaction has run (`kafka-transactions.sh list`).

use super::RequestContext;
use std::sync::Arc;

use kafka_protocol::messages::list_transactions_response::TransactionState;
use kafka_protocol::messages::{
    ListTransactionsRequest, ListTransactionsResponse, ProducerId, TransactionalId,
};

use super::str_bytes;
use crate::state::Broker;
use crate::txn::TxnState;
use kt_base::clock::now_ms;

/// Every state name Kafka knows, for telling unknown filters apart.
const STATES: [TxnState; 8] = [
    TxnState::Empty,
    TxnState::Ongoing,
    TxnState::PrepareCommit,
    TxnState::PrepareAbort,
    TxnState::CompleteCommit,
    TxnState::CompleteAbort,
    TxnState::Dead,
    TxnState::PrepareEpochFence,
];

/// Lists the ids matching every filter given.
pub async fn handle(
    broker: &Arc<Broker>,
    request: ListTransactionsRequest,
    ctx: &RequestContext,
) -> ListTransactionsResponse {
    // Before `__transaction_state` exists there are no ids to list: Kafka's coordinator is
    // active from start-up and answers an empty list (kafka-transactions.sh list prints its
    // header), not COORDINATOR_NOT_AVAILABLE.
    let response = ListTransactionsResponse::default();
    let unknown: Vec<_> = request
        .state_filters
        .iter()
        .filter(|f| !STATES.iter().any(|s| s.name() == f.as_str()))
        .cloned()
        .collect();
    let duration = if ctx.version >= 1 {
        request.duration_filter
    } else {
        -1
    };
    let now = now_ms();
    let states = broker
        .txns()
        .list()
        .into_iter()
        .filter(|d| {
            request.state_filters.is_empty()
                || request
                    .state_filters
                    .iter()
                    .any(|f| f.as_str() == d.state.name())
        })
        .filter(|d| {
            request.producer_id_filters.is_empty()
                || request
                    .producer_id_filters
                    .contains(&ProducerId(d.producer_id))
        })
        .filter(|d| duration < 0 || (d.start_ms >= 0 && now - d.start_ms >= duration))
        .map(|d| {
            TransactionState::default()
                .with_transactional_id(TransactionalId(str_bytes(&d.transactional_id)))
                .with_producer_id(ProducerId(d.producer_id))
                .with_transaction_state(str_bytes(d.state.name()))
        })
        .collect();
    response
        .with_unknown_state_filters(unknown)
        .with_transaction_states(states)
}
