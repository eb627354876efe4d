//! The batches of one fetched partition, made ready for the target's Produce: walked by
//! their headers only (no record is decoded), each one the target would take as a client's
//! copied and cleared of its producer ([`kt_storage::clear_producer`]).
//!
//! A batch the target would not take as it is, or would take with a different meaning, ends
//! the walk with a hand-over: the mirror's record path (librdkafka) copies the partition from
//! there on. Those are batches of the old message formats, LogAppendTime batches (a consumer
//! sees the append time as every record's timestamp, and Kafka's mirror produces it as the
//! record's create time) and batches whose offsets have gaps (a compacted log's: Kafka's
//! `LogValidator` refuses a produced batch whose record count is not its offset span).

use std::collections::HashSet;

use bytes::BytesMut;
use kt_storage::{BatchHeader, StorageError, TimestampType, LOG_OVERHEAD, MAGIC_V2};

/// Where the magic byte sits in every message format.
const MAGIC_AT: usize = 16;

/// What a walk over one partition's fetched bytes produced.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Walk {
    /// The offset to fetch next: after the last batch copied or skipped.
    pub next_offset: i64,
    /// Records in the batches copied to the output.
    pub records: u64,
    /// The offset from which the record path must copy this partition, if a batch that
    /// cannot be copied whole was met (nothing from it on was copied).
    pub hand_over: Option<i64>,
    /// Each batch copied to the output, in order: a Produce carries one batch per partition
    /// (Kafka's rule from version 3), so they are sent one at a time.
    pub batches: Vec<CopiedBatch>,
}

/// One batch in a walk's output.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CopiedBatch {
    /// Where it starts and ends in the output.
    pub start: usize,
    /// Where it ends in the output.
    pub end: usize,
    /// The source offset after it: the partition's position once the target has it.
    pub next_offset: i64,
    /// Its records.
    pub records: u64,
}

/// A fetched batch failed its checks (the consumer's `check.crcs`).
#[derive(Debug, thiserror::Error)]
#[error("Record batch at offset {offset} is invalid, cause: {cause}")]
pub struct CorruptBatch {
    /// The fetch position where the damaged batch starts.
    pub offset: i64,
    /// Kafka's cause text.
    pub cause: String,
}

/// The read_committed filter of Kafka's consumer for one fetched partition: a transactional
/// batch of a producer with an aborted transaction starting at or before it is skipped, until
/// that producer's next control batch (the abort marker).
#[derive(Debug, Default)]
pub struct AbortedTransactions {
    /// `(first offset, producer id)` not yet reached, by first offset.
    pending: Vec<(i64, i64)>,
    /// Producers whose aborted transaction is being skipped.
    aborting: HashSet<i64>,
}

impl AbortedTransactions {
    /// The filter for a Fetch answer's `aborted_transactions` (`(producer id, first offset)`).
    pub fn new(aborted: impl IntoIterator<Item = (i64, i64)>) -> Self {
        let mut pending: Vec<(i64, i64)> = aborted.into_iter().map(|(p, o)| (o, p)).collect();
        // Popped from the end: the smallest first offset last.
        pending.sort_unstable_by(|a, b| b.cmp(a));
        AbortedTransactions {
            pending,
            aborting: HashSet::new(),
        }
    }

    /// Whether the data batch `header` belongs to an aborted transaction.
    fn aborted(&mut self, header: &BatchHeader) -> bool {
        while let Some(&(first, producer)) = self.pending.last() {
            if first > header.last_offset() {
                break;
            }
            self.aborting.insert(producer);
            self.pending.pop();
        }
        header.is_transactional() && self.aborting.contains(&header.producer_id)
    }

    /// Kafka's consumer at a control batch: the aborted transactions that start by its end
    /// are taken in first; an ABORT marker then ends its producer's aborted transaction (a
    /// COMMIT marker leaves it, as it ends a later transaction of the producer).
    fn at_marker(&mut self, header: &BatchHeader, abort: bool) {
        self.aborted(header);
        if abort {
            self.aborting.remove(&header.producer_id);
        }
    }
}

/// Walks `fetched` (one partition's records of a Fetch answer, fetched from `fetch_offset`)
/// and appends to `out` every batch to copy, cleared of its producer. Batches wholly before
/// `fetch_offset` are skipped; one that starts before it (a fetch resumed inside a compressed
/// batch) is copied whole, so its first records may reach the target twice, which at least
/// once allows. Control batches, empty ones (the cleaner's) and, with `aborted`, those of
/// aborted transactions are skipped. A partial batch at the end (the fetch size cut it) is
/// left for the next fetch.
pub fn walk(
    fetched: &[u8],
    fetch_offset: i64,
    mut aborted: Option<&mut AbortedTransactions>,
    out: &mut BytesMut,
) -> Result<Walk, CorruptBatch> {
    let mut walk = Walk {
        next_offset: fetch_offset,
        ..Walk::default()
    };
    let mut rest = fetched;
    while rest.len() > MAGIC_AT {
        let length = i32::from_be_bytes([rest[8], rest[9], rest[10], rest[11]]);
        let total = LOG_OVERHEAD + length.max(0) as usize;
        if total <= MAGIC_AT {
            return Err(CorruptBatch {
                offset: walk.next_offset,
                cause: format!("batch length {length} is too small for a batch"),
            });
        }
        if rest.len() < total {
            break;
        }
        let batch = &rest[..total];
        rest = &rest[total..];
        if batch[MAGIC_AT] as i8 != MAGIC_V2 {
            walk.hand_over = Some(walk.next_offset);
            break;
        }
        let header = kt_storage::validate_stored_batch(batch).map_err(|e| CorruptBatch {
            offset: walk.next_offset,
            cause: match e {
                StorageError::CrcMismatch { .. } => "Record is corrupt (CRC check failed)".into(),
                other => other.to_string(),
            },
        })?;
        if header.last_offset() < walk.next_offset {
            continue;
        }
        if header.is_control() {
            if let Some(aborted) = aborted.as_deref_mut() {
                let abort =
                    kt_storage::is_abort_marker(batch, &header).map_err(|e| CorruptBatch {
                        offset: walk.next_offset,
                        cause: e.to_string(),
                    })?;
                aborted.at_marker(&header, abort);
            }
            walk.next_offset = header.next_offset();
            continue;
        }
        let skip = header.record_count == 0
            || aborted
                .as_deref_mut()
                .is_some_and(|aborted| aborted.aborted(&header));
        if skip {
            walk.next_offset = header.next_offset();
            continue;
        }
        if header.timestamp_type() == TimestampType::LogAppendTime
            || i64::from(header.last_offset_delta) + 1 != i64::from(header.record_count)
        {
            walk.hand_over = Some(walk.next_offset);
            break;
        }
        let start = out.len();
        out.extend_from_slice(batch);
        kt_storage::clear_producer(&mut out[start..]);
        walk.records += header.record_count as u64;
        walk.next_offset = header.next_offset();
        walk.batches.push(CopiedBatch {
            start,
            end: out.len(),
            next_offset: walk.next_offset,
            records: header.record_count as u64,
        });
    }
    Ok(walk)
}

#[cfg(test)]
mod tests {
    use super::*;
    use bytes::Bytes;
    use kafka_protocol::records::{
        Compression, Record, RecordBatchDecoder, RecordBatchEncoder, RecordEncodeOptions,
        TimestampType as WireTimestampType,
    };

    /// A batch of `values` at `base`, as a producer (`producer` id, transactional or not)
    /// wrote it and the source broker stored it.
    fn batch(base: i64, values: &[&str], producer: i64, transactional: bool) -> BytesMut {
        let records: Vec<Record> = values
            .iter()
            .enumerate()
            .map(|(i, v)| Record {
                transactional,
                control: false,
                delete_horizon: false,
                partition_leader_epoch: 3,
                producer_id: producer,
                producer_epoch: if producer < 0 { -1 } else { 0 },
                timestamp_type: WireTimestampType::Creation,
                offset: base + i as i64,
                // The encoder keeps records in one batch while offset - sequence holds.
                sequence: i as i32,
                timestamp: 1_000 + i as i64,
                key: Some(Bytes::from(format!("k{i}"))),
                value: Some(Bytes::from(v.to_string())),
                headers: Default::default(),
            })
            .collect();
        encode(&records, Compression::Lz4)
    }

    fn encode(records: &[Record], compression: Compression) -> BytesMut {
        let mut out = BytesMut::new();
        let options = RecordEncodeOptions {
            version: 2,
            compression,
        };
        RecordBatchEncoder::encode(&mut out, records, &options).unwrap();
        out
    }

    /// An abort or commit marker of `producer` at `offset`.
    fn marker(offset: i64, producer: i64, commit: bool) -> BytesMut {
        let key = [0u8, 0, 0, u8::from(commit)];
        let record = Record {
            transactional: true,
            control: true,
            delete_horizon: false,
            partition_leader_epoch: 3,
            producer_id: producer,
            producer_epoch: 0,
            timestamp_type: WireTimestampType::Creation,
            offset,
            sequence: -1,
            timestamp: 2_000,
            key: Some(Bytes::copy_from_slice(&key)),
            value: Some(Bytes::from_static(&[0, 0, 0, 0, 0, 0])),
            headers: Default::default(),
        };
        encode(&[record], Compression::None)
    }

    fn values(out: &BytesMut) -> Vec<(i64, String)> {
        let mut bytes = out.clone().freeze();
        let batches = RecordBatchDecoder::decode_all(&mut bytes).unwrap();
        batches
            .into_iter()
            .flat_map(|b| b.records)
            .map(|r| {
                assert_eq!((r.producer_id, r.transactional), (-1, false));
                let value = r.value.unwrap();
                (r.offset, String::from_utf8(value.to_vec()).unwrap())
            })
            .collect()
    }

    #[test]
    fn batches_are_copied_cleared_and_a_cut_tail_waits() {
        let mut fetched = batch(0, &["a", "b"], 7, false);
        fetched.extend_from_slice(&batch(2, &["c"], -1, false));
        let third = batch(3, &["d"], -1, false);
        fetched.extend_from_slice(&third[..third.len() - 5]);
        let mut out = BytesMut::new();
        let walk = walk(&fetched, 0, None, &mut out).unwrap();
        assert_eq!(
            (walk.next_offset, walk.records, walk.hand_over),
            (3, 3, None)
        );
        let ends: Vec<(i64, u64)> = walk
            .batches
            .iter()
            .map(|b| (b.next_offset, b.records))
            .collect();
        assert_eq!(ends, [(2, 2), (3, 1)]);
        assert_eq!(walk.batches[1].end, out.len());
        // Offsets start at 0 in each batch: the target assigns its own.
        assert_eq!(
            values(&out),
            [(0, "a".into()), (1, "b".into()), (0, "c".into())]
        );
        // Each copied batch is one the target takes from a client.
        let mut rest = &out[..];
        while !rest.is_empty() {
            let header = kt_storage::validate_batch(rest).unwrap();
            rest = &rest[header.total_size()..];
        }
    }

    #[test]
    fn batches_before_the_fetch_offset_are_skipped_and_one_straddling_it_copied_whole() {
        let mut fetched = batch(0, &["a", "b"], -1, false);
        fetched.extend_from_slice(&batch(2, &["c", "d"], -1, false));
        let mut out = BytesMut::new();
        let walk = walk(&fetched, 3, None, &mut out).unwrap();
        assert_eq!((walk.next_offset, walk.records), (4, 2));
        assert_eq!(values(&out), [(0, "c".into()), (1, "d".into())]);
    }

    #[test]
    fn read_committed_skips_aborted_transactions_and_every_marker() {
        // Producer 5 aborts at offset 2; producer 6 commits at 4.
        let mut fetched = batch(0, &["aborted-1", "aborted-2"], 5, true);
        fetched.extend_from_slice(&marker(2, 5, false));
        fetched.extend_from_slice(&batch(3, &["committed"], 6, true));
        fetched.extend_from_slice(&marker(4, 6, true));
        fetched.extend_from_slice(&batch(5, &["after"], 5, true));
        let mut filter = AbortedTransactions::new([(5, 0)]);
        let mut out = BytesMut::new();
        let walk = walk(&fetched, 0, Some(&mut filter), &mut out).unwrap();
        assert_eq!((walk.next_offset, walk.records), (6, 2));
        assert_eq!(values(&out), [(0, "committed".into()), (0, "after".into())]);

        // read_uncommitted copies the aborted records too (markers never).
        let mut out = BytesMut::new();
        let walk = super::walk(&fetched, 0, None, &mut out).unwrap();
        assert_eq!((walk.next_offset, walk.records), (6, 4));
    }

    #[test]
    fn a_fetch_that_starts_at_an_abort_marker_still_copies_the_next_committed_transaction() {
        // The previous fetch ended after producer 5's aborted records (offsets 0-1); this one
        // starts at its ABORT marker, and the broker still lists that transaction.
        let mut fetched = marker(2, 5, false);
        fetched.extend_from_slice(&batch(3, &["committed"], 5, true));
        fetched.extend_from_slice(&marker(4, 5, true));
        let mut filter = AbortedTransactions::new([(5, 0)]);
        let mut out = BytesMut::new();
        let walk = walk(&fetched, 2, Some(&mut filter), &mut out).unwrap();
        assert_eq!((walk.next_offset, walk.records), (5, 1));
        assert_eq!(values(&out), [(0, "committed".into())]);
    }

    #[test]
    fn a_length_too_small_for_a_batch_is_corrupt() {
        let mut fetched = batch(0, &["a"], -1, false);
        fetched[8..12].copy_from_slice(&2i32.to_be_bytes());
        let error = walk(&fetched, 0, None, &mut BytesMut::new()).unwrap_err();
        assert_eq!(error.offset, 0);
    }

    #[test]
    fn log_append_time_gaps_and_old_formats_are_handed_over_where_they_start() {
        let first = batch(0, &["a"], -1, false);
        let mut appended = batch(1, &["b"], -1, false);
        appended[22] |= 0x08;
        kt_storage::stamp_crc(&mut appended);
        let mut gapped = batch(1, &["b", "c"], -1, false);
        // A compacted batch: offsets 1 and 3 of a span of three.
        gapped[23..27].copy_from_slice(&2i32.to_be_bytes());
        kt_storage::stamp_crc(&mut gapped);
        let mut legacy = batch(1, &["b"], -1, false);
        legacy[16] = 1;
        for odd in [appended, gapped, legacy] {
            let mut fetched = first.clone();
            fetched.extend_from_slice(&odd);
            fetched.extend_from_slice(&batch(4, &["z"], -1, false));
            let mut out = BytesMut::new();
            let walk = walk(&fetched, 0, None, &mut out).unwrap();
            assert_eq!(
                (walk.next_offset, walk.records, walk.hand_over),
                (1, 1, Some(1))
            );
            assert_eq!(values(&out), [(0, "a".into())]);
        }
    }

    #[test]
    fn a_damaged_batch_is_named_by_its_offset() {
        let mut fetched = batch(0, &["a"], -1, false);
        let mut damaged = batch(1, &["b"], -1, false);
        let last = damaged.len() - 1;
        damaged[last] ^= 0xff;
        fetched.extend_from_slice(&damaged);
        let error = walk(&fetched, 0, None, &mut BytesMut::new()).unwrap_err();
        assert_eq!(
            error.to_string(),
            "Record batch at offset 1 is invalid, cause: Record is corrupt (CRC check failed)"
        );
    }
}
