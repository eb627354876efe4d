//! MirrorMaker 2's internal records in Kafka's schemas (connect/mirror's `Heartbeat`,
//! `Checkpoint` and `OffsetSync`: Kafka protocol types, big-endian, strings as an int16
//! length and UTF-8 bytes; heartbeats and checkpoints open their value with an int16
//! version, 0), and the source task's offsets as Connect's JSON converter writes them to
//! `mm2-offsets.SOURCE.internal`.

use bytes::{Buf, BufMut, BytesMut};

fn put_string(b: &mut BytesMut, s: &str) {
    b.put_i16(s.len() as i16);
    b.put_slice(s.as_bytes());
}

fn get_string(b: &mut &[u8]) -> Option<String> {
    if b.remaining() < 2 {
        return None;
    }
    let n = b.get_i16();
    if n < 0 || b.remaining() < n as usize {
        return None;
    }
    let s = String::from_utf8(b[..n as usize].to_vec()).ok()?;
    b.advance(n as usize);
    Some(s)
}

fn get_i64(b: &mut &[u8]) -> Option<i64> {
    (b.remaining() >= 8).then(|| b.get_i64())
}

fn get_i32(b: &mut &[u8]) -> Option<i32> {
    (b.remaining() >= 4).then(|| b.get_i32())
}

fn get_i16(b: &mut &[u8]) -> Option<i16> {
    (b.remaining() >= 2).then(|| b.get_i16())
}

/// A heartbeat: key (source alias, target alias), value (version 0, timestamp).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heartbeat {
    /// The source cluster's alias.
    pub source: String,
    /// The target cluster's alias.
    pub target: String,
    /// When it was emitted (ms).
    pub timestamp: i64,
}

impl Heartbeat {
    /// (key, value) bytes.
    pub fn encode(&self) -> (Vec<u8>, Vec<u8>) {
        let mut key = BytesMut::new();
        put_string(&mut key, &self.source);
        put_string(&mut key, &self.target);
        let mut value = BytesMut::new();
        value.put_i16(0);
        value.put_i64(self.timestamp);
        (key.to_vec(), value.to_vec())
    }

    /// Reads a heartbeat record.
    pub fn decode(mut key: &[u8], mut value: &[u8]) -> Option<Heartbeat> {
        let source = get_string(&mut key)?;
        let target = get_string(&mut key)?;
        let _version = get_i16(&mut value)?;
        Some(Heartbeat {
            source,
            target,
            timestamp: get_i64(&mut value)?,
        })
    }
}

/// A checkpoint: a group's committed offset on the source and its translation on the
/// target. Key (group, topic, partition) with the topic named as on the target; value
/// (version 0, upstream offset, downstream offset, metadata).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checkpoint {
    /// The consumer group.
    pub group: String,
    /// The topic, as named on the target (`A.orders`).
    pub topic: String,
    /// The partition.
    pub partition: i32,
    /// The group's offset on the source.
    pub upstream_offset: i64,
    /// The same position on the target.
    pub downstream_offset: i64,
    /// The commit's metadata.
    pub metadata: String,
}

impl Checkpoint {
    /// (key, value) bytes.
    pub fn encode(&self) -> (Vec<u8>, Vec<u8>) {
        let mut key = BytesMut::new();
        put_string(&mut key, &self.group);
        put_string(&mut key, &self.topic);
        key.put_i32(self.partition);
        let mut value = BytesMut::new();
        value.put_i16(0);
        value.put_i64(self.upstream_offset);
        value.put_i64(self.downstream_offset);
        put_string(&mut value, &self.metadata);
        (key.to_vec(), value.to_vec())
    }

    /// Reads a checkpoint record.
    pub fn decode(mut key: &[u8], mut value: &[u8]) -> Option<Checkpoint> {
        let group = get_string(&mut key)?;
        let topic = get_string(&mut key)?;
        let partition = get_i32(&mut key)?;
        let _version = get_i16(&mut value)?;
        Some(Checkpoint {
            group,
            topic,
            partition,
            upstream_offset: get_i64(&mut value)?,
            downstream_offset: get_i64(&mut value)?,
            metadata: get_string(&mut value)?,
        })
    }
}

/// An offset sync: the source record at `upstream_offset` of (topic, partition) is at
/// `downstream_offset` on the target. Key (topic, partition), value (upstream, downstream).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OffsetSync {
    /// The source topic.
    pub topic: String,
    /// The partition.
    pub partition: i32,
    /// Its offset on the source.
    pub upstream_offset: i64,
    /// Its offset on the target.
    pub downstream_offset: i64,
}

impl OffsetSync {
    /// (key, value) bytes.
    pub fn encode(&self) -> (Vec<u8>, Vec<u8>) {
        let mut key = BytesMut::new();
        put_string(&mut key, &self.topic);
        key.put_i32(self.partition);
        let mut value = BytesMut::new();
        value.put_i64(self.upstream_offset);
        value.put_i64(self.downstream_offset);
        (key.to_vec(), value.to_vec())
    }

    /// Reads an offset-sync record.
    pub fn decode(mut key: &[u8], mut value: &[u8]) -> Option<OffsetSync> {
        Some(OffsetSync {
            topic: get_string(&mut key)?,
            partition: get_i32(&mut key)?,
            upstream_offset: get_i64(&mut value)?,
            downstream_offset: get_i64(&mut value)?,
        })
    }
}

/// The Connect name of MirrorMaker 2's source connector, the first element of its offset keys.
pub const SOURCE_CONNECTOR: &str = "MirrorSourceConnector";

/// The source task's offset of one partition as Connect stores it: key
/// `["MirrorSourceConnector",{"cluster":"A","partition":0,"topic":"t"}]`, value
/// `{"offset":N}` with N the last record copied.
pub fn source_offset(cluster: &str, topic: &str, partition: i32, offset: i64) -> (String, String) {
    let key = serde_json::json!([
        SOURCE_CONNECTOR,
        {"cluster": cluster, "partition": partition, "topic": topic}
    ]);
    (
        key.to_string(),
        serde_json::json!({ "offset": offset }).to_string(),
    )
}

/// Reads a source offset record: (cluster, topic, partition, offset of the last record
/// copied); None for another connector's record or a tombstone.
pub fn parse_source_offset(key: &[u8], value: &[u8]) -> Option<(String, String, i32, i64)> {
    let key: serde_json::Value = serde_json::from_slice(key).ok()?;
    if key.get(0)?.as_str()? != SOURCE_CONNECTOR {
        return None;
    }
    let partition = key.get(1)?;
    let value: serde_json::Value = serde_json::from_slice(value).ok()?;
    Some((
        partition.get("cluster")?.as_str()?.to_string(),
        partition.get("topic")?.as_str()?.to_string(),
        partition.get("partition")?.as_i64()? as i32,
        value.get("offset")?.as_i64()?,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_read_back_in_kafkas_layout() {
        let h = Heartbeat {
            source: "A".into(),
            target: "B".into(),
            timestamp: 7,
        };
        let (k, v) = h.encode();
        assert_eq!(k, [0, 1, b'A', 0, 1, b'B']);
        assert_eq!(v, [0, 0, 0, 0, 0, 0, 0, 0, 0, 7]);
        assert_eq!(Heartbeat::decode(&k, &v), Some(h));
        let c = Checkpoint {
            group: "g".into(),
            topic: "A.t".into(),
            partition: 2,
            upstream_offset: 5,
            downstream_offset: 4,
            metadata: String::new(),
        };
        let (k, v) = c.encode();
        assert_eq!(Checkpoint::decode(&k, &v), Some(c));
        let s = OffsetSync {
            topic: "t".into(),
            partition: 1,
            upstream_offset: 9,
            downstream_offset: 3,
        };
        let (k, v) = s.encode();
        assert_eq!(v.len(), 16);
        assert_eq!(OffsetSync::decode(&k, &v), Some(s));
        let (k, v) = source_offset("A", "t", 1, 41);
        assert_eq!(
            k,
            r#"["MirrorSourceConnector",{"cluster":"A","partition":1,"topic":"t"}]"#
        );
        assert_eq!(
            parse_source_offset(k.as_bytes(), v.as_bytes()),
            Some(("A".into(), "t".into(), 1, 41))
        );
    }
}
