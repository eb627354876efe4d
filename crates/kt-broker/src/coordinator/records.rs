//! The records of `__consumer_offsets`, in Kafka's own key and value schemas, so that the
//! topic kt writes reads the same as Apache Kafka's (`OffsetCommitKey`/`OffsetCommitValue`,
//! `GroupMetadataKey`/`GroupMetadataValue` of Kafka's group coordinator).
//!
//! Hand-written because the `kafka-protocol` crate covers the wire messages only, not these
//! storage schemas. Each key and value starts with an int16 schema version; kt writes the
//! versions Kafka 3.x writes (offset key 1, offset value 3, group key 2, group value 3) and
//! reads every non-flexible version.

use bytes::{Buf, BufMut, Bytes, BytesMut};

/// Why a stored record could not be read.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum RecordError {
    #[error("record truncated")]
    Truncated,
    #[error("unsupported {what} schema version {version}")]
    Version { what: &'static str, version: i16 },
    #[error("string is not UTF-8")]
    Utf8,
}

type Result<T> = std::result::Result<T, RecordError>;

/// A key of `__consumer_offsets`: either a committed offset or a group's metadata.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RecordKey {
    Offset {
        group: String,
        topic: String,
        partition: i32,
    },
    Group {
        group: String,
    },
}

/// A committed offset as stored (`OffsetCommitValue`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OffsetValue {
    pub offset: i64,
    pub leader_epoch: i32,
    pub metadata: String,
    pub commit_timestamp: i64,
    /// Only in schema version 1 (an explicit retention from OffsetCommit v2–v4); -1 otherwise.
    pub expire_timestamp: i64,
}

/// One member as stored in the group's metadata (`MemberMetadata` of `GroupMetadataValue`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredMember {
    pub member_id: String,
    pub group_instance_id: Option<String>,
    pub client_id: String,
    pub client_host: String,
    pub rebalance_timeout_ms: i32,
    pub session_timeout_ms: i32,
    /// The member's metadata for the group's chosen protocol (its subscription).
    pub subscription: Bytes,
    pub assignment: Bytes,
}

/// A group's metadata as stored (`GroupMetadataValue`), written after each completed
/// rebalance so that a restarted coordinator knows the generation and the members.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupValue {
    pub protocol_type: String,
    pub generation: i32,
    pub protocol: Option<String>,
    pub leader: Option<String>,
    pub current_state_timestamp: i64,
    pub members: Vec<StoredMember>,
}

impl RecordKey {
    /// The key's bytes (offset keys in version 1, group keys in version 2).
    pub fn encode(&self) -> Bytes {
        let mut buf = BytesMut::new();
        match self {
            RecordKey::Offset {
                group,
                topic,
                partition,
            } => {
                buf.put_i16(1);
                put_str(&mut buf, group);
                put_str(&mut buf, topic);
                buf.put_i32(*partition);
            }
            RecordKey::Group { group } => {
                buf.put_i16(2);
                put_str(&mut buf, group);
            }
        }
        buf.freeze()
    }

    /// Reads a key; versions 0 and 1 are offsets, 2 is group metadata.
    pub fn decode(mut buf: &[u8]) -> Result<RecordKey> {
        let version = get_i16(&mut buf)?;
        match version {
            0 | 1 => Ok(RecordKey::Offset {
                group: get_str(&mut buf)?,
                topic: get_str(&mut buf)?,
                partition: get_i32(&mut buf)?,
            }),
            2 => Ok(RecordKey::Group {
                group: get_str(&mut buf)?,
            }),
            version => Err(RecordError::Version {
                what: "key",
                version,
            }),
        }
    }
}

impl OffsetValue {
    /// The value's bytes: version 1 when an expire timestamp is set, else version 3.
    pub fn encode(&self) -> Bytes {
        let mut buf = BytesMut::new();
        if self.expire_timestamp >= 0 {
            buf.put_i16(1);
            buf.put_i64(self.offset);
            put_str(&mut buf, &self.metadata);
            buf.put_i64(self.commit_timestamp);
            buf.put_i64(self.expire_timestamp);
        } else {
            buf.put_i16(3);
            buf.put_i64(self.offset);
            buf.put_i32(self.leader_epoch);
            put_str(&mut buf, &self.metadata);
            buf.put_i64(self.commit_timestamp);
        }
        buf.freeze()
    }

    /// Reads versions 0–3.
    pub fn decode(mut buf: &[u8]) -> Result<OffsetValue> {
        let version = get_i16(&mut buf)?;
        if !(0..=3).contains(&version) {
            return Err(RecordError::Version {
                what: "offset value",
                version,
            });
        }
        let offset = get_i64(&mut buf)?;
        let leader_epoch = if version >= 3 { get_i32(&mut buf)? } else { -1 };
        let metadata = get_str(&mut buf)?;
        let commit_timestamp = get_i64(&mut buf)?;
        let expire_timestamp = if version == 1 { get_i64(&mut buf)? } else { -1 };
        Ok(OffsetValue {
            offset,
            leader_epoch,
            metadata,
            commit_timestamp,
            expire_timestamp,
        })
    }
}

impl GroupValue {
    /// The value's bytes in version 3.
    pub fn encode(&self) -> Bytes {
        let mut buf = BytesMut::new();
        buf.put_i16(3);
        put_str(&mut buf, &self.protocol_type);
        buf.put_i32(self.generation);
        put_nullable_str(&mut buf, self.protocol.as_deref());
        put_nullable_str(&mut buf, self.leader.as_deref());
        buf.put_i64(self.current_state_timestamp);
        buf.put_i32(self.members.len() as i32);
        for m in &self.members {
            put_str(&mut buf, &m.member_id);
            put_nullable_str(&mut buf, m.group_instance_id.as_deref());
            put_str(&mut buf, &m.client_id);
            put_str(&mut buf, &m.client_host);
            buf.put_i32(m.rebalance_timeout_ms);
            buf.put_i32(m.session_timeout_ms);
            put_bytes(&mut buf, &m.subscription);
            put_bytes(&mut buf, &m.assignment);
        }
        buf.freeze()
    }

    /// Reads versions 0–3.
    pub fn decode(mut buf: &[u8]) -> Result<GroupValue> {
        let version = get_i16(&mut buf)?;
        if !(0..=3).contains(&version) {
            return Err(RecordError::Version {
                what: "group value",
                version,
            });
        }
        let protocol_type = get_str(&mut buf)?;
        let generation = get_i32(&mut buf)?;
        let protocol = get_nullable_str(&mut buf)?;
        let leader = get_nullable_str(&mut buf)?;
        let current_state_timestamp = if version >= 2 { get_i64(&mut buf)? } else { -1 };
        let count = get_i32(&mut buf)?.max(0) as usize;
        // Bounded by what the buffer can hold, not by the claimed count.
        let mut members = Vec::with_capacity(count.min(buf.len() / 16));
        for _ in 0..count {
            let member_id = get_str(&mut buf)?;
            let group_instance_id = if version >= 3 {
                get_nullable_str(&mut buf)?
            } else {
                None
            };
            let client_id = get_str(&mut buf)?;
            let client_host = get_str(&mut buf)?;
            let session_timeout_ms_v0;
            let rebalance_timeout_ms = if version >= 1 {
                let r = get_i32(&mut buf)?;
                session_timeout_ms_v0 = get_i32(&mut buf)?;
                r
            } else {
                session_timeout_ms_v0 = get_i32(&mut buf)?;
                session_timeout_ms_v0
            };
            members.push(StoredMember {
                member_id,
                group_instance_id,
                client_id,
                client_host,
                rebalance_timeout_ms,
                session_timeout_ms: session_timeout_ms_v0,
                subscription: get_bytes(&mut buf)?,
                assignment: get_bytes(&mut buf)?,
            });
        }
        Ok(GroupValue {
            protocol_type,
            generation,
            protocol,
            leader,
            current_state_timestamp,
            members,
        })
    }
}

fn put_str(buf: &mut BytesMut, s: &str) {
    buf.put_i16(s.len() as i16);
    buf.put_slice(s.as_bytes());
}

fn put_nullable_str(buf: &mut BytesMut, s: Option<&str>) {
    match s {
        Some(s) => put_str(buf, s),
        None => buf.put_i16(-1),
    }
}

fn put_bytes(buf: &mut BytesMut, b: &[u8]) {
    buf.put_i32(b.len() as i32);
    buf.put_slice(b);
}

fn need(buf: &[u8], n: usize) -> Result<()> {
    if buf.len() < n {
        Err(RecordError::Truncated)
    } else {
        Ok(())
    }
}

fn get_i16(buf: &mut &[u8]) -> Result<i16> {
    need(buf, 2)?;
    Ok(buf.get_i16())
}

fn get_i32(buf: &mut &[u8]) -> Result<i32> {
    need(buf, 4)?;
    Ok(buf.get_i32())
}

fn get_i64(buf: &mut &[u8]) -> Result<i64> {
    need(buf, 8)?;
    Ok(buf.get_i64())
}

fn get_nullable_str(buf: &mut &[u8]) -> Result<Option<String>> {
    let len = get_i16(buf)?;
    if len < 0 {
        return Ok(None);
    }
    let len = len as usize;
    need(buf, len)?;
    let s = std::str::from_utf8(&buf[..len]).map_err(|_| RecordError::Utf8)?;
    let s = s.to_string();
    buf.advance(len);
    Ok(Some(s))
}

fn get_str(buf: &mut &[u8]) -> Result<String> {
    Ok(get_nullable_str(buf)?.unwrap_or_default())
}

fn get_bytes(buf: &mut &[u8]) -> Result<Bytes> {
    let len = get_i32(buf)?;
    if len < 0 {
        return Ok(Bytes::new());
    }
    let len = len as usize;
    need(buf, len)?;
    let b = Bytes::copy_from_slice(&buf[..len]);
    buf.advance(len);
    Ok(b)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn keys_round_trip_in_kafkas_versions() {
        let offset = RecordKey::Offset {
            group: "g".into(),
            topic: "t".into(),
            partition: 3,
        };
        let bytes = offset.encode();
        assert_eq!(&bytes[..2], &[0, 1]);
        assert_eq!(RecordKey::decode(&bytes).unwrap(), offset);
        let group = RecordKey::Group { group: "g".into() };
        let bytes = group.encode();
        assert_eq!(&bytes[..], &[0, 2, 0, 1, b'g']);
        assert_eq!(RecordKey::decode(&bytes).unwrap(), group);
    }

    #[test]
    fn a_truncated_or_unknown_record_is_an_error_not_a_panic() {
        assert_eq!(RecordKey::decode(&[0]), Err(RecordError::Truncated));
        assert_eq!(
            RecordKey::decode(&[0, 1, 0, 9, b'x']),
            Err(RecordError::Truncated)
        );
        assert!(matches!(
            RecordKey::decode(&[0, 7]),
            Err(RecordError::Version { .. })
        ));
        assert!(GroupValue::decode(&[0, 3, 0, 0, 0, 0, 0, 1, 255, 255, 255, 255]).is_err());
    }

    proptest! {
        #[test]
        fn offset_values_round_trip(offset in any::<i64>(), epoch in any::<i32>(),
                                    metadata in ".{0,40}", ts in any::<i64>(), expire in prop::option::of(0i64..)) {
            let value = OffsetValue {
                offset,
                leader_epoch: if expire.is_some() { -1 } else { epoch },
                metadata,
                commit_timestamp: ts,
                expire_timestamp: expire.unwrap_or(-1),
            };
            prop_assert_eq!(OffsetValue::decode(&value.encode()).unwrap(), value);
        }

        #[test]
        fn group_values_round_trip(generation in any::<i32>(), n in 0usize..4,
                                   sub in prop::collection::vec(any::<u8>(), 0..20)) {
            let value = GroupValue {
                protocol_type: "consumer".into(),
                generation,
                protocol: Some("range".into()),
                leader: if n > 0 { Some("m0".into()) } else { None },
                current_state_timestamp: 5,
                members: (0..n).map(|i| StoredMember {
                    member_id: format!("m{i}"),
                    group_instance_id: if i % 2 == 0 { Some(format!("i{i}")) } else { None },
                    client_id: "c".into(),
                    client_host: "/127.0.0.1".into(),
                    rebalance_timeout_ms: 300_000,
                    session_timeout_ms: 45_000,
                    subscription: Bytes::from(sub.clone()),
                    assignment: Bytes::from_static(b"a"),
                }).collect(),
            };
            prop_assert_eq!(GroupValue::decode(&value.encode()).unwrap(), value);
        }

        #[test]
        fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..64)) {
            let _ = RecordKey::decode(&bytes);
            let _ = OffsetValue::decode(&bytes);
            let _ = GroupValue::decode(&bytes);
        }
    }
}
