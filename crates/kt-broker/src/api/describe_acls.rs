//! DescribeAcls: the ACLs a filter selects, grouped by resource pattern.

use std::sync::Arc;

use kafka_protocol::error::ResponseError;
use kafka_protocol::messages::describe_acls_response::{AclDescription, DescribeAclsResource};
use kafka_protocol::messages::{DescribeAclsRequest, DescribeAclsResponse};
use kafka_protocol::protocol::StrBytes;

use super::authorize::{authorize_cluster, Op};
use super::{str_bytes, RequestContext};
use crate::security::acl::{
    AclBindingFilter, AclEntryFilter, AclOperation, PatternType, PermissionType,
    ResourcePatternFilter, ResourceType,
};
use crate::state::Broker;

/// The filter of DescribeAcls and DeleteAcls, or None when a field has an unknown code.
pub(crate) fn filter(
    resource_type: i8,
    name: &Option<StrBytes>,
    pattern_type: i8,
    principal: &Option<StrBytes>,
    host: &Option<StrBytes>,
    operation: i8,
    permission: i8,
) -> Option<AclBindingFilter> {
    Some(AclBindingFilter {
        pattern: ResourcePatternFilter {
            resource_type: ResourceType::from_code(resource_type)?,
            name: name.as_ref().map(|n| n.to_string()),
            pattern_type: PatternType::from_code(pattern_type)?,
        },
        entry: AclEntryFilter {
            principal: principal.as_ref().map(|p| p.to_string()),
            host: host.as_ref().map(|h| h.to_string()),
            operation: AclOperation::from_code(operation)?,
            permission: PermissionType::from_code(permission)?,
        },
    })
}

/// Lists the ACLs the filter selects.
pub async fn handle(
    broker: &Arc<Broker>,
    request: DescribeAclsRequest,
    ctx: &RequestContext,
) -> DescribeAclsResponse {
    let error = |error: ResponseError, message: &str| {
        DescribeAclsResponse::default()
            .with_error_code(error.code())
            .with_error_message(Some(str_bytes(message)))
    };
    if !authorize_cluster(broker, ctx, Op::Describe) {
        return error(
            ResponseError::ClusterAuthorizationFailed,
            "Cluster authorization failed.",
        );
    }
    let Some(authorizer) = broker.authorizer() else {
        return error(
            ResponseError::SecurityDisabled,
            "No Authorizer is configured on the broker",
        );
    };
    let Some(filter) = filter(
        request.resource_type_filter,
        &request.resource_name_filter,
        request.pattern_type_filter,
        &request.principal_filter,
        &request.host_filter,
        request.operation,
        request.permission_type,
    ) else {
        return error(
            ResponseError::InvalidRequest,
            "The filter contains UNKNOWN elements",
        );
    };
    let mut resources: Vec<DescribeAclsResource> = Vec::new();
    for binding in authorizer.describe(&filter) {
        let description = AclDescription::default()
            .with_principal(str_bytes(&binding.entry.principal))
            .with_host(str_bytes(&binding.entry.host))
            .with_operation(binding.entry.operation.code())
            .with_permission_type(binding.entry.permission.code());
        let pattern = &binding.pattern;
        match resources.last_mut().filter(|r| {
            r.resource_type == pattern.resource_type.code()
                && r.pattern_type == pattern.pattern_type.code()
                && r.resource_name.as_str() == pattern.name
        }) {
            Some(resource) => resource.acls.push(description),
            None => resources.push(
                DescribeAclsResource::default()
                    .with_resource_type(pattern.resource_type.code())
                    .with_resource_name(str_bytes(&pattern.name))
                    .with_pattern_type(pattern.pattern_type.code())
                    .with_acls(vec![description]),
            ),
        }
    }
    DescribeAclsResponse::default().with_resources(resources)
}
