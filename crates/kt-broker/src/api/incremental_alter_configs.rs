//! IncrementalAlterConfigs: sets, deletes, appends to or subtracts from single topic configs.

use super::RequestContext;
use std::sync::Arc;

use super::authorize::{config_resource_denied, Op};

use kafka_protocol::error::ResponseError;
use kafka_protocol::messages::incremental_alter_configs_response::AlterConfigsResourceResponse;
use kafka_protocol::messages::{IncrementalAlterConfigsRequest, IncrementalAlterConfigsResponse};

use super::describe_configs::{BROKER, TOPIC};
use super::{set_topic_configs, str_bytes};
use crate::state::Broker;
use crate::{topic_config, BrokerError};

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
            if resource.resource_type == BROKER {
                responses
                    .push(alter_broker(broker, &resource, request.validate_only, response).await);
                continue;
            }
            if resource.resource_type == super::describe_configs::CLIENT_METRICS {
                responses.push(
                    alter_client_metrics(broker, &resource, request.validate_only, response).await,
                );
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
/// `match`; a resource left without settings is removed, as Kafka does. In ZooKeeper mode the
/// change is made to the cluster's subscription in ZooKeeper, which every broker follows
/// (`cluster::client_metrics`); otherwise to this broker's own.
async fn alter_client_metrics(
    broker: &Broker,
    resource: &kafka_protocol::messages::incremental_alter_configs_request::AlterConfigsResource,
    validate_only: bool,
    response: AlterConfigsResourceResponse,
) -> AlterConfigsResourceResponse {
    use crate::metrics::client_metrics::{validate, ClientMetricsError, Settings};
    let store = &broker.metrics().client_metrics;
    let name = resource.resource_name.as_str();
    // Each operation as a change of a subscription's settings: the key and its new value
    // (None deletes it).
    let mut changes: Vec<(String, Option<String>)> = Vec::with_capacity(resource.configs.len());
    let mut outcome = Ok(());
    for op in &resource.configs {
        let key = op.name.to_string();
        match op.config_operation {
            SET => {
                let value = op.value.as_ref().map(|v| v.to_string()).unwrap_or_default();
                changes.push((key, Some(value)));
            }
            DELETE => changes.push((key, None)),
            other => {
                outcome = Err(ClientMetricsError::InvalidRequest(format!(
                    "Unsupported config operation {other} for client metrics resources"
                )));
            }
        }
    }
    let edit = |settings: &mut Settings| {
        for (key, value) in &changes {
            match value {
                Some(value) => settings.insert(key.clone(), value.clone()),
                None => settings.remove(key),
            };
        }
    };
    let outcome = match (outcome, broker.cluster()) {
        (Err(e), _) => Err(e),
        (Ok(()), Some(cluster)) if !validate_only => match cluster.client() {
            Ok(client) => crate::cluster::client_metrics::alter(&client, store, name, edit).await,
            Err(e) => Err(ClientMetricsError::Storage(e.to_string())),
        },
        // Checked (validate_only) or kept by this broker alone, from the settings it holds.
        (Ok(()), _) => {
            let mut settings = store.get(name);
            edit(&mut settings);
            match validate_only {
                true => validate(name, &settings),
                false => store.set(name, settings),
            }
        }
    };
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

/// A broker resource: this broker's dynamic configs, or the cluster default's.
async fn alter_broker(
    broker: &Arc<Broker>,
    resource: &kafka_protocol::messages::incremental_alter_configs_request::AlterConfigsResource,
    validate_only: bool,
    response: AlterConfigsResourceResponse,
) -> AlterConfigsResourceResponse {
    use super::alter_broker_configs::{incremental, replace, Operation};
    let mut ops = Vec::with_capacity(resource.configs.len());
    for op in &resource.configs {
        let value = op.value.as_ref().map(|v| v.to_string()).unwrap_or_default();
        let operation = match op.config_operation {
            SET => Operation::Set(value),
            DELETE => Operation::Delete,
            APPEND => Operation::Append(value),
            SUBTRACT => Operation::Subtract(value),
            other => {
                return response
                    .with_error_code(ResponseError::InvalidRequest.code())
                    .with_error_message(Some(str_bytes(&format!(
                        "Unknown config operation {other}"
                    ))))
            }
        };
        ops.push((op.name.to_string(), operation));
    }
    let outcome = match incremental(broker, &resource.resource_name, ops) {
        Ok(configs) => replace(broker, &resource.resource_name, configs, validate_only).await,
        Err(refusal) => Err(refusal),
    };
    match outcome {
        Ok(()) => response,
        Err((code, message)) => response
            .with_error_code(code.code())
            .with_error_message(Some(str_bytes(&message))),
    }
}
