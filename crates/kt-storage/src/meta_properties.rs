//! `meta.properties`: the identity file of a log directory (which cluster and which broker or
//! KRaft node it belongs to), in both of Kafka's layouts: version 0 (ZooKeeper brokers:
//! `broker.id`, `cluster.id`) and version 1 (KRaft, written by `kafka-storage format`:
//! `node.id`, `cluster.id`, `directory.id`).

use std::fs::{self, File};
use std::io::Write;
use std::path::Path;

use super::error::{IoContext, Result, StorageError};

/// Name of the broker/cluster identity file in a log directory.
pub const META_PROPERTIES: &str = "meta.properties";

/// Contents of a `meta.properties` file.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct MetaProperties {
    /// `version`: 0 for the ZooKeeper-era layout, 1 for KRaft's.
    pub version: Option<i32>,
    /// `broker.id` (version 0) or `node.id` (version 1).
    pub broker_id: Option<i32>,
    /// `cluster.id`.
    pub cluster_id: Option<String>,
    /// `directory.id`: the directory's own Uuid (KRaft's JBOD tracking), if any.
    pub directory_id: Option<String>,
}

impl MetaProperties {
    /// Reads `<dir>/meta.properties`; None if it does not exist. Lets a CLI
    /// or the broker learn an existing cluster id before opening the dir.
    pub fn read(dir: &Path) -> Result<Option<MetaProperties>> {
        let path = dir.join(META_PROPERTIES);
        let text = match fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(StorageError::io(&path, e)),
        };
        let bad = |reason: String| StorageError::InvalidMetaProperties {
            path: path.clone(),
            reason,
        };
        let mut meta = MetaProperties::default();
        for line in text.lines() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') || line.starts_with('!') {
                continue;
            }
            let Some((k, v)) = line.split_once('=') else {
                continue;
            };
            let (k, v) = (k.trim(), v.trim());
            match k {
                "version" => {
                    meta.version = Some(v.parse().map_err(|_| bad(format!("bad version {v:?}")))?)
                }
                "broker.id" | "node.id" => {
                    meta.broker_id = Some(v.parse().map_err(|_| bad(format!("bad {k} {v:?}")))?)
                }
                "cluster.id" => meta.cluster_id = Some(v.to_string()),
                "directory.id" => meta.directory_id = Some(v.to_string()),
                _ => {}
            }
        }
        Ok(Some(meta))
    }

    /// Whether this is KRaft's layout (version 1).
    pub fn is_kraft(&self) -> bool {
        self.version == Some(1)
    }

    /// The entries as Kafka's `MetaProperties.toProperties` names them, sorted by key (what
    /// `kafka-storage info` prints).
    pub fn entries(&self) -> Vec<(&'static str, String)> {
        let mut entries = Vec::new();
        if let Some(c) = &self.cluster_id {
            entries.push(("cluster.id", c.clone()));
        }
        if let Some(d) = &self.directory_id {
            entries.push(("directory.id", d.clone()));
        }
        if let Some(b) = self.broker_id {
            entries.push((
                if self.is_kraft() {
                    "node.id"
                } else {
                    "broker.id"
                },
                b.to_string(),
            ));
        }
        entries.push(("version", self.version.unwrap_or(0).to_string()));
        entries.sort();
        entries
    }

    /// Writes `<dir>/meta.properties` atomically in Kafka's layout: the comment lines of
    /// `java.util.Properties.store` (an empty comment, then the date) and the keys in the
    /// order Kafka's files show them.
    pub fn write(&self, dir: &Path) -> Result<()> {
        let path = dir.join(META_PROPERTIES);
        let tmp = dir.join(format!("{META_PROPERTIES}.tmp"));
        let date = chrono::Utc::now().format("%a %b %d %H:%M:%S UTC %Y");
        let mut text = format!("#\n#{date}\n");
        if self.is_kraft() {
            if let Some(n) = self.broker_id {
                text.push_str(&format!("node.id={n}\n"));
            }
            if let Some(d) = &self.directory_id {
                text.push_str(&format!("directory.id={d}\n"));
            }
            text.push_str("version=1\n");
            if let Some(c) = &self.cluster_id {
                text.push_str(&format!("cluster.id={c}\n"));
            }
        } else {
            if let Some(c) = &self.cluster_id {
                text.push_str(&format!("cluster.id={c}\n"));
            }
            if let Some(d) = &self.directory_id {
                text.push_str(&format!("directory.id={d}\n"));
            }
            text.push_str(&format!("version={}\n", self.version.unwrap_or(0)));
            if let Some(b) = self.broker_id {
                text.push_str(&format!("broker.id={b}\n"));
            }
        }
        {
            let mut f = File::create(&tmp).at(&tmp)?;
            f.write_all(text.as_bytes()).at(&tmp)?;
            f.sync_all().at(&tmp)?;
        }
        fs::rename(&tmp, &path).at(&path)
    }
}

/// A new random Uuid as Kafka's `Uuid.randomUuid` makes one: 16 random bytes printed as
/// base64url without padding (22 characters), never one of the reserved ids (all zero, or
/// zero followed by a small number: Kafka's ZERO/ONE/METADATA_TOPIC and directory markers)
/// and never one whose text starts with `-` (it would read as a command-line flag).
pub fn random_uuid() -> String {
    use base64::Engine;
    loop {
        let bytes = *uuid::Uuid::new_v4().as_bytes();
        let high = u64::from_be_bytes(bytes[..8].try_into().expect("8 bytes"));
        let low = u64::from_be_bytes(bytes[8..].try_into().expect("8 bytes"));
        if high == 0 && low < 100 {
            continue;
        }
        let text = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes);
        if !text.starts_with('-') {
            return text;
        }
    }
}

/// A new random cluster id in Kafka's form (see [`random_uuid`]).
pub fn generate_cluster_id() -> String {
    random_uuid()
}

/// The 16 bytes of a Uuid printed as Kafka prints them; None if `text` is not one.
pub fn parse_uuid(text: &str) -> Option<[u8; 16]> {
    use base64::Engine;
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(text)
        .ok()?;
    bytes.try_into().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn random_uuids_are_kafkas_form() {
        for _ in 0..2000 {
            let id = random_uuid();
            assert_eq!(id.len(), 22);
            assert!(!id.starts_with('-'));
            assert!(id
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'));
            assert!(parse_uuid(&id).is_some());
        }
        assert_eq!(parse_uuid("AAAAAAAAAAAAAAAAAAAAAA"), Some([0; 16]));
        assert_eq!(parse_uuid("short"), None);
    }

    #[test]
    fn v1_layout_round_trips_in_kafkas_order() {
        let dir = tempfile::tempdir().unwrap();
        let meta = MetaProperties {
            version: Some(1),
            broker_id: Some(1),
            cluster_id: Some("MkU3OEVBNTcwNTJENDM2Qk".into()),
            directory_id: Some("bzkhKGRjdSsBaWZEHw3hbw".into()),
        };
        meta.write(dir.path()).unwrap();
        let text = fs::read_to_string(dir.path().join(META_PROPERTIES)).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "#");
        assert!(lines[1].starts_with('#') && lines[1].contains(" UTC "));
        assert_eq!(
            &lines[2..],
            [
                "node.id=1",
                "directory.id=bzkhKGRjdSsBaWZEHw3hbw",
                "version=1",
                "cluster.id=MkU3OEVBNTcwNTJENDM2Qk"
            ]
        );
        assert_eq!(
            MetaProperties::read(dir.path()).unwrap(),
            Some(meta.clone())
        );
        let keys: Vec<&str> = meta.entries().iter().map(|(k, _)| *k).collect();
        assert_eq!(keys, ["cluster.id", "directory.id", "node.id", "version"]);
    }
}
