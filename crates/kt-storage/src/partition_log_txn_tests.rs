//! Tests of the transaction files beside a partition log: producer-state snapshots (which
//! one a restart loads, corrupt ones discarded, deleted with their segments or past a
//! truncation) and `.txnindex` files (reset by recovery, deleted with their segment).

use super::*;
use crate::batch::test_util::plain;
use crate::producer_snapshot::{snapshot_file, ProducerSnapshotEntry};

fn config() -> LogConfig {
    LogConfig {
        segment_bytes: 1 << 20,
        index_interval_bytes: 256,
        ..LogConfig::default()
    }
}

fn entry(pid: i64, last_offset: i64) -> ProducerSnapshotEntry {
    ProducerSnapshotEntry {
        producer_id: pid,
        epoch: 1,
        last_sequence: 4,
        last_offset,
        offset_delta: 4,
        timestamp: 10,
        coordinator_epoch: -1,
        current_txn_first_offset: -1,
    }
}

/// A log of four batches of 5 records: offsets 0 to 19.
fn twenty_records(dir: &Path) -> PartitionLog {
    let log = PartitionLog::open(dir, "t", 0, config(), None, None).unwrap();
    for _ in 0..4 {
        log.append(&mut plain(5, 10, 1000)).unwrap();
    }
    log
}

fn aborted(last_offset: i64) -> AbortedTxnEntry {
    AbortedTxnEntry {
        producer_id: 9,
        first_offset: last_offset - 1,
        last_offset,
        last_stable_offset: last_offset + 1,
    }
}

#[test]
fn the_newest_snapshot_is_loaded_and_a_corrupt_one_is_discarded() {
    let dir = tempfile::tempdir().unwrap();
    let log = twenty_records(dir.path());
    assert_eq!(log.latest_producer_snapshot().unwrap(), None);
    log.write_producer_snapshot(5, &[entry(7, 4)], false)
        .unwrap();
    log.write_producer_snapshot(15, &[entry(7, 14)], false)
        .unwrap();
    // Past the log end: never loaded.
    log.write_producer_snapshot(50, &[entry(7, 49)], false)
        .unwrap();
    assert_eq!(
        log.latest_producer_snapshot().unwrap(),
        Some((15, vec![entry(7, 14)]))
    );
    // A torn newest snapshot is deleted and the older one taken.
    let newest = snapshot_file(&log.dir(), 15);
    let bytes = fs::read(&newest).unwrap();
    fs::write(&newest, &bytes[..bytes.len() - 5]).unwrap();
    assert_eq!(
        log.latest_producer_snapshot().unwrap(),
        Some((5, vec![entry(7, 4)]))
    );
    assert!(!newest.exists());
    drop(log);
    // Reopened after a clean shutdown: the snapshot past the log end is gone.
    let hints = OpenHints {
        recovery_point: Some(20),
        clean_shutdown: true,
        ..OpenHints::default()
    };
    let log = PartitionLog::open_with_hints(dir.path(), "t", 0, config(), hints).unwrap();
    assert!(!snapshot_file(&log.dir(), 50).exists());
    assert_eq!(log.latest_producer_snapshot().unwrap().unwrap().0, 5);
    // Replaying from a snapshot starts at the batch holding its offset.
    let mut from_5 = Vec::new();
    log.for_each_batch_header_from(5, |h| {
        from_5.push(h.base_offset);
        Ok(())
    })
    .unwrap();
    assert_eq!(from_5, vec![5, 10, 15]);
}

#[test]
fn recovery_resets_the_txnindex_of_the_segments_it_walks_and_snapshots_below_them_are_used() {
    let dir = tempfile::tempdir().unwrap();
    let log = PartitionLog::open(dir.path(), "t", 0, config(), None, None).unwrap();
    log.append(&mut plain(5, 10, 1000)).unwrap();
    log.append_aborted_txn(&aborted(3)).unwrap();
    log.force_roll().unwrap();
    log.write_producer_snapshot(5, &[entry(7, 4)], false)
        .unwrap();
    log.append(&mut plain(5, 10, 1000)).unwrap();
    log.append_aborted_txn(&aborted(8)).unwrap();
    log.write_producer_snapshot(10, &[entry(7, 9)], false)
        .unwrap();
    drop(log);
    // An unclean shutdown with the recovery point in the second segment: that segment is
    // recovered, its `.txnindex` reset (the producer-state replay rebuilds it), and the
    // snapshot loaded is the one at its base, not the newer one above the recovery.
    let hints = OpenHints {
        recovery_point: Some(7),
        ..OpenHints::default()
    };
    let log = PartitionLog::open_with_hints(dir.path(), "t", 0, config(), hints).unwrap();
    assert_eq!(log.recovered_from(), Some(5));
    assert_eq!(log.aborted_txns().unwrap(), vec![aborted(3)]);
    assert_eq!(log.latest_producer_snapshot().unwrap().unwrap().0, 5);
    drop(log);
    // After a clean shutdown nothing is walked: the newest snapshot is taken.
    let hints = OpenHints {
        recovery_point: Some(10),
        clean_shutdown: true,
        ..OpenHints::default()
    };
    let log = PartitionLog::open_with_hints(dir.path(), "t", 0, config(), hints).unwrap();
    assert_eq!(log.recovered_from(), None);
    assert_eq!(log.latest_producer_snapshot().unwrap().unwrap().0, 10);
}

#[test]
fn txnindex_and_snapshots_go_with_their_segments() {
    let dir = tempfile::tempdir().unwrap();
    let log = PartitionLog::open(dir.path(), "t", 0, config(), None, None).unwrap();
    log.append(&mut plain(5, 10, 1000)).unwrap();
    log.append_aborted_txn(&aborted(3)).unwrap();
    log.write_producer_snapshot(0, &[], false).unwrap();
    log.force_roll().unwrap();
    log.write_producer_snapshot(5, &[entry(7, 4)], false)
        .unwrap();
    log.append(&mut plain(5, 10, 1000)).unwrap();
    log.force_roll().unwrap();
    log.write_producer_snapshot(10, &[entry(7, 9)], false)
        .unwrap();
    log.append(&mut plain(5, 10, 1000)).unwrap();
    log.append_aborted_txn(&aborted(13)).unwrap();
    // DeleteRecords past the first segment deletes it with its `.txnindex` and snapshot.
    log.delete_records_before(6).unwrap();
    assert!(!segment_file(&log.dir(), 0, TXN_INDEX_SUFFIX).exists());
    assert!(!snapshot_file(&log.dir(), 0).exists());
    assert!(snapshot_file(&log.dir(), 5).exists());
    // A truncation drops the snapshots past the new end and the cut segments' indexes.
    log.truncate_to(7).unwrap();
    assert!(!snapshot_file(&log.dir(), 10).exists());
    assert!(!segment_file(&log.dir(), 10, TXN_INDEX_SUFFIX).exists());
    assert!(snapshot_file(&log.dir(), 5).exists());
    assert_eq!(log.aborted_txns().unwrap(), vec![]);
}

#[test]
fn a_snapshot_written_at_a_roll_is_fsynced_by_the_flush_that_passes_it() {
    let dir = tempfile::tempdir().unwrap();
    let log = twenty_records(dir.path());
    // As the broker at a roll (offset 10) and at a later one (offset 30, past the log end
    // here): written without an fsync, and the directory marked for one.
    log.write_producer_snapshot(10, &[entry(7, 9)], false)
        .unwrap();
    log.write_producer_snapshot(30, &[entry(7, 29)], false)
        .unwrap();
    assert_eq!(log.lock().unsynced_snapshots, vec![10, 30]);
    assert!(log.lock().dir_dirty);
    // The flush up to 15 takes the recovery point past 10 only: 30 waits for its own.
    log.flush_to(Some(15)).unwrap();
    assert_eq!(log.lock().unsynced_snapshots, vec![30]);
    assert!(!log.lock().dir_dirty);
    // One deleted meanwhile (a truncation below it) is no error for the flush.
    fs::remove_file(snapshot_file(&log.dir(), 30)).unwrap();
    log.append(&mut plain(20, 10, 1000)).unwrap();
    log.flush().unwrap();
    assert!(log.lock().unsynced_snapshots.is_empty());
    // A snapshot fsynced when written (clean shutdown) is not queued again, but its
    // directory entry is synced by a flush with no record left to flush.
    log.write_producer_snapshot(40, &[entry(7, 39)], true)
        .unwrap();
    assert!(log.lock().unsynced_snapshots.is_empty());
    assert!(log.lock().dir_dirty);
    let rp = log.lock().recovery_point;
    log.flush().unwrap();
    assert!(!log.lock().dir_dirty);
    // One queued after a flush had passed its offset (a roll's flush that ran between the
    // snapshot's write and its queueing) is synced by the next flush, with no record left.
    log.write_producer_snapshot(rp, &[entry(7, rp - 1)], false)
        .unwrap();
    log.flush().unwrap();
    assert!(log.lock().unsynced_snapshots.is_empty());
    assert_eq!(log.lock().recovery_point, rp);
}
