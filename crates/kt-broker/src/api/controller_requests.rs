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
        ControllerApi::ControlledShutdown => Err(DispatchError::UnknownApi(api.key())),
    }
}
