//! The metadata image: what the metadata records of a KRaft log add up to (Kafka's
//! `MetadataImage`), as far as kt's tools show it: features, brokers and controllers, topics
//! and their partitions, configs, the next producer id, ACLs, SCRAM credentials, delegation
//! tokens, and where in the log the image stands (its provenance).

use std::collections::BTreeMap;

use super::metadata_log::LoggedRecord;
use super::metadata_records::{
    AclRecord, BrokerRegistration, ControllerRegistration, MetadataRecord, PartitionRegistration,
    TokenRecord,
};

/// A topic in the image.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TopicImage {
    /// The topic's name.
    pub name: String,
    /// The topic's id.
    pub id: [u8; 16],
    /// Its partitions by index.
    pub partitions: BTreeMap<i32, PartitionRegistration>,
}

/// One user's SCRAM credential for one mechanism.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScramData {
    /// The salt.
    pub salt: Vec<u8>,
    /// H(ClientKey).
    pub stored_key: Vec<u8>,
    /// ServerKey.
    pub server_key: Vec<u8>,
    /// Iterations.
    pub iterations: i32,
}

/// The last record the image contains: offset, epoch, and its batch's time.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Provenance {
    /// Offset of the last record applied (-1: none).
    pub offset: i64,
    /// Its batch's leader epoch.
    pub epoch: i32,
    /// Its batch's max timestamp, in ms.
    pub time_ms: i64,
}

/// The metadata image.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MetadataImage {
    /// Where in the log the image stands.
    pub provenance: Provenance,
    /// `metadata.version`'s level, if a record set it.
    pub metadata_version: Option<i16>,
    /// The other features above level 0.
    pub finalized: BTreeMap<String, i16>,
    /// Registered brokers.
    pub brokers: BTreeMap<i32, BrokerRegistration>,
    /// Topics by id.
    pub topics: BTreeMap<[u8; 16], TopicImage>,
    /// Configs by (resource type, resource name).
    pub configs: BTreeMap<(i8, String), BTreeMap<String, String>>,
    /// The next producer id block's start (-1: none handed out).
    pub next_producer_id: i64,
    /// SCRAM credentials by mechanism (1 SCRAM-SHA-256, 2 SCRAM-SHA-512), then user.
    pub scram: BTreeMap<i8, BTreeMap<String, ScramData>>,
    /// Registered controllers.
    pub controllers: BTreeMap<i32, ControllerRegistration>,
    /// ACLs by id.
    pub acls: BTreeMap<[u8; 16], AclRecord>,
    /// Delegation tokens by token id.
    pub tokens: BTreeMap<String, TokenRecord>,
}

impl Default for MetadataImage {
    fn default() -> Self {
        MetadataImage {
            provenance: Provenance {
                offset: -1,
                epoch: -1,
                time_ms: -1,
            },
            metadata_version: None,
            finalized: BTreeMap::new(),
            brokers: BTreeMap::new(),
            topics: BTreeMap::new(),
            configs: BTreeMap::new(),
            next_producer_id: -1,
            scram: BTreeMap::new(),
            controllers: BTreeMap::new(),
            acls: BTreeMap::new(),
            tokens: BTreeMap::new(),
        }
    }
}

impl MetadataImage {
    /// The topic named `name`.
    pub fn topic_by_name(&self, name: &str) -> Option<&TopicImage> {
        self.topics.values().find(|t| t.name == name)
    }

    /// Applies one record of the log, as Kafka's MetadataDelta replays it.
    pub fn replay(&mut self, logged: &LoggedRecord) {
        self.provenance = Provenance {
            offset: logged.offset,
            epoch: logged.epoch,
            time_ms: logged.timestamp,
        };
        match &logged.record {
            MetadataRecord::RegisterBroker(b) => {
                self.brokers.insert(b.id, b.clone());
            }
            MetadataRecord::UnregisterBroker(id, _) => {
                self.brokers.remove(id);
            }
            MetadataRecord::FenceBroker(id, _) => {
                if let Some(b) = self.brokers.get_mut(id) {
                    b.fenced = true;
                }
            }
            MetadataRecord::UnfenceBroker(id, _) => {
                if let Some(b) = self.brokers.get_mut(id) {
                    b.fenced = false;
                }
            }
            MetadataRecord::Topic(name, id) => {
                self.topics.insert(
                    *id,
                    TopicImage {
                        name: name.clone(),
                        id: *id,
                        partitions: BTreeMap::new(),
                    },
                );
            }
            MetadataRecord::Partition(p) => {
                if let Some(t) = self.topics.get_mut(&p.topic_id) {
                    t.partitions.insert(p.partition, p.clone());
                }
            }
            MetadataRecord::PartitionChange(c) => {
                let Some(p) = self
                    .topics
                    .get_mut(&c.topic_id)
                    .and_then(|t| t.partitions.get_mut(&c.partition))
                else {
                    return;
                };
                if let Some(isr) = &c.isr {
                    p.isr = isr.clone();
                }
                if c.leader != -2 && c.leader != p.leader {
                    p.leader = c.leader;
                    p.leader_epoch += 1;
                }
                if let Some(r) = &c.replicas {
                    p.replicas = r.clone();
                }
                if let Some(r) = &c.removing {
                    p.removing = r.clone();
                }
                if let Some(r) = &c.adding {
                    p.adding = r.clone();
                }
                if c.leader_recovery_state != -1 {
                    p.leader_recovery_state = c.leader_recovery_state;
                }
                if let Some(d) = &c.directories {
                    p.directories = d.clone();
                }
                p.partition_epoch += 1;
            }
            MetadataRecord::RemoveTopic(id) => {
                if let Some(t) = self.topics.remove(id) {
                    // Kafka drops the topic's configs with it.
                    self.configs.remove(&(TOPIC_RESOURCE, t.name));
                }
            }
            MetadataRecord::Config {
                resource_type,
                resource_name,
                name,
                value,
            } => {
                let key = (*resource_type, resource_name.clone());
                match value {
                    Some(v) => {
                        self.configs
                            .entry(key)
                            .or_default()
                            .insert(name.clone(), v.clone());
                    }
                    None => {
                        if let Some(c) = self.configs.get_mut(&key) {
                            c.remove(name);
                            if c.is_empty() {
                                self.configs.remove(&key);
                            }
                        }
                    }
                }
            }
            MetadataRecord::UserScramCredential {
                user,
                mechanism,
                salt,
                stored_key,
                server_key,
                iterations,
            } => {
                self.scram.entry(*mechanism).or_default().insert(
                    user.clone(),
                    ScramData {
                        salt: salt.clone(),
                        stored_key: stored_key.clone(),
                        server_key: server_key.clone(),
                        iterations: *iterations,
                    },
                );
            }
            MetadataRecord::RemoveUserScramCredential(user, mechanism) => {
                if let Some(users) = self.scram.get_mut(mechanism) {
                    users.remove(user);
                }
            }
            MetadataRecord::FeatureLevel(name, level) => {
                if name == "metadata.version" {
                    self.metadata_version = Some(*level);
                } else if *level == 0 {
                    self.finalized.remove(name);
                } else {
                    self.finalized.insert(name.clone(), *level);
                }
            }
            MetadataRecord::ProducerIds(_, _, next) => self.next_producer_id = *next,
            MetadataRecord::AccessControlEntry(acl) => {
                self.acls.insert(acl.id, acl.clone());
            }
            MetadataRecord::RemoveAccessControlEntry(id) => {
                self.acls.remove(id);
            }
            MetadataRecord::DelegationToken(token) => {
                self.tokens.insert(token.token_id.clone(), token.clone());
            }
            MetadataRecord::RemoveDelegationToken(id) => {
                self.tokens.remove(id);
            }
            MetadataRecord::RegisterController(c) => {
                self.controllers.insert(c.id, c.clone());
            }
            MetadataRecord::Other(..) => {}
        }
    }
}

/// Kafka's `ConfigResource.Type` id of a topic.
pub const TOPIC_RESOURCE: i8 = 2;
/// Kafka's `ConfigResource.Type` id of a broker.
pub const BROKER_RESOURCE: i8 = 4;
