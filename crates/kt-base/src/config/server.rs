//! The broker's settings: Kafka's `server.properties` keys, with Kafka's defaults.

use std::path::PathBuf;

use thiserror::Error;

use super::kraft::KraftSettings;
use super::listeners::{self, Listener, ListenerKeys};
use super::server_keys::{self, Key, Kind, KEYS};
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
    /// Settings that do not fit together, with Kafka's `ConfigException` message.
    #[error("{0}")]
    Invalid(String),
    /// A check across keys that Kafka makes with `require` (its message carries the prefix).
    #[error("requirement failed: {0}")]
    Requirement(String),
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
    /// `offsets.topic.replication.factor`: replicas of each partition of
    /// `__consumer_offsets`; the topic is not created while fewer brokers are alive.
    pub offsets_topic_replication_factor: i16,
    /// `offsets.commit.timeout.ms`: how long an offset commit waits for the ISR of its
    /// partition of `__consumer_offsets` before it fails.
    pub offsets_commit_timeout_ms: i32,
    /// `offset.metadata.max.bytes`: longest metadata string a commit may carry.
    pub offset_metadata_max_bytes: i32,
}

/// The transaction coordinator's settings (`transaction.*`, `transactional.id.*`), with
/// Kafka's names and defaults.
#[derive(Debug, Clone)]
pub struct TxnSettings {
    /// `transaction.max.timeout.ms`: a producer asking for a longer transaction timeout is
    /// refused with INVALID_TRANSACTION_TIMEOUT.
    pub max_timeout_ms: i32,
    /// `transaction.state.log.num.partitions`: partitions of `__transaction_state`.
    pub state_log_num_partitions: i32,
    /// `transaction.state.log.segment.bytes`: segment size of `__transaction_state`.
    pub state_log_segment_bytes: i32,
    /// `transaction.state.log.replication.factor`: replicas of each partition of
    /// `__transaction_state`; the topic is not created while fewer brokers are alive.
    pub state_log_replication_factor: i16,
    /// `transaction.state.log.min.isr`: the `min.insync.replicas` of `__transaction_state`.
    pub state_log_min_isr: i32,
    /// `transactional.id.expiration.ms`: an id idle this long (no transaction open) is removed.
    pub id_expiration_ms: i32,
    /// `transaction.abort.timed.out.transaction.cleanup.interval.ms`: how often the
    /// coordinator looks for transactions past their timeout.
    pub abort_timed_out_interval_ms: i32,
    /// `transaction.remove.expired.transaction.cleanup.interval.ms`: how often idle ids are
    /// looked for.
    pub remove_expired_interval_ms: i32,
    /// `transaction.partition.verification.enable`: a transactional batch is appended only
    /// to a partition its transaction added (KIP-890); off, any is (as before Kafka 3.6).
    pub partition_verification_enable: bool,
    /// `producer.id.expiration.ms`: a producer with no transaction open whose last batch is
    /// this old is forgotten by the partitions it wrote to (its sequences are no longer
    /// checked, its snapshot entry goes).
    pub producer_id_expiration_ms: i32,
    /// `producer.id.expiration.check.interval.ms`: how often partitions look for them.
    pub producer_id_expiration_check_interval_ms: i32,
}

/// How followers copy their leaders and leaders judge them (Kafka's `replica.*` keys and
/// `min.insync.replicas`), with Kafka's names and defaults.
#[derive(Debug, Clone)]
pub struct ReplicationSettings {
    /// `num.replica.fetchers`: fetcher tasks per source broker.
    pub num_replica_fetchers: i32,
    /// `replica.fetch.max.bytes`: bytes asked per partition in a follower's fetch.
    pub fetch_max_bytes: i32,
    /// `replica.fetch.response.max.bytes`: bytes asked per follower fetch.
    pub fetch_response_max_bytes: i32,
    /// `replica.fetch.wait.max.ms`: how long a follower's fetch waits at the leader.
    pub fetch_wait_max_ms: i32,
    /// `replica.fetch.min.bytes`: bytes a follower's fetch waits for.
    pub fetch_min_bytes: i32,
    /// `replica.fetch.backoff.ms`: the pause after a failed fetch.
    pub fetch_backoff_ms: i32,
    /// `replica.lag.time.max.ms`: a follower not caught up for this long leaves the ISR.
    pub lag_time_max_ms: i64,
    /// `min.insync.replicas`: the broker's default of the topic config.
    pub min_insync_replicas: i32,
    /// `num.replica.alter.log.dirs.threads`: the threads that copy replicas moving between
    /// this broker's log dirs (AlterReplicaLogDirs); Kafka's default (unset) is one per log
    /// dir.
    pub num_replica_alter_log_dirs_threads: Option<i32>,
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

/// Kafka's limits on client connections, with its names and defaults.
#[derive(Debug, Clone)]
pub struct ConnectionSettings {
    /// `max.connections`: at this many open connections the broker stops accepting until
    /// one closes (Kafka's default: no limit).
    pub max_connections: usize,
    /// `max.connections.per.ip`: a connection from an address that already has this many is
    /// closed at once. 0 is allowed only with overrides.
    pub max_connections_per_ip: i32,
    /// `max.connections.per.ip.overrides`: `host:count,host:count`, a host name or address
    /// with its own limit.
    pub max_connections_per_ip_overrides: Vec<(String, i32)>,
    /// `connections.max.idle.ms`: a connection without traffic for this long is closed
    /// (Kafka's default 10 minutes; negative: never).
    pub connections_max_idle_ms: i64,
}

impl ConnectionSettings {
    /// How long a connection may go without traffic; None when idle connections are kept.
    pub fn max_idle(&self) -> Option<std::time::Duration> {
        u64::try_from(self.connections_max_idle_ms)
            .ok()
            .map(std::time::Duration::from_millis)
    }
}

/// When the controller moves leadership back to preferred replicas, as Kafka's does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeaderBalanceSettings {
    /// `auto.leader.rebalance.enable` (Kafka's default: true).
    pub enable: bool,
    /// `leader.imbalance.check.interval.seconds`: how often the controller checks (300).
    pub check_interval_seconds: i64,
    /// `leader.imbalance.per.broker.percentage`: the share of a broker's preferred
    /// partitions led elsewhere above which it gets them back (10).
    pub per_broker_percentage: i32,
}

/// Everything the broker reads from `server.properties`.
#[derive(Debug, Clone)]
pub struct ServerConfig {
    pub broker_id: i32,
    /// `listeners`: every listener the broker binds, each with its protocol.
    pub listeners: Vec<Listener>,
    /// `advertised.listeners` (or `listeners`): what Metadata tells clients, per listener name.
    pub advertised_listeners: Vec<Listener>,
    /// The listener brokers use among themselves (`inter.broker.listener.name`, else the
    /// listener named after `security.inter.broker.protocol`).
    pub inter_broker_listener: String,
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
    /// `log.cleaner.dedupe.buffer.size`: the memory of the cleaner's key map, which bounds
    /// how much of a log one pass cleans.
    pub log_cleaner_dedupe_buffer_size: i64,
    /// `log.cleaner.io.buffer.load.factor`: how full the cleaner's key map may get.
    pub log_cleaner_io_buffer_load_factor: f64,
    pub message_max_bytes: i32,
    /// `fetch.max.bytes`: the most record bytes one answer to a consumer's Fetch carries,
    /// whatever the request asks (its first batch excepted, as Kafka's).
    pub fetch_max_bytes: i32,
    pub socket_request_max_bytes: i32,
    pub delete_topic_enable: bool,
    /// The controller's moving of leadership back to preferred replicas
    /// (`auto.leader.rebalance.enable`, `leader.imbalance.*`).
    pub leader_balance: LeaderBalanceSettings,
    /// Limits on client connections (`max.connections*`, `connections.max.idle.ms`).
    pub connections: ConnectionSettings,
    /// The group coordinator's settings (`group.*`, `offsets.*`).
    pub groups: GroupSettings,
    /// The transaction coordinator's settings (`transaction.*`).
    pub transactions: TxnSettings,
    /// Replication (`replica.*`, `num.replica.fetchers`, `min.insync.replicas`).
    pub replication: ReplicationSettings,
    /// ZooKeeper mode (`zookeeper.connect`); None runs a standalone broker.
    pub zookeeper: Option<ZookeeperSettings>,
    /// KRaft mode (`process.roles` set): the node's id, quorum and controller listener.
    pub kraft: Option<KraftSettings>,
    /// `metrics.listener` (kt's own key, off by default): the `host:port` the broker serves
    /// its metrics on over HTTP, in Prometheus' text format, at `/metrics`.
    pub metrics_listener: Option<String>,
    /// The static JAAS file (the JVM's `java.security.auth.login.config`, which Kafka's
    /// scripts take from `KAFKA_OPTS`): SASL listeners and the broker's own inter-broker
    /// login read its `KafkaServer` entries when no `sasl.jaas.config` property names the
    /// mechanism's login module. Not a broker property: the launcher sets it.
    pub jaas_login_config: Option<PathBuf>,
    /// Every key given, for `DescribeConfigs` on the broker resource.
    pub properties: Properties,
}

impl ServerConfig {
    /// Builds the configuration from properties (file values with overrides applied), reading
    /// every key of the one table in `server_keys`.
    ///
    /// Returns the settings and the keys that were not recognised, for the caller to log the
    /// way Kafka does ("supplied but isn't a known config").
    pub fn from_properties(props: &Properties) -> Result<(Self, Vec<String>), ConfigError> {
        // A KRaft config's controller listeners are the quorum's, not the broker's.
        let (table, kraft) = super::kraft::split(props)?;
        let mut config = Self::read_table(table)?;
        config.kraft = kraft;
        let unknown = props
            .keys()
            .filter(|k| !server_keys::is_known(k))
            .cloned()
            .collect();
        Ok((config, unknown))
    }

    /// This configuration with `overrides` over its properties (the dynamic broker
    /// configs): the key table read again, the KRaft settings kept. A KRaft config's
    /// `properties` no longer hold the controller listeners [`Self::from_properties`] took
    /// out of `listeners`, so parsing them whole again would refuse a controller's config.
    pub fn with_overrides(&self, overrides: &Properties) -> Result<Self, ConfigError> {
        let mut table = self.properties.clone();
        table.extend(overrides.iter().map(|(k, v)| (k.clone(), v.clone())));
        let mut config = Self::read_table(table)?;
        config.kraft = self.kraft.clone();
        Ok(config)
    }

    /// Every key of the one table in `server_keys` read from `table` (a broker's properties
    /// without KRaft's controller listeners); `kraft` is left for the caller.
    fn read_table(table: Properties) -> Result<Self, ConfigError> {
        let mut draft = Draft::new(table.clone());
        for key in KEYS {
            draft.read(key, table.get(key.name).map(|v| v.as_str()))?;
        }
        draft.finish()
    }

    /// A setting of one listener: `listener.name.<listener>.<key>` if given, else `<key>`
    /// (Kafka's per-listener overrides of `ssl.*` keys).
    pub fn listener_property(&self, listener: &str, key: &str) -> Option<&str> {
        let scoped = format!("listener.name.{}.{key}", listener.to_ascii_lowercase());
        self.properties
            .get(&scoped)
            .or_else(|| self.properties.get(key))
            .map(|v| v.trim())
    }

    /// The inter-broker listener as advertised: the endpoint this broker registers as its
    /// own and other brokers reach it on.
    pub fn advertised(&self) -> &Listener {
        self.advertised_listeners
            .iter()
            .find(|l| l.name == self.inter_broker_listener)
            .or(self.advertised_listeners.first())
            .unwrap_or(&self.listeners[0])
    }
}

/// The configuration while the table is read: the settings that one key sets alone go
/// straight into `config`; those that several keys decide (a unit that wins over another, a
/// default taken from another key) wait here until `finish`.
pub(super) struct Draft {
    pub config: ServerConfig,
    pub broker_id: i32,
    pub node_id: Option<i32>,
    pub listener_keys: ListenerKeys,
    pub log_dir: String,
    pub log_dirs: Option<String>,
    pub roll_ms: Option<i64>,
    pub roll_ms_from_hours: i64,
    pub retention_ms: Option<i64>,
    pub retention_ms_from_minutes: Option<i64>,
    pub retention_ms_from_hours: i64,
    pub flush_interval_ms: Option<i64>,
    pub zookeeper_connect: Option<String>,
    pub zookeeper_session_timeout_ms: i32,
    pub zookeeper_connection_timeout_ms: Option<i32>,
    /// `log.cleaner.threads`, read only to check the dedupe buffer each thread gets, as
    /// Kafka does (kt cleans on one thread).
    pub log_cleaner_threads: i32,
}

impl Draft {
    /// Empty settings: every field is then set by its key's default or value.
    fn new(properties: Properties) -> Self {
        let config = ServerConfig {
            broker_id: 0,
            listeners: Vec::new(),
            advertised_listeners: Vec::new(),
            inter_broker_listener: String::new(),
            log_dirs: Vec::new(),
            num_partitions: 0,
            default_replication_factor: 0,
            auto_create_topics_enable: false,
            log_segment_bytes: 0,
            log_roll_ms: 0,
            log_retention_ms: 0,
            log_retention_bytes: 0,
            log_retention_check_interval_ms: 0,
            log_flush_interval_messages: 0,
            log_flush_interval_ms: 0,
            log_flush_scheduler_interval_ms: 0,
            log_index_interval_bytes: 0,
            log_message_timestamp_type: String::new(),
            log_cleaner_enable: false,
            log_cleaner_backoff_ms: 0,
            log_cleaner_delete_retention_ms: 0,
            log_cleaner_min_cleanable_ratio: 0.0,
            log_cleaner_min_compaction_lag_ms: 0,
            log_cleaner_dedupe_buffer_size: 0,
            log_cleaner_io_buffer_load_factor: 0.0,
            message_max_bytes: 0,
            fetch_max_bytes: 0,
            socket_request_max_bytes: 0,
            delete_topic_enable: false,
            leader_balance: LeaderBalanceSettings {
                enable: false,
                check_interval_seconds: 0,
                per_broker_percentage: 0,
            },
            connections: ConnectionSettings {
                max_connections: 0,
                max_connections_per_ip: 0,
                max_connections_per_ip_overrides: Vec::new(),
                connections_max_idle_ms: 0,
            },
            groups: GroupSettings {
                min_session_timeout_ms: 0,
                max_session_timeout_ms: 0,
                initial_rebalance_delay_ms: 0,
                max_size: 0,
                offsets_retention_ms: 0,
                offsets_retention_check_interval_ms: 0,
                offsets_topic_num_partitions: 0,
                offsets_topic_segment_bytes: 0,
                offsets_topic_replication_factor: 0,
                offsets_commit_timeout_ms: 0,
                offset_metadata_max_bytes: 0,
            },
            transactions: TxnSettings {
                max_timeout_ms: 0,
                state_log_num_partitions: 0,
                state_log_segment_bytes: 0,
                state_log_replication_factor: 0,
                state_log_min_isr: 0,
                id_expiration_ms: 0,
                abort_timed_out_interval_ms: 0,
                remove_expired_interval_ms: 0,
                partition_verification_enable: true,
                producer_id_expiration_ms: 0,
                producer_id_expiration_check_interval_ms: 0,
            },
            replication: ReplicationSettings {
                num_replica_fetchers: 0,
                fetch_max_bytes: 0,
                fetch_response_max_bytes: 0,
                fetch_wait_max_ms: 0,
                fetch_min_bytes: 0,
                fetch_backoff_ms: 0,
                lag_time_max_ms: 0,
                min_insync_replicas: 0,
                num_replica_alter_log_dirs_threads: None,
            },
            zookeeper: None,
            kraft: None,
            metrics_listener: None,
            jaas_login_config: None,
            properties,
        };
        Draft {
            config,
            broker_id: 0,
            node_id: None,
            listener_keys: ListenerKeys {
                // Kafka's default for `security.inter.broker.protocol`.
                inter_broker_protocol: "PLAINTEXT".into(),
                ..ListenerKeys::default()
            },
            log_dir: String::new(),
            log_dirs: None,
            roll_ms: None,
            roll_ms_from_hours: 0,
            retention_ms: None,
            retention_ms_from_minutes: None,
            retention_ms_from_hours: 0,
            flush_interval_ms: None,
            zookeeper_connect: None,
            zookeeper_session_timeout_ms: 0,
            zookeeper_connection_timeout_ms: None,
            log_cleaner_threads: 1,
        }
    }

    /// Parses one key's value (or takes its default) and hands it to the key's setter.
    fn read(&mut self, key: &Key, given: Option<&str>) -> Result<(), ConfigError> {
        let given = given.map(str::trim);
        match &key.kind {
            Kind::Int { default, min, set } => {
                let value = match given {
                    Some(text) => Some(parse_int(key.name, text, *min)?),
                    None => *default,
                };
                if let Some(value) = value {
                    set(self, value);
                }
            }
            Kind::Long { default, min, set } => {
                let value = match given {
                    Some(text) => Some(parse_long(key.name, text, *min)?),
                    None => *default,
                };
                if let Some(value) = value {
                    set(self, value);
                }
            }
            Kind::Bool { default, set } => {
                let value = match given.map(str::to_ascii_lowercase) {
                    None => *default,
                    Some(v) if v == "true" => true,
                    Some(v) if v == "false" => false,
                    Some(v) => return Err(invalid(key.name, &v, "expected true or false")),
                };
                set(self, value);
            }
            Kind::Text { default, set } => {
                if let Some(text) = given.or(*default) {
                    set(self, key.name, text)?;
                }
            }
            Kind::ReadElsewhere | Kind::NoEffect => {}
        }
        Ok(())
    }

    /// Settles the settings several keys decide, and the checks across keys.
    fn finish(self) -> Result<ServerConfig, ConfigError> {
        let mut config = self.config;
        config.broker_id = self.node_id.unwrap_or(self.broker_id);
        if config.broker_id < 0 {
            return Err(invalid(
                "broker.id",
                &config.broker_id.to_string(),
                "must be 0 or more",
            ));
        }
        let resolved = listeners::resolve(&self.listener_keys)?;
        config.listeners = resolved.listeners;
        config.advertised_listeners = resolved.advertised;
        config.inter_broker_listener = resolved.inter_broker;
        let log_dirs_text = self.log_dirs.unwrap_or(self.log_dir);
        config.log_dirs = log_dirs_text
            .split(',')
            .map(str::trim)
            .filter(|d| !d.is_empty())
            .map(PathBuf::from)
            .collect();
        if config.log_dirs.is_empty() {
            return Err(invalid("log.dirs", &log_dirs_text, "no directory given"));
        }
        config.log_roll_ms = self.roll_ms.unwrap_or(self.roll_ms_from_hours);
        // Kafka's KafkaConfig requirement: more than 1 MiB of dedupe buffer per cleaner thread.
        let dedupe = config.log_cleaner_dedupe_buffer_size;
        if dedupe / i64::from(self.log_cleaner_threads.max(1)) <= 1 << 20 {
            return Err(invalid(
                "log.cleaner.dedupe.buffer.size",
                &dedupe.to_string(),
                "log.cleaner.dedupe.buffer.size must be at least 1MB per cleaner thread.",
            ));
        }
        // Kafka's LogCleaner requirement, checked there at start-up: each thread's key map
        // (24 bytes an entry, at most 2 GiB) must take at least one key at the load factor.
        let per_thread = (dedupe / i64::from(self.log_cleaner_threads.max(1))).min(i32::MAX as i64);
        let factor = config.log_cleaner_io_buffer_load_factor;
        // (Written so that a factor that is not a number fails it too.)
        let room = (per_thread / 24) as f64 * factor;
        if room.partial_cmp(&1.0) != Some(std::cmp::Ordering::Greater) {
            return Err(ConfigError::Requirement(
                "offset map is too small to fit in even a single message, so log cleaning will \
                 never make progress. You can increase log.cleaner.dedupe.buffer.size or \
                 decrease log.cleaner.threads"
                    .into(),
            ));
        }
        config.log_retention_ms = self
            .retention_ms
            .or(self.retention_ms_from_minutes)
            .unwrap_or(self.retention_ms_from_hours);
        config.log_flush_interval_ms = self
            .flush_interval_ms
            .unwrap_or(config.log_flush_scheduler_interval_ms);
        let connections = &config.connections;
        if connections.max_connections_per_ip == 0
            && connections.max_connections_per_ip_overrides.is_empty()
        {
            return Err(invalid(
                "max.connections.per.ip",
                "0",
                "max.connections.per.ip can be set to zero only if \
                 max.connections.per.ip.overrides property is set.",
            ));
        }
        config.zookeeper = self.zookeeper_connect.map(|connect| ZookeeperSettings {
            connect,
            session_timeout_ms: self.zookeeper_session_timeout_ms as u64,
            connection_timeout_ms: self
                .zookeeper_connection_timeout_ms
                .unwrap_or(self.zookeeper_session_timeout_ms)
                as u64,
        });
        Ok(config)
    }
}

/// `metrics.listener`: `http://HOST:PORT` (or `HOST:PORT`; an empty host binds every
/// interface, as `listeners` does) to the `host:port` the metrics endpoint binds.
pub(super) fn parse_metrics_listener(
    key: &str,
    value: &str,
) -> Result<Option<String>, ConfigError> {
    if value.is_empty() {
        return Ok(None);
    }
    let rest = value.strip_prefix("http://").unwrap_or(value);
    let rest = rest.strip_suffix('/').unwrap_or(rest);
    let bad = |reason: &str| invalid(key, value, reason);
    if rest.contains('/') || value.contains("://") && !value.starts_with("http://") {
        return Err(bad(
            "expected http://HOST:PORT (the endpoint serves /metrics)",
        ));
    }
    let (host, port) = rest
        .rsplit_once(':')
        .ok_or_else(|| bad("expected http://HOST:PORT"))?;
    let port: u16 = port
        .parse()
        .map_err(|_| bad("the port is not a number 0-65535"))?;
    let host = match host {
        "" => "0.0.0.0",
        h => h,
    };
    Ok(Some(format!("{host}:{port}")))
}

pub(super) fn invalid(key: &str, value: &str, reason: &str) -> ConfigError {
    ConfigError::InvalidValue {
        key: key.to_string(),
        value: value.to_string(),
        reason: reason.to_string(),
    }
}

fn parse_long(key: &str, text: &str, min: Option<i64>) -> Result<i64, ConfigError> {
    let value = text
        .parse::<i64>()
        .map_err(|_| invalid(key, text, "not a number"))?;
    match min {
        Some(min) if value < min => Err(invalid(
            key,
            &value.to_string(),
            &format!("must be at least {min}"),
        )),
        _ => Ok(value),
    }
}

fn parse_int(key: &str, text: &str, min: Option<i64>) -> Result<i32, ConfigError> {
    let value = text
        .parse::<i64>()
        .map_err(|_| invalid(key, text, "not a number"))?;
    let value =
        i32::try_from(value).map_err(|_| invalid(key, &value.to_string(), "out of range"))?;
    parse_long(key, &value.to_string(), min).map(|v| v as i32)
}

/// `host:count,host:count` (Kafka's CSV map: the last `:` splits, so an IPv6 address may
/// stand bare); a host may hold only the characters Kafka allows in one.
pub(super) fn parse_per_ip_overrides(
    key: &str,
    text: &str,
) -> Result<Vec<(String, i32)>, ConfigError> {
    let mut overrides = Vec::new();
    let mut invalid_hosts = Vec::new();
    for pair in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let (host, count) = pair
            .rsplit_once(':')
            .ok_or_else(|| invalid(key, text, "expected host:count"))?;
        let (host, count) = (host.trim(), count.trim());
        let count = count
            .parse::<i32>()
            .map_err(|_| invalid(key, text, &format!("{count} is not a number")))?;
        // Kafka's `Utils.validHostPattern`.
        let allowed = |c: char| c.is_ascii_alphanumeric() || "-%._:".contains(c);
        if !host.chars().all(allowed) {
            invalid_hosts.push(host.to_string());
        }
        overrides.push((host.to_string(), count));
    }
    if !invalid_hosts.is_empty() {
        return Err(invalid(
            key,
            text,
            &format!(
                "{key} contains invalid addresses : {}",
                invalid_hosts.join(",")
            ),
        ));
    }
    Ok(overrides)
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
    fn ssl_keys_are_known_per_listener_and_secrets_are_marked() {
        let (config, unknown) = ServerConfig::from_properties(&props(&[
            ("listeners", "PLAINTEXT://:9092,SSL://:9093"),
            ("ssl.keystore.location", "/all.pem"),
            ("listener.name.ssl.ssl.keystore.location", "/ssl.pem"),
            ("listener.name.ssl.ssl.key.password", "secret"),
        ]))
        .unwrap();
        assert!(unknown.is_empty(), "{unknown:?}");
        assert_eq!(
            config.listener_property("SSL", "ssl.keystore.location"),
            Some("/ssl.pem")
        );
        assert_eq!(
            config.listener_property("CLIENT", "ssl.keystore.location"),
            Some("/all.pem")
        );
        assert_eq!(config.inter_broker_listener, "PLAINTEXT");
        assert!(crate::config::is_sensitive(
            "listener.name.ssl.ssl.key.password"
        ));
        assert!(crate::config::is_sensitive("ssl.keystore.key"));
        assert!(!crate::config::is_sensitive("ssl.keystore.location"));
    }

    #[test]
    fn every_key_is_declared_once() {
        let mut names: Vec<&str> = KEYS.iter().map(|k| k.name).collect();
        let all = names.len();
        names.sort_unstable();
        names.dedup();
        assert_eq!(
            names.len(),
            all,
            "a key is declared twice in server_keys::KEYS"
        );
    }

    #[test]
    fn units_and_fallbacks_follow_kafka() {
        let (config, _) = ServerConfig::from_properties(&props(&[
            ("node.id", "3"),
            ("broker.id", "1"),
            ("log.dir", "/a"),
            ("log.roll.hours", "2"),
            ("log.flush.scheduler.interval.ms", "500"),
            ("zookeeper.connect", " "),
        ]))
        .unwrap();
        assert_eq!(config.broker_id, 3);
        assert_eq!(config.log_dirs, vec![PathBuf::from("/a")]);
        assert_eq!(config.log_roll_ms, 2 * 3_600_000);
        assert_eq!(config.log_flush_interval_ms, 500);
        assert!(config.zookeeper.is_none());
        let err = ServerConfig::from_properties(&props(&[("broker.id", "-2")]))
            .unwrap_err()
            .to_string();
        assert!(err.contains("broker.id"), "{err}");
    }

    #[test]
    fn connection_limits_follow_kafkas_keys_and_checks() {
        let (config, _) = ServerConfig::from_properties(&props(&[])).unwrap();
        let c = &config.connections;
        assert_eq!(c.max_connections, i32::MAX as usize);
        assert_eq!(c.max_connections_per_ip, i32::MAX);
        assert!(c.max_connections_per_ip_overrides.is_empty());
        assert_eq!(c.max_idle(), Some(std::time::Duration::from_secs(600)));

        let (config, unknown) = ServerConfig::from_properties(&props(&[
            ("max.connections", "0"),
            ("max.connections.per.ip", "0"),
            (
                "max.connections.per.ip.overrides",
                "host-a:10 , 127.0.0.1:200,::1:5",
            ),
            ("connections.max.idle.ms", "-1"),
        ]))
        .unwrap();
        assert!(unknown.is_empty());
        let c = &config.connections;
        assert_eq!(c.max_connections, 0);
        assert_eq!(
            c.max_connections_per_ip_overrides,
            vec![
                ("host-a".to_string(), 10),
                ("127.0.0.1".to_string(), 200),
                ("::1".to_string(), 5)
            ]
        );
        assert_eq!(c.max_idle(), None);

        let err = |pairs: &[(&str, &str)]| {
            ServerConfig::from_properties(&props(pairs))
                .unwrap_err()
                .to_string()
        };
        assert!(err(&[("max.connections.per.ip", "0")])
            .contains("can be set to zero only if max.connections.per.ip.overrides"));
        assert!(err(&[("max.connections", "-1")]).contains("max.connections"));
        assert!(err(&[("max.connections.per.ip.overrides", "bad host:1")])
            .contains("contains invalid addresses : bad host"));
        assert!(err(&[("max.connections.per.ip.overrides", "host")])
            .contains("max.connections.per.ip.overrides"));
    }

    #[test]
    fn the_cleaner_dedupe_buffer_follows_kafkas_keys_and_check() {
        let (config, unknown) = ServerConfig::from_properties(&props(&[])).unwrap();
        assert!(unknown.is_empty());
        assert_eq!(config.log_cleaner_dedupe_buffer_size, 128 << 20);
        assert_eq!(config.log_cleaner_io_buffer_load_factor, 0.9);
        let (config, unknown) = ServerConfig::from_properties(&props(&[
            ("log.cleaner.dedupe.buffer.size", "4194304"),
            ("log.cleaner.io.buffer.load.factor", "0.5"),
            ("log.cleaner.threads", "2"),
        ]))
        .unwrap();
        assert!(unknown.is_empty());
        assert_eq!(config.log_cleaner_dedupe_buffer_size, 4 << 20);
        assert_eq!(config.log_cleaner_io_buffer_load_factor, 0.5);
        // Kafka requires more than 1 MiB per cleaner thread.
        for pairs in [
            &[("log.cleaner.dedupe.buffer.size", "1048576")][..],
            &[
                ("log.cleaner.dedupe.buffer.size", "2097152"),
                ("log.cleaner.threads", "2"),
            ],
        ] {
            let err = ServerConfig::from_properties(&props(pairs))
                .unwrap_err()
                .to_string();
            assert!(
                err.contains("log.cleaner.dedupe.buffer.size must be at least 1MB per cleaner"),
                "{err}"
            );
        }
    }

    #[test]
    fn a_load_factor_that_leaves_the_key_map_no_room_stops_the_start_as_kafka_does() {
        for factor in ["0", "NaN", "-1"] {
            let err = ServerConfig::from_properties(&props(&[(
                "log.cleaner.io.buffer.load.factor",
                factor,
            )]))
            .unwrap_err()
            .to_string();
            assert!(
                err.starts_with(
                    "requirement failed: offset map is too small to fit in even a single message"
                ),
                "{factor}: {err}"
            );
        }
    }

    #[test]
    fn the_shipped_kafka_files_parse() {
        let dir = // The repository root, two levels above this crate.
        std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."));
        let props =
            crate::config::load_properties_file(&dir.join("config/server.properties")).unwrap();
        let (config, unknown) = ServerConfig::from_properties(&props).unwrap();
        assert!(unknown.is_empty(), "{unknown:?}");
        assert_eq!(config.listeners[0].port, 9092);
        assert!(config.zookeeper.is_none());
    }

    #[test]
    fn the_shipped_cluster_files_make_three_brokers_on_one_zookeeper() {
        let dir = // The repository root, two levels above this crate.
        std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."));
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
