//! The one way handlers ask whether a request may do something (Kafka's
//! `AuthHelper.authorize`): the request's principal and host, an operation and a resource.
//! Without an authorizer it answers yes at once, so the hot paths pay nothing for ACLs.

use kafka_protocol::error::ResponseError;

use super::RequestContext;
use crate::security::acl::{AclOperation, ResourceType, CLUSTER_NAME};
use crate::state::Broker;

pub use crate::security::acl::AclOperation as Op;
pub use crate::security::acl::ResourceType as Resource;

/// Whether the request may do `operation` on the resource `name` of `resource_type`.
pub fn authorize(
    broker: &Broker,
    ctx: &RequestContext,
    operation: AclOperation,
    resource_type: ResourceType,
    name: &str,
) -> bool {
    match broker.authorizer() {
        None => true,
        Some(authorizer) => {
            let host = ctx
                .client_host
                .strip_prefix('/')
                .unwrap_or(&ctx.client_host);
            authorizer.authorize(&ctx.principal, host, operation, resource_type, name)
        }
    }
}

/// Whether the request may do `operation` on the cluster.
pub fn authorize_cluster(broker: &Broker, ctx: &RequestContext, operation: AclOperation) -> bool {
    authorize(broker, ctx, operation, ResourceType::Cluster, CLUSTER_NAME)
}

/// The error Kafka answers when `resource_type` is not authorized.
pub fn denied(resource_type: ResourceType) -> ResponseError {
    match resource_type {
        ResourceType::Topic => ResponseError::TopicAuthorizationFailed,
        ResourceType::Group => ResponseError::GroupAuthorizationFailed,
        ResourceType::TransactionalId => ResponseError::TransactionalIdAuthorizationFailed,
        ResourceType::DelegationToken => ResponseError::DelegationTokenAuthorizationFailed,
        _ => ResponseError::ClusterAuthorizationFailed,
    }
}

/// Kafka's `authorizedOperations` bit field for a resource (Metadata, DescribeGroups,
/// DescribeCluster when asked): bit `code` set for each operation allowed. Without an
/// authorizer every supported operation is.
pub fn authorized_operations(
    broker: &Broker,
    ctx: &RequestContext,
    resource_type: ResourceType,
    name: &str,
) -> i32 {
    AclOperation::supported_on(resource_type)
        .iter()
        .filter(|op| authorize(broker, ctx, **op, resource_type, name))
        .fold(0, |bits, op| bits | (1 << op.code()))
}
