//! What an ACL protects: a resource type and a name, matched literally, by prefix, or (the
//! name `*`) for every resource of the type — Kafka's `ResourcePattern`.

use std::fmt;

/// Kafka's `ResourceType`, with its wire codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ResourceType {
    Any,
    Topic,
    Group,
    Cluster,
    TransactionalId,
    DelegationToken,
    User,
}

impl ResourceType {
    /// Every specific type (not `Any`).
    pub const SPECIFIC: [ResourceType; 6] = [
        ResourceType::Topic,
        ResourceType::Group,
        ResourceType::Cluster,
        ResourceType::TransactionalId,
        ResourceType::DelegationToken,
        ResourceType::User,
    ];

    /// The type of a wire code; None for UNKNOWN (0) and codes Kafka does not define.
    pub fn from_code(code: i8) -> Option<Self> {
        Some(match code {
            1 => ResourceType::Any,
            2 => ResourceType::Topic,
            3 => ResourceType::Group,
            4 => ResourceType::Cluster,
            5 => ResourceType::TransactionalId,
            6 => ResourceType::DelegationToken,
            7 => ResourceType::User,
            _ => return None,
        })
    }

    /// The wire code.
    pub fn code(self) -> i8 {
        match self {
            ResourceType::Any => 1,
            ResourceType::Topic => 2,
            ResourceType::Group => 3,
            ResourceType::Cluster => 4,
            ResourceType::TransactionalId => 5,
            ResourceType::DelegationToken => 6,
            ResourceType::User => 7,
        }
    }

    /// The enum name Kafka prints (`TOPIC`).
    pub fn name(self) -> &'static str {
        match self {
            ResourceType::Any => "ANY",
            ResourceType::Topic => "TOPIC",
            ResourceType::Group => "GROUP",
            ResourceType::Cluster => "CLUSTER",
            ResourceType::TransactionalId => "TRANSACTIONAL_ID",
            ResourceType::DelegationToken => "DELEGATION_TOKEN",
            ResourceType::User => "USER",
        }
    }

    /// The name in ZooKeeper paths (`SecurityUtils.resourceTypeName`: `Topic`).
    pub fn camel_name(self) -> &'static str {
        match self {
            ResourceType::Any => "Any",
            ResourceType::Topic => "Topic",
            ResourceType::Group => "Group",
            ResourceType::Cluster => "Cluster",
            ResourceType::TransactionalId => "TransactionalId",
            ResourceType::DelegationToken => "DelegationToken",
            ResourceType::User => "User",
        }
    }

    /// Parses either spelling, any case (`TOPIC`, `Topic`, `transactional_id`).
    pub fn parse(name: &str) -> Option<Self> {
        let flat: String = name
            .chars()
            .filter(|c| *c != '_')
            .collect::<String>()
            .to_ascii_lowercase();
        std::iter::once(ResourceType::Any)
            .chain(ResourceType::SPECIFIC)
            .find(|t| t.camel_name().to_ascii_lowercase() == flat)
    }
}

/// Kafka's `PatternType`: how a pattern's name matches resource names. `Any` and `Match`
/// are only for filters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PatternType {
    Any,
    Match,
    Literal,
    Prefixed,
}

impl PatternType {
    /// The type of a wire code; None for UNKNOWN (0) and undefined codes.
    pub fn from_code(code: i8) -> Option<Self> {
        Some(match code {
            1 => PatternType::Any,
            2 => PatternType::Match,
            3 => PatternType::Literal,
            4 => PatternType::Prefixed,
            _ => return None,
        })
    }

    /// The wire code.
    pub fn code(self) -> i8 {
        match self {
            PatternType::Any => 1,
            PatternType::Match => 2,
            PatternType::Literal => 3,
            PatternType::Prefixed => 4,
        }
    }

    /// The enum name Kafka prints (`LITERAL`).
    pub fn name(self) -> &'static str {
        match self {
            PatternType::Any => "ANY",
            PatternType::Match => "MATCH",
            PatternType::Literal => "LITERAL",
            PatternType::Prefixed => "PREFIXED",
        }
    }

    /// Parses a name in any case.
    pub fn parse(name: &str) -> Option<Self> {
        [
            PatternType::Any,
            PatternType::Match,
            PatternType::Literal,
            PatternType::Prefixed,
        ]
        .into_iter()
        .find(|p| p.name().eq_ignore_ascii_case(name))
    }

    /// Whether a stored pattern may have this type (LITERAL or PREFIXED).
    pub fn is_specific(self) -> bool {
        matches!(self, PatternType::Literal | PatternType::Prefixed)
    }
}

/// The name of the one cluster resource (`kafka-cluster`).
pub const CLUSTER_NAME: &str = "kafka-cluster";

/// The literal name that matches every resource of its type.
pub const WILDCARD: &str = "*";

/// Kafka's `ResourcePattern`: what one set of ACLs is stored under.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ResourcePattern {
    pub resource_type: ResourceType,
    pub name: String,
    pub pattern_type: PatternType,
}

impl ResourcePattern {
    /// A pattern of a specific type and pattern type.
    pub fn new(resource_type: ResourceType, name: impl Into<String>, pattern: PatternType) -> Self {
        ResourcePattern {
            resource_type,
            name: name.into(),
            pattern_type: pattern,
        }
    }

    /// Whether this pattern covers the resource `name` of its type: the wildcard covers
    /// all, a literal its own name, a prefix every name it begins.
    pub fn covers(&self, name: &str) -> bool {
        match self.pattern_type {
            PatternType::Literal => self.name == WILDCARD || self.name == name,
            PatternType::Prefixed => name.starts_with(self.name.as_str()),
            PatternType::Any | PatternType::Match => false,
        }
    }
}

impl fmt::Display for ResourcePattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "ResourcePattern(resourceType={}, name={}, patternType={})",
            self.resource_type.name(),
            self.name,
            self.pattern_type.name()
        )
    }
}

/// Kafka's `ResourcePatternFilter`: which patterns DescribeAcls and DeleteAcls select.
/// `name` None matches any name; pattern `Any` matches the name exactly whatever the
/// pattern type, `Match` every pattern that would cover the resource `name`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ResourcePatternFilter {
    pub resource_type: ResourceType,
    pub name: Option<String>,
    pub pattern_type: PatternType,
}

impl ResourcePatternFilter {
    /// Whether `pattern` is selected by this filter.
    pub fn matches(&self, pattern: &ResourcePattern) -> bool {
        if self.resource_type != ResourceType::Any && self.resource_type != pattern.resource_type {
            return false;
        }
        match self.pattern_type {
            PatternType::Any => self.name.as_ref().is_none_or(|n| *n == pattern.name),
            PatternType::Match => match &self.name {
                None => true,
                Some(name) => match pattern.pattern_type {
                    PatternType::Literal => pattern.name == *name || pattern.name == WILDCARD,
                    PatternType::Prefixed => name.starts_with(pattern.name.as_str()),
                    _ => false,
                },
            },
            specific => {
                specific == pattern.pattern_type
                    && self.name.as_ref().is_none_or(|n| *n == pattern.name)
            }
        }
    }
}

impl fmt::Display for ResourcePatternFilter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "ResourcePattern(resourceType={}, name={}, patternType={})",
            self.resource_type.name(),
            self.name.as_deref().unwrap_or("<any>"),
            self.pattern_type.name()
        )
    }
}
