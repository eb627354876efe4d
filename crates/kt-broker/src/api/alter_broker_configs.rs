//! The BROKER resource of AlterConfigs and IncrementalAlterConfigs: one layer of dynamic
//! broker configs (this broker's, or the cluster default for the resource named "") is
//! replaced where the mode keeps it (the catalogue standalone, ZooKeeper in ZooKeeper
//! mode) and applied by this broker at once.

use std::collections::BTreeMap;
use std::sync::Arc;

use kafka_protocol::error::ResponseError;

use crate::dynamic_config::{self, keys, DynamicConfigError};
use crate::state::Broker;

/// A refused change: the error code and Kafka's message.
pub type Refusal = (ResponseError, String);

fn refusal(e: DynamicConfigError) -> Refusal {
    let code = match e {
        DynamicConfigError::OtherBroker { .. } => ResponseError::InvalidRequest,
        DynamicConfigError::Invalid { .. } => ResponseError::InvalidConfig,
        DynamicConfigError::Storage(_) => ResponseError::UnknownServerError,
    };
    (code, e.to_string())
}

/// Replaces the configs of BROKER resource `resource_name` with `configs`.
pub async fn replace(
    broker: &Arc<Broker>,
    resource_name: &str,
    configs: BTreeMap<String, String>,
    validate_only: bool,
) -> Result<(), Refusal> {
    let Some(cluster) = broker.cluster() else {
        return broker
            .set_dynamic_configs(resource_name, configs, validate_only)
            .map_err(refusal);
    };
    let (scope, next) = broker
        .check_dynamic_configs(resource_name, configs)
        .map_err(refusal)?;
    if validate_only {
        return Ok(());
    }
    crate::cluster::broker_configs::store(cluster, scope, next.layer(scope))
        .await
        .map_err(|e| refusal(DynamicConfigError::Storage(e.to_string())))?;
    // Applied here at once; the other brokers apply it on the notification `store` wrote.
    broker
        .apply_dynamic_layer(scope, next.layer(scope).clone())
        .map_err(|why| {
            refusal(DynamicConfigError::Invalid {
                resource: resource_name.to_string(),
                why,
            })
        })
}

/// One operation of IncrementalAlterConfigs on a broker config.
pub enum Operation {
    Set(String),
    Delete,
    Append(String),
    Subtract(String),
}

/// Broker configs whose values are comma-separated lists (Kafka's LIST type), which
/// APPEND and SUBTRACT apply to.
const LIST_KEYS: &[&str] = &[
    "log.cleanup.policy",
    "listeners",
    "advertised.listeners",
    "ssl.cipher.suites",
    "ssl.enabled.protocols",
    "sasl.enabled.mechanisms",
    "sasl.kerberos.principal.to.local.rules",
    "metric.reporters",
];

/// The configs of BROKER resource `resource_name` after `ops`, from the current ones.
pub fn incremental(
    broker: &Broker,
    resource_name: &str,
    ops: Vec<(String, Operation)>,
) -> Result<BTreeMap<String, String>, Refusal> {
    let scope = dynamic_config::scope_of(resource_name, broker.id()).map_err(refusal)?;
    let mut configs = broker.dynamic_configs().layer(scope).clone();
    for (name, op) in ops {
        match op {
            Operation::Set(value) => {
                configs.insert(name, value);
            }
            Operation::Delete => {
                configs.remove(&name);
            }
            Operation::Append(_) | Operation::Subtract(_) if !is_list(&name) => {
                let verb = match op {
                    Operation::Append(_) => "append",
                    _ => "subtract",
                };
                return Err((
                    ResponseError::InvalidRequest,
                    format!("Config value {verb} is not allowed for config key: {name}"),
                ));
            }
            Operation::Append(items) => {
                let mut list = split(&current(broker, &configs, &name));
                for item in split(&items) {
                    if !list.contains(&item) {
                        list.push(item);
                    }
                }
                configs.insert(name, list.join(","));
            }
            Operation::Subtract(items) => {
                let remove = split(&items);
                let mut list = split(&current(broker, &configs, &name));
                list.retain(|i| !remove.contains(i));
                configs.insert(name, list.join(","));
            }
        }
    }
    Ok(configs)
}

fn is_list(name: &str) -> bool {
    LIST_KEYS.contains(&keys::listener_base(name).unwrap_or(name))
}

/// The value a list operation starts from: the layer's, else the static one.
fn current(broker: &Broker, layer: &BTreeMap<String, String>, name: &str) -> String {
    layer
        .get(name)
        .or_else(|| broker.config().properties.get(name))
        .cloned()
        .unwrap_or_default()
}

fn split(value: &str) -> Vec<String> {
    value
        .split(',')
        .map(str::trim)
        .filter(|i| !i.is_empty())
        .map(str::to_string)
        .collect()
}
