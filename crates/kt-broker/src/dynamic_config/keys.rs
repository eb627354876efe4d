//! Which broker configs Kafka 3.9 lets AlterConfigs change at run time
//! (`DynamicBrokerConfig.AllDynamicConfigs` and the replication quotas of `QuotaConfig`), and
//! which of them only one broker at a time may take (`PerBrokerConfigs`).

/// The `log.*` topic defaults (`DynamicLogConfig.ReconfigurableConfigs`: the first broker
/// synonym of every topic config but `message.format.version`).
const LOG_CONFIGS: &[&str] = &[
    "log.segment.bytes",
    "log.roll.ms",
    "log.roll.jitter.ms",
    "log.index.size.max.bytes",
    "log.flush.interval.messages",
    "log.flush.interval.ms",
    "log.retention.bytes",
    "log.retention.ms",
    "message.max.bytes",
    "log.index.interval.bytes",
    "log.cleaner.delete.retention.ms",
    "log.cleaner.min.compaction.lag.ms",
    "log.cleaner.max.compaction.lag.ms",
    "log.segment.delete.delay.ms",
    "log.cleaner.min.cleanable.ratio",
    "log.cleanup.policy",
    "unclean.leader.election.enable",
    "min.insync.replicas",
    "compression.type",
    "compression.gzip.level",
    "compression.lz4.level",
    "compression.zstd.level",
    "log.preallocate",
    "log.message.timestamp.type",
    "log.message.timestamp.difference.max.ms",
    "log.message.timestamp.before.max.ms",
    "log.message.timestamp.after.max.ms",
    "log.message.downconversion.enable",
    "log.local.retention.ms",
    "log.local.retention.bytes",
];

/// `SslConfigs.RECONFIGURABLE_CONFIGS`: dynamic only under a `listener.name.<l>.` prefix.
const SECURITY_CONFIGS: &[&str] = &[
    "ssl.keystore.type",
    "ssl.keystore.location",
    "ssl.keystore.password",
    "ssl.key.password",
    "ssl.truststore.type",
    "ssl.truststore.location",
    "ssl.truststore.password",
    "ssl.keystore.certificate.chain",
    "ssl.keystore.key",
    "ssl.truststore.certificates",
];

/// `DynamicListenerConfig.ReconfigurableConfigs`.
const LISTENER_CONFIGS: &[&str] = &[
    "advertised.listeners",
    "listeners",
    "listener.security.protocol.map",
    "principal.builder.class",
    "ssl.protocol",
    "ssl.provider",
    "ssl.cipher.suites",
    "ssl.enabled.protocols",
    "ssl.keystore.type",
    "ssl.keystore.location",
    "ssl.keystore.password",
    "ssl.key.password",
    "ssl.truststore.type",
    "ssl.truststore.location",
    "ssl.truststore.password",
    "ssl.keymanager.algorithm",
    "ssl.trustmanager.algorithm",
    "ssl.endpoint.identification.algorithm",
    "ssl.secure.random.implementation",
    "ssl.client.auth",
    "ssl.engine.factory.class",
    "sasl.mechanism.inter.broker.protocol",
    "sasl.jaas.config",
    "sasl.enabled.mechanisms",
    "sasl.kerberos.service.name",
    "sasl.kerberos.kinit.cmd",
    "sasl.kerberos.ticket.renew.window.factor",
    "sasl.kerberos.ticket.renew.jitter",
    "sasl.kerberos.min.time.before.relogin",
    "sasl.kerberos.principal.to.local.rules",
    "sasl.login.refresh.window.factor",
    "sasl.login.refresh.window.jitter",
    "sasl.login.refresh.min.period.seconds",
    "sasl.login.refresh.buffer.seconds",
    "max.connections",
    "max.connection.creation.rate",
    "num.network.threads",
];

/// The rest of `AllDynamicConfigs` (log cleaner, thread pools, metric reporters, socket
/// server, producer state, remote log) and `QuotaConfig.brokerQuotaConfigs`.
const OTHER_CONFIGS: &[&str] = &[
    "log.cleaner.threads",
    "log.cleaner.dedupe.buffer.size",
    "log.cleaner.io.buffer.load.factor",
    "log.cleaner.io.buffer.size",
    "log.cleaner.io.max.bytes.per.second",
    "log.cleaner.backoff.ms",
    "num.io.threads",
    "num.replica.fetchers",
    "num.recovery.threads.per.data.dir",
    "background.threads",
    "metric.reporters",
    "max.connections.per.ip",
    "max.connections.per.ip.overrides",
    "producer.id.expiration.ms",
    "transaction.partition.verification.enable",
    "remote.log.index.file.cache.total.size.bytes",
    "remote.fetch.max.wait.ms",
    "remote.log.manager.copy.max.bytes.per.second",
    "remote.log.manager.fetch.max.bytes.per.second",
    "remote.list.offsets.request.timeout.ms",
    "leader.replication.throttled.rate",
    "follower.replication.throttled.rate",
    "replica.alter.log.dirs.io.max.bytes.per.second",
];

/// Listener configs that stay cluster-wide (`ClusterLevelListenerConfigs`).
const CLUSTER_LEVEL_LISTENER_CONFIGS: &[&str] = &[
    "max.connections",
    "max.connection.creation.rate",
    "num.network.threads",
];

/// The key under a `listener.name.<listener>.` prefix (Kafka's `ListenerConfigRegex`).
pub fn listener_base(name: &str) -> Option<&str> {
    let rest = name.strip_prefix("listener.name.")?;
    let (listener, base) = rest.split_once('.')?;
    (!listener.is_empty()).then_some(base)
}

/// Whether `name` is one of Kafka's dynamically updatable broker configs (as written, without
/// a listener prefix).
pub fn is_dynamic(name: &str) -> bool {
    [
        LOG_CONFIGS,
        SECURITY_CONFIGS,
        LISTENER_CONFIGS,
        OTHER_CONFIGS,
    ]
    .iter()
    .any(|list| list.contains(&name))
}

/// Whether an SSL store setting is given without the listener prefix Kafka requires for it.
pub fn is_unprefixed_security_config(name: &str) -> bool {
    SECURITY_CONFIGS.contains(&name)
}

/// Whether `name` may be set only for one broker, never as the cluster-wide default
/// (`PerBrokerConfigs`, and listener-prefixed configs but the cluster-level ones).
pub fn is_per_broker(name: &str) -> bool {
    if let Some(base) = listener_base(name) {
        return !CLUSTER_LEVEL_LISTENER_CONFIGS.contains(&base);
    }
    (SECURITY_CONFIGS.contains(&name) || LISTENER_CONFIGS.contains(&name))
        && !CLUSTER_LEVEL_LISTENER_CONFIGS.contains(&name)
}

/// The broker keys that name the same setting, highest priority first
/// (`DynamicBrokerConfig.brokerConfigSynonyms`, listener overrides included).
pub fn synonyms(name: &str) -> Vec<String> {
    let list: &[&str] = match name {
        "log.roll.ms" | "log.roll.hours" => &["log.roll.ms", "log.roll.hours"],
        "log.roll.jitter.ms" | "log.roll.jitter.hours" => {
            &["log.roll.jitter.ms", "log.roll.jitter.hours"]
        }
        "log.flush.interval.ms" => &["log.flush.interval.ms", "log.flush.scheduler.interval.ms"],
        "log.retention.ms" | "log.retention.minutes" | "log.retention.hours" => &[
            "log.retention.ms",
            "log.retention.minutes",
            "log.retention.hours",
        ],
        _ => {
            if let Some(base) = listener_base(name) {
                // A per-mechanism JAAS entry (`listener.name.l.plain.sasl.jaas.config`) and
                // a listener override both fall back on the unprefixed key.
                let base = if base.ends_with("sasl.jaas.config") {
                    "sasl.jaas.config"
                } else {
                    base
                };
                return vec![name.to_string(), base.to_string()];
            }
            return vec![name.to_string()];
        }
    };
    list.iter().map(|s| s.to_string()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kafka_lists() {
        assert!(is_dynamic("log.cleaner.threads"));
        assert!(is_dynamic("log.retention.ms"));
        assert!(!is_dynamic("log.retention.hours"));
        assert!(is_dynamic("sasl.kerberos.min.time.before.relogin"));
        assert!(is_dynamic("leader.replication.throttled.rate"));
        assert!(!is_dynamic("broker.id"));
        assert!(is_per_broker("listeners"));
        assert!(is_per_broker("listener.name.ssl.ssl.keystore.location"));
        assert!(!is_per_broker("listener.name.ssl.max.connections"));
        assert!(!is_per_broker("max.connections"));
        assert!(!is_per_broker("log.retention.ms"));
        assert_eq!(
            synonyms("log.retention.ms"),
            [
                "log.retention.ms",
                "log.retention.minutes",
                "log.retention.hours"
            ]
        );
        assert_eq!(
            synonyms("listener.name.sasl_ssl.plain.sasl.jaas.config"),
            [
                "listener.name.sasl_ssl.plain.sasl.jaas.config",
                "sasl.jaas.config"
            ]
        );
    }
}
