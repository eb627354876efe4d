//! `kt acls`: kafka-acls.sh (AclCommand): adds, removes and lists ACLs through the admin
//! API (CreateAcls, DeleteAcls, DescribeAcls), with Kafka 3.9's flags, conveniences
//! (`--producer`, `--consumer`, `--idempotent`), checks and output lines.

use std::io::BufRead;
use std::path::PathBuf;

use clap::Args;

use super::common::load_properties;
use super::usage::UsageError;
use crate::admin::acls::{create_acls, delete_acls, describe_acls, AclAdminError};
use kt_broker::security::acl::{
    check_principal, AclBinding, AclBindingFilter, AclEntry, AclEntryFilter, AclOperation,
    PatternType, PermissionType, ResourcePattern, ResourcePatternFilter, ResourceType,
    CLUSTER_NAME, WILDCARD_HOST,
};

/// Flags of `kt acls`.
#[derive(Debug, Clone, Args)]
#[command(
    after_help = "Examples:\n  kt acls --bootstrap-server localhost:9092 --add --allow-principal User:alice --operation Read --topic t\n  kt acls --bootstrap-server localhost:9092 --add --producer --topic t --allow-principal User:bob\n  kt acls --bootstrap-server localhost:9092 --list --topic t\n  kt acls --bootstrap-server localhost:9092 --remove --force --allow-principal User:alice --operation Read --topic t"
)]
pub struct AclsArgs {
    /// A list of host/port pairs to use for establishing the connection to the Kafka
    /// cluster. This list should be in the form host1:port1,host2:port2,... This config is
    /// required for acl management using admin client API.
    #[arg(long, value_name = "server to connect to")]
    pub bootstrap_server: Option<String>,
    /// A property file containing configs to be passed to Admin Client.
    #[arg(long, value_name = "command-config")]
    pub command_config: Option<PathBuf>,
    /// Indicates you are trying to add ACLs.
    #[arg(long)]
    pub add: bool,
    /// Indicates you are trying to remove ACLs.
    #[arg(long)]
    pub remove: bool,
    /// List ACLs for the specified resource, use --topic <topic> or --group <group> or
    /// --cluster to specify a resource.
    #[arg(long)]
    pub list: bool,
    /// topic to which ACLs should be added or removed. A value of '*' indicates ACL should
    /// apply to all topics.
    #[arg(long, value_name = "topic")]
    pub topic: Vec<String>,
    /// Add/Remove cluster ACLs.
    #[arg(long)]
    pub cluster: bool,
    /// Consumer Group to which the ACLs should be added or removed. A value of '*' indicates
    /// the ACLs should apply to all groups.
    #[arg(long, value_name = "group")]
    pub group: Vec<String>,
    /// The transactionalId to which ACLs should be added or removed. A value of '*'
    /// indicates the ACLs should apply to all transactionalIds.
    #[arg(long, value_name = "transactional-id")]
    pub transactional_id: Vec<String>,
    /// Delegation token to which ACLs should be added or removed. A value of '*' indicates
    /// ACL should apply to all tokens.
    #[arg(long, value_name = "delegation-token")]
    pub delegation_token: Vec<String>,
    /// Specifies a user principal as a resource in relation with the operation. For instance
    /// one could grant CreateTokens or DescribeTokens permission on a given user principal.
    #[arg(long, value_name = "user-principal")]
    pub user_principal: Vec<String>,
    /// The type of the resource pattern or pattern filter. When adding acls, this should be
    /// a specific pattern type, e.g. 'literal' or 'prefixed'. When listing or removing acls,
    /// a specific pattern type can be used to list or remove acls from specific resource
    /// patterns, or use the filter values of 'any' or 'match', where 'any' will match any
    /// pattern type, but will match the resource name exactly, where as 'match' will perform
    /// pattern matching to list or remove all acls that affect the supplied resource(s).
    /// WARNING: 'match', when used in combination with the '--remove' switch, should be used
    /// with care.
    #[arg(
        long,
        value_name = "ANY|MATCH|LITERAL|PREFIXED",
        default_value = "LITERAL"
    )]
    pub resource_pattern_type: String,
    /// Operation that is being allowed or denied. Valid operation names are: Describe,
    /// DescribeConfigs, Alter, IdempotentWrite, Read, Delete, Create, ClusterAction, All,
    /// CreateTokens, DescribeTokens, Write, AlterConfigs.
    #[arg(long, value_name = "operation")]
    pub operation: Vec<String>,
    /// principal is in principalType:name format. Note that principalType must be supported
    /// by the Authorizer being used. For example, User:'*' is the wild card indicating all
    /// users.
    #[arg(long, value_name = "allow-principal")]
    pub allow_principal: Vec<String>,
    /// principal is in principalType:name format. By default anyone not added through
    /// --allow-principal is denied access. You only need to use this option as negation to
    /// already allowed set. AND PLEASE REMEMBER DENY RULES TAKES PRECEDENCE OVER ALLOW RULES.
    #[arg(long, value_name = "deny-principal")]
    pub deny_principal: Vec<String>,
    /// List ACLs for the specified principal. principal is in principalType:name format.
    /// Multiple --principal option can be passed.
    #[arg(long = "principal", value_name = "principal", num_args = 0..=1)]
    pub list_principal: Option<Vec<String>>,
    /// Host from which principals listed in --allow-principal will have access. If you have
    /// specified --allow-principal then the default for this option will be set to '*' which
    /// allows access from all hosts.
    #[arg(long, value_name = "allow-host")]
    pub allow_host: Vec<String>,
    /// Host from which principals listed in --deny-principal will be denied access. If you
    /// have specified --deny-principal then the default for this option will be set to '*'
    /// which denies access from all hosts.
    #[arg(long, value_name = "deny-host")]
    pub deny_host: Vec<String>,
    /// Convenience option to add/remove ACLs for producer role. This will generate ACLs that
    /// allows WRITE,DESCRIBE and CREATE on topic.
    #[arg(long)]
    pub producer: bool,
    /// Convenience option to add/remove ACLs for consumer role. This will generate ACLs that
    /// allows READ,DESCRIBE on topic and READ on group.
    #[arg(long)]
    pub consumer: bool,
    /// Enable idempotence for the producer. This should be used in combination with the
    /// --producer option. Note that idempotence is enabled automatically if the producer is
    /// authorized to a particular transactional-id.
    #[arg(long)]
    pub idempotent: bool,
    /// Assume Yes to all queries and do not prompt.
    #[arg(long)]
    pub force: bool,
}

/// A resource filter with the ACLs the flags give for it, in the order the flags name them.
type FilterAcls = Vec<(ResourcePatternFilter, Vec<AclEntry>)>;

impl AclsArgs {
    /// AclCommandOptions.checkArgs, in Kafka's order and with its messages.
    fn check(&self) -> Result<(), UsageError> {
        if self.bootstrap_server.is_none() {
            return Err(UsageError::new(
                "Missing required argument \"[authorizer-properties]\"",
            ));
        }
        if [self.add, self.remove, self.list]
            .iter()
            .filter(|a| **a)
            .count()
            != 1
        {
            return Err(UsageError::new(
                "Command must include exactly one action: --list, --add, --remove. ",
            ));
        }
        let invalid = |used: (&str, bool), others: &[(&str, bool)]| -> Result<(), UsageError> {
            if !used.1 {
                return Ok(());
            }
            match others.iter().find(|(_, given)| *given) {
                Some((other, _)) => Err(UsageError::new(format!(
                    "Option \"[{}]\" can't be used with option \"[{other}]\"",
                    used.0
                ))),
                None => Ok(()),
            }
        };
        invalid(
            ("list", self.list),
            &[
                ("producer", self.producer),
                ("consumer", self.consumer),
                ("allow-host", !self.allow_host.is_empty()),
                ("allow-principal", !self.allow_principal.is_empty()),
                ("deny-host", !self.deny_host.is_empty()),
                ("deny-principal", !self.deny_principal.is_empty()),
            ],
        )?;
        for role in [("producer", self.producer), ("consumer", self.consumer)] {
            invalid(
                role,
                &[
                    ("operation", !self.operation.is_empty()),
                    ("deny-principal", !self.deny_principal.is_empty()),
                    ("deny-host", !self.deny_host.is_empty()),
                ],
            )?;
        }
        if self.list_principal.is_some() && !self.list {
            return Err(UsageError::new(
                "The --principal option is only available if --list is set",
            ));
        }
        if self.producer && self.topic.is_empty() {
            return Err(UsageError::new(
                "With --producer you must specify a --topic",
            ));
        }
        if self.idempotent && !self.producer {
            return Err(UsageError::new(
                "The --idempotent option is only available if --producer is set",
            ));
        }
        if self.consumer
            && (self.topic.is_empty()
                || self.group.is_empty()
                || (!self.producer && (self.cluster || !self.transactional_id.is_empty())))
        {
            return Err(UsageError::new(
                "With --consumer you must specify a --topic and a --group and no --cluster or \
                 --transactional-id option should be specified.",
            ));
        }
        Ok(())
    }

    fn pattern_type(&self) -> Result<PatternType, UsageError> {
        PatternType::parse(self.resource_pattern_type.trim()).ok_or_else(|| {
            UsageError::new(format!(
                "Unknown resource-pattern-type: {}",
                self.resource_pattern_type
            ))
        })
    }

    /// getResourceFilter: a filter per named resource.
    fn resource_filters(
        &self,
        die_if_none: bool,
    ) -> Result<Vec<ResourcePatternFilter>, UsageError> {
        let pattern_type = self.pattern_type()?;
        let filter = |resource_type, name: &str| ResourcePatternFilter {
            resource_type,
            name: Some(name.trim().to_string()),
            pattern_type,
        };
        let mut filters: Vec<ResourcePatternFilter> = Vec::new();
        let mut push = |f: ResourcePatternFilter| {
            if !filters.contains(&f) {
                filters.push(f);
            }
        };
        self.topic
            .iter()
            .for_each(|t| push(filter(ResourceType::Topic, t)));
        if pattern_type == PatternType::Literal && (self.cluster || self.idempotent) {
            push(cluster_filter());
        }
        self.group
            .iter()
            .for_each(|g| push(filter(ResourceType::Group, g)));
        self.transactional_id
            .iter()
            .for_each(|t| push(filter(ResourceType::TransactionalId, t)));
        self.delegation_token
            .iter()
            .for_each(|t| push(filter(ResourceType::DelegationToken, t)));
        self.user_principal
            .iter()
            .for_each(|u| push(filter(ResourceType::User, u)));
        if filters.is_empty() && die_if_none {
            return Err(UsageError::new(
                "You must provide at least one resource: --topic <topic> or --cluster or --group \
                 <group> or --delegation-token <Delegation Token ID>",
            ));
        }
        Ok(filters)
    }

    /// getAcl: every principal × operation × host the flags give, ALLOW then DENY.
    fn entries(&self, operations: &[AclOperation]) -> Result<Vec<AclEntry>, String> {
        let hosts = |hosts: &[String], principals: &[String]| -> Vec<String> {
            if !hosts.is_empty() {
                hosts.iter().map(|h| h.trim().to_string()).collect()
            } else if !principals.is_empty() {
                vec![WILDCARD_HOST.to_string()]
            } else {
                Vec::new()
            }
        };
        let mut entries = Vec::new();
        for (principals, hosts, permission) in [
            (
                &self.allow_principal,
                hosts(&self.allow_host, &self.allow_principal),
                PermissionType::Allow,
            ),
            (
                &self.deny_principal,
                hosts(&self.deny_host, &self.deny_principal),
                PermissionType::Deny,
            ),
        ] {
            for principal in principals {
                let principal = principal.trim();
                check_principal(principal)?;
                for operation in operations {
                    for host in &hosts {
                        let entry = AclEntry {
                            principal: principal.to_string(),
                            host: host.clone(),
                            operation: *operation,
                            permission,
                        };
                        if !entries.contains(&entry) {
                            entries.push(entry);
                        }
                    }
                }
            }
        }
        Ok(entries)
    }

    /// getResourceFilterToAcls, with validateOperation.
    fn filter_acls(&self) -> Result<FilterAcls, Failure> {
        let mut out: FilterAcls = Vec::new();
        let mut merge = |filter: ResourcePatternFilter, acls: Vec<AclEntry>| match out
            .iter_mut()
            .find(|(f, _)| *f == filter)
        {
            Some((_, existing)) => {
                for acl in acls {
                    if !existing.contains(&acl) {
                        existing.push(acl);
                    }
                }
            }
            None => out.push((filter, acls)),
        };
        let entries = |ops: &[AclOperation]| self.entries(ops).map_err(Failure::Command);
        if !self.producer && !self.consumer {
            let operations: Vec<Option<AclOperation>> = if self.operation.is_empty() {
                vec![Some(AclOperation::All)]
            } else {
                self.operation
                    .iter()
                    .map(|o| AclOperation::parse(o.trim()).filter(|o| *o != AclOperation::Any))
                    .collect()
            };
            let filters = self.resource_filters(true).map_err(Failure::Usage)?;
            // Kafka parses an unknown name as UNKNOWN, which no resource type supports.
            let principals = !self.allow_principal.is_empty() || !self.deny_principal.is_empty();
            if operations.iter().any(Option::is_none) && principals {
                if let Some(filter) = filters.first() {
                    return Err(Failure::Usage(unsupported(filter.resource_type)));
                }
            }
            let known: Vec<AclOperation> = operations.into_iter().flatten().collect();
            let acls = entries(&known)?;
            for filter in filters {
                merge(filter, acls.clone());
            }
        }
        if self.producer {
            let filters = self.resource_filters(true).map_err(Failure::Usage)?;
            use AclOperation::*;
            for filter in filters {
                match filter.resource_type {
                    ResourceType::Topic => merge(filter, entries(&[Describe, Write, Create])?),
                    ResourceType::TransactionalId => merge(filter, entries(&[Write, Describe])?),
                    _ => {}
                }
            }
            if self.idempotent {
                merge(cluster_filter(), entries(&[IdempotentWrite])?);
            }
        }
        if self.consumer {
            let filters = self.resource_filters(true).map_err(Failure::Usage)?;
            use AclOperation::*;
            for filter in filters {
                match filter.resource_type {
                    ResourceType::Topic => merge(filter, entries(&[Read, Describe])?),
                    ResourceType::Group => merge(filter, entries(&[Read])?),
                    _ => {}
                }
            }
        }
        for (filter, acls) in &out {
            let supported = AclOperation::supported_on(filter.resource_type);
            if acls
                .iter()
                .any(|a| a.operation != AclOperation::All && !supported.contains(&a.operation))
            {
                return Err(Failure::Usage(unsupported(filter.resource_type)));
            }
        }
        Ok(out)
    }
}

/// The cluster resource's filter.
fn cluster_filter() -> ResourcePatternFilter {
    ResourcePatternFilter {
        resource_type: ResourceType::Cluster,
        name: Some(CLUSTER_NAME.to_string()),
        pattern_type: PatternType::Literal,
    }
}

/// validateOperation's message: the operations the resource type supports, ALL among them
/// (TOPIC's in the order Kafka 3.9 prints them).
fn unsupported(resource_type: ResourceType) -> UsageError {
    let names: Vec<&str> = if resource_type == ResourceType::Topic {
        vec![
            "Read",
            "All",
            "AlterConfigs",
            "DescribeConfigs",
            "Delete",
            "Write",
            "Alter",
            "Create",
            "Describe",
        ]
    } else {
        AclOperation::supported_on(resource_type)
            .iter()
            .chain([&AclOperation::All])
            .map(|o| o.camel_name())
            .collect()
    };
    UsageError::new(format!(
        "ResourceType {} only supports operations {}",
        resource_type.name(),
        names.join(", ")
    ))
}

/// Why the command stops.
enum Failure {
    /// A usage error: message and usage, exit 1.
    Usage(UsageError),
    /// AclCommand's catch-all: "Error while executing ACL command: ...", exit 1.
    Command(String),
}

impl From<AclAdminError> for Failure {
    fn from(e: AclAdminError) -> Self {
        Failure::Command(e.to_string())
    }
}

/// `message` then the ACLs, each after a TAB, as AclCommand prints a block.
fn block(header: &str, acls: &[AclEntry]) -> String {
    let lines: Vec<String> = acls.iter().map(|a| format!("\t{a}")).collect();
    format!("{header}: \n {} \n", lines.join("\n"))
}

fn confirm(force: bool, message: &str) -> bool {
    if force {
        return true;
    }
    println!("{message}");
    let mut answer = String::new();
    let _ = std::io::stdin().lock().read_line(&mut answer);
    answer.trim().eq_ignore_ascii_case("y")
}

fn run_command(args: &AclsArgs, properties: &[(String, String)]) -> Result<(), Failure> {
    let bootstrap = args.bootstrap_server.clone().unwrap_or_default();
    let rt = super::runtime().map_err(|e| Failure::Command(format!("{e:#}")))?;
    if args.add {
        let pattern_type = args.pattern_type().map_err(Failure::Usage)?;
        if !pattern_type.is_specific() {
            return Err(Failure::Usage(UsageError::new(format!(
                "A '--resource-pattern-type' value of '{}' is not valid when adding acls.",
                pattern_type.name()
            ))));
        }
        let filter_acls = args.filter_acls()?;
        if filter_acls.iter().any(|(_, acls)| acls.is_empty()) {
            return Err(Failure::Usage(UsageError::new(
                "You must specify one of: --allow-principal, --deny-principal when trying to add \
                 ACLs.",
            )));
        }
        for (filter, acls) in filter_acls {
            let pattern = ResourcePattern::new(
                filter.resource_type,
                filter.name.clone().unwrap_or_default(),
                filter.pattern_type,
            );
            println!(
                "{}",
                block(&format!("Adding ACLs for resource `{pattern}`"), &acls)
            );
            let bindings: Vec<AclBinding> = acls
                .into_iter()
                .map(|entry| AclBinding {
                    pattern: pattern.clone(),
                    entry,
                })
                .collect();
            rt.block_on(create_acls(&bootstrap, properties, &bindings))?;
        }
    } else if args.remove {
        for (filter, acls) in args.filter_acls()? {
            let filters: Vec<AclBindingFilter> = if acls.is_empty() {
                if !confirm(
                    args.force,
                    &format!(
                        "Are you sure you want to delete all ACLs for resource filter `{filter}`? (y/n)"
                    ),
                ) {
                    continue;
                }
                vec![AclBindingFilter {
                    pattern: filter.clone(),
                    entry: AclEntryFilter::any(),
                }]
            } else {
                let lines: Vec<String> = acls.iter().map(|a| format!("\t{a}")).collect();
                if !confirm(
                    args.force,
                    &format!(
                        "Are you sure you want to remove ACLs: \n {} \n from resource filter `{filter}`? (y/n)",
                        lines.join("\n")
                    ),
                ) {
                    continue;
                }
                acls.iter()
                    .map(|a| AclBindingFilter {
                        pattern: filter.clone(),
                        entry: AclEntryFilter {
                            principal: Some(a.principal.clone()),
                            host: Some(a.host.clone()),
                            operation: a.operation,
                            permission: a.permission,
                        },
                    })
                    .collect()
            };
            rt.block_on(delete_acls(&bootstrap, properties, &filters))?;
        }
    } else {
        let filters = args.resource_filters(false).map_err(Failure::Usage)?;
        let wanted: Vec<AclBindingFilter> = if filters.is_empty() {
            vec![AclBindingFilter::any()]
        } else {
            filters
                .into_iter()
                .map(|pattern| AclBindingFilter {
                    pattern,
                    entry: AclEntryFilter::any(),
                })
                .collect()
        };
        let mut by_resource: Vec<(ResourcePattern, Vec<AclEntry>)> = Vec::new();
        for filter in &wanted {
            for binding in rt.block_on(describe_acls(&bootstrap, properties, filter))? {
                match by_resource.iter_mut().find(|(p, _)| *p == binding.pattern) {
                    Some((_, acls)) if acls.contains(&binding.entry) => {}
                    Some((_, acls)) => acls.push(binding.entry),
                    None => by_resource.push((binding.pattern, vec![binding.entry])),
                }
            }
        }
        let print = |resources: &[(ResourcePattern, Vec<AclEntry>)]| {
            for (pattern, acls) in resources {
                println!(
                    "{}",
                    block(&format!("Current ACLs for resource `{pattern}`"), acls)
                );
            }
        };
        let principals: Vec<String> = args
            .list_principal
            .iter()
            .flatten()
            .map(|p| p.trim().to_string())
            .collect();
        if principals.is_empty() {
            print(&by_resource);
        } else {
            for principal in principals {
                check_principal(&principal).map_err(Failure::Command)?;
                println!("ACLs for principal `{principal}`");
                let theirs: Vec<(ResourcePattern, Vec<AclEntry>)> = by_resource
                    .iter()
                    .map(|(p, acls)| {
                        let mine = acls.iter().filter(|a| a.principal == principal).cloned();
                        (p.clone(), mine.collect::<Vec<_>>())
                    })
                    .filter(|(_, acls)| !acls.is_empty())
                    .collect();
                print(&theirs);
            }
        }
    }
    Ok(())
}

/// Runs `kt acls` and returns the exit code.
pub fn run(args: AclsArgs) -> i32 {
    if let Err(e) = args.check() {
        return e.report("acls");
    }
    let properties = match &args.command_config {
        Some(path) => match load_properties(path) {
            Ok(p) => p,
            Err(e) => {
                println!("Error while executing ACL command: {e:#}");
                return 1;
            }
        },
        None => Vec::new(),
    };
    match run_command(&args, &properties) {
        Ok(()) => 0,
        Err(Failure::Usage(e)) => e.report("acls"),
        Err(Failure::Command(message)) => {
            println!("Error while executing ACL command: {message}");
            println!("java.util.concurrent.ExecutionException: {message}");
            1
        }
    }
}
