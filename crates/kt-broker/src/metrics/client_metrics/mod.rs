//! Client metrics subscriptions (KIP-714): the `CLIENT_METRICS` config resources an operator
//! sets with `kt client-metrics --alter` (kafka-client-metrics.sh). Each named resource holds
//! `metrics` (metric name prefixes), `interval.ms` and `match` (client selectors); they are
//! described and altered through DescribeConfigs and IncrementalAlterConfigs (resource type
//! 16) and listed with ListClientMetricsResources.
//!
//! kt keeps them in `client-metrics.json` in the first log directory, written whole on every
//! change (an operator's handful of entries), so they survive a restart. In ZooKeeper mode
//! each broker keeps its own: they are not shared through ZooKeeper.

mod config;
pub mod otlp;
pub mod telemetry;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

pub use config::{validate, ClientMetricsError};
pub use telemetry::{ClientIdentity, ClientTelemetry, PushRefusal, Subscription};

/// The file the subscriptions are kept in.
const FILE: &str = "client-metrics.json";

/// A subscription's settings by key (`metrics`, `interval.ms`, `match`).
pub type Settings = BTreeMap<String, String>;

/// The client metrics resources of this broker.
#[derive(Debug, Default)]
pub struct ClientMetricsResources {
    /// By resource name. Held only to read or replace, never across the file write.
    resources: Mutex<BTreeMap<String, Settings>>,
    /// Serialises changes with their file write, so the file follows the order of changes.
    writing: Mutex<()>,
    file: OnceLock<PathBuf>,
    /// The client instances and what they pushed.
    pub telemetry: ClientTelemetry,
}

impl ClientMetricsResources {
    /// Reads the subscriptions kept in `dir` (none when the file is absent).
    pub fn load(&self, dir: &Path) -> std::io::Result<()> {
        let path = dir.join(FILE);
        if let Ok(text) = std::fs::read_to_string(&path) {
            let loaded: BTreeMap<String, Settings> = serde_json::from_str(&text)
                .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e))?;
            *self.lock() = loaded;
        }
        let _ = self.file.set(path);
        Ok(())
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, BTreeMap<String, Settings>> {
        self.resources.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Every resource name, sorted.
    pub fn names(&self) -> Vec<String> {
        self.lock().keys().cloned().collect()
    }

    /// A resource's settings (empty for an unknown name, as Kafka describes it).
    pub fn get(&self, name: &str) -> Settings {
        self.lock().get(name).cloned().unwrap_or_default()
    }

    /// Every resource with its settings.
    pub fn all(&self) -> BTreeMap<String, Settings> {
        self.lock().clone()
    }

    /// Replaces a resource's settings after checking them (Kafka's
    /// `ClientMetricsConfigs.validate`); empty settings remove the resource.
    pub fn set(&self, name: &str, settings: Settings) -> Result<(), ClientMetricsError> {
        validate(name, &settings)?;
        let _writing = self.writing.lock().unwrap_or_else(|e| e.into_inner());
        let snapshot = {
            let mut resources = self.lock();
            if settings.is_empty() {
                resources.remove(name);
            } else {
                resources.insert(name.to_string(), settings);
            }
            resources.clone()
        };
        if let Some(path) = self.file.get() {
            // Durable before the change is acknowledged: a crash leaves the old resources or
            // the new ones, and a power loss does not undo an acknowledged change.
            crate::durable_file::write_json(path, &snapshot)
                .map_err(|e| ClientMetricsError::Storage(e.to_string()))?;
        }
        Ok(())
    }
}
