//! AlterConfigs: replaces a topic's whole set of config overrides, or a broker's (or the
//! cluster default's) dynamic configs.

use super::RequestContext;
use std::collections::BTreeMap;
use std::sync::Arc;

use super::authorize::{config_resource_denied, Op};

use kafka_protocol::error::ResponseError;
use kafka_protocol::messages::alter_configs_response::AlterConfigsResourceResponse;
use kafka_protocol::messages::{AlterConfigsRequest, AlterConfigsResponse};

use super::alter_broker_configs;
use super::describe_configs::{BROKER, TOPIC};
use super::{set_topic_configs, str_bytes};
use crate::state::Broker;

/// Sets each topic's overrides to exactly the given ones.
pub async fn handle(
    broker: &Arc<Broker>,
    request: AlterConfigsRequest,
    ctx: &RequestContext,
) -> AlterConfigsResponse {
    let mut responses = Vec::with_capacity(request.resources.len());
    for resource in request.resources {
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
            // The whole set replaces the resource's dynamic configs, as for a topic.
            let configs = resource
                .configs
                .iter()
                .filter_map(|c| Some((c.name.to_string(), c.value.as_ref()?.to_string())))
                .collect();
            responses.push(
                match alter_broker_configs::replace(
                    broker,
                    &resource.resource_name,
                    configs,
                    request.validate_only,
                )
                .await
                {
                    Ok(()) => response,
                    Err((code, message)) => response
                        .with_error_code(code.code())
                        .with_error_message(Some(str_bytes(&message))),
                },
            );
            continue;
        }
        if resource.resource_type != TOPIC {
            responses.push(
                response
                    .with_error_code(ResponseError::InvalidRequest.code())
                    .with_error_message(Some(str_bytes(
                        "kt supports altering topic and broker configs only",
                    ))),
            );
            continue;
        }
        let configs: BTreeMap<String, String> = resource
            .configs
            .iter()
            .filter_map(|c| Some((c.name.to_string(), c.value.as_ref()?.to_string())))
            .collect();
        let name = resource.resource_name.to_string();
        responses.push(
            match set_topic_configs(broker, &name, configs, request.validate_only).await {
                Ok(()) => response,
                Err(e) => response
                    .with_error_code(e.code())
                    .with_error_message(Some(str_bytes(&e.to_string()))),
            },
        );
    }
    AlterConfigsResponse::default().with_responses(responses)
}
