//! WriteTxnMarkers: a transaction coordinator on another broker asks this one, the leader of
//! some partitions of a transaction, to write the transaction's COMMIT or ABORT marker.

use super::RequestContext;
use std::sync::Arc;

use kafka_protocol::messages::write_txn_markers_response::{
    WritableTxnMarkerPartitionResult, WritableTxnMarkerResult, WritableTxnMarkerTopicResult,
};
use kafka_protocol::messages::{WriteTxnMarkersRequest, WriteTxnMarkersResponse};

use crate::state::Broker;
use crate::txn::TxnResult;
use kt_base::clock::now_ms;

/// Appends each marker to each of its partitions this broker leads.
pub async fn handle(
    broker: &Arc<Broker>,
    request: WriteTxnMarkersRequest,
    ctx: &RequestContext,
) -> WriteTxnMarkersResponse {
    let now = now_ms();
    // Kafka: only brokers (ClusterAction) write markers.
    let allowed = super::authorize_cluster(broker, ctx, super::authorize::Op::ClusterAction);
    let markers = request
        .markers
        .iter()
        .map(|marker| {
            let result = if marker.transaction_result {
                TxnResult::Commit
            } else {
                TxnResult::Abort
            };
            let topics = marker
                .topics
                .iter()
                .map(|topic| {
                    let partitions = topic
                        .partition_indexes
                        .iter()
                        .map(|index| {
                            let written = if !allowed {
                                Err(kafka_protocol::error::ResponseError::ClusterAuthorizationFailed)
                            } else {
                                broker.leading(&topic.name, *index).and_then(|partition| {
                                    broker
                                        .append_marker(
                                            &partition,
                                            marker.producer_id.0,
                                            marker.producer_epoch,
                                            marker.coordinator_epoch,
                                            result,
                                            now,
                                        )
                                        .map_err(|e| e.response_error())
                                })
                            };
                            WritableTxnMarkerPartitionResult::default()
                                .with_partition_index(*index)
                                .with_error_code(written.err().map_or(0, |e| e.code()))
                        })
                        .collect();
                    WritableTxnMarkerTopicResult::default()
                        .with_name(topic.name.clone())
                        .with_partitions(partitions)
                })
                .collect();
            WritableTxnMarkerResult::default()
                .with_producer_id(marker.producer_id)
                .with_topics(topics)
        })
        .collect();
    WriteTxnMarkersResponse::default().with_markers(markers)
}
