//! Client metrics subscriptions (KIP-714): the `CLIENT_METRICS` config resources an operator
//! sets with `kt client-metrics --alter` (kafka-client-metrics.sh). Each named resource holds
//! `metrics` (metric name prefixes), `interval.ms` and `match` (client selectors); they are
//! described and altered through DescribeConfigs and IncrementalAlterConfigs (resource type
//! 16) and listed with ListClientMetricsResources.
//!
//! Where they are kept depends on the mode. A standalone broker and a KRaft node keep them in
//! `client-metrics.json` in the first log directory, written whole on every change (an
//! operator's handful of entries), so they survive a restart. In ZooKeeper mode they are
//! cluster-wide, as every other config entity is there: each lives in
//! `/config/client-metrics/<name>` and every broker follows it through the config change
//! notifications (`cluster::client_metrics`). Either way [`ClientMetricsResources`] holds them
//! in memory, the one place DescribeConfigs, ListClientMetricsResources and the telemetry APIs
//! read them from.

mod config;
pub mod otlp;
pub mod telemetry;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

pub use config::{validate, ClientMetricsError};
pub use telemetry::{ClientIdentity, ClientTelemetry, PushRefusal, Subscription};

/// The file the subscriptions are kept in outside ZooKeeper mode.
pub const FILE: &str = "client-metrics.json";

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

    /// Takes a resource's settings as ZooKeeper holds them now (empty: the resource is gone),
    /// unchecked and unsaved: ZooKeeper is where they are kept, and whoever wrote them checked
    /// them (`cluster::client_metrics` refuses what another tool wrote wrong).
    pub fn replace(&self, name: &str, settings: Settings) {
        let mut resources = self.lock();
        if settings.is_empty() {
            resources.remove(name);
        } else {
            resources.insert(name.to_string(), settings);
        }
    }

    /// Takes every resource as ZooKeeper holds them at start-up, in place of any held before.
    pub fn replace_all(&self, resources: BTreeMap<String, Settings>) {
        *self.lock() = resources;
    }

    /// Replaces a resource's settings after checking them (Kafka's
    /// `ClientMetricsConfigs.validate`); empty settings remove the resource.
    pub fn set(&self, name: &str, settings: Settings) -> Result<(), ClientMetricsError> {
        validate(name, &settings)?;
        let _writing = self.writing.lock().unwrap_or_else(|e| e.into_inner());
        self.replace(name, settings);
        let snapshot = self.all();
        if let Some(path) = self.file.get() {
            // Durable before the change is acknowledged: a crash leaves the old resources or
            // the new ones, and a power loss does not undo an acknowledged change.
            crate::durable_file::write_json(path, &snapshot)
                .map_err(|e| ClientMetricsError::Storage(e.to_string()))?;
        }
        Ok(())
    }
}
