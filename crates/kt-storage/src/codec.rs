//! Record-batch compression: reading a batch's records whatever its codec, compressing record
//! bytes with a codec, and rewriting a produce buffer into a topic's `compression.type`. The
//! codecs themselves are kafka-protocol's; this module only moves record bytes between them
//! and keeps every batch header field (offsets, timestamps, producer state) as it was.

use bytes::{Buf, Bytes, BytesMut};
use kafka_protocol::compression::{self as codec, Compressor, Decompressor};

use super::batch::{
    stamp_crc, BatchHeader, ATTRIBUTES_OFFSET, HEADER_SIZE, LENGTH_OFFSET, LOG_OVERHEAD,
};
use super::error::{Result, StorageError};

/// The record bytes of a batch (everything after the header), decompressed.
pub(crate) fn records_of(batch: &[u8], h: &BatchHeader) -> Result<Bytes> {
    let mut body = Bytes::copy_from_slice(&batch[HEADER_SIZE..h.total_size()]);
    let take = |b: &mut Bytes| Ok(b.copy_to_bytes(b.remaining()));
    let out = match h.compression() {
        0 => Ok(body),
        1 => codec::Gzip::decompress(&mut body, take),
        2 => codec::Snappy::decompress(&mut body, take),
        3 => codec::Lz4::decompress(&mut body, take),
        4 => codec::Zstd::decompress(&mut body, take),
        c => return Err(StorageError::CorruptRecord(format!("unknown codec {c}"))),
    };
    out.map_err(|e| StorageError::CorruptRecord(format!("cannot decompress a batch: {e}")))
}

/// Compresses record bytes with a batch's codec (0 = none).
pub(crate) fn compress(codec_id: u8, raw: &[u8]) -> Result<Vec<u8>> {
    let mut out = BytesMut::new();
    let put = |b: &mut BytesMut| {
        b.extend_from_slice(raw);
        Ok(())
    };
    let done = match codec_id {
        0 => {
            out.extend_from_slice(raw);
            Ok(())
        }
        1 => codec::Gzip::compress(&mut out, put),
        2 => codec::Snappy::compress(&mut out, put),
        3 => codec::Lz4::compress(&mut out, put),
        4 => codec::Zstd::compress(&mut out, put),
        c => return Err(StorageError::CorruptRecord(format!("unknown codec {c}"))),
    };
    done.map_err(|e| StorageError::CorruptRecord(format!("cannot compress a batch: {e}")))?;
    Ok(out.to_vec())
}

/// `buf` (whole batches) with every batch not already in `codec_id` recompressed into it; None
/// when all already are. A topic's `compression.type` other than `producer` asks for this, as
/// Kafka's broker does; the records and the header fields stay, only the attributes' codec
/// bits, the length and the CRC change.
pub fn recompress(buf: &[u8], codec_id: u8) -> Result<Option<Vec<u8>>> {
    let mut batches = Vec::new();
    let mut at = 0;
    while at < buf.len() {
        let h = BatchHeader::parse(&buf[at..])?;
        let end = at + h.total_size();
        if end > buf.len() {
            return Err(StorageError::CorruptRecord(
                "a batch runs past the buffer".into(),
            ));
        }
        batches.push((at, end, h));
        at = end;
    }
    if batches.iter().all(|(_, _, h)| h.compression() == codec_id) {
        return Ok(None);
    }
    let mut out = Vec::with_capacity(buf.len());
    for (start, end, h) in batches {
        let batch = &buf[start..end];
        if h.compression() == codec_id {
            out.extend_from_slice(batch);
            continue;
        }
        let body = compress(codec_id, &records_of(batch, &h)?)?;
        let from = out.len();
        out.extend_from_slice(&batch[..HEADER_SIZE]);
        out.extend_from_slice(&body);
        let rewritten = &mut out[from..];
        let attributes = i16::from_be_bytes([
            rewritten[ATTRIBUTES_OFFSET],
            rewritten[ATTRIBUTES_OFFSET + 1],
        ]);
        let attributes = (attributes & !0x07) | i16::from(codec_id);
        rewritten[ATTRIBUTES_OFFSET..ATTRIBUTES_OFFSET + 2]
            .copy_from_slice(&attributes.to_be_bytes());
        let length = (rewritten.len() - LOG_OVERHEAD) as i32;
        rewritten[LENGTH_OFFSET..LENGTH_OFFSET + 4].copy_from_slice(&length.to_be_bytes());
        stamp_crc(rewritten);
    }
    Ok(Some(out))
}

/// The codec id of a `compression.type` value, None for `producer` (keep what was sent).
pub fn codec_of(compression_type: &str) -> Option<u8> {
    match compression_type {
        "uncompressed" => Some(0),
        "gzip" => Some(1),
        "snappy" => Some(2),
        "lz4" => Some(3),
        "zstd" => Some(4),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::batch::validate_batch;
    use kafka_protocol::records::{
        Compression, Record, RecordBatchDecoder, RecordBatchEncoder, RecordEncodeOptions,
        TimestampType,
    };

    fn batch(compression: Compression, base: i64, n: i64) -> Vec<u8> {
        let records: Vec<Record> = (0..n)
            .map(|i| Record {
                transactional: false,
                control: false,
                partition_leader_epoch: 0,
                producer_id: 7,
                producer_epoch: 1,
                timestamp_type: TimestampType::Creation,
                offset: base + i,
                sequence: (base + i) as i32,
                timestamp: 1_000 + i,
                key: Some(Bytes::from(format!("k{i}"))),
                value: Some(Bytes::from(format!("value {i} {}", "x".repeat(50)))),
                headers: Default::default(),
                delete_horizon: false,
            })
            .collect();
        let mut out = BytesMut::new();
        RecordBatchEncoder::encode(
            &mut out,
            &records,
            &RecordEncodeOptions {
                version: 2,
                compression,
            },
        )
        .unwrap();
        out.to_vec()
    }

    /// What a consumer sees of a record: offset, timestamp, key, value, producer id, sequence.
    type Seen = (i64, i64, Option<Bytes>, Option<Bytes>, i64, i32);

    fn decode(buf: &[u8]) -> Vec<Seen> {
        let mut bytes = Bytes::copy_from_slice(buf);
        RecordBatchDecoder::decode_all(&mut bytes)
            .unwrap()
            .into_iter()
            .flat_map(|set| set.records)
            .map(|r| {
                (
                    r.offset,
                    r.timestamp,
                    r.key,
                    r.value,
                    r.producer_id,
                    r.sequence,
                )
            })
            .collect()
    }

    #[test]
    fn every_codec_becomes_every_other_with_the_same_records() {
        let codecs = [
            (Compression::None, 0u8),
            (Compression::Gzip, 1),
            (Compression::Snappy, 2),
            (Compression::Lz4, 3),
            (Compression::Zstd, 4),
        ];
        for (from, from_id) in codecs {
            // Two batches in one produce buffer.
            let mut buf = batch(from, 0, 5);
            buf.extend_from_slice(&batch(from, 5, 3));
            for (_, to_id) in codecs {
                let out = recompress(&buf, to_id).unwrap();
                if from_id == to_id {
                    assert!(out.is_none());
                    continue;
                }
                let out = out.unwrap();
                let mut at = 0;
                while at < out.len() {
                    let h = validate_batch(&out[at..]).unwrap();
                    assert_eq!(h.compression(), to_id);
                    assert_eq!(h.producer_id, 7);
                    at += h.total_size();
                }
                assert_eq!(decode(&out), decode(&buf), "{from_id} -> {to_id}");
            }
        }
    }
}
