//! The small JSON maps a standalone broker keeps beside its catalogue (SCRAM users,
//! delegation tokens): read whole, and replaced atomically so that a crash leaves the old file
//! or the new one, never half of either.

use std::collections::BTreeMap;
use std::path::Path;

use serde::de::DeserializeOwned;
use serde::Serialize;

/// Why a map could not be read: the file, or its JSON. Each store names it in its own error.
pub(crate) enum JsonFileError {
    Io(std::io::Error),
    Format(String),
}

/// The map in `path`; empty when the file does not exist yet.
pub(crate) fn read_map<T: DeserializeOwned>(
    path: &Path,
) -> Result<BTreeMap<String, T>, JsonFileError> {
    match std::fs::read(path) {
        Ok(bytes) => {
            serde_json::from_slice(&bytes).map_err(|e| JsonFileError::Format(e.to_string()))
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(BTreeMap::new()),
        Err(e) => Err(JsonFileError::Io(e)),
    }
}

/// Replaces the file atomically and durably ([`crate::durable_file`]).
pub(crate) fn write_map<T: Serialize>(
    path: &Path,
    map: &BTreeMap<String, T>,
) -> Result<(), std::io::Error> {
    crate::durable_file::write_json(path, map)
}
