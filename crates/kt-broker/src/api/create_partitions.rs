//! CreatePartitions: raises a topic's partition count.

use super::RequestContext;
use kafka_protocol::error::ResponseError;
use std::sync::Arc;

use super::authorize;
use super::authorize::{Op, Resource};

use kafka_protocol::messages::create_partitions_response::CreatePartitionsTopicResult;
use kafka_protocol::messages::{CreatePartitionsRequest, CreatePartitionsResponse};

use super::str_bytes;
use crate::state::Broker;

/// Adds partitions to each topic, each with its own result; the answer waits (up to the
/// request's timeout) for the new partitions' leaders.
pub async fn handle(
    broker: &Arc<Broker>,
    request: CreatePartitionsRequest,
    ctx: &RequestContext,
) -> CreatePartitionsResponse {
    let wait = std::time::Duration::from_millis(request.timeout_ms.max(0) as u64);
    let mut results = Vec::with_capacity(request.topics.len());
    for topic in request.topics {
        let result = CreatePartitionsTopicResult::default().with_name(topic.name.clone());
        if !authorize(broker, ctx, Op::Alter, Resource::Topic, &topic.name) {
            results.push(
                result
                    .with_error_code(ResponseError::TopicAuthorizationFailed.code())
                    .with_error_message(Some(str_bytes("The topic authorization is failed."))),
            );
            continue;
        }
        let outcome = broker
            .metadata()
            .create_partitions(
                broker,
                &topic.name,
                topic.count,
                request.validate_only,
                wait,
            )
            .await;
        results.push(match outcome {
            Ok(()) => result,
            Err(e) => result
                .with_error_code(e.code())
                .with_error_message(Some(str_bytes(&e.to_string()))),
        });
    }
    CreatePartitionsResponse::default().with_results(results)
}
