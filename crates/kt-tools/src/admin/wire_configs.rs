//! DescribeConfigs and IncrementalAlterConfigs of one config resource over [`super::wire`],
//! for the resources librdkafka cannot name: client metrics subscriptions (a resource type it
//! does not know) and the cluster-default BROKER resource (named "", which
//! `rd_kafka_ConfigResource_new` refuses). Any broker answers for either, as Kafka's admin
//! client sends them to the least loaded node.

use kafka_protocol::error::ResponseError;
use kafka_protocol::messages::describe_configs_request::DescribeConfigsResource;
use kafka_protocol::messages::describe_configs_response::DescribeConfigsResult;
use kafka_protocol::messages::incremental_alter_configs_request::{
    AlterConfigsResource, AlterableConfig,
};
use kafka_protocol::messages::{DescribeConfigsRequest, IncrementalAlterConfigsRequest};
use kafka_protocol::protocol::StrBytes;

use super::wire::{WireClient, WireError};
use super::{AdminError, ConfigEntry, ConfigSource, ConfigSynonym};

/// Kafka's resource type of broker configs.
pub const BROKER: i8 = 4;

/// A change to one setting: a value to set, or None to delete it.
pub type Change = (String, Option<String>);

/// Why a call failed.
#[derive(Debug, thiserror::Error)]
pub enum WireConfigError {
    #[error(transparent)]
    Wire(#[from] WireError),
    /// The broker's error for the resource, with its message (else the error's default
    /// text, as Kafka's admin client reports it).
    #[error("{message}")]
    Broker { code: i16, message: String },
}

impl From<WireConfigError> for AdminError {
    fn from(e: WireConfigError) -> Self {
        match e {
            WireConfigError::Wire(WireError::Timeout { .. }) => AdminError::Timeout(e.to_string()),
            WireConfigError::Wire(WireError::Authentication(failure)) => {
                AdminError::Authentication(failure)
            }
            WireConfigError::Wire(w) => AdminError::Kafka(w.to_string()),
            WireConfigError::Broker { code, message } => match ResponseError::try_from_code(code) {
                Some(ResponseError::InvalidConfig) => AdminError::InvalidConfig(message),
                Some(ResponseError::PolicyViolation) => AdminError::PolicyViolation(message),
                Some(
                    ResponseError::ClusterAuthorizationFailed
                    | ResponseError::TopicAuthorizationFailed,
                ) => AdminError::NotAuthorized(message),
                Some(ResponseError::UnsupportedVersion) => AdminError::Unsupported(message),
                Some(ResponseError::RequestTimedOut) => AdminError::Timeout(message),
                _ => AdminError::Kafka(message),
            },
        }
    }
}

fn text(s: &str) -> StrBytes {
    StrBytes::from_string(s.to_string())
}

pub(crate) fn broker_error(code: i16, message: Option<&StrBytes>) -> WireConfigError {
    let message = message
        .map(|m| m.to_string())
        .filter(|m| !m.is_empty())
        .unwrap_or_else(|| match ResponseError::try_from_code(code) {
            Some(e) => e.to_string(),
            None => format!("error code {code}"),
        });
    WireConfigError::Broker { code, message }
}

/// Every config of resource `name` of `resource_type`, with synonyms, as the broker answers.
pub async fn describe(
    client: &mut WireClient,
    resource_type: i8,
    name: &str,
) -> Result<DescribeConfigsResult, WireConfigError> {
    let request = DescribeConfigsRequest::default()
        .with_resources(vec![DescribeConfigsResource::default()
            .with_resource_type(resource_type)
            .with_resource_name(text(name))
            .with_configuration_keys(None)])
        .with_include_synonyms(true);
    let response = client.call(&request, 4).await?;
    let result = response
        .results
        .into_iter()
        .next()
        .ok_or_else(|| broker_error(-1, Some(&text("no result for the resource"))))?;
    if result.error_code != 0 {
        return Err(broker_error(
            result.error_code,
            result.error_message.as_ref(),
        ));
    }
    Ok(result)
}

/// Sets and deletes settings of resource `name` of `resource_type`.
pub async fn alter(
    client: &mut WireClient,
    resource_type: i8,
    name: &str,
    changes: &[Change],
) -> Result<(), WireConfigError> {
    const SET: i8 = 0;
    const DELETE: i8 = 1;
    let configs = changes
        .iter()
        .map(|(key, value)| {
            AlterableConfig::default()
                .with_name(text(key))
                .with_config_operation(if value.is_some() { SET } else { DELETE })
                .with_value(value.as_deref().map(text))
        })
        .collect();
    let request = IncrementalAlterConfigsRequest::default().with_resources(vec![
        AlterConfigsResource::default()
            .with_resource_type(resource_type)
            .with_resource_name(text(name))
            .with_configs(configs),
    ]);
    let response = client.call(&request, 1).await?;
    match response.responses.first() {
        Some(r) if r.error_code != 0 => Err(broker_error(r.error_code, r.error_message.as_ref())),
        Some(_) => Ok(()),
        None => Err(broker_error(-1, Some(&text("no result for the resource")))),
    }
}

/// Kafka's `ConfigSource` ids as kt's admin layer names them.
fn source(id: i8) -> ConfigSource {
    match id {
        1 => ConfigSource::TopicOverride,
        2 => ConfigSource::DynamicBroker,
        3 => ConfigSource::DynamicDefaultBroker,
        4 => ConfigSource::StaticBroker,
        5 => ConfigSource::Default,
        _ => ConfigSource::Unknown,
    }
}

/// The entries of a DescribeConfigs result, by name, as the librdkafka path gives them.
pub fn entries(result: &DescribeConfigsResult) -> Vec<ConfigEntry> {
    let mut out: Vec<ConfigEntry> = result
        .configs
        .iter()
        .map(|c| ConfigEntry {
            name: c.name.to_string(),
            value: c.value.as_ref().map(|v| v.to_string()),
            source: source(c.config_source),
            read_only: c.read_only,
            sensitive: c.is_sensitive,
            synonyms: c
                .synonyms
                .iter()
                .map(|s| ConfigSynonym {
                    name: s.name.to_string(),
                    value: s.value.as_ref().map(|v| v.to_string()),
                    source: source(s.source),
                })
                .collect(),
        })
        .collect();
    out.sort_by(|a, b| a.name.cmp(&b.name));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use kafka_protocol::messages::describe_configs_response::{
        DescribeConfigsResourceResult, DescribeConfigsResult, DescribeConfigsSynonym,
    };

    #[test]
    fn entries_keep_sources_and_synonyms() {
        let result = DescribeConfigsResult::default().with_configs(vec![
            DescribeConfigsResourceResult::default()
                .with_name(text("message.max.bytes"))
                .with_value(Some(text("2000")))
                .with_config_source(3)
                .with_synonyms(vec![DescribeConfigsSynonym::default()
                    .with_name(text("message.max.bytes"))
                    .with_value(Some(text("2000")))
                    .with_source(3)]),
            DescribeConfigsResourceResult::default()
                .with_name(text("a.secret"))
                .with_value(None)
                .with_is_sensitive(true)
                .with_config_source(4),
        ]);
        let got = entries(&result);
        assert_eq!(got[0].name, "a.secret");
        assert_eq!((got[0].value.clone(), got[0].sensitive), (None, true));
        assert_eq!(got[1].source, ConfigSource::DynamicDefaultBroker);
        assert_eq!(got[1].synonyms[0].value.as_deref(), Some("2000"));
    }

    #[test]
    fn broker_errors_map_to_admin_errors() {
        let invalid = broker_error(40, Some(&text("Invalid config value")));
        assert!(
            matches!(AdminError::from(invalid), AdminError::InvalidConfig(m) if m == "Invalid config value")
        );
        let unnamed = broker_error(42, None);
        assert!(matches!(AdminError::from(unnamed), AdminError::Kafka(m) if !m.is_empty()));
    }
}
