//! Authorization with ACLs, as Kafka's AclAuthorizer does it: the model (`resource`,
//! `operation`, `binding`), the cluster's ACLs in memory (`acl_set`), the rules and changes
//! (`authorizer`), and where ACLs are kept: `file_store` on a standalone broker,
//! `zk_store` (Kafka's znodes) with `zk_sync` following other brokers' changes in
//! ZooKeeper mode.
//!
//! Handlers ask through `crate::api::authorize`, which costs nothing when no authorizer is
//! configured.

mod acl_set;
mod authorizer;
mod binding;
mod file_store;
mod operation;
mod resource;
pub mod zk_store;
pub mod zk_sync;

#[cfg(test)]
mod tests;

pub use acl_set::AclSet;
pub use authorizer::{AclError, Authorizer, AUTHORIZER_CLASSES};
pub use binding::{
    check_principal, AclBinding, AclBindingFilter, AclEntry, AclEntryFilter, WILDCARD_HOST,
    WILDCARD_PRINCIPAL,
};
pub use file_store::{load as load_standalone, ACLS_FILE};
pub use operation::{AclOperation, PermissionType};
pub use resource::{
    PatternType, ResourcePattern, ResourcePatternFilter, ResourceType, CLUSTER_NAME, WILDCARD,
};
