//! Tests of future replicas: Kafka's directory names, the copy, the swap under concurrent
//! appends, a restart in the middle of a move, and AlterReplicaLogDirs' refusals.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use super::*;
use crate::batch::test_util::{keyed, plain};
use crate::config::LogConfig;
use crate::log_manager::{LogDirMove, LogManager};

fn config() -> LogConfig {
    LogConfig {
        segment_bytes: 2048,
        index_interval_bytes: 256,
        ..LogConfig::default()
    }
}

fn open_dirs(dirs: &[&Path]) -> LogManager {
    let dirs: Vec<PathBuf> = dirs.iter().map(|d| d.to_path_buf()).collect();
    LogManager::open(&dirs, 1, None, config()).unwrap()
}

fn future_of(m: &LogManager, dest: &Path) -> Arc<PartitionLog> {
    match m
        .alter_log_dir("t", 0, dest.to_str().unwrap())
        .expect("alter")
    {
        LogDirMove::Moving(future) => future,
        other => panic!("expected a move, got {other:?}"),
    }
}

/// Every stored batch's (base offset, last offset), read back from the log.
fn batches(log: &PartitionLog) -> Vec<(i64, i64)> {
    let mut out = Vec::new();
    let mut at = log.log_start_offset();
    while at < log.log_end_offset() {
        let slice = log
            .read_regions_limited(at, 1 << 20, true, ReadLimit::LogEnd)
            .unwrap();
        if slice.regions.is_empty() {
            break; // no batch left before the log end (a compacted log's removed tail)
        }
        for r in &slice.regions {
            let mut buf = vec![0u8; r.len];
            r.file.read_exact_at(&mut buf, r.position).unwrap();
            let mut pos = 0;
            while pos < buf.len() {
                let h = BatchHeader::parse(&buf[pos..]).unwrap();
                out.push((h.base_offset, h.last_offset()));
                at = h.last_offset() + 1;
                pos += h.total_size();
            }
        }
    }
    out
}

/// Asserts the batches follow each other from `start` to `end` with no gap or repeat.
fn assert_contiguous(log: &PartitionLog, start: i64, end: i64) {
    let mut next = start;
    for (base, last) in batches(log) {
        assert_eq!(base, next, "batch at {base} where {next} was expected");
        next = last + 1;
    }
    assert_eq!(next, end);
}

fn partition_dirs(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.starts_with("t-"))
        .collect();
    names.sort();
    names
}

#[test]
fn future_dir_names_are_kafkas() {
    let name = dir_name_with_suffix("my.topic-x", 7, FUTURE_DIR_SUFFIX);
    let (stem, id) = name
        .strip_suffix("-future")
        .unwrap()
        .rsplit_once('.')
        .unwrap();
    assert_eq!(stem, "my.topic-x-7");
    assert_eq!(id.len(), 32, "{name}");
    assert!(id.bytes().all(|b| b.is_ascii_hexdigit()), "{name}");
    assert_eq!(
        parse_future_dir_name(&name),
        Some(("my.topic-x".to_string(), 7))
    );
    for other in [
        "t-0",
        "t-0.0123456789abcdef0123456789abcdef-delete",
        "t-0-future",
        "t.0123-future",
    ] {
        assert_eq!(parse_future_dir_name(other), None, "{other}");
    }
}

#[test]
fn a_log_moves_to_another_dir_with_every_batch_once() {
    let root = tempfile::tempdir().unwrap();
    let (a, b) = (root.path().join("a"), root.path().join("b"));
    let m = open_dirs(&[&a, &b]);
    let log = m.create_log("t", 0, config()).unwrap();
    assert!(log.dir().starts_with(&a));
    for _ in 0..40 {
        log.append(&mut plain(3, 20, 0)).unwrap();
    }
    log.set_follower_high_watermark(90);
    let future = future_of(&m, &b);
    let names = partition_dirs(&b);
    assert_eq!(names.len(), 1);
    assert_eq!(parse_future_dir_name(&names[0]), Some(("t".into(), 0)));
    assert!(m.future_logs_per_dir()[1].1.len() == 1);
    // Asking again keeps the same future replica.
    assert!(Arc::ptr_eq(&future, &future_of(&m, &b)));

    // A few steps copy part of the log; appends go on meanwhile.
    let step = log.copy_to_future(&future, 1000).unwrap();
    assert!(step.bytes > 0 && step.lag() > 0, "{step:?}");
    for _ in 0..5 {
        log.append(&mut plain(3, 20, 0)).unwrap();
    }
    while log.copy_to_future(&future, 1000).unwrap().lag() > 0 {}
    // Appended after the last step: the swap copies them under the lock.
    log.append(&mut plain(3, 20, 0)).unwrap();
    assert!(m.replace_current_with_future("t", 0).unwrap());

    assert_eq!(log.dir(), b.join("t-0"));
    assert!(Arc::ptr_eq(&log.log_dir_health(), &m.dir_health()[1]));
    assert_eq!(partition_dirs(&a), Vec::<String>::new());
    assert_eq!(partition_dirs(&b), vec!["t-0".to_string()]);
    assert!(m.future_log("t", 0).is_none());
    assert_eq!(log.log_end_offset(), 138);
    assert_eq!(log.high_watermark(), 90);
    assert_contiguous(&log, 0, 138);
    // The same log takes appends in its new directory.
    log.append(&mut plain(3, 20, 0)).unwrap();
    assert_contiguous(&log, 0, 141);
    assert!(b.join("t-0").join("leader-epoch-checkpoint").exists());
    m.shutdown().unwrap();
    drop(m);
    let m = open_dirs(&[&a, &b]);
    let log = m.get_log("t", 0).unwrap();
    assert!(log.dir().starts_with(&b));
    assert_contiguous(&log, 0, 141);
}

#[test]
fn the_swap_loses_and_repeats_nothing_under_concurrent_appends() {
    let root = tempfile::tempdir().unwrap();
    let (a, b) = (root.path().join("a"), root.path().join("b"));
    let m = open_dirs(&[&a, &b]);
    let log = m.create_log("t", 0, config()).unwrap();
    for _ in 0..20 {
        log.append(&mut plain(2, 30, 0)).unwrap();
    }
    let future = future_of(&m, &b);
    let stop = Arc::new(AtomicBool::new(false));
    let writer = {
        let (log, stop) = (Arc::clone(&log), Arc::clone(&stop));
        std::thread::spawn(move || {
            let mut appended = 0i64;
            while !stop.load(Ordering::Relaxed) {
                log.append(&mut plain(2, 30, 0)).unwrap();
                appended += 2;
            }
            appended
        })
    };
    // Copy until close, then swap (retried while the writer keeps ahead).
    let mut swapped = false;
    for _ in 0..10_000 {
        if log.copy_to_future(&future, 4096).unwrap().lag() < 50 {
            match m.replace_current_with_future("t", 0) {
                Ok(true) => {
                    swapped = true;
                    break;
                }
                Ok(false) => panic!("nothing to swap"),
                Err(crate::StorageError::FutureNotCaughtUp { .. }) => {}
                Err(e) => panic!("{e}"),
            }
        }
    }
    assert!(swapped);
    std::thread::sleep(std::time::Duration::from_millis(20));
    stop.store(true, Ordering::Relaxed);
    let appended = writer.join().unwrap();
    assert!(log.dir().starts_with(&b));
    assert_contiguous(&log, 0, 40 + appended);
}

#[test]
fn a_restart_in_the_middle_resumes_the_move() {
    let root = tempfile::tempdir().unwrap();
    let (a, b) = (root.path().join("a"), root.path().join("b"));
    {
        let m = open_dirs(&[&a, &b]);
        let log = m.create_log("t", 0, config()).unwrap();
        for _ in 0..30 {
            log.append(&mut plain(3, 20, 0)).unwrap();
        }
        let future = future_of(&m, &b);
        log.copy_to_future(&future, 500).unwrap();
        assert!(future.log_end_offset() > 0 && future.log_end_offset() < 90);
        m.shutdown().unwrap();
    }
    let m = open_dirs(&[&a, &b]);
    let log = m.get_log("t", 0).unwrap();
    assert!(log.dir().starts_with(&a));
    let future = m
        .future_log("t", 0)
        .expect("the -future dir is loaded as the future log");
    assert!(future.dir().starts_with(&b));
    let resumed_at = future.log_end_offset();
    assert!(resumed_at > 0);
    assert!(Arc::ptr_eq(&future, &future_of(&m, &b)));
    while log.copy_to_future(&future, 500).unwrap().lag() > 0 {}
    assert!(m.replace_current_with_future("t", 0).unwrap());
    assert_eq!(log.dir(), b.join("t-0"));
    assert_contiguous(&log, 0, 90);
    assert_eq!(partition_dirs(&a), Vec::<String>::new());
}

#[test]
fn a_future_starts_on_the_batch_holding_the_log_start() {
    let root = tempfile::tempdir().unwrap();
    let (a, b) = (root.path().join("a"), root.path().join("b"));
    let m = open_dirs(&[&a, &b]);
    let log = m.create_log("t", 0, config()).unwrap();
    for _ in 0..10 {
        log.append(&mut plain(3, 20, 0)).unwrap();
    }
    log.delete_records_before(7).unwrap();
    let future = future_of(&m, &b);
    assert_eq!(future.log_end_offset(), 6);
    while log.copy_to_future(&future, 100).unwrap().lag() > 0 {}
    assert!(m.replace_current_with_future("t", 0).unwrap());
    assert_eq!(log.log_start_offset(), 7);
    assert_eq!(log.log_end_offset(), 30);
}

#[test]
fn refusals_and_moves_back() {
    let root = tempfile::tempdir().unwrap();
    let (a, b) = (root.path().join("a"), root.path().join("b"));
    let m = open_dirs(&[&a, &b]);
    let log = m.create_log("t", 0, config()).unwrap();
    log.append(&mut plain(3, 20, 0)).unwrap();
    let elsewhere = root.path().join("c");
    match m.alter_log_dir("t", 0, elsewhere.to_str().unwrap()) {
        Err(e @ crate::StorageError::LogDirNotFound(_)) => assert_eq!(
            e.to_string(),
            format!(
                "Log dir {} is not found in the config.",
                elsewhere.display()
            )
        ),
        other => panic!("expected LogDirNotFound, got {other:?}"),
    }
    // Already there.
    assert!(matches!(
        m.alter_log_dir("t", 0, a.to_str().unwrap()),
        Ok(LogDirMove::AlreadyThere)
    ));
    // A move started, then sent back where it is: the future replica goes.
    future_of(&m, &b);
    assert_eq!(partition_dirs(&b).len(), 1);
    assert!(matches!(
        m.alter_log_dir("t", 0, a.to_str().unwrap()),
        Ok(LogDirMove::AlreadyThere)
    ));
    assert!(m.future_log("t", 0).is_none());
    assert_eq!(partition_dirs(&b), Vec::<String>::new());
    // A partition not held yet: its creation goes where it was asked to, not to the
    // emptier directory.
    assert!(matches!(
        m.alter_log_dir("u", 0, a.to_str().unwrap()),
        Ok(LogDirMove::NotHosted)
    ));
    let u = m.create_log("u", 0, config()).unwrap();
    assert!(u.dir().starts_with(&a));
    // Deleting a partition removes its future replica too.
    future_of(&m, &b);
    assert!(m.delete_log("t", 0).unwrap());
    assert!(m.future_log("t", 0).is_none());
    assert_eq!(partition_dirs(&b), Vec::<String>::new());
}

/// Every record of `log` as (offset, key), decoded from what a fetch reads.
fn records(log: &PartitionLog) -> Vec<(i64, String)> {
    use bytes::Buf;
    let slice = log.read(log.log_start_offset(), usize::MAX / 2).unwrap();
    let mut bytes = slice.bytes;
    let mut out = Vec::new();
    while bytes.has_remaining() {
        let set = kafka_protocol::records::RecordBatchDecoder::decode(&mut bytes).unwrap();
        for r in set.records {
            let key = String::from_utf8(r.key.unwrap().to_vec()).unwrap();
            out.push((r.offset, key));
        }
    }
    out
}

/// A compacted log with offset gaps: a batch of 9 records (keys k0..k8), then four rounds of
/// batches of 7, 3, 3, 5, 3 records (keys k0..k<n-1>); a cleaner pass keeps only each key's
/// latest record, so the first batch keeps k7 and k8 at offsets 7 and 8 and whole batches
/// after it go.
fn compacted_with_gaps(m: &LogManager) -> Arc<PartitionLog> {
    let compacted = LogConfig {
        compact: true,
        retention_ms: -1,
        ..config()
    };
    let log = m.create_log("t", 0, compacted).unwrap();
    log.append(&mut plain(9, 20, 0)).unwrap();
    for _ in 0..4 {
        for n in [7, 3, 3, 5, 3] {
            log.append(&mut plain(n, 20, 0)).unwrap();
        }
    }
    let before = log.log_end_offset();
    let stats = log.clean_now(0).unwrap().expect("a cleaner pass");
    assert!(stats.records_removed > 0, "{stats:?}");
    assert_eq!(log.log_end_offset(), before);
    let spans = batches(&log);
    assert!(
        spans.windows(2).any(|w| w[1].0 > w[0].1 + 1),
        "the cleaner left no gap: {spans:?}"
    );
    log
}

#[test]
fn a_compacted_log_moves_with_its_gaps_and_every_record_at_its_offset() {
    let root = tempfile::tempdir().unwrap();
    let (a, b) = (root.path().join("a"), root.path().join("b"));
    let m = open_dirs(&[&a, &b]);
    let log = compacted_with_gaps(&m);
    let spans = batches(&log);
    let kept = records(&log);
    let bytes = log
        .read(log.log_start_offset(), usize::MAX / 2)
        .unwrap()
        .bytes;
    let end = log.log_end_offset();

    let future = future_of(&m, &b);
    // Small steps: several of them start inside a gap.
    let mut steps = 0;
    while log.copy_to_future(&future, 100).unwrap().lag() > 0 {
        steps += 1;
        assert!(steps < 1000, "the copy makes no progress");
    }
    assert_eq!(batches(&future), spans);
    assert!(m.replace_current_with_future("t", 0).unwrap());

    assert!(log.dir().starts_with(&b));
    assert_eq!(log.log_end_offset(), end);
    assert_eq!(batches(&log), spans, "batches at their offsets, gaps kept");
    assert_eq!(records(&log), kept, "every record at its original offset");
    let moved = log
        .read(log.log_start_offset(), usize::MAX / 2)
        .unwrap()
        .bytes;
    assert_eq!(moved, bytes, "byte for byte");
    // It takes appends after its last offset, and a restart reads the same.
    log.append(&mut plain(2, 20, 0)).unwrap();
    assert_eq!(log.log_end_offset(), end + 2);
    m.shutdown().unwrap();
    drop(m);
    let m = open_dirs(&[&a, &b]);
    let log = m.get_log("t", 0).unwrap();
    assert!(log.dir().starts_with(&b));
    assert_eq!(records(&log)[..kept.len()], kept[..]);
}

/// The log `t-0` in `dir` as a cleaner that removes the last batch of its pass left it
/// (kt's before it kept that batch empty, Kafka's before KAFKA-17076): produced (a, b) at 0-1, a
/// at 2 and b's tombstone at 3, then rolled; the cleaner removed the first batch and, past
/// the tombstone's delete horizon, the tombstone. One batch (2) is left, in the segment at
/// 0, and the empty active segment at 4 keeps the log end offset: no batch covers 3.
/// Written as such a broker leaves the files in the first of `dirs`, then opened.
fn log_with_removed_tail(dirs: &[&Path]) -> (LogManager, Arc<PartitionLog>) {
    let dir = {
        let m = open_dirs(dirs);
        let log = m.create_log("t", 0, config()).unwrap();
        let mut kept = keyed(
            &[("a", Some("a1"))],
            1_700_000_000_000,
            kafka_protocol::records::Compression::None,
        );
        crate::batch::set_base_offset(&mut kept, 2);
        log.append_as_follower(&kept).unwrap();
        m.shutdown().unwrap();
        log.dir()
    };
    fs::File::create(dir.join("00000000000000000004.log")).unwrap();
    let m = open_dirs(dirs);
    let log = m.get_log("t", 0).unwrap();
    assert_eq!(batches(&log), vec![(2, 2)]);
    assert_eq!(log.log_end_offset(), 4);
    (m, log)
}

#[test]
fn a_compacted_log_whose_tail_the_cleaner_removed_moves_and_keeps_its_end_offset() {
    let root = tempfile::tempdir().unwrap();
    let (a, b) = (root.path().join("a"), root.path().join("b"));
    let (kept, bytes) = {
        let (m, log) = log_with_removed_tail(&[&a, &b]);
        let kept = records(&log);
        assert_eq!(kept, vec![(2, "a".to_string())]);
        let bytes = log.read(0, 1 << 20).unwrap().bytes;
        let future = future_of(&m, &b);
        // The last batch is copied; the end offset past it is not yet.
        let step = log.copy_to_future(&future, 1).unwrap();
        assert_eq!((step.future_end, step.current_end), (3, 4));
        m.shutdown().unwrap();
        (kept, bytes)
    };
    // A restart before the copy reached the end offset resumes at the last batch's end.
    {
        let m = open_dirs(&[&a, &b]);
        let log = m.get_log("t", 0).unwrap();
        let future = m.future_log("t", 0).expect("the future is resumed");
        assert_eq!(future.log_end_offset(), 3);
        let step = log.copy_to_future(&future, 1).unwrap();
        assert_eq!(
            step.lag(),
            0,
            "no batch is left: the copy ends at the log's end offset"
        );
        assert_eq!((step.bytes, step.future_end), (0, 4));
        m.shutdown().unwrap();
    }
    // The future's end offset survives a restart, and the swap takes it.
    let m = open_dirs(&[&a, &b]);
    let log = m.get_log("t", 0).unwrap();
    assert_eq!(m.future_log("t", 0).unwrap().log_end_offset(), 4);
    assert!(m.replace_current_with_future("t", 0).unwrap());
    assert_eq!(log.dir(), b.join("t-0"));
    assert_eq!(log.log_end_offset(), 4);
    assert_eq!(batches(&log), vec![(2, 2)]);
    assert_eq!(records(&log), kept);
    assert_eq!(log.read(0, 1 << 20).unwrap().bytes, bytes, "byte for byte");
    // Appends go on at the old log end offset, and a restart reads the same.
    let appended = log.append(&mut plain(2, 20, 0)).unwrap();
    assert_eq!(appended.base_offset, 4);
    assert_eq!(log.log_end_offset(), 6);
    m.shutdown().unwrap();
    drop(m);
    let m = open_dirs(&[&a, &b]);
    let log = m.get_log("t", 0).unwrap();
    assert!(log.dir().starts_with(&b));
    assert_eq!(log.log_end_offset(), 6);
    let after: Vec<i64> = records(&log).iter().map(|(o, _)| *o).collect();
    assert_eq!(after, vec![2, 4, 5]);
}

#[test]
fn the_swap_takes_the_end_offset_past_a_removed_tail() {
    let root = tempfile::tempdir().unwrap();
    let (a, b) = (root.path().join("a"), root.path().join("b"));
    let (m, log) = log_with_removed_tail(&[&a, &b]);
    let future = future_of(&m, &b);
    log.copy_to_future(&future, 1).unwrap();
    assert_eq!(future.log_end_offset(), 3);
    // The swap's final copy, under the log's lock, ends at the log end offset too.
    assert!(m.replace_current_with_future("t", 0).unwrap());
    assert!(log.dir().starts_with(&b));
    assert_eq!(log.log_end_offset(), 4);
    assert_eq!(batches(&log), vec![(2, 2)]);
    assert_eq!(log.append(&mut plain(1, 20, 0)).unwrap().base_offset, 4);
}

#[test]
fn the_cleaner_leaves_a_moving_log_alone_until_the_move_ends() {
    let root = tempfile::tempdir().unwrap();
    let (a, b) = (root.path().join("a"), root.path().join("b"));
    let compacted = LogConfig {
        compact: true,
        retention_ms: -1,
        ..config()
    };
    let m = open_dirs(&[&a, &b]);
    let log = m.create_log("t", 0, compacted).unwrap();
    let dirty = |log: &PartitionLog| {
        for _ in 0..30 {
            log.append(&mut plain(3, 20, 0)).unwrap();
        }
    };
    dirty(&log);
    assert!(!log.is_cleaning_paused());

    // A move pauses it: no pass, forced or periodic, while the future replica exists.
    let future = future_of(&m, &b);
    assert!(log.is_cleaning_paused());
    assert_eq!(log.clean_now(0).unwrap(), None);
    assert_eq!(
        m.clean_all(0, &crate::CleanerConfig::default(), |_| false)
            .unwrap(),
        0
    );
    let untouched = batches(&log);
    // Cancelled (sent back where it is): cleaning resumes.
    assert!(matches!(
        m.alter_log_dir("t", 0, a.to_str().unwrap()),
        Ok(LogDirMove::AlreadyThere)
    ));
    assert!(!log.is_cleaning_paused());
    drop(future);

    // Moved again: paused through the copy, resumed by the swap.
    let future = future_of(&m, &b);
    // Asking again for the same move does not pause it twice.
    future_of(&m, &b);
    assert_eq!(
        m.clean_all(0, &crate::CleanerConfig::default(), |_| false)
            .unwrap(),
        0
    );
    while log.copy_to_future(&future, 500).unwrap().lag() > 0 {}
    assert_eq!(batches(&log), untouched);
    assert!(m.replace_current_with_future("t", 0).unwrap());
    assert!(!log.is_cleaning_paused());
    let stats = log.clean_now(0).unwrap().expect("a pass after the move");
    assert!(stats.records_removed > 0, "{stats:?}");

    // A move a restart cut short is paused again at start-up.
    dirty(&log);
    future_of(&m, &a);
    m.shutdown().unwrap();
    drop((log, m));
    let m = open_dirs(&[&a, &b]);
    let log = m.get_log("t", 0).unwrap();
    log.update_config(compacted);
    assert!(m.future_log("t", 0).is_some());
    assert!(log.is_cleaning_paused());
    assert_eq!(log.clean_now(0).unwrap(), None);
    assert!(m.remove_future_log("t", 0).unwrap());
    assert!(!log.is_cleaning_paused());
    assert!(log.clean_now(0).unwrap().is_some());
}

/// The offsets `t-0` has in a log directory's checkpoint file `name`, if listed.
fn checkpointed(dir: &Path, name: &str) -> Option<i64> {
    crate::checkpoint::read_checkpoint(&dir.join(name))
        .unwrap()
        .get(&("t".to_string(), 0))
        .copied()
}

#[test]
fn the_swap_leaves_both_dirs_checkpoints_right_while_checkpoints_run() {
    use crate::checkpoint::{
        LOG_START_OFFSET_CHECKPOINT, RECOVERY_POINT_CHECKPOINT, REPLICATION_OFFSET_CHECKPOINT,
    };
    let root = tempfile::tempdir().unwrap();
    let (a, b) = (root.path().join("a"), root.path().join("b"));
    let m = open_dirs(&[&a, &b]);
    let log = m.create_log("t", 0, config()).unwrap();
    for _ in 0..20 {
        log.append(&mut plain(3, 20, 0)).unwrap();
    }
    log.set_follower_high_watermark(45);
    m.checkpoint().unwrap();
    assert_eq!(checkpointed(&a, REPLICATION_OFFSET_CHECKPOINT), Some(45));

    // The swap alone (no checkpoint after it) leaves each dir's files right: the log is
    // listed where it is now, with its recovery point and high watermark, and no longer
    // where it was.
    let future = future_of(&m, &b);
    while log.copy_to_future(&future, 1000).unwrap().lag() > 0 {}
    assert!(m.replace_current_with_future("t", 0).unwrap());
    assert_eq!(checkpointed(&b, RECOVERY_POINT_CHECKPOINT), Some(60));
    assert_eq!(checkpointed(&b, REPLICATION_OFFSET_CHECKPOINT), Some(45));
    assert_eq!(checkpointed(&b, LOG_START_OFFSET_CHECKPOINT), Some(0));
    for name in [RECOVERY_POINT_CHECKPOINT, REPLICATION_OFFSET_CHECKPOINT] {
        assert_eq!(checkpointed(&a, name), None, "{name} of the old dir");
    }

    // Back to a, with periodic checkpoints running all along: the last word is the swap's
    // or a later checkpoint's, never a stale listing.
    let future = future_of(&m, &a);
    let stop = AtomicBool::new(false);
    std::thread::scope(|s| {
        s.spawn(|| {
            while !stop.load(Ordering::Relaxed) {
                m.checkpoint().unwrap();
            }
        });
        while log.copy_to_future(&future, 200).unwrap().lag() > 0 {}
        assert!(m.replace_current_with_future("t", 0).unwrap());
        stop.store(true, Ordering::Relaxed);
    });
    assert_eq!(checkpointed(&a, REPLICATION_OFFSET_CHECKPOINT), Some(45));
    assert_eq!(checkpointed(&a, RECOVERY_POINT_CHECKPOINT), Some(60));
    assert_eq!(checkpointed(&b, REPLICATION_OFFSET_CHECKPOINT), None);
}
