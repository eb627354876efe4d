//! ApiVersions: which APIs and versions this broker serves, from the route table.

use super::RequestContext;
use std::sync::Arc;

use kafka_protocol::messages::api_versions_response::{
    ApiVersion, FinalizedFeatureKey, SupportedFeatureKey,
};
use kafka_protocol::messages::{ApiKey, ApiVersionsRequest, ApiVersionsResponse};

use super::ROUTES;
use crate::replication::controller_api::ControllerApi;
use crate::state::Broker;

/// Lists every route. Outside KRaft mode the optional tagged fields (features) stay at their
/// defaults, so they are not sent (old librdkafka, Debian's kcat, mis-reads them, and Kafka's
/// ZooKeeper-mode brokers report no features), and DescribeQuorum, which only a KRaft node
/// serves, is left out. A KRaft node announces its features as Kafka's do (version 3 on), and
/// not the ZooKeeper-mode controller APIs.
pub async fn handle(
    broker: &Arc<Broker>,
    _request: ApiVersionsRequest,
    ctx: &RequestContext,
) -> ApiVersionsResponse {
    let mut response = supported_versions(0);
    telemetry_apis(broker, &mut response);
    let Some(features) = broker.features() else {
        response
            .api_keys
            .retain(|a| a.api_key != ApiKey::DescribeQuorum as i16);
        return response;
    };
    // A KRaft node has no ZooKeeper-mode controller channel (nor does Kafka's list it).
    response
        .api_keys
        .retain(|a| ControllerApi::from_key(a.api_key).is_none());
    if ctx.version < 3 {
        return response;
    }
    let finalized = features.finalized();
    response.supported_features = crate::features::supported()
        .iter()
        .map(|(name, min, max)| {
            SupportedFeatureKey::default()
                .with_name(super::str_bytes(name))
                .with_min_version(*min)
                .with_max_version(*max)
        })
        .collect();
    response.finalized_features = finalized
        .levels
        .iter()
        .map(|(name, level)| {
            FinalizedFeatureKey::default()
                .with_name(super::str_bytes(name))
                .with_min_version_level(*level)
                .with_max_version_level(*level)
        })
        .collect();
    response.finalized_features_epoch = finalized.epoch;
    response
}

/// The response body listing every route and the four controller APIs (served by their own codec
/// outside the route table, as Kafka 3.9's ZooKeeper-mode brokers list them), with `error_code` (0,
/// or UNSUPPORTED_VERSION when a client asked for a version newer than kt's: it then retries with
/// one from this list).
/// The client metrics APIs of KIP-714 are announced only when the broker has somewhere to
/// put what clients push, as Kafka announces them only with a telemetry receiver: kt's is
/// the metrics endpoint (`metrics.listener`). Without it a client never starts pushing, and
/// ApiVersions reads as Kafka 3.9's own broker's.
fn telemetry_apis(broker: &Broker, response: &mut ApiVersionsResponse) {
    let telemetry = [
        ApiKey::GetTelemetrySubscriptions as i16,
        ApiKey::PushTelemetry as i16,
    ];
    if broker.config().metrics_listener.is_none() {
        response
            .api_keys
            .retain(|a| !telemetry.contains(&a.api_key));
        return;
    }
    let (min, max) = super::list_client_metrics_resources::VERSIONS;
    response.api_keys.push(
        ApiVersion::default()
            .with_api_key(super::list_client_metrics_resources::KEY)
            .with_min_version(min)
            .with_max_version(max),
    );
    response.api_keys.sort_by_key(|a| a.api_key);
}

pub fn supported_versions(error_code: i16) -> ApiVersionsResponse {
    let mut apis: Vec<ApiVersion> = ROUTES
        .iter()
        .map(|r| {
            ApiVersion::default()
                .with_api_key(r.key as i16)
                .with_min_version(r.min_version)
                .with_max_version(r.max_version)
        })
        .chain(ControllerApi::ALL.into_iter().map(|api| {
            let range = api.versions();
            ApiVersion::default()
                .with_api_key(api.key())
                .with_min_version(range.min)
                .with_max_version(range.max)
        }))
        .collect();
    // In key order, as Kafka lists them.
    apis.sort_by_key(|a| a.api_key);
    ApiVersionsResponse::default()
        .with_error_code(error_code)
        .with_api_keys(apis)
}
