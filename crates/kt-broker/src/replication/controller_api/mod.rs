//! The codec of Kafka 3.9's ZooKeeper-mode controller APIs: LeaderAndIsr (4), StopReplica (5),
//! UpdateMetadata (6) and ControlledShutdown (7), requests and responses, in every version
//! Kafka 3.9 defines (from its `clients/src/main/resources/common/message/*.json`).
//!
//! # Why a codec of kt's own, not kafka-protocol 0.15 under a second name
//! kafka-protocol dropped these four with Kafka 4.0 (its 0.16); 0.15.1 still has them, in the
//! same versions. It was weighed and not taken:
//! - Cost: a second copy of that generated crate is ~28 s of one core to compile in release
//!   (measured on this machine, default features off) and a 21.6 MB rlib plus a 17.8 MB rmeta,
//!   again for every profile and for clippy — on a machine whose 2 cores four builds share —
//!   for eight small structs.
//! - Fit: its `StrBytes`, `BrokerId`, `TopicName` and traits would be 0.15's, distinct types
//!   from the 0.18 ones the rest of kt uses, so every handler would convert at the boundary.
//!   Here the messages are built from 0.18's `BrokerId`/`TopicName`/`StrBytes` and implement
//!   0.18's `Encodable`/`Decodable`/`Message`/`HeaderVersion`/`Request`, so they read and are
//!   used like the rest of kt's messages.
//! - Nothing to track: Kafka 4.0 removed these APIs, so 3.9's definitions are final; the
//!   generated crate's advantage, following new versions, does not apply.
//! - Neither crate decodes request header version 0 (ControlledShutdown v0, which has no client
//!   id); [`decode_request_header`] does.
//!
//! Correctness rests on byte-for-byte tests: frames written field by field from the JSON specs
//! in the tests, frames serialized by Kafka 3.9.0's own generated classes (`kafka-clients`
//! 3.9.0, see `testdata/`), and property tests of encode → decode over every version.
//!
//! # Versions
//! Kafka 3.9's controller (ControllerChannelManager, IBP ≥ 3.4) sends LeaderAndIsr v7,
//! UpdateMetadata v8 and StopReplica v4; its brokers send ControlledShutdown v3. Older
//! versions are what an older controller or inter-broker protocol sends; all are supported so
//! kt can answer them. These APIs are not in kafka-protocol's `ApiKey`, so the route table
//! cannot name them yet: [`ControllerApi`] says which key is which and which header versions
//! each version uses.

mod controlled_shutdown;
mod leader_and_isr;
mod stop_replica;
mod update_metadata;
mod wire;

pub use controlled_shutdown::*;
pub use leader_and_isr::*;
pub use stop_replica::*;
pub use update_metadata::*;
pub use wire::WireError;

use bytes::Buf;
use kafka_protocol::messages::RequestHeader;
use kafka_protocol::protocol::buf::{ByteBuf, ByteBufMut};
use kafka_protocol::protocol::{
    Decodable, Encodable, HeaderVersion, Message, Request, VersionRange,
};

/// One of the four controller APIs, by its Kafka API key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ControllerApi {
    LeaderAndIsr,
    StopReplica,
    UpdateMetadata,
    ControlledShutdown,
}

impl ControllerApi {
    /// All four, in API key order.
    pub const ALL: [ControllerApi; 4] = [
        ControllerApi::LeaderAndIsr,
        ControllerApi::StopReplica,
        ControllerApi::UpdateMetadata,
        ControllerApi::ControlledShutdown,
    ];

    /// The API for a request's key, if it is one of the four.
    pub fn from_key(key: i16) -> Option<Self> {
        Self::ALL.into_iter().find(|api| api.key() == key)
    }

    /// The API key on the wire.
    pub fn key(self) -> i16 {
        match self {
            ControllerApi::LeaderAndIsr => LeaderAndIsrRequest::KEY,
            ControllerApi::StopReplica => StopReplicaRequest::KEY,
            ControllerApi::UpdateMetadata => UpdateMetadataRequest::KEY,
            ControllerApi::ControlledShutdown => ControlledShutdownRequest::KEY,
        }
    }

    /// The versions this codec reads and writes (all of Kafka 3.9's).
    pub fn versions(self) -> VersionRange {
        match self {
            ControllerApi::LeaderAndIsr => LeaderAndIsrRequest::VERSIONS,
            ControllerApi::StopReplica => StopReplicaRequest::VERSIONS,
            ControllerApi::UpdateMetadata => UpdateMetadataRequest::VERSIONS,
            ControllerApi::ControlledShutdown => ControlledShutdownRequest::VERSIONS,
        }
    }

    /// The version Kafka 3.9 sends (at inter-broker protocol 3.4 or later).
    pub fn kafka_3_9_version(self) -> i16 {
        match self {
            ControllerApi::LeaderAndIsr => 7,
            ControllerApi::StopReplica => 4,
            ControllerApi::UpdateMetadata => 8,
            ControllerApi::ControlledShutdown => 3,
        }
    }

    /// The request header version a request of `version` carries.
    pub fn request_header_version(self, version: i16) -> i16 {
        match self {
            ControllerApi::LeaderAndIsr => LeaderAndIsrRequest::header_version(version),
            ControllerApi::StopReplica => StopReplicaRequest::header_version(version),
            ControllerApi::UpdateMetadata => UpdateMetadataRequest::header_version(version),
            ControllerApi::ControlledShutdown => ControlledShutdownRequest::header_version(version),
        }
    }

    /// The response header version the answer to a request of `version` carries.
    pub fn response_header_version(self, version: i16) -> i16 {
        match self {
            ControllerApi::LeaderAndIsr => LeaderAndIsrResponse::header_version(version),
            ControllerApi::StopReplica => StopReplicaResponse::header_version(version),
            ControllerApi::UpdateMetadata => UpdateMetadataResponse::header_version(version),
            ControllerApi::ControlledShutdown => {
                ControlledShutdownResponse::header_version(version)
            }
        }
    }
}

/// Decodes a request header of any version, 0 included: header v0 (api key, version,
/// correlation id, no client id) is used only by ControlledShutdown v0, and kafka-protocol's
/// `RequestHeader` reads versions 1-2 only. A v0 header decodes with no client id.
pub fn decode_request_header<B: ByteBuf>(
    buf: &mut B,
    header_version: i16,
) -> anyhow::Result<RequestHeader> {
    if header_version != 0 {
        return RequestHeader::decode(buf, header_version);
    }
    if buf.remaining() < 8 {
        return Err(WireError::Truncated {
            what: "request header",
            needed: 8,
            left: buf.remaining(),
        }
        .into());
    }
    Ok(RequestHeader::default()
        .with_request_api_key(buf.get_i16())
        .with_request_api_version(buf.get_i16())
        .with_correlation_id(buf.get_i32())
        .with_client_id(None))
}

/// Encodes a request header of any version; the counterpart of [`decode_request_header`].
pub fn encode_request_header<B: ByteBufMut>(
    buf: &mut B,
    header: &RequestHeader,
    header_version: i16,
) -> anyhow::Result<()> {
    if header_version != 0 {
        return header.encode(buf, header_version);
    }
    buf.put_i16(header.request_api_key);
    buf.put_i16(header.request_api_version);
    buf.put_i32(header.correlation_id);
    Ok(())
}

#[cfg(test)]
mod tests;
