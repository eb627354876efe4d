//! A record batch damaged on disk reaches the console consumer: it stops with the partition and
//! offset of the damaged batch instead of printing the record as if it were fine, as Kafka's
//! consumer does with its default CRC check; `check.crcs=false` reads through as before.

use std::time::Duration;

use crate::common::{self, BrokerThread};
use rdkafka::producer::{BaseProducer, BaseRecord, Producer};

const TOPIC: &str = "crc";
const RECORDS: usize = 6;

/// Small segments, so that six batches of ~170 bytes span several segments.
const SMALL_SEGMENTS: &[(&str, &str)] = &[("log.segment.bytes", "400")];

fn value(i: usize) -> String {
    format!("record-{i}-{}", "x".repeat(100))
}

/// One batch per record: each is sent and flushed before the next.
fn produce(bootstrap: &str) {
    let producer: BaseProducer = common::client(bootstrap)
        .set("linger.ms", "0")
        .create()
        .unwrap();
    for i in 0..RECORDS {
        let v = value(i);
        producer
            .send(BaseRecord::<(), str>::to(TOPIC).payload(&v))
            .unwrap();
        producer.flush(Duration::from_secs(10)).unwrap();
    }
}

/// The (base offset, file position, size) of each batch in a v2 segment file.
fn batches(segment: &[u8]) -> Vec<(i64, usize, usize)> {
    let mut found = Vec::new();
    let mut pos = 0;
    while pos + 12 <= segment.len() {
        let base = i64::from_be_bytes(segment[pos..pos + 8].try_into().unwrap());
        let len = i32::from_be_bytes(segment[pos + 8..pos + 12].try_into().unwrap()) as usize;
        found.push((base, pos, 12 + len));
        pos += 12 + len;
    }
    found
}

/// Writes the records over several segments, stops the broker cleanly, and flips one byte of
/// a record value in the last batch of the oldest segment (closed, before the recovery point,
/// so the restart does not touch it). Returns the damaged batch's base offset.
fn damaged_log(dir: &std::path::Path) -> i64 {
    let broker = BrokerThread::start(dir, SMALL_SEGMENTS);
    produce(&broker.bootstrap);
    drop(broker);

    let partition_dir = dir.join(format!("logs/{TOPIC}-0"));
    let mut segments: Vec<_> = std::fs::read_dir(&partition_dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "log"))
        .collect();
    segments.sort();
    assert!(segments.len() >= 2, "one segment only: {segments:?}");
    let oldest = &segments[0];
    let mut bytes = std::fs::read(oldest).unwrap();
    let found = batches(&bytes);
    assert!(found.len() >= 2, "the oldest segment holds {found:?}");
    let (base, pos, size) = *found.last().unwrap();
    assert!(base > 0);
    // The value's padding sits near the batch's end, inside the CRC-covered records part.
    let at = pos + size - 10;
    assert_eq!(bytes[at], b'x');
    bytes[at] = b'y';
    std::fs::write(oldest, bytes).unwrap();
    base
}

#[test]
fn console_consumer_stops_at_a_corrupt_batch_with_its_offset() {
    let dir = tempfile::tempdir().unwrap();
    let damaged = damaged_log(dir.path());
    let broker = BrokerThread::start(dir.path(), SMALL_SEGMENTS);
    let (out, err, code) = broker.kt(
        &[
            "console-consumer",
            "--topic",
            TOPIC,
            "--from-beginning",
            "--timeout-ms",
            "15000",
        ],
        "",
    );
    assert_eq!(code, 1, "stdout: {out}\nstderr: {err}");
    let wanted = format!("Record batch for partition {TOPIC}-0 at offset {damaged} is invalid");
    assert_eq!(
        err.lines().filter(|l| l.contains(&wanted)).count(),
        1,
        "{err}"
    );
    assert!(!out.contains('y'), "the damaged record was printed: {out}");
    assert!(
        !out.contains(&format!("record-{damaged}-")),
        "the damaged record was printed: {out}"
    );
    let printed: Vec<&str> = out.lines().collect();
    let before: Vec<String> = (0..damaged as usize).map(value).collect();
    assert_eq!(
        printed, before,
        "the records before the damaged batch, in order"
    );
}

#[test]
fn check_crcs_false_reads_through_a_corrupt_batch() {
    let dir = tempfile::tempdir().unwrap();
    let damaged = damaged_log(dir.path());
    let broker = BrokerThread::start(dir.path(), SMALL_SEGMENTS);
    let (out, err, code) = broker.kt(
        &[
            "console-consumer",
            "--topic",
            TOPIC,
            "--from-beginning",
            "--max-messages",
            &RECORDS.to_string(),
            "--consumer-property",
            "check.crcs=false",
        ],
        "",
    );
    assert_eq!(code, 0, "stdout: {out}\nstderr: {err}");
    let printed: Vec<&str> = out.lines().collect();
    assert_eq!(printed.len(), RECORDS, "{out}");
    // Read through: the damaged record is printed as stored, with its flipped byte.
    let shown = printed[damaged as usize];
    assert!(shown.starts_with(&format!("record-{damaged}-")), "{out}");
    assert!(shown.contains('y'), "{out}");
}

#[test]
fn consumer_perf_test_stops_at_a_corrupt_batch() {
    let dir = tempfile::tempdir().unwrap();
    let damaged = damaged_log(dir.path());
    let broker = BrokerThread::start(dir.path(), SMALL_SEGMENTS);
    let (out, err, code) = broker.kt(
        &[
            "consumer-perf-test",
            "--topic",
            TOPIC,
            "--messages",
            &RECORDS.to_string(),
            "--timeout",
            "15000",
        ],
        "",
    );
    assert_eq!(code, 1, "stdout: {out}\nstderr: {err}");
    let wanted = format!("Record batch for partition {TOPIC}-0 at offset {damaged} is invalid");
    assert!(err.contains(&wanted), "{err}");
}
