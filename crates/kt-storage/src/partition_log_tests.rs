//! Tests of `PartitionLog` with real Kafka batches from `kafka-protocol`.

use super::*;
use crate::batch::test_util::{batch, plain};
use bytes::BytesMut;
use kafka_protocol::records::{Compression, RecordBatchDecoder};
use proptest::prelude::*;

fn small_config() -> LogConfig {
    LogConfig {
        segment_bytes: 1 << 20,
        index_interval_bytes: 256,
        ..LogConfig::default()
    }
}

fn open(dir: &Path, config: LogConfig) -> PartitionLog {
    PartitionLog::open(dir, "t", 0, config, None, None).unwrap()
}

/// Decodes every record of a read: (offset, timestamp, value length).
fn decode(bytes: &Bytes) -> Vec<(i64, i64, usize)> {
    let mut b = bytes.clone();
    let sets = RecordBatchDecoder::decode_all(&mut b).unwrap();
    sets.iter()
        .flat_map(|s| s.records.iter())
        .map(|r| {
            (
                r.offset,
                r.timestamp,
                r.value.as_ref().map_or(0, |v| v.len()),
            )
        })
        .collect()
}

fn headers(bytes: &[u8]) -> Vec<BatchHeader> {
    let mut out = Vec::new();
    let mut at = 0;
    while at < bytes.len() {
        let h = validate_batch(&bytes[at..]).unwrap();
        at += h.total_size();
        out.push(h);
    }
    out
}

#[test]
fn logs_are_shareable_across_threads() {
    fn send_sync<T: Send + Sync>() {}
    send_sync::<PartitionLog>();
    send_sync::<crate::LogManager>();
}

#[test]
fn append_and_read_round_trip_assigns_offsets() {
    let dir = tempfile::tempdir().unwrap();
    let log = open(dir.path(), small_config());
    assert_eq!(log.log_end_offset(), 0);
    let a = log.append(&mut plain(5, 10, 1000)).unwrap();
    assert_eq!((a.base_offset, a.last_offset, a.record_count), (0, 4, 5));
    assert_eq!(a.log_append_time, -1);
    assert_eq!(a.log_start_offset, 0);
    let b = log.append(&mut plain(3, 10, 2000)).unwrap();
    assert_eq!((b.base_offset, b.last_offset), (5, 7));
    // two batches in one produce buffer
    let mut two = plain(2, 10, 3000);
    two.extend_from_slice(&plain(4, 10, 4000));
    let c = log.append(&mut two).unwrap();
    assert_eq!((c.base_offset, c.last_offset, c.batch_count), (8, 13, 2));
    assert_eq!(log.log_end_offset(), 14);

    let r = log.read(0, 1 << 20).unwrap();
    assert_eq!(r.high_watermark, 14);
    assert_eq!(r.log_start_offset, 0);
    let recs = decode(&r.bytes);
    assert_eq!(
        recs.iter().map(|r| r.0).collect::<Vec<_>>(),
        (0..14).collect::<Vec<_>>()
    );
    assert_eq!(recs[5].1, 2000);
    let hs = headers(&r.bytes);
    assert_eq!(
        hs.iter().map(|h| h.base_offset).collect::<Vec<_>>(),
        vec![0, 5, 8, 10]
    );
    assert!(hs.iter().all(|h| h.partition_leader_epoch == 0));

    // from the middle of a batch: the whole batch holding it comes back
    let r = log.read(6, 1 << 20).unwrap();
    assert_eq!(headers(&r.bytes)[0].base_offset, 5);
    // at the end: empty; beyond: out of range
    assert!(log.read(14, 100).unwrap().bytes.is_empty());
    assert!(matches!(
        log.read(15, 100),
        Err(StorageError::OffsetOutOfRange { offset: 15, .. })
    ));
    assert!(matches!(
        log.read(-1, 100),
        Err(StorageError::OffsetOutOfRange { .. })
    ));
}

#[test]
fn stored_bytes_are_the_produced_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let log = open(dir.path(), small_config());
    log.set_leader_epoch(3);
    let mut produced = Vec::new();
    for c in [
        Compression::None,
        Compression::Gzip,
        Compression::Snappy,
        Compression::Lz4,
        Compression::Zstd,
    ] {
        let original = batch(20, 50, 10_000, c);
        let mut b = original.clone();
        let info = log.append(&mut b).unwrap();
        produced.push((info.base_offset, original));
    }
    let r = log.read(0, 1 << 20).unwrap();
    let mut at = 0;
    for (base, original) in &produced {
        let stored = &r.bytes[at..at + original.len()];
        // identical except baseOffset (0..8) and partitionLeaderEpoch (12..16)
        assert_eq!(&stored[8..12], &original[8..12]);
        assert_eq!(&stored[16..], &original[16..]);
        let h = validate_batch(stored).unwrap();
        assert_eq!(h.base_offset, *base);
        assert_eq!(h.partition_leader_epoch, 3);
        at += original.len();
    }
    assert_eq!(at, r.bytes.len());
    let recs = decode(&r.bytes);
    assert_eq!(recs.len(), 100);
    assert_eq!(
        recs.iter().map(|r| r.0).collect::<Vec<_>>(),
        (0..100).collect::<Vec<_>>()
    );
    assert!(recs.iter().all(|r| r.2 == 50));
}

#[test]
fn shared_append_stores_the_same_bytes_as_in_place() {
    for ts_type in [TimestampType::CreateTime, TimestampType::LogAppendTime] {
        let config = LogConfig {
            message_timestamp_type: ts_type,
            ..small_config()
        };
        let d1 = tempfile::tempdir().unwrap();
        let d2 = tempfile::tempdir().unwrap();
        let in_place = open(d1.path(), config);
        let shared = open(d2.path(), config);
        for (i, c) in [
            Compression::None,
            Compression::Gzip,
            Compression::Snappy,
            Compression::Lz4,
            Compression::Zstd,
        ]
        .into_iter()
        .enumerate()
        {
            let mut buf = batch(7, 30, 5000, c);
            buf.extend_from_slice(&plain(2, 10, 6000));
            let original = buf.clone().freeze();
            let a = in_place.append_at(&mut buf, 123_456 + i as i64).unwrap();
            let b = shared
                .append_shared_at(&original, 123_456 + i as i64)
                .unwrap();
            assert_eq!(a, b);
            // the caller's buffer is untouched by the shared path
            assert_eq!(validate_batch(&original).unwrap().base_offset, 0);
        }
        let ra = in_place.read(0, 1 << 20).unwrap();
        let rb = shared.read(0, 1 << 20).unwrap();
        assert_eq!(ra.bytes, rb.bytes);
        assert_eq!(decode(&rb.bytes).len(), 45);
        for h in headers(&rb.bytes) {
            assert_eq!(h.timestamp_type(), ts_type);
        }
    }
}

#[test]
fn shared_append_of_many_batches_survives_partial_vectored_writes() {
    // 1500 batches -> 3000 iovecs, more than IOV_MAX (1024) in one writev
    let dir = tempfile::tempdir().unwrap();
    let log = open(dir.path(), small_config());
    log.append(&mut plain(1, 10, 0)).unwrap();
    let mut buf = BytesMut::new();
    for i in 0..1500 {
        buf.extend_from_slice(&plain(1 + i % 3, 10, i as i64));
    }
    let info = log.append_shared(&buf).unwrap();
    assert_eq!(info.batch_count, 1500);
    assert_eq!(info.base_offset, 1);
    let recs = decode(&log.read(0, usize::MAX).unwrap().bytes);
    assert_eq!(recs.len() as i64, info.last_offset + 1);
    assert_eq!(
        recs.iter().map(|r| r.0).collect::<Vec<_>>(),
        (0..=info.last_offset).collect::<Vec<_>>()
    );
    // reopening validates every CRC
    drop(log);
    let log = open(dir.path(), small_config());
    assert_eq!(log.log_end_offset(), info.last_offset + 1);
}

#[test]
fn max_bytes_and_at_least_one_batch() {
    let dir = tempfile::tempdir().unwrap();
    let log = open(dir.path(), small_config());
    let sizes: Vec<usize> = (0..4)
        .map(|_| {
            let mut b = plain(10, 100, 0);
            let n = b.len();
            log.append(&mut b).unwrap();
            n
        })
        .collect();
    // smaller than one batch: still the whole first batch
    let r = log.read(0, 1).unwrap();
    assert_eq!(r.bytes.len(), sizes[0]);
    let r = log.read(0, 0).unwrap();
    assert_eq!(r.bytes.len(), sizes[0]);
    // room for 1.5 batches: one batch, never a partial one
    let r = log.read(0, sizes[0] + sizes[1] / 2).unwrap();
    assert_eq!(r.bytes.len(), sizes[0]);
    assert!(log.read_with(0, 1, false).unwrap().bytes.is_empty());
    assert_eq!(
        log.read_with(0, sizes[0], false).unwrap().bytes.len(),
        sizes[0]
    );
    let r = log.read(15, sizes[1] + sizes[2]).unwrap();
    assert_eq!(r.bytes.len(), sizes[1] + sizes[2]);
    assert_eq!(headers(&r.bytes)[0].base_offset, 10);
}

#[test]
fn rolls_by_size_and_reads_across_segments() {
    let dir = tempfile::tempdir().unwrap();
    let one = plain(10, 100, 0).len() as u64;
    let config = LogConfig {
        segment_bytes: one * 3,
        index_interval_bytes: 100,
        ..LogConfig::default()
    };
    let log = open(dir.path(), config);
    for i in 0..10 {
        log.append(&mut plain(10, 100, i * 10)).unwrap();
    }
    assert_eq!(log.segment_base_offsets(), vec![0, 30, 60, 90]);
    for base in [0i64, 30, 60, 90] {
        let f = dir.path().join(format!("t-0/{base:020}.log"));
        assert!(f.exists(), "{f:?}");
        assert!(dir.path().join(format!("t-0/{base:020}.index")).exists());
        assert!(dir
            .path()
            .join(format!("t-0/{base:020}.timeindex"))
            .exists());
    }
    let r = log.read(25, 1 << 20).unwrap();
    let recs = decode(&r.bytes);
    assert_eq!(recs.first().unwrap().0, 20);
    assert_eq!(recs.last().unwrap().0, 99);
    assert_eq!(recs.len(), 80);
    // a budget spanning a segment boundary
    let r = log.read(25, (one * 2) as usize).unwrap();
    assert_eq!(
        headers(&r.bytes)
            .iter()
            .map(|h| h.base_offset)
            .collect::<Vec<_>>(),
        vec![20, 30]
    );
    assert_eq!(log.size_in_bytes(), one * 10);
}

#[test]
fn rolls_by_time() {
    let dir = tempfile::tempdir().unwrap();
    let config = LogConfig {
        segment_ms: 1000,
        ..small_config()
    };
    let log = open(dir.path(), config);
    log.append_at(&mut plain(1, 10, 0), 10_000).unwrap();
    log.append_at(&mut plain(1, 10, 0), 10_500).unwrap();
    assert_eq!(log.segment_base_offsets(), vec![0]);
    log.append_at(&mut plain(1, 10, 0), 11_001).unwrap();
    assert_eq!(log.segment_base_offsets(), vec![0, 2]);
}

#[test]
fn rolls_when_index_is_full() {
    let dir = tempfile::tempdir().unwrap();
    let config = LogConfig {
        index_interval_bytes: 1,
        segment_index_bytes: 24, // 3 offset entries, 2 time entries
        ..small_config()
    };
    let log = open(dir.path(), config);
    for i in 0..10 {
        log.append(&mut plain(1, 10, i)).unwrap();
    }
    assert!(log.segment_base_offsets().len() > 1);
    for o in 0..10 {
        let r = log.read(o, 1).unwrap();
        assert_eq!(headers(&r.bytes)[0].base_offset, o);
    }
}

#[test]
fn bad_batches_are_rejected_with_the_right_error() {
    let dir = tempfile::tempdir().unwrap();
    let log = open(dir.path(), small_config());
    log.append(&mut plain(1, 10, 0)).unwrap();

    let mut crc = plain(2, 10, 0);
    let last = crc.len() - 1;
    crc[last] ^= 1;
    assert!(matches!(
        log.append(&mut crc),
        Err(StorageError::CrcMismatch { .. })
    ));

    for magic in [0u8, 1] {
        let mut old = plain(2, 10, 0);
        old[16] = magic;
        assert!(matches!(
            log.append(&mut old),
            Err(StorageError::UnsupportedMagic(m)) if m == magic as i8
        ));
    }

    // a good batch followed by garbage: nothing is appended
    let mut mixed = plain(2, 10, 0);
    mixed.extend_from_slice(&[0u8; 30]);
    assert!(log.append(&mut mixed).unwrap_err().is_corruption());
    assert!(log.append(&mut BytesMut::new()).is_err());

    let config = LogConfig {
        max_message_bytes: 500,
        ..small_config()
    };
    log.update_config(config);
    assert!(matches!(
        log.append(&mut plain(10, 100, 0)),
        Err(StorageError::MessageTooLarge { max: 500, .. })
    ));
    assert_eq!(log.log_end_offset(), 1);
    assert_eq!(decode(&log.read(0, 1 << 20).unwrap().bytes).len(), 1);
}

#[test]
fn log_append_time_is_patched_with_a_valid_crc() {
    let dir = tempfile::tempdir().unwrap();
    let config = LogConfig {
        message_timestamp_type: TimestampType::LogAppendTime,
        ..small_config()
    };
    let log = open(dir.path(), config);
    for c in [Compression::None, Compression::Lz4] {
        let info = log.append_at(&mut batch(3, 10, 1000, c), 77_777).unwrap();
        assert_eq!(info.log_append_time, 77_777);
        assert_eq!(info.max_timestamp, 77_777);
    }
    let r = log.read(0, 1 << 20).unwrap();
    for h in headers(&r.bytes) {
        assert_eq!(h.timestamp_type(), TimestampType::LogAppendTime);
        assert_eq!(h.max_timestamp, 77_777);
    }
    let mut b = r.bytes.clone();
    let sets = RecordBatchDecoder::decode_all(&mut b).unwrap();
    assert_eq!(sets.iter().map(|s| s.records.len()).sum::<usize>(), 6);
    assert_eq!(log.offset_for_timestamp(50_000).unwrap(), Some((0, 77_777)));
}

#[test]
fn offset_for_timestamp_finds_first_record() {
    let dir = tempfile::tempdir().unwrap();
    let config = LogConfig {
        segment_bytes: 2000,
        index_interval_bytes: 100,
        ..LogConfig::default()
    };
    let log = open(dir.path(), config);
    // batches of 5 records, timestamps 1000 + 10*offset
    for i in 0..40i64 {
        let c = if i % 3 == 0 {
            Compression::Gzip
        } else {
            Compression::None
        };
        log.append(&mut batch(5, 30, 1000 + i * 50, c)).unwrap();
    }
    // records: offset o has timestamp 1000 + (o/5)*50 + o%5
    assert!(log.segment_base_offsets().len() > 2);
    assert_eq!(log.offset_for_timestamp(0).unwrap(), Some((0, 1000)));
    for o in [0i64, 3, 7, 51, 99, 150, 199] {
        let ts = 1000 + (o / 5) * 50 + o % 5;
        assert_eq!(log.offset_for_timestamp(ts).unwrap(), Some((o, ts)), "{o}");
    }
    // between batches: the next batch's first record
    assert_eq!(log.offset_for_timestamp(1010).unwrap(), Some((5, 1050)));
    assert_eq!(log.offset_for_timestamp(1_000_000).unwrap(), None);
    assert_eq!(log.max_timestamp_offset(), Some((1000 + 39 * 50 + 4, 199)));
}

#[test]
fn retention_by_size_and_time_advances_log_start() {
    let dir = tempfile::tempdir().unwrap();
    let one = plain(10, 100, 0).len() as u64;
    let config = LogConfig {
        segment_bytes: one * 2,
        ..small_config()
    };
    let log = open(dir.path(), config);
    // 5 segments of 2 batches; timestamps: segment k has max 1000*k + 9
    for i in 0..10i64 {
        log.append(&mut plain(10, 100, (i / 2) * 1000)).unwrap();
    }
    assert_eq!(log.segment_base_offsets(), vec![0, 20, 40, 60, 80]);
    assert_eq!(log.apply_retention(10_000).unwrap(), 0);

    // size: keep at most 3 segments' worth
    log.update_config(LogConfig {
        retention_bytes: (one * 6) as i64,
        ..config
    });
    assert_eq!(log.apply_retention(10_000).unwrap(), 2);
    assert_eq!(log.segment_base_offsets(), vec![40, 60, 80]);
    assert_eq!(log.log_start_offset(), 40);
    assert!(!dir.path().join(format!("t-0/{:020}.log", 0)).exists());
    assert!(matches!(
        log.read(10, 100),
        Err(StorageError::OffsetOutOfRange { .. })
    ));
    assert_eq!(decode(&log.read(40, 1 << 20).unwrap().bytes).len(), 60);

    // time: segments whose max timestamp is older than now - retention.ms
    log.update_config(LogConfig {
        retention_ms: 1500,
        ..config
    });
    // segment 40 has max ts 2009, segment 60 has 3009, 80 has 4009
    assert_eq!(log.apply_retention(3600).unwrap(), 1);
    assert_eq!(log.log_start_offset(), 60);
    // everything expired: the active segment goes too, a new one is rolled
    assert_eq!(log.apply_retention(100_000).unwrap(), 2);
    assert_eq!(log.segment_base_offsets(), vec![100]);
    assert_eq!(log.log_start_offset(), 100);
    assert_eq!(log.log_end_offset(), 100);
    assert_eq!(log.append(&mut plain(1, 10, 0)).unwrap().base_offset, 100);
}

#[test]
fn retention_deletes_only_segments_below_the_high_watermark() {
    let dir = tempfile::tempdir().unwrap();
    let one = plain(10, 100, 0).len() as u64;
    let config = LogConfig {
        segment_bytes: one * 2,
        retention_bytes: one as i64,
        ..small_config()
    };
    let log = open(dir.path(), config);
    for _ in 0..10 {
        log.append(&mut plain(10, 100, 0)).unwrap();
    }
    assert_eq!(log.segment_base_offsets(), vec![0, 20, 40, 60, 80]);
    // A leader whose followers have offsets up to 45: segments [0, 20) and [20, 40) may
    // go, [40, 60) may not, whatever retention.bytes says.
    assert!(log.advance_high_watermark(45));
    assert_eq!(log.apply_retention(10_000).unwrap(), 2);
    assert_eq!(log.log_start_offset(), 40);
    assert!(log.advance_high_watermark(100));
    assert_eq!(log.apply_retention(10_000).unwrap(), 2);
    assert_eq!(log.segment_base_offsets(), vec![80]);
}

#[test]
fn reopened_segments_keep_their_timestamps_for_retention_and_lookup() {
    let dir = tempfile::tempdir().unwrap();
    let one = plain(10, 100, 0).len() as u64;
    let config = LogConfig {
        segment_bytes: one * 4,
        index_interval_bytes: 500,
        ..LogConfig::default()
    };
    {
        let log = open(dir.path(), config);
        for i in 0..12i64 {
            // segment k (4 batches) has max timestamp 10_000 * (k + 1) + 9
            log.append(&mut plain(10, 100, 10_000 * (i / 4 + 1)))
                .unwrap();
        }
        log.close().unwrap();
    }
    // trusted reopen: no segment is re-validated
    let log = PartitionLog::open_with_hints(
        dir.path(),
        "t",
        0,
        config,
        OpenHints {
            recovery_point: Some(120),
            log_start_offset: Some(0),
            clean_shutdown: true,
            cleaner_offset: None,
            open_files: None,
        },
    )
    .unwrap();
    assert_eq!(log.log_end_offset(), 120);
    assert_eq!(log.max_timestamp_offset(), Some((30_009, 89)));
    assert_eq!(
        log.offset_for_timestamp(20_005).unwrap(),
        Some((45, 20_005))
    );
    log.update_config(LogConfig {
        retention_ms: 15_000,
        ..config
    });
    assert_eq!(log.apply_retention(35_000).unwrap(), 1);
    assert_eq!(log.log_start_offset(), 40);
    assert_eq!(log.append(&mut plain(1, 1, 0)).unwrap().base_offset, 120);
}

#[test]
fn delete_records_before_moves_log_start() {
    let dir = tempfile::tempdir().unwrap();
    let one = plain(10, 100, 0).len() as u64;
    let config = LogConfig {
        segment_bytes: one * 2,
        ..small_config()
    };
    let log = open(dir.path(), config);
    for _ in 0..6 {
        log.append(&mut plain(10, 100, 0)).unwrap();
    }
    assert_eq!(log.delete_records_before(25).unwrap(), 25);
    assert_eq!(log.segment_base_offsets(), vec![20, 40]);
    assert!(log.read(24, 10).is_err());
    let r = log.read(25, 1).unwrap();
    assert_eq!(headers(&r.bytes)[0].base_offset, 20);
    assert_eq!(log.delete_records_before(10).unwrap(), 25);
    assert!(log.delete_records_before(61).is_err());
}

#[test]
fn flush_policy_advances_recovery_point() {
    let dir = tempfile::tempdir().unwrap();
    let log = open(dir.path(), small_config());
    log.append(&mut plain(3, 10, 0)).unwrap();
    assert_eq!(log.recovery_point(), 0);
    log.flush().unwrap();
    assert_eq!(log.recovery_point(), 3);

    log.update_config(LogConfig {
        flush_interval_messages: 5,
        ..small_config()
    });
    log.append(&mut plain(3, 10, 0)).unwrap();
    assert_eq!(log.recovery_point(), 3);
    log.append(&mut plain(3, 10, 0)).unwrap();
    assert_eq!(log.recovery_point(), 9);

    log.update_config(LogConfig {
        flush_interval_ms: 1000,
        ..small_config()
    });
    log.append(&mut plain(1, 10, 0)).unwrap();
    assert!(!log.maybe_flush(now_ms()).unwrap());
    assert!(log.maybe_flush(now_ms() + 2000).unwrap());
    assert_eq!(log.recovery_point(), 10);
}

/// Retention by size deletes segments without loading them: after a restart every segment is
/// opened lazily, and loading one (its indexes, for its largest timestamp) happens under the
/// lock that appends wait for. Only the first segment kept is loaded, to judge its age.
#[test]
fn retention_by_size_deletes_lazily_opened_segments_without_loading_them() {
    let dir = tempfile::tempdir().unwrap();
    let one = plain(10, 100, 0).len() as u64;
    let config = LogConfig {
        segment_bytes: one * 2,
        ..small_config()
    };
    {
        let log = open(dir.path(), config);
        // Recent records: none is older than retention.ms (7 days).
        for _ in 0..10 {
            log.append(&mut plain(10, 100, now_ms())).unwrap();
        }
        log.close().unwrap();
    }
    let files = OpenFiles::with_capacity(100);
    let log = PartitionLog::open_with_hints(
        dir.path(),
        "t",
        0,
        LogConfig {
            retention_bytes: (one * 4) as i64,
            ..config
        },
        OpenHints {
            recovery_point: Some(100),
            log_start_offset: Some(0),
            clean_shutdown: true,
            open_files: Some(Arc::clone(&files)),
            ..OpenHints::default()
        },
    )
    .unwrap();
    assert_eq!(log.loaded_segments(), 0);
    let opened = files.opened_total();
    assert_eq!(log.apply_retention(now_ms()).unwrap(), 3);
    assert_eq!(log.segment_base_offsets(), vec![60, 80]);
    assert!(
        files.opened_total() - opened <= 3,
        "{} files opened: the deleted segments were loaded",
        files.opened_total() - opened
    );
    assert_eq!(
        log.loaded_segments(),
        1,
        "the first segment kept, for its age"
    );
    assert_eq!(decode(&log.read(60, 1 << 20).unwrap().bytes).len(), 40);
}

/// Kafka's roll schedules a flush of the segment it seals; kt's periodic flush check does it
/// (flush.ms never due, its default): the recovery point reaches the active segment, so a
/// crash recovers that segment only, however many were written since the last `flush.ms`.
#[test]
fn rolled_segments_are_flushed_so_a_crash_recovers_only_the_active_one() {
    let dir = tempfile::tempdir().unwrap();
    let config = LogConfig {
        segment_bytes: 4096,
        ..small_config()
    };
    let log = open(dir.path(), config);
    for i in 0..40 {
        log.append(&mut plain(10, 50, i)).unwrap();
    }
    let bases = log.segment_base_offsets();
    assert!(bases.len() > 3, "{bases:?}");
    let active = *bases.last().unwrap();
    assert_eq!(log.recovery_point(), 0);
    assert!(!log.maybe_flush(now_ms()).unwrap(), "flush.ms is not due");
    assert_eq!(
        log.recovery_point(),
        active,
        "flushed up to the active segment"
    );
    // Nothing was rolled since: the active segment stays unflushed until flush.ms.
    log.maybe_flush(now_ms()).unwrap();
    assert_eq!(log.recovery_point(), active);
    let end = log.log_end_offset();
    drop(log);

    // kill -9: no clean shutdown, the checkpoint holds the recovery point.
    let hints = OpenHints {
        recovery_point: Some(active),
        ..OpenHints::default()
    };
    let log = PartitionLog::open_with_hints(dir.path(), "t", 0, config, hints).unwrap();
    assert_eq!(log.recovered_from(), Some(active));
    assert_eq!(log.log_end_offset(), end);
}

/// Appends `n` batches of `records` records; returns their sizes.
fn fill(log: &PartitionLog, n: usize, records: usize) -> Vec<usize> {
    (0..n)
        .map(|i| {
            let mut b = plain(records, 50, i as i64 * 100);
            log.append(&mut b).unwrap();
            b.len()
        })
        .collect()
}

#[test]
fn torn_tail_is_cut_on_recovery() {
    let dir = tempfile::tempdir().unwrap();
    let sizes = {
        let log = open(dir.path(), small_config());
        fill(&log, 10, 4)
    };
    let file = dir.path().join(format!("t-0/{:020}.log", 0));
    let full: usize = sizes.iter().sum();
    let nine: usize = sizes[..9].iter().sum();
    let f = fs::OpenOptions::new().write(true).open(&file).unwrap();
    f.set_len((nine + 30) as u64).unwrap();
    drop(f);

    let log = open(dir.path(), small_config());
    assert_eq!(log.log_end_offset(), 36);
    assert_eq!(fs::metadata(&file).unwrap().len() as usize, nine);
    assert!(full > nine);
    let recs = decode(&log.read(0, 1 << 20).unwrap().bytes);
    assert_eq!(recs.len(), 36);
    assert_eq!(log.append(&mut plain(2, 10, 0)).unwrap().base_offset, 36);
    assert_eq!(
        decode(&log.read(30, 1 << 20).unwrap().bytes)
            .last()
            .unwrap()
            .0,
        37
    );
}

#[test]
fn corrupt_byte_mid_segment_is_detected_on_recovery() {
    let dir = tempfile::tempdir().unwrap();
    let sizes = {
        let log = open(dir.path(), small_config());
        fill(&log, 10, 4)
    };
    let file = dir.path().join(format!("t-0/{:020}.log", 0));
    let mut data = fs::read(&file).unwrap();
    let fifth: usize = sizes[..5].iter().sum();
    data[fifth + 70] ^= 0x55; // inside the records of batch 5 (offsets 20..24)
    fs::write(&file, &data).unwrap();

    let log = open(dir.path(), small_config());
    assert_eq!(log.log_end_offset(), 20);
    assert_eq!(fs::metadata(&file).unwrap().len() as usize, fifth);
    assert_eq!(decode(&log.read(0, 1 << 20).unwrap().bytes).len(), 20);
}

#[test]
fn recovery_reports_the_damaged_batch_with_its_offset_and_cause() {
    let dir = tempfile::tempdir().unwrap();
    let sizes = {
        let log = open(dir.path(), small_config());
        fill(&log, 10, 4)
    };
    let file = dir.path().join(format!("t-0/{:020}.log", 0));
    let mut data = fs::read(&file).unwrap();
    let fifth: usize = sizes[..5].iter().sum();
    data[fifth + 70] ^= 0x55; // inside the records of batch 5 (offsets 20..24)
    fs::write(&file, &data).unwrap();

    let (seg, cut) = Segment::open(
        OpenFiles::shared(),
        &dir.path().join("t-0"),
        0,
        &small_config(),
        true,
        0,
    )
    .unwrap();
    let cut = cut.expect("the damaged batch is cut");
    assert_eq!(seg.next_offset, 20);
    assert_eq!(
        (cut.position, cut.bytes),
        (fifth as u64, (data.len() - fifth) as u64)
    );
    assert_eq!((cut.cause.offset, cut.cause.position), (20, fifth as u64));
    assert!(
        matches!(cut.cause.cause, StorageError::CrcMismatch { .. }),
        "{}",
        cut.cause
    );
    assert!(cut.cause.to_string().starts_with(&format!(
        "corrupt record batch at offset 20 (byte position {fifth}): record batch CRC mismatch"
    )));
}

#[test]
fn recovery_drops_segments_after_a_corrupt_one() {
    let dir = tempfile::tempdir().unwrap();
    let one = plain(4, 50, 0).len() as u64;
    let config = LogConfig {
        segment_bytes: one * 3,
        ..small_config()
    };
    {
        let log = open(dir.path(), config);
        fill(&log, 9, 4);
        assert_eq!(log.segment_base_offsets(), vec![0, 12, 24]);
    }
    let file = dir.path().join(format!("t-0/{:020}.log", 12));
    let mut data = fs::read(&file).unwrap();
    data[(one + 65) as usize] ^= 1;
    fs::write(&file, &data).unwrap();
    // recovery point 0: every segment is validated
    let log = PartitionLog::open(dir.path(), "t", 0, config, Some(0), None).unwrap();
    assert_eq!(log.segment_base_offsets(), vec![0, 12]);
    assert_eq!(log.log_end_offset(), 16);
    assert!(!dir.path().join(format!("t-0/{:020}.log", 24)).exists());
}

#[test]
fn missing_or_corrupt_indexes_are_rebuilt() {
    let dir = tempfile::tempdir().unwrap();
    let one = plain(4, 50, 0).len() as u64;
    let config = LogConfig {
        segment_bytes: one * 20,
        index_interval_bytes: 100,
        ..LogConfig::default()
    };
    let original = {
        let log = open(dir.path(), config);
        fill(&log, 50, 4);
        log.close().unwrap();
        log.read(0, 1 << 20).unwrap().bytes
    };
    let idx0 = dir.path().join(format!("t-0/{:020}.index", 0));
    let tidx0 = dir.path().join(format!("t-0/{:020}.timeindex", 0));
    let good_index = fs::read(&idx0).unwrap();
    let good_time = fs::read(&tidx0).unwrap();
    assert!(!good_index.is_empty() && good_index.len().is_multiple_of(8));
    assert!(!good_time.is_empty() && good_time.len().is_multiple_of(12));
    fs::remove_file(&idx0).unwrap();
    fs::write(&tidx0, [7u8; 30]).unwrap();

    let log = PartitionLog::open(dir.path(), "t", 0, config, Some(200), None).unwrap();
    // The trusted segment is loaded (and its indexes rebuilt) by its first read.
    assert_eq!(log.read(0, 1 << 20).unwrap().bytes, original);
    assert_eq!(fs::read(&idx0).unwrap(), good_index);
    // the rebuilt time index lacks only the final entry added at roll
    let rebuilt = fs::read(&tidx0).unwrap();
    assert_eq!(&good_time[..rebuilt.len()], &rebuilt[..]);
    for o in 0..200 {
        let h = headers(&log.read(o, 1).unwrap().bytes)[0];
        assert!(h.base_offset <= o && o <= h.last_offset());
    }
}

#[test]
fn a_lost_index_of_a_trusted_segment_is_rebuilt() {
    let dir = tempfile::tempdir().unwrap();
    let one = plain(4, 50, 0).len() as u64;
    let config = LogConfig {
        segment_bytes: one * 20,
        index_interval_bytes: 100,
        ..LogConfig::default()
    };
    {
        let log = open(dir.path(), config);
        fill(&log, 50, 4);
        log.close().unwrap();
    }
    for base in [0i64, 80] {
        let idx = dir.path().join(format!("t-0/{base:020}.index"));
        let good = fs::read(&idx).unwrap();
        assert!(!good.is_empty());
        // lost entirely
        // (a trusted segment is loaded, and its index rebuilt, by its first read)
        fs::remove_file(&idx).unwrap();
        let log = PartitionLog::open(dir.path(), "t", 0, config, Some(200), None).unwrap();
        log.read(base, 1).unwrap();
        drop(log);
        assert_eq!(fs::read(&idx).unwrap(), good);
        // stale: only the first entry survived
        fs::write(&idx, &good[..8]).unwrap();
        let log = PartitionLog::open(dir.path(), "t", 0, config, Some(200), None).unwrap();
        log.read(base, 1).unwrap();
        drop(log);
        assert_eq!(fs::read(&idx).unwrap(), good);
    }
}

#[test]
fn index_entries_follow_kafka_rules() {
    let dir = tempfile::tempdir().unwrap();
    let log = open(dir.path(), small_config());
    let sizes = fill(&log, 20, 3);
    let idx = fs::read(dir.path().join(format!("t-0/{:020}.index", 0))).unwrap();
    // each entry: last offset of the batch starting at the position
    let r = log.read(0, 1 << 20).unwrap();
    let mut starts = vec![0usize];
    for s in &sizes {
        starts.push(starts.last().unwrap() + s);
    }
    assert!(!idx.is_empty());
    for e in idx.chunks(8) {
        let rel = u32::from_be_bytes(e[..4].try_into().unwrap()) as usize;
        let pos = u32::from_be_bytes(e[4..].try_into().unwrap()) as usize;
        let h = validate_batch(&r.bytes[pos..]).unwrap();
        assert_eq!(h.last_offset() as usize, rel);
        assert!(starts.contains(&pos));
    }
    let state = log.lock();
    assert_eq!(state.segments[0].offset_index.len(), idx.len() / 8);
}

#[test]
fn concurrent_appends_and_reads() {
    let dir = tempfile::tempdir().unwrap();
    let log = Arc::new(open(
        dir.path(),
        LogConfig {
            segment_bytes: 20_000,
            ..small_config()
        },
    ));
    let writers: Vec<_> = (0..3)
        .map(|_| {
            let log = Arc::clone(&log);
            std::thread::spawn(move || {
                for _ in 0..100 {
                    log.append(&mut plain(3, 40, 0)).unwrap();
                }
            })
        })
        .collect();
    let reader = {
        let log = Arc::clone(&log);
        std::thread::spawn(move || {
            let mut next = 0;
            while next < 900 {
                let r = log.read(next, 5000).unwrap();
                if let Some(last) = decode(&r.bytes).last() {
                    next = last.0 + 1;
                }
            }
        })
    };
    for w in writers {
        w.join().unwrap();
    }
    reader.join().unwrap();
    let all = decode(&log.read(0, 1 << 20).unwrap().bytes);
    assert_eq!(
        all.iter().map(|r| r.0).collect::<Vec<_>>(),
        (0..900).collect::<Vec<_>>()
    );
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 24,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    /// For random batch sizes, every offset reads back starting at the batch
    /// holding it, before and after a reopen (index rebuild).
    #[test]
    fn every_offset_reads_from_its_batch(
        batches in proptest::collection::vec((1usize..12, 1usize..200), 1..40),
        interval in 1u64..600,
        seg_batches in 2u64..8,
    ) {
        let dir = tempfile::tempdir().unwrap();
        let config = LogConfig {
            segment_bytes: 3000 + seg_batches * 800,
            index_interval_bytes: interval,
            ..LogConfig::default()
        };
        let mut bounds = Vec::new();
        {
            let log = open(dir.path(), config);
            for (n, len) in &batches {
                let info = log.append(&mut plain(*n, *len, 0)).unwrap();
                bounds.push((info.base_offset, info.last_offset));
            }
            let leo = bounds.last().unwrap().1 + 1;
            for check in 0..2 {
                for &(base, last) in &bounds {
                    for o in base..=last {
                        let r = log.read(o, 1).unwrap();
                        let h = headers(&r.bytes);
                        prop_assert_eq!(h.len(), 1);
                        prop_assert_eq!(h[0].base_offset, base, "offset {} pass {}", o, check);
                    }
                }
                prop_assert!(log.read(leo, 1).unwrap().bytes.is_empty());
                let all = decode(&log.read(0, usize::MAX).unwrap().bytes);
                prop_assert_eq!(all.len() as i64, leo);
            }
        }
        // reopen with full recovery
        let log = PartitionLog::open(dir.path(), "t", 0, config, Some(0), None).unwrap();
        for &(base, last) in &bounds {
            for o in [base, last] {
                let h = headers(&log.read(o, 1).unwrap().bytes);
                prop_assert_eq!(h[0].base_offset, base);
            }
        }
    }

    /// For random batches over several segments, a read from any offset with any byte
    /// budget is the longest run of whole batches that starts with the batch holding the
    /// offset and fits the budget (at least that batch), and the file ranges of
    /// `read_regions` hold exactly those bytes, one range per segment touched.
    #[test]
    fn reads_take_the_whole_batches_that_fit(
        batches in proptest::collection::vec((1usize..6, 1usize..300), 1..30),
        seg_batches in 1u64..6,
        pick in 0.0f64..1.0,
        budget in 0usize..6000,
    ) {
        let dir = tempfile::tempdir().unwrap();
        let config = LogConfig {
            segment_bytes: 1700 * seg_batches,
            index_interval_bytes: 200,
            ..LogConfig::default()
        };
        let log = open(dir.path(), config);
        let mut stored = Vec::new(); // (base, last, size)
        for (n, len) in &batches {
            let mut b = plain(*n, *len, 0);
            let size = b.len();
            let info = log.append(&mut b).unwrap();
            stored.push((info.base_offset, info.last_offset, size));
        }
        let leo = stored.last().unwrap().1 + 1;
        let offset = ((leo as f64) * pick) as i64;
        let first = stored.iter().position(|&(_, last, _)| last >= offset).unwrap();
        let mut want = vec![stored[first].0];
        let mut total = stored[first].2;
        for &(base, _, size) in &stored[first + 1..] {
            if total + size > budget {
                break;
            }
            total += size;
            want.push(base);
        }
        let read = log.read(offset, budget).unwrap();
        prop_assert_eq!(read.bytes.len(), total);
        let got: Vec<i64> = headers(&read.bytes).iter().map(|h| h.base_offset).collect();
        prop_assert_eq!(&got, &want);

        let regions = log.read_regions(offset, budget, true).unwrap();
        prop_assert_eq!(regions.len, total);
        prop_assert!(regions.regions.len() <= log.segment_base_offsets().len());
        let mut bytes = Vec::new();
        for r in &regions.regions {
            let mut part = vec![0u8; r.len];
            std::os::unix::fs::FileExt::read_exact_at(&*r.file, &mut part, r.position).unwrap();
            bytes.extend_from_slice(&part);
        }
        prop_assert_eq!(&bytes[..], &read.bytes[..]);
        // Without min_one_batch, a first batch over the budget gives nothing.
        let strict = log.read_with(offset, budget, false).unwrap();
        if stored[first].2 > budget {
            prop_assert!(strict.bytes.is_empty());
        } else {
            prop_assert_eq!(strict.bytes, read.bytes);
        }
    }

    /// Cutting the log file anywhere keeps exactly the batches wholly
    /// before the cut, and appends continue right after them.
    #[test]
    fn torn_tail_anywhere_keeps_whole_batches(
        batches in proptest::collection::vec((1usize..8, 1usize..100), 1..20),
        cut_frac in 0.0f64..1.0,
    ) {
        let dir = tempfile::tempdir().unwrap();
        let mut ends = Vec::new();
        {
            let log = open(dir.path(), small_config());
            let mut pos = 0;
            for (n, len) in &batches {
                let mut b = plain(*n, *len, 0);
                let info = log.append(&mut b).unwrap();
                pos += b.len() as u64;
                ends.push((pos, info.last_offset + 1));
            }
        }
        let total = ends.last().unwrap().0;
        let cut = (total as f64 * cut_frac) as u64;
        let file = dir.path().join(format!("t-0/{:020}.log", 0));
        fs::OpenOptions::new().write(true).open(&file).unwrap().set_len(cut).unwrap();
        let (kept_bytes, leo) = ends
            .iter()
            .copied()
            .take_while(|&(end, _)| end <= cut)
            .last()
            .unwrap_or((0, 0));
        let log = open(dir.path(), small_config());
        prop_assert_eq!(log.log_end_offset(), leo);
        prop_assert_eq!(fs::metadata(&file).unwrap().len(), kept_bytes);
        let read = log.read(0, usize::MAX).unwrap();
        prop_assert_eq!(read.bytes.len() as u64, kept_bytes);
        prop_assert_eq!(decode(&read.bytes).len() as i64, leo);
        prop_assert_eq!(log.append(&mut plain(1, 5, 0)).unwrap().base_offset, leo);
    }
}

/// Rough cost of the produce path: 1M records of 100 bytes in batches of
/// 5000. Run with `cargo test --release -- --ignored append_throughput --nocapture`.
#[test]
#[ignore]
fn append_throughput() {
    let dir = tempfile::tempdir().unwrap();
    let log = open(dir.path(), LogConfig::default());
    let template = plain(5000, 100, 0);
    let mut batches: Vec<BytesMut> = (0..200).map(|_| template.clone()).collect();
    let start = std::time::Instant::now();
    for b in &mut batches {
        log.append(b).unwrap();
    }
    let took = start.elapsed();
    let shared_dir = tempfile::tempdir().unwrap();
    let shared = open(shared_dir.path(), LogConfig::default());
    let frozen = template.clone().freeze();
    let shared_start = std::time::Instant::now();
    for _ in 0..200 {
        shared.append_shared(&frozen).unwrap();
    }
    println!("append_shared: 1M records in {:?}", shared_start.elapsed());
    let read_start = std::time::Instant::now();
    let mut next = 0;
    let mut bytes = 0;
    while next < log.log_end_offset() {
        let r = log.read(next, 1 << 20).unwrap();
        bytes += r.bytes.len();
        let mut at = 0;
        while at < r.bytes.len() {
            let h = BatchHeader::parse(&r.bytes[at..]).unwrap();
            next = h.next_offset();
            at += h.total_size();
        }
    }
    println!(
        "append: 1M records, {} MB in {:?}; read back {} MB in {:?}",
        template.len() * 200 / 1_000_000,
        took,
        bytes / 1_000_000,
        read_start.elapsed()
    );
    assert_eq!(log.log_end_offset(), 1_000_000);
}

/// Writes a sample log (several segments, every codec, LogAppendTime
/// batches) into `$KT_SAMPLE_LOG_DIR` for checking with Kafka's own record
/// classes (`org.apache.kafka.common.record.FileRecords`). Run with
/// `KT_SAMPLE_LOG_DIR=/some/dir cargo test -- --ignored write_sample_log`.
#[test]
#[ignore]
fn write_sample_log() {
    let Some(out) = std::env::var_os("KT_SAMPLE_LOG_DIR") else {
        return;
    };
    let out = PathBuf::from(out);
    let config = LogConfig {
        segment_bytes: 20_000,
        ..LogConfig::default()
    };
    let log = PartitionLog::open(&out, "sample-topic", 0, config, None, None).unwrap();
    let codecs = [
        Compression::None,
        Compression::Gzip,
        Compression::Snappy,
        Compression::Lz4,
        Compression::Zstd,
    ];
    for i in 0..60i64 {
        if i == 30 {
            log.update_config(LogConfig {
                message_timestamp_type: TimestampType::LogAppendTime,
                ..config
            });
        }
        let c = codecs[i as usize % codecs.len()];
        log.append(&mut batch(
            1 + (i as usize % 17),
            120,
            1_700_000_000_000 + i * 1000,
            c,
        ))
        .unwrap();
    }
    log.close().unwrap();
    println!("{} segments", log.segment_base_offsets().len());
}
