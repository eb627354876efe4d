//! AlterPartition (56): a leader's proposed ISR changes, which the controller checks against the
//! state znodes and writes (`cluster::alter_partition`), as Kafka 3.9's ZooKeeper-mode
//! controller does. Versions 2-3 (by topic id; 3 names ISR members with broker epochs), what
//! a 3.9 broker sends at the default `inter.broker.protocol.version`; versions 0-1 (by topic
//! name, before IBP 3.3) are not in kafka-protocol since its Kafka 4.0 release.

use std::sync::Arc;

use kafka_protocol::error::ResponseError;
use kafka_protocol::messages::{AlterPartitionRequest, AlterPartitionResponse};

use super::RequestContext;
use crate::cluster::alter_partition::refused;
use crate::cluster::ControllerEvent;
use crate::state::Broker;

/// Hands the request to the controller loop; NOT_CONTROLLER unless this broker is the
/// controller, CLUSTER_AUTHORIZATION_FAILED unless the principal may ClusterAction (only
/// brokers change ISRs, as in Kafka).
pub async fn handle(
    broker: &Arc<Broker>,
    request: AlterPartitionRequest,
    ctx: &RequestContext,
) -> AlterPartitionResponse {
    if !super::authorize_cluster(broker, ctx, super::authorize::Op::ClusterAction) {
        return refused(ResponseError::ClusterAuthorizationFailed);
    }
    let Some(cluster) = broker.cluster() else {
        return refused(ResponseError::NotController);
    };
    let (reply, answer) = tokio::sync::oneshot::channel();
    cluster.submit(ControllerEvent::AlterPartition { request, reply });
    answer
        .await
        .unwrap_or_else(|_| refused(ResponseError::NotController))
}
