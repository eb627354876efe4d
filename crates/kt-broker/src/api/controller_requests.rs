//! The ZooKeeper-mode controller APIs a broker serves: LeaderAndIsr (4), StopReplica (5),
//! UpdateMetadata (6) from the controller, and ControlledShutdown (7) on the controller. They
//! are not in kafka-protocol's `ApiKey` (it dropped them with Kafka 4.0), so they have their
//! own little route here beside the main table, over `replication::controller_api`'s codec.

use std::sync::Arc;

use bytes::{Bytes, BytesMut};
use kafka_protocol::protocol::{Decodable, Encodable};

use super::DispatchError;
use crate::replication::controller_api::*;
use crate::replication::from_controller;
use crate::state::Broker;

/// Decodes a controller API request body, runs it and encodes the response body into `out`.
/// A standalone (or KRaft) broker does not serve them: Kafka's brokers there do not either.
pub async fn dispatch(
    broker: &Arc<Broker>,
    api: ControllerApi,
    version: i16,
    body: &mut Bytes,
    out: &mut BytesMut,
) -> Result<(), DispatchError> {
    if broker.cluster().is_none() {
        return Err(DispatchError::UnknownApi(api.key()));
    }
    let malformed = |e: anyhow::Error| DispatchError::Malformed(e.to_string());
    match api {
        ControllerApi::LeaderAndIsr => {
            let request = LeaderAndIsrRequest::decode(body, version).map_err(malformed)?;
            from_controller::leader_and_isr(broker, request, version)
                .await
                .encode(out, version)
                .map_err(malformed)
        }
        ControllerApi::UpdateMetadata => {
            let request = UpdateMetadataRequest::decode(body, version).map_err(malformed)?;
            from_controller::update_metadata(broker, request)
                .await
                .encode(out, version)
                .map_err(malformed)
        }
        ControllerApi::StopReplica => {
            let request = StopReplicaRequest::decode(body, version).map_err(malformed)?;
            from_controller::stop_replica(broker, request, version)
                .await
                .encode(out, version)
                .map_err(malformed)
        }
        ControllerApi::ControlledShutdown => {
            let request = ControlledShutdownRequest::decode(body, version).map_err(malformed)?;
            controlled_shutdown(broker, request)
                .await
                .encode(out, version)
                .map_err(malformed)
        }
    }
}

/// ControlledShutdown, on the controller: the controller loop moves the broker's leaderships
/// and ISR memberships away and answers with what it still leads (NOT_CONTROLLER elsewhere).
async fn controlled_shutdown(
    broker: &Arc<Broker>,
    request: ControlledShutdownRequest,
) -> ControlledShutdownResponse {
    use kafka_protocol::error::ResponseError;
    use kafka_protocol::messages::TopicName;
    use kafka_protocol::protocol::StrBytes;
    let Some(cluster) = broker.cluster() else {
        return ControlledShutdownResponse {
            error_code: ResponseError::NotController.code(),
            ..Default::default()
        };
    };
    let (reply, answer) = tokio::sync::oneshot::channel();
    cluster.submit(crate::cluster::ControllerEvent::ControlledShutdown {
        broker: request.broker_id.0,
        reply,
    });
    match answer.await {
        Ok(Ok(remaining)) => ControlledShutdownResponse {
            error_code: 0,
            remaining_partitions: remaining
                .into_iter()
                .map(|(topic, partition)| RemainingPartition {
                    topic_name: TopicName(StrBytes::from_string(topic)),
                    partition_index: partition,
                    ..Default::default()
                })
                .collect(),
            ..Default::default()
        },
        Ok(Err(error_code)) => ControlledShutdownResponse {
            error_code,
            ..Default::default()
        },
        Err(_) => ControlledShutdownResponse {
            error_code: ResponseError::NotController.code(),
            ..Default::default()
        },
    }
}
