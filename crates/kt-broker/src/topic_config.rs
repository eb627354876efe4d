//! Topic-level configuration: the keys a topic may override, their broker-wide defaults, and the
//! translation into the storage layer's `LogConfig`.

use std::collections::BTreeMap;

use kt_base::config::ServerConfig;

use crate::dynamic_config::DynamicConfigs;
use kt_storage::{LogConfig, TimestampType};

/// Where a config value comes from, with Kafka's `DescribeConfigs` source codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConfigSource {
    /// Set on the topic (DYNAMIC_TOPIC_CONFIG).
    Topic = 1,
    /// Set dynamically for this broker (DYNAMIC_BROKER_CONFIG).
    DynamicBroker = 2,
    /// Set dynamically for every broker (DYNAMIC_DEFAULT_BROKER_CONFIG).
    DynamicDefaultBroker = 3,
    /// Set in server.properties (STATIC_BROKER_CONFIG).
    StaticBroker = 4,
    /// Kafka's built-in default (DEFAULT_CONFIG).
    Default = 5,
}

/// One effective configuration entry of a topic, as `DescribeConfigs` reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigEntry {
    pub name: String,
    pub value: String,
    pub source: ConfigSource,
}

/// A topic config key kt knows: its name, the broker key that supplies its default, and how
/// the default is computed from the broker's settings.
struct TopicKey {
    name: &'static str,
    broker_key: &'static str,
    default: fn(&ServerConfig) -> String,
    validate: fn(&str) -> Result<(), String>,
}

fn long(value: &str) -> Result<(), String> {
    value
        .parse::<i64>()
        .map(|_| ())
        .map_err(|_| "not a number".to_string())
}

fn positive(value: &str) -> Result<(), String> {
    match value.parse::<i64>() {
        Ok(v) if v >= 1 => Ok(()),
        _ => Err("must be a number of at least 1".to_string()),
    }
}

fn retention(value: &str) -> Result<(), String> {
    match value.parse::<i64>() {
        Ok(v) if v >= -1 => Ok(()),
        _ => Err("must be -1 or more".to_string()),
    }
}

fn non_negative(value: &str) -> Result<(), String> {
    match value.parse::<i64>() {
        Ok(v) if v >= 0 => Ok(()),
        _ => Err("must be a number of at least 0".to_string()),
    }
}

/// `cleanup.policy`: a comma-separated list of `compact` and `delete`.
fn cleanup_policy(value: &str) -> Result<(), String> {
    let items: Vec<&str> = value.split(',').map(str::trim).collect();
    if items.iter().all(|i| *i == "compact" || *i == "delete") {
        Ok(())
    } else {
        Err("[compact, delete] are the only valid policies".to_string())
    }
}

/// The policies in a `cleanup.policy` value: (compact, delete).
fn policies(value: &str) -> (bool, bool) {
    let has = |p: &str| value.split(',').any(|i| i.trim() == p);
    (has("compact"), has("delete"))
}

fn ratio(value: &str) -> Result<(), String> {
    match value.parse::<f64>() {
        Ok(v) if (0.0..=1.0).contains(&v) => Ok(()),
        _ => Err("Value must be between 0 and 1".to_string()),
    }
}

fn one_of(value: &str, choices: &[&str]) -> Result<(), String> {
    if choices.contains(&value) {
        Ok(())
    } else {
        Err(format!("must be one of {}", choices.join(", ")))
    }
}

/// `leader.`/`follower.replication.throttled.replicas`: empty, `*`, or a list of
/// `partition:broker` pairs (Kafka's `ThrottledReplicaListValidator`).
fn throttled_replicas(value: &str) -> Result<(), String> {
    let value = value.trim();
    let pair = |item: &str| {
        let mut parts = item.trim().split(':');
        let ok = |p: Option<&str>| p.is_some_and(|p| p.trim().parse::<u32>().is_ok());
        ok(parts.next()) && ok(parts.next()) && parts.next().is_none()
    };
    if value.is_empty() || value == "*" || value.split(',').all(pair) {
        Ok(())
    } else {
        Err(
            "must be the literal '*' or a list of replicas in the following format: \
             [partitionId]:[brokerId],[partitionId]:[brokerId],..."
                .to_string(),
        )
    }
}

const TOPIC_KEYS: &[TopicKey] = &[
    TopicKey {
        name: "cleanup.policy",
        broker_key: "log.cleanup.policy",
        default: |_| "delete".into(),
        validate: cleanup_policy,
    },
    TopicKey {
        name: "compression.type",
        broker_key: "compression.type",
        default: |c| {
            c.properties
                .get("compression.type")
                .filter(|v| kt_storage::codec_of(v).is_some())
                .cloned()
                .unwrap_or_else(|| "producer".into())
        },
        validate: |v| {
            one_of(
                v,
                &["uncompressed", "zstd", "lz4", "snappy", "gzip", "producer"],
            )
        },
    },
    TopicKey {
        name: "delete.retention.ms",
        broker_key: "log.cleaner.delete.retention.ms",
        default: |c| c.log_cleaner_delete_retention_ms.to_string(),
        validate: non_negative,
    },
    TopicKey {
        name: "flush.messages",
        broker_key: "log.flush.interval.messages",
        default: |c| c.log_flush_interval_messages.to_string(),
        validate: positive,
    },
    TopicKey {
        name: "flush.ms",
        broker_key: "log.flush.interval.ms",
        default: |c| c.log_flush_interval_ms.to_string(),
        validate: long,
    },
    TopicKey {
        name: "follower.replication.throttled.replicas",
        broker_key: "follower.replication.throttled.replicas",
        default: |_| String::new(),
        validate: throttled_replicas,
    },
    TopicKey {
        name: "index.interval.bytes",
        broker_key: "log.index.interval.bytes",
        default: |c| c.log_index_interval_bytes.to_string(),
        validate: positive,
    },
    TopicKey {
        name: "leader.replication.throttled.replicas",
        broker_key: "leader.replication.throttled.replicas",
        default: |_| String::new(),
        validate: throttled_replicas,
    },
    TopicKey {
        name: "max.message.bytes",
        broker_key: "message.max.bytes",
        default: |c| c.message_max_bytes.to_string(),
        validate: positive,
    },
    TopicKey {
        name: "message.timestamp.type",
        broker_key: "log.message.timestamp.type",
        default: |c| c.log_message_timestamp_type.clone(),
        validate: |v| one_of(v, &["CreateTime", "LogAppendTime"]),
    },
    TopicKey {
        name: "min.cleanable.dirty.ratio",
        broker_key: "log.cleaner.min.cleanable.ratio",
        default: |c| c.log_cleaner_min_cleanable_ratio.to_string(),
        validate: ratio,
    },
    TopicKey {
        name: "min.compaction.lag.ms",
        broker_key: "log.cleaner.min.compaction.lag.ms",
        default: |c| c.log_cleaner_min_compaction_lag_ms.to_string(),
        validate: non_negative,
    },
    TopicKey {
        name: "min.insync.replicas",
        broker_key: "min.insync.replicas",
        default: |c| c.replication.min_insync_replicas.to_string(),
        validate: positive,
    },
    TopicKey {
        name: "retention.bytes",
        broker_key: "log.retention.bytes",
        default: |c| c.log_retention_bytes.to_string(),
        validate: retention,
    },
    TopicKey {
        name: "retention.ms",
        broker_key: "log.retention.ms",
        default: |c| c.log_retention_ms.to_string(),
        validate: retention,
    },
    TopicKey {
        name: "segment.bytes",
        broker_key: "log.segment.bytes",
        default: |c| c.log_segment_bytes.to_string(),
        validate: |v| match v.parse::<i64>() {
            Ok(n) if n >= 14 => Ok(()),
            _ => Err("must be at least 14".to_string()),
        },
    },
    TopicKey {
        name: "segment.ms",
        broker_key: "log.roll.ms",
        default: |c| c.log_roll_ms.to_string(),
        validate: positive,
    },
];

/// Checks topic overrides: every key must be a known topic config with a valid value.
///
/// The error text follows Kafka's `InvalidConfigurationException` messages.
pub fn validate(configs: &BTreeMap<String, String>) -> Result<(), String> {
    for (name, value) in configs {
        let key = TOPIC_KEYS
            .iter()
            .find(|k| k.name == name)
            .ok_or_else(|| format!("Unknown topic config name: {name}"))?;
        (key.validate)(value)
            .map_err(|why| format!("Invalid value {value} for configuration {name}: {why}"))?;
    }
    Ok(())
}

/// Every topic config with its effective value and source, sorted by name.
pub fn describe(server: &ServerConfig, overrides: &BTreeMap<String, String>) -> Vec<ConfigEntry> {
    describe_layered(server, overrides, &DynamicConfigs::default())
}

/// [`describe`] on a broker with dynamic configs: `server` is the effective configuration
/// and a default set in a dynamic layer reports that layer as its source.
pub fn describe_layered(
    server: &ServerConfig,
    overrides: &BTreeMap<String, String>,
    layers: &DynamicConfigs,
) -> Vec<ConfigEntry> {
    TOPIC_KEYS
        .iter()
        .map(|key| match overrides.get(key.name) {
            Some(value) => ConfigEntry {
                name: key.name.to_string(),
                value: value.clone(),
                source: ConfigSource::Topic,
            },
            None => ConfigEntry {
                name: key.name.to_string(),
                value: (key.default)(server),
                source: if layers.broker.contains_key(key.broker_key) {
                    ConfigSource::DynamicBroker
                } else if layers.default.contains_key(key.broker_key) {
                    ConfigSource::DynamicDefaultBroker
                } else if server.properties.contains_key(key.broker_key) {
                    ConfigSource::StaticBroker
                } else {
                    ConfigSource::Default
                },
            },
        })
        .collect()
}

/// Topic configs whose values are comma-separated lists, so IncrementalAlterConfigs may
/// APPEND to or SUBTRACT from them.
const LIST_KEYS: &[&str] = &["cleanup.policy"];

/// The value of list config `name` after adding (`append`) or removing the comma-separated
/// `items`, starting from its effective value (the override, else the default), as Kafka's
/// APPEND and SUBTRACT do. An item already there is not added twice.
pub fn list_operation(
    server: &ServerConfig,
    overrides: &BTreeMap<String, String>,
    name: &str,
    items: &str,
    append: bool,
) -> Result<String, String> {
    if !LIST_KEYS.contains(&name) {
        return Err(format!(
            "Config value append/subtract is not supported for {name}, which is not a list"
        ));
    }
    let current = describe(server, overrides)
        .into_iter()
        .find(|e| e.name == name)
        .map(|e| e.value)
        .unwrap_or_default();
    let split = |v: &str| -> Vec<String> {
        v.split(',')
            .map(str::trim)
            .filter(|i| !i.is_empty())
            .map(str::to_string)
            .collect()
    };
    let mut list = split(&current);
    for item in split(items) {
        if append {
            if !list.contains(&item) {
                list.push(item);
            }
        } else {
            list.retain(|i| *i != item);
        }
    }
    Ok(list.join(","))
}

/// The storage settings of a topic's partitions: broker defaults with the topic's overrides.
pub fn log_config(server: &ServerConfig, overrides: &BTreeMap<String, String>) -> LogConfig {
    let get = |name: &str, default: i64| -> i64 {
        overrides
            .get(name)
            .and_then(|v| v.parse().ok())
            .unwrap_or(default)
    };
    let timestamp_type = overrides
        .get("message.timestamp.type")
        .unwrap_or(&server.log_message_timestamp_type);
    // A log compacted without `delete` in its policy is never cut by time or size: its
    // latest record per key is the state it holds.
    let (compact, delete) = policies(
        overrides
            .get("cleanup.policy")
            .map_or("delete", String::as_str),
    );
    let (retention_ms, retention_bytes) = if !delete {
        (-1, -1)
    } else {
        (
            get("retention.ms", server.log_retention_ms),
            get("retention.bytes", server.log_retention_bytes),
        )
    };
    LogConfig {
        segment_bytes: get("segment.bytes", server.log_segment_bytes) as u64,
        segment_ms: get("segment.ms", server.log_roll_ms),
        retention_ms,
        retention_bytes,
        flush_interval_messages: get("flush.messages", server.log_flush_interval_messages),
        flush_interval_ms: get("flush.ms", server.log_flush_interval_ms),
        index_interval_bytes: get("index.interval.bytes", server.log_index_interval_bytes) as u64,
        max_message_bytes: get("max.message.bytes", server.message_max_bytes as i64) as u64,
        message_timestamp_type: if timestamp_type == "LogAppendTime" {
            TimestampType::LogAppendTime
        } else {
            TimestampType::CreateTime
        },
        compact,
        compression: kt_storage::codec_of(
            overrides
                .get("compression.type")
                .or_else(|| server.properties.get("compression.type"))
                .map_or("producer", String::as_str),
        ),
        delete_retention_ms: get(
            "delete.retention.ms",
            server.log_cleaner_delete_retention_ms,
        ),
        min_compaction_lag_ms: get(
            "min.compaction.lag.ms",
            server.log_cleaner_min_compaction_lag_ms,
        ),
        min_cleanable_dirty_ratio_ppm: (overrides
            .get("min.cleanable.dirty.ratio")
            .and_then(|v| v.parse::<f64>().ok())
            .unwrap_or(server.log_cleaner_min_cleanable_ratio)
            .clamp(0.0, 1.0)
            * 1e6)
            .round() as u32,
        // A broker setting the cleaner needs (see the field's docs).
        producer_id_expiration_ms: i64::from(server.transactions.producer_id_expiration_ms),
        ..LogConfig::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::test_support::server_config;

    #[test]
    fn append_and_subtract_start_from_the_effective_list() {
        let server = server_config(&[]);
        let mut overrides = BTreeMap::new();
        let append = |o: &BTreeMap<String, String>, v: &str| {
            list_operation(&server, o, "cleanup.policy", v, true)
        };
        assert_eq!(append(&overrides, "compact").unwrap(), "delete,compact");
        overrides.insert("cleanup.policy".to_string(), "compact".to_string());
        assert_eq!(append(&overrides, "compact").unwrap(), "compact");
        assert_eq!(
            list_operation(&server, &overrides, "cleanup.policy", "compact", false).unwrap(),
            ""
        );
        assert!(
            list_operation(&server, &overrides, "retention.ms", "1", true)
                .unwrap_err()
                .contains("not a list")
        );
    }

    #[test]
    fn unknown_keys_and_bad_values_are_refused_with_kafkas_words() {
        let mut c = BTreeMap::new();
        c.insert("no.such".to_string(), "1".to_string());
        assert_eq!(
            validate(&c).unwrap_err(),
            "Unknown topic config name: no.such"
        );
        let mut c = BTreeMap::new();
        c.insert("retention.ms".to_string(), "soon".to_string());
        assert!(validate(&c).unwrap_err().contains("retention.ms"));
    }

    #[test]
    fn overrides_win_and_broker_settings_are_static_sources() {
        let server = server_config(&[("log.retention.bytes", "1000")]);
        let mut overrides = BTreeMap::new();
        overrides.insert("retention.ms".to_string(), "60000".to_string());
        let entries = describe(&server, &overrides);
        let find = |n: &str| entries.iter().find(|e| e.name == n).unwrap().clone();
        assert_eq!(find("retention.ms").source, ConfigSource::Topic);
        assert_eq!(find("retention.bytes").source, ConfigSource::StaticBroker);
        assert_eq!(find("segment.bytes").source, ConfigSource::Default);
        let log = log_config(&server, &overrides);
        assert_eq!(log.retention_ms, 60000);
        assert_eq!(log.retention_bytes, 1000);
        assert!(!log.compact);
    }

    #[test]
    fn cleanup_policies_and_cleaner_settings() {
        let server = server_config(&[("log.retention.ms", "1000")]);
        let with = |pairs: &[(&str, &str)]| -> BTreeMap<String, String> {
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect()
        };
        for ok in ["compact", "delete", "compact,delete", "delete, compact"] {
            assert!(validate(&with(&[("cleanup.policy", ok)])).is_ok(), "{ok}");
        }
        for bad in ["compacted", "compact;delete", ""] {
            assert!(
                validate(&with(&[("cleanup.policy", bad)])).is_err(),
                "{bad:?}"
            );
        }
        assert!(validate(&with(&[("min.cleanable.dirty.ratio", "1.5")])).is_err());
        assert!(validate(&with(&[("min.cleanable.dirty.ratio", "0.01")])).is_ok());
        assert!(validate(&with(&[("delete.retention.ms", "-1")])).is_err());
        assert!(validate(&with(&[("min.compaction.lag.ms", "5")])).is_ok());

        let compacted = log_config(&server, &with(&[("cleanup.policy", "compact")]));
        assert!(compacted.compact);
        assert_eq!(compacted.retention_ms, -1);
        assert_eq!(compacted.delete_retention_ms, 86_400_000);
        assert_eq!(compacted.min_cleanable_dirty_ratio_ppm, 500_000);
        // The cleaner's judge of active producers is the broker's producer.id.expiration.ms.
        assert_eq!(compacted.producer_id_expiration_ms, 86_400_000);
        let short = server_config(&[("producer.id.expiration.ms", "5000")]);
        let compacted = log_config(&short, &with(&[("cleanup.policy", "compact")]));
        assert_eq!(compacted.producer_id_expiration_ms, 5_000);
        let both = log_config(
            &server,
            &with(&[
                ("cleanup.policy", "compact,delete"),
                ("min.cleanable.dirty.ratio", "0.01"),
            ]),
        );
        assert!(both.compact);
        assert_eq!(both.retention_ms, 1000);
        assert_eq!(both.min_cleanable_dirty_ratio_ppm, 10_000);
        let entries = describe(&server, &with(&[("cleanup.policy", "compact")]));
        let find = |n: &str| entries.iter().find(|e| e.name == n).unwrap().clone();
        assert_eq!(find("cleanup.policy").value, "compact");
        assert_eq!(find("min.cleanable.dirty.ratio").value, "0.5");
        assert_eq!(find("delete.retention.ms").value, "86400000");
    }
}
