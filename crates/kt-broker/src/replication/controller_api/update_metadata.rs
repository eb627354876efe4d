//! UpdateMetadata (API key 6), versions 0-8, flexible from 6: the controller sends every broker
//! the live brokers (with their listeners and racks) and the state of changed partitions, from
//! which brokers answer clients' Metadata requests. Partitions come flat with their topic name
//! in versions 0-4 and grouped by topic from 5 (with the topic id from 7); a broker has one
//! host and port in version 0 and a list of endpoints from 1.

use std::collections::BTreeMap;

use anyhow::Result;
use bytes::Bytes;
use kafka_protocol::messages::{BrokerId, TopicName};
use kafka_protocol::protocol::buf::{ByteBuf, ByteBufMut};
use kafka_protocol::protocol::{
    Decodable, Encodable, HeaderVersion, Message, Request, StrBytes, VersionRange,
};

use super::wire::*;

const VERSIONS: VersionRange = VersionRange { min: 0, max: 8 };

/// The tag of the request's `Type` field (version 8+).
const TYPE_TAG: i32 = 0;

fn is_flexible(version: i16) -> bool {
    version >= 6
}

/// The controller's view of the cluster, sent to every broker.
#[derive(Debug, Clone, PartialEq)]
pub struct UpdateMetadataRequest {
    /// The controller sending it.
    pub controller_id: BrokerId,
    /// Whether `controller_id` is a KRaft controller migrating a ZooKeeper cluster (KIP-866);
    /// version 8+.
    pub is_kraft_controller: bool,
    /// Full snapshot (2), incremental (1) or unknown (0); a tagged field (tag 0) of version
    /// 8+, only written when not 0.
    pub r#type: i8,
    /// The controller's epoch; a broker refuses requests from an older one.
    pub controller_epoch: i32,
    /// The epoch of the broker this is sent to; version 5+, -1 when unknown.
    pub broker_epoch: i64,
    /// The partitions, flat with their topic names; versions 0-4.
    pub ungrouped_partition_states: Vec<UpdateMetadataPartitionState>,
    /// The partitions grouped by topic; version 5+.
    pub topic_states: Vec<UpdateMetadataTopicState>,
    /// Every live (or shutting-down) broker.
    pub live_brokers: Vec<UpdateMetadataBroker>,
    /// Tagged fields this codec does not know, kept so they survive a round trip.
    pub unknown_tagged_fields: BTreeMap<i32, Bytes>,
}

impl Default for UpdateMetadataRequest {
    fn default() -> Self {
        Self {
            controller_id: BrokerId(0),
            is_kraft_controller: false,
            r#type: 0,
            controller_epoch: 0,
            broker_epoch: -1,
            ungrouped_partition_states: Vec::new(),
            topic_states: Vec::new(),
            live_brokers: Vec::new(),
            unknown_tagged_fields: BTreeMap::new(),
        }
    }
}

impl UpdateMetadataRequest {
    /// Every partition state with its topic name, whichever layout the version used.
    pub fn partition_states(
        &self,
    ) -> impl Iterator<Item = (&TopicName, &UpdateMetadataPartitionState)> {
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

/// One topic's partitions (version 5+).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct UpdateMetadataTopicState {
    pub topic_name: TopicName,
    /// The topic's id; version 7+ (all zeros before).
    pub topic_id: uuid::Uuid,
    pub partition_states: Vec<UpdateMetadataPartitionState>,
    /// Tagged fields this codec does not know, kept so they survive a round trip.
    pub unknown_tagged_fields: BTreeMap<i32, Bytes>,
}

/// The state of one partition.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct UpdateMetadataPartitionState {
    /// The topic name; carried here in versions 0-4 only (from 5 by the enclosing topic).
    pub topic_name: TopicName,
    pub partition_index: i32,
    pub controller_epoch: i32,
    /// The leader, -1 when none (and -2, Kafka's LeaderDuringDelete, for a topic being
    /// deleted).
    pub leader: BrokerId,
    pub leader_epoch: i32,
    pub isr: Vec<BrokerId>,
    /// The partition state znode's version.
    pub zk_version: i32,
    pub replicas: Vec<BrokerId>,
    /// Replicas whose log dir is offline; version 4+.
    pub offline_replicas: Vec<BrokerId>,
    /// Tagged fields this codec does not know, kept so they survive a round trip.
    pub unknown_tagged_fields: BTreeMap<i32, Bytes>,
}

/// A live broker and how to reach it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct UpdateMetadataBroker {
    pub id: BrokerId,
    /// The broker's one host; version 0 only (from 1 see `endpoints`).
    pub v0_host: StrBytes,
    /// The broker's one port; version 0 only.
    pub v0_port: i32,
    /// The broker's listeners; version 1+.
    pub endpoints: Vec<UpdateMetadataEndpoint>,
    /// The broker's rack (`broker.rack`); version 2+, `None` when it has none. (Kafka's Java
    /// classes default this field to "" when a version does not carry it; `None` says the same
    /// thing here and never reaches the wire.)
    pub rack: Option<StrBytes>,
    /// Tagged fields this codec does not know, kept so they survive a round trip.
    pub unknown_tagged_fields: BTreeMap<i32, Bytes>,
}

/// One listener of a broker.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct UpdateMetadataEndpoint {
    pub port: i32,
    pub host: StrBytes,
    /// The listener's name (e.g. `PLAINTEXT`); version 3+.
    pub listener: StrBytes,
    /// Kafka's SecurityProtocol id: 0 PLAINTEXT, 1 SSL, 2 SASL_PLAINTEXT, 3 SASL_SSL.
    pub security_protocol: i16,
    /// Tagged fields this codec does not know, kept so they survive a round trip.
    pub unknown_tagged_fields: BTreeMap<i32, Bytes>,
}

impl UpdateMetadataPartitionState {
    fn encode<B: ByteBufMut>(&self, buf: &mut B, version: i16) -> Result<()> {
        let flexible = is_flexible(version);
        if version <= 4 {
            write_string(buf, "TopicName", &self.topic_name, flexible)?;
        }
        buf.put_i32(self.partition_index);
        buf.put_i32(self.controller_epoch);
        buf.put_i32(self.leader.0);
        buf.put_i32(self.leader_epoch);
        write_broker_ids(buf, "Isr", &self.isr, flexible)?;
        buf.put_i32(self.zk_version);
        write_broker_ids(buf, "Replicas", &self.replicas, flexible)?;
        if version >= 4 {
            write_broker_ids(buf, "OfflineReplicas", &self.offline_replicas, flexible)?;
        }
        write_struct_end(buf, version, flexible, &[], &self.unknown_tagged_fields)?;
        Ok(())
    }

    fn decode<B: ByteBuf>(buf: &mut B, version: i16) -> Result<Self> {
        let flexible = is_flexible(version);
        let mut state = Self::default();
        if version <= 4 {
            state.topic_name = TopicName(read_string(buf, "TopicName", flexible)?);
        }
        state.partition_index = read_i32(buf, "PartitionIndex")?;
        state.controller_epoch = read_i32(buf, "ControllerEpoch")?;
        state.leader = read_broker_id(buf, "Leader")?;
        state.leader_epoch = read_i32(buf, "LeaderEpoch")?;
        state.isr = read_broker_ids(buf, "Isr", flexible)?;
        state.zk_version = read_i32(buf, "ZkVersion")?;
        state.replicas = read_broker_ids(buf, "Replicas", flexible)?;
        if version >= 4 {
            state.offline_replicas = read_broker_ids(buf, "OfflineReplicas", flexible)?;
        }
        state.unknown_tagged_fields = read_struct_end(buf, flexible)?;
        Ok(state)
    }
}

impl UpdateMetadataBroker {
    fn encode<B: ByteBufMut>(&self, buf: &mut B, version: i16) -> Result<()> {
        let flexible = is_flexible(version);
        buf.put_i32(self.id.0);
        if version == 0 {
            write_string(buf, "V0Host", &self.v0_host, flexible)?;
            buf.put_i32(self.v0_port);
        } else {
            write_array(buf, "Endpoints", &self.endpoints, flexible, |b, e| {
                b.put_i32(e.port);
                write_string(b, "Host", &e.host, flexible)?;
                if version >= 3 {
                    write_string(b, "Listener", &e.listener, flexible)?;
                }
                b.put_i16(e.security_protocol);
                write_struct_end(b, version, flexible, &[], &e.unknown_tagged_fields)?;
                Ok(())
            })?;
        }
        if version >= 2 {
            write_nullable_string(buf, "Rack", self.rack.as_deref(), flexible)?;
        }
        write_struct_end(buf, version, flexible, &[], &self.unknown_tagged_fields)?;
        Ok(())
    }

    fn decode<B: ByteBuf>(buf: &mut B, version: i16) -> Result<Self> {
        let flexible = is_flexible(version);
        let mut broker = Self {
            id: read_broker_id(buf, "Id")?,
            ..Self::default()
        };
        if version == 0 {
            broker.v0_host = read_string(buf, "V0Host", flexible)?;
            broker.v0_port = read_i32(buf, "V0Port")?;
        } else {
            broker.endpoints = read_array(buf, "Endpoints", flexible, |b| {
                let port = read_i32(b, "Port")?;
                let host = read_string(b, "Host", flexible)?;
                let listener = if version >= 3 {
                    read_string(b, "Listener", flexible)?
                } else {
                    StrBytes::default()
                };
                Ok(UpdateMetadataEndpoint {
                    port,
                    host,
                    listener,
                    security_protocol: read_i16(b, "SecurityProtocol")?,
                    unknown_tagged_fields: read_struct_end(b, flexible)?,
                })
            })?;
        }
        if version >= 2 {
            broker.rack = read_nullable_string(buf, "Rack", flexible)?;
        }
        broker.unknown_tagged_fields = read_struct_end(buf, flexible)?;
        Ok(broker)
    }
}

impl Encodable for UpdateMetadataRequest {
    fn encode<B: ByteBufMut>(&self, buf: &mut B, version: i16) -> Result<()> {
        check_version("UpdateMetadataRequest", version, VERSIONS.min, VERSIONS.max)?;
        let flexible = is_flexible(version);
        buf.put_i32(self.controller_id.0);
        if version >= 8 {
            write_bool(buf, self.is_kraft_controller);
        } else {
            check_absent("isKRaftController", version, !self.is_kraft_controller)?;
            check_absent("Type", version, self.r#type == 0)?;
        }
        buf.put_i32(self.controller_epoch);
        if version >= 5 {
            buf.put_i64(self.broker_epoch);
        }
        if version <= 4 {
            write_array(
                buf,
                "UngroupedPartitionStates",
                &self.ungrouped_partition_states,
                flexible,
                |b, p| p.encode(b, version),
            )?;
            check_absent("TopicStates", version, self.topic_states.is_empty())?;
        } else {
            check_absent(
                "UngroupedPartitionStates",
                version,
                self.ungrouped_partition_states.is_empty(),
            )?;
            write_array(buf, "TopicStates", &self.topic_states, flexible, |b, t| {
                write_string(b, "TopicName", &t.topic_name, flexible)?;
                if version >= 7 {
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
        write_array(buf, "LiveBrokers", &self.live_brokers, flexible, |b, l| {
            l.encode(b, version)
        })?;
        // Type is the one known tagged field; like every tagged field it is left out at its
        // default.
        let known: Vec<(i32, Bytes)> = if version >= 8 && self.r#type != 0 {
            vec![(TYPE_TAG, Bytes::copy_from_slice(&[self.r#type as u8]))]
        } else {
            Vec::new()
        };
        write_struct_end(buf, version, flexible, &known, &self.unknown_tagged_fields)?;
        Ok(())
    }

    fn compute_size(&self, version: i16) -> Result<usize> {
        encoded_size(|b| self.encode(b, version))
    }
}

impl Decodable for UpdateMetadataRequest {
    fn decode<B: ByteBuf>(buf: &mut B, version: i16) -> Result<Self> {
        check_version("UpdateMetadataRequest", version, VERSIONS.min, VERSIONS.max)?;
        let flexible = is_flexible(version);
        let mut request = Self {
            controller_id: read_broker_id(buf, "ControllerId")?,
            ..Self::default()
        };
        if version >= 8 {
            request.is_kraft_controller = read_bool(buf, "isKRaftController")?;
        }
        request.controller_epoch = read_i32(buf, "ControllerEpoch")?;
        if version >= 5 {
            request.broker_epoch = read_i64(buf, "BrokerEpoch")?;
        }
        if version <= 4 {
            request.ungrouped_partition_states =
                read_array(buf, "UngroupedPartitionStates", flexible, |b| {
                    UpdateMetadataPartitionState::decode(b, version)
                })?;
        } else {
            request.topic_states = read_array(buf, "TopicStates", flexible, |b| {
                let topic_name = TopicName(read_string(b, "TopicName", flexible)?);
                let topic_id = if version >= 7 {
                    read_uuid(b, "TopicId")?
                } else {
                    uuid::Uuid::nil()
                };
                Ok(UpdateMetadataTopicState {
                    topic_name,
                    topic_id,
                    partition_states: read_array(b, "PartitionStates", flexible, |b| {
                        UpdateMetadataPartitionState::decode(b, version)
                    })?,
                    unknown_tagged_fields: read_struct_end(b, flexible)?,
                })
            })?;
        }
        request.live_brokers = read_array(buf, "LiveBrokers", flexible, |b| {
            UpdateMetadataBroker::decode(b, version)
        })?;
        if flexible {
            let mut r#type = 0;
            request.unknown_tagged_fields = read_tagged_fields(buf, |tag, value| {
                if version >= 8 && tag == TYPE_TAG {
                    if value.len() != 1 {
                        return Err(WireError::TaggedFieldSize {
                            field: "Type",
                            tag,
                            size: value.len(),
                            expected: 1,
                        });
                    }
                    r#type = value[0] as i8;
                    Ok(true)
                } else {
                    Ok(false)
                }
            })?;
            request.r#type = r#type;
        }
        Ok(request)
    }
}

impl Message for UpdateMetadataRequest {
    const VERSIONS: VersionRange = VERSIONS;
    const DEPRECATED_VERSIONS: Option<VersionRange> = None;
}

impl HeaderVersion for UpdateMetadataRequest {
    fn header_version(version: i16) -> i16 {
        if is_flexible(version) {
            2
        } else {
            1
        }
    }
}

impl Request for UpdateMetadataRequest {
    const KEY: i16 = 6;
    type Response = UpdateMetadataResponse;
}

/// A broker's answer to UpdateMetadata: only an error code.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct UpdateMetadataResponse {
    /// 0 for none (STALE_CONTROLLER_EPOCH, STALE_BROKER_EPOCH).
    pub error_code: i16,
    /// Tagged fields this codec does not know, kept so they survive a round trip.
    pub unknown_tagged_fields: BTreeMap<i32, Bytes>,
}

impl Encodable for UpdateMetadataResponse {
    fn encode<B: ByteBufMut>(&self, buf: &mut B, version: i16) -> Result<()> {
        check_version(
            "UpdateMetadataResponse",
            version,
            VERSIONS.min,
            VERSIONS.max,
        )?;
        buf.put_i16(self.error_code);
        write_struct_end(
            buf,
            version,
            is_flexible(version),
            &[],
            &self.unknown_tagged_fields,
        )?;
        Ok(())
    }

    fn compute_size(&self, version: i16) -> Result<usize> {
        encoded_size(|b| self.encode(b, version))
    }
}

impl Decodable for UpdateMetadataResponse {
    fn decode<B: ByteBuf>(buf: &mut B, version: i16) -> Result<Self> {
        check_version(
            "UpdateMetadataResponse",
            version,
            VERSIONS.min,
            VERSIONS.max,
        )?;
        Ok(Self {
            error_code: read_i16(buf, "ErrorCode")?,
            unknown_tagged_fields: read_struct_end(buf, is_flexible(version))?,
        })
    }
}

impl Message for UpdateMetadataResponse {
    const VERSIONS: VersionRange = VERSIONS;
    const DEPRECATED_VERSIONS: Option<VersionRange> = None;
}

impl HeaderVersion for UpdateMetadataResponse {
    fn header_version(version: i16) -> i16 {
        if is_flexible(version) {
            1
        } else {
            0
        }
    }
}
