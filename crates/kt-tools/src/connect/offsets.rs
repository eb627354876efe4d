//! The standalone worker's source offsets (`offset.storage.file.filename`).
//!
//! Kafka's `FileOffsetBackingStore` keeps a Java-serialized `HashMap<byte[], byte[]>` whose
//! keys are `["<connector>",{<source partition>}]` and values `{<source offset>}`, both
//! JSON. kt keeps the same keys and values, as one readable JSON object
//! (`{"[\"local-file-source\",{\"filename\":\"test.txt\"}]":"{\"position\":42}"}`), rather
//! than Java's object-stream framing: the file is not interchangeable with a Java worker's,
//! and one written by Java is refused with a message instead of being misread.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use anyhow::Context;

/// Java's object-stream magic, at the start of a file written by Kafka's worker.
const JAVA_STREAM_MAGIC: [u8; 2] = [0xac, 0xed];

/// The offsets of every source connector of the worker, kept in memory and written out
/// whole (to a temporary file renamed over the old one, so a crash leaves one or the other).
#[derive(Debug)]
pub struct OffsetStore {
    path: PathBuf,
    /// key JSON → value JSON. The lock guards the map and the file write; no other lock is
    /// taken while it is held.
    offsets: Mutex<BTreeMap<String, String>>,
}

/// The key of a connector's source partition, as Connect serializes it.
pub fn key(connector: &str, partition: &serde_json::Value) -> String {
    serde_json::json!([connector, partition]).to_string()
}

impl OffsetStore {
    /// Loads the file (none yet: no offsets).
    pub fn open(path: &Path) -> anyhow::Result<OffsetStore> {
        let offsets = match std::fs::read(path) {
            Ok(bytes) if bytes.is_empty() => BTreeMap::new(),
            Ok(bytes) if bytes.starts_with(&JAVA_STREAM_MAGIC) => anyhow::bail!(
                "{} holds offsets written by Apache Kafka's Java worker (Java serialization), \
                 which kt does not read: move it away or set offset.storage.file.filename to \
                 another file",
                path.display()
            ),
            Ok(bytes) => serde_json::from_slice(&bytes)
                .with_context(|| format!("{} is not a kt offsets file", path.display()))?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => BTreeMap::new(),
            Err(e) => return Err(e).with_context(|| format!("cannot read {}", path.display())),
        };
        Ok(OffsetStore {
            path: path.to_path_buf(),
            offsets: Mutex::new(offsets),
        })
    }

    /// The stored offset of a source partition, as JSON.
    pub fn get(&self, key: &str) -> Option<serde_json::Value> {
        let offsets = self.offsets.lock().unwrap_or_else(|e| e.into_inner());
        offsets.get(key).and_then(|v| serde_json::from_str(v).ok())
    }

    /// Stores a source partition's offset and writes the file.
    pub fn put(&self, key: &str, value: &serde_json::Value) -> anyhow::Result<()> {
        let mut offsets = self.offsets.lock().unwrap_or_else(|e| e.into_inner());
        offsets.insert(key.to_string(), value.to_string());
        let text = serde_json::to_vec(&*offsets)?;
        let tmp = self.path.with_extension("tmp");
        std::fs::write(&tmp, &text).with_context(|| format!("cannot write {}", tmp.display()))?;
        std::fs::rename(&tmp, &self.path)
            .with_context(|| format!("cannot write {}", self.path.display()))?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_survive_a_reopen_and_java_files_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("connect.offsets");
        let k = key(
            "local-file-source",
            &serde_json::json!({"filename": "test.txt"}),
        );
        assert_eq!(k, r#"["local-file-source",{"filename":"test.txt"}]"#);
        let store = OffsetStore::open(&path).unwrap();
        assert_eq!(store.get(&k), None);
        store.put(&k, &serde_json::json!({"position": 42})).unwrap();
        let again = OffsetStore::open(&path).unwrap();
        assert_eq!(again.get(&k), Some(serde_json::json!({"position": 42})));
        std::fs::write(&path, [0xac, 0xed, 0, 5]).unwrap();
        let e = OffsetStore::open(&path).unwrap_err().to_string();
        assert!(e.contains("Java serialization"), "{e}");
    }
}
