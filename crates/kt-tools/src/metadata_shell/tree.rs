//! The metadata image as Kafka 3.9's metadata shell lays it out: `/image/...` (Kafka's
//! `MetadataImageNode` and its children) and `/local/...` (the shell's own version), each
//! leaf's text as Kafka's `toString` of the object writes it.

use std::collections::BTreeMap;

use kt_storage::kraft::{
    AclRecord, BrokerEndpoint, BrokerRegistration, ControllerRegistration, MetadataImage,
    MetadataVersion, PartitionRegistration, ScramData, TokenRecord,
};

/// A node of the shell's tree: a directory of named children or a file with its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Node {
    /// A directory; children sorted by name as Java's `String::compareTo` sorts them.
    Dir(BTreeMap<String, Node>),
    /// A file and the line `cat` prints.
    File(String),
}

impl Node {
    /// Whether the node is a directory.
    pub fn is_dir(&self) -> bool {
        matches!(self, Node::Dir(_))
    }

    /// The child named `name`, if this is a directory that has it.
    pub fn child(&self, name: &str) -> Option<&Node> {
        match self {
            Node::Dir(children) => children.get(name),
            Node::File(_) => None,
        }
    }

    /// The children's names, sorted.
    pub fn child_names(&self) -> Vec<String> {
        match self {
            Node::Dir(children) => children.keys().cloned().collect(),
            Node::File(_) => Vec::new(),
        }
    }

    /// Kafka's `MetadataNode.print` through `ShellNodePrinter`: a file prints its text, a
    /// directory each child as `name:` with its contents indented two spaces more.
    pub fn print(&self, indent: usize, out: &mut String) {
        match self {
            Node::File(text) => {
                out.push_str(&" ".repeat(indent * 2));
                out.push_str(text);
                out.push('\n');
            }
            Node::Dir(children) => {
                for (name, child) in children {
                    out.push_str(&" ".repeat(indent * 2));
                    out.push_str(name);
                    out.push_str(":\n");
                    child.print(indent + 1, out);
                }
            }
        }
    }
}

fn dir(entries: impl IntoIterator<Item = (String, Node)>) -> Node {
    Node::Dir(entries.into_iter().collect())
}

fn leaf(text: impl Into<String>) -> Node {
    Node::File(text.into())
}

/// Kafka's `Uuid.toString`: base64url without padding.
pub fn uuid_text(id: &[u8; 16]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(id)
}

/// Java's `Arrays.toString` of ints.
fn ints(v: &[i32]) -> String {
    let items: Vec<String> = v.iter().map(i32::to_string).collect();
    format!("[{}]", items.join(", "))
}

/// The root of the shell's tree for `image`.
pub fn root(image: &MetadataImage) -> Node {
    dir([
        ("image".to_string(), image_node(image)),
        (
            "local".to_string(),
            dir([
                ("version".to_string(), leaf(env!("CARGO_PKG_VERSION"))),
                (
                    "commitId".to_string(),
                    leaf(option_env!("KT_COMMIT_ID").unwrap_or("unknown")),
                ),
            ]),
        ),
    ])
}

fn image_node(image: &MetadataImage) -> Node {
    dir([
        ("provenance".to_string(), leaf(provenance(image))),
        ("features".to_string(), features(image)),
        (
            "cluster".to_string(),
            dir([
                (
                    "brokers".to_string(),
                    dir(image
                        .brokers
                        .iter()
                        .map(|(id, b)| (id.to_string(), leaf(broker(b))))),
                ),
                (
                    "controllers".to_string(),
                    dir(image
                        .controllers
                        .iter()
                        .map(|(id, c)| (id.to_string(), leaf(controller(c))))),
                ),
            ]),
        ),
        ("topics".to_string(), topics(image)),
        ("configs".to_string(), configs(image)),
        ("clientQuotas".to_string(), dir([])),
        (
            "producerIds".to_string(),
            dir([(
                "nextProducerId".to_string(),
                leaf(image.next_producer_id.to_string()),
            )]),
        ),
        (
            "acls".to_string(),
            dir([(
                "byId".to_string(),
                dir(image
                    .acls
                    .iter()
                    .map(|(id, acl)| (uuid_text(id), leaf(standard_acl(acl))))),
            )]),
        ),
        ("scram".to_string(), scram(image)),
        (
            "delegationToken".to_string(),
            dir(image
                .tokens
                .iter()
                .map(|(id, t)| (id.clone(), leaf(delegation_token(t))))),
        ),
    ])
}

/// `ProvenanceNode`: `offset N, epoch E, time 2024-01-01T00:00:00.5Z[UTC]` (Java's
/// ISO_ZONED_DATE_TIME: the fraction without trailing zeros, none when zero).
fn provenance(image: &MetadataImage) -> String {
    let p = image.provenance;
    let time = chrono::DateTime::from_timestamp_millis(p.time_ms)
        .unwrap_or_default()
        .naive_utc();
    let mut text = time.format("%Y-%m-%dT%H:%M:%S").to_string();
    let millis = p.time_ms.rem_euclid(1000);
    if millis != 0 {
        let fraction = format!("{millis:03}");
        text.push('.');
        text.push_str(fraction.trim_end_matches('0'));
    }
    format!("offset {}, epoch {}, time {text}Z[UTC]", p.offset, p.epoch)
}

fn features(image: &MetadataImage) -> Node {
    let version = image
        .metadata_version
        .and_then(|l| MetadataVersion::from_level(l).ok())
        .map_or("3.0-IV1".to_string(), |v| v.name.to_string());
    let mut children = vec![
        ("metadataVersion".to_string(), leaf(version)),
        ("zkMigrationState".to_string(), leaf("NONE")),
    ];
    for (name, level) in &image.finalized {
        children.push((format!("finalized_{name}"), leaf(level.to_string())));
    }
    dir(children)
}

fn security_protocol(id: i16) -> &'static str {
    match id {
        1 => "SSL",
        2 => "SASL_PLAINTEXT",
        3 => "SASL_SSL",
        _ => "PLAINTEXT",
    }
}

/// `Endpoint.toString` of each listener, sorted by listener name (as the registrations'
/// `toString` sorts them), joined with `, `.
fn listeners(endpoints: &[BrokerEndpoint]) -> String {
    let mut endpoints = endpoints.to_vec();
    endpoints.sort_by(|x, y| x.name.cmp(&y.name));
    let listeners: Vec<String> = endpoints
        .iter()
        .map(|e| {
            format!(
                "Endpoint(listenerName='{}', securityProtocol={}, host='{}', port={})",
                e.name,
                security_protocol(e.security_protocol),
                e.host,
                e.port
            )
        })
        .collect();
    listeners.join(", ")
}

/// The supported features as `name: range`, sorted by name, joined with `, `.
fn supported_features(features: &[(String, i16, i16)]) -> String {
    let mut features = features.to_vec();
    features.sort();
    let features: Vec<String> = features
        .iter()
        .map(|(name, min, max)| format!("{name}: {}", version_range(*min, *max)))
        .collect();
    features.join(", ")
}

/// `ControllerRegistration.toString`.
fn controller(c: &ControllerRegistration) -> String {
    format!(
        "ControllerRegistration(id={}, incarnationId={}, zkMigrationReady={}, listeners=[{}], \
         supportedFeatures={{{}}})",
        c.id,
        uuid_text(&c.incarnation_id),
        c.zk_migration_ready,
        listeners(&c.endpoints),
        supported_features(&c.features)
    )
}

/// `ResourceType` names by wire code.
fn acl_resource_type(code: i8) -> &'static str {
    match code {
        1 => "ANY",
        2 => "TOPIC",
        3 => "GROUP",
        4 => "CLUSTER",
        5 => "TRANSACTIONAL_ID",
        6 => "DELEGATION_TOKEN",
        7 => "USER",
        _ => "UNKNOWN",
    }
}

/// `PatternType` names by wire code.
fn pattern_type(code: i8) -> &'static str {
    match code {
        1 => "ANY",
        2 => "MATCH",
        3 => "LITERAL",
        4 => "PREFIXED",
        _ => "UNKNOWN",
    }
}

/// `AclOperation` names by wire code.
fn acl_operation(code: i8) -> &'static str {
    match code {
        1 => "ANY",
        2 => "ALL",
        3 => "READ",
        4 => "WRITE",
        5 => "CREATE",
        6 => "DELETE",
        7 => "ALTER",
        8 => "DESCRIBE",
        9 => "CLUSTER_ACTION",
        10 => "DESCRIBE_CONFIGS",
        11 => "ALTER_CONFIGS",
        12 => "IDEMPOTENT_WRITE",
        13 => "CREATE_TOKENS",
        14 => "DESCRIBE_TOKENS",
        _ => "UNKNOWN",
    }
}

/// `AclPermissionType` names by wire code.
fn permission_type(code: i8) -> &'static str {
    match code {
        1 => "ANY",
        2 => "DENY",
        3 => "ALLOW",
        _ => "UNKNOWN",
    }
}

/// `StandardAcl.toString`.
fn standard_acl(a: &AclRecord) -> String {
    format!(
        "StandardAcl(resourceType={}, resourceName={}, patternType={}, principal={}, \
         host={}, operation={}, permissionType={})",
        acl_resource_type(a.resource_type),
        a.resource_name,
        pattern_type(a.pattern_type),
        a.principal,
        a.host,
        acl_operation(a.operation),
        permission_type(a.permission_type)
    )
}

/// `DelegationTokenDataNode.print` with redaction disabled (as the shell prints it): its
/// parentheses do not pair up, and renewers are separated by a space.
fn delegation_token(t: &TokenRecord) -> String {
    format!(
        "DelegationTokenDatatokenId={}(owner={}(tokenRequester={}(renewers={}, \
         issueTimestamp={}, maxTimestamp={}), expiryTimestamp={}",
        t.token_id,
        t.owner,
        t.requester,
        t.renewers.join(" "),
        t.issue_timestamp,
        t.max_timestamp,
        t.expiration_timestamp
    )
}

/// `BrokerRegistration.toString`.
fn broker(b: &BrokerRegistration) -> String {
    let dirs: Vec<String> = b.log_dirs.iter().map(uuid_text).collect();
    format!(
        "BrokerRegistration(id={}, epoch={}, incarnationId={}, listeners=[{}], \
         supportedFeatures={{{}}}, rack={}, fenced={}, inControlledShutdown={}, \
         isMigratingZkBroker={}, directories=[{}])",
        b.id,
        b.epoch,
        uuid_text(&b.incarnation_id),
        listeners(&b.endpoints),
        supported_features(&b.features),
        b.rack
            .as_ref()
            .map_or("Optional.empty".to_string(), |r| format!("Optional[{r}]")),
        b.fenced,
        b.in_controlled_shutdown,
        b.is_migrating_zk_broker,
        dirs.join(", ")
    )
}

/// `VersionRange.toString`.
fn version_range(min: i16, max: i16) -> String {
    if min == max {
        min.to_string()
    } else if max == i16::MAX {
        format!("{min}+")
    } else {
        format!("{min}-{max}")
    }
}

/// `PartitionRegistration.toString`.
pub fn partition(p: &PartitionRegistration) -> String {
    let dirs: Vec<String> = p.directories.iter().map(uuid_text).collect();
    format!(
        "PartitionRegistration(replicas={}, directories=[{}], isr={}, removingReplicas={}, \
         addingReplicas={}, elr={}, lastKnownElr={}, leader={}, leaderRecoveryState={}, \
         leaderEpoch={}, partitionEpoch={})",
        ints(&p.replicas),
        dirs.join(", "),
        ints(&p.isr),
        ints(&p.removing),
        ints(&p.adding),
        ints(&p.elr),
        ints(&p.last_known_elr),
        p.leader,
        if p.leader_recovery_state == 1 {
            "RECOVERING"
        } else {
            "RECOVERED"
        },
        p.leader_epoch,
        p.partition_epoch
    )
}

fn topics(image: &MetadataImage) -> Node {
    let topic = |t: &kt_storage::kraft::TopicImage| -> Node {
        let mut children = vec![
            ("name".to_string(), leaf(t.name.clone())),
            ("id".to_string(), leaf(uuid_text(&t.id))),
        ];
        for (index, p) in &t.partitions {
            children.push((index.to_string(), leaf(partition(p))));
        }
        dir(children)
    };
    dir([
        (
            "byName".to_string(),
            dir(image.topics.values().map(|t| (t.name.clone(), topic(t)))),
        ),
        (
            "byId".to_string(),
            dir(image.topics.values().map(|t| (uuid_text(&t.id), topic(t)))),
        ),
    ])
}

/// `ConfigResource.Type` names by id.
fn resource_type(id: i8) -> &'static str {
    match id {
        2 => "TOPIC",
        4 => "BROKER",
        8 => "BROKER_LOGGER",
        16 => "CLIENT_METRICS",
        _ => "UNKNOWN",
    }
}

fn configs(image: &MetadataImage) -> Node {
    dir(image.configs.iter().map(|((kind, name), values)| {
        let key = if name.is_empty() {
            resource_type(*kind).to_string()
        } else {
            format!("{}:{name}", resource_type(*kind))
        };
        let children = values
            .iter()
            .map(|(k, v)| (k.clone(), leaf(v.clone())))
            .collect::<Vec<_>>();
        (key, dir(children))
    }))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn scram(image: &MetadataImage) -> Node {
    let mechanism = |id: i8| -> Node {
        let empty = BTreeMap::new();
        let users: &BTreeMap<String, ScramData> = image.scram.get(&id).unwrap_or(&empty);
        dir(users.iter().map(|(user, d)| {
            (
                user.clone(),
                leaf(format!(
                    "ScramCredentialData(salt={}, storedKey={}, serverKey={}, iterations={})",
                    hex(&d.salt),
                    hex(&d.stored_key),
                    hex(&d.server_key),
                    d.iterations
                )),
            )
        }))
    };
    dir([
        ("SCRAM-SHA-256".to_string(), mechanism(1)),
        ("SCRAM-SHA-512".to_string(), mechanism(2)),
    ])
}
