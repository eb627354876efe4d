//! UpdateFeatures: changes the finalized feature levels (kafka-features upgrade, downgrade,
//! disable). A KRaft node applies them as Kafka's controller does ([`crate::features`]); a
//! ZooKeeper-mode or standalone broker supports no feature, as Kafka's ZooKeeper-mode brokers
//! report none, so every update is refused.

use super::RequestContext;
use std::sync::Arc;

use kafka_protocol::error::ResponseError;
use kafka_protocol::messages::update_features_response::UpdatableFeatureResult;
use kafka_protocol::messages::{UpdateFeaturesRequest, UpdateFeaturesResponse};

use super::str_bytes;
use crate::features::UpgradeType;
use crate::state::Broker;

/// Checks ALTER on the cluster, then applies (or, validate-only, checks) every update.
pub async fn handle(
    broker: &Arc<Broker>,
    request: UpdateFeaturesRequest,
    ctx: &RequestContext,
) -> UpdateFeaturesResponse {
    let refuse_all = |error: ResponseError, message: String| {
        UpdateFeaturesResponse::default()
            .with_error_code(error.code())
            .with_error_message(Some(str_bytes(&message)))
    };
    if !super::authorize_cluster(broker, ctx, super::authorize::Op::Alter) {
        return refuse_all(
            ResponseError::ClusterAuthorizationFailed,
            "Cluster authorization failed.".into(),
        );
    }
    let updates: Vec<(String, i16, UpgradeType)> = request
        .feature_updates
        .iter()
        .map(|u| {
            (
                u.feature.to_string(),
                u.max_version_level,
                UpgradeType::from_request(ctx.version, u.upgrade_type, u.allow_downgrade),
            )
        })
        .collect();
    let outcomes: Vec<Result<(), (ResponseError, String)>> = match broker.features() {
        None => updates
            .iter()
            .map(|_| {
                Err((
                    ResponseError::InvalidRequest,
                    "Could not apply finalized feature update because the provided feature is \
                     not supported."
                        .to_string(),
                ))
            })
            .collect(),
        Some(store) => match store.update(&updates, request.validate_only) {
            Ok(results) => results
                .into_iter()
                .map(|r| r.map_err(|m| (ResponseError::InvalidUpdateVersion, m)))
                .collect(),
            Err(e) => {
                tracing::error!("cannot record the finalized features: {e}");
                return refuse_all(
                    ResponseError::KafkaStorageError,
                    format!("cannot record the finalized features: {e}"),
                );
            }
        },
    };
    UpdateFeaturesResponse::default().with_results(
        updates
            .iter()
            .zip(outcomes)
            .map(|((name, _, _), outcome)| {
                let result = UpdatableFeatureResult::default().with_feature(str_bytes(name));
                match outcome {
                    Ok(()) => result,
                    Err((error, message)) => result
                        .with_error_code(error.code())
                        .with_error_message(Some(str_bytes(&message))),
                }
            })
            .collect(),
    )
}
