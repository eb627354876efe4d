//! Fetch: serves the stored batch bytes of each partition from the requested offset.
//!
//! A fetch answers at once when `min_bytes` are there (or an error occurred); otherwise it
//! waits until an append to one of its partitions or `max_wait_ms`, whichever is first, so a
//! consumer at the log end gets new records as soon as they are written.
//!
//! The records are not read here: the reply names the file ranges holding them, and the
//! connection sends those straight from the page cache (see [`body`]).

mod body;

pub use body::{parts_len, FetchReply};

use super::RequestContext;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use kafka_protocol::error::ResponseError;
use kafka_protocol::messages::fetch_response::{FetchableTopicResponse, PartitionData};
use kafka_protocol::messages::{FetchRequest, FetchResponse};
use tokio::sync::futures::Notified;
use tokio::time::Instant;

use crate::broker::state::{Broker, Partition};

/// Reads every requested partition, waiting for data as the request allows.
pub async fn handle(
    broker: &Arc<Broker>,
    request: FetchRequest,
    ctx: &RequestContext,
) -> FetchReply {
    let version = ctx.version;
    let deadline = Instant::now() + Duration::from_millis(request.max_wait_ms.max(0) as u64);
    let partitions: Vec<Vec<Result<Arc<Partition>, ResponseError>>> = request
        .topics
        .iter()
        .map(|t| {
            t.partitions
                .iter()
                .map(|p| broker.leading(&t.topic, p.partition))
                .collect()
        })
        .collect();
    loop {
        // Register for append notifications before reading, so an append that lands between
        // the read and the wait still wakes this fetch.
        let mut waits: Vec<Pin<Box<Notified<'_>>>> = partitions
            .iter()
            .flatten()
            .flatten()
            .map(|p| Box::pin(p.appended.notified()))
            .collect();
        for wait in &mut waits {
            wait.as_mut().enable();
        }
        let (reply, bytes, failed) = read(&request, version, &partitions);
        if failed
            || bytes >= request.min_bytes.max(0) as usize
            || waits.is_empty()
            || Instant::now() >= deadline
        {
            return reply;
        }
        tokio::select! {
            _ = futures::future::select_all(waits) => {}
            _ = tokio::time::sleep_until(deadline) => {}
        }
    }
}

/// One pass over the partitions: the reply, the record bytes in it, and whether any
/// partition failed (which answers the fetch at once).
fn read(
    request: &FetchRequest,
    version: i16,
    partitions: &[Vec<Result<Arc<Partition>, ResponseError>>],
) -> (FetchReply, usize, bool) {
    let mut remaining = request.max_bytes.max(0) as usize;
    let mut total = 0usize;
    let mut failed = false;
    let mut responses = Vec::with_capacity(request.topics.len());
    let mut records = Vec::new();
    for (topic, resolved) in request.topics.iter().zip(partitions) {
        let mut datas = Vec::with_capacity(topic.partitions.len());
        for (wanted, partition) in topic.partitions.iter().zip(resolved) {
            let data = PartitionData::default()
                .with_partition_index(wanted.partition)
                .with_aborted_transactions(None);
            // A partition deleted while this fetch waited is gone, like one never created.
            let partition = match partition {
                Ok(p) if p.is_deleted() => Err(ResponseError::UnknownTopicOrPartition),
                Ok(p) => Ok(p),
                Err(e) => Err(*e),
            };
            let partition = match partition {
                Ok(p) => p,
                Err(e) => {
                    failed = true;
                    datas.push(data.with_error_code(e.code()).with_high_watermark(-1));
                    records.push(None);
                    continue;
                }
            };
            let limit = (wanted.partition_max_bytes.max(0) as usize).min(remaining);
            // Only the first partition with data may exceed the request's limit (so one large
            // batch is never stuck); later ones must fit what is left.
            match partition
                .log
                .read_regions(wanted.fetch_offset, limit, total == 0)
            {
                Ok(slice) => {
                    remaining = remaining.saturating_sub(slice.len);
                    total += slice.len;
                    datas.push(with_log_start(
                        data.with_high_watermark(slice.high_watermark)
                            .with_last_stable_offset(slice.high_watermark),
                        version,
                        slice.log_start_offset,
                    ));
                    records.push(Some(slice));
                }
                Err(e) => {
                    failed = true;
                    records.push(None);
                    let error = crate::broker::BrokerError::from(e).response_error();
                    datas.push(with_log_start(
                        data.with_error_code(error.code())
                            .with_high_watermark(partition.log.log_end_offset())
                            .with_last_stable_offset(partition.log.log_end_offset()),
                        version,
                        partition.log.log_start_offset(),
                    ));
                }
            }
        }
        responses.push(
            FetchableTopicResponse::default()
                .with_topic(topic.topic.clone())
                .with_topic_id(topic.topic_id)
                .with_partitions(datas),
        );
    }
    let reply = FetchReply {
        response: FetchResponse::default().with_responses(responses),
        records,
    };
    (reply, total, failed)
}

/// The log start offset is part of the response from v5 on.
fn with_log_start(data: PartitionData, version: i16, log_start_offset: i64) -> PartitionData {
    if version >= 5 {
        data.with_log_start_offset(log_start_offset)
    } else {
        data
    }
}
