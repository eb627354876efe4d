//! Tests of the cap on open segment files (`open_files`) through `PartitionLog`: more
//! partitions than the cap are written, read, flushed, rolled, cleaned up and reopened while
//! the cache never holds more descriptors than its cap.

use super::*;
use crate::batch::test_util::plain;
use crate::open_files::OpenFiles;

const CAP: usize = 16;

fn open_capped(dir: &Path, partition: i32, files: &Arc<OpenFiles>, clean: bool) -> PartitionLog {
    open_hinted(dir, partition, files, clean, None)
}

/// [`open_capped`] with the recovery point a restart would read, if any.
fn open_hinted(
    dir: &Path,
    partition: i32,
    files: &Arc<OpenFiles>,
    clean: bool,
    recovery_point: Option<i64>,
) -> PartitionLog {
    let hints = OpenHints {
        open_files: Some(Arc::clone(files)),
        clean_shutdown: clean,
        recovery_point,
        ..OpenHints::default()
    };
    let config = LogConfig {
        segment_bytes: 4096,
        index_interval_bytes: 256,
        ..LogConfig::default()
    };
    PartitionLog::open_with_hints(dir, "t", partition, config, hints).unwrap()
}

fn records_in(log: &PartitionLog) -> usize {
    let mut count = 0;
    let mut at = log.log_start_offset();
    while at < log.log_end_offset() {
        let slice = log.read(at, 1 << 20).unwrap();
        let mut pos = 0;
        while pos < slice.bytes.len() {
            let h = validate_batch(&slice.bytes[pos..]).unwrap();
            pos += h.total_size();
            count += h.record_count as usize;
            at = h.next_offset();
        }
    }
    count
}

#[test]
fn more_partitions_than_the_cap_are_written_read_and_reopened_within_it() {
    let dir = tempfile::tempdir().unwrap();
    let files = OpenFiles::with_capacity(CAP);
    let partitions = 3 * CAP as i32; // three files each: nine times the cap in all
    let logs: Vec<PartitionLog> = (0..partitions)
        .map(|p| {
            let log = open_capped(dir.path(), p, &files, false);
            assert!(files.open_count() <= CAP);
            log
        })
        .collect();
    // Round-robin appends across every partition, enough to roll segments and write index
    // entries, reading back now and then: every step reopens files the others closed.
    for round in 0..20 {
        for log in &logs {
            log.append(&mut plain(5, 60, round * 10)).unwrap();
            assert!(files.open_count() <= CAP, "{} open", files.open_count());
            if round % 7 == 0 {
                assert!(!log.read(0, 1 << 16).unwrap().bytes.is_empty());
            }
        }
    }
    for log in &logs {
        assert_eq!(log.log_end_offset(), 100);
        assert!(log.segment_base_offsets().len() > 1, "segments rolled");
        assert_eq!(records_in(log), 100);
        assert!(log.offset_for_timestamp(95).unwrap().is_some());
        log.flush().unwrap();
        assert_eq!(log.recovery_point(), 100);
        assert!(files.open_count() <= CAP);
    }
    for log in &logs {
        log.close().unwrap();
    }
    drop(logs);
    assert_eq!(
        files.open_count(),
        0,
        "a dropped log forgets its descriptors"
    );

    // A restart after a crash recovers every log (each segment after the recovery point is
    // read whole) within the cap, and finds every record.
    let logs: Vec<PartitionLog> = (0..partitions)
        .map(|p| open_capped(dir.path(), p, &files, false))
        .collect();
    assert!(files.open_count() <= CAP);
    for log in &logs {
        assert_eq!(log.log_end_offset(), 100);
        assert_eq!(records_in(log), 100);
        assert!(files.open_count() <= CAP);
    }
}

#[test]
fn a_partition_nobody_uses_holds_no_descriptor_and_reopens_only_what_it_needs() {
    let dir = tempfile::tempdir().unwrap();
    let files = OpenFiles::with_capacity(CAP);
    let idle = open_capped(dir.path(), 0, &files, false);
    idle.append(&mut plain(3, 10, 0)).unwrap();
    idle.flush().unwrap();
    // Other partitions' traffic closes the idle one's three files.
    let busy: Vec<PartitionLog> = (1..=CAP as i32)
        .map(|p| {
            let log = open_capped(dir.path(), p, &files, false);
            log.append(&mut plain(1, 10, 0)).unwrap();
            log
        })
        .collect();
    assert_eq!(files.open_count(), CAP);
    let opened = files.opened_total();
    // A read needs the `.log` alone: one file is opened again, not three.
    assert_eq!(records_in(&idle), 3);
    assert_eq!(files.opened_total(), opened + 1);
    // An append that adds no index entry also needs only the `.log`, already open now.
    idle.append(&mut plain(1, 10, 0)).unwrap();
    assert_eq!(files.opened_total(), opened + 1);
    assert_eq!(idle.log_end_offset(), 4);
    drop(busy);
}

#[test]
fn retention_and_truncation_work_on_closed_files() {
    let dir = tempfile::tempdir().unwrap();
    let files = OpenFiles::with_capacity(CAP);
    let log = open_capped(dir.path(), 0, &files, false);
    for i in 0..40 {
        log.append(&mut plain(5, 60, i)).unwrap();
    }
    let segments = log.segment_base_offsets().len();
    assert!(segments > 3);
    files.close_all();
    let truncated = log.truncate_to(150).unwrap().unwrap();
    assert_eq!(truncated.end, 150);
    files.close_all();
    assert_eq!(log.delete_records_before(60).unwrap(), 60);
    files.close_all();
    log.update_config(LogConfig {
        retention_bytes: 1,
        segment_bytes: 4096,
        ..LogConfig::default()
    });
    assert!(log.apply_retention(now_ms()).unwrap() > 0);
    assert_eq!(log.segment_base_offsets().len(), 1);
    files.close_all();
    assert_eq!(log.append(&mut plain(1, 10, 0)).unwrap().base_offset, 150);
    assert!(files.open_count() <= CAP);
}

/// Opens partition `partition` as a restart does, with the recovery point from the checkpoint.
fn reopen(
    dir: &Path,
    partition: i32,
    files: &Arc<OpenFiles>,
    clean: bool,
    rp: i64,
) -> PartitionLog {
    open_hinted(dir, partition, files, clean, Some(rp))
}

/// Writes `partitions` logs of 100 records in several segments, flushed and closed.
fn write_closed(dir: &Path, partitions: i32) {
    let files = OpenFiles::with_capacity(CAP);
    for p in 0..partitions {
        let log = open_capped(dir, p, &files, false);
        for i in 0..20 {
            log.append(&mut plain(5, 60, i * 10)).unwrap();
        }
        log.flush().unwrap();
        log.close().unwrap();
        assert!(log.segment_base_offsets().len() > 2, "segments rolled");
    }
}

#[test]
fn a_clean_restart_opens_no_segment_file_until_a_partition_is_read_or_written() {
    let dir = tempfile::tempdir().unwrap();
    let partitions = 8;
    write_closed(dir.path(), partitions);
    let files = OpenFiles::with_capacity(1024);
    let logs: Vec<PartitionLog> = (0..partitions)
        .map(|p| reopen(dir.path(), p, &files, true, 100))
        .collect();
    // Offsets, sizes and segments are known without opening a single segment file.
    assert_eq!(files.opened_total(), 0, "no .log/.index/.timeindex opened");
    for log in &logs {
        assert_eq!(log.log_end_offset(), 100);
        assert!(log.size_in_bytes() > 0);
        assert!(log.segment_base_offsets().len() > 2);
        assert_eq!(log.loaded_segments(), 0);
    }
    // A read in the middle loads that one segment (its log and its two indexes); the read
    // may go on into the later segments, whose `.log` files alone are opened.
    let slice = logs[1].read(42, 1).unwrap();
    let first = validate_batch(&slice.bytes).unwrap();
    assert!(
        first.base_offset <= 42 && 42 <= first.last_offset(),
        "{first:?}"
    );
    let bases = logs[1].segment_base_offsets();
    let later = bases.iter().filter(|&&b| b > 42).count() as u64;
    assert_eq!(files.opened_total(), 3 + later);
    assert_eq!(logs[1].loaded_segments(), 1);
    // Every record is there, and an append continues at the log end.
    assert_eq!(records_in(&logs[0]), 100);
    assert_eq!(
        logs[2].append(&mut plain(1, 10, 0)).unwrap().base_offset,
        100
    );
    assert_eq!(records_in(&logs[2]), 101);
    assert_eq!(logs[3].offset_for_timestamp(95).unwrap(), Some((50, 100)));
    assert_eq!(logs[4].max_timestamp_offset().map(|(ts, _)| ts), Some(194));
    // The partitions nobody used are still unopened.
    for log in &logs[5..] {
        assert_eq!(log.loaded_segments(), 0);
    }
    for log in &logs {
        log.flush().unwrap();
        log.close().unwrap();
    }
    drop(logs);
    let again = reopen(dir.path(), 2, &files, true, 101);
    assert_eq!(again.log_end_offset(), 101);
    assert_eq!(records_in(&again), 101);
}

#[test]
fn after_a_crash_only_the_segments_past_the_recovery_point_are_opened() {
    let dir = tempfile::tempdir().unwrap();
    write_closed(dir.path(), 1);
    let files = OpenFiles::with_capacity(1024);
    // The recovery point inside the active segment: the closed segments below it are
    // trusted and left unopened; the active one is recovered (read whole).
    let log = reopen(dir.path(), 0, &files, false, 99);
    assert_eq!(log.loaded_segments(), 1);
    assert_eq!(files.opened_total(), 3, "the active segment's three files");
    assert_eq!(log.log_end_offset(), 100);
    assert_eq!(records_in(&log), 100);
}

#[test]
fn after_a_crash_a_log_missing_from_the_checkpoint_is_recovered_whole() {
    let dir = tempfile::tempdir().unwrap();
    write_closed(dir.path(), 1);
    let files = OpenFiles::with_capacity(1024);
    // Created after the recovery-point checkpoint was last written: nothing of it is known
    // synced, so every segment is walked, as Kafka's recovery point defaults to 0.
    let log = open_hinted(dir.path(), 0, &files, false, None);
    assert_eq!(log.recovered_from(), Some(0));
    assert_eq!(log.loaded_segments(), log.segment_base_offsets().len());
    assert_eq!(records_in(&log), 100);
}
