//! The authorizer's rules, over ACL sets built in memory.

use std::collections::BTreeSet;

use super::*;
use crate::security::KafkaPrincipal;

fn entry(principal: &str, host: &str, op: AclOperation, permission: PermissionType) -> AclEntry {
    AclEntry {
        principal: principal.into(),
        host: host.into(),
        operation: op,
        permission,
    }
}

fn allow(principal: &str, op: AclOperation) -> AclEntry {
    entry(principal, "*", op, PermissionType::Allow)
}

fn deny(principal: &str, op: AclOperation) -> AclEntry {
    entry(principal, "*", op, PermissionType::Deny)
}

fn topic(name: &str, pattern: PatternType) -> ResourcePattern {
    ResourcePattern::new(ResourceType::Topic, name, pattern)
}

fn set(acls: &[(ResourcePattern, AclEntry)]) -> AclSet {
    let mut set = AclSet::default();
    for (pattern, entry) in acls {
        let mut entries = set.entries(pattern);
        entries.insert(entry.clone());
        set.set(pattern, entries);
    }
    set
}

fn can(auth: &Authorizer, who: &str, host: &str, op: AclOperation, name: &str) -> bool {
    auth.authorize(
        &KafkaPrincipal::user(who),
        host,
        op,
        ResourceType::Topic,
        name,
    )
}

use AclOperation::*;
use PatternType::{Literal, Prefixed};

#[test]
fn literal_acl_allows_only_its_principal_operation_and_name() {
    let auth = Authorizer::in_memory(
        &[],
        false,
        set(&[(topic("t", Literal), allow("User:alice", Read))]),
    );
    assert!(can(&auth, "alice", "10.0.0.1", Read, "t"));
    assert!(!can(&auth, "bob", "10.0.0.1", Read, "t"));
    assert!(!can(&auth, "alice", "10.0.0.1", Write, "t"));
    assert!(!can(&auth, "alice", "10.0.0.1", Read, "t2"));
}

#[test]
fn read_write_delete_alter_imply_describe_and_alter_configs_implies_describe_configs() {
    for op in [Read, Write, Delete, Alter] {
        let auth = Authorizer::in_memory(
            &[],
            false,
            set(&[(topic("t", Literal), allow("User:a", op))]),
        );
        assert!(
            can(&auth, "a", "h", Describe, "t"),
            "{op:?} implies DESCRIBE"
        );
    }
    let auth = Authorizer::in_memory(
        &[],
        false,
        set(&[(topic("t", Literal), allow("User:a", AlterConfigs))]),
    );
    assert!(can(&auth, "a", "h", DescribeConfigs, "t"));
    assert!(!can(&auth, "a", "h", Describe, "t"));
    let auth = Authorizer::in_memory(
        &[],
        false,
        set(&[(topic("t", Literal), allow("User:a", Create))]),
    );
    assert!(
        !can(&auth, "a", "h", Describe, "t"),
        "CREATE does not imply DESCRIBE"
    );
    let auth = Authorizer::in_memory(
        &[],
        false,
        set(&[(topic("t", Literal), allow("User:a", All))]),
    );
    assert!(can(&auth, "a", "h", AlterConfigs, "t"));
}

#[test]
fn deny_wins_over_allow_and_is_never_implied() {
    let auth = Authorizer::in_memory(
        &[],
        false,
        set(&[
            (topic("*", Literal), allow("User:*", All)),
            (topic("t", Literal), deny("User:alice", Write)),
        ]),
    );
    assert!(!can(&auth, "alice", "h", Write, "t"));
    assert!(can(&auth, "alice", "h", Read, "t"));
    // DENY WRITE does not deny the DESCRIBE that WRITE would imply.
    assert!(can(&auth, "alice", "h", Describe, "t"));
    assert!(can(&auth, "bob", "h", Write, "t"));
    let auth = Authorizer::in_memory(
        &[],
        false,
        set(&[
            (topic("t", Literal), allow("User:alice", Read)),
            (topic("t", Prefixed), deny("User:alice", All)),
        ]),
    );
    assert!(!can(&auth, "alice", "h", Read, "t"));
}

#[test]
fn wildcard_and_prefixed_patterns_cover_their_names() {
    let auth = Authorizer::in_memory(
        &[],
        false,
        set(&[
            (topic("orders-", Prefixed), allow("User:alice", Read)),
            (topic("*", Literal), allow("User:bob", Write)),
        ]),
    );
    assert!(can(&auth, "alice", "h", Read, "orders-eu"));
    assert!(can(&auth, "alice", "h", Read, "orders-"));
    assert!(!can(&auth, "alice", "h", Read, "orders"));
    assert!(!can(&auth, "alice", "h", Read, "payments"));
    assert!(can(&auth, "bob", "h", Write, "anything"));
    // A prefixed `*` is a literal prefix, not a wildcard.
    let auth = Authorizer::in_memory(
        &[],
        false,
        set(&[(topic("*", Prefixed), allow("User:a", Read))]),
    );
    assert!(!can(&auth, "a", "h", Read, "t"));
    assert!(can(&auth, "a", "h", Read, "*t"));
}

#[test]
fn hosts_and_the_user_wildcard_match() {
    let auth = Authorizer::in_memory(
        &[],
        false,
        set(&[(
            topic("t", Literal),
            entry("User:*", "10.0.0.1", Read, PermissionType::Allow),
        )]),
    );
    assert!(can(&auth, "anyone", "10.0.0.1", Read, "t"));
    assert!(!can(&auth, "anyone", "10.0.0.2", Read, "t"));
    let group_principal = KafkaPrincipal::new("Group", "x");
    assert!(!auth.authorize(&group_principal, "10.0.0.1", Read, ResourceType::Topic, "t"));
}

#[test]
fn super_users_pass_and_no_acl_follows_allow_everyone() {
    let auth = Authorizer::in_memory(
        &["User:admin", "User:bob"],
        false,
        set(&[(topic("t", Literal), deny("User:*", All))]),
    );
    assert!(can(&auth, "admin", "h", Write, "t"));
    assert!(can(&auth, "bob", "h", Write, "t"));
    assert!(!can(&auth, "carol", "h", Write, "t"));
    // No ACL on the resource: as allow.everyone.if.no.acl.found says.
    assert!(!can(&auth, "carol", "h", Write, "other"));
    let open = Authorizer::in_memory(
        &[],
        true,
        set(&[(topic("t", Literal), allow("User:alice", Read))]),
    );
    assert!(can(&open, "carol", "h", Write, "other"));
    // An ACL for someone else on the resource closes it.
    assert!(!can(&open, "carol", "h", Read, "t"));
    // Another resource type's ACLs do not count.
    assert!(open.authorize(
        &KafkaPrincipal::user("carol"),
        "h",
        Read,
        ResourceType::Group,
        "t"
    ));
}

#[test]
fn filters_select_as_kafkas_do() {
    let acls = set(&[
        (topic("orders-", Prefixed), allow("User:alice", Read)),
        (topic("orders-eu", Literal), allow("User:bob", Write)),
        (topic("*", Literal), allow("User:carol", Read)),
    ]);
    let filter = |name: Option<&str>, pattern: PatternType| AclBindingFilter {
        pattern: ResourcePatternFilter {
            resource_type: ResourceType::Topic,
            name: name.map(str::to_string),
            pattern_type: pattern,
        },
        entry: AclEntryFilter::any(),
    };
    assert_eq!(acls.matching(&filter(None, PatternType::Any)).len(), 3);
    assert_eq!(acls.matching(&filter(Some("orders-eu"), Literal)).len(), 1);
    assert_eq!(
        acls.matching(&filter(Some("orders-"), PatternType::Any))
            .len(),
        1
    );
    assert_eq!(
        acls.matching(&filter(Some("orders-eu"), PatternType::Match))
            .len(),
        3
    );
    let mut by_principal = AclBindingFilter::any();
    by_principal.entry.principal = Some("User:bob".into());
    assert_eq!(acls.matching(&by_principal).len(), 1);
}

#[test]
fn kafka_names_and_prints() {
    assert_eq!(
        topic("t", Literal).to_string(),
        "ResourcePattern(resourceType=TOPIC, name=t, patternType=LITERAL)"
    );
    assert_eq!(
        allow("User:alice", Read).to_string(),
        "(principal=User:alice, host=*, operation=READ, permissionType=ALLOW)"
    );
    for op in AclOperation::SPECIFIC {
        assert_eq!(AclOperation::from_code(op.code()), Some(op));
        assert_eq!(AclOperation::parse(op.camel_name()), Some(op));
    }
    assert_eq!(
        AclOperation::parse("describe_configs"),
        Some(DescribeConfigs)
    );
    assert_eq!(AclOperation::from_code(8), Some(Describe));
    assert_eq!(
        ResourceType::parse("TransactionalId"),
        Some(ResourceType::TransactionalId)
    );
    assert_eq!(
        ResourceType::parse("TRANSACTIONAL_ID"),
        Some(ResourceType::TransactionalId)
    );
}

#[test]
fn znode_formats_are_kafkas() {
    let entries: BTreeSet<AclEntry> = [allow("User:alice", IdempotentWrite)].into();
    let bytes = zk_store::encode(&entries);
    assert_eq!(
        String::from_utf8(bytes.clone()).unwrap(),
        r#"{"version":1,"acls":[{"principal":"User:alice","permissionType":"Allow","operation":"IdempotentWrite","host":"*"}]}"#
    );
    assert_eq!(zk_store::decode("/x", &bytes).unwrap(), entries);
    assert_eq!(zk_store::path(&topic("t", Literal)), "/kafka-acl/Topic/t");
    assert_eq!(
        zk_store::path(&topic("t", Prefixed)),
        "/kafka-acl-extended/prefixed/Topic/t"
    );
    let (parent, data) = zk_store::change_notice(&topic("t", Literal));
    assert_eq!(
        (parent, data.as_slice()),
        ("/kafka-acl-changes", &b"TOPIC:t"[..])
    );
    assert_eq!(
        zk_store::parse_notice(parent, &data),
        Some(topic("t", Literal))
    );
    let (parent, data) = zk_store::change_notice(&topic("t", Prefixed));
    assert_eq!(parent, "/kafka-acl-extended-changes");
    assert_eq!(
        zk_store::parse_notice(parent, &data),
        Some(topic("t", Prefixed))
    );
}

#[tokio::test]
async fn standalone_acls_survive_a_reopen() {
    let dir = tempfile::tempdir().unwrap();
    let mut props = kt_base::config::Properties::new();
    props.insert(
        "authorizer.class.name".into(),
        "kafka.security.authorizer.AclAuthorizer".into(),
    );
    let (config, _) = kt_base::config::ServerConfig::from_properties(&props).unwrap();
    let auth = Authorizer::from_config(&config, dir.path(), false)
        .unwrap()
        .unwrap();
    let binding = AclBinding {
        pattern: topic("t", Prefixed),
        entry: allow("User:alice", Read),
    };
    assert!(auth.create(std::slice::from_ref(&binding)).await[0].is_ok());
    let again = Authorizer::from_config(&config, dir.path(), false)
        .unwrap()
        .unwrap();
    assert_eq!(
        again.describe(&AclBindingFilter::any()),
        vec![binding.clone()]
    );
    let deleted = again.delete(&[AclBindingFilter::any()]).await;
    assert_eq!(deleted[0].as_ref().unwrap(), &vec![binding]);
    let third = Authorizer::from_config(&config, dir.path(), false)
        .unwrap()
        .unwrap();
    assert!(third.describe(&AclBindingFilter::any()).is_empty());
}
