//! LeaderAndIsr (API key 4), versions 0-7, flexible from 4: the controller tells a broker which
//! of its replicas lead and which follow, with each partition's leader, epochs, ISR and
//! replicas. Partitions come flat with their topic name in versions 0-1 and grouped by topic
//! from version 2 (with the topic id from 5); the answer is per partition, grouped by topic id
//! from version 5.

use std::collections::BTreeMap;

use anyhow::Result;
use bytes::Bytes;
use kafka_protocol::messages::{BrokerId, TopicName};
use kafka_protocol::protocol::buf::{ByteBuf, ByteBufMut};
use kafka_protocol::protocol::{
    Decodable, Encodable, HeaderVersion, Message, Request, StrBytes, VersionRange,
};

use super::wire::*;

const VERSIONS: VersionRange = VersionRange { min: 0, max: 7 };

fn is_flexible(version: i16) -> bool {
    version >= 4
}

/// The controller's statement of leadership for partitions a broker holds.
#[derive(Debug, Clone, PartialEq)]
pub struct LeaderAndIsrRequest {
    /// The controller sending it.
    pub controller_id: BrokerId,
    /// Whether `controller_id` is a KRaft controller migrating a ZooKeeper cluster (KIP-866);
    /// version 7+.
    pub is_kraft_controller: bool,
    /// The controller's epoch; a broker refuses requests from an older one.
    pub controller_epoch: i32,
    /// The epoch of the broker this is sent to; version 2+, -1 when unknown.
    pub broker_epoch: i64,
    /// Whether the request lists every partition of the broker (full, 2) or some
    /// (incremental, 1); 0 unknown. Version 5+ (Kafka's ZooKeeper controller sends 0).
    pub r#type: i8,
    /// The partitions, flat with their topic names; versions 0-1.
    pub ungrouped_partition_states: Vec<LeaderAndIsrPartitionState>,
    /// The partitions grouped by topic; version 2+.
    pub topic_states: Vec<LeaderAndIsrTopicState>,
    /// The brokers that lead any of the partitions, so followers know where to fetch.
    pub live_leaders: Vec<LeaderAndIsrLiveLeader>,
    /// Tagged fields this codec does not know, kept so they survive a round trip.
    pub unknown_tagged_fields: BTreeMap<i32, Bytes>,
}

impl Default for LeaderAndIsrRequest {
    fn default() -> Self {
        Self {
            controller_id: BrokerId(0),
            is_kraft_controller: false,
            controller_epoch: 0,
            broker_epoch: -1,
            r#type: 0,
            ungrouped_partition_states: Vec::new(),
            topic_states: Vec::new(),
            live_leaders: Vec::new(),
            unknown_tagged_fields: BTreeMap::new(),
        }
    }
}

impl LeaderAndIsrRequest {
    /// Every partition state with its topic name, whichever layout the version used.
    pub fn partition_states(
        &self,
    ) -> impl Iterator<Item = (&TopicName, &LeaderAndIsrPartitionState)> {
        let flat = self
            .ungrouped_partition_states
            .iter()
            .map(|p| (&p.topic_name, p));
        let grouped = self
            .topic_states
            .iter()
            .flat_map(|t| t.partition_states.iter().map(move |p| (&t.topic_name, p)));
        flat.chain(grouped)
    }
}

/// One topic's partitions (version 2+).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct LeaderAndIsrTopicState {
    pub topic_name: TopicName,
    /// The topic's id; version 5+ (all zeros before).
    pub topic_id: uuid::Uuid,
    pub partition_states: Vec<LeaderAndIsrPartitionState>,
    /// Tagged fields this codec does not know, kept so they survive a round trip.
    pub unknown_tagged_fields: BTreeMap<i32, Bytes>,
}

/// The state of one partition as the controller decided it (the content of its
/// `/brokers/topics/<t>/partitions/<p>/state` znode, plus the assignment).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct LeaderAndIsrPartitionState {
    /// The topic name; carried here in versions 0-1 only (from 2 by the enclosing topic).
    pub topic_name: TopicName,
    pub partition_index: i32,
    /// The epoch of the controller that last changed this partition's state.
    pub controller_epoch: i32,
    pub leader: BrokerId,
    pub leader_epoch: i32,
    pub isr: Vec<BrokerId>,
    /// The state znode's version (Kafka's zkVersion), which later AlterPartition requests
    /// must name.
    pub partition_epoch: i32,
    pub replicas: Vec<BrokerId>,
    /// Replicas being added by a reassignment; version 3+.
    pub adding_replicas: Vec<BrokerId>,
    /// Replicas being removed by a reassignment; version 3+.
    pub removing_replicas: Vec<BrokerId>,
    /// Whether the replica is new to the broker (so a missing log is expected); version 1+.
    pub is_new: bool,
    /// 1 while the partition recovers from an unclean leader election (KIP-704); version 6+.
    pub leader_recovery_state: i8,
    /// Tagged fields this codec does not know, kept so they survive a round trip.
    pub unknown_tagged_fields: BTreeMap<i32, Bytes>,
}

/// A live broker that leads partitions in the request.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct LeaderAndIsrLiveLeader {
    pub broker_id: BrokerId,
    pub host_name: StrBytes,
    pub port: i32,
    /// Tagged fields this codec does not know, kept so they survive a round trip.
    pub unknown_tagged_fields: BTreeMap<i32, Bytes>,
}

impl LeaderAndIsrPartitionState {
    fn encode<B: ByteBufMut>(&self, buf: &mut B, version: i16) -> Result<()> {
        let flexible = is_flexible(version);
        if version <= 1 {
            write_string(buf, "TopicName", &self.topic_name, flexible)?;
        }
        buf.put_i32(self.partition_index);
        buf.put_i32(self.controller_epoch);
        buf.put_i32(self.leader.0);
        buf.put_i32(self.leader_epoch);
        write_broker_ids(buf, "Isr", &self.isr, flexible)?;
        buf.put_i32(self.partition_epoch);
        write_broker_ids(buf, "Replicas", &self.replicas, flexible)?;
        if version >= 3 {
            write_broker_ids(buf, "AddingReplicas", &self.adding_replicas, flexible)?;
            write_broker_ids(buf, "RemovingReplicas", &self.removing_replicas, flexible)?;
        }
        if version >= 1 {
            write_bool(buf, self.is_new);
        }
        if version >= 6 {
            buf.put_i8(self.leader_recovery_state);
        } else {
            check_absent(
                "LeaderRecoveryState",
                version,
                self.leader_recovery_state == 0,
            )?;
        }
        write_struct_end(buf, version, flexible, &[], &self.unknown_tagged_fields)?;
        Ok(())
    }

    fn decode<B: ByteBuf>(buf: &mut B, version: i16) -> Result<Self> {
        let flexible = is_flexible(version);
        let mut state = Self::default();
        if version <= 1 {
            state.topic_name = TopicName(read_string(buf, "TopicName", flexible)?);
        }
        state.partition_index = read_i32(buf, "PartitionIndex")?;
        state.controller_epoch = read_i32(buf, "ControllerEpoch")?;
        state.leader = read_broker_id(buf, "Leader")?;
        state.leader_epoch = read_i32(buf, "LeaderEpoch")?;
        state.isr = read_broker_ids(buf, "Isr", flexible)?;
        state.partition_epoch = read_i32(buf, "PartitionEpoch")?;
        state.replicas = read_broker_ids(buf, "Replicas", flexible)?;
        if version >= 3 {
            state.adding_replicas = read_broker_ids(buf, "AddingReplicas", flexible)?;
            state.removing_replicas = read_broker_ids(buf, "RemovingReplicas", flexible)?;
        }
        if version >= 1 {
            state.is_new = read_bool(buf, "IsNew")?;
        }
        if version >= 6 {
            state.leader_recovery_state = read_i8(buf, "LeaderRecoveryState")?;
        }
        state.unknown_tagged_fields = read_struct_end(buf, flexible)?;
        Ok(state)
    }
}

impl Encodable for LeaderAndIsrRequest {
    fn encode<B: ByteBufMut>(&self, buf: &mut B, version: i16) -> Result<()> {
        check_version("LeaderAndIsrRequest", version, VERSIONS.min, VERSIONS.max)?;
        let flexible = is_flexible(version);
        buf.put_i32(self.controller_id.0);
        if version >= 7 {
            write_bool(buf, self.is_kraft_controller);
        } else {
            check_absent("isKRaftController", version, !self.is_kraft_controller)?;
        }
        buf.put_i32(self.controller_epoch);
        if version >= 2 {
            buf.put_i64(self.broker_epoch);
        }
        if version >= 5 {
            buf.put_i8(self.r#type);
        } else {
            check_absent("Type", version, self.r#type == 0)?;
        }
        if version <= 1 {
            write_array(
                buf,
                "UngroupedPartitionStates",
                &self.ungrouped_partition_states,
                flexible,
                |b, p| p.encode(b, version),
            )?;
        } else {
            check_absent(
                "UngroupedPartitionStates",
                version,
                self.ungrouped_partition_states.is_empty(),
            )?;
            write_array(buf, "TopicStates", &self.topic_states, flexible, |b, t| {
                write_string(b, "TopicName", &t.topic_name, flexible)?;
                if version >= 5 {
                    write_uuid(b, &t.topic_id);
                }
                write_array(
                    b,
                    "PartitionStates",
                    &t.partition_states,
                    flexible,
                    |b, p| p.encode(b, version),
                )?;
                write_struct_end(b, version, flexible, &[], &t.unknown_tagged_fields)?;
                Ok(())
            })?;
        }
        if version <= 1 {
            check_absent("TopicStates", version, self.topic_states.is_empty())?;
        }
        write_array(buf, "LiveLeaders", &self.live_leaders, flexible, |b, l| {
            b.put_i32(l.broker_id.0);
            write_string(b, "HostName", &l.host_name, flexible)?;
            b.put_i32(l.port);
            write_struct_end(b, version, flexible, &[], &l.unknown_tagged_fields)?;
            Ok(())
        })?;
        write_struct_end(buf, version, flexible, &[], &self.unknown_tagged_fields)?;
        Ok(())
    }

    fn compute_size(&self, version: i16) -> Result<usize> {
        encoded_size(|b| self.encode(b, version))
    }
}

impl Decodable for LeaderAndIsrRequest {
    fn decode<B: ByteBuf>(buf: &mut B, version: i16) -> Result<Self> {
        check_version("LeaderAndIsrRequest", version, VERSIONS.min, VERSIONS.max)?;
        let flexible = is_flexible(version);
        let mut request = Self {
            controller_id: read_broker_id(buf, "ControllerId")?,
            ..Self::default()
        };
        if version >= 7 {
            request.is_kraft_controller = read_bool(buf, "isKRaftController")?;
        }
        request.controller_epoch = read_i32(buf, "ControllerEpoch")?;
        if version >= 2 {
            request.broker_epoch = read_i64(buf, "BrokerEpoch")?;
        }
        if version >= 5 {
            request.r#type = read_i8(buf, "Type")?;
        }
        if version <= 1 {
            request.ungrouped_partition_states =
                read_array(buf, "UngroupedPartitionStates", flexible, |b| {
                    LeaderAndIsrPartitionState::decode(b, version)
                })?;
        } else {
            request.topic_states = read_array(buf, "TopicStates", flexible, |b| {
                let topic_name = TopicName(read_string(b, "TopicName", flexible)?);
                let topic_id = if version >= 5 {
                    read_uuid(b, "TopicId")?
                } else {
                    uuid::Uuid::nil()
                };
                Ok(LeaderAndIsrTopicState {
                    topic_name,
                    topic_id,
                    partition_states: read_array(b, "PartitionStates", flexible, |b| {
                        LeaderAndIsrPartitionState::decode(b, version)
                    })?,
                    unknown_tagged_fields: read_struct_end(b, flexible)?,
                })
            })?;
        }
        request.live_leaders = read_array(buf, "LiveLeaders", flexible, |b| {
            Ok(LeaderAndIsrLiveLeader {
                broker_id: read_broker_id(b, "BrokerId")?,
                host_name: read_string(b, "HostName", flexible)?,
                port: read_i32(b, "Port")?,
                unknown_tagged_fields: read_struct_end(b, flexible)?,
            })
        })?;
        request.unknown_tagged_fields = read_struct_end(buf, flexible)?;
        Ok(request)
    }
}

impl Message for LeaderAndIsrRequest {
    const VERSIONS: VersionRange = VERSIONS;
    const DEPRECATED_VERSIONS: Option<VersionRange> = None;
}

impl HeaderVersion for LeaderAndIsrRequest {
    fn header_version(version: i16) -> i16 {
        if is_flexible(version) {
            2
        } else {
            1
        }
    }
}

impl Request for LeaderAndIsrRequest {
    const KEY: i16 = 4;
    type Response = LeaderAndIsrResponse;
}

/// A broker's answer to LeaderAndIsr: a top-level error and one per partition.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct LeaderAndIsrResponse {
    /// The top-level error code, 0 for none (STALE_CONTROLLER_EPOCH, STALE_BROKER_EPOCH).
    pub error_code: i16,
    /// Per partition, with topic names; versions 0-4.
    pub partition_errors: Vec<LeaderAndIsrPartitionError>,
    /// Per partition, grouped by topic id; version 5+.
    pub topics: Vec<LeaderAndIsrTopicError>,
    /// Tagged fields this codec does not know, kept so they survive a round trip.
    pub unknown_tagged_fields: BTreeMap<i32, Bytes>,
}

/// One topic's partition outcomes (version 5+).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct LeaderAndIsrTopicError {
    pub topic_id: uuid::Uuid,
    pub partition_errors: Vec<LeaderAndIsrPartitionError>,
    /// Tagged fields this codec does not know, kept so they survive a round trip.
    pub unknown_tagged_fields: BTreeMap<i32, Bytes>,
}

/// The outcome for one partition of a LeaderAndIsr.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct LeaderAndIsrPartitionError {
    /// The topic name; versions 0-4 only (from 5 the enclosing topic's id says it).
    pub topic_name: TopicName,
    pub partition_index: i32,
    /// 0 for none; e.g. KAFKA_STORAGE_ERROR (v1+) when the replica's log dir is offline.
    pub error_code: i16,
    /// Tagged fields this codec does not know, kept so they survive a round trip.
    pub unknown_tagged_fields: BTreeMap<i32, Bytes>,
}

impl LeaderAndIsrPartitionError {
    fn encode<B: ByteBufMut>(&self, buf: &mut B, version: i16) -> Result<()> {
        let flexible = is_flexible(version);
        if version <= 4 {
            write_string(buf, "TopicName", &self.topic_name, flexible)?;
        }
        buf.put_i32(self.partition_index);
        buf.put_i16(self.error_code);
        write_struct_end(buf, version, flexible, &[], &self.unknown_tagged_fields)?;
        Ok(())
    }

    fn decode<B: ByteBuf>(buf: &mut B, version: i16) -> Result<Self> {
        let flexible = is_flexible(version);
        let topic_name = if version <= 4 {
            TopicName(read_string(buf, "TopicName", flexible)?)
        } else {
            TopicName::default()
        };
        Ok(Self {
            topic_name,
            partition_index: read_i32(buf, "PartitionIndex")?,
            error_code: read_i16(buf, "ErrorCode")?,
            unknown_tagged_fields: read_struct_end(buf, flexible)?,
        })
    }
}

impl Encodable for LeaderAndIsrResponse {
    fn encode<B: ByteBufMut>(&self, buf: &mut B, version: i16) -> Result<()> {
        check_version("LeaderAndIsrResponse", version, VERSIONS.min, VERSIONS.max)?;
        let flexible = is_flexible(version);
        buf.put_i16(self.error_code);
        if version <= 4 {
            write_array(
                buf,
                "PartitionErrors",
                &self.partition_errors,
                flexible,
                |b, p| p.encode(b, version),
            )?;
            check_absent("Topics", version, self.topics.is_empty())?;
        } else {
            check_absent("PartitionErrors", version, self.partition_errors.is_empty())?;
            write_array(buf, "Topics", &self.topics, flexible, |b, t| {
                write_uuid(b, &t.topic_id);
                write_array(
                    b,
                    "PartitionErrors",
                    &t.partition_errors,
                    flexible,
                    |b, p| p.encode(b, version),
                )?;
                write_struct_end(b, version, flexible, &[], &t.unknown_tagged_fields)?;
                Ok(())
            })?;
        }
        write_struct_end(buf, version, flexible, &[], &self.unknown_tagged_fields)?;
        Ok(())
    }

    fn compute_size(&self, version: i16) -> Result<usize> {
        encoded_size(|b| self.encode(b, version))
    }
}

impl Decodable for LeaderAndIsrResponse {
    fn decode<B: ByteBuf>(buf: &mut B, version: i16) -> Result<Self> {
        check_version("LeaderAndIsrResponse", version, VERSIONS.min, VERSIONS.max)?;
        let flexible = is_flexible(version);
        let mut response = Self {
            error_code: read_i16(buf, "ErrorCode")?,
            ..Self::default()
        };
        if version <= 4 {
            response.partition_errors = read_array(buf, "PartitionErrors", flexible, |b| {
                LeaderAndIsrPartitionError::decode(b, version)
            })?;
        } else {
            response.topics = read_array(buf, "Topics", flexible, |b| {
                Ok(LeaderAndIsrTopicError {
                    topic_id: read_uuid(b, "TopicId")?,
                    partition_errors: read_array(b, "PartitionErrors", flexible, |b| {
                        LeaderAndIsrPartitionError::decode(b, version)
                    })?,
                    unknown_tagged_fields: read_struct_end(b, flexible)?,
                })
            })?;
        }
        response.unknown_tagged_fields = read_struct_end(buf, flexible)?;
        Ok(response)
    }
}

impl Message for LeaderAndIsrResponse {
    const VERSIONS: VersionRange = VERSIONS;
    const DEPRECATED_VERSIONS: Option<VersionRange> = None;
}

impl HeaderVersion for LeaderAndIsrResponse {
    fn header_version(version: i16) -> i16 {
        if is_flexible(version) {
            1
        } else {
            0
        }
    }
}
