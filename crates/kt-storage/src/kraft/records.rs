//! The files `kafka-storage format` writes in Kafka's record format: `bootstrap.checkpoint`
//! (the initial feature levels) and, for a dynamic quorum, the metadata log's bootstrap
//! snapshot holding the voter set. Both are snapshot-shaped: a control batch that opens with
//! a SnapshotHeader, the records, and a control batch with the SnapshotFooter, every batch a
//! magic-2 batch with leader epoch 0.

use bytes::{BufMut, Bytes, BytesMut};
use kafka_protocol::records::{
    Compression, Record, RecordBatchEncoder, RecordEncodeOptions, TimestampType,
};

use super::metadata_version::MetadataVersion;
use super::KraftError;

/// Kafka's `ControlRecordType` numbers of the KRaft control records.
const SNAPSHOT_HEADER: i16 = 3;
const SNAPSHOT_FOOTER: i16 = 4;
const KRAFT_VERSION: i16 = 5;
const KRAFT_VOTERS: i16 = 6;
/// `FeatureLevelRecord`'s api key among the metadata records.
const FEATURE_LEVEL_RECORD: u32 = 12;

/// A voter of a dynamic (KIP-853) quorum, as `--standalone` or `--initial-controllers`
/// name it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Voter {
    /// The voter's node id.
    pub id: i32,
    /// The voter's host.
    pub host: String,
    /// The voter's controller port.
    pub port: u16,
    /// The directory id of the voter's metadata log directory (base64url Uuid).
    pub directory_id: String,
}

/// The bytes of `bootstrap.checkpoint` for `version`: header batch (offset 0), one
/// `FeatureLevelRecord` for `metadata.version` (offset 1), footer batch (offset 2). Other
/// features sit at level 0 in 3.9, and a level-0 feature has no record.
pub fn bootstrap_checkpoint(version: MetadataVersion, now_ms: i64) -> Result<Vec<u8>, KraftError> {
    bootstrap_checkpoint_with(version, &[], now_ms)
}

/// [`bootstrap_checkpoint`] with more metadata records (already framed) after the feature
/// level, in the same batch (`--add-scram`'s credentials).
pub fn bootstrap_checkpoint_with(
    version: MetadataVersion,
    extra: &[Bytes],
    now_ms: i64,
) -> Result<Vec<u8>, KraftError> {
    let mut out = BytesMut::new();
    encode_batch(
        &mut out,
        0,
        true,
        now_ms,
        &[control(SNAPSHOT_HEADER, header_value(0))],
    )?;
    let mut data = vec![(
        None,
        feature_level_record("metadata.version", version.level),
    )];
    data.extend(extra.iter().map(|r| (None, r.clone())));
    let footer_offset = 1 + data.len() as i64;
    encode_batch(&mut out, 1, false, now_ms, &data)?;
    encode_batch(
        &mut out,
        footer_offset,
        true,
        now_ms,
        &[control(SNAPSHOT_FOOTER, footer_value())],
    )?;
    Ok(out.to_vec())
}

/// The bytes of the metadata log's bootstrap snapshot
/// (`__cluster_metadata-0/00000000000000000000-0000000000.checkpoint`) for a dynamic quorum:
/// one control batch with the SnapshotHeader, `kraft.version` 1 and the voter set (each
/// voter with one endpoint on `listener`), then the footer batch.
pub fn voters_snapshot(
    voters: &[Voter],
    listener: &str,
    now_ms: i64,
) -> Result<Vec<u8>, KraftError> {
    let mut out = BytesMut::new();
    let records = [
        control(SNAPSHOT_HEADER, header_value(now_ms)),
        control(KRAFT_VERSION, kraft_version_value(1)),
        control(KRAFT_VOTERS, voters_value(voters, listener)?),
    ];
    encode_batch(&mut out, 0, true, now_ms, &records)?;
    encode_batch(
        &mut out,
        3,
        true,
        now_ms,
        &[control(SNAPSHOT_FOOTER, footer_value())],
    )?;
    Ok(out.to_vec())
}

type KeyValue = (Option<Bytes>, Bytes);

/// A control record: key (version 0, type), value as given.
fn control(kind: i16, value: Bytes) -> KeyValue {
    let mut key = BytesMut::with_capacity(4);
    key.put_i16(0);
    key.put_i16(kind);
    (Some(key.freeze()), value)
}

fn header_value(last_contained_log_timestamp: i64) -> Bytes {
    let mut b = BytesMut::new();
    b.put_i16(0);
    b.put_i64(last_contained_log_timestamp);
    put_uvarint(&mut b, 0);
    b.freeze()
}

fn footer_value() -> Bytes {
    let mut b = BytesMut::new();
    b.put_i16(0);
    put_uvarint(&mut b, 0);
    b.freeze()
}

fn kraft_version_value(level: i16) -> Bytes {
    let mut b = BytesMut::new();
    b.put_i16(0);
    b.put_i16(level);
    put_uvarint(&mut b, 0);
    b.freeze()
}

/// `VotersRecord` version 0 (flexible: compact arrays and strings, tagged fields).
fn voters_value(voters: &[Voter], listener: &str) -> Result<Bytes, KraftError> {
    let mut b = BytesMut::new();
    b.put_i16(0);
    put_uvarint(&mut b, voters.len() as u32 + 1);
    for voter in voters {
        let directory = crate::parse_uuid(&voter.directory_id).ok_or_else(|| {
            KraftError::Format(format!("Invalid directory id {}", voter.directory_id))
        })?;
        b.put_i32(voter.id);
        b.put_slice(&directory);
        put_uvarint(&mut b, 2);
        put_compact_string(&mut b, listener);
        put_compact_string(&mut b, &voter.host);
        b.put_u16(voter.port);
        put_uvarint(&mut b, 0);
        // The range of kraft.version the voter supports (0 to 1 in 3.9).
        b.put_i16(0);
        b.put_i16(1);
        put_uvarint(&mut b, 0);
        put_uvarint(&mut b, 0);
    }
    put_uvarint(&mut b, 0);
    Ok(b.freeze())
}

/// A `FeatureLevelRecord` (version 0) framed as Kafka's `MetadataRecordSerde` frames every
/// metadata record: frame version 1, api key, record version, then the record.
fn feature_level_record(name: &str, level: i16) -> Bytes {
    let mut b = BytesMut::new();
    put_uvarint(&mut b, 1);
    put_uvarint(&mut b, FEATURE_LEVEL_RECORD);
    put_uvarint(&mut b, 0);
    put_compact_string(&mut b, name);
    b.put_i16(level);
    put_uvarint(&mut b, 0);
    b.freeze()
}

pub(super) fn put_compact_string(b: &mut BytesMut, s: &str) {
    put_uvarint(b, s.len() as u32 + 1);
    b.put_slice(s.as_bytes());
}

/// Compact bytes: length + 1 as an unsigned varint, then the bytes.
pub(super) fn put_compact_bytes(b: &mut BytesMut, bytes: &[u8]) {
    put_uvarint(b, bytes.len() as u32 + 1);
    b.put_slice(bytes);
}

pub(super) fn put_uvarint(b: &mut BytesMut, mut v: u32) {
    while v >= 0x80 {
        b.put_u8((v as u8 & 0x7f) | 0x80);
        v >>= 7;
    }
    b.put_u8(v as u8);
}

/// One magic-2 batch of `records` from `base_offset`, leader epoch 0, no producer.
fn encode_batch(
    out: &mut BytesMut,
    base_offset: i64,
    control: bool,
    now_ms: i64,
    records: &[KeyValue],
) -> Result<(), KraftError> {
    let records: Vec<Record> = records
        .iter()
        .enumerate()
        .map(|(i, (key, value))| Record {
            transactional: false,
            control,
            delete_horizon: false,
            partition_leader_epoch: 0,
            producer_id: -1,
            producer_epoch: -1,
            timestamp_type: TimestampType::Creation,
            offset: base_offset + i as i64,
            // offset - sequence constant keeps the records in one batch with no sequence.
            sequence: i as i32 - 1,
            timestamp: now_ms,
            key: key.clone(),
            value: Some(value.clone()),
            headers: Default::default(),
        })
        .collect();
    RecordBatchEncoder::encode(
        out,
        records.iter(),
        &RecordEncodeOptions {
            version: 2,
            compression: Compression::None,
        },
    )
    .map_err(|e| KraftError::Format(format!("cannot encode a metadata batch: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use kafka_protocol::records::RecordBatchDecoder;

    #[test]
    fn bootstrap_checkpoint_is_header_feature_footer() {
        let bytes =
            bootstrap_checkpoint(super::super::metadata_version::LATEST_PRODUCTION, 5).unwrap();
        let mut buf = Bytes::from(bytes.clone());
        let decoded = RecordBatchDecoder::decode_all(&mut buf).unwrap();
        let records: Vec<_> = decoded.into_iter().flat_map(|b| b.records).collect();
        assert_eq!(records.len(), 3);
        assert!(records[0].control && !records[1].control && records[2].control);
        assert_eq!(
            records.iter().map(|r| r.offset).collect::<Vec<_>>(),
            [0, 1, 2]
        );
        let feature = records[1].value.clone().unwrap();
        // frame 1, api key 12, version 0, "metadata.version", level 21, no tags.
        let mut expected = vec![1u8, 12, 0, 17];
        expected.extend_from_slice(b"metadata.version");
        expected.extend_from_slice(&[0, 21, 0]);
        assert_eq!(&feature[..], &expected[..]);
        // Each batch is one Kafka batch whose CRC checks out.
        let mut at = 0;
        while at < bytes.len() {
            let header = crate::validate_batch(&bytes[at..]).unwrap();
            assert_eq!(header.partition_leader_epoch, 0);
            at += header.total_size();
        }
    }

    #[test]
    fn voters_snapshot_names_the_voter() {
        let voter = Voter {
            id: 1,
            host: "localhost".into(),
            port: 9093,
            directory_id: crate::random_uuid(),
        };
        let bytes = voters_snapshot(std::slice::from_ref(&voter), "CONTROLLER", 7).unwrap();
        let mut buf = Bytes::from(bytes);
        let decoded = RecordBatchDecoder::decode_all(&mut buf).unwrap();
        let records: Vec<_> = decoded.into_iter().flat_map(|b| b.records).collect();
        assert_eq!(records.len(), 4);
        assert!(records.iter().all(|r| r.control));
        let voters = records[2].value.clone().unwrap();
        assert_eq!(&records[2].key.clone().unwrap()[..], &[0, 0, 0, 6]);
        assert!(voters.windows(9).any(|w| w == b"localhost"));
        assert!(voters.windows(10).any(|w| w == b"CONTROLLER"));
    }
}
