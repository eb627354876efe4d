//! A KRaft node's metadata log (`__cluster_metadata-0/00000000000000000000.log`): kt keeps
//! its state in its own files (the catalogue `kt-topics.json` for topics, producer ids and
//! dynamic broker configs; `kt-acls.json`, `kt-users.json`, `kt-delegation-tokens.json` for
//! ACLs, SCRAM credentials and delegation tokens) and runs no Raft quorum, but records what
//! Kafka's controller would have written there, in Kafka's record format, so that
//! `kafka-metadata-shell` (kt's or Kafka's) reads the node's metadata as it reads Kafka's.
//!
//! Each record is the difference between the log's image and the node's state: at start the
//! bootstrap records (when the log is empty), this start's broker and controller
//! registrations and whatever the files hold that the log does not; after every catalogue
//! write the topics, partitions, configs and producer-id block that changed; after a change
//! of ACLs, credentials or tokens those. Because it is a difference, a change the log missed
//! (a crash between the file's write and the log's) is written at the next one; the files
//! stay the source of truth.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use kt_storage::kraft::{
    AclRecord, BrokerEndpoint, BrokerRegistration, ControllerRegistration, KraftError,
    LoggedRecord, MetadataImage, MetadataRecord, PartitionRegistration, TokenRecord,
    BROKER_RESOURCE, LATEST_PRODUCTION, METADATA_PARTITION_DIR, TOPIC_RESOURCE,
};

use crate::catalogue::{Catalogue, TopicMeta};
use crate::dynamic_config::DynamicConfigs;
use crate::security::acl::{self, AclBinding};
use crate::security::delegation_token::{store::TOKENS_FILE, TokenInformation};
use crate::security::sasl::credentials::{self, USERS_FILE};
use crate::security::sasl::scram::{ScramCredential, ScramMechanism};
use crate::state::Broker;

/// The leader epoch of a quorum of one (as DescribeQuorum reports it).
const EPOCH: i32 = 1;

/// `metadata.version` 3.6-IV2, from which Kafka's controller records delegation tokens.
const TOKENS_SINCE: i16 = 14;
/// `metadata.version` 3.7-IV0, from which controllers register in the metadata log.
const CONTROLLER_REGISTRATION_SINCE: i16 = 15;

/// Appends of one process are serialized: two brokers of a test process each have their own
/// directory, but one broker's start and its first topic change must not interleave.
static APPENDS: Mutex<()> = Mutex::new(());

/// What the catalogue holds that the log records.
struct CatalogueState<'a> {
    topics: &'a BTreeMap<String, TopicMeta>,
    /// The next producer-id block, None to leave the log's as it is.
    next_producer_id: Option<i64>,
    broker_configs: &'a DynamicConfigs,
}

/// At the start of a KRaft node: the bootstrap records if the log is new, this start's
/// registrations, and whatever the node's files hold that the log does not.
pub fn record_start(broker: &Broker) {
    let catalogue = match Catalogue::load(broker.data_dir()) {
        Ok(catalogue) => Some(catalogue),
        Err(e) => {
            tracing::warn!("the metadata log does not record the catalogue: {e}");
            None
        }
    };
    let state = catalogue.as_ref().map(|c| CatalogueState {
        topics: &c.topics,
        next_producer_id: None,
        broker_configs: &c.broker_configs,
    });
    if let Err(e) = sync(broker, state, true) {
        tracing::warn!("cannot write the metadata log: {e}");
    }
}

/// After a catalogue write on a KRaft node: the changes of its topics, dynamic broker
/// configs and producer-id block. A failure is logged, not returned: the change is already
/// in the catalogue, and the next write records it in the log.
pub fn record_catalogue(broker: &Broker, catalogue: &Catalogue) {
    if broker.config().kraft.is_none() {
        return;
    }
    let state = CatalogueState {
        topics: &catalogue.topics,
        next_producer_id: Some(catalogue.next_producer_id_block),
        broker_configs: &catalogue.broker_configs,
    };
    if let Err(e) = sync(broker, Some(state), false) {
        tracing::warn!("cannot write the metadata log: {e}");
    }
}

/// After a change of ACLs, SCRAM credentials or delegation tokens on a KRaft node: their
/// changes. Logged, not returned, as [`record_catalogue`].
pub fn record_security(broker: &Broker) {
    if broker.config().kraft.is_none() {
        return;
    }
    if let Err(e) = sync(broker, None, false) {
        tracing::warn!("cannot write the metadata log: {e}");
    }
}

fn metadata_log_dir(broker: &Broker) -> Option<(PathBuf, PathBuf)> {
    let kraft = broker.config().kraft.as_ref()?;
    let metadata_dir = kraft.metadata_dir(&broker.config().log_dirs);
    Some((metadata_dir.join(METADATA_PARTITION_DIR), metadata_dir))
}

/// The `directory.id` of a formatted directory (all zeros, Kafka's UNASSIGNED, if none).
fn directory_id(dir: &Path) -> [u8; 16] {
    kt_storage::MetaProperties::read(dir)
        .ok()
        .flatten()
        .and_then(|m| m.directory_id)
        .and_then(|d| kt_storage::parse_uuid(&d))
        .unwrap_or_default()
}

fn sync(
    broker: &Broker,
    catalogue: Option<CatalogueState>,
    register: bool,
) -> Result<(), KraftError> {
    let Some((log_dir, metadata_dir)) = metadata_log_dir(broker) else {
        return Ok(());
    };
    let _serial = APPENDS.lock().unwrap_or_else(|e| e.into_inner());
    let (mut image, next_offset) = if log_dir.join(format!("{:020}.log", 0)).exists() {
        kt_storage::kraft::load_metadata_dir(&log_dir)?
    } else {
        (MetadataImage::default(), 0)
    };
    let me = broker.id();
    let mut records = Vec::new();

    if image.metadata_version.is_none() {
        // A new log opens with the bootstrap records `kafka-storage format` wrote.
        let bootstrap = metadata_dir.join(kt_storage::kraft::BOOTSTRAP_CHECKPOINT);
        match std::fs::read(&bootstrap) {
            Ok(bytes) => {
                for r in kt_storage::kraft::metadata_records_of(&bytes, &bootstrap)? {
                    records.push(r.record);
                }
            }
            // A directory formatted by hand or an older kt has no bootstrap records.
            Err(_) => records.push(MetadataRecord::FeatureLevel(
                "metadata.version".into(),
                LATEST_PRODUCTION.level,
            )),
        }
        // The differences below are taken from the image these records make (the SCRAM
        // credentials of `--add-scram` are in the node's files already).
        for record in &records {
            image.replay(&LoggedRecord {
                offset: next_offset,
                epoch: EPOCH,
                timestamp: -1,
                record: record.clone(),
            });
        }
    }
    // Feature levels changed by UpdateFeatures since.
    let mut metadata_version = image.metadata_version.unwrap_or(LATEST_PRODUCTION.level);
    if let Some(features) = broker.features() {
        for (name, level) in features.finalized().levels {
            // kraft.version lives in the Raft log's control records, not the image.
            if name == crate::features::KRAFT_VERSION {
                continue;
            }
            let current = if name == crate::features::METADATA_VERSION {
                image.metadata_version
            } else {
                image.finalized.get(&name).copied()
            };
            if name == crate::features::METADATA_VERSION {
                metadata_version = level;
            }
            if current != Some(level) {
                records.push(MetadataRecord::FeatureLevel(name, level));
            }
        }
    }

    let log_dirs = &broker.config().log_dirs;
    let dir_ids: Vec<(PathBuf, [u8; 16])> = log_dirs
        .iter()
        .map(|d| (d.clone(), directory_id(d)))
        .collect();
    if register {
        registrations(
            broker,
            next_offset,
            &dir_ids,
            metadata_version,
            &mut records,
        );
    }

    if let Some(catalogue) = &catalogue {
        topic_changes(&image, catalogue.topics, me, &dir_ids, &mut records);
        broker_config_changes(&image, catalogue.broker_configs, me, &mut records);
        if let Some(next) = catalogue.next_producer_id {
            if next != image.next_producer_id && next > 0 {
                let epoch = image.brokers.get(&me).map_or(-1, |b| b.epoch);
                records.push(MetadataRecord::ProducerIds(me, epoch, next));
            }
        }
    }
    security_changes(
        broker.data_dir(),
        &image,
        metadata_version >= TOKENS_SINCE,
        &mut records,
    );
    if records.is_empty() {
        return Ok(());
    }
    kt_storage::kraft::append_metadata(
        &log_dir,
        next_offset,
        EPOCH,
        kt_base::clock::now_ms(),
        &records,
    )
}

/// This start's broker registration and, on a node with the controller role, its controller
/// registration (as Kafka's ControllerRegistrationManager writes it, from 3.7-IV0 on).
fn registrations(
    broker: &Broker,
    next_offset: i64,
    dir_ids: &[(PathBuf, [u8; 16])],
    metadata_version: i16,
    records: &mut Vec<MetadataRecord>,
) {
    let me = broker.id();
    let features: Vec<(String, i16, i16)> = crate::features::supported()
        .iter()
        .map(|(n, min, max)| (n.to_string(), *min, *max))
        .collect();
    let epoch = next_offset + records.len() as i64;
    records.push(MetadataRecord::RegisterBroker(BrokerRegistration {
        id: me,
        incarnation_id: incarnation_id(),
        epoch,
        endpoints: broker
            .advertised_listeners()
            .into_iter()
            .map(|l| BrokerEndpoint {
                name: l.name,
                host: l.host,
                port: l.port,
                security_protocol: protocol_id(l.protocol.name()),
            })
            .collect(),
        features: features.clone(),
        rack: None,
        fenced: false,
        in_controlled_shutdown: false,
        is_migrating_zk_broker: false,
        log_dirs: dir_ids.iter().map(|(_, id)| *id).collect(),
    }));
    let Some(kraft) = broker.config().kraft.as_ref() else {
        return;
    };
    if !kraft.is_controller() || metadata_version < CONTROLLER_REGISTRATION_SINCE {
        return;
    }
    // Kafka's effective advertised controller listeners: those of `advertised.listeners`,
    // else those of `listeners`.
    let listeners = if kraft.advertised_controller_listeners.is_empty() {
        &kraft.controller_listeners
    } else {
        &kraft.advertised_controller_listeners
    };
    records.push(MetadataRecord::RegisterController(ControllerRegistration {
        id: me,
        incarnation_id: incarnation_id(),
        zk_migration_ready: false,
        endpoints: listeners
            .iter()
            .map(|l| BrokerEndpoint {
                name: l.name.clone(),
                host: crate::state::advertised_host(&l.host),
                port: l.port,
                security_protocol: protocol_id(l.protocol.name()),
            })
            .collect(),
        features,
    }));
}

/// A new incarnation id (random, never Kafka's zero `Uuid`).
fn incarnation_id() -> [u8; 16] {
    let mut id = *uuid::Uuid::new_v4().as_bytes();
    id[0] |= 1;
    id
}

/// Kafka's `SecurityProtocol` id.
fn protocol_id(name: &str) -> i16 {
    match name {
        "SSL" => 1,
        "SASL_PLAINTEXT" => 2,
        "SASL_SSL" => 3,
        _ => 0,
    }
}

/// The records that take the image's topics to `topics`: new topics with their partitions
/// and configs, deleted topics, added partitions, changed configs.
fn topic_changes(
    image: &MetadataImage,
    topics: &BTreeMap<String, TopicMeta>,
    me: i32,
    dir_ids: &[(PathBuf, [u8; 16])],
    records: &mut Vec<MetadataRecord>,
) {
    for t in image.topics.values() {
        let kept = topics
            .get(&t.name)
            .is_some_and(|meta| *meta.id.as_bytes() == t.id);
        if !kept {
            records.push(MetadataRecord::RemoveTopic(t.id));
        }
    }
    for (name, meta) in topics {
        let id = *meta.id.as_bytes();
        let existing = image.topics.get(&id).filter(|t| &t.name == name);
        if existing.is_none() {
            records.push(MetadataRecord::Topic(name.clone(), id));
        }
        let known = existing.map_or(0, |t| t.partitions.len() as i32);
        for partition in known..meta.partitions {
            let dir = dir_ids
                .iter()
                .find(|(d, _)| d.join(format!("{name}-{partition}")).exists())
                .or(dir_ids.first())
                .map(|(_, id)| *id)
                .unwrap_or_default();
            records.push(MetadataRecord::Partition(PartitionRegistration {
                partition,
                topic_id: id,
                replicas: vec![me],
                isr: vec![me],
                removing: vec![],
                adding: vec![],
                leader: me,
                leader_recovery_state: 0,
                leader_epoch: 0,
                partition_epoch: 0,
                directories: vec![dir],
                elr: vec![],
                last_known_elr: vec![],
            }));
        }
        let empty = BTreeMap::new();
        let logged = if existing.is_some() {
            image
                .configs
                .get(&(TOPIC_RESOURCE, name.clone()))
                .unwrap_or(&empty)
        } else {
            &empty
        };
        config_changes(TOPIC_RESOURCE, name, logged, &meta.configs, records);
    }
}

/// The ConfigRecords that take one resource's `logged` configs to `wanted`: a value for each
/// new or changed key, a null value for each removed one.
fn config_changes(
    resource_type: i8,
    resource_name: &str,
    logged: &BTreeMap<String, String>,
    wanted: &BTreeMap<String, String>,
    records: &mut Vec<MetadataRecord>,
) {
    let record = |name: &str, value: Option<&String>| MetadataRecord::Config {
        resource_type,
        resource_name: resource_name.to_string(),
        name: name.to_string(),
        value: value.cloned(),
    };
    for (key, value) in wanted {
        if logged.get(key) != Some(value) {
            records.push(record(key, Some(value)));
        }
    }
    for key in logged.keys() {
        if !wanted.contains_key(key) {
            records.push(record(key, None));
        }
    }
}

/// The dynamic broker configs: this node's as the BROKER resource named by its id, the
/// cluster default as the BROKER resource named "".
fn broker_config_changes(
    image: &MetadataImage,
    layers: &DynamicConfigs,
    me: i32,
    records: &mut Vec<MetadataRecord>,
) {
    let empty = BTreeMap::new();
    for (name, wanted) in [
        (me.to_string(), &layers.broker),
        (String::new(), &layers.default),
    ] {
        let logged = image
            .configs
            .get(&(BROKER_RESOURCE, name.clone()))
            .unwrap_or(&empty);
        config_changes(BROKER_RESOURCE, &name, logged, wanted, records);
    }
}

/// The ACLs, SCRAM credentials and (when the metadata version has them) delegation tokens
/// of the node's files against the image's. A file that cannot be read is left out (with a
/// warning) rather than taken for empty, which would remove everything it holds.
fn security_changes(
    data_dir: &Path,
    image: &MetadataImage,
    with_tokens: bool,
    records: &mut Vec<MetadataRecord>,
) {
    match acl::load_standalone(data_dir) {
        Ok(set) => acl_changes(image, &set.bindings().collect::<Vec<_>>(), records),
        Err(e) => tracing::warn!("the metadata log does not record the ACLs: {e}"),
    }
    match credentials::read_standalone(&data_dir.join(USERS_FILE)) {
        Ok(users) => scram_changes(image, &users, records),
        Err(e) => tracing::warn!("the metadata log does not record the SCRAM credentials: {e}"),
    }
    if with_tokens {
        match crate::security::delegation_token::store::read_standalone(&data_dir.join(TOKENS_FILE))
        {
            Ok(tokens) => token_changes(image, &tokens, records),
            Err(e) => tracing::warn!("the metadata log does not record the tokens: {e}"),
        }
    }
}

/// An ACL as its record holds it, under `id`.
fn acl_record(id: [u8; 16], binding: &AclBinding) -> AclRecord {
    AclRecord {
        id,
        resource_type: binding.pattern.resource_type.code(),
        resource_name: binding.pattern.name.clone(),
        pattern_type: binding.pattern.pattern_type.code(),
        principal: binding.entry.principal.clone(),
        host: binding.entry.host.clone(),
        operation: binding.entry.operation.code(),
        permission_type: binding.entry.permission.code(),
    }
}

/// ACLs are compared by content (kt's store has no ids): an ACL of the image the node no
/// longer has is removed by its id, one the image lacks is added under a new random id, as
/// Kafka's controller gives each new ACL.
fn acl_changes(image: &MetadataImage, bindings: &[AclBinding], records: &mut Vec<MetadataRecord>) {
    let content = |a: &AclRecord| AclRecord {
        id: [0; 16],
        ..a.clone()
    };
    let wanted: std::collections::BTreeSet<AclRecord> =
        bindings.iter().map(|b| acl_record([0; 16], b)).collect();
    let mut logged = std::collections::BTreeSet::new();
    for (id, acl) in &image.acls {
        let acl = content(acl);
        // A second record of the same ACL is removed too: the image keeps one of each.
        if !wanted.contains(&acl) || !logged.insert(acl) {
            records.push(MetadataRecord::RemoveAccessControlEntry(*id));
        }
    }
    for acl in wanted.difference(&logged) {
        records.push(MetadataRecord::AccessControlEntry(AclRecord {
            id: incarnation_id(),
            ..acl.clone()
        }));
    }
}

/// Each user's `SCRAM-SHA-256` / `SCRAM-SHA-512` credential of the users file against the
/// image's.
fn scram_changes(
    image: &MetadataImage,
    users: &BTreeMap<String, credentials::UserConfig>,
    records: &mut Vec<MetadataRecord>,
) {
    for mechanism in ScramMechanism::ALL {
        let code = mechanism.code();
        let empty = BTreeMap::new();
        let logged = image.scram.get(&code).unwrap_or(&empty);
        let mut wanted = BTreeMap::new();
        for (user, config) in users {
            let Some(text) = config.get(mechanism.name()) else {
                continue;
            };
            match ScramCredential::parse(text) {
                Ok(c) => {
                    wanted.insert(user.clone(), c);
                }
                Err(e) => tracing::warn!("user {user}: {e}"),
            }
        }
        for (user, c) in &wanted {
            let same = logged.get(user).is_some_and(|l| {
                l.salt == c.salt
                    && l.stored_key == c.stored_key
                    && l.server_key == c.server_key
                    && l.iterations == c.iterations
            });
            if !same {
                records.push(MetadataRecord::UserScramCredential {
                    user: user.clone(),
                    mechanism: code,
                    salt: c.salt.clone(),
                    stored_key: c.stored_key.clone(),
                    server_key: c.server_key.clone(),
                    iterations: c.iterations,
                });
            }
        }
        for user in logged.keys() {
            if !wanted.contains_key(user) {
                records.push(MetadataRecord::RemoveUserScramCredential(
                    user.clone(),
                    code,
                ));
            }
        }
    }
}

/// The delegation tokens of the tokens file against the image's: a new or renewed token is
/// (re)written whole, an expired or removed one removed by id.
fn token_changes(
    image: &MetadataImage,
    tokens: &[TokenInformation],
    records: &mut Vec<MetadataRecord>,
) {
    for token in tokens {
        let record = TokenRecord {
            token_id: token.token_id.clone(),
            owner: token.owner.to_string(),
            requester: token.requester.to_string(),
            renewers: token.renewers.iter().map(|r| r.to_string()).collect(),
            issue_timestamp: token.issue_timestamp,
            max_timestamp: token.max_timestamp,
            expiration_timestamp: token.expiry_timestamp,
        };
        if image.tokens.get(&token.token_id) != Some(&record) {
            records.push(MetadataRecord::DelegationToken(record));
        }
    }
    for id in image.tokens.keys() {
        if !tokens.iter().any(|t| &t.token_id == id) {
            records.push(MetadataRecord::RemoveDelegationToken(id.clone()));
        }
    }
}
