//! GetTelemetrySubscriptions (KIP-714): a client with metrics push on (`enable.metrics.push`)
//! asks which of its metrics to push and how often; the answer is the union of the client
//! metrics subscriptions matching it (`kt client-metrics --alter`). Announced only with
//! `metrics.listener`, where pushed metrics are shown (see `api_versions`).

use super::RequestContext;
use std::sync::Arc;

use kafka_protocol::messages::{
    GetTelemetrySubscriptionsRequest, GetTelemetrySubscriptionsResponse,
};

use super::str_bytes;
use crate::metrics::client_metrics::telemetry::MAX_BYTES;
use crate::metrics::client_metrics::ClientIdentity;
use crate::state::Broker;

/// The client's instance id (a new one when it has none) and subscription.
pub async fn handle(
    broker: &Arc<Broker>,
    request: GetTelemetrySubscriptionsRequest,
    ctx: &RequestContext,
) -> GetTelemetrySubscriptionsResponse {
    let resources = &broker.metrics().client_metrics;
    let (id, subscription) = resources.telemetry.subscribe(
        Some(request.client_instance_id),
        identity(ctx),
        &resources.all(),
    );
    GetTelemetrySubscriptionsResponse::default()
        .with_client_instance_id(id)
        .with_subscription_id(subscription.id)
        // Payloads come uncompressed: the list of accepted codecs is empty.
        .with_accepted_compression_types(Vec::new())
        .with_push_interval_ms(subscription.interval_ms)
        .with_telemetry_max_bytes(MAX_BYTES)
        // Cumulative sums, which the metrics endpoint shows as Prometheus counters.
        .with_delta_temporality(false)
        .with_requested_metrics(subscription.metrics.iter().map(|m| str_bytes(m)).collect())
}

/// What the `match` selectors see of the client.
pub(crate) fn identity(ctx: &RequestContext) -> ClientIdentity {
    ClientIdentity {
        client_id: ctx.client_id.clone(),
        source_address: ctx.client_host.trim_start_matches('/').to_string(),
    }
}
