//! ACLs of a standalone broker (a cluster of one, no ZooKeeper): kept beside the topic
//! catalogue in the first log directory, in `kt-acls.json`, each resource's entries in
//! the JSON Kafka writes to its znodes. Replaced atomically, as the catalogue is.

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::acl_set::AclSet;
use super::resource::{PatternType, ResourcePattern, ResourceType};
use super::zk_store::StoredEntry;

/// The file name, beside `kt-topics.json`.
pub const ACLS_FILE: &str = "kt-acls.json";

/// One resource pattern's ACLs in the file.
#[derive(Debug, Serialize, Deserialize)]
struct StoredResource {
    #[serde(rename = "resourceType")]
    resource_type: String,
    name: String,
    #[serde(rename = "patternType")]
    pattern_type: String,
    acls: Vec<StoredEntry>,
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct StoredAcls {
    version: i32,
    resources: Vec<StoredResource>,
}

/// Reads the ACLs of a log directory (none when the file is missing).
pub fn load(dir: &Path) -> std::io::Result<AclSet> {
    let path = dir.join(ACLS_FILE);
    let bytes = match fs::read(&path) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(AclSet::default()),
        Err(e) => return Err(e),
    };
    let bad = |reason: String| {
        std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            format!("{}: {reason}", path.display()),
        )
    };
    let stored: StoredAcls = serde_json::from_slice(&bytes).map_err(|e| bad(e.to_string()))?;
    let mut set = AclSet::default();
    for resource in stored.resources {
        let pattern = ResourcePattern::new(
            ResourceType::parse(&resource.resource_type)
                .ok_or_else(|| bad(format!("resource type {}", resource.resource_type)))?,
            resource.name,
            PatternType::parse(&resource.pattern_type)
                .filter(|p| p.is_specific())
                .ok_or_else(|| bad(format!("pattern type {}", resource.pattern_type)))?,
        );
        let entries = resource
            .acls
            .iter()
            .map(StoredEntry::to_entry)
            .collect::<Result<BTreeSet<_>, _>>()
            .map_err(bad)?;
        set.set(&pattern, entries);
    }
    Ok(set)
}

/// Writes every ACL durably and atomically (temporary file, fsync, rename, fsync the
/// directory).
pub fn save(dir: &Path, set: &AclSet) -> std::io::Result<()> {
    let mut stored = StoredAcls {
        version: 1,
        resources: Vec::new(),
    };
    for binding in set.bindings() {
        let same = stored.resources.last().is_some_and(|last| {
            last.resource_type == binding.pattern.resource_type.camel_name()
                && last.pattern_type == binding.pattern.pattern_type.name()
                && last.name == binding.pattern.name
        });
        if !same {
            stored.resources.push(StoredResource {
                resource_type: binding.pattern.resource_type.camel_name().to_string(),
                name: binding.pattern.name.clone(),
                pattern_type: binding.pattern.pattern_type.name().to_string(),
                acls: Vec::new(),
            });
        }
        if let Some(last) = stored.resources.last_mut() {
            last.acls.push(StoredEntry::from_entry(&binding.entry));
        }
    }
    crate::durable_file::write_json(&dir.join(ACLS_FILE), &stored)
}
