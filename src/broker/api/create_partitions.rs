//! CreatePartitions: raises a topic's partition count.

use super::RequestContext;
use std::sync::Arc;

use kafka_protocol::messages::create_partitions_response::CreatePartitionsTopicResult;
use kafka_protocol::messages::{CreatePartitionsRequest, CreatePartitionsResponse};

use super::str_bytes;
use crate::broker::state::Broker;

/// Adds partitions to each topic, each with its own result.
pub async fn handle(
    broker: &Arc<Broker>,
    request: CreatePartitionsRequest,
    ctx: &RequestContext,
) -> CreatePartitionsResponse {
    let version = ctx.version;
    if broker.cluster().is_some() {
        let wait = std::time::Duration::from_millis(request.timeout_ms.max(0) as u64);
        let mut results = Vec::with_capacity(request.topics.len());
        for topic in request.topics {
            let result = CreatePartitionsTopicResult::default().with_name(topic.name.clone());
            let outcome = crate::broker::cluster::topics::create_partitions(
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
        return CreatePartitionsResponse::default().with_results(results);
    }
    // Creating and deleting logs and rewriting the catalogue is file I/O: off the async threads.
    let broker = broker.clone();
    tokio::task::spawn_blocking(move || respond(&broker, request, version))
        .await
        .unwrap_or_else(|e| {
            tracing::error!("create_partitions failed: {e}");
            CreatePartitionsResponse::default()
        })
}

fn respond(
    broker: &Broker,
    request: CreatePartitionsRequest,
    _version: i16,
) -> CreatePartitionsResponse {
    let results = request
        .topics
        .into_iter()
        .map(|topic| {
            let result = CreatePartitionsTopicResult::default().with_name(topic.name.clone());
            match broker.create_partitions(&topic.name, topic.count, request.validate_only) {
                Ok(()) => result,
                Err(e) => result
                    .with_error_code(e.code())
                    .with_error_message(Some(str_bytes(&e.to_string()))),
            }
        })
        .collect();
    CreatePartitionsResponse::default().with_results(results)
}
