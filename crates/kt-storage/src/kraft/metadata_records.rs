//! The KRaft metadata records kt reads and writes in `__cluster_metadata`, in Kafka's
//! `MetadataRecordSerde` framing: an unsigned-varint frame version (1), api key and record
//! version, then the record's flexible-version body (compact strings and arrays, tagged
//! fields). Records of other kinds are kept as [`MetadataRecord::Other`] so that a log
//! written by Kafka still loads; only what the metadata image shows is decoded.

use bytes::{Buf, BufMut, Bytes, BytesMut};

/// Api keys of the metadata records (Kafka's `metadata/*.json`).
pub mod api_key {
    /// RegisterBrokerRecord.
    pub const REGISTER_BROKER: u32 = 0;
    /// UnregisterBrokerRecord.
    pub const UNREGISTER_BROKER: u32 = 1;
    /// TopicRecord.
    pub const TOPIC: u32 = 2;
    /// PartitionRecord.
    pub const PARTITION: u32 = 3;
    /// ConfigRecord.
    pub const CONFIG: u32 = 4;
    /// PartitionChangeRecord.
    pub const PARTITION_CHANGE: u32 = 5;
    /// FenceBrokerRecord.
    pub const FENCE_BROKER: u32 = 7;
    /// UnfenceBrokerRecord.
    pub const UNFENCE_BROKER: u32 = 8;
    /// RemoveTopicRecord.
    pub const REMOVE_TOPIC: u32 = 9;
    /// DelegationTokenRecord.
    pub const DELEGATION_TOKEN: u32 = 10;
    /// UserScramCredentialRecord.
    pub const USER_SCRAM_CREDENTIAL: u32 = 11;
    /// FeatureLevelRecord.
    pub const FEATURE_LEVEL: u32 = 12;
    /// ProducerIdsRecord.
    pub const PRODUCER_IDS: u32 = 15;
    /// AccessControlEntryRecord.
    pub const ACCESS_CONTROL_ENTRY: u32 = 18;
    /// RemoveAccessControlEntryRecord.
    pub const REMOVE_ACCESS_CONTROL_ENTRY: u32 = 19;
    /// RemoveUserScramCredentialRecord.
    pub const REMOVE_USER_SCRAM_CREDENTIAL: u32 = 22;
    /// RemoveDelegationTokenRecord.
    pub const REMOVE_DELEGATION_TOKEN: u32 = 26;
    /// RegisterControllerRecord.
    pub const REGISTER_CONTROLLER: u32 = 27;
}

/// A broker's listener in a `RegisterBrokerRecord`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BrokerEndpoint {
    /// The listener name.
    pub name: String,
    /// Its advertised host.
    pub host: String,
    /// Its port.
    pub port: u16,
    /// Kafka's security protocol id (0 PLAINTEXT, 1 SSL, 2 SASL_PLAINTEXT, 3 SASL_SSL).
    pub security_protocol: i16,
}

/// A broker's registration (`RegisterBrokerRecord`, version 3).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BrokerRegistration {
    /// The broker id.
    pub id: i32,
    /// The incarnation id (new at each start).
    pub incarnation_id: [u8; 16],
    /// The broker epoch (Kafka uses the offset of the registration record).
    pub epoch: i64,
    /// The listeners.
    pub endpoints: Vec<BrokerEndpoint>,
    /// Supported feature ranges: (name, min, max).
    pub features: Vec<(String, i16, i16)>,
    /// The rack, if any.
    pub rack: Option<String>,
    /// Whether the broker is fenced.
    pub fenced: bool,
    /// Whether it is shutting down.
    pub in_controlled_shutdown: bool,
    /// Whether it is a ZooKeeper broker being migrated.
    pub is_migrating_zk_broker: bool,
    /// The ids of its log directories.
    pub log_dirs: Vec<[u8; 16]>,
}

/// A controller's registration (`RegisterControllerRecord`, version 0): what a KRaft
/// controller writes at each start so that the cluster knows its endpoints and features.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ControllerRegistration {
    /// The controller's node id.
    pub id: i32,
    /// The incarnation id (new at each start).
    pub incarnation_id: [u8; 16],
    /// Whether the controller is configured for a ZooKeeper migration.
    pub zk_migration_ready: bool,
    /// The controller listeners.
    pub endpoints: Vec<BrokerEndpoint>,
    /// Supported feature ranges: (name, min, max).
    pub features: Vec<(String, i16, i16)>,
}

/// One ACL (`AccessControlEntryRecord`, version 0): Kafka's `StandardAcl` with the id the
/// controller gave it, every enum as its wire code.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct AclRecord {
    /// The ACL's id, which RemoveAccessControlEntryRecord names.
    pub id: [u8; 16],
    /// `ResourceType` code (2 TOPIC, 3 GROUP, 4 CLUSTER, ...).
    pub resource_type: i8,
    /// The resource name (or prefix).
    pub resource_name: String,
    /// `PatternType` code (3 LITERAL, 4 PREFIXED).
    pub pattern_type: i8,
    /// `Type:name`.
    pub principal: String,
    /// A client host or `*`.
    pub host: String,
    /// `AclOperation` code (3 READ, 4 WRITE, ...).
    pub operation: i8,
    /// `AclPermissionType` code (2 DENY, 3 ALLOW).
    pub permission_type: i8,
}

/// A delegation token's information (`DelegationTokenRecord`, version 0); its secret is not
/// in the log (every node derives it from the token id).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenRecord {
    /// The token id.
    pub token_id: String,
    /// The owner, `Type:name`.
    pub owner: String,
    /// Who asked for it, `Type:name`.
    pub requester: String,
    /// Who may renew it, each `Type:name`.
    pub renewers: Vec<String>,
    /// When it was issued, in ms.
    pub issue_timestamp: i64,
    /// When it can no longer be renewed, in ms.
    pub max_timestamp: i64,
    /// When it expires unless renewed, in ms.
    pub expiration_timestamp: i64,
}

/// A partition's registration (`PartitionRecord`, version 1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartitionRegistration {
    /// The partition index.
    pub partition: i32,
    /// Its topic's id.
    pub topic_id: [u8; 16],
    /// The replicas.
    pub replicas: Vec<i32>,
    /// The in-sync replicas.
    pub isr: Vec<i32>,
    /// Replicas being removed by a reassignment.
    pub removing: Vec<i32>,
    /// Replicas being added by a reassignment.
    pub adding: Vec<i32>,
    /// The leader.
    pub leader: i32,
    /// 0 RECOVERED, 1 RECOVERING.
    pub leader_recovery_state: i8,
    /// The leader epoch.
    pub leader_epoch: i32,
    /// The partition epoch.
    pub partition_epoch: i32,
    /// Each replica's log directory id (version 1+).
    pub directories: Vec<[u8; 16]>,
    /// Eligible leader replicas (version 2+).
    pub elr: Vec<i32>,
    /// Last known ELR (version 2+).
    pub last_known_elr: Vec<i32>,
}

/// The changes of a `PartitionChangeRecord` (absent fields change nothing).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PartitionChange {
    /// The partition index.
    pub partition: i32,
    /// Its topic's id.
    pub topic_id: [u8; 16],
    /// New ISR.
    pub isr: Option<Vec<i32>>,
    /// New leader (-2: unchanged).
    pub leader: i32,
    /// New replicas.
    pub replicas: Option<Vec<i32>>,
    /// New removing replicas.
    pub removing: Option<Vec<i32>>,
    /// New adding replicas.
    pub adding: Option<Vec<i32>>,
    /// New leader recovery state (-1: unchanged).
    pub leader_recovery_state: i8,
    /// New directories.
    pub directories: Option<Vec<[u8; 16]>>,
}

/// One metadata record, decoded as far as the image needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MetadataRecord {
    /// A broker registered.
    RegisterBroker(BrokerRegistration),
    /// A broker left (id, epoch).
    UnregisterBroker(i32, i64),
    /// A topic was created (name, id).
    Topic(String, [u8; 16]),
    /// A partition was created.
    Partition(PartitionRegistration),
    /// A config was set (value) or removed (None): resource type, resource name, key.
    Config {
        /// Kafka's ConfigResource type (2 TOPIC, 4 BROKER, ...).
        resource_type: i8,
        /// The resource's name ("" for the cluster default).
        resource_name: String,
        /// The config key.
        name: String,
        /// The value, None to remove it.
        value: Option<String>,
    },
    /// A partition changed.
    PartitionChange(PartitionChange),
    /// A broker was fenced (id, epoch).
    FenceBroker(i32, i64),
    /// A broker was unfenced (id, epoch).
    UnfenceBroker(i32, i64),
    /// A topic was deleted.
    RemoveTopic([u8; 16]),
    /// A SCRAM credential was set: user, mechanism, salt, stored key, server key, iterations.
    UserScramCredential {
        /// The user.
        user: String,
        /// 1 SCRAM-SHA-256, 2 SCRAM-SHA-512.
        mechanism: i8,
        /// The salt.
        salt: Vec<u8>,
        /// H(ClientKey).
        stored_key: Vec<u8>,
        /// ServerKey.
        server_key: Vec<u8>,
        /// Iterations.
        iterations: i32,
    },
    /// A SCRAM credential was removed (user, mechanism).
    RemoveUserScramCredential(String, i8),
    /// A feature's finalized level.
    FeatureLevel(String, i16),
    /// An ACL was created.
    AccessControlEntry(AclRecord),
    /// The ACL of this id was deleted.
    RemoveAccessControlEntry([u8; 16]),
    /// A delegation token was created or renewed.
    DelegationToken(TokenRecord),
    /// The delegation token of this id was expired.
    RemoveDelegationToken(String),
    /// A controller registered.
    RegisterController(ControllerRegistration),
    /// The next producer-id block (broker, epoch, next producer id).
    ProducerIds(i32, i64, i64),
    /// A record kt does not decode: its api key and version.
    Other(u32, u32),
}

/// Why a record could not be read.
#[derive(Debug, thiserror::Error)]
#[error("malformed metadata record: {0}")]
pub struct RecordError(pub String);

type R<T> = Result<T, RecordError>;

fn short() -> RecordError {
    RecordError("truncated".into())
}

/// Reads the flexible-version fields of a record body.
struct Reader {
    b: Bytes,
}

impl Reader {
    fn need(&self, n: usize) -> R<()> {
        if self.b.remaining() < n {
            Err(short())
        } else {
            Ok(())
        }
    }
    fn uvarint(&mut self) -> R<u32> {
        let mut v: u32 = 0;
        for shift in (0..35).step_by(7) {
            self.need(1)?;
            let byte = self.b.get_u8();
            v |= u32::from(byte & 0x7f) << shift;
            if byte & 0x80 == 0 {
                return Ok(v);
            }
        }
        Err(RecordError("varint too long".into()))
    }
    fn i8(&mut self) -> R<i8> {
        self.need(1)?;
        Ok(self.b.get_i8())
    }
    fn bool(&mut self) -> R<bool> {
        Ok(self.i8()? != 0)
    }
    fn i16(&mut self) -> R<i16> {
        self.need(2)?;
        Ok(self.b.get_i16())
    }
    fn u16(&mut self) -> R<u16> {
        self.need(2)?;
        Ok(self.b.get_u16())
    }
    fn i32(&mut self) -> R<i32> {
        self.need(4)?;
        Ok(self.b.get_i32())
    }
    fn i64(&mut self) -> R<i64> {
        self.need(8)?;
        Ok(self.b.get_i64())
    }
    fn uuid(&mut self) -> R<[u8; 16]> {
        self.need(16)?;
        let mut id = [0u8; 16];
        self.b.copy_to_slice(&mut id);
        Ok(id)
    }
    /// Compact nullable length: None for null.
    fn compact_len(&mut self) -> R<Option<usize>> {
        let n = self.uvarint()?;
        Ok(n.checked_sub(1).map(|n| n as usize))
    }
    fn bytes(&mut self) -> R<Vec<u8>> {
        let n = self.compact_len()?.unwrap_or(0);
        self.need(n)?;
        Ok(self.b.copy_to_bytes(n).to_vec())
    }
    fn nullable_string(&mut self) -> R<Option<String>> {
        let Some(n) = self.compact_len()? else {
            return Ok(None);
        };
        self.need(n)?;
        let raw = self.b.copy_to_bytes(n);
        String::from_utf8(raw.to_vec())
            .map(Some)
            .map_err(|_| RecordError("string is not UTF-8".into()))
    }
    fn string(&mut self) -> R<String> {
        Ok(self.nullable_string()?.unwrap_or_default())
    }
    fn nullable_i32s(&mut self) -> R<Option<Vec<i32>>> {
        let Some(n) = self.compact_len()? else {
            return Ok(None);
        };
        (0..n).map(|_| self.i32()).collect::<R<Vec<_>>>().map(Some)
    }
    fn i32s(&mut self) -> R<Vec<i32>> {
        Ok(self.nullable_i32s()?.unwrap_or_default())
    }
    fn strings(&mut self) -> R<Vec<String>> {
        let n = self.compact_len()?.unwrap_or(0);
        (0..n).map(|_| self.string()).collect()
    }
    /// Compact array of (name, host, port, security protocol) endpoints, each with tags.
    fn endpoints(&mut self) -> R<Vec<BrokerEndpoint>> {
        let mut endpoints = Vec::new();
        for _ in 0..self.compact_len()?.unwrap_or(0) {
            endpoints.push(BrokerEndpoint {
                name: self.string()?,
                host: self.string()?,
                port: self.u16()?,
                security_protocol: self.i16()?,
            });
            self.tags()?;
        }
        Ok(endpoints)
    }
    /// Compact array of (name, min, max) feature ranges, each with tags.
    fn features(&mut self) -> R<Vec<(String, i16, i16)>> {
        let mut features = Vec::new();
        for _ in 0..self.compact_len()?.unwrap_or(0) {
            features.push((self.string()?, self.i16()?, self.i16()?));
            self.tags()?;
        }
        Ok(features)
    }
    fn nullable_uuids(&mut self) -> R<Option<Vec<[u8; 16]>>> {
        let Some(n) = self.compact_len()? else {
            return Ok(None);
        };
        (0..n).map(|_| self.uuid()).collect::<R<Vec<_>>>().map(Some)
    }
    /// The tagged fields: each (tag, bytes), for the caller to pick from.
    fn tags(&mut self) -> R<Vec<(u32, Reader)>> {
        let count = self.uvarint()?;
        let mut tags = Vec::new();
        for _ in 0..count {
            let tag = self.uvarint()?;
            let size = self.uvarint()? as usize;
            self.need(size)?;
            tags.push((
                tag,
                Reader {
                    b: self.b.copy_to_bytes(size),
                },
            ));
        }
        Ok(tags)
    }
}

/// Writes the flexible-version fields of a record body.
struct Writer {
    b: BytesMut,
}

impl Writer {
    fn new(api_key: u32, version: u32) -> Self {
        let mut w = Writer { b: BytesMut::new() };
        w.uvarint(1);
        w.uvarint(api_key);
        w.uvarint(version);
        w
    }
    fn uvarint(&mut self, mut v: u32) {
        while v >= 0x80 {
            self.b.put_u8((v as u8 & 0x7f) | 0x80);
            v >>= 7;
        }
        self.b.put_u8(v as u8);
    }
    fn string(&mut self, s: &str) {
        self.uvarint(s.len() as u32 + 1);
        self.b.put_slice(s.as_bytes());
    }
    fn nullable_string(&mut self, s: Option<&str>) {
        match s {
            Some(s) => self.string(s),
            None => self.uvarint(0),
        }
    }
    fn i32s(&mut self, v: &[i32]) {
        self.uvarint(v.len() as u32 + 1);
        for x in v {
            self.b.put_i32(*x);
        }
    }
    fn uuids(&mut self, v: &[[u8; 16]]) {
        self.uvarint(v.len() as u32 + 1);
        for x in v {
            self.b.put_slice(x);
        }
    }
    fn compact_bytes(&mut self, v: &[u8]) {
        self.uvarint(v.len() as u32 + 1);
        self.b.put_slice(v);
    }
    fn strings(&mut self, v: &[String]) {
        self.uvarint(v.len() as u32 + 1);
        for s in v {
            self.string(s);
        }
    }
    fn endpoints(&mut self, v: &[BrokerEndpoint]) {
        self.uvarint(v.len() as u32 + 1);
        for e in v {
            self.string(&e.name);
            self.string(&e.host);
            self.b.put_u16(e.port);
            self.b.put_i16(e.security_protocol);
            self.no_tags();
        }
    }
    fn features(&mut self, v: &[(String, i16, i16)]) {
        self.uvarint(v.len() as u32 + 1);
        for (name, min, max) in v {
            self.string(name);
            self.b.put_i16(*min);
            self.b.put_i16(*max);
            self.no_tags();
        }
    }
    fn no_tags(&mut self) {
        self.uvarint(0);
    }
    fn finish(self) -> Bytes {
        self.b.freeze()
    }
}

impl MetadataRecord {
    /// Decodes one framed record (a record batch entry's value).
    pub fn decode(value: Bytes) -> R<MetadataRecord> {
        let mut r = Reader { b: value };
        let frame = r.uvarint()?;
        if frame != 1 {
            return Err(RecordError(format!("unknown frame version {frame}")));
        }
        let key = r.uvarint()?;
        let version = r.uvarint()?;
        use api_key::*;
        Ok(match key {
            REGISTER_BROKER => {
                let id = r.i32()?;
                let is_migrating_zk_broker = if version >= 2 { r.bool()? } else { false };
                let incarnation_id = r.uuid()?;
                let epoch = r.i64()?;
                let endpoints = r.endpoints()?;
                let features = r.features()?;
                let rack = r.nullable_string()?;
                let fenced = r.bool()?;
                let in_controlled_shutdown = if version >= 1 { r.bool()? } else { false };
                let mut log_dirs = Vec::new();
                for (tag, mut t) in r.tags()? {
                    if tag == 0 && version >= 3 {
                        log_dirs = t.nullable_uuids()?.unwrap_or_default();
                    }
                }
                MetadataRecord::RegisterBroker(BrokerRegistration {
                    id,
                    incarnation_id,
                    epoch,
                    endpoints,
                    features,
                    rack,
                    fenced,
                    in_controlled_shutdown,
                    is_migrating_zk_broker,
                    log_dirs,
                })
            }
            UNREGISTER_BROKER => MetadataRecord::UnregisterBroker(r.i32()?, r.i64()?),
            TOPIC => MetadataRecord::Topic(r.string()?, r.uuid()?),
            PARTITION => {
                let partition = r.i32()?;
                let topic_id = r.uuid()?;
                let replicas = r.i32s()?;
                let isr = r.i32s()?;
                let removing = r.i32s()?;
                let adding = r.i32s()?;
                let leader = r.i32()?;
                let leader_epoch = r.i32()?;
                let partition_epoch = r.i32()?;
                let directories = if version >= 1 {
                    r.nullable_uuids()?.unwrap_or_default()
                } else {
                    Vec::new()
                };
                let mut p = PartitionRegistration {
                    partition,
                    topic_id,
                    replicas,
                    isr,
                    removing,
                    adding,
                    leader,
                    leader_recovery_state: 0,
                    leader_epoch,
                    partition_epoch,
                    directories,
                    elr: Vec::new(),
                    last_known_elr: Vec::new(),
                };
                for (tag, mut t) in r.tags()? {
                    match tag {
                        0 => p.leader_recovery_state = t.i8()?,
                        1 => p.elr = t.i32s()?,
                        2 => p.last_known_elr = t.i32s()?,
                        _ => {}
                    }
                }
                MetadataRecord::Partition(p)
            }
            CONFIG => MetadataRecord::Config {
                resource_type: r.i8()?,
                resource_name: r.string()?,
                name: r.string()?,
                value: r.nullable_string()?,
            },
            PARTITION_CHANGE => {
                let mut c = PartitionChange {
                    partition: r.i32()?,
                    topic_id: r.uuid()?,
                    leader: -2,
                    leader_recovery_state: -1,
                    ..Default::default()
                };
                for (tag, mut t) in r.tags()? {
                    match tag {
                        0 => c.isr = t.nullable_i32s()?,
                        1 => c.leader = t.i32()?,
                        2 => c.replicas = t.nullable_i32s()?,
                        3 => c.removing = t.nullable_i32s()?,
                        4 => c.adding = t.nullable_i32s()?,
                        5 => c.leader_recovery_state = t.i8()?,
                        8 => c.directories = t.nullable_uuids()?,
                        _ => {}
                    }
                }
                MetadataRecord::PartitionChange(c)
            }
            FENCE_BROKER => MetadataRecord::FenceBroker(r.i32()?, r.i64()?),
            UNFENCE_BROKER => MetadataRecord::UnfenceBroker(r.i32()?, r.i64()?),
            REMOVE_TOPIC => MetadataRecord::RemoveTopic(r.uuid()?),
            USER_SCRAM_CREDENTIAL => MetadataRecord::UserScramCredential {
                user: r.string()?,
                mechanism: r.i8()?,
                salt: r.bytes()?,
                stored_key: r.bytes()?,
                server_key: r.bytes()?,
                iterations: r.i32()?,
            },
            REMOVE_USER_SCRAM_CREDENTIAL => {
                MetadataRecord::RemoveUserScramCredential(r.string()?, r.i8()?)
            }
            FEATURE_LEVEL => MetadataRecord::FeatureLevel(r.string()?, r.i16()?),
            PRODUCER_IDS => MetadataRecord::ProducerIds(r.i32()?, r.i64()?, r.i64()?),
            ACCESS_CONTROL_ENTRY => MetadataRecord::AccessControlEntry(AclRecord {
                id: r.uuid()?,
                resource_type: r.i8()?,
                resource_name: r.string()?,
                pattern_type: r.i8()?,
                principal: r.string()?,
                host: r.string()?,
                operation: r.i8()?,
                permission_type: r.i8()?,
            }),
            REMOVE_ACCESS_CONTROL_ENTRY => MetadataRecord::RemoveAccessControlEntry(r.uuid()?),
            DELEGATION_TOKEN => MetadataRecord::DelegationToken(TokenRecord {
                owner: r.string()?,
                requester: r.string()?,
                renewers: r.strings()?,
                issue_timestamp: r.i64()?,
                max_timestamp: r.i64()?,
                expiration_timestamp: r.i64()?,
                token_id: r.string()?,
            }),
            REMOVE_DELEGATION_TOKEN => MetadataRecord::RemoveDelegationToken(r.string()?),
            REGISTER_CONTROLLER => MetadataRecord::RegisterController(ControllerRegistration {
                id: r.i32()?,
                incarnation_id: r.uuid()?,
                zk_migration_ready: r.bool()?,
                endpoints: r.endpoints()?,
                features: r.features()?,
            }),
            other => MetadataRecord::Other(other, version),
        })
    }

    /// Encodes the record framed, at the version kt writes (the newest of Kafka 3.9 for
    /// 3.9-IV0). [`MetadataRecord::Other`] has no body to write and is refused.
    pub fn encode(&self) -> R<Bytes> {
        use api_key::*;
        let w = match self {
            MetadataRecord::RegisterBroker(b) => {
                let mut w = Writer::new(REGISTER_BROKER, 3);
                w.b.put_i32(b.id);
                w.b.put_i8(i8::from(b.is_migrating_zk_broker));
                w.b.put_slice(&b.incarnation_id);
                w.b.put_i64(b.epoch);
                w.endpoints(&b.endpoints);
                w.features(&b.features);
                w.nullable_string(b.rack.as_deref());
                w.b.put_i8(i8::from(b.fenced));
                w.b.put_i8(i8::from(b.in_controlled_shutdown));
                // Tag 0: the log directories.
                let mut dirs = Writer { b: BytesMut::new() };
                dirs.uuids(&b.log_dirs);
                w.uvarint(1);
                w.uvarint(0);
                w.uvarint(dirs.b.len() as u32);
                w.b.put_slice(&dirs.b);
                w
            }
            MetadataRecord::Topic(name, id) => {
                let mut w = Writer::new(TOPIC, 0);
                w.string(name);
                w.b.put_slice(id);
                w.no_tags();
                w
            }
            MetadataRecord::Partition(p) => {
                let mut w = Writer::new(PARTITION, 1);
                w.b.put_i32(p.partition);
                w.b.put_slice(&p.topic_id);
                w.i32s(&p.replicas);
                w.i32s(&p.isr);
                w.i32s(&p.removing);
                w.i32s(&p.adding);
                w.b.put_i32(p.leader);
                w.b.put_i32(p.leader_epoch);
                w.b.put_i32(p.partition_epoch);
                w.uuids(&p.directories);
                // LeaderRecoveryState is a tagged field written only when not its default.
                if p.leader_recovery_state != 0 {
                    w.uvarint(1);
                    w.uvarint(0);
                    w.uvarint(1);
                    w.b.put_i8(p.leader_recovery_state);
                } else {
                    w.no_tags();
                }
                w
            }
            MetadataRecord::Config {
                resource_type,
                resource_name,
                name,
                value,
            } => {
                let mut w = Writer::new(CONFIG, 0);
                w.b.put_i8(*resource_type);
                w.string(resource_name);
                w.string(name);
                w.nullable_string(value.as_deref());
                w.no_tags();
                w
            }
            MetadataRecord::RemoveTopic(id) => {
                let mut w = Writer::new(REMOVE_TOPIC, 0);
                w.b.put_slice(id);
                w.no_tags();
                w
            }
            MetadataRecord::FeatureLevel(name, level) => {
                let mut w = Writer::new(FEATURE_LEVEL, 0);
                w.string(name);
                w.b.put_i16(*level);
                w.no_tags();
                w
            }
            MetadataRecord::ProducerIds(broker, epoch, next) => {
                let mut w = Writer::new(PRODUCER_IDS, 0);
                w.b.put_i32(*broker);
                w.b.put_i64(*epoch);
                w.b.put_i64(*next);
                w.no_tags();
                w
            }
            MetadataRecord::UserScramCredential {
                user,
                mechanism,
                salt,
                stored_key,
                server_key,
                iterations,
            } => {
                let mut w = Writer::new(USER_SCRAM_CREDENTIAL, 0);
                w.string(user);
                w.b.put_i8(*mechanism);
                w.compact_bytes(salt);
                w.compact_bytes(stored_key);
                w.compact_bytes(server_key);
                w.b.put_i32(*iterations);
                w.no_tags();
                w
            }
            MetadataRecord::RemoveUserScramCredential(user, mechanism) => {
                let mut w = Writer::new(REMOVE_USER_SCRAM_CREDENTIAL, 0);
                w.string(user);
                w.b.put_i8(*mechanism);
                w.no_tags();
                w
            }
            MetadataRecord::AccessControlEntry(a) => {
                let mut w = Writer::new(ACCESS_CONTROL_ENTRY, 0);
                w.b.put_slice(&a.id);
                w.b.put_i8(a.resource_type);
                w.string(&a.resource_name);
                w.b.put_i8(a.pattern_type);
                w.string(&a.principal);
                w.string(&a.host);
                w.b.put_i8(a.operation);
                w.b.put_i8(a.permission_type);
                w.no_tags();
                w
            }
            MetadataRecord::RemoveAccessControlEntry(id) => {
                let mut w = Writer::new(REMOVE_ACCESS_CONTROL_ENTRY, 0);
                w.b.put_slice(id);
                w.no_tags();
                w
            }
            MetadataRecord::DelegationToken(t) => {
                let mut w = Writer::new(DELEGATION_TOKEN, 0);
                w.string(&t.owner);
                w.string(&t.requester);
                w.strings(&t.renewers);
                w.b.put_i64(t.issue_timestamp);
                w.b.put_i64(t.max_timestamp);
                w.b.put_i64(t.expiration_timestamp);
                w.string(&t.token_id);
                w.no_tags();
                w
            }
            MetadataRecord::RemoveDelegationToken(id) => {
                let mut w = Writer::new(REMOVE_DELEGATION_TOKEN, 0);
                w.string(id);
                w.no_tags();
                w
            }
            MetadataRecord::RegisterController(c) => {
                let mut w = Writer::new(REGISTER_CONTROLLER, 0);
                w.b.put_i32(c.id);
                w.b.put_slice(&c.incarnation_id);
                w.b.put_i8(i8::from(c.zk_migration_ready));
                w.endpoints(&c.endpoints);
                w.features(&c.features);
                w.no_tags();
                w
            }
            other => {
                return Err(RecordError(format!(
                    "kt does not write this metadata record: {other:?}"
                )))
            }
        };
        Ok(w.finish())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn written_records_read_back() {
        let records = [
            MetadataRecord::Topic("orders".into(), [7; 16]),
            MetadataRecord::Partition(PartitionRegistration {
                partition: 2,
                topic_id: [7; 16],
                replicas: vec![1],
                isr: vec![1],
                removing: vec![],
                adding: vec![],
                leader: 1,
                leader_recovery_state: 0,
                leader_epoch: 0,
                partition_epoch: 0,
                directories: vec![[3; 16]],
                elr: vec![],
                last_known_elr: vec![],
            }),
            MetadataRecord::Config {
                resource_type: 2,
                resource_name: "orders".into(),
                name: "retention.ms".into(),
                value: None,
            },
            MetadataRecord::RegisterBroker(BrokerRegistration {
                id: 1,
                incarnation_id: [9; 16],
                epoch: 5,
                endpoints: vec![BrokerEndpoint {
                    name: "PLAINTEXT".into(),
                    host: "localhost".into(),
                    port: 9092,
                    security_protocol: 0,
                }],
                features: vec![("metadata.version".into(), 1, 21)],
                rack: None,
                fenced: false,
                in_controlled_shutdown: false,
                is_migrating_zk_broker: false,
                log_dirs: vec![[4; 16]],
            }),
            MetadataRecord::RemoveTopic([7; 16]),
            MetadataRecord::FeatureLevel("metadata.version".into(), 21),
            MetadataRecord::ProducerIds(1, 5, 1000),
        ];
        for record in records {
            let bytes = record.encode().unwrap();
            assert_eq!(MetadataRecord::decode(bytes).unwrap(), record);
        }
        // A TopicRecord as Kafka frames it: frame 1, key 2, version 0, name, id, no tags.
        let mut kafka = vec![1u8, 2, 0, 2, b'a'];
        kafka.extend_from_slice(&[1; 16]);
        kafka.push(0);
        assert_eq!(
            MetadataRecord::decode(Bytes::from(kafka)).unwrap(),
            MetadataRecord::Topic("a".into(), [1; 16])
        );
    }

    fn acl() -> AclRecord {
        AclRecord {
            id: [5; 16],
            resource_type: 2,
            resource_name: "t".into(),
            pattern_type: 3,
            principal: "User:a".into(),
            host: "*".into(),
            operation: 3,
            permission_type: 3,
        }
    }

    fn token() -> TokenRecord {
        TokenRecord {
            token_id: "id".into(),
            owner: "User:a".into(),
            requester: "User:b".into(),
            renewers: vec!["User:c".into()],
            issue_timestamp: 1,
            max_timestamp: 3,
            expiration_timestamp: 2,
        }
    }

    fn controller() -> ControllerRegistration {
        ControllerRegistration {
            id: 1,
            incarnation_id: [6; 16],
            zk_migration_ready: false,
            endpoints: vec![BrokerEndpoint {
                name: "C".into(),
                host: "h".into(),
                port: 9093,
                security_protocol: 0,
            }],
            features: vec![("f".into(), 0, 1)],
        }
    }

    #[test]
    fn security_and_controller_records_read_back() {
        let records = [
            MetadataRecord::AccessControlEntry(acl()),
            MetadataRecord::RemoveAccessControlEntry([5; 16]),
            MetadataRecord::DelegationToken(token()),
            MetadataRecord::RemoveDelegationToken("id".into()),
            MetadataRecord::RegisterController(controller()),
            MetadataRecord::UserScramCredential {
                user: "alice".into(),
                mechanism: 2,
                salt: vec![1, 2],
                stored_key: vec![3; 4],
                server_key: vec![4; 4],
                iterations: 4096,
            },
            MetadataRecord::RemoveUserScramCredential("alice".into(), 1),
            MetadataRecord::Config {
                resource_type: 4,
                resource_name: String::new(),
                name: "log.cleaner.threads".into(),
                value: Some("2".into()),
            },
        ];
        for record in records {
            let bytes = record.encode().unwrap();
            assert_eq!(MetadataRecord::decode(bytes).unwrap(), record);
        }
    }

    /// The bytes each record's schema (Kafka's `metadata/*.json`, all version 0 and
    /// flexible) gives: frame 1, api key, version 0, the fields in order (compact strings
    /// and arrays as length + 1, uuids as 16 bytes), an empty tagged-field section.
    #[test]
    fn security_and_controller_records_have_kafkas_layout() {
        let mut expected = vec![1u8, 18, 0];
        expected.extend_from_slice(&[5; 16]);
        expected.extend_from_slice(&[2, 2, b't', 3, 7]);
        expected.extend_from_slice(b"User:a");
        expected.extend_from_slice(&[2, b'*', 3, 3, 0]);
        let encoded = MetadataRecord::AccessControlEntry(acl()).encode().unwrap();
        assert_eq!(&encoded[..], &expected[..]);

        let mut expected = vec![1u8, 19, 0];
        expected.extend_from_slice(&[5; 16]);
        expected.push(0);
        let encoded = MetadataRecord::RemoveAccessControlEntry([5; 16])
            .encode()
            .unwrap();
        assert_eq!(&encoded[..], &expected[..]);

        // Owner, Requester, Renewers, IssueTimestamp, MaxTimestamp, ExpirationTimestamp,
        // TokenId.
        let mut expected = vec![1u8, 10, 0, 7];
        expected.extend_from_slice(b"User:a");
        expected.push(7);
        expected.extend_from_slice(b"User:b");
        expected.extend_from_slice(&[2, 7]);
        expected.extend_from_slice(b"User:c");
        for t in [1i64, 3, 2] {
            expected.extend_from_slice(&t.to_be_bytes());
        }
        expected.extend_from_slice(&[3, b'i', b'd', 0]);
        let encoded = MetadataRecord::DelegationToken(token()).encode().unwrap();
        assert_eq!(&encoded[..], &expected[..]);

        let encoded = MetadataRecord::RemoveDelegationToken("id".into())
            .encode()
            .unwrap();
        assert_eq!(&encoded[..], &[1, 26, 0, 3, b'i', b'd', 0]);

        // ControllerId, IncarnationId, ZkMigrationReady, EndPoints (name, host, uint16
        // port, int16 protocol, tags), Features (name, min, max, tags), tags.
        let mut expected = vec![1u8, 27, 0, 0, 0, 0, 1];
        expected.extend_from_slice(&[6; 16]);
        expected.extend_from_slice(&[0, 2, 2, b'C', 2, b'h', 0x23, 0x85, 0, 0, 0]);
        expected.extend_from_slice(&[2, 2, b'f', 0, 0, 0, 1, 0, 0]);
        let encoded = MetadataRecord::RegisterController(controller())
            .encode()
            .unwrap();
        assert_eq!(&encoded[..], &expected[..]);

        // A removed broker config: resource type 4, name "1", key, null value (length 0).
        let removed = MetadataRecord::Config {
            resource_type: 4,
            resource_name: "1".into(),
            name: "a".into(),
            value: None,
        };
        assert_eq!(
            &removed.encode().unwrap()[..],
            &[1, 4, 0, 4, 2, b'1', 2, b'a', 0, 0]
        );
    }
}
