//! The metadata image as Kafka 3.9's metadata shell lays it out: `/image/...` (Kafka's
//! `MetadataImageNode` and its children) and `/local/...` (the shell's own version), each
//! leaf's text as Kafka's `toString` of the object writes it.

use std::collections::BTreeMap;

use kt_storage::kraft::{
    BrokerRegistration, MetadataImage, MetadataVersion, PartitionRegistration, ScramData,
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
                // kt's single node runs no controller quorum, so no controller registers.
                ("controllers".to_string(), dir([])),
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
        ("acls".to_string(), dir([])),
        ("scram".to_string(), scram(image)),
        ("delegationToken".to_string(), dir([])),
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

/// `BrokerRegistration.toString`.
fn broker(b: &BrokerRegistration) -> String {
    let mut endpoints = b.endpoints.clone();
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
    let mut features = b.features.clone();
    features.sort();
    let features: Vec<String> = features
        .iter()
        .map(|(name, min, max)| format!("{name}: {}", version_range(*min, *max)))
        .collect();
    let dirs: Vec<String> = b.log_dirs.iter().map(uuid_text).collect();
    format!(
        "BrokerRegistration(id={}, epoch={}, incarnationId={}, listeners=[{}], \
         supportedFeatures={{{}}}, rack={}, fenced={}, inControlledShutdown={}, \
         isMigratingZkBroker={}, directories=[{}])",
        b.id,
        b.epoch,
        uuid_text(&b.incarnation_id),
        listeners.join(", "),
        features.join(", "),
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
