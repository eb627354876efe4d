//! The one table of `server.properties` keys: each key is declared here once, with how its
//! text parses, Kafka's default and where the value goes. Reading the file and telling known
//! keys from unknown ones both walk this table, so a key cannot be read without being known,
//! nor known without being declared.

use super::listeners::DEFAULT_PROTOCOL_MAP;
use super::server::{ConfigError, Draft};

/// One broker setting: its name and how it is read.
pub(super) struct Key {
    /// The name in `server.properties`.
    pub name: &'static str,
    /// How its text is parsed, its default, and where its value goes.
    pub kind: Kind,
}

/// How a key's text becomes a setting. `default: None` means the setter runs only when the
/// key is given (the value then falls back on another key, resolved in `Draft::finish`).
pub(super) enum Kind {
    /// A 32-bit integer, at least `min` when given.
    Int {
        default: Option<i32>,
        min: Option<i64>,
        set: fn(&mut Draft, i32),
    },
    /// A 64-bit integer, at least `min` when given.
    Long {
        default: Option<i64>,
        min: Option<i64>,
        set: fn(&mut Draft, i64),
    },
    /// `true` or `false`, in any case.
    Bool {
        default: bool,
        set: fn(&mut Draft, bool),
    },
    /// Text (trimmed), checked by its setter, which gets the key name for its error.
    Text {
        default: Option<&'static str>,
        set: fn(&mut Draft, &'static str, &str) -> Result<(), ConfigError>,
    },
    /// Kept in `ServerConfig::properties` and read where it is used (topic defaults).
    ReadElsewhere,
    /// A Kafka key kt accepts and does not act on (thread pools, socket buffers, replication
    /// settings of a single broker...), so Kafka's own files load without warnings.
    NoEffect,
}

const fn int(name: &'static str, default: i32, min: Option<i64>, set: fn(&mut Draft, i32)) -> Key {
    Key {
        name,
        kind: Kind::Int {
            default: Some(default),
            min,
            set,
        },
    }
}

const fn optional_int(name: &'static str, min: Option<i64>, set: fn(&mut Draft, i32)) -> Key {
    Key {
        name,
        kind: Kind::Int {
            default: None,
            min,
            set,
        },
    }
}

const fn long(name: &'static str, default: i64, min: Option<i64>, set: fn(&mut Draft, i64)) -> Key {
    Key {
        name,
        kind: Kind::Long {
            default: Some(default),
            min,
            set,
        },
    }
}

const fn optional_long(name: &'static str, min: Option<i64>, set: fn(&mut Draft, i64)) -> Key {
    Key {
        name,
        kind: Kind::Long {
            default: None,
            min,
            set,
        },
    }
}

const fn boolean(name: &'static str, default: bool, set: fn(&mut Draft, bool)) -> Key {
    Key {
        name,
        kind: Kind::Bool { default, set },
    }
}

const fn text(
    name: &'static str,
    default: Option<&'static str>,
    set: fn(&mut Draft, &'static str, &str) -> Result<(), ConfigError>,
) -> Key {
    Key {
        name,
        kind: Kind::Text { default, set },
    }
}

const fn read_elsewhere(name: &'static str) -> Key {
    Key {
        name,
        kind: Kind::ReadElsewhere,
    }
}

const fn no_effect(name: &'static str) -> Key {
    Key {
        name,
        kind: Kind::NoEffect,
    }
}

const fn kraft_key(name: &'static str) -> Key {
    Key {
        name,
        kind: Kind::ReadElsewhere,
    }
}

const AT_LEAST_1: Option<i64> = Some(1);
const ANY: Option<i64> = None;
const HOUR_MS: i64 = 3_600_000;

/// Every key a broker understands, in the order they are read (a bad value reports the first).
pub(super) const KEYS: &[Key] = &[
    // Identity and listeners.
    int("broker.id", 0, ANY, |d, v| d.broker_id = v),
    Key {
        name: "node.id",
        kind: Kind::Int {
            default: None,
            min: None,
            set: |d, v| d.node_id = Some(v),
        },
    },
    // Resolved together once all are read (`listeners::resolve`).
    text("listeners", Some("PLAINTEXT://:9092"), |d, _, v| {
        d.listener_keys.listeners = v.to_string();
        Ok(())
    }),
    text("advertised.listeners", None, |d, _, v| {
        d.listener_keys.advertised = Some(v.to_string());
        Ok(())
    }),
    text(
        "listener.security.protocol.map",
        Some(DEFAULT_PROTOCOL_MAP),
        |d, _, v| {
            d.listener_keys.protocol_map = v.to_string();
            Ok(())
        },
    ),
    text("inter.broker.listener.name", None, |d, _, v| {
        d.listener_keys.inter_broker_name = Some(v.to_string());
        Ok(())
    }),
    Key {
        name: "security.inter.broker.protocol",
        kind: Kind::Text {
            default: None,
            set: |d, _, v| {
                d.listener_keys.inter_broker_protocol = v.to_string();
                d.listener_keys.inter_broker_protocol_given = true;
                Ok(())
            },
        },
    },
    // The ACL authorizer's settings, read by the broker's security::acl module.
    read_elsewhere("authorizer.class.name"),
    read_elsewhere("super.users"),
    read_elsewhere("allow.everyone.if.no.acl.found"),
    // TLS settings of SSL listeners, read by the broker's security module (a
    // `listener.name.<name>.` prefix overrides one for that listener).
    read_elsewhere("ssl.keystore.type"),
    read_elsewhere("ssl.keystore.location"),
    read_elsewhere("ssl.keystore.password"),
    read_elsewhere("ssl.keystore.certificate.chain"),
    read_elsewhere("ssl.keystore.key"),
    read_elsewhere("ssl.key.password"),
    read_elsewhere("ssl.truststore.type"),
    read_elsewhere("ssl.truststore.location"),
    read_elsewhere("ssl.truststore.password"),
    read_elsewhere("ssl.truststore.certificates"),
    read_elsewhere("ssl.client.auth"),
    read_elsewhere("ssl.enabled.protocols"),
    read_elsewhere("ssl.protocol"),
    read_elsewhere("ssl.cipher.suites"),
    read_elsewhere("ssl.endpoint.identification.algorithm"),
    read_elsewhere("ssl.principal.mapping.rules"),
    // SASL settings of SASL listeners, read by the broker's security module.
    read_elsewhere("sasl.enabled.mechanisms"),
    read_elsewhere("sasl.jaas.config"),
    read_elsewhere("sasl.mechanism.inter.broker.protocol"),
    read_elsewhere("sasl.server.max.receive.size"),
    read_elsewhere("connections.max.reauth.ms"),
    read_elsewhere("connections.failed.authentication.delay.ms"),
    // Delegation tokens, read by the broker's security::delegation_token module (no secret
    // key: the feature is off).
    read_elsewhere("delegation.token.secret.key"),
    read_elsewhere("delegation.token.master.key"),
    read_elsewhere("delegation.token.max.lifetime.ms"),
    read_elsewhere("delegation.token.expiry.time.ms"),
    read_elsewhere("delegation.token.expiry.check.interval.ms"),
    // Log directories: Kafka's `log.dirs` wins over `log.dir`.
    text("log.dir", Some("/tmp/kafka-logs"), |d, _, v| {
        d.log_dir = v.to_string();
        Ok(())
    }),
    text("log.dirs", None, |d, _, v| {
        d.log_dirs = Some(v.to_string());
        Ok(())
    }),
    // Topic defaults.
    int("num.partitions", 1, AT_LEAST_1, |d, v| {
        d.config.num_partitions = v
    }),
    int("default.replication.factor", 1, AT_LEAST_1, |d, v| {
        d.config.default_replication_factor = v as i16
    }),
    boolean("auto.create.topics.enable", true, |d, v| {
        d.config.auto_create_topics_enable = v
    }),
    boolean("delete.topic.enable", true, |d, v| {
        d.config.delete_topic_enable = v
    }),
    boolean("auto.leader.rebalance.enable", true, |d, v| {
        d.config.leader_balance.enable = v
    }),
    long(
        "leader.imbalance.check.interval.seconds",
        300,
        AT_LEAST_1,
        |d, v| d.config.leader_balance.check_interval_seconds = v,
    ),
    int("leader.imbalance.per.broker.percentage", 10, ANY, |d, v| {
        d.config.leader_balance.per_broker_percentage = v
    }),
    Key {
        name: "compression.type",
        kind: Kind::ReadElsewhere,
    },
    // Segments, retention and flushing: the most precise unit given wins.
    long("log.segment.bytes", 1 << 30, AT_LEAST_1, |d, v| {
        d.config.log_segment_bytes = v
    }),
    optional_long("log.roll.ms", ANY, |d, v| d.roll_ms = Some(v)),
    long("log.roll.hours", 168, ANY, |d, v| {
        d.roll_ms_from_hours = v * HOUR_MS
    }),
    optional_long("log.retention.ms", ANY, |d, v| d.retention_ms = Some(v)),
    optional_long("log.retention.minutes", ANY, |d, v| {
        d.retention_ms_from_minutes = Some(v * 60_000)
    }),
    long("log.retention.hours", 168, ANY, |d, v| {
        d.retention_ms_from_hours = v * HOUR_MS
    }),
    long("log.retention.bytes", -1, ANY, |d, v| {
        d.config.log_retention_bytes = v
    }),
    long(
        "log.retention.check.interval.ms",
        300_000,
        AT_LEAST_1,
        |d, v| d.config.log_retention_check_interval_ms = v,
    ),
    long(
        "log.flush.interval.messages",
        i64::MAX,
        AT_LEAST_1,
        |d, v| d.config.log_flush_interval_messages = v,
    ),
    // Defaults to the scheduler's interval, as in Kafka.
    optional_long("log.flush.interval.ms", ANY, |d, v| {
        d.flush_interval_ms = Some(v)
    }),
    long("log.flush.scheduler.interval.ms", i64::MAX, ANY, |d, v| {
        d.config.log_flush_scheduler_interval_ms = v
    }),
    long("log.index.interval.bytes", 4096, AT_LEAST_1, |d, v| {
        d.config.log_index_interval_bytes = v
    }),
    text(
        "log.message.timestamp.type",
        Some("CreateTime"),
        |d, key, v| {
            if v != "CreateTime" && v != "LogAppendTime" {
                return Err(super::server::invalid(
                    key,
                    v,
                    "must be CreateTime or LogAppendTime",
                ));
            }
            d.config.log_message_timestamp_type = v.to_string();
            Ok(())
        },
    ),
    // The log cleaner of compacted topics.
    boolean("log.cleaner.enable", true, |d, v| {
        d.config.log_cleaner_enable = v
    }),
    long("log.cleaner.backoff.ms", 15_000, AT_LEAST_1, |d, v| {
        d.config.log_cleaner_backoff_ms = v
    }),
    long(
        "log.cleaner.delete.retention.ms",
        86_400_000,
        ANY,
        |d, v| d.config.log_cleaner_delete_retention_ms = v.max(0),
    ),
    text(
        "log.cleaner.min.cleanable.ratio",
        Some("0.5"),
        |d, key, v| {
            d.config.log_cleaner_min_cleanable_ratio = v
                .parse::<f64>()
                .ok()
                .filter(|r| (0.0..=1.0).contains(r))
                .ok_or_else(|| super::server::invalid(key, v, "must be between 0 and 1"))?;
            Ok(())
        },
    ),
    long("log.cleaner.min.compaction.lag.ms", 0, ANY, |d, v| {
        d.config.log_cleaner_min_compaction_lag_ms = v.max(0)
    }),
    long("log.cleaner.dedupe.buffer.size", 128 << 20, ANY, |d, v| {
        d.config.log_cleaner_dedupe_buffer_size = v
    }),
    text(
        "log.cleaner.io.buffer.load.factor",
        Some("0.9"),
        |d, key, v| {
            d.config.log_cleaner_io_buffer_load_factor = v
                .parse::<f64>()
                .map_err(|_| super::server::invalid(key, v, "not a number"))?;
            Ok(())
        },
    ),
    int("log.cleaner.threads", 1, Some(0), |d, v| {
        d.log_cleaner_threads = v
    }),
    // Request sizes and connections.
    int("message.max.bytes", 1_048_588, AT_LEAST_1, |d, v| {
        d.config.message_max_bytes = v
    }),
    int("fetch.max.bytes", 57_671_680, Some(1024), |d, v| {
        d.config.fetch_max_bytes = v
    }),
    int(
        "socket.request.max.bytes",
        104_857_600,
        AT_LEAST_1,
        |d, v| d.config.socket_request_max_bytes = v,
    ),
    int("max.connections", i32::MAX, Some(0), |d, v| {
        d.config.connections.max_connections = v as usize
    }),
    int("max.connections.per.ip", i32::MAX, Some(0), |d, v| {
        d.config.connections.max_connections_per_ip = v
    }),
    text("max.connections.per.ip.overrides", Some(""), |d, key, v| {
        d.config.connections.max_connections_per_ip_overrides =
            super::server::parse_per_ip_overrides(key, v)?;
        Ok(())
    }),
    long("connections.max.idle.ms", 600_000, ANY, |d, v| {
        d.config.connections.connections_max_idle_ms = v
    }),
    // kt's own: the Prometheus metrics endpoint (off unless given).
    text("metrics.listener", None, |d, key, v| {
        d.config.metrics_listener = super::server::parse_metrics_listener(key, v)?;
        Ok(())
    }),
    // ZooKeeper mode.
    text("zookeeper.connect", None, |d, _, v| {
        d.zookeeper_connect = Some(v.to_string()).filter(|c| !c.is_empty());
        Ok(())
    }),
    int(
        "zookeeper.session.timeout.ms",
        18_000,
        AT_LEAST_1,
        |d, v| d.zookeeper_session_timeout_ms = v,
    ),
    // Defaults to the session timeout, as in Kafka.
    Key {
        name: "zookeeper.connection.timeout.ms",
        kind: Kind::Int {
            default: None,
            min: AT_LEAST_1,
            set: |d, v| d.zookeeper_connection_timeout_ms = Some(v),
        },
    },
    // The group coordinator.
    int("group.min.session.timeout.ms", 6_000, AT_LEAST_1, |d, v| {
        d.config.groups.min_session_timeout_ms = v
    }),
    int(
        "group.max.session.timeout.ms",
        1_800_000,
        AT_LEAST_1,
        |d, v| d.config.groups.max_session_timeout_ms = v,
    ),
    int("group.initial.rebalance.delay.ms", 3_000, ANY, |d, v| {
        d.config.groups.initial_rebalance_delay_ms = v.max(0)
    }),
    int("group.max.size", i32::MAX, AT_LEAST_1, |d, v| {
        d.config.groups.max_size = v
    }),
    long("offsets.retention.minutes", 10_080, AT_LEAST_1, |d, v| {
        d.config.groups.offsets_retention_ms = v * 60_000
    }),
    long(
        "offsets.retention.check.interval.ms",
        600_000,
        AT_LEAST_1,
        |d, v| d.config.groups.offsets_retention_check_interval_ms = v,
    ),
    int("offsets.topic.num.partitions", 50, AT_LEAST_1, |d, v| {
        d.config.groups.offsets_topic_num_partitions = v
    }),
    int(
        "offsets.topic.segment.bytes",
        104_857_600,
        AT_LEAST_1,
        |d, v| d.config.groups.offsets_topic_segment_bytes = v,
    ),
    int("offsets.topic.replication.factor", 3, AT_LEAST_1, |d, v| {
        d.config.groups.offsets_topic_replication_factor = v.min(i32::from(i16::MAX)) as i16
    }),
    int("offsets.commit.timeout.ms", 5000, AT_LEAST_1, |d, v| {
        d.config.groups.offsets_commit_timeout_ms = v
    }),
    int("offset.metadata.max.bytes", 4096, AT_LEAST_1, |d, v| {
        d.config.groups.offset_metadata_max_bytes = v
    }),
    // Transactions.
    int("transaction.max.timeout.ms", 900_000, AT_LEAST_1, |d, v| {
        d.config.transactions.max_timeout_ms = v
    }),
    int(
        "transaction.state.log.num.partitions",
        50,
        AT_LEAST_1,
        |d, v| d.config.transactions.state_log_num_partitions = v,
    ),
    int(
        "transaction.state.log.segment.bytes",
        104_857_600,
        AT_LEAST_1,
        |d, v| d.config.transactions.state_log_segment_bytes = v,
    ),
    int(
        "transaction.state.log.replication.factor",
        3,
        AT_LEAST_1,
        |d, v| {
            d.config.transactions.state_log_replication_factor = v.min(i32::from(i16::MAX)) as i16
        },
    ),
    int("transaction.state.log.min.isr", 2, AT_LEAST_1, |d, v| {
        d.config.transactions.state_log_min_isr = v
    }),
    int(
        "transactional.id.expiration.ms",
        604_800_000,
        AT_LEAST_1,
        |d, v| d.config.transactions.id_expiration_ms = v,
    ),
    int(
        "transaction.abort.timed.out.transaction.cleanup.interval.ms",
        10_000,
        AT_LEAST_1,
        |d, v| d.config.transactions.abort_timed_out_interval_ms = v,
    ),
    int(
        "transaction.remove.expired.transaction.cleanup.interval.ms",
        3_600_000,
        AT_LEAST_1,
        |d, v| d.config.transactions.remove_expired_interval_ms = v,
    ),
    boolean("transaction.partition.verification.enable", true, |d, v| {
        d.config.transactions.partition_verification_enable = v
    }),
    int(
        "producer.id.expiration.ms",
        86_400_000,
        AT_LEAST_1,
        |d, v| d.config.transactions.producer_id_expiration_ms = v,
    ),
    int(
        "producer.id.expiration.check.interval.ms",
        600_000,
        AT_LEAST_1,
        |d, v| {
            d.config
                .transactions
                .producer_id_expiration_check_interval_ms = v
        },
    ),
    // Replication.
    int("num.replica.fetchers", 1, AT_LEAST_1, |d, v| {
        d.config.replication.num_replica_fetchers = v
    }),
    optional_int("num.replica.alter.log.dirs.threads", AT_LEAST_1, |d, v| {
        d.config.replication.num_replica_alter_log_dirs_threads = Some(v)
    }),
    int("replica.fetch.max.bytes", 1_048_576, Some(0), |d, v| {
        d.config.replication.fetch_max_bytes = v
    }),
    int(
        "replica.fetch.response.max.bytes",
        10_485_760,
        Some(0),
        |d, v| d.config.replication.fetch_response_max_bytes = v,
    ),
    int("replica.fetch.wait.max.ms", 500, Some(0), |d, v| {
        d.config.replication.fetch_wait_max_ms = v
    }),
    int("replica.fetch.min.bytes", 1, AT_LEAST_1, |d, v| {
        d.config.replication.fetch_min_bytes = v
    }),
    int("replica.fetch.backoff.ms", 1000, Some(0), |d, v| {
        d.config.replication.fetch_backoff_ms = v
    }),
    long("replica.lag.time.max.ms", 30_000, Some(0), |d, v| {
        d.config.replication.lag_time_max_ms = v
    }),
    int("min.insync.replicas", 1, AT_LEAST_1, |d, v| {
        d.config.replication.min_insync_replicas = v
    }),
    // Read by the controlled shutdown (kt-broker `replication::controlled_shutdown`).
    read_elsewhere("controlled.shutdown.enable"),
    read_elsewhere("controlled.shutdown.max.retries"),
    read_elsewhere("controlled.shutdown.retry.backoff.ms"),
    // Accepted from Kafka's files without effect on a kt broker.
    no_effect("num.network.threads"),
    no_effect("num.io.threads"),
    no_effect("socket.send.buffer.bytes"),
    no_effect("socket.receive.buffer.bytes"),
    no_effect("num.recovery.threads.per.data.dir"),
    no_effect("unclean.leader.election.enable"),
    no_effect("log.cleanup.policy"),
    // KRaft: read by `kraft::split` before this table.
    kraft_key("process.roles"),
    kraft_key("controller.listener.names"),
    kraft_key("controller.quorum.voters"),
    kraft_key("controller.quorum.bootstrap.servers"),
    kraft_key("metadata.log.dir"),
];

/// Whether `name` is a key of the table (known to the broker, whatever it does with it).
pub(super) fn is_known(name: &str) -> bool {
    KEYS.iter().any(|key| key.name == name)
        || listener_override(name).is_some()
        || is_mechanism_jaas(name)
}

/// `listener.name.<listener>.<mechanism>.sasl.jaas.config`: Kafka's per-mechanism JAAS entry.
fn is_mechanism_jaas(name: &str) -> bool {
    name.strip_prefix("listener.name.")
        .and_then(|rest| rest.strip_suffix(".sasl.jaas.config"))
        .is_some_and(|middle| middle.split('.').count() == 2)
}

/// `listener.name.<listener>.<key>`: a key of the table set for one listener (Kafka's
/// per-listener overrides, e.g. `listener.name.ssl.ssl.keystore.location`). Returns the
/// listener (lower case, as Kafka writes it) and the key.
pub(super) fn listener_override(name: &str) -> Option<(&str, &str)> {
    let rest = name.strip_prefix("listener.name.")?;
    let (listener, key) = rest.split_once('.')?;
    KEYS.iter()
        .any(|k| k.name == key && matches!(k.kind, Kind::ReadElsewhere))
        .then_some((listener, key))
}

/// Kafka's PASSWORD-typed broker keys (also under a `listener.name.<name>.` prefix): their
/// values are secrets (a private key, store passwords), never shown by DescribeConfigs.
pub fn is_sensitive(name: &str) -> bool {
    const SECRETS: &[&str] = &[
        "ssl.key.password",
        "ssl.keystore.password",
        "ssl.keystore.key",
        "ssl.keystore.certificate.chain",
        "ssl.truststore.password",
        "ssl.truststore.certificates",
        "sasl.jaas.config",
        "delegation.token.secret.key",
        "delegation.token.master.key",
    ];
    let key = listener_override(name).map_or(name, |(_, key)| key);
    SECRETS.contains(&key) || name.ends_with(".sasl.jaas.config")
}
