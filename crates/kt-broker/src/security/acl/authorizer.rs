//! The authorizer: Kafka's AclAuthorizer rules over the cluster's ACLs, and the changes
//! CreateAcls and DeleteAcls make to them.
//!
//! A request is allowed when its principal is a super user; else, when no ACL applies to
//! the resource, as `allow.everyone.if.no.acl.found` says; else when no applying DENY names
//! the principal (or `User:*`), the client's host (or `*`) and the operation (or ALL), and
//! an applying ALLOW does (where READ, WRITE, DELETE and ALTER imply DESCRIBE, and
//! ALTER_CONFIGS implies DESCRIBE_CONFIGS).
//!
//! Storage: `kt-acls.json` beside the catalogue on a standalone broker, Kafka's znodes in
//! ZooKeeper mode. The in-memory set is swapped whole after each change; `changes`
//! serialises this broker's writes (another broker's are merged by ZooKeeper's versions).

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::{Arc, OnceLock, RwLock};

use super::acl_set::AclSet;
use super::binding::{AclBinding, AclBindingFilter, AclEntry};
use super::operation::{AclOperation, PermissionType};
use super::resource::{ResourcePattern, ResourceType};
use super::{file_store, zk_store};
use crate::cluster::Cluster;
use crate::security::KafkaPrincipal;
use kt_base::config::ServerConfig;

/// The class names of Kafka's ACL authorizers kt answers to: ZooKeeper mode's, its old
/// name, and KRaft's (a combined KRaft node of kt keeps its ACLs as a standalone broker).
pub const AUTHORIZER_CLASSES: [&str; 3] = [
    "kafka.security.authorizer.AclAuthorizer",
    "kafka.security.auth.SimpleAclAuthorizer",
    "org.apache.kafka.metadata.authorizer.StandardAuthorizer",
];

/// Why the ACLs could not be changed or read.
#[derive(Debug, thiserror::Error)]
pub enum AclError {
    #[error("{0}")]
    Io(#[from] std::io::Error),
    #[error("{0}")]
    ZooKeeper(#[from] zk_store::ZkAclError),
    #[error("the broker is not connected to ZooKeeper")]
    NotConnected,
}

/// Where the ACLs are kept.
enum Storage {
    /// `kt-acls.json` in this directory.
    File(PathBuf),
    /// Kafka's znodes, through the cluster's session (set once the broker has joined).
    ZooKeeper(OnceLock<Arc<Cluster>>),
}

/// The configured authorizer of a broker.
pub struct Authorizer {
    /// `super.users`, as `Type:name`.
    super_users: Vec<String>,
    /// `allow.everyone.if.no.acl.found`.
    allow_if_no_acl: bool,
    acls: RwLock<Arc<AclSet>>,
    storage: Storage,
    /// Held across one change's read-modify-write of the store.
    changes: tokio::sync::Mutex<()>,
}

impl Authorizer {
    /// The authorizer `authorizer.class.name` asks for, None when it is unset. Standalone,
    /// the ACLs are read from `data_dir` now; in ZooKeeper mode once
    /// [`Authorizer::attach`] is called.
    pub fn from_config(
        config: &ServerConfig,
        data_dir: &std::path::Path,
        zk_mode: bool,
    ) -> Result<Option<Arc<Authorizer>>, String> {
        let class = config
            .properties
            .get("authorizer.class.name")
            .map(|c| c.trim())
            .unwrap_or("");
        if class.is_empty() {
            return Ok(None);
        }
        if !AUTHORIZER_CLASSES.contains(&class) {
            return Err(format!(
                "Invalid value {class} for configuration authorizer.class.name: Class {class} \
                 could not be found."
            ));
        }
        let super_users = config
            .properties
            .get("super.users")
            .map(|s| {
                s.split(';')
                    .map(str::trim)
                    .filter(|u| !u.is_empty())
                    .map(str::to_string)
                    .collect()
            })
            .unwrap_or_default();
        let allow_if_no_acl = match config.properties.get("allow.everyone.if.no.acl.found") {
            None => false,
            Some(v) if v.trim().eq_ignore_ascii_case("true") => true,
            Some(v) if v.trim().eq_ignore_ascii_case("false") => false,
            Some(v) => {
                return Err(format!(
                    "Invalid value {v} for configuration allow.everyone.if.no.acl.found: \
                     Expected value to be either true or false"
                ))
            }
        };
        let (storage, acls) = if zk_mode {
            (Storage::ZooKeeper(OnceLock::new()), AclSet::default())
        } else {
            let acls = file_store::load(data_dir).map_err(|e| e.to_string())?;
            (Storage::File(data_dir.to_path_buf()), acls)
        };
        Ok(Some(Arc::new(Authorizer {
            super_users,
            allow_if_no_acl,
            acls: RwLock::new(Arc::new(acls)),
            storage,
            changes: tokio::sync::Mutex::new(()),
        })))
    }

    /// An authorizer over `acls` with nothing behind it, for tests of the rules.
    pub fn in_memory(super_users: &[&str], allow_if_no_acl: bool, acls: AclSet) -> Self {
        Authorizer {
            super_users: super_users.iter().map(|s| s.to_string()).collect(),
            allow_if_no_acl,
            acls: RwLock::new(Arc::new(acls)),
            storage: Storage::File(PathBuf::new()),
            changes: tokio::sync::Mutex::new(()),
        }
    }

    /// ZooKeeper mode: reads the cluster's ACLs through its session, from now on kept
    /// current by [`super::zk_sync::run`].
    pub async fn attach(&self, cluster: Arc<Cluster>) -> Result<(), AclError> {
        let Storage::ZooKeeper(slot) = &self.storage else {
            return Ok(());
        };
        let client = cluster.client().map_err(|_| AclError::NotConnected)?;
        zk_store::prepare(&client).await?;
        let acls = zk_store::load_all(&client).await?;
        self.replace(acls);
        let _ = slot.set(cluster);
        Ok(())
    }

    /// The ACLs now.
    pub fn snapshot(&self) -> Arc<AclSet> {
        self.acls.read().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// Replaces every ACL (a reload from the store).
    pub fn replace(&self, acls: AclSet) {
        *self.acls.write().unwrap_or_else(|e| e.into_inner()) = Arc::new(acls);
    }

    /// Sets one pattern's entries in memory (after a write, or a notice from another broker).
    pub fn set_entries(&self, pattern: &ResourcePattern, entries: BTreeSet<AclEntry>) {
        let mut acls = self.acls.write().unwrap_or_else(|e| e.into_inner());
        let mut next = AclSet::clone(&acls);
        next.set(pattern, entries);
        *acls = Arc::new(next);
    }

    /// Whether `principal`, connected from `host` (an address without Kafka's leading `/`),
    /// may do `operation` on the resource `name` of `resource_type`.
    pub fn authorize(
        &self,
        principal: &KafkaPrincipal,
        host: &str,
        operation: AclOperation,
        resource_type: ResourceType,
        name: &str,
    ) -> bool {
        if self.is_super_user(principal) {
            return true;
        }
        let acls = self.snapshot();
        let mut any = false;
        let mut allowed = false;
        let denied = !acls.for_each_applying(resource_type, name, |entry| {
            any = true;
            if !entry.names(principal) || !entry.from_host(host) {
                return true;
            }
            match entry.permission {
                PermissionType::Deny => {
                    // A DENY is never implied: it names the operation or ALL.
                    !(entry.operation == operation || entry.operation == AclOperation::All)
                }
                _ => {
                    allowed |= operation.allowed_by(entry.operation);
                    true
                }
            }
        });
        let outcome = if denied {
            false
        } else if !any {
            self.allow_if_no_acl
        } else {
            allowed
        };
        if !outcome {
            tracing::debug!(
                target: "kafka.authorizer.logger",
                "Principal = {principal} is Denied Operation = {} from host = {host} on \
                 resource = {}:LITERAL:{name}",
                operation.camel_name(),
                resource_type.camel_name()
            );
        }
        outcome
    }

    /// Whether `principal` may do `operation` on some resource of `resource_type` (Kafka's
    /// `authorizeByResourceType`): an applying ALLOW on a pattern that no DENY of the
    /// principal covers whole (a literal `*`, the same literal, or a shorter prefix).
    pub fn authorize_any(
        &self,
        principal: &KafkaPrincipal,
        host: &str,
        operation: AclOperation,
        resource_type: ResourceType,
    ) -> bool {
        if self.is_super_user(principal) {
            return true;
        }
        let acls = self.snapshot();
        let mine: Vec<AclBinding> = acls
            .bindings()
            .filter(|b| b.pattern.resource_type == resource_type)
            .filter(|b| b.entry.names(principal) && b.entry.from_host(host))
            .filter(|b| b.entry.operation == operation || b.entry.operation == AclOperation::All)
            .collect();
        let denies: Vec<&ResourcePattern> = mine
            .iter()
            .filter(|b| b.entry.permission == PermissionType::Deny)
            .map(|b| &b.pattern)
            .collect();
        let dominated = |allow: &ResourcePattern| {
            denies.iter().any(|deny| match deny.pattern_type {
                super::PatternType::Literal => {
                    deny.name == super::WILDCARD
                        || (allow.pattern_type == super::PatternType::Literal
                            && deny.name == allow.name)
                }
                _ => allow.name.starts_with(deny.name.as_str()),
            })
        };
        let allowed = mine
            .iter()
            .filter(|b| b.entry.permission == PermissionType::Allow)
            .any(|b| !dominated(&b.pattern));
        allowed
            || (self.allow_if_no_acl
                && !acls
                    .bindings()
                    .any(|b| b.pattern.resource_type == resource_type))
    }

    fn is_super_user(&self, principal: &KafkaPrincipal) -> bool {
        self.super_users.iter().any(|user| {
            user.split_once(':').is_some_and(|(kind, name)| {
                kind == principal.principal_type && name == principal.name
            })
        })
    }

    /// The ACLs `filter` selects.
    pub fn describe(&self, filter: &AclBindingFilter) -> Vec<AclBinding> {
        self.snapshot().matching(filter)
    }

    /// Adds ACLs (already validated); one outcome per binding, in order.
    pub async fn create(&self, bindings: &[AclBinding]) -> Vec<Result<(), String>> {
        let _serial = self.changes.lock().await;
        let mut patterns: Vec<&ResourcePattern> = bindings.iter().map(|b| &b.pattern).collect();
        patterns.sort();
        patterns.dedup();
        let mut failed: Vec<(&ResourcePattern, String)> = Vec::new();
        for pattern in patterns {
            let adding: BTreeSet<AclEntry> = bindings
                .iter()
                .filter(|b| b.pattern == *pattern)
                .map(|b| b.entry.clone())
                .collect();
            let change = |old: &BTreeSet<AclEntry>| old.union(&adding).cloned().collect();
            if let Err(e) = self.write(pattern, change).await {
                failed.push((pattern, e.to_string()));
            }
        }
        bindings
            .iter()
            .map(|b| match failed.iter().find(|(p, _)| **p == b.pattern) {
                Some((_, e)) => Err(e.clone()),
                None => Ok(()),
            })
            .collect()
    }

    /// Removes the ACLs each filter selects; per filter, the bindings removed.
    pub async fn delete(
        &self,
        filters: &[AclBindingFilter],
    ) -> Vec<Result<Vec<AclBinding>, String>> {
        let _serial = self.changes.lock().await;
        let acls = self.snapshot();
        let selected: Vec<Vec<AclBinding>> = filters.iter().map(|f| acls.matching(f)).collect();
        let mut patterns: Vec<ResourcePattern> = selected
            .iter()
            .flatten()
            .map(|b| b.pattern.clone())
            .collect();
        patterns.sort();
        patterns.dedup();
        let mut failed: Vec<(ResourcePattern, String)> = Vec::new();
        for pattern in patterns {
            let change = |old: &BTreeSet<AclEntry>| {
                old.iter()
                    .filter(|entry| {
                        let binding = AclBinding {
                            pattern: pattern.clone(),
                            entry: (*entry).clone(),
                        };
                        !filters.iter().any(|f| f.matches(&binding))
                    })
                    .cloned()
                    .collect()
            };
            if let Err(e) = self.write(&pattern, change).await {
                failed.push((pattern.clone(), e.to_string()));
            }
        }
        selected
            .into_iter()
            .map(|bindings| {
                match bindings
                    .iter()
                    .find_map(|b| failed.iter().find(|(p, _)| *p == b.pattern))
                {
                    Some((_, e)) => Err(e.clone()),
                    None => Ok(bindings),
                }
            })
            .collect()
    }

    /// Changes one pattern's entries in the store, then in memory.
    async fn write(
        &self,
        pattern: &ResourcePattern,
        change: impl Fn(&BTreeSet<AclEntry>) -> BTreeSet<AclEntry>,
    ) -> Result<(), AclError> {
        match &self.storage {
            Storage::File(dir) => {
                let mut next = AclSet::clone(&self.snapshot());
                let entries = change(&next.entries(pattern));
                next.set(pattern, entries);
                let (dir, saved) = (dir.clone(), next.clone());
                tokio::task::spawn_blocking(move || file_store::save(&dir, &saved))
                    .await
                    .map_err(|e| std::io::Error::other(e.to_string()))??;
                self.replace(next);
            }
            Storage::ZooKeeper(slot) => {
                let cluster = slot.get().ok_or(AclError::NotConnected)?;
                let client = cluster.client().map_err(|_| AclError::NotConnected)?;
                let entries = zk_store::update(&client, pattern, change).await?;
                self.set_entries(pattern, entries);
            }
        }
        Ok(())
    }
}
