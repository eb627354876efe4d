//! The metadata log's files (`__cluster_metadata-0`: `.log` segments and `.checkpoint`
//! snapshots), read into a [`MetadataImage`] as Kafka's MetadataLoader does, and appended to
//! by a KRaft node that records its own changes there.
//!
//! A file is a sequence of magic-2 batches; every batch's CRC is checked (kt's
//! [`crate::validate_batch`]) before its records are decoded. Control batches (snapshot
//! header and footer, leader changes, voters) carry no metadata and are skipped, as the
//! loader skips them.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use bytes::{Bytes, BytesMut};
use kafka_protocol::records::{
    Compression, Record, RecordBatchDecoder, RecordBatchEncoder, RecordEncodeOptions, TimestampType,
};

use super::metadata_image::MetadataImage;
use super::metadata_records::MetadataRecord;
use super::KraftError;

/// One metadata record with where it sits in the log.
#[derive(Debug, Clone)]
pub struct LoggedRecord {
    /// Its offset.
    pub offset: i64,
    /// The leader epoch of its batch.
    pub epoch: i32,
    /// Its batch's max timestamp.
    pub timestamp: i64,
    /// The record.
    pub record: MetadataRecord,
}

/// The metadata records of one file of batches (a segment or a snapshot), in order.
/// `path` is only for messages.
pub fn records_of(bytes: &[u8], path: &Path) -> Result<Vec<LoggedRecord>, KraftError> {
    let bad = |why: String| KraftError::Format(format!("{}: {why}", path.display()));
    let mut out = Vec::new();
    let mut at = 0;
    while at < bytes.len() {
        // A torn write at the end of a segment is where the log ends, as on recovery.
        if bytes.len() - at < crate::HEADER_SIZE {
            break;
        }
        let header = match crate::validate_batch(&bytes[at..]) {
            Ok(h) => h,
            Err(e) if is_torn_tail(&bytes[at..]) => {
                tracing::debug!("{}: stopping at a torn batch: {e}", path.display());
                break;
            }
            Err(e) => return Err(bad(format!("corrupt batch at byte {at}: {e}"))),
        };
        let size = header.total_size();
        if header.is_control() {
            at += size;
            continue;
        }
        let mut buf = Bytes::copy_from_slice(&bytes[at..at + size]);
        at += size;
        let batches = RecordBatchDecoder::decode_all(&mut buf).map_err(|e| bad(format!("{e}")))?;
        for batch in batches {
            for record in batch.records {
                let Some(value) = record.value else {
                    continue;
                };
                let decoded = MetadataRecord::decode(value)
                    .map_err(|e| bad(format!("offset {}: {e}", record.offset)))?;
                out.push(LoggedRecord {
                    offset: record.offset,
                    epoch: record.partition_leader_epoch,
                    timestamp: header.max_timestamp,
                    record: decoded,
                });
            }
        }
    }
    Ok(out)
}

/// Whether the bytes left are a batch cut short (its declared size runs past the end).
fn is_torn_tail(rest: &[u8]) -> bool {
    let len = i32::from_be_bytes([rest[8], rest[9], rest[10], rest[11]]);
    len < 0 || rest.len() < 12 + len as usize
}

/// The image a snapshot file (or a single segment, as `kafka-metadata-shell --snapshot`
/// takes either) holds.
pub fn load_file(path: &Path) -> Result<MetadataImage, KraftError> {
    let bytes = fs::read(path)
        .map_err(|e| KraftError::Format(format!("cannot read {}: {e}", path.display())))?;
    let mut image = MetadataImage::default();
    for r in records_of(&bytes, path)? {
        image.replay(&r);
    }
    Ok(image)
}

/// A file of the metadata log and the offset its name carries.
type OffsetFile = (i64, PathBuf);

/// The files of a metadata log directory: its newest snapshot (`OFFSET-EPOCH.checkpoint`),
/// if any, and its segments (`BASE.log`) by base offset.
fn files_of(dir: &Path) -> Result<(Option<OffsetFile>, Vec<OffsetFile>), KraftError> {
    let entries = fs::read_dir(dir)
        .map_err(|e| KraftError::Format(format!("cannot read {}: {e}", dir.display())))?;
    let mut snapshot: Option<(i64, PathBuf)> = None;
    let mut segments = Vec::new();
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if let Some(stem) = name.strip_suffix(".checkpoint") {
            let Some(offset) = stem.split('-').next().and_then(|o| o.parse::<i64>().ok()) else {
                continue;
            };
            if snapshot.as_ref().is_none_or(|(o, _)| offset >= *o) {
                snapshot = Some((offset, entry.path()));
            }
        } else if let Some(stem) = name.strip_suffix(".log") {
            if let Ok(base) = stem.parse::<i64>() {
                segments.push((base, entry.path()));
            }
        }
    }
    segments.sort();
    Ok((snapshot, segments))
}

/// The image of a whole metadata log directory: the newest snapshot, then every record of
/// the segments from the snapshot's end offset on. Also returns the log's next offset.
pub fn load_dir(dir: &Path) -> Result<(MetadataImage, i64), KraftError> {
    let (snapshot, segments) = files_of(dir)?;
    let mut image = MetadataImage::default();
    let mut from = 0;
    if let Some((end, path)) = &snapshot {
        image = load_file(path)?;
        from = *end;
    }
    let mut next = from;
    for (_, path) in &segments {
        let bytes = fs::read(path)
            .map_err(|e| KraftError::Format(format!("cannot read {}: {e}", path.display())))?;
        for r in records_of(&bytes, path)? {
            next = next.max(r.offset + 1);
            if r.offset >= from {
                image.replay(&r);
            }
        }
        next = next.max(last_offset_of(&bytes) + 1);
    }
    Ok((image, next))
}

/// The last offset of the batches (control ones included) of a segment, -1 if none.
fn last_offset_of(bytes: &[u8]) -> i64 {
    let mut at = 0;
    let mut last = -1;
    while at < bytes.len() {
        let Ok(header) = crate::validate_batch(&bytes[at..]) else {
            break;
        };
        last = header.last_offset();
        at += header.total_size();
    }
    last
}

/// Appends `records` as one batch at `base_offset` with leader epoch `epoch` to the metadata
/// log's first segment in `dir` (created if missing), fsynced before returning: a change is
/// in the log before the node reports it done.
pub fn append(
    dir: &Path,
    base_offset: i64,
    epoch: i32,
    now_ms: i64,
    records: &[MetadataRecord],
) -> Result<(), KraftError> {
    if records.is_empty() {
        return Ok(());
    }
    let io = |e: std::io::Error| KraftError::Format(format!("{}: {e}", dir.display()));
    fs::create_dir_all(dir).map_err(io)?;
    let values = records
        .iter()
        .map(MetadataRecord::encode)
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| KraftError::Format(e.to_string()))?;
    let batch: Vec<Record> = values
        .into_iter()
        .enumerate()
        .map(|(i, value)| Record {
            transactional: false,
            control: false,
            delete_horizon: false,
            partition_leader_epoch: epoch,
            producer_id: -1,
            producer_epoch: -1,
            timestamp_type: TimestampType::Creation,
            offset: base_offset + i as i64,
            sequence: -1,
            timestamp: now_ms,
            key: None,
            value: Some(value),
            headers: Default::default(),
        })
        .collect();
    let mut out = BytesMut::new();
    RecordBatchEncoder::encode(
        &mut out,
        batch.iter(),
        &RecordEncodeOptions {
            version: 2,
            compression: Compression::None,
        },
    )
    .map_err(|e| KraftError::Format(format!("cannot encode a metadata batch: {e}")))?;
    let segment = dir.join(format!("{:020}.log", 0));
    let mut file = fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&segment)
        .map_err(io)?;
    file.write_all(&out).map_err(io)?;
    file.sync_all().map_err(io)
}
