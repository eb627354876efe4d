//! What kafka-log-dirs.sh asks of a cluster: every broker's log directories, each with its
//! error (an offline directory) and the size of every partition log in it, through
//! DescribeLogDirs over [`super::wire`] (librdkafka has no such call).

use std::time::Duration;

use kafka_protocol::error::ResponseError;
use kafka_protocol::messages::DescribeLogDirsRequest;

use super::wire::{property_ms, WireClient, WireError};

/// The client id Kafka's LogDirsCommand uses unless `client.id` is set.
const CLIENT_ID: &str = "log-dirs-tool";

/// One partition log in a log directory (Kafka's `ReplicaInfo`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReplicaInfo {
    pub topic: String,
    pub partition: i32,
    /// Bytes of all its segments.
    pub size: i64,
    /// How far the log end is behind the high watermark (0 for a leader).
    pub offset_lag: i64,
    /// A log being moved to this directory (kafka-reassign-partitions between dirs).
    pub is_future: bool,
}

/// One log directory of a broker (Kafka's `LogDirDescription`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogDirDescription {
    pub log_dir: String,
    /// The directory's error (KAFKA_STORAGE_ERROR for an offline one), None when healthy.
    pub error: Option<ResponseError>,
    pub replicas: Vec<ReplicaInfo>,
    /// The file system's size and free bytes (-1 when the broker did not say).
    pub total_bytes: i64,
    pub usable_bytes: i64,
}

/// The brokers of the cluster, `(id, host:port)` by id, as the broker at `bootstrap` (the
/// first of a comma-separated list that answers) knows them.
pub async fn cluster_brokers(
    bootstrap: &str,
    properties: &[(String, String)],
) -> Result<Vec<(i32, String)>, WireError> {
    let timeout = timeout(properties);
    let mut last_error = None;
    for addr in bootstrap
        .split(',')
        .map(str::trim)
        .filter(|a| !a.is_empty())
    {
        match WireClient::connect(addr, properties, CLIENT_ID, timeout).await {
            Ok(mut client) => return client.brokers().await,
            Err(e) => last_error = Some(e),
        }
    }
    Err(last_error.unwrap_or_else(|| WireError::Config(format!("no server in {bootstrap:?}"))))
}

/// The log directories of the broker at `addr`, in the order it lists them.
pub async fn describe_log_dirs(
    addr: &str,
    properties: &[(String, String)],
) -> Result<Vec<LogDirDescription>, WireError> {
    let mut client = WireClient::connect(addr, properties, CLIENT_ID, timeout(properties)).await?;
    // No topics: every partition of every directory, as Kafka's Admin.describeLogDirs asks.
    let request = DescribeLogDirsRequest::default().with_topics(None);
    let response = client.call(&request, 4).await?;
    if response.error_code != 0 {
        return Err(WireError::Config(format!(
            "{addr} answered DescribeLogDirs with {:?}",
            ResponseError::try_from_code(response.error_code)
        )));
    }
    Ok(response
        .results
        .into_iter()
        .map(|dir| LogDirDescription {
            log_dir: dir.log_dir.to_string(),
            error: ResponseError::try_from_code(dir.error_code),
            replicas: dir
                .topics
                .iter()
                .flat_map(|t| {
                    t.partitions.iter().map(|p| ReplicaInfo {
                        topic: t.name.0.to_string(),
                        partition: p.partition_index,
                        size: p.partition_size,
                        offset_lag: p.offset_lag,
                        is_future: p.is_future_key,
                    })
                })
                .collect(),
            total_bytes: dir.total_bytes,
            usable_bytes: dir.usable_bytes,
        })
        .collect())
}

/// `default.api.timeout.ms` of the client properties, else Kafka's 60 s.
fn timeout(properties: &[(String, String)]) -> Duration {
    property_ms(properties, "default.api.timeout.ms", 60_000)
}
