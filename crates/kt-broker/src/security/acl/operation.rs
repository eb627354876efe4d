//! What an ACL allows or denies: Kafka's `AclOperation` (with the operations one implies)
//! and `AclPermissionType`.

use super::resource::ResourceType;

/// Kafka's `AclOperation`, with its wire codes. `Any` is only for filters; `All` in an ACL
/// covers every operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum AclOperation {
    Any,
    All,
    Read,
    Write,
    Create,
    Delete,
    Alter,
    Describe,
    ClusterAction,
    DescribeConfigs,
    AlterConfigs,
    IdempotentWrite,
    CreateTokens,
    DescribeTokens,
}

use AclOperation::*;

impl AclOperation {
    /// Every operation an ACL may name, in code order.
    pub const SPECIFIC: [AclOperation; 13] = [
        All,
        Read,
        Write,
        Create,
        Delete,
        Alter,
        Describe,
        ClusterAction,
        DescribeConfigs,
        AlterConfigs,
        IdempotentWrite,
        CreateTokens,
        DescribeTokens,
    ];

    /// The operation of a wire code; None for UNKNOWN (0) and undefined codes.
    pub fn from_code(code: i8) -> Option<Self> {
        match code {
            1 => Some(Any),
            2..=14 => Some(Self::SPECIFIC[(code - 2) as usize]),
            _ => None,
        }
    }

    /// The wire code.
    pub fn code(self) -> i8 {
        match self {
            Any => 1,
            other => 2 + Self::SPECIFIC.iter().position(|o| *o == other).unwrap_or(0) as i8,
        }
    }

    /// The enum name Kafka prints in ACL entries (`DESCRIBE_CONFIGS`).
    pub fn name(self) -> &'static str {
        match self {
            Any => "ANY",
            All => "ALL",
            Read => "READ",
            Write => "WRITE",
            Create => "CREATE",
            Delete => "DELETE",
            Alter => "ALTER",
            Describe => "DESCRIBE",
            ClusterAction => "CLUSTER_ACTION",
            DescribeConfigs => "DESCRIBE_CONFIGS",
            AlterConfigs => "ALTER_CONFIGS",
            IdempotentWrite => "IDEMPOTENT_WRITE",
            CreateTokens => "CREATE_TOKENS",
            DescribeTokens => "DESCRIBE_TOKENS",
        }
    }

    /// The name in ZooKeeper's JSON and the tool's flags (`SecurityUtils.operationName`:
    /// `DescribeConfigs`).
    pub fn camel_name(self) -> &'static str {
        match self {
            Any => "Any",
            All => "All",
            Read => "Read",
            Write => "Write",
            Create => "Create",
            Delete => "Delete",
            Alter => "Alter",
            Describe => "Describe",
            ClusterAction => "ClusterAction",
            DescribeConfigs => "DescribeConfigs",
            AlterConfigs => "AlterConfigs",
            IdempotentWrite => "IdempotentWrite",
            CreateTokens => "CreateTokens",
            DescribeTokens => "DescribeTokens",
        }
    }

    /// Parses either spelling in any case (`Read`, `READ`, `describe_configs`), as
    /// `SecurityUtils.operation` does.
    pub fn parse(name: &str) -> Option<Self> {
        let flat = name.replace('_', "").to_ascii_lowercase();
        std::iter::once(Any)
            .chain(Self::SPECIFIC)
            .find(|o| o.camel_name().to_ascii_lowercase() == flat)
    }

    /// The operations whose ALLOW also allows this one: DESCRIBE is implied by READ, WRITE,
    /// DELETE and ALTER, DESCRIBE_CONFIGS by ALTER_CONFIGS (and everything by ALL). A DENY
    /// is never implied: it must name the operation or ALL.
    pub fn allowed_by(self, granted: AclOperation) -> bool {
        granted == All
            || granted == self
            || match self {
                Describe => matches!(granted, Read | Write | Delete | Alter),
                DescribeConfigs => granted == AlterConfigs,
                _ => false,
            }
    }

    /// The operations an ACL on `resource_type` may name (Kafka 3.9's
    /// `AclEntry.supportedOperations`), ALL aside.
    pub fn supported_on(resource_type: ResourceType) -> &'static [AclOperation] {
        match resource_type {
            ResourceType::Topic => &[
                Read,
                Write,
                Create,
                Describe,
                Delete,
                Alter,
                DescribeConfigs,
                AlterConfigs,
            ],
            ResourceType::Group => &[Read, Describe, Delete],
            ResourceType::Cluster => &[
                Create,
                ClusterAction,
                DescribeConfigs,
                AlterConfigs,
                IdempotentWrite,
                Alter,
                Describe,
            ],
            ResourceType::TransactionalId => &[Describe, Write],
            ResourceType::DelegationToken => &[Describe],
            ResourceType::User => &[CreateTokens, DescribeTokens],
            ResourceType::Any => &[],
        }
    }
}

/// Kafka's `AclPermissionType`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PermissionType {
    Any,
    Deny,
    Allow,
}

impl PermissionType {
    /// The type of a wire code; None for UNKNOWN (0) and undefined codes.
    pub fn from_code(code: i8) -> Option<Self> {
        Some(match code {
            1 => PermissionType::Any,
            2 => PermissionType::Deny,
            3 => PermissionType::Allow,
            _ => return None,
        })
    }

    /// The wire code.
    pub fn code(self) -> i8 {
        match self {
            PermissionType::Any => 1,
            PermissionType::Deny => 2,
            PermissionType::Allow => 3,
        }
    }

    /// The enum name Kafka prints (`ALLOW`).
    pub fn name(self) -> &'static str {
        match self {
            PermissionType::Any => "ANY",
            PermissionType::Deny => "DENY",
            PermissionType::Allow => "ALLOW",
        }
    }

    /// The name in ZooKeeper's JSON (`Allow`).
    pub fn camel_name(self) -> &'static str {
        match self {
            PermissionType::Any => "Any",
            PermissionType::Deny => "Deny",
            PermissionType::Allow => "Allow",
        }
    }

    /// Parses a name in any case.
    pub fn parse(name: &str) -> Option<Self> {
        [
            PermissionType::Any,
            PermissionType::Deny,
            PermissionType::Allow,
        ]
        .into_iter()
        .find(|p| p.name().eq_ignore_ascii_case(name))
    }
}
