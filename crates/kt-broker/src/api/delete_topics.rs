//! DeleteTopics: deletes topics by name (and, from v6, by id).

use super::RequestContext;
use std::sync::Arc;

use super::authorize;
use super::authorize::{Op, Resource};

use kafka_protocol::error::ResponseError;
use kafka_protocol::messages::delete_topics_response::DeletableTopicResult;
use kafka_protocol::messages::{DeleteTopicsRequest, DeleteTopicsResponse, TopicName};

use super::str_bytes;
use crate::state::Broker;

/// Deletes every named topic, each with its own result; the answer waits (up to the
/// request's timeout) until the topic is gone from the cluster.
pub async fn handle(
    broker: &Arc<Broker>,
    request: DeleteTopicsRequest,
    ctx: &RequestContext,
) -> DeleteTopicsResponse {
    let version = ctx.version;
    let wait = std::time::Duration::from_millis(request.timeout_ms.max(0) as u64);
    let view = broker.view();
    let mut wanted: Vec<(Option<TopicName>, uuid::Uuid)> = request
        .topic_names
        .into_iter()
        .map(|name| (Some(name), uuid::Uuid::nil()))
        .collect();
    wanted.extend(request.topics.into_iter().map(|t| (t.name, t.topic_id)));
    let mut responses = Vec::with_capacity(wanted.len());
    for (name, id) in wanted {
        let (name, id) = match name {
            Some(name) => {
                let id = view.topics.get(name.as_str()).map_or(id, |t| t.id);
                (Some(name), id)
            }
            None => (
                view.topics
                    .iter()
                    .find(|(_, t)| t.id == id)
                    .map(|(n, _)| TopicName(str_bytes(n))),
                id,
            ),
        };
        let result = DeletableTopicResult::default().with_name(name.clone());
        let result = if version >= 6 {
            result.with_topic_id(id)
        } else {
            result
        };
        let Some(name) = name else {
            responses.push(result.with_error_code(ResponseError::UnknownTopicId.code()));
            continue;
        };
        if !authorize(broker, ctx, Op::Delete, Resource::Topic, &name) {
            let denied = ResponseError::TopicAuthorizationFailed;
            responses.push(result.with_error_code(denied.code()));
            continue;
        }
        responses.push(
            match broker.metadata().delete_topic(broker, &name, wait).await {
                Ok(()) => result,
                Err(e) if version >= 5 => result
                    .with_error_code(e.code())
                    .with_error_message(Some(str_bytes(&e.to_string()))),
                Err(e) => result.with_error_code(e.code()),
            },
        );
    }
    DeleteTopicsResponse::default().with_responses(responses)
}
