//! Tests of what replication asks of `PartitionLog`: leader epochs stamped and cached, the
//! follower's verbatim append, truncation, and reads bounded by the high watermark.

use super::*;
use crate::batch::test_util::plain;

fn config() -> LogConfig {
    LogConfig {
        segment_bytes: 4096,
        index_interval_bytes: 256,
        ..LogConfig::default()
    }
}

fn open(dir: &Path) -> PartitionLog {
    PartitionLog::open(dir, "t", 0, config(), None, None).unwrap()
}

fn e(epoch: i32, start_offset: i64) -> EpochEntry {
    EpochEntry {
        epoch,
        start_offset,
    }
}

fn checkpoint(dir: &Path) -> Vec<EpochEntry> {
    read_leader_epoch_checkpoint(&dir.join("t-0").join(LEADER_EPOCH_CHECKPOINT)).unwrap()
}

/// Every stored batch's (base offset, last offset, leader epoch), read back from the log.
fn batches(log: &PartitionLog) -> Vec<(i64, i64, i32)> {
    let start = log.log_start_offset();
    let r = log
        .read_regions_limited(start, usize::MAX, true, ReadLimit::LogEnd)
        .unwrap();
    let mut out = Vec::new();
    for region in &r.regions {
        let mut buf = vec![0u8; region.len];
        region
            .file
            .read_exact_at(&mut buf, region.position)
            .unwrap();
        let mut at = 0;
        while at < buf.len() {
            let h = BatchHeader::parse(&buf[at..]).unwrap();
            out.push((h.base_offset, h.last_offset(), h.partition_leader_epoch));
            at += h.total_size();
        }
    }
    out
}

/// The raw bytes of the whole log (what a follower fetches from its leader).
fn raw(log: &PartitionLog, from: i64) -> Vec<u8> {
    log.read_regions_limited(from, usize::MAX, true, ReadLimit::LogEnd)
        .unwrap()
        .regions
        .iter()
        .flat_map(|r| {
            let mut buf = vec![0u8; r.len];
            r.file.read_exact_at(&mut buf, r.position).unwrap();
            buf
        })
        .collect()
}

#[test]
fn the_leader_stamps_its_epoch_and_the_cache_and_checkpoint_record_each_first_batch() {
    let dir = tempfile::tempdir().unwrap();
    let log = open(dir.path());
    log.set_leader_epoch(3);
    log.append(&mut plain(2, 10, 1000)).unwrap();
    log.append_shared(&plain(3, 10, 1000)).unwrap();
    log.set_leader_epoch(5);
    log.append_shared(&plain(1, 10, 1000)).unwrap();
    assert_eq!(batches(&log), vec![(0, 1, 3), (2, 4, 3), (5, 5, 5)]);
    assert_eq!(log.epoch_entries(), vec![e(3, 0), e(5, 5)]);
    assert_eq!(checkpoint(dir.path()), vec![e(3, 0), e(5, 5)]);
    assert_eq!(log.end_offset_for_epoch(3), (3, 5));
    assert_eq!(log.end_offset_for_epoch(5), (5, 6));
    assert_eq!(log.end_offset_for_epoch(4), (3, 5));
    assert_eq!(log.end_offset_for_epoch(9), (-1, -1));
    drop(log);
    let log = open(dir.path());
    assert_eq!(log.epoch_entries(), vec![e(3, 0), e(5, 5)]);
    assert_eq!(
        log.leader_epoch(),
        5,
        "a reopened log goes on with its latest epoch"
    );
}

#[test]
fn a_new_leader_starts_its_epoch_at_its_log_end_before_appending() {
    let dir = tempfile::tempdir().unwrap();
    let log = open(dir.path());
    log.set_leader_epoch(3);
    log.append(&mut plain(4, 10, 1000)).unwrap();
    log.begin_leader_epoch(5).unwrap();
    // Nothing of epoch 5 written yet, but epoch 3 ended at 4 and epoch 5 is the latest.
    assert_eq!(log.epoch_entries(), vec![e(3, 0), e(5, 4)]);
    assert_eq!(checkpoint(dir.path()), vec![e(3, 0), e(5, 4)]);
    assert_eq!(log.end_offset_for_epoch(3), (3, 4));
    assert_eq!(log.end_offset_for_epoch(5), (5, 4));
    // The first batch of the epoch needs no new entry.
    log.append(&mut plain(2, 10, 1000)).unwrap();
    assert_eq!(batches(&log), vec![(0, 3, 3), (4, 5, 5)]);
    assert_eq!(log.epoch_entries(), vec![e(3, 0), e(5, 4)]);
    // Leading again in the same epoch, or an older one, keeps the history.
    log.begin_leader_epoch(5).unwrap();
    log.begin_leader_epoch(4).unwrap();
    assert_eq!(log.epoch_entries(), vec![e(3, 0), e(5, 4)]);
}

#[test]
fn recovery_rebuilds_a_lost_or_stale_checkpoint_from_the_batches() {
    let dir = tempfile::tempdir().unwrap();
    let log = open(dir.path());
    log.set_leader_epoch(1);
    log.append(&mut plain(2, 10, 1000)).unwrap();
    log.set_leader_epoch(2);
    log.append(&mut plain(2, 10, 1000)).unwrap();
    drop(log);
    let file = dir.path().join("t-0").join(LEADER_EPOCH_CHECKPOINT);
    // Lost: rebuilt from every batch.
    std::fs::remove_file(&file).unwrap();
    let log = open(dir.path());
    assert_eq!(log.epoch_entries(), vec![e(1, 0), e(2, 2)]);
    assert_eq!(checkpoint(dir.path()), vec![e(1, 0), e(2, 2)]);
    drop(log);
    // Stale: an entry past the log end (written before a crash cut the tail) goes.
    write_leader_epoch_checkpoint(&file, &[e(1, 0), e(2, 2), e(7, 40)]).unwrap();
    let log = open(dir.path());
    assert_eq!(log.epoch_entries(), vec![e(1, 0), e(2, 2)]);
    assert_eq!(checkpoint(dir.path()), vec![e(1, 0), e(2, 2)]);
}

#[test]
fn a_follower_appends_the_leaders_batches_as_they_are_keeps_gaps_and_refuses_overlaps() {
    let leader_dir = tempfile::tempdir().unwrap();
    let follower_dir = tempfile::tempdir().unwrap();
    let leader = open(leader_dir.path());
    let follower = open(follower_dir.path());
    leader.set_leader_epoch(4);
    for n in [3, 1, 2] {
        leader.append(&mut plain(n, 10, 1000)).unwrap();
    }
    leader.set_leader_epoch(6);
    leader.append(&mut plain(2, 10, 1000)).unwrap();
    let all = raw(&leader, 0);
    // Only the first three batches, then the rest: offsets and epochs kept.
    let first_three = raw(&leader, 0).len() - raw(&leader, 6).len();
    let info = follower.append_as_follower(&all[..first_three]).unwrap();
    assert_eq!(
        (info.base_offset, info.last_offset, info.batch_count),
        (0, 5, 3)
    );
    // An overlap (offset 3 again) is refused.
    let overlap = raw(&leader, 3);
    assert!(matches!(
        follower.append_as_follower(&overlap),
        Err(StorageError::UnexpectedAppendOffset {
            expected: 6,
            first_offset: 3
        })
    ));
    follower.append_as_follower(&all[first_three..]).unwrap();
    assert_eq!(
        raw(&follower, 0),
        all,
        "the follower holds the leader's bytes"
    );
    assert_eq!(follower.epoch_entries(), vec![e(4, 0), e(6, 6)]);
    assert_eq!(checkpoint(follower_dir.path()), vec![e(4, 0), e(6, 6)]);
    // Offsets that do not grow within the batches (the same batch twice) are refused.
    let last = raw(&leader, 6);
    let mut twice = last.clone();
    twice.extend_from_slice(&last);
    assert!(matches!(
        follower.append_as_follower(&twice),
        Err(StorageError::UnexpectedAppendOffset { .. })
    ));
    assert_eq!(follower.log_end_offset(), 8);
    // A gap (a compacted leader's: batches at 20 and 30 while the log ends at 8) is kept,
    // offsets as they are, as Kafka's appendAsFollower keeps it.
    let mut gapped = plain(2, 10, 1000).to_vec();
    crate::batch::set_base_offset(&mut gapped, 20);
    crate::batch::set_partition_leader_epoch(&mut gapped, 6);
    let mut second = gapped.clone();
    crate::batch::set_base_offset(&mut second, 30);
    gapped.extend_from_slice(&second);
    let info = follower.append_as_follower(&gapped).unwrap();
    assert_eq!((info.base_offset, info.last_offset), (20, 31));
    assert_eq!(follower.log_end_offset(), 32);
    assert_eq!(raw(&follower, 8), gapped, "read from inside the gap");
    assert_eq!(raw(&follower, 22), second);
    assert_eq!(follower.epoch_entries(), vec![e(4, 0), e(6, 6)]);
    // A damaged batch is refused too.
    let mut bad = plain(1, 10, 1000).to_vec();
    bad[HEADER_SIZE + 3] ^= 0xff;
    assert!(follower.append_as_follower(&bad).is_err());
}

#[test]
fn truncation_cuts_segments_indexes_epochs_and_the_high_watermark() {
    let dir = tempfile::tempdir().unwrap();
    let log = open(dir.path());
    log.set_leader_epoch(1);
    for _ in 0..20 {
        log.append(&mut plain(5, 100, 1000)).unwrap();
    }
    log.set_leader_epoch(2);
    for _ in 0..20 {
        log.append(&mut plain(5, 100, 1000)).unwrap();
    }
    assert!(log.segment_base_offsets().len() > 3, "several segments");
    assert!(log.advance_high_watermark(180));
    assert_eq!(log.epoch_entries(), vec![e(1, 0), e(2, 100)]);

    // Mid-batch offsets cut the batch holding them.
    let cut = log.truncate_to(93).unwrap().unwrap();
    assert_eq!((cut.previous_end, cut.end), (200, 90));
    assert!(cut.segments >= 1 && cut.bytes > 0);
    assert_eq!(log.log_end_offset(), 90);
    assert_eq!(log.high_watermark(), 90);
    assert!(log.segment_base_offsets().iter().all(|&b| b <= 90));
    assert_eq!(log.epoch_entries(), vec![e(1, 0)]);
    assert_eq!(checkpoint(dir.path()), vec![e(1, 0)]);
    assert_eq!(batches(&log).last(), Some(&(85, 89, 1)));
    assert_eq!(log.truncate_to(95).unwrap(), None, "nothing past the end");

    // Appending goes on from the cut, with a new epoch; a reopen agrees with it all.
    log.set_leader_epoch(3);
    log.append(&mut plain(5, 100, 1000)).unwrap();
    assert_eq!(log.epoch_entries(), vec![e(1, 0), e(3, 90)]);
    assert_eq!(log.offset_for_timestamp(0).unwrap().map(|x| x.0), Some(0));
    drop(log);
    let log = open(dir.path());
    assert_eq!(log.log_end_offset(), 95);
    assert_eq!(batches(&log).len(), 19);
    assert_eq!(log.epoch_entries(), vec![e(1, 0), e(3, 90)]);
    // Below the log start: emptied and started at the offset.
    log.delete_records_before(50).unwrap();
    log.truncate_to(10).unwrap().unwrap();
    assert_eq!((log.log_start_offset(), log.log_end_offset()), (10, 10));
    assert!(log.epoch_entries().is_empty());
    log.append(&mut plain(1, 10, 1000)).unwrap();
    assert_eq!(batches(&log), vec![(10, 10, 3)]);
}

#[test]
fn retention_and_delete_records_move_the_first_epochs_start() {
    let dir = tempfile::tempdir().unwrap();
    let log = open(dir.path());
    log.set_leader_epoch(1);
    for _ in 0..10 {
        log.append(&mut plain(5, 100, 1000)).unwrap();
    }
    log.set_leader_epoch(2);
    log.append(&mut plain(5, 100, 1000)).unwrap();
    log.delete_records_before(12).unwrap();
    assert_eq!(log.epoch_entries(), vec![e(1, 12), e(2, 50)]);
    assert_eq!(checkpoint(dir.path()), vec![e(1, 12), e(2, 50)]);
    log.delete_records_before(52).unwrap();
    assert_eq!(log.epoch_entries(), vec![e(2, 52)]);
}

#[test]
fn consumers_read_up_to_the_high_watermark_and_followers_to_the_log_end() {
    let dir = tempfile::tempdir().unwrap();
    let log = open(dir.path());
    for _ in 0..4 {
        log.append(&mut plain(2, 10, 1000)).unwrap();
    }
    // No high watermark set: the log end stands for it.
    assert_eq!(log.high_watermark(), 8);
    assert!(log.advance_high_watermark(4));
    assert!(!log.advance_high_watermark(2), "never moves back");
    assert_eq!(log.high_watermark(), 4);
    let consumer = log.read_regions(0, 1 << 20, true).unwrap();
    let follower = log
        .read_regions_limited(0, 1 << 20, true, ReadLimit::LogEnd)
        .unwrap();
    assert_eq!(consumer.high_watermark, 4);
    assert_eq!(consumer.len * 2, follower.len);
    let past = log.read_regions(5, 1 << 20, true).unwrap();
    assert_eq!(
        past.len, 0,
        "between the high watermark and the log end: nothing yet"
    );
    assert!(log.read_regions(9, 1 << 20, true).is_err());
    log.set_follower_high_watermark(100);
    assert_eq!(
        log.high_watermark(),
        8,
        "a follower's is bounded by its own log end"
    );
}
