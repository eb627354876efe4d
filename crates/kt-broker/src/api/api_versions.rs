//! ApiVersions: which APIs and versions this broker serves, from the route table.

use super::RequestContext;
use std::sync::Arc;

use kafka_protocol::messages::api_versions_response::ApiVersion;
use kafka_protocol::messages::{ApiVersionsRequest, ApiVersionsResponse};

use super::ROUTES;
use crate::state::Broker;

/// Lists every route. Optional tagged fields (features) stay at their defaults, so they are
/// not sent: old librdkafka (Debian's kcat) mis-reads them.
pub async fn handle(
    _broker: &Arc<Broker>,
    _request: ApiVersionsRequest,
    _ctx: &RequestContext,
) -> ApiVersionsResponse {
    supported_versions(0)
}

/// The response body listing every route, with `error_code` (0, or UNSUPPORTED_VERSION when a
/// client asked for a version newer than kt's: it then retries with one from this list).
pub fn supported_versions(error_code: i16) -> ApiVersionsResponse {
    let mut routes: Vec<_> = ROUTES.iter().collect();
    // In key order, as Kafka lists them.
    routes.sort_by_key(|r| r.key as i16);
    ApiVersionsResponse::default()
        .with_error_code(error_code)
        .with_api_keys(
            routes
                .into_iter()
                .map(|r| {
                    ApiVersion::default()
                        .with_api_key(r.key as i16)
                        .with_min_version(r.min_version)
                        .with_max_version(r.max_version)
                })
                .collect(),
        )
}
