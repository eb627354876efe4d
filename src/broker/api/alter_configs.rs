//! AlterConfigs: replaces a topic's whole set of config overrides.

use super::RequestContext;
use std::collections::BTreeMap;
use std::sync::Arc;

use kafka_protocol::error::ResponseError;
use kafka_protocol::messages::alter_configs_response::AlterConfigsResourceResponse;
use kafka_protocol::messages::{AlterConfigsRequest, AlterConfigsResponse};

use super::describe_configs::TOPIC;
use super::str_bytes;
use crate::broker::state::Broker;

/// Sets each topic's overrides to exactly the given ones.
pub async fn handle(
    broker: &Arc<Broker>,
    request: AlterConfigsRequest,
    _ctx: &RequestContext,
) -> AlterConfigsResponse {
    // Altering rewrites the topic catalogue (a file write): off the async threads.
    let broker = broker.clone();
    tokio::task::spawn_blocking(move || respond(&broker, request))
        .await
        .unwrap_or_default()
}

fn respond(broker: &Broker, request: AlterConfigsRequest) -> AlterConfigsResponse {
    let responses = request
        .resources
        .into_iter()
        .map(|resource| {
            let response = AlterConfigsResourceResponse::default()
                .with_resource_type(resource.resource_type)
                .with_resource_name(resource.resource_name.clone());
            if resource.resource_type != TOPIC {
                return response
                    .with_error_code(ResponseError::InvalidRequest.code())
                    .with_error_message(Some(str_bytes(
                        "kt supports altering topic configs only",
                    )));
            }
            let configs: BTreeMap<String, String> = resource
                .configs
                .iter()
                .filter_map(|c| Some((c.name.to_string(), c.value.as_ref()?.to_string())))
                .collect();
            match broker.set_topic_configs(&resource.resource_name, configs, request.validate_only)
            {
                Ok(()) => response,
                Err(e) => response
                    .with_error_code(e.code())
                    .with_error_message(Some(str_bytes(&e.to_string()))),
            }
        })
        .collect();
    AlterConfigsResponse::default().with_responses(responses)
}
