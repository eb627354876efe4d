//! ControlledShutdown (API key 7), versions 0-3, flexible from 3: a broker about to stop asks
//! the controller to move its leaderships away first; the answer lists the partitions it still
//! leads (empty when it may stop). Version 0 is the one request in Kafka sent with request
//! header version 0, which has no client id.

use std::collections::BTreeMap;

use anyhow::Result;
use bytes::Bytes;
use kafka_protocol::messages::{BrokerId, TopicName};
use kafka_protocol::protocol::buf::{ByteBuf, ByteBufMut};
use kafka_protocol::protocol::{
    Decodable, Encodable, HeaderVersion, Message, Request, VersionRange,
};

use super::wire::*;

const VERSIONS: VersionRange = VersionRange { min: 0, max: 3 };

fn is_flexible(version: i16) -> bool {
    version >= 3
}

/// A broker's request to be shut down in a controlled way.
#[derive(Debug, Clone, PartialEq)]
pub struct ControlledShutdownRequest {
    /// The broker that wants to stop.
    pub broker_id: BrokerId,
    /// Its epoch (the czxid of its registration znode), so the controller can ignore a request
    /// from an earlier life of the broker; versions 2+, -1 when unknown.
    pub broker_epoch: i64,
    /// Tagged fields this codec does not know, kept so they survive a round trip.
    pub unknown_tagged_fields: BTreeMap<i32, Bytes>,
}

impl Default for ControlledShutdownRequest {
    fn default() -> Self {
        Self {
            broker_id: BrokerId(0),
            broker_epoch: -1,
            unknown_tagged_fields: BTreeMap::new(),
        }
    }
}

impl Encodable for ControlledShutdownRequest {
    fn encode<B: ByteBufMut>(&self, buf: &mut B, version: i16) -> Result<()> {
        check_version(
            "ControlledShutdownRequest",
            version,
            VERSIONS.min,
            VERSIONS.max,
        )?;
        buf.put_i32(self.broker_id.0);
        if version >= 2 {
            buf.put_i64(self.broker_epoch);
        }
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

impl Decodable for ControlledShutdownRequest {
    fn decode<B: ByteBuf>(buf: &mut B, version: i16) -> Result<Self> {
        check_version(
            "ControlledShutdownRequest",
            version,
            VERSIONS.min,
            VERSIONS.max,
        )?;
        let mut request = Self {
            broker_id: read_broker_id(buf, "BrokerId")?,
            ..Self::default()
        };
        if version >= 2 {
            request.broker_epoch = read_i64(buf, "BrokerEpoch")?;
        }
        request.unknown_tagged_fields = read_struct_end(buf, is_flexible(version))?;
        Ok(request)
    }
}

impl Message for ControlledShutdownRequest {
    const VERSIONS: VersionRange = VERSIONS;
    const DEPRECATED_VERSIONS: Option<VersionRange> = None;
}

impl HeaderVersion for ControlledShutdownRequest {
    /// Version 0 has the header without a client id (header v0); 1-2 the classic header;
    /// 3 the flexible one.
    fn header_version(version: i16) -> i16 {
        match version {
            0 => 0,
            1 | 2 => 1,
            _ => 2,
        }
    }
}

impl Request for ControlledShutdownRequest {
    const KEY: i16 = 7;
    type Response = ControlledShutdownResponse;
}

/// The controller's answer to a controlled shutdown.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ControlledShutdownResponse {
    /// The top-level error code, 0 for none.
    pub error_code: i16,
    /// The partitions the broker still leads; it may stop once this comes back empty.
    pub remaining_partitions: Vec<RemainingPartition>,
    /// Tagged fields this codec does not know, kept so they survive a round trip.
    pub unknown_tagged_fields: BTreeMap<i32, Bytes>,
}

/// A partition the shutting-down broker still leads.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RemainingPartition {
    pub topic_name: TopicName,
    pub partition_index: i32,
    /// Tagged fields this codec does not know, kept so they survive a round trip.
    pub unknown_tagged_fields: BTreeMap<i32, Bytes>,
}

impl RemainingPartition {
    fn encode<B: ByteBufMut>(&self, buf: &mut B, version: i16) -> Result<()> {
        let flexible = is_flexible(version);
        write_string(buf, "TopicName", &self.topic_name, flexible)?;
        buf.put_i32(self.partition_index);
        write_struct_end(buf, version, flexible, &[], &self.unknown_tagged_fields)?;
        Ok(())
    }

    fn decode<B: ByteBuf>(buf: &mut B, version: i16) -> Result<Self> {
        let flexible = is_flexible(version);
        Ok(Self {
            topic_name: TopicName(read_string(buf, "TopicName", flexible)?),
            partition_index: read_i32(buf, "PartitionIndex")?,
            unknown_tagged_fields: read_struct_end(buf, flexible)?,
        })
    }
}

impl Encodable for ControlledShutdownResponse {
    fn encode<B: ByteBufMut>(&self, buf: &mut B, version: i16) -> Result<()> {
        check_version(
            "ControlledShutdownResponse",
            version,
            VERSIONS.min,
            VERSIONS.max,
        )?;
        let flexible = is_flexible(version);
        buf.put_i16(self.error_code);
        write_array(
            buf,
            "RemainingPartitions",
            &self.remaining_partitions,
            flexible,
            |b, p| p.encode(b, version),
        )?;
        write_struct_end(buf, version, flexible, &[], &self.unknown_tagged_fields)?;
        Ok(())
    }

    fn compute_size(&self, version: i16) -> Result<usize> {
        encoded_size(|b| self.encode(b, version))
    }
}

impl Decodable for ControlledShutdownResponse {
    fn decode<B: ByteBuf>(buf: &mut B, version: i16) -> Result<Self> {
        check_version(
            "ControlledShutdownResponse",
            version,
            VERSIONS.min,
            VERSIONS.max,
        )?;
        let flexible = is_flexible(version);
        Ok(Self {
            error_code: read_i16(buf, "ErrorCode")?,
            remaining_partitions: read_array(buf, "RemainingPartitions", flexible, |b| {
                RemainingPartition::decode(b, version)
            })?,
            unknown_tagged_fields: read_struct_end(buf, flexible)?,
        })
    }
}

impl Message for ControlledShutdownResponse {
    const VERSIONS: VersionRange = VERSIONS;
    const DEPRECATED_VERSIONS: Option<VersionRange> = None;
}

impl HeaderVersion for ControlledShutdownResponse {
    fn header_version(version: i16) -> i16 {
        if is_flexible(version) {
            1
        } else {
            0
        }
    }
}
