//! What kafka-acls.sh asks of a cluster: CreateAcls, DescribeAcls and DeleteAcls, sent to
//! the first bootstrap broker that answers (any broker serves them), over [`super::wire`].
//! The ACL model (patterns, entries, filters, Kafka's printed forms) is the broker's own.

use std::time::Duration;

use kafka_protocol::error::ResponseError;
use kafka_protocol::messages::create_acls_request::AclCreation;
use kafka_protocol::messages::delete_acls_request::DeleteAclsFilter;
use kafka_protocol::messages::{CreateAclsRequest, DeleteAclsRequest, DescribeAclsRequest};
use kafka_protocol::protocol::StrBytes;

use super::wire::{property_ms, WireClient, WireError};
use kt_broker::security::acl::{
    AclBinding, AclBindingFilter, AclEntry, AclOperation, PatternType, PermissionType,
    ResourcePattern, ResourceType,
};

/// The client id when `client.id` is not set.
const CLIENT_ID: &str = "kafka-acls";

/// Why an ACL call failed.
#[derive(Debug, thiserror::Error)]
pub enum AclAdminError {
    #[error(transparent)]
    Wire(#[from] WireError),
    /// The broker refused: its error and message.
    #[error("{}", exception(*.0, .1.as_deref()))]
    Refused(ResponseError, Option<String>),
}

/// The Java exception Kafka's admin client makes of a broker error, as `toString` prints it.
fn exception(error: ResponseError, message: Option<&str>) -> String {
    let (class, default) = match error {
        ResponseError::SecurityDisabled => ("SecurityDisabledException", "Security features are disabled."),
        ResponseError::ClusterAuthorizationFailed => {
            ("ClusterAuthorizationException", "Cluster authorization failed.")
        }
        ResponseError::InvalidRequest => (
            "InvalidRequestException",
            "This most likely occurs because of a request being malformed by the client library or the message was sent to an incompatible broker. See the broker logs for more details.",
        ),
        _ => ("UnknownServerException", "The server experienced an unexpected error when processing the request."),
    };
    format!(
        "org.apache.kafka.common.errors.{class}: {}",
        message.filter(|m| !m.is_empty()).unwrap_or(default)
    )
}

fn refused(code: i16, message: &Option<StrBytes>) -> AclAdminError {
    AclAdminError::Refused(
        ResponseError::try_from_code(code).unwrap_or(ResponseError::UnknownServerError),
        message.as_ref().map(|m| m.to_string()),
    )
}

/// `default.api.timeout.ms` of the client properties, else the tool's 30 s.
fn timeout(properties: &[(String, String)]) -> Duration {
    property_ms(properties, "default.api.timeout.ms", 30_000)
}

/// A connection to the first bootstrap server that answers.
async fn connect(
    bootstrap: &str,
    properties: &[(String, String)],
) -> Result<WireClient, WireError> {
    let timeout = timeout(properties);
    let mut last = None;
    for addr in bootstrap
        .split(',')
        .map(str::trim)
        .filter(|a| !a.is_empty())
    {
        match WireClient::connect(addr, properties, CLIENT_ID, timeout).await {
            Ok(client) => return Ok(client),
            Err(e) => last = Some(e),
        }
    }
    Err(last.unwrap_or_else(|| WireError::Config("no bootstrap server given".into())))
}

fn s(text: &str) -> StrBytes {
    StrBytes::from_string(text.to_string())
}

/// Adds `bindings`; the first refusal fails the call, as `createAcls(..).all().get()` does.
pub async fn create_acls(
    bootstrap: &str,
    properties: &[(String, String)],
    bindings: &[AclBinding],
) -> Result<(), AclAdminError> {
    let mut client = connect(bootstrap, properties).await?;
    let request = CreateAclsRequest::default().with_creations(
        bindings
            .iter()
            .map(|b| {
                AclCreation::default()
                    .with_resource_type(b.pattern.resource_type.code())
                    .with_resource_name(s(&b.pattern.name))
                    .with_resource_pattern_type(b.pattern.pattern_type.code())
                    .with_principal(s(&b.entry.principal))
                    .with_host(s(&b.entry.host))
                    .with_operation(b.entry.operation.code())
                    .with_permission_type(b.entry.permission.code())
            })
            .collect(),
    );
    let response = client.call(&request, 3).await?;
    match response.results.iter().find(|r| r.error_code != 0) {
        Some(failed) => Err(refused(failed.error_code, &failed.error_message)),
        None => Ok(()),
    }
}

/// The ACLs `filter` selects.
pub async fn describe_acls(
    bootstrap: &str,
    properties: &[(String, String)],
    filter: &AclBindingFilter,
) -> Result<Vec<AclBinding>, AclAdminError> {
    let mut client = connect(bootstrap, properties).await?;
    let request = DescribeAclsRequest::default()
        .with_resource_type_filter(filter.pattern.resource_type.code())
        .with_resource_name_filter(filter.pattern.name.as_deref().map(s))
        .with_pattern_type_filter(filter.pattern.pattern_type.code())
        .with_principal_filter(filter.entry.principal.as_deref().map(s))
        .with_host_filter(filter.entry.host.as_deref().map(s))
        .with_operation(filter.entry.operation.code())
        .with_permission_type(filter.entry.permission.code());
    let response = client.call(&request, 3).await?;
    if response.error_code != 0 {
        return Err(refused(response.error_code, &response.error_message));
    }
    let mut bindings = Vec::new();
    for resource in &response.resources {
        let (Some(resource_type), Some(pattern_type)) = (
            ResourceType::from_code(resource.resource_type),
            PatternType::from_code(resource.pattern_type),
        ) else {
            continue;
        };
        let pattern = ResourcePattern::new(
            resource_type,
            resource.resource_name.to_string(),
            pattern_type,
        );
        for acl in &resource.acls {
            let (Some(operation), Some(permission)) = (
                AclOperation::from_code(acl.operation),
                PermissionType::from_code(acl.permission_type),
            ) else {
                continue;
            };
            bindings.push(AclBinding {
                pattern: pattern.clone(),
                entry: AclEntry {
                    principal: acl.principal.to_string(),
                    host: acl.host.to_string(),
                    operation,
                    permission,
                },
            });
        }
    }
    Ok(bindings)
}

/// Deletes what each filter selects; the first refusal fails the call.
pub async fn delete_acls(
    bootstrap: &str,
    properties: &[(String, String)],
    filters: &[AclBindingFilter],
) -> Result<usize, AclAdminError> {
    let mut client = connect(bootstrap, properties).await?;
    let request = DeleteAclsRequest::default().with_filters(
        filters
            .iter()
            .map(|f| {
                DeleteAclsFilter::default()
                    .with_resource_type_filter(f.pattern.resource_type.code())
                    .with_resource_name_filter(f.pattern.name.as_deref().map(s))
                    .with_pattern_type_filter(f.pattern.pattern_type.code())
                    .with_principal_filter(f.entry.principal.as_deref().map(s))
                    .with_host_filter(f.entry.host.as_deref().map(s))
                    .with_operation(f.entry.operation.code())
                    .with_permission_type(f.entry.permission.code())
            })
            .collect(),
    );
    let response = client.call(&request, 3).await?;
    let mut deleted = 0;
    for result in &response.filter_results {
        if result.error_code != 0 {
            return Err(refused(result.error_code, &result.error_message));
        }
        deleted += result.matching_acls.len();
    }
    Ok(deleted)
}
