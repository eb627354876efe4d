//! A KRaft node's metadata log (`__cluster_metadata-0/00000000000000000000.log`): kt keeps
//! its topics in the catalogue (`kt-topics.json`) and runs no Raft quorum, but records what
//! Kafka's controller would have written there, in Kafka's record format, so that
//! `kafka-metadata-shell` (kt's or Kafka's) reads the node's metadata as it reads Kafka's.
//!
//! Each record is the difference between the log's image and the catalogue: at start the
//! bootstrap records (when the log is empty) and this start's broker registration, and after
//! every catalogue write the topics, partitions, configs and producer-id block that changed.
//! Because it is a difference, a change the log missed (a crash between the catalogue's write
//! and the log's) is written at the next one; the catalogue stays the source of truth.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use kt_storage::kraft::{
    BrokerEndpoint, BrokerRegistration, KraftError, MetadataImage, MetadataRecord,
    PartitionRegistration, LATEST_PRODUCTION, METADATA_PARTITION_DIR, TOPIC_RESOURCE,
};

use crate::catalogue::TopicMeta;
use crate::state::Broker;

/// The leader epoch of a quorum of one (as DescribeQuorum reports it).
const EPOCH: i32 = 1;

/// Appends of one process are serialized: two brokers of a test process each have their own
/// directory, but one broker's start and its first topic change must not interleave.
static APPENDS: Mutex<()> = Mutex::new(());

/// At the start of a KRaft node: the bootstrap records if the log is new, this start's
/// registration, and whatever the catalogue holds that the log does not.
pub fn record_start(broker: &Broker) {
    let topics: BTreeMap<String, TopicMeta> = broker
        .topics()
        .iter()
        .map(|(name, t)| (name.clone(), t.meta.clone()))
        .collect();
    if let Err(e) = sync(broker, &topics, None, true) {
        tracing::warn!("cannot write the metadata log: {e}");
    }
}

/// After a catalogue write on a KRaft node: the changes of `topics` and the producer-id
/// block. A failure is logged, not returned: the change is already in the catalogue, and
/// the next write records it in the log.
pub fn record_catalogue(
    broker: &Broker,
    topics: &BTreeMap<String, TopicMeta>,
    next_producer_id: i64,
) {
    if broker.config().kraft.is_none() {
        return;
    }
    if let Err(e) = sync(broker, topics, Some(next_producer_id), false) {
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
    topics: &BTreeMap<String, TopicMeta>,
    next_producer_id: Option<i64>,
    register: bool,
) -> Result<(), KraftError> {
    let Some((log_dir, metadata_dir)) = metadata_log_dir(broker) else {
        return Ok(());
    };
    let _serial = APPENDS.lock().unwrap_or_else(|e| e.into_inner());
    let (image, next_offset) = if log_dir.join(format!("{:020}.log", 0)).exists() {
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
    }
    // Feature levels changed by UpdateFeatures since.
    if let Some(features) = broker.features() {
        for (name, level) in features.finalized().levels {
            // kraft.version lives in the Raft log's control records, not the image.
            if name == crate::features::KRAFT_VERSION {
                continue;
            }
            let current = if name == crate::features::METADATA_VERSION {
                image.metadata_version.or_else(|| bootstrap_level(&records))
            } else {
                image.finalized.get(&name).copied()
            };
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
        let epoch = next_offset + records.len() as i64;
        let mut incarnation = *uuid::Uuid::new_v4().as_bytes();
        incarnation[0] |= 1;
        records.push(MetadataRecord::RegisterBroker(BrokerRegistration {
            id: me,
            incarnation_id: incarnation,
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
            features: crate::features::supported()
                .iter()
                .map(|(n, min, max)| (n.to_string(), *min, *max))
                .collect(),
            rack: None,
            fenced: false,
            in_controlled_shutdown: false,
            is_migrating_zk_broker: false,
            log_dirs: dir_ids.iter().map(|(_, id)| *id).collect(),
        }));
    }

    topic_changes(&image, topics, me, &dir_ids, &mut records);

    if let Some(next) = next_producer_id {
        if next != image.next_producer_id && next > 0 {
            let epoch = image.brokers.get(&me).map_or(-1, |b| b.epoch);
            records.push(MetadataRecord::ProducerIds(me, epoch, next));
        }
    }
    kt_storage::kraft::append_metadata(
        &log_dir,
        next_offset,
        EPOCH,
        kt_base::clock::now_ms(),
        &records,
    )
}

fn bootstrap_level(records: &[MetadataRecord]) -> Option<i16> {
    records.iter().rev().find_map(|r| match r {
        MetadataRecord::FeatureLevel(n, l) if n == "metadata.version" => Some(*l),
        _ => None,
    })
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
        for (key, value) in &meta.configs {
            if logged.get(key) != Some(value) {
                records.push(MetadataRecord::Config {
                    resource_type: TOPIC_RESOURCE,
                    resource_name: name.clone(),
                    name: key.clone(),
                    value: Some(value.clone()),
                });
            }
        }
        for key in logged.keys() {
            if !meta.configs.contains_key(key) {
                records.push(MetadataRecord::Config {
                    resource_type: TOPIC_RESOURCE,
                    resource_name: name.clone(),
                    name: key.clone(),
                    value: None,
                });
            }
        }
    }
}
