//! kafka-replica-verification.sh (Kafka's `ReplicaVerificationTool`): checks that every
//! replica of the chosen topics holds the same record batches.
//!
//! The cluster's topics and brokers come from Metadata; each partition starts at the offset
//! `--time` names (ListOffsets to its leader). Then, round after round, every broker holding
//! replicas is sent one Fetch for all of them at once, as Kafka's debugging consumer
//! (replica id -2, which brokers serve from followers too, up to their high watermark), over
//! the raw wire client; when every broker has answered, [`compare`] walks the answers.
//! The tool runs until it is stopped, or until replicas disagree on offsets.

pub mod compare;

use std::collections::BTreeMap;
use std::io::Write;
use std::time::Duration;

use anyhow::Context;
use bytes::Bytes;
use kafka_protocol::messages::fetch_request::{FetchPartition, FetchTopic};
use kafka_protocol::messages::list_offsets_request::{ListOffsetsPartition, ListOffsetsTopic};
use kafka_protocol::messages::{
    BrokerId, FetchRequest, ListOffsetsRequest, MetadataRequest, MetadataResponse, TopicName,
};
use kafka_protocol::protocol::StrBytes;

use crate::admin::wire::WireClient;
use compare::{ReplicaData, TopicPartition, Verifier};

/// The replica id of Kafka's debugging consumer (`FetchRequest.DEBUGGING_CONSUMER_ID`): a
/// consumer that may fetch from followers.
pub const DEBUGGING_CONSUMER_ID: i32 = -2;

/// The client id Kafka's tool uses for its fetchers.
const CLIENT_ID: &str = "broker--2-fetcher";

/// Fetch version kt asks for: v12 names topics (not ids) and carries the replica id as a
/// field; every broker since Kafka 3.1 serves it.
const FETCH_VERSION: i16 = 12;

/// What the flags ask for.
#[derive(Debug, Clone)]
pub struct Settings {
    /// `--broker-list`: where to find the cluster.
    pub brokers: Vec<String>,
    /// `--topics-include`: which topics (the whole name must match).
    pub include: regex::Regex,
    /// `--fetch-size`: the bytes fetched per partition per round.
    pub fetch_size: i32,
    /// `--max-wait-ms`: how long a fetch waits for data.
    pub max_wait_ms: i32,
    /// `--time`: the initial offsets (-1 latest, -2 earliest, else a timestamp).
    pub time: i64,
    /// `--report-interval-ms`: how often the maximum lag is printed.
    pub report_interval_ms: i64,
}

/// Why the tool could not start or stopped.
#[derive(Debug, thiserror::Error)]
pub enum VerificationError {
    /// No topic matched `--topics-include`.
    #[error("No topics found. [topics-include] if specified, is either filtering out all topics or there is no topic.")]
    NoTopics,
    /// Replicas disagree on the offsets of their batches (already printed).
    #[error("replicas disagree on offsets")]
    Mismatch,
}

/// A partition as Metadata describes it.
struct PartitionInfo {
    tp: TopicPartition,
    leader: i32,
    replicas: Vec<i32>,
}

/// Kafka's timestamp for its report lines (`yyyy-MM-dd HH:mm:ss,SSS`, local time).
pub fn stamp(ms: i64) -> String {
    use chrono::TimeZone;
    chrono::Local
        .timestamp_millis_opt(ms)
        .single()
        .map(|t| t.format("%Y-%m-%d %H:%M:%S,%3f").to_string())
        .unwrap_or_default()
}

fn now_ms() -> i64 {
    chrono::Utc::now().timestamp_millis()
}

/// Runs the verification, printing Kafka's lines on `out`, until a mismatch of offsets
/// (an error) or for ever.
pub async fn run(settings: &Settings, out: &mut dyn Write) -> anyhow::Result<()> {
    let timeout = Duration::from_secs(30);
    let mut bootstrap = None;
    let mut last_error = None;
    for addr in &settings.brokers {
        match WireClient::connect(addr, &[], "adminclient-1", timeout).await {
            Ok(c) => {
                bootstrap = Some(c);
                break;
            }
            Err(e) => last_error = Some(e),
        }
    }
    let Some(mut bootstrap) = bootstrap else {
        return Err(last_error.map_or_else(|| anyhow::anyhow!("no broker given"), Into::into));
    };
    let metadata: MetadataResponse = bootstrap
        .call(&MetadataRequest::default().with_topics(None), 12)
        .await?;
    let addresses: BTreeMap<i32, String> = metadata
        .brokers
        .iter()
        .map(|b| (b.node_id.0, format!("{}:{}", b.host, b.port)))
        .collect();
    let mut partitions = Vec::new();
    for topic in &metadata.topics {
        let Some(name) = topic.name.as_ref().map(|n| n.to_string()) else {
            continue;
        };
        if !settings.include.is_match(&name) {
            continue;
        }
        for p in &topic.partitions {
            partitions.push(PartitionInfo {
                tp: TopicPartition {
                    topic: name.clone(),
                    partition: p.partition_index,
                },
                leader: p.leader_id.0,
                replicas: p.replica_nodes.iter().map(|r| r.0).collect(),
            });
        }
    }
    if partitions.is_empty() {
        return Err(VerificationError::NoTopics.into());
    }
    partitions.sort_by(|a, b| a.tp.cmp(&b.tp));
    let offsets = initial_offsets(&partitions, &addresses, settings.time, timeout).await?;

    // Every broker with replicas, and the partitions it holds.
    let mut per_broker: BTreeMap<i32, Vec<TopicPartition>> = BTreeMap::new();
    for p in &partitions {
        for r in &p.replicas {
            per_broker.entry(*r).or_default().push(p.tp.clone());
        }
    }
    let mut fetchers = Vec::new();
    for (id, tps) in per_broker {
        let addr = addresses
            .get(&id)
            .with_context(|| {
                format!("broker {id} holds replicas but is not in the cluster's metadata")
            })?
            .clone();
        fetchers.push(Fetcher {
            id,
            addr,
            partitions: tps,
            client: None,
        });
    }
    let mut verifier = Verifier::new(offsets, settings.report_interval_ms, now_ms());
    writeln!(out, "{}: verification process is started", stamp(now_ms()))?;
    out.flush()?;
    loop {
        let answers = futures::future::join_all(
            fetchers
                .iter_mut()
                .map(|f| f.fetch(&verifier, settings, timeout)),
        )
        .await;
        let mut fetched: BTreeMap<TopicPartition, BTreeMap<i32, ReplicaData>> = BTreeMap::new();
        for (fetcher, answer) in fetchers.iter().zip(answers) {
            for tp in &fetcher.partitions {
                let data = answer.get(tp).cloned().unwrap_or(ReplicaData {
                    high_watermark: -1,
                    records: Bytes::new(),
                });
                fetched
                    .entry(tp.clone())
                    .or_default()
                    .insert(fetcher.id, data);
            }
        }
        let round = verifier.verify(&fetched, now_ms(), &stamp);
        for line in &round.lines {
            writeln!(out, "{line}")?;
        }
        out.flush()?;
        if round.fatal {
            return Err(VerificationError::Mismatch.into());
        }
    }
}

/// The offsets `time` names for each partition, from its leader (a partition without one,
/// or without an offset at that time, starts at its end).
async fn initial_offsets(
    partitions: &[PartitionInfo],
    addresses: &BTreeMap<i32, String>,
    time: i64,
    timeout: Duration,
) -> anyhow::Result<BTreeMap<TopicPartition, i64>> {
    let mut by_leader: BTreeMap<i32, Vec<&TopicPartition>> = BTreeMap::new();
    for p in partitions {
        by_leader.entry(p.leader).or_default().push(&p.tp);
    }
    let mut offsets = BTreeMap::new();
    for (leader, tps) in by_leader {
        let Some(addr) = addresses.get(&leader) else {
            continue;
        };
        let mut client =
            WireClient::connect(addr, &[], "consumer-ReplicaVerification-1", timeout).await?;
        let mut topics: BTreeMap<&str, Vec<i32>> = BTreeMap::new();
        for tp in &tps {
            topics.entry(&tp.topic).or_default().push(tp.partition);
        }
        let request = ListOffsetsRequest::default()
            .with_replica_id(BrokerId(-1))
            .with_topics(
                topics
                    .iter()
                    .map(|(topic, ps)| {
                        ListOffsetsTopic::default()
                            .with_name(TopicName(StrBytes::from_string(topic.to_string())))
                            .with_partitions(
                                ps.iter()
                                    .map(|p| {
                                        ListOffsetsPartition::default()
                                            .with_partition_index(*p)
                                            .with_current_leader_epoch(-1)
                                            .with_timestamp(time)
                                    })
                                    .collect(),
                            )
                    })
                    .collect(),
            );
        let response = client.call(&request, 7).await?;
        for topic in &response.topics {
            for p in &topic.partitions {
                if p.error_code == 0 && p.offset >= 0 {
                    offsets.insert(
                        TopicPartition {
                            topic: topic.name.to_string(),
                            partition: p.partition_index,
                        },
                        p.offset,
                    );
                }
            }
        }
    }
    // Kafka's consumer answers offsetsForTimes with nothing past the last record; start at
    // the end then.
    if time != -1 {
        let missing: Vec<&PartitionInfo> = partitions
            .iter()
            .filter(|p| !offsets.contains_key(&p.tp))
            .collect();
        if !missing.is_empty() {
            let owned: Vec<PartitionInfo> = missing
                .iter()
                .map(|p| PartitionInfo {
                    tp: p.tp.clone(),
                    leader: p.leader,
                    replicas: p.replicas.clone(),
                })
                .collect();
            let ends = Box::pin(initial_offsets(&owned, addresses, -1, timeout)).await?;
            offsets.extend(ends);
        }
    }
    Ok(offsets)
}

/// One broker's fetcher: its connection (opened again after a failure) and the partitions
/// whose replicas it holds.
struct Fetcher {
    id: i32,
    addr: String,
    partitions: Vec<TopicPartition>,
    client: Option<WireClient>,
}

impl Fetcher {
    /// One Fetch for all the broker's partitions from the verified offsets. A broker that
    /// cannot be reached, or a partition it answers with an error, gives nothing this round
    /// (its partitions wait, as in Kafka's tool).
    async fn fetch(
        &mut self,
        verifier: &Verifier,
        settings: &Settings,
        timeout: Duration,
    ) -> BTreeMap<TopicPartition, ReplicaData> {
        let mut answer = BTreeMap::new();
        if self.client.is_none() {
            match WireClient::connect(&self.addr, &[], CLIENT_ID, timeout).await {
                Ok(c) => self.client = Some(c),
                Err(e) => {
                    tracing::warn!("replica fetcher for broker {}: {e}", self.id);
                    tokio::time::sleep(Duration::from_millis(settings.max_wait_ms.max(0) as u64))
                        .await;
                    return answer;
                }
            }
        }
        let mut topics: BTreeMap<&str, Vec<FetchPartition>> = BTreeMap::new();
        for tp in &self.partitions {
            topics.entry(&tp.topic).or_default().push(
                FetchPartition::default()
                    .with_partition(tp.partition)
                    .with_current_leader_epoch(-1)
                    .with_fetch_offset(verifier.offset(tp))
                    .with_log_start_offset(-1)
                    .with_partition_max_bytes(settings.fetch_size),
            );
        }
        let request = FetchRequest::default()
            .with_replica_id(BrokerId(DEBUGGING_CONSUMER_ID))
            .with_max_wait_ms(settings.max_wait_ms)
            .with_min_bytes(1)
            .with_max_bytes(i32::MAX)
            .with_session_id(0)
            .with_session_epoch(-1)
            .with_topics(
                topics
                    .into_iter()
                    .map(|(topic, partitions)| {
                        FetchTopic::default()
                            .with_topic(TopicName(StrBytes::from_string(topic.to_string())))
                            .with_partitions(partitions)
                    })
                    .collect(),
            );
        let client = self.client.as_mut().expect("connected above");
        let mut failed = false;
        match client.call(&request, FETCH_VERSION).await {
            Ok(response) => {
                for topic in &response.responses {
                    for p in &topic.partitions {
                        if p.error_code != 0 {
                            failed = true;
                            tracing::debug!(
                                "broker {} answered {}-{} with error code {}",
                                self.id,
                                topic.topic.as_str(),
                                p.partition_index,
                                p.error_code
                            );
                            continue;
                        }
                        answer.insert(
                            TopicPartition {
                                topic: topic.topic.to_string(),
                                partition: p.partition_index,
                            },
                            ReplicaData {
                                high_watermark: p.high_watermark,
                                records: p.records.clone().unwrap_or_default(),
                            },
                        );
                    }
                }
            }
            Err(e) => {
                tracing::warn!("replica fetcher for broker {}: {e}", self.id);
                self.client = None;
                failed = true;
            }
        }
        // An error answers at once; do not spin on it.
        if failed {
            tokio::time::sleep(Duration::from_millis(
                settings.max_wait_ms.clamp(0, 200) as u64
            ))
            .await;
        }
        answer
    }
}
