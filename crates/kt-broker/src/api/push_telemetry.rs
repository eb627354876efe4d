//! PushTelemetry (KIP-714): a client's metrics under its subscription, an OpenTelemetry
//! `MetricsData` payload; the last push of each client is shown on the metrics endpoint.

use super::RequestContext;
use std::sync::Arc;

use kafka_protocol::error::ResponseError;
use kafka_protocol::messages::{PushTelemetryRequest, PushTelemetryResponse};

use crate::metrics::client_metrics::PushRefusal;
use crate::state::Broker;

/// Checks the push as Kafka does and keeps its points.
pub async fn handle(
    broker: &Arc<Broker>,
    request: PushTelemetryRequest,
    ctx: &RequestContext,
) -> PushTelemetryResponse {
    let resources = &broker.metrics().client_metrics;
    let outcome = resources.telemetry.push(
        request.client_instance_id,
        super::get_telemetry_subscriptions::identity(ctx),
        request.subscription_id,
        request.terminating,
        request.compression_type,
        &request.metrics,
        &resources.all(),
    );
    let error = match outcome {
        Ok(()) => return PushTelemetryResponse::default(),
        Err(PushRefusal::InvalidRequest) => ResponseError::InvalidRequest,
        Err(PushRefusal::UnknownSubscriptionId) => ResponseError::UnknownSubscriptionId,
        Err(PushRefusal::UnsupportedCompressionType) => ResponseError::UnsupportedCompressionType,
        Err(PushRefusal::TelemetryTooLarge) => ResponseError::TelemetryTooLarge,
        Err(PushRefusal::InvalidRecord) => ResponseError::InvalidRecord,
    };
    PushTelemetryResponse::default().with_error_code(error.code())
}
