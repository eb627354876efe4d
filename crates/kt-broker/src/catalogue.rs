//! The catalogue of topics: names, ids, partition counts and config overrides, kept in one
//! JSON file in the first log directory so that it survives restarts.
//!
//! The file is replaced atomically (write to a temporary file, fsync, rename, fsync the
//! directory): a crash leaves either the old catalogue or the new one, never half of one.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::dynamic_config::DynamicConfigs;

/// The file name of the catalogue inside the (first) log directory.
pub const CATALOGUE_FILE: &str = "kt-topics.json";

/// What kt knows of one topic besides its partition logs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TopicMeta {
    /// Kafka's topic id (a random UUID, shown base64-encoded by the tools).
    pub id: Uuid,
    /// The number of partitions; partitions are numbered 0..count.
    pub partitions: i32,
    /// Topic-level config overrides (`retention.ms`, ...).
    #[serde(default)]
    pub configs: BTreeMap<String, String>,
}

/// The persistent part of the broker's metadata.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Catalogue {
    /// Topics by name, sorted.
    pub topics: BTreeMap<String, TopicMeta>,
    /// The first producer id not yet handed out (ids are reserved in blocks, see `reserve`).
    #[serde(default)]
    pub next_producer_id_block: i64,
    /// Dynamic broker configs (this broker's and the cluster default) of a broker without
    /// ZooKeeper, which keeps them in `/config/brokers/<id>` and `/config/brokers/<default>`.
    #[serde(default, skip_serializing_if = "no_layers")]
    pub broker_configs: DynamicConfigs,
}

fn no_layers(layers: &DynamicConfigs) -> bool {
    layers.broker.is_empty() && layers.default.is_empty()
}

impl Catalogue {
    /// Reads the catalogue of a log directory, or starts an empty one.
    pub fn load(dir: &Path) -> std::io::Result<Self> {
        match fs::read(dir.join(CATALOGUE_FILE)) {
            Ok(bytes) => serde_json::from_slice(&bytes).map_err(|e| {
                std::io::Error::new(
                    std::io::ErrorKind::InvalidData,
                    format!("{}: {e}", dir.join(CATALOGUE_FILE).display()),
                )
            }),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Catalogue::default()),
            Err(e) => Err(e),
        }
    }

    /// Writes the catalogue durably and atomically.
    pub fn save(&self, dir: &Path) -> std::io::Result<()> {
        crate::durable_file::write_json(&dir.join(CATALOGUE_FILE), self)
    }
}

/// Kafka prints UUIDs (topic ids, cluster ids) as base64url without padding.
pub fn encode_uuid(id: &Uuid) -> String {
    use base64::Engine;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(id.as_bytes())
}

/// Checks a topic name as Kafka does: 1 to 249 characters of `[a-zA-Z0-9._-]`, not `.` or `..`.
pub fn validate_topic_name(name: &str) -> Result<(), String> {
    if name.is_empty() {
        return Err("Topic name is illegal, it can't be empty".to_string());
    }
    if name == "." || name == ".." {
        return Err("Topic name cannot be \".\" or \"..\"".to_string());
    }
    if name.len() > 249 {
        return Err(format!(
            "Topic name is illegal, it can't be longer than 249 characters, topic name: {name}"
        ));
    }
    if !name
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'_' || b == b'-')
    {
        return Err(format!(
            "Topic name \"{name}\" is illegal, it contains a character other than ASCII alphanumerics, '.', '_' and '-'"
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catalogue_round_trips_through_its_file() {
        let dir = tempfile::tempdir().unwrap();
        let mut cat = Catalogue::load(dir.path()).unwrap();
        cat.topics.insert(
            "orders".into(),
            TopicMeta {
                id: Uuid::new_v4(),
                partitions: 3,
                configs: BTreeMap::from([("retention.ms".into(), "1000".into())]),
            },
        );
        cat.save(dir.path()).unwrap();
        assert_eq!(Catalogue::load(dir.path()).unwrap(), cat);
    }

    #[test]
    fn topic_names_follow_kafkas_rules() {
        assert!(validate_topic_name("my-topic.v1_x").is_ok());
        assert!(validate_topic_name("").is_err());
        assert!(validate_topic_name("..").is_err());
        assert!(validate_topic_name("a b").is_err());
        assert!(validate_topic_name(&"x".repeat(250)).is_err());
    }
}
