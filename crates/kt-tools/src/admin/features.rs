//! What kafka-features.sh asks of a cluster: the supported and finalized feature levels
//! (ApiVersions version 3's tagged fields, as Kafka's `Admin.describeFeatures` reads them) and
//! changes to the finalized levels (UpdateFeatures, sent to the controller), over
//! [`super::wire`].

use std::collections::BTreeMap;

use kafka_protocol::error::ResponseError;
use kafka_protocol::messages::update_features_request::FeatureUpdateKey;
use kafka_protocol::messages::{ApiVersionsRequest, MetadataRequest, UpdateFeaturesRequest};
use kafka_protocol::protocol::StrBytes;

use super::cluster::api_timeout;
use super::wire::{WireClient, WireError};

/// The features a broker reported (Kafka's `FeatureMetadata`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FeatureMetadata {
    /// Each supported feature's `(min, max)` level, by name.
    pub supported: BTreeMap<String, (i16, i16)>,
    /// Each finalized feature's level, by name.
    pub finalized: BTreeMap<String, i16>,
    /// The epoch of the finalized levels, when the broker knows it.
    pub epoch: Option<i64>,
}

/// How an update may move a level (Kafka's `FeatureUpdate.UpgradeType`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UpgradeType {
    Upgrade = 1,
    SafeDowngrade = 2,
    UnsafeDowngrade = 3,
}

/// The features of the broker `client` is connected to.
pub async fn describe_features(client: &mut WireClient) -> Result<FeatureMetadata, WireError> {
    let request = ApiVersionsRequest::default()
        .with_client_software_name(StrBytes::from_static_str("kt"))
        .with_client_software_version(StrBytes::from_static_str(env!("CARGO_PKG_VERSION")));
    let response = client.call(&request, 3).await?;
    Ok(FeatureMetadata {
        supported: response
            .supported_features
            .iter()
            .map(|f| (f.name.to_string(), (f.min_version, f.max_version)))
            .collect(),
        finalized: response
            .finalized_features
            .iter()
            .map(|f| (f.name.to_string(), f.max_version_level))
            .collect(),
        epoch: (response.finalized_features_epoch >= 0)
            .then_some(response.finalized_features_epoch),
    })
}

/// Asks the controller to move each feature to its level (or, `validate_only`, whether it
/// would): one result per feature, the broker's message for a refused one.
pub async fn update_features(
    client: &mut WireClient,
    properties: &[(String, String)],
    updates: &BTreeMap<String, (i16, UpgradeType)>,
    validate_only: bool,
) -> Result<BTreeMap<String, Result<(), String>>, WireError> {
    // Kafka's admin client sends UpdateFeatures to the controller (a ZooKeeper-mode broker
    // other than the controller answers NOT_CONTROLLER).
    let metadata = client
        .call(
            &MetadataRequest::default().with_topics(Some(Vec::new())),
            12,
        )
        .await?;
    let controller = metadata
        .brokers
        .iter()
        .find(|b| b.node_id == metadata.controller_id)
        .map(|b| format!("{}:{}", b.host, b.port));
    let mut other;
    let target = match controller {
        Some(addr) if addr != client.addr() => {
            other =
                WireClient::connect(&addr, properties, "kafka-features", api_timeout(properties))
                    .await?;
            &mut other
        }
        _ => client,
    };
    let version = target.version_of::<UpdateFeaturesRequest>(1)?;
    let request = UpdateFeaturesRequest::default()
        .with_timeout_ms(api_timeout(properties).as_millis().min(i32::MAX as u128) as i32)
        .with_validate_only(validate_only)
        .with_feature_updates(
            updates
                .iter()
                .map(|(name, (level, kind))| {
                    FeatureUpdateKey::default()
                        .with_feature(StrBytes::from_string(name.clone()))
                        .with_max_version_level(*level)
                        // Version 0 says `allow_downgrade`, version 1 `upgrade_type`: each
                        // field only in its own version.
                        .with_allow_downgrade(version == 0 && *kind != UpgradeType::Upgrade)
                        .with_upgrade_type(if version == 0 { 1 } else { *kind as i8 })
                })
                .collect(),
        );
    let response = target.call(&request, 1).await?;
    let message = |code: i16, text: Option<StrBytes>| -> Option<String> {
        let error = ResponseError::try_from_code(code)?;
        Some(
            text.map(|t| t.to_string())
                .unwrap_or_else(|| default_message(error)),
        )
    };
    if let Some(all) = message(response.error_code, response.error_message.clone()) {
        return Ok(updates
            .keys()
            .map(|k| (k.clone(), Err(all.clone())))
            .collect());
    }
    let mut results: BTreeMap<String, Result<(), String>> = updates
        .keys()
        .map(|k| {
            (
                k.clone(),
                Err("The controller response did not contain a result for this feature".into()),
            )
        })
        .collect();
    for result in response.results {
        let outcome = match message(result.error_code, result.error_message) {
            Some(m) => Err(m),
            None => Ok(()),
        };
        results.insert(result.feature.to_string(), outcome);
    }
    Ok(results)
}

/// Kafka's message for an error the broker sent without one.
fn default_message(error: ResponseError) -> String {
    match error {
        ResponseError::InvalidUpdateVersion => "The given update version was invalid.".into(),
        ResponseError::InvalidRequest => "This most likely occurs because of a request being \
            malformed by the client library or the message was sent to an incompatible broker. \
            See the broker logs for more details."
            .into(),
        ResponseError::ClusterAuthorizationFailed => "Cluster authorization failed.".into(),
        ResponseError::NotController => {
            "This is not the correct controller for this cluster.".into()
        }
        other => format!("{other:?}"),
    }
}
