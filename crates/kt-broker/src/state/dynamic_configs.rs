//! The broker's dynamic configs at run time: the layers, the configuration they make with
//! `server.properties`, and applying a change to every log without a restart (Kafka's
//! `DynamicLogConfig` reconfiguring the log manager's defaults).

use std::collections::BTreeMap;
use std::sync::Arc;

use kt_base::config::ServerConfig;

use super::Broker;
use crate::dynamic_config::{self, DynamicConfigError, DynamicConfigs, Scope};
use crate::topic_config;

/// The dynamic layers and the configuration in effect with them.
pub(super) struct DynamicState {
    pub layers: DynamicConfigs,
    pub effective: Arc<ServerConfig>,
}

impl DynamicState {
    /// The state of a broker opening with `layers` stored; layers that no longer make a valid
    /// configuration (a value checked more strictly since) are ignored with a warning.
    pub fn new(config: &ServerConfig, layers: DynamicConfigs) -> Self {
        match layers.effective(config) {
            Ok(effective) => DynamicState {
                layers,
                effective: Arc::new(effective),
            },
            Err(e) => {
                tracing::warn!("ignoring the stored dynamic broker configs: {e}");
                DynamicState {
                    layers: DynamicConfigs::default(),
                    effective: Arc::new(config.clone()),
                }
            }
        }
    }
}

impl Broker {
    /// The configuration in effect: `server.properties` with the dynamic configs over it.
    /// What may change at run time (topic defaults, `message.max.bytes`, replication
    /// throttles) is read from here; listeners and the like from [`Broker::config`].
    pub fn effective_config(&self) -> Arc<ServerConfig> {
        self.dynamic
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .effective
            .clone()
    }

    /// This broker's dynamic configs and the cluster default.
    pub fn dynamic_configs(&self) -> DynamicConfigs {
        self.dynamic
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .layers
            .clone()
    }

    /// The layers with the BROKER resource `resource_name`'s configs replaced by `configs`,
    /// once checked as Kafka checks them; nothing is stored.
    pub fn check_dynamic_configs(
        &self,
        resource_name: &str,
        configs: BTreeMap<String, String>,
    ) -> Result<(Scope, DynamicConfigs), DynamicConfigError> {
        let scope = dynamic_config::scope_of(resource_name, self.id())?;
        let next = self.dynamic_configs().with_layer(scope, configs);
        dynamic_config::validate(resource_name, scope, &next, &self.config)?;
        Ok((scope, next))
    }

    /// A standalone broker's change of a BROKER resource: checked, kept in the catalogue,
    /// then applied.
    pub fn set_dynamic_configs(
        &self,
        resource_name: &str,
        configs: BTreeMap<String, String>,
        validate_only: bool,
    ) -> Result<(), DynamicConfigError> {
        let mut catalogue = self.admin.lock().unwrap_or_else(|e| e.into_inner());
        let (_, next) = self.check_dynamic_configs(resource_name, configs)?;
        if validate_only {
            return Ok(());
        }
        catalogue.broker_configs = next.clone();
        self.save_catalogue(&catalogue)
            .map_err(|e| DynamicConfigError::Storage(e.to_string()))?;
        drop(catalogue);
        self.apply_dynamic_configs(next);
        Ok(())
    }

    /// Makes `layers` the broker's dynamic configs (in ZooKeeper mode, once written there)
    /// and gives every log its new defaults, as Kafka applies them without a restart.
    pub fn apply_dynamic_configs(&self, layers: DynamicConfigs) {
        let state = DynamicState::new(&self.config, layers);
        // Cannot fail: the state is made already (invalid layers were dropped by `new`).
        let _ = self.install_dynamic(|_| Ok(state));
    }

    /// Replaces one layer of the dynamic configs (a change this broker stored, or one a
    /// config change notification named) and applies the result as
    /// [`Broker::apply_dynamic_configs`] does. Layers that make no valid configuration are
    /// refused with the reason and the configs in effect stay (Kafka's "could not be
    /// updated").
    pub fn apply_dynamic_layer(
        &self,
        scope: Scope,
        configs: BTreeMap<String, String>,
    ) -> Result<(), String> {
        self.install_dynamic(|current| {
            let layers = current.with_layer(scope, configs);
            let effective = layers.effective(&self.config)?;
            Ok(DynamicState {
                layers,
                effective: Arc::new(effective),
            })
        })
    }

    /// Installs the state `next` makes of the current layers, then gives every log and the
    /// replication quotas the configuration in effect. The write lock is held throughout (no
    /// I/O: log configs and quotas are in memory), so concurrent changes (a request on this
    /// broker, a notification of another's) reach the logs in the order they were made.
    fn install_dynamic(
        &self,
        next: impl FnOnce(&DynamicConfigs) -> Result<DynamicState, String>,
    ) -> Result<(), String> {
        let mut current = self.dynamic.write().unwrap_or_else(|e| e.into_inner());
        let state = next(&current.layers)?;
        if state.layers == current.layers {
            return Ok(());
        }
        tracing::info!(
            "[DynamicConfigPublisher broker id={}] Updating broker {} with new configuration : {:?}, default configuration : {:?}",
            self.id(),
            self.id(),
            state.layers.broker,
            state.layers.default
        );
        let effective = state.effective.clone();
        *current = state;
        for topic in self.topics().values() {
            let log_config = topic_config::log_config(&effective, &topic.meta.configs);
            for partition in &topic.partitions {
                partition.log.update_config(log_config);
            }
        }
        if let Some(cluster) = self.cluster() {
            cluster.replication_quotas().configure(&effective);
        }
        Ok(())
    }
}
