//! CreateAcls: adds ACLs, each checked as Kafka's AclApis and AclAuthorizer check them.

use std::sync::Arc;

use kafka_protocol::error::ResponseError;
use kafka_protocol::messages::create_acls_request::AclCreation;
use kafka_protocol::messages::create_acls_response::AclCreationResult;
use kafka_protocol::messages::{CreateAclsRequest, CreateAclsResponse};

use super::authorize::acl_changer;
use super::{str_bytes, RequestContext};
use crate::security::acl::{
    check_principal, AclBinding, AclEntry, AclOperation, PatternType, PermissionType,
    ResourcePattern, ResourceType, CLUSTER_NAME,
};
use crate::state::Broker;

fn failed(error: ResponseError, message: &str) -> AclCreationResult {
    AclCreationResult::default()
        .with_error_code(error.code())
        .with_error_message(Some(str_bytes(message)))
}

/// The binding a creation asks for, or why it cannot be one.
fn binding(creation: &AclCreation) -> Result<AclBinding, String> {
    let resource_type = ResourceType::from_code(creation.resource_type)
        .filter(|t| *t != ResourceType::Any)
        .ok_or("ACL binding contains unknown elements")?;
    let pattern_type = PatternType::from_code(creation.resource_pattern_type)
        .filter(|p| p.is_specific())
        .ok_or("ACL binding contains unknown elements")?;
    let operation = AclOperation::from_code(creation.operation)
        .filter(|o| *o != AclOperation::Any)
        .ok_or("ACL binding contains unknown elements")?;
    let permission = PermissionType::from_code(creation.permission_type)
        .filter(|p| *p != PermissionType::Any)
        .ok_or("ACL binding contains unknown elements")?;
    let name = creation.resource_name.to_string();
    if resource_type == ResourceType::Cluster && name != CLUSTER_NAME {
        return Err(format!(
            "The only valid name for the CLUSTER resource is {CLUSTER_NAME}"
        ));
    }
    if name.is_empty() {
        return Err("Invalid empty resource name".into());
    }
    if name.contains('/') {
        return Err(format!(
            "ACL binding contains invalid resource name: {name}"
        ));
    }
    check_principal(&creation.principal)?;
    Ok(AclBinding {
        pattern: ResourcePattern::new(resource_type, name, pattern_type),
        entry: AclEntry {
            principal: creation.principal.to_string(),
            host: creation.host.to_string(),
            operation,
            permission,
        },
    })
}

/// Adds the valid ACLs; each creation gets its own outcome.
pub async fn handle(
    broker: &Arc<Broker>,
    request: CreateAclsRequest,
    ctx: &RequestContext,
) -> CreateAclsResponse {
    let every = |result: AclCreationResult| {
        CreateAclsResponse::default().with_results(vec![result; request.creations.len()])
    };
    let authorizer = match acl_changer(broker, ctx) {
        Ok(authorizer) => authorizer,
        Err((error, message)) => return every(failed(error, message)),
    };
    let parsed: Vec<Result<AclBinding, String>> = request.creations.iter().map(binding).collect();
    let valid: Vec<AclBinding> = parsed
        .iter()
        .filter_map(|b| b.as_ref().ok().cloned())
        .collect();
    let mut outcomes = authorizer.create(&valid).await.into_iter();
    crate::kraft_log::record_security(broker);
    let results = parsed
        .iter()
        .map(|parsed| match parsed {
            Err(message) => failed(ResponseError::InvalidRequest, message),
            Ok(_) => match outcomes.next() {
                Some(Ok(())) | None => AclCreationResult::default(),
                Some(Err(message)) => failed(ResponseError::UnknownServerError, &message),
            },
        })
        .collect();
    CreateAclsResponse::default().with_results(results)
}
