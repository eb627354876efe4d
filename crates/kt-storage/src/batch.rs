//! Magic-2 record batch headers: parsing, validation and the few in-place
//! patches the broker is allowed to make.
//!
//! Layout (big-endian), offsets from the start of the batch:
//!
//! | field                | offset | type |
//! |----------------------|--------|------|
//! | baseOffset           | 0      | i64  |
//! | batchLength          | 8      | i32  | (bytes after this field)
//! | partitionLeaderEpoch | 12     | i32  |
//! | magic                | 16     | i8   |
//! | crc                  | 17     | u32  | CRC-32C of bytes 21..end
//! | attributes           | 21     | i16  |
//! | lastOffsetDelta      | 23     | i32  |
//! | baseTimestamp        | 27     | i64  |
//! | maxTimestamp         | 35     | i64  |
//! | producerId           | 43     | i64  |
//! | producerEpoch        | 51     | i16  |
//! | baseSequence         | 53     | i32  |
//! | recordCount          | 57     | i32  |
//! | records              | 61     | ...  |
//!
//! baseOffset and partitionLeaderEpoch lie before the CRC'd range, so
//! assigning offsets never needs a CRC recompute; changing attributes or
//! maxTimestamp (LogAppendTime) does.

use super::config::TimestampType;
use super::error::{Result, StorageError};

/// Offset of `baseOffset`.
pub const BASE_OFFSET_OFFSET: usize = 0;
/// Offset of `batchLength`.
pub const LENGTH_OFFSET: usize = 8;
/// Bytes before the part counted by `batchLength` (baseOffset + batchLength).
pub const LOG_OVERHEAD: usize = 12;
/// Offset of `partitionLeaderEpoch`.
pub const PARTITION_LEADER_EPOCH_OFFSET: usize = 12;
/// Offset of `magic`.
pub const MAGIC_OFFSET: usize = 16;
/// Offset of `crc`.
pub const CRC_OFFSET: usize = 17;
/// Offset of `attributes`; the CRC covers from here to the end of the batch.
pub const ATTRIBUTES_OFFSET: usize = 21;
/// Offset of `lastOffsetDelta`.
pub const LAST_OFFSET_DELTA_OFFSET: usize = 23;
/// Offset of `baseTimestamp`.
pub const BASE_TIMESTAMP_OFFSET: usize = 27;
/// Offset of `maxTimestamp`.
pub const MAX_TIMESTAMP_OFFSET: usize = 35;
/// Offset of `producerId`.
pub const PRODUCER_ID_OFFSET: usize = 43;
/// Offset of `producerEpoch`.
pub const PRODUCER_EPOCH_OFFSET: usize = 51;
/// Offset of `baseSequence`.
pub const BASE_SEQUENCE_OFFSET: usize = 53;
/// Offset of `recordCount`.
pub const RECORD_COUNT_OFFSET: usize = 57;
/// Size of the v2 batch header; records start here.
pub const HEADER_SIZE: usize = 61;
/// The only batch format stored.
pub const MAGIC_V2: i8 = 2;

/// Attribute bits 0-2: compression codec.
pub const COMPRESSION_MASK: i16 = 0x07;
/// Attribute bit 3: timestamp type (1 = LogAppendTime).
const TIMESTAMP_TYPE_BIT: i16 = 0x08;
/// Attribute bit 4: transactional batch.
const TRANSACTIONAL_BIT: i16 = 0x10;
/// Attribute bit 5: control batch (transaction markers).
const CONTROL_BIT: i16 = 0x20;
/// Attribute bit 6: the base timestamp holds the batch's delete horizon (KIP-534), set by the
/// log cleaner on a batch it kept with tombstones or a marker that may go later.
pub const DELETE_HORIZON_BIT: i16 = 0x40;

#[inline]
fn be_i64(b: &[u8], at: usize) -> i64 {
    let mut a = [0u8; 8];
    a.copy_from_slice(&b[at..at + 8]);
    i64::from_be_bytes(a)
}
#[inline]
fn be_i32(b: &[u8], at: usize) -> i32 {
    let mut a = [0u8; 4];
    a.copy_from_slice(&b[at..at + 4]);
    i32::from_be_bytes(a)
}
#[inline]
fn be_i16(b: &[u8], at: usize) -> i16 {
    i16::from_be_bytes([b[at], b[at + 1]])
}

/// The decoded fixed-size header of a magic-2 record batch.
///
/// Exists so the broker can inspect producer id/epoch/sequence and counts for
/// idempotence checks, and storage can assign offsets, without touching the
/// records themselves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BatchHeader {
    /// Offset of the first record (as stored; meaningless before append).
    pub base_offset: i64,
    /// Bytes after the batchLength field.
    pub batch_length: i32,
    /// Leader epoch when the batch was appended.
    pub partition_leader_epoch: i32,
    /// Format version; always 2 for a parsed header.
    pub magic: i8,
    /// Stored CRC-32C.
    pub crc: u32,
    /// Attribute bits (compression, timestamp type, transactional, control).
    pub attributes: i16,
    /// lastOffset - baseOffset.
    pub last_offset_delta: i32,
    /// Timestamp of the first record.
    pub base_timestamp: i64,
    /// Largest timestamp in the batch (the append time under LogAppendTime).
    pub max_timestamp: i64,
    /// Idempotent/transactional producer id, -1 if none.
    pub producer_id: i64,
    /// Producer epoch, -1 if none.
    pub producer_epoch: i16,
    /// Sequence number of the first record, -1 if none.
    pub base_sequence: i32,
    /// Number of records in the batch.
    pub record_count: i32,
}

impl BatchHeader {
    /// Parses the header at the start of `buf` (which may hold more bytes).
    ///
    /// Checks magic (distinct [`StorageError::UnsupportedMagic`] for old
    /// formats), header length and that batchLength is large enough for a
    /// header; it does not check that the whole batch is present or its CRC
    /// (see [`validate_batch`]).
    pub fn parse(buf: &[u8]) -> Result<BatchHeader> {
        if buf.len() <= MAGIC_OFFSET {
            return Err(StorageError::CorruptRecord(format!(
                "{} bytes are too few for a record batch header",
                buf.len()
            )));
        }
        let magic = buf[MAGIC_OFFSET] as i8;
        if magic != MAGIC_V2 {
            return Err(StorageError::UnsupportedMagic(magic));
        }
        if buf.len() < HEADER_SIZE {
            return Err(StorageError::CorruptRecord(format!(
                "{} bytes are too few for a record batch header of {HEADER_SIZE}",
                buf.len()
            )));
        }
        let batch_length = be_i32(buf, LENGTH_OFFSET);
        if batch_length < (HEADER_SIZE - LOG_OVERHEAD) as i32 {
            return Err(StorageError::CorruptRecord(format!(
                "batch length {batch_length} is smaller than a batch header"
            )));
        }
        Ok(Self::parse_unchecked(buf))
    }

    /// Reads the fields without any checks. `buf` must hold `HEADER_SIZE` bytes.
    fn parse_unchecked(buf: &[u8]) -> BatchHeader {
        BatchHeader {
            base_offset: be_i64(buf, BASE_OFFSET_OFFSET),
            batch_length: be_i32(buf, LENGTH_OFFSET),
            partition_leader_epoch: be_i32(buf, PARTITION_LEADER_EPOCH_OFFSET),
            magic: buf[MAGIC_OFFSET] as i8,
            crc: be_i32(buf, CRC_OFFSET) as u32,
            attributes: be_i16(buf, ATTRIBUTES_OFFSET),
            last_offset_delta: be_i32(buf, LAST_OFFSET_DELTA_OFFSET),
            base_timestamp: be_i64(buf, BASE_TIMESTAMP_OFFSET),
            max_timestamp: be_i64(buf, MAX_TIMESTAMP_OFFSET),
            producer_id: be_i64(buf, PRODUCER_ID_OFFSET),
            producer_epoch: be_i16(buf, PRODUCER_EPOCH_OFFSET),
            base_sequence: be_i32(buf, BASE_SEQUENCE_OFFSET),
            record_count: be_i32(buf, RECORD_COUNT_OFFSET),
        }
    }

    /// Total bytes of the batch including the offset and length fields.
    pub fn total_size(&self) -> usize {
        LOG_OVERHEAD + self.batch_length.max(0) as usize
    }

    /// Offset of the last record: baseOffset + lastOffsetDelta.
    pub fn last_offset(&self) -> i64 {
        self.base_offset + i64::from(self.last_offset_delta)
    }

    /// Offset following this batch.
    pub fn next_offset(&self) -> i64 {
        self.last_offset() + 1
    }

    /// Compression codec id: 0 none, 1 gzip, 2 snappy, 3 lz4, 4 zstd.
    pub fn compression(&self) -> u8 {
        (self.attributes & COMPRESSION_MASK) as u8
    }

    /// Timestamp type recorded in the attributes.
    pub fn timestamp_type(&self) -> TimestampType {
        if self.attributes & TIMESTAMP_TYPE_BIT != 0 {
            TimestampType::LogAppendTime
        } else {
            TimestampType::CreateTime
        }
    }

    /// Part of a transaction.
    pub fn is_transactional(&self) -> bool {
        self.attributes & TRANSACTIONAL_BIT != 0
    }

    /// Holds control records (commit/abort markers).
    pub fn is_control(&self) -> bool {
        self.attributes & CONTROL_BIT != 0
    }

    /// When the log cleaner may remove the batch's tombstones (or the batch, for a marker):
    /// the time (ms) it stamped as `baseTimestamp` with [`DELETE_HORIZON_BIT`], Kafka's
    /// `deleteHorizonMs`; None before a cleaner kept the batch once.
    pub fn delete_horizon_ms(&self) -> Option<i64> {
        (self.attributes & DELETE_HORIZON_BIT != 0).then_some(self.base_timestamp)
    }

    /// Written by an idempotent or transactional producer.
    pub fn has_producer_id(&self) -> bool {
        self.producer_id >= 0
    }
}

/// Computes the CRC-32C a batch should carry (over attributes..end).
/// `batch` must be exactly one batch of at least `HEADER_SIZE` bytes.
pub(crate) fn compute_crc(batch: &[u8]) -> u32 {
    crc32c::crc32c(&batch[ATTRIBUTES_OFFSET..])
}

/// Stores in the header the CRC-32C a batch's bytes compute to: after the broker rewrites a
/// batch (recompression, the cleaner), and for `dump-log`'s decoding of a damaged batch as
/// stored. `batch` must be exactly one batch of at least `HEADER_SIZE` bytes.
pub fn stamp_crc(batch: &mut [u8]) {
    let crc = compute_crc(batch);
    batch[CRC_OFFSET..CRC_OFFSET + 4].copy_from_slice(&crc.to_be_bytes());
}

/// Fully validates the batch at the start of `buf` as a client's: header, that all its
/// bytes are present, counts, codec and CRC. Returns the header.
///
/// Exists for the append path (client data), which refuses a batch with no record (Kafka's
/// `LogValidator`: "Invalid reported count for record batch").
pub fn validate_batch(buf: &[u8]) -> Result<BatchHeader> {
    let header = validate_stored_batch(buf)?;
    if header.record_count <= 0 {
        return Err(StorageError::CorruptRecord(format!(
            "record count {} is not positive",
            header.record_count
        )));
    }
    Ok(header)
}

/// Validates the batch at the start of `buf` as a log holds it: header, that all its
/// bytes are present, offset delta, codec and CRC (Kafka's `ensureValid`). Returns the
/// header.
///
/// Exists for what reads or copies a log (recovery, a follower's or a log-dir copy, the
/// cleaner's output, dump-log): a log may hold batches with no record, which Kafka's
/// cleaner leaves (the last batch of a pass, an idempotent producer's last batch), so a
/// record count of 0 passes; a negative one does not.
pub fn validate_stored_batch(buf: &[u8]) -> Result<BatchHeader> {
    let header = BatchHeader::parse(buf)?;
    let total = header.total_size();
    if total > buf.len() {
        return Err(StorageError::CorruptRecord(format!(
            "batch of {total} bytes but only {} bytes present",
            buf.len()
        )));
    }
    if header.record_count < 0 {
        return Err(StorageError::CorruptRecord(format!(
            "record count {} is negative",
            header.record_count
        )));
    }
    if header.last_offset_delta < 0 {
        return Err(StorageError::CorruptRecord(format!(
            "last offset delta {} is negative",
            header.last_offset_delta
        )));
    }
    if header.compression() > 4 {
        return Err(StorageError::CorruptRecord(format!(
            "unknown compression codec {}",
            header.compression()
        )));
    }
    let computed = compute_crc(&buf[..total]);
    if computed != header.crc {
        return Err(StorageError::CrcMismatch {
            stored: header.crc,
            computed,
        });
    }
    Ok(header)
}

/// Rewrites a stored batch as a producer without idempotence sends one: producer id, epoch
/// and base sequence -1, not transactional, no delete horizon (the source cleaner's clock
/// means nothing to the target's), offsets from 0 and no leader epoch, CRC stamped again;
/// records, timestamps and compression untouched.
///
/// Exists for tools that copy batches from one cluster to another (kt's mirror): the
/// source's producer ids and sequences mean nothing to the target, whose broker would judge
/// them against its own producers. `batch` must be exactly one validated batch that is not a
/// control batch.
pub fn clear_producer(batch: &mut [u8]) {
    set_base_offset(batch, 0);
    set_partition_leader_epoch(batch, -1);
    let attributes = be_i16(batch, ATTRIBUTES_OFFSET) & !(TRANSACTIONAL_BIT | DELETE_HORIZON_BIT);
    batch[ATTRIBUTES_OFFSET..ATTRIBUTES_OFFSET + 2].copy_from_slice(&attributes.to_be_bytes());
    batch[PRODUCER_ID_OFFSET..PRODUCER_ID_OFFSET + 8].copy_from_slice(&(-1i64).to_be_bytes());
    batch[PRODUCER_EPOCH_OFFSET..PRODUCER_EPOCH_OFFSET + 2].copy_from_slice(&(-1i16).to_be_bytes());
    batch[BASE_SEQUENCE_OFFSET..BASE_SEQUENCE_OFFSET + 4].copy_from_slice(&(-1i32).to_be_bytes());
    stamp_crc(batch);
}

/// Writes baseOffset. Not covered by the CRC. Crate-private: `batch` must
/// be a validated batch (at least `HEADER_SIZE` bytes).
pub(crate) fn set_base_offset(batch: &mut [u8], base_offset: i64) {
    batch[BASE_OFFSET_OFFSET..BASE_OFFSET_OFFSET + 8].copy_from_slice(&base_offset.to_be_bytes());
}

/// Writes partitionLeaderEpoch. Not covered by the CRC.
pub(crate) fn set_partition_leader_epoch(batch: &mut [u8], epoch: i32) {
    batch[PARTITION_LEADER_EPOCH_OFFSET..PARTITION_LEADER_EPOCH_OFFSET + 4]
        .copy_from_slice(&epoch.to_be_bytes());
}

/// Marks the batch as LogAppendTime with `now_ms` as its max timestamp and
/// recomputes the CRC (both fields are covered by it). This is what Kafka
/// does: baseTimestamp and the record deltas are left alone; readers use
/// maxTimestamp for every record of a LogAppendTime batch.
///
/// `batch` must be exactly one batch of at least `HEADER_SIZE` bytes.
pub(crate) fn set_log_append_time(batch: &mut [u8], now_ms: i64) {
    let (head, body) = batch.split_at_mut(HEADER_SIZE);
    set_log_append_time_split(head, body, now_ms);
}

/// [`set_log_append_time`] for a batch whose header (`HEADER_SIZE` bytes)
/// and records are in different buffers (the zero-copy append path).
pub(crate) fn set_log_append_time_split(head: &mut [u8], body: &[u8], now_ms: i64) {
    let attrs = be_i16(head, ATTRIBUTES_OFFSET) | TIMESTAMP_TYPE_BIT;
    head[ATTRIBUTES_OFFSET..ATTRIBUTES_OFFSET + 2].copy_from_slice(&attrs.to_be_bytes());
    head[MAX_TIMESTAMP_OFFSET..MAX_TIMESTAMP_OFFSET + 8].copy_from_slice(&now_ms.to_be_bytes());
    let crc = crc32c::crc32c_append(crc32c::crc32c(&head[ATTRIBUTES_OFFSET..HEADER_SIZE]), body);
    head[CRC_OFFSET..CRC_OFFSET + 4].copy_from_slice(&crc.to_be_bytes());
}

/// Reads a zigzag varint (as in the v2 record format) from `buf[*at..]`,
/// returning None when malformed or past the end.
pub(crate) fn read_varlong(buf: &[u8], at: &mut usize) -> Option<i64> {
    let mut raw: u64 = 0;
    let mut shift = 0u32;
    loop {
        let b = *buf.get(*at)?;
        *at += 1;
        raw |= u64::from(b & 0x7f) << shift;
        if b & 0x80 == 0 {
            break;
        }
        shift += 7;
        if shift > 63 {
            return None;
        }
    }
    Some(((raw >> 1) as i64) ^ -((raw & 1) as i64))
}

/// Appends `v` as a zigzag varint (the v2 record format's varlong).
pub(crate) fn write_varlong(out: &mut Vec<u8>, v: i64) {
    let mut raw = ((v << 1) ^ (v >> 63)) as u64;
    while raw >= 0x80 {
        out.push((raw as u8 & 0x7f) | 0x80);
        raw >>= 7;
    }
    out.push(raw as u8);
}

/// Finds the first record of a batch with timestamp >= `target`, returning
/// `(offset, timestamp)`.
///
/// What it does per batch kind (documented because ListOffsets depends on it):
/// - LogAppendTime batches: every record carries maxTimestamp, so the first
///   record (baseOffset) with maxTimestamp is the answer.
/// - uncompressed CreateTime batches: walks the record varints (length,
///   attributes, timestampDelta, offsetDelta) without allocating, exact.
/// - compressed CreateTime batches: decoded with `kafka-protocol` (this
///   allocates, but ListOffsets-by-time is rare), exact.
///
/// Returns None if no record qualifies or the records are malformed, in which
/// case callers fall back to the batch's base offset and max timestamp.
pub(crate) fn first_record_at_or_after(batch: &[u8], target: i64) -> Option<(i64, i64)> {
    let header = BatchHeader::parse(batch).ok()?;
    let end = header.total_size().min(batch.len());
    if header.timestamp_type() == TimestampType::LogAppendTime {
        return (header.max_timestamp >= target)
            .then_some((header.base_offset, header.max_timestamp));
    }
    if header.compression() != 0 {
        let mut bytes = bytes::Bytes::copy_from_slice(&batch[..end]);
        let set = kafka_protocol::records::RecordBatchDecoder::decode(&mut bytes).ok()?;
        return set
            .records
            .iter()
            .find(|r| r.timestamp >= target)
            .map(|r| (r.offset, r.timestamp));
    }
    let mut at = HEADER_SIZE;
    for _ in 0..header.record_count {
        let len = read_varlong(batch, &mut at)?;
        let body_start = at;
        let next = body_start.checked_add(usize::try_from(len).ok()?)?;
        if next > end {
            return None;
        }
        at += 1; // record attributes
        let ts_delta = read_varlong(batch, &mut at)?;
        let offset_delta = read_varlong(batch, &mut at)?;
        let ts = header.base_timestamp.wrapping_add(ts_delta);
        if ts >= target {
            return Some((header.base_offset + offset_delta, ts));
        }
        at = next;
    }
    None
}

#[cfg(test)]
pub(crate) mod test_util {
    //! Builders of real Kafka batches with `kafka-protocol`.
    use bytes::{Bytes, BytesMut};
    use kafka_protocol::records::{
        Compression, Record, RecordBatchEncoder, RecordEncodeOptions, TimestampType,
    };

    /// One magic-2 batch of `n` records with values of `value_len` bytes and
    /// timestamps `ts0, ts0+1, ...`.
    pub fn batch(n: usize, value_len: usize, ts0: i64, compression: Compression) -> BytesMut {
        let records: Vec<Record> = (0..n)
            .map(|i| {
                let value = Bytes::from(vec![b'a' + (i % 26) as u8; value_len]);
                record(i, ts0, Bytes::from(format!("k{i}")), Some(value))
            })
            .collect();
        encode(&records, compression)
    }

    /// An uncompressed batch.
    pub fn plain(n: usize, value_len: usize, ts0: i64) -> BytesMut {
        batch(n, value_len, ts0, Compression::None)
    }

    /// One batch of `(key, value)` records (a None value is a tombstone) with timestamps
    /// `ts, ts+1, ...`: what a compacted topic's producer writes.
    pub fn keyed(entries: &[(&str, Option<&str>)], ts: i64, compression: Compression) -> BytesMut {
        let records: Vec<Record> = entries
            .iter()
            .enumerate()
            .map(|(i, (k, v))| {
                let value = v.map(|v| Bytes::from(v.to_string()));
                record(i, ts, Bytes::from(k.to_string()), value)
            })
            .collect();
        encode(&records, compression)
    }

    /// One batch of `(key, value)` records from idempotent producer `producer_id` (epoch 0,
    /// not transactional), with sequences from `base_sequence` and timestamps `ts, ts+1, ...`.
    pub fn idempotent(
        producer_id: i64,
        base_sequence: i32,
        entries: &[(&str, Option<&str>)],
        ts: i64,
    ) -> BytesMut {
        let records: Vec<Record> = entries
            .iter()
            .enumerate()
            .map(|(i, (k, v))| Record {
                producer_id,
                producer_epoch: 0,
                sequence: base_sequence + i as i32,
                ..record(
                    i,
                    ts,
                    Bytes::from(k.to_string()),
                    v.map(|v| Bytes::from(v.to_string())),
                )
            })
            .collect();
        encode(&records, Compression::None)
    }

    /// The `i`th record of a batch of a producer without id, at `ts0 + i`.
    fn record(i: usize, ts0: i64, key: Bytes, value: Option<Bytes>) -> Record {
        Record {
            transactional: false,
            control: false,
            delete_horizon: false,
            partition_leader_epoch: -1,
            producer_id: -1,
            producer_epoch: -1,
            timestamp_type: TimestampType::Creation,
            offset: i as i64,
            // offset - sequence must be constant for the encoder to put
            // all records in one batch; this keeps baseSequence = -1.
            sequence: i as i32 - 1,
            timestamp: ts0 + i as i64,
            key: Some(key),
            value,
            headers: Default::default(),
        }
    }

    /// `records` as one magic-2 batch.
    pub fn encode(records: &[Record], compression: Compression) -> BytesMut {
        let mut buf = BytesMut::new();
        RecordBatchEncoder::encode(
            &mut buf,
            records.iter(),
            &RecordEncodeOptions {
                version: 2,
                compression,
            },
        )
        .expect("encode test batch");
        buf
    }
}

#[cfg(test)]
mod tests {
    use super::test_util::*;
    use super::*;
    use kafka_protocol::records::{Compression, RecordBatchDecoder};

    #[test]
    fn parses_and_validates_a_real_batch() {
        let b = plain(3, 10, 1000);
        let h = validate_batch(&b).unwrap();
        assert_eq!(h.magic, 2);
        assert_eq!(h.record_count, 3);
        assert_eq!(h.last_offset_delta, 2);
        assert_eq!(h.base_timestamp, 1000);
        assert_eq!(h.max_timestamp, 1002);
        assert_eq!(h.total_size(), b.len());
        assert_eq!(h.producer_id, -1);
        assert_eq!(h.timestamp_type(), TimestampType::CreateTime);
        assert_eq!(BatchHeader::parse(&b).unwrap(), h);
    }

    #[test]
    fn a_cleared_batch_is_a_plain_producers_with_the_same_records() {
        let entries = [("k1", Some("v1")), ("k2", None)];
        let mut b = idempotent(7, 3, &entries, 1000);
        let before = validate_batch(&b).unwrap();
        assert!(before.has_producer_id());
        b[ATTRIBUTES_OFFSET + 1] |= (TRANSACTIONAL_BIT | DELETE_HORIZON_BIT) as u8;
        stamp_crc(&mut b);
        set_base_offset(&mut b, 42);
        clear_producer(&mut b);
        let after = validate_batch(&b).unwrap();
        assert_eq!(
            (after.producer_id, after.producer_epoch, after.base_sequence),
            (-1, -1, -1)
        );
        assert_eq!((after.base_offset, after.partition_leader_epoch), (0, -1));
        assert!(!after.is_transactional());
        assert_eq!(after.delete_horizon_ms(), None);
        assert_eq!(
            (after.record_count, after.max_timestamp, after.compression()),
            (
                before.record_count,
                before.max_timestamp,
                before.compression()
            )
        );
        assert_eq!(
            b[HEADER_SIZE..],
            idempotent(7, 3, &entries, 1000)[HEADER_SIZE..]
        );
    }

    #[test]
    fn crc_mismatch_is_detected() {
        let mut b = plain(2, 10, 0);
        let last = b.len() - 1;
        b[last] ^= 0xff;
        assert!(matches!(
            validate_batch(&b),
            Err(StorageError::CrcMismatch { .. })
        ));
    }

    #[test]
    fn old_magic_is_a_distinct_error() {
        for magic in [0u8, 1] {
            let mut b = plain(1, 10, 0);
            b[MAGIC_OFFSET] = magic;
            assert!(matches!(
                validate_batch(&b),
                Err(StorageError::UnsupportedMagic(m)) if m == magic as i8
            ));
        }
    }

    #[test]
    fn truncated_and_short_buffers_are_corrupt() {
        let b = plain(2, 10, 0);
        for cut in [0, 5, 20, HEADER_SIZE - 1, b.len() - 1] {
            let r = validate_batch(&b[..cut]);
            assert!(
                matches!(r, Err(StorageError::CorruptRecord(_))),
                "cut {cut}: {r:?}"
            );
        }
    }

    #[test]
    fn zero_record_count_rejected() {
        let mut b = plain(1, 10, 0);
        b[RECORD_COUNT_OFFSET..RECORD_COUNT_OFFSET + 4].copy_from_slice(&0i32.to_be_bytes());
        let crc = compute_crc(&b);
        b[CRC_OFFSET..CRC_OFFSET + 4].copy_from_slice(&crc.to_be_bytes());
        assert!(matches!(
            validate_batch(&b),
            Err(StorageError::CorruptRecord(_))
        ));
    }

    #[test]
    fn offset_and_epoch_patches_keep_crc() {
        let mut b = plain(4, 10, 0);
        set_base_offset(&mut b, 1234);
        set_partition_leader_epoch(&mut b, 7);
        let h = validate_batch(&b).unwrap();
        assert_eq!(h.base_offset, 1234);
        assert_eq!(h.partition_leader_epoch, 7);
        assert_eq!(h.last_offset(), 1237);
    }

    #[test]
    fn log_append_time_patch_is_valid_kafka() {
        for c in [Compression::None, Compression::Gzip, Compression::Zstd] {
            let mut b = batch(3, 10, 1000, c);
            set_log_append_time(&mut b, 99_999);
            let h = validate_batch(&b).unwrap();
            assert_eq!(h.max_timestamp, 99_999);
            assert_eq!(h.timestamp_type(), TimestampType::LogAppendTime);
            let mut bytes = b.freeze();
            let set = RecordBatchDecoder::decode(&mut bytes).unwrap();
            assert_eq!(set.records.len(), 3);
        }
    }

    #[test]
    fn record_walk_finds_exact_record() {
        for c in [
            Compression::None,
            Compression::Gzip,
            Compression::Snappy,
            Compression::Lz4,
            Compression::Zstd,
        ] {
            let mut b = batch(10, 20, 1000, c);
            set_base_offset(&mut b, 50);
            assert_eq!(first_record_at_or_after(&b, 0), Some((50, 1000)), "{c:?}");
            assert_eq!(
                first_record_at_or_after(&b, 1004),
                Some((54, 1004)),
                "{c:?}"
            );
            assert_eq!(
                first_record_at_or_after(&b, 1009),
                Some((59, 1009)),
                "{c:?}"
            );
            assert_eq!(first_record_at_or_after(&b, 1010), None, "{c:?}");
        }
    }
}
