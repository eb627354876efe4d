//! Fetch: serves the stored batch bytes of each partition from the requested offset.
//!
//! A fetch answers at once when `min_bytes` are there (or an error occurred); otherwise it
//! waits until an append to one of its partitions or `max_wait_ms`, whichever is first, so a
//! consumer at the log end gets new records as soon as they are written.
//!
//! The records are not read here: the reply names the file ranges holding them, and the
//! connection sends those straight from the page cache (see [`body`]).
//!
//! A fetch with a replica id (>= 0) comes from a follower: it must be one of the partition's
//! replicas, it reads up to the log end (consumers only up to the high watermark), and its
//! fetch offset tells the leader how far it got (see `replication::leader`). kt serves Fetch
//! up to v12, where the replica id is a field of the request (from v15 it moves into
//! `replica_state`).
//!
//! A consumer fetching with v11+ may read a follower, and a leader with the rack-aware
//! replica selector may point it at one (KIP-392, see [`follower_read`]).
//!
//! A follower outside the ISR fetching a throttled partition while the leader replication
//! rate is exceeded gets no records for it, and the record bytes of throttled partitions in
//! each follower answer count against that rate (see `replication::throttle`).

mod body;
mod follower_read;

pub use body::{parts_len, FetchReply};

use super::authorize::{Op, Resource};
use super::{authorize, authorize_cluster, RequestContext};
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use kafka_protocol::error::ResponseError;
use kafka_protocol::messages::fetch_response::{
    AbortedTransaction, FetchableTopicResponse, PartitionData,
};
use kafka_protocol::messages::{FetchRequest, FetchResponse, ProducerId};
use tokio::sync::futures::Notified;
use tokio::time::Instant;

use crate::replication::throttle::ReplicationQuota;
use crate::replication::{isr, leader};
use crate::state::{Broker, Partition};
use kt_storage::ReadLimit;

/// Reads every requested partition, waiting for data as the request allows.
pub async fn handle(
    broker: &Arc<Broker>,
    request: FetchRequest,
    ctx: &RequestContext,
) -> FetchReply {
    let version = ctx.version;
    let deadline = Instant::now() + Duration::from_millis(request.max_wait_ms.max(0) as u64);
    let follower = (request.replica_id.0 >= 0).then_some(request.replica_id.0);
    // Kafka gives a consumer's fetch client metadata from v11: it may then read a follower.
    let client_metadata =
        request.replica_id.0 == -1 && version >= follower_read::FIRST_FOLLOWER_READ_VERSION;
    // A follower needs CLUSTER_ACTION, a consumer READ on each topic.
    let replica_allowed = follower.is_none() || authorize_cluster(broker, ctx, Op::ClusterAction);
    if follower.is_some() && replica_allowed {
        // A follower that heard of its new leader before this broker did waits for it here,
        // within its fetch's own wait, rather than backing off.
        let wanted = request.topics.iter().flat_map(|t| {
            t.partitions
                .iter()
                .map(move |p| (t.topic.as_str(), p.partition, p.current_leader_epoch))
        });
        let bound = deadline.saturating_duration_since(Instant::now());
        let ahead = leader::newer_leader_epochs(broker, wanted);
        leader::await_leader_epochs(broker, ahead, bound).await;
    }
    let partitions: Vec<Vec<Result<Arc<Partition>, ResponseError>>> = request
        .topics
        .iter()
        .map(|t| {
            let allowed = replica_allowed
                && (follower.is_some()
                    || authorize(broker, ctx, Op::Read, Resource::Topic, &t.topic));
            t.partitions
                .iter()
                .map(|p| {
                    if !allowed {
                        return Err(ResponseError::TopicAuthorizationFailed);
                    }
                    if request.replica_id.0 == DEBUGGING_CONSUMER_ID {
                        return hosted(broker, &t.topic, p.partition);
                    }
                    let partition = match broker.leading_at_epoch(
                        &t.topic,
                        p.partition,
                        p.current_leader_epoch,
                    ) {
                        Ok((partition, _)) => partition,
                        Err(ResponseError::NotLeaderOrFollower) if client_metadata => {
                            follower_read::following_at_epoch(
                                broker,
                                &t.topic,
                                p.partition,
                                p.current_leader_epoch,
                            )?
                        }
                        Err(e) => return Err(e),
                    };
                    if let Some(id) = follower {
                        leader::check_follower(
                            broker,
                            &t.topic,
                            p.partition,
                            id,
                            p.current_leader_epoch,
                        )?;
                    }
                    Ok(partition)
                })
                .collect()
        })
        .collect();
    // The leader's pick of a replica in the consumer's rack, per partition (answered at once,
    // without records, as Kafka does).
    let preferred: Vec<Vec<Option<i32>>> = request
        .topics
        .iter()
        .zip(&partitions)
        .map(|(t, resolved)| {
            t.partitions
                .iter()
                .zip(resolved)
                .map(|(wanted, partition)| match partition {
                    Ok(p) if client_metadata => follower_read::preferred_read_replica(
                        broker,
                        p,
                        &ctx.listener,
                        request.rack_id.as_str(),
                        wanted.fetch_offset,
                    ),
                    _ => None,
                })
                .collect()
        })
        .collect();
    // The leader's replication quota, for a follower's fetch in ZooKeeper mode.
    let quota = follower
        .and(broker.cluster())
        .map(|c| &c.replication_quotas().leader);
    // A follower's fetch also ends when this broker takes a leadership: the follower adds a
    // partition it now follows here to its next fetch only. Just after one, its fetches wait
    // briefly (the follower may not have added the partition yet).
    let leadership_cluster = follower.and(broker.cluster());
    let mut cut_short = false;
    let deadline = match leadership_cluster {
        Some(c) if c.took_leadership_recently(NEW_LEADERSHIP_WINDOW) => {
            deadline.min(Instant::now() + NEW_LEADERSHIP_WAIT)
        }
        _ => deadline,
    };
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
        let mut new_leadership = leadership_cluster.map(|c| Box::pin(c.new_leadership()));
        if let Some(wait) = &mut new_leadership {
            wait.as_mut().enable();
        }
        // An idle consumer's long-poll (the usual fetch of a consumer at the end of its
        // partitions) waits at once: building the empty answer only to throw it away cost
        // as much as the answer sent when the wait ends.
        let idle = request.min_bytes > 0
            && !waits.is_empty()
            && Instant::now() < deadline
            && nothing_to_read(&request, &partitions, &preferred, follower);
        if !idle {
            let (reply, bytes, failed) = read(
                &request,
                version,
                &partitions,
                &preferred,
                answer_max_bytes(broker, &request, follower),
                follower,
                quota,
            );
            if let Some(id) = follower {
                // A follower this fetch caught up joins the ISR now, as in Kafka.
                for partition in partitions.iter().flatten().flatten() {
                    isr::follower_fetched(broker, partition, id);
                }
            }
            if failed
                || cut_short
                || bytes >= request.min_bytes.max(0) as usize
                || waits.is_empty()
                || Instant::now() >= deadline
            {
                count_fetch(broker, &partitions, &reply, follower.is_some());
                if let Some(quota) = quota {
                    record_throttled(quota, &request, &reply);
                }
                return reply;
            }
        }
        tokio::select! {
            _ = futures::future::select_all(waits) => {}
            _ = async { new_leadership.as_mut().unwrap().await }, if new_leadership.is_some() => {
                cut_short = true;
            }
            _ = tokio::time::sleep_until(deadline) => {}
        }
    }
}

/// How long after this broker took a leadership its followers' fetches wait at most
/// ([`NEW_LEADERSHIP_WAIT`]) instead of `replica.fetch.wait.max.ms`.
const NEW_LEADERSHIP_WINDOW: Duration = Duration::from_millis(250);
/// A follower's fetch's longest wait within [`NEW_LEADERSHIP_WINDOW`].
const NEW_LEADERSHIP_WAIT: Duration = Duration::from_millis(10);

/// True when [`read`] would return no bytes and nothing to answer at once: a consumer reading
/// uncommitted records, every partition served here (online, not deleted, not pointed at
/// another replica) and fetched exactly at its high watermark. Followers never qualify: each
/// of their reads also records how far they got. One lock per partition, nothing allocated.
fn nothing_to_read(
    request: &FetchRequest,
    partitions: &[Vec<Result<Arc<Partition>, ResponseError>>],
    preferred: &[Vec<Option<i32>>],
    follower: Option<i32>,
) -> bool {
    if follower.is_some() || request.isolation_level != 0 {
        return false;
    }
    for ((topic, resolved), preferred) in request.topics.iter().zip(partitions).zip(preferred) {
        for ((wanted, partition), preferred) in topic.partitions.iter().zip(resolved).zip(preferred)
        {
            let at_end = match partition {
                Ok(p) if preferred.is_none() && !p.is_deleted() && p.log.is_online() => {
                    wanted.fetch_offset == p.log.high_watermark()
                }
                _ => false,
            };
            if !at_end {
                return false;
            }
        }
    }
    true
}

/// Moves `BrokerTopicMetrics` for an answered fetch, as Kafka does: each partition is a
/// fetch request, a failed one a failed fetch request; the record bytes sent to consumers
/// are `BytesOutPerSec` (a follower's are replication traffic, not counted there).
fn count_fetch(
    broker: &Broker,
    partitions: &[Vec<Result<Arc<Partition>, ResponseError>>],
    reply: &FetchReply,
    follower: bool,
) {
    let all = &broker.metrics().all_topics;
    for (partition, records) in partitions.iter().flatten().zip(&reply.records) {
        let topic = partition.as_ref().ok().map(|p| &p.counters);
        all.fetch_requests.inc();
        topic.inspect(|t| t.fetch_requests.inc());
        match records {
            Some(records) => {
                if !follower {
                    all.bytes_out.add(records.len as u64);
                    topic.inspect(|t| t.bytes_out.add(records.len as u64));
                }
            }
            None => {
                all.failed_fetch.inc();
                topic.inspect(|t| t.failed_fetch.inc());
            }
        }
    }
}

/// Counts the record bytes of throttled partitions in a follower's answer against the
/// leader replication rate, whether the follower is in sync or not (Kafka's
/// `sizeOfThrottledPartitions`, which counts the partitions' encoded size; kt their records).
fn record_throttled(quota: &ReplicationQuota, request: &FetchRequest, reply: &FetchReply) {
    let asked = request
        .topics
        .iter()
        .flat_map(|t| t.partitions.iter().map(move |p| (&t.topic, p.partition)));
    let bytes: usize = asked
        .zip(&reply.records)
        .filter(|((topic, index), _)| quota.is_throttled(topic, *index))
        .filter_map(|(_, records)| records.as_ref().map(|r| r.len))
        .sum();
    quota.record(bytes as u64, kt_base::clock::now_ms());
}

/// Kafka's debugging consumer (`FetchRequest.DEBUGGING_CONSUMER_ID`, as
/// kafka-replica-verification fetches): it may read any replica this broker holds, leader or
/// follower, up to that replica's high watermark.
const DEBUGGING_CONSUMER_ID: i32 = -2;

/// The partition a debugging consumer's fetch reads: this broker's replica of it, whether
/// it leads it or follows.
fn hosted(broker: &Broker, topic: &str, index: i32) -> Result<Arc<Partition>, ResponseError> {
    match broker.leading(topic, index) {
        Err(ResponseError::NotLeaderOrFollower) => {}
        other => return other,
    }
    broker
        .partition(topic, index)
        .ok_or(ResponseError::NotLeaderOrFollower)
}

/// The most record bytes one answer carries (its first batch excepted): what the request
/// asks, capped as Kafka's `KafkaApis` caps it by `fetch.max.bytes` for a consumer and
/// `replica.fetch.response.max.bytes` for a follower.
fn answer_max_bytes(broker: &Broker, request: &FetchRequest, follower: Option<i32>) -> usize {
    let config = broker.config();
    let cap = match follower {
        Some(_) => config.replication.fetch_response_max_bytes,
        None => config.fetch_max_bytes,
    };
    request.max_bytes.min(cap).max(0) as usize
}

/// One pass over the partitions, up to `max_bytes` of records: the reply, the record bytes in
/// it, and whether any partition failed or was pointed at a preferred read replica (which
/// answers the fetch at once).
fn read(
    request: &FetchRequest,
    version: i16,
    partitions: &[Vec<Result<Arc<Partition>, ResponseError>>],
    preferred: &[Vec<Option<i32>>],
    max_bytes: usize,
    follower: Option<i32>,
    quota: Option<&ReplicationQuota>,
) -> (FetchReply, usize, bool) {
    // Whether the leader rate is exceeded, measured once per pass when a throttled partition
    // asks.
    let mut exceeded = None;
    let limit = match follower {
        Some(_) => ReadLimit::LogEnd,
        None => ReadLimit::HighWatermark,
    };
    let read_committed = follower.is_none() && request.isolation_level == 1;
    let mut remaining = max_bytes;
    let mut total = 0usize;
    let mut failed = false;
    let mut responses = Vec::with_capacity(request.topics.len());
    let mut records = Vec::new();
    for ((topic, resolved), preferred) in request.topics.iter().zip(partitions).zip(preferred) {
        let mut datas = Vec::with_capacity(topic.partitions.len());
        for ((wanted, partition), preferred) in topic.partitions.iter().zip(resolved).zip(preferred)
        {
            let data = PartitionData::default()
                .with_partition_index(wanted.partition)
                .with_aborted_transactions(None);
            let partition = match partition {
                // A partition deleted while this fetch waited is gone; Kafka finds that out
                // when it reads, not in its metadata.
                Ok(p) if p.is_deleted() => Err(unserved(
                    wanted.partition,
                    ResponseError::UnknownTopicOrPartition,
                    Stage::Read,
                )),
                Ok(p) => Ok(p),
                // Kafka checks its metadata for the partition before reading, and whether
                // this broker leads it while reading.
                Err(
                    e @ (ResponseError::UnknownTopicOrPartition
                    | ResponseError::TopicAuthorizationFailed),
                ) => Err(unserved(wanted.partition, *e, Stage::Metadata)),
                Err(e) => Err(unserved(wanted.partition, *e, Stage::Read)),
            };
            let partition = match partition {
                Ok(p) => p,
                Err(data) => {
                    failed = true;
                    datas.push(data);
                    records.push(None);
                    continue;
                }
            };
            if let Some(id) = follower {
                leader::record_follower_fetch(partition, id, wanted.fetch_offset);
            }
            // Pointed elsewhere: no records, the leader's offsets and the replica to use.
            if let Some(replica) = preferred {
                failed = true;
                let hw = partition.log.high_watermark();
                datas.push(with_log_start(
                    data.with_high_watermark(hw)
                        .with_last_stable_offset(hw)
                        .with_preferred_read_replica(kafka_protocol::messages::BrokerId(*replica)),
                    version,
                    partition.log.log_start_offset(),
                ));
                records.push(None);
                continue;
            }
            // read_committed consumers read up to the last stable offset and are told which
            // transactions in it were aborted; read_uncommitted ones (and followers) never
            // touch the producer state.
            let stable = if read_committed {
                match partition.stable_view(wanted.fetch_offset) {
                    Ok(stable) => Some(stable),
                    Err(e) => {
                        failed = true;
                        records.push(None);
                        datas.push(unserved(wanted.partition, e.response_error(), Stage::Read));
                        continue;
                    }
                }
            } else {
                None
            };
            let limit = stable
                .as_ref()
                .map_or(limit, |(lso, _)| ReadLimit::Stable(*lso));
            // Kafka's `shouldLeaderThrottle`: a follower outside the ISR gets no records of a
            // throttled partition while the rate is exceeded. Reading up to the fetch offset
            // still checks the offset and answers the partition's offsets.
            let held_back = match (follower, quota) {
                (Some(id), Some(quota)) => {
                    quota.is_throttled(&topic.topic, wanted.partition)
                        && !partition.leadership().is_some_and(|r| r.in_isr(id))
                        && *exceeded
                            .get_or_insert_with(|| quota.is_exceeded(kt_base::clock::now_ms()))
                }
                _ => false,
            };
            let limit = if held_back {
                ReadLimit::Stable(wanted.fetch_offset)
            } else {
                limit
            };
            let max = (wanted.partition_max_bytes.max(0) as usize).min(remaining);
            // Only the first partition with data may exceed the request's limit (so one large
            // batch is never stuck); later ones must fit what is left.
            match partition
                .log
                .read_regions_limited(wanted.fetch_offset, max, total == 0, limit)
            {
                Ok(slice) => {
                    remaining = remaining.saturating_sub(slice.len);
                    total += slice.len;
                    let data = match stable {
                        Some((lso, aborted)) => data
                            .with_last_stable_offset(lso)
                            .with_aborted_transactions(Some(
                                aborted
                                    .iter()
                                    .map(|a| {
                                        AbortedTransaction::default()
                                            .with_producer_id(ProducerId(a.producer_id))
                                            .with_first_offset(a.first_offset)
                                    })
                                    .collect(),
                            )),
                        None => data.with_last_stable_offset(slice.high_watermark),
                    };
                    datas.push(with_log_start(
                        data.with_high_watermark(slice.high_watermark),
                        version,
                        slice.log_start_offset,
                    ));
                    records.push(Some(slice));
                }
                Err(e) => {
                    failed = true;
                    records.push(None);
                    let error = crate::BrokerError::from(e).response_error();
                    datas.push(unserved(wanted.partition, error, Stage::Read));
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

/// Where a partition's fetch failed, which decides its list of aborted transactions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stage {
    /// The broker's metadata does not know the partition (Kafka's `KafkaApis` answers it with
    /// `FetchResponse.partitionResponse`, whose aborted transactions are an empty list).
    Metadata,
    /// Reading it failed: not the leader, out of range, deleted meanwhile (Kafka's replica
    /// manager answers with a null list).
    Read,
}

/// A partition answered with `error`, its fields as Kafka sets them: every offset unknown
/// (-1), no preferred read replica, and no records. The records are sent empty, never null
/// (see [`FetchReply::records`]): librdkafka 2.0 rejects a whole answer holding a null one.
fn unserved(index: i32, error: ResponseError, stage: Stage) -> PartitionData {
    PartitionData::default()
        .with_partition_index(index)
        .with_error_code(error.code())
        .with_high_watermark(-1)
        .with_last_stable_offset(-1)
        .with_log_start_offset(-1)
        .with_aborted_transactions((stage == Stage::Metadata).then(Vec::new))
        .with_preferred_read_replica(kafka_protocol::messages::BrokerId(-1))
}

/// The log start offset is part of the response from v5 on.
fn with_log_start(data: PartitionData, version: i16, log_start_offset: i64) -> PartitionData {
    if version >= 5 {
        data.with_log_start_offset(log_start_offset)
    } else {
        data
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::route;
    use bytes::{Bytes, BytesMut};
    use kafka_protocol::messages::fetch_request::{FetchPartition, FetchTopic};
    use kafka_protocol::messages::{ApiKey, BrokerId, TopicName};
    use kafka_protocol::protocol::{Encodable, StrBytes};
    use kt_base::config::{Properties, ServerConfig};
    use std::collections::BTreeMap;

    fn name(s: &str) -> TopicName {
        TopicName(StrBytes::from_string(s.to_string()))
    }

    /// How Kafka 3.9 answers a partition it cannot serve, written out field by field from its
    /// sources rather than through [`unserved`]: `FetchResponse.partitionResponse` when its
    /// metadata lacks the partition (`aborted` = empty list), `ReplicaManager`'s
    /// `createLogReadResult` when the read fails (`aborted` = null); every offset -1, no
    /// preferred replica, and `MemoryRecords.EMPTY`, which `KafkaApis` sets on both.
    fn kafka_answer(
        index: i32,
        error: i16,
        aborted: Option<Vec<AbortedTransaction>>,
    ) -> PartitionData {
        PartitionData::default()
            .with_partition_index(index)
            .with_error_code(error)
            .with_high_watermark(-1)
            .with_last_stable_offset(-1)
            .with_log_start_offset(-1)
            .with_aborted_transactions(aborted)
            .with_preferred_read_replica(BrokerId(-1))
            .with_records(Some(Bytes::new()))
    }

    /// Every way kt fails a partition, in every Fetch version it serves: the bytes it sends
    /// are kafka-protocol's encoding of Kafka's own answer, records empty and never null.
    #[test]
    fn failed_partitions_are_encoded_as_kafka_answers_them_in_every_served_version() {
        let dir = tempfile::tempdir().unwrap();
        let mut props = Properties::new();
        props.insert("log.dirs".into(), dir.path().display().to_string());
        let broker = Broker::open(ServerConfig::from_properties(&props).unwrap().0).unwrap();
        broker
            .create_topic("t", 2, 1, None, BTreeMap::new(), false)
            .unwrap();
        broker
            .create_topic("gone", 1, 1, None, BTreeMap::new(), false)
            .unwrap();
        let gone = broker.partition("gone", 0).unwrap();
        broker.delete_topic("gone").unwrap();
        let t = |i| broker.leading("t", i);

        type Lookup = Result<Arc<Partition>, ResponseError>;
        /// A partition asked for: its index, the fetch offset, what the lookup found.
        type Case = (i32, i64, Lookup);
        let cases: Vec<(&str, Vec<Case>)> = vec![
            (
                "t",
                vec![
                    // Past the log end, and below the log start.
                    (0, 5, t(0)),
                    (1, -3, t(1)),
                    // Not in the metadata.
                    (9, 0, t(9)),
                ],
            ),
            (
                "elsewhere",
                vec![
                    (0, 0, Err(ResponseError::UnknownTopicOrPartition)),
                    (1, 0, Err(ResponseError::NotLeaderOrFollower)),
                    (2, 0, Err(ResponseError::FencedLeaderEpoch)),
                    (3, 0, Err(ResponseError::UnknownLeaderEpoch)),
                    (4, 0, Err(ResponseError::KafkaStorageError)),
                ],
            ),
            // Deleted while the fetch waited.
            ("gone", vec![(0, 0, Ok(gone))]),
        ];
        let empty = || Some(Vec::new());
        let expected_topics = vec![
            (
                "t",
                vec![
                    kafka_answer(0, ResponseError::OffsetOutOfRange.code(), None),
                    kafka_answer(1, ResponseError::OffsetOutOfRange.code(), None),
                    kafka_answer(9, ResponseError::UnknownTopicOrPartition.code(), empty()),
                ],
            ),
            (
                "elsewhere",
                vec![
                    kafka_answer(0, ResponseError::UnknownTopicOrPartition.code(), empty()),
                    kafka_answer(1, ResponseError::NotLeaderOrFollower.code(), None),
                    kafka_answer(2, ResponseError::FencedLeaderEpoch.code(), None),
                    kafka_answer(3, ResponseError::UnknownLeaderEpoch.code(), None),
                    kafka_answer(4, ResponseError::KafkaStorageError.code(), None),
                ],
            ),
            (
                "gone",
                vec![kafka_answer(
                    0,
                    ResponseError::UnknownTopicOrPartition.code(),
                    None,
                )],
            ),
        ];

        let request = FetchRequest::default().with_max_bytes(1 << 20).with_topics(
            cases
                .iter()
                .map(|(topic, parts)| {
                    FetchTopic::default()
                        .with_topic(name(topic))
                        .with_partitions(
                            parts
                                .iter()
                                .map(|(index, offset, _)| {
                                    FetchPartition::default()
                                        .with_partition(*index)
                                        .with_fetch_offset(*offset)
                                        .with_partition_max_bytes(1 << 20)
                                })
                                .collect(),
                        )
                })
                .collect(),
        );
        let lookups: Vec<Vec<Lookup>> = cases
            .into_iter()
            .map(|(_, parts)| parts.into_iter().map(|(_, _, l)| l).collect())
            .collect();
        let expected = FetchResponse::default().with_responses(
            expected_topics
                .into_iter()
                .map(|(topic, partitions)| {
                    FetchableTopicResponse::default()
                        .with_topic(name(topic))
                        .with_partitions(partitions)
                })
                .collect(),
        );

        let fetch = route(ApiKey::Fetch as i16).unwrap();
        assert_eq!(
            fetch.max_version, 12,
            "a new version: extend the encoder and this test"
        );
        let no_preference: Vec<Vec<Option<i32>>> =
            lookups.iter().map(|l| vec![None; l.len()]).collect();
        for version in fetch.min_version..=fetch.max_version {
            let (reply, bytes, failed) = read(
                &request,
                version,
                &lookups,
                &no_preference,
                request.max_bytes as usize,
                None,
                None,
            );
            assert_eq!((bytes, failed), (0, true), "v{version}");
            let parts = reply.into_parts(version).unwrap();
            let sent = body::materialize(&parts).unwrap();
            let mut want = BytesMut::new();
            expected.encode(&mut want, version).unwrap();
            assert_eq!(sent, want.freeze(), "v{version}");
        }
    }
}

#[cfg(test)]
mod no_copy_tests {
    use super::*;
    use crate::api::BodyPart;
    use bytes::{Bytes, BytesMut};
    use kafka_protocol::messages::fetch_request::{FetchPartition, FetchTopic};
    use kafka_protocol::messages::{BrokerId, TopicName};
    use kafka_protocol::protocol::StrBytes;
    use kafka_protocol::records::{
        Compression, Record, RecordBatchEncoder, RecordEncodeOptions, TimestampType,
    };
    use std::collections::BTreeMap;

    const MIB: usize = 1 << 20;

    /// One batch holding one record of `value`.
    fn batch(value: &Bytes) -> BytesMut {
        let record = Record {
            transactional: false,
            control: false,
            delete_horizon: false,
            partition_leader_epoch: 0,
            producer_id: -1,
            producer_epoch: -1,
            timestamp_type: TimestampType::Creation,
            offset: 0,
            sequence: -1,
            timestamp: 1,
            key: None,
            value: Some(value.clone()),
            headers: Default::default(),
        };
        let mut buf = BytesMut::new();
        let options = RecordEncodeOptions {
            version: 2,
            compression: Compression::None,
        };
        RecordBatchEncoder::encode(&mut buf, std::slice::from_ref(&record), &options).unwrap();
        buf
    }

    const PARTITIONS: i32 = 100;
    const BATCH_VALUE: usize = 64 << 10;

    /// A consumer's Fetch (no overall limit asked) of 100 partitions, each holding 17 batches
    /// of 64 KiB, up to 1 MiB each, answered by the handler of a broker with `props`: the
    /// answer's body parts (records as file ranges, fields as bytes).
    async fn fetch_100_partitions_of_1_mib(props: &[(&str, &str)]) -> Vec<BodyPart> {
        let dir = tempfile::tempdir().unwrap();
        let broker = crate::test_support::open_broker(dir.path(), props);
        broker
            .create_topic("wide", PARTITIONS, 1, None, BTreeMap::new(), false)
            .unwrap();
        // 17 batches of 64 KiB: more than the 1 MiB each partition may answer.
        let value = Bytes::from(vec![b'x'; BATCH_VALUE]);
        for p in 0..PARTITIONS {
            let partition = broker.partition("wide", p).unwrap();
            for _ in 0..17 {
                partition.log.append(&mut batch(&value)).unwrap();
            }
        }
        let request = FetchRequest::default()
            .with_replica_id(BrokerId(-1))
            .with_max_wait_ms(0)
            .with_min_bytes(1)
            .with_max_bytes(i32::MAX)
            .with_topics(vec![FetchTopic::default()
                .with_topic(TopicName(StrBytes::from_static_str("wide")))
                .with_partitions(
                    (0..PARTITIONS)
                        .map(|p| {
                            FetchPartition::default()
                                .with_partition(p)
                                .with_fetch_offset(0)
                                .with_current_leader_epoch(-1)
                                .with_partition_max_bytes(MIB as i32)
                        })
                        .collect(),
                )]);
        let version = 12;
        let ctx = RequestContext {
            version,
            client_id: String::new(),
            client_host: String::new(),
            listener: "PLAINTEXT".into(),
            principal: Arc::new(crate::security::KafkaPrincipal::anonymous()),
            close_connection: Default::default(),
        };

        let reply = handle(&broker, request, &ctx).await;
        reply.into_parts(version).unwrap()
    }

    /// (file bytes, memory bytes, file ranges) of an answer's parts.
    fn where_the_bytes_are(parts: &[BodyPart]) -> (usize, usize, usize) {
        let (mut in_files, mut in_memory, mut ranges) = (0usize, 0usize, 0usize);
        for part in parts {
            match part {
                BodyPart::File(region) => {
                    in_files += region.len;
                    ranges += 1;
                }
                BodyPart::Bytes(bytes) => in_memory += bytes.len(),
            }
        }
        (in_files, in_memory, ranges)
    }

    /// Issue 16: "a fetch of 100 partitions x 1 MiB never buffers the data in user space".
    /// The Fetch handler's answer is encoded headers and ranges of segment files (which the
    /// connection sends with sendfile, see `sendfile::tests`): ~100 MiB of records named by
    /// file ranges, and only the few KiB of fields around them encoded in memory. (The
    /// broker's `fetch.max.bytes`, 55 MiB by default, is raised so that all 100 MiB may go.)
    #[tokio::test]
    async fn a_fetch_of_100_partitions_of_1_mib_names_file_ranges_and_encodes_only_headers() {
        let parts = fetch_100_partitions_of_1_mib(&[("fetch.max.bytes", "209715200")]).await;
        let (in_files, in_memory, ranges) = where_the_bytes_are(&parts);
        let value = Bytes::from(vec![b'x'; BATCH_VALUE]);
        // Each partition answers its whole batches up to 1 MiB: within one batch of it.
        let one_batch = batch(&value).len();
        let least = PARTITIONS as usize * (MIB - one_batch);
        assert!(
            (least..=PARTITIONS as usize * MIB).contains(&in_files),
            "{in_files} bytes of records named as file ranges, expected ~100 MiB"
        );
        assert!(ranges >= PARTITIONS as usize, "{ranges} file ranges");
        assert!(
            in_memory < 64 << 10,
            "{in_memory} bytes encoded in memory: only the fields around the records belong there"
        );
        assert_eq!(parts_len(&parts), in_files + in_memory);
    }

    /// Kafka's `fetch.max.bytes` (55 MiB by default) caps what one answer to a consumer
    /// carries, whatever the request asks: the partitions past it wait for the next fetch.
    #[tokio::test]
    async fn a_consumer_fetch_carries_at_most_the_brokers_fetch_max_bytes() {
        let parts = fetch_100_partitions_of_1_mib(&[]).await;
        let (in_files, _, _) = where_the_bytes_are(&parts);
        let cap = 57_671_680;
        assert!(
            (cap - MIB..=cap).contains(&in_files),
            "{in_files} bytes of records for a cap of {cap}"
        );
        let parts = fetch_100_partitions_of_1_mib(&[("fetch.max.bytes", "5242880")]).await;
        let (in_files, _, _) = where_the_bytes_are(&parts);
        assert!(
            (4 * MIB..=5 * MIB).contains(&in_files),
            "{in_files} bytes of records for a cap of 5 MiB"
        );
    }
}
