//! Every ACL of the cluster in memory, indexed for the authorizer's question "which ACLs
//! apply to this resource?": per resource type, literal names (the wildcard `*` among them)
//! and prefixes, each with its entries.
//!
//! Swapped whole on every change (copy on write), so a check reads one consistent set
//! without holding a lock while it looks.

use std::collections::{BTreeMap, BTreeSet};

use super::binding::{AclBinding, AclBindingFilter, AclEntry};
use super::resource::{PatternType, ResourcePattern, ResourceType, WILDCARD};

/// The ACLs of one resource type.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct TypeAcls {
    literal: BTreeMap<String, BTreeSet<AclEntry>>,
    prefixed: BTreeMap<String, BTreeSet<AclEntry>>,
}

/// The cluster's ACLs, by resource pattern.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AclSet {
    by_type: BTreeMap<ResourceType, TypeAcls>,
}

impl AclSet {
    fn names(&self, pattern: &ResourcePattern) -> Option<&BTreeMap<String, BTreeSet<AclEntry>>> {
        let acls = self.by_type.get(&pattern.resource_type)?;
        match pattern.pattern_type {
            PatternType::Literal => Some(&acls.literal),
            PatternType::Prefixed => Some(&acls.prefixed),
            _ => None,
        }
    }

    /// The entries stored under exactly `pattern`.
    pub fn entries(&self, pattern: &ResourcePattern) -> BTreeSet<AclEntry> {
        self.names(pattern)
            .and_then(|names| names.get(&pattern.name))
            .cloned()
            .unwrap_or_default()
    }

    /// Replaces the entries of `pattern` (an empty set removes the pattern).
    pub fn set(&mut self, pattern: &ResourcePattern, entries: BTreeSet<AclEntry>) {
        let acls = self.by_type.entry(pattern.resource_type).or_default();
        let names = match pattern.pattern_type {
            PatternType::Literal => &mut acls.literal,
            PatternType::Prefixed => &mut acls.prefixed,
            _ => return,
        };
        if entries.is_empty() {
            names.remove(&pattern.name);
        } else {
            names.insert(pattern.name.clone(), entries);
        }
    }

    /// Every ACL, sorted by pattern.
    pub fn bindings(&self) -> impl Iterator<Item = AclBinding> + '_ {
        self.by_type.iter().flat_map(|(resource_type, acls)| {
            let patterns = [
                (PatternType::Literal, &acls.literal),
                (PatternType::Prefixed, &acls.prefixed),
            ];
            patterns.into_iter().flat_map(move |(pattern_type, names)| {
                names.iter().flat_map(move |(name, entries)| {
                    entries.iter().map(move |entry| AclBinding {
                        pattern: ResourcePattern::new(*resource_type, name.clone(), pattern_type),
                        entry: entry.clone(),
                    })
                })
            })
        })
    }

    /// The ACLs `filter` selects.
    pub fn matching(&self, filter: &AclBindingFilter) -> Vec<AclBinding> {
        self.bindings().filter(|b| filter.matches(b)).collect()
    }

    /// Calls `visit` with every entry that applies to the resource `name` of
    /// `resource_type`: the wildcard's, the literal name's and every matching prefix's.
    /// Returns false at once when `visit` does. Allocates nothing.
    pub fn for_each_applying(
        &self,
        resource_type: ResourceType,
        name: &str,
        mut visit: impl FnMut(&AclEntry) -> bool,
    ) -> bool {
        let Some(acls) = self.by_type.get(&resource_type) else {
            return true;
        };
        let literal = [Some(WILDCARD), (name != WILDCARD).then_some(name)];
        for key in literal.into_iter().flatten() {
            for entry in acls.literal.get(key).into_iter().flatten() {
                if !visit(entry) {
                    return false;
                }
            }
        }
        if !acls.prefixed.is_empty() {
            for (end, _) in name.char_indices().skip(1).chain([(name.len(), ' ')]) {
                for entry in acls.prefixed.get(&name[..end]).into_iter().flatten() {
                    if !visit(entry) {
                        return false;
                    }
                }
            }
        }
        true
    }
}
