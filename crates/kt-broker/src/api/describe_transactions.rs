//! DescribeTransactions: the state of transactional ids this broker coordinates
//! (`kafka-transactions.sh describe`).

use super::RequestContext;
use std::collections::BTreeMap;
use std::sync::Arc;

use kafka_protocol::messages::describe_transactions_response::{TopicData, TransactionState};
use kafka_protocol::messages::{
    DescribeTransactionsRequest, DescribeTransactionsResponse, ProducerId, TopicName,
};

use super::str_bytes;
use crate::state::Broker;

/// Describes each id, or answers its error (NOT_COORDINATOR elsewhere,
/// TRANSACTIONAL_ID_NOT_FOUND for an unknown one).
pub async fn handle(
    broker: &Arc<Broker>,
    request: DescribeTransactionsRequest,
    _ctx: &RequestContext,
) -> DescribeTransactionsResponse {
    let states = request
        .transactional_ids
        .iter()
        .map(|id| {
            let state = TransactionState::default()
                .with_transactional_id(id.clone())
                .with_producer_id(ProducerId(-1))
                .with_producer_epoch(-1)
                .with_transaction_start_time_ms(-1);
            let described = broker
                .coordinates_txn(id)
                .and_then(|()| broker.txns().describe(id));
            match described {
                Err(e) => state.with_error_code(e.code()),
                Ok(d) => {
                    let mut topics: BTreeMap<&str, Vec<i32>> = BTreeMap::new();
                    for (t, p) in &d.partitions {
                        topics.entry(t).or_default().push(*p);
                    }
                    state
                        .with_transaction_state(str_bytes(d.state.name()))
                        .with_transaction_timeout_ms(d.timeout_ms)
                        .with_transaction_start_time_ms(d.start_ms)
                        .with_producer_id(ProducerId(d.producer_id))
                        .with_producer_epoch(d.producer_epoch)
                        .with_topics(
                            topics
                                .into_iter()
                                .map(|(t, ps)| {
                                    TopicData::default()
                                        .with_topic(TopicName(str_bytes(t)))
                                        .with_partitions(ps)
                                })
                                .collect(),
                        )
                }
            }
        })
        .collect();
    DescribeTransactionsResponse::default().with_transaction_states(states)
}
