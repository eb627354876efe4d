//! DescribeConfigs: a topic's effective configuration, or a broker's settings (static and
//! dynamic, with their synonyms) or the cluster default's dynamic ones.

use super::RequestContext;
use std::sync::Arc;

use super::authorize::{config_resource_denied, Op};

use kafka_protocol::error::ResponseError;
use kafka_protocol::messages::describe_configs_response::{
    DescribeConfigsResourceResult, DescribeConfigsResult, DescribeConfigsSynonym,
};
use kafka_protocol::messages::{DescribeConfigsRequest, DescribeConfigsResponse};

use super::str_bytes;
use crate::dynamic_config;
use crate::state::Broker;

/// Kafka's resource types.
pub const TOPIC: i8 = 2;
pub const BROKER: i8 = 4;
pub const CLIENT_METRICS: i8 = 16;
/// Kafka's `ConfigSource.CLIENT_METRICS_CONFIG`.
const CLIENT_METRICS_CONFIG: i8 = 7;

/// One described config before encoding: name, value, source, read-only, and the
/// synonyms (name, value, source) that set it.
struct Entry {
    name: String,
    value: String,
    source: i8,
    read_only: bool,
    synonyms: Vec<(String, String, i8)>,
}

impl Entry {
    /// An entry reported without synonyms (topics and client metrics, as before).
    fn plain(name: String, value: String, source: i8, read_only: bool) -> Entry {
        Entry {
            synonyms: Vec::new(),
            name,
            value,
            source,
            read_only,
        }
    }
}

/// Describes each resource; keys not asked for are left out when a key list is given.
pub async fn handle(
    broker: &Arc<Broker>,
    request: DescribeConfigsRequest,
    ctx: &RequestContext,
) -> DescribeConfigsResponse {
    let include_synonyms = request.include_synonyms;
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
            let entries: Vec<Entry> = match resource.resource_type {
                TOPIC => match broker.describe_topic_configs(&resource.resource_name) {
                    Ok(entries) => entries
                        .into_iter()
                        .map(|e| Entry::plain(e.name, e.value, e.source as i8, false))
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
                    .map(|(k, v)| Entry::plain(k, v, CLIENT_METRICS_CONFIG, false))
                    .collect(),
                BROKER => {
                    let scope = match dynamic_config::scope_of(&resource.resource_name, broker.id())
                    {
                        Ok(scope) => scope,
                        Err(_) => {
                            return result
                                .with_error_code(ResponseError::InvalidRequest.code())
                                .with_error_message(Some(str_bytes(&format!(
                                    "Unexpected broker id, expected {}, but received {}",
                                    broker.id(),
                                    resource.resource_name.as_str()
                                ))));
                        }
                    };
                    dynamic_config::describe(scope, &broker.dynamic_configs(), broker.config())
                        .into_iter()
                        .map(|e| Entry {
                            name: e.name,
                            value: e.value,
                            source: e.source as i8,
                            read_only: e.read_only,
                            synonyms: e
                                .synonyms
                                .into_iter()
                                .map(|s| (s.name, s.value, s.source as i8))
                                .collect(),
                        })
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
                .filter(|e| {
                    wanted
                        .as_ref()
                        .is_none_or(|keys| keys.iter().any(|k| k.as_str() == e.name))
                })
                .map(|e| {
                    // A secret (a TLS key, a store password) is named, never shown: Kafka's
                    // null value with is_sensitive.
                    let sensitive =
                        resource.resource_type == BROKER && kt_base::config::is_sensitive(&e.name);
                    let shown = |v: &str| (!sensitive).then(|| str_bytes(v));
                    let synonyms = match include_synonyms {
                        true => e
                            .synonyms
                            .iter()
                            .map(|(name, value, source)| {
                                DescribeConfigsSynonym::default()
                                    .with_name(str_bytes(name))
                                    .with_value(shown(value))
                                    .with_source(*source)
                            })
                            .collect(),
                        false => Vec::new(),
                    };
                    DescribeConfigsResourceResult::default()
                        .with_name(str_bytes(&e.name))
                        .with_value(shown(&e.value))
                        .with_is_sensitive(sensitive)
                        .with_config_source(e.source)
                        .with_read_only(e.read_only)
                        .with_synonyms(synonyms)
                })
                .collect();
            result.with_configs(configs)
        })
        .collect();
    DescribeConfigsResponse::default().with_results(results)
}
