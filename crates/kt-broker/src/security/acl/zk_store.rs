//! ACLs in ZooKeeper as Kafka 3.9's AclAuthorizer keeps them, so kt and Kafka brokers (and
//! Kafka's tools) read each other's: a znode per resource pattern holding its entries
//! (`/kafka-acl/<Type>/<name>` for literal patterns, `/kafka-acl-extended/prefixed/<Type>/
//! <name>` for prefixed ones, `{"version":1,"acls":[{"principal":..,"permissionType":..,
//! "operation":..,"host":..}]}`), and a sequential change notification per write
//! (`/kafka-acl-changes/acl_changes_N` holding `TOPIC:name`, `/kafka-acl-extended-changes/
//! acl_changes_N` holding a JSON event) that every broker watches to reload that resource.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};
use zookeeper_client::{Acls, Client, CreateMode, CreateOptions, Error as ZkError};

use super::acl_set::AclSet;
use super::binding::AclEntry;
use super::operation::{AclOperation, PermissionType};
use super::resource::{PatternType, ResourcePattern, ResourceType};

const PERSISTENT: CreateOptions<'static> = CreateMode::Persistent.with_acls(Acls::anyone_all());
const SEQUENTIAL: CreateOptions<'static> =
    CreateMode::PersistentSequential.with_acls(Acls::anyone_all());

/// Literal patterns' ACLs.
pub const LITERAL_ROOT: &str = "/kafka-acl";
/// Prefixed patterns' ACLs.
pub const PREFIXED_ROOT: &str = "/kafka-acl-extended/prefixed";
/// Change notifications of literal patterns.
pub const LITERAL_CHANGES: &str = "/kafka-acl-changes";
/// Change notifications of other patterns.
pub const EXTENDED_CHANGES: &str = "/kafka-acl-extended-changes";
/// The name prefix of a change notification.
pub const CHANGE_PREFIX: &str = "acl_changes_";

/// Why a ZooKeeper ACL operation failed.
#[derive(Debug, thiserror::Error)]
pub enum ZkAclError {
    #[error("ZooKeeper {op} {path}: {source}")]
    Zk {
        op: &'static str,
        path: String,
        source: ZkError,
    },
    #[error("unreadable ACL znode {path}: {reason}")]
    Format { path: String, reason: String },
}

fn zk<'a>(op: &'static str, path: &'a str) -> impl FnOnce(ZkError) -> ZkAclError + 'a {
    move |source| ZkAclError::Zk {
        op,
        path: path.to_string(),
        source,
    }
}

/// One entry as Kafka's JSON writes it (`AclEntry.toJsonCompatibleMap`).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct StoredEntry {
    pub principal: String,
    #[serde(rename = "permissionType")]
    pub permission_type: String,
    pub operation: String,
    pub host: String,
}

impl StoredEntry {
    /// The JSON form of an entry (`Allow`, `Read`: Kafka's camel-case names).
    pub fn from_entry(entry: &AclEntry) -> Self {
        StoredEntry {
            principal: entry.principal.clone(),
            permission_type: entry.permission.camel_name().to_string(),
            operation: entry.operation.camel_name().to_string(),
            host: entry.host.clone(),
        }
    }

    /// The entry, or why it cannot be one.
    pub fn to_entry(&self) -> Result<AclEntry, String> {
        Ok(AclEntry {
            principal: self.principal.clone(),
            host: self.host.clone(),
            operation: AclOperation::parse(&self.operation)
                .filter(|o| *o != AclOperation::Any)
                .ok_or_else(|| format!("unknown operation {}", self.operation))?,
            permission: PermissionType::parse(&self.permission_type)
                .filter(|p| *p != PermissionType::Any)
                .ok_or_else(|| format!("unknown permission type {}", self.permission_type))?,
        })
    }
}

#[derive(Debug, Serialize, Deserialize)]
struct StoredAcls {
    version: i32,
    acls: Vec<StoredEntry>,
}

/// The extended change event (`ExtendedAclChangeEvent`).
#[derive(Debug, Serialize, Deserialize)]
struct ExtendedChange {
    version: i32,
    #[serde(rename = "resourceType")]
    resource_type: String,
    name: String,
    #[serde(rename = "patternType")]
    pattern_type: String,
}

fn root(pattern_type: PatternType) -> &'static str {
    if pattern_type == PatternType::Prefixed {
        PREFIXED_ROOT
    } else {
        LITERAL_ROOT
    }
}

/// The znode of a pattern's ACLs.
pub fn path(pattern: &ResourcePattern) -> String {
    format!(
        "{}/{}/{}",
        root(pattern.pattern_type),
        pattern.resource_type.camel_name(),
        pattern.name
    )
}

/// Encodes a pattern's entries as Kafka does.
pub fn encode(entries: &BTreeSet<AclEntry>) -> Vec<u8> {
    let stored = StoredAcls {
        version: 1,
        acls: entries.iter().map(StoredEntry::from_entry).collect(),
    };
    serde_json::to_vec(&stored).unwrap_or_default()
}

/// Decodes a pattern's znode.
pub fn decode(path: &str, bytes: &[u8]) -> Result<BTreeSet<AclEntry>, ZkAclError> {
    let bad = |reason: String| ZkAclError::Format {
        path: path.to_string(),
        reason,
    };
    if bytes.is_empty() {
        return Ok(BTreeSet::new());
    }
    let stored: StoredAcls = serde_json::from_slice(bytes).map_err(|e| bad(e.to_string()))?;
    stored
        .acls
        .iter()
        .map(|e| e.to_entry().map_err(bad))
        .collect()
}

/// The notification of a change to `pattern`: its parent and its data.
pub fn change_notice(pattern: &ResourcePattern) -> (&'static str, Vec<u8>) {
    if pattern.pattern_type == PatternType::Literal {
        let legacy = format!("{}:{}", pattern.resource_type.name(), pattern.name);
        (LITERAL_CHANGES, legacy.into_bytes())
    } else {
        let event = ExtendedChange {
            version: 1,
            resource_type: pattern.resource_type.name().to_string(),
            name: pattern.name.clone(),
            pattern_type: pattern.pattern_type.name().to_string(),
        };
        (
            EXTENDED_CHANGES,
            serde_json::to_vec(&event).unwrap_or_default(),
        )
    }
}

/// The pattern a change notification under `parent` names.
pub fn parse_notice(parent: &str, bytes: &[u8]) -> Option<ResourcePattern> {
    if parent == LITERAL_CHANGES {
        let text = std::str::from_utf8(bytes).ok()?;
        let (kind, name) = text.split_once(':')?;
        Some(ResourcePattern::new(
            ResourceType::parse(kind)?,
            name,
            PatternType::Literal,
        ))
    } else {
        let event: ExtendedChange = serde_json::from_slice(bytes).ok()?;
        Some(ResourcePattern::new(
            ResourceType::parse(&event.resource_type)?,
            event.name,
            PatternType::parse(&event.pattern_type).filter(|p| p.is_specific())?,
        ))
    }
}

/// Creates the ACL roots, as a Kafka broker does at start-up.
pub async fn prepare(client: &Client) -> Result<(), ZkAclError> {
    for path in [
        LITERAL_ROOT,
        PREFIXED_ROOT,
        LITERAL_CHANGES,
        EXTENDED_CHANGES,
    ] {
        client
            .mkdir(path, &PERSISTENT)
            .await
            .map_err(zk("create", path))?;
    }
    Ok(())
}

/// Reads one pattern's entries (none when its znode is missing).
pub async fn read(
    client: &Client,
    pattern: &ResourcePattern,
) -> Result<BTreeSet<AclEntry>, ZkAclError> {
    let path = path(pattern);
    match client.get_data(&path).await {
        Ok((bytes, _)) => decode(&path, &bytes),
        Err(ZkError::NoNode) => Ok(BTreeSet::new()),
        Err(e) => Err(zk("get", &path)(e)),
    }
}

/// Reads every ACL of the cluster.
pub async fn load_all(client: &Client) -> Result<AclSet, ZkAclError> {
    let mut set = AclSet::default();
    for (base, pattern_type) in [
        (LITERAL_ROOT, PatternType::Literal),
        (PREFIXED_ROOT, PatternType::Prefixed),
    ] {
        let types = match client.list_children(base).await {
            Ok(types) => types,
            Err(ZkError::NoNode) => continue,
            Err(e) => return Err(zk("list", base)(e)),
        };
        for kind in types {
            let Some(resource_type) = ResourceType::parse(&kind) else {
                continue;
            };
            let parent = format!("{base}/{kind}");
            let names = match client.list_children(&parent).await {
                Ok(names) => names,
                Err(ZkError::NoNode) => continue,
                Err(e) => return Err(zk("list", &parent)(e)),
            };
            for name in names {
                let pattern = ResourcePattern::new(resource_type, name, pattern_type);
                set.set(&pattern, read(client, &pattern).await?);
            }
        }
    }
    Ok(set)
}

/// Changes one pattern's entries with a conditional write (read, change, write at the read
/// version, again on a race with another broker), then leaves a change notification.
/// Returns the entries now stored.
pub async fn update(
    client: &Client,
    pattern: &ResourcePattern,
    change: impl Fn(&BTreeSet<AclEntry>) -> BTreeSet<AclEntry>,
) -> Result<BTreeSet<AclEntry>, ZkAclError> {
    let path = path(pattern);
    loop {
        let (old, version) = match client.get_data(&path).await {
            Ok((bytes, stat)) => (decode(&path, &bytes)?, Some(stat.version)),
            Err(ZkError::NoNode) => (BTreeSet::new(), None),
            Err(e) => return Err(zk("get", &path)(e)),
        };
        let new = change(&old);
        if new == old {
            return Ok(new);
        }
        let written = match (version, new.is_empty()) {
            (Some(version), true) => client.delete(&path, Some(version)).await,
            (Some(version), false) => client
                .set_data(&path, &encode(&new), Some(version))
                .await
                .map(|_| ()),
            (None, _) => {
                let parent = &path[..path.rfind('/').unwrap_or(0)];
                client
                    .mkdir(parent, &PERSISTENT)
                    .await
                    .map_err(zk("create", parent))?;
                client
                    .create(&path, &encode(&new), &PERSISTENT)
                    .await
                    .map(|_| ())
            }
        };
        match written {
            Ok(()) => {}
            Err(ZkError::BadVersion | ZkError::NodeExists | ZkError::NoNode) => continue,
            Err(e) => return Err(zk("write", &path)(e)),
        }
        let (parent, data) = change_notice(pattern);
        let notice = format!("{parent}/{CHANGE_PREFIX}");
        client
            .create(&notice, &data, &SEQUENTIAL)
            .await
            .map_err(zk("create", &notice))?;
        return Ok(new);
    }
}
