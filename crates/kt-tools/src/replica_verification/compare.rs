//! The comparison at the heart of kafka-replica-verification.sh (Kafka's `ReplicaBuffer`):
//! the batches every replica of a partition returned from the same offset are walked in
//! step, up to each replica's high watermark; their last offsets must agree (a mismatch ends
//! the tool, as Kafka's does) and their checksums should (a mismatch is reported). Kafka
//! compares only the stored CRC fields, so a byte damaged behind an intact CRC field goes
//! unseen; kt also runs the shared batch check ([`kt_storage::verify_batch`]) on every batch
//! and reports a damaged one with its topic, partition, replica and offset.

use std::collections::{BTreeMap, BTreeSet};

use bytes::Bytes;
use kt_storage::{verify_batch, BatchHeader, LOG_OVERHEAD};

/// A partition, printed as Kafka's `TopicPartition` (`topic-0`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TopicPartition {
    pub topic: String,
    pub partition: i32,
}

impl std::fmt::Display for TopicPartition {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}-{}", self.topic, self.partition)
    }
}

/// What one replica answered for a partition: its high watermark and the record batches
/// from the fetch offset (possibly ending in a batch cut short by the fetch size, which is
/// left for the next round). A failed fetch is an empty answer with high watermark -1.
#[derive(Debug, Clone, Default)]
pub struct ReplicaData {
    pub high_watermark: i64,
    pub records: Bytes,
}

/// The outcome of one round: the lines to print, and whether the tool must stop (replicas
/// disagree on offsets: Kafka exits 1).
#[derive(Debug, Default)]
pub struct Round {
    pub lines: Vec<String>,
    pub fatal: bool,
}

/// The verification state across rounds: where each partition is verified up to, and when
/// the lag was last reported.
#[derive(Debug)]
pub struct Verifier {
    offsets: BTreeMap<TopicPartition, i64>,
    report_interval_ms: i64,
    last_report_ms: i64,
    /// Damaged batches already reported, `(partition, replica, offset)`: a batch stays
    /// damaged, and is fetched again every round until the partition moves past it.
    reported: BTreeSet<(TopicPartition, i32, i64)>,
}

/// One replica's walk: its id, its high watermark and its batches still to compare.
type Walk<'a> = (i32, i64, std::vec::IntoIter<(u64, &'a [u8])>);

/// The complete batches at the start of `records`, with their byte positions; a trailing
/// batch cut short (the fetch size ended inside it) is not one.
fn complete_batches(records: &[u8]) -> Vec<(u64, &[u8])> {
    let mut out = Vec::new();
    let mut at = 0usize;
    while records.len() - at >= LOG_OVERHEAD {
        let length = i32::from_be_bytes(records[at + 8..at + 12].try_into().unwrap_or([0; 4]));
        let size = LOG_OVERHEAD + length.max(0) as usize;
        if length <= 0 || records.len() - at < size {
            // A non-positive length is damage the check below reports; a large one may be a
            // batch cut short by the fetch size, or damage that no fetch size will get past.
            if length <= 0 {
                out.push((at as u64, &records[at..]));
            }
            break;
        }
        out.push((at as u64, &records[at..at + size]));
        at += size;
    }
    out
}

impl Verifier {
    /// Starts verifying each partition at its initial offset (from `--time`).
    pub fn new(
        offsets: BTreeMap<TopicPartition, i64>,
        report_interval_ms: i64,
        now_ms: i64,
    ) -> Self {
        Verifier {
            offsets,
            report_interval_ms,
            last_report_ms: now_ms,
            reported: BTreeSet::new(),
        }
    }

    /// The offset each partition is verified up to: where the next fetch starts.
    pub fn offset(&self, tp: &TopicPartition) -> i64 {
        self.offsets.get(tp).copied().unwrap_or(0)
    }

    /// Compares one round of fetched data (every replica of every partition), moves the
    /// verified offsets on, and reports the maximum lag when the report interval has passed.
    /// `stamp` formats a time for a line's prefix.
    pub fn verify(
        &mut self,
        fetched: &BTreeMap<TopicPartition, BTreeMap<i32, ReplicaData>>,
        now_ms: i64,
        stamp: &dyn Fn(i64) -> String,
    ) -> Round {
        let mut round = Round::default();
        let mut max_lag = -1i64;
        let mut offset_with_max_lag = -1i64;
        let mut max_lag_partition: Option<&TopicPartition> = None;
        for (tp, replicas) in fetched {
            let max_hw = replicas
                .values()
                .map(|r| r.high_watermark)
                .max()
                .unwrap_or(-1);
            let mut walks: Vec<Walk<'_>> = replicas
                .iter()
                .map(|(id, data)| {
                    (
                        *id,
                        data.high_watermark,
                        complete_batches(&data.records).into_iter(),
                    )
                })
                .collect();
            let mut in_all = true;
            while in_all {
                // (replica, last offset, next offset, stored checksum) of the first replica.
                let mut first: Option<(i32, i64, i64, u32)> = None;
                for (replica, hw, walk) in walks.iter_mut() {
                    let Some((position, bytes)) = walk.next() else {
                        in_all = false;
                        continue;
                    };
                    let checked =
                        self.check(tp, *replica, position, bytes, now_ms, stamp, &mut round);
                    let Some(h) = checked else {
                        in_all = false;
                        continue;
                    };
                    if h.last_offset() >= *hw {
                        in_all = false;
                        continue;
                    }
                    match first {
                        None => first = Some((*replica, h.last_offset(), h.next_offset(), h.crc)),
                        Some((first_replica, offset, _, checksum)) => {
                            if offset != h.last_offset() {
                                round.lines.push(format!(
                                    "{}: partition {tp}: replica {first_replica}'s offset {offset} \
                                     doesn't match replica {replica}'s offset {}",
                                    stamp(now_ms),
                                    h.last_offset()
                                ));
                                round.fatal = true;
                                return round;
                            }
                            if checksum != h.crc {
                                round.lines.push(format!(
                                    "{}: partition {tp} has unmatched checksum at offset {offset}; \
                                     replica {first_replica}'s checksum {checksum}; replica \
                                     {replica}'s checksum {}",
                                    stamp(now_ms),
                                    h.crc
                                ));
                            }
                        }
                    }
                }
                if in_all {
                    let next = first.map_or(-1, |(_, _, next, _)| next);
                    self.offsets.insert(tp.clone(), next);
                }
            }
            let verified = self.offset(tp);
            if max_hw - verified > max_lag {
                offset_with_max_lag = verified;
                max_lag = max_hw - verified;
                max_lag_partition = Some(tp);
            }
        }
        if now_ms - self.last_report_ms > self.report_interval_ms {
            let partition = max_lag_partition.map_or("null".to_string(), |tp| tp.to_string());
            round.lines.push(format!(
                "{}: max lag is {max_lag} for partition {partition} at offset \
                 {offset_with_max_lag} among {} partitions",
                stamp(now_ms),
                fetched.len()
            ));
            self.last_report_ms = now_ms;
        }
        round
    }

    /// The shared batch check on one replica's batch. A damaged batch is reported once;
    /// if its header can still be read the walk goes on with it (as Kafka's, which reads
    /// only headers), otherwise the partition stops here this round.
    #[allow(clippy::too_many_arguments)]
    fn check(
        &mut self,
        tp: &TopicPartition,
        replica: i32,
        position: u64,
        bytes: &[u8],
        now_ms: i64,
        stamp: &dyn Fn(i64) -> String,
        round: &mut Round,
    ) -> Option<BatchHeader> {
        let expected = self.offset(tp);
        match verify_batch(bytes, position, i64::MIN) {
            Ok(header) => Some(header),
            Err(corrupt) => {
                let header = BatchHeader::parse(bytes)
                    .ok()
                    .filter(|h| h.total_size() == bytes.len());
                let offset = header.as_ref().map_or(expected, |h| h.base_offset);
                if self.reported.insert((tp.clone(), replica, offset)) {
                    round.lines.push(format!(
                        "{}: partition {tp}: replica {replica}'s record batch at offset {offset} \
                         is corrupt: {}",
                        stamp(now_ms),
                        corrupt.cause
                    ));
                }
                header
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A valid batch of `n` records at `base`, with `value` in each record.
    fn batch(base: i64, n: i32, value: u8) -> Vec<u8> {
        // A minimal magic-2 batch built by hand: header, then `n` records of one value byte.
        let mut records = Vec::new();
        for i in 0..n {
            // attributes, timestamp delta, offset delta, key -1, value length 1, value, no
            // headers.
            let body = [0u8, 0, zigzag(i as i64), 1, 2, value, 0];
            records.push(zigzag(body.len() as i64));
            records.extend_from_slice(&body);
        }
        let mut b = Vec::new();
        b.extend_from_slice(&base.to_be_bytes());
        b.extend_from_slice(&0i32.to_be_bytes()); // length, set below
        b.extend_from_slice(&0i32.to_be_bytes()); // partition leader epoch
        b.push(2); // magic
        b.extend_from_slice(&0u32.to_be_bytes()); // crc, stamped below
        b.extend_from_slice(&0i16.to_be_bytes()); // attributes
        b.extend_from_slice(&(n - 1).to_be_bytes());
        b.extend_from_slice(&0i64.to_be_bytes());
        b.extend_from_slice(&0i64.to_be_bytes());
        b.extend_from_slice(&(-1i64).to_be_bytes());
        b.extend_from_slice(&(-1i16).to_be_bytes());
        b.extend_from_slice(&(-1i32).to_be_bytes());
        b.extend_from_slice(&n.to_be_bytes());
        b.extend_from_slice(&records);
        let length = (b.len() - LOG_OVERHEAD) as i32;
        b[8..12].copy_from_slice(&length.to_be_bytes());
        kt_storage::stamp_crc(&mut b);
        b
    }

    fn zigzag(v: i64) -> u8 {
        (((v << 1) ^ (v >> 63)) as u8) & 0x7f
    }

    fn tp() -> TopicPartition {
        TopicPartition {
            topic: "t".into(),
            partition: 0,
        }
    }

    fn data(hw: i64, batches: &[Vec<u8>]) -> ReplicaData {
        ReplicaData {
            high_watermark: hw,
            records: Bytes::from(batches.concat()),
        }
    }

    fn stamp(_: i64) -> String {
        "TS".into()
    }

    fn round(v: &mut Verifier, replicas: Vec<(i32, ReplicaData)>, now: i64) -> Round {
        let fetched = BTreeMap::from([(tp(), replicas.into_iter().collect())]);
        v.verify(&fetched, now, &stamp)
    }

    #[test]
    fn equal_replicas_advance_to_the_high_watermark_and_report_lag() {
        let mut v = Verifier::new(BTreeMap::from([(tp(), 0)]), 1000, 0);
        let b = [batch(0, 3, 1), batch(3, 2, 2)];
        let r = round(
            &mut v,
            vec![(0, data(5, &b)), (1, data(5, &b)), (2, data(5, &b))],
            10,
        );
        assert!(r.lines.is_empty() && !r.fatal, "{:?}", r.lines);
        assert_eq!(v.offset(&tp()), 5);
        let r = round(
            &mut v,
            vec![(0, data(7, &[])), (1, data(7, &[])), (2, data(7, &[]))],
            2000,
        );
        assert_eq!(
            r.lines,
            ["TS: max lag is 2 for partition t-0 at offset 5 among 1 partitions"]
        );
    }

    #[test]
    fn a_batch_beyond_a_replicas_high_watermark_waits() {
        let mut v = Verifier::new(BTreeMap::from([(tp(), 0)]), 1000, 0);
        let b = [batch(0, 3, 1), batch(3, 2, 2)];
        round(&mut v, vec![(0, data(5, &b)), (1, data(3, &b))], 10);
        assert_eq!(v.offset(&tp()), 3);
    }

    #[test]
    fn offsets_that_differ_end_the_tool() {
        let mut v = Verifier::new(BTreeMap::from([(tp(), 0)]), 1000, 0);
        let r = round(
            &mut v,
            vec![
                (0, data(5, &[batch(0, 3, 1)])),
                (1, data(5, &[batch(0, 2, 1)])),
            ],
            10,
        );
        assert!(r.fatal);
        assert_eq!(
            r.lines,
            ["TS: partition t-0: replica 0's offset 2 doesn't match replica 1's offset 1"]
        );
    }

    #[test]
    fn different_contents_are_an_unmatched_checksum() {
        let mut v = Verifier::new(BTreeMap::from([(tp(), 0)]), 1000, 0);
        let (a, b) = (batch(0, 3, 1), batch(0, 3, 9));
        let (ca, cb) = (
            BatchHeader::parse(&a).unwrap().crc,
            BatchHeader::parse(&b).unwrap().crc,
        );
        let r = round(&mut v, vec![(0, data(3, &[a])), (1, data(3, &[b]))], 10);
        assert_eq!(
            r.lines,
            [format!(
                "TS: partition t-0 has unmatched checksum at offset 2; replica 0's checksum {ca}; \
                 replica 1's checksum {cb}"
            )]
        );
        assert_eq!(v.offset(&tp()), 3);
    }

    #[test]
    fn a_damaged_batch_is_reported_once_with_its_offset() {
        let mut v = Verifier::new(BTreeMap::from([(tp(), 0)]), 1000, 0);
        let good = [batch(0, 3, 1), batch(3, 2, 2)];
        let mut damaged = good.clone();
        let last = damaged[1].len() - 2;
        damaged[1][last] ^= 0x40;
        let replicas = || vec![(0, data(5, &good)), (2, data(5, &damaged))];
        let r = round(&mut v, replicas(), 10);
        assert_eq!(r.lines.len(), 1, "{:?}", r.lines);
        assert!(
            r.lines[0].starts_with("TS: partition t-0: replica 2's record batch at offset 3 is corrupt: record batch CRC mismatch"),
            "{}",
            r.lines[0]
        );
        assert!(round(&mut v, replicas(), 20).lines.is_empty());
    }

    #[test]
    fn a_batch_cut_short_by_the_fetch_size_is_left_for_later() {
        let mut v = Verifier::new(BTreeMap::from([(tp(), 0)]), 1000, 0);
        let mut bytes = [batch(0, 3, 1), batch(3, 2, 2)].concat();
        bytes.truncate(bytes.len() - 4);
        let cut = ReplicaData {
            high_watermark: 5,
            records: Bytes::from(bytes),
        };
        let r = round(&mut v, vec![(0, cut.clone()), (1, cut)], 10);
        assert!(r.lines.is_empty(), "{:?}", r.lines);
        assert_eq!(v.offset(&tp()), 3);
    }
}
