//! Per-log configuration (`LogConfig`), the topic-level settings storage obeys.

use std::fmt;
use std::str::FromStr;

/// Which timestamp a topic keeps in its batches (`message.timestamp.type`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TimestampType {
    /// Keep the producer's timestamps.
    #[default]
    CreateTime,
    /// Overwrite the batch's max timestamp with the broker's clock at append.
    LogAppendTime,
}

impl FromStr for TimestampType {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "CreateTime" => Ok(TimestampType::CreateTime),
            "LogAppendTime" => Ok(TimestampType::LogAppendTime),
            other => Err(format!(
                "invalid message.timestamp.type {other:?}: expected CreateTime or LogAppendTime"
            )),
        }
    }
}

impl fmt::Display for TimestampType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            TimestampType::CreateTime => "CreateTime",
            TimestampType::LogAppendTime => "LogAppendTime",
        })
    }
}

/// Settings of one partition log, built by the broker from server properties
/// and topic overrides. Field names follow Kafka's topic configs.
///
/// Time values are milliseconds; `-1` for retention means unlimited, and
/// `i64::MAX` for the flush intervals means "never fsync, leave it to the OS"
/// (Kafka's default).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LogConfig {
    /// `segment.bytes`: roll when the active segment would exceed this size.
    pub segment_bytes: u64,
    /// `segment.ms`: roll when the active segment is older than this.
    pub segment_ms: i64,
    /// `retention.ms`: delete segments whose newest timestamp is older (-1 = forever).
    pub retention_ms: i64,
    /// `retention.bytes`: delete oldest segments while the log is larger (-1 = unlimited).
    pub retention_bytes: i64,
    /// `flush.messages`: fsync after this many unflushed records.
    pub flush_interval_messages: i64,
    /// `flush.ms`: fsync when the last flush is older than this (see `maybe_flush`).
    pub flush_interval_ms: i64,
    /// `index.interval.bytes`: bytes of log between two index entries.
    pub index_interval_bytes: u64,
    /// `max.message.bytes`: largest record batch accepted.
    pub max_message_bytes: u64,
    /// `message.timestamp.type`.
    pub message_timestamp_type: TimestampType,
    /// `segment.index.bytes`: maximum size of an index file; a full index rolls the segment.
    pub segment_index_bytes: u64,
    /// `cleanup.policy` includes `compact`: the log cleaner keeps the latest record per key.
    pub compact: bool,
    /// `compression.type` as a codec id (0 none .. 4 zstd) that appended batches are
    /// recompressed into; None (`producer`) keeps them as they came.
    pub compression: Option<u8>,
    /// `delete.retention.ms`: how long the cleaner keeps a tombstone (a record with a null
    /// value), counted from the tombstone's timestamp.
    pub delete_retention_ms: i64,
    /// `min.compaction.lag.ms`: a segment is cleaned only once its newest timestamp is at
    /// least this old.
    pub min_compaction_lag_ms: i64,
    /// `min.cleanable.dirty.ratio` in millionths: the share of not-yet-cleaned bytes among
    /// the closed segments' bytes above which the cleaner works on the log.
    pub min_cleanable_dirty_ratio_ppm: u32,
    /// The broker's `producer.id.expiration.ms` (not a topic config): how long after its
    /// last batch's max timestamp a producer with no transaction open counts as gone. The
    /// log cleaner needs it to tell which producers are still active (Kafka's
    /// `lastRecordsOfActiveProducers`), whose last batch it keeps as an empty header. It
    /// lives here, filled by the broker from its effective configuration, because the
    /// cleaner runs in storage's own thread (the log manager's), with no access to the
    /// broker's producer states or settings; and `LogConfig` is already what the broker
    /// gives every log and updates on a dynamic change, so the cleaner judges expiry with
    /// the value the broker's expiration check uses.
    pub producer_id_expiration_ms: i64,
}

impl Default for LogConfig {
    fn default() -> Self {
        LogConfig {
            segment_bytes: 1024 * 1024 * 1024,
            segment_ms: 7 * 24 * 60 * 60 * 1000,
            retention_ms: 7 * 24 * 60 * 60 * 1000,
            retention_bytes: -1,
            flush_interval_messages: i64::MAX,
            flush_interval_ms: i64::MAX,
            index_interval_bytes: 4096,
            max_message_bytes: 1_048_588,
            message_timestamp_type: TimestampType::CreateTime,
            segment_index_bytes: 10 * 1024 * 1024,
            compact: false,
            compression: None,
            delete_retention_ms: 24 * 60 * 60 * 1000,
            min_compaction_lag_ms: 0,
            min_cleanable_dirty_ratio_ppm: 500_000,
            producer_id_expiration_ms: 86_400_000,
        }
    }
}

impl LogConfig {
    /// Maximum number of offset-index entries a segment may hold (8 bytes each).
    pub(crate) fn max_offset_index_entries(&self) -> usize {
        ((self.segment_index_bytes / 8).max(1)) as usize
    }

    /// Maximum number of time-index entries a segment may hold (12 bytes each).
    pub(crate) fn max_time_index_entries(&self) -> usize {
        ((self.segment_index_bytes / 12).max(1)) as usize
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamp_type_parses_kafka_names() {
        assert_eq!(
            "LogAppendTime".parse::<TimestampType>(),
            Ok(TimestampType::LogAppendTime)
        );
        assert_eq!(
            "CreateTime".parse::<TimestampType>(),
            Ok(TimestampType::CreateTime)
        );
        assert!("createtime".parse::<TimestampType>().is_err());
        assert_eq!(TimestampType::LogAppendTime.to_string(), "LogAppendTime");
    }

    #[test]
    fn defaults_match_kafka() {
        let c = LogConfig::default();
        assert_eq!(c.segment_bytes, 1 << 30);
        assert_eq!(c.max_message_bytes, 1_048_588);
        assert_eq!(c.retention_bytes, -1);
        assert_eq!(c.max_offset_index_entries(), 10 * 1024 * 1024 / 8);
        assert_eq!(c.producer_id_expiration_ms, 86_400_000);
    }
}
