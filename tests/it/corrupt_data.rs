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

/// The oldest segment file of the test partition.
fn oldest_segment(dir: &std::path::Path) -> std::path::PathBuf {
    let mut segments: Vec<_> = std::fs::read_dir(dir.join(format!("logs/{TOPIC}-0")))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "log"))
        .collect();
    segments.sort();
    segments.swap_remove(0)
}

#[test]
fn dump_log_shows_the_damaged_batch_invalid_and_names_its_offset() {
    let dir = tempfile::tempdir().unwrap();
    let damaged = damaged_log(dir.path());
    let segment = oldest_segment(dir.path());
    let seg = segment.to_str().unwrap();
    let (out, err, code) = common::run_kt(
        [
            "dump-log",
            "--files",
            seg,
            "--deep-iteration",
            "--print-data-log",
        ],
        "",
    );
    // As Kafka's tool: the dump goes on and exits 0; the batch line says isvalid: false.
    assert_eq!(code, 0, "stdout: {out}\nstderr: {err}");
    let batch_lines: Vec<&str> = out
        .lines()
        .filter(|l| l.starts_with("baseOffset: "))
        .collect();
    assert!(batch_lines.len() >= 2, "{out}");
    for line in &batch_lines {
        let is_damaged = line.starts_with(&format!("baseOffset: {damaged} "));
        assert!(
            line.ends_with(if is_damaged {
                "isvalid: false"
            } else {
                "isvalid: true"
            }),
            "{line}"
        );
    }
    let position: u64 = batch_lines
        .iter()
        .find(|l| l.starts_with(&format!("baseOffset: {damaged} ")))
        .and_then(|l| l.split(" position: ").nth(1))
        .and_then(|p| p.split(' ').next())
        .and_then(|p| p.parse().ok())
        .expect("the damaged batch's line has a position");
    // Deep iteration shows the damaged record as stored, flipped byte included.
    let record = out
        .lines()
        .find(|l| l.starts_with(&format!("| offset: {damaged} ")))
        .expect("the damaged batch's record line");
    assert!(
        record.contains(&format!("payload: record-{damaged}-")),
        "{record}"
    );
    assert!(record.contains('y'), "{record}");
    // And stderr names the damaged batch once, with offset, position and cause.
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 2, "{err}");
    assert_eq!(
        lines[0],
        format!("Corrupt record batches in {seg}"),
        "{err}"
    );
    assert!(
        lines[1].starts_with(&format!(
            "  corrupt record batch at offset {damaged} (byte position {position}): record \
             batch CRC mismatch"
        )),
        "{err}"
    );
}

#[test]
fn broker_recovery_truncates_at_a_damaged_batch_and_logs_it_once() {
    use std::io::Write;
    let dir = tempfile::tempdir().unwrap();
    {
        // One segment: the six batches all lie in the active segment.
        let broker = BrokerThread::start(dir.path(), &[]);
        produce(&broker.bootstrap);
    }
    // As after a crash: no clean-shutdown marker, so the active segment is recovered.
    std::fs::remove_file(dir.path().join("logs/.kafka_cleanshutdown")).unwrap();
    let segment = oldest_segment(dir.path());
    let mut bytes = std::fs::read(&segment).unwrap();
    let found = batches(&bytes);
    assert_eq!(found.len(), RECORDS);
    let (damaged, pos, size) = found[3];
    bytes[pos + size - 10] ^= 0x01;
    std::fs::write(&segment, &bytes).unwrap();

    let port = common::free_port();
    let props = dir.path().join("server.properties");
    let mut f = std::fs::File::create(&props).unwrap();
    writeln!(
        f,
        "listeners=PLAINTEXT://127.0.0.1:{port}\nlog.dirs={}\n{}",
        dir.path().join("logs").display(),
        common::ONE_REPLICA_INTERNAL_TOPICS
    )
    .unwrap();
    let log_file = dir.path().join("broker.log");
    let log = std::fs::File::create(&log_file).unwrap();
    let child = std::process::Command::new(common::kt_path())
        .args([std::ffi::OsStr::new("server-start"), props.as_os_str()])
        .stdout(log.try_clone().unwrap())
        .stderr(log)
        .spawn()
        .unwrap();
    let mut broker = common::KtProcess(child);
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            std::time::Instant::now() < deadline,
            "kt not listening on {port}"
        );
        std::thread::sleep(Duration::from_millis(10));
    }
    let bootstrap = format!("127.0.0.1:{port}");
    let (out, err, code) = common::run_kt(
        [
            "get-offsets",
            "--bootstrap-server",
            &bootstrap,
            "--topic",
            TOPIC,
        ],
        "",
    );
    assert_eq!(
        (out.as_str(), code),
        (format!("{TOPIC}:0:{damaged}\n").as_str(), 0),
        "{err}"
    );
    broker.kill_9();
    let logged = std::fs::read_to_string(&log_file).unwrap();
    let wanted = format!(
        "{TOPIC}-0: recovery found a corrupt record batch at offset {damaged} (byte position \
         {pos}): record batch CRC mismatch"
    );
    assert_eq!(
        logged.lines().filter(|l| l.contains(&wanted)).count(),
        1,
        "{logged}"
    );
    assert!(
        logged.contains(&format!("truncating the log to offset {damaged}")),
        "{logged}"
    );
}

#[test]
fn dump_log_verifies_index_entries_against_the_segment() {
    let dir = tempfile::tempdir().unwrap();
    {
        // An index entry every batch or so.
        let broker = BrokerThread::start(dir.path(), &[("log.index.interval.bytes", "100")]);
        produce(&broker.bootstrap);
    }
    let segment = oldest_segment(dir.path());
    let index = segment.with_extension("index");
    let time_index = segment.with_extension("timeindex");
    let files = format!("{},{}", index.display(), time_index.display());
    let verify = || common::run_kt(["dump-log", "--files", &files, "--verify-index-only"], "");

    // Intact: nothing but the file names, nothing on stderr.
    let (out, err, code) = verify();
    assert_eq!((err.as_str(), code), ("", 0), "{out}");
    assert_eq!(
        out,
        format!(
            "Dumping {}\nDumping {}\n",
            index.display(),
            time_index.display()
        )
    );
    let (out, _, _) = common::run_kt(["dump-log", "--files", &files], "");
    let entries = out.lines().filter(|l| l.starts_with("offset: ")).count();
    assert!(entries >= 2, "{out}");

    // An offset index entry pointing at the wrong offset, and a time index entry with the
    // wrong timestamp: both reported on stderr in Kafka's words.
    let mut bytes = std::fs::read(&index).unwrap();
    let rel = i32::from_be_bytes(bytes[0..4].try_into().unwrap());
    bytes[0..4].copy_from_slice(&(rel + 1).to_be_bytes());
    std::fs::write(&index, &bytes).unwrap();
    let mut bytes = std::fs::read(&time_index).unwrap();
    let ts = i64::from_be_bytes(bytes[0..8].try_into().unwrap());
    bytes[0..8].copy_from_slice(&(ts + 7).to_be_bytes());
    std::fs::write(&time_index, &bytes).unwrap();

    let (out, err, code) = verify();
    assert_eq!(code, 0, "{err}");
    assert!(!out.contains("offset: "), "{out}");
    let abs = |p: &std::path::Path| std::path::absolute(p).unwrap().display().to_string();
    assert!(
        err.contains(&format!(
            "Mismatches in :{}\n  Index offset: {}, log offset: {rel}\n",
            abs(&index),
            rel + 1
        )),
        "{err}"
    );
    assert!(
        err.contains(&format!(
            "Found timestamp mismatch in :{}\n  Index timestamp: {}, log timestamp: {ts}\n",
            abs(&time_index),
            ts + 7
        )),
        "{err}"
    );
}

#[test]
fn verifiable_consumer_stops_at_a_corrupt_batch() {
    let dir = tempfile::tempdir().unwrap();
    let damaged = damaged_log(dir.path());
    let broker = BrokerThread::start(dir.path(), SMALL_SEGMENTS);
    let (out, err, code) = broker.kt(
        &[
            "verifiable-consumer",
            "--topic",
            TOPIC,
            "--group-id",
            "crc",
            "--max-messages",
            &RECORDS.to_string(),
        ],
        "",
    );
    assert_eq!(code, 1, "stdout: {out}\nstderr: {err}");
    let wanted = format!("Record batch for partition {TOPIC}-0 at offset {damaged} is invalid");
    assert!(err.contains(&wanted), "{err}");
    // Only the records before the damaged batch are reported consumed, and the run still ends
    // with its last event.
    let events: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let consumed: i64 = events
        .iter()
        .filter(|e| e["name"] == "records_consumed")
        .map(|e| e["count"].as_i64().unwrap())
        .sum();
    assert_eq!(consumed, damaged, "{out}");
    assert_eq!(events.last().unwrap()["name"], "shutdown_complete", "{out}");
}

#[test]
fn mirror_maker_stops_at_a_corrupt_batch_with_its_offset() {
    let dir = tempfile::tempdir().unwrap();
    let damaged = damaged_log(dir.path());
    let source = BrokerThread::start(dir.path(), SMALL_SEGMENTS);
    let target_dir = tempfile::tempdir().unwrap();
    let target = BrokerThread::start(target_dir.path(), &[]);
    let consumer = dir.path().join("consumer.properties");
    let producer = dir.path().join("producer.properties");
    std::fs::write(
        &consumer,
        format!(
            "bootstrap.servers={}\ngroup.id=mirror-crc\nauto.offset.reset=earliest\n",
            source.bootstrap
        ),
    )
    .unwrap();
    std::fs::write(
        &producer,
        format!("bootstrap.servers={}\n", target.bootstrap),
    )
    .unwrap();
    let mut command = common::kt_command();
    command
        .args(["mirror-maker", "--consumer.config"])
        .arg(&consumer)
        .arg("--producer.config")
        .arg(&producer)
        .args(["--include", TOPIC])
        .timeout(Duration::from_secs(60));
    let output = command.output().unwrap();
    let err = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "stderr: {err}");
    let wanted = format!("Record batch for partition {TOPIC}-0 at offset {damaged} is invalid");
    assert!(err.contains(&wanted), "{err}");
    // Nothing at or past the damaged batch reached the target.
    let (out, _, _) = target.kt(&["get-offsets", "--topic", TOPIC], "");
    let copied: i64 = out
        .lines()
        .filter_map(|l| l.strip_prefix(&format!("{TOPIC}:0:")))
        .map(|n| n.trim().parse::<i64>().unwrap())
        .sum();
    assert!(
        copied <= damaged,
        "copied {copied}, damaged at {damaged}: {out}"
    );
}
