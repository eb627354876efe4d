//! IncrementalAlterConfigs: sets, deletes, appends to or subtracts from single topic configs.

use super::RequestContext;
use std::sync::Arc;

use super::authorize::{config_resource_denied, Op};

use kafka_protocol::error::ResponseError;
use kafka_protocol::messages::incremental_alter_configs_response::AlterConfigsResourceResponse;
use kafka_protocol::messages::{IncrementalAlterConfigsRequest, IncrementalAlterConfigsResponse};

use super::describe_configs::TOPIC;
use super::{set_topic_configs, str_bytes};
use crate::state::Broker;
use crate::{topic_config, BrokerError};

/// ConfigResource type BROKER.
const BROKER: i8 = 4;
const SET: i8 = 0;
const DELETE: i8 = 1;
const APPEND: i8 = 2;
const SUBTRACT: i8 = 3;

/// Applies each resource's operations to its current overrides.
pub async fn handle(
    broker: &Arc<Broker>,
    request: IncrementalAlterConfigsRequest,
    ctx: &RequestContext,
) -> IncrementalAlterConfigsResponse {
    let mut responses = Vec::with_capacity(request.resources.len());
    for resource in request.resources {
        {
            let response = AlterConfigsResourceResponse::default()
                .with_resource_type(resource.resource_type)
                .with_resource_name(resource.resource_name.clone());
            if let Some(denied) = config_resource_denied(
                broker,
                ctx,
                Op::AlterConfigs,
                resource.resource_type,
                &resource.resource_name,
            ) {
                responses.push(response.with_error_code(denied.code()));
                continue;
            }
            if resource.resource_type == BROKER && broker.cluster().is_some() {
                responses
                    .push(alter_broker(broker, &resource, request.validate_only, response).await);
                continue;
            }
            if resource.resource_type == super::describe_configs::CLIENT_METRICS {
                responses.push(alter_client_metrics(
                    broker,
                    &resource,
                    request.validate_only,
                    response,
                ));
                continue;
            }
            if resource.resource_type != TOPIC {
                responses.push(
                    response
                        .with_error_code(ResponseError::InvalidRequest.code())
                        .with_error_message(Some(str_bytes(
                            "kt supports altering topic configs only",
                        ))),
                );
                continue;
            }
            let merged = broker
                .topic(&resource.resource_name)
                .ok_or(BrokerError::UnknownTopicOrPartition)
                .and_then(|topic| {
                    let mut configs = topic.meta.configs.clone();
                    for op in &resource.configs {
                        let name = op.name.to_string();
                        let value = op.value.as_ref().map(|v| v.to_string()).unwrap_or_default();
                        match op.config_operation {
                            SET => {
                                configs.insert(name, value);
                            }
                            DELETE => {
                                configs.remove(&name);
                            }
                            APPEND | SUBTRACT => {
                                let list = topic_config::list_operation(
                                    broker.config(),
                                    &configs,
                                    &name,
                                    &value,
                                    op.config_operation == APPEND,
                                )
                                .map_err(BrokerError::InvalidConfig)?;
                                configs.insert(name, list);
                            }
                            other => {
                                return Err(BrokerError::InvalidRequest(format!(
                                    "Unknown config operation {other}"
                                )));
                            }
                        }
                    }
                    Ok(configs)
                });
            let name = resource.resource_name.to_string();
            let result = match merged {
                Ok(configs) => {
                    set_topic_configs(broker, &name, configs, request.validate_only).await
                }
                Err(e) => Err(e),
            };
            responses.push(match result {
                Ok(()) => response,
                Err(e) => response
                    .with_error_code(e.code())
                    .with_error_message(Some(str_bytes(&e.to_string()))),
            });
        }
    }
    IncrementalAlterConfigsResponse::default().with_responses(responses)
}

/// A client metrics subscription (KIP-714): SET and DELETE of `metrics`, `interval.ms` and
/// `match`; a resource left without settings is removed, as Kafka does.
fn alter_client_metrics(
    broker: &Broker,
    resource: &kafka_protocol::messages::incremental_alter_configs_request::AlterConfigsResource,
    validate_only: bool,
    response: AlterConfigsResourceResponse,
) -> AlterConfigsResourceResponse {
    use crate::metrics::client_metrics::{validate, ClientMetricsError};
    let store = &broker.metrics().client_metrics;
    let name = resource.resource_name.as_str();
    let mut settings = store.get(name);
    let mut outcome = Ok(());
    for op in &resource.configs {
        let key = op.name.to_string();
        match op.config_operation {
            SET => {
                let value = op.value.as_ref().map(|v| v.to_string()).unwrap_or_default();
                settings.insert(key, value);
            }
            DELETE => {
                settings.remove(&key);
            }
            other => {
                outcome = Err(ClientMetricsError::InvalidRequest(format!(
                    "Unsupported config operation {other} for client metrics resources"
                )));
            }
        }
    }
    let outcome = outcome.and_then(|()| match validate_only {
        true => validate(name, &settings),
        false => store.set(name, settings),
    });
    match outcome {
        Ok(()) => response,
        Err(e) => {
            let code = match e {
                ClientMetricsError::InvalidConfig(_) => ResponseError::InvalidConfig,
                ClientMetricsError::InvalidRequest(_) => ResponseError::InvalidRequest,
                ClientMetricsError::Storage(_) => ResponseError::UnknownServerError,
            };
            response
                .with_error_code(code.code())
                .with_error_message(Some(str_bytes(&e.to_string())))
        }
    }
}

/// A broker resource in ZooKeeper mode: this broker's dynamic replication throttles.
async fn alter_broker(
    broker: &Arc<Broker>,
    resource: &kafka_protocol::messages::incremental_alter_configs_request::AlterConfigsResource,
    validate_only: bool,
    response: AlterConfigsResourceResponse,
) -> AlterConfigsResourceResponse {
    use crate::cluster::broker_configs::{self, BrokerConfigError};
    let Some(cluster) = broker.cluster() else {
        return response.with_error_code(ResponseError::InvalidRequest.code());
    };
    let mut ops = Vec::with_capacity(resource.configs.len());
    for op in &resource.configs {
        let value = op.value.as_ref().map(|v| v.to_string());
        match op.config_operation {
            SET => ops.push((op.name.to_string(), Some(value.unwrap_or_default()))),
            DELETE => ops.push((op.name.to_string(), None)),
            other => {
                return response
                    .with_error_code(ResponseError::InvalidRequest.code())
                    .with_error_message(Some(str_bytes(&format!(
                        "Config operation {other} is not supported for broker configs by kt"
                    ))))
            }
        }
    }
    match broker_configs::alter(cluster, &resource.resource_name, &ops, validate_only).await {
        Ok(()) => response,
        Err(e) => {
            let code = match e {
                BrokerConfigError::OtherBroker { .. } => ResponseError::InvalidRequest,
                BrokerConfigError::Cluster(_) => ResponseError::UnknownServerError,
                _ => ResponseError::InvalidConfig,
            };
            response
                .with_error_code(code.code())
                .with_error_message(Some(str_bytes(&e.to_string())))
        }
    }
}
