//! StopReplica (API key 5), versions 0-4, flexible from 2: the controller tells a broker to
//! stop fetching for (and, when asked, delete) replicas it no longer holds. The partitions are
//! listed three ways over the versions: flat (v0), grouped by topic (v1-2, one
//! `delete_partitions` for all), and by topic with a leader epoch and a delete flag per
//! partition (v3+).

use std::collections::BTreeMap;

use anyhow::Result;
use bytes::Bytes;
use kafka_protocol::messages::{BrokerId, TopicName};
use kafka_protocol::protocol::buf::{ByteBuf, ByteBufMut};
use kafka_protocol::protocol::{
    Decodable, Encodable, HeaderVersion, Message, Request, VersionRange,
};

use super::wire::*;

const VERSIONS: VersionRange = VersionRange { min: 0, max: 4 };

fn is_flexible(version: i16) -> bool {
    version >= 2
}

/// The controller's order to stop replicas on one broker.
#[derive(Debug, Clone, PartialEq)]
pub struct StopReplicaRequest {
    /// The controller sending it.
    pub controller_id: BrokerId,
    /// Whether `controller_id` is a KRaft controller migrating a ZooKeeper cluster (KIP-866);
    /// version 4+.
    pub is_kraft_controller: bool,
    /// The controller's epoch; a broker ignores requests from an older one.
    pub controller_epoch: i32,
    /// The epoch of the broker this is sent to; version 1+, -1 when unknown.
    pub broker_epoch: i64,
    /// Whether the partitions' logs are to be deleted too; versions 0-2.
    pub delete_partitions: bool,
    /// The partitions, flat; version 0 only.
    pub ungrouped_partitions: Vec<StopReplicaPartitionV0>,
    /// The partitions grouped by topic; versions 1-2.
    pub topics: Vec<StopReplicaTopicV1>,
    /// The partitions grouped by topic, each with its own epoch and delete flag; version 3+.
    pub topic_states: Vec<StopReplicaTopicState>,
    /// Tagged fields this codec does not know, kept so they survive a round trip.
    pub unknown_tagged_fields: BTreeMap<i32, Bytes>,
}

impl Default for StopReplicaRequest {
    fn default() -> Self {
        Self {
            controller_id: BrokerId(0),
            is_kraft_controller: false,
            controller_epoch: 0,
            broker_epoch: -1,
            delete_partitions: false,
            ungrouped_partitions: Vec::new(),
            topics: Vec::new(),
            topic_states: Vec::new(),
            unknown_tagged_fields: BTreeMap::new(),
        }
    }
}

/// One partition in a version 0 request.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct StopReplicaPartitionV0 {
    pub topic_name: TopicName,
    pub partition_index: i32,
}

/// One topic's partitions in a version 1-2 request.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct StopReplicaTopicV1 {
    pub name: TopicName,
    pub partition_indexes: Vec<i32>,
    /// Tagged fields this codec does not know (version 2), kept so they survive a round trip.
    pub unknown_tagged_fields: BTreeMap<i32, Bytes>,
}

/// One topic's partitions in a version 3+ request.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct StopReplicaTopicState {
    pub topic_name: TopicName,
    pub partition_states: Vec<StopReplicaPartitionState>,
    /// Tagged fields this codec does not know, kept so they survive a round trip.
    pub unknown_tagged_fields: BTreeMap<i32, Bytes>,
}

/// One partition in a version 3+ request.
#[derive(Debug, Clone, PartialEq)]
pub struct StopReplicaPartitionState {
    pub partition_index: i32,
    /// The leader epoch the controller knows; a broker with a newer one answers
    /// FENCED_LEADER_EPOCH. -1 means "any" (and -2, Kafka's EpochDuringDelete, a topic deletion).
    pub leader_epoch: i32,
    pub delete_partition: bool,
    /// Tagged fields this codec does not know, kept so they survive a round trip.
    pub unknown_tagged_fields: BTreeMap<i32, Bytes>,
}

impl Default for StopReplicaPartitionState {
    fn default() -> Self {
        Self {
            partition_index: 0,
            leader_epoch: -1,
            delete_partition: false,
            unknown_tagged_fields: BTreeMap::new(),
        }
    }
}

impl Encodable for StopReplicaRequest {
    fn encode<B: ByteBufMut>(&self, buf: &mut B, version: i16) -> Result<()> {
        check_version("StopReplicaRequest", version, VERSIONS.min, VERSIONS.max)?;
        let flexible = is_flexible(version);
        buf.put_i32(self.controller_id.0);
        if version >= 4 {
            write_bool(buf, self.is_kraft_controller);
        } else {
            check_absent("isKRaftController", version, !self.is_kraft_controller)?;
        }
        buf.put_i32(self.controller_epoch);
        if version >= 1 {
            buf.put_i64(self.broker_epoch);
        }
        if version <= 2 {
            write_bool(buf, self.delete_partitions);
        } else {
            check_absent("DeletePartitions", version, !self.delete_partitions)?;
        }
        if version == 0 {
            write_array(
                buf,
                "UngroupedPartitions",
                &self.ungrouped_partitions,
                flexible,
                |b, p| {
                    write_string(b, "TopicName", &p.topic_name, flexible)?;
                    b.put_i32(p.partition_index);
                    Ok(())
                },
            )?;
        } else {
            check_absent(
                "UngroupedPartitions",
                version,
                self.ungrouped_partitions.is_empty(),
            )?;
        }
        if (1..=2).contains(&version) {
            write_array(buf, "Topics", &self.topics, flexible, |b, t| {
                write_string(b, "Name", &t.name, flexible)?;
                write_i32_array(b, "PartitionIndexes", &t.partition_indexes, flexible)?;
                write_struct_end(b, version, flexible, &[], &t.unknown_tagged_fields)?;
                Ok(())
            })?;
        } else {
            check_absent("Topics", version, self.topics.is_empty())?;
        }
        if version >= 3 {
            write_array(buf, "TopicStates", &self.topic_states, flexible, |b, t| {
                write_string(b, "TopicName", &t.topic_name, flexible)?;
                write_array(
                    b,
                    "PartitionStates",
                    &t.partition_states,
                    flexible,
                    |b, p| {
                        b.put_i32(p.partition_index);
                        b.put_i32(p.leader_epoch);
                        write_bool(b, p.delete_partition);
                        write_struct_end(b, version, flexible, &[], &p.unknown_tagged_fields)?;
                        Ok(())
                    },
                )?;
                write_struct_end(b, version, flexible, &[], &t.unknown_tagged_fields)?;
                Ok(())
            })?;
        } else {
            check_absent("TopicStates", version, self.topic_states.is_empty())?;
        }
        write_struct_end(buf, version, flexible, &[], &self.unknown_tagged_fields)?;
        Ok(())
    }

    fn compute_size(&self, version: i16) -> Result<usize> {
        encoded_size(|b| self.encode(b, version))
    }
}

impl Decodable for StopReplicaRequest {
    fn decode<B: ByteBuf>(buf: &mut B, version: i16) -> Result<Self> {
        check_version("StopReplicaRequest", version, VERSIONS.min, VERSIONS.max)?;
        let flexible = is_flexible(version);
        let mut request = Self {
            controller_id: read_broker_id(buf, "ControllerId")?,
            ..Self::default()
        };
        if version >= 4 {
            request.is_kraft_controller = read_bool(buf, "isKRaftController")?;
        }
        request.controller_epoch = read_i32(buf, "ControllerEpoch")?;
        if version >= 1 {
            request.broker_epoch = read_i64(buf, "BrokerEpoch")?;
        }
        if version <= 2 {
            request.delete_partitions = read_bool(buf, "DeletePartitions")?;
        }
        if version == 0 {
            request.ungrouped_partitions = read_array(buf, "UngroupedPartitions", flexible, |b| {
                Ok(StopReplicaPartitionV0 {
                    topic_name: TopicName(read_string(b, "TopicName", flexible)?),
                    partition_index: read_i32(b, "PartitionIndex")?,
                })
            })?;
        }
        if (1..=2).contains(&version) {
            request.topics = read_array(buf, "Topics", flexible, |b| {
                Ok(StopReplicaTopicV1 {
                    name: TopicName(read_string(b, "Name", flexible)?),
                    partition_indexes: read_i32_array(b, "PartitionIndexes", flexible)?,
                    unknown_tagged_fields: read_struct_end(b, flexible)?,
                })
            })?;
        }
        if version >= 3 {
            request.topic_states = read_array(buf, "TopicStates", flexible, |b| {
                Ok(StopReplicaTopicState {
                    topic_name: TopicName(read_string(b, "TopicName", flexible)?),
                    partition_states: read_array(b, "PartitionStates", flexible, |b| {
                        Ok(StopReplicaPartitionState {
                            partition_index: read_i32(b, "PartitionIndex")?,
                            leader_epoch: read_i32(b, "LeaderEpoch")?,
                            delete_partition: read_bool(b, "DeletePartition")?,
                            unknown_tagged_fields: read_struct_end(b, flexible)?,
                        })
                    })?,
                    unknown_tagged_fields: read_struct_end(b, flexible)?,
                })
            })?;
        }
        request.unknown_tagged_fields = read_struct_end(buf, flexible)?;
        Ok(request)
    }
}

impl Message for StopReplicaRequest {
    const VERSIONS: VersionRange = VERSIONS;
    const DEPRECATED_VERSIONS: Option<VersionRange> = None;
}

impl HeaderVersion for StopReplicaRequest {
    fn header_version(version: i16) -> i16 {
        if is_flexible(version) {
            2
        } else {
            1
        }
    }
}

impl Request for StopReplicaRequest {
    const KEY: i16 = 5;
    type Response = StopReplicaResponse;
}

/// A broker's answer to StopReplica: a top-level error and one per partition.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct StopReplicaResponse {
    /// The top-level error code, 0 for none (STALE_CONTROLLER_EPOCH, STALE_BROKER_EPOCH).
    pub error_code: i16,
    pub partition_errors: Vec<StopReplicaPartitionError>,
    /// Tagged fields this codec does not know, kept so they survive a round trip.
    pub unknown_tagged_fields: BTreeMap<i32, Bytes>,
}

/// The outcome for one partition of a StopReplica.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct StopReplicaPartitionError {
    pub topic_name: TopicName,
    pub partition_index: i32,
    /// 0 for none; FENCED_LEADER_EPOCH (v3+) when the broker knows a newer leader epoch.
    pub error_code: i16,
    /// Tagged fields this codec does not know, kept so they survive a round trip.
    pub unknown_tagged_fields: BTreeMap<i32, Bytes>,
}

impl Encodable for StopReplicaResponse {
    fn encode<B: ByteBufMut>(&self, buf: &mut B, version: i16) -> Result<()> {
        check_version("StopReplicaResponse", version, VERSIONS.min, VERSIONS.max)?;
        let flexible = is_flexible(version);
        buf.put_i16(self.error_code);
        write_array(
            buf,
            "PartitionErrors",
            &self.partition_errors,
            flexible,
            |b, p| {
                write_string(b, "TopicName", &p.topic_name, flexible)?;
                b.put_i32(p.partition_index);
                b.put_i16(p.error_code);
                write_struct_end(b, version, flexible, &[], &p.unknown_tagged_fields)?;
                Ok(())
            },
        )?;
        write_struct_end(buf, version, flexible, &[], &self.unknown_tagged_fields)?;
        Ok(())
    }

    fn compute_size(&self, version: i16) -> Result<usize> {
        encoded_size(|b| self.encode(b, version))
    }
}

impl Decodable for StopReplicaResponse {
    fn decode<B: ByteBuf>(buf: &mut B, version: i16) -> Result<Self> {
        check_version("StopReplicaResponse", version, VERSIONS.min, VERSIONS.max)?;
        let flexible = is_flexible(version);
        Ok(Self {
            error_code: read_i16(buf, "ErrorCode")?,
            partition_errors: read_array(buf, "PartitionErrors", flexible, |b| {
                Ok(StopReplicaPartitionError {
                    topic_name: TopicName(read_string(b, "TopicName", flexible)?),
                    partition_index: read_i32(b, "PartitionIndex")?,
                    error_code: read_i16(b, "ErrorCode")?,
                    unknown_tagged_fields: read_struct_end(b, flexible)?,
                })
            })?,
            unknown_tagged_fields: read_struct_end(buf, flexible)?,
        })
    }
}

impl Message for StopReplicaResponse {
    const VERSIONS: VersionRange = VERSIONS;
    const DEPRECATED_VERSIONS: Option<VersionRange> = None;
}

impl HeaderVersion for StopReplicaResponse {
    fn header_version(version: i16) -> i16 {
        if is_flexible(version) {
            1
        } else {
            0
        }
    }
}
