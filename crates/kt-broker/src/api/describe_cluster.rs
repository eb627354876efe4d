//! DescribeCluster: the cluster id, the controller and the live brokers.

use super::RequestContext;
use std::sync::Arc;

use kafka_protocol::messages::describe_cluster_response::DescribeClusterBroker;
use kafka_protocol::messages::{BrokerId, DescribeClusterRequest, DescribeClusterResponse};

use super::str_bytes;
use crate::state::Broker;

/// Describes the cluster: a standalone broker is a cluster of one and its own controller.
pub async fn handle(
    broker: &Arc<Broker>,
    request: DescribeClusterRequest,
    ctx: &RequestContext,
) -> DescribeClusterResponse {
    let view = broker.view();
    // Asked for, the operations allowed on the cluster (none without DESCRIBE), as Kafka.
    let operations = if !request.include_cluster_authorized_operations {
        i32::MIN
    } else if super::authorize_cluster(broker, ctx, super::authorize::Op::Describe) {
        super::authorize::authorized_operations(
            broker,
            ctx,
            super::authorize::Resource::Cluster,
            crate::security::acl::CLUSTER_NAME,
        )
    } else {
        0
    };
    DescribeClusterResponse::default()
        .with_cluster_authorized_operations(operations)
        .with_cluster_id(str_bytes(broker.cluster_id()))
        .with_controller_id(BrokerId(view.controller))
        .with_brokers(
            view.brokers_on(&ctx.listener)
                .map(|(id, e)| {
                    DescribeClusterBroker::default()
                        .with_broker_id(BrokerId(id))
                        .with_host(str_bytes(&e.host))
                        .with_port(e.port)
                })
                .collect(),
        )
}
