//! One ACL and the filters that select ACLs: Kafka's `AccessControlEntry` (who, from where,
//! what, allowed or denied), `AclBinding` (an entry on a resource pattern) and their filters,
//! as CreateAcls, DescribeAcls and DeleteAcls carry them.

use std::fmt;

use super::operation::{AclOperation, PermissionType};
use super::resource::{PatternType, ResourcePattern, ResourcePatternFilter, ResourceType};
use crate::security::KafkaPrincipal;

/// The host of an ACL that matches every client address.
pub const WILDCARD_HOST: &str = "*";

/// The principal of an ACL that matches every user.
pub const WILDCARD_PRINCIPAL: &str = "User:*";

/// Kafka's `AccessControlEntry`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct AclEntry {
    /// `Type:name`, as Kafka writes principals (`User:alice`, `User:*`).
    pub principal: String,
    /// A client address, or `*`.
    pub host: String,
    pub operation: AclOperation,
    pub permission: PermissionType,
}

impl AclEntry {
    /// Whether this entry names `principal` (or every user).
    pub fn names(&self, principal: &KafkaPrincipal) -> bool {
        if self.principal == WILDCARD_PRINCIPAL && principal.principal_type == "User" {
            return true;
        }
        // `Type:name` compared without building the string.
        match self.principal.split_once(':') {
            Some((kind, name)) => kind == principal.principal_type && name == principal.name,
            None => false,
        }
    }

    /// Whether this entry applies to a client at `host`.
    pub fn from_host(&self, host: &str) -> bool {
        self.host == WILDCARD_HOST || self.host == host
    }
}

impl fmt::Display for AclEntry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "(principal={}, host={}, operation={}, permissionType={})",
            self.principal,
            self.host,
            self.operation.name(),
            self.permission.name()
        )
    }
}

/// Kafka's `AclBinding`: an entry on a resource pattern.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct AclBinding {
    pub pattern: ResourcePattern,
    pub entry: AclEntry,
}

/// Kafka's `AccessControlEntryFilter`: None fields match anything, as do `Any` operation
/// and permission.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct AclEntryFilter {
    pub principal: Option<String>,
    pub host: Option<String>,
    pub operation: AclOperation,
    pub permission: PermissionType,
}

impl AclEntryFilter {
    /// The filter that matches every entry.
    pub fn any() -> Self {
        AclEntryFilter {
            principal: None,
            host: None,
            operation: AclOperation::Any,
            permission: PermissionType::Any,
        }
    }

    /// Whether `entry` is selected (exact values, as Kafka's filters compare them).
    pub fn matches(&self, entry: &AclEntry) -> bool {
        self.principal
            .as_ref()
            .is_none_or(|p| *p == entry.principal)
            && self.host.as_ref().is_none_or(|h| *h == entry.host)
            && (self.operation == AclOperation::Any || self.operation == entry.operation)
            && (self.permission == PermissionType::Any || self.permission == entry.permission)
    }
}

/// Kafka's `AclBindingFilter`: what DescribeAcls lists and DeleteAcls removes.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct AclBindingFilter {
    pub pattern: ResourcePatternFilter,
    pub entry: AclEntryFilter,
}

impl AclBindingFilter {
    /// The filter that matches every ACL.
    pub fn any() -> Self {
        AclBindingFilter {
            pattern: ResourcePatternFilter {
                resource_type: ResourceType::Any,
                name: None,
                pattern_type: PatternType::Any,
            },
            entry: AclEntryFilter::any(),
        }
    }

    /// Whether `binding` is selected.
    pub fn matches(&self, binding: &AclBinding) -> bool {
        self.pattern.matches(&binding.pattern) && self.entry.matches(&binding.entry)
    }
}

/// Checks a principal as Kafka's `SecurityUtils.parseKafkaPrincipal` does: `Type:name`.
pub fn check_principal(principal: &str) -> Result<(), String> {
    match principal.split_once(':') {
        Some((kind, name)) if !kind.is_empty() && !name.is_empty() => Ok(()),
        _ => Err(format!(
            "expected a string in format principalType:principalName but got {principal}"
        )),
    }
}
