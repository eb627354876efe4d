//! Dynamic broker configs (Kafka's `DynamicBrokerConfig`): settings changed at run time by
//! AlterConfigs / IncrementalAlterConfigs of a BROKER resource, either for one broker (the
//! resource is named with its id; Kafka keeps them in `/config/brokers/<id>`) or for every
//! broker (the resource named ""; `/config/brokers/<default>`). They are layered over
//! `server.properties`: a broker's own value wins over the cluster default, which wins over
//! the static file, which wins over Kafka's built-in default.

pub mod keys;

use std::collections::BTreeMap;

use kt_base::config::{Properties, ServerConfig};
use serde::{Deserialize, Serialize};

use crate::topic_config::ConfigSource;

/// Kafka's entity name of the cluster-wide layer, in ZooKeeper and in kt's catalogue.
pub const DEFAULT_ENTITY: &str = "<default>";

/// Which layer a BROKER resource names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// This broker's own configs (the resource named with its id).
    Broker,
    /// The cluster-wide default (the resource named "").
    Default,
}

/// Why a dynamic config change was refused, in Kafka's words.
#[derive(Debug, Clone, thiserror::Error)]
pub enum DynamicConfigError {
    /// A resource naming another broker (Kafka's `getBrokerId`): INVALID_REQUEST.
    #[error("Unexpected broker id, expected {expected}, but received {received}")]
    OtherBroker { expected: i32, received: String },
    /// A key or value Kafka refuses (`ConfigException` in `ZkAdminManager`): INVALID_CONFIG.
    #[error(
        "Invalid config value for resource ConfigResource(type=BROKER, name='{resource}'): {why}"
    )]
    Invalid { resource: String, why: String },
    /// The catalogue or ZooKeeper could not be written.
    #[error("{0}")]
    Storage(String),
}

/// The dynamic layers a broker holds: its own and the cluster default.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DynamicConfigs {
    /// This broker's own configs.
    #[serde(default)]
    pub broker: BTreeMap<String, String>,
    /// The cluster-wide default configs.
    #[serde(default)]
    pub default: BTreeMap<String, String>,
}

impl DynamicConfigs {
    /// The configs of one layer.
    pub fn layer(&self, scope: Scope) -> &BTreeMap<String, String> {
        match scope {
            Scope::Broker => &self.broker,
            Scope::Default => &self.default,
        }
    }

    /// These layers with `scope` replaced by `configs`.
    pub fn with_layer(&self, scope: Scope, configs: BTreeMap<String, String>) -> DynamicConfigs {
        let mut next = self.clone();
        match scope {
            Scope::Broker => next.broker = configs,
            Scope::Default => next.default = configs,
        }
        next
    }

    /// The broker's configuration with both layers applied over `server.properties`.
    pub fn effective(&self, static_config: &ServerConfig) -> Result<ServerConfig, String> {
        if self.broker.is_empty() && self.default.is_empty() {
            return Ok(static_config.clone());
        }
        let mut layered = Properties::new();
        layered.extend(self.default.clone());
        layered.extend(self.broker.clone());
        // `properties` then holds the layered values too, for the defaults read from it
        // (`compression.type`); what is static is asked of the static config.
        static_config
            .with_overrides(&layered)
            .map_err(|e| e.to_string())
    }

    /// Where the value of broker key `name` comes from, and that value (None: Kafka's default).
    pub fn source_of(
        &self,
        static_config: &ServerConfig,
        name: &str,
    ) -> Option<(ConfigSource, String)> {
        if let Some(v) = self.broker.get(name) {
            return Some((ConfigSource::DynamicBroker, v.clone()));
        }
        if let Some(v) = self.default.get(name) {
            return Some((ConfigSource::DynamicDefaultBroker, v.clone()));
        }
        static_config
            .properties
            .get(name)
            .map(|v| (ConfigSource::StaticBroker, v.clone()))
    }
}

/// The layer a BROKER resource names, for broker `me`.
pub fn scope_of(resource_name: &str, me: i32) -> Result<Scope, DynamicConfigError> {
    if resource_name.is_empty() {
        return Ok(Scope::Default);
    }
    match resource_name.trim().parse::<i32>() {
        Ok(id) if id == me => Ok(Scope::Broker),
        _ => Err(DynamicConfigError::OtherBroker {
            expected: me,
            received: resource_name.to_string(),
        }),
    }
}

/// Scala's `Set(a, b)`, as Kafka's messages print a set of names.
fn scala_set(names: &[&str]) -> String {
    format!("Set({})", names.join(", "))
}

/// Checks a layer's new configs as Kafka's `DynamicBrokerConfig.validateConfigs` does: only
/// dynamic keys (unknown keys pass, as Kafka's custom configs do), SSL stores only per
/// listener, per-broker keys never as the default, and values that parse.
pub fn validate(
    resource_name: &str,
    scope: Scope,
    next: &DynamicConfigs,
    static_config: &ServerConfig,
) -> Result<(), DynamicConfigError> {
    let invalid = |why: String| DynamicConfigError::Invalid {
        resource: resource_name.to_string(),
        why,
    };
    let layer = next.layer(scope);
    let names: Vec<&str> = layer.keys().map(String::as_str).collect();
    let not_dynamic = keys_where(&names, is_non_dynamic);
    if !not_dynamic.is_empty() {
        return Err(invalid(format!(
            "Cannot update these configs dynamically: {}",
            scala_set(&not_dynamic)
        )));
    }
    let unprefixed = keys_where(&names, keys::is_unprefixed_security_config);
    if !unprefixed.is_empty() {
        return Err(invalid(format!(
            "These security configs can be dynamically updated only per-listener using the \
             listener prefix: {}",
            scala_set(&unprefixed)
        )));
    }
    next.effective(static_config).map_err(invalid)?;
    if scope == Scope::Default {
        let per_broker = keys_where(&names, keys::is_per_broker);
        if !per_broker.is_empty() {
            return Err(invalid(format!(
                "Cannot update these configs at default cluster level, broker id must be \
                 specified: {}",
                scala_set(&per_broker)
            )));
        }
    }
    Ok(())
}

/// Whether no dynamic update may set `name` (Kafka's `nonDynamicConfigs`): a broker config
/// Kafka knows that is read from `server.properties` alone. Unknown keys are custom configs
/// and listener-prefixed ones are checked by their base, as in Kafka.
fn is_non_dynamic(name: &str) -> bool {
    kt_base::config::is_known_key(name)
        && keys::listener_base(name).is_none()
        && !keys::is_dynamic(name)
}

/// The keys of `names` of one kind (`is_non_dynamic`, Kafka's
/// `securityConfigsWithoutListenerPrefix` or `perBrokerConfigs`), in order.
fn keys_where<'a>(names: &[&'a str], kind: fn(&str) -> bool) -> Vec<&'a str> {
    names.iter().copied().filter(|n| kind(n)).collect()
}

/// A layer as stored in ZooKeeper, where any tool may have written it (Kafka's
/// `kafka-configs.sh --zookeeper`, a hand-made znode) without the checks of [`validate`],
/// taken as Kafka's `DynamicBrokerConfig.fromPersistentProps` takes it: the keys no dynamic
/// update may set are dropped, then (Kafka's `removeInvalidConfigs`) the keys whose values do
/// not make a valid configuration each by itself over `static_config`, and the rest kept: a
/// bad value written by hand costs that key alone, not the layer. Returns the layer kept and,
/// for each kind of key dropped, Kafka's message (which its broker logs as an error).
pub fn from_persistent(
    scope: Scope,
    mut layer: BTreeMap<String, String>,
    static_config: &ServerConfig,
) -> (BTreeMap<String, String>, Vec<String>) {
    let mut ignored = Vec::new();
    let mut drop_keys =
        |layer: &mut BTreeMap<String, String>, kind: fn(&str) -> bool, why: &str| {
            let names: Vec<&str> = layer.keys().map(String::as_str).collect();
            let found: Vec<String> = keys_where(&names, kind)
                .into_iter()
                .map(str::to_string)
                .collect();
            if found.is_empty() {
                return;
            }
            let listed: Vec<&str> = found.iter().map(String::as_str).collect();
            ignored.push(format!("{why}: {}", scala_set(&listed)));
            for key in &found {
                layer.remove(key);
            }
        };
    drop_keys(
        &mut layer,
        is_non_dynamic,
        "Non-dynamic configs configured in ZooKeeper will be ignored",
    );
    drop_keys(
        &mut layer,
        keys::is_unprefixed_security_config,
        "Security configs can be dynamically updated only using listener prefix, base configs \
         will be ignored",
    );
    if scope == Scope::Default {
        drop_keys(
            &mut layer,
            keys::is_per_broker,
            "Per-broker configs defined at default cluster level will be ignored",
        );
    }
    let alone = |configs: BTreeMap<String, String>| {
        DynamicConfigs::default()
            .with_layer(scope, configs)
            .effective(static_config)
    };
    if let Err(why) = alone(layer.clone()) {
        let invalid: Vec<String> = layer
            .iter()
            .filter(|(k, v)| alone([((*k).clone(), (*v).clone())].into()).is_err())
            .map(|(k, _)| k.clone())
            .collect();
        if !invalid.is_empty() {
            let listed: Vec<&str> = invalid.iter().map(String::as_str).collect();
            let source = match scope {
                Scope::Broker => "broker",
                Scope::Default => "default cluster",
            };
            ignored.push(format!(
                "Dynamic {source} config contains invalid values in: {}, these configs will be \
                 ignored ({why})",
                scala_set(&listed)
            ));
            for key in &invalid {
                layer.remove(key);
            }
        }
    }
    (layer, ignored)
}

/// One broker config as DescribeConfigs reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BrokerConfigEntry {
    pub name: String,
    pub value: String,
    pub source: ConfigSource,
    /// Kafka's `read_only`: false exactly for the dynamically updatable keys.
    pub read_only: bool,
    /// Every layer (and synonym key) that sets it, highest priority first.
    pub synonyms: Vec<Synonym>,
}

/// A layer setting a config, possibly under a synonym key (`log.retention.hours`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Synonym {
    pub name: String,
    pub value: String,
    pub source: ConfigSource,
}

/// The configs of a BROKER resource: for this broker every key set in any layer, each with
/// its winning source; for the default resource the default layer only (as Kafka does).
pub fn describe(
    scope: Scope,
    layers: &DynamicConfigs,
    static_config: &ServerConfig,
) -> Vec<BrokerConfigEntry> {
    let mut names: Vec<&String> = layers.default.keys().collect();
    if scope == Scope::Broker {
        names.extend(layers.broker.keys());
        names.extend(static_config.properties.keys());
    }
    names.sort();
    names.dedup();
    names
        .into_iter()
        .filter_map(|name| {
            let mut synonyms = Vec::new();
            for key in keys::synonyms(name) {
                let layered = [
                    (scope == Scope::Broker)
                        .then(|| layers.broker.get(&key))
                        .flatten()
                        .map(|v| (ConfigSource::DynamicBroker, v)),
                    layers
                        .default
                        .get(&key)
                        .map(|v| (ConfigSource::DynamicDefaultBroker, v)),
                    static_config
                        .properties
                        .get(&key)
                        .map(|v| (ConfigSource::StaticBroker, v)),
                ];
                for (source, value) in layered.into_iter().flatten() {
                    synonyms.push(Synonym {
                        name: key.clone(),
                        value: value.clone(),
                        source,
                    });
                }
            }
            // Synonyms of one kind sort by layer first, as Kafka lists them.
            synonyms.sort_by_key(|s| layer_rank(s.source));
            // Higher-priority synonyms of another key go (Kafka's `dropWhile`): describing
            // `log.retention.hours` does not show a `log.retention.ms` above it.
            let own = synonyms.iter().position(|s| s.name == *name)?;
            synonyms.drain(..own);
            let top = synonyms.first()?.clone();
            Some(BrokerConfigEntry {
                name: name.clone(),
                value: top.value,
                source: top.source,
                read_only: !keys::is_dynamic(keys::listener_base(name).unwrap_or(name)),
                synonyms,
            })
        })
        .collect()
}

/// Layers by priority: per broker, cluster default, static file, Kafka's default.
fn layer_rank(source: ConfigSource) -> u8 {
    match source {
        ConfigSource::DynamicBroker => 0,
        ConfigSource::DynamicDefaultBroker => 1,
        ConfigSource::StaticBroker => 2,
        _ => 3,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::test_support::server_config;

    #[test]
    fn layers_apply_in_kafkas_order() {
        let s = server_config(&[("log.retention.hours", "1"), ("message.max.bytes", "2000")]);
        let layers = DynamicConfigs::default()
            .with_layer(
                Scope::Default,
                [("log.retention.ms".into(), "5000".into())].into(),
            )
            .with_layer(
                Scope::Broker,
                [("message.max.bytes".into(), "3000".into())].into(),
            );
        let effective = layers.effective(&s).unwrap();
        assert_eq!(effective.log_retention_ms, 5000);
        assert_eq!(effective.message_max_bytes, 3000);
        let entries = describe(Scope::Broker, &layers, &s);
        let retention = entries
            .iter()
            .find(|e| e.name == "log.retention.ms")
            .unwrap();
        assert_eq!(retention.source, ConfigSource::DynamicDefaultBroker);
        assert!(!retention.read_only);
        assert_eq!(retention.synonyms.len(), 2, "{retention:?}");
        assert_eq!(retention.synonyms[1].name, "log.retention.hours");
        let hours = entries
            .iter()
            .find(|e| e.name == "log.retention.hours")
            .unwrap();
        assert!(hours.read_only);
        let max = entries
            .iter()
            .find(|e| e.name == "message.max.bytes")
            .unwrap();
        assert_eq!(
            (max.source, max.value.as_str()),
            (ConfigSource::DynamicBroker, "3000")
        );
        assert_eq!(max.synonyms[1].source, ConfigSource::StaticBroker);
        // The default resource shows the default layer alone.
        let defaults = describe(Scope::Default, &layers, &s);
        assert_eq!(defaults.len(), 1);
        assert_eq!(defaults[0].name, "log.retention.ms");
    }

    #[test]
    fn keys_written_to_zookeeper_by_other_tools_are_dropped_as_kafka_drops_them() {
        let s = server_config(&[]);
        let layer = |pairs: &[(&str, &str)]| -> BTreeMap<String, String> {
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect()
        };
        let stored = layer(&[
            ("broker.id", "7"),
            ("log.dirs", "/elsewhere"),
            ("log.retention.ms", "5000"),
            ("ssl.keystore.location", "/ks.jks"),
            ("listener.name.internal.ssl.keystore.location", "/ks.jks"),
            ("custom.key", "x"),
        ]);
        // A broker's own entity: static keys and unprefixed SSL stores go, the dynamic,
        // listener-prefixed and custom keys stay.
        let (kept, ignored) = from_persistent(Scope::Broker, stored.clone(), &s);
        assert_eq!(
            kept,
            layer(&[
                ("custom.key", "x"),
                ("listener.name.internal.ssl.keystore.location", "/ks.jks"),
                ("log.retention.ms", "5000"),
            ])
        );
        assert_eq!(
            ignored,
            [
                "Non-dynamic configs configured in ZooKeeper will be ignored: \
                 Set(broker.id, log.dirs)",
                "Security configs can be dynamically updated only using listener prefix, base \
                 configs will be ignored: Set(ssl.keystore.location)",
            ]
        );
        // The cluster default also loses what is per broker only.
        let (kept, ignored) = from_persistent(Scope::Default, stored, &s);
        assert_eq!(
            kept,
            layer(&[("custom.key", "x"), ("log.retention.ms", "5000")])
        );
        assert_eq!(
            ignored[2],
            "Per-broker configs defined at default cluster level will be ignored: \
             Set(listener.name.internal.ssl.keystore.location)"
        );
        // A layer written by kt (or anything checking as Kafka does) is kept whole, silently.
        let clean = layer(&[("log.retention.ms", "5000"), ("log.cleaner.threads", "2")]);
        assert_eq!(
            from_persistent(Scope::Default, clean.clone(), &s),
            (clean, Vec::new())
        );
    }

    #[test]
    fn a_value_that_does_not_parse_costs_its_key_alone() {
        let s = server_config(&[]);
        let stored: BTreeMap<String, String> = [
            ("log.retention.ms", "soon"),
            ("message.max.bytes", "3000"),
            ("log.cleaner.threads", "2"),
        ]
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        for (scope, source) in [
            (Scope::Broker, "broker"),
            (Scope::Default, "default cluster"),
        ] {
            let (kept, ignored) = from_persistent(scope, stored.clone(), &s);
            assert_eq!(
                kept.keys().collect::<Vec<_>>(),
                ["log.cleaner.threads", "message.max.bytes"]
            );
            assert_eq!(ignored.len(), 1, "{ignored:?}");
            assert!(
                ignored[0].starts_with(&format!(
                    "Dynamic {source} config contains invalid values in: \
                     Set(log.retention.ms), these configs will be ignored"
                )),
                "{ignored:?}"
            );
            let layers = DynamicConfigs::default().with_layer(scope, kept);
            assert_eq!(layers.effective(&s).unwrap().message_max_bytes, 3000);
        }
    }

    #[test]
    fn refusals_use_kafkas_messages() {
        let s = server_config(&[]);
        let try_set = |scope, k: &str, v: &str| {
            let next = DynamicConfigs::default().with_layer(scope, [(k.into(), v.into())].into());
            validate(
                if scope == Scope::Default { "" } else { "0" },
                scope,
                &next,
                &s,
            )
            .map_err(|e| e.to_string())
        };
        assert_eq!(
            try_set(Scope::Broker, "broker.id", "3").unwrap_err(),
            "Invalid config value for resource ConfigResource(type=BROKER, name='0'): \
             Cannot update these configs dynamically: Set(broker.id)"
        );
        assert!(try_set(Scope::Broker, "ssl.keystore.location", "/x")
            .unwrap_err()
            .contains("only per-listener using the listener prefix: Set(ssl.keystore.location)"));
        assert!(try_set(
            Scope::Default,
            "sasl.kerberos.min.time.before.relogin",
            "58000"
        )
        .unwrap_err()
        .ends_with("broker id must be specified: Set(sasl.kerberos.min.time.before.relogin)"));
        assert!(try_set(
            Scope::Broker,
            "sasl.kerberos.min.time.before.relogin",
            "58000"
        )
        .is_ok());
        assert!(try_set(Scope::Default, "log.cleaner.threads", "2").is_ok());
        assert!(try_set(Scope::Default, "custom.key", "x").is_ok());
        assert!(try_set(Scope::Default, "message.max.bytes", "lots")
            .unwrap_err()
            .contains("Invalid value lots for configuration message.max.bytes"));
        assert!(matches!(scope_of("", 0), Ok(Scope::Default)));
        assert!(matches!(scope_of("0", 0), Ok(Scope::Broker)));
        assert_eq!(
            scope_of("7", 0).unwrap_err().to_string(),
            "Unexpected broker id, expected 0, but received 7"
        );
    }
}
