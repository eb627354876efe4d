//! DeleteAcls: removes the ACLs each filter selects and reports them.

use std::sync::Arc;

use kafka_protocol::error::ResponseError;
use kafka_protocol::messages::delete_acls_response::{
    DeleteAclsFilterResult, DeleteAclsMatchingAcl,
};
use kafka_protocol::messages::{DeleteAclsRequest, DeleteAclsResponse};

use super::authorize::acl_changer;
use super::describe_acls::filter;
use super::{str_bytes, RequestContext};
use crate::state::Broker;

fn failed(error: ResponseError, message: &str) -> DeleteAclsFilterResult {
    DeleteAclsFilterResult::default()
        .with_error_code(error.code())
        .with_error_message(Some(str_bytes(message)))
}

/// Deletes per filter; a filter with unknown codes fails alone.
pub async fn handle(
    broker: &Arc<Broker>,
    request: DeleteAclsRequest,
    ctx: &RequestContext,
) -> DeleteAclsResponse {
    let every = |result: DeleteAclsFilterResult| {
        DeleteAclsResponse::default().with_filter_results(vec![result; request.filters.len()])
    };
    let authorizer = match acl_changer(broker, ctx) {
        Ok(authorizer) => authorizer,
        Err((error, message)) => return every(failed(error, message)),
    };
    let parsed: Vec<_> = request
        .filters
        .iter()
        .map(|f| {
            filter(
                f.resource_type_filter,
                &f.resource_name_filter,
                f.pattern_type_filter,
                &f.principal_filter,
                &f.host_filter,
                f.operation,
                f.permission_type,
            )
        })
        .collect();
    let valid: Vec<_> = parsed.iter().flatten().cloned().collect();
    let mut outcomes = authorizer.delete(&valid).await.into_iter();
    crate::kraft_log::record_security(broker);
    let results = parsed
        .iter()
        .map(|parsed| match parsed {
            None => failed(
                ResponseError::InvalidRequest,
                "The filter contains UNKNOWN elements",
            ),
            Some(_) => match outcomes.next() {
                Some(Ok(deleted)) => DeleteAclsFilterResult::default().with_matching_acls(
                    deleted
                        .iter()
                        .map(|b| {
                            DeleteAclsMatchingAcl::default()
                                .with_resource_type(b.pattern.resource_type.code())
                                .with_resource_name(str_bytes(&b.pattern.name))
                                .with_pattern_type(b.pattern.pattern_type.code())
                                .with_principal(str_bytes(&b.entry.principal))
                                .with_host(str_bytes(&b.entry.host))
                                .with_operation(b.entry.operation.code())
                                .with_permission_type(b.entry.permission.code())
                        })
                        .collect(),
                ),
                Some(Err(message)) => failed(ResponseError::UnknownServerError, &message),
                None => DeleteAclsFilterResult::default(),
            },
        })
        .collect();
    DeleteAclsResponse::default().with_filter_results(results)
}
