//! The one way handlers ask whether a request may do something (Kafka's
//! `AuthHelper.authorize`): the request's principal and host, an operation and a resource.
//! Without an authorizer it answers yes at once, so the hot paths pay nothing for ACLs.

use std::sync::Arc;

use kafka_protocol::error::ResponseError;

use super::RequestContext;
use crate::coordinator::GroupError;
use crate::security::acl::{AclOperation, Authorizer, ResourceType, CLUSTER_NAME};
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

/// The authorizer a request that changes ACLs (CreateAcls, DeleteAcls) goes to, or the error
/// and message Kafka gives each of its items instead: SECURITY_DISABLED when no authorizer is
/// configured, CLUSTER_AUTHORIZATION_FAILED without ALTER on the cluster.
pub fn acl_changer<'a>(
    broker: &'a Broker,
    ctx: &RequestContext,
) -> Result<&'a Arc<Authorizer>, (ResponseError, &'static str)> {
    let authorizer = broker.authorizer().ok_or((
        ResponseError::SecurityDisabled,
        "No Authorizer is configured.",
    ))?;
    if !authorize_cluster(broker, ctx, AclOperation::Alter) {
        return Err((
            ResponseError::ClusterAuthorizationFailed,
            "Cluster authorization failed.",
        ));
    }
    Ok(authorizer)
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

/// InitProducerId's check (Kafka's): a transactional producer needs WRITE on its
/// transactional id; an idempotent one IDEMPOTENT_WRITE on the cluster or WRITE on some
/// topic.
pub fn producer_id_denied(
    broker: &Broker,
    ctx: &RequestContext,
    transactional_id: Option<&str>,
) -> Option<ResponseError> {
    let authorizer = broker.authorizer()?;
    match transactional_id {
        Some(id) => (!authorize(
            broker,
            ctx,
            AclOperation::Write,
            ResourceType::TransactionalId,
            id,
        ))
        .then_some(ResponseError::TransactionalIdAuthorizationFailed),
        None => {
            let host = ctx
                .client_host
                .strip_prefix('/')
                .unwrap_or(&ctx.client_host);
            let allowed = authorize_cluster(broker, ctx, AclOperation::IdempotentWrite)
                || authorizer.authorize_any(
                    &ctx.principal,
                    host,
                    AclOperation::Write,
                    ResourceType::Topic,
                );
            (!allowed).then_some(ResponseError::ClusterAuthorizationFailed)
        }
    }
}

/// GROUP_AUTHORIZATION_FAILED unless the request may do `operation` on `group`.
pub fn group_check(
    broker: &Broker,
    ctx: &RequestContext,
    operation: AclOperation,
    group: &str,
) -> Result<(), GroupError> {
    if authorize(broker, ctx, operation, ResourceType::Group, group) {
        Ok(())
    } else {
        Err(GroupError::GroupAuthorizationFailed)
    }
}

/// The check of a config resource (DescribeConfigs, AlterConfigs, IncrementalAlterConfigs):
/// `operation` on the topic, or on the cluster for a broker or broker logger; the error to
/// answer when it fails.
pub fn config_resource_denied(
    broker: &Broker,
    ctx: &RequestContext,
    operation: AclOperation,
    resource_type: i8,
    name: &str,
) -> Option<ResponseError> {
    const TOPIC: i8 = 2;
    const BROKER: i8 = 4;
    const BROKER_LOGGER: i8 = 8;
    let (resource_type, name) = match resource_type {
        TOPIC => (ResourceType::Topic, name),
        // CLIENT_METRICS (16) resources are the cluster's, as in Kafka.
        BROKER | BROKER_LOGGER | 16 => (ResourceType::Cluster, CLUSTER_NAME),
        _ => return None,
    };
    (!authorize(broker, ctx, operation, resource_type, name)).then(|| denied(resource_type))
}

#[cfg(test)]
#[path = "authorize_tests.rs"]
mod tests;
