//! ListOffsets: the earliest (-2), latest (-1), max-timestamp (-3) or first-at-timestamp offset
//! of each partition.

use super::authorize::{Op, Resource};
use super::{authorize, RequestContext};
use std::sync::Arc;

use kafka_protocol::error::ResponseError;
use kafka_protocol::messages::list_offsets_response::{
    ListOffsetsPartitionResponse, ListOffsetsTopicResponse,
};
use kafka_protocol::messages::{ListOffsetsRequest, ListOffsetsResponse};

use crate::state::Broker;

/// Kafka's special timestamps in a ListOffsets request.
const LATEST: i64 = -1;
const EARLIEST: i64 = -2;
const MAX_TIMESTAMP: i64 = -3;

/// Looks up one offset per requested partition.
pub async fn handle(
    broker: &Arc<Broker>,
    request: ListOffsetsRequest,
    ctx: &RequestContext,
) -> ListOffsetsResponse {
    let version = ctx.version;
    let topics = request
        .topics
        .into_iter()
        .map(|topic| {
            let described = authorize(broker, ctx, Op::Describe, Resource::Topic, &topic.name);
            let partitions = topic
                .partitions
                .iter()
                .map(|p| {
                    let response = ListOffsetsPartitionResponse::default()
                        .with_partition_index(p.partition_index)
                        .with_timestamp(-1)
                        .with_offset(-1);
                    if !described {
                        let denied = ResponseError::TopicAuthorizationFailed;
                        return response.with_error_code(denied.code());
                    }
                    let partition = match broker.leading(&topic.name, p.partition_index) {
                        Ok(partition) => partition,
                        Err(e) => return response.with_error_code(e.code()),
                    };
                    let log = &partition.log;
                    // Kafka's last fetchable offset: read_committed consumers see up to the
                    // last stable offset, others up to the high watermark.
                    let last_fetchable = if request.isolation_level == 1 {
                        match partition.stable_view(log.high_watermark()) {
                            Ok((lso, _)) => lso,
                            Err(e) => return response.with_error_code(e.code()),
                        }
                    } else {
                        log.high_watermark()
                    };
                    let found = match p.timestamp {
                        LATEST => Some((last_fetchable, -1)),
                        EARLIEST => Some((log.log_start_offset(), -1)),
                        MAX_TIMESTAMP => {
                            log.max_timestamp_offset().map(|(ts, offset)| (offset, ts))
                        }
                        ts if ts >= 0 => match log.offset_for_timestamp(ts) {
                            Ok(found) => found,
                            Err(e) => {
                                let error = crate::BrokerError::from(e);
                                return response.with_error_code(error.code());
                            }
                        },
                        _ => {
                            return response.with_error_code(ResponseError::InvalidRequest.code());
                        }
                    };
                    // A timestamp lookup landing at or past the last fetchable offset finds
                    // nothing, as in Kafka (`Partition.fetchOffsetForTimestamp`).
                    let found = found.filter(|&(offset, _)| {
                        p.timestamp == EARLIEST || p.timestamp == LATEST || offset < last_fetchable
                    });
                    match found {
                        Some((offset, timestamp)) => {
                            let response = response.with_offset(offset).with_timestamp(timestamp);
                            // The leader epoch field exists from v4 on.
                            if version >= 4 {
                                response.with_leader_epoch(0)
                            } else {
                                response
                            }
                        }
                        None => response,
                    }
                })
                .collect();
            ListOffsetsTopicResponse::default()
                .with_name(topic.name)
                .with_partitions(partitions)
        })
        .collect();
    ListOffsetsResponse::default().with_topics(topics)
}
