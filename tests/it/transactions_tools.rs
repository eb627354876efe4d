//! `kt transactions` (kafka-transactions.sh) against a broker with an open transaction of
//! librdkafka's transactional producer and a hanging one, and the console producer's
//! transactions read back by the console consumer with read_committed.

use crate::common;
use crate::common::raw;

use std::time::Duration;

use kafka_protocol::messages::{InitProducerIdRequest, ProducerId, TransactionalId};
use kafka_protocol::protocol::StrBytes;
use rdkafka::producer::{BaseRecord, Producer};

use crate::common::transactional::{isolated_reader, read_values, transactional_producer};

const TIMEOUT: Duration = Duration::from_secs(20);

/// `kt transactions --bootstrap-server <b> <args>`: (stdout, stderr, exit code).
fn transactions(bootstrap: &str, args: &[&str]) -> (String, String, i32) {
    let mut all = vec!["transactions", "--bootstrap-server", bootstrap];
    all.extend_from_slice(args);
    common::run_kt(all, "")
}

/// A table's data rows, each split into its cells (Kafka's tool pads them and ends each
/// with a TAB).
fn rows(table: &str) -> Vec<Vec<String>> {
    table
        .lines()
        .skip(1)
        .map(|l| l.split('\t').map(|c| c.trim().to_string()).collect())
        .collect()
}

/// The values read_committed reads from t-0 within a short wait.
fn read_committed(bootstrap: &str) -> Vec<String> {
    let consumer = isolated_reader(bootstrap, "t", 1, "read_committed");
    read_values(&consumer, usize::MAX, Duration::from_secs(2))
}

/// A transactional batch of one record, written `age_ms` ago.
fn txn_batch(producer_id: i64, epoch: i16, age_ms: i64) -> bytes::Bytes {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as i64;
    let ghost = bytes::Bytes::from_static(b"ghost");
    raw::producer_batch(producer_id, epoch, 0, true, now - age_ms, &[ghost])
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn kt_transactions_lists_describes_finds_and_aborts_a_hanging_transaction() {
    let dir = tempfile::tempdir().unwrap();
    // Without KIP-890's verification a producer may write to a partition its transaction
    // never added: the way a transaction hangs (the coordinator will never end it there).
    let broker = common::start_broker(
        dir.path(),
        &[
            ("transaction.state.log.num.partitions", "3"),
            ("transaction.partition.verification.enable", "false"),
        ],
    )
    .await;
    let bootstrap = broker.bootstrap();
    common::create_topic(&bootstrap, "t", 1).await;
    let addr = broker.addr();
    let b = bootstrap.clone();
    tokio::task::spawn_blocking(move || {
        let producer = transactional_producer(&b, "open-tx");
        producer.init_transactions(TIMEOUT).unwrap();
        producer.begin_transaction().unwrap();
        producer
            .send(BaseRecord::<(), _>::to("t").payload("first").partition(0))
            .map_err(|(e, _)| e)
            .unwrap();
        producer.flush(TIMEOUT).unwrap();

        // list: the open transaction at its coordinator.
        let (out, err, code) = transactions(&b, &["list"]);
        assert_eq!((code, err.as_str()), (0, ""), "{out}");
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(
            lines[0],
            "TransactionalId\tCoordinator\tProducerId\tTransactionState\t"
        );
        let listed = rows(&out);
        assert_eq!(listed.len(), 1, "{out}");
        assert_eq!(listed[0][0], "open-tx");
        assert_eq!(listed[0][3], "Ongoing");
        let (coordinator, producer_id) = (listed[0][1].clone(), listed[0][2].clone());
        assert_eq!(
            lines[1],
            format!("open-tx        \t{coordinator:<11}\t{producer_id:<10}\tOngoing         \t")
        );

        // describe: its state, timeout and partition.
        let (out, err, code) = transactions(&b, &["describe", "--transactional-id", "open-tx"]);
        assert_eq!((code, err.as_str()), (0, ""), "{out}");
        assert_eq!(
            out.lines().next().unwrap(),
            "CoordinatorId\tTransactionalId\tProducerId\tProducerEpoch\tTransactionState\t\
             TransactionTimeoutMs\tCurrentTransactionStartTimeMs\tTransactionDurationMs\t\
             TopicPartitions\t"
        );
        let described = &rows(&out)[0];
        assert_eq!(described[0], coordinator);
        assert_eq!(
            described[1..6],
            [
                "open-tx".to_string(),
                producer_id.clone(),
                "0".into(),
                "Ongoing".into(),
                "30000".into()
            ]
        );
        let started: i64 = described[6].parse().unwrap();
        let duration: i64 = described[7].parse().unwrap();
        assert!(started > 0 && (0..60_000).contains(&duration), "{out}");
        assert_eq!(described[8], "t-0");

        // describe of an unknown id: Kafka's line on stderr, exit 1.
        let (out, err, code) = transactions(&b, &["describe", "--transactional-id", "missing"]);
        assert_eq!((code, out.as_str()), (1, ""));
        assert_eq!(
            err,
            "Failed to describe transaction state of transactional-id `missing`: \
             DescribeTransactions request for transactionalId `missing` failed because the ID \
             could not be found. Enable debug logging for additional detail.\n"
        );

        // describe-producers: the producer, its open transaction starting at offset 0.
        let (out, err, code) = transactions(
            &b,
            &["describe-producers", "--topic", "t", "--partition", "0"],
        );
        assert_eq!((code, err.as_str()), (0, ""), "{out}");
        assert_eq!(
            out.lines().next().unwrap(),
            "ProducerId\tProducerEpoch\tLatestCoordinatorEpoch\tLastSequence\tLastTimestamp\t\
             CurrentTransactionStartOffset\t"
        );
        let producers = rows(&out);
        assert_eq!(producers.len(), 1, "{out}");
        assert_eq!(producers[0][0], producer_id);
        assert_eq!(producers[0][1..4], ["0", "-1", "0"]);
        let last_timestamp: i64 = producers[0][4].parse().unwrap();
        assert!((started - 60_000..started + 60_000).contains(&last_timestamp));
        assert_eq!(producers[0][5], "0");
        producer.commit_transaction(TIMEOUT).unwrap();
        // Once its commit marker is written, the producer carries the coordinator's epoch
        // (that of the single broker's `__transaction_state` partition: 0) and no open
        // transaction.
        let (out, _, _) = transactions(
            &b,
            &["describe-producers", "--topic", "t", "--partition", "0"],
        );
        let producers = rows(&out);
        assert_eq!(producers[0][2], "0", "{out}");
        assert_eq!(producers[0][5], "None", "{out}");

        // A producer of its own id writes to t-0 (offset 2) without adding it to a
        // transaction, two minutes ago by its timestamp: that transaction hangs.
        let mut client = raw::Client::connect(addr);
        let init = client.call(
            3,
            &InitProducerIdRequest::default()
                .with_transactional_id(Some(TransactionalId(StrBytes::from_static_str("ghost-tx"))))
                .with_transaction_timeout_ms(60_000)
                .with_producer_id(ProducerId(-1))
                .with_producer_epoch(-1),
        );
        assert_eq!(init.error_code, 0);
        let ghost = init.producer_id.0;
        let produced = client.call(
            9,
            &raw::produce_request(
                Some("ghost-tx"),
                "t",
                txn_batch(ghost, init.producer_epoch, 150_000),
            ),
        );
        let p = &produced.responses[0].partition_responses[0];
        assert_eq!((p.error_code, p.base_offset), (0, 2));

        // The next transaction of open-tx is open too, but its coordinator will end it.
        producer.begin_transaction().unwrap();
        producer
            .send(BaseRecord::<(), _>::to("t").payload("after").partition(0))
            .map_err(|(e, _)| e)
            .unwrap();
        producer.flush(TIMEOUT).unwrap();
        let (out, err, code) = transactions(
            &b,
            &[
                "find-hanging",
                "--broker-id",
                &coordinator,
                "--max-transaction-timeout",
                "0",
            ],
        );
        assert_eq!((code, err.as_str()), (0, ""), "{out}");
        assert_eq!(
            out.lines().next().unwrap(),
            "Topic\tPartition\tProducerId\tProducerEpoch\tCoordinatorEpoch\tStartOffset\t\
             LastTimestamp\tDuration(min)\t"
        );
        let hanging = rows(&out);
        assert_eq!(hanging.len(), 1, "{out}");
        assert_eq!(
            hanging[0][..6],
            [
                "t".to_string(),
                "0".into(),
                ghost.to_string(),
                init.producer_epoch.to_string(),
                "-1".into(),
                "2".into()
            ]
        );
        assert_eq!(hanging[0][7], "2", "150 s ago: {out}");
        // Within the default 15 minutes it does not count as hanging yet.
        let (out, _, code) = transactions(&b, &["find-hanging", "--topic", "t"]);
        assert_eq!((code, rows(&out).len()), (0, 0), "{out}");
        producer.commit_transaction(TIMEOUT).unwrap();

        // The hanging transaction holds read_committed readers before it; get-offsets asks
        // for READ_UNCOMMITTED offsets as Kafka's tool does: the high watermark, past it.
        assert_eq!(read_committed(&b), ["first"]);
        let (out, _, code) = common::run_kt(
            [
                "get-offsets",
                "--bootstrap-server",
                b.as_str(),
                "--topic",
                "t",
            ],
            "",
        );
        assert_eq!((code, out.as_str()), (0, "t:0:5\n"));

        let (_, err, code) = transactions(
            &b,
            &[
                "abort",
                "--topic",
                "t",
                "--partition",
                "0",
                "--start-offset",
                "9",
            ],
        );
        assert_eq!(code, 1);
        assert_eq!(
            err,
            "Could not find any open transactions starting at offset 9 on partition t-0\n"
        );
        let (out, err, code) = transactions(
            &b,
            &[
                "abort",
                "--topic",
                "t",
                "--partition",
                "0",
                "--start-offset",
                "2",
            ],
        );
        assert_eq!((code, out.as_str(), err.as_str()), (0, "", ""));

        // Aborted: read_committed readers pass it, and nothing hangs any more.
        assert_eq!(read_committed(&b), ["first", "after"]);
        let (out, _, code) = transactions(
            &b,
            &[
                "find-hanging",
                "--topic",
                "t",
                "--partition",
                "0",
                "--max-transaction-timeout",
                "0",
            ],
        );
        assert_eq!((code, rows(&out).len()), (0, 0), "{out}");
    })
    .await
    .unwrap();
    broker.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn console_producer_commits_each_batch_and_read_committed_skips_an_aborted_one() {
    let dir = tempfile::tempdir().unwrap();
    let broker =
        common::start_broker(dir.path(), &[("transaction.state.log.num.partitions", "3")]).await;
    let bootstrap = broker.bootstrap();
    common::create_topic(&bootstrap, "lines", 1).await;
    let b = bootstrap.clone();
    tokio::task::spawn_blocking(move || {
        let config = tempfile::NamedTempFile::new().unwrap();
        std::fs::write(config.path(), "transactional.id=console-tx\n").unwrap();
        let produce = |args: &[&str], stdin: &str| {
            let mut all = vec![
                "console-producer",
                "--bootstrap-server",
                b.as_str(),
                "--topic",
                "lines",
                "--property",
                "parse.key=true",
                "--property",
                "key.separator=:",
            ];
            all.extend_from_slice(args);
            common::run_kt(all, stdin)
        };
        let (_, err, code) = produce(
            &["--producer-property", "transactional.id=console-tx"],
            "k:one\nk:two\n",
        );
        assert_eq!((code, err.as_str()), (0, ""));
        // A line without a key separator fails the run: its transaction is aborted.
        let path = config.path().to_str().unwrap();
        let (_, err, code) = produce(&["--producer.config", path], "k:three\nbroken\n");
        assert_eq!(code, 1, "{err}");
        assert!(
            err.contains("No key separator found on line number 2"),
            "{err}"
        );
        let (_, err, code) = produce(&["--producer.config", path], "k:four\n");
        assert_eq!((code, err.as_str()), (0, ""));

        let consume = |args: &[&str]| {
            let mut all = vec![
                "console-consumer",
                "--bootstrap-server",
                b.as_str(),
                "--topic",
                "lines",
                "--from-beginning",
                "--timeout-ms",
                "2000",
            ];
            all.extend_from_slice(args);
            common::run_kt(all, "").0
        };
        assert_eq!(
            consume(&["--consumer-property", "isolation.level=read_committed"]),
            "one\ntwo\nfour\n"
        );
        assert_eq!(
            consume(&["--isolation-level", "read_committed"]),
            "one\ntwo\nfour\n"
        );
        assert_eq!(consume(&[]), "one\ntwo\nthree\nfour\n");
    })
    .await
    .unwrap();
    broker.shutdown().await;
}
