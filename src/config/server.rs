//! The broker's settings: Kafka's `server.properties` keys, with Kafka's defaults.

use std::path::PathBuf;

use thiserror::Error;

use super::Properties;

/// A setting that could not be used; the message names the key, as Kafka's does.
#[derive(Debug, Error)]
pub enum ConfigError {
    /// A value that does not parse as the key's type or is out of its range.
    #[error("Invalid value {value} for configuration {key}: {reason}")]
    InvalidValue {
        key: String,
        value: String,
        reason: String,
    },
    /// A setting kt understands but does not support yet.
    #[error("{0}")]
    Unsupported(String),
}

/// One `PLAINTEXT://host:port` listener.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listener {
    /// The listener name (Kafka's security protocol map is not supported: only PLAINTEXT).
    pub name: String,
    /// The host to bind or advertise; empty means every interface when binding.
    pub host: String,
    /// The TCP port; 0 asks the system for a free one (useful in tests).
    pub port: u16,
}

impl Listener {
    /// The address to bind: an empty host binds every interface, like Kafka.
    pub fn bind_address(&self) -> String {
        let host = if self.host.is_empty() {
            "0.0.0.0"
        } else {
            &self.host
        };
        format!("{host}:{}", self.port)
    }
}

/// The group coordinator's settings, with Kafka's names and defaults.
#[derive(Debug, Clone)]
pub struct GroupSettings {
    /// `group.min.session.timeout.ms`: a member asking for less is refused.
    pub min_session_timeout_ms: i32,
    /// `group.max.session.timeout.ms`: a member asking for more is refused.
    pub max_session_timeout_ms: i32,
    /// `group.initial.rebalance.delay.ms`: how long the first rebalance of an empty group
    /// waits for more members (Kafka's default 3 s; its quickstart config sets 0).
    pub initial_rebalance_delay_ms: i32,
    /// `group.max.size`: members beyond this are refused with GROUP_MAX_SIZE_REACHED.
    pub max_size: i32,
    /// `offsets.retention.minutes` in milliseconds: offsets of an empty group expire after it.
    pub offsets_retention_ms: i64,
    /// `offsets.retention.check.interval.ms`: how often expired offsets are removed.
    pub offsets_retention_check_interval_ms: i64,
    /// `offsets.topic.num.partitions`: partitions of `__consumer_offsets`.
    pub offsets_topic_num_partitions: i32,
    /// `offsets.topic.segment.bytes`: segment size of `__consumer_offsets`.
    pub offsets_topic_segment_bytes: i32,
    /// `offset.metadata.max.bytes`: longest metadata string a commit may carry.
    pub offset_metadata_max_bytes: i32,
}

/// How a broker in ZooKeeper mode reaches ZooKeeper (Kafka's `zookeeper.*` keys).
#[derive(Debug, Clone)]
pub struct ZookeeperSettings {
    /// `zookeeper.connect`: `host:port[,host:port...][/chroot]`.
    pub connect: String,
    /// `zookeeper.session.timeout.ms` (Kafka's default 18 s): how long ZooKeeper keeps this
    /// broker registered after it stops answering.
    pub session_timeout_ms: u64,
    /// `zookeeper.connection.timeout.ms` (defaults to the session timeout, as in Kafka).
    pub connection_timeout_ms: u64,
}

/// Everything the broker reads from `server.properties`.
#[derive(Debug, Clone)]
pub struct ServerConfig {
    pub broker_id: i32,
    pub listeners: Vec<Listener>,
    pub advertised_listeners: Vec<Listener>,
    pub log_dirs: Vec<PathBuf>,
    pub num_partitions: i32,
    pub default_replication_factor: i16,
    pub auto_create_topics_enable: bool,
    pub log_segment_bytes: i64,
    pub log_roll_ms: i64,
    pub log_retention_ms: i64,
    pub log_retention_bytes: i64,
    pub log_retention_check_interval_ms: i64,
    pub log_flush_interval_messages: i64,
    pub log_flush_interval_ms: i64,
    pub log_flush_scheduler_interval_ms: i64,
    pub log_index_interval_bytes: i64,
    pub log_message_timestamp_type: String,
    /// `log.cleaner.enable`: run the log cleaner on compacted topics.
    pub log_cleaner_enable: bool,
    /// `log.cleaner.backoff.ms`: pause between two cleaner passes.
    pub log_cleaner_backoff_ms: i64,
    /// `log.cleaner.delete.retention.ms`: default `delete.retention.ms`.
    pub log_cleaner_delete_retention_ms: i64,
    /// `log.cleaner.min.cleanable.ratio`: default `min.cleanable.dirty.ratio`.
    pub log_cleaner_min_cleanable_ratio: f64,
    /// `log.cleaner.min.compaction.lag.ms`: default `min.compaction.lag.ms`.
    pub log_cleaner_min_compaction_lag_ms: i64,
    pub message_max_bytes: i32,
    pub socket_request_max_bytes: i32,
    pub max_connections: usize,
    pub delete_topic_enable: bool,
    /// The group coordinator's settings (`group.*`, `offsets.*`).
    pub groups: GroupSettings,
    /// ZooKeeper mode (`zookeeper.connect`); None runs a standalone broker.
    pub zookeeper: Option<ZookeeperSettings>,
    /// Every key given, for `DescribeConfigs` on the broker resource.
    pub properties: Properties,
}

/// Keys of Kafka's broker configuration that kt accepts and does not act on (thread pools,
/// socket buffers, replication settings of a single broker...). Unknown keys are warned about.
const ACCEPTED_WITHOUT_EFFECT: &[&str] = &[
    "num.network.threads",
    "num.io.threads",
    "socket.send.buffer.bytes",
    "socket.receive.buffer.bytes",
    "num.recovery.threads.per.data.dir",
    "offsets.topic.replication.factor",
    "transaction.state.log.replication.factor",
    "transaction.state.log.min.isr",
    "min.insync.replicas",
    "num.replica.fetchers",
    "unclean.leader.election.enable",
    "log.cleanup.policy",
    "inter.broker.listener.name",
    "listener.security.protocol.map",
    "controller.listener.names",
    "controller.quorum.voters",
    "process.roles",
    "security.inter.broker.protocol",
];

impl ServerConfig {
    /// Builds the configuration from properties (file values with overrides applied).
    ///
    /// Returns the settings and the keys that were not recognised, for the caller to log the
    /// way Kafka does ("supplied but isn't a known config").
    pub fn from_properties(props: &Properties) -> Result<(Self, Vec<String>), ConfigError> {
        let reader = Reader { props };
        let zookeeper = match props
            .get("zookeeper.connect")
            .map(|v| v.trim())
            .filter(|v| !v.is_empty())
        {
            Some(connect) => Some(ZookeeperSettings {
                connect: connect.to_string(),
                session_timeout_ms: reader.positive_int("zookeeper.session.timeout.ms", 18_000)?
                    as u64,
                connection_timeout_ms: match props.get("zookeeper.connection.timeout.ms") {
                    Some(_) => reader.positive_int("zookeeper.connection.timeout.ms", 18_000)?,
                    None => reader.positive_int("zookeeper.session.timeout.ms", 18_000)?,
                } as u64,
            }),
            None => None,
        };
        let broker_id = match props.get("node.id") {
            Some(_) => reader.int("node.id", 0)?,
            None => reader.int("broker.id", 0)?,
        };
        if broker_id < 0 {
            return Err(invalid(
                "broker.id",
                &broker_id.to_string(),
                "must be 0 or more",
            ));
        }
        let listeners = reader.listeners("listeners", "PLAINTEXT://:9092")?;
        let advertised_listeners = match props.get("advertised.listeners") {
            Some(_) => reader.listeners("advertised.listeners", "")?,
            None => listeners.clone(),
        };
        let log_dirs_text = props
            .get("log.dirs")
            .or_else(|| props.get("log.dir"))
            .cloned()
            .unwrap_or_else(|| "/tmp/kafka-logs".to_string());
        let log_dirs: Vec<PathBuf> = log_dirs_text
            .split(',')
            .map(str::trim)
            .filter(|d| !d.is_empty())
            .map(PathBuf::from)
            .collect();
        if log_dirs.is_empty() {
            return Err(invalid("log.dirs", &log_dirs_text, "no directory given"));
        }

        const HOUR_MS: i64 = 3_600_000;
        let log_retention_ms = if props.contains_key("log.retention.ms") {
            reader.long("log.retention.ms", 0)?
        } else if props.contains_key("log.retention.minutes") {
            reader.long("log.retention.minutes", 0)? * 60_000
        } else {
            reader.long("log.retention.hours", 168)? * HOUR_MS
        };
        let log_roll_ms = if props.contains_key("log.roll.ms") {
            reader.long("log.roll.ms", 0)?
        } else {
            reader.long("log.roll.hours", 168)? * HOUR_MS
        };
        let log_flush_scheduler_interval_ms =
            reader.long("log.flush.scheduler.interval.ms", i64::MAX)?;
        let timestamp_type = reader.string("log.message.timestamp.type", "CreateTime");
        if timestamp_type != "CreateTime" && timestamp_type != "LogAppendTime" {
            return Err(invalid(
                "log.message.timestamp.type",
                &timestamp_type,
                "must be CreateTime or LogAppendTime",
            ));
        }
        let ratio_text = reader.string("log.cleaner.min.cleanable.ratio", "0.5");
        let log_cleaner_min_cleanable_ratio = ratio_text
            .parse::<f64>()
            .ok()
            .filter(|r| (0.0..=1.0).contains(r))
            .ok_or_else(|| {
                invalid(
                    "log.cleaner.min.cleanable.ratio",
                    &ratio_text,
                    "must be between 0 and 1",
                )
            })?;
        let config = ServerConfig {
            broker_id,
            advertised_listeners,
            listeners,
            log_dirs,
            num_partitions: reader.positive_int("num.partitions", 1)?,
            default_replication_factor: reader.positive_int("default.replication.factor", 1)?
                as i16,
            auto_create_topics_enable: reader.boolean("auto.create.topics.enable", true)?,
            log_segment_bytes: reader.positive_long("log.segment.bytes", 1 << 30)?,
            log_roll_ms,
            log_retention_ms,
            log_retention_bytes: reader.long("log.retention.bytes", -1)?,
            log_retention_check_interval_ms: reader
                .positive_long("log.retention.check.interval.ms", 300_000)?,
            log_flush_interval_messages: reader
                .positive_long("log.flush.interval.messages", i64::MAX)?,
            log_flush_interval_ms: reader
                .long("log.flush.interval.ms", log_flush_scheduler_interval_ms)?,
            log_flush_scheduler_interval_ms,
            log_index_interval_bytes: reader.positive_long("log.index.interval.bytes", 4096)?,
            log_message_timestamp_type: timestamp_type,
            log_cleaner_enable: reader.boolean("log.cleaner.enable", true)?,
            log_cleaner_backoff_ms: reader.positive_long("log.cleaner.backoff.ms", 15_000)?,
            log_cleaner_delete_retention_ms: reader
                .long("log.cleaner.delete.retention.ms", 86_400_000)?
                .max(0),
            log_cleaner_min_cleanable_ratio,
            log_cleaner_min_compaction_lag_ms: reader
                .long("log.cleaner.min.compaction.lag.ms", 0)?
                .max(0),
            message_max_bytes: reader.positive_int("message.max.bytes", 1_048_588)?,
            socket_request_max_bytes: reader
                .positive_int("socket.request.max.bytes", 104_857_600)?,
            max_connections: reader.positive_int("max.connections", i32::MAX)? as usize,
            delete_topic_enable: reader.boolean("delete.topic.enable", true)?,
            groups: GroupSettings {
                min_session_timeout_ms: reader
                    .positive_int("group.min.session.timeout.ms", 6_000)?,
                max_session_timeout_ms: reader
                    .positive_int("group.max.session.timeout.ms", 1_800_000)?,
                initial_rebalance_delay_ms: reader
                    .int("group.initial.rebalance.delay.ms", 3_000)?
                    .max(0),
                max_size: reader.positive_int("group.max.size", i32::MAX)?,
                offsets_retention_ms: reader.positive_long("offsets.retention.minutes", 10_080)?
                    * 60_000,
                offsets_retention_check_interval_ms: reader
                    .positive_long("offsets.retention.check.interval.ms", 600_000)?,
                offsets_topic_num_partitions: reader
                    .positive_int("offsets.topic.num.partitions", 50)?,
                offsets_topic_segment_bytes: reader
                    .positive_int("offsets.topic.segment.bytes", 104_857_600)?,
                offset_metadata_max_bytes: reader
                    .positive_int("offset.metadata.max.bytes", 4096)?,
            },
            zookeeper,
            properties: props.clone(),
        };
        let unknown = props
            .keys()
            .filter(|k| !Self::is_known(k))
            .cloned()
            .collect();
        Ok((config, unknown))
    }

    fn is_known(key: &str) -> bool {
        const USED: &[&str] = &[
            "broker.id",
            "node.id",
            "listeners",
            "advertised.listeners",
            "log.dirs",
            "log.dir",
            "num.partitions",
            "default.replication.factor",
            "auto.create.topics.enable",
            "log.segment.bytes",
            "log.roll.ms",
            "log.roll.hours",
            "log.retention.ms",
            "log.retention.minutes",
            "log.retention.hours",
            "log.retention.bytes",
            "log.retention.check.interval.ms",
            "log.flush.interval.messages",
            "log.flush.interval.ms",
            "log.flush.scheduler.interval.ms",
            "log.index.interval.bytes",
            "log.message.timestamp.type",
            "log.cleaner.enable",
            "log.cleaner.backoff.ms",
            "log.cleaner.delete.retention.ms",
            "log.cleaner.min.cleanable.ratio",
            "log.cleaner.min.compaction.lag.ms",
            "compression.type",
            "message.max.bytes",
            "socket.request.max.bytes",
            "max.connections",
            "delete.topic.enable",
            "zookeeper.connect",
            "zookeeper.session.timeout.ms",
            "zookeeper.connection.timeout.ms",
            "group.min.session.timeout.ms",
            "group.max.session.timeout.ms",
            "group.initial.rebalance.delay.ms",
            "group.max.size",
            "offsets.retention.minutes",
            "offsets.retention.check.interval.ms",
            "offsets.topic.num.partitions",
            "offsets.topic.segment.bytes",
            "offset.metadata.max.bytes",
        ];
        USED.contains(&key) || ACCEPTED_WITHOUT_EFFECT.contains(&key)
    }

    /// The listener clients are told to connect to (the first advertised one).
    pub fn advertised(&self) -> &Listener {
        self.advertised_listeners
            .first()
            .unwrap_or(&self.listeners[0])
    }
}

fn invalid(key: &str, value: &str, reason: &str) -> ConfigError {
    ConfigError::InvalidValue {
        key: key.to_string(),
        value: value.to_string(),
        reason: reason.to_string(),
    }
}

/// Typed look-ups with Kafka's error text for a bad value.
struct Reader<'a> {
    props: &'a Properties,
}

impl Reader<'_> {
    fn string(&self, key: &str, default: &str) -> String {
        self.props
            .get(key)
            .map(|v| v.trim().to_string())
            .unwrap_or_else(|| default.to_string())
    }

    fn long(&self, key: &str, default: i64) -> Result<i64, ConfigError> {
        match self.props.get(key) {
            None => Ok(default),
            Some(v) => v
                .trim()
                .parse::<i64>()
                .map_err(|_| invalid(key, v, "not a number")),
        }
    }

    fn int(&self, key: &str, default: i32) -> Result<i32, ConfigError> {
        let value = self.long(key, default as i64)?;
        i32::try_from(value).map_err(|_| invalid(key, &value.to_string(), "out of range"))
    }

    fn positive_long(&self, key: &str, default: i64) -> Result<i64, ConfigError> {
        let value = self.long(key, default)?;
        if value < 1 {
            return Err(invalid(key, &value.to_string(), "must be at least 1"));
        }
        Ok(value)
    }

    fn positive_int(&self, key: &str, default: i32) -> Result<i32, ConfigError> {
        let value = self.int(key, default)?;
        if value < 1 {
            return Err(invalid(key, &value.to_string(), "must be at least 1"));
        }
        Ok(value)
    }

    fn boolean(&self, key: &str, default: bool) -> Result<bool, ConfigError> {
        match self.props.get(key).map(|v| v.trim().to_ascii_lowercase()) {
            None => Ok(default),
            Some(v) if v == "true" => Ok(true),
            Some(v) if v == "false" => Ok(false),
            Some(v) => Err(invalid(key, &v, "expected true or false")),
        }
    }

    fn listeners(&self, key: &str, default: &str) -> Result<Vec<Listener>, ConfigError> {
        let text = self.string(key, default);
        let mut listeners = Vec::new();
        for part in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let (name, address) = part
                .split_once("://")
                .ok_or_else(|| invalid(key, &text, "expected NAME://host:port"))?;
            if !name.eq_ignore_ascii_case("PLAINTEXT") {
                return Err(invalid(
                    key,
                    &text,
                    "only PLAINTEXT listeners are supported",
                ));
            }
            let (host, port) = address
                .rsplit_once(':')
                .ok_or_else(|| invalid(key, &text, "missing port"))?;
            let port = port
                .parse::<u16>()
                .map_err(|_| invalid(key, &text, "bad port"))?;
            let host = host.trim_start_matches('[').trim_end_matches(']');
            listeners.push(Listener {
                name: name.to_ascii_uppercase(),
                host: host.to_string(),
                port,
            });
        }
        if listeners.is_empty() {
            return Err(invalid(key, &text, "no listener given"));
        }
        Ok(listeners)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn props(pairs: &[(&str, &str)]) -> Properties {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn kafka_defaults_apply_when_keys_are_absent() {
        let (config, unknown) = ServerConfig::from_properties(&props(&[])).unwrap();
        assert!(unknown.is_empty());
        assert_eq!(config.broker_id, 0);
        assert_eq!(config.listeners[0].bind_address(), "0.0.0.0:9092");
        assert_eq!(config.log_dirs, vec![PathBuf::from("/tmp/kafka-logs")]);
        assert_eq!(config.log_retention_ms, 168 * 3_600_000);
        assert_eq!(config.message_max_bytes, 1_048_588);
        assert!(config.auto_create_topics_enable);
    }

    #[test]
    fn retention_ms_wins_over_minutes_and_hours() {
        let p = props(&[("log.retention.hours", "1"), ("log.retention.ms", "5")]);
        assert_eq!(
            ServerConfig::from_properties(&p)
                .unwrap()
                .0
                .log_retention_ms,
            5
        );
        let p = props(&[("log.retention.minutes", "2")]);
        assert_eq!(
            ServerConfig::from_properties(&p)
                .unwrap()
                .0
                .log_retention_ms,
            120_000
        );
    }

    #[test]
    fn a_bad_value_names_its_key() {
        let err = ServerConfig::from_properties(&props(&[("num.partitions", "many")]))
            .unwrap_err()
            .to_string();
        assert!(err.contains("num.partitions"), "{err}");
    }

    #[test]
    fn zookeeper_connect_selects_zookeeper_mode_with_kafkas_timeouts() {
        let (config, unknown) = ServerConfig::from_properties(&props(&[
            ("zookeeper.connect", "localhost:2181/kt"),
            ("zookeeper.session.timeout.ms", "6000"),
        ]))
        .unwrap();
        assert!(unknown.is_empty());
        let zk = config.zookeeper.unwrap();
        assert_eq!(zk.connect, "localhost:2181/kt");
        assert_eq!(zk.session_timeout_ms, 6000);
        assert_eq!(zk.connection_timeout_ms, 6000);
        let (standalone, _) = ServerConfig::from_properties(&props(&[])).unwrap();
        assert!(standalone.zookeeper.is_none());
    }

    #[test]
    fn unknown_keys_are_reported_and_kafka_keys_accepted() {
        let p = props(&[("num.io.threads", "8"), ("no.such.key", "1")]);
        let (_, unknown) = ServerConfig::from_properties(&p).unwrap();
        assert_eq!(unknown, vec!["no.such.key".to_string()]);
    }

    #[test]
    fn the_shipped_kafka_files_parse() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let props =
            crate::config::load_properties_file(&dir.join("config/server.properties")).unwrap();
        let (config, unknown) = ServerConfig::from_properties(&props).unwrap();
        assert!(unknown.is_empty(), "{unknown:?}");
        assert_eq!(config.listeners[0].port, 9092);
        assert!(config.zookeeper.is_none());
    }

    #[test]
    fn the_shipped_cluster_files_make_three_brokers_on_one_zookeeper() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        for (file, id, port) in [
            ("server-zk", 0, 9092),
            ("server-1", 1, 9093),
            ("server-2", 2, 9094),
        ] {
            let path = dir.join(format!("config/{file}.properties"));
            let props = crate::config::load_properties_file(&path).unwrap();
            let (config, unknown) = ServerConfig::from_properties(&props).unwrap();
            assert!(unknown.is_empty(), "{unknown:?}");
            assert_eq!(config.broker_id, id);
            assert_eq!(config.listeners[0].port, port);
            assert_eq!(
                config.log_dirs[0],
                PathBuf::from(format!("/tmp/kt-logs-{id}"))
            );
            assert_eq!(config.zookeeper.unwrap().connect, "localhost:2181");
        }
    }
}
