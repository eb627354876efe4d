//! DescribeConfigs: a topic's effective configuration, or the broker's static settings.

use super::RequestContext;
use std::sync::Arc;

use super::authorize::{config_resource_denied, Op};

use kafka_protocol::error::ResponseError;
use kafka_protocol::messages::describe_configs_response::{
    DescribeConfigsResourceResult, DescribeConfigsResult,
};
use kafka_protocol::messages::{DescribeConfigsRequest, DescribeConfigsResponse};

use super::str_bytes;
use crate::state::Broker;
use crate::topic_config::ConfigSource;

/// Kafka's resource types.
pub const TOPIC: i8 = 2;
pub const BROKER: i8 = 4;
pub const CLIENT_METRICS: i8 = 16;
/// Kafka's `ConfigSource.CLIENT_METRICS_CONFIG`.
const CLIENT_METRICS_CONFIG: i8 = 7;

/// Describes each resource; keys not asked for are left out when a key list is given.
pub async fn handle(
    broker: &Arc<Broker>,
    request: DescribeConfigsRequest,
    ctx: &RequestContext,
) -> DescribeConfigsResponse {
    let results = request
        .resources
        .into_iter()
        .map(|resource| {
            let result = DescribeConfigsResult::default()
                .with_resource_type(resource.resource_type)
                .with_resource_name(resource.resource_name.clone());
            if let Some(denied) = config_resource_denied(
                broker,
                ctx,
                Op::DescribeConfigs,
                resource.resource_type,
                &resource.resource_name,
            ) {
                return result.with_error_code(denied.code());
            }
            let entries: Vec<(String, String, i8)> = match resource.resource_type {
                TOPIC => match broker.describe_topic_configs(&resource.resource_name) {
                    Ok(entries) => entries
                        .into_iter()
                        .map(|e| (e.name, e.value, e.source as i8))
                        .collect(),
                    Err(e) => {
                        return result
                            .with_error_code(e.code())
                            .with_error_message(Some(str_bytes(&e.to_string())));
                    }
                },
                // As Kafka: the resource's settings only, none for an unknown name.
                CLIENT_METRICS if !resource.resource_name.is_empty() => broker
                    .metrics()
                    .client_metrics
                    .get(&resource.resource_name)
                    .into_iter()
                    .map(|(k, v)| (k, v, CLIENT_METRICS_CONFIG))
                    .collect(),
                BROKER
                    if resource.resource_name.is_empty()
                        || resource.resource_name.as_str() == broker.id().to_string() =>
                {
                    broker
                        .config()
                        .properties
                        .iter()
                        .map(|(k, v)| (k.clone(), v.clone(), ConfigSource::StaticBroker as i8))
                        .collect()
                }
                _ => {
                    return result
                        .with_error_code(ResponseError::InvalidRequest.code())
                        .with_error_message(Some(str_bytes(&format!(
                            "Unsupported resource type {} / name {}",
                            resource.resource_type,
                            resource.resource_name.as_str()
                        ))));
                }
            };
            let wanted = resource.configuration_keys;
            let configs = entries
                .into_iter()
                .filter(|(name, _, _)| {
                    wanted
                        .as_ref()
                        .is_none_or(|keys| keys.iter().any(|k| k.as_str() == name))
                })
                .map(|(name, value, source)| {
                    // A secret (a TLS key, a store password) is named, never shown: Kafka's
                    // null value with is_sensitive.
                    let sensitive =
                        resource.resource_type == BROKER && kt_base::config::is_sensitive(&name);
                    DescribeConfigsResourceResult::default()
                        .with_name(str_bytes(&name))
                        .with_value((!sensitive).then(|| str_bytes(&value)))
                        .with_is_sensitive(sensitive)
                        .with_config_source(source)
                        .with_read_only(resource.resource_type == BROKER)
                })
                .collect();
            result.with_configs(configs)
        })
        .collect();
    DescribeConfigsResponse::default().with_results(results)
}
