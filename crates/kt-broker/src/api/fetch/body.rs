//! Encodes a Fetch response so that its record bytes never pass through the broker's memory:
//! the fields around them are encoded here and the records are left as ranges of segment
//! files, which the connection sends with `sendfile`.
//!
//! Hand-written on purpose: kafka-protocol encodes a whole message into one buffer, which
//! means copying every fetched batch into it, and keeps its field encoders private. This
//! encoder writes the same bytes (checked against kafka-protocol's encoding for every served
//! version in the tests below) and stops at each `records` field to leave a file range.

use bytes::{BufMut, BytesMut};
use kafka_protocol::messages::fetch_response::PartitionData;
use kafka_protocol::messages::FetchResponse;
use kafka_protocol::protocol::Encodable;

use crate::api::{BodyPart, DispatchError};
use kt_storage::ReadRegions;

/// The first version with flexible (compact, tagged) encoding.
const FLEXIBLE: i16 = 12;

/// A Fetch response whose partitions' `records` are given separately, in the order the
/// partitions appear in `response` (their `records` fields are ignored).
#[derive(Debug)]
pub struct FetchReply {
    /// Everything but the record bytes.
    pub response: FetchResponse,
    /// Per partition, in response order: the batches to send, or None for a partition that
    /// failed. A failed partition's `records` are sent empty (length 0), as Kafka sends them:
    /// never null, which librdkafka 2.0 takes for a broken answer and drops whole.
    pub records: Vec<Option<ReadRegions>>,
}

impl FetchReply {
    /// The response body as encoded bytes and file ranges, in wire order.
    pub fn into_parts(self, version: i16) -> Result<Vec<BodyPart>, DispatchError> {
        encode(&self.response, self.records, version)
            .map_err(|e| DispatchError::Malformed(format!("encoding Fetch v{version}: {e}")))
    }
}

fn encode(
    response: &FetchResponse,
    records: Vec<Option<ReadRegions>>,
    version: i16,
) -> anyhow::Result<Vec<BodyPart>> {
    anyhow::ensure!(
        (4..=FLEXIBLE).contains(&version),
        "version {version} is not served"
    );
    let flexible = version >= FLEXIBLE;
    let mut records = records.into_iter();
    let mut parts = Vec::new();
    let mut buf = BytesMut::with_capacity(256);
    buf.put_i32(response.throttle_time_ms);
    if version >= 7 {
        buf.put_i16(response.error_code);
        buf.put_i32(response.session_id);
    }
    length(&mut buf, Some(response.responses.len()), flexible)?;
    for topic in &response.responses {
        if flexible {
            length(&mut buf, Some(topic.topic.len()), true)?;
        } else {
            buf.put_i16(i16::try_from(topic.topic.len())?);
        }
        buf.put_slice(topic.topic.as_bytes());
        length(&mut buf, Some(topic.partitions.len()), flexible)?;
        for partition in &topic.partitions {
            partition_head(&mut buf, partition, version)?;
            let data = records.next().flatten();
            length(&mut buf, Some(data.as_ref().map_or(0, |r| r.len)), flexible)?;
            if let Some(data) = data {
                for region in data.regions {
                    parts.push(BodyPart::Bytes(buf.split().freeze()));
                    parts.push(BodyPart::File(region));
                }
            }
            if flexible {
                // No tagged fields: kt never sets a diverging epoch, leader or snapshot.
                buf.put_u8(0);
            }
        }
        if flexible {
            buf.put_u8(0);
        }
    }
    if flexible {
        buf.put_u8(0);
    }
    parts.push(BodyPart::Bytes(buf.freeze()));
    parts.retain(|p| !matches!(p, BodyPart::Bytes(b) if b.is_empty()));
    Ok(parts)
}

/// The fields of a partition before its `records`.
fn partition_head(buf: &mut BytesMut, p: &PartitionData, version: i16) -> anyhow::Result<()> {
    buf.put_i32(p.partition_index);
    buf.put_i16(p.error_code);
    buf.put_i64(p.high_watermark);
    buf.put_i64(p.last_stable_offset);
    if version >= 5 {
        buf.put_i64(p.log_start_offset);
    }
    let aborted = p.aborted_transactions.as_deref();
    length(buf, aborted.map(<[_]>::len), version >= FLEXIBLE)?;
    for transaction in aborted.unwrap_or_default() {
        transaction.encode(buf, version)?;
    }
    if version >= 11 {
        buf.put_i32(p.preferred_read_replica.0);
    }
    Ok(())
}

/// The length of an array or bytes field (or a flexible version's string); None is null.
/// Classic versions use an int32 (-1 for null), flexible ones an unsigned varint of
/// length + 1 (0 for null).
fn length(buf: &mut BytesMut, len: Option<usize>, flexible: bool) -> anyhow::Result<()> {
    match (len, flexible) {
        (None, false) => buf.put_i32(-1),
        (Some(n), false) => buf.put_i32(i32::try_from(n)?),
        (None, true) => buf.put_u8(0),
        (Some(n), true) => {
            let mut v = u32::try_from(n + 1)?;
            while v >= 0x80 {
                buf.put_u8((v as u8) | 0x80);
                v >>= 7;
            }
            buf.put_u8(v as u8);
        }
    }
    Ok(())
}

/// The total length of `parts` on the wire.
pub fn parts_len(parts: &[BodyPart]) -> usize {
    parts
        .iter()
        .map(|p| match p {
            BodyPart::Bytes(b) => b.len(),
            BodyPart::File(r) => r.len,
        })
        .sum()
}

/// `parts` as one buffer, file ranges read in: what the client receives.
#[cfg(test)]
pub(super) fn materialize(parts: &[BodyPart]) -> std::io::Result<bytes::Bytes> {
    use std::os::unix::fs::FileExt;
    let mut out = Vec::with_capacity(parts_len(parts));
    for p in parts {
        match p {
            BodyPart::Bytes(b) => out.extend_from_slice(b),
            BodyPart::File(r) => {
                let at = out.len();
                out.resize(at + r.len, 0);
                r.file.read_exact_at(&mut out[at..], r.position)?;
            }
        }
    }
    Ok(bytes::Bytes::from(out))
}

#[cfg(test)]
mod tests {
    use super::*;
    use bytes::Bytes;
    use kafka_protocol::messages::fetch_response::{AbortedTransaction, FetchableTopicResponse};
    use kafka_protocol::messages::TopicName;
    use kafka_protocol::protocol::{Encodable, StrBytes};
    use std::io::Write;
    use std::sync::Arc;

    /// A file holding `len` recognisable bytes, and regions over parts of it.
    fn file(len: usize) -> (tempfile::NamedTempFile, Arc<std::fs::File>, Vec<u8>) {
        let mut f = tempfile::NamedTempFile::new().unwrap();
        let bytes: Vec<u8> = (0..len).map(|i| (i * 7 % 251) as u8).collect();
        f.write_all(&bytes).unwrap();
        let handle = Arc::new(f.reopen().unwrap());
        (f, handle, bytes)
    }

    fn regions(file: &Arc<std::fs::File>, ranges: &[(u64, usize)]) -> ReadRegions {
        let regions: Vec<_> = ranges
            .iter()
            .map(|&(position, len)| kt_storage::FileRegion {
                file: file.clone(),
                path: Arc::from(std::path::Path::new("test")),
                position,
                len,
            })
            .collect();
        ReadRegions {
            len: regions.iter().map(|r| r.len).sum(),
            regions,
            high_watermark: 0,
            log_start_offset: 0,
            log_end_offset: 0,
        }
    }

    #[test]
    fn the_parts_are_the_bytes_kafka_protocol_encodes_for_every_served_version() {
        let (_keep, f, bytes) = file(5000);
        // Per partition: its records as file ranges (None = a failed partition, whose
        // records go out empty).
        let layout: Vec<Option<Vec<(u64, usize)>>> = vec![
            Some(vec![(0, 1000)]),
            None,
            Some(vec![]),
            Some(vec![(1000, 300), (4000, 1000)]),
            Some(vec![(20, 1)]),
        ];
        for version in 4..=FLEXIBLE {
            let mut expected = FetchResponse::default().with_throttle_time_ms(7);
            if version >= 7 {
                expected = expected.with_error_code(0).with_session_id(0);
            }
            let mut reply_records = Vec::new();
            let mut topics = Vec::new();
            for (t, chunk) in layout.chunks(3).enumerate() {
                let mut partitions = Vec::new();
                for (i, ranges) in chunk.iter().enumerate() {
                    let mut data = Vec::new();
                    for &(at, len) in ranges.iter().flatten() {
                        data.extend_from_slice(&bytes[at as usize..at as usize + len]);
                    }
                    let mut p = PartitionData::default()
                        .with_partition_index(i as i32)
                        .with_error_code(if ranges.is_none() { 3 } else { 0 })
                        .with_high_watermark(1_000_000 + i as i64)
                        .with_last_stable_offset(999_999)
                        .with_aborted_transactions(if i == 2 {
                            Some(vec![AbortedTransaction::default()
                                .with_producer_id(kafka_protocol::messages::ProducerId(5))
                                .with_first_offset(6)])
                        } else {
                            None
                        })
                        .with_records(Some(Bytes::from(data)));
                    if version >= 5 {
                        p = p.with_log_start_offset(42);
                    }
                    partitions.push(p);
                    reply_records.push(ranges.as_ref().map(|rs| regions(&f, rs)));
                }
                topics.push(
                    FetchableTopicResponse::default()
                        .with_topic(TopicName(StrBytes::from_string(format!("topic-{t}"))))
                        .with_partitions(partitions),
                );
            }
            expected = expected.with_responses(topics);
            let mut want = BytesMut::new();
            expected.encode(&mut want, version).unwrap();

            let reply = FetchReply {
                response: expected.clone(),
                records: reply_records,
            };
            let parts = reply.into_parts(version).unwrap();
            assert_eq!(parts_len(&parts), want.len(), "v{version}");
            assert_eq!(materialize(&parts).unwrap(), want.freeze(), "v{version}");
            assert!(
                parts
                    .iter()
                    .filter(|p| matches!(p, BodyPart::File(_)))
                    .count()
                    == 4,
                "v{version}: the record bytes stay file ranges"
            );
        }
    }
}
