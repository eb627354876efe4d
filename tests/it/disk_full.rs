//! Full disks and failed log directories, on real small file systems (a tmpfs per test;
//! skipped with a message where mounting is not permitted): the broker logs each failed
//! append with its directory and takes the directory offline as Kafka does, keeps every
//! acknowledged record, restarts on the full disk, frees space when a topic is deleted, keeps
//! serving from healthy directories, shows the offline one in `kt log-dirs --describe`, and
//! exits non-zero when its shutdown could not be clean.

use std::collections::BTreeMap;
use std::fs::File;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use kafka_protocol::messages::metadata_request::MetadataRequestTopic;
use kafka_protocol::messages::{MetadataRequest, TopicName};
use kafka_protocol::protocol::StrBytes;
use rdkafka::consumer::{BaseConsumer, Consumer};
use rdkafka::error::KafkaError;
use rdkafka::producer::{FutureProducer, FutureRecord};
use rdkafka::types::RDKafkaErrorCode;
use rdkafka::{Message, Offset, TopicPartitionList};

use crate::common::{self, KtProcess, Tmpfs};

/// Records acknowledged by the broker: offset → value.
type Acked = BTreeMap<i64, String>;

/// `kt server-start` on `port` over `log_dirs`, its stdout and stderr in `log`, once it listens.
fn start(port: u16, log_dirs: &str, log: &Path) -> KtProcess {
    let out = File::create(log).unwrap();
    let child = Command::new(common::kt_path())
        .arg("server-start")
        .args([
            "--override",
            &format!("listeners=PLAINTEXT://127.0.0.1:{port}"),
        ])
        .args(["--override", &format!("log.dirs={log_dirs}")])
        .args(common::one_replica_overrides())
        .stdout(Stdio::from(out.try_clone().unwrap()))
        .stderr(Stdio::from(out))
        .spawn()
        .unwrap();
    let mut process = KtProcess(child);
    let deadline = Instant::now() + Duration::from_secs(20);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        if let Ok(Some(status)) = process.0.try_wait() {
            panic!("the broker exited with {status}: {}", read(log));
        }
        assert!(
            Instant::now() < deadline,
            "broker not listening: {}",
            read(log)
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    process
}

/// Stops the broker as an operator does (SIGTERM) and returns its exit code.
fn stop(process: &mut KtProcess) -> i32 {
    // SAFETY: signalling our own child by its pid.
    unsafe { libc::kill(process.0.id() as i32, libc::SIGTERM) };
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        if let Some(status) = process.0.try_wait().unwrap() {
            return status.code().unwrap_or(-1);
        }
        assert!(Instant::now() < deadline, "the broker did not stop");
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_default()
}

fn kt_ok(args: &[&str]) -> String {
    let (out, err, code) = common::run_kt(args, "");
    assert_eq!(code, 0, "kt {args:?}: {out}{err}");
    out
}

fn producer(bootstrap: &str) -> FutureProducer {
    common::client(bootstrap)
        .set("acks", "all")
        // A refused append is reported at once instead of retried until the timeout.
        .set("retries", "0")
        .set("batch.size", "16384")
        .set("linger.ms", "2")
        .set("message.timeout.ms", "10000")
        .create()
        .unwrap()
}

/// Sends `count` records of about 1 KiB to `topic`-`partition`, numbered from `first`, all in
/// flight at once; returns the acknowledged ones and the errors of the others.
fn produce(
    rt: &tokio::runtime::Runtime,
    producer: &FutureProducer,
    topic: &str,
    partition: i32,
    first: usize,
    count: usize,
) -> (Acked, Vec<RDKafkaErrorCode>) {
    rt.block_on(async {
        let values: Vec<String> = (first..first + count)
            .map(|i| format!("{topic}-{partition}-{i:08}-{}", "x".repeat(1000)))
            .collect();
        let sends = values.iter().map(|value| {
            producer.send(
                FutureRecord::<(), _>::to(topic)
                    .partition(partition)
                    .payload(value),
                Duration::from_secs(10),
            )
        });
        let results = futures::future::join_all(sends).await;
        let mut acked = Acked::new();
        let mut errors = Vec::new();
        for (value, result) in values.iter().zip(results) {
            match result {
                Ok(delivery) => {
                    acked.insert(delivery.offset, value.clone());
                }
                Err((KafkaError::MessageProduction(code), _)) => errors.push(code),
                Err((e, _)) => panic!("unexpected produce error: {e}"),
            }
        }
        (acked, errors)
    })
}

/// Produces to `topic`-`partition` until the broker refuses (a full disk), at most ~40 MiB.
fn fill(rt: &tokio::runtime::Runtime, bootstrap: &str, topic: &str, partition: i32) -> Acked {
    let producer = producer(bootstrap);
    let mut acked = Acked::new();
    for round in 0..200 {
        let (ok, errors) = produce(rt, &producer, topic, partition, round * 200, 200);
        acked.extend(ok);
        if !errors.is_empty() {
            assert!(
                errors.contains(&RDKafkaErrorCode::KafkaStorageError),
                "{errors:?}"
            );
            assert!(
                !acked.is_empty(),
                "nothing was acknowledged before the disk filled"
            );
            return acked;
        }
    }
    panic!("the disk never filled");
}

/// Every record of `topic`-`partition`, read from the beginning to the end.
fn consume(bootstrap: &str, topic: &str, partition: i32) -> Acked {
    let consumer: BaseConsumer = common::client(bootstrap)
        .set("group.id", "disk-full-check")
        .set("enable.auto.commit", "false")
        .set("enable.partition.eof", "true")
        .create()
        .unwrap();
    let mut tpl = TopicPartitionList::new();
    tpl.add_partition_offset(topic, partition, Offset::Beginning)
        .unwrap();
    consumer.assign(&tpl).unwrap();
    let mut records = Acked::new();
    let deadline = Instant::now() + Duration::from_secs(30);
    while Instant::now() < deadline {
        match consumer.poll(Duration::from_millis(500)) {
            Some(Ok(m)) => {
                let value = String::from_utf8(m.payload().unwrap().to_vec()).unwrap();
                assert!(
                    records.insert(m.offset(), value).is_none(),
                    "offset {} twice",
                    m.offset()
                );
            }
            Some(Err(KafkaError::PartitionEOF(_))) => return records,
            Some(Err(e)) => panic!("consuming {topic}-{partition}: {e}"),
            None => {}
        }
    }
    panic!("{topic}-{partition} not read to its end in time");
}

/// Every acknowledged record is in the log, at its offset, with its value.
fn assert_kept(acked: &Acked, stored: &Acked, what: &str) {
    for (offset, value) in acked {
        assert_eq!(
            stored.get(offset),
            Some(value),
            "{what}: acknowledged offset {offset} lost ({} acknowledged, {} stored)",
            acked.len(),
            stored.len()
        );
    }
}

/// Each partition of `topic` with the brokers Metadata (v12) names as its offline replicas.
fn offline_replicas(port: u16, topic: &'static str) -> Vec<(i32, Vec<i32>)> {
    let mut client = common::raw::Client::connect(([127, 0, 0, 1], port).into());
    let metadata = client.call(
        12,
        &MetadataRequest::default().with_topics(Some(vec![MetadataRequestTopic::default()
            .with_name(Some(TopicName(StrBytes::from_static_str(topic))))])),
    );
    metadata.topics[0]
        .partitions
        .iter()
        .map(|p| {
            (
                p.partition_index,
                p.offline_replicas.iter().map(|b| b.0).collect(),
            )
        })
        .collect()
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap()
}

/// One log directory on a 4 MiB disk, filled by producing: the failed append is logged with
/// the directory, the directory goes offline (kt log-dirs shows it), the shutdown says it was
/// not clean, the broker restarts on the full disk with every acknowledged record, and
/// deleting the topic frees the space for new writes.
#[test]
fn a_full_disk_keeps_what_was_acknowledged_restarts_and_deleting_frees_it() {
    let root = tempfile::tempdir().unwrap();
    let Some(disk) = Tmpfs::mount(&root.path().join("disk"), "4m") else {
        return;
    };
    let logs = disk.path().join("logs");
    let logs_text = logs.display().to_string();
    let port = common::free_port();
    let bootstrap = format!("127.0.0.1:{port}");
    let rt = runtime();
    let first_log = root.path().join("first.log");
    let mut broker = start(port, &logs_text, &first_log);
    kt_ok(&[
        "topics",
        "--create",
        "--topic",
        "full",
        "--bootstrap-server",
        &bootstrap,
    ]);

    let acked = fill(&rt, &bootstrap, "full", 0);
    let log = read(&first_log);
    assert!(
        log.contains(&format!(
            "Error while appending records to full-0 in dir {logs_text}"
        )) && log.contains("No space left on device"),
        "{log}"
    );
    assert!(
        log.contains(&format!("Stopping serving logs in dir {logs_text}")),
        "{log}"
    );
    // Offline: refused without touching the disk, and logged (rate-limited, not per record).
    let (more, errors) = produce(&rt, &producer(&bootstrap), "full", 0, 1_000_000, 20);
    assert!(more.is_empty());
    assert!(errors
        .iter()
        .all(|e| *e == RDKafkaErrorCode::KafkaStorageError));
    let out = kt_ok(&["log-dirs", "--describe", "--bootstrap-server", &bootstrap]);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[0], "Querying brokers for log directories information");
    assert_eq!(
        lines[1],
        "Received log directory information from brokers 0"
    );
    assert_eq!(
        lines[2],
        format!(
            "{{\"brokers\":[{{\"broker\":0,\"logDirs\":[{{\"partitions\":[],\"error\":\
             \"org.apache.kafka.common.errors.KafkaStorageException\",\"logDir\":\"{logs_text}\"}}]}}],\
             \"version\":1}}"
        )
    );
    assert_eq!(
        stop(&mut broker),
        1,
        "an offline dir is not a clean shutdown"
    );
    assert!(read(&first_log).contains("shutting down the logs failed"));

    // The disk is still full: the broker starts all the same, with every acknowledged record.
    let full = disk.free_bytes();
    assert!(full < 64 * 1024, "{full} bytes free");
    let second_log = root.path().join("second.log");
    let mut broker = start(port, &logs_text, &second_log);
    let stored = consume(&bootstrap, "full", 0);
    assert_kept(&acked, &stored, "after the restart on a full disk");
    println!(
        "{} records acknowledged before the disk filled, {} stored",
        acked.len(),
        stored.len()
    );

    // Deleting the topic makes room, and the broker takes writes again.
    kt_ok(&[
        "topics",
        "--delete",
        "--topic",
        "full",
        "--bootstrap-server",
        &bootstrap,
    ]);
    let deadline = Instant::now() + Duration::from_secs(10);
    while disk.free_bytes() < full + 2 * 1024 * 1024 {
        assert!(
            Instant::now() < deadline,
            "{} bytes free",
            disk.free_bytes()
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    kt_ok(&[
        "topics",
        "--create",
        "--topic",
        "after",
        "--bootstrap-server",
        &bootstrap,
    ]);
    let (ok, errors) = produce(&rt, &producer(&bootstrap), "after", 0, 0, 100);
    assert!(errors.is_empty() && ok.len() == 100, "{errors:?}");
    let code = stop(&mut broker);
    let log = read(&second_log);
    assert_eq!(code, 0, "{log}");
    assert!(!log.contains("shutting down the logs failed"), "{log}");
}

/// Two log directories, the second on a 1 MiB disk that fills: it goes offline and its
/// partition answers KAFKA_STORAGE_ERROR while the partition in the healthy directory keeps
/// taking writes, new partitions go to the healthy one, `kt log-dirs --describe` shows the
/// error, and after a restart every acknowledged record of both is there.
#[test]
fn a_failed_log_dir_goes_offline_and_the_healthy_one_keeps_serving() {
    let root = tempfile::tempdir().unwrap();
    let Some(small) = Tmpfs::mount(&root.path().join("small"), "1m") else {
        return;
    };
    let big = root.path().join("big");
    let small_logs = small.path().join("logs");
    let (big_text, small_text) = (big.display().to_string(), small_logs.display().to_string());
    let log_dirs = format!("{big_text},{small_text}");
    let port = common::free_port();
    let bootstrap = format!("127.0.0.1:{port}");
    let rt = runtime();
    let first_log = root.path().join("first.log");
    let mut broker = start(port, &log_dirs, &first_log);
    kt_ok(&[
        "topics",
        "--create",
        "--topic",
        "two",
        "--partitions",
        "2",
        "--bootstrap-server",
        &bootstrap,
    ]);
    assert!(big.join("two-0").is_dir() && small_logs.join("two-1").is_dir());

    let acked_small = fill(&rt, &bootstrap, "two", 1);
    let log = read(&first_log);
    assert!(
        log.contains(&format!(
            "Error while appending records to two-1 in dir {small_text}"
        )),
        "{log}"
    );
    let producer = producer(&bootstrap);
    let (acked_big, errors) = produce(&rt, &producer, "two", 0, 0, 300);
    assert!(errors.is_empty() && acked_big.len() == 300, "{errors:?}");
    let (refused, errors) = produce(&rt, &producer, "two", 1, 1_000_000, 5);
    assert!(refused.is_empty());
    assert_eq!(errors, vec![RDKafkaErrorCode::KafkaStorageError; 5]);

    // Metadata names this broker an offline replica of the partition in the failed dir.
    assert_eq!(
        offline_replicas(port, "two"),
        vec![(0, vec![]), (1, vec![0])]
    );

    let out = kt_ok(&["log-dirs", "--describe", "--bootstrap-server", &bootstrap]);
    let json = out.lines().nth(2).unwrap();
    let big_size = big
        .join("two-0")
        .join("00000000000000000000.log")
        .metadata()
        .unwrap()
        .len();
    assert_eq!(
        json,
        format!(
            "{{\"brokers\":[{{\"broker\":0,\"logDirs\":[{{\"partitions\":[{{\"partition\":\"two-0\",\
             \"size\":{big_size},\"offsetLag\":0,\"isFuture\":false}}],\"error\":null,\"logDir\":\
             \"{big_text}\"}},{{\"partitions\":[],\"error\":\
             \"org.apache.kafka.common.errors.KafkaStorageException\",\"logDir\":\"{small_text}\"}}]}}],\
             \"version\":1}}"
        )
    );
    let (_, err, code) = common::run_kt(
        [
            "log-dirs",
            "--describe",
            "--bootstrap-server",
            &bootstrap,
            "--broker-list",
            "5",
        ],
        "",
    );
    assert_eq!(code, 1);
    assert_eq!(
        err,
        "ERROR: The given brokers do not exist from --broker-list: 5. Current existent brokers: 0\n"
    );
    // New partitions go to the healthy directory only.
    kt_ok(&[
        "topics",
        "--create",
        "--topic",
        "later",
        "--partitions",
        "2",
        "--bootstrap-server",
        &bootstrap,
    ]);
    assert!(big.join("later-0").is_dir() && big.join("later-1").is_dir());
    assert!(!small_logs.join("later-1").exists());
    assert_eq!(
        stop(&mut broker),
        1,
        "an offline dir is not a clean shutdown"
    );

    let mut broker = start(port, &log_dirs, &root.path().join("second.log"));
    assert_kept(&acked_small, &consume(&bootstrap, "two", 1), "two-1");
    assert_kept(&acked_big, &consume(&bootstrap, "two", 0), "two-0");
    stop(&mut broker);
}

/// A log directory that cannot be opened at start-up (here: its path is a file, as after a
/// failed mount) goes offline and the broker starts with the others, as Kafka does: the
/// partitions that were in it answer KAFKA_STORAGE_ERROR and are not created anew in the
/// healthy directory (which would fork them), and once the directory is back every
/// acknowledged record is there.
#[test]
fn a_log_dir_that_cannot_be_opened_at_start_up_stays_offline_while_the_others_serve() {
    let root = tempfile::tempdir().unwrap();
    let (a, b) = (root.path().join("a"), root.path().join("b"));
    let (a_text, b_text) = (a.display().to_string(), b.display().to_string());
    let log_dirs = format!("{a_text},{b_text}");
    let port = common::free_port();
    let bootstrap = format!("127.0.0.1:{port}");
    let rt = runtime();
    let mut broker = start(port, &log_dirs, &root.path().join("first.log"));
    kt_ok(&[
        "topics",
        "--create",
        "--topic",
        "two",
        "--partitions",
        "2",
        "--bootstrap-server",
        &bootstrap,
    ]);
    assert!(a.join("two-0").is_dir() && b.join("two-1").is_dir());
    let first = producer(&bootstrap);
    let (acked_a, errors_a) = produce(&rt, &first, "two", 0, 0, 50);
    let (acked_b, errors_b) = produce(&rt, &first, "two", 1, 0, 50);
    assert!(errors_a.is_empty() && errors_b.is_empty());
    drop(first);
    assert_eq!(stop(&mut broker), 0);

    let saved = root.path().join("b.saved");
    std::fs::rename(&b, &saved).unwrap();
    std::fs::write(&b, b"a failed mount").unwrap();
    let second_log = root.path().join("second.log");
    let mut broker = start(port, &log_dirs, &second_log);
    let log = read(&second_log);
    assert!(
        log.contains(&format!(
            "Failed to create or validate data directory in dir {b_text}"
        )),
        "{log}"
    );
    assert!(
        log.contains(&format!(
            "Can not create log for two-1 because log directories {b_text} are offline"
        )),
        "{log}"
    );
    let producer = producer(&bootstrap);
    let (more_a, errors) = produce(&rt, &producer, "two", 0, 50, 10);
    assert!(errors.is_empty() && more_a.len() == 10, "{errors:?}");
    let (refused, errors) = produce(&rt, &producer, "two", 1, 50, 3);
    assert!(refused.is_empty());
    assert_eq!(errors, vec![RDKafkaErrorCode::KafkaStorageError; 3]);
    drop(producer);
    assert!(
        !a.join("two-1").exists(),
        "two-1 was created anew in {a_text}"
    );

    assert_eq!(
        offline_replicas(port, "two"),
        vec![(0, vec![]), (1, vec![0])]
    );
    let out = kt_ok(&["log-dirs", "--describe", "--bootstrap-server", &bootstrap]);
    assert!(
        out.contains(&format!(
            "\"error\":\"org.apache.kafka.common.errors.KafkaStorageException\",\"logDir\":\"{b_text}\""
        )),
        "{out}"
    );
    assert_eq!(
        stop(&mut broker),
        1,
        "an offline dir is not a clean shutdown"
    );

    std::fs::remove_file(&b).unwrap();
    std::fs::rename(&saved, &b).unwrap();
    let mut broker = start(port, &log_dirs, &root.path().join("third.log"));
    let mut all_a = acked_a;
    all_a.extend(more_a);
    assert_kept(&all_a, &consume(&bootstrap, "two", 0), "two-0");
    assert_kept(&acked_b, &consume(&bootstrap, "two", 1), "two-1");
    assert_eq!(stop(&mut broker), 0);
}
